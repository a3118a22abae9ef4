#!/usr/bin/env python3
"""Tests of runtime/python/rulecc_runtime.py with botocore's Stubber in place
of AWS Config: every branch checks the exact PutEvaluations requests. No
network, no credentials. Exits 77 (skipped) where boto3 is not installed."""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

try:
    import boto3
    from botocore.exceptions import UnStubbedResponseError
    from botocore.stub import Stubber
except ImportError:  # pragma: no cover
    print("boto3/botocore not installed; skipping")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "runtime", "python"))
import rulecc_runtime as rr  # noqa: E402

BUCKET = "AWS::S3::Bucket"
SG = "AWS::EC2::SecurityGroup"
ACCOUNT = "123456789012"
CAPTURE = "2024-05-02T10:11:12.000Z"
SCHEDULED_AT = "2024-05-03T00:00:00.000Z"


def bucket_item(name="logs", status="OK", versioning="Enabled", **extra):
    item = {"resourceType": BUCKET, "resourceId": name, "resourceName": name,
            "awsAccountId": ACCOUNT, "configurationItemStatus": status,
            "configurationItemCaptureTime": CAPTURE,
            "configuration": {"name": name},
            "supplementaryConfiguration": {
                "BucketVersioningConfiguration": {"status": versioning}}}
    item.update(extra)
    return item


def change_event(item, token="token-1", left_scope=False, parameters=None):
    invoking = {"configurationItem": item,
                "messageType": "ConfigurationItemChangeNotification"}
    return {"invokingEvent": json.dumps(invoking),
            "ruleParameters": json.dumps(parameters or {}),
            "resultToken": token, "eventLeftScope": left_scope,
            "configRuleName": "rules-example-versioning", "accountId": ACCOUNT,
            "version": "1.0"}


def scheduled_event(token="token-1", parameters=None):
    invoking = {"awsAccountId": ACCOUNT,
                "notificationCreationTime": SCHEDULED_AT,
                "messageType": "ScheduledNotification", "recordVersion": "1.0"}
    return {"invokingEvent": json.dumps(invoking),
            "ruleParameters": json.dumps(parameters or {}),
            "resultToken": token, "eventLeftScope": False,
            "accountId": ACCOUNT, "version": "1.0"}


def versioning(item, params):
    """The rule most tests run: versioning must have the required status."""
    wanted = params.get("requiredStatus", "Enabled")
    status = item["supplementaryConfiguration"][
        "BucketVersioningConfiguration"]["status"]
    if status == wanted:
        return rr.COMPLIANT
    return rr.NON_COMPLIANT, "versioning is %s, not %s" % (status, wanted)


def never_called(item, params):
    raise AssertionError("the rule ran for %s" % item["resourceId"])


def put(evaluations, token="token-1", test_mode=False):
    return {"Evaluations": evaluations, "ResultToken": token,
            "TestMode": test_mode}


def ev(resource_id, compliance, annotation=None, when=CAPTURE,
       resource_type=BUCKET):
    result = {"ComplianceResourceType": resource_type,
              "ComplianceResourceId": resource_id,
              "ComplianceType": compliance}
    if annotation is not None:
        result["Annotation"] = annotation
    result["OrderingTimestamp"] = when
    return result


def api_item(name, versioning_status="Enabled", resource_type=BUCKET):
    """A BaseConfigurationItem as BatchGetResourceConfig returns it:
    configuration and supplementary values as JSON text."""
    return {"resourceType": resource_type, "resourceId": name,
            "accountId": ACCOUNT, "arn": "arn:aws:s3:::" + name,
            "configurationItemStatus": "OK",
            "configurationItemCaptureTime": datetime.datetime(
                2024, 5, 1, 8, 0, 0, 250000, tzinfo=datetime.timezone.utc),
            "configuration": json.dumps({"name": name}),
            "supplementaryConfiguration": {
                "BucketVersioningConfiguration": json.dumps(
                    {"status": versioning_status})}}


class StubbedTest(unittest.TestCase):
    def setUp(self):
        self.client = boto3.client(
            "config", region_name="eu-west-1", aws_access_key_id="testing",
            aws_secret_access_key="testing")
        self.stub = Stubber(self.client)
        self.stub.activate()
        rr.set_client(self.client)

    def tearDown(self):
        rr.set_client(None)
        self.stub.deactivate()

    def expect_put(self, evaluations, token="token-1", test_mode=False,
                   failed=None):
        self.stub.add_response("put_evaluations",
                               {"FailedEvaluations": failed or []},
                               put(evaluations, token, test_mode))

    def run_event(self, event, rule=versioning, **options):
        result = rr.evaluate(event, None, rule, **options)
        self.stub.assert_no_pending_responses()
        return result


class ChangeNotificationTest(StubbedTest):
    def test_compliant(self):
        self.expect_put([ev("logs", "COMPLIANT")])
        self.assertEqual(
            self.run_event(change_event(bucket_item()),
                           resource_types=[BUCKET]),
            {"evaluations": 1, "compliant": 1, "non_compliant": 0,
             "not_applicable": 0})

    def test_non_compliant_with_annotation_and_parameter(self):
        self.expect_put([ev("logs", "NON_COMPLIANT",
                            "versioning is Enabled, not Suspended")])
        self.run_event(change_event(bucket_item(),
                                    parameters={"requiredStatus": "Suspended"}),
                       parameters={"requiredStatus": rr.param("String",
                                                              "Enabled")})

    def test_rule_sees_the_event_item(self):
        seen = []

        def rule(item, params):
            seen.append(item)
            return rr.COMPLIANT
        self.expect_put([ev("logs", "COMPLIANT")])
        self.run_event(change_event(bucket_item()), rule)
        self.assertEqual(seen, [bucket_item()])

    def test_deleted_resource_is_not_applicable(self):
        for status, why in (("ResourceDeleted", "deleted"),
                            ("ResourceDeletedNotRecorded", "deleted"),
                            ("ResourceNotRecorded", "not recorded")):
            with self.subTest(status=status):
                self.expect_put([ev("logs", "NOT_APPLICABLE",
                                    "the resource is " + why)])
                self.run_event(change_event(bucket_item(
                    status=status, configuration=None)), never_called,
                    resource_types=[BUCKET])

    def test_discovered_resource_is_evaluated(self):
        self.expect_put([ev("logs", "COMPLIANT")])
        self.run_event(change_event(bucket_item(
            status="ResourceDiscovered")))

    def test_event_left_scope_is_not_applicable(self):
        self.expect_put([ev("logs", "NOT_APPLICABLE",
                            "the resource left the rule's scope")])
        self.run_event(change_event(bucket_item(), left_scope=True),
                       never_called, resource_types=[BUCKET])

    def test_out_of_scope_type_is_not_applicable(self):
        item = bucket_item(resourceType=SG)
        self.expect_put([ev("logs", "NOT_APPLICABLE",
                            "the rule does not evaluate " + SG,
                            resource_type=SG)])
        self.run_event(change_event(item), never_called,
                       resource_types=[BUCKET, "AWS::S3::AccountPublicAccessBlock"])

    def test_any_type_without_resource_types(self):
        # A rule scoped by tag lists no types: every item is its business.
        self.expect_put([ev("logs", "COMPLIANT", resource_type=SG)])
        self.run_event(change_event(bucket_item(resourceType=SG)))

    def test_test_mode_token(self):
        self.expect_put([ev("logs", "COMPLIANT")], token="TESTMODE",
                        test_mode=True)
        self.run_event(change_event(bucket_item(), token="TESTMODE"))

    def test_other_token_is_not_test_mode(self):
        self.expect_put([ev("logs", "COMPLIANT")], token="testmode")
        self.run_event(change_event(bucket_item(), token="testmode"))

    def test_annotation_of_300_characters_is_cut_to_256(self):
        long = "x" * 300
        self.expect_put([ev("logs", "NON_COMPLIANT", "x" * 255 + "\u2026")])
        self.run_event(change_event(bucket_item()),
                       lambda item, params: (rr.NON_COMPLIANT, long))

    def test_empty_annotation_is_left_out(self):
        self.expect_put([ev("logs", "NON_COMPLIANT")])
        self.run_event(change_event(bucket_item()),
                       lambda item, params: (rr.NON_COMPLIANT, ""))

    def test_handler_wrapper(self):
        handler = rr.handler(versioning, resource_types=[BUCKET])
        self.expect_put([ev("logs", "NON_COMPLIANT",
                            "versioning is Suspended, not Enabled")])
        self.assertEqual(
            handler(change_event(bucket_item(versioning="Suspended")), None)[
                "non_compliant"], 1)
        self.stub.assert_no_pending_responses()

    def test_failed_evaluations_raise_after_every_batch(self):
        failed = ev("logs", "COMPLIANT")
        self.expect_put([ev("logs", "COMPLIANT")], failed=[failed])
        with self.assertRaises(rr.PutEvaluationsError) as caught:
            self.run_event(change_event(bucket_item()))
        self.assertEqual(caught.exception.failed, [failed])


class OversizedTest(StubbedTest):
    def oversized_event(self, status="OK", left_scope=False):
        summary = {k: v for k, v in bucket_item("big", status=status).items()
                   if k not in ("configuration", "supplementaryConfiguration")}
        invoking = {"configurationItemSummary": summary,
                    "messageType": "OversizedConfigurationItemChangeNotification"}
        event = change_event(bucket_item(), left_scope=left_scope)
        event["invokingEvent"] = json.dumps(invoking)
        return event

    def test_item_fetched_from_history(self):
        item = api_item("big", "Suspended")
        item["configurationItemMD5Hash"] = "abc"
        item["relationships"] = [{"resourceType": "AWS::IAM::Role",
                                  "resourceId": "r",
                                  "relationshipName": "Is associated with"}]
        self.stub.add_response(
            "get_resource_config_history", {"configurationItems": [item]},
            {"resourceType": BUCKET, "resourceId": "big",
             "laterTime": CAPTURE, "limit": 1})
        seen = []

        def rule(item, params):
            seen.append(item)
            return versioning(item, params)
        self.expect_put([ev("big", "NON_COMPLIANT",
                            "versioning is Suspended, not Enabled",
                            when="2024-05-01T08:00:00.250Z")])
        self.run_event(self.oversized_event(), rule, resource_types=[BUCKET])
        # The fetched item has the change event's shape.
        got = seen[0]
        self.assertEqual(got["configuration"], {"name": "big"})
        self.assertEqual(got["awsAccountId"], ACCOUNT)
        self.assertEqual(got["ARN"], "arn:aws:s3:::big")
        self.assertEqual(got["configurationStateMd5Hash"], "abc")
        self.assertEqual(got["relationships"][0]["name"], "Is associated with")

    def test_deleted_resource_needs_no_history(self):
        # No get_resource_config_history is stubbed: a call would fail.
        self.expect_put([ev("big", "NOT_APPLICABLE", "the resource is deleted")])
        self.run_event(self.oversized_event(status="ResourceDeleted"),
                       never_called)

    def test_left_scope_needs_no_history(self):
        self.expect_put([ev("big", "NOT_APPLICABLE",
                            "the resource left the rule's scope")])
        self.run_event(self.oversized_event(left_scope=True), never_called)

    def test_empty_history_fails(self):
        self.stub.add_response(
            "get_resource_config_history", {"configurationItems": []},
            {"resourceType": BUCKET, "resourceId": "big",
             "laterTime": CAPTURE, "limit": 1})
        with self.assertRaisesRegex(rr.EventError, "no configuration history"):
            rr.evaluate(self.oversized_event(), None, versioning)


class ScheduledTest(StubbedTest):
    def list_page(self, resource_type, ids, token=None, next_token=None):
        response = {"resourceIdentifiers": [
            {"resourceType": resource_type, "resourceId": i} for i in ids]}
        if next_token:
            response["nextToken"] = next_token
        request = {"resourceType": resource_type}
        if token:
            request["nextToken"] = token
        self.stub.add_response("list_discovered_resources", response, request)

    def batch(self, keys, items, unprocessed=()):
        response = {"baseConfigurationItems": items}
        if unprocessed:
            response["unprocessedResourceKeys"] = list(unprocessed)
        self.stub.add_response("batch_get_resource_config", response,
                               {"resourceKeys": keys})

    @staticmethod
    def key(name, resource_type=BUCKET):
        return {"resourceType": resource_type, "resourceId": name}

    def test_every_resource_of_the_type(self):
        # Two pages of buckets, then a batch that leaves a key unprocessed,
        # which is asked for again.
        self.list_page(BUCKET, ["a"], next_token="page-2")
        self.list_page(BUCKET, ["b"], token="page-2")
        self.batch([self.key("a"), self.key("b")], [api_item("a")],
                   unprocessed=[self.key("b")])
        self.batch([self.key("b")], [api_item("b", "Suspended")])
        self.expect_put([
            ev("a", "COMPLIANT", when=SCHEDULED_AT),
            ev("b", "NON_COMPLIANT", "versioning is Suspended, not Enabled",
               when=SCHEDULED_AT)])
        self.assertEqual(
            self.run_event(scheduled_event(), resource_types=[BUCKET])[
                "evaluations"], 2)

    def test_periodic_types_override_resource_types(self):
        self.list_page(SG, ["sg-1"])
        self.list_page(BUCKET, [])
        self.batch([self.key("sg-1", SG)], [api_item("sg-1", resource_type=SG)])
        self.expect_put([ev("sg-1", "COMPLIANT", when=SCHEDULED_AT,
                            resource_type=SG)])
        self.run_event(scheduled_event(), resource_types=[],
                       periodic_types=[SG, BUCKET])

    def test_no_resources_still_closes_the_run(self):
        self.list_page(BUCKET, [])
        self.expect_put([])
        self.assertEqual(self.run_event(scheduled_event(), never_called,
                                        resource_types=[BUCKET])["evaluations"],
                         0)

    def test_rule_without_scope_evaluates_the_account(self):
        seen = []

        def rule(item, params):
            seen.append(item)
            return rr.NON_COMPLIANT, "no trail"
        self.expect_put([ev(ACCOUNT, "NON_COMPLIANT", "no trail",
                            when=SCHEDULED_AT, resource_type="AWS::::Account")])
        self.run_event(scheduled_event(), rule)
        self.assertEqual(seen[0]["resourceType"], "AWS::::Account")
        self.assertEqual(seen[0]["configuration"], {})

    def test_250_evaluations_go_out_in_3_calls(self):
        ids = ["b%03d" % i for i in range(250)]
        self.list_page(BUCKET, ids[:200], next_token="p2")
        self.list_page(BUCKET, ids[200:], token="p2")
        for start in (0, 100, 200):
            chunk = ids[start:start + 100]
            self.batch([self.key(i) for i in chunk],
                       [api_item(i, "Enabled" if int(i[1:]) % 3 else "Off")
                        for i in chunk])
        expected = [ev(i, "COMPLIANT", when=SCHEDULED_AT) if int(i[1:]) % 3
                    else ev(i, "NON_COMPLIANT",
                            "versioning is Off, not Enabled", when=SCHEDULED_AT)
                    for i in ids]
        for start in (0, 100, 200):
            self.expect_put(expected[start:start + 100])
        result = self.run_event(scheduled_event(), resource_types=[BUCKET])
        self.assertEqual(result["evaluations"], 250)
        self.assertEqual(result["non_compliant"], 84)

    def test_unprocessed_keys_forever_fail(self):
        self.list_page(BUCKET, ["a"])
        for _ in range(rr.MAX_IDLE_BATCH_ROUNDS):
            self.batch([self.key("a")], [], unprocessed=[self.key("a")])
        pauses = []
        with self.assertRaisesRegex(rr.RuleError, "unprocessed"):
            rr.scheduled_items([BUCKET], sleep=pauses.append)
        self.stub.assert_no_pending_responses()
        self.assertEqual(len(pauses), rr.MAX_IDLE_BATCH_ROUNDS - 1)
        self.assertEqual(pauses, sorted(pauses))

    def test_scheduled_items_are_normalized(self):
        self.list_page(BUCKET, ["a"])
        self.batch([self.key("a")], [api_item("a")])
        (item,) = rr.scheduled_items([BUCKET])
        self.assertEqual(item["configuration"], {"name": "a"})
        self.assertEqual(item["supplementaryConfiguration"],
                         {"BucketVersioningConfiguration": {"status": "Enabled"}})
        self.assertEqual(item["configurationItemCaptureTime"],
                         "2024-05-01T08:00:00.250Z")
        self.assertEqual(item["awsAccountId"], ACCOUNT)


class FailureTest(StubbedTest):
    """Errors fail the invocation before anything is sent (no PutEvaluations
    is stubbed, so one would fail these tests too)."""

    def assert_nothing_sent(self, event, rule=versioning, error=rr.RuleError,
                            message="", **options):
        with self.assertRaisesRegex(error, message):
            rr.evaluate(event, None, rule, **options)
        self.stub.assert_no_pending_responses()

    def test_bad_parameter_value(self):
        self.assert_nothing_sent(
            change_event(bucket_item(), parameters={"maxAge": "ninety"}),
            error=rr.ParameterError,
            message="rule parameter 'maxAge' must be an integer, got \"ninety\"",
            parameters={"maxAge": rr.param("Integer", 90)})

    def test_bad_parameter_fails_before_listing(self):
        self.assert_nothing_sent(
            scheduled_event(parameters={"enabled": "yes"}),
            error=rr.ParameterError, message="'enabled' must be true or false",
            parameters={"enabled": "Boolean"}, resource_types=[BUCKET])

    def test_bad_parameter_is_a_value_error(self):
        # AWS's RDK convention: a bad parameter is a ValueError.
        self.assert_nothing_sent(
            change_event(bucket_item(), parameters={"n": "1.5"}),
            error=ValueError, parameters={"n": "Integer"})

    def test_rule_without_verdict(self):
        self.assert_nothing_sent(change_event(bucket_item()),
                                 lambda item, params: None,
                                 message="returned None")

    def test_insufficient_data_is_refused(self):
        self.assert_nothing_sent(change_event(bucket_item()),
                                 lambda item, params: "INSUFFICIENT_DATA",
                                 message="INSUFFICIENT_DATA")

    def test_rule_exception_propagates(self):
        def rule(item, params):
            raise KeyError("missing")
        self.assert_nothing_sent(change_event(bucket_item()), rule,
                                 error=KeyError)

    def test_unknown_message_type(self):
        event = change_event(bucket_item())
        event["invokingEvent"] = json.dumps({"messageType": "Surprise"})
        self.assert_nothing_sent(event, error=rr.EventError,
                                 message="unexpected messageType 'Surprise'")

    def test_event_without_token(self):
        event = change_event(bucket_item())
        del event["resultToken"]
        self.assert_nothing_sent(event, error=rr.EventError,
                                 message="resultToken")

    def test_invoking_event_not_json(self):
        event = change_event(bucket_item())
        event["invokingEvent"] = "{"
        self.assert_nothing_sent(event, error=rr.EventError, message="not JSON")

    def test_item_without_id(self):
        item = bucket_item()
        del item["resourceId"]
        self.assert_nothing_sent(change_event(item), error=rr.EventError,
                                 message="resourceId")

    def test_unstubbed_call_would_be_caught(self):
        # The guard the tests above rely on: a call with nothing stubbed
        # raises rather than passing.
        with self.assertRaises(UnStubbedResponseError):
            self.client.put_evaluations(ResultToken="t", Evaluations=[])


class ParameterTest(unittest.TestCase):
    def decode(self, raw, spec):
        return rr.decode_parameters(json.dumps(raw), spec)

    def test_string(self):
        self.assertEqual(self.decode({"s": " a b "}, {"s": "String"}),
                         {"s": " a b "})
        self.assertEqual(self.decode({"s": 5}, {"s": "String"}), {"s": "5"})
        self.assertEqual(self.decode({"s": True}, {"s": "String"}),
                         {"s": "true"})

    def test_integer(self):
        for text, value in (("90", 90), (" -7 ", -7), ("+3", 3), (12, 12)):
            with self.subTest(text=text):
                got = self.decode({"n": text}, {"n": "Integer"})["n"]
                self.assertEqual(got, value)
                self.assertIs(type(got), int)
        for bad in ("1.5", "", "0x10", "1_000", "١", True, 1.0, [1]):
            with self.subTest(bad=bad), self.assertRaises(rr.ParameterError):
                self.decode({"n": bad}, {"n": "Integer"})

    def test_float(self):
        for text, value in (("1.5", 1.5), ("2", 2.0), ("-.5", -0.5),
                            ("1e3", 1000.0), (3, 3.0), (0.25, 0.25)):
            with self.subTest(text=text):
                got = self.decode({"x": text}, {"x": "Float"})["x"]
                self.assertEqual(got, value)
                self.assertIs(type(got), float)
        for bad in ("nan", "inf", "1e400", "1,5", "", "1_0", False):
            with self.subTest(bad=bad), self.assertRaises(rr.ParameterError):
                self.decode({"x": bad}, {"x": "Float"})

    def test_boolean(self):
        for text, value in (("true", True), ("FALSE", False), (" True ", True),
                            (False, False)):
            with self.subTest(text=text):
                self.assertIs(self.decode({"b": text}, {"b": "Boolean"})["b"],
                              value)
        for bad in ("yes", "1", 1, "", None):
            with self.subTest(bad=bad), self.assertRaises(rr.ParameterError):
                self.decode({"b": bad}, {"b": "Boolean"})

    def test_list(self):
        spec = {"l": "List"}
        self.assertEqual(self.decode({"l": "a, b,,c "}, spec)["l"],
                         ["a", "b", "c"])
        self.assertEqual(self.decode({"l": ""}, spec)["l"], [])
        self.assertEqual(self.decode({"l": ["x", 2]}, spec)["l"], ["x", "2"])
        with self.assertRaises(rr.ParameterError):
            self.decode({"l": {"a": 1}}, spec)

    def test_defaults_and_required(self):
        spec = {"age": rr.param("Integer", 90), "tags": rr.param("List", "a,b"),
                "opt": rr.param("String", required=False)}
        self.assertEqual(rr.decode_parameters("{}", spec),
                         {"age": 90, "tags": ["a", "b"], "opt": None})
        self.assertEqual(rr.decode_parameters('{"age": "30"}', spec)["age"], 30)
        with self.assertRaisesRegex(rr.ParameterError, "'status' .* is not set"):
            rr.decode_parameters("{}", {"status": "String"})

    def test_bad_default_is_reported(self):
        with self.assertRaisesRegex(rr.ParameterError, "'n' must be an integer"):
            rr.decode_parameters("{}", {"n": rr.param("Integer", "many")})

    def test_unknown_parameter(self):
        with self.assertRaisesRegex(rr.ParameterError,
                                    "unknown rule parameter 'maxAgee'"):
            rr.decode_parameters('{"maxAgee": "1"}', {"maxAge": "Integer"})

    def test_not_an_object(self):
        for raw in ('["a"]', "{", '"x"'):
            with self.subTest(raw=raw), self.assertRaises(rr.ParameterError):
                rr.decode_parameters(raw, {})

    def test_absent_or_empty_parameters(self):
        for raw in (None, "", "  ", "{}"):
            self.assertEqual(rr.decode_parameters(raw, {"n": rr.param(
                "Integer", 1)}), {"n": 1})

    def test_without_spec_values_pass_through(self):
        self.assertEqual(rr.decode_parameters('{"a": "1", "b": 2}'),
                         {"a": "1", "b": 2})

    def test_attribute_access(self):
        params = rr.decode_parameters('{"maxAge": "7"}', {"maxAge": "Integer"})
        self.assertEqual(params.maxAge, 7)
        with self.assertRaises(AttributeError):
            params.other

    def test_bad_declaration(self):
        with self.assertRaises(TypeError):
            rr.param("Int")
        with self.assertRaises(TypeError):
            rr.decode_parameters("{}", {"n": 5})


class AnnotationTest(unittest.TestCase):
    def test_short_text_unchanged(self):
        self.assertEqual(rr.truncate_annotation("é" * 256), "é" * 256)

    def test_cut_keeps_256_characters(self):
        got = rr.truncate_annotation("é" * 257)
        self.assertEqual(got, "é" * 255 + "\u2026")
        self.assertEqual(len(got), 256)

    def test_cut_never_splits_a_surrogate_pair(self):
        # U+1F512 takes two UTF-16 units: 254 + 2 would leave no room for
        # the ellipsis, so the emoji goes whole.
        got = rr.truncate_annotation("a" * 254 + "\U0001F512" * 3)
        self.assertEqual(got, "a" * 254 + "\u2026")
        got = rr.truncate_annotation("a" * 253 + "\U0001F512" * 3)
        self.assertEqual(got, "a" * 253 + "\U0001F512" + "\u2026")
        self.assertEqual(rr.truncate_annotation("a" * 254 + "\U0001F512"),
                         "a" * 254 + "\U0001F512")

    def test_none_and_empty(self):
        self.assertIsNone(rr.truncate_annotation(None))
        self.assertIsNone(rr.truncate_annotation(""))
        self.assertEqual(rr.truncate_annotation(42), "42")


class EventTest(unittest.TestCase):
    def test_parse_change_event(self):
        parsed = rr.parse_event(change_event(bucket_item(), token="TESTMODE"))
        self.assertEqual(parsed.message_type,
                         "ConfigurationItemChangeNotification")
        self.assertEqual(parsed.item["resourceId"], "logs")
        self.assertTrue(parsed.test_mode)
        self.assertFalse(parsed.scheduled)
        self.assertEqual(parsed.account_id, ACCOUNT)

    def test_parse_scheduled_event(self):
        parsed = rr.parse_event(scheduled_event())
        self.assertTrue(parsed.scheduled)
        self.assertIsNone(parsed.item)
        self.assertEqual(parsed.notification_time, SCHEDULED_AT)

    def test_evaluation_timestamps(self):
        when = datetime.datetime(2024, 1, 2, 3, 4, 5, 678901,
                                 tzinfo=datetime.timezone(
                                     datetime.timedelta(hours=2)))
        self.assertEqual(
            rr.evaluation(bucket_item(), "COMPLIANT", timestamp=when)[
                "OrderingTimestamp"], "2024-01-02T01:04:05.678Z")
        with self.assertRaises(rr.RuleError):
            rr.evaluation(bucket_item(), "PASS")

    def test_import_needs_no_region(self):
        # The client is made on first use: importing the module and parsing
        # an event, as Lambda does first, touch neither boto3 nor a region.
        code = ("import sys, rulecc_runtime as r; "
                "r.parse_event({'invokingEvent': '{\"messageType\": "
                "\"ScheduledNotification\"}', 'resultToken': 't'}); "
                "print(r._client, 'boto3' in sys.modules)")
        got = subprocess.run([sys.executable, "-c", code],
                             cwd=os.path.dirname(rr.__file__),
                             capture_output=True, text=True)
        self.assertEqual((got.returncode, got.stdout), (0, "None False\n"),
                         got.stderr)

class BundleLayoutTest(StubbedTest):
    """The handler of docs/runtime.md, run as a bundle lays it out: the
    handler file beside a copy of rulecc_runtime.py, `import rulecc_runtime`."""

    def test_documented_handler(self):
        with open(os.path.join(HERE, "..", "..", "docs", "runtime.md"),
                  encoding="utf-8") as f:
            doc = f.read()
        section = doc.split("## A handler in three lines", 1)[1]
        code = section.split("```python\n", 1)[1].split("```", 1)[0]
        with tempfile.TemporaryDirectory() as bundle:
            shutil.copy(rr.__file__, bundle)
            with open(os.path.join(bundle, "handler.py"), "w") as f:
                f.write(code)
            sys.path.insert(0, bundle)
            saved = {m: sys.modules.pop(m) for m in ("rulecc_runtime",
                                                      "handler")
                     if m in sys.modules}
            try:
                import handler
                handler.rulecc_runtime.set_client(self.client)
                self.assertNotEqual(handler.rulecc_runtime.__file__,
                                    rr.__file__)
                self.expect_put([ev("logs", "NON_COMPLIANT",
                                    "versioning is Suspended")])
                handler.lambda_handler(change_event(bucket_item(
                    versioning="Suspended")), None)
                self.expect_put([ev("logs", "COMPLIANT")])
                handler.lambda_handler(change_event(
                    bucket_item(versioning="Off"),
                    parameters={"required_status": "Off"}), None)
                self.stub.assert_no_pending_responses()
            finally:
                sys.path.remove(bundle)
                sys.modules.pop("handler", None)
                sys.modules.update(saved)


# (ruleParameters, spec) cases both runtimes must decode alike.
PARITY_CASES = [
    ({"n": "90"}, {"n": "Integer"}), ({"n": " -7 "}, {"n": "Integer"}),
    ({"n": "1.5"}, {"n": "Integer"}), ({"n": True}, {"n": "Integer"}),
    ({"x": "1e3"}, {"x": "Float"}), ({"x": ".5"}, {"x": "Float"}),
    ({"x": "nan"}, {"x": "Float"}), ({"x": "1e400"}, {"x": "Float"}),
    ({"b": "TRUE"}, {"b": "Boolean"}), ({"b": "yes"}, {"b": "Boolean"}),
    ({"l": " a, b,,c"}, {"l": "List"}), ({"l": ["x", 2, True]}, {"l": "List"}),
    ({"l": [[1]]}, {"l": "List"}), ({"s": 5}, {"s": "String"}),
    ({"s": None}, {"s": "String"}), ({}, {"s": "String"}),
    ({"typo": "1"}, {"n": "Integer"}), ({}, {}), ({"a": "1"}, None),
]


@unittest.skipUnless(shutil.which("node"), "node not found")
class ParityTest(unittest.TestCase):
    """The Python and Node.js helpers decode parameters and cut annotations
    alike (values, or the error class)."""

    def run_node(self, script, data):
        module = os.path.join(HERE, "..", "..", "runtime", "node",
                              "rulecc_runtime.js")
        got = subprocess.run(
            ["node", "-e", "const rr = require(process.argv[1]); "
             "const data = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
             + script, module], input=json.dumps(data),
            capture_output=True, text=True)
        self.assertEqual(got.returncode, 0, got.stderr)
        return json.loads(got.stdout)

    def test_parameters(self):
        node = self.run_node(
            "console.log(JSON.stringify(data.map(([raw, spec]) => {"
            " try { return {value: rr.decodeParameters(JSON.stringify(raw), spec)}; }"
            " catch (e) { return {error: e.name}; } })));", PARITY_CASES)
        for (raw, spec), theirs in zip(PARITY_CASES, node):
            try:
                ours = {"value": rr.decode_parameters(json.dumps(raw), spec)}
            except rr.RuleError as e:
                ours = {"error": type(e).__name__}
            self.assertEqual(ours, theirs, (raw, spec))

    def test_annotations(self):
        texts = ["x" * 300, "\u00e9" * 257, "a" * 254 + "\U0001F512" * 3,
                 "a" * 253 + "\U0001F512" * 3, "short", ""]
        node = self.run_node(
            "console.log(JSON.stringify(data.map(rr.truncateAnnotation)));",
            texts)
        self.assertEqual([rr.truncate_annotation(t) for t in texts], node)


if __name__ == "__main__":
    unittest.main()
