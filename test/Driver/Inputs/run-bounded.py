#!/usr/bin/env python3
"""Runs a command under limits and checks how it ended (bad-input tests).

usage: run-bounded.py [--timeout S] [--exit 1,2] [--max-output N] -- cmd...

The command's stdout and stderr are passed through. Exits 0 when the command
finished within S seconds, was not killed by a signal (a crash), exited with
one of the listed statuses and wrote at most N bytes on each stream; else
says why on stderr and exits 1. `not` cannot tell a hang or a crash from a
clean failure; this can.
"""

import argparse
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--timeout', type=float, default=10.0)
    ap.add_argument('--exit', default='1,2',
                    help='comma-separated accepted exit statuses')
    ap.add_argument('--max-output', type=int, default=64 * 1024)
    ap.add_argument('cmd', nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ['--'] else args.cmd
    accepted = {int(s) for s in args.exit.split(',')}
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        sys.stderr.write('run-bounded: %s did not finish in %g s\n'
                         % (cmd[0], args.timeout))
        return 1
    sys.stdout.buffer.write(proc.stdout)
    sys.stdout.flush()
    sys.stderr.buffer.write(proc.stderr[:args.max_output])
    sys.stderr.flush()
    problems = []
    if proc.returncode < 0:
        problems.append('was killed by signal %d' % -proc.returncode)
    elif proc.returncode not in accepted:
        problems.append('exited with %d, expected one of %s'
                        % (proc.returncode, sorted(accepted)))
    for name, data in (('stdout', proc.stdout), ('stderr', proc.stderr)):
        if len(data) > args.max_output:
            problems.append('wrote %d bytes on %s (limit %d)'
                            % (len(data), name, args.max_output))
    for p in problems:
        sys.stderr.write('run-bounded: %s %s\n' % (cmd[0], p))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
