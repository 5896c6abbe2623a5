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
/* handlers_series.c */
int rpc_timeline(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);
int rpc_value_as_of(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);
int rpc_list_conflicts(rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage **out);

/* Shared request checks (handlers.c); each returns STATUS_OK or fails the
 * call with the field named. */
/* page_size 0 -> LIMIT_PAGE_SIZE_DEFAULT; above LIMIT_PAGE_SIZE_MAX fails. */
int rpc__page_size_check(rpc_call *c, uint32_t requested, size_t *size);
/* Page tokens "o<offset>"; "" is offset 0. */
int rpc__page_token_parse(rpc_call *c, const char *tok, size_t *offset);
/* The token after [offset, offset + n) of total into *out ("" stays NULL). */
int rpc__page_token_next(rpc_call *c, size_t offset, size_t n, size_t total, char **out);
/* "YYYY", "YYYY-MM", "YYYY-MM-DD" as a YYYYMMDD bound (upper: the period's
 * last day, as 99s); "" is 0. */
int rpc__date_bound(rpc_call *c, const char *field, const char *s, bool upper, int32_t *out);
/* An entity id or a name in any spelling -> entity row; NOT_FOUND names
 * the field. */
int rpc__entity_resolve(rpc_call *c, const char *field, const char *name, long *row);

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
/* Fact n of stored document doc (an index for store_document_at). */
Coalition__V1__Fact *rpc__store_fact(rpc_call *c, uint32_t doc, uint32_t n);
/* The entities a document mentions, in order of first mention, with their
 * mention counts and the roles the text states. */
Coalition__V1__Entity **rpc__entities(rpc_call *c, const text_doc *doc, const entity_result *ents,
    const char *document_id, const char *stated_date, size_t *n);

/* The distinct entity ids a reply's facts name (arena-backed; zero it to
 * start), and their entities with names (no roles, no aliases). */
typedef struct {
	const char **ids;
	size_t n, cap;
} rpc_idset;
int rpc__idset_add_fact(rpc_call *c, rpc_idset *set, const Coalition__V1__Fact *f);
int rpc__idset_entities(rpc_call *c, const rpc_idset *set, Coalition__V1__Entity ***out, size_t *n);
/* A reply page of stored facts: rows holds the page from offset (at most
 * size) of total matches; fills the facts, the entities they name, the
 * total and the next page's token. */
int rpc__fact_page(rpc_call *c, const store_fact *rows, size_t offset, size_t size, size_t total,
    Coalition__V1__Fact ***facts, size_t *n_facts, Coalition__V1__Entity ***ents, size_t *n_ents,
    uint32_t *total_size, char **next_page_token);

#endif
