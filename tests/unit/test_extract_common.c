/* Helpers shared by the test_extract_* binaries; see test_extract_common.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_extract_common.h"

#define LEXDIR COALITION_SOURCE_DIR "/corpus/lexicon"

text_lexicon *tx_text_lex;
extract_lexicon *tx_lex;

int
tx_group_setup(void **state)
{
	(void) state;
	text_error err;
	if (text_lexicon_load(LEXDIR, &tx_text_lex, &err) != TEXT_OK) {
		fprintf(stderr, "text lexicon: %s\n", err.reason);
		return -1;
	}
	if (extract_lexicon_load(LEXDIR, &tx_lex, &err) != TEXT_OK) {
		fprintf(stderr, "extract lexicon: %s\n", err.reason);
		return -1;
	}
	return 0;
}

int
tx_group_teardown(void **state)
{
	(void) state;
	extract_lexicon_destroy(tx_lex);
	text_lexicon_destroy(tx_text_lex);
	return 0;
}

/* pub: "YYYY-MM-DD" or NULL (then a dateline or the latest date is used) */
tx_run
tx_extract(const char *text, const char *pub)
{
	tx_run x = {NULL, NULL};
	text_error err;
	if (text_doc_create(tx_text_lex, text, strlen(text), &x.doc, &err) != TEXT_OK) {
		fail_msg("text_doc_create: %s", err.reason);
	}
	extract_ymd p;
	if (pub != NULL) {
		assert_true(extract_ymd_parse(pub, &p));
	}
	x.r = extract_run(tx_lex, x.doc, pub ? &p : NULL, pub ? EXTRACT_SRC_MANIFEST : EXTRACT_SRC_NONE);
	assert_non_null(x.r);
	return x;
}

void
tx_free(tx_run *x)
{
	extract_result_destroy(x->r);
	text_doc_destroy(x->doc);
	x->r = NULL;
	x->doc = NULL;
}

bool
tx_span_is(const tx_run *x, text_span s, const char *want)
{
	size_t len;
	const char *b = text_doc_bytes(x->doc, &len);
	size_t wl = strlen(want);
	return s.end >= s.start && s.end <= len && s.end - s.start == wl &&
	    memcmp(b + s.start, want, wl) == 0;
}

char *
tx_read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fail_msg("cannot open %s", path);
	}
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	char *b = malloc((size_t) n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t) n, f), (size_t) n);
	b[n] = '\0';
	fclose(f);
	if (len != NULL) {
		*len = (size_t) n;
	}
	return b;
}
