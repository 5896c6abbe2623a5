/* handlers.h: one function per FactService method (see methods.c), and the
 * conversions from the core's C structs to coalition.v1 messages. */
#ifndef RPC_HANDLERS_H
#define RPC_HANDLERS_H

#include "coalition/v1/fact_service.pb-c.h"
#include "rpc_impl.h"

int rpc_health(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);
int rpc_stats(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);
int rpc_list_documents(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);
int rpc_get_document(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);
int rpc_list_methods(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);
int rpc_extract(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);

/* Conversions (convert.c). All allocate in c->out; NULL when out of memory. */
Coalition__V1__Sentence **rpc__sentences(rpc_call *c, const text_doc *doc, size_t *n);
Coalition__V1__Document *rpc__document(rpc_call *c, const store_document *d);
int rpc__extract_fill(rpc_call *c, const text_doc *doc, const extract_result *ex,
    Coalition__V1__ExtractResponse *resp);

#endif
