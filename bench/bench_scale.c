/* bench_scale: coalitiond on the bundled 5-document corpus and on a
 * generated corpus of N documents (gen_corpus.h; default 10,000), in the
 * same run. Figures:
 *   start-up time  fork/exec until "listening on" is logged (median of
 *                  --start-reps starts);
 *   memory         VmRSS right after start-up and after the query runs, and
 *                  VmHWM, against the corpus text size (target: RSS < 20x);
 *   queries        p50/p90/p99 at 1 request in flight and req/s at 64 in
 *                  flight for every row of queries[] below (Health,
 *                  GetEntity, QueryFacts pages, Search, ... GetDocument and
 *                  ListDocuments spread over the corpus); target: p50 at N
 *                  within 1.5x of p50 at 5 documents.
 * Both servers run at once, pinned to the server CPU, and the query runs
 * alternate between them, so drift on the machine hits both alike.
 *
 *   bench_scale [--docs 10000] [--seed 1] [--reps 5] [--count 300]
 *               [--start-reps 3] [--seconds 0.25] [--corpus corpus]
 *               [--server PATH] [--keep]
 */
#define _GNU_SOURCE /* mkdtemp, nftw */
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_util.h"
#include "gen_corpus.h"

#ifndef BENCH_COALITIOND
#define BENCH_COALITIOND "coalitiond"
#endif

#define RSS_TARGET_X 20.0
#define LAT_TARGET_X 1.5
#define MAX_SPREAD 64
#define WARMUP 20           /* calls before each latency run; few, as a slow query's call can take ms */
#define MAX_WALK_PAGES 5000 /* pages walked to collect the tokens of a spread-pages row */

enum { ONE, SPREAD_DOCS, SPREAD_PAGES };

/* One measured query. Adding one is a row here: the request is text, its
 * fields looked up by name in the compiled proto (bench_req_build), so a
 * new method needs no code. spread: ONE request; SPREAD_DOCS, up to
 * MAX_SPREAD requests with "$doc" replaced by ids spread over the corpus;
 * SPREAD_PAGES, up to MAX_SPREAD pages spread over the result, with tokens
 * collected by walking its pages like a client (tokens are opaque). A row
 * whose method is not in the proto, or that does not answer OK on both
 * corpora, is printed as skipped; the rest still run. */
typedef struct {
	const char *label;
	const char *method; /* FactService method */
	const char *spec;   /* request fields, "field=value&..." */
	int spread;
} query_def;

static const query_def queries[] = {
    {"Health", "Health", "", ONE},
    {"GetEntity country:US", "GetEntity", "id=country:US", ONE},
    {"GetEntity name \"ماكغورك\"", "GetEntity", "id=ماكغورك", ONE},
    {"QueryFacts entity country:US, page 50", "QueryFacts", "entity=country:US&page_size=50", ONE},
    {"QueryFacts metric coalition.members, page 50", "QueryFacts", "metric=coalition.members&page_size=50", ONE},
    {"QueryFacts metric coalition.members, page 5", "QueryFacts", "metric=coalition.members&page_size=5", ONE},
    {"QueryFacts metric, page 50 (spread pages)", "QueryFacts", "metric=coalition.members&page_size=50",
        SPREAD_PAGES},
    {"QueryFacts no filter, page 50", "QueryFacts", "page_size=50", ONE},
    {"Search \"التحالف\" (common), page 20", "Search", "query=التحالف&page_size=20", ONE},
    {"Search \"الإنتربول\" (rarer), page 20", "Search", "query=الإنتربول&page_size=20", ONE},
    {"Search \"التحالف غارة\" (2 words), page 20", "Search", "query=التحالف غارة&page_size=20", ONE},
    {"Timeline country:US, page 50", "Timeline", "entity=country:US&page_size=50", ONE},
    {"Timeline country:US, page 5", "Timeline", "entity=country:US&page_size=5", ONE},
    {"Timeline country:US, page 50 (spread pages)", "Timeline", "entity=country:US&page_size=50", SPREAD_PAGES},
    {"ValueAsOf coalition.members at 2017-06", "ValueAsOf", "metric=coalition.members&date=2017-06", ONE},
    {"ValueAsOf coalition.members, coalition, 2017-06", "ValueAsOf",
        "metric=coalition.members&subject=org:global_coalition&date=2017-06", ONE},
    {"ListConflicts, page 20", "ListConflicts", "page_size=20", ONE},
    {"ListConflicts coalition.members, page 20", "ListConflicts", "metric=coalition.members&page_size=20", ONE},
    {"GetDocument omit_text (spread ids)", "GetDocument", "id=$doc&omit_text=true", SPREAD_DOCS},
    {"ListDocuments page 50 (spread pages)", "ListDocuments", "page_size=50", SPREAD_PAGES},
    {"ListDocuments page 5 (spread pages)", "ListDocuments", "page_size=5", SPREAD_PAGES},
};
#define N_Q (sizeof queries / sizeof queries[0])

typedef struct {
	const char *name;
	char dir[4096];
	char **ids;
	size_t n_ids;
	size_t text_bytes;
	double *startup_ms;
	long rss_start_kb, rss_after_kb, hwm_kb;
	bench_proc proc;
	bench_req reqs[N_Q][MAX_SPREAD];
	size_t n_reqs[N_Q];
	double *lat[N_Q][3];
	double *samples[N_Q];
	double *tput[N_Q];
	size_t errors;
} corpus_run;

/* Ids of the manifest, in order, and the total size of their articles. */
static int read_manifest(corpus_run *c)
{
	char path[4096 + 64];
	snprintf(path, sizeof path, "%s/manifest.tsv", c->dir);
	char *m = bench_slurp(path, NULL);
	if (m == NULL)
		return -1;
	size_t cap = 0;
	int header = 1;
	for (char *save = NULL, *line = strtok_r(m, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		if (header) {
			header = 0;
			continue;
		}
		if (c->n_ids == cap) {
			cap = cap ? cap * 2 : 64;
			char **ni = realloc(c->ids, cap * sizeof *ni);
			if (ni == NULL)
				break;
			c->ids = ni;
		}
		char *id = strndup(line, strcspn(line, "\t"));
		struct stat st;
		snprintf(path, sizeof path, "%s/articles/%s.txt", c->dir, id);
		if (stat(path, &st) == 0)
			c->text_bytes += (size_t)st.st_size;
		c->ids[c->n_ids++] = id;
	}
	free(m);
	return c->n_ids ? 0 : -1;
}

static int start_server(corpus_run *c, const char *server, char *log_path)
{
	char *argv[] = {(char *)server, "--corpus", c->dir, "--listen", "tcp://127.0.0.1:0", NULL};
	return bench_proc_start(&c->proc, argv, bench_server_cpu(), 1, log_path, 600000);
}

/* spec with every "$doc" replaced by id, in buf. */
static const char *with_doc(const char *spec, const char *id, char *buf, size_t cap)
{
	size_t o = 0;
	for (const char *p = spec; *p && o + 1 < cap;) {
		if (strncmp(p, "$doc", 4) == 0) {
			o += (size_t)snprintf(buf + o, cap - o, "%s", id);
			p += 4;
		} else {
			buf[o++] = *p++;
		}
	}
	buf[o < cap ? o : cap - 1] = '\0';
	return buf;
}

/* Builds the requests of query q on corpus c and checks each answers OK.
 * Returns 0, or -1 with the reason in err (the row is then skipped). */
static int build_query(corpus_run *c, size_t q, char *err, size_t err_len)
{
	const query_def *d = &queries[q];
	const char *url = c->proc.urls[0];
	char **tok = NULL, spec[1024];
	size_t n_tok = 0, n = 1;
	if (d->spread == SPREAD_DOCS)
		n = c->n_ids < MAX_SPREAD ? c->n_ids : MAX_SPREAD;
	if (d->spread == SPREAD_PAGES) {
		if (bench_page_tokens(url, d->method, d->spec, MAX_WALK_PAGES, &tok, &n_tok, err, err_len) != 0)
			return -1;
		n = n_tok < MAX_SPREAD ? n_tok : MAX_SPREAD;
	}
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		bench_req *r = &c->reqs[q][i];
		const char *s = d->spread == SPREAD_DOCS ? with_doc(d->spec, c->ids[i * c->n_ids / n], spec, sizeof spec)
		                                         : d->spec;
		const char *page = d->spread == SPREAD_PAGES ? tok[i * n_tok / n] : NULL;
		if (bench_req_build(r, d->method, s, page, err, err_len) != 0) {
			rc = -1;
		} else if (bench_req_check(r, url) != 0) {
			snprintf(err, err_len, "%s did not answer OK on the %s corpus", d->method, c->name);
			bench_req_free(r);
			rc = -1;
		} else {
			c->n_reqs[q]++;
		}
	}
	bench_tokens_free(tok, n_tok);
	return rc;
}

/* Mean reply size of a row's requests, in bytes. */
static double reply_bytes(const corpus_run *c, size_t q)
{
	double sum = 0;
	for (size_t i = 0; i < c->n_reqs[q]; i++)
		sum += (double)c->reqs[q][i].reply_len;
	return c->n_reqs[q] ? sum / (double)c->n_reqs[q] : 0;
}

/* Prints s left-aligned in width columns, counting UTF-8 characters rather
 * than bytes so that Arabic labels line up. */
static void print_padded(const char *s, int width)
{
	int cols = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		cols += (*p & 0xC0) != 0x80;
	printf("%s%*s", s, width > cols ? width - cols : 0, "");
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static double median_of(double *v, int n) { return bench_median(v, (size_t)n); }

int main(int argc, char **argv)
{
	const char *corpus = "corpus", *server = BENCH_COALITIOND, *v;
	size_t docs = 10000, count = 300;
	uint64_t seed = 1;
	int reps = 5, start_reps = 3, keep = 0;
	double seconds = 0.25;
	for (int i = 1; i < argc; i++) {
		if (bench_flag(argc, argv, &i, "--docs", &v))
			docs = (size_t)strtoull(v, NULL, 10);
		else if (bench_flag(argc, argv, &i, "--seed", &v))
			seed = strtoull(v, NULL, 10);
		else if (bench_flag(argc, argv, &i, "--reps", &v))
			reps = atoi(v);
		else if (bench_flag(argc, argv, &i, "--count", &v))
			count = (size_t)atol(v);
		else if (bench_flag(argc, argv, &i, "--start-reps", &v))
			start_reps = atoi(v);
		else if (bench_flag(argc, argv, &i, "--seconds", &v))
			seconds = atof(v);
		else if (bench_flag(argc, argv, &i, "--corpus", &v))
			corpus = v;
		else if (bench_flag(argc, argv, &i, "--server", &v))
			server = v;
		else if (strcmp(argv[i], "--keep") == 0)
			keep = 1;
		else {
			fprintf(stderr, "usage: bench_scale [--docs 10000] [--seed 1] [--reps 5] [--count 300] "
			                "[--start-reps 3] [--seconds 0.25] [--corpus corpus] [--server PATH] [--keep]\n");
			return 2;
		}
	}
	if (docs == 0 || reps < 1 || start_reps < 1 || count == 0 || seconds <= 0) {
		fprintf(stderr, "bench_scale: --docs, --reps, --start-reps, --count, --seconds must be positive\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	bench_pin_cpu(bench_client_cpu());
	bench_print_header("bench_scale", "coalitiond at 5 documents vs at N generated documents");

	char tmp[] = "/tmp/bench_scale.XXXXXX", err[512];
	if (mkdtemp(tmp) == NULL)
		return 1;
	corpus_run runs[2] = {{.name = "bundled"}, {.name = "generated"}};
	snprintf(runs[0].dir, sizeof runs[0].dir, "%s", corpus);
	snprintf(runs[1].dir, sizeof runs[1].dir, "%s/corpus", tmp);
	gen_corpus_stats gs;
	uint64_t t0 = bench_now_ns();
	if (gen_corpus_write(corpus, runs[1].dir, docs, seed, &gs, err, sizeof err) != 0) {
		fprintf(stderr, "bench_scale: generating the corpus: %s\n", err);
		return 1;
	}
	printf("# generated %zu documents (%.1f MB of text, seed %llu) from %zu sentences of %s in %.1f s, in %s\n",
	    gs.docs, (double)gs.text_bytes / 1e6, (unsigned long long)seed, gs.sentences, corpus,
	    (double)(bench_now_ns() - t0) / 1e9, runs[1].dir);
	fflush(stdout);

	int rc = 1;
	static char skip[N_Q][256]; /* why a row is not measured; "" when it is */
	for (int k = 0; k < 2; k++) {
		corpus_run *c = &runs[k];
		if (read_manifest(c) != 0) {
			fprintf(stderr, "bench_scale: no manifest ids in %s\n", c->dir);
			goto out;
		}
		c->startup_ms = calloc((size_t)start_reps, sizeof(double));
		for (size_t q = 0; q < N_Q; q++) {
			for (int j = 0; j < 3; j++)
				c->lat[q][j] = calloc((size_t)reps, sizeof(double));
			c->samples[q] = calloc((size_t)reps, sizeof(double));
			c->tput[q] = calloc((size_t)reps, sizeof(double));
		}
		char log_path[256];
		snprintf(log_path, sizeof log_path, "%s/coalitiond-%s.log", tmp, c->name);
		/* Every start but the last is only timed; the last server stays up
		 * for every query run (a start at N takes seconds). */
		for (int s = 0; s < start_reps; s++) {
			if (s > 0)
				bench_proc_stop(&c->proc);
			if (start_server(c, server, log_path) != 0)
				goto out;
			c->startup_ms[s] = c->proc.startup_ms;
			fprintf(stderr, "bench_scale: %s corpus: start-up %d/%d %.0f ms\n", c->name, s + 1, start_reps,
			    c->proc.startup_ms);
		}
		c->rss_start_kb = bench_proc_rss_kb(c->proc.pid);
	}
	t0 = bench_now_ns();
	size_t n_measured = 0;
	for (size_t q = 0; q < N_Q; q++) {
		for (int k = 0; k < 2 && !skip[q][0]; k++)
			if (build_query(&runs[k], q, skip[q], sizeof skip[q]) != 0 && !skip[q][0])
				snprintf(skip[q], sizeof skip[q], "request could not be built");
		if (skip[q][0])
			fprintf(stderr, "bench_scale: skipping \"%s\": %s\n", queries[q].label, skip[q]);
		else
			n_measured++;
	}
	fprintf(stderr, "bench_scale: %zu of %zu queries built and checked in %.1f s\n", n_measured, N_Q,
	    (double)(bench_now_ns() - t0) / 1e9);

	/* Per run and query: both latency runs back to back, then both
	 * throughput runs, the server measured first alternating between runs,
	 * so that load from other work on the machine hits both sides of a
	 * ratio alike. */
	for (int r = 0; r < reps; r++) {
		for (size_t q = 0; q < N_Q; q++) {
			if (skip[q][0])
				continue;
			for (int step = 0; step < 4; step++) {
				corpus_run *c = &runs[(step + r) % 2];
				bench_lat lat;
				bench_tput tp;
				int rv = step < 2
				             ? bench_latency(c->proc.urls[0], c->reqs[q], c->n_reqs[q], WARMUP, count, 1.0, &lat)
				             : bench_throughput(c->proc.urls[0], c->reqs[q], c->n_reqs[q], 64, 0.05, seconds, &tp);
				if (rv != 0) {
					fprintf(stderr, "bench_scale: query run failed (%s)\n", queries[q].label);
					goto out;
				}
				if (step < 2) {
					c->lat[q][0][r] = lat.p50_us;
					c->lat[q][1][r] = lat.p90_us;
					c->lat[q][2][r] = lat.p99_us;
					c->samples[q][r] = (double)lat.samples;
					c->errors += lat.errors;
				} else {
					c->tput[q][r] = tp.rps;
					c->errors += tp.errors;
				}
			}
		}
		fprintf(stderr, "bench_scale: query run %d/%d done\n", r + 1, reps);
	}
	for (int k = 0; k < 2; k++) {
		runs[k].rss_after_kb = bench_proc_rss_kb(runs[k].proc.pid);
		runs[k].hwm_kb = bench_proc_hwm_kb(runs[k].proc.pid);
	}

	int fails = 0;
	printf("\n## start-up and memory (start-up: median of %d starts; RSS from /proc/PID/status)\n", start_reps);
	printf("%-10s %7s %9s %11s %12s %12s %9s %10s  %s\n", "corpus", "docs", "text MB", "start-up s",
	    "RSS start MB", "RSS after MB", "HWM MB", "RSS/text", "target RSS < 20x text");
	for (int k = 0; k < 2; k++) {
		corpus_run *c = &runs[k];
		double rss_mb = (double)c->rss_after_kb * 1024 / 1e6, text_mb = (double)c->text_bytes / 1e6;
		double x = rss_mb / text_mb;
		printf("%-10s %7zu %9.2f %11.3f %12.1f %12.1f %9.1f %9.1fx  %s\n", c->name, c->n_ids, text_mb,
		    median_of(c->startup_ms, start_reps) / 1000, (double)c->rss_start_kb * 1024 / 1e6, rss_mb,
		    (double)c->hwm_kb * 1024 / 1e6, x, x < RSS_TARGET_X ? "PASS" : "FAIL");
		fails += x >= RSS_TARGET_X;
	}
	printf("# start-up rate at N: %.1f MB of text per second\n",
	    (double)runs[1].text_bytes / 1e6 / (median_of(runs[1].startup_ms, start_reps) / 1000));

	printf("\n## queries at 1 in flight (us p50/p90/p99) and req/s at 64 in flight; medians of %d runs\n", reps);
	print_padded("query", 46);
	printf(" %13s %17s %17s %8s %8s %8s %7s  %s\n", "reply B 5/N", "5 docs", "N docs", "p50 N/5", "rps@64 5",
	    "rps@64 N", "rps N/5", "target p50 N/5 <= 1.5x");
	int few_samples = 0;
	for (size_t q = 0; q < N_Q; q++) {
		print_padded(queries[q].label, 46);
		if (skip[q][0]) {
			printf(" skipped: %s\n", skip[q]);
			continue;
		}
		double m[2][3], t[2];
		char cell[2][48], bytes[32];
		for (int k = 0; k < 2; k++) {
			for (int j = 0; j < 3; j++)
				m[k][j] = median_of(runs[k].lat[q][j], reps);
			t[k] = median_of(runs[k].tput[q], reps);
			few_samples |= median_of(runs[k].samples[q], reps) < (double)count;
			snprintf(cell[k], sizeof cell[k], "%.0f/%.0f/%.0f", m[k][0], m[k][1], m[k][2]);
		}
		snprintf(bytes, sizeof bytes, "%.0f/%.0f", reply_bytes(&runs[0], q), reply_bytes(&runs[1], q));
		double x = m[1][0] / m[0][0];
		fails += x > LAT_TARGET_X;
		printf(" %13s %17s %17s %7.2fx %8.0f %8.0f %6.2fx  %s\n", bytes, cell[0], cell[1], x, t[0], t[1],
		    t[1] / t[0], x <= LAT_TARGET_X ? "PASS" : "FAIL");
	}
	for (int k = 0; k < 2; k++)
		if (runs[k].errors)
			printf("# %s corpus: %zu failed calls or wrong-size replies\n", runs[k].name, runs[k].errors);
	printf("# N = %zu documents. reply B = mean reply size (envelope) at 5 and at N documents: where it\n"
	       "# grows (a page the bundled corpus cannot fill), the ratio includes the bigger reply; the\n"
	       "# page-5 rows compare equal reply sizes. Latency runs: %zu calls after %d warm-up, cut at 1 s%s.\n"
	       "# RSS at 5 documents is mostly the fixed baseline (binary, ICU data, lexicons, thread\n"
	       "# stacks), so its RSS/text ratio is large by nature.\n",
	    runs[1].n_ids, count, WARMUP,
	    few_samples ? " (some rows hit the cut: fewer samples, p99 less certain)" : "");
	printf("# %d target(s) failed\n", fails);
	rc = 0;
out:
	for (int k = 0; k < 2; k++) {
		corpus_run *c = &runs[k];
		if (c->proc.pid > 0)
			bench_proc_stop(&c->proc);
		for (size_t q = 0; q < N_Q; q++) {
			for (size_t i = 0; i < c->n_reqs[q]; i++)
				bench_req_free(&c->reqs[q][i]);
			for (int j = 0; j < 3; j++)
				free(c->lat[q][j]);
			free(c->samples[q]);
			free(c->tput[q]);
		}
		for (size_t i = 0; i < c->n_ids; i++)
			free(c->ids[i]);
		free(c->ids);
		free(c->startup_ms);
	}
	if (keep || rc != 0)
		fprintf(stderr, "bench_scale: kept %s\n", tmp);
	else
		nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
