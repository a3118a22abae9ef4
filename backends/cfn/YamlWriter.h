//===- YamlWriter.h - A fast block-style YAML writer for templates --------===//
// Streams CloudFormation YAML (block mappings and sequences, short-form
// intrinsics) into a string, quoting every scalar a YAML reader could misread.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_CFN_YAMLWRITER_H
#define RULECC_BACKENDS_CFN_YAMLWRITER_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace rulecc::cfn {

/// How a string scalar is written. Chosen so that YAML 1.1 readers
/// (CloudFormation, PyYAML, cfn-lint) and YAML 1.2 readers (yaml-cpp) all
/// read back exactly the original string.
enum class ScalarStyle {
  Plain,        // CIS 4.1 - Ensure ...
  SingleQuoted, // '2010-09-09', 'yes', 'a: b'
  DoubleQuoted, // "tab\there", "\u0085", "line\r\n"
  Literal,      // |, |-, |+, |2- ... (multi-line text, values only)
};

/// The style the writer uses for `s`. `asKey` forbids block scalars (keys
/// must fit on one line).
ScalarStyle chooseScalarStyle(llvm::StringRef s, bool asKey = false);

/// A streaming writer for block-style YAML. yaml-cpp's Emitter is too slow
/// for the compile-time targets (it writes ~7 MB/s); this one appends to a
/// std::string and decides quoting with one scan of each scalar.
///
/// Usage mirrors the document's structure:
///   YamlWriter w(out);
///   w.beginMap();
///   w.key("Type"); w.string("AWS::Lambda::Function");
///   w.key("Role"); w.getAtt("CheckRuleIamRole", "Arn");
///   w.endMap();
/// Every map entry is a key() followed by exactly one value (a scalar or a
/// begin/end pair). Empty collections are written in flow form (`{}`, `[]`).
class YamlWriter {
public:
  /// Writes into `out`. The root collection's entries start at column
  /// `indent` (a resource chunk under `Resources:` uses 2).
  explicit YamlWriter(std::string &out, unsigned indent = 0)
      : out(out), baseIndent(indent) {}

  void beginMap() { beginCollection(Frame::Map); }
  void endMap() { endCollection(Frame::Map); }
  void beginSeq() { beginCollection(Frame::Seq); }
  void endSeq() { endCollection(Frame::Seq); }

  /// The key of the next map entry; a value must follow.
  void key(llvm::StringRef k);

  void string(llvm::StringRef s);
  void integer(int64_t v);
  void boolean(bool v);

  /// `!Ref LogicalId`.
  void ref(llvm::StringRef logicalId) { tagged("!Ref", logicalId); }
  /// `!GetAtt LogicalId.Attribute`.
  void getAtt(llvm::StringRef logicalId, llvm::StringRef attribute);
  /// `!Sub 'pattern'`.
  void sub(llvm::StringRef pattern) { tagged("!Sub", pattern); }

  // Shorthands for the common `Key: value` entry.
  void entry(llvm::StringRef k, llvm::StringRef v) {
    key(k);
    string(v);
  }
  void entry(llvm::StringRef k, int64_t v) {
    key(k);
    integer(v);
  }
  void entryBool(llvm::StringRef k, bool v) {
    key(k);
    boolean(v);
  }

  /// True when every collection was closed and no key awaits its value.
  bool isComplete() const { return stack.empty() && where == Where::Root; }

private:
  struct Frame {
    enum Kind { Map, Seq };
    Kind kind;
    unsigned indent; // column of this collection's entries
    unsigned count;  // entries written so far
    bool afterKey;   // the collection is the value of a map entry
    bool afterDash;  // the collection is an item of a sequence
  };
  /// Where the next node goes.
  enum class Where { Root, AfterKey, AfterDash };

  void beginCollection(Frame::Kind kind);
  void endCollection(Frame::Kind kind);
  /// Emits what precedes a scalar value and returns the indentation its
  /// block-scalar content would use.
  unsigned startScalar();
  void startEntry(Frame &f);
  /// Writes a one-line scalar in `style` (Literal falls back to
  /// double quotes).
  void writeScalar(llvm::StringRef s, ScalarStyle style);
  void writeLiteral(llvm::StringRef s, unsigned contentIndent);
  void tagged(llvm::StringRef tag, llvm::StringRef arg);
  void indentTo(unsigned column) { out.append(column, ' '); }

  std::string &out;
  unsigned baseIndent;
  llvm::SmallVector<Frame, 16> stack;
  Where where = Where::Root;
};

/// Appends `s` to `out` as a YAML double-quoted scalar (with the quotes),
/// escaping control characters, non-printable code points and invalid UTF-8
/// (as U+FFFD).
void appendDoubleQuoted(std::string &out, llvm::StringRef s);

} // namespace rulecc::cfn

#endif // RULECC_BACKENDS_CFN_YAMLWRITER_H
