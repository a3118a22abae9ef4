//===- Extractor.cpp - ConfigRules to rule declarations -------------------===//
// Walks the Resources section in template order. Each ConfigRule becomes a
// Rule (managed or policy, or a commented-out custom rule); what the rule
// language cannot say becomes a warning and a note written above the rule.
//===----------------------------------------------------------------------===//

#include "import/Extractor.h"

#include "ir/Names.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace rulecc::import {

std::optional<TValue> Extractor::resolveProp(const TValue &v, StringRef what,
                                             StringRef owner,
                                             std::vector<std::string> &notes) {
  Resolved r = resolver.resolve(v);
  if (r.kind == Resolved::Value)
    return std::move(r.value);
  if (r.kind == Resolved::Unresolved) {
    diags.report(v.range, DiagID::ImportUnresolvedValue, what, owner, r.reason);
    notes.push_back(
        formatv("{0}: {1} (not imported: {2})", what, flowText(v), r.reason)
            .str());
  }
  return std::nullopt;
}

std::optional<std::string>
Extractor::resolveString(const TValue &v, StringRef what, StringRef owner,
                         std::vector<std::string> &notes) {
  std::optional<TValue> r = resolveProp(v, what, owner, notes);
  if (!r)
    return std::nullopt;
  if (r->isScalar())
    return r->text;
  unsupported(v.range, (what + " (not a string)").str(), owner, &v, notes);
  return std::nullopt;
}

void Extractor::unsupported(SMRange at, StringRef what, StringRef owner,
                            const TValue *value,
                            std::vector<std::string> &notes) {
  diags.report(at, DiagID::ImportUnsupportedProperty, what, owner);
  if (value)
    notes.push_back(
        formatv("{0}: {1} (not imported)", what, flowText(*value)).str());
  else
    notes.push_back(formatv("{0} (not imported)", what).str());
}

void Extractor::run() {
  const TValue *resources = root.get("Resources");
  for (size_t i = 0; i < resources->items.size(); ++i)
    extractResource(resources->keys[i], resources->keyRanges[i],
                    resources->items[i]);
  // Remediations name their rule, which may come later in the template.
  for (size_t i = 0; i < resources->items.size(); ++i) {
    const TValue &res = resources->items[i];
    const TValue *type = res.get("Type");
    if (type && type->isScalar() &&
        type->text == "AWS::Config::RemediationConfiguration")
      extractRemediation(resources->keys[i], resources->keyRanges[i], res);
  }
  assignClasses();
}

bool Extractor::checkCondition(StringRef logicalId, SMRange idRange,
                               const TValue &resource,
                               std::vector<std::string> &notes) {
  const TValue *cond = resource.get("Condition");
  if (!cond)
    return true;
  if (!cond->isScalar()) {
    unsupported(cond->range, "Condition", logicalId, cond, notes);
    return false;
  }
  ConditionValue c = resolver.condition(cond->text, cond->range);
  if (!c.value) {
    diags.report(cond->range, DiagID::ImportUnresolvedCondition, cond->text,
                 logicalId, c.reason);
    notes.push_back(formatv("Not imported: condition '{0}' cannot be "
                            "resolved: {1}.",
                            cond->text, c.reason)
                        .str());
    return false;
  }
  if (!*c.value) {
    diags.report(idRange, DiagID::ImportRuleNotCreated, logicalId, cond->text);
    notes.push_back(formatv("Not created with the template's parameter "
                            "values: condition '{0}' is false.",
                            cond->text)
                        .str());
    return false;
  }
  return true;
}

void Extractor::extractResource(StringRef logicalId, SMRange idRange,
                                const TValue &resource) {
  const TValue *type = resource.get("Type");
  StringRef typeName = type && type->isScalar() ? StringRef(type->text) : "";
  if (typeName == "AWS::Config::RemediationConfiguration")
    return; // attached to its rule by run()
  if (typeName != "AWS::Config::ConfigRule") {
    diags.report(idRange, DiagID::ImportUnsupportedResource, logicalId,
                 typeName.empty() ? "(none)" : typeName);
    Item item;
    item.comment.push_back(
        formatv("{0}: {1} (not imported: the rule language has no "
                "equivalent)",
                logicalId, typeName.empty() ? "(no Type)" : typeName)
            .str());
    app.items.push_back(std::move(item));
    return;
  }

  Rule r;
  r.logicalId = logicalId.str();
  if (!checkCondition(logicalId, idRange, resource, r.notes))
    r.commentedOut = true;
  for (size_t i = 0; i < resource.keys.size(); ++i) {
    StringRef key = resource.keys[i];
    const TValue &v = resource.items[i];
    if (key == "Type" || key == "Properties" || key == "Condition" ||
        key == "DependsOn")
      continue; // DependsOn orders creation; rulecc orders its own output
    if (key == "Metadata" || key == "Controls" || key == "Description") {
      // Documentation only: kept, as a comment.
      r.notes.push_back((key + ": " + flowText(v)).str());
      continue;
    }
    unsupported(resource.keyRanges[i], ("attribute " + key).str(), logicalId,
                &v, r.notes);
  }
  const TValue *props = resource.get("Properties");
  if (!props || !props->isMapping()) {
    diags.report(idRange, DiagID::ImportUnsupportedResource, logicalId,
                 "AWS::Config::ConfigRule without Properties");
    Item item;
    item.comment.push_back(
        (logicalId + ": a ConfigRule without Properties (not imported)").str());
    app.items.push_back(std::move(item));
    return;
  }
  extractConfigRule(logicalId, *props, r);
  ruleByLogicalId[logicalId] = app.items.size();
  Item item;
  item.rule = std::move(r);
  app.items.push_back(std::move(item));
}

void Extractor::extractConfigRule(StringRef logicalId, const TValue &props,
                                  Rule &r) {
  const TValue *source = props.get("Source");
  if (source)
    extractSource(*source, props.keyRange("Source"), r);
  else {
    unsupported(props.range, "a ConfigRule without Source", logicalId, nullptr,
                r.notes);
    r.kind = Rule::Custom;
    r.commentedOut = true;
  }
  if (r.kind != Rule::Managed) {
    r.name = ir::names::underscore(logicalId);
    if (r.name.empty() || !isAlpha(r.name[0]))
      r.name = "rule_" + r.name;
  }

  for (size_t i = 0; i < props.keys.size(); ++i) {
    StringRef key = props.keys[i];
    const TValue &v = props.items[i];
    if (key == "Source")
      continue;
    if (key == "ConfigRuleName") {
      r.configRuleName = resolveString(v, key, logicalId, r.notes);
    } else if (key == "Description") {
      r.description = resolveString(v, key, logicalId, r.notes);
    } else if (key == "Scope") {
      if (std::optional<TValue> scope = resolveProp(v, key, logicalId, r.notes))
        extractScope(*scope, r);
    } else if (key == "InputParameters") {
      if (r.kind == Rule::Policy)
        unsupported(props.keyRanges[i], "InputParameters of a policy rule",
                    logicalId, &v, r.notes);
      else
        extractInputParameters(v, r);
    } else if (key == "MaximumExecutionFrequency") {
      if (std::optional<std::string> f =
              resolveString(v, key, logicalId, r.notes))
        extractFrequency(TValue::scalar(*f, v.range), props.keyRanges[i], r);
    } else if (key == "EvaluationModes") {
      if (std::optional<TValue> m = resolveProp(v, key, logicalId, r.notes))
        extractEvaluationModes(*m, props.keyRanges[i], r);
    } else {
      unsupported(props.keyRanges[i], key, logicalId, &v, r.notes);
    }
  }
}

void Extractor::extractSource(const TValue &source, SMRange at, Rule &r) {
  std::optional<std::string> owner;
  if (const TValue *o = source.get("Owner"))
    owner = resolveString(*o, "Source.Owner", r.logicalId, r.notes);
  if (owner && *owner == "AWS") {
    r.kind = Rule::Managed;
    const TValue *id = source.get("SourceIdentifier");
    std::optional<std::string> ident =
        id ? resolveString(*id, "Source.SourceIdentifier", r.logicalId, r.notes)
           : std::nullopt;
    bool ok = ident && !ident->empty() && all_of(*ident, [](char c) {
                return (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
              });
    if (!ok) {
      if (ident || !id)
        unsupported(id ? id->range : at,
                    "a managed rule identifier that is not upper-case "
                    "letters, digits and '_'",
                    r.logicalId, id, r.notes);
      r.kind = Rule::Custom;
      r.commentedOut = true;
      return;
    }
    r.identifier = *ident;
    r.name = StringRef(*ident).lower();
    if (const TValue *details = source.get("SourceDetails"))
      unsupported(source.keyRange("SourceDetails"),
                  "Source.SourceDetails of a managed rule (AWS fixes its "
                  "triggers)",
                  r.logicalId, details, r.notes);
    return;
  }
  if (owner && *owner == "CUSTOM_POLICY") {
    r.kind = Rule::Policy;
    const TValue *details = source.get("CustomPolicyDetails");
    const TValue *text = details ? details->get("PolicyText") : nullptr;
    std::optional<std::string> policy =
        text ? resolveString(*text, "CustomPolicyDetails.PolicyText",
                             r.logicalId, r.notes)
             : std::nullopt;
    if (!policy) {
      if (!text)
        unsupported(at, "a CUSTOM_POLICY rule without PolicyText", r.logicalId,
                    nullptr, r.notes);
      r.kind = Rule::Custom;
      r.commentedOut = true;
      return;
    }
    r.policyText = *policy;
    if (const TValue *debug = details->get("EnableDebugLogDelivery"))
      if (std::optional<std::string> d = resolveString(
              *debug, "EnableDebugLogDelivery", r.logicalId, r.notes))
        r.debugLogDelivery = StringRef(*d).equals_insensitive("true");
    if (const TValue *rt = details->get("PolicyRuntime"))
      if (!rt->isScalar() || !StringRef(rt->text).startswith("guard-2."))
        unsupported(details->keyRange("PolicyRuntime"),
                    "a PolicyRuntime other than guard-2.x.x", r.logicalId, rt,
                    r.notes);
    return;
  }
  r.kind = Rule::Custom;
  r.commentedOut = true;
  if (owner && *owner == "CUSTOM_LAMBDA") {
    diags.report(at, DiagID::ImportCustomLambdaRule, r.logicalId);
    std::string fn = "(missing)";
    if (const TValue *id = source.get("SourceIdentifier"))
      fn = flowText(*id);
    r.notes.push_back(formatv("A CUSTOM_LAMBDA rule: its function ({0}) is "
                              "not part of the template. Write its code as "
                              "a python/node/ruby handler file and "
                              "uncomment the rule.",
                              fn)
                          .str());
    extractCustomTriggers(source, r);
    return;
  }
  if (owner)
    unsupported(at, formatv("Source.Owner '{0}'", *owner).str(), r.logicalId,
                nullptr, r.notes);
}

void Extractor::extractCustomTriggers(const TValue &source, Rule &r) {
  const TValue *details = source.get("SourceDetails");
  if (!details)
    return;
  std::optional<TValue> d =
      resolveProp(*details, "Source.SourceDetails", r.logicalId, r.notes);
  if (!d || !d->isSequence())
    return;
  bool change = false, periodic = false;
  for (const TValue &detail : d->items) {
    const TValue *type = detail.get("MessageType");
    if (!type || !type->isScalar())
      continue;
    if (type->text == "ScheduledNotification") {
      periodic = true;
      if (const TValue *f = detail.get("MaximumExecutionFrequency"))
        extractFrequency(*f, f->range, r);
    } else {
      change = true;
    }
  }
  if (periodic)
    r.trigger = change ? "both" : "periodic";
}

void Extractor::extractFrequency(const TValue &v, SMRange at, Rule &r) {
  static const std::pair<StringRef, StringRef> frequencies[] = {
      {"One_Hour", "one_hour"},
      {"Three_Hours", "three_hours"},
      {"Six_Hours", "six_hours"},
      {"Twelve_Hours", "twelve_hours"},
      {"TwentyFour_Hours", "twenty_four_hours"}};
  if (v.isScalar())
    for (const auto &[aws, symbol] : frequencies)
      if (v.text == aws) {
        r.frequency = symbol.str();
        return;
      }
  unsupported(at, "MaximumExecutionFrequency (not an AWS Config frequency)",
              r.logicalId, &v, r.notes);
}

void Extractor::extractEvaluationModes(const TValue &v, SMRange at, Rule &r) {
  bool detective = false, proactive = false, ok = v.isSequence();
  if (ok)
    for (const TValue &m : v.items) {
      const TValue *mode = m.get("Mode");
      if (mode && mode->isScalar() && mode->text == "DETECTIVE")
        detective = true;
      else if (mode && mode->isScalar() && mode->text == "PROACTIVE")
        proactive = true;
      else
        ok = false;
    }
  if (!ok || (!detective && !proactive)) {
    unsupported(at, "EvaluationModes", r.logicalId, &v, r.notes);
    return;
  }
  if (proactive)
    r.evaluationMode = detective ? "both" : "proactive";
}

void Extractor::extractScope(const TValue &scope, Rule &r) {
  if (!scope.isMapping()) {
    unsupported(scope.range, "Scope (not a mapping)", r.logicalId, &scope,
                r.notes);
    return;
  }
  for (size_t i = 0; i < scope.keys.size(); ++i) {
    StringRef key = scope.keys[i];
    const TValue &v = scope.items[i];
    if (key == "ComplianceResourceTypes" && v.isSequence() &&
        all_of(v.items, [](const TValue &t) { return t.isScalar(); })) {
      for (const TValue &t : v.items)
        r.resourceTypes.push_back(t.text);
    } else if (key == "ComplianceResourceTypes" && v.isScalar()) {
      r.resourceTypes.push_back(v.text);
    } else if (key == "TagKey" && v.isScalar()) {
      r.tagKey = v.text;
    } else if (key == "TagValue" && v.isScalar()) {
      r.tagValue = v.text;
    } else if (key == "ComplianceResourceId" && v.isScalar()) {
      r.resourceId = v.text;
    } else {
      unsupported(scope.keyRanges[i], ("Scope." + key).str(), r.logicalId, &v,
                  r.notes);
    }
  }
  // The combinations AWS Config accepts and the rule language can say.
  if (r.tagKey && !r.resourceTypes.empty()) {
    unsupported(scope.keyRange("TagKey"),
                "Scope.TagKey together with ComplianceResourceTypes",
                r.logicalId, nullptr, r.notes);
    r.tagKey.reset();
    r.tagValue.reset();
  }
  if (r.tagValue && !r.tagKey) {
    unsupported(scope.keyRange("TagValue"), "Scope.TagValue without TagKey",
                r.logicalId, nullptr, r.notes);
    r.tagValue.reset();
  }
  if (r.resourceId && r.resourceTypes.size() != 1) {
    unsupported(scope.keyRange("ComplianceResourceId"),
                "Scope.ComplianceResourceId without exactly one resource type",
                r.logicalId, nullptr, r.notes);
    r.resourceId.reset();
  }
}

void Extractor::assignClasses() {
  // The logical IDs rulecc generates are <Class><CamelName>: a second rule
  // with the same camelized name goes to the next class.
  StringMap<unsigned> uses;
  for (Item &item : app.items) {
    if (!item.rule)
      continue;
    unsigned &n = uses[ir::names::camelize(item.rule->name)];
    item.rule->classIndex = n++;
    app.numClasses = std::max(app.numClasses, n);
  }
}

} // namespace rulecc::import
