/* test_facts_gold: the whole pipeline (text + extract + entity with the real
 * gazetteer + facts with the real lexicon) over the seed articles (with
 * their manifest dates) and the composed paragraphs of tests/data/paragraphs,
 * scored per category against the hand-written gold (formats and matching
 * rules in tests/gold/README.md). Prints precision and recall per category
 * and document, per set and combined; fails when a category's precision or
 * recall over all documents is below 0.9. GOLD_DUMP=1 prints every item
 * found, matched or not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "facts.h"
#include "test_facts_common.h"

#define SRC COALITION_SOURCE_DIR
#define MIN_SCORE 0.9
#define MAX_GOLD 512
#define MAX_ALT 8

static bool g_dump;

enum { C_ENT, C_ROLE, C_MEET, C_QUOTE, C_QTY, C_N };
static const char *const cat_name[C_N] = {"entities", "roles", "meetings", "quotes", "quantities"};
static const char *const cat_file[C_N] = {"entities", "roles", "meetings", "quotes", "facts_quantities"};

typedef struct {
	size_t gold, found, gold_hit, found_hit;
} score;

/* One gold row. spans[0] is the located first column; meetings may list
 * further mentions (spans[1..]). */
typedef struct {
	text_span spans[MAX_ALT];
	size_t n_spans;
	char a[160], b[160], c[160], d[160];
	double value;
	bool hit;
} gold_item;

static char *read_all(const char *path, bool must)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		if (must)
			fail_msg("cannot open %s", path);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static bool overlap(text_span a, text_span b)
{
	return a.start < b.end && b.start < a.end;
}

static text_span locate(const char *path, const char *text, const char *from, const char *what)
{
	const char *at = strstr(from, what);
	if (at == NULL || what[0] == '\0')
		fail_msg("%s: not in the text (in order): %s", path, what);
	return (text_span){(uint32_t)(at - text), (uint32_t)(at - text + strlen(what))};
}

/* Splits line on TABs into at most max columns; returns their number. */
static int split(char *line, char **col, int max)
{
	int nc = 0;
	for (char *s = line; nc < max;) {
		col[nc++] = s;
		char *tab = strchr(s, '\t');
		if (tab == NULL)
			break;
		*tab = '\0';
		s = tab + 1;
	}
	return nc;
}

static void copy(char *dst, const char *src)
{
	snprintf(dst, 160, "%s", src);
}

/* Reads one gold file of category cat. Spans (first column, except for
 * entities) are found in text order: each from the start of the previous
 * row's span, so two rows may share one span (two persons of "الوزيران"). */
static gold_item *gold_load(const char *path, const char *text, int cat, size_t *n)
{
	char *buf = read_all(path, true);
	gold_item *v = calloc(MAX_GOLD, sizeof(*v));
	assert_non_null(v);
	size_t k = 0;
	const char *pos = text;
	static const int want[C_N] = {1, 3, 5, 3, 4};
	char *save = NULL;
	for (char *line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *col[8] = {NULL}; /* [0, nc) is set; gcc -O3 cannot tell */
		int nc = split(line, col, 8);
		if (nc != want[cat] && !(cat == C_MEET && nc == 6))
			fail_msg("%s: %d columns, want %d: %s", path, nc, want[cat], col[0]);
		assert_true(k < MAX_GOLD);
		gold_item *g = &v[k++];
		if (cat == C_ENT) {
			copy(g->a, col[0]);
			continue;
		}
		g->spans[0] = locate(path, text, pos, col[0]);
		g->n_spans = 1;
		pos = text + g->spans[0].start;
		copy(g->a, col[1]);
		copy(g->b, col[2]);
		if (cat == C_MEET) {
			copy(g->c, col[3]);
			copy(g->d, col[4]);
			if (nc == 6) {
				/* further mentions of the same meeting, each the first
				 * occurrence after the first mention */
				char *ssave = NULL;
				for (char *m = strtok_r(col[5], "|", &ssave); m != NULL; m = strtok_r(NULL, "|", &ssave)) {
					assert_true(g->n_spans < MAX_ALT);
					g->spans[g->n_spans++] = locate(path, text, pos, m);
				}
			}
		} else if (cat == C_QTY) {
			char *end;
			g->value = strtod(col[1], &end);
			assert_true(*end == '\0');
			copy(g->b, col[2]);
			copy(g->c, col[3]);
		}
	}
	free(buf);
	*n = k;
	return v;
}

/* "-" in gold means "none", which the program writes as "". */
static bool id_eq(const char *gold, const char *found)
{
	if (strcmp(gold, "-") == 0)
		return found == NULL || found[0] == '\0';
	return found != NULL && strcmp(gold, found) == 0;
}

/* A gold entity: a gazetteer id, or "name:<Arabic name>" for a person the
 * gazetteer lacks (matched to a document person by spelling variant). */
static bool ent_eq(const char *gold, const entity_result *ents, entity_ref ref)
{
	const entity_info *e = entity_result_info(ents, ref);
	if (strcmp(gold, "-") == 0)
		return e == NULL;
	if (e == NULL)
		return false;
	if (strncmp(gold, "name:", 5) == 0)
		return entity_ref_is_doc(ref) && entity_name_variant(gold + 5, e->name_ar);
	return strcmp(gold, e->id) == 0;
}

static const char *ent_label(const entity_result *ents, entity_ref ref, char *buf, size_t len)
{
	const entity_info *e = entity_result_info(ents, ref);
	if (e == NULL)
		return "-";
	if (entity_ref_is_doc(ref)) {
		snprintf(buf, len, "name:%s", e->name_ar);
		return buf;
	}
	return e->id;
}

/* A level cell lists the levels the meeting has ("a|b" for a joint
 * meeting); the one the program reports must be one of them. */
static bool level_in(const char *cell, const char *found)
{
	if (strcmp(cell, "-") == 0)
		return found == NULL || found[0] == '\0';
	if (found == NULL || found[0] == '\0')
		return false;
	size_t n = strlen(found);
	for (const char *s = cell; *s;) {
		const char *bar = strchr(s, '|');
		size_t len = bar ? (size_t)(bar - s) : strlen(s);
		if (len == n && memcmp(s, found, n) == 0)
			return true;
		if (bar == NULL)
			break;
		s = bar + 1;
	}
	return false;
}

static bool any_overlap(const gold_item *g, text_span sp)
{
	for (size_t i = 0; i < g->n_spans; i++)
		if (overlap(g->spans[i], sp))
			return true;
	return false;
}

static void fmt_date(facts_date d, char *buf)
{
	/* the publication date stands in for a date the text does not give */
	if (d.precision == EXTRACT_PREC_NONE || d.date.year == 0 || d.from_published)
		strcpy(buf, "-");
	else
		extract_ymd_format(d.date, d.precision, buf);
}

typedef struct {
	const char *id;
	const char *text;
	text_doc *doc;
	extract_result *ex;
	entity_result *ents;
	facts_result *facts;
} run;

static void pipeline(run *r, const char *text, const char *pub)
{
	text_error terr;
	extract_ymd d = {0, 0, 0};
	bool have = pub && pub[0] && extract_ymd_parse(pub, &d);
	assert_int_equal(text_doc_create(g_tlex, text, strlen(text), &r->doc, &terr), TEXT_OK);
	r->ex = extract_run(g_xlex, r->doc, have ? &d : NULL, have ? EXTRACT_SRC_REQUEST : EXTRACT_SRC_NONE);
	assert_non_null(r->ex);
	assert_int_equal(entity_find(g_gaz, r->doc, &r->ents), 0);
	assert_int_equal(facts_build(g_flex, r->doc, r->ex, r->ents, have ? &d : NULL, &r->facts), 0);
	/* spans index text_doc_bytes; the gold indexes the file: they agree */
	size_t len;
	const char *bytes = text_doc_bytes(r->doc, &len);
	assert_int_equal(len, strlen(text));
	assert_memory_equal(bytes, text, len);
}

static void report(const char *what, int cat, const char *text, text_span sp, const char *detail)
{
	if (!g_dump && strcmp(what, "ok") == 0)
		return;
	printf("    %-6s %-10s \"%.*s\" %s\n", what, cat_name[cat], (int)(sp.end - sp.start), text + sp.start,
	    detail);
}

static void tally(score *s, gold_item *g, size_t ng, size_t found, size_t found_hit)
{
	s->gold += ng;
	s->found += found;
	s->found_hit += found_hit;
	for (size_t i = 0; i < ng; i++)
		s->gold_hit += g[i].hit;
}

static void score_entities(run *r, gold_item *g, size_t ng, score *s)
{
	size_t nm;
	const entity_mention *m = entity_result_mentions(r->ents, &nm);
	entity_ref *seen = calloc(nm + 1, sizeof(*seen));
	assert_non_null(seen);
	size_t ns = 0, hit = 0;
	char buf[200];
	for (size_t i = 0; i < nm; i++) {
		bool dup = false;
		for (size_t j = 0; j < ns && !dup; j++)
			dup = seen[j].v == m[i].entity.v;
		if (dup)
			continue;
		seen[ns++] = m[i].entity;
		bool ok = false;
		for (size_t k = 0; k < ng && !ok; k++)
			if (!g[k].hit && ent_eq(g[k].a, r->ents, m[i].entity))
				g[k].hit = ok = true;
		hit += ok;
		report(ok ? "ok" : "extra", C_ENT, r->text, m[i].span, ent_label(r->ents, m[i].entity, buf, sizeof(buf)));
	}
	for (size_t k = 0; k < ng; k++)
		if (!g[k].hit)
			printf("    missed entities %s\n", g[k].a);
	tally(s, g, ng, ns, hit);
	free(seen);
}

static void score_roles(run *r, gold_item *g, size_t ng, score *s)
{
	size_t n, hit = 0;
	const entity_role_mention *rm = entity_result_roles(r->ents, &n);
	char b1[200], b2[200], d[450];
	for (size_t i = 0; i < n; i++) {
		bool ok = false;
		for (size_t k = 0; k < ng && !ok; k++)
			if (!g[k].hit && overlap(g[k].spans[0], rm[i].office) && ent_eq(g[k].a, r->ents, rm[i].person) &&
			    ent_eq(g[k].b, r->ents, rm[i].of))
				g[k].hit = ok = true;
		hit += ok;
		snprintf(d, sizeof(d), "%s of %s", ent_label(r->ents, rm[i].person, b1, sizeof(b1)),
		    ent_label(r->ents, rm[i].of, b2, sizeof(b2)));
		report(ok ? "ok" : "extra", C_ROLE, r->text, rm[i].office, d);
	}
	for (size_t k = 0; k < ng; k++)
		if (!g[k].hit)
			report("missed", C_ROLE, r->text, g[k].spans[0], g[k].a);
	tally(s, g, ng, n, hit);
}

static void score_meetings(run *r, gold_item *g, size_t ng, score *s)
{
	size_t n, hit = 0;
	const facts_meeting *m = facts_result_meetings(r->facts, &n);
	char date[16], d[700]; /* four cells of up to 160 bytes */
	for (size_t i = 0; i < n; i++) {
		fmt_date(m[i].date, date);
		const char *st = facts_meeting_status_name((facts_meeting_status)m[i].status);
		bool ok = false;
		for (size_t k = 0; k < ng && !ok; k++)
			if (!g[k].hit && any_overlap(&g[k], m[i].prov.evidence) && strcmp(g[k].a, date) == 0 &&
			    id_eq(g[k].b, m[i].city.id) && level_in(g[k].c, m[i].level) && strcmp(g[k].d, st) == 0)
				g[k].hit = ok = true;
		hit += ok;
		snprintf(d, sizeof(d), "%s %s %s %s", date, m[i].city.id[0] ? m[i].city.id : "-",
		    m[i].level[0] ? m[i].level : "-", st);
		report(ok ? "ok" : "extra", C_MEET, r->text, m[i].prov.span, d);
		if (!ok || g_dump)
			printf("           evidence at byte %u: \"%.*s...\"\n", m[i].prov.evidence.start,
			    (int)(m[i].prov.evidence.end - m[i].prov.evidence.start > 60 ? 60 : m[i].prov.evidence.end - m[i].prov.evidence.start),
			    r->text + m[i].prov.evidence.start);
	}
	for (size_t k = 0; k < ng; k++)
		if (!g[k].hit) {
			snprintf(d, sizeof(d), "%s %s %s %s", g[k].a, g[k].b, g[k].c, g[k].d);
			report("missed", C_MEET, r->text, g[k].spans[0], d);
		}
	tally(s, g, ng, n, hit);
}

static void score_quotes(run *r, gold_item *g, size_t ng, score *s)
{
	size_t n, hit = 0;
	const facts_quote *q = facts_result_quotes(r->facts, &n);
	for (size_t i = 0; i < n; i++) {
		bool ok = false;
		for (size_t k = 0; k < ng && !ok; k++)
			/* a "name:" speaker is a document person, compared by name
			 * as in the other categories (its id is only doc:person:N) */
			if (!g[k].hit && overlap(g[k].spans[0], q[i].prov.span) &&
			    (strncmp(g[k].a, "name:", 5) == 0 ? ent_eq(g[k].a, r->ents, q[i].speaker.ref)
			                                      : id_eq(g[k].a, q[i].speaker.id)))
				g[k].hit = ok = true;
		hit += ok;
		text_span head = q[i].prov.span;
		if (head.end - head.start > 60) {
			head.end = head.start + 60;
			while (head.end > head.start && ((unsigned char)r->text[head.end] & 0xC0) == 0x80)
				head.end--;
		}
		char lb[200];
		report(ok ? "ok" : "extra", C_QUOTE, r->text, head,
		    q[i].speaker.id[0] ? ent_label(r->ents, q[i].speaker.ref, lb, sizeof(lb)) : "-");
	}
	for (size_t k = 0; k < ng; k++)
		if (!g[k].hit)
			report("missed", C_QUOTE, r->text, g[k].spans[0], g[k].a);
	tally(s, g, ng, n, hit);
}

static bool same(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1, fabs(b));
}

static void score_quantities(run *r, gold_item *g, size_t ng, score *s)
{
	size_t n, hit = 0;
	const facts_quantity *q = facts_result_quantities(r->facts, &n);
	char d[700]; /* three cells of up to 160 bytes */
	for (size_t i = 0; i < n; i++) {
		/* a distance is about the place it is measured from */
		bool dist = strcmp(q[i].metric, "distance.km") == 0;
		const char *subj = dist ? q[i].place.id : q[i].subject.id;
		bool ok = false;
		for (size_t k = 0; k < ng && !ok; k++)
			if (!g[k].hit && overlap(g[k].spans[0], q[i].prov.span) && same(g[k].value, q[i].value) &&
			    strcmp(g[k].b, q[i].metric) == 0 && id_eq(g[k].c, subj))
				g[k].hit = ok = true;
		hit += ok;
		snprintf(d, sizeof(d), "%g %s %s", q[i].value, q[i].metric, subj[0] ? subj : "-");
		report(ok ? "ok" : "extra", C_QTY, r->text, q[i].prov.span, d);
	}
	for (size_t k = 0; k < ng; k++)
		if (!g[k].hit) {
			snprintf(d, sizeof(d), "%g %s %s", g[k].value, g[k].b, g[k].c);
			report("missed", C_QTY, r->text, g[k].spans[0], d);
		}
	tally(s, g, ng, n, hit);
}

static double ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : 1;
}

static void score_doc(const char *id, const char *textpath, const char *golddir, const char *pub, score *set)
{
	char path[1024];
	char *text = read_all(textpath, true);
	run r = {id, text, NULL, NULL, NULL, NULL};
	pipeline(&r, text, pub);
	score doc[C_N];
	memset(doc, 0, sizeof(doc));
	printf("  %s (published %s)\n", id, pub[0] ? pub : "-");
	for (int c = 0; c < C_N; c++) {
		snprintf(path, sizeof(path), "%s/%s.%s.tsv", golddir, id, cat_file[c]);
		size_t ng;
		gold_item *g = gold_load(path, text, c, &ng);
		switch (c) {
		case C_ENT: score_entities(&r, g, ng, &doc[c]); break;
		case C_ROLE: score_roles(&r, g, ng, &doc[c]); break;
		case C_MEET: score_meetings(&r, g, ng, &doc[c]); break;
		case C_QUOTE: score_quotes(&r, g, ng, &doc[c]); break;
		default: score_quantities(&r, g, ng, &doc[c]); break;
		}
		free(g);
	}
	for (int c = 0; c < C_N; c++) {
		printf("  %s %-10s P %.3f (%zu/%zu) R %.3f (%zu/%zu)\n", id, cat_name[c],
		    ratio(doc[c].found_hit, doc[c].found), doc[c].found_hit, doc[c].found,
		    ratio(doc[c].gold_hit, doc[c].gold), doc[c].gold_hit, doc[c].gold);
		set[c].gold += doc[c].gold;
		set[c].found += doc[c].found;
		set[c].gold_hit += doc[c].gold_hit;
		set[c].found_hit += doc[c].found_hit;
	}
	facts_result_destroy(r.facts);
	entity_result_destroy(r.ents);
	extract_result_destroy(r.ex);
	text_doc_destroy(r.doc);
	free(text);
}

/* Scores every document a manifest names (columns id, language, published
 * first, as corpus/manifest.tsv); returns their number. */
static int score_set(const char *manifest_path, const char *textdir, const char *golddir, score *set)
{
	char *manifest = read_all(manifest_path, true);
	int docs = 0;
	char *save = NULL;
	for (char *line = strtok_r(manifest, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || strncmp(line, "id\t", 3) == 0)
			continue;
		char *col[4] = {NULL};
		int nc = split(line, col, 4);
		assert_true(nc >= 3);
		char textpath[1024];
		snprintf(textpath, sizeof(textpath), "%s/%s.txt", textdir, col[0]);
		score_doc(col[0], textpath, golddir, col[2], set);
		docs++;
	}
	free(manifest);
	return docs;
}

static void print_set(const char *name, const score *s)
{
	for (int c = 0; c < C_N; c++)
		printf("%s %-10s precision %.3f (%zu/%zu) recall %.3f (%zu/%zu)\n", name, cat_name[c],
		    ratio(s[c].found_hit, s[c].found), s[c].found_hit, s[c].found, ratio(s[c].gold_hit, s[c].gold),
		    s[c].gold_hit, s[c].gold);
}

static void test_facts_gold_seeds_and_paragraphs(void **state)
{
	(void)state;
	score seeds[C_N], paras[C_N], all[C_N];
	memset(seeds, 0, sizeof(seeds));
	memset(paras, 0, sizeof(paras));
	printf("seed articles:\n");
	int ns = score_set(SRC "/corpus/manifest.tsv", SRC "/corpus/articles", SRC "/tests/gold", seeds);
	printf("composed paragraphs:\n");
	int np = score_set(SRC "/tests/data/paragraphs/manifest.tsv", SRC "/tests/data/paragraphs",
	    SRC "/tests/gold/paragraphs", paras);
	assert_true(ns >= 5);
	assert_true(np >= 5);
	print_set("seeds", seeds);
	print_set("paragraphs", paras);
	bool pass = true;
	for (int c = 0; c < C_N; c++) {
		all[c] = (score){seeds[c].gold + paras[c].gold, seeds[c].found + paras[c].found,
		    seeds[c].gold_hit + paras[c].gold_hit, seeds[c].found_hit + paras[c].found_hit};
	}
	print_set("all", all);
	for (int c = 0; c < C_N; c++) {
		double p = ratio(all[c].found_hit, all[c].found), r = ratio(all[c].gold_hit, all[c].gold);
		if (p < MIN_SCORE || r < MIN_SCORE) {
			printf("FAIL %s: precision %.3f recall %.3f (minimum %.2f)\n", cat_name[c], p, r, MIN_SCORE);
			pass = false;
		}
	}
	assert_true(pass);
}

static int group_setup(void **state)
{
	(void)state;
	const char *dump = getenv("GOLD_DUMP");
	g_dump = dump != NULL && dump[0] == '1';
	return tf_load();
}

static int group_teardown(void **state)
{
	(void)state;
	tf_unload();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facts_gold_seeds_and_paragraphs),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
