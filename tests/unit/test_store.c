/* Unit tests of store/ and ingest/: document ids, lookups, the corpus
 * loader on the bundled corpus and on broken corpora made on the fly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ingest.h"
#include "store.h"

#define LEXICON COALITION_SOURCE_DIR "/corpus/lexicon"
#define GAZETTEER COALITION_SOURCE_DIR "/corpus/gazetteer"

static void test_store_id_validation(void **state)
{
	(void)state;
	assert_true(store_id_is_valid("000_b4fc4710de68d81f"));
	assert_true(store_id_is_valid("a.b-c_D9"));
	assert_false(store_id_is_valid(""));
	assert_false(store_id_is_valid("../etc/passwd"));
	assert_false(store_id_is_valid("a b"));
	assert_false(store_id_is_valid("عربي"));
	char long_id[80];
	memset(long_id, 'x', 65);
	long_id[65] = '\0';
	assert_false(store_id_is_valid(long_id));
	long_id[64] = '\0';
	assert_true(store_id_is_valid(long_id));
}

static void test_store_many_documents_found_by_id(void **state)
{
	(void)state;
	char err[256];
	ingest *in = ingest_create(LEXICON, GAZETTEER, err, sizeof err);
	assert_non_null(in);
	store *s = store_create();
	for (int i = 0; i < 300; i++) {
		char id[32];
		snprintf(id, sizeof id, "d%03d", i);
		store_analysis a;
		assert_int_equal(ingest_analyze(in, "نص قصير.", strlen("نص قصير."), NULL, EXTRACT_SRC_NONE, &a, NULL), TEXT_OK);
		store_doc_meta meta = {.id = id};
		assert_int_equal(store_document_add(s, &meta, &a), STORE_OK);
		assert_null(a.doc); /* ownership moved to the store */
	}
	assert_int_equal(store_document_count(s), 300);
	assert_string_equal(store_document_id(store_document_find(s, "d123")), "d123");
	assert_string_equal(store_document_id(store_document_at(s, 7)), "d007");
	assert_null(store_document_find(s, "d300"));
	assert_null(store_document_at(s, 300));
	/* Duplicates are refused and ownership stays with the caller. */
	store_analysis a;
	assert_int_equal(ingest_analyze(in, "x", 1, NULL, EXTRACT_SRC_NONE, &a, NULL), TEXT_OK);
	store_doc_meta dup = {.id = "d001"};
	assert_int_equal(store_document_add(s, &dup, &a), STORE_EEXIST);
	assert_non_null(a.doc); /* still the caller's */
	store_analysis_fini(&a);
	assert_int_equal(store_stats_get(s).documents, 300);
	store_destroy(s);
	ingest_destroy(in);
}

static void test_ingest_bundled_corpus(void **state)
{
	(void)state;
	char err[512];
	ingest *in = ingest_create(LEXICON, GAZETTEER, err, sizeof err);
	store *s = store_create();
	long n = ingest_corpus_load(in, s, COALITION_SOURCE_DIR "/corpus", err, sizeof err);
	if (n < 0)
		fail_msg("%s", err);
	assert_int_equal(n, 5);
	const store_document *d = store_document_find(s, "003_8961de93728caadf");
	assert_non_null(d);
	extract_date_source src;
	extract_ymd pub = extract_result_published(store_document_extract(d), &src);
	assert_int_equal(src, EXTRACT_SRC_MANIFEST);
	assert_int_equal(pub.year, 2016);
	assert_int_equal(pub.month, 11);
	assert_int_equal(pub.day, 30);
	/* The manifest gives 004 no title: the first sentence stands in. */
	d = store_document_find(s, "004_968d7a5d6aab9d6e");
	assert_true(strlen(store_document_title(d)) > 20);
	store_destroy(s);
	ingest_destroy(in);
}

/* Writes a corpus into a fresh temp dir; returns its path (static buffer). */
static const char *corpus_make(const char *manifest, const char *id, const char *text, size_t text_len)
{
	static char dir[64];
	char path[256];
	snprintf(dir, sizeof dir, "/tmp/coalition-test-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/articles", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/manifest.tsv", dir);
	FILE *f = fopen(path, "w");
	fputs(manifest, f);
	fclose(f);
	if (id != NULL) {
		snprintf(path, sizeof path, "%s/articles/%s.txt", dir, id);
		f = fopen(path, "wb");
		fwrite(text, 1, text_len, f);
		fclose(f);
	}
	return dir;
}

static void corpus_rm(const char *dir)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_ingest_broken_corpora_say_where(void **state)
{
	(void)state;
	char err[512];
	ingest *in = ingest_create(LEXICON, GAZETTEER, err, sizeof err);
	struct {
		const char *manifest;
		const char *id;
		const char *text;
		size_t len;
		const char *expect;
	} cases[] = {
	    {"title\tid2\n", NULL, NULL, 0, "manifest.tsv:1: header line has no 'id' column"},
	    {"id\tpublished\nbad id\t\n", NULL, NULL, 0, "manifest.tsv:2: id 'bad id'"},
	    {"id\tpublished\na1\t2016-02-30\n", "a1", "نص", 4, "manifest.tsv:2: published '2016-02-30'"},
	    {"id\na1\n", NULL, NULL, 0, "articles/a1.txt: No such file"},
	    {"id\na1\n", "a1", "\xd9\x86\xff", 3, "articles/a1.txt: byte 2:"},
	    {"id\na1\na1\n", "a1", "نص", 4, "duplicate id 'a1'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *dir = corpus_make(cases[i].manifest, cases[i].id, cases[i].text, cases[i].len);
		store *s = store_create();
		err[0] = '\0';
		long n = ingest_corpus_load(in, s, dir, err, sizeof err);
		if (n != -1 || strstr(err, cases[i].expect) == NULL)
			fail_msg("case %zu: got %ld '%s', want '%s'", i, n, err, cases[i].expect);
		store_destroy(s);
		corpus_rm(dir);
	}
	ingest_destroy(in);
}

static void test_ingest_article_not_in_manifest_is_loaded(void **state)
{
	(void)state;
	char err[512];
	ingest *in = ingest_create(LEXICON, GAZETTEER, err, sizeof err);
	const char *dir = corpus_make("id\tpublished\n", "extra_1", "اجتمع الوزراء أمس.\n", strlen("اجتمع الوزراء أمس.\n"));
	store *s = store_create();
	assert_int_equal(ingest_corpus_load(in, s, dir, err, sizeof err), 1);
	assert_non_null(store_document_find(s, "extra_1"));
	store_destroy(s);
	corpus_rm(dir);
	ingest_destroy(in);
}

/* A person the gazetteer does not know, found by rule in two documents, is
 * one corpus entity; ids, search and per-document counts agree. */
static void test_store_entities_merge_found_people(void **state)
{
	(void)state;
	char err[512];
	ingest *in = ingest_create(LEXICON, GAZETTEER, err, sizeof err);
	assert_non_null(in);
	store *s = store_create();
	const char *texts[2] = {
	    "وقال وزير الدفاع الموريتاني سيدي ولد حمادي إن بلاده ستشارك في التحالف.",
	    "وأكد وزير الدفاع الموريتاني سيدي ولد حمادي في نواكشوط أن القوات جاهزة، وزار بغداد.",
	};
	for (int i = 0; i < 2; i++) {
		store_analysis a;
		char id[8];
		snprintf(id, sizeof id, "m%d", i);
		assert_int_equal(ingest_analyze(in, texts[i], strlen(texts[i]), NULL, EXTRACT_SRC_NONE, &a, NULL), TEXT_OK);
		store_doc_meta meta = {.id = id};
		assert_int_equal(store_document_add(s, &meta, &a), STORE_OK);
	}
	assert_int_equal(store_entities_build(s, ingest_gazetteer(in)), 0);
	uint32_t rows[8];
	size_t n = store_entity_search(s, "سيدي ولد حمادي", ENTITY_KIND_PERSON, false, true, 0, rows, 8);
	assert_int_equal(n, 1);
	const store_entity *e = store_entity_at(s, rows[0]);
	assert_string_equal(e->id, "person:found:1");
	assert_int_equal(e->mentions, 2);
	assert_int_equal(e->n_docs, 2);
	assert_int_equal(store_entity_find_id(s, "person:found:1"), (long)rows[0]);
	assert_int_equal(store_entity_find_id(s, "person:found:2"), -1);
	size_t n_roles = 0;
	store_entity_roles(s, rows[0], &n_roles);
	assert_int_equal(n_roles, 2);
	/* Baghdad with its clitic, as written in the text ("بغداد"), and the
	 * country by its nisba; unmentioned gazetteer entities only on request. */
	assert_true(store_entity_search(s, "ببغداد", 0, false, false, 0, rows, 8) >= 1);
	assert_string_equal(store_entity_at(s, rows[0])->id, "place:baghdad");
	assert_int_equal(store_entity_search(s, "باريس", 0, false, false, 0, rows, 8), 0);
	assert_true(store_entity_search(s, "باريس", 0, true, false, 0, rows, 8) >= 1);
	assert_int_equal(store_stats_get(s).entities, store_entity_search(s, "", 0, false, false, 0, rows, 0));
	store_destroy(s);
	ingest_destroy(in);
}

static void test_ingest_missing_lexicon_is_an_error(void **state)
{
	(void)state;
	char err[512] = "";
	assert_null(ingest_create("/nonexistent/lexicon", GAZETTEER, err, sizeof err));
	assert_non_null(strstr(err, "/nonexistent/lexicon"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_store_id_validation),
	    cmocka_unit_test(test_store_many_documents_found_by_id),
	    cmocka_unit_test(test_ingest_bundled_corpus),
	    cmocka_unit_test(test_ingest_broken_corpora_say_where),
	    cmocka_unit_test(test_ingest_article_not_in_manifest_is_loaded),
	    cmocka_unit_test(test_store_entities_merge_found_people),
	    cmocka_unit_test(test_ingest_missing_lexicon_is_an_error),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
