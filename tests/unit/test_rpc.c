/* Unit tests of rpc/: envelope decoding, dispatch, status mapping, limits,
 * and a schema lint over the generated descriptors. No sockets: requests go
 * straight into rpc_worker_handle, as the transport would hand them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "coalition/v1/envelope.pb-c.h"
#include "coalition/v1/fact_service.pb-c.h"
#include "coalition_limits.h"
#include "ingest.h"
#include "rpc.h"
#include "store.h"

typedef struct {
	ingest *in;
	store *st;
	rpc_server *srv;
	rpc_worker *w;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	char err[512];
	f->in = ingest_create(COALITION_SOURCE_DIR "/corpus/lexicon", COALITION_SOURCE_DIR "/corpus/gazetteer",
	    err, sizeof err);
	assert_non_null(f->in);
	f->st = store_create();
	const char *text = "اجتمع وزراء خارجية التحالف في واشنطن يوم 6 فبراير 2019.\n";
	store_analysis a;
	assert_int_equal(ingest_analyze(f->in, text, strlen(text), NULL, EXTRACT_SRC_NONE, &a, NULL), TEXT_OK);
	store_doc_meta meta = {.id = "doc-1", .title = "t", .language = "ar"};
	assert_int_equal(store_document_add(f->st, &meta, &a), STORE_OK);
	rpc_app app = {.store = f->st, .ingest = f->in, .version = "test"};
	f->srv = rpc_server_create(&app, err, sizeof err);
	assert_non_null(f->srv);
	f->w = rpc_worker_create(f->srv);
	assert_non_null(f->w);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	rpc_worker_destroy(f->w);
	rpc_server_destroy(f->srv);
	store_destroy(f->st);
	ingest_destroy(f->in);
	free(f);
	return 0;
}

/* Sends raw envelope bytes; returns the unpacked Reply (free with
 * coalition__v1__reply__free_unpacked). */
static Coalition__V1__Reply *send_raw(fixture *f, const uint8_t *req, size_t len)
{
	const uint8_t *out = NULL;
	size_t out_len = 0;
	rpc_worker_handle(f->w, req, len, clock_mono_us(), &out, &out_len);
	Coalition__V1__Reply *r = coalition__v1__reply__unpack(NULL, out_len, out);
	assert_non_null(r);
	assert_non_null(r->status);
	return r;
}

static Coalition__V1__Reply *call(fixture *f, const char *method, const ProtobufCMessage *body,
    uint32_t timeout_ms, uint64_t deadline_unix_ms)
{
	Coalition__V1__Request req = COALITION__V1__REQUEST__INIT;
	uint8_t bbuf[4096];
	req.method = (char *)method;
	if (body != NULL) {
		req.body.len = protobuf_c_message_pack(body, bbuf);
		req.body.data = bbuf;
	}
	req.timeout_ms = timeout_ms;
	req.deadline_unix_ms = deadline_unix_ms;
	size_t n = coalition__v1__request__get_packed_size(&req);
	uint8_t *buf = malloc(n);
	coalition__v1__request__pack(&req, buf);
	Coalition__V1__Reply *r = send_raw(f, buf, n);
	free(buf);
	return r;
}

static void test_rpc_health_serving(void **state)
{
	fixture *f = *state;
	Coalition__V1__HealthRequest hr = COALITION__V1__HEALTH_REQUEST__INIT;
	Coalition__V1__Reply *r = call(f, "/coalition.v1.FactService/Health", &hr.base, 0, 0);
	assert_int_equal(r->status->code, 0);
	Coalition__V1__HealthResponse *h = coalition__v1__health_response__unpack(NULL, r->body.len, r->body.data);
	assert_non_null(h);
	assert_int_equal(h->status, COALITION__V1__HEALTH_RESPONSE__SERVING_STATUS__SERVING_STATUS_SERVING);
	coalition__v1__health_response__free_unpacked(h, NULL);
	coalition__v1__reply__free_unpacked(r, NULL);
}

static void test_rpc_envelope_garbage_is_invalid_argument(void **state)
{
	fixture *f = *state;
	/* A truncated varint, a length prefix past the end, a wrong wire type,
	 * field number 0: none decodes, all get INVALID_ARGUMENT. */
	static const uint8_t cases[][6] = {
	    {0x18, 0xff, 0xff, 0xff, 0xff, 0xff}, /* timeout_ms varint never ends */
	    {0x0a, 0x7f, 'a', 'b', 'c', 'd'},     /* method length 127 > 4 bytes left */
	    {0x0d, 0x01, 0x02, 0x00, 0x00, 0x00}, /* field 1 as fixed32 */
	    {0x02, 0x01, 0x00, 0x00, 0x00, 0x00}, /* field number 0 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		Coalition__V1__Reply *r = send_raw(f, cases[i], sizeof cases[i]);
		assert_int_equal(r->status->code, 3);
		assert_non_null(strstr(r->status->message, "not a valid coalition.v1.Request"));
		coalition__v1__reply__free_unpacked(r, NULL);
	}
}

static void test_rpc_unknown_method_is_unimplemented_and_quoted(void **state)
{
	fixture *f = *state;
	char name[300];
	memset(name, 'A', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	memcpy(name, "/x\n\x01", 4);
	Coalition__V1__Reply *r = call(f, name, NULL, 0, 0);
	assert_int_equal(r->status->code, 12);
	/* Quoted at most LIMIT_QUOTE_BYTES, control bytes escaped. */
	assert_non_null(strstr(r->status->message, "/x\\x0a\\x01AAA"));
	assert_null(strchr(r->status->message, '\n'));
	assert_true(strlen(r->status->message) < 250);
	coalition__v1__reply__free_unpacked(r, NULL);

	r = call(f, "/coalition.v1.FactService/NoSuchMethod", NULL, 0, 0);
	assert_int_equal(r->status->code, 12);
	coalition__v1__reply__free_unpacked(r, NULL);
	/* The short name alone is not a full method name. */
	r = call(f, "Health", NULL, 0, 0);
	assert_int_equal(r->status->code, 12);
	coalition__v1__reply__free_unpacked(r, NULL);
}

static void test_rpc_bad_body_is_invalid_argument(void **state)
{
	fixture *f = *state;
	Coalition__V1__Request req = COALITION__V1__REQUEST__INIT;
	uint8_t body[] = {0x0a, 0x50, 'x'}; /* GetDocumentRequest.id length past the end */
	req.method = "/coalition.v1.FactService/GetDocument";
	req.body.data = body;
	req.body.len = sizeof body;
	uint8_t buf[256];
	size_t n = coalition__v1__request__pack(&req, buf);
	Coalition__V1__Reply *r = send_raw(f, buf, n);
	assert_int_equal(r->status->code, 3);
	assert_non_null(strstr(r->status->message, "coalition.v1.GetDocumentRequest"));
	assert_int_equal(r->status->n_details, 1);
	assert_string_equal(r->status->details[0]->field, "body");
	coalition__v1__reply__free_unpacked(r, NULL);
}

static void test_rpc_oversize_body_is_resource_exhausted(void **state)
{
	fixture *f = *state;
	Coalition__V1__Request req = COALITION__V1__REQUEST__INIT;
	size_t len = LIMIT_REQUEST_MAX_BYTES + 1;
	uint8_t *body = calloc(1, len);
	req.method = "/coalition.v1.FactService/Stats";
	req.body.data = body;
	req.body.len = len;
	size_t n = coalition__v1__request__get_packed_size(&req);
	uint8_t *buf = malloc(n);
	coalition__v1__request__pack(&req, buf);
	Coalition__V1__Reply *r = send_raw(f, buf, n);
	assert_int_equal(r->status->code, 8);
	assert_non_null(strstr(r->status->message, "at most"));
	coalition__v1__reply__free_unpacked(r, NULL);
	/* Exactly at the limit is fine size-wise (the body itself is then
	 * judged: zeros are field number 0, INVALID_ARGUMENT). */
	req.body.len = LIMIT_REQUEST_MAX_BYTES;
	n = coalition__v1__request__pack(&req, buf);
	r = send_raw(f, buf, n);
	assert_int_equal(r->status->code, 3);
	coalition__v1__reply__free_unpacked(r, NULL);
	free(buf);
	free(body);
}

static void test_rpc_amplification_is_capped(void **state)
{
	fixture *f = *state;
	/* 1 MiB of empty metadata entries (field 4, length 0): each 2-byte entry
	 * unpacks to a struct of tens of bytes, far past the arena cap. */
	size_t len = 1u << 20;
	uint8_t *buf = malloc(len);
	for (size_t i = 0; i < len; i += 2) {
		buf[i] = 0x22;
		buf[i + 1] = 0x00;
	}
	Coalition__V1__Reply *r = send_raw(f, buf, len);
	assert_int_equal(r->status->code, 8);
	assert_non_null(strstr(r->status->message, "to decode"));
	coalition__v1__reply__free_unpacked(r, NULL);
	free(buf);
	/* The worker keeps serving. */
	test_rpc_health_serving(state);
}

static void test_rpc_deadline_in_past_is_refused(void **state)
{
	fixture *f = *state;
	Coalition__V1__StatsRequest sr = COALITION__V1__STATS_REQUEST__INIT;
	Coalition__V1__Reply *r = call(f, "/coalition.v1.FactService/Stats", &sr.base, 0, clock_wall_ms() - 5000);
	assert_int_equal(r->status->code, 4);
	assert_string_equal(r->status->details[0]->field, "deadline_unix_ms");
	coalition__v1__reply__free_unpacked(r, NULL);
	/* A future one is fine. */
	r = call(f, "/coalition.v1.FactService/Stats", &sr.base, 0, clock_wall_ms() + 60000);
	assert_int_equal(r->status->code, 0);
	coalition__v1__reply__free_unpacked(r, NULL);
}

static void test_rpc_deadline_passed_while_queued(void **state)
{
	fixture *f = *state;
	Coalition__V1__Request req = COALITION__V1__REQUEST__INIT;
	req.method = "/coalition.v1.FactService/Stats";
	req.timeout_ms = 5;
	uint8_t buf[128];
	size_t n = coalition__v1__request__pack(&req, buf);
	const uint8_t *out = NULL;
	size_t out_len = 0;
	/* Received 50 ms ago with a 5 ms timeout. */
	rpc_worker_handle(f->w, buf, n, clock_mono_us() - 50000, &out, &out_len);
	Coalition__V1__Reply *r = coalition__v1__reply__unpack(NULL, out_len, out);
	assert_int_equal(r->status->code, 4);
	coalition__v1__reply__free_unpacked(r, NULL);
}

static void test_rpc_request_id_echoed(void **state)
{
	fixture *f = *state;
	Coalition__V1__Request req = COALITION__V1__REQUEST__INIT;
	Coalition__V1__Request__MetadataEntry e = COALITION__V1__REQUEST__METADATA_ENTRY__INIT;
	Coalition__V1__Request__MetadataEntry *es[1] = {&e};
	e.key = "x-request-id";
	e.value = "abc-123";
	req.method = "/coalition.v1.FactService/NoSuch";
	req.n_metadata = 1;
	req.metadata = es;
	uint8_t buf[256];
	size_t n = coalition__v1__request__pack(&req, buf);
	Coalition__V1__Reply *r = send_raw(f, buf, n);
	assert_int_equal(r->n_metadata, 1);
	assert_string_equal(r->metadata[0]->key, "x-request-id");
	assert_string_equal(r->metadata[0]->value, "abc-123");
	coalition__v1__reply__free_unpacked(r, NULL);
}

static void test_rpc_get_document_found_and_not_found(void **state)
{
	fixture *f = *state;
	Coalition__V1__GetDocumentRequest g = COALITION__V1__GET_DOCUMENT_REQUEST__INIT;
	g.id = "doc-1";
	Coalition__V1__Reply *r = call(f, "/coalition.v1.FactService/GetDocument", &g.base, 0, 0);
	assert_int_equal(r->status->code, 0);
	Coalition__V1__GetDocumentResponse *d = coalition__v1__get_document_response__unpack(NULL, r->body.len, r->body.data);
	assert_non_null(d);
	assert_string_equal(d->document->id, "doc-1");
	assert_true(d->n_sentences >= 1);
	/* Sentence spans point at the exact bytes of the text. */
	for (size_t i = 0; i < d->n_sentences; i++) {
		Coalition__V1__Span *sp = d->sentences[i]->span;
		assert_true(sp->end <= strlen(d->text));
		assert_memory_equal(d->text + sp->start, d->sentences[i]->text, sp->end - sp->start);
	}
	coalition__v1__get_document_response__free_unpacked(d, NULL);
	coalition__v1__reply__free_unpacked(r, NULL);

	g.id = "nope";
	r = call(f, "/coalition.v1.FactService/GetDocument", &g.base, 0, 0);
	assert_int_equal(r->status->code, 5);
	assert_string_equal(r->status->details[0]->field, "body.id");
	coalition__v1__reply__free_unpacked(r, NULL);
}

static void test_rpc_list_documents_paging(void **state)
{
	fixture *f = *state;
	Coalition__V1__ListDocumentsRequest l = COALITION__V1__LIST_DOCUMENTS_REQUEST__INIT;
	Coalition__V1__Reply *r = call(f, "/coalition.v1.FactService/ListDocuments", &l.base, 0, 0);
	assert_int_equal(r->status->code, 0);
	Coalition__V1__ListDocumentsResponse *ld = coalition__v1__list_documents_response__unpack(NULL, r->body.len, r->body.data);
	assert_int_equal(ld->n_documents, 1);
	assert_int_equal(ld->total_size, 1);
	assert_string_equal(ld->next_page_token, "");
	coalition__v1__list_documents_response__free_unpacked(ld, NULL);
	coalition__v1__reply__free_unpacked(r, NULL);

	l.page_token = "garbage";
	r = call(f, "/coalition.v1.FactService/ListDocuments", &l.base, 0, 0);
	assert_int_equal(r->status->code, 3);
	assert_string_equal(r->status->details[0]->field, "body.page_token");
	coalition__v1__reply__free_unpacked(r, NULL);

	l.page_token = "";
	l.page_size = LIMIT_PAGE_SIZE_MAX + 1;
	r = call(f, "/coalition.v1.FactService/ListDocuments", &l.base, 0, 0);
	assert_int_equal(r->status->code, 3);
	assert_string_equal(r->status->details[0]->field, "body.page_size");
	coalition__v1__reply__free_unpacked(r, NULL);
}

static void test_rpc_extract_refuses_nul_with_offset(void **state)
{
	fixture *f = *state;
	Coalition__V1__ExtractRequest e = COALITION__V1__EXTRACT_REQUEST__INIT;
	static const char text[] = "قال المتحدث\0 إن";
	e.text.data = (uint8_t *)text;
	e.text.len = sizeof text - 1;
	Coalition__V1__Reply *r = call(f, "/coalition.v1.FactService/Extract", &e.base, 0, 0);
	assert_int_equal(r->status->code, 3);
	assert_string_equal(r->status->details[0]->field, "body.text");
	assert_int_equal(r->status->details[0]->byte_offset, strlen(text));
	coalition__v1__reply__free_unpacked(r, NULL);

	static const char bad[] = "abc\xc0\xaf";
	e.text.data = (uint8_t *)bad;
	e.text.len = sizeof bad - 1;
	r = call(f, "/coalition.v1.FactService/Extract", &e.base, 0, 0);
	assert_int_equal(r->status->code, 3);
	assert_int_equal(r->status->details[0]->byte_offset, 3);
	coalition__v1__reply__free_unpacked(r, NULL);

	e.text.data = (uint8_t *)"نص";
	e.text.len = strlen("نص");
	e.published = "2019-13-01";
	r = call(f, "/coalition.v1.FactService/Extract", &e.base, 0, 0);
	assert_int_equal(r->status->code, 3);
	assert_string_equal(r->status->details[0]->field, "body.published");
	coalition__v1__reply__free_unpacked(r, NULL);
}

static const Coalition__V1__Entity *entity_by_id(const Coalition__V1__ExtractResponse *x, const char *id)
{
	for (size_t i = 0; i < x->n_entities; i++)
		if (strcmp(x->entities[i]->id, id) == 0)
			return x->entities[i];
	return NULL;
}

static void test_rpc_extract_entities_and_roles(void **state)
{
	fixture *f = *state;
	Coalition__V1__ExtractRequest e = COALITION__V1__EXTRACT_REQUEST__INIT;
	/* A text of our own: a known person with a stated role, a nisba, a
	 * place with a clitic, a repeated surname, and a person not in the
	 * gazetteer named after an office. */
	const char *text = "وقال وزير الخارجية الأمريكي جون كيري في باريس إن التحالف سيواصل غاراته. "
	                   "وأضاف كيري أن الاجتماع المقبل سيعقد بواشنطن. "
	                   "وقال وزير الدفاع الموريتاني سيدي ولد حمادي إن بلاده مستعدة.";
	e.text.data = (uint8_t *)text;
	e.text.len = strlen(text);
	e.published = "2016-03-01";
	Coalition__V1__Reply *r = call(f, "/coalition.v1.FactService/Extract", &e.base, 0, 0);
	assert_int_equal(r->status->code, 0);
	Coalition__V1__ExtractResponse *x = coalition__v1__extract_response__unpack(NULL, r->body.len, r->body.data);
	assert_non_null(x);
	const Coalition__V1__Entity *kerry = entity_by_id(x, "person:john_kerry");
	assert_non_null(kerry);
	assert_string_equal(kerry->name_en, "John Kerry");
	assert_int_equal(kerry->kind, COALITION__V1__ENTITY_KIND__ENTITY_KIND_PERSON);
	assert_int_equal(kerry->mention_count, 2); /* "جون كيري" and the later "كيري" */
	assert_int_equal(kerry->n_roles, 1);
	assert_string_equal(kerry->roles[0]->office, "وزير الخارجية");
	assert_string_equal(kerry->roles[0]->of_entity_id, "country:US");
	assert_string_equal(kerry->roles[0]->stated_date, "2016-03-01");
	/* The provenance span covers office and name, inside its sentence. */
	const Coalition__V1__Provenance *p = kerry->roles[0]->provenance;
	assert_int_equal(p->sentence_index, 0);
	assert_non_null(strstr(p->snippet, "جون كيري"));
	assert_true(p->span->end > p->span->start && p->span->end <= strlen(text));
	assert_non_null(entity_by_id(x, "place:paris"));
	assert_non_null(entity_by_id(x, "place:washington")); /* "بواشنطن" */
	assert_non_null(entity_by_id(x, "country:US"));       /* "الأمريكي" */
	/* The unknown minister is found by rule, as a person of this text. */
	int found_rule_person = 0;
	for (size_t i = 0; i < x->n_entities; i++)
		if (strncmp(x->entities[i]->id, "doc:person:", 11) == 0 &&
		    strstr(x->entities[i]->name_ar, "سيدي ولد حمادي") != NULL)
			found_rule_person = 1;
	assert_true(found_rule_person);
	coalition__v1__extract_response__free_unpacked(x, NULL);
	coalition__v1__reply__free_unpacked(r, NULL);
}

/* LIMIT_ENTITY_LIST_MAX: an entity named by more documents than the cap
 * lists the cap and reports the real total. */
static void test_rpc_get_entity_caps_documents(void **state)
{
	fixture *f = *state;
	store *st = store_create();
	const size_t n_docs = LIMIT_ENTITY_LIST_MAX + 2;
	for (size_t i = 0; i < n_docs; i++) {
		const char *text = "وصل وزير الخارجية إلى واشنطن أمس.";
		store_analysis a;
		char id[16];
		snprintf(id, sizeof id, "w%zu", i);
		assert_int_equal(ingest_analyze(f->in, text, strlen(text), NULL, EXTRACT_SRC_NONE, &a, NULL), TEXT_OK);
		store_doc_meta meta = {.id = id};
		assert_int_equal(store_document_add(st, &meta, &a), STORE_OK);
	}
	assert_int_equal(store_entities_build(st, ingest_gazetteer(f->in)), 0);
	char err[256];
	rpc_app app = {.store = st, .ingest = f->in, .version = "test"};
	rpc_server *srv = rpc_server_create(&app, err, sizeof err);
	rpc_worker *w = rpc_worker_create(srv);
	rpc_worker *saved = f->w;
	f->w = w;
	Coalition__V1__GetEntityRequest g = COALITION__V1__GET_ENTITY_REQUEST__INIT;
	g.id = "place:washington";
	Coalition__V1__Reply *r = call(f, "/coalition.v1.FactService/GetEntity", &g.base, 0, 0);
	assert_int_equal(r->status->code, 0);
	Coalition__V1__GetEntityResponse *ge = coalition__v1__get_entity_response__unpack(NULL, r->body.len, r->body.data);
	assert_non_null(ge);
	assert_int_equal(ge->n_documents, LIMIT_ENTITY_LIST_MAX);
	assert_int_equal(ge->document_count, n_docs);
	assert_int_equal(ge->entity->mention_count, n_docs);
	coalition__v1__get_entity_response__free_unpacked(ge, NULL);
	coalition__v1__reply__free_unpacked(r, NULL);
	f->w = saved;
	rpc_worker_destroy(w);
	rpc_server_destroy(srv);
	store_destroy(st);
}

static const Coalition__V1__Fact *fact_by(const Coalition__V1__ExtractResponse *x, Coalition__V1__FactKind kind,
    const char *metric_or_subtype)
{
	for (size_t i = 0; i < x->n_facts; i++) {
		const Coalition__V1__Fact *f = x->facts[i];
		if (f->kind == kind && (strcmp(f->metric, metric_or_subtype) == 0 || strcmp(f->subtype, metric_or_subtype) == 0))
			return f;
	}
	return NULL;
}

/* Facts of a text of our own: quantities bound to the coalition with a
 * metric and a date, a quote with its speaker, a meeting with level, city,
 * date and status; every fact's provenance points at its own bytes. */
static void test_rpc_extract_facts(void **state)
{
	fixture *f = *state;
	const char *text = "اجتمع وزراء خارجية الدول الأعضاء في التحالف الدولي ضد داعش في روما يوم الثلاثاء 13 فبراير 2018، "
	                   "وقال وزير الخارجية الأمريكي ريكس تيلرسون إن \"التحالف الذي يضم 75 عضوا سيواصل عمله\". "
	                   "وأضاف أن التحالف نفذ أكثر من 29 ألف غارة منذ عام 2014.";
	Coalition__V1__ExtractRequest e = COALITION__V1__EXTRACT_REQUEST__INIT;
	e.text.data = (uint8_t *)text;
	e.text.len = strlen(text);
	e.published = "2018-02-14";
	Coalition__V1__Reply *r = call(f, "/coalition.v1.FactService/Extract", &e.base, 0, 0);
	assert_int_equal(r->status->code, 0);
	Coalition__V1__ExtractResponse *x = coalition__v1__extract_response__unpack(NULL, r->body.len, r->body.data);
	assert_non_null(x);
	const Coalition__V1__Fact *m = fact_by(x, COALITION__V1__FACT_KIND__FACT_KIND_QUANTITY, "coalition.members");
	assert_non_null(m);
	assert_string_equal(m->subject_id, "org:global_coalition");
	assert_true(m->quantity->number->value == 75.0);
	assert_non_null(m->date);
	const Coalition__V1__Fact *st = fact_by(x, COALITION__V1__FACT_KIND__FACT_KIND_QUANTITY, "coalition.strikes");
	assert_non_null(st);
	assert_true(st->quantity->number->value == 29000.0);
	assert_int_equal(st->quantity->number->approximation, COALITION__V1__APPROXIMATION__APPROXIMATION_AT_LEAST);
	const Coalition__V1__Fact *mt = fact_by(x, COALITION__V1__FACT_KIND__FACT_KIND_MEETING, "foreign_ministers");
	assert_non_null(mt);
	assert_string_equal(mt->place_id, "place:rome");
	assert_string_equal(mt->date->iso, "2018-02-13");
	assert_string_equal(mt->status, "past");
	int quote_ok = 0;
	for (size_t i = 0; i < x->n_facts; i++) {
		const Coalition__V1__Fact *q = x->facts[i];
		if (q->kind == COALITION__V1__FACT_KIND__FACT_KIND_QUOTE && strcmp(q->subject_id, "person:rex_tillerson") == 0 &&
		    strstr(q->text, "75 عضوا") != NULL)
			quote_ok = 1;
	}
	assert_true(quote_ok);
	for (size_t i = 0; i < x->n_facts; i++) {
		const Coalition__V1__Provenance *p = x->facts[i]->provenance;
		assert_non_null(p);
		assert_true(p->span->end <= strlen(text) && p->span->start < p->span->end);
		assert_non_null(strstr(text, p->snippet));
	}
	coalition__v1__extract_response__free_unpacked(x, NULL);
	coalition__v1__reply__free_unpacked(r, NULL);

	/* Participation: the country, its modes and theatres. */
	const char *text2 = "وتشارك بريطانيا في الغارات الجوية على مواقع التنظيم في العراق وسوريا.";
	e.text.data = (uint8_t *)text2;
	e.text.len = strlen(text2);
	r = call(f, "/coalition.v1.FactService/Extract", &e.base, 0, 0);
	assert_int_equal(r->status->code, 0);
	x = coalition__v1__extract_response__unpack(NULL, r->body.len, r->body.data);
	int part_ok = 0;
	for (size_t i = 0; i < x->n_facts; i++) {
		const Coalition__V1__Fact *p = x->facts[i];
		if (p->kind == COALITION__V1__FACT_KIND__FACT_KIND_PARTICIPATION && strcmp(p->subject_id, "country:GB") == 0 &&
		    strstr(p->subtype, "strikes") != NULL && strcmp(p->status, "iraq,syria") == 0)
			part_ok = 1;
	}
	assert_true(part_ok);
	coalition__v1__extract_response__free_unpacked(x, NULL);
	coalition__v1__reply__free_unpacked(r, NULL);
}

static void test_rpc_draining(void **state)
{
	fixture *f = *state;
	rpc_server_drain(f->srv);
	Coalition__V1__HealthRequest hr = COALITION__V1__HEALTH_REQUEST__INIT;
	Coalition__V1__Reply *r = call(f, "/coalition.v1.FactService/Health", &hr.base, 0, 0);
	assert_int_equal(r->status->code, 0);
	Coalition__V1__HealthResponse *h = coalition__v1__health_response__unpack(NULL, r->body.len, r->body.data);
	assert_int_equal(h->status, COALITION__V1__HEALTH_RESPONSE__SERVING_STATUS__SERVING_STATUS_NOT_SERVING);
	coalition__v1__health_response__free_unpacked(h, NULL);
	coalition__v1__reply__free_unpacked(r, NULL);
	Coalition__V1__StatsRequest sr = COALITION__V1__STATS_REQUEST__INIT;
	r = call(f, "/coalition.v1.FactService/Stats", &sr.base, 0, 0);
	assert_int_equal(r->status->code, 14);
	coalition__v1__reply__free_unpacked(r, NULL);

	/* Received before the drain began (1 s ago): finished, not refused. */
	Coalition__V1__Request req = COALITION__V1__REQUEST__INIT;
	req.method = "/coalition.v1.FactService/Stats";
	uint8_t buf[128];
	size_t n = coalition__v1__request__pack(&req, buf);
	const uint8_t *out = NULL;
	size_t out_len = 0;
	rpc_worker_handle(f->w, buf, n, clock_mono_us() - 1000000, &out, &out_len);
	r = coalition__v1__reply__unpack(NULL, out_len, out);
	assert_int_equal(r->status->code, 0);
	coalition__v1__reply__free_unpacked(r, NULL);
}

static void test_rpc_status_names(void **state)
{
	(void)state;
	assert_string_equal(status_str(0), "OK");
	assert_string_equal(status_str(3), "INVALID_ARGUMENT");
	assert_string_equal(status_str(4), "DEADLINE_EXCEEDED");
	assert_string_equal(status_str(12), "UNIMPLEMENTED");
	assert_string_equal(status_str(16), "UNAUTHENTICATED");
	assert_string_equal(status_str(17), "UNKNOWN_CODE");
	assert_string_equal(status_str(-1), "UNKNOWN_CODE");
}

/* Schema lint (RELIABILITY A5): no message type may reach itself through
 * its fields, so unpack depth is bounded by the schema. */
static int reaches(const ProtobufCMessageDescriptor *from, const ProtobufCMessageDescriptor *target, int depth)
{
	if (depth > 32)
		return 1;
	for (unsigned i = 0; i < from->n_fields; i++) {
		const ProtobufCFieldDescriptor *fd = &from->fields[i];
		if (fd->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		const ProtobufCMessageDescriptor *sub = fd->descriptor;
		if (sub == target || reaches(sub, target, depth + 1))
			return 1;
	}
	return 0;
}

static void test_rpc_schema_has_no_recursive_messages(void **state)
{
	(void)state;
	const ProtobufCServiceDescriptor *sd = &coalition__v1__fact_service__descriptor;
	for (unsigned i = 0; i < sd->n_methods; i++) {
		const ProtobufCMessageDescriptor *io[2] = {sd->methods[i].input, sd->methods[i].output};
		for (int k = 0; k < 2; k++)
			if (reaches(io[k], io[k], 0))
				fail_msg("%s refers to itself", io[k]->name);
	}
	assert_false(reaches(&coalition__v1__request__descriptor, &coalition__v1__request__descriptor, 0));
	assert_false(reaches(&coalition__v1__reply__descriptor, &coalition__v1__reply__descriptor, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_rpc_health_serving, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_envelope_garbage_is_invalid_argument, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_unknown_method_is_unimplemented_and_quoted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_bad_body_is_invalid_argument, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_oversize_body_is_resource_exhausted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_amplification_is_capped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_deadline_in_past_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_deadline_passed_while_queued, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_request_id_echoed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_get_document_found_and_not_found, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_list_documents_paging, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_extract_refuses_nul_with_offset, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_extract_entities_and_roles, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_get_entity_caps_documents, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_extract_facts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rpc_draining, setup, teardown),
	    cmocka_unit_test(test_rpc_status_names),
	    cmocka_unit_test(test_rpc_schema_has_no_recursive_messages),
	};
	return cmocka_run_group_tests_name("rpc", tests, NULL, NULL);
}
