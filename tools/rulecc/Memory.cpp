//===- Memory.cpp - The compiler's heap: mimalloc on 2 MiB pages ----------===//
// rulecc allocates a great many small objects (tokens, parse-tree contexts,
// AST and IR nodes) and exits without freeing them. On virtual machines a
// page fault costs 10-20 us, so a heap built from 4 KiB pages spends more
// time faulting than compiling (about 1,000 faults for 280 rules).
//===----------------------------------------------------------------------===//
//
// rulecc is linked against mimalloc (Debian's libmimalloc2.0), which
// replaces malloc and operator new for the whole process. Asking it for
// large OS pages makes it back its segments with transparent huge pages
// (madvise(MADV_HUGEPAGE)) where the kernel offers them, so a few 2 MiB
// faults replace thousands of 4 KiB ones; where it does not, nothing
// changes. The option must be set before the first allocation, which static
// constructors make: a .preinit_array entry runs before any of them.

#include <mimalloc.h>

namespace {
void useLargeOSPages(int, char **, char **) {
  mi_option_enable(mi_option_large_os_pages);
}
} // namespace

__attribute__((section(".preinit_array"), used)) static void (
        *const RuleccPreinit)(int, char **, char **) = useLargeOSPages;
