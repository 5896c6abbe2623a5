/* store_entities.c: the corpus-wide entity index. Built once after loading:
 * one row per gazetteer entity plus one per person found by rule (merged
 * across documents by name in matching form), each with the documents that
 * mention it and the roles texts state; a sorted array of name keys in
 * matching form answers prefix queries by binary search. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"

typedef struct {
	char *key; /* matching form, owned */
	uint32_t ent;
} name_key;

typedef struct {
	store_entity_doc *v;
	size_t n, cap;
} doc_list;

typedef struct {
	store_entity_role *v;
	size_t n, cap;
} role_list;

struct store_entities {
	store_entity *e;
	doc_list *docs;
	role_list *roles;
	char **owned_ids; /* ids of found people; NULL for gazetteer rows */
	char **found_norm; /* found people's names in matching form; else NULL */
	size_t n, cap;
	name_key *keys;
	size_t n_keys, cap_keys;
	uint32_t *order; /* every row, most mentioned first, then by id */
	uint32_t *found; /* open addressing over found_norm: row + 1, 0 = empty */
	size_t n_found_slots;
	uint32_t *found_rows; /* row of "person:found:N" at N - 1 */
	size_t n_found, cap_found;
	const entity_gazetteer *g; /* rows 0..n_gaz-1 are its entities, in order */
};

void store__entities_free(struct store_entities *x)
{
	if (x == NULL)
		return;
	for (size_t i = 0; i < x->n; i++) {
		free(x->docs[i].v);
		free(x->roles[i].v);
		free(x->owned_ids[i]);
		free(x->found_norm[i]);
	}
	for (size_t i = 0; i < x->n_keys; i++)
		free(x->keys[i].key);
	free(x->e);
	free(x->docs);
	free(x->roles);
	free(x->owned_ids);
	free(x->found_norm);
	free(x->keys);
	free(x->order);
	free(x->found);
	free(x->found_rows);
	free(x);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	void *np = realloc(*p, c * elem);
	if (np == NULL)
		return -1;
	*p = np;
	*cap = c;
	return 0;
}

static long row_add(struct store_entities *x, const entity_info *info, const char *id)
{
	if (x->n == x->cap) {
		size_t c = x->cap ? x->cap * 2 : 256;
		void *p;
		if ((p = realloc(x->e, c * sizeof *x->e)) == NULL)
			return -1;
		x->e = p;
		if ((p = realloc(x->docs, c * sizeof *x->docs)) == NULL)
			return -1;
		x->docs = p;
		if ((p = realloc(x->roles, c * sizeof *x->roles)) == NULL)
			return -1;
		x->roles = p;
		if ((p = realloc(x->owned_ids, c * sizeof *x->owned_ids)) == NULL)
			return -1;
		x->owned_ids = p;
		if ((p = realloc(x->found_norm, c * sizeof *x->found_norm)) == NULL)
			return -1;
		x->found_norm = p;
		x->cap = c;
	}
	x->e[x->n] = (store_entity){.info = info, .id = id};
	x->docs[x->n] = (doc_list){0};
	x->roles[x->n] = (role_list){0};
	x->owned_ids[x->n] = NULL;
	x->found_norm[x->n] = NULL;
	return (long)x->n++;
}

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int found_rehash(struct store_entities *x, size_t slots)
{
	uint32_t *t = calloc(slots, sizeof *t);
	if (t == NULL)
		return -1;
	for (size_t r = 0; r < x->n; r++) {
		if (x->found_norm[r] == NULL)
			continue;
		size_t i = str_hash(x->found_norm[r]) & (slots - 1);
		while (t[i] != 0)
			i = (i + 1) & (slots - 1);
		t[i] = (uint32_t)r + 1;
	}
	free(x->found);
	x->found = t;
	x->n_found_slots = slots;
	return 0;
}

/* The row of a person found by rule, by name in matching form: created on
 * first sight, so the same unknown name in two articles is one entity. */
static long found_row(struct store_entities *x, const entity_info *info)
{
	char *norm = text_normalize(info->name_ar, strlen(info->name_ar), NULL);
	if (norm == NULL)
		return -1;
	if ((x->n + 1) * 2 > x->n_found_slots) {
		size_t ns = x->n_found_slots ? x->n_found_slots : 1024;
		while ((x->n + 1) * 2 > ns)
			ns *= 2;
		if (found_rehash(x, ns) != 0) {
			free(norm);
			return -1;
		}
	}
	size_t mask = x->n_found_slots - 1, i = str_hash(norm) & mask;
	for (; x->found[i] != 0; i = (i + 1) & mask) {
		uint32_t r = x->found[i] - 1;
		if (strcmp(x->found_norm[r], norm) == 0) {
			free(norm);
			return (long)r;
		}
	}
	char id[48];
	snprintf(id, sizeof id, "person:found:%zu", x->n_found + 1);
	char *owned = strdup(id);
	long row = owned != NULL &&
	        grow((void **)&x->found_rows, &x->cap_found, x->n_found + 1, sizeof *x->found_rows) == 0
	    ? row_add(x, info, owned) : -1;
	if (row < 0) {
		free(owned);
		free(norm);
		return -1;
	}
	x->owned_ids[row] = owned;
	x->found_norm[row] = norm;
	x->found[i] = (uint32_t)row + 1;
	x->found_rows[x->n_found++] = (uint32_t)row;
	return row;
}

/* The row of a mention's entity in document d's result. */
static long row_of(struct store_entities *x, const entity_result *ents, entity_ref ref)
{
	if (entity_ref_is_none(ref))
		return -1;
	if (!entity_ref_is_doc(ref))
		return (long)ref.v; /* gazetteer rows come first, in gazetteer order */
	const entity_info *info = entity_result_info(ents, ref);
	return info != NULL ? found_row(x, info) : -1;
}

static int key_add(struct store_entities *x, const char *name, uint32_t row)
{
	if (name == NULL || name[0] == '\0')
		return 0;
	size_t n = 0;
	char *k = text_normalize(name, strlen(name), &n);
	if (k == NULL)
		return 0; /* not valid UTF-8: not a searchable name */
	if (n == 0 || grow((void **)&x->keys, &x->cap_keys, x->n_keys + 1, sizeof *x->keys) != 0) {
		free(k);
		return n == 0 ? 0 : -1;
	}
	x->keys[x->n_keys++] = (name_key){k, row};
	return 0;
}

/* Names, aliases, and for people each word of their names (so "كيري" and
 * "kerry" find John Kerry). */
static int keys_add_row(struct store_entities *x, uint32_t row)
{
	const entity_info *in = x->e[row].info;
	if (key_add(x, in->name_ar, row) != 0 || key_add(x, in->name_en, row) != 0)
		return -1;
	for (size_t i = 0; i < in->n_aliases; i++)
		if (key_add(x, in->aliases[i], row) != 0)
			return -1;
	if (in->kind != ENTITY_KIND_PERSON)
		return 0;
	const char *names[2] = {in->name_ar, in->name_en};
	for (int k = 0; k < 2; k++) {
		const char *p = names[k];
		while (*p) {
			const char *sp = strchr(p, ' ');
			size_t len = sp ? (size_t)(sp - p) : strlen(p);
			if (sp != NULL && len >= 3) { /* the last word is added below */
				char w[128];
				snprintf(w, sizeof w, "%.*s", (int)len, p);
				if (key_add(x, w, row) != 0)
					return -1;
			}
			if (sp == NULL) {
				if (p != names[k] && key_add(x, p, row) != 0)
					return -1;
				break;
			}
			p = sp + 1;
		}
	}
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const name_key *)a)->key, ((const name_key *)b)->key);
}

/* What the ranking sorts by, carried with the row so qsort needs no
 * global: most mentioned first, then by id. */
typedef struct {
	uint32_t mentions;
	uint32_t row;
	const char *id;
} rank_item;

static int rank_cmp(const void *a, const void *b)
{
	const rank_item *x = a, *y = b;
	if (x->mentions != y->mentions)
		return x->mentions > y->mentions ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int doc_note(struct store_entities *x, long row, uint32_t doc, uint32_t mention)
{
	doc_list *dl = &x->docs[row];
	x->e[row].mentions++;
	if (dl->n > 0 && dl->v[dl->n - 1].doc == doc) {
		dl->v[dl->n - 1].mentions++;
		return 0;
	}
	if (grow((void **)&dl->v, &dl->cap, dl->n + 1, sizeof *dl->v) != 0)
		return -1;
	dl->v[dl->n++] = (store_entity_doc){doc, 1, mention};
	x->e[row].n_docs++;
	return 0;
}

static int build(struct store_entities *x, store *s, const entity_gazetteer *g)
{
	size_t n_gaz = entity_gazetteer_count(g);
	x->g = g;
	for (size_t i = 0; i < n_gaz; i++) {
		const entity_info *in = entity_gazetteer_get(g, i);
		if (row_add(x, in, in->id) < 0)
			return -1;
	}
	for (size_t d = 0; d < s->n_docs; d++) {
		const entity_result *ents = s->docs[d]->a.ents;
		if (ents == NULL)
			continue;
		size_t n_m = 0, n_r = 0;
		const entity_mention *m = entity_result_mentions(ents, &n_m);
		for (size_t i = 0; i < n_m; i++) {
			long row = row_of(x, ents, m[i].entity);
			if (row >= 0 && doc_note(x, row, (uint32_t)d, (uint32_t)i) != 0)
				return -1;
		}
		const entity_role_mention *rm = entity_result_roles(ents, &n_r);
		for (size_t i = 0; i < n_r; i++) {
			long row = row_of(x, ents, rm[i].person);
			if (row < 0)
				continue;
			role_list *rl = &x->roles[row];
			if (grow((void **)&rl->v, &rl->cap, rl->n + 1, sizeof *rl->v) != 0)
				return -1;
			rl->v[rl->n++] = (store_entity_role){(uint32_t)d, (uint32_t)i};
		}
	}
	for (size_t r = 0; r < x->n; r++)
		if (keys_add_row(x, (uint32_t)r) != 0)
			return -1;
	qsort(x->keys, x->n_keys, sizeof *x->keys, key_cmp);
	if ((x->order = malloc((x->n ? x->n : 1) * sizeof *x->order)) == NULL)
		return -1;
	rank_item *rank = malloc((x->n ? x->n : 1) * sizeof *rank);
	if (rank == NULL)
		return -1;
	for (size_t r = 0; r < x->n; r++)
		rank[r] = (rank_item){x->e[r].mentions, (uint32_t)r, x->e[r].id};
	qsort(rank, x->n, sizeof *rank, rank_cmp);
	for (size_t r = 0; r < x->n; r++)
		x->order[r] = rank[r].row;
	free(rank);
	uint64_t mentioned = 0;
	for (size_t r = 0; r < x->n; r++)
		mentioned += x->e[r].mentions > 0;
	s->stats.entities = mentioned;
	return 0;
}

int store_entities_build(store *s, const entity_gazetteer *g)
{
	struct store_entities *x = calloc(1, sizeof *x);
	if (x == NULL || build(x, s, g) != 0) {
		store__entities_free(x);
		return -1;
	}
	store__entities_free(s->ents);
	s->ents = x;
	return 0;
}

long store__entity_row(const store *s, const entity_result *ents, entity_ref ref)
{
	const struct store_entities *x = s->ents;
	if (x == NULL || entity_ref_is_none(ref))
		return -1;
	if (!entity_ref_is_doc(ref))
		return ref.v < x->n ? (long)ref.v : -1;
	const entity_info *info = entity_result_info(ents, ref);
	char *norm = info != NULL ? text_normalize(info->name_ar, strlen(info->name_ar), NULL) : NULL;
	long row = -1;
	if (norm != NULL && x->n_found_slots != 0) {
		size_t mask = x->n_found_slots - 1;
		for (size_t i = str_hash(norm) & mask; x->found[i] != 0; i = (i + 1) & mask)
			if (strcmp(x->found_norm[x->found[i] - 1], norm) == 0) {
				row = (long)x->found[i] - 1;
				break;
			}
	}
	free(norm);
	return row;
}

size_t store_entity_count(const store *s) { return s->ents ? s->ents->n : 0; }

const store_entity *store_entity_at(const store *s, size_t i)
{
	return s->ents && i < s->ents->n ? &s->ents->e[i] : NULL;
}

const store_entity_doc *store_entity_docs(const store *s, size_t i, size_t *n)
{
	*n = s->ents && i < s->ents->n ? s->ents->docs[i].n : 0;
	return *n ? s->ents->docs[i].v : NULL;
}

const store_entity_role *store_entity_roles(const store *s, size_t i, size_t *n)
{
	*n = s->ents && i < s->ents->n ? s->ents->roles[i].n : 0;
	return *n ? s->ents->roles[i].v : NULL;
}

long store_entity_find_id(const store *s, const char *id)
{
	const struct store_entities *x = s->ents;
	if (x == NULL)
		return -1;
	unsigned long k = 0;
	if (sscanf(id, "person:found:%lu", &k) == 1) {
		if (k == 0 || k > x->n_found || strcmp(x->e[x->found_rows[k - 1]].id, id) != 0)
			return -1;
		return (long)x->found_rows[k - 1];
	}
	entity_ref ref = entity_gazetteer_find_id(x->g, id);
	return entity_ref_is_none(ref) ? -1 : (long)ref.v;
}

/* Marks the rows whose keys start with q (or equal it when exact). */
static size_t mark_prefix(const struct store_entities *x, const char *q, bool exact, uint8_t *mark)
{
	size_t ql = strlen(q), lo = 0, hi = x->n_keys, hits = 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(x->keys[mid].key, q) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < x->n_keys && strncmp(x->keys[i].key, q, ql) == 0; i++) {
		if (exact && x->keys[i].key[ql] != '\0')
			continue;
		if (!mark[x->keys[i].ent]) {
			mark[x->keys[i].ent] = 1;
			hits++;
		}
	}
	return hits;
}

size_t store_entity_search(const store *s, const char *query, int kind, bool include_unmentioned,
    bool exact, size_t skip, uint32_t *out, size_t max)
{
	const struct store_entities *x = s->ents;
	if (x == NULL)
		return 0;
	uint8_t *mark = NULL;
	if (query != NULL && query[0] != '\0') {
		size_t ql = 0;
		char *q = text_normalize(query, strlen(query), &ql);
		if (q == NULL || (mark = calloc(x->n ? x->n : 1, 1)) == NULL) {
			free(q);
			return 0;
		}
		size_t hits = mark_prefix(x, q, exact, mark);
		if (hits == 0) {
			/* "بواشنطن", "للتحالف": try the query without proclitics. */
			size_t offs[8];
			size_t n_off = text_clitic_offsets(q, ql, offs, 8);
			for (size_t i = 1; i < n_off && hits == 0; i++)
				hits = mark_prefix(x, q + offs[i], exact, mark);
		}
		if (hits == 0) {
			/* ماكورك for ماكغورك: people by spelling variant of their
			 * name or of an alias (a surname alone is an alias). */
			for (size_t r = 0; r < x->n; r++) {
				const entity_info *in = x->e[r].info;
				if (in->kind != ENTITY_KIND_PERSON)
					continue;
				bool hit = entity_name_variant(query, in->name_ar);
				for (size_t k = 0; !hit && k < in->n_aliases; k++)
					hit = entity_name_variant(query, in->aliases[k]);
				mark[r] = hit;
			}
		}
		free(q);
	}
	size_t total = 0;
	for (size_t i = 0; i < x->n; i++) {
		uint32_t r = x->order[i];
		const store_entity *e = &x->e[r];
		if ((mark != NULL && !mark[r]) || (kind != 0 && (int)e->info->kind != kind) ||
		    (!include_unmentioned && e->mentions == 0))
			continue;
		if (total >= skip && total - skip < max)
			out[total - skip] = r;
		total++;
	}
	free(mark);
	return total;
}
