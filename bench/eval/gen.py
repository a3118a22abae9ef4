#!/usr/bin/env python3
"""Writes the evaluator benchmark's inputs: an application of 20 body rules
(app.rules) over 8 resource types with varied bodies, and an AWS Config
snapshot (snapshot.json) of N configuration items of those types, shaped
like the items AWS Config delivers (a share deleted, not recorded, or
missing properties). Same N and seed, same bytes.

Usage: gen.py OUT_DIR [N_ITEMS] [SEED]"""
import json
import os
import random
import sys

RULES = r'''# The evaluator benchmark's application: 20 body rules, 8 resource types.
class BenchRule < ApplicationRule
param :required_status, String, default: "Enabled"
scope "AWS::S3::Bucket"
rule :bucket_versioning do |b|
  status = b.supplementary_configuration.bucket_versioning_configuration.status
  non_compliant "versioning is #{status || "off"}" unless status == params.required_status
end

scope "AWS::S3::Bucket"
rule :bucket_name_pattern do |b|
  non_compliant "name #{b.resource_name} does not match" unless b.resource_name.match?('^(prod|dev|test)-[a-z0-9-]{3,40}$')
end

param :allowed_envs, List, default: ["prod", "dev", "test"]
scope "AWS::S3::Bucket"
rule :bucket_env_tag do |b|
  env = b.tags["env"]
  if env.nil?
    non_compliant "no env tag"
  elsif !params.allowed_envs.include?(env.downcase)
    non_compliant "env #{env} is not one of #{params.allowed_envs}"
  else
    compliant
  end
end

scope "AWS::EC2::Instance"
rule :instance_no_public_ip do |i|
  ip = i.configuration.public_ip_address
  non_compliant "public IP #{ip}" if ip.present?
end

param :allowed_types, List, default: ["t3.micro", "t3.small", "m5.large"]
scope "AWS::EC2::Instance"
rule :instance_type_allowed do |i|
  params.allowed_types.include?(i.configuration.instance_type)
end

scope "AWS::EC2::Instance"
rule :instance_tagged do |i|
  i.tags.size >= 2 && i.tags["owner"].present?
end

scope "AWS::EC2::SecurityGroup"
rule :sg_no_open_ssh do |sg|
  open = sg.configuration.ip_permissions.select { |p| p.ip_ranges.include?("0.0.0.0/0") }
  non_compliant "SSH open to the world" if open.any? { |p| p.from_port <= 22 && p.to_port >= 22 }
end

scope "AWS::EC2::SecurityGroup"
rule :sg_authorized_ports do |sg|
  bad = sg.configuration.ip_permissions.reject { |p| [80, 443].include?(p.from_port) }
  non_compliant "#{bad.count { |p| true }} unauthorized permission(s), ports #{bad.from_port}" unless bad.empty?
end

scope "AWS::EC2::Volume"
rule :volume_encrypted do |v|
  non_compliant "#{v.resource_id} is not encrypted" unless v.configuration.encrypted
end

param :max_size, Integer, default: 500
scope "AWS::EC2::Volume"
rule :volume_size do |v|
  size = v.configuration.size
  non_compliant "#{size} GiB is over #{params.max_size} GiB" if size > params.max_size
end

scope "AWS::EC2::Volume"
rule :volume_attachments_cleanup do |v|
  v.configuration.attachments.all? { |a| a.delete_on_termination == true }
end

scope "AWS::RDS::DBInstance"
rule :rds_encrypted do |db|
  db.configuration.storage_encrypted == true
end

param :min_retention, Integer, default: 7
scope "AWS::RDS::DBInstance"
rule :rds_backup_retention do |db|
  days = db.configuration.backup_retention_period
  non_compliant "backups kept #{days} days, fewer than #{params.min_retention}" if days.nil? || days < params.min_retention
end

scope "AWS::RDS::DBInstance"
rule :rds_not_public do |db|
  not_applicable if db.configuration.d_b_instance_status == "deleting"
  !db.configuration.publicly_accessible
end

scope "AWS::CloudTrail::Trail"
rule :trail_validation_and_kms do |t|
  if !t.configuration.log_file_validation_enabled
    non_compliant "log file validation is off"
  elsif t.configuration.kms_key_id.nil?
    non_compliant "logs are not encrypted with KMS"
  end
end

scope "AWS::CloudTrail::Trail"
rule :trail_multi_region do |t|
  t.configuration.is_multi_region_trail && t.configuration.include_global_service_events
end

scope "AWS::Lambda::Function"
rule :lambda_runtime_supported do |f|
  rt = f.configuration.runtime
  non_compliant "runtime #{rt} is deprecated" if rt.start_with?("python2") || rt.start_with?("nodejs1") || rt == "python3.6"
end

scope "AWS::Lambda::Function"
rule :lambda_memory_per_second do |f|
  ratio = f.configuration.memory_size / f.configuration.timeout
  non_compliant "#{ratio} MB per second of timeout" if ratio < 4
end

scope "AWS::IAM::User"
rule :iam_user_no_admin do |u|
  non_compliant "AdministratorAccess attached" if u.configuration.attached_managed_policies.any? { |p| p.policy_name == "AdministratorAccess" }
end

scope "AWS::EC2::Volume", "AWS::EC2::Instance"
rule :resource_age do |r|
  age = days_since(r.configuration_item_capture_time)
  if r.resource_type == "AWS::EC2::Volume"
    non_compliant "volume #{r.resource_id} is #{age} days old" if age > 700
  else
    non_compliant "instance #{r.resource_id} is #{age} days old" if age >= 900
  end
end
end
'''

TYPES = ["AWS::S3::Bucket", "AWS::EC2::Instance", "AWS::EC2::SecurityGroup",
         "AWS::EC2::Volume", "AWS::RDS::DBInstance", "AWS::CloudTrail::Trail",
         "AWS::Lambda::Function", "AWS::IAM::User"]


def base(rnd, rtype, i):
    rid = "%s-%06d" % (rtype.split("::")[-1].lower(), i)
    status = rnd.choices(["OK", "ResourceDiscovered", "ResourceDeleted",
                          "ResourceNotRecorded"], [85, 10, 4, 1])[0]
    day = rnd.randrange(1, 28)
    month = rnd.randrange(1, 13)
    year = rnd.choice([2022, 2023, 2024])
    tags = {}
    for k in rnd.sample(["env", "owner", "team", "cost-center", "Name"],
                        rnd.randrange(0, 5)):
        tags[k] = rnd.choice(["prod", "dev", "test", "Prod", "alice", "x"])
    return {
        "version": "1.3",
        "accountId": "123456789012",
        "configurationItemCaptureTime":
            "%d-%02d-%02dT10:%02d:00.000Z" % (year, month, day, i % 60),
        "configurationItemStatus": status,
        "configurationStateId": str(1700000000000 + i),
        "configurationItemMD5Hash": "",
        "arn": "arn:aws:%s:us-east-1:123456789012:%s" %
               (rtype.split("::")[1].lower(), rid),
        "resourceType": rtype,
        "resourceId": rid,
        "resourceName": rid,
        "awsRegion": "us-east-1",
        "availabilityZone": "us-east-1a",
        "resourceCreationTime": "2021-01-01T00:00:00.000Z",
        "tags": tags,
        "relatedEvents": [],
        "relationships": [{"resourceType": "AWS::EC2::VPC",
                           "resourceId": "vpc-1", "relationshipName":
                           "Is contained in Vpc"}],
        "supplementaryConfiguration": {},
    }


def configuration(rnd, rtype, item):
    if rtype == "AWS::S3::Bucket":
        name = rnd.choice(["prod-", "dev-", "test-", "Bad_"]) + \
            "".join(rnd.choice("abcdefghij0123456789") for _ in range(12))
        item["resourceName"] = name
        item["supplementaryConfiguration"] = {
            "BucketVersioningConfiguration":
                {"status": rnd.choice(["Enabled", "Suspended", "Off"])},
            "PublicAccessBlockConfiguration":
                {"blockPublicAcls": True, "ignorePublicAcls": True}}
        return {"name": name, "owner": {"displayName": None, "id": "abc"},
                "creationDate": "2022-01-01T00:00:00.000Z"}
    if rtype == "AWS::EC2::Instance":
        c = {"instanceId": item["resourceId"],
             "instanceType": rnd.choice(["t3.micro", "t3.small", "m5.large",
                                         "c5.xlarge", "r5.2xlarge"]),
             "imageId": "ami-12345678", "state": {"code": 16,
                                                  "name": "running"},
             "privateIpAddress": "10.0.%d.%d" % (rnd.randrange(256),
                                                  rnd.randrange(256)),
             "securityGroups": [{"groupId": "sg-1", "groupName": "web"}],
             "blockDeviceMappings": [{"deviceName": "/dev/xvda",
                                      "ebs": {"volumeId": "vol-1",
                                              "deleteOnTermination": True}}]}
        if rnd.random() < 0.3:
            c["publicIpAddress"] = "54.1.2.%d" % rnd.randrange(256)
        return c
    if rtype == "AWS::EC2::SecurityGroup":
        perms = []
        for _ in range(rnd.randrange(0, 5)):
            port = rnd.choice([22, 80, 443, 3389, 8080])
            perms.append({"ipProtocol": "tcp", "fromPort": port,
                          "toPort": port,
                          "ipRanges": rnd.choice([["0.0.0.0/0"],
                                                  ["10.0.0.0/8"], []]),
                          "ipv4Ranges": [{"cidrIp": "10.0.0.0/8"}],
                          "userIdGroupPairs": []})
        return {"groupId": item["resourceId"], "groupName": "sg",
                "description": "security group", "vpcId": "vpc-1",
                "ipPermissions": perms, "ipPermissionsEgress": []}
    if rtype == "AWS::EC2::Volume":
        return {"volumeId": item["resourceId"],
                "size": rnd.choice([8, 20, 100, 500, 1000]),
                "encrypted": rnd.random() < 0.7,
                "volumeType": "gp3", "iops": 3000,
                "attachments": [{"instanceId": "i-1", "device": "/dev/xvda",
                                 "deleteOnTermination": rnd.random() < 0.8}
                                for _ in range(rnd.randrange(0, 3))]}
    if rtype == "AWS::RDS::DBInstance":
        c = {"dBInstanceIdentifier": item["resourceId"],
             "dBInstanceClass": "db.t3.micro", "engine": "postgres",
             "dBInstanceStatus": rnd.choice(["available", "available",
                                             "deleting"]),
             "storageEncrypted": rnd.random() < 0.6,
             "publiclyAccessible": rnd.random() < 0.1,
             "allocatedStorage": 20}
        if rnd.random() < 0.9:
            c["backupRetentionPeriod"] = rnd.choice([0, 1, 7, 14, 35])
        return c
    if rtype == "AWS::CloudTrail::Trail":
        c = {"name": item["resourceId"], "s3BucketName": "trail-logs",
             "isMultiRegionTrail": rnd.random() < 0.7,
             "includeGlobalServiceEvents": rnd.random() < 0.8,
             "logFileValidationEnabled": rnd.random() < 0.7}
        if rnd.random() < 0.5:
            c["kmsKeyId"] = "arn:aws:kms:us-east-1:123456789012:key/1"
        return c
    if rtype == "AWS::Lambda::Function":
        return {"functionName": item["resourceId"],
                "runtime": rnd.choice(["python3.12", "python3.6",
                                       "nodejs18.x", "python2.7",
                                       "nodejs12.x", "java17"]),
                "memorySize": rnd.choice([128, 256, 1024]),
                "timeout": rnd.choice([3, 30, 60, 900]),
                "handler": "index.handler"}
    policies = [{"policyName": rnd.choice(["ReadOnlyAccess",
                                           "AdministratorAccess",
                                           "PowerUserAccess"]),
                 "policyArn": "arn:aws:iam::aws:policy/x"}
                for _ in range(rnd.randrange(0, 3))]
    return {"userName": item["resourceId"], "path": "/",
            "attachedManagedPolicies": policies, "groupList": []}


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "app.rules"), "w") as f:
        f.write(RULES)
    items = []
    for i in range(n):
        rtype = TYPES[i % len(TYPES)]
        item = base(rnd, rtype, i)
        if item["configurationItemStatus"] in ("OK", "ResourceDiscovered"):
            item["configuration"] = configuration(rnd, rtype, item)
        else:
            item["configuration"] = None
        items.append(item)
    with open(os.path.join(out, "snapshot.json"), "w") as f:
        json.dump({"fileVersion": "1.0", "configSnapshotId": "bench",
                   "configurationItems": items}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
