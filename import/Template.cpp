//===- Template.cpp - Reading a template with yaml-cpp
//---------------------===//
// yaml-cpp parses; this file turns its nodes into TValues with SMRanges in
// the SourceMgr buffer (yaml-cpp's marks are byte offsets), rewrites short
// intrinsic tags into their long form, and rejects what CloudFormation
// would: duplicate keys, non-scalar keys, unknown tags on the way.
//===----------------------------------------------------------------------===//

#include "import/Template.h"
#include "frontend/Parser.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <yaml-cpp/yaml.h>

using namespace llvm;

namespace rulecc::import {

const TValue *TValue::get(StringRef key) const {
  if (kind != Mapping)
    return nullptr;
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key)
      return &items[i];
  return nullptr;
}

SMRange TValue::keyRange(StringRef key) const {
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key)
      return keyRanges[i];
  return SMRange();
}

std::optional<StringRef> TValue::intrinsic() const {
  if (kind != Mapping || keys.size() != 1)
    return std::nullopt;
  StringRef k = keys[0];
  if (k == "Ref" || k == "Condition" || k.startswith("Fn::"))
    return k;
  return std::nullopt;
}

TValue TValue::scalar(std::string text, SMRange range) {
  TValue v;
  v.kind = Scalar;
  v.text = std::move(text);
  v.range = range;
  return v;
}

namespace {
void appendFlow(const TValue &v, std::string &out, size_t limit) {
  if (out.size() > limit)
    return;
  switch (v.kind) {
  case TValue::Null:
    out += "null";
    return;
  case TValue::Scalar:
    if (v.text.empty() ||
        StringRef(v.text).find_first_of(",:[]{}#'\"") != StringRef::npos)
      out += "'" + v.text + "'";
    else
      out += v.text;
    return;
  case TValue::Sequence:
    out += "[";
    for (size_t i = 0; i < v.items.size(); ++i) {
      if (i)
        out += ", ";
      appendFlow(v.items[i], out, limit);
    }
    out += "]";
    return;
  case TValue::Mapping:
    out += "{";
    for (size_t i = 0; i < v.items.size(); ++i) {
      if (i)
        out += ", ";
      out += v.keys[i] + ": ";
      appendFlow(v.items[i], out, limit);
    }
    out += "}";
    return;
  }
}
} // namespace

std::string flowText(const TValue &v, size_t limit) {
  std::string out;
  appendFlow(v, out, limit);
  // Comments are one line: a multi-line scalar shows its line breaks.
  std::string oneLine;
  for (char c : out) {
    if (c == '\n')
      oneLine += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20)
      oneLine += ' ';
    else
      oneLine += c;
  }
  if (oneLine.size() > limit) {
    // Cut at a UTF-8 character boundary.
    size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(oneLine[cut]) & 0xC0) == 0x80)
      --cut;
    oneLine = oneLine.substr(0, cut) + "...";
  }
  return oneLine;
}

namespace {

/// Aliases may make a small document expand to a huge tree ("billion
/// laughs"); past this many nodes the template is rejected.
constexpr size_t MaxNodes = 8u << 20;

class Converter {
public:
  Converter(const MemoryBuffer &buf, DiagnosticEngine &diags)
      : buf(buf), diags(diags) {}

  /// Converts `node`; with `honourTag` false its tag (already handled by
  /// the caller) is ignored.
  bool convert(const YAML::Node &node, TValue &out, bool honourTag = true);

private:
  SMLoc loc(const YAML::Mark &m) const {
    if (m.is_null() || m.pos < 0 ||
        static_cast<size_t>(m.pos) > buf.getBufferSize())
      return SMLoc::getFromPointer(buf.getBufferStart());
    return SMLoc::getFromPointer(buf.getBufferStart() + m.pos);
  }
  /// The range of a scalar: its text when the source at its mark spells it
  /// (plain scalars, and quoted ones with the quotes), else its start.
  SMRange scalarRange(const YAML::Node &node) const;
  bool convertTagged(const YAML::Node &node, StringRef tag, TValue &out);

  const MemoryBuffer &buf;
  DiagnosticEngine &diags;
  size_t nodes = 0;
};

SMRange Converter::scalarRange(const YAML::Node &node) const {
  SMLoc start = loc(node.Mark());
  const std::string &text = node.Scalar();
  StringRef rest(start.getPointer(), buf.getBufferEnd() - start.getPointer());
  size_t len = 0;
  if (!text.empty() && rest.startswith(text))
    len = text.size();
  else if (rest.size() >= text.size() + 2 &&
           (rest[0] == '"' || rest[0] == '\'') &&
           rest.substr(1).startswith(text) && rest[text.size() + 1] == rest[0])
    len = text.size() + 2;
  return SMRange(start, SMLoc::getFromPointer(start.getPointer() + len));
}

bool Converter::convert(const YAML::Node &node, TValue &out, bool honourTag) {
  if (++nodes > MaxNodes) {
    diags.report(loc(node.Mark()), DiagID::ImportInvalidYAML,
                 formatv("the template expands to more than {0} values "
                         "(through aliases)",
                         MaxNodes)
                     .str());
    return false;
  }
  StringRef tag(node.Tag());
  // "?" is an untagged plain node, "!" a quoted scalar or an explicitly
  // non-specific node; `!Name` is CloudFormation's short intrinsic form.
  if (honourTag && tag.size() > 1 && tag[0] == '!' && tag[1] != '!')
    return convertTagged(node, tag.drop_front(), out);

  SMLoc start = loc(node.Mark());
  switch (node.Type()) {
  case YAML::NodeType::Undefined:
  case YAML::NodeType::Null:
    out.kind = TValue::Null;
    out.range = SMRange(start, start);
    return true;
  case YAML::NodeType::Scalar:
    out.kind = TValue::Scalar;
    out.text = node.Scalar();
    // A tagged scalar (`!Ref 90`) is text, never a number.
    out.plain = honourTag && tag == "?";
    out.range = scalarRange(node);
    return true;
  case YAML::NodeType::Sequence:
    out.kind = TValue::Sequence;
    out.range = SMRange(start, start);
    out.items.reserve(node.size());
    for (const YAML::Node &item : node) {
      out.items.emplace_back();
      if (!convert(item, out.items.back()))
        return false;
    }
    return true;
  case YAML::NodeType::Map: {
    out.kind = TValue::Mapping;
    out.range = SMRange(start, start);
    StringMap<SMLoc> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node &key = it->first;
      if (!key.IsScalar()) {
        diags.report(loc(key.Mark()), DiagID::ImportInvalidYAML,
                     "a mapping key must be a plain string");
        return false;
      }
      SMRange keyRange = scalarRange(key);
      auto [pos, inserted] = seen.try_emplace(key.Scalar(), keyRange.Start);
      if (!inserted) {
        diags
            .report(
                keyRange, DiagID::ImportInvalidYAML,
                formatv("mapping key '{0}' is given twice", key.Scalar()).str())
            .note(pos->second, DiagID::NoteFirstDefinedHere);
        return false;
      }
      out.keys.push_back(key.Scalar());
      out.keyRanges.push_back(keyRange);
      out.items.emplace_back();
      if (!convert(it->second, out.items.back()))
        return false;
    }
    return true;
  }
  }
  return false;
}

bool Converter::convertTagged(const YAML::Node &node, StringRef tag,
                              TValue &out) {
  SMLoc start = loc(node.Mark());
  TValue arg;
  if (!convert(node, arg, /*honourTag=*/false))
    return false;
  arg.range.Start = start;
  std::string name;
  if (tag == "Ref" || tag == "Condition") {
    name = tag.str();
  } else {
    name = ("Fn::" + tag).str();
    // `!GetAtt Res.Attr` is the long form's [Res, Attr].
    if (tag == "GetAtt" && arg.isScalar()) {
      auto [res, attr] = StringRef(arg.text).split('.');
      TValue list;
      list.kind = TValue::Sequence;
      list.range = arg.range;
      list.items.push_back(TValue::scalar(res.str(), arg.range));
      list.items.push_back(TValue::scalar(attr.str(), arg.range));
      arg = std::move(list);
    }
  }
  out = TValue();
  out.kind = TValue::Mapping;
  out.range = SMRange(start, start);
  out.keys.push_back(std::move(name));
  out.keyRanges.push_back(SMRange(start, start));
  out.items.push_back(std::move(arg));
  return true;
}

} // namespace

std::optional<TValue> parseTemplate(SourceMgr &sm, unsigned bufferID,
                                    DiagnosticEngine &diags) {
  const MemoryBuffer &buf = *sm.getMemoryBuffer(bufferID);
  // The .rules output must be UTF-8, and yaml-cpp would silently turn a bad
  // byte into U+FFFD.
  const auto *begin = reinterpret_cast<const UTF8 *>(buf.getBufferStart());
  const UTF8 *cursor = begin;
  const auto *end = reinterpret_cast<const UTF8 *>(buf.getBufferEnd());
  if (!isLegalUTF8String(&cursor, end)) {
    SMLoc at = SMLoc::getFromPointer(buf.getBufferStart() + (cursor - begin));
    diags.report(at, DiagID::FileNotUTF8);
    return std::nullopt;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(buf.getBuffer()));
  } catch (const YAML::Exception &e) {
    SMLoc at = SMLoc::getFromPointer(buf.getBufferStart());
    if (!e.mark.is_null() && e.mark.pos >= 0 &&
        static_cast<size_t>(e.mark.pos) <= buf.getBufferSize())
      at = SMLoc::getFromPointer(buf.getBufferStart() + e.mark.pos);
    diags.report(at, DiagID::ImportInvalidYAML, e.msg);
    return std::nullopt;
  }
  TValue out;
  Converter conv(buf, diags);
  try {
    if (!conv.convert(root, out))
      return std::nullopt;
  } catch (const YAML::Exception &e) {
    diags.report(SMLoc::getFromPointer(buf.getBufferStart()),
                 DiagID::ImportInvalidYAML, e.msg);
    return std::nullopt;
  }
  return out;
}

std::optional<TValue> readTemplate(StringRef path, SourceMgr &sm,
                                   DiagnosticEngine &diags) {
  std::unique_ptr<MemoryBuffer> buf =
      readSourceFile(path, MaxTemplateSize, diags);
  if (!buf)
    return std::nullopt;
  unsigned id = sm.AddNewSourceBuffer(std::move(buf), SMLoc());
  return parseTemplate(sm, id, diags);
}

} // namespace rulecc::import
