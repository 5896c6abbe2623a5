/* bench_scale: coalitiond on the bundled 5-document corpus and on a
 * generated corpus of N documents (gen_corpus.h; default 10,000), in the
 * same run. Figures:
 *   start-up time  fork/exec until "listening on" is logged (median of
 *                  --start-reps starts);
 *   memory         VmRSS right after start-up and after the query runs, and
 *                  VmHWM, against the corpus text size (target: RSS < 20x);
 *   queries        p50/p90/p99 at 1 request in flight and req/s at 64 in
 *                  flight for Health, GetDocument (omit_text, ids spread over
 *                  the corpus), ListDocuments pages of 50 and of 5 (page
 *                  tokens spread over the corpus); target: p50 at N within
 *                  1.5x of p50 at 5 documents.
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
#include "coalition/v1/fact_service.pb-c.h"
#include "gen_corpus.h"

#ifndef BENCH_COALITIOND
#define BENCH_COALITIOND "coalitiond"
#endif

#define RSS_TARGET_X 20.0
#define LAT_TARGET_X 1.5
#define MAX_SPREAD 64

enum { Q_HEALTH, Q_GETDOC, Q_LIST50, Q_LIST5, N_Q };
static const char *const q_label[N_Q] = {
    "Health",
    "GetDocument omit_text (spread ids)",
    "ListDocuments page 50 (spread pages)",
    "ListDocuments page 5 (spread pages)",
};

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

/* Builds the request lists and checks every request answers OK. */
static int build_requests(corpus_run *c)
{
	const char *url = c->proc.urls[0];
	Coalition__V1__HealthRequest hr = COALITION__V1__HEALTH_REQUEST__INIT;
	if (bench_req_envelope(&c->reqs[Q_HEALTH][0], "Health", &hr) != 0 ||
	    bench_req_check(&c->reqs[Q_HEALTH][0], url) != 0)
		return -1;
	c->n_reqs[Q_HEALTH] = 1;
	size_t n = c->n_ids < MAX_SPREAD ? c->n_ids : MAX_SPREAD;
	for (size_t i = 0; i < n; i++) {
		Coalition__V1__GetDocumentRequest gr = COALITION__V1__GET_DOCUMENT_REQUEST__INIT;
		gr.id = c->ids[i * c->n_ids / n];
		gr.omit_text = 1;
		if (bench_req_envelope(&c->reqs[Q_GETDOC][i], "GetDocument", &gr) != 0 ||
		    bench_req_check(&c->reqs[Q_GETDOC][i], url) != 0)
			return -1;
		c->n_reqs[Q_GETDOC]++;
	}
	/* Walk the pages of 50 like a client (tokens are opaque), keeping every
	 * token, then use up to MAX_SPREAD of them spread over the corpus. */
	size_t n_tok = 0, cap_tok = 64;
	char **tok = malloc(cap_tok * sizeof *tok);
	if (tok == NULL)
		return -1;
	tok[n_tok++] = strdup("");
	for (;;) {
		Coalition__V1__ListDocumentsRequest lr = COALITION__V1__LIST_DOCUMENTS_REQUEST__INIT;
		lr.page_size = 50;
		lr.page_token = tok[n_tok - 1];
		bench_req r;
		uint8_t *body = NULL;
		size_t blen = 0;
		if (bench_req_envelope(&r, "ListDocuments", &lr) != 0 || bench_req_call(&r, url, &body, &blen) != 0)
			return -1;
		bench_req_free(&r);
		Coalition__V1__ListDocumentsResponse *resp =
		    coalition__v1__list_documents_response__unpack(NULL, blen, body);
		free(body);
		if (resp == NULL)
			return -1;
		char *next = resp->next_page_token && resp->next_page_token[0] ? strdup(resp->next_page_token) : NULL;
		coalition__v1__list_documents_response__free_unpacked(resp, NULL);
		if (next == NULL)
			break;
		if (n_tok == cap_tok) {
			cap_tok *= 2;
			char **nt = realloc(tok, cap_tok * sizeof *nt);
			if (nt == NULL)
				return -1;
			tok = nt;
		}
		tok[n_tok++] = next;
	}
	size_t nt = n_tok < MAX_SPREAD ? n_tok : MAX_SPREAD;
	for (int q = Q_LIST50; q <= Q_LIST5; q++)
		for (size_t i = 0; i < nt; i++) {
			Coalition__V1__ListDocumentsRequest lr = COALITION__V1__LIST_DOCUMENTS_REQUEST__INIT;
			lr.page_size = q == Q_LIST50 ? 50 : 5;
			lr.page_token = tok[i * n_tok / nt];
			if (bench_req_envelope(&c->reqs[q][i], "ListDocuments", &lr) != 0 ||
			    bench_req_check(&c->reqs[q][i], url) != 0)
				return -1;
			c->n_reqs[q]++;
		}
	for (size_t i = 0; i < n_tok; i++)
		free(tok[i]);
	free(tok);
	return 0;
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
	for (int k = 0; k < 2; k++) {
		corpus_run *c = &runs[k];
		if (read_manifest(c) != 0) {
			fprintf(stderr, "bench_scale: no manifest ids in %s\n", c->dir);
			goto out;
		}
		c->startup_ms = calloc((size_t)start_reps, sizeof(double));
		for (int q = 0; q < N_Q; q++) {
			for (int j = 0; j < 3; j++)
				c->lat[q][j] = calloc((size_t)reps, sizeof(double));
			c->tput[q] = calloc((size_t)reps, sizeof(double));
		}
		char log_path[256];
		snprintf(log_path, sizeof log_path, "%s/coalitiond-%s.log", tmp, c->name);
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
		if (build_requests(c) != 0) {
			fprintf(stderr, "bench_scale: %s corpus: a query did not answer OK\n", c->name);
			goto out;
		}
	}

	for (int r = 0; r < reps; r++) {
		for (int q = 0; q < N_Q; q++)
			for (int k = 0; k < 2; k++) {
				corpus_run *c = &runs[k];
				bench_lat lat;
				bench_tput tp;
				if (bench_latency(c->proc.urls[0], c->reqs[q], c->n_reqs[q], 50, count, 1.0, &lat) != 0 ||
				    bench_throughput(c->proc.urls[0], c->reqs[q], c->n_reqs[q], 64, 0.05, seconds, &tp) != 0) {
					fprintf(stderr, "bench_scale: query run failed\n");
					goto out;
				}
				c->lat[q][0][r] = lat.p50_us;
				c->lat[q][1][r] = lat.p90_us;
				c->lat[q][2][r] = lat.p99_us;
				c->tput[q][r] = tp.rps;
				c->errors += lat.errors + tp.errors;
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
	printf("%-38s %17s %17s %10s %9s %9s %8s  %s\n", "query", "5 docs", "N docs", "p50 N/5", "rps@64 5",
	    "rps@64 N", "rps N/5", "target p50 N/5 <= 1.5x");
	for (int q = 0; q < N_Q; q++) {
		double m[2][3], t[2];
		char cell[2][48];
		for (int k = 0; k < 2; k++) {
			for (int j = 0; j < 3; j++)
				m[k][j] = median_of(runs[k].lat[q][j], reps);
			t[k] = median_of(runs[k].tput[q], reps);
			snprintf(cell[k], sizeof cell[k], "%.0f/%.0f/%.0f", m[k][0], m[k][1], m[k][2]);
		}
		double x = m[1][0] / m[0][0];
		fails += x > LAT_TARGET_X;
		printf("%-38s %17s %17s %9.2fx %9.0f %9.0f %7.2fx  %s\n", q_label[q], cell[0], cell[1], x, t[0], t[1],
		    t[1] / t[0], x <= LAT_TARGET_X ? "PASS" : "FAIL");
	}
	for (int k = 0; k < 2; k++)
		if (runs[k].errors)
			printf("# %s corpus: %zu failed calls or wrong-size replies\n", runs[k].name, runs[k].errors);
	printf("# N = %zu documents. The bundled corpus has 5 documents, so its page of 50 holds 5: compare\n"
	       "# the page-5 row for equal reply sizes. RSS at 5 documents is mostly the fixed baseline\n"
	       "# (binary, ICU data, lexicons, thread stacks), so its RSS/text ratio is large by nature.\n",
	    runs[1].n_ids);
	printf("# %d target(s) failed\n", fails);
	rc = 0;
out:
	for (int k = 0; k < 2; k++) {
		corpus_run *c = &runs[k];
		if (c->proc.pid > 0)
			bench_proc_stop(&c->proc);
		for (int q = 0; q < N_Q; q++) {
			for (size_t i = 0; i < c->n_reqs[q]; i++)
				bench_req_free(&c->reqs[q][i]);
			for (int j = 0; j < 3; j++)
				free(c->lat[q][j]);
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
