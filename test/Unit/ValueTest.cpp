// Rendering of rule-file values into AWS Config's string parameters.
#include "ir/IR.h"

#include <gtest/gtest.h>

using namespace rulecc::ir;

namespace {
Value str(const char *s) {
  Value v;
  v.kind = Value::String;
  v.stringValue = s;
  return v;
}
Value integer(int64_t i) {
  Value v;
  v.kind = Value::Int;
  v.intValue = i;
  return v;
}
} // namespace

TEST(ValueTest, Scalars) {
  EXPECT_EQ(integer(90).render(), "90");
  EXPECT_EQ(integer(-3).render(), "-3");
  Value b;
  b.kind = Value::Bool;
  b.boolValue = true;
  EXPECT_EQ(b.render(), "true");
  Value f;
  f.kind = Value::Float;
  f.floatValue = 0.1;
  EXPECT_EQ(f.render(), "0.1");
  f.floatValue = 2.5e10;
  EXPECT_EQ(f.render(), "2.5e+10");
  EXPECT_EQ(str("Enabled").render(), "Enabled");
  EXPECT_EQ(Value().render(), "");
}

TEST(ValueTest, ListsAreCommaSeparated) {
  Value l;
  l.kind = Value::List;
  l.list = {integer(22), integer(3389), str("x")};
  EXPECT_EQ(l.render(), "22,3389,x");
}

TEST(ValueTest, MapsAreCompactJSONWithSortedKeys) {
  Value m;
  m.kind = Value::Map;
  m.map = {{"b", str("q\"uote")}, {"a", integer(1)}};
  // llvm::json::Object sorts keys when printing.
  EXPECT_EQ(m.render(), "{\"a\":1,\"b\":\"q\\\"uote\"}");
}
