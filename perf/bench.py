#!/usr/bin/env python3
"""Whole-process benchmark: the Java concurrentsessions against the splunklib peer and the pipe.

Every command is driven lock-step by scp_driver (as splunkd drives it) with the same frames
from gen_frames.py, and every result is checked against the rows the generator computed from
its own events. Prints markdown tables and writes perf/.work/results.{md,json}.

    perf/bench.py                # quiet and noisy mixes at 10^4, 2.5x10^5, 10^6 events; the
                                 # targets of issue 16; startup (default, ~4 min)
    perf/bench.py --full         # adds 10^7 events (quiet), memory per session, map peers at
                                 # 10^6, and the one-core table
    perf/bench.py --java "java -XX:+UseSerialGC -jar target/concurrentsessions.jar"
"""
import argparse
import glob
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from scp_driver import Run, frame, iter_frames, load_expected, normalise, parse_rows  # noqa: E402

# Frames and results stay out of target/ so `mvn clean` does not throw away generated gigabytes.
WORK = os.path.join(HERE, ".work")
DISPATCH = os.path.join(WORK, "dispatch")
EXPECT_LIMIT = 2_000_000  # above this the generator's own expectation costs too much memory


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def load():
    return open("/proc/loadavg").read().split()[:3]


def frames_for(n, per_session=None, split=1, seed=42, mix="quiet"):
    """Generate (once, cached) the frames for n events; returns (paths, expect path or None).
    per_session None: the mix's own (quiet 2 events per session, noisy 4.3)."""
    os.makedirs(DISPATCH, exist_ok=True)
    if mix == "quiet":
        base = os.path.join(WORK, "frames-%d-s%d-p%g" % (n, seed, per_session or 2.0))
    else:
        base = os.path.join(WORK, "frames-%s-%d-s%d%s" % (mix, n, seed, "-p%g" % per_session if per_session else ""))
    paths = [base + ".scp"] if split == 1 else ["%s.k%d.scp.part%d" % (base, split, i) for i in range(split)]
    out = base + ".scp" if split == 1 else "%s.k%d.scp" % (base, split)
    expect = base + ".expect.jsonl" if n <= EXPECT_LIMIT else None
    if not all(os.path.exists(p) for p in paths) or (expect and not os.path.exists(expect)):
        log("generating %d events, %s mix (split %d) ..." % (n, mix, split))
        cmd = [sys.executable, os.path.join(HERE, "gen_frames.py"), "--events", str(n), "--seed", str(seed),
               "--mix", mix, "--split", str(split), "--dispatch-dir", DISPATCH, out]
        if per_session:
            cmd[2:2] = ["--per-session", str(per_session)]
        if expect:
            cmd[2:2] = ["--expect", expect]
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    return paths, expect


JAVA_ARGS = []  # extra command arguments for the Java command only (--java-args)


def with_args(frames, extra):
    """The same frames with extra arguments appended to getinfo's args and raw_args."""
    it = iter(frames)
    meta, body = next(it)
    if extra:
        info = json.loads(meta)
        for key in ("args", "raw_args"):
            info["searchinfo"][key] = list(info["searchinfo"].get(key, [])) + list(extra)
        meta = json.dumps(info, separators=(",", ":")).encode()
    yield meta, body
    yield from it


def java_command(explicit):
    if explicit:
        return shlex.split(explicit), explicit
    for tgz in sorted(glob.glob(os.path.join(ROOT, "target", "*.tgz")) + glob.glob(os.path.join(ROOT, "target", "*.tar.gz"))):
        dest = os.path.join(WORK, "app")
        stamp = os.path.join(dest, ".from")
        if not (os.path.exists(stamp) and open(stamp).read() == "%s %s" % (tgz, os.path.getmtime(tgz))):
            subprocess.run(["rm", "-rf", dest], check=True)
            os.makedirs(dest)
            with tarfile.open(tgz) as t:
                t.extractall(dest, filter="tar")
            open(stamp, "w").write("%s %s" % (tgz, os.path.getmtime(tgz)))
        for cand in sorted(glob.glob(os.path.join(dest, "*", "linux_x86_64", "bin", "*"))):
            if os.access(cand, os.X_OK) and os.path.isfile(cand) and not cand.endswith((".jar", ".py")):
                return [cand], "launcher " + os.path.relpath(cand, dest)
    jar = os.path.join(ROOT, "target", "concurrentsessions.jar")
    if os.path.exists(jar):
        return ["java", "-jar", jar], "java -jar target/concurrentsessions.jar"
    return None, "no jar"


def as_deployed(java, desc, archive, java_home):
    """The launcher with splunkd's environment: SPLUNK_HOME (a fresh one under WORK) lets it keep a
    class archive, which every search but a server's first one maps. One untimed search makes it."""
    if not java or not desc.startswith("launcher"):
        return java, desc
    env = ["JAVA_HOME=" + java_home] if java_home else []
    if archive == "none":
        return ["env", "-u", "SPLUNK_HOME"] + env + java, desc + " (no SPLUNK_HOME: no class archive)"
    home = os.path.join(WORK, "splunk_home")
    subprocess.run(["rm", "-rf", home], check=True)
    os.makedirs(home)
    argv = ["env", "SPLUNK_HOME=" + home] + env + java
    drive(argv, iter_frames(frames_for(10_000)[0][0]), "archive-training", keep=False)
    made = glob.glob(os.path.join(home, "var", "run", "splunk", "*", "concurrentsessions-*.*"))
    made = [m for m in made if m.endswith((".jsa", ".aot"))]
    what = ("class archive %s made by one untimed 10^4-event search" % os.path.basename(made[0])) if made else "NO class archive was made"
    return argv, "%s%s, SPLUNK_HOME set (%s)" % (desc, " with JAVA_HOME=" + java_home if java_home else "", what)


def python_command():
    py = os.path.join(HERE, ".venv", "bin", "python")
    return [py, os.path.join(HERE, "peer", "concurrentsessions_peer.py")]


def null_command():
    return [sys.executable, os.path.join(HERE, "null_peer.py")]


def floor_command():
    """The JVM parse floor (src/test/.../bench/ParseFloor.java): our protocol loop finding each
    event's by-fields and keeping nothing, with the launcher's JVM options. No JVM command on this
    loop can be faster; None when the test classes are not compiled."""
    jar = os.path.join(ROOT, "target", "concurrentsessions.jar")
    tests = os.path.join(ROOT, "target", "test-classes")
    if not (os.path.exists(jar) and os.path.exists(os.path.join(tests, "io", "concurrentsessions", "bench", "ParseFloor.class"))):
        return None
    launcher = open(os.path.join(ROOT, "app", "launcher", "concurrentsessions.sh")).read()
    m = re.search(r'^DEFAULT_JAVA_OPTIONS="([^"]*)"', launcher, re.M)
    return ["java"] + (m.group(1).split() if m else []) + ["-cp", jar + os.pathsep + tests,
                                                          "io.concurrentsessions.bench.ParseFloor"]


CPUS = sorted(os.sched_getaffinity(0))


def one_core(argv):
    """The command confined to one CPU (its JIT and collector threads too), or None when there
    are not two CPUs to keep it apart from the driver."""
    if len(CPUS) < 2 or not shutil.which("taskset"):
        return None
    return ["taskset", "-c", str(CPUS[-1])] + list(argv)


def drive(argv, frames, name, keep=True, pinned=False):
    """pinned: the driver runs on the first CPU, so that a command confined by one_core() to the
    last one has that core to itself."""
    err = os.path.join(WORK, name + ".stderr")
    open(err, "w").close()
    before = os.sched_getaffinity(0)
    try:
        if pinned:
            os.sched_setaffinity(0, {CPUS[0]})
        return Run(argv, stderr_path=err).drive(frames, keep_bodies=keep)
    except Exception as e:  # a failing command is a row in the table, not a crash of the harness
        log("%s failed: %s (stderr in %s)" % (name, e, err))
        return None
    finally:
        os.sched_setaffinity(0, before)


def check(run, expect_rows):
    if run is None:
        return "FAILED"
    if expect_rows is None:
        return "n/c"
    got = normalise(parse_rows(run.bodies()))
    if got == expect_rows:
        return "ok %d" % len(got)
    missing, extra = len(set(expect_rows) - set(got)), len(set(got) - set(expect_rows))
    return "WRONG (%d rows: %d missing, %d extra)" % (len(got), missing, extra)


def rate(n, run):
    return n / run.exec_s if run and run.exec_s else None


def fmt_rate(r):
    return "-" if r is None else ("%.2fM" % (r / 1e6) if r >= 1e6 else "%.0fk" % (r / 1e3))


def fmt_mb(kb):
    return "-" if kb is None else "%.0f" % (kb / 1024)


def finish_us(run):
    """The finishing reply's cost per reported row: from writing the finished chunk to reading
    the last reply (pages included), over the rows in those replies."""
    if not run or run.finish_s is None or not run.finish_rows:
        return None
    return 1e6 * run.finish_s / run.finish_rows


def repeats(n):
    """Interleaved Java/Python runs per size: small runs are noisy and cheap."""
    return 5 if n <= 10_000 else 3 if n <= 250_000 else 1


def median_of(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def throughput(mixes, sizes, java, results, noisy_max=2e6):
    """One row per mix and size. Java and Python run interleaved (repeats(n) times each); rates
    and finishing costs are medians, Java/Python also gives the lowest and highest pair."""
    rows = []
    for mix in mixes:
        for n in [n for n in sizes if mix == "quiet" or n <= noisy_max]:
            (path,), expect = frames_for(n, mix=mix)
            exp = load_expected(expect) if expect else None
            ceiling = drive(null_command(), iter_frames(path), "null-%s-%d" % (mix, n), keep=False)
            floor = drive(floor_command(), iter_frames(path), "floor-%s-%d" % (mix, n), keep=False) if floor_command() else None
            js, ps, jcs, pcs = [], [], [], []
            for i in range(repeats(n)):  # every run's rows are checked
                j = drive(java, with_args(iter_frames(path), JAVA_ARGS), "java-%s-%d" % (mix, n)) if java else None
                p = drive(python_command(), iter_frames(path), "python-%s-%d" % (mix, n))
                jc = check(j, exp) if java else "no jar"
                pc = check(p, exp)
                if exp is None and j and p:  # too big for the generator's own answer: the two must agree
                    jr, pr = normalise(parse_rows(j.bodies())), normalise(parse_rows(p.bodies()))
                    jc = ("= Python %d" % len(jr)) if jr == pr else "DIFFERS from Python (%d vs %d)" % (len(jr), len(pr))
                for run in (j, p):
                    if run:
                        run.replies = [(m, b"") for m, b in run.replies]  # free the bodies
                js.append(j)
                ps.append(p)
                jcs.append(jc)
                pcs.append(pc)
            # one verdict per command: the first run's, or the first that differs from it
            jc = next((c for c in jcs if c != jcs[0]), jcs[0])
            pc = next((c for c in pcs if c != pcs[0]), pcs[0])
            pairs = [rate(n, j) / rate(n, p) for j, p in zip(js, ps) if rate(n, j) and rate(n, p)]
            r = {"mix": mix, "events": n, "runs": len(js), "ceiling": rate(n, ceiling), "floor": rate(n, floor),
                 "java": median_of(rate(n, j) for j in js), "python": median_of(rate(n, p) for p in ps),
                 "ratio_min": min(pairs) if pairs else None, "ratio_max": max(pairs) if pairs else None,
                 "java_finish_us": median_of(finish_us(j) for j in js),
                 "python_finish_us": median_of(finish_us(p) for p in ps),
                 "java_finish_s": median_of(j.finish_s for j in js if j),
                 "java_finish_main_cpu_s": median_of(j.finish_threads_cpu_s.get("java") for j in js if j),
                 "java_finish_cpu_s": median_of(j.finish_cpu_s for j in js if j), "rows_reported": js[0].finish_rows if js[0] else None,
                 "java_rss_kb": median_of(j.rss_kb for j in js if j), "python_rss_kb": median_of(p.rss_kb for p in ps if p),
                 "java_cpu_s": median_of(j.cpu_s for j in js if j), "python_cpu_s": median_of(p.cpu_s for p in ps if p),
                 "java_check": jc, "python_check": pc, "load": load()}
            results.setdefault("throughput", []).append(r)
            rows.append(throughput_row(r))
            log(rows[-1])
    return ["| mix | events | runs | Java ev/s | Python ev/s | Java/Python (lowest-highest run) | null peer ev/s "
            "| null peer / Java | JVM parse floor ev/s | rows reported | Java finishing ms | Java finishing CPU ms, main thread / all "
            "| Java µs per reported row "
            "| Python µs per reported row | Java peak RSS MB | Python peak RSS MB | Java rows | Python rows | load 1/5/15 |",
            "|---|" + "---:|" * 16 + "---|---|"] + rows


def throughput_row(r):
    ratio = "-"
    if r["java"] and r["python"]:
        ratio = "%.1fx" % (r["java"] / r["python"])
        if r["runs"] > 1 and r["ratio_min"] is not None:
            ratio += " (%.1f-%.1f)" % (r["ratio_min"], r["ratio_max"])
    of_null = "%.1fx" % (r["ceiling"] / r["java"]) if r["ceiling"] and r["java"] else "-"
    us = lambda v: "-" if v is None else "%.1f" % v
    cpu = "-" if r.get("java_finish_cpu_s") is None else "%.0f / %.0f" % (
        1000 * (r.get("java_finish_main_cpu_s") or 0), 1000 * r["java_finish_cpu_s"])
    return "|" + " %s |" * 19 % (
        r["mix"], "{:,}".format(r["events"]), r["runs"], fmt_rate(r["java"]), fmt_rate(r["python"]), ratio,
        fmt_rate(r["ceiling"]), of_null, fmt_rate(r["floor"]), "-" if r["rows_reported"] is None else "{:,}".format(r["rows_reported"]),
        "-" if r["java_finish_s"] is None else "%.0f" % (1000 * r["java_finish_s"]), cpu, us(r["java_finish_us"]),
        us(r["python_finish_us"]), fmt_mb(r["java_rss_kb"]), fmt_mb(r["python_rss_kb"]), r["java_check"],
        r["python_check"], " ".join(r["load"]))


def targets(results):
    """Issue 16's targets, each met or not met with its figure, from this run's rows."""
    rows = results.get("throughput", [])
    lines = ["| target | figure | verdict |", "|---|---|---|"]

    def verdict(ok):
        return "-" if ok is None else ("**met**" if ok else "**not met**")

    def add(name, sel, figure, ok):
        picked = [r for r in rows if sel(r)]
        if not picked:
            lines.append("| %s | not measured in this run | - |" % name)
            return
        figs = [figure(r) for r in picked]
        oks = [ok(r) for r in picked]
        lines.append("| %s | %s | %s |" % (name, "; ".join(f for f in figs), verdict(
            None if any(o is None for o in oks) else all(oks))))

    def mix_n(r):
        return "%s %s" % (r["mix"], "{:,}".format(r["events"]))

    def ratio_ok(lo):
        return lambda r: None if not (r["java"] and r["python"]) else (r["ratio_min"] if r["runs"] > 1 else r["java"] / r["python"]) >= lo

    def ratio_fig(r):
        if not (r["java"] and r["python"]):
            return mix_n(r) + " -"
        return "%s %.1fx%s" % (mix_n(r), r["java"] / r["python"],
                               " (lowest run %.1fx)" % r["ratio_min"] if r["runs"] > 1 and r["ratio_min"] else "")

    add("10^4 events: Java no slower than Python, every run", lambda r: r["events"] == 10_000, ratio_fig, ratio_ok(1.0))
    add(">= 5x Python at 2.5x10^5", lambda r: r["events"] == 250_000, ratio_fig, ratio_ok(5.0))
    add(">= 10x Python from 10^6", lambda r: r["events"] >= 1_000_000, ratio_fig, ratio_ok(10.0))
    add("finishing reply <= 5 µs per reported row", lambda r: r["events"] >= 250_000,
        lambda r: "%s %s µs" % (mix_n(r), "-" if r["java_finish_us"] is None else "%.1f" % r["java_finish_us"]),
        lambda r: None if r["java_finish_us"] is None else r["java_finish_us"] <= 5.0)
    add("quiet mix from 10^6: within 3x of the null peer", lambda r: r["mix"] == "quiet" and r["events"] >= 1_000_000,
        lambda r: "%s null peer %s = %.1fx Java" % (mix_n(r), fmt_rate(r["ceiling"]), r["ceiling"] / r["java"]) if r["ceiling"] and r["java"] else mix_n(r) + " -",
        lambda r: None if not (r["ceiling"] and r["java"]) else r["ceiling"] / r["java"] <= 3.0)
    add("peak RSS at 10^7 <= half of Python's", lambda r: r["events"] >= 10_000_000,
        lambda r: "%s %s of %s MB (%.0f%%)" % (mix_n(r), fmt_mb(r["java_rss_kb"]), fmt_mb(r["python_rss_kb"]),
                                                100.0 * r["java_rss_kb"] / r["python_rss_kb"]) if r["java_rss_kb"] and r["python_rss_kb"] else mix_n(r) + " -",
        lambda r: None if not (r["java_rss_kb"] and r["python_rss_kb"]) else r["java_rss_kb"] <= r["python_rss_kb"] / 2)
    lines.append("")
    lines.append("Finishing reply: from writing the chunk marked finished to reading the last reply (pages "
                 "included), over the rows in those replies; the last 50,000-event chunk is part of it. "
                 "10^4 is left out of its verdict (a cold JVM and a handful of rows). Its CPU column is the "
                 "command's own (from /proc, 10 ms ticks): the main thread, and all threads with the JIT "
                 "compilers and the collector, which a busy machine does not stretch as it stretches wall time.")
    return lines


def one_core_table(sizes, java, results):
    """The command (with its JIT and GC threads) and the null peer confined to one CPU, the
    driver to the other: what one core of a search head does against what the pipe costs."""
    lines = ["| events (quiet) | Java on 1 core ev/s | null peer on 1 core ev/s | Java of null peer |", "|---:|---:|---:|---:|"]
    if not (java and one_core(java)):
        return lines + ["| - | needs two CPUs and taskset | | |"]
    for n in sizes:
        (path,), _ = frames_for(n)
        c1 = drive(one_core(null_command()), iter_frames(path), "null1-%d" % n, keep=False, pinned=True)
        j1 = drive(one_core(java), with_args(iter_frames(path), JAVA_ARGS), "java1-%d" % n, keep=False, pinned=True)
        r = {"events": n, "java_one_core": rate(n, j1), "ceiling_one_core": rate(n, c1)}
        results.setdefault("one_core", []).append(r)
        of = "%.0f%%" % (100 * r["java_one_core"] / r["ceiling_one_core"]) if r["java_one_core"] and r["ceiling_one_core"] else "-"
        lines.append("| %s | %s | %s | %s |" % ("{:,}".format(n), fmt_rate(r["java_one_core"]), fmt_rate(r["ceiling_one_core"]), of))
    return lines


def startup(java, runs, results):
    probe = list(iter_frames(frames_for(10_000)[0][0]))[:1]
    out = {}
    for name, argv in (("java", java), ("python", python_command()), ("null (python, no imports)", null_command())):
        if not argv:
            continue
        times = []
        for _ in range(runs):
            r = drive(argv, probe, "startup-" + name.split()[0])
            if r:
                times.append(r.startup_s)
        if times:
            out[name] = {"median_ms": 1000 * statistics.median(times), "min_ms": 1000 * min(times),
                         "max_ms": 1000 * max(times), "runs": len(times)}
    results["startup"] = out
    lines = ["| command | median ms | min | max | runs |", "|---|---:|---:|---:|---:|"]
    for name, s in out.items():
        lines.append("| %s | %.0f | %.0f | %.0f | %d |" % (name, s["median_ms"], s["min_ms"], s["max_ms"], s["runs"]))
    return lines


def memory(java, big, results):
    """Bytes per tracked session: one event per session, so sessions == events with a SessionId.
    The small run has full 50,000-row chunks too, so chunk buffers cancel out of the difference."""
    small = max(100_000, big // 10) if big > 100_000 else 10_000
    out = {}
    counts = {}
    for n in (small, big):
        path, expect = frames_for(n, per_session=1.0)
        # the generator drops ~2% SessionIds; count what is really keyed
        counts[n] = sum(1 for _ in _keys(path[0]))
    for name, argv in (("java", java), ("python", python_command())):
        if not argv:
            continue
        rss = {}
        for n in (small, big):
            r = drive(argv, iter_frames(frames_for(n, per_session=1.0)[0][0]), "mem-%s-%d" % (name, n), keep=False)
            rss[n] = r and r.rss_kb
        if rss[small] and rss[big]:
            out[name] = {"rss_small_kb": rss[small], "rss_big_kb": rss[big], "sessions": counts[big] - counts[small],
                         "bytes_per_session": (rss[big] - rss[small]) * 1024 / (counts[big] - counts[small])}
    results["memory"] = out
    lines = ["| command | RSS %s sessions MB | RSS %s sessions MB | bytes per session |" % (
        "{:,}".format(counts[small]), "{:,}".format(counts[big])), "|---|---:|---:|---:|"]
    for name, m in out.items():
        lines.append("| %s | %s | %s | %.0f |" % (name, fmt_mb(m["rss_small_kb"]), fmt_mb(m["rss_big_kb"]),
                                                   m["bytes_per_session"]))
    return lines


def _keys(path):
    """Distinct session keys in a frames file (independent of both commands)."""
    import csv, io
    seen = set()
    for meta, body in iter_frames(path):
        if not body:
            continue
        rd = csv.reader(io.StringIO(body.decode()))
        h = next(rd)
        i = [h.index(f) for f in ("Operation", "user", "SessionId")]
        for v in rd:
            k = tuple(v[j] for j in i)
            if all(k):
                seen.add(k)
    return seen


def map_peers(java, n, ks, results):
    _, expect = frames_for(n)
    exp = load_expected(expect) if expect else None
    lines = ["| command | map peers k | map s (sum) | map s (slowest) | reduce s | map rows out | total s (sum) "
             "| critical path s | rows |", "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for name, argv in (("java", java), ("python", python_command())):
        if not argv:
            continue
        for k in ks:
            parts, _ = frames_for(n, split=k) if k > 1 else frames_for(n)
            if k == 1:  # a single map peer: the same stream with phase=map
                fr = list(iter_frames(parts[0]))
                info = json.loads(fr[0][0])
                info["searchinfo"]["args"] = ["phase=map"]
                streams = [[(json.dumps(info).encode(), b"")] + fr[1:]]
            else:
                streams = [iter_frames(p) for p in parts]
            map_times, bodies, failed = [], [], False
            for i, s in enumerate(streams):
                r = drive(argv, s, "map-%s-k%d-%d" % (name, k, i))
                if r is None:
                    failed = True
                    break
                map_times.append(r.exec_s)
                bodies.extend(r.bodies())
            if failed:
                lines.append("| %s | %d | FAILED | | | | | | |" % (name, k))
                continue
            map_rows = sum(len(parse_rows([b])) for b in bodies)
            first = next(iter_frames(frames_for(n)[0][0]))
            reduce_stream = [first] + [
                (json.dumps({"action": "execute", "finished": i == len(bodies) - 1}).encode(), b)
                for i, b in enumerate(bodies)] or [(b'{"action":"execute","finished":true}', b"")]
            r = drive(argv, reduce_stream, "reduce-%s-k%d" % (name, k))
            row = {"command": name, "k": k, "events": n, "map_sum_s": sum(map_times), "map_max_s": max(map_times),
                   "reduce_s": r and r.exec_s, "map_rows": map_rows, "check": check(r, exp), "load": load()}
            results.setdefault("map_peers", []).append(row)
            red = row["reduce_s"]
            lines.append("| %s | %d | %.2f | %.2f | %s | %s | %s | %s | %s |" % (
                name, k, row["map_sum_s"], row["map_max_s"], "-" if red is None else "%.2f" % red,
                "{:,}".format(map_rows), "-" if red is None else "%.2f" % (row["map_sum_s"] + red),
                "-" if red is None else "%.2f" % (row["map_max_s"] + red), row["check"]))
            log(lines[-1])
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="adds 10^7 events (quiet mix) and map peers at 10^6")
    ap.add_argument("--sizes", help="comma-separated event counts (overrides the default)")
    ap.add_argument("--mixes", default="quiet,noisy", help="comma-separated: quiet, noisy")
    ap.add_argument("--noisy-max", type=float, default=2e6, help="largest noisy size run (Python is slow there)")
    ap.add_argument("--java", help="command line for the Java command (default: launcher, else java -jar)")
    ap.add_argument("--startup-runs", type=int, default=7)
    ap.add_argument("--peers", default="1,2,4")
    ap.add_argument("--peer-events", type=int)
    ap.add_argument("--memory-events", type=int, default=1_000_000)
    ap.add_argument("--archive", choices=["made", "none"], default="made",
                    help="made: the launcher runs as splunkd runs it, SPLUNK_HOME set, its class archive (AppCDS, "
                         "or Java 25+'s AOT cache) made by one untimed 10^4-event search first; none: no SPLUNK_HOME, no archive")
    ap.add_argument("--java-home", help="JAVA_HOME for the launcher, e.g. a Java 25 for its AOT cache")
    ap.add_argument("--java-args", default="", help="extra arguments for the Java command only, e.g. max_sessions=20000000")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: throughput,startup,memory,peers,one-core "
                                               "(memory, peers and one-core run only with --full)")
    a = ap.parse_args()
    sizes = [int(float(s)) for s in a.sizes.split(",")] if a.sizes else (
        [10**4, 250_000, 10**6] + ([10**7] if a.full else []))
    peer_events = a.peer_events or (10**6 if a.full else 10**5 * 3)
    skip = set(a.skip.split(",")) | (set() if a.full else {"memory", "peers", "one-core"})
    JAVA_ARGS[:] = a.java_args.split()
    os.makedirs(WORK, exist_ok=True)
    java, java_desc = java_command(a.java)
    java, java_desc = as_deployed(java, java_desc, a.archive, a.java_home)
    results = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "load_start": load(), "java": java_desc,
               "python": subprocess.run(python_command()[:1] + ["-c", "import sys,importlib.metadata as m;print('CPython', sys.version.split()[0], 'splunk-sdk', m.version('splunk-sdk'))"],
                                        capture_output=True, text=True).stdout.strip(),
               "cpus": os.cpu_count(), "platform": platform.platform()}
    log("java: %s; python peer: %s; load %s" % (java_desc, results["python"], " ".join(results["load_start"])))
    results["java_args"] = JAVA_ARGS
    md = ["# concurrentsessions benchmark, %s" % results["started"], "",
          "Java command arguments: %s." % (" ".join(JAVA_ARGS) or "none (defaults)"), "",
          "Java: %s. Python peer: %s. %d CPUs, %s. Load at start: %s." % (
              java_desc, results["python"], results["cpus"], results["platform"], " ".join(results["load_start"])), ""]
    if "throughput" not in skip:
        mixes = a.mixes.split(",")
        md += ["## Throughput (lock-step, 50,000-row chunks; events/s of the execute phase; medians)", ""]
        md += throughput(mixes, sizes, java, results, a.noisy_max) + [""]
        md += ["## Targets (issue 16)", ""] + targets(results) + [""]
    if "one-core" not in skip:
        md += ["## One core", ""] + one_core_table([n for n in sizes if n <= 10**6], java, results) + [""]
    if "startup" not in skip:
        md += ["## Startup: process start to getinfo reply (%d runs)" % a.startup_runs, ""]
        md += startup(java, a.startup_runs, results) + [""]
    if "memory" not in skip:
        md += ["## Memory per tracked session (one event per session)", ""]
        md += memory(java, a.memory_events, results) + [""]
    if "peers" not in skip:
        md += ["## Map peers: k map processes on 1/k of %s events each, then one reduce" % "{:,}".format(peer_events), ""]
        md += map_peers(java, peer_events, [int(k) for k in a.peers.split(",")], results) + [""]
    publish(md, results, "results")


def publish(md, results, stem):
    """Ends the report with the load, prints it, and writes WORK/<stem>.md and .json."""
    results["load_end"] = load()
    md.append("Load at end: %s." % " ".join(results["load_end"]))
    text = "\n".join(md)
    print(text)
    open(os.path.join(WORK, stem + ".md"), "w").write(text + "\n")
    json.dump(results, open(os.path.join(WORK, stem + ".json"), "w"), indent=1)


if __name__ == "__main__":
    main()
