/* store_impl.h: the store's structs, shared by the files of store/. Not
 * part of the module's surface. */
#ifndef STORE_IMPL_H
#define STORE_IMPL_H

#include "store.h"

struct store_document {
	char *id;
	char *title;
	char *outlet;
	char *language;
	char *url;
	char *date_found;
	store_analysis a;
};

struct store {
	store_document **docs;
	size_t n_docs;
	size_t cap_docs;
	uint32_t *slots; /* index + 1 into docs; 0 = empty */
	uint8_t *seen;   /* bitset of gazetteer entity indexes mentioned */
	size_t seen_bytes;
	struct store_entities *ents; /* NULL until store_entities_build */
	search_index *search;        /* NULL until store_search_build */
	struct store_facts *facts;   /* NULL until store_facts_build */
	struct store_series_set *series; /* NULL until store_series_build */
	size_t n_slots;  /* power of two */
	store_stats stats;
};

struct store_entities;
void store__entities_free(struct store_entities *e); /* accepts NULL */
/* The row of an entity a document's result refers to, or -1 (lookup only). */
long store__entity_row(const store *s, const entity_result *ents, entity_ref ref);
struct store_facts;
void store__facts_free(struct store_facts *f); /* accepts NULL */
/* A fact's date as YYYYMMDD (unknown parts 0), 0 when undated. */
int32_t store__date_key(const facts_date *d);
struct store_series_set;
void store__series_free(struct store_series_set *x); /* accepts NULL */

#endif
