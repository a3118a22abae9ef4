"""Runs a command (stderr discarded) and succeeds when it exits with the
given status; lit's shell has no `$?`."""
import subprocess
import sys

status = subprocess.call(sys.argv[2:], stderr=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL)
if status != int(sys.argv[1]):
    sys.exit('exit status %d, expected %s' % (status, sys.argv[1]))
