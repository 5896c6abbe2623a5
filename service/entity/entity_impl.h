/* entity_impl.h: structures shared by the files of service/entity (not part
 * of the public API). The gazetteer owns every string through its file
 * buffers and one key blob; hash maps store offsets into that blob, so it can
 * grow while the index is built. */
#ifndef ENTITY_ENTITY_IMPL_H
#define ENTITY_ENTITY_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coalition_hash.h"
#include "entity.h"

#define ENTITY__NIL 0xFFFFFFFFu
/* longest key (bytes of matching form, tokens joined by ' ') we index or look up */
#define ENTITY__KEY_MAX 480
#define ENTITY__NTOK_MAX 16
/* the two token counts packed in a value of entity_gazetteer.first */
#define ENTITY__FIRST_GZ(v) ((v) & 0xFFu)
#define ENTITY__FIRST_LX(v) (((v) >> 8) & 0xFFu)

/* Open-addressing map from a byte string (kept in a blob) to a uint32. */
typedef struct {
	uint64_t h;
	uint32_t off, len; /* key bytes in the blob */
	uint32_t val;
} entity__slot;

/* bloom: one bit per key, picked by bits 32.. of its hash (the slot index
 * uses the low bits), in 8 * cap bits, so 16 bits or more per key. Most
 * probes of the recogniser are misses (a word that starts no key); the
 * bloom answers about 15 of 16 of them without walking the table. */
typedef struct {
	entity__slot *slots;
	uint64_t *bloom; /* cap / 8 words */
	size_t cap, n;   /* cap is 0 or a power of two >= 256 */
} entity__map;

typedef struct {
	char *p;
	size_t len, cap;
} entity__blob;

/* One entity reachable from a key. */
typedef struct {
	uint32_t entity;
	uint8_t form;     /* entity_form */
	uint8_t is_cs;    /* Latin acronym: the original must match case-sensitively */
	uint8_t marked;   /* the raw form has a vowel mark (U+064B..U+0652) */
	uint32_t cs_off;  /* is_cs: the form without spaces, in the blob */
	uint32_t cs_len;
	uint32_t raw_off; /* the form as written in the file (with any
	                     vowel marks), in the blob */
	uint32_t raw_len;
	uint32_t next;    /* next posting of the same key, or ENTITY__NIL */
} entity__posting;

/* Skeleton posting: a person form, by consonant skeleton. */
typedef struct {
	uint32_t entity;
	uint32_t vs_off, vs_len; /* vowel-keeping skeleton (UTF-8) in the blob */
	uint32_t next;
} entity__skelpost;

/* Lexicon kinds (bit mask: a word may be several). */
enum {
	ENTITY__LEX_OFFICE = 1u << 0, /* وزير الخارجية, المتحدث باسم: office head */
	ENTITY__LEX_TITLE = 1u << 1,  /* الجنرال, السفير: title right before a name */
	ENTITY__LEX_SPEECH = 1u << 2, /* قال, أكد: speech verb before its subject */
	ENTITY__LEX_LINK = 1u << 3,   /* في: joins an office to its country */
	ENTITY__LEX_STOP = 1u << 4,   /* never part of a name */
	ENTITY__LEX_PARTICLE = 1u << 5, /* عبد, أبو, بن: inside names, never last */
	ENTITY__LEX_WEAK = 1u << 6,   /* a gazetteer form that is also a common word
	                                 (الرياض "gardens", الأسد "the lion"):
	                                 needs context */
	ENTITY__LEX_CONTEXT = 1u << 7, /* a word after which a weak form is a name
	                                  (في, إلى, زار, التقى) */
	ENTITY__LEX_MOD = 1u << 9,    /* an adjective after an office (الخاص,
	                                 السابق): skipped between office and name */
	ENTITY__LEX_BODY = 1u << 10,  /* وزارة, لجنة, قيادة: an unlisted body
	                                 starting the complement of an office */
	ENTITY__LEX_NOUN = 1u << 8,   /* a person noun before a name that is no
	                                 office (نظيره, الباحث): finds the person,
	                                 never a role */
	ENTITY__LEX_PEER = 1u << 11,  /* نظيره: a noun that takes the office of
	                                 its nisba's country ("نظيره الروسي X") */
	ENTITY__LEX_DUAL = 1u << 12,  /* الوزيران: a dual office with two
	                                 holders joined by و */
};

struct entity_gazetteer {
	entity_info *ents;
	size_t n_ents;
	char *files[5]; /* file contents; every field points into them */
	void **allocs;  /* per-entity lists (aliases, roles ...) */
	size_t n_allocs, cap_allocs;
	entity__blob blob;
	entity__map ids;      /* id -> entity index */
	entity__map forms;    /* key -> first posting */
	entity__map first;    /* first token of a key -> the most tokens of a
	                         gazetteer key (bits 0-7) and of a lexicon key
	                         (bits 8-15) starting with it: one probe for
	                         both, see ENTITY__FIRST_* */
	uint64_t *pair;       /* ENTITY__PAIR_BITS bits, a bloom of the first two
	                         tokens of every key of two tokens or more
	                         (forms and lex), by entity__pair_bit of their
	                         hashes: a word followed by a word that no key
	                         continues it with needs no key longer than one
	                         token, so most probes build and hash none */
	entity__posting *posts;
	size_t n_posts, cap_posts;
	entity__map skel;     /* consonant skeleton -> first skelpost */
	entity__map skelpre;  /* every prefix (whole letters) of a key of skel;
	                         the value is unused */
	uint64_t *skel3;      /* ENTITY__SKEL3_BITS bits: the entity__cskel_head
	                         code of every prefix of one to three Arabic
	                         letters of a key of skel. Tells most words that
	                         start no listed skeleton from three letters,
	                         without their whole skeleton or a hash */
	entity__skelpost *sposts;
	size_t n_sposts, cap_sposts;
	entity__map lex;      /* lexicon key -> kind mask */
	bool has_lexicon;
	uint64_t serial;      /* unique per loaded gazetteer (never reused, unlike
	                         its address): entity_find's per-thread word
	                         cache holds the answers of one serial only */
};

/* coal_hash64, never 0 (0 marks an empty slot) */
static inline uint64_t entity__hash(const char *s, size_t len)
{
	uint64_t h = coal_hash64(s, len);
	return h ? h : 1;
}
/* The bit of g->pair for two tokens with entity__hash h1 and h2. A key
 * equal to a document's tokens joined by spaces has the same first two
 * tokens when no token holds a space: a key with such a token sets every
 * bit, and the recogniser does not filter on a following token with one. */
#define ENTITY__PAIR_BITS ((size_t)1 << 16)
static inline size_t entity__pair_bit(uint64_t h1, uint64_t h2)
{
	return (size_t)((h1 ^ (h2 * 0x9E3779B97F4A7C15ull)) >> 40) & (ENTITY__PAIR_BITS - 1);
}
/* Slot for key (created with val = ENTITY__NIL when absent); NULL on OOM. */
uint32_t *entity__map_put(entity__map *m, entity__blob *b, const char *k, size_t len);
/* False when no key of m has hash h (no false negatives). */
static inline bool entity__map_maybe(const entity__map *m, uint64_t h)
{
	if (m->cap == 0)
		return false;
	size_t bit = (size_t)(h >> 32) & (8 * m->cap - 1);
	return (m->bloom[bit >> 6] >> (bit & 63)) & 1u;
}
/* The table walk of entity__map_get_h, for keys the bloom let through. */
uint32_t entity__map_find_h(const entity__map *m, const entity__blob *b, const char *k, size_t len,
    uint64_t h);
/* Value for key with its entity__hash h already computed (one hash,
 * several maps), or ENTITY__NIL. Inline so that a miss the bloom answers
 * costs no call. */
static inline uint32_t entity__map_get_h(const entity__map *m, const entity__blob *b,
    const char *k, size_t len, uint64_t h)
{
	return entity__map_maybe(m, h) ? entity__map_find_h(m, b, k, len, h) : ENTITY__NIL;
}
/* Value for key, or ENTITY__NIL. */
static inline uint32_t entity__map_get(const entity__map *m, const entity__blob *b, const char *k,
    size_t len)
{
	if (m->cap == 0)
		return ENTITY__NIL;
	return entity__map_get_h(m, b, k, len, entity__hash(k, len));
}
void entity__map_fini(entity__map *m);
/* Appends bytes (and a NUL); returns the offset, or ENTITY__NIL on OOM. */
uint32_t entity__blob_add(entity__blob *b, const char *s, size_t len);

/* Skeletons of a name in matching form (spaces, hyphens, dots dropped;
 * ج غ ق ك -> ك; doubled letters single). vskel keeps the long vowels, cskel
 * drops ا و ي after the first letter. Return the byte length written (out
 * has cap bytes, NUL-terminated), 0 if it did not fit or is empty. */
size_t entity__vskel(const char *norm, size_t len, char *out, size_t cap);
size_t entity__cskel(const char *vskel, size_t len, char *out, size_t cap);
/* entity__cskel of entity__vskel of norm, in one pass (0 if empty or it
 * does not fit in cap) */
size_t entity__name_cskel(const char *norm, size_t len, char *out, size_t cap);
/* The first three letters of entity__name_cskel(norm, len), 6 bits a
 * letter (U+0621..U+065F as 1..63, 0 after a shorter skeleton), or
 * ENTITY__NIL when it cannot tell: a character other than an Arabic letter
 * of that range before the third letter, or an empty skeleton. */
#define ENTITY__SKEL3_BITS ((size_t)1 << 18)
uint32_t entity__cskel_head(const char *norm, size_t len);
/* Sets in skel3 the codes of the prefixes of the consonant skeleton cs
 * (up to three letters, stopping before any letter the code cannot
 * hold). */
void entity__skel3_add(uint64_t *skel3, const char *cs, size_t len);
/* True when two vowel skeletons differ by at most one long-vowel insertion
 * or deletion. */
bool entity__vskel_close(const char *a, size_t alen, const char *b, size_t blen);

#endif
