#!/usr/bin/env python3
"""Runs a command and fails unless it exits with the given status; its
output passes through. Usage: expect-exit.py STATUS -- CMD ARGS..."""
import subprocess
import sys

want = int(sys.argv[1])
assert sys.argv[2] == "--"
got = subprocess.call(sys.argv[3:])
if got != want:
    sys.exit("expected exit status %d, got %d" % (want, got))
