//===- Completion.cpp - What may be typed at the cursor -------------------===//
// Completion works on the current text, which usually does not parse while
// it is typed (`item.` is a syntax error): the context comes from the line
// and the lines around it, the rule's scope from the latest lowered check.
//===----------------------------------------------------------------------===//

#include "lsp/Features.h"

#include "ir/Catalog.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace llvm;

namespace rulecc::lsp {
namespace {

// The protocol's CompletionItemKind values.
enum ItemKind {
  KindField = 5,
  KindProperty = 10,
  KindValue = 12,
  KindConstant = 21
};

bool isIdentChar(char c) { return isAlnum(c) || c == '_'; }

/// The identifier characters at the end of `s`.
StringRef trailingIdent(StringRef s) {
  size_t i = s.size();
  while (i > 0 && isIdentChar(s[i - 1]))
    --i;
  return s.drop_front(i);
}

/// The first word of a line (a setting or declaration name).
StringRef firstWord(StringRef line) {
  line = line.ltrim();
  size_t i = 0;
  while (i < line.size() && isIdentChar(line[i]))
    ++i;
  return line.take_front(i);
}

} // namespace

bool isDeclaration(StringRef word) {
  return word == "managed_rule" || word == "rule" || word == "python" ||
         word == "node" || word == "ruby" || word == "policy";
}

namespace {

class Completer {
public:
  Completer(const RequestContext &ctx, Position pos)
      : ctx(ctx), doc(ctx.doc), pos(pos) {
    const LineIndex &lines = doc.getIndex();
    size_t lineStart = lines.offsetOf({pos.line, 0});
    cursor = lines.offsetOf(pos);
    before = doc.getText().slice(lineStart, cursor);
  }

  json::Value run();

private:
  // Contexts; each returns true when it applies.
  bool inString();
  bool managedRuleSymbol();
  bool constantPath();
  bool inputParameter();
  bool property();

  // json::Value keeps a StringRef as a reference, so everything is copied
  // into std::strings here.
  /// `data` comes back in completionItem/resolve (resolveCompletion), which
  /// adds the item's documentation.
  void add(StringRef label, int kind, StringRef detail, StringRef insert,
           StringRef documentation = "", json::Object data = {}) {
    json::Object item{{"label", label.str()},
                      {"kind", kind},
                      {"textEdit", json::Object{{"range", toJSON(replace)},
                                                {"newText", insert.str()}}}};
    if (!detail.empty())
      item["detail"] = detail.str();
    if (!documentation.empty())
      item["documentation"] = documentation.str();
    if (!data.empty())
      item["data"] = std::move(data);
    items.push_back(std::move(item));
  }
  /// The text replaced: the `n` bytes before the cursor.
  void replacing(size_t n) {
    replace = {doc.getIndex().positionOf(cursor - n), pos};
  }
  void addResourceTypes(StringRef prefix);
  void addManagedRules(StringRef prefix, bool upper, StringRef lead);
  std::optional<std::vector<std::string>> ruleScope(StringRef ruleName,
                                                    unsigned ruleLine);
  bool resolvePath(StringRef base, unsigned fromLine, unsigned ruleLine,
                   StringRef itemName, std::vector<std::string> &segments,
                   unsigned depth);

  const RequestContext &ctx;
  const TextDocument &doc;
  Position pos;
  size_t cursor;
  StringRef before; // the line up to the cursor
  Range replace;
  json::Array items;
};

json::Value Completer::run() {
  replace = {pos, pos};
  if (!inString() && !managedRuleSymbol() && !constantPath() &&
      !inputParameter())
    property();
  return json::Object{{"isIncomplete", false}, {"items", std::move(items)}};
}

void Completer::addResourceTypes(StringRef prefix) {
  for (size_t i = 0, e = catalog::numResourceTypes(); i < e; ++i) {
    catalog::ResourceType t = catalog::resourceType(i);
    if (!t.name().startswith_insensitive(prefix))
      continue;
    std::string detail = t.numProperties()
                             ? "resource type, " +
                                   std::to_string(t.numProperties()) +
                                   " schema properties"
                             : std::string("resource type");
    add(t.name(), KindConstant, detail, t.name());
  }
}

void Completer::addManagedRules(StringRef prefix, bool upper, StringRef lead) {
  for (size_t i = 0, e = catalog::numManagedRules(); i < e; ++i) {
    catalog::ManagedRule m = catalog::managedRule(i);
    std::string name = upper ? m.identifier().str() : m.identifier().lower();
    if (!StringRef(name).startswith_insensitive(prefix))
      continue;
    std::string detail = "AWS Config managed rule " + m.identifier().str();
    add(name, KindValue, detail, lead.str() + name, "",
        json::Object{{"managedRule", m.identifier().str()}});
  }
}

/// Inside a quoted string on this line: resource types (`scope "AWS::`),
/// managed rule identifiers (`managed_rule "`).
bool Completer::inString() {
  char quote = 0;
  size_t open = 0;
  for (size_t i = 0; i < before.size(); ++i) {
    char c = before[i];
    if (quote) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (c == '#')
      return true; // a comment: nothing to complete
    if (c == '"' || c == '\'') {
      quote = c;
      open = i;
    }
  }
  if (!quote)
    return false;
  StringRef content = before.drop_front(open + 1);
  StringRef lead = before.take_front(open).rtrim();
  if (!all_of(content, [](char c) { return isIdentChar(c) || c == ':'; }))
    return true;
  replacing(content.size());
  if (lead.endswith("managed_rule")) {
    addManagedRules(content, /*upper=*/true, "");
    return true;
  }
  if (firstWord(before) == "scope" || content.startswith("AWS") ||
      lead.endswith("=="))
    addResourceTypes(content);
  return true;
}

/// `managed_rule :inc|`.
bool Completer::managedRuleSymbol() {
  StringRef word = trailingIdent(before);
  StringRef rest = before.drop_back(word.size());
  bool colon = rest.endswith(":");
  if (colon)
    rest = rest.drop_back();
  if (!rest.rtrim().endswith("managed_rule") ||
      rest.rtrim().size() == rest.size())
    return false;
  StringRef head = rest.rtrim().drop_back(strlen("managed_rule"));
  if (!head.empty() && isIdentChar(head.back()))
    return false;
  // The item is the bare name, replacing the word: clients that filter by the
  // word before the cursor (Emacs, Neovim's omnifunc) stop at the colon.
  replacing(word.size());
  addManagedRules(word, /*upper=*/false, colon ? "" : ":");
  return true;
}

/// `AWS::S3::` written as a constant path.
bool Completer::constantPath() {
  size_t i = before.size();
  while (i > 0 && (isIdentChar(before[i - 1]) || before[i - 1] == ':'))
    --i;
  StringRef path = before.drop_front(i);
  if (!path.startswith("AWS"))
    return false;
  replacing(path.size());
  addResourceTypes(path);
  return true;
}

/// A key of `input_parameters`: the parameters of the rule the setting
/// applies to, which is the next declaration (settings come before it).
bool Completer::inputParameter() {
  const LineIndex &lines = doc.getIndex();
  // The statement may continue over lines ending in `,`, `(`, `{` or `\`.
  unsigned first = pos.line;
  while (first > 0) {
    StringRef prev = lines.line(first - 1).rtrim();
    if (prev.empty() || !StringRef(",({\\").contains(prev.back()))
      break;
    --first;
  }
  if (firstWord(lines.line(first)) != "input_parameters")
    return false;
  StringRef word = trailingIdent(before);
  StringRef lead = before.drop_back(word.size()).rtrim();
  bool keyPosition =
      first != pos.line ? lead.empty() || StringRef(",({").contains(lead.back())
                        : lead.endswith("input_parameters") ||
                              StringRef(",({").contains(lead.back());
  if (!keyPosition)
    return true;
  replacing(word.size());
  // The names written already.
  StringSet<> written;
  for (unsigned l = first; l <= pos.line; ++l) {
    StringRef text = lines.line(l);
    while (!text.empty()) {
      size_t colon = text.find(':');
      if (colon == StringRef::npos)
        break;
      StringRef key = trailingIdent(text.take_front(colon));
      if (!key.empty() && colon + 1 < text.size() && text[colon + 1] != ':')
        written.insert(key);
      text = text.drop_front(colon + 1);
    }
  }
  auto offer = [&](StringRef name, StringRef detail,
                   StringRef documentation = "") {
    if (written.count(name) || !name.startswith_insensitive(word))
      return;
    add(name, KindField, detail, (name + ": ").str(), documentation);
  };
  // The declaration the setting belongs to, and `param`s around it.
  for (unsigned l = first + 1; l < lines.numLines(); ++l) {
    StringRef text = lines.line(l);
    StringRef w = firstWord(text);
    if (w == "param") {
      StringRef rest = text.ltrim().drop_front(5).ltrim();
      if (rest.consume_front(":")) {
        StringRef name = rest.take_while(isIdentChar);
        offer(name, "param of the rule");
      }
      continue;
    }
    if (w == "end" || w == "class")
      break;
    if (!isDeclaration(w))
      continue;
    if (w != "managed_rule")
      break;
    StringRef arg = text.ltrim().drop_front(w.size()).ltrim();
    arg = arg.ltrim(":\"'");
    std::string id = arg.take_while(isIdentChar).upper();
    if (std::optional<catalog::ManagedRule> m = catalog::lookupManagedRule(id))
      for (unsigned i = 0; i < m->numParameters(); ++i) {
        catalog::Parameter p = m->parameter(i);
        std::string detail = (catalog::toString(p.type) + ", " +
                              (p.required ? "required" : "optional"))
                                 .str();
        if (p.defaultValue)
          detail += ", default " + p.defaultValue->str();
        offer(p.name, detail, p.description);
      }
    break;
  }
  return true;
}

/// The resource types of the rule named `ruleName` declared on `ruleLine`:
/// from the latest lowered check, else from `scope` lines above it.
std::optional<std::vector<std::string>>
Completer::ruleScope(StringRef ruleName, unsigned ruleLine) {
  for (const FileAnalysis *fa : {ctx.latest, ctx.lowered}) {
    if (!fa || !fa->check || !fa->check->app || !fa->file)
      continue;
    const SourceMgr &sm = fa->check->sm;
    for (const ir::Rule *r : fa->check->app->allRules()) {
      if (r->name != ruleName || !r->declRange.Start.isValid() ||
          sm.FindBufferContainingLoc(r->declRange.Start) != fa->file->bufferID)
        continue;
      std::vector<std::string> types;
      for (const auto &t : r->scope.resourceTypes)
        types.push_back(t.first);
      return types;
    }
  }
  // Lexically: the `scope` settings between the previous declaration and
  // the rule.
  std::vector<std::string> types;
  const LineIndex &lines = doc.getIndex();
  for (unsigned l = ruleLine; l-- > 0;) {
    StringRef text = lines.line(l);
    StringRef w = firstWord(text);
    if (isDeclaration(w) || w == "class")
      break;
    if (w != "scope")
      continue;
    StringRef rest = text;
    while (true) {
      size_t at = rest.find("AWS::");
      if (at == StringRef::npos)
        break;
      rest = rest.drop_front(at);
      StringRef name =
          rest.take_while([](char c) { return isIdentChar(c) || c == ':'; });
      types.push_back(name.str());
      rest = rest.drop_front(name.size());
    }
  }
  return types;
}

/// Resolves `base` (the item, a block parameter or a local assigned a path)
/// to the written segments below the item.
bool Completer::resolvePath(StringRef base, unsigned fromLine,
                            unsigned ruleLine, StringRef itemName,
                            std::vector<std::string> &segments,
                            unsigned depth) {
  if (base == itemName || base == "item")
    return true;
  if (depth > 8)
    return false;
  const LineIndex &lines = doc.getIndex();
  for (unsigned l = fromLine + 1; l-- > ruleLine + 1;) {
    StringRef text = lines.line(l);
    std::string pipe = "|" + base.str() + "|";
    size_t at = text.find(pipe);
    if (at == StringRef::npos)
      at = text.find("| " + base.str() + " |");
    std::string receiverText;
    if (at != StringRef::npos) {
      // `recv.any? { |x|` or `recv.select do |x|`: x is an element of recv.
      StringRef head = text.take_front(at).rtrim();
      if (head.endswith("{"))
        head = head.drop_back();
      else if (head.endswith("do"))
        head = head.drop_back(2);
      else
        continue;
      head = head.rtrim();
      size_t dot = head.rfind('.');
      if (dot == StringRef::npos)
        continue;
      head = head.take_front(dot);
      size_t i = head.size();
      while (i > 0 && (isIdentChar(head[i - 1]) || head[i - 1] == '.'))
        --i;
      receiverText = head.drop_front(i).str();
    } else {
      // `x = recv.a.b`
      StringRef t = text.ltrim();
      if (!t.consume_front(base) || !t.ltrim().startswith("=") ||
          t.ltrim().startswith("=="))
        continue;
      t = t.ltrim().drop_front().trim();
      if (!all_of(t, [](char c) { return isIdentChar(c) || c == '.'; }))
        continue;
      receiverText = t.str();
    }
    SmallVector<StringRef, 8> parts;
    StringRef(receiverText).split(parts, '.');
    if (parts.empty() || parts[0].empty())
      return false;
    std::vector<std::string> inner;
    if (!resolvePath(parts[0], l - 1, ruleLine, itemName, inner, depth + 1))
      return false;
    for (size_t i = 1; i < parts.size(); ++i)
      inner.push_back(parts[i].str());
    segments.insert(segments.begin(), inner.begin(), inner.end());
    return true;
  }
  return false;
}

/// `item.configuration.b|`: the names below the path, for the rule's scope.
bool Completer::property() {
  StringRef word = trailingIdent(before);
  StringRef rest = before.drop_back(word.size());
  if (!rest.endswith("."))
    return false;
  std::vector<std::string> segments;
  while (rest.endswith(".")) {
    rest = rest.drop_back();
    StringRef seg = trailingIdent(rest);
    if (seg.empty())
      return false;
    segments.insert(segments.begin(), seg.str());
    rest = rest.drop_back(seg.size());
  }
  std::string base = segments.front();
  segments.erase(segments.begin());
  if (!isLowerASCII(base[0]) && base[0] != '_')
    return false;
  // The enclosing rule body: `rule :name do |item|` above the cursor.
  const LineIndex &lines = doc.getIndex();
  std::optional<unsigned> ruleLine;
  std::string ruleName, itemName;
  for (unsigned l = pos.line + 1; l-- > 0;) {
    StringRef text = lines.line(l);
    StringRef w = firstWord(text);
    if (w == "class")
      break;
    if (w != "rule")
      continue;
    StringRef t = text.ltrim().drop_front(4).ltrim();
    if (!t.consume_front(":"))
      break;
    ruleName = t.take_while(isIdentChar).str();
    size_t bar = t.find('|');
    if (bar == StringRef::npos)
      break;
    itemName = t.drop_front(bar + 1).ltrim().take_while(isIdentChar).str();
    ruleLine = l;
    break;
  }
  if (!ruleLine || itemName.empty())
    return false;
  std::vector<std::string> prefix;
  if (!resolvePath(base, pos.line, *ruleLine, itemName, prefix, 0))
    return false;
  segments.insert(segments.begin(), prefix.begin(), prefix.end());
  replacing(word.size());
  if (segments.empty()) {
    for (const ItemFieldInfo &f : itemFields())
      if (StringRef(f.name).startswith_insensitive(word))
        add(f.name, KindField, f.type, f.name, ("AWS key: " + f.key).str());
    return true;
  }
  // The first segment is an item field with a schema below it.
  std::string path;
  for (const ItemFieldInfo &f : itemFields())
    if (catalog::namesMatch(segments[0], f.key) &&
        (f.key == "configuration" || f.key == "supplementaryConfiguration" ||
         f.key == "relationships"))
      path = f.key.str();
  if (path.empty())
    return true;
  std::optional<std::vector<std::string>> scope =
      ruleScope(ruleName, *ruleLine);
  std::vector<catalog::ResourceType> types;
  for (const std::string &t : scope ? *scope : std::vector<std::string>())
    if (auto rt = catalog::lookupResourceType(t))
      if (rt->numProperties())
        types.push_back(*rt);
  if (types.empty())
    return true;
  // The children of `path` in each type: key -> (leaf type or "", count).
  auto childrenOf = [](const catalog::ResourceType &t, StringRef prefix) {
    std::vector<std::pair<std::string, std::string>> out;
    for (unsigned i = 0, e = t.numProperties(); i < e; ++i) {
      catalog::Property p = t.property(i);
      if (!p.path.startswith(prefix) || p.path.size() <= prefix.size() ||
          p.path[prefix.size()] != '.')
        continue;
      auto [key, tail] = p.path.drop_front(prefix.size() + 1).split('.');
      if (!out.empty() && out.back().first == key) {
        if (!tail.empty())
          out.back().second = "";
        continue;
      }
      out.push_back(
          {key.str(), tail.empty() ? catalog::toString(p.type).str() : ""});
    }
    return out;
  };
  for (size_t i = 1; i < segments.size(); ++i) {
    std::string next;
    for (const auto &[key, leaf] : childrenOf(types.front(), path))
      if (catalog::namesMatch(segments[i], key))
        next = key;
    if (next.empty())
      return true;
    path += "." + next;
  }
  // Offer what every type of the scope has, as the checker accepts.
  auto common = childrenOf(types.front(), path);
  for (size_t t = 1; t < types.size(); ++t) {
    auto other = childrenOf(types[t], path);
    llvm::erase_if(common, [&](const auto &c) {
      return none_of(other, [&](const auto &o) {
        return catalog::namesMatch(o.first, c.first);
      });
    });
  }
  for (const auto &[key, leaf] : common) {
    std::string name = snakeCase(key);
    if (!StringRef(name).startswith_insensitive(word))
      continue;
    add(name, KindProperty, leaf.empty() ? "object" : leaf, name,
        "AWS path: " + path + "." + key);
  }
  return true;
}

} // namespace

json::Value completion(const RequestContext &ctx, Position pos) {
  return Completer(ctx, pos).run();
}

} // namespace rulecc::lsp
