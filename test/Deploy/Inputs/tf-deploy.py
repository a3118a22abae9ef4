#!/usr/bin/env python3
"""`terraform apply` of every example application into the endpoint of
with-moto.py, a check of what was created, then `terraform destroy`.

    tf-deploy.py --rulecc R --work DIR --mirror MIRROR [--examples DIR]
                 [--together] [--then-cfn [--create-stack]]
                 [NAME=FILE.rules[,...]]...

Each application is compiled with `--target=terraform -o WORK/APP/tf/`, and
a `provider.tf.json` written beside its `main.tf.json` points the endpoints
rulecc's resources use (config, iam, lambda, s3, sts) at the server, with
dummy credentials and the account, metadata and credential checks off;
`terraform init` installs hashicorp/aws from the local MIRROR only. After
`apply`, every config rule (owner, source, triggers, scope, parameters,
frequency, Guard policy, tags), function (runtime, handler, timeout, memory,
role, environment, tags, CodeSha256 of the zip), permission and role is read
back with boto3 and compared with main.tf.json; a second `terraform plan`
must find nothing to change; after `destroy` nothing may be left.

--then-cfn also deploys the application's CloudFormation output
(`--code=s3`) into the same, now empty, server and compares what the two
deploys created: the parity of what users would actually get.
--together applies all applications at once, as modules of one root
configuration (faster for many small ones).
"""
import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys

import boto3

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import rulecc_model as rm  # noqa: E402

TF_ENDPOINTS = ("config", "iam", "lambda", "s3", "sts")


def load_cfn_deploy():
    spec = importlib.util.spec_from_file_location(
        "cfn_deploy", os.path.join(os.path.dirname(__file__), "cfn-deploy.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cli_config(work, mirror):
    """Provider installation from the local mirror only: no network."""
    path = os.path.join(work, "terraform.rc")
    with open(path, "w") as f:
        f.write('provider_installation {\n'
                '  filesystem_mirror {\n'
                f'    path    = {json.dumps(mirror)}\n'
                '    include = ["registry.terraform.io/hashicorp/aws"]\n'
                '  }\n'
                '}\n')
    return path


def provider_config(outdir, endpoint):
    provider = {
        "region": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "skip_credentials_validation": True,
        "skip_requesting_account_id": True,
        "skip_metadata_api_check": True,
        "skip_region_validation": True,
        "endpoints": [{name: endpoint for name in TF_ENDPOINTS}],
    }
    with open(os.path.join(outdir, "provider.tf.json"), "w") as f:
        json.dump({"provider": {"aws": provider}}, f, indent=2)


def terraform(env, outdir, *args):
    proc = subprocess.run(["terraform", *args, "-input=false", "-no-color"],
                          cwd=outdir, env=env, capture_output=True, text=True)
    return proc


def check(app, expected, deployed, left, right):
    diffs = rm.differences(expected, deployed, left, right)
    if diffs:
        print(f"{app}: {right} resources differ from {left}:")
        for d in diffs:
            print("  " + d)
        sys.exit(1)


def compile_tf(rulecc, work, app, files):
    outdir = os.path.join(work, app, "tf")
    if subprocess.run([rulecc, *files, "--target=terraform", "-o",
                       outdir + "/"]).returncode != 0:
        sys.exit(f"{app}: rulecc failed")
    return outdir


def root_module(work, name, members):
    """One configuration holding each member application as a module, so
    many applications take one init, apply, plan and destroy."""
    rootdir = os.path.join(work, name)
    os.makedirs(rootdir, exist_ok=True)
    modules = {app: {"source": f"../{app}/tf"} for app, _ in members}
    with open(os.path.join(rootdir, "main.tf.json"), "w") as f:
        json.dump({"module": modules}, f, indent=2)
    return rootdir


def apply_and_check(args, env, session, account, name, members):
    """apply, compare, plan, destroy; returns the applied model."""
    outdirs = [compile_tf(args.rulecc, args.work, app, files)
               for app, files in members]
    rootdir = root_module(args.work, name, members) if args.together \
        else outdirs[0]
    provider_config(rootdir, os.environ["AWS_ENDPOINT_URL"])
    expected = rm.empty_model()
    for outdir in outdirs:
        for kind, entries in rm.from_terraform(
                os.path.join(outdir, "main.tf.json")).items():
            expected[kind].update(entries)
    expected = rm.concretize(expected, account, "us-east-1", "aws")
    created = rm.create_customer_policies(session, expected, account)
    if created:
        print(f"{name}: created the customer policies the roles attach: "
              + ", ".join(created))
    for step in (["init"], ["apply", "-auto-approve"]):
        proc = terraform(env, rootdir, *step)
        if proc.returncode != 0:
            sys.exit(f"{name}: terraform {step[0]} failed:\n"
                     f"{proc.stdout}{proc.stderr}")
    applied = rm.from_aws(session)
    check(name, expected, applied, "main.tf.json", "applied")
    print(f"{name}: applied as in main.tf.json: {rm.counts(applied)}")

    # Drift is reported but does not stop the run: destroy and the
    # CloudFormation comparison still show what else holds.
    proc = terraform(env, rootdir, "plan", "-detailed-exitcode")
    drift = proc.returncode != 0
    if drift:
        changes = "\n".join(
            line for line in proc.stdout.splitlines()
            if line.strip() and not re.search(
                r"Refreshing state|Reading\.\.\.|Read complete", line))
        print(f"{name}: terraform plan after apply is not empty "
              f"(exit {proc.returncode}):\n{changes}{proc.stderr}")
    else:
        print(f"{name}: plan after apply: no changes")

    proc = terraform(env, rootdir, "destroy", "-auto-approve")
    if proc.returncode != 0:
        sys.exit(f"{name}: terraform destroy failed:\n"
                 f"{proc.stdout}{proc.stderr}")
    left = rm.from_aws(session)
    if any(left[k] for k in rm.KINDS):
        sys.exit(f"{name}: left after destroy: {rm.counts(left)}: "
                 f"{json.dumps(left, sort_keys=True)[:2000]}")
    print(f"{name}: destroyed: {rm.counts(left)}")
    return applied, drift


def deploy_cfn_and_compare(args, session, account, name, members, applied):
    """Deploys the CloudFormation output of the same applications into the
    now empty server: it must create what terraform created."""
    cfn = load_cfn_deploy()
    for app, files in members:
        cfndir = os.path.join(args.work, app, "cfn")
        if subprocess.run([args.rulecc, *files, "--code=s3", "-o",
                           cfndir + "/"]).returncode != 0:
            sys.exit(f"{app}: rulecc failed")
        cfn.deploy(session, app, cfndir, account, "rulecc-test-code",
                   with_cli=not args.create_stack)
    deployed = rm.from_aws(session)
    # What CloudFormation cannot express, or moto's CloudFormation does not
    # pass on, is named and left out; all else must match.
    tagged = [n for n, r in applied["rules"].items()
              if n in deployed["rules"] and r["tags"]]
    for n in tagged:
        deployed["rules"][n]["tags"] = applied["rules"][n]["tags"]
    print(f"{name}: not compared: the tags of {len(tagged)} config rules "
          f"(AWS::Config::ConfigRule has no Tags)")
    for note in cfn.moto_gaps(applied, deployed):
        print(f"{name}: {note}")
    check(name, applied, deployed, "terraform apply", "cloudformation deploy")
    print(f"{name}: cloudformation deploy created what terraform apply "
          f"created: {rm.counts(deployed)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rulecc", required=True)
    ap.add_argument("--examples")
    ap.add_argument("apps", nargs="*", metavar="NAME=FILE.rules[,...]")
    ap.add_argument("--work", required=True)
    ap.add_argument("--mirror", required=True)
    ap.add_argument("--then-cfn", action="store_true")
    ap.add_argument("--together", action="store_true",
                    help="apply all applications as modules of one "
                         "configuration (reported as 'all')")
    ap.add_argument("--create-stack", action="store_true",
                    help="CreateStack instead of `aws cloudformation deploy`")
    args = ap.parse_args()
    apps = rm.applications(args.examples, args.apps)
    args.work = os.path.abspath(args.work)  # terraform runs in subdirectories
    os.makedirs(args.work, exist_ok=True)
    env = dict(os.environ)
    env["TF_CLI_CONFIG_FILE"] = cli_config(args.work, args.mirror)
    env["TF_IN_AUTOMATION"] = "1"
    env.pop("TF_PLUGIN_CACHE_DIR", None)
    session = boto3.Session()
    account = session.client("sts").get_caller_identity()["Account"]

    groups = [("all", apps)] if args.together else [(a, [(a, f)])
                                                     for a, f in apps]
    drifted = False
    for name, members in groups:
        applied, drift = apply_and_check(args, env, session, account, name,
                                         members)
        drifted |= drift
        if args.then_cfn:
            deploy_cfn_and_compare(args, session, account, name, members,
                                   applied)
    if drifted:
        sys.exit("terraform plan found changes after apply")


if __name__ == "__main__":
    main()
