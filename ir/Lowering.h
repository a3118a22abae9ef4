//===- Lowering.h - AST -> rule IR ----------------------------------------===//
// Gives the generic call syntax its meaning: application settings, rule
// classes, the pending-properties model, defaults, names and structural checks.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IR_LOWERING_H
#define RULECC_IR_LOWERING_H

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "ir/IR.h"

#include "llvm/ADT/ArrayRef.h"

#include <memory>
#include <string>

namespace rulecc {

struct LoweringOptions {
  /// The `project` used when no file sets one: the stem of the main file.
  /// Characters outside `[A-Za-z0-9_-]` are replaced by `-`. When empty, the
  /// stem of the first file is used.
  std::string defaultProject;
  /// Recorded as Application::mainFile. When empty, the first file's path.
  std::string mainFile;
  /// Check managed rules against the managed-rule catalog (identifiers,
  /// parameters, triggers, scopes). Off only where placeholder identifiers
  /// stand for rules, as in tests of the structural checks.
  bool checkManagedRules = true;
};

/// Lowers the files of one application (already in the deterministic order:
/// sorted by resolved path, rules of a file in source order) to the rule IR.
/// Every problem is reported to `diags`; the result is always returned, but
/// when `diags.hasErrors()` it is incomplete and must not reach a backend.
std::unique_ptr<ir::Application>
lowerApplication(llvm::ArrayRef<const ast::File *> files,
                 DiagnosticEngine &diags, const LoweringOptions &options = {});

/// The options every client (the command line, the language server) lowers
/// an application with: `mainFile` is the smallest of `inputs` and
/// `defaultProject` its stem, so neither depends on the order of the inputs.
LoweringOptions applicationLoweringOptions(llvm::ArrayRef<std::string> inputs);

/// The check after loading, as every client runs it: null when loading
/// reported errors (lowering a tree with syntax errors would only add
/// cascading noise), else lowerApplication() with
/// applicationLoweringOptions(inputs).
std::unique_ptr<ir::Application>
lowerLoadedApplication(llvm::ArrayRef<std::unique_ptr<ast::File>> files,
                       llvm::ArrayRef<std::string> inputs,
                       DiagnosticEngine &diags);

} // namespace rulecc

#endif // RULECC_IR_LOWERING_H
