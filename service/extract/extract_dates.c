/* extract_dates.c: the date recogniser of extract/ (see extract.h for the
 * conventions). Absolute dates first: day-month-year in every spelling,
 * numeric, Hijri (through ICU's islamic-umalqura calendar, the one thing ICU
 * does in extract/), seasons, years after a marker; then relative ones
 * (اليوم, أمس, bare weekdays by the tense of their sentence, الشهر الماضي,
 * هذا الخريف ...), resolved once the publication date is known. It reads
 * and marks the tokens of the shared per-run state and writes dates only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>

#include "extract_impl.h"

/* ---------- calendar arithmetic ---------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long
days_from_civil(int y, int m, int d)
{
	y += (m - 1) / 12; /* month past 12: a later year's (extract_days_from_civil) */
	m = (m - 1) % 12 + 1;
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long extract_days_from_civil(int y, int m, int d) { return days_from_civil(y, m, d); }

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
	int8_t month_to; /* "شهري آذار ونيسان": last month of a month pair, else 0 */
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

/* A four-digit year in lo..hi at i, with its era marker after it taken
 * into the span when present. */
static int
year_at(const ctx *c, size_t i, size_t *end, long lo, long hi, int marker)
{
	int nd = 0;
	long y = plain_int(c, i, &nd);
	if (nd != 4 || y < lo || y > hi) {
		return 0;
	}
	*end = i + 1;
	size_t nt;
	if (same_sentence(c, i, i + 1) && rel_at(c, i + 1, marker, &nt)) {
		*end = i + 1 + nt;
	}
	return (int) y;
}

/* A Gregorian year (1900..2100), optionally followed by "م" (ميلادي). */
static int
gyear_at(const ctx *c, size_t i, size_t *end)
{
	return year_at(c, i, end, 1900, 2100, EX_REL_AD);
}

/* A Hijri year (1300..1500), optionally followed by "هـ". */
static int
hyear_at(const ctx *c, size_t i, size_t *end)
{
	return year_at(c, i, end, 1300, 1500, EX_REL_HIJRI);
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


static void
span_set(const ctx *c, extract_date *d, size_t a, size_t b_excl)
{
	d->span.start = c->t[a].span.start;
	d->span.end = c->t[b_excl - 1].span.end;
	d->sentence = c->t[a].sentence;
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

/* "شهري آذار ونيسان الماضيين", "شهري حزيران وتموز 2016", "من حزيران إلى
 * آب 2016", "ما بين آذار ونيسان": an opener (nt tokens at i: the dual "the
 * months", relative.tsv monthpair, or بين with و, or من with إلى/حتى)
 * before two Gregorian month names is one period, date = first month, end
 * = second (in the next year when it comes earlier in the calendar). A
 * year after the second month is the year of the second; without one the
 * pair is resolved like a month alone (الماضيين/المقبلين say which side).
 * Returns tokens consumed or 0. */
static size_t
month_pair(const ctx *c, size_t i, size_t nt, bool to_joiner, date_cand *out)
{
	date_cand d;
	memset(&d, 0, sizeof(d));
	size_t j = i + nt, e1 = 0, e2 = 0;
	int cal1 = 0, cal2 = 0;
	int m1 = same_sentence(c, i, j) ? month_at(c, j, &cal1, &e1) : 0;
	if (m1 == 0 || cal1 != 'g' || !same_sentence(c, i, e1)) {
		return 0;
	}
	size_t k = e1;
	size_t tn = 0;
	const extract__entry *to = to_joiner ? match(c, k, EX_R_QUAL, &tn) : NULL;
	if (to_joiner) {
		if (to == NULL || to->qual_kind != EX_Q_TO) {
			return 0;
		}
		k += tn;
	} else if (c->t[k].kind == TEXT_TOKEN_WORD && norm_is(&c->t[k], "و")) {
		k++; /* "و" written apart */
	} else if (!c->ti[k].wa) {
		return 0;
	}
	int m2 = same_sentence(c, i, k) ? month_at(c, k, &cal2, &e2) : 0;
	if (m2 == 0 || cal2 != 'g' || m2 == m1) {
		return 0;
	}
	size_t yend = 0, yn = 0;
	int y = 0;
	if (same_sentence(c, i, e2)) {
		y = gyear_at(c, e2, &yend);
		if (y == 0 && year_noun_at(c, e2, &yn) && same_sentence(c, i, e2 + yn)) {
			y = gyear_at(c, e2 + yn, &yend);
		}
		if (y != 0 && unit_follows(c, yend)) {
			y = 0;
		}
	}
	d.month_to = (int8_t) m2;
	d.d.precision = EXTRACT_PREC_MONTH;
	if (y != 0) {
		d.d.date = (extract_ymd){(int16_t) (m1 > m2 ? y - 1 : y), (int8_t) m1, 0};
		d.kind = DK_ABS;
		span_set(c, &d.d, i, yend);
		*out = d;
		return yend - i;
	}
	int dir = 2; /* nearest */
	size_t mn = mod_at(c, e2, i, &dir);
	d.d.date = (extract_ymd){0, (int8_t) m1, 0};
	d.d.relative = true;
	d.kind = DK_NOYEAR;
	d.dir = (int8_t) dir;
	span_set(c, &d.d, i, e2 + mn);
	*out = d;
	return e2 + mn - i;
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

	if (rel_at(c, i, EX_REL_MONTHPAIR, &nt) != NULL) {
		return month_pair(c, i, nt, false, out);
	}
	if ((e = match(c, i, EX_R_QUAL, &nt)) != NULL &&
	    (e->qual_kind == EX_Q_FROM || e->qual_kind == EX_Q_BETWEEN)) {
		size_t used = month_pair(c, i, nt, e->qual_kind == EX_Q_FROM, out);
		if (used > 0) {
			return used;
		}
	}
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
	/* only blanks before it: the very start of the text (stop at the
	 * first other byte, or every date would rescan the text before it) */
	bool lead = false;
	for (size_t k = 0; k < a && !lead; k++) {
		unsigned char ch = (unsigned char) c->bytes[k];
		lead = ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t';
	}
	if (!lead) {
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
	size_t j = i - 1; /* the joiner */
	const extract__entry *te = c->ti[i].e;
	if (c->t[i].kind == TEXT_TOKEN_WORD && te != NULL && (te->roles & EX_R_QUAL) &&
	    te->qual_kind == EX_Q_TO && i + 1 < c->n) {
		/* "من 3 حتى 9 تموز": حتى is also a year marker and began the
		 * date ("حتى 9 تموز"); it is the joiner */
		j = i++;
	}
	long d2 = plain_int(c, i, &nd);
	if (d2 < 2 || d2 > 31 || nd > 2) {
		return;
	}
	size_t nt = 0;
	bool dash = is_punct(c, j, "-") && adjacent(c, j, i) && adjacent(c, j - 1, j);
	bool wa = c->t[j].kind == TEXT_TOKEN_WORD && norm_is(&c->t[j], "و");
	const extract__entry *to = c->ti[j].e;
	bool to_word = to != NULL && (to->roles & EX_R_QUAL) && to->qual_kind == EX_Q_TO;
	if (!(dash || wa || to_word) || !same_sentence(c, j - 1, i) ||
	    (c->used[j] && j != d->first_tok) || c->used[j - 1]) {
		return;
	}
	long d1 = plain_int(c, j - 1, &nd);
	if (d1 < 1 || d1 >= d2 || nd > 2) {
		return;
	}
	size_t start = j - 1;
	bool joined = false;
	if (start > 0 && same_sentence(c, start - 1, start) && !c->used[start - 1]) {
		const extract__entry *q = match(c, start - 1, EX_R_QUAL, &nt);
		if (q != NULL && nt == 1 &&
		    ((wa && q->qual_kind == EX_Q_BETWEEN) || (to_word && q->qual_kind == EX_Q_FROM))) {
			start--;
			/* "ما بين 3 و5 حزيران": the whole opener in the span */
			size_t n2 = 0;
			const extract__entry *q2 = start > 0 && same_sentence(c, start - 1, start) &&
			        !c->used[start - 1] ? match(c, start - 1, EX_R_QUAL, &n2) : NULL;
			if (q2 != NULL && n2 == 2 && q2->qual_kind == q->qual_kind) {
				start--;
			}
		} else if (wa && rel_at(c, start - 1, EX_REL_DAYPAIR, &nt) != NULL && nt == 1) {
			start--; /* "يومي 3 و4 حزيران" */
		} else if (wa && (q = rel_at(c, start - 1, EX_REL_YEARMARK, &nt)) != NULL && nt == 1 &&
		    q->rel_arg == 0) {
			joined = true; /* "في 3 و4 حزيران": the preposition stays out */
		}
	}
	if (wa && start == j - 1 && !joined) {
		return; /* "13 و19 نيسان" without بين: two things, not a range */
	}
	d->day_from = (int8_t) d1;
	d->d.span.start = c->t[start].span.start;
	d->first_tok = start;
	mark_used(c, start, i);
}

void
extract__dates_pass(ctx *c, extract_ymd *pub, extract_date_source *pub_src, bool have_pub)
{
	cand_vec cv = {0};
	for (size_t i = 0; i < c->n; i++) {
		if (c->used[i]) {
			continue;
		}
		if (!may_start(c, i, EX_R_REL | EX_R_MONTH | EX_R_QUAL)) {
			continue; /* QUAL: the openers of month ranges (من, بين) */
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
		if (d->month_to > 0 && d->d.precision == EXTRACT_PREC_MONTH && d->d.date.year != 0) {
			/* the second month of the pair: the first one after the first */
			int ey = d->d.date.year + (d->month_to < d->d.date.month);
			d->d.end = (extract_ymd){(int16_t) ey, d->month_to, 0};
		}
		PUSH(c->r, dates, n_dates, cap_dates, d->d);
	}
	free(cv.v);
}

