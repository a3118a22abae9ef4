#!/usr/bin/env python3
"""Compiles every prefix of a file (at a step) and fails on a crash, a hang,
an unexpected status or an error without a location.

usage: truncations.py [--step N] RULECC FILE TMPDIR
"""

import argparse
import os
import re
import subprocess
import sys

LOCATED = re.compile(rb'^\S+:\d+:\d+: error: ', re.M)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--step', type=int, default=1)
    ap.add_argument('--timeout', type=float, default=10.0)
    ap.add_argument('rulecc')
    ap.add_argument('file')
    ap.add_argument('tmpdir')
    args = ap.parse_args()
    data = open(args.file, 'rb').read()
    os.makedirs(args.tmpdir, exist_ok=True)
    # Keep the example's name and folder layout, so that its handler files
    # are found next to the prefix as they are next to the original.
    path = os.path.join(args.tmpdir, os.path.basename(args.file))
    failures = 0
    for n in list(range(0, len(data), args.step)) + [len(data)]:
        with open(path, 'wb') as f:
            f.write(data[:n])
        try:
            proc = subprocess.run([args.rulecc, '--check', path],
                                  capture_output=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print('prefix of %d bytes: no answer in %g s' % (n, args.timeout))
            failures += 1
            continue
        problem = None
        if proc.returncode < 0:
            problem = 'killed by signal %d' % -proc.returncode
        elif proc.returncode not in (0, 1):
            problem = 'exit status %d' % proc.returncode
        elif proc.returncode == 1 and not LOCATED.search(proc.stderr):
            problem = 'an error without a location'
        if problem:
            print('prefix of %d bytes: %s\n%s' % (n, problem,
                                                  proc.stderr.decode(errors='replace')))
            failures += 1
    print('%d prefixes, %d failures' % (len(range(0, len(data), args.step)) + 1,
                                        failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
