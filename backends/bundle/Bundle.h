//===- Bundle.h - The code of each custom Lambda rule, as files and a zip -===//
// A function's code is its handler file unchanged plus its language's
// runtime helpers; every target that ships code (bundle, cfn, terraform) uses
// it.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_BUNDLE_BUNDLE_H
#define RULECC_BACKENDS_BUNDLE_BUNDLE_H

#include "backends/Output.h"
#include "backends/bundle/DeterministicZip.h"
#include "frontend/Diagnostics.h"
#include "ir/IR.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rulecc::bundle {

/// The module name handlers import the runtime helpers by
/// (`import rulecc_runtime`, `require('./rulecc_runtime')`).
constexpr llvm::StringLiteral RuntimeModule = "rulecc_runtime";

/// A runtime helper file compiled into rulecc at build time from
/// runtime/python/*.py and runtime/node/*.js.
struct RuntimeFile {
  llvm::StringRef name; // "rulecc_runtime.py"
  llvm::StringRef bytes;
};

/// The helpers shipped beside every handler of `lang`, sorted by name.
/// Ruby has none.
llvm::ArrayRef<RuntimeFile> runtimeFiles(ir::Language lang);

/// Where a handler's source refers to the runtime helpers.
struct RuntimeUse {
  unsigned line = 0;    // 1-based
  std::string lineText; // that line, without its line break
};

/// The first line of a Python or Node.js handler that names the runtime
/// module (any import or require of it); nullopt when none does, and always
/// for Ruby. A mention in a comment counts too: wrongly shipping the helpers
/// costs a few kilobytes, wrongly leaving them out breaks the function.
std::optional<RuntimeUse> findRuntimeUse(const ir::Rule &rule);

/// The code of one custom Lambda rule's function.
struct FunctionBundle {
  const ir::Rule *rule = nullptr;
  std::string functionName; // the function's directory and S3 key prefix
  /// "py_check.py": the user's file, unchanged; for a rule body, the
  /// generated module "<rule name>.py" / "<rule name>.js".
  std::string handlerFile;
  /// The Lambda `Handler` for this code: "<handler stem>.<function>". No
  /// entry point is generated: the handler file is the entry point.
  std::string handler;
  /// Every file of the code, sorted by name: the handler and the runtime
  /// helpers of its language. `bytes` point into the rule's handlerSource
  /// and the embedded helpers, which outlive the bundle.
  std::vector<ZipEntry> files;
  /// The generated module of a rule body (`files` points into it).
  std::shared_ptr<const std::string> generated;

  // Filled only when the bundle was built with a zip.
  std::string zip;          // deterministic (see DeterministicZip.h)
  std::string sha256Hex;    // lower-case hex SHA-256 of `zip`
  std::string sha256Base64; // base64 of the raw digest (source_code_hash)
  /// "<FunctionName>/<sha256Hex>.zip": content-addressed, so changed code
  /// is a new S3 key; every target writes the zip at this relative path.
  std::string zipPath;
};

/// What to build: the files alone (package directories) or the zip too.
enum class BundleContents { Files, FilesAndZip };

/// The runtime helper that `rule`'s handler file would collide with (same
/// file name), or an empty StringRef.
llvm::StringRef shadowedRuntimeFile(const ir::Rule &rule);

/// The bundle of `rule`, a custom Lambda rule (a handler file, or a body
/// compiled to a module). Reports at the rule and returns nullopt when the
/// handler's file name is a helper's (`handler-shadows-runtime`) or the zip
/// cannot be built.
std::optional<FunctionBundle> buildFunctionBundle(const ir::Rule &rule,
                                                  BundleContents contents,
                                                  DiagnosticEngine &diags);

/// The bundles of every custom Lambda rule of `app`, in source order;
/// nullopt after reporting any error.
std::optional<std::vector<FunctionBundle>>
buildBundles(const ir::Application &app, DiagnosticEngine &diags,
             BundleContents contents = BundleContents::FilesAndZip);

/// Options of `--target=bundle`.
struct BundleOptions {
  /// -o FILE: one deterministic zip holding `<FunctionName>/<file>` for
  /// every function; otherwise a directory of the same tree, unzipped.
  bool singleZip = false;
};

/// `--target=bundle`: every custom Lambda rule's code into `out`, as files
/// `<FunctionName>/<file>` or (singleZip) as the primary file `bundle.zip`.
/// Returns false after reporting errors.
bool emitBundle(const ir::Application &app, const BundleOptions &opts,
                DiagnosticEngine &diags, OutputSet &out);

} // namespace rulecc::bundle

#endif // RULECC_BACKENDS_BUNDLE_BUNDLE_H
