#!/usr/bin/env python3
"""`terraform apply` of every example application into the endpoint of
with-moto.py, a check of what was created, then `terraform destroy`.

    tf-deploy.py --rulecc R --examples DIR --work DIR --mirror MIRROR
                 [--then-cfn]

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
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys

import boto3

import rulecc_model as rm

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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rulecc", required=True)
    ap.add_argument("--examples", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--mirror", required=True)
    ap.add_argument("--then-cfn", action="store_true")
    args = ap.parse_args()
    apps = rm.example_apps(args.examples)
    if not apps:
        sys.exit(f"no example application under {args.examples}")
    args.work = os.path.abspath(args.work)  # terraform runs in subdirectories
    os.makedirs(args.work, exist_ok=True)
    env = dict(os.environ)
    env["TF_CLI_CONFIG_FILE"] = cli_config(args.work, args.mirror)
    env["TF_IN_AUTOMATION"] = "1"
    env.pop("TF_PLUGIN_CACHE_DIR", None)
    session = boto3.Session()
    account = session.client("sts").get_caller_identity()["Account"]

    for app, files in apps:
        outdir = os.path.join(args.work, app, "tf")
        if subprocess.run([args.rulecc, *files, "--target=terraform", "-o",
                           outdir + "/"]).returncode != 0:
            sys.exit(f"{app}: rulecc failed")
        provider_config(outdir, os.environ["AWS_ENDPOINT_URL"])
        for step in (["init"], ["apply", "-auto-approve"]):
            proc = terraform(env, outdir, *step)
            if proc.returncode != 0:
                sys.exit(f"{app}: terraform {step[0]} failed:\n"
                         f"{proc.stdout}{proc.stderr}")
        expected = rm.concretize(
            rm.from_terraform(os.path.join(outdir, "main.tf.json")), account,
            "us-east-1", "aws")
        applied = rm.from_aws(session)
        check(app, expected, applied, "main.tf.json", "applied")
        print(f"{app}: applied as in main.tf.json: {rm.counts(applied)}")

        proc = terraform(env, outdir, "plan", "-detailed-exitcode")
        if proc.returncode != 0:
            sys.exit(f"{app}: terraform plan after apply is not empty "
                     f"(exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
        print(f"{app}: plan after apply: no changes")

        proc = terraform(env, outdir, "destroy", "-auto-approve")
        if proc.returncode != 0:
            sys.exit(f"{app}: terraform destroy failed:\n"
                     f"{proc.stdout}{proc.stderr}")
        left = rm.from_aws(session)
        if any(left[k] for k in rm.KINDS):
            sys.exit(f"{app}: left after destroy: {rm.counts(left)}: "
                     f"{json.dumps(left, sort_keys=True)[:2000]}")
        print(f"{app}: destroyed: {rm.counts(left)}")

        if args.then_cfn:
            cfn = load_cfn_deploy()
            cfndir = os.path.join(args.work, app, "cfn")
            if subprocess.run([args.rulecc, *files, "--code=s3", "-o",
                               cfndir + "/"]).returncode != 0:
                sys.exit(f"{app}: rulecc failed")
            cfn.deploy(session, app, cfndir, account, "rulecc-test-code")
            deployed = rm.from_aws(session)
            # What CloudFormation cannot express, or moto's CloudFormation
            # does not pass on, is named and left out; all else must match.
            for name, rule in applied["rules"].items():
                if name in deployed["rules"] and rule["tags"]:
                    deployed["rules"][name]["tags"] = rule["tags"]
            print(f"{app}: not compared: the tags of config rules "
                  f"(AWS::Config::ConfigRule has no Tags)")
            for note in cfn.moto_gaps(applied, deployed):
                print(f"{app}: {note}")
            check(app, applied, deployed, "terraform apply",
                  "cloudformation deploy")
            print(f"{app}: cloudformation deploy created what terraform "
                  f"apply created: {rm.counts(deployed)}")


if __name__ == "__main__":
    main()
