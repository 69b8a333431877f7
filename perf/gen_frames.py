#!/usr/bin/env python3
"""Seeded generator of a splunkd-style SCP v2 input stream for concurrentsessions.

Writes what splunkd would send to a reporting command that declared required_fields
[_time, Operation, user, SessionId, src_ip, user_agent]: a getinfo chunk (a realistic
searchinfo with a dummy session key), then execute chunks of --chunk rows, the last with
finished:true. The CSV is splunkd's: LF line ends, a `__mv_` column for every field, and
cells quoted unless they are purely alphanumeric (as in the real captures).

Sessions: a pool of --active concurrent sessions; each event picks a random live session;
a session lives for a geometric number of events (mean --per-session) and then is replaced.
Most sessions use one IP; some two (phone on Wi-Fi then cellular), a few 3-4 (the AiTM
replay case plus proxies); ~2% of events lack a SessionId (older records), ~0.1% carry a
multivalue src_ip. --split k writes k part files (round-robin by event) to simulate k
indexers, each a full stream of its own with phase=map in its args.

--mix noisy is a tenant as the seed detection sees it: ~40% of sessions flagged (phone
hand-offs, dual-stack laptops, proxies), 5% of events with a multivalue src_ip, a third of the
addresses IPv6, user agents holding quotes, commas, newlines, dollar signs and non-ASCII text
(emoji and fullwidth forms, whose UTF-16 and code point orders differ), some non-ASCII user
names, and a few proxy-pool sessions with hundreds of addresses (2% of the events).
--expect FILE writes the expected result rows computed from the generated events themselves
(no CSV parsing), for checking both commands.
"""
import argparse
import json
import os
import random
import sys

FIELDS = ["_time", "Operation", "SessionId", "src_ip", "user", "user_agent"]
EXTRA = ["Workload", "host", "index", "source", "sourcetype"]

# Shared with the Java FindingAssemblyHarness: what real sign-in logs carry, hostile text included.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "user_agents.json"), encoding="utf-8") as _f:
    _agents = json.load(_f)
AGENTS, HOSTILE_AGENTS = _agents["plain"], _agents["hostile"]
OPERATIONS = ["UserLoggedIn"] * 19 + ["UserLoginFailed"]
NOISY_USERS = ["j\u00fcrgen.m\u00fcller", "zo\u00eb.o'brien", "\u0430\u043d\u043d\u0430", "\u674e\u96f7"]


def cell(value):
    if value is None or value == "":
        return ""
    if value.isalnum() and value.isascii():
        return value
    return '"' + value.replace('"', '""') + '"'


def frame(meta, body=b""):
    m = json.dumps(meta, separators=(",", ":")).encode()
    return b"chunked 1.0,%d,%d\n" % (len(m), len(body)) + m + body


def getinfo(args, dispatch_dir, now):
    return frame({
        "action": "getinfo", "preview": False, "streaming_command_will_restart": False,
        "searchinfo": {
            "args": args, "raw_args": args, "dispatch_dir": dispatch_dir,
            "sid": "scheduler__admin__search__RMD5perf_at_%d_1" % now, "app": "search",
            "owner": "admin", "username": "admin",
            "session_key": "dummy-session-key-not-a-secret",
            "splunkd_uri": "https://127.0.0.1:8089", "splunk_version": "9.2.1",
            "search": "search sourcetype=o365:management:activity Workload=AzureActiveDirectory "
                      "Operation=UserLoggedIn | concurrentsessions",
            "command": "concurrentsessions", "maxresultrows": 50000,
            "earliest_time": float(now - 86400), "latest_time": float(now),
        }})


class Session:
    __slots__ = ("op", "user", "sid", "ips", "agents", "left")


def new_session(rng, n_users, per_session):
    s = Session()
    s.op = rng.choice(OPERATIONS)
    s.user = "user%d@contoso.onmicrosoft.com" % rng.randrange(n_users)
    s.sid = "%08x-%04x-%04x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16),
                                           rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(48))
    r = rng.random()
    n_ips = 1 if r < 0.90 else 2 if r < 0.98 else rng.choice((3, 4))
    s.ips = [random_ip(rng) for _ in range(n_ips)]
    s.agents = [rng.choice(AGENTS)] if rng.random() < 0.95 else rng.sample(AGENTS, 2)
    s.left = geometric(rng, per_session)
    return s


def geometric(rng, mean):
    """Geometric with the given mean, at least 1."""
    p = 1.0 / mean
    k = 1
    while rng.random() > p:
        k += 1
    return k


def new_noisy_session(rng, n_users, per_session):
    """A session of a noisy tenant: most multi-address sessions are benign (a phone moving from
    Wi-Fi to cellular, a laptop on IPv4 and IPv6 at once, a proxy pair)."""
    s = new_session(rng, n_users, per_session)
    if rng.random() < 0.05:
        s.user = "%s%d@contoso.onmicrosoft.com" % (rng.choice(NOISY_USERS), rng.randrange(n_users))
    r = rng.random()
    if r < 0.28:  # dual stack: an IPv4 address and an IPv6 one
        s.ips = [random_ip(rng, v4=1.0), random_ip(rng, v4=0.0)]
    elif r < 0.56:  # hand-off or proxy pair
        s.ips = [random_ip(rng, v4=0.7), random_ip(rng, v4=0.7)]
    elif r < 0.62:
        s.ips = [random_ip(rng, v4=0.7) for _ in range(rng.randrange(3, 7))]
    else:
        s.ips = [random_ip(rng, v4=0.7)]
    pool = AGENTS + HOSTILE_AGENTS
    agents = [rng.choice(pool)] if rng.random() < 0.8 else rng.sample(pool, 2)
    # app builds vary: many distinct user agents, as in a real tenant
    s.agents = [a + " build/%d" % rng.randrange(40) if rng.random() < 0.3 else a for a in agents]
    return s


def proxy_pool_session(rng, n_users):
    """A session replayed through a rotating proxy pool: hundreds of addresses (under the
    command's default max_ips_per_session of 1000)."""
    s = new_session(rng, n_users, 1.0)
    s.ips = [random_ip(rng, v4=0.7) for _ in range(rng.randrange(200, 900))]
    s.agents = rng.sample(AGENTS + HOSTILE_AGENTS, 3)
    return s


def random_ip(rng, v4=0.85):
    r = rng.random()
    if r < v4:
        return "%d.%d.%d.%d" % (rng.choice((20, 40, 52, 81, 104, 145, 176, 185, 203)),
                                rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
    return "2a02:%x:%x::%x" % (rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(16))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--chunk", type=int, default=50000)
    ap.add_argument("--mix", choices=("quiet", "noisy"), default="quiet",
                    help="quiet: few sessions flagged; noisy: ~40%% flagged, hostile values (see above)")
    ap.add_argument("--per-session", type=float, help="mean events per session (quiet 2, noisy 4.3)")
    ap.add_argument("--active", type=int, default=5000, help="concurrently live sessions")
    ap.add_argument("--extra", action="store_true", help="add realistic extra columns")
    ap.add_argument("--split", type=int, default=1, help="write k map-phase part files")
    ap.add_argument("--dispatch-dir", default="/opt/splunk/var/run/splunk/dispatch/perf")
    ap.add_argument("--expect", help="write expected result rows (JSON lines) here")
    ap.add_argument("out", help="output file (with --split k: OUT.part0 .. OUT.part{k-1})")
    a = ap.parse_args()
    noisy = a.mix == "noisy"
    if a.per_session is None:
        a.per_session = 4.3 if noisy else 2.0
    make_session = new_noisy_session if noisy else new_session
    mv_rate = 0.05 if noisy else 0.001

    rng = random.Random(a.seed)
    now = 1717200000
    fields = FIELDS + (EXTRA if a.extra else [])
    fields.sort(key=lambda f: (not f.startswith("_"), f.lower()))
    header = (",".join(cell(f) for f in fields + ["__mv_" + f for f in fields]) + "\n").encode()
    k = a.split
    args = ["phase=map"] if k > 1 else []
    outs = [open(a.out if k == 1 else "%s.part%d" % (a.out, i), "wb") for i in range(k)]
    for o in outs:
        o.write(getinfo(args, a.dispatch_dir, now))
    pending = [[] for _ in range(k)]
    counts = [0] * k
    quota = [a.events // k + (1 if i < a.events % k else 0) for i in range(k)]
    n_users = max(10, a.events // 8)
    pool = [make_session(rng, n_users, a.per_session) for _ in range(min(a.active, max(1, a.events)))]
    # proxy-pool sessions take 2% of a noisy stream's events, one per 100,000 events (at least 2)
    heavy = [proxy_pool_session(rng, n_users) for _ in range(max(2, a.events // 100000))] if noisy else []
    expect = {} if a.expect else None
    step = 86400.0 / max(1, a.events)
    empty_mv = "," * len(fields)

    def flush(i, finished):
        body = header + "".join(pending[i]).encode() if pending[i] or finished else b""
        outs[i].write(frame({"action": "execute", "finished": finished}, body))
        pending[i].clear()

    for n in range(a.events):
        if heavy and rng.random() < 0.02:
            slot, s = None, rng.choice(heavy)
        else:
            slot = rng.randrange(len(pool))
            s = pool[slot]
        t = "%.3f" % (now - n * step - rng.random() * step)
        ip = s.ips[0] if slot is not None and rng.random() < 0.6 else rng.choice(s.ips)
        ua = rng.choice(s.agents)
        sid = s.sid if rng.random() >= 0.02 else ""
        values = {"_time": t, "Operation": s.op, "SessionId": sid, "user": s.user, "user_agent": ua,
                  "src_ip": ip, "Workload": "AzureActiveDirectory", "host": "splunk-hf-01",
                  "index": "o365", "source": "ms_o365_management", "sourcetype": "o365:management:activity"}
        mv = {}
        ips = [ip]
        if slot is not None and rng.random() < mv_rate:  # ActorIpAddress and ClientIP both kept
            ips = [ip, random_ip(rng)]
            values["src_ip"] = "\n".join(ips)
            mv["src_ip"] = ";".join("$" + v.replace("$", "$$") + "$" for v in ips)
        row = ",".join(cell(values[f]) for f in fields)
        row += ("," + ",".join(cell(mv.get(f, "")) for f in fields)) if mv else empty_mv
        i = n % k
        pending[i].append(row + "\n")
        counts[i] += 1
        if len(pending[i]) >= a.chunk and counts[i] < quota[i]:
            flush(i, False)
        if expect is not None and sid:
            key = (s.op, s.user, sid)
            e = expect.get(key)
            tf = float(t)
            if e is None:
                expect[key] = [tf, tf, set(ips), {ua}]
            else:
                e[0] = min(e[0], tf); e[1] = max(e[1], tf); e[2].update(ips); e[3].add(ua)
        if slot is not None:
            s.left -= 1
            if s.left == 0:
                pool[slot] = make_session(rng, n_users, a.per_session)
    for i in range(k):
        flush(i, True)
        outs[i].close()
    if expect is not None:
        with open(a.expect, "w") as f:
            for key in sorted(expect):
                e = expect[key]
                if len(e[2]) > 1:
                    f.write(json.dumps([key[0], key[1], key[2], e[0], e[1], sorted(e[2]), sorted(e[3])]) + "\n")
    print(json.dumps({"events": a.events, "mix": a.mix,
                      "sessions_keyed": len(expect) if expect is not None else None,
                      "flagged": sum(len(e[2]) > 1 for e in expect.values()) if expect is not None else None}),
          file=sys.stderr)


if __name__ == "__main__":
    main()
