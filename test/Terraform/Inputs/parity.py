#!/usr/bin/env python3
"""Compiles each application with --target=cfn and --target=terraform and
checks that both describe the same infrastructure: the same config rules,
functions, permissions, roles and remediations with the same key settings.
Prints one line per application and, on a difference, both sides; exits 1
when any application differs.

  parity.py --rulecc R --work DIR [--examples DIR] [NAME=FILE.rules[,...]]...

What differs by design is left out: resource names and logical IDs, the
inline handler module (`index`) of CloudFormation, how partition, region and
account are spelled, and the tags of config rules (AWS::Config::ConfigRule
has no Tags property).
"""
import argparse
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "utils"))
import cfn_yaml  # noqa: E402  (test/utils/cfn_yaml.py)
from example_apps import example_apps  # noqa: E402


def arn(text):
    """An ARN with partition, region and account as placeholders."""
    text = re.sub(r"\$\{(AWS::Partition|data\.aws_partition\.current\."
                  r"partition)\}", "<partition>", text)
    text = re.sub(r"\$\{(AWS::Region|data\.aws_region\.current\.(id|name))\}",
                  "<region>", text)
    text = re.sub(r"\$\{(AWS::AccountId|data\.aws_caller_identity\.current\."
                  r"account_id)\}", "<account>", text)
    return text


def statements(doc):
    out = []
    for st in doc["Statement"]:
        actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
        res = st.get("Resource", [])
        res = res if isinstance(res, list) else [res]
        res = [arn(r["Fn::Sub"] if isinstance(r, dict) else r) for r in res]
        out.append((st.get("Sid"), st["Effect"], tuple(actions), tuple(res),
                    json.dumps(st.get("Principal"), sort_keys=True)))
    return sorted(out)


def tags_of(items):
    return sorted((t["Key"], t["Value"]) for t in items or [])


def handler_function(handler):
    return handler.rsplit(".", 1)[1]


def from_cfn(path):
    tpl = cfn_yaml.load_application(path)  # nested stacks read in place
    res = tpl.get("Resources") or {}
    by_type = {}
    for lid, r in res.items():
        by_type.setdefault(r["Type"], {})[lid] = r
    fname = {lid: r["Properties"]["FunctionName"]
             for lid, r in by_type.get("AWS::Lambda::Function", {}).items()}
    model = {"rules": {}, "functions": {}, "permissions": {}, "roles": {},
             "remediations": {}}
    role_functions = {}
    for lid, r in by_type.get("AWS::Lambda::Function", {}).items():
        p = r["Properties"]
        role = p["Role"]["Fn::GetAtt"][0]
        role_functions.setdefault(role, []).append(p["FunctionName"])
        model["functions"][p["FunctionName"]] = {
            "runtime": p["Runtime"],
            "handler_function": handler_function(p["Handler"]),
            "timeout": p["Timeout"], "memory": p["MemorySize"],
            "environment": p.get("Environment", {}).get("Variables", {}),
            "tags": tags_of(p.get("Tags"))}
    for lid, r in by_type.get("AWS::Lambda::Permission", {}).items():
        p = r["Properties"]
        fn = fname[p["FunctionName"]["Fn::GetAtt"][0]]
        model["permissions"][fn] = {
            "action": p["Action"], "principal": p["Principal"],
            "source_account": p.get("SourceAccount") == {"Ref": "AWS::AccountId"}}
    for lid, r in by_type.get("AWS::IAM::Role", {}).items():
        p = r["Properties"]
        key = ",".join(sorted(role_functions.get(lid, [])))
        policies = {}
        for pol in p.get("Policies", []):
            policies[pol["PolicyName"]] = statements(pol["PolicyDocument"])
        model["roles"][key] = {
            "trust": statements(p["AssumeRolePolicyDocument"]),
            "policies": policies,
            "managed": sorted(arn(m["Fn::Sub"] if isinstance(m, dict) else m)
                              for m in p.get("ManagedPolicyArns", [])),
            "tags": tags_of(p.get("Tags"))}
    rule_names = {}
    for lid, r in by_type.get("AWS::Config::ConfigRule", {}).items():
        p = r["Properties"]
        rule_names[lid] = p["ConfigRuleName"]
        src = p["Source"]
        ident = src.get("SourceIdentifier")
        if isinstance(ident, dict):
            ident = "function " + fname[ident["Fn::GetAtt"][0]]
        depends = r.get("DependsOn", [])
        depends = depends if isinstance(depends, list) else [depends]
        perms = sorted(fname[res[d]["Properties"]["FunctionName"]["Fn::GetAtt"][0]]
                       for d in depends
                       if res[d]["Type"] == "AWS::Lambda::Permission")
        policy = src.get("CustomPolicyDetails")
        scope = p.get("Scope", {})
        model["rules"][p["ConfigRuleName"]] = {
            "description": p.get("Description"),
            "owner": src["Owner"], "identifier": ident,
            "details": sorted((d["EventSource"], d["MessageType"],
                               d.get("MaximumExecutionFrequency"))
                              for d in src.get("SourceDetails", [])),
            "policy": policy and (policy["PolicyRuntime"], policy["PolicyText"],
                                  policy.get("EnableDebugLogDelivery", False)),
            "scope": (sorted(scope.get("ComplianceResourceTypes", [])),
                      scope.get("ComplianceResourceId"), scope.get("TagKey"),
                      scope.get("TagValue")),
            "parameters": p.get("InputParameters", {}),
            "frequency": p.get("MaximumExecutionFrequency"),
            "modes": sorted(m["Mode"] for m in p.get("EvaluationModes", [])),
            "after_permission_of": perms}
    for lid, r in by_type.get("AWS::Config::RemediationConfiguration", {}).items():
        p = r["Properties"]
        params = {}
        for name, v in p.get("Parameters", {}).items():
            params[name] = (v["ResourceValue"]["Value"] if "ResourceValue" in v
                            else v["StaticValue"]["Values"])
        model["remediations"][rule_names[p["ConfigRuleName"]["Ref"]]] = {
            "target": (p["TargetType"], p["TargetId"], p.get("TargetVersion")),
            "resource_type": p.get("ResourceType"), "parameters": params,
            "automatic": p.get("Automatic", False),
            "attempts": p.get("MaximumAutomaticAttempts"),
            "retry": p.get("RetryAttemptSeconds")}
    return model


REF = re.compile(r"^\$\{(\w+)\.(\w+)\.(\w+)\}$")


def ref(value):
    m = REF.match(value)
    if not m:
        raise ValueError("not a reference: %r" % value)
    return m.groups()


def from_terraform(path):
    with open(path) as f:
        tf = json.load(f)
    res = tf.get("resource", {})
    fns = res.get("aws_lambda_function", {})
    fname = {n: f["function_name"] for n, f in fns.items()}
    model = {"rules": {}, "functions": {}, "permissions": {}, "roles": {},
             "remediations": {}}
    role_functions = {}
    for n, f in fns.items():
        role = ref(f["role"])[1]
        role_functions.setdefault(role, []).append(f["function_name"])
        model["functions"][f["function_name"]] = {
            "runtime": f["runtime"],
            "handler_function": handler_function(f["handler"]),
            "timeout": f["timeout"], "memory": f["memory_size"],
            "environment": f.get("environment", {}).get("variables", {}),
            "tags": sorted(f.get("tags", {}).items())}
    for n, p in res.get("aws_lambda_permission", {}).items():
        fn = fname[ref(p["function_name"])[1]]
        model["permissions"][fn] = {
            "action": p["action"], "principal": p["principal"],
            "source_account": p.get("source_account") ==
            "${data.aws_caller_identity.current.account_id}"}
    policies, managed = {}, {}
    for n, p in res.get("aws_iam_role_policy", {}).items():
        policies.setdefault(ref(p["role"])[1], {})[p["name"]] = \
            statements(json.loads(p["policy"]))
    for n, a in res.get("aws_iam_role_policy_attachment", {}).items():
        managed.setdefault(ref(a["role"])[1], []).append(arn(a["policy_arn"]))
    for n, r in res.get("aws_iam_role", {}).items():
        key = ",".join(sorted(role_functions.get(n, [])))
        model["roles"][key] = {
            "trust": statements(json.loads(r["assume_role_policy"])),
            "policies": policies.get(n, {}),
            "managed": sorted(managed.get(n, [])),
            "tags": sorted(r.get("tags", {}).items())}
    rule_names = {}
    for n, r in res.get("aws_config_config_rule", {}).items():
        rule_names[n] = r["name"]
        src = r["source"]
        ident = src.get("source_identifier")
        if ident and ident.startswith("${"):
            ident = "function " + fname[ref(ident)[1]]
        perms = sorted(fname[d.split(".")[1]] for d in r.get("depends_on", [])
                       if d.startswith("aws_lambda_permission."))
        policy = src.get("custom_policy_details")
        scope = r.get("scope", {})
        model["rules"][r["name"]] = {
            "description": r.get("description"),
            "owner": src["owner"], "identifier": ident,
            "details": sorted((d["event_source"], d["message_type"],
                               d.get("maximum_execution_frequency"))
                              for d in src.get("source_detail", [])),
            "policy": policy and (policy["policy_runtime"],
                                  policy["policy_text"],
                                  policy.get("enable_debug_log_delivery", False)),
            "scope": (sorted(scope.get("compliance_resource_types", [])),
                      scope.get("compliance_resource_id"),
                      scope.get("tag_key"), scope.get("tag_value")),
            "parameters": json.loads(r.get("input_parameters", "{}")),
            "frequency": r.get("maximum_execution_frequency"),
            "modes": sorted(m["mode"] for m in r.get("evaluation_mode", [])),
            "after_permission_of": perms}
    for n, r in res.get("aws_config_remediation_configuration", {}).items():
        params = {}
        for p in r.get("parameter", []):
            params[p["name"]] = (p.get("resource_value")
                                 or p.get("static_values")
                                 or [p["static_value"]])
        model["remediations"][rule_names[ref(r["config_rule_name"])[1]]] = {
            "target": (r["target_type"], r["target_id"], r.get("target_version")),
            "resource_type": r.get("resource_type"), "parameters": params,
            "automatic": r.get("automatic", False),
            "attempts": r.get("maximum_automatic_attempts"),
            "retry": r.get("retry_attempt_seconds")}
    return model


def compile_app(rulecc, target, out, files):
    r = subprocess.run([rulecc, "--target=" + target, "-o", out + "/"] + files,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if r.returncode != 0:
        raise RuntimeError("rulecc --target=%s failed:\n%s" % (target, r.stderr))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rulecc", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--examples")
    ap.add_argument("--from-files", nargs=2, metavar=("TEMPLATE", "TF_JSON"),
                    help="compare two existing outputs instead")
    ap.add_argument("apps", nargs="*")
    args = ap.parse_args()

    pairs = []
    if args.from_files:
        pairs.append(("files", args.from_files[0], args.from_files[1]))
    apps = example_apps(args.examples) if args.examples else []
    if args.examples and not apps:
        sys.exit("no example application under %s" % args.examples)
    for spec in args.apps:
        name, _, files = spec.partition("=")
        apps.append((name, files.split(",")))
    for name, files in apps:
        base = os.path.join(args.work, name)
        compile_app(args.rulecc, "cfn", base + "/cfn", files)
        compile_app(args.rulecc, "terraform", base + "/tf", files)
        pairs.append((name, base + "/cfn/template.yaml",
                      base + "/tf/main.tf.json"))

    failed = False
    for name, cfn_path, tf_path in pairs:
        cfn, tf = from_cfn(cfn_path), from_terraform(tf_path)
        counts = ", ".join("%d %s" % (len(cfn[k]), k) for k in
                           ["rules", "functions", "permissions", "roles",
                            "remediations"])
        if cfn == tf:
            print("%s: %s: equal" % (name, counts))
            continue
        failed = True
        print("%s: %s: DIFFERENT" % (name, counts))
        for kind in cfn:
            for key in sorted(set(cfn[kind]) | set(tf[kind])):
                a, b = cfn[kind].get(key), tf[kind].get(key)
                if a != b:
                    print("  %s %s:\n    cfn:       %s\n    terraform: %s" %
                          (kind, key, json.dumps(a, sort_keys=True),
                           json.dumps(b, sort_keys=True)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
