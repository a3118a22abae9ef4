#!/usr/bin/env python3
"""Validates CloudFormation templates against the registry resource schemas.

usage: validate-cfn-schemas.py SCHEMA_DIR TEMPLATE.yaml...

Every resource's Properties must satisfy the JSON schema of its type
(SCHEMA_DIR/aws-config-configrule.json for AWS::Config::ConfigRule, ...):
required properties, no unknown or read-only ones, types, patterns, lengths,
enums. Short-form intrinsics (!Ref, !GetAtt, !Sub, ...) are read as their
long forms and accepted wherever a string is; nothing else about them is
checked here (cfn-lint checks references). A resource type without a schema
in SCHEMA_DIR fails, unless named with --skip-type. With --as-packaged, local
code paths (`Code: dir`, the form `aws cloudformation package` uploads) are
validated as the S3 location that command puts in their place. Prints one
line per template and exits 1 on any error.
"""

import argparse
import json
import os
import sys

import jsonschema

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import cfn_yaml  # noqa: E402  (beside this script)
from cfn_yaml import is_intrinsic  # noqa: E402

RESOURCE_KEYS = {"Type", "Properties", "DependsOn", "Condition", "Metadata",
                 "DeletionPolicy", "UpdateReplacePolicy", "CreationPolicy",
                 "UpdatePolicy"}


def make_validator_class():
    base = jsonschema.Draft7Validator
    wrapped = {}
    for keyword, check in base.VALIDATORS.items():
        if keyword == "$ref":
            continue
        if keyword == "type":
            def type_check(validator, types, instance, schema, _check=check):
                if is_intrinsic(instance):
                    allowed = types if isinstance(types, list) else [types]
                    if "string" not in allowed:
                        yield jsonschema.ValidationError(
                            "intrinsic function where %s is expected" %
                            " or ".join(allowed))
                    return
                yield from _check(validator, types, instance, schema)
            wrapped[keyword] = type_check
        else:
            def skip_intrinsic(validator, value, instance, schema,
                               _check=check):
                if is_intrinsic(instance):
                    return
                yield from _check(validator, value, instance, schema)
            wrapped[keyword] = skip_intrinsic
    return jsonschema.validators.extend(base, wrapped)


Validator = make_validator_class()


def schema_file(schema_dir, resource_type):
    return os.path.join(schema_dir,
                        resource_type.lower().replace("::", "-") + ".json")


def as_packaged(resource):
    """What `aws cloudformation package` makes of a local code path."""
    props = resource.get("Properties") or {}
    if (resource.get("Type") == "AWS::Lambda::Function" and
            isinstance(props.get("Code"), str)):
        props["Code"] = {"S3Bucket": "package-bucket",
                         "S3Key": "0123456789abcdef"}


def validate_template(path, schema_dir, skip_types, cache, packaged):
    template = cfn_yaml.load_file(path)
    errors = []
    resources = template.get("Resources") or {}
    if not isinstance(resources, dict) or not resources:
        return ["%s: no Resources" % path], 0
    checked = 0
    for logical_id, resource in resources.items():
        where = "%s: %s" % (path, logical_id)
        extra = set(resource) - RESOURCE_KEYS
        if extra:
            errors.append("%s: unknown resource keys %s" % (where,
                                                            sorted(extra)))
        rtype = resource.get("Type")
        if packaged:
            as_packaged(resource)
        if rtype in skip_types:
            continue
        sfile = schema_file(schema_dir, rtype or "")
        if not os.path.isfile(sfile):
            errors.append("%s: no schema for type %r" % (where, rtype))
            continue
        if sfile not in cache:
            with open(sfile, encoding="utf-8") as f:
                schema = json.load(f)
            cache[sfile] = (schema, Validator(schema))
        schema, validator = cache[sfile]
        props = resource.get("Properties", {})
        read_only = {p.split("/")[-1] for p in
                     schema.get("readOnlyProperties", [])}
        for name in sorted(read_only & set(props)):
            errors.append("%s: read-only property %s is set" % (where, name))
        for err in sorted(validator.iter_errors(props), key=str):
            at = "/".join(str(p) for p in err.absolute_path) or "Properties"
            errors.append("%s: %s: %s" % (where, at, err.message))
        checked += 1
    return errors, checked


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("schema_dir")
    parser.add_argument("templates", nargs="+")
    parser.add_argument("--skip-type", action="append", default=[],
                        help="resource type to leave unchecked")
    parser.add_argument("--as-packaged", action="store_true",
                        help="read local code paths as packaged S3 locations")
    args = parser.parse_args()
    cache = {}
    failed = False
    for path in args.templates:
        errors, checked = validate_template(path, args.schema_dir,
                                            set(args.skip_type), cache,
                                            args.as_packaged)
        for e in errors:
            print("error: " + e)
        failed |= bool(errors)
        print("%s: %d resources %s" % (path, checked,
                                       "INVALID" if errors else "valid"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
