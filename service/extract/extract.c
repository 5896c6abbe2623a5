/* extract: numbers, quantities and dates over the token stream of text/.
 * Each recogniser is one linear pass over the tokens; a per-run array holds
 * each token's lexicon entry (one hash probe per token, clitic candidates only
 * on a miss) and a "used" mark so that a token belongs to at most one date or
 * number. Dates run first: "20 يوليو 2016" must not also yield the numbers 20
 * and 2016. Relative dates are resolved in a second step, once the
 * publication date is known (given, from a dateline, or inferred).
 *
 * ICU is used here for one thing only: converting Hijri (Umm al-Qura) dates
 * to Gregorian. It is not a text operation, and text/ has no calendar API. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>

#include "extract_impl.h"

/* ---------- result ---------- */

struct extract_result {
	extract_number *nums;
	size_t n_nums, cap_nums;
	extract_quantity *qtys;
	size_t n_qtys, cap_qtys;
	extract_date *dates;
	size_t n_dates, cap_dates;
	extract_ymd published;
	extract_date_source published_source;
	bool oom;
};

#define PUSH(r, arr, n, cap, item)                                                 \
	do {                                                                       \
		if ((r)->n == (r)->cap) {                                          \
			size_t nc_ = (r)->cap ? (r)->cap * 2 : 16;                 \
			void *na_ = realloc((r)->arr, nc_ * sizeof(*(r)->arr));    \
			if (na_ == NULL) {                                         \
				(r)->oom = true;                                   \
				break;                                             \
			}                                                          \
			(r)->arr = na_;                                            \
			(r)->cap = nc_;                                            \
		}                                                                  \
		(r)->arr[(r)->n++] = (item);                                       \
	} while (0)

/* ---------- calendar arithmetic ---------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long
days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static extract_ymd
civil_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);
	extract_ymd r = {(int16_t) (y + (m <= 2)), (int8_t) m, (int8_t) d};
	return r;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
		return 29;
	}
	return dm[m - 1];
}

static bool
valid_ymd(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* 0 = Sunday; 1970-01-01 was a Thursday. */
static int
weekday_of(long days)
{
	long w = (days + 4) % 7;
	return (int) (w < 0 ? w + 7 : w);
}

/* Hijri (Umm al-Qura, the calendar Saudi and most Gulf outlets use) to
 * Gregorian through ICU; both calendars in UTC so the day cannot shift. */
static bool
hijri_to_gregorian(int y, int m, int d, extract_ymd *out)
{
	static const UChar utc[] = {'U', 'T', 'C', 0};
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *h = ucal_open(utc, -1, "ar@calendar=islamic-umalqura", UCAL_DEFAULT, &st);
	UCalendar *g = ucal_open(utc, -1, "en@calendar=gregorian", UCAL_GREGORIAN, &st);
	bool ok = false;
	if (U_SUCCESS(st)) {
		ucal_clear(h);
		ucal_setDate(h, y, m - 1, d, &st);
		UDate ms = ucal_getMillis(h, &st);
		ucal_setMillis(g, ms, &st);
		int gy = ucal_get(g, UCAL_YEAR, &st);
		int gm = ucal_get(g, UCAL_MONTH, &st) + 1;
		int gd = ucal_get(g, UCAL_DATE, &st);
		if (U_SUCCESS(st) && valid_ymd(gy, gm, gd)) {
			out->year = (int16_t) gy;
			out->month = (int8_t) gm;
			out->day = (int8_t) gd;
			ok = true;
		}
	}
	if (h != NULL) {
		ucal_close(h);
	}
	if (g != NULL) {
		ucal_close(g);
	}
	return ok;
}

/* ---------- per-run context ---------- */

typedef struct {
	const extract__entry *e; /* single-word entry, NULL if none */
	uint8_t off;             /* bytes of proclitics stripped to find e */
	bool definite;           /* the stripped prefix ends in ال */
	bool wa;                 /* the stripped prefix starts with و (conjunction) */
	uint8_t n_ph;            /* phrases starting here, longest first */
	uint8_t ph_len[3];
	const extract__entry *ph[3];
} tokinfo;

typedef struct {
	const extract_lexicon *lex;
	const text_token *t;
	size_t n;
	tokinfo *ti;
	uint8_t *used;
	const char *bytes;
	size_t n_bytes;
	extract_result *r;
} ctx;

static bool
norm_is(const text_token *t, const char *s)
{
	size_t l = strlen(s);
	return t->norm_len == l && memcmp(t->norm, s, l) == 0;
}

static bool
starts_with(const char *s, size_t len, const char *p)
{
	size_t l = strlen(p);
	return len >= l && memcmp(s, p, l) == 0;
}

static bool same_sentence(const ctx *c, size_t i, size_t j);

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
	for (size_t m = k; m-- > 1;) {
		const extract__entry *e = extract__find(c->lex, buf, keylen[m]);
		if (e != NULL && ti->n_ph < 3) {
			ti->ph[ti->n_ph] = e;
			ti->ph_len[ti->n_ph] = (uint8_t) (m + 1);
			ti->n_ph++;
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
		/* proclitics are at most four letters (وبال, وللـ): a longer word
		 * cannot be a lexicon word with clitics */
		if (ti->e != NULL || t->kind != TEXT_TOKEN_WORD ||
		    t->norm_len > c->lex->max_word_len + 8) {
			continue;
		}
		size_t offs[6];
		size_t k = text_clitic_offsets(t->norm, t->norm_len, offs, 6);
		for (size_t j = 0; j < k; j++) {
			if (offs[j] == 0 || offs[j] >= t->norm_len) {
				continue;
			}
			const extract__entry *e =
			    extract__find(c->lex, t->norm + offs[j], t->norm_len - offs[j]);
			if (e != NULL) {
				ti->e = e;
				ti->off = (uint8_t) offs[j];
				ti->definite = offs[j] >= 4 &&
				    memcmp(t->norm + offs[j] - 4, "ال", 4) == 0;
				ti->wa = starts_with(t->norm, offs[j], "و");
				break;
			}
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		if (c->ti[i].e != NULL && c->ti[i].e->maxw > 1) {
			phrases_fill(c, i);
		}
	}
}

/* Cheap pre-check of a pass: can anything with these roles start at i? */
static bool
may_start(const ctx *c, size_t i, unsigned roles)
{
	if (c->t[i].kind == TEXT_TOKEN_NUMBER) {
		return true;
	}
	const tokinfo *ti = &c->ti[i];
	if (ti->e == NULL) {
		return false;
	}
	if (ti->e->roles & roles) {
		return true;
	}
	for (size_t m = 0; m < ti->n_ph; m++) {
		if (ti->ph[m]->roles & roles) {
			return true;
		}
	}
	return false;
}

static bool
same_sentence(const ctx *c, size_t i, size_t j)
{
	return j < c->n && c->t[i].sentence == c->t[j].sentence;
}

/* Longest phrase starting at token i whose entry has a role in mask; sets
 * *ntok to its length in tokens. Phrases continue only over WORD tokens of
 * the same sentence. */
static const extract__entry *
match(const ctx *c, size_t i, unsigned mask, size_t *ntok)
{
	if (i >= c->n) {
		return NULL;
	}
	const tokinfo *ti = &c->ti[i];
	if (ti->e == NULL) {
		return NULL;
	}
	for (size_t m = 0; m < ti->n_ph; m++) {
		if (ti->ph[m]->roles & mask) {
			*ntok = ti->ph_len[m];
			return ti->ph[m];
		}
	}
	if (ti->e->roles & mask) {
		*ntok = 1;
		return ti->e;
	}
	return NULL;
}

static const extract__entry *
rel_at(const ctx *c, size_t i, int kind, size_t *ntok)
{
	size_t nt = 0;
	const extract__entry *e = match(c, i, EX_R_REL, &nt);
	if (e != NULL && e->rel_kind == kind) {
		*ntok = nt;
		return e;
	}
	return NULL;
}

static bool
is_punct(const ctx *c, size_t i, const char *s)
{
	return i < c->n && c->t[i].kind == TEXT_TOKEN_PUNCT && norm_is(&c->t[i], s);
}

static bool
adjacent(const ctx *c, size_t i, size_t j)
{
	return j < c->n && c->t[i].span.end == c->t[j].span.start;
}

/* A NUMBER token made of plain digits; returns its value or -1. */
static long
plain_int(const ctx *c, size_t i, int *ndig)
{
	if (i >= c->n || c->t[i].kind != TEXT_TOKEN_NUMBER) {
		return -1;
	}
	const text_token *t = &c->t[i];
	if (t->norm_len == 0 || t->norm_len > 9) {
		return -1;
	}
	long v = 0;
	for (size_t k = 0; k < t->norm_len; k++) {
		char ch = t->norm[k];
		if (ch < '0' || ch > '9') {
			return -1;
		}
		v = v * 10 + (ch - '0');
	}
	if (ndig != NULL) {
		*ndig = (int) t->norm_len;
	}
	return v;
}

/* Future tense for the weekday at token i: سوف, or a verb with the future
 * prefix سـ (سيعقد, ستكون, سنعزز) earlier in its sentence. Only words
 * before i count: in "قال الوزير الثلاثاء إن بلاده ستواصل" the weekday
 * belongs to the past reporting verb, not to the reported future. Words that
 * merely start with س + ي/ت/ن (سيطرة, سنوات, ستة) are listed as "notfuture"
 * prefixes in relative.tsv. The modifiers المقبل / القادم count too. News
 * reports the past, so no marker means past; a present-tense announcement
 * ("تجتمع الدول الأربعاء") therefore resolves to the most recent such day,
 * which is the publication day itself when they coincide. */
static bool
sentence_is_future(const ctx *c, size_t i)
{
	uint32_t s = c->t[i].sentence;
	size_t a = i;
	while (a > 0 && c->t[a - 1].sentence == s) {
		a--;
	}
	for (size_t j = a; j < c->n && c->t[j].sentence == s && j < i; j++) {
		const text_token *t = &c->t[j];
		const tokinfo *ti = &c->ti[j];
		if (t->kind != TEXT_TOKEN_WORD) {
			continue;
		}
		if (ti->e != NULL && (ti->e->roles & EX_R_REL)) {
			if (ti->e->rel_kind == EX_REL_FUTURE ||
			    (ti->e->rel_kind == EX_REL_MOD && ti->e->rel_arg > 0)) {
				return true;
			}
		}
		const char *w = t->norm;
		size_t len = t->norm_len;
		if (starts_with(w, len, "و") || starts_with(w, len, "ف")) {
			w += 2;
			len -= 2;
		}
		if (len < 8 || !starts_with(w, len, "س")) {
			continue;
		}
		if (!(starts_with(w + 2, len - 2, "ي") || starts_with(w + 2, len - 2, "ت") ||
			starts_with(w + 2, len - 2, "ن"))) {
			continue;
		}
		bool excluded = false;
		for (size_t k = 4; k <= len && k <= 10; k += 2) {
			const extract__entry *e = extract__find(c->lex, w, k);
			if (e != NULL && (e->roles & EX_R_REL) && e->rel_kind == EX_REL_NOTFUT) {
				excluded = true;
				break;
			}
		}
		if (!excluded) {
			return true;
		}
	}
	return false;
}

/* ---------- dates ---------- */

enum {
	DK_ABS = 0,   /* fully known */
	DK_NOYEAR,    /* day/month known, year from the publication date */
	DK_DAYOFF,    /* publication date + n days */
	DK_WEEKDAY,   /* a weekday relative to an anchor */
	DK_MONTHREL,  /* publication month + n */
	DK_YEARREL,   /* publication year + n */
	DK_SEASONREL, /* season of the publication year (+ modifier) */
	DK_ANAPHOR,   /* "ذلك العام": the year of the last absolute date */
};

typedef struct {
	extract_date d;
	uint8_t kind;
	int8_t arg;      /* day offset / weekday / month offset / season */
	int8_t dir;      /* -1 past, 0 nearest/current, +1 future */
	bool anchored;   /* weekday after an explicit date in its sentence */
	extract_ymd anchor;
	size_t first_tok;
	size_t end_tok;  /* exclusive */
	bool dropped;
	int8_t day_from; /* "بين 13 و19 نيسان": first day of a day range, else 0 */
} date_cand;

typedef struct {
	date_cand *v;
	size_t n, cap;
	bool oom;
} cand_vec;

static void
cand_push(cand_vec *cv, const date_cand *d)
{
	if (cv->n == cv->cap) {
		size_t nc = cv->cap ? cv->cap * 2 : 16;
		date_cand *nv = realloc(cv->v, nc * sizeof(*nv));
		if (nv == NULL) {
			cv->oom = true;
			return;
		}
		cv->v = nv;
		cv->cap = nc;
	}
	cv->v[cv->n++] = *d;
}

/* Month name at i, with an optional paired name: "يوليو/تموز", "أيار/مايو",
 * "ديسمبر (كانون الأول)". Returns the month of the first name (both name the
 * same month in practice) and sets *end past the last token used. */
static int
month_at(const ctx *c, size_t i, int *cal, size_t *end)
{
	size_t nt = 0;
	const extract__entry *e = match(c, i, EX_R_MONTH, &nt);
	if (e == NULL || c->t[i].kind != TEXT_TOKEN_WORD) {
		return 0;
	}
	size_t j = i + nt;
	size_t nt2 = 0;
	if (is_punct(c, j, "/") && same_sentence(c, i, j + 1)) {
		const extract__entry *e2 = match(c, j + 1, EX_R_MONTH, &nt2);
		if (e2 != NULL && e2->month_cal == e->month_cal) {
			j = j + 1 + nt2;
		}
	} else if (is_punct(c, j, "(") && same_sentence(c, i, j + 1)) {
		const extract__entry *e2 = match(c, j + 1, EX_R_MONTH, &nt2);
		if (e2 != NULL && e2->month_cal == e->month_cal && is_punct(c, j + 1 + nt2, ")")) {
			j = j + 2 + nt2;
		}
	}
	*cal = e->month_cal;
	*end = j;
	return e->month;
}

/* A Gregorian year (1900..2100) at i, with an optional "م" (ميلادي) after. */
static int
gyear_at(const ctx *c, size_t i, size_t *end)
{
	int nd = 0;
	long y = plain_int(c, i, &nd);
	if (nd != 4 || y < 1900 || y > 2100) {
		return 0;
	}
	*end = i + 1;
	size_t nt;
	if (same_sentence(c, i, i + 1) && rel_at(c, i + 1, EX_REL_AD, &nt)) {
		*end = i + 1 + nt;
	}
	return (int) y;
}

static int
hyear_at(const ctx *c, size_t i, size_t *end)
{
	int nd = 0;
	long y = plain_int(c, i, &nd);
	if (nd != 4 || y < 1300 || y > 1500) {
		return 0;
	}
	*end = i + 1;
	size_t nt;
	if (same_sentence(c, i, i + 1) && rel_at(c, i + 1, EX_REL_HIJRI, &nt)) {
		*end = i + 1 + nt;
	}
	return (int) y;
}

/* "عام", "لعام", "العام", "السنة" before a year: part of the date's span. */
static bool
year_noun_at(const ctx *c, size_t i, size_t *ntok)
{
	size_t nt = 0;
	const extract__entry *e = match(c, i, EX_R_REL, &nt);
	if (e != NULL && ((e->rel_kind == EX_REL_YEARMARK && e->rel_arg == 1) ||
			     e->rel_kind == EX_REL_HYEAR)) {
		*ntok = nt;
		return true;
	}
	return false;
}

/* Token after a date that must not be a count noun ("2014 مقاتل" is not a
 * date). */
static bool
unit_follows(const ctx *c, size_t j)
{
	size_t nt;
	return j < c->n && match(c, j, EX_R_UNIT, &nt) != NULL;
}

static void
span_set(const ctx *c, extract_date *d, size_t a, size_t b_excl)
{
	d->span.start = c->t[a].span.start;
	d->span.end = c->t[b_excl - 1].span.end;
	d->sentence = c->t[a].sentence;
}

static void
mark_used(ctx *c, size_t a, size_t b_excl)
{
	for (size_t k = a; k < b_excl && k < c->n; k++) {
		c->used[k] = 1;
	}
}

/* Optional modifier after a date: الحالي/الجاري (0), الماضي (-1), المقبل
 * (+1). Returns tokens used (0 if none). */
static size_t
mod_at(const ctx *c, size_t j, size_t from, int *dir)
{
	size_t nt = 0;
	const extract__entry *e;
	if (same_sentence(c, from, j) && (e = rel_at(c, j, EX_REL_MOD, &nt)) != NULL) {
		*dir = e->rel_arg;
		return nt;
	}
	return 0;
}

/* Day-month-year family at i (i is the day number or a month name).
 * Returns tokens consumed or 0. */
static size_t
date_dmy(ctx *c, size_t i, size_t span_from, date_cand *out)
{
	date_cand d;
	memset(&d, 0, sizeof(d));
	int nd = 0;
	long day = plain_int(c, i, &nd);
	size_t j = i;
	int cal = 0;
	size_t mend = 0;
	int month = 0;

	/* numeric: d/m/y, d-m-y, y-m-d, with a month name allowed in the middle
	 * ("30/نوفمبر/2016"); the tokens must touch. */
	if (day >= 0 && nd <= 4 && adjacent(c, i, i + 1) &&
	    (is_punct(c, i + 1, "/") || is_punct(c, i + 1, "-") || is_punct(c, i + 1, "."))) {
		const char *sep = c->t[i + 1].norm;
		size_t k = i + 2;
		int nd3 = 0;
		long mid = plain_int(c, k, NULL);
		size_t kend = k + 1;
		int mcal = 0;
		if (mid < 0 && c->t[k < c->n ? k : i].kind == TEXT_TOKEN_WORD && k < c->n) {
			size_t me = 0;
			int mm = month_at(c, k, &mcal, &me);
			if (mm > 0 && mcal == 'g') {
				mid = mm;
				kend = me;
			}
		}
		if (mid > 0 && adjacent(c, i + 1, k) && adjacent(c, kend - 1, kend) &&
		    kend < c->n && norm_is(&c->t[kend], sep) && adjacent(c, kend, kend + 1)) {
			long last = plain_int(c, kend + 1, &nd3);
			int y = 0, m = 0, dd = 0;
			if (nd == 4 && nd3 <= 2) {
				y = (int) day, m = (int) mid, dd = (int) last;
			} else if (nd <= 2 && nd3 == 4) {
				y = (int) last, m = (int) mid, dd = (int) day;
			}
			size_t hend = 0, hn = 0;
			if (y >= 1300 && y <= 1500 && m >= 1 && m <= 12 && dd >= 1 && dd <= 30 &&
			    mid == m && hijri_to_gregorian(y, m, dd, &d.d.date)) {
				/* "1437/9/15 هـ": a year in 1300..1500 can only be Hijri */
				hend = kend + 2;
				if (same_sentence(c, i, hend) && rel_at(c, hend, EX_REL_HIJRI, &hn)) {
					hend += hn;
				}
				d.d.hijri = true;
				d.d.precision = EXTRACT_PREC_DAY;
				d.kind = DK_ABS;
				span_set(c, &d.d, span_from, hend);
				*out = d;
				return hend - span_from;
			}
			if (y >= 1900 && y <= 2100 && valid_ymd(y, m, dd)) {
				size_t end = kend + 2;
				d.d.date = (extract_ymd){(int16_t) y, (int8_t) m, (int8_t) dd};
				d.d.precision = EXTRACT_PREC_DAY;
				d.kind = DK_ABS;
				span_set(c, &d.d, span_from, end);
				*out = d;
				return end - span_from;
			}
		}
		return 0;
	}

	size_t nt0 = 0;
	const extract__entry *ord = NULL;
	size_t after_day = i + 1;
	if (day < 0 && (ord = rel_at(c, i, EX_REL_DAYORD, &nt0)) != NULL) {
		/* "في الخامس عشر من أغسطس 2014": an ordinal day needs من + month */
		if (!same_sentence(c, i, i + nt0 + 1) || !norm_is(&c->t[i + nt0], "من")) {
			return 0;
		}
		day = ord->rel_arg;
		nd = 2;
		after_day = i + nt0;
	}
	if (day >= 1 && day <= 31 && nd <= 2) {
		if (!same_sentence(c, i, after_day)) {
			return 0;
		}
		month = month_at(c, after_day, &cal, &mend);
		if (month == 0 && norm_is(&c->t[after_day], "من") && same_sentence(c, i, after_day + 1)) {
			/* "20 من يوليو" */
			month = month_at(c, after_day + 1, &cal, &mend);
			size_t hn = 0;
			const extract__entry *head;
			if (month == 0 && (head = rel_at(c, after_day + 1, EX_REL_HMONTH, &hn)) != NULL) {
				/* "في الـ20 من الشهر الجاري": a day of a relative month */
				size_t q = after_day + 1 + hn;
				int dir = 9;
				size_t mn = mod_at(c, q, i, &dir);
				if (mn == 0 || dir == 9) {
					return 0;
				}
				d.kind = DK_MONTHREL;
				d.dir = (int8_t) dir;
				d.d.date.day = (int8_t) day;
				d.d.precision = EXTRACT_PREC_DAY;
				d.d.relative = true;
				span_set(c, &d.d, span_from, q + mn);
				*out = d;
				return q + mn - span_from;
			}
		}
		if (month == 0) {
			return 0;
		}
		j = mend;
	} else if (day < 0) {
		month = month_at(c, i, &cal, &mend);
		if (month == 0) {
			return 0;
		}
		day = 0;
		j = mend;
	} else {
		return 0;
	}

	if (cal == 'h') {
		size_t yend = 0;
		int y = same_sentence(c, i, j) ? hyear_at(c, j, &yend) : 0;
		if (y == 0) {
			/* a Hijri month without a Hijri year is too ambiguous (صفر is
			 * also "zero", رجب a first name) */
			return 0;
		}
		extract_ymd g;
		if (!hijri_to_gregorian(y, month, day > 0 ? (int) day : 1, &g)) {
			return 0;
		}
		d.d.date = g;
		d.d.hijri = true;
		d.d.precision = day > 0 ? EXTRACT_PREC_DAY : EXTRACT_PREC_MONTH;
		if (day == 0) {
			d.d.date.day = 0;
		}
		d.kind = DK_ABS;
		span_set(c, &d.d, span_from, yend);
		*out = d;
		return yend - span_from;
	}

	/* year: directly, or after عام/العام/سنة ("9 ديسمبر عام 2018") */
	size_t yend = 0;
	int y = 0;
	if (same_sentence(c, i, j)) {
		y = gyear_at(c, j, &yend);
		size_t nt;
		if (y == 0 && year_noun_at(c, j, &nt)) {
			y = gyear_at(c, j + nt, &yend);
		}
	}
	if (y != 0 && unit_follows(c, yend)) {
		y = 0;
	}
	if (y != 0) {
		if (day > 0 && !valid_ymd(y, month, (int) day)) {
			return 0;
		}
		d.d.date = (extract_ymd){(int16_t) y, (int8_t) month, (int8_t) day};
		d.d.precision = day > 0 ? EXTRACT_PREC_DAY : EXTRACT_PREC_MONTH;
		d.kind = DK_ABS;
		span_set(c, &d.d, span_from, yend);
		*out = d;
		return yend - span_from;
	}
	/* no year: resolved against the publication date */
	int dir = 2; /* nearest */
	size_t mn = mod_at(c, j, i, &dir);
	if (day == 0 && span_from == i && mn == 0) {
		/* a month name alone needs a preposition or period word before it
		 * ("في ديسمبر", "مطلع يناير") or a paired spelling: آب/أيار alone are
		 * also ordinary words */
		bool ok = j > i + 1;
		size_t nt;
		if (i > 0 && same_sentence(c, i - 1, i) && rel_at(c, i - 1, EX_REL_YEARMARK, &nt)) {
			ok = true;
		}
		if (!ok) {
			return 0;
		}
	}
	j += mn;
	d.d.date = (extract_ymd){0, (int8_t) month, (int8_t) day};
	d.d.precision = day > 0 ? EXTRACT_PREC_DAY : EXTRACT_PREC_MONTH;
	d.d.relative = true;
	d.kind = DK_NOYEAR;
	d.dir = (int8_t) dir;
	span_set(c, &d.d, span_from, j);
	*out = d;
	return j - span_from;
}

/* Season: "خريف 2014", "صيف عام 2014", "هذا الخريف", "الخريف المقبل".
 * Meteorological seasons: spring = Mar-May, summer = Jun-Aug, autumn =
 * Sep-Nov, winter = Dec of the year through Feb of the next. date = first
 * month, end = last month. */
static void
season_fill(extract_date *d, int y, int season)
{
	int m0 = 3 + season * 3;
	d->date = (extract_ymd){(int16_t) y, (int8_t) m0, 0};
	int ey = y, em = m0 + 2;
	if (em > 12) {
		em -= 12;
		ey++;
	}
	d->end = (extract_ymd){(int16_t) ey, (int8_t) em, 0};
	d->precision = EXTRACT_PREC_SEASON;
}

/* Tries every date form at token i. Returns tokens consumed (0 if none). */
static size_t
date_at(ctx *c, size_t i, date_cand *out)
{
	date_cand d;
	memset(&d, 0, sizeof(d));
	size_t nt = 0;
	size_t j = i;
	const extract__entry *e;

	/* leading words: اليوم / أمس, يوم, weekday, comma: "اليوم الأربعاء 30
	 * نوفمبر 2016", "الأربعاء 20 يوليو/تموز 2016" */
	const extract__entry *dayrel = NULL, *wd = NULL, *period = NULL;
	if ((e = rel_at(c, j, EX_REL_DAY, &nt)) != NULL) {
		/* "اليوم التالي", "اليوم الوطني", "غدا التنظيم أضعف" (the verb
		 * "became"): a definite word after it that is not a weekday makes
		 * it an ordinary noun or verb */
		size_t nx = j + nt;
		size_t wn = 0;
		if (same_sentence(c, j, nx) && c->t[nx].kind == TEXT_TOKEN_WORD &&
		    c->t[nx].norm_len > 6 && /* not إلى/إلا, normalised الي/الا */
		    starts_with(c->t[nx].norm, c->t[nx].norm_len, "ال") &&
		    !rel_at(c, nx, EX_REL_WEEKDAY, &wn)) {
			return 0;
		}
		dayrel = e;
		j += nt;
	}
	if (same_sentence(c, i, j) && rel_at(c, j, EX_REL_DAYWORD, &nt) &&
	    same_sentence(c, i, j + nt) && rel_at(c, j + nt, EX_REL_WEEKDAY, &nt)) {
		j += 1;
	}
	if (same_sentence(c, i, j) && (e = rel_at(c, j, EX_REL_WEEKDAY, &nt)) != NULL) {
		wd = e;
		j += nt;
	}
	if ((e = rel_at(c, j, EX_REL_PERIOD, &nt)) != NULL && j == i) {
		period = e;
		j += nt;
	}
	size_t k = j;
	if ((dayrel || wd) && is_punct(c, k, ",")) {
		k++;
	}
	if (same_sentence(c, i, k) && k < c->n) {
		size_t used = date_dmy(c, k, i, &d);
		if (used > 0) {
			*out = d;
			return used;
		}
	}
	/* "اليوم الأربعاء" style without a date: relative day */
	if (dayrel != NULL || wd != NULL) {
		size_t end = j;
		if (dayrel != NULL) {
			d.kind = DK_DAYOFF;
			d.arg = dayrel->rel_arg;
		} else {
			d.kind = DK_WEEKDAY;
			d.arg = wd->rel_arg;
			int dir = -1;
			size_t mn = mod_at(c, end, i, &dir);
			end += mn;
			if (mn == 0) {
				dir = sentence_is_future(c, i) ? 1 : -1;
			}
			d.dir = (int8_t) dir;
		}
		d.d.precision = EXTRACT_PREC_DAY;
		d.d.relative = true;
		span_set(c, &d.d, i, end);
		*out = d;
		return end - i;
	}
	/* [period] [هذا] head [modifier] */
	{
		size_t p = j;
		bool this_ = false, that_ = false;
		if (rel_at(c, p, EX_REL_THIS, &nt) && same_sentence(c, i, p + nt)) {
			this_ = true;
			p += nt;
		} else if (rel_at(c, p, EX_REL_THAT, &nt) && same_sentence(c, i, p + nt)) {
			that_ = true;
			p += nt;
		}
		const extract__entry *head = NULL;
		size_t hn = 0;
		if ((head = rel_at(c, p, EX_REL_HMONTH, &hn)) == NULL &&
		    (head = rel_at(c, p, EX_REL_HYEAR, &hn)) == NULL) {
			head = rel_at(c, p, EX_REL_SEASON, &hn);
		}
		if (head != NULL && (p == i || same_sentence(c, i, p))) {
			size_t q = p + hn;
			/* season/year head followed by a year: absolute */
			size_t yend = 0;
			size_t nt2 = 0;
			int y = 0;
			/* "ذلك العام", "العام نفسه", "منتصف الشهر ذاته": the year
			 * (month) of the date mentioned last */
			size_t tn = 0;
			if (!that_ && !this_ && same_sentence(c, i, q) && rel_at(c, q, EX_REL_THAT, &tn)) {
				that_ = true;
				q += tn;
			}
			if (that_) {
				if (head->rel_kind == EX_REL_SEASON) {
					return 0;
				}
				d.kind = DK_ANAPHOR;
				d.arg = head->rel_kind == EX_REL_HMONTH ? 1 : 0;
				d.d.precision = d.arg ? EXTRACT_PREC_MONTH : EXTRACT_PREC_YEAR;
				d.d.relative = true;
				span_set(c, &d.d, i, q);
				*out = d;
				return q - i;
			}
			if (!this_ && same_sentence(c, i, q)) {
				y = gyear_at(c, q, &yend);
				if (y == 0 && head->rel_kind == EX_REL_SEASON && year_noun_at(c, q, &nt2)) {
					y = gyear_at(c, q + nt2, &yend);
				}
				if (y != 0 && unit_follows(c, yend)) {
					y = 0;
				}
			}
			if (y != 0 && head->rel_kind != EX_REL_HMONTH) {
				if (head->rel_kind == EX_REL_SEASON) {
					season_fill(&d.d, y, head->rel_arg);
				} else {
					d.d.date = (extract_ymd){(int16_t) y, 0, 0};
					d.d.precision = EXTRACT_PREC_YEAR;
				}
				d.kind = DK_ABS;
				span_set(c, &d.d, i, yend);
				*out = d;
				return yend - i;
			}
			int dir = 9;
			size_t mn = mod_at(c, q, i, &dir);
			if (mn == 0 && this_) {
				dir = 0;
			}
			if (mn == 0 && !this_ && period != NULL && head->rel_kind != EX_REL_SEASON) {
				dir = 0; /* "أواخر الشهر" = this month */
			}
			if (dir != 9) {
				size_t end = q + mn;
				d.arg = head->rel_arg;
				d.dir = (int8_t) dir;
				d.d.relative = true;
				if (head->rel_kind == EX_REL_HMONTH) {
					d.kind = DK_MONTHREL;
					d.d.precision = EXTRACT_PREC_MONTH;
				} else if (head->rel_kind == EX_REL_HYEAR) {
					d.kind = DK_YEARREL;
					d.d.precision = EXTRACT_PREC_YEAR;
				} else {
					d.kind = DK_SEASONREL;
					d.d.precision = EXTRACT_PREC_SEASON;
				}
				span_set(c, &d.d, i, end);
				*out = d;
				return end - i;
			}
		}
	}
	/* a Hijri year with its mark: "عام 1437 هـ" is the Gregorian year of
	 * its first day, ending in the year of its last day */
	{
		size_t q = i, hn = 0, yn = 0;
		if (year_noun_at(c, q, &yn)) {
			q += yn;
		}
		int nd = 0;
		long hy = plain_int(c, q, &nd);
		if (nd == 4 && hy >= 1300 && hy <= 1500 && same_sentence(c, i, q + 1) &&
		    rel_at(c, q + 1, EX_REL_HIJRI, &hn)) {
			extract_ymd g0, g1;
			if (hijri_to_gregorian((int) hy, 1, 1, &g0) && hijri_to_gregorian((int) hy, 12, 29, &g1)) {
				d.d.date = (extract_ymd){g0.year, 0, 0};
				d.d.end = (extract_ymd){g1.year, 0, 0};
				d.d.precision = EXTRACT_PREC_YEAR;
				d.d.hijri = true;
				d.kind = DK_ABS;
				span_set(c, &d.d, i, q + 1 + hn);
				*out = d;
				return q + 1 + hn - i;
			}
		}
	}
	/* year alone after a marker: "في 2014", "عام 2014", "منذ 2014",
	 * "مطلع 2015"; never when a count noun follows ("2014 مقاتل"). */
	if ((e = rel_at(c, i, EX_REL_YEARMARK, &nt)) != NULL ||
	    (e = rel_at(c, i, EX_REL_PERIOD, &nt)) != NULL) {
		size_t q = i + nt;
		size_t from = i;
		/* "منذ العام 2014", "في عام 2014" */
		size_t nt2 = 0;
		if (same_sentence(c, i, q) && year_noun_at(c, q, &nt2)) {
			from = q;
			q += nt2;
		} else if (e->rel_kind == EX_REL_YEARMARK && e->rel_arg == 0) {
			from = q; /* a preposition stays out of the span */
		}
		if (e->rel_kind == EX_REL_PERIOD) {
			from = i;
		}
		/* "في 2019/7/1": a full date after the marker */
		if (same_sentence(c, i, q) && q < c->n) {
			size_t used = date_dmy(c, q, q, &d);
			if (used > 0) {
				*out = d;
				return q + used - i;
			}
		}
		size_t yend = 0;
		int y = same_sentence(c, i, q) ? gyear_at(c, q, &yend) : 0;
		if (y != 0 && !unit_follows(c, yend) && !is_punct(c, yend, "%")) {
			d.d.date = (extract_ymd){(int16_t) y, 0, 0};
			d.d.precision = EXTRACT_PREC_YEAR;
			d.kind = DK_ABS;
			span_set(c, &d.d, from, yend);
			*out = d;
			return yend - i;
		}
	}
	return 0;
}

static void
resolve(date_cand *d, extract_ymd pub)
{
	int py = pub.year, pm = pub.month ? pub.month : 6, pday = pub.day ? pub.day : 15;
	long pdays = days_from_civil(py, pm, pday);
	switch (d->kind) {
	case DK_DAYOFF:
		d->d.date = civil_from_days(pdays + d->arg);
		break;
	case DK_WEEKDAY: {
		long base = pdays;
		int dir = d->dir;
		if (d->anchored) {
			base = days_from_civil(d->anchor.year, d->anchor.month, d->anchor.day);
			dir = 1;
		}
		int w = weekday_of(base);
		long delta;
		if (dir > 0) {
			delta = (d->arg - w + 7) % 7;
			if (d->anchored && delta == 0) {
				delta = 0;
			}
		} else {
			delta = -(long) ((w - d->arg + 7) % 7);
		}
		d->d.date = civil_from_days(base + delta);
		break;
	}
	case DK_MONTHREL: {
		int off = d->dir;
		int m = pm + off, y = py;
		while (m < 1) {
			m += 12;
			y--;
		}
		while (m > 12) {
			m -= 12;
			y++;
		}
		int day = d->d.date.day;
		if (day > 0 && !valid_ymd(y, m, day)) {
			d->d.precision = EXTRACT_PREC_NONE; /* "31 من الشهر المقبل" in April */
		}
		d->d.date = (extract_ymd){(int16_t) y, (int8_t) m, (int8_t) day};
		break;
	}
	case DK_YEARREL:
		d->d.date = (extract_ymd){(int16_t) (py + d->dir), 0, 0};
		break;
	case DK_SEASONREL: {
		/* season containing the publication date if "this"; "الماضي" the
		 * last one that has ended, "المقبل" the next one to start */
		int s = d->arg;
		int y = py;
		int start = 3 + s * 3; /* 3,6,9,12 */
		long sdays = days_from_civil(y, start, 1);
		if (d->dir < 0) {
			while (days_from_civil(y + (start + 3 > 12), (start + 2) % 12 + 1, 1) > pdays) {
				y--;
			}
		} else if (d->dir > 0) {
			while (sdays <= pdays) {
				y++;
				sdays = days_from_civil(y, start, 1);
			}
		} else if (s == 3 && pm <= 2) {
			y--; /* this winter, in January, began last December */
		}
		season_fill(&d->d, y, s);
		break;
	}
	case DK_NOYEAR: {
		int m = d->d.date.month, day = d->d.date.day;
		int y = py;
		if (d->dir == 0) {
			y = py;
		} else {
			/* the occurrence nearest the publication date (mid-month for a
			 * month), unless الماضي / المقبل says which side */
			long best = 0;
			int besty = py;
			bool have = false;
			for (int cy = py - 1; cy <= py + 1; cy++) {
				int dd = day ? day : 15;
				if (!valid_ymd(cy, m, dd)) {
					continue;
				}
				long diff = days_from_civil(cy, m, dd) - pdays;
				if (d->dir == -1 && diff > 0) {
					continue;
				}
				if (d->dir == 1 && diff < 0) {
					continue;
				}
				long ad = labs(diff);
				if (!have || ad < best) {
					best = ad;
					besty = cy;
					have = true;
				}
			}
			y = besty;
		}
		if (day > 0 && !valid_ymd(y, m, day)) {
			d->d.precision = EXTRACT_PREC_NONE;
		}
		d->d.date = (extract_ymd){(int16_t) y, (int8_t) m, (int8_t) day};
		break;
	}
	default:
		break;
	}
}

static int
ymd_cmp(extract_ymd a, extract_ymd b)
{
	if (a.year != b.year) {
		return a.year < b.year ? -1 : 1;
	}
	if (a.month != b.month) {
		return a.month < b.month ? -1 : 1;
	}
	if (a.day != b.day) {
		return a.day < b.day ? -1 : 1;
	}
	return 0;
}

/* A dateline: a day date at the very start of the text, or on a short line
 * of its own ("الأربعاء 30/نوفمبر/2016 - 05:25 م", "بغداد - (أ ف ب) -
 * الأحد 10 كانون الأول/ديسمبر 2017"). Other dates on the same line do not
 * count against its length ("الثلاثاء 1437/9/15 هـ الموافق 20 يونيو 2016"). */
static bool
is_dateline(const ctx *c, const date_cand *all, size_t n_all, const extract_date *d)
{
	size_t a = d->span.start, b = d->span.end;
	size_t ls = a, le = b;
	while (ls > 0 && c->bytes[ls - 1] != '\n') {
		ls--;
	}
	while (le < c->n_bytes && c->bytes[le] != '\n') {
		le++;
	}
	size_t lead = 0;
	for (size_t k = 0; k < a; k++) {
		unsigned char ch = (unsigned char) c->bytes[k];
		if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') {
			lead++;
		}
	}
	if (lead == 0) {
		return true;
	}
	size_t rest = (a - ls) + (le - b);
	for (size_t k = 0; k < n_all; k++) {
		const extract_date *o = &all[k].d;
		if (o != d && o->span.start >= ls && o->span.end <= le) {
			size_t l = o->span.end - o->span.start;
			rest = rest > l ? rest - l : 0;
		}
	}
	return rest <= 40;
}

/* A day range before a day date: "بين 13 و19 نيسان", "من 13 إلى 19
 * أبريل", "13-19 أبريل 2018". The date then runs from the first day
 * (date) to the stated one (end); the span takes the whole range. */
static void
day_range_extend(ctx *c, date_cand *d)
{
	size_t i = d->first_tok;
	if (d->d.precision != EXTRACT_PREC_DAY || (d->kind != DK_ABS && d->kind != DK_NOYEAR) ||
	    d->d.hijri || i < 2) {
		return;
	}
	int nd = 0;
	long d2 = plain_int(c, i, &nd);
	if (d2 < 2 || d2 > 31 || nd > 2) {
		return;
	}
	size_t j = i - 1; /* the joiner */
	size_t nt = 0;
	bool dash = is_punct(c, j, "-") && adjacent(c, j, i) && adjacent(c, j - 1, j);
	bool wa = c->t[j].kind == TEXT_TOKEN_WORD && norm_is(&c->t[j], "و");
	const extract__entry *to = c->ti[j].e;
	bool to_word = to != NULL && (to->roles & EX_R_QUAL) && to->qual_kind == EX_Q_TO;
	if (!(dash || wa || to_word) || !same_sentence(c, j - 1, i) || c->used[j] || c->used[j - 1]) {
		return;
	}
	long d1 = plain_int(c, j - 1, &nd);
	if (d1 < 1 || d1 >= d2 || nd > 2) {
		return;
	}
	size_t start = j - 1;
	if (start > 0 && same_sentence(c, start - 1, start) && !c->used[start - 1]) {
		const extract__entry *q = match(c, start - 1, EX_R_QUAL, &nt);
		if (q != NULL && nt == 1 &&
		    ((wa && q->qual_kind == EX_Q_BETWEEN) || (to_word && q->qual_kind == EX_Q_FROM))) {
			start--;
		}
	}
	if (wa && start == j - 1) {
		return; /* "13 و19 نيسان" without بين: two things, not a range */
	}
	d->day_from = (int8_t) d1;
	d->d.span.start = c->t[start].span.start;
	d->first_tok = start;
	mark_used(c, start, i);
}

static void
dates_pass(ctx *c, extract_ymd *pub, extract_date_source *pub_src, bool have_pub)
{
	cand_vec cv = {0};
	for (size_t i = 0; i < c->n; i++) {
		if (c->used[i]) {
			continue;
		}
		if (!may_start(c, i, EX_R_REL | EX_R_MONTH)) {
			continue;
		}
		date_cand d;
		size_t used = date_at(c, i, &d);
		if (used == 0) {
			continue;
		}
		d.first_tok = i;
		d.end_tok = i + used;
		d.dropped = false;
		mark_used(c, i, i + used);
		day_range_extend(c, &d);
		cand_push(&cv, &d);
		i += used - 1;
		/* "عامي 2014 و2015", "بين 2014 و2016": the second year is a
		 * date too */
		size_t yend = 0;
		int y2;
		if (d.kind == DK_ABS && d.d.precision == EXTRACT_PREC_YEAR && same_sentence(c, i, i + 2) &&
		    c->t[i + 1].kind == TEXT_TOKEN_WORD && norm_is(&c->t[i + 1], "و") &&
		    (y2 = gyear_at(c, i + 2, &yend)) != 0 && !unit_follows(c, yend)) {
			date_cand d2 = d;
			d2.d.date = (extract_ymd){(int16_t) y2, 0, 0};
			span_set(c, &d2.d, i + 2, yend);
			d2.first_tok = i + 2;
			d2.end_tok = yend;
			mark_used(c, i + 1, yend);
			cand_push(&cv, &d2);
			i = yend - 1;
		}
	}
	if (cv.oom) {
		c->r->oom = true;
	}
	if (!have_pub) {
		/* a dateline, else the latest absolute date */
		bool found = false;
		for (size_t k = 0; k < cv.n; k++) {
			const date_cand *d = &cv.v[k];
			if (d->kind == DK_ABS && d->d.precision == EXTRACT_PREC_DAY &&
			    is_dateline(c, cv.v, cv.n, &d->d)) {
				*pub = d->d.date;
				*pub_src = EXTRACT_SRC_DATELINE;
				found = true;
				break;
			}
		}
		/* the latest day date; only without any, the latest month, then
		 * the latest year ("في 2020" must not outrank "14 نوفمبر 2019") */
		static const uint8_t by_prec[] = {EXTRACT_PREC_DAY, EXTRACT_PREC_MONTH, EXTRACT_PREC_YEAR};
		bool dateline = found;
		for (size_t pi = 0; pi < sizeof(by_prec) && !found; pi++) {
			for (size_t k = 0; k < cv.n; k++) {
				const date_cand *d = &cv.v[k];
				if (d->kind != DK_ABS || d->d.precision != by_prec[pi]) {
					continue;
				}
				extract_ymd v = d->d.date;
				if (!found || ymd_cmp(v, *pub) > 0) {
					*pub = v;
					found = true;
				}
			}
		}
		if (!dateline) {
			*pub_src = found ? EXTRACT_SRC_INFERRED : EXTRACT_SRC_NONE;
			if (!found) {
				*pub = (extract_ymd){0, 0, 0};
			}
		}
	}
	/* anchors: a bare weekday after an explicit day date in the same
	 * sentence counts from that date ("الأربعاء 20 يوليو 2016، والخميس") */
	for (size_t k = 0; k < cv.n; k++) {
		date_cand *d = &cv.v[k];
		if (d->kind != DK_WEEKDAY) {
			continue;
		}
		for (size_t m = k; m-- > 0;) {
			const date_cand *p = &cv.v[m];
			if (p->d.sentence != d->d.sentence) {
				break;
			}
			if (p->kind == DK_ABS && p->d.precision == EXTRACT_PREC_DAY) {
				d->anchored = true;
				d->anchor = p->d.date;
				break;
			}
		}
	}
	/* "في ذلك العام": the year of the last absolute date before it.
	 * "في 9 ديسمبر" right after "ديسمبر 2017" (same month, within two
	 * sentences): the year of that mention, not of the publication. */
	for (size_t k = 0; k < cv.n; k++) {
		date_cand *d = &cv.v[k];
		if (!(d->kind == DK_NOYEAR && d->dir == 2)) {
			continue;
		}
		for (size_t m = k; m-- > 0;) {
			const date_cand *p = &cv.v[m];
			if (p->kind != DK_ABS || p->d.date.year == 0) {
				continue;
			}
			if (p->d.sentence + 2 < d->d.sentence) {
				break;
			}
			if (p->d.date.month == d->d.date.month && p->d.precision <= EXTRACT_PREC_MONTH &&
			    p->d.precision >= EXTRACT_PREC_DAY &&
			    (d->d.date.day == 0 || valid_ymd(p->d.date.year, d->d.date.month, d->d.date.day))) {
				d->kind = DK_ABS;
				d->d.date.year = p->d.date.year;
				break;
			}
		}
	}
	/* "في فبراير" shortly after a year in its sentence ("خلال العام الجاري،
	 * بعد اجتماعي بروكسل في فبراير", "في عام 2014 ... في يونيو"): that
	 * year. Only a year before it, and close: a year later in a long
	 * sentence usually belongs to another clause. */
	for (size_t k = 0; k < cv.n; k++) {
		date_cand *d = &cv.v[k];
		if (!(d->kind == DK_NOYEAR && d->dir == 2)) {
			continue;
		}
		for (size_t m = k; m-- > 0;) {
			const date_cand *p = &cv.v[m];
			if (p->d.sentence != d->d.sentence || p->end_tok + 15 < d->first_tok) {
				break;
			}
			if (p->d.precision != EXTRACT_PREC_YEAR) {
				continue;
			}
			int y = 0;
			if (p->kind == DK_ABS && p->d.date.year != 0) {
				y = p->d.date.year;
			} else if (p->kind == DK_YEARREL && pub->year != 0) {
				y = pub->year + p->dir;
			}
			if (y != 0 && (d->d.date.day == 0 || valid_ymd(y, d->d.date.month, d->d.date.day))) {
				d->kind = DK_ABS;
				d->d.date.year = (int16_t) y;
				break;
			}
		}
	}
	/* "يوم الخميس المقبل الموافق 15 ديسمبر": the stated date wins and the
	 * weekday joins its span */
	for (size_t k = 0; k + 1 < cv.n; k++) {
		date_cand *w = &cv.v[k], *n = &cv.v[k + 1];
		if (w->kind != DK_WEEKDAY || n->d.precision != EXTRACT_PREC_DAY ||
		    (n->kind != DK_ABS && n->kind != DK_NOYEAR)) {
			continue;
		}
		bool eq = false, other = false;
		for (size_t t = w->end_tok; t < n->first_tok; t++) {
			const extract__entry *e = c->ti[t].e;
			if (e != NULL && (e->roles & EX_R_REL) && e->rel_kind == EX_REL_EQUALS) {
				eq = true;
			} else if (!is_punct(c, t, ",")) {
				other = true;
			}
		}
		if (eq && !other && same_sentence(c, w->first_tok, n->first_tok)) {
			w->dropped = true;
			n->d.span.start = w->d.span.start;
		}
	}
	for (size_t k = 0; k < cv.n; k++) {
		date_cand *d = &cv.v[k];
		if (d->dropped) {
			continue;
		}
		if (d->kind == DK_ANAPHOR) {
			/* the last date already output, relative ones included */
			bool found_ref = false;
			for (size_t m = c->r->n_dates; m-- > 0;) {
				const extract_date *p = &c->r->dates[m];
				if (p->date.year != 0 && (d->arg == 0 || p->date.month != 0)) {
					d->d.date = (extract_ymd){p->date.year, (int8_t) (d->arg ? p->date.month : 0), 0};
					found_ref = true;
					break;
				}
			}
			if (!found_ref) {
				continue; /* nothing to refer to */
			}
			PUSH(c->r, dates, n_dates, cap_dates, d->d);
			continue;
		}
		if (d->kind != DK_ABS) {
			if (pub->year == 0 && !d->anchored) {
				continue;
			}
			resolve(d, *pub);
			if (d->d.precision == EXTRACT_PREC_NONE) {
				continue;
			}
		}
		if (d->day_from > 0 && d->d.precision == EXTRACT_PREC_DAY &&
		    valid_ymd(d->d.date.year, d->d.date.month, d->day_from)) {
			d->d.end = d->d.date;
			d->d.date.day = d->day_from;
		}
		PUSH(c->r, dates, n_dates, cap_dates, d->d);
	}
	free(cv.v);
}

/* ---------- numbers and quantities ---------- */

typedef struct {
	double v;
	uint8_t approx;
	size_t end; /* exclusive token index */
	bool words_only_small; /* a single small number word: needs a unit */
	double scale;          /* the last scale word applied (1000, 1e6 ...), 0 if none */
	double vmax;           /* upper end of a hyphen range ("20-30%"), else v */
} numparse;

static bool
is_scale_class(int cls)
{
	return cls == EX_N_SCALE || cls == EX_N_SCALE2 || cls == EX_N_PSCALE;
}

static const extract__entry *
num_entry(const ctx *c, size_t j)
{
	if (j >= c->n || c->t[j].kind != TEXT_TOKEN_WORD) {
		return NULL;
	}
	const extract__entry *e = c->ti[j].e;
	return (e != NULL && (e->roles & EX_R_NUM)) ? e : NULL;
}

/* Digits with separators. The dot is a decimal point except when exactly
 * three digits follow it and no scale word or percent follows the token
 * ("12.450 غارة" = 12450, "3.5 ملايين" = 3.5e6, "12.5%" = 12.5). A comma
 * followed by groups of exactly three digits groups thousands ("14,000");
 * otherwise it is a decimal comma ("3,5"). */
static bool
parse_digits(const char *s, size_t len, bool scale_or_pct_next, double *out)
{
	size_t ndots = 0, ncommas = 0, last_sep = 0;
	char last_sep_ch = 0;
	for (size_t k = 0; k < len; k++) {
		char ch = s[k];
		if (ch == '.' || ch == ',') {
			if (k == 0 || k + 1 == len) {
				return false;
			}
			if (ch == '.') {
				ndots++;
			} else {
				ncommas++;
			}
			last_sep = k;
			last_sep_ch = ch;
		} else if (ch < '0' || ch > '9') {
			return false;
		}
	}
	char dec = 0; /* the decimal separator, if any */
	if (ndots && ncommas) {
		dec = last_sep_ch;
		if ((dec == '.' ? ndots : ncommas) > 1) {
			return false;
		}
	} else if (ndots == 1 || ncommas == 1) {
		size_t after = len - last_sep - 1;
		char sep = last_sep_ch;
		if (after != 3) {
			dec = sep;
		} else if (sep == '.' && scale_or_pct_next) {
			dec = '.';
		}
	}
	/* grouping separators must sit before groups of three */
	double v = 0, frac = 0, scale = 1;
	bool in_frac = false;
	size_t group = 0;
	bool grouped = false;
	for (size_t k = 0; k < len; k++) {
		char ch = s[k];
		if (ch == dec && dec != 0 && !in_frac) {
			if (grouped && group != 3) {
				return false;
			}
			in_frac = true;
			continue;
		}
		if (ch == '.' || ch == ',') {
			if (grouped && group != 3) {
				return false;
			}
			grouped = true;
			group = 0;
			continue;
		}
		if (in_frac) {
			scale /= 10;
			frac += (ch - '0') * scale;
		} else {
			v = v * 10 + (ch - '0');
			group++;
		}
	}
	if (grouped && !in_frac && group != 3) {
		return false;
	}
	*out = v + frac;
	return true;
}

/* Times, phone numbers and codes are not amounts. */
static bool
numeric_noise(const ctx *c, size_t i)
{
	const text_token *t = &c->t[i];
	if ((i > 0 && adjacent(c, i - 1, i) && is_punct(c, i - 1, ":")) ||
	    (adjacent(c, i, i + 1) && is_punct(c, i + 1, ":"))) {
		return true;
	}
	if (t->norm_len >= 7 && t->norm[0] == '0') {
		return true;
	}
	size_t digits = 0;
	for (size_t k = 0; k < t->norm_len; k++) {
		digits += t->norm[k] >= '0' && t->norm[k] <= '9';
	}
	if (digits > 15) {
		return true;
	}
	if (i > 0 && adjacent(c, i - 1, i) && is_punct(c, i - 1, "+")) {
		return true;
	}
	/* model names and codes: "إف-16", "F-16", "كوفيد-19" */
	if (i >= 2 && adjacent(c, i - 1, i) && is_punct(c, i - 1, "-") && adjacent(c, i - 2, i - 1) &&
	    c->t[i - 2].kind == TEXT_TOKEN_WORD) {
		return true;
	}
	/* the tail of "0912-345-678" or of "45/12/2016" (a chain that was not
	 * a range or a date) */
	if (i >= 2 && adjacent(c, i - 1, i) && (is_punct(c, i - 1, "-") || is_punct(c, i - 1, "/")) &&
	    adjacent(c, i - 2, i - 1) && c->t[i - 2].kind == TEXT_TOKEN_NUMBER) {
		return true;
	}
	/* "0912-345-678": digits glued by hyphens */
	if (adjacent(c, i, i + 1) && is_punct(c, i + 1, "-") && adjacent(c, i + 1, i + 2) &&
	    i + 2 < c->n && c->t[i + 2].kind == TEXT_TOKEN_NUMBER && adjacent(c, i + 2, i + 3) &&
	    is_punct(c, i + 3, "-")) {
		return true;
	}
	return false;
}

static bool
percent_at(const ctx *c, size_t j)
{
	size_t nt;
	const extract__entry *e = match(c, j, EX_R_UNIT, &nt);
	return e != NULL && e->unit_kind == EX_U_PERCENT;
}

/* "القرار رقم 2254", "الساعة 10": the number names or times something. */
static bool
label_before(const ctx *c, size_t k)
{
	if (k == 0 || !same_sentence(c, k - 1, k)) {
		return false;
	}
	const extract__entry *e = c->ti[k - 1].e;
	return e != NULL && (e->roles & EX_R_QUAL) && e->qual_kind == EX_Q_LABEL;
}

/* Parses a number (digits and/or number words) starting at k. */
static bool
number_at(const ctx *c, size_t k, numparse *np)
{
	if (k >= c->n || c->used[k]) {
		return false;
	}
	double total = 0, cur = 0, last_scale = 0;
	int last = 0;
	int last_unit = 0;
	bool vague = false;
	size_t j = k;
	size_t words = 0;
	const text_token *t = &c->t[k];
	memset(np, 0, sizeof(*np));
	if (t->kind == TEXT_TOKEN_NUMBER) {
		if (numeric_noise(c, k)) {
			return false;
		}
		const extract__entry *ne = num_entry(c, k + 1);
		bool next_scale = same_sentence(c, k, k + 1) && ne != NULL &&
		    (is_scale_class(ne->num_class) || ne->num_class == EX_N_HUNDRED);
		bool pct = percent_at(c, k + 1);
		if (!parse_digits(t->norm, t->norm_len, next_scale || pct, &cur)) {
			return false;
		}
		j = k + 1;
		if (next_scale && !c->ti[k + 1].wa && !c->ti[k + 1].definite &&
		    is_scale_class(ne->num_class)) {
			total = cur * ne->num_value;
			last_scale = ne->num_value;
			cur = 0;
			j++;
			/* "1.5 مليون" or "3 ملايين ونصف" */
			const extract__entry *h = num_entry(c, j);
			double rest = 0;
			if (h != NULL && h->num_class == EX_N_HALF && c->ti[j].wa && same_sentence(c, k, j)) {
				total += h->num_value * last_scale;
				j++;
			} else if (same_sentence(c, k, j + 1) && c->t[j].kind == TEXT_TOKEN_WORD &&
			    norm_is(&c->t[j], "و") && adjacent(c, j, j + 1) &&
			    c->t[j + 1].kind == TEXT_TOKEN_NUMBER && !numeric_noise(c, j + 1)) {
				const extract__entry *s2 = same_sentence(c, j, j + 2) ? num_entry(c, j + 2) : NULL;
				bool next_scale2 = s2 != NULL && !c->ti[j + 2].wa && is_scale_class(s2->num_class);
				if (parse_digits(c->t[j + 1].norm, c->t[j + 1].norm_len, next_scale2, &rest) &&
				    rest > 0) {
					if (s2 == NULL && rest < last_scale) {
						/* "3 آلاف و200" = 3200 */
						total += rest;
						j += 2;
					} else if (next_scale2 && s2->num_value < last_scale &&
					    rest * s2->num_value < last_scale) {
						/* "5 ملايين و500 ألف" = 5500000 */
						total += rest * s2->num_value;
						j += 3;
					}
				}
			}
		}
		np->v = total + cur;
		np->approx = EXTRACT_APPROX_EXACT;
		np->end = j;
		np->scale = last_scale;
		np->vmax = np->v;
		/* "20-30%", "10-15 غارة": digits, hyphen, larger digits, all glued,
		 * and a unit after (otherwise a code or a score) */
		double hi = 0;
		if (j == k + 1 && adjacent(c, k, k + 1) && is_punct(c, k + 1, "-") && adjacent(c, k + 1, k + 2) &&
		    k + 2 < c->n && c->t[k + 2].kind == TEXT_TOKEN_NUMBER &&
		    parse_digits(c->t[k + 2].norm, c->t[k + 2].norm_len, percent_at(c, k + 3), &hi) &&
		    hi > np->v && (percent_at(c, k + 3) || unit_follows(c, k + 3))) {
			np->vmax = hi;
			np->end = k + 3;
		}
		return true;
	}
	for (; j < c->n && same_sentence(c, k, j) && !c->used[j]; j++) {
		const extract__entry *e = num_entry(c, j);
		if (e == NULL) {
			break;
		}
		const tokinfo *ti = &c->ti[j];
		int cls = e->num_class;
		double v = e->num_value;
		bool wa = ti->wa && j > k;
		if (ti->definite && cls != EX_N_PSCALE && cls != EX_N_VAGUE) {
			/* "مجموعة العشرين", "القرن العشرين", "الدول الثلاث": a definite
			 * number word is a name or an adjective, not an amount */
			break;
		}
		if (ti->definite && j > k && cls == EX_N_VAGUE) {
			break;
		}
		if (j == k) {
			if (cls == EX_N_TEENHEAD) {
				const extract__entry *n2 = num_entry(c, j + 1);
				if (n2 == NULL || n2->num_class != EX_N_UNIT || n2->num_value != 10 ||
				    c->ti[j + 1].wa) {
					return false;
				}
				cur = v;
				last = EX_N_TEENHEAD;
			} else if (cls == EX_N_HALF) {
				const extract__entry *n2 = num_entry(c, j + 1);
				if (n2 == NULL || !is_scale_class(n2->num_class) || c->ti[j + 1].wa) {
					return false;
				}
				cur = v; /* نصف مليون, ربع مليون */
				last = EX_N_UNIT;
			} else if (cls == EX_N_SCALE || cls == EX_N_SCALE2 || cls == EX_N_PSCALE) {
				total = (cls == EX_N_SCALE2 ? 2 : 1) * v;
				vague = cls == EX_N_PSCALE;
				last_scale = v;
				last = cls;
			} else {
				cur = v;
				last = cls;
				if (cls == EX_N_UNIT) {
					last_unit = (int) v;
				}
				if (cls == EX_N_VAGUE) {
					vague = true;
				}
			}
			words++;
			continue;
		}
		if (wa) {
			/* Arabic adds with و from the units up ("خمسة وعشرون") and from
			 * the big groups down ("مائة وخمسون", "ألف وخمسمئة"); anything
			 * else ("عشرين وثلاثين") is two numbers, e.g. a range */
			bool fits = (last == EX_N_UNIT && last_unit < 10 && cls == EX_N_TENS) ||
			    ((last == EX_N_HUNDRED) && (cls == EX_N_UNIT || cls == EX_N_TENS)) ||
			    (is_scale_class(last) && cls != EX_N_HALF);
			if (cls == EX_N_UNIT || cls == EX_N_TENS || cls == EX_N_HUNDRED) {
				if (!fits) {
					break;
				}
				cur += v;
				last = cls;
				last_unit = cls == EX_N_UNIT ? (int) v : 0;
			} else if (cls == EX_N_TEENHEAD && (last == EX_N_HUNDRED || is_scale_class(last))) {
				/* "مائة وإحدى عشرة", "ألف واثنا عشر" */
				const extract__entry *n2 = num_entry(c, j + 1);
				if (n2 == NULL || n2->num_class != EX_N_UNIT || n2->num_value != 10 ||
				    c->ti[j + 1].wa || !same_sentence(c, j, j + 1)) {
					break;
				}
				cur += v;
				last = EX_N_TEENHEAD;
			} else if (cls == EX_N_HALF && last_scale > 0 && cur == 0) {
				total += v * last_scale; /* "مليون ونصف", "مليون وربع" */
				last = cls;
				/* "مليون ونصف المليون": the repeated scale word */
				const extract__entry *n2 = num_entry(c, j + 1);
				if (n2 != NULL && c->ti[j + 1].definite && is_scale_class(n2->num_class) &&
				    n2->num_value == last_scale && same_sentence(c, j, j + 1)) {
					j++;
				}
			} else if ((cls == EX_N_SCALE || cls == EX_N_SCALE2) && cur == 0 && total > 0 &&
			    v < last_scale) {
				/* "مليون وألف" */
				total += (cls == EX_N_SCALE2 ? 2 : 1) * v;
				last = cls;
			} else {
				break;
			}
		} else {
			if (cls == EX_N_UNIT && v == 10 &&
			    (last == EX_N_TEENHEAD || (last == EX_N_UNIT && last_unit >= 3 && last_unit <= 9))) {
				cur += 10;
				last = EX_N_TENS;
			} else if (cls == EX_N_HUNDRED && v == 100 && last == EX_N_UNIT && last_unit >= 3) {
				cur = cur - last_unit + last_unit * 100;
				last = EX_N_HUNDRED;
			} else if (is_scale_class(cls) && cur > 0 &&
			    (last == EX_N_UNIT || last == EX_N_TENS || last == EX_N_HUNDRED ||
				last == EX_N_VAGUE)) {
				if (last_scale > 0 && v >= last_scale) {
					break;
				}
				total += cur * v;
				cur = 0;
				last_scale = v;
				last = cls;
			} else {
				break;
			}
		}
		words++;
	}
	if (words == 0) {
		return false;
	}
	np->v = total + cur;
	np->approx = vague ? EXTRACT_APPROX_VAGUE : EXTRACT_APPROX_EXACT;
	np->end = j;
	np->words_only_small = words == 1 && last == EX_N_UNIT;
	np->scale = last_scale;
	np->vmax = np->v;
	return np->v > 0;
}

/* "ونصف" at j after a duration ending before j: "عامين ونصف". */
static bool
half_after(const ctx *c, size_t from, size_t j)
{
	if (!same_sentence(c, from, j) || c->used[j]) {
		return false;
	}
	const extract__entry *h = num_entry(c, j);
	return h != NULL && h->num_class == EX_N_HALF && h->num_value == 0.5 && c->ti[j].wa &&
	    c->ti[j].off == 2;
}

/* Strips one pronoun suffix (ه ها هم هما هن كم نا) for "من نظرائهما". */
static const extract__entry *
unit_with_suffix(const ctx *c, size_t j)
{
	static const char *const suf[] = {"هما", "هم", "هن", "ها", "كم", "نا", "ه"};
	const text_token *t = &c->t[j];
	size_t off = c->ti[j].off;
	const char *w = t->norm;
	size_t len = t->norm_len;
	size_t offs[6];
	size_t k = text_clitic_offsets(w, len, offs, 6);
	if (k == 0) {
		offs[0] = off;
		k = 1;
	}
	for (size_t o = 0; o < k; o++) {
		for (size_t s = 0; s < sizeof(suf) / sizeof(suf[0]); s++) {
			size_t sl = strlen(suf[s]);
			if (len - offs[o] > sl + 4 && memcmp(w + len - sl, suf[s], sl) == 0) {
				const extract__entry *e = extract__find(c->lex, w + offs[o], len - offs[o] - sl);
				if (e != NULL && (e->roles & EX_R_UNIT) && e->unit_kind == EX_U_COUNT) {
					return e;
				}
			}
		}
	}
	return NULL;
}

/* The unit after a number ending before j: "14 ألف غارة", "50%",
 * "20 في المئة", "40 من نظرائهما", "مئات القتلى" (vague amounts take a
 * definite noun in construct). Returns the entry and the token range. */
static const extract__entry *
unit_after(const ctx *c, size_t j, size_t from, bool definite_ok, size_t *ua, size_t *ub)
{
	if (!same_sentence(c, from, j) || c->used[j]) {
		return NULL;
	}
	size_t nt = 0;
	const extract__entry *e = match(c, j, EX_R_UNIT, &nt);
	if (e != NULL && (!c->ti[j].definite || definite_ok || e->unit_kind == EX_U_PERCENT)) {
		*ua = j;
		*ub = j + nt;
		return e;
	}
	if (c->t[j].kind == TEXT_TOKEN_WORD && norm_is(&c->t[j], "من") && same_sentence(c, from, j + 1) &&
	    j + 1 < c->n && !c->used[j + 1]) {
		e = match(c, j + 1, EX_R_UNIT, &nt);
		if (e != NULL && e->unit_kind == EX_U_COUNT) {
			*ua = j + 1;
			*ub = j + 1 + nt;
			return e;
		}
		if (c->t[j + 1].kind == TEXT_TOKEN_WORD && (e = unit_with_suffix(c, j + 1)) != NULL) {
			*ua = j + 1;
			*ub = j + 2;
			return e;
		}
	}
	return NULL;
}

/* "ليرتفع عدد الجنود الأميركيين في العراق الى 4600": a number with no
 * unit of its own counts the noun after عدد/أعداد earlier in its sentence
 * (within a short window, with no other number between). Returns the unit
 * entry and sets *ua to the noun's token. */
static const extract__entry *
count_of_before(const ctx *c, size_t i, size_t *ua)
{
	for (size_t back = 1; back <= 14 && back <= i; back++) {
		size_t j = i - back;
		if (!same_sentence(c, i, j)) {
			break;
		}
		if (c->t[j].kind == TEXT_TOKEN_NUMBER || c->used[j]) {
			return NULL;
		}
		const extract__entry *e = c->ti[j].e;
		if (e == NULL || !(e->roles & EX_R_QUAL) || e->qual_kind != EX_Q_COUNTOF) {
			continue;
		}
		if (!same_sentence(c, i, j + 1) || j + 1 >= i) {
			return NULL;
		}
		const extract__entry *u = c->ti[j + 1].e;
		if (u != NULL && (u->roles & EX_R_UNIT) && u->unit_kind == EX_U_COUNT) {
			*ua = j + 1;
			return u;
		}
		return NULL;
	}
	return NULL;
}

static void
emit(ctx *c, extract_number num, const extract__entry *unit, size_t ua, size_t ub, size_t qa,
    size_t qb)
{
	PUSH(c->r, nums, n_nums, cap_nums, num);
	if (unit != NULL) {
		extract_quantity q;
		memset(&q, 0, sizeof(q));
		q.number = num;
		q.unit = unit->unit;
		q.unit_span.start = c->t[ua].span.start;
		q.unit_span.end = c->t[ub - 1].span.end;
		q.span.start = c->t[qa].span.start;
		if (num.span.start < q.span.start) {
			q.span.start = num.span.start; /* "الـ24 ساعة" */
		}
		q.span.end = c->t[qb - 1].span.end;
		q.sentence = num.sentence;
		PUSH(c->r, qtys, n_qtys, cap_qtys, q);
	}
}

/* One number or quantity starting at token i (qualifier, range, ordinal,
 * number, unit, trailing تقريبا). Returns tokens consumed, 0 if none. */
static size_t
number_item(ctx *c, size_t i)
{
	size_t nt = 0;
	size_t k = i;
	uint8_t approx = 0;
	const extract__entry *q = match(c, i, EX_R_QUAL, &nt);
	bool range_between = false, range_from = false;
	if (q != NULL) {
		if (q->qual_kind == EX_Q_PRE) {
			approx = q->qual_arg;
			k = i + nt;
		} else if (q->qual_kind == EX_Q_BETWEEN) {
			range_between = true;
			k = i + nt;
		} else if (q->qual_kind == EX_Q_FROM) {
			range_from = true;
			k = i + nt;
		} else {
			q = NULL;
		}
	}
	if (k > i && (!same_sentence(c, i, k) || c->used[k])) {
		return 0;
	}
	if (k > i && c->t[k].kind == TEXT_TOKEN_WORD && norm_is(&c->t[k], "ال") &&
	    adjacent(c, k, k + 1) && k + 1 < c->n && c->t[k + 1].kind == TEXT_TOKEN_NUMBER) {
		k++; /* "قرابة الـ50 ألف مقاتل" */
	}
	if (label_before(c, k)) {
		return 0;
	}
	numparse np;
	bool have = number_at(c, k, &np);
	if (!have) {
		/* dual noun alone: "عامين" = 2 years, "نحو عامين", "العامين" */
		if (range_between || range_from || k >= c->n || c->used[k]) {
			return 0;
		}
		size_t un = 0;
		const extract__entry *u = match(c, k, EX_R_UNIT, &un);
		if (u == NULL || u->unit_count != 2 ||
		    (c->ti[k].definite && u->unit_kind != EX_U_DUR)) {
			return 0;
		}
		extract_number num;
		memset(&num, 0, sizeof(num));
		num.value = num.value_max = 2;
		num.approx = approx ? approx : EXTRACT_APPROX_EXACT;
		num.span.start = c->t[k].span.start;
		size_t qe = k + un;
		if (u->unit_kind == EX_U_DUR && half_after(c, i, qe)) {
			num.value = num.value_max = 2.5; /* "عامين ونصف" */
			qe++;
		}
		num.span.end = c->t[qe - 1].span.end;
		num.sentence = c->t[k].sentence;
		emit(c, num, u, k, k + un, i, qe);
		mark_used(c, i, qe);
		return qe - i;
	}
	size_t end = np.end;
	double vmax = np.vmax;
	uint8_t ap = approx ? approx : np.approx;
	if (vmax > np.v) {
		ap = EXTRACT_APPROX_RANGE;
	}
	if (range_between || range_from) {
		/* second number after و (a clitic or a token of its own) or إلى */
		size_t m = end;
		bool ok = false;
		if (range_between) {
			if (m < c->n && c->t[m].kind == TEXT_TOKEN_WORD && norm_is(&c->t[m], "و")) {
				m++;
				ok = true;
			} else if (m < c->n && c->ti[m].wa && num_entry(c, m) != NULL) {
				ok = true;
			}
		} else {
			const extract__entry *to = match(c, m, EX_R_QUAL, &nt);
			if (to != NULL && to->qual_kind == EX_Q_TO) {
				m += nt;
				ok = true;
			}
		}
		numparse np2;
		if (ok && same_sentence(c, i, m) && number_at(c, m, &np2) && np2.v > np.v) {
			/* "من 20 إلى 30 ألفا": a trailing scale belongs to both */
			vmax = np2.v;
			end = np2.end;
			ap = EXTRACT_APPROX_RANGE;
			/* "من 3 إلى 5 آلاف": the scale of the second end applies to a
			 * bare first end */
			if (np.scale == 0 && np2.scale > 0 && np.v * np2.scale <= np2.v) {
				np.v *= np2.scale;
			}
		} else {
			/* not a range: parse again without the opener */
			if (approx == 0) {
				return 0;
			}
			k = i + nt;
		}
	}
	extract_number num;
	memset(&num, 0, sizeof(num));
	num.value = np.v;
	num.value_max = vmax;
	num.approx = ap;
	num.sentence = c->t[k].sentence;
	/* "العضو الـ68", "الدول الـ74": ال glued to the digits states a count */
	bool definite_digits = i == k && k > 0 && c->t[k].kind == TEXT_TOKEN_NUMBER &&
	    c->t[k - 1].kind == TEXT_TOKEN_WORD && same_sentence(c, k - 1, k) && norm_is(&c->t[k - 1], "ال");
	size_t tmp_a, tmp_b;
	if (definite_digits && unit_after(c, end, i, true, &tmp_a, &tmp_b) != NULL) {
		/* "خلال الـ24 ساعة الماضية": a definite count with its unit after
		 * it, not an ordinal */
		num.span.start = c->t[k - 1].span.start;
	} else if (definite_digits) {
		num.ordinal = true;
		num.span.start = c->t[k - 1].span.start;
	} else {
		num.span.start = c->t[range_between || range_from ? i : k].span.start;
	}
	if (approx) {
		num.span.start = c->t[i].span.start;
	}
	num.span.end = c->t[end - 1].span.end;

	size_t ua = 0, ub = 0;
	const extract__entry *unit = NULL;
	size_t qstart = i;
	if (!num.ordinal) {
		unit = unit_after(c, end, i, np.approx == EXTRACT_APPROX_VAGUE, &ua, &ub);
	} else if (k >= 2 && same_sentence(c, k - 2, k) && c->ti[k - 2].definite) {
		/* "العضو الـ68": the 68th member means 68 members */
		const extract__entry *u = c->ti[k - 2].e;
		if (u != NULL && (u->roles & EX_R_UNIT) && u->unit_kind == EX_U_COUNT) {
			unit = u;
			ua = k - 2;
			ub = k - 1;
			qstart = k - 2;
		}
	}
	bool unit_before = qstart < i;
	if (unit == NULL && !num.ordinal && (unit = count_of_before(c, i, &ua)) != NULL) {
		ub = ua + 1;
		unit_before = true;
	}
	if (np.words_only_small && unit == NULL && approx == 0 && ap != EXTRACT_APPROX_RANGE) {
		/* a lone "ثلاثة" or "واحد" is too often not an amount */
		return 0;
	}
	/* "%50": some outlets type the percent sign before the digits */
	if (unit == NULL && !num.ordinal && i == k && k > 0 && c->t[k].kind == TEXT_TOKEN_NUMBER &&
	    adjacent(c, k - 1, k) && is_punct(c, k - 1, "%") && !c->used[k - 1]) {
		unit = c->ti[k - 1].e;
		if (unit != NULL && (unit->roles & EX_R_UNIT)) {
			ua = k - 1;
			ub = k;
			qstart = k - 1;
			unit_before = true;
		} else {
			unit = NULL;
		}
	}
	size_t qend = unit && !unit_before ? ub : end;
	if (unit != NULL && !unit_before && unit->unit_kind == EX_U_DUR && half_after(c, i, qend) &&
	    num.approx != EXTRACT_APPROX_RANGE) {
		/* "ثلاث سنوات ونصف" */
		num.value += 0.5;
		num.value_max += 0.5;
		qend++;
		num.span.end = c->t[qend - 1].span.end;
	}
	/* trailing "تقريبا" / "على الأقل" */
	const extract__entry *post;
	if (same_sentence(c, i, qend) && (post = match(c, qend, EX_R_QUAL, &nt)) != NULL &&
	    post->qual_kind == EX_Q_POST && num.approx == EXTRACT_APPROX_EXACT) {
		num.approx = post->qual_arg;
		qend += nt;
		num.span.end = c->t[qend - 1].span.end;
	} else if (unit == NULL && same_sentence(c, i, end) &&
	    (post = match(c, end, EX_R_QUAL, &nt)) != NULL && post->qual_kind == EX_Q_POST &&
	    num.approx == EXTRACT_APPROX_EXACT) {
		num.approx = post->qual_arg;
		qend = end + nt;
		num.span.end = c->t[qend - 1].span.end;
	}
	if (unit != NULL && !unit_before && unit->unit_count == 2 && unit->unit_kind != EX_U_PERCENT) {
		/* a dual noun after a number ("14 يومين") is not a construction
		 * Arabic uses; do not attach it */
		unit = NULL;
		qend = end;
	}
	if (unit_before) {
		/* the unit was stated before the number: the quantity's span is
		 * the number's ("عدد الجنود ... الى 4600"), or the whole ordinal
		 * phrase ("العضو الـ68") */
		emit(c, num, unit, ua, ub, qstart < i ? qstart : i, qend);
		mark_used(c, qstart, i);
	} else {
		emit(c, num, unit, ua, ub, i, qend);
	}
	mark_used(c, i, qend);
	return qend - i;
}

/* "وحيد" amount words after a duration: "عام أو أكثر" = at least a year.
 * Singular duration nouns alone are not quantities ("الأمين العام"). */
static size_t
singular_duration(ctx *c, size_t i)
{
	size_t un = 0;
	const extract__entry *u = match(c, i, EX_R_UNIT, &un);
	if (u == NULL || u->unit_kind != EX_U_DUR || u->unit_count != 1 || c->ti[i].definite) {
		return 0;
	}
	size_t j = i + un;
	size_t nt = 0;
	if (half_after(c, i, j)) {
		/* "عام ونصف" = 1.5 years, "شهر ونصف" */
		extract_number num;
		memset(&num, 0, sizeof(num));
		num.value = num.value_max = 1.5;
		num.approx = EXTRACT_APPROX_EXACT;
		num.span.start = c->t[i].span.start;
		num.span.end = c->t[j].span.end;
		num.sentence = c->t[i].sentence;
		emit(c, num, u, i, i + un, i, j + 1);
		mark_used(c, i, j + 1);
		return j + 1 - i;
	}
	if (!same_sentence(c, i, j + 1) || !norm_is(&c->t[j], "او")) {
		return 0;
	}
	const extract__entry *q = match(c, j + 1, EX_R_QUAL, &nt);
	if (q == NULL || q->qual_kind != EX_Q_PRE || q->qual_arg != EXTRACT_APPROX_AT_LEAST) {
		return 0;
	}
	/* "أكثر" alone after "أو": the phrase "أكثر من" needs من; accept the
	 * single word too */
	extract_number num;
	memset(&num, 0, sizeof(num));
	num.value = num.value_max = 1;
	num.approx = EXTRACT_APPROX_AT_LEAST;
	num.span.start = c->t[i].span.start;
	size_t end = j + 1 + nt;
	num.span.end = c->t[end - 1].span.end;
	num.sentence = c->t[i].sentence;
	emit(c, num, u, i, i + un, i, end);
	mark_used(c, i, end);
	return end - i;
}

static void
numbers_pass(ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		if (c->used[i]) {
			continue;
		}
		if (!may_start(c, i, EX_R_NUM | EX_R_QUAL | EX_R_UNIT)) {
			continue;
		}
		size_t used = number_item(c, i);
		if (used == 0) {
			used = singular_duration(c, i);
		}
		if (used > 0) {
			i += used - 1;
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
		tokinfo_fill(&c);
	}
	extract_ymd pub = {0, 0, 0};
	extract_date_source src = EXTRACT_SRC_NONE;
	bool have_pub = published != NULL && published->year != 0;
	if (have_pub) {
		pub = *published;
		src = published_source;
	}
	dates_pass(&c, &pub, &src, have_pub);
	numbers_pass(&c);
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
	free(c.used);
	return r;
fail:
	free(c.ti);
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
