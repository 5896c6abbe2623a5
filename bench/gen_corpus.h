/* gen_corpus: a synthetic corpus for scale benchmarks. It recombines the
 * sentences of a source corpus (corpus/articles, split with the text layer,
 * page chrome left out) into new articles with varied numbers, dates and
 * names: sentences shuffled, every digit replaced by a random digit of the
 * same script, month names swapped for other month names, and person and
 * place names swapped within their list. Deterministic for a given seed.
 * The result is a corpus directory coalitiond loads: manifest.tsv,
 * articles/<id>.txt and a copy of the source lexicon/. */
#ifndef BENCH_GEN_CORPUS_H
#define BENCH_GEN_CORPUS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	size_t docs;        /* documents written */
	size_t text_bytes;  /* bytes of article text written */
	size_t sentences;   /* distinct source sentences used as the pool */
} gen_corpus_stats;

/* Writes n_docs articles into out_dir (created; must not hold a corpus
 * already) from src_dir (a corpus directory). Returns 0, or -1 with a
 * message in err. */
int gen_corpus_write(const char *src_dir, const char *out_dir, size_t n_docs, uint64_t seed,
    gen_corpus_stats *stats, char *err, size_t err_len);

#endif
