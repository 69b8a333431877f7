#!/usr/bin/env python3
"""Java 25's ahead-of-time cache (JEP 483 class loading and linking, JEP 515 method profiles)
against what the launcher does on Java 17 (a dynamic AppCDS archive) and against nothing: getinfo
latency and a 10^4-event search, interleaved rounds, the launcher's JVM options throughout.

Every archive is trained the way the launcher trains it on a server's first search: one
10^4-event search with the same options. -XX:AOTCacheOutput is JDK 25's one-step form (record,
then a child JVM assembles the cache at exit); -XX:+DisplayVMOutputToStderr keeps the JVM's
"AOTConfiguration recorded" lines off stdout, which is the protocol.

    perf/aot_duel.py [--java17 /usr/lib/jvm/java-17-openjdk-amd64] [--java25 ...] [--rounds 11]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import ROOT, WORK, frames_for, load, publish, python_command  # noqa: E402
from scp_driver import Run, iter_frames  # noqa: E402

AOT_DIR = os.path.join(WORK, "aot")


def launcher_options():
    text = open(os.path.join(ROOT, "app", "launcher", "concurrentsessions.sh")).read()
    opts = re.search(r'^DEFAULT_JAVA_OPTIONS="([^"]*)"', text, re.M).group(1).split()
    logs = re.search(r'^LOG_OPTIONS="([^"]*)"', text, re.M).group(1).split()
    # the AOT cache refuses any -Xshare option; -Xshare:auto is the default anyway
    return logs + [o for o in opts if not o.startswith("-Xshare")]


def train(java, flags, jar, name):
    """One 10^4-event search with the archive-making flags; returns seconds (search + dump)."""
    path = frames_for(10_000)[0][0]
    t = time.perf_counter()
    Run([java] + flags + ["-jar", jar], stderr_path=os.path.join(AOT_DIR, name + ".train.stderr")).drive(
        iter_frames(path), keep_bodies=False)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--java17", default="/usr/lib/jvm/java-17-openjdk-amd64")
    ap.add_argument("--java25", default="/usr/lib/jvm/temurin-25-jdk-amd64")
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "concurrentsessions.jar"))
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("--events", type=int, default=10_000)
    a = ap.parse_args()
    subprocess.run(["rm", "-rf", AOT_DIR], check=True)
    os.makedirs(AOT_DIR)
    opts = launcher_options()
    j17, j25 = os.path.join(a.java17, "bin", "java"), os.path.join(a.java25, "bin", "java")
    jsa17, jsa25, aot25 = (os.path.join(AOT_DIR, n) for n in ("app17.jsa", "app25.jsa", "app25.aot"))
    results = {"load_start": load(), "options": opts}
    trained = {
        "17 AppCDS": train(j17, opts + ["-XX:ArchiveClassesAtExit=" + jsa17], a.jar, "jsa17"),
        "25 AppCDS": train(j25, opts + ["-XX:ArchiveClassesAtExit=" + jsa25], a.jar, "jsa25"),
        "25 AOT": train(j25, opts + ["-XX:+DisplayVMOutputToStderr", "-XX:AOTCacheOutput=" + aot25], a.jar, "aot25"),
    }
    cands = [
        ("Python peer", python_command()),
        ("Java 17, no archive", [j17] + opts + ["-jar", a.jar]),
        ("Java 17, AppCDS (the launcher today)", [j17] + opts + ["-XX:SharedArchiveFile=" + jsa17, "-jar", a.jar]),
        ("Java 25, no archive", [j25] + opts + ["-jar", a.jar]),
        ("Java 25, AppCDS", [j25] + opts + ["-XX:SharedArchiveFile=" + jsa25, "-jar", a.jar]),
        ("Java 25, AOT cache", [j25] + opts + ["-XX:AOTCache=" + aot25, "-jar", a.jar]),
    ]
    path = frames_for(a.events)[0][0]
    first = list(iter_frames(path))[:1]
    getinfo = {n: [] for n, _ in cands}
    search = {n: [] for n, _ in cands}
    total = {n: [] for n, _ in cands}
    err = os.path.join(AOT_DIR, "duel.stderr")
    for _ in range(a.rounds):  # interleaved: a neighbour's burst hits every candidate alike
        for name, argv in cands:
            getinfo[name].append(1000 * Run(argv, stderr_path=err).drive(first, probe_only=True).startup_s)
            r = Run(argv, stderr_path=err).drive(iter_frames(path), keep_bodies=False)
            search[name].append(r.exec_s)
            total[name].append(r.total_s)
    med = statistics.median
    md = ["# Java 25 AOT cache against AppCDS and nothing, %s (load at start %s)" % (
              time.strftime("%Y-%m-%d %H:%M"), " ".join(results["load_start"])), "",
          "Training (one %s-event search plus the dump): " % "{:,}".format(10_000) +
          ", ".join("%s %.1f s" % (k, v) for k, v in trained.items()) + "; sizes: " +
          ", ".join("%s %.1f MB" % (os.path.basename(p), os.path.getsize(p) / 1e6) for p in (jsa17, jsa25, aot25) if os.path.exists(p)) + ".", "",
          "| candidate (%d interleaved rounds) | getinfo median ms (min-max) | %s-event search: execute s median (min-max) | ev/s | whole process s |" % (
              a.rounds, "{:,}".format(a.events)), "|---|---:|---:|---:|---:|"]
    for name, _ in cands:
        g, s, t = getinfo[name], search[name], total[name]
        md.append("| %s | %.0f (%.0f-%.0f) | %.3f (%.3f-%.3f) | %.0fk | %.2f |" % (
            name, med(g), min(g), max(g), med(s), min(s), max(s), a.events / med(s) / 1000, med(t)))
    results.update(trained_s=trained, getinfo_ms=getinfo, execute_s=search, total_s=total)
    publish(md, results, "aot")


if __name__ == "__main__":
    main()
