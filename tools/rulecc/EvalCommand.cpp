//===- EvalCommand.cpp - `rulecc eval`: run body rules on items locally ---===//
// Reads configuration items (one item, an array of items, or an AWS Config
// snapshot), runs every selected body rule on each with the evaluator and
// prints verdicts, or a compliance summary per rule for a snapshot.

#include "tools/rulecc/EvalCommand.h"

#include "frontend/Parser.h"
#include "runtime/eval/Eval.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdlib>

using namespace llvm;

namespace rulecc {

cl::OptionCategory &evalCategory() {
  static cl::OptionCategory category("rulecc eval options");
  return category;
}

namespace {

cl::opt<std::string>
    ruleName("rule",
             cl::desc("rulecc eval: the rule to run (its ConfigRuleName or "
                      "its name in the file); default: every body rule"),
             cl::value_desc("NAME"), cl::cat(evalCategory()));

cl::list<std::string>
    paramValues("param",
                cl::desc("rulecc eval: a rule parameter's value, decoded by "
                         "its declared type as AWS Config passes it"),
                cl::value_desc("NAME=VALUE"), cl::cat(evalCategory()));

cl::opt<std::string>
    nowOption("now",
              cl::desc("rulecc eval: the evaluation time (ISO 8601); "
                       "default: $RULECC_NOW, else the clock"),
              cl::value_desc("TIMESTAMP"), cl::cat(evalCategory()));

enum class OutputFormat { Text, JSON };
cl::opt<OutputFormat> outputFormat(
    "format", cl::desc("rulecc eval: how results are printed"),
    cl::values(clEnumValN(OutputFormat::Text, "text",
                          "one line per result "
                          "(default)"),
               clEnumValN(OutputFormat::JSON, "json", "one JSON document")),
    cl::init(OutputFormat::Text), cl::cat(evalCategory()));

cl::opt<std::string> snapshotFile(
    "snapshot",
    cl::desc("rulecc eval: an AWS Config snapshot (configurationItems[]); "
             "prints a compliance summary per rule"),
    cl::value_desc("FILE"), cl::cat(evalCategory()));

/// Item files larger than this are refused (values hold 32-bit lengths).
constexpr uint64_t MaxItemFileSize = uint64_t(2) << 30;

enum ExitStatus { ExitOK = 0, ExitErrors = 1, ExitUsage = 2 };

int usageError(const Twine &msg) {
  WithColor::error(errs(), "rulecc") << msg << "\n";
  return ExitUsage;
}

struct PhaseTimer : NamedRegionTimer {
  PhaseTimer(StringRef name, StringRef description, bool enabled)
      : NamedRegionTimer(name, description, "rulecc", "rulecc phases",
                         enabled) {}
};

/// One configuration item read from a file.
struct LoadedItem {
  eval::Value value;
  unsigned fileIndex;
  unsigned index; // in its file (0 for a file holding one item)
};

/// Per rule: the verdict counts and the resources that were not compliant.
struct RuleSummary {
  size_t counts[4] = {0, 0, 0, 0}; // by eval::Verdict
  struct Finding {
    size_t item;
    std::string text; // annotation (NON_COMPLIANT) or message (ERROR)
  };
  std::vector<Finding> nonCompliant, errors;
};

class EvalRun {
public:
  EvalRun(const ir::Application &app, DiagnosticEngine &diags, bool timing)
      : app(app), diags(diags), timing(timing) {}
  int run(ArrayRef<std::string> itemFiles);

private:
  const ir::Application &app;
  DiagnosticEngine &diags;
  bool timing;
  std::unique_ptr<eval::Evaluator> evaluator;
  std::vector<const ir::Rule *> rules;
  BumpPtrAllocator itemArena;
  std::vector<std::string> files;
  std::vector<LoadedItem> items;
  bool ioFailed = false;

  bool selectRules();
  bool setUp();
  /// Reads and parses a file; false after reporting.
  bool parseFile(StringRef path, eval::Value &root, const char *&text);
  void addItem(const eval::Value &v, unsigned fileIndex, unsigned index,
               const char *where, bool inArray);
  void loadItemFile(StringRef path);
  void loadSnapshot(StringRef path);
  int printResults();
  /// --snapshot: evaluates everything into `sums`, then prints them.
  void summarize();
  int printSummary();
  std::vector<RuleSummary> sums;
  static StringRef field(const eval::Value &item, eval::KeyTable &keys,
                         StringRef key, std::string &buf);
};

bool EvalRun::selectRules() {
  std::vector<const ir::Rule *> bodies;
  for (const ir::Rule *r : app.allRules())
    if (r->kind == ir::RuleKind::Body && r->body)
      bodies.push_back(r);
  if (ruleName.getNumOccurrences()) {
    for (const ir::Rule *r : app.allRules())
      if (r->configRuleName == ruleName || r->name == ruleName) {
        if (r->kind != ir::RuleKind::Body || !r->body) {
          usageError("rule '" + ruleName +
                     "' has no body; 'rulecc eval' "
                     "runs rules written as `rule :name do |item| ... end`");
          return false;
        }
        rules.push_back(r);
        return true;
      }
    std::string names;
    for (const ir::Rule *r : bodies)
      names += (names.empty() ? "" : ", ") + r->name;
    usageError(
        "the application has no rule '" + ruleName + "'" +
        (names.empty() ? std::string() : "; its body rules are " + names));
    return false;
  }
  if (bodies.empty()) {
    usageError("the application has no body rules to evaluate");
    return false;
  }
  rules = std::move(bodies);
  return true;
}

bool EvalRun::setUp() {
  eval::Micros now;
  std::string nowText = nowOption;
  StringRef source = "--now";
  if (!nowOption.getNumOccurrences()) {
    if (const char *env = std::getenv("RULECC_NOW"); env && *env) {
      nowText = env;
      source = "RULECC_NOW";
    }
  }
  if (!nowText.empty()) {
    if (!eval::parseTimestamp(nowText, now)) {
      usageError(source +
                 " expects an ISO 8601 timestamp "
                 "(2024-05-02T10:11:12Z), not '" +
                 nowText + "'");
      return false;
    }
  } else {
    now = std::chrono::duration_cast<std::chrono::microseconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count();
  }

  StringMap<std::string> given;
  for (StringRef p : paramValues) {
    auto [name, value] = p.split('=');
    if (name.empty() || !p.contains('='))
      return usageError("--param expects NAME=VALUE, not '" + p + "'"), false;
    if (none_of(rules, [&](const ir::Rule *r) {
          return any_of(r->params,
                        [&](const ir::ParamDecl &d) { return d.name == name; });
        }))
      return usageError("no evaluated rule declares param '" + name + "'"),
             false;
    given[name] = value.str();
  }

  evaluator = std::make_unique<eval::Evaluator>(now);
  for (const ir::Rule *r : rules) {
    std::string err;
    StringMap<std::string> mine;
    for (const ir::ParamDecl &d : r->params)
      if (auto it = given.find(d.name); it != given.end())
        mine[d.name] = it->second;
    if (evaluator->addRule(*r, mine, err) < 0)
      return usageError(err), false;
  }
  return true;
}

bool EvalRun::parseFile(StringRef path, eval::Value &root, const char *&text) {
  // A regular file is mapped rather than copied twice: a snapshot can be
  // hundreds of megabytes. Anything else (a pipe, a device) is read with the
  // compiler's bounded reader, which also reports every failure.
  std::unique_ptr<MemoryBuffer> buf;
  sys::fs::file_status status;
  if (!sys::fs::status(path, status) && sys::fs::is_regular_file(status) &&
      status.getSize() <= MaxItemFileSize)
    if (auto mapped = MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false))
      buf = std::move(*mapped);
  if (!buf)
    buf = readSourceFile(path, MaxItemFileSize, diags);
  if (!buf) {
    ioFailed = true;
    return false;
  }
  SourceMgr &sm = diags.getSourceMgr();
  unsigned id = sm.AddNewSourceBuffer(std::move(buf), SMLoc());
  StringRef data = sm.getMemoryBuffer(id)->getBuffer();
  text = data.data();
  eval::JSONError err;
  if (!eval::parseJSON(data, itemArena, evaluator->getKeys(), root, err)) {
    diags.report(SMLoc::getFromPointer(data.data() + err.offset),
                 DiagID::InvalidItemJSON, err.message);
    return false;
  }
  return true;
}

/// A JSON value's kind as JSON names it, for messages.
std::string jsonKind(const eval::Value &v) {
  switch (v.getKind()) {
  case eval::Value::Nil:
    return "null";
  case eval::Value::Bool:
    return "a boolean";
  case eval::Value::Int:
  case eval::Value::Float:
    return "a number";
  case eval::Value::String:
    return "a string";
  case eval::Value::List:
    return "an array";
  case eval::Value::Map:
    return "an object";
  }
  return "?";
}

/// Values do not keep their offsets, so a bad item is reported at the start
/// of its file, with its index.
void EvalRun::addItem(const eval::Value &v, unsigned fileIndex, unsigned index,
                      const char *where, bool inArray) {
  if (!v.is(eval::Value::Map)) {
    diags.report(SMLoc::getFromPointer(where), DiagID::ItemNotObject,
                 jsonKind(v) + (inArray
                                    ? " (element " + std::to_string(index) + ")"
                                    : std::string()));
    return;
  }
  items.push_back({evaluator->prepareItem(v, itemArena), fileIndex, index});
}

void EvalRun::loadItemFile(StringRef path) {
  eval::Value root;
  const char *text;
  if (!parseFile(path, root, text))
    return;
  unsigned fileIndex = files.size();
  files.push_back(path.str());
  if (root.is(eval::Value::List)) {
    unsigned i = 0;
    for (const eval::Value &v : root.getList())
      addItem(v, fileIndex, i++, text, true);
    return;
  }
  addItem(root, fileIndex, 0, text, false);
}

void EvalRun::loadSnapshot(StringRef path) {
  eval::Value root;
  const char *text;
  if (!parseFile(path, root, text))
    return;
  unsigned fileIndex = files.size();
  files.push_back(path.str());
  eval::KeyTable::Id key;
  const eval::Value *list = nullptr;
  if (root.is(eval::Value::Map) &&
      evaluator->getKeys().lookup("configurationItems", key))
    list = root.find(key);
  if (!list || !list->is(eval::Value::List)) {
    diags.report(SMLoc::getFromPointer(text), DiagID::InvalidSnapshot,
                 !root.is(eval::Value::Map) ? "; this is " + jsonKind(root)
                 : !list                    ? std::string("; it has none")
                         : "; here it is " + jsonKind(*list));
    return;
  }
  unsigned i = 0;
  for (const eval::Value &v : list->getList())
    addItem(v, fileIndex, i++, text, true);
}

StringRef EvalRun::field(const eval::Value &item, eval::KeyTable &keys,
                         StringRef key, std::string &buf) {
  eval::KeyTable::Id id;
  if (!keys.lookup(key, id))
    return {};
  const eval::Value *v = item.find(id);
  if (!v || v->isNil())
    return {};
  if (v->is(eval::Value::String))
    return v->getString();
  buf = eval::toText(*v, keys);
  return buf;
}

int EvalRun::printResults() {
  eval::KeyTable &keys = evaluator->getKeys();
  bool anyError = false;
  raw_ostream &os = outs();
  std::optional<json::OStream> j;
  if (outputFormat == OutputFormat::JSON) {
    j.emplace(os, 2);
    j->objectBegin();
    j->attributeBegin("results");
    j->arrayBegin();
  }
  for (const LoadedItem &it : items) {
    std::string typeBuf, idBuf;
    StringRef type = field(it.value, keys, "resourceType", typeBuf);
    StringRef id = field(it.value, keys, "resourceId", idBuf);
    for (unsigned r = 0; r < rules.size(); ++r) {
      eval::Result res = evaluator->evaluate(r, it.value);
      anyError |= res.verdict == eval::Verdict::Error;
      if (j) {
        j->objectBegin();
        j->attribute("rule", rules[r]->name);
        j->attribute("file", files[it.fileIndex]);
        j->attribute("index", static_cast<int64_t>(it.index));
        j->attribute("resourceType",
                     type.data() ? json::Value(type) : json::Value(nullptr));
        j->attribute("resourceId",
                     id.data() ? json::Value(id) : json::Value(nullptr));
        j->attribute("verdict", eval::toString(res.verdict));
        j->attribute("annotation", res.annotation.empty()
                                       ? json::Value(nullptr)
                                       : json::Value(res.annotation));
        j->attribute("error", res.error.empty() ? json::Value(nullptr)
                                                : json::Value(res.error));
        j->objectEnd();
        continue;
      }
      os << files[it.fileIndex] << '[' << it.index << "] "
         << (type.empty() ? "-" : type) << ' ' << (id.empty() ? "-" : id)
         << ": " << rules[r]->name << ": " << eval::toString(res.verdict);
      if (!res.annotation.empty())
        os << ": " << res.annotation;
      if (!res.error.empty())
        os << ": " << res.error;
      os << '\n';
    }
  }
  if (j) {
    j->arrayEnd();
    j->attributeEnd();
    j->objectEnd();
    os << '\n';
  }
  return anyError ? ExitErrors : ExitOK;
}

void EvalRun::summarize() {
  sums.assign(rules.size(), RuleSummary());
  for (size_t i = 0; i < items.size(); ++i)
    for (unsigned r = 0; r < rules.size(); ++r) {
      eval::Result res = evaluator->evaluate(r, items[i].value);
      RuleSummary &s = sums[r];
      ++s.counts[static_cast<unsigned>(res.verdict)];
      if (res.verdict == eval::Verdict::NonCompliant)
        s.nonCompliant.push_back({i, res.annotation.str()});
      else if (res.verdict == eval::Verdict::Error)
        s.errors.push_back({i, res.error.str()});
    }
}

int EvalRun::printSummary() {
  eval::KeyTable &keys = evaluator->getKeys();
  bool anyError = false;
  raw_ostream &os = outs();
  std::string typeBuf, idBuf;
  auto resource = [&](size_t i) {
    return std::make_pair(field(items[i].value, keys, "resourceType", typeBuf),
                          field(items[i].value, keys, "resourceId", idBuf));
  };
  using eval::Verdict;
  const Verdict order[] = {Verdict::Compliant, Verdict::NonCompliant,
                           Verdict::NotApplicable, Verdict::Error};
  if (outputFormat == OutputFormat::JSON) {
    json::OStream j(os, 2);
    j.objectBegin();
    j.attribute("snapshot", snapshotFile.getValue());
    j.attribute("items", static_cast<int64_t>(items.size()));
    j.attributeBegin("rules");
    j.arrayBegin();
    for (unsigned r = 0; r < rules.size(); ++r) {
      const RuleSummary &s = sums[r];
      anyError |= !s.errors.empty();
      j.objectBegin();
      j.attribute("rule", rules[r]->name);
      j.attribute("configRuleName", rules[r]->configRuleName);
      j.attributeObject("counts", [&] {
        for (Verdict v : order)
          j.attribute(eval::toString(v),
                      static_cast<int64_t>(s.counts[static_cast<int>(v)]));
      });
      auto findings = [&](StringRef name, StringRef textKey,
                          const std::vector<RuleSummary::Finding> &list) {
        j.attributeArray(name, [&] {
          for (const RuleSummary::Finding &f : list) {
            auto [type, id] = resource(f.item);
            j.object([&] {
              j.attribute("resourceType", type.data() ? json::Value(type)
                                                      : json::Value(nullptr));
              j.attribute("resourceId",
                          id.data() ? json::Value(id) : json::Value(nullptr));
              j.attribute("index", static_cast<int64_t>(items[f.item].index));
              j.attribute(textKey, f.text.empty() ? json::Value(nullptr)
                                                  : json::Value(f.text));
            });
          }
        });
      };
      findings("nonCompliant", "annotation", s.nonCompliant);
      findings("errors", "error", s.errors);
      j.objectEnd();
    }
    j.arrayEnd();
    j.attributeEnd();
    j.objectEnd();
    os << '\n';
    return anyError ? ExitErrors : ExitOK;
  }
  os << snapshotFile << ": " << items.size() << " configuration item"
     << (items.size() == 1 ? "" : "s") << "\n";
  for (unsigned r = 0; r < rules.size(); ++r) {
    const RuleSummary &s = sums[r];
    anyError |= !s.errors.empty();
    os << "\n" << rules[r]->name << " (" << rules[r]->configRuleName << "): ";
    bool first = true;
    for (Verdict v : order) {
      os << (first ? "" : ", ") << s.counts[static_cast<int>(v)] << ' '
         << eval::toString(v);
      first = false;
    }
    os << '\n';
    for (const RuleSummary::Finding &f : s.nonCompliant) {
      auto [type, id] = resource(f.item);
      os << "  NON_COMPLIANT " << (type.empty() ? "-" : type) << ' '
         << (id.empty() ? "-" : id);
      if (!f.text.empty())
        os << ": " << f.text;
      os << '\n';
    }
    for (const RuleSummary::Finding &f : s.errors) {
      auto [type, id] = resource(f.item);
      os << "  ERROR " << (type.empty() ? "-" : type) << ' '
         << (id.empty() ? "-" : id) << ": " << f.text << '\n';
    }
  }
  return anyError ? ExitErrors : ExitOK;
}

int EvalRun::run(ArrayRef<std::string> itemFiles) {
  if (itemFiles.empty() && snapshotFile.empty())
    return usageError("'rulecc eval' needs configuration items: ITEM.json... "
                      "or --snapshot FILE");
  if (!itemFiles.empty() && !snapshotFile.empty())
    return usageError("--snapshot takes the items from the snapshot; name no "
                      "ITEM.json files beside it ('" +
                      itemFiles.front() + "')");
  if (!selectRules() || !setUp())
    return ExitUsage;
  {
    PhaseTimer t("read-items", "read and parse the configuration items",
                 timing);
    for (const std::string &f : itemFiles)
      loadItemFile(f);
    if (!snapshotFile.empty())
      loadSnapshot(snapshotFile);
  }
  if (ioFailed)
    return ExitUsage;
  if (diags.hasErrors())
    return ExitErrors;
  if (snapshotFile.empty()) {
    PhaseTimer t("evaluate", "evaluate the rules and print the results",
                 timing);
    return printResults();
  }
  {
    PhaseTimer t("evaluate", "evaluate the rules on the items", timing);
    summarize();
  }
  PhaseTimer t("print", "print the summary", timing);
  return printSummary();
}

} // namespace

std::vector<std::string> takeItemFiles(std::vector<std::string> &inputs) {
  std::vector<std::string> items;
  std::vector<std::string> rules;
  for (std::string &in : inputs)
    (StringRef(in).endswith(".rules") ? rules : items).push_back(in);
  inputs = std::move(rules);
  return items;
}

int runEval(const ir::Application &app, ArrayRef<std::string> itemFiles,
            DiagnosticEngine &diags, bool timePhases) {
  return EvalRun(app, diags, timePhases).run(itemFiles);
}

} // namespace rulecc
