#!/usr/bin/env python3
"""Checks the code zip of every aws_lambda_function in DIR/main.tf.json
(or in the FILE named): the zip exists at `filename` (relative to the
configuration's directory), its name is its SHA-256, `source_code_hash` is
the base64 of that digest, and the handler's module is in the zip. Prints
one line per function and its entries; exits 1 on any mismatch."""
import base64
import hashlib
import json
import os
import sys
import zipfile


def main(path):
    config = path if path.endswith(".json") else os.path.join(path, "main.tf.json")
    root = os.path.dirname(config)
    with open(config) as f:
        tf = json.load(f)
    functions = tf.get("resource", {}).get("aws_lambda_function", {})
    if not functions:
        print("no aws_lambda_function")
        return 1
    bad = False
    for name, fn in sorted(functions.items()):
        rel = fn["filename"]
        prefix = "${path.module}/"
        if not rel.startswith(prefix):
            print("%s: filename %r not relative to path.module" % (name, rel))
            bad = True
            continue
        rel = rel[len(prefix):]
        with open(os.path.join(root, rel), "rb") as f:
            data = f.read()
        digest = hashlib.sha256(data).digest()
        name_ok = os.path.basename(rel) == digest.hex() + ".zip"
        hash_ok = fn["source_code_hash"] == base64.b64encode(digest).decode()
        bad |= not (name_ok and hash_ok)
        print("aws_lambda_function.%s: %s sha256 %s, source_code_hash %s" %
              (name, rel, "ok" if name_ok else "MISMATCH",
               "ok" if hash_ok else "MISMATCH"))
        entries = zipfile.ZipFile(os.path.join(root, rel)).namelist()
        for e in entries:
            print("  " + e)
        module = fn["handler"].rsplit(".", 1)[0]
        found = any(os.path.splitext(e)[0] == module for e in entries)
        bad |= not found
        print("  handler %s: module %s" % (fn["handler"],
                                           "found" if found else "MISSING"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
