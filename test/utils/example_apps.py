"""The example applications under examples/, as the tests compile them.

A directory holding an `app.rules` is one application made of all its
.rules files (examples/seed). In any other directory each .rules file is an
application of its own (examples/community: one rule per file, as its
README says), named `<directory>-<file stem>` with `-` for `_`, so the name
is also a CloudFormation stack name and a Terraform module name.
"""
import glob
import os


def example_apps(examples):
    """[(name, [FILE.rules...])] of every application under `examples`, in
    order of name within each directory, directories in sorted order."""
    apps = []
    for d in sorted(glob.glob(os.path.join(examples, "*", ""))):
        files = sorted(glob.glob(os.path.join(d, "*.rules")))
        name = os.path.basename(os.path.dirname(d))
        if not files:
            continue
        if os.path.join(d, "app.rules") in files:
            apps.append((name, files))
            continue
        for f in files:
            stem = os.path.splitext(os.path.basename(f))[0]
            apps.append((f"{name}-{stem}".replace("_", "-"), [f]))
    return apps
