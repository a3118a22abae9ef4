//===- DeterministicZip.h - Byte-reproducible zip archives ----------------===//
// Builds a zip in memory whose bytes depend only on the entries' names and
// contents, so a content-addressed S3 key is stable across runs and machines.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_BUNDLE_DETERMINISTICZIP_H
#define RULECC_BACKENDS_BUNDLE_DETERMINISTICZIP_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace rulecc::bundle {

struct ZipEntry {
  std::string name;      // '/'-separated path inside the archive
  llvm::StringRef bytes; // owned by the caller
};

/// A zip of `entries`, sorted by name, each stored with the same timestamp
/// (1980-01-01 00:00, the zip epoch), Unix permissions 0644 and deflate
/// compression. Duplicate names are an error.
llvm::Expected<std::string>
makeDeterministicZip(llvm::ArrayRef<ZipEntry> entries);

/// Lower-case hex SHA-256 of `bytes`.
std::string sha256Hex(llvm::StringRef bytes);

/// Base64 of the raw SHA-256 of `bytes` (Terraform's `source_code_hash`).
std::string sha256Base64(llvm::StringRef bytes);

} // namespace rulecc::bundle

#endif // RULECC_BACKENDS_BUNDLE_DETERMINISTICZIP_H
