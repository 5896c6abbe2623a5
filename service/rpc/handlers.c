/* handlers.c: the FactService methods of the foundation: Health, Stats,
 * ListDocuments, GetDocument, ListMethods and Extract. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalition/v1/fact_service.pb-c.h"
#include "coalition_fds.h"
#include "handlers.h"
#include "coalition_limits.h"

#define NEW(c, type, desc) ((type *)rpc__new((c), &(desc)))
#define OOM(c) rpc__fail((c), STATUS_RESOURCE_EXHAUSTED, "", -1, "out of memory building the reply")

int rpc_health(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	const Coalition__V1__HealthRequest *req = (const void *)in;
	if (req->service[0] != '\0' && strcmp(req->service, rpc__service->name) != 0) {
		char q[4 * LIMIT_QUOTE_BYTES + 8];
		rpc__quote(req->service, strlen(req->service), q, sizeof q);
		return rpc__fail(c, STATUS_NOT_FOUND, "body.service", -1,
		    "unknown service '%s'; this server has '%s'", q, rpc__service->name);
	}
	Coalition__V1__HealthResponse *r = NEW(c, Coalition__V1__HealthResponse,
	    coalition__v1__health_response__descriptor);
	if (r == NULL)
		return OOM(c);
	r->status = rpc__is_draining(c->srv)
	    ? COALITION__V1__HEALTH_RESPONSE__SERVING_STATUS__SERVING_STATUS_NOT_SERVING
	    : COALITION__V1__HEALTH_RESPONSE__SERVING_STATUS__SERVING_STATUS_SERVING;
	*out = &r->base;
	return STATUS_OK;
}

int rpc_stats(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	(void)in;
	Coalition__V1__StatsResponse *r = NEW(c, Coalition__V1__StatsResponse,
	    coalition__v1__stats_response__descriptor);
	if (r == NULL)
		return OOM(c);
	store_stats st = store_stats_get(c->app->store);
	r->documents = st.documents;
	r->sentences = st.sentences;
	r->corpus_bytes = st.bytes;
	r->entities = st.entities;
	r->facts = st.facts;
	r->version = (char *)c->app->version;
	r->uptime_ms = rpc__uptime_ms(c->srv);
	r->in_flight = rpc__in_flight(c->srv);
	const rpc_method_stats *ms = rpc__stats(c->srv);
	r->methods = arena_alloc(c->out, rpc__n_methods * sizeof *r->methods);
	if (r->methods == NULL)
		return OOM(c);
	for (size_t i = 0; i < rpc__n_methods; i++) {
		Coalition__V1__MethodStats *m = NEW(c, Coalition__V1__MethodStats,
		    coalition__v1__method_stats__descriptor);
		if (m == NULL)
			return OOM(c);
		m->method = (char *)rpc__methods[i].name;
		m->calls = atomic_load(&((rpc_method_stats *)ms)[i].calls);
		m->failures = atomic_load(&((rpc_method_stats *)ms)[i].failures);
		m->total_us = atomic_load(&((rpc_method_stats *)ms)[i].total_us);
		r->methods[i] = m;
	}
	r->n_methods = rpc__n_methods;
	*out = &r->base;
	return STATUS_OK;
}

/* Page tokens are "o<offset>" into the insertion order: opaque to clients,
 * checked here so a bad one is an INVALID_ARGUMENT, not a crash. */
int rpc__page_token_parse(rpc_call *c, const char *tok, size_t *offset)
{
	*offset = 0;
	if (tok[0] == '\0')
		return STATUS_OK;
	char *end = NULL;
	errno = 0;
	unsigned long long v = tok[0] == 'o' && tok[1] >= '0' && tok[1] <= '9'
	    ? strtoull(tok + 1, &end, 10) : 0;
	if (end == NULL || *end != '\0' || errno != 0 || v > LIMIT_CORPUS_MAX_DOCS) {
		char q[4 * LIMIT_QUOTE_BYTES + 8];
		rpc__quote(tok, strlen(tok), q, sizeof q);
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.page_token", -1,
		    "page_token '%s' was not issued by this server", q);
	}
	*offset = (size_t)v;
	return STATUS_OK;
}

/* The token of the page after [offset, offset + n) of total, or none. */
int rpc__page_token_next(rpc_call *c, size_t offset, size_t n, size_t total, char **out)
{
	if (offset + n >= total)
		return STATUS_OK;
	char tok[32];
	snprintf(tok, sizeof tok, "o%zu", offset + n);
	*out = arena_strndup(c->out, tok, strlen(tok));
	return *out != NULL ? STATUS_OK : STATUS_RESOURCE_EXHAUSTED;
}

int rpc__page_size_check(rpc_call *c, uint32_t requested, size_t *size)
{
	if (requested > LIMIT_PAGE_SIZE_MAX)
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.page_size", -1,
		    "page_size %u is above the maximum of %u", requested, LIMIT_PAGE_SIZE_MAX);
	*size = requested ? requested : LIMIT_PAGE_SIZE_DEFAULT;
	return STATUS_OK;
}

int rpc_list_documents(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	const Coalition__V1__ListDocumentsRequest *req = (const void *)in;
	size_t offset = 0, size = 0;
	if (rpc__page_size_check(c, req->page_size, &size) != STATUS_OK ||
	    rpc__page_token_parse(c, req->page_token, &offset) != STATUS_OK)
		return c->code;
	const store *s = c->app->store;
	size_t total = store_document_count(s);
	size_t n = offset < total ? total - offset : 0;
	if (n > size)
		n = size;
	Coalition__V1__ListDocumentsResponse *r = NEW(c, Coalition__V1__ListDocumentsResponse,
	    coalition__v1__list_documents_response__descriptor);
	if (r == NULL || (r->documents = arena_alloc(c->out, (n ? n : 1) * sizeof *r->documents)) == NULL)
		return OOM(c);
	for (size_t i = 0; i < n; i++)
		if ((r->documents[i] = rpc__document(c, store_document_at(s, offset + i))) == NULL)
			return OOM(c);
	r->n_documents = n;
	r->total_size = (uint32_t)total;
	if (rpc__page_token_next(c, offset, n, total, &r->next_page_token) != STATUS_OK)
		return OOM(c);
	*out = &r->base;
	return STATUS_OK;
}

int rpc_get_document(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	const Coalition__V1__GetDocumentRequest *req = (const void *)in;
	char q[4 * LIMIT_QUOTE_BYTES + 8];
	if (req->id[0] == '\0')
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.id", -1, "id is required");
	const store_document *d = store_document_find(c->app->store, req->id);
	if (d == NULL) {
		rpc__quote(req->id, strlen(req->id), q, sizeof q);
		return rpc__fail(c, STATUS_NOT_FOUND, "body.id", -1,
		    "no document with id '%s' (see ListDocuments)", q);
	}
	Coalition__V1__GetDocumentResponse *r = NEW(c, Coalition__V1__GetDocumentResponse,
	    coalition__v1__get_document_response__descriptor);
	if (r == NULL || (r->document = rpc__document(c, d)) == NULL)
		return OOM(c);
	if (!req->omit_text) {
		size_t len = 0;
		const text_doc *doc = store_document_text(d);
		const char *bytes = text_doc_bytes(doc, &len);
		r->text = (char *)bytes; /* NUL-terminated and read-only while serving */
		if ((r->sentences = rpc__sentences(c, doc, &r->n_sentences)) == NULL)
			return OOM(c);
	}
	*out = &r->base;
	return STATUS_OK;
}

int rpc_list_methods(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	(void)in;
	Coalition__V1__ListMethodsResponse *r = NEW(c, Coalition__V1__ListMethodsResponse,
	    coalition__v1__list_methods_response__descriptor);
	if (r == NULL || (r->methods = arena_alloc(c->out, rpc__n_methods * sizeof *r->methods)) == NULL)
		return OOM(c);
	r->service = (char *)rpc__service->name;
	for (size_t i = 0; i < rpc__n_methods; i++) {
		const ProtobufCMethodDescriptor *md = &rpc__service->methods[i];
		Coalition__V1__MethodInfo *m = NEW(c, Coalition__V1__MethodInfo,
		    coalition__v1__method_info__descriptor);
		if (m == NULL)
			return OOM(c);
		char full[256];
		int fl = snprintf(full, sizeof full, "/%s/%s", rpc__service->name, md->name);
		if ((m->full_name = arena_strndup(c->out, full, (size_t)fl)) == NULL)
			return OOM(c);
		m->request_type = (char *)md->input->name;
		m->response_type = (char *)md->output->name;
		m->max_request_bytes = rpc__methods[i].max_request_bytes;
		m->default_timeout_ms = rpc__methods[i].default_timeout_ms;
		r->methods[i] = m;
	}
	r->n_methods = rpc__n_methods;
	r->file_descriptor_set.data = (uint8_t *)coalition_fds;
	r->file_descriptor_set.len = coalition_fds_len;
	*out = &r->base;
	return STATUS_OK;
}

int rpc_extract(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	const Coalition__V1__ExtractRequest *req = (const void *)in;
	extract_ymd pub = {0};
	int has_pub = req->published[0] != '\0';
	if (has_pub && !extract_ymd_parse(req->published, &pub)) {
		char q[4 * LIMIT_QUOTE_BYTES + 8];
		rpc__quote(req->published, strlen(req->published), q, sizeof q);
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.published", -1,
		    "published '%s' is not a date YYYY-MM-DD", q);
	}
	if (req->text.len > LIMIT_TEXT_MAX_BYTES)
		return rpc__fail(c, STATUS_RESOURCE_EXHAUSTED, "body.text", LIMIT_TEXT_MAX_BYTES,
		    "text is %zu bytes; the limit is %u", req->text.len, LIMIT_TEXT_MAX_BYTES);
	store_analysis a;
	text_error te = {0};
	text_err rc = ingest_analyze(c->app->ingest, (const char *)req->text.data, req->text.len,
	    has_pub ? &pub : NULL, has_pub ? EXTRACT_SRC_REQUEST : EXTRACT_SRC_NONE, &a, &te);
	switch (rc) {
	case TEXT_OK:
		break;
	case TEXT_EUTF8:
	case TEXT_ECONTROL:
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.text", (int64_t)te.offset,
		    "text: %s", te.reason);
	case TEXT_ETOOBIG:
		return rpc__fail(c, STATUS_RESOURCE_EXHAUSTED, "body.text", (int64_t)te.offset, "%s", te.reason);
	case TEXT_ENOMEM:
		return OOM(c);
	default:
		return rpc__fail(c, STATUS_INTERNAL, "", -1, "text analysis failed: %s", te.reason);
	}
	Coalition__V1__ExtractResponse *r = NEW(c, Coalition__V1__ExtractResponse,
	    coalition__v1__extract_response__descriptor);
	int fill = r != NULL ? rpc__extract_fill(c, &a, r) : -1;
	store_analysis_fini(&a);
	if (fill != 0)
		return OOM(c);
	*out = &r->base;
	return STATUS_OK;
}

int rpc_list_entities(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	const Coalition__V1__ListEntitiesRequest *req = (const void *)in;
	size_t offset = 0, size = 0;
	if (rpc__page_size_check(c, req->page_size, &size) != STATUS_OK ||
	    rpc__page_token_parse(c, req->page_token, &offset) != STATUS_OK)
		return c->code;
	if (req->kind < 0 || req->kind > COALITION__V1__ENTITY_KIND__ENTITY_KIND_PLACE)
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.kind", -1, "unknown entity kind %d",
		    (int)req->kind);
	uint32_t *rows = arena_alloc(c->out, size * sizeof *rows);
	Coalition__V1__ListEntitiesResponse *r = NEW(c, Coalition__V1__ListEntitiesResponse,
	    coalition__v1__list_entities_response__descriptor);
	if (rows == NULL || r == NULL)
		return OOM(c);
	size_t total = store_entity_search(c->app->store, req->query, (int)req->kind,
	    req->include_unmentioned, false, offset, rows, size);
	size_t n = total > offset ? total - offset : 0;
	if (n > size)
		n = size;
	if ((r->entities = arena_alloc(c->out, (n ? n : 1) * sizeof *r->entities)) == NULL)
		return OOM(c);
	for (size_t i = 0; i < n; i++)
		if ((r->entities[i] = rpc__store_entity(c, rows[i], false)) == NULL)
			return OOM(c);
	r->n_entities = n;
	r->total_size = (uint32_t)total;
	if (rpc__page_token_next(c, offset, n, total, &r->next_page_token) != STATUS_OK)
		return OOM(c);
	*out = &r->base;
	return STATUS_OK;
}

/* GetEntity's facts summary: a count per kind, then per metric. */
static int entity_fact_counts(rpc_call *c, size_t row, Coalition__V1__GetEntityResponse *r)
{
	const store *s = c->app->store;
	uint32_t kinds[STORE_FACT_KINDS];
	size_t nm = 0;
	store_entity_fact_counts(s, row, kinds);
	const store_metric_count *mc = store_entity_metric_counts(s, row, &nm);
	if ((r->fact_counts = arena_alloc(c->out, (STORE_FACT_KINDS + nm) * sizeof *r->fact_counts)) == NULL)
		return STATUS_RESOURCE_EXHAUSTED;
	for (size_t k = 1; k < STORE_FACT_KINDS; k++) {
		if (kinds[k] == 0)
			continue;
		Coalition__V1__FactCount *fc = NEW(c, Coalition__V1__FactCount, coalition__v1__fact_count__descriptor);
		if (fc == NULL)
			return STATUS_RESOURCE_EXHAUSTED;
		fc->kind = (Coalition__V1__FactKind)k;
		fc->count = kinds[k];
		r->fact_counts[r->n_fact_counts++] = fc;
	}
	for (size_t i = 0; i < nm; i++) {
		Coalition__V1__FactCount *fc = NEW(c, Coalition__V1__FactCount, coalition__v1__fact_count__descriptor);
		if (fc == NULL)
			return STATUS_RESOURCE_EXHAUSTED;
		fc->kind = (Coalition__V1__FactKind)mc[i].kind;
		fc->metric = (char *)mc[i].metric; /* lexicon strings outlive the reply */
		fc->count = mc[i].count;
		r->fact_counts[r->n_fact_counts++] = fc;
	}
	return STATUS_OK;
}

int rpc_get_entity(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	const Coalition__V1__GetEntityRequest *req = (const void *)in;
	const store *s = c->app->store;
	if (req->id[0] == '\0')
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.id", -1, "id (an entity id or a name) is required");
	long row = -1;
	if (rpc__entity_resolve(c, "body.id", req->id, &row) != STATUS_OK)
		return c->code;
	Coalition__V1__GetEntityResponse *r = NEW(c, Coalition__V1__GetEntityResponse,
	    coalition__v1__get_entity_response__descriptor);
	if (r == NULL || (r->entity = rpc__store_entity(c, (size_t)row, true)) == NULL)
		return OOM(c);
	size_t n_docs = 0, n_roles = 0;
	const store_entity_doc *docs = store_entity_docs(s, (size_t)row, &n_docs);
	store_entity_roles(s, (size_t)row, &n_roles);
	r->document_count = (uint32_t)n_docs;
	r->stated_role_count = (uint32_t)n_roles;
	if (entity_fact_counts(c, (size_t)row, r) != STATUS_OK)
		return OOM(c);
	if (n_docs > LIMIT_ENTITY_LIST_MAX)
		n_docs = LIMIT_ENTITY_LIST_MAX;
	if ((r->documents = arena_alloc(c->out, (n_docs ? n_docs : 1) * sizeof *r->documents)) == NULL)
		return OOM(c);
	for (size_t i = 0; i < n_docs; i++) {
		const store_document *d = store_document_at(s, docs[i].doc);
		size_t n_m = 0;
		const entity_mention *m = &entity_result_mentions(store_document_entities(d), &n_m)[docs[i].first_mention];
		Coalition__V1__EntityDocument *ed = NEW(c, Coalition__V1__EntityDocument,
		    coalition__v1__entity_document__descriptor);
		if (ed == NULL || (ed->first_mention = rpc__provenance(c, d, m->sentence, m->span)) == NULL)
			return OOM(c);
		ed->document_id = (char *)store_document_id(d);
		ed->mention_count = docs[i].mentions;
		r->documents[r->n_documents++] = ed;
	}
	*out = &r->base;
	return STATUS_OK;
}

#define SEARCH_PAGE_DEFAULT 20u

int rpc_search(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	const Coalition__V1__SearchRequest *req = (const void *)in;
	const store *s = c->app->store;
	size_t offset = 0;
	if (req->page_size > SEARCH_PAGE_MAX)
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.page_size", -1,
		    "page_size %u is above Search's maximum of %u", req->page_size, SEARCH_PAGE_MAX);
	if (rpc__page_token_parse(c, req->page_token, &offset) != STATUS_OK)
		return c->code;
	size_t size = req->page_size ? req->page_size : SEARCH_PAGE_DEFAULT;
	const search_index *idx = store_search(s);
	search_hit *hits = arena_alloc(c->out, size * sizeof *hits);
	Coalition__V1__SearchResponse *r = NEW(c, Coalition__V1__SearchResponse,
	    coalition__v1__search_response__descriptor);
	if (hits == NULL || r == NULL)
		return OOM(c);
	size_t n = 0, total = 0;
	search_err se = idx != NULL ? search_query(idx, req->query, offset, size, hits, &n, &total) : SEARCH_OK;
	switch (se) {
	case SEARCH_OK:
		break;
	case SEARCH_EUTF8:
	case SEARCH_ETOOMANY:
	case SEARCH_ETOOBIG:
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.query", -1, "query: %s (at most %d words, %d bytes)",
		    search_err_str(se), SEARCH_QUERY_MAX_WORDS, SEARCH_QUERY_MAX_BYTES);
	case SEARCH_ENOMEM:
		return OOM(c);
	default:
		return rpc__fail(c, STATUS_INTERNAL, "", -1, "search failed: %s", search_err_str(se));
	}
	if ((r->hits = arena_alloc(c->out, (n ? n : 1) * sizeof *r->hits)) == NULL)
		return OOM(c);
	for (size_t i = 0; i < n; i++) {
		const store_document *d = store_document_at(s, hits[i].doc_no);
		size_t len = 0, n_sent = 0;
		const text_doc *doc = store_document_text(d);
		const char *bytes = text_doc_bytes(doc, &len);
		const text_sentence *sent = text_doc_sentences(doc, &n_sent);
		Coalition__V1__SearchHit *h = NEW(c, Coalition__V1__SearchHit, coalition__v1__search_hit__descriptor);
		Coalition__V1__Span *ss = NEW(c, Coalition__V1__Span, coalition__v1__span__descriptor);
		if (h == NULL || ss == NULL || hits[i].sentence >= n_sent)
			return OOM(c);
		text_span sp = sent[hits[i].sentence].span;
		ss->start = sp.start;
		ss->end = sp.end;
		h->document_id = (char *)store_document_id(d);
		h->sentence_index = hits[i].sentence;
		h->sentence_span = ss;
		h->phrase = hits[i].is_phrase;
		if ((h->snippet = rpc__slice(c, bytes, sp.start, sp.end)) == NULL ||
		    (h->highlights = arena_alloc(c->out, (hits[i].n_spans ? hits[i].n_spans : 1) * sizeof *h->highlights)) == NULL)
			return OOM(c);
		for (size_t k = 0; k < hits[i].n_spans; k++) {
			Coalition__V1__Span *hs = NEW(c, Coalition__V1__Span, coalition__v1__span__descriptor);
			if (hs == NULL)
				return OOM(c);
			hs->start = hits[i].spans[k].start;
			hs->end = hits[i].spans[k].end;
			h->highlights[h->n_highlights++] = hs;
		}
		r->hits[r->n_hits++] = h;
	}
	r->total_size = (uint32_t)total;
	if (rpc__page_token_next(c, offset, n, total, &r->next_page_token) != STATUS_OK)
		return OOM(c);
	*out = &r->base;
	return STATUS_OK;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" as a YYYYMMDD bound: the first day of
 * the period for a lower bound, the last possible for an upper one. */
int rpc__entity_resolve(rpc_call *c, const char *field, const char *name, long *row)
{
	const store *s = c->app->store;
	*row = store_entity_find_id(s, name);
	uint32_t best;
	/* A name: whole names first, then prefixes; the most mentioned wins. */
	if (*row < 0 && (store_entity_search(s, name, 0, true, true, 0, &best, 1) > 0 ||
	                    store_entity_search(s, name, 0, true, false, 0, &best, 1) > 0))
		*row = best;
	if (*row >= 0)
		return STATUS_OK;
	char q[4 * LIMIT_QUOTE_BYTES + 8];
	rpc__quote(name, strlen(name), q, sizeof q);
	return rpc__fail(c, STATUS_NOT_FOUND, field, -1, "no entity with id or name '%s' (see ListEntities)", q);
}

int rpc__date_bound(rpc_call *c, const char *field, const char *s, bool upper, int32_t *out)
{
	*out = 0;
	if (s[0] == '\0')
		return STATUS_OK;
	int y = 0, m = 0, d = 0;
	char tail = 0;
	int k = sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail);
	size_t len = strlen(s);
	bool ok = (k == 1 && len == 4) || (k == 2 && len == 7) || (k == 3 && len == 10);
	if (!ok || y < 1 || (k >= 2 && (m < 1 || m > 12)) || (k == 3 && (d < 1 || d > 31))) {
		char q[4 * LIMIT_QUOTE_BYTES + 8];
		rpc__quote(s, len, q, sizeof q);
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, field, -1,
		    "'%s' is not a date YYYY, YYYY-MM or YYYY-MM-DD", q);
	}
	if (k < 2)
		m = upper ? 99 : 0;
	if (k < 3)
		d = upper ? 99 : 0;
	*out = (int32_t)y * 10000 + m * 100 + d;
	return STATUS_OK;
}

int rpc_query_facts(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out)
{
	const Coalition__V1__QueryFactsRequest *req = (const void *)in;
	const store *s = c->app->store;
	char q[4 * LIMIT_QUOTE_BYTES + 8];
	size_t offset = 0, size = 0;
	store_fact_filter f = {.entity = -1, .doc = -1};
	if (rpc__page_size_check(c, req->page_size, &size) != STATUS_OK ||
	    rpc__page_token_parse(c, req->page_token, &offset) != STATUS_OK ||
	    rpc__date_bound(c, "body.date_from", req->date_from, false, &f.date_from) != STATUS_OK ||
	    rpc__date_bound(c, "body.date_to", req->date_to, true, &f.date_to) != STATUS_OK)
		return c->code;
	if (req->kind < 0 || req->kind > COALITION__V1__FACT_KIND__FACT_KIND_ROLE)
		return rpc__fail(c, STATUS_INVALID_ARGUMENT, "body.kind", -1, "unknown fact kind %d", (int)req->kind);
	f.kind = (int)req->kind;
	f.metric = req->metric[0] != '\0' ? req->metric : NULL;
	if (req->entity[0] != '\0' && rpc__entity_resolve(c, "body.entity", req->entity, &f.entity) != STATUS_OK)
		return c->code;
	if (req->document_id[0] != '\0' && (f.doc = store_document_index(s, req->document_id)) < 0) {
		rpc__quote(req->document_id, strlen(req->document_id), q, sizeof q);
		return rpc__fail(c, STATUS_NOT_FOUND, "body.document_id", -1, "no document with id '%s'", q);
	}
	store_fact *rows = arena_alloc(c->out, size * sizeof *rows);
	Coalition__V1__QueryFactsResponse *r = NEW(c, Coalition__V1__QueryFactsResponse,
	    coalition__v1__query_facts_response__descriptor);
	if (rows == NULL || r == NULL)
		return OOM(c);
	size_t total = store_fact_query(s, &f, offset, rows, size);
	if (rpc__fact_page(c, rows, offset, size, total, &r->facts, &r->n_facts, &r->entities, &r->n_entities,
	        &r->total_size, &r->next_page_token) != 0)
		return OOM(c);
	*out = &r->base;
	return STATUS_OK;
}
