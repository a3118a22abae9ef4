//===- LowerDeclaration.cpp - Rule declarations ---------------------------===//
// `managed_rule`, `python`/`node`/`ruby`, `rule ... do |item|` and `policy`:
// each makes a Rule from its own arguments and the pending properties.

#include "ir/LoweringImpl.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace rulecc::ir::detail {

/// AWS Config's limit on a custom policy's PolicyText.
static constexpr size_t MaxPolicyText = 10000;

void Lowerer::lowerDeclaration(ClassDraft &cls, const DeclarationInfo &info,
                               RuleProps props, const ast::CallNode &call) {
  auto rule = std::make_unique<Rule>();
  Rule &r = *rule;
  r.kind = info.kind;
  r.language = info.language;
  r.declRange = call.getRange();
  r.nameRange = call.getNameRange();
  r.ruleClass = cls.ruleClass;
  bool declared = lowerDeclarationArgs(cls, info, call, r);
  checkApplicability(props, r, call);
  // A declaration without a usable name or body still consumes the pending
  // properties, but makes no rule: it would only add clashes of empty names.
  if (!declared)
    return;

  // Values of properties that do not apply were reported above and are
  // dropped here; the rest that need no application-wide context are set
  // now, the others by resolveRule.
  unsigned mask = maskOf(r.kind);
  auto applies = [&](Prop p) {
    for (const PropertyInfo &prop : allProperties())
      if (prop.prop == p)
        return (prop.appliesTo & mask) != 0;
    return false;
  };
  if (props.description) {
    r.description = props.description->value;
    r.descriptionRange = props.description->range;
  }
  if (props.scope)
    r.scope = *props.scope;
  if (applies(Prop::InputParameters))
    r.inputParameters = props.inputParameters;
  if (applies(Prop::Param))
    r.params = props.params;
  if (props.frequency && applies(Prop::Every)) {
    r.frequency = props.frequency->value;
    r.frequencyRange = props.frequency->range;
  }
  if (props.evaluationModes) {
    r.evaluationModes = props.evaluationModes->value;
    r.evaluationModesRange = props.evaluationModes->range;
  }
  if (props.remediation)
    r.remediation = *props.remediation;
  if (props.debugLogDelivery && applies(Prop::DebugLogDelivery))
    r.enableDebugLogDelivery = *props.debugLogDelivery;

  drafts.push_back({&r, &cls, std::move(props), &call});
  cls.ruleClass->rules.push_back(std::move(rule));
}

void Lowerer::checkApplicability(const RuleProps &props, const Rule &rule,
                                 const ast::CallNode &decl) {
  unsigned mask = maskOf(rule.kind);
  for (const RuleProps::Given &g : props.given)
    if (!(g.info->appliesTo & mask))
      diags
          .report(g.call->getNameRange(), DiagID::PropertyNotApplicable,
                  g.info->spelling,
                  describeDeclaration(rule.kind, rule.language))
          .note(decl.getNameRange(), DiagID::NoteConsumedBy);
}

/// `managed_rule :incoming_ssh_disabled` or `managed_rule
/// "INCOMING_SSH_DISABLED"`.
static bool lowerManagedIdentifier(ArgReader &args, const ast::CallNode &call,
                                   Rule &r) {
  const ast::Node *arg =
      args.single(call, "a managed rule identifier such as "
                        ":incoming_ssh_disabled or \"INCOMING_SSH_DISABLED\"");
  if (!arg)
    return false;
  std::string id;
  if (const auto *sym = dyn_cast<ast::SymbolLitNode>(arg)) {
    id = sym->getName().upper();
  } else if (auto s = ArgReader::plainString(arg)) {
    id = *s;
  } else {
    args.expects(call, arg,
                 "a managed rule identifier such as :incoming_ssh_disabled");
    return false;
  }
  bool ok = !id.empty() && all_of(id, [](char c) {
    return (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
  });
  if (!ok) {
    args.getDiags().report(arg->getRange(), DiagID::ManagedRuleIdentifierSyntax,
                           id);
    return false;
  }
  r.sourceIdentifier = id;
  r.name = StringRef(id).lower();
  r.nameRange = arg->getRange();
  return true;
}

bool Lowerer::lowerDeclarationArgs(ClassDraft &cls, const DeclarationInfo &info,
                                   const ast::CallNode &call, Rule &r) {
  if (info.kind == RuleKind::Managed)
    return lowerManagedIdentifier(args, call, r);

  StringRef what;
  switch (info.kind) {
  case RuleKind::Body:
    what = "a rule name and a 'do |item| ... end' body";
    break;
  case RuleKind::Policy:
    what = "a rule name and the Guard policy text";
    break;
  default:
    what = "a rule name such as :my_check";
  }
  if (!args.checkShape(call, what, /*allowKeywords=*/false,
                       /*allowBlock=*/info.kind == RuleKind::Body))
    return false;
  ArrayRef<ast::NodePtr> pos = call.getPositionalArgs();
  size_t wanted = info.kind == RuleKind::Policy ? 2 : 1;
  if (pos.size() != wanted) {
    args.expects(call, pos.size() > wanted ? pos[wanted].get() : nullptr, what);
    return false;
  }
  std::optional<std::string> name = ArgReader::symbolOrString(pos[0].get());
  if (!name) {
    args.expects(call, pos[0].get(), what);
    return false;
  }
  r.name = *name;
  r.nameRange = pos[0]->getRange();
  if (!checkRuleName(diags, {*name, r.nameRange}))
    return false;

  switch (info.kind) {
  case RuleKind::Handler:
    loadHandler(cls, call, r);
    return true;
  case RuleKind::Body: {
    const ast::Block *block = call.getBlock();
    if (!block) {
      diags.report(call.getRange(), DiagID::RuleNeedsBlock, r.name);
      return false;
    }
    if (block->params.size() != 1) {
      diags.report(block->range, DiagID::RuleBlockParams);
      return false;
    }
    return true;
  }
  case RuleKind::Policy: {
    const ast::Node *text = pos[1].get();
    std::optional<std::string> s = ArgReader::plainString(text);
    if (!s) {
      args.expects(call, text,
                   "the Guard policy text as a plain string or heredoc, "
                   "without '#{...}' interpolation");
      return false;
    }
    if (StringRef(*s).trim().empty()) {
      diags.report(text->getRange(), DiagID::EmptyPolicy);
      return false;
    }
    if (size_t n = countChars(*s); n > MaxPolicyText) {
      diags.report(text->getRange(), DiagID::PolicyTooLarge, n, MaxPolicyText);
      return false;
    }
    r.policyText = std::move(*s);
    return true;
  }
  case RuleKind::Managed:
    break;
  }
  return true;
}

static StringRef extensionOf(Language l) {
  switch (l) {
  case Language::Python:
    return "py";
  case Language::Node:
    return "js";
  case Language::Ruby:
    return "rb";
  }
  return "";
}

void Lowerer::loadHandler(ClassDraft &cls, const ast::CallNode &call, Rule &r) {
  // rules/<class_underscored>/<lang>/<name>.<ext>, next to the .rules file
  // that declares the rule. The path stays relative when the file's was, so
  // nothing machine-specific reaches the output.
  SmallString<128> path = sys::path::parent_path(cls.file->path);
  sys::path::append(path, "rules", cls.ruleClass->underscored,
                    toString(r.language),
                    r.name + "." + extensionOf(r.language));
  r.handlerPath = std::string(path.str());
  ErrorOr<std::unique_ptr<MemoryBuffer>> buf =
      MemoryBuffer::getFile(path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!buf) {
    std::error_code ec = buf.getError();
    if (ec == std::errc::no_such_file_or_directory)
      diags.report(r.nameRange, DiagID::HandlerNotFound, r.handlerPath, r.name);
    else
      diags.report(r.nameRange, DiagID::HandlerUnreadable, r.handlerPath,
                   ec.message());
    return;
  }
  r.handlerSource = (*buf)->getBuffer().str();
}

} // namespace rulecc::ir::detail
