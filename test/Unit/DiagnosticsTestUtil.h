//===- DiagnosticsTestUtil.h - Fixture of the diagnostics unit tests ------===//
// A SourceMgr with named buffers, an engine and its consumer's output, and
// helpers shared by the Diagnostics*Test.cpp files.
//===----------------------------------------------------------------------===//
#ifndef RULECC_TEST_UNIT_DIAGNOSTICSTESTUTIL_H
#define RULECC_TEST_UNIT_DIAGNOSTICSTESTUTIL_H

#include "frontend/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

namespace rulecc::diagtest {

using namespace llvm;

/// A SourceMgr with one or more named buffers, an engine and the output of
/// its consumer, for tests that look at the bytes a user would see.
class DiagTest : public ::testing::Test {
protected:
  /// Adds a buffer and returns its text (owned by the SourceMgr).
  StringRef addFile(StringRef name, StringRef text) {
    unsigned id = sm.AddNewSourceBuffer(
        MemoryBuffer::getMemBufferCopy(text, name), SMLoc());
    return sm.getMemoryBuffer(id)->getBuffer();
  }
  /// The range of the `nth` occurrence of `needle` in `buf`.
  static SMRange rangeOf(StringRef buf, StringRef needle, unsigned nth = 0) {
    size_t pos = buf.find(needle);
    for (; nth && pos != StringRef::npos; --nth)
      pos = buf.find(needle, pos + 1);
    EXPECT_TRUE(pos != StringRef::npos) << needle.str();
    const char *p = buf.data() + pos;
    return SMRange(SMLoc::getFromPointer(p),
                   SMLoc::getFromPointer(p + needle.size()));
  }
  static SMLoc locOf(StringRef buf, StringRef needle) {
    return rangeOf(buf, needle).Start;
  }

  SourceMgr sm;
  DiagnosticEngine diags{sm};
  std::string out;
  raw_string_ostream os{out};
};

/// The message of a kind as the registry formats it today: tests of the
/// machinery must not break when a kind's wording is improved.
template <typename... Ts> inline std::string msg(DiagID id, Ts &&...args) {
  return DiagnosticBuilder::formatMessage(id, std::forward<Ts>(args)...);
}

// The kinds most tests use: syntax-error's format is the message itself, so
// renderings do not depend on other kinds' wording.
constexpr DiagID E = DiagID::SyntaxError;
constexpr DiagID W = DiagID::ClassSettingAfterRule;
constexpr DiagID N = DiagID::NoteFirstDefinedHere;
// (Initialised before main: the registry is constant-initialised.)
inline const std::string warningName = getDiagInfo(W).name.str();

/// Keeps what the engine forwards.
class CollectingConsumer : public DiagnosticConsumer {
public:
  explicit CollectingConsumer(std::vector<Diagnostic> &seen, bool all = false)
      : seen(seen), all(all) {}
  void handle(const Diagnostic &d) override { seen.push_back(d); }
  bool wantsAllDiagnostics() const override { return all; }

private:
  std::vector<Diagnostic> &seen;
  bool all;
};

} // namespace rulecc::diagtest

#endif // RULECC_TEST_UNIT_DIAGNOSTICSTESTUTIL_H
