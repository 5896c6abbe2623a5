/* text.c: UTF-8 validation and document segmentation. A document is the
 * original bytes plus sentences and tokens that point back into them by
 * byte span. Lines judged to be page chrome (text_chrome.c) produce no
 * sentences. Breaking is done once per document with ICU (word and
 * sentence iterators over one UTF-16 copy); a cursor that walks the UTF-16
 * copy in step with the bytes maps every boundary back exactly (spans are
 * produced nearly in order, so the walk is linear and needs no table). */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "coalition_mem.h"
#include "text_impl.h"

/* TEXT_TOKEN_MAX_UNITS: longer runs (a 5 MB line without spaces) are cut,
 * so that norm_len fits in 16 bits even after NFKC expands a ligature
 * 18-fold into 3-byte characters (1024 * 18 * 3 < 65536). */
#define TOKEN_MAX_UNITS TEXT_TOKEN_MAX_UNITS

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
	int32_t n16;
	int32_t cur16;    /* mapping cursor: UTF-16 index ... */
	uint32_t cur8;    /* ... and the byte offset of the same character */
	/* ICU iterators over the whole text: words read forward lazily,
	 * sentences asked only near candidate terminators. */
	UBreakIterator *wbi, *sbi;
	int32_t wnext;    /* next word boundary not yet passed */
	const int32_t *ends; /* may_end units, in order (tls->ends) */
	size_t n_ends;
	size_t end_i;     /* first of ends not yet passed by emit_line */
	text__chrome *ch;
	text__buf strs;
	uint32_t *norm_off; /* per token, offset of its norm in strs */
	size_t cap_tok, cap_sent, cap_chrome;
} builder;

/* UTF-8 length of the character a UTF-16 unit belongs to, split evenly
 * over the two units of a surrogate pair (2 + 2 = 4), so the sum over any
 * range of whole characters is its byte length; no branches. */
static inline uint32_t u8_units(UChar c)
{
	return 1u + (c >= 0x80) + (c >= 0x800) - ((c & 0xF800) == 0xD800);
}

/* Byte offset of UTF-16 index pos (never inside a surrogate pair). */
static uint32_t to_byte(builder *B, int32_t pos)
{
	const UChar *u = B->u;
	int32_t i = B->cur16;
	uint32_t o = B->cur8;
	for (; i < pos; i++)
		o += u8_units(u[i]);
	for (; i > pos; i--)
		o -= u8_units(u[i - 1]);
	B->cur16 = i;
	B->cur8 = o;
	return o;
}

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

/* The first boundary after pos; INT32_MAX when there is none. */
static int32_t next_boundary(UBreakIterator *bi, int32_t pos)
{
	/* next() when the iterator already stands at pos: the common case,
	 * and cheaper than following(). */
	int32_t p = ubrk_current(bi) == pos ? ubrk_next(bi) :
	                                      ubrk_following(bi, pos);
	return p == UBRK_DONE ? INT32_MAX : p;
}

enum { CL_NONE, CL_LETTER, CL_DIGIT };

/* Arabic letters U+0621..U+064A but tatweel: two UTF-8 bytes, class
 * LETTER | ARABIC, matching form from text__norm_letters. */
static inline bool is_plain_letter(UChar c)
{
	return c >= 0x0621 && c <= 0x064A && c != 0x0640;
}

/* What emit_segment learnt about a piece while walking it once. */
typedef struct {
	int32_t a, b; /* first and past-last non-blank unit; a == b: blank */
	uint32_t a8, b8; /* the same as byte offsets */
	bool letter, digit, other;
	bool plain; /* [a, b) is only Arabic letters U+0621..U+064A but tatweel:
	               text__norm_letters gives its matching form */
	uint8_t flags;
} piece;

/* Where the matching form of [a, b) has an alef the surface wrote with a
 * hamza (U+0623 U+0625 U+0622), within the first three letters, as a byte
 * offset (two bytes per Arabic letter); SIZE_MAX if none. */
static size_t hamza_alef(const UChar *u, int32_t a, int32_t b)
{
	size_t letters = 0;
	for (int32_t i = a; i < b && letters < 3; i++) {
		UChar c = u[i];
		if (c == 0x0623 || c == 0x0625 || c == 0x0622)
			return 2 * letters;
		if (c == 0x0627 || c == 0x0671)
			return SIZE_MAX;
		if (text__class(c) & TEXT__CL_LETTER)
			letters++;
	}
	return SIZE_MAX;
}

/* hamza_alef of a plain piece, where every unit is a letter: the first
 * alef form among the first three letters decides. Without branches on
 * the letters: words start with anything. */
static size_t hamza_alef_plain(const UChar *u, int32_t n)
{
	unsigned alef = 0, hamza = 0;
	for (int32_t i = 0; i < 3; i++) {
		/* bits of U+0622 + d: alef forms 0622 0623 0625 0627, of
		 * which hamza forms 0622 0623 0625 */
		unsigned d = (unsigned)(i < n ? u[i] : 0) - 0x0622u;
		unsigned in = d < 6u;
		alef |= (in & (0x2Bu >> (d & 7u))) << i;
		hamza |= (in & (0x0Bu >> (d & 7u))) << i;
	}
	unsigned f = (unsigned)__builtin_ctz(alef | 8u);
	return (hamza >> f) & 1u ? 2 * (size_t)f : SIZE_MAX;
}

/* One token [p->a, p->b) (already trimmed of blanks: ICU glues format
 * controls to the preceding character, spans start and end on visible
 * text). Pieces whose matching form is empty (a lone tatweel or haraka)
 * are skipped. */
static bool emit_piece(builder *B, const piece *p, uint32_t sentence)
{
	if (p->a >= p->b)
		return true;
	size_t off = B->strs.len;
	if (p->plain) {
		int32_t n = p->b - p->a;
		if (!text__buf_reserve(&B->strs, 2 * (size_t)n + 1))
			return false;
		text__norm_letters(B->u + p->a, n, B->strs.p + off);
		B->strs.len += 2 * (size_t)n;
	} else if (!text__norm_u16(B->tls, B->u + p->a, p->b - p->a,
	               TEXT__NORM_SPACES, &B->strs)) {
		/* Same mode as text_normalize, so that a token's norm is
		 * exactly the normalised surface even when NFKC expands a
		 * ligature into words (U+FDFA). */
		return false;
	}
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
	uint8_t clitics;
	uint8_t kind = p->letter ? TEXT_TOKEN_WORD :
	    p->digit ? TEXT_TOKEN_NUMBER : TEXT_TOKEN_PUNCT;
	if (kind == TEXT_TOKEN_WORD && (p->flags & TEXT_TOKEN_ARABIC))
		text__word_clitics(norm, nlen, p->plain ?
		    hamza_alef_plain(B->u + p->a, p->b - p->a) :
		    hamza_alef(B->u, p->a, p->b), &clitics, &bare);
	else
		clitics = text__clitic_mask(norm, nlen);
	text_token *t = &d->tok[d->n_tok];
	t->span.start = p->a8;
	t->span.end = p->b8;
	t->norm = NULL; /* fixed up when the string buffer stops moving */
	t->bare = NULL;
	t->norm_len = (uint16_t)nlen;
	t->bare_len = (uint16_t)(nlen - bare);
	t->kind = kind;
	t->flags = p->flags;
	t->clitics = clitics;
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
	uint32_t o8 = to_byte(B, a); /* byte offset of unit i below */
	piece p = {.a = a, .b = a, .a8 = o8, .b8 = o8, .plain = true};
	bool seen = false; /* a non-blank in the current piece */
	for (int32_t i = a; i < b;) {
		if (is_plain_letter(B->u[i]) && cls != CL_DIGIT &&
		    i - start < TOKEN_MAX_UNITS) {
			/* A run of Arabic letters that continues (or starts) a
			 * letter piece, most of every text: what the general
			 * path below does for each, without classifying. */
			int32_t lim = start + TOKEN_MAX_UNITS < b ?
			    start + TOKEN_MAX_UNITS : b;
			int32_t j = i + 1;
			while (j < lim && is_plain_letter(B->u[j]))
				j++;
			o8 += 2 * (uint32_t)(j - i);
			i = j;
			cls = CL_LETTER;
			seen = true;
			p.b = i;
			p.b8 = o8;
			p.letter = true;
			p.flags |= TEXT_TOKEN_ARABIC;
			continue;
		}
		int32_t at = i;
		uint32_t at8 = o8;
		UChar32 c;
		U16_NEXT(B->u, i, b, c);
		o8 += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		unsigned cl = text__class((uint32_t)c);
		int k = (cl & TEXT__CL_DIGIT) ? CL_DIGIT :
		    (cl & TEXT__CL_LETTER) ? CL_LETTER : CL_NONE;
		if ((k != CL_NONE && cls != CL_NONE && k != cls) ||
		    at - start >= TOKEN_MAX_UNITS) {
			if (!emit_piece(B, &p, sentence))
				return false;
			start = at;
			p = (piece){.a = at, .b = at, .a8 = at8, .b8 = at8,
			    .plain = true};
			seen = false;
		}
		if (k != CL_NONE)
			cls = k;
		if (cl & TEXT__CL_BLANK) {
			if (!seen) {
				p.a = p.b = i;
				p.a8 = p.b8 = o8;
			} else {
				p.plain = false; /* inside, or trailing: no matter */
			}
			continue;
		}
		p.plain = false;
		seen = true;
		p.b = i;
		p.b8 = o8;
		if (k == CL_DIGIT) {
			p.digit = true;
		} else if (k == CL_LETTER) {
			p.letter = true;
			if (cl & TEXT__CL_ARABIC)
				p.flags |= TEXT_TOKEN_ARABIC;
			else if (cl & TEXT__CL_LATIN)
				p.flags |= TEXT_TOKEN_LATIN;
		} else {
			p.other = true;
		}
	}
	/* the walk above mapped the whole segment: move the cursor along */
	B->cur16 = b;
	B->cur8 = o8;
	return emit_piece(B, &p, sentence);
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
	/* map the start now: the cursor then only moves forward */
	uint32_t a8 = to_byte(B, a);
	int32_t cur = a;
	while (cur < b) {
		if (B->wnext <= cur)
			B->wnext = next_boundary(B->wbi, cur);
		int32_t nxt = B->wnext < b ? B->wnext : b;
		/* the space between two words, every other segment: no
		 * token (to_byte maps over it when the next one starts) */
		if (!(nxt == cur + 1 && B->u[cur] == ' ') &&
		    !emit_segment(B, cur, nxt, idx))
			return false;
		cur = nxt;
	}
	if (d->n_tok == first)
		return true;
	if (!grow((void **)&d->sent, &B->cap_sent, d->n_sent + 1,
	        sizeof(text_sentence)))
		return false;
	text_sentence *s = &d->sent[d->n_sent++];
	s->span.start = a8;
	s->span.end = to_byte(B, b);
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
	if (u[t - 1] == '.' && t - 2 >= s &&
	    (text__class(u[t - 2]) & TEXT__CL_ARABIC) &&
	    (t - 3 < s || !(text__class(u[t - 3]) & TEXT__CL_LETTER)))
		return false; /* "د." */
	/* Arabic writers use ".." and "..." (and U+2026) as a pause inside a
	 * sentence or between the halves of a headline ("الأخيرة.. 14 ألف
	 * غارة", "مستمر.. لتحقيق الاستدامة"), not as a full stop. */
	int32_t i = t, dots = 0;
	for (; i > s && (u[i - 1] == '.' || u[i - 1] == 0x2026); i--)
		dots += u[i - 1] == 0x2026 ? 3 : 1;
	if (dots >= 2 && !(i > s && (u[i - 1] == '!' || u[i - 1] == '?' ||
	                               u[i - 1] == 0x061F)))
		return false;
	return true;
}

static bool push_chrome(builder *B, int32_t a, int32_t b)
{
	text_doc *d = B->doc;
	if (!grow((void **)&d->chrome, &B->cap_chrome, d->n_chrome + 1,
	        sizeof(text_span)))
		return false;
	d->chrome[d->n_chrome].start = to_byte(B, a);
	d->chrome[d->n_chrome].end = to_byte(B, b);
	d->n_chrome++;
	return true;
}

/* Could ICU end a sentence at this character? A superset is fine. */
static bool may_end(UChar c)
{
	if (c < 0x80)
		return c == '.' || c == '!' || c == '?' || c == 0x0B || c == 0x0C;
	if (text__class(c) & (TEXT__CL_LETTER | TEXT__CL_DIGIT | TEXT__CL_MARK))
		return false;
	return c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0x2024 ||
	    c == 0xFE52 || c == 0xFF0E ||
	    u_hasBinaryProperty(c, UCHAR_S_TERM);
}

/* may_end of U+0000..U+07FF (ASCII, Latin, Arabic: nearly every unit of
 * a text) as bits, read once per unit of every kept line. Filled once per
 * process from may_end itself. */
#define MAY_END_TABLE 0x800
static uint64_t may_end_bits[MAY_END_TABLE / 64];
static pthread_once_t may_end_once = PTHREAD_ONCE_INIT;

static void may_end_fill(void)
{
	for (UChar c = 0; c < MAY_END_TABLE; c++)
		if (may_end(c))
			may_end_bits[c / 64] |= (uint64_t)1 << (c % 64);
}

/* The boundary ICU's sentence rules (UAX #29 SB9..SB11) always put after
 * a terminator run, closing marks and spaces when an Arabic letter follows
 * (Arabic letters are OLetter: neither SB7/SB8 nor SB8a applies); -1 for
 * every other case, which is left to ICU. Saves ICU's backward safe-point
 * search on the common case. */
static int32_t arabic_break(const UChar *u, int32_t i, int32_t b)
{
	UChar c = u[i];
	if (c != '.' && c != '!' && c != '?' && c != 0x061F)
		return -1;
	int32_t j = i + 1;
	while (j < b && (u[j] == '.' || u[j] == '!' || u[j] == '?' ||
	                    u[j] == 0x061F))
		j++;
	while (j < b && (u[j] == '"' || u[j] == ')' || u[j] == 0xBB ||
	                    u[j] == 0x201D || u[j] == 0x2019))
		j++;
	int32_t sp = j;
	while (j < b && (u[j] == ' ' || u[j] == 0xA0))
		j++;
	if (j == sp || j >= b || !(text__class(u[j]) & TEXT__CL_ARABIC))
		return -1;
	return j;
}

static bool emit_line(builder *B, int32_t a, int32_t b)
{
	/* Most lines hold one sentence ending at the line end: skip ICU for
	 * them, it is the costliest step. */
	int32_t t = b;
	while (t > a && (may_end(B->u[t - 1]) || is_blank(B->u[t - 1]) ||
	                    u_charType(B->u[t - 1]) == U_END_PUNCTUATION ||
	                    u_charType(B->u[t - 1]) == U_FINAL_PUNCTUATION ||
	                    B->u[t - 1] == '"'))
		t--;
	/* ICU only breaks sentences after a terminator or a separator: ask
	 * it for the boundary after each candidate, so that it works near
	 * the candidates instead of over the whole line. */
	int32_t s = a;
	/* only may_end units lead to ICU (Arabic letters and spaces, most of
	 * a line, never end one): decode listed them */
	const int32_t *ends = B->ends;
	size_t k = B->end_i;
	while (k < B->n_ends && ends[k] < a)
		k++; /* on a skipped (chrome or blank) line */
	for (; k < B->n_ends && ends[k] < t; k++) {
		int32_t i = ends[k];
		int32_t c = arabic_break(B->u, i, b);
		if (c < 0)
			c = ubrk_following(B->sbi, i);
		if (c == UBRK_DONE || c >= b)
			break;
		if (keep_break(B, s, c, b)) {
			if (!emit_sentence(B, s, c))
				return false;
			s = c;
		}
		/* ICU has answered up to c: the next candidate is past it */
		while (k + 1 < B->n_ends && ends[k + 1] < c)
			k++;
	}
	B->end_i = k;
	if (s > a) {
		int32_t f = s;
		while (f < b && is_blank(B->u[f]))
			f++;
		int r = text__chrome_fragment(B->ch, B->u + f, b - f);
		if (r < 0)
			return false;
		if (r == 1)
			return push_chrome(B, f, b);
	}
	return emit_sentence(B, s, b);
}

static text_err open_breaker(UBreakIterator **bi, UBreakIteratorType type,
    const UChar *u, int32_t n, text_error *err)
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

/* Appends pos to the index list *v (n entries, room for *cap). */
static bool note_index(int32_t **v, size_t *cap, size_t n, int32_t pos)
{
	if (n == *cap) {
		size_t c = n ? 2 * n : 256;
		int32_t *q = realloc(*v, c * sizeof(*q));
		if (q == NULL)
			return false;
		*v = q;
		*cap = c;
	}
	(*v)[n] = pos;
	return true;
}

/* may_end of one UTF-16 unit, as emit_line used to test each unit. */
static inline bool may_end_unit(UChar ch)
{
	return ch < MAY_END_TABLE ?
	    ((may_end_bits[ch / 64] >> (ch % 64)) & 1u) != 0 : may_end(ch);
}

/* ASCII units decode looks at twice: C0 controls but TAB (line ends, or
 * bad), and the ASCII units may_end takes ('!', '.', '?'; its 0x0B and
 * 0x0C are controls, refused). */
#define DECODE_ASCII_RARE \
	((0xFFFFFFFFull & ~(1ull << '\t')) | (1ull << '!') | (1ull << '.') | \
	    (1ull << '?'))

/* text__utf8_scan's checks fused with the conversion to UTF-16 (u has
 * room for len units): on error returns the code and *bad, as the scan
 * (or TEXT_ENOMEM). Also notes the UTF-16 index of every LF and CR in
 * tls->brk (*n_brk of them), so that lines are found without another scan,
 * and how many LFs there are; and of every unit that may end a sentence
 * (may_end_unit) in tls->ends (*n_ends). */
static text_err decode(const char *s, size_t len, UChar *u, int32_t *n16_out,
    bool *has_arabic, text__tls *tls, size_t *n_brk, size_t *n_lines,
    size_t *n_ends, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	int32_t n16 = 0;
	size_t lines = 0, nb = 0, ne = 0;
	bool ar = false;
	size_t i = 0;
	while (i < len) {
		uint32_t c = p[i];
		if (c < 0x80) {
			if (c < 0x40 && ((DECODE_ASCII_RARE >> c) & 1u)) {
				if (c >= 0x20) { /* '!', '.', '?' */
					if (!note_index(&tls->ends, &tls->ends_cap, ne, n16))
						return TEXT_ENOMEM;
					ne++;
					u[n16++] = (UChar)c;
					i++;
					continue;
				}
				/* a line end, or bad */
				if (c != '\n' && c != '\r') {
					*bad = i;
					return TEXT_ECONTROL;
				}
				if (!note_index(&tls->brk, &tls->brk_cap, nb, n16))
					return TEXT_ENOMEM;
				nb++;
				lines += c == '\n';
			}
			u[n16++] = (UChar)c;
			i++;
			continue;
		}
		if (c >= 0xD8 && c <= 0xDB && len - i > 1 && (p[i + 1] & 0xC0) == 0x80) {
			/* U+0600..U+06FF, most of an Arabic text: the two-byte
			 * case below without its range checks */
			c = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F);
			if (!ar && c >= 0x0620 && text__is_arabic_letter(c))
				ar = true;
			/* letters U+0621..U+064A never end a sentence (may_end
			 * refuses letters): only the rest is looked up */
			if ((c < 0x0621 || c > 0x064A) && may_end_unit((UChar)c)) {
				if (!note_index(&tls->ends, &tls->ends_cap, ne, n16))
					return TEXT_ENOMEM;
				ne++;
			}
			u[n16++] = (UChar)c;
			i += 2;
			continue;
		}
		size_t need;
		unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
		if (c < 0xC2)
			goto bad;
		else if (c < 0xE0)
			need = 1;
		else if (c < 0xF0) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c < 0xF5) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			goto bad;
		}
		if (len - i <= need || p[i + 1] < lo || p[i + 1] > hi)
			goto bad;
		if (need == 1) {
			c = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F);
		} else if (need == 2) {
			if ((p[i + 2] & 0xC0) != 0x80)
				goto bad;
			c = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3Fu) << 6) |
			    (p[i + 2] & 0x3F);
		} else {
			if ((p[i + 2] & 0xC0) != 0x80 || (p[i + 3] & 0xC0) != 0x80)
				goto bad;
			c = ((c & 0x07) << 18) | ((p[i + 1] & 0x3Fu) << 12) |
			    ((p[i + 2] & 0x3Fu) << 6) | (p[i + 3] & 0x3F);
		}
		if (!ar && c >= 0x0620 && text__is_arabic_letter(c))
			ar = true;
		UChar u0 = c < 0x10000 ? (UChar)c : U16_LEAD(c);
		for (int k = 0; k < (c < 0x10000 ? 1 : 2); k++) {
			UChar unit = k == 0 ? u0 : U16_TRAIL(c);
			if (may_end_unit(unit)) {
				if (!note_index(&tls->ends, &tls->ends_cap, ne, n16))
					return TEXT_ENOMEM;
				ne++;
			}
			u[n16++] = unit;
		}
		i += need + 1;
	}
	*n16_out = n16;
	*has_arabic = ar;
	*n_brk = nb;
	*n_ends = ne;
	*n_lines = lines;
	return TEXT_OK;
bad:
	*bad = i;
	return TEXT_EUTF8;
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
	rc = TEXT_ENOMEM;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		goto fail;
	d->bytes = malloc(len + 1);
	u = malloc((len + 1) * sizeof(UChar));
	if (d->bytes == NULL || u == NULL)
		goto fail;
	coal_mem_hint_big(d->bytes, len + 1);
	coal_mem_hint_big(u, (len + 1) * sizeof(UChar));
	if (len)
		memcpy(d->bytes, utf8, len);
	d->bytes[len] = '\0';
	d->len = len;

	/* Validate and convert to UTF-16 in one pass, noting whether the text
	 * has Arabic letters and how many lines. */
	B.tls = text__tls_get();
	if (B.tls == NULL)
		goto fail; /* rc is TEXT_ENOMEM */
	int32_t n16 = 0;
	bool has_arabic = false;
	size_t n_brk = 0, n_lines = 0, n_ends = 0, bad = 0;
	pthread_once(&may_end_once, may_end_fill);
	rc = decode(d->bytes, len, u, &n16, &has_arabic, B.tls, &n_brk,
	    &n_lines, &n_ends, &bad);
	if (rc == TEXT_ENOMEM)
		goto fail;
	if (rc != TEXT_OK) {
		err->offset = bad;
		snprintf(err->reason, sizeof(err->reason), "%s at byte %zu",
		    rc == TEXT_EUTF8 ? "invalid UTF-8" :
		                       "NUL or control character", bad);
		goto fail;
	}

	B.doc = d;
	B.u = u;
	B.n16 = n16;
	rc = open_breaker(&B.tls->word, UBRK_WORD, u, n16, err);
	if (rc != TEXT_OK)
		goto fail;
	rc = open_breaker(&B.tls->sent, UBRK_SENTENCE, u, n16, err);
	if (rc != TEXT_OK)
		goto fail;
	B.ends = B.tls->ends;
	B.n_ends = n_ends;
	B.wbi = B.tls->word;
	B.sbi = B.tls->sent;
	rc = TEXT_ENOMEM;
	/* Matching forms are rarely longer than the text (NFKC expansions of
	 * presentation forms are the exception): one allocation, usually. */
	if (!text__buf_reserve(&B.strs, len + 64))
		goto fail;
	coal_mem_hint_big(B.strs.p, B.strs.cap);
	/* Arabic news runs about ten bytes per token: reserve once rather than
	 * copy a growing array (whose pages are the main cost on 5 MB). */
	B.cap_tok = len / 6 + 64;
	d->tok = malloc(B.cap_tok * sizeof(text_token));
	B.norm_off = malloc(B.cap_tok * sizeof(uint32_t));
	if (d->tok == NULL || B.norm_off == NULL)
		goto fail;
	coal_mem_hint_big(d->tok, B.cap_tok * sizeof(text_token));
	coal_mem_hint_big(B.norm_off, B.cap_tok * sizeof(uint32_t));
	text__chrome_init(&ch, lex, B.tls, has_arabic, n_lines >= 3);
	ch_init = true;
	B.ch = &ch;

	const int32_t *brk = B.tls->brk; /* LF and CR, in order */
	size_t bi = 0;
	for (int32_t ls = 0; ls < n16;) {
		while (bi < n_brk && brk[bi] < ls)
			bi++; /* the LF of a CRLF just passed */
		int32_t le = bi < n_brk ? brk[bi] : n16;
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
			if (!push_chrome(&B, a, b))
				goto fail;
			continue;
		}
		if (!emit_line(&B, a, b))
			goto fail;
	}

	/* Documents live in the store: give back what the estimates
	 * reserved (shrinking never moves a mmapped block's pages, and
	 * failing to shrink is harmless). */
	if (d->n_tok > 0 && d->n_tok < B.cap_tok) {
		text_token *t = realloc(d->tok, d->n_tok * sizeof(*t));
		if (t != NULL)
			d->tok = t;
	}
	if (B.strs.len > 0 && B.strs.len < B.strs.cap) {
		char *sp = realloc(B.strs.p, B.strs.len);
		if (sp != NULL)
			B.strs.p = sp;
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
	free(B.norm_off);
	free(u);
	*out = d;
	return TEXT_OK;

fail:
	if (rc == TEXT_ENOMEM && err->reason[0] == '\0')
		snprintf(err->reason, sizeof(err->reason), "out of memory");
	err->code = rc;
	if (ch_init)
		text__chrome_fini(&ch);
	free(B.norm_off);
	free(B.strs.p);
	free(u);
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
