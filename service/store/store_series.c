/* store_series.c: quantity facts as time series, and the conflicts in
 * them. A series is every quantity fact with one (metric, subject, place,
 * unit); its facts are kept in as-of order with their period in days, so
 * ValueAsOf is a binary search plus a short walk and ListConflicts reads
 * groups computed once at start-up. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"

/* ---- rules: per-metric windows ---------------------------------------- */

typedef struct {
	char *metric;
	int32_t window;
	bool any_unit;
} window_rule;

struct store_series_rules {
	window_rule *v;
	size_t n;
	int32_t fallback; /* the "*" row, else 0 */
};

void store_series_rules_destroy(store_series_rules *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].metric);
	free(r->v);
	free(r);
}

static int rules_fail(char *err, size_t err_len, const char *path, size_t line, const char *why)
{
	if (err != NULL && err_len > 0)
		snprintf(err, err_len, "%s:%zu: %s", path, line, why);
	return -1;
}

int store_series_rules_load(const char *path, store_series_rules **out, char *err, size_t err_len)
{
	FILE *fp = fopen(path, "r");
	if (fp == NULL)
		return rules_fail(err, err_len, path, 0, strerror(errno));
	store_series_rules *r = calloc(1, sizeof *r);
	char buf[512];
	size_t line = 0, cap = 0;
	int rc = r != NULL ? 0 : rules_fail(err, err_len, path, 0, "out of memory");
	while (rc == 0 && fgets(buf, sizeof buf, fp) != NULL) {
		line++;
		size_t len = strcspn(buf, "\r\n");
		if (buf[len] == '\0' && !feof(fp)) {
			rc = rules_fail(err, err_len, path, line, "line longer than 510 bytes");
			break;
		}
		buf[len] = '\0';
		if (buf[0] == '#' || buf[0] == '\0')
			continue;
		char *tab = strchr(buf, '\t');
		char *tab2 = tab != NULL ? strchr(tab + 1, '\t') : NULL;
		bool any_unit = false;
		if (tab == NULL || tab == buf || (tab2 != NULL && strchr(tab2 + 1, '\t') != NULL)) {
			rc = rules_fail(err, err_len, path, line, "expected 'metric<TAB>window[<TAB>units]'");
			break;
		}
		if (tab2 != NULL) {
			*tab2 = '\0';
			if (strcmp(tab2 + 1, "any") == 0) {
				any_unit = true;
			} else if (strcmp(tab2 + 1, "same") != 0) {
				rc = rules_fail(err, err_len, path, line, "units must be 'same' or 'any'");
				break;
			}
		}
		*tab = '\0';
		const char *w = tab + 1;
		long days = 0;
		if (strcmp(w, "always") == 0) {
			days = STORE_WINDOW_ALWAYS;
		} else {
			char *end = NULL;
			errno = 0;
			days = strtol(w, &end, 10);
			if (*w == '\0' || *end != '\0' || errno != 0 || days < 0 || days > 36600) {
				rc = rules_fail(err, err_len, path, line, "window must be 0..36600 days or 'always'");
				break;
			}
		}
		if (strcmp(buf, "*") == 0) {
			r->fallback = (int32_t)days;
			continue;
		}
		if (r->n == cap) {
			size_t c = cap ? cap * 2 : 16;
			window_rule *nv = realloc(r->v, c * sizeof *nv);
			if (nv == NULL) {
				rc = rules_fail(err, err_len, path, line, "out of memory");
				break;
			}
			r->v = nv;
			cap = c;
		}
		if ((r->v[r->n].metric = strdup(buf)) == NULL) {
			rc = rules_fail(err, err_len, path, line, "out of memory");
			break;
		}
		r->v[r->n].any_unit = any_unit;
		r->v[r->n++].window = (int32_t)days;
	}
	fclose(fp);
	if (rc != 0) {
		store_series_rules_destroy(r);
		return -1;
	}
	*out = r;
	return 0;
}

bool store_series_any_unit(const store_series_rules *r, const char *metric)
{
	if (r == NULL)
		return false;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].metric, metric) == 0)
			return r->v[i].any_unit;
	return false;
}

int32_t store_series_window(const store_series_rules *r, const char *metric)
{
	if (r == NULL)
		return 0;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].metric, metric) == 0)
			return r->v[i].window;
	return r->fallback;
}

/* ---- days ------------------------------------------------------------- */

static int32_t days_of(int32_t y, int32_t m, int32_t d) { return (int32_t)extract_days_from_civil(y, m, d); }

/* First and last day of the period a date names at a precision. */
static void period(extract_ymd x, uint8_t prec, int32_t *first, int32_t *last)
{
	int32_t y = x.year, m = x.month ? x.month : 1, d = x.day ? x.day : 1;
	switch (prec) {
	case EXTRACT_PREC_DAY:
		*first = days_of(y, m, d);
		*last = *first;
		return;
	case EXTRACT_PREC_MONTH:
		*first = days_of(y, m, 1);
		*last = days_of(y, m + 1, 1) - 1;
		return;
	case EXTRACT_PREC_SEASON:
		*first = days_of(y, m, 1);
		*last = days_of(y, m + 3, 1) - 1;
		return;
	default: /* year, or what little is known */
		*first = days_of(y, x.month ? m : 1, 1);
		*last = x.month ? days_of(y, m + 1, 1) - 1 : days_of(y + 1, 1, 1) - 1;
		return;
	}
}

/* ---- the series set --------------------------------------------------- */

typedef struct {
	store_series s;
	uint32_t first;    /* into facts */
	int32_t window;
	int32_t max_len;   /* longest period in the series, days */
} series_row;

struct store_series_set {
	store_series_fact *facts; /* series after series, each in as-of order */
	size_t n_facts;
	series_row *series;
	size_t n_series;
	store_conflict *conflicts;
	size_t n_conflicts;
};

void store__series_free(struct store_series_set *x)
{
	if (x == NULL)
		return;
	free(x->facts);
	free(x->series);
	free(x->conflicts);
	free(x);
}

typedef struct {
	store_series key;
	store_series_fact f;
} staged;

/* The id a series is keyed by: the corpus-wide entity id when the store
 * knows the entity (people found by rule merge across documents), else the
 * id the fact names (an implied subject), else "". */
static const char *key_id(const store *s, const entity_result *ents, const facts_entity *e)
{
	long row = store__entity_row(s, ents, e->ref);
	if (row >= 0)
		return store_entity_at(s, (size_t)row)->id;
	return e->id != NULL ? e->id : "";
}

static int key_cmp(const store_series *a, const store_series *b)
{
	int c = strcmp(a->metric, b->metric);
	if (c == 0)
		c = strcmp(a->subject_id, b->subject_id);
	if (c == 0)
		c = strcmp(a->place_id, b->place_id);
	if (c == 0)
		c = strcmp(a->unit, b->unit);
	return c;
}

static int staged_cmp(const void *pa, const void *pb)
{
	const staged *a = pa, *b = pb;
	int c = key_cmp(&a->key, &b->key);
	if (c != 0)
		return c;
	if (a->f.fact.date != b->f.fact.date)
		return a->f.fact.date < b->f.fact.date ? -1 : 1;
	if (a->f.fact.doc != b->f.fact.doc)
		return a->f.fact.doc < b->f.fact.doc ? -1 : 1;
	return a->f.fact.n < b->f.fact.n ? -1 : a->f.fact.n > b->f.fact.n;
}

/* The values a fact allows, as a closed interval. */
static void bounds(const store_series_fact *x, double *lo, double *hi)
{
	switch (x->approx) {
	case EXTRACT_APPROX_ABOUT:
		*lo = x->value * 0.9;
		*hi = x->value * 1.1;
		break;
	case EXTRACT_APPROX_AT_LEAST:
		*lo = x->value;
		*hi = INFINITY;
		break;
	case EXTRACT_APPROX_AT_MOST:
		*lo = -INFINITY;
		*hi = x->value;
		break;
	case EXTRACT_APPROX_RANGE:
		*lo = x->value;
		*hi = x->value_max > x->value ? x->value_max : x->value;
		break;
	case EXTRACT_APPROX_VAGUE:
		*lo = x->value;
		*hi = x->value * 10;
		break;
	default:
		*lo = *hi = x->value;
		break;
	}
	if (*lo > *hi) { /* negative values */
		double t = *lo;
		*lo = *hi;
		*hi = t;
	}
}

bool store_series_agree(const store_series_fact *a, const store_series_fact *b)
{
	double alo, ahi, blo, bhi;
	bounds(a, &alo, &ahi);
	bounds(b, &blo, &bhi);
	return alo <= bhi && blo <= ahi;
}

static bool overlap(const store_series_fact *a, const store_series_fact *b, int32_t window)
{
	if (window >= STORE_WINDOW_ALWAYS)
		return true;
	return a->start - window <= b->end && b->start - window <= a->end;
}

/* Groups the facts [first, first + n) of series si: each group is a fact
 * and the later ones overlapping it; those holding two classes of values
 * become conflicts, classes numbered by size. */
static int group_series(struct store_series_set *x, uint32_t si, size_t *cap)
{
	series_row *sr = &x->series[si];
	store_series_fact *v = x->facts + sr->first;
	size_t n = sr->s.n;
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		while (b < n && overlap(&v[a], &v[b], sr->window))
			b++;
		/* Classes by agreement with each class's first fact. */
		uint32_t reps[64], sizes[64], n_cls = 0;
		for (size_t k = a; k < b; k++) {
			uint32_t c = 0;
			while (c < n_cls && !store_series_agree(&v[reps[c]], &v[k]))
				c++;
			if (c == n_cls) {
				if (n_cls == 64) { /* more values than anyone reads: fold into the last */
					c = 63;
				} else {
					reps[n_cls] = (uint32_t)k;
					sizes[n_cls++] = 0;
				}
			}
			sizes[c]++;
			v[k].cls = (uint16_t)c;
		}
		if (n_cls >= 2) {
			/* Renumber: most stated first, ties by first appearance. */
			uint16_t order[64];
			for (uint32_t c = 0; c < n_cls; c++)
				order[c] = (uint16_t)c;
			for (uint32_t i = 1; i < n_cls; i++)
				for (uint32_t j = i; j > 0 && sizes[order[j]] > sizes[order[j - 1]]; j--) {
					uint16_t t = order[j];
					order[j] = order[j - 1];
					order[j - 1] = t;
				}
			uint16_t rank[64];
			for (uint32_t c = 0; c < n_cls; c++)
				rank[order[c]] = (uint16_t)c;
			if (x->n_conflicts == *cap) {
				size_t c = *cap ? *cap * 2 : 64;
				store_conflict *nv = realloc(x->conflicts, c * sizeof *nv);
				if (nv == NULL)
					return -1;
				x->conflicts = nv;
				*cap = c;
			}
			x->conflicts[x->n_conflicts++] = (store_conflict){si, (uint32_t)a, (uint32_t)(b - a), n_cls};
			for (size_t k = a; k < b; k++) {
				v[k].cls = rank[v[k].cls];
				v[k].conflict = (uint32_t)x->n_conflicts;
			}
		} else {
			for (size_t k = a; k < b; k++)
				v[k].cls = 0;
		}
		a = b;
	}
	return 0;
}

int store_series_build(store *s, const store_series_rules *r)
{
	struct store_series_set *x = calloc(1, sizeof *x);
	if (x == NULL)
		return -1;
	size_t n = 0;
	for (size_t d = 0; d < s->n_docs; d++) {
		size_t nq = 0;
		if (s->docs[d]->a.facts != NULL)
			facts_result_quantities(s->docs[d]->a.facts, &nq);
		n += nq;
	}
	staged *st = malloc((n ? n : 1) * sizeof *st);
	if (st == NULL)
		goto fail;
	size_t k = 0;
	for (size_t d = 0; d < s->n_docs; d++) {
		const store_analysis *a = &s->docs[d]->a;
		size_t nq = 0;
		const facts_quantity *q = a->facts != NULL ? facts_result_quantities(a->facts, &nq) : NULL;
		for (size_t i = 0; i < nq; i++) {
			if (q[i].as_of.precision == EXTRACT_PREC_NONE || q[i].as_of.date.year == 0)
				continue; /* an undated value has no place in a series */
			staged *e = &st[k++];
			memset(e, 0, sizeof *e);
			e->key.metric = q[i].metric;
			e->key.subject_id = key_id(s, a->ents, &q[i].subject);
			e->key.place_id = key_id(s, a->ents, &q[i].place);
			e->key.unit = q[i].unit != NULL && !store_series_any_unit(r, q[i].metric) ? q[i].unit : "";
			/* Quantities come first in a document's fact numbering. */
			e->f.fact = (store_fact){(uint32_t)d, (uint32_t)i, 1, store__date_key(&q[i].as_of), q[i].metric};
			e->f.value = q[i].value;
			e->f.value_max = q[i].value_max;
			e->f.approx = q[i].approx;
			e->f.precision = q[i].as_of.precision;
			int32_t lo, hi, elo, ehi;
			period(q[i].as_of.date, q[i].as_of.precision, &lo, &hi);
			if (q[i].as_of.end.year != 0) {
				period(q[i].as_of.end, q[i].as_of.precision, &elo, &ehi);
				if (ehi > hi)
					hi = ehi;
			}
			e->f.start = lo;
			e->f.end = hi;
		}
	}
	qsort(st, k, sizeof *st, staged_cmp);
	x->facts = malloc((k ? k : 1) * sizeof *x->facts);
	x->series = malloc((k ? k : 1) * sizeof *x->series);
	if (x->facts == NULL || x->series == NULL)
		goto fail;
	for (size_t i = 0; i < k; i++) {
		if (i == 0 || key_cmp(&st[i].key, &st[i - 1].key) != 0) {
			series_row *sr = &x->series[x->n_series++];
			sr->s = st[i].key;
			sr->s.n = 0;
			sr->first = (uint32_t)i;
			sr->window = store_series_window(r, st[i].key.metric);
			sr->max_len = 0;
		}
		series_row *sr = &x->series[x->n_series - 1];
		sr->s.n++;
		if (st[i].f.end - st[i].f.start > sr->max_len)
			sr->max_len = st[i].f.end - st[i].f.start;
		x->facts[x->n_facts++] = st[i].f;
	}
	free(st);
	st = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < x->n_series; i++)
		if (group_series(x, (uint32_t)i, &cap) != 0)
			goto fail;
	store__series_free(s->series);
	s->series = x;
	return 0;
fail:
	free(st);
	store__series_free(x);
	return -1;
}

size_t store_series_count(const store *s) { return s->series ? s->series->n_series : 0; }

const store_series *store_series_at(const store *s, size_t i)
{
	return i < store_series_count(s) ? &s->series->series[i].s : NULL;
}

const store_series_fact *store_series_facts(const store *s, size_t i, size_t *n)
{
	if (i >= store_series_count(s)) {
		*n = 0;
		return NULL;
	}
	*n = s->series->series[i].s.n;
	return s->series->facts + s->series->series[i].first;
}

/* First series of metric by binary search (series are sorted by metric). */
static size_t metric_lower(const struct store_series_set *x, const char *metric)
{
	size_t lo = 0, hi = x->n_series;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(x->series[mid].s.metric, metric) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t store_series_find(const store *s, const char *metric, const char *subject_id, const char *place_id,
    uint32_t *out, size_t max)
{
	const struct store_series_set *x = s->series;
	if (x == NULL)
		return 0;
	size_t lo = metric != NULL ? metric_lower(x, metric) : 0;
	size_t total = 0, kept = 0;
	for (size_t i = lo; i < x->n_series; i++) {
		const store_series *e = &x->series[i].s;
		if (metric != NULL && strcmp(e->metric, metric) != 0)
			break;
		if ((subject_id != NULL && strcmp(e->subject_id, subject_id) != 0) ||
		    (place_id != NULL && strcmp(e->place_id, place_id) != 0))
			continue;
		total++;
		/* Keep the max largest, in series order among equals (insertion). */
		size_t pos = kept;
		while (pos > 0 && x->series[out[pos - 1]].s.n < e->n)
			pos--;
		if (pos >= max)
			continue;
		if (kept < max)
			kept++;
		memmove(out + pos + 1, out + pos, (kept - 1 - pos) * sizeof *out);
		out[pos] = (uint32_t)i;
	}
	return total;
}

/* Walking back from a fact more than this many facts is not done: the
 * answer stays bounded on a corpus with very long series. */
#define ASOF_WALK_MAX 4096
#define ASOF_NOW_MAX 256

bool store_series_asof(const store *s, size_t si, int32_t date, uint32_t *sources, size_t max_sources,
    uint32_t *conflicting, size_t max_conflicting, uint32_t *earlier, size_t max_earlier, store_asof *out)
{
	memset(out, 0, sizeof *out);
	if (si >= store_series_count(s))
		return false;
	const series_row *sr = &s->series->series[si];
	const store_series_fact *v = s->series->facts + sr->first;
	size_t n = sr->s.n, lo = 0, hi = n;
	if (date != 0) {
		while (lo < hi) { /* first fact starting after date */
			size_t mid = lo + (hi - lo) / 2;
			if (v[mid].fact.date <= date)
				lo = mid + 1;
			else
				hi = mid;
		}
		n = lo;
	}
	if (n == 0)
		return false;
	size_t last = n - 1;
	/* The facts of that time: those up to `last` overlapping it (at most
	 * ASOF_NOW_MAX of them are weighed). Periods are at most max_len long,
	 * so the walk stops once none can reach it. */
	int64_t reach = (int64_t)sr->max_len + (sr->window >= STORE_WINDOW_ALWAYS ? INT32_MAX : sr->window);
	uint32_t now[ASOF_NOW_MAX];
	size_t n_now = 0, steps = 0;
	for (size_t k = last + 1; k-- > 0 && steps < ASOF_WALK_MAX; steps++) {
		if ((int64_t)v[k].start + reach < v[last].start)
			break;
		if (overlap(&v[k], &v[last], sr->window) && n_now < ASOF_NOW_MAX)
			now[n_now++] = (uint32_t)k;
	}
	/* Classes among them, latest first; the value is the class most of
	 * them state, ties to the latest fact's. */
	uint32_t reps[ASOF_NOW_MAX], sizes[ASOF_NOW_MAX], cls[ASOF_NOW_MAX], n_cls = 0;
	reps[0] = (uint32_t)last; /* `last` overlaps itself: now[0] == last */
	for (size_t i = 0; i < n_now; i++) {
		uint32_t c = 0;
		while (c < n_cls && !store_series_agree(&v[reps[c]], &v[now[i]]))
			c++;
		if (c == n_cls) {
			reps[n_cls] = now[i];
			sizes[n_cls++] = 0;
		}
		sizes[c]++;
		cls[i] = c;
	}
	uint32_t best = 0;
	for (uint32_t c = 1; c < n_cls; c++)
		if (sizes[c] > sizes[best])
			best = c;
	out->latest = reps[best];
	for (size_t i = 0; i < n_now; i++) {
		if (cls[i] == best) {
			if (out->n_sources < max_sources)
				sources[out->n_sources] = now[i];
			out->n_sources++;
		} else {
			if (out->n_conflicting < max_conflicting)
				conflicting[out->n_conflicting] = now[i];
			out->n_conflicting++;
		}
	}
	/* Before that time: the latest fact of each value not yet seen. */
	steps = 0;
	for (size_t k = last + 1; k-- > 0 && out->n_earlier < max_earlier && steps < ASOF_WALK_MAX; steps++) {
		if (overlap(&v[k], &v[last], sr->window) || store_series_agree(&v[k], &v[out->latest]))
			continue;
		bool seen = false;
		for (size_t e = 0; e < out->n_earlier && !seen; e++)
			seen = store_series_agree(&v[k], &v[earlier[e]]);
		if (!seen)
			earlier[out->n_earlier++] = (uint32_t)k;
	}
	return true;
}

size_t store_conflict_count(const store *s) { return s->series ? s->series->n_conflicts : 0; }

const store_conflict *store_conflict_at(const store *s, size_t i)
{
	return i < store_conflict_count(s) ? &s->series->conflicts[i] : NULL;
}

size_t store_conflict_find(const store *s, const char *metric, const char *entity_id, size_t skip,
    uint32_t *out, size_t max)
{
	const struct store_series_set *x = s->series;
	if (x == NULL)
		return 0;
	size_t lo = 0;
	if (metric != NULL) { /* conflicts are in series order, series in metric order */
		size_t a = 0, b = x->n_conflicts;
		while (a < b) {
			size_t mid = a + (b - a) / 2;
			if (strcmp(x->series[x->conflicts[mid].series].s.metric, metric) < 0)
				a = mid + 1;
			else
				b = mid;
		}
		lo = a;
	}
	size_t total = 0;
	for (size_t i = lo; i < x->n_conflicts; i++) {
		const store_series *e = &x->series[x->conflicts[i].series].s;
		if (metric != NULL && strcmp(e->metric, metric) != 0)
			break;
		if (entity_id != NULL && strcmp(e->subject_id, entity_id) != 0 && strcmp(e->place_id, entity_id) != 0)
			continue;
		if (total >= skip && total - skip < max)
			out[total - skip] = (uint32_t)i;
		total++;
	}
	return total;
}
