//===- DeterministicZip.cpp - Byte-reproducible zip archives --------------===//

#include "backends/cfn/DeterministicZip.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA256.h"

#include <zip.h>

#include <vector>

using namespace llvm;

namespace rulecc::cfn {

namespace {
// DOS date of 1980-01-01 (year 0 since 1980, month 1, day 1) at 00:00:00.
constexpr uint16_t DosDate = (0 << 9) | (1 << 5) | 1;
constexpr uint16_t DosTime = 0;
// A regular file with mode 0644, in the high half of the external attributes
// as Unix zip tools write it.
constexpr uint32_t UnixFileAttributes = 0100644u << 16;

Error zipError(const Twine &what, zip_error_t *err) {
  std::string msg = (what + ": " + zip_error_strerror(err)).str();
  zip_error_fini(err);
  return createStringError(inconvertibleErrorCode(), msg);
}

Error zipError(const Twine &what, zip_t *za) {
  return createStringError(inconvertibleErrorCode(),
                           (what + ": " + zip_strerror(za)).str());
}
} // namespace

Expected<std::string> makeDeterministicZip(ArrayRef<ZipEntry> entries) {
  std::vector<const ZipEntry *> sorted;
  for (const ZipEntry &e : entries)
    sorted.push_back(&e);
  llvm::sort(sorted, [](const ZipEntry *a, const ZipEntry *b) {
    return a->name < b->name;
  });
  for (size_t i = 1; i < sorted.size(); ++i)
    if (sorted[i]->name == sorted[i - 1]->name)
      return createStringError(inconvertibleErrorCode(),
                               "duplicate zip entry '" + sorted[i]->name + "'");

  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *archive = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (!archive)
    return zipError("cannot create zip buffer", &err);
  zip_t *za = zip_open_from_source(archive, ZIP_TRUNCATE, &err);
  if (!za) {
    zip_source_free(archive);
    return zipError("cannot open zip buffer", &err);
  }
  // Keep the buffer alive past zip_close, which writes the archive into it.
  zip_source_keep(archive);
  auto fail = [&](Error e) -> Expected<std::string> {
    zip_discard(za);
    zip_source_free(archive);
    return e;
  };

  for (const ZipEntry *e : sorted) {
    zip_source_t *data =
        zip_source_buffer(za, e->bytes.data(), e->bytes.size(), 0);
    if (!data)
      return fail(zipError("cannot add '" + e->name + "'", za));
    zip_int64_t index =
        zip_file_add(za, e->name.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(data);
      return fail(zipError("cannot add '" + e->name + "'", za));
    }
    zip_uint64_t idx = static_cast<zip_uint64_t>(index);
    if (zip_file_set_dostime(za, idx, DosTime, DosDate, 0) != 0 ||
        zip_file_set_external_attributes(za, idx, 0, ZIP_OPSYS_UNIX,
                                         UnixFileAttributes) != 0 ||
        zip_set_file_compression(za, idx, ZIP_CM_DEFLATE, 9) != 0)
      return fail(zipError("cannot set attributes of '" + e->name + "'", za));
  }
  if (zip_close(za) != 0)
    return fail(zipError("cannot write zip", za));

  std::string bytes;
  zip_stat_t st;
  if (zip_source_stat(archive, &st) != 0 || zip_source_open(archive) != 0) {
    zip_source_free(archive);
    return createStringError(inconvertibleErrorCode(), "cannot read zip");
  }
  bytes.resize(st.size);
  zip_int64_t n = zip_source_read(archive, bytes.data(), st.size);
  zip_source_close(archive);
  zip_source_free(archive);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size)
    return createStringError(inconvertibleErrorCode(), "cannot read zip");
  return bytes;
}

std::string sha256Hex(StringRef bytes) {
  auto digest = SHA256::hash(arrayRefFromStringRef(bytes));
  return toHex(digest, /*LowerCase=*/true);
}

} // namespace rulecc::cfn
