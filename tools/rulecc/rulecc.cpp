//===- rulecc.cpp - The rulecc driver -------------------------------------===//
// Parses options, runs the phases (load -> parse -> lower/check -> backend)
// and writes the outputs atomically when no error was reported.
//===----------------------------------------------------------------------===//

#include "backends/Output.h"
#include "backends/bundle/Bundle.h"
#include "backends/cfn/CloudFormation.h"
#include "backends/terraform/Terraform.h"
#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "frontend/Parser.h"
#include "import/Import.h"
#include "ir/IR.h"
#include "ir/Lowering.h"
#include "lsp/Server.h"
#include "tools/rulecc/EvalCommand.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace llvm;
using namespace rulecc;

namespace {

cl::OptionCategory ruleccCategory("rulecc options");

cl::list<std::string> inputFiles(cl::Positional, cl::desc("<file.rules>..."),
                                 cl::cat(ruleccCategory));

enum class Target { CloudFormation, Terraform, Bundle, None };
cl::opt<Target> target(
    "target", cl::desc("What to compile the application to"),
    cl::values(clEnumValN(Target::CloudFormation, "cfn",
                          "CloudFormation YAML template (default)"),
               clEnumValN(Target::Terraform, "terraform",
                          "Terraform JSON (main.tf.json) and the "
                          "functions' code zips beside it"),
               clEnumValN(Target::Bundle, "bundle",
                          "the code of every custom Lambda rule (handler and "
                          "runtime helpers): -o DIR/ for a directory per "
                          "function, -o FILE.zip for one zip"),
               clEnumValN(Target::None, "none", "Nothing: only check")),
    cl::init(Target::CloudFormation), cl::cat(ruleccCategory));

cl::opt<std::string>
    outputPath("o",
               cl::desc("Output file, or directory (an existing directory or "
                        "a path ending in '/'); default: stdout"),
               cl::value_desc("FILE|DIR"), cl::cat(ruleccCategory));

enum class Emit { None, Tokens, AST, IR };
cl::opt<Emit> emitAction(
    "emit", cl::desc("Print a phase's dump to stdout instead of compiling"),
    cl::values(clEnumValN(Emit::Tokens, "tokens", "the token stream"),
               clEnumValN(Emit::AST, "ast", "the syntax tree"),
               clEnumValN(Emit::IR, "ir", "the resolved rule IR")),
    cl::init(Emit::None), cl::cat(ruleccCategory));

cl::opt<bool> timePhases(
    "time-phases",
    cl::desc("Print the time each phase takes (parse, lower and check, "
             "emit, write) to stderr when done"),
    cl::cat(ruleccCategory));

/// Times one phase under --time-phases (LLVM's timer table, like clang's
/// -ftime-report); costs nothing otherwise.
struct PhaseTimer : NamedRegionTimer {
  PhaseTimer(StringRef name, StringRef description)
      : NamedRegionTimer(name, description, "rulecc", "rulecc phases",
                         timePhases) {}
};

cl::opt<bool> checkOnly("check",
                        cl::desc("Only check the application; write nothing"),
                        cl::cat(ruleccCategory));

cl::opt<cfn::CfnOptions::CodeMode> codeMode(
    "code", cl::desc("Where Lambda handler code goes (CloudFormation)"),
    cl::values(
        clEnumValN(cfn::CfnOptions::Inline, "inline",
                   "in the template (Code.ZipFile; Python and Node.js)"),
        clEnumValN(cfn::CfnOptions::Package, "package",
                   "a directory per function beside the template, for "
                   "'aws cloudformation package'"),
        clEnumValN(cfn::CfnOptions::S3, "s3",
                   "a zip per function beside the template, referenced by a "
                   "CodeBucket parameter and a content-addressed S3Key"),
        clEnumValN(cfn::CfnOptions::Auto, "auto",
                   "inline while the template can hold the code (handlers "
                   "up to 64 KiB), else package (default)")),
    cl::init(cfn::CfnOptions::Auto), cl::cat(ruleccCategory));

enum class DiagFormat { Text, JSON, SARIF };
cl::opt<DiagFormat> diagFormat(
    "diagnostics-format", cl::desc("How diagnostics are printed on stderr"),
    cl::values(clEnumValN(DiagFormat::Text, "text", "clang-style text"),
               clEnumValN(DiagFormat::JSON, "json", "one JSON document"),
               clEnumValN(DiagFormat::SARIF, "sarif",
                          "a SARIF 2.1.0 log (code scanning, editors)")),
    cl::init(DiagFormat::Text), cl::cat(ruleccCategory));

constexpr StringLiteral ruleccVersion = "0.1.0";

cl::list<std::string>
    warningFlags("W", cl::Prefix,
                 cl::desc("-Werror: warnings are errors; -W<id> / -Wno-<id>: "
                          "enable or disable the warning with that id"),
                 cl::value_desc("error|id|no-id"), cl::cat(ruleccCategory));

cl::opt<bool> verifyDiagnostics(
    "verify-diagnostics",
    cl::desc("Check diagnostics against '# expected-error@+N {{...}}' "
             "comments in the input instead of printing them"),
    cl::cat(ruleccCategory));

cl::list<std::string> importParameters(
    "parameter",
    cl::desc("rulecc import: the value of a template parameter, used instead "
             "of its Default"),
    cl::value_desc("NAME=VALUE"), cl::cat(ruleccCategory));

/// `rulecc import TEMPLATE`: set when the first argument is `import`.
bool importMode = false;
/// `rulecc eval APP.rules... ITEM.json...`: the first argument is `eval`.
bool evalMode = false;
/// `rulecc lsp`: set when the first argument is `lsp`.
bool lspMode = false;

/// Applies -Werror, -W<id> and -Wno-<id>; returns the first unknown flag.
std::optional<std::string> applyWarningFlags(DiagnosticEngine &diags) {
  for (const std::string &flag : warningFlags) {
    StringRef f(flag);
    if (f == "error")
      diags.setWarningsAsErrors(true);
    else if (f == "no-error")
      diags.setWarningsAsErrors(false);
    else if (f.consume_front("no-") ? !diags.setWarningEnabled(f, false)
                                    : !diags.setWarningEnabled(f, true))
      return flag;
  }
  return std::nullopt;
}

/// Exit statuses: 0 success (warnings allowed), 1 diagnostics with errors,
/// 2 usage or I/O errors.
enum ExitStatus { ExitOK = 0, ExitErrors = 1, ExitUsage = 2 };

int usageError(const Twine &msg) {
  WithColor::error(errs(), "rulecc") << msg << "\n";
  return ExitUsage;
}

bool useColor() {
  auto &opts = cl::getRegisteredOptions();
  auto it = opts.find("color");
  bool explicitlySet = it != opts.end() && it->second->getNumOccurrences();
  if (!explicitlySet && std::getenv("NO_COLOR"))
    return false;
  return WithColor(errs()).colorsEnabled();
}

/// The main file (whose stem is the default project name): the smallest
/// input path, so it does not depend on the order of files on the command
/// line.
std::string mainFile(ArrayRef<std::string> inputs) {
  return applicationLoweringOptions(inputs).mainFile;
}

OutputDestination destination() {
  OutputDestination dest;
  if (outputPath.empty())
    return dest;
  dest.path = outputPath;
  bool isDir =
      StringRef(outputPath).endswith("/") || sys::fs::is_directory(outputPath);
  dest.kind = isDir ? OutputDestination::Directory : OutputDestination::File;
  return dest;
}

/// What the phases produce. main() never destroys it: the process exits
/// right after, and tearing down a large AST and IR only costs time.
struct Compilation {
  std::vector<std::unique_ptr<ast::File>> files;
  std::unique_ptr<ir::Application> app;
  OutputSet out;
};

/// Writes the outputs; an output that cannot be written is reported.
int commitOutput(DiagnosticEngine &diags, const OutputSet &out,
                 const OutputDestination &dest) {
  if (Error err = out.commit(dest, outs())) {
    handleAllErrors(
        std::move(err),
        [&](const OutputError &e) {
          diags.reportFile(e.getPath(), DiagID::OutputWriteFailed, e.getPath(),
                           e.getReason());
        },
        [&](const ErrorInfoBase &e) {
          diags.reportFile(outputPath, DiagID::OutputWriteFailed,
                           outputPath.getValue(), e.message());
        });
    return ExitUsage;
  }
  return ExitOK;
}

/// `rulecc import TEMPLATE`: writes the `.rules` text of a CloudFormation
/// template or conformance pack.
int runImport(DiagnosticEngine &diags, Compilation &c) {
  if (inputFiles.size() != 1)
    return usageError("'rulecc import' takes exactly one template file");
  import::ImportOptions opts;
  for (StringRef p : importParameters) {
    auto [name, value] = p.split('=');
    if (name.empty() || !p.contains('='))
      return usageError("--parameter expects NAME=VALUE, not '" + p + "'");
    opts.parameters[name.str()] = value.str();
  }
  std::optional<std::string> text =
      import::importTemplate(inputFiles[0], opts, diags);
  if (!text || diags.hasErrors())
    return ExitErrors;
  c.out.setPrimary(sys::path::stem(inputFiles[0]).str() + ".rules",
                   std::move(*text));
  if (verifyDiagnostics)
    return ExitOK; // a verify run checks diagnostics; it writes nothing
  return commitOutput(diags, c.out, destination());
}

/// Runs the phases; returns the exit status.
int run(DiagnosticEngine &diags, Compilation &c) {
  if (importMode)
    return runImport(diags, c);
  std::vector<std::string> evalItems;
  if (evalMode) {
    evalItems = takeItemFiles(inputFiles);
    if (inputFiles.empty())
      return usageError("'rulecc eval' needs the application's .rules files");
  }
  SourceMgr &sm = diags.getSourceMgr();
  std::vector<std::unique_ptr<ast::File>> &files = c.files;
  {
    PhaseTimer t("parse", "parse (read, lex, parse, build the AST)");
    files = loadApplication(inputFiles, sm, diags);
  }

  if (emitAction == Emit::Tokens) {
    for (const auto &file : files)
      dumpTokens(sm, file->bufferID, outs(), diags);
    return diags.hasErrors() ? ExitErrors : ExitOK;
  }
  if (emitAction == Emit::AST) {
    for (const auto &file : files)
      ast::dump(*file, sm, outs());
    return diags.hasErrors() ? ExitErrors : ExitOK;
  }
  std::unique_ptr<ir::Application> &app = c.app;
  {
    PhaseTimer t("lower", "lower and check (IR, AWS catalogs)");
    app = lowerLoadedApplication(files, inputFiles, diags);
  }
  if (!app || diags.hasErrors())
    return ExitErrors;

  if (emitAction == Emit::IR) {
    ir::dump(*app, outs());
    return ExitOK;
  }
  if (evalMode)
    return runEval(*app, evalItems, diags, timePhases);
  if (checkOnly || target == Target::None)
    return ExitOK;

  OutputDestination dest = destination();
  OutputSet &out = c.out;
  bool emitted;
  if (target == Target::Terraform) {
    PhaseTimer t("emit", "emit Terraform");
    emitted = terraform::emitTerraform(*app, diags, out);
  } else if (target == Target::Bundle) {
    bundle::BundleOptions bundleOpts;
    bundleOpts.singleZip = dest.kind == OutputDestination::File;
    PhaseTimer t("emit", "emit the code bundle");
    emitted = bundle::emitBundle(*app, bundleOpts, diags, out);
  } else {
    cfn::CfnOptions cfnOpts;
    cfnOpts.code = codeMode;
    cfnOpts.directoryOutput = dest.kind == OutputDestination::Directory;
    PhaseTimer t("emit", "emit CloudFormation");
    emitted = cfn::emitCloudFormation(*app, cfnOpts, diags, out);
  }
  if (!emitted || diags.hasErrors())
    return ExitErrors;

  // Code is binary and many files: it never goes to stdout.
  if (target == Target::Bundle && dest.kind == OutputDestination::Stdout) {
    diags.reportFile(mainFile(inputFiles), DiagID::BundleNeedsOutput);
    return ExitUsage;
  }
  if (dest.kind == OutputDestination::Stdout && !out.getOthers().empty()) {
    diags.reportFile(mainFile(inputFiles), DiagID::OutputNeedsDirectory,
                     out.getOthers().size(), out.getOthers().front().relPath);
    return ExitUsage;
  }
  if (verifyDiagnostics)
    return ExitOK; // a verify run checks diagnostics; it writes nothing
  PhaseTimer t("write", "write the output files");
  return commitOutput(diags, out, dest);
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  // `rulecc import TEMPLATE [options]`: the subcommand word is dropped and
  // the options keep their meaning (-o, -W, --diagnostics-format).
  if (argc > 1 &&
      (StringRef(argv[1]) == "import" || StringRef(argv[1]) == "eval" ||
       StringRef(argv[1]) == "lsp")) {
    StringRef mode = argv[1];
    (mode == "import" ? importMode
     : mode == "eval" ? evalMode
                      : lspMode) = true;
    std::rotate(argv + 1, argv + 2, argv + argc);
    --argc;
    // Generic LSP clients (vscode-languageclient's default transport, some
    // Neovim and Emacs set-ups) append --stdio; stdio is the only transport,
    // so the flag is accepted and means nothing.
    if (lspMode)
      argc = std::remove_if(
                 argv + 1, argv + argc,
                 [](const char *a) { return StringRef(a) == "--stdio"; }) -
             argv;
  }
  cl::HideUnrelatedOptions({&ruleccCategory, &evalCategory()});
  // LLVM's own --color (auto-detected by default) is the one rulecc uses.
  if (auto *colorOpt = cl::getRegisteredOptions().lookup("color")) {
    colorOpt->setHiddenFlag(cl::NotHidden);
    colorOpt->addCategory(ruleccCategory);
  }
  cl::SetVersionPrinter(
      [](raw_ostream &os) { os << "rulecc " << ruleccVersion << "\n"; });
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "rulecc - a compiler for AWS Config rules\n\n"
          "  rulecc app.rules [more.rules...] [--target=cfn|terraform] "
          "[-o FILE|DIR]\n"
          "  rulecc app.rules [more.rules...] --target=bundle -o "
          "DIR/|FILE.zip\n"
          "  rulecc import TEMPLATE.yaml [--parameter NAME=VALUE...] "
          "[-o FILE.rules]\n"
          "  rulecc eval app.rules... [--rule NAME] [--param NAME=VALUE...] "
          "[--now T]\n"
          "              [--format=text|json] ITEM.json... | --snapshot "
          "FILE\n"
          "  rulecc lsp [-W...]\n\n"
          "Compiles rule classes written in the rule language into a\n"
          "CloudFormation template or a Terraform configuration (with\n"
          "-o DIR/: DIR/template.yaml or DIR/main.tf.json, and the\n"
          "functions' code beside it), or (--target=bundle) into the code\n"
          "of their Lambda functions. 'rulecc import' turns a CloudFormation\n"
          "template or conformance pack into rule classes. 'rulecc eval'\n"
          "runs the application's rule bodies on configuration items (a\n"
          "JSON item, an array of items, or an AWS Config snapshot) and\n"
          "prints each verdict, or a compliance summary per rule. 'rulecc "
          "lsp'\n"
          "is a language server on stdin/stdout (docs/lsp.md).\n"
          "Exit status: 0 success (warnings allowed), 1 errors in the input,\n"
          "2 usage or I/O errors.\n",
          &errs()))
    return ExitUsage;
  if (lspMode && !inputFiles.empty())
    return usageError("'rulecc lsp' takes no files: the editor opens them");
  if (inputFiles.empty() && !lspMode)
    return usageError("no input files (try --help)");

  SourceMgr sm;
  DiagnosticEngine diags(sm);
  if (std::optional<std::string> bad = applyWarningFlags(diags))
    return usageError("unknown warning '-W" + *bad + "'");
  if (lspMode) {
    lsp::ServerOptions opts;
    opts.version = ruleccVersion.str();
    opts.check.configureDiagnostics = [](DiagnosticEngine &d) {
      applyWarningFlags(d);
    };
    std::_Exit(lsp::runStdioServer(opts));
  }

  VerifyConsumer *verifier = nullptr;
  if (verifyDiagnostics) {
    auto consumer = std::make_unique<VerifyConsumer>(sm, errs());
    verifier = consumer.get();
    diags.setConsumer(std::move(consumer));
  } else if (diagFormat == DiagFormat::JSON) {
    diags.setConsumer(createJSONConsumer(sm, errs()));
  } else if (diagFormat == DiagFormat::SARIF) {
    SARIFOptions sarif;
    sarif.toolVersion = ruleccVersion.str();
    diags.setConsumer(createSARIFConsumer(sm, errs(), std::move(sarif)));
  } else {
    diags.setConsumer(createTextConsumer(sm, errs(), useColor()));
  }

  auto *compilation = new Compilation;
  int status = run(diags, *compilation);
  diags.finish();
  if (verifier)
    status = verifier->failed() ? ExitErrors : ExitOK;
  else if (status == ExitOK && diags.hasErrors())
    status = ExitErrors;
  // Everything is written; skip the destructors of the compilation and of
  // the parser's caches, which would only cost time at exit.
  if (timePhases)
    TimerGroup::printAll(errs());
  outs().flush();
  errs().flush();
  if (outs().has_error()) {
    outs().clear_error();
    WithColor::error(errs(), "rulecc") << "cannot write to standard output\n";
    std::_Exit(ExitUsage);
  }
  std::_Exit(status);
}
