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

/* Lexicons of this layer (units, number words, month names ...), loaded once
 * from a directory (corpus/lexicon). Immutable, shared by threads. */
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
 * (at least 11 bytes). Returns buf. */
char *extract_ymd_format(extract_ymd d, extract_precision prec, char *buf);
/* Parses "YYYY-MM-DD" (strictly). Returns true on success. */
bool extract_ymd_parse(const char *s, extract_ymd *out);

#endif
