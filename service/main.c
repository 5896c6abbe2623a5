/* coalitiond: wiring only. Parse the configuration, load the lexicons and
 * the corpus, start serving, wait for SIGINT/SIGTERM, drain, stop in reverse
 * order. Signals are blocked in every thread and taken with sigtimedwait on
 * the main thread, so no handler runs in signal context. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "ingest.h"
#include "coalition_limits.h"
#include "log.h"
#include "rpc.h"
#include "server.h"
#include "store.h"

#ifndef COALITION_VERSION
#define COALITION_VERSION "0.0.0"
#endif
#define DEFAULT_LISTEN "tcp://127.0.0.1:7700"
#define DEFAULT_CORPUS "corpus"
#define MAX_LISTEN 16

static const char usage_text[] =
    "Usage: coalitiond [OPTIONS]\n"
    "\n"
    "Serves facts extracted from Arabic news about the coalition against ISIS,\n"
    "as coalition.v1.FactService over nng REQ/REP (protobuf envelopes).\n"
    "\n"
    "Options (environment variable in brackets):\n"
    "  -l, --listen URL     listen on URL; repeatable; tcp://HOST:PORT or ipc:///PATH\n"
    "                       (port 0 picks a free port; the log says which)\n"
    "                       [COALITION_LISTEN, comma-separated] default " DEFAULT_LISTEN "\n"
    "  -c, --corpus DIR     corpus directory: manifest.tsv, articles/, lexicon/, gazetteer/\n"
    "                       [COALITION_CORPUS] default ./" DEFAULT_CORPUS "\n"
    "  -w, --workers N      requests handled at once, 1..256 [COALITION_WORKERS] default 8\n"
    "      --log-level L    debug, info, warn or error [COALITION_LOG_LEVEL] default info\n"
    "  -h, --help           this help\n"
    "  -V, --version        print the version\n"
    "\n"
    "Stops on SIGINT/SIGTERM: Health turns NOT_SERVING, new requests get\n"
    "UNAVAILABLE, requests in flight finish (at most 5 s), exit status 0.\n"
    "A second signal exits at once.\n"
    "\n"
    "Example:\n"
    "  coalitiond --corpus corpus --listen tcp://127.0.0.1:7700\n"
    "  coalition health        # from another terminal\n";

typedef struct {
	const char *listen[MAX_LISTEN];
	size_t n_listen;
	const char *corpus;
	int workers;
	char *env_listen; /* owned copy of COALITION_LISTEN, split in place */
} config;

static int config_add_listen(config *cfg, const char *url)
{
	if (cfg->n_listen == MAX_LISTEN) {
		fprintf(stderr, "coalitiond: at most %d --listen URLs\n", MAX_LISTEN);
		return -1;
	}
	cfg->listen[cfg->n_listen++] = url;
	return 0;
}

static int parse_workers(const char *s, int *out)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > LIMIT_WORKERS_MAX) {
		fprintf(stderr, "coalitiond: workers must be 1..%d, not '%s'\n", LIMIT_WORKERS_MAX, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* Returns 0 to run, 1 to exit 0 (help/version), 2 on a usage error. */
static int config_parse(config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"listen", required_argument, NULL, 'l'},
	    {"corpus", required_argument, NULL, 'c'},
	    {"workers", required_argument, NULL, 'w'},
	    {"log-level", required_argument, NULL, 'L'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	const char *env;
	cfg->corpus = (env = getenv("COALITION_CORPUS")) != NULL && *env ? env : DEFAULT_CORPUS;
	cfg->workers = LIMIT_WORKERS_DEFAULT;
	if ((env = getenv("COALITION_WORKERS")) != NULL && *env && parse_workers(env, &cfg->workers) != 0)
		return 2;
	if ((env = getenv("COALITION_LOG_LEVEL")) != NULL && *env) {
		int lv = log_level_parse(env);
		if (lv < 0) {
			fprintf(stderr, "coalitiond: unknown log level '%s'\n", env);
			return 2;
		}
		log_level_set((log_level)lv);
	}
	int c;
	while ((c = getopt_long(argc, argv, "l:c:w:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if (config_add_listen(cfg, optarg) != 0)
				return 2;
			break;
		case 'c':
			cfg->corpus = optarg;
			break;
		case 'w':
			if (parse_workers(optarg, &cfg->workers) != 0)
				return 2;
			break;
		case 'L': {
			int lv = log_level_parse(optarg);
			if (lv < 0) {
				fprintf(stderr, "coalitiond: unknown log level '%s'\n", optarg);
				return 2;
			}
			log_level_set((log_level)lv);
			break;
		}
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		case 'V':
			printf("coalitiond %s\n", COALITION_VERSION);
			return 1;
		default:
			fputs("Try 'coalitiond --help'.\n", stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "coalitiond: unexpected argument '%s'\nTry 'coalitiond --help'.\n", argv[optind]);
		return 2;
	}
	if (cfg->n_listen == 0 && (env = getenv("COALITION_LISTEN")) != NULL && *env) {
		if ((cfg->env_listen = strdup(env)) == NULL)
			return 2;
		char *save = NULL;
		for (char *u = strtok_r(cfg->env_listen, ",", &save); u; u = strtok_r(NULL, ",", &save))
			if (config_add_listen(cfg, u) != 0)
				return 2;
	}
	if (cfg->n_listen == 0)
		config_add_listen(cfg, DEFAULT_LISTEN);
	return 0;
}

static void *rpc_worker_new(void *arg) { return rpc_worker_create(arg); }
static void rpc_worker_free(void *w) { rpc_worker_destroy(w); }
static void rpc_worker_run(void *w, const uint8_t *req, size_t len, uint64_t t0,
    const uint8_t **reply, size_t *reply_len)
{
	rpc_worker_handle(w, req, len, t0, reply, reply_len);
}

static const server_ops rpc_ops = {rpc_worker_new, rpc_worker_free, rpc_worker_run};

static volatile int stop_exit_code;

/* Watchdog for the last step of shutdown (see LIMIT_STOP_TIMEOUT_MS): the
 * process is exiting anyway, so a stuck nng_close must not keep it alive. */
static void *stop_watchdog(void *arg)
{
	(void)arg;
	struct timespec ts = {LIMIT_STOP_TIMEOUT_MS / 1000, (long)(LIMIT_STOP_TIMEOUT_MS % 1000) * 1000000L};
	nanosleep(&ts, NULL);
	log_warn("closing the socket took more than %d ms; exiting without waiting for it",
	    LIMIT_STOP_TIMEOUT_MS);
	_exit(stop_exit_code);
}

/* Waits for a signal in set for up to ms; returns the signal or 0. */
static int signal_wait(const sigset_t *set, int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	int sig = sigtimedwait(set, NULL, &ts);
	return sig > 0 ? sig : 0;
}

/* Series and conflicts over the loaded facts, with the per-metric windows
 * of lexicon/conflicts.tsv (optional: without it every window is 0). */
static int series_build(store *st, const char *lexdir)
{
	char path[4200], err[1024];
	store_series_rules *rules = NULL;
	snprintf(path, sizeof path, "%s/conflicts.tsv", lexdir);
	if (access(path, F_OK) == 0) {
		if (store_series_rules_load(path, &rules, err, sizeof err) != 0) {
			log_error("%s", err);
			return -1;
		}
	} else {
		log_info("%s missing: conflicts only between facts of the same period", path);
	}
	int rc = store_series_build(st, rules);
	store_series_rules_destroy(rules);
	if (rc != 0)
		log_error("out of memory building series");
	return rc;
}

int main(int argc, char **argv)
{
	config cfg = {0};
	int rc = config_parse(&cfg, argc, argv);
	if (rc != 0) {
		free(cfg.env_listen);
		return rc == 1 ? 0 : 2;
	}

	/* Block the stop signals before any thread exists, so all inherit it. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	int exit_code = 1;
	char err[1024] = "";
	char lexdir[4096], gazdir[4096];
	store *st = NULL;
	ingest *in = NULL;
	rpc_server *rs = NULL;
	server *srv = NULL;
	uint64_t t0 = clock_mono_us();

	log_info("coalitiond %s starting: corpus %s, %d workers", COALITION_VERSION, cfg.corpus, cfg.workers);
	snprintf(lexdir, sizeof lexdir, "%s/lexicon", cfg.corpus);
	snprintf(gazdir, sizeof gazdir, "%s/gazetteer", cfg.corpus);
	if ((in = ingest_create(lexdir, gazdir, err, sizeof err)) == NULL) {
		log_error("%s", err);
		goto out;
	}
	if ((st = store_create()) == NULL) {
		log_error("out of memory");
		goto out;
	}
	long n_docs = ingest_corpus_load(in, st, cfg.corpus, err, sizeof err);
	if (n_docs < 0) {
		log_error("corpus: %s", err);
		goto out;
	}
	if (series_build(st, lexdir) != 0)
		goto out;
	store_stats ss = store_stats_get(st);
	log_info("corpus: %ld documents, %llu sentences, %llu entities, %llu bytes loaded in %llu ms",
	    n_docs, (unsigned long long)ss.sentences, (unsigned long long)ss.entities,
	    (unsigned long long)ss.bytes,
	    (unsigned long long)((clock_mono_us() - t0) / 1000));

	rpc_app app = {.store = st, .ingest = in, .version = COALITION_VERSION};
	if ((rs = rpc_server_create(&app, err, sizeof err)) == NULL) {
		log_error("rpc: %s", err);
		goto out;
	}
	server_config sc = {
	    .urls = cfg.listen,
	    .n_urls = cfg.n_listen,
	    .workers = cfg.workers,
	    .recv_max_bytes = LIMIT_RECV_MAX_BYTES,
	    .send_timeout_ms = LIMIT_SEND_TIMEOUT_MS,
	};
	if ((srv = server_start(&sc, &rpc_ops, rs, err, sizeof err)) == NULL) {
		log_error("%s", err);
		goto out;
	}
	for (size_t i = 0; i < server_url_count(srv); i++)
		log_info("listening on %s", server_url(srv, i));

	int sig;
	while ((sig = signal_wait(&stop, 1000)) == 0)
		;
	log_info("%s: draining (at most %d ms); send it again to exit at once",
	    strsignal(sig), LIMIT_DRAIN_TIMEOUT_MS);
	rpc_server_drain(rs);
	uint64_t drain_end = clock_mono_us() + (uint64_t)LIMIT_DRAIN_TIMEOUT_MS * 1000u;
	/* Wait until nothing is in flight (twice in a row, 20 ms apart, so a
	 * request that was just received is counted) or the drain time is up. */
	int idle = 0;
	while (clock_mono_us() < drain_end && idle < 2) {
		if (signal_wait(&stop, 20) != 0) {
			log_warn("second signal: exiting now");
			_exit(1);
		}
		idle = server_in_flight(srv) == 0 ? idle + 1 : 0;
	}
	if (idle < 2)
		log_warn("drain time is up with %d requests in flight", server_in_flight(srv));
	else if (signal_wait(&stop, LIMIT_DRAIN_FLUSH_MS) != 0) {
		log_warn("second signal: exiting now");
		_exit(1);
	}
	exit_code = 0;
	stop_exit_code = 0;
	pthread_t wd;
	pthread_attr_t wa;
	pthread_attr_init(&wa);
	pthread_attr_setdetachstate(&wa, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&wd, &wa, stop_watchdog, NULL) != 0)
		log_warn("no shutdown watchdog: cannot start a thread");
	pthread_attr_destroy(&wa);
out:
	server_stop(srv);
	rpc_server_destroy(rs);
	store_destroy(st);
	ingest_destroy(in);
	free(cfg.env_listen);
	if (exit_code == 0)
		log_info("stopped");
	return exit_code;
}
