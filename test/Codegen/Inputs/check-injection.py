"""Runs the module compiled from injection.rules (Python in-process, or
Node.js through run_handler.js) on a bucket with a hostile name, and checks
that every string of the rule file comes back byte for byte as data.

usage: check-injection.py BUNDLE_DIR python|node UTILS_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

A = '"""; import os; os._exit(3) #'
B = '\'; process.exit(4); // \\ "'
C = '`${process.exit(5)}` \\"\r\n\x0b\x1b'
D = 'raw """ \'\'\' #{not_code} ${x}\n'
NOTE = 'p"\'\\"""${process.exit(2)}#{x}`\n\u2028\u2029\t\x01'
NAME = 'evil"; os._exit(7) # ${process.exit(7)} \'); //'
EXPECTED = "|".join([A, B, C, D, NOTE, "\U0001F600", "\u2028", NAME])

ITEM = {"resourceType": "AWS::S3::Bucket", "resourceId": "b",
        "configurationItemStatus": "OK",
        "configurationItemCaptureTime": "2024-05-01T00:00:00.000Z",
        "configuration": {"name": NAME}}
FUNCTION = "injection-hostile_rule-hostile"


def main():
    bundle, lang, utils = sys.argv[1:4]
    if lang == "python":
        sys.path.insert(0, utils)
        import run_handler
        got = run_handler.run(bundle, FUNCTION, "hostile", ITEM, {}, None)
    else:
        with tempfile.NamedTemporaryFile("w", suffix=".json",
                                         delete=False) as f:
            json.dump(ITEM, f)
        try:
            out = subprocess.run(
                ["node", os.path.join(utils, "run_handler.js"), bundle,
                 FUNCTION, "hostile", "--now", "2024-06-01T00:00:00Z", f.name],
                check=True, stdout=subprocess.PIPE).stdout
        finally:
            os.unlink(f.name)
        got = json.loads(out)
    if got != {"verdict": "NON_COMPLIANT", "annotation": EXPECTED,
               "error": None}:
        print("expected %r\n     got %r" % (EXPECTED, got))
        return 1
    print("%s: the hostile strings came back as data" % lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
