/* methods.c: the method table, one row per rpc of FactService in .proto
 * order. rpc_server_create checks it against the generated descriptor, so
 * adding an rpc to the .proto without a row here refuses to start. */
#include "coalition/v1/fact_service.pb-c.h"
#include "handlers.h"
#include "coalition_limits.h"
#include "rpc_impl.h"

const ProtobufCServiceDescriptor *const rpc__service = &coalition__v1__fact_service__descriptor;

const rpc_method rpc__methods[] = {
    {"Health", rpc_health, RPC_METHOD_READ, LIMIT_REQUEST_MAX_BYTES, 1000},
    {"Stats", rpc_stats, RPC_METHOD_READ, LIMIT_REQUEST_MAX_BYTES, LIMIT_TIMEOUT_DEFAULT_MS},
    {"ListDocuments", rpc_list_documents, RPC_METHOD_READ, LIMIT_REQUEST_MAX_BYTES, LIMIT_TIMEOUT_DEFAULT_MS},
    {"GetDocument", rpc_get_document, RPC_METHOD_READ, LIMIT_REQUEST_MAX_BYTES, LIMIT_TIMEOUT_DEFAULT_MS},
    {"ListMethods", rpc_list_methods, RPC_METHOD_READ, LIMIT_REQUEST_MAX_BYTES, LIMIT_TIMEOUT_DEFAULT_MS},
    /* Extract carries a whole article. */
    {"Extract", rpc_extract, RPC_METHOD_READ, LIMIT_TEXT_MAX_BYTES + 1024, 30000},
    {"ListEntities", rpc_list_entities, RPC_METHOD_READ, LIMIT_REQUEST_MAX_BYTES, LIMIT_TIMEOUT_DEFAULT_MS},
    {"GetEntity", rpc_get_entity, RPC_METHOD_READ, LIMIT_REQUEST_MAX_BYTES, LIMIT_TIMEOUT_DEFAULT_MS},
    {"Search", rpc_search, RPC_METHOD_READ, LIMIT_REQUEST_MAX_BYTES, LIMIT_TIMEOUT_DEFAULT_MS},
    {"QueryFacts", rpc_query_facts, RPC_METHOD_READ, LIMIT_REQUEST_MAX_BYTES, LIMIT_TIMEOUT_DEFAULT_MS},
    {"Timeline", rpc_timeline, RPC_METHOD_READ, LIMIT_REQUEST_MAX_BYTES, LIMIT_TIMEOUT_DEFAULT_MS},
    {"ValueAsOf", rpc_value_as_of, RPC_METHOD_READ, LIMIT_REQUEST_MAX_BYTES, LIMIT_TIMEOUT_DEFAULT_MS},
    {"ListConflicts", rpc_list_conflicts, RPC_METHOD_READ, LIMIT_REQUEST_MAX_BYTES, LIMIT_TIMEOUT_DEFAULT_MS},
};
const size_t rpc__n_methods = sizeof rpc__methods / sizeof rpc__methods[0];
