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
int rpc_list_entities(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);
int rpc_get_entity(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);
int rpc_search(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);
int rpc_query_facts(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);

/* Conversions (convert.c). All allocate in c->out; NULL when out of memory. */
Coalition__V1__Sentence **rpc__sentences(rpc_call *c, const text_doc *doc, size_t *n);
Coalition__V1__Document *rpc__document(rpc_call *c, const store_document *d);
int rpc__extract_fill(rpc_call *c, const store_analysis *a, Coalition__V1__ExtractResponse *resp);
/* A corpus entity (store_entity_at(i)); with_roles adds the gazetteer's
 * dated roles and the roles documents state, with provenance. */
Coalition__V1__Entity *rpc__store_entity(rpc_call *c, size_t i, bool with_roles);
/* The provenance of a document's sentence and span. */
Coalition__V1__Provenance *rpc__provenance(rpc_call *c, const store_document *d, uint32_t sentence,
    text_span span);
/* Facts of an analysis, numbered in kind then text order (see convert.c):
 * how many, and fact number n as a message; document_id NULL for a text
 * that is not stored (Extract: ids "fact:N"), else ids "<doc>:<n>". */
size_t rpc__fact_count(const facts_result *fr);
Coalition__V1__Fact *rpc__fact(rpc_call *c, const store_analysis *a, size_t n, const char *document_id);
/* The entities a document mentions, in order of first mention, with their
 * mention counts and the roles the text states. */
Coalition__V1__Entity **rpc__entities(rpc_call *c, const text_doc *doc, const entity_result *ents,
    const char *document_id, const char *stated_date, size_t *n);

#endif
