/* entity_find: the recogniser over one text_doc. Four passes over the
 * tokens, each linear:
 *   A. gazetteer forms, leftmost-longest, clitics stripped from the first
 *      token only (a proclitic never sits inside a name);
 *   B. rules from the lexicon: an office or title followed by qualifiers
 *      (nisba, country, organisation, "في" + place) and a name; a speech
 *      verb followed by a name. Names are runs of unknown Arabic words;
 *   C. lone surnames of people named in full earlier, and unlisted spellings
 *      of gazetteer persons (skeleton match) among the remaining words.
 * Per document we allocate a handful of arrays, never per token. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity_impl.h"

typedef struct {
	entity_info info;
	entity_role role;
	char id[32];
	char *name;   /* original bytes of the name tokens */
	char *office; /* original bytes of the office, or NULL */
	const char *of_id;
	char vs[ENTITY__KEY_MAX];
	size_t vs_len;
} doc_person;

struct entity_result {
	const entity_gazetteer *g;
	entity_mention *m;
	size_t n_m, cap_m;
	entity_role_mention *r;
	size_t n_r, cap_r;
	doc_person *p;
	size_t n_p, cap_p;
};

#define FULL_BLOOM_MASK 31u /* full_bloom words - 1 */

typedef struct {
	const entity_gazetteer *g;
	entity_result *res;
	const text_token *t;
	size_t nt;
	const char *bytes;
	uint32_t *cover; /* token -> mention index, or ENTITY__NIL */
	/* what the last rule_office call saw, for the apposition rule */
	bool holder_found;
	entity_ref last_of;
	uint32_t last_o_start, last_o_end;
	/* a genitive office inside the last office ("الموفد الخاص للرئيس
	 * الأمريكي أوباما لدى التحالف"), run after it: gen_n == 0 if none */
	size_t gen_i, gen_n, gen_strip;
	uint32_t gen_mask;
	/* pass C: mentions naming a person in two words or more, in text
	 * order, so a lone surname is looked up among those only; full_h:
	 * entity__hash of each one's last token, and full_bloom a bloom of
	 * those hashes (bit h % 2048), for surname_link */
	uint32_t *full;
	uint64_t *full_h;
	size_t n_full;
	uint64_t full_bloom[FULL_BLOOM_MASK + 1];
	/* Per-token memos: every rule asks the same questions of the same
	 * tokens (lex_longest2 at i is a pure function of the document and
	 * the gazetteer), so each answer is computed once per document. The
	 * arrays are allocated once per document; the const ctx * of the
	 * helpers does not stop them writing here. */
	struct memo *memo;
	/* skeletons of the distinct words (struct memo vs_off): norm_len + 1
	 * bytes each */
	char *vsk;
	/* per token, TF_* bits of its word's variants (set by find_words for
	 * every word token, 0 for the others): the passes skip the tokens
	 * that start no key on one byte, without their memo */
	uint8_t *tf;
	struct wcache *wc; /* this thread's word cache, NULL: none */
} ctx;

#define TF_GZ 0x1u /* a variant starts a gazetteer key (memo gz_any) */
#define TF_LX 0x2u /* a variant starts a lexicon key (memo lx_any) */

/* What the memo keeps for one token. */
#define MEMO_CL_MAX 8
#define NVAR 12

/* One first-token variant (see make_variants), kept as a view of the
 * token's norm rather than a copy: the bytes norm[off..norm_len), after
 * "ال" when art is set (the article restored after a stripped ل). */
typedef struct {
	uint16_t off;
	uint8_t art;
	uint8_t strip; /* letters of the original word the variant drops */
} var;

/* What depends on a word alone (its norm, bare_len and clitics) and the
 * gazetteer: kept once per distinct word of a document, in the word cache
 * across documents (struct wcache), never per token. */
struct wmemo {
	uint64_t nh; /* entity__hash of the norm */
	/* when has & MEMO_VAR: the variants of make_variants (in its order),
	 * each one's entity__hash (one hash serves every map it is looked up
	 * in and the surname filter), and the most tokens of a gazetteer key
	 * (gz_mx) and of a lexicon key (lx_mx) starting with it, 0 when none.
	 * Built once per distinct word: pass A, the rules and the surname
	 * search all start from the same variants. */
	uint64_t vh[NVAR];
	uint32_t lx1;  /* lex_one, when has & MEMO_LX1 ... */
	uint32_t lxb;  /* ... and the mask of the bare form alone (0 when
	                  it is the norm), for has_proclitic */
	/* when has & MEMO_LXS: lex_longest2_compute's answer when no key of
	 * two tokens or more can start at the token (lex_single) */
	uint32_t lxs;
	/* when has & MEMO_GZS: the same for gz_longest (gz_single), unless
	 * has & MEMO_GZS_CS (a posting to check for case: per token) */
	uint32_t gzs_head;
	/* when has & MEMO_VS: entity__vskel of the norm alone, at
	 * c->vsk + vs_off (vs_len 0: empty); per document (find_words) */
	uint32_t vs_off;
	uint16_t vs_len;
	uint16_t has;  /* MEMO_* bits of the word */
	uint8_t lxs_n, lxs_strip;
	uint8_t gzs_strip;
	bool gzs_weak;
	uint8_t nv;
	bool gz_any, lx_any;
	uint8_t gz_mx[NVAR], lx_mx[NVAR];
	var v[NVAR];
};

struct memo {
	/* the word's memo: a word cache entry's, or the one of the first
	 * token of the document with the same word (own) */
	struct wmemo *word;
	uint64_t nh; /* entity__hash of the norm (word tokens only) */
	/* one past the last token of the run of tokens of i's sentence that
	 * starts at i (sentence_room) */
	uint32_t run_end;
	uint32_t lx2;  /* lex_longest2 mask ... */
	uint8_t lx2_n, lx2_strip; /* ... its *n_out and *strip */
	uint16_t has;  /* MEMO_* bits of the token (LX2, NT*) */
	struct wmemo own;
};
/* bits of struct wmemo has (the word's) */
#define MEMO_LX1 0x1u
#define MEMO_LB 0x2u       /* see name_word_fill */
#define MEMO_VAR 0x8u
#define MEMO_VS 0x10u
#define MEMO_SKP 0x20u    /* skel_may_start computed ... */
#define MEMO_SKP_OK 0x40u /* ... and true */
#define MEMO_NWW1 0x80u     /* name_word_fill(first) done ... */
#define MEMO_NWW1_OK 0x100u /* ... and the word may start a name */
#define MEMO_NWW0 0x200u    /* name_word_fill(!first) done ... */
#define MEMO_NWW0_OK 0x400u /* ... and the word may continue one */
#define MEMO_LXS 0x800u
#define MEMO_GZS 0x1000u
#define MEMO_GZS_CS 0x2000u
/* bits of struct memo has (the token's) */
#define MEMO_LX2 0x2u
#define MEMO_NT1 0x80u     /* name_word(first) computed ... */
#define MEMO_NT1_OK 0x100u /* ... and true */
#define MEMO_NT0 0x200u    /* name_word(!first) computed ... */
#define MEMO_NT0_OK 0x400u /* ... and true */

#define ARTICLE "\xd8\xa7\xd9\x84" /* ال */

static bool grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 16;
	void *v = realloc(*p, c * size);
	if (v == NULL)
		return false;
	*p = v;
	*cap = c;
	return true;
}

static bool same_sentence(const ctx *c, size_t i, size_t j)
{
	return j < c->nt && c->t[j].sentence == c->t[i].sentence;
}

/* --- first-token variants: the word, each clitic-stripped form, and after
 * a stripped ل the article restored (للموصل -> لموصل, موصل, الموصل). */

static size_t var_len(const text_token *tk, var v)
{
	return (size_t)tk->norm_len - v.off + (v.art ? 4 : 0);
}

/* Writes the variant's bytes at out; returns their length. */
static size_t var_copy(const text_token *tk, var v, char *out)
{
	size_t o = 0;
	if (v.art) {
		memcpy(out, ARTICLE, 4);
		o = 4;
	}
	memcpy(out + o, tk->norm + v.off, (size_t)tk->norm_len - v.off);
	return o + (size_t)tk->norm_len - v.off;
}

/* Are the variant's bytes s[0..len)? */
static bool var_eq(const text_token *tk, var v, const char *s, size_t len)
{
	if (var_len(tk, v) != len)
		return false;
	if (v.art) {
		if (memcmp(s, ARTICLE, 4) != 0)
			return false;
		s += 4;
		len -= 4;
	}
	return memcmp(s, tk->norm + v.off, len) == 0;
}

/* Two variants of one token with the same bytes: the same view, or
 * "ال" + norm[a..] against norm[a-4..] that starts with "ال". */
static bool var_same(const text_token *tk, var x, var y)
{
	if (var_len(tk, x) != var_len(tk, y))
		return false;
	if (x.art == y.art)
		return true; /* same length and kind: same offset */
	var a = x.art ? x : y; /* a.off >= 4 since the lengths agree */
	return memcmp(tk->norm + a.off - 4, ARTICLE, 4) == 0;
}

static inline void add_var(const text_token *tk, struct wmemo *me, size_t off, bool art, size_t strip)
{
	var v = { (uint16_t)off, (uint8_t)art, (uint8_t)(strip > 255 ? 255 : strip) };
	if (me->nv == NVAR || var_len(tk, v) == 0)
		return;
	for (size_t k = 0; k < me->nv; k++)
		if (var_same(tk, me->v[k], v))
			return;
	me->v[me->nv++] = v;
}

static bool ends_with(const char *s, size_t len, const char *suf, size_t sl)
{
	return len >= sl && memcmp(s + len - sl, suf, sl) == 0;
}

/* The variants of make_variants (see there) of a word with proclitics. */
static void variants_general(const text_token *tk, struct wmemo *me)
{
	size_t offs[MEMO_CL_MAX];
	size_t no = 0;
	/* The text layer analysed the clitics once per token (bit k: offset
	 * 2k, at most 5 bits). A token without the analysis asks for it. */
	if (tk->clitics != 0) {
		for (unsigned m = tk->clitics; m != 0; m &= m - 1)
			offs[no++] = 2 * (size_t)__builtin_ctz(m);
	} else {
		no = text_token_clitic_offsets(tk, offs, MEMO_CL_MAX);
	}
	if (no == 0)
		add_var(tk, me, 0, false, 0);
	for (size_t k = 0; k < no; k++) {
		size_t o = offs[k];
		bool art = ends_with(tk->norm, o, ARTICLE, 4) || ends_with(tk->norm, o, "\xd9\x84\xd9\x84", 4);
		if (!art)
			add_var(tk, me, o, false, o / 2);
		if (o >= 2 && memcmp(tk->norm + o - 2, "\xd9\x84", 2) == 0 &&
		    tk->norm_len - o + 4 <= ENTITY__KEY_MAX && me->nv < NVAR)
			add_var(tk, me, o, true, o / 2); /* "للرئيس": office text "رئيس" */
	}
	if (tk->bare_len >= 4 && memcmp(tk->bare, ARTICLE, 4) == 0)
		add_var(tk, me, (size_t)(tk->norm_len - tk->bare_len), false,
		    (size_t)(tk->norm_len - tk->bare_len) / 2);
}

/* A word without its article is no variant: names never gain one in text
 * (واشنطن is never "الواشنطن"), while common words lose theirs into a name
 * ("المالية" is not "ماليه", "المالي" is not Mali). So after a stripped
 * "ال" or "لل" only the form with the article is tried. Arabic letters are
 * two bytes in matching form, so an offset o drops o / 2 letters.
 * Then each variant is hashed once and looked up in g->first, the first
 * tokens of gazetteer and lexicon keys (most words start none: the map's
 * bloom answers those without a table walk). */
static void make_variants(const ctx *c, size_t i, struct wmemo *me)
{
	const text_token *tk = &c->t[i];
	const entity_gazetteer *g = c->g;
	me->nv = 0;
	if ((tk->clitics == 1 || (tk->clitics == 5 && memcmp(tk->norm, ARTICLE, 4) == 0)) &&
	    (tk->bare_len == tk->norm_len || tk->bare_len < 4 ||
	        memcmp(tk->bare, ARTICLE, 4) != 0)) {
		/* no proclitic (most words), or the article alone (offsets 0
		 * and 4 of "ال..."): the word itself only, as the general case
		 * below would find (offset 4 is "ال" + the rest, the word) */
		if (tk->norm_len > 0)
			me->v[me->nv++] = (var){ 0, 0, 0 };
	} else {
		variants_general(tk, me);
	}
	me->gz_any = me->lx_any = false;
	for (size_t v = 0; v < me->nv; v++) {
		char buf[ENTITY__KEY_MAX + 8];
		const char *s = tk->norm + me->v[v].off;
		size_t len = var_len(tk, me->v[v]);
		if (me->v[v].art)
			s = buf, var_copy(tk, me->v[v], buf);
		uint64_t h = me->v[v].off == 0 && !me->v[v].art && tk->kind == TEXT_TOKEN_WORD ?
		    me->nh : entity__hash(s, len); /* nh: word tokens only */
		/* both first-token maps in one probe */
		uint32_t fm = entity__map_get_h(&g->first, &g->blob, s, len, h);
		me->vh[v] = h;
		me->gz_mx[v] = fm == ENTITY__NIL ? 0 : (uint8_t)ENTITY__FIRST_GZ(fm);
		me->lx_mx[v] = fm == ENTITY__NIL ? 0 : (uint8_t)ENTITY__FIRST_LX(fm);
		me->gz_any = me->gz_any || me->gz_mx[v] != 0;
		me->lx_any = me->lx_any || me->lx_mx[v] != 0;
	}
	me->has |= MEMO_VAR;
}

/* The memo that keeps what depends on token i's word alone. */
static inline struct wmemo *word_memo(const ctx *c, size_t i)
{
	return c->memo[i].word;
}

/* The word memo of token i with its variants made. */
static const struct wmemo *token_vars(const ctx *c, size_t i)
{
	struct wmemo *me = word_memo(c, i);
	if (!(me->has & MEMO_VAR))
		make_variants(c, i, me); /* the same word as the memo's token */
	return me;
}

/* The keys of variant v of token i followed by ' ' and the norms of tokens
 * i+1 .. i+n-1, for every n up to nmax at once: the key of n tokens is the
 * first end[n] bytes of key. Returns the largest n whose key fits in
 * ENTITY__KEY_MAX bytes (0 if none). */
static size_t build_keys(const ctx *c, size_t i, var v, size_t nmax, char *key,
    size_t end[ENTITY__NTOK_MAX + 1])
{
	if (nmax == 0 || var_len(&c->t[i], v) > ENTITY__KEY_MAX)
		return 0;
	size_t len = var_copy(&c->t[i], v, key);
	end[1] = len;
	size_t n = 1;
	for (; n < nmax; n++) {
		const text_token *tk = &c->t[i + n];
		if (len + 1 + tk->norm_len > ENTITY__KEY_MAX)
			break;
		key[len++] = ' ';
		memcpy(key + len, tk->norm, tk->norm_len);
		len += tk->norm_len;
		end[n + 1] = len;
	}
	return n;
}

/* The key of variant v of token i alone (build_keys with nmax 1), without
 * a copy when the variant is a view of the norm: *k1 is its bytes. */
static size_t one_key(const ctx *c, size_t i, var v, char *key, size_t end[ENTITY__NTOK_MAX + 1],
    const char **k1)
{
	const text_token *tk = &c->t[i];
	size_t len = var_len(tk, v);
	if (len > ENTITY__KEY_MAX)
		return 0;
	end[1] = len;
	if (v.art) {
		var_copy(tk, v, key);
		*k1 = key;
	} else {
		*k1 = tk->norm + v.off;
	}
	return 1;
}

/* The most tokens worth trying for keys starting with variant v of token
 * i: mx (the most any key starting with it has) within room, and 1 when
 * no key of two tokens or more starts with it and token i+1 (g->pair;
 * a token i+1 whose norm holds a space, as a ligature's may, could end
 * inside a key's token: no filter then). */
static inline size_t key_room(const ctx *c, size_t i, const struct wmemo *me, size_t v, size_t mx,
    size_t room)
{
	if (mx > room)
		mx = room;
	if (mx > 1) { /* room > 1: token i+1 is in the sentence */
		const text_token *nx = &c->t[i + 1];
		/* find_words hashed word tokens only */
		uint64_t h2 = nx->kind == TEXT_TOKEN_WORD ? c->memo[i + 1].nh :
		                                            entity__hash(nx->norm, nx->norm_len);
		size_t bit = entity__pair_bit(me->vh[v], h2);
		if (!((c->g->pair[bit >> 6] >> (bit & 63)) & 1u) &&
		    memchr(nx->norm, ' ', nx->norm_len) == NULL)
			mx = 1;
	}
	return mx;
}

/* Latin acronyms (UN, AP) match only in their listed case. */
static bool cs_ok(const ctx *c, const entity__posting *p, size_t i, size_t n)
{
	if (!p->is_cs)
		return true;
	const char *want = c->g->blob.p + p->cs_off;
	size_t w = 0;
	for (uint32_t b = c->t[i].span.start; b < c->t[i + n - 1].span.end; b++) {
		char ch = c->bytes[b];
		if (ch == ' ' || ch == '\t')
			continue;
		if (w >= p->cs_len || want[w] != ch)
			return false;
		w++;
	}
	return w == p->cs_len;
}

static size_t sentence_room(const ctx *c, size_t i)
{
	size_t n = c->memo[i].run_end - i;
	return n < ENTITY__NTOK_MAX ? n : ENTITY__NTOK_MAX;
}

/* gz_longest's answer when only keys of one token can start at token i,
 * once per distinct word: the first variant in order that is a key, with
 * its postings and whether it is a weak form. A posting that must match
 * case (cs_ok) depends on the token's own bytes: MEMO_GZS_CS then. */
static void gz_single_fill(const ctx *c, size_t i, struct wmemo *me)
{
	const entity_gazetteer *g = c->g;
	me->gzs_head = ENTITY__NIL;
	me->gzs_weak = false;
	me->gzs_strip = 0;
	for (size_t v = 0; v < me->nv; v++) {
		char key[ENTITY__KEY_MAX + 1];
		size_t end[ENTITY__NTOK_MAX + 1];
		const char *k1;
		if (me->gz_mx[v] == 0 || one_key(c, i, me->v[v], key, end, &k1) == 0)
			continue;
		uint32_t head = entity__map_get_h(&g->forms, &g->blob, k1, end[1], me->vh[v]);
		if (head == ENTITY__NIL)
			continue;
		for (uint32_t p = head; p != ENTITY__NIL; p = g->posts[p].next)
			if (g->posts[p].is_cs) {
				me->has |= MEMO_GZS | MEMO_GZS_CS;
				return;
			}
		uint32_t lx = entity__map_get_h(&g->lex, &g->blob, k1, end[1], me->vh[v]);
		me->gzs_head = head;
		me->gzs_weak = lx != ENTITY__NIL && (lx & ENTITY__LEX_WEAK);
		me->gzs_strip = me->v[v].strip;
		break;
	}
	me->has |= MEMO_GZS;
}

/* Longest gazetteer match starting at token i: *n tokens, *head posting,
 * *weak when the matched key is a lexicon "weak" form. */
static bool gz_longest(const ctx *c, size_t i, size_t *n_out, uint32_t *head_out, bool *weak,
    size_t *strip)
{
	const entity_gazetteer *g = c->g;
	*n_out = 0;
	*head_out = ENTITY__NIL;
	if (!(c->tf[i] & TF_GZ))
		return false; /* no variant starts a key (most words) */
	struct wmemo *me = word_memo(c, i);
	size_t room = sentence_room(c, i);
	bool multi = false;
	for (size_t v = 0; v < me->nv && !multi; v++)
		multi = key_room(c, i, me, v, me->gz_mx[v], room) > 1;
	if (!multi) { /* keys of one token only: the word's answer */
		if (!(me->has & MEMO_GZS))
			gz_single_fill(c, i, me);
		if (!(me->has & MEMO_GZS_CS)) {
			*n_out = me->gzs_head == ENTITY__NIL ? 0 : 1;
			*head_out = me->gzs_head;
			*weak = me->gzs_weak;
			*strip = me->gzs_strip;
			return *n_out > 0;
		}
	}
	size_t best = 0;
	uint32_t best_head = ENTITY__NIL;
	char key[ENTITY__KEY_MAX + 1];
	size_t end[ENTITY__NTOK_MAX + 1];
	for (size_t v = 0; v < me->nv; v++) {
		size_t mx = key_room(c, i, me, v, me->gz_mx[v], room);
		if (mx <= best)
			continue;
		const char *k1;
		size_t fit = mx == 1 ? one_key(c, i, me->v[v], key, end, &k1) :
		                       (k1 = key, build_keys(c, i, me->v[v], mx, key, end));
		for (size_t n = fit; n > best; n--) {
			size_t kl = end[n];
			/* one token: the key is the variant, hashed already */
			const char *kp = n == 1 ? k1 : key;
			uint64_t h = n == 1 ? me->vh[v] : entity__hash(key, kl);
			uint32_t head = entity__map_get_h(&g->forms, &g->blob, kp, kl, h);
			if (head == ENTITY__NIL)
				continue;
			bool any = false;
			for (uint32_t p = head; p != ENTITY__NIL; p = g->posts[p].next)
				any = any || cs_ok(c, &g->posts[p], i, n);
			if (!any)
				continue;
			best = n;
			best_head = head;
			uint32_t lx = entity__map_get_h(&g->lex, &g->blob, kp, kl, h);
			*weak = lx != ENTITY__NIL && (lx & ENTITY__LEX_WEAK);
			*strip = me->v[v].strip;
			break;
		}
	}
	*n_out = best;
	*head_out = best_head;
	return best > 0;
}

/* The lexicon entry of one token that a word's variants start (the first
 * variant in order that is a key), as lex_longest2_compute finds it when
 * no longer key can start there: once per distinct word. */
static void lex_single_fill(const ctx *c, size_t i, struct wmemo *me)
{
	me->lxs = 0;
	me->lxs_n = me->lxs_strip = 0;
	for (size_t v = 0; v < me->nv; v++) {
		char key[ENTITY__KEY_MAX + 1];
		size_t end[ENTITY__NTOK_MAX + 1];
		const char *k1;
		if (me->lx_mx[v] == 0 || one_key(c, i, me->v[v], key, end, &k1) == 0)
			continue;
		uint32_t m = entity__map_get_h(&c->g->lex, &c->g->blob, k1, end[1], me->vh[v]);
		if (m == ENTITY__NIL)
			continue;
		me->lxs = m;
		me->lxs_n = 1;
		me->lxs_strip = me->v[v].strip;
		break;
	}
	me->has |= MEMO_LXS;
}

/* Lexicon mask of the longest lexicon entry at i (clitics stripped from the
 * first token: "وقال" -> قال); 0 if none. Ignores the cover. */
static uint32_t lex_longest2_compute(const ctx *c, size_t i, size_t *n_out, size_t *strip)
{
	const entity_gazetteer *g = c->g;
	*n_out = 0;
	*strip = 0;
	struct wmemo *me = word_memo(c, i); /* tf has TF_LX */
	size_t room = sentence_room(c, i);
	bool multi = false;
	for (size_t v = 0; v < me->nv && !multi; v++)
		multi = key_room(c, i, me, v, me->lx_mx[v], room) > 1;
	if (!multi) { /* keys of one token only: the word's answer */
		if (!(me->has & MEMO_LXS))
			lex_single_fill(c, i, me);
		*n_out = me->lxs_n;
		*strip = me->lxs_strip;
		return me->lxs;
	}
	size_t best = 0;
	uint32_t mask = 0;
	char key[ENTITY__KEY_MAX + 1];
	size_t end[ENTITY__NTOK_MAX + 1];
	for (size_t v = 0; v < me->nv; v++) {
		size_t mx = key_room(c, i, me, v, me->lx_mx[v], room);
		if (mx <= best)
			continue;
		const char *k1;
		size_t fit = mx == 1 ? one_key(c, i, me->v[v], key, end, &k1) :
		                       (k1 = key, build_keys(c, i, me->v[v], mx, key, end));
		for (size_t n = fit; n > best; n--) {
			size_t kl = end[n];
			uint64_t h = n == 1 ? me->vh[v] : entity__hash(key, kl);
			uint32_t m = entity__map_get_h(&g->lex, &g->blob, n == 1 ? k1 : key, kl, h);
			if (m == ENTITY__NIL)
				continue;
			best = n;
			mask = m;
			*strip = me->v[v].strip;
			break;
		}
	}
	*n_out = best;
	return mask;
}

/* Fills the memo's lx2 fields of token i (lex_longest2 without the memo). */
static void lex_longest2_fill(const ctx *c, size_t i, struct memo *me)
{
	size_t n = 0, st = 0;
	if (c->tf[i] & TF_LX) /* a word token: its variants are made */
		me->lx2 = lex_longest2_compute(c, i, &n, &st);
	else
		me->lx2 = 0;
	me->lx2_n = (uint8_t)n; /* at most ENTITY__NTOK_MAX */
	me->lx2_strip = (uint8_t)st; /* variants clamp strip to 255 */
	me->has |= MEMO_LX2;
}

/* Inline: most calls find the answer in the memo. */
static inline uint32_t lex_longest2(const ctx *c, size_t i, size_t *n_out, size_t *strip)
{
	*n_out = 0;
	*strip = 0;
	if (i >= c->nt || !(c->tf[i] & TF_LX))
		return 0; /* no lexicon key starts here (most tokens) */
	struct memo *me = &c->memo[i];
	if (!(me->has & MEMO_LX2))
		lex_longest2_fill(c, i, me);
	*n_out = me->lx2_n;
	*strip = me->lx2_strip;
	return me->lx2;
}

static uint32_t lex_longest(const ctx *c, size_t i, size_t *n_out)
{
	size_t strip;
	return lex_longest2(c, i, n_out, &strip);
}

/* byte offset in the original text after the first k letters of token i
 * (its proclitics), skipping tashkeel and tatweel written on them */
static uint32_t skip_letters(const ctx *c, size_t i, size_t k)
{
	uint32_t b = c->t[i].span.start, end = c->t[i].span.end;
	while (k > 0 && b < end) {
		unsigned char ch = (unsigned char)c->bytes[b];
		b += ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
		k--;
		while (b + 1 < end) {
			unsigned cp = (((unsigned char)c->bytes[b] & 0x1Fu) << 6) |
			    ((unsigned char)c->bytes[b + 1] & 0x3Fu);
			if (((unsigned char)c->bytes[b] & 0xE0) != 0xC0 ||
			    !((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640))
				break;
			b += 2;
		}
	}
	return b;
}

static const entity_info *ref_info(const entity_result *r, entity_ref ref)
{
	return entity_result_info(r, ref);
}

static entity_kind ref_kind(const ctx *c, entity_ref ref)
{
	if (entity_ref_is_doc(ref))
		return ENTITY_KIND_PERSON;
	return c->g->ents[ref.v].kind;
}

static bool is_title_or_office(const ctx *c, size_t j)
{
	size_t n;
	return (lex_longest(c, j, &n) & (ENTITY__LEX_OFFICE | ENTITY__LEX_TITLE)) != 0;
}

/* Picks the entity of a match among its postings (see entity.h for the
 * CAPITAL decision). Ambiguous forms: a nisba reading right after a title
 * or office word (الرئيس السوداني), otherwise the non-nisba one; otherwise
 * the best form (name, alias, capital, nisba), then the lowest index. */
static void choose(const ctx *c, size_t i, size_t n, uint32_t head, entity_mention *m)
{
	const entity_gazetteer *g = c->g;
	const entity__posting *best = NULL, *cap = NULL, *place = NULL, *nisba = NULL,
	                      *other = NULL;
	for (uint32_t p = head; p != ENTITY__NIL; p = g->posts[p].next) {
		const entity__posting *q = &g->posts[p];
		if (!cs_ok(c, q, i, n))
			continue;
		if (q->form == ENTITY_FORM_CAPITAL)
			cap = q;
		else if (q->form == ENTITY_FORM_NISBA)
			nisba = q;
		else if (g->ents[q->entity].kind == ENTITY_KIND_PLACE)
			place = q;
		if (q->form != ENTITY_FORM_NISBA &&
		    (other == NULL || q->form < other->form ||
		        (q->form == other->form && q->entity < other->entity)))
			other = q;
		if (best == NULL || q->form < best->form ||
		    (q->form == best->form && q->entity < best->entity))
			best = q;
	}
	m->country.v = ENTITY__NIL;
	/* a form the text spells exactly as listed, vowel marks included, wins:
	 * "عُمان" is Oman and "عمّان" Amman though both normalise to عمان */
	const entity__posting *exact = NULL;
	bool exact_unique = true;
	uint32_t s0 = c->t[i].span.start, s1 = c->t[i + n - 1].span.end;
	for (uint32_t p = head; p != ENTITY__NIL; p = g->posts[p].next) {
		const entity__posting *q = &g->posts[p];
		if (!cs_ok(c, q, i, n) || q->raw_len > s1 - s0 ||
		    memcmp(c->bytes + s1 - q->raw_len, g->blob.p + q->raw_off, q->raw_len) != 0)
			continue;
		if (!q->marked)
			continue; /* only a form with a mark tells entities apart */
		if (exact && exact->entity != q->entity)
			exact_unique = false;
		exact = q;
	}
	if (exact && exact_unique) {
		best = exact;
		nisba = other = cap = NULL;
	}
	if (nisba && other) {
		bool adj = i > 0 && same_sentence(c, i - 1, i) && is_title_or_office(c, i - 1);
		best = adj ? nisba : other;
	}
	if (cap && best != nisba) {
		m->entity.v = place ? place->entity : cap->entity;
		m->country.v = cap->entity;
		m->form = ENTITY_FORM_CAPITAL;
		return;
	}
	m->entity.v = best->entity;
	m->form = (entity_form)best->form;
	if (best->form == ENTITY_FORM_NISBA)
		m->country.v = best->entity;
}

static bool add_mention(ctx *c, entity_ref ent, entity_ref country, size_t i, size_t n,
    entity_form form)
{
	entity_result *r = c->res;
	if (!grow((void **)&r->m, &r->cap_m, r->n_m, sizeof(*r->m)))
		return false;
	entity_mention *m = &r->m[r->n_m];
	m->entity = ent;
	m->country = country;
	m->span.start = c->t[i].span.start;
	m->span.end = c->t[i + n - 1].span.end;
	m->sentence = c->t[i].sentence;
	m->first_token = (uint32_t)i;
	m->n_tokens = (uint32_t)n;
	m->form = form;
	for (size_t k = i; k < i + n; k++)
		c->cover[k] = (uint32_t)r->n_m;
	r->n_m++;
	return true;
}

/* A weak form (README "Listed forms that are also ordinary words") is a
 * name only in context: after a preposition clitic (بالرياض, للأسد), after
 * a title, office, speech verb or context word (في, زار, الرئيس), or when
 * the same entity was already named by a strong form in the document
 * ("بشار الأسد ... وأضاف الأسد"), or for an organisation right after an
 * opening parenthesis (an agency's credit, "أنقرة (الأناضول) -"). */
static bool is_punct(const ctx *c, size_t j, char ch);

static bool weak_ok(const ctx *c, size_t i, size_t strip, entity_ref ent)
{
	const text_token *tk = &c->t[i];
	if (strip > 0 && tk->norm_len >= 2 &&
	    (memcmp(tk->norm, "\xd8\xa8", 2) == 0 || memcmp(tk->norm, "\xd9\x84", 2) == 0))
		return true;
	if (i > 0 && same_sentence(c, i - 1, i)) {
		size_t k = i - 1;
		/* the whole lexicon entry that ends right before i */
		for (size_t back = 0; back < 4 && back <= k; back++) {
			size_t n;
			uint32_t lx = lex_longest(c, k - back, &n);
			if (n == back + 1 &&
			    (lx & (ENTITY__LEX_TITLE | ENTITY__LEX_OFFICE | ENTITY__LEX_SPEECH |
			              ENTITY__LEX_LINK | ENTITY__LEX_CONTEXT)))
				return true;
		}
		if (c->cover[k] != ENTITY__NIL && c->res->m[c->cover[k]].form == ENTITY_FORM_NISBA)
			return true; /* "الرئيس السوري الأسد" */
		/* an agency's credit after a dateline, "أنقرة (الأناضول) -": an
		 * organisation's weak form right after an opening parenthesis */
		if (is_punct(c, k, '(') && ref_kind(c, ent) == ENTITY_KIND_ORGANIZATION)
			return true;
	}
	for (size_t k = 0; k < c->res->n_m; k++)
		if (c->res->m[k].entity.v == ent.v)
			return true;
	return false;
}

static bool pass_gazetteer(ctx *c)
{
	for (size_t i = 0; i < c->nt;) {
		size_t n, strip = 0;
		uint32_t head;
		bool weak = false;
		if (!(c->tf[i] & TF_GZ) || !gz_longest(c, i, &n, &head, &weak, &strip)) {
			i++;
			continue;
		}
		entity_mention m;
		choose(c, i, n, head, &m);
		if (weak && !weak_ok(c, i, strip, m.entity)) {
			i += n;
			continue;
		}
		if (!add_mention(c, m.entity, m.country, i, n, m.form))
			return false;
		i += n;
	}
	return true;
}

/* --- names */

static bool has_long_vowel(const char *s, size_t len)
{
	for (size_t b = 0; b + 1 < len; b += 2)
		if ((s[b] == '\xd8' && s[b + 1] == '\xa7') || (s[b] == '\xd9' && s[b + 1] == '\x88') ||
		    (s[b] == '\xd9' && s[b + 1] == '\x8a'))
			return true;
	return false;
}

/* A definite word: "ال" that the text layer also takes for an article (it
 * keeps "أل" written with a hamza: "إليزابيث" is no definite word). */
static bool starts_with_article(const text_token *tk)
{
	return tk->norm_len >= 4 && memcmp(tk->norm, ARTICLE, 4) == 0 &&
	    tk->bare_len < tk->norm_len;
}

static uint32_t lex_word(const ctx *c, const char *s, size_t len)
{
	uint32_t m = entity__map_get(&c->g->lex, &c->g->blob, s, len);
	return m == ENTITY__NIL ? 0 : m;
}

/* A word that follows a name rather than continuing it: a proclitic with
 * an article ("للصحفيين", "بالعراق", "والجيش"), two proclitics, or one
 * proclitic before a lexicon word ("لقناة"). One letter before an unknown
 * word is kept: names start with ل ب و too (ليندركينغ, بيرس, وليد). */
static inline uint32_t lex_one(const ctx *c, size_t j);

static bool has_proclitic(const ctx *c, size_t j)
{
	const text_token *tk = &c->t[j];
	if (tk->bare_len >= tk->norm_len)
		return false;
	size_t pre = (size_t)(tk->norm_len - tk->bare_len);
	if (memcmp(tk->norm, ARTICLE, 4) == 0 && pre == 4)
		return false; /* the article alone: العبادي */
	if (pre > 2)
		return true;
	(void)lex_one(c, j); /* fills lxb */
	return word_memo(c, j)->lxb != 0;
}

/* Fills lex_one's memo of token j (me: its word memo). */
static void lex_one_fill(const ctx *c, size_t j, struct wmemo *me)
{
	const text_token *tk = &c->t[j];
	const entity_gazetteer *g = c->g;
	/* the norm of a word token is hashed (nh), and its bare form is
	 * mostly one of its variants, hashed already */
	uint64_t hn = tk->kind == TEXT_TOKEN_WORD ? me->nh : entity__hash(tk->norm, tk->norm_len);
	uint32_t m = entity__map_get_h(&g->lex, &g->blob, tk->norm, tk->norm_len, hn);
	uint32_t b = m;
	me->lxb = 0;
	if (tk->bare_len != tk->norm_len) { /* bare is a suffix of norm */
		const struct wmemo *mv = token_vars(c, j);
		size_t boff = (size_t)(tk->norm_len - tk->bare_len);
		uint64_t hb = 0;
		for (size_t v = 0; v < mv->nv && hb == 0; v++)
			if (!mv->v[v].art && mv->v[v].off == boff)
				hb = mv->vh[v];
		if (hb == 0)
			hb = entity__hash(tk->bare, tk->bare_len);
		b = entity__map_get_h(&g->lex, &g->blob, tk->bare, tk->bare_len, hb);
		me->lxb = b == ENTITY__NIL ? 0 : b;
	}
	me->lx1 = (m == ENTITY__NIL ? 0 : m) | (b == ENTITY__NIL ? 0 : b);
	me->has |= MEMO_LX1;
}

/* The lexicon mask of the token alone (and of its bare form). */
static inline uint32_t lex_one(const ctx *c, size_t j)
{
	struct wmemo *me = word_memo(c, j);
	if (!(me->has & MEMO_LX1))
		lex_one_fill(c, j, me);
	return me->lx1;
}

/* The part of name_word that depends on the word alone, into me->has
 * (MEMO_NWW*; MEMO_LB: a first word starting with ل or ب whose original
 * second letter name_word must still check). */
static void name_word_fill(const ctx *c, size_t j, bool first, struct wmemo *me)
{
	const text_token *tk = &c->t[j];
	bool ok = true, lb = false;
	if (lex_one(c, j) & ~(uint32_t)ENTITY__LEX_PARTICLE)
		ok = false;
	else if (first && starts_with_article(tk))
		ok = false;
	/* A holder never starts with a preposition before a verbal noun or an
	 * article: "لمحاربة", "بمشاركة", "لتعزيز", "لإجراء", "لاستعادة",
	 * "لبحث" (ل + a three-letter noun), "للجيش", "بالعراق". Names starting
	 * with ل or ب otherwise stay (لافروف, بشار, ليندركينغ). */
	else if (first && tk->norm_len >= 8 && (memcmp(tk->norm, "\xd9\x84", 2) == 0 ||
	                                           memcmp(tk->norm, "\xd8\xa8", 2) == 0)) {
		const char *r2 = tk->norm + 2;
		bool lam = tk->norm[1] == '\x84';
		if (memcmp(r2, "\xd9\x85", 2) == 0 || memcmp(r2, "\xd9\x84", 2) == 0 ||
		    memcmp(r2, "\xd8\xaa", 2) == 0 || memcmp(r2, ARTICLE, 4) == 0 ||
		    (tk->norm_len >= 10 && memcmp(r2, "\xd8\xa7\xd8\xb3\xd8\xaa", 6) == 0) ||
		    (lam && tk->norm_len == 8 && !has_long_vowel(r2, 6)))
			ok = false; /* "لبحث", "لدعم"; not "لاري", "ليلى" */
		else
			lb = true; /* "لإجراء": the original's إ tells */
	}
	if (ok && !first && has_proclitic(c, j))
		ok = false;
	me->has |= (uint16_t)(first ? MEMO_NWW1 | (ok ? MEMO_NWW1_OK : 0) | (lb ? MEMO_LB : 0) :
	                              MEMO_NWW0 | (ok ? MEMO_NWW0_OK : 0));
}

/* name_token without the cover: a function of the token alone */
static bool name_word(const ctx *c, size_t j, bool first)
{
	const text_token *tk = &c->t[j];
	if (tk->kind != TEXT_TOKEN_WORD || !(tk->flags & TEXT_TOKEN_ARABIC) || tk->norm_len < 4)
		return false;
	struct wmemo *me = word_memo(c, j);
	unsigned done = first ? MEMO_NWW1 : MEMO_NWW0, ok = first ? MEMO_NWW1_OK : MEMO_NWW0_OK;
	if (!(me->has & done))
		name_word_fill(c, j, first, me);
	if (!(me->has & ok))
		return false;
	if (first && (me->has & MEMO_LB) && tk->span.end - tk->span.start >= 4 &&
	    memcmp(c->bytes + tk->span.start + 2, "\xd8\xa5", 2) == 0)
		return false; /* "لإجراء" */
	/* على إلى حتى لدى: short words written with a final ى are particles
	 * ("علي" the name is written with ي); U+0649 is D9 89 */
	if (tk->norm_len <= 6 && tk->span.end - tk->span.start >= 2 &&
	    memcmp(c->bytes + tk->span.end - 2, "\xd9\x89", 2) == 0)
		return false;
	size_t n;
	if (lex_longest(c, j, &n) & ~(uint32_t)ENTITY__LEX_PARTICLE)
		return false; /* a speech verb, office or title starts here */
	return true;
}

/* Can token j be a word of a name (the first one when first), not inside
 * a mention? The answer apart from the cover is kept in the memo. */
static inline bool name_token(const ctx *c, size_t j, bool first)
{
	if (c->cover[j] != ENTITY__NIL)
		return false;
	struct memo *me = &c->memo[j];
	unsigned done = first ? MEMO_NT1 : MEMO_NT0, ok = first ? MEMO_NT1_OK : MEMO_NT0_OK;
	if (!(me->has & done))
		me->has |= done | (name_word(c, j, first) ? ok : 0);
	return (me->has & ok) != 0;
}

/* does one of the variants of token j equal the last token of mention m?
 * lh: entity__hash of that token's norm, compared before the bytes */
static bool surname_of(const ctx *c, size_t j, const entity_mention *m, uint64_t lh)
{
	const text_token *last = &c->t[m->first_token + m->n_tokens - 1];
	if (last->norm_len < 6) /* three letters at least */
		return false;
	const struct wmemo *me = token_vars(c, j);
	for (size_t v = 0; v < me->nv; v++)
		if (me->vh[v] == lh && var_eq(&c->t[j], me->v[v], last->norm, last->norm_len))
			return true;
	return false;
}

static uint64_t last_token_hash(const ctx *c, const entity_mention *m)
{
	const text_token *last = &c->t[m->first_token + m->n_tokens - 1];
	return entity__hash(last->norm, last->norm_len);
}

/* The latest person named in full (two words or more) before token j whose
 * last word token j repeats ("كيري" after "جون كيري"). */
static bool surname_walk(const ctx *c, size_t j, entity_ref *out)
{
	const entity_result *r = c->res;
	const entity_mention *best = NULL;
	if (c->full != NULL) { /* sorted: the latest one before j that fits */
		for (size_t k = c->n_full; k-- > 0;) {
			const entity_mention *m = &r->m[c->full[k]];
			if (m->first_token + m->n_tokens > j)
				continue;
			if (surname_of(c, j, m, c->full_h[k])) {
				*out = m->entity;
				return true;
			}
		}
		return false;
	}
	for (size_t k = 0; k < r->n_m; k++) {
		const entity_mention *m = &r->m[k];
		if (m->first_token + m->n_tokens > j || m->n_tokens < 2 ||
		    (best && best->first_token > m->first_token) ||
		    ref_kind(c, m->entity) != ENTITY_KIND_PERSON)
			continue;
		if (surname_of(c, j, m, last_token_hash(c, m)))
			best = m;
	}
	if (best)
		*out = best->entity;
	return best != NULL;
}

/* surname_walk, inline where most words of pass C stop: once the full
 * names are known, a word none of whose variants is in the bloom of their
 * last words (full_bloom) repeats no surname. */
static inline bool surname_link(const ctx *c, size_t j, entity_ref *out)
{
	if (c->full != NULL) {
		if (c->n_full == 0)
			return false;
		const struct wmemo *me = token_vars(c, j);
		bool maybe = false;
		for (size_t v = 0; v < me->nv && !maybe; v++)
			maybe = (c->full_bloom[(me->vh[v] >> 6) & FULL_BLOOM_MASK] >> (me->vh[v] & 63)) & 1u;
		if (!maybe)
			return false;
	}
	return surname_walk(c, j, out);
}

/* Name run starting at j: up to 3 words (4 with a particle such as عبد),
 * not ending on a particle. Returns the number of tokens (0 if none). */
static size_t name_run(const ctx *c, size_t j)
{
	size_t n = 0, max = 3;
	while (n < max && same_sentence(c, j, j + n) && name_token(c, j + n, n == 0)) {
		if (lex_one(c, j + n) & ENTITY__LEX_PARTICLE)
			max = 4;
		n++;
	}
	while (n > 0 && (lex_one(c, j + n - 1) & ENTITY__LEX_PARTICLE))
		n--;
	return n;
}

static char *copy_span(const ctx *c, uint32_t a, uint32_t b)
{
	char *s = malloc((size_t)(b - a) + 1);
	if (s) {
		memcpy(s, c->bytes + a, b - a);
		s[b - a] = '\0';
	}
	return s;
}

/* entity__vskel of token i's norm alone, once per distinct word (*len 0:
 * empty) */
static const char *token_vskel(const ctx *c, size_t i, size_t *len)
{
	struct wmemo *me = word_memo(c, i);
	char *buf = c->vsk + me->vs_off;
	if (!(me->has & MEMO_VS)) {
		const text_token *tk = &c->t[i];
		/* a skeleton is never longer than its word: it fits in the
		 * norm_len + 1 bytes set aside for the word */
		me->vs_len = (uint16_t)entity__vskel(tk->norm, tk->norm_len, buf,
		    (size_t)tk->norm_len + 1);
		me->has |= MEMO_VS;
	}
	*len = me->vs_len;
	return buf;
}

/* Bytes of the UTF-8 character starting at s (at most len). */
static size_t char_len(const char *s, size_t len)
{
	unsigned char b = (unsigned char)s[0];
	size_t n = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
	return n < len ? n : len;
}

/* Vowel skeleton of tokens [i, i+n): entity__vskel of their norms joined by
 * ' ' (build_key's key, 0 when that does not fit), put together from the
 * tokens' own skeletons: vskel drops the space, and a letter doubled across
 * it is one ("عبد داود"). Norms are valid UTF-8, so each token's skeleton
 * ends on a whole letter. */
static size_t tokens_vskel(const ctx *c, size_t i, size_t n, char *out, size_t cap)
{
	size_t kl = n - 1;
	for (size_t k = 0; k < n; k++)
		kl += c->t[i + k].norm_len;
	if (kl > ENTITY__KEY_MAX)
		return 0;
	size_t o = 0;
	for (size_t k = 0; k < n; k++) {
		size_t pl;
		const char *p = token_vskel(c, i + k, &pl);
		if (pl == 0)
			continue;
		if (o > 0) {
			size_t a = o - 1; /* start of the last letter written */
			while (a > 0 && ((unsigned char)out[a] & 0xC0) == 0x80)
				a--;
			size_t fl = char_len(p, pl);
			if (o - a == fl && memcmp(out + a, p, fl) == 0) {
				p += fl;
				pl -= fl;
			}
		}
		if (o + pl + 1 > cap)
			return 0;
		memcpy(out + o, p, pl);
		o += pl;
	}
	if (o == 0)
		return 0;
	out[o] = '\0';
	return o;
}

/* Can the skeleton of a name starting at token i be a listed one? Its
 * consonant skeleton starts with that of token i alone (cskel keeps the
 * first letter, then drops vowels and repeats, so appending letters only
 * appends), which must then start some listed skeleton (g->skelpre). Most
 * words start none: they need no skeleton of their name at all. Once per
 * distinct word. */
static void skel_may_start_fill(const ctx *c, size_t i, struct wmemo *me)
{
	const text_token *tk = &c->t[i];
	const uint64_t *s3 = c->g->skel3;
	/* the first three letters settle most words (a skeleton short
	 * enough to fit in cs: a longer one would be let through) */
	uint32_t hd = tk->norm_len < ENTITY__KEY_MAX - 1 ?
	    entity__cskel_head(tk->norm, tk->norm_len) : ENTITY__NIL;
	if (hd != ENTITY__NIL && (s3 == NULL || !((s3[hd >> 6] >> (hd & 63)) & 1u))) {
		me->has |= MEMO_SKP;
		return;
	}
	char cs[ENTITY__KEY_MAX];
	size_t cl = entity__name_cskel(tk->norm, tk->norm_len, cs, sizeof(cs));
	/* an empty or odd word proves nothing: let it through */
	if (cl == 0 || entity__map_get(&c->g->skelpre, &c->g->blob, cs, cl) != ENTITY__NIL)
		me->has |= MEMO_SKP_OK;
	me->has |= MEMO_SKP;
}

/* Inline: the word cache has the answer of most words. */
static inline bool skel_may_start(const ctx *c, size_t i)
{
	struct wmemo *me = word_memo(c, i);
	if (!(me->has & MEMO_SKP))
		skel_may_start_fill(c, i, me);
	return (me->has & MEMO_SKP_OK) != 0;
}

/* A gazetteer person whose listed spelling is a skeleton variant of vs,
 * the skeleton of the name starting at token i. */
static entity_ref skeleton_person(const ctx *c, size_t i, const char *vs, size_t vl)
{
	const entity_gazetteer *g = c->g;
	entity_ref r = { ENTITY_REF_NONE };
	if (!skel_may_start(c, i))
		return r;
	char cs[ENTITY__KEY_MAX];
	size_t cl = entity__cskel(vs, vl, cs, sizeof(cs));
	if (cl == 0)
		return r;
	uint32_t head = entity__map_get(&g->skel, &g->blob, cs, cl);
	for (uint32_t p = head; p != ENTITY__NIL; p = g->sposts[p].next) {
		const entity__skelpost *q = &g->sposts[p];
		if (entity__vskel_close(g->blob.p + q->vs_off, q->vs_len, vs, vl)) {
			if (r.v != ENTITY_REF_NONE && r.v != q->entity)
				return (entity_ref){ ENTITY_REF_NONE }; /* two people: no guess */
			r.v = q->entity;
		}
	}
	return r;
}

/* Resolves the name tokens [j, j+n) to a gazetteer person (variant), an
 * earlier document person, or a new document person. */
static bool resolve_name(ctx *c, size_t j, size_t n, entity_ref *ref, entity_form *form)
{
	entity_result *r = c->res;
	char vs[ENTITY__KEY_MAX];
	size_t vl = tokens_vskel(c, j, n, vs, sizeof(vs));
	if (vl) {
		entity_ref g = skeleton_person(c, j, vs, vl);
		if (!entity_ref_is_none(g)) {
			*ref = g;
			*form = ENTITY_FORM_VARIANT;
			return true;
		}
		for (size_t k = 0; k < r->n_p; k++) {
			if (entity__vskel_close(r->p[k].vs, r->p[k].vs_len, vs, vl)) {
				ref->v = ENTITY_REF_DOC + (uint32_t)k;
				*form = ENTITY_FORM_RULE;
				return true;
			}
		}
	}
	if (!grow((void **)&r->p, &r->cap_p, r->n_p, sizeof(*r->p)))
		return false;
	doc_person *p = &r->p[r->n_p];
	memset(p, 0, sizeof(*p));
	p->name = copy_span(c, c->t[j].span.start, c->t[j + n - 1].span.end);
	if (p->name == NULL)
		return false;
	snprintf(p->id, sizeof(p->id), "doc:person:%zu", r->n_p + 1);
	memcpy(p->vs, vs, vl);
	p->vs_len = vl;
	ref->v = ENTITY_REF_DOC + (uint32_t)r->n_p;
	r->n_p++;
	*form = ENTITY_FORM_RULE;
	return true;
}

static bool add_role(ctx *c, entity_ref person, entity_ref of, uint32_t o_start, uint32_t o_end,
    uint32_t s_end, uint32_t sentence)
{
	entity_result *r = c->res;
	if (!grow((void **)&r->r, &r->cap_r, r->n_r, sizeof(*r->r)))
		return false;
	entity_role_mention *rm = &r->r[r->n_r++];
	rm->person = person;
	rm->of = of;
	rm->office.start = o_start;
	rm->office.end = o_end;
	rm->span.start = o_start;
	rm->span.end = s_end;
	rm->sentence = sentence;
	if (entity_ref_is_doc(person)) {
		doc_person *p = &r->p[person.v - ENTITY_REF_DOC];
		if (p->office == NULL) {
			p->office = copy_span(c, o_start, o_end);
			if (p->office == NULL)
				return false;
			p->of_id = entity_ref_is_none(of) ? "" : ref_info(r, of)->id;
		}
	}
	return true;
}

static bool definite_or_and_definite(const text_token *tk)
{
	if (starts_with_article(tk))
		return true;
	return tk->norm_len > 6 && memcmp(tk->norm, "\xd9\x88" ARTICLE, 6) == 0; /* وال */
}

/* Is token j a spelling of the first word of the person's name_ar (or of
 * an alias of two words or more)? "جيمس" before "ماتيس" fits Jim Mattis
 * through his alias "جيمس ماتيس"; "محمد" before "كيري" fits nobody. */
static bool first_name_fits(const ctx *c, size_t j, entity_ref person)
{
	if (entity_ref_is_doc(person))
		return false;
	const entity_info *e = &c->g->ents[person.v];
	char vj[ENTITY__KEY_MAX], vf[ENTITY__KEY_MAX];
	size_t lj = tokens_vskel(c, j, 1, vj, sizeof(vj));
	if (lj == 0)
		return false;
	for (size_t k = 0; k <= e->n_aliases; k++) {
		const char *f = k == 0 ? e->name_ar : e->aliases[k - 1];
		const char *sp = strchr(f, ' ');
		if (sp == NULL)
			continue;
		char *norm = text_normalize(f, (size_t)(sp - f), NULL);
		if (norm == NULL)
			continue;
		size_t lf = entity__vskel(norm, strlen(norm), vf, sizeof(vf));
		free(norm);
		if (lf && entity__vskel_close(vf, lf, vj, lj))
			return true;
	}
	return false;
}

/* Bare definite nouns that, inside an office ("المتحدث باسم التحالف", "قائد
 * قوات التحالف", "زعيم التنظيم") or after its link ("لدى التحالف"), can only
 * mean the body this corpus is about. They are no mentions of their own:
 * "التحالف" alone elsewhere is any alliance. */
static const struct {
	const char *norm; /* matching form */
	const char *id;
} bare_bodies[] = {
	{ "\xd8\xa7\xd9\x84\xd8\xaa\xd8\xad\xd8\xa7\xd9\x84\xd9\x81", "org:global_coalition" }, /* التحالف */
	{ "\xd8\xa7\xd9\x84\xd8\xaa\xd9\x86\xd8\xb8\xd9\x8a\xd9\x85", "org:isis" },             /* التنظيم */
};

static entity_ref bare_body(const ctx *c, size_t j)
{
	const text_token *tk = &c->t[j];
	for (size_t k = 0; k < sizeof(bare_bodies) / sizeof(bare_bodies[0]); k++)
		if (tk->norm_len == strlen(bare_bodies[k].norm) &&
		    memcmp(tk->norm, bare_bodies[k].norm, tk->norm_len) == 0)
			return entity_gazetteer_find_id(c->g, bare_bodies[k].id);
	return (entity_ref){ ENTITY_REF_NONE };
}

static bool is_punct(const ctx *c, size_t j, char ch)
{
	return c->t[j].kind == TEXT_TOKEN_PUNCT && c->t[j].norm_len == 1 && c->t[j].norm[0] == ch;
}

/* A quote mark: '"', « (open) or » (close). */
static bool is_quote(const ctx *c, size_t j, bool open)
{
	const text_token *tk = &c->t[j];
	return tk->kind == TEXT_TOKEN_PUNCT &&
	    ((tk->norm_len == 1 && tk->norm[0] == '"') ||
	        (tk->norm_len == 2 &&
	            memcmp(tk->norm, open ? "\xc2\xab" : "\xc2\xbb", 2) == 0));
}

/* A holder in quotes, "زعيم التنظيم "أبو بكر البغدادي"": a known person
 * and the quote closing right after the name; unknown words in quotes are
 * more often a statement ("سنواصل دعم شركائنا") than a name. */
static bool quoted_holder(const ctx *c, size_t j)
{
	if (!is_quote(c, j, true) || !same_sentence(c, j, j + 1) || c->cover[j + 1] == ENTITY__NIL)
		return false;
	const entity_mention *m = &c->res->m[c->cover[j + 1]];
	size_t e = m->first_token + m->n_tokens;
	return ref_kind(c, m->entity) == ENTITY_KIND_PERSON && same_sentence(c, j, e) &&
	    is_quote(c, e, false);
}

/* A genitive office at j: a title or office (ل allowed), nisba or country,
 * a known person, then a link and a body ("للرئيس الأمريكي أوباما لدى
 * التحالف"): the outer office is the body's and runs through the person.
 * Returns the token after the person (0 if no match); *body_end after the
 * body, *of the body. */
static size_t genitive_office(const ctx *c, size_t j, size_t ln, size_t *body_end, entity_ref *of)
{
	const entity_result *r = c->res;
	size_t k = j + ln;
	for (int q = 0; q < 2 && same_sentence(c, j, k) && c->cover[k] != ENTITY__NIL; q++) {
		const entity_mention *m = &r->m[c->cover[k]];
		entity_kind kd = ref_kind(c, m->entity);
		if (kd == ENTITY_KIND_PERSON)
			break;
		if (m->form != ENTITY_FORM_NISBA && kd != ENTITY_KIND_COUNTRY)
			return 0;
		k = m->first_token + m->n_tokens;
	}
	if (!same_sentence(c, j, k) || c->cover[k] == ENTITY__NIL)
		return 0;
	const entity_mention *p = &r->m[c->cover[k]];
	if (ref_kind(c, p->entity) != ENTITY_KIND_PERSON || p->first_token != k)
		return 0;
	size_t after = k + p->n_tokens, lln, lstrip;
	if (!same_sentence(c, j, after + 1) ||
	    !(lex_longest2(c, after, &lln, &lstrip) & ENTITY__LEX_LINK) || lstrip != 0)
		return 0;
	size_t b = after + lln;
	if (!same_sentence(c, j, b))
		return 0;
	if (c->cover[b] != ENTITY__NIL) {
		const entity_mention *m = &r->m[c->cover[b]];
		if (ref_kind(c, m->entity) != ENTITY_KIND_ORGANIZATION)
			return 0;
		*of = m->entity;
		*body_end = m->first_token + m->n_tokens;
		return after;
	}
	*of = bare_body(c, b);
	if (entity_ref_is_none(*of))
		return 0;
	*body_end = b + 1;
	return after;
}

/* Office or title at i (n tokens): qualifiers, then a person. */
static bool rule_office(ctx *c, size_t i, size_t n, size_t strip, uint32_t mask, size_t *next)
{
	entity_result *r = c->res;
	entity_ref of_org = { ENTITY_REF_NONE }, of_country = { ENTITY_REF_NONE };
	size_t j = i + n, office_end = i + n;
	/* a mention overlapping the office words ("وزيرة الخارجية الأمريكية":
	 * the gazetteer matched "الخارجية الأمريكية") counts as its qualifier */
	for (size_t k = i; k < i + n; k++) {
		uint32_t mi = c->cover[k];
		if (mi == ENTITY__NIL)
			continue;
		const entity_mention *m = &r->m[mi];
		entity_kind kd = ref_kind(c, m->entity);
		if (kd == ENTITY_KIND_PERSON)
			return true;
		if (kd == ENTITY_KIND_ORGANIZATION) {
			of_org = m->entity;
			office_end = m->first_token + m->n_tokens;
		} else if (m->form == ENTITY_FORM_NISBA || kd == ENTITY_KIND_COUNTRY) {
			of_country = m->country.v != ENTITY_REF_NONE ? m->country : m->entity;
		}
		if (m->first_token + m->n_tokens > j)
			j = m->first_token + m->n_tokens;
	}
	/* An office ending in an indefinite noun is a construct that needs its
	 * complement: "المتحدث باسم التحالف", "رئيس لجنة الأمن والدفاع",
	 * "زعيم التنظيم", "باسم وزارة الخارجية". Unlisted definite words (or
	 * و + definite), possibly after one body noun (وزارة, لجنة), belong to
	 * the office text; listed names are qualifiers below. */
	if (j == i + n && !starts_with_article(&c->t[i + n - 1]) &&
	    c->t[i + n - 1].kind == TEXT_TOKEN_WORD) {
		for (int k = 0; k < 4 && same_sentence(c, i, j) && c->cover[j] == ENTITY__NIL; k++) {
			uint32_t lw = lex_word(c, c->t[j].norm, c->t[j].norm_len);
			bool body = k == 0 && (lw & ENTITY__LEX_BODY); /* "باسم وزارة ..." */
			if (!body && (!definite_or_and_definite(&c->t[j]) || lw != 0))
				break;
			office_end = ++j;
		}
	}
	/* the office's own last word may be a bare body ("باسم التحالف") */
	if (office_end > i + 1 && entity_ref_is_none(of_org))
		of_org = bare_body(c, office_end - 1);
	bool link_org = false; /* the body came after a link ("الخبير في X") */
	for (int steps = 0; steps < 6 && same_sentence(c, i, j); steps++) {
		uint32_t mi = c->cover[j];
		/* a body in quotes ("مدير «إيروورز» X", "المتحدث باسم «قوات سوريا
		 * الديمقراطية» X") qualifies the office like a bare one */
		size_t closing = 0;
		if (mi == ENTITY__NIL && is_quote(c, j, true) && same_sentence(c, i, j + 1) &&
		    c->cover[j + 1] != ENTITY__NIL) {
			const entity_mention *qm = &r->m[c->cover[j + 1]];
			size_t qe = qm->first_token + qm->n_tokens;
			if (qm->first_token == j + 1 && same_sentence(c, i, qe) && is_quote(c, qe, false) &&
			    ref_kind(c, qm->entity) == ENTITY_KIND_ORGANIZATION && entity_ref_is_none(of_org)) {
				mi = c->cover[j + 1];
				closing = 1;
				if (office_end == j)
					office_end = j + 1; /* the opening mark */
				j++;
			}
		}
		if (mi != ENTITY__NIL) {
			const entity_mention *m = &r->m[mi];
			entity_kind kd = ref_kind(c, m->entity);
			if (kd == ENTITY_KIND_PERSON)
				break;
			size_t end = m->first_token + m->n_tokens + closing;
			if (m->form == ENTITY_FORM_NISBA || kd == ENTITY_KIND_COUNTRY) {
				if (!entity_ref_is_none(of_country))
					break;
				of_country = m->country.v != ENTITY_REF_NONE ? m->country : m->entity;
			} else if (kd == ENTITY_KIND_ORGANIZATION && entity_ref_is_none(of_org)) {
				/* "المبعوث الأمريكي الخاص للتحالف الدولي": the body wins
				 * over the nisba as what the office is "of" */
				of_org = m->entity;
				if (office_end == j || entity_ref_is_none(of_country))
					office_end = end;
			} else if (kd == ENTITY_KIND_PLACE && m->form != ENTITY_FORM_CAPITAL &&
			    office_end == j) {
				office_end = end; /* "قائد عمليات نينوى", "محافظ الأنبار" */
			} else {
				break;
			}
			j = end;
			continue;
		}
		size_t ln, lstrip;
		uint32_t lx = lex_longest2(c, j, &ln, &lstrip);
		size_t body_end, gen_after;
		entity_ref gen_of;
		if ((lx & (ENTITY__LEX_TITLE | ENTITY__LEX_OFFICE)) && office_end == j &&
		    c->gen_n == 0 && entity_ref_is_none(of_org) &&
		    (gen_after = genitive_office(c, j, ln, &body_end, &gen_of)) != 0) {
			c->gen_i = j;
			c->gen_n = ln;
			c->gen_strip = lstrip;
			c->gen_mask = lx;
			of_org = gen_of;
			office_end = gen_after;
			j = body_end;
			continue;
		}
		if ((lx & ENTITY__LEX_MOD) && lstrip == 0) {
			if (office_end == j)
				office_end = j + ln; /* "المبعوث الخاص" when not listed */
			j += ln;
			continue;
		}
		if ((lx & ENTITY__LEX_TITLE) && lstrip == 0) {
			j += ln; /* "قائد القيادة المركزية الجنرال ..." */
			continue;
		}
		/* "الموفد الخاص للرئيس الأميركي ...": a title with a proclitic
		 * starts a complement, not the holder; it is a rule of its own */
		if ((lx & ENTITY__LEX_LINK) && same_sentence(c, i, j + ln) &&
		    c->cover[j + ln] != ENTITY__NIL) {
			const entity_mention *m = &r->m[c->cover[j + ln]];
			if (ref_kind(c, m->entity) == ENTITY_KIND_PERSON)
				break;
			/* "الخبير في المجلس الأطلسي": the body the person works in;
			 * not "السفير الأمريكي لدى الأمم المتحدة" (the nisba's) */
			if (ref_kind(c, m->entity) == ENTITY_KIND_ORGANIZATION &&
			    entity_ref_is_none(of_org) && entity_ref_is_none(of_country) &&
			    c->t[j].norm_len == 4 && memcmp(c->t[j].norm, "\xd9\x81\xd9\x8a", 4) == 0) { /* في */
				of_org = m->entity;
				link_org = true;
			}
			j = m->first_token + m->n_tokens; /* "السفير الأمريكي في العراق" */
			continue;
		}
		/* "المبعوث الأمريكي الخاص لدى التحالف X": a bare body after a
		 * link is what the office is of, as after باسم */
		if ((lx & ENTITY__LEX_LINK) && lstrip == 0 && same_sentence(c, i, j + ln) &&
		    c->cover[j + ln] == ENTITY__NIL && entity_ref_is_none(of_org) &&
		    !entity_ref_is_none(bare_body(c, j + ln))) {
			of_org = bare_body(c, j + ln);
			j += ln + 1;
			office_end = j;
			continue;
		}
		break;
	}
	entity_ref of = !entity_ref_is_none(of_org) ? of_org : of_country;
	c->last_of = of;
	c->last_o_start = skip_letters(c, i, strip);
	c->last_o_end = c->t[office_end - 1].span.end;
	/* "السكرتير الصحفي لوزارة الدفاع الأمريكية، بيتر كوك": a comma may
	 * stand before the holder */
	if (same_sentence(c, i, j + 1) && (is_punct(c, j, ',') || quoted_holder(c, j)) &&
	    (c->cover[j + 1] != ENTITY__NIL ? ref_kind(c, c->res->m[c->cover[j + 1]].entity) ==
	                                           ENTITY_KIND_PERSON :
	                                       name_run(c, j + 1) >= 2))
		j++;
	*next = j;
	if (!same_sentence(c, i, j))
		return true;
	/* a person noun gives a role only with what states it: the country of
	 * a counterpart ("نظيره الروسي X"), the body one works in ("الخبير في
	 * المجلس الأطلسي، X") */
	bool want_role = (mask & ENTITY__LEX_OFFICE) ||
	    (!(mask & ENTITY__LEX_NOUN) && !entity_ref_is_none(of)) ||
	    ((mask & ENTITY__LEX_PEER) && !entity_ref_is_none(of_country)) ||
	    ((mask & ENTITY__LEX_NOUN) && link_org);
	uint32_t o_start = skip_letters(c, i, strip), o_end = c->t[office_end - 1].span.end;
	uint32_t sent = c->t[i].sentence;
	size_t nn = name_run(c, j);
	if (c->cover[j] != ENTITY__NIL) {
		entity_mention *m = &r->m[c->cover[j]];
		if (ref_kind(c, m->entity) != ENTITY_KIND_PERSON)
			return true;
		*next = m->first_token + m->n_tokens;
		c->holder_found = true;
		if (want_role && !add_role(c, m->entity, of, o_start, o_end, m->span.end, sent))
			return false;
		/* "الوزيران الفرنسيان X وY": a dual office has a second holder */
		size_t k = *next;
		if (!(mask & ENTITY__LEX_DUAL) || !want_role || !same_sentence(c, j, k) ||
		    c->cover[k] == ENTITY__NIL)
			return true;
		const entity_mention *m2 = &r->m[c->cover[k]];
		/* و joins the second name: the token starts with it, the name not
		 * (the gazetteer pass matched it through the clitic) */
		const text_token *tk = &c->t[k];
		const entity_info *e2 = ref_info(r, m2->entity);
		if (ref_kind(c, m2->entity) != ENTITY_KIND_PERSON || m2->first_token != k ||
		    tk->norm_len < 2 || memcmp(tk->norm, "\xd9\x88", 2) != 0 || /* و */
		    e2 == NULL || strncmp(e2->name_ar, "\xd9\x88", 2) == 0)
			return true;
		*next = k + m2->n_tokens;
		return add_role(c, m2->entity, of, o_start, o_end, m2->span.end, sent);
	}
	entity_ref sp;
	if (surname_link(c, j, &sp)) {
		*next = j + 1;
		c->holder_found = true;
		return add_mention(c, sp, (entity_ref){ ENTITY_REF_NONE }, j, 1, ENTITY_FORM_SURNAME) &&
		    (!want_role || add_role(c, sp, of, o_start, o_end, c->t[j].span.end, sent));
	}
	if (nn == 0)
		return true;
	/* first name(s) before a listed surname: "جيمس ماتيس" with only ماتيس
	 * listed; the mention grows back over the first name */
	/* "الفريق X Y لرووداو إن": an organisation told (ل) after a name of
	 * two words or more ends the name; it is no surname of it */
	const text_token *after = same_sentence(c, j, j + nn) ? &c->t[j + nn] : NULL;
	bool told = after && nn >= 2 && c->cover[j + nn] != ENTITY__NIL &&
	    ref_kind(c, r->m[c->cover[j + nn]].entity) == ENTITY_KIND_ORGANIZATION &&
	    after->norm_len > 2 && memcmp(after->norm, "\xd9\x84", 2) == 0; /* ل */
	if (after && c->cover[j + nn] != ENTITY__NIL && !told) {
		entity_mention *m = &r->m[c->cover[j + nn]];
		if (ref_kind(c, m->entity) != ENTITY_KIND_PERSON || m->first_token != j + nn ||
		    nn != 1 || !first_name_fits(c, j, m->entity))
			return true; /* "محمد كيري" is not John Kerry */
		m->first_token = (uint32_t)j;
		m->n_tokens += (uint32_t)nn;
		m->span.start = c->t[j].span.start;
		for (size_t k = j; k < j + nn; k++)
			c->cover[k] = c->cover[j + nn];
		*next = m->first_token + m->n_tokens;
		c->holder_found = true;
		return !want_role || add_role(c, m->entity, of, o_start, o_end, m->span.end, sent);
	}
	if (nn == 1) {
		/* one unknown word after a title is a name only when the clause
		 * ends there: "... السفير الفرنسي ميشو، إن" */
		size_t e = j + 1, ln;
		bool ok = !same_sentence(c, j, e) || c->t[e].kind == TEXT_TOKEN_PUNCT ||
		    (lex_longest(c, e, &ln) & (ENTITY__LEX_STOP | ENTITY__LEX_SPEECH));
		if (!ok)
			return true;
	}
	entity_ref pr;
	entity_form form;
	if (!resolve_name(c, j, nn, &pr, &form))
		return false;
	if (!add_mention(c, pr, (entity_ref){ ENTITY_REF_NONE }, j, nn, form))
		return false;
	*next = j + nn;
	c->holder_found = true;
	return !want_role ||
	    add_role(c, pr, of, o_start, o_end, c->t[j + nn - 1].span.end, sent);
}

/* "ماثيو تولر، السفير الأمريكي في بغداد": an office with a qualifier but no
 * holder after it, right after a person (a comma between them allowed),
 * is that person's. */
static bool rule_apposition(ctx *c, size_t i, uint32_t mask)
{
	if (entity_ref_is_none(c->last_of) || i == 0 || (mask & ENTITY__LEX_NOUN))
		return true;
	size_t k = i - 1;
	bool comma = false;
	/* "البغدادي (زعيم التنظيم)": a parenthesis stands like a comma */
	if (c->t[k].kind == TEXT_TOKEN_PUNCT && k > 0 && same_sentence(c, k - 1, i) &&
	    (is_punct(c, k, ',') || is_punct(c, k, '('))) {
		k--;
		comma = true;
	}
	if (!same_sentence(c, k, i) || c->cover[k] == ENTITY__NIL)
		return true;
	const entity_mention *m = &c->res->m[c->cover[k]];
	if (ref_kind(c, m->entity) != ENTITY_KIND_PERSON || m->first_token + m->n_tokens != k + 1)
		return true;
	/* Without a comma the office may be the object of a verb ("التقى كيري
	 * وزير الخارجية العراقي": Kerry met the Iraqi minister); accept it only
	 * when the person is the subject of a speech verb, a title between
	 * them allowed ("وتابع السيد أحمد أبو زيد المتحدث باسم ..."). */
	if (!comma) {
		size_t p = m->first_token;
		bool subject = false;
		for (size_t back = 1; back <= 3 && back <= p && !subject; back++) {
			size_t ln;
			uint32_t lx = lex_longest(c, p - back, &ln);
			if (p - back + ln != p || !same_sentence(c, p - back, p))
				continue;
			if (lx & ENTITY__LEX_SPEECH)
				subject = true;
			else if ((lx & ENTITY__LEX_TITLE) && p - back > 0) {
				size_t ln2;
				for (size_t b2 = 1; b2 <= 2 && b2 <= p - back && !subject; b2++) {
					uint32_t l2 = lex_longest(c, p - back - b2, &ln2);
					subject = (l2 & ENTITY__LEX_SPEECH) && p - back - b2 + ln2 == p - back;
				}
			}
		}
		if (!subject)
			return true;
	}
	entity_ref person = m->entity;
	uint32_t start = m->span.start, sent = m->sentence;
	if (!add_role(c, person, c->last_of, c->last_o_start, c->last_o_end, c->last_o_end, sent))
		return false;
	c->res->r[c->res->n_r - 1].span.start = start;
	return true;
}

static bool rule_speech(ctx *c, size_t i, size_t n, size_t *next)
{
	size_t j = i + n;
	*next = j;
	if (!same_sentence(c, i, j) || c->cover[j] != ENTITY__NIL)
		return true;
	entity_ref sp;
	if (surname_link(c, j, &sp)) {
		*next = j + 1;
		return add_mention(c, sp, (entity_ref){ ENTITY_REF_NONE }, j, 1, ENTITY_FORM_SURNAME);
	}
	size_t nn = name_run(c, j);
	if (nn < 2)
		return true; /* "وقال مسؤول" is no name; one word needs a title */
	entity_ref pr;
	entity_form form;
	if (!resolve_name(c, j, nn, &pr, &form))
		return false;
	*next = j + nn;
	return add_mention(c, pr, (entity_ref){ ENTITY_REF_NONE }, j, nn, form);
}

static bool pass_rules(ctx *c)
{
	if (!c->g->has_lexicon)
		return true;
	for (size_t i = 0; i < c->nt;) {
		size_t n, strip, next = i + 1;
		uint32_t lx = c->cover[i] == ENTITY__NIL && (c->tf[i] & TF_LX) ?
		    lex_longest2(c, i, &n, &strip) : 0;
		bool ok = true;
		if (lx & (ENTITY__LEX_OFFICE | ENTITY__LEX_TITLE | ENTITY__LEX_NOUN)) {
			c->holder_found = false;
			c->last_of.v = ENTITY_REF_NONE;
			c->gen_n = 0;
			ok = rule_office(c, i, n, strip, lx, &next);
			if (ok && !c->holder_found)
				ok = rule_apposition(c, i, lx);
			if (ok && c->gen_n != 0) {
				/* the genitive person's own office ("الرئيس الأمريكي
				 * أوباما"), inside the outer one */
				size_t gi = c->gen_i, gn = c->gen_n, gnext;
				c->holder_found = false;
				ok = rule_office(c, gi, gn, c->gen_strip, c->gen_mask, &gnext);
				c->gen_n = 0;
			}
		}
		else if (lx & ENTITY__LEX_SPEECH)
			ok = rule_speech(c, i, n, &next);
		if (!ok)
			return false;
		i = next > i ? next : i + 1;
	}
	return true;
}

/* --- pass C */

static int cmp_mention(const void *a, const void *b)
{
	const entity_mention *x = a, *y = b;
	return (x->first_token > y->first_token) - (x->first_token < y->first_token);
}

/* Mentions arrive nearly in text order (pass A is in order; rules and
 * pass C add a few behind it), so a stable insertion sort is cheaper than
 * qsort's merge sort with its temporary buffer. When the input turns out
 * far from sorted the move budget runs out and qsort (glibc's is a stable
 * merge sort too) finishes the job: same order either way. */
static void mentions_sort(entity_mention *m, size_t n)
{
	size_t budget = 16 * n + 64;
	for (size_t i = 1; i < n; i++) {
		if (m[i - 1].first_token <= m[i].first_token)
			continue;
		entity_mention x = m[i];
		size_t j = i;
		while (j > 0 && m[j - 1].first_token > x.first_token && budget > 0) {
			m[j] = m[j - 1];
			j--;
			budget--;
		}
		m[j] = x;
		if (budget == 0) {
			qsort(m, n, sizeof(*m), cmp_mention);
			return;
		}
	}
}

static void sort_mentions(ctx *c, bool cover)
{
	entity_result *r = c->res;
	if (r->n_m > 1)
		mentions_sort(r->m, r->n_m);
	if (!cover)
		return; /* the last sort: nothing reads the cover after it */
	for (size_t k = 0; k < c->nt; k++)
		c->cover[k] = ENTITY__NIL;
	for (size_t mi = 0; mi < r->n_m; mi++)
		for (size_t k = r->m[mi].first_token; k < r->m[mi].first_token + r->m[mi].n_tokens; k++)
			c->cover[k] = (uint32_t)mi;
}

static bool pass_resolve(ctx *c)
{
	entity_result *r = c->res;
	sort_mentions(c, true);
	c->full = malloc((r->n_m ? r->n_m : 1) * sizeof(*c->full));
	c->full_h = malloc((r->n_m ? r->n_m : 1) * sizeof(*c->full_h));
	if (c->full == NULL || c->full_h == NULL)
		return false;
	c->n_full = 0;
	memset(c->full_bloom, 0, sizeof(c->full_bloom));
	for (size_t k = 0; k < r->n_m; k++) {
		if (r->m[k].n_tokens < 2 || ref_kind(c, r->m[k].entity) != ENTITY_KIND_PERSON)
			continue;
		uint64_t h = last_token_hash(c, &r->m[k]);
		c->full_h[c->n_full] = h;
		c->full[c->n_full++] = (uint32_t)k;
		c->full_bloom[(h >> 6) & FULL_BLOOM_MASK] |= (uint64_t)1 << (h & 63);
	}
	for (size_t j = 0; j < c->nt; j++) {
		const text_token *tk = &c->t[j];
		if (c->cover[j] != ENTITY__NIL || tk->kind != TEXT_TOKEN_WORD ||
		    !(tk->flags & TEXT_TOKEN_ARABIC) || lex_one(c, j) != 0)
			continue;
		entity_ref sp;
		if (surname_link(c, j, &sp)) { /* "ولنورلاند": clitics allowed here */
			if (!add_mention(c, sp, (entity_ref){ ENTITY_REF_NONE }, j, 1, ENTITY_FORM_SURNAME))
				return false;
			continue;
		}
		/* unlisted spelling of a gazetteer person: two words, or one long
		 * one, whose skeleton starts like a listed one (most words' does
		 * not: the word memo tells without asking name_token) */
		if (!skel_may_start(c, j) || !name_token(c, j, false))
			continue;
		char vs[ENTITY__KEY_MAX];
		size_t n = same_sentence(c, j, j + 1) && name_token(c, j + 1, false) ? 2 : 1;
		for (; n >= 1; n--) {
			/* one word: long, and not a definite noun ("الحالي" is
			 * "current", not الحيالي) */
			if (n == 1 && (c->t[j].norm_len < 12 || starts_with_article(&c->t[j])))
				break;
			size_t vl = tokens_vskel(c, j, n, vs, sizeof(vs));
			entity_ref p = vl ? skeleton_person(c, j, vs, vl) : (entity_ref){ ENTITY_REF_NONE };
			if (!entity_ref_is_none(p)) {
				if (!add_mention(c, p, (entity_ref){ ENTITY_REF_NONE }, j, n,
				        ENTITY_FORM_VARIANT))
					return false;
				j += n - 1;
				break;
			}
		}
	}
	sort_mentions(c, false);
	return true;
}

static void finish_persons(entity_result *r)
{
	for (size_t k = 0; k < r->n_p; k++) {
		doc_person *p = &r->p[k];
		entity_info *e = &p->info;
		memset(e, 0, sizeof(*e));
		e->id = p->id;
		e->kind = ENTITY_KIND_PERSON;
		e->name_ar = p->name;
		e->name_en = e->wikidata = e->country = e->iso2 = e->subtype = "";
		if (p->office) {
			p->role.office_ar = p->office;
			p->role.entity_id = p->of_id ? p->of_id : "";
			p->role.from = p->role.to = "";
			e->roles = &p->role;
			e->n_roles = 1;
		}
	}
}

/* The word cache: per thread, across documents, the word memo (struct
 * wmemo: variants and their probes, lex_one, the one-token gazetteer and
 * lexicon answers, skel_may_start) of each word met. All of them depend on
 * the word alone (its norm, bare_len and clitics: the key the memo is
 * shared by within a document too) and the gazetteer (serial), never on
 * neighbouring tokens: per-token answers (lx2, name_token) stay in the
 * document's struct memo, and the skeleton's bytes in its vsk (MEMO_VS is
 * cleared when a document first uses the entry). News repeats its common
 * words across articles, so most words of a document find their answers
 * here for one lookup, without hashing (the entry keeps nh) or probing.
 * A direct-mapped table of WC_N entries of 256 bytes (1 MiB a thread that
 * finds entities, freed at its exit) for words of up to WC_LEN bytes.
 * bench_pipeline's first 88 pieces (its 5 articles, repeated) have ~4300
 * distinct words. An entry a word of the current document uses (doc) is
 * never taken by another word of it, so the document's memo pointers stay
 * valid: such a word, or a longer one, gets a memo of its own per token. */
#define WC_BITS 12
#define WC_N ((size_t)1 << WC_BITS)
#define WC_LEN 40
typedef struct {
	struct wmemo m;
	uint32_t doc; /* stamp of the last document that used it, 0: empty */
	uint32_t key; /* wc_key of the word (WC_EMPTY: none) ... */
	char w[WC_LEN]; /* ... and its norm */
} wc_entry;
/* norm_len, bare_len and clitics of a word token in one compare; no word
 * has the key WC_EMPTY (its top byte is 0) */
#define WC_EMPTY 0xFFFFFFFFu
static inline uint32_t wc_key_of(const text_token *tk)
{
	return (uint32_t)tk->norm_len | (uint32_t)tk->bare_len << 8 | (uint32_t)tk->clitics << 16;
}
_Static_assert(sizeof(wc_entry) <= 256, "a word cache entry fits in 256 bytes");

struct wcache {
	uint64_t serial; /* the gazetteer the entries belong to */
	uint32_t doc;    /* stamp of the current document */
	wc_entry e[WC_N];
};

static pthread_key_t wc_key;
static pthread_once_t wc_once = PTHREAD_ONCE_INIT;
static _Thread_local struct wcache *wc_cur;

static void wc_key_create(void)
{
	(void)pthread_key_create(&wc_key, free);
}

static void wc_clear(struct wcache *w)
{
	for (size_t k = 0; k < WC_N; k++) {
		w->e[k].doc = 0;
		w->e[k].key = WC_EMPTY;
	}
	w->doc = 0;
}

/* This thread's cache for g with a new document stamp, emptied when it
 * served another gazetteer; NULL when out of memory (then no cache). */
static struct wcache *wc_get(const entity_gazetteer *g)
{
	struct wcache *w = wc_cur;
	if (w == NULL) {
		pthread_once(&wc_once, wc_key_create);
		w = malloc(sizeof(*w));
		if (w == NULL)
			return NULL;
		if (pthread_setspecific(wc_key, w) != 0) {
			free(w);
			return NULL;
		}
		w->serial = 0; /* no gazetteer has serial 0 */
		wc_cur = w;
	}
	if (w->serial != g->serial) {
		wc_clear(w);
		w->serial = g->serial;
	}
	if (++w->doc == 0) { /* the stamps wrapped: start afresh */
		wc_clear(w);
		w->doc = 1;
	}
	return w;
}

/* A word's slot from its length and first and last (up to) 8 bytes:
 * known before the word is hashed, which a hit then need not be. */
static inline size_t wc_slot(const char *s, size_t len)
{
	return (size_t)(coal_ends_mix(s, len) >> (64 - WC_BITS));
}

/* The cached word memo of word token k (its variants made), or NULL when
 * it has none (see struct wcache). *first: the document had not used the
 * entry yet. Two ways: the word's slot and its neighbour (slot ^ 1); a
 * new word takes the one a document used longer ago. */
static struct wmemo *wc_word(const ctx *c, size_t k, bool *first)
{
	const text_token *tk = &c->t[k];
	struct wcache *w = c->wc;
	if (w == NULL || tk->norm_len > WC_LEN)
		return NULL;
	uint32_t key = wc_key_of(tk);
	size_t s = wc_slot(tk->norm, tk->norm_len);
	wc_entry *e = &w->e[s];
	for (int way = 0; way < 2; way++, e = &w->e[s ^ 1]) {
		if (e->key == key && coal_bytes_eq(e->w, tk->norm, tk->norm_len)) {
			*first = e->doc != w->doc;
			e->doc = w->doc;
			return &e->m;
		}
	}
	e = &w->e[s];
	wc_entry *o = &w->e[s ^ 1];
	if (o->doc < e->doc) /* stamps only grow: the older one */
		e = o;
	if (e->doc == w->doc)
		return NULL; /* both taken by other words of this document */
	*first = true;
	e->doc = w->doc;
	e->key = key;
	memcpy(e->w, tk->norm, tk->norm_len);
	e->m.has = 0;
	e->m.nh = entity__hash(tk->norm, tk->norm_len);
	make_variants(c, k, &e->m);
	return &e->m;
}

/* Sets up every token in one walk: memo[k].word (a word cache entry, see
 * struct wcache, or the token's own memo) and .nh, tf, an empty cover, and
 * the place of each word memo's skeleton in vsk (*vsk_len bytes: a
 * skeleton is never longer than its word). */
static void find_words(ctx *c, size_t *vsk_len)
{
	size_t vl = 1;
	for (size_t k = 0; k < c->nt; k++) {
		const text_token *tk = &c->t[k];
		struct memo *me = &c->memo[k];
		me->has = 0;
		c->cover[k] = ENTITY__NIL;
		bool first = false;
		struct wmemo *wm = tk->kind == TEXT_TOKEN_WORD ? wc_word(c, k, &first) : NULL;
		if (wm != NULL) {
			me->word = wm;
			me->nh = wm->nh;
			if (first) { /* its skeleton, if any, was another document's */
				wm->has &= (uint16_t)~MEMO_VS;
				wm->vs_off = (uint32_t)vl;
				vl += (size_t)tk->norm_len + 1;
			}
		} else {
			me->word = &me->own;
			me->own.has = 0;
			me->own.vs_off = (uint32_t)vl;
			vl += (size_t)tk->norm_len + 1;
			if (tk->kind != TEXT_TOKEN_WORD) { /* nh unset: see key_room */
				c->tf[k] = 0;
				continue;
			}
			/* pass A asks every word token for its variants */
			me->nh = me->own.nh = entity__hash(tk->norm, tk->norm_len);
			make_variants(c, k, &me->own);
		}
		c->tf[k] = (uint8_t)((me->word->gz_any ? TF_GZ : 0) | (me->word->lx_any ? TF_LX : 0));
	}
	*vsk_len = vl;
}

int entity_find(const entity_gazetteer *g, const text_doc *doc, entity_result **out)
{
	entity_result *r = calloc(1, sizeof(*r));
	ctx c = { 0 };
	if (r == NULL)
		goto fail;
	r->g = g;
	c.g = g;
	c.res = r;
	c.t = text_doc_tokens(doc, &c.nt);
	size_t blen;
	c.bytes = text_doc_bytes(doc, &blen);
	c.cover = malloc((c.nt ? c.nt : 1) * sizeof(*c.cover));
	c.tf = malloc(c.nt ? c.nt : 1);
	/* a memo entry is read only after its has bit is set: no calloc */
	c.memo = malloc((c.nt ? c.nt : 1) * sizeof(*c.memo));
	if (c.cover == NULL || c.memo == NULL || c.tf == NULL)
		goto fail;
	for (size_t k = c.nt; k-- > 0;)
		c.memo[k].run_end = k + 1 < c.nt && c.t[k + 1].sentence == c.t[k].sentence ?
		    c.memo[k + 1].run_end : (uint32_t)(k + 1);
	c.wc = wc_get(g);
	size_t vsk_len;
	find_words(&c, &vsk_len);
	c.vsk = malloc(vsk_len);
	if (c.vsk == NULL)
		goto fail;
	if (!pass_gazetteer(&c) || !pass_rules(&c) || !pass_resolve(&c))
		goto fail;
	finish_persons(r);
	free(c.cover);
	free(c.tf);
	free(c.full);
	free(c.full_h);
	free(c.vsk);
	free(c.memo);
	*out = r;
	return 0;
fail:
	free(c.cover);
	free(c.tf);
	free(c.full);
	free(c.full_h);
	free(c.vsk);
	free(c.memo);
	entity_result_destroy(r);
	return -1;
}

void entity_result_destroy(entity_result *r)
{
	if (r == NULL)
		return;
	for (size_t k = 0; k < r->n_p; k++) {
		free(r->p[k].name);
		free(r->p[k].office);
	}
	free(r->p);
	free(r->m);
	free(r->r);
	free(r);
}

const entity_mention *entity_result_mentions(const entity_result *r, size_t *n)
{
	*n = r->n_m;
	return r->m;
}

const entity_role_mention *entity_result_roles(const entity_result *r, size_t *n)
{
	*n = r->n_r;
	return r->r;
}

size_t entity_result_person_count(const entity_result *r)
{
	return r->n_p;
}

const entity_info *entity_result_info(const entity_result *r, entity_ref ref)
{
	if (ref.v == ENTITY_REF_NONE)
		return NULL;
	if (ref.v >= ENTITY_REF_DOC) {
		size_t k = ref.v - ENTITY_REF_DOC;
		return k < r->n_p ? &r->p[k].info : NULL;
	}
	return entity_gazetteer_get(r->g, ref.v);
}

bool entity_name_variant(const char *a, const char *b)
{
	char *na = text_normalize(a, strlen(a), NULL);
	char *nb = text_normalize(b, strlen(b), NULL);
	bool ok = false;
	if (na && nb) {
		char va[ENTITY__KEY_MAX], vb[ENTITY__KEY_MAX];
		size_t la = entity__vskel(na, strlen(na), va, sizeof(va));
		size_t lb = entity__vskel(nb, strlen(nb), vb, sizeof(vb));
		ok = la && lb && entity__vskel_close(va, la, vb, lb);
	}
	free(na);
	free(nb);
	return ok;
}
