//===- EvalCommand.h - `rulecc eval`: run body rules on items locally -----===//
// The subcommand's options, input split and run; the driver calls it after
// lowering and checking the application.
//===----------------------------------------------------------------------===//
#ifndef RULECC_TOOLS_RULECC_EVALCOMMAND_H
#define RULECC_TOOLS_RULECC_EVALCOMMAND_H

#include "frontend/Diagnostics.h"
#include "ir/IR.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/CommandLine.h"

#include <string>
#include <vector>

namespace rulecc {

/// The options only `rulecc eval` takes (--rule, --param, --now, --format,
/// --snapshot), shown by --help beside the driver's.
llvm::cl::OptionCategory &evalCategory();

/// Moves the item files (every input not ending in `.rules`) out of
/// `inputs`, in order.
std::vector<std::string> takeItemFiles(std::vector<std::string> &inputs);

/// Evaluates the application's body rules on the items; returns the exit
/// status (0 every item evaluated, 1 an ERROR verdict or a diagnostic, 2
/// usage or I/O errors).
int runEval(const ir::Application &app, llvm::ArrayRef<std::string> itemFiles,
            DiagnosticEngine &diags, bool timePhases);

} // namespace rulecc

#endif // RULECC_TOOLS_RULECC_EVALCOMMAND_H
