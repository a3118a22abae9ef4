//===- DiagnosticsSARIF.cpp - Diagnostics as a SARIF 2.1.0 log ------------===//
// `--diagnostics-format=sarif`: one run whose rules are every registered
// diagnostic kind and whose results are the diagnostics, for code scanning
// services and editors. Printed once at finish(), keys in a fixed order.
//===----------------------------------------------------------------------===//

#include "frontend/Diagnostics.h"
#include "frontend/DiagnosticsInternal.h"
#include "frontend/UTF8.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace rulecc {
namespace {

constexpr StringLiteral sarifSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
    "sarif-schema-2.1.0.json";
/// The base that relative file names are resolved against (SARIF's
/// conventional name for the root of the sources).
constexpr StringLiteral srcRootId = "%SRCROOT%";

std::string toUTF8(StringRef s) {
  return json::isUTF8(s) ? s.str() : json::fixUTF8(s);
}

/// Percent-encodes all but RFC 3986's unreserved characters and '/', so a
/// file name with ':', '#', '%', spaces or non-ASCII characters stays one
/// path (a relative "a:b.rules" would otherwise read as a URI scheme).
std::string encodePath(StringRef path) {
  std::string out;
  for (char c : path) {
    if (isAlnum(c) || StringRef("-._~/").contains(c))
      out += c;
    else
      out += "%" + toHex(StringRef(&c, 1));
  }
  return out;
}

/// A file name as an artifactLocation: an absolute path is a file:// URI, a
/// relative one stays relative to %SRCROOT% (the working directory), which
/// is how code scanning services expect paths inside the repository.
struct ArtifactURI {
  std::string uri;
  bool relative = false;
};
ArtifactURI toArtifactURI(StringRef filename) {
  SmallString<256> path(filename);
  if (sys::path::is_absolute(path))
    return {"file://" + encodePath(path), false};
  sys::path::remove_dots(path, /*remove_dot_dot=*/false);
  return {encodePath(sys::path::convert_to_slash(path)), true};
}

int64_t utf16Units(const char *begin, const char *end) {
  return int64_t(countUTF16Units(StringRef(begin, end - begin)));
}

/// A region in SARIF's terms: 1-based lines, 1-based columns in UTF-16 code
/// units (the run's columnKind), the end column exclusive.
struct Region {
  std::string file;
  unsigned startLine = 0, startColumn = 0, endLine = 0, endColumn = 0;
  bool hasRegion() const { return startLine != 0; }
};

class SARIFConsumer : public DiagnosticConsumer {
public:
  SARIFConsumer(SourceMgr &sm, raw_ostream &os, SARIFOptions options)
      : resolver(sm), os(os), options(std::move(options)) {}

  // Machines want everything; the error limit is for people.
  bool wantsAllDiagnostics() const override { return true; }

  void handle(const Diagnostic &diag) override { diags.push_back(diag); }

  void finish() override {
    json::OStream j(os, /*IndentSize=*/2);
    j.object([&] {
      j.attribute("$schema", sarifSchema);
      j.attribute("version", "2.1.0");
      j.attributeArray("runs", [&] { j.object([&] { writeRun(j); }); });
    });
    os << "\n";
    os.flush();
  }

private:
  void writeRun(json::OStream &j) {
    j.attributeObject(
        "tool", [&] { j.attributeObject("driver", [&] { writeDriver(j); }); });
    // Results first resolve every location, so the run knows whether it
    // names relative files before it is written.
    std::vector<Result> results;
    for (const Diagnostic &d : diags)
      results.push_back(makeResult(d));
    if (anyRelative)
      writeBaseIds(j);
    j.attribute("columnKind", "utf16CodeUnits");
    j.attributeArray("results", [&] {
      for (const Result &r : results)
        writeResult(j, r);
    });
  }

  void writeDriver(json::OStream &j) {
    j.attribute("name", "rulecc");
    if (!options.toolVersion.empty()) {
      j.attribute("version", options.toolVersion);
      j.attribute("semanticVersion", options.toolVersion);
    }
    if (!options.informationURI.empty())
      j.attribute("informationUri", options.informationURI);
    j.attributeArray("rules", [&] {
      for (const DiagInfo &info : getAllDiagInfos())
        j.object([&] {
          j.attribute("id", info.name);
          j.attributeObject("shortDescription",
                            [&] { j.attribute("text", describe(info)); });
          if (!options.helpURI.empty())
            j.attribute("helpUri", options.helpURI + "#" + info.name.str());
          j.attributeObject("defaultConfiguration", [&] {
            j.attribute("level", getSeverityName(info.severity));
          });
        });
    });
  }

  /// The message format with each `{N}` shown as an ellipsis: SARIF reads
  /// braces in descriptions as placeholders only in messageStrings.
  static std::string describe(const DiagInfo &info) {
    std::string text;
    StringRef format = info.format;
    while (!format.empty()) {
      size_t open = format.find('{');
      size_t close = format.find('}', open);
      if (open == StringRef::npos || close == StringRef::npos ||
          !all_of(format.slice(open + 1, close),
                  [](char c) { return isDigit(c) || c == ',' || c == ':'; })) {
        text += format;
        break;
      }
      text += format.take_front(open);
      text += "\u2026";
      format = format.drop_front(close + 1);
    }
    // A format that is only placeholders (syntax-error's "{0}").
    if (StringRef(text).trim("\u2026 ").empty())
      text = info.name.str();
    return text;
  }

  void writeBaseIds(json::OStream &j) {
    SmallString<256> base(options.baseDirectory);
    if (base.empty() && sys::fs::current_path(base))
      return; // a consumer then resolves %SRCROOT% by its own means
    if (!sys::path::is_absolute(base))
      return;
    std::string uri = "file://" + encodePath(base);
    if (!StringRef(uri).endswith("/"))
      uri += "/"; // SARIF: a base URI ends in a slash
    j.attributeObject("originalUriBaseIds", [&] {
      j.attributeObject(srcRootId, [&] { j.attribute("uri", uri); });
    });
  }

  //===--------------------------------------------------------------------===//
  // Positions
  //===--------------------------------------------------------------------===//

  /// The UTF-16 column of `p`, on the line the resolver has just resolved.
  /// Counted from the last column found on the same line, so many
  /// diagnostics on one huge line cost about one scan of it.
  unsigned columnOf(const char *p) {
    const char *lineStart = resolver.getLine().data();
    if (lineStart != cachedLine) {
      cachedLine = lineStart;
      cachedPtr = lineStart;
      cachedColumn = 1;
    }
    if (p >= cachedPtr)
      cachedColumn += utf16Units(cachedPtr, p);
    else
      cachedColumn -= utf16Units(p, cachedPtr);
    cachedPtr = p;
    return unsigned(cachedColumn);
  }

  Region resolveRegion(SMRange range, StringRef fallbackFile) {
    Region r;
    SourcePosition start = resolver.resolve(range.Start);
    if (!start.isValid()) {
      r.file = toUTF8(fallbackFile);
      return r;
    }
    r.file = toUTF8(start.filename);
    r.startLine = start.line;
    r.startColumn = columnOf(range.Start.getPointer());
    SourcePosition end = resolver.resolve(range.End);
    if (!end.isValid() || end.filename != start.filename ||
        range.End.getPointer() < range.Start.getPointer()) {
      r.endLine = r.startLine;
      r.endColumn = r.startColumn;
      return r;
    }
    r.endLine = end.line;
    r.endColumn = columnOf(range.End.getPointer());
    return r;
  }

  //===--------------------------------------------------------------------===//
  // Results
  //===--------------------------------------------------------------------===//

  struct Related {
    Region region;
    std::string message; // empty for a further range of the diagnostic
  };
  struct Change {
    Region region;
    std::string text;
  };
  struct Fix {
    std::string description; // the note offering it, if any
    std::vector<Change> changes;
  };
  struct Result {
    const Diagnostic *diag;
    Region location;
    std::vector<Related> related;
    std::vector<Fix> fixes;
  };

  Region track(Region r) {
    if (!r.file.empty() && toArtifactURI(r.file).relative)
      anyRelative = true;
    return r;
  }

  Fix makeFix(ArrayRef<FixIt> fixIts, StringRef description) {
    Fix fix;
    fix.description = toUTF8(description);
    for (const FixIt &f : fixIts) {
      Region r = resolveRegion(f.range, "");
      // A replacement needs a place in a file.
      if (r.hasRegion())
        fix.changes.push_back({track(std::move(r)), toUTF8(f.replacement)});
    }
    return fix;
  }

  Result makeResult(const Diagnostic &d) {
    Result r;
    r.diag = &d;
    r.location = track(resolveRegion(d.range, d.filename));
    for (const Diagnostic &note : d.notes)
      r.related.push_back({track(resolveRegion(note.range, note.filename)),
                           toUTF8(note.message)});
    for (SMRange extra : d.extraRanges)
      if (Region region = resolveRegion(extra, ""); region.hasRegion())
        r.related.push_back({track(std::move(region)), ""});
    // The diagnostic's own fix-its are one fix, applied together, as in
    // clang; a note's fix-its are an alternative fix of their own.
    if (Fix fix = makeFix(d.fixIts, ""); !fix.changes.empty())
      r.fixes.push_back(std::move(fix));
    for (const Diagnostic &note : d.notes)
      if (Fix fix = makeFix(note.fixIts, note.message); !fix.changes.empty())
        r.fixes.push_back(std::move(fix));
    return r;
  }

  static void writeArtifact(json::OStream &j, StringRef file) {
    ArtifactURI a = toArtifactURI(file);
    j.attributeObject("artifactLocation", [&] {
      j.attribute("uri", a.uri);
      if (a.relative)
        j.attribute("uriBaseId", srcRootId);
    });
  }

  static void writeRegion(json::OStream &j, StringRef key, const Region &r) {
    j.attributeObject(key, [&] {
      j.attribute("startLine", int64_t(r.startLine));
      j.attribute("startColumn", int64_t(r.startColumn));
      j.attribute("endLine", int64_t(r.endLine));
      j.attribute("endColumn", int64_t(r.endColumn));
    });
  }

  /// A physicalLocation, or nothing for a diagnostic that names no file.
  static void writePhysical(json::OStream &j, const Region &r) {
    if (r.file.empty())
      return;
    j.attributeObject("physicalLocation", [&] {
      writeArtifact(j, r.file);
      if (r.hasRegion())
        writeRegion(j, "region", r);
    });
  }

  static void writeFix(json::OStream &j, const Fix &fix) {
    j.object([&] {
      if (!fix.description.empty())
        j.attributeObject("description",
                          [&] { j.attribute("text", fix.description); });
      j.attributeArray("artifactChanges", [&] {
        // One change per file, in the order the files first appear.
        std::vector<StringRef> files;
        for (const Change &c : fix.changes)
          if (!is_contained(files, c.region.file))
            files.push_back(c.region.file);
        for (StringRef file : files)
          j.object([&] {
            writeArtifact(j, file);
            j.attributeArray("replacements", [&] {
              for (const Change &c : fix.changes)
                if (c.region.file == file)
                  j.object([&] {
                    writeRegion(j, "deletedRegion", c.region);
                    j.attributeObject("insertedContent",
                                      [&] { j.attribute("text", c.text); });
                  });
            });
          });
      });
    });
  }

  void writeResult(json::OStream &j, const Result &r) {
    const Diagnostic &d = *r.diag;
    j.object([&] {
      j.attribute("ruleId", getDiagInfo(d.id).name);
      // The rules are the registry, in order.
      j.attribute("ruleIndex", int64_t(d.id));
      j.attribute("level", getSeverityName(d.severity));
      j.attributeObject("message",
                        [&] { j.attribute("text", toUTF8(d.message)); });
      if (!r.location.file.empty())
        j.attributeArray("locations", [&] {
          j.object([&] { writePhysical(j, r.location); });
        });
      if (!r.related.empty())
        j.attributeArray("relatedLocations", [&] {
          for (size_t i = 0; i < r.related.size(); ++i)
            j.object([&] {
              j.attribute("id", int64_t(i + 1));
              writePhysical(j, r.related[i].region);
              if (!r.related[i].message.empty())
                j.attributeObject("message", [&] {
                  j.attribute("text", r.related[i].message);
                });
            });
        });
      if (!r.fixes.empty())
        j.attributeArray("fixes", [&] {
          for (const Fix &fix : r.fixes)
            writeFix(j, fix);
        });
    });
  }

  detail::PositionResolver resolver;
  raw_ostream &os;
  SARIFOptions options;
  std::vector<Diagnostic> diags;
  bool anyRelative = false;
  const char *cachedLine = nullptr;
  const char *cachedPtr = nullptr;
  int64_t cachedColumn = 1;
};

} // namespace

std::unique_ptr<DiagnosticConsumer>
createSARIFConsumer(SourceMgr &sm, raw_ostream &os, SARIFOptions options) {
  return std::make_unique<SARIFConsumer>(sm, os, std::move(options));
}

} // namespace rulecc
