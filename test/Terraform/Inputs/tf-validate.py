#!/usr/bin/env python3
"""Compiles applications with --target=terraform and runs `terraform init`
(offline, from a local provider mirror) and `terraform validate -json` on
each. Prints `<name>: <E> errors, <W> warnings` per application, then every
diagnostic; exits 1 when any application has an error or a warning.

  tf-validate.py --rulecc R --mirror M --work DIR [--examples DIR] [--together]
                 [--edit TYPE:ATTRIBUTE=VALUE]... [NAME=FILE.rules[,...]]...

--edit sets an attribute of every resource of a type after compiling, so a
test can show that the check catches what terraform rejects.
"""
import argparse
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "utils"))
from example_apps import example_apps  # noqa: E402  (test/utils)


def cli_config(work, mirror):
    path = os.path.join(work, "terraform.rc")
    with open(path, "w") as f:
        f.write('provider_installation {\n'
                '  filesystem_mirror {\n'
                '    path    = %s\n'
                '    include = ["registry.terraform.io/hashicorp/aws"]\n'
                '  }\n'
                '  direct {\n'
                '    exclude = ["registry.terraform.io/hashicorp/aws"]\n'
                '  }\n'
                '}\n' % json.dumps(mirror))
    return path


def edit(config, edits):
    with open(config) as f:
        tf = json.load(f)
    for e in edits:
        target, _, value = e.partition("=")
        rtype, _, attribute = target.partition(":")
        for body in tf.get("resource", {}).get(rtype, {}).values():
            body[attribute] = value
    with open(config, "w") as f:
        json.dump(tf, f, indent=2)


def run(cmd, env, cwd=None):
    return subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True)


def validate(directory, env):
    r = run(["terraform", "init", "-input=false", "-no-color",
             "-backend=false"], env, cwd=directory)
    if r.returncode != 0:
        return {"valid": False, "diagnostics": [
            {"severity": "error", "summary": "terraform init failed",
             "detail": r.stdout + r.stderr}]}
    r = run(["terraform", "validate", "-json", "-no-color"], env,
            cwd=directory)
    try:
        return json.loads(r.stdout)
    except ValueError:
        return {"valid": False, "diagnostics": [
            {"severity": "error", "summary": "no JSON from terraform validate",
             "detail": r.stdout + r.stderr}]}


def report(name, diags):
    """Prints the counts and diagnostics of one application; True when it
    has any."""
    errors = sum(1 for d in diags if d.get("severity") == "error")
    warnings = sum(1 for d in diags if d.get("severity") == "warning")
    print("%s: %d errors, %d warnings" % (name, errors, warnings))
    for d in diags:
        print("  %s: %s: %s %s" % (d.get("severity"), d.get("summary"),
                                   d.get("detail", ""),
                                   json.dumps(d.get("range", {}))))
    return bool(diags)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rulecc", required=True)
    ap.add_argument("--mirror", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--examples")
    ap.add_argument("--edit", action="append", default=[])
    ap.add_argument("--together", action="store_true")
    ap.add_argument("apps", nargs="*")
    args = ap.parse_args()

    apps = example_apps(args.examples) if args.examples else []
    if args.examples and not apps:
        sys.exit("no example application under %s" % args.examples)
    for spec in args.apps:
        name, _, files = spec.partition("=")
        apps.append((name, files.split(",")))

    os.makedirs(args.work, exist_ok=True)
    env = dict(os.environ)
    env["TF_CLI_CONFIG_FILE"] = cli_config(args.work, args.mirror)
    env["TF_PLUGIN_CACHE_DIR"] = os.path.join(args.work, "plugin-cache")
    env["TF_IN_AUTOMATION"] = "1"
    env["CHECKPOINT_DISABLE"] = "1"
    os.makedirs(env["TF_PLUGIN_CACHE_DIR"], exist_ok=True)

    # terraform validate spends seconds loading the provider's schema: with
    # --together, every application is a module of one root configuration,
    # validated once, and diagnostics are counted by the module they name.
    failed = False
    compiled = []
    for name, files in apps:
        out = os.path.join(args.work, name)
        r = run([args.rulecc, "--target=terraform", "-o", out + "/"] + files,
                env)
        if r.returncode != 0:
            print("%s: rulecc failed (%d)\n%s" % (name, r.returncode,
                                                  r.stderr))
            failed = True
            continue
        if args.edit:
            edit(os.path.join(out, "main.tf.json"), args.edit)
        compiled.append(name)
    if args.together:
        with open(os.path.join(args.work, "main.tf.json"), "w") as f:
            json.dump({"module": {n: {"source": "./" + n} for n in compiled}},
                      f, indent=2)
        results = validate(args.work, env)
        for name in compiled:
            diags = [d for d in results["diagnostics"]
                     if d.get("range", {}).get("filename", "")
                     .startswith(name + "/")]
            failed |= report(name, diags)
        rest = [d for d in results["diagnostics"]
                if not any(d.get("range", {}).get("filename", "")
                           .startswith(n + "/") for n in compiled)]
        if rest:
            failed |= report("(root)", rest)
        failed |= not results["valid"]
    else:
        for name in compiled:
            results = validate(os.path.join(args.work, name), env)
            failed |= report(name, results["diagnostics"])
            failed |= not results["valid"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
