"""Runtime helpers of rulecc's custom AWS Config rules (Python).

Shipped beside every Python rule's handler in its Lambda bundle: parses the
events AWS Config sends (configuration change, oversized change, scheduled),
decides applicability, decodes typed rule parameters, cuts annotations to
AWS's 256 characters and reports through PutEvaluations in batches of 100.
Standard library and boto3 only (boto3 is part of the Lambda Python runtime).

A handler file needs three lines::

    import rulecc_runtime

    def check(item, params):
        return "COMPLIANT" if item["configuration"].get("x") else ("NON_COMPLIANT", "no x")

    def lambda_handler(event, context):
        return rulecc_runtime.evaluate(event, context, check,
                                       resource_types=["AWS::S3::Bucket"])

or, equally, ``lambda_handler = rulecc_runtime.handler(check, resource_types=[...])``.
"""
from __future__ import annotations

import datetime
import json
import logging
import math
import re
import time
from typing import (Any, Callable, Dict, Iterable, List, Mapping, Optional,
                    Sequence, Tuple, Union)

__all__ = [
    "COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE", "ACCOUNT_RESOURCE_TYPE",
    "TEST_MODE_TOKEN", "MAX_ANNOTATION", "BATCH_SIZE", "RuleError",
    "EventError", "ParameterError", "PutEvaluationsError", "Param", "Params",
    "Event", "param", "parse_event", "decode_parameters", "truncate_annotation",
    "applicability", "evaluation", "put_evaluations", "scheduled_items",
    "evaluations_for", "evaluate", "handler", "config_client", "set_client",
]

COMPLIANT = "COMPLIANT"
NON_COMPLIANT = "NON_COMPLIANT"
NOT_APPLICABLE = "NOT_APPLICABLE"
# PutEvaluations refuses INSUFFICIENT_DATA from a custom rule, so a rule
# function cannot return it.
VERDICTS = (COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE)

CHANGE = "ConfigurationItemChangeNotification"
OVERSIZED = "OversizedConfigurationItemChangeNotification"
SCHEDULED = "ScheduledNotification"

# The pseudo resource a rule without scope reports on in a scheduled run.
ACCOUNT_RESOURCE_TYPE = "AWS::::Account"
# The result token of the console's and the RDK's test invocations.
TEST_MODE_TOKEN = "TESTMODE"
MAX_ANNOTATION = 256  # Evaluation.Annotation, in characters
BATCH_SIZE = 100  # the most PutEvaluations and BatchGetResourceConfig take
ELLIPSIS = "\u2026"
# Item states of a resource that can be evaluated; every other state
# (ResourceDeleted, ResourceDeletedNotRecorded, ResourceNotRecorded) is
# NOT_APPLICABLE.
LIVE_STATUSES = ("OK", "ResourceDiscovered")
# Rounds of BatchGetResourceConfig that return nothing at all before a
# scheduled run gives up on its unprocessed keys.
MAX_IDLE_BATCH_ROUNDS = 5

logger = logging.getLogger("rulecc_runtime")

Verdict = Union[str, Tuple[str, Optional[str]]]
RuleFunction = Callable[[Dict[str, Any], "Params"], Verdict]


class RuleError(Exception):
    """Base of the errors the helpers raise; they make the invocation fail,
    so AWS Config shows the rule in error instead of a wrong result."""


class EventError(RuleError, ValueError):
    """The event is not one AWS Config sends to a rule."""


class ParameterError(RuleError, ValueError):
    """A rule parameter is missing, unknown, or not of its declared type."""


class PutEvaluationsError(RuleError):
    """AWS Config refused some evaluations (PutEvaluations' FailedEvaluations)."""

    def __init__(self, failed: List[Dict[str, Any]]):
        self.failed = failed
        first = failed[0]
        super().__init__(
            "PutEvaluations refused %d evaluation(s), first %s %s" %
            (len(failed), first.get("ComplianceResourceType"),
             first.get("ComplianceResourceId")))


# --- AWS Config client -------------------------------------------------------

_client = None


def config_client():
    """The AWS Config client, made on first use so that importing the module
    needs no region or credentials; tests replace it with `set_client`."""
    global _client
    if _client is None:
        import boto3  # in the Lambda runtime; imported late for the same reason
        _client = boto3.client("config")
    return _client


def set_client(client) -> None:
    """Use `client` (e.g. one wrapped in botocore's Stubber) for every call
    that is not given a client explicitly; None goes back to the default."""
    global _client
    _client = client


# --- Parameters --------------------------------------------------------------

PARAM_TYPES = ("String", "Integer", "Float", "Boolean", "List")
_MISSING = object()
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_FLOAT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")


class Param:
    """The declaration of one rule parameter: `param :name, Integer,
    default: 90` in a .rules file. Without a default the parameter is
    required, unless `required=False` (then it decodes to None)."""

    __slots__ = ("type", "default", "required")

    def __init__(self, type: str = "String", default: Any = _MISSING,
                 required: Optional[bool] = None):
        if type not in PARAM_TYPES:
            raise TypeError("parameter type %r is not one of %s" %
                            (type, ", ".join(PARAM_TYPES)))
        self.type = type
        self.default = default
        self.required = default is _MISSING if required is None else required

    def __repr__(self) -> str:
        default = "" if self.default is _MISSING else ", %r" % (self.default,)
        return "Param(%r%s)" % (self.type, default)


def param(type: str = "String", default: Any = _MISSING,
          required: Optional[bool] = None) -> Param:
    """Shorthand for `Param(type, default)`."""
    return Param(type, default, required)


class Params(dict):
    """Decoded parameters, read as `params["name"]` or `params.name`."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError("no rule parameter %r" % name) from None


def _json_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _decode_value(name: str, type: str, value: Any) -> Any:
    def bad(expected: str) -> ParameterError:
        return ParameterError(
            "rule parameter %r must be %s, got %s" %
            (name, expected, json.dumps(value, ensure_ascii=False)))

    if type == "String":
        if isinstance(value, (list, dict)) or value is None:
            raise bad("a string")
        return _json_text(value)
    if type == "Integer":
        if isinstance(value, bool):
            raise bad("an integer")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and _INTEGER.match(value.strip()):
            return int(value.strip())
        raise bad("an integer")
    if type == "Float":
        if isinstance(value, bool):
            raise bad("a number")
        number = None
        if isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, str) and _FLOAT.match(value.strip()):
            number = float(value.strip())
        if number is None or math.isinf(number) or math.isnan(number):
            raise bad("a number")
        return number
    if type == "Boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise bad("true or false")
    # List: AWS passes every parameter as a string, a list comma-separated.
    if isinstance(value, list):
        items = value
    elif isinstance(value, str):
        items = value.split(",")
    else:
        raise bad("a comma-separated list")
    if any(isinstance(i, (list, dict)) or i is None for i in items):
        raise bad("a comma-separated list")
    return [t for t in (_json_text(i).strip() for i in items) if t]


def _spec_entry(name: str, entry: Union[Param, str]) -> Param:
    if isinstance(entry, Param):
        return entry
    if isinstance(entry, str):
        return Param(entry)
    raise TypeError("parameter %r: declare it as a type name or Param, not %r"
                    % (name, entry))


def decode_parameters(raw: Union[str, Mapping[str, Any], None],
                      spec: Optional[Mapping[str, Union[Param, str]]] = None
                      ) -> Params:
    """Decodes an event's `ruleParameters` (a JSON object in a string).

    Without `spec` the values come back as AWS sent them. With one (name ->
    `Param` or type name), each value is decoded by its type: `String` as
    is, `Integer` and `Float` from their decimal text, `Boolean` from
    true/false (any case), `List` from comma-separated text (items trimmed,
    empty items dropped). A missing parameter takes its default; a missing
    required one, a parameter the spec does not declare, or a value that is
    not of its type raise `ParameterError`."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        values: Dict[str, Any] = {}
    elif isinstance(raw, str):
        try:
            values = json.loads(raw)
        except ValueError as e:
            raise ParameterError("ruleParameters is not JSON: %s" % e) from None
    else:
        values = dict(raw)
    if not isinstance(values, dict):
        raise ParameterError("ruleParameters is not a JSON object")
    if spec is None:
        return Params(values)
    declared = {name: _spec_entry(name, entry) for name, entry in spec.items()}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise ParameterError(
            "unknown rule parameter %s (the rule declares %s)" %
            (", ".join(repr(u) for u in unknown),
             ", ".join(repr(d) for d in declared) or "none"))
    params = Params()
    for name, p in declared.items():
        if name in values:
            params[name] = _decode_value(name, p.type, values[name])
        elif p.default is not _MISSING:
            params[name] = _decode_value(name, p.type, p.default)
        elif p.required:
            raise ParameterError("rule parameter %r (%s) is not set" %
                                 (name, p.type))
        else:
            params[name] = None
    return params


# --- Events ------------------------------------------------------------------


def _iso(value: Any) -> Any:
    """AWS's timestamp text (`2024-05-02T10:11:12.000Z`) for a datetime,
    which is how botocore returns the API's timestamps."""
    if not isinstance(value, datetime.datetime):
        return value
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (
        value.microsecond // 1000)


def _json_or_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def normalize_item(item: Mapping[str, Any]) -> Dict[str, Any]:
    """Gives a configuration item from GetResourceConfigHistory or
    BatchGetResourceConfig the shape of the one in a change event, as the
    RDK does: `configuration` and each `supplementaryConfiguration` value
    decoded from JSON, `accountId`/`arn`/`configurationItemMD5Hash`/`version`
    also under the event's names, relationship names under `name`, and
    timestamps as ISO 8601 text. An event's item comes back equal."""
    out = {k: _iso(v) for k, v in item.items()}
    if "configuration" in out:
        out["configuration"] = _json_or_text(out["configuration"])
    if isinstance(out.get("supplementaryConfiguration"), dict):
        out["supplementaryConfiguration"] = {
            k: _json_or_text(v)
            for k, v in out["supplementaryConfiguration"].items()}
    for api, event in (("accountId", "awsAccountId"), ("arn", "ARN"),
                       ("configurationItemMD5Hash", "configurationStateMd5Hash"),
                       ("version", "configurationItemVersion")):
        if api in out and event not in out:
            out[event] = out[api]
    if isinstance(out.get("relationships"), list):
        out["relationships"] = [
            dict(r, name=r.get("name", r.get("relationshipName")))
            for r in out["relationships"]]
    return out


class Event:
    """An AWS Config rule invocation, parsed: `message_type`, `item` (the
    configuration item or, when oversized, its summary), `left_scope`,
    `result_token`, `test_mode`, `account_id`, `notification_time`,
    `raw_parameters` and the whole `invoking_event`."""

    def __init__(self, event: Mapping[str, Any]):
        if not isinstance(event, Mapping):
            raise EventError("the event is not a JSON object")
        try:
            invoking = json.loads(event["invokingEvent"])
        except KeyError:
            raise EventError("the event has no invokingEvent") from None
        except (TypeError, ValueError) as e:
            raise EventError("invokingEvent is not JSON: %s" % e) from None
        if not isinstance(invoking, dict):
            raise EventError("invokingEvent is not a JSON object")
        self.invoking_event = invoking
        self.message_type = invoking.get("messageType")
        token = event.get("resultToken")
        if not isinstance(token, str) or not token:
            raise EventError("the event has no resultToken")
        self.result_token = token
        self.test_mode = token == TEST_MODE_TOKEN
        self.left_scope = event.get("eventLeftScope") is True
        self.raw_parameters = event.get("ruleParameters")
        self.rule_name = event.get("configRuleName")
        self.account_id = event.get("accountId") or invoking.get("awsAccountId")
        self.notification_time = invoking.get("notificationCreationTime")
        if self.message_type == CHANGE:
            key = "configurationItem"
        elif self.message_type == OVERSIZED:
            key = "configurationItemSummary"
        elif self.message_type == SCHEDULED:
            key = None
        else:
            raise EventError("unexpected messageType %r" % (self.message_type,))
        self.item: Optional[Dict[str, Any]] = None
        if key is not None:
            item = invoking.get(key)
            if not isinstance(item, dict) or not item.get("resourceType") \
                    or not item.get("resourceId"):
                raise EventError("%s has no %s with resourceType and resourceId"
                                 % (self.message_type, key))
            self.item = item

    @property
    def scheduled(self) -> bool:
        return self.message_type == SCHEDULED


def parse_event(event: Mapping[str, Any]) -> Event:
    """Parses the event AWS Config invoked the function with; raises
    `EventError` for anything else."""
    return Event(event)


def fetch_item(summary: Mapping[str, Any], *, client=None) -> Dict[str, Any]:
    """The full configuration item of an oversized notification's summary:
    GetResourceConfigHistory's item at the summary's capture time (limit 1),
    as the RDK and rdklib fetch it, normalized to the event's shape."""
    request = {"resourceType": summary["resourceType"],
               "resourceId": summary["resourceId"], "limit": 1}
    if summary.get("configurationItemCaptureTime"):
        request["laterTime"] = summary["configurationItemCaptureTime"]
    got = (client or config_client()).get_resource_config_history(**request)
    items = got.get("configurationItems") or []
    if not items:
        raise EventError("no configuration history for %s %s" %
                         (summary["resourceType"], summary["resourceId"]))
    return normalize_item(items[0])


# --- Evaluations -------------------------------------------------------------


def truncate_annotation(text: Any) -> Optional[str]:
    """An annotation AWS Config accepts: at most 256 characters, counted in
    UTF-16 code units (a character beyond U+FFFF counts twice, the stricter
    count, and the one Node.js uses), cut on a character boundary with a
    trailing ellipsis (…) when longer. None or an empty text give None (the Annotation is left out:
    AWS requires at least one character)."""
    if text is None:
        return None
    text = str(text)
    if not text:
        return None
    if len(text) + sum(1 for c in text if ord(c) > 0xFFFF) <= MAX_ANNOTATION:
        return text
    cut, units = [], 0
    for char in text:
        units += 2 if ord(char) > 0xFFFF else 1
        if units > MAX_ANNOTATION - len(ELLIPSIS):
            break
        cut.append(char)
    return "".join(cut) + ELLIPSIS


def evaluation(item: Mapping[str, Any], compliance_type: str,
               annotation: Any = None, *, timestamp: Any = None
               ) -> Dict[str, Any]:
    """One PutEvaluations entry for a configuration item (anything with
    `resourceType` and `resourceId`). The ordering timestamp defaults to the
    item's capture time; the annotation is cut by `truncate_annotation`."""
    if compliance_type not in VERDICTS:
        raise RuleError("compliance type %r is not one of %s" %
                        (compliance_type, ", ".join(VERDICTS)))
    when = timestamp if timestamp is not None else \
        item.get("configurationItemCaptureTime")
    if when is None:
        raise RuleError("no ordering timestamp for %s %s" %
                        (item.get("resourceType"), item.get("resourceId")))
    result = {"ComplianceResourceType": item["resourceType"],
              "ComplianceResourceId": item["resourceId"],
              "ComplianceType": compliance_type}
    text = truncate_annotation(annotation)
    if text is not None:
        result["Annotation"] = text
    result["OrderingTimestamp"] = _iso(when)
    return result


def put_evaluations(evaluations: Sequence[Mapping[str, Any]],
                    result_token: str, *, client=None) -> int:
    """Sends the evaluations in batches of at most 100, with `TestMode`
    set when the token is AWS's test token. An empty list is still sent
    once: that closes a scheduled run that found nothing. Raises
    `PutEvaluationsError` after all batches when AWS refused any; returns
    the number of calls."""
    client = client or config_client()
    test_mode = result_token == TEST_MODE_TOKEN
    failed: List[Dict[str, Any]] = []
    calls = 0
    for start in range(0, max(len(evaluations), 1), BATCH_SIZE):
        got = client.put_evaluations(
            Evaluations=list(evaluations[start:start + BATCH_SIZE]),
            ResultToken=result_token, TestMode=test_mode)
        calls += 1
        failed += got.get("FailedEvaluations") or []
    if failed:
        raise PutEvaluationsError(failed)
    return calls


def applicability(item: Mapping[str, Any], resource_types: Iterable[str] = (),
                  left_scope: bool = False) -> Optional[str]:
    """Why `item` is NOT_APPLICABLE before the rule looks at it (the
    annotation to report), or None when the rule should evaluate it: the
    event says the resource left the rule's scope, the resource is deleted or
    not recorded, or its type is not one of `resource_types` (when given)."""
    if left_scope:
        return "the resource left the rule's scope"
    status = item.get("configurationItemStatus", "OK")
    if status not in LIVE_STATUSES:
        return "the resource is %s" % {
            "ResourceDeleted": "deleted",
            "ResourceDeletedNotRecorded": "deleted",
            "ResourceNotRecorded": "not recorded"}.get(status, status)
    types = list(resource_types)
    if types and item.get("resourceType") not in types:
        return "the rule does not evaluate %s" % item.get("resourceType")
    return None


def _run_rule(rule_fn: RuleFunction, item: Dict[str, Any], params: Params,
              timestamp: Any = None) -> Dict[str, Any]:
    verdict = rule_fn(item, params)
    annotation = None
    if isinstance(verdict, tuple) and len(verdict) == 2:
        verdict, annotation = verdict
    if verdict not in VERDICTS:
        # A rule that decides nothing must not pass for COMPLIANT.
        raise RuleError("the rule returned %r for %s %s, not one of %s" %
                        (verdict, item.get("resourceType"),
                         item.get("resourceId"), ", ".join(VERDICTS)))
    return evaluation(item, verdict, annotation, timestamp=timestamp)


def _evaluate_item(rule_fn: RuleFunction, item: Dict[str, Any],
                   params: Params, resource_types: Sequence[str],
                   left_scope: bool = False, timestamp: Any = None
                   ) -> Dict[str, Any]:
    reason = applicability(item, resource_types, left_scope)
    if reason is not None:
        return evaluation(item, NOT_APPLICABLE, reason, timestamp=timestamp)
    if isinstance(item.get("configuration"), str):
        item = dict(item, configuration=_json_or_text(item["configuration"]))
    return _run_rule(rule_fn, item, params, timestamp)


def scheduled_items(resource_types: Sequence[str], *, client=None,
                    sleep: Callable[[float], None] = time.sleep
                    ) -> List[Dict[str, Any]]:
    """Every recorded resource of `resource_types`, as normalized
    configuration items: ListDiscoveredResources page by page, then
    BatchGetResourceConfig for at most 100 keys at a time. Unprocessed keys
    are asked for again (with a growing pause while a round returns
    nothing; after 5 such rounds `RuleError`)."""
    client = client or config_client()
    keys: List[Dict[str, str]] = []
    for resource_type in resource_types:
        pages = client.get_paginator("list_discovered_resources")
        for page in pages.paginate(resourceType=resource_type):
            keys += [{"resourceType": r["resourceType"],
                      "resourceId": r["resourceId"]}
                     for r in page.get("resourceIdentifiers", [])]
    items: List[Dict[str, Any]] = []
    idle = 0
    while keys:
        batch, keys = keys[:BATCH_SIZE], keys[BATCH_SIZE:]
        got = client.batch_get_resource_config(resourceKeys=batch)
        found = got.get("baseConfigurationItems") or []
        items += [normalize_item(i) for i in found]
        unprocessed = got.get("unprocessedResourceKeys") or []
        if unprocessed and not found:
            idle += 1
            if idle >= MAX_IDLE_BATCH_ROUNDS:
                raise RuleError("BatchGetResourceConfig left %d key(s) "
                                "unprocessed %d times in a row" %
                                (len(unprocessed), idle))
            sleep(0.1 * 2 ** idle)
        elif found:
            idle = 0
        keys += [{"resourceType": k["resourceType"],
                  "resourceId": k["resourceId"]} for k in unprocessed]
    return items


def account_item(event: Event) -> Dict[str, Any]:
    """The pseudo item a rule without scope evaluates in a scheduled run:
    the account (`AWS::::Account`, id the event's account ID)."""
    if not event.account_id:
        raise EventError("a scheduled event without accountId")
    return {"resourceType": ACCOUNT_RESOURCE_TYPE,
            "resourceId": event.account_id,
            "awsAccountId": event.account_id,
            "configurationItemStatus": "OK",
            "configurationItemCaptureTime": event.notification_time,
            "configuration": {}}


def evaluations_for(event: Union[Event, Mapping[str, Any]],
                    rule_fn: RuleFunction, *,
                    parameters: Optional[Mapping[str, Union[Param, str]]] = None,
                    resource_types: Sequence[str] = (),
                    periodic_types: Optional[Sequence[str]] = None,
                    client=None) -> List[Dict[str, Any]]:
    """The evaluations of one invocation, without sending them: see
    `evaluate`."""
    if not isinstance(event, Event):
        event = parse_event(event)
    # Decoded first: a bad parameter fails before any AWS call.
    params = decode_parameters(event.raw_parameters, parameters)
    resource_types = list(resource_types)
    if event.scheduled:
        types = resource_types if periodic_types is None else list(periodic_types)
        when = event.notification_time
        if not when:
            raise EventError("a scheduled event without notificationCreationTime")
        if not types:
            items = [account_item(event)]
        else:
            items = scheduled_items(types, client=client)
        return [_evaluate_item(rule_fn, i, params, types, timestamp=when)
                for i in items]
    item = event.item
    assert item is not None
    if event.message_type == OVERSIZED and \
            applicability(item, resource_types, event.left_scope) is None:
        item = fetch_item(item, client=client)
    return [_evaluate_item(rule_fn, item, params, resource_types,
                           event.left_scope)]


def evaluate(event: Mapping[str, Any], context: Any, rule_fn: RuleFunction, *,
             parameters: Optional[Mapping[str, Union[Param, str]]] = None,
             resource_types: Sequence[str] = (),
             periodic_types: Optional[Sequence[str]] = None,
             client=None) -> Dict[str, int]:
    """Handles one AWS Config invocation with `rule_fn(item, params)`.

    `rule_fn` gets a configuration item (a dict shaped like the change
    event's `configurationItem`, `configuration` decoded) and the decoded
    parameters, and returns COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE, or a
    (verdict, annotation) pair. Anything else, or an exception, fails the
    invocation: no evaluation is sent, and AWS Config shows the error.

    - change notification: the event's item; oversized: the item fetched
      with GetResourceConfigHistory;
    - scheduled: every recorded resource of `periodic_types` (default:
      `resource_types`), or, with no types, the account itself
      (`AWS::::Account`), each stamped with the notification time;
    - NOT_APPLICABLE without calling `rule_fn` when the event left the
      scope, the resource is deleted or not recorded, or its type is not in
      the types (when given);
    - `parameters` declares the rule parameters (see `decode_parameters`);
      a bad value raises `ParameterError` before any AWS call;
    - evaluations go out in batches of 100 with the event's result token
      (`TestMode` for the token TESTMODE).

    `context` (the Lambda context) is accepted for the handler's signature
    and not used. Returns counts: `evaluations`, `compliant`,
    `non_compliant`, `not_applicable`."""
    parsed = parse_event(event)
    results = evaluations_for(parsed, rule_fn, parameters=parameters,
                              resource_types=resource_types,
                              periodic_types=periodic_types, client=client)
    put_evaluations(results, parsed.result_token, client=client)
    summary = {"evaluations": len(results)}
    for verdict in VERDICTS:
        summary[verdict.lower()] = sum(
            1 for r in results if r["ComplianceType"] == verdict)
    logger.info("%s: %s", parsed.rule_name or "rule", summary)
    return summary


def handler(rule_fn: RuleFunction, **options: Any
            ) -> Callable[[Mapping[str, Any], Any], Dict[str, int]]:
    """A Lambda handler that runs `evaluate(event, context, rule_fn,
    **options)`: `lambda_handler = rulecc_runtime.handler(check, ...)`."""
    def lambda_handler(event: Mapping[str, Any], context: Any) -> Dict[str, int]:
        return evaluate(event, context, rule_fn, **options)
    lambda_handler.__doc__ = rule_fn.__doc__
    return lambda_handler


# --- Rule bodies ---------------------------------------------------------------
# The functions below are what code generated from `rule :name do |item| ...
# end` calls for the operations whose meaning differs from Python's (docs/
# runtime.md). They follow the semantics rulecc's evaluator implements, so a
# body gives the same verdict and annotation everywhere: Ruby's truthiness
# (only None and False are false), Int and Float kept apart (True is not 1),
# nil-safe navigation that projects over lists. `line` is the rule file's
# "file:line" of the construct; an error raises EvaluationError with it.

# Ints stay within the integers a JSON number and a double hold exactly
# (as the evaluator's): +-(2^53 - 1).
MAX_SAFE_INT = 2 ** 53 - 1
MAX_INT_RESULT = MAX_SAFE_INT


class EvaluationError(RuleError):
    """A rule body met a value its operation is not defined on (a list where
    a number was expected, a division by zero, ...). The item is not
    evaluated: the invocation fails, so AWS Config shows the rule in error."""

    def __init__(self, line: str, message: str):
        self.line = line
        self.detail = message
        super().__init__("%s: %s" % (line, message))


class Loose(str):
    """A property name the checker could not resolve (written as in the rule
    file): it matches the key equal after lower-casing and dropping `_`."""
    __slots__ = ()


def _kind(v: Any) -> str:
    if v is None:
        return "nil"
    if isinstance(v, bool):
        return "Bool"
    if isinstance(v, int):
        return "Int"
    if isinstance(v, float):
        return "Float"
    if isinstance(v, str):
        return "String"
    if isinstance(v, list):
        return "List"
    return "Map"


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def json_value(v: Any) -> Any:
    """A JSON value as a body sees it: a number is an Int when integral and
    within +-(2^53 - 1), else a Float (JSON does not keep 2.0 apart from
    2); tuples become lists. Parts that need no change are shared with `v`
    (this runs before every evaluation)."""
    t = type(v)
    if t is dict:
        out = None
        for k, x in v.items():
            y = json_value(x)
            if y is not x:
                if out is None:
                    out = dict(v)
                out[k] = y
        return v if out is None else out
    if t is list:
        out_list = None
        for i, x in enumerate(v):
            y = json_value(x)
            if y is not x:
                if out_list is None:
                    out_list = list(v)
                out_list[i] = y
        return v if out_list is None else out_list
    if t is str or t is bool or v is None:
        return v
    if t is int:
        return v if -MAX_SAFE_INT <= v <= MAX_SAFE_INT else float(v)
    if t is float:
        if v.is_integer() and -MAX_SAFE_INT <= v <= MAX_SAFE_INT:
            return int(v)
        return v
    if isinstance(v, bool):
        return bool(v)
    if isinstance(v, int):
        return json_value(int(v))
    if isinstance(v, float):
        return json_value(float(v))
    if isinstance(v, Mapping):
        return {str(k): json_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [json_value(x) for x in v]
    return v


def truthy(v: Any) -> bool:
    """Ruby's truthiness: only None and False are false."""
    return v is not None and v is not False


def and_(a: Any, b: Callable[[], Any]) -> Any:
    """`a && b`: `a` when it is falsy, else `b()`."""
    return b() if truthy(a) else a


def or_(a: Any, b: Callable[[], Any]) -> Any:
    """`a || b`: `a` when it is truthy, else `b()`."""
    return a if truthy(a) else b()


def verdict(v: Any) -> str:
    """The verdict of a body that ends without a decision: its last value."""
    return COMPLIANT if truthy(v) else NON_COMPLIANT


def _squash(name: str) -> str:
    return name.translate(_ASCII_LOWER).replace("_", "")


def _get(base: Dict[str, Any], key: str) -> Any:
    if key in base:
        return base[key]
    if isinstance(key, Loose):
        want = _squash(key)
        for k in base:
            if isinstance(k, str) and _squash(k) == want:
                return base[k]
    return None


def _step(base: Any, key: str) -> Any:
    if isinstance(base, dict):
        return _get(base, key)
    if isinstance(base, list):
        out: List[Any] = []
        for element in base:
            got = _step(element, key)
            if got is None:
                continue
            if isinstance(got, list):
                out.extend(got)
            else:
                out.append(got)
        return out
    return None


def nav(base: Any, *keys: str) -> Any:
    """`base.a.b`: each key of a map; over a list, each element's (nils
    dropped, list results spliced one level); None on anything else."""
    for key in keys:
        base = _step(base, key)
    return base


def index(base: Any, key: Any, line: str) -> Any:
    """`base[key]`: a list element (negative from the end, None past it), a
    map's value, None for a None base."""
    if base is None:
        return None
    if isinstance(base, list) and isinstance(key, int) and \
            not isinstance(key, bool):
        return base[key] if -len(base) <= key < len(base) else None
    if isinstance(base, dict) and isinstance(key, str):
        return base.get(key)
    raise EvaluationError(line, "cannot index %s with %s" %
                          (_kind(base), _kind(key)))


def eq(a: Any, b: Any) -> bool:
    """Deep equality: Int and Float by value, other kinds never equal."""
    if _is_num(a) and _is_num(b):
        return a == b
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        return False
    if ka == "List":
        return len(a) == len(b) and all(eq(x, y) for x, y in zip(a, b))
    if ka == "Map":
        return a.keys() == b.keys() and all(eq(a[k], b[k]) for k in a)
    return a == b


def _ordered(a: Any, b: Any, op: str, line: str) -> None:
    if (_is_num(a) and _is_num(b)) or (isinstance(a, str) and isinstance(b, str)):
        return
    raise EvaluationError(line, "'%s' needs two numbers or two Strings, not "
                          "%s and %s" % (op, _kind(a), _kind(b)))


def lt(a: Any, b: Any, line: str) -> bool:
    _ordered(a, b, "<", line)
    return a < b


def le(a: Any, b: Any, line: str) -> bool:
    _ordered(a, b, "<=", line)
    return a <= b


def gt(a: Any, b: Any, line: str) -> bool:
    _ordered(a, b, ">", line)
    return a > b


def ge(a: Any, b: Any, line: str) -> bool:
    _ordered(a, b, ">=", line)
    return a >= b


def _int_result(v: int, line: str) -> int:
    if -MAX_INT_RESULT <= v <= MAX_INT_RESULT:
        return v
    raise EvaluationError(line, "Int result out of range (beyond \u00b1(2^53-1))")


def _numbers(a: Any, b: Any, op: str, line: str) -> None:
    if not (_is_num(a) and _is_num(b)):
        raise EvaluationError(line, "'%s' needs two numbers, not %s and %s" %
                              (op, _kind(a), _kind(b)))


def add(a: Any, b: Any, line: str) -> Any:
    """`a + b`: numbers, Strings (joined) or Lists (concatenated)."""
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    if isinstance(a, list) and isinstance(b, list):
        return a + b
    if not (_is_num(a) and _is_num(b)):
        raise EvaluationError(line, "'+' needs two numbers, two Strings or two "
                              "Lists, not %s and %s" % (_kind(a), _kind(b)))
    if isinstance(a, int) and isinstance(b, int):
        return _int_result(a + b, line)
    return float(a) + float(b)


def sub(a: Any, b: Any, line: str) -> Any:
    _numbers(a, b, "-", line)
    if isinstance(a, int) and isinstance(b, int):
        return _int_result(a - b, line)
    return float(a) - float(b)


def mul(a: Any, b: Any, line: str) -> Any:
    _numbers(a, b, "*", line)
    if isinstance(a, int) and isinstance(b, int):
        return _int_result(a * b, line)
    return float(a) * float(b)


def div(a: Any, b: Any, line: str) -> Any:
    """`a / b`: floored for two Ints (as Ruby), else float division."""
    _numbers(a, b, "/", line)
    if b == 0:
        raise EvaluationError(line, "divided by zero")
    if isinstance(a, int) and isinstance(b, int):
        return _int_result(a // b, line)
    return float(a) / float(b)


def mod(a: Any, b: Any, line: str) -> Any:
    """`a % b`: the result has the divisor's sign (as Ruby)."""
    _numbers(a, b, "%", line)
    if b == 0:
        raise EvaluationError(line, "modulo by zero")
    if isinstance(a, int) and isinstance(b, int):
        return a % b
    return float(a) % float(b)


def neg(a: Any, line: str) -> Any:
    if not _is_num(a):
        raise EvaluationError(line, "unary '-' needs a number, not %s" %
                              _kind(a))
    return -a


def to_s(v: Any) -> str:
    """`to_s` and interpolation: None is "", lists and maps compact JSON
    with sorted keys."""
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, str):
        return v
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    return json.dumps(v, separators=(",", ":"), sort_keys=True,
                      ensure_ascii=False)


def annotation(v: Any) -> Optional[str]:
    """An annotation: the value as `to_s` writes it (None for nil)."""
    return None if v is None else to_s(v)


_BLANK = " \t\n\v\f\r"


def present(v: Any) -> bool:
    """`present?`: not nil, false, ASCII-blank text or an empty collection."""
    if v is None or v is False:
        return False
    if isinstance(v, str):
        return v.strip(_BLANK) != ""
    if isinstance(v, (list, dict)):
        return len(v) > 0
    return True


def size(v: Any, line: str, method: str = "size") -> int:
    """`size`/`count`: code points of a String, elements of a List or Map; 0
    for nil."""
    if v is None:
        return 0
    if isinstance(v, (str, list, dict)):
        return len(v)
    raise EvaluationError(line, "'%s' is not defined for %s" % (method, _kind(v)))


def empty(v: Any, line: str) -> bool:
    return size(v, line, "empty?") == 0


def include(v: Any, x: Any, line: str) -> bool:
    """`include?(x)`: list membership, substring, map key; false for nil; a
    number or Bool is compared with x."""
    if v is None:
        return False
    if isinstance(v, list):
        return any(eq(e, x) for e in v)
    if isinstance(v, str):
        if not isinstance(x, str):
            raise EvaluationError(line, "'include?' on a String needs a "
                                  "String, not %s" % _kind(x))
        return x in v
    if isinstance(v, dict):
        return isinstance(x, str) and x in v
    return eq(v, x)


def _text_receiver(v: Any, method: str, line: str) -> bool:
    """Whether to go on with a String method (False for a None receiver)."""
    if v is None:
        return False
    if isinstance(v, str):
        return True
    raise EvaluationError(line, "'%s' is not defined for %s" % (method, _kind(v)))


def _text_argument(x: Any, method: str, line: str) -> None:
    if not isinstance(x, str):
        raise EvaluationError(line, "the argument of '%s' must be a String, "
                              "not %s" % (method, _kind(x)))


def start_with(v: Any, x: Any, line: str) -> Optional[bool]:
    if not _text_receiver(v, "start_with?", line):
        return None
    _text_argument(x, "start_with?", line)
    return v.startswith(x)


def end_with(v: Any, x: Any, line: str) -> Optional[bool]:
    if not _text_receiver(v, "end_with?", line):
        return None
    _text_argument(x, "end_with?", line)
    return v.endswith(x)


_REGEX_CACHE: Dict[str, Any] = {}


def _python_regex(pattern: str) -> Any:
    """The common regex subset in Python's dialect: `$` is the end of the
    whole string (not before a final newline), classes are ASCII."""
    got = _REGEX_CACHE.get(pattern)
    if got is not None:
        return got
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            # A `]` right after `[` or `[^` is a literal member.
            j = i + 1
            if j < len(pattern) and pattern[j] == "^":
                j += 1
            if j < len(pattern) and pattern[j] == "]":
                out.append(pattern[i:j + 1])
                i = j + 1
                continue
        elif c == "$":
            out.append(r"\Z")
            i += 1
            continue
        out.append(c)
        i += 1
    got = re.compile("".join(out), re.ASCII)
    _REGEX_CACHE[pattern] = got
    return got


def match(v: Any, pattern: str, line: str) -> Optional[bool]:
    """`match?("re")`: an unanchored search."""
    if not _text_receiver(v, "match?", line):
        return None
    return _python_regex(pattern).search(v) is not None


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                             "abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz",
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def downcase(v: Any, line: str) -> Optional[str]:
    """`downcase`: ASCII letters only, as Ruby's default."""
    if not _text_receiver(v, "downcase", line):
        return None
    return v.translate(_ASCII_LOWER)


def upcase(v: Any, line: str) -> Optional[str]:
    if not _text_receiver(v, "upcase", line):
        return None
    return v.translate(_ASCII_UPPER)


# Digits may be grouped by single underscores, as in Ruby ("1_000" is 1000).
_TO_I = re.compile(r"[ \t\n\v\f\r]*([+-]?[0-9]+(?:_[0-9]+)*)")


def to_i(v: Any, line: str) -> int:
    """`to_i`: a String's leading integer as Ruby reads it (0 without
    digits), an Int itself, a Float truncated, 0 for nil."""
    if v is None:
        return 0
    if isinstance(v, str):
        m = _TO_I.match(v)
        return (_int_result(int(m.group(1).replace("_", "")), line)
                if m else 0)
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isinf(v) or math.isnan(v):
            raise EvaluationError(line, "Int result out of range "
                                  "(beyond \u00b1(2^53-1))")
        return _int_result(int(v), line)
    raise EvaluationError(line, "'to_i' is not defined for %s" % _kind(v))


def _elements(v: Any) -> List[Any]:
    """What a block method iterates: a list's elements, nothing for nil, a
    single value as a one-element list."""
    if v is None:
        return []
    if isinstance(v, list):
        return v
    return [v]


def block_any(v: Any, fn: Callable[[Any], Any]) -> bool:
    return any(truthy(fn(e)) for e in _elements(v))


def block_all(v: Any, fn: Callable[[Any], Any]) -> bool:
    return all(truthy(fn(e)) for e in _elements(v))


def block_none(v: Any, fn: Callable[[Any], Any]) -> bool:
    return not any(truthy(fn(e)) for e in _elements(v))


def block_count(v: Any, fn: Callable[[Any], Any]) -> int:
    return sum(1 for e in _elements(v) if truthy(fn(e)))


def block_select(v: Any, fn: Callable[[Any], Any]) -> List[Any]:
    return [e for e in _elements(v) if truthy(fn(e))]


def block_reject(v: Any, fn: Callable[[Any], Any]) -> List[Any]:
    return [e for e in _elements(v) if not truthy(fn(e))]


def block_map(v: Any, fn: Callable[[Any], Any]) -> List[Any]:
    return [fn(e) for e in _elements(v)]


_TIMESTAMP = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}))?\Z")


def _epoch_ms(text: Any) -> Optional[int]:
    """Milliseconds since 1970 of an ISO 8601 timestamp (a date alone is
    midnight UTC; fractions past milliseconds are dropped), or None."""
    m = _TIMESTAMP.match(text) if isinstance(text, str) else None
    if not m:
        return None
    y, mo, d, hh, mi, ss, frac, zone = m.groups()
    try:
        when = datetime.datetime(int(y), int(mo), int(d), int(hh or 0),
                                 int(mi or 0), int(ss or 0),
                                 tzinfo=datetime.timezone.utc)
    except ValueError:
        return None
    offset = 0
    if zone and zone != "Z":
        oh, om = int(zone[1:3]), int(zone[4:6])
        if oh > 23 or om > 59:
            return None
        offset = (oh * 60 + om) * (1 if zone[0] == "+" else -1)
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    seconds = (when - epoch) // datetime.timedelta(seconds=1) - offset * 60
    return seconds * 1000 + int((frac or "0")[:3].ljust(3, "0"))


def now() -> str:
    """The evaluation time, `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC; the
    environment variable RULECC_NOW (an ISO timestamp) fixes it."""
    import os
    fixed = os.environ.get("RULECC_NOW")
    if fixed:
        ms = _epoch_ms(fixed)
        if ms is None:
            raise RuleError("RULECC_NOW is not an ISO 8601 timestamp: %r" %
                            fixed)
    else:
        ms = int(time.time() * 1000)
    when = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + \
        datetime.timedelta(milliseconds=ms)
    return _iso(when)


def days_since(v: Any, now_text: str, line: str) -> Optional[int]:
    """`days_since(x)`: whole days from the timestamp x to now, floored."""
    if v is None:
        return None
    then = _epoch_ms(v)
    if not isinstance(v, str):
        raise EvaluationError(line, "days_since needs an ISO 8601 date "
                              "String, not %s" % _kind(v))
    if then is None:
        raise EvaluationError(line, "days_since needs an ISO 8601 date, not "
                              "'%s'" % v)
    return (_epoch_ms(now_text) - then) // 86400000
