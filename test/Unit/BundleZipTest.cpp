//===- BundleZipTest.cpp - Deterministic zips of function code ----------===//
// The archive's bytes depend only on names and contents: entry order,
// timestamps, permissions and the time zone change nothing.
//===----------------------------------------------------------------------===//

#include "backends/bundle/DeterministicZip.h"

#include "BundleTestUtil.h"

#include <cstdlib>
#include <string>
#include <vector>

using namespace rulecc::bundle;
using namespace rulecc::bundle::test;

namespace {

TEST(BundleZipTest, EntriesAreSortedAndReadBack) {
  std::string big(100000, 'x');
  auto zip = makeDeterministicZip(
      {{"b/handler.py", "print('b')\n"}, {"a.py", big}, {"empty.txt", ""}});
  ASSERT_TRUE(bool(zip)) << llvm::toString(zip.takeError());
  std::vector<ReadEntry> entries = readZip(*zip);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].name, "a.py");
  EXPECT_EQ(entries[0].bytes, big);
  EXPECT_EQ(entries[0].compression, ZIP_CM_DEFLATE);
  EXPECT_LT(zip->size(), 2000u); // deflated
  EXPECT_EQ(entries[1].name, "b/handler.py");
  EXPECT_EQ(entries[1].bytes, "print('b')\n");
  EXPECT_EQ(entries[2].name, "empty.txt");
  EXPECT_EQ(entries[2].bytes, "");
  for (const ReadEntry &e : entries) {
    EXPECT_EQ(e.opsys, ZIP_OPSYS_UNIX);
    EXPECT_EQ(e.externalAttributes >> 16, 0100644u) << e.name;
  }
}

/// The DOS date and time fields of the first local file header.
std::pair<uint16_t, uint16_t> firstDosTime(const std::string &zip) {
  auto u16 = [&](size_t at) {
    return static_cast<uint16_t>(static_cast<unsigned char>(zip[at]) |
                                 static_cast<unsigned char>(zip[at + 1]) << 8);
  };
  EXPECT_EQ(zip.substr(0, 4), std::string("PK\x03\x04", 4));
  return {u16(12), u16(10)}; // date, time
}

TEST(BundleZipTest, SameBytesWhateverTheOrderTimeOrZone) {
  std::vector<ZipEntry> forward = {{"a.py", "A"}, {"b.py", "B"}};
  std::vector<ZipEntry> backward = {{"b.py", "B"}, {"a.py", "A"}};
  auto first = makeDeterministicZip(forward);
  ASSERT_TRUE(bool(first));
  const char *oldTz = std::getenv("TZ");
  std::string saved = oldTz ? oldTz : "";
  setenv("TZ", "Pacific/Kiritimati", 1);
  tzset();
  auto second = makeDeterministicZip(backward);
  if (oldTz)
    setenv("TZ", saved.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
  ASSERT_TRUE(bool(second));
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(sha256Hex(*first), sha256Hex(*second));
  // 1980-01-01 00:00:00, the zip epoch.
  EXPECT_EQ(firstDosTime(*first), (std::pair<uint16_t, uint16_t>{0x21, 0}));

  auto changed = makeDeterministicZip({{"a.py", "A!"}, {"b.py", "B"}});
  ASSERT_TRUE(bool(changed));
  EXPECT_NE(sha256Hex(*changed), sha256Hex(*first));
}

TEST(BundleZipTest, DuplicateNamesAreAnError) {
  auto zip = makeDeterministicZip({{"a.py", "1"}, {"a.py", "2"}});
  ASSERT_FALSE(bool(zip));
  EXPECT_NE(llvm::toString(zip.takeError()).find("duplicate zip entry 'a.py'"),
            std::string::npos);
}

TEST(BundleZipTest, Sha256Hex) {
  EXPECT_EQ(sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

} // namespace
