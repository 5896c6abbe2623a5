/* Internals shared by the files of extract/: the lexicon entry layout and the
 * hash lookup. One table holds every word and phrase of every lexicon file,
 * keyed by its matching form (text_normalize), so that a token costs one hash
 * probe whatever role it plays (a word can be a unit and a year marker at
 * once: "عام"). Not part of the public surface. */
#ifndef EXTRACT_IMPL_H
#define EXTRACT_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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
	EX_REL_DAYPAIR,   /* يومي before "D1 و D2 month": one period */
	EX_REL_MONTHPAIR, /* شهري before "M1 و M2": one period of months */
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
	EX_Q_CHANGE,      /* خفض, ارتفع: "من N إلى M" after it is before and after */
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

/* Bits of the key filter below: 16 Kbit (2 KiB, stays in L1) for about a
 * thousand keys leaves few false positives. */
#define EX_SIG_LOG2 14

struct extract_lexicon {
	extract__entry *ents;
	size_t n_ents, cap_ents;
	/* open addressing: the key's hash << 32 | its index + 1 (0 = empty),
	 * so that a probe reads an entry only when the hash matches */
	uint64_t *slots;
	size_t n_slots;  /* power of two */
	/* Filter in front of the hash table: bits extract__sig(key) and
	 * extract__sig_head(key) are set for every key. Most probes miss
	 * (extract_run probes every token, and on a miss each clitic-stripped
	 * form of it), and a miss that the filter rejects costs no hashing of
	 * the whole word and no cache misses in slots and ents. */
	uint64_t sig_bits[(1u << EX_SIG_LOG2) / 64];
	size_t max_word_len; /* longest single-word key, bytes: longer tokens
	                        cannot match even once proclitics are gone */
	char **strings;  /* interned canonical unit names */
	size_t n_strings, cap_strings;
};

/* The filter's bit for a key: its length and its last four bytes (two
 * Arabic letters; the whole key when shorter), multiplied into the top
 * bits. Cheaper than the full hash, and enough to tell most words apart. */
static inline uint32_t
extract__sig(const char *s, size_t len)
{
	uint32_t tail = 0;
	if (len >= 4) {
		memcpy(&tail, s + len - 4, 4);
	} else {
		for (size_t i = 0; i < len; i++) {
			tail = tail << 8 | (unsigned char) s[i];
		}
	}
	uint64_t h = (tail ^ ((uint64_t) len << 32)) * 0x9E3779B97F4A7C15ull;
	return (uint32_t) (h >> (64 - EX_SIG_LOG2));
}

/* The same from the length and the first four bytes: words that end
 * alike (plural and feminine endings) mostly start differently. */
static inline uint32_t
extract__sig_head(const char *s, size_t len)
{
	uint32_t head = 0;
	if (len >= 4) {
		memcpy(&head, s, 4);
	} else {
		for (size_t i = 0; i < len; i++) {
			head = head << 8 | (unsigned char) s[i];
		}
	}
	uint64_t h = (head ^ ((uint64_t) len << 32)) * 0xC4CEB9FE1A85EC53ull;
	return (uint32_t) (h >> (64 - EX_SIG_LOG2));
}

/* The hash probe behind extract__find, for keys the filter passed. */
const extract__entry *extract__probe(const extract_lexicon *lex, const char *s, size_t len);

/* The entry whose key is s[0..len), or NULL. Inline: most probes miss and
 * the filter rejects them, so they cost no call (the probe, out of line,
 * saves and restores registers). */
static inline const extract__entry *
extract__find(const extract_lexicon *lex, const char *s, size_t len)
{
	if (lex == NULL || lex->n_slots == 0 || len == 0) {
		return NULL;
	}
	uint32_t sig = extract__sig(s, len), sig2 = extract__sig_head(s, len);
	if (!((lex->sig_bits[sig / 64] >> (sig % 64)) & 1u) ||
	    !((lex->sig_bits[sig2 / 64] >> (sig2 % 64)) & 1u)) {
		return NULL;
	}
	return extract__probe(lex, s, len);
}

/* ---------- per-run state shared by the recognisers (extract_dates.c,
 * extract_numbers.c); the small helpers below are static inline so that
 * each pass keeps its token loop free of calls across files. ---------- */

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

/* A lexicon phrase starting at a token: its entry and length in tokens. */
typedef struct {
	const extract__entry *e;
	uint8_t len;
} extract__phrase;

/* Per token; 16 bytes, as it is filled for every token and read by every
 * pass: the rare phrases live in ctx.ph. */
typedef struct {
	const extract__entry *e; /* single-word entry, NULL if none */
	uint32_t ph;             /* first of n_ph phrases in ctx.ph */
	uint8_t off;             /* bytes of proclitics stripped to find e */
	uint8_t roles;           /* e's roles and its phrases': may_start's
	                            question in one test */
	bool definite : 1;       /* the stripped prefix ends in ال */
	bool wa : 1;             /* the stripped prefix starts with و (conjunction) */
	uint8_t n_ph;            /* phrases starting here, longest first (<= 3) */
} tokinfo;

typedef struct {
	const extract_lexicon *lex;
	const text_token *t;
	size_t n;
	tokinfo *ti;
	extract__phrase *ph; /* the phrases of all tokens (tokinfo.ph) */
	size_t n_ph, cap_ph;
	uint8_t *used;
	/* "عدد الجنود ... من 20 إلى 45": the unit the first value of a change
	 * found before it, for the second value (which count_of_before cannot
	 * see past the first number) */
	size_t share_tok; /* token where that second value starts, 0 if none */
	const extract__entry *share_unit;
	size_t share_ua;
	const char *bytes;
	size_t n_bytes;
	extract_result *r;
} ctx;

static inline bool
norm_is(const text_token *t, const char *s)
{
	size_t l = strlen(s);
	return t->norm_len == l && memcmp(t->norm, s, l) == 0;
}

static inline bool
starts_with(const char *s, size_t len, const char *p)
{
	size_t l = strlen(p);
	return len >= l && memcmp(s, p, l) == 0;
}

/* Cheap pre-check of a pass: can anything with these roles start at i? */
static inline bool
may_start(const ctx *c, size_t i, unsigned roles)
{
	if (c->t[i].kind == TEXT_TOKEN_NUMBER) {
		return true;
	}
	return (c->ti[i].roles & roles) != 0;
}

static inline bool
same_sentence(const ctx *c, size_t i, size_t j)
{
	return j < c->n && c->t[i].sentence == c->t[j].sentence;
}

/* Longest phrase starting at token i whose entry has a role in mask; sets
 * *ntok to its length in tokens. Phrases continue only over WORD tokens of
 * the same sentence. */
static inline const extract__entry *
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
		const extract__phrase *ph = &c->ph[ti->ph + m];
		if (ph->e->roles & mask) {
			*ntok = ph->len;
			return ph->e;
		}
	}
	if (ti->e->roles & mask) {
		*ntok = 1;
		return ti->e;
	}
	return NULL;
}

static inline const extract__entry *
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

static inline bool
is_punct(const ctx *c, size_t i, const char *s)
{
	return i < c->n && c->t[i].kind == TEXT_TOKEN_PUNCT && norm_is(&c->t[i], s);
}

static inline bool
adjacent(const ctx *c, size_t i, size_t j)
{
	return j < c->n && c->t[i].span.end == c->t[j].span.start;
}

/* A NUMBER token made of plain digits; returns its value or -1. */
static inline long
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

/* Token after a date that must not be a count noun ("2014 مقاتل" is not a
 * date). */
static inline bool
unit_follows(const ctx *c, size_t j)
{
	size_t nt;
	return j < c->n && match(c, j, EX_R_UNIT, &nt) != NULL;
}

static inline void
mark_used(ctx *c, size_t a, size_t b_excl)
{
	for (size_t k = a; k < b_excl && k < c->n; k++) {
		c->used[k] = 1;
	}
}

static inline int
days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
		return 29;
	}
	return dm[m - 1];
}

static inline bool
valid_ymd(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* The passes, in the order extract_run calls them: dates first (their
 * tokens are then not numbers), then numbers and quantities. */
void extract__dates_pass(ctx *c, extract_ymd *pub, extract_date_source *pub_src, bool have_pub);
void extract__numbers_pass(ctx *c);

#endif
