/* server.c: worker threads over nng contexts. Each worker loops: receive on
 * its context, hand the bytes to the handler, send the reply with a send
 * timeout set on the aio right before the send. nng 1.5.2 does not apply the
 * socket's send timeout to a reused aio (RELIABILITY.md 2.3), so without this
 * one client that never reads would pin the context for ever. */
#include "server.h"

#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"

typedef struct {
	server *srv;
	pthread_t thread;
	nng_ctx ctx;
	nng_aio *aio;
	int started;
} worker;

struct server {
	nng_socket sock;
	const server_ops *ops;
	void *arg;
	int send_timeout_ms;
	worker *workers;
	int n_workers;
	char **urls;
	size_t n_urls;
	atomic_int in_flight;
};

static void *worker_main(void *p)
{
	worker *w = p;
	server *srv = w->srv;
	void *state = srv->ops->worker_create(srv->arg);
	if (state == NULL) {
		log_error("transport: worker state could not be created; worker exits");
		return NULL;
	}
	for (;;) {
		nng_aio_set_timeout(w->aio, NNG_DURATION_INFINITE);
		nng_ctx_recv(w->ctx, w->aio);
		nng_aio_wait(w->aio);
		int rv = nng_aio_result(w->aio);
		if (rv == NNG_ECLOSED)
			break;
		if (rv != 0) {
			log_debug("transport: recv: %s", nng_strerror(rv));
			continue;
		}
		nng_msg *msg = nng_aio_get_msg(w->aio);
		atomic_fetch_add(&srv->in_flight, 1);
		uint64_t t0 = clock_mono_us();
		const uint8_t *reply = NULL;
		size_t reply_len = 0;
		srv->ops->handle(state, nng_msg_body(msg), nng_msg_len(msg), t0, &reply, &reply_len);
		/* Reuse the message: its header holds the REP routing backtrace. */
		nng_msg_clear(msg);
		if (nng_msg_append(msg, reply, reply_len) != 0) {
			log_error("transport: out of memory for a %zu-byte reply", reply_len);
			nng_msg_free(msg);
			atomic_fetch_sub(&srv->in_flight, 1);
			continue;
		}
		nng_aio_set_msg(w->aio, msg);
		nng_aio_set_timeout(w->aio, srv->send_timeout_ms);
		nng_ctx_send(w->ctx, w->aio);
		nng_aio_wait(w->aio);
		rv = nng_aio_result(w->aio);
		if (rv != 0) {
			/* After a failed send the message is still ours. */
			nng_msg_free(nng_aio_get_msg(w->aio));
			log_info("transport: reply not delivered: %s", nng_strerror(rv));
		}
		atomic_fetch_sub(&srv->in_flight, 1);
		if (rv == NNG_ECLOSED)
			break;
	}
	srv->ops->worker_destroy(state);
	return NULL;
}

static char *bound_url(nng_listener l, const char *url)
{
	char buf[512];
	int port = 0;
	/* Report the real port for "tcp://host:0" so tests and users can dial it. */
	if (strncmp(url, "tcp://", 6) == 0 && nng_listener_get_int(l, NNG_OPT_TCP_BOUND_PORT, &port) == 0) {
		const char *colon = strrchr(url + 6, ':');
		int hl = colon ? (int)(colon - url) : (int)strlen(url);
		snprintf(buf, sizeof buf, "%.*s:%d", hl, url, port);
		return strdup(buf);
	}
	return strdup(url);
}

server *server_start(const server_config *cfg, const server_ops *ops, void *arg,
    char *err, size_t err_len)
{
	server *srv = calloc(1, sizeof *srv);
	int rv;
	if (srv == NULL) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	srv->ops = ops;
	srv->arg = arg;
	srv->send_timeout_ms = cfg->send_timeout_ms;
	atomic_init(&srv->in_flight, 0);
	if ((rv = nng_rep0_open(&srv->sock)) != 0) {
		snprintf(err, err_len, "open REP socket: %s", nng_strerror(rv));
		free(srv);
		return NULL;
	}
	/* Before any listener exists: nng 1.5.2 accepts any size unless told. */
	if ((rv = nng_socket_set_size(srv->sock, NNG_OPT_RECVMAXSZ, cfg->recv_max_bytes)) != 0) {
		snprintf(err, err_len, "set %s: %s", NNG_OPT_RECVMAXSZ, nng_strerror(rv));
		goto fail;
	}
	srv->urls = calloc(cfg->n_urls ? cfg->n_urls : 1, sizeof *srv->urls);
	if (srv->urls == NULL) {
		snprintf(err, err_len, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < cfg->n_urls; i++) {
		const char *url = cfg->urls[i];
		nng_listener l;
		if ((rv = nng_listener_create(&l, srv->sock, url)) != 0) {
			snprintf(err, err_len, "listen %s: %s", url, nng_strerror(rv));
			goto fail;
		}
		if (strncmp(url, "ipc://", 6) == 0)
			/* Only this user may connect to the socket file (RELIABILITY F3). */
			nng_listener_set_int(l, NNG_OPT_IPC_PERMISSIONS, 0600);
		if ((rv = nng_listener_start(l, 0)) != 0) {
			snprintf(err, err_len, "listen %s: %s", url, nng_strerror(rv));
			goto fail;
		}
		if ((srv->urls[i] = bound_url(l, url)) == NULL) {
			snprintf(err, err_len, "out of memory");
			goto fail;
		}
		srv->n_urls++;
	}
	srv->workers = calloc((size_t)cfg->workers, sizeof *srv->workers);
	if (srv->workers == NULL) {
		snprintf(err, err_len, "out of memory");
		goto fail;
	}
	for (int i = 0; i < cfg->workers; i++) {
		worker *w = &srv->workers[i];
		w->srv = srv;
		if ((rv = nng_ctx_open(&w->ctx, srv->sock)) != 0 || (rv = nng_aio_alloc(&w->aio, NULL, NULL)) != 0) {
			snprintf(err, err_len, "worker %d: %s", i, nng_strerror(rv));
			goto fail;
		}
		srv->n_workers = i + 1;
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			snprintf(err, err_len, "worker %d: cannot start a thread", i);
			goto fail;
		}
		w->started = 1;
	}
	return srv;
fail:
	server_stop(srv);
	return NULL;
}

const char *server_url(const server *srv, size_t i) { return i < srv->n_urls ? srv->urls[i] : NULL; }
size_t server_url_count(const server *srv) { return srv->n_urls; }
int server_in_flight(const server *srv) { return atomic_load(&((server *)srv)->in_flight); }

void server_stop(server *srv)
{
	if (srv == NULL)
		return;
	/* Closing the socket fails every pending aio with NNG_ECLOSED, which
	 * ends the worker loops; only then are the aios freed. */
	nng_close(srv->sock);
	for (int i = 0; i < srv->n_workers; i++) {
		worker *w = &srv->workers[i];
		if (w->started)
			pthread_join(w->thread, NULL);
		if (w->aio != NULL) {
			nng_aio_stop(w->aio);
			nng_aio_free(w->aio);
		}
	}
	for (size_t i = 0; i < srv->n_urls; i++)
		free(srv->urls[i]);
	free(srv->urls);
	free(srv->workers);
	free(srv);
}
