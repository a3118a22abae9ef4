//===- DiagnosticsText.cpp - clang-style text rendering of diagnostics ----===//
// llvm::SMDiagnostic draws the header, source line, caret, `~~~` ranges and
// fix-its exactly as clang does; this file feeds it a bounded, printable
// view of the source line so that bad input cannot flood the terminal.
//===----------------------------------------------------------------------===//

#include "frontend/Diagnostics.h"
#include "frontend/DiagnosticsInternal.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Unicode.h"

#include <algorithm>

using namespace llvm;

namespace rulecc {
namespace detail {
namespace {

/// Collects rendered text, with colour escapes when asked even though it is
/// not a terminal (the driver decides about colour, not the stream).
class RenderBuffer : public raw_ostream {
public:
  RenderBuffer(std::string &out, bool color)
      : raw_ostream(/*unbuffered=*/true), out(out), color(color) {
    enable_colors(color);
  }
  bool has_colors() const override { return color; }
  bool is_displayed() const override { return color; }

private:
  void write_impl(const char *ptr, size_t size) override {
    out.append(ptr, size);
  }
  uint64_t current_pos() const override { return out.size(); }
  std::string &out;
  bool color;
};

SourceMgr::DiagKind toDiagKind(Severity severity) {
  switch (severity) {
  case Severity::Error:
    return SourceMgr::DK_Error;
  case Severity::Warning:
    return SourceMgr::DK_Warning;
  case Severity::Note:
    return SourceMgr::DK_Note;
  }
  llvm_unreachable("unknown severity");
}

bool isContinuationByte(char c) { return (uint8_t(c) & 0xC0) == 0x80; }

/// The part of one source line that is shown, as printable text, with the
/// display column of every byte of the window. SMDiagnostic draws no caret
/// under a line with non-ASCII characters (it cannot tell their width), so it
/// is given a "shadow" of the line, ASCII with the same columns, and the real
/// line is printed in its place.
class LineView {
public:
  LineView(const char *lineStart, size_t lineLen, size_t caretOffset) {
    // A window around the caret, its edges moved onto UTF-8 boundaries.
    begin = 0;
    end = lineLen;
    if (lineLen > maxSnippetBytes) {
      size_t half = maxSnippetBytes / 2;
      begin = caretOffset > half ? caretOffset - half : 0;
      end = std::min(lineLen, begin + maxSnippetBytes);
      begin = end - maxSnippetBytes;
      while (begin < caretOffset && isContinuationByte(lineStart[begin]))
        ++begin;
      while (end > caretOffset && end < lineLen &&
             isContinuationByte(lineStart[end]))
        --end;
    }
    first = lineStart + begin;
    last = lineStart + end;
    build(lineLen);
  }

  /// Display column of `p`, clamped to the window.
  unsigned columnOf(const char *p) const {
    p = std::clamp(p, first, last);
    return columns[p - first];
  }
  bool contains(const char *p) const { return p >= first && p <= last; }
  const char *windowBegin() const { return first; }
  const char *windowEnd() const { return last; }
  /// What SMDiagnostic lays the caret out against.
  const std::string &shadowText() const { return shadow; }
  /// What the user sees; differs from the shadow only by wide characters.
  const std::string &displayText() const { return display; }

private:
  void append(StringRef shown, StringRef shadowed) {
    display += shown;
    shadow += shadowed;
  }

  void build(size_t lineLen) {
    columns.resize(last - first + 1);
    if (begin > 0)
      append("...", "...");
    for (const char *p = first; p < last;) {
      columns[p - first] = shadow.size();
      uint8_t c = uint8_t(*p);
      if (c == '\t') {
        // Expanded here, so that both lines expand alike.
        do
          append(" ", " ");
        while (shadow.size() % 8);
        ++p;
        continue;
      }
      if (c >= 0x20 && c < 0x7f) {
        append(StringRef(p, 1), StringRef(p, 1));
        ++p;
        continue;
      }
      if (c >= 0x80) {
        unsigned n = getNumBytesForUTF8(c);
        const auto *u = reinterpret_cast<const UTF8 *>(p);
        int width = n > 1 && p + n <= last && isLegalUTF8Sequence(u, u + n)
                        ? sys::unicode::columnWidthUTF8(StringRef(p, n))
                        : -1;
        if (width >= 0) {
          for (unsigned k = 1; k < n; ++k)
            columns[p + k - first] = shadow.size();
          append(StringRef(p, n), std::string(width, '.'));
          p += n;
          continue;
        }
      }
      // Control characters and bytes that are not (printable) UTF-8 would
      // garble the terminal; show them as clang does.
      std::string escaped = "<" + toHex(StringRef(p, 1)) + ">";
      append(escaped, escaped);
      ++p;
    }
    columns[last - first] = shadow.size();
    if (end < lineLen)
      append("...", "...");
  }

  size_t begin, end;
  const char *first, *last;
  std::string display, shadow;
  SmallVector<unsigned, 128> columns;
};

/// The source line, caret, ranges and fix-its of a diagnostic at the
/// location `resolver` has just resolved.
void renderSnippet(const PositionResolver &resolver, raw_ostream &os,
                   SourceMgr::DiagKind kind, SMRange range,
                   ArrayRef<SMRange> extraRanges, ArrayRef<FixIt> fixIts,
                   unsigned line, bool color) {
  const SourceMgr &sm = resolver.getSourceMgr();
  const MemoryBuffer *mb = sm.getMemoryBuffer(resolver.getBufferID());
  const char *bufStart = mb->getBufferStart();
  const char *bufEnd = mb->getBufferEnd();
  const char *loc = range.Start.getPointer();
  StringRef lineText = resolver.getLine();
  LineView view(lineText.data(), lineText.size(), loc - lineText.data());

  auto inBuffer = [&](SMRange r) {
    return r.isValid() && r.Start.getPointer() >= bufStart &&
           r.End.getPointer() <= bufEnd &&
           r.Start.getPointer() <= r.End.getPointer();
  };
  std::vector<std::pair<unsigned, unsigned>> columnRanges;
  auto addRange = [&](SMRange r) {
    if (!inBuffer(r) || r.End.getPointer() < view.windowBegin() ||
        r.Start.getPointer() > view.windowEnd())
      return;
    columnRanges.emplace_back(view.columnOf(r.Start.getPointer()),
                              view.columnOf(r.End.getPointer()));
  };
  addRange(range);
  for (SMRange r : extraRanges)
    addRange(r);

  const std::string &text = view.shadowText();
  SmallVector<SMFixIt, 4> hints;
  for (const FixIt &fix : fixIts) {
    // A fix-it is drawn only when it lies wholly in the shown window.
    if (!inBuffer(fix.range) || !view.contains(fix.range.Start.getPointer()) ||
        !view.contains(fix.range.End.getPointer()) ||
        fix.replacement.size() > maxSnippetBytes)
      continue;
    const char *b = text.data();
    hints.emplace_back(
        SMRange(SMLoc::getFromPointer(
                    b + view.columnOf(fix.range.Start.getPointer())),
                SMLoc::getFromPointer(
                    b + view.columnOf(fix.range.End.getPointer()))),
        fix.replacement);
  }

  unsigned caret = view.columnOf(loc);
  // SMDiagnostic finds the line start as Loc - column, so Loc points into the
  // shadow text. Its header line is empty here and dropped, and the shadow
  // line it prints is replaced by the real one.
  SMDiagnostic snippet(sm, SMLoc::getFromPointer(text.data() + caret), "", line,
                       caret, kind, "", text, columnRanges, hints);
  std::string rendered;
  {
    RenderBuffer buf(rendered, color);
    snippet.print(nullptr, buf, color, /*ShowKindLabel=*/false);
  }
  StringRef body = StringRef(rendered).drop_front(rendered.find('\n') + 1);
  if (view.displayText() != text)
    os << view.displayText() << body.drop_front(body.find('\n'));
  else
    os << body;
}

} // namespace

void renderDiagnostic(PositionResolver &resolver, raw_ostream &os,
                      Severity severity, SMRange range, StringRef filename,
                      StringRef message, ArrayRef<SMRange> extraRanges,
                      ArrayRef<FixIt> fixIts, bool color) {
  SourceMgr::DiagKind kind = toDiagKind(severity);
  SourcePosition pos = resolver.resolve(range.Start);
  std::string rendered;
  RenderBuffer buf(rendered, color);
  if (!pos.isValid()) {
    SMDiagnostic(filename, kind, message).print(nullptr, buf, color);
    os << rendered;
    return;
  }
  // The header carries the real line and byte column; the source line below
  // may be a window of the real one, so the two are drawn separately.
  StringRef name = pos.filename == "-" ? StringRef("<stdin>") : pos.filename;
  // (Twine, not formatv: GCC 12 warns inside LLVM's integer formatter.)
  std::string where =
      (name + ":" + Twine(pos.line) + ":" + Twine(pos.column)).str();
  SMDiagnostic(where, kind, message).print(nullptr, buf, color);
  renderSnippet(resolver, buf, kind, range, extraRanges, fixIts, pos.line,
                color);
  os << rendered;
}

} // namespace detail

namespace {

/// Prints each diagnostic as it arrives, then clang's summary line.
class TextConsumer : public DiagnosticConsumer {
public:
  TextConsumer(SourceMgr &sm, raw_ostream &os, bool color)
      : resolver(sm), os(os), color(color) {}

  void handle(const Diagnostic &diag) override {
    // The error limit's last word is not an error of the input.
    bool counted = diag.id != DiagID::TooManyErrors;
    if (counted && diag.severity == Severity::Error)
      ++errors;
    else if (counted && diag.severity == Severity::Warning)
      ++warnings;
    print(diag);
    for (const Diagnostic &note : diag.notes)
      print(note);
    os.flush();
  }

  void finish() override {
    auto count = [](unsigned n, StringRef what) {
      return (Twine(n) + " " + what + (n == 1 ? "" : "s")).str();
    };
    if (warnings && errors)
      os << count(warnings, "warning") << " and " << count(errors, "error");
    else if (warnings)
      os << count(warnings, "warning");
    else if (errors)
      os << count(errors, "error");
    else
      return;
    os << " generated.\n";
    os.flush();
  }

private:
  void print(const Diagnostic &diag) {
    std::string message = diag.message;
    if (diag.severity != Severity::Note)
      message += formatv(" [{0}]", getDiagInfo(diag.id).name).str();
    detail::renderDiagnostic(resolver, os, diag.severity, diag.range,
                             diag.filename, message, diag.extraRanges,
                             diag.fixIts, color);
  }

  detail::PositionResolver resolver;
  raw_ostream &os;
  bool color;
  unsigned errors = 0;
  unsigned warnings = 0;
};

} // namespace

std::unique_ptr<DiagnosticConsumer>
createTextConsumer(SourceMgr &sm, raw_ostream &os, bool color) {
  return std::make_unique<TextConsumer>(sm, os, color);
}

} // namespace rulecc
