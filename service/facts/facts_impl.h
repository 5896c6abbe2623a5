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
	bool prefix[FACTS__MAX_WORDS];
	uint8_t n;
} facts__pat;

/* Index of a pattern list by its patterns' first words, so a scan asks
 * each token only for the patterns that can start there instead of trying
 * every pattern at every token (the matcher was the hottest code of ingest).
 * Entries hold the FNV-1a hash of a first word and the pattern index + 1;
 * patterns whose first word is a prefix are listed apart and always tried. */
typedef struct {
	uint32_t *hash;
	uint16_t *idx;   /* pattern index + 1; 0 = empty slot */
	size_t n_slots;  /* power of two, 0 before facts__pindex_build */
	uint16_t *prefix;
	size_t n_prefix;
} facts__pindex;

typedef struct {
	facts__pat *v;
	size_t n, cap;
	facts__pindex ix;
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
	facts__pindex ix;
} facts__taglist;

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
};

/* Clitic split offsets of one token (text_clitic_offsets), computed once
 * per document so that matching a pattern never re-analyses a word. */
#define FACTS__MAX_OFFS 5
typedef struct {
	uint16_t off[FACTS__MAX_OFFS];
	uint32_t hash[FACTS__MAX_OFFS]; /* facts__word_hash of the word at off[i] */
	uint8_t n;
} facts__offs;

uint32_t facts__word_hash(const char *s, size_t len);

/* Builds ix over n patterns at base, stride bytes apart (a facts__pat at the
 * start of each element). Returns 0 or -1 when out of memory. */
int facts__pindex_build(facts__pindex *ix, const void *base, size_t n, size_t stride);
void facts__pindex_fini(facts__pindex *ix);

/* The lowest-numbered pattern of the indexed list that matches at token i:
 * returns its length (0: none) and its index in *k. Same result as trying
 * the patterns in order with facts__pat_match. */
size_t facts__pindex_match(const facts__pindex *ix, const void *base, size_t stride,
    const text_token *toks, const facts__offs *offs, size_t n_toks, size_t i, size_t *k);

/* Fills offs[i] for each of the n tokens. */
void facts__offs_fill(const text_token *toks, size_t n, facts__offs *offs);

/* Does pat match at token i (all words inside one sentence)? Returns the
 * number of tokens matched, 0 if none. offs: from facts__offs_fill. */
size_t facts__pat_match(const facts__pat *p, const text_token *toks, const facts__offs *offs,
    size_t n_toks, size_t i);

#endif
