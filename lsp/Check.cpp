//===- Check.cpp - Checking open documents as applications ----------------===//

#include "lsp/Check.h"

#include "frontend/Parser.h"
#include "ir/Lowering.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

#include <map>

using namespace llvm;

namespace rulecc::lsp {
namespace {

/// Keeps every diagnostic: an editor lists them all, the error limit is
/// for terminals.
class CollectingConsumer : public DiagnosticConsumer {
public:
  explicit CollectingConsumer(std::vector<Diagnostic> &out) : out(out) {}
  void handle(const Diagnostic &diag) override { out.push_back(diag); }
  bool wantsAllDiagnostics() const override { return true; }

private:
  std::vector<Diagnostic> &out;
};

std::shared_ptr<ApplicationCheck>
checkApplication(const DocumentState &root, const SourceOverlay &overlay,
                 const CheckOptions &options, function_ref<bool()> cancelled) {
  auto check = std::make_shared<ApplicationCheck>();
  check->root = root.resolved;
  DiagnosticEngine diags(check->sm);
  if (options.configureDiagnostics)
    options.configureDiagnostics(diags);
  diags.setConsumer(std::make_unique<CollectingConsumer>(check->diagnostics));
  std::vector<std::string> inputs{root.path};
  check->files = loadApplication(inputs, check->sm, diags, &overlay);
  if (cancelled())
    return nullptr;
  check->app = lowerLoadedApplication(check->files, inputs, diags);
  diags.finish();
  return check;
}

/// Converts one application's diagnostics, file by file.
class Converter {
public:
  Converter(const ApplicationCheck &check, const StringMap<std::string> &uris)
      : check(check), openURIs(uris) {}

  /// The file of a location (or of a whole-file diagnostic's name).
  struct Place {
    std::string uri;
    std::string resolved;
    Range range;
    bool valid = false;
  };

  Place place(SMRange range, StringRef filename) {
    Place p;
    unsigned id = range.Start.isValid()
                      ? check.sm.FindBufferContainingLoc(range.Start)
                      : 0;
    if (!id) {
      if (filename.empty())
        return p;
      std::tie(p.uri, p.resolved) = uriOf(filename);
      p.valid = true;
      return p;
    }
    const MemoryBuffer *buf = check.sm.getMemoryBuffer(id);
    std::tie(p.uri, p.resolved) = uriOf(buf->getBufferIdentifier());
    const LineIndex &lines = indexOf(id);
    const char *start = buf->getBufferStart();
    size_t begin = range.Start.getPointer() - start;
    size_t end = begin;
    if (range.End.isValid() &&
        range.End.getPointer() >= range.Start.getPointer() &&
        range.End.getPointer() <= buf->getBufferEnd())
      end = range.End.getPointer() - start;
    p.range = {lines.positionOf(begin), lines.positionOf(end)};
    p.valid = true;
    return p;
  }

  std::pair<std::string, std::string> uriOf(StringRef filename) {
    auto it = fileURIs.find(filename);
    if (it != fileURIs.end())
      return it->second;
    std::string resolved = resolveSourcePath(filename);
    auto open = openURIs.find(resolved);
    std::string uri =
        open != openURIs.end() ? open->second : pathToURI(resolved);
    return fileURIs[filename] = {uri, resolved};
  }

  const LineIndex &indexOf(unsigned bufferID) {
    auto &slot = indexes[bufferID];
    if (!slot)
      slot = std::make_shared<LineIndex>(
          check.sm.getMemoryBuffer(bufferID)->getBuffer());
    return *slot;
  }
  std::shared_ptr<const LineIndex> sharedIndexOf(unsigned bufferID) {
    indexOf(bufferID);
    return indexes[bufferID];
  }

  StringRef textOf(SMRange range) {
    if (!range.Start.isValid() || !range.End.isValid() ||
        range.End.getPointer() < range.Start.getPointer())
      return "";
    return StringRef(range.Start.getPointer(),
                     range.End.getPointer() - range.Start.getPointer());
  }

  static std::string quote(StringRef text) {
    if (text.size() > 40)
      return "'" + text.take_front(37).str() + "...'";
    return "'" + text.str() + "'";
  }

  std::string titleOf(ArrayRef<FixIt> fixIts, StringRef message) {
    if (fixIts.size() != 1)
      return "Apply the fix-its: " + message.str();
    const FixIt &f = fixIts.front();
    StringRef old = textOf(f.range);
    if (old.empty())
      return "Insert " + quote(f.replacement);
    if (f.replacement.empty())
      return "Remove " + quote(old);
    return "Replace " + quote(old) + " with " + quote(f.replacement);
  }

  std::optional<Fix> makeFix(ArrayRef<FixIt> fixIts, std::string title,
                             bool preferred) {
    Fix fix;
    fix.title = std::move(title);
    fix.preferred = preferred;
    for (const FixIt &f : fixIts) {
      Place p = place(f.range, "");
      if (!p.valid)
        return std::nullopt; // a fix must be applied whole
      auto it =
          find_if(fix.edits, [&](const auto &e) { return e.first == p.uri; });
      if (it == fix.edits.end()) {
        fix.edits.push_back({p.uri, {}});
        it = std::prev(fix.edits.end());
      }
      it->second.push_back({p.range, f.replacement});
    }
    if (fix.edits.empty())
      return std::nullopt;
    return fix;
  }

  /// Converts `d`; returns its file (not valid when it names none).
  Place convert(const Diagnostic &d, FileDiagnostic &out) {
    Place p = place(d.range, d.filename);
    out.range = p.range;
    out.severity = d.severity;
    out.code = getDiagInfo(d.id).name.str();
    out.message = d.message;
    for (const Diagnostic &note : d.notes) {
      Place np = place(note.range, note.filename);
      if (!np.valid)
        np = p; // a note about no place in particular: the diagnostic's
      if (np.valid)
        out.related.push_back({np.uri, np.range, note.message});
    }
    if (auto fix = makeFix(d.fixIts, titleOf(d.fixIts, d.message), true))
      out.fixes.push_back(std::move(*fix));
    for (const Diagnostic &note : d.notes)
      if (auto fix = makeFix(note.fixIts, note.message, false))
        out.fixes.push_back(std::move(*fix));
    return p;
  }

private:
  const ApplicationCheck &check;
  const StringMap<std::string> &openURIs; // resolved path -> client URI
  StringMap<std::pair<std::string, std::string>> fileURIs;
  std::map<unsigned, std::shared_ptr<LineIndex>> indexes;
};

} // namespace

json::Value toJSON(const FileDiagnostic &d) {
  json::Object o{{"range", toJSON(d.range)},
                 {"severity", d.severity == Severity::Error     ? 1
                              : d.severity == Severity::Warning ? 2
                                                                : 3},
                 {"code", d.code},
                 {"source", "rulecc"},
                 {"message", d.message}};
  if (!d.related.empty()) {
    json::Array related;
    for (const RelatedInformation &r : d.related)
      related.push_back(
          json::Object{{"location", json::Object{{"uri", r.uri},
                                                 {"range", toJSON(r.range)}}},
                       {"message", r.message}});
    o["relatedInformation"] = std::move(related);
  }
  return o;
}

std::shared_ptr<WorkspaceAnalysis>
checkWorkspace(ArrayRef<DocumentState> docs, uint64_t generation,
               const WorkspaceAnalysis *previous,
               function_ref<bool()> cancelled, const CheckOptions &options) {
  SourceOverlay overlay;
  StringMap<std::string> openURIs;
  for (const DocumentState &d : docs) {
    overlay[d.resolved] = d.text;
    openURIs[d.resolved] = d.uri;
  }
  // Documents another document required last time are checked last, so
  // that they are usually covered by then and not checked on their own.
  std::vector<const DocumentState *> order;
  for (const DocumentState &d : docs)
    order.push_back(&d);
  auto wasRequired = [&](const DocumentState *d) {
    if (!previous)
      return false;
    auto it = previous->byURI.find(d->uri);
    return it != previous->byURI.end() && it->second.check &&
           it->second.check->root != d->resolved;
  };
  llvm::stable_sort(order, [&](const DocumentState *a, const DocumentState *b) {
    bool ra = wasRequired(a), rb = wasRequired(b);
    if (ra != rb)
      return rb;
    return a->resolved < b->resolved;
  });

  auto result = std::make_shared<WorkspaceAnalysis>();
  result->generation = generation;
  std::vector<std::shared_ptr<ApplicationCheck>> checks;
  StringSet<> covered; // files of the applications checked so far
  for (const DocumentState *d : order) {
    if (cancelled())
      return nullptr;
    if (covered.count(d->resolved))
      continue;
    std::shared_ptr<ApplicationCheck> check =
        checkApplication(*d, overlay, options, cancelled);
    if (!check)
      return nullptr;
    for (const auto &f : check->files)
      covered.insert(f->resolvedPath);
    covered.insert(d->resolved);
    result->roots.push_back(d->resolved);
    checks.push_back(std::move(check));
  }
  if (cancelled())
    return nullptr;

  // Each file takes its diagnostics from the first application that
  // requires it, else from its own.
  StringMap<size_t> owner; // resolved path -> index into checks
  for (size_t i = 0; i < checks.size(); ++i)
    for (const auto &f : checks[i]->files)
      if (f->resolvedPath != checks[i]->root)
        owner.try_emplace(f->resolvedPath, i);
  for (size_t i = 0; i < checks.size(); ++i)
    owner.try_emplace(checks[i]->root, i);

  for (size_t i = 0; i < checks.size(); ++i) {
    const ApplicationCheck &check = *checks[i];
    Converter conv(check, openURIs);
    auto fileFor = [&](StringRef resolved, StringRef uri) -> FileAnalysis * {
      auto o = owner.find(resolved);
      if (o == owner.end() || o->second != i)
        return nullptr;
      FileAnalysis &fa = result->byURI[uri];
      if (!fa.check) {
        fa.uri = uri.str();
        fa.resolved = resolved.str();
        fa.check = checks[i];
      }
      return &fa;
    };
    for (const auto &f : check.files) {
      auto [uri, resolved] = conv.uriOf(f->path);
      if (FileAnalysis *fa = fileFor(f->resolvedPath, uri)) {
        fa->file = f.get();
        fa->text = check.sm.getMemoryBuffer(f->bufferID)->getBuffer();
        fa->lines = conv.sharedIndexOf(f->bufferID);
      }
    }
    // The root, even when it could not be read.
    auto rootURI = openURIs.find(check.root);
    if (rootURI != openURIs.end())
      fileFor(check.root, rootURI->second);
    for (const Diagnostic &d : check.diagnostics) {
      FileDiagnostic fd;
      Converter::Place p = conv.convert(d, fd);
      StringRef resolved = p.resolved, uri = p.uri;
      if (!p.valid) {
        // A diagnostic about no file in particular: the root's.
        resolved = check.root;
        uri = rootURI != openURIs.end() ? StringRef(rootURI->second) : "";
      }
      if (uri.empty())
        continue;
      if (FileAnalysis *fa = fileFor(resolved, uri))
        fa->diagnostics.push_back(std::move(fd));
    }
  }
  return result;
}

} // namespace rulecc::lsp
