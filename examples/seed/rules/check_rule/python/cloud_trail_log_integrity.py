"""CIS 2.2, 2.7: CloudTrail trails validate and KMS-encrypt their log files.
Invoked by AWS Config on trail changes and on schedule; reports through
PutEvaluations."""
import json

import boto3

TRAIL = "AWS::CloudTrail::Trail"
# Item states of a resource that no longer exists.
GONE = ("ResourceDeleted", "ResourceDeletedNotRecorded", "ResourceNotRecorded")
BATCH = 100  # the most PutEvaluations and BatchGetResourceConfig take

_config = None


def config():
    # Made on first use: importing needs no region; tests stub it here.
    global _config
    if _config is None:
        _config = boto3.client("config")
    return _config


def evaluate(item):
    """Returns (compliance type, annotation) for one configuration item."""
    if item.get("resourceType") != TRAIL:
        return "NOT_APPLICABLE", "not a CloudTrail trail"
    if item.get("configurationItemStatus") in GONE:
        return "NOT_APPLICABLE", "the trail no longer exists"
    trail = item.get("configuration") or {}
    if isinstance(trail, str):  # as history and batch APIs return it
        trail = json.loads(trail)
    problems = []
    if trail.get("logFileValidationEnabled") is not True:
        problems.append("log file validation is disabled (CIS 2.2)")
    if not trail.get("kmsKeyId"):
        problems.append("logs are not encrypted with a KMS key (CIS 2.7)")
    if problems:
        return "NON_COMPLIANT", "; ".join(problems)
    return "COMPLIANT", "validated and encrypted with " + trail["kmsKeyId"]


def full_item(summary):
    # An oversized notification only has a summary: fetch the item.
    if summary.get("configurationItemStatus") in GONE:
        return summary
    return config().get_resource_config_history(
        resourceType=summary["resourceType"], resourceId=summary["resourceId"],
        laterTime=summary["configurationItemCaptureTime"], limit=1,
    )["configurationItems"][0]


def recorded_trails():
    # On schedule, evaluate every trail Config recorded, under its own IDs.
    keys = []
    pages = config().get_paginator("list_discovered_resources")
    for page in pages.paginate(resourceType=TRAIL):
        keys += [{"resourceType": TRAIL, "resourceId": r["resourceId"]}
                 for r in page["resourceIdentifiers"]]
    items = []
    while keys:  # unprocessed keys are retried (the Lambda timeout bounds it)
        got = config().batch_get_resource_config(resourceKeys=keys[:BATCH])
        items += got["baseConfigurationItems"]
        keys = keys[BATCH:] + got.get("unprocessedResourceKeys", [])
    return items


def evaluation(item, verdict, when=None):
    return {
        "ComplianceResourceType": item["resourceType"],
        "ComplianceResourceId": item["resourceId"],
        "ComplianceType": verdict[0],
        "Annotation": verdict[1][:256],  # AWS Config's limit
        "OrderingTimestamp": when or item["configurationItemCaptureTime"],
    }


def evaluations_for(event):
    invoking = json.loads(event["invokingEvent"])
    kind = invoking.get("messageType")
    if kind == "ScheduledNotification":
        when = invoking["notificationCreationTime"]
        return [evaluation(i, evaluate(i), when) for i in recorded_trails()]
    if kind == "ConfigurationItemChangeNotification":
        item = invoking["configurationItem"]
    elif kind == "OversizedConfigurationItemChangeNotification":
        item = full_item(invoking["configurationItemSummary"])
    else:
        raise ValueError("unexpected message type %r" % kind)
    if event.get("eventLeftScope"):
        return [evaluation(item, ("NOT_APPLICABLE", "the trail left the scope"))]
    return [evaluation(item, evaluate(item))]


def lambda_handler(event, context):
    evaluations = evaluations_for(event)
    token = event["resultToken"]
    # Report at least once, so an empty scheduled run is closed too.
    for start in range(0, max(len(evaluations), 1), BATCH):
        config().put_evaluations(
            Evaluations=evaluations[start:start + BATCH], ResultToken=token,
            TestMode=token == "TESTMODE")
    return {"evaluations": len(evaluations)}
