/* Unit tests of store/'s time views: Timeline order, series, ValueAsOf and
 * conflicts, over documents composed here and run through the real
 * pipeline (ingest with the bundled lexicons and gazetteer), plus the
 * windows file loader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ingest.h"
#include "store.h"

#define LEXICON COALITION_SOURCE_DIR "/corpus/lexicon"
#define GAZETTEER COALITION_SOURCE_DIR "/corpus/gazetteer"

typedef struct {
	const char *published; /* YYYY-MM-DD */
	const char *text;
} doc_spec;

static const char *write_tmp(const char *content)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/test_series_%ld.tsv", (long)getpid());
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(content, fp);
	fclose(fp);
	return path;
}

static store_series_rules *rules_of(const char *content)
{
	char err[512] = "";
	store_series_rules *r = NULL;
	const char *path = write_tmp(content);
	int rc = store_series_rules_load(path, &r, err, sizeof err);
	unlink(path);
	if (rc != 0)
		fail_msg("rules: %s", err);
	return r;
}

/* A store of the given documents with entities, facts and series built. */
static store *store_of(ingest *in, const doc_spec *docs, size_t n, const store_series_rules *r)
{
	store *s = store_create();
	assert_non_null(s);
	for (size_t i = 0; i < n; i++) {
		store_analysis a;
		extract_ymd pub = {0};
		assert_int_equal(sscanf(docs[i].published, "%hu-%hhu-%hhu", &pub.year, &pub.month, &pub.day), 3);
		assert_int_equal(ingest_analyze(in, docs[i].text, strlen(docs[i].text), &pub, EXTRACT_SRC_MANIFEST, &a, NULL),
		    TEXT_OK);
		char id[24];
		snprintf(id, sizeof id, "d%zu", i);
		store_doc_meta meta = {.id = id};
		assert_int_equal(store_document_add(s, &meta, &a), STORE_OK);
	}
	assert_int_equal(store_entities_build(s, ingest_gazetteer(in)), 0);
	assert_int_equal(store_facts_build(s), 0);
	assert_int_equal(store_series_build(s, r), 0);
	return s;
}

/* The one series of metric about subject, or a failure. */
static size_t series_of(const store *s, const char *metric, const char *subject)
{
	uint32_t out[4];
	size_t n = store_series_find(s, metric, subject, NULL, out, 4);
	if (n != 1)
		fail_msg("%zu series of %s about %s", n, metric, subject ? subject : "*");
	return out[0];
}

static double value_at(const store *s, size_t series, uint32_t idx)
{
	size_t n = 0;
	const store_series_fact *v = store_series_facts(s, series, &n);
	assert_true(idx < n);
	return v[idx].value;
}

static ingest *in_of(void)
{
	char err[512];
	ingest *in = ingest_create(LEXICON, GAZETTEER, err, sizeof err);
	if (in == NULL)
		fail_msg("%s", err);
	return in;
}

/* Member counts: 60 and 62 a few days apart disagree within the 14-day
 * window; 79 four years later is a change, not a conflict; ValueAsOf picks
 * the latest, names the disagreement and lists the earlier values. */
static void test_series_members_asof_and_conflict(void **state)
{
	(void)state;
	ingest *in = in_of();
	store_series_rules *r = rules_of("# test\ncoalition.members\t14\tany\n*\t0\n");
	const doc_spec docs[] = {
	    {"2015-03-01", "أعلنت وزارة الخارجية الأمريكية أن التحالف الدولي ضد داعش بات يضم 60 دولة."},
	    {"2015-03-05", "قال مسؤول إن التحالف الدولي ضد تنظيم داعش يضم الآن 62 عضوا."},
	    {"2019-02-06", "أعلنت وزارة الخارجية الأمريكية أن التحالف الدولي ضد داعش بات يضم 79 دولة."},
	};
	store *s = store_of(in, docs, 3, r);
	size_t si = series_of(s, "coalition.members", "org:global_coalition");
	const store_series *se = store_series_at(s, si);
	assert_int_equal(se->n, 3);
	assert_string_equal(se->unit, ""); /* "any": دولة and عضو are one count */

	uint32_t src[8], con[8], ear[8];
	store_asof a;
	/* Before any statement: nothing. */
	assert_false(store_series_asof(s, si, 20150228, src, 8, con, 8, ear, 8, &a));
	/* In March 2015 the two statements disagree: the later one's value is
	 * given (a tie), the other is conflicting. */
	assert_true(store_series_asof(s, si, 20159999, src, 8, con, 8, ear, 8, &a));
	assert_true(value_at(s, si, a.latest) == 62);
	assert_int_equal(a.n_sources, 1);
	assert_int_equal(a.n_conflicting, 1);
	assert_true(value_at(s, si, con[0]) == 60);
	assert_int_equal(a.n_earlier, 0);
	/* On 2015-03-02 only the first was stated. */
	assert_true(store_series_asof(s, si, 20150302, src, 8, con, 8, ear, 8, &a));
	assert_true(value_at(s, si, a.latest) == 60);
	assert_int_equal(a.n_conflicting, 0);
	/* In 2019: 79, with both earlier values, latest first. */
	assert_true(store_series_asof(s, si, 20199999, src, 8, con, 8, ear, 8, &a));
	assert_true(value_at(s, si, a.latest) == 79);
	assert_int_equal(a.n_sources, 1);
	assert_int_equal(a.n_conflicting, 0);
	assert_int_equal(a.n_earlier, 2);
	assert_true(value_at(s, si, ear[0]) == 62);
	assert_true(value_at(s, si, ear[1]) == 60);
	/* Date 0: the latest of all. */
	assert_true(store_series_asof(s, si, 0, src, 8, con, 8, ear, 8, &a));
	assert_true(value_at(s, si, a.latest) == 79);

	/* One conflict: 60 vs 62, not 79. */
	uint32_t k[4];
	assert_int_equal(store_conflict_find(s, "coalition.members", NULL, 0, k, 4), 1);
	const store_conflict *c = store_conflict_at(s, k[0]);
	assert_int_equal(c->series, si);
	assert_int_equal(c->n, 2);
	assert_int_equal(c->n_values, 2);
	size_t n = 0;
	const store_series_fact *v = store_series_facts(s, si, &n);
	assert_int_not_equal(v[c->first].cls, v[c->first + 1].cls);
	assert_int_equal(v[c->first].conflict, k[0] + 1);
	assert_int_equal(v[2].conflict, 0); /* 79 */
	/* Filters: by entity (subject), by another metric, paging. */
	assert_int_equal(store_conflict_find(s, NULL, "org:global_coalition", 0, k, 4), 1);
	assert_int_equal(store_conflict_find(s, NULL, "country:US", 0, k, 4), 0);
	assert_int_equal(store_conflict_find(s, "coalition.strikes", NULL, 0, k, 4), 0);
	assert_int_equal(store_conflict_find(s, NULL, NULL, 1, k, 4), 1);

	/* Without windows the 4 days between 60 and 62 are no overlap, and
	 * without "any" the two units are two series. */
	store_destroy(s);
	s = store_of(in, docs, 3, NULL);
	assert_int_equal(store_conflict_count(s), 0);
	assert_int_equal(store_series_find(s, "coalition.members", NULL, NULL, NULL, 0), 2);
	store_destroy(s);
	store_series_rules_destroy(r);
	ingest_destroy(in);
}

/* A distance does not change: "always" makes 60 km and 40 km from the same
 * place conflict years apart; with a 0 window they would not. */
static void test_series_distance_always_conflicts(void **state)
{
	(void)state;
	ingest *in = in_of();
	const doc_spec docs[] = {
	    {"2016-07-20", "تقع قاعدة القيارة الجوية على بعد 60 كيلومترا جنوب الموصل."},
	    {"2019-01-10", "تقع قاعدة القيارة الجوية على بعد 40 كيلومترا جنوب الموصل."},
	    {"2019-01-11", "تقع قاعدة القيارة الجوية على بعد نحو 40 كيلومترا جنوب الموصل."},
	};
	store_series_rules *r = rules_of("distance.km\talways\n");
	store *s = store_of(in, docs, 3, r);
	uint32_t k[4];
	assert_int_equal(store_conflict_find(s, "distance.km", "place:mosul", 0, k, 4), 1);
	const store_conflict *c = store_conflict_at(s, k[0]);
	assert_int_equal(c->n, 3);
	assert_int_equal(c->n_values, 2);
	size_t n = 0;
	const store_series_fact *v = store_series_facts(s, c->series, &n) + c->first;
	/* Class 0 is the value most facts state: 40 and about 40. */
	for (uint32_t i = 0; i < c->n; i++)
		assert_int_equal(v[i].cls, v[i].value == 60 ? 1 : 0);
	/* ValueAsOf in 2020: 40 (two sources), 60 conflicting, none earlier. */
	uint32_t src[8], con[8], ear[8];
	store_asof a;
	assert_true(store_series_asof(s, c->series, 20209999, src, 8, con, 8, ear, 8, &a));
	assert_true(v[a.latest - c->first].value == 40);
	assert_int_equal(a.n_sources, 2);
	assert_int_equal(a.n_conflicting, 1);
	assert_int_equal(a.n_earlier, 0);
	store_destroy(s);
	store_series_rules_destroy(r);
	s = store_of(in, docs, 3, NULL);
	assert_int_equal(store_conflict_find(s, "distance.km", NULL, 0, k, 4), 0);
	store_destroy(s);
	ingest_destroy(in);
}

/* Which values can both be true. */
static void test_series_agreement(void **state)
{
	(void)state;
	store_series_fact a = {.value = 14000, .value_max = 14000, .approx = EXTRACT_APPROX_EXACT};
	store_series_fact b = a;
	assert_true(store_series_agree(&a, &b));
	b.value = b.value_max = 14125;
	assert_false(store_series_agree(&a, &b));
	a.approx = EXTRACT_APPROX_ABOUT; /* about 14000: 12600..15400 */
	assert_true(store_series_agree(&a, &b));
	b.value = b.value_max = 16000;
	assert_false(store_series_agree(&a, &b));
	store_series_fact least = {.value = 40, .value_max = 40, .approx = EXTRACT_APPROX_AT_LEAST};
	store_series_fact most = {.value = 40, .value_max = 40, .approx = EXTRACT_APPROX_AT_MOST};
	store_series_fact x68 = {.value = 68, .value_max = 68, .approx = EXTRACT_APPROX_EXACT};
	assert_true(store_series_agree(&least, &x68));
	assert_false(store_series_agree(&most, &x68));
	assert_true(store_series_agree(&least, &most)); /* exactly 40 fits both */
	store_series_fact range = {.value = 20, .value_max = 30, .approx = EXTRACT_APPROX_RANGE};
	store_series_fact x25 = {.value = 25, .value_max = 25, .approx = EXTRACT_APPROX_EXACT};
	store_series_fact x31 = {.value = 31, .value_max = 31, .approx = EXTRACT_APPROX_EXACT};
	assert_true(store_series_agree(&range, &x25));
	assert_false(store_series_agree(&range, &x31));
	store_series_fact vague = {.value = 1000, .value_max = 1000, .approx = EXTRACT_APPROX_VAGUE}; /* آلاف */
	store_series_fact x5000 = {.value = 5000, .value_max = 5000, .approx = EXTRACT_APPROX_EXACT};
	store_series_fact x14000 = {.value = 14000, .value_max = 14000, .approx = EXTRACT_APPROX_EXACT};
	assert_true(store_series_agree(&vague, &x5000));
	assert_false(store_series_agree(&vague, &x14000));
}

/* Timeline: an entity's dated facts, earliest first, a month before the
 * days of that month, filtered by kind and dates. */
static void test_timeline_order(void **state)
{
	(void)state;
	ingest *in = in_of();
	const doc_spec docs[] = {
	    {"2017-05-10", "وشنت طائرات التحالف 120 غارة على مواقع التنظيم في الرقة يوم 8 مايو 2017."},
	    {"2016-03-02", "وشنت طائرات التحالف 40 غارة على مواقع التنظيم في الرقة في مارس 2016."},
	    {"2016-03-20", "وشنت طائرات التحالف 30 غارة على مواقع التنظيم في الرقة يوم 15 مارس 2016."},
	};
	store *s = store_of(in, docs, 3, NULL);
	long raqqa = store_entity_find_id(s, "place:raqqa");
	assert_true(raqqa >= 0);
	store_fact_filter f = {.entity = raqqa, .doc = -1, .kind = 1};
	store_fact out[8];
	size_t n = store_fact_timeline(s, &f, 0, out, 8);
	assert_int_equal(n, 3);
	assert_int_equal(out[0].date, 20160300);
	assert_int_equal(out[0].doc, 1);
	assert_int_equal(out[1].date, 20160315);
	assert_int_equal(out[2].date, 20170508);
	/* Paging and date bounds. */
	assert_int_equal(store_fact_timeline(s, &f, 2, out, 8), 3);
	assert_int_equal(out[0].date, 20170508);
	f.date_from = 20160301;
	f.date_to = 20169999;
	assert_int_equal(store_fact_timeline(s, &f, 0, out, 8), 1);
	assert_int_equal(out[0].date, 20160315);
	f.entity = -1;
	assert_int_equal(store_fact_timeline(s, &f, 0, out, 8), 0);
	store_destroy(s);
	ingest_destroy(in);
}

/* The windows file: comments, defaults, and errors that say where. */
static void test_series_rules_file(void **state)
{
	(void)state;
	store_series_rules *r = rules_of("# c\n\ncoalition.members\t14\tany\ndistance.km\talways\n*\t3\n");
	assert_int_equal(store_series_window(r, "coalition.members"), 14);
	assert_true(store_series_any_unit(r, "coalition.members"));
	assert_int_equal(store_series_window(r, "distance.km"), STORE_WINDOW_ALWAYS);
	assert_false(store_series_any_unit(r, "distance.km"));
	assert_int_equal(store_series_window(r, "funding.gap"), 3);
	assert_int_equal(store_series_window(NULL, "funding.gap"), 0);
	store_series_rules_destroy(r);
	static const struct {
		const char *text, *want;
	} bad[] = {
	    {"coalition.members\n", ":1: expected"},
	    {"# c\ncoalition.members\t-1\n", ":2: window must be"},
	    {"x\t12days\n", ":1: window must be"},
	    {"x\t1\tsome\n", ":1: units must be"},
	    {"x\t1\tany\textra\n", ":1: expected"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char err[512] = "";
		const char *path = write_tmp(bad[i].text);
		r = NULL;
		assert_int_equal(store_series_rules_load(path, &r, err, sizeof err), -1);
		unlink(path);
		assert_null(r);
		if (strstr(err, bad[i].want) == NULL || strstr(err, path) == NULL)
			fail_msg("'%s' for case %zu", err, i);
	}
	char err[512] = "";
	assert_int_equal(store_series_rules_load("/nonexistent/conflicts.tsv", &r, err, sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent/conflicts.tsv"));
}

/* The bundled corpus and windows file load, and every conflict holds
 * values that disagree, inside one series. */
static void test_series_bundled_corpus(void **state)
{
	(void)state;
	char err[512];
	ingest *in = in_of();
	store *s = store_create();
	assert_true(ingest_corpus_load(in, s, COALITION_SOURCE_DIR "/corpus", err, sizeof err) > 0);
	store_series_rules *r = NULL;
	assert_int_equal(store_series_rules_load(LEXICON "/conflicts.tsv", &r, err, sizeof err), 0);
	assert_int_equal(store_series_build(s, r), 0);
	assert_true(store_series_count(s) > 0);
	for (size_t i = 0; i < store_conflict_count(s); i++) {
		const store_conflict *c = store_conflict_at(s, i);
		size_t n = 0;
		const store_series_fact *v = store_series_facts(s, c->series, &n);
		assert_true(c->first + c->n <= n);
		bool differ = false;
		for (uint32_t k = 1; k < c->n; k++)
			differ = differ || !store_series_agree(&v[c->first], &v[c->first + k]);
		assert_true(differ);
	}
	store_series_rules_destroy(r);
	store_destroy(s);
	ingest_destroy(in);
}

static bool same_fact(const store_fact *a, const store_fact *b)
{
	return a->doc == b->doc && a->n == b->n && a->kind == b->kind && a->date == b->date;
}

/* The sliced pages (one list answers the filter) and the walked ones (rows
 * checked one by one) agree with a filter applied by hand to every fact. */
static void test_fact_query_paths_agree(void **state)
{
	(void)state;
	char err[512];
	ingest *in = in_of();
	store *s = store_create();
	assert_true(ingest_corpus_load(in, s, COALITION_SOURCE_DIR "/corpus", err, sizeof err) > 0);
	size_t n_all = store_fact_count(s);
	assert_true(n_all > 20);
	store_fact *all = calloc(n_all, sizeof *all), *page = calloc(n_all, sizeof *page);
	store_fact_filter none = {.entity = -1, .doc = -1};
	assert_int_equal(store_fact_query(s, &none, 0, all, n_all), n_all);
	/* A deep page of everything is the slice. */
	assert_int_equal(store_fact_query(s, &none, 7, page, 5), n_all);
	for (size_t i = 0; i < 5; i++)
		assert_true(same_fact(&page[i], &all[7 + i]));
	/* By kind (a list of its own), alone and with a date bound (walked). */
	for (int kind = 1; kind < STORE_FACT_KINDS; kind++) {
		store_fact_filter f = {.kind = kind, .entity = -1, .doc = -1};
		size_t want = 0, dated = 0;
		for (size_t i = 0; i < n_all; i++) {
			want += all[i].kind == kind;
			dated += all[i].kind == kind && all[i].date >= 20160000;
		}
		size_t skip = want > 2 ? 2 : 0;
		assert_int_equal(store_fact_query(s, &f, skip, page, n_all), want);
		for (size_t i = 0, k = 0; i < n_all; i++)
			if (all[i].kind == kind && k++ >= skip)
				assert_true(same_fact(&page[k - 1 - skip], &all[i]));
		f.date_from = 20160000;
		assert_int_equal(store_fact_query(s, &f, 0, page, n_all), dated);
	}
	/* Timeline of the most mentioned entity: every dated fact of its
	 * QueryFacts list, in date order; a date_to bound cuts the range. */
	uint32_t top;
	assert_int_equal(store_entity_search(s, "", 0, false, false, 0, &top, 1) > 0, 1);
	store_fact_filter e = {.entity = top, .doc = -1};
	size_t n_e = store_fact_query(s, &e, 0, page, n_all), n_dated = 0, n_before = 0;
	int32_t cut = 20161000;
	for (size_t i = 0; i < n_e; i++) {
		n_dated += page[i].date != 0;
		n_before += page[i].date != 0 && page[i].date <= cut;
	}
	assert_true(n_dated > 2);
	store_fact *tl = calloc(n_all, sizeof *tl);
	assert_int_equal(store_fact_timeline(s, &e, 0, tl, n_all), n_dated);
	for (size_t i = 1; i < n_dated; i++)
		assert_true(tl[i - 1].date <= tl[i].date);
	e.date_to = cut;
	assert_int_equal(store_fact_timeline(s, &e, 0, tl, n_all), n_before);
	assert_int_equal(store_fact_timeline(s, &e, 1, tl, 1), n_before);
	free(tl);
	free(all);
	free(page);
	store_destroy(s);
	ingest_destroy(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_series_members_asof_and_conflict),
	    cmocka_unit_test(test_series_distance_always_conflicts),
	    cmocka_unit_test(test_series_agreement),
	    cmocka_unit_test(test_timeline_order),
	    cmocka_unit_test(test_series_rules_file),
	    cmocka_unit_test(test_series_bundled_corpus),
	    cmocka_unit_test(test_fact_query_paths_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
