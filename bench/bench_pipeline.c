/* bench_pipeline: the Arabic text pipeline against the ICU floor.
 *
 * Builds a large text by concatenating the corpus/articles .txt files (in name order)
 * again and again, then measures over the same bytes:
 *   floor    UTF-8 -> UTF-16, unorm2 NFKC (to UTF-16), UBRK_WORD ("ar") over
 *            the normalised text: the least any ICU-based pipeline must do;
 *            once over the whole text and once per article (one reused
 *            break iterator, ubrk_setText per article).
 *   text     the text pipeline of the "Arabic text pipeline" issue:
 *            text_doc_create + extract_run (validation, chrome, sentences,
 *            tokens, matching forms, clitics, numbers, quantities, dates),
 *            once per article and once over the whole text at once (as one
 *            document; ingest_analyze itself refuses more than
 *            LIMIT_TEXT_MAX_BYTES, so that row calls the two layers directly
 *            with the same lexicons).
 *   ingest   ingest_analyze per article, as corpus loading and Extract do:
 *            the text pipeline plus entity_find and facts_build (the fact
 *            model's layers, issue "fact model").
 * Goal of the "Arabic text pipeline" issue: its pipeline (the two text rows)
 * within 3x of the ICU floor (time ratio <= 3). The ingest row prints its
 * ratio for information. Each figure is the median of --reps runs.
 *
 *   bench_pipeline [--mb 20] [--reps 3] [--corpus corpus] [--only ingest|text|whole]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "bench_util.h"
#include "extract.h"
#include "ingest.h"
#include "text.h"

#define GOAL_RATIO 3.0
#define MAX_ARTICLES 4096
#define PER_ARTICLE_CALLS 20
#define ROW(name) (only == NULL || strcmp(only, name) == 0)

static char *names_out[MAX_ARTICLES]; /* article file names, in load order */

typedef struct {
	size_t off, len;
} piece;

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the articles of dir/articles in name order. */
static size_t load_articles(const char *corpus, char **texts, size_t *lens, size_t max)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/articles", corpus);
	DIR *d = opendir(path);
	if (d == NULL)
		return 0;
	char *names[MAX_ARTICLES];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < max) {
		size_t l = strlen(e->d_name);
		if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0)
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	size_t got = 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/articles/%s", corpus, names[i]);
		texts[got] = bench_slurp(path, &lens[got]);
		if (texts[got] != NULL)
			names_out[got++] = names[i];
		else
			free(names[i]);
	}
	return got;
}

typedef struct {
	const UNormalizer2 *nfkc;
	UBreakIterator *bi;
	UChar *u16;
	UChar *norm;
	int32_t cap;
} icu_floor;

/* UTF-8 -> UTF-16 -> NFKC -> word boundaries of text[0..len). Returns the
 * number of boundaries, or -1 on an ICU error. */
static long floor_one(icu_floor *f, const char *text, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n16 = 0;
	u_strFromUTF8(f->u16, f->cap, &n16, text, (int32_t)len, &st);
	if (U_FAILURE(st))
		return -1;
	int32_t nn = unorm2_normalize(f->nfkc, f->u16, n16, f->norm, f->cap, &st);
	if (U_FAILURE(st))
		return -1;
	ubrk_setText(f->bi, f->norm, nn, &st);
	if (U_FAILURE(st))
		return -1;
	long k = 0;
	while (ubrk_next(f->bi) != UBRK_DONE)
		k++;
	return k;
}

static double mbps(size_t bytes, double s) { return (double)bytes / 1e6 / s; }

int main(int argc, char **argv)
{
	const char *corpus = "corpus", *v;
	/* --only ROW: measure the floors and that one pipeline row (for perf
	 * profiles of one stage); skipped rows print as "-". */
	const char *only = NULL;
	double mb = 20;
	int reps = 3;
	for (int i = 1; i < argc; i++) {
		if (bench_flag(argc, argv, &i, "--mb", &v))
			mb = atof(v);
		else if (bench_flag(argc, argv, &i, "--reps", &v))
			reps = atoi(v);
		else if (bench_flag(argc, argv, &i, "--corpus", &v))
			corpus = v;
		else if (bench_flag(argc, argv, &i, "--only", &v))
			only = v;
		else {
			fprintf(stderr, "usage: bench_pipeline [--mb 20] [--reps 3] [--corpus corpus] [--only ingest|text|whole]\n");
			return 2;
		}
	}
	if (reps < 1 || mb <= 0) {
		fprintf(stderr, "bench_pipeline: --reps >= 1 and --mb > 0\n");
		return 2;
	}
	bench_pin_cpu(bench_client_cpu());
	bench_print_header("bench_pipeline", "Arabic text pipeline vs the ICU floor (issue \"Arabic text pipeline\")");

	static char *texts[MAX_ARTICLES];
	static size_t lens[MAX_ARTICLES];
	size_t n_art = load_articles(corpus, texts, lens, MAX_ARTICLES);
	if (n_art == 0) {
		fprintf(stderr, "bench_pipeline: no articles in %s/articles (run from the source tree)\n", corpus);
		return 1;
	}
	char lexdir[4096], gazdir[4096], err[512];
	snprintf(lexdir, sizeof lexdir, "%s/lexicon", corpus);
	snprintf(gazdir, sizeof gazdir, "%s/gazetteer", corpus);
	ingest *in = ingest_create(lexdir, gazdir, err, sizeof err);
	text_lexicon *tlex = NULL;
	extract_lexicon *xlex = NULL;
	text_error te = {0};
	if (in == NULL || text_lexicon_load(lexdir, &tlex, &te) != TEXT_OK ||
	    extract_lexicon_load(lexdir, &xlex, &te) != TEXT_OK) {
		fprintf(stderr, "bench_pipeline: lexicons: %s%s\n", in ? "" : err, te.reason);
		return 1;
	}
	/* Page chrome is cut before the concatenation: a chrome line such as a
	 * "related articles" marker drops everything after it, which in one big
	 * text would drop all later articles. Every row then measures the same
	 * article bodies. */
	size_t raw_bytes = 0, chrome_bytes = 0;
	for (size_t i = 0; i < n_art; i++) {
		text_doc *doc = NULL;
		if (text_doc_create(tlex, texts[i], lens[i], &doc, &te) != TEXT_OK) {
			fprintf(stderr, "bench_pipeline: article %zu: %s\n", i, te.reason);
			return 1;
		}
		size_t nc = 0, w = 0, at = 0;
		const text_span *ch = text_doc_chrome(doc, &nc);
		char *clean = malloc(lens[i] + 1);
		for (size_t k = 0; k <= nc; k++) {
			size_t end = k < nc ? ch[k].start : lens[i];
			if (end > at) {
				memcpy(clean + w, texts[i] + at, end - at);
				w += end - at;
			}
			if (k < nc) {
				at = ch[k].end;
				while (at < lens[i] && (texts[i][at] == '\n' || texts[i][at] == '\r'))
					at++;
			}
		}
		text_doc_destroy(doc);
		raw_bytes += lens[i];
		chrome_bytes += lens[i] - w;
		clean[w] = '\0';
		free(texts[i]);
		texts[i] = clean;
		lens[i] = w;
	}
	size_t target = (size_t)(mb * 1e6), total = 0, n_pieces = 0, cap_pieces = 1024;
	piece *pieces = malloc(cap_pieces * sizeof *pieces);
	char *big = malloc(target + 65536 + 1);
	if (pieces == NULL || big == NULL)
		return 1;
	/* Whole articles only, each followed by a newline, until the target. */
	for (size_t i = 0; total < target; i = (i + 1) % n_art) {
		if (total + lens[i] + 1 > target + 65536)
			break;
		if (n_pieces == cap_pieces) {
			cap_pieces *= 2;
			pieces = realloc(pieces, cap_pieces * sizeof *pieces);
			if (pieces == NULL)
				return 1;
		}
		pieces[n_pieces++] = (piece){total, lens[i]};
		memcpy(big + total, texts[i], lens[i]);
		total += lens[i];
		big[total++] = '\n';
	}
	big[total] = '\0';
	printf("# text: %zu distinct articles of %s/articles (%zu of their %zu bytes are page chrome,\n"
	       "#   cut first) repeated into %zu article pieces, %.1f MB total\n",
	    n_art, corpus, chrome_bytes, raw_bytes, n_pieces, (double)total / 1e6);
	printf("# figures: median of %d runs after one untimed warm-up run; MB = 10^6 bytes of UTF-8 input\n\n", reps);

	/* ICU floor buffers: UTF-16 never needs more units than UTF-8 bytes;
	 * NFKC of Arabic can expand presentation forms, so leave room. */
	icu_floor fl = {0};
	UErrorCode st = U_ZERO_ERROR;
	fl.nfkc = unorm2_getNFKCInstance(&st);
	fl.bi = ubrk_open(UBRK_WORD, "ar", NULL, 0, &st);
	fl.cap = (int32_t)(total * 2 + 1024);
	fl.u16 = malloc((size_t)fl.cap * sizeof(UChar));
	fl.norm = malloc((size_t)fl.cap * sizeof(UChar));
	if (U_FAILURE(st) || fl.u16 == NULL || fl.norm == NULL) {
		fprintf(stderr, "bench_pipeline: ICU setup failed: %s\n", u_errorName(st));
		return 1;
	}

	double *t_floor_big = calloc((size_t)reps + 1, sizeof(double));
	double *t_floor_art = calloc((size_t)reps + 1, sizeof(double));
	double *t_pipe_art = calloc((size_t)reps + 1, sizeof(double));
	double *t_pipe_big = calloc((size_t)reps + 1, sizeof(double));
	double *t_text_art = calloc((size_t)reps + 1, sizeof(double));
	long words = 0, sentences_art = 0, tokens_big = 0;
	size_t numbers_art = 0, dates_art = 0;
	for (int r = -1; r < reps; r++) {
		/* r == -1 is the warm-up (page faults, ICU data). Interleave the four measurements so drift hits them alike. */
		uint64_t t0 = bench_now_ns();
		long w = floor_one(&fl, big, total);
		t_floor_big[r + 1] = (double)(bench_now_ns() - t0) / 1e9;
		if (w < 0) {
			fprintf(stderr, "bench_pipeline: ICU floor failed\n");
			return 1;
		}
		words = w;

		t0 = bench_now_ns();
		for (size_t i = 0; i < n_pieces; i++)
			if (floor_one(&fl, big + pieces[i].off, pieces[i].len) < 0)
				return 1;
		t_floor_art[r + 1] = (double)(bench_now_ns() - t0) / 1e9;

		long sents = 0;
		size_t nums = 0, dates = 0;
		t0 = bench_now_ns();
		for (size_t i = 0; ROW("ingest") && i < n_pieces; i++) {
			store_analysis a;
			if (ingest_analyze(in, big + pieces[i].off, pieces[i].len, NULL, EXTRACT_SRC_NONE,
			        &a, &te) != TEXT_OK) {
				fprintf(stderr, "bench_pipeline: ingest_analyze: %s\n", te.reason);
				return 1;
			}
			size_t k;
			text_doc_sentences(a.doc, &k);
			sents += (long)k;
			extract_result_numbers(a.ex, &k);
			nums += k;
			extract_result_dates(a.ex, &k);
			dates += k;
			store_analysis_fini(&a);
		}
		t_pipe_art[r + 1] = (double)(bench_now_ns() - t0) / 1e9;
		sentences_art = sents;
		numbers_art = nums;
		dates_art = dates;

		/* The text pipeline alone (text layer + recognisers), article by
		 * article: ingest_analyze minus entity_find and facts_build. */
		t0 = bench_now_ns();
		for (size_t i = 0; ROW("text") && i < n_pieces; i++) {
			text_doc *doc = NULL;
			if (text_doc_create(tlex, big + pieces[i].off, pieces[i].len, &doc, &te) != TEXT_OK) {
				fprintf(stderr, "bench_pipeline: text_doc_create: %s\n", te.reason);
				return 1;
			}
			extract_result *ex = extract_run(xlex, doc, NULL, EXTRACT_SRC_NONE);
			if (ex == NULL)
				return 1;
			extract_result_destroy(ex);
			text_doc_destroy(doc);
		}
		t_text_art[r + 1] = (double)(bench_now_ns() - t0) / 1e9;

		if (!ROW("whole"))
			continue;
		t0 = bench_now_ns();
		text_doc *doc = NULL;
		if (text_doc_create(tlex, big, total, &doc, &te) != TEXT_OK) {
			fprintf(stderr, "bench_pipeline: text_doc_create (whole text): %s\n", te.reason);
			return 1;
		}
		extract_result *ex = extract_run(xlex, doc, NULL, EXTRACT_SRC_NONE);
		if (ex == NULL)
			return 1;
		size_t k;
		text_doc_tokens(doc, &k);
		tokens_big = (long)k;
		extract_result_destroy(ex);
		text_doc_destroy(doc);
		t_pipe_big[r + 1] = (double)(bench_now_ns() - t0) / 1e9;
	}
	double fb = bench_median(t_floor_big + 1, (size_t)reps), fa = bench_median(t_floor_art + 1, (size_t)reps);
	double pa = bench_median(t_pipe_art + 1, (size_t)reps), pb = bench_median(t_pipe_big + 1, (size_t)reps);
	double ta = bench_median(t_text_art + 1, (size_t)reps);
	/* The floor is the faster of the two ICU runs. */
	double floor_s = fb < fa ? fb : fa;

	/* docs/s: article pieces per second, for the rows that go article by
	 * article (the whole-text rows see one document). */
	printf("%-58s %9s %9s %9s %10s  %s\n", "measurement", "time s", "MB/s", "docs/s", "vs floor", "goal <= 3.0x");
	printf("%-58s %9.3f %9.1f %9s %10s\n", "ICU floor, whole text (NFKC+word break)", fb, mbps(total, fb), "-",
	    fb == floor_s ? "floor" : "");
	printf("%-58s %9.3f %9.1f %9.0f %10s\n", "ICU floor, per article (NFKC+word break)", fa, mbps(total, fa),
	    (double)n_pieces / fa, fa == floor_s ? "floor" : "");
	if (ROW("text"))
		printf("%-58s %9.3f %9.1f %9.0f %9.2fx  %s\n", "text pipeline, per article (text_doc_create+extract_run)",
		    ta, mbps(total, ta), (double)n_pieces / ta, ta / floor_s, ta / floor_s <= GOAL_RATIO ? "PASS" : "FAIL");
	if (ROW("whole"))
		printf("%-58s %9.3f %9.1f %9s %9.2fx  %s\n", "text pipeline, whole text (text_doc_create+extract_run)", pb,
		    mbps(total, pb), "-", pb / floor_s, pb / floor_s <= GOAL_RATIO ? "PASS" : "FAIL");
	if (ROW("ingest"))
		printf("%-58s %9.3f %9.1f %9.0f %9.2fx  %s\n", "ingest per article (text+extract+entities+facts)", pa,
		    mbps(total, pa), (double)n_pieces / pa, pa / floor_s, "(info)");
	printf("\n# per-article ingest found %ld sentences, %zu numbers, %zu dates; "
	       "floor saw %ld word-break boundaries; whole-text doc has %ld tokens\n",
	    sentences_art, numbers_art, dates_art, words, tokens_big);
	printf("# vs floor = pipeline time / fastest ICU floor time over the same bytes\n");

	/* Per distinct article: which texts cost more than others. */
	if (only == NULL) {
		printf("\n## per distinct article: ingest_analyze vs floor (us per call, median of %d runs of %d calls each)\n", reps, PER_ARTICLE_CALLS);
		printf("%-28s %8s %10s %12s %9s %9s\n", "article", "bytes", "floor us", "ingest us", "MB/s", "vs floor");
	}
	double *tf = calloc((size_t)reps, sizeof(double)), *tp = calloc((size_t)reps, sizeof(double));
	for (size_t i = 0; only == NULL && i < n_art && tf != NULL && tp != NULL; i++) {
		for (int r = 0; r < reps; r++) {
			uint64_t t0 = bench_now_ns();
			for (int k = 0; k < PER_ARTICLE_CALLS; k++)
				floor_one(&fl, texts[i], lens[i]);
			uint64_t t1 = bench_now_ns();
			for (int k = 0; k < PER_ARTICLE_CALLS; k++) {
				store_analysis a;
				if (ingest_analyze(in, texts[i], lens[i], NULL, EXTRACT_SRC_NONE, &a, &te) != TEXT_OK)
					return 1;
				store_analysis_fini(&a);
			}
			uint64_t t2 = bench_now_ns();
			tf[r] = (double)(t1 - t0) / 1e3 / PER_ARTICLE_CALLS;
			tp[r] = (double)(t2 - t1) / 1e3 / PER_ARTICLE_CALLS;
		}
		double f = bench_median(tf, (size_t)reps), q = bench_median(tp, (size_t)reps);
		printf("%-28.28s %8zu %10.0f %12.0f %9.1f %8.2fx\n", names_out[i], lens[i], f, q,
		    (double)lens[i] / q, q / f);
	}
	free(tf);
	free(tp);

	ingest_destroy(in);
	text_lexicon_destroy(tlex);
	extract_lexicon_destroy(xlex);
	ubrk_close(fl.bi);
	free(fl.u16);
	free(fl.norm);
	free(big);
	free(pieces);
	free(t_floor_big);
	free(t_floor_art);
	free(t_pipe_art);
	free(t_pipe_big);
	free(t_text_art);
	for (size_t i = 0; i < n_art; i++) {
		free(texts[i]);
		free(names_out[i]);
	}
	return 0;
}
