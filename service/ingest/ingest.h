/* ingest: turns article bytes into stored documents. It owns the lexicons of
 * the text and extract layers, analyses a text (validate, segment, extract),
 * and loads a corpus directory (manifest.tsv + articles/<id>.txt) into the
 * store. The corpus format is documented in corpus/manifest.tsv and the
 * README. */
#ifndef INGEST_INGEST_H
#define INGEST_INGEST_H

#include <stddef.h>

#include "extract.h"
#include "store.h"
#include "text.h"

typedef struct ingest ingest;

/* Loads the lexicons from lexicon_dir. Returns a new ingest (free with
 * ingest_destroy) or NULL with a message in err. */
ingest *ingest_create(const char *lexicon_dir, char *err, size_t err_len);
void ingest_destroy(ingest *in); /* accepts NULL */

/* Validates and analyses text[0..len) (at most LIMIT_TEXT_MAX_BYTES).
 * published/source: the known publication date, or NULL/EXTRACT_SRC_NONE.
 * On TEXT_OK returns a new *doc and *ex, owned by the caller (destroy ex
 * before doc). Thread-safe: the lexicons are read-only. */
text_err ingest_analyze(const ingest *in, const char *text, size_t len,
    const extract_ymd *published, extract_date_source source, text_doc **doc,
    extract_result **ex, text_error *err);

/* Loads corpus_dir/manifest.tsv and every article it names, then any
 * articles/<id>.txt it does not name (with a warning), into s. Any error
 * (malformed manifest line, missing file, invalid UTF-8 with its offset)
 * stops the load: returns -1 with "path:line: reason" in err. Returns the
 * number of documents loaded. */
long ingest_corpus_load(const ingest *in, store *s, const char *corpus_dir,
    char *err, size_t err_len);

#endif
