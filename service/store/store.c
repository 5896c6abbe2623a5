/* store.c: documents in a vector (insertion order, for paging) plus an
 * open-addressing hash from id to index (for GetDocument). */
#include "store.h"
#include "store_impl.h"

#include <stdlib.h>
#include <string.h>

int store_id_is_valid(const char *id)
{
	size_t n = 0;
	if (id == NULL)
		return 0;
	for (; id[n] != '\0'; n++) {
		char c = id[n];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return 0;
		if (n >= STORE_ID_MAX_BYTES)
			return 0;
	}
	return n > 0;
}

/* FNV-1a: ids are short and trusted after validation. */
static uint64_t id_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

store *store_create(void) { return calloc(1, sizeof(store)); }

void store_analysis_fini(store_analysis *a)
{
	facts_result_destroy(a->facts);
	a->facts = NULL;
	entity_result_destroy(a->ents);
	extract_result_destroy(a->ex);
	text_doc_destroy(a->doc);
	a->ents = NULL;
	a->ex = NULL;
	a->doc = NULL;
}

static void document_free(store_document *d)
{
	if (d == NULL)
		return;
	store_analysis_fini(&d->a);
	free(d->id);
	free(d->title);
	free(d->outlet);
	free(d->language);
	free(d->url);
	free(d->date_found);
	free(d);
}

void store_destroy(store *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n_docs; i++)
		document_free(s->docs[i]);
	free(s->docs);
	free(s->slots);
	free(s->seen);
	store__entities_free(s->ents);
	search_index_destroy(s->search);
	store__facts_free(s->facts);
	store__series_free(s->series);
	free(s);
}

static char *dup_or_empty(const char *s)
{
	return strdup(s != NULL ? s : "");
}

static size_t slot_find(const store *s, const char *id)
{
	size_t mask = s->n_slots - 1;
	for (size_t i = id_hash(id) & mask;; i = (i + 1) & mask) {
		uint32_t v = s->slots[i];
		if (v == 0 || strcmp(s->docs[v - 1]->id, id) == 0)
			return i;
	}
}

static int slots_grow(store *s)
{
	size_t n = s->n_slots ? s->n_slots * 2 : 64;
	uint32_t *old = s->slots;
	size_t old_n = s->n_slots;
	s->slots = calloc(n, sizeof *s->slots);
	if (s->slots == NULL) {
		s->slots = old;
		return -1;
	}
	s->n_slots = n;
	for (size_t i = 0; i < old_n; i++)
		if (old[i] != 0)
			s->slots[slot_find(s, s->docs[old[i] - 1]->id)] = old[i];
	free(old);
	return 0;
}

/* Counts the gazetteer entities a document mentions for the first time. */
static int entities_count(store *s, const entity_result *ents)
{
	size_t n = 0;
	const entity_mention *m = entity_result_mentions(ents, &n);
	for (size_t i = 0; i < n; i++) {
		if (entity_ref_is_none(m[i].entity) || entity_ref_is_doc(m[i].entity))
			continue;
		size_t byte = m[i].entity.v / 8;
		if (byte >= s->seen_bytes) {
			size_t nb = (byte + 1) * 2;
			uint8_t *seen = realloc(s->seen, nb);
			if (seen == NULL)
				return -1;
			memset(seen + s->seen_bytes, 0, nb - s->seen_bytes);
			s->seen = seen;
			s->seen_bytes = nb;
		}
		uint8_t bit = (uint8_t)(1u << (m[i].entity.v % 8));
		if (!(s->seen[byte] & bit)) {
			s->seen[byte] |= bit;
			s->stats.entities++;
		}
	}
	s->stats.entities += entity_result_person_count(ents);
	return 0;
}

store_err store_document_add(store *s, const store_doc_meta *meta, store_analysis *a)
{
	if (!store_id_is_valid(meta->id))
		return STORE_EINVAL;
	/* Keep the load factor under 1/2 so probes stay short. */
	if ((s->n_docs + 1) * 2 > s->n_slots && slots_grow(s) != 0)
		return STORE_ENOMEM;
	size_t slot = slot_find(s, meta->id);
	if (s->slots[slot] != 0)
		return STORE_EEXIST;
	if (s->n_docs == s->cap_docs) {
		size_t cap = s->cap_docs ? s->cap_docs * 2 : 16;
		store_document **docs = realloc(s->docs, cap * sizeof *docs);
		if (docs == NULL)
			return STORE_ENOMEM;
		s->docs = docs;
		s->cap_docs = cap;
	}
	store_document *d = calloc(1, sizeof *d);
	if (d == NULL)
		return STORE_ENOMEM;
	d->id = strdup(meta->id);
	d->title = dup_or_empty(meta->title);
	d->outlet = dup_or_empty(meta->outlet);
	d->language = dup_or_empty(meta->language);
	d->url = dup_or_empty(meta->url);
	d->date_found = dup_or_empty(meta->date_found);
	if (!d->id || !d->title || !d->outlet || !d->language || !d->url || !d->date_found) {
		document_free(d); /* doc and ex are still NULL here */
		return STORE_ENOMEM;
	}
	if (a->ents != NULL && entities_count(s, a->ents) != 0) {
		document_free(d);
		return STORE_ENOMEM;
	}
	if (a->facts != NULL) {
		size_t n = 0;
		facts_result_quantities(a->facts, &n);
		s->stats.facts += n;
		facts_result_quotes(a->facts, &n);
		s->stats.facts += n;
		facts_result_meetings(a->facts, &n);
		s->stats.facts += n;
		facts_result_events(a->facts, &n);
		s->stats.facts += n;
		facts_result_participations(a->facts, &n);
		s->stats.facts += n;
	}
	d->a = *a;
	*a = (store_analysis){0};
	s->docs[s->n_docs++] = d;
	s->slots[slot] = (uint32_t)s->n_docs;
	size_t n_sent = 0, n_bytes = 0;
	text_doc_sentences(d->a.doc, &n_sent);
	text_doc_bytes(d->a.doc, &n_bytes);
	s->stats.documents++;
	s->stats.sentences += n_sent;
	s->stats.bytes += n_bytes;
	return STORE_OK;
}

size_t store_document_count(const store *s) { return s->n_docs; }

const store_document *store_document_at(const store *s, size_t index)
{
	return index < s->n_docs ? s->docs[index] : NULL;
}

const store_document *store_document_find(const store *s, const char *id)
{
	if (s->n_slots == 0 || id == NULL)
		return NULL;
	uint32_t v = s->slots[slot_find(s, id)];
	return v ? s->docs[v - 1] : NULL;
}

store_stats store_stats_get(const store *s) { return s->stats; }

const char *store_document_id(const store_document *d) { return d->id; }
const char *store_document_title(const store_document *d) { return d->title; }
const char *store_document_outlet(const store_document *d) { return d->outlet; }
const char *store_document_language(const store_document *d) { return d->language; }
const char *store_document_url(const store_document *d) { return d->url; }
const char *store_document_date_found(const store_document *d) { return d->date_found; }
const text_doc *store_document_text(const store_document *d) { return d->a.doc; }
const extract_result *store_document_extract(const store_document *d) { return d->a.ex; }
const entity_result *store_document_entities(const store_document *d) { return d->a.ents; }
const facts_result *store_document_facts(const store_document *d) { return d->a.facts; }

long store_document_index(const store *s, const char *id)
{
	if (s->n_slots == 0 || id == NULL)
		return -1;
	uint32_t v = s->slots[slot_find(s, id)];
	return v ? (long)v - 1 : -1;
}

int store_search_build(store *s)
{
	search_index *idx = NULL;
	if (search_index_create(&idx) != SEARCH_OK)
		return -1;
	for (size_t i = 0; i < s->n_docs; i++)
		if (search_index_add(idx, (uint32_t)i, s->docs[i]->a.doc) != SEARCH_OK)
			goto fail;
	if (search_index_freeze(idx) != SEARCH_OK)
		goto fail;
	search_index_destroy(s->search);
	s->search = idx;
	return 0;
fail:
	search_index_destroy(idx);
	return -1;
}

const search_index *store_search(const store *s) { return s->search; }
