#!/usr/bin/env python3
"""Where the finishing reply's time goes: a JFR recording of one lock-step search, its samples
cut to the window from the finished chunk to the last reply, summed by the room that owns each
stack (innermost match wins) and by method. GC pauses in the window come from jdk.GCPhasePause.

    perf/finish_profile.py [--mix noisy] [--events 250000] [--period-ms 1] [--java .../bin/java]
"""
import argparse
import collections
import datetime
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import ROOT, WORK, frames_for, load  # noqa: E402
from scp_driver import Run, iter_frames  # noqa: E402

# (room, regex on "Class.method"), innermost frame first: the first frame that matches names the room
ROOMS = [
    ("CSV encoding (scp.CsvWriter, MultiValue)", re.compile(r"scp\.(CsvWriter|MultiValue)")),
    ("chunk write (scp.ChunkWriter, stdout)", re.compile(r"scp\.ChunkWriter")),
    ("rows (OutputRow, SessionSearch.toRow)", re.compile(r"scp\.OutputRow|SessionSearch\.(toRow|seedRow)|RiskAnnotation")),
    ("sort (findings by key)", re.compile(r"SessionTable\.findings.*|TimSort|Arrays\.sort|SessionKey\.compareTo")),
    ("evidence (detect.SessionEvidence and kin)", re.compile(r"detect\.(SessionEvidence|Networks|IpAddresses|SessionAddresses|SessionUserAgents|TimeSample|EventIndexes)")),
    ("findings (SessionTable.toFinding, Finding)", re.compile(r"SessionTable\.(toFinding|keyAt)|detect\.Finding|CodePointOrder|KeyArena")),
    ("reading the last chunk (scp readers, SessionTable.observe)", re.compile(r"scp\.(Csv|Chunk(Reader)?|Records)|SessionTable\.|SessionState\.")),
]


STDOUT_FILTER = r"""
import os, subprocess, sys
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)
head = b""
while not head.startswith(b"chunked"):
    line = p.stdout.readline()
    if not line:
        break
    if line.startswith(b"chunked"):
        head = line
    else:
        os.write(2, line)
os.write(1, head)
while True:
    b = p.stdout.read1(1 << 20)
    if not b:
        break
    os.write(1, b)
sys.exit(p.wait())
"""


def parse_time(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mix", default="noisy")
    ap.add_argument("--events", type=int, default=250_000)
    ap.add_argument("--period-ms", type=int, default=1)
    ap.add_argument("--java", default="java")
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "concurrentsessions.jar"))
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    launcher = open(os.path.join(ROOT, "app", "launcher", "concurrentsessions.sh")).read()
    opts = re.search(r'^DEFAULT_JAVA_OPTIONS="([^"]*)"', launcher, re.M).group(1).split()
    logs = re.search(r'^LOG_OPTIONS="([^"]*)"', launcher, re.M).group(1).split()
    jfc = os.path.join(WORK, "finish.jfc")
    java_home = os.path.dirname(os.path.dirname(os.path.realpath(subprocess.run(
        ["sh", "-c", "command -v " + a.java], capture_output=True, text=True).stdout.strip())))
    text = open(os.path.join(java_home, "lib", "jfr", "profile.jfc")).read()
    text = re.sub(r'(<event name="jdk\.ExecutionSample">.*?<setting name="period">)[^<]*(</setting>)',
                  r"\g<1>%d ms\g<2>" % a.period_ms, text, flags=re.S)
    open(jfc, "w").write(text)
    rec = os.path.join(WORK, "finish-%s-%d.jfr" % (a.mix, a.events))
    # JFR announces its recording on stdout whatever -Xlog says (JDK 17): the lines before the
    # first frame go to stderr through a pass-through filter.
    java = [a.java] + logs + opts + ["-XX:StartFlightRecording=filename=%s,settings=%s" % (rec, jfc), "-jar", a.jar]
    argv = [sys.executable, "-c", STDOUT_FILTER] + java
    path = frames_for(a.events, mix=a.mix)[0][0]
    l0 = load()
    r = Run(argv, stderr_path=os.path.join(WORK, "finish-profile.stderr")).drive(iter_frames(path), keep_bodies=False)
    out = subprocess.run([os.path.join(java_home, "bin", "jfr"), "print", "--json", "--events",
                          "jdk.ExecutionSample,jdk.GarbageCollection", rec], capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    lo, hi = r.finish_at, r.end_at
    rooms, self_m, incl = collections.Counter(), collections.Counter(), collections.Counter()
    n = 0
    gc_ms, gcs = 0.0, 0
    for e in events:
        t = parse_time(e["values"]["startTime"])
        if not lo <= t <= hi:
            continue
        if e["type"] == "jdk.GarbageCollection":
            m = re.match(r"PT([\d.]+)S", e["values"]["duration"])  # "PT0.0123S"
            gc_ms += 1000 * float(m.group(1)) if m else 0
            gcs += 1
            continue
        frames = ["%s.%s" % (f["method"]["type"]["name"].replace("/", ".").replace("io.concurrentsessions.", ""), f["method"]["name"])
                  for f in e["values"]["stackTrace"]["frames"]]
        n += 1
        self_m[frames[0]] += 1
        for m in set(frames):
            incl[m] += 1
        room = next((name for f in frames for name, rx in ROOMS if rx.search(f)), "other (JDK, JIT-compiled glue)")
        rooms[room] += 1
    rows = r.finish_rows
    print("# The finishing reply, %s mix, %s events (load %s)" % (a.mix, "{:,}".format(a.events), " ".join(l0)))
    print()
    print("Finishing step (the last 50,000-event chunk included) %.0f ms for %s rows: %.1f µs per row; "
          "%d execution samples of the main thread (period %d ms); %d collections in the window, %.0f ms. "
          "Recording: %s." % (1000 * r.finish_s, "{:,}".format(rows), 1e6 * r.finish_s / max(1, rows), n,
                              a.period_ms, gcs, gc_ms, os.path.relpath(rec, ROOT)))
    print()
    print("CPU in the window, per thread (from /proc; the JIT compiles on the other core): " + ", ".join(
        "%s %.0f ms" % (k, 1000 * v) for k, v in sorted(r.finish_threads_cpu_s.items(), key=lambda kv: -kv[1])
        if v >= 0.01) + ".")
    print()
    print("| room (innermost frame that matches) | samples | share | µs per row |")
    print("|---|---:|---:|---:|")
    for room, c in rooms.most_common():
        print("| %s | %d | %.0f%% | %.1f |" % (room, c, 100.0 * c / n, 1e6 * r.finish_s * c / n / max(1, rows)))
    print()
    print("| method (self) | samples | | method (inclusive) | samples |")
    print("|---|---:|---|---|---:|")
    for (m1, c1), (m2, c2) in zip(self_m.most_common(a.top), incl.most_common(a.top)):
        print("| %s | %d | | %s | %d |" % (m1, c1, m2, c2))


if __name__ == "__main__":
    main()
