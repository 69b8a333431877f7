#!/usr/bin/env python3
"""JVM flag sets on a whole search (JIT tiers, collectors, heap sizing): interleaved repeats of
the same lock-step run; median execute-phase seconds, CPU and peak RSS per variant.

    perf/jvm_flags.py [--set jit|gc] [--events 1000000] [--repeats 3] [--jar ...]
    perf/jvm_flags.py --variant "name=-XX:+UseSerialGC -Xmn512m" ...
"""
import argparse
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import ROOT, WORK, frames_for, load  # noqa: E402
from scp_driver import Run, iter_frames  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--events", type=int, default=1_000_000)
ap.add_argument("--repeats", type=int, default=3)
ap.add_argument("--jar", default=os.path.join(ROOT, "target", "concurrentsessions.jar"))
ap.add_argument("--set", default="jit", choices=["jit", "gc"])
ap.add_argument("--variant", action="append", help="name=flags (repeatable; replaces --set)")
a = ap.parse_args()
SETS = {
    "jit": {"C1+C2 (default tiers)": "-XX:+UseSerialGC -XX:-UsePerfData",
            "C1 only (TieredStopAtLevel=1)": "-XX:+UseSerialGC -XX:-UsePerfData -XX:TieredStopAtLevel=1"},
    "gc": {"G1 (JVM default here)": "-XX:-UsePerfData",
           "SerialGC": "-XX:+UseSerialGC -XX:-UsePerfData",
           "ParallelGC": "-XX:+UseParallelGC -XX:-UsePerfData",
           "SerialGC -Xmn256m": "-XX:+UseSerialGC -XX:-UsePerfData -Xmn256m",
           "SerialGC -Xms1g -Xmn512m": "-XX:+UseSerialGC -XX:-UsePerfData -Xms1g -Xmn512m"},
}
chosen = dict(v.split("=", 1) for v in a.variant) if a.variant else SETS[a.set]
variants = {name: ["java"] + flags.split() for name, flags in chosen.items()}
path = frames_for(a.events)[0][0]
times = {k: [] for k in variants}
cpu = {k: [] for k in variants}
rss = {k: [] for k in variants}
l0 = load()
for _ in range(a.repeats):
    for name, flags in variants.items():
        r = Run(flags + ["-jar", a.jar], stderr_path=os.path.join(WORK, "tiers.stderr")).drive(iter_frames(path), keep_bodies=False)
        times[name].append(r.exec_s)
        cpu[name].append(r.cpu_s)
        rss[name].append(r.rss_kb / 1024)
print("| flags (%s events, %d runs, load %s -> %s) | execute s (median) | ev/s | process CPU s | peak RSS MB |"
      % ("{:,}".format(a.events), a.repeats, " ".join(l0), " ".join(load())))
print("|---|---:|---:|---:|---:|")
for name in variants:
    m = statistics.median(times[name])
    print("| %s | %.2f | %.0fk | %.2f | %.0f |" % (name, m, a.events / m / 1e3, statistics.median(cpu[name]),
                                                 statistics.median(rss[name])))
