"""Prints `<sha256> <path>` for every .zip under the given directories,
paths relative to the directory, sorted (and `<sha256>` alone for a zip file
given by name): two builds gave the same zips when these listings are equal.

usage: zip-hashes.py PATH...
"""
import hashlib
import os
import sys

for arg in sys.argv[1:]:
    paths = []
    if os.path.isdir(arg):
        for dirpath, _, names in os.walk(arg):
            paths += [os.path.join(dirpath, n) for n in names
                      if n.endswith(".zip")]
    else:
        paths.append(arg)
    for path in sorted(paths):
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
        if os.path.isdir(arg):
            print(digest, os.path.relpath(path, arg).replace(os.sep, "/"))
        else:
            print(digest)
