/* test_extract_lexicon: the lexicon loader's errors (missing file,
 * malformed line: TEXT_EDATA naming path and line), extract_ymd_format /
 * extract_ymd_parse, NULL-safe destroy, and a property test that uses ICU's
 * Arabic spell-out as an oracle: our number-word parser must read ICU's
 * spelling of every number in a wide sample (ICU writes "ثلاثة مائة",
 * "إثنان مليون": not what newspapers print, but every one of them is
 * grammatical enough that a reader understands it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "extract.h"

#include "test_extract_common.h"

#define LEXDIR COALITION_SOURCE_DIR "/corpus/lexicon"

static const char *const lex_files[] = {"numbers.tsv", "units.tsv", "months.tsv", "qualifiers.tsv",
    "relative.tsv"};

/* Copies the real lexicon into a temp dir, replacing file `which` with
 * `content` (NULL: leave it out). Returns the dir (static buffer). */
static const char *
make_lexdir(const char *which, const char *content)
{
	static char dir[256];
	snprintf(dir, sizeof(dir), "/tmp/test_extract_lex_%ld", (long) getpid());
	mkdir(dir, 0700);
	for (size_t i = 0; i < sizeof(lex_files) / sizeof(lex_files[0]); i++) {
		char dst[512], src[512];
		snprintf(dst, sizeof(dst), "%s/%s", dir, lex_files[i]);
		unlink(dst);
		if (strcmp(lex_files[i], which) == 0) {
			if (content != NULL) {
				FILE *f = fopen(dst, "w");
				assert_non_null(f);
				fputs(content, f);
				fclose(f);
			}
			continue;
		}
		snprintf(src, sizeof(src), LEXDIR "/%s", lex_files[i]);
		FILE *in = fopen(src, "r");
		FILE *out = fopen(dst, "w");
		assert_non_null(in);
		assert_non_null(out);
		char buf[4096];
		size_t n;
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
			assert_int_equal(fwrite(buf, 1, n, out), n);
		}
		fclose(in);
		fclose(out);
	}
	return dir;
}

static void
rm_lexdir(const char *dir)
{
	for (size_t i = 0; i < sizeof(lex_files) / sizeof(lex_files[0]); i++) {
		char p[512];
		snprintf(p, sizeof(p), "%s/%s", dir, lex_files[i]);
		unlink(p);
	}
	rmdir(dir);
}

typedef struct {
	const char *file;
	const char *content; /* NULL: file missing */
	const char *reason;  /* substring of err.reason */
} lexerr_case;

static const lexerr_case lexerr_cases[] = {
    {"units.tsv", NULL, "units.tsv"},
    {"numbers.tsv", "# c\nثلاثة\tunit\n", "numbers.tsv:2:"},
    {"numbers.tsv", "ثلاثة\tunits\t3\n", "numbers.tsv:1: unknown number class"},
    {"numbers.tsv", "ثلاثة\tunit\tthree\n", "numbers.tsv:1: bad number value"},
    {"units.tsv", "# c\n\nغارة\tcount\tstrike\t3\n", "units.tsv:3: count must be 1 or 2"},
    {"units.tsv", "غارة\tcount\tstrike kind\t1\n", "units.tsv:1:"},
    {"units.tsv", "غارة\tcount\tstrike\t1\nغارة\tcount\tsortie\t1\n", "units.tsv:2:"},
    {"months.tsv", "يناير\tgregorian\t13\n", "months.tsv:1: month must be 1..12"},
    {"months.tsv", "يناير\tjulian\t1\n", "months.tsv:1:"},
    {"qualifiers.tsv", "نحو\tpre\t-\n", "qualifiers.tsv:1:"},
    {"qualifiers.tsv", "عدد\tcountof\t-\nعدد\tchange\t-\n", "qualifiers.tsv:2: form already listed"},
    {"qualifiers.tsv", "خفض\tchanges\t-\n", "qualifiers.tsv:1: unknown qualifier kind"},
    {"relative.tsv", "شهري\tmonthpair\t1\nشهري\tdaypair\t1\n", "relative.tsv:2:"},
    {"relative.tsv", "أمس\tday\tx\n", "relative.tsv:1:"},
    {"relative.tsv", "أمس\tday\t-1\nأمس\tweekday\t2\n", "relative.tsv:2:"},
    {"relative.tsv", "\xff\xfe\tday\t1\n", "relative.tsv:1:"},
    {"relative.tsv", "أ ب ج د ه\tday\t1\n", "relative.tsv:1: phrase longer"},
};

static void
test_extract_lexicon_errors(void **state)
{
	(void) state;
	for (size_t i = 0; i < sizeof(lexerr_cases) / sizeof(lexerr_cases[0]); i++) {
		const lexerr_case *c = &lexerr_cases[i];
		const char *dir = make_lexdir(c->file, c->content);
		extract_lexicon *lex = (extract_lexicon *) 0x1;
		text_error err;
		memset(&err, 0, sizeof(err));
		text_err rc = extract_lexicon_load(dir, &lex, &err);
		if (rc != TEXT_EDATA || strstr(err.reason, c->reason) == NULL) {
			fail_msg("case %zu: rc %d reason \"%s\", want \"%s\"", i, rc, err.reason, c->reason);
		}
		assert_int_equal(err.code, TEXT_EDATA);
		assert_ptr_equal(lex, (extract_lexicon *) 0x1); /* untouched on failure */
		rm_lexdir(dir);
	}
}

static void
test_extract_lexicon_load_real(void **state)
{
	(void) state;
	extract_lexicon *lex = NULL;
	text_error err;
	assert_int_equal(extract_lexicon_load(LEXDIR, &lex, &err), TEXT_OK);
	assert_non_null(lex);
	extract_lexicon_destroy(lex);
	extract_lexicon_destroy(NULL);
	extract_result_destroy(NULL);
	assert_int_equal(extract_lexicon_load("/nonexistent/dir", &lex, &err), TEXT_EDATA);
}

static void
test_extract_ymd_format(void **state)
{
	(void) state;
	char buf[11];
	extract_ymd d = {2016, 7, 20};
	assert_string_equal(extract_ymd_format(d, EXTRACT_PREC_DAY, buf), "2016-07-20");
	assert_string_equal(extract_ymd_format(d, EXTRACT_PREC_MONTH, buf), "2016-07");
	assert_string_equal(extract_ymd_format(d, EXTRACT_PREC_SEASON, buf), "2016-07");
	assert_string_equal(extract_ymd_format(d, EXTRACT_PREC_YEAR, buf), "2016");
	extract_ymd m = {2014, 9, 0};
	assert_string_equal(extract_ymd_format(m, EXTRACT_PREC_NONE, buf), "2014-09");
	extract_ymd y = {987, 0, 0};
	assert_string_equal(extract_ymd_format(y, EXTRACT_PREC_YEAR, buf), "0987");
	extract_ymd bad = {-5, -1, -1};
	assert_string_equal(extract_ymd_format(bad, EXTRACT_PREC_DAY, buf), "0000-00-00");
}

static void
test_extract_names(void **state)
{
	(void) state;
	assert_string_equal(extract_approx_name(EXTRACT_APPROX_VAGUE), "vague");
	assert_string_equal(extract_approx_name(EXTRACT_APPROX_AT_LEAST), "at_least");
	assert_string_equal(extract_approx_name((extract_approx) 99), "unknown");
	assert_string_equal(extract_precision_name(EXTRACT_PREC_SEASON), "season");
	assert_string_equal(extract_precision_name((extract_precision) 7), "unknown");
}

static void
test_extract_ymd_parse(void **state)
{
	(void) state;
	extract_ymd d = {1, 1, 1};
	assert_true(extract_ymd_parse("2016-07-20", &d));
	assert_int_equal(d.year, 2016);
	assert_int_equal(d.month, 7);
	assert_int_equal(d.day, 20);
	assert_true(extract_ymd_parse("2016-02-29", &d));
	static const char *const bad[] = {"2017-02-29", "2016-13-01", "2016-00-10", "2016-01-00",
	    "2016-7-20", "2016-07-20 ", "16-07-20", "2016/07/20", "", "abcd-ef-gh", "2016-04-31",
	    "2016-07-2x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		extract_ymd keep = {1, 2, 3};
		if (extract_ymd_parse(bad[i], &keep)) {
			fail_msg("parsed \"%s\"", bad[i]);
		}
		assert_int_equal(keep.year, 1); /* untouched */
	}
	assert_false(extract_ymd_parse(NULL, &d));
}

/* ICU spell-out as an oracle. Every number in the sample is spelled by ICU,
 * put in a sentence with a counted noun, and must come back as itself. */
static void
test_extract_number_icu_spellout(void **state)
{
	(void) state;
	UErrorCode st = U_ZERO_ERROR;
	UNumberFormat *f = unum_open(UNUM_SPELLOUT, NULL, 0, "ar", NULL, &st);
	assert_true(U_SUCCESS(st));
	double sample[2200];
	size_t n = 0;
	for (int v = 1; v <= 1100; v++) {
		sample[n++] = v;
	}
	for (int v = 1500; v <= 99500 && n < 1800; v += 1500) {
		sample[n++] = v;
	}
	static const double big[] = {100000, 200000, 280000, 350000, 999000, 1000000, 2000000,
	    3000000, 10000000, 25000000, 350000000, 1000000000, 2000000000, 4000000000, 14000, 4600,
	    11000, 12000, 13000, 19000, 20000, 21000, 99000, 101000, 1001, 2002, 3003};
	for (size_t k = 0; k < sizeof(big) / sizeof(big[0]); k++) {
		sample[n++] = big[k];
	}
	size_t ok = 0;
	int shown = 0;
	for (size_t k = 0; k < n; k++) {
		UChar u[256];
		char words[768], sentence[1024];
		unum_formatDouble(f, sample[k], u, 256, NULL, &st);
		u_strToUTF8(words, sizeof(words), NULL, u, -1, &st);
		assert_true(U_SUCCESS(st));
		snprintf(sentence, sizeof(sentence), "شارك %s مقاتل في المعركة", words);
		tx_run x = tx_extract(sentence, "2017-05-09");
		size_t nn;
		const extract_number *nu = extract_result_numbers(x.r, &nn);
		if (nn == 1 && nu[0].value == sample[k] && nu[0].approx == EXTRACT_APPROX_EXACT) {
			ok++;
		} else if (shown++ < 20) {
			printf("spell-out %g \"%s\": %zu numbers, first %g\n", sample[k], words, nn,
			    nn ? nu[0].value : 0.0);
		}
		tx_free(&x);
	}
	unum_close(f);
	printf("ICU spell-out: %zu of %zu read back\n", ok, n);
	assert_int_equal(ok, n);
}

/* Random sentences built from lexicon words, digits and punctuation: the
 * recognisers must not crash (run under ASan/UBSan) and every result must
 * keep its invariants: spans inside the text and in order, value_max >=
 * value, dates with valid fields for their precision. */
static void
test_extract_random_sentences_invariants(void **state)
{
	(void) state;
	static const char *const pool[] = {"في", "من", "إلى", "بين", "و", "نحو", "أكثر", "ما", "يزيد",
	    "على", "ثلاثة", "عشر", "آلاف", "ألف", "مليون", "ملياري", "عشرات", "الآلاف", "مئات",
	    "وعشرين", "2014", "2016", "30", "3.5", "12.450", "14,000", "١٤", "٪", "%", "/", "-", "(",
	    ")", ",", ":", "الـ", "ال", "68", "يوليو", "تموز", "كانون", "الأول", "الثاني", "رمضان",
	    "1437", "هـ", "م", "الأربعاء", "الخميس", "أمس", "اليوم", "غدا", "أول", "الشهر", "العام",
	    "الماضي", "المقبل", "هذا", "ذلك", "نفسه", "خريف", "صيف", "غارة", "دولة", "عامين", "يومين",
	    "دولار", "في المئة", "كيلومترا", "عدد", "القتلى", "العضو", "تقريبا", "سيعقد", "قال",
	    "الخامس", "الحادي", "والعشرين", "رقم", "الساعة", "نصف", "ونصف", "أواخر", "مطلع", "منذ",
	    "عام", "أو", "\n", "0912", "9", "1"};
	size_t np = sizeof(pool) / sizeof(pool[0]);
	unsigned seed = 12345;
	char text[2048];
	for (int round = 0; round < 3000; round++) {
		size_t len = 0;
		int words = 3 + (int) (seed % 25);
		for (int w = 0; w < words; w++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pool[(seed >> 8) % np];
			size_t pl = strlen(p);
			if (len + pl + 2 >= sizeof(text)) {
				break;
			}
			memcpy(text + len, p, pl);
			len += pl;
			if ((seed >> 20) % 3 != 0) {
				text[len++] = ' ';
			}
		}
		text[len] = '\0';
		tx_run x = tx_extract(text, (round % 2) ? "2017-05-09" : NULL);
		size_t blen, nn, nq, nd;
		text_doc_bytes(x.doc, &blen);
		const extract_number *nu = extract_result_numbers(x.r, &nn);
		const extract_quantity *q = extract_result_quantities(x.r, &nq);
		const extract_date *d = extract_result_dates(x.r, &nd);
		for (size_t k = 0; k < nn; k++) {
			assert_true(nu[k].span.start < nu[k].span.end && nu[k].span.end <= blen);
			assert_true(nu[k].value_max >= nu[k].value);
			assert_true(nu[k].approx >= EXTRACT_APPROX_EXACT && nu[k].approx <= EXTRACT_APPROX_VAGUE);
			if (k > 0) {
				assert_true(nu[k - 1].span.start <= nu[k].span.start);
			}
		}
		for (size_t k = 0; k < nq; k++) {
			assert_true(q[k].span.start < q[k].span.end && q[k].span.end <= blen);
			assert_true(q[k].unit_span.end <= blen);
			assert_non_null(q[k].unit);
		}
		for (size_t k = 0; k < nd; k++) {
			assert_true(d[k].span.start < d[k].span.end && d[k].span.end <= blen);
			assert_true(d[k].date.year >= 1 && d[k].date.year <= 9999);
			if (d[k].precision == EXTRACT_PREC_DAY) {
				assert_true(d[k].date.month >= 1 && d[k].date.month <= 12);
				assert_true(d[k].date.day >= 1 && d[k].date.day <= 31);
			}
			if (d[k].precision == EXTRACT_PREC_YEAR) {
				assert_int_equal(d[k].date.month, 0);
			}
		}
		tx_free(&x);
	}
}

/* One lexicon shared by threads (the server's use): each thread runs text
 * + extract on the same Hijri-bearing text and must get the same dates. */

static const char thread_text[] = "الثلاثاء 1437/9/15 هـ الموافق 20 يونيو 2016 م\n"
                                  "وقال الوزير أمس إن 14 ألف غارة نفذت خلال عامين، وإن الاجتماع المقبل "
                                  "سيعقد الخميس في 17 ربيع الآخر 1438.";

static void *
thread_main(void *arg)
{
	int *bad = arg;
	for (int k = 0; k < 200; k++) {
		text_doc *doc = NULL;
		if (text_doc_create(tx_text_lex, thread_text, strlen(thread_text), &doc, NULL) != TEXT_OK) {
			(*bad)++;
			continue;
		}
		extract_result *r = extract_run(tx_lex, doc, NULL, EXTRACT_SRC_NONE);
		size_t nd = 0, nq = 0;
		const extract_date *d = r ? extract_result_dates(r, &nd) : NULL;
		if (r != NULL) {
			extract_result_quantities(r, &nq);
		}
		if (r == NULL || nd != 5 || nq != 2 || d[0].date.day != 20 || !d[0].hijri ||
		    d[4].date.year != 2017) {
			(*bad)++;
		}
		extract_result_destroy(r);
		text_doc_destroy(doc);
	}
	return NULL;
}

static void
test_extract_threads_share_lexicon(void **state)
{
	(void) state;
	pthread_t th[4];
	int bad[4] = {0, 0, 0, 0};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_create(&th[i], NULL, thread_main, &bad[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(bad[i], 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_extract_lexicon_errors),
	    cmocka_unit_test(test_extract_lexicon_load_real),
	    cmocka_unit_test(test_extract_ymd_format),
	    cmocka_unit_test(test_extract_ymd_parse),
	    cmocka_unit_test(test_extract_names),
	    cmocka_unit_test(test_extract_number_icu_spellout),
	    cmocka_unit_test(test_extract_random_sentences_invariants),
	    cmocka_unit_test(test_extract_threads_share_lexicon),
	};
	return cmocka_run_group_tests(tests, tx_group_setup, tx_group_teardown);
}
