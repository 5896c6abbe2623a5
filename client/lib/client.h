/* client.h: the coalition client library, used by the `coalition` CLI and by
 * the network tests. It calls FactService methods over an nng REQ socket
 * (one Request envelope out, one Reply back), maps protobuf-c messages to and
 * from proto3 JSON, and names gRPC status codes. It knows nothing of facts:
 * every message is handled through its protobuf-c descriptor.
 *
 * Threads: a client may be shared by threads; each client_call opens its own
 * nng context. Results and messages are owned by the caller. */
#ifndef CLIENT_H
#define CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>
#include <protobuf-c/protobuf-c.h>

#include "coalition/v1/envelope.pb-c.h"

/* ---- status codes ---------------------------------------------------- */

/** gRPC status codes, same numbers as grpc/status.h and Reply.status.code. */
enum {
  CLIENT_STATUS_OK = 0,
  CLIENT_STATUS_CANCELLED = 1,
  CLIENT_STATUS_UNKNOWN = 2,
  CLIENT_STATUS_INVALID_ARGUMENT = 3,
  CLIENT_STATUS_DEADLINE_EXCEEDED = 4,
  CLIENT_STATUS_NOT_FOUND = 5,
  CLIENT_STATUS_ALREADY_EXISTS = 6,
  CLIENT_STATUS_PERMISSION_DENIED = 7,
  CLIENT_STATUS_RESOURCE_EXHAUSTED = 8,
  CLIENT_STATUS_FAILED_PRECONDITION = 9,
  CLIENT_STATUS_ABORTED = 10,
  CLIENT_STATUS_OUT_OF_RANGE = 11,
  CLIENT_STATUS_UNIMPLEMENTED = 12,
  CLIENT_STATUS_INTERNAL = 13,
  CLIENT_STATUS_UNAVAILABLE = 14,
  CLIENT_STATUS_DATA_LOSS = 15,
  CLIENT_STATUS_UNAUTHENTICATED = 16,
};

/** Name of a gRPC status code ("NOT_FOUND"); NULL for a number outside 0..16.
 *  Returns a static string. */
const char *client_status_name(int32_t code);

/** Code for a name ("NOT_FOUND", case-insensitive); -1 when unknown. */
int32_t client_status_from_name(const char *name);

/* ---- methods ----------------------------------------------------------- */

/** Looks up a FactService method by full name ("/coalition.v1.FactService/Stats")
 *  or short name ("Stats"). Returns the static descriptor (input, output,
 *  name), or NULL when there is no such method or the service part differs. */
const ProtobufCMethodDescriptor *client_method_find(const char *name);

/** Writes the full name "/coalition.v1.FactService/<Method>" of a method into
 *  buf (size buf_len, always NUL-terminated). Returns buf. */
char *client_method_full_name(const ProtobufCMethodDescriptor *method, char *buf, size_t buf_len);

/** The service descriptor the client was built with. */
const ProtobufCServiceDescriptor *client_service(void);

/* ---- connection -------------------------------------------------------- */

typedef struct client client;

/** Default call timeout of the CLI, and of client_create when timeout_ms is 0. */
#define CLIENT_TIMEOUT_DEFAULT_MS 5000u

/** Options of client_create_opts. Zero-initialise, then set what you need. */
typedef struct client_options {
  /** tcp://host:port, ipc:///path or tls+tcp://host:port. Borrowed. */
  const char *url;
  /** Default deadline of each call in ms (0: CLIENT_TIMEOUT_DEFAULT_MS). */
  uint32_t timeout_ms;
  /** For tls+tcp://: PEM file of the CA that signed the server; NULL keeps
   *  nng's default (verification required, so set it). Borrowed. */
  const char *tls_ca_file;
  /** For tls+tcp://: server name to verify; NULL uses the host of the URL. */
  const char *tls_server_name;
} client_options;

/** Creates a client and connects synchronously, so an unreachable server is
 *  reported at once ("cannot connect to tcp://127.0.0.1:7700: Connection
 *  refused") instead of a call that hangs. After that first connection, nng
 *  reconnects on its own (100 ms doubling to 2 s) if the server restarts.
 *  Returns 0 and a new client in *out (free with client_destroy), or an nng
 *  error number with a message in err (err_len bytes, may be 0) and *out
 *  untouched. */
int client_create_opts(client **out, const client_options *opts, char *err, size_t err_len);

/** Shorthand for client_create_opts with only url and timeout_ms. */
int client_create(client **out, const char *url, uint32_t timeout_ms, char *err, size_t err_len);

/** Closes the socket and frees the client. Accepts NULL. Calls still running
 *  in other threads fail with CLIENT_ECLOSED. */
void client_destroy(client *c);

/** The URL and default timeout the client was created with (borrowed). */
const char *client_url(const client *c);
uint32_t client_timeout_ms(const client *c);

/* ---- calls ------------------------------------------------------------- */

/** What happened to a call, before looking at the Reply's status. */
typedef enum client_err {
  CLIENT_EOK = 0,       /* a Reply arrived and decoded; see client_result_code */
  CLIENT_ETIMEDOUT,     /* no reply within the deadline */
  CLIENT_ECONNRESET,    /* the server closed the connection (crash, oversize) */
  CLIENT_EBADREPLY,     /* the reply bytes are not a coalition.v1.Reply */
  CLIENT_EINVAL,        /* bad arguments (message pack failed, bad method) */
  CLIENT_ECLOSED,       /* the client was destroyed */
  CLIENT_ETRANSPORT,    /* any other nng error; see the message */
} client_err;

/** One metadata entry (Request.metadata); both strings borrowed. */
typedef struct client_metadata {
  const char *key;
  const char *value;
} client_metadata;

typedef struct client_result client_result;

/** Calls a method with raw request bytes.
 *  method:  full name "/coalition.v1.FactService/Stats" (sent as is). Borrowed.
 *  body:    serialized request message, body_len bytes (may be NULL if 0). Borrowed.
 *  md:      n_md metadata entries, may be NULL. Borrowed.
 *  timeout_ms: this call's deadline; 0 uses the client's. It is also sent as
 *           Request.timeout_ms so the server knows the deadline.
 *  Always returns a new result (NULL only when out of memory); the caller
 *  frees it with client_result_destroy. */
client_result *client_call_raw(client *c, const char *method, const void *body, size_t body_len,
                               const client_metadata *md, size_t n_md, uint32_t timeout_ms);

/** Same, packing req (borrowed) with protobuf-c first. req may be NULL for an
 *  empty body. */
client_result *client_call(client *c, const char *method, const ProtobufCMessage *req,
                           const client_metadata *md, size_t n_md, uint32_t timeout_ms);

/** Frees a result and everything borrowed from it. Accepts NULL. */
void client_result_destroy(client_result *r);

/** CLIENT_EOK when a Reply arrived, else the transport failure. */
client_err client_result_err(const client_result *r);

/** Status code of the reply. For a transport failure, the code a gRPC client
 *  would report: DEADLINE_EXCEEDED for a timeout, UNAVAILABLE for a reset or
 *  closed connection, INTERNAL for an undecodable reply, INVALID_ARGUMENT for
 *  bad arguments. */
int32_t client_result_code(const client_result *r);

/** The reply's status message, or the transport error message ("no reply
 *  from tcp://127.0.0.1:7700 within 5000 ms"). Never NULL; borrowed from r. */
const char *client_result_message(const client_result *r);

/** The decoded Reply (status details, metadata), or NULL after a transport
 *  failure. Borrowed from r. */
const Coalition__V1__Reply *client_result_reply(const client_result *r);

/** The response body bytes (Reply.body); *len gets the size. Borrowed from r;
 *  NULL with *len = 0 when there is none. */
const uint8_t *client_result_body(const client_result *r, size_t *len);

/** Unpacks the response body as message type desc. Returns a new message
 *  (free with protobuf_c_message_free_unpacked(m, NULL)), or NULL with a
 *  reason in err when the call failed or the body does not decode. */
ProtobufCMessage *client_result_unpack(const client_result *r, const ProtobufCMessageDescriptor *desc,
                                       char *err, size_t err_len);

/** Writes "NOT_FOUND: document 'x' not found" plus one "  field: reason (byte
 *  N)" line per ErrorDetail into buf. Returns buf. */
char *client_result_describe(const client_result *r, char *buf, size_t buf_len);

/* ---- proto3 JSON mapping ---------------------------------------------- */

/** Message to proto3 JSON: lowerCamel names, default values left out, 64-bit
 *  integers as strings, bytes as base64, enums as names, maps as objects.
 *  Returns a new json object (release with json_object_put). */
json_object *client_json_from_message(const ProtobufCMessage *msg);

/** Proto3 JSON to a message of type desc. Accepts json names and proto field
 *  names, enum names or numbers, 64-bit integers as strings or numbers,
 *  base64 (standard or URL-safe) bytes; null means the default. Unknown fields
 *  and wrong types are errors. path names the root in error messages (e.g.
 *  "body" gives "body.pageSize: expected a number"); NULL or "" for none.
 *  Returns a new message (free with protobuf_c_message_free_unpacked(m, NULL)),
 *  or NULL with the message in err. obj is borrowed. */
ProtobufCMessage *client_json_to_message(const ProtobufCMessageDescriptor *desc, json_object *obj,
                                         const char *path, char *err, size_t err_len);

/** Parses JSON text (len bytes, need not be NUL-terminated). Returns a new
 *  json object, or NULL with "line L, column C: reason" in err. */
json_object *client_json_parse(const char *text, size_t len, char *err, size_t err_len);

/** Pretty JSON text of obj, like grpcurl's (2-space indent, UTF-8 kept, "/"
 *  not escaped). Borrowed from obj: valid until obj is released. */
const char *client_json_print(json_object *obj);

#endif
