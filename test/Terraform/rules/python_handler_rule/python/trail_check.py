import boto3


def lambda_handler(event, context):
    # A comment with a colon: and "quotes" and 'yes'.
    return None
