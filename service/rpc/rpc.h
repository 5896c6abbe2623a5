/* rpc: the gRPC-style request pipeline. It decodes a coalition.v1.Request
 * envelope, finds the method in a table built from the protobuf-c
 * ServiceDescriptor, checks size, deadline and draining state, unpacks the
 * body into a capped per-request arena, runs the handler and packs exactly
 * one coalition.v1.Reply. It never touches sockets (see transport/). */
#ifndef RPC_RPC_H
#define RPC_RPC_H

#include <stddef.h>
#include <stdint.h>

#include "ingest.h"
#include "status.h"
#include "store.h"

typedef struct rpc_server rpc_server;
typedef struct rpc_worker rpc_worker;

/* What the handlers serve. Borrowed: must outlive the rpc_server. */
typedef struct {
	const store *store;
	const ingest *ingest;
	const char *version;
} rpc_app;

/* Builds the method table and checks it against the generated service
 * descriptor (every method has a row and every row a method). Returns NULL
 * with a message in err when they disagree: that is a build bug. */
rpc_server *rpc_server_create(const rpc_app *app, char *err, size_t err_len);
void rpc_server_destroy(rpc_server *srv); /* accepts NULL */

/* After this, Health answers NOT_SERVING and every other method UNAVAILABLE. */
void rpc_server_drain(rpc_server *srv);

/* Per-thread state (arenas, reply buffer). One per worker thread. */
rpc_worker *rpc_worker_create(rpc_server *srv);
void rpc_worker_destroy(rpc_worker *w); /* accepts NULL */

/* Handles one serialized Request received at recv_mono_us (clock_mono_us)
 * and always produces one serialized Reply. *reply points into the worker and
 * stays valid until the next call on w. Thread-safe across workers. */
void rpc_worker_handle(rpc_worker *w, const uint8_t *req, size_t len,
    uint64_t recv_mono_us, const uint8_t **reply, size_t *reply_len);

#endif
