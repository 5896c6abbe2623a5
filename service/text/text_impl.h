/* text_impl.h: what the files of service/text share and nobody else sees.
 * The per-thread ICU state, the growable byte buffer, the UTF-16 normaliser
 * and the page-chrome classifier. Internal names carry the text__ prefix. */
#ifndef TEXT_TEXT_IMPL_H
#define TEXT_TEXT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/utypes.h>

#include "text.h"

/* A growable byte buffer. Strings are appended and later addressed by offset,
 * because the storage moves when it grows. */
typedef struct {
	char *p;
	size_t len;
	size_t cap;
} text__buf;

bool text__buf_grow(text__buf *b, size_t extra); /* the slow path below */
static inline bool text__buf_reserve(text__buf *b, size_t extra)
{
	/* inline: asked once per token, and the room is nearly always there */
	return b->cap - b->len >= extra || text__buf_grow(b, extra);
}
bool text__buf_put(text__buf *b, const void *s, size_t n);

/* Strict UTF-8 scan; with allow_controls false it also refuses NUL and C0
 * controls other than TAB, LF, CR. *bad (may be NULL) gets the offset of the
 * first byte of the offending sequence. */
text_err text__utf8_scan(const char *s, size_t len, bool allow_controls,
    size_t *bad);

/* Per-thread state: ICU break iterators are costly to open and not
 * thread-safe, libstemmer is not thread-safe either, so each thread opens its
 * own lazily and keeps it until the thread ends. */
typedef struct {
	UBreakIterator *word;
	UBreakIterator *sent;
	struct sb_stemmer *stemmer;
	bool stemmer_failed;
	UChar *scratch; /* NFKC output for one token or line */
	int32_t scratch_cap;
	int32_t *brk;   /* text_doc_create: UTF-16 indexes of LF and CR, found
	                   while decoding (kept for the thread's next text) */
	size_t brk_cap;
	int32_t *ends;  /* text_doc_create: UTF-16 indexes of the units that
	                   may end a sentence (text.c may_end), found while
	                   decoding: lines then go to ICU's sentence break
	                   only at these, without scanning every unit again */
	size_t ends_cap;
} text__tls;

/* NULL only when out of memory. */
text__tls *text__tls_get(void);

/* Normalisation modes (bit flags). */
#define TEXT__NORM_SPACES 0x1u /* whitespace runs -> one ' ', trimmed */
#define TEXT__NORM_KEY 0x2u    /* also anything but letters and digits -> ' ' */

/* Appends the matching form of s[0..n) (UTF-16, well-formed) to out as UTF-8.
 * Without TEXT__NORM_SPACES, whitespace is dropped. Returns false on out of
 * memory or an ICU failure. */
bool text__norm_u16(text__tls *tls, const UChar *s, int32_t n, unsigned mode,
    text__buf *out);

/* Writes the matching form of n Arabic letters U+0621..U+064A (no tatweel
 * U+0640) to out (2n bytes and a NUL): every one maps to one two-byte
 * letter, and NFKC leaves letters without marks alone. text__norm_u16 for
 * the commonest token, without its general checks. */
void text__norm_letters(const UChar *u, int32_t n, char *out);

/* The clitic analysis of an Arabic word in one walk: *mask gets
 * text__clitic_mask(norm, len), *bare the best-guess clitic-stripped form,
 * as the byte offset into norm where text_token.bare starts (0: none).
 * hamza_at is the byte offset in norm of an alef that the original wrote
 * with a hamza (SIZE_MAX: none): "أل" there is no article ("ألمانيا",
 * "ألغام"), whatever the matching form lost. */
void text__word_clitics(const char *norm, size_t len, size_t hamza_at,
    uint8_t *mask, size_t *bare);

/* text_clitic_offsets of norm as text_token.clitics holds it (bit k: offset
 * 2k). Every proclitic is a two-byte letter and at most four are stripped,
 * so offsets are even and at most 8. */
uint8_t text__clitic_mask(const char *norm, size_t len);

/* Classes of code points that segmentation and chrome rules care about. */
/* White space, incl. U+00A0 and the typographic spaces. */
static inline bool text__is_space(uint32_t c)
{
	if (c < 0x80)
		return c == 0x20 || (c >= 0x09 && c <= 0x0D);
	return c == 0x85 || c == 0xA0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Zero-width and bidi controls (U+200B..U+200F, U+061C ALM, U+202A..U+202E
 * embeddings, U+2060..U+2064, U+2066..U+2069 isolates, U+FEFF BOM/ZWNBSP,
 * U+00AD soft hyphen). Editors and CMSs sprinkle them into Arabic text;
 * they carry no letters and are dropped, never applied. */
static inline bool text__is_invisible(uint32_t c)
{
	if (c < 0xAD)
		return false;
	return (c >= 0x200B && c <= 0x200F) || c == 0x061C ||
	    (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF || c == 0x00AD;
}
bool text__is_arabic_letter(uint32_t c);
bool text__is_latin_letter(uint32_t c);

/* Character classes for segmentation, with fast paths for ASCII and the
 * Arabic block (most of every article); the rest asks ICU. */
#define TEXT__CL_LETTER 0x01u
#define TEXT__CL_DIGIT 0x02u
#define TEXT__CL_BLANK 0x04u  /* white space or invisible control */
#define TEXT__CL_MARK 0x08u   /* combining mark or tatweel: joins its run */
#define TEXT__CL_ARABIC 0x10u /* with LETTER */
#define TEXT__CL_LATIN 0x20u  /* with LETTER */

unsigned text__class_slow(uint32_t c);

static inline unsigned text__class(uint32_t c)
{
	if (c < 0x80) {
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			return TEXT__CL_LETTER | TEXT__CL_LATIN;
		if (c >= '0' && c <= '9')
			return TEXT__CL_DIGIT;
		if (c == ' ' || (c >= 0x09 && c <= 0x0D))
			return TEXT__CL_BLANK;
		return 0;
	}
	if (c >= 0x0621 && c <= 0x064A)
		return c == 0x0640 ? TEXT__CL_MARK :
		                     TEXT__CL_LETTER | TEXT__CL_ARABIC;
	if ((c >= 0x064B && c <= 0x065F) || c == 0x0670)
		return TEXT__CL_MARK;
	if ((c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9))
		return TEXT__CL_DIGIT;
	return text__class_slow(c);
}

/* Chrome classification of the lines of one document. The caller feeds
 * trimmed lines in order; text__chrome_line says whether each one is page
 * chrome. The state remembers the headline and whether a comments section
 * has started. */
typedef struct {
	const text_lexicon *lex;
	text__tls *tls;
	bool doc_has_arabic;
	bool is_page;       /* several lines: navigation rules apply */
	bool cut;           /* a comments marker was seen: the rest is chrome */
	size_t kept;        /* lines kept so far */
	uint64_t *seen;     /* hash set of keys of short kept lines */
	size_t n_seen, cap_seen;
	bool have_headline;
	text__buf headline; /* chrome key of the headline */
	size_t headline_words;
	text__buf key;      /* scratch */
} text__chrome;

void text__chrome_init(text__chrome *c, const text_lexicon *lex, text__tls *tls,
    bool doc_has_arabic, bool is_page);
void text__chrome_fini(text__chrome *c);
/* s[0..n) is one trimmed, non-empty line (UTF-16). Returns 1 if it is
 * chrome, 0 if not, -1 on out of memory. */
int text__chrome_line(text__chrome *c, const UChar *s, int32_t n);
/* The last sentence of a kept line, when it is only a label such as the
 * agency end marker "انتهى/خ." glued to the final paragraph. Same return
 * values. */
int text__chrome_fragment(text__chrome *c, const UChar *s, int32_t n);

#endif
