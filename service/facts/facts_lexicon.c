/* Loader of the fact lexicons (corpus/lexicon/facts_*.tsv). Every form is
 * put in matching form with text_normalize so that it compares with
 * text_token.norm; a trailing '*' on a word makes it a prefix. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts_impl.h"

static void pat_fini(facts__pat *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->w[i]);
}

static void patlist_fini(facts__patlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		pat_fini(&l->v[i]);
	free(l->v);
}

static void taglist_fini(facts__taglist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		pat_fini(&l->v[i].pat);
		free(l->v[i].value);
	}
	free(l->v);
}

void facts_lexicon_destroy(facts_lexicon *lex)
{
	if (lex == NULL)
		return;
	facts__lexindex_fini(&lex->ix);
	for (size_t i = 0; i < lex->n_metrics; i++) {
		facts__metric *m = &lex->metrics[i];
		free(m->metric);
		free(m->unit);
		free(m->requires);
		patlist_fini(&m->trig);
		patlist_fini(&m->neg);
	}
	free(lex->metrics);
	free(lex->names);
	patlist_fini(&lex->speech);
	patlist_fini(&lex->roles);
	patlist_fini(&lex->report);
	patlist_fini(&lex->comp);
	patlist_fini(&lex->rel);
	patlist_fini(&lex->origin);
	patlist_fini(&lex->mword);
	patlist_fini(&lex->mtalk);
	patlist_fini(&lex->mnot);
	patlist_fini(&lex->mback);
	patlist_fini(&lex->mnew);
	patlist_fini(&lex->topic);
	patlist_fini(&lex->host);
	patlist_fini(&lex->future);
	patlist_fini(&lex->present);
	taglist_fini(&lex->level);
	taglist_fini(&lex->punit);
	taglist_fini(&lex->events);
	patlist_fini(&lex->part);
	patlist_fini(&lex->negation);
	taglist_fini(&lex->modes);
	free(lex);
}

/* Parses "w1 w2* w3" into p. Returns 0, or -1 (empty, too many words, bad
 * UTF-8, no memory). */
static int pat_parse(const char *s, size_t len, facts__pat *p)
{
	memset(p, 0, sizeof(*p));
	size_t i = 0;
	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		size_t b = i;
		while (i < len && s[i] != ' ')
			i++;
		if (i == b)
			break;
		if (p->n == FACTS__MAX_WORDS)
			goto fail;
		size_t e = i;
		bool pre = false;
		if (s[e - 1] == '*') {
			pre = true;
			e--;
			if (e == b)
				goto fail;
		}
		size_t nl = 0;
		char *w = text_normalize(s + b, e - b, &nl);
		if (w == NULL || nl == 0 || nl > 0xFFFF || strchr(w, ' ') != NULL) {
			free(w);
			goto fail;
		}
		p->w[p->n] = w;
		p->len[p->n] = (uint16_t)nl;
		p->hash[p->n] = facts__word_hash(w, nl);
		p->prefix[p->n] = pre;
		p->n++;
	}
	if (p->n == 0)
		goto fail;
	return 0;
fail:
	pat_fini(p);
	memset(p, 0, sizeof(*p));
	return -1;
}

static int grow(void **v, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 16;
	void *nv = realloc(*v, nc * elem);
	if (nv == NULL)
		return -1;
	*v = nv;
	*cap = nc;
	return 0;
}

static int patlist_add(facts__patlist *l, const char *s, size_t len)
{
	if (grow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)) != 0)
		return -1;
	if (pat_parse(s, len, &l->v[l->n]) != 0)
		return -1;
	l->n++;
	return 0;
}

/* '|'-separated patterns; "-" alone is the empty list. */
static int patlist_add_alts(facts__patlist *l, const char *s)
{
	if (strcmp(s, "-") == 0)
		return 0;
	const char *p = s;
	for (;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (patlist_add(l, p, len) != 0)
			return -1;
		if (bar == NULL)
			return 0;
		p = bar + 1;
	}
}

static int taglist_add(facts__taglist *l, const char *form, const char *value)
{
	if (grow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)) != 0)
		return -1;
	facts__tagged *t = &l->v[l->n];
	if (pat_parse(form, strlen(form), &t->pat) != 0)
		return -1;
	t->value = strdup(value);
	if (t->value == NULL) {
		pat_fini(&t->pat);
		return -1;
	}
	l->n++;
	return 0;
}

typedef int (*line_fn)(facts_lexicon *lex, char **f, size_t nf);

#define MAX_FIELDS 8

/* Reads dir/name line by line: '#' comments and blank lines skipped, fields
 * split on TAB, handed to fn. */
static int load_file(facts_lexicon *lex, const char *dir, const char *name,
    size_t min_fields, line_fn fn, char *err, size_t err_len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *fp = fopen(path, "r");
	if (fp == NULL) {
		if (err)
			snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[4096];
	size_t lineno = 0;
	int rc = 0;
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		size_t l = strlen(line);
		while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r'))
			line[--l] = '\0';
		if (l == 0 || line[0] == '#')
			continue;
		char *f[MAX_FIELDS];
		size_t nf = 0;
		char *p = line;
		for (;;) {
			if (nf == MAX_FIELDS)
				break;
			f[nf++] = p;
			char *t = strchr(p, '\t');
			if (t == NULL)
				break;
			*t = '\0';
			p = t + 1;
		}
		if (nf < min_fields) {
			if (err)
				snprintf(err, err_len, "%s:%zu: expected %zu fields, got %zu", path,
				    lineno, min_fields, nf);
			rc = -1;
			break;
		}
		if (fn(lex, f, nf) != 0) {
			if (err)
				snprintf(err, err_len, "%s:%zu: bad line", path, lineno);
			rc = -1;
			break;
		}
	}
	fclose(fp);
	return rc;
}

static int subject_parse(const char *s, facts__subject *out)
{
	static const struct {
		const char *name;
		facts__subject v;
	} t[] = {{"-", FACTS__SUBJ_NONE}, {"coalition", FACTS__SUBJ_COALITION},
	    {"isis", FACTS__SUBJ_ISIS}, {"country", FACTS__SUBJ_COUNTRY},
	    {"place", FACTS__SUBJ_PLACE}, {"any", FACTS__SUBJ_ANY},
	    {"recipient", FACTS__SUBJ_RECIPIENT}, {"actor", FACTS__SUBJ_ACTOR}};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(s, t[i].name) == 0) {
			*out = t[i].v;
			return 0;
		}
	return -1;
}

/* metric unit subject requires triggers [not] */
static int metric_line(facts_lexicon *lex, char **f, size_t nf)
{
	if (grow((void **)&lex->metrics, &lex->cap_metrics, lex->n_metrics,
	        sizeof(*lex->metrics)) != 0)
		return -1;
	facts__metric *m = &lex->metrics[lex->n_metrics];
	memset(m, 0, sizeof(*m));
	if (f[0][0] == '\0' || f[1][0] == '\0' || subject_parse(f[2], &m->subject) != 0)
		return -1;
	m->metric = strdup(f[0]);
	m->unit = strdup(f[1]);
	if (strcmp(f[3], "-") != 0)
		m->requires = strdup(f[3]);
	lex->n_metrics++; /* from here on destroy frees what was set */
	if (m->metric == NULL || m->unit == NULL || (strcmp(f[3], "-") != 0 && m->requires == NULL))
		return -1;
	m->any_unit = strcmp(m->unit, "*") == 0;
	m->unit_hash = facts__word_hash(m->unit, strlen(m->unit));
	if (patlist_add_alts(&m->trig, f[4]) != 0)
		return -1;
	if (nf > 5 && patlist_add_alts(&m->neg, f[5]) != 0)
		return -1;
	return 0;
}

static int quote_line(facts_lexicon *lex, char **f, size_t nf)
{
	(void)nf;
	size_t len = strlen(f[0]);
	if (strcmp(f[1], "verb") == 0)
		return patlist_add(&lex->speech, f[0], len);
	if (strcmp(f[1], "role") == 0)
		return patlist_add(&lex->roles, f[0], len);
	if (strcmp(f[1], "comp") == 0)
		return patlist_add(&lex->comp, f[0], len);
	if (strcmp(f[1], "rel") == 0)
		return patlist_add(&lex->rel, f[0], len);
	if (strcmp(f[1], "origin") == 0)
		return patlist_add(&lex->origin, f[0], len);
	if (strcmp(f[1], "report") == 0)
		return patlist_add(&lex->report, f[0], len) == 0 &&
		        patlist_add(&lex->speech, f[0], len) == 0 ? 0 : -1;
	return -1;
}

static int meeting_line(facts_lexicon *lex, char **f, size_t nf)
{
	size_t len = strlen(f[0]);
	const char *k = f[1];
	if (strcmp(k, "word") == 0)
		return patlist_add(&lex->mword, f[0], len);
	if (strcmp(k, "talk") == 0)
		return patlist_add(&lex->mtalk, f[0], len);
	if (strcmp(k, "host") == 0)
		return patlist_add(&lex->host, f[0], len);
	if (strcmp(k, "not") == 0)
		return patlist_add(&lex->mnot, f[0], len);
	if (strcmp(k, "back") == 0)
		return patlist_add(&lex->mback, f[0], len);
	if (strcmp(k, "new") == 0)
		return patlist_add(&lex->mnew, f[0], len);
	if (strcmp(k, "topic") == 0)
		return patlist_add(&lex->topic, f[0], len);
	if (strcmp(k, "future") == 0)
		return patlist_add(&lex->future, f[0], len);
	if (strcmp(k, "present") == 0)
		return patlist_add(&lex->present, f[0], len);
	if (nf < 3 || f[2][0] == '\0')
		return -1;
	if (strcmp(k, "level") == 0)
		return taglist_add(&lex->level, f[0], f[2]);
	if (strcmp(k, "participants") == 0)
		return taglist_add(&lex->punit, f[0], f[2]);
	return -1;
}

static int event_line(facts_lexicon *lex, char **f, size_t nf)
{
	(void)nf;
	if (f[1][0] == '\0')
		return -1;
	return taglist_add(&lex->events, f[0], f[1]);
}

static int participation_line(facts_lexicon *lex, char **f, size_t nf)
{
	size_t len = strlen(f[0]);
	if (strcmp(f[1], "participate") == 0)
		return patlist_add(&lex->part, f[0], len);
	if (strcmp(f[1], "negation") == 0)
		return patlist_add(&lex->negation, f[0], len);
	if (strcmp(f[1], "mode") == 0 && nf >= 3) {
		for (uint32_t bit = 1; bit != 0 && facts_mode_name(bit); bit <<= 1)
			if (strcmp(facts_mode_name(bit), f[2]) == 0) {
				char num[16];
				snprintf(num, sizeof(num), "%u", (unsigned)bit);
				return taglist_add(&lex->modes, f[0], num);
			}
	}
	return -1;
}

int facts_lexicon_load(const char *dir, facts_lexicon **out, char *err, size_t err_len)
{
	facts_lexicon *lex = calloc(1, sizeof(*lex));
	if (lex == NULL) {
		if (err)
			snprintf(err, err_len, "out of memory");
		return -1;
	}
	if (load_file(lex, dir, "facts_metrics.tsv", 5, metric_line, err, err_len) != 0 ||
	    load_file(lex, dir, "facts_quotes.tsv", 2, quote_line, err, err_len) != 0 ||
	    load_file(lex, dir, "facts_meetings.tsv", 2, meeting_line, err, err_len) != 0 ||
	    load_file(lex, dir, "facts_events.tsv", 2, event_line, err, err_len) != 0 ||
	    load_file(lex, dir, "facts_participation.tsv", 2, participation_line, err, err_len) != 0)
		goto fail;
	if (facts__lexindex_build(lex) != 0) {
		if (err != NULL && err_len > 0)
			snprintf(err, err_len, "%s: out of memory indexing the facts lexicons", dir);
		goto fail;
	}
	lex->names = calloc(lex->n_metrics ? lex->n_metrics : 1, sizeof(char *));
	if (lex->names == NULL)
		goto fail;
	for (size_t i = 0; i < lex->n_metrics; i++) {
		bool seen = false;
		for (size_t j = 0; j < lex->n_names && !seen; j++)
			seen = strcmp(lex->names[j], lex->metrics[i].metric) == 0;
		if (!seen)
			lex->names[lex->n_names++] = lex->metrics[i].metric;
	}
	*out = lex;
	return 0;
fail:
	facts_lexicon_destroy(lex);
	return -1;
}

size_t facts_metric_count(const facts_lexicon *lex)
{
	return lex ? lex->n_names : 0;
}

const char *facts_metric_name(const facts_lexicon *lex, size_t i)
{
	return (lex && i < lex->n_names) ? lex->names[i] : NULL;
}
