//===- Verify.cpp - The --verify-diagnostics checker ----------------------===//
// Like clang -verify and MLIR's SourceMgrDiagnosticVerifierHandler: the
// expected diagnostics are written in the input as comments,
//   # expected-error@+1 {{unknown managed rule}}
// and every diagnostic must match exactly one of them, and vice versa. The
// text is a substring of the message followed by ` [id]`, as printed.
//===----------------------------------------------------------------------===//

#include "frontend/Diagnostics.h"
#include "frontend/DiagnosticsInternal.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace rulecc {

namespace {

/// One `expected-<severity>[@<line>] {{text}}` directive.
struct Expectation {
  StringRef file; // buffer identifier
  unsigned line;  // the line the diagnostic must be on
  Severity severity;
  StringRef text; // a substring of the expected message
  SMRange directive;
  bool matched = false;
};

constexpr StringLiteral directivePrefix = "expected-";

} // namespace

struct VerifyConsumer::Impl {
  Impl(SourceMgr &sm, raw_ostream &os) : sm(sm), os(os), resolver(sm) {}

  void finish();
  void parseBuffer(unsigned bufferID);
  void parseLine(StringRef file, StringRef line, unsigned lineNo,
                 unsigned numLines);
  void matchDiagnostic(const Diagnostic &diag);

  /// Reports a problem of the test itself (a malformed directive, a
  /// mismatch); any of them makes the run fail.
  void fail(SMRange range, StringRef filename, const Twine &message) {
    detail::renderDiagnostic(resolver, os, Severity::Error, range, filename,
                             message.str(), {}, {}, /*color=*/false);
    failed = true;
  }

  SourceMgr &sm;
  raw_ostream &os;
  detail::PositionResolver resolver;
  std::vector<Diagnostic> diags; // notes flattened after their diagnostic
  std::vector<Expectation> expected;
  SMRange noDiagnosticsDirective;
  bool failed = false;
  bool finished = false;
};

VerifyConsumer::VerifyConsumer(SourceMgr &sm, raw_ostream &os)
    : impl(std::make_unique<Impl>(sm, os)) {}

VerifyConsumer::~VerifyConsumer() = default;

void VerifyConsumer::handle(const Diagnostic &diag) {
  Diagnostic copy = diag;
  copy.notes.clear();
  impl->diags.push_back(std::move(copy));
  for (const Diagnostic &note : diag.notes)
    impl->diags.push_back(note);
}

void VerifyConsumer::finish() { impl->finish(); }

bool VerifyConsumer::failed() const { return impl->failed; }

bool VerifyConsumer::wantsAllDiagnostics() const { return true; }

void VerifyConsumer::Impl::parseBuffer(unsigned bufferID) {
  StringRef file = sm.getMemoryBuffer(bufferID)->getBufferIdentifier();
  StringRef buf = sm.getMemoryBuffer(bufferID)->getBuffer();
  if (!buf.contains(directivePrefix))
    return; // the common case for big inputs: nothing to scan line by line
  unsigned numLines = buf.count('\n') + 1;
  unsigned lineNo = 1;
  for (size_t begin = 0; begin <= buf.size(); ++lineNo) {
    size_t end = std::min(buf.find('\n', begin), buf.size());
    parseLine(file, buf.slice(begin, end), lineNo, numLines);
    begin = end + 1;
  }
}

void VerifyConsumer::Impl::parseLine(StringRef file, StringRef line,
                                     unsigned lineNo, unsigned numLines) {
  // Directives live in comments: after a '#' on their line.
  size_t pos = line.find('#');
  while (pos != StringRef::npos &&
         (pos = line.find(directivePrefix, pos)) != StringRef::npos) {
    const char *start = line.data() + pos;
    StringRef rest = line.substr(pos + directivePrefix.size());
    pos += directivePrefix.size();
    // Part of a longer word such as "unexpected-error": prose, not ours.
    if (start != line.data() &&
        (isAlnum(start[-1]) || start[-1] == '-' || start[-1] == '_'))
      continue;
    auto rangeTo = [&](StringRef r) {
      return SMRange(SMLoc::getFromPointer(start),
                     SMLoc::getFromPointer(r.data()));
    };

    if (rest.consume_front("no-diagnostics")) {
      noDiagnosticsDirective = rangeTo(rest);
      continue;
    }
    Severity severity;
    if (rest.consume_front("error"))
      severity = Severity::Error;
    else if (rest.consume_front("warning"))
      severity = Severity::Warning;
    else if (rest.consume_front("note"))
      severity = Severity::Note;
    else
      continue;
    if (!rest.empty() && !isSpace(rest.front()) && rest.front() != '@' &&
        rest.front() != '{')
      continue; // "expected-errors" and the like are prose too

    // @+N / @-N are relative to the directive's line, @N is absolute.
    int64_t target = lineNo;
    if (rest.consume_front("@")) {
      char sign = rest.empty() ? 0 : rest.front();
      if (sign == '+' || sign == '-')
        rest = rest.drop_front();
      unsigned n;
      if (rest.consumeInteger(10, n)) {
        fail(rangeTo(rest), file,
             "expected a line after '@' in the directive (@+N, @-N or @N)");
        continue;
      }
      target = sign == '+' ? target + n : sign == '-' ? target - n : n;
      if (target < 1 || target > numLines) {
        fail(rangeTo(rest), file,
             "the directive refers to line " + Twine(target) +
                 ", outside the file");
        continue;
      }
    }
    rest = rest.ltrim(" \t");
    if (!rest.consume_front("{{")) {
      fail(rangeTo(rest), file, "cannot find start ('{{') of expected string");
      continue;
    }
    size_t close = rest.find("}}");
    if (close == StringRef::npos) {
      fail(rangeTo(rest), file, "cannot find end ('}}') of expected string");
      continue;
    }
    StringRef text = rest.take_front(close).trim();
    rest = rest.drop_front(close + 2);
    pos = rest.data() - line.data();
    if (text.empty()) {
      fail(rangeTo(rest), file, "the expected string is empty");
      continue;
    }
    expected.push_back(
        {file, unsigned(target), severity, text, rangeTo(rest), false});
  }
}

void VerifyConsumer::Impl::matchDiagnostic(const Diagnostic &diag) {
  SourcePosition pos = resolver.resolve(diag.range.Start);
  // The text is matched against the message as printed, id included, so a
  // test can name the kind of a diagnostic whose wording is all argument:
  //   # expected-error {{[syntax-error]}}
  std::string printed =
      formatv("{0} [{1}]", diag.message, getDiagInfo(diag.id).name).str();
  Expectation *best = nullptr;
  if (pos.isValid()) {
    for (Expectation &e : expected) {
      if (e.matched || e.line != pos.line || e.severity != diag.severity ||
          e.file != pos.filename || !StringRef(printed).contains(e.text))
        continue;
      // Of two candidates ("foo", "foo bar") the more specific one wins, so
      // the order of the comments does not decide the outcome.
      if (!best || e.text.size() > best->text.size())
        best = &e;
    }
  }
  if (best) {
    best->matched = true;
    return;
  }
  fail(diag.range, diag.filename,
       formatv("unexpected {0}: {1} [{2}]", getSeverityName(diag.severity),
               diag.message, getDiagInfo(diag.id).name));
}

void VerifyConsumer::Impl::finish() {
  if (finished)
    return;
  finished = true;
  // A file reached twice (two requires) is one file: scan it once.
  StringSet<> scanned;
  for (unsigned id = 1, e = sm.getNumBuffers(); id <= e; ++id)
    if (scanned.insert(sm.getMemoryBuffer(id)->getBufferIdentifier()).second)
      parseBuffer(id);

  bool noDiagnostics = noDiagnosticsDirective.isValid();
  if (noDiagnostics && !expected.empty())
    fail(noDiagnosticsDirective, "",
         "'expected-no-diagnostics' cannot be combined with expected "
         "diagnostics");
  if (!noDiagnostics && expected.empty() && !failed) {
    // A test without directives could never fail for a missing diagnostic.
    StringRef main = sm.getNumBuffers()
                         ? sm.getMemoryBuffer(1)->getBufferIdentifier()
                         : StringRef();
    fail(SMRange(), main,
         "no expected directives found: use 'expected-no-diagnostics' for an "
         "input without diagnostics");
  }

  for (const Diagnostic &diag : diags)
    matchDiagnostic(diag);
  for (const Expectation &e : expected)
    if (!e.matched)
      fail(e.directive, e.file,
           formatv("expected {0} \"{1}\" was not produced",
                   getSeverityName(e.severity), e.text));
  os.flush();
}

} // namespace rulecc
