/* entity_index: the small building blocks of the surface-form index: a byte
 * blob, an open-addressing hash map over keys stored in it, and the name
 * skeletons used to resolve spelling variants of person names. No ICU here:
 * keys are already in matching form (text_normalize). */
#include <stdlib.h>
#include <string.h>

#include "entity_impl.h"

uint32_t entity__blob_add(entity__blob *b, const char *s, size_t len)
{
	if (b->len + len + 1 > UINT32_MAX)
		return ENTITY__NIL;
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + len + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (p == NULL)
			return ENTITY__NIL;
		b->p = p;
		b->cap = cap;
	}
	uint32_t off = (uint32_t)b->len;
	if (len)
		memcpy(b->p + off, s, len);
	b->p[off + len] = '\0';
	b->len += len + 1;
	return off;
}

static void bloom_set(entity__map *m, uint64_t h)
{
	size_t bit = (size_t)(h >> 32) & (8 * m->cap - 1);
	m->bloom[bit >> 6] |= (uint64_t)1 << (bit & 63);
}

static bool map_grow(entity__map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 256;
	entity__slot *s = calloc(cap, sizeof(*s));
	uint64_t *bloom = calloc(cap / 8, sizeof(*bloom)); /* 8 * cap bits */
	if (s == NULL || bloom == NULL) {
		free(s);
		free(bloom);
		return false;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (m->slots[i].h == 0)
			continue;
		size_t j = (size_t)m->slots[i].h & (cap - 1);
		while (s[j].h != 0)
			j = (j + 1) & (cap - 1);
		s[j] = m->slots[i];
	}
	free(m->slots);
	free(m->bloom);
	m->slots = s;
	m->bloom = bloom;
	m->cap = cap;
	for (size_t i = 0; i < cap; i++)
		if (s[i].h != 0)
			bloom_set(m, s[i].h);
	return true;
}

uint32_t *entity__map_put(entity__map *m, entity__blob *b, const char *k, size_t len)
{
	if (2 * (m->n + 1) > m->cap && !map_grow(m))
		return NULL;
	uint64_t h = entity__hash(k, len);
	size_t j = (size_t)h & (m->cap - 1);
	for (; m->slots[j].h != 0; j = (j + 1) & (m->cap - 1)) {
		entity__slot *s = &m->slots[j];
		if (s->h == h && s->len == len && memcmp(b->p + s->off, k, len) == 0)
			return &s->val;
	}
	uint32_t off = entity__blob_add(b, k, len);
	if (off == ENTITY__NIL)
		return NULL;
	m->slots[j].h = h;
	m->slots[j].off = off;
	m->slots[j].len = (uint32_t)len;
	m->slots[j].val = ENTITY__NIL;
	m->n++;
	bloom_set(m, h);
	return &m->slots[j].val;
}

uint32_t entity__map_find_h(const entity__map *m, const entity__blob *b, const char *k, size_t len,
    uint64_t h)
{
	size_t j = (size_t)h & (m->cap - 1);
	for (; m->slots[j].h != 0; j = (j + 1) & (m->cap - 1)) {
		const entity__slot *s = &m->slots[j];
		if (s->h == h && s->len == len && memcmp(b->p + s->off, k, len) == 0)
			return s->val;
	}
	return ENTITY__NIL;
}

void entity__map_fini(entity__map *m)
{
	free(m->slots);
	free(m->bloom);
	m->slots = NULL;
	m->bloom = NULL;
	m->cap = m->n = 0;
}

/* --- skeletons. Names are in matching form, so hamza-alef, ة and ى are
 * already folded. We work on code points of at most 2 UTF-8 bytes (Arabic
 * and Latin); anything longer is copied as is. */

static size_t utf8_next(const char *s, size_t len, size_t i, uint32_t *cp)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80 || i + 1 >= len) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		*cp = ((uint32_t)(c & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F);
		return 2;
	}
	size_t n = (c & 0xF0) == 0xE0 ? 3 : 4;
	if (i + n > len)
		n = len - i;
	*cp = 0; /* 3-4 byte characters: the bytes themselves, packed */
	for (size_t k = 0; k < n; k++)
		*cp = (*cp << 8) | (unsigned char)s[i + k];
	return n;
}

/* Appends the n bytes of one character (src) at out[o]; the new length, or
 * 0 when it does not fit with the NUL. A byte loop: n is 1 to 4, too short
 * for a memcpy call. */
static inline size_t put_cp(char *out, size_t cap, size_t o, const char *src, size_t n)
{
	if (o + n + 1 > cap)
		return 0;
	for (size_t k = 0; k < n; k++)
		out[o + k] = src[k];
	return o + n;
}

/* The skeletons run over the candidate names of every document, and
 * almost every character is one or two bytes (Arabic, Latin): those take
 * inline paths below that compare and copy bytes; longer characters go
 * through utf8_next and put_cp. A character's code point: one byte (or a
 * lone last byte) as itself, two bytes as ((b0 & 0x1F) << 6) | (b1 & 0x3F),
 * longer ones as utf8_next packs them. */
static inline uint32_t cp2(const unsigned char *s)
{
	return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3Fu);
}

static inline bool is_kaf_class(uint32_t cp)
{
	/* ج غ ق ك (and Persian گ) all write Latin g/k/q in names */
	return cp == 0x0642 || cp == 0x0643 || cp == 0x062C || cp == 0x063A || cp == 0x06AF;
}

size_t entity__vskel(const char *norm, size_t len, char *out, size_t cap)
{
	const unsigned char *s = (const unsigned char *)norm;
	size_t o = 0;
	uint32_t prev = 0;
	for (size_t i = 0; i < len;) {
		unsigned char b = s[i];
		if (b < 0x80 || i + 1 >= len) { /* one byte */
			i++;
			if (b == ' ' || b == '-' || b == '.' || b == '\'' || b == prev)
				continue;
			if (o + 2 > cap)
				return 0;
			out[o++] = (char)b;
			prev = b;
			continue;
		}
		if ((b & 0xE0) == 0xC0) { /* two bytes */
			uint32_t cp = cp2(s + i);
			const char *src = norm + i;
			i += 2;
			if (cp < 0x80 && (cp == ' ' || cp == '-' || cp == '.' || cp == '\''))
				continue; /* an overlong form, decoded as above */
			if (is_kaf_class(cp)) {
				cp = 0x0643;
				src = "\xd9\x83";
			}
			if (cp == prev)
				continue; /* doubled letters: ماككورك, شادي / شادّي */
			if (o + 3 > cap)
				return 0;
			out[o] = src[0];
			out[o + 1] = src[1];
			o += 2;
			prev = cp;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_next(norm, len, i, &cp);
		const char *src = norm + i;
		i += n;
		/* utf8_next packs the bytes of longer characters, so no
		 * separator or kaf test can match here (U+2010 is kept) */
		if (cp == prev)
			continue;
		size_t o2 = put_cp(out, cap, o, src, n);
		if (o2 == 0)
			return 0;
		o = o2;
		prev = cp;
	}
	if (o == 0)
		return 0;
	out[o] = '\0';
	return o;
}

static inline bool is_long_vowel(uint32_t cp)
{
	return cp == 0x0627 || cp == 0x0648 || cp == 0x064A;
}

size_t entity__cskel(const char *vs, size_t len, char *out, size_t cap)
{
	const unsigned char *s = (const unsigned char *)vs;
	size_t o = 0;
	bool first = true;
	uint32_t prev = 0;
	for (size_t i = 0; i < len;) {
		unsigned char b = s[i];
		uint32_t cp;
		size_t n;
		if (b < 0x80 || i + 1 >= len) {
			cp = b;
			n = 1;
		} else if ((b & 0xE0) == 0xC0) {
			cp = cp2(s + i);
			n = 2;
		} else {
			n = utf8_next(vs, len, i, &cp);
		}
		const char *src = vs + i;
		i += n;
		if ((!first && is_long_vowel(cp)) || cp == prev)
			continue;
		first = false;
		if (o + n + 1 > cap)
			return 0;
		for (size_t k = 0; k < n; k++)
			out[o + k] = src[k];
		o += n;
		prev = cp;
	}
	if (o == 0)
		return 0;
	out[o] = '\0';
	return o;
}

size_t entity__name_cskel(const char *norm, size_t len, char *out, size_t cap)
{
	/* vskel and cskel in one pass: each character vskel keeps goes on to
	 * cskel's test at once (vskel copies whole characters, so cskel would
	 * decode its output into the same code points) */
	const unsigned char *s = (const unsigned char *)norm;
	size_t o = 0;
	uint32_t pv = 0, pc = 0; /* the last code point each one kept */
	for (size_t i = 0; i < len;) {
		unsigned char b = s[i];
		const char *src = norm + i;
		uint32_t cp;
		size_t n;
		if (b >= 0xD8 && b <= 0xDB && i + 1 < len) {
			/* Arabic (U+0600..U+06FF), nearly every character: no
			 * separator; kaf class and long vowels by code point */
			cp = cp2(s + i);
			i += 2;
			if (is_kaf_class(cp)) {
				cp = 0x0643;
				src = "\xd9\x83";
			}
			if (cp == pv)
				continue;
			pv = cp;
			if ((o > 0 && is_long_vowel(cp)) || cp == pc)
				continue;
			if (o + 3 > cap)
				return 0;
			out[o] = src[0];
			out[o + 1] = src[1];
			o += 2;
			pc = cp;
			continue;
		}
		if (b < 0x80 || i + 1 >= len) {
			cp = b;
			n = 1;
		} else if ((b & 0xE0) == 0xC0) {
			cp = cp2(s + i);
			n = 2;
		} else {
			n = utf8_next(norm, len, i, &cp);
		}
		i += n;
		if (cp == ' ' || cp == '-' || cp == '.' || cp == '\'')
			continue;
		if (n == 2 && is_kaf_class(cp)) {
			cp = 0x0643;
			src = "\xd9\x83";
		}
		if (cp == pv)
			continue; /* vskel: a doubled letter */
		pv = cp;
		if ((o > 0 && is_long_vowel(cp)) || cp == pc)
			continue; /* cskel: a vowel after the first letter, a repeat */
		if (o + n + 1 > cap)
			return 0;
		for (size_t k = 0; k < n; k++)
			out[o + k] = src[k];
		o += n;
		pc = cp;
	}
	if (o == 0)
		return 0;
	out[o] = '\0';
	return o;
}

/* entity__cskel_head's view of a two-byte character with lead byte D8 or D9
 * (index: bit 0 of the lead, then the low 6 bits of the second byte, as
 * cp2 reads them): 0 for a character outside U+0621..U+065F, else its code
 * point - 0x620 after the kaf class is folded to ك, plus 0x40 for a long
 * vowel (ا و ي). */
static const unsigned char head_tab[128] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x47, 0x08, 0x09, 0x0a, 0x0b, 0x23, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x23, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x20, 0x21, 0x23, 0x23, 0x24, 0x25, 0x26, 0x27, 0x68, 0x29, 0x6a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

uint32_t entity__cskel_head(const char *norm, size_t len)
{
	/* entity__name_cskel's Arabic path, stopped after three letters; any
	 * other character (a separator, Latin, a letter outside U+0621..U+065F,
	 * which that path would keep as it comes) leaves the answer to the
	 * full skeleton */
	const unsigned char *s = (const unsigned char *)norm;
	uint32_t code = 0, pv = 0, pc = 0;
	unsigned k = 0;
	for (size_t i = 0; i < len && k < 3; i += 2) {
		if ((s[i] != 0xD8 && s[i] != 0xD9) || i + 1 >= len)
			return ENTITY__NIL;
		unsigned e = head_tab[((s[i] & 1u) << 6) | (s[i + 1] & 0x3Fu)];
		if (e == 0)
			return ENTITY__NIL;
		uint32_t cp = e & 0x3Fu;
		if (cp == pv)
			continue;
		pv = cp;
		if ((k > 0 && (e & 0x40u)) || cp == pc)
			continue;
		code |= cp << (6 * (2 - k));
		k++;
		pc = cp;
	}
	return k == 0 ? ENTITY__NIL : code;
}

void entity__skel3_add(uint64_t *skel3, const char *cs, size_t len)
{
	const unsigned char *s = (const unsigned char *)cs;
	uint32_t code = 0;
	for (unsigned k = 0; k < 3 && 2 * k + 1 < len; k++) {
		unsigned char b = s[2 * k];
		uint32_t cp = cp2(s + 2 * k);
		if (b < 0xD8 || b > 0xDB || cp <= 0x0620 || cp > 0x065F)
			return; /* a word reaching this letter takes the full path */
		code |= (cp - 0x0620) << (6 * (2 - k));
		skel3[code >> 6] |= (uint64_t)1 << (code & 63);
	}
}

bool entity__vskel_close(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen == blen)
		return memcmp(a, b, alen) == 0;
	/* one long vowel (2 bytes) more in the longer one, nothing else */
	const char *l = a, *s = b;
	size_t ll = alen, sl = blen;
	if (blen > alen) {
		l = b;
		s = a;
		ll = blen;
		sl = alen;
	}
	if (ll != sl + 2)
		return false;
	size_t i = 0;
	while (i < sl && l[i] == s[i])
		i++;
	while (i > 0 && ((unsigned char)l[i] & 0xC0) == 0x80)
		i--; /* back to the start of the differing character */
	/* l[i..i+2) must be the extra letter */
	uint32_t cp;
	if (utf8_next(l, ll, i, &cp) != 2 || !is_long_vowel(cp) || i == 0)
		return false;
	return memcmp(l + i + 2, s + i, sl - i) == 0;
}
