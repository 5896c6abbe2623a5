/* extract: recognisers over a segmented text_doc. This layer turns tokens
 * into typed values with exact spans: numbers (digits, number words, vague
 * amounts, qualifiers, ranges, ordinals), quantities (number + unit from the
 * unit lexicon), and dates (Gregorian, Levantine and paired month names,
 * numeric, seasons, relative expressions, Hijri via ICU), plus the
 * publication date of a document. Later layers bind these to entities and
 * facts. It knows nothing about sockets or protobuf. */
#ifndef EXTRACT_EXTRACT_H
#define EXTRACT_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text.h"

/* Numbered like coalition.v1.Approximation. */
typedef enum {
	EXTRACT_APPROX_EXACT = 1,
	EXTRACT_APPROX_ABOUT = 2,
	EXTRACT_APPROX_AT_LEAST = 3,
	EXTRACT_APPROX_AT_MOST = 4,
	EXTRACT_APPROX_RANGE = 5,
	EXTRACT_APPROX_VAGUE = 6, /* value is a lower bound */
} extract_approx;

/* Numbered like coalition.v1.DatePrecision. */
typedef enum {
	EXTRACT_PREC_NONE = 0,
	EXTRACT_PREC_DAY = 1,
	EXTRACT_PREC_MONTH = 2,
	EXTRACT_PREC_SEASON = 3,
	EXTRACT_PREC_YEAR = 4,
} extract_precision;

/* Numbered like coalition.v1.DateSource. */
typedef enum {
	EXTRACT_SRC_NONE = 0,
	EXTRACT_SRC_MANIFEST = 1,
	EXTRACT_SRC_REQUEST = 2,
	EXTRACT_SRC_DATELINE = 3,
	EXTRACT_SRC_INFERRED = 4,
} extract_date_source;

/* A calendar date; month/day are 0 when the precision does not include them. */
typedef struct {
	int16_t year;
	int8_t month;
	int8_t day;
} extract_ymd;

typedef struct {
	double value;
	double value_max; /* upper end for EXTRACT_APPROX_RANGE, else == value */
	uint8_t approx;   /* extract_approx */
	bool ordinal;     /* "العضو الـ68" */
	text_span span;
	uint32_t sentence;
} extract_number;

typedef struct {
	extract_number number;
	const char *unit;  /* canonical unit (static or lexicon-owned string):
	                      "percent", "USD", "EUR", "km", "year", "month",
	                      "day", or a count noun's English lemma ("strike") */
	text_span unit_span;
	text_span span;    /* number and unit together */
	uint32_t sentence;
} extract_quantity;

typedef struct {
	extract_ymd date;
	extract_ymd end;   /* end of a stated period; year 0 when none */
	uint8_t precision; /* extract_precision */
	bool relative;     /* resolved against the publication date */
	bool hijri;        /* converted from a Hijri date */
	text_span span;
	uint32_t sentence;
} extract_date;

/* Conventions of the recognisers (the Arabic decisions; see extract.c):
 * - Vague amounts carry EXTRACT_APPROX_VAGUE and their lower bound:
 *   عشرات = 10, مئات = 100, آلاف = 1000, عشرات الآلاف = 10000, بضعة = 3.
 * - A dual noun states its number: "عامين" alone is a quantity of 2 years;
 *   "عام أو أكثر" is 1 year, AT_LEAST.
 * - "العضو الـ68" is a number with ordinal = true and value 68, and a
 *   quantity of 68 "member" (the 68th member means 68 members).
 * - A number with no unit of its own after عدد + noun earlier in its
 *   sentence counts that noun ("ارتفع عدد القتلى إلى 45"); the quantity's
 *   span is then the number's only, unit_span points at the noun.
 * - A dot followed by exactly three digits groups thousands unless a scale
 *   word or a percent follows ("12.450 غارة" = 12450, "3.5 ملايين").
 * - A year alone is a date only after a marker (في, عام, منذ, خلال ...) and
 *   never before a counted noun ("2014 مقاتل").
 * - Ranges: "بين 20 و30 غارة", "ما بين 20 إلى 30", "من 20 إلى 30 في
 *   المئة", "20-30%", "10 - 15 غارة", "20–30%" (digits joined by a hyphen
 *   or en dash need a unit after them) are one number of APPROX_RANGE
 *   (value..value_max) whose unit and scale, stated after the second,
 *   cover both ("بين ألفين وثلاثة آلاف جندي" = 2000..3000: و + a number
 *   before a scale word as large as the last one starts a second
 *   number). But "من N إلى M" after a change word in its clause
 *   (qualifiers.tsv kind change: خفض, رفع, زيادة, تقليص, ارتفع ... up to
 *   10 tokens back, not across punctuation
 *   or another number), or with M < N (no range runs downward), is a value
 *   before and a value after: two EXACT numbers, the first taking the
 *   second's unit ("ستخفض عدد قواتها من 5200 إلى 3000 جندي" = 5200 soldier
 *   and 3000 soldier; the first quantity's span is its number only) and
 *   the second's scale when it has none ("من 5 إلى 3 آلاف").
 * - Seasons are meteorological (spring = Mar-May ... winter = Dec-Feb of the
 *   next year): date = first month, end = last month, precision SEASON.
 *   Day ranges ("بين 13 و19 نيسان", "ما بين 3 و5 حزيران", "من 3 إلى 7
 *   ديسمبر", "من 3 حتى 9 تموز", "13-15 فبراير") give date = first day,
 *   end = last day, precision DAY; two days joined by و alone are a range
 *   only after the dual يومي (in the span: "يومي 3 و4 حزيران/يونيو") or a
 *   preposition (outside it: "في 11 و12 تموز"). A month pair after the
 *   dual شهري ("شهري آذار ونيسان الماضيين", "شهري يوليو وأغسطس 2016") or
 *   a range opener ("من حزيران إلى آب 2016", "ما بين آذار ونيسان")
 *   gives date = first month, end = second (the next year when it is
 *   earlier in the calendar), precision MONTH; a year after it is the
 *   second month's, else the pair is relative like a month alone.
 * - Relative dates (relative = true) are resolved against the publication
 *   date: a bare weekday is the most recent such day (today included)
 *   unless its sentence has a future marker before it (سـ + verb, سوف) or
 *   المقبل/القادم follows; a weekday after an explicit day date in the same
 *   sentence counts forward from that date. Day + month without a year take
 *   the year that puts them nearest the publication date (or the year of the
 *   same month named within the two sentences before).
 * - Hijri dates (hijri = true) are converted with ICU's islamic-umalqura
 *   calendar; a Hijri month name needs a Hijri year (صفر, رجب are words).
 * - Numbers that belong to a date are not reported as numbers. */

/* Lexicons of this layer (units, number words, month names ...), loaded once
 * from a directory (corpus/lexicon: numbers.tsv, units.tsv, months.tsv,
 * qualifiers.tsv, relative.tsv; each documents its format in its header).
 * Returns TEXT_OK and *out (free with extract_lexicon_destroy), or
 * TEXT_EDATA with err->reason naming the file and line (a missing file, a
 * malformed line, a form listed twice with different meanings), or
 * TEXT_ENOMEM; *out is untouched on failure. Immutable, shared by threads. */
typedef struct extract_lexicon extract_lexicon;
text_err extract_lexicon_load(const char *dir, extract_lexicon **out, text_error *err);
void extract_lexicon_destroy(extract_lexicon *lex); /* accepts NULL */

typedef struct extract_result extract_result;

/* Runs every recogniser over doc. published: the known publication date and
 * its source (NULL / EXTRACT_SRC_NONE when unknown: then it is taken from a
 * dateline, else inferred from the latest absolute date). Returns a new
 * result (free with extract_result_destroy) or NULL when out of memory. doc
 * must outlive the result. */
extract_result *extract_run(const extract_lexicon *lex, const text_doc *doc,
    const extract_ymd *published, extract_date_source published_source);
void extract_result_destroy(extract_result *r); /* accepts NULL */

/* Borrowed arrays, in text order, valid while r lives. */
const extract_number *extract_result_numbers(const extract_result *r, size_t *n);
const extract_quantity *extract_result_quantities(const extract_result *r, size_t *n);
const extract_date *extract_result_dates(const extract_result *r, size_t *n);

/* The publication date used and how it was found (year 0 if none at all). */
extract_ymd extract_result_published(const extract_result *r, extract_date_source *source);

/* Formats d as "YYYY-MM-DD", "YYYY-MM" or "YYYY" per precision into buf
 * (at least 11 bytes). A season formats as its first month ("2014-09" for
 * autumn 2014); EXTRACT_PREC_NONE formats as many fields as are non-zero.
 * Returns buf. */
char *extract_ymd_format(extract_ymd d, extract_precision prec, char *buf);
/* Parses "YYYY-MM-DD" (strictly: a real calendar day). Returns true on
 * success; *out is untouched on failure. */
bool extract_ymd_parse(const char *s, extract_ymd *out);

/* Days since 1970-01-01 of a proleptic Gregorian date; month may run past
 * 12 (the first day of a later month: y, 13, 1 is y+1-01-01). */
long extract_days_from_civil(int y, int m, int d);

/* Short lower-case names for logs and JSON: "exact", "about", "at_least",
 * "at_most", "range", "vague"; "none", "day", "month", "season", "year".
 * Static strings; "unknown" for values outside the enum. */
const char *extract_approx_name(extract_approx a);
const char *extract_precision_name(extract_precision p);

#endif
