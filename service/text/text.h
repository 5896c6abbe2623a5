/* text: the Arabic text layer, over ICU. It validates UTF-8, keeps the
 * original bytes, drops page chrome, splits sentences and words with ICU
 * BreakIterator, and gives every token a "matching form" (normalised) plus a
 * clitic-stripped form, each tied to exact byte spans of the original text.
 * It knows nothing about facts, numbers or sockets; all ICU calls stay here.
 *
 * Matching form (text_normalize): NFKC (folds presentation forms
 * U+FB50..U+FEFF), tashkeel (U+064B..U+065F, U+0670) and tatweel (U+0640)
 * removed, alef forms (U+0623 U+0625 U+0622 U+0671) -> U+0627, U+0649 -> U+064A,
 * U+0629 -> U+0647 at word end, U+06CC -> U+064A, U+06A9 -> U+0643,
 * Arabic-Indic and Persian digits -> ASCII, U+066B -> '.', U+066C -> ',',
 * U+060C -> ',', U+061B -> ';', U+061F -> '?', U+066A -> '%', typographic
 * quotes and guillemets -> '"', bidi/invisible controls (U+200B..U+200F,
 * U+061C, U+202A..U+202E, U+2066..U+2069, U+FEFF) removed, Latin lower-cased.
 * Details: U+0629 is mapped wherever it stands (it is only written
 * word-finally, so this differs only for glued words such as "...ةأبرز");
 * also U+0672 U+0673 -> U+0627, U+06D2 U+06D3 -> U+064A, U+06C0 U+06C1
 * U+06C3 U+06D5 U+06BE -> U+0647, U+06D4 -> '.', U+2060..U+2064 and U+00AD
 * removed; single typographic quotes (U+2018 U+2019 U+201A U+201B) -> '\''
 * because Latin text uses them as apostrophes; other letters are lower-cased
 * with u_tolower. Nothing is ever reordered.
 */
#ifndef TEXT_TEXT_H
#define TEXT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Half-open byte range [start, end) into the original UTF-8 text. */
typedef struct {
	uint32_t start;
	uint32_t end;
} text_span;

typedef enum {
	TEXT_OK = 0,
	TEXT_EUTF8,    /* invalid UTF-8 at error.offset */
	TEXT_ECONTROL, /* NUL or C0 control other than TAB/LF/CR at error.offset */
	TEXT_ETOOBIG,  /* longer than the caller's limit */
	TEXT_ENOMEM,
	TEXT_EICU,     /* an ICU call failed (reason says which) */
	TEXT_EDATA,    /* a lexicon file is missing or malformed (reason says where) */
} text_err;

typedef struct {
	text_err code;
	size_t offset;      /* byte offset for TEXT_EUTF8 / TEXT_ECONTROL */
	char reason[160];   /* human-readable, no raw input bytes */
} text_error;

/* Strict UTF-8 check (RFC 3629: no overlongs, no surrogates, nothing past
 * U+10FFFF, no truncated sequence) that also refuses NUL and C0 controls
 * except TAB, LF and CR. Returns TEXT_OK, or TEXT_EUTF8 / TEXT_ECONTROL with
 * *bad_offset set to the first offending byte: for an ill-formed sequence,
 * its lead byte (C0 AF -> the C0; a truncated E2 82 -> the E2; a lone
 * continuation byte -> itself). DEL (0x7F) and C1 controls are accepted.
 * bad_offset may be NULL. */
text_err text_utf8_check(const char *s, size_t len, size_t *bad_offset);

/* Lexicons the text layer needs (the page-chrome lexicon), loaded once from a
 * directory (corpus/lexicon). Immutable after load, shared by all threads.
 * Reads <dir>/chrome.txt (format at its top); a missing or malformed file
 * is TEXT_EDATA with the path (and line) in err->reason. On success *out is
 * new; free it with text_lexicon_destroy when no text_doc_create call is
 * using it (documents do not keep it). */
typedef struct text_lexicon text_lexicon;
text_err text_lexicon_load(const char *dir, text_lexicon **out, text_error *err);
void text_lexicon_destroy(text_lexicon *lex); /* accepts NULL */

/* Tokens are ICU word segments, split where letters meet digits, trimmed
 * of invisible controls; whitespace produces none. A run longer than
 * TEXT_TOKEN_MAX_UNITS UTF-16 units is cut into several tokens. */
#define TEXT_TOKEN_MAX_UNITS 1024

typedef enum {
	TEXT_TOKEN_WORD = 1,   /* letters (Arabic or Latin) */
	TEXT_TOKEN_NUMBER = 2, /* digits, possibly with , . U+066B U+066C inside */
	TEXT_TOKEN_PUNCT = 3,  /* punctuation and symbols (%, quotes, ...) */
} text_token_kind;

/* token flags */
#define TEXT_TOKEN_ARABIC 0x01u /* contains Arabic letters */
#define TEXT_TOKEN_LATIN 0x02u  /* contains Latin letters */

typedef struct {
	text_span span;    /* original bytes of the token */
	const char *norm;  /* matching form, NUL-terminated, owned by the doc */
	const char *bare;  /* norm without clitic prefixes (و ف ب ل ك ال ...);
	                      == norm when there is none; owned by the doc.
	                      Always a suffix of norm (bare == norm + norm_len
	                      - bare_len). A best guess: an article (with what
	                      precedes it) is stripped when 3 letters remain;
	                      without one, و or ل when 4 remain, ب when 5
	                      remain, ف and ك never, and not from a known word
	                      ("لبنان", "واشنطن" stay); "أل" written with a
	                      hamza is no article ("ألمانيا" stays). Matchers
	                      that must not miss use text_clitic_offsets. */
	uint16_t norm_len;
	uint16_t bare_len;
	uint8_t kind;      /* text_token_kind */
	uint8_t flags;     /* TEXT_TOKEN_* */
	uint8_t clitics;   /* text_clitic_offsets of norm, computed once by
	                      text_doc_create (several layers ask for it): bit k
	                      set when 2k is an offset. 0 in a token built by
	                      hand. Read it with text_token_clitic_offsets. */
	uint32_t sentence; /* index of the sentence holding it */
} text_token;

typedef struct {
	text_span span;        /* original bytes, trimmed of surrounding space */
	uint32_t first_token;  /* index into text_doc_tokens() */
	uint32_t n_tokens;
} text_sentence;

/* A segmented document. Immutable after creation; safe to read from many
 * threads. */
typedef struct text_doc text_doc;

/* Validates and segments utf8[0..len). The bytes are copied. lex may be NULL
 * (no chrome stripping beyond the built-in rules). Lines judged to be page
 * chrome produce no sentences. Words that run a letter script into digits
 * ("ال68", "لـ2016") are split into separate tokens at the boundary.
 * Sentences never cross a line end (LF, CR, CRLF): a headline or subheading
 * line is a sentence of its own. Inside a line, ICU's sentence breaks are
 * kept except where no space follows the terminator ("أ.ف.ب."), after
 * a one-letter abbreviation ("د. محمد"), and after ".." "..." U+2026,
 * which Arabic writers use as a pause ("الأخيرة.. 14 ألف غارة").
 * Sentences without tokens are dropped. Built-in chrome rules (besides the
 * lexicon's): lines with no letter or digit; Latin-only lines in a text
 * that has Arabic; breadcrumbs; one- and two-word lines above the headline
 * (the first kept line with Arabic letters) in a text of several lines;
 * short unpunctuated lines repeating the start of the headline, or
 * repeating an earlier kept line. Datelines
 * ("الأربعاء 30/نوفمبر/2016 - 05:25 م") are kept. Texts up to 2 GB - 1.
 * Returns TEXT_OK and *out (free with text_doc_destroy), or an error with
 * err filled in (err may be NULL). */
text_err text_doc_create(const text_lexicon *lex, const char *utf8, size_t len,
    text_doc **out, text_error *err);
void text_doc_destroy(text_doc *doc); /* accepts NULL */

/* The original bytes (borrowed, NUL-terminated, valid while doc lives). */
const char *text_doc_bytes(const text_doc *doc, size_t *len);
const text_sentence *text_doc_sentences(const text_doc *doc, size_t *n);
const text_token *text_doc_tokens(const text_doc *doc, size_t *n);
/* Spans of the lines removed as page chrome, in order (trimmed; also a
 * label ending a kept line, such as the agency end marker "انتهى/خ."). */
const text_span *text_doc_chrome(const text_doc *doc, size_t *n);

/* Matching form of any UTF-8 string (gazetteer keys, search queries).
 * Whitespace runs become one ' ', leading and trailing whitespace is
 * dropped; so a one-word input gives exactly the norm of that token.
 * Returns a new NUL-terminated string (free with free()), or NULL on invalid
 * UTF-8 or out of memory. *out_len may be NULL. Thread-safe. */
char *text_normalize(const char *s, size_t len, size_t *out_len);

/* Clitic analysis of one word in matching form: writes up to max candidate
 * byte offsets at which the word may start once proclitics are removed
 * (offset 0, the word itself, is always first), longest-stripped last, e.g.
 * "وبالموصل" -> {0, 2, 4, 8} (bytes; each of و ب ال's letters is 2 bytes:
 * "وبالموصل", "بالموصل", "الموصل", "موصل"). Proclitics: conjunction و ف,
 * then preposition ب ك ل, then article ال (written ل after ل: "للتحالف" ->
 * {0, 2, 4}). Only splits that leave at least two letters.
 * Returns the number written. */
size_t text_clitic_offsets(const char *norm, size_t len, size_t *offsets, size_t max);

/* The same as text_clitic_offsets(t->norm, t->norm_len, offsets, max), read
 * from t->clitics when text_doc_create filled it in (computed otherwise). */
size_t text_token_clitic_offsets(const text_token *t, size_t *offsets, size_t max);

/* Light stem of a word in matching form via libstemmer's Arabic stemmer.
 * Writes a NUL-terminated stem into out (cap bytes) and returns its length,
 * or 0 if it did not fit. Thread-safe. */
size_t text_stem(const char *norm, size_t len, char *out, size_t cap);

/* Short English name of an error code. */
const char *text_err_str(text_err code);

#endif
