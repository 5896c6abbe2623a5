/* text_chrome.c: telling page chrome from article text, line by line.
 * Scraped articles carry the site around them: share and print buttons,
 * "published/updated" labels, photo captions and credits, newsletter
 * prompts, related links, reader comments, and short lines that repeat the
 * start of the headline (anchors). The rules here are generic (scripts,
 * length, repetition of the headline); site phrases live in the lexicon
 * corpus/lexicon/chrome.txt, whose format is documented at its top.
 * Datelines are never chrome: later layers read the publication date. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "text_impl.h"

enum rule_kind {
	RULE_EXACT,    /* the whole line; also stripped from the line start */
	RULE_PREFIX,   /* a short line starting with it */
	RULE_CONTAINS, /* a short line containing it */
	RULE_CUT,      /* a short line starting with it, and all that follows */
	RULE_CREDIT,   /* the line alone, or "(credit)" ending a caption */
};

/* Lines longer than this (UTF-16 units) are article text for every rule
 * but the script rule: chrome is short. */
#define CHROME_MAX_UNITS 400
#define PREFIX_MAX_WORDS 12
#define CONTAINS_MAX_WORDS 20
#define CUT_MAX_WORDS 6
#define CAPTION_MAX_WORDS 40
#define STRIP_MAX_WORDS 3
#define NAV_MAX_WORDS 2
#define CUT_MIN_KEPT 3

typedef struct {
	uint8_t kind;
	uint32_t off; /* into strs while loading */
	uint32_t len;
	uint32_t words;
	const char *key;
} rule;

struct text_lexicon {
	rule *rules;
	size_t n;
	char *strs;
};

void text_lexicon_destroy(text_lexicon *lex)
{
	if (lex == NULL)
		return;
	free(lex->rules);
	free(lex->strs);
	free(lex);
}

static size_t count_words(const char *k, size_t len)
{
	if (len == 0)
		return 0;
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		n += k[i] == ' ';
	return n;
}

/* Chrome key of UTF-16 text: matching form with everything but letters and
 * digits turned into single spaces. */
static bool key_u16(text__tls *tls, const UChar *s, int32_t n, text__buf *out)
{
	out->len = 0;
	return text__norm_u16(tls, s, n, TEXT__NORM_KEY, out);
}

text_err text_lexicon_load(const char *dir, text_lexicon **out, text_error *err)
{
	text_error dummy;
	if (err == NULL)
		err = &dummy;
	memset(err, 0, sizeof(*err));
	text_err rc = TEXT_ENOMEM;
	char path[4096];
	FILE *f = NULL;
	char *line = NULL;
	size_t line_cap = 0;
	UChar *u = NULL;
	text__buf strs = {0}, key = {0};
	text_lexicon *lex = calloc(1, sizeof(*lex));
	size_t cap = 0;
	unsigned lineno = 0;
	text__tls *tls = text__tls_get();
	if (lex == NULL || tls == NULL)
		goto fail;
	int w = snprintf(path, sizeof(path), "%s/chrome.txt", dir ? dir : ".");
	if (w < 0 || (size_t)w >= sizeof(path)) {
		rc = TEXT_EDATA;
		snprintf(err->reason, sizeof(err->reason), "lexicon path too long");
		goto fail;
	}
	f = fopen(path, "r");
	if (f == NULL) {
		rc = TEXT_EDATA;
		snprintf(err->reason, sizeof(err->reason), "cannot open %.100s: %s",
		    path, strerror(errno));
		goto fail;
	}
	ssize_t got;
	while ((got = getline(&line, &line_cap, f)) >= 0) {
		lineno++;
		size_t n = (size_t)got;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
		                    line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		size_t a = 0;
		while (a < n && (line[a] == ' ' || line[a] == '\t'))
			a++;
		if (a == n || line[a] == '#')
			continue;
		if (text__utf8_scan(line + a, n - a, false, NULL) != TEXT_OK) {
			rc = TEXT_EDATA;
			snprintf(err->reason, sizeof(err->reason),
			    "%.100s:%u: invalid UTF-8 or control", path, lineno);
			goto fail;
		}
		uint8_t kind = RULE_EXACT;
		if (line[a] == '!') {
			kind = RULE_CUT;
			a++;
		} else if (line[a] == '(' && line[n - 1] == ')' && n - a > 2) {
			kind = RULE_CREDIT;
			a++;
			n--;
		} else if (line[a] == '*' && line[n - 1] == '*' && n - a > 2) {
			kind = RULE_CONTAINS;
			a++;
			n--;
		} else if (line[n - 1] == '*') {
			kind = RULE_PREFIX;
			n--;
		}
		UChar *nu = realloc(u, (n - a + 1) * sizeof(UChar));
		if (nu == NULL)
			goto fail;
		u = nu;
		UErrorCode st = U_ZERO_ERROR;
		int32_t n16 = 0;
		u_strFromUTF8(u, (int32_t)(n - a + 1), &n16, line + a,
		    (int32_t)(n - a), &st);
		if (U_FAILURE(st)) {
			rc = TEXT_EICU;
			snprintf(err->reason, sizeof(err->reason),
			    "%.100s:%u: %s", path, lineno, u_errorName(st));
			goto fail;
		}
		if (!key_u16(tls, u, n16, &key))
			goto fail;
		if (key.len == 0) {
			rc = TEXT_EDATA;
			snprintf(err->reason, sizeof(err->reason),
			    "%.100s:%u: rule has no letters or digits", path, lineno);
			goto fail;
		}
		if (lex->n == cap) {
			size_t c = cap ? cap * 2 : 64;
			rule *r = realloc(lex->rules, c * sizeof(*r));
			if (r == NULL)
				goto fail;
			lex->rules = r;
			cap = c;
		}
		rule *r = &lex->rules[lex->n++];
		r->kind = kind;
		r->off = (uint32_t)strs.len;
		r->len = (uint32_t)key.len;
		r->words = (uint32_t)count_words(key.p, key.len);
		if (!text__buf_put(&strs, key.p, key.len + 1))
			goto fail;
	}
	if (ferror(f)) {
		rc = TEXT_EDATA;
		snprintf(err->reason, sizeof(err->reason), "reading %.100s failed",
		    path);
		goto fail;
	}
	fclose(f);
	free(line);
	free(u);
	free(key.p);
	lex->strs = strs.p;
	for (size_t i = 0; i < lex->n; i++)
		lex->rules[i].key = lex->strs + lex->rules[i].off;
	*out = lex;
	return TEXT_OK;
fail:
	if (rc == TEXT_ENOMEM)
		snprintf(err->reason, sizeof(err->reason), "out of memory");
	err->code = rc;
	if (f)
		fclose(f);
	free(line);
	free(u);
	free(key.p);
	free(strs.p);
	text_lexicon_destroy(lex);
	return rc;
}

/* ---- classification ---- */

void text__chrome_init(text__chrome *c, const text_lexicon *lex, text__tls *tls,
    bool doc_has_arabic, bool is_page)
{
	memset(c, 0, sizeof(*c));
	c->is_page = is_page;
	c->lex = lex;
	c->tls = tls;
	c->doc_has_arabic = doc_has_arabic;
}

void text__chrome_fini(text__chrome *c)
{
	free(c->headline.p);
	free(c->key.p);
	free(c->seen);
}

static bool starts_word(const char *k, size_t klen, const char *p, size_t plen)
{
	return klen >= plen && memcmp(k, p, plen) == 0 &&
	    (klen == plen || k[plen] == ' ');
}

static bool contains_word(const char *k, size_t klen, const char *p, size_t plen)
{
	for (size_t i = 0; i + plen <= klen; i++) {
		if ((i == 0 || k[i - 1] == ' ') && memcmp(k + i, p, plen) == 0 &&
		    (i + plen == klen || k[i + plen] == ' '))
			return true;
	}
	return false;
}

/* The line repeats the start of the headline (an anchor or a share-bar
 * title), or the whole headline. */
static bool headline_prefix(const text__chrome *c, const char *k, size_t klen)
{
	return c->have_headline && klen > 0 &&
	    starts_word(c->headline.p, c->headline.len, k, klen);
}

static bool has_digit(const char *k, size_t klen)
{
	for (size_t i = 0; i < klen; i++)
		if (k[i] >= '0' && k[i] <= '9')
			return true;
	return false;
}

static bool is_terminal(UChar c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x061F || c == 0x06D4 ||
	    c == 0x2026 || c == ':' || c == ';' || c == 0x061B;
}

/* Words of one letter only: an editor's initials after "انتهى" ("انتهى/خ."). */
static bool only_initials(const char *k, size_t klen)
{
	size_t run = 0;
	for (size_t i = 0; i <= klen; i++) {
		if (i == klen || k[i] == ' ') {
			if (run != 1)
				return false;
			run = 0;
		} else if (((unsigned char)k[i] & 0xC0) != 0x80) {
			run++;
		}
	}
	return true;
}

/* Strips leading EXACT phrases of up to STRIP_MAX_WORDS words from key k;
 * returns the offset of what is left and whether anything was stripped. */
static size_t strip_labels(const text_lexicon *lex, const char *k, size_t klen,
    bool *any)
{
	size_t off = 0;
	bool stripped = true;
	*any = false;
	while (stripped && off < klen) {
		stripped = false;
		for (size_t i = 0; i < lex->n; i++) {
			const rule *r = &lex->rules[i];
			if (r->kind != RULE_EXACT || r->words > STRIP_MAX_WORDS)
				continue;
			if (starts_word(k + off, klen - off, r->key, r->len)) {
				off += r->len;
				if (off < klen)
					off++;
				stripped = *any = true;
			}
		}
	}
	return off;
}

int text__chrome_fragment(text__chrome *c, const UChar *s, int32_t n)
{
	if (c->lex == NULL || n > 64)
		return 0;
	if (!key_u16(c->tls, s, n, &c->key))
		return -1;
	const char *k = c->key.p;
	size_t klen = c->key.len;
	if (klen == 0 || count_words(k, klen) > STRIP_MAX_WORDS)
		return 0;
	for (size_t i = 0; i < c->lex->n; i++) {
		const rule *r = &c->lex->rules[i];
		if ((r->kind == RULE_EXACT || r->kind == RULE_CREDIT) &&
		    klen == r->len && memcmp(k, r->key, klen) == 0)
			return 1;
	}
	bool any;
	size_t off = strip_labels(c->lex, k, klen, &any);
	return any && (off >= klen || only_initials(k + off, klen - off));
}

static uint64_t hash_key(const char *k, size_t n)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a, 64 bits */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211u;
	return h;
}

/* Open-addressing set of key hashes (0 marks an empty slot, so a zero hash
 * is stored as 1). Returns 1 if h was there, 0 if added, -1 on ENOMEM. */
static int seen_add(text__chrome *c, uint64_t h)
{
	if (h == 0)
		h = 1;
	if (2 * (c->n_seen + 1) > c->cap_seen) {
		size_t cap = c->cap_seen ? c->cap_seen * 2 : 64;
		uint64_t *v = calloc(cap, sizeof(*v));
		if (v == NULL)
			return -1;
		for (size_t i = 0; i < c->cap_seen; i++) {
			uint64_t x = c->seen[i];
			if (x == 0)
				continue;
			size_t j = (size_t)x & (cap - 1);
			while (v[j])
				j = (j + 1) & (cap - 1);
			v[j] = x;
		}
		free(c->seen);
		c->seen = v;
		c->cap_seen = cap;
	}
	size_t j = (size_t)h & (c->cap_seen - 1);
	for (; c->seen[j]; j = (j + 1) & (c->cap_seen - 1))
		if (c->seen[j] == h)
			return 1;
	c->seen[j] = h;
	c->n_seen++;
	return 0;
}

int text__chrome_line(text__chrome *c, const UChar *s, int32_t n)
{
	if (c->cut)
		return 1;
	bool ar = false, lat = false, letter = false, digit = false;
	bool in_word = false;
	int32_t seps = 0;
	size_t rough_words = 0;
	/* Past this many words with Arabic seen, no rule can take the line
	 * (see need_key below): stop scanning a paragraph early. */
	size_t enough = c->headline_words + STRIP_MAX_WORDS;
	if (enough < CONTAINS_MAX_WORDS)
		enough = CONTAINS_MAX_WORDS;
	if (s[n - 1] == ')' && enough < CAPTION_MAX_WORDS)
		enough = CAPTION_MAX_WORDS;
	/* Past CHROME_MAX_UNITS only the script rules below apply, and an
	 * Arabic letter settles them: the line is kept. */
	bool long_line = n > CHROME_MAX_UNITS;
	for (int32_t i = 0; i < n;) {
		UChar32 ch = s[i];
		if (ch >= 0x0621 && ch <= 0x064A && ch != 0x0640) {
			/* an Arabic letter, most of a line: the general path
			 * below without classifying */
			i++;
			if (!in_word) {
				in_word = true;
				if (++rough_words > enough && ar && c->have_headline) {
					c->kept++;
					return 0;
				}
			}
			letter = ar = true;
			if (long_line) {
				c->have_headline = true; /* as below */
				c->kept++;
				return 0;
			}
			/* the rest of the word's letters change nothing */
			while (i < n && s[i] >= 0x0621 && s[i] <= 0x064A &&
			    s[i] != 0x0640)
				i++;
			continue;
		}
		if (ch == ' ') { /* what the general path does for it */
			in_word = false;
			i++;
			continue;
		}
		U16_NEXT(s, i, n, ch);
		unsigned k = text__class((uint32_t)ch);
		if (k & TEXT__CL_BLANK)
			in_word = false;
		else if (!in_word) {
			in_word = true;
			if (++rough_words > enough && ar && c->have_headline) {
				c->kept++;
				return 0;
			}
		}
		if (k & TEXT__CL_DIGIT) {
			digit = true;
		} else if (k & TEXT__CL_LETTER) {
			letter = true;
			ar |= (k & TEXT__CL_ARABIC) != 0;
			lat |= (k & TEXT__CL_LATIN) != 0;
		} else if (ch == '>' || ch == 0xBB || ch == '|' || ch == 0x203A ||
		    ch == 0x2022) {
			seps++;
		}
	}
	/* A line of symbols only: separators, bullets, decorations. */
	if (!letter && !digit)
		return 1;
	/* Latin-only lines inside Arabic text: captions in English, agency
	 * slugs, "Sorry, you need to enable JavaScript...". */
	if (c->doc_has_arabic && lat && !ar)
		return 1;
	/* Skip computing the key of a line no rule below can take (most
	 * paragraphs): every rule has a word limit; keys have at least as
	 * many words as the rough count. */
	bool need_key = !c->have_headline || rough_words <= CONTAINS_MAX_WORDS ||
	    (s[n - 1] == ')' && rough_words <= CAPTION_MAX_WORDS) ||
	    rough_words <= c->headline_words + STRIP_MAX_WORDS;
	if (n > CHROME_MAX_UNITS || !need_key) {
		c->have_headline = true; /* a long first line is no headline */
		c->kept++;
		return 0;
	}
	if (!key_u16(c->tls, s, n, &c->key))
		return -1;
	const char *k = c->key.p;
	size_t klen = c->key.len;
	size_t words = count_words(k, klen);
	int32_t last = n - 1;
	while (last > 0 && (s[last] == '"' || u_charType(s[last]) == U_END_PUNCTUATION ||
	                       u_charType(s[last]) == U_FINAL_PUNCTUATION))
		last--;
	bool terminal = is_terminal(s[last]);

	if (c->lex) {
		for (size_t i = 0; i < c->lex->n; i++) {
			const rule *r = &c->lex->rules[i];
			switch (r->kind) {
			case RULE_EXACT:
				if (klen == r->len && memcmp(k, r->key, klen) == 0)
					return 1;
				break;
			case RULE_PREFIX:
				if (words <= PREFIX_MAX_WORDS && klen >= r->len &&
				    memcmp(k, r->key, r->len) == 0)
					return 1;
				break;
			case RULE_CONTAINS:
				if (words <= CONTAINS_MAX_WORDS &&
				    contains_word(k, klen, r->key, r->len))
					return 1;
				break;
			case RULE_CUT:
				/* Only below some article text: a "most read" box
				 * above the article must not swallow it. */
				if (words <= CUT_MAX_WORDS && !terminal &&
				    starts_word(k, klen, r->key, r->len)) {
					c->cut = c->kept >= CUT_MIN_KEPT;
					return 1;
				}
				break;
			case RULE_CREDIT:
				if (klen == r->len && memcmp(k, r->key, klen) == 0)
					return 1;
				/* a caption: "... (أ.ف.ب.)" */
				if (words <= CAPTION_MAX_WORDS && s[n - 1] == ')' &&
				    klen > r->len && k[klen - r->len - 1] == ' ' &&
				    memcmp(k + klen - r->len, r->key, r->len) == 0)
					return 1;
				break;
			}
		}
		/* Labels at the start of a line ("طباعة", "تم النشر:"): strip
		 * them; chrome if nothing but chrome or a headline echo is left.
		 * A date after "تم النشر:" makes it a dateline, kept. */
		bool any;
		size_t off = strip_labels(c->lex, k, klen, &any);
		if (any) {
			const char *rest = k + off;
			size_t rlen = klen - off;
			if (rlen == 0 || only_initials(rest, rlen) ||
			    (!has_digit(rest, rlen) && headline_prefix(c, rest, rlen)))
				return 1;
		}
	}
	/* Anchors repeating the start of the headline, or all of it. */
	if (!terminal && !digit && headline_prefix(c, k, klen) &&
	    words <= c->headline_words)
		return 1;
	/* Breadcrumbs: "الرئيسية » أخبار » عربي ودولي". */
	if (seps >= 2 && words <= 10 && !terminal && !digit)
		return 1;
	/* Above the headline, one- and two-word lines are navigation: section
	 * names, "عاجل", site menus. Headlines are longer. */
	if (!c->have_headline && c->is_page && words <= NAV_MAX_WORDS &&
	    !terminal && !digit)
		return 1;
	/* A short unpunctuated line seen before: the headline or a caption
	 * printed twice by the page template. */
	if (!terminal && words <= CONTAINS_MAX_WORDS) {
		int r = seen_add(c, hash_key(k, klen));
		if (r != 0)
			return r; /* 1: seen before; -1: out of memory */
	}
	if (!c->have_headline && (ar || (!c->doc_has_arabic && letter))) {
		c->headline.len = 0;
		if (!text__buf_put(&c->headline, k, klen + 1))
			return -1;
		c->headline.len = klen;
		c->headline_words = words;
		c->have_headline = true;
	}
	c->kept++;
	return 0;
}
