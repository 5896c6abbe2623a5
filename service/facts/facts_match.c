/* Pattern matching for the fact builders: one pattern at one token
 * (facts__pat_match), the lexicon-wide first-word index and the per
 * document match table that answers the builders' window scans. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "coalition_hash.h"
#include "facts_impl.h"

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

/* The two bytes at s as one 16-bit unit (an Arabic letter in UTF-8). */
static uint32_t unit(const char *s)
{
	return (uint32_t)(unsigned char)s[0] | (uint32_t)(unsigned char)s[1] << 8;
}

/* The four bytes at s as one 32-bit unit (two Arabic letters). */
static uint32_t unit4(const char *s)
{
	uint32_t u;
	memcpy(&u, s, 4);
	return u;
}

/* The end of facts__word_hash: folds the 0..3 bytes s[0..r) left before
 * the 4-byte units into h. */
static uint32_t hash_front(uint32_t h, const char *s, size_t r)
{
	if (r >= 2) {
		r -= 2;
		h = (h ^ unit(s + r)) * FNV_PRIME;
	}
	return r ? (h ^ (unsigned char)s[0]) * FNV_PRIME : h;
}

/* 4-byte units (two letters) from the end, then a 2-byte unit and a byte
 * as left at the front: the suffix from any offset cuts its units as the
 * whole word does, so facts__offs_fill gets every suffix's hash in one
 * backward pass, at a step per two letters. */
uint32_t facts__word_hash(const char *s, size_t len)
{
	uint32_t h = FNV_BASIS;
	size_t b = len;
	while (b >= 4) {
		b -= 4;
		h = (h ^ unit4(s + b)) * FNV_PRIME;
	}
	return hash_front(h, s, b);
}

/* offs of word token t. */
static void offs_one(const text_token *t, facts__offs *out)
{
	size_t o[FACTS__MAX_OFFS], k = 0;
	/* t->clitics has bit j set when 2j is an offset (text.h); 0, or
	 * more offsets than fit, is text's call to make */
	unsigned m = t->clitics;
	for (; m != 0 && k < FACTS__MAX_OFFS; m &= m - 1)
		o[k++] = 2 * (size_t)__builtin_ctz(m);
	if (m != 0 || k == 0)
		k = text_token_clitic_offsets(t, o, FACTS__MAX_OFFS);
	out->n = (uint8_t)k;
	/* offsets ascend and the hash reads backwards: one pass from the
	 * word's end passes every suffix's start in turn (facts__word_hash
	 * of each suffix) */
	uint32_t h = FNV_BASIS;
	size_t b = t->norm_len;
	for (size_t j = k; j-- > 0;) {
		while (b >= o[j] + 4) {
			b -= 4;
			h = (h ^ unit4(t->norm + b)) * FNV_PRIME;
		}
		out->off[j] = (uint16_t)o[j];
		out->hash[j] = hash_front(h, t->norm + o[j], b - o[j]);
	}
}

void facts__offs_fill(const text_token *toks, size_t n, facts__offs *offs)
{
	for (size_t i = 0; i < n; i++) {
		if (toks[i].kind != TEXT_TOKEN_WORD)
			offs[i].n = 0;
		else
			offs_one(&toks[i], &offs[i]);
	}
}

/* Does word k of p match token t at one of its clitic offsets? */
static bool tok_eq(const text_token *t, const facts__offs *o, const facts__pat *p, size_t k)
{
	for (size_t i = 0; i < o->n; i++) {
		const char *s = t->norm + o->off[i];
		size_t len = t->norm_len - o->off[i];
		if (p->prefix[k] ? len >= p->len[k] && memcmp(s, p->w[k], p->len[k]) == 0
		                 : o->hash[i] == p->hash[k] && len == p->len[k] && memcmp(s, p->w[k], len) == 0)
			return true;
	}
	return false;
}

/* Do words k0.. of p match from token i + k0 on, in token i's sentence? */
static size_t match_from(const facts__pat *p, const text_token *toks, const facts__offs *offs,
    size_t n_toks, size_t i, size_t k0)
{
	if (i + p->n > n_toks)
		return 0;
	uint32_t s = toks[i].sentence;
	for (size_t k = k0; k < p->n; k++) {
		const text_token *t = &toks[i + k];
		if (t->sentence != s || t->kind != TEXT_TOKEN_WORD || !tok_eq(t, &offs[i + k], p, k))
			return 0;
	}
	return p->n;
}

size_t facts__pat_match(const facts__pat *p, const text_token *toks, const facts__offs *offs,
    size_t n_toks, size_t i)
{
	return match_from(p, toks, offs, n_toks, i, 0);
}

/* --- the lexicon index */

static void ptab_fini(facts__ptab *t)
{
	free(t->key);
	free(t->word);
	*t = (facts__ptab){0};
}

static int ptab_init(facts__ptab *t, size_t n)
{
	if (n == 0)
		return 0;
	size_t slots = 16;
	unsigned bits = 4;
	while (slots < n * 2) {
		slots *= 2;
		bits++;
	}
	t->key = calloc(slots, sizeof *t->key);
	t->word = calloc(slots, sizeof *t->word);
	if (t->key == NULL || t->word == NULL) {
		ptab_fini(t);
		return -1;
	}
	t->n_slots = slots;
	t->shift = 32 - bits;
	return 0;
}

static size_t ptab_slot(const facts__ptab *t, uint32_t key)
{
	return (uint32_t)(key * 2654435769u) >> t->shift;
}

static bool ptab_maybe(const facts__ptab *t, uint32_t key)
{
	uint32_t b = (uint32_t)(key * 2654435769u) >> (32 - FACTS__SEEN_BITS);
	return t->seen[b / 64] >> (b % 64) & 1;
}

static void ptab_put(facts__ptab *t, uint32_t key, size_t word)
{
	size_t mask = t->n_slots - 1, i = ptab_slot(t, key);
	while (t->word[i] != 0)
		i = (i + 1) & mask;
	t->key[i] = key;
	t->word[i] = (uint32_t)word + 1;
	uint32_t b = (uint32_t)(key * 2654435769u) >> (32 - FACTS__SEEN_BITS);
	t->seen[b / 64] |= (uint64_t)1 << (b % 64);
}

/* The first 6 bytes of a word of len >= 6 bytes (three Arabic letters) as
 * one number: prefix first words are found by them. Two short loads, no
 * decoding, so that the probe at every clitic offset of every word stays
 * cheap. */
static inline uint64_t pre_key(const char *s)
{
	uint32_t a;
	uint16_t b;
	memcpy(&a, s, 4);
	memcpy(&b, s + 4, 2);
	return (uint64_t)a | (uint64_t)b << 32;
}

static inline size_t pre_bucket(uint64_t key)
{
	return (size_t)((key * 0x9E3779B97F4A7C15u) >> (64 - FACTS__PRE_BITS));
}

void facts__lexindex_fini(facts__lexindex *ix)
{
	free(ix->lists);
	free(ix->words);
	free(ix->pats);
	free(ix->pat);
	free(ix->short_pre);
	free(ix->pre_first);
	free(ix->pre_words);
	free(ix->pre_key);
	ptab_fini(&ix->whole);
	*ix = (facts__lexindex){0};
}

static const facts__pat *list_pat(const facts__lexindex *ix, size_t l, size_t k)
{
	const facts__listref *r = &ix->lists[l];
	return (const facts__pat *)(r->base + k * r->stride);
}

/* A pattern by its first word, while the index is built. */
typedef struct {
	const char *w;
	uint16_t len;
	bool prefix, single; /* single: a one-word pattern */
	uint32_t v;          /* list << 16 | pattern index */
} first_word;

static int first_word_cmp(const void *a, const void *b)
{
	const first_word *x = a, *y = b;
	if (x->prefix != y->prefix)
		return x->prefix ? 1 : -1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	int d = memcmp(x->w, y->w, x->len);
	if (d)
		return d;
	if (x->single != y->single) /* one-word patterns first */
		return x->single ? -1 : 1;
	return x->v < y->v ? -1 : x->v > y->v;
}

static bool same_word(const first_word *x, const first_word *y)
{
	return x->prefix == y->prefix && x->len == y->len && memcmp(x->w, y->w, x->len) == 0;
}

int facts__lexindex_build(facts_lexicon *lex)
{
	facts__lexindex *ix = &lex->ix;
	facts__lexindex_fini(ix);
	facts__patlist *pl[] = {&lex->speech, &lex->roles, &lex->report, &lex->comp, &lex->rel, &lex->origin,
	    &lex->mword, &lex->mtalk, &lex->mnot, &lex->mback, &lex->mnew, &lex->topic, &lex->host,
	    &lex->future, &lex->present, &lex->part, &lex->negation};
	facts__taglist *tl[] = {&lex->level, &lex->punit, &lex->events, &lex->modes};
	size_t np = sizeof pl / sizeof pl[0], nt = sizeof tl / sizeof tl[0];
	size_t n_lists = 2 * lex->n_metrics + np + nt;
	if (n_lists >= UINT16_MAX)
		return -1;
	ix->lists = calloc(n_lists, sizeof *ix->lists);
	if (ix->lists == NULL)
		return -1;
	size_t id = 0;
	for (size_t i = 0; i < lex->n_metrics; i++) {
		facts__metric *m = &lex->metrics[i];
		m->trig.id = (uint16_t)id;
		ix->lists[id++] = (facts__listref){(const char *)m->trig.v, sizeof *m->trig.v, m->trig.n};
		m->neg.id = (uint16_t)id;
		ix->lists[id++] = (facts__listref){(const char *)m->neg.v, sizeof *m->neg.v, m->neg.n};
	}
	for (size_t i = 0; i < np; i++) {
		pl[i]->id = (uint16_t)id;
		ix->lists[id++] = (facts__listref){(const char *)pl[i]->v, sizeof *pl[i]->v, pl[i]->n};
	}
	for (size_t i = 0; i < nt; i++) {
		tl[i]->id = (uint16_t)id;
		ix->lists[id++] = (facts__listref){(const char *)tl[i]->v, sizeof *tl[i]->v, tl[i]->n};
	}
	ix->n_lists = id;
	static atomic_uint_fast64_t serials = 1;
	ix->serial = (uint64_t)atomic_fetch_add(&serials, 1);

	size_t n_pats = 0;
	for (size_t l = 0; l < ix->n_lists; l++)
		n_pats += ix->lists[l].n < UINT16_MAX ? ix->lists[l].n : UINT16_MAX;
	first_word *fw = malloc((n_pats ? n_pats : 1) * sizeof *fw);
	ix->pats = malloc((n_pats ? n_pats : 1) * sizeof *ix->pats);
	ix->pat = malloc((n_pats ? n_pats : 1) * sizeof *ix->pat);
	ix->words = malloc((n_pats ? n_pats : 1) * sizeof *ix->words);
	if (fw == NULL || ix->pats == NULL || ix->pat == NULL || ix->words == NULL)
		goto fail;
	size_t n = 0;
	for (size_t l = 0; l < ix->n_lists; l++)
		for (size_t k = 0; k < ix->lists[l].n && k < UINT16_MAX; k++) {
			const facts__pat *p = list_pat(ix, l, k);
			if (p->n > 0)
				fw[n++] = (first_word){p->w[0], p->len[0], p->prefix[0], p->n == 1, (uint32_t)(l << 16 | k)};
		}
	qsort(fw, n, sizeof *fw, first_word_cmp);
	size_t n_whole = 0, n_pre = 0;
	for (size_t i = 0; i < n; i++) {
		ix->pats[i] = fw[i].v;
		ix->pat[i] = list_pat(ix, fw[i].v >> 16, fw[i].v & 0xFFFF);
		if (i > 0 && same_word(&fw[i - 1], &fw[i])) {
			ix->words[ix->n_words - 1].n++;
			ix->words[ix->n_words - 1].n_single += fw[i].single;
			continue;
		}
		ix->words[ix->n_words++] =
		    (facts__fword){fw[i].w, fw[i].len, fw[i].prefix, (uint32_t)i, 1, fw[i].single, 0, false};
		if (fw[i].prefix)
			n_pre++;
		else
			n_whole++;
	}
	free(fw);
	fw = NULL;
	for (size_t i = 0; i < ix->n_words; i++) {
		facts__fword *w = &ix->words[i];
		for (size_t x = w->first + w->n_single; x < w->first + w->n; x++) {
			const facts__pat *p = ix->pat[x];
			if (p->prefix[1])
				w->any_pre2 = true;
			else
				w->second |= (uint64_t)1 << (p->hash[1] >> 26);
		}
	}
	ix->short_pre = malloc((n_pre ? n_pre : 1) * sizeof *ix->short_pre);
	ix->pre_words = malloc((n_pre ? n_pre : 1) * sizeof *ix->pre_words);
	ix->pre_key = malloc((n_pre ? n_pre : 1) * sizeof *ix->pre_key);
	ix->pre_first = calloc(((size_t)1 << FACTS__PRE_BITS) + 1, sizeof *ix->pre_first);
	if (ix->short_pre == NULL || ix->pre_words == NULL || ix->pre_key == NULL || ix->pre_first == NULL ||
	    n_pre >= UINT16_MAX || ptab_init(&ix->whole, n_whole) != 0)
		goto fail;
	for (size_t i = 0; i < ix->n_words; i++) {
		const facts__fword *w = &ix->words[i];
		if (!w->prefix)
			ptab_put(&ix->whole, facts__word_hash(w->w, w->len), i);
		else if (w->len < 6)
			ix->short_pre[ix->n_short_pre++] = (uint32_t)i;
		else
			ix->pre_first[pre_bucket(pre_key(w->w)) + 1]++;
	}
	/* counts to run starts, then each word into its run */
	const size_t n_buckets = (size_t)1 << FACTS__PRE_BITS;
	for (size_t c = 0; c < n_buckets; c++)
		ix->pre_first[c + 1] = (uint16_t)(ix->pre_first[c + 1] + ix->pre_first[c]);
	uint16_t *fill = malloc(n_buckets * sizeof *fill);
	if (fill == NULL)
		goto fail;
	memcpy(fill, ix->pre_first, n_buckets * sizeof *fill);
	for (size_t i = 0; i < ix->n_words; i++) {
		const facts__fword *w = &ix->words[i];
		if (w->prefix && w->len >= 6) {
			uint64_t key = pre_key(w->w);
			size_t x = fill[pre_bucket(key)]++;
			ix->pre_words[x] = (uint32_t)i;
			ix->pre_key[x] = key;
		}
	}
	free(fill);
	return 0;
fail:
	free(fw);
	facts__lexindex_fini(ix);
	return -1;
}

/* --- the document match table */

/* A hit while the table is built, before it is grouped by list. */
typedef struct {
	uint32_t key; /* list << 16 | pattern index */
	uint32_t tok;
	uint8_t n;
} raw_hit;

/* --- the word memo
 *
 * Per thread, across documents: by the word (its matching form), its
 * clitic offsets and suffix hashes and the first words the index finds at
 * them: all of a token's own work here depends on its norm alone. News
 * repeats its common words (من, ان, التحالف) in every article; found
 * again in the memo they cost one lookup instead of the offsets' analysis,
 * the hashing and the probes. A direct-mapped table of words of up to
 * MEMO_LEN bytes that start at most MEMO_FW first words (others are worked
 * out every time), valid for one lexicon index (serial). 2^13 entries of
 * 76 bytes (~620 KiB a thread that builds facts, freed at its exit): over
 * bench_pipeline's first 88 pieces (its 5 articles, repeated) 2^11 left
 * 30% of the words to work out, 2^13 10%. A word met for the first time
 * costs a lookup and a store more than without the memo. */
#define MEMO_BITS 13
#define MEMO_LEN 30
#define MEMO_FW 3
typedef struct {
	facts__offs offs;
	uint32_t fw[MEMO_FW]; /* facts__lexindex.words indexes */
	uint8_t n_fw;
	uint8_t len; /* 0: empty */
	char w[MEMO_LEN];
} memo_entry;

typedef struct {
	uint64_t serial;
	memo_entry e[1u << MEMO_BITS];
} memo;

/* A word's memo slot, from its first and last (up to) 8 bytes and length:
 * known before the word is hashed. */
static inline size_t memo_slot(const char *s, size_t len)
{
	return (size_t)(coal_ends_mix(s, len) >> (64 - MEMO_BITS));
}

static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;
static _Thread_local memo *memo_cur;

static void memo_key_create(void)
{
	(void)pthread_key_create(&memo_key, free);
}

/* This thread's memo, emptied when it served another index; NULL when out
 * of memory (then every word is probed). */
static memo *memo_get(const facts__lexindex *ix)
{
	memo *m = memo_cur;
	if (m == NULL) {
		pthread_once(&memo_once, memo_key_create);
		m = malloc(sizeof *m);
		if (m == NULL)
			return NULL;
		if (pthread_setspecific(memo_key, m) != 0) {
			free(m);
			return NULL;
		}
		m->serial = 0;
		memo_cur = m;
	}
	if (m->serial != ix->serial) {
		for (size_t i = 0; i < (1u << MEMO_BITS); i++)
			m->e[i].len = 0;
		m->serial = ix->serial;
	}
	return m;
}

/* A token's first words as the memo gave them (copied: the entry may be
 * taken by another word before the token's hits are recorded). */
typedef struct {
	uint32_t fw[MEMO_FW];
	uint8_t n_fw;
	bool known; /* false: the memo did not have the word */
} known_fw;

typedef struct {
	const facts__lexindex *ix;
	const text_token *toks;
	const facts__offs *offs;
	size_t n_toks;
	raw_hit *v;
	size_t n, cap;
	memo *memo;             /* NULL: none */
	const known_fw *known;  /* per token, NULL: none */
	/* the first words found by the probe of the current token, for its
	 * memo entry; fw_over: more than MEMO_FW */
	uint32_t fw[MEMO_FW];
	size_t n_fw;
	bool fw_over;
} builder;

/* Room for k more hits. */
static int reserve(builder *b, size_t k)
{
	if (b->n + k <= b->cap)
		return 0;
	size_t nc = b->cap ? b->cap : 256;
	while (nc < b->n + k)
		nc *= 2;
	raw_hit *nv = realloc(b->v, nc * sizeof *nv);
	if (nv == NULL)
		return -1;
	b->v = nv;
	b->cap = nc;
	return 0;
}

/* First word w stands at token i (at one of its clitic offsets): records
 * each of its patterns whose other words follow. */
static int word_hits(builder *b, const facts__fword *w, size_t i)
{
	if (reserve(b, w->n) != 0)
		return -1;
	const uint32_t *pats = b->ix->pats;
	raw_hit *v = b->v;
	size_t n = b->n;
	/* its one-word patterns (first) match: the word is there */
	uint32_t x = w->first, single_end = w->first + w->n_single, end = w->first + w->n;
	for (; x < single_end; x++)
		v[n++] = (raw_hit){pats[x], (uint32_t)i, 1};
	if (x < end) {
		const facts__offs *next = i + 1 < b->n_toks ? &b->offs[i + 1] : NULL;
		size_t nn = next ? next->n : 0;
		uint64_t seen = 0; /* as facts__fword.second, of the next token */
		for (size_t j = 0; j < nn; j++)
			seen |= (uint64_t)1 << (next->hash[j] >> 26);
		if (!w->any_pre2 && (w->second & seen) == 0)
			x = end;
		for (; x < end; x++) {
			const facts__pat *p = b->ix->pat[x];
			/* most multi-word patterns fail on their second word: try its
			 * hash against the next token's before matching */
			bool maybe = p->prefix[1];
			if (!maybe && (seen >> (p->hash[1] >> 26) & 1) == 0)
				continue;
			for (size_t j = 0; j < nn && !maybe; j++)
				maybe = next->hash[j] == p->hash[1];
			size_t m = maybe ? match_from(p, b->toks, b->offs, b->n_toks, i, 1) : 0;
			if (m)
				v[n++] = (raw_hit){pats[x], (uint32_t)i, (uint8_t)m};
		}
	}
	b->n = n;
	return 0;
}

/* word_hits, noting w for the memo entry of the token. */
static int found(builder *b, size_t w, size_t i)
{
	bool seen = false;
	for (size_t x = 0; x < b->n_fw && !seen; x++)
		seen = b->fw[x] == w;
	if (seen)
		return 0; /* through another clitic offset: the same hits */
	if (b->n_fw < MEMO_FW)
		b->fw[b->n_fw++] = (uint32_t)w;
	else
		b->fw_over = true; /* (not checked for repeats from here on) */
	return word_hits(b, &b->ix->words[w], i);
}

/* Every match at word token i, appended (in no order, perhaps twice: see
 * facts__matches_build). */
static int token_hits(builder *b, size_t i)
{
	const facts__lexindex *ix = b->ix;
	if (b->known && b->known[i].known) {
		const known_fw *k = &b->known[i];
		for (size_t x = 0; x < k->n_fw; x++)
			if (word_hits(b, &ix->words[k->fw[x]], i) != 0)
				return -1;
		return 0;
	}
	const facts__ptab *tb = &ix->whole;
	const char *norm = b->toks[i].norm;
	const size_t norm_len = b->toks[i].norm_len;
	const facts__offs o = b->offs[i];
	b->n_fw = 0;
	b->fw_over = false;
	for (size_t j = 0; j < o.n; j++) {
		const char *s = norm + o.off[j];
		const size_t len = norm_len - o.off[j];
		const uint32_t h = o.hash[j];
		if (tb->n_slots && ptab_maybe(tb, h)) {
			size_t mask = tb->n_slots - 1;
			for (size_t x = ptab_slot(tb, h); tb->word[x] != 0; x = (x + 1) & mask) {
				const facts__fword *w = &ix->words[tb->word[x] - 1];
				if (tb->key[x] == h && w->len == len && memcmp(w->w, s, len) == 0) {
					if (found(b, tb->word[x] - 1u, i) != 0)
						return -1;
					break; /* whole words are distinct */
				}
			}
		}
		if (len >= 6) {
			uint64_t key = pre_key(s);
			size_t bucket = pre_bucket(key);
			for (size_t x = ix->pre_first[bucket], e = ix->pre_first[bucket + 1]; x < e; x++) {
				if (ix->pre_key[x] != key)
					continue;
				/* the first 6 bytes are equal */
				const facts__fword *w = &ix->words[ix->pre_words[x]];
				if (w->len <= len && memcmp(w->w + 6, s + 6, w->len - 6u) == 0 &&
				    found(b, ix->pre_words[x], i) != 0)
					return -1;
			}
		}
		for (size_t x = 0; x < ix->n_short_pre; x++) {
			const facts__fword *w = &ix->words[ix->short_pre[x]];
			if (w->len <= len && memcmp(w->w, s, w->len) == 0 && found(b, ix->short_pre[x], i) != 0)
				return -1;
		}
	}
	if (b->memo && norm_len <= MEMO_LEN && !b->fw_over) {
		memo_entry *me = &b->memo->e[memo_slot(norm, norm_len)];
		me->offs = o;
		me->len = (uint8_t)norm_len;
		me->n_fw = (uint8_t)b->n_fw;
		memcpy(me->fw, b->fw, sizeof me->fw);
		memcpy(me->w, norm, norm_len);
	}
	return 0;
}

void facts__matches_fini(facts__matches *m)
{
	free(m->hits);
	free(m->first);
	*m = (facts__matches){0};
}

/* Fills offs[i] and known[i] from the memo, or works offs[i] out. */
static void memo_fill(memo *mm, const text_token *t, facts__offs *o, known_fw *k)
{
	k->known = false;
	if (t->kind != TEXT_TOKEN_WORD) {
		o->n = 0;
		return;
	}
	const memo_entry *e = t->norm_len > 0 && t->norm_len <= MEMO_LEN ? &mm->e[memo_slot(t->norm, t->norm_len)] : NULL;
	if (e && e->len == t->norm_len && coal_bytes_eq(e->w, t->norm, t->norm_len)) {
		*o = e->offs;
		k->known = true;
		k->n_fw = e->n_fw;
		memcpy(k->fw, e->fw, sizeof e->fw);
	} else {
		offs_one(t, o);
	}
}

/* The table over offs. With a memo (mm, known and fill, == offs, not
 * NULL) offs[i] and known[i] are filled here, a pattern's length ahead of
 * the token whose hits are recorded (they read the offsets of the tokens
 * after it), so that a word's memo entry serves its next use in the same
 * document too. */
static int matches_build(const facts_lexicon *lex, const text_token *toks, const facts__offs *offs,
    facts__offs *fill, size_t n_toks, memo *mm, known_fw *known, facts__matches *out)
{
	*out = (facts__matches){0};
	const facts__lexindex *ix = &lex->ix;
	builder b = {ix, toks, offs, n_toks, NULL, 0, 0, mm, known, {0}, 0, false};
	const size_t lag = FACTS__MAX_WORDS - 1; /* token i's hits read offs[i .. i + lag] */
	for (size_t f = 0; f < n_toks + lag; f++) {
		if (fill && f < n_toks)
			memo_fill(mm, &toks[f], &fill[f], &known[f]);
		size_t i = f - lag;
		if (f >= lag && offs[i].n && token_hits(&b, i) != 0)
			goto fail;
	}
	out->n_lists = ix->n_lists;
	out->first = calloc(ix->n_lists + 1, sizeof *out->first);
	out->hits = malloc((b.n ? b.n : 1) * sizeof *out->hits);
	if (out->first == NULL || out->hits == NULL)
		goto fail;
	/* group by list, keeping token order (a stable counting sort) */
	for (size_t x = 0; x < b.n; x++)
		out->first[(b.v[x].key >> 16) + 1]++;
	for (size_t l = 0; l < ix->n_lists; l++)
		out->first[l + 1] += out->first[l];
	uint32_t *next = b.n ? malloc(ix->n_lists * sizeof *next) : NULL;
	if (b.n && next == NULL)
		goto fail;
	if (next)
		memcpy(next, out->first, ix->n_lists * sizeof *next);
	/* a list's hits at one token may come from several first words: each
	 * goes into pattern order as it lands; a repeat (a pattern found twice,
	 * possible only when a token starts more than MEMO_FW first words) is
	 * noted, and dropped below */
	bool repeats = false;
	for (size_t x = 0; x < b.n; x++) {
		const raw_hit *r = &b.v[x];
		size_t l = r->key >> 16, base = out->first[l], y = next[l]++;
		facts__hit h = {r->tok, (uint16_t)(r->key & 0xFFFF), r->n};
		for (; y > base && out->hits[y - 1].tok == h.tok && out->hits[y - 1].k > h.k; y--)
			out->hits[y] = out->hits[y - 1];
		if (y > base && out->hits[y - 1].tok == h.tok && out->hits[y - 1].k == h.k)
			repeats = true;
		out->hits[y] = h;
	}
	free(next);
	if (!repeats) {
		free(b.v);
		return 0;
	}
	/* drop the repeats, compacting the lists as they go (the hits are in
	 * order) */
	size_t w = 0;
	for (size_t l = 0; l < ix->n_lists; l++) {
		size_t lo = out->first[l], hi = out->first[l + 1], base = w;
		out->first[l] = (uint32_t)base;
		for (size_t x = lo; x < hi; x++) {
			facts__hit h = out->hits[x];
			size_t y = w;
			while (y > base && out->hits[y - 1].tok == h.tok && out->hits[y - 1].k > h.k)
				y--;
			if (y > base && out->hits[y - 1].tok == h.tok && out->hits[y - 1].k == h.k)
				continue;
			for (size_t z = w; z > y; z--)
				out->hits[z] = out->hits[z - 1];
			out->hits[y] = h;
			w++;
		}
	}
	out->first[ix->n_lists] = (uint32_t)w;
	free(b.v);
	return 0;
fail:
	free(b.v);
	facts__matches_fini(out);
	return -1;
}

/* The first of hits[lo, hi) at token tok or after. */
static size_t hit_lower(const facts__hit *hits, size_t lo, size_t hi, size_t tok)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (hits[mid].tok < tok)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const facts__hit *facts__matches_range(const facts__matches *m, size_t l, size_t from, size_t to,
    const facts__hit **end)
{
	size_t lo = m->first[l], hi = m->first[l + 1];
	size_t a = hit_lower(m->hits, lo, hi, from);
	if (a == hi || m->hits[a].tok >= to)
		return NULL;
	if (end)
		*end = m->hits + hit_lower(m->hits, a, hi, to);
	return m->hits + a;
}

int facts__matches_build(const facts_lexicon *lex, const text_token *toks, const facts__offs *offs,
    size_t n_toks, facts__matches *out)
{
	return matches_build(lex, toks, offs, NULL, n_toks, NULL, NULL, out);
}

int facts__doc_match(const facts_lexicon *lex, const text_token *toks, size_t n, facts__offs *offs,
    facts__matches *out)
{
	*out = (facts__matches){0};
	memo *mm = memo_get(&lex->ix);
	if (mm == NULL) {
		facts__offs_fill(toks, n, offs);
		return matches_build(lex, toks, offs, NULL, n, NULL, NULL, out);
	}
	known_fw *known = malloc((n ? n : 1) * sizeof *known);
	if (known == NULL)
		return -1;
	int rc = matches_build(lex, toks, offs, offs, n, mm, known, out);
	free(known);
	return rc;
}
