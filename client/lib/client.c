/* client.c: the call path of the coalition client: one REQ socket per client,
 * one nng context per call, a Request envelope out and a Reply back. Also the
 * gRPC status name table and the method lookup. JSON lives in client_json.c. */
#include "client.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/util/platform.h>

#include "coalition/v1/fact_service.pb-c.h"
#include "coalition_limits.h"

/* ---- status names ---------------------------------------------------- */

static const char *const status_names[] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};
#define N_STATUS ((int32_t)(sizeof status_names / sizeof status_names[0]))

const char *client_status_name(int32_t code)
{
  return code >= 0 && code < N_STATUS ? status_names[code] : NULL;
}

int32_t client_status_from_name(const char *name)
{
  for (int32_t i = 0; name != NULL && i < N_STATUS; i++) {
    if (strcasecmp(name, status_names[i]) == 0) {
      return i;
    }
  }
  return -1;
}

/* ---- methods ----------------------------------------------------------- */

const ProtobufCServiceDescriptor *client_service(void)
{
  return &coalition__v1__fact_service__descriptor;
}

const ProtobufCMethodDescriptor *client_method_find(const char *name)
{
  const ProtobufCServiceDescriptor *svc = client_service();
  if (name == NULL) {
    return NULL;
  }
  const char *slash = strrchr(name, '/');
  if (slash != NULL) {
    /* Full name: "/<service>/<method>", and the service must be ours. */
    size_t svc_len = strlen(svc->name);
    if (name[0] != '/' || (size_t)(slash - name - 1) != svc_len ||
        strncmp(name + 1, svc->name, svc_len) != 0) {
      return NULL;
    }
    name = slash + 1;
  }
  return protobuf_c_service_descriptor_get_method_by_name(svc, name);
}

char *client_method_full_name(const ProtobufCMethodDescriptor *method, char *buf, size_t buf_len)
{
  if (buf_len > 0) {
    snprintf(buf, buf_len, "/%s/%s", client_service()->name, method->name);
  }
  return buf;
}

/* ---- connection -------------------------------------------------------- */

struct client {
  nng_socket sock;
  char *url;
  uint32_t timeout_ms;
};

/* After the first connection, back off from 100 ms to 2 s between
 * reconnects, so a restarted server is found quickly without a busy loop. */
#define CLIENT_RECONNECT_MIN_MS 100
#define CLIENT_RECONNECT_MAX_MS 2000

static void set_err(char *err, size_t err_len, const char *fmt, ...)
{
  if (err == NULL || err_len == 0) {
    return;
  }
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, err_len, fmt, ap);
  va_end(ap);
}

/* The first dial runs synchronously (flags 0) so that "Connection refused"
 * comes back from client_create rather than as a call timeout later. But a
 * synchronous dial to a peer that accepts TCP and never finishes the SP
 * handshake (a stopped server, a wrong port) waits for nng's own 10 s
 * negotiation timeout; so it runs on a helper thread, and past timeout_ms we
 * close the socket, which aborts it. */
typedef struct dial_job {
  nng_dialer d;
  nng_mtx *mtx;
  nng_cv *cv;
  int rv;
  bool is_done;
} dial_job;

static void dial_run(void *arg)
{
  dial_job *j = arg;
  int rv = nng_dialer_start(j->d, 0);
  nng_mtx_lock(j->mtx);
  j->rv = rv;
  j->is_done = true;
  nng_cv_wake(j->cv);
  nng_mtx_unlock(j->mtx);
}

static int dial_within(nng_socket sock, nng_dialer d, uint32_t timeout_ms, bool *is_open)
{
  dial_job j = {.d = d};
  nng_thread *thr = NULL;
  int rv;
  if ((rv = nng_mtx_alloc(&j.mtx)) != 0 || (rv = nng_cv_alloc(&j.cv, j.mtx)) != 0 ||
      (rv = nng_thread_create(&thr, dial_run, &j)) != 0) {
    goto done;
  }
  nng_time deadline = nng_clock() + timeout_ms;
  nng_mtx_lock(j.mtx);
  while (!j.is_done && nng_cv_until(j.cv, deadline) != NNG_ETIMEDOUT) {
  }
  bool is_done = j.is_done;
  rv = j.rv;
  nng_mtx_unlock(j.mtx);
  if (!is_done) {
    nng_close(sock);
    *is_open = false;
    rv = NNG_ETIMEDOUT;
  }
  nng_thread_destroy(thr); /* joins; the close above ends a pending dial */
done:
  if (j.cv != NULL) {
    nng_cv_free(j.cv);
  }
  if (j.mtx != NULL) {
    nng_mtx_free(j.mtx);
  }
  return rv;
}

int client_create_opts(client **out, const client_options *opts, char *err, size_t err_len)
{
  client *c = calloc(1, sizeof *c);
  nng_dialer d;
  int rv = NNG_ENOMEM;
  bool is_open = false;

  if (c == NULL || opts->url == NULL || (c->url = strdup(opts->url)) == NULL) {
    set_err(err, err_len, "out of memory");
    goto fail;
  }
  c->timeout_ms = opts->timeout_ms ? opts->timeout_ms : CLIENT_TIMEOUT_DEFAULT_MS;
  if ((rv = nng_req0_open(&c->sock)) != 0) {
    set_err(err, err_len, "cannot open socket: %s", nng_strerror(rv));
    goto fail;
  }
  is_open = true;
  /* RELIABILITY.md 2.1/2.2: cap what a reply may claim, and never resend: with
   * the default 60 s resend an oversize or dropped request loops
   * reconnect+resend and the caller only ever sees a timeout; infinite resend
   * gives NNG_ECONNRESET at once. The resend time must be set before any
   * context is opened, since contexts copy it. */
  if ((rv = nng_socket_set_size(c->sock, NNG_OPT_RECVMAXSZ, LIMIT_RECV_MAX_BYTES)) != 0 ||
      (rv = nng_socket_set_ms(c->sock, NNG_OPT_REQ_RESENDTIME, NNG_DURATION_INFINITE)) != 0 ||
      (rv = nng_socket_set_ms(c->sock, NNG_OPT_SENDTIMEO, (nng_duration)c->timeout_ms)) != 0 ||
      (rv = nng_socket_set_ms(c->sock, NNG_OPT_RECVTIMEO, (nng_duration)c->timeout_ms)) != 0 ||
      (rv = nng_socket_set_ms(c->sock, NNG_OPT_RECONNMINT, CLIENT_RECONNECT_MIN_MS)) != 0 ||
      (rv = nng_socket_set_ms(c->sock, NNG_OPT_RECONNMAXT, CLIENT_RECONNECT_MAX_MS)) != 0) {
    set_err(err, err_len, "cannot configure socket: %s", nng_strerror(rv));
    goto fail;
  }
  if ((rv = nng_dialer_create(&d, c->sock, c->url)) != 0) {
    set_err(err, err_len, "cannot connect to %s: %s", c->url, nng_strerror(rv));
    goto fail;
  }
  if (strncmp(c->url, "tls+", 4) == 0) {
    if (opts->tls_ca_file != NULL &&
        (rv = nng_dialer_set_string(d, NNG_OPT_TLS_CA_FILE, opts->tls_ca_file)) != 0) {
      set_err(err, err_len, "cannot load TLS CA file %s: %s", opts->tls_ca_file, nng_strerror(rv));
      goto fail;
    }
    if (opts->tls_server_name != NULL &&
        (rv = nng_dialer_set_string(d, NNG_OPT_TLS_SERVER_NAME, opts->tls_server_name)) != 0) {
      set_err(err, err_len, "cannot set TLS server name: %s", nng_strerror(rv));
      goto fail;
    }
  }
  if ((rv = dial_within(c->sock, d, c->timeout_ms, &is_open)) != 0) {
    if (rv == NNG_ETIMEDOUT) {
      set_err(err, err_len, "cannot connect to %s: no answer within %u ms", c->url, c->timeout_ms);
    } else {
      set_err(err, err_len, "cannot connect to %s: %s", c->url, nng_strerror(rv));
    }
    goto fail;
  }
  *out = c;
  return 0;

fail:
  if (is_open) {
    nng_close(c->sock);
  }
  if (c != NULL) {
    free(c->url);
    free(c);
  }
  return rv ? rv : NNG_ENOMEM;
}

int client_create(client **out, const char *url, uint32_t timeout_ms, char *err, size_t err_len)
{
  client_options o = {.url = url, .timeout_ms = timeout_ms};
  return client_create_opts(out, &o, err, err_len);
}

void client_destroy(client *c)
{
  if (c == NULL) {
    return;
  }
  nng_close(c->sock);
  free(c->url);
  free(c);
}

const char *client_url(const client *c)
{
  return c->url;
}

uint32_t client_timeout_ms(const client *c)
{
  return c->timeout_ms;
}

/* ---- calls ------------------------------------------------------------- */

struct client_result {
  client_err err;
  int32_t code;
  char *message; /* malloc'd; for a transport error, our own text */
  Coalition__V1__Reply *reply; /* default allocator, or NULL */
};

static client_result *result_error(client_err e, int32_t code, const char *fmt, ...)
{
  client_result *r = calloc(1, sizeof *r);
  if (r == NULL) {
    return NULL;
  }
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  r->err = e;
  r->code = code;
  r->message = strdup(buf);
  if (r->message == NULL) {
    free(r);
    return NULL;
  }
  return r;
}

/* Maps an nng failure of send or recv to a result; what tells the two apart
 * in the message. */
static client_result *result_nng(const client *c, int rv, const char *what, uint32_t timeout_ms)
{
  switch (rv) {
  case NNG_ETIMEDOUT:
    if (strcmp(what, "send") == 0) {
      return result_error(CLIENT_ETIMEDOUT, CLIENT_STATUS_DEADLINE_EXCEEDED,
                          "could not send to %s within %u ms (server unreachable)", c->url, timeout_ms);
    }
    return result_error(CLIENT_ETIMEDOUT, CLIENT_STATUS_DEADLINE_EXCEEDED,
                        "no reply from %s within %u ms", c->url, timeout_ms);
  case NNG_ECONNRESET:
  case NNG_ECONNSHUT:
  case NNG_ECONNABORTED:
    /* Also what a reply above LIMIT_RECV_MAX_BYTES or a request above the
     * server's cap looks like: nng drops the pipe. */
    return result_error(CLIENT_ECONNRESET, CLIENT_STATUS_UNAVAILABLE,
                        "connection reset by server %s (server stopped, or the request or reply was too large)",
                        c->url);
  case NNG_ECLOSED:
    return result_error(CLIENT_ECLOSED, CLIENT_STATUS_CANCELLED, "client closed");
  default:
    return result_error(CLIENT_ETRANSPORT, CLIENT_STATUS_UNAVAILABLE, "%s to %s failed: %s", what, c->url,
                        nng_strerror(rv));
  }
}

/* Milliseconds left until deadline_ms (nng_clock), at least 1 so that nng
 * does not treat 0 as "poll". */
static nng_duration remaining_ms(nng_time deadline_ms)
{
  nng_time now = nng_clock();
  return now >= deadline_ms ? 1 : (nng_duration)(deadline_ms - now);
}

client_result *client_call_raw(client *c, const char *method, const void *body, size_t body_len,
                               const client_metadata *md, size_t n_md, uint32_t timeout_ms)
{
  Coalition__V1__Request req = COALITION__V1__REQUEST__INIT;
  Coalition__V1__Request__MetadataEntry *entries = NULL;
  Coalition__V1__Request__MetadataEntry **entry_ptrs = NULL;
  client_result *r = NULL;
  nng_msg *msg = NULL;
  nng_aio *aio = NULL;
  nng_ctx ctx;
  bool has_ctx = false;
  int rv;

  if (timeout_ms == 0) {
    timeout_ms = c->timeout_ms;
  }
  nng_time deadline = nng_clock() + timeout_ms;
  if (method == NULL || (body == NULL && body_len > 0)) {
    return result_error(CLIENT_EINVAL, CLIENT_STATUS_INVALID_ARGUMENT, "no method given");
  }

  req.method = (char *)method;
  req.body.data = (uint8_t *)body;
  req.body.len = body_len;
  req.timeout_ms = timeout_ms;
  if (n_md > 0) {
    entries = calloc(n_md, sizeof *entries);
    entry_ptrs = calloc(n_md, sizeof *entry_ptrs);
    if (entries == NULL || entry_ptrs == NULL) {
      r = result_error(CLIENT_EINVAL, CLIENT_STATUS_RESOURCE_EXHAUSTED, "out of memory");
      goto done;
    }
    for (size_t i = 0; i < n_md; i++) {
      coalition__v1__request__metadata_entry__init(&entries[i]);
      entries[i].key = (char *)md[i].key;
      entries[i].value = (char *)md[i].value;
      entry_ptrs[i] = &entries[i];
    }
    req.n_metadata = n_md;
    req.metadata = entry_ptrs;
  }

  size_t len = coalition__v1__request__get_packed_size(&req);
  if ((rv = nng_msg_alloc(&msg, len)) != 0) {
    r = result_error(CLIENT_EINVAL, CLIENT_STATUS_RESOURCE_EXHAUSTED, "cannot allocate %zu bytes: %s", len,
                     nng_strerror(rv));
    goto done;
  }
  coalition__v1__request__pack(&req, nng_msg_body(msg));

  if ((rv = nng_aio_alloc(&aio, NULL, NULL)) != 0 || (rv = nng_ctx_open(&ctx, c->sock)) != 0) {
    r = result_nng(c, rv, "send", timeout_ms);
    goto done;
  }
  has_ctx = true;

  /* One deadline for the whole call: send waits for a connected pipe, recv
   * for the reply, and both share what is left. */
  nng_aio_set_msg(aio, msg);
  nng_aio_set_timeout(aio, remaining_ms(deadline));
  nng_ctx_send(ctx, aio);
  nng_aio_wait(aio);
  if ((rv = nng_aio_result(aio)) != 0) {
    /* A failed send leaves the message with us (STYLE.md 5). */
    msg = nng_aio_get_msg(aio);
    r = result_nng(c, rv, "send", timeout_ms);
    goto done;
  }
  msg = NULL;

  nng_aio_set_timeout(aio, remaining_ms(deadline));
  nng_ctx_recv(ctx, aio);
  nng_aio_wait(aio);
  if ((rv = nng_aio_result(aio)) != 0) {
    r = result_nng(c, rv, "recv", timeout_ms);
    goto done;
  }
  msg = nng_aio_get_msg(aio);

  Coalition__V1__Reply *reply = coalition__v1__reply__unpack(NULL, nng_msg_len(msg), nng_msg_body(msg));
  if (reply == NULL) {
    r = result_error(CLIENT_EBADREPLY, CLIENT_STATUS_INTERNAL,
                     "cannot decode the reply from %s (%zu bytes): not a coalition.v1.Reply", c->url,
                     nng_msg_len(msg));
    goto done;
  }
  r = calloc(1, sizeof *r);
  if (r == NULL) {
    protobuf_c_message_free_unpacked(&reply->base, NULL);
    goto done;
  }
  r->err = CLIENT_EOK;
  r->reply = reply;
  r->code = reply->status != NULL ? reply->status->code : CLIENT_STATUS_OK;
  r->message = strdup(reply->status != NULL ? reply->status->message : "");

done:
  if (has_ctx) {
    nng_ctx_close(ctx);
  }
  nng_aio_free(aio);
  nng_msg_free(msg);
  free(entries);
  free(entry_ptrs);
  return r;
}

client_result *client_call(client *c, const char *method, const ProtobufCMessage *req,
                           const client_metadata *md, size_t n_md, uint32_t timeout_ms)
{
  if (req == NULL) {
    return client_call_raw(c, method, NULL, 0, md, n_md, timeout_ms);
  }
  size_t len = protobuf_c_message_get_packed_size(req);
  uint8_t *buf = malloc(len ? len : 1);
  if (buf == NULL) {
    return result_error(CLIENT_EINVAL, CLIENT_STATUS_RESOURCE_EXHAUSTED, "out of memory");
  }
  protobuf_c_message_pack(req, buf);
  client_result *r = client_call_raw(c, method, buf, len, md, n_md, timeout_ms);
  free(buf);
  return r;
}

void client_result_destroy(client_result *r)
{
  if (r == NULL) {
    return;
  }
  if (r->reply != NULL) {
    protobuf_c_message_free_unpacked(&r->reply->base, NULL);
  }
  free(r->message);
  free(r);
}

client_err client_result_err(const client_result *r)
{
  return r->err;
}

int32_t client_result_code(const client_result *r)
{
  return r->code;
}

const char *client_result_message(const client_result *r)
{
  return r->message != NULL ? r->message : "";
}

const Coalition__V1__Reply *client_result_reply(const client_result *r)
{
  return r->reply;
}

const uint8_t *client_result_body(const client_result *r, size_t *len)
{
  if (r->reply == NULL || r->reply->body.len == 0) {
    *len = 0;
    return NULL;
  }
  *len = r->reply->body.len;
  return r->reply->body.data;
}

ProtobufCMessage *client_result_unpack(const client_result *r, const ProtobufCMessageDescriptor *desc,
                                       char *err, size_t err_len)
{
  if (r->err != CLIENT_EOK || r->code != CLIENT_STATUS_OK) {
    set_err(err, err_len, "no response body: the call failed");
    return NULL;
  }
  size_t len;
  const uint8_t *body = client_result_body(r, &len);
  static const uint8_t empty[1];
  ProtobufCMessage *m = protobuf_c_message_unpack(desc, NULL, len, body != NULL ? body : empty);
  if (m == NULL) {
    set_err(err, err_len, "cannot decode the response body (%zu bytes) as %s", len, desc->name);
  }
  return m;
}

char *client_result_describe(const client_result *r, char *buf, size_t buf_len)
{
  if (buf_len == 0) {
    return buf;
  }
  const char *name = client_status_name(r->code);
  int n = name != NULL ? snprintf(buf, buf_len, "%s: %s", name, client_result_message(r))
                       : snprintf(buf, buf_len, "status %d: %s", (int)r->code, client_result_message(r));
  const Coalition__V1__Status *st = r->reply != NULL ? r->reply->status : NULL;
  for (size_t i = 0; st != NULL && i < st->n_details && n >= 0 && (size_t)n < buf_len; i++) {
    const Coalition__V1__ErrorDetail *d = st->details[i];
    int m;
    if (strcmp(d->reason, client_result_message(r)) == 0) {
      /* Servers often repeat the message as the reason: show only where. */
      m = d->byte_offset >= 0 ? snprintf(buf + n, buf_len - (size_t)n, "\n  at %s, byte %lld",
                                         d->field[0] ? d->field : "(request)", (long long)d->byte_offset)
                              : snprintf(buf + n, buf_len - (size_t)n, "\n  at %s", d->field[0] ? d->field : "(request)");
    } else if (d->byte_offset >= 0) {
      m = snprintf(buf + n, buf_len - (size_t)n, "\n  %s: %s (byte %lld)", d->field[0] ? d->field : "(request)",
                   d->reason, (long long)d->byte_offset);
    } else {
      m = snprintf(buf + n, buf_len - (size_t)n, "\n  %s: %s", d->field[0] ? d->field : "(request)", d->reason);
    }
    if (m < 0) {
      break;
    }
    n += m;
  }
  return buf;
}
