//===- BundleTestUtil.h - Reading zips back in bundle tests ---------------===//
// libzip, an independent reader, reads the archives rulecc writes with
// minizip, so the tests do not trust the writer's own view of its output.
//===----------------------------------------------------------------------===//
#ifndef RULECC_TEST_UNIT_BUNDLETESTUTIL_H
#define RULECC_TEST_UNIT_BUNDLETESTUTIL_H

#include "gtest/gtest.h"

#include <zip.h>

#include <string>
#include <vector>

namespace rulecc::bundle::test {

struct ReadEntry {
  std::string name;
  std::string bytes;
  zip_uint32_t externalAttributes = 0;
  zip_uint8_t opsys = 0;
  zip_uint16_t compression = 0;
};

/// Reads an archive back with libzip.
inline std::vector<ReadEntry> readZip(const std::string &bytes) {
  std::vector<ReadEntry> out;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *src =
      zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  EXPECT_TRUE(src);
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  EXPECT_TRUE(za) << zip_error_strerror(&err);
  if (!za) {
    zip_source_free(src);
    return out;
  }
  for (zip_int64_t i = 0, n = zip_get_num_entries(za, 0); i < n; ++i) {
    ReadEntry e;
    zip_stat_t st;
    zip_stat_index(za, i, 0, &st);
    e.name = st.name;
    e.compression = st.comp_method;
    zip_file_get_external_attributes(za, i, 0, &e.opsys, &e.externalAttributes);
    e.bytes.resize(st.size);
    zip_file_t *f = zip_fopen_index(za, i, 0);
    EXPECT_EQ(zip_fread(f, e.bytes.data(), st.size),
              static_cast<zip_int64_t>(st.size));
    zip_fclose(f);
    out.push_back(std::move(e));
  }
  zip_close(za);
  return out;
}

} // namespace rulecc::bundle::test

#endif // RULECC_TEST_UNIT_BUNDLETESTUTIL_H
