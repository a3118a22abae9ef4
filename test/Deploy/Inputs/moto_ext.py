#!/usr/bin/env python3
"""moto_server with the one AWS Config feature rulecc's output needs and moto lacks.

    moto_ext.py PORT

moto 5.2's Config backend knows the owners AWS and CUSTOM_LAMBDA only: a
PutConfigRule of a Guard policy rule (Owner CUSTOM_POLICY with
CustomPolicyDetails) makes it fail with HTTP 500, so neither `terraform
apply` nor PutConfigRule could create one. This wrapper teaches the backend
to accept such a rule, with the checks AWS makes (SourceDetails present,
PolicyRuntime and PolicyText set, no SourceIdentifier), and to return
CustomPolicyDetails from DescribeConfigRules as it was sent, so the tests
read back what the deploy tool really sent.

Two more fields moto drops or misnames are kept as AWS returns them: a
rule's EvaluationModes (moto forgets them) and a tag scope, which moto
returns as Scope.Tags {key: value} instead of Scope.TagKey and TagValue.

moto 5.2 does not implement remediation configurations at all (HTTP 500,
NotImplementedError). Put, Describe and DeleteRemediationConfiguration(s)
are added here: stored as sent, for a rule that exists, with an ARN, and
read back as stored.

moto's CloudFormation creates nested stacks (AWS::CloudFormation::Stack, the
template read from its S3 bucket) but cannot resolve `!GetAtt
Stack.Outputs.Name`, which rulecc uses to pass a class role's ARN from the
first part of a split class to the others: the parameter arrives empty. A
nested stack here answers that attribute with its output's value, as
CloudFormation does. Everything else is moto as installed.
"""
import json
import sys
import uuid

from moto.config import models
from moto.config.exceptions import (InvalidParameterValueException,
                                    NoSuchConfigRuleException)
from moto.config.responses import ConfigResponse
from moto.cloudformation import models as cfn_models
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.core.exceptions import JsonRESTError
from moto.server import main

_original_init = models.Source.__init__


def _source_init(self, account_id, region, owner, source_identifier=None,
                 source_details=None, custom_policy_details=None):
    if owner != "CUSTOM_POLICY":
        if custom_policy_details is not None:
            raise InvalidParameterValueException(
                "CustomPolicyDetails is only allowed when the owner is "
                "CUSTOM_POLICY")
        _original_init(self, account_id, region, owner, source_identifier,
                       source_details)
        return
    models.ConfigEmptyDictable.__init__(self, capitalize_start=True,
                                        capitalize_arn=False)
    if source_identifier:
        raise InvalidParameterValueException(
            "SourceIdentifier must be empty when the owner is CUSTOM_POLICY")
    details = custom_policy_details or {}
    if not details.get("PolicyRuntime") or not details.get("PolicyText"):
        raise InvalidParameterValueException(
            "CustomPolicyDetails needs PolicyRuntime and PolicyText")
    if not source_details:
        raise InvalidParameterValueException(
            "SourceDetails should be provided if the owner is CUSTOM_POLICY")
    self.owner = owner
    self.source_identifier = None
    self.source_details = [
        models.SourceDetail(**models.convert_to_class_args(d))
        for d in source_details
    ]
    self.custom_policy_details = dict(details)


models.Source.OWNERS = models.Source.OWNERS | {"CUSTOM_POLICY"}
models.Source.__init__ = _source_init

_original_modify_fields = models.ConfigRule.modify_fields


def _modify_fields(self, region, config_rule, tags):
    _original_modify_fields(self, region, config_rule, tags)
    self.evaluation_modes = config_rule.get("EvaluationModes")


def _scope_to_dict(self):
    result = models.ConfigEmptyDictable.to_dict(self)
    tags = result.pop("Tags", None)
    if tags:
        (key, value), = tags.items()
        result["TagKey"] = key
        if value is not None:
            result["TagValue"] = value
    return result


models.ConfigRule.modify_fields = _modify_fields
models.Scope.to_dict = _scope_to_dict


def _remediations(backend):
    if not hasattr(backend, "remediation_configurations"):
        backend.remediation_configurations = {}
    return backend.remediation_configurations


def _put_remediation_configurations(self):
    backend = self.config_backend
    stored = []
    for rc in self._get_param("RemediationConfigurations") or []:
        name = rc.get("ConfigRuleName")
        if name not in backend.config_rules:
            raise NoSuchConfigRuleException(name)
        if rc.get("TargetType") != "SSM_DOCUMENT" or not rc.get("TargetId"):
            raise InvalidParameterValueException(
                "TargetType must be SSM_DOCUMENT and TargetId set")
        entry = dict(rc)
        entry["Arn"] = (f"arn:{backend.partition}:config:{backend.region_name}:"
                        f"{backend.account_id}:remediation-configuration/"
                        f"{name}/{uuid.uuid4()}")
        _remediations(backend)[name] = entry
        stored.append(entry)
    return json.dumps({"FailedBatches": []})


def _describe_remediation_configurations(self):
    names = self._get_param("ConfigRuleNames") or []
    found = _remediations(self.config_backend)
    return json.dumps({"RemediationConfigurations":
                       [found[n] for n in names if n in found]})


def _delete_remediation_configuration(self):
    name = self._get_param("ConfigRuleName")
    found = _remediations(self.config_backend)
    if name not in found:
        raise JsonRESTError("NoSuchRemediationConfigurationException",
                            f"No remediation configuration for rule {name}")
    del found[name]
    return json.dumps({})


ConfigResponse.put_remediation_configurations = \
    _put_remediation_configurations
ConfigResponse.describe_remediation_configurations = \
    _describe_remediation_configurations
ConfigResponse.delete_remediation_configuration = \
    _delete_remediation_configuration

def _stack_get_cfn_attribute(self, attribute_name):
    if attribute_name.startswith("Outputs."):
        output = self.output_map.get(attribute_name[len("Outputs."):])
        if output is not None:
            return output.value
    raise UnformattedGetAttTemplateException()


cfn_models.Stack.get_cfn_attribute = _stack_get_cfn_attribute

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: moto_ext.py PORT")
    main(["-H", "127.0.0.1", "-p", sys.argv[1]])
