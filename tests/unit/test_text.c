/* test_text: unit tests of service/text through text.h only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

static void test_text_smoke(void **state)
{
	(void)state;
	text_lexicon *lex = NULL;
	text_error err;
	assert_int_equal(text_lexicon_load(COALITION_SOURCE_DIR "/corpus/lexicon", &lex, &err), TEXT_OK);
	const char *s = "قال الوزير إن 14,000 مقاتل. وانضم للتحالف ليصبح العضو ال68.\nشارك\n";
	text_doc *d = NULL;
	assert_int_equal(text_doc_create(lex, s, strlen(s), &d, &err), TEXT_OK);
	size_t ns, nt;
	const text_sentence *S = text_doc_sentences(d, &ns);
	const text_token *T = text_doc_tokens(d, &nt);
	for (size_t i = 0; i < ns; i++) {
		printf("S%zu [%u,%u) '%.*s'\n", i, S[i].span.start, S[i].span.end, (int)(S[i].span.end - S[i].span.start), s + S[i].span.start);
	}
	for (size_t i = 0; i < nt; i++)
		printf("T%zu k%u f%u [%u,%u) '%.*s' norm='%s' bare='%s'\n", i, T[i].kind, T[i].flags, T[i].span.start, T[i].span.end, (int)(T[i].span.end - T[i].span.start), s + T[i].span.start, T[i].norm, T[i].bare);
	text_doc_destroy(d);
	text_lexicon_destroy(lex);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_smoke),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
