/* store: the in-memory fact model. Today it holds documents (metadata, the
 * segmented text and its recognised values); later entities and facts with
 * their indexes. It knows nothing about protobuf or sockets.
 *
 * Concurrency: the store is filled at start-up, before serving begins, and is
 * read-only afterwards, so readers take no lock. Pointers it returns stay
 * valid until store_destroy. (A write path will add a read view; until then
 * nothing may call store_document_add once serving has started.) */
#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "entity.h"
#include "facts.h"
#include "search.h"
#include "extract.h"
#include "text.h"

typedef struct store store;
typedef struct store_document store_document;

typedef enum {
	STORE_OK = 0,
	STORE_EEXIST, /* a document with that id exists */
	STORE_EINVAL, /* bad id */
	STORE_ENOMEM,
} store_err;

/* Document metadata as given by the manifest or the caller. Strings are
 * borrowed by store_document_add, which copies them; NULL means empty. */
typedef struct {
	const char *id;
	const char *title;
	const char *outlet;
	const char *language;
	const char *url;
	const char *date_found; /* free text: how the date was found */
} store_doc_meta;

/* Document ids: 1..64 bytes of [A-Za-z0-9_.-]. */
#define STORE_ID_MAX_BYTES 64
int store_id_is_valid(const char *id);

store *store_create(void);
void store_destroy(store *s); /* accepts NULL; frees every document */

/* What the pipeline makes of one text (see ingest_analyze). ents is NULL
 * when no gazetteer is loaded. */
typedef struct {
	text_doc *doc;
	extract_result *ex;
	entity_result *ents;
	facts_result *facts; /* NULL without a gazetteer */
} store_analysis;

/* Frees the parts of a and zeroes it (results before the doc they read). */
void store_analysis_fini(store_analysis *a);

/* Adds a document. On STORE_OK the store takes ownership of a's parts (it
 * frees them in store_destroy) and zeroes *a; on failure they stay the
 * caller's. */
store_err store_document_add(store *s, const store_doc_meta *meta, store_analysis *a);

size_t store_document_count(const store *s);
/* In insertion order; NULL past the end. */
const store_document *store_document_at(const store *s, size_t index);
/* NULL when unknown. O(1) average. */
const store_document *store_document_find(const store *s, const char *id);

typedef struct {
	uint64_t documents;
	uint64_t sentences;
	uint64_t bytes;
	/* distinct gazetteer entities mentioned, plus the people found by rule
	 * in each document (not merged across documents yet) */
	uint64_t entities;
	uint64_t facts; /* quantities, quotes, meetings, events, participation */
} store_stats;
store_stats store_stats_get(const store *s);

/* Accessors; returned strings are never NULL ("" when empty). */
const char *store_document_id(const store_document *d);
const char *store_document_title(const store_document *d);
const char *store_document_outlet(const store_document *d);
const char *store_document_language(const store_document *d);
const char *store_document_url(const store_document *d);
const char *store_document_date_found(const store_document *d);
const text_doc *store_document_text(const store_document *d);
const extract_result *store_document_extract(const store_document *d);
/* NULL when the store was filled without a gazetteer. */
const entity_result *store_document_entities(const store_document *d);
const facts_result *store_document_facts(const store_document *d);
/* Index of the document with this id (for store_document_at), or -1. */
long store_document_index(const store *s, const char *id);

/* ---- entities across the corpus ---------------------------------------
 * Built once by store_entities_build after every document is added (the
 * store is read-only afterwards). Gazetteer entities keep their ids; people
 * found by rule are merged across documents by their name in matching form
 * and get ids "person:found:N". */

typedef struct {
	const entity_info *info; /* borrowed from the gazetteer or a document */
	const char *id;
	uint32_t mentions;       /* across the corpus */
	uint32_t n_docs;         /* documents that mention it */
} store_entity;

/* One document's mentions of an entity: the document, how many, the first. */
typedef struct {
	uint32_t doc;            /* index for store_document_at */
	uint32_t mentions;
	uint32_t first_mention;  /* index into that document's entity mentions */
} store_entity_doc;

/* A role a document states: document index and role-mention index. */
typedef struct {
	uint32_t doc;
	uint32_t role;
} store_entity_role;

/* Indexes the entities of every document against g (borrowed; must outlive
 * the store). Returns 0, or -1 when out of memory. */
int store_entities_build(store *s, const entity_gazetteer *g);

size_t store_entity_count(const store *s);
const store_entity *store_entity_at(const store *s, size_t i);
const store_entity_doc *store_entity_docs(const store *s, size_t i, size_t *n);
const store_entity_role *store_entity_roles(const store *s, size_t i, size_t *n);

/* Entity index by id, or -1. */
long store_entity_find_id(const store *s, const char *id);

/* Entities whose name or alias starts with query (any spelling: matched in
 * matching form, also with proclitics stripped, and people by spelling
 * variant when nothing else matches), of kind (0 = any), mentioned by the
 * corpus unless include_unmentioned. Writes up to max indexes into out,
 * most mentioned first then by id, skipping the first `skip`; returns how
 * many match in all. An empty query matches everything. exact: whole
 * names only, not prefixes. */
size_t store_entity_search(const store *s, const char *query, int kind, bool include_unmentioned,
    bool exact, size_t skip, uint32_t *out, size_t max);

/* ---- facts across the corpus -------------------------------------------
 * Built by store_facts_build after store_entities_build: every document's
 * facts in corpus order (document, then the document's fact numbering:
 * quantities, quotes, meetings, events, participation), with lists by
 * entity and by metric so a filtered query starts from the smallest list. */

typedef struct {
	uint32_t doc;    /* index for store_document_at */
	uint32_t n;      /* number of the fact in its document */
	uint8_t kind;    /* numbered like coalition.v1.FactKind */
	int32_t date;    /* YYYYMMDD, unknown parts 0; 0 when undated */
	const char *metric; /* quantities (and meetings with a head count); else NULL */
} store_fact;

typedef struct {
	int kind;           /* 0: any */
	long entity;        /* entity row (store_entity_find_id), -1: any */
	const char *metric; /* NULL: any */
	long doc;           /* document index, -1: any */
	int32_t date_from;  /* YYYYMMDD inclusive, 0: open */
	int32_t date_to;    /* YYYYMMDD inclusive, 0: open */
} store_fact_filter;

int store_facts_build(store *s);

/* Facts about entity row e, as store_fact_query with that entity counts
 * them: per kind (counts[kind], kinds numbered like FactKind, [0] unused),
 * and per kind and metric (quantities, meetings with a head count), in
 * order of first appearance. Precomputed by store_facts_build. */
#define STORE_FACT_KINDS 7
void store_entity_fact_counts(const store *s, size_t e, uint32_t counts[STORE_FACT_KINDS]);
typedef struct {
	const char *metric; /* borrowed from the facts lexicon */
	uint8_t kind;       /* a quantity, or a meeting's head count */
	uint32_t count;
} store_metric_count;
const store_metric_count *store_entity_metric_counts(const store *s, size_t e, size_t *n);
size_t store_fact_count(const store *s);
/* Facts matching f in corpus order: writes those from skip on, up to max,
 * into out and returns how many match in all. */
size_t store_fact_query(const store *s, const store_fact_filter *f, size_t skip, store_fact *out, size_t max);

/* Dated facts about entity row f->entity (as store_fact_query lists them)
 * in date order: by YYYYMMDD key (a month-precision date before the days
 * of its month), then corpus order; kind and date range filter as there,
 * metric and doc too. Undated facts are left out. Writes those from skip
 * on, up to max, into out; returns how many match in all (0 when
 * f->entity < 0). Starts at date_from by binary search. */
size_t store_fact_timeline(const store *s, const store_fact_filter *f, size_t skip, store_fact *out, size_t max);

/* ---- series and conflicts ----------------------------------------------
 * Quantity facts grouped by (metric, subject, place, unit) into series, in
 * as-of order. A fact's time is the period its as-of date names (the day,
 * month, season or year, to the end date when one is stated), widened on
 * both sides by its metric's window (see store_series_rules_load). Two
 * facts disagree when their values cannot both be true: an exact value is
 * a point, "about" +-10%, "at least"/"at most" a half line, a range its
 * bounds, a vague amount [v, 10v]. A conflict: a fact and the later facts
 * of its series whose times overlap its own (so a group spans one period
 * plus the window, not a chain), holding values that disagree. */

typedef struct store_series_rules store_series_rules;

/* Reads "metric<TAB>window[<TAB>units]" lines ('#' comments; window:
 * days, or "always" for a metric whose true value does not change, such as
 * a distance; metric "*": the default, else 0; units "same" (default:
 * values in different units are different series) or "any" (the units are
 * nouns for one count: member, country, organisation; the series' unit is
 * then ""). Returns 0 and *out (free with store_series_rules_destroy), or
 * -1 with "path:line: reason". */
int store_series_rules_load(const char *path, store_series_rules **out, char *err, size_t err_len);
void store_series_rules_destroy(store_series_rules *r); /* accepts NULL */
/* The window of metric in days (STORE_WINDOW_ALWAYS for "always"). */
#define STORE_WINDOW_ALWAYS 1000000
int32_t store_series_window(const store_series_rules *r, const char *metric);
bool store_series_any_unit(const store_series_rules *r, const char *metric);

/* Builds series and conflicts after store_facts_build. r may be NULL
 * (every window 0); it is not kept. Returns 0, or -1 out of memory. */
int store_series_build(store *s, const store_series_rules *r);

typedef struct {
	const char *metric; /* never NULL; the strings are "" when none */
	const char *subject_id;
	const char *place_id;
	const char *unit;
	uint32_t n;         /* facts */
} store_series;

typedef struct {
	store_fact fact;
	double value, value_max;
	uint8_t approx;      /* extract_approx */
	uint8_t precision;   /* of the as-of date */
	uint16_t cls;        /* value class within its conflict, 0 = most stated */
	int32_t start, end;  /* the period, in days since 1970-01-01 */
	uint32_t conflict;   /* conflict index + 1, 0 when in none */
} store_series_fact;

size_t store_series_count(const store *s);
const store_series *store_series_at(const store *s, size_t i);
/* The facts of series i in as-of order; NULL past the end. */
const store_series_fact *store_series_facts(const store *s, size_t i, size_t *n);
/* Whether two facts' values can both be true. */
bool store_series_agree(const store_series_fact *a, const store_series_fact *b);

/* Series of metric (NULL: any) about subject and at place (entity ids;
 * NULL: any), most facts first then in series order: writes up to max
 * indexes into out and returns how many match in all. */
size_t store_series_find(const store *s, const char *metric, const char *subject_id, const char *place_id,
    uint32_t *out, size_t max);

/* The value of series i at date (YYYYMMDD upper bound; 0: any date): the
 * latest fact whose period starts by then and the facts whose times
 * overlap it; their value is the one most of them state (ties: the
 * latest's). sources/conflicting/earlier receive series-fact indexes,
 * latest first, up to their max; earlier holds the latest fact of each
 * other value before that time. Returns false when no fact starts by
 * date. */
typedef struct {
	uint32_t latest;          /* series-fact index stating the value */
	size_t n_sources, n_conflicting, n_earlier; /* totals (earlier: written) */
} store_asof;
bool store_series_asof(const store *s, size_t i, int32_t date, uint32_t *sources, size_t max_sources,
    uint32_t *conflicting, size_t max_conflicting, uint32_t *earlier, size_t max_earlier, store_asof *out);

typedef struct {
	uint32_t series;
	uint32_t first, n;  /* series-fact indexes [first, first + n) */
	uint32_t n_values;  /* value classes, >= 2 */
} store_conflict;

size_t store_conflict_count(const store *s);
const store_conflict *store_conflict_at(const store *s, size_t i);
/* Conflicts of metric (NULL: any) whose subject or place is entity_id
 * (NULL: any), in series then date order: writes those from skip on, up to
 * max, into out and returns how many match in all. */
size_t store_conflict_find(const store *s, const char *metric, const char *entity_id, size_t skip,
    uint32_t *out, size_t max);

/* Builds the full-text index of every document's sentences (after loading;
 * read-only afterwards). Returns 0, or -1 when out of memory. */
int store_search_build(store *s);
/* The frozen index, or NULL before store_search_build. */
const search_index *store_search(const store *s);

#endif
