/* coalition_limits.h: every limit of coalitiond in one table, with its reason. The
 * README's "Limits" section repeats this table; every limit has a test that
 * goes just over it. Sizes in bytes, times in milliseconds. */
#ifndef COMMON_COALITION_LIMITS_H
#define COMMON_COALITION_LIMITS_H

/* Transport cap (NNG_OPT_RECVMAXSZ) on server and client. nng 1.5.2 has no
 * limit unless told; a peer claiming a bigger message is disconnected before
 * anything is allocated. Room for LIMIT_TEXT_MAX_BYTES plus the envelope. */
#define LIMIT_RECV_MAX_BYTES (16u * 1024 * 1024)

/* Default per-method request cap (like gRPC's 4 MiB receive default, smaller
 * because query requests are tiny). Above it: RESOURCE_EXHAUSTED. */
#define LIMIT_REQUEST_MAX_BYTES (64u * 1024)

/* Largest article text accepted by Extract (and by the corpus loader). */
#define LIMIT_TEXT_MAX_BYTES (8u * 1024 * 1024)

/* Per-request unpack arena: at most this many times the request size plus
 * LIMIT_ARENA_BASE_BYTES. protobuf-c can amplify a message ~50x (empty
 * repeated sub-messages); past the cap the request gets RESOURCE_EXHAUSTED. */
#define LIMIT_ARENA_FACTOR 8u
#define LIMIT_ARENA_BASE_BYTES (64u * 1024)

/* Largest reply the server will send; a bigger one becomes RESOURCE_EXHAUSTED
 * (ask for a smaller page). Equal to the client's receive cap. */
#define LIMIT_REPLY_MAX_BYTES LIMIT_RECV_MAX_BYTES

/* Paging: default and largest page_size of List* and query methods. */
#define LIMIT_PAGE_SIZE_DEFAULT 50u
#define LIMIT_PAGE_SIZE_MAX 1000u

/* GetEntity lists at most this many documents and stated roles (corpus
 * order), with their totals, so a point lookup stays small however often
 * the corpus names the entity. */
#define LIMIT_ENTITY_LIST_MAX 50u

/* ValueAsOf: at most this many series per reply, sources and conflicting
 * facts per series (totals are counted), and earlier values. */
#define LIMIT_ASOF_SERIES_MAX 20u
#define LIMIT_ASOF_FACTS_MAX 20u
#define LIMIT_ASOF_EARLIER_MAX 5u

/* ListConflicts: conflicts per page (default, max), values listed per
 * conflict and facts per value (value_count and fact_count have them all),
 * so a page stays small however many facts a conflict gathers. */
#define LIMIT_CONFLICT_PAGE_DEFAULT 20u
#define LIMIT_CONFLICT_PAGE_MAX 100u
#define LIMIT_CONFLICT_VALUES_MAX 8u
#define LIMIT_CONFLICT_FACTS_MAX 3u

/* Worker contexts (requests in flight) by default, and the most allowed. */
#define LIMIT_WORKERS_DEFAULT 8
#define LIMIT_WORKERS_MAX 256

/* Deadline applied when a request gives none, and the longest accepted. */
#define LIMIT_TIMEOUT_DEFAULT_MS 10000u
#define LIMIT_TIMEOUT_MAX_MS 600000u

/* Send timeout set on each aio before each send: a client that never reads
 * its replies frees the context after this long (see RELIABILITY.md 2.3). */
#define LIMIT_SEND_TIMEOUT_MS 2000

/* How long SIGTERM waits for in-flight requests before closing anyway; below
 * docker compose's default stop_grace_period of 10 s. */
#define LIMIT_DRAIN_TIMEOUT_MS 5000

/* After the last request of the drain is answered, keep the socket open
 * this long before closing it: a finished send only means nng took the
 * reply, and nng 1.5.2 has no linger, so closing at once can cut off a large
 * reply still on its way (seen in test_net_sigterm_finishes_in_flight). */
#define LIMIT_DRAIN_FLUSH_MS 300

/* How long closing the nng socket may take after the drain. nng 1.5.2 can
 * hang in nng_close while a pipe to a peer that stopped reading is torn down
 * (seen in test_net_client_that_never_reads; cf. nng #1543, #1657); past this
 * the process logs it and exits anyway with the status it would have had.
 * Drain + stop stay below compose's 10 s grace period. */
#define LIMIT_STOP_TIMEOUT_MS 3000

/* Bytes of client input quoted in an error message (escaped). */
#define LIMIT_QUOTE_BYTES 64u

/* Documents in one corpus directory. */
#define LIMIT_CORPUS_MAX_DOCS 1000000u

#endif
