//===- Bundle.cpp - The code of each custom Lambda rule -------------------===//

#include "backends/bundle/Bundle.h"

#include "backends/bundle/BodyCodegen.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#include <optional>
#include <utility>
#include <vector>

using namespace llvm;

namespace rulecc::bundle {

namespace {
// PythonFiles() and NodeFiles(): runtime/python/*.py and runtime/node/*.js,
// embedded by utils/embed-files.py.
#include "RuntimeFiles.inc"

/// Characters that continue an identifier in Python or JavaScript, so that
/// `rulecc_runtime_v2` or `myrulecc_runtime` are not the helper module.
bool isIdentifierChar(char c) { return isAlnum(c) || c == '_' || c == '$'; }

/// The longest line text a diagnostic quotes.
constexpr size_t MaxQuotedLine = 80;

using DeflatedFiles = std::vector<std::optional<DeflatedBytes>>;

/// `files` deflated, in the same order; an entry is empty when deflate
/// failed (the zip writer then compresses that file itself and reports).
DeflatedFiles deflateAll(ArrayRef<RuntimeFile> files) {
  DeflatedFiles out;
  for (const RuntimeFile &f : files) {
    Expected<DeflatedBytes> d = deflateBytes(f.bytes);
    if (d) {
      out.push_back(std::move(*d));
    } else {
      consumeError(d.takeError());
      out.emplace_back();
    }
  }
  return out;
}

/// The index of the helper in `files` whose bytes are `bytes` (the same
/// memory, not equal contents), or -1.
int helperIndex(ArrayRef<RuntimeFile> files, StringRef bytes) {
  for (size_t i = 0; i < files.size(); ++i)
    if (files[i].bytes.data() == bytes.data() &&
        files[i].bytes.size() == bytes.size())
      return static_cast<int>(i);
  return -1;
}

/// The deflated form of `bytes` when they are an embedded runtime helper,
/// else null. Each language's helpers are deflated once per run, on first
/// use: every function of the language ships the same helpers, and
/// compressing them again for each function was most of the time a large
/// application's zips took.
const DeflatedBytes *deflatedRuntimeFile(StringRef bytes) {
  if (int i = helperIndex(PythonFiles(), bytes); i >= 0) {
    static const DeflatedFiles python = deflateAll(PythonFiles());
    return python[i] ? &*python[i] : nullptr;
  }
  if (int i = helperIndex(NodeFiles(), bytes); i >= 0) {
    static const DeflatedFiles node = deflateAll(NodeFiles());
    return node[i] ? &*node[i] : nullptr;
  }
  return nullptr;
}
} // namespace

ArrayRef<RuntimeFile> runtimeFiles(ir::Language lang) {
  switch (lang) {
  case ir::Language::Python:
    return PythonFiles();
  case ir::Language::Node:
    return NodeFiles();
  case ir::Language::Ruby:
    return {};
  }
  llvm_unreachable("unknown language");
}

std::optional<RuntimeUse> findRuntimeUse(const ir::Rule &rule) {
  if (rule.kind != ir::RuleKind::Handler || rule.language == ir::Language::Ruby)
    return std::nullopt;
  StringRef source = rule.handlerSource;
  for (size_t at = source.find(RuntimeModule); at != StringRef::npos;
       at = source.find(RuntimeModule, at + 1)) {
    size_t end = at + RuntimeModule.size();
    if ((at > 0 && isIdentifierChar(source[at - 1])) ||
        (end < source.size() && isIdentifierChar(source[end])))
      continue;
    size_t lineStart = source.rfind('\n', at);
    lineStart = lineStart == StringRef::npos ? 0 : lineStart + 1;
    RuntimeUse use;
    use.line = 1 + source.take_front(lineStart).count('\n');
    StringRef text = source.drop_front(lineStart).split('\n').first.trim();
    use.lineText = text.size() > MaxQuotedLine
                       ? (text.take_front(MaxQuotedLine) + "...").str()
                       : text.str();
    return use;
  }
  return std::nullopt;
}

StringRef shadowedRuntimeFile(const ir::Rule &rule) {
  std::string generated =
      rule.name + (rule.language == ir::Language::Node ? ".js" : ".py");
  StringRef name = rule.kind == ir::RuleKind::Body
                       ? StringRef(generated)
                       : sys::path::filename(rule.handlerPath);
  for (const RuntimeFile &f : runtimeFiles(rule.language))
    if (f.name == name)
      return f.name;
  return {};
}

std::optional<FunctionBundle> buildFunctionBundle(const ir::Rule &rule,
                                                  BundleContents contents,
                                                  DiagnosticEngine &diags) {
  if (StringRef shadowed = shadowedRuntimeFile(rule); !shadowed.empty()) {
    diags.report(rule.declRange, DiagID::HandlerShadowsRuntime, shadowed,
                 toString(rule.language));
    return std::nullopt;
  }
  FunctionBundle b;
  b.rule = &rule;
  b.functionName = rule.lambda->functionName;
  if (rule.kind == ir::RuleKind::Body) {
    GeneratedModule m = generateBodyModule(rule);
    b.generated = std::make_shared<const std::string>(std::move(m.source));
    b.handlerFile = m.fileName;
  } else {
    b.handlerFile = sys::path::filename(rule.handlerPath).str();
  }
  StringRef function = rule.lambda->handlerFunction;
  if (function.empty())
    function =
        rule.language == ir::Language::Node ? "handler" : "lambda_handler";
  b.handler = (sys::path::stem(b.handlerFile) + "." + function).str();

  b.files.push_back({b.handlerFile, b.generated
                                        ? StringRef(*b.generated)
                                        : StringRef(rule.handlerSource)});
  for (const RuntimeFile &f : runtimeFiles(rule.language))
    b.files.push_back({f.name.str(), f.bytes,
                       contents == BundleContents::FilesAndZip
                           ? deflatedRuntimeFile(f.bytes)
                           : nullptr});
  llvm::sort(b.files, [](const ZipEntry &x, const ZipEntry &y) {
    return x.name < y.name;
  });
  if (contents == BundleContents::Files)
    return b;

  Expected<std::string> zip = makeDeterministicZip(b.files);
  if (!zip) {
    diags.report(rule.declRange, DiagID::OutputWriteFailed,
                 b.functionName + ".zip", toString(zip.takeError()));
    return std::nullopt;
  }
  b.zip = std::move(*zip);
  b.sha256Hex = sha256Hex(b.zip);
  b.sha256Base64 = sha256Base64(b.zip);
  b.zipPath = b.functionName + "/" + b.sha256Hex + ".zip";
  return b;
}

std::optional<std::vector<FunctionBundle>>
buildBundles(const ir::Application &app, DiagnosticEngine &diags,
             BundleContents contents) {
  std::vector<FunctionBundle> bundles;
  bool ok = true;
  for (const ir::Rule *rule : app.allRules()) {
    if (!rule->isCustomLambda())
      continue;
    std::optional<FunctionBundle> b =
        buildFunctionBundle(*rule, contents, diags);
    if (!b) {
      ok = false;
      continue;
    }
    bundles.push_back(std::move(*b));
  }
  if (!ok)
    return std::nullopt;
  return bundles;
}

bool emitBundle(const ir::Application &app, const BundleOptions &opts,
                DiagnosticEngine &diags, OutputSet &out) {
  // The per-function zips are not part of this output: the directory holds
  // the files, and the single zip holds them under their function's name.
  std::optional<std::vector<FunctionBundle>> bundles =
      buildBundles(app, diags, BundleContents::Files);
  if (!bundles)
    return false;
  if (bundles->empty())
    diags.reportFile(app.mainFile, DiagID::NoLambdaRules);

  std::vector<ZipEntry> tree;
  for (const FunctionBundle &b : *bundles)
    for (const ZipEntry &f : b.files)
      tree.push_back({b.functionName + "/" + f.name, f.bytes,
                      opts.singleZip ? deflatedRuntimeFile(f.bytes) : nullptr});
  if (!opts.singleZip) {
    for (const ZipEntry &f : tree)
      out.add(f.name, f.bytes.str());
    return true;
  }
  Expected<std::string> zip = makeDeterministicZip(tree);
  if (!zip) {
    diags.reportFile(app.mainFile, DiagID::OutputWriteFailed, "bundle.zip",
                     toString(zip.takeError()));
    return false;
  }
  out.setPrimary("bundle.zip", std::move(*zip));
  return true;
}

} // namespace rulecc::bundle
