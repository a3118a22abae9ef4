"""One shape for the infrastructure of a rulecc application, read three ways.

A model is what the deploy and parity tests compare: the config rules,
Lambda functions, Lambda permissions, IAM roles and remediations of an
application with their key settings, read from a CloudFormation template
(`from_cfn`), from a Terraform `main.tf.json` (`from_terraform`), or from
what a deploy created in an AWS endpoint (`from_aws`, boto3). Names are the
physical names (rule and function names); a role, which CloudFormation and
Terraform name differently, is named by the functions that run as it.
Account, region and partition stay placeholders in a template's model until
`concretize` fills them in with the values of the endpoint.
"""
import ast
import base64
import hashlib
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "utils"))
import cfn_yaml  # noqa: E402  (test/utils/cfn_yaml.py)
from example_apps import example_apps  # noqa: E402,F401

KINDS = ("rules", "functions", "permissions", "roles", "remediations")
ACCOUNT, REGION, PARTITION = "{account}", "{region}", "{partition}"


class ModelError(Exception):
    pass


def empty_model():
    return {kind: {} for kind in KINDS}


def function_arn(name):
    return f"arn:{PARTITION}:lambda:{REGION}:{ACCOUNT}:function:{name}"


def role_key(function_names):
    return "role of " + ", ".join(sorted(function_names))


def tags_of(value):
    """Tags as a dict, from CloudFormation's list or Terraform's map; the
    aws: prefix is AWS's own (CloudFormation adds aws:cloudformation:*)."""
    if isinstance(value, list):
        value = {t["Key"]: t["Value"] for t in value}
    return {k: v for k, v in (value or {}).items() if not k.startswith("aws:")}


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def policy_statements(document):
    """A policy document as a sorted list of comparable statements."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except json.JSONDecodeError:
            # moto's CloudFormation stores an inline policy as Python's
            # repr of the document; AWS (and moto's IAM API) keep JSON.
            document = ast.literal_eval(document)
    result = []
    for s in as_list(document.get("Statement")):
        principal = s.get("Principal")
        if isinstance(principal, dict):
            principal = {k: sorted(as_list(v)) for k, v in principal.items()}
        result.append({
            "Sid": s.get("Sid", ""),
            "Effect": s.get("Effect"),
            "Action": sorted(as_list(s.get("Action"))),
            "Resource": sorted(as_list(s.get("Resource"))),
            "Principal": principal,
            "Condition": s.get("Condition"),
        })
    return sorted(result, key=lambda s: json.dumps(s, sort_keys=True))


def rule_entry(name, owner, identifier, details, scope, params, frequency,
               policy, description, modes):
    entry = {
        "owner": owner,
        "source_identifier": identifier,
        "source_details": sorted(
            [{k: v for k, v in d.items() if v is not None} for d in details],
            key=lambda d: json.dumps(d, sort_keys=True)),
        "scope": {k: v for k, v in scope.items() if v},
        "input_parameters": params or {},
        "maximum_execution_frequency": frequency,
        "description": description,
        "evaluation_modes": sorted(modes or []) or ["DETECTIVE"],
    }
    if policy:
        entry["custom_policy"] = policy
    return entry


def zip_code(path):
    """How a deploy identifies the code of a zip: its SHA-256 in base64,
    which Lambda reports as CodeSha256."""
    with open(path, "rb") as f:
        return "sha256:" + base64.b64encode(
            hashlib.sha256(f.read()).digest()).decode()


def finish_roles(model, role_functions, role_props):
    """Keys every role by the functions that use it, and points the
    functions at those keys."""
    keys = {}
    for ref, props in role_props.items():
        users = role_functions.get(ref, [])
        key = role_key(users) if users else f"unused role {ref}"
        keys[ref] = key
        model["roles"][key] = props
    for fn in model["functions"].values():
        ref = fn["role"]
        if ref not in keys:
            raise ModelError(f"function role {ref} is not a role of the output")
        fn["role"] = keys[ref]


# --- CloudFormation -------------------------------------------------------


def load_cfn(path):
    """A template and, when it has nested stacks, their templates' resources
    in place of the stacks (cfn_yaml.load_application)."""
    try:
        return cfn_yaml.load_application(path)
    except ValueError as e:
        raise ModelError(str(e)) from e


PSEUDO = {"AWS::AccountId": ACCOUNT, "AWS::Region": REGION,
          "AWS::Partition": PARTITION}


class CfnResolver:
    def __init__(self, template, parameters):
        self.resources = template.get("Resources") or {}
        self.parameters = parameters

    def physical(self, logical):
        r = self.resources.get(logical)
        if r is None:
            raise ModelError(f"reference to unknown resource {logical}")
        props = r.get("Properties") or {}
        if r["Type"] == "AWS::Lambda::Function":
            return ("function", props["FunctionName"])
        if r["Type"] == "AWS::Config::ConfigRule":
            return ("rule", props["ConfigRuleName"])
        if r["Type"] == "AWS::IAM::Role":
            return ("role", logical)
        raise ModelError(f"reference to {r['Type']} {logical}")

    def value(self, v):
        if isinstance(v, dict) and len(v) == 1 and (
                "Ref" in v or next(iter(v)).startswith("Fn::")):
            (fn, arg), = v.items()
            if fn == "Ref":
                if arg in PSEUDO:
                    return PSEUDO[arg]
                if arg in self.parameters:
                    return self.parameters[arg]
                kind, name = self.physical(arg)
                return name if kind != "role" else f"ref:{name}"
            if fn == "Fn::GetAtt":
                kind, name = self.physical(arg[0])
                if arg[1] != "Arn":
                    raise ModelError(f"GetAtt {arg}")
                return function_arn(name) if kind == "function" else name
            if fn == "Fn::Sub":
                text = arg if isinstance(arg, str) else arg[0]
                return re.sub(r"\$\{([^}]+)\}",
                              lambda m: self.value({"Ref": m.group(1)}), text)
            raise ModelError(f"intrinsic {fn} not understood")
        if isinstance(v, dict):
            return {k: self.value(x) for k, x in v.items()}
        if isinstance(v, list):
            return [self.value(x) for x in v]
        return v


def from_cfn(template_path, parameters=None):
    """The model of a template, with its nested stacks' templates; a
    package/s3 Code names its zip by the SHA-256 of the file at its key
    under the parent template's directory, inline code is 'inline'."""
    template = load_cfn(template_path)
    base = os.path.dirname(template_path)
    params = {k: (parameters or {}).get(k, p.get("Default"))
              for k, p in (template.get("Parameters") or {}).items()}
    res = CfnResolver(template, params)
    model = empty_model()
    role_props, role_functions = {}, {}
    for logical, r in (template.get("Resources") or {}).items():
        t = r["Type"]
        p = res.value(r.get("Properties") or {})
        if t == "AWS::Lambda::Function":
            code = p.get("Code") or {}
            if "ZipFile" in code:
                code_id = "inline"
            elif "S3Key" in code:
                code_id = zip_code(os.path.join(base, code["S3Key"]))
            else:
                raise ModelError(f"{logical}: Code {code}")
            model["functions"][p["FunctionName"]] = {
                "runtime": p.get("Runtime"),
                "handler": p.get("Handler"),
                "timeout": p.get("Timeout", 3),
                "memory_size": p.get("MemorySize", 128),
                "role": p["Role"],
                "environment": (p.get("Environment") or {}).get(
                    "Variables") or {},
                "tags": tags_of(p.get("Tags")),
                "code": code_id,
            }
            role_functions.setdefault(p["Role"], []).append(p["FunctionName"])
        elif t == "AWS::Lambda::Permission":
            name = p["FunctionName"].rsplit(":function:", 1)[-1]
            model["permissions"][name] = {
                "action": p.get("Action"),
                "principal": p.get("Principal"),
                "source_account": p.get("SourceAccount"),
            }
        elif t == "AWS::IAM::Role":
            role_props[logical] = {
                "trust": policy_statements(p["AssumeRolePolicyDocument"]),
                "policies": {x["PolicyName"]: policy_statements(
                    x["PolicyDocument"]) for x in p.get("Policies") or []},
                "managed_policy_arns": sorted(p.get("ManagedPolicyArns") or []),
                "tags": tags_of(p.get("Tags")),
                "path": p.get("Path", "/"),
            }
        elif t == "AWS::Config::ConfigRule":
            src = p["Source"]
            scope = p.get("Scope") or {}
            cpd = src.get("CustomPolicyDetails")
            model["rules"][p["ConfigRuleName"]] = rule_entry(
                p["ConfigRuleName"], src["Owner"], src.get("SourceIdentifier"),
                src.get("SourceDetails") or [],
                {"compliance_resource_types": sorted(
                    scope.get("ComplianceResourceTypes") or []),
                 "compliance_resource_id": scope.get("ComplianceResourceId"),
                 "tag_key": scope.get("TagKey"),
                 "tag_value": scope.get("TagValue")},
                {k: str(v) for k, v in (p.get("InputParameters") or {}).items()},
                p.get("MaximumExecutionFrequency"),
                cpd and {"policy_runtime": cpd["PolicyRuntime"],
                         "policy_text": cpd["PolicyText"],
                         "enable_debug_log_delivery":
                             bool(cpd.get("EnableDebugLogDelivery", False))},
                p.get("Description"),
                [m["Mode"] for m in p.get("EvaluationModes") or []])
            model["rules"][p["ConfigRuleName"]]["tags"] = {}
        elif t == "AWS::Config::RemediationConfiguration":
            model["remediations"][p["ConfigRuleName"]] = remediation_entry(p)
        else:
            raise ModelError(f"{logical}: resource type {t} is not modelled")
    # Role references are "ref:<logical>" (Ref) or "<logical>" (GetAtt Arn).
    for fn in model["functions"].values():
        fn["role"] = fn["role"].removeprefix("ref:")
    role_functions = {k.removeprefix("ref:"): v
                      for k, v in role_functions.items()}
    finish_roles(model, role_functions, role_props)
    return model


def remediation_entry(p):
    return {
        "target_type": p.get("TargetType"),
        "target_id": p.get("TargetId"),
        "target_version": p.get("TargetVersion"),
        "resource_type": p.get("ResourceType"),
        "parameters": p.get("Parameters") or {},
        "automatic": bool(p.get("Automatic", False)),
        "maximum_automatic_attempts": p.get("MaximumAutomaticAttempts"),
        "retry_attempt_seconds": p.get("RetryAttemptSeconds"),
    }


# --- Terraform ------------------------------------------------------------

TF_DATA = {
    "data.aws_caller_identity.current.account_id": ACCOUNT,
    "data.aws_region.current.id": REGION,
    "data.aws_region.current.name": REGION,
    "data.aws_partition.current.partition": PARTITION,
}


def tf_value(resources, v):
    """Resolves the interpolations rulecc writes: data sources of the
    account, region and partition, and references to functions and roles."""
    if isinstance(v, dict):
        return {k: tf_value(resources, x) for k, x in v.items()}
    if isinstance(v, list):
        return [tf_value(resources, x) for x in v]
    if not isinstance(v, str):
        return v

    def one(m):
        if m.group(0) in ("$${", "%%{"):  # Terraform's escapes of literals
            return m.group(0)[1:]
        expr = m.group(1)
        if expr in TF_DATA:
            return TF_DATA[expr]
        if expr == "path.module":
            return "."
        parts = expr.split(".")
        if len(parts) == 3 and parts[0] in resources:
            kind, name, attr = parts
            block = resources[kind].get(name)
            if block is None:
                raise ModelError(f"reference to unknown {kind}.{name}")
            if kind == "aws_lambda_function":
                fname = block["function_name"]
                return {"arn": function_arn(fname), "function_name": fname,
                        "invoke_arn": None}[attr]
            if kind == "aws_iam_role" and attr in ("arn", "id", "name"):
                return f"ref:{name}"
            if kind == "aws_config_config_rule" and attr in ("name", "id"):
                return block["name"]
        raise ModelError(f"interpolation ${{{expr}}} not understood")

    return re.sub(r"\$\$\{|%%\{|\$\{([^}]+)\}", one, v)


def tf_blocks(value):
    """Terraform JSON allows a nested block as an object or a list of them."""
    return [b for b in as_list(value) if b is not None]


def from_terraform(main_tf_json):
    with open(main_tf_json, encoding="utf-8") as f:
        config = json.load(f)
    base = os.path.dirname(main_tf_json)
    resources = config.get("resource") or {}
    model = empty_model()
    role_props, role_functions = {}, {}
    for kind, blocks in resources.items():
        for name, raw in blocks.items():
            b = tf_value(resources, raw)
            if kind == "aws_lambda_function":
                zip_path = os.path.join(base, b["filename"])
                code_id = zip_code(zip_path)
                if "sha256:" + b.get("source_code_hash", "") != code_id:
                    raise ModelError(f"{kind}.{name}: source_code_hash is not "
                                     f"the SHA-256 of {b['filename']}")
                role = b["role"].removeprefix("ref:")
                model["functions"][b["function_name"]] = {
                    "runtime": b.get("runtime"),
                    "handler": b.get("handler"),
                    "timeout": b.get("timeout", 3),
                    "memory_size": b.get("memory_size", 128),
                    "role": role,
                    "environment": (tf_blocks(b.get("environment")) or [{}])[0]
                    .get("variables") or {},
                    "tags": tags_of(b.get("tags")),
                    "code": code_id,
                }
                role_functions.setdefault(role, []).append(b["function_name"])
            elif kind == "aws_lambda_permission":
                fname = b["function_name"].rsplit(":function:", 1)[-1]
                model["permissions"][fname] = {
                    "action": b.get("action"),
                    "principal": b.get("principal"),
                    "source_account": b.get("source_account"),
                }
            elif kind == "aws_iam_role":
                props = role_props.setdefault(name, {
                    "policies": {}, "managed_policy_arns": []})
                props["trust"] = policy_statements(b["assume_role_policy"])
                props["tags"] = tags_of(b.get("tags"))
                props["path"] = b.get("path", "/")
                for p in tf_blocks(b.get("inline_policy")):
                    props["policies"][p["name"]] = policy_statements(p["policy"])
                props["managed_policy_arns"] += b.get("managed_policy_arns") or []
            elif kind == "aws_iam_role_policy":
                props = role_props.setdefault(b["role"].removeprefix("ref:"), {
                    "policies": {}, "managed_policy_arns": []})
                props["policies"][b["name"]] = policy_statements(b["policy"])
            elif kind == "aws_iam_role_policy_attachment":
                props = role_props.setdefault(b["role"].removeprefix("ref:"), {
                    "policies": {}, "managed_policy_arns": []})
                props["managed_policy_arns"].append(b["policy_arn"])
            elif kind == "aws_config_config_rule":
                src = tf_blocks(b["source"])[0]
                scope = (tf_blocks(b.get("scope")) or [{}])[0]
                cpd = (tf_blocks(src.get("custom_policy_details")) or [None])[0]
                details = [{"EventSource": d.get("event_source"),
                            "MessageType": d.get("message_type"),
                            "MaximumExecutionFrequency":
                                d.get("maximum_execution_frequency")}
                           for d in tf_blocks(src.get("source_detail"))]
                model["rules"][b["name"]] = rule_entry(
                    b["name"], src["owner"], src.get("source_identifier"),
                    details,
                    {"compliance_resource_types": sorted(
                        scope.get("compliance_resource_types") or []),
                     "compliance_resource_id": scope.get(
                         "compliance_resource_id"),
                     "tag_key": scope.get("tag_key"),
                     "tag_value": scope.get("tag_value")},
                    json.loads(b["input_parameters"])
                    if b.get("input_parameters") else {},
                    b.get("maximum_execution_frequency"),
                    cpd and {"policy_runtime": cpd["policy_runtime"],
                             "policy_text": cpd["policy_text"],
                             "enable_debug_log_delivery": bool(
                                 cpd.get("enable_debug_log_delivery", False))},
                    b.get("description"),
                    [m["mode"] for m in tf_blocks(b.get("evaluation_mode"))])
                model["rules"][b["name"]]["tags"] = tags_of(b.get("tags"))
            elif kind == "aws_config_remediation_configuration":
                params = {}
                for p in tf_blocks(b.get("parameter")):
                    if "resource_value" in p:
                        params[p["name"]] = {"ResourceValue": {
                            "Value": p["resource_value"]}}
                    elif "static_values" in p:
                        params[p["name"]] = {"StaticValue": {
                            "Values": p["static_values"]}}
                    else:
                        params[p["name"]] = {"StaticValue": {
                            "Values": [p["static_value"]]}}
                model["remediations"][b["config_rule_name"]] = \
                    remediation_entry({
                        "TargetType": b.get("target_type"),
                        "TargetId": b.get("target_id"),
                        "TargetVersion": b.get("target_version"),
                        "ResourceType": b.get("resource_type"),
                        "Parameters": params,
                        "Automatic": b.get("automatic", False),
                        "MaximumAutomaticAttempts":
                            b.get("maximum_automatic_attempts"),
                        "RetryAttemptSeconds": b.get("retry_attempt_seconds"),
                    })
            else:
                raise ModelError(f"{kind}.{name}: resource type not modelled")
    for props in role_props.values():
        props["managed_policy_arns"] = sorted(props["managed_policy_arns"])
    finish_roles(model, role_functions, role_props)
    return model


# --- What a deploy created ------------------------------------------------


def all_config_rules(cfg):
    """Every config rule of the endpoint: DescribeConfigRules answers 25 at
    a time."""
    for page in cfg.get_paginator("describe_config_rules").paginate():
        yield from page["ConfigRules"]


def from_aws(session, rule_names=None):
    """Reads every config rule, function (with its permission and role) of
    the endpoint: a private server holds only what the test deployed, so
    anything extra is a difference too."""
    lam = session.client("lambda")
    iam = session.client("iam")
    cfg = session.client("config")
    model = empty_model()
    role_functions, role_names = {}, {}
    for page in lam.get_paginator("list_functions").paginate():
        for f in page["Functions"]:
            name = f["FunctionName"]
            full = lam.get_function(FunctionName=name)
            conf = full["Configuration"]
            role_name = conf["Role"].rsplit("/", 1)[-1]
            model["functions"][name] = {
                "runtime": conf.get("Runtime"),
                "handler": conf.get("Handler"),
                "timeout": conf.get("Timeout"),
                "memory_size": conf.get("MemorySize"),
                "role": role_name,
                "environment": (conf.get("Environment") or {}).get(
                    "Variables") or {},
                "tags": tags_of(full.get("Tags")),
                "code": "sha256:" + conf["CodeSha256"],
            }
            role_functions.setdefault(role_name, []).append(name)
            try:
                policy = json.loads(lam.get_policy(FunctionName=name)["Policy"])
            except lam.exceptions.ResourceNotFoundException:
                continue
            for s in policy["Statement"]:
                principal = s.get("Principal")
                if isinstance(principal, dict):
                    principal = principal.get("Service")
                cond = (s.get("Condition") or {}).get("StringEquals") or {}
                model["permissions"][name] = {
                    "action": s.get("Action"),
                    "principal": principal,
                    "source_account": cond.get("AWS:SourceAccount"),
                }
    roles = {}
    for page in iam.get_paginator("list_roles").paginate():
        for r in page["Roles"]:
            roles[r["RoleName"]] = r
    for role_name, r in roles.items():
        policies = {}
        for page in iam.get_paginator("list_role_policies").paginate(
                RoleName=role_name):
            for pname in page["PolicyNames"]:
                doc = iam.get_role_policy(RoleName=role_name,
                                          PolicyName=pname)["PolicyDocument"]
                policies[pname] = policy_statements(doc)
        attached = iam.list_attached_role_policies(RoleName=role_name)
        tags = iam.list_role_tags(RoleName=role_name)["Tags"]
        role_names[role_name] = {
            "trust": policy_statements(r["AssumeRolePolicyDocument"]),
            "policies": policies,
            "managed_policy_arns": sorted(
                p["PolicyArn"] for p in attached["AttachedPolicies"]),
            "tags": tags_of(tags),
            "path": r.get("Path", "/"),
        }
    finish_roles(model, role_functions, role_names)
    for r in all_config_rules(cfg):
        if rule_names and r["ConfigRuleName"] not in rule_names:
            continue
        src = r["Source"]
        scope = r.get("Scope") or {}
        cpd = src.get("CustomPolicyDetails")
        model["rules"][r["ConfigRuleName"]] = rule_entry(
            r["ConfigRuleName"], src["Owner"], src.get("SourceIdentifier"),
            src.get("SourceDetails") or [],
            {"compliance_resource_types": sorted(
                scope.get("ComplianceResourceTypes") or []),
             "compliance_resource_id": scope.get("ComplianceResourceId"),
             "tag_key": scope.get("TagKey"),
             "tag_value": scope.get("TagValue")},
            json.loads(r["InputParameters"]) if r.get("InputParameters")
            else {},
            r.get("MaximumExecutionFrequency"),
            cpd and {"policy_runtime": cpd["PolicyRuntime"],
                     "policy_text": cpd["PolicyText"],
                     "enable_debug_log_delivery":
                         bool(cpd.get("EnableDebugLogDelivery", False))},
            r.get("Description"),
            [m["Mode"] for m in r.get("EvaluationModes") or []])
        model["rules"][r["ConfigRuleName"]]["tags"] = tags_of(
            cfg.list_tags_for_resource(
                ResourceArn=r["ConfigRuleArn"]).get("Tags"))
    names = sorted(model["rules"])
    for i in range(0, len(names), 25):  # the most one call takes
        for rc in cfg.describe_remediation_configurations(
                ConfigRuleNames=names[i:i + 25])["RemediationConfigurations"]:
            model["remediations"][rc["ConfigRuleName"]] = remediation_entry(rc)
    return model


def create_customer_policies(session, model, account):
    """Creates the customer managed policies of the account that the
    model's roles attach and the account lacks: the application expects
    them to exist, as it would in the user's account. Returns their names."""
    iam = session.client("iam")
    created = []
    prefix = f"arn:aws:iam::{account}:policy/"
    for role in model["roles"].values():
        for arn in role["managed_policy_arns"]:
            if not arn.startswith(prefix):
                continue
            try:
                iam.get_policy(PolicyArn=arn)
            except iam.exceptions.NoSuchEntityException:
                path, _, name = arn[len(prefix):].rpartition("/")
                iam.create_policy(
                    PolicyName=name, Path=f"/{path}/" if path else "/",
                    PolicyDocument=json.dumps({
                        "Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow",
                                       "Action": "config:Describe*",
                                       "Resource": "*"}]}))
                created.append(name)
    return created


# --- Comparing ------------------------------------------------------------


def concretize(value, account, region, partition):
    if isinstance(value, dict):
        return {concretize(k, account, region, partition):
                concretize(v, account, region, partition)
                for k, v in value.items()}
    if isinstance(value, list):
        return [concretize(v, account, region, partition) for v in value]
    if isinstance(value, str):
        return (value.replace(ACCOUNT, account).replace(REGION, region)
                .replace(PARTITION, partition))
    return value


def differences(left, right, left_name, right_name, path=""):
    """Readable differences between two models (or parts of them)."""
    out = []
    if isinstance(left, dict) and isinstance(right, dict):
        for k in sorted(set(left) | set(right), key=str):
            p = f"{path}[{k!r}]" if path else k
            if k not in right:
                out.append(f"{p}: only in {left_name}: {_short(left[k])}")
            elif k not in left:
                out.append(f"{p}: only in {right_name}: {_short(right[k])}")
            else:
                out += differences(left[k], right[k], left_name, right_name, p)
    elif left != right:
        out.append(f"{path}: {left_name} {_short(left)} != "
                   f"{right_name} {_short(right)}")
    return out


def _short(v):
    text = json.dumps(v, sort_keys=True)
    return text if len(text) <= 400 else text[:400] + "..."


def counts(model):
    return ", ".join(f"{len(model[k])} {k}" for k in KINDS)


def applications(examples, named):
    """The applications a test names: every example application under
    EXAMPLES, then NAME=FILE.rules[,FILE.rules...] as given."""
    apps = example_apps(examples) if examples else []
    if examples and not apps:
        raise ModelError(f"no example application under {examples}")
    for spec in named or []:
        name, _, files = spec.partition("=")
        if not files:
            raise ModelError(f"{spec}: expected NAME=FILE.rules[,...]")
        apps.append((name, files.split(",")))
    if not apps:
        raise ModelError("no application to deploy")
    return apps
