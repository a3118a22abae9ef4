"""Checks a --target=bundle output (a directory, or one zip) against its
sources: exactly one directory per function holding the handler file,
unchanged, and every runtime helper of its language, byte for byte as in the
source tree's runtime/ folder. A zip must also be deterministic: sorted
entries, no directory entries, 1980-01-01 00:00 timestamps, Unix mode 0644,
deflate. Prints the files it saw, for FileCheck.

usage: check-bundle.py [--ignore FILE]... OUTPUT SOURCE_ROOT FUNCTION=HANDLER_FILE...
(--ignore: a file of the output that is not code, such as a template)
"""
import glob
import os
import sys
import zipfile

HELPERS = {".py": ("python", "*.py"), ".js": ("node", "*.js")}


def expected_files(source_root, specs):
    files = {}
    for spec in specs:
        function, handler = spec.split("=", 1)
        files[function + "/" + os.path.basename(handler)] = open(
            handler, "rb").read()
        lang = HELPERS.get(os.path.splitext(handler)[1])
        if lang:
            pattern = os.path.join(source_root, "runtime", lang[0], lang[1])
            for helper in glob.glob(pattern):
                files[function + "/" + os.path.basename(helper)] = open(
                    helper, "rb").read()
    return files


def read_directory(root):
    files = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            files[rel] = open(path, "rb").read()
    return files


def read_zip(path):
    archive = zipfile.ZipFile(path)
    assert archive.testzip() is None
    names = archive.namelist()
    assert names == sorted(names, key=lambda n: n.encode()), names
    files = {}
    for info in archive.infolist():
        assert not info.is_dir(), info.filename
        assert info.date_time == (1980, 1, 1, 0, 0, 0), info
        assert info.create_system == 3, info  # Unix
        assert info.external_attr >> 16 == 0o100644, oct(info.external_attr)
        assert info.compress_type == zipfile.ZIP_DEFLATED, info
        files[info.filename] = archive.read(info)
    return files


def main():
    args, ignored = sys.argv[1:], set()
    while args[0] == "--ignore":
        ignored.add(args[1])
        args = args[2:]
    output, source_root, specs = args[0], args[1], args[2:]
    actual = (read_directory(output) if os.path.isdir(output)
              else read_zip(output))
    for name in ignored:
        del actual[name]
    expected = expected_files(source_root, specs)
    if sorted(actual) != sorted(expected):
        sys.exit("files differ:\n  got      %s\n  expected %s" %
                 (sorted(actual), sorted(expected)))
    for name in sorted(expected):
        if actual[name] != expected[name]:
            sys.exit("%s: the bytes differ from its source" % name)
        print(name)


main()
