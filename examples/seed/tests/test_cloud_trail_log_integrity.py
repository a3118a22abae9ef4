#!/usr/bin/env python3
"""Unit tests of the seed's CloudTrail handler, with botocore's Stubber in
place of AWS Config: no network, no credentials. Exits 77 (skipped) where
boto3 is not installed."""
import datetime
import importlib.util
import json
import os
import sys
import unittest

try:
    import boto3
    from botocore.stub import ANY, Stubber
except ImportError:  # pragma: no cover
    print("boto3/botocore not installed; skipping")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
HANDLER = os.path.join(HERE, "..", "rules", "check_rule", "python",
                       "cloud_trail_log_integrity.py")
TRAIL = "AWS::CloudTrail::Trail"
KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
CAPTURE = "2024-05-02T10:11:12.000Z"


def load_handler():
    spec = importlib.util.spec_from_file_location("cloud_trail_log_integrity", HANDLER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def trail_item(name="main", status="OK", validation=True, key=KEY, **extra):
    configuration = {"name": name, "isMultiRegionTrail": True,
                     "logFileValidationEnabled": validation}
    if key is not None:
        configuration["kmsKeyId"] = key
    item = {"resourceType": TRAIL, "resourceId": name, "resourceName": name,
            "configurationItemStatus": status,
            "configurationItemCaptureTime": CAPTURE,
            "configuration": configuration}
    item.update(extra)
    return item


def change_event(item, token="token-1", left_scope=False):
    invoking = {"configurationItem": item,
                "messageType": "ConfigurationItemChangeNotification"}
    return {"invokingEvent": json.dumps(invoking), "ruleParameters": "{}",
            "resultToken": token, "eventLeftScope": left_scope,
            "configRuleName": "rules-example-check-cloud-trail-log-integrity",
            "accountId": "123456789012", "version": "1.0"}


class HandlerTest(unittest.TestCase):
    def setUp(self):
        self.handler = load_handler()
        self.client = boto3.client(
            "config", region_name="eu-west-1", aws_access_key_id="testing",
            aws_secret_access_key="testing")
        self.stub = Stubber(self.client)
        self.handler._config = self.client
        self.stub.activate()

    def tearDown(self):
        self.stub.deactivate()

    def expect_put(self, evaluations, token="token-1", test_mode=False):
        self.stub.add_response(
            "put_evaluations", {"FailedEvaluations": []},
            {"Evaluations": evaluations, "ResultToken": token,
             "TestMode": test_mode})

    def run_event(self, event):
        result = self.handler.lambda_handler(event, None)
        self.stub.assert_no_pending_responses()
        return result

    def test_compliant_trail(self):
        self.expect_put([{
            "ComplianceResourceType": TRAIL, "ComplianceResourceId": "main",
            "ComplianceType": "COMPLIANT",
            "Annotation": "validated and encrypted with " + KEY,
            "OrderingTimestamp": CAPTURE}])
        self.assertEqual(self.run_event(change_event(trail_item())),
                         {"evaluations": 1})

    def test_validation_disabled(self):
        verdict = self.handler.evaluate(trail_item(validation=False))
        self.assertEqual(verdict, ("NON_COMPLIANT",
                                   "log file validation is disabled (CIS 2.2)"))

    def test_validation_missing_counts_as_disabled(self):
        item = trail_item()
        del item["configuration"]["logFileValidationEnabled"]
        self.assertEqual(self.handler.evaluate(item)[0], "NON_COMPLIANT")

    def test_not_encrypted(self):
        verdict = self.handler.evaluate(trail_item(key=None))
        self.assertEqual(verdict, ("NON_COMPLIANT",
                                   "logs are not encrypted with a KMS key (CIS 2.7)"))

    def test_both_problems_reported(self):
        self.expect_put([{
            "ComplianceResourceType": TRAIL, "ComplianceResourceId": "old",
            "ComplianceType": "NON_COMPLIANT",
            "Annotation": "log file validation is disabled (CIS 2.2); "
                          "logs are not encrypted with a KMS key (CIS 2.7)",
            "OrderingTimestamp": CAPTURE}])
        self.run_event(change_event(trail_item("old", validation=False, key="")))

    def test_deleted_trail_is_not_applicable(self):
        for status in ("ResourceDeleted", "ResourceDeletedNotRecorded",
                       "ResourceNotRecorded"):
            item = trail_item(status=status, configuration=None)
            self.assertEqual(self.handler.evaluate(item)[0], "NOT_APPLICABLE",
                             status)

    def test_event_left_scope_is_not_applicable(self):
        self.expect_put([{
            "ComplianceResourceType": TRAIL, "ComplianceResourceId": "main",
            "ComplianceType": "NOT_APPLICABLE",
            "Annotation": "the trail left the scope",
            "OrderingTimestamp": CAPTURE}])
        self.run_event(change_event(trail_item(), left_scope=True))

    def test_other_resource_type_is_not_applicable(self):
        item = trail_item(resourceType="AWS::S3::Bucket")
        self.assertEqual(self.handler.evaluate(item)[0], "NOT_APPLICABLE")

    def test_annotation_cut_to_256(self):
        annotation = "validated and encrypted with " + "k" * 400
        self.expect_put([{
            "ComplianceResourceType": TRAIL, "ComplianceResourceId": "main",
            "ComplianceType": "COMPLIANT", "Annotation": annotation[:256],
            "OrderingTimestamp": CAPTURE}])
        self.run_event(change_event(trail_item(key="k" * 400)))

    def test_oversized_item_fetched_from_history(self):
        summary = {k: v for k, v in trail_item("big").items()
                   if k != "configuration"}
        invoking = {"configurationItemSummary": summary,
                    "messageType": "OversizedConfigurationItemChangeNotification"}
        when = datetime.datetime(2024, 5, 2, 10, 11, 12,
                                 tzinfo=datetime.timezone.utc)
        self.stub.add_response(
            "get_resource_config_history",
            {"configurationItems": [{
                "resourceType": TRAIL, "resourceId": "big",
                "configurationItemStatus": "OK",
                "configurationItemCaptureTime": when,
                "configuration": json.dumps({"logFileValidationEnabled": True})}]},
            {"resourceType": TRAIL, "resourceId": "big", "laterTime": CAPTURE,
             "limit": 1})
        self.expect_put([{
            "ComplianceResourceType": TRAIL, "ComplianceResourceId": "big",
            "ComplianceType": "NON_COMPLIANT",
            "Annotation": "logs are not encrypted with a KMS key (CIS 2.7)",
            "OrderingTimestamp": when}])
        event = change_event(trail_item())
        event["invokingEvent"] = json.dumps(invoking)
        self.run_event(event)

    def scheduled_event(self, token="token-1"):
        invoking = {"awsAccountId": "123456789012",
                    "notificationCreationTime": "2024-05-03T00:00:00.000Z",
                    "messageType": "ScheduledNotification",
                    "recordVersion": "1.0"}
        return {"invokingEvent": json.dumps(invoking), "ruleParameters": "{}",
                "resultToken": token, "eventLeftScope": False}

    def recorded(self, name, **conf):
        return {"resourceType": TRAIL, "resourceId": name,
                "configurationItemStatus": "OK",
                "configuration": json.dumps(conf)}

    def test_scheduled_run_evaluates_every_recorded_trail(self):
        # Two pages of discovered trails, then one batch that leaves a key
        # unprocessed, which is asked for again.
        self.stub.add_response(
            "list_discovered_resources",
            {"resourceIdentifiers": [{"resourceType": TRAIL, "resourceId": "a"}],
             "nextToken": "page-2"},
            {"resourceType": TRAIL})
        self.stub.add_response(
            "list_discovered_resources",
            {"resourceIdentifiers": [{"resourceType": TRAIL, "resourceId": "b"}]},
            {"resourceType": TRAIL, "nextToken": "page-2"})
        key_a = {"resourceType": TRAIL, "resourceId": "a"}
        key_b = {"resourceType": TRAIL, "resourceId": "b"}
        self.stub.add_response(
            "batch_get_resource_config",
            {"baseConfigurationItems": [self.recorded(
                "a", logFileValidationEnabled=True, kmsKeyId=KEY)],
             "unprocessedResourceKeys": [key_b]},
            {"resourceKeys": [key_a, key_b]})
        self.stub.add_response(
            "batch_get_resource_config",
            {"baseConfigurationItems": [self.recorded(
                "b", logFileValidationEnabled=False, kmsKeyId=KEY)]},
            {"resourceKeys": [key_b]})
        when = "2024-05-03T00:00:00.000Z"
        self.expect_put([
            {"ComplianceResourceType": TRAIL, "ComplianceResourceId": "a",
             "ComplianceType": "COMPLIANT", "Annotation": ANY,
             "OrderingTimestamp": when},
            {"ComplianceResourceType": TRAIL, "ComplianceResourceId": "b",
             "ComplianceType": "NON_COMPLIANT", "Annotation": ANY,
             "OrderingTimestamp": when}])
        self.assertEqual(self.run_event(self.scheduled_event()),
                         {"evaluations": 2})

    def test_scheduled_run_without_trails_still_reports(self):
        self.stub.add_response("list_discovered_resources",
                               {"resourceIdentifiers": []},
                               {"resourceType": TRAIL})
        self.expect_put([])
        self.assertEqual(self.run_event(self.scheduled_event()),
                         {"evaluations": 0})

    def test_evaluations_sent_in_batches_of_100(self):
        ids = ["t%03d" % i for i in range(150)]
        self.stub.add_response(
            "list_discovered_resources",
            {"resourceIdentifiers": [{"resourceType": TRAIL, "resourceId": i}
                                     for i in ids]},
            {"resourceType": TRAIL})
        for chunk in (ids[:100], ids[100:]):
            self.stub.add_response(
                "batch_get_resource_config",
                {"baseConfigurationItems": [self.recorded(i) for i in chunk]},
                {"resourceKeys": [{"resourceType": TRAIL, "resourceId": i}
                                  for i in chunk]})
        self.stub.add_response("put_evaluations", {}, {
            "Evaluations": [ANY] * 100, "ResultToken": "token-1",
            "TestMode": False})
        self.stub.add_response("put_evaluations", {}, {
            "Evaluations": [ANY] * 50, "ResultToken": "token-1",
            "TestMode": False})
        self.assertEqual(self.run_event(self.scheduled_event()),
                         {"evaluations": 150})

    def test_test_mode_token(self):
        self.expect_put(ANY, token="TESTMODE", test_mode=True)
        self.run_event(change_event(trail_item(), token="TESTMODE"))

    def test_unknown_message_type_fails_loudly(self):
        event = change_event(trail_item())
        event["invokingEvent"] = json.dumps({"messageType": "Surprise"})
        with self.assertRaises(ValueError):
            self.handler.lambda_handler(event, None)
        self.stub.assert_no_pending_responses()


if __name__ == "__main__":
    unittest.main()
