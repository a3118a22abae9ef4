//===- DiagnosticsJSON.cpp - Diagnostics as one JSON document -------------===//
// `--diagnostics-format=json`: every diagnostic of the run, printed once at
// finish() with keys in a fixed order, so the bytes depend only on the input.
//===----------------------------------------------------------------------===//

#include "frontend/Diagnostics.h"
#include "frontend/DiagnosticsInternal.h"

#include "llvm/Support/JSON.h"

using namespace llvm;

namespace rulecc {
namespace {

/// llvm::json requires valid UTF-8; file names and messages may quote bytes
/// of a broken input file.
std::string toUTF8(StringRef s) {
  return json::isUTF8(s) ? s.str() : json::fixUTF8(s);
}

class JSONConsumer : public DiagnosticConsumer {
public:
  JSONConsumer(SourceMgr &sm, raw_ostream &os) : resolver(sm), os(os) {}

  // Machines want everything; the error limit is for people.
  bool wantsAllDiagnostics() const override { return true; }

  void handle(const Diagnostic &diag) override {
    if (diag.severity == Severity::Error)
      ++errors;
    else if (diag.severity == Severity::Warning)
      ++warnings;
    diags.push_back(diag);
  }

  void finish() override {
    json::OStream j(os, /*IndentSize=*/2);
    j.object([&] {
      j.attributeArray("diagnostics", [&] {
        for (const Diagnostic &d : diags)
          writeDiagnostic(j, d, /*withNotes=*/true);
      });
      j.attribute("errors", int64_t(errors));
      j.attribute("warnings", int64_t(warnings));
    });
    os << "\n";
    os.flush();
  }

private:
  /// "file", then "line"/"column"/"endLine"/"endColumn" when the range is in
  /// a buffer (1-based; the end is exclusive, as in SMRange).
  void writeRange(json::OStream &j, SMRange range, StringRef fallbackFile) {
    SourcePosition start = resolver.resolve(range.Start);
    if (!start.isValid()) {
      j.attribute("file", toUTF8(fallbackFile));
      return;
    }
    SourcePosition end = resolver.resolve(range.End);
    if (!end.isValid() || end.filename != start.filename)
      end = start;
    j.attribute("file", toUTF8(start.filename));
    j.attribute("line", int64_t(start.line));
    j.attribute("column", int64_t(start.column));
    j.attribute("endLine", int64_t(end.line));
    j.attribute("endColumn", int64_t(end.column));
  }

  void writeDiagnostic(json::OStream &j, const Diagnostic &d, bool withNotes) {
    j.object([&] {
      j.attribute("id", getDiagInfo(d.id).name);
      j.attribute("severity", getSeverityName(d.severity));
      j.attribute("message", toUTF8(d.message));
      writeRange(j, d.range, d.filename);
      j.attributeArray("ranges", [&] {
        for (SMRange r : d.extraRanges)
          j.object([&] { writeRange(j, r, ""); });
      });
      j.attributeArray("fixits", [&] {
        for (const FixIt &fix : d.fixIts)
          j.object([&] {
            writeRange(j, fix.range, "");
            j.attribute("replacement", toUTF8(fix.replacement));
          });
      });
      if (withNotes)
        j.attributeArray("notes", [&] {
          for (const Diagnostic &note : d.notes)
            writeDiagnostic(j, note, /*withNotes=*/false);
        });
    });
  }

  detail::PositionResolver resolver;
  raw_ostream &os;
  std::vector<Diagnostic> diags;
  unsigned errors = 0;
  unsigned warnings = 0;
};

} // namespace

std::unique_ptr<DiagnosticConsumer> createJSONConsumer(SourceMgr &sm,
                                                       raw_ostream &os) {
  return std::make_unique<JSONConsumer>(sm, os);
}

} // namespace rulecc
