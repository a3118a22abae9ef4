//===- Features.cpp - Hover, completion and code actions ------------------===//
// Hover reads the check's AST and typed body IR at the cursor; completion
// reads the current text around the cursor (which often does not parse while
// being typed) and takes rule scopes from the latest lowered check.
//===----------------------------------------------------------------------===//

#include "lsp/Features.h"

#include "ir/BodyIR.h"
#include "ir/Catalog.h"

#include "frontend/Parser.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace rulecc::lsp {

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

/// Kept in step with the item fields of ir/LowerBodyPath.cpp; a unit test
/// lowers `item.<name>` for each of them.
static const ItemFieldInfo ItemFields[] = {
    {"arn", "ARN", "String"},
    {"availability_zone", "availabilityZone", "String"},
    {"aws_account_id", "awsAccountId", "String"},
    {"aws_region", "awsRegion", "String"},
    {"configuration", "configuration", "Object"},
    {"configuration_item_capture_time", "configurationItemCaptureTime", "Date"},
    {"configuration_item_status", "configurationItemStatus", "String"},
    {"configuration_item_version", "configurationItemVersion", "String"},
    {"configuration_state_id", "configurationStateId", "Any"},
    {"relationships", "relationships", "Object"},
    {"resource_creation_time", "resourceCreationTime", "Date"},
    {"resource_id", "resourceId", "String"},
    {"resource_name", "resourceName", "String"},
    {"resource_type", "resourceType", "String"},
    {"supplementary_configuration", "supplementaryConfiguration", "Object"},
    {"tags", "tags", "Map[String,String]"},
};

ArrayRef<ItemFieldInfo> itemFields() { return ItemFields; }

std::string snakeCase(StringRef key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    bool boundary = isUpperASCII(c) && i > 0 &&
                    (isLowerASCII(key[i - 1]) ||
                     (i + 1 < key.size() && isLowerASCII(key[i + 1])));
    if (boundary && !out.empty() && out.back() != '_')
      out += '_';
    out += toLower(c);
  }
  return out;
}

static bool contains(SMRange r, const char *p) {
  return r.Start.isValid() && r.End.isValid() && r.Start.getPointer() <= p &&
         p <= r.End.getPointer();
}

static json::Value markdown(const std::string &text) {
  return json::Object{{"kind", "markdown"}, {"value", text}};
}

//===----------------------------------------------------------------------===//
// Hover
//===----------------------------------------------------------------------===//

/// `` `name`: type, required, default `x` — description `` (Markdown).
static std::string describeParameter(const catalog::Parameter &p) {
  std::string out;
  raw_string_ostream os(out);
  os << "`" << p.name << "`: " << catalog::toString(p.type) << ", "
     << (p.required ? "required" : "optional");
  if (p.defaultValue)
    os << ", default `" << *p.defaultValue << "`";
  if (!p.description.empty())
    os << " — " << p.description;
  return os.str();
}

static std::string describeManagedRule(StringRef identifier,
                                       const ir::Rule *rule) {
  std::optional<catalog::ManagedRule> m =
      catalog::lookupManagedRule(identifier);
  if (!m)
    return "";
  std::string out;
  raw_string_ostream os(out);
  os << "**" << m->identifier() << "** (AWS Config managed rule)\n\n";
  if (rule && rule->description)
    os << *rule->description << "\n\n";
  if (!m->description().empty())
    os << m->description() << "\n\n---\n\n";
  if (m->triggersKnown()) {
    os << "Triggers: ";
    if (m->isChangeTriggered())
      os << "configuration changes" << (m->isPeriodic() ? ", " : "");
    if (m->isPeriodic())
      os << "periodic";
    os << "\n\n";
  }
  if (m->numResourceTypes()) {
    os << "Resource types:";
    for (unsigned i = 0; i < m->numResourceTypes(); ++i)
      os << (i ? ", " : " ") << "`" << m->resourceType(i) << "`";
    os << "\n\n";
  }
  if (!m->parametersKnown()) {
    os << "Parameters: not documented (any are accepted)\n";
  } else if (!m->numParameters()) {
    os << "Parameters: none\n";
  } else {
    os << "Parameters:\n";
    for (unsigned i = 0; i < m->numParameters(); ++i) {
      catalog::Parameter p = m->parameter(i);
      os << "- " << describeParameter(p) << "\n";
    }
  }
  StringRef url = m->documentationURL();
  if (!url.empty())
    os << "\n[AWS documentation](" << url << ")\n";
  return os.str();
}

static std::string describeResourceType(StringRef name) {
  std::optional<catalog::ResourceType> t = catalog::lookupResourceType(name);
  if (!t)
    return "";
  std::string out;
  raw_string_ostream os(out);
  os << "**" << t->name() << "** (resource type)\n\n";
  SmallVector<StringRef, 4> sources;
  if (t->sources() & catalog::FromConfigAPI)
    sources.push_back("the AWS Config API");
  if (t->sources() & catalog::FromSchema)
    sources.push_back("the resource schema");
  if (t->sources() & catalog::FromManagedRules)
    sources.push_back("managed rules");
  if (t->sources() & catalog::FromConformancePacks)
    sources.push_back("conformance packs");
  os << "Known from: " << join(sources, ", ") << "\n\n";
  if (t->numProperties())
    os << "Configuration-item schema: " << t->numProperties()
       << " properties\n";
  else
    os << "No configuration-item schema: rule bodies see its properties as "
          "`Any`\n";
  return os.str();
}

namespace {
struct HoverResult {
  std::string text;
  SMRange range;
};
} // namespace

/// The innermost body node at `p` that hover describes.
static std::optional<HoverResult> hoverBody(const ir::body::Node &n,
                                            const char *p) {
  using namespace ir::body;
  if (!contains(n.getRange(), p))
    return std::nullopt;
  std::optional<HoverResult> inner;
  forEachChild(
      n,
      [&](const Node &child) {
        if (!inner)
          inner = hoverBody(child, p);
      },
      /*intoStatements=*/true);
  if (inner)
    return inner;
  if (const auto *prop = dyn_cast<PropertyNode>(&n)) {
    ArrayRef<PropertyNode::Segment> segs = prop->getSegments();
    std::string path(prop->getBase().getType().getSchemaPath());
    for (size_t i = 0; i < segs.size(); ++i) {
      path += (path.empty() ? "" : ".") + segs[i].key;
      if (!contains(segs[i].range, p))
        continue;
      std::string type = i + 1 == segs.size() ? prop->getType().str()
                                              : Type::object(path, true).str();
      std::string text =
          formatv("`{0}`: `{1}`\n\nAWS path: `{2}`{3}", segs[i].written, type,
                  path, segs[i].loose ? " (matched loosely at run time)" : "")
              .str();
      return HoverResult{text, segs[i].range};
    }
    return std::nullopt;
  }
  if (const auto *lit = dyn_cast<LiteralNode>(&n)) {
    if (lit->getType().is(Type::String)) {
      std::string text = describeResourceType(lit->stringValue);
      if (!text.empty())
        return HoverResult{text, n.getRange()};
    }
    return std::nullopt;
  }
  if (const auto *local = dyn_cast<LocalNode>(&n))
    return HoverResult{
        formatv("`{0}`: `{1}`", local->getName(), n.getType().str()).str(),
        n.getRange()};
  if (const auto *param = dyn_cast<ParamNode>(&n))
    return HoverResult{
        formatv("`params.{0}`: `{1}`", param->getName(), n.getType().str())
            .str(),
        n.getRange()};
  if (isa<ItemNode>(&n))
    return HoverResult{
        formatv("the configuration item: `{0}`", n.getType().str()).str(),
        n.getRange()};
  return std::nullopt;
}

/// The innermost AST node at `p`, and the calls around it.
static void findAST(const ast::Node &n, const char *p,
                    SmallVectorImpl<const ast::Node *> &path) {
  if (!contains(n.getRange(), p))
    return;
  path.push_back(&n);
  bool found = false;
  ast::forEachChild(n, [&](const ast::Node &child) {
    if (!found && contains(child.getRange(), p)) {
      found = true;
      findAST(child, p, path);
    }
  });
}

static std::optional<HoverResult> hoverAST(const ast::File &file,
                                           const char *p) {
  SmallVector<const ast::Node *, 16> path;
  for (const ast::NodePtr &stmt : file.stmts) {
    if (contains(stmt->getRange(), p)) {
      findAST(*stmt, p, path);
      break;
    }
  }
  if (path.empty())
    return std::nullopt;
  const ast::Node *leaf = path.back();
  const ast::Node *parent = path.size() > 1 ? path[path.size() - 2] : nullptr;
  auto *call = dyn_cast_or_null<ast::CallNode>(parent);
  bool declaresManaged = call && call->getName() == "managed_rule";
  if (auto *sym = dyn_cast<ast::SymbolLitNode>(leaf)) {
    if (declaresManaged) {
      std::string text = describeManagedRule(sym->getName().upper(), nullptr);
      if (!text.empty())
        return HoverResult{text, leaf->getRange()};
    }
    return std::nullopt;
  }
  if (auto *str = dyn_cast<ast::StringLitNode>(leaf)) {
    if (!str->isPlain())
      return std::nullopt;
    std::string value = str->getPlainValue();
    std::string text = declaresManaged ? describeManagedRule(value, nullptr)
                                       : describeResourceType(value);
    if (!text.empty())
      return HoverResult{text, leaf->getRange()};
    return std::nullopt;
  }
  if (auto *cp = dyn_cast<ast::ConstPathNode>(leaf)) {
    std::string text = describeResourceType(cp->getPath());
    if (!text.empty())
      return HoverResult{text, leaf->getRange()};
  }
  return std::nullopt;
}

/// What the rules `fa`'s check lowered say at `p` (a pointer into fa.text):
/// managed rules, their parameters, scope types and body paths.
static std::optional<HoverResult> hoverRules(const FileAnalysis &fa,
                                             const char *p) {
  std::optional<HoverResult> found;
  if (const ir::Application *app = fa.check->app.get()) {
    for (const ir::Rule *rule : app->allRules()) {
      if (rule->kind == ir::RuleKind::Managed && contains(rule->nameRange, p)) {
        std::string text = describeManagedRule(rule->sourceIdentifier, rule);
        if (!text.empty())
          found = HoverResult{text, rule->nameRange};
      }
      if (rule->kind == ir::RuleKind::Managed)
        for (const ir::InputParameter &ip : rule->inputParameters)
          if (!found && contains(ip.nameRange, p))
            if (auto m = catalog::lookupManagedRule(rule->sourceIdentifier))
              if (auto param = m->findParameter(ip.name))
                found = HoverResult{"parameter of " + m->identifier().str() +
                                        "\n\n" + describeParameter(*param),
                                    ip.nameRange};
      for (const auto &t : rule->scope.resourceTypes)
        if (!found && contains(t.second, p)) {
          std::string text = describeResourceType(t.first);
          if (!text.empty())
            found = HoverResult{text, t.second};
        }
      if (!found && rule->body) {
        if (contains(rule->body->itemRange, p))
          found =
              HoverResult{formatv("`{0}`: the configuration item ({1})",
                                  rule->body->itemName,
                                  rule->body->resourceTypes.empty()
                                      ? std::string("any resource type")
                                      : join(rule->body->resourceTypes, ", "))
                              .str(),
                          rule->body->itemRange};
        for (const auto &stmt : rule->body->statements)
          if (!found && stmt)
            found = hoverBody(*stmt, p);
      }
      if (found)
        break;
    }
  }
  return found;
}

json::Value hover(const RequestContext &ctx, Position pos) {
  StringRef text = ctx.doc.getText();
  size_t offset = ctx.doc.getIndex().offsetOf(pos);
  // Positions are the current text's: a check of that text says what is
  // under them.
  const FileAnalysis *fa = ctx.latest;
  bool current = fa && fa->file && fa->lines && fa->text == text;
  const FileAnalysis *from = current ? fa : nullptr;
  std::optional<HoverResult> found;
  if (current)
    found = hoverRules(*fa, fa->text.data() + offset);
  // While the text does not parse its check lowers nothing; the latest
  // check that did still knows the rules in the text the edits left alone,
  // the start the two texts share.
  const FileAnalysis *low = ctx.lowered;
  if (!found && (!current || !fa->check->app) && low && low->lines &&
      low->check && low->check->app) {
    size_t common = 0, n = std::min(low->text.size(), text.size());
    while (common < n && low->text[common] == text[common])
      ++common;
    if (offset < common) {
      const char *base = low->text.data();
      std::optional<HoverResult> old = hoverRules(*low, base + offset);
      if (old && size_t(old->range.End.getPointer() - base) <= common) {
        found = std::move(old);
        from = low;
      }
    }
  }
  if (!found && current)
    found = hoverAST(*fa->file, fa->text.data() + offset);
  if (!found)
    return nullptr;
  const char *base = from->text.data();
  Range range{from->lines->positionOf(found->range.Start.getPointer() - base),
              from->lines->positionOf(found->range.End.getPointer() - base)};
  return json::Object{{"contents", markdown(found->text)},
                      {"range", toJSON(range)}};
}

json::Value resolveCompletion(json::Object item) {
  if (const json::Object *data = item.getObject("data"))
    if (auto id = data->getString("managedRule")) {
      std::string text = describeManagedRule(*id, nullptr);
      if (!text.empty())
        item["documentation"] = markdown(text);
    }
  return item;
}

//===----------------------------------------------------------------------===//
// Definitions
//===----------------------------------------------------------------------===//

/// A Location at the start of the file at `path`, if it exists.
static json::Value fileLocation(StringRef path) {
  if (!sys::fs::exists(path))
    return nullptr;
  return json::Object{{"uri", pathToURI(resolveSourcePath(path))},
                      {"range", toJSON(Range{})}};
}

json::Value definition(const RequestContext &ctx, Position pos) {
  const FileAnalysis *fa = ctx.latest;
  if (!fa || !fa->file || !fa->lines || fa->text != ctx.doc.getText())
    return nullptr;
  const char *p = fa->text.data() + fa->lines->offsetOf(pos);
  // `require "common"`: the required file.
  for (const ast::NodePtr &stmt : fa->file->stmts) {
    const auto *call = dyn_cast_or_null<ast::CallNode>(stmt.get());
    if (!call || call->getReceiver() || call->getName() != "require" ||
        call->getArgs().size() != 1)
      continue;
    const auto *arg =
        dyn_cast_or_null<ast::StringLitNode>(call->getArgs()[0].get());
    if (arg && arg->isPlain() && contains(arg->getRange(), p))
      return fileLocation(requireTarget(fa->file->path, arg->getPlainValue()));
  }
  // `python :audit` and the other handler rules: the user's handler file.
  if (const ir::Application *app = fa->check->app.get())
    for (const ir::Rule *rule : app->allRules())
      if (rule->kind == ir::RuleKind::Handler && contains(rule->nameRange, p) &&
          !rule->handlerPath.empty())
        return fileLocation(rule->handlerPath);
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Document symbols
//===----------------------------------------------------------------------===//

// SymbolKind values of the protocol.
constexpr int SymbolKindClass = 5, SymbolKindMethod = 6;

json::Value documentSymbols(const RequestContext &ctx) {
  json::Array out;
  const FileAnalysis *fa = ctx.latest;
  if (!fa || !fa->file || !fa->lines || fa->text != ctx.doc.getText())
    return out;
  const char *base = fa->text.data();
  auto range = [&](SMRange r) {
    return toJSON(Range{fa->lines->positionOf(r.Start.getPointer() - base),
                        fa->lines->positionOf(r.End.getPointer() - base)});
  };
  for (const ast::NodePtr &stmt : fa->file->stmts) {
    const auto *cls = dyn_cast_or_null<ast::ClassDefNode>(stmt.get());
    if (!cls || !cls->getNameRange().Start.isValid())
      continue;
    json::Array rules;
    for (const ast::NodePtr &n : cls->getBody()) {
      const auto *call = dyn_cast_or_null<ast::CallNode>(n.get());
      if (!call || call->getReceiver() || !isDeclaration(call->getName()) ||
          call->getArgs().empty() || !call->getArgs()[0])
        continue;
      const ast::Node &arg = *call->getArgs()[0];
      std::string name;
      if (const auto *sym = dyn_cast<ast::SymbolLitNode>(&arg))
        name = sym->getName().str();
      else if (const auto *str = dyn_cast<ast::StringLitNode>(&arg);
               str && str->isPlain())
        name = str->getPlainValue();
      if (name.empty())
        continue;
      std::string detail = call->getName().str();
      if (call->getName() == "managed_rule")
        detail += " " + StringRef(name).upper();
      rules.push_back(json::Object{{"name", name},
                                   {"detail", detail},
                                   {"kind", SymbolKindMethod},
                                   {"range", range(call->getRange())},
                                   {"selectionRange", range(arg.getRange())}});
    }
    out.push_back(json::Object{{"name", cls->getName().str()},
                               {"kind", SymbolKindClass},
                               {"range", range(cls->getRange())},
                               {"selectionRange", range(cls->getNameRange())},
                               {"children", std::move(rules)}});
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Code actions
//===----------------------------------------------------------------------===//

json::Value codeActions(const RequestContext &ctx, Range range) {
  json::Array actions;
  const FileAnalysis *fa = ctx.latest;
  if (!fa || fa->text != ctx.doc.getText())
    return actions; // the fixes were computed for another text
  for (const FileDiagnostic &d : fa->diagnostics) {
    if (!d.range.overlaps(range))
      continue;
    for (const Fix &fix : d.fixes) {
      json::Object changes;
      for (const auto &[uri, edits] : fix.edits) {
        json::Array list;
        for (const TextEdit &e : edits)
          list.push_back(
              json::Object{{"range", toJSON(e.range)}, {"newText", e.newText}});
        changes[uri] = std::move(list);
      }
      actions.push_back(json::Object{
          {"title", fix.title},
          {"kind", "quickfix"},
          {"diagnostics", json::Array{toJSON(d)}},
          {"isPreferred", fix.preferred},
          {"edit", json::Object{{"changes", std::move(changes)}}}});
    }
  }
  return actions;
}

} // namespace rulecc::lsp
