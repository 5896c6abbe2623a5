/* Internals shared by the files of extract/: the lexicon entry layout and the
 * hash lookup. One table holds every word and phrase of every lexicon file,
 * keyed by its matching form (text_normalize), so that a token costs one hash
 * probe whatever role it plays (a word can be a unit and a year marker at
 * once: "عام"). Not part of the public surface. */
#ifndef EXTRACT_IMPL_H
#define EXTRACT_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "extract.h"

/* roles of an entry (bit mask) */
#define EX_R_NUM 0x01u
#define EX_R_UNIT 0x02u
#define EX_R_MONTH 0x04u
#define EX_R_REL 0x08u
#define EX_R_QUAL 0x10u
#define EX_R_HEAD 0x20u /* first word of a longer phrase */

/* number word classes (numbers.tsv) */
enum {
	EX_N_UNIT = 1,  /* 1..10, added */
	EX_N_TEENHEAD,  /* أحد/إحدى/اثنا: a number only before عشر/عشرة */
	EX_N_TENS,      /* 20..90 */
	EX_N_HUNDRED,   /* 100..900 */
	EX_N_SCALE,     /* ألف, مليون, مليار: multiplies what precedes */
	EX_N_SCALE2,    /* dual ألفان/ألفي/مليونا: 2x alone, x after a number */
	EX_N_PSCALE,    /* plural آلاف/ملايين: x after a number, vague alone */
	EX_N_VAGUE,     /* عشرات, مئات, بضع: vague lower bound */
	EX_N_HALF,      /* نصف: half of the following/preceding scale */
};

/* unit kinds (units.tsv) */
enum { EX_U_PERCENT = 1, EX_U_MONEY, EX_U_DIST, EX_U_DUR, EX_U_COUNT };

/* relative.tsv kinds */
enum {
	EX_REL_DAY = 1,   /* اليوم 0, أمس -1: day offset */
	EX_REL_WEEKDAY,   /* 0 = Sunday .. 6 = Saturday */
	EX_REL_DAYWORD,   /* يوم before a weekday */
	EX_REL_HMONTH,    /* head noun "the month" */
	EX_REL_HYEAR,     /* head noun "the year" */
	EX_REL_SEASON,    /* 0 spring, 1 summer, 2 autumn, 3 winter */
	EX_REL_THIS,      /* هذا/هذه before a head */
	EX_REL_MOD,       /* after a head: -1 past, 0 current, +1 next */
	EX_REL_PERIOD,    /* أواخر, مطلع ...: part of a period, kept as the period */
	EX_REL_YEARMARK,  /* a bare year after it is a date; arg 1: in the span */
	EX_REL_FUTURE,    /* سوف */
	EX_REL_NOTFUT,    /* word prefix that looks like سـ + verb but is not */
	EX_REL_HIJRI,     /* هـ after a Hijri year */
	EX_REL_AD,        /* م after a Gregorian year */
	EX_REL_THAT,      /* ذلك/تلك before a head: the one last mentioned */
	EX_REL_DAYORD,    /* ordinal day word: "الخامس عشر من أغسطس" */
	EX_REL_EQUALS,    /* الموافق: the dates on both sides are one */
};

/* qualifiers.tsv kinds */
enum {
	EX_Q_PRE = 1,     /* before the number, arg = extract_approx */
	EX_Q_POST,        /* after the number or quantity, arg = extract_approx */
	EX_Q_BETWEEN,     /* بين / ما بين: range X و Y */
	EX_Q_FROM,        /* من: range X إلى Y */
	EX_Q_TO,          /* إلى / حتى */
	EX_Q_COUNTOF,     /* عدد/أعداد + noun: names the unit of a later number */
	EX_Q_LABEL,       /* رقم, الساعة: the number after it is a label or a time */
};

typedef struct {
	char *key;
	uint32_t key_len;
	uint32_t hash;
	uint8_t roles;
	uint8_t maxw; /* as a phrase head: words of the longest phrase */
	/* number */
	uint8_t num_class;
	double num_value;
	/* unit */
	uint8_t unit_kind;
	uint8_t unit_count; /* 2 for dual forms: "عامين" alone = 2 years */
	const char *unit;   /* canonical, owned by the lexicon */
	/* month */
	uint8_t month_cal;  /* 'g' or 'h' */
	uint8_t month;      /* 1..12 */
	/* relative */
	uint8_t rel_kind;
	int8_t rel_arg;
	/* qualifier */
	uint8_t qual_kind;
	uint8_t qual_arg;
} extract__entry;

struct extract_lexicon {
	extract__entry *ents;
	size_t n_ents, cap_ents;
	uint32_t *slots; /* open addressing, index+1, 0 = empty */
	size_t n_slots;  /* power of two */
	size_t max_word_len; /* longest single-word key, bytes: longer tokens
	                        cannot match even once proclitics are gone */
	char **strings;  /* interned canonical unit names */
	size_t n_strings, cap_strings;
};

const extract__entry *extract__find(const extract_lexicon *lex, const char *s, size_t len);

#endif
