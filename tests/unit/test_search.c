#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "search.h"
static void test_search_placeholder(void **state) { (void)state; }
int main(void) { const struct CMUnitTest t[] = { cmocka_unit_test(test_search_placeholder) }; return cmocka_run_group_tests(t, NULL, NULL); }
