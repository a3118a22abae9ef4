//===- LowerClass.cpp - Rule classes and the pending-properties model -----===//
// Inside a class, properties accumulate until the next rule declaration
// consumes them; class settings apply to the whole class.

#include "ir/LoweringImpl.h"
#include "ir/Names.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace rulecc::ir::detail {

/// "an assignment", "an 'if' statement", ... for unexpected-statement.
std::string describeStatement(const ast::Node &n) {
  switch (n.getKind()) {
  case ast::Node::Assign:
    return "assignment";
  case ast::Node::If:
    return cast<ast::IfNode>(n).getIsUnless() ? "'unless' statement"
                                              : "'if' statement";
  case ast::Node::Call:
    return ("method call '" + cast<ast::CallNode>(n).getName() + "'").str();
  default:
    return "expression";
  }
}

void Lowerer::lowerClass(const ast::File &file, const ast::ClassDefNode &def) {
  StringRef name = def.getName();
  if (!name.endswith("Rule"))
    diags.report(def.getNameRange(), DiagID::ClassNameSuffix, name)
        .fixIt(SMRange(def.getNameRange().End, def.getNameRange().End), "Rule");
  const ast::ConstPathNode *super = def.getSuperclass();
  if (!super || super->getPath() != "ApplicationRule") {
    auto d = diags.report(super ? super->getRange() : def.getNameRange(),
                          DiagID::ClassSuperclass, name);
    if (super)
      d.fixIt(super->getRange(), "ApplicationRule");
  }

  auto rc = std::make_unique<RuleClass>();
  rc->name = name.str();
  rc->underscored = names::underscore(name);
  rc->range = def.getRange();
  rc->roleLogicalId = names::roleLogicalId(name);
  auto draft = std::make_unique<ClassDraft>();
  draft->ruleClass = rc.get();
  draft->file = &file;
  draft->nameRange = def.getNameRange();

  // A second definition is checked like any class, but its rules are kept
  // out of the application so they do not also clash by name.
  auto [first, fresh] = classNames.try_emplace(name, def.getNameRange());
  if (!fresh) {
    diags.report(def.getNameRange(), DiagID::DuplicateClass, name)
        .note(first->second, DiagID::NoteFirstDefinedHere);
    draft->detached = std::move(rc);
  } else {
    app->classes.push_back(std::move(rc));
  }

  RuleProps pending;
  bool sawRule = false;
  for (const ast::NodePtr &stmt : def.getBody())
    lowerClassStatement(*draft, pending, sawRule, *stmt);
  for (const RuleProps::Given &g : pending.given)
    diags.report(g.call->getNameRange(), DiagID::PendingAtEnd, g.info->spelling)
        .note(def.getEndRange(), DiagID::NoteClassEndsHere);
  classes.push_back(std::move(draft));
}

const ast::CallNode *Lowerer::asCommand(const ast::Node &stmt) {
  if (const auto *call = dyn_cast<ast::CallNode>(&stmt))
    return call->getReceiver() ? nullptr : call;
  // A bare `desc` parses as an identifier; it is the same command without
  // arguments, so it gets the same diagnostics.
  if (const auto *id = dyn_cast<ast::IdentifierNode>(&stmt)) {
    synthetic.push_back(std::make_unique<ast::CallNode>(
        id->getRange(), nullptr, id->getName().str(), id->getRange(),
        ast::NodeList(), nullptr, false));
    return synthetic.back().get();
  }
  return nullptr;
}

void Lowerer::lowerClassStatement(ClassDraft &cls, RuleProps &pending,
                                  bool &sawRule, const ast::Node &stmt) {
  if (const auto *nested = dyn_cast<ast::ClassDefNode>(&stmt)) {
    diags.report(nested->getNameRange(), DiagID::NestedClass);
    return;
  }
  const ast::CallNode *call = asCommand(stmt);
  if (!call) {
    diags.report(stmt.getRange(), DiagID::UnexpectedStatement,
                 describeStatement(stmt),
                 "a rule property, a rule declaration or a class setting");
    return;
  }
  StringRef name = call->getName();
  if (const DeclarationInfo *decl = lookupDeclaration(name)) {
    lowerDeclaration(cls, *decl, std::move(pending), *call);
    pending = RuleProps();
    sawRule = true;
    return;
  }
  if (const PropertyInfo *prop = lookupProperty(name)) {
    if (const RuleProps::Given *prev = pending.find(prop->prop);
        prev && !prop->repeatable) {
      diags.report(call->getNameRange(), DiagID::PropertyTwice, name)
          .note(prev->call->getNameRange(), DiagID::NotePreviousProperty);
      return;
    }
    pending.given.push_back({prop, call});
    lowerProperty(pending, *prop, *call);
    return;
  }
  if (std::optional<ClassSettingKind> kind = lookupClassSetting(name)) {
    lowerClassSetting(cls, *kind, *call, sawRule);
    return;
  }
  // The loader reports a `require` that is not at the top level.
  if (name == "require")
    return;
  if (lookupAppSetting(name)) {
    diags.report(call->getNameRange(), DiagID::SettingInClass, name);
    return;
  }
  reportUnknownInClass(*call);
}

void Lowerer::reportUnknownInClass(const ast::CallNode &call) {
  SmallVector<StringRef, 40> candidates;
  for (const PropertyInfo &p : allProperties())
    candidates.push_back(p.spelling);
  for (const DeclarationInfo &d : allDeclarations())
    candidates.push_back(d.spelling);
  append_range(candidates, classSettingNames());
  std::optional<StringRef> best = closestMatch(call.getName(), candidates);
  auto d = diags.report(call.getNameRange(), DiagID::UnknownProperty,
                        call.getName(), didYouMeanSuffix(best));
  if (best)
    d.fixIt(call.getNameRange(), *best);
}

void Lowerer::lowerClassSetting(ClassDraft &cls, ClassSettingKind kind,
                                const ast::CallNode &call, bool afterRule) {
  StringRef name = call.getName();
  ClassSettings &s = cls.settings;
  if (auto [it, fresh] = s.seen.try_emplace(name, call.getNameRange());
      !fresh) {
    diags.report(call.getNameRange(), DiagID::ClassSettingTwice, name)
        .note(it->second, DiagID::NotePreviousSetting);
    return;
  }
  if (afterRule)
    diags.report(call.getNameRange(), DiagID::ClassSettingAfterRule, name);
  RuleClass &rc = *cls.ruleClass;
  switch (kind) {
  case ClassSettingKind::RuleNamespace: {
    const ast::Node *arg = args.single(call, "a string or false");
    if (!arg)
      return;
    if (const auto *b = dyn_cast<ast::BoolLitNode>(arg); b && !b->getValue()) {
      s.hasNamespace = true;
      s.ruleNamespace = std::nullopt;
    } else if (auto str = ArgReader::plainString(arg)) {
      if (checkNamePart(diags, {*str, arg->getRange()}, "rule namespace")) {
        s.hasNamespace = true;
        s.ruleNamespace = *str;
      }
    } else {
      args.expects(call, arg, "a string or false");
    }
    return;
  }
  case ClassSettingKind::Timeout:
    if (auto t = args.integer(call, "an integer number of seconds"))
      if (checkTimeout(diags, *t))
        s.timeout = *t;
    return;
  case ClassSettingKind::Memory:
    if (auto m = args.integer(call, "an integer number of megabytes"))
      if (checkMemory(diags, *m))
        s.memory = *m;
    return;
  case ClassSettingKind::Runtime:
    if (auto rt = args.string(call, "a runtime name such as \"python3.12\""))
      if (checkRuntime(diags, *rt))
        s.runtime = std::move(*rt);
    return;
  case ClassSettingKind::Environment:
    if (auto env = lowerEnvironment(args, call))
      s.environment = std::move(*env);
    return;
  case ClassSettingKind::IamPolicy:
    if (auto actions = lowerIamActions(args, call))
      rc.iamActions = std::move(*actions);
    return;
  case ClassSettingKind::ManagedIamPolicy:
    if (auto policies = lowerManagedPolicies(args, call))
      rc.managedPolicies = std::move(*policies);
    return;
  case ClassSettingKind::Tags:
    if (auto tags = lowerTags(args, call))
      s.tags = std::move(*tags);
    return;
  }
}

} // namespace rulecc::ir::detail
