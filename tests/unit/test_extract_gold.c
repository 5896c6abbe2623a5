/* test_extract_gold: text + extract over the seed articles, scored against
 * the hand-written gold in tests/gold (see tests/gold/README.md). A found
 * item matches a gold item when the values agree (date and precision; or
 * value, upper value, unit and approximation) and the spans overlap. Prints
 * precision and recall per article and overall; fails below 0.95 for
 * either, overall and for dates and quantities separately. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "extract.h"

#include "test_extract_common.h"

#define SRC COALITION_SOURCE_DIR
#define MIN_SCORE 0.95

typedef struct {
	size_t gold, found, gold_hit, found_hit;
} score;

typedef struct {
	text_span span;
	char date[16];
	int prec;
	double value, value_max;
	char unit[48];
	int approx;
	bool hit;
} gold_item;

static int
prec_of(const char *s)
{
	static const char *const names[] = {"none", "day", "month", "season", "year"};
	for (int i = 0; i < 5; i++) {
		if (strcmp(s, names[i]) == 0) {
			return i;
		}
	}
	fail_msg("bad precision %s", s);
	return -1;
}

static int
approx_of(const char *s)
{
	static const char *const names[] = {"", "exact", "about", "at_least", "at_most", "range", "vague"};
	for (int i = 1; i < 7; i++) {
		if (strcmp(s, names[i]) == 0) {
			return i;
		}
	}
	fail_msg("bad approx %s", s);
	return -1;
}

/* Reads a gold file; spans are located in text order in the article. */
static gold_item *
gold_load(const char *path, const char *text, bool dates, size_t *n)
{
	char *buf = tx_read_all(path, NULL);
	gold_item *v = calloc(256, sizeof(*v));
	assert_non_null(v);
	size_t k = 0;
	const char *pos = text;
	for (char *line = strtok(buf, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || line[0] == '\0') {
			continue;
		}
		char *col[6] = {NULL}; /* [0, nc) is set; gcc -O3 cannot tell */
		int nc = 0;
		for (char *s = line; nc < 6;) {
			col[nc++] = s;
			char *tab = strchr(s, '\t');
			if (tab == NULL) {
				break;
			}
			*tab = '\0';
			s = tab + 1;
		}
		assert_int_equal(nc, dates ? 3 : 5);
		const char *at = strstr(pos, col[0]);
		if (at == NULL) {
			fail_msg("%s: span not in the article: %s", path, col[0]);
		}
		assert_true(k < 256);
		gold_item *g = &v[k++];
		g->span.start = (uint32_t) (at - text);
		g->span.end = (uint32_t) (at - text + strlen(col[0]));
		pos = at + strlen(col[0]);
		if (dates) {
			snprintf(g->date, sizeof(g->date), "%s", col[1]);
			g->prec = prec_of(col[2]);
		} else {
			g->value = strtod(col[1], NULL);
			g->value_max = strtod(col[2], NULL);
			snprintf(g->unit, sizeof(g->unit), "%s", col[3]);
			g->approx = approx_of(col[4]);
		}
	}
	free(buf);
	*n = k;
	return v;
}

static bool
overlap(text_span a, text_span b)
{
	return a.start < b.end && b.start < a.end;
}

static bool
same(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1, fabs(b));
}

static void
score_article(const char *id, const char *pub, score *sd, score *sq)
{
	char path[1024];
	snprintf(path, sizeof(path), SRC "/corpus/articles/%s.txt", id);
	char *text = tx_read_all(path, NULL);
	tx_run x = tx_extract(text, pub[0] ? pub : NULL);
	size_t nd, nq, ngd, ngq;
	const extract_date *d = extract_result_dates(x.r, &nd);
	const extract_quantity *q = extract_result_quantities(x.r, &nq);
	snprintf(path, sizeof(path), SRC "/tests/gold/%s.dates.tsv", id);
	gold_item *gd = gold_load(path, text, true, &ngd);
	snprintf(path, sizeof(path), SRC "/tests/gold/%s.quantities.tsv", id);
	gold_item *gq = gold_load(path, text, false, &ngq);
	size_t dhit = 0, qhit = 0;
	char buf[16];
	for (size_t i = 0; i < nd; i++) {
		extract_ymd_format(d[i].date, d[i].precision, buf);
		bool hit = false;
		for (size_t g = 0; g < ngd && !hit; g++) {
			if (!gd[g].hit && overlap(gd[g].span, d[i].span) && gd[g].prec == d[i].precision &&
			    strcmp(gd[g].date, buf) == 0) {
				gd[g].hit = hit = true;
			}
		}
		if (hit) {
			dhit++;
		} else {
			printf("  %s extra date %s prec %d \"%.*s\"\n", id, buf, d[i].precision,
			    (int) (d[i].span.end - d[i].span.start), text + d[i].span.start);
		}
	}
	for (size_t i = 0; i < nq; i++) {
		bool hit = false;
		for (size_t g = 0; g < ngq && !hit; g++) {
			if (!gq[g].hit && overlap(gq[g].span, q[i].span) && same(gq[g].value, q[i].number.value) &&
			    same(gq[g].value_max, q[i].number.value_max) && strcmp(gq[g].unit, q[i].unit) == 0 &&
			    gq[g].approx == q[i].number.approx) {
				gq[g].hit = hit = true;
			}
		}
		if (hit) {
			qhit++;
		} else {
			printf("  %s extra quantity %g..%g %s approx %d \"%.*s\"\n", id, q[i].number.value,
			    q[i].number.value_max, q[i].unit, q[i].number.approx,
			    (int) (q[i].span.end - q[i].span.start), text + q[i].span.start);
		}
	}
	for (size_t g = 0; g < ngd; g++) {
		if (!gd[g].hit) {
			printf("  %s missed date %s \"%.*s\"\n", id, gd[g].date,
			    (int) (gd[g].span.end - gd[g].span.start), text + gd[g].span.start);
		}
	}
	for (size_t g = 0; g < ngq; g++) {
		if (!gq[g].hit) {
			printf("  %s missed quantity %g %s \"%.*s\"\n", id, gq[g].value, gq[g].unit,
			    (int) (gq[g].span.end - gq[g].span.start), text + gq[g].span.start);
		}
	}
	size_t gh = 0, qh = 0;
	for (size_t g = 0; g < ngd; g++) {
		gh += gd[g].hit;
	}
	for (size_t g = 0; g < ngq; g++) {
		qh += gq[g].hit;
	}
	double p = (nd + nq) ? (double) (dhit + qhit) / (double) (nd + nq) : 1;
	double r = (ngd + ngq) ? (double) (gh + qh) / (double) (ngd + ngq) : 1;
	printf("%s: dates %zu/%zu found, %zu/%zu gold; quantities %zu/%zu found, %zu/%zu gold; "
	       "precision %.3f recall %.3f\n",
	    id, dhit, nd, gh, ngd, qhit, nq, qh, ngq, p, r);
	sd->found += nd;
	sd->found_hit += dhit;
	sd->gold += ngd;
	sd->gold_hit += gh;
	sq->found += nq;
	sq->found_hit += qhit;
	sq->gold += ngq;
	sq->gold_hit += qh;
	free(gd);
	free(gq);
	tx_free(&x);
	free(text);
}

static double
ratio(size_t a, size_t b)
{
	return b ? (double) a / (double) b : 1;
}

static void
test_extract_gold_seed_articles(void **state)
{
	(void) state;
	char *manifest = tx_read_all(SRC "/corpus/manifest.tsv", NULL);
	score sd = {0, 0, 0, 0}, sq = {0, 0, 0, 0};
	int articles = 0;
	char *save = NULL;
	for (char *line = strtok_r(manifest, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || strncmp(line, "id\t", 3) == 0) {
			continue;
		}
		char *id = line;
		char *lang = strchr(id, '\t');
		assert_non_null(lang);
		*lang++ = '\0';
		char *pub = strchr(lang, '\t');
		assert_non_null(pub);
		*pub++ = '\0';
		char *rest = strchr(pub, '\t');
		if (rest != NULL) {
			*rest = '\0';
		}
		score_article(id, pub, &sd, &sq);
		articles++;
	}
	free(manifest);
	assert_true(articles >= 5);
	double dp = ratio(sd.found_hit, sd.found), dr = ratio(sd.gold_hit, sd.gold);
	double qp = ratio(sq.found_hit, sq.found), qr = ratio(sq.gold_hit, sq.gold);
	double p = ratio(sd.found_hit + sq.found_hit, sd.found + sq.found);
	double r = ratio(sd.gold_hit + sq.gold_hit, sd.gold + sq.gold);
	printf("dates: precision %.3f recall %.3f (%zu gold)\n", dp, dr, sd.gold);
	printf("quantities: precision %.3f recall %.3f (%zu gold)\n", qp, qr, sq.gold);
	printf("overall: precision %.3f recall %.3f\n", p, r);
	assert_true(p >= MIN_SCORE);
	assert_true(r >= MIN_SCORE);
	assert_true(dp >= MIN_SCORE && dr >= MIN_SCORE);
	assert_true(qp >= MIN_SCORE && qr >= MIN_SCORE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_extract_gold_seed_articles),
	};
	return cmocka_run_group_tests(tests, tx_group_setup, tx_group_teardown);
}
