/* handlers_series.c: the methods over time: Timeline (an entity's dated
 * facts in order), ValueAsOf (a metric's value at a date, with its sources
 * and the values that disagree) and ListConflicts. The store does the
 * model's work (store_fact_timeline, store_series_*, store_conflict_*);
 * these check the request and build the reply. */
#include <stdio.h>
#include <string.h>

#include "coalition/v1/fact_service.pb-c.h"
#include "coalition_limits.h"
#include "handlers.h"

#define NEW(c, type, desc) ((type *)rpc__new((c), &(desc)))
#define OOM(c) rpc__fail((c), STATUS_RESOURCE_EXHAUSTED, "", -1, "out of memory building the reply")

static int kind_check(rpc_call *c, int kind)
{
	if (kind < 0 || kind > COALITION__V1__FACT_KIND__FACT_KIND_ROLE)
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.kind", -1, "unknown fact kind %d", kind);
	return STATUS_OK;
}

int rpc_timeline(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	const Coalition__V1__TimelineRequest *req = (const void *)in;
	const store *s = c->app->store;
	size_t offset = 0, size = 0;
	store_fact_filter f = {.entity = -1, .doc = -1};
	if (req->entity[0] == '\0')
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.entity", -1, "entity (an id or a name) is required");
	if (rpc__page_size_check(c, req->page_size, &size) != STATUS_OK ||
	    rpc__page_token_parse(c, req->page_token, &offset) != STATUS_OK ||
	    rpc__date_bound(c, "body.date_from", req->date_from, false, &f.date_from) != STATUS_OK ||
	    rpc__date_bound(c, "body.date_to", req->date_to, true, &f.date_to) != STATUS_OK ||
	    kind_check(c, (int)req->kind) != STATUS_OK ||
	    rpc__entity_resolve(c, "body.entity", req->entity, &f.entity) != STATUS_OK)
		return c->code;
	f.kind = (int)req->kind;
	store_fact *rows = arena_alloc(c->out, size * sizeof *rows);
	Coalition__V1__TimelineResponse *r = NEW(c, Coalition__V1__TimelineResponse,
	    coalition__v1__timeline_response__descriptor);
	if (rows == NULL || r == NULL || (r->entity = rpc__store_entity(c, (size_t)f.entity, false)) == NULL)
		return OOM(c);
	size_t total = store_fact_timeline(s, &f, offset, rows, size);
	if (rpc__fact_page(c, rows, offset, size, total, &r->facts, &r->n_facts, &r->entities, &r->n_entities,
	        &r->total_size, &r->next_page_token) != 0)
		return OOM(c);
	*out = &r->base;
	return STATUS_OK;
}

/* Facts of series facts v[idx[0..n)] as messages into a new array; the
 * entities they name go into ids. */
static Coalition__V1__Fact **facts_of(rpc_call *c, const store_series_fact *v, const uint32_t *idx, size_t n,
    rpc_idset *ids)
{
	Coalition__V1__Fact **a = arena_alloc(c->out, (n ? n : 1) * sizeof *a);
	if (a == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((a[i] = rpc__store_fact(c, v[idx[i]].fact.doc, v[idx[i]].fact.n)) == NULL ||
		    rpc__idset_add_fact(c, ids, a[i]) != 0)
			return NULL;
	return a;
}

/* An entity id or name for a series key: the id the series use. */
static int series_entity(rpc_call *c, const char *field, const char *name, const char **id)
{
	*id = NULL;
	if (name[0] == '\0')
		return STATUS_OK;
	long row = -1;
	if (rpc__entity_resolve(c, field, name, &row) != STATUS_OK)
		return c->code;
	*id = store_entity_at(c->app->store, (size_t)row)->id;
	return STATUS_OK;
}

static int metric_check(rpc_call *c, const char *metric)
{
	if (metric[0] == '\0')
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.metric", -1,
		    "metric is required (e.g. coalition.members; see corpus/lexicon/facts_metrics.tsv)");
	return STATUS_OK;
}

int rpc_value_as_of(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	const Coalition__V1__ValueAsOfRequest *req = (const void *)in;
	const store *s = c->app->store;
	int32_t date = 0;
	const char *subject = NULL, *place = NULL;
	if (metric_check(c, req->metric) != STATUS_OK ||
	    rpc__date_bound(c, "body.date", req->date, true, &date) != STATUS_OK ||
	    series_entity(c, "body.subject", req->subject, &subject) != STATUS_OK ||
	    series_entity(c, "body.place", req->place, &place) != STATUS_OK)
		return c->code;
	if (store_series_find(s, req->metric, NULL, NULL, NULL, 0) == 0) {
		char q[4 * LIMIT_QUOTE_BYTES + 8];
		rpc__quote(req->metric, strlen(req->metric), q, sizeof q);
		return rpc__fail(c, STATUS_NOT_FOUND, "body.metric", -1,
		    "no dated fact of metric '%s' in the corpus (see corpus/lexicon/facts_metrics.tsv)", q);
	}
	/* Every matching series is asked; the replies keep the largest that
	 * have a value by then. Series are few per metric. */
	size_t n_series = store_series_find(s, req->metric, subject, place, NULL, 0);
	uint32_t *series = arena_alloc(c->out, (n_series ? n_series : 1) * sizeof *series);
	Coalition__V1__ValueAsOfResponse *r = NEW(c, Coalition__V1__ValueAsOfResponse,
	    coalition__v1__value_as_of_response__descriptor);
	if (series == NULL || r == NULL ||
	    (r->values = arena_alloc(c->out, LIMIT_ASOF_SERIES_MAX * sizeof *r->values)) == NULL)
		return OOM(c);
	store_series_find(s, req->metric, subject, place, series, n_series);
	rpc_idset ids = {0};
	for (size_t i = 0; i < n_series; i++) {
		uint32_t src[LIMIT_ASOF_FACTS_MAX], con[LIMIT_ASOF_FACTS_MAX], ear[LIMIT_ASOF_EARLIER_MAX];
		store_asof a;
		if (!store_series_asof(s, series[i], date, src, LIMIT_ASOF_FACTS_MAX, con, LIMIT_ASOF_FACTS_MAX, ear,
		        LIMIT_ASOF_EARLIER_MAX, &a))
			continue;
		if (r->total_size++ >= LIMIT_ASOF_SERIES_MAX)
			continue;
		size_t nf = 0;
		const store_series_fact *v = store_series_facts(s, series[i], &nf);
		const store_series *se = store_series_at(s, series[i]);
		Coalition__V1__SeriesValue *sv = NEW(c, Coalition__V1__SeriesValue, coalition__v1__series_value__descriptor);
		Coalition__V1__Fact *latest = rpc__store_fact(c, v[a.latest].fact.doc, v[a.latest].fact.n);
		size_t ns = a.n_sources < LIMIT_ASOF_FACTS_MAX ? a.n_sources : LIMIT_ASOF_FACTS_MAX;
		size_t nc = a.n_conflicting < LIMIT_ASOF_FACTS_MAX ? a.n_conflicting : LIMIT_ASOF_FACTS_MAX;
		if (sv == NULL || latest == NULL || (sv->sources = facts_of(c, v, src, ns, &ids)) == NULL ||
		    (sv->conflicting = facts_of(c, v, con, nc, &ids)) == NULL ||
		    (sv->earlier = facts_of(c, v, ear, a.n_earlier, &ids)) == NULL)
			return OOM(c);
		/* Series keys are store or gazetteer strings: they outlive the reply. */
		sv->metric = (char *)se->metric;
		sv->subject_id = (char *)se->subject_id;
		sv->place_id = (char *)se->place_id;
		sv->unit = (char *)se->unit;
		sv->value = latest->quantity;
		sv->as_of = latest->date;
		sv->n_sources = ns;
		sv->n_conflicting = nc;
		sv->n_earlier = a.n_earlier;
		sv->source_count = (uint32_t)a.n_sources;
		sv->conflicting_count = (uint32_t)a.n_conflicting;
		r->values[r->n_values++] = sv;
	}
	if (rpc__idset_entities(c, &ids, &r->entities, &r->n_entities) != 0)
		return OOM(c);
	*out = &r->base;
	return STATUS_OK;
}

static char *date_text(rpc_call *c, const store_series_fact *x)
{
	const store_document *d = store_document_at(c->app->store, x->fact.doc);
	size_t nq = 0;
	const facts_quantity *q = facts_result_quantities(store_document_facts(d), &nq);
	char buf[16] = "";
	if (x->fact.n < nq)
		extract_ymd_format(q[x->fact.n].as_of.date, q[x->fact.n].as_of.precision, buf);
	return arena_strndup(c->out, buf, strlen(buf));
}

static Coalition__V1__Conflict *conflict_new(rpc_call *c, const store_conflict *k, rpc_idset *ids)
{
	const store *s = c->app->store;
	size_t nf = 0;
	const store_series_fact *v = store_series_facts(s, k->series, &nf) + k->first;
	const store_series *se = store_series_at(s, k->series);
	Coalition__V1__Conflict *m = NEW(c, Coalition__V1__Conflict, coalition__v1__conflict__descriptor);
	uint32_t last = 0; /* the group's latest as-of start */
	for (uint32_t i = 1; i < k->n; i++)
		if (v[i].start > v[last].start)
			last = i;
	if (m == NULL || (m->first_date = date_text(c, &v[0])) == NULL || (m->last_date = date_text(c, &v[last])) == NULL ||
	    (m->values = arena_alloc(c->out, k->n_values * sizeof *m->values)) == NULL)
		return NULL;
	m->value_count = k->n_values;
	m->metric = (char *)se->metric;
	m->subject_id = (char *)se->subject_id;
	m->place_id = (char *)se->place_id;
	m->unit = (char *)se->unit;
	for (uint32_t cls = 0; cls < k->n_values && cls < LIMIT_CONFLICT_VALUES_MAX; cls++) {
		uint32_t idx[LIMIT_CONFLICT_FACTS_MAX];
		size_t n = 0, total = 0;
		for (uint32_t i = 0; i < k->n; i++)
			if (v[i].cls == cls) {
				if (n < LIMIT_CONFLICT_FACTS_MAX)
					idx[n++] = i;
				total++;
			}
		Coalition__V1__ConflictValue *cv = NEW(c, Coalition__V1__ConflictValue,
		    coalition__v1__conflict_value__descriptor);
		if (cv == NULL || (cv->facts = facts_of(c, v, idx, n, ids)) == NULL)
			return NULL;
		cv->n_facts = n;
		cv->fact_count = (uint32_t)total;
		cv->value = n > 0 ? cv->facts[0]->quantity : NULL;
		m->values[m->n_values++] = cv;
	}
	return m;
}

int rpc_list_conflicts(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	const Coalition__V1__ListConflictsRequest *req = (const void *)in;
	const store *s = c->app->store;
	size_t offset = 0;
	const char *entity = NULL;
	if (req->page_size > LIMIT_CONFLICT_PAGE_MAX)
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.page_size", -1,
		    "page_size %u is above ListConflicts' maximum of %u", req->page_size, LIMIT_CONFLICT_PAGE_MAX);
	if (rpc__page_token_parse(c, req->page_token, &offset) != STATUS_OK ||
	    series_entity(c, "body.entity", req->entity, &entity) != STATUS_OK)
		return c->code;
	size_t size = req->page_size ? req->page_size : LIMIT_CONFLICT_PAGE_DEFAULT;
	uint32_t idx[LIMIT_CONFLICT_PAGE_MAX];
	size_t total = store_conflict_find(s, req->metric[0] ? req->metric : NULL, entity, offset, idx, size);
	size_t n = total > offset ? total - offset : 0;
	if (n > size)
		n = size;
	Coalition__V1__ListConflictsResponse *r = NEW(c, Coalition__V1__ListConflictsResponse,
	    coalition__v1__list_conflicts_response__descriptor);
	if (r == NULL || (r->conflicts = arena_alloc(c->out, (n ? n : 1) * sizeof *r->conflicts)) == NULL)
		return OOM(c);
	rpc_idset ids = {0};
	for (size_t i = 0; i < n; i++)
		if ((r->conflicts[r->n_conflicts++] = conflict_new(c, store_conflict_at(s, idx[i]), &ids)) == NULL)
			return OOM(c);
	if (rpc__idset_entities(c, &ids, &r->entities, &r->n_entities) != 0)
		return OOM(c);
	r->total_size = (uint32_t)total;
	if (rpc__page_token_next(c, offset, n, total, &r->next_page_token) != STATUS_OK)
		return OOM(c);
	*out = &r->base;
	return STATUS_OK;
}
