//===- Check.h - Checking open documents as applications ------------------===//
// Runs the command line's phases over the open documents (unsaved text wins
// over the disk) and turns the diagnostics into the protocol's terms.
//===----------------------------------------------------------------------===//
#ifndef RULECC_LSP_CHECK_H
#define RULECC_LSP_CHECK_H

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "ir/IR.h"
#include "lsp/Protocol.h"
#include "lsp/TextDocument.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rulecc::lsp {

/// An open document as a check sees it.
struct DocumentState {
  std::string uri;      // as the client wrote it
  std::string path;     // the local path it names
  std::string resolved; // resolveSourcePath(path): the file's identity
  int64_t version = 0;
  std::string text;
};

struct TextEdit {
  Range range;
  std::string newText;
};

/// A fix-it (or a note's alternative fix) as a code action.
struct Fix {
  std::string title;
  bool preferred = false; // the diagnostic's own fix-its
  /// Edits by document URI, in the order the files first appear.
  std::vector<std::pair<std::string, std::vector<TextEdit>>> edits;
};

struct RelatedInformation {
  std::string uri;
  Range range;
  std::string message;
};

/// One diagnostic of one file.
struct FileDiagnostic {
  Range range;
  Severity severity = Severity::Error;
  std::string code; // the stable diagnostic id
  std::string message;
  std::vector<RelatedInformation> related;
  std::vector<Fix> fixes;
};
llvm::json::Value toJSON(const FileDiagnostic &d);

/// One application: a root document and the files it requires,
/// transitively, checked together as `rulecc --check` would.
struct ApplicationCheck {
  std::string root; // the root document's resolved path
  llvm::SourceMgr sm;
  std::vector<std::unique_ptr<ast::File>> files;
  /// Null when a file did not parse (lowering is skipped, as on the command
  /// line); possibly incomplete when lowering reported errors.
  std::unique_ptr<ir::Application> app;
  std::vector<Diagnostic> diagnostics;
};

/// What a check found about one file.
struct FileAnalysis {
  std::string uri;
  std::string resolved;
  std::shared_ptr<const ApplicationCheck> check;
  const ast::File *file = nullptr; // null when it could not be read
  /// The text it was checked with (the buffer in check->sm), indexed.
  llvm::StringRef text;
  std::shared_ptr<const LineIndex> lines;
  std::vector<FileDiagnostic> diagnostics;
};

/// Every file of every application of the open documents, at one
/// generation of edits.
struct WorkspaceAnalysis {
  uint64_t generation = 0;
  llvm::StringMap<FileAnalysis> byURI;
  /// The roots that were checked (the others were required by one).
  std::vector<std::string> roots;
};

struct CheckOptions {
  /// Applies the command line's -W options to each check's engine.
  std::function<void(DiagnosticEngine &)> configureDiagnostics;
};

/// Checks `docs` (sorted or not) as applications: each document not
/// required by another open document is a root; a file's diagnostics come
/// from an application that requires it, else from its own. `previous`
/// tells which documents were required last time, so they are not checked
/// as roots again. Returns null as soon as `cancelled()` is true.
std::shared_ptr<WorkspaceAnalysis>
checkWorkspace(llvm::ArrayRef<DocumentState> docs, uint64_t generation,
               const WorkspaceAnalysis *previous,
               llvm::function_ref<bool()> cancelled,
               const CheckOptions &options);

} // namespace rulecc::lsp

#endif // RULECC_LSP_CHECK_H
