/* Helpers shared by the test_extract_* binaries (test_extract_common.c):
 * lexicons loaded once per group, tx_extract() that segments a string with
 * text/ and extracts, and TABLE_TEST for the table-driven cases. */
#ifndef TEST_EXTRACT_COMMON_H
#define TEST_EXTRACT_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "extract.h"

extern text_lexicon *tx_text_lex;
extern extract_lexicon *tx_lex;

typedef struct {
	text_doc *doc;
	extract_result *r;
} tx_run;

int tx_group_setup(void **state);
int tx_group_teardown(void **state);
tx_run tx_extract(const char *text, const char *pub);
void tx_free(tx_run *x);
char *tx_read_all(const char *path, size_t *len);
bool tx_span_is(const tx_run *x, text_span s, const char *want);

/* A cmocka case that runs a whole table through the file's run_table()
 * (which prints every failing row) and fails if any row failed. */
#define TABLE_TEST(fn, table)                                                      \
	static void fn(void **state)                                               \
	{                                                                          \
		(void) state;                                                      \
		assert_int_equal(run_table(table, sizeof(table) / sizeof(table[0]), #table), 0); \
	}

#endif
