#!/usr/bin/env python
"""concurrentsessions written the way a Splunk developer would with splunklib.searchcommands.

The same result as
    stats min(_time) as firstTime max(_time) as lastTime values(src_ip) as ips
          values(user_agent) as user_agents by Operation, user, SessionId
    | where mvcount(ips) > 1
as a ReportingCommand: map() folds each chunk of events into partial per-session rows,
reduce() merges events or partial rows and emits the sessions seen from two or more IPs.

This is the benchmark's reference peer, not shipped code. One departure from the SDK's
textbook shape, and why: the SDK calls reduce() once per execute chunk, so a reduce that
yields as it goes reports each 50,000-row chunk separately (wrong as soon as there are two
chunks). carry=true (default) keeps the state on the command across chunks and yields only
on the chunk splunkd marks finished; carry=false is the textbook per-chunk reduce, kept to
show the bug.
"""
import os
import sys

from splunklib.searchcommands import Configuration, Option, ReportingCommand, dispatch, validators

KEY_FIELDS = ("Operation", "user", "SessionId")
INPUT_FIELDS = ["_time", "Operation", "user", "SessionId", "src_ip", "user_agent"]


def _values(value):
    """A field as the SDK hands it over: None, a str, or a list for a multivalue field."""
    if value is None or value == "":
        return ()
    if isinstance(value, list):
        return [v for v in value if v]
    return (value,)


class SessionState:
    __slots__ = ("first", "last", "ips", "agents")

    def __init__(self):
        self.first = None
        self.last = None
        self.ips = set()
        self.agents = set()

    def add_time(self, first, last):
        if first is not None and (self.first is None or first < self.first):
            self.first = first
        if last is not None and (self.last is None or last > self.last):
            self.last = last


def _time(value):
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or value == "":
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _fold(sessions, records):
    """Fold raw events (src_ip, user_agent, _time) or partial rows (ips, user_agents,
    firstTime, lastTime) into sessions keyed by (Operation, user, SessionId)."""
    for record in records:
        key = tuple(record.get(f) for f in KEY_FIELDS)
        if not all(key):
            continue  # stats drops a record lacking any by-field
        if any(isinstance(k, list) for k in key):
            key = tuple(k[0] if isinstance(k, list) else k for k in key)
        state = sessions.get(key)
        if state is None:
            state = sessions[key] = SessionState()
        if "ips" in record or "firstTime" in record:
            state.add_time(_time(record.get("firstTime")), _time(record.get("lastTime")))
            state.ips.update(_values(record.get("ips")))
            state.agents.update(_values(record.get("user_agents")))
        else:
            t = _time(record.get("_time"))
            state.add_time(t, t)
            state.ips.update(_values(record.get("src_ip")))
            state.agents.update(_values(record.get("user_agent")))


def _format_time(t):
    return "" if t is None else repr(t)


def _rows(sessions, keep):
    for key in sorted(sessions):
        state = sessions[key]
        if not keep(state):
            continue
        yield {
            "Operation": key[0],
            "user": key[1],
            "SessionId": key[2],
            "firstTime": _format_time(state.first),
            "lastTime": _format_time(state.last),
            "ips": sorted(state.ips),
            "user_agents": sorted(state.agents),
        }


@Configuration(requires_preop=True, required_fields=INPUT_FIELDS)
class ConcurrentSessionsCommand(ReportingCommand):
    """Sessions (Operation, user, SessionId) used from more than one source IP."""

    carry = Option(
        doc="**Syntax:** carry=<bool> **Description:** keep state across chunks (default true)",
        require=False, default=True, validate=validators.Boolean())

    @Configuration(required_fields=INPUT_FIELDS)
    def map(self, records):
        sessions = {}
        _fold(sessions, records)
        yield from _rows(sessions, lambda state: True)

    def reduce(self, records):
        if not self.carry:
            sessions = {}
            _fold(sessions, records)
            yield from _rows(sessions, lambda state: len(state.ips) > 1)
            return
        sessions = self.__dict__.setdefault("_sessions", {})
        _fold(sessions, records)
        if self.metadata.finished:
            yield from _rows(sessions, lambda state: len(state.ips) > 1)


dispatch(ConcurrentSessionsCommand, sys.argv, sys.stdin, sys.stdout, __name__)
