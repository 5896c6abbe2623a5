/* search: inverted index from word keys to sentence postings, and the AND
 * query over it. Keys are the clitic-stripped form ("B" + bare) and the stem
 * of that form ("S" + text_stem(bare)) of every word and number token; a
 * query word matches a token through its stem key (which contains every
 * bare match, since the stem is a function of bare), and the bare key only
 * decides whether the match counts as exact for ranking. It never scans
 * documents: a query intersects posting lists, rarest list first.
 *
 * Half the tokens of real articles have a stem equal to their bare form
 * ("تحالف", names, numbers); those get only the stem posting, marked with
 * TOK_EXACT, instead of two identical lists.
 *
 * Postings are packed uint32 triples (doc slot, sentence, token). While
 * loading each key owns a growing array; freeze copies them into one CSR
 * array. Documents are added in order and tokens visited in order, so every
 * list is already sorted; freeze only checks (and sorts if ever not).
 */
#include "search.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A stem longer than this is no word we can help with; the bare form is used
 * as its own stem (text_stem returns 0 when the stem does not fit). */
#define STEM_MAX_BYTES 256

/* High bit of a stem posting's token: the token's bare form equals this
 * stem key, so it has no separate bare posting. Token indexes stay below
 * 2^31 because a document is under 2 GB and tokens do not share bytes. */
#define TOK_EXACT 0x80000000u
#define TOK_MASK 0x7fffffffu

typedef struct {
	uint64_t hash;
	size_t key_off; /* into keys */
	uint32_t key_len;
	uint32_t n;     /* postings (triples) */
	uint32_t cap;   /* loading only */
	uint32_t *post; /* loading: own array; frozen: NULL */
	size_t csr_off; /* frozen: first triple in csr */
	uint32_t n_sent;       /* frozen: distinct sentences in the list */
	uint32_t n_sent_exact; /* frozen: of those, with a TOK_EXACT posting */
} skey;

typedef struct {
	uint32_t doc_no;
	uint32_t span_off; /* first of the doc's token spans in spans */
} sdoc;

struct search_index {
	bool is_frozen;
	skey *keys;
	size_t n_keys, cap_keys;
	uint32_t *table; /* open addressing: 0 empty, else key index + 1 */
	size_t table_cap; /* power of two */
	char *key_bytes;
	size_t key_bytes_len, key_bytes_cap;
	sdoc *docs;
	size_t n_docs, cap_docs;
	text_span *spans; /* every token span of every doc, in add order */
	size_t n_spans, cap_spans;
	uint32_t *csr;    /* frozen postings */
	size_t n_postings;
	size_t n_sentences, n_tokens;
};

const char *search_err_str(search_err code)
{
	switch (code) {
	case SEARCH_OK: return "ok";
	case SEARCH_EUTF8: return "invalid UTF-8 or control character in query";
	case SEARCH_ETOOMANY: return "too many query words";
	case SEARCH_ETOOBIG: return "query too long";
	case SEARCH_ENOMEM: return "out of memory";
	case SEARCH_EINTERNAL: return "internal error";
	}
	return "unknown";
}

/* Grows *p (elements of size sz) to hold at least need; 0 or -1. */
static int grow(void **p, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	if (n > SIZE_MAX / sz)
		return -1;
	void *q = realloc(*p, n * sz);
	if (q == NULL)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static uint64_t hash_bytes(char tag, const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	h = (h ^ (unsigned char)tag) * 1099511628211ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static bool key_eq(const search_index *idx, const skey *k, uint64_t h, char tag,
    const char *s, size_t n)
{
	const char *kb = idx->key_bytes + k->key_off;
	return k->hash == h && k->key_len == n + 1 && kb[0] == tag &&
	    memcmp(kb + 1, s, n) == 0;
}

/* Slot in table for (tag, s): either the key's slot or the empty one where
 * it would go. */
static size_t table_find(const search_index *idx, uint64_t h, char tag,
    const char *s, size_t n)
{
	size_t mask = idx->table_cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		uint32_t e = idx->table[i];
		if (e == 0 || key_eq(idx, &idx->keys[e - 1], h, tag, s, n))
			return i;
	}
}

static const skey *key_lookup(const search_index *idx, char tag, const char *s,
    size_t n)
{
	if (idx->table_cap == 0)
		return NULL;
	uint64_t h = hash_bytes(tag, s, n);
	uint32_t e = idx->table[table_find(idx, h, tag, s, n)];
	return e ? &idx->keys[e - 1] : NULL;
}

static int table_rehash(search_index *idx, size_t cap)
{
	uint32_t *t = calloc(cap, sizeof *t);
	if (t == NULL)
		return -1;
	for (size_t k = 0; k < idx->n_keys; k++) {
		size_t i = (size_t)idx->keys[k].hash & (cap - 1);
		while (t[i] != 0)
			i = (i + 1) & (cap - 1);
		t[i] = (uint32_t)(k + 1);
	}
	free(idx->table);
	idx->table = t;
	idx->table_cap = cap;
	return 0;
}

/* Finds or creates the key (tag, s); NULL when out of memory. */
static skey *key_get(search_index *idx, char tag, const char *s, size_t n)
{
	if ((idx->n_keys + 1) * 2 > idx->table_cap &&
	    table_rehash(idx, idx->table_cap ? idx->table_cap * 2 : 1024) != 0)
		return NULL;
	uint64_t h = hash_bytes(tag, s, n);
	size_t slot = table_find(idx, h, tag, s, n);
	if (idx->table[slot] != 0)
		return &idx->keys[idx->table[slot] - 1];
	if (idx->n_keys >= UINT32_MAX - 1 ||
	    grow((void **)&idx->keys, &idx->cap_keys, idx->n_keys + 1, sizeof *idx->keys) != 0 ||
	    grow((void **)&idx->key_bytes, &idx->key_bytes_cap,
		idx->key_bytes_len + n + 1, 1) != 0)
		return NULL;
	skey *k = &idx->keys[idx->n_keys];
	memset(k, 0, sizeof *k);
	k->hash = h;
	k->key_off = idx->key_bytes_len;
	k->key_len = (uint32_t)(n + 1);
	idx->key_bytes[idx->key_bytes_len] = tag;
	memcpy(idx->key_bytes + idx->key_bytes_len + 1, s, n);
	idx->key_bytes_len += n + 1;
	idx->table[slot] = (uint32_t)++idx->n_keys;
	return k;
}

static int posting_add(search_index *idx, char tag, const char *s, size_t n,
    uint32_t slot, uint32_t sent, uint32_t tok)
{
	skey *k = key_get(idx, tag, s, n);
	if (k == NULL)
		return -1;
	if (k->n + 1 > k->cap) {
		size_t cap = (size_t)k->cap * 3;
		if (grow((void **)&k->post, &cap, (size_t)k->n * 3 + 3, sizeof(uint32_t)) != 0)
			return -1;
		k->cap = (uint32_t)(cap / 3);
	}
	k->post[k->n * 3] = slot;
	k->post[k->n * 3 + 1] = sent;
	k->post[k->n * 3 + 2] = tok;
	k->n++;
	idx->n_postings++;
	return 0;
}

search_err search_index_create(search_index **out)
{
	search_index *idx = calloc(1, sizeof *idx);
	if (idx == NULL)
		return SEARCH_ENOMEM;
	*out = idx;
	return SEARCH_OK;
}

void search_index_destroy(search_index *idx)
{
	if (idx == NULL)
		return;
	for (size_t i = 0; i < idx->n_keys; i++)
		free(idx->keys[i].post);
	free(idx->keys);
	free(idx->table);
	free(idx->key_bytes);
	free(idx->docs);
	free(idx->spans);
	free(idx->csr);
	free(idx);
}

/* The stem key of a token or query word: text_stem of its bare form for
 * words, the bare form itself for numbers and for stems that do not fit.
 * Arabic words first lose a final "ات" (U+0627 U+062A) or "ه" (U+0647, also
 * the folded U+0629) when two letters remain: libstemmer's Arabic stemmer
 * cuts "غارات" to "غارا" but "غارة" to "غار", so the feminine plural and
 * its singular would never meet (see test_search_stem_plural_singular). */
static size_t stem_of(const char *bare, size_t len, const text_token *t, char *buf,
    const char **stem)
{
	static const char at[] = "\xd8\xa7\xd8\xaa"; /* U+0627 U+062A */
	static const char ha[] = "\xd9\x87";            /* U+0647 */
	if (t->kind != TEXT_TOKEN_WORD) {
		*stem = bare;
		return len;
	}
	size_t n = len;
	if (t->flags & TEXT_TOKEN_ARABIC) {
		if (n >= 4 + 4 && memcmp(bare + n - 4, at, 4) == 0)
			n -= 4;
		else if (n >= 2 + 4 && memcmp(bare + n - 2, ha, 2) == 0)
			n -= 2;
	}
	size_t sn = text_stem(bare, n, buf, STEM_MAX_BYTES);
	if (sn == 0) {
		*stem = bare;
		return n;
	}
	*stem = buf;
	return sn;
}

search_err search_index_add(search_index *idx, uint32_t doc_no, const text_doc *doc)
{
	assert(!idx->is_frozen);
	size_t n_tok, n_sent;
	const text_token *toks = text_doc_tokens(doc, &n_tok);
	const text_sentence *sents = text_doc_sentences(doc, &n_sent);
	if (idx->n_docs >= UINT32_MAX || idx->n_spans + n_tok >= UINT32_MAX ||
	    grow((void **)&idx->docs, &idx->cap_docs, idx->n_docs + 1, sizeof *idx->docs) != 0 ||
	    grow((void **)&idx->spans, &idx->cap_spans, idx->n_spans + n_tok,
		sizeof *idx->spans) != 0)
		return SEARCH_ENOMEM;
	uint32_t slot = (uint32_t)idx->n_docs;
	idx->docs[slot].doc_no = doc_no;
	idx->docs[slot].span_off = (uint32_t)idx->n_spans;
	for (size_t i = 0; i < n_tok; i++)
		idx->spans[idx->n_spans + i] = toks[i].span;
	idx->n_spans += n_tok;
	idx->n_docs++;

	char buf[STEM_MAX_BYTES];
	for (size_t s = 0; s < n_sent; s++) {
		bool any = false;
		for (uint32_t i = sents[s].first_token;
		     i < sents[s].first_token + sents[s].n_tokens; i++) {
			const text_token *t = &toks[i];
			if ((t->kind != TEXT_TOKEN_WORD && t->kind != TEXT_TOKEN_NUMBER) ||
			    t->bare_len == 0)
				continue;
			const char *stem;
			size_t sn = stem_of(t->bare, t->bare_len, t, buf, &stem);
			bool same = sn == t->bare_len && memcmp(stem, t->bare, sn) == 0;
			if (posting_add(idx, 'S', stem, sn, slot, (uint32_t)s,
				i | (same ? TOK_EXACT : 0)) != 0 ||
			    (!same && posting_add(idx, 'B', t->bare, t->bare_len, slot,
					  (uint32_t)s, i) != 0))
				return SEARCH_ENOMEM;
			idx->n_tokens++;
			any = true;
		}
		idx->n_sentences += any;
	}
	return SEARCH_OK;
}

static inline uint64_t sent_key(const uint32_t *p)
{
	return (uint64_t)p[0] << 32 | p[1];
}

static int triple_cmp(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;
	for (int i = 0; i < 3; i++) {
		uint32_t u = i == 2 ? x[i] & TOK_MASK : x[i];
		uint32_t v = i == 2 ? y[i] & TOK_MASK : y[i];
		if (u != v)
			return u < v ? -1 : 1;
	}
	return 0;
}

search_err search_index_freeze(search_index *idx)
{
	if (idx->is_frozen)
		return SEARCH_OK;
	uint32_t *csr = malloc((idx->n_postings ? idx->n_postings : 1) * 3 * sizeof *csr);
	if (csr == NULL)
		return SEARCH_ENOMEM;
	size_t off = 0;
	for (size_t i = 0; i < idx->n_keys; i++) {
		skey *k = &idx->keys[i];
		uint32_t *dst = csr + off * 3;
		memcpy(dst, k->post, (size_t)k->n * 3 * sizeof *dst);
		for (uint32_t j = 1; j < k->n; j++) {
			if (triple_cmp(dst + (j - 1) * 3, dst + j * 3) > 0) {
				qsort(dst, k->n, 3 * sizeof *dst, triple_cmp);
				break;
			}
		}
		free(k->post);
		k->post = NULL;
		k->cap = 0;
		k->csr_off = off;
		/* Sentence counts, so a one-word query knows its total without
		 * walking its list. */
		k->n_sent = k->n_sent_exact = 0;
		for (uint32_t j = 0; j < k->n;) {
			uint64_t key = sent_key(dst + j * 3);
			bool exact = false;
			for (; j < k->n && sent_key(dst + j * 3) == key; j++)
				exact = exact || (dst[j * 3 + 2] & TOK_EXACT) != 0;
			k->n_sent++;
			k->n_sent_exact += exact;
		}
		off += k->n;
	}
	assert(off == idx->n_postings);
	idx->csr = csr;
	idx->is_frozen = true;
	return SEARCH_OK;
}

void search_index_stats(const search_index *idx, search_stats *st)
{
	memset(st, 0, sizeof *st);
	st->n_docs = idx->n_docs;
	st->n_sentences = idx->n_sentences;
	st->n_tokens = idx->n_tokens;
	st->n_keys = idx->n_keys;
	st->n_postings = idx->n_postings;
	st->bytes = sizeof *idx + idx->cap_keys * sizeof(skey) +
	    idx->table_cap * sizeof(uint32_t) + idx->key_bytes_cap +
	    idx->cap_docs * sizeof(sdoc) + idx->cap_spans * sizeof(text_span);
	if (idx->is_frozen)
		st->bytes += idx->n_postings * 3 * sizeof(uint32_t);
	else
		for (size_t i = 0; i < idx->n_keys; i++)
			st->bytes += (size_t)idx->keys[i].cap * 3 * sizeof(uint32_t);
}

/* --- query */

typedef struct {
	const uint32_t *s; /* stem postings (the candidates) */
	size_t s_n;
	const uint32_t *b; /* bare postings (exact matches), maybe empty */
	size_t b_n;
	bool is_stem_bare; /* stem == bare: TOK_EXACT postings are exact too */
	int group;         /* quoted phrase number, 0 for none */
	const skey *ks, *kb; /* the stem and bare keys (kb may be NULL) */
	/* per sentence being looked at */
	size_t s_cur, b_cur;
	size_t s_lo, s_hi;
	bool has_b;
} qword;

typedef struct {
	uint32_t slot, sent;
	uint32_t score;
} qhit;

/* First triple at or after from whose (slot, sentence) >= key; galloping, so
 * walking a long list in step with a short one costs O(short * log). */
static size_t gallop(const uint32_t *p, size_t n, size_t from, uint64_t key)
{
	if (from >= n || sent_key(p + from * 3) >= key)
		return from;
	size_t lo = from, step = 1; /* p[lo] < key */
	while (lo + step < n && sent_key(p + (lo + step) * 3) < key) {
		lo += step;
		step *= 2;
	}
	size_t hi = lo + step < n ? lo + step : n; /* p[hi] >= key or hi == n */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (sent_key(p + mid * 3) < key)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

static bool range_has_tok(const uint32_t *p, size_t lo, size_t hi, uint32_t tok)
{
	for (size_t i = lo; i < hi; i++)
		if ((p[i * 3 + 2] & TOK_MASK) == tok)
			return true;
	return false;
}

/* Whether words [first, first + n) stand next to each other, in order, in
 * the current sentence (s_lo/s_hi set). */
static bool adjacent(const qword *w, size_t first, size_t n)
{
	const qword *a = &w[first];
	for (size_t i = a->s_lo; i < a->s_hi; i++) {
		uint32_t tok = a->s[i * 3 + 2] & TOK_MASK;
		size_t m = 1;
		while (m < n && range_has_tok(w[first + m].s, w[first + m].s_lo,
				    w[first + m].s_hi, tok + (uint32_t)m))
			m++;
		if (m == n)
			return true;
	}
	return false;
}

/* Positions the cursors of every word on sentence key; false if some word
 * has no posting there. */
static bool words_seek(qword *w, size_t k, uint64_t key)
{
	for (size_t i = 0; i < k; i++) {
		qword *q = &w[i];
		q->s_cur = gallop(q->s, q->s_n, q->s_cur, key);
		if (q->s_cur >= q->s_n || sent_key(q->s + q->s_cur * 3) != key)
			return false;
	}
	for (size_t i = 0; i < k; i++) {
		qword *q = &w[i];
		q->s_lo = q->s_cur;
		q->s_hi = q->s_cur;
		while (q->s_hi < q->s_n && sent_key(q->s + q->s_hi * 3) == key)
			q->s_hi++;
		q->b_cur = gallop(q->b, q->b_n, q->b_cur, key);
		q->has_b = q->b_cur < q->b_n && sent_key(q->b + q->b_cur * 3) == key;
		for (size_t j = q->s_lo; q->is_stem_bare && !q->has_b && j < q->s_hi; j++)
			q->has_b = (q->s[j * 3 + 2] & TOK_EXACT) != 0;
	}
	return true;
}

/* Highlight spans of the current sentence: every token matched by a query
 * word, in text order, duplicates dropped, at most SEARCH_HIT_MAX_SPANS. */
static void hit_spans(const search_index *idx, qword *w, size_t k, uint32_t slot,
    search_hit *h)
{
	size_t cur[SEARCH_QUERY_MAX_WORDS];
	for (size_t i = 0; i < k; i++)
		cur[i] = w[i].s_lo;
	const text_span *sp = idx->spans + idx->docs[slot].span_off;
	bool have_last = false;
	uint32_t last = 0;
	h->n_spans = 0;
	while (h->n_spans < SEARCH_HIT_MAX_SPANS) {
		size_t best = k;
		for (size_t i = 0; i < k; i++)
			if (cur[i] < w[i].s_hi &&
			    (best == k || (w[i].s[cur[i] * 3 + 2] & TOK_MASK) <
					      (w[best].s[cur[best] * 3 + 2] & TOK_MASK)))
				best = i;
		if (best == k)
			break;
		uint32_t tok = w[best].s[cur[best] * 3 + 2] & TOK_MASK;
		cur[best]++;
		if (have_last && tok == last)
			continue;
		h->spans[h->n_spans++] = sp[tok];
		last = tok;
		have_last = true;
	}
}

/* Splits the query into words with the text layer (same tokens, norm and
 * bare as the documents) and looks each up. Returns SEARCH_OK with *k words
 * and *any_missing set when some word has no posting at all. */
static search_err query_parse(const search_index *idx, const char *query,
    qword *w, size_t *k, bool *any_missing)
{
	size_t len = strlen(query);
	*k = 0;
	*any_missing = false;
	if (len > SEARCH_QUERY_MAX_BYTES)
		return SEARCH_ETOOBIG;
	if (text_utf8_check(query, len, NULL) != TEXT_OK)
		return SEARCH_EUTF8;
	if (len == 0)
		return SEARCH_OK;
	/* One line, so no line is judged a headline or chrome of another. */
	char line[SEARCH_QUERY_MAX_BYTES + 1];
	for (size_t i = 0; i < len; i++)
		line[i] = (query[i] == '\n' || query[i] == '\r') ? ' ' : query[i];
	line[len] = '\0';
	text_doc *qd = NULL;
	text_error terr;
	text_err te = text_doc_create(NULL, line, len, &qd, &terr);
	if (te == TEXT_EUTF8 || te == TEXT_ECONTROL)
		return SEARCH_EUTF8;
	if (te == TEXT_ENOMEM)
		return SEARCH_ENOMEM;
	if (te != TEXT_OK)
		return SEARCH_EINTERNAL;
	size_t n_tok;
	const text_token *toks = text_doc_tokens(qd, &n_tok);
	search_err rc = SEARCH_OK;
	bool in_quote = false;
	int group = 0;
	char buf[STEM_MAX_BYTES];
	for (size_t i = 0; i < n_tok; i++) {
		const text_token *t = &toks[i];
		if (t->kind == TEXT_TOKEN_PUNCT) {
			/* text_normalize maps typographic quotes and guillemets to '"'. */
			for (const char *c = t->norm; *c; c++) {
				if (*c == '"') {
					in_quote = !in_quote;
					group += in_quote;
				}
			}
			continue;
		}
		if (t->bare_len == 0)
			continue;
		if (*k == SEARCH_QUERY_MAX_WORDS) {
			rc = SEARCH_ETOOMANY;
			goto done;
		}
		qword *q = &w[(*k)++];
		memset(q, 0, sizeof *q);
		q->group = in_quote ? group : 0;
		const char *stem;
		size_t sn = stem_of(t->bare, t->bare_len, t, buf, &stem);
		const skey *ks = key_lookup(idx, 'S', stem, sn);
		const skey *kb = key_lookup(idx, 'B', t->bare, t->bare_len);
		q->is_stem_bare = sn == t->bare_len && memcmp(stem, t->bare, sn) == 0;
		q->ks = ks;
		q->kb = kb;
		if (ks == NULL) {
			*any_missing = true;
		} else {
			q->s = idx->csr + ks->csr_off * 3;
			q->s_n = ks->n;
		}
		if (kb != NULL) {
			q->b = idx->csr + kb->csr_off * 3;
			q->b_n = kb->n;
		}
	}
done:
	text_doc_destroy(qd);
	return rc;
}

/* One word: its exact-form sentences first, then the rest of its stem
 * list, each in document order (the order the general ranking gives a
 * single word), read straight off the lists. A page costs its offset and
 * size, not every sentence the word is in; the total is counted at freeze. */
static void one_word_page(const search_index *idx, qword *q, size_t skip, size_t max, search_hit *out,
    size_t *n_out, size_t *total)
{
	size_t t = q->ks->n_sent;
	size_t e = q->is_stem_bare ? q->ks->n_sent_exact : (q->kb != NULL ? q->kb->n_sent : 0);
	size_t want = skip < t ? (t - skip < max ? t - skip : max) : 0;
	uint64_t keys[SEARCH_PAGE_MAX];
	size_t n = 0;
	if (skip < e) {
		const uint32_t *p = q->is_stem_bare ? q->s : q->b;
		size_t pn = q->is_stem_bare ? q->s_n : q->b_n, rank = 0;
		for (size_t j = 0; j < pn && n < want;) {
			uint64_t key = sent_key(p + j * 3);
			bool exact = !q->is_stem_bare;
			for (; j < pn && sent_key(p + j * 3) == key; j++)
				exact = exact || (p[j * 3 + 2] & TOK_EXACT) != 0;
			if (exact && rank++ >= skip)
				keys[n++] = key;
		}
	}
	if (n < want) {
		size_t rank = 0, skip_rest = skip > e ? skip - e : 0, bj = 0;
		for (size_t j = 0; j < q->s_n && n < want;) {
			uint64_t key = sent_key(q->s + j * 3);
			bool exact = false;
			for (; j < q->s_n && sent_key(q->s + j * 3) == key; j++)
				exact = exact || (q->is_stem_bare && (q->s[j * 3 + 2] & TOK_EXACT) != 0);
			if (!q->is_stem_bare) {
				bj = gallop(q->b, q->b_n, bj, key);
				exact = bj < q->b_n && sent_key(q->b + bj * 3) == key;
			}
			if (!exact && rank++ >= skip_rest)
				keys[n++] = key;
		}
	}
	for (size_t i = 0; i < n; i++) {
		q->s_cur = q->b_cur = 0;
		bool found = words_seek(q, 1, keys[i]);
		assert(found);
		(void)found;
		search_hit *h = &out[i];
		memset(h, 0, sizeof *h);
		uint32_t slot = (uint32_t)(keys[i] >> 32);
		h->doc_no = idx->docs[slot].doc_no;
		h->sentence = (uint32_t)keys[i];
		h->is_phrase = true;
		h->n_exact = q->has_b;
		hit_spans(idx, q, 1, slot, h);
	}
	*n_out = n;
	*total = t;
}

search_err search_query(const search_index *idx, const char *query, size_t skip,
    size_t max, search_hit *out, size_t *n_out, size_t *total)
{
	assert(idx->is_frozen);
	qword w[SEARCH_QUERY_MAX_WORDS];
	size_t k;
	bool any_missing;
	search_err rc = query_parse(idx, query, w, &k, &any_missing);
	if (rc != SEARCH_OK)
		return rc;
	if (k == 0 || any_missing) {
		*n_out = 0;
		*total = 0;
		return SEARCH_OK;
	}
	if (max > SEARCH_PAGE_MAX)
		max = SEARCH_PAGE_MAX;
	if (k == 1 && !(w[0].is_stem_bare && w[0].kb != NULL)) {
		one_word_page(idx, &w[0], skip, max, out, n_out, total);
		return SEARCH_OK;
	}

	size_t rare = 0;
	for (size_t i = 1; i < k; i++)
		if (w[i].s_n < w[rare].s_n)
			rare = i;

	/* Score: phrase above any count of exact words, so a counting sort by
	 * score keeps document order inside each score. */
	const uint32_t n_scores = 2 * (SEARCH_QUERY_MAX_WORDS + 1);
	size_t count[2 * (SEARCH_QUERY_MAX_WORDS + 1)] = {0};
	qhit *hits = NULL;
	size_t n_hits = 0, cap_hits = 0;
	const qword *r = &w[rare];
	for (size_t j = 0; j < r->s_n;) {
		uint64_t key = sent_key(r->s + j * 3);
		while (j < r->s_n && sent_key(r->s + j * 3) == key)
			j++;
		if (!words_seek(w, k, key))
			continue;
		bool ok = true;
		for (size_t a = 0; a < k && ok;) {
			size_t b = a + 1;
			if (w[a].group != 0)
				while (b < k && w[b].group == w[a].group)
					b++;
			ok = b - a < 2 || adjacent(w, a, b - a);
			a = b;
		}
		if (!ok)
			continue;
		uint32_t n_exact = 0;
		for (size_t i = 0; i < k; i++)
			n_exact += w[i].has_b;
		bool is_phrase = k < 2 || adjacent(w, 0, k);
		uint32_t score = (is_phrase ? SEARCH_QUERY_MAX_WORDS + 1 : 0) + n_exact;
		if (grow((void **)&hits, &cap_hits, n_hits + 1, sizeof *hits) != 0) {
			free(hits);
			return SEARCH_ENOMEM;
		}
		hits[n_hits++] = (qhit){(uint32_t)(key >> 32), (uint32_t)key, score};
		count[score]++;
	}

	/* Page [skip, skip + max) of the ranking, best score first. */
	size_t start[2 * (SEARCH_QUERY_MAX_WORDS + 1)];
	size_t acc = 0;
	for (uint32_t s = n_scores; s-- > 0;) {
		start[s] = acc;
		acc += count[s];
	}
	size_t n = 0;
	if (skip < n_hits && max > 0) {
		size_t want = n_hits - skip < max ? n_hits - skip : max;
		qhit page[SEARCH_PAGE_MAX];
		for (size_t i = 0; i < n_hits; i++) {
			size_t rank = start[hits[i].score]++;
			if (rank >= skip && rank < skip + want)
				page[rank - skip] = hits[i];
		}
		for (size_t i = 0; i < want; i++) {
			uint64_t key = (uint64_t)page[i].slot << 32 | page[i].sent;
			/* Pages are not in document order; seek each word afresh. */
			for (size_t q = 0; q < k; q++)
				w[q].s_cur = w[q].b_cur = 0;
			bool found = words_seek(w, k, key);
			assert(found);
			(void)found;
			search_hit *h = &out[i];
			memset(h, 0, sizeof *h);
			h->doc_no = idx->docs[page[i].slot].doc_no;
			h->sentence = page[i].sent;
			h->is_phrase = page[i].score > SEARCH_QUERY_MAX_WORDS;
			h->n_exact = (uint8_t)(page[i].score % (SEARCH_QUERY_MAX_WORDS + 1));
			hit_spans(idx, w, k, page[i].slot, h);
		}
		n = want;
	}
	free(hits);
	*n_out = n;
	*total = n_hits;
	return SEARCH_OK;
}
