/* rpc_impl.h: what the files of rpc/ share: the call context handed to
 * handlers and the method table row. Not part of the module's surface. */
#ifndef RPC_IMPL_H
#define RPC_IMPL_H

#include <protobuf-c/protobuf-c.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "arena.h"
#include "rpc.h"

typedef struct rpc_call {
	const rpc_app *app;
	rpc_server *srv;
	arena *out;              /* reply arena: output messages and strings */
	uint64_t deadline_mono_us;
	/* failure, filled by rpc__fail */
	int code;
	char message[512];
	char field[64];
	int64_t offset;
} rpc_call;

/* A handler fills *out (allocated in call->out) and returns STATUS_OK, or
 * returns rpc__fail(...). It must not block on the network. */
typedef int (*rpc_handler)(rpc_call *call, const ProtobufCMessage *in, ProtobufCMessage **out);

#define RPC_METHOD_READ 0x1u

typedef struct {
	const char *name; /* must equal the descriptor's method name (checked) */
	rpc_handler handler;
	unsigned flags;
	uint32_t max_request_bytes;
	uint32_t default_timeout_ms;
} rpc_method;

typedef struct {
	atomic_uint_fast64_t calls;
	atomic_uint_fast64_t failures;
	atomic_uint_fast64_t total_us;
} rpc_method_stats;

extern const rpc_method rpc__methods[];
extern const size_t rpc__n_methods;
extern const ProtobufCServiceDescriptor *const rpc__service;

/* Records a failure on call; field may be NULL, offset -1 when none.
 * Returns code, so handlers can `return rpc__fail(...)`. */
int rpc__fail(rpc_call *call, int code, const char *field, int64_t offset,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
bool rpc__deadline_passed(const rpc_call *call);

/* Quotes up to LIMIT_QUOTE_BYTES of untrusted bytes, escaping anything that
 * is not printable ASCII, into out (cap >= 4*LIMIT_QUOTE_BYTES+8). */
void rpc__quote(const char *s, size_t len, char *out, size_t cap);

/* Server-wide state the handlers read. */
bool rpc__is_draining(const rpc_server *srv);
uint64_t rpc__uptime_ms(const rpc_server *srv);
unsigned rpc__in_flight(const rpc_server *srv);
const rpc_method_stats *rpc__stats(const rpc_server *srv);

/* Allocates and inits a message of type desc in the reply arena. */
void *rpc__new(rpc_call *call, const ProtobufCMessageDescriptor *desc);
/* Arena copy of bytes [start,end) of the document text, NUL-terminated. */
char *rpc__slice(rpc_call *call, const char *bytes, uint32_t start, uint32_t end);

#endif
