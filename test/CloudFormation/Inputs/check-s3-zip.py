"""Checks a --code=s3 output: the function's zip is named by its SHA-256, is
deterministic (zip epoch timestamps, mode 0644), holds exactly the handler
file and the runtime helpers of its language (from the source tree's
runtime/ folder), and the template's S3Key names it.

usage: check-s3-zip.py OUTPUT_DIR FUNCTION_NAME HANDLER_FILE SOURCE_ROOT
"""
import glob
import hashlib
import os
import sys
import zipfile

out, function, handler, source_root = sys.argv[1:5]
zips = glob.glob(os.path.join(out, function, "*.zip"))
assert len(zips) == 1, zips
path = zips[0]
data = open(path, "rb").read()
digest = hashlib.sha256(data).hexdigest()
assert os.path.basename(path) == digest + ".zip", path
archive = zipfile.ZipFile(path)
expected = {os.path.basename(handler): handler}
lang = {".py": ("python", "*.py"), ".js": ("node", "*.js")}.get(
    os.path.splitext(handler)[1])
if lang:
    for helper in glob.glob(os.path.join(source_root, "runtime", *lang)):
        expected[os.path.basename(helper)] = helper
assert archive.namelist() == sorted(expected), archive.namelist()
for name, source in expected.items():
    info = archive.getinfo(name)
    assert info.date_time == (1980, 1, 1, 0, 0, 0), info.date_time
    assert info.external_attr >> 16 == 0o100644, oct(info.external_attr >> 16)
    assert archive.read(name) == open(source, "rb").read(), name
key = "%s/%s.zip" % (function, digest)
template = open(os.path.join(out, "template.yaml")).read()
assert "S3Key: %s\n" % key in template, key
print("ok", key)
