#!/usr/bin/env python3
"""The ceiling: a peer that reads every frame and answers it without looking at the body.
Driven lock-step like the real commands, it measures what the pipe and the driver cost."""
import re
import sys

HEADER = re.compile(rb"chunked\s*1\.0\s*,\s*(\d+)\s*,\s*(\d+)\s*\r?\n")
inp, out = sys.stdin.buffer, sys.stdout.buffer
first = True
while True:
    line = inp.readline()
    if not line:
        break
    ml, bl = map(int, HEADER.fullmatch(line).groups())
    meta = inp.read(ml)
    body = inp.read(bl)
    if first:
        reply = b'{"type":"reporting"}'
        first = False
    else:
        reply = b'{"finished":true}' if b'"finished":true' in meta else b'{"finished":false}'
    out.write(b"chunked 1.0,%d,0\n" % len(reply) + reply)
    out.flush()
