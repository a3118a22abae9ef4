//===- ExtractValues.cpp - Input parameters and remediations --------------===//
// InputParameters become typed literals (the managed-rule catalog says which
// parameter is an int, a boolean or a CSV list); RemediationConfigurations
// become the `remediate` property of the rule they name.
//===----------------------------------------------------------------------===//

#include "import/Extractor.h"

#include "frontend/DumpText.h"
#include "ir/Catalog.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace llvm;

namespace rulecc::import {

StringRef catalogParameterType(StringRef identifier, StringRef name) {
  std::optional<catalog::ManagedRule> rule =
      catalog::lookupManagedRule(identifier);
  if (!rule)
    return "";
  std::optional<catalog::Parameter> p = rule->findParameter(name);
  return p ? catalog::toString(p->type) : "";
}

namespace {
/// A decimal integer as the rule language writes it (no sign, leading zero
/// or `_` that would change its rendering), fitting in 64 bits.
bool isCanonicalInteger(StringRef s) {
  StringRef digits = s;
  digits.consume_front("-");
  if (digits.empty() || !all_of(digits, isDigit) ||
      (digits.size() > 1 && digits[0] == '0') || s == "-0")
    return false;
  int64_t v;
  return !s.getAsInteger(10, v);
}

/// A float whose rendering in InputParameters is the same text.
bool isCanonicalFloat(StringRef s) {
  double d;
  if (s.getAsDouble(d) || s.contains_insensitive("e") ||
      s.contains_insensitive("n") || !s.contains('.'))
    return false;
  return formatShortestDouble(d) == s;
}

/// How YAML (1.1, as CloudFormation reads it) types a plain scalar.
Literal plainLiteral(const TValue &v) {
  StringRef t(v.text);
  if (v.plain && isCanonicalInteger(t))
    return {Literal::Integer, v.text, {}};
  if (v.plain && (t == "true" || t == "false"))
    return {Literal::Boolean, v.text, {}};
  if (v.plain && (t == "True" || t == "TRUE" || t == "False" || t == "FALSE"))
    return {Literal::Boolean, t.lower(), {}};
  return Literal::string(v.text);
}

Literal csvLiteral(StringRef text) {
  Literal l;
  l.kind = Literal::StringList;
  if (text.empty())
    return l;
  SmallVector<StringRef, 8> parts;
  text.split(parts, ',');
  for (StringRef p : parts)
    l.items.push_back(p.str());
  return l;
}
} // namespace

bool Extractor::typedParameter(StringRef name, const TValue &v, Rule &r,
                               Literal &out) {
  std::string what = ("InputParameters." + name).str();
  if (v.kind == TValue::Null) {
    out = Literal::string("");
    return true;
  }
  StringRef type =
      r.kind == Rule::Managed ? catalogParameterType(r.identifier, name) : "";
  if (v.isSequence()) {
    if (!all_of(v.items, [](const TValue &i) { return i.isScalar(); })) {
      unsupported(v.range, what, r.logicalId, &v, r.notes);
      return false;
    }
    out = Literal();
    out.kind = Literal::StringList;
    for (const TValue &i : v.items)
      out.items.push_back(i.text);
    return true;
  }
  if (!v.isScalar()) {
    unsupported(v.range, what + " (a nested object)", r.logicalId, &v, r.notes);
    return false;
  }
  // CloudFormation reads an unquoted True/FALSE as a YAML boolean and
  // passes it on as "true"/"false", whatever the parameter's type.
  std::string cfnText = v.text;
  if (v.plain && plainLiteral(v).kind == Literal::Boolean)
    cfnText = StringRef(v.text).lower();
  StringRef text(cfnText);
  auto mismatch = [&](StringRef typeName) {
    diags.report(v.range, DiagID::ImportParameterType, text, name, typeName,
                 r.identifier);
    r.notes.push_back(formatv("InputParameters.{0}: '{1}' is not a valid {2}",
                              name, text, typeName)
                          .str());
    out = Literal::string(cfnText);
    return true;
  };
  if (type == "int") {
    if (!isCanonicalInteger(text))
      return mismatch(type);
    out = {Literal::Integer, v.text, {}};
    return true;
  }
  if (type == "double") {
    if (isCanonicalInteger(text))
      out = {Literal::Integer, v.text, {}};
    else if (isCanonicalFloat(text))
      out = {Literal::Float, v.text, {}};
    else
      return mismatch(type);
    return true;
  }
  if (type == "boolean") {
    // AWS reads booleans regardless of case ("True" in AWS's own packs).
    if (!text.equals_insensitive("true") && !text.equals_insensitive("false"))
      return mismatch(type);
    out = {Literal::Boolean, text.lower(), {}};
    return true;
  }
  if (type == "CSV") {
    out = csvLiteral(text);
    return true;
  }
  if (type == "String" || type == "StringMap") {
    out = Literal::string(cfnText);
    return true;
  }
  out = plainLiteral(v);
  return true;
}

void Extractor::extractInputParameters(const TValue &params, Rule &r) {
  // The mapping is resolved entry by entry, so that one unresolvable value
  // does not lose the others.
  std::optional<TValue> resolvedWhole;
  const TValue *map = &params;
  if (params.intrinsic() || !params.isMapping()) {
    resolvedWhole =
        resolveProp(params, "InputParameters", r.logicalId, r.notes);
    if (!resolvedWhole)
      return;
    map = &*resolvedWhole;
  }
  if (map->isScalar()) {
    // A JSON object written as a string, as the API takes it.
    Expected<json::Value> parsed = json::parse(map->text);
    const json::Object *obj = parsed ? parsed->getAsObject() : nullptr;
    if (!obj) {
      if (!parsed)
        consumeError(parsed.takeError());
      unsupported(params.range, "InputParameters (not a JSON object)",
                  r.logicalId, map, r.notes);
      return;
    }
    TValue m;
    m.kind = TValue::Mapping;
    std::vector<std::string> keys;
    for (const auto &kv : *obj)
      keys.push_back(kv.first.str());
    llvm::sort(keys);
    for (const std::string &k : keys) {
      const json::Value &jv = *obj->get(k);
      std::string text;
      if (Optional<StringRef> s = jv.getAsString())
        text = s->str();
      else
        text = formatv("{0}", jv).str();
      m.keys.push_back(k);
      m.keyRanges.push_back(params.range);
      m.items.push_back(TValue::scalar(text, params.range));
    }
    resolvedWhole = std::move(m);
    map = &*resolvedWhole;
  }
  if (!map->isMapping()) {
    unsupported(params.range, "InputParameters (not a mapping)", r.logicalId,
                map, r.notes);
    return;
  }
  for (size_t i = 0; i < map->keys.size(); ++i) {
    StringRef name = map->keys[i];
    std::optional<TValue> v = resolveProp(
        map->items[i], ("InputParameters." + name).str(), r.logicalId, r.notes);
    if (!v)
      continue; // AWS::NoValue, or reported
    Literal lit;
    if (typedParameter(name, *v, r, lit))
      r.inputParameters.emplace_back(name.str(), std::move(lit));
  }
}

void Extractor::fillParameters(const TValue &params, StringRef id,
                               Remediation &rem,
                               std::vector<std::string> &notes) {
  for (size_t j = 0; j < params.keys.size(); ++j) {
    const TValue &p = params.items[j];
    const TValue *res = p.get("ResourceValue");
    const TValue *stat = p.get("StaticValue");
    const TValue *values = stat ? stat->get("Values") : nullptr;
    Literal lit;
    if (res && res->get("Value") && res->get("Value")->isScalar() &&
        res->get("Value")->text == "RESOURCE_ID" && p.keys.size() == 1) {
      lit.kind = Literal::ResourceId;
    } else if (values && values->isSequence() && p.keys.size() == 1 &&
               !values->items.empty() &&
               all_of(values->items,
                      [](const TValue &x) { return x.isScalar(); })) {
      if (values->items.size() == 1) {
        lit = Literal::string(values->items[0].text);
      } else {
        lit.kind = Literal::StringList;
        for (const TValue &x : values->items)
          lit.items.push_back(x.text);
      }
    } else {
      unsupported(params.keyRanges[j], "Parameters." + params.keys[j], id, &p,
                  notes);
      continue;
    }
    rem.parameters.emplace_back(params.keys[j], std::move(lit));
  }
}

bool Extractor::fillRemediation(const TValue &props, const Rule &owner,
                                Remediation &rem,
                                std::vector<std::string> &notes) {
  StringRef id = rem.logicalId;
  bool ok = true;
  for (size_t i = 0; i < props.keys.size(); ++i) {
    StringRef key = props.keys[i];
    const TValue &raw = props.items[i];
    if (key == "ConfigRuleName")
      continue;
    // Parameters are resolved one by one, so that one unresolvable value
    // does not lose the others.
    if (key == "Parameters" && raw.isMapping() && !raw.intrinsic()) {
      TValue resolved = raw;
      resolved.keys.clear();
      resolved.keyRanges.clear();
      resolved.items.clear();
      for (size_t j = 0; j < raw.keys.size(); ++j)
        if (std::optional<TValue> p = resolveProp(
                raw.items[j], "Parameters." + raw.keys[j], id, notes)) {
          resolved.keys.push_back(raw.keys[j]);
          resolved.keyRanges.push_back(raw.keyRanges[j]);
          resolved.items.push_back(std::move(*p));
        }
      fillParameters(resolved, id, rem, notes);
      continue;
    }
    std::optional<TValue> v = resolveProp(raw, key, id, notes);
    if (!v)
      continue;
    StringRef text = v->isScalar() ? StringRef(v->text) : "";
    if (key == "TargetId" && v->isScalar()) {
      rem.targetId = v->text;
    } else if (key == "TargetType" && text == "SSM_DOCUMENT") {
      // the only target type there is
    } else if (key == "TargetVersion" && v->isScalar()) {
      rem.targetVersion = v->text;
    } else if (key == "Automatic" && (text.equals_insensitive("true") ||
                                      text.equals_insensitive("false"))) {
      rem.automatic = text.equals_insensitive("true");
    } else if (key == "MaximumAutomaticAttempts" && isCanonicalInteger(text)) {
      rem.maximumAutomaticAttempts = text.str();
    } else if (key == "RetryAttemptSeconds" && isCanonicalInteger(text)) {
      rem.retryAttemptSeconds = text.str();
    } else if (key == "ResourceType" && v->isScalar() &&
               owner.resourceTypes.size() == 1 &&
               owner.resourceTypes[0] == text) {
      // rulecc writes the scope's only type here
    } else if (key == "Parameters" && v->isMapping()) {
      fillParameters(*v, id, rem, notes);
    } else {
      unsupported(props.keyRanges[i], key, id, &raw, notes);
    }
  }
  if (rem.targetId.empty()) {
    unsupported(props.range, "a remediation without TargetId", id, nullptr,
                notes);
    ok = false;
  }
  return ok;
}

void Extractor::extractRemediation(StringRef logicalId, SMRange idRange,
                                   const TValue &resource) {
  std::vector<std::string> notes;
  const TValue *props = resource.get("Properties");
  const TValue *ruleRef = props ? props->get("ConfigRuleName") : nullptr;
  // Ref to a ConfigRule resource is its ConfigRuleName.
  Rule *owner = nullptr;
  std::string ruleName = "(none)";
  if (ruleRef && ruleRef->intrinsic() == StringRef("Ref") &&
      ruleRef->items[0].isScalar()) {
    ruleName = ruleRef->items[0].text;
    auto it = ruleByLogicalId.find(ruleName);
    if (it != ruleByLogicalId.end())
      owner = &*app.items[it->second].rule;
  } else if (ruleRef) {
    if (std::optional<std::string> name =
            resolveString(*ruleRef, "ConfigRuleName", logicalId, notes)) {
      ruleName = *name;
      for (Item &item : app.items)
        if (item.rule && item.rule->configRuleName == *name)
          owner = &*item.rule;
    }
  }
  bool created = checkCondition(logicalId, idRange, resource, notes);
  Remediation rem;
  rem.logicalId = logicalId.str();
  bool ok = props && props->isMapping() && owner &&
            fillRemediation(*props, *owner, rem, notes);
  if (owner && owner->remediation) {
    unsupported(idRange, "a second remediation of one rule", logicalId, nullptr,
                notes);
    ok = false;
  }
  if (!owner)
    diags.report(idRange, DiagID::ImportOrphanRemediation, logicalId, ruleName);
  if (!ok || !created || !owner) {
    Item item;
    item.comment.push_back(
        formatv("{0}: an AWS::Config::RemediationConfiguration of '{1}' "
                "(not imported)",
                logicalId, ruleName)
            .str());
    for (std::string &n : notes)
      item.comment.push_back("  " + n);
    app.items.push_back(std::move(item));
    return;
  }
  for (std::string &n : notes)
    owner->notes.push_back(logicalId.str() + ": " + n);
  owner->remediation = std::move(rem);
}

} // namespace rulecc::import
