/* Loading of the extract lexicons (corpus/lexicon, the .tsv files) into one hash table.
 * Keys are stored in matching form (text_normalize) so that data files can be
 * written in ordinary Arabic spelling (أ, ة, ى, tanween) and still match the
 * tokens' norm. Loading is the only place that allocates per word; lookups
 * during extraction are one hash (coalition_hash.h) and a short probe. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalition_hash.h"
#include "extract_impl.h"

#define MAX_LINE 1024

static uint32_t
hash_bytes(const char *s, size_t len)
{
	/* probed for every token (and its clitic-stripped forms) */
	return (uint32_t) coal_hash64(s, len);
}

const extract__entry *
extract__probe(const extract_lexicon *lex, const char *s, size_t len)
{
	uint32_t h = hash_bytes(s, len);
	size_t mask = lex->n_slots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint64_t v = lex->slots[i];
		if (v == 0) {
			return NULL;
		}
		if ((uint32_t) (v >> 32) != h) {
			continue; /* another key: its entry stays out of the cache */
		}
		const extract__entry *e = &lex->ents[(uint32_t) v - 1];
		if (e->key_len == len && memcmp(e->key, s, len) == 0) {
			return e;
		}
	}
}

static int
rehash(extract_lexicon *lex, size_t n_slots)
{
	uint64_t *slots = calloc(n_slots, sizeof(*slots));
	if (slots == NULL) {
		return -1;
	}
	for (size_t k = 0; k < lex->n_ents; k++) {
		size_t i = lex->ents[k].hash & (n_slots - 1);
		while (slots[i] != 0) {
			i = (i + 1) & (n_slots - 1);
		}
		slots[i] = (uint64_t) lex->ents[k].hash << 32 | (uint32_t) (k + 1);
	}
	free(lex->slots);
	lex->slots = slots;
	lex->n_slots = n_slots;
	return 0;
}

/* Returns the entry for key (creating it), or NULL when out of memory. */
static extract__entry *
entry_get(extract_lexicon *lex, const char *key, size_t len)
{
	extract__entry *e = (extract__entry *) extract__find(lex, key, len);
	if (e != NULL) {
		return e;
	}
	if ((lex->n_ents + 1) * 2 > lex->n_slots) {
		if (rehash(lex, lex->n_slots ? lex->n_slots * 2 : 1024) != 0) {
			return NULL;
		}
	}
	if (lex->n_ents == lex->cap_ents) {
		size_t cap = lex->cap_ents ? lex->cap_ents * 2 : 512;
		extract__entry *ne = realloc(lex->ents, cap * sizeof(*ne));
		if (ne == NULL) {
			return NULL;
		}
		lex->ents = ne;
		lex->cap_ents = cap;
	}
	e = &lex->ents[lex->n_ents];
	memset(e, 0, sizeof(*e));
	e->key = malloc(len + 1);
	if (e->key == NULL) {
		return NULL;
	}
	memcpy(e->key, key, len);
	e->key[len] = '\0';
	e->key_len = (uint32_t) len;
	e->hash = hash_bytes(key, len);
	e->maxw = 1;
	uint32_t sig = extract__sig(key, len), sig2 = extract__sig_head(key, len);
	lex->sig_bits[sig / 64] |= (uint64_t) 1 << (sig % 64);
	lex->sig_bits[sig2 / 64] |= (uint64_t) 1 << (sig2 % 64);
	size_t i = e->hash & (lex->n_slots - 1);
	while (lex->slots[i] != 0) {
		i = (i + 1) & (lex->n_slots - 1);
	}
	lex->slots[i] = (uint64_t) e->hash << 32 | (uint32_t) (lex->n_ents + 1);
	lex->n_ents++;
	return e;
}

static const char *
intern(extract_lexicon *lex, const char *s)
{
	for (size_t i = 0; i < lex->n_strings; i++) {
		if (strcmp(lex->strings[i], s) == 0) {
			return lex->strings[i];
		}
	}
	if (lex->n_strings == lex->cap_strings) {
		size_t cap = lex->cap_strings ? lex->cap_strings * 2 : 64;
		char **ns = realloc(lex->strings, cap * sizeof(*ns));
		if (ns == NULL) {
			return NULL;
		}
		lex->strings = ns;
		lex->cap_strings = cap;
	}
	char *d = strdup(s);
	if (d == NULL) {
		return NULL;
	}
	lex->strings[lex->n_strings++] = d;
	return d;
}

typedef struct {
	const char *path;
	size_t line;
	text_error *err;
} load_pos;

/* err->reason, cut to fit when long (a path of up to 100 bytes and a line
 * number leave room for every message here). Through vsnprintf so that gcc's
 * -Wformat-truncation, which cannot see the lengths, does not fail Release
 * -Werror builds over a cut that is intended. */
__attribute__((format(printf, 2, 3))) static void
set_reason(text_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
	va_end(ap);
}

static text_err
fail(load_pos *p, text_err code, const char *why)
{
	if (p->err != NULL) {
		p->err->code = code;
		p->err->offset = 0;
		/* keep the tail of long paths: the file name matters most */
		const char *path = p->path;
		size_t pl = strlen(path);
		if (pl > 100) {
			path += pl - 100;
		}
		if (p->line > 0) {
			set_reason(p->err, "%s:%zu: %s", path, p->line, why);
		} else {
			set_reason(p->err, "%s: %s", path, why);
		}
	}
	return code;
}

/* Normalises form and collapses runs of spaces; adds head entries for
 * phrases. Returns the entry, or NULL (out of memory / empty). */
static extract__entry *
entry_for_form(extract_lexicon *lex, const char *form, load_pos *p, text_err *rc)
{
	size_t nlen = 0;
	char *norm = text_normalize(form, strlen(form), &nlen);
	if (norm == NULL) {
		*rc = fail(p, TEXT_EDATA, "form is not valid UTF-8 or out of memory");
		return NULL;
	}
	/* collapse whitespace, count words */
	size_t w = 0, words = 0;
	int in_space = 1;
	for (size_t i = 0; i < nlen; i++) {
		unsigned char ch = (unsigned char) norm[i];
		if (ch == ' ' || ch == '\t') {
			in_space = 1;
			continue;
		}
		if (in_space && w > 0) {
			norm[w++] = ' ';
		}
		if (in_space) {
			words++;
		}
		in_space = 0;
		norm[w++] = (char) ch;
	}
	norm[w] = '\0';
	if (w == 0) {
		free(norm);
		*rc = fail(p, TEXT_EDATA, "empty form");
		return NULL;
	}
	if (words > 4) {
		free(norm);
		*rc = fail(p, TEXT_EDATA, "phrase longer than 4 words");
		return NULL;
	}
	if (words > 1) {
		size_t hl = strcspn(norm, " ");
		extract__entry *h = entry_get(lex, norm, hl);
		if (h == NULL) {
			free(norm);
			*rc = fail(p, TEXT_ENOMEM, "out of memory");
			return NULL;
		}
		h->roles |= EX_R_HEAD;
		if (h->maxw < words) {
			h->maxw = (uint8_t) words;
		}
	}
	extract__entry *e = entry_get(lex, norm, w);
	if (words == 1 && w > lex->max_word_len) {
		lex->max_word_len = w;
	}
	free(norm);
	if (e == NULL) {
		*rc = fail(p, TEXT_ENOMEM, "out of memory");
	}
	return e;
}

typedef struct {
	const char *name;
	int value;
} name_val;

static int
lookup_name(const name_val *t, const char *s, int *out)
{
	for (; t->name != NULL; t++) {
		if (strcmp(t->name, s) == 0) {
			*out = t->value;
			return 0;
		}
	}
	return -1;
}

static int
parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		return -1;
	}
	*out = (int) v;
	return 0;
}

static const name_val num_classes[] = {{"unit", EX_N_UNIT}, {"teenhead", EX_N_TEENHEAD},
    {"tens", EX_N_TENS}, {"hundred", EX_N_HUNDRED}, {"scale", EX_N_SCALE},
    {"scale2", EX_N_SCALE2}, {"pscale", EX_N_PSCALE}, {"vague", EX_N_VAGUE},
    {"half", EX_N_HALF}, {NULL, 0}};
static const name_val unit_kinds[] = {{"percent", EX_U_PERCENT}, {"money", EX_U_MONEY},
    {"distance", EX_U_DIST}, {"duration", EX_U_DUR}, {"count", EX_U_COUNT}, {NULL, 0}};
static const name_val calendars[] = {{"gregorian", 'g'}, {"hijri", 'h'}, {NULL, 0}};
static const name_val rel_kinds[] = {{"day", EX_REL_DAY}, {"weekday", EX_REL_WEEKDAY},
    {"dayword", EX_REL_DAYWORD}, {"month", EX_REL_HMONTH}, {"year", EX_REL_HYEAR},
    {"season", EX_REL_SEASON}, {"this", EX_REL_THIS}, {"mod", EX_REL_MOD},
    {"period", EX_REL_PERIOD}, {"yearmark", EX_REL_YEARMARK}, {"future", EX_REL_FUTURE},
    {"notfuture", EX_REL_NOTFUT}, {"hijri", EX_REL_HIJRI}, {"ad", EX_REL_AD}, {"that", EX_REL_THAT}, {"dayord", EX_REL_DAYORD}, {"equals", EX_REL_EQUALS},
    {"daypair", EX_REL_DAYPAIR}, {"monthpair", EX_REL_MONTHPAIR}, {NULL, 0}};
static const name_val qual_kinds[] = {{"pre", EX_Q_PRE}, {"post", EX_Q_POST},
    {"between", EX_Q_BETWEEN}, {"from", EX_Q_FROM}, {"to", EX_Q_TO},
    {"countof", EX_Q_COUNTOF}, {"label", EX_Q_LABEL}, {"change", EX_Q_CHANGE}, {NULL, 0}};
static const name_val approxes[] = {{"-", 0}, {"exact", EXTRACT_APPROX_EXACT},
    {"about", EXTRACT_APPROX_ABOUT}, {"at_least", EXTRACT_APPROX_AT_LEAST},
    {"at_most", EXTRACT_APPROX_AT_MOST}, {NULL, 0}};

typedef enum { F_NUMBERS, F_UNITS, F_MONTHS, F_QUALIFIERS, F_RELATIVE } file_kind;

static const struct {
	const char *name;
	file_kind kind;
	int cols;
} files[] = {
    {"numbers.tsv", F_NUMBERS, 3},
    {"units.tsv", F_UNITS, 4},
    {"months.tsv", F_MONTHS, 3},
    {"qualifiers.tsv", F_QUALIFIERS, 3},
    {"relative.tsv", F_RELATIVE, 3},
};

static text_err
load_line(extract_lexicon *lex, file_kind kind, char **col, load_pos *p)
{
	text_err rc = TEXT_OK;
	int a = 0, b = 0;
	switch (kind) {
	case F_NUMBERS: {
		if (lookup_name(num_classes, col[1], &a) != 0) {
			return fail(p, TEXT_EDATA, "unknown number class");
		}
		char *end;
		double v = strtod(col[2], &end);
		if (end == col[2] || *end != '\0' || !(v > 0)) {
			return fail(p, TEXT_EDATA, "bad number value");
		}
		extract__entry *e = entry_for_form(lex, col[0], p, &rc);
		if (e == NULL) {
			return rc;
		}
		if ((e->roles & EX_R_NUM) && (e->num_class != a || e->num_value != v)) {
			return fail(p, TEXT_EDATA, "form already listed with another class or value");
		}
		e->roles |= EX_R_NUM;
		e->num_class = (uint8_t) a;
		e->num_value = v;
		break;
	}
	case F_UNITS: {
		if (lookup_name(unit_kinds, col[1], &a) != 0) {
			return fail(p, TEXT_EDATA, "unknown unit kind");
		}
		if (parse_int(col[3], 1, 2, &b) != 0) {
			return fail(p, TEXT_EDATA, "count must be 1 or 2");
		}
		for (const char *c = col[2]; *c; c++) {
			if (!isalnum((unsigned char) *c) && *c != '_') {
				return fail(p, TEXT_EDATA, "unit name must be [A-Za-z0-9_]");
			}
		}
		const char *u = intern(lex, col[2]);
		extract__entry *e = u ? entry_for_form(lex, col[0], p, &rc) : NULL;
		if (e == NULL) {
			return u ? rc : fail(p, TEXT_ENOMEM, "out of memory");
		}
		if ((e->roles & EX_R_UNIT) && (e->unit != u || e->unit_count != b)) {
			return fail(p, TEXT_EDATA, "form already listed with another unit");
		}
		e->roles |= EX_R_UNIT;
		e->unit_kind = (uint8_t) a;
		e->unit_count = (uint8_t) b;
		e->unit = u;
		break;
	}
	case F_MONTHS: {
		if (lookup_name(calendars, col[1], &a) != 0) {
			return fail(p, TEXT_EDATA, "calendar must be gregorian or hijri");
		}
		if (parse_int(col[2], 1, 12, &b) != 0) {
			return fail(p, TEXT_EDATA, "month must be 1..12");
		}
		extract__entry *e = entry_for_form(lex, col[0], p, &rc);
		if (e == NULL) {
			return rc;
		}
		if ((e->roles & EX_R_MONTH) && (e->month_cal != a || e->month != b)) {
			return fail(p, TEXT_EDATA, "form already listed as another month");
		}
		e->roles |= EX_R_MONTH;
		e->month_cal = (uint8_t) a;
		e->month = (uint8_t) b;
		break;
	}
	case F_QUALIFIERS: {
		if (lookup_name(qual_kinds, col[1], &a) != 0) {
			return fail(p, TEXT_EDATA, "unknown qualifier kind");
		}
		if (lookup_name(approxes, col[2], &b) != 0) {
			return fail(p, TEXT_EDATA, "unknown approximation");
		}
		if ((a == EX_Q_PRE || a == EX_Q_POST) && b == 0) {
			return fail(p, TEXT_EDATA, "pre/post qualifier needs an approximation");
		}
		extract__entry *e = entry_for_form(lex, col[0], p, &rc);
		if (e == NULL) {
			return rc;
		}
		if ((e->roles & EX_R_QUAL) && (e->qual_kind != a || e->qual_arg != b)) {
			return fail(p, TEXT_EDATA, "form already listed with another kind");
		}
		e->roles |= EX_R_QUAL;
		e->qual_kind = (uint8_t) a;
		e->qual_arg = (uint8_t) b;
		break;
	}
	case F_RELATIVE: {
		if (lookup_name(rel_kinds, col[1], &a) != 0) {
			return fail(p, TEXT_EDATA, "unknown relative kind");
		}
		if (parse_int(col[2], -31, 31, &b) != 0) {
			return fail(p, TEXT_EDATA, "argument must be an integer -31..31");
		}
		extract__entry *e = entry_for_form(lex, col[0], p, &rc);
		if (e == NULL) {
			return rc;
		}
		/* one relative kind per form: the matcher reads a single kind */
		if ((e->roles & EX_R_REL) && (e->rel_kind != a || e->rel_arg != b)) {
			return fail(p, TEXT_EDATA, "form already listed with another kind");
		}
		e->roles |= EX_R_REL;
		e->rel_kind = (uint8_t) a;
		e->rel_arg = (int8_t) b;
		break;
	}
	}
	return TEXT_OK;
}

static text_err
load_file(extract_lexicon *lex, const char *dir, size_t fi, text_error *err)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, files[fi].name);
	load_pos p = {path, 0, err};
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		return fail(&p, TEXT_EDATA, strerror(errno));
	}
	char line[MAX_LINE];
	text_err rc = TEXT_OK;
	while (fgets(line, sizeof(line), f) != NULL) {
		p.line++;
		size_t len = strlen(line);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			rc = fail(&p, TEXT_EDATA, "line too long");
			break;
		}
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
			line[--len] = '\0';
		}
		if (len == 0 || line[0] == '#') {
			continue;
		}
		char *col[8] = {NULL}; /* [0, nc) is set; gcc cannot tell */
		int nc = 0;
		char *s = line;
		for (;;) {
			if (nc == 8) {
				break;
			}
			col[nc++] = s;
			char *tab = strchr(s, '\t');
			if (tab == NULL) {
				break;
			}
			*tab = '\0';
			s = tab + 1;
		}
		if (nc != files[fi].cols) {
			char why[64];
			snprintf(why, sizeof(why), "expected %d tab-separated columns, got %d",
			    files[fi].cols, nc);
			rc = fail(&p, TEXT_EDATA, why);
			break;
		}
		rc = load_line(lex, files[fi].kind, col, &p);
		if (rc != TEXT_OK) {
			break;
		}
	}
	if (rc == TEXT_OK && ferror(f)) {
		rc = fail(&p, TEXT_EDATA, "read error");
	}
	fclose(f);
	return rc;
}

text_err
extract_lexicon_load(const char *dir, extract_lexicon **out, text_error *err)
{
	if (dir == NULL || out == NULL) {
		if (err != NULL) {
			err->code = TEXT_EDATA;
			err->offset = 0;
			snprintf(err->reason, sizeof(err->reason), "no lexicon directory");
		}
		return TEXT_EDATA;
	}
	extract_lexicon *lex = calloc(1, sizeof(*lex));
	if (lex == NULL) {
		return TEXT_ENOMEM;
	}
	text_err rc = TEXT_OK;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		rc = load_file(lex, dir, i, err);
		if (rc != TEXT_OK) {
			goto fail;
		}
	}
	*out = lex;
	return TEXT_OK;
fail:
	extract_lexicon_destroy(lex);
	return rc;
}

void
extract_lexicon_destroy(extract_lexicon *lex)
{
	if (lex == NULL) {
		return;
	}
	for (size_t i = 0; i < lex->n_ents; i++) {
		free(lex->ents[i].key);
	}
	for (size_t i = 0; i < lex->n_strings; i++) {
		free(lex->strings[i]);
	}
	free(lex->ents);
	free(lex->slots);
	free(lex->strings);
	free(lex);
}
