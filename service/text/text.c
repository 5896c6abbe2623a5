/* text.c: UTF-8 validation and document segmentation. A document is the
 * original bytes plus sentences and tokens that point back into them by
 * byte span. Lines judged to be page chrome (text_chrome.c) produce no
 * sentences. Breaking is done once per document with ICU (word and
 * sentence iterators over one UTF-16 copy); a UTF-16 -> byte offset table
 * maps every boundary back exactly. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "text_impl.h"

/* Longest token, in UTF-16 units; longer runs (a 5 MB line without spaces)
 * are cut, so that norm_len fits in 16 bits even after NFKC expands a
 * ligature 18-fold into 3-byte characters. */
#define TOKEN_MAX_UNITS 1024

struct text_doc {
	char *bytes;
	size_t len;
	text_sentence *sent;
	size_t n_sent;
	text_token *tok;
	size_t n_tok;
	text_span *chrome;
	size_t n_chrome;
	char *strs; /* every norm (and bare, a suffix of it), NUL-terminated */
};

const char *text_err_str(text_err code)
{
	switch (code) {
	case TEXT_OK: return "ok";
	case TEXT_EUTF8: return "invalid UTF-8";
	case TEXT_ECONTROL: return "control character";
	case TEXT_ETOOBIG: return "text too big";
	case TEXT_ENOMEM: return "out of memory";
	case TEXT_EICU: return "ICU failure";
	case TEXT_EDATA: return "bad lexicon data";
	}
	return "unknown error";
}

/* ---- UTF-8 ---- */

text_err text__utf8_scan(const char *s, size_t len, bool allow_controls,
    size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i];
		if (c < 0x80) {
			if (c < 0x20 && !allow_controls && c != '\t' &&
			    c != '\n' && c != '\r') {
				if (bad)
					*bad = i;
				return TEXT_ECONTROL;
			}
			i++;
			continue;
		}
		size_t need;
		unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
		if (c < 0xC2) {
			goto bad; /* continuation byte, or overlong C0/C1 */
		} else if (c < 0xE0) {
			need = 1;
		} else if (c < 0xF0) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0; /* overlong */
			else if (c == 0xED)
				hi = 0x9F; /* surrogates U+D800..U+DFFF */
		} else if (c < 0xF5) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90; /* overlong */
			else if (c == 0xF4)
				hi = 0x8F; /* above U+10FFFF */
		} else {
			goto bad;
		}
		if (len - i <= need)
			goto bad; /* truncated at the end */
		if (p[i + 1] < lo || p[i + 1] > hi)
			goto bad;
		for (size_t k = 2; k <= need; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				goto bad;
		i += need + 1;
	}
	return TEXT_OK;
bad:
	if (bad)
		*bad = i;
	return TEXT_EUTF8;
}

text_err text_utf8_check(const char *s, size_t len, size_t *bad_offset)
{
	if (s == NULL)
		return len == 0 ? TEXT_OK : TEXT_EUTF8;
	size_t bad = 0;
	text_err e = text__utf8_scan(s, len, false, &bad);
	if (e != TEXT_OK && bad_offset)
		*bad_offset = bad;
	return e;
}

/* ---- document building ---- */

typedef struct {
	text_doc *doc;
	text__tls *tls;
	const UChar *u;   /* UTF-16 copy of the text */
	const uint32_t *map; /* UTF-16 index -> byte offset, n16 + 1 entries */
	uint32_t *wb;     /* word boundaries (UTF-16 indexes), ascending */
	size_t n_wb, wi;
	uint32_t *sb;     /* sentence boundaries */
	size_t n_sb, si;
	text__buf strs;
	uint32_t *norm_off; /* per token, offset of its norm in strs */
	size_t cap_tok, cap_sent, cap_chrome;
} builder;

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 64;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * elem);
	if (q == NULL)
		return false;
	*p = q;
	*cap = c;
	return true;
}

static inline UChar32 cp_at(const UChar *u, int32_t i, int32_t n)
{
	UChar32 c;
	U16_GET(u, 0, i, n, c);
	return c;
}

static inline bool is_blank(uint32_t c)
{
	return text__is_space(c) || text__is_invisible(c);
}

enum { CL_NONE, CL_LETTER, CL_DIGIT };

/* One token candidate [a, b): kind and flags from its code points, norm
 * appended to the string buffer. Pure blanks and pieces whose matching form
 * is empty (a lone tatweel or haraka) are skipped. */
static bool emit_piece(builder *B, int32_t a, int32_t b, uint32_t sentence)
{
	bool letter = false, digit = false, other = false;
	uint8_t flags = 0;
	for (int32_t i = a; i < b;) {
		UChar32 c;
		U16_NEXT(B->u, i, b, c);
		if (u_isdigit(c)) {
			digit = true;
		} else if (u_isalpha(c)) {
			letter = true;
			if (text__is_arabic_letter((uint32_t)c))
				flags |= TEXT_TOKEN_ARABIC;
			else if (text__is_latin_letter((uint32_t)c))
				flags |= TEXT_TOKEN_LATIN;
		} else if (!is_blank((uint32_t)c)) {
			other = true;
		}
	}
	if (!letter && !digit && !other)
		return true;
	size_t off = B->strs.len;
	if (!text__norm_u16(B->tls, B->u + a, b - a, 0, &B->strs))
		return false;
	size_t nlen = B->strs.len - off;
	if (nlen == 0)
		return true; /* the NUL written stays unused: harmless */
	B->strs.len++; /* keep the NUL */
	text_doc *d = B->doc;
	if (d->n_tok == B->cap_tok) {
		size_t cap = B->cap_tok ? B->cap_tok * 2 : 256;
		text_token *t = realloc(d->tok, cap * sizeof(*t));
		if (t == NULL)
			return false;
		d->tok = t;
		uint32_t *no = realloc(B->norm_off, cap * sizeof(uint32_t));
		if (no == NULL)
			return false;
		B->norm_off = no;
		B->cap_tok = cap;
	}
	const char *norm = B->strs.p + off;
	size_t bare = 0;
	uint8_t kind = letter ? TEXT_TOKEN_WORD :
	    digit ? TEXT_TOKEN_NUMBER : TEXT_TOKEN_PUNCT;
	if (kind == TEXT_TOKEN_WORD && (flags & TEXT_TOKEN_ARABIC))
		bare = text__bare_offset(norm, nlen);
	text_token *t = &d->tok[d->n_tok];
	t->span.start = B->map[a];
	t->span.end = B->map[b];
	t->norm = NULL; /* fixed up when the string buffer stops moving */
	t->bare = NULL;
	t->norm_len = (uint16_t)nlen;
	t->bare_len = (uint16_t)(nlen - bare);
	t->kind = kind;
	t->flags = flags;
	t->sentence = sentence;
	B->norm_off[d->n_tok] = (uint32_t)off;
	d->n_tok++;
	return true;
}

/* An ICU word segment [a, b): split where letters run into digits or digits
 * into letters ("ال68", "لـ2016", "2016م"), and cut very long runs. Marks,
 * tatweel and invisible controls stay with the run they follow; number
 * separators stay inside numbers (ICU only keeps them between digits). */
static bool emit_segment(builder *B, int32_t a, int32_t b, uint32_t sentence)
{
	int32_t start = a;
	int cls = CL_NONE;
	for (int32_t i = a; i < b;) {
		int32_t at = i;
		UChar32 c;
		U16_NEXT(B->u, i, b, c);
		int k = u_isdigit(c) ? CL_DIGIT :
		    (u_isalpha(c) && c != 0x0640) ? CL_LETTER : CL_NONE;
		if ((k != CL_NONE && cls != CL_NONE && k != cls) ||
		    at - start >= TOKEN_MAX_UNITS) {
			if (!emit_piece(B, start, at, sentence))
				return false;
			start = at;
		}
		if (k != CL_NONE)
			cls = k;
	}
	return emit_piece(B, start, b, sentence);
}

static bool emit_sentence(builder *B, int32_t a, int32_t b)
{
	int32_t n16 = b;
	while (a < b && is_blank((uint32_t)cp_at(B->u, a, n16)))
		a++;
	while (b > a && is_blank((uint32_t)B->u[b - 1]))
		b--;
	if (a >= b)
		return true;
	text_doc *d = B->doc;
	uint32_t idx = (uint32_t)d->n_sent;
	size_t first = d->n_tok;
	int32_t cur = a;
	while (cur < b) {
		while (B->wi < B->n_wb && (int32_t)B->wb[B->wi] <= cur)
			B->wi++;
		int32_t nxt = (B->wi < B->n_wb && (int32_t)B->wb[B->wi] < b) ?
		    (int32_t)B->wb[B->wi] : b;
		if (!emit_segment(B, cur, nxt, idx))
			return false;
		cur = nxt;
	}
	if (d->n_tok == first)
		return true;
	if (!grow((void **)&d->sent, &B->cap_sent, d->n_sent + 1,
	        sizeof(text_sentence)))
		return false;
	text_sentence *s = &d->sent[d->n_sent++];
	s->span.start = B->map[a];
	s->span.end = B->map[b];
	s->first_token = (uint32_t)first;
	s->n_tokens = (uint32_t)(d->n_tok - first);
	return true;
}

static bool is_sentence_end(UChar c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x061F || c == 0x06D4 ||
	    c == 0x2026 || c == 0x203C || c == 0x2047 || c == 0x2048 ||
	    c == 0x2049;
}

/* Should an ICU sentence boundary at c (inside line [a, b), current
 * sentence starting at s) be kept? ICU breaks after any '.', also inside
 * "أ.ف.ب." and after a one-letter abbreviation ("د. محمد"), which Arabic
 * uses a lot and ICU has no suppression list for. */
static bool keep_break(const builder *B, int32_t s, int32_t c, int32_t b)
{
	const UChar *u = B->u;
	int32_t q = c;
	while (q > s && is_blank(u[q - 1]))
		q--;
	if (q <= s)
		return false;
	if (q == c && c < b && !is_blank(u[c]))
		return false; /* no space after the terminator */
	/* closing quotes/brackets after the terminator */
	int32_t t = q;
	while (t > s && (u_charType(u[t - 1]) == U_END_PUNCTUATION ||
	                    u_charType(u[t - 1]) == U_FINAL_PUNCTUATION ||
	                    u[t - 1] == '"' || u[t - 1] == '\''))
		t--;
	if (t <= s || !is_sentence_end(u[t - 1]))
		return true; /* a paragraph separator inside the line */
	if (u[t - 1] == '.' && t - 2 >= s && u_isalpha(u[t - 2]) &&
	    (t - 3 < s || !u_isalpha(u[t - 3])) &&
	    text__is_arabic_letter(u[t - 2]))
		return false; /* "د." */
	return true;
}

static bool emit_line(builder *B, int32_t a, int32_t b)
{
	int32_t s = a;
	while (B->si < B->n_sb && (int32_t)B->sb[B->si] <= a)
		B->si++;
	for (; B->si < B->n_sb && (int32_t)B->sb[B->si] < b; B->si++) {
		int32_t c = (int32_t)B->sb[B->si];
		if (!keep_break(B, s, c, b))
			continue;
		if (!emit_sentence(B, s, c))
			return false;
		s = c;
	}
	return emit_sentence(B, s, b);
}

static text_err collect_breaks(UBreakIterator **bi, UBreakIteratorType type,
    const UChar *u, int32_t n, uint32_t **out, size_t *n_out, text_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	if (*bi == NULL) {
		*bi = ubrk_open(type, "ar", NULL, 0, &st);
		if (U_FAILURE(st)) {
			*bi = NULL;
			snprintf(err->reason, sizeof(err->reason),
			    "ubrk_open: %s", u_errorName(st));
			return TEXT_EICU;
		}
	}
	ubrk_setText(*bi, u, n, &st);
	if (U_FAILURE(st)) {
		snprintf(err->reason, sizeof(err->reason), "ubrk_setText: %s",
		    u_errorName(st));
		return TEXT_EICU;
	}
	size_t cap = 0, k = 0;
	uint32_t *v = NULL;
	for (int32_t p = ubrk_first(*bi); p != UBRK_DONE; p = ubrk_next(*bi)) {
		if (!grow((void **)&v, &cap, k + 1, sizeof(uint32_t))) {
			free(v);
			return TEXT_ENOMEM;
		}
		v[k++] = (uint32_t)p;
	}
	*out = v;
	*n_out = k;
	return TEXT_OK;
}

void text_doc_destroy(text_doc *doc)
{
	if (doc == NULL)
		return;
	free(doc->bytes);
	free(doc->sent);
	free(doc->tok);
	free(doc->chrome);
	free(doc->strs);
	free(doc);
}

text_err text_doc_create(const text_lexicon *lex, const char *utf8, size_t len,
    text_doc **out, text_error *err)
{
	text_error dummy;
	if (err == NULL)
		err = &dummy;
	memset(err, 0, sizeof(*err));
	assert(out != NULL);
	text_err rc = TEXT_OK;
	text_doc *d = NULL;
	UChar *u = NULL;
	uint32_t *map = NULL;
	builder B = {0};
	text__chrome ch;
	bool ch_init = false;

	if (utf8 == NULL && len > 0) {
		rc = TEXT_EUTF8;
		snprintf(err->reason, sizeof(err->reason), "NULL text");
		goto fail;
	}
	if (len >= UINT32_MAX / 2 || len > (size_t)INT32_MAX - 1) {
		rc = TEXT_ETOOBIG;
		snprintf(err->reason, sizeof(err->reason),
		    "text of %zu bytes exceeds the span range", len);
		goto fail;
	}
	size_t bad = 0;
	rc = text__utf8_scan(utf8 ? utf8 : "", len, false, &bad);
	if (rc != TEXT_OK) {
		err->offset = bad;
		snprintf(err->reason, sizeof(err->reason), "%s at byte %zu",
		    rc == TEXT_EUTF8 ? "invalid UTF-8" :
		                       "NUL or control character", bad);
		goto fail;
	}
	rc = TEXT_ENOMEM;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		goto fail;
	d->bytes = malloc(len + 1);
	u = malloc((len + 1) * sizeof(UChar));
	map = malloc((len + 1) * sizeof(uint32_t));
	if (d->bytes == NULL || u == NULL || map == NULL)
		goto fail;
	if (len)
		memcpy(d->bytes, utf8, len);
	d->bytes[len] = '\0';
	d->len = len;

	/* UTF-8 -> UTF-16 with the offset table; input already validated. */
	const unsigned char *p = (const unsigned char *)d->bytes;
	int32_t n16 = 0;
	bool has_arabic = false;
	for (size_t i = 0; i < len;) {
		uint32_t c = p[i];
		size_t k;
		if (c < 0x80) {
			k = 1;
		} else if (c < 0xE0) {
			c = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F);
			k = 2;
		} else if (c < 0xF0) {
			c = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3Fu) << 6) |
			    (p[i + 2] & 0x3F);
			k = 3;
		} else {
			c = ((c & 0x07) << 18) | ((p[i + 1] & 0x3Fu) << 12) |
			    ((p[i + 2] & 0x3Fu) << 6) | (p[i + 3] & 0x3F);
			k = 4;
		}
		if (!has_arabic && c >= 0x0600 && text__is_arabic_letter(c))
			has_arabic = true;
		if (c < 0x10000) {
			map[n16] = (uint32_t)i;
			u[n16++] = (UChar)c;
		} else {
			map[n16] = (uint32_t)i;
			u[n16++] = U16_LEAD(c);
			map[n16] = (uint32_t)i;
			u[n16++] = U16_TRAIL(c);
		}
		i += k;
	}
	map[n16] = (uint32_t)len;

	B.doc = d;
	B.u = u;
	B.map = map;
	B.tls = text__tls_get();
	if (B.tls == NULL)
		goto fail;
	rc = collect_breaks(&B.tls->word, UBRK_WORD, u, n16, &B.wb, &B.n_wb, err);
	if (rc != TEXT_OK)
		goto fail;
	rc = collect_breaks(&B.tls->sent, UBRK_SENTENCE, u, n16, &B.sb, &B.n_sb, err);
	if (rc != TEXT_OK)
		goto fail;
	rc = TEXT_ENOMEM;
	text__chrome_init(&ch, lex, B.tls, has_arabic);
	ch_init = true;

	for (int32_t ls = 0; ls < n16;) {
		int32_t le = ls;
		while (le < n16 && u[le] != '\n' && u[le] != '\r')
			le++;
		int32_t next = le + 1;
		if (le + 1 < n16 && u[le] == '\r' && u[le + 1] == '\n')
			next = le + 2;
		int32_t a = ls, b = le;
		while (a < b && is_blank((uint32_t)cp_at(u, a, n16)))
			a++;
		while (b > a && is_blank(u[b - 1]))
			b--;
		ls = next;
		if (a == b)
			continue;
		int r = text__chrome_line(&ch, u + a, b - a);
		if (r < 0)
			goto fail;
		if (r == 1) {
			if (!grow((void **)&d->chrome, &B.cap_chrome,
			        d->n_chrome + 1, sizeof(text_span)))
				goto fail;
			d->chrome[d->n_chrome].start = map[a];
			d->chrome[d->n_chrome].end = map[b];
			d->n_chrome++;
			continue;
		}
		if (!emit_line(&B, a, b))
			goto fail;
	}

	/* The string buffer has stopped moving: point tokens into it. */
	d->strs = B.strs.p;
	B.strs.p = NULL;
	for (size_t i = 0; i < d->n_tok; i++) {
		text_token *t = &d->tok[i];
		t->norm = d->strs + B.norm_off[i];
		t->bare = t->norm + (t->norm_len - t->bare_len);
	}
	text__chrome_fini(&ch);
	free(B.wb);
	free(B.sb);
	free(B.norm_off);
	free(u);
	free(map);
	*out = d;
	return TEXT_OK;

fail:
	if (rc == TEXT_ENOMEM && err->reason[0] == '\0')
		snprintf(err->reason, sizeof(err->reason), "out of memory");
	err->code = rc;
	if (ch_init)
		text__chrome_fini(&ch);
	free(B.wb);
	free(B.sb);
	free(B.norm_off);
	free(B.strs.p);
	free(u);
	free(map);
	text_doc_destroy(d);
	return rc;
}

const char *text_doc_bytes(const text_doc *doc, size_t *len)
{
	if (len)
		*len = doc->len;
	return doc->bytes;
}

const text_sentence *text_doc_sentences(const text_doc *doc, size_t *n)
{
	*n = doc->n_sent;
	return doc->sent;
}

const text_token *text_doc_tokens(const text_doc *doc, size_t *n)
{
	*n = doc->n_tok;
	return doc->tok;
}

const text_span *text_doc_chrome(const text_doc *doc, size_t *n)
{
	*n = doc->n_chrome;
	return doc->chrome;
}
