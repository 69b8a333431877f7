#!/usr/bin/env python3
"""A lock-step SCP v2 driver: plays splunkd against one command process.

splunkd writes one request, waits for exactly one reply, then writes the next. This driver
does the same with the frames of a file (from gen_frames.py): it writes a frame, reads one
reply frame, and so on; after the last request it keeps sending empty finished execute
requests while the command answers finished:false (splunkd's paging). It times the
getinfo round trip (process start -> getinfo reply), the execute phase, and reads the
child's peak RSS and CPU time from wait4.

CLI: scp_driver.py FRAMES -- COMMAND...   prints one JSON line of measurements.
"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import threading
import time

HEADER = re.compile(rb"chunked\s*1\.0\s*,\s*(\d+)\s*,\s*(\d+)\s*\r?\n")
csv.field_size_limit(10 * 1024 * 1024)


def tree_pids(pid):
    """pid and its descendants: a launcher script that runs java as a child rather than exec'ing
    it is measured with its JVM."""
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(open("/proc/%s/stat" % d).read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        q = todo.pop()
        out.append(q)
        todo.extend(children.get(q, []))
    return out


def tree_hwm_kb(pid):
    """Sum of VmHWM (peak resident set) over pid and its descendants."""
    total = 0
    for q in tree_pids(pid):
        try:
            for line in open("/proc/%d/status" % q):
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def thread_cpu_s(pid):
    """CPU seconds (user + system) per thread name of a live process and its descendants
    ({"java": 1.2, "C2 CompilerThre": 0.4, "GC Thread": 0.1, ...}; "java" is the JVM's main thread)."""
    out = {}
    tick = os.sysconf("SC_CLK_TCK")
    for q in tree_pids(pid):
        try:
            tids = os.listdir("/proc/%d/task" % q)
        except OSError:
            continue
        for tid in tids:
            try:
                head, rest = open("/proc/%d/task/%s/stat" % (q, tid)).read().rsplit(")", 1)
                name = re.sub(r"#?\d+$", "", head.split("(", 1)[1]).strip()
                f = rest.split()
                out[name] = out.get(name, 0.0) + (int(f[11]) + int(f[12])) / tick
            except (OSError, IndexError, ValueError):
                continue
    return out


def cpu_s(pid):
    """CPU seconds a live process and its descendants have used so far (10 ms ticks)."""
    return sum(thread_cpu_s(pid).values())


def read_frame(stream):
    """(metadata bytes, body bytes), or None at a clean EOF."""
    line = stream.readline()
    if not line:
        return None
    m = HEADER.fullmatch(line)
    if m is None:
        raise ValueError("bad frame header %r" % line[:80])
    ml, bl = int(m.group(1)), int(m.group(2))
    meta = stream.read(ml)
    body = stream.read(bl) if bl else b""
    if len(meta) != ml or len(body) != bl:
        raise EOFError("EOF inside a frame")
    return meta, body


def frame(meta, body=b""):
    m = json.dumps(meta, separators=(",", ":")).encode()
    return b"chunked 1.0,%d,%d\n" % (len(m), len(body)) + m + body


def iter_frames(path):
    with open(path, "rb", buffering=1 << 20) as f:
        while True:
            fr = read_frame(f)
            if fr is None:
                return
            yield fr


def count_rows(body):
    """Data rows in a CSV body (quoted newlines counted properly)."""
    if not body:
        return 0
    return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8", "replace")))) - 1)


class Run:
    """One command process driven lock-step. Fields are filled in as it goes."""

    def __init__(self, argv, stderr_path=os.devnull, env=None, timeout=1800):
        self.argv, self.stderr_path, self.env, self.timeout = argv, stderr_path, env, timeout
        self.replies = []          # (meta dict, body bytes) of every execute reply
        self.getinfo_reply = None
        self.startup_s = self.exec_s = self.total_s = None
        self.finish_s = None       # from writing the finished chunk to reading the last reply
        self.finish_rows = 0       # rows in the replies to the finished chunk and its pages
        self.finish_cpu_s = None   # the command's CPU seconds in that window (10 ms ticks)
        self.finish_threads_cpu_s = {}  # the same per thread name (main, compiler threads, GC)
        self.finish_at = self.end_at = None  # time.time() at the finished chunk and at the last reply
        self.rss_kb = self.cpu_s = self.hwm_kb = None
        self.exit_code = None
        self.events_sent = 0

    def drive(self, frames, probe_only=False, keep_bodies=True):
        # Everything the driver needs is read and counted before the clock starts: splunkd has
        # its events in memory, and a driver reading a file inside the timed window charged its
        # own disk reads and parsing to whichever command it drove (a third of the ceiling).
        frames = [(m, b, b.count(b"\n") - 1 if b else 0, b'"finished":true' in m.replace(b" ", b""))
                  for m, b in frames]
        err = open(self.stderr_path, "ab")
        t0 = time.perf_counter()
        p = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                             env=self.env, bufsize=1 << 20)
        killer = threading.Timer(self.timeout, p.kill)
        killer.start()
        try:
            it = iter(frames)
            meta, body, _, _ = next(it)
            p.stdin.write(b"chunked 1.0,%d,%d\n" % (len(meta), len(body)) + meta + body)
            p.stdin.flush()
            reply = read_frame(p.stdout)
            t1 = time.perf_counter()
            self.startup_s = t1 - t0
            if reply is None:
                raise RuntimeError("no getinfo reply from %s" % self.argv)
            self.getinfo_reply = json.loads(reply[0])
            if probe_only or self.getinfo_reply.get("error"):
                p.stdin.close()
            else:
                finished = False
                t_finish = None
                for meta, body, rows, finished in it:
                    if finished:
                        t_finish = time.perf_counter()
                        self.finish_at = time.time()  # wall clock, to find the step in a JFR recording
                        cpu_at_finish = cpu_s(p.pid)
                        threads_at_finish = thread_cpu_s(p.pid)
                        first_finishing = len(self.replies)
                    p.stdin.write(b"chunked 1.0,%d,%d\n" % (len(meta), len(body)))
                    p.stdin.write(meta)
                    p.stdin.write(body)
                    p.stdin.flush()
                    self.events_sent += rows
                    self._reply(p, keep_bodies or finished)  # finishing rows are counted
                pages = 0
                while finished and not self.replies[-1][0].get("finished", False) and pages < 100000:
                    p.stdin.write(frame({"action": "execute", "finished": True}))
                    p.stdin.flush()
                    self._reply(p, True)
                    pages += 1
                t2 = time.perf_counter()
                self.end_at = time.time()
                self.exec_s = t2 - t1
                if t_finish is not None:
                    self.finish_s = t2 - t_finish
                    cpu_end = cpu_s(p.pid)
                    if cpu_at_finish is not None and cpu_end is not None:
                        self.finish_cpu_s = cpu_end - cpu_at_finish  # a busy machine stretches wall time, not this
                        after = thread_cpu_s(p.pid)
                        self.finish_threads_cpu_s = {k: v - threads_at_finish.get(k, 0.0) for k, v in after.items()
                                                     if v - threads_at_finish.get(k, 0.0) > 0}
                    self.finish_rows = sum(count_rows(b) for _, b in self.replies[first_finishing:])
                self.hwm_kb = tree_hwm_kb(p.pid)
                p.stdin.close()
            rest = p.stdout.read()
            if rest:
                raise RuntimeError("%d unexpected bytes after the last reply" % len(rest))
            _, status, ru = os.wait4(p.pid, 0)
            p.returncode = os.waitstatus_to_exitcode(status)
            self.total_s = time.perf_counter() - t0
            self.exit_code = p.returncode
            # ru_maxrss of a child started by (v)fork counts the parent's pages at exec time:
            # a harness holding big buffers would inflate it. VmHWM, read while the command
            # still waits for input, is the command's own peak.
            self.rss_kb = self.hwm_kb if self.hwm_kb else ru.ru_maxrss
            self.cpu_s = ru.ru_utime + ru.ru_stime
        finally:
            killer.cancel()
            if p.poll() is None and p.returncode is None:
                p.kill()
            err.close()
        return self

    def _reply(self, p, keep_bodies):
        r = read_frame(p.stdout)
        if r is None:
            raise RuntimeError("command closed stdout without replying (%s)" % self.argv[0])
        meta = json.loads(r[0])
        if meta.get("error"):
            raise RuntimeError("command error: %s" % meta.get("error"))
        self.replies.append((meta, r[1] if keep_bodies else b""))

    def bodies(self):
        return [b for _, b in self.replies if b]


def parse_rows(bodies):
    """Result rows as dicts field -> list of values (splunkd's __mv_ rules)."""
    rows = []
    for body in bodies:
        reader = csv.reader(io.StringIO(body.decode("utf-8", "replace"), newline=""))
        header = next(reader, None)
        if not header:
            continue
        for values in reader:
            rec = dict(zip(header, values))
            row = {}
            for name, value in rec.items():
                if name.startswith("__mv_"):
                    continue
                mv = rec.get("__mv_" + name, "")
                if mv:
                    row[name] = [v.replace("$$", "$") for v in re.findall(r"\$((?:\$\$|[^$])*)\$(?:;|$)", mv)]
                else:
                    row[name] = [value] if value != "" else []
            rows.append(row)
    return rows


def normalise(rows):
    """Comparable tuples: (Operation, user, SessionId, firstTime, lastTime, ips, user_agents)."""
    out = []
    for r in rows:
        one = lambda f: (r.get(f) or [""])[0]
        out.append((one("Operation"), one("user"), one("SessionId"),
                    round(float(one("firstTime") or "nan"), 3), round(float(one("lastTime") or "nan"), 3),
                    tuple(r.get("ips", [])), tuple(r.get("user_agents", []))))
    return out


def load_expected(path):
    with open(path) as f:
        return [(a, b, c, round(d, 3), round(e, 3), tuple(ips), tuple(uas))
                for a, b, c, d, e, ips, uas in map(json.loads, f)]


if __name__ == "__main__":
    i = sys.argv.index("--")
    path, argv = sys.argv[1], sys.argv[i + 1:]
    run = Run(argv, stderr_path="/dev/stderr").drive(iter_frames(path))
    print(json.dumps({"startup_s": run.startup_s, "exec_s": run.exec_s, "total_s": run.total_s,
                      "finish_s": run.finish_s, "finish_cpu_s": run.finish_cpu_s, "finish_threads_cpu_s": run.finish_threads_cpu_s, "finish_rows": run.finish_rows,
                      "rss_kb": run.rss_kb, "cpu_s": run.cpu_s, "events": run.events_sent,
                      "rows": len(parse_rows(run.bodies())), "getinfo": run.getinfo_reply}))
