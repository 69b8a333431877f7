#!/usr/bin/env python3
"""Reference data set for concurrentsessions, with its expected result computed here,
independently of the Java code, by the seed's semantics:

    stats min(_time) as firstTime max(_time) as lastTime values(src_ip) as ips
          values(user_agent) as user_agents by Operation, user, SessionId
    | where mvcount(ips) > 1

Writes (seeded, reproducible; rerun and commit both files):
  src/test/resources/reference/events.csv    the events as splunkd sends them (CSV, LF,
                                             __mv_ column for every field)
  src/test/resources/reference/expected.csv  the rows the command must return, in order,
                                             without the constant risk annotations

Semantics implemented here (docs/detection.md):
  * group by the three by-fields; a record with any of them missing or empty is dropped;
    a multivalue by-field puts the record in one group per distinct value (as stats does)
  * firstTime/lastTime: numeric min/max of _time, printed as plain decimals with the fraction
    as it came (1599171244.270 stays); of numerically equal values the shorter fraction is
    the min and the longer the max; non-numeric or missing _time contributes no time
  * ips/user_agents: distinct non-empty values, every value of a multivalue field, sorted by
    code point (Python's str order)
  * keep groups with at least 2 distinct ips; rows ordered by (Operation, user, SessionId)

Usage: python3 tools/reference_dataset.py [--seed N] [--out DIR]
"""
import argparse
import os
import random
import re
from decimal import Decimal

NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
FIELDS = ["_time", "Operation", "Workload", "user", "SessionId", "src_ip", "user_agent"]
OUT_FIELDS = ["Operation", "user", "SessionId", "firstTime", "lastTime", "ips", "user_agents"]
MV_OUT = {"ips", "user_agents"}

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "python-requests/2.31.0",
]
ODD_AGENTS = [
    "Agent $with$ dollars $$",
    'Agent "quoted", with comma',
    "Agent with\nnewline",
    "Agënt ünïcode 東京",
    "Agent \U0001F600 emoji",        # supplementary: sorts after U+FF5E by code point
    "Agent \uFF5E fullwidth tilde",  # BMP above the surrogates: String.compareTo gets this wrong
    "Agent;semi;colon",
]


def numeric(text):
    if text is None:
        return None
    s = text.strip()
    if not s or not NUMBER.fullmatch(s):
        return None
    return Decimal(s)


def scale(d):
    return max(-d.as_tuple().exponent, 0)


def plain(d):
    if d.as_tuple().exponent < 0:
        return format(d, "f")
    return format(d.quantize(Decimal(1)), "f")


def expected_rows(events, min_ips=2):
    groups = {}
    for e in events:
        keys = [[v for v in dict.fromkeys(e.get(f, [])) if v] for f in ("Operation", "user", "SessionId")]
        if not all(keys):
            continue
        t = numeric(e["_time"][0]) if e.get("_time") else None
        for op in keys[0]:
            for user in keys[1]:
                for sid in keys[2]:
                    g = groups.setdefault((op, user, sid), {"min": None, "max": None, "ips": set(), "uas": set()})
                    if t is not None:
                        if g["min"] is None or (t, scale(t)) < (g["min"], scale(g["min"])):
                            g["min"] = t
                        if g["max"] is None or (t, scale(t)) > (g["max"], scale(g["max"])):
                            g["max"] = t
                    g["ips"].update(v for v in e.get("src_ip", []) if v)
                    g["uas"].update(v for v in e.get("user_agent", []) if v)
    rows = []
    for key in sorted(groups):
        g = groups[key]
        if len(g["ips"]) < min_ips:
            continue
        rows.append({
            "Operation": [key[0]], "user": [key[1]], "SessionId": [key[2]],
            "firstTime": [plain(g["min"])] if g["min"] is not None else [],
            "lastTime": [plain(g["max"])] if g["max"] is not None else [],
            "ips": sorted(g["ips"]), "user_agents": sorted(g["uas"]),
        })
    return rows


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.events = []
        self.t0 = 1599171244

    def sid(self):
        return "%08x-%04x-%04x-%04x-%012x" % tuple(self.r.getrandbits(b) for b in (32, 16, 16, 16, 48))

    def time(self, offset):
        ms = self.r.randrange(1000)
        return "%d.%03d" % (self.t0 + offset, ms)

    def add(self, time, user, sid, ips, uas, op="UserLoggedIn"):
        self.events.append({
            "_time": [time] if time is not None else [],
            "Operation": [op] if op else [], "Workload": ["AzureActiveDirectory"],
            "user": [user] if isinstance(user, str) and user else (user if isinstance(user, list) else []),
            "SessionId": [sid] if sid else [],
            "src_ip": ips, "user_agent": uas,
        })

    def build(self):
        r = self.r
        users = ["user%02d@contoso.com" % i for i in range(30)]
        # Normal sessions: one address, several sign-ins.
        for i in range(60):
            u, s, ip, ua = r.choice(users), self.sid(), "198.51.100.%d" % r.randrange(1, 255), r.choice(BROWSERS)
            for k in range(r.randrange(1, 6)):
                self.add(self.time(i * 100 + k), u, s, [ip], [ua])
        # AiTM: victim and proxy addresses interleave in one session, different agents.
        for i in range(12):
            u, s = r.choice(users), self.sid()
            victim, proxy = "203.0.113.%d" % r.randrange(1, 255), "185.220.101.%d" % r.randrange(1, 255)
            for k in range(r.randrange(3, 9)):
                on_proxy = k % 2 == 1
                self.add(self.time(10000 + i * 50 + k), u, s, [proxy if on_proxy else victim],
                         [BROWSERS[3] if on_proxy else BROWSERS[0]])
        # Multivalue src_ip (and a repeated value inside one record).
        s = self.sid()
        self.add(self.time(20000), "mv@contoso.com", s, ["192.0.2.1", "192.0.2.2", "192.0.2.1"], [BROWSERS[1]])
        s2 = self.sid()
        self.add(self.time(20001), "mv@contoso.com", s2, ["192.0.2.7"], [BROWSERS[1], BROWSERS[2]])
        self.add(self.time(20002), "mv@contoso.com", s2, ["192.0.2.8", ""], [""])
        # Empty or missing by-fields: dropped, never grouped.
        for ip in ("192.0.2.50", "192.0.2.51"):
            self.add(self.time(20010), "", "dropped-sid", [ip], [BROWSERS[0]])
            self.add(self.time(20011), "nosid@contoso.com", "", [ip], [BROWSERS[0]])
            self.add(self.time(20012), "noop@contoso.com", "dropped-op", [ip], [BROWSERS[0]], op="")
        # 10.0.0.9 vs 10.0.0.10 (code point order puts 10 first); IPv6 forms.
        s = self.sid()
        for k, ip in enumerate(["10.0.0.9", "10.0.0.10", "10.0.0.9", "2001:db8::1", "::ffff:10.0.0.9"]):
            self.add(self.time(21000 + k), "order@contoso.com", s, [ip], [BROWSERS[k % 2]])
        # Odd user agents: $, quotes, commas, newlines, non-ASCII, supplementary characters.
        s = self.sid()
        for k, ua in enumerate(ODD_AGENTS):
            self.add(self.time(22000 + k), "odd@contoso.com", s, ["203.0.113.%d" % (k % 3 + 1)], [ua])
        self.add(self.time(22010), "odd@contoso.com", s, ["203.0.113.9"], ODD_AGENTS[:3])
        # The same SessionId under two users: two groups.
        s = self.sid()
        self.add(self.time(23000), "shared1@contoso.com", s, ["198.18.0.1"], [BROWSERS[0]])
        self.add(self.time(23001), "shared1@contoso.com", s, ["198.18.0.2"], [BROWSERS[0]])
        self.add(self.time(23002), "shared2@contoso.com", s, ["198.18.0.3"], [BROWSERS[0]])
        self.add(self.time(23003), "shared2@contoso.com", s, ["198.18.0.3"], [BROWSERS[0]])
        # Non-numeric and missing _time: addresses count, times do not.
        s = self.sid()
        self.add("not-a-time", "notime@contoso.com", s, ["198.18.1.1"], [BROWSERS[0]])
        self.add(None, "notime@contoso.com", s, ["198.18.1.2"], [BROWSERS[1]])
        s = self.sid()
        self.add("n/a", "sometime@contoso.com", s, ["198.18.2.1"], [BROWSERS[0]])
        self.add("1599171244.270", "sometime@contoso.com", s, ["198.18.2.2"], [BROWSERS[0]])
        self.add("1599171244.27", "sometime@contoso.com", s, ["198.18.2.2"], [BROWSERS[0]])
        self.add("1599171299", "sometime@contoso.com", s, ["198.18.2.3"], [BROWSERS[0]])
        # Multivalue user: one group per value.
        s = self.sid()
        self.add(self.time(24000), ["mvuser1@contoso.com", "mvuser2@contoso.com"], s, ["198.18.3.1"], [BROWSERS[0]])
        self.add(self.time(24001), "mvuser1@contoso.com", s, ["198.18.3.2"], [BROWSERS[0]])
        # Non-ASCII user and session id under another operation.
        s = "sid-ü-\U0001F511"
        self.add(self.time(25000), "jürgen@contoso.com", s, ["198.18.4.1"], [BROWSERS[0]], op="UserLoginFailed")
        self.add(self.time(25001), "jürgen@contoso.com", s, ["198.18.4.2"], [BROWSERS[0]], op="UserLoginFailed")
        r.shuffle(self.events)
        return self.events


def needs_quotes(s):
    return not re.fullmatch(r"[A-Za-z0-9]+", s)


def cell(s):
    return '"' + s.replace('"', '""') + '"' if s and needs_quotes(s) else s


def mv(values):
    return "".join("$" + v.replace("$", "$$") + "$;" for v in values)[:-1]


def write_csv(path, fields, rows, mv_fields):
    header = [cell(f) if needs_quotes(f) else f for f in fields] + [cell("__mv_" + f) for f in mv_fields]
    lines = [",".join(header)]
    for row in rows:
        cells = []
        for f in fields:
            vals = row.get(f, [])
            cells.append(cell("\n".join(vals)))
        for f in mv_fields:
            vals = row.get(f, [])
            cells.append(cell(mv(vals)) if len(vals) > 1 else "")
        lines.append(",".join(cells))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "reference"))
    a = ap.parse_args()
    events = Generator(a.seed).build()
    os.makedirs(a.out, exist_ok=True)
    write_csv(os.path.join(a.out, "events.csv"), FIELDS, events, FIELDS)
    rows = expected_rows(events)
    write_csv(os.path.join(a.out, "expected.csv"), OUT_FIELDS, rows, [f for f in OUT_FIELDS if f in MV_OUT])
    print("%d events, %d expected rows" % (len(events), len(rows)))


if __name__ == "__main__":
    main()
