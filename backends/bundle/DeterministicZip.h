//===- DeterministicZip.h - Byte-reproducible zip archives ----------------===//
// Builds a zip in memory whose bytes depend only on the entries' names and
// contents, so a content-addressed S3 key is stable across runs and machines.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_BUNDLE_DETERMINISTICZIP_H
#define RULECC_BACKENDS_BUNDLE_DETERMINISTICZIP_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace rulecc::bundle {

/// Contents compressed once, as makeDeterministicZip would compress them, to
/// be copied into any number of archives (every function of a language ships
/// the same runtime helpers).
struct DeflatedBytes {
  std::string data;   // raw deflate stream (no zlib header)
  uint32_t crc32 = 0; // of the uncompressed bytes
  uint64_t size = 0;  // uncompressed size
  /// zlib judged the bytes text: the entry's "text file" attribute, which
  /// minizip sets from the same judgement when it compresses an entry.
  bool text = false;
};

/// `bytes` deflated at level 9 with the settings of makeDeterministicZip.
llvm::Expected<DeflatedBytes> deflateBytes(llvm::StringRef bytes);

struct ZipEntry {
  std::string name;      // '/'-separated path inside the archive
  llvm::StringRef bytes; // owned by the caller
  /// When set, `bytes` as deflateBytes compressed them, written unchanged
  /// instead of compressing `bytes` again. Owned by the caller.
  const DeflatedBytes *deflated = nullptr;
};

/// A zip of `entries`, sorted by name, each stored with the same timestamp
/// (1980-01-01 00:00, the zip epoch), Unix permissions 0644 and deflate
/// compression. Duplicate names are an error. An entry's bytes in the
/// archive do not depend on whether it came with `deflated`.
llvm::Expected<std::string>
makeDeterministicZip(llvm::ArrayRef<ZipEntry> entries);

/// Lower-case hex SHA-256 of `bytes`.
std::string sha256Hex(llvm::StringRef bytes);

/// Base64 of the raw SHA-256 of `bytes` (Terraform's `source_code_hash`).
std::string sha256Base64(llvm::StringRef bytes);

} // namespace rulecc::bundle

#endif // RULECC_BACKENDS_BUNDLE_DETERMINISTICZIP_H
