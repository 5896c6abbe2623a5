/* gen_corpus: writes a synthetic corpus (see gen_corpus.h) for scale runs.
 *   gen_corpus [--docs 10000] [--seed 1] [--src corpus] OUT_DIR
 * then e.g. coalitiond --corpus OUT_DIR. bench_scale does the same itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "gen_corpus.h"

int main(int argc, char **argv)
{
	const char *src = "corpus", *out = NULL, *v;
	size_t docs = 10000;
	uint64_t seed = 1;
	for (int i = 1; i < argc; i++) {
		if (bench_flag(argc, argv, &i, "--docs", &v))
			docs = (size_t)strtoull(v, NULL, 10);
		else if (bench_flag(argc, argv, &i, "--seed", &v))
			seed = strtoull(v, NULL, 10);
		else if (bench_flag(argc, argv, &i, "--src", &v))
			src = v;
		else if (argv[i][0] != '-' && out == NULL)
			out = argv[i];
		else
			out = NULL, i = argc;
	}
	if (out == NULL || docs == 0) {
		fprintf(stderr, "usage: gen_corpus [--docs 10000] [--seed 1] [--src corpus] OUT_DIR\n");
		return 2;
	}
	gen_corpus_stats st;
	char err[512];
	uint64_t t0 = bench_now_ns();
	if (gen_corpus_write(src, out, docs, seed, &st, err, sizeof err) != 0) {
		fprintf(stderr, "gen_corpus: %s\n", err);
		return 1;
	}
	printf("gen_corpus: %zu documents, %.1f MB of text from %zu source sentences into %s in %.2f s\n",
	    st.docs, (double)st.text_bytes / 1e6, st.sentences, out, (double)(bench_now_ns() - t0) / 1e9);
	return 0;
}
