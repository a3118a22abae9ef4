#!/usr/bin/env python3
"""Writes the differential test's configuration-item corpus (corpus/*.json).

Deterministic: a fixed seed, no clock, no environment. Run it after changing
it and commit the output; the test reads the committed files, and
`gen_corpus.py --check` (run by the test) fails when they differ from what
this script writes; `--stats` counts the items and resource types.

For each of 18 resource types, 18 items in the shape of a change
notification's `configurationItem`: realistic compliant and non-compliant
configurations, then the same kinds of item with properties missing, set to
null, empty and single-element lists, values of the wrong JSON type, unicode
strings, and deleted, not-recorded, discovered and configuration-less items.
`edge.json` adds hand-picked values for the semantics' corners (numbers,
floats, long and non-BMP strings, dates, `to_i` text, regex probes).
"""
import copy
import json
import os
import random
import sys

ACCT = "123456789012"
SEED = 20261126
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")

UNICODE = ["Müller-Ä", "日本語のバケット", "emoji-😀-tag", "naïve café", "Ωmega",
           "\u00a0nbsp\u00a0", "tab\tsep", "line1\nline2", "שלום-rtl",
           "zero\u200bwidth", "e\u0301clair", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\ufffd", "😀😀",
           "ǅungla", "İstanbul", "straße", "ÀÉÎÕÜ", "a\"quote'", "back\\slash",
           "#{not_code}", "${x}", "", " ", "x" * 300]
CREATED = ["2025-11-03T09:14:27.000Z", "2026-05-31T23:59:59Z", "2026-06-01",
           "2026-06-01T05:30:00+05:30", "2020-02-29T12:00:00.5Z",
           "2026-06-02T00:00:00-03:00", None, "not a date", 1780142651]
ENVS = ["prod", "Prod", "PROD", "dev", "stage", " prod ", "", "prod\n"]
NAMES = ["web-1", "db-primary", "api-gateway", "batch_worker", "Web-2",
         "cache.redis", "a", "z-last"]
COST = ["CC-1001", "1001", " 42abc", "-7", "+3", "1_000", "٣", "", "0x1A",
        "12e3", "  \n99", "−5", "007"]


def item(rtype, rid, config, name=None, arn=None, supp=None, tags=None,
         status="OK", region="us-east-1", az="Not Applicable", rels=None,
         created="2025-11-03T09:14:27.000Z"):
    it = {
        "relatedEvents": [],
        "relationships": rels or [],
        "configuration": config,
        "supplementaryConfiguration": supp or {},
        "tags": tags if tags is not None else {},
        "configurationItemVersion": "1.3",
        "configurationItemCaptureTime": "2026-05-30T12:04:11.512Z",
        "configurationStateId": 1780142651512,
        "awsAccountId": ACCT,
        "configurationItemStatus": status,
        "resourceType": rtype,
        "resourceId": rid,
        "resourceName": name,
        "ARN": arn or "arn:aws:%s:%s:%s:%s" % (
            rtype.split("::")[1].lower(), region, ACCT, rid),
        "awsRegion": region,
        "availabilityZone": az,
        "configurationStateMd5Hash": "",
    }
    if created is not Ellipsis:
        it["resourceCreationTime"] = created
    return it


# --- one builder per resource type: (rng, index, good) -> item ---------------

def hexid(rng, n=17):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def ec2_instance(rng, i, good):
    iid = "i-" + hexid(rng)
    public = None if good else "54.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    enis = [{"networkInterfaceId": "eni-" + hexid(rng),
             "association": None if good or k else {"publicIp": public, "ipOwnerId": "amazon"},
             "privateIpAddresses": [{"privateIpAddress": "10.0.%d.%d" % (k, rng.randrange(256)),
                                     "primary": k == 0}],
             "attachment": {"deviceIndex": k}} for k in range(rng.choice([1, 1, 2, 3]))]
    cfg = {"instanceId": iid, "instanceType": rng.choice(["t3.micro", "m5.large", "c7g.xlarge"]),
           "imageId": "ami-" + hexid(rng), "publicIpAddress": public,
           "state": {"code": 16, "name": rng.choice(["running", "stopped"]) if good else "running"},
           "networkInterfaces": enis, "monitoring": {"state": rng.choice(["enabled", "disabled"])},
           "securityGroups": [{"groupName": "web", "groupId": "sg-" + hexid(rng)}],
           "metadataOptions": {"httpTokens": "required" if good else "optional", "httpPutResponseHopLimit": rng.choice([1, 2])},
           "ebsOptimized": good, "launchTime": "2026-05-%02dT08:00:00.000Z" % (1 + i)}
    return item("AWS::EC2::Instance", iid, cfg, az="us-east-1a")


def ec2_sg(rng, i, good):
    gid = "sg-" + hexid(rng)
    def perm(proto, lo, hi, cidrs):
        p = {"ipProtocol": proto, "ipRanges": cidrs, "ipv4Ranges": [{"cidrIp": c} for c in cidrs],
             "ipv6Ranges": [], "prefixListIds": [], "userIdGroupPairs": []}
        if proto != "-1":
            p["fromPort"], p["toPort"] = lo, hi
        return p
    perms = [perm("tcp", 443, 443, ["0.0.0.0/0"])]
    for _ in range(rng.randrange(3)):
        port = rng.choice([22, 80, 3389, 5432, 8080])
        perms.append(perm("tcp", port, port, ["10.0.0.0/8"] if good else ["0.0.0.0/0"]))
    if not good and rng.random() < 0.4:
        perms.append(perm("-1", None, None, ["0.0.0.0/0"]))
    cfg = {"groupId": gid, "groupName": rng.choice(NAMES), "description": "sg %d" % i,
           "ownerId": ACCT, "vpcId": "vpc-" + hexid(rng), "ipPermissions": perms,
           "ipPermissionsEgress": [perm("-1", None, None, ["0.0.0.0/0"])]}
    return item("AWS::EC2::SecurityGroup", gid, cfg, name=cfg["groupName"])


def ec2_volume(rng, i, good):
    vid = "vol-" + hexid(rng)
    state = rng.choice(["in-use", "in-use", "available"])
    cfg = {"volumeId": vid, "size": rng.choice([8, 20, 100, 500, 16384]), "volumeType": rng.choice(["gp3", "gp2", "io2"]),
           "encrypted": good, "iops": rng.choice([3000, 16000]), "state": {"value": state},
           "attachments": [{"instanceId": "i-" + hexid(rng), "state": "attached", "device": "/dev/xvd" + "abc"[k],
                            "deleteOnTermination": rng.random() < 0.5} for k in range(1 if state == "in-use" else 0)],
           "createTime": "2026-0%d-1%dT03:04:05.000Z" % (1 + i % 5, i % 10)}
    if good:
        cfg["kmsKeyId"] = "arn:aws:kms:us-east-1:%s:key/%s" % (ACCT, hexid(rng, 8))
    return item("AWS::EC2::Volume", vid, cfg, az="us-east-1b")


def s3_bucket(rng, i, good):
    name = rng.choice(["acme-web-prod-assets", "acme-data-dev-lake", "logs", "Acme-Bad-Name", "acme-fin-stage-ledger"]) + "-%d" % i
    supp = {"BucketVersioningConfiguration": {"status": "Enabled" if good else rng.choice(["Off", "Suspended"]),
                                              "isMfaDeleteEnabled": rng.choice([True, False, None])},
            "PublicAccessBlockConfiguration": {"blockPublicAcls": True, "ignorePublicAcls": good,
                                               "blockPublicPolicy": True, "restrictPublicBuckets": good},
            "ServerSideEncryptionConfiguration": {"rules": [{"applyServerSideEncryptionByDefault": {
                "sseAlgorithm": rng.choice(["AES256", "aws:kms"]) if good else "none"}, "bucketKeyEnabled": good}]},
            "BucketLoggingConfiguration": {"destinationBucketName": "acme-logs" if good else None, "logFilePrefix": "s3/"}}
    cfg = {"name": name, "owner": {"displayName": None, "id": hexid(rng, 12)}, "creationDate": "2025-03-11T10:12:44.000Z"}
    return item("AWS::S3::Bucket", name, cfg, name=name, arn="arn:aws:s3:::" + name, supp=supp)


def iam_policy(rng, i, good):
    from urllib.parse import quote
    stmt = {"Effect": "Allow", "Action": "s3:GetObject" if good else "*", "Resource": "*"}
    doc = quote(json.dumps({"Version": "2012-10-17", "Statement": [stmt]}, separators=(",", ":")), safe="")
    pid = "ANPA" + hexid(rng, 16).upper()
    name = "policy-%d" % i
    cfg = {"policyName": name, "policyId": pid, "arn": "arn:aws:iam::%s:policy/%s" % (ACCT, name),
           "defaultVersionId": "v1", "attachmentCount": rng.randrange(4), "isAttachable": True,
           "policyVersionList": [{"document": doc, "versionId": "v1", "isDefaultVersion": True,
                                  "createDate": "2026-01-01T00:00:00.000Z"}]}
    return item("AWS::IAM::Policy", pid, cfg, name=name, arn=cfg["arn"], region="global")


def iam_user(rng, i, good):
    uid = "AIDA" + hexid(rng, 16).upper()
    name = rng.choice(["alice", "bob", "ci-deployer", "root-like"]) + str(i)
    cfg = {"userName": name, "userId": uid, "arn": "arn:aws:iam::%s:user/%s" % (ACCT, name), "path": "/",
           "createDate": "202%d-0%d-15T10:00:00.000Z" % (3 + i % 4, 1 + i % 9),
           "attachedManagedPolicies": [{"policyName": p, "policyArn": "arn:aws:iam::aws:policy/" + p}
                                       for p in (["ReadOnlyAccess"] if good else ["AdministratorAccess", "IAMFullAccess"])[:1 + i % 2]],
           "groupList": ["devs"] if good else [], "userPolicyList": [] if good else [{"policyName": "inline", "policyDocument": "%7B%7D"}]}
    return item("AWS::IAM::User", uid, cfg, name=name, arn=cfg["arn"], region="global")


def cloudtrail(rng, i, good):
    name = "trail-%d" % i
    cfg = {"name": name, "s3BucketName": "acme-trail", "isMultiRegionTrail": good, "homeRegion": "us-east-1",
           "logFileValidationEnabled": good, "includeGlobalServiceEvents": True,
           "trailARN": "arn:aws:cloudtrail:us-east-1:%s:trail/%s" % (ACCT, name)}
    if good:
        cfg["kmsKeyId"] = "arn:aws:kms:us-east-1:%s:key/%s" % (ACCT, hexid(rng, 8))
    return item("AWS::CloudTrail::Trail", "AWSCloudTrail:%s:%s" % (ACCT, name), cfg, name=name, arn=cfg["trailARN"])


def rds(rng, i, good):
    ident = rng.choice(["orders", "users", "reports"]) + "-db-%d" % i
    rid = "db-" + hexid(rng, 26).upper()
    cfg = {"dBInstanceIdentifier": ident, "engine": rng.choice(["postgres", "mysql", "aurora-postgresql"]),
           "allocatedStorage": rng.choice([20, 100, 1000]), "storageEncrypted": good, "publiclyAccessible": not good,
           "backupRetentionPeriod": rng.choice([0, 1, 7, 35]) if not good else 7, "multiAZ": good,
           "deletionProtection": good, "dbiResourceId": rid,
           "endpoint": {"address": ident + ".c9akciq32xyz.us-east-1.rds.amazonaws.com", "port": 5432},
           "dBParameterGroups": [{"dBParameterGroupName": "default.postgres16", "parameterApplyStatus": "in-sync"}]}
    return item("AWS::RDS::DBInstance", rid, cfg, name=ident, az="us-east-1c")


def lambda_fn(rng, i, good):
    name = "fn-%d" % i
    cfg = {"functionName": name, "runtime": rng.choice(["python3.12", "nodejs22.x"]) if good else rng.choice(["python3.7", "nodejs12.x", "go1.x"]),
           "memorySize": rng.choice([128, 256, 1024, 10240]), "timeout": rng.choice([3, 30, 900]),
           "handler": "index.handler", "packageType": "Zip", "codeSize": rng.randrange(1000, 50000000),
           "tracingConfig": {"mode": "Active" if good else "PassThrough"},
           "vpcConfig": {"subnetIds": ["subnet-" + hexid(rng)] if good else [], "securityGroupIds": []},
           "layers": [], "architectures": [rng.choice(["x86_64", "arm64"])],
           "environment": {"variables": {"STAGE": "prod"}} if rng.random() < 0.5 else None}
    return item("AWS::Lambda::Function", name, cfg, name=name,
               supp={"Concurrency": {"reservedConcurrentExecutions": rng.choice([None, 0, 10])}})


def dynamodb(rng, i, good):
    name = "table-%d" % i
    cfg = {"tableName": name, "tableStatus": "ACTIVE", "itemCount": rng.randrange(10 ** 6),
           "provisionedThroughput": {"readCapacityUnits": rng.choice([0, 5, 100]), "writeCapacityUnits": rng.choice([0, 5, 50])},
           "keySchema": [{"attributeName": "pk", "keyType": "HASH"}] + ([{"attributeName": "sk", "keyType": "RANGE"}] if i % 2 else []),
           "ssedescription": {"status": "ENABLED", "ssetype": "KMS"} if good else None,
           "billingModeSummary": {"billingMode": rng.choice(["PAY_PER_REQUEST", "PROVISIONED"])}}
    supp = {"ContinuousBackupsDescription": {"continuousBackupsStatus": "ENABLED",
            "pointInTimeRecoveryDescription": {"pointInTimeRecoveryStatus": "ENABLED" if good else "DISABLED"}}}
    return item("AWS::DynamoDB::Table", name, cfg, name=name, supp=supp)


def kms(rng, i, good):
    kid = "%s-%s-4%s-8%s-%s" % (hexid(rng, 8), hexid(rng, 4), hexid(rng, 3), hexid(rng, 3), hexid(rng, 12))
    spec = rng.choice(["SYMMETRIC_DEFAULT", "SYMMETRIC_DEFAULT", "RSA_2048", "HMAC_256"])
    cfg = {"keyId": kid, "keyManager": rng.choice(["CUSTOMER", "CUSTOMER", "AWS"]), "keySpec": spec,
           "keyState": rng.choice(["Enabled", "Enabled", "Disabled", "PendingDeletion"]), "enabled": True,
           "origin": "AWS_KMS", "multiRegion": False, "creationDate": "2025-06-01T00:00:00.000Z"}
    return item("AWS::KMS::Key", kid, cfg, supp={"KeyRotationStatus": rng.choice([good, "true" if good else "false"])})


def cloudfront(rng, i, good):
    did = "E" + hexid(rng, 13).upper()
    behaviors = [{"pathPattern": "/p%d/*" % k, "viewerProtocolPolicy": "https-only" if good else rng.choice(["allow-all", "https-only"])}
                 for k in range(rng.randrange(3))]
    cfg = {"id": did, "domainName": "d%s.cloudfront.net" % hexid(rng, 12),
           "distributionConfig": {"enabled": True, "comment": "dist %d" % i, "httpVersion": "http2",
               "defaultCacheBehavior": {"viewerProtocolPolicy": "redirect-to-https" if good else "allow-all", "targetOriginId": "o1"},
               "cacheBehaviors": {"quantity": len(behaviors), "items": behaviors},
               "origins": {"quantity": 1, "items": [{"id": "o1", "domainName": "origin-%d.example.com" % i}]},
               "viewerCertificate": {"minimumProtocolVersion": "TLSv1.2_2021" if good else "TLSv1"},
               "logging": {"enabled": good, "bucket": "acme-logs.s3.amazonaws.com" if good else ""}}}
    return item("AWS::CloudFront::Distribution", did, cfg, region="global")


def listener(rng, i, good):
    arn = "arn:aws:elasticloadbalancing:us-east-1:%s:listener/app/lb/%s/%s" % (ACCT, hexid(rng, 16), hexid(rng, 16))
    proto = rng.choice(["HTTPS", "TLS"]) if good else rng.choice(["HTTP", "TCP"])
    actions = [{"Type": "forward", "Order": 1, "TargetGroupArn": arn.replace("listener", "targetgroup")}]
    if proto == "HTTP" and rng.random() < 0.5:
        actions = [{"Type": "redirect", "Order": 1, "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]
    cfg = {"ListenerArn": arn, "Port": {"HTTPS": 443, "TLS": 443, "HTTP": 80, "TCP": 5432}[proto], "Protocol": proto,
           "DefaultActions": actions}
    if good:
        cfg["SslPolicy"] = rng.choice(["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-2016-08"])
    return item("AWS::ElasticLoadBalancingV2::Listener", arn, cfg, arn=arn)


def acm(rng, i, good):
    arn = "arn:aws:acm:us-east-1:%s:certificate/%s" % (ACCT, hexid(rng, 12))
    day = rng.randrange(1, 28)
    cfg = {"certificateArn": arn, "domainName": "site%d.example.com" % i,
           "status": "ISSUED" if good else rng.choice(["ISSUED", "EXPIRED", "PENDING_VALIDATION"]),
           "notAfter": ("2027-%02d-%02dT23:59:59.000Z" if good else "2026-%02d-%02dT12:00:00.000Z") % (rng.randrange(1, 13), day),
           "inUseBy": ["arn:aws:elasticloadbalancing:us-east-1:%s:loadbalancer/app/web/x" % ACCT] if i % 3 else [],
           "type": "AMAZON_ISSUED", "keyAlgorithm": "RSA-2048"}
    return item("AWS::ACM::Certificate", arn, cfg, arn=arn)


def secret(rng, i, good):
    name = "prod/app%d/db" % i
    arn = "arn:aws:secretsmanager:us-east-1:%s:secret:%s-%s" % (ACCT, name, hexid(rng, 6))
    cfg = {"ARN": arn, "Name": name, "KMSKeyId": "alias/aws/secretsmanager", "RotationEnabled": good,
           "RotationRules": {"AutomaticallyAfterDays": rng.choice([7, 30, 90, 365])} if good else None}
    return item("AWS::SecretsManager::Secret", arn, cfg, name=name, arn=arn)


def flowlog(rng, i, good):
    fid = "fl-" + hexid(rng)
    cfg = {"flowLogId": fid, "resourceId": rng.choice(["vpc-", "subnet-", "eni-"]) + hexid(rng),
           "trafficType": "ALL" if good else rng.choice(["REJECT", "ACCEPT"]), "flowLogStatus": "ACTIVE",
           "deliverLogsStatus": "SUCCESS" if good else rng.choice(["SUCCESS", "FAILED"]),
           "logDestinationType": rng.choice(["cloud-watch-logs", "s3"]), "maxAggregationInterval": rng.choice([60, 600])}
    return item("AWS::EC2::FlowLog", fid, cfg)


def efs(rng, i, good):
    fsid = "fs-" + hexid(rng)
    cfg = {"FileSystemId": fsid, "Encrypted": good, "PerformanceMode": "generalPurpose",
           "ThroughputMode": rng.choice(["bursting", "elastic"]),
           "BackupPolicy": {"Status": "ENABLED" if good else "DISABLED"},
           "FileSystemTags": [{"Key": "Name", "Value": "fs%d" % i}]}
    if good:
        cfg["KmsKeyId"] = "arn:aws:kms:us-east-1:%s:key/%s" % (ACCT, hexid(rng, 8))
    return item("AWS::EFS::FileSystem", fsid, cfg)


def sqs(rng, i, good):
    url = "https://sqs.us-east-1.amazonaws.com/%s/queue-%d" % (ACCT, i)
    cfg = {"QueueUrl": url, "QueueName": "queue-%d" % i, "DelaySeconds": rng.choice([0, 5, 900]),
           "MaximumMessageSize": 262144, "MessageRetentionPeriod": rng.choice([60, 345600, 1209600]),
           "VisibilityTimeout": rng.choice([0, 30, 43200]), "SqsManagedSseEnabled": good,
           "FifoQueue": rng.choice(["true", "false"])}
    if good and rng.random() < 0.5:
        cfg["KmsMasterKeyId"] = "alias/aws/sqs"
    return item("AWS::SQS::Queue", url, cfg, name=cfg["QueueName"])


BUILDERS = [
    ("AWS::EC2::Instance", ec2_instance), ("AWS::EC2::SecurityGroup", ec2_sg),
    ("AWS::EC2::Volume", ec2_volume), ("AWS::S3::Bucket", s3_bucket),
    ("AWS::IAM::Policy", iam_policy), ("AWS::IAM::User", iam_user),
    ("AWS::CloudTrail::Trail", cloudtrail), ("AWS::RDS::DBInstance", rds),
    ("AWS::Lambda::Function", lambda_fn), ("AWS::DynamoDB::Table", dynamodb),
    ("AWS::KMS::Key", kms), ("AWS::CloudFront::Distribution", cloudfront),
    ("AWS::ElasticLoadBalancingV2::Listener", listener), ("AWS::ACM::Certificate", acm),
    ("AWS::SecretsManager::Secret", secret), ("AWS::EC2::FlowLog", flowlog),
    ("AWS::EFS::FileSystem", efs), ("AWS::SQS::Queue", sqs),
]

# The kind of each of a type's 18 items, in order.
KINDS = ["good", "good", "bad", "bad", "random", "random", "missing", "null",
         "empty_lists", "single_lists", "wrong_types", "wrong_types",
         "unicode", "deleted", "deleted_not_recorded", "not_recorded",
         "discovered", "configuration_null"]


def paths(value, prefix=()):
    """Every (path, value) below `value`, containers included."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield prefix + (k,), v
            yield from paths(v, prefix + (k,))
    elif isinstance(value, list):
        for k, v in enumerate(value):
            yield prefix + (k,), v
            yield from paths(v, prefix + (k,))


def set_path(root, path, value):
    for k in path[:-1]:
        root = root[k]
    if value is Ellipsis:
        del root[path[-1]]
    else:
        root[path[-1]] = value


def map_lists(value, fn):
    if isinstance(value, dict):
        return {k: map_lists(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        return fn([map_lists(v, fn) for v in value])
    return value


def wrong_type(rng, v):
    if isinstance(v, bool):
        return rng.choice(["true" if v else "false", int(v), [v]])
    if isinstance(v, int):
        return rng.choice([str(v), float(v) + 0.5, [v], v > 0, float(v)])
    if isinstance(v, float):
        return rng.choice([str(v), int(v)])
    if isinstance(v, str):
        return rng.choice([len(v), [v], {"value": v}, v == "", 3.25])
    if isinstance(v, list):
        return rng.choice([v[0] if v else None, {"items": v}, len(v)])
    if isinstance(v, dict):
        return rng.choice([[v], json.dumps(v, separators=(",", ":")), None])
    return rng.choice([0, "null", False])


def mutate(rng, it, kind):
    cfg = it["configuration"]
    if kind == "missing":
        for p in rng.sample([p for p, _ in paths(cfg) if isinstance(p[-1], str)], 3):
            try:
                set_path(cfg, p, Ellipsis)
            except (KeyError, TypeError, IndexError):
                pass  # an ancestor went first
        if rng.random() < 0.5:
            del it["tags"]
    elif kind == "null":
        for p in rng.sample([p for p, _ in paths(cfg)], 3):
            try:
                set_path(cfg, p, None)
            except (KeyError, TypeError, IndexError):
                pass
        it["supplementaryConfiguration"] = {k: None for k in it["supplementaryConfiguration"]}
        it["tags"] = None
    elif kind == "empty_lists":
        it["configuration"] = map_lists(cfg, lambda l: [])
        it["supplementaryConfiguration"] = map_lists(it["supplementaryConfiguration"], lambda l: [])
    elif kind == "single_lists":
        it["configuration"] = map_lists(cfg, lambda l: l[:1] if l else ["only"])
        it["relationships"] = [{"resourceId": "vpc-0f1e2d3c4b5a69788", "resourceType": "AWS::EC2::VPC",
                                "name": "Is contained in Vpc"}]
    elif kind == "wrong_types":
        for p, v in list(paths(cfg)):
            if rng.random() < 0.35:
                try:
                    set_path(cfg, p, wrong_type(rng, v))
                except (KeyError, TypeError, IndexError):
                    pass
        if rng.random() < 0.5:
            it["tags"] = rng.choice([["env", "prod"], "env=prod", {"env": 1, "Name": ["a"], "CostCenter": None}])
    elif kind == "unicode":
        for p, v in list(paths(cfg)):
            if isinstance(v, str) and rng.random() < 0.6:
                set_path(cfg, p, rng.choice(UNICODE))
        it["tags"] = {rng.choice(["Name", "env", "Ñame", "😀"]): rng.choice(UNICODE) for _ in range(3)}
        it["resourceName"] = rng.choice(UNICODE[:12])
    elif kind in ("deleted", "deleted_not_recorded", "not_recorded"):
        it["configurationItemStatus"] = {"deleted": "ResourceDeleted",
                                         "deleted_not_recorded": "ResourceDeletedNotRecorded",
                                         "not_recorded": "ResourceNotRecorded"}[kind]
        it["configuration"] = None
        it["supplementaryConfiguration"] = {}
        it["tags"] = {}
    elif kind == "discovered":
        it["configurationItemStatus"] = "ResourceDiscovered"
    elif kind == "configuration_null":
        it["configuration"] = None
    return it


def tags(rng):
    t = {}
    if rng.random() < 0.8:
        t["Name"] = rng.choice(NAMES)
    if rng.random() < 0.7:
        t["env"] = rng.choice(ENVS)
    if rng.random() < 0.5:
        t["CostCenter"] = rng.choice(COST)
    return t


def generate():
    rng = random.Random(SEED)
    files = {}
    for rtype, build in BUILDERS:
        items = []
        for i, kind in enumerate(KINDS):
            good = kind == "good" or (kind != "bad" and rng.random() < 0.5)
            it = build(rng, i, good)
            it["tags"] = tags(rng)
            it["resourceCreationTime"] = rng.choice(CREATED)
            if rng.random() < 0.1:
                del it["resourceCreationTime"]
            items.append(mutate(rng, it, kind))
        files[rtype.replace("AWS::", "").replace("::", "_") + ".json"] = items
    files["edge.json"] = edge_items()
    return files


# --- edge.json: hand-picked values for the corners of the semantics ---------

NAME_PROBES = ["", " ", "\t\n", "\u00a0", "a", "web-1", "e\u0301clair", "\u00e9clair",
               "😀", "😀😀", "\ufffd", "\uffff", "İstanbul", "straße", "ÀÉÎ", "abc\n",
               "line1\nline2", "12345", "x.y", "ǅ", "𝔘", "Z", "m", "Web", "web-10",
               "prod", "Prod-01", "a.b.c", "__", "-x"]
ENV_PROBES = ["prod", "prod\n", " prod ", "PROD", "", "\t", None, "prod\r\n",
              "stage", "production", "pro", "prod.", "😀prod"]
COST_PROBES = [" 42abc", "-7", "+3", "1_000", "٣", "", "0x1A", "12e3", "  \n99",
               "−5", "007", "- 5", "+-3", "\v12", "9007199254740993",
               "123456789012345678901234", "\u00a012", "3.99", "-0", "abc",
               "1__000", "1_000_", "_5", "-1_0_0", "9_007_199_254_740_993"]
DATE_PROBES = ["2026-06-01", "2026-05-31", "2026-06-01T00:00:00Z",
               "2026-05-31T23:59:59.999Z", "2026-06-01T00:00:00.001Z",
               "2026-06-01T05:30:00+05:30", "2026-06-01T05:30:01+05:30",
               "2026-05-31T20:00:00-04:00", "2024-02-29", "1970-01-01T00:00:00Z",
               "2036-06-01T00:00:00.000Z", "2026-06-01T00:00:00", "2026-06-01T00:00Z",
               "2026-6-1", "", "yesterday", 20260601, "2026-02-30",
               "2026-06-01T00:00:00.123456Z", "2026-06-01t00:00:00z", None, True,
               "2026-05-31T23:59:59.5+00:00", "0001-01-01"]
NUMBER_LISTS = [
    [0, 1, -1, 2, 2.0, 2.5, -2.5, 0.1, 100.0, -0.0, 3.14159, 1e-05, 7, -7],
    [9007199254740991],
    [9007199254740992, 12345678901234567890, 1e16, 1e300, 5e-324, 1.5e-07,
     123456789.125, 1e22, 0.30000000000000004, -1e-10],
    "not a list", [], [None, True, "3"], {"a": 1}, [[1, 2], [3]],
    [4503599627370496, -4503599627370497], [1.0e15, 1.0e16, 1.0e17, 123e-20],
]
SIZE_PROBES = [0, -7, 9007199254740991, 1.5, "12", [1, 2], {"v": 1}, True,
               1e20, -0.0, 4096, 2.0, None, 16384, -1]


def description(n, emoji_at=None, tail=""):
    text = "d" * n
    if emoji_at is not None:
        text = text[:emoji_at] + "😀" + text[emoji_at:]
    return text + tail


DESCRIPTIONS = [description(254, 254), description(255, 255), description(254, 254, "x"),
                description(256), description(257), "é" * 300, "e\u0301" * 200,
                description(253, 253, "😀"), description(100, 50), ""]


def edge_items():
    items = []
    def add(rtype, rid, config, **kw):
        tags = kw.pop("tags", {})
        it = item(rtype, rid, config, tags=tags, **kw)
        items.append(it)
    for k, name in enumerate(NAME_PROBES):
        tags = {"Name": name}
        env = ENV_PROBES[k % len(ENV_PROBES)]
        if env is not None:
            tags["env"] = env
        tags["CostCenter"] = COST_PROBES[k % len(COST_PROBES)]
        add("AWS::S3::Bucket", "edge-name-%02d" % k, {"name": name}, name=name, tags=tags,
            created=DATE_PROBES[k % len(DATE_PROBES)])
    for k, date in enumerate(DATE_PROBES):
        add("AWS::IAM::User", "AIDAEDGEDATE%02d" % k, {"userName": "u%d" % k, "createDate": date},
            name="u%d" % k, created=date, region="global")
    for k, nums in enumerate(NUMBER_LISTS):
        add("AWS::SQS::Queue", "https://sqs.us-east-1.amazonaws.com/%s/edge-%d" % (ACCT, k),
            {"QueueName": "edge-%d" % k, "numbers": nums, "DelaySeconds": [0, 5, 7, -3, 2.5][k % 5],
             "MessageRetentionPeriod": [345600, 86399, 0, 1.5e9, 86400][k % 5]}, name="edge-%d" % k)
    for k, size in enumerate(SIZE_PROBES):
        add("AWS::EC2::Volume", "vol-edgesize%02d" % k,
            {"volumeId": "vol-edgesize%02d" % k, "size": size, "encrypted": [True, "true", 1, None, False][k % 5],
             "state": {"value": "in-use"}, "iops": size, "volumeType": "gp3",
             "attachments": [{"instanceId": "i-edge%d" % k}]}, tags={"Name": "size-%d" % k})
    for k, text in enumerate(DESCRIPTIONS):
        add("AWS::Lambda::Function", "edge-description-%d" % k,
            {"functionName": "edge-description-%d" % k, "description": text, "runtime": "python3.12",
             "memorySize": 128, "timeout": 3}, tags={"Description": text, "env": "prod"})
    # Keys that match a loose name in several spellings: the exact key wins,
    # else the first in the item's order.
    for k, cfg in enumerate([{"KmsKeyId": "first", "kmsKeyId": "second"},
                             {"kmsKeyId": "b", "KmsKeyId": "a"},
                             {"kms_key_id": "snake", "kmsKeyId": "camel"},
                             {"KMS_KEY_ID": "upper", "kmskeyid": "flat"},
                             {"Encrypted": True, "encrypted": False, "FileSystemId": "fs-edge1"},
                             {"encrypted": False, "Encrypted": True, "FileSystemId": "fs-edge2"},
                             {"ENCRYPTED": True, "FileSystemId": "fs-edge3"}]):
        add("AWS::EFS::FileSystem", "fs-edgeloose%d" % k, cfg)
    # Security groups whose permissions have unusual shapes.
    for k, perms in enumerate([
            [{"ipProtocol": "tcp", "fromPort": 443.0, "toPort": 443, "ipRanges": ["0.0.0.0/0"]}],
            [{"ipProtocol": "tcp", "fromPort": "443", "toPort": "443", "ipRanges": ["0.0.0.0/0"]}],
            [{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipRanges": [["0.0.0.0/0"], ["10.0.0.0/8"]]}],
            {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipRanges": ["0.0.0.0/0"]},
            [None, {"ipProtocol": "-1", "ipRanges": ["0.0.0.0/0"]}],
            [{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipRanges": "0.0.0.0/0"}],
            [{"ipProtocol": "udp", "fromPort": 443, "toPort": 443, "ipRanges": ["0.0.0.0/0", "::/0"]},
             {"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "ipRanges": ["0.0.0.0/0"]}],
            []]):
        add("AWS::EC2::SecurityGroup", "sg-edge%02d" % k,
            {"groupId": "sg-edge%02d" % k, "ipPermissions": perms,
             "ipPermissionsEgress": perms if k % 2 else []}, tags={"Name": "sg-%d" % k})
    # Tags that are not a map of strings, and top-level values of odd kinds.
    for k, tags in enumerate([{"Name": 5, "env": True}, {"Name": ["a"], "env": {"x": 1}},
                              {"Name": None, "env": None}, {"Name": 1.5, "CostCenter": 42},
                              {"Name": -0.0, "CostCenter": 2.9}, {"CostCenter": -2.9}]):
        add("AWS::KMS::Key", "edge-tags-%d" % k, {"keyManager": "CUSTOMER", "keySpec": "SYMMETRIC_DEFAULT"},
            tags=tags, supp={"KeyRotationStatus": [True, "true", "TRUE", 1, None, "false"][k]})
    for k, cfg in enumerate(["raw text", [1, 2], 42, True, {}]):
        add("AWS::DynamoDB::Table", "edge-config-%d" % k, cfg, name=None)
    for k, status in enumerate(["ResourceDeleted", "ResourceDeletedNotRecorded",
                                "ResourceNotRecorded", "ResourceDiscovered", "OK"]):
        it = item("AWS::RDS::DBInstance", "db-EDGESTATUS%d" % k, {"storageEncrypted": True,
                  "backupRetentionPeriod": 0, "publiclyAccessible": False}, tags={"env": "prod"})
        if k == 4:
            del it["configurationItemStatus"]
        items.append(it)
    return items


def write(files, check):
    stale = []
    for name, items in sorted(files.items()):
        text = json.dumps(items, indent=1, ensure_ascii=False) + "\n"
        path = os.path.join(OUT, name)
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(name)
            except FileNotFoundError:
                stale.append(name)
        else:
            os.makedirs(OUT, exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    return stale


def main(argv):
    if "--stats" in argv:
        items = [it for f in generate().values() for it in f]
        print("%d items, %d resource types" %
              (len(items), len({it["resourceType"] for it in items})))
        return 0
    check = "--check" in argv
    stale = write(generate(), check)
    if stale:
        print("corpus/ differs from gen_corpus.py's output: %s; run "
              "test/Differential/gen_corpus.py and commit" % ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
