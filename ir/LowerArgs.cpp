//===- LowerArgs.cpp - Reading the arguments of settings and properties ---===//

#include "ir/LowerArgs.h"

#include "llvm/ADT/StringMap.h"

using namespace llvm;

namespace rulecc::ir::detail {

std::optional<StringRef> closestMatch(StringRef name,
                                      ArrayRef<StringRef> candidates) {
  // Like clang's typo correction: accept up to a third of the name's length
  // in edits, so `descr` finds `desc` but `x` does not find `tags`.
  unsigned maxDistance = std::max<unsigned>(1, (name.size() + 2) / 3);
  std::optional<StringRef> best;
  unsigned bestDistance = maxDistance + 1;
  for (StringRef candidate : candidates) {
    unsigned d =
        name.edit_distance(candidate, /*AllowReplacements=*/true, maxDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

std::string didYouMeanSuffix(std::optional<StringRef> suggestion) {
  if (!suggestion)
    return "";
  return ("; did you mean '" + *suggestion + "'?").str();
}

static SMRange rangeOf(const ast::CallNode &call, const ast::Node *at) {
  return at ? at->getRange() : call.getRange();
}

void ArgReader::expects(const ast::CallNode &call, const ast::Node *at,
                        StringRef what) {
  diags.report(rangeOf(call, at), DiagID::InvalidArgument, call.getName(),
               what);
}

bool ArgReader::checkShape(const ast::CallNode &call, StringRef what,
                           bool allowKeywords, bool allowBlock) {
  if (const ast::Block *block = call.getBlock(); block && !allowBlock) {
    diags.report(block->range, DiagID::InvalidArgument, call.getName(),
                 (what + " and no block").str());
    return false;
  }
  if (const ast::HashLitNode *kw = call.getKeywordArgs();
      kw && !allowKeywords) {
    diags.report(kw->getRange(), DiagID::InvalidArgument, call.getName(),
                 (what + ", not keyword arguments").str());
    return false;
  }
  return true;
}

const ast::Node *ArgReader::single(const ast::CallNode &call, StringRef what) {
  if (!checkShape(call, what))
    return nullptr;
  ArrayRef<ast::NodePtr> pos = call.getPositionalArgs();
  if (pos.size() == 1)
    return pos[0].get();
  expects(call, pos.size() > 1 ? pos[1].get() : nullptr, what);
  return nullptr;
}

std::optional<std::string> ArgReader::plainString(const ast::Node *n) {
  if (const auto *s = dyn_cast_or_null<ast::StringLitNode>(n))
    if (s->isPlain())
      return s->getPlainValue();
  return std::nullopt;
}

std::optional<std::string> ArgReader::symbolOrString(const ast::Node *n) {
  if (const auto *sym = dyn_cast_or_null<ast::SymbolLitNode>(n))
    return sym->getName().str();
  return plainString(n);
}

std::optional<Located<std::string>> ArgReader::string(const ast::CallNode &call,
                                                      StringRef what) {
  const ast::Node *n = single(call, what);
  if (!n)
    return std::nullopt;
  if (std::optional<std::string> s = plainString(n))
    return Located<std::string>{*s, n->getRange()};
  expects(call, n, what);
  return std::nullopt;
}

/// A literal number, possibly negated (`-1` parses as a unary minus).
static const ast::Node *numberLiteral(const ast::Node *n, bool &negated) {
  negated = false;
  if (const auto *u = dyn_cast<ast::UnaryNode>(n);
      u && u->getOp() == ast::UnaryNode::Neg) {
    negated = true;
    n = u->getOperand();
  }
  return isa<ast::IntegerLitNode, ast::FloatLitNode>(n) ? n : nullptr;
}

std::optional<Located<int64_t>> ArgReader::integer(const ast::CallNode &call,
                                                   StringRef what) {
  const ast::Node *n = single(call, what);
  if (!n)
    return std::nullopt;
  bool negated;
  if (const auto *i =
          dyn_cast_or_null<ast::IntegerLitNode>(numberLiteral(n, negated)))
    return Located<int64_t>{negated ? -i->getValue() : i->getValue(),
                            n->getRange()};
  expects(call, n, what);
  return std::nullopt;
}

std::optional<Located<bool>> ArgReader::boolean(const ast::CallNode &call,
                                                StringRef what) {
  const ast::Node *n = single(call, what);
  if (!n)
    return std::nullopt;
  if (const auto *b = dyn_cast<ast::BoolLitNode>(n))
    return Located<bool>{b->getValue(), n->getRange()};
  expects(call, n, what);
  return std::nullopt;
}

std::optional<Located<std::string>> ArgReader::name(const ast::CallNode &call,
                                                    StringRef what) {
  const ast::Node *n = single(call, what);
  if (!n)
    return std::nullopt;
  if (std::optional<std::string> s = symbolOrString(n))
    return Located<std::string>{*s, n->getRange()};
  expects(call, n, what);
  return std::nullopt;
}

std::optional<std::vector<Located<std::string>>>
ArgReader::stringList(const ast::CallNode &call, StringRef what) {
  if (!checkShape(call, what))
    return std::nullopt;
  std::vector<Located<std::string>> out;
  bool ok = true;
  auto take = [&](const ast::Node *n) {
    if (std::optional<std::string> s = plainString(n)) {
      out.push_back({*s, n->getRange()});
      return;
    }
    expects(call, n, what);
    ok = false;
  };
  for (const ast::NodePtr &arg : call.getPositionalArgs()) {
    if (const auto *array = dyn_cast<ast::ArrayLitNode>(arg.get())) {
      for (const ast::NodePtr &e : array->getElements())
        take(e.get());
    } else {
      take(arg.get());
    }
  }
  if (ok && out.empty()) {
    expects(call, nullptr, what);
    ok = false;
  }
  if (!ok)
    return std::nullopt;
  return out;
}

std::optional<Located<std::string>>
ArgReader::hashKey(const ast::HashEntry &entry) {
  if (std::optional<std::string> s = symbolOrString(entry.key.get()))
    return Located<std::string>{*s, entry.key->getRange()};
  return std::nullopt;
}

std::optional<std::vector<KeyedValue>>
ArgReader::entries(const ast::HashLitNode &hash, const ast::CallNode &call) {
  std::vector<KeyedValue> out;
  StringMap<SMRange> seen;
  bool ok = true;
  for (const ast::HashEntry &entry : hash.getEntries()) {
    std::optional<Located<std::string>> key = hashKey(entry);
    if (!key) {
      expects(call, entry.key.get(), "symbol or string keys");
      ok = false;
      continue;
    }
    auto [it, inserted] = seen.try_emplace(key->value, key->range);
    if (!inserted) {
      diags.report(key->range, DiagID::DuplicateKey, key->value, call.getName())
          .note(it->second, DiagID::NotePreviousProperty);
      ok = false;
      continue;
    }
    std::optional<Value> v = value(entry.value.get(), call);
    if (!v) {
      ok = false;
      continue;
    }
    out.push_back({std::move(*key), std::move(*v)});
  }
  if (!ok)
    return std::nullopt;
  return out;
}

std::optional<std::vector<KeyedValue>>
ArgReader::hash(const ast::CallNode &call, StringRef what) {
  if (!checkShape(call, what, /*allowKeywords=*/true))
    return std::nullopt;
  ArrayRef<ast::NodePtr> pos = call.getPositionalArgs();
  const ast::HashLitNode *h = call.getKeywordArgs();
  if (h && !pos.empty()) {
    expects(call, pos[0].get(), what);
    return std::nullopt;
  }
  if (!h) {
    if (pos.size() != 1) {
      expects(call, pos.size() > 1 ? pos[1].get() : nullptr, what);
      return std::nullopt;
    }
    h = dyn_cast<ast::HashLitNode>(pos[0].get());
    if (!h) {
      expects(call, pos[0].get(), what);
      return std::nullopt;
    }
  }
  return entries(*h, call);
}

std::optional<Value> ArgReader::value(const ast::Node *n,
                                      const ast::CallNode &call) {
  Value v;
  v.range = n->getRange();
  switch (n->getKind()) {
  case ast::Node::IntegerLit:
    v.kind = Value::Int;
    v.intValue = cast<ast::IntegerLitNode>(n)->getValue();
    return v;
  case ast::Node::FloatLit:
    v.kind = Value::Float;
    v.floatValue = cast<ast::FloatLitNode>(n)->getValue();
    return v;
  case ast::Node::StringLit: {
    std::optional<std::string> s = plainString(n);
    if (!s) {
      expects(call, n, "a plain string here, without '#{...}' interpolation");
      return std::nullopt;
    }
    v.kind = Value::String;
    v.stringValue = std::move(*s);
    return v;
  }
  case ast::Node::SymbolLit:
    v.kind = Value::Symbol;
    v.stringValue = cast<ast::SymbolLitNode>(n)->getName().str();
    return v;
  case ast::Node::BoolLit:
    v.kind = Value::Bool;
    v.boolValue = cast<ast::BoolLitNode>(n)->getValue();
    return v;
  case ast::Node::NilLit:
    v.kind = Value::Nil;
    return v;
  case ast::Node::Unary: {
    bool negated;
    const ast::Node *lit = numberLiteral(n, negated);
    if (!lit || !negated)
      break;
    std::optional<Value> inner = value(lit, call);
    inner->range = v.range;
    inner->intValue = -inner->intValue;
    inner->floatValue = -inner->floatValue;
    return inner;
  }
  case ast::Node::ConstPath:
    v.kind = Value::String;
    v.stringValue = cast<ast::ConstPathNode>(n)->getPath();
    return v;
  case ast::Node::ArrayLit:
    v.kind = Value::List;
    for (const ast::NodePtr &e : cast<ast::ArrayLitNode>(n)->getElements()) {
      std::optional<Value> ev = value(e.get(), call);
      if (!ev)
        return std::nullopt;
      v.list.push_back(std::move(*ev));
    }
    return v;
  case ast::Node::HashLit: {
    std::optional<std::vector<KeyedValue>> es =
        entries(*cast<ast::HashLitNode>(n), call);
    if (!es)
      return std::nullopt;
    v.kind = Value::Map;
    for (KeyedValue &e : *es)
      v.map.emplace_back(std::move(e.key.value), std::move(e.value));
    return v;
  }
  default:
    break;
  }
  expects(call, n,
          "a literal value (string, number, symbol, true, false, nil, "
          "array or hash)");
  return std::nullopt;
}

std::optional<std::vector<std::pair<Located<std::string>, std::string>>>
ArgReader::stringHash(const ast::CallNode &call, StringRef what) {
  std::optional<std::vector<KeyedValue>> es = hash(call, what);
  if (!es)
    return std::nullopt;
  std::vector<std::pair<Located<std::string>, std::string>> out;
  bool ok = true;
  for (KeyedValue &e : *es) {
    switch (e.value.kind) {
    case Value::String:
    case Value::Symbol:
    case Value::Int:
    case Value::Float:
    case Value::Bool:
      out.emplace_back(std::move(e.key), e.value.render());
      break;
    default:
      diags.report(e.value.range, DiagID::InvalidArgument, call.getName(),
                   "string, number or boolean values");
      ok = false;
    }
  }
  if (!ok)
    return std::nullopt;
  return out;
}

} // namespace rulecc::ir::detail
