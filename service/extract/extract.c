/* extract: numbers, quantities and dates over the token stream of text/.
 * Each recogniser is one linear pass over the tokens; a per-run array holds
 * each token's lexicon entry (one hash probe per token, clitic candidates only
 * on a miss) and a "used" mark so that a token belongs to at most one date or
 * number. Dates run first: "20 يوليو 2016" must not also yield the numbers 20
 * and 2016. Relative dates are resolved in a second step, once the
 * publication date is known (given, from a dateline, or inferred).
 *
 * Files: extract.c (this: per-run state and the public API),
 * extract_dates.c, extract_numbers.c (the two passes), extract_lexicon.c
 * (the data files), extract_impl.h (what they share). ICU is used for one
 * thing only, in extract_dates.c: converting Hijri (Umm al-Qura) dates to
 * Gregorian. It is not a text operation, and text/ has no calendar API. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalition_mem.h"
#include "extract_impl.h"

/* The phrases (2..4 words) of the lexicon that start at token i, longest
 * first, computed once per run so that each recogniser's lookups cost no
 * hashing (see match()). */
static void
phrases_fill(ctx *c, size_t i)
{
	tokinfo *ti = &c->ti[i];
	const extract__entry *e1 = ti->e;
	char buf[512];
	size_t keylen[5] = {0};
	const text_token *t0 = &c->t[i];
	size_t len = t0->norm_len - ti->off;
	if (len >= sizeof(buf)) {
		return;
	}
	memcpy(buf, t0->norm + ti->off, len);
	size_t k;
	for (k = 1; k < e1->maxw && k < 4; k++) {
		size_t j = i + k;
		if (!same_sentence(c, i, j) || c->t[j].kind != TEXT_TOKEN_WORD ||
		    len + 1 + c->t[j].norm_len >= sizeof(buf)) {
			break;
		}
		buf[len++] = ' ';
		memcpy(buf + len, c->t[j].norm, c->t[j].norm_len);
		len += c->t[j].norm_len;
		keylen[k] = len;
	}
	ti->ph = (uint32_t) c->n_ph;
	for (size_t m = k; m-- > 1;) {
		const extract__entry *e = extract__find(c->lex, buf, keylen[m]);
		if (e != NULL && ti->n_ph < 3) {
			if (c->n_ph == c->cap_ph) {
				size_t cap = c->cap_ph ? 2 * c->cap_ph : 64;
				extract__phrase *p = realloc(c->ph, cap * sizeof(*p));
				if (p == NULL) {
					c->r->oom = true;
					return;
				}
				c->ph = p;
				c->cap_ph = cap;
			}
			c->ph[c->n_ph++] = (extract__phrase){e, (uint8_t) (m + 1)};
			ti->n_ph++;
			ti->roles |= e->roles;
		}
	}
}

static void
tokinfo_fill(ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const text_token *t = &c->t[i];
		tokinfo *ti = &c->ti[i];
		memset(ti, 0, sizeof(*ti));
		if (t->kind == TEXT_TOKEN_NUMBER) {
			continue;
		}
		ti->e = extract__find(c->lex, t->norm, t->norm_len);
		if (ti->e == NULL) {
			/* proclitics are at most four letters (وبال, وللـ): a
			 * longer word cannot be a lexicon word with clitics */
			if (t->kind != TEXT_TOKEN_WORD ||
			    t->norm_len > c->lex->max_word_len + 8) {
				continue;
			}
			size_t offs[6];
			size_t k = text_token_clitic_offsets(t, offs, 6);
			for (size_t j = 0; j < k; j++) {
				if (offs[j] == 0 || offs[j] >= t->norm_len) {
					continue;
				}
				const extract__entry *e = extract__find(c->lex,
				    t->norm + offs[j], t->norm_len - offs[j]);
				if (e != NULL) {
					ti->e = e;
					ti->off = (uint8_t) offs[j];
					ti->definite = offs[j] >= 4 &&
					    memcmp(t->norm + offs[j] - 4, "ال", 4) == 0;
					ti->wa = starts_with(t->norm, offs[j], "و");
					break;
				}
			}
			if (ti->e == NULL) {
				continue;
			}
		}
		ti->roles = ti->e->roles;
		/* phrases_fill reads only this token's entry and the next
		 * tokens' text: done here, while the entry is at hand */
		if (ti->e->maxw > 1) {
			phrases_fill(c, i);
		}
	}
}

/* ---------- public ---------- */

static int
cmp_num(const void *a, const void *b)
{
	const extract_number *x = a, *y = b;
	return (x->span.start > y->span.start) - (x->span.start < y->span.start);
}

static int
cmp_qty(const void *a, const void *b)
{
	const extract_quantity *x = a, *y = b;
	return (x->span.start > y->span.start) - (x->span.start < y->span.start);
}

static int
cmp_date(const void *a, const void *b)
{
	const extract_date *x = a, *y = b;
	return (x->span.start > y->span.start) - (x->span.start < y->span.start);
}

extract_result *
extract_run(const extract_lexicon *lex, const text_doc *doc, const extract_ymd *published,
    extract_date_source published_source)
{
	assert(lex != NULL && doc != NULL); /* a caller bug, not a status */
	extract_result *r = calloc(1, sizeof(*r));
	if (r == NULL) {
		return NULL;
	}
	ctx c;
	memset(&c, 0, sizeof(c));
	c.lex = lex;
	c.r = r;
	c.t = text_doc_tokens(doc, &c.n);
	c.bytes = text_doc_bytes(doc, &c.n_bytes);
	if (c.n > 0) {
		c.ti = malloc(c.n * sizeof(*c.ti));
		c.used = calloc(c.n, 1);
		if (c.ti == NULL || c.used == NULL) {
			goto fail;
		}
		coal_mem_hint_big(c.ti, c.n * sizeof(*c.ti));
		tokinfo_fill(&c);
	}
	extract_ymd pub = {0, 0, 0};
	extract_date_source src = EXTRACT_SRC_NONE;
	bool have_pub = published != NULL && published->year != 0;
	if (have_pub) {
		pub = *published;
		src = published_source;
	}
	extract__dates_pass(&c, &pub, &src, have_pub);
	extract__numbers_pass(&c);
	if (r->oom) {
		goto fail;
	}
	r->published = pub;
	r->published_source = src;
	/* qsort's base must not be NULL even for zero elements (UBSan) */
	if (r->n_nums > 1) {
		qsort(r->nums, r->n_nums, sizeof(*r->nums), cmp_num);
	}
	if (r->n_qtys > 1) {
		qsort(r->qtys, r->n_qtys, sizeof(*r->qtys), cmp_qty);
	}
	if (r->n_dates > 1) {
		qsort(r->dates, r->n_dates, sizeof(*r->dates), cmp_date);
	}
	free(c.ti);
	free(c.ph);
	free(c.used);
	return r;
fail:
	free(c.ti);
	free(c.ph);
	free(c.used);
	extract_result_destroy(r);
	return NULL;
}

void
extract_result_destroy(extract_result *r)
{
	if (r == NULL) {
		return;
	}
	free(r->nums);
	free(r->qtys);
	free(r->dates);
	free(r);
}

const extract_number *
extract_result_numbers(const extract_result *r, size_t *n)
{
	*n = r->n_nums;
	return r->nums;
}

const extract_quantity *
extract_result_quantities(const extract_result *r, size_t *n)
{
	*n = r->n_qtys;
	return r->qtys;
}

const extract_date *
extract_result_dates(const extract_result *r, size_t *n)
{
	*n = r->n_dates;
	return r->dates;
}

extract_ymd
extract_result_published(const extract_result *r, extract_date_source *source)
{
	if (source != NULL) {
		*source = r->published_source;
	}
	return r->published;
}

char *
extract_ymd_format(extract_ymd d, extract_precision prec, char *buf)
{
	unsigned y = d.year > 0 ? (unsigned) d.year % 10000u : 0;
	unsigned m = d.month > 0 ? (unsigned) d.month % 100u : 0;
	unsigned dd = d.day > 0 ? (unsigned) d.day % 100u : 0;
	if (prec == EXTRACT_PREC_NONE) {
		/* unknown precision: as much as the fields carry */
		prec = m > 0 && dd > 0 ? EXTRACT_PREC_DAY : m > 0 ? EXTRACT_PREC_MONTH : EXTRACT_PREC_YEAR;
	}
	switch (prec) {
	case EXTRACT_PREC_DAY:
		snprintf(buf, 11, "%04u-%02u-%02u", y, m, dd);
		break;
	case EXTRACT_PREC_MONTH:
	case EXTRACT_PREC_SEASON: /* the season's first month */
		snprintf(buf, 11, "%04u-%02u", y, m);
		break;
	default:
		snprintf(buf, 11, "%04u", y);
		break;
	}
	return buf;
}

bool
extract_ymd_parse(const char *s, extract_ymd *out)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
		return false;
	}
	int v[3] = {0, 0, 0};
	static const int pos[3][2] = {{0, 4}, {5, 7}, {8, 10}};
	for (int f = 0; f < 3; f++) {
		for (int k = pos[f][0]; k < pos[f][1]; k++) {
			if (s[k] < '0' || s[k] > '9') {
				return false;
			}
			v[f] = v[f] * 10 + (s[k] - '0');
		}
	}
	if (!valid_ymd(v[0], v[1], v[2])) {
		return false;
	}
	out->year = (int16_t) v[0];
	out->month = (int8_t) v[1];
	out->day = (int8_t) v[2];
	return true;
}

const char *
extract_approx_name(extract_approx a)
{
	static const char *const names[] = {"unknown", "exact", "about", "at_least", "at_most", "range",
	    "vague"};
	return (unsigned) a < sizeof(names) / sizeof(names[0]) ? names[a] : "unknown";
}

const char *
extract_precision_name(extract_precision p)
{
	static const char *const names[] = {"none", "day", "month", "season", "year"};
	return (unsigned) p < sizeof(names) / sizeof(names[0]) ? names[p] : "unknown";
}
