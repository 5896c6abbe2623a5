/* extract_numbers.c: numbers and quantities of extract/ (see extract.h for
 * the conventions): digits with separators, number words in all genders and
 * cases, scale words, vague amounts, qualifiers, ranges, ordinals, and the
 * unit or counted noun after (or, with عدد, before) the number. Runs after
 * the date pass and skips the tokens dates have taken. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_impl.h"

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

/* After a scale word ending before j: "و" + digits [+ a smaller scale]
 * ("3 آلاف و200" = 3200, "5 ملايين و500 ألف", "مليون و200 ألف").
 * Adds to *total and returns the tokens used (0 if none). */
static size_t
wa_digits_tail(const ctx *c, size_t k, size_t j, double last_scale, double *total)
{
	double rest = 0;
	if (last_scale <= 0 || !same_sentence(c, k, j + 1) || c->t[j].kind != TEXT_TOKEN_WORD ||
	    !norm_is(&c->t[j], "و") || !adjacent(c, j, j + 1) || c->t[j + 1].kind != TEXT_TOKEN_NUMBER ||
	    c->used[j + 1] || numeric_noise(c, j + 1)) {
		return 0;
	}
	const extract__entry *s2 = same_sentence(c, j, j + 2) ? num_entry(c, j + 2) : NULL;
	bool next_scale2 = s2 != NULL && !c->ti[j + 2].wa && is_scale_class(s2->num_class);
	if (!parse_digits(c->t[j + 1].norm, c->t[j + 1].norm_len, next_scale2, &rest) || rest <= 0) {
		return 0;
	}
	if (s2 == NULL && rest < last_scale) {
		*total += rest;
		return 2;
	}
	if (next_scale2 && s2->num_value < last_scale && rest * s2->num_value < last_scale) {
		*total += rest * s2->num_value;
		return 3;
	}
	return 0;
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
			if (h != NULL && h->num_class == EX_N_HALF && c->ti[j].wa && same_sentence(c, k, j)) {
				total += h->num_value * last_scale;
				j++;
			} else {
				j += wa_digits_tail(c, k, j, last_scale, &total);
			}
		}
		np->v = total + cur;
		np->approx = EXTRACT_APPROX_EXACT;
		np->end = j;
		np->scale = last_scale;
		np->vmax = np->v;
		/* "20-30%", "10 - 15 غارة", "20–30%": digits, a hyphen or en dash
		 * (glued on both sides or spaced on both), larger digits, and a
		 * unit after (otherwise a code or a score) */
		double hi = 0;
		bool glued = adjacent(c, k, k + 1) && adjacent(c, k + 1, k + 2);
		bool spaced = !adjacent(c, k, k + 1) && !adjacent(c, k + 1, k + 2);
		if (j == k + 1 && (glued || spaced) && same_sentence(c, k, k + 2) &&
		    (is_punct(c, k + 1, "-") || is_punct(c, k + 1, "\xe2\x80\x93")) &&
		    k + 2 < c->n && c->t[k + 2].kind == TEXT_TOKEN_NUMBER && !c->used[k + 2] &&
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
				/* "ألفا جندي" is the dual construct (2000), but "ألفاً من
				 * المدنيين" the accusative singular (1000): -ا before من */
				const text_token *tk = &c->t[j];
				bool acc = cls == EX_N_SCALE2 && tk->norm_len >= 2 &&
				    memcmp(tk->norm + tk->norm_len - 2, "ا", 2) == 0 && j + 1 < c->n &&
				    same_sentence(c, j, j + 1) && norm_is(&c->t[j + 1], "من");
				if (acc) {
					cls = EX_N_SCALE;
				}
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
				/* "بين ألفين وثلاثة آلاف": a scale word after the added
				 * part, as large as the one before it, makes it a second
				 * number (a range's end), not the units of the first */
				const extract__entry *nx = same_sentence(c, j, j + 1) ? num_entry(c, j + 1) : NULL;
				if (is_scale_class(last) && nx != NULL && !c->ti[j + 1].wa &&
				    is_scale_class(nx->num_class) && nx->num_value >= last_scale) {
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
	if (is_scale_class(last) && cur == 0 && j < c->n) {
		j += wa_digits_tail(c, k, j, last_scale, &total); /* "مليون و200 ألف" */
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
	size_t k = text_token_clitic_offsets(t, offs, 6);
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

/* A change word (qualifiers.tsv kind change: خفض, ارتفع, زيادة ...) in the
 * clause before the from-word at i: up to 10 tokens back, not across
 * punctuation or another number. */
static bool
change_before(const ctx *c, size_t i)
{
	for (size_t back = 1; back <= 10 && back <= i; back++) {
		size_t j = i - back;
		if (!same_sentence(c, i, j) || c->t[j].kind == TEXT_TOKEN_PUNCT ||
		    (c->t[j].kind == TEXT_TOKEN_NUMBER && !c->used[j])) {
			return false;
		}
		const extract__entry *e = c->ti[j].e;
		if (e != NULL && (e->roles & EX_R_QUAL) && e->qual_kind == EX_Q_CHANGE) {
			return true;
		}
	}
	return false;
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
		/* second number after و (a clitic or a token of its own) or إلى;
		 * "ما بين 20 إلى 30" mixes the two openers and is a range too */
		size_t m = end;
		bool ok = false;
		size_t tn = 0;
		const extract__entry *to = match(c, m, EX_R_QUAL, &tn);
		if (to != NULL && to->qual_kind == EX_Q_TO) {
			m += tn;
			ok = true;
		} else if (range_between) {
			if (m < c->n && c->t[m].kind == TEXT_TOKEN_WORD && norm_is(&c->t[m], "و")) {
				m++;
				ok = true;
			} else if (m < c->n && c->ti[m].wa && num_entry(c, m) != NULL) {
				ok = true;
			}
		}
		/* "من 5200 إلى نحو 3000 جندي": a qualifier before the second */
		size_t m2 = m, pn = 0;
		const extract__entry *pq = ok ? match(c, m, EX_R_QUAL, &pn) : NULL;
		if (pq != NULL && pq->qual_kind == EX_Q_PRE) {
			m2 = m + pn;
		}
		numparse np2;
		bool have2 = ok && same_sentence(c, i, m2) && number_at(c, m2, &np2);
		if (have2 && range_from && np2.v != np.v && (np2.v < np.v || change_before(c, i))) {
			/* "ستخفض عدد قواتها من 5200 إلى 3000 جندي": after a change
			 * word (or going down, which no range does) the two numbers
			 * are the value before and after; the first shares the
			 * second's unit. Emit the first here; the second is read on
			 * its own from m. */
			if (np.scale == 0 && np2.scale > 0 && np.v < 1000) {
				np.v *= np2.scale; /* "من 5 إلى 3 آلاف" */
			}
			size_t sa = 0, sb = 0;
			const extract__entry *su =
			    unit_after(c, np2.end, i, np2.approx == EXTRACT_APPROX_VAGUE, &sa, &sb);
			if (su == NULL && (su = count_of_before(c, i, &sa)) != NULL) {
				sb = sa + 1;
				c->share_tok = m;
				c->share_unit = su;
				c->share_ua = sa;
			}
			if (su != NULL && su->unit_count == 2 && su->unit_kind != EX_U_PERCENT) {
				su = NULL; /* "14 يومين" is not Arabic (see below) */
			}
			extract_number n1;
			memset(&n1, 0, sizeof(n1));
			n1.value = n1.value_max = np.v;
			n1.approx = approx ? approx : np.approx;
			n1.sentence = c->t[k].sentence;
			n1.span.start = c->t[k].span.start;
			n1.span.end = c->t[np.end - 1].span.end;
			if (su != NULL) {
				emit(c, n1, su, sa, sb, k, np.end);
			} else {
				emit(c, n1, NULL, 0, 0, k, np.end);
			}
			mark_used(c, i, np.end);
			return np.end - i;
		}
		if (have2 && np2.v > np.v) {
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
	if (unit == NULL && !num.ordinal && c->share_tok != 0 && c->share_tok == i) {
		/* the after value of "عدد القتلى من 20 إلى 45" */
		unit = c->share_unit;
		ua = c->share_ua;
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

void
extract__numbers_pass(ctx *c)
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

