# Imports the runtime helpers, which the bundle ships beside this file.
import rulecc_runtime


def lambda_handler(event, context):
    return {"helpers": rulecc_runtime.__name__}
