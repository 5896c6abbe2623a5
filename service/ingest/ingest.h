/* ingest: turns article bytes into stored documents. It owns the lexicons of
 * the text and extract layers and the entity gazetteer, analyses a text
 * (validate, segment, extract, find entities),
 * and loads a corpus directory (manifest.tsv + articles/<id>.txt) into the
 * store. The corpus format is documented in corpus/manifest.tsv and the
 * README. */
#ifndef INGEST_INGEST_H
#define INGEST_INGEST_H

#include <stddef.h>

#include "entity.h"
#include "extract.h"
#include "store.h"
#include "text.h"

typedef struct ingest ingest;

/* Loads the lexicons from lexicon_dir (corpus/lexicon) and the gazetteer
 * from gazetteer_dir (corpus/gazetteer; NULL: no entity recognition).
 * Returns a new ingest (free with ingest_destroy) or NULL with a message in
 * err naming the file and line. */
ingest *ingest_create(const char *lexicon_dir, const char *gazetteer_dir, char *err,
    size_t err_len);

/* The gazetteer (borrowed), or NULL when none was loaded. */
const entity_gazetteer *ingest_gazetteer(const ingest *in);
void ingest_destroy(ingest *in); /* accepts NULL */

/* Validates and analyses text[0..len) (at most LIMIT_TEXT_MAX_BYTES).
 * published/source: the known publication date, or NULL/EXTRACT_SRC_NONE.
 * On TEXT_OK fills *out, owned by the caller (store_analysis_fini, or hand
 * it to store_document_add); on failure *out is zeroed. Thread-safe: the
 * lexicons and the gazetteer are read-only. */
text_err ingest_analyze(const ingest *in, const char *text, size_t len,
    const extract_ymd *published, extract_date_source source, store_analysis *out,
    text_error *err);

/* Loads corpus_dir/manifest.tsv and every article it names, then any
 * articles/<id>.txt it does not name (with a warning), into s, and indexes
 * their entities (store_entities_build). Any error
 * (malformed manifest line, missing file, invalid UTF-8 with its offset)
 * stops the load: returns -1 with "path:line: reason" in err. Returns the
 * number of documents loaded. */
long ingest_corpus_load(const ingest *in, store *s, const char *corpus_dir,
    char *err, size_t err_len);

#endif
