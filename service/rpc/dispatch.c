/* dispatch.c: one Request in, one Reply out. Cheap checks come first, in the
 * order redis's processCommand uses: decode the envelope, find the method,
 * refuse while draining, check size and deadline, then unpack the body and
 * run the handler. Every path ends in exactly one packed Reply, because an
 * unanswered nng REQ is resent and a silent drop becomes a duplicate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "coalition/v1/envelope.pb-c.h"
#include "coalition/v1/fact_service.pb-c.h"
#include "coalition_limits.h"
#include "log.h"
#include "rpc_impl.h"

#define RPC_PATH_PREFIX "/coalition.v1.FactService/"

struct rpc_server {
	rpc_app app;
	uint64_t started_mono_us;
	/* clock_mono_us() when draining began, 0 while serving. Requests
	 * received before it are finished; later ones get UNAVAILABLE. */
	atomic_uint_fast64_t drain_since_us;
	atomic_uint in_flight;
	rpc_method_stats *stats; /* one per method, in table order */
};

struct rpc_worker {
	rpc_server *srv;
	arena *in;     /* capped: what unpacking the request may allocate */
	arena *out;    /* the reply's messages */
	uint8_t *buf;  /* packed Reply */
	size_t buf_cap;
};

rpc_server *rpc_server_create(const rpc_app *app, char *err, size_t err_len)
{
	if (rpc__service->n_methods != rpc__n_methods) {
		snprintf(err, err_len, "method table has %zu rows, %s has %u methods",
		    rpc__n_methods, rpc__service->name, rpc__service->n_methods);
		return NULL;
	}
	for (size_t i = 0; i < rpc__n_methods; i++) {
		if (strcmp(rpc__methods[i].name, rpc__service->methods[i].name) != 0 ||
		    rpc__methods[i].handler == NULL) {
			snprintf(err, err_len, "method table row %zu is '%s', descriptor says '%s'",
			    i, rpc__methods[i].name, rpc__service->methods[i].name);
			return NULL;
		}
	}
	rpc_server *srv = calloc(1, sizeof *srv);
	if (srv == NULL || (srv->stats = calloc(rpc__n_methods, sizeof *srv->stats)) == NULL) {
		free(srv);
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	srv->app = *app;
	srv->started_mono_us = clock_mono_us();
	atomic_init(&srv->drain_since_us, 0);
	atomic_init(&srv->in_flight, 0);
	return srv;
}

void rpc_server_destroy(rpc_server *srv)
{
	if (srv == NULL)
		return;
	free(srv->stats);
	free(srv);
}

void rpc_server_drain(rpc_server *srv) { atomic_store(&srv->drain_since_us, clock_mono_us()); }
bool rpc__is_draining(const rpc_server *srv) { return atomic_load(&((rpc_server *)srv)->drain_since_us) != 0; }
unsigned rpc__in_flight(const rpc_server *srv) { return atomic_load(&((rpc_server *)srv)->in_flight); }
uint64_t rpc__uptime_ms(const rpc_server *srv) { return (clock_mono_us() - srv->started_mono_us) / 1000; }
const rpc_method_stats *rpc__stats(const rpc_server *srv) { return srv->stats; }

rpc_worker *rpc_worker_create(rpc_server *srv)
{
	rpc_worker *w = calloc(1, sizeof *w);
	if (w == NULL)
		return NULL;
	w->srv = srv;
	w->in = arena_create();
	w->out = arena_create();
	if (w->in == NULL || w->out == NULL) {
		rpc_worker_destroy(w);
		return NULL;
	}
	return w;
}

void rpc_worker_destroy(rpc_worker *w)
{
	if (w == NULL)
		return;
	arena_destroy(w->in);
	arena_destroy(w->out);
	free(w->buf);
	free(w);
}

int rpc__fail(rpc_call *call, int code, const char *field, int64_t offset, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(call->message, sizeof call->message, fmt, ap);
	va_end(ap);
	snprintf(call->field, sizeof call->field, "%s", field != NULL ? field : "");
	call->offset = offset;
	call->code = code;
	return code;
}

bool rpc__deadline_passed(const rpc_call *call)
{
	return clock_mono_us() > call->deadline_mono_us;
}

void rpc__quote(const char *s, size_t len, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	size_t n = len < LIMIT_QUOTE_BYTES ? len : LIMIT_QUOTE_BYTES;
	for (size_t i = 0; i < n && o + 5 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (n < len && o + 4 < cap) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

void *rpc__new(rpc_call *call, const ProtobufCMessageDescriptor *desc)
{
	void *m = arena_alloc(call->out, desc->sizeof_message);
	if (m != NULL)
		desc->message_init(m);
	return m;
}

char *rpc__slice(rpc_call *call, const char *bytes, uint32_t start, uint32_t end)
{
	return arena_strndup(call->out, bytes + start, end - start);
}

/* The method index for a full name, or -1. The descriptor's by-name index is
 * a binary search over sorted names, so no chain of string compares. */
static int method_find(const char *full)
{
	size_t pl = sizeof RPC_PATH_PREFIX - 1;
	if (strncmp(full, RPC_PATH_PREFIX, pl) != 0)
		return -1;
	const ProtobufCMethodDescriptor *m =
	    protobuf_c_service_descriptor_get_method_by_name(rpc__service, full + pl);
	return m != NULL ? (int)(m - rpc__service->methods) : -1;
}

/* Packs the Reply into the worker buffer. */
static void reply_pack(rpc_worker *w, const rpc_call *call, ProtobufCBinaryData body,
    const char *request_id, const uint8_t **reply, size_t *reply_len)
{
	Coalition__V1__Reply r = COALITION__V1__REPLY__INIT;
	Coalition__V1__Status st = COALITION__V1__STATUS__INIT;
	Coalition__V1__ErrorDetail det = COALITION__V1__ERROR_DETAIL__INIT;
	Coalition__V1__ErrorDetail *dets[1] = {&det};
	Coalition__V1__Reply__MetadataEntry md = COALITION__V1__REPLY__METADATA_ENTRY__INIT;
	Coalition__V1__Reply__MetadataEntry *mds[1] = {&md};
	st.code = call->code;
	st.message = (char *)(call->code == STATUS_OK ? "" : call->message);
	if (call->code != STATUS_OK && (call->field[0] != '\0' || call->offset >= 0)) {
		det.field = (char *)call->field;
		det.byte_offset = call->offset;
		det.reason = (char *)call->message;
		st.n_details = 1;
		st.details = dets;
	}
	r.status = &st;
	if (call->code == STATUS_OK)
		r.body = body;
	if (request_id != NULL) {
		md.key = "x-request-id";
		md.value = (char *)request_id;
		r.n_metadata = 1;
		r.metadata = mds;
	}
	size_t n = coalition__v1__reply__get_packed_size(&r);
	if (n > w->buf_cap) {
		uint8_t *nb = realloc(w->buf, n);
		if (nb == NULL) {
			/* Cannot even answer: send an empty message, which the client
			 * reads as a reply that does not decode. Logged; never seen. */
			log_error("rpc: out of memory packing a %zu-byte reply", n);
			*reply = w->buf;
			*reply_len = 0;
			return;
		}
		w->buf = nb;
		w->buf_cap = n;
	}
	*reply_len = coalition__v1__reply__pack(&r, w->buf);
	*reply = w->buf;
}

static const char *metadata_get(const Coalition__V1__Request *req, const char *key)
{
	for (size_t i = 0; i < req->n_metadata; i++)
		if (req->metadata[i]->key != NULL && strcmp(req->metadata[i]->key, key) == 0)
			return req->metadata[i]->value;
	return NULL;
}

void rpc_worker_handle(rpc_worker *w, const uint8_t *req, size_t len,
    uint64_t recv_mono_us, const uint8_t **reply, size_t *reply_len)
{
	rpc_server *srv = w->srv;
	rpc_call call = {.app = &srv->app, .srv = srv, .out = w->out, .offset = -1};
	ProtobufCBinaryData body = {0, NULL};
	const char *request_id = NULL;
	int mi = -1;
	char q[4 * LIMIT_QUOTE_BYTES + 8];

	atomic_fetch_add(&srv->in_flight, 1);
	arena_reset(w->in, (size_t)len * LIMIT_ARENA_FACTOR + LIMIT_ARENA_BASE_BYTES);
	arena_reset(w->out, 0);
	ProtobufCAllocator *ia = arena_allocator(w->in);
	Coalition__V1__Request *env = coalition__v1__request__unpack(ia, len, req);
	if (env == NULL) {
		if (arena_is_exhausted(w->in))
			rpc__fail(&call, STATUS_RESOURCE_EXHAUSTED, "", -1,
			    "request envelope of %zu bytes needs more than %zu bytes to decode",
			    len, (size_t)len * LIMIT_ARENA_FACTOR + LIMIT_ARENA_BASE_BYTES);
		else
			rpc__fail(&call, STATUS_INVALID_ARGUMENT, "", -1,
			    "request (%zu bytes) is not a valid coalition.v1.Request envelope", len);
		goto done;
	}
	request_id = metadata_get(env, "x-request-id");
	mi = method_find(env->method);
	if (mi < 0) {
		rpc__quote(env->method, strlen(env->method), q, sizeof q);
		rpc__fail(&call, STATUS_UNIMPLEMENTED, "method", -1,
		    "unknown method '%s' (expected %s<Method>; see ListMethods)", q, RPC_PATH_PREFIX);
		goto done;
	}
	const rpc_method *m = &rpc__methods[mi];
	const ProtobufCMethodDescriptor *md = &rpc__service->methods[mi];

	/* Health keeps answering while draining: it is how orchestrators see it.
	 * A request received before the drain began is finished, even if
	 * decoding it took until after (see test_net_sigterm_finishes_in_flight). */
	uint64_t drain_since = atomic_load(&srv->drain_since_us);
	if (drain_since != 0 && recv_mono_us >= drain_since && strcmp(m->name, "Health") != 0) {
		rpc__fail(&call, STATUS_UNAVAILABLE, "", -1, "server is shutting down");
		goto done;
	}
	if (env->body.len > m->max_request_bytes) {
		rpc__fail(&call, STATUS_RESOURCE_EXHAUSTED, "body", (int64_t)m->max_request_bytes,
		    "request body is %zu bytes; %s accepts at most %u", env->body.len, m->name,
		    m->max_request_bytes);
		goto done;
	}
	uint64_t timeout_ms = env->timeout_ms ? env->timeout_ms : m->default_timeout_ms;
	if (timeout_ms > LIMIT_TIMEOUT_MAX_MS)
		timeout_ms = LIMIT_TIMEOUT_MAX_MS;
	call.deadline_mono_us = recv_mono_us + timeout_ms * 1000u;
	if (env->deadline_unix_ms != 0) {
		uint64_t now_wall = clock_wall_ms();
		if (env->deadline_unix_ms <= now_wall) {
			rpc__fail(&call, STATUS_DEADLINE_EXCEEDED, "deadline_unix_ms", -1,
			    "deadline passed %llu ms before the request was handled",
			    (unsigned long long)(now_wall - env->deadline_unix_ms));
			goto done;
		}
		uint64_t abs_us = clock_mono_us() + (env->deadline_unix_ms - now_wall) * 1000u;
		if (abs_us < call.deadline_mono_us)
			call.deadline_mono_us = abs_us;
	}
	if (rpc__deadline_passed(&call)) {
		rpc__fail(&call, STATUS_DEADLINE_EXCEEDED, "", -1,
		    "deadline of %llu ms passed while the request was queued",
		    (unsigned long long)timeout_ms);
		goto done;
	}
	ProtobufCMessage *in = protobuf_c_message_unpack(md->input, ia, env->body.len, env->body.data);
	if (in == NULL) {
		if (arena_is_exhausted(w->in))
			rpc__fail(&call, STATUS_RESOURCE_EXHAUSTED, "body", -1,
			    "body of %zu bytes needs more memory to decode than a request may use",
			    env->body.len);
		else
			rpc__fail(&call, STATUS_INVALID_ARGUMENT, "body", -1,
			    "body (%zu bytes) is not a valid %s", env->body.len, md->input->name);
		goto done;
	}
	ProtobufCMessage *out = NULL;
	call.code = STATUS_OK;
	int rc = m->handler(&call, in, &out);
	if (rc != STATUS_OK)
		goto done;
	if (out == NULL) {
		rpc__fail(&call, STATUS_INTERNAL, "", -1, "%s produced no response", m->name);
		log_error("rpc: handler %s returned OK without a response", m->name);
		goto done;
	}
	if (rpc__deadline_passed(&call)) {
		rpc__fail(&call, STATUS_DEADLINE_EXCEEDED, "", -1,
		    "%s did not finish within its deadline of %llu ms", m->name,
		    (unsigned long long)timeout_ms);
		goto done;
	}
	size_t n = protobuf_c_message_get_packed_size(out);
	if (n > LIMIT_REPLY_MAX_BYTES - 4096) {
		rpc__fail(&call, STATUS_RESOURCE_EXHAUSTED, "", -1,
		    "reply would be %zu bytes, more than the limit of %u; ask for less (page_size)",
		    n, LIMIT_REPLY_MAX_BYTES - 4096);
		goto done;
	}
	body.data = arena_alloc(w->out, n);
	if (body.data == NULL) {
		rpc__fail(&call, STATUS_RESOURCE_EXHAUSTED, "", -1, "out of memory for a %zu-byte reply", n);
		goto done;
	}
	body.len = protobuf_c_message_pack(out, body.data);

done:;
	uint64_t took = clock_mono_us() - recv_mono_us;
	if (mi >= 0) {
		rpc_method_stats *st = &srv->stats[mi];
		atomic_fetch_add(&st->calls, 1);
		atomic_fetch_add(&st->total_us, took);
		if (call.code != STATUS_OK)
			atomic_fetch_add(&st->failures, 1);
	}
	if (call.code != STATUS_OK)
		log_info("rpc: %s -> %s: %s (%llu us)", mi >= 0 ? rpc__methods[mi].name : "?",
		    status_str(call.code), call.message, (unsigned long long)took);
	else
		log_debug("rpc: %s -> OK (%llu us)", rpc__methods[mi].name, (unsigned long long)took);
	reply_pack(w, &call, body, request_id, reply, reply_len);
	atomic_fetch_sub(&srv->in_flight, 1);
	/* Nothing unpacked survives the request: the arena holds it all. */
}
