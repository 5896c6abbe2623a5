/* main.c: the `coalition` command-line client. It parses arguments, calls one
 * FactService method (or pages through one) with the coalition_client
 * library, and prints a table or, with --json, the proto3 JSON of the reply.
 * Exit codes: 0 OK, 1 a failed call (non-OK status or transport error), 2 a
 * usage error. It holds no state between runs. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nng/nng.h>

#include "client.h"
#include "coalition/v1/fact_service.pb-c.h"
#include "coalition_limits.h"

#ifndef COALITION_VERSION
#define COALITION_VERSION "dev"
#endif

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

#define DEFAULT_ADDR "tcp://127.0.0.1:7700"
#define MAX_META 32
/* Largest file `extract` reads; the server's own cap is LIMIT_TEXT_MAX_BYTES,
 * and we let it answer for sizes in between so its message is the one seen. */
#define EXTRACT_READ_MAX_BYTES (4u * LIMIT_RECV_MAX_BYTES)
/* Display width of the title / text columns, in code points. */
#define TITLE_WIDTH 48
#define TEXT_WIDTH 40

typedef struct cli {
  const char *addr;
  uint32_t timeout_ms;
  bool is_json;
  const char *tls_ca_file;
  client_metadata md[MAX_META];
  size_t n_md;
  client *c; /* connected on first call */
} cli;

static const char *prog = "coalition";

static int usage_error(const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "%s: ", prog);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry '%s --help'.\n", prog);
  return EXIT_USAGE;
}

/* ---- text helpers -------------------------------------------------------- */

/* Decodes one UTF-8 code point at s (n bytes left); returns its length, or 1
 * with *cp = U+FFFD for a bad byte so that output never stalls. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  size_t len = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || len > n) {
    *cp = 0xFFFD;
    return 1;
  }
  uint32_t v = s[0] & (0x7F >> len);
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    v = (v << 6) | (s[i] & 0x3F);
  }
  *cp = v;
  return len;
}

/* Zero-width code points: combining marks (Arabic harakat U+064B..U+065F,
 * U+0670, Quranic marks) and format controls (ZWJ, bidi marks U+200E/U+200F,
 * U+061C, embeddings, isolates, BOM). They take no terminal column. */
static bool is_zero_width(uint32_t cp)
{
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0610 && cp <= 0x061A) || cp == 0x061C ||
         (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06DC) ||
         (cp >= 0x06DF && cp <= 0x06E4) || cp == 0x06E7 || cp == 0x06E8 || (cp >= 0x06EA && cp <= 0x06ED) ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0xFEFF;
}

/* Prints s cut to at most width columns (by code points, never inside a
 * UTF-8 sequence; "…" marks a cut), padded with spaces when is_padded.
 * Newlines and tabs become spaces so a row stays one line. */
static void print_cell(const char *s, size_t s_len, size_t width, bool is_padded)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t used = 0, i = 0;
  /* First pass: the width of the whole string, to know whether to cut. */
  size_t total = 0;
  for (size_t j = 0; j < s_len;) {
    uint32_t cp;
    j += utf8_next(p + j, s_len - j, &cp);
    total += is_zero_width(cp) ? 0 : 1;
  }
  size_t limit = total > width ? width - 1 : width;
  while (i < s_len) {
    uint32_t cp;
    size_t len = utf8_next(p + i, s_len - i, &cp);
    size_t w = is_zero_width(cp) ? 0 : 1;
    if (used + w > limit) {
      break;
    }
    if (cp == '\n' || cp == '\r' || cp == '\t') {
      putchar(' ');
    } else if (cp == 0xFFFD && len == 1) {
      fputs("\xEF\xBF\xBD", stdout);
    } else if (cp >= 0x20 && cp != 0x7F) {
      fwrite(p + i, 1, len, stdout);
    } else {
      putchar('?');
    }
    used += w;
    i += len;
  }
  if (total > width) {
    fputs("\xE2\x80\xA6", stdout); /* U+2026 */
    used++;
  }
  while (is_padded && used < width) {
    putchar(' ');
    used++;
  }
}

static size_t display_width(const char *s)
{
  size_t w = 0, n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    i += utf8_next((const unsigned char *)s + i, n - i, &cp);
    w += is_zero_width(cp) ? 0 : 1;
  }
  return w;
}

/* "DATE_SOURCE_MANIFEST" -> "manifest": enum name without its prefix, lower case. */
static const char *enum_word(const ProtobufCEnumDescriptor *ed, int value, const char *prefix, char *buf, size_t n)
{
  const ProtobufCEnumValue *ev = protobuf_c_enum_descriptor_get_value(ed, value);
  if (ev == NULL) {
    snprintf(buf, n, "%d", value);
    return buf;
  }
  const char *name = ev->name;
  size_t plen = strlen(prefix);
  if (strncmp(name, prefix, plen) == 0) {
    name += plen;
  }
  size_t i = 0;
  for (; name[i] != '\0' && i + 1 < n; i++) {
    buf[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] - 'A' + 'a') : name[i];
  }
  buf[i] = '\0';
  return buf;
}

static void print_json(const ProtobufCMessage *m)
{
  json_object *o = client_json_from_message(m);
  printf("%s\n", client_json_print(o));
  json_object_put(o);
}

/* Reads a whole file ("-" for stdin) up to max_bytes. Returns 0, or -1 with
 * a message on stderr. *out is malloc'd (NUL-terminated for convenience). */
static int read_file(const char *path, size_t max_bytes, char **out, size_t *out_len)
{
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "%s: cannot open %s: %s\n", prog, path, strerror(errno));
    return -1;
  }
  size_t cap = 64 * 1024, len = 0;
  char *buf = malloc(cap + 1);
  while (buf != NULL) {
    size_t n = fread(buf + len, 1, cap - len, f);
    len += n;
    if (n == 0) {
      break;
    }
    if (len == cap) {
      if (cap >= max_bytes) {
        fprintf(stderr, "%s: %s is larger than %zu bytes\n", prog, path, max_bytes);
        free(buf);
        buf = NULL;
        break;
      }
      cap *= 2;
      char *nb = realloc(buf, cap + 1);
      if (nb == NULL) {
        free(buf);
      }
      buf = nb;
    }
  }
  int rv = 0;
  if (buf == NULL) {
    rv = -1;
  } else if (ferror(f)) {
    fprintf(stderr, "%s: cannot read %s: %s\n", prog, path, strerror(errno));
    free(buf);
    rv = -1;
  } else {
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
  }
  if (f != stdin) {
    fclose(f);
  }
  return rv;
}

/* ---- calling ------------------------------------------------------------- */

static int cli_connect(cli *x)
{
  if (x->c != NULL) {
    return 0;
  }
  char err[512];
  client_options o = {.url = x->addr, .timeout_ms = x->timeout_ms, .tls_ca_file = x->tls_ca_file};
  if (client_create_opts(&x->c, &o, err, sizeof err) != 0) {
    fprintf(stderr, "error: %s\n", err);
    return -1;
  }
  return 0;
}

/* Calls method with req and unpacks the response into *resp. On failure
 * prints "error: CODE: message" (plus details) and returns EXIT_FAIL. */
static int cli_call(cli *x, const char *short_name, const ProtobufCMessage *req, ProtobufCMessage **resp)
{
  const ProtobufCMethodDescriptor *m = client_method_find(short_name);
  char full[128], buf[2048];
  if (cli_connect(x) != 0) {
    return EXIT_FAIL;
  }
  client_result *r = client_call(x->c, client_method_full_name(m, full, sizeof full), req, x->md, x->n_md, 0);
  if (r == NULL) {
    fprintf(stderr, "error: out of memory\n");
    return EXIT_FAIL;
  }
  if (client_result_err(r) != CLIENT_EOK || client_result_code(r) != CLIENT_STATUS_OK) {
    fprintf(stderr, "error: %s\n", client_result_describe(r, buf, sizeof buf));
    client_result_destroy(r);
    return EXIT_FAIL;
  }
  *resp = client_result_unpack(r, m->output, buf, sizeof buf);
  client_result_destroy(r);
  if (*resp == NULL) {
    fprintf(stderr, "error: %s\n", buf);
    return EXIT_FAIL;
  }
  return EXIT_OK;
}

/* cli_call, and in --json mode also prints the reply and frees it (*resp is
 * then NULL): what every command does before printing its own table. */
static int cli_fetch(cli *x, const char *short_name, const ProtobufCMessage *req, ProtobufCMessage **resp)
{
  int rv = cli_call(x, short_name, req, resp);
  if (rv == EXIT_OK && x->is_json) {
    print_json(*resp);
    protobuf_c_message_free_unpacked(*resp, NULL);
    *resp = NULL;
  }
  return rv;
}

/* ---- commands ------------------------------------------------------------ */

static int cmd_health(cli *x, int argc, char **argv)
{
  Coalition__V1__HealthRequest req = COALITION__V1__HEALTH_REQUEST__INIT;
  if (argc > 1) {
    return usage_error("health takes at most one argument (a service name)");
  }
  if (argc == 1 && argv[0][0] == '-') {
    return usage_error("health: unknown option '%s'", argv[0]);
  }
  if (argc == 1) {
    req.service = argv[0];
  }
  ProtobufCMessage *resp;
  int rv = cli_call(x, "Health", &req.base, &resp);
  if (rv != EXIT_OK) {
    return rv;
  }
  Coalition__V1__HealthResponse *h = (Coalition__V1__HealthResponse *)resp;
  if (x->is_json) {
    print_json(resp);
  } else {
    char w[64];
    enum_word(&coalition__v1__health_response__serving_status__descriptor, (int)h->status, "SERVING_STATUS_", w,
              sizeof w);
    for (char *p = w; *p; p++) {
      *p = (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
    }
    printf("%s\n", w);
  }
  rv = h->status == COALITION__V1__HEALTH_RESPONSE__SERVING_STATUS__SERVING_STATUS_SERVING ? EXIT_OK : EXIT_FAIL;
  protobuf_c_message_free_unpacked(resp, NULL);
  return rv;
}

static void format_uptime(uint64_t ms, char *buf, size_t n)
{
  uint64_t s = ms / 1000;
  if (s >= 86400) {
    snprintf(buf, n, "%" PRIu64 "d %02" PRIu64 "h %02" PRIu64 "m %02" PRIu64 "s", s / 86400, s / 3600 % 24,
             s / 60 % 60, s % 60);
  } else {
    snprintf(buf, n, "%" PRIu64 "h %02" PRIu64 "m %02" PRIu64 "s", s / 3600, s / 60 % 60, s % 60);
  }
}

static int cmd_stats(cli *x, int argc, char **argv)
{
  (void)argv;
  if (argc > 0) {
    return usage_error("stats takes no arguments");
  }
  Coalition__V1__StatsRequest req = COALITION__V1__STATS_REQUEST__INIT;
  ProtobufCMessage *resp;
  int rv = cli_fetch(x, "Stats", &req.base, &resp);
  if (rv != EXIT_OK || resp == NULL) {
    return rv;
  }
  Coalition__V1__StatsResponse *s = (Coalition__V1__StatsResponse *)resp;
  char up[64];
  format_uptime(s->uptime_ms, up, sizeof up);
  printf("documents     %" PRIu64 "\n", s->documents);
  printf("sentences     %" PRIu64 "\n", s->sentences);
  printf("entities      %" PRIu64 "\n", s->entities);
  printf("facts         %" PRIu64 "\n", s->facts);
  printf("corpus bytes  %" PRIu64 "\n", s->corpus_bytes);
  printf("version       %s\n", s->version);
  printf("uptime        %s\n", up);
  if (s->n_methods > 0) {
    size_t w = strlen("METHOD");
    for (size_t i = 0; i < s->n_methods; i++) {
      size_t l = strlen(s->methods[i]->method);
      w = l > w ? l : w;
    }
    printf("\n%-*s %10s %10s %10s\n", (int)w, "METHOD", "CALLS", "FAILURES", "AVG_US");
    for (size_t i = 0; i < s->n_methods; i++) {
      const Coalition__V1__MethodStats *m = s->methods[i];
      printf("%-*s %10" PRIu64 " %10" PRIu64 " %10" PRIu64 "\n", (int)w, m->method, m->calls, m->failures,
             m->calls ? m->total_us / m->calls : 0);
    }
  }
  protobuf_c_message_free_unpacked(resp, NULL);
  return EXIT_OK;
}

static bool parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
  char *end;
  errno = 0;
  if (s == NULL || s[0] < '0' || s[0] > '9') {
    return false;
  }
  unsigned long long v = strtoull(s, &end, 10);
  if (*end != '\0' || errno != 0 || v < min || v > max) {
    return false;
  }
  *out = (uint32_t)v;
  return true;
}

/* Takes the value of option argv[*i] ("--opt VALUE" or "--opt=VALUE"). */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0) {
    return NULL;
  }
  if (argv[*i][n] == '=') {
    return argv[*i] + n + 1;
  }
  if (argv[*i][n] == '\0' && *i + 1 < argc) {
    return argv[++*i];
  }
  return NULL;
}

static bool is_option(const char *arg, const char *name)
{
  size_t n = strlen(name);
  return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static void print_docs_header(size_t id_w)
{
  printf("%-*s %-10s %-9s %6s %8s  %s\n", (int)id_w, "ID", "PUBLISHED", "SOURCE", "SENT", "BYTES", "TITLE");
}

static void print_doc_row(const Coalition__V1__Document *d, size_t id_w)
{
  char src[32];
  enum_word(&coalition__v1__date_source__descriptor, (int)d->published_source, "DATE_SOURCE_", src, sizeof src);
  print_cell(d->id, strlen(d->id), id_w, true);
  printf(" %-10s %-9s %6" PRIu32 " %8" PRIu32 "  ", d->published[0] ? d->published : "-",
         d->published_source ? src : "-", d->sentence_count, d->byte_size);
  print_cell(d->title, strlen(d->title), TITLE_WIDTH, false);
  putchar('\n');
}

static int cmd_docs(cli *x, int argc, char **argv)
{
  uint32_t page_size = 0;
  for (int i = 0; i < argc; i++) {
    const char *v;
    if (is_option(argv[i], "--page-size")) {
      v = option_value(argc, argv, &i, "--page-size");
      if (!parse_u32(v, 1, LIMIT_PAGE_SIZE_MAX, &page_size)) {
        return usage_error("--page-size wants a number from 1 to %u", LIMIT_PAGE_SIZE_MAX);
      }
    } else {
      return usage_error("docs: unexpected argument '%s'", argv[i]);
    }
  }
  /* Follow next_page_token until it is empty. The token must change, and
   * the page count is capped, so a confused server cannot loop us. */
  Coalition__V1__ListDocumentsRequest req = COALITION__V1__LIST_DOCUMENTS_REQUEST__INIT;
  req.page_size = page_size;
  char *token = NULL;
  json_object *all = x->is_json ? json_object_new_array() : NULL;
  uint32_t total = 0;
  size_t shown = 0;
  bool is_header_done = false;
  size_t id_w = 12; /* grows with the longest id seen, never shrinks */
  int rv = EXIT_OK;
  for (unsigned page = 0;; page++) {
    if (page > LIMIT_CORPUS_MAX_DOCS) {
      fprintf(stderr, "error: server keeps returning pages; stopped\n");
      rv = EXIT_FAIL;
      break;
    }
    req.page_token = token != NULL ? token : (char *)"";
    ProtobufCMessage *resp;
    rv = cli_call(x, "ListDocuments", &req.base, &resp);
    if (rv != EXIT_OK) {
      break;
    }
    Coalition__V1__ListDocumentsResponse *l = (Coalition__V1__ListDocumentsResponse *)resp;
    total = l->total_size;
    if (x->is_json) {
      for (size_t i = 0; i < l->n_documents; i++) {
        json_object_array_add(all, client_json_from_message(&l->documents[i]->base));
      }
    } else {
      for (size_t i = 0; i < l->n_documents; i++) {
        size_t w = display_width(l->documents[i]->id);
        id_w = w > id_w ? w : id_w;
      }
      id_w = id_w > 32 ? 32 : id_w;
      if (!is_header_done && l->n_documents > 0) {
        print_docs_header(id_w);
        is_header_done = true;
      }
      for (size_t i = 0; i < l->n_documents; i++) {
        print_doc_row(l->documents[i], id_w);
      }
    }
    shown += l->n_documents;
    bool is_last = l->next_page_token[0] == '\0';
    if (!is_last && token != NULL && strcmp(token, l->next_page_token) == 0) {
      fprintf(stderr, "error: server returned the same page token twice; stopped\n");
      rv = EXIT_FAIL;
      is_last = true;
    }
    free(token);
    token = is_last ? NULL : strdup(l->next_page_token);
    protobuf_c_message_free_unpacked(resp, NULL);
    if (is_last) {
      break;
    }
  }
  free(token);
  if (x->is_json) {
    if (rv == EXIT_OK) {
      /* One ListDocumentsResponse-shaped object for all pages. */
      json_object *o = json_object_new_object();
      json_object_object_add(o, "documents", all);
      json_object_object_add(o, "totalSize", json_object_new_int64(total));
      printf("%s\n", client_json_print(o));
      json_object_put(o);
    } else {
      json_object_put(all);
    }
  } else if (rv == EXIT_OK) {
    printf("%zu document%s", shown, shown == 1 ? "" : "s");
    if (total != shown) {
      printf(" (server reports %" PRIu32 ")", total);
    }
    putchar('\n');
  }
  return rv;
}

static int cmd_doc(cli *x, int argc, char **argv)
{
  Coalition__V1__GetDocumentRequest req = COALITION__V1__GET_DOCUMENT_REQUEST__INIT;
  const char *id = NULL;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--no-text") == 0) {
      req.omit_text = 1;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0' && id == NULL) {
      return usage_error("doc: unknown option '%s'", argv[i]);
    } else if (id == NULL) {
      id = argv[i];
    } else {
      return usage_error("doc takes one document id");
    }
  }
  if (id == NULL) {
    return usage_error("doc needs a document id (see 'coalition docs')");
  }
  req.id = (char *)id;
  ProtobufCMessage *resp;
  int rv = cli_fetch(x, "GetDocument", &req.base, &resp);
  if (rv != EXIT_OK || resp == NULL) {
    return rv;
  }
  Coalition__V1__GetDocumentResponse *g = (Coalition__V1__GetDocumentResponse *)resp;
  const Coalition__V1__Document *d = g->document;
  if (d != NULL) {
    char src[32];
    enum_word(&coalition__v1__date_source__descriptor, (int)d->published_source, "DATE_SOURCE_", src, sizeof src);
    printf("id         %s\n", d->id);
    printf("title      %s\n", d->title);
    printf("outlet     %s\n", d->outlet[0] ? d->outlet : "-");
    printf("language   %s\n", d->language[0] ? d->language : "-");
    printf("published  %s (%s)\n", d->published[0] ? d->published : "-", src);
    if (d->url[0]) {
      printf("url        %s\n", d->url);
    }
    printf("bytes      %" PRIu32 "\n", d->byte_size);
    printf("sentences  %" PRIu32 "\n", d->sentence_count);
  }
  size_t text_len = strlen(g->text);
  if (g->n_sentences > 0) {
    putchar('\n');
  }
  for (size_t i = 0; i < g->n_sentences; i++) {
    const Coalition__V1__Sentence *s = g->sentences[i];
    uint32_t start = s->span ? s->span->start : 0, end = s->span ? s->span->end : 0;
    printf("[%" PRIu32 "] %" PRIu32 "-%" PRIu32 "  ", s->index, start, end);
    if (s->text[0] != '\0') {
      fputs(s->text, stdout);
    } else if (start <= end && end <= text_len) {
      /* The server may send spans only; cut them out of the text. */
      fwrite(g->text + start, 1, end - start, stdout);
    }
    putchar('\n');
  }
  protobuf_c_message_free_unpacked(resp, NULL);
  return EXIT_OK;
}

static int cmd_methods(cli *x, int argc, char **argv)
{
  const char *fds_path = NULL;
  for (int i = 0; i < argc; i++) {
    if (is_option(argv[i], "--descriptor-set")) {
      fds_path = option_value(argc, argv, &i, "--descriptor-set");
      if (fds_path == NULL || fds_path[0] == '\0') {
        return usage_error("--descriptor-set wants a file name");
      }
    } else {
      return usage_error("methods: unexpected argument '%s'", argv[i]);
    }
  }
  Coalition__V1__ListMethodsRequest req = COALITION__V1__LIST_METHODS_REQUEST__INIT;
  ProtobufCMessage *resp;
  int rv = cli_call(x, "ListMethods", &req.base, &resp);
  if (rv != EXIT_OK) {
    return rv;
  }
  Coalition__V1__ListMethodsResponse *l = (Coalition__V1__ListMethodsResponse *)resp;
  if (fds_path != NULL) {
    FILE *f = fopen(fds_path, "wb");
    if (f == NULL || fwrite(l->file_descriptor_set.data, 1, l->file_descriptor_set.len, f) !=
                         l->file_descriptor_set.len) {
      fprintf(stderr, "error: cannot write %s: %s\n", fds_path, strerror(errno));
      rv = EXIT_FAIL;
    }
    if (f != NULL && fclose(f) != 0 && rv == EXIT_OK) {
      fprintf(stderr, "error: cannot write %s: %s\n", fds_path, strerror(errno));
      rv = EXIT_FAIL;
    }
    if (rv == EXIT_OK && !x->is_json) {
      fprintf(stderr, "wrote %zu bytes of FileDescriptorSet to %s (use: protoc --decode=TYPE --descriptor_set_in=%s)\n",
              l->file_descriptor_set.len, fds_path, fds_path);
    }
  }
  if (x->is_json) {
    print_json(resp);
  } else {
    size_t w1 = 6, w2 = 7, w3 = 8;
    for (size_t i = 0; i < l->n_methods; i++) {
      size_t a = strlen(l->methods[i]->full_name), b = strlen(l->methods[i]->request_type),
             c = strlen(l->methods[i]->response_type);
      w1 = a > w1 ? a : w1;
      w2 = b > w2 ? b : w2;
      w3 = c > w3 ? c : w3;
    }
    if (l->service[0]) {
      printf("service %s\n\n", l->service);
    }
    printf("%-*s %-*s %-*s %10s %10s\n", (int)w1, "METHOD", (int)w2, "REQUEST", (int)w3, "RESPONSE", "MAX_BYTES",
           "TIMEOUT_MS");
    for (size_t i = 0; i < l->n_methods; i++) {
      const Coalition__V1__MethodInfo *m = l->methods[i];
      printf("%-*s %-*s %-*s %10" PRIu32 " %10" PRIu32 "\n", (int)w1, m->full_name, (int)w2, m->request_type, (int)w3,
             m->response_type, m->max_request_bytes, m->default_timeout_ms);
    }
  }
  protobuf_c_message_free_unpacked(resp, NULL);
  return rv;
}

static int cmd_call(cli *x, int argc, char **argv)
{
  if (argc < 1 || argc > 2) {
    return usage_error("usage: coalition call METHOD [JSON|-]");
  }
  const char *name = argv[0];
  const ProtobufCMethodDescriptor *m = client_method_find(name);
  char full[256];
  if (m != NULL) {
    client_method_full_name(m, full, sizeof full);
  } else if (name[0] == '/') {
    /* Not in our copy of the API (a newer server?): send it anyway with an
     * empty body, so the server's answer (often UNIMPLEMENTED) is seen. */
    snprintf(full, sizeof full, "%s", name);
  } else {
    return usage_error("unknown method '%s' (see 'coalition methods', or give a full name /pkg.Service/Method)",
                       name);
  }

  char *text = NULL;
  size_t text_len = 0;
  if (argc == 2 && strcmp(argv[1], "-") != 0) {
    text = strdup(argv[1]);
    text_len = strlen(argv[1]);
  } else if (argc == 1 && isatty(STDIN_FILENO)) {
    text = strdup("{}");
    text_len = 2;
  } else if (read_file("-", LIMIT_RECV_MAX_BYTES, &text, &text_len) != 0) {
    return EXIT_USAGE;
  }
  if (text == NULL) {
    fprintf(stderr, "error: out of memory\n");
    return EXIT_FAIL;
  }
  /* Nothing on stdin (e.g. `coalition call Stats < /dev/null`): empty body. */
  size_t k = 0;
  while (k < text_len && (text[k] == ' ' || text[k] == '\n' || text[k] == '\r' || text[k] == '\t')) {
    k++;
  }
  if (k == text_len) {
    free(text);
    text = strdup("{}");
    text_len = 2;
    if (text == NULL) {
      fprintf(stderr, "error: out of memory\n");
      return EXIT_FAIL;
    }
  }
  char err[512];
  json_object *j = client_json_parse(text, text_len, err, sizeof err);
  free(text);
  if (j == NULL) {
    return usage_error("bad JSON body: %s", err);
  }
  uint8_t *body = NULL;
  size_t body_len = 0;
  if (m != NULL) {
    ProtobufCMessage *req = client_json_to_message(m->input, j, "body", err, sizeof err);
    json_object_put(j);
    if (req == NULL) {
      return usage_error("bad request for %s: %s", m->input->name, err);
    }
    body_len = protobuf_c_message_get_packed_size(req);
    body = malloc(body_len ? body_len : 1);
    if (body != NULL) {
      protobuf_c_message_pack(req, body);
    }
    protobuf_c_message_free_unpacked(req, NULL);
    if (body == NULL) {
      fprintf(stderr, "error: out of memory\n");
      return EXIT_FAIL;
    }
  } else {
    bool is_empty = json_object_get_type(j) == json_type_object && json_object_object_length(j) == 0;
    json_object_put(j);
    if (!is_empty) {
      return usage_error("method '%s' is not in this client's API; only an empty body {} can be sent", name);
    }
  }

  if (cli_connect(x) != 0) {
    free(body);
    return EXIT_FAIL;
  }
  client_result *r = client_call_raw(x->c, full, body, body_len, x->md, x->n_md, 0);
  free(body);
  if (r == NULL) {
    fprintf(stderr, "error: out of memory\n");
    return EXIT_FAIL;
  }
  char buf[2048];
  int rv = EXIT_OK;
  if (client_result_err(r) != CLIENT_EOK || client_result_code(r) != CLIENT_STATUS_OK) {
    fprintf(stderr, "error: %s\n", client_result_describe(r, buf, sizeof buf));
    rv = EXIT_FAIL;
  } else if (m != NULL) {
    ProtobufCMessage *resp = client_result_unpack(r, m->output, buf, sizeof buf);
    if (resp == NULL) {
      fprintf(stderr, "error: %s\n", buf);
      rv = EXIT_FAIL;
    } else {
      print_json(resp);
      protobuf_c_message_free_unpacked(resp, NULL);
    }
  } else {
    size_t n;
    client_result_body(r, &n);
    printf("{}\n");
    fprintf(stderr, "(OK with a %zu-byte body of an unknown type)\n", n);
  }
  client_result_destroy(r);
  return rv;
}

static bool is_iso_date(const char *s)
{
  static const char pat[] = "dddd-dd-dd";
  if (strlen(s) != sizeof pat - 1) {
    return false;
  }
  for (size_t i = 0; pat[i]; i++) {
    if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i]) {
      return false;
    }
  }
  return true;
}

static void print_number(const Coalition__V1__NumberValue *n)
{
  char buf[64];
  if (n == NULL) {
    printf("%-16s", "-");
    return;
  }
  if (n->approximation == COALITION__V1__APPROXIMATION__APPROXIMATION_RANGE) {
    snprintf(buf, sizeof buf, "%.15g-%.15g", n->value, n->value_max);
  } else {
    snprintf(buf, sizeof buf, "%.15g", n->value);
  }
  printf("%-16s", buf);
}

static int cmd_extract(cli *x, int argc, char **argv)
{
  Coalition__V1__ExtractRequest req = COALITION__V1__EXTRACT_REQUEST__INIT;
  const char *path = NULL;
  for (int i = 0; i < argc; i++) {
    if (is_option(argv[i], "--published")) {
      const char *v = option_value(argc, argv, &i, "--published");
      if (v == NULL || !is_iso_date(v)) {
        return usage_error("--published wants a date YYYY-MM-DD");
      }
      req.published = (char *)v;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return usage_error("extract: unknown option '%s'", argv[i]);
    } else if (path == NULL) {
      path = argv[i];
    } else {
      return usage_error("extract takes one file (or - for stdin)");
    }
  }
  if (path == NULL) {
    return usage_error("extract needs a file of article text (or - for stdin)");
  }
  char *text;
  size_t text_len;
  if (read_file(path, EXTRACT_READ_MAX_BYTES, &text, &text_len) != 0) {
    return EXIT_USAGE;
  }
  req.text.data = (uint8_t *)text;
  req.text.len = text_len;
  ProtobufCMessage *resp;
  int rv = cli_call(x, "Extract", &req.base, &resp);
  free(text);
  if (rv != EXIT_OK) {
    return rv;
  }
  if (x->is_json) {
    print_json(resp);
    protobuf_c_message_free_unpacked(resp, NULL);
    return EXIT_OK;
  }
  Coalition__V1__ExtractResponse *e = (Coalition__V1__ExtractResponse *)resp;
  char w1[32], w2[32];
  enum_word(&coalition__v1__date_source__descriptor, (int)e->published_source, "DATE_SOURCE_", w1, sizeof w1);
  printf("published   %s (%s)\n", e->published[0] ? e->published : "-", w1);
  printf("sentences   %zu\n", e->n_sentences);
  printf("entities    %zu\n", e->n_entities);
  printf("facts       %zu\n", e->n_facts);

  printf("\nnumbers (%zu)\n", e->n_numbers);
  if (e->n_numbers > 0) {
    printf("  %-4s %-16s %-9s %-7s %s\n", "SENT", "VALUE", "APPROX", "ORDINAL", "TEXT");
  }
  for (size_t i = 0; i < e->n_numbers; i++) {
    const Coalition__V1__NumberValue *n = e->numbers[i];
    printf("  %-4" PRIu32 " ", n->sentence_index);
    print_number(n);
    enum_word(&coalition__v1__approximation__descriptor, (int)n->approximation, "APPROXIMATION_", w1, sizeof w1);
    printf(" %-9s %-7s ", w1, n->ordinal ? "yes" : "");
    print_cell(n->text, strlen(n->text), TEXT_WIDTH, false);
    putchar('\n');
  }

  printf("\nquantities (%zu)\n", e->n_quantities);
  if (e->n_quantities > 0) {
    printf("  %-4s %-16s %-12s %-9s %s\n", "SENT", "VALUE", "UNIT", "APPROX", "TEXT");
  }
  for (size_t i = 0; i < e->n_quantities; i++) {
    const Coalition__V1__Quantity *q = e->quantities[i];
    printf("  %-4" PRIu32 " ", q->sentence_index);
    print_number(q->number);
    printf(" ");
    print_cell(q->unit, strlen(q->unit), 12, true);
    enum_word(&coalition__v1__approximation__descriptor, q->number ? (int)q->number->approximation : 0,
              "APPROXIMATION_", w1, sizeof w1);
    printf(" %-9s ", w1);
    print_cell(q->text, strlen(q->text), TEXT_WIDTH, false);
    putchar('\n');
  }

  printf("\ndates (%zu)\n", e->n_dates);
  if (e->n_dates > 0) {
    printf("  %-4s %-23s %-11s %-15s %s\n", "SENT", "ISO", "PRECISION", "FLAGS", "TEXT");
  }
  for (size_t i = 0; i < e->n_dates; i++) {
    const Coalition__V1__DateValue *d = e->dates[i];
    char iso[64];
    if (d->end_iso[0]) {
      snprintf(iso, sizeof iso, "%s/%s", d->iso, d->end_iso);
    } else {
      snprintf(iso, sizeof iso, "%s", d->iso);
    }
    enum_word(&coalition__v1__date_precision__descriptor, (int)d->precision, "DATE_PRECISION_", w2, sizeof w2);
    char flags[32];
    snprintf(flags, sizeof flags, "%s%s%s", d->relative ? "relative" : "", d->relative && d->hijri ? "," : "",
             d->hijri ? "hijri" : "");
    printf("  %-4" PRIu32 " %-23s %-11s %-15s ", d->sentence_index, iso, w2, flags[0] ? flags : "-");
    print_cell(d->text, strlen(d->text), TEXT_WIDTH, false);
    putchar('\n');
  }

  printf("\nfacts (%zu)\n", e->n_facts);
  if (e->n_facts > 0) {
    printf("  %-4s %-13s %-22s %-14s %-26s %-11s %s\n", "SENT", "KIND", "METRIC/TYPE", "VALUE", "SUBJECT/PLACE", "DATE",
           "TEXT");
  }
  for (size_t i = 0; i < e->n_facts; i++) {
    const Coalition__V1__Fact *f = e->facts[i];
    enum_word(&coalition__v1__fact_kind__descriptor, (int)f->kind, "FACT_KIND_", w2, sizeof w2);
    char what[64], value[32] = "-", who[96];
    const char *kind_word = f->metric[0] ? f->metric : f->subtype;
    snprintf(what, sizeof what, "%s%s%s", kind_word, kind_word[0] && f->status[0] ? " " : "", f->status);
    if (f->quantity != NULL && f->quantity->number != NULL) {
      snprintf(value, sizeof value, "%.15g", f->quantity->number->value);
    }
    snprintf(who, sizeof who, "%s%s%s", f->subject_id, f->subject_id[0] && f->place_id[0] ? " @" : "",
             f->place_id[0] && !f->subject_id[0] ? f->place_id : (f->subject_id[0] && f->place_id[0] ? f->place_id : ""));
    printf("  %-4" PRIu32 " %-13s %-22s %-14s %-26s %-11s ", f->provenance ? f->provenance->sentence_index : 0, w2,
           what[0] ? what : "-", value, who[0] ? who : "-", f->date != NULL ? f->date->iso : "-");
    const char *t = f->text[0] ? f->text : (f->provenance != NULL ? f->provenance->snippet : "");
    print_cell(t, strlen(t), TEXT_WIDTH, false);
    putchar('\n');
  }

  printf("\nentities (%zu)\n", e->n_entities);
  if (e->n_entities > 0) {
    printf("  %-28s %-13s %-8s %-24s %s\n", "ID", "KIND", "MENTIONS", "ENGLISH", "ARABIC / ROLES STATED");
  }
  for (size_t i = 0; i < e->n_entities; i++) {
    const Coalition__V1__Entity *en = e->entities[i];
    enum_word(&coalition__v1__entity_kind__descriptor, (int)en->kind, "ENTITY_KIND_", w2, sizeof w2);
    printf("  %-28s %-13s %-8" PRIu32 " ", en->id, w2, en->mention_count);
    print_cell(en->name_en[0] ? en->name_en : "-", strlen(en->name_en[0] ? en->name_en : "-"), 24, true);
    putchar(' ');
    print_cell(en->name_ar, strlen(en->name_ar), TEXT_WIDTH, false);
    putchar('\n');
    for (size_t k = 0; k < en->n_roles; k++) {
      const Coalition__V1__Role *r = en->roles[k];
      printf("  %-28s %-13s %-8s %-24s role: ", "", "", "", "");
      print_cell(r->office, strlen(r->office), TEXT_WIDTH, false);
      if (r->of_entity_id[0]) {
        printf(" (%s)", r->of_entity_id);
      }
      putchar('\n');
    }
  }
  protobuf_c_message_free_unpacked(resp, NULL);
  return EXIT_OK;
}

/* ---- entities ------------------------------------------------------------ */

static const char *const entity_kind_names[] = {"", "person", "country", "organization", "place"};

static int cmd_entities(cli *x, int argc, char **argv)
{
  Coalition__V1__ListEntitiesRequest req = COALITION__V1__LIST_ENTITIES_REQUEST__INIT;
  for (int i = 0; i < argc; i++) {
    const char *v;
    if (is_option(argv[i], "--page-size")) {
      v = option_value(argc, argv, &i, "--page-size");
      if (!parse_u32(v, 1, LIMIT_PAGE_SIZE_MAX, &req.page_size)) {
        return usage_error("--page-size wants a number from 1 to %u", LIMIT_PAGE_SIZE_MAX);
      }
    } else if (is_option(argv[i], "--page-token")) {
      if ((v = option_value(argc, argv, &i, "--page-token")) == NULL) {
        return usage_error("--page-token wants the token a previous page printed");
      }
      req.page_token = (char *)v;
    } else if (is_option(argv[i], "--kind")) {
      v = option_value(argc, argv, &i, "--kind");
      int k = 0;
      for (int j = 1; j <= 4 && v != NULL; j++) {
        if (strcmp(v, entity_kind_names[j]) == 0) {
          k = j;
        }
      }
      if (k == 0) {
        return usage_error("--kind wants person, country, organization or place");
      }
      req.kind = (Coalition__V1__EntityKind)k;
    } else if (strcmp(argv[i], "--all") == 0) {
      req.include_unmentioned = true;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return usage_error("entities: unknown option '%s'", argv[i]);
    } else if (req.query[0] != '\0') {
      return usage_error("entities takes one QUERY (quote a name of several words)");
    } else {
      req.query = argv[i];
    }
  }
  ProtobufCMessage *resp;
  int rv = cli_fetch(x, "ListEntities", &req.base, &resp);
  if (rv != EXIT_OK || resp == NULL) {
    return rv;
  }
  Coalition__V1__ListEntitiesResponse *l = (Coalition__V1__ListEntitiesResponse *)resp;
  if (l->n_entities > 0) {
    printf("%-32s %-13s %8s  %-28s %s\n", "ID", "KIND", "MENTIONS", "ENGLISH", "ARABIC");
  }
  for (size_t i = 0; i < l->n_entities; i++) {
    const Coalition__V1__Entity *e = l->entities[i];
    const char *en = e->name_en[0] ? e->name_en : "-";
    printf("%-32s %-13s %8" PRIu32 "  ", e->id,
           e->kind >= 1 && e->kind <= 4 ? entity_kind_names[e->kind] : "?", e->mention_count);
    print_cell(en, strlen(en), 28, true);
    putchar(' ');
    print_cell(e->name_ar, strlen(e->name_ar), TEXT_WIDTH, false);
    putchar('\n');
  }
  printf("%zu of %" PRIu32 " entities", l->n_entities, l->total_size);
  if (l->next_page_token[0] != '\0') {
    printf("; next page: --page-token %s", l->next_page_token);
  }
  putchar('\n');
  protobuf_c_message_free_unpacked(resp, NULL);
  return EXIT_OK;
}

static void print_provenance(const Coalition__V1__Provenance *p, bool is_source)
{
  if (p == NULL) {
    return;
  }
  printf(" [%s#%" PRIu32 "]", p->document_id, p->sentence_index);
  if (is_source && p->snippet[0] != '\0') {
    printf("\n      ");
    print_cell(p->snippet, strlen(p->snippet), 200, false);
  }
}

static int cmd_entity(cli *x, int argc, char **argv)
{
  Coalition__V1__GetEntityRequest req = COALITION__V1__GET_ENTITY_REQUEST__INIT;
  bool is_source = false;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--source") == 0) {
      is_source = true;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return usage_error("entity: unknown option '%s'", argv[i]);
    } else if (req.id[0] != '\0') {
      return usage_error("entity takes one NAME or ID (quote a name of several words)");
    } else {
      req.id = argv[i];
    }
  }
  if (req.id[0] == '\0') {
    return usage_error("entity needs a NAME or ID (see 'coalition entities')");
  }
  ProtobufCMessage *resp;
  int rv = cli_fetch(x, "GetEntity", &req.base, &resp);
  if (rv != EXIT_OK || resp == NULL) {
    return rv;
  }
  Coalition__V1__GetEntityResponse *g = (Coalition__V1__GetEntityResponse *)resp;
  const Coalition__V1__Entity *e = g->entity;
  printf("id         %s\n", e->id);
  printf("kind       %s\n", e->kind >= 1 && e->kind <= 4 ? entity_kind_names[e->kind] : "?");
  printf("name       %s%s%s\n", e->name_ar, e->name_en[0] ? " / " : "", e->name_en);
  if (e->wikidata_id[0] != '\0') {
    printf("wikidata   %s\n", e->wikidata_id);
  }
  printf("mentions   %" PRIu32 " in %" PRIu32 " documents\n", e->mention_count, g->document_count);
  if (g->n_fact_counts > 0) {
    /* "facts      3 quantity (coalition.members 2, distance.km 1), 1 quote" */
    static const char *const kinds[] = {"", "quantity", "meeting", "event", "quote", "participation", "role"};
    printf("facts     ");
    for (size_t i = 0; i < g->n_fact_counts; i++) {
      const Coalition__V1__FactCount *fc = g->fact_counts[i];
      if (fc->metric[0] != '\0' || fc->kind < 1 || fc->kind > 6) {
        continue;
      }
      printf("%s %" PRIu32 " %s", i ? "," : "", fc->count, kinds[fc->kind]);
      bool open = false;
      for (size_t k = 0; k < g->n_fact_counts; k++) {
        if (g->fact_counts[k]->kind == fc->kind && g->fact_counts[k]->metric[0] != '\0') {
          printf("%s%s %" PRIu32, open ? ", " : " (", g->fact_counts[k]->metric, g->fact_counts[k]->count);
          open = true;
        }
      }
      printf("%s", open ? ")" : "");
    }
    putchar('\n');
  }
  if (e->n_aliases > 0) {
    printf("aliases   ");
    for (size_t i = 0; i < e->n_aliases; i++) {
      printf(" %s%s", e->aliases[i], i + 1 < e->n_aliases ? " |" : "");
    }
    putchar('\n');
  }
  if (e->n_roles > 0) {
    printf("\nroles\n");
  }
  for (size_t i = 0; i < e->n_roles; i++) {
    const Coalition__V1__Role *r = e->roles[i];
    printf("  %s", r->office);
    if (r->of_entity_id[0] != '\0') {
      printf(" (%s)", r->of_entity_id);
    }
    if (r->provenance == NULL) {
      printf("  %s..%s  [gazetteer]", r->valid_from[0] ? r->valid_from : "?", r->valid_to[0] ? r->valid_to : "");
    } else {
      printf("  stated %s", r->stated_date[0] ? r->stated_date : "-");
      print_provenance(r->provenance, is_source);
    }
    putchar('\n');
  }
  if (g->n_documents > 0) {
    printf("\ndocuments\n");
  }
  for (size_t i = 0; i < g->n_documents; i++) {
    printf("  %-28s %4" PRIu32 " mentions, first", g->documents[i]->document_id, g->documents[i]->mention_count);
    print_provenance(g->documents[i]->first_mention, is_source);
    putchar('\n');
  }
  protobuf_c_message_free_unpacked(resp, NULL);
  return EXIT_OK;
}

static int cmd_search(cli *x, int argc, char **argv)
{
  Coalition__V1__SearchRequest req = COALITION__V1__SEARCH_REQUEST__INIT;
  char query[4096] = "";
  size_t qlen = 0;
  for (int i = 0; i < argc; i++) {
    const char *v;
    if (is_option(argv[i], "--page-size")) {
      v = option_value(argc, argv, &i, "--page-size");
      if (!parse_u32(v, 1, 100, &req.page_size)) {
        return usage_error("--page-size wants a number from 1 to 100");
      }
    } else if (is_option(argv[i], "--page-token")) {
      if ((v = option_value(argc, argv, &i, "--page-token")) == NULL) {
        return usage_error("--page-token wants the token a previous page printed");
      }
      req.page_token = (char *)v;
    } else if (argv[i][0] == '-' && argv[i][1] == '-' ) {
      return usage_error("search: unknown option '%s'", argv[i]);
    } else {
      /* The words of the query may come as several arguments. */
      int w = snprintf(query + qlen, sizeof query - qlen, "%s%s", qlen ? " " : "", argv[i]);
      if (w < 0 || (size_t)w >= sizeof query - qlen) {
        return usage_error("search: the query is longer than %zu bytes", sizeof query - 1);
      }
      qlen += (size_t)w;
    }
  }
  if (qlen == 0) {
    return usage_error("search needs TEXT (words that must all occur; \"...\" for a phrase)");
  }
  req.query = query;
  ProtobufCMessage *resp;
  int rv = cli_fetch(x, "Search", &req.base, &resp);
  if (rv != EXIT_OK || resp == NULL) {
    return rv;
  }
  Coalition__V1__SearchResponse *r = (Coalition__V1__SearchResponse *)resp;
  for (size_t i = 0; i < r->n_hits; i++) {
    const Coalition__V1__SearchHit *h = r->hits[i];
    printf("%s#%" PRIu32 "%s\n  ", h->document_id, h->sentence_index, h->phrase ? "  (phrase)" : "");
    /* The sentence with each matched word in [brackets]. */
    size_t at = 0, len = strlen(h->snippet);
    uint32_t base = h->sentence_span != NULL ? h->sentence_span->start : 0;
    for (size_t k = 0; k < h->n_highlights; k++) {
      size_t a = h->highlights[k]->start - base, b = h->highlights[k]->end - base;
      if (a < at || b > len || a > b) {
        continue;
      }
      printf("%.*s[%.*s]", (int)(a - at), h->snippet + at, (int)(b - a), h->snippet + a);
      at = b;
    }
    printf("%s\n", h->snippet + at);
  }
  printf("%zu of %" PRIu32 " sentences", r->n_hits, r->total_size);
  if (r->next_page_token[0] != '\0') {
    printf("; next page: --page-token %s", r->next_page_token);
  }
  putchar('\n');
  protobuf_c_message_free_unpacked(resp, NULL);
  return EXIT_OK;
}

static const char *const fact_kinds[] = {"", "quantity", "meeting", "event", "quote", "participation", "role"};

/* --kind WORD -> FactKind; 0 after a usage error. */
static int parse_fact_kind(const char *v)
{
  for (int j = 1; j <= 6 && v != NULL; j++) {
    if (strcmp(v, fact_kinds[j]) == 0) {
      return j;
    }
  }
  usage_error("--kind wants quantity, meeting, event, quote, participation or role");
  return 0;
}

/* A command's string flags: where each goes in its request. */
typedef struct {
  const char *flag;
  size_t offset;
} str_flag;

/* 1: argv[*i] was one of t (stored into req), 0: not one, -1: no value. */
static int str_option(int argc, char **argv, int *i, const str_flag *t, size_t n, void *req)
{
  for (size_t k = 0; k < n; k++) {
    if (is_option(argv[*i], t[k].flag)) {
      const char *v = option_value(argc, argv, i, t[k].flag);
      if (v == NULL) {
        usage_error("%s wants a value", t[k].flag);
        return -1;
      }
      *(char **)((char *)req + t[k].offset) = (char *)v;
      return 1;
    }
  }
  return 0;
}

/* "68", "~14000", ">=40", "20-30", "vague 1000". */
static void format_value(const Coalition__V1__NumberValue *n, char *buf, size_t cap)
{
  static const char *const approx[] = {"", "", "~", ">=", "<=", "", "vague "};
  if (n->approximation == COALITION__V1__APPROXIMATION__APPROXIMATION_RANGE) {
    snprintf(buf, cap, "%.15g-%.15g", n->value, n->value_max);
  } else {
    snprintf(buf, cap, "%s%.15g", (unsigned)n->approximation < 7 ? approx[n->approximation] : "", n->value);
  }
}

/* How facts print: with their source sentences or not, and the entities
 * the reply names (for "الموصل (Mosul)" under the ids). */
typedef struct {
  bool is_source;
  Coalition__V1__Entity **ents;
  size_t n_ents;
} fact_view;

/* "name_ar (name_en)" of an id the reply names, else the id. */
static void print_entity_name(const fact_view *fv, const char *id);

/* "  التحالف الدولي (Global Coalition) @ الموصل (Mosul)" on a line. */
static void print_series_names(const fact_view *fv, const char *subject_id, const char *place_id)
{
  if (subject_id[0] == '\0' && place_id[0] == '\0') {
    return;
  }
  printf("  ");
  if (subject_id[0] != '\0') {
    print_entity_name(fv, subject_id);
  }
  if (place_id[0] != '\0') {
    printf("%s", subject_id[0] != '\0' ? " @ " : "@ ");
    print_entity_name(fv, place_id);
  }
  putchar('\n');
}

static void print_entity_name(const fact_view *fv, const char *id)
{
  for (size_t i = 0; i < fv->n_ents; i++) {
    const Coalition__V1__Entity *e = fv->ents[i];
    if (strcmp(e->id, id) == 0) {
      printf("%s", e->name_ar);
      if (e->name_en[0] != '\0') {
        printf(" (%s)", e->name_en);
      }
      return;
    }
  }
  printf("%s", id);
}

/* The flags every fact command shares: --source, --page-size (1..max) and
 * its string flags. 1: argv[*i] was one (consumed), 0: not one, -1: usage
 * error already printed. */
static int fact_option(int argc, char **argv, int *i, bool *is_source, uint32_t *page_size, uint32_t max,
                       const str_flag *strs, size_t n_strs, void *req)
{
  if (strcmp(argv[*i], "--source") == 0) {
    *is_source = true;
    return 1;
  }
  if (is_option(argv[*i], "--page-size")) {
    if (!parse_u32(option_value(argc, argv, i, "--page-size"), 1, max, page_size)) {
      usage_error("--page-size wants a number from 1 to %u", max);
      return -1;
    }
    return 1;
  }
  return str_option(argc, argv, i, strs, n_strs, req);
}

static void print_fact_header(const char *indent)
{
  printf("%s%-26s %-13s %-24s %-14s %-26s %s\n", indent, "ID", "KIND", "METRIC/TYPE", "VALUE", "SUBJECT/PLACE", "DATE");
}

/* One fact as a table row; its quoted words and (--source) its sentence below. */
static void print_fact(const Coalition__V1__Fact *f, const char *indent, const fact_view *fv)
{
  const char *kind_word = f->metric[0] ? f->metric : f->subtype;
  char what[64], value[48] = "-", who[96];
  snprintf(what, sizeof what, "%s%s%s", kind_word, kind_word[0] && f->status[0] ? " " : "", f->status);
  if (f->quantity != NULL && f->quantity->number != NULL) {
    format_value(f->quantity->number, value, sizeof value);
  }
  snprintf(who, sizeof who, "%s%s%s", f->subject_id, f->subject_id[0] && f->place_id[0] ? " @" : "", f->place_id);
  printf("%s%-26s %-13s %-24s %-14s %-26s %s\n", indent, f->id, f->kind >= 1 && f->kind <= 6 ? fact_kinds[f->kind] : "?",
         what[0] ? what : "-", value, who[0] ? who : "-", f->date != NULL ? f->date->iso : "-");
  if (f->text[0] != '\0') {
    printf("%s    \"", indent);
    print_cell(f->text, strlen(f->text), 160, false);
    printf("\"\n");
  }
  for (size_t i = 0; i < f->n_topics; i++) {
    printf("%s    topic: ", indent);
    print_cell(f->topics[i], strlen(f->topics[i]), 160, false);
    putchar('\n');
  }
  if (fv->n_ents > 0 && (f->subject_id[0] != '\0' || f->place_id[0] != '\0')) {
    printf("%s    ", indent);
    if (f->subject_id[0] != '\0') {
      print_entity_name(fv, f->subject_id);
    }
    if (f->place_id[0] != '\0') {
      printf("%s", f->subject_id[0] != '\0' ? " @ " : "@ ");
      print_entity_name(fv, f->place_id);
    }
    putchar('\n');
  }
  if (fv->is_source && f->provenance != NULL) {
    printf("%s    ", indent);
    print_cell(f->provenance->snippet, strlen(f->provenance->snippet), 200, false);
    putchar('\n');
  }
}

static void print_page_footer(size_t n, uint32_t total, const char *what, const char *next)
{
  printf("%zu of %" PRIu32 " %s", n, total, what);
  if (next[0] != '\0') {
    printf("; next page: --page-token %s", next);
  }
  putchar('\n');
}

static int cmd_facts(cli *x, int argc, char **argv)
{
  static const str_flag strs[] = {
      {"--entity", offsetof(Coalition__V1__QueryFactsRequest, entity)},
      {"--metric", offsetof(Coalition__V1__QueryFactsRequest, metric)},
      {"--doc", offsetof(Coalition__V1__QueryFactsRequest, document_id)},
      {"--from", offsetof(Coalition__V1__QueryFactsRequest, date_from)},
      {"--to", offsetof(Coalition__V1__QueryFactsRequest, date_to)},
      {"--page-token", offsetof(Coalition__V1__QueryFactsRequest, page_token)},
  };
  Coalition__V1__QueryFactsRequest req = COALITION__V1__QUERY_FACTS_REQUEST__INIT;
  bool is_source = false;
  for (int i = 0; i < argc; i++) {
    int m;
    if (is_option(argv[i], "--kind")) {
      if ((req.kind = (Coalition__V1__FactKind)parse_fact_kind(option_value(argc, argv, &i, "--kind"))) == 0) {
        return EXIT_USAGE;
      }
    } else if ((m = fact_option(argc, argv, &i, &is_source, &req.page_size, LIMIT_PAGE_SIZE_MAX, strs,
                                sizeof strs / sizeof strs[0], &req)) != 1) {
      return m < 0 ? EXIT_USAGE : usage_error("facts: unexpected argument '%s'", argv[i]);
    }
  }
  ProtobufCMessage *resp;
  int rv = cli_fetch(x, "QueryFacts", &req.base, &resp);
  if (rv != EXIT_OK || resp == NULL) {
    return rv;
  }
  Coalition__V1__QueryFactsResponse *r = (Coalition__V1__QueryFactsResponse *)resp;
  const fact_view fv = {is_source, r->entities, r->n_entities};
  if (r->n_facts > 0) {
    print_fact_header("");
  }
  for (size_t i = 0; i < r->n_facts; i++) {
    print_fact(r->facts[i], "", &fv);
  }
  print_page_footer(r->n_facts, r->total_size, "facts", r->next_page_token);
  protobuf_c_message_free_unpacked(resp, NULL);
  return EXIT_OK;
}

/* Joins the words left on the line into buf (a name may come unquoted). */
static bool join_word(char *buf, size_t cap, size_t *len, const char *w)
{
  int n = snprintf(buf + *len, cap - *len, "%s%s", *len ? " " : "", w);
  if (n < 0 || (size_t)n >= cap - *len) {
    return false;
  }
  *len += (size_t)n;
  return true;
}

static int cmd_timeline(cli *x, int argc, char **argv)
{
  static const str_flag strs[] = {
      {"--from", offsetof(Coalition__V1__TimelineRequest, date_from)},
      {"--to", offsetof(Coalition__V1__TimelineRequest, date_to)},
      {"--page-token", offsetof(Coalition__V1__TimelineRequest, page_token)},
  };
  Coalition__V1__TimelineRequest req = COALITION__V1__TIMELINE_REQUEST__INIT;
  bool is_source = false;
  char name[1024] = "";
  size_t len = 0;
  for (int i = 0; i < argc; i++) {
    int m;
    if (is_option(argv[i], "--kind")) {
      if ((req.kind = (Coalition__V1__FactKind)parse_fact_kind(option_value(argc, argv, &i, "--kind"))) == 0) {
        return EXIT_USAGE;
      }
    } else if ((m = fact_option(argc, argv, &i, &is_source, &req.page_size, LIMIT_PAGE_SIZE_MAX, strs,
                                sizeof strs / sizeof strs[0], &req)) < 0) {
      return EXIT_USAGE;
    } else if (m == 0) {
      if (argv[i][0] == '-' && argv[i][1] == '-') {
        return usage_error("timeline: unknown option '%s'", argv[i]);
      }
      if (!join_word(name, sizeof name, &len, argv[i])) {
        return usage_error("timeline: the name is longer than %zu bytes", sizeof name - 1);
      }
    }
  }
  if (len == 0) {
    return usage_error("timeline needs NAME (an entity id or a name in any spelling)");
  }
  req.entity = name;
  ProtobufCMessage *resp;
  int rv = cli_fetch(x, "Timeline", &req.base, &resp);
  if (rv != EXIT_OK || resp == NULL) {
    return rv;
  }
  Coalition__V1__TimelineResponse *r = (Coalition__V1__TimelineResponse *)resp;
  const fact_view fv = {is_source, r->entities, r->n_entities};
  if (r->entity != NULL) {
    printf("%s  %s", r->entity->id, r->entity->name_ar);
    if (r->entity->name_en[0] != '\0') {
      printf(" (%s)", r->entity->name_en);
    }
    printf("\n\n");
  }
  if (r->n_facts > 0) {
    print_fact_header("");
  }
  for (size_t i = 0; i < r->n_facts; i++) {
    print_fact(r->facts[i], "", &fv);
  }
  print_page_footer(r->n_facts, r->total_size, "dated facts", r->next_page_token);
  protobuf_c_message_free_unpacked(resp, NULL);
  return EXIT_OK;
}

static void print_fact_list(const char *title, Coalition__V1__Fact **v, size_t n, uint32_t total, const fact_view *fv)
{
  if (n == 0) {
    return;
  }
  printf("  %s", title);
  if (total > n) {
    printf(" (%zu of %" PRIu32 ")", n, total);
  }
  printf(":\n");
  for (size_t i = 0; i < n; i++) {
    print_fact(v[i], "    ", fv);
  }
}

static void print_quantity(const Coalition__V1__Quantity *q)
{
  if (q == NULL || q->number == NULL) {
    printf("-");
    return;
  }
  char buf[48];
  format_value(q->number, buf, sizeof buf);
  printf("%s", buf);
  if (q->unit[0] != '\0') {
    printf(" %s", q->unit);
  }
}

static int cmd_asof(cli *x, int argc, char **argv)
{
  static const str_flag strs[] = {
      {"--subject", offsetof(Coalition__V1__ValueAsOfRequest, subject)},
      {"--place", offsetof(Coalition__V1__ValueAsOfRequest, place)},
      {"--date", offsetof(Coalition__V1__ValueAsOfRequest, date)},
  };
  Coalition__V1__ValueAsOfRequest req = COALITION__V1__VALUE_AS_OF_REQUEST__INIT;
  bool is_source = false;
  for (int i = 0; i < argc; i++) {
    int m;
    if (strcmp(argv[i], "--source") == 0) {
      is_source = true;
    } else if ((m = str_option(argc, argv, &i, strs, sizeof strs / sizeof strs[0], &req)) < 0) {
      return EXIT_USAGE;
    } else if (m == 0) {
      if (argv[i][0] == '-' || req.metric[0] != '\0') {
        return usage_error("asof: unexpected argument '%s'", argv[i]);
      }
      req.metric = argv[i];
    }
  }
  if (req.metric[0] == '\0' || req.date[0] == '\0') {
    return usage_error("asof needs METRIC and --date YYYY[-MM[-DD]] (e.g. asof coalition.members --date 2017-06)");
  }
  ProtobufCMessage *resp;
  int rv = cli_fetch(x, "ValueAsOf", &req.base, &resp);
  if (rv != EXIT_OK || resp == NULL) {
    return rv;
  }
  Coalition__V1__ValueAsOfResponse *r = (Coalition__V1__ValueAsOfResponse *)resp;
  const fact_view fv = {is_source, r->entities, r->n_entities};
  for (size_t i = 0; i < r->n_values; i++) {
    const Coalition__V1__SeriesValue *v = r->values[i];
    printf("%s%s %s%s%s%s%s\n", i ? "\n" : "", v->metric, v->subject_id[0] ? v->subject_id : "-",
           v->place_id[0] ? " @" : "", v->place_id, v->unit[0] ? " in " : "", v->unit);
    print_series_names(&fv, v->subject_id, v->place_id);
    printf("  value ");
    print_quantity(v->value);
    printf(" as of %s; %" PRIu32 " source%s, %" PRIu32 " conflicting\n", v->as_of != NULL ? v->as_of->iso : "-",
           v->source_count, v->source_count == 1 ? "" : "s", v->conflicting_count);
    print_fact_list("sources", v->sources, v->n_sources, v->source_count, &fv);
    print_fact_list("conflicting", v->conflicting, v->n_conflicting, v->conflicting_count, &fv);
    print_fact_list("earlier values", v->earlier, v->n_earlier, 0, &fv);
  }
  printf("%s%zu of %" PRIu32 " series with a value by %s\n", r->n_values ? "\n" : "", r->n_values, r->total_size,
         req.date);
  protobuf_c_message_free_unpacked(resp, NULL);
  return EXIT_OK;
}

static int cmd_conflicts(cli *x, int argc, char **argv)
{
  static const str_flag strs[] = {
      {"--metric", offsetof(Coalition__V1__ListConflictsRequest, metric)},
      {"--entity", offsetof(Coalition__V1__ListConflictsRequest, entity)},
      {"--page-token", offsetof(Coalition__V1__ListConflictsRequest, page_token)},
  };
  Coalition__V1__ListConflictsRequest req = COALITION__V1__LIST_CONFLICTS_REQUEST__INIT;
  bool is_source = false;
  for (int i = 0; i < argc; i++) {
    int m = fact_option(argc, argv, &i, &is_source, &req.page_size, LIMIT_CONFLICT_PAGE_MAX, strs,
                        sizeof strs / sizeof strs[0], &req);
    if (m != 1) {
      return m < 0 ? EXIT_USAGE : usage_error("conflicts: unexpected argument '%s'", argv[i]);
    }
  }
  ProtobufCMessage *resp;
  int rv = cli_fetch(x, "ListConflicts", &req.base, &resp);
  if (rv != EXIT_OK || resp == NULL) {
    return rv;
  }
  Coalition__V1__ListConflictsResponse *r = (Coalition__V1__ListConflictsResponse *)resp;
  const fact_view fv = {is_source, r->entities, r->n_entities};
  for (size_t i = 0; i < r->n_conflicts; i++) {
    const Coalition__V1__Conflict *k = r->conflicts[i];
    printf("%s%s %s%s%s%s%s, %s", i ? "\n" : "", k->metric, k->subject_id[0] ? k->subject_id : "-",
           k->place_id[0] ? " @" : "", k->place_id, k->unit[0] ? " in " : "", k->unit, k->first_date);
    if (strcmp(k->first_date, k->last_date) != 0) {
      printf(" .. %s", k->last_date);
    }
    printf(": %" PRIu32 " values%s\n", k->value_count, k->value_count > k->n_values ? " (the most stated listed)" : "");
    print_series_names(&fv, k->subject_id, k->place_id);
    for (size_t j = 0; j < k->n_values; j++) {
      const Coalition__V1__ConflictValue *cv = k->values[j];
      printf("  = ");
      print_quantity(cv->value);
      printf("  (%" PRIu32 " fact%s)\n", cv->fact_count, cv->fact_count == 1 ? "" : "s");
      for (size_t f = 0; f < cv->n_facts; f++) {
        print_fact(cv->facts[f], "    ", &fv);
      }
    }
  }
  print_page_footer(r->n_conflicts, r->total_size, "conflicts", r->next_page_token);
  protobuf_c_message_free_unpacked(resp, NULL);
  return EXIT_OK;
}

/* ---- main ---------------------------------------------------------------- */

typedef int (*command_fn)(cli *x, int argc, char **argv);

static const struct command {
  const char *name;
  command_fn run;
  const char *args;
  const char *summary;
} commands[] = {
    {"health", cmd_health, "", "serving status; exit 0 only when SERVING"},
    {"stats", cmd_stats, "", "counts, version, uptime and per-method calls"},
    {"docs", cmd_docs, "[--page-size N]", "list all documents (follows pages)"},
    {"doc", cmd_doc, "[--no-text] ID", "one document: metadata, then numbered sentences"},
    {"methods", cmd_methods, "[--descriptor-set FILE]", "the API's methods; optionally save its descriptors"},
    {"call", cmd_call, "METHOD [JSON|-]", "call any method with a JSON body; print the JSON reply"},
    {"extract", cmd_extract, "[--published YYYY-MM-DD] FILE|-", "analyse a text file without storing it"},
    {"entities", cmd_entities, "[--kind K] [--all] [--page-size N] [--page-token T] [QUERY]",
     "entities of the corpus by name prefix, any spelling (--all: also unmentioned)"},
    {"entity", cmd_entity, "[--source] NAME|ID", "one entity: roles known and stated, documents (--source: sentences)"},
    {"facts", cmd_facts,
     "[--kind K] [--entity E] [--metric M] [--doc ID] [--from D] [--to D] [--source] [--page-size N] [--page-token T]",
     "facts of the corpus by kind, entity, metric, document, date (--source: sentences)"},
    {"search", cmd_search, "[--page-size N] [--page-token T] TEXT", "sentences holding every word of TEXT, any spelling"},
    {"timeline", cmd_timeline, "[--kind K] [--from D] [--to D] [--source] [--page-size N] [--page-token T] NAME",
     "dated facts of an entity or place, earliest first"},
    {"asof", cmd_asof, "METRIC --date D [--subject E] [--place P] [--source]",
     "latest value of METRIC known at D, its sources, conflicting and earlier values"},
    {"conflicts", cmd_conflicts, "[--metric M] [--entity E] [--source] [--page-size N] [--page-token T]",
     "facts of the same metric and time whose values disagree, grouped"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void print_help(void)
{
  printf("Usage: %s [OPTIONS] COMMAND [ARGS]\n\n"
         "Query coalitiond, the fact service for Arabic news about the anti-ISIS coalition.\n\n"
         "Commands:\n",
         prog);
  for (size_t i = 0; i < N_COMMANDS; i++) {
    char left[256];
    snprintf(left, sizeof left, "%s %s", commands[i].name, commands[i].args);
    if (strlen(left) > 40) { /* long usage: on its own line, summary below */
      printf("  %s\n  %-40s %s\n", left, "", commands[i].summary);
    } else {
      printf("  %-40s %s\n", left, commands[i].summary);
    }
  }
  printf("  %-40s %s\n", "help", "this text");
  printf("\nOptions (anywhere on the line):\n"
         "  --addr URL        server address (default $COALITION_ADDR, else " DEFAULT_ADDR ");\n"
         "                    tcp://HOST:PORT, ipc:///PATH or tls+tcp://HOST:PORT\n"
         "  --timeout MS      deadline of each call in milliseconds (default %u)\n"
         "  --json            print the reply as proto3 JSON instead of a table\n"
         "  --meta KEY=VALUE  add request metadata (repeatable), e.g. x-request-id=abc\n"
         "  --tls-ca FILE     CA certificate (PEM) for tls+tcp:// (default $COALITION_TLS_CA)\n"
         "  -h, --help        this text\n"
         "  -V, --version     client version\n"
         "\nExit status: 0 OK; 1 the call failed (the error names the gRPC status, e.g.\n"
         "NOT_FOUND, or the transport problem); 2 bad usage (unknown command, bad flag, bad JSON).\n"
         "\nExamples:\n"
         "  %s health                                  # is the server up?\n"
         "  %s --addr tcp://10.0.0.5:7700 stats\n"
         "  %s docs --page-size 100\n"
         "  %s doc ID --no-text                        # ID from 'docs'\n"
         "  %s --json doc ID | jq '.sentences[0]'\n"
         "  %s extract --published 2016-07-20 article.txt\n"
         "  %s call GetDocument '{\"id\": \"ID\", \"omitText\": true}'\n"
         "  echo '{\"pageSize\": 5}' | %s call /coalition.v1.FactService/ListDocuments -\n"
         "  %s methods --descriptor-set api.fds        # then: protoc --decode=... --descriptor_set_in=api.fds\n",
         CLIENT_TIMEOUT_DEFAULT_MS, prog, prog, prog, prog, prog, prog, prog, prog, prog);
}

int main(int argc, char **argv)
{
  cli x = {.addr = getenv("COALITION_ADDR"), .timeout_ms = CLIENT_TIMEOUT_DEFAULT_MS,
           .tls_ca_file = getenv("COALITION_TLS_CA")};
  if (x.addr == NULL || x.addr[0] == '\0') {
    x.addr = DEFAULT_ADDR;
  }
  const struct command *cmd = NULL;
  char **rest = calloc((size_t)argc + 1, sizeof *rest);
  int n_rest = 0;
  bool is_help = false, is_version = false, is_end = false;
  int rv = EXIT_USAGE;
  if (rest == NULL) {
    return EXIT_FAIL;
  }

  /* Global options may appear anywhere; everything else, after the command
   * name, goes to the command in its order. */
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    if (is_end || a[0] != '-' || a[1] == '\0') {
      if (cmd == NULL && !is_help) {
        if (strcmp(a, "help") == 0) {
          is_help = true;
          continue;
        }
        for (size_t k = 0; k < N_COMMANDS; k++) {
          if (strcmp(a, commands[k].name) == 0) {
            cmd = &commands[k];
          }
        }
        if (cmd == NULL) {
          rv = usage_error("unknown command '%s'", a);
          goto done;
        }
        continue;
      }
      rest[n_rest++] = argv[i];
    } else if (strcmp(a, "--") == 0) {
      is_end = true;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      is_help = true;
    } else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
      is_version = true;
    } else if (strcmp(a, "--json") == 0) {
      x.is_json = true;
    } else if (is_option(a, "--addr")) {
      if ((v = option_value(argc, argv, &i, "--addr")) == NULL || v[0] == '\0') {
        rv = usage_error("--addr wants a URL such as " DEFAULT_ADDR);
        goto done;
      }
      x.addr = v;
    } else if (is_option(a, "--timeout")) {
      v = option_value(argc, argv, &i, "--timeout");
      if (!parse_u32(v, 1, LIMIT_TIMEOUT_MAX_MS, &x.timeout_ms)) {
        rv = usage_error("--timeout wants milliseconds from 1 to %u", LIMIT_TIMEOUT_MAX_MS);
        goto done;
      }
    } else if (is_option(a, "--tls-ca")) {
      if ((x.tls_ca_file = option_value(argc, argv, &i, "--tls-ca")) == NULL) {
        rv = usage_error("--tls-ca wants a PEM file");
        goto done;
      }
    } else if (is_option(a, "--meta")) {
      v = option_value(argc, argv, &i, "--meta");
      char *eq = v != NULL ? strchr(v, '=') : NULL;
      if (eq == NULL || eq == v || x.n_md == MAX_META) {
        rv = usage_error("--meta wants KEY=VALUE (at most %d)", MAX_META);
        goto done;
      }
      /* argv is ours to modify: split KEY=VALUE in place. */
      *eq = '\0';
      x.md[x.n_md].key = v;
      x.md[x.n_md].value = eq + 1;
      x.n_md++;
    } else if (cmd != NULL) {
      rest[n_rest++] = argv[i]; /* a command's own option */
    } else {
      rv = usage_error("unknown option '%s'", a);
      goto done;
    }
  }

  if (is_version) {
    printf("coalition %s (protobuf-c %s, nng %s, json-c %s)\n", COALITION_VERSION, protobuf_c_version(),
           nng_version(), json_c_version());
    rv = EXIT_OK;
  } else if (is_help) {
    print_help();
    rv = EXIT_OK;
  } else if (cmd == NULL) {
    rv = usage_error("no command given");
  } else {
    rv = cmd->run(&x, n_rest, rest);
  }

done:
  client_destroy(x.c);
  free(rest);
  return rv;
}
