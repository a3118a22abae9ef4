//===- LowerApplication.cpp - The check after loading, shared by clients --===//
// The command line and the language server lower an application the same
// way: same options, and no lowering of files that did not parse.
//===----------------------------------------------------------------------===//

#include "ir/Lowering.h"

#include "llvm/Support/Path.h"

#include <algorithm>

using namespace llvm;

namespace rulecc {

LoweringOptions applicationLoweringOptions(ArrayRef<std::string> inputs) {
  LoweringOptions opts;
  if (inputs.empty())
    return opts;
  opts.mainFile = *std::min_element(inputs.begin(), inputs.end());
  opts.defaultProject = sys::path::stem(opts.mainFile).str();
  return opts;
}

std::unique_ptr<ir::Application>
lowerLoadedApplication(ArrayRef<std::unique_ptr<ast::File>> files,
                       ArrayRef<std::string> inputs, DiagnosticEngine &diags) {
  if (diags.hasErrors())
    return nullptr;
  std::vector<const ast::File *> fileRefs;
  for (const auto &file : files)
    fileRefs.push_back(file.get());
  return lowerApplication(fileRefs, diags, applicationLoweringOptions(inputs));
}

} // namespace rulecc
