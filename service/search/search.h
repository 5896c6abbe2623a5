/* search: an Arabic-aware full-text index over the sentences of many
 * text_doc documents, for the Search RPC. Every word and number token is
 * indexed under two keys (its stem and its clitic-stripped form), so a query
 * written with other clitics, hamza/alef spellings, tashkeel, Persian letters
 * or Latin case still finds it; a hit is one sentence holding every query
 * word. It does not keep the documents, parse RPCs or know what a fact is.
 *
 * Life cycle: create, add every document (single thread), freeze, then query
 * from any number of threads; the index is read-only after freeze. There is
 * no removal and no adding after freeze: to take in new articles, build a
 * new index and swap it in (readers of the old one finish first).
 */
#ifndef SEARCH_SEARCH_H
#define SEARCH_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

/* Limits (also in the README's limits table once the RPC is wired). */
#define SEARCH_QUERY_MAX_WORDS 16   /* words in one query; more is an error, so
                                       a query cannot make us intersect
                                       unbounded posting lists */
#define SEARCH_QUERY_MAX_BYTES 4096 /* query text; longer is an error */
#define SEARCH_PAGE_MAX 100         /* hits per page; a larger max is capped */
#define SEARCH_HIT_MAX_SPANS 16     /* highlight spans kept per hit */

typedef enum {
	SEARCH_OK = 0,
	SEARCH_EUTF8,     /* query is not valid UTF-8 or holds NUL/C0 controls
	                     (RPC: INVALID_ARGUMENT) */
	SEARCH_ETOOMANY,  /* more than SEARCH_QUERY_MAX_WORDS words
	                     (RPC: INVALID_ARGUMENT) */
	SEARCH_ETOOBIG,   /* query longer than SEARCH_QUERY_MAX_BYTES
	                     (RPC: INVALID_ARGUMENT) */
	SEARCH_ENOMEM,    /* (RPC: RESOURCE_EXHAUSTED) */
	SEARCH_EINTERNAL, /* the text layer failed otherwise (RPC: INTERNAL) */
} search_err;

/* Short English name of an error code (static string). */
const char *search_err_str(search_err code);

typedef struct search_index search_index;

/* Returns a new empty index in *out (free with search_index_destroy).
 * SEARCH_OK or SEARCH_ENOMEM (then *out is untouched). */
search_err search_index_create(search_index **out);

/* Destroys the index. Accepts NULL. No query may be running. */
void search_index_destroy(search_index *idx);

/* Indexes every sentence of doc under the caller's document number doc_no.
 * doc borrows: the index copies the token spans it needs and keeps no
 * pointer into doc. doc_no is not checked for uniqueness: adding the same
 * number twice gives hits for both copies. Documents rank in the order they
 * were added. Must not be called after search_index_freeze (asserts).
 * Returns SEARCH_OK, or SEARCH_ENOMEM (then the index holds some of doc's
 * sentences and should be destroyed). Not thread-safe. */
search_err search_index_add(search_index *idx, uint32_t doc_no, const text_doc *doc);

/* Ends loading: packs the postings into one array (CSR) and frees the
 * build-time buffers. After it the index is read-only and search_query may
 * run from many threads at once. Returns SEARCH_OK or SEARCH_ENOMEM (then the
 * index is unchanged and still loading). Freezing twice is a no-op. */
search_err search_index_freeze(search_index *idx);

/* One matching sentence. Spans are byte ranges into the original bytes of
 * the document added as doc_no (text_doc_bytes), one per token matched by
 * any query word (stem matches too, so "دول" lights up for "الدولي"), whole
 * tokens with their clitics and tashkeel, in text order, the first
 * SEARCH_HIT_MAX_SPANS of them; sentence indexes text_doc_sentences of that
 * document. */
typedef struct {
	uint32_t doc_no;
	uint32_t sentence;
	uint8_t is_phrase; /* all query words adjacent and in query order */
	uint8_t n_exact;   /* query words matched by their clitic-stripped form,
	                      not only by stem */
	uint16_t n_spans;  /* <= SEARCH_HIT_MAX_SPANS */
	text_span spans[SEARCH_HIT_MAX_SPANS];
} search_hit;

typedef struct {
	size_t n_docs;
	size_t n_sentences; /* sentences holding at least one indexed token */
	size_t n_tokens;    /* indexed tokens */
	size_t n_keys;
	size_t n_postings;
	size_t bytes;       /* heap held by the index, approximate */
} search_stats;

void search_index_stats(const search_index *idx, search_stats *st);

/* Runs query (NUL-terminated UTF-8, borrowed) against a frozen index
 * (asserts if not frozen). The query is split into words by the text layer,
 * so it matches whatever spelling the documents use (see text.h); text in
 * double quotes ("..." or typographic quotes) is a phrase whose words must
 * stand next to each other in that order. A hit is a sentence that holds
 * every query word (AND), by clitic-stripped form or by stem. "Adjacent"
 * means consecutive tokens of the text layer, so punctuation between two
 * words (a comma) breaks a phrase. Hits are
 * ranked: whole query as a phrase first, then more words matched exactly
 * (clitic-stripped form equal, not only the stem), then the order documents
 * were added and sentence order.
 *
 * Writes hits [skip, skip + max) of that ranking to out[0 .. *n_out) (out
 * borrows, room for max hits; max is capped at SEARCH_PAGE_MAX) and the
 * number of all hits to *total. A query without words (empty, whitespace,
 * punctuation only) is SEARCH_OK with no hits. On error *n_out and *total
 * are untouched. Thread-safe after freeze. */
search_err search_query(const search_index *idx, const char *query, size_t skip,
    size_t max, search_hit *out, size_t *n_out, size_t *total);

#endif
