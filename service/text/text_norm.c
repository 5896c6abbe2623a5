/* text_norm.c: the matching form of Arabic text, clitic analysis and
 * stemming. The matching form is what every recogniser compares: it must
 * be the same for a gazetteer key and for the token in an article however
 * the outlet typed it (presentation forms, harakat, tatweel, hamza spellings,
 * Persian keyboards, Arabic-Indic digits). It never reorders anything: bidi
 * controls are dropped, not applied. */
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "coalition_hash.h"
#include "text_impl.h"

/* ---- growable buffer ---- */

bool text__buf_grow(text__buf *b, size_t extra)
{
	if (b->cap - b->len >= extra)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap - b->len < extra) {
		if (cap > SIZE_MAX / 2)
			return false;
		cap *= 2;
	}
	char *p = realloc(b->p, cap);
	if (p == NULL)
		return false;
	b->p = p;
	b->cap = cap;
	return true;
}

bool text__buf_put(text__buf *b, const void *s, size_t n)
{
	if (!text__buf_reserve(b, n))
		return false;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	return true;
}

/* ---- per-thread state ---- */

static pthread_key_t tls_key;
static pthread_once_t tls_once = PTHREAD_ONCE_INIT;
static _Thread_local text__tls *tls_cur;

static void tls_free(void *p)
{
	text__tls *t = p;
	if (t == NULL)
		return;
	if (t->word)
		ubrk_close(t->word);
	if (t->sent)
		ubrk_close(t->sent);
	if (t->stemmer)
		sb_stemmer_delete(t->stemmer);
	free(t->scratch);
	free(t->brk);
	free(t->ends);
	free(t);
}

/* Allocator settings for every process that builds documents (coalitiond
 * and bench_pipeline alike: applied once, the first time any thread needs
 * the text layer). Each text_doc_create allocates buffers proportional to
 * the text (UTF-16 copy, tokens, matching forms, then extract's and
 * entity's per-token arrays). Above glibc's mmap threshold (128 KiB at
 * first) each one was a fresh mmap, unmapped at free and page-faulted in
 * again for the next document, and freed heap tops were trimmed the same
 * way: 62,765 page faults for bench_pipeline --mb 5 --reps 3, against
 * 18,944 with the thresholds below (bench/README.md). Texts are capped at
 * LIMIT_TEXT_MAX_BYTES (8 MiB), so 32 MiB (the largest mmap threshold glibc
 * accepts on 64-bit) keeps every per-document buffer in the heap; the trim
 * threshold keeps that much free heap top for the next document. A failed
 * mallopt leaves glibc's defaults: slower, never wrong. */
#define TEXT__MMAP_THRESHOLD_BYTES (32 * 1024 * 1024)
#define TEXT__TRIM_THRESHOLD_BYTES (64 * 1024 * 1024)

static void tls_key_create(void)
{
	(void)mallopt(M_MMAP_THRESHOLD, TEXT__MMAP_THRESHOLD_BYTES);
	(void)mallopt(M_TRIM_THRESHOLD, TEXT__TRIM_THRESHOLD_BYTES);
	/* The destructor frees a worker thread's iterators when it exits. */
	(void)pthread_key_create(&tls_key, tls_free);
}

text__tls *text__tls_get(void)
{
	if (tls_cur != NULL)
		return tls_cur;
	pthread_once(&tls_once, tls_key_create);
	text__tls *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	if (pthread_setspecific(tls_key, t) != 0) {
		free(t);
		return NULL;
	}
	tls_cur = t;
	return t;
}

/* ---- code point classes ---- */

bool text__is_arabic_letter(uint32_t c)
{
	if (c < 0x0600)
		return false;
	if ((c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) ||
	    c == 0x06D5 || (c >= 0x06EE && c <= 0x06EF) ||
	    (c >= 0x06FA && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
	    (c >= 0x08A0 && c <= 0x08C9))
		return true;
	/* presentation forms A and B (letters and ligatures) */
	return (c >= 0xFB50 && c <= 0xFDFF && u_isalpha((UChar32)c)) ||
	    (c >= 0xFE70 && c <= 0xFEFC);
}

bool text__is_latin_letter(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	if (c < 0xC0)
		return false;
	return u_isalpha((UChar32)c) &&
	    u_getIntPropertyValue((UChar32)c, UCHAR_SCRIPT) == USCRIPT_LATIN;
}

unsigned text__class_slow(uint32_t c)
{
	UChar32 u = (UChar32)c;
	if (text__is_space(c) || text__is_invisible(c))
		return TEXT__CL_BLANK;
	if (u_isdigit(u))
		return TEXT__CL_DIGIT;
	if (c == 0x0640)
		return TEXT__CL_MARK;
	if (u_isalpha(u)) {
		if (text__is_arabic_letter(c))
			return TEXT__CL_LETTER | TEXT__CL_ARABIC;
		if (text__is_latin_letter(c))
			return TEXT__CL_LETTER | TEXT__CL_LATIN;
		return TEXT__CL_LETTER;
	}
	if (U_GET_GC_MASK(u) & U_GC_M_MASK)
		return TEXT__CL_MARK;
	return 0;
}

/* ---- the matching form ---- */

/* Code units whose NFKC form is themselves whatever surrounds them (for our
 * purpose: any reordering among harakat is irrelevant because harakat are
 * removed). Letters that take part in canonical composition with U+0653..
 * U+0655 (alef, waw, yeh, heh goal, yeh barree) are stable only when no such
 * mark follows, so the marks themselves send the token to ICU. */
static inline bool nfkc_fast(UChar u)
{
	if (u < 0x80)
		return true;
	if (u >= 0x0600 && u <= 0x06FF)
		return !(u >= 0x0653 && u <= 0x0655) && u != 0x0675 &&
		    u != 0x0676 && u != 0x0677 && u != 0x0678;
	return (u >= 0x200B && u <= 0x200F) || (u >= 0x202A && u <= 0x202E) ||
	    (u >= 0x2066 && u <= 0x2069) || u == 0xFEFF || u == 0x201C ||
	    u == 0x201D || u == 0x00AB || u == 0x00BB || u == 0x2018 ||
	    u == 0x2019;
}

/* Maps one code point (already NFKC) to its matching form. Returns the
 * replacement, or 0 to drop it. */
static inline uint32_t norm_map(uint32_t c)
{
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return c + 32;
		return c;
	}
	if (c >= 0x0600 && c <= 0x06FF) {
		if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640)
			return 0; /* tashkeel, superscript alef, tatweel */
		if (c >= 0x0660 && c <= 0x0669)
			return '0' + (c - 0x0660);
		if (c >= 0x06F0 && c <= 0x06F9)
			return '0' + (c - 0x06F0);
		switch (c) {
		case 0x0622: case 0x0623: case 0x0625: case 0x0671:
		case 0x0672: case 0x0673:
			return 0x0627; /* alef forms: outlets disagree on hamza */
		case 0x0649: case 0x06CC: case 0x06D2: case 0x06D3:
			return 0x064A; /* alef maksura, Persian/Urdu yeh */
		case 0x0629: case 0x06C0: case 0x06C1: case 0x06C3:
		case 0x06D5: case 0x06BE:
			/* Teh marbuta is only written word-finally, where many
			 * writers type heh; mapped everywhere so that a word
			 * glued to the next ("...ةأبرز") still matches. */
			return 0x0647;
		case 0x06A9: return 0x0643; /* Persian kaf */
		case 0x060C: return ',';
		case 0x061B: return ';';
		case 0x061F: return '?';
		case 0x066A: return '%';
		case 0x066B: return '.'; /* Arabic decimal separator */
		case 0x066C: return ','; /* Arabic thousands separator */
		case 0x06D4: return '.'; /* Urdu full stop */
		case 0x061C: return 0;
		default: return c;
		}
	}
	if (text__is_invisible(c))
		return 0;
	switch (c) {
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB:
	case 0x00BB: case 0x2039: case 0x203A: case 0x2033: case 0x301D:
	case 0x301E: case 0x301F:
		return '"';
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
		return '\''; /* single quotes double as apostrophes in Latin */
	default:
		break;
	}
	return (uint32_t)u_tolower((UChar32)c);
}

static inline size_t utf8_put(char *p, uint32_t c)
{
	if (c < 0x80) {
		p[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = (char)(0xC0 | (c >> 6));
		p[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		p[0] = (char)(0xE0 | (c >> 12));
		p[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		p[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	p[0] = (char)(0xF0 | (c >> 18));
	p[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	p[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	p[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* norm_map of U+0621..U+064A (U+0640, tatweel, never reaches it): alef
 * forms -> alef, teh marbuta -> heh, alef maksura -> yeh, the rest as is.
 * test_text.c checks it against text_normalize letter by letter. */
#define LETTER_MAP(c) \
	((c) == 0x0622 || (c) == 0x0623 || (c) == 0x0625 ? 0x0627 : \
	 (c) == 0x0629 ? 0x0647 : (c) == 0x0649 ? 0x064A : (c))
#define LM4(c) LETTER_MAP(c), LETTER_MAP((c) + 1), LETTER_MAP((c) + 2), \
	LETTER_MAP((c) + 3)
static const uint16_t letter_map[0x064B - 0x0621] = {
	LM4(0x0621), LM4(0x0625), LM4(0x0629), LM4(0x062D), LM4(0x0631),
	LM4(0x0635), LM4(0x0639), LM4(0x063D), LM4(0x0641), LM4(0x0645),
	LETTER_MAP(0x0649), LETTER_MAP(0x064A),
};

void text__norm_letters(const UChar *u, int32_t n, char *out)
{
	for (int32_t i = 0; i < n; i++) {
		uint32_t d = letter_map[u[i] - 0x0621];
		out[2 * i] = (char)(0xC0 | (d >> 6));
		out[2 * i + 1] = (char)(0x80 | (d & 0x3F));
	}
	out[2 * n] = '\0';
}

static const UChar *nfkc(text__tls *tls, const UChar *s, int32_t n, int32_t *out_n)
{
	int32_t i = 0;
	while (i < n && nfkc_fast(s[i]))
		i++;
	if (i == n) {
		*out_n = n;
		return s;
	}
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nf = unorm2_getNFKCInstance(&st);
	if (U_FAILURE(st))
		return NULL;
	for (int pass = 0; pass < 2; pass++) {
		st = U_ZERO_ERROR;
		int32_t got = unorm2_normalize(nf, s, n, tls->scratch,
		    tls->scratch_cap, &st);
		if (U_SUCCESS(st) && got <= tls->scratch_cap) {
			*out_n = got;
			return tls->scratch;
		}
		if (st != U_BUFFER_OVERFLOW_ERROR &&
		    st != U_STRING_NOT_TERMINATED_WARNING)
			return NULL;
		int32_t cap = got + 16;
		UChar *p = realloc(tls->scratch, (size_t)cap * sizeof(UChar));
		if (p == NULL)
			return NULL;
		tls->scratch = p;
		tls->scratch_cap = cap;
	}
	return NULL;
}

/* Maps u[0..m) to matching-form UTF-8 at out's end (room reserved by the
 * caller). With check, u is raw input: stops and returns false at the first
 * unit NFKC could change, so that the caller normalises with ICU and runs
 * again; the common all-Arabic-and-ASCII token never reaches ICU. */
static inline bool map_units(const UChar *u, int32_t m, unsigned mode,
    text__buf *out, bool check)
{
	char *p = out->p + out->len;
	char *start = p;
	bool pending_space = false;
	for (int32_t i = 0; i < m;) {
		UChar32 c = u[i++];
		/* Arabic letters but tatweel, most of a text: letter_map (NFKC
		 * leaves them alone; a mark after one sends the token to ICU
		 * below). */
		if ((uint32_t)c - 0x0621u < 0x064Bu - 0x0621u && c != 0x0640) {
			if (pending_space) {
				*p++ = ' ';
				pending_space = false;
			}
			uint32_t d = letter_map[c - 0x0621];
			*p++ = (char)(0xC0 | (d >> 6));
			*p++ = (char)(0x80 | (d & 0x3F));
			continue;
		}
		if (c == ' ') { /* what the general path below does for it */
			if (mode & (TEXT__NORM_SPACES | TEXT__NORM_KEY))
				pending_space = p != start;
			continue;
		}
		if (check && !nfkc_fast((UChar)c))
			return false;
		if (U16_IS_LEAD(c) && i < m && U16_IS_TRAIL(u[i]))
			c = U16_GET_SUPPLEMENTARY(c, u[i++]);
		uint32_t d = norm_map((uint32_t)c);
		if (d == 0)
			continue;
		if (text__is_space(d) ||
		    ((mode & TEXT__NORM_KEY) &&
		        !(text__class(d) & (TEXT__CL_LETTER | TEXT__CL_DIGIT)))) {
			if (mode & (TEXT__NORM_SPACES | TEXT__NORM_KEY))
				pending_space = p != start;
			continue;
		}
		if (pending_space) {
			*p++ = ' ';
			pending_space = false;
		}
		p += utf8_put(p, d);
	}
	*p = '\0';
	out->len += (size_t)(p - start);
	return true;
}

bool text__norm_u16(text__tls *tls, const UChar *s, int32_t n, unsigned mode,
    text__buf *out)
{
	/* Worst case 3 UTF-8 bytes per UTF-16 unit, plus a NUL. */
	if (!text__buf_reserve(out, (size_t)n * 3 + 1))
		return false;
	if (map_units(s, n, mode, out, true))
		return true;
	int32_t m;
	const UChar *u = nfkc(tls, s, n, &m);
	if (u == NULL || !text__buf_reserve(out, (size_t)m * 3 + 1))
		return false;
	return map_units(u, m, mode, out, false);
}

char *text_normalize(const char *s, size_t len, size_t *out_len)
{
	if (s == NULL && len > 0)
		return NULL;
	/* Controls are fine here (this is not an article); bad UTF-8 is not. */
	if (len > 0 && text__utf8_scan(s, len, true, NULL) != TEXT_OK)
		return NULL;
	if (len > (size_t)INT32_MAX / 2)
		return NULL;
	text__tls *tls = text__tls_get();
	if (tls == NULL)
		return NULL;
	UChar stackbuf[256];
	UChar *u = stackbuf;
	int32_t cap = (int32_t)(sizeof(stackbuf) / sizeof(stackbuf[0]));
	if (len + 1 > (size_t)cap) {
		cap = (int32_t)len + 1;
		u = malloc((size_t)cap * sizeof(UChar));
		if (u == NULL)
			return NULL;
	}
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0;
	u_strFromUTF8(u, cap, &n, s ? s : "", (int32_t)len, &st);
	text__buf out = {0};
	char *res = NULL;
	if (U_FAILURE(st))
		goto done;
	if (!text__norm_u16(tls, u, n, TEXT__NORM_SPACES, &out))
		goto done;
	/* no trailing space: norm_u16 writes one only before a character */
	res = out.p;
	out.p = NULL;
	if (out_len)
		*out_len = out.len;
done:
	free(out.p);
	if (u != stackbuf)
		free(u);
	return res;
}

/* ---- clitics ---- */

/* UTF-8 of the letters involved (two bytes each). */
#define AR_WAW "\xD9\x88"
#define AR_FEH "\xD9\x81"
#define AR_BEH "\xD8\xA8"
#define AR_KAF "\xD9\x83"
#define AR_LAM "\xD9\x84"
#define AR_ALEF "\xD8\xA7"

static inline bool at(const char *s, size_t len, size_t i, const char *letter)
{
	return i + 2 <= len && s[i] == letter[0] && s[i + 1] == letter[1];
}

/* Does s[0..len) hold at least min letters (characters)? Stops counting
 * at min: only the threshold matters, and words are walked many times. */
static bool has_letters(const char *s, size_t len, size_t min)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n < min; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n >= min;
}

static void add_off(size_t *offs, size_t *n, size_t max, size_t off)
{
	for (size_t i = 0; i < *n; i++)
		if (offs[i] == off)
			return;
	if (*n < max)
		offs[(*n)++] = off;
}

/* Proclitics in order: conjunction (و ف), preposition (ب ك ل), article
 * (ال; after ل it is written ل alone: لل). Every combination that matches
 * and leaves min_letters letters yields an offset. */
static size_t clitic_offsets(const char *s, size_t len, size_t *offs, size_t max,
    size_t min_letters, size_t *article_off, size_t hamza_at)
{
	size_t n = 0;
	if (max == 0)
		return 0;
	offs[n++] = 0;
	if (article_off)
		*article_off = 0;
	size_t w_opts[2] = {0, 0};
	size_t nw = 1;
	if (at(s, len, 0, AR_WAW) || at(s, len, 0, AR_FEH))
		w_opts[nw++] = 2;
	for (size_t wi = 0; wi < nw; wi++) {
		size_t w = w_opts[wi];
		size_t p_opts[2] = {w, w};
		size_t np = 1;
		bool lam = at(s, len, w, AR_LAM);
		if (at(s, len, w, AR_BEH) || at(s, len, w, AR_KAF) || lam)
			p_opts[np++] = w + 2;
		for (size_t pi = 0; pi < np; pi++) {
			size_t p = p_opts[pi];
			if (p > 0 && has_letters(s + p, len - p, min_letters))
				add_off(offs, &n, max, p);
			size_t a = 0;
			if (at(s, len, p, AR_ALEF) && at(s, len, p + 2, AR_LAM) &&
			    p != hamza_at)
				a = p + 4;
			else if (pi == 1 && lam && at(s, len, p, AR_LAM))
				a = p + 2; /* لل = ل + ال */
			if (a && has_letters(s + a, len - a, min_letters)) {
				add_off(offs, &n, max, a);
				if (article_off && a > *article_off)
					*article_off = a;
			}
		}
	}
	for (size_t i = 1; i < n; i++) /* a handful: insertion sort */
		for (size_t k = i; k > 0 && offs[k - 1] > offs[k]; k--) {
			size_t t = offs[k];
			offs[k] = offs[k - 1];
			offs[k - 1] = t;
		}
	return n;
}

size_t text_clitic_offsets(const char *norm, size_t len, size_t *offsets, size_t max)
{
	if (norm == NULL || offsets == NULL)
		return 0;
	return clitic_offsets(norm, len, offsets, max, 2, NULL, SIZE_MAX);
}

uint8_t text__clitic_mask(const char *s, size_t len)
{
	/* clitic_offsets with min_letters 2 and no hamza, without its list
	 * bookkeeping: it runs for every token. */
	unsigned m = 1; /* offset 0 */
	bool conj = at(s, len, 0, AR_WAW) || at(s, len, 0, AR_FEH);
	if (!conj && !at(s, len, 0, AR_BEH) && !at(s, len, 0, AR_KAF) &&
	    !at(s, len, 0, AR_LAM) && !at(s, len, 0, AR_ALEF))
		return (uint8_t)m; /* most words */
	for (size_t w = 0; w <= (conj ? 2u : 0u); w += 2) {
		bool lam = at(s, len, w, AR_LAM);
		bool prep = lam || at(s, len, w, AR_BEH) || at(s, len, w, AR_KAF);
		for (size_t p = w; p <= (prep ? w + 2 : w); p += 2) {
			if (p > 0 && has_letters(s + p, len - p, 2))
				m |= 1u << (p / 2);
			size_t a = 0;
			if (at(s, len, p, AR_ALEF) && at(s, len, p + 2, AR_LAM))
				a = p + 4;
			else if (p > w && lam && at(s, len, p, AR_LAM))
				a = p + 2; /* لل = ل + ال */
			if (a && has_letters(s + a, len - a, 2))
				m |= 1u << (a / 2);
		}
	}
	/* offsets are at most 8: two letters of conjunction and preposition,
	 * then the article */
	return (uint8_t)m;
}

size_t text_token_clitic_offsets(const text_token *t, size_t *offsets, size_t max)
{
	static const uint8_t bits4[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
	unsigned m = t->clitics;
	/* Fewer slots than offsets: text_clitic_offsets decides which to keep. */
	if (m == 0 || offsets == NULL || (size_t)(bits4[m & 15] + bits4[m >> 4]) > max)
		return text_clitic_offsets(t->norm, t->norm_len, offsets, max);
	size_t n = 0;
	for (; m != 0; m &= m - 1)
		offsets[n++] = 2 * (size_t)__builtin_ctz(m);
	return n;
}

/* Common words that begin with a letter that is also a proclitic (و ف ب ك
 * ل) and that the bare-form guess must not cut: places and actors frequent
 * in coalition news, and frequent nouns and verbs. Matching form, hashed at
 * first use. */
static const char *const keep_words[] = {
	"واشنطن", "وارسو", "وزاره", "وزارات", "وزير", "وزيره", "وزراء",
	"ولايه", "ولايات", "وكاله", "وكالات", "وسائل", "وحدات", "وحده",
	"وصول", "وثائق", "وطني", "وطنيه", "واضح", "واضحه", "وفاه", "وقوع",
	"ويليام", "والتر", "وليد", "ولي", "واقع", "واجب", "وجود", "وفود",
	"واسع", "واسعه", "وتيره", "وزاري", "وزاريه", "وثيقه", "وحشي", "وحشيه",
	"لوجستي", "لوجستيه", "لافت", "لافته", "لهيب", "لاجئ", "لاجئين",
	"بلادهم", "بلادها", "بلدانهم", "بلدانها", "بلدات",
	"لبنان", "ليبيا", "لندن", "لاهاي", "لوكسمبورغ", "ليتوانيا", "لاتفيا",
	"لجنه", "لقاء", "لقاءات", "لواء", "لوزان", "ليلي", "ليله", "لافروف",
	"بغداد", "بريطانيا", "بلجيكا", "باريس", "برلين", "بيروت", "بروكسل",
	"بلغاريا", "بولندا", "بنغلادش", "باكستان", "بوتين",
	"بومبيو", "باراك", "بشار", "بلدان", "بلاد", "بينما", "بيانات",
	"برنامج", "بريت", "بريطاني", "بريطانيه", "بعقوبه", "بيجي", "بايدن",
	"فرنسا", "فلسطين", "فنلندا", "فيتنام", "فنزويلا", "فرنسي", "فرنسيه",
	"فلوجه", "فصائل", "فريق", "فرقه", "فيلق", "فلاديمير", "فيصل",
	"كوبنهاغن", "كركوك", "كابول", "كندا", "كارتر", "كانوا", "كانت",
	"كوريا", "كولومبيا", "كرواتيا", "كوسوفو", "كينيا", "كلينتون",
	"كتائب", "كتيبه", "كيلومتر", "كيلومترات", "كميات", "كلمه",
};
#define KEEP_N (sizeof(keep_words) / sizeof(keep_words[0]))
#define KEEP_SLOTS 512 /* power of two, well above 2 * KEEP_N */
static uint16_t keep_slot[KEEP_SLOTS]; /* index + 1, 0 = empty */
static size_t keep_len[KEEP_N];
/* Filter in front of keep_slot, asked for most Arabic words: bit
 * keep_sig(w) is set for every keep word, from its length and first two
 * letters; most words (all those with an article) miss it and skip the
 * hashing of the whole word. */
#define KEEP_SIG_LOG2 10
static uint64_t keep_bits[(1u << KEEP_SIG_LOG2) / 64];
static pthread_once_t keep_once = PTHREAD_ONCE_INIT;

static uint32_t hash_bytes(const char *s, size_t n)
{
	return (uint32_t)coal_hash64(s, n);
}

/* Words shorter than 4 bytes all share bit 0. */
static inline uint32_t keep_sig(const char *s, size_t len)
{
	if (len < 4)
		return 0;
	uint32_t head;
	memcpy(&head, s, 4);
	uint64_t h = (head ^ ((uint64_t)len << 32)) * 0x9E3779B97F4A7C15ull;
	return (uint32_t)(h >> (64 - KEEP_SIG_LOG2));
}

static void keep_build(void)
{
	for (size_t i = 0; i < KEEP_N; i++) {
		keep_len[i] = strlen(keep_words[i]);
		uint32_t sig = keep_sig(keep_words[i], keep_len[i]);
		keep_bits[sig / 64] |= (uint64_t)1 << (sig % 64);
		uint32_t h = hash_bytes(keep_words[i], keep_len[i]) & (KEEP_SLOTS - 1);
		while (keep_slot[h])
			h = (h + 1) & (KEEP_SLOTS - 1);
		keep_slot[h] = (uint16_t)(i + 1);
	}
}

static bool keep_word(const char *s, size_t len)
{
	uint32_t sig = keep_sig(s, len);
	if (!((keep_bits[sig / 64] >> (sig % 64)) & 1u))
		return false;
	uint32_t h = hash_bytes(s, len) & (KEEP_SLOTS - 1);
	for (; keep_slot[h]; h = (h + 1) & (KEEP_SLOTS - 1)) {
		size_t i = keep_slot[h] - 1u;
		if (keep_len[i] == len && memcmp(keep_words[i], s, len) == 0)
			return true;
	}
	return false;
}

/* Characters in s[0..len) (valid UTF-8: a matching form), counted up to
 * cap. */
static inline size_t count_chars(const char *s, size_t len, size_t cap)
{
	if (cap <= len / 4)
		return cap; /* no character is longer than four bytes */
	size_t n = 0;
	for (size_t i = 0; i < len && n < cap; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* The roles of the letters U+0600..U+067F in a proclitic, by code point
 * - U+0600: one table load instead of a chain of two-byte compares (the
 * clitic walk asks for every Arabic word). */
#define PC_CONJ 0x1u /* و ف */
#define PC_PREP 0x2u /* ب ك ل */
#define PC_LAM 0x4u
#define PC_ALEF 0x8u
static const uint8_t pc_class[0x80] = {
	[0x48] = PC_CONJ, [0x41] = PC_CONJ, [0x28] = PC_PREP, [0x43] = PC_PREP,
	[0x44] = PC_PREP | PC_LAM, [0x27] = PC_ALEF,
};

/* PC_* of the letter at byte i of s[0..len) (0 for anything else). */
static inline unsigned pc_at(const char *s, size_t len, size_t i)
{
	if (i + 2 > len)
		return 0;
	unsigned b0 = (unsigned char)s[i], b1 = (unsigned char)s[i + 1];
	if ((b0 & 0xFEu) != 0xD8u || (b1 & 0xC0u) != 0x80u)
		return 0;
	return pc_class[((b0 & 1u) << 6) | (b1 & 0x3Fu)];
}

void text__word_clitics(const char *norm, size_t len, size_t hamza_at,
    uint8_t *mask, size_t *bare)
{
	const char *s = norm;
	*mask = 1; /* offset 0 */
	*bare = 0;
	/* Only words starting with و ف ب ك ل or ا can carry a proclitic. */
	unsigned c0 = pc_at(s, len, 0);
	if (c0 == 0)
		return; /* most words */
	/* The walk of clitic_offsets, once for both thresholds: m2 is
	 * text__clitic_mask (two letters left, hamza ignored), m3 the
	 * offsets clitic_offsets gives the bare-form guess (three letters
	 * left, no article at hamza_at), article its article_off. */
	unsigned m2 = 1, m3 = 1;
	size_t article = 0;
	for (size_t w = 0; w <= ((c0 & PC_CONJ) ? 2u : 0u); w += 2) {
		unsigned cw = w ? pc_at(s, len, w) : c0;
		bool lam = cw & PC_LAM;
		for (size_t p = w; p <= ((cw & PC_PREP) ? w + 2 : w); p += 2) {
			if (p > 0) {
				size_t n = count_chars(s + p, len - p, 3);
				m2 |= (unsigned)(n >= 2) << (p / 2);
				m3 |= (unsigned)(n >= 3) << (p / 2);
			}
			unsigned cp = p == w ? cw : pc_at(s, len, p);
			size_t a = 0;
			bool hamza = false;
			if ((cp & PC_ALEF) && (pc_at(s, len, p + 2) & PC_LAM)) {
				a = p + 4;
				hamza = p == hamza_at;
			} else if (p > w && lam && (cp & PC_LAM)) {
				a = p + 2; /* لل = ل + ال */
			}
			if (a) {
				size_t n = count_chars(s + a, len - a, 3);
				m2 |= (unsigned)(n >= 2) << (a / 2);
				if (n >= 3 && !hamza) {
					m3 |= 1u << (a / 2);
					if (a > article)
						article = a;
				}
			}
		}
	}
	*mask = (uint8_t)m2;
	if (len < 6 || m3 == 1)
		return;
	pthread_once(&keep_once, keep_build);
	if (keep_word(norm, len))
		return;
	/* An article (with whatever precedes it) is the surest clitic. */
	if (article) {
		*bare = article;
		return;
	}
	/* Without one, strip single letters one at a time while enough
	 * letters remain and the rest is not a known word that happens to
	 * start with a clitic letter ("بواشنطن" -> "واشنطن", "لبنان" stays).
	 * How much must remain depends on the letter, from how often it is a
	 * root letter in news text: و and ل are mostly clitics; ب often starts
	 * a word (بين, بداية, بلدات); ف and ك alone mostly do (فبراير, كبيرة),
	 * so they are never stripped without an article. */
	size_t best = 0;
	for (unsigned m = m3 & ~1u; m != 0; m &= m - 1) {
		size_t o = 2 * (size_t)__builtin_ctz(m);
		if (o != best + 2)
			break;
		size_t need = at(norm, len, best, AR_WAW) || at(norm, len, best, AR_LAM) ?
		    4 : at(norm, len, best, AR_BEH) ? 5 : SIZE_MAX;
		if (count_chars(norm + o, len - o, need) < need)
			break;
		best = o;
		if (keep_word(norm + o, len - o))
			break;
	}
	*bare = best;
}

/* ---- stemming ---- */

size_t text_stem(const char *norm, size_t len, char *out, size_t cap)
{
	if (norm == NULL || out == NULL || cap == 0 || len > INT32_MAX)
		return 0;
	text__tls *tls = text__tls_get();
	if (tls == NULL)
		return 0;
	if (tls->stemmer == NULL) {
		if (tls->stemmer_failed)
			return 0;
		tls->stemmer = sb_stemmer_new("arabic", "UTF_8");
		if (tls->stemmer == NULL) {
			tls->stemmer_failed = true;
			return 0;
		}
	}
	const sb_symbol *r =
	    sb_stemmer_stem(tls->stemmer, (const sb_symbol *)norm, (int)len);
	if (r == NULL)
		return 0;
	int n = sb_stemmer_length(tls->stemmer);
	if (n < 0 || (size_t)n + 1 > cap)
		return 0;
	memcpy(out, r, (size_t)n);
	out[n] = '\0';
	return (size_t)n;
}
