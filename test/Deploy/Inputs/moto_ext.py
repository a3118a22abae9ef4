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
read back what the deploy tool really sent. Everything else is moto as
installed. (moto does not implement PutRemediationConfigurations either; no
example application uses remediation yet, and a deploy of one would fail
loudly, not pass.)
"""
import sys

from moto.config import models
from moto.config.exceptions import InvalidParameterValueException
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

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: moto_ext.py PORT")
    main(["-H", "127.0.0.1", "-p", sys.argv[1]])
