//===- Diagnostics.cpp - Diagnostic registry, builder and engine ----------===//
// The registry is generated from DiagnosticKinds.def; the engine maps
// severities (-Werror, -Wno-<id>), counts, enforces the error limit and hands
// finished diagnostics to its consumer.
//===----------------------------------------------------------------------===//

#include "frontend/Diagnostics.h"
#include "frontend/DiagnosticsInternal.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"

#include <cassert>
#include <iterator>

using namespace llvm;

namespace rulecc {

static constexpr DiagInfo diagInfos[] = {
#define DIAG(ID, SEVERITY, NAME, FORMAT)                                       \
  {DiagID::ID, Severity::SEVERITY, NAME, FORMAT},
#include "frontend/DiagnosticKinds.def"
};
static_assert(std::size(diagInfos) == size_t(DiagID::NumDiagIDs),
              "every DiagID has exactly one registry entry");

const DiagInfo &getDiagInfo(DiagID id) {
  assert(id < DiagID::NumDiagIDs && "not a diagnostic kind");
  return diagInfos[size_t(id)];
}

ArrayRef<DiagInfo> getAllDiagInfos() { return diagInfos; }

std::optional<DiagID> lookupDiagName(StringRef name) {
  // Linear: the registry is small and names are looked up only for the
  // command line's -W options.
  for (const DiagInfo &info : diagInfos)
    if (info.name == name)
      return info.id;
  return std::nullopt;
}

StringRef getSeverityName(Severity severity) {
  switch (severity) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  llvm_unreachable("unknown severity");
}

SourcePosition getSourcePosition(const SourceMgr &sm, SMLoc loc) {
  SourcePosition pos;
  if (!loc.isValid())
    return pos;
  unsigned bufferID = sm.FindBufferContainingLoc(loc);
  if (!bufferID)
    return pos;
  pos.filename = sm.getMemoryBuffer(bufferID)->getBufferIdentifier();
  std::tie(pos.line, pos.column) = sm.getLineAndColumn(loc, bufferID);
  return pos;
}

namespace detail {

std::string clipMessage(std::string message) {
  if (message.size() <= maxMessageBytes)
    return message;
  // Cut at a UTF-8 character boundary so the result stays valid text.
  size_t cut = maxMessageBytes;
  while (cut > 0 && (uint8_t(message[cut]) & 0xC0) == 0x80)
    --cut;
  message.resize(cut);
  message += "...";
  return message;
}

SourcePosition PositionResolver::resolve(SMLoc loc) {
  const char *p = loc.getPointer();
  if (bufferID && p >= lineStart && p <= lineEnd)
    return {filename, line, unsigned(p - lineStart + 1)};
  SourcePosition pos = getSourcePosition(sm, loc);
  if (!pos.isValid())
    return pos;
  bufferID = sm.FindBufferContainingLoc(loc);
  line = pos.line;
  filename = pos.filename;
  // SourceMgr's column counts from the last '\n' or '\r'; the line ends at
  // the next one.
  lineStart = p - (pos.column - 1);
  const char *bufEnd = sm.getMemoryBuffer(bufferID)->getBufferEnd();
  lineEnd = p;
  while (lineEnd != bufEnd && *lineEnd != '\n' && *lineEnd != '\r')
    ++lineEnd;
  return pos;
}

} // namespace detail

//===----------------------------------------------------------------------===//
// DiagnosticBuilder
//===----------------------------------------------------------------------===//

DiagnosticBuilder::~DiagnosticBuilder() {
  if (engine)
    engine->emit(std::move(diag));
}

DiagnosticBuilder &DiagnosticBuilder::addNote(SMRange range, DiagID id,
                                              std::string msg) {
  Diagnostic note;
  note.id = id;
  // Whatever its registered kind, a diagnostic attached as a note is a note.
  note.severity = Severity::Note;
  note.range = range;
  note.message = std::move(msg);
  diag.notes.push_back(std::move(note));
  return *this;
}

//===----------------------------------------------------------------------===//
// DiagnosticEngine
//===----------------------------------------------------------------------===//

DiagnosticEngine::DiagnosticEngine(SourceMgr &sm)
    : sm(sm), disabled(size_t(DiagID::NumDiagIDs), false) {}

DiagnosticEngine::~DiagnosticEngine() = default;

void DiagnosticEngine::setConsumer(std::unique_ptr<DiagnosticConsumer> c) {
  consumer = std::move(c);
}

bool DiagnosticEngine::setWarningEnabled(StringRef name, bool enable) {
  std::optional<DiagID> id = lookupDiagName(name);
  if (!id || getDiagInfo(*id).severity != Severity::Warning)
    return false;
  disabled[size_t(*id)] = !enable;
  return true;
}

bool DiagnosticEngine::isWarningEnabled(DiagID id) const {
  return getDiagInfo(id).severity == Severity::Warning && !disabled[size_t(id)];
}

Diagnostic DiagnosticEngine::makeDiag(SMRange range, DiagID id,
                                      std::string message) {
  Diagnostic d;
  d.id = id;
  d.severity = getDiagInfo(id).severity;
  d.range = range;
  d.message = std::move(message);
  return d;
}

void DiagnosticEngine::emit(Diagnostic diag) {
  if (diag.severity == Severity::Warning) {
    if (disabled[size_t(diag.id)])
      return;
    if (werror)
      diag.severity = Severity::Error;
  }
  if (diag.severity == Severity::Error)
    ++numErrors;
  else if (diag.severity == Severity::Warning)
    ++numWarnings;

  if (!consumer)
    return;
  bool limited = !consumer->wantsAllDiagnostics();
  if (limited && limitReached)
    return;
  if (limited && errorLimit && diag.severity == Severity::Error &&
      numErrors > errorLimit) {
    // Like clang: one last word, then silence. Counting goes on, so the exit
    // status still reflects every error.
    limitReached = true;
    consumer->handle(
        makeDiag(SMRange(), DiagID::TooManyErrors,
                 DiagnosticBuilder::formatMessage(DiagID::TooManyErrors)));
    return;
  }

  diag.message = detail::clipMessage(std::move(diag.message));
  for (Diagnostic &note : diag.notes)
    note.message = detail::clipMessage(std::move(note.message));
  consumer->handle(diag);
}

void DiagnosticEngine::finish() {
  if (finished)
    return;
  finished = true;
  if (consumer)
    consumer->finish();
}

} // namespace rulecc
