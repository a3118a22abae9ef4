from rulecc_runtime import *  # noqa: F401,F403 (the helpers beside this file)


def lambda_handler(event, context):
    return None
