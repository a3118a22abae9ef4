//===- EvalValueTest.cpp - The evaluator's values, JSON and text forms ----===//

#include "ir/LowerBodyRegex.h"
#include "runtime/eval/Eval.h"
#include "runtime/eval/Value.h"

#include "llvm/Support/Regex.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace rulecc::eval;
using llvm::StringRef;

namespace {

std::string floatText(double d) {
  std::string s;
  llvm::raw_string_ostream os(s);
  writeFloat(d, os);
  return s;
}

TEST(EvalFloatTest, PythonRepr) {
  EXPECT_EQ(floatText(2.0), "2.0");
  EXPECT_EQ(floatText(0.1), "0.1");
  EXPECT_EQ(floatText(0.3), "0.3");
  EXPECT_EQ(floatText(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(floatText(1e16), "1e+16");
  EXPECT_EQ(floatText(1e15), "1000000000000000.0");
  EXPECT_EQ(floatText(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(floatText(1.5e-7), "1.5e-07");
  EXPECT_EQ(floatText(0.0001), "0.0001");
  EXPECT_EQ(floatText(0.00012), "0.00012");
  EXPECT_EQ(floatText(1e-5), "1e-05");
  EXPECT_EQ(floatText(-2.5), "-2.5");
  EXPECT_EQ(floatText(-0.0), "-0.0");
  EXPECT_EQ(floatText(0.0), "0.0");
  EXPECT_EQ(floatText(1e100), "1e+100");
  EXPECT_EQ(floatText(5e-324), "5e-324");
  EXPECT_EQ(floatText(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(floatText(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(floatText(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(floatText(std::nan("")), "nan");
}

TEST(EvalValueTest, NumbersFromJSON) {
  EXPECT_TRUE(numberValue(8.0).is(Value::Int));
  EXPECT_EQ(numberValue(8.0).getInt(), 8);
  EXPECT_TRUE(numberValue(-0.0).is(Value::Int));
  EXPECT_TRUE(numberValue(9007199254740991.0).is(Value::Int));
  EXPECT_TRUE(numberValue(9007199254740992.0).is(Value::Float));
  EXPECT_TRUE(numberValue(-9007199254740992.0).is(Value::Float));
  EXPECT_TRUE(numberValue(8.5).is(Value::Float));
  EXPECT_TRUE(numberValue(std::nan("")).is(Value::Float));
}

struct Parsed {
  llvm::BumpPtrAllocator arena;
  KeyTable keys;
  Value value;
  JSONError err;
  bool ok;
  explicit Parsed(StringRef text)
      : ok(parseJSON(text, arena, keys, value, err)) {}
  std::string json() {
    std::string s;
    llvm::raw_string_ostream os(s);
    writeJSON(value, keys, os);
    return s;
  }
  const Value *get(StringRef key) {
    KeyTable::Id id;
    return keys.lookup(key, id) ? value.find(id) : nullptr;
  }
};

TEST(EvalJSONTest, KeepsKeyOrderAndTypes) {
  Parsed p(R"({"b": 1, "a": [1.0, 1.5, -3, 1e3, "x", null, true, {}]})");
  ASSERT_TRUE(p.ok) << p.err.message;
  ASSERT_TRUE(p.value.is(Value::Map));
  ASSERT_EQ(p.value.getMap().size(), 2u);
  EXPECT_EQ(p.keys.name(p.value.getMap()[0].key), "b");
  EXPECT_EQ(p.keys.name(p.value.getMap()[1].key), "a");
  llvm::ArrayRef<Value> a = p.get("a")->getList();
  ASSERT_EQ(a.size(), 8u);
  EXPECT_TRUE(a[0].is(Value::Int));
  EXPECT_TRUE(a[1].is(Value::Float));
  EXPECT_EQ(a[2].getInt(), -3);
  EXPECT_EQ(a[3].getInt(), 1000);
  EXPECT_EQ(a[4].getString(), "x");
  EXPECT_TRUE(a[5].isNil());
  EXPECT_TRUE(a[6].getBool());
  EXPECT_TRUE(a[7].is(Value::Map));
  // Compact JSON sorts keys.
  EXPECT_EQ(p.json(), R"({"a":[1,1.5,-3,1000,"x",null,true,{}],"b":1})");
}

TEST(EvalJSONTest, DuplicateKeysKeepFirstPlaceLastValue) {
  Parsed p(R"({"x": 1, "y": 2, "x": 3})");
  ASSERT_TRUE(p.ok);
  ASSERT_EQ(p.value.getMap().size(), 2u);
  EXPECT_EQ(p.keys.name(p.value.getMap()[0].key), "x");
  EXPECT_EQ(p.value.getMap()[0].value.getInt(), 3);
}

TEST(EvalJSONTest, StringsAndEscapes) {
  StringRef text =
      R"(["plain", "a\"b\\c\/\n\t", "\u00e9\ud83d\ude00", "\ud800x"])";
  Parsed p(text);
  ASSERT_TRUE(p.ok) << p.err.message;
  llvm::ArrayRef<Value> l = p.value.getList();
  // Strings without escapes point into the text itself.
  EXPECT_EQ(l[0].getString().data(), text.data() + 2);
  EXPECT_EQ(l[1].getString(), "a\"b\\c/\n\t");
  EXPECT_EQ(l[2].getString(), "\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(l[3].getString(), "\xED\xA0\x80x"); // a lone surrogate, kept
  EXPECT_EQ(codePoints(l[2].getString()), 2u);
}

TEST(EvalJSONTest, ErrorsHaveOffsets) {
  struct Case {
    const char *text;
    size_t offset;
    const char *message;
  } cases[] = {
      {"[1,]", 3, "invalid JSON value"},
      {"{\"a\" 1}", 5, "expected ':' after an object key"},
      {"[01]", 1, "invalid number: leading zero"},
      {"\"abc", 4, "unterminated string"},
      {"[1] x", 4, "extra data after the JSON value"},
      {"{\"a\":\"\\q\"}", 6, "invalid escape in a string"},
      {"\"a\tb\"", 2, "invalid control character in a string"},
      {"NaN", 0, "invalid JSON value"},
      {"", 0, "unexpected end of the file, expected a JSON value"},
      {"[1.]", 3, "invalid number: expected a digit after '.'"},
  };
  for (const Case &c : cases) {
    Parsed p(c.text);
    EXPECT_FALSE(p.ok) << c.text;
    EXPECT_EQ(p.err.offset, c.offset) << c.text;
    EXPECT_EQ(p.err.message, c.message) << c.text;
  }
  Parsed bad("[\"\xC3\x28\"]");
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.err.message, "the file is not valid UTF-8");
  EXPECT_EQ(bad.err.offset, 2u);
  // Overlong forms, UTF-8-encoded surrogates, code points past U+10FFFF and
  // truncated sequences, after a run of ASCII longer than eight bytes.
  for (const char *text :
       {"\"abcdefghij\xC0\x80\"", "\"abcdefghij\xED\xA0\x80\"",
        "\"abcdefghij\xF4\x90\x80\x80\"", "\"abcdefghij\xF5\x80\x80\x80\"",
        "\"abcdefghij\xE2\x82"}) {
    Parsed p(text);
    EXPECT_FALSE(p.ok) << text;
    EXPECT_EQ(p.err.offset, 11u) << text;
  }
  Parsed good("\"abcdefghij\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9\"");
  EXPECT_TRUE(good.ok) << good.err.message;
}

TEST(EvalValueTest, DeepEquality) {
  Parsed p(
      R"({"a": {"x": [1, "s"], "y": null}, "b": {"y": null, "x": [1.0, "s"]},
              "c": {"x": [1, "s"]}, "d": [1, 2], "e": [1, 2, 3]})");
  ASSERT_TRUE(p.ok);
  EXPECT_TRUE(equals(*p.get("a"), *p.get("b"), p.keys));
  EXPECT_FALSE(equals(*p.get("a"), *p.get("c"), p.keys));
  EXPECT_FALSE(equals(*p.get("d"), *p.get("e"), p.keys));
  EXPECT_FALSE(equals(Value::string("1"), Value::integer(1), p.keys));
  EXPECT_TRUE(equals(Value(), Value(), p.keys));
  EXPECT_FALSE(equals(Value(), Value::boolean(false), p.keys));
}

TEST(EvalValueTest, TextForms) {
  Parsed p(R"({"z": "é\u0001", "a": [2.0, 1e16, false]})");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(toText(p.value, p.keys),
            "{\"a\":[2,1e+16,false],\"z\":\"\xC3\xA9\\u0001\"}");
  EXPECT_EQ(toText(Value(), p.keys), "");
  EXPECT_EQ(toText(Value::real(2), p.keys), "2.0");
  EXPECT_EQ(toText(Value::integer(-7), p.keys), "-7");
  EXPECT_EQ(pythonStr(Value(), p.keys), "None");
  EXPECT_EQ(pythonStr(Value::boolean(true), p.keys), "True");
}

TEST(EvalValueTest, LooseKeysFold) {
  KeyTable keys;
  KeyTable::Id a = keys.intern("ipPermissions");
  KeyTable::Id b = keys.intern("IP_PERMISSIONS");
  EXPECT_NE(a, b);
  EXPECT_EQ(keys.folded(a), keys.folded(b));
  EXPECT_EQ(keys.folded(a), keys.foldedOf("ip_permissions"));
  EXPECT_NE(keys.folded(a), keys.foldedOf("ip_permission"));
}

TEST(EvalAnnotationTest, TruncatesInUTF16Units) {
  std::string buf;
  std::string fits(256, 'y');
  EXPECT_EQ(truncateAnnotation(fits, buf), fits);
  std::string longer(257, 'x');
  StringRef cut = truncateAnnotation(longer, buf);
  EXPECT_EQ(cut, std::string(255, 'x') + "\xE2\x80\xA6");
  // U+1F600 counts two units: 127 of them are 254 units and fit.
  std::string emoji;
  for (int i = 0; i < 128; ++i)
    emoji += "\xF0\x9F\x98\x80";
  EXPECT_EQ(truncateAnnotation(emoji.substr(0, 127 * 4), buf).size(), 127u * 4);
  cut = truncateAnnotation(emoji + "x", buf);
  // 127 emoji (254 units) + the ellipsis; a 128th would need 256.
  EXPECT_EQ(cut, emoji.substr(0, 127 * 4) + "\xE2\x80\xA6");
}

TEST(EvalTimeTest, ParsesAndFormats) {
  Micros t;
  ASSERT_TRUE(parseTimestamp("2024-05-02T10:11:12.345Z", t));
  EXPECT_EQ(formatTimestamp(t), "2024-05-02T10:11:12.345Z");
  ASSERT_TRUE(parseTimestamp("2024-05-02T12:11:12+02:00", t));
  EXPECT_EQ(formatTimestamp(t), "2024-05-02T10:11:12.000Z");
  ASSERT_TRUE(parseTimestamp("1969-12-31", t));
  EXPECT_EQ(t, -86400LL * 1000000);
  EXPECT_EQ(formatTimestamp(t), "1969-12-31T00:00:00.000Z");
  ASSERT_TRUE(parseTimestamp("2024-02-29", t));
  for (const char *bad :
       {"2023-02-29", "2024-13-01", "2024-05-02T24:00:00Z", "2024-05-02T10:11",
        "2024-05-02T10:11:12", "2024-05-02 10:11:12Z", "24-05-02",
        "2024-05-02T10:11:12.Z", "2024-05-02T10:11:12+0200", ""})
    EXPECT_FALSE(parseTimestamp(bad, t)) << bad;
}

bool searches(StringRef pattern, StringRef text) {
  std::string ere;
  rulecc::ir::body::RegexError err;
  EXPECT_TRUE(rulecc::ir::body::translateRegex(pattern, ere, err))
      << pattern.str() << ": " << err.message;
  llvm::Regex re(ere);
  std::string why;
  EXPECT_TRUE(re.isValid(why)) << pattern.str() << " -> " << ere << ": " << why;
  return re.match(text);
}

TEST(EvalRegexTest, PythonAnswersOnUTF8) {
  EXPECT_TRUE(searches("^prod-\\d+$", "prod-12"));
  EXPECT_FALSE(searches("^prod-\\d+$", "prod-12\n"));
  EXPECT_FALSE(searches("a.c", "a\nc"));
  EXPECT_TRUE(searches("a[^b]c", "a\nc"));
  EXPECT_TRUE(searches("^.$", "\xC3\xA9"));
  EXPECT_FALSE(searches("^..$", "\xC3\xA9"));
  EXPECT_TRUE(searches("^[^a]{2}$", "\xC3\xA9\xF0\x9F\x98\x80"));
  EXPECT_TRUE(searches("^\\W$", "\xC3\xA9"));
  EXPECT_TRUE(searches("^(\xC3\xA9)+$", "\xC3\xA9\xC3\xA9"));
  EXPECT_TRUE(searches("x[\\]\\-^[]", "x-"));
  EXPECT_TRUE(searches("x[\\]\\-^[]", "x["));
  EXPECT_FALSE(searches("x[\\]\\-^[]", "xa"));
  EXPECT_TRUE(searches("[\\]]", "]"));
  EXPECT_FALSE(searches("[\\^-]", "a"));
  EXPECT_TRUE(searches("[\\^-]", "^"));
  EXPECT_TRUE(searches("a\\.b|\\(x\\)", "(x)"));
  EXPECT_TRUE(searches("\\w+_\\s\\S", "ab_ x"));
  EXPECT_TRUE(searches("^a{2,3}$", "aaa"));
  EXPECT_FALSE(searches("^a{2,3}$", "aaaa"));
  EXPECT_TRUE(searches("", "anything"));
  EXPECT_TRUE(searches("x}", "x}"));
}

} // namespace
