/* bench_util: shared pieces of the bench/ programs. Machine header, clocks,
 * medians and percentiles, CPU pinning, starting a server process and reading
 * the URL it logs ("listening on URL"), VmRSS, and the RPC load driver
 * (latency at one request in flight, throughput at N in flight) over raw nng
 * REQ sockets, used identically against coalitiond and the echo floor.
 * Benchmarks print figures; nothing here asserts a target. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- clocks, stats ------------------------------------------------------ */

uint64_t bench_now_ns(void);
/* Median of v[0..n) (sorts v in place). 0 when n is 0. */
double bench_median(double *v, size_t n);
/* Nearest-rank percentile p (0..100) of v[0..n) (sorts v in place). */
double bench_percentile(double *v, size_t n, double p);
void bench_sleep_ms(unsigned ms);

/* ---- machine ------------------------------------------------------------ */

/* Prints the header: program, date (UTC), nproc, CPU model, kernel, build
 * type and flags, and the CPU pinning used. */
void bench_print_header(const char *prog, const char *what);
int bench_nproc(void);
/* Pins the calling process (and the threads it creates later) to cpu.
 * Returns 0, or -1 when that CPU does not exist or pinning fails. */
int bench_pin_cpu(int cpu);
/* CPU for the client (this process) and for server processes: 0 and 1 on a
 * machine with 2+ CPUs, -1 (no pinning) otherwise. */
int bench_client_cpu(void);
int bench_server_cpu(void);

/* ---- server processes --------------------------------------------------- */

typedef struct {
	pid_t pid;
	int n_urls;
	char urls[4][256];     /* bound URLs in the order the server logged them */
	double startup_ms;     /* fork until the last expected "listening on" line */
	char log_path[512];    /* the server's stderr goes here */
} bench_proc;

/* Starts argv[0] (a path) with argv, stderr to log_path, pinned to cpu (-1:
 * not pinned), and waits (at most timeout_ms) until it has logged
 * "listening on " n_urls times. Returns 0, or -1 with the log tail printed. */
int bench_proc_start(bench_proc *p, char *const argv[], int cpu, int n_urls,
    const char *log_path, int timeout_ms);
/* SIGTERM, wait up to 10 s, then SIGKILL. Returns the exit status or -1. */
int bench_proc_stop(bench_proc *p);
/* VmRSS / VmHWM of a process in KiB (-1 when unreadable). */
long bench_proc_rss_kb(pid_t pid);
long bench_proc_hwm_kb(pid_t pid);

/* ---- requests ----------------------------------------------------------- */

/* One request as bytes, plus the reply size it produced when checked. */
typedef struct {
	uint8_t *buf;
	size_t len;
	size_t reply_len; /* 0 until bench_req_check */
} bench_req;

/* Packs a coalition.v1.Request envelope for FactService method short_name
 * with body (may be NULL). Returns 0 or -1. */
int bench_req_envelope(bench_req *r, const char *short_name, const void *body_msg);
/* An echo-server request of len bytes whose first 4 bytes (little endian)
 * ask for a reply of reply_len bytes. len >= 4. */
int bench_req_echo(bench_req *r, size_t len, size_t reply_len);
void bench_req_free(bench_req *r);
/* Sends r once to url, decodes the Reply and requires status OK. Stores the
 * reply size in r->reply_len. Returns 0, or -1 with the reason printed. */
int bench_req_check(bench_req *r, const char *url);
/* The same, also returning a copy of Reply.body (free()) when body is not
 * NULL. */
int bench_req_call(bench_req *r, const char *url, uint8_t **body, size_t *body_len);

/* ---- requests from text (protobuf-c descriptors) ------------------------ */

/* Builds the envelope of FactService method short_name from spec, the
 * request's fields as "field=value" pairs joined by '&' (e.g.
 * "entity=country:US&page_size=50"; "" for none). Fields are looked up by
 * name in the compiled proto, so a query is one line of text and needs no
 * generated C names. Scalar fields only: string, bool (true/false), enum
 * (value name or number), integers. page_token, when not NULL, sets the
 * field "page_token" (tokens are opaque; they are not put into spec).
 * Returns 0, or -1 with a message in err (unknown method or field, a bad
 * value). */
int bench_req_build(bench_req *r, const char *short_name, const char *spec, const char *page_token,
    char *err, size_t err_len);
/* True when the compiled proto has FactService method short_name. */
bool bench_method_exists(const char *short_name);
/* Walks the pages of a paged method (request field page_token, response
 * field next_page_token) like a client, at most max_pages pages, and
 * returns every page's token in order in *tokens (the first is "";
 * free with bench_tokens_free). Returns 0 or -1 with a message in err. */
int bench_page_tokens(const char *url, const char *short_name, const char *spec, size_t max_pages,
    char ***tokens, size_t *n_tokens, char *err, size_t err_len);
void bench_tokens_free(char **tokens, size_t n);

/* ---- load --------------------------------------------------------------- */

typedef struct {
	double p50_us, p90_us, p99_us;
	size_t samples;
	size_t errors; /* failed calls or replies of the wrong size */
} bench_lat;

/* One request in flight: sends reqs[i % n] one after another over one REQ
 * socket, warmup first, then up to count requests or max_s seconds,
 * whichever comes first. A reply must have reqs[i].reply_len bytes (when
 * non-zero) to count as correct. */
int bench_latency(const char *url, const bench_req *reqs, size_t n, size_t warmup,
    size_t count, double max_s, bench_lat *out);

typedef struct {
	double rps;
	uint64_t done;
	uint64_t errors;
} bench_tput;

/* concurrency requests in flight (REQ contexts spread over at most 8
 * sockets, driven by nng aio callbacks), warmup_s then a window of seconds.
 * Returns 0 or -1 (setup failed). */
int bench_throughput(const char *url, const bench_req *reqs, size_t n, int concurrency,
    double warmup_s, double seconds, bench_tput *out);

/* ---- misc --------------------------------------------------------------- */

/* Reads a whole file; returns a new buffer (free()) and *len, or NULL. */
char *bench_slurp(const char *path, size_t *len);
/* Flag parsing helpers: value of "--name" at argv[*i] (advances *i). */
bool bench_flag(int argc, char **argv, int *i, const char *name, const char **val);

#endif
