//===- LowerBodyPath.cpp - Rule bodies: paths against the item's schema ---===//
// `item.configuration.ip_permissions.from_port`: each segment matched to the
// configuration-item schema of every resource type the item may be, names
// compared after lower-casing and dropping `_`.

#include "ir/LowerArgs.h"
#include "ir/LowerBody.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace rulecc::ir::detail {

using body::NodePtr;
using body::Type;

namespace {

/// The fields every configuration item has, whatever its type, with their
/// keys as AWS Config delivers the item to a rule.
struct ItemField {
  StringRef key;
  StringRef alias; // the schema's (SelectResources) spelling, if different
  Type::Kind kind;
};
const ItemField ItemFields[] = {
    {"ARN", "", Type::String},
    {"availabilityZone", "", Type::String},
    {"awsAccountId", "accountId", Type::String},
    {"awsRegion", "", Type::String},
    {"configuration", "", Type::Object},
    {"configurationItemCaptureTime", "", Type::Date},
    {"configurationItemStatus", "", Type::String},
    {"configurationItemVersion", "version", Type::String},
    {"configurationStateId", "", Type::Any},
    {"relationships", "", Type::Object},
    {"resourceCreationTime", "", Type::Date},
    {"resourceId", "", Type::String},
    {"resourceName", "", Type::String},
    {"resourceType", "", Type::String},
    {"supplementaryConfiguration", "", Type::Object},
    {"tags", "", Type::Map},
};

Type leafType(catalog::LeafType t) {
  switch (t) {
  case catalog::LeafType::Integer:
    return Type::scalar(Type::Int, true);
  case catalog::LeafType::Boolean:
    return Type::scalar(Type::Bool, true);
  case catalog::LeafType::Date:
    return Type::scalar(Type::Date, true);
  case catalog::LeafType::Float:
    return Type::scalar(Type::Float, true);
  default:
    return Type::scalar(Type::String, true);
  }
}

/// A child of a schema path in one resource type.
struct Child {
  StringRef key;
  std::optional<catalog::LeafType> leaf; // set when the child is a leaf
  bool hasChildren = false;
};

/// The children of `prefix` ("configuration", "configuration.ipPermissions")
/// in `type`'s schema.
SmallVector<Child, 16> childrenOf(const catalog::ResourceType &type,
                                  StringRef prefix) {
  SmallVector<Child, 16> out;
  for (unsigned i = 0, e = type.numProperties(); i < e; ++i) {
    catalog::Property p = type.property(i);
    if (!p.path.startswith(prefix) || p.path.size() <= prefix.size() ||
        p.path[prefix.size()] != '.')
      continue;
    StringRef rest = p.path.drop_front(prefix.size() + 1);
    auto [key, tail] = rest.split('.');
    if (out.empty() || out.back().key != key)
      out.push_back({key, std::nullopt, false});
    if (tail.empty())
      out.back().leaf = p.type;
    else
      out.back().hasChildren = true;
  }
  return out;
}

std::string fold(StringRef s) {
  std::string out;
  for (char c : s)
    if (c != '_')
      out += toLower(c);
  return out;
}

/// The schema name closest to `written` (compared folded), for did-you-mean.
std::optional<StringRef> suggest(StringRef written, ArrayRef<Child> children) {
  std::string key = fold(written);
  unsigned maxDistance = std::max<unsigned>(1, (key.size() + 2) / 3);
  std::optional<StringRef> best;
  unsigned bestDistance = maxDistance + 1;
  for (const Child &c : children) {
    unsigned d = StringRef(key).edit_distance(fold(c.key), true, maxDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = c.key;
    }
  }
  return best;
}

/// `versioningConfiguration` as the user spells names: snake_case, unless
/// they wrote camelCase themselves.
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isLower(char c) { return c >= 'a' && c <= 'z'; }

std::string respell(StringRef written, StringRef key) {
  if (any_of(written, isUpper))
    return key.str();
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    bool boundary =
        isUpper(c) && i > 0 &&
        (isLower(key[i - 1]) || (i + 1 < key.size() && isLower(key[i + 1])));
    if (boundary && out.back() != '_')
      out += '_';
    out += toLower(c);
  }
  return out;
}

} // namespace

NodePtr BodySema::member(NodePtr recv, const ast::CallNode &call) {
  return extendPath(std::move(recv), call);
}

NodePtr BodySema::extendPath(NodePtr recv, const ast::CallNode &call) {
  StringRef name = call.getName();
  SMRange range = call.getNameRange();
  // A list of objects (a `select` result) projects: each element's property.
  Type base = recv->getType();
  if (base.is(Type::List))
    base = base.getElement();

  // Start a new path, or extend the receiver's.
  NodePtr pathBase;
  std::vector<body::PropertyNode::Segment> segments;
  if (auto *p = dyn_cast<body::PropertyNode>(recv.get())) {
    pathBase = p->takeBase();
    segments = p->takeSegments();
  } else {
    pathBase = std::move(recv);
  }
  body::PropertyNode::Segment seg{name.str(), name.str(), false, range};
  Type result = Type::any();

  auto done = [&]() -> NodePtr {
    segments.push_back(std::move(seg));
    SMRange whole(pathBase->getRange().Start, range.End);
    return std::make_unique<body::PropertyNode>(
        whole, result, std::move(pathBase), std::move(segments));
  };

  if (base.is(Type::Any)) {
    seg.loose = true;
    return done();
  }

  StringRef prefix = base.getSchemaPath();
  if (prefix.empty()) {
    // The item itself: the fields every configuration item has.
    for (const ItemField &f : ItemFields) {
      if (!catalog::namesMatch(name, f.key) &&
          !(!f.alias.empty() && catalog::namesMatch(name, f.alias)))
        continue;
      seg.key = f.key.str();
      if (f.kind == Type::Object)
        result = Type::object(f.key, /*maybeList=*/f.key == "relationships");
      else if (f.kind == Type::Map)
        result = Type::mapOf(Type::scalar(Type::String));
      else
        result = Type::scalar(f.kind);
      return done();
    }
    SmallVector<Child, 20> fields;
    for (const ItemField &f : ItemFields)
      fields.push_back({f.key, std::nullopt, false});
    std::optional<StringRef> best = suggest(name, fields);
    auto d =
        diags.report(range, DiagID::UnknownItemProperty, "a configuration item",
                     "top-level", name, didYouMeanSuffix(best));
    if (best)
      d.fixIt(range, respell(name, *best));
    return done();
  }

  // Below the item: every resource type the item may be must have it.
  std::optional<StringRef> key;
  bool spellingsAgree = true, allLeaves = true, allObjects = true;
  std::optional<catalog::LeafType> leaf;
  bool leavesAgree = true, anySchema = false;
  for (const catalog::ResourceType &t : active) {
    if (t.numProperties() == 0)
      continue; // the schema does not describe it: unchecked
    anySchema = true;
    SmallVector<Child, 16> children = childrenOf(t, prefix);
    const Child *found = nullptr;
    for (const Child &c : children)
      if (catalog::namesMatch(name, c.key)) {
        found = &c;
        break;
      }
    if (!found) {
      std::optional<StringRef> best = suggest(name, children);
      auto d = diags.report(range, DiagID::UnknownItemProperty, t.name(),
                            prefix, name, didYouMeanSuffix(best));
      if (best)
        d.fixIt(range, respell(name, *best));
      return done();
    }
    if (key && *key != found->key)
      spellingsAgree = false;
    key = found->key;
    if (found->hasChildren)
      allLeaves = false;
    else
      allObjects = false;
    if (found->leaf) {
      if (leaf && *leaf != *found->leaf)
        leavesAgree = false;
      leaf = found->leaf;
    }
  }
  if (!anySchema || !spellingsAgree) {
    seg.loose = true;
    return done();
  }
  seg.key = key->str();
  if (allObjects)
    result = Type::object((prefix + "." + *key).str(), /*maybeList=*/true);
  else if (allLeaves && leaf && leavesAgree)
    result = leafType(*leaf);
  return done();
}

} // namespace rulecc::ir::detail
