//===- Output.h - Output files held in memory, then written atomically ---===//
// Backends add files here; the driver writes them only when the run had no
// error, each through a temporary file renamed into place.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_OUTPUT_H
#define RULECC_BACKENDS_OUTPUT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace rulecc {

/// Why an output file could not be written: the path and the OS's reason.
class OutputError : public llvm::ErrorInfo<OutputError> {
public:
  static char ID;
  OutputError(std::string path, std::string reason)
      : path(std::move(path)), reason(std::move(reason)) {}
  const std::string &getPath() const { return path; }
  const std::string &getReason() const { return reason; }
  void log(llvm::raw_ostream &os) const override {
    os << "cannot write '" << path << "': " << reason;
  }
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }

private:
  std::string path;
  std::string reason;
};

/// Where the driver writes an OutputSet.
struct OutputDestination {
  enum Kind {
    Stdout,    // only the primary file; any other file is an error
    File,      // -o FILE: the primary file is FILE, others beside it
    Directory, // -o DIR: DIR/<primary name>, others under DIR
  };
  Kind kind = Stdout;
  std::string path;
};

class OutputSet {
public:
  struct Entry {
    std::string relPath; // '/'-separated, relative to the output root
    std::string bytes;
  };

  /// The main output (the template). `name` is used for directory output.
  void setPrimary(std::string name, std::string bytes);
  /// Another file, relative to the directory of the primary file.
  void add(std::string relPath, std::string bytes);

  bool hasPrimary() const { return primarySet; }
  const Entry &getPrimary() const { return primary; }
  const std::vector<Entry> &getOthers() const { return others; }
  /// Looks a file up by relative path (the primary by its name); null if none.
  const Entry *find(llvm::StringRef relPath) const;

  /// Writes every file. All files are first written to temporary files in
  /// their destination directories and then renamed, so a failure leaves
  /// existing outputs untouched. Paths escaping the root are refused.
  llvm::Error commit(const OutputDestination &dest,
                     llvm::raw_ostream &out) const;

private:
  Entry primary;
  bool primarySet = false;
  std::vector<Entry> others;
};

/// Writes `bytes` to `path` through a temporary file and a rename.
llvm::Error writeFileAtomically(llvm::StringRef path, llvm::StringRef bytes);

} // namespace rulecc

#endif // RULECC_BACKENDS_OUTPUT_H
