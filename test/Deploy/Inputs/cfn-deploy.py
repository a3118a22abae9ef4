#!/usr/bin/env python3
"""Deploys a rulecc CloudFormation output into the endpoint of with-moto.py
and checks that what was created is what the template describes.

    cfn-deploy.py --rulecc R --examples DIR --work DIR [--code MODE]
                  [--bucket B] [--tamper]

Compiles every example application (`rulecc --code=MODE -o WORK/APP/`) and
deploys it as the stack APP; an application split into nested stacks is
first packaged (`aws cloudformation package` uploads the nested templates to
the bucket), and its nested templates' resources are compared like the
parent's. With a CodeBucket parameter (`--code=s3`) the
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
AWS::Config::RemediationConfiguration is skipped the same way, and created
with PutRemediationConfigurations (which moto_ext.py adds to moto).
"""
import argparse
import json
import os
import subprocess
import sys

import boto3

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import rulecc_model as rm  # noqa: E402


def cli_env():
    """The environment of awscli. Templates it uploads (nested ones, and any
    over 51,200 bytes) are named to CloudFormation by their URL at the
    endpoint, and moto's CloudFormation reads a path-style URL only when its
    host is `localhost` (or S3's own): so awscli calls the server, which
    listens on 127.0.0.1, as localhost."""
    env = dict(os.environ)
    url = env.get("AWS_ENDPOINT_URL")
    if url:
        env["AWS_ENDPOINT_URL"] = url.replace("//127.0.0.1:", "//localhost:")
    return env


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True, env=cli_env())
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
    return proc.returncode


# The largest template `aws cloudformation deploy` and CreateStack take as a
# body; a bigger one is read from S3.
MAX_TEMPLATE_BODY = 51200


def make_bucket(session, bucket):
    s3 = session.client("s3")
    try:
        s3.create_bucket(Bucket=bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass  # an earlier application's
    return s3


def upload_code(session, outdir, bucket):
    s3 = make_bucket(session, bucket)
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


def create_rules(session, template, parameters, account, kind):
    """Creates the template's config rules or remediations through the
    Config API, from their resolved properties; returns how many."""
    cfg = session.client("config")
    res = rm.CfnResolver(template, parameters)
    n = 0
    for logical, r in template["Resources"].items():
        if r["Type"] != kind:
            continue
        props = rm.concretize(res.value(r["Properties"]), account,
                              "us-east-1", "aws")
        try:
            if kind == "AWS::Config::ConfigRule":
                cfg.put_config_rule(ConfigRule=config_rule_request(props))
            else:
                failed = cfg.put_remediation_configurations(
                    RemediationConfigurations=[props])["FailedBatches"]
                if failed:
                    raise RuntimeError(json.dumps(failed))
        except Exception as e:
            sys.exit(f"creating {logical} through the Config API failed: {e}")
        n += 1
    return n


def moto_gaps(expected, deployed):
    """What moto's CloudFormation does not carry through, and which
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
    unattached = [k for k, r in expected["roles"].items()
                  if r["managed_policy_arns"] and k in deployed["roles"]
                  and not deployed["roles"][k]["managed_policy_arns"]]
    for k in unattached:
        deployed["roles"][k]["managed_policy_arns"] = \
            expected["roles"][k]["managed_policy_arns"]
    if unattached:
        notes.append(f"not checked: the ManagedPolicyArns of "
                     f"{len(unattached)} roles (moto's CloudFormation does "
                     f"not attach them)")
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


def create_stack(session, app, template_path, parameters, bucket):
    """CreateStack and a one-second waiter: the deploy of many applications
    without awscli's five-second polls. A template over 51,200 bytes is
    uploaded and named by its URL, as CloudFormation requires."""
    cfn = session.client("cloudformation")
    with open(template_path, encoding="utf-8") as f:
        body = f.read()
    where = {"TemplateBody": body}
    if len(body.encode("utf-8")) > MAX_TEMPLATE_BODY:
        key = f"templates/{app}.yaml"
        make_bucket(session, bucket).put_object(Bucket=bucket, Key=key,
                                                Body=body.encode("utf-8"))
        where = {"TemplateURL":
                 f"https://s3.us-east-1.amazonaws.com/{bucket}/{key}"}
    cfn.create_stack(StackName=app, **where,
                     Capabilities=["CAPABILITY_NAMED_IAM"],
                     Parameters=[{"ParameterKey": k, "ParameterValue": v}
                                 for k, v in parameters.items()])
    try:
        cfn.get_waiter("stack_create_complete").wait(
            StackName=app, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    except Exception:
        return 1
    return 0


def deploy(session, app, outdir, account, bucket, with_cli=True):
    """Deploys one compiled application (with `aws cloudformation deploy`,
    or CreateStack); returns its expected model."""
    template_path = os.path.join(outdir, "template.yaml")
    template = rm.load_cfn(template_path)  # nested stacks read in place
    nested = len(template["NestedTemplates"]) - 1
    deploy_path = template_path
    if nested:
        # As a user deploys nested stacks: `aws cloudformation package`
        # uploads the nested templates and writes the parent with their S3
        # URLs, which CloudFormation (and moto) read the stacks from.
        make_bucket(session, bucket)
        deploy_path = os.path.join(outdir, "packaged.yaml")
        if run(["aws", "cloudformation", "package", "--template-file",
                template_path, "--s3-bucket", bucket,
                "--output-template-file", deploy_path]) != 0:
            sys.exit(f"{app}: aws cloudformation package failed")
        print(f"{app}: packaged {nested} nested templates into "
              f"s3://{bucket}")
    cmd = ["aws", "cloudformation", "deploy", "--template-file", deploy_path,
           "--stack-name", app, "--capabilities", "CAPABILITY_NAMED_IAM",
           "--no-fail-on-empty-changeset"]
    if os.path.getsize(deploy_path) > MAX_TEMPLATE_BODY:
        # As docs/targets.md tells users: a bigger template goes through S3.
        make_bucket(session, bucket)
        cmd += ["--s3-bucket", bucket]
    parameters = {}
    if "CodeBucket" in (template.get("Parameters") or {}):
        zips = upload_code(session, outdir, bucket)
        print(f"{app}: uploaded {zips} zips to s3://{bucket}")
        parameters["CodeBucket"] = bucket
        cmd += ["--parameter-overrides", f"CodeBucket={bucket}"]
    status = run(cmd) if with_cli else create_stack(session, app,
                                                    deploy_path, parameters,
                                                    bucket)
    if status != 0:
        sys.exit(f"{app}: the stack could not be deployed:\n" +
                 stack_failure(session, app))
    expected = rm.concretize(rm.from_cfn(template_path, parameters), account,
                             "us-east-1", "aws")
    types = {}
    for r in template["Resources"].values():
        types[r["Type"]] = types.get(r["Type"], 0) + 1
    what = "template" + (f" and {nested} nested templates" if nested else "")
    print(f"{app}: {what}: " +
          ", ".join(f"{n} {t}" for t, n in sorted(types.items())))

    cfg = session.client("config")
    names = set(expected["rules"])
    created = {r["ConfigRuleName"] for r in rm.all_config_rules(cfg)} & names
    if names and not created:
        n = create_rules(session, template, parameters, account,
                         "AWS::Config::ConfigRule")
        print(f"{app}: moto's CloudFormation created none of the {len(names)} "
              f"AWS::Config::ConfigRule; created with PutConfigRule: {n}")
    elif created != names:
        sys.exit(f"{app}: the stack created some config rules but not all: " +
                 ", ".join(sorted(created)))
    names = sorted(expected["remediations"])
    created = cfg.describe_remediation_configurations(
        ConfigRuleNames=names)["RemediationConfigurations"] if names else []
    if names and not created:
        n = create_rules(session, template, parameters, account,
                         "AWS::Config::RemediationConfiguration")
        print(f"{app}: moto's CloudFormation created none of the {len(names)} "
              f"AWS::Config::RemediationConfiguration; created with "
              f"PutRemediationConfigurations: {n}")
    elif len(created) != len(names):
        sys.exit(f"{app}: the stack created some remediations but not all")
    return expected


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rulecc", required=True)
    ap.add_argument("--examples")
    ap.add_argument("apps", nargs="*", metavar="NAME=FILE.rules[,...]")
    ap.add_argument("--work", required=True)
    ap.add_argument("--code", default="inline")
    ap.add_argument("--bucket", default="rulecc-test-code")
    ap.add_argument("--tamper", action="store_true")
    ap.add_argument("--create-stack", action="store_true",
                    help="CreateStack instead of `aws cloudformation deploy`")
    args = ap.parse_args()
    apps = rm.applications(args.examples, args.apps)
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
                                    args.bucket,
                                    not args.create_stack).items():
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
