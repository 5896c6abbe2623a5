/* Internals shared by facts.c and facts_lexicon.c. */
#ifndef FACTS_FACTS_IMPL_H
#define FACTS_FACTS_IMPL_H

#include "facts.h"

#define FACTS__MAX_WORDS 4

/* A pattern: 1..4 words in matching form; a word written with a final '*'
 * matches any word starting with it. Every word may carry proclitics. */
typedef struct {
	char *w[FACTS__MAX_WORDS];
	uint16_t len[FACTS__MAX_WORDS];
	uint32_t hash[FACTS__MAX_WORDS]; /* facts__word_hash of a whole word, to compare
	                                   with facts__offs.hash before the bytes */
	bool prefix[FACTS__MAX_WORDS];
	uint8_t n;
} facts__pat;

typedef struct {
	facts__pat *v;
	size_t n, cap;
	uint16_t id; /* the list's number in the lexicon's facts__lexindex */
} facts__patlist;

typedef enum {
	FACTS__SUBJ_NONE = 0,
	FACTS__SUBJ_COALITION,
	FACTS__SUBJ_ISIS,
	FACTS__SUBJ_COUNTRY,
	FACTS__SUBJ_PLACE,
	FACTS__SUBJ_ANY,
	FACTS__SUBJ_RECIPIENT, /* the country after the amount, else before */
	FACTS__SUBJ_ACTOR,     /* the coalition if named, else a country before */
} facts__subject;

typedef struct {
	char *metric;
	char *unit;          /* extract unit lemma, or "*" */
	bool any_unit;       /* unit is "*" */
	uint32_t unit_hash;  /* facts__word_hash of unit: build_quantities tries
	                        every metric for every quantity, and compares the
	                        units' strings only when their hashes agree */
	facts__subject subject;
	char *requires;      /* entity id that must be named in the sentence, or NULL */
	facts__patlist trig; /* empty: no trigger needed */
	facts__patlist neg;  /* any of these in the window: rule does not apply */
} facts__metric;

typedef struct {
	facts__pat pat;
	char *value;
} facts__tagged;

typedef struct {
	facts__tagged *v;
	size_t n, cap;
	uint16_t id; /* as facts__patlist.id */
} facts__taglist;

/* Index of all the lexicon's pattern lists by their patterns' first words,
 * so that one probe per clitic offset of a token finds every (list,
 * pattern) that may start there, instead of asking every list at every
 * token of every window (the matcher was the hottest code of facts_build).
 * Each distinct first word is one facts__fword holding its patterns.
 * whole: whole first words by their facts__word_hash (open addressing,
 * word index + 1, 0 = empty slot). Prefix first words ("انضم*") of at
 * least 6 bytes by their first 6 bytes (three Arabic letters) as a number,
 * hashed to one of 2^FACTS__PRE_BITS runs of pre_words, pre_key holding
 * each one's number; shorter ones in short_pre, tried at every word. */
#define FACTS__PRE_BITS 12
typedef struct {
	const char *w;
	uint16_t len;
	bool prefix;
	uint32_t first, n; /* its patterns: pats[first .. first + n) */
	uint32_t n_single; /* the first n_single of them are of this word alone */
	/* bit hash >> 26 of each whole second word of its longer patterns, so
	 * that one test against the next token's suffix hashes passes over
	 * them all when none can follow ("من" starts many); any_pre2: one
	 * has a prefix second word (always tried) */
	uint64_t second;
	bool any_pre2;
} facts__fword;

#define FACTS__SEEN_BITS 16
typedef struct {
	uint32_t *key, *word;
	size_t n_slots; /* power of two; 0: empty table */
	unsigned shift; /* slot of a key: (key * golden ratio) >> shift */
	/* bit (key * golden ratio) >> (32 - FACTS__SEEN_BITS) set for every key:
	 * most words of a text start no pattern, and one bit test rejects them
	 * before the probe */
	uint64_t seen[(1u << FACTS__SEEN_BITS) / 64];
} facts__ptab;

typedef struct {
	const char *base; /* the list's first element, a facts__pat at its start */
	size_t stride, n;
} facts__listref;

typedef struct {
	facts__listref *lists; /* by list id */
	size_t n_lists;
	facts__fword *words;
	size_t n_words;
	uint32_t *pats; /* list << 16 | pattern index, ascending per word */
	const facts__pat **pat; /* the pattern pats[i] names */
	facts__ptab whole;
	uint16_t *pre_first; /* 2^FACTS__PRE_BITS + 1: bucket c's run is
	                        pre_words[pre_first[c] .. pre_first[c + 1]) */
	uint64_t serial; /* unique per built index (never reused), so that a
	                    thread's probe memo (facts_match.c) never serves
	                    another lexicon, even one at the same address */
	uint32_t *pre_words, *short_pre; /* word indexes */
	uint64_t *pre_key;               /* per pre_words entry */
	size_t n_short_pre;
} facts__lexindex;

struct facts_lexicon {
	facts__metric *metrics;
	size_t n_metrics, cap_metrics;
	char **names; /* distinct metric names */
	size_t n_names;
	facts__patlist speech, roles, report, comp, rel, origin; /* facts_quotes.tsv */
	facts__patlist mword, mtalk, mnot, mback, mnew, host, future, present, topic; /* facts_meetings.tsv */
	facts__taglist level, punit;
	facts__taglist events;                     /* facts_events.tsv */
	facts__patlist part, negation;             /* facts_participation.tsv */
	facts__taglist modes;                      /* value: the mode bit, as text */
	facts__lexindex ix;                        /* over all the lists above */
};

/* Clitic split offsets of one token (text_clitic_offsets), computed once
 * per document so that matching a pattern never re-analyses a word. */
#define FACTS__MAX_OFFS 5
typedef struct {
	uint16_t off[FACTS__MAX_OFFS];
	uint32_t hash[FACTS__MAX_OFFS]; /* facts__word_hash of the word at off[i] */
	uint8_t n;
} facts__offs;

/* FNV-1a over the 32-bit units of s[0..len) (two Arabic letters each) read
 * from the end, then what is left at the front (a 16-bit unit, then a
 * byte): one backward pass over a token yields the hashes of all its
 * clitic suffixes. */
uint32_t facts__word_hash(const char *s, size_t len);

/* Builds lex->ix over the lexicon's lists, numbering them. 0, or -1 when
 * out of memory. */
int facts__lexindex_build(facts_lexicon *lex);
void facts__lexindex_fini(facts__lexindex *ix);

/* A match of the document match table: pattern k of a list matches n
 * tokens from token tok. */
typedef struct {
	uint32_t tok;
	uint16_t k;
	uint8_t n;
} facts__hit;

/* Every match of every lexicon list at every token of one document,
 * computed once (facts__matches_build) so that the builders' many window
 * scans over the same tokens are binary searches. The hits of list l are
 * hits[first[l] .. first[l + 1]), in token order and, at one token, in
 * pattern order: the first hit at or after a token is the one the
 * lowest-numbered pattern gives at the first matching token. */
typedef struct {
	facts__hit *hits;
	uint32_t *first;
	size_t n_lists;
} facts__matches;

int facts__matches_build(const facts_lexicon *lex, const text_token *toks, const facts__offs *offs,
    size_t n_toks, facts__matches *out);
void facts__matches_fini(facts__matches *m);

/* facts__offs_fill and facts__matches_build in one, with this thread's
 * memo of words seen in earlier documents (facts_match.c): the same
 * offs and table. 0, or -1 when out of memory. */
int facts__doc_match(const facts_lexicon *lex, const text_token *toks, size_t n, facts__offs *offs,
    facts__matches *out);

/* The hits of list l at tokens in [from, to): returns the first (NULL:
 * none) and writes one past the last to *end when end is not NULL. */
const facts__hit *facts__matches_range(const facts__matches *m, size_t l, size_t from, size_t to,
    const facts__hit **end);

/* Fills offs[i] for each of the n tokens (n = 0 for a token that is no
 * word: patterns match words only). */
void facts__offs_fill(const text_token *toks, size_t n, facts__offs *offs);

/* Does pat match at token i (all words inside one sentence)? Returns the
 * number of tokens matched, 0 if none. offs: from facts__offs_fill. */
size_t facts__pat_match(const facts__pat *p, const text_token *toks, const facts__offs *offs,
    size_t n_toks, size_t i);

#endif
