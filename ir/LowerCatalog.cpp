//===- LowerCatalog.cpp - Checks against the AWS catalogs -----------------===//
// What AWS itself would reject, or silently ignore, about a managed rule, a
// scope or a runtime, reported where the user wrote it, with a fix-it where
// the catalog knows the right spelling.

#include "ir/Catalog.h"
#include "ir/LoweringImpl.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace rulecc::ir::detail {

/// The source text of a range.
static StringRef textOf(SMRange range) {
  if (!range.isValid())
    return "";
  return StringRef(range.Start.getPointer(),
                   range.End.getPointer() - range.Start.getPointer());
}

/// `name` written the way `written` was: a symbol (`:x`), a label (`x:`), a
/// quoted string, or a bare word, so a fix-it keeps the user's form.
static std::string respell(StringRef written, StringRef name) {
  std::string prefix, suffix;
  if (written.startswith(":"))
    prefix = ":";
  if (written.endswith(":"))
    suffix = ":";
  StringRef inner = written.drop_front(prefix.size()).drop_back(suffix.size());
  if (!inner.empty() && (inner.front() == '"' || inner.front() == '\'')) {
    prefix += inner.front();
    suffix.insert(suffix.begin(), inner.front());
  }
  return prefix + name.str() + suffix;
}

bool checkResourceTypeKnown(DiagnosticEngine &diags, StringRef type,
                            SMRange range) {
  if (catalog::lookupResourceType(type))
    return true;
  std::optional<StringRef> best = catalog::suggestResourceType(type);
  auto d = diags.report(range, DiagID::UnknownResourceType, type,
                        didYouMeanSuffix(best));
  if (best)
    d.fixIt(range, respell(textOf(range), *best));
  return false;
}

bool checkRuntimeKnown(DiagnosticEngine &diags,
                       const Located<std::string> &rt) {
  std::optional<catalog::Runtime> info = catalog::lookupRuntime(rt.value);
  if (!info) {
    diags.report(rt.range, DiagID::UnknownRuntime, rt.value,
                 didYouMeanSuffix(catalog::suggestRuntime(rt.value)));
    return false;
  }
  switch (info->state) {
  case catalog::RuntimeState::Supported:
    return true;
  case catalog::RuntimeState::Deprecated: {
    std::string next =
        info->blockCreateDate.empty()
            ? std::string()
            : formatv("; it blocks creating functions with it from {0}",
                      info->blockCreateDate)
                  .str();
    diags.report(rt.range, DiagID::DeprecatedRuntime, rt.value,
                 info->deprecationDate, next);
    return true;
  }
  case catalog::RuntimeState::Blocked:
    diags.report(rt.range, DiagID::BlockedRuntime, rt.value,
                 info->deprecationDate, info->blockCreateDate);
    return false;
  }
  return true;
}

/// Why `v` is not a value of `type`, or "" when it is. A string is accepted
/// wherever its text has the type's form, since AWS receives every
/// parameter as a string anyway.
static std::string typeMismatch(const Value &v, catalog::ParamType type) {
  auto describe = [&]() -> std::string {
    switch (v.kind) {
    case Value::Nil:
      return "nil";
    case Value::Bool:
      return v.boolValue ? "true" : "false";
    case Value::Int:
    case Value::Float:
      return v.render();
    case Value::String:
      return "\"" + v.stringValue + "\"";
    case Value::Symbol:
      return ":" + v.stringValue;
    case Value::List:
      return "a list";
    case Value::Map:
      return "a hash";
    }
    return "this value";
  };
  auto isScalar = [](const Value &x) {
    return x.kind == Value::String || x.kind == Value::Symbol ||
           x.kind == Value::Int || x.kind == Value::Float ||
           x.kind == Value::Bool;
  };
  StringRef text = StringRef(v.stringValue).trim();
  switch (type) {
  case catalog::ParamType::Int: {
    int64_t n;
    if (v.kind == Value::Int ||
        (v.kind == Value::String && !text.getAsInteger(10, n)))
      return "";
    return describe() + " is not an integer";
  }
  case catalog::ParamType::Double: {
    double d;
    if (v.kind == Value::Int || v.kind == Value::Float ||
        (v.kind == Value::String && !text.getAsDouble(d)))
      return "";
    return describe() + " is not a number";
  }
  case catalog::ParamType::Boolean:
    if (v.kind == Value::Bool ||
        (v.kind == Value::String &&
         (text.equals_insensitive("true") || text.equals_insensitive("false"))))
      return "";
    return describe() + " is not true or false";
  case catalog::ParamType::CSV:
    if (v.kind == Value::String ||
        (v.kind == Value::List && all_of(v.list, isScalar)))
      return "";
    return describe() +
           " is not a list; write an array such as [\"a\", \"b\"] or a "
           "comma-separated string";
  case catalog::ParamType::StringMap:
    if (v.kind == Value::String)
      return "";
    return describe() + " is not a string in AWS's 'key:value,key' form";
  case catalog::ParamType::String:
    // The docs type many comma-separated lists as String: a list of
    // scalars is accepted and rendered with commas.
    if (isScalar(v) || (v.kind == Value::List && all_of(v.list, isScalar)))
      return "";
    return describe() + " is not a string";
  }
  return "";
}

void Lowerer::checkManagedParameters(Rule &r, const catalog::ManagedRule &m) {
  if (!m.parametersKnown())
    return; // no facts: the names stay as written, values unchecked
  StringMap<SMRange> given;
  for (InputParameter &ip : r.inputParameters) {
    std::optional<catalog::Parameter> p = m.findParameter(ip.name);
    if (!p) {
      std::optional<StringRef> best = m.suggestParameter(ip.name);
      std::string tail = didYouMeanSuffix(best);
      if (m.numParameters() == 0)
        tail = "; it takes no parameters";
      auto d = diags.report(ip.nameRange, DiagID::UnknownRuleParameter,
                            m.identifier(), ip.name, tail);
      if (best)
        d.fixIt(ip.nameRange, respell(textOf(ip.nameRange), *best));
      continue;
    }
    if (auto [it, fresh] = given.try_emplace(p->name, ip.nameRange); !fresh) {
      diags
          .report(ip.nameRange, DiagID::DuplicateKey, p->name,
                  "input_parameters")
          .note(it->second, DiagID::NotePreviousProperty);
      continue;
    }
    if (std::string why = typeMismatch(ip.value, p->type); !why.empty())
      diags.report(ip.value.range.isValid() ? ip.value.range : ip.nameRange,
                   DiagID::RuleParameterType, p->name, m.identifier(),
                   catalog::toString(p->type), why);
    // Backends emit AWS's spelling, whatever the user wrote.
    ip.name = p->name.str();
  }
  for (unsigned i = 0; i < m.numParameters(); ++i) {
    catalog::Parameter p = m.parameter(i);
    if (p.required && !given.count(p.name))
      diags.report(r.nameRange, DiagID::MissingRuleParameter, m.identifier(),
                   p.name, catalog::toString(p.type));
  }
}

/// True when the documented resource types say the rule checks the account
/// as a whole (none given, or AWS::::Account only).
static bool evaluatesAccount(const catalog::ManagedRule &m) {
  for (unsigned i = 0; i < m.numResourceTypes(); ++i)
    if (m.resourceType(i) != "AWS::::Account")
      return false;
  return true;
}

void Lowerer::checkManagedScope(const Rule &r, const catalog::ManagedRule &m) {
  if (r.scope.empty())
    return;
  bool periodicOnly =
      m.triggersKnown() && m.isPeriodic() && !m.isChangeTriggered();
  if (periodicOnly && evaluatesAccount(m)) {
    diags.report(r.scope.range, DiagID::ScopeOnPeriodicManagedRule,
                 m.identifier());
    return;
  }
  if (m.numResourceTypes() == 0)
    return;
  std::string documented;
  for (unsigned i = 0; i < m.numResourceTypes(); ++i)
    documented += (i ? ", " : "") + m.resourceType(i).str();
  for (const auto &[type, range] : r.scope.resourceTypes)
    if (!m.evaluates(type))
      diags.report(range, DiagID::ScopeTypeNotEvaluated, m.identifier(), type,
                   documented);
}

void Lowerer::checkManagedRule(RuleDraft &draft) {
  Rule &r = *draft.rule;
  std::optional<catalog::ManagedRule> m =
      catalog::lookupManagedRule(r.sourceIdentifier);
  if (!m) {
    std::optional<StringRef> best =
        catalog::suggestManagedRule(r.sourceIdentifier);
    // Suggest in the form the user wrote: `:lower_case` or "UPPER_CASE".
    StringRef written = textOf(r.nameRange);
    std::string suggestion;
    if (best)
      suggestion = written.startswith(":") ? ":" + best->lower()
                                           : respell(written, *best);
    auto d = diags.report(
        r.nameRange, DiagID::UnknownManagedRule, r.sourceIdentifier,
        didYouMeanSuffix(best ? std::optional<StringRef>(suggestion)
                              : std::nullopt));
    if (best)
      d.fixIt(r.nameRange, suggestion);
    return;
  }
  checkManagedParameters(r, *m);
  checkManagedScope(r, *m);
  if (r.frequency && m->triggersKnown() && !m->isPeriodic())
    diags.report(r.frequencyRange, DiagID::ManagedRuleNotPeriodic,
                 m->identifier());
  if (r.evaluationModes.proactive) {
    // resolveTrigger already reported a rule made periodic by `every`.
    if (m->triggersKnown() && !m->isChangeTriggered()) {
      if (r.trigger != Trigger::Periodic)
        diags.report(r.evaluationModesRange, DiagID::ProactivePeriodicRule);
    } else if (m->supportsProactive() == catalog::Known::No) {
      diags.report(r.evaluationModesRange, DiagID::ProactiveNotSupported,
                   m->identifier());
    }
  }
}

void Lowerer::checkTagCount(const RuleDraft &draft) {
  const Rule &r = *draft.rule;
  constexpr size_t MaxTags = 50;
  // A class over the limit was reported once, at the class.
  if (r.tags.size() <= MaxTags || r.ruleClass->tags.size() > MaxTags)
    return;
  diags.report(r.nameRange, DiagID::TooManyTags,
               "the resources of rule '" + r.name + "'", r.tags.size());
}

} // namespace rulecc::ir::detail
