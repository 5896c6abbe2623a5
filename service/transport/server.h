/* server: the nng side of coalitiond. One REP socket listening on one or
 * more URLs (tcp://, ipc://), served by a fixed pool of worker contexts, each
 * with its own nng_ctx and aio driven by its own thread (no thread per
 * connection, no global lock). It moves bytes only: what a request means is
 * the handler's business (rpc/). */
#ifndef TRANSPORT_SERVER_H
#define TRANSPORT_SERVER_H

#include <stddef.h>
#include <stdint.h>

typedef struct server server;

/* How requests are handled; called from worker threads.
 * worker_create runs once per worker thread and returns its state.
 * handle must produce a reply for every request; *reply stays valid until
 * the next handle call on the same worker state. */
typedef struct {
	void *(*worker_create)(void *arg);
	void (*worker_destroy)(void *worker);
	void (*handle)(void *worker, const uint8_t *req, size_t len, uint64_t recv_mono_us,
	    const uint8_t **reply, size_t *reply_len);
} server_ops;

typedef struct {
	const char *const *urls; /* borrowed for the call */
	size_t n_urls;
	int workers;
	size_t recv_max_bytes;   /* NNG_OPT_RECVMAXSZ */
	int send_timeout_ms;     /* set on the aio before every send */
} server_config;

/* Opens the socket, starts listening on every URL and starts the workers.
 * Returns NULL with a message in err (e.g. "listen tcp://...: Address in
 * use"). ops and arg are borrowed until server_destroy. */
server *server_start(const server_config *cfg, const server_ops *ops, void *arg,
    char *err, size_t err_len);

/* The URL a listener actually bound ("tcp://127.0.0.1:0" -> real port). */
const char *server_url(const server *srv, size_t i);
size_t server_url_count(const server *srv);

/* Requests currently being handled or sent. */
int server_in_flight(const server *srv);

/* Closes the socket (pending receives end), joins the workers, frees
 * everything. Call once in-flight requests have finished (see main.c). */
void server_stop(server *srv); /* accepts NULL */

#endif
