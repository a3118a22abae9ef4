#!/usr/bin/env python3
"""Runs a function of a rulecc bundle on configuration items, in-process.

Importable (`run(...)`) and a command line:

    python3 run_handler.py BUNDLE_DIR FUNCTION MODULE --now T [--param k=v]... ITEM.json...

Each item goes to the module's `lambda_handler` as a configuration change
notification (`ruleParameters` from the params, `RULECC_NOW` set to `now`),
with the AWS Config client wrapped in botocore's Stubber: no network, and the
PutEvaluations request is captured. The result is
`{"verdict": "COMPLIANT"|"NON_COMPLIANT"|"NOT_APPLICABLE"|"ERROR",
"annotation": str|None, "error": str|None}`; the command line prints one per
line (an ITEM.json may hold one item or a list of them).
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from typing import Any, Dict, List, Optional, Tuple

# (function directory, module) -> (module, its runtime module)
_LOADED: Dict[Tuple[str, str], Tuple[Any, Any]] = {}

RUNTIME = "rulecc_runtime"
DEFAULT_ACCOUNT = "123456789012"


def _load(function_path: str, module: str) -> Tuple[Any, Any]:
    """Imports `module` from `function_path` with that directory's own
    runtime helpers (two functions may ship different copies, or modules of
    the same name)."""
    key = (function_path, module)
    if key in _LOADED:
        return _LOADED[key]
    saved = {name: sys.modules.pop(name) for name in (RUNTIME, module)
             if name in sys.modules}
    sys.path.insert(0, function_path)
    try:
        mod = importlib.import_module(module)
        # Inline code (CloudFormation's ZipFile) holds the helpers itself.
        runtime = sys.modules.get(RUNTIME) or (
            mod if hasattr(mod, "set_client") else None)
    finally:
        sys.path.remove(function_path)
        for name in (RUNTIME, module):
            sys.modules.pop(name, None)
        sys.modules.update(saved)
    _LOADED[key] = (mod, runtime)
    return mod, runtime


class _StubbedConfig:
    """A Config client in botocore's Stubber, made once (making a client
    takes longer than running a rule): each run queues one PutEvaluations
    answer and reads the captured request."""

    def __init__(self):
        import boto3
        from botocore.stub import Stubber
        self.client = boto3.client("config", region_name="us-east-1",
                                   aws_access_key_id="testing",
                                   aws_secret_access_key="testing")
        self.captured: List[Dict[str, Any]] = []
        self.client.meta.events.register(
            "provide-client-params.config-service.PutEvaluations",
            self._capture)
        self.stubber = Stubber(self.client)
        self.stubber.activate()

    def _capture(self, params, **kwargs):
        self.captured.append(json.loads(json.dumps(params, default=str)))

    def expect_put(self) -> None:
        self.captured = []
        self.stubber.add_response("put_evaluations", {"FailedEvaluations": []})

    def done(self) -> bool:
        """Whether every queued answer was used (else the stub is remade)."""
        try:
            self.stubber.assert_no_pending_responses()
            return True
        except AssertionError:
            return False


_STUB: Optional[_StubbedConfig] = None


def change_event(item: Dict[str, Any], params: Dict[str, Any],
                 now: Optional[str], rule_name: str) -> Dict[str, Any]:
    """The change notification AWS Config would send for `item`."""
    item = dict(item)
    # PutEvaluations needs an ordering timestamp; AWS always sends one.
    if not item.get("configurationItemCaptureTime"):
        item["configurationItemCaptureTime"] = now or "2024-01-01T00:00:00.000Z"
    invoking = {"messageType": "ConfigurationItemChangeNotification",
                "configurationItem": item,
                "notificationCreationTime": now or item[
                    "configurationItemCaptureTime"],
                "recordVersion": "1.3"}
    return {"invokingEvent": json.dumps(invoking),
            "ruleParameters": json.dumps(params),
            "resultToken": "rulecc-run-handler",
            "eventLeftScope": False,
            "configRuleName": rule_name,
            "accountId": item.get("awsAccountId") or DEFAULT_ACCOUNT}


def run(bundle_root: str, function_dir: str, module: str,
        item: Dict[str, Any], params: Dict[str, Any],
        now: Optional[str]) -> Dict[str, Any]:
    """Runs `module.lambda_handler` of `bundle_root/function_dir` on one
    configuration item and returns its verdict, annotation or error."""
    path = os.path.abspath(os.path.join(bundle_root, function_dir))
    try:
        mod, runtime = _load(path, module)
    except Exception as e:  # a module that does not import is an ERROR too
        return {"verdict": "ERROR", "annotation": None,
                "error": "cannot import %s: %s: %s" % (module, type(e).__name__, e)}
    global _STUB
    if _STUB is None:
        _STUB = _StubbedConfig()
    stub = _STUB
    stub.expect_put()
    saved_now = os.environ.get("RULECC_NOW")
    if now is not None:
        os.environ["RULECC_NOW"] = now
    if runtime is not None:
        runtime.set_client(stub.client)
    try:
        mod.lambda_handler(change_event(item, params, now, module), None)
    except Exception as e:
        return {"verdict": "ERROR", "annotation": None, "error": str(e)}
    finally:
        if runtime is not None:
            runtime.set_client(None)
        if not stub.done():
            _STUB = None
        if saved_now is None:
            os.environ.pop("RULECC_NOW", None)
        else:
            os.environ["RULECC_NOW"] = saved_now
    evaluations = stub.captured[0]["Evaluations"] if stub.captured else []
    if len(evaluations) != 1:
        return {"verdict": "ERROR", "annotation": None,
                "error": "the handler sent %d evaluations" % len(evaluations)}
    e = evaluations[0]
    return {"verdict": e["ComplianceType"], "annotation": e.get("Annotation"),
            "error": None}


def _param(text: str) -> Tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError("--param takes name=value, not %r" % text)
    return name, value


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundle_dir")
    parser.add_argument("function")
    parser.add_argument("module")
    parser.add_argument("items", nargs="+", metavar="ITEM.json")
    parser.add_argument("--now", required=True)
    parser.add_argument("--param", action="append", type=_param, default=[])
    args = parser.parse_args(argv)
    params = dict(args.param)
    for path in args.items:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for item in data if isinstance(data, list) else [data]:
            result = run(args.bundle_dir, args.function, args.module, item,
                         params, args.now)
            print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
