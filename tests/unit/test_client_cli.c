/* test_client_cli.c: the `coalition` binary as a user runs it, against a fake
 * REP server in this process (so it needs no coalitiond): exit codes 0/1/2,
 * health's exit status for docker, paging in `docs`, error lines, usage
 * errors with where the JSON went wrong, and a refused connection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>

#include "client.h"
#include "coalition/v1/fact_service.pb-c.h"

#ifndef COALITION_CLI_PATH
#error "COALITION_CLI_PATH is set by tests/CMakeLists.txt when the coalition target exists"
#endif

/* ---- fake server ------------------------------------------------------- */

typedef struct fake {
  nng_socket sock;
  int port;
  pthread_t thread;
  volatile int health; /* ServingStatus to answer */
} fake;

static fake srv;

static void reply_with(Coalition__V1__Reply *r, const ProtobufCMessage *body, uint8_t **buf)
{
  size_t n = protobuf_c_message_get_packed_size(body);
  *buf = malloc(n + 1);
  protobuf_c_message_pack(body, *buf);
  r->body.data = *buf;
  r->body.len = n;
}

/* Health, a two-page ListDocuments, NOT_FOUND for GetDocument, and
 * UNIMPLEMENTED for the rest. */
static nng_msg *answer(Coalition__V1__Request *req)
{
  Coalition__V1__Reply r = COALITION__V1__REPLY__INIT;
  Coalition__V1__Status st = COALITION__V1__STATUS__INIT;
  Coalition__V1__ErrorDetail det = COALITION__V1__ERROR_DETAIL__INIT;
  Coalition__V1__ErrorDetail *dets[] = {&det};
  uint8_t *buf = NULL;
  const char *m = req != NULL ? req->method : "";
  r.status = &st;
  if (strcmp(m, "/coalition.v1.FactService/Health") == 0) {
    Coalition__V1__HealthResponse h = COALITION__V1__HEALTH_RESPONSE__INIT;
    h.status = srv.health;
    reply_with(&r, &h.base, &buf);
  } else if (strcmp(m, "/coalition.v1.FactService/ListDocuments") == 0) {
    Coalition__V1__ListDocumentsRequest *lr = coalition__v1__list_documents_request__unpack(NULL, req->body.len, req->body.data);
    Coalition__V1__ListDocumentsResponse l = COALITION__V1__LIST_DOCUMENTS_RESPONSE__INIT;
    Coalition__V1__Document d = COALITION__V1__DOCUMENT__INIT;
    Coalition__V1__Document *ds[] = {&d};
    bool is_second = lr != NULL && strcmp(lr->page_token, "p2") == 0;
    d.id = is_second ? "doc-b" : "doc-a";
    /* 60 code points of Arabic: the table must cut it by code points. */
    d.title = is_second ? "\xd8\xa8" : "\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7"
                                       "\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7"
                                       "\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7"
                                       "\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7"
                                       "\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7"
                                       "\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xa7";
    d.published = "2016-07-20";
    d.published_source = COALITION__V1__DATE_SOURCE__DATE_SOURCE_MANIFEST;
    l.n_documents = 1;
    l.documents = ds;
    l.next_page_token = is_second ? "" : "p2";
    l.total_size = 2;
    reply_with(&r, &l.base, &buf);
    if (lr != NULL) {
      protobuf_c_message_free_unpacked(&lr->base, NULL);
    }
  } else if (strcmp(m, "/coalition.v1.FactService/GetDocument") == 0) {
    st.code = CLIENT_STATUS_NOT_FOUND;
    st.message = "document 'x' not found";
    det.field = "body.id";
    det.byte_offset = -1;
    det.reason = "no such document";
    st.n_details = 1;
    st.details = dets;
  } else {
    st.code = CLIENT_STATUS_UNIMPLEMENTED;
    st.message = "unknown method";
  }
  nng_msg *out;
  assert_int_equal(nng_msg_alloc(&out, coalition__v1__reply__get_packed_size(&r)), 0);
  coalition__v1__reply__pack(&r, nng_msg_body(out));
  free(buf);
  return out;
}

static void *serve(void *arg)
{
  (void)arg;
  for (;;) {
    nng_msg *msg;
    if (nng_recvmsg(srv.sock, &msg, 0) != 0) {
      return NULL;
    }
    Coalition__V1__Request *req = coalition__v1__request__unpack(NULL, nng_msg_len(msg), nng_msg_body(msg));
    nng_msg *out = answer(req);
    if (req != NULL) {
      protobuf_c_message_free_unpacked(&req->base, NULL);
    }
    nng_msg_free(msg);
    if (nng_sendmsg(srv.sock, out, 0) != 0) {
      nng_msg_free(out);
    }
  }
}

static int setup(void **state)
{
  (void)state;
  nng_listener l;
  if (nng_rep0_open(&srv.sock) != 0 || nng_listen(srv.sock, "tcp://127.0.0.1:0", &l, 0) != 0 ||
      nng_listener_get_int(l, NNG_OPT_TCP_BOUND_PORT, &srv.port) != 0) {
    return -1;
  }
  srv.health = COALITION__V1__HEALTH_RESPONSE__SERVING_STATUS__SERVING_STATUS_SERVING;
  return pthread_create(&srv.thread, NULL, serve, NULL);
}

static int teardown(void **state)
{
  (void)state;
  nng_close(srv.sock);
  pthread_join(srv.thread, NULL);
  return 0;
}

/* ---- running the CLI --------------------------------------------------- */

typedef struct run {
  int status;
  char out[8192];
  char err[4096];
} run;

static void slurp(const char *path, char *buf, size_t n)
{
  FILE *f = fopen(path, "rb");
  size_t len = f != NULL ? fread(buf, 1, n - 1, f) : 0;
  buf[len] = '\0';
  if (f != NULL) {
    fclose(f);
  }
}

/* Runs `coalition ARGS` with COALITION_ADDR pointing at the fake (stdin from
 * stdin_text, or /dev/null). */
static void cli(run *r, const char *stdin_text, const char *args)
{
  char dir[] = "/tmp/test_client_cli.XXXXXX";
  assert_non_null(mkdtemp(dir));
  char in[64], out[64], err[64], cmd[2048];
  snprintf(in, sizeof in, "%s/in", dir);
  snprintf(out, sizeof out, "%s/out", dir);
  snprintf(err, sizeof err, "%s/err", dir);
  FILE *f = fopen(in, "w");
  assert_non_null(f);
  fputs(stdin_text != NULL ? stdin_text : "", f);
  fclose(f);
  snprintf(cmd, sizeof cmd, "COALITION_ADDR=tcp://127.0.0.1:%d %s %s <%s >%s 2>%s", srv.port, COALITION_CLI_PATH,
           args, in, out, err);
  int st = system(cmd);
  assert_true(WIFEXITED(st));
  r->status = WEXITSTATUS(st);
  slurp(out, r->out, sizeof r->out);
  slurp(err, r->err, sizeof r->err);
  unlink(in);
  unlink(out);
  unlink(err);
  rmdir(dir);
}

#define assert_contains(hay, needle)                                                                               \
  do {                                                                                                             \
    if (strstr((hay), (needle)) == NULL) {                                                                         \
      fail_msg("'%s' not in:\n%s", (needle), (hay));                                                               \
    }                                                                                                              \
  } while (0)

/* ---- tests --------------------------------------------------------------- */

static void test_client_cli_health_exit_status(void **state)
{
  (void)state;
  run r;
  cli(&r, NULL, "health");
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "SERVING\n");
  srv.health = COALITION__V1__HEALTH_RESPONSE__SERVING_STATUS__SERVING_STATUS_NOT_SERVING;
  cli(&r, NULL, "health");
  assert_int_equal(r.status, 1); /* docker healthcheck: unhealthy */
  assert_string_equal(r.out, "NOT_SERVING\n");
  cli(&r, NULL, "--json health");
  assert_int_equal(r.status, 1);
  assert_contains(r.out, "\"status\": \"SERVING_STATUS_NOT_SERVING\"");
  srv.health = COALITION__V1__HEALTH_RESPONSE__SERVING_STATUS__SERVING_STATUS_SERVING;
}

static void test_client_cli_docs_follows_pages(void **state)
{
  (void)state;
  run r;
  cli(&r, NULL, "docs --page-size 1");
  assert_int_equal(r.status, 0);
  assert_contains(r.out, "doc-a");
  assert_contains(r.out, "doc-b");
  assert_contains(r.out, "2 documents");
  assert_contains(r.out, "manifest");
  /* The 60-letter title is cut at 47 letters plus U+2026, never mid-letter. */
  assert_contains(r.out, "\xd8\xa7\xd8\xa7\xe2\x80\xa6\n");
  cli(&r, NULL, "--json docs");
  assert_int_equal(r.status, 0);
  assert_contains(r.out, "\"id\": \"doc-a\"");
  assert_contains(r.out, "\"id\": \"doc-b\"");
  assert_contains(r.out, "\"totalSize\": 2");
}

static void test_client_cli_not_found(void **state)
{
  (void)state;
  run r;
  cli(&r, NULL, "doc x");
  assert_int_equal(r.status, 1);
  assert_string_equal(r.err, "error: NOT_FOUND: document 'x' not found\n  body.id: no such document\n");
  cli(&r, NULL, "call /coalition.v1.FactService/Nope");
  assert_int_equal(r.status, 1);
  assert_contains(r.err, "error: UNIMPLEMENTED: unknown method");
}

static void test_client_cli_call(void **state)
{
  (void)state;
  run r;
  cli(&r, "{\"pageSize\": 1, \"pageToken\": \"p2\"}", "call ListDocuments -");
  assert_int_equal(r.status, 0);
  assert_contains(r.out, "\"id\": \"doc-b\"");
  cli(&r, NULL, "call /coalition.v1.FactService/Health '{}'");
  assert_int_equal(r.status, 0);
  assert_contains(r.out, "SERVING_STATUS_SERVING");
}

static void test_client_cli_usage_errors(void **state)
{
  (void)state;
  run r;
  cli(&r, NULL, "frobnicate");
  assert_int_equal(r.status, 2);
  assert_contains(r.err, "unknown command 'frobnicate'");
  cli(&r, NULL, "--frob health");
  assert_int_equal(r.status, 2);
  cli(&r, NULL, "--timeout 0 health");
  assert_int_equal(r.status, 2);
  cli(&r, NULL, "docs --page-size x");
  assert_int_equal(r.status, 2);
  cli(&r, NULL, "");
  assert_int_equal(r.status, 2);
  cli(&r, NULL, "call ListDocuments '{\"pageSize\": 1,}'");
  assert_int_equal(r.status, 2);
  assert_contains(r.err, "bad JSON body: line 1, column 16");
  cli(&r, NULL, "call ListDocuments '{\"pageSize\": \"x\"}'");
  assert_int_equal(r.status, 2);
  assert_contains(r.err, "body.pageSize: expected an integer");
  cli(&r, NULL, "call NoSuchMethod");
  assert_int_equal(r.status, 2);
  cli(&r, NULL, "extract --published 2016-7-1 -");
  assert_int_equal(r.status, 2);
  cli(&r, NULL, "extract /nonexistent/file");
  assert_int_equal(r.status, 2);
  assert_contains(r.err, "cannot open /nonexistent/file");
}

static void test_client_cli_help_and_version(void **state)
{
  (void)state;
  run r;
  cli(&r, NULL, "--help");
  assert_int_equal(r.status, 0);
  assert_contains(r.out, "Examples:");
  assert_contains(r.out, "COALITION_ADDR");
  cli(&r, NULL, "help");
  assert_int_equal(r.status, 0);
  cli(&r, NULL, "--version");
  assert_int_equal(r.status, 0);
  assert_contains(r.out, "coalition ");
}

static void test_client_cli_connection_refused(void **state)
{
  (void)state;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof sa;
  assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
  assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
  close(fd);
  run r;
  char args[128];
  snprintf(args, sizeof args, "--addr tcp://127.0.0.1:%d stats", ntohs(sa.sin_port));
  cli(&r, NULL, args);
  assert_int_equal(r.status, 1);
  assert_contains(r.err, "Connection refused");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_client_cli_health_exit_status),
      cmocka_unit_test(test_client_cli_docs_follows_pages),
      cmocka_unit_test(test_client_cli_not_found),
      cmocka_unit_test(test_client_cli_call),
      cmocka_unit_test(test_client_cli_usage_errors),
      cmocka_unit_test(test_client_cli_help_and_version),
      cmocka_unit_test(test_client_cli_connection_refused),
  };
  int rv = cmocka_run_group_tests_name("client_cli", tests, setup, teardown);
  nng_fini();
  return rv;
}
