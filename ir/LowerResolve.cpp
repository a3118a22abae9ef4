//===- LowerResolve.cpp - Defaults, precedence, names, uniqueness ---------===//
// Runs once every file has been read: a rule's effective settings depend on
// application settings that may be written in any file.

#include "ir/LoweringImpl.h"
#include "ir/Names.h"

#include "llvm/Support/JSON.h"

using namespace llvm;

namespace rulecc::ir::detail {

void Lowerer::resolveApplication() {
  Application &a = *app;
  if (appSettings.project)
    a.project = appSettings.project->value;
  if (appSettings.defaultRuntime)
    a.defaultRuntime = appSettings.defaultRuntime->value;
  if (appSettings.defaultTimeout)
    a.defaultTimeout = appSettings.defaultTimeout->value;
  if (appSettings.defaultMemory)
    a.defaultMemory = appSettings.defaultMemory->value;
  a.tags = mergePairs({&appSettings.tags});
  a.codeBucket = appSettings.codeBucket;

  for (const std::unique_ptr<ClassDraft> &cls : classes) {
    RuleClass &rc = *cls->ruleClass;
    const ClassSettings &s = cls->settings;
    rc.ruleNamespace = s.hasNamespace ? s.ruleNamespace
                                      : std::optional<std::string>(a.project);
    rc.tags = mergePairs({&a.tags, &s.tags});
    if (rc.tags.size() > 50)
      diags.report(cls->nameRange, DiagID::TooManyTags,
                   "the role and stacks of class '" + rc.name + "'",
                   rc.tags.size());
  }
  for (RuleDraft &draft : drafts)
    resolveRule(draft);
  checkDuplicateNames();
}

void Lowerer::resolveRule(RuleDraft &draft) {
  Rule &r = *draft.rule;
  const StringPairs none;
  r.tags = mergePairs({&app->tags, &draft.owner->settings.tags,
                       draft.props.tags ? &*draft.props.tags : &none});
  resolveTrigger(draft);
  if (r.isCustomLambda())
    resolveLambda(draft);
  resolveNames(draft);
  if (r.kind == RuleKind::Body)
    checkBody(draft);
  // Renames input parameters to AWS's spelling, which the size counts.
  if (r.kind == RuleKind::Managed && options.checkManagedRules)
    checkManagedRule(draft);
  checkInputParametersSize(draft);
  checkTagCount(draft);
}

void Lowerer::resolveTrigger(RuleDraft &draft) {
  Rule &r = *draft.rule;
  const RuleProps &p = draft.props;
  bool scoped = !r.scope.empty();
  bool periodic = r.frequency.has_value();
  auto everySpelling = [&]() -> StringRef {
    const RuleProps::Given *g = p.find(Prop::Every);
    return g ? g->call->getName() : "every";
  };

  switch (r.kind) {
  case RuleKind::Policy:
    r.trigger = Trigger::Change;
    break;
  case RuleKind::Managed:
    // AWS fixes a managed rule's trigger types; this records what the
    // user asked for (a frequency, with or without a scope) so a backend
    // emits MaximumExecutionFrequency. The managed-rule catalog checks it.
    r.trigger = !periodic ? Trigger::Change
                : scoped  ? Trigger::Both
                          : Trigger::Periodic;
    break;
  case RuleKind::Handler:
  case RuleKind::Body:
    if (p.trigger) {
      r.trigger = p.trigger->value;
      if (r.trigger != Trigger::Change && !periodic)
        diags.report(p.trigger->range, DiagID::TriggerPeriodicWithoutEvery);
      if (r.trigger == Trigger::Change && periodic)
        diags.report(r.frequencyRange, DiagID::EveryOnChangeTrigger,
                     everySpelling());
      if (r.trigger == Trigger::Periodic && scoped)
        diags.report(r.scope.range, DiagID::ScopeOnPeriodicRule);
    } else {
      r.trigger = periodic && !scoped ? Trigger::Periodic : Trigger::Change;
      if (periodic && scoped)
        diags.report(r.frequencyRange, DiagID::EveryOnChangeTrigger,
                     everySpelling());
    }
    break;
  }
  if (r.evaluationModes.proactive && r.trigger == Trigger::Periodic)
    diags.report(r.evaluationModesRange, DiagID::ProactivePeriodicRule);
}

/// The runtime AWS picks when nothing is written, per language.
static StringRef builtinRuntime(Language l) {
  switch (l) {
  case Language::Python:
    return "python3.12";
  case Language::Node:
    return "nodejs22.x";
  case Language::Ruby:
    return "ruby3.4";
  }
  return "python3.12";
}

std::optional<Located<std::string>> Lowerer::pickRuntime(const RuleDraft &draft,
                                                         Language &language) {
  const Rule &r = *draft.rule;
  bool isBody = r.kind == RuleKind::Body;
  // A body compiles to Python or Node.js; a handler file runs on its own
  // language's runtimes only.
  auto usable = [&](Language l) {
    return isBody ? l != Language::Ruby : l == language;
  };
  if (const auto &rt = draft.props.runtime) {
    std::optional<Language> l = runtimeLanguage(rt->value);
    if (l && !usable(*l))
      diags.report(rt->range, DiagID::RuntimeLanguageMismatch, rt->value,
                   isBody ? std::string("a rule body, which compiles to "
                                        "Python or Node.js")
                          : ("a " + toString(language) + " handler").str());
    else if (l)
      language = *l;
    return *rt;
  }
  // A class or application default in another language is meant for the
  // class's or application's other rules; it is skipped, not an error.
  for (const std::optional<Located<std::string>> *level :
       {&draft.owner->settings.runtime, &appSettings.defaultRuntime}) {
    if (!*level)
      continue;
    std::optional<Language> l = runtimeLanguage((*level)->value);
    if (l && usable(*l)) {
      language = *l;
      return **level;
    }
  }
  return Located<std::string>{builtinRuntime(language).str(), SMRange()};
}

void Lowerer::resolveLambda(RuleDraft &draft) {
  Rule &r = *draft.rule;
  const RuleProps &p = draft.props;
  const ClassSettings &cs = draft.owner->settings;
  LambdaSettings ls;
  Language language = r.language;
  if (std::optional<Located<std::string>> rt = pickRuntime(draft, language)) {
    ls.runtime = rt->value;
    ls.runtimeRange = rt->range;
  }
  r.language = language;
  ls.timeout = p.timeout    ? p.timeout->value
               : cs.timeout ? cs.timeout->value
                            : app->defaultTimeout;
  ls.memory = p.memory    ? p.memory->value
              : cs.memory ? cs.memory->value
                          : app->defaultMemory;
  const StringPairs none;
  ls.environment =
      mergePairs({&cs.environment, p.environment ? &*p.environment : &none});
  ls.iamActions = p.iamActions;
  ls.managedPolicies = p.managedPolicies;
  ls.functionName =
      names::functionName(app->project, r.ruleClass->underscored, r.name);
  ls.handlerFunction =
      language == Language::Node ? "handler" : "lambda_handler";
  // The module is the rule's name: a handler file's, and that of the module
  // generated from a body (<name>.py / <name>.js). Code CloudFormation
  // inlines is written to index.py / index.js, which the backend says.
  ls.handler = r.name + "." + ls.handlerFunction;
  r.lambda = std::move(ls);
}

void Lowerer::resolveNames(RuleDraft &draft) {
  Rule &r = *draft.rule;
  const RuleClass &rc = *r.ruleClass;
  if (draft.props.configRuleName &&
      (maskOf(r.kind) & lookupProperty("config_rule_name")->appliesTo)) {
    r.configRuleName = draft.props.configRuleName->value;
    r.configRuleNameRange = draft.props.configRuleName->range;
  } else {
    std::optional<StringRef> ns;
    if (rc.ruleNamespace)
      ns = *rc.ruleNamespace;
    r.configRuleName = names::configRuleName(ns, rc.underscored, r.name);
  }
  r.logicalIdBase = names::logicalIdBase(rc.name, r.name);
}

void Lowerer::checkInputParametersSize(const RuleDraft &draft) {
  const Rule &r = *draft.rule;
  if (r.inputParameters.empty() && r.params.empty())
    return;
  json::Object object;
  StringMap<SMRange> seen;
  for (const InputParameter &ip : r.inputParameters) {
    object[ip.name] = ip.value.render();
    seen.try_emplace(ip.name, ip.nameRange);
  }
  for (const ParamDecl &pd : r.params) {
    if (auto it = seen.find(pd.name); it != seen.end()) {
      diags.report(pd.range, DiagID::DuplicateKey, pd.name, "param")
          .note(it->second, DiagID::NotePreviousProperty);
      continue;
    }
    if (pd.defaultValue)
      object[pd.name] = pd.defaultValue->render();
  }
  std::string text;
  raw_string_ostream os(text);
  os << json::Value(std::move(object));
  os.flush();
  // AWS counts characters, not bytes.
  size_t length = countChars(text);
  if (length <= 1024)
    return;
  const RuleProps::Given *g = draft.props.find(Prop::InputParameters);
  if (!g)
    g = draft.props.find(Prop::Param);
  diags.report(g ? g->call->getRange() : r.declRange,
               DiagID::InputParametersTooLong, length);
}

/// Every logical ID a backend derives from a rule: the ConfigRule, and for
/// a Lambda rule its function, permission and (when the rule has its own
/// IAM permissions) its own role; a remediation's configuration.
static SmallVector<std::string, 5> ruleLogicalIds(const Rule &r) {
  SmallVector<std::string, 5> ids{r.logicalIdBase + "ConfigRule"};
  if (r.lambda) {
    ids.push_back(r.logicalIdBase + "LambdaFunction");
    ids.push_back(r.logicalIdBase + "Permission");
    if (!r.lambda->iamActions.empty() || !r.lambda->managedPolicies.empty())
      ids.push_back(r.logicalIdBase + "IamRole");
  }
  if (r.remediation)
    ids.push_back(r.logicalIdBase + "RemediationConfiguration");
  return ids;
}

void Lowerer::checkDuplicateNames() {
  StringMap<SMRange> ruleNames, logicalIds, functionNames;
  const ClassDraft *currentClass = nullptr;
  for (const RuleDraft &draft : drafts) {
    if (draft.owner->detached)
      continue;
    // A class's role (for its Lambda rules) shares the logical ID namespace
    // with the resources of every rule: `CheckRule :x_rule` has its own role
    // `CheckRuleXRuleIamRole`, which is class `CheckRuleXRule`'s role too.
    if (draft.owner != currentClass) {
      currentClass = draft.owner;
      const RuleClass &rc = *currentClass->ruleClass;
      if (rc.hasLambdaRules()) {
        auto [it, fresh] =
            logicalIds.try_emplace(rc.roleLogicalId, currentClass->nameRange);
        if (!fresh)
          diags
              .report(currentClass->nameRange, DiagID::DuplicateLogicalId,
                      rc.roleLogicalId)
              .note(it->second, DiagID::NoteFirstDefinedHere);
      }
    }
    const Rule &r = *draft.rule;
    SMRange at =
        r.configRuleNameRange.isValid() ? r.configRuleNameRange : r.nameRange;
    // One clash is enough to explain a rule; a rule declared twice would
    // otherwise also report its logical IDs and function name.
    bool reported = false;
    auto check = [&](StringMap<SMRange> &seen, const std::string &name,
                     SMRange range, DiagID id) {
      auto [it, fresh] = seen.try_emplace(name, range);
      if (fresh || reported)
        return;
      diags.report(range, id, name)
          .note(it->second, DiagID::NoteFirstDefinedHere);
      reported = true;
    };
    check(ruleNames, r.configRuleName, at, DiagID::DuplicateRuleName);
    for (const std::string &id : ruleLogicalIds(r))
      check(logicalIds, id, r.nameRange, DiagID::DuplicateLogicalId);
    if (r.lambda)
      check(functionNames, r.lambda->functionName, r.nameRange,
            DiagID::DuplicateFunctionName);
  }
}

} // namespace rulecc::ir::detail
