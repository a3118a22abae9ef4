#!/usr/bin/env python3
"""Writes a benchmark application of N rules for rulecc.

    bench/gen.py N OUTDIR [--seed S] [--project NAME]

OUTDIR receives `app.rules` and the Python handler files its `python` rules
name (`rules/<class_underscored>/python/<name>.py`). The mix follows what a
platform team's rule repository looks like: about 70% AWS managed rules (real
identifiers and parameters, from the table below), 20% Python handler rules
and 10% Guard policy rules, in classes of up to 25 rules, with descriptions,
scopes (resource types, tags, a resource id), periodic triggers, tags,
Lambda settings and a few remediations. The output depends only on N and the
seed, so runs on different machines compile the same bytes.
"""
import argparse
import os
import random
import re
import sys

# AWS managed rules: identifier, trigger ("change", "periodic" or "both"),
# the resource types it evaluates (empty for account-level periodic rules)
# and input parameters with values of the catalog's type. Identifiers,
# triggers, types and parameter names follow the AWS Config developer guide
# (see managed-rules.tsv in the reference data).
MANAGED = [
    ("ACCESS_KEYS_ROTATED", "periodic", [], {"maxAccessKeyAge": 90}),
    ("ACM_CERTIFICATE_EXPIRATION_CHECK", "both", ["AWS::ACM::Certificate"],
     {"daysToExpiration": 30}),
    ("API_GW_EXECUTION_LOGGING_ENABLED", "change",
     ["AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage"],
     {"loggingLevel": "ERROR,INFO"}),
    ("CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED", "periodic", [],
     {"expectedDeliveryWindowAge": 24}),
    ("CLOUD_TRAIL_ENCRYPTION_ENABLED", "periodic", [], {}),
    ("CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", "periodic", [], {}),
    ("DB_INSTANCE_BACKUP_ENABLED", "change", ["AWS::RDS::DBInstance"],
     {"backupRetentionMinimum": 7, "checkReadReplicas": True}),
    ("DYNAMODB_AUTOSCALING_ENABLED", "periodic", [],
     {"targetReadUtilization": 70.5, "targetWriteUtilization": 70.5}),
    ("DYNAMODB_PITR_ENABLED", "change", ["AWS::DynamoDB::Table"], {}),
    ("EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK", "periodic", [], {}),
    ("EC2_EBS_ENCRYPTION_BY_DEFAULT", "periodic", [], {}),
    ("EC2_INSTANCE_NO_PUBLIC_IP", "change", ["AWS::EC2::Instance"], {}),
    ("EC2_VOLUME_INUSE_CHECK", "change", ["AWS::EC2::Volume"],
     {"deleteOnTermination": True}),
    ("ELASTICACHE_REDIS_CLUSTER_AUTOMATIC_BACKUP_CHECK", "periodic", [],
     {"snapshotRetentionPeriod": 15}),
    ("ELB_LOGGING_ENABLED", "change",
     ["AWS::ElasticLoadBalancing::LoadBalancer",
      "AWS::ElasticLoadBalancingV2::LoadBalancer"], {}),
    ("ENCRYPTED_VOLUMES", "change", ["AWS::EC2::Volume"], {}),
    ("GUARDDUTY_ENABLED_CENTRALIZED", "periodic", [], {}),
    ("IAM_NO_INLINE_POLICY_CHECK", "change",
     ["AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group"], {}),
    ("IAM_PASSWORD_POLICY", "periodic", [],
     {"RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True,
      "RequireSymbols": True, "RequireNumbers": True,
      "MinimumPasswordLength": 14, "PasswordReusePrevention": 24,
      "MaxPasswordAge": 90}),
    ("IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", "change",
     ["AWS::IAM::Policy"], {"excludePermissionBoundaryPolicy": True}),
    ("IAM_ROOT_ACCESS_KEY_CHECK", "periodic", [], {}),
    ("IAM_USER_MFA_ENABLED", "periodic", [], {}),
    ("IAM_USER_NO_POLICIES_CHECK", "change", ["AWS::IAM::User"], {}),
    ("IAM_USER_UNUSED_CREDENTIALS_CHECK", "periodic", [],
     {"maxCredentialUsageAge": 90}),
    ("INCOMING_SSH_DISABLED", "change", ["AWS::EC2::SecurityGroup"], {}),
    ("LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED", "change",
     ["AWS::Lambda::Function"], {}),
    ("MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS", "periodic", [], {}),
    ("MULTI_REGION_CLOUD_TRAIL_ENABLED", "periodic", [],
     {"includeManagementEvents": True, "readWriteType": "ALL"}),
    ("RDS_INSTANCE_PUBLIC_ACCESS_CHECK", "change", ["AWS::RDS::DBInstance"], {}),
    ("RDS_SNAPSHOTS_PUBLIC_PROHIBITED", "change",
     ["AWS::RDS::DBSnapshot", "AWS::RDS::DBClusterSnapshot"], {}),
    ("RDS_STORAGE_ENCRYPTED", "change", ["AWS::RDS::DBInstance"], {}),
    ("REDSHIFT_BACKUP_ENABLED", "change", ["AWS::Redshift::Cluster"],
     {"MinRetentionPeriod": 7, "MaxRetentionPeriod": 35}),
    ("REDSHIFT_CLUSTER_CONFIGURATION_CHECK", "change",
     ["AWS::Redshift::Cluster"],
     {"clusterDbEncrypted": True, "loggingEnabled": True}),
    ("RESTRICTED_INCOMING_TRAFFIC", "change", ["AWS::EC2::SecurityGroup"],
     {"blockedPort1": 20, "blockedPort2": 21, "blockedPort3": 3389,
      "blockedPort4": 3306, "blockedPort5": 4333}),
    ("ROOT_ACCOUNT_MFA_ENABLED", "periodic", [], {}),
    ("S3_BUCKET_LOGGING_ENABLED", "change", ["AWS::S3::Bucket"], {}),
    ("S3_BUCKET_PUBLIC_READ_PROHIBITED", "both", ["AWS::S3::Bucket"], {}),
    ("S3_BUCKET_PUBLIC_WRITE_PROHIBITED", "both", ["AWS::S3::Bucket"], {}),
    ("S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", "change", ["AWS::S3::Bucket"],
     {}),
    ("S3_BUCKET_SSL_REQUESTS_ONLY", "change", ["AWS::S3::Bucket"], {}),
    ("S3_BUCKET_VERSIONING_ENABLED", "change", ["AWS::S3::Bucket"], {}),
    ("SECURITYHUB_ENABLED", "periodic", [], {}),
    ("SNS_ENCRYPTED_KMS", "change", ["AWS::SNS::Topic"], {}),
    ("SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED", "change", ["AWS::EC2::Subnet"],
     {}),
    ("VPC_DEFAULT_SECURITY_GROUP_CLOSED", "change",
     ["AWS::EC2::SecurityGroup"], {}),
    ("VPC_FLOW_LOGS_ENABLED", "periodic", [], {"trafficType": "REJECT"}),
    ("VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS", "change",
     ["AWS::EC2::SecurityGroup"], {"authorizedTcpPorts": "443,1020-1025"}),
]

# SSM Automation documents that fix what some managed rules report, with the
# parameter that receives the non-compliant resource's ID.
REMEDIATIONS = {
    "S3_BUCKET_PUBLIC_READ_PROHIBITED":
        ("AWS-DisableS3BucketPublicReadWrite", "S3BucketName", {}),
    "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED":
        ("AWS-EnableS3BucketEncryption", "BucketName",
         {"SSEAlgorithm": "AES256"}),
    "S3_BUCKET_VERSIONING_ENABLED":
        ("AWS-ConfigureS3BucketVersioning", "BucketName",
         {"VersioningState": "Enabled"}),
}

# Resource types a custom handler rule checks for a required tag, and the
# read-only call its handler is allowed beyond Config's own.
HANDLER_TYPES = [
    ("AWS::EC2::Instance", "ec2:DescribeInstances"),
    ("AWS::S3::Bucket", "s3:GetBucketTagging"),
    ("AWS::RDS::DBInstance", "rds:ListTagsForResource"),
    ("AWS::DynamoDB::Table", "dynamodb:ListTagsOfResource"),
    ("AWS::Lambda::Function", "lambda:ListTags"),
    ("AWS::SNS::Topic", "sns:ListTagsForResource"),
]

# Guard 2 policies evaluated against the configuration item.
POLICIES = [
    ("AWS::S3::Bucket", "s3_versioning",
     'supplementaryConfiguration.BucketVersioningConfiguration.status == "Enabled"'),
    ("AWS::EC2::Volume", "volume_encrypted", "configuration.encrypted == true"),
    ("AWS::DynamoDB::Table", "table_sse",
     'configuration.sseDescription.status == "ENABLED"'),
    ("AWS::RDS::DBInstance", "rds_multi_az", "configuration.multiAZ == true"),
    ("AWS::SQS::Queue", "queue_encrypted",
     "configuration.KmsMasterKeyId exists"),
]

DOMAINS = ["Storage", "Network", "Identity", "Logging", "Compute", "Database",
           "Encryption", "Monitoring"]
FREQUENCIES = [":one_hour", ":three_hours", ":six_hours", ":twelve_hours",
               ":twenty_four_hours"]
TAG_KEYS = ["owner", "cost_center", "data_class", "environment"]

HANDLER = '''"""{title}

Generated by rulecc's bench/gen.py: {type} resources must carry the tag
named by the rule parameter `required_tag`."""
import json

import boto3

GONE = ("ResourceDeleted", "ResourceDeletedNotRecorded", "ResourceNotRecorded")
_config = None


def config():
    global _config
    if _config is None:
        _config = boto3.client("config")
    return _config


def evaluate(item, required):
    if item.get("configurationItemStatus") in GONE:
        return "NOT_APPLICABLE", "the resource no longer exists"
    if item.get("resourceType") != "{type}":
        return "NOT_APPLICABLE", "not a {type}"
    if required in (item.get("tags") or {{}}):
        return "COMPLIANT", "tagged " + required
    return "NON_COMPLIANT", "missing the tag " + required


def lambda_handler(event, context):
    invoking = json.loads(event["invokingEvent"])
    params = json.loads(event.get("ruleParameters") or "{{}}")
    item = invoking.get("configurationItem")
    if item is None:
        summary = invoking["configurationItemSummary"]
        item = config().get_resource_config_history(
            resourceType=summary["resourceType"],
            resourceId=summary["resourceId"], limit=1)["configurationItems"][0]
    verdict = evaluate(item, params.get("required_tag", "owner"))
    config().put_evaluations(
        Evaluations=[{{
            "ComplianceResourceType": item["resourceType"],
            "ComplianceResourceId": item["resourceId"],
            "ComplianceType": verdict[0],
            "Annotation": verdict[1][:256],
            "OrderingTimestamp": item["configurationItemCaptureTime"],
        }}],
        ResultToken=event["resultToken"])
'''


def underscore(class_name):
    """StorageQxRule -> storage_qx_rule (where handler files live)."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", class_name).lower()


def literal(value):
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return '"%s"' % value


def kwargs(params):
    # AWS's own parameter names: rulecc passes InputParameters names through
    # as written until its managed-rule catalog maps snake_case spellings.
    return ", ".join("%s: %s" % (k, literal(v)) for k, v in params.items())


def class_names(count):
    """Distinct CamelCase class names: a domain and a two-letter code."""
    names = []
    for i in range(count):
        domain = DOMAINS[i % len(DOMAINS)]
        code = i // len(DOMAINS)
        suffix = chr(ord("A") + code // 26 % 26) + chr(ord("a") + code % 26)
        names.append("%s%sRule" % (domain, suffix))
    return names


def split_classes(total, rng):
    """Class sizes between 20 and 25 that add up to total. The CloudFormation
    backend gives each class its own nested stack, and a parent template holds
    at most 500 resources, so 10,000 rules need classes of 20 or more."""
    sizes = []
    left = total
    while left > 0:
        size = min(left, rng.randint(20, 25))
        sizes.append(size)
        left -= size
    return sizes


def rule_kinds(total, rng):
    managed = round(total * 0.7)
    handlers = round(total * 0.2)
    kinds = (["managed"] * managed + ["python"] * handlers +
             ["policy"] * (total - managed - handlers))
    rng.shuffle(kinds)
    return kinds


class Writer:
    def __init__(self, rng):
        self.rng = rng
        self.lines = []
        self.handlers = {}  # relative path -> contents

    def emit(self, text=""):
        self.lines.append(text)

    def managed(self, cls, used):
        rng = self.rng
        choices = [m for m in MANAGED if m[0] not in used]
        ident, trigger, types, params = rng.choice(choices)
        used.add(ident)
        self.emit('  desc "%s: AWS managed rule %s"' % (cls, ident))
        if trigger != "periodic" and types:
            if rng.random() < 0.1:
                self.emit('  scope tag: { environment: "prod" }')
            else:
                self.emit("  scope %s" % ", ".join('"%s"' % t for t in types))
        if params:
            self.emit("  input_parameters %s" % kwargs(params))
        if trigger == "periodic" and rng.random() < 0.5:
            self.emit("  every %s" % rng.choice(FREQUENCIES))
        if rng.random() < 0.15:
            self.emit('  tags severity: "%s"' % rng.choice(["high", "medium"]))
        if ident in REMEDIATIONS and rng.random() < 0.5:
            doc, resource_param, static = REMEDIATIONS[ident]
            params = {resource_param: ":resource_id"}
            params.update(static)
            body = ", ".join(
                "%s: %s" % (k, v if v.startswith(":") else '"%s"' % v)
                for k, v in params.items())
            self.emit('  remediate "%s", automatic: true, '
                      "maximum_automatic_attempts: 5, retry_attempt_seconds: "
                      "60, parameters: { %s }" % (doc, body))
        self.emit("  managed_rule :%s" % ident.lower())

    def python(self, cls, index):
        rng = self.rng
        rtype, action = rng.choice(HANDLER_TYPES)
        tag = rng.choice(TAG_KEYS)
        name = "%s_tag_%02d" % (tag, index)
        title = "%s: %s resources carry the tag %s" % (cls, rtype, tag)
        self.emit('  desc "%s"' % title)
        self.emit('  scope "%s"' % rtype)
        self.emit('  input_parameters required_tag: "%s"' % tag)
        if rng.random() < 0.3:
            self.emit("  timeout %d" % rng.choice([10, 30, 60]))
        if rng.random() < 0.2:
            self.emit("  memory %d" % rng.choice([128, 512]))
        if rng.random() < 0.3:
            self.emit('  iam_policy "%s"' % action)
        if rng.random() < 0.2:
            self.emit('  environment LOG_LEVEL: "INFO"')
        self.emit("  python :%s" % name)
        path = os.path.join("rules", underscore(cls), "python", name + ".py")
        self.handlers[path] = HANDLER.format(title=title, type=rtype)

    def policy(self, cls, index):
        rtype, stem, condition = self.rng.choice(POLICIES)
        name = "%s_%02d" % (stem, index)
        self.emit('  desc "%s: Guard policy %s"' % (cls, stem))
        self.emit('  scope "%s"' % rtype)
        self.emit("  policy :%s, <<~GUARD" % name)
        self.emit('    rule %s when resourceType == "%s" {' % (stem, rtype))
        self.emit("      %s" % condition)
        self.emit("    }")
        self.emit("  GUARD")

    def klass(self, name, kinds):
        rng = self.rng
        self.emit("class %s < ApplicationRule" % name)
        if rng.random() < 0.2:
            self.emit('  rule_namespace "%s"' % name[:-4].lower())
        if "python" in kinds:
            if rng.random() < 0.5:
                self.emit("  class_timeout %d" % rng.choice([15, 20, 45]))
            if rng.random() < 0.3:
                self.emit("  class_memory %d" % rng.choice([256, 1024]))
            self.emit('  class_iam_policy "tag:GetResources"')
        if rng.random() < 0.3:
            self.emit('  class_tags domain: "%s"' % name[:-6].lower())
        used = set()
        for index, kind in enumerate(kinds):
            self.emit()
            if kind == "managed":
                self.managed(name, used)
            elif kind == "python":
                self.python(name, index)
            else:
                self.policy(name, index)
        self.emit("end")
        self.emit()


def generate(total, seed, project):
    rng = random.Random("%d/%d" % (seed, total))
    writer = Writer(rng)
    writer.emit("# %d rules generated by bench/gen.py (seed %d)." % (total, seed))
    writer.emit('project "%s"' % project)
    writer.emit('default_runtime "python3.12"')
    writer.emit("default_timeout 30")
    writer.emit('tags { team: "platform", generator: "bench" }')
    writer.emit()
    kinds = rule_kinds(total, rng)
    sizes = split_classes(total, rng)
    start = 0
    for name, size in zip(class_names(len(sizes)), sizes):
        writer.klass(name, kinds[start:start + size])
        start += size
    return "\n".join(writer.lines), writer.handlers


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rules", type=int, help="number of rules (N >= 1)")
    parser.add_argument("outdir", help="directory to write (created)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--project", default="bench")
    args = parser.parse_args(argv)
    if args.rules < 1:
        parser.error("N must be at least 1")
    app, handlers = generate(args.rules, args.seed, args.project)
    os.makedirs(args.outdir, exist_ok=True)
    with open(os.path.join(args.outdir, "app.rules"), "w") as out:
        out.write(app)
    for path, text in sorted(handlers.items()):
        full = os.path.join(args.outdir, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as out:
            out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
