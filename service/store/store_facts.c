/* store_facts.c: the corpus-wide facts index. Facts stay in each
 * document's facts_result; this keeps one small row per fact plus lists of
 * row numbers by entity and by metric, and each document's contiguous range,
 * so QueryFacts never walks all facts when it has a filter. */
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"

typedef struct {
	uint32_t *v;
	size_t n, cap;
} u32_list;

typedef struct {
	const char *metric; /* borrowed from the facts lexicon */
	u32_list rows;
} metric_list;

struct store_facts {
	store_fact *v;
	size_t n, cap;
	u32_list *by_entity; /* one per entity row */
	u32_list *by_entity_dated; /* the dated ones, in date order (Timeline) */
	uint32_t (*kind_counts)[STORE_FACT_KINDS]; /* per entity: facts by kind */
	store_metric_count **metric_counts;       /* per entity: quantities by metric */
	uint32_t *n_metric_counts;
	size_t n_entities;
	metric_list *by_metric;
	size_t n_metrics, cap_metrics;
	uint32_t *doc_first; /* facts of document d: [doc_first[d], doc_first[d + 1]) */
	u32_list by_kind[STORE_FACT_KINDS];
};

void store__facts_free(struct store_facts *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->n_entities; i++) {
		free(f->by_entity[i].v);
		if (f->by_entity_dated != NULL)
			free(f->by_entity_dated[i].v);
	}
	free(f->by_entity_dated);
	for (size_t i = 0; f->metric_counts != NULL && i < f->n_entities; i++)
		free(f->metric_counts[i]);
	free(f->metric_counts);
	free(f->n_metric_counts);
	free(f->kind_counts);
	for (size_t i = 0; i < f->n_metrics; i++)
		free(f->by_metric[i].rows.v);
	free(f->by_entity);
	free(f->by_metric);
	free(f->doc_first);
	for (size_t k = 0; k < STORE_FACT_KINDS; k++)
		free(f->by_kind[k].v);
	free(f->v);
	free(f);
}

static int u32_push(u32_list *l, uint32_t v)
{
	if (l->n > 0 && l->v[l->n - 1] == v)
		return 0; /* an entity named twice in one fact is listed once */
	if (l->n == l->cap) {
		size_t c = l->cap ? l->cap * 2 : 8;
		uint32_t *nv = realloc(l->v, c * sizeof *nv);
		if (nv == NULL)
			return -1;
		l->v = nv;
		l->cap = c;
	}
	l->v[l->n++] = v;
	return 0;
}

int32_t store__date_key(const facts_date *d)
{
	if (d->precision == EXTRACT_PREC_NONE || d->date.year == 0)
		return 0;
	return (int32_t)d->date.year * 10000 + d->date.month * 100 + d->date.day;
}

static int fact_add(struct store_facts *f, uint32_t doc, uint32_t n, uint8_t kind, const facts_date *d,
    const char *metric)
{
	if (f->n == f->cap) {
		size_t c = f->cap ? f->cap * 2 : 256;
		store_fact *nv = realloc(f->v, c * sizeof *nv);
		if (nv == NULL)
			return -1;
		f->v = nv;
		f->cap = c;
	}
	f->v[f->n++] = (store_fact){doc, n, kind, store__date_key(d), metric};
	if (kind < STORE_FACT_KINDS && u32_push(&f->by_kind[kind], (uint32_t)(f->n - 1)) != 0)
		return -1;
	if (metric == NULL)
		return 0;
	size_t k = 0;
	while (k < f->n_metrics && strcmp(f->by_metric[k].metric, metric) != 0)
		k++;
	if (k == f->n_metrics) {
		if (f->n_metrics == f->cap_metrics) {
			size_t c = f->cap_metrics ? f->cap_metrics * 2 : 16;
			metric_list *nm = realloc(f->by_metric, c * sizeof *nm);
			if (nm == NULL)
				return -1;
			f->by_metric = nm;
			f->cap_metrics = c;
		}
		f->by_metric[f->n_metrics++] = (metric_list){metric, {0}};
	}
	return u32_push(&f->by_metric[k].rows, (uint32_t)(f->n - 1));
}

static int entity_note(struct store_facts *f, const store *s, const entity_result *ents, const facts_entity *e)
{
	long row = store__entity_row(s, ents, e->ref);
	if (row < 0 && e->id != NULL && e->id[0] != '\0')
		row = store_entity_find_id(s, e->id); /* implied (the coalition of a member count) */
	if (row < 0 || (size_t)row >= f->n_entities)
		return 0;
	return u32_push(&f->by_entity[row], (uint32_t)(f->n - 1));
}

static int doc_facts(struct store_facts *f, const store *s, uint32_t d)
{
	const store_analysis *a = &s->docs[d]->a;
	if (a->facts == NULL)
		return 0;
	size_t nq, nquo, nm, ne, np;
	uint32_t n = 0;
	const facts_quantity *q = facts_result_quantities(a->facts, &nq);
	const facts_quote *quo = facts_result_quotes(a->facts, &nquo);
	const facts_meeting *m = facts_result_meetings(a->facts, &nm);
	const facts_event *ev = facts_result_events(a->facts, &ne);
	const facts_participation *pa = facts_result_participations(a->facts, &np);
	/* Kinds numbered like coalition.v1.FactKind; order as rpc numbers them. */
	for (size_t i = 0; i < nq; i++, n++)
		if (fact_add(f, d, n, 1, &q[i].as_of, q[i].metric) != 0 ||
		    entity_note(f, s, a->ents, &q[i].subject) != 0 || entity_note(f, s, a->ents, &q[i].place) != 0)
			return -1;
	for (size_t i = 0; i < nquo; i++, n++)
		if (fact_add(f, d, n, 4, &quo[i].date, NULL) != 0 || entity_note(f, s, a->ents, &quo[i].speaker) != 0)
			return -1;
	for (size_t i = 0; i < nm; i++, n++) {
		if (fact_add(f, d, n, 2, &m[i].date, m[i].has_participants ? "meeting.participants" : NULL) != 0 ||
		    entity_note(f, s, a->ents, &m[i].city) != 0)
			return -1;
		for (size_t k = 0; k < m[i].n_hosts; k++)
			if (entity_note(f, s, a->ents, &m[i].hosts[k]) != 0)
				return -1;
	}
	for (size_t i = 0; i < ne; i++, n++)
		if (fact_add(f, d, n, 3, &ev[i].date, NULL) != 0 || entity_note(f, s, a->ents, &ev[i].actor) != 0 ||
		    entity_note(f, s, a->ents, &ev[i].place) != 0)
			return -1;
	for (size_t i = 0; i < np; i++, n++)
		if (fact_add(f, d, n, 5, &pa[i].date, NULL) != 0 || entity_note(f, s, a->ents, &pa[i].country) != 0)
			return -1;
	return 0;
}

typedef struct {
	int32_t date;
	uint32_t row;
} dated_row;

static int dated_cmp(const void *a, const void *b)
{
	const dated_row *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* Each entity's dated facts sorted by date once, so a Timeline page is a
 * binary search and a walk. */
static int dated_lists(struct store_facts *f)
{
	f->by_entity_dated = calloc(f->n_entities ? f->n_entities : 1, sizeof *f->by_entity_dated);
	if (f->by_entity_dated == NULL)
		return -1;
	dated_row *tmp = NULL;
	size_t cap = 0;
	for (size_t e = 0; e < f->n_entities; e++) {
		const u32_list *l = &f->by_entity[e];
		if (l->n > cap) {
			free(tmp);
			cap = l->n;
			if ((tmp = malloc(cap * sizeof *tmp)) == NULL)
				return -1;
		}
		size_t k = 0;
		for (size_t i = 0; i < l->n; i++)
			if (f->v[l->v[i]].date != 0)
				tmp[k++] = (dated_row){f->v[l->v[i]].date, l->v[i]};
		if (k == 0)
			continue;
		qsort(tmp, k, sizeof *tmp, dated_cmp);
		u32_list *d = &f->by_entity_dated[e];
		if ((d->v = malloc(k * sizeof *d->v)) == NULL) {
			free(tmp);
			return -1;
		}
		for (size_t i = 0; i < k; i++)
			d->v[i] = tmp[i].row;
		d->n = d->cap = k;
	}
	free(tmp);
	return 0;
}

/* Each entity's facts counted by kind and metric once, so GetEntity's
 * summary costs nothing however often the corpus names the entity. */
static int entity_counts(struct store_facts *f)
{
	size_t n = f->n_entities ? f->n_entities : 1;
	f->kind_counts = calloc(n, sizeof *f->kind_counts);
	f->metric_counts = calloc(n, sizeof *f->metric_counts);
	f->n_metric_counts = calloc(n, sizeof *f->n_metric_counts);
	if (f->kind_counts == NULL || f->metric_counts == NULL || f->n_metric_counts == NULL)
		return -1;
	for (size_t e = 0; e < f->n_entities; e++) {
		const u32_list *l = &f->by_entity[e];
		store_metric_count *mc = NULL;
		size_t nm = 0, cap = 0;
		for (size_t i = 0; i < l->n; i++) {
			const store_fact *x = &f->v[l->v[i]];
			if (x->kind < STORE_FACT_KINDS)
				f->kind_counts[e][x->kind]++;
			if (x->metric == NULL)
				continue;
			size_t k = 0;
			while (k < nm && (mc[k].kind != x->kind || strcmp(mc[k].metric, x->metric) != 0))
				k++;
			if (k == nm) {
				if (nm == cap) {
					cap = cap ? cap * 2 : 4;
					store_metric_count *nv = realloc(mc, cap * sizeof *nv);
					if (nv == NULL) {
						free(mc);
						return -1;
					}
					mc = nv;
				}
				mc[nm++] = (store_metric_count){x->metric, x->kind, 0};
			}
			mc[k].count++;
		}
		f->metric_counts[e] = mc;
		f->n_metric_counts[e] = (uint32_t)nm;
	}
	return 0;
}

int store_facts_build(store *s)
{
	struct store_facts *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	f->n_entities = store_entity_count(s);
	f->by_entity = calloc(f->n_entities ? f->n_entities : 1, sizeof *f->by_entity);
	f->doc_first = calloc(s->n_docs + 1, sizeof *f->doc_first);
	if (f->by_entity == NULL || f->doc_first == NULL)
		goto fail;
	for (size_t d = 0; d < s->n_docs; d++) {
		f->doc_first[d] = (uint32_t)f->n;
		if (doc_facts(f, s, (uint32_t)d) != 0)
			goto fail;
	}
	f->doc_first[s->n_docs] = (uint32_t)f->n;
	if (dated_lists(f) != 0 || entity_counts(f) != 0)
		goto fail;
	store__facts_free(s->facts);
	s->facts = f;
	return 0;
fail:
	store__facts_free(f);
	return -1;
}

size_t store_fact_count(const store *s) { return s->facts ? s->facts->n : 0; }

static bool fact_passes(const store_fact *x, const store_fact_filter *q)
{
	if (q->kind != 0 && x->kind != q->kind)
		return false;
	if (q->metric != NULL && (x->metric == NULL || strcmp(x->metric, q->metric) != 0))
		return false;
	if (q->doc >= 0 && (long)x->doc != q->doc)
		return false;
	if ((q->date_from != 0 || q->date_to != 0) &&
	    (x->date == 0 || (q->date_from != 0 && x->date < q->date_from) || (q->date_to != 0 && x->date > q->date_to)))
		return false;
	return true;
}

/* Rows [lo, hi) of a list (or of all facts when rows is NULL) that pass
 * q: the page from skip, and how many in all. When the list is exactly
 * what q asks for (only_list), the page is a slice and the total its
 * length, so a deep page of a long list costs no more than the first. */
static size_t page_of(const struct store_facts *f, const uint32_t *rows, size_t lo, size_t hi, bool only_list,
    const store_fact_filter *q, size_t skip, store_fact *out, size_t max)
{
	if (only_list) {
		for (size_t i = lo + skip; i < hi && i - lo - skip < max; i++)
			out[i - lo - skip] = f->v[rows != NULL ? rows[i] : i];
		return hi - lo;
	}
	size_t total = 0;
	for (size_t i = lo; i < hi; i++) {
		const store_fact *x = &f->v[rows != NULL ? rows[i] : i];
		if (!fact_passes(x, q))
			continue;
		if (total >= skip && total - skip < max)
			out[total - skip] = *x;
		total++;
	}
	return total;
}

size_t store_fact_query(const store *s, const store_fact_filter *q, size_t skip, store_fact *out, size_t max)
{
	const struct store_facts *f = s->facts;
	if (f == NULL)
		return 0;
	/* Start from the smallest list the filter names; what else the filter
	 * asks is checked per row. */
	const uint32_t *rows = NULL;
	size_t lo = 0, hi = f->n;
	store_fact_filter rest = *q;
	if (q->entity >= 0) {
		if ((size_t)q->entity >= f->n_entities)
			return 0;
		rows = f->by_entity[q->entity].v;
		hi = f->by_entity[q->entity].n;
		rest.entity = -1;
	} else if (q->metric != NULL) {
		size_t k = 0;
		while (k < f->n_metrics && strcmp(f->by_metric[k].metric, q->metric) != 0)
			k++;
		if (k == f->n_metrics)
			return 0;
		rows = f->by_metric[k].rows.v;
		hi = f->by_metric[k].rows.n;
		rest.metric = NULL;
	} else if (q->doc >= 0) {
		if ((size_t)q->doc >= s->n_docs)
			return 0;
		lo = f->doc_first[q->doc];
		hi = f->doc_first[q->doc + 1];
		rest.doc = -1;
	} else if (q->kind > 0 && q->kind < STORE_FACT_KINDS) {
		rows = f->by_kind[q->kind].v;
		hi = f->by_kind[q->kind].n;
		rest.kind = 0;
	}
	bool only_list = rest.kind == 0 && rest.entity < 0 && rest.metric == NULL && rest.doc < 0 &&
	                 rest.date_from == 0 && rest.date_to == 0;
	return page_of(f, rows, lo, hi, only_list, &rest, skip, out, max);
}

size_t store_fact_timeline(const store *s, const store_fact_filter *q, size_t skip, store_fact *out, size_t max)
{
	const struct store_facts *f = s->facts;
	if (f == NULL || q->entity < 0 || (size_t)q->entity >= f->n_entities)
		return 0;
	const u32_list *l = &f->by_entity_dated[q->entity];
	/* Dates bound a range of the sorted list: [first >= date_from, first >
	 * date_to). */
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->v[l->v[mid]].date < q->date_from)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = l->n;
	if (q->date_to != 0) {
		size_t a = lo, b = l->n;
		while (a < b) {
			size_t mid = a + (b - a) / 2;
			if (f->v[l->v[mid]].date <= q->date_to)
				a = mid + 1;
			else
				b = mid;
		}
		end = a;
	}
	store_fact_filter rest = *q;
	rest.entity = -1;
	rest.date_from = rest.date_to = 0;
	bool only_list = rest.kind == 0 && rest.metric == NULL && rest.doc < 0;
	return page_of(f, l->v, lo, end, only_list, &rest, skip, out, max);
}

void store_entity_fact_counts(const store *s, size_t e, uint32_t counts[STORE_FACT_KINDS])
{
	const struct store_facts *f = s->facts;
	if (f == NULL || e >= f->n_entities || f->kind_counts == NULL) {
		memset(counts, 0, STORE_FACT_KINDS * sizeof *counts);
		return;
	}
	memcpy(counts, f->kind_counts[e], STORE_FACT_KINDS * sizeof *counts);
}

const store_metric_count *store_entity_metric_counts(const store *s, size_t e, size_t *n)
{
	const struct store_facts *f = s->facts;
	if (f == NULL || e >= f->n_entities || f->metric_counts == NULL) {
		*n = 0;
		return NULL;
	}
	*n = f->n_metric_counts[e];
	return f->metric_counts[e];
}
