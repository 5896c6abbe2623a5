/* The `coalition` CLI as a user runs it, against the real coalitiond: every
 * command of the quick start, exit codes 0/1/2, and a clear message when the
 * server is unreachable. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

static harness_server srv;
static char out[1 << 20];

static int group_setup(void **state)
{
	(void)state;
	harness_start(&srv, "tcp", NULL);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	int rc = harness_stop(&srv, SIGTERM, 10000);
	harness_cleanup(&srv);
	return rc == 0 ? 0 : -1;
}

/* Runs the CLI with args against the server; stderr joins stdout. */
static int cli(const char *args)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "'%s' --addr '%s' %s 2>&1", COALITION_CLI_PATH, srv.url, args);
	return harness_run(cmd, out, sizeof out);
}

static void expect(int rc, int want_rc, const char *want_text)
{
	if (rc != want_rc || (want_text != NULL && strstr(out, want_text) == NULL))
		fail_msg("exit %d (want %d), output lacks '%s':\n%s", rc, want_rc,
		    want_text ? want_text : "", out);
}

static void test_cli_health(void **state)
{
	(void)state;
	expect(cli("health"), 0, "SERVING");
	expect(cli("--json health"), 0, "\"SERVING_STATUS_SERVING\"");
}

static void test_cli_stats(void **state)
{
	(void)state;
	expect(cli("stats"), 0, "documents");
	expect(cli("--json stats"), 0, "\"documents\": \"5\"");
}

static void test_cli_docs_and_doc(void **state)
{
	(void)state;
	static const char *const ids[] = {"000_b4fc4710de68d81f", "001_1559aa4826d97bfc",
	    "002_78a0c063ebd393f5", "003_8961de93728caadf", "004_968d7a5d6aab9d6e"};
	int rc = cli("docs --page-size 2");
	for (size_t i = 0; i < 5; i++)
		expect(rc, 0, ids[i]);
	expect(cli("doc 000_b4fc4710de68d81f"), 0, "ماكورك");
	expect(cli("doc 003_8961de93728caadf --no-text"), 0, "2016-11-30");
	expect(cli("--json doc 001_1559aa4826d97bfc"), 0, "\"sentences\"");
}

static void test_cli_call_generic(void **state)
{
	(void)state;
	expect(cli("call /coalition.v1.FactService/Stats '{}'"), 0, "\"documents\": \"5\"");
	expect(cli("call GetDocument '{\"id\": \"003_8961de93728caadf\", \"omitText\": true}'"), 0,
	    "\"published\": \"2016-11-30\"");
	expect(cli("call ListDocuments '{\"page_size\": 1}'"), 0, "\"nextPageToken\"");
	expect(cli("methods"), 0, "/coalition.v1.FactService/Extract");
}

static void test_cli_entities(void **state)
{
	(void)state;
	expect(cli("entities"), 0, "org:isis");
	expect(cli("entities --kind person ماك"), 0, "person:brett_mcgurk");
	expect(cli("--json entities --page-size 2"), 0, "\"nextPageToken\": \"o2\"");
	expect(cli("entity --source ماكغورك"), 0, "Brett McGurk");
	expect(cli("entity --source ماكغورك"), 0, "برت ماكورك"); /* the source sentence */
	expect(cli("entity 'no such entity'"), 1, "NOT_FOUND");
	expect(cli("entities --kind planet"), 2, "--kind");
}

static void test_cli_search(void **state)
{
	(void)state;
	expect(cli("search للتحالف غارة"), 0, "14 ألف [غارة]");
	expect(cli("--json search '\"المقاتلين الأجانب\"'"), 0, "\"phrase\": true");
	expect(cli("search"), 2, "search needs TEXT");
}

static void test_cli_facts(void **state)
{
	(void)state;
	expect(cli("facts --metric coalition.members --source"), 0, "79");
	expect(cli("facts --metric coalition.members --source"), 0, "العضو ال68"); /* a source sentence */
	expect(cli("--json facts --kind quote --entity ماكغورك"), 0, "\"subjectId\": \"person:brett_mcgurk\"");
	expect(cli("facts --from 2016-99"), 1, "INVALID_ARGUMENT");
	expect(cli("facts --kind rumour"), 2, "--kind");
	/* a meeting's topic: "لبحث الخطوات التالية للحملة العسكرية ..." */
	expect(cli("facts --kind meeting --doc 001_1559aa4826d97bfc"), 0, "topic: الخطوات التالية للحملة العسكرية");
}

/* The time views on the bundled corpus: the coalition's member count in
 * 2019 with its source sentence and the earlier 68; an entity's dated
 * facts in order; conflicts as a table or JSON. */
static void test_cli_time_views(void **state)
{
	(void)state;
	expect(cli("asof coalition.members --date 2019-03"), 0, "value 79");
	/* Ids come with the Arabic and English names the reply carries. */
	expect(cli("asof coalition.members --date 2019-03"), 0, "التحالف الدولي (Global Coalition");
	expect(cli("facts --metric distance.km"), 0, "الموصل (Mosul)");
	expect(cli("asof coalition.members --date 2019-03 --source"), 0, "العضو ال68"); /* an earlier value */
	expect(cli("asof coalition.members --date 2017-06 --subject التحالف"), 0, "value 68");
	expect(cli("--json asof coalition.members --date 2019"), 0, "\"earlier\"");
	expect(cli("asof coalition.members"), 2, "--date");
	expect(cli("asof no.such.metric --date 2019"), 1, "NOT_FOUND");
	expect(cli("timeline واشنطن"), 0, "Washington");
	expect(cli("timeline --kind quantity --from 2017 ماكغورك"), 0, "dated facts");
	expect(cli("timeline"), 2, "NAME");
	expect(cli("timeline no-such-entity-anywhere"), 1, "NOT_FOUND");
	expect(cli("conflicts"), 0, "conflicts");
	/* Two seeds put the Qayyarah base 60 and 40 km from Mosul: one conflict. */
	expect(cli("conflicts --metric distance.km --entity الموصل"), 0, "place:qayyarah_west @place:mosul in km");
	expect(cli("conflicts --metric distance.km --entity الموصل"), 0, "= ~40 km");
	expect(cli("conflicts --metric distance.km --entity الموصل"), 0, "= ~60 km");
	expect(cli("--json conflicts --metric coalition.members"), 0, "{");
	expect(cli("conflicts --page-size 500"), 2, "--page-size");
}

static void test_cli_exit_codes(void **state)
{
	(void)state;
	expect(cli("doc no-such-doc"), 1, "NOT_FOUND");
	expect(cli("call ListDocuments '{\"pageSize\": 5000}'"), 1, "INVALID_ARGUMENT");
	expect(cli("frobnicate"), 2, "unknown command");
	expect(cli("call Stats '{\"nope\": 1}'"), 2, "nope");
	expect(cli("call Stats '{'"), 2, NULL);
	expect(cli("--timeout abc health"), 2, NULL);
}

static void test_cli_extract_file(void **state)
{
	(void)state;
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "extract --published 2017-05-09 '%s/corpus/articles/001_1559aa4826d97bfc.txt'",
	    COALITION_SOURCE_DIR);
	expect(cli(cmd), 0, "2017-05-09");
	snprintf(cmd, sizeof cmd, "--json extract '%s/corpus/articles/001_1559aa4826d97bfc.txt'", COALITION_SOURCE_DIR);
	expect(cli(cmd), 0, "\"quantities\"");
	expect(cli("extract /nonexistent/file.txt"), 2, "/nonexistent/file.txt");
}

/* The README's recipe: an envelope encoded by protoc, sent by nngcat (an
 * independent nng client), decoded by protoc. Proves the wire format is
 * plain nng + protobuf. */
static void test_nngcat_protoc_recipe(void **state)
{
	(void)state;
	char cmd[2048];
	snprintf(cmd, sizeof cmd,
	    "cd '%s' && printf 'method: \"/coalition.v1.FactService/Health\"\\n' |"
	    " protoc --encode=coalition.v1.Request -I proto proto/coalition/v1/envelope.proto > '%s/req.bin' &&"
	    " nngcat --req --dial '%s' --file '%s/req.bin' --raw |"
	    " protoc --decode=coalition.v1.Reply -I proto proto/coalition/v1/envelope.proto",
	    COALITION_SOURCE_DIR, srv.dir, srv.url, srv.dir);
	expect(harness_run(cmd, out, sizeof out), 0, "body: \"\\010\\001\"");
	assert_null(strstr(out, "code:"));
}

static void test_cli_unreachable_is_quick_and_clear(void **state)
{
	(void)state;
	char cmd[512];
	/* Port 1 on loopback: nothing listens there. */
	snprintf(cmd, sizeof cmd, "'%s' --addr tcp://127.0.0.1:1 --timeout 2000 health 2>&1", COALITION_CLI_PATH);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = harness_run(cmd, out, sizeof out);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	expect(rc, 1, "127.0.0.1:1");
	assert_true(t1.tv_sec - t0.tv_sec < 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cli_health),
	    cmocka_unit_test(test_cli_stats),
	    cmocka_unit_test(test_cli_docs_and_doc),
	    cmocka_unit_test(test_cli_call_generic),
	    cmocka_unit_test(test_cli_entities),
	    cmocka_unit_test(test_cli_search),
	    cmocka_unit_test(test_cli_facts),
	    cmocka_unit_test(test_cli_time_views),
	    cmocka_unit_test(test_cli_exit_codes),
	    cmocka_unit_test(test_cli_extract_file),
	    cmocka_unit_test(test_nngcat_protoc_recipe),
	    cmocka_unit_test(test_cli_unreachable_is_quick_and_clear),
	};
	return cmocka_run_group_tests_name("net_cli", tests, group_setup, group_teardown);
}
