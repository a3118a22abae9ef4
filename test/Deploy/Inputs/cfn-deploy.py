#!/usr/bin/env python3
"""Deploys a rulecc CloudFormation output into the endpoint of with-moto.py
and checks that what was created is what the template describes.

    cfn-deploy.py --rulecc R --examples DIR --work DIR [--code MODE]
                  [--bucket B] [--tamper]

Compiles every example application (`rulecc --code=MODE -o WORK/APP/`) and
deploys it as the stack APP. With a CodeBucket parameter (`--code=s3`) the
bucket is created and every zip of the output uploaded at its path (the key
the template names) first. The deploy is `aws cloudformation deploy`, as a user
runs it. Then every Lambda function, permission and IAM role of the endpoint
is compared with the template's, setting by setting.

moto's CloudFormation does not model AWS::Config::ConfigRule: it logs
"No Moto CloudFormation support", marks the stack CREATE_COMPLETE and
creates no rule. So the rules are then created through the Config API
(PutConfigRule) from the template's own properties, the function ARNs
resolved to the functions the stack created, and compared like the rest.
Should a later moto create them itself, they are compared as created.
Remediations have neither CloudFormation nor API support in moto 5.2: a
template with one fails here, saying so.
"""
import argparse
import json
import os
import subprocess
import sys

import boto3

import rulecc_model as rm


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
    return proc.returncode


def upload_code(session, outdir, bucket):
    s3 = session.client("s3")
    try:
        s3.create_bucket(Bucket=bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass  # an earlier application's
    n = 0
    for root, _, files in os.walk(outdir):
        for f in sorted(files):
            if f.endswith(".zip"):
                path = os.path.join(root, f)
                key = os.path.relpath(path, outdir).replace(os.sep, "/")
                s3.upload_file(path, bucket, key)
                n += 1
    return n


def stack_failure(session, stack):
    cfn = session.client("cloudformation")
    try:
        events = cfn.describe_stack_events(StackName=stack)["StackEvents"]
    except Exception as e:  # the stack may not exist at all
        return str(e)
    return "\n".join(f"  {e['LogicalResourceId']} {e.get('ResourceType', '')}"
                     f" {e['ResourceStatus']} {e.get('ResourceStatusReason', '')}"
                     for e in events)


def config_rule_request(props):
    """PutConfigRule's ConfigRule from a template's resolved properties."""
    rule = {k: v for k, v in props.items() if k != "InputParameters"}
    if "InputParameters" in props:
        rule["InputParameters"] = json.dumps(props["InputParameters"])
    return rule


def create_rules(session, template, parameters, account):
    """Creates the template's rules through the Config API; returns how many."""
    cfg = session.client("config")
    res = rm.CfnResolver(template, parameters)
    n = 0
    for logical, r in template["Resources"].items():
        if r["Type"] != "AWS::Config::ConfigRule":
            continue
        props = rm.concretize(res.value(r["Properties"]), account,
                              "us-east-1", "aws")
        try:
            cfg.put_config_rule(ConfigRule=config_rule_request(props))
        except Exception as e:
            sys.exit(f"PutConfigRule of {logical} failed: {e}")
        n += 1
    return n


def moto_gaps(expected, deployed):
    """Two things moto's CloudFormation does not carry through, and which
    this deploy therefore cannot check (the Terraform deploy checks both
    through the Lambda API, and the parity test compares them statically).
    Each is taken out of the comparison only where moto shows the gap, and
    named in the output."""
    notes = []
    untagged = [n for n, f in expected["functions"].items()
                if f["tags"] and n in deployed["functions"]
                and not deployed["functions"][n]["tags"]]
    for n in untagged:
        deployed["functions"][n]["tags"] = expected["functions"][n]["tags"]
    if untagged:
        notes.append(f"not checked: the Tags of {len(untagged)} functions "
                     f"(moto's CloudFormation does not pass them to Lambda)")
    inline = [n for n, f in expected["functions"].items()
              if f["code"] == "inline" and n in deployed["functions"]]
    for n in inline:
        deployed["functions"][n]["code"] = "inline"
    if inline:
        notes.append(f"not checked: the inline code of {len(inline)} "
                     f"functions (moto zips ZipFile with the current time, "
                     f"and its code location is not served)")
    return notes


def tamper(session, expected):
    """The check's own test: changes what the deploy created behind its
    back (one function's timeout, one permission removed), which the
    comparison must then report."""
    lam = session.client("lambda")
    name = sorted(expected["functions"])[0]
    lam.update_function_configuration(FunctionName=name, Timeout=3)
    policy = json.loads(lam.get_policy(FunctionName=name)["Policy"])
    lam.remove_permission(FunctionName=name,
                          StatementId=policy["Statement"][0]["Sid"])
    print(f"tampered with {name}: timeout 3, permission removed")


def deploy(session, app, outdir, account, bucket):
    """Deploys one compiled application; returns its expected model."""
    template_path = os.path.join(outdir, "template.yaml")
    template = rm.load_cfn(template_path)
    cmd = ["aws", "cloudformation", "deploy", "--template-file", template_path,
           "--stack-name", app, "--capabilities", "CAPABILITY_NAMED_IAM",
           "--no-fail-on-empty-changeset"]
    parameters = {}
    if "CodeBucket" in (template.get("Parameters") or {}):
        zips = upload_code(session, outdir, bucket)
        print(f"{app}: uploaded {zips} zips to s3://{bucket}")
        parameters["CodeBucket"] = bucket
        cmd += ["--parameter-overrides", f"CodeBucket={bucket}"]
    if run(cmd) != 0:
        sys.exit(f"{app}: aws cloudformation deploy failed:\n" +
                 stack_failure(session, app))
    expected = rm.concretize(rm.from_cfn(template_path, parameters), account,
                             "us-east-1", "aws")
    types = {}
    for r in template["Resources"].values():
        types[r["Type"]] = types.get(r["Type"], 0) + 1
    print(f"{app}: template: " +
          ", ".join(f"{n} {t}" for t, n in sorted(types.items())))

    names = set(expected["rules"])
    created = {r["ConfigRuleName"] for r in session.client(
        "config").describe_config_rules()["ConfigRules"]} & names
    if names and not created:
        n = create_rules(session, template, parameters, account)
        print(f"{app}: moto's CloudFormation created none of the {len(names)} "
              f"AWS::Config::ConfigRule; created with PutConfigRule: {n}")
    elif created != names:
        sys.exit(f"{app}: the stack created some config rules but not all: " +
                 ", ".join(sorted(created)))
    if expected["remediations"]:
        sys.exit(f"{app}: {len(expected['remediations'])} remediation "
                 f"configurations cannot be deployed: moto 5.2 implements "
                 f"neither AWS::Config::RemediationConfiguration nor "
                 f"PutRemediationConfigurations")
    return expected


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rulecc", required=True)
    ap.add_argument("--examples", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--code", default="inline")
    ap.add_argument("--bucket", default="rulecc-test-code")
    ap.add_argument("--tamper", action="store_true")
    args = ap.parse_args()
    apps = rm.example_apps(args.examples)
    if not apps:
        sys.exit(f"no example application under {args.examples}")
    session = boto3.Session()
    account = session.client("sts").get_caller_identity()["Account"]
    # The server holds every application deployed so far: each comparison is
    # of all of them, so an application that disturbs another shows.
    expected = rm.empty_model()
    for app, files in apps:
        outdir = os.path.join(args.work, app)
        if run([args.rulecc, *files, f"--code={args.code}", "-o",
                outdir + "/"]) != 0:
            sys.exit(f"{app}: rulecc failed")
        for kind, entries in deploy(session, app, outdir, account,
                                    args.bucket).items():
            expected[kind].update(entries)
        if args.tamper:
            tamper(session, expected)
        deployed = rm.from_aws(session)
        for note in moto_gaps(expected, deployed):
            print(f"{app}: {note}")
        diffs = rm.differences(expected, deployed, "template", "deployed")
        if diffs:
            print(f"{app}: deployed resources differ from the template:")
            for d in diffs:
                print("  " + d)
            sys.exit(1)
        print(f"{app}: deployed as in the template: {rm.counts(deployed)}")


if __name__ == "__main__":
    main()
