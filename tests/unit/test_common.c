/* Unit tests of common/: the capped arena and the log level parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <protobuf-c/protobuf-c.h>

#include "arena.h"
#include "coalition_mem.h"
#include "log.h"

static void test_arena_alignment_and_reuse(void **state)
{
	(void)state;
	arena *a = arena_create();
	assert_non_null(a);
	arena_reset(a, 0);
	for (int i = 1; i < 2000; i += 7) {
		void *p = arena_alloc(a, (size_t)i);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 0xab, (size_t)i);
	}
	/* Larger than a chunk. */
	void *big = arena_alloc(a, 1u << 20);
	assert_non_null(big);
	memset(big, 1, 1u << 20);
	arena_reset(a, 0);
	assert_int_equal(arena_used(a), 0);
	assert_false(arena_is_exhausted(a));
	arena_destroy(a);
	arena_destroy(NULL);
}

static void test_arena_cap_exhausts_and_resets(void **state)
{
	(void)state;
	arena *a = arena_create();
	arena_reset(a, 1000);
	assert_non_null(arena_alloc(a, 500));
	assert_non_null(arena_alloc(a, 400));
	assert_null(arena_alloc(a, 200)); /* 512 + 400 + 208 > 1000 */
	assert_true(arena_is_exhausted(a));
	assert_null(arena_alloc(a, (size_t)-1)); /* overflow does not wrap */
	arena_reset(a, 1000);
	assert_false(arena_is_exhausted(a));
	assert_non_null(arena_alloc(a, 900));
	arena_cap_set(a, 0);
	assert_non_null(arena_alloc(a, 5000));
	char *s = arena_strndup(a, "abcdef", 3);
	assert_string_equal(s, "abc");
	arena_destroy(a);
}

static void test_arena_as_protobuf_allocator(void **state)
{
	(void)state;
	arena *a = arena_create();
	arena_reset(a, 64);
	ProtobufCAllocator *pa = arena_allocator(a);
	assert_non_null(pa->alloc(pa->allocator_data, 32));
	assert_null(pa->alloc(pa->allocator_data, 64));
	pa->free(pa->allocator_data, NULL); /* a no-op, not a crash */
	arena_destroy(a);
}

/* The huge-page hint changes no byte and accepts any block: NULL, small,
 * big and not 2 MiB-aligned (where only the aligned interior is advised). */
static void test_mem_hint_keeps_contents(void **state)
{
	(void)state;
	coal_mem_hint_big(NULL, 0);
	coal_mem_hint_big(NULL, (size_t)64 << 20);
	char small[64];
	memset(small, 'x', sizeof small);
	coal_mem_hint_big(small, sizeof small);
	assert_int_equal(small[63], 'x');
	size_t n = ((size_t)COAL_MEM_BIG_BYTES * 3) / 2 + 12345;
	unsigned char *big = malloc(n + 1);
	assert_non_null(big);
	for (size_t i = 0; i < n + 1; i++)
		big[i] = (unsigned char)(i * 31u);
	coal_mem_hint_big(big + 1, n); /* odd start */
	for (size_t i = 0; i < n + 1; i++)
		if (big[i] != (unsigned char)(i * 31u))
			fail_msg("byte %zu changed", i);
	free(big);
}

static void test_log_level_parse(void **state)
{
	(void)state;
	assert_int_equal(log_level_parse("debug"), LOG_DEBUG);
	assert_int_equal(log_level_parse("INFO"), LOG_INFO);
	assert_int_equal(log_level_parse("Warn"), LOG_WARN);
	assert_int_equal(log_level_parse("error"), LOG_ERROR);
	assert_int_equal(log_level_parse("verbose"), -1);
	assert_int_equal(log_level_parse(""), -1);
	assert_int_equal(log_level_parse("infos"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_arena_alignment_and_reuse),
	    cmocka_unit_test(test_arena_cap_exhausts_and_resets),
	    cmocka_unit_test(test_arena_as_protobuf_allocator),
	    cmocka_unit_test(test_mem_hint_keeps_contents),
	    cmocka_unit_test(test_log_level_parse),
	};
	return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
