//===- LowerBody.cpp - Rule bodies: statements and schema paths -----------===//
// A body is checked against every resource type of its scope at once; an
// `if item.resource_type == "T"` narrows the item to T inside its branch.

#include "ir/LowerBody.h"
#include "ir/LowerArgs.h"
#include "ir/LoweringImpl.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace rulecc::ir::detail {

using body::NodeList;
using body::NodePtr;
using body::Type;

std::unique_ptr<body::Body> lowerBody(DiagnosticEngine &diags, const Rule &rule,
                                      const ast::Block &block) {
  auto out = std::make_unique<body::Body>();
  out->sourceMgr = &diags.getSourceMgr();
  BodySema(diags, rule, *out).run(block);
  return out;
}

BodySema::BodySema(DiagnosticEngine &diags, const Rule &rule, body::Body &out)
    : diags(diags), rule(rule), out(out) {
  for (const auto &[name, range] : rule.scope.resourceTypes)
    if (std::optional<catalog::ResourceType> t =
            catalog::lookupResourceType(name)) {
      active.push_back(*t);
      out.resourceTypes.push_back(name);
    }
}

unsigned BodySema::newSlot(StringRef name) {
  out.slotNames.push_back(name.str());
  return out.numSlots++;
}

void BodySema::run(const ast::Block &block) {
  out.itemName = block.params.front().name;
  out.itemRange = block.params.front().range;
  out.statements = lowerStmts(block.body);
  checkFallOff(out.statements);
}

NodeList BodySema::lowerStmts(ArrayRef<ast::NodePtr> stmts) {
  NodeList list;
  std::vector<catalog::ResourceType> saved = active;
  for (const ast::NodePtr &s : stmts) {
    list.push_back(lowerStmt(*s));
    // `not_applicable unless item.resource_type == "T"` narrows the rest
    // of the statements to T.
    if (const auto *i = dyn_cast<ast::IfNode>(s.get());
        i && i->getClauses().size() == 1 && !i->getHasElse()) {
      const ast::IfNode::Clause &c = i->getClauses().front();
      bool decides = false;
      if (!c.body.empty()) {
        const ast::Node *last = c.body.back().get();
        if (const auto *call = dyn_cast<ast::CallNode>(last))
          decides = !call->getReceiver() && decisionOf(call->getName());
        else if (const auto *id = dyn_cast<ast::IdentifierNode>(last))
          decides = decisionOf(id->getName()) && !env.count(id->getName());
      }
      if (decides)
        if (std::optional<std::string> t =
                narrowing(*c.cond, /*equal=*/i->getIsUnless()))
          for (const catalog::ResourceType &a : active)
            if (a.name() == *t) {
              active = {a};
              break;
            }
    }
  }
  active = std::move(saved);
  return list;
}

std::optional<body::Verdict> decisionOf(StringRef name) {
  if (name == "compliant")
    return body::Verdict::Compliant;
  if (name == "non_compliant")
    return body::Verdict::NonCompliant;
  if (name == "not_applicable")
    return body::Verdict::NotApplicable;
  return std::nullopt;
}

NodePtr BodySema::lowerStmt(const ast::Node &n) {
  if (const auto *a = dyn_cast<ast::AssignNode>(&n)) {
    if (a->getName() == out.itemName || a->getName() == "params") {
      diags.report(a->getNameRange(), DiagID::UnsupportedBodyConstruct,
                   "assigning to '" + a->getName().str() + "'", "");
      return errorNode(a->getRange());
    }
    NodePtr value = lowerExpr(*a->getValue());
    Type t = value->getType();
    // A name keeps one slot in its scope: `x` assigned in two branches of an
    // `if` is one variable after it (Ruby's locals are lexical).
    auto it = env.find(a->getName());
    unsigned slot;
    if (it != env.end()) {
      slot = it->second.slot;
    } else if (auto named = slotByName.find(a->getName());
               named != slotByName.end()) {
      slot = named->second;
    } else {
      slot = newSlot(a->getName());
      slotByName[a->getName()] = slot;
    }
    env[a->getName()] = {slot, t};
    return std::make_unique<body::AssignNode>(
        a->getRange(), t, a->getName().str(), slot, std::move(value));
  }
  if (const auto *i = dyn_cast<ast::IfNode>(&n))
    return lowerIf(*i);
  if (const auto *c = dyn_cast<ast::CallNode>(&n))
    if (!c->getReceiver())
      if (std::optional<body::Verdict> v = decisionOf(c->getName()))
        return lowerDecision(*c, *v);
  if (const auto *id = dyn_cast<ast::IdentifierNode>(&n))
    if (std::optional<body::Verdict> v = decisionOf(id->getName());
        v && !env.count(id->getName())) {
      ast::CallNode bare(n.getRange(), nullptr, id->getName().str(),
                         n.getRange(), {}, nullptr, false);
      return lowerDecision(bare, *v);
    }
  return lowerExpr(n);
}

NodePtr BodySema::lowerDecision(const ast::CallNode &call, body::Verdict v) {
  if (blockDepth) {
    diags.report(call.getRange(), DiagID::UnsupportedBodyConstruct,
                 "a decision inside a block",
                 "; decide after the block method (`non_compliant if "
                 "list.any? { |x| ... }`)");
    return errorNode(call.getRange());
  }
  if (call.getBlock() || call.getKeywordArgs() || call.getArgs().size() > 1) {
    diags.report(call.getRange(), DiagID::MethodArguments, call.getName(),
                 "takes at most one argument, the annotation");
    return errorNode(call.getRange());
  }
  NodePtr annotation;
  if (!call.getArgs().empty()) {
    annotation = lowerExpr(*call.getArgs().front());
    const Type &t = annotation->getType();
    if (!t.is(Type::String) && !t.is(Type::Any) && !t.is(Type::Nil))
      diags.report(call.getArgs().front()->getRange(), DiagID::ArgumentType,
                   "the annotation of '" + call.getName().str() + "'",
                   "a String", t.str());
  }
  return std::make_unique<body::DecisionNode>(call.getRange(), v,
                                              std::move(annotation));
}

std::optional<std::string> BodySema::narrowing(const ast::Node &cond,
                                               bool equal) {
  const auto *b = dyn_cast<ast::BinaryNode>(&cond);
  if (!b)
    return std::nullopt;
  if (equal && b->getOp() == ast::BinaryNode::And) {
    if (auto t = narrowing(*b->getLHS(), true))
      return t;
    return narrowing(*b->getRHS(), true);
  }
  if (b->getOp() != (equal ? ast::BinaryNode::Eq : ast::BinaryNode::Ne))
    return std::nullopt;
  auto isResourceType = [&](const ast::Node *n) {
    const auto *c = dyn_cast<ast::CallNode>(n);
    if (!c || !c->getArgs().empty() || c->getBlock() ||
        !catalog::namesMatch(c->getName(), "resourceType"))
      return false;
    const auto *recv = dyn_cast_or_null<ast::IdentifierNode>(c->getReceiver());
    return recv && recv->getName() == out.itemName &&
           !env.count(recv->getName());
  };
  auto typeName = [](const ast::Node *n) -> std::optional<std::string> {
    if (const auto *s = dyn_cast<ast::StringLitNode>(n); s && s->isPlain())
      return s->getPlainValue();
    if (const auto *p = dyn_cast<ast::ConstPathNode>(n))
      return p->getPath();
    return std::nullopt;
  };
  if (isResourceType(b->getLHS()))
    return typeName(b->getRHS());
  if (isResourceType(b->getRHS()))
    return typeName(b->getLHS());
  return std::nullopt;
}

/// Runs `fn` with the item narrowed to `type` when the scope has it.
template <typename Fn>
static void withNarrowing(std::vector<catalog::ResourceType> &active,
                          const std::optional<std::string> &type, Fn fn) {
  std::vector<catalog::ResourceType> saved = active;
  if (type)
    for (const catalog::ResourceType &a : saved)
      if (a.name() == *type)
        active = {a};
  fn();
  active = std::move(saved);
}

NodePtr BodySema::lowerIf(const ast::IfNode &n) {
  bool isUnless = n.getIsUnless();
  std::vector<body::IfNode::Clause> clauses;
  std::vector<Env> branchEnvs;
  Env before = env;
  Type valueType = Type::scalar(Type::Nil);
  ArrayRef<ast::IfNode::Clause> astClauses = n.getClauses();
  for (const ast::IfNode::Clause &c : astClauses) {
    NodePtr cond = lowerExpr(*c.cond);
    if (isUnless)
      cond = std::make_unique<body::UnaryNode>(
          c.cond->getRange(), Type::scalar(Type::Bool), body::UnaryNode::Not,
          std::move(cond));
    NodeList stmts;
    env = before;
    withNarrowing(active, narrowing(*c.cond, /*equal=*/!isUnless),
                  [&] { stmts = lowerStmts(c.body); });
    if (!stmts.empty())
      valueType = join(valueType, stmts.back()->getType());
    branchEnvs.push_back(env);
    clauses.push_back({std::move(cond), std::move(stmts), c.range});
  }
  NodeList elseStmts;
  env = before;
  // The else of `if item.resource_type != "T"` (or of `unless ... ==`) is T.
  std::optional<std::string> elseType =
      astClauses.size() == 1 ? narrowing(*astClauses.front().cond, isUnless)
                             : std::nullopt;
  withNarrowing(active, elseType,
                [&] { elseStmts = lowerStmts(n.getElseBody()); });
  if (!elseStmts.empty())
    valueType = join(valueType, elseStmts.back()->getType());
  branchEnvs.push_back(env);

  // A local assigned in only some branches is nil in the others (Ruby).
  Env merged = before;
  for (const Env &e : branchEnvs)
    for (const auto &entry : e) {
      auto it = merged.find(entry.getKey());
      if (it == merged.end())
        merged[entry.getKey()] = {entry.getValue().slot, entry.getValue().type};
      else
        it->second.type = join(it->second.type, entry.getValue().type);
    }
  env = std::move(merged);
  return std::make_unique<body::IfNode>(n.getRange(), valueType,
                                        std::move(clauses),
                                        std::move(elseStmts), n.getHasElse());
}

// ---- The fall-off warning ---------------------------------------------------

static bool hasDecision(ArrayRef<NodePtr> stmts) {
  for (const NodePtr &s : stmts) {
    if (isa<body::DecisionNode>(s.get()))
      return true;
    if (const auto *i = dyn_cast<body::IfNode>(s.get())) {
      for (const body::IfNode::Clause &c : i->getClauses())
        if (hasDecision(c.body))
          return true;
      if (hasDecision(i->getElseBody()))
        return true;
    }
  }
  return false;
}

/// Whether every path through the statements ends in a decision.
static bool alwaysDecides(ArrayRef<NodePtr> stmts) {
  for (const NodePtr &s : stmts) {
    if (isa<body::DecisionNode>(s.get()))
      return true;
    if (const auto *i = dyn_cast<body::IfNode>(s.get()); i && i->getHasElse()) {
      bool all = alwaysDecides(i->getElseBody());
      for (const body::IfNode::Clause &c : i->getClauses())
        all = all && alwaysDecides(c.body);
      if (all)
        return true;
    }
  }
  return false;
}

void BodySema::checkFallOff(ArrayRef<NodePtr> stmts) {
  if (stmts.empty())
    return;
  const auto *i = dyn_cast<body::IfNode>(stmts.back().get());
  if (!i || !hasDecision(stmts.back()))
    return;
  auto check = [&](ArrayRef<NodePtr> branch, SMRange where) {
    if (alwaysDecides(branch))
      return;
    if (!branch.empty() && isa<body::IfNode>(branch.back().get()) &&
        hasDecision(branch.back())) {
      checkFallOff(branch);
      return;
    }
    diags.report(where, DiagID::BodyMayFallOff, "if");
  };
  for (const body::IfNode::Clause &c : i->getClauses())
    check(c.body, c.body.empty() ? c.range : c.body.back()->getRange());
  if (i->getHasElse())
    check(i->getElseBody(), i->getElseBody().empty()
                                ? i->getRange()
                                : i->getElseBody().back()->getRange());
}

void Lowerer::checkBody(RuleDraft &draft) {
  if (const ast::Block *block = draft.decl->getBlock())
    draft.rule->body = lowerBody(diags, *draft.rule, *block);
}

} // namespace rulecc::ir::detail
