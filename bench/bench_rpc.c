/* bench_rpc: latency and throughput of the real coalitiond against a raw nng
 * REQ/REP echo floor (issue "Benchmarks").
 *
 * Starts, in the same run:
 *   coalitiond  the real binary (path given by CMake) on the bundled corpus,
 *               listening on tcp://127.0.0.1:0 and on an ipc path, pinned to
 *               the server CPU;
 *   echo        this program again (--serve-echo): one REP socket on the same
 *               two transports, the same number of worker contexts each
 *               driven by its own thread (the model of service/transport/
 *               server.c), no protobuf and no handler: the first 4 bytes of a
 *               request (little endian) say how many bytes to answer.
 * For each method the echo request has the size of the real request and
 * asks for a reply of the real reply's size, so the floor moves the same
 * bytes. Figures (medians over --reps runs, runs interleaved real/echo):
 *   latency at 1 request in flight: p50/p90/p99;
 *   throughput (req/s) at 1, 8 and 64 requests in flight (64 REQ contexts
 *   over 8 sockets driven by nng aio callbacks).
 * Targets: Health p50 <= 1.3x echo p50; GetEntity p50 <= 1.5x; throughput at 64 in
 * flight >= 0.7x the echo's. QueryFacts asks for a page of 50 facts.
 *
 *   bench_rpc [--reps 5] [--count 500] [--seconds 0.25] [--workers 8]
 *             [--corpus corpus] [--server PATH]
 *   bench_rpc --serve-echo --workers 8 --listen URL [--listen URL]
 */
#define _GNU_SOURCE /* mkdtemp, readlink */
#include <errno.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"
#include "coalition/v1/fact_service.pb-c.h"

#ifndef BENCH_COALITIOND
#define BENCH_COALITIOND "coalitiond"
#endif

#define ECHO_MAX_REPLY (16u * 1024 * 1024)
#define ECHO_SEND_TIMEOUT_MS 2000 /* LIMIT_SEND_TIMEOUT_MS of coalitiond */
#define N_CONC 3
static const int conc_levels[N_CONC] = {1, 8, 64};

/* ---- echo server ---------------------------------------------------------- */

typedef struct {
	nng_socket sock;
	nng_ctx ctx;
	nng_aio *aio;
	pthread_t thread;
	const uint8_t *filler;
} echo_worker;

static void *echo_worker_main(void *p)
{
	echo_worker *w = p;
	for (;;) {
		nng_aio_set_timeout(w->aio, NNG_DURATION_INFINITE);
		nng_ctx_recv(w->ctx, w->aio);
		nng_aio_wait(w->aio);
		int rv = nng_aio_result(w->aio);
		if (rv == NNG_ECLOSED)
			break;
		if (rv != 0)
			continue;
		nng_msg *msg = nng_aio_get_msg(w->aio);
		uint32_t want = 0;
		const uint8_t *b = nng_msg_body(msg);
		if (nng_msg_len(msg) >= 4)
			want = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
		if (want > ECHO_MAX_REPLY)
			want = ECHO_MAX_REPLY;
		nng_msg_clear(msg); /* keeps the header: the REP backtrace */
		if (nng_msg_append(msg, w->filler, want) != 0) {
			nng_msg_free(msg);
			continue;
		}
		nng_aio_set_msg(w->aio, msg);
		nng_aio_set_timeout(w->aio, ECHO_SEND_TIMEOUT_MS);
		nng_ctx_send(w->ctx, w->aio);
		nng_aio_wait(w->aio);
		rv = nng_aio_result(w->aio);
		if (rv != 0)
			nng_msg_free(nng_aio_get_msg(w->aio));
		if (rv == NNG_ECLOSED)
			break;
	}
	return NULL;
}

static int echo_main(int argc, char **argv)
{
	const char *urls[4], *v;
	int n_urls = 0, workers = 8;
	for (int i = 2; i < argc; i++) {
		if (bench_flag(argc, argv, &i, "--listen", &v) && n_urls < 4)
			urls[n_urls++] = v;
		else if (bench_flag(argc, argv, &i, "--workers", &v))
			workers = atoi(v);
	}
	if (n_urls == 0 || workers < 1 || workers > 256) {
		fprintf(stderr, "echo: --listen URL and --workers 1..256\n");
		return 2;
	}
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	uint8_t *filler = calloc(1, ECHO_MAX_REPLY);
	echo_worker *ws = calloc((size_t)workers, sizeof *ws);
	nng_socket sock;
	int rv;
	if (filler == NULL || ws == NULL || (rv = nng_rep0_open(&sock)) != 0) {
		fprintf(stderr, "echo: cannot open the REP socket\n");
		return 1;
	}
	nng_socket_set_size(sock, NNG_OPT_RECVMAXSZ, ECHO_MAX_REPLY);
	for (int i = 0; i < workers; i++) {
		ws[i].sock = sock;
		ws[i].filler = filler;
		if (nng_ctx_open(&ws[i].ctx, sock) != 0 || nng_aio_alloc(&ws[i].aio, NULL, NULL) != 0 ||
		    pthread_create(&ws[i].thread, NULL, echo_worker_main, &ws[i]) != 0) {
			fprintf(stderr, "echo: worker %d failed\n", i);
			return 1;
		}
	}
	for (int i = 0; i < n_urls; i++) {
		nng_listener l;
		if ((rv = nng_listener_create(&l, sock, urls[i])) != 0 || (rv = nng_listener_start(l, 0)) != 0) {
			fprintf(stderr, "echo: listen %s: %s\n", urls[i], nng_strerror(rv));
			return 1;
		}
		int port = 0;
		if (strncmp(urls[i], "tcp://", 6) == 0 &&
		    nng_listener_get_int(l, NNG_OPT_TCP_BOUND_PORT, &port) == 0) {
			const char *colon = strrchr(urls[i] + 6, ':');
			int hl = colon ? (int)(colon - urls[i]) : (int)strlen(urls[i]);
			fprintf(stderr, "echo: listening on %.*s:%d\n", hl, urls[i], port);
		} else {
			fprintf(stderr, "echo: listening on %s\n", urls[i]);
		}
	}
	int sig;
	sigwait(&stop, &sig);
	nng_close(sock);
	for (int i = 0; i < workers; i++) {
		pthread_join(ws[i].thread, NULL);
		nng_aio_free(ws[i].aio);
	}
	free(ws);
	free(filler);
	return 0;
}

/* ---- the benchmark ----------------------------------------------------------- */

enum { M_HEALTH, M_GETDOC, M_LISTDOCS, M_SEARCH, M_EXTRACT, N_METHODS };

typedef struct {
	const char *label;
	const char *target_label; /* latency target text, or NULL */
	double p50_target;        /* 0: none */
	bench_req real, echo;
	/* [transport][rep] */
	double *lat[2][2][3];     /* [transport][0 real / 1 echo][p50,p90,p99] per rep */
	double *tput[2][2][N_CONC];
	size_t errors;
} method_bench;

/* First id in the manifest whose article is closest to want_bytes, and the
 * first id at all. */
static int manifest_ids(const char *corpus, size_t want_bytes, char *first, char *closest, size_t cap)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/manifest.tsv", corpus);
	char *m = bench_slurp(path, NULL);
	if (m == NULL)
		return -1;
	size_t best = (size_t)-1;
	int header = 1;
	first[0] = closest[0] = '\0';
	for (char *save = NULL, *line = strtok_r(m, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		if (header) {
			header = 0;
			continue;
		}
		char id[256];
		snprintf(id, sizeof id, "%.*s", (int)strcspn(line, "\t"), line);
		snprintf(path, sizeof path, "%s/articles/%s.txt", corpus, id);
		size_t len = 0;
		char *t = bench_slurp(path, &len);
		free(t);
		if (t == NULL)
			continue;
		if (first[0] == '\0')
			snprintf(first, cap, "%s", id);
		size_t d = len > want_bytes ? len - want_bytes : want_bytes - len;
		if (d < best) {
			best = d;
			snprintf(closest, cap, "%s", id);
		}
	}
	free(m);
	return first[0] ? 0 : -1;
}

static void pct_triplet(char *out, size_t cap, double a, double b, double c)
{
	snprintf(out, cap, "%.0f/%.0f/%.0f", a, b, c);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--serve-echo") == 0)
		return echo_main(argc, argv);
	const char *corpus = "corpus", *server = BENCH_COALITIOND, *v;
	int reps = 5, workers = 8;
	size_t count = 500;
	double seconds = 0.25, warmup = 0.05;
	for (int i = 1; i < argc; i++) {
		if (bench_flag(argc, argv, &i, "--reps", &v))
			reps = atoi(v);
		else if (bench_flag(argc, argv, &i, "--count", &v))
			count = (size_t)atol(v);
		else if (bench_flag(argc, argv, &i, "--seconds", &v))
			seconds = atof(v);
		else if (bench_flag(argc, argv, &i, "--workers", &v))
			workers = atoi(v);
		else if (bench_flag(argc, argv, &i, "--corpus", &v))
			corpus = v;
		else if (bench_flag(argc, argv, &i, "--server", &v))
			server = v;
		else {
			fprintf(stderr, "usage: bench_rpc [--reps 5] [--count 500] [--seconds 0.25] [--workers 8] "
			                "[--corpus corpus] [--server PATH]\n");
			return 2;
		}
	}
	if (reps < 1 || count < 1 || seconds <= 0 || workers < 1) {
		fprintf(stderr, "bench_rpc: --reps, --count, --seconds, --workers must be positive\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	bench_pin_cpu(bench_client_cpu());
	bench_print_header("bench_rpc", "coalitiond vs a raw nng REQ/REP echo floor (issue \"Benchmarks\")");

	method_bench mb[N_METHODS] = {
	    [M_HEALTH] = {.label = "Health", .target_label = "<=1.3x", .p50_target = 1.3},
	    [M_GETDOC] = {.label = "GetEntity country:US", .target_label = "<=1.5x",
	                  .p50_target = 1.5},
	    [M_LISTDOCS] = {.label = "QueryFacts page 50"},
	    [M_SEARCH] = {.label = "Search \"التحالف\" page 20"},
	    [M_EXTRACT] = {.label = "Extract"},
	};
	bench_proc real = {0}, echo = {0};
	char *extract_text = NULL;
	int rc = 1;
	char first_id[256], extract_id[256], dir[] = "/tmp/bench_rpc.XXXXXX";
	if (manifest_ids(corpus, 5000, first_id, extract_id, sizeof first_id) != 0) {
		fprintf(stderr, "bench_rpc: no articles in %s (run from the source tree)\n", corpus);
		return 1;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/articles/%s.txt", corpus, extract_id);
	size_t extract_len = 0;
	extract_text = bench_slurp(path, &extract_len);
	char self[4096];
	ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
	if (extract_text == NULL || sl <= 0 || mkdtemp(dir) == NULL) {
		fprintf(stderr, "bench_rpc: setup failed\n");
		free(extract_text);
		return 1;
	}
	self[sl] = '\0';
	static char extract_label[96];
	snprintf(extract_label, sizeof extract_label, "Extract %.1f KB article", (double)extract_len / 1000);
	mb[M_EXTRACT].label = extract_label;

	char real_ipc[512], echo_ipc[512], real_log[512], echo_log[512], wbuf[16];
	snprintf(real_ipc, sizeof real_ipc, "ipc://%s/coalitiond.ipc", dir);
	snprintf(echo_ipc, sizeof echo_ipc, "ipc://%s/echo.ipc", dir);
	snprintf(real_log, sizeof real_log, "%s/coalitiond.log", dir);
	snprintf(echo_log, sizeof echo_log, "%s/echo.log", dir);
	snprintf(wbuf, sizeof wbuf, "%d", workers);
	char *real_argv[] = {(char *)server, "--corpus", (char *)corpus, "--workers", wbuf,
	    "--listen", "tcp://127.0.0.1:0", "--listen", real_ipc, NULL};
	char *echo_argv[] = {self, "--serve-echo", "--workers", wbuf, "--listen", "tcp://127.0.0.1:0",
	    "--listen", echo_ipc, NULL};
	if (bench_proc_start(&real, real_argv, bench_server_cpu(), 2, real_log, 60000) != 0 ||
	    bench_proc_start(&echo, echo_argv, bench_server_cpu(), 2, echo_log, 10000) != 0)
		goto out;
	printf("# coalitiond %s --workers %d on %s and %s (corpus %s)\n", server, workers, real.urls[0],
	    real.urls[1], corpus);
	printf("# echo (this program, --serve-echo, %d worker threads/contexts) on %s and %s\n", workers,
	    echo.urls[0], echo.urls[1]);

	Coalition__V1__HealthRequest hr = COALITION__V1__HEALTH_REQUEST__INIT;
	/* Every corpus's gazetteer has it; its reply is capped whatever the
	 * corpus size (LIMIT_ENTITY_LIST_MAX). */
	Coalition__V1__GetEntityRequest gr = COALITION__V1__GET_ENTITY_REQUEST__INIT;
	gr.id = "country:US";
	Coalition__V1__QueryFactsRequest lr = COALITION__V1__QUERY_FACTS_REQUEST__INIT;
	lr.page_size = 50;
	Coalition__V1__ExtractRequest er = COALITION__V1__EXTRACT_REQUEST__INIT;
	er.text.data = (uint8_t *)extract_text;
	er.text.len = extract_len;
	/* A word every coalition article has: a full page of hits. */
	Coalition__V1__SearchRequest sr = COALITION__V1__SEARCH_REQUEST__INIT;
	sr.query = "التحالف";
	const char *names[N_METHODS] = {"Health", "GetEntity", "QueryFacts", "Search", "Extract"};
	const void *bodies[N_METHODS] = {&hr, &gr, &lr, &sr, &er};
	for (int m = 0; m < N_METHODS; m++) {
		if (bench_req_envelope(&mb[m].real, names[m], bodies[m]) != 0 ||
		    bench_req_check(&mb[m].real, real.urls[0]) != 0 ||
		    bench_req_echo(&mb[m].echo, mb[m].real.len, mb[m].real.reply_len) != 0) {
			fprintf(stderr, "bench_rpc: %s does not answer OK\n", names[m]);
			goto out;
		}
		for (int t = 0; t < 2; t++)
			for (int s = 0; s < 2; s++) {
				for (int k = 0; k < 3; k++)
					mb[m].lat[t][s][k] = calloc((size_t)reps, sizeof(double));
				for (int k = 0; k < N_CONC; k++)
					mb[m].tput[t][s][k] = calloc((size_t)reps, sizeof(double));
			}
	}
	printf("# per run: %zu requests (or 1 s) at 1 in flight after 50 warm-up; throughput window %.2f s "
	       "after %.2f s warm-up; %d runs, medians shown\n\n",
	    count, seconds, warmup, reps);
	fflush(stdout);

	const char *tnames[2] = {"tcp", "ipc"};
	for (int r = 0; r < reps; r++) {
		for (int t = 0; t < 2; t++) {
			const char *urls[2] = {real.urls[t], echo.urls[t]};
			for (int m = 0; m < N_METHODS; m++) {
				for (int s = 0; s < 2; s++) {
					const bench_req *rq = s == 0 ? &mb[m].real : &mb[m].echo;
					bench_lat lat;
					if (bench_latency(urls[s], rq, 1, 50, count, 1.0, &lat) != 0) {
						fprintf(stderr, "bench_rpc: latency run failed (%s %s)\n", names[m], urls[s]);
						goto out;
					}
					mb[m].errors += lat.errors;
					mb[m].lat[t][s][0][r] = lat.p50_us;
					mb[m].lat[t][s][1][r] = lat.p90_us;
					mb[m].lat[t][s][2][r] = lat.p99_us;
				}
				for (int k = 0; k < N_CONC; k++)
					for (int s = 0; s < 2; s++) {
						const bench_req *rq = s == 0 ? &mb[m].real : &mb[m].echo;
						bench_tput tp;
						if (bench_throughput(urls[s], rq, 1, conc_levels[k], warmup, seconds, &tp) != 0) {
							fprintf(stderr, "bench_rpc: throughput run failed\n");
							goto out;
						}
						mb[m].errors += tp.errors;
						mb[m].tput[t][s][k][r] = tp.rps;
					}
			}
		}
		fprintf(stderr, "bench_rpc: run %d/%d done\n", r + 1, reps);
	}

	int fails = 0;
	for (int t = 0; t < 2; t++) {
		printf("## %s: latency at 1 request in flight (us, p50/p90/p99; medians of %d runs)\n", tnames[t], reps);
		printf("%-44s %13s %16s %16s %9s  %s\n", "method", "req/reply B", "coalitiond", "echo floor",
		    "p50 ratio", "target");
		for (int m = 0; m < N_METHODS; m++) {
			double q[2][3];
			for (int s = 0; s < 2; s++)
				for (int k = 0; k < 3; k++)
					q[s][k] = bench_median(mb[m].lat[t][s][k], (size_t)reps);
			char sizes[32], a[48], b[48];
			snprintf(sizes, sizeof sizes, "%zu/%zu", mb[m].real.len, mb[m].real.reply_len);
			pct_triplet(a, sizeof a, q[0][0], q[0][1], q[0][2]);
			pct_triplet(b, sizeof b, q[1][0], q[1][1], q[1][2]);
			double ratio = q[0][0] / q[1][0];
			char verdict[32] = "-";
			if (mb[m].p50_target > 0) {
				snprintf(verdict, sizeof verdict, "%s %s", mb[m].target_label,
				    ratio <= mb[m].p50_target ? "PASS" : "FAIL");
				fails += ratio > mb[m].p50_target;
			}
			printf("%-44s %13s %16s %16s %8.2fx  %s\n", mb[m].label, sizes, a, b, ratio, verdict);
		}
		printf("\n## %s: throughput (req/s; medians of %d runs), coalitiond / echo floor = ratio\n", tnames[t], reps);
		printf("%-44s", "method");
		for (int k = 0; k < N_CONC; k++) {
			char h[32];
			snprintf(h, sizeof h, "%d in flight", conc_levels[k]);
			printf(" %25s", h);
		}
		printf("  target@64 >=0.7x\n");
		for (int m = 0; m < N_METHODS; m++) {
			printf("%-44s", mb[m].label);
			double ratio64 = 0;
			for (int k = 0; k < N_CONC; k++) {
				double a = bench_median(mb[m].tput[t][0][k], (size_t)reps);
				double b = bench_median(mb[m].tput[t][1][k], (size_t)reps);
				char cell[64];
				snprintf(cell, sizeof cell, "%.0f / %.0f = %.2fx", a, b, a / b);
				printf(" %25s", cell);
				ratio64 = a / b;
			}
			fails += ratio64 < 0.7;
			printf("  %s\n", ratio64 >= 0.7 ? "PASS" : "FAIL");
		}
		printf("\n");
	}
	size_t errors = 0;
	for (int m = 0; m < N_METHODS; m++) {
		errors += mb[m].errors;
		if (mb[m].errors)
			printf("# %s: %zu failed calls or wrong-size replies\n", mb[m].label, mb[m].errors);
	}
	printf("# %d target(s) failed; %zu call errors\n", fails, errors);
	rc = 0;
out:
	bench_proc_stop(&echo);
	bench_proc_stop(&real);
	if (rc == 0) {
		unlink(real_log);
		unlink(echo_log);
		unlink(real_ipc + 6);
		unlink(echo_ipc + 6);
		rmdir(dir);
	} else {
		fprintf(stderr, "bench_rpc: server logs kept in %s\n", dir);
	}
	for (int m = 0; m < N_METHODS; m++) {
		bench_req_free(&mb[m].real);
		bench_req_free(&mb[m].echo);
		for (int t = 0; t < 2; t++)
			for (int s = 0; s < 2; s++) {
				for (int k = 0; k < 3; k++)
					free(mb[m].lat[t][s][k]);
				for (int k = 0; k < N_CONC; k++)
					free(mb[m].tput[t][s][k]);
			}
	}
	free(extract_text);
	return rc;
}
