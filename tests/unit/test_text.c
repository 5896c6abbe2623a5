/* test_text: unit tests of service/text through text.h only. Tables for the
 * matching form, UTF-8 validation, tokens and clitics; the seed articles of
 * corpus/ for chrome stripping; structural invariants (exact byte spans,
 * order, ownership) checked on every document a test builds. Invisible
 * characters are written as \u escapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

#define LEXDIR COALITION_SOURCE_DIR "/corpus/lexicon"
#define ARTDIR COALITION_SOURCE_DIR "/corpus/articles/"

static text_lexicon *g_lex;

static int group_setup(void **state)
{
	(void)state;
	text_error err;
	if (text_lexicon_load(LEXDIR, &g_lex, &err) != TEXT_OK) {
		fprintf(stderr, "lexicon: %s\n", err.reason);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	text_lexicon_destroy(g_lex);
	return 0;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	char *b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return b;
}

static bool is_space_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Every document must satisfy these, whatever its text. */
static void check_invariants(const text_doc *d)
{
	size_t len, ns, nt, nc;
	const char *b = text_doc_bytes(d, &len);
	const text_sentence *S = text_doc_sentences(d, &ns);
	const text_token *T = text_doc_tokens(d, &nt);
	const text_span *C = text_doc_chrome(d, &nc);
	assert_int_equal(b[len], '\0');
	size_t next_tok = 0;
	uint32_t prev_end = 0;
	for (size_t i = 0; i < ns; i++) {
		const text_sentence *s = &S[i];
		assert_true(s->span.start < s->span.end);
		assert_true(s->span.end <= len);
		assert_true(s->span.start >= prev_end);
		prev_end = s->span.end;
		/* trimmed, and never across a line end */
		assert_false(is_space_byte((unsigned char)b[s->span.start]));
		assert_false(is_space_byte((unsigned char)b[s->span.end - 1]));
		assert_null(memchr(b + s->span.start, '\n', s->span.end - s->span.start));
		assert_null(memchr(b + s->span.start, '\r', s->span.end - s->span.start));
		assert_int_equal(s->first_token, next_tok);
		assert_true(s->n_tokens > 0);
		next_tok += s->n_tokens;
		for (uint32_t j = s->first_token; j < s->first_token + s->n_tokens; j++) {
			const text_token *t = &T[j];
			assert_int_equal(t->sentence, i);
			assert_true(t->span.start >= s->span.start);
			assert_true(t->span.end <= s->span.end);
			assert_true(t->span.start < t->span.end);
			if (j > s->first_token)
				assert_true(t->span.start >= T[j - 1].span.end);
			assert_true(t->norm_len > 0);
			assert_int_equal(strlen(t->norm), t->norm_len);
			assert_int_equal(strlen(t->bare), t->bare_len);
			assert_true(t->bare_len <= t->norm_len);
			assert_ptr_equal(t->bare, t->norm + (t->norm_len - t->bare_len));
			assert_true(t->kind >= TEXT_TOKEN_WORD && t->kind <= TEXT_TOKEN_PUNCT);
			/* spans start and end on character boundaries */
			assert_true(((unsigned char)b[t->span.start] & 0xC0) != 0x80);
			assert_true(t->span.end == len ||
			    ((unsigned char)b[t->span.end] & 0xC0) != 0x80);
		}
	}
	assert_int_equal(next_tok, nt);
	for (size_t i = 0; i < nc; i++) {
		assert_true(C[i].start < C[i].end && C[i].end <= len);
		if (i)
			assert_true(C[i].start >= C[i - 1].end);
		for (size_t k = 0; k < ns; k++)
			assert_true(S[k].span.end <= C[i].start ||
			    S[k].span.start >= C[i].end);
	}
}

static text_doc *make_doc(const text_lexicon *lex, const char *s, size_t len)
{
	text_doc *d = NULL;
	text_error err;
	text_err rc = text_doc_create(lex, s, len, &d, &err);
	if (rc != TEXT_OK)
		fail_msg("text_doc_create: %s (%s)", text_err_str(rc), err.reason);
	check_invariants(d);
	return d;
}

static text_doc *doc_str(const char *s)
{
	return make_doc(g_lex, s, strlen(s));
}

/* "surface=norm:K" for each token, space-separated (K is W, N or P).
 * Surfaces come from the spans, so this also pins the spans. */
static char *render_tokens(const text_doc *d)
{
	size_t len, nt;
	const char *b = text_doc_bytes(d, &len);
	const text_token *T = text_doc_tokens(d, &nt);
	size_t cap = 64;
	for (size_t i = 0; i < nt; i++)
		cap += (T[i].span.end - T[i].span.start) + T[i].norm_len + 4;
	char *out = malloc(cap);
	assert_non_null(out);
	size_t o = 0;
	for (size_t i = 0; i < nt; i++) {
		const char kinds[] = "?WNP";
		o += (size_t)snprintf(out + o, cap - o, "%s%.*s=%s:%c", i ? " " : "",
		    (int)(T[i].span.end - T[i].span.start), b + T[i].span.start,
		    T[i].norm, kinds[T[i].kind]);
	}
	out[o] = '\0';
	return out;
}

/* The sentences' original text, one per line. */
static char *render_sentences(const text_doc *d)
{
	size_t len, ns;
	const char *b = text_doc_bytes(d, &len);
	const text_sentence *S = text_doc_sentences(d, &ns);
	char *out = malloc(len + ns + 1);
	assert_non_null(out);
	size_t o = 0;
	for (size_t i = 0; i < ns; i++) {
		memcpy(out + o, b + S[i].span.start, S[i].span.end - S[i].span.start);
		o += S[i].span.end - S[i].span.start;
		out[o++] = '\n';
	}
	out[o] = '\0';
	return out;
}

static bool has_sentence(const text_doc *d, const char *text)
{
	size_t len, ns;
	const char *b = text_doc_bytes(d, &len);
	const text_sentence *S = text_doc_sentences(d, &ns);
	for (size_t i = 0; i < ns; i++)
		if (S[i].span.end - S[i].span.start == strlen(text) &&
		    memcmp(b + S[i].span.start, text, strlen(text)) == 0)
			return true;
	return false;
}

static bool any_sentence_contains(const text_doc *d, const char *needle)
{
	size_t len, ns;
	const char *b = text_doc_bytes(d, &len);
	const text_sentence *S = text_doc_sentences(d, &ns);
	size_t nl = strlen(needle);
	for (size_t i = 0; i < ns; i++) {
		const char *p = b + S[i].span.start;
		size_t n = S[i].span.end - S[i].span.start;
		for (size_t k = 0; k + nl <= n; k++)
			if (memcmp(p + k, needle, nl) == 0)
				return true;
	}
	return false;
}

static bool has_chrome(const text_doc *d, const char *text)
{
	size_t len, nc;
	const char *b = text_doc_bytes(d, &len);
	const text_span *C = text_doc_chrome(d, &nc);
	for (size_t i = 0; i < nc; i++)
		if (C[i].end - C[i].start == strlen(text) &&
		    memcmp(b + C[i].start, text, strlen(text)) == 0)
			return true;
	return false;
}

/* ---- UTF-8 ---- */

typedef struct {
	const char *name;
	const char *s;
	size_t len;
	text_err code;
	size_t offset;
} utf8_case;

#define U8(name, lit, code, off) {name, lit, sizeof(lit) - 1, code, off}

static const utf8_case utf8_cases[] = {
	U8("empty", "", TEXT_OK, 0),
	U8("ascii", "abc 123", TEXT_OK, 0),
	U8("arabic", "داعش", TEXT_OK, 0),
	U8("tab cr lf allowed", "a\tb\r\nc", TEXT_OK, 0),
	U8("DEL allowed", "a\x7f", TEXT_OK, 0),
	U8("C1 control is valid UTF-8", "\xc2\x85", TEXT_OK, 0),
	U8("U+07FF", "\xdf\xbf", TEXT_OK, 0),
	U8("U+0800", "\xe0\xa0\x80", TEXT_OK, 0),
	U8("U+D7FF", "\xed\x9f\xbf", TEXT_OK, 0),
	U8("U+E000", "\xee\x80\x80", TEXT_OK, 0),
	U8("U+FFFF noncharacter is valid", "\xef\xbf\xbf", TEXT_OK, 0),
	U8("U+10000", "\xf0\x90\x80\x80", TEXT_OK, 0),
	U8("U+10FFFF", "\xf4\x8f\xbf\xbf", TEXT_OK, 0),
	U8("overlong slash C0 AF", "ab\xc0\xaf", TEXT_EUTF8, 2),
	U8("overlong C1 BF", "\xc1\xbf", TEXT_EUTF8, 0),
	U8("overlong E0 80 AF", "x\xe0\x80\xaf", TEXT_EUTF8, 1),
	U8("overlong E0 9F BF", "\xe0\x9f\xbf", TEXT_EUTF8, 0),
	U8("overlong F0 80 80 AF", "\xf0\x80\x80\xaf", TEXT_EUTF8, 0),
	U8("overlong F0 8F BF BF", "\xf0\x8f\xbf\xbf", TEXT_EUTF8, 0),
	U8("surrogate ED A0 80", "ok\xed\xa0\x80", TEXT_EUTF8, 2),
	U8("surrogate ED AD BF", "\xed\xad\xbf", TEXT_EUTF8, 0),
	U8("surrogate ED BF BF", "\xed\xbf\xbf", TEXT_EUTF8, 0),
	U8("surrogate pair as UTF-8", "\xed\xa0\x80\xed\xb0\x80", TEXT_EUTF8, 0),
	U8("above U+10FFFF F4 90", "\xf4\x90\x80\x80", TEXT_EUTF8, 0),
	U8("F5 byte", "a\xf5\x80\x80\x80", TEXT_EUTF8, 1),
	U8("F8 byte", "\xf8\x88\x80\x80\x80", TEXT_EUTF8, 0),
	U8("FE byte", "\xd8\xa7\xfe", TEXT_EUTF8, 2),
	U8("FF byte", "\xff", TEXT_EUTF8, 0),
	U8("lone continuation 80", "\x80", TEXT_EUTF8, 0),
	U8("lone continuation BF mid-text", "\xd8\xa7\xbf\xd8\xa7", TEXT_EUTF8, 2),
	U8("truncated 2-byte at end", "\xd8\xa7\xd8", TEXT_EUTF8, 2),
	U8("truncated 3-byte at end", "\xe2\x82", TEXT_EUTF8, 0),
	U8("truncated 4-byte at end", "ab\xf0\x9f\x98", TEXT_EUTF8, 2),
	U8("truncated 2-byte before space", "\xd8 x", TEXT_EUTF8, 0),
	U8("truncated 3-byte before ascii", "\xe2\x82" "A", TEXT_EUTF8, 0),
	U8("bad third byte", "\xe2\x82\x41", TEXT_EUTF8, 0),
	U8("bad fourth byte", "\xf0\x9f\x98\x41", TEXT_EUTF8, 0),
	U8("NUL", "abc\0def", TEXT_ECONTROL, 3),
	U8("SOH", "\x01", TEXT_ECONTROL, 0),
	U8("VT", "x\x0by", TEXT_ECONTROL, 1),
	U8("FF", "x\x0cy", TEXT_ECONTROL, 1),
	U8("ESC", "\xd8\xa7\x1b", TEXT_ECONTROL, 2),
	U8("US", "\x1f", TEXT_ECONTROL, 0),
	U8("first error wins", "\x01\xff", TEXT_ECONTROL, 0),
};

static void test_text_utf8_check_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]); i++) {
		const utf8_case *c = &utf8_cases[i];
		size_t off = 12345;
		text_err rc = text_utf8_check(c->s, c->len, &off);
		if (rc != c->code)
			fail_msg("%s: got %s, want %s", c->name, text_err_str(rc),
			    text_err_str(c->code));
		if (rc != TEXT_OK && off != c->offset)
			fail_msg("%s: offset %zu, want %zu", c->name, off, c->offset);
		if (rc == TEXT_OK)
			assert_int_equal(off, 12345); /* untouched on success */
		assert_int_equal(text_utf8_check(c->s, c->len, NULL), c->code);
	}
}

static void test_text_doc_create_rejects_with_offset(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]); i++) {
		const utf8_case *c = &utf8_cases[i];
		if (c->code == TEXT_OK)
			continue;
		text_doc *d = (text_doc *)(uintptr_t)0x1;
		text_error err;
		text_err rc = text_doc_create(g_lex, c->s, c->len, &d, &err);
		assert_int_equal(rc, c->code);
		assert_int_equal(err.code, c->code);
		assert_int_equal(err.offset, c->offset);
		assert_ptr_equal(d, (text_doc *)(uintptr_t)0x1); /* untouched */
		assert_true(strlen(err.reason) > 0);
		/* no raw input bytes in the reason */
		for (const char *p = err.reason; *p; p++)
			assert_true((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f);
		assert_int_equal(text_doc_create(g_lex, c->s, c->len, &d, NULL), c->code);
	}
}

static void test_text_normalize_rejects_invalid_utf8(void **state)
{
	(void)state;
	assert_null(text_normalize("\xc0\xaf", 2, NULL));
	assert_null(text_normalize("a\xed\xa0\x80", 4, NULL));
	assert_null(text_normalize("\xd8", 1, NULL));
	/* controls are not an error here: not an article */
	size_t n = 99;
	char *s = text_normalize("a\x01" "b", 3, &n);
	assert_non_null(s);
	free(s);
}

/* ---- matching form ---- */

typedef struct {
	const char *name;
	const char *in;
	const char *want;
} norm_case;

static const norm_case norm_cases[] = {
	{"empty", "", ""},
	{"alef hamza above/below/madda/wasla", "أإآٱ", "اااا"},
	{"alef maksura", "على", "علي"},
	{"teh marbuta at word end", "مدينة", "مدينه"},
	{"teh marbuta before a glued word", "الإخباريةأبرز", "الاخباريهابرز"},
	{"Persian yeh U+06CC", "\u06cc", "ي"},
	{"Persian kaf U+06A9", "\u06a9\u062a\u0627\u0628", "كتاب"},
	{"Urdu heh goal U+06C1", "\u06c1", "ه"},
	{"Arabic-Indic digits", "٠١٢٣٤٥٦٧٨٩", "0123456789"},
	{"Persian digits", "۰۱۲۳۴۵۶۷۸۹", "0123456789"},
	{"decimal separator U+066B", "٣٫٥", "3.5"},
	{"thousands separator U+066C", "١٤٬٠٠٠", "14,000"},
	{"ASCII thousands kept", "14,000", "14,000"},
	{"Arabic comma, semicolon, question", "،؛؟", ",;?"},
	{"Arabic percent U+066A", "٥٠٪", "50%"},
	{"guillemets and curly quotes", "«داعش» “ISIS”", "\"داعش\" \"isis\""},
	{"single curly quote is an apostrophe", "Kerry\u2019s", "kerry's"},
	{"harakat removed", "مُحَمَّدٌ", "محمد"},
	{"shadda and sukun removed", "الرَّقّة", "الرقه"},
	{"superscript alef U+0670", "هٰذا", "هذا"},
	{"tatweel removed", "الـمـوصـل", "الموصل"},
	{"tatweel after article", "الـ74", "ال74"},
	{"RLM/LRM/ZWJ/ZWNJ removed", "\u200fدا\u200dعش\u200e\u200c", "داعش"},
	{"bidi embeddings removed, not applied", "\u202bبغداد\u202c \u202aISIS\u202c", "بغداد isis"},
	{"bidi isolates removed", "\u2067الموصل\u2069", "الموصل"},
	{"ALM U+061C and BOM removed", "\ufeff\u061cالرقة", "الرقه"},
	{"presentation forms B", "\ufe8d\ufedf\ufee4\ufeee\ufebb\ufedd", "الموصل"},
	{"presentation form lam-alef", "\ufefb", "لا"},
	{"presentation form Allah ligature", "\ufdf2", "الله"},
	{"ligature expanding into words", "\ufdfa", "صلي الله عليه وسلم"},
	{"presentation forms A (Persian kaf)", "\ufb8e", "ك"},
	{"composed by NFKC then unified", "\u0627\u0654\u0645\u0631", "امر"},
	{"waw + hamza above composes to U+0624", "\u0648\u0654", "ؤ"},
	{"yeh + hamza composes to U+0626", "\u064a\u0654", "ئ"},
	{"Latin lower-cased", "ISIS Getty Images", "isis getty images"},
	{"Latin accented lower-cased", "ÉTAT", "état"},
	{"fullwidth Latin folded", "\uff21\uff22\uff23", "abc"},
	{"whitespace collapsed and trimmed", "  قال \t\n الوزير  ", "قال الوزير"},
	{"NBSP is whitespace", "قال\u00a0الوزير", "قال الوزير"},
	{"no Arabic at all", "Hello, World!", "hello, world!"},
	{"mixed", "قال John Kerry إن ٣٠٪", "قال john kerry ان 30%"},
};

static void test_text_normalize_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(norm_cases) / sizeof(norm_cases[0]); i++) {
		const norm_case *c = &norm_cases[i];
		size_t n = 12345;
		char *got = text_normalize(c->in, strlen(c->in), &n);
		if (got == NULL)
			fail_msg("%s: NULL", c->name);
		if (strcmp(got, c->want) != 0)
			fail_msg("%s: got '%s', want '%s'", c->name, got, c->want);
		assert_int_equal(n, strlen(c->want));
		free(got);
		got = text_normalize(c->in, strlen(c->in), NULL);
		assert_string_equal(got, c->want);
		free(got);
	}
}

/* A token's norm is exactly text_normalize of its surface (the contract
 * extract relies on to compare gazetteer keys with tokens). */
static void test_text_token_norm_matches_text_normalize(void **state)
{
	(void)state;
	size_t len;
	char *b = read_all(ARTDIR "000_b4fc4710de68d81f.txt", &len);
	text_doc *d = make_doc(g_lex, b, len);
	size_t nt;
	const text_token *T = text_doc_tokens(d, &nt);
	assert_true(nt > 500);
	for (size_t i = 0; i < nt; i++) {
		char *n = text_normalize(b + T[i].span.start,
		    T[i].span.end - T[i].span.start, NULL);
		assert_non_null(n);
		assert_string_equal(n, T[i].norm);
		free(n);
	}
	text_doc_destroy(d);
	free(b);
}

/* Words of plain Arabic letters take a shortcut to their matching form:
 * every letter U+0621..U+064A, alone, doubled and between others, must
 * still give exactly text_normalize of the surface. */
static void test_text_letter_words_match_text_normalize(void **state)
{
	(void)state;
	char text[4096];
	size_t w = 0;
	for (unsigned c = 0x0621; c <= 0x064A; c++) {
		if (c == 0x0640)
			continue; /* tatweel: no letter */
		char l[3] = {(char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F)), 0};
		/* "L", "LL", "بLم", "الL" */
		const char *forms[][3] = {{"", "", ""}, {"", "", ""},
		    {"\u0628", "", "\u0645"}, {"\u0627\u0644", "", ""}};
		for (size_t f = 0; f < 4; f++) {
			w += (size_t)snprintf(text + w, sizeof(text) - w, "%s%s%s%s ",
			    forms[f][0], l, f == 1 ? l : "", forms[f][2]);
			assert_true(w < sizeof(text) - 64);
		}
	}
	text_doc *d = make_doc(g_lex, text, w);
	size_t nt;
	const text_token *T = text_doc_tokens(d, &nt);
	assert_int_equal(nt, 41 * 4);
	for (size_t i = 0; i < nt; i++) {
		char *n = text_normalize(text + T[i].span.start,
		    T[i].span.end - T[i].span.start, NULL);
		assert_non_null(n);
		assert_string_equal(n, T[i].norm);
		free(n);
	}
	text_doc_destroy(d);
}

/* ---- tokens ---- */

typedef struct {
	const char *name;
	const char *in;
	const char *want; /* render_tokens() */
} tok_case;

static const tok_case tok_cases[] = {
	{"thousands comma", "14,000", "14,000=14,000:N"},
	{"decimal point", "3.5", "3.5=3.5:N"},
	{"Arabic decimal", "٣٫٥", "٣٫٥=3.5:N"},
	{"three decimals", "12.450", "12.450=12.450:N"},
	{"Arabic thousands on ASCII digits", "14٬000", "14٬000=14,000:N"},
	{"Arabic-Indic thousands", "١٤٬٠٠٠", "١٤٬٠٠٠=14,000:N"},
	{"percent", "50%", "50=50:N %=%:P"},
	{"Arabic percent", "٣٠٪", "٣٠=30:N ٪=%:P"},
	{"article into digits", "ال68", "ال=ال:W 68=68:N"},
	{"article with tatweel into digits", "الـ74", "الـ=ال:W 74=74:N"},
	{"lam with tatweel into year", "لـ2016", "لـ=ل:W 2016=2016:N"},
	{"digits into letter", "2016م", "2016=2016:N م=م:W"},
	{"waw glued to number", "و30%", "و=و:W 30=30:N %=%:P"},
	{"date with slashes", "30/نوفمبر/2016", "30=30:N /=/:P نوفمبر=نوفمبر:W /=/:P 2016=2016:N"},
	{"time", "05:25 م", "05=05:N :=::P 25=25:N م=م:W"},
	{"quotes and Arabic comma", "«داعش»،", "«=\":P داعش=داعش:W »=\":P ،=,:P"},
	{"harakat inside a word", "مُحَمَّد", "مُحَمَّد=محمد:W"},
	{"bidi controls outside the span", "\u200fقال\u200f \u202bالوزير\u202c.",
	    "قال=قال:W الوزير=الوزير:W .=.:P"},
	{"lone tatweel is no token", "قال \u0640 نعم", "قال=قال:W نعم=نعم:W"},
	{"Latin and Arabic", "قال John Kerry", "قال=قال:W John=john:W Kerry=kerry:W"},
	{"presentation forms", "\ufe8d\ufedf\ufee4\ufeee\ufebb\ufedd", "\ufe8d\ufedf\ufee4\ufeee\ufebb\ufedd=الموصل:W"},
	{"Persian letters", "\u06a9\u06cc", "\u06a9\u06cc=كي:W"},
	{"Persian digits", "۲۰۱۶", "۲۰۱۶=2016:N"},
	{"abbreviation with dots stays one token", "ذكرت أ.ف.ب", "ذكرت=ذكرت:W أ.ف.ب=ا.ف.ب:W"},
};

static void test_text_tokens_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(tok_cases) / sizeof(tok_cases[0]); i++) {
		const tok_case *c = &tok_cases[i];
		text_doc *d = doc_str(c->in);
		char *got = render_tokens(d);
		if (strcmp(got, c->want) != 0)
			fail_msg("%s: got '%s', want '%s'", c->name, got, c->want);
		free(got);
		text_doc_destroy(d);
	}
}

static void test_text_tokens_flags_and_kinds(void **state)
{
	(void)state;
	text_doc *d = doc_str("قال John إن 14 «ISIS»");
	size_t nt;
	const text_token *T = text_doc_tokens(d, &nt);
	assert_int_equal(nt, 7);
	assert_int_equal(T[0].flags, TEXT_TOKEN_ARABIC);
	assert_int_equal(T[1].flags, TEXT_TOKEN_LATIN);
	assert_int_equal(T[1].kind, TEXT_TOKEN_WORD);
	assert_int_equal(T[3].kind, TEXT_TOKEN_NUMBER);
	assert_int_equal(T[3].flags, 0);
	assert_int_equal(T[4].kind, TEXT_TOKEN_PUNCT);
	assert_int_equal(T[5].flags, TEXT_TOKEN_LATIN);
	assert_string_equal(T[5].norm, "isis");
	text_doc_destroy(d);
}

/* The exact byte offsets of a mixed 1-, 2-, 3- and 4-byte text. */
static void test_text_token_spans_exact(void **state)
{
	(void)state;
	const char *s = "a \u0628\u0627\u0628 \u20ac5 \U0001F600x";
	text_doc *d = doc_str(s);
	size_t nt;
	const text_token *T = text_doc_tokens(d, &nt);
	/* a | باب | € | 5 | 😀 | x */
	assert_int_equal(nt, 6);
	const uint32_t want[][2] = {{0, 1}, {2, 8}, {9, 12}, {12, 13}, {14, 18}, {18, 19}};
	for (size_t i = 0; i < nt; i++) {
		assert_int_equal(T[i].span.start, want[i][0]);
		assert_int_equal(T[i].span.end, want[i][1]);
	}
	text_doc_destroy(d);
}

/* ---- sentences ---- */

static void test_text_sentences_terminators_and_lines(void **state)
{
	(void)state;
	text_doc *d = doc_str(
	    "عنوان بلا نقطة\n"
	    "قال الوزير: نعم. هل انتهى؟ لا! وأضاف د. محمد أن أ.ف.ب. نقلت 3.5 مليون.\n"
	    "الحرب طويلة.. والنصر قريب... ربما… هل؟.. نعم!!! حسنا.\n"
	    "سطر أخير بلا نهاية");
	char *got = render_sentences(d);
	assert_string_equal(got,
	    "عنوان بلا نقطة\n"
	    "قال الوزير: نعم.\n"
	    "هل انتهى؟\n"
	    "لا!\n"
	    "وأضاف د. محمد أن أ.ف.ب. نقلت 3.5 مليون.\n"
	    "الحرب طويلة.. والنصر قريب... ربما… هل؟..\n"
	    "نعم!!!\n"
	    "حسنا.\n"
	    "سطر أخير بلا نهاية\n");
	free(got);
	text_doc_destroy(d);
}

static void test_text_sentences_line_endings(void **state)
{
	(void)state;
	const char *s = "الجملة الأولى هنا\r\nثانية\rثالثة\n\n\nرابعة\n";
	text_doc *d = doc_str(s);
	size_t ns;
	const text_sentence *S = text_doc_sentences(d, &ns);
	assert_int_equal(ns, 4);
	assert_int_equal(S[0].span.start, 0);
	assert_int_equal(S[0].span.end, strlen("الجملة الأولى هنا"));
	assert_int_equal(S[1].span.start, strlen("الجملة الأولى هنا\r\n"));
	assert_int_equal(S[2].span.start, strlen("الجملة الأولى هنا\r\nثانية\r"));
	assert_int_equal(S[3].span.end, strlen(s) - 1);
	text_doc_destroy(d);
}

static void test_text_sentences_trimmed_of_space_and_controls(void **state)
{
	(void)state;
	const char *s = " \u00a0\t\u200fقال الوزير.\u200f  \n";
	text_doc *d = doc_str(s);
	size_t ns;
	const text_sentence *S = text_doc_sentences(d, &ns);
	assert_int_equal(ns, 1);
	assert_int_equal(S[0].span.start, strlen(" \u00a0\t\u200f"));
	assert_int_equal(S[0].span.end, strlen(" \u00a0\t\u200fقال الوزير."));
	text_doc_destroy(d);
}

static void test_text_empty_and_blank(void **state)
{
	(void)state;
	const char *inputs[] = {"", "   ", "\n\n\r\n", "\t \u00a0 \n \u200f\n"};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		text_doc *d = doc_str(inputs[i]);
		size_t ns, nt, nc, len;
		text_doc_sentences(d, &ns);
		text_doc_tokens(d, &nt);
		text_doc_chrome(d, &nc);
		assert_int_equal(ns, 0);
		assert_int_equal(nt, 0);
		assert_int_equal(nc, 0);
		assert_non_null(text_doc_bytes(d, &len));
		assert_int_equal(len, strlen(inputs[i]));
		text_doc_destroy(d);
	}
	text_doc *d = NULL;
	assert_int_equal(text_doc_create(NULL, NULL, 0, &d, NULL), TEXT_OK);
	text_doc_destroy(d);
	text_doc_destroy(NULL);
	text_lexicon_destroy(NULL);
}

static void test_text_bytes_are_a_copy(void **state)
{
	(void)state;
	char buf[] = "قال الوزير.";
	text_doc *d = doc_str(buf);
	memset(buf, 'x', sizeof(buf) - 1);
	size_t len;
	const char *b = text_doc_bytes(d, &len);
	assert_int_equal(len, strlen("قال الوزير."));
	assert_memory_equal(b, "قال الوزير.", len);
	text_doc_destroy(d);
}

static void test_text_no_arabic_at_all(void **state)
{
	(void)state;
	text_doc *d = doc_str("Coalition meets in Washington\n"
	                      "Ministers met on Tuesday. They agreed on 3.5 billion.\n");
	char *got = render_sentences(d);
	assert_string_equal(got, "Coalition meets in Washington\n"
	                         "Ministers met on Tuesday.\n"
	                         "They agreed on 3.5 billion.\n");
	free(got);
	size_t nt, nc;
	const text_token *T = text_doc_tokens(d, &nt);
	text_doc_chrome(d, &nc);
	assert_int_equal(nc, 0);
	assert_int_equal(T[0].flags, TEXT_TOKEN_LATIN);
	assert_string_equal(T[0].norm, "coalition");
	assert_string_equal(T[0].bare, "coalition");
	text_doc_destroy(d);
}

static void test_text_mixed_latin_arabic_line_is_kept(void **state)
{
	(void)state;
	text_doc *d = doc_str("عنوان\nقال John Kerry إن ISIS يخسر.\nJohn Kerry in Moscow\n");
	assert_true(has_sentence(d, "قال John Kerry إن ISIS يخسر."));
	assert_true(has_chrome(d, "John Kerry in Moscow"));
	text_doc_destroy(d);
}

/* ---- chrome ---- */

static text_doc *seed(const char *name, char **bytes)
{
	char path[512];
	snprintf(path, sizeof(path), ARTDIR "%s", name);
	size_t len;
	*bytes = read_all(path, &len);
	return make_doc(g_lex, *bytes, len);
}

static void test_text_chrome_seed_000(void **state)
{
	(void)state;
	char *b;
	text_doc *d = seed("000_b4fc4710de68d81f.txt", &b);
	assert_false(any_sentence_contains(d, "Getty Images"));
	assert_false(any_sentence_contains(d, "KERRY"));
	assert_false(any_sentence_contains(d, "تم النشر"));
	assert_false(any_sentence_contains(d, "تم التحديث"));
	assert_true(has_chrome(d, "تم النشر: تم التحديث:"));
	assert_true(has_chrome(d, "KENA BETANCUR via Getty Images"));
	/* headline (two sentences: ".." ends one) and subheadings kept */
	size_t ns;
	const text_sentence *S = text_doc_sentences(d, &ns);
	assert_int_equal(S[0].span.start, 0);
	assert_true(has_sentence(d, "أميركا تجتمع بالتحالف الدولي لبحث هجمات \"داعش\" "
	                            "الأخيرة.. 14 ألف غارة أفقدته أراضيه ولم تفقده قوته"));
	assert_true(has_sentence(d, "الجهاديون لا يزالون قادرون على توجيه ضربات"));
	assert_true(has_sentence(d, "مليارا دولار من أجل العراق"));
	assert_true(has_sentence(d, "وقال الدبلوماسي الأميركي: \"للأسف، أعتقد أننا سنشهد اعتداءات أخرى\"."));
	text_doc_destroy(d);
	free(b);
}

static void test_text_chrome_seed_001(void **state)
{
	(void)state;
	char *b;
	text_doc *d = seed("001_1559aa4826d97bfc.txt", &b);
	assert_true(has_sentence(d, "اجتماع للتحالف الدولي ضد تنظيم \"داعش\" الثلاثاء في كوبنهاغن"));
	assert_true(has_chrome(d, "نشرت في:"));
	assert_true(has_chrome(d, "اشترك"));
	assert_false(any_sentence_contains(d, "الرسالة الإخبارية"));
	assert_true(has_sentence(d, "ألغام في المنازل"));
	assert_true(has_sentence(d, "وانضم انتربول إلى التحالف الدولي ضد تنظيم الدولة الإسلامية ليصبح العضو ال68."));
	text_doc_destroy(d);
	free(b);
}

static void test_text_chrome_seed_002(void **state)
{
	(void)state;
	char *b;
	text_doc *d = seed("002_78a0c063ebd393f5.txt", &b);
	assert_false(any_sentence_contains(d, "JavaScript"));
	assert_true(has_chrome(d, "Sorry, you need to enable JavaScript to visit this website."));
	size_t ns, len;
	const char *bytes = text_doc_bytes(d, &len);
	const text_sentence *S = text_doc_sentences(d, &ns);
	const char *head = "واشنطن تطمئن الحلفاء";
	assert_memory_equal(bytes + S[0].span.start, head, strlen(head));
	/* photo caption with its credit, and the related-links footer */
	assert_false(any_sentence_contains(d, "(أ.ف.ب.)"));
	assert_true(has_chrome(d, "المزيد من دوليات"));
	assert_true(has_sentence(d, "تاريخ إنشاء التحالف"));
	assert_true(has_sentence(d, "\"الهزيمة الإقليمية\""));
	text_doc_destroy(d);
	free(b);
}

static void test_text_chrome_seed_003(void **state)
{
	(void)state;
	char *b;
	text_doc *d = seed("003_8961de93728caadf.txt", &b);
	/* the dateline stays: later layers read the publication date */
	assert_true(has_sentence(d, "الأربعاء 30/نوفمبر/2016 - 05:25 م"));
	assert_true(has_chrome(d, "طباعة بعد إعلانه بأنها"));
	assert_false(has_sentence(d, "بعد إعلانه بأنها"));
	assert_true(has_chrome(d, "بعد إعلانه بأنها"));
	assert_true(has_chrome(d, "شارك"));
	assert_false(any_sentence_contains(d, "طباعة"));
	assert_true(has_sentence(d, "بعد إعلانه بأنها معركة طويلة الأمد.. \"التحالف الدولي\" يعترف بفشله أمام \"داعش\""));
	/* ".." is a pause, not a full stop */
	assert_true(any_sentence_contains(d, "مستمر.. لتحقيق الاستدامة"));
	size_t ns;
	const text_sentence *S = text_doc_sentences(d, &ns);
	assert_int_equal(S[0].span.start, 0);
	text_doc_destroy(d);
	free(b);
}

static void test_text_chrome_seed_004(void **state)
{
	(void)state;
	char *b;
	text_doc *d = seed("004_968d7a5d6aab9d6e.txt", &b);
	assert_true(has_chrome(d, "اضف تعليق"));
	assert_false(any_sentence_contains(d, "انتهى/خ"));
	assert_true(has_chrome(d, "انتهى/خ."));
	size_t ns, len;
	const char *bytes = text_doc_bytes(d, &len);
	const text_sentence *S = text_doc_sentences(d, &ns);
	const char *last = "ومن أهم أهداف التحالف الرئيسية طرد المسلحين من الرقة.";
	assert_int_equal(S[ns - 1].span.end - S[ns - 1].span.start, strlen(last));
	assert_memory_equal(bytes + S[ns - 1].span.start, last, strlen(last));
	text_doc_destroy(d);
	free(b);
}

/* No sentence of any seed article holds page chrome we know of. */
static void test_text_chrome_seed_all_clean(void **state)
{
	(void)state;
	const char *names[] = {"000_b4fc4710de68d81f.txt", "001_1559aa4826d97bfc.txt",
	    "002_78a0c063ebd393f5.txt", "003_8961de93728caadf.txt",
	    "004_968d7a5d6aab9d6e.txt"};
	const char *never[] = {"Getty Images", "JavaScript", "طباعة", "اشترك",
	    "اضف تعليق", "نشرت في:", "تم النشر", "المزيد من دوليات", "(أ.ف.ب.)"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *b;
		text_doc *d = seed(names[i], &b);
		size_t ns, nc;
		text_doc_sentences(d, &ns);
		text_doc_chrome(d, &nc);
		assert_true(ns >= 18);
		assert_true(nc >= 1 && nc <= 5);
		for (size_t k = 0; k < sizeof(never) / sizeof(never[0]); k++)
			if (any_sentence_contains(d, never[k]))
				fail_msg("%s: a sentence contains '%s'", names[i], never[k]);
		text_doc_destroy(d);
		free(b);
	}
}

typedef struct {
	const char *line;
	bool chrome;
} chrome_case;

/* Lines of a made-up page; the first one is the headline. */
static const chrome_case chrome_cases[] = {
	{"التحالف الدولي يجتمع في بغداد لبحث المرحلة المقبلة", false},
	{"تم النشر: 2016/07/20 - 10:30 ص", false}, /* a dateline */
	{"نشرت في: 12 مارس 2017", false},
	{"الخميس 21 يوليو 2016 05:25 م", false},
	{"05:25 م", false},
	{"طباعة", true},
	{"شارك", true},
	{"تم التحديث:", true},
	{"(أ ف ب)", true},
	{"(أ.ف.ب.)", true},
	{"أ ف ب", true},
	{"(رويترز)", true},
	{"آخر تحديث: الأربعاء 20 يوليو 2016", false},
	{"مشاركة :", true},
	{"تابعونا على تويتر وفيسبوك", true},
	{"Getty Images", true},
	{"AFP PHOTO / JOHN DOE", true},
	{"تصوير: محمد علي - Getty Images", true},
	{"جنود عراقيون قرب الموصل (رويترز)", true},
	{"الرئيسية » أخبار » عربي ودولي", true},
	{"اقرأ أيضاً: التحالف يعلن مقتل قيادي في داعش", true},
	{"المزيد من أخبار العراق", true},
	{"اشترك في النشرة الإخبارية لتصلك آخر الأخبار", true},
	{"***", true},
	{"التحالف الدولي يجتمع", true}, /* repeats the headline's start */
	{"شارك وزير الدفاع الفرنسي في الاجتماع.", false},
	{"طباعة العملة العراقية الجديدة ستبدأ العام المقبل.", false},
	{"ألغام في المنازل", false}, /* a subheading */
	{"قال المتحدث إن الاجتماع \"ناجح\" (رويترز).", false},
	{"المزيد من القوات سيصل إلى العراق خلال الأسابيع المقبلة وفق ما أعلن البنتاغون أمس في بيان رسمي مطول.", false},
	{"أخبار ذات صلة", true}, /* related articles start here ... */
	{"واشنطن تعلن إرسال 500 جندي إضافي إلى العراق", true}, /* ... another article */
	{"التعليقات", true}, /* the comments start here ... */
	{"مقال رائع، شكرا للكاتب.", true}, /* ... so this is a comment */
	{"التعليقات مغلقة، ولكن التعقيبات مفتوحة.", true},
};

static void test_text_chrome_composed_lines(void **state)
{
	(void)state;
	size_t cap = 8192, o = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	for (size_t i = 0; i < sizeof(chrome_cases) / sizeof(chrome_cases[0]); i++)
		o += (size_t)snprintf(s + o, cap - o, "%s\n", chrome_cases[i].line);
	text_doc *d = make_doc(g_lex, s, o);
	for (size_t i = 0; i < sizeof(chrome_cases) / sizeof(chrome_cases[0]); i++) {
		const chrome_case *c = &chrome_cases[i];
		bool ch = has_chrome(d, c->line);
		if (ch != c->chrome)
			fail_msg("line %zu '%s': chrome %d, want %d", i, c->line, ch, c->chrome);
		if (!c->chrome)
			assert_true(any_sentence_contains(d, c->line));
	}
	text_doc_destroy(d);
	free(s);
}

static void test_text_chrome_navigation_above_headline(void **state)
{
	(void)state;
	const char *s = "أخبار\nالعراق اليوم\n\u200fسياسة\n"
	                "التحالف الدولي يعلن استعادة الموصل\n"
	                "الأربعاء 30/نوفمبر/2016\n"
	                "قال المتحدث إن المعارك انتهت.\n"
	                "تفاصيل المعركة\n";
	text_doc *d = doc_str(s);
	char *got = render_sentences(d);
	/* below the headline a short line is a subheading, kept */
	assert_string_equal(got, "التحالف الدولي يعلن استعادة الموصل\n"
	                         "الأربعاء 30/نوفمبر/2016\n"
	                         "قال المتحدث إن المعارك انتهت.\n"
	                         "تفاصيل المعركة\n");
	free(got);
	assert_true(has_chrome(d, "أخبار"));
	assert_true(has_chrome(d, "العراق اليوم"));
	assert_true(has_chrome(d, "سياسة"));
	text_doc_destroy(d);
}

/* A "most read" box above the article is chrome, but does not swallow the
 * article below it. */
static void test_text_chrome_cut_needs_article_above(void **state)
{
	(void)state;
	const char *s = "الأكثر قراءة\n"
	                "التحالف الدولي يعلن استعادة الموصل\n"
	                "قال المتحدث إن المعارك انتهت.\n"
	                "وأضاف أن القوات تتقدم.\n"
	                "الأكثر قراءة\n"
	                "عنوان خبر آخر لا علاقة له\n";
	text_doc *d = doc_str(s);
	char *got = render_sentences(d);
	assert_string_equal(got, "التحالف الدولي يعلن استعادة الموصل\n"
	                         "قال المتحدث إن المعارك انتهت.\n"
	                         "وأضاف أن القوات تتقدم.\n");
	free(got);
	text_doc_destroy(d);
}

/* Page templates print the headline (or a caption) twice. */
static void test_text_chrome_repeated_short_lines(void **state)
{
	(void)state;
	const char *s = "أخبار العراق الآن\n"
	                "أثيل النجيفي: الموصل سُلّمت لـ”داعش”\n"
	                "أثيل النجيفي: الموصل سُلّمت لـ”داعش”\n"
	                "2017-03-18 00:00:00 - المصدر: الأعظمية نيوز\n"
	                "اقتربت الحرب في الموصل من نهايتها.\n"
	                "اقتربت الحرب في الموصل من نهايتها.\n"
	                "الأثر الإنساني\n"
	                "نزح الآلاف.\n"
	                "الأثر الإنساني\n";
	text_doc *d = doc_str(s);
	char *got = render_sentences(d);
	/* a repeated sentence with a final stop is not template: kept */
	assert_string_equal(got, "أخبار العراق الآن\n"
	                         "أثيل النجيفي: الموصل سُلّمت لـ”داعش”\n"
	                         "2017-03-18 00:00:00 - المصدر: الأعظمية نيوز\n"
	                         "اقتربت الحرب في الموصل من نهايتها.\n"
	                         "اقتربت الحرب في الموصل من نهايتها.\n"
	                         "الأثر الإنساني\n"
	                         "نزح الآلاف.\n");
	free(got);
	text_doc_destroy(d);
}

static void test_text_chrome_without_lexicon(void **state)
{
	(void)state;
	const char *s = "عنوان الخبر هنا\nSorry, you need to enable JavaScript.\n---\nقال الوزير.\nشارك\n";
	text_doc *d = make_doc(NULL, s, strlen(s));
	char *got = render_sentences(d);
	/* built-in rules only: Latin-only and symbol lines go, "شارك" stays */
	assert_string_equal(got, "عنوان الخبر هنا\nقال الوزير.\nشارك\n");
	free(got);
	text_doc_destroy(d);
}

/* ---- lexicon ---- */

static char *make_tmpdir(void)
{
	char *dir = strdup("/tmp/test_text_XXXXXX");
	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	return dir;
}

static void write_file(const char *dir, const char *name, const char *content)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static void remove_tmpdir(char *dir)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/chrome.txt", dir);
	unlink(path);
	rmdir(dir);
	free(dir);
}

static void test_text_lexicon_missing_file(void **state)
{
	(void)state;
	char *dir = make_tmpdir();
	text_lexicon *lex = (text_lexicon *)(uintptr_t)0x1;
	text_error err;
	assert_int_equal(text_lexicon_load(dir, &lex, &err), TEXT_EDATA);
	assert_int_equal(err.code, TEXT_EDATA);
	assert_non_null(strstr(err.reason, "chrome.txt"));
	assert_non_null(strstr(err.reason, dir));
	assert_ptr_equal(lex, (text_lexicon *)(uintptr_t)0x1);
	assert_int_equal(text_lexicon_load("/nonexistent/dir", &lex, NULL), TEXT_EDATA);
	remove_tmpdir(dir);
}

static void test_text_lexicon_malformed_rule(void **state)
{
	(void)state;
	char *dir = make_tmpdir();
	write_file(dir, "chrome.txt", "# comment\nشارك\n\n!!!\n");
	text_lexicon *lex = NULL;
	text_error err;
	assert_int_equal(text_lexicon_load(dir, &lex, &err), TEXT_EDATA);
	assert_non_null(strstr(err.reason, "chrome.txt:4"));
	assert_null(lex);
	write_file(dir, "chrome.txt", "bad \xc0\xaf utf8\n");
	assert_int_equal(text_lexicon_load(dir, &lex, &err), TEXT_EDATA);
	assert_non_null(strstr(err.reason, "chrome.txt:1"));
	remove_tmpdir(dir);
}

static void test_text_lexicon_custom_rules(void **state)
{
	(void)state;
	char *dir = make_tmpdir();
	write_file(dir, "chrome.txt",
	    "# one of each kind\r\n"
	    "زر الإعجاب\r\n"
	    "  روابط سريعة*  \n"
	    "*حقوق النشر*\n"
	    "!آراء القراء\n"
	    "(وكالة الأنباء)\n");
	text_lexicon *lex = NULL;
	text_error err;
	assert_int_equal(text_lexicon_load(dir, &lex, &err), TEXT_OK);
	const char *s =
	    "عنوان طويل للخبر عن التحالف\n"
	    "زِرّ الإعجاب\n"
	    "روابط سريعة: الرئيسية\n"
	    "كل حقوق النشر لنا\n"
	    "قال الوزير.\n"
	    "صورة للوزير (وكالة الأنباء)\n"
	    "وأضاف أن الاجتماع ناجح.\n"
	    "آراء القراء\n"
	    "تعليق.\n";
	text_doc *d = make_doc(lex, s, strlen(s));
	char *got = render_sentences(d);
	assert_string_equal(got, "عنوان طويل للخبر عن التحالف\nقال الوزير.\n"
	                         "وأضاف أن الاجتماع ناجح.\n");
	free(got);
	size_t nc;
	text_doc_chrome(d, &nc);
	assert_int_equal(nc, 6);
	text_doc_destroy(d);
	text_lexicon_destroy(lex);
	remove_tmpdir(dir);
}

/* ---- clitics and stems ---- */

typedef struct {
	const char *word; /* matching form */
	size_t n;
	size_t offs[6];
} clitic_case;

static const clitic_case clitic_cases[] = {
	{"وبالموصل", 4, {0, 2, 4, 8}},
	{"بواشنطن", 2, {0, 2}},       /* -> واشنطن */
	{"والموصل", 3, {0, 2, 6}},     /* -> الموصل, موصل */
	{"لداعش", 2, {0, 2}},          /* -> داعش */
	{"للتحالف", 3, {0, 2, 4}},     /* -> لتحالف, تحالف (لل = ل + ال) */
	{"وللتحالف", 4, {0, 2, 4, 6}},
	{"الموصل", 2, {0, 4}},
	{"فالس", 2, {0, 2}},           /* "الس"; "س" is too short */
	{"داعش", 1, {0}},
	{"كالعاده", 3, {0, 2, 6}},
	{"وال", 2, {0, 2}},            /* "ال"; the article leaves nothing */
	{"ال", 1, {0}},
	{"isis", 1, {0}},
	{"", 1, {0}},
};

static void test_text_clitic_offsets_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(clitic_cases) / sizeof(clitic_cases[0]); i++) {
		const clitic_case *c = &clitic_cases[i];
		size_t offs[8];
		size_t n = text_clitic_offsets(c->word, strlen(c->word), offs, 8);
		if (n != c->n)
			fail_msg("%s: %zu offsets, want %zu", c->word, n, c->n);
		for (size_t k = 0; k < n; k++)
			if (offs[k] != c->offs[k])
				fail_msg("%s: offset[%zu] = %zu, want %zu", c->word, k,
				    offs[k], c->offs[k]);
	}
	/* max bounds the output; offset 0 always first */
	size_t one[1];
	assert_int_equal(text_clitic_offsets("وبالموصل", strlen("وبالموصل"), one, 1), 1);
	assert_int_equal(one[0], 0);
	assert_int_equal(text_clitic_offsets("وبالموصل", 16, one, 0), 0);
}

/* text_token_clitic_offsets (the analysis text_doc_create stores per
 * token) answers exactly what text_clitic_offsets computes from the norm,
 * for every token of the seed articles and of the table above, whatever
 * max; a token built by hand (clitics 0) is analysed on the spot. */
static void check_token_clitics(const text_doc *d)
{
	size_t nt;
	const text_token *T = text_doc_tokens(d, &nt);
	const size_t maxes[] = {0, 1, 2, 3, 4, 8};
	for (size_t i = 0; i < nt; i++) {
		assert_true(T[i].clitics & 1u); /* offset 0, always */
		for (size_t m = 0; m < sizeof(maxes) / sizeof(maxes[0]); m++) {
			size_t a[8], b[8];
			size_t na = text_token_clitic_offsets(&T[i], a, maxes[m]);
			size_t nb = text_clitic_offsets(T[i].norm, T[i].norm_len, b, maxes[m]);
			if (na != nb || memcmp(a, b, na * sizeof(a[0])) != 0)
				fail_msg("token %zu '%s' max %zu: %zu offsets, want %zu", i,
				    T[i].norm, maxes[m], na, nb);
		}
	}
}

static void test_text_token_clitic_offsets(void **state)
{
	(void)state;
	const char *names[] = {"000_b4fc4710de68d81f.txt", "001_1559aa4826d97bfc.txt",
	    "002_78a0c063ebd393f5.txt", "003_8961de93728caadf.txt",
	    "004_968d7a5d6aab9d6e.txt"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *b;
		text_doc *d = seed(names[i], &b);
		check_token_clitics(d);
		text_doc_destroy(d);
		free(b);
	}
	char text[1024];
	size_t len = 0;
	for (size_t i = 0; i < sizeof(clitic_cases) / sizeof(clitic_cases[0]); i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s ", clitic_cases[i].word);
	len += (size_t)snprintf(text + len, sizeof(text) - len,
	    "ولل فب بال كال وكالموصل فللعراق ل و ا 12 وبالـ2016");
	text_doc *d = make_doc(g_lex, text, len);
	check_token_clitics(d);
	text_doc_destroy(d);
	text_token t = {.norm = "وبالموصل", .norm_len = 16}; /* clitics 0 */
	size_t offs[8];
	assert_int_equal(text_token_clitic_offsets(&t, offs, 8), 4);
	assert_int_equal(offs[3], 8);
}

typedef struct {
	const char *surface;
	const char *bare;
} bare_case;

static const bare_case bare_cases[] = {
	{"والموصل", "موصل"},
	{"للتحالف", "تحالف"},
	{"بالتحالف", "تحالف"},
	{"لداعش", "داعش"},
	{"بواشنطن", "واشنطن"},
	{"لبنان", "لبنان"},
	{"واشنطن", "واشنطن"},
	{"وزارة", "وزاره"},
	{"وبغداد", "بغداد"},
	{"وقالت", "قالت"},
	{"وقال", "وقال"}, /* too short to guess */
	{"فالس", "فالس"},
	{"الله", "الله"},
	{"الآن", "الان"},
	{"الـ", "ال"},
	{"Washington", "washington"},
	{"بينهم", "بينهم"},       /* ب needs five letters after it */
	{"بمعركة", "معركه"},
	{"فبراير", "فبراير"},     /* ف and ك alone are never cut */
	{"كبيرة", "كبيره"},
	{"وكيفية", "كيفيه"},
	{"لتحقيق", "تحقيق"},
	{"ألمانيا", "المانيا"},    /* hamza on the alef: no article */
	{"وألمانيا", "المانيا"},
	{"الألغام", "الغام"},
	{"ألغام", "الغام"},
};

static void test_text_bare_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bare_cases) / sizeof(bare_cases[0]); i++) {
		text_doc *d = doc_str(bare_cases[i].surface);
		size_t nt;
		const text_token *T = text_doc_tokens(d, &nt);
		assert_int_equal(nt, 1);
		if (strcmp(T[0].bare, bare_cases[i].bare) != 0)
			fail_msg("%s: bare '%s', want '%s'", bare_cases[i].surface,
			    T[0].bare, bare_cases[i].bare);
		text_doc_destroy(d);
	}
}

static void test_text_stem(void **state)
{
	(void)state;
	char a[64], b[64];
	size_t na = text_stem("المقاتلين", strlen("المقاتلين"), a, sizeof(a));
	size_t nb = text_stem("مقاتلين", strlen("مقاتلين"), b, sizeof(b));
	assert_true(na > 0);
	assert_int_equal(na, strlen(a));
	assert_string_equal(a, b);
	assert_int_equal(na, nb);
	assert_true(text_stem("التحالف", strlen("التحالف"), a, sizeof(a)) > 0);
	assert_string_equal(a, "تحالف");
	/* too small a buffer: 0 */
	assert_int_equal(text_stem("التحالف", strlen("التحالف"), a, 4), 0);
	assert_int_equal(text_stem("التحالف", strlen("التحالف"), a, 0), 0);
	/* Latin passes through */
	assert_true(text_stem("isis", 4, a, sizeof(a)) > 0);
}

/* ---- size and threads ---- */

static void test_text_five_megabytes(void **state)
{
	(void)state;
	size_t alen;
	char *art = read_all(ARTDIR "003_8961de93728caadf.txt", &alen);
	size_t want = 5u * 1024 * 1024;
	char *big = malloc(want + alen + 1);
	assert_non_null(big);
	size_t o = 0, copies = 0;
	while (o < want) {
		memcpy(big + o, art, alen);
		o += alen;
		big[o++] = '\n';
		copies++;
	}
	text_doc *d = make_doc(g_lex, big, o);
	size_t ns, nc;
	text_doc_sentences(d, &ns);
	text_doc_chrome(d, &nc);
	/* later copies lose the repeated headline and dateline */
	assert_true(ns >= copies * 16);
	assert_true(nc >= copies * 3);
	text_doc_destroy(d);
	free(big);
	free(art);
}

/* One 5 MB run of letters without a space: tokens are cut, spans stay
 * contiguous and exact. */
static void test_text_five_megabytes_one_word(void **state)
{
	(void)state;
	size_t n = 5u * 1024 * 1024 / 2;
	char *big = malloc(n * 2 + 1);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++) {
		big[2 * i] = (char)0xD8;
		big[2 * i + 1] = (char)0xA8; /* ب */
	}
	text_doc *d = make_doc(g_lex, big, n * 2);
	size_t nt;
	const text_token *T = text_doc_tokens(d, &nt);
	assert_int_equal(nt, (n + TEXT_TOKEN_MAX_UNITS - 1) / TEXT_TOKEN_MAX_UNITS);
	assert_int_equal(T[0].span.start, 0);
	for (size_t i = 1; i < nt; i++)
		assert_int_equal(T[i].span.start, T[i - 1].span.end);
	assert_int_equal(T[nt - 1].span.end, n * 2);
	text_doc_destroy(d);
	free(big);
}

/* Inputs that would be quadratic for a careless segmenter or chrome
 * filter: each finishes (ctest's timeout guards) with sane output. */
static void test_text_pathological_inputs(void **state)
{
	(void)state;
	static const char *units[] = {
	    "د. ",               /* a suppressed break after every word */
	    "\u200f",            /* invisible controls only */
	    "!",                 /* terminators only */
	    "ا.",                /* a break candidate without a space */
	    "\ufdfa",            /* NFKC expands 18-fold */
	};
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		size_t ul = strlen(units[u]), n = (1u << 20) / ul;
		char *b = malloc(n * ul + 1);
		assert_non_null(b);
		for (size_t i = 0; i < n; i++)
			memcpy(b + i * ul, units[u], ul);
		text_doc *d = make_doc(g_lex, b, n * ul);
		text_doc_destroy(d);
		free(b);
	}
	/* 100k distinct short lines: the repeated-line set must not be a list */
	size_t cap = 100000 * 40, o = 0;
	char *b = malloc(cap);
	assert_non_null(b);
	for (int i = 0; i < 100000; i++)
		o += (size_t)snprintf(b + o, cap - o, "عنوان قصير رقم %d\n", i);
	text_doc *d = make_doc(g_lex, b, o);
	size_t ns;
	text_doc_sentences(d, &ns);
	assert_int_equal(ns, 100000);
	text_doc_destroy(d);
	free(b);
}

typedef struct {
	const char *text;
	size_t len;
	const char *want;
	bool ok;
} thread_arg;

static void *thread_main(void *p)
{
	thread_arg *a = p;
	a->ok = true;
	for (int rep = 0; rep < 5; rep++) {
		text_doc *d = NULL;
		if (text_doc_create(g_lex, a->text, a->len, &d, NULL) != TEXT_OK) {
			a->ok = false;
			break;
		}
		char *got = render_tokens(d);
		a->ok &= strcmp(got, a->want) == 0;
		free(got);
		text_doc_destroy(d);
		char st[64];
		a->ok &= text_stem("المقاتلين", strlen("المقاتلين"), st, sizeof(st)) > 0;
	}
	return NULL;
}

static void test_text_threads(void **state)
{
	(void)state;
	size_t len;
	char *b = read_all(ARTDIR "002_78a0c063ebd393f5.txt", &len);
	text_doc *d = make_doc(g_lex, b, len);
	char *want = render_tokens(d);
	text_doc_destroy(d);
	pthread_t th[4];
	thread_arg args[4];
	for (int i = 0; i < 4; i++) {
		args[i] = (thread_arg){b, len, want, false};
		assert_int_equal(pthread_create(&th[i], NULL, thread_main, &args[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_true(args[i].ok);
	}
	free(want);
	free(b);
}

/* Random strings over a hostile alphabet: every document built keeps the
 * invariants, and normalising every token's surface gives its norm. */
static void test_text_random_texts_keep_invariants(void **state)
{
	(void)state;
	static const char *alphabet[] = {
	    "ا", "ل", "و", "ب", "ة", "ى", "أ", "ـ", "\u064e", "\u0651", "ک", "ی",
	    "٣", "٫", "٬", "1", "9", ",", ".", "..", "!", "؟", "?", "%", "٪", "/",
	    ":", "\"", "«", "»", "(", ")", " ", " ", " ", "\n", "\r\n", "\r", "\t",
	    "\u00a0", "\u200f", "\u202b", "\u202c", "\u2066", "\ufeff", "\ufefb",
	    "\ufdfa", "A", "z", "\u00e9", "\U0001F600", "\u20ac", "د.", "شارك\n",
	    "Getty Images\n", "(أ ف ب)", "ال68", "14,000", "\u0654", "ٱ",
	};
	const size_t na = sizeof(alphabet) / sizeof(alphabet[0]);
	unsigned seed = 12345;
	char *buf = malloc(4096);
	assert_non_null(buf);
	for (int iter = 0; iter < 400; iter++) {
		size_t o = 0;
		seed = seed * 1103515245u + 12345u;
		size_t parts = (seed >> 16) % 120;
		for (size_t k = 0; k < parts; k++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = alphabet[(seed >> 16) % na];
			size_t pl = strlen(p);
			if (o + pl >= 4096)
				break;
			memcpy(buf + o, p, pl);
			o += pl;
		}
		text_doc *d = make_doc(iter % 2 ? g_lex : NULL, buf, o);
		size_t nt;
		const text_token *T = text_doc_tokens(d, &nt);
		for (size_t i = 0; i < nt; i++) {
			char *n = text_normalize(buf + T[i].span.start,
			    T[i].span.end - T[i].span.start, NULL);
			assert_non_null(n);
			assert_string_equal(n, T[i].norm);
			free(n);
		}
		text_doc_destroy(d);
	}
	free(buf);
}

static void test_text_err_str(void **state)
{
	(void)state;
	const text_err all[] = {TEXT_OK, TEXT_EUTF8, TEXT_ECONTROL, TEXT_ETOOBIG,
	    TEXT_ENOMEM, TEXT_EICU, TEXT_EDATA};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		assert_non_null(text_err_str(all[i]));
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(text_err_str(all[i]), text_err_str(all[k]));
	}
	assert_string_equal(text_err_str((text_err)99), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_utf8_check_table),
		cmocka_unit_test(test_text_doc_create_rejects_with_offset),
		cmocka_unit_test(test_text_normalize_rejects_invalid_utf8),
		cmocka_unit_test(test_text_normalize_table),
		cmocka_unit_test(test_text_token_norm_matches_text_normalize),
		cmocka_unit_test(test_text_letter_words_match_text_normalize),
		cmocka_unit_test(test_text_tokens_table),
		cmocka_unit_test(test_text_tokens_flags_and_kinds),
		cmocka_unit_test(test_text_token_spans_exact),
		cmocka_unit_test(test_text_sentences_terminators_and_lines),
		cmocka_unit_test(test_text_sentences_line_endings),
		cmocka_unit_test(test_text_sentences_trimmed_of_space_and_controls),
		cmocka_unit_test(test_text_empty_and_blank),
		cmocka_unit_test(test_text_bytes_are_a_copy),
		cmocka_unit_test(test_text_no_arabic_at_all),
		cmocka_unit_test(test_text_mixed_latin_arabic_line_is_kept),
		cmocka_unit_test(test_text_chrome_seed_000),
		cmocka_unit_test(test_text_chrome_seed_001),
		cmocka_unit_test(test_text_chrome_seed_002),
		cmocka_unit_test(test_text_chrome_seed_003),
		cmocka_unit_test(test_text_chrome_seed_004),
		cmocka_unit_test(test_text_chrome_seed_all_clean),
		cmocka_unit_test(test_text_chrome_composed_lines),
		cmocka_unit_test(test_text_chrome_navigation_above_headline),
		cmocka_unit_test(test_text_chrome_cut_needs_article_above),
		cmocka_unit_test(test_text_chrome_repeated_short_lines),
		cmocka_unit_test(test_text_chrome_without_lexicon),
		cmocka_unit_test(test_text_lexicon_missing_file),
		cmocka_unit_test(test_text_lexicon_malformed_rule),
		cmocka_unit_test(test_text_lexicon_custom_rules),
		cmocka_unit_test(test_text_clitic_offsets_table),
		cmocka_unit_test(test_text_token_clitic_offsets),
		cmocka_unit_test(test_text_bare_table),
		cmocka_unit_test(test_text_stem),
		cmocka_unit_test(test_text_five_megabytes),
		cmocka_unit_test(test_text_five_megabytes_one_word),
		cmocka_unit_test(test_text_pathological_inputs),
		cmocka_unit_test(test_text_threads),
		cmocka_unit_test(test_text_random_texts_keep_invariants),
		cmocka_unit_test(test_text_err_str),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
