//===- LowerProperties.cpp - Parsing rule properties ----------------------===//
// Each property call is parsed where it is written (so its argument errors
// come in source order) into the pending RuleProps of the next declaration.

#include "ir/Catalog.h"
#include "ir/LoweringImpl.h"
#include "ir/Names.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Regex.h"

using namespace llvm;

namespace rulecc::ir::detail {

void Lowerer::lowerProperty(RuleProps &props, const PropertyInfo &info,
                            const ast::CallNode &call) {
  switch (info.prop) {
  case Prop::Description:
    if (auto s = args.string(call, "a string")) {
      if (size_t n = countChars(s->value); n > 256)
        diags.report(s->range, DiagID::DescriptionTooLong, n);
      else
        props.description = std::move(*s);
    }
    return;
  case Prop::Scope:
    return lowerScope(props, call);
  case Prop::InputParameters:
    return lowerInputParameters(props, call);
  case Prop::Param:
    return lowerParam(props, call);
  case Prop::Every:
    return lowerFrequency(props, call);
  case Prop::Trigger:
    return lowerTrigger(props, call);
  case Prop::EvaluationMode:
    return lowerEvaluationMode(props, call);
  case Prop::ConfigRuleName:
    if (auto s = args.string(call, "a string")) {
      if (StringRef(s->value).trim().empty())
        diags.report(s->range, DiagID::InvalidIdentifier, "ConfigRuleName",
                     s->value, "it must contain a non-space character");
      else if (size_t n = countChars(s->value); n > names::MaxConfigRuleName)
        diags.report(s->range, DiagID::NameTooLong, "ConfigRuleName", s->value,
                     n, names::MaxConfigRuleName);
      else
        props.configRuleName = std::move(*s);
    }
    return;
  case Prop::Tags:
    if (auto tags = lowerTags(args, call))
      props.tags = std::move(*tags);
    return;
  case Prop::Remediate:
    return lowerRemediate(props, call);
  case Prop::Timeout:
    if (auto t = args.integer(call, "an integer number of seconds"))
      if (checkTimeout(diags, *t))
        props.timeout = *t;
    return;
  case Prop::Memory:
    if (auto m = args.integer(call, "an integer number of megabytes"))
      if (checkMemory(diags, *m))
        props.memory = *m;
    return;
  case Prop::Runtime:
    if (auto rt = args.string(call, "a runtime name such as \"python3.12\""))
      if (checkRuntime(diags, *rt))
        props.runtime = std::move(*rt);
    return;
  case Prop::Environment:
    if (auto env = lowerEnvironment(args, call))
      props.environment = std::move(*env);
    return;
  case Prop::IamPolicy:
    if (auto actions = lowerIamActions(args, call))
      props.iamActions = std::move(*actions);
    return;
  case Prop::ManagedIamPolicy:
    if (auto policies = lowerManagedPolicies(args, call))
      props.managedPolicies = std::move(*policies);
    return;
  case Prop::DebugLogDelivery:
    if (auto b = args.boolean(call, "true or false"))
      props.debugLogDelivery = b->value;
    return;
  }
}

static bool isResourceTypeSyntax(StringRef type) {
  // `AWS::::Account` (an empty service) is what AWS writes for account-level
  // rules.
  static const Regex valid("^[A-Za-z0-9]+::[A-Za-z0-9]*::[A-Za-z0-9]+$");
  return valid.match(type);
}

/// `scope tag: "env"` or `scope tag: {env: "prod"}`.
static bool lowerScopeTag(ArgReader &args, const ast::CallNode &call,
                          const ast::Node *value, Scope &scope) {
  DiagnosticEngine &diags = args.getDiags();
  std::optional<Located<std::string>> key;
  std::optional<std::string> tagValue;
  if (auto s = ArgReader::plainString(value)) {
    key = Located<std::string>{*s, value->getRange()};
  } else if (const auto *h = dyn_cast<ast::HashLitNode>(value);
             h && h->getEntries().size() == 1) {
    const ast::HashEntry &e = h->getEntries()[0];
    auto k = ArgReader::symbolOrString(e.key.get());
    auto v = ArgReader::plainString(e.value.get());
    if (k && v) {
      key = Located<std::string>{*k, e.key->getRange()};
      tagValue = *v;
    }
  }
  if (!key) {
    args.expects(call, value,
                 "'tag:' to be a tag key or one 'key: \"value\"' pair");
    return false;
  }
  if (key->value.empty() || countChars(key->value) > 128) {
    diags.report(key->range, DiagID::TagKeyInvalid,
                 "a scope tag key has 1 to 128 characters");
    return false;
  }
  if (tagValue && countChars(*tagValue) > 256) {
    diags.report(value->getRange(), DiagID::TagKeyInvalid,
                 "a scope tag value has at most 256 characters");
    return false;
  }
  scope.tagKey = key->value;
  scope.tagValue = tagValue;
  return true;
}

void Lowerer::lowerScope(RuleProps &props, const ast::CallNode &call) {
  StringRef what = "resource types, 'tag:' or 'id:'";
  if (!args.checkShape(call, what, /*allowKeywords=*/true))
    return;
  Scope scope;
  scope.range = call.getRange();
  bool ok = true;
  StringMap<SMRange> seen;
  auto addType = [&](const ast::Node *n) {
    std::optional<std::string> type = ArgReader::plainString(n);
    if (const auto *path = dyn_cast<ast::ConstPathNode>(n))
      type = path->getPath();
    // A type the catalog knows needs no syntax check (the regex is the
    // costly part of a scope).
    bool known = type && catalog::lookupResourceType(*type);
    if (!type) {
      args.expects(call, n, what);
      ok = false;
    } else if (!known && !isResourceTypeSyntax(*type)) {
      diags.report(n->getRange(), DiagID::InvalidIdentifier, "resource type",
                   *type, "expected 'AWS::Service::Resource'");
      ok = false;
    } else if (!known && !checkResourceTypeKnown(diags, *type, n->getRange())) {
      ok = false;
    } else if (auto [it, fresh] = seen.try_emplace(*type, n->getRange());
               !fresh) {
      diags.report(n->getRange(), DiagID::DuplicateKey, *type, "scope")
          .note(it->second, DiagID::NotePreviousProperty);
      ok = false;
    } else {
      scope.resourceTypes.emplace_back(*type, n->getRange());
    }
  };
  for (const ast::NodePtr &arg : call.getPositionalArgs()) {
    if (const auto *array = dyn_cast<ast::ArrayLitNode>(arg.get()))
      for (const ast::NodePtr &e : array->getElements())
        addType(e.get());
    else
      addType(arg.get());
  }
  if (const ast::HashLitNode *kw = call.getKeywordArgs()) {
    for (const ast::HashEntry &e : kw->getEntries()) {
      std::optional<std::string> key = ArgReader::symbolOrString(e.key.get());
      if (key && *key == "tag") {
        ok &= lowerScopeTag(args, call, e.value.get(), scope);
      } else if (key && *key == "id") {
        if (auto id = ArgReader::plainString(e.value.get());
            id && !id->empty()) {
          scope.resourceId = *id;
        } else {
          args.expects(call, e.value.get(), "'id:' to be a resource ID string");
          ok = false;
        }
      } else {
        args.expects(call, e.key.get(), what);
        ok = false;
      }
    }
  }
  if (!ok)
    return;
  if (scope.empty()) {
    args.expects(call, nullptr, what);
    return;
  }
  if (scope.resourceTypes.size() > 100) {
    diags.report(call.getRange(), DiagID::ScopeTooManyTypes,
                 scope.resourceTypes.size(), 100);
    return;
  }
  if (scope.tagKey && !scope.resourceTypes.empty()) {
    diags.report(call.getRange(), DiagID::ScopeTagAndType);
    return;
  }
  if (scope.resourceId && scope.resourceTypes.size() != 1) {
    diags.report(call.getRange(), DiagID::ScopeIdNeedsOneType);
    return;
  }
  props.scope = std::move(scope);
}

void Lowerer::lowerInputParameters(RuleProps &props,
                                   const ast::CallNode &call) {
  auto entries = args.hash(call, "parameters as 'name: value' pairs");
  if (!entries)
    return;
  for (KeyedValue &e : *entries) {
    if (e.key.value.empty()) {
      args.expects(call, nullptr, "non-empty parameter names");
      return;
    }
    props.inputParameters.push_back(
        {std::move(e.key.value), e.key.range, std::move(e.value)});
  }
}

static std::optional<ParamDecl::Type> paramType(StringRef name) {
  return StringSwitch<std::optional<ParamDecl::Type>>(name)
      .Case("String", ParamDecl::String)
      .Case("Integer", ParamDecl::Integer)
      .Case("Float", ParamDecl::Float)
      .Case("Boolean", ParamDecl::Boolean)
      .Case("List", ParamDecl::List)
      .Default(std::nullopt);
}

static bool valueFitsType(const Value &v, ParamDecl::Type type) {
  switch (type) {
  case ParamDecl::String:
    return v.kind == Value::String;
  case ParamDecl::Integer:
    return v.kind == Value::Int;
  case ParamDecl::Float:
    return v.kind == Value::Float || v.kind == Value::Int;
  case ParamDecl::Boolean:
    return v.kind == Value::Bool;
  case ParamDecl::List:
    return v.kind == Value::List;
  }
  return false;
}

static StringRef describeType(ParamDecl::Type type) {
  switch (type) {
  case ParamDecl::String:
    return "a string";
  case ParamDecl::Integer:
    return "an integer";
  case ParamDecl::Float:
    return "a number";
  case ParamDecl::Boolean:
    return "true or false";
  case ParamDecl::List:
    return "an array";
  }
  return "a value";
}

void Lowerer::lowerParam(RuleProps &props, const ast::CallNode &call) {
  StringRef what = "a name, an optional type (String, Integer, Float, "
                   "Boolean or List) and an optional 'default:'";
  if (!args.checkShape(call, what, /*allowKeywords=*/true))
    return;
  ArrayRef<ast::NodePtr> pos = call.getPositionalArgs();
  if (pos.empty() || pos.size() > 2) {
    args.expects(call, pos.size() > 2 ? pos[2].get() : nullptr, what);
    return;
  }
  ParamDecl decl;
  decl.range = call.getRange();
  std::optional<std::string> name = ArgReader::symbolOrString(pos[0].get());
  if (!name) {
    args.expects(call, pos[0].get(), what);
    return;
  }
  Located<std::string> located{*name, pos[0]->getRange()};
  if (!checkRuleName(diags, located))
    return;
  decl.name = *name;
  if (pos.size() == 2) {
    const auto *typeNode = dyn_cast<ast::ConstPathNode>(pos[1].get());
    std::optional<ParamDecl::Type> type =
        typeNode ? paramType(typeNode->getPath()) : std::nullopt;
    if (!type) {
      args.expects(call, pos[1].get(),
                   "a type: String, Integer, Float, Boolean or List");
      return;
    }
    decl.type = *type;
  }
  if (const ast::HashLitNode *kw = call.getKeywordArgs()) {
    for (const ast::HashEntry &e : kw->getEntries()) {
      std::optional<std::string> key = ArgReader::symbolOrString(e.key.get());
      if (!key || *key != "default" || decl.defaultValue) {
        args.expects(call, e.key.get(), "'default:' as its only keyword");
        return;
      }
      std::optional<Value> v = args.value(e.value.get(), call);
      if (!v)
        return;
      if (!valueFitsType(*v, decl.type)) {
        args.expects(call, e.value.get(),
                     ("a default of type " + toString(decl.type) + " (" +
                      describeType(decl.type) + ")")
                         .str());
        return;
      }
      decl.defaultValue = std::move(*v);
    }
  }
  for (const ParamDecl &other : props.params) {
    if (other.name == decl.name) {
      diags.report(located.range, DiagID::DuplicateKey, decl.name, "param")
          .note(other.range, DiagID::NotePreviousProperty);
      return;
    }
  }
  props.params.push_back(std::move(decl));
}

void Lowerer::lowerFrequency(RuleProps &props, const ast::CallNode &call) {
  bool awsSpelling = call.getName() == "maximum_execution_frequency";
  StringRef valid = awsSpelling
                        ? "One_Hour, Three_Hours, Six_Hours, Twelve_Hours, "
                          "TwentyFour_Hours"
                        : ":one_hour, :three_hours, :six_hours, :twelve_hours, "
                          ":twenty_four_hours";
  auto name = args.name(call, "a frequency such as :six_hours");
  if (!name)
    return;
  // Both spellings accept both forms: the symbols of `every` and AWS's own
  // MaximumExecutionFrequency strings.
  std::optional<Frequency> f =
      StringSwitch<std::optional<Frequency>>(name->value)
          .Cases("one_hour", "One_Hour", Frequency::OneHour)
          .Cases("three_hours", "Three_Hours", Frequency::ThreeHours)
          .Cases("six_hours", "Six_Hours", Frequency::SixHours)
          .Cases("twelve_hours", "Twelve_Hours", Frequency::TwelveHours)
          .Cases("twenty_four_hours", "TwentyFour_Hours",
                 Frequency::TwentyFourHours)
          .Default(std::nullopt);
  if (!f) {
    diags.report(name->range, DiagID::InvalidFrequency, name->value, valid);
    return;
  }
  props.frequency = Located<Frequency>{*f, call.getRange()};
}

void Lowerer::lowerTrigger(RuleProps &props, const ast::CallNode &call) {
  auto name = args.name(call, "a trigger: :change, :periodic or :both");
  if (!name)
    return;
  std::optional<Trigger> t = StringSwitch<std::optional<Trigger>>(name->value)
                                 .Case("change", Trigger::Change)
                                 .Case("periodic", Trigger::Periodic)
                                 .Case("both", Trigger::Both)
                                 .Default(std::nullopt);
  if (!t) {
    diags.report(name->range, DiagID::InvalidTrigger, name->value);
    return;
  }
  props.trigger = Located<Trigger>{*t, call.getRange()};
}

void Lowerer::lowerEvaluationMode(RuleProps &props, const ast::CallNode &call) {
  StringRef what = "evaluation modes: :detective, :proactive or :both";
  if (!args.checkShape(call, what))
    return;
  EvaluationModes modes;
  modes.detective = false;
  bool ok = true, any = false;
  auto add = [&](const ast::Node *n) {
    std::optional<std::string> s = ArgReader::symbolOrString(n);
    if (!s) {
      args.expects(call, n, what);
      ok = false;
      return;
    }
    any = true;
    if (*s == "detective" || *s == "both")
      modes.detective = true;
    if (*s == "proactive" || *s == "both")
      modes.proactive = true;
    if (*s != "detective" && *s != "proactive" && *s != "both") {
      diags.report(n->getRange(), DiagID::InvalidEvaluationMode, *s);
      ok = false;
    }
  };
  for (const ast::NodePtr &arg : call.getPositionalArgs()) {
    if (const auto *array = dyn_cast<ast::ArrayLitNode>(arg.get()))
      for (const ast::NodePtr &e : array->getElements())
        add(e.get());
    else
      add(arg.get());
  }
  if (ok && !any) {
    args.expects(call, nullptr, what);
    return;
  }
  if (ok)
    props.evaluationModes = Located<EvaluationModes>{modes, call.getRange()};
}

} // namespace rulecc::ir::detail
