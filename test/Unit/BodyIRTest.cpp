//===- BodyIRTest.cpp - Static types of the rule-body IR ------------------===//

#include "ir/BodyIR.h"

#include "gtest/gtest.h"

using namespace rulecc::ir::body;

namespace {

TEST(BodyType, Spelling) {
  EXPECT_EQ(Type::scalar(Type::Int).str(), "Int");
  EXPECT_EQ(Type::scalar(Type::String, true).str(), "String*");
  EXPECT_EQ(Type::listOf(Type::scalar(Type::Date)).str(), "List[Date]");
  EXPECT_EQ(Type::mapOf(Type::scalar(Type::String)).str(),
            "Map[String,String]");
  EXPECT_EQ(Type::object("configuration.ipPermissions", true).str(),
            "Object<configuration.ipPermissions>*");
  EXPECT_EQ(Type::object("", false).str(), "Object");
  EXPECT_EQ(Type::any().str(), "Any");
}

TEST(BodyType, Join) {
  Type nil = Type::scalar(Type::Nil);
  Type str = Type::scalar(Type::String);
  Type many = Type::scalar(Type::String, true);
  // Nil joins to the other side: `x || "off"`, a local set in one branch.
  EXPECT_EQ(join(nil, str), str);
  EXPECT_EQ(join(str, nil), str);
  // The "or a list" mark survives a join.
  EXPECT_EQ(join(many, str), many);
  EXPECT_EQ(join(Type::scalar(Type::Int), Type::scalar(Type::Float)).str(),
            "Float");
  EXPECT_EQ(join(Type::listOf(Type::scalar(Type::Int)),
                 Type::listOf(Type::scalar(Type::Float)))
                .str(),
            "List[Float]");
  EXPECT_EQ(join(str, Type::scalar(Type::Bool)), Type::any());
  EXPECT_EQ(join(Type::object("configuration", false),
                 Type::object("supplementaryConfiguration", false)),
            Type::any());
}

TEST(BodyType, Equality) {
  EXPECT_EQ(Type::listOf(Type::scalar(Type::Int)),
            Type::listOf(Type::scalar(Type::Int)));
  EXPECT_NE(Type::listOf(Type::scalar(Type::Int)),
            Type::listOf(Type::scalar(Type::String)));
  EXPECT_NE(Type::scalar(Type::Int), Type::scalar(Type::Int, true));
  EXPECT_EQ(Type::scalar(Type::Int, true).single(), Type::scalar(Type::Int));
}

} // namespace
