#!/usr/bin/env python3
"""Reference data set for the Entra ID sign-in grouping of concurrentsessions, with the expected
result computed here, independently of the Java code, by the semantics of Splunk's sibling
detection "Azure AD Concurrent Sessions From Different Ips":

    | rename properties.* as *
    | bucket span=5m _time
    | stats min(_time) as firstTime max(_time) as lastTime dc(src_ip) as unique_ips
            values(src_ip) as src_ip dc(location.city) as dc_city values(location.city) as city
            by user _time
    | where unique_ips > 2 AND dc_city > 2

which the command expresses as `concurrentsessions by=user span=5m min_ips=3 min_cities=3`.

Writes (seeded, reproducible; rerun and commit both files):
  src/test/resources/reference-aad/events.csv    sign-in events as splunkd sends them, with the
                                                 location already renamed to iplocation's City
  src/test/resources/reference-aad/expected.csv  the groups the command must return, in order:
                                                 user, _time (the bucket), ips, cities

Semantics implemented here:
  * bucket: _time floored to a multiple of 300 s since the epoch (5m divides a day, so Splunk's
    bucket gives the same); an event without a numeric _time has no bucket and is in no group
  * a group is (user, bucket); an event with an empty user is in no group
  * dc(src_ip), dc(City): distinct non-empty values; kept when both are at least 3
  * rows ordered by user (code point), then by bucket (numeric)
firstTime/lastTime are not compared: the SPL buckets _time before stats, so both are the bucket
start there, while the command reports the real first and last sign-in of the group.

Usage: python3 tools/aad_reference_dataset.py [--seed N] [--out DIR]
"""
import argparse
import os
import random

from reference_dataset import numeric, write_csv

FIELDS = ["_time", "Operation", "user", "SessionId", "src_ip", "user_agent", "City", "Country"]
OUT_FIELDS = ["user", "_time", "ips", "cities"]
SPAN = 300
CITIES = [("Berlin", "Germany"), ("Paris", "France"), ("Lagos", "Nigeria"), ("Dallas", "United States"),
          ("Osaka", "Japan"), ("Lima", "Peru"), ("Oslo", "Norway")]
AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"


def expected_rows(events, min_ips=3, min_cities=3):
    groups = {}
    for e in events:
        t = numeric(e["_time"][0]) if e["_time"] else None
        users = [u for u in dict.fromkeys(e["user"]) if u]
        if t is None or not users:
            continue
        bucket = int(t // SPAN) * SPAN
        for u in users:
            g = groups.setdefault((u, bucket), {"ips": set(), "cities": set()})
            g["ips"].update(v for v in e["src_ip"] if v)
            g["cities"].update(v for v in e["City"] if v)
    rows = []
    for (user, bucket) in sorted(groups):
        g = groups[(user, bucket)]
        if len(g["ips"]) >= min_ips and len(g["cities"]) >= min_cities:
            rows.append({"user": [user], "_time": [str(bucket)], "ips": sorted(g["ips"]),
                         "cities": sorted(g["cities"])})
    return rows


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.events = []
        self.t0 = 1717236000  # a multiple of 300

    def add(self, t, user, ip, city, op="SignInLogs", sid="s"):
        place = city or ("", "")
        self.events.append({"_time": [t] if t is not None else [], "Operation": [op], "user": [user] if user else [],
                            "SessionId": [sid], "src_ip": [ip] if ip else [], "user_agent": [AGENT],
                            "City": [place[0]] if place[0] else [], "Country": [place[1]] if place[1] else []})

    def at(self, offset):
        return "%d.%03d" % (self.t0 + offset, self.r.randrange(1000))

    def build(self):
        r = self.r
        users = ["user%02d@contoso.com" % i for i in range(25)]
        # Background: one address and city per user, many sign-ins across buckets.
        home = {u: ("198.51.100.%d" % (i + 1), CITIES[i % len(CITIES)]) for i, u in enumerate(users)}
        for u in users:
            for _ in range(r.randrange(5, 20)):
                self.add(self.at(r.randrange(0, 6 * 3600)), u, *home[u],
                         op=r.choice(["SignInLogs", "NonInteractiveUserSignInLogs"]))
        # Token replay from several places inside one 5-minute bucket: 3-5 addresses, 3-5 cities.
        for i in range(12):
            u = r.choice(users)
            start = r.randrange(0, 70) * SPAN
            n = r.randrange(3, 6)
            for k in range(n):
                self.add(self.at(start + r.randrange(0, SPAN)), u, "203.0.113.%d" % (20 * i + k), CITIES[k])
        # Near misses: five addresses but two cities in the bucket (one without a location), and the
        # third city one second past the bucket's end.
        for i in range(8):
            u = r.choice(users)
            start = (80 + i) * SPAN
            self.add(self.at(start + 10), u, "192.0.2.%d" % (10 * i + 1), CITIES[0])
            self.add(self.at(start + 20), u, "192.0.2.%d" % (10 * i + 2), CITIES[0])
            self.add(self.at(start + 30), u, "192.0.2.%d" % (10 * i + 3), CITIES[1])
            self.add(self.at(start + 40), u, "192.0.2.%d" % (10 * i + 4), None)
            self.add(str(self.t0 + start + SPAN - 1), u, "192.0.2.%d" % (10 * i + 5), CITIES[1])
            self.add(str(self.t0 + start + SPAN), u, "192.0.2.%d" % (10 * i + 6), CITIES[3])
        # Exactly on a bucket's first second, with two more places in the bucket: flagged.
        self.add(str(self.t0 + 100 * SPAN), "edge@contoso.com", "203.0.114.1", CITIES[4])
        self.add(self.at(100 * SPAN + 299), "edge@contoso.com", "203.0.114.2", CITIES[5])
        self.add(self.at(100 * SPAN + 150), "edge@contoso.com", "2001:db8::5", CITIES[6])
        # No numeric time, or no user: in no group.
        for k in range(3):
            self.add("n/a", "notime@contoso.com", "203.0.115.%d" % k, CITIES[k])
            self.add(self.at(101 * SPAN + k), "", "203.0.116.%d" % k, CITIES[k])
        r.shuffle(self.events)
        return self.events


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources",
                                                  "reference-aad"))
    a = ap.parse_args()
    events = Generator(a.seed).build()
    os.makedirs(a.out, exist_ok=True)
    write_csv(os.path.join(a.out, "events.csv"), FIELDS, events, FIELDS)
    rows = expected_rows(events)
    write_csv(os.path.join(a.out, "expected.csv"), OUT_FIELDS, rows, ["ips", "cities"])
    print("%d events, %d expected rows" % (len(events), len(rows)))


if __name__ == "__main__":
    main()
