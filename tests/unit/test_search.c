/* test_search: unit tests of service/search through search.h (and text.h to
 * build the documents). A small corpus of Arabic news sentences written for
 * these tests (coalition strikes, Iraqi forces, Kirkuk, Raqqa) with clitics,
 * hamza and ta marbuta variants, tashkeel, Persian letters and Latin; each
 * case states which (document, sentence) pairs a query must return, in which
 * order, and the exact original bytes it must highlight. Then errors, limits,
 * paging, threads, and a 5,000-document scale run that prints query times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <pthread.h>

#include "search.h"
#include "text.h"

/* Document numbers are the caller's: deliberately not 0..n-1. */
#define DOC_BASE 100u

/* Sentence s of document d is line s (each line is one sentence). */
static const char *const k_docs[] = {
	/* 100 */
	"شن التحالف الدولي غارات جوية على مواقع تنظيم داعش في الرقة.\n"
	"وقال المتحدث باسم التحالف إن الغارة الأخيرة دمرت مخزنا للأسلحة.",
	/* 101 */
	"أعلنت وزارة الدفاع في واشنطن أن الولايات المتحدة ستواصل دعم القوات العراقية.\n"
	"وأكد الوزير أن امريكا ملتزمة بالتحالف ضد ISIS حتى هزيمته.",
	/* 102 */
	"قالت مصادر محلية إن قوات سوريا الديمقراطية تقدمت نحو مدينة الرقة بدعم من طائرات التحالف.\n"
	"وأشارت المصادر إلى مقتل 20 مسلحا من تنظيم داعش.",
	/* 103: tashkeel */
	"أَكَّدَ قائدُ العملياتِ المشتركةِ أنَّ القواتِ العراقيةَ استعادت السيطرة على الموصل.\n"
	"وانضمت دول جديدة للتحالف الدولي هذا الشهر.",
	/* 104: Persian letters (U+06A9 keheh, U+06CC farsi yeh) */
	"وصل وفد من پاکستان إلى کرکوک للقاء مسؤولین محليين.\n"
	"وتحدثت تقارير عن غارة جديدة قرب كركوك.",
	/* 105: Latin inside Arabic lines */
	"وقال مسؤول محلي إن مقاتلي isis انسحبوا من القرية.\n"
	"وذكر بيان للقيادة أن عناصر ISIS خسروا مواقعهم قرب الحدود.",
	/* 106: both words, not in order / not adjacent */
	"ورحب الوزير بالدور الدولي للتحالف في المنطقة.\n"
	"وقال التحالف إن الدعم الدولي مستمر.",
	/* 107: ta marbuta written as ha */
	"وصلت المساعدات إلى مدينه الرقه أمس.",
	/* 108: hamza on the alef; a word twice */
	"وأكدت أمريكا أن الحرب على داعش مستمرة وأن داعش سيهزم.",
};
#define N_DOCS (sizeof k_docs / sizeof k_docs[0])

static text_doc *g_docs[N_DOCS];
static search_index *g_idx;

static int setup(void **state)
{
	(void)state;
	if (search_index_create(&g_idx) != SEARCH_OK)
		return -1;
	for (size_t i = 0; i < N_DOCS; i++) {
		text_error err;
		if (text_doc_create(NULL, k_docs[i], strlen(k_docs[i]), &g_docs[i], &err) != TEXT_OK)
			return -1;
		if (search_index_add(g_idx, DOC_BASE + (uint32_t)i, g_docs[i]) != SEARCH_OK)
			return -1;
	}
	return search_index_freeze(g_idx) == SEARCH_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	search_index_destroy(g_idx);
	g_idx = NULL;
	for (size_t i = 0; i < N_DOCS; i++) {
		text_doc_destroy(g_docs[i]);
		g_docs[i] = NULL;
	}
	return 0;
}

/* --- helpers */

typedef struct {
	search_hit hits[SEARCH_PAGE_MAX];
	size_t n, total;
} result;

static result g_res;

static result *run(const char *query)
{
	memset(&g_res, 0, sizeof g_res);
	assert_int_equal(search_query(g_idx, query, 0, SEARCH_PAGE_MAX, g_res.hits, &g_res.n,
				 &g_res.total),
	    SEARCH_OK);
	assert_true(g_res.n <= g_res.total);
	return &g_res;
}

static size_t total_of(const char *query)
{
	return run(query)->total;
}

/* Whether hit i is (doc, sentence). */
static bool hit_is(const result *r, size_t i, uint32_t doc, uint32_t sent)
{
	return i < r->n && r->hits[i].doc_no == DOC_BASE + doc && r->hits[i].sentence == sent;
}

static bool has_hit(const result *r, uint32_t doc, uint32_t sent)
{
	for (size_t i = 0; i < r->n; i++)
		if (hit_is(r, i, doc, sent))
			return true;
	return false;
}

/* The original bytes of span j of hit i. */
static bool span_is(const result *r, size_t i, size_t j, const char *want)
{
	const search_hit *h = &r->hits[i];
	if (j >= h->n_spans)
		return false;
	const char *b = text_doc_bytes(g_docs[h->doc_no - DOC_BASE], NULL);
	size_t n = strlen(want);
	return h->spans[j].end - h->spans[j].start == n && memcmp(b + h->spans[j].start, want, n) == 0;
}

static void expect_hits(const char *query, size_t total, const uint32_t (*want)[2], size_t n_want)
{
	result *r = run(query);
	assert_int_equal(r->total, total);
	for (size_t i = 0; i < n_want; i++) {
		if (!has_hit(r, want[i][0], want[i][1]))
			fail_msg("query %s: missing doc %u sentence %u", query, want[i][0], want[i][1]);
	}
}

/* --- clitics */

static void test_search_clitic_article_matches_bare(void **state)
{
	(void)state;
	/* التحالف, للتحالف, بالتحالف, باسم التحالف: every sentence naming the coalition. */
	static const uint32_t want[][2] = {{0, 0}, {0, 1}, {1, 1}, {2, 0}, {3, 1}, {6, 0}, {6, 1}};
	expect_hits("تحالف", 7, want, 7);
}

static void test_search_clitic_query_with_lam(void **state)
{
	(void)state;
	assert_int_equal(total_of("للتحالف"), 7);
}

static void test_search_clitic_query_with_waw(void **state)
{
	(void)state;
	assert_int_equal(total_of("والتحالف"), 7);
}

static void test_search_clitic_query_with_ba(void **state)
{
	(void)state;
	assert_int_equal(total_of("بالتحالف"), 7);
}

static void test_search_clitic_highlight_whole_token(void **state)
{
	(void)state;
	result *r = run("التحالف");
	for (size_t i = 0; i < r->n; i++) {
		if (hit_is(r, i, 1, 1))
			assert_true(span_is(r, i, 0, "بالتحالف"));
		if (hit_is(r, i, 3, 1))
			assert_true(span_is(r, i, 0, "للتحالف"));
	}
}

/* --- spelling variants */

static void test_search_alef_hamza_variants(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{1, 1}, {8, 0}};
	expect_hits("امريكا", 2, want, 2);
	expect_hits("أمريكا", 2, want, 2);
	expect_hits("إمريكا", 2, want, 2);
}

static void test_search_alef_highlight_original_spelling(void **state)
{
	(void)state;
	result *r = run("امريكا");
	assert_int_equal(r->n, 2);
	for (size_t i = 0; i < 2; i++) {
		if (r->hits[i].doc_no == DOC_BASE + 8)
			assert_true(span_is(r, i, 0, "أمريكا"));
		else
			assert_true(span_is(r, i, 0, "امريكا"));
	}
}

static void test_search_ta_marbuta_and_ha(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{0, 0}, {2, 0}, {7, 0}};
	expect_hits("الرقة", 3, want, 3);
	expect_hits("الرقه", 3, want, 3);
	expect_hits("رقة", 3, want, 3);
}

static void test_search_ta_marbuta_highlight(void **state)
{
	(void)state;
	result *r = run("الرقة");
	for (size_t i = 0; i < r->n; i++)
		if (hit_is(r, i, 7, 0))
			assert_true(span_is(r, i, 0, "الرقه"));
}

static void test_search_tashkeel_in_document(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{1, 0}, {3, 0}};
	expect_hits("القوات العراقية", 2, want, 2);
}

static void test_search_tashkeel_in_query(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{1, 0}, {3, 0}};
	expect_hits("القُوّاتِ العِرَاقِيَّة", 2, want, 2);
}

static void test_search_tashkeel_highlight_keeps_marks(void **state)
{
	(void)state;
	result *r = run("القوات العراقية");
	bool seen = false;
	for (size_t i = 0; i < r->n; i++) {
		if (hit_is(r, i, 3, 0)) {
			seen = true;
			assert_int_equal(r->hits[i].n_spans, 2);
			assert_true(span_is(r, i, 0, "القواتِ"));
			assert_true(span_is(r, i, 1, "العراقيةَ"));
		}
	}
	assert_true(seen);
}

static void test_search_persian_letters_in_document(void **state)
{
	(void)state;
	/* کرکوک (U+06A9) and كركوك (U+0643) are the same city. */
	static const uint32_t want[][2] = {{4, 0}, {4, 1}};
	expect_hits("كركوك", 2, want, 2);
}

static void test_search_persian_letters_in_query(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{4, 0}, {4, 1}};
	expect_hits("کرکوک", 2, want, 2);
	/* U+06CC in the document (مسؤولین), U+064A in the query: an exact
	 * match, ranked above 105/0's مسؤول (same stem only). */
	result *r = run("مسؤولين");
	assert_int_equal(r->total, 2);
	assert_true(hit_is(r, 0, 4, 0));
	assert_int_equal(r->hits[0].n_exact, 1);
	assert_true(span_is(r, 0, 0, "مسؤولین"));
	assert_true(hit_is(r, 1, 5, 0));
	assert_int_equal(r->hits[1].n_exact, 0);
	assert_int_equal(total_of("پاکستان"), 1);
	assert_int_equal(total_of("پاكستان"), 1);
}

static void test_search_persian_highlight(void **state)
{
	(void)state;
	result *r = run("كركوك");
	for (size_t i = 0; i < r->n; i++) {
		if (hit_is(r, i, 4, 0))
			assert_true(span_is(r, i, 0, "کرکوک"));
		if (hit_is(r, i, 4, 1))
			assert_true(span_is(r, i, 0, "كركوك"));
	}
}

/* --- stems */

static void test_search_stem_plural_singular(void **state)
{
	(void)state;
	/* غارات (100/0), الغارة (100/1), غارة (104/1). */
	static const uint32_t want[][2] = {{0, 0}, {0, 1}, {4, 1}};
	expect_hits("غارة", 3, want, 3);
	expect_hits("غارات", 3, want, 3);
	expect_hits("الغارات", 3, want, 3);
}

static void test_search_stem_highlight(void **state)
{
	(void)state;
	result *r = run("غارة");
	for (size_t i = 0; i < r->n; i++) {
		if (hit_is(r, i, 0, 0))
			assert_true(span_is(r, i, 0, "غارات"));
		if (hit_is(r, i, 0, 1))
			assert_true(span_is(r, i, 0, "الغارة"));
	}
}

static void test_search_stem_exact_ranks_above_stem_only(void **state)
{
	(void)state;
	/* One word: all "phrases"; exact bare matches (الغارة, غارة) before the
	 * stem-only غارات, then document order. */
	result *r = run("غارة");
	assert_int_equal(r->n, 3);
	assert_true(hit_is(r, 0, 0, 1));
	assert_int_equal(r->hits[0].n_exact, 1);
	assert_true(hit_is(r, 1, 4, 1));
	assert_true(hit_is(r, 2, 0, 0));
	assert_int_equal(r->hits[2].n_exact, 0);
}

/* --- Latin */

static void test_search_latin_case_folded(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{1, 1}, {5, 0}, {5, 1}};
	expect_hits("ISIS", 3, want, 3);
	expect_hits("isis", 3, want, 3);
	expect_hits("Isis", 3, want, 3);
}

static void test_search_latin_highlight_original_case(void **state)
{
	(void)state;
	result *r = run("isis");
	for (size_t i = 0; i < r->n; i++) {
		if (hit_is(r, i, 1, 1) || hit_is(r, i, 5, 1))
			assert_true(span_is(r, i, 0, "ISIS"));
		if (hit_is(r, i, 5, 0))
			assert_true(span_is(r, i, 0, "isis"));
	}
}

static void test_search_latin_and_arabic_words(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{1, 1}};
	expect_hits("التحالف ISIS", 1, want, 1);
}

/* --- numbers */

static void test_search_number_arabic_indic_digits(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{2, 1}};
	expect_hits("٢٠ مسلحا", 1, want, 1);
	expect_hits("20", 1, want, 1);
}

/* --- AND */

static void test_search_and_requires_every_word(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{0, 0}};
	expect_hits("داعش الرقة", 1, want, 1);
}

static void test_search_and_words_in_other_sentences_only(void **state)
{
	(void)state;
	/* 104/0 names Pakistan, 104/1 a strike: same document, no sentence has both. */
	assert_int_equal(total_of("پاکستان غارة"), 0);
}

static void test_search_and_one_unknown_word(void **state)
{
	(void)state;
	assert_int_equal(total_of("داعش موسكو"), 0);
}

static void test_search_and_word_order_free(void **state)
{
	(void)state;
	assert_int_equal(total_of("الرقة داعش"), 1);
}

static void test_search_no_hit(void **state)
{
	(void)state;
	result *r = run("موسكو");
	assert_int_equal(r->total, 0);
	assert_int_equal(r->n, 0);
}

/* --- phrases and ranking */

static void test_search_rank_phrase_first(void **state)
{
	(void)state;
	/* Adjacent in order: 100/0 "التحالف الدولي", 103/1 "للتحالف الدولي";
	 * then 106/0 (reversed) and 106/1 (apart), each in document order. */
	result *r = run("التحالف الدولي");
	assert_int_equal(r->total, 4);
	assert_true(hit_is(r, 0, 0, 0));
	assert_true(hit_is(r, 1, 3, 1));
	assert_true(hit_is(r, 2, 6, 0));
	assert_true(hit_is(r, 3, 6, 1));
	assert_true(r->hits[0].is_phrase && r->hits[1].is_phrase);
	assert_false(r->hits[2].is_phrase || r->hits[3].is_phrase);
}

static void test_search_rank_phrase_depends_on_query_order(void **state)
{
	(void)state;
	/* "الدولي للتحالف" stands in 106/0 in this order. */
	result *r = run("الدولي التحالف");
	assert_int_equal(r->total, 4);
	assert_true(hit_is(r, 0, 6, 0));
	assert_true(r->hits[0].is_phrase);
	assert_true(hit_is(r, 1, 0, 0));
}

static void test_search_rank_exact_before_stem(void **state)
{
	(void)state;
	/* 100/1 has الغارة (exact) and التحالف; 100/0 has غارات (stem only). */
	result *r = run("غارة التحالف");
	assert_int_equal(r->total, 2);
	assert_true(hit_is(r, 0, 0, 1));
	assert_int_equal(r->hits[0].n_exact, 2);
	assert_true(hit_is(r, 1, 0, 0));
	assert_int_equal(r->hits[1].n_exact, 1);
}

static void test_search_quoted_phrase_filters(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{0, 0}, {3, 1}};
	expect_hits("\"التحالف الدولي\"", 2, want, 2);
}

static void test_search_quoted_phrase_typographic_quotes(void **state)
{
	(void)state;
	assert_int_equal(total_of("\u201cالتحالف الدولي\u201d"), 2);
	assert_int_equal(total_of("\u00abالتحالف الدولي\u00bb"), 2);
}

static void test_search_quoted_phrase_reversed(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{6, 0}};
	expect_hits("\"الدولي للتحالف\"", 1, want, 1);
}

static void test_search_quoted_phrase_plus_word(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{0, 0}};
	expect_hits("\"التحالف الدولي\" غارات", 1, want, 1);
	expect_hits("غارات \"التحالف الدولي\"", 1, want, 1);
}

static void test_search_quoted_phrase_unterminated(void **state)
{
	(void)state;
	/* An open quote runs to the end of the query. */
	assert_int_equal(total_of("\"التحالف الدولي"), 2);
}

static void test_search_quoted_single_word(void **state)
{
	(void)state;
	assert_int_equal(total_of("\"داعش\""), 3);
}

static void test_search_phrase_highlight_spans(void **state)
{
	(void)state;
	/* Every token matched by a query word is highlighted, stem matches
	 * too: دول (countries) shares the stem of الدولي. */
	result *r = run("\"التحالف الدولي\"");
	assert_true(hit_is(r, 1, 3, 1));
	assert_int_equal(r->hits[1].n_spans, 3);
	assert_true(span_is(r, 1, 0, "دول"));
	assert_true(span_is(r, 1, 1, "للتحالف"));
	assert_true(span_is(r, 1, 2, "الدولي"));
}

static void test_search_highlight_every_occurrence_in_order(void **state)
{
	(void)state;
	result *r = run("داعش");
	bool seen = false;
	for (size_t i = 0; i < r->n; i++) {
		if (!hit_is(r, i, 8, 0))
			continue;
		seen = true;
		assert_int_equal(r->hits[i].n_spans, 2);
		assert_true(span_is(r, i, 0, "داعش"));
		assert_true(span_is(r, i, 1, "داعش"));
		assert_true(r->hits[i].spans[0].start < r->hits[i].spans[1].start);
	}
	assert_true(seen);
}

static void test_search_highlight_spans_inside_sentence(void **state)
{
	(void)state;
	static const char *const queries[] = {"التحالف", "داعش الرقة", "غارة", "ISIS", "كركوك",
		"القوات العراقية"};
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		result *r = run(queries[q]);
		for (size_t i = 0; i < r->n; i++) {
			const search_hit *h = &r->hits[i];
			size_t n_sent;
			const text_sentence *s = text_doc_sentences(g_docs[h->doc_no - DOC_BASE], &n_sent);
			assert_true(h->sentence < n_sent);
			assert_true(h->n_spans >= 1);
			for (size_t j = 0; j < h->n_spans; j++) {
				assert_true(h->spans[j].start >= s[h->sentence].span.start);
				assert_true(h->spans[j].end <= s[h->sentence].span.end);
				assert_true(h->spans[j].start < h->spans[j].end);
			}
		}
	}
}

static void test_search_sentence_index_is_text_layer_index(void **state)
{
	(void)state;
	result *r = run("مخزنا");
	assert_int_equal(r->n, 1);
	assert_true(hit_is(r, 0, 0, 1));
	size_t n_sent;
	const text_sentence *s = text_doc_sentences(g_docs[0], &n_sent);
	const char *b = text_doc_bytes(g_docs[0], NULL);
	const char *want = "وقال المتحدث";
	assert_memory_equal(b + s[1].span.start, want, strlen(want));
}

static void test_search_tatweel_and_bidi_marks_in_query(void **state)
{
	(void)state;
	/* U+0640 tatweel and U+200F RLM are dropped by the matching form. */
	assert_int_equal(total_of("الت\u0640\u0640حالف"), 7);
	assert_int_equal(total_of("\u200fالتحالف\u200f"), 7);
}

static void test_search_quoted_phrase_three_words(void **state)
{
	(void)state;
	static const uint32_t want[][2] = {{0, 0}};
	expect_hits("\"شن التحالف الدولي\"", 1, want, 1);
	assert_int_equal(total_of("\"شن الدولي التحالف\""), 0);
}

static void test_search_phrase_broken_by_punctuation(void **state)
{
	(void)state;
	/* A comma between two words: both there, in order, but not adjacent. */
	search_index *idx;
	text_doc *d;
	const char *s = "وقال التحالف، الدولي يرد بعد ذلك.\nوأعلن التحالف الدولي النتائج.";
	assert_int_equal(text_doc_create(NULL, s, strlen(s), &d, NULL), TEXT_OK);
	assert_int_equal(search_index_create(&idx), SEARCH_OK);
	assert_int_equal(search_index_add(idx, 1, d), SEARCH_OK);
	assert_int_equal(search_index_freeze(idx), SEARCH_OK);
	search_hit page[4];
	size_t n = 0, total = 0;
	assert_int_equal(search_query(idx, "التحالف الدولي", 0, 4, page, &n, &total), SEARCH_OK);
	assert_int_equal(total, 2);
	assert_int_equal(page[0].sentence, 1);
	assert_true(page[0].is_phrase);
	assert_int_equal(page[1].sentence, 0);
	assert_false(page[1].is_phrase);
	assert_int_equal(search_query(idx, "\"التحالف الدولي\"", 0, 4, page, &n, &total),
	    SEARCH_OK);
	assert_int_equal(total, 1);
	assert_int_equal(page[0].sentence, 1);
	search_index_destroy(idx);
	text_doc_destroy(d);
}

static void test_search_highlight_capped(void **state)
{
	(void)state;
	/* 20 matching tokens in one sentence: the first SEARCH_HIT_MAX_SPANS. */
	char buf[2048] = "";
	for (int i = 0; i < 20; i++)
		strcat(buf, "غارة ");
	strcat(buf, "انتهت.");
	search_index *idx;
	text_doc *d;
	assert_int_equal(text_doc_create(NULL, buf, strlen(buf), &d, NULL), TEXT_OK);
	assert_int_equal(search_index_create(&idx), SEARCH_OK);
	assert_int_equal(search_index_add(idx, 3, d), SEARCH_OK);
	assert_int_equal(search_index_freeze(idx), SEARCH_OK);
	search_hit h;
	size_t n = 0, total = 0;
	assert_int_equal(search_query(idx, "غارات", 0, 1, &h, &n, &total), SEARCH_OK);
	assert_int_equal(total, 1);
	assert_int_equal(h.n_spans, SEARCH_HIT_MAX_SPANS);
	size_t w = strlen("غارة ");
	for (size_t j = 0; j < SEARCH_HIT_MAX_SPANS; j++) {
		assert_int_equal(h.spans[j].start, j * w);
		assert_int_equal(h.spans[j].end, j * w + w - 1);
	}
	search_index_destroy(idx);
	text_doc_destroy(d);
}

/* --- paging */

static void test_search_paging_pages_concatenate(void **state)
{
	(void)state;
	result all = *run("التحالف");
	assert_int_equal(all.total, 7);
	search_hit page[3];
	size_t seen = 0;
	for (size_t skip = 0; skip < all.total; skip += 3) {
		size_t n = 99, total = 99;
		assert_int_equal(search_query(g_idx, "التحالف", skip, 3, page, &n, &total), SEARCH_OK);
		assert_int_equal(total, 7);
		assert_int_equal(n, skip + 3 <= 7 ? 3 : 7 - skip);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(page[i].doc_no, all.hits[skip + i].doc_no);
			assert_int_equal(page[i].sentence, all.hits[skip + i].sentence);
			assert_int_equal(page[i].n_spans, all.hits[skip + i].n_spans);
			assert_memory_equal(page[i].spans, all.hits[skip + i].spans,
			    page[i].n_spans * sizeof(text_span));
		}
		seen += n;
	}
	assert_int_equal(seen, 7);
}

static void test_search_paging_skip_past_end(void **state)
{
	(void)state;
	search_hit page[2];
	size_t n = 99, total = 99;
	assert_int_equal(search_query(g_idx, "التحالف", 7, 2, page, &n, &total), SEARCH_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 7);
	assert_int_equal(search_query(g_idx, "التحالف", SIZE_MAX, 2, page, &n, &total), SEARCH_OK);
	assert_int_equal(n, 0);
}

static void test_search_paging_max_zero_counts_only(void **state)
{
	(void)state;
	size_t n = 99, total = 0;
	assert_int_equal(search_query(g_idx, "داعش", 0, 0, NULL, &n, &total), SEARCH_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 3);
}

static void test_search_paging_max_capped(void **state)
{
	(void)state;
	static search_hit page[SEARCH_PAGE_MAX + 50];
	size_t n = 0, total = 0;
	assert_int_equal(search_query(g_idx, "في", 0, SEARCH_PAGE_MAX + 50, page, &n, &total),
	    SEARCH_OK);
	assert_true(n <= SEARCH_PAGE_MAX);
	assert_int_equal(n, total);
}

/* --- empty, invalid, limits */

static void test_search_empty_query_no_hits(void **state)
{
	(void)state;
	static const char *const empties[] = {"", "   ", " \t ", "\n", "\r\n  \n", "،؟!", "\"\"", "« »"};
	for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
		size_t n = 99, total = 99;
		search_hit page[1];
		assert_int_equal(search_query(g_idx, empties[i], 0, 1, page, &n, &total), SEARCH_OK);
		assert_int_equal(n, 0);
		assert_int_equal(total, 0);
	}
}

static void test_search_invalid_utf8_is_error(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\xff\xfe",                  /* not UTF-8 at all */
		"\xd8\xa7\xd9",              /* truncated after a valid letter */
		"\xc0\xaf",                  /* overlong '/' */
		"\xed\xa0\x80",              /* surrogate */
		"داعش \xe2\x82",              /* truncated at the end */
		"داعش\x01",                  /* C0 control */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t n = 77, total = 77;
		search_hit page[1];
		assert_int_equal(search_query(g_idx, bad[i], 0, 1, page, &n, &total), SEARCH_EUTF8);
		assert_int_equal(n, 77);
		assert_int_equal(total, 77);
	}
	assert_string_equal(search_err_str(SEARCH_EUTF8),
	    "invalid UTF-8 or control character in query");
}

static void test_search_limit_words_just_over(void **state)
{
	(void)state;
	char q[1024] = "";
	for (int i = 0; i < SEARCH_QUERY_MAX_WORDS; i++)
		strcat(q, "داعش ");
	size_t n = 0, total = 0;
	search_hit page[1];
	assert_int_equal(search_query(g_idx, q, 0, 1, page, &n, &total), SEARCH_OK);
	assert_int_equal(total, 3);
	strcat(q, "الرقة");
	n = 55;
	total = 55;
	assert_int_equal(search_query(g_idx, q, 0, 1, page, &n, &total), SEARCH_ETOOMANY);
	assert_int_equal(n, 55);
	assert_int_equal(total, 55);
}

static void test_search_limit_bytes_just_over(void **state)
{
	(void)state;
	static char q[SEARCH_QUERY_MAX_BYTES + 2];
	memset(q, ' ', SEARCH_QUERY_MAX_BYTES);
	memcpy(q, "داعش", strlen("داعش"));
	q[SEARCH_QUERY_MAX_BYTES] = '\0';
	size_t n = 0, total = 0;
	search_hit page[1];
	assert_int_equal(search_query(g_idx, q, 0, 1, page, &n, &total), SEARCH_OK);
	assert_int_equal(total, 3);
	q[SEARCH_QUERY_MAX_BYTES] = ' ';
	q[SEARCH_QUERY_MAX_BYTES + 1] = '\0';
	assert_int_equal(search_query(g_idx, q, 0, 1, page, &n, &total), SEARCH_ETOOBIG);
}

/* --- index life cycle */

static void test_search_index_empty_frozen(void **state)
{
	(void)state;
	search_index *idx;
	assert_int_equal(search_index_create(&idx), SEARCH_OK);
	assert_int_equal(search_index_freeze(idx), SEARCH_OK);
	assert_int_equal(search_index_freeze(idx), SEARCH_OK);
	size_t n = 9, total = 9;
	search_hit page[1];
	assert_int_equal(search_query(idx, "داعش", 0, 1, page, &n, &total), SEARCH_OK);
	assert_int_equal(total, 0);
	search_stats st;
	search_index_stats(idx, &st);
	assert_int_equal(st.n_docs, 0);
	assert_int_equal(st.n_postings, 0);
	search_index_destroy(idx);
	search_index_destroy(NULL);
}

static void test_search_index_stats(void **state)
{
	(void)state;
	search_stats st;
	search_index_stats(g_idx, &st);
	assert_int_equal(st.n_docs, N_DOCS);
	assert_int_equal(st.n_sentences, 16);
	/* A stem posting per indexed token, plus a bare one when they differ. */
	assert_true(st.n_postings > st.n_tokens && st.n_postings < 2 * st.n_tokens);
	assert_true(st.n_keys > 0 && st.n_keys <= st.n_postings);
	assert_true(st.bytes > st.n_postings * 12);
}

static void test_search_index_doc_no_is_callers(void **state)
{
	(void)state;
	search_index *idx;
	text_doc *d;
	const char *s = "قصفت طائرات التحالف مواقع للتنظيم.";
	assert_int_equal(text_doc_create(NULL, s, strlen(s), &d, NULL), TEXT_OK);
	assert_int_equal(search_index_create(&idx), SEARCH_OK);
	assert_int_equal(search_index_add(idx, UINT32_MAX, d), SEARCH_OK);
	assert_int_equal(search_index_add(idx, 7, d), SEARCH_OK);
	/* The index keeps no pointer into the document. */
	assert_int_equal(search_index_freeze(idx), SEARCH_OK);
	search_hit page[4];
	size_t n = 0, total = 0;
	assert_int_equal(search_query(idx, "طائرة", 0, 4, page, &n, &total), SEARCH_OK);
	text_doc_destroy(d);
	assert_int_equal(total, 2);
	assert_int_equal(page[0].doc_no, UINT32_MAX);
	assert_int_equal(page[1].doc_no, 7);
	assert_int_equal(page[0].spans[0].start, strlen("قصفت "));
	search_index_destroy(idx);
}

/* --- threads */

typedef struct {
	const search_index *idx;
	int bad;
} thread_arg;

static void *query_thread(void *p)
{
	thread_arg *a = p;
	static const struct {
		const char *q;
		size_t total;
	} qs[] = {{"التحالف", 7}, {"غارة", 3}, {"isis", 3}, {"\"التحالف الدولي\"", 2}, {"كركوك", 2}};
	for (int rep = 0; rep < 200; rep++) {
		for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
			search_hit page[4];
			size_t n, total;
			if (search_query(a->idx, qs[i].q, 0, 4, page, &n, &total) != SEARCH_OK ||
			    total != qs[i].total)
				a->bad++;
		}
	}
	return NULL;
}

static void test_search_threads_query_concurrently(void **state)
{
	(void)state;
	pthread_t th[4];
	thread_arg args[4];
	for (int i = 0; i < 4; i++) {
		args[i] = (thread_arg){g_idx, 0};
		assert_int_equal(pthread_create(&th[i], NULL, query_thread, &args[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(args[i].bad, 0);
	}
}

/* --- scale */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_search_scale_5000_documents(void **state)
{
	(void)state;
	enum { N = 5000 };
	static const char *const cities[] = {"الموصل", "الرقة", "تكريت", "الفلوجة", "كركوك"};
	static const char *const people[] = {"أحمد", "سمير", "خالد", "يوسف", "ماجد", "ناصر", "رامي"};
	search_index *idx;
	assert_int_equal(search_index_create(&idx), SEARCH_OK);
	double t0 = now_s();
	char buf[1024];
	for (unsigned i = 0; i < N; i++) {
		int len = snprintf(buf, sizeof buf,
		    "شن التحالف الدولي غارات جديدة على مواقع في %s.\n"
		    "وقال المتحدث %s إن العملية مستمرة منذ أسابيع.\n"
		    "%s",
		    cities[i % 5], people[i % 7],
		    i % 10 == 0 ? "وأكد قائد القوات أن داعش خسر عشرات المقاتلين في المعركة رقم " : "");
		if (i % 10 == 0)
			len += snprintf(buf + len, sizeof buf - (size_t)len, "%u.", i);
		text_doc *d;
		assert_int_equal(text_doc_create(NULL, buf, (size_t)len, &d, NULL), TEXT_OK);
		assert_int_equal(search_index_add(idx, i, d), SEARCH_OK);
		text_doc_destroy(d);
	}
	assert_int_equal(search_index_freeze(idx), SEARCH_OK);
	double t1 = now_s();
	search_stats st;
	search_index_stats(idx, &st);
	printf("# scale: %u docs, %zu sentences, %zu tokens, %zu keys, %zu postings, %.1f MB, "
	       "built in %.2f s\n",
	    (unsigned)N, st.n_sentences, st.n_tokens, st.n_keys, st.n_postings,
	    (double)st.bytes / 1e6, t1 - t0);
	assert_int_equal(st.n_docs, N);
	assert_int_equal(st.n_sentences, N * 2 + N / 10);

	static const struct {
		const char *q;
		size_t total;
	} qs[] = {
		{"التحالف", N},                     /* every doc, sentence 0 */
		{"غارة", N},                        /* via the stem */
		{"للتحالف الموصل", N / 5},          /* AND, rare-ish key */
		{"\"التحالف الدولي\"", N},          /* phrase everywhere */
		{"\"الدولي التحالف\"", 0},          /* never in this order */
		{"المتحدث سمير", (N + 6) / 7},      /* i % 7 == 1: 715 */
		{"داعش", N / 10},
		{"داعش 4990", 1},                   /* number key, single doc */
		{"داعش كركوك", 0},                  /* different sentences */
		{"موسكو", 0},
	};
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		search_hit page[10];
		size_t n = 0, total = 0;
		enum { REPS = 50 };
		double a = now_s();
		for (int rep = 0; rep < REPS; rep++)
			assert_int_equal(search_query(idx, qs[i].q, 0, 10, page, &n, &total), SEARCH_OK);
		double b = now_s();
		printf("# query %-24s total %5zu  %8.1f us/query\n", qs[i].q, total,
		    (b - a) / REPS * 1e6);
		assert_int_equal(total, qs[i].total);
		assert_int_equal(n, total < 10 ? total : 10);
	}
	/* The last page of a big result, and its ranking (document order). */
	search_hit page[10];
	size_t n = 0, total = 0;
	assert_int_equal(search_query(idx, "المتحدث سمير", 710, 10, page, &n, &total), SEARCH_OK);
	assert_int_equal(n, 5);
	assert_int_equal(page[4].doc_no, 1 + 7 * 714);
	assert_int_equal(page[4].sentence, 1);
	/* One-word queries page straight off their lists: every rank, deep
	 * ones included, is the document the corpus put there. */
	static const struct {
		const char *q;
		uint32_t step, sentence;
		bool exact;
	} words[] = {
		{"التحالف", 1, 0, true},  /* exact form in every document */
		{"غارة", 1, 0, false},    /* only the plural: stem matches */
		{"داعش", 10, 2, true},    /* every tenth document */
	};
	static const size_t skips[] = {0, 1, 99, 450, 499};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		for (size_t k = 0; k < sizeof skips / sizeof skips[0]; k++) {
			size_t skip = skips[k] * (words[i].step == 1 ? 10 : 1);
			assert_int_equal(search_query(idx, words[i].q, skip, 10, page, &n, &total), SEARCH_OK);
			size_t want_total = N / words[i].step;
			assert_int_equal(total, want_total);
			assert_int_equal(n, want_total - skip < 10 ? want_total - skip : 10);
			for (size_t h = 0; h < n; h++) {
				assert_int_equal(page[h].doc_no, (skip + h) * words[i].step);
				assert_int_equal(page[h].sentence, words[i].sentence);
				assert_int_equal(page[h].n_exact, words[i].exact);
				assert_true(page[h].is_phrase);
				assert_int_equal(page[h].n_spans, 1);
			}
		}
	}
	search_index_destroy(idx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_clitic_article_matches_bare),
		cmocka_unit_test(test_search_clitic_query_with_lam),
		cmocka_unit_test(test_search_clitic_query_with_waw),
		cmocka_unit_test(test_search_clitic_query_with_ba),
		cmocka_unit_test(test_search_clitic_highlight_whole_token),
		cmocka_unit_test(test_search_alef_hamza_variants),
		cmocka_unit_test(test_search_alef_highlight_original_spelling),
		cmocka_unit_test(test_search_ta_marbuta_and_ha),
		cmocka_unit_test(test_search_ta_marbuta_highlight),
		cmocka_unit_test(test_search_tashkeel_in_document),
		cmocka_unit_test(test_search_tashkeel_in_query),
		cmocka_unit_test(test_search_tashkeel_highlight_keeps_marks),
		cmocka_unit_test(test_search_persian_letters_in_document),
		cmocka_unit_test(test_search_persian_letters_in_query),
		cmocka_unit_test(test_search_persian_highlight),
		cmocka_unit_test(test_search_stem_plural_singular),
		cmocka_unit_test(test_search_stem_highlight),
		cmocka_unit_test(test_search_stem_exact_ranks_above_stem_only),
		cmocka_unit_test(test_search_latin_case_folded),
		cmocka_unit_test(test_search_latin_highlight_original_case),
		cmocka_unit_test(test_search_latin_and_arabic_words),
		cmocka_unit_test(test_search_number_arabic_indic_digits),
		cmocka_unit_test(test_search_and_requires_every_word),
		cmocka_unit_test(test_search_and_words_in_other_sentences_only),
		cmocka_unit_test(test_search_and_one_unknown_word),
		cmocka_unit_test(test_search_and_word_order_free),
		cmocka_unit_test(test_search_no_hit),
		cmocka_unit_test(test_search_rank_phrase_first),
		cmocka_unit_test(test_search_rank_phrase_depends_on_query_order),
		cmocka_unit_test(test_search_rank_exact_before_stem),
		cmocka_unit_test(test_search_quoted_phrase_filters),
		cmocka_unit_test(test_search_quoted_phrase_typographic_quotes),
		cmocka_unit_test(test_search_quoted_phrase_reversed),
		cmocka_unit_test(test_search_quoted_phrase_plus_word),
		cmocka_unit_test(test_search_quoted_phrase_unterminated),
		cmocka_unit_test(test_search_quoted_single_word),
		cmocka_unit_test(test_search_phrase_highlight_spans),
		cmocka_unit_test(test_search_highlight_every_occurrence_in_order),
		cmocka_unit_test(test_search_highlight_spans_inside_sentence),
		cmocka_unit_test(test_search_sentence_index_is_text_layer_index),
		cmocka_unit_test(test_search_tatweel_and_bidi_marks_in_query),
		cmocka_unit_test(test_search_quoted_phrase_three_words),
		cmocka_unit_test(test_search_phrase_broken_by_punctuation),
		cmocka_unit_test(test_search_highlight_capped),
		cmocka_unit_test(test_search_paging_pages_concatenate),
		cmocka_unit_test(test_search_paging_skip_past_end),
		cmocka_unit_test(test_search_paging_max_zero_counts_only),
		cmocka_unit_test(test_search_paging_max_capped),
		cmocka_unit_test(test_search_empty_query_no_hits),
		cmocka_unit_test(test_search_invalid_utf8_is_error),
		cmocka_unit_test(test_search_limit_words_just_over),
		cmocka_unit_test(test_search_limit_bytes_just_over),
		cmocka_unit_test(test_search_index_empty_frozen),
		cmocka_unit_test(test_search_index_stats),
		cmocka_unit_test(test_search_index_doc_no_is_callers),
		cmocka_unit_test(test_search_threads_query_concurrently),
		cmocka_unit_test(test_search_scale_5000_documents),
	};
	return cmocka_run_group_tests_name("search", tests, setup, teardown);
}
