//===- LoweringTestUtil.h - Hand-built ASTs for lowering unit tests -------===//
// Builds AST nodes without the parser (each node gets its own location in a
// scratch buffer) and collects the diagnostics lowering reports.
//===----------------------------------------------------------------------===//
#ifndef RULECC_TEST_UNIT_LOWERINGTESTUTIL_H
#define RULECC_TEST_UNIT_LOWERINGTESTUTIL_H

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "ir/Lowering.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rulecc::test {

/// Keeps every diagnostic the engine forwards.
class Collector : public DiagnosticConsumer {
public:
  explicit Collector(std::vector<Diagnostic> &seen) : seen(seen) {}
  void handle(const Diagnostic &d) override { seen.push_back(d); }
  bool wantsAllDiagnostics() const override { return true; }

private:
  std::vector<Diagnostic> &seen;
};

template <typename... Ts> ast::NodeList nodes(Ts &&...ns) {
  ast::NodeList list;
  (list.push_back(std::forward<Ts>(ns)), ...);
  return list;
}

/// Makes nodes whose ranges are distinct two-character slices of one
/// scratch buffer, so diagnostics and notes can be told apart by location.
class AstBuilder {
public:
  explicit AstBuilder(llvm::SourceMgr &sm) {
    unsigned id =
        sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(
                                  std::string(1 << 16, ' '), "scratch.rules"),
                              llvm::SMLoc());
    base = sm.getMemoryBuffer(id)->getBufferStart();
  }

  llvm::SMRange fresh() {
    const char *p = base + next;
    next += 2;
    return {llvm::SMLoc::getFromPointer(p), llvm::SMLoc::getFromPointer(p + 1)};
  }

  ast::NodePtr str(std::string s) {
    std::vector<ast::StringPart> parts;
    parts.push_back({std::move(s), nullptr, fresh()});
    return std::make_unique<ast::StringLitNode>(
        fresh(), ast::StringLitNode::DoubleQuoted, std::move(parts));
  }
  /// `"a #{x} b"`: a string with an interpolation.
  ast::NodePtr interpolated() {
    std::vector<ast::StringPart> parts;
    parts.push_back({"a ", nullptr, fresh()});
    parts.push_back({"", ident("x"), fresh()});
    return std::make_unique<ast::StringLitNode>(
        fresh(), ast::StringLitNode::DoubleQuoted, std::move(parts));
  }
  ast::NodePtr sym(std::string s) {
    return std::make_unique<ast::SymbolLitNode>(fresh(), std::move(s));
  }
  ast::NodePtr num(int64_t v) {
    return std::make_unique<ast::IntegerLitNode>(fresh(), v);
  }
  ast::NodePtr flt(double v) {
    return std::make_unique<ast::FloatLitNode>(fresh(), v);
  }
  ast::NodePtr boolean(bool v) {
    return std::make_unique<ast::BoolLitNode>(fresh(), v);
  }
  /// `-n`, which the parser delivers as a unary minus.
  ast::NodePtr neg(ast::NodePtr n) {
    return std::make_unique<ast::UnaryNode>(fresh(), ast::UnaryNode::Neg, "-",
                                            std::move(n));
  }
  ast::NodePtr nil() { return std::make_unique<ast::NilLitNode>(fresh()); }
  ast::NodePtr ident(std::string s) {
    return std::make_unique<ast::IdentifierNode>(fresh(), std::move(s));
  }
  ast::NodePtr cpath(std::vector<std::string> segments) {
    return std::make_unique<ast::ConstPathNode>(fresh(), std::move(segments));
  }
  ast::NodePtr array(ast::NodeList elements) {
    return std::make_unique<ast::ArrayLitNode>(fresh(), std::move(elements));
  }
  ast::HashEntry entry(std::string key, ast::NodePtr value) {
    ast::HashEntry e;
    e.key = sym(std::move(key));
    e.value = std::move(value);
    e.isLabel = true;
    return e;
  }
  template <typename... Es> ast::NodePtr hash(bool braceless, Es &&...es) {
    std::vector<ast::HashEntry> entries;
    (entries.push_back(std::forward<Es>(es)), ...);
    return std::make_unique<ast::HashLitNode>(fresh(), std::move(entries),
                                              braceless);
  }
  /// Brace-less keyword arguments, the way the parser delivers them.
  template <typename... Es> ast::NodePtr kw(Es &&...es) {
    return hash(true, std::forward<Es>(es)...);
  }
  template <typename... As> ast::NodePtr call(std::string name, As &&...as) {
    return std::make_unique<ast::CallNode>(
        fresh(), nullptr, std::move(name), fresh(),
        nodes(std::forward<As>(as)...), nullptr, false);
  }
  /// `name args do |params| <statements> end`.
  ast::NodePtr callWithBlock(std::string name, ast::NodeList args,
                             std::vector<std::string> params,
                             ast::NodeList body) {
    auto block = std::make_unique<ast::Block>();
    for (std::string &p : params)
      block->params.push_back({std::move(p), fresh()});
    block->body = std::move(body);
    block->range = fresh();
    return std::make_unique<ast::CallNode>(fresh(), nullptr, std::move(name),
                                           fresh(), std::move(args),
                                           std::move(block), false);
  }
  template <typename... Ss>
  ast::NodePtr cls(std::string name, std::string super, Ss &&...stmts) {
    std::unique_ptr<ast::ConstPathNode> superclass;
    if (!super.empty())
      superclass = std::make_unique<ast::ConstPathNode>(
          fresh(), std::vector<std::string>{super});
    return std::make_unique<ast::ClassDefNode>(
        fresh(), std::move(name), fresh(), std::move(superclass),
        nodes(std::forward<Ss>(stmts)...), fresh());
  }
  template <typename... Ss>
  std::unique_ptr<ast::File> file(std::string path, Ss &&...stmts) {
    auto f = std::make_unique<ast::File>();
    f->path = std::move(path);
    f->stmts = nodes(std::forward<Ss>(stmts)...);
    return f;
  }

private:
  const char *base = nullptr;
  size_t next = 0;
};

/// A SourceMgr, an engine collecting diagnostics and a builder.
class LoweringFixture : public ::testing::Test {
protected:
  LoweringFixture() { diags.setConsumer(std::make_unique<Collector>(seen)); }

  std::unique_ptr<ir::Application> lower(std::vector<const ast::File *> files,
                                         std::string defaultProject = "app") {
    LoweringOptions options;
    options.defaultProject = std::move(defaultProject);
    // These tests name managed rules `:a`, `:b`, ...; the catalog checks
    // have their own tests (test/Sema, CatalogTest).
    options.checkManagedRules = false;
    return lowerApplication(files, diags, options);
  }
  std::unique_ptr<ir::Application> lower(const ast::File &file) {
    return lower(std::vector<const ast::File *>{&file});
  }

  /// The stable ids of what was reported, in order.
  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const Diagnostic &d : seen)
      out.push_back(getDiagInfo(d.id).name.str());
    return out;
  }
  const Diagnostic &only() const {
    EXPECT_EQ(seen.size(), 1u) << joined();
    return seen.front();
  }
  std::string joined() const {
    std::string s;
    for (const Diagnostic &d : seen)
      s += getDiagInfo(d.id).name.str() + ": " + d.message + "\n";
    return s;
  }

  llvm::SourceMgr sm;
  DiagnosticEngine diags{sm};
  std::vector<Diagnostic> seen;
  AstBuilder b{sm};
};

} // namespace rulecc::test

#endif // RULECC_TEST_UNIT_LOWERINGTESTUTIL_H
