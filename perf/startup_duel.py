#!/usr/bin/env python3
"""Getinfo latency, interleaved, of the candidates that matter for "Java no slower than Python":
the Python peer, the app launcher as packaged, java -jar with the launcher's flags, and the
AppCDS prototype launcher (archive already made). Needs perf/startup.py to have run once.

    perf/startup_duel.py [--runs 15]
"""
import argparse
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import ROOT, WORK, java_command, load, python_command  # noqa: E402
from startup import CDS_DIR, probe  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--runs", type=int, default=15)
a = ap.parse_args()
jar = os.path.join(ROOT, "target", "concurrentsessions.jar")
launcher, desc = java_command(None)
flags = ["-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto"]
cands = [("Python peer (CPython + splunklib)", python_command(), None),
         ("app launcher (" + desc + ")", launcher, None),
         ("java -jar, SerialGC -UsePerfData", ["java"] + flags + ["-jar", jar], None),
         ("perf/cds-launcher.sh (AppCDS, SerialGC, -UsePerfData)", [os.path.join(HERE, "cds-launcher.sh")],
          dict(os.environ, CS_JAR=jar, CS_CDS_DIR=CDS_DIR))]
l0 = load()
times = {c[0]: [] for c in cands}
for _ in range(a.runs):
    for name, argv, env in cands:
        times[name].extend(probe(argv, 1, env))
print("| getinfo latency, %d interleaved runs, load %s -> %s | median ms | min | max |" % (a.runs, " ".join(l0), " ".join(load())))
print("|---|---:|---:|---:|")
for name, _, _ in cands:
    t = times[name]
    print("| %s | %.0f | %.0f | %.0f |" % (name, statistics.median(t), min(t), max(t)))
