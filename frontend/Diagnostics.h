//===- Diagnostics.h - Diagnostic kinds, builder, engine and consumers ----===//
// Every phase reports errors, warnings and notes through DiagnosticEngine;
// consumers (text, JSON, the -verify checker) decide how they are shown.
//===----------------------------------------------------------------------===//
#ifndef RULECC_FRONTEND_DIAGNOSTICS_H
#define RULECC_FRONTEND_DIAGNOSTICS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rulecc {

/// Every diagnostic the project can emit, with a stable id
/// (DiagnosticKinds.def).
enum class DiagID : unsigned {
#define DIAG(ID, SEVERITY, NAME, FORMAT) ID,
#include "frontend/DiagnosticKinds.def"
  NumDiagIDs
};

enum class Severity { Error, Warning, Note };
/// "error", "warning" or "note", as printed and as in the JSON output.
llvm::StringRef getSeverityName(Severity severity);

/// The registry entry of a diagnostic kind.
struct DiagInfo {
  DiagID id;
  Severity severity;      // the default severity (warnings may become errors)
  llvm::StringRef name;   // stable kebab-case id, e.g. "unknown-managed-rule"
  llvm::StringRef format; // llvm::formatv format string: {0}, {1}, ...
};
const DiagInfo &getDiagInfo(DiagID id);
llvm::ArrayRef<DiagInfo> getAllDiagInfos();
std::optional<DiagID> lookupDiagName(llvm::StringRef name);

struct FixIt {
  llvm::SMRange range; // text replaced (empty range = insertion)
  std::string replacement;
};

/// A finished diagnostic as consumers see it.
struct Diagnostic {
  DiagID id;
  Severity severity;
  llvm::SMRange range;  // primary location; Start may be invalid for
                        // diagnostics without a location (e.g. bad file)
  std::string filename; // used only when range is invalid
  std::string message;
  std::vector<llvm::SMRange> extraRanges;
  std::vector<FixIt> fixIts;
  std::vector<Diagnostic> notes;
};

class DiagnosticEngine;

/// Accumulates notes, ranges and fix-its; the diagnostic is emitted when the
/// builder goes out of scope:
///   diags.report(range, DiagID::DuplicateRuleName, name)
///       .note(firstRange, DiagID::NoteFirstDefinedHere);
class DiagnosticBuilder {
public:
  DiagnosticBuilder(DiagnosticEngine *engine, Diagnostic diag)
      : engine(engine), diag(std::move(diag)) {}
  DiagnosticBuilder(DiagnosticBuilder &&other) noexcept
      : engine(other.engine), diag(std::move(other.diag)) {
    other.engine = nullptr;
  }
  DiagnosticBuilder(const DiagnosticBuilder &) = delete;
  ~DiagnosticBuilder();

  template <typename... Ts>
  DiagnosticBuilder &note(llvm::SMRange range, DiagID id, Ts &&...args) {
    return addNote(range, id, formatMessage(id, std::forward<Ts>(args)...));
  }
  template <typename... Ts>
  DiagnosticBuilder &note(llvm::SMLoc loc, DiagID id, Ts &&...args) {
    return note(llvm::SMRange(loc, loc), id, std::forward<Ts>(args)...);
  }
  DiagnosticBuilder &range(llvm::SMRange r) {
    diag.extraRanges.push_back(r);
    return *this;
  }
  DiagnosticBuilder &fixIt(llvm::SMRange r, llvm::StringRef replacement) {
    diag.fixIts.push_back({r, replacement.str()});
    return *this;
  }
  /// Inserts `text` before `loc`.
  DiagnosticBuilder &fixIt(llvm::SMLoc loc, llvm::StringRef text) {
    return fixIt(llvm::SMRange(loc, loc), text);
  }

  template <typename... Ts>
  static std::string formatMessage(DiagID id, Ts &&...args) {
    if constexpr (sizeof...(Ts) == 0)
      return getDiagInfo(id).format.str();
    else
      return llvm::formatv(getDiagInfo(id).format.data(),
                           std::forward<Ts>(args)...)
          .str();
  }

private:
  DiagnosticBuilder &addNote(llvm::SMRange range, DiagID id, std::string msg);
  DiagnosticEngine *engine;
  Diagnostic diag;
};

/// A resolved source position: buffer name, 1-based line and 1-based byte
/// column. Invalid (line 0) when the location is not in any buffer of `sm`.
struct SourcePosition {
  llvm::StringRef filename;
  unsigned line = 0;
  unsigned column = 0;
  bool isValid() const { return line != 0; }
};
SourcePosition getSourcePosition(const llvm::SourceMgr &sm, llvm::SMLoc loc);

/// Receives finished diagnostics. finish() is called once, after the run.
class DiagnosticConsumer {
public:
  virtual ~DiagnosticConsumer() = default;
  virtual void handle(const Diagnostic &diag) = 0;
  virtual void finish() {}
  /// Consumers for machines (JSON, -verify) see every diagnostic; the error
  /// limit only protects a human reading a terminal.
  virtual bool wantsAllDiagnostics() const { return false; }
};

/// Owns the consumer, applies -Werror / -W<id> / -Wno-<id>, and counts.
class DiagnosticEngine {
public:
  explicit DiagnosticEngine(llvm::SourceMgr &sm);
  ~DiagnosticEngine();

  llvm::SourceMgr &getSourceMgr() { return sm; }
  /// Without a consumer, diagnostics are only counted.
  void setConsumer(std::unique_ptr<DiagnosticConsumer> c);
  DiagnosticConsumer *getConsumer() { return consumer.get(); }

  template <typename... Ts>
  DiagnosticBuilder report(llvm::SMRange range, DiagID id, Ts &&...args) {
    return DiagnosticBuilder(this,
                             makeDiag(range, id,
                                      DiagnosticBuilder::formatMessage(
                                          id, std::forward<Ts>(args)...)));
  }
  template <typename... Ts>
  DiagnosticBuilder report(llvm::SMLoc loc, DiagID id, Ts &&...args) {
    return report(llvm::SMRange(loc, loc), id, std::forward<Ts>(args)...);
  }
  /// A diagnostic about a file as a whole (unreadable, not found).
  template <typename... Ts>
  DiagnosticBuilder reportFile(llvm::StringRef filename, DiagID id,
                               Ts &&...args) {
    Diagnostic d = makeDiag(
        llvm::SMRange(), id,
        DiagnosticBuilder::formatMessage(id, std::forward<Ts>(args)...));
    d.filename = filename.str();
    return DiagnosticBuilder(this, std::move(d));
  }

  void setWarningsAsErrors(bool on) { werror = on; }
  /// -W<name> (enable=true) or -Wno-<name>; returns false for unknown names
  /// and for names of errors and notes, which cannot be disabled.
  bool setWarningEnabled(llvm::StringRef name, bool enable);
  bool isWarningEnabled(DiagID id) const;

  /// After `limit` errors the engine emits `too-many-errors` and forwards
  /// nothing more to a consumer that does not want all diagnostics (counting
  /// goes on). 0 means no limit. The default is clang's 20.
  void setErrorLimit(unsigned limit) { errorLimit = limit; }
  unsigned getErrorLimit() const { return errorLimit; }

  unsigned getNumErrors() const { return numErrors; }
  unsigned getNumWarnings() const { return numWarnings; }
  bool hasErrors() const { return numErrors != 0; }

  /// Calls the consumer's finish() (once; later calls do nothing).
  void finish();

  // Used by DiagnosticBuilder. Messages over 1 KiB (one quoting a huge
  // token) are cut, ending in "...".
  void emit(Diagnostic diag);

private:
  Diagnostic makeDiag(llvm::SMRange range, DiagID id, std::string message);
  llvm::SourceMgr &sm;
  std::unique_ptr<DiagnosticConsumer> consumer;
  std::vector<bool> disabled; // indexed by DiagID
  bool werror = false;
  bool limitReached = false;
  bool finished = false;
  unsigned errorLimit = 20;
  unsigned numErrors = 0;
  unsigned numWarnings = 0;
};

/// clang-style text: `file:line:col: error: msg [id]`, source line, caret and
/// `~~~` ranges, fix-it hints, notes. Colour when `color` is set.
std::unique_ptr<DiagnosticConsumer>
createTextConsumer(llvm::SourceMgr &sm, llvm::raw_ostream &os, bool color);

/// One JSON document on finish(): {"diagnostics": [...]} with file, line,
/// column, end positions, severity, id, message, fixits, notes.
std::unique_ptr<DiagnosticConsumer> createJSONConsumer(llvm::SourceMgr &sm,
                                                       llvm::raw_ostream &os);

/// What a SARIF log says about the tool and where its files are.
struct SARIFOptions {
  std::string toolVersion;    // tool.driver.version; omitted when empty
  std::string informationURI; // tool.driver.informationUri; omitted when empty
  /// Absolute URI of docs/diagnostics.md: each rule's helpUri is this plus
  /// `#<id>`. Omitted when empty (SARIF wants an absolute URI there).
  std::string helpURI;
  /// The directory relative file names are relative to, given as the
  /// run's %SRCROOT%; default: the working directory.
  std::string baseDirectory;
};

/// SARIF 2.1.0 on finish(): one run; tool.driver.rules are every registered
/// kind in registry order (ruleIndex = DiagID), results carry the id, level,
/// message, region (1-based lines, columns in UTF-16 code units, end
/// exclusive), notes as relatedLocations and fix-its as fixes.
std::unique_ptr<DiagnosticConsumer> createSARIFConsumer(llvm::SourceMgr &sm,
                                                        llvm::raw_ostream &os,
                                                        SARIFOptions options);

/// The `--verify-diagnostics` checker: collects diagnostics, and on finish()
/// matches them against `# expected-error@+N {{...}}` comments in every
/// buffer of `sm`. Mismatches are printed to `os`; failed() tells the result.
class VerifyConsumer : public DiagnosticConsumer {
public:
  VerifyConsumer(llvm::SourceMgr &sm, llvm::raw_ostream &os);
  ~VerifyConsumer() override;
  void handle(const Diagnostic &diag) override;
  void finish() override;
  bool wantsAllDiagnostics() const override;
  /// True when a diagnostic was unexpected, an expectation unmet, or a
  /// directive malformed (meaningful after finish()).
  bool failed() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
};

} // namespace rulecc

#endif // RULECC_FRONTEND_DIAGNOSTICS_H
