//===- TextDocument.cpp - Document text and UTF-16 positions --------------===//

#include "lsp/TextDocument.h"

#include "frontend/UTF8.h"

#include <algorithm>

using namespace llvm;

namespace rulecc::lsp {

LineIndex::LineIndex(StringRef text) : text(text) {
  lineStarts.push_back(0);
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    if (c == '\r' && i + 1 < e && text[i + 1] == '\n')
      ++i;
    if (c == '\n' || c == '\r')
      lineStarts.push_back(i + 1);
  }
}

StringRef LineIndex::line(unsigned line) const {
  if (line >= lineStarts.size())
    return StringRef();
  size_t start = lineStarts[line];
  size_t end =
      line + 1 < lineStarts.size() ? lineStarts[line + 1] : text.size();
  StringRef l = text.slice(start, end);
  if (l.endswith("\n"))
    l = l.drop_back();
  if (l.endswith("\r"))
    l = l.drop_back();
  return l;
}

Position LineIndex::positionOf(size_t offset) const {
  offset = std::min(offset, text.size());
  auto it = std::upper_bound(lineStarts.begin(), lineStarts.end(), offset);
  unsigned line = unsigned(it - lineStarts.begin()) - 1;
  size_t start = lineStarts[line];
  // Count whole characters only: back up to the start of the character the
  // offset falls in.
  size_t end = offset;
  while (end > start && end < text.size() &&
         (uint8_t(text[end]) & 0xC0) == 0x80)
    --end;
  return {line, unsigned(countUTF16Units(text.slice(start, end)))};
}

size_t LineIndex::offsetOf(Position p) const {
  if (p.line >= lineStarts.size())
    return text.size();
  StringRef l = line(p.line);
  size_t start = lineStarts[p.line];
  unsigned units = 0;
  for (size_t i = 0; i < l.size();) {
    uint8_t c = uint8_t(l[i]);
    size_t len = c < 0x80    ? 1
                 : c >= 0xF0 ? 4
                 : c >= 0xE0 ? 3
                 : c >= 0xC0 ? 2
                             : 1;
    unsigned width = c >= 0xF0 ? 2 : 1;
    if (units + width > p.character)
      return start + i;
    units += width;
    i = std::min(i + len, l.size());
  }
  return start + l.size();
}

TextDocument::TextDocument(std::string text, int64_t version)
    : text(std::move(text)), version(version), index(this->text) {}

void TextDocument::setText(std::string newText) {
  text = std::move(newText);
  index = LineIndex(text);
}

Error TextDocument::applyChange(std::optional<Range> range, StringRef newText) {
  if (!range) {
    setText(newText.str());
    return Error::success();
  }
  size_t start = index.offsetOf(range->start);
  size_t end = index.offsetOf(range->end);
  if (range->end < range->start || end < start)
    return createStringError(inconvertibleErrorCode(),
                             "the change's range ends before it starts");
  std::string updated;
  updated.reserve(text.size() - (end - start) + newText.size());
  updated.append(text, 0, start);
  updated.append(newText.data(), newText.size());
  updated.append(text, end, std::string::npos);
  setText(std::move(updated));
  return Error::success();
}

} // namespace rulecc::lsp
