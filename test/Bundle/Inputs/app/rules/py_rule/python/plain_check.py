import json


def lambda_handler(event, context):
    item = json.loads(event["invokingEvent"])["configurationItem"]
    return {"compliance_type": "COMPLIANT", "resource": item["resourceId"]}
