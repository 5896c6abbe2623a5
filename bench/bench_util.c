/* bench_util.c: see bench_util.h. The load driver is written once and used
 * for coalitiond and for the echo floor alike, so the client's own cost is
 * the same on both sides of every ratio. */
#define _GNU_SOURCE /* sched_setaffinity, CPU_SET */
#include "bench_util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "coalition/v1/envelope.pb-c.h"
#include "coalition/v1/fact_service.pb-c.h"

#ifndef BENCH_BUILD_TYPE
#define BENCH_BUILD_TYPE "unknown"
#endif
#ifndef BENCH_C_FLAGS
#define BENCH_C_FLAGS ""
#endif

#define RECV_MAX_BYTES (16u * 1024 * 1024)

/* ---- clocks, stats ------------------------------------------------------ */

uint64_t bench_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void bench_sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double bench_median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double bench_percentile(double *v, size_t n, double p)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	size_t rank = (size_t)ceil(p / 100.0 * (double)n);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

/* ---- machine ------------------------------------------------------------ */

int bench_nproc(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

int bench_client_cpu(void) { return bench_nproc() >= 2 ? 0 : -1; }
int bench_server_cpu(void) { return bench_nproc() >= 2 ? 1 : -1; }

int bench_pin_cpu(int cpu)
{
	if (cpu < 0)
		return -1;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : -1;
}

static void cpu_model(char *out, size_t cap)
{
	snprintf(out, cap, "unknown");
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (f == NULL)
		return;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "model name", 10) == 0) {
			char *c = strchr(line, ':');
			if (c != NULL) {
				c++;
				while (*c == ' ' || *c == '\t')
					c++;
				c[strcspn(c, "\n")] = '\0';
				snprintf(out, cap, "%s", c);
			}
			break;
		}
	}
	fclose(f);
}

void bench_print_header(const char *prog, const char *what)
{
	char model[256], when[64];
	struct utsname u;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
	cpu_model(model, sizeof model);
	if (uname(&u) != 0)
		snprintf(u.release, sizeof u.release, "?");
	printf("# %s: %s\n", prog, what);
	printf("# date %s | nproc %d | cpu %s | kernel %s\n", when, bench_nproc(), model, u.release);
	char load[64] = "?";
	FILE *lf = fopen("/proc/loadavg", "r");
	if (lf != NULL) {
		if (fgets(load, sizeof load, lf) != NULL) {
			/* first three fields */
			char *sp = load;
			for (int k = 0; k < 3 && sp != NULL; k++)
				sp = strchr(sp + 1, ' ');
			if (sp != NULL)
				*sp = '\0';
		}
		fclose(lf);
	}
	printf("# loadavg at start %s (other work on the machine skews every figure)\n", load);
	printf("# build %s (C flags: %s)", BENCH_BUILD_TYPE, BENCH_C_FLAGS);
	if (bench_client_cpu() >= 0)
		printf(" | pinning: client cpu %d, servers cpu %d\n", bench_client_cpu(), bench_server_cpu());
	else
		printf(" | pinning: none (1 CPU)\n");
}

/* ---- files ---------------------------------------------------------------- */

char *bench_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	while (buf != NULL) {
		size_t k = fread(buf + n, 1, cap - n, f);
		n += k;
		if (n < cap)
			break;
		char *nb = realloc(buf, cap * 2 + 1);
		if (nb == NULL) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nb;
		cap *= 2;
	}
	fclose(f);
	if (buf == NULL)
		return NULL;
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

bool bench_flag(int argc, char **argv, int *i, const char *name, const char **val)
{
	if (strcmp(argv[*i], name) != 0)
		return false;
	if (*i + 1 >= argc) {
		fprintf(stderr, "%s needs a value\n", name);
		exit(2);
	}
	*val = argv[++*i];
	return true;
}

/* ---- server processes --------------------------------------------------- */

static void print_log_tail(const char *path)
{
	size_t n = 0;
	char *log = bench_slurp(path, &n);
	if (log == NULL)
		return;
	const char *start = n > 2000 ? log + n - 2000 : log;
	fprintf(stderr, "--- %s (tail)\n%s\n---\n", path, start);
	free(log);
}

int bench_proc_start(bench_proc *p, char *const argv[], int cpu, int n_urls,
    const char *log_path, int timeout_ms)
{
	memset(p, 0, sizeof *p);
	snprintf(p->log_path, sizeof p->log_path, "%s", log_path);
	int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		fprintf(stderr, "cannot create %s: %s\n", log_path, strerror(errno));
		return -1;
	}
	fflush(NULL);
	uint64_t t0 = bench_now_ns();
	pid_t pid = fork();
	if (pid < 0) {
		close(fd);
		return -1;
	}
	if (pid == 0) {
		if (cpu >= 0)
			bench_pin_cpu(cpu);
		int devnull = open("/dev/null", O_RDWR);
		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 1);
		}
		dup2(fd, 2);
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fd);
	p->pid = pid;
	for (;;) {
		size_t n = 0;
		char *log = bench_slurp(log_path, &n);
		int found = 0;
		const char *s = log;
		while (log != NULL && found < n_urls && (s = strstr(s, "listening on ")) != NULL) {
			s += strlen("listening on ");
			size_t k = strcspn(s, "\n");
			if (s[k] != '\n')
				break; /* line not complete yet */
			snprintf(p->urls[found], sizeof p->urls[found], "%.*s", (int)k, s);
			found++;
		}
		free(log);
		if (found == n_urls) {
			p->startup_ms = (double)(bench_now_ns() - t0) / 1e6;
			p->n_urls = n_urls;
			return 0;
		}
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			fprintf(stderr, "%s exited during start-up (status %d)\n", argv[0], st);
			print_log_tail(log_path);
			p->pid = 0;
			return -1;
		}
		if ((double)(bench_now_ns() - t0) / 1e6 > timeout_ms) {
			fprintf(stderr, "%s did not start listening within %d ms\n", argv[0], timeout_ms);
			print_log_tail(log_path);
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			p->pid = 0;
			return -1;
		}
		bench_sleep_ms(2);
	}
}

int bench_proc_stop(bench_proc *p)
{
	if (p->pid <= 0)
		return -1;
	kill(p->pid, SIGTERM);
	int st = 0;
	for (int waited = 0; waited < 10000; waited += 10) {
		if (waitpid(p->pid, &st, WNOHANG) == p->pid) {
			p->pid = 0;
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		}
		bench_sleep_ms(10);
	}
	kill(p->pid, SIGKILL);
	waitpid(p->pid, NULL, 0);
	p->pid = 0;
	return -1;
}

static long proc_status_kb(pid_t pid, const char *key)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	long kb = -1;
	size_t kl = strlen(key);
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
			kb = strtol(line + kl + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return kb;
}

long bench_proc_rss_kb(pid_t pid) { return proc_status_kb(pid, "VmRSS"); }
long bench_proc_hwm_kb(pid_t pid) { return proc_status_kb(pid, "VmHWM"); }

/* ---- requests ----------------------------------------------------------- */

int bench_req_envelope(bench_req *r, const char *short_name, const void *body_msg)
{
	memset(r, 0, sizeof *r);
	char method[128];
	snprintf(method, sizeof method, "/coalition.v1.FactService/%s", short_name);
	Coalition__V1__Request req = COALITION__V1__REQUEST__INIT;
	req.method = method;
	uint8_t *body = NULL;
	if (body_msg != NULL) {
		const ProtobufCMessage *m = body_msg;
		size_t bl = protobuf_c_message_get_packed_size(m);
		body = malloc(bl ? bl : 1);
		if (body == NULL)
			return -1;
		protobuf_c_message_pack(m, body);
		req.body.data = body;
		req.body.len = bl;
	}
	r->len = coalition__v1__request__get_packed_size(&req);
	r->buf = malloc(r->len);
	if (r->buf == NULL) {
		free(body);
		return -1;
	}
	coalition__v1__request__pack(&req, r->buf);
	free(body);
	return 0;
}

int bench_req_echo(bench_req *r, size_t len, size_t reply_len)
{
	memset(r, 0, sizeof *r);
	if (len < 4)
		len = 4;
	r->buf = calloc(1, len);
	if (r->buf == NULL)
		return -1;
	r->len = len;
	uint32_t v = (uint32_t)reply_len;
	for (int i = 0; i < 4; i++)
		r->buf[i] = (uint8_t)(v >> (8 * i));
	r->reply_len = reply_len;
	return 0;
}

void bench_req_free(bench_req *r)
{
	free(r->buf);
	r->buf = NULL;
}

static int req_socket_open(nng_socket *s, const char *url)
{
	int rv;
	if ((rv = nng_req0_open(s)) != 0) {
		fprintf(stderr, "req open: %s\n", nng_strerror(rv));
		return -1;
	}
	nng_socket_set_size(*s, NNG_OPT_RECVMAXSZ, RECV_MAX_BYTES);
	nng_socket_set_ms(*s, NNG_OPT_RECVTIMEO, 30000);
	nng_socket_set_ms(*s, NNG_OPT_SENDTIMEO, 30000);
	if ((rv = nng_dial(*s, url, NULL, 0)) != 0) {
		fprintf(stderr, "dial %s: %s\n", url, nng_strerror(rv));
		nng_close(*s);
		return -1;
	}
	return 0;
}

int bench_req_check(bench_req *r, const char *url) { return bench_req_call(r, url, NULL, NULL); }

int bench_req_call(bench_req *r, const char *url, uint8_t **body, size_t *body_len)
{
	nng_socket s;
	if (req_socket_open(&s, url) != 0)
		return -1;
	int rc = -1, rv;
	void *p = NULL;
	size_t sz = 0;
	if ((rv = nng_send(s, r->buf, r->len, 0)) != 0 ||
	    (rv = nng_recv(s, &p, &sz, NNG_FLAG_ALLOC)) != 0) {
		fprintf(stderr, "call to %s: %s\n", url, nng_strerror(rv));
		goto out;
	}
	Coalition__V1__Reply *rep = coalition__v1__reply__unpack(NULL, sz, p);
	if (rep == NULL) {
		fprintf(stderr, "reply from %s does not decode\n", url);
		goto out;
	}
	if (rep->status != NULL && rep->status->code != 0) {
		fprintf(stderr, "reply from %s: status %d: %s\n", url, rep->status->code,
		    rep->status->message ? rep->status->message : "");
	} else {
		r->reply_len = sz;
		rc = 0;
		if (body != NULL) {
			*body_len = rep->body.len;
			*body = malloc(rep->body.len ? rep->body.len : 1);
			if (*body == NULL)
				rc = -1;
			else if (rep->body.len)
				memcpy(*body, rep->body.data, rep->body.len);
		}
	}
	coalition__v1__reply__free_unpacked(rep, NULL);
out:
	if (p != NULL)
		nng_free(p, sz);
	nng_close(s);
	return rc;
}

/* ---- latency ------------------------------------------------------------ */

int bench_latency(const char *url, const bench_req *reqs, size_t n, size_t warmup,
    size_t count, double max_s, bench_lat *out)
{
	memset(out, 0, sizeof *out);
	nng_socket s;
	if (req_socket_open(&s, url) != 0)
		return -1;
	double *lat = malloc((count ? count : 1) * sizeof *lat);
	if (lat == NULL) {
		nng_close(s);
		return -1;
	}
	size_t got = 0;
	uint64_t t_end = 0;
	for (size_t i = 0; i < warmup + count; i++) {
		if (i == warmup)
			t_end = bench_now_ns() + (uint64_t)(max_s * 1e9);
		const bench_req *r = &reqs[i % n];
		void *p = NULL;
		size_t sz = 0;
		uint64_t t0 = bench_now_ns();
		int rv = nng_send(s, r->buf, r->len, 0);
		if (rv == 0)
			rv = nng_recv(s, &p, &sz, NNG_FLAG_ALLOC);
		uint64_t t1 = bench_now_ns();
		if (rv != 0 || (r->reply_len && sz != r->reply_len)) {
			out->errors++;
		} else if (i >= warmup) {
			lat[got++] = (double)(t1 - t0) / 1e3;
		}
		if (p != NULL)
			nng_free(p, sz);
		if (i >= warmup && t1 > t_end)
			break;
	}
	nng_close(s);
	out->samples = got;
	out->p50_us = bench_percentile(lat, got, 50);
	out->p90_us = bench_percentile(lat, got, 90);
	out->p99_us = bench_percentile(lat, got, 99);
	free(lat);
	return got > 0 ? 0 : -1;
}

/* ---- requests from text ------------------------------------------------- */

static const ProtobufCMethodDescriptor *method_desc(const char *short_name)
{
	return protobuf_c_service_descriptor_get_method_by_name(&coalition__v1__fact_service__descriptor, short_name);
}

bool bench_method_exists(const char *short_name) { return method_desc(short_name) != NULL; }

/* Sets one scalar field of m from text. Strings point into v (the caller
 * keeps v alive until the message is packed). */
static int set_field(ProtobufCMessage *m, const char *name, char *v, char *err, size_t err_len)
{
	const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name);
	if (f == NULL) {
		snprintf(err, err_len, "%s has no field %s", m->descriptor->name, name);
		return -1;
	}
	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		snprintf(err, err_len, "%s.%s is repeated (not supported)", m->descriptor->name, name);
		return -1;
	}
	void *at = (char *)m + f->offset;
	char *end = NULL;
	errno = 0;
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		*(char **)at = v;
		break;
	case PROTOBUF_C_TYPE_BOOL:
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			goto bad;
		*(protobuf_c_boolean *)at = v[0] == 't';
		break;
	case PROTOBUF_C_TYPE_ENUM: {
		const ProtobufCEnumValue *ev = protobuf_c_enum_descriptor_get_value_by_name(f->descriptor, v);
		long n = ev ? ev->value : strtol(v, &end, 10);
		if (ev == NULL && (end == v || *end != '\0'))
			goto bad;
		*(int *)at = (int)n;
		break;
	}
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		*(int32_t *)at = (int32_t)strtol(v, &end, 10);
		break;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		*(uint32_t *)at = (uint32_t)strtoul(v, &end, 10);
		break;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		*(int64_t *)at = (int64_t)strtoll(v, &end, 10);
		break;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		*(uint64_t *)at = (uint64_t)strtoull(v, &end, 10);
		break;
	default:
		snprintf(err, err_len, "%s.%s: only scalar fields can be set", m->descriptor->name, name);
		return -1;
	}
	if (end != NULL && (end == v || *end != '\0' || errno != 0))
		goto bad;
	/* proto2-style optional scalars carry a has_ flag; proto3 ones do not */
	if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->quantifier_offset != 0 &&
	    f->type != PROTOBUF_C_TYPE_STRING)
		*(protobuf_c_boolean *)((char *)m + f->quantifier_offset) = 1;
	return 0;
bad:
	snprintf(err, err_len, "%s.%s: bad value \"%s\"", m->descriptor->name, name, v);
	return -1;
}

int bench_req_build(bench_req *r, const char *short_name, const char *spec, const char *page_token,
    char *err, size_t err_len)
{
	memset(r, 0, sizeof *r);
	const ProtobufCMethodDescriptor *md = method_desc(short_name);
	if (md == NULL) {
		snprintf(err, err_len, "FactService has no method %s in this build's proto", short_name);
		return -1;
	}
	ProtobufCMessage *m = calloc(1, md->input->sizeof_message);
	char *text = strdup(spec ? spec : "");
	int rc = -1;
	if (m == NULL || text == NULL) {
		snprintf(err, err_len, "out of memory");
		goto out;
	}
	protobuf_c_message_init(md->input, m);
	for (char *save = NULL, *kv = strtok_r(text, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');
		if (eq == NULL) {
			snprintf(err, err_len, "\"%s\": not field=value", kv);
			goto out;
		}
		*eq = '\0';
		if (set_field(m, kv, eq + 1, err, err_len) != 0)
			goto out;
	}
	if (page_token != NULL && set_field(m, "page_token", (char *)page_token, err, err_len) != 0)
		goto out;
	if (bench_req_envelope(r, short_name, m) != 0) {
		snprintf(err, err_len, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(m); /* strings in m point into text or page_token: nothing else to free */
	free(text);
	return rc;
}

void bench_tokens_free(char **tokens, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(tokens[i]);
	free(tokens);
}

int bench_page_tokens(const char *url, const char *short_name, const char *spec, size_t max_pages,
    char ***tokens, size_t *n_tokens, char *err, size_t err_len)
{
	const ProtobufCMethodDescriptor *md = method_desc(short_name);
	const ProtobufCFieldDescriptor *nf =
	    md ? protobuf_c_message_descriptor_get_field_by_name(md->output, "next_page_token") : NULL;
	*tokens = NULL;
	*n_tokens = 0;
	if (nf == NULL || nf->type != PROTOBUF_C_TYPE_STRING) {
		snprintf(err, err_len, "%s: no such paged method", short_name);
		return -1;
	}
	size_t n = 0, cap = 64;
	char **tok = malloc(cap * sizeof *tok);
	if (tok == NULL || (tok[0] = strdup("")) == NULL) {
		free(tok);
		snprintf(err, err_len, "out of memory");
		return -1;
	}
	n = 1;
	while (n < max_pages) {
		bench_req r;
		uint8_t *body = NULL;
		size_t blen = 0;
		if (bench_req_build(&r, short_name, spec, tok[n - 1], err, err_len) != 0)
			goto fail;
		int rv = bench_req_call(&r, url, &body, &blen);
		bench_req_free(&r);
		if (rv != 0) {
			snprintf(err, err_len, "%s page %zu did not answer OK", short_name, n);
			goto fail;
		}
		ProtobufCMessage *resp = protobuf_c_message_unpack(md->output, NULL, blen, body);
		free(body);
		if (resp == NULL) {
			snprintf(err, err_len, "%s reply does not decode", short_name);
			goto fail;
		}
		const char *next = *(char **)((char *)resp + nf->offset);
		char *copy = next && next[0] ? strdup(next) : NULL;
		protobuf_c_message_free_unpacked(resp, NULL);
		if (copy == NULL)
			break;
		if (n == cap) {
			char **nt = realloc(tok, 2 * cap * sizeof *nt);
			if (nt == NULL) {
				free(copy);
				snprintf(err, err_len, "out of memory");
				goto fail;
			}
			tok = nt;
			cap *= 2;
		}
		tok[n++] = copy;
	}
	*tokens = tok;
	*n_tokens = n;
	return 0;
fail:
	bench_tokens_free(tok, n);
	return -1;
}

/* ---- throughput --------------------------------------------------------- */

typedef struct load load;

typedef struct {
	load *l;
	nng_ctx ctx;
	nng_aio *aio;
	int sending;
	size_t next;
} slot;

struct load {
	const bench_req *reqs;
	size_t n;
	atomic_uint_fast64_t done;
	atomic_uint_fast64_t errors;
	atomic_int stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int active;
};

static void slot_finish(slot *s)
{
	load *l = s->l;
	pthread_mutex_lock(&l->mu);
	if (--l->active == 0)
		pthread_cond_broadcast(&l->cv);
	pthread_mutex_unlock(&l->mu);
}

/* Returns 0 when a send was started. */
static int slot_send(slot *s)
{
	load *l = s->l;
	const bench_req *r = &l->reqs[s->next++ % l->n];
	nng_msg *m;
	if (nng_msg_alloc(&m, r->len) != 0)
		return -1;
	memcpy(nng_msg_body(m), r->buf, r->len);
	s->sending = 1;
	nng_aio_set_msg(s->aio, m);
	nng_aio_set_timeout(s->aio, 30000);
	nng_ctx_send(s->ctx, s->aio);
	return 0;
}

static void slot_cb(void *arg)
{
	slot *s = arg;
	load *l = s->l;
	int rv = nng_aio_result(s->aio);
	if (s->sending) {
		if (rv != 0) {
			nng_msg_free(nng_aio_get_msg(s->aio));
			atomic_fetch_add(&l->errors, 1);
			slot_finish(s);
			return;
		}
		s->sending = 0;
		nng_aio_set_timeout(s->aio, 30000);
		nng_ctx_recv(s->ctx, s->aio);
		return;
	}
	if (rv != 0) {
		atomic_fetch_add(&l->errors, 1);
		slot_finish(s);
		return;
	}
	nng_msg *m = nng_aio_get_msg(s->aio);
	const bench_req *r = &l->reqs[(s->next - 1) % l->n];
	if (r->reply_len && nng_msg_len(m) != r->reply_len)
		atomic_fetch_add(&l->errors, 1);
	else
		atomic_fetch_add(&l->done, 1);
	nng_msg_free(m);
	if (atomic_load(&l->stop) || slot_send(s) != 0)
		slot_finish(s);
}

int bench_throughput(const char *url, const bench_req *reqs, size_t n, int concurrency,
    double warmup_s, double seconds, bench_tput *out)
{
	memset(out, 0, sizeof *out);
	int nsock = concurrency < 8 ? concurrency : 8;
	nng_socket socks[8];
	slot *slots = calloc((size_t)concurrency, sizeof *slots);
	load l = {.reqs = reqs, .n = n};
	int rc = -1, opened = 0, ready = 0;
	atomic_init(&l.done, 0);
	atomic_init(&l.errors, 0);
	atomic_init(&l.stop, 0);
	pthread_mutex_init(&l.mu, NULL);
	pthread_cond_init(&l.cv, NULL);
	if (slots == NULL)
		goto out;
	for (; opened < nsock; opened++)
		if (req_socket_open(&socks[opened], url) != 0)
			goto out;
	for (; ready < concurrency; ready++) {
		slot *s = &slots[ready];
		s->l = &l;
		s->next = (size_t)ready;
		if (nng_ctx_open(&s->ctx, socks[ready % nsock]) != 0)
			goto out;
		if (nng_aio_alloc(&s->aio, slot_cb, s) != 0) {
			nng_ctx_close(s->ctx);
			goto out;
		}
	}
	pthread_mutex_lock(&l.mu);
	l.active = concurrency;
	pthread_mutex_unlock(&l.mu);
	for (int i = 0; i < concurrency; i++)
		if (slot_send(&slots[i]) != 0)
			slot_finish(&slots[i]);
	bench_sleep_ms((unsigned)(warmup_s * 1000));
	uint64_t c0 = atomic_load(&l.done), t0 = bench_now_ns();
	bench_sleep_ms((unsigned)(seconds * 1000));
	uint64_t c1 = atomic_load(&l.done), t1 = bench_now_ns();
	atomic_store(&l.stop, 1);
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += 35;
	pthread_mutex_lock(&l.mu);
	while (l.active > 0)
		if (pthread_cond_timedwait(&l.cv, &l.mu, &dl) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&l.mu);
	out->done = c1 - c0;
	out->rps = (double)(c1 - c0) / ((double)(t1 - t0) / 1e9);
	out->errors = atomic_load(&l.errors);
	rc = 0;
out:
	/* Stop every aio before closing anything: nng_aio_stop cancels what is
	 * still pending and waits until that aio's callback has returned. A
	 * send callback can still be inside nng_ctx_recv when the reply's
	 * callback (on another nng thread) finishes the slot, so active == 0
	 * alone does not mean no callback is running (closing the socket at
	 * that point made nng panic in nng_ctx_recv). */
	for (int i = 0; i < ready; i++)
		nng_aio_stop(slots[i].aio);
	for (int i = 0; i < opened; i++)
		nng_close(socks[i]);
	for (int i = 0; i < ready; i++)
		nng_aio_free(slots[i].aio);
	free(slots);
	pthread_mutex_destroy(&l.mu);
	pthread_cond_destroy(&l.cv);
	return rc;
}
