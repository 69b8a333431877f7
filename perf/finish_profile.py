#!/usr/bin/env python3
"""Where a search's CPU goes, the finishing step first: one lock-step search under async-profiler
(CPU samples of every thread, 1 ms; perf events, else a timer), the main thread's samples split
into the finishing step (under ConcurrentSessionsCommand.finish), the execute calls, and the
protocol loop around them, and the finishing step's samples summed by the room that owns them.
The driver adds each thread's CPU in the finishing window, from /proc.

    perf/finish_profile.py [--mix noisy] [--events 1000000] [--jar target/concurrentsessions.jar]

async-profiler comes from Maven Central (tools.profiler:async-profiler, the jar carries the
native library); JFR was used before and under-sampled the finishing step's cold code.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import ROOT, WORK, frames_for, load  # noqa: E402
from scp_driver import Run, iter_frames  # noqa: E402

PROFILER = "tools.profiler:async-profiler:4.1"
# (room, regex on a frame): a finishing-step sample belongs to the first room any of its frames matches
ROOMS = [
    ("evidence (EvidenceAnalysis and the Network* rules)", re.compile(r"detect/(EvidenceAnalysis|SessionEvidence\.of)")),
    ("sort of the flagged sessions by key", re.compile(r"TimSort|Arrays\.sort|ArrayList\.sort|KeyOrder")),
    ("CSV encoding (scp.CsvWriter, OutputPages)", re.compile(r"scp/(CsvWriter|OutputPages)")),
    ("result row (FindingRow, ResultColumn, OutputRow)", re.compile(r"command/(FindingRow|ResultColumn)|scp/OutputRow")),
    ("finding assembly (FindingAssembler, keys)", re.compile(r"detect/(FindingAssembler|KeyArena|SessionSlots)")),
    ("kernel (page faults of fresh memory)", re.compile(r"_\[k\]$")),
]
# A perf agent prints to stdout, the protocol: lines before the first frame go to stderr.
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


def profiler_library():
    group, name, version = PROFILER.split(":")
    jar = os.path.expanduser("~/.m2/repository/%s/%s/%s/%s-%s.jar" % (group.replace(".", "/"), name, version, name, version))
    if not os.path.exists(jar):
        subprocess.run(["mvn", "-B", "-q", "dependency:get", "-Dartifact=" + PROFILER], check=True)
    lib = os.path.join(WORK, "async-profiler-%s.so" % version)
    if not os.path.exists(lib):
        with zipfile.ZipFile(jar) as z:
            open(lib, "wb").write(z.read("linux-x64/libasyncProfiler.so"))
    return lib


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mix", default="noisy")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--java", default="java")
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "concurrentsessions.jar"))
    ap.add_argument("--event", default="cpu", help="cpu (perf events), or itimer where perf events are not allowed")
    ap.add_argument("--top", type=int, default=20)
    a = ap.parse_args()
    launcher = open(os.path.join(ROOT, "app", "launcher", "concurrentsessions.sh")).read()
    opts = re.search(r'^DEFAULT_JAVA_OPTIONS="([^"]*)"', launcher, re.M).group(1).split()
    logs = re.search(r'^LOG_OPTIONS="([^"]*)"', launcher, re.M).group(1).split()
    out = os.path.join(WORK, "profile-%s-%d.collapsed" % (a.mix, a.events))
    agent = "-agentpath:%s=start,event=%s,interval=1000000,threads,collapsed,file=%s" % (profiler_library(), a.event, out)
    argv = [sys.executable, "-c", STDOUT_FILTER, a.java] + logs + opts + [agent, "-jar", a.jar]
    l0 = load()
    r = Run(argv, stderr_path=os.path.join(WORK, "finish-profile.stderr")).drive(iter_frames(frames_for(a.events, mix=a.mix)[0][0]), keep_bodies=False)
    threads, parts, rooms, methods = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
    for line in open(out):
        stack, n = line.rsplit(" ", 1)
        frames, n = stack.split(";"), int(n)
        thread = re.sub(r" tid=\d+\]$", "", frames[0]).lstrip("[")
        threads[thread] += n
        if thread != "main":
            continue
        part = ("finishing step" if any("ConcurrentSessionsCommand.finish" in f for f in frames) else
                "execute calls" if any("ConcurrentSessionsCommand.execute" in f for f in frames) else
                "protocol loop (reading chunks, CSV parsing, replies)")
        parts[part] += n
        if part == "finishing step":
            rooms[next((name for name, rx in ROOMS if any(rx.search(f) for f in frames)), "table scan and the rest")] += n
            methods[frames[-1]] += n
    rows = max(1, r.finish_rows)
    print("# CPU profile, %s mix, %s events (load %s)\n" % (a.mix, "{:,}".format(a.events), " ".join(l0)))
    print("Finishing window (the finished chunk, 50,000 events, to the last reply): %.0f ms wall for %s rows; "
          "CPU in it per thread (from /proc): %s.\n" % (1000 * r.finish_s, "{:,}".format(r.finish_rows), ", ".join(
              "%s %.0f ms" % (k, 1000 * v) for k, v in sorted(r.finish_threads_cpu_s.items(), key=lambda kv: -kv[1]) if v >= 0.01)))
    print("Whole run, samples (ms of CPU) per thread: %s. Samples: %s.\n" % (
        ", ".join("%s %d" % kv for kv in threads.most_common(6)), os.path.relpath(out, ROOT)))
    print("| main thread | ms | µs per reported row |\n|---|---:|---:|")
    for part, c in parts.most_common():
        print("| %s | %d | %.1f |" % (part, c, 1000.0 * c / rows))
    print("\n| finishing step, by room | ms | share | µs per row |\n|---|---:|---:|---:|")
    total = max(1, parts["finishing step"])
    for room, c in rooms.most_common():
        print("| %s | %d | %.0f%% | %.1f |" % (room, c, 100.0 * c / total, 1000.0 * c / rows))
    print("\n| finishing step, method (self) | ms |\n|---|---:|")
    for m, c in methods.most_common(a.top):
        print("| %s | %d |" % (m.replace("io/concurrentsessions/", ""), c))


if __name__ == "__main__":
    main()
