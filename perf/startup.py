#!/usr/bin/env python3
"""JVM startup levers for concurrentsessions: getinfo latency, steady throughput and RSS per flag set.

For each variant: the median of --runs getinfo probes (process start -> getinfo reply, as
splunkd's probe sees it), then one lock-step run over --events events (execute-phase
events/s, peak RSS). AppCDS variants use an archive made by a training run
(-XX:ArchiveClassesAtExit over getinfo + 10^4 events) with the same JVM. Also logs the
classes loaded up to the getinfo reply (-Xlog:class+load) and names the heavy families.

    perf/startup.py [--jar target/concurrentsessions.jar] [--runs 9] [--events 1000000]
"""
import argparse
import collections
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench import WORK, frames_for, load, log, publish  # noqa: E402
from scp_driver import Run, iter_frames  # noqa: E402

JSA = os.path.join(WORK, "concurrentsessions.jsa")
FAST = ["-XX:+UseSerialGC", "-XX:-UsePerfData"]


def variants(jar):
    base = ["java"]
    cds = ["-XX:SharedArchiveFile=" + JSA]
    v = [
        ("default (java -jar)", []),
        ("-Xshare:off (no CDS at all)", ["-Xshare:off"]),
        ("-XX:TieredStopAtLevel=1", ["-XX:TieredStopAtLevel=1"]),
        ("-XX:+UseSerialGC", ["-XX:+UseSerialGC"]),
        ("-XX:-UsePerfData", ["-XX:-UsePerfData"]),
        ("AppCDS", cds),
        ("AppCDS + SerialGC + -UsePerfData", cds + FAST),
        ("AppCDS + SerialGC + -UsePerfData + TieredStopAtLevel=1", cds + FAST + ["-XX:TieredStopAtLevel=1"]),
        ("the app launcher's flags, via java -jar", ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData"]),
    ]
    out = [(name, base + flags + ["-jar", jar], None) for name, flags in v]
    env = dict(os.environ, CS_JAR=jar, CS_CDS_DIR=CDS_DIR)
    out.append(("perf/cds-launcher.sh prototype (archive made)", [os.path.join(HERE, "cds-launcher.sh")], env))
    return out


CDS_DIR = os.path.join(WORK, "cds")


def first_run(jar):
    """The prototype launcher's first run on a server: a 10^4-event search plus the dump at exit."""
    subprocess.run(["rm", "-rf", CDS_DIR], check=True)
    env = dict(os.environ, CS_JAR=jar, CS_CDS_DIR=CDS_DIR)
    path = frames_for(10_000)[0][0]
    r = Run([os.path.join(HERE, "cds-launcher.sh")], env=env, stderr_path=os.path.join(WORK, "cds-first.stderr"))
    r.drive(iter_frames(path), keep_bodies=False)
    warm = Run([os.path.join(HERE, "cds-launcher.sh")], env=env, stderr_path=os.path.join(WORK, "cds-first.stderr"))
    warm.drive(iter_frames(path), keep_bodies=False)
    return r.total_s, warm.total_s


def train(jar):
    """One training run writes the archive; returns (seconds, bytes)."""
    if os.path.exists(JSA):
        os.remove(JSA)
    path = frames_for(10_000)[0][0]
    t = time.perf_counter()
    Run(["java", "-XX:ArchiveClassesAtExit=" + JSA, "-jar", jar],
        stderr_path=os.path.join(WORK, "cds-train.stderr")).drive(iter_frames(path), keep_bodies=False)
    return time.perf_counter() - t, os.path.getsize(JSA) if os.path.exists(JSA) else 0


def probe(argv, runs, env=None):
    first = list(iter_frames(frames_for(10_000)[0][0]))[:1]
    times = []
    for _ in range(runs):
        r = Run(argv, env=env, stderr_path=os.path.join(WORK, "startup-probe.stderr")).drive(first, probe_only=True)
        times.append(r.startup_s * 1000)
    return times


HEAVY = [
    ("gson reflection (ReflectiveTypeAdapterFactory, TypeToken...)", re.compile(r"^com\.google\.gson\.internal\.bind\.Reflective|^com\.google\.gson\.reflect")),
    ("gson (all)", re.compile(r"^com\.google\.gson\.")),
    ("java.util.regex", re.compile(r"^java\.util\.regex\.")),
    ("lambda / invokedynamic (java.lang.invoke, LambdaForm, $$Lambda)", re.compile(r"^java\.lang\.invoke\.|\$\$Lambda|LambdaForm|^jdk\.internal\.invoke")),
    ("reflection (jdk.internal.reflect, java.lang.reflect)", re.compile(r"^jdk\.internal\.reflect\.|^java\.lang\.reflect\.")),
    ("java.util.stream", re.compile(r"^java\.util\.stream\.")),
    ("java.time / text formatting", re.compile(r"^java\.time\.|^java\.text\.|^sun\.util\.locale|^sun\.text")),
    ("jar / zip / security (jar verification)", re.compile(r"^java\.util\.(jar|zip)\.|^sun\.security\.|^java\.security\.")),
    ("logging (java.util.logging, System.Logger)", re.compile(r"^java\.util\.logging\.|^sun\.util\.logging|^jdk\.internal\.logger")),
    ("the app's own classes (io.concurrentsessions)", re.compile(r"^io\.concurrentsessions\.")),
]


def class_load(jar):
    """Classes loaded up to the getinfo reply, and their sources."""
    log_path = os.path.join(WORK, "classload-getinfo.txt")
    first = list(iter_frames(frames_for(10_000)[0][0]))[:1]
    Run(["java", "-Xlog:class+load=info:file=%s" % log_path, "-jar", jar],
        stderr_path=os.devnull).drive(first, probe_only=True)
    names, shared = [], 0
    for line in open(log_path):
        m = re.search(r"\]\s+(\S+) source: (.*)$", line)
        if m:
            names.append(m.group(1))
            shared += "shared objects file" in m.group(2)
    fam = [(label, sum(1 for n in names if rx.search(n))) for label, rx in HEAVY]
    app = [n for n in names if n.startswith("io.concurrentsessions.")]
    pk = collections.Counter(n.rsplit(".", 1)[0] for n in names if "shared objects file" not in n)
    return len(names), shared, fam, app, log_path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "concurrentsessions.jar"))
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--launcher", help="also probe this launcher as splunkd would start it")
    a = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    results = {"load_start": load()}
    train_s, jsa_bytes = train(a.jar)
    path = frames_for(a.events)[0][0]
    md = ["# JVM startup levers, %s (load at start %s)" % (time.strftime("%Y-%m-%d %H:%M"), " ".join(results["load_start"])), "",
          "AppCDS archive: training run %.2f s, %.1f MB (%s)." % (train_s, jsa_bytes / 1e6, os.path.relpath(JSA, ROOT)), "",
          "| variant | getinfo median ms | min | max | ev/s at %s events | peak RSS MB |" % "{:,}".format(a.events),
          "|---|---:|---:|---:|---:|---:|"]
    rows = []
    cands = variants(a.jar)
    if a.launcher:
        cands.append(("app launcher " + os.path.relpath(a.launcher, WORK), [a.launcher], None))
    cold_s, warm_s = first_run(a.jar)
    # round-robin over variants so a burst of load from a neighbour hits all of them alike
    times = {name: [] for name, _, _ in cands}
    for _ in range(a.runs):
        for name, argv, env in cands:
            times[name].extend(probe(argv, 1, env))
    for name, argv, env in cands:
        med, lo, hi = statistics.median(times[name]), min(times[name]), max(times[name])
        try:
            r = Run(argv, env=env, stderr_path=os.path.join(WORK, "startup-run.stderr")).drive(iter_frames(path), keep_bodies=False)
            evs, rss = a.events / r.exec_s, r.rss_kb / 1024
        except Exception as e:
            log("%s: %s" % (name, e))
            evs, rss = None, None
        rows.append({"variant": name, "argv": argv[:-1] if argv[-1] == a.jar else argv, "median_ms": med, "min_ms": lo, "max_ms": hi, "events_per_s": evs, "rss_mb": rss})
        md.append("| %s | %.0f | %.0f | %.0f | %s | %s |" % (name, med, lo, hi, "-" if evs is None else "%.2fM" % (evs / 1e6),
                                                        "-" if rss is None else "%.0f" % rss))
        log(md[-1])
    md += ["", "Prototype launcher, whole 10^4-event search: first run on a server (makes the archive) %.0f ms, "
           "next run %.0f ms." % (cold_s * 1000, warm_s * 1000)]
    results["cds_first_run_ms"], results["cds_next_run_ms"] = cold_s * 1000, warm_s * 1000
    n, shared, fam, app, log_path = class_load(a.jar)
    md += ["", "Classes loaded up to the getinfo reply (default flags): %d, %d of them from the JDK's CDS archive "
           "(log: %s)." % (n, shared, os.path.relpath(log_path, ROOT)), "", "| family | classes |", "|---|---:|"]
    md += ["| %s | %d |" % f for f in fam]
    md += ["", "App classes at getinfo: " + ", ".join(sorted(c.replace("io.concurrentsessions.", "") for c in app)), ""]
    results.update(variants=rows, classes_at_getinfo=n, from_cds=shared, families=fam)
    publish(md, results, "startup")


if __name__ == "__main__":
    main()
