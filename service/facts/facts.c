/* Fact builders over one analysed document. Each builder is one linear pass
 * over the tokens, quantities or sentences, looking only inside the sentence
 * at hand (and at the document's earlier people for a role-word speaker).
 * The words come from corpus/lexicon/facts_*.tsv; this file holds only the
 * binding rules (window sizes, nearest entity, tense), not Arabic word lists.
 * Per-sentence indexes (first mention, first date) are built once so that
 * every lookup is bounded by one sentence. */
#include <stdlib.h>
#include <string.h>

#include "facts_impl.h"

/* A trigger must stand this many tokens before / after the quantity. The
 * Arabic subject often stands well before its number ("شن التحالف الدولي
 * منذ بدء عملياته ... 14 ألف غارة"), the complement right after it. */
#define WIN_BEFORE 10
#define WIN_AFTER 6
/* A quote's speech verb stands at most this many tokens before it. */
#define QUOTE_VERB_WIN 25
/* A closing quote is looked for this many tokens on (quotes may cross
 * sentences but not paragraphs of that length). */
#define QUOTE_MAX_TOKENS 400

typedef struct {
	void *v;
	size_t n, cap, elem;
} vec;

static void *vec_push(vec *a)
{
	if (a->n == a->cap) {
		size_t nc = a->cap ? a->cap * 2 : 8;
		void *nv = realloc(a->v, nc * a->elem);
		if (nv == NULL)
			return NULL;
		a->v = nv;
		a->cap = nc;
	}
	void *p = (char *)a->v + a->n * a->elem;
	memset(p, 0, a->elem);
	a->n++;
	return p;
}

struct facts_result {
	vec quantities, quotes, meetings, events, parts;
};

typedef struct {
	const facts_lexicon *lex;
	const text_doc *doc;
	const char *bytes;
	const text_token *toks;
	size_t n_toks;
	const text_sentence *sents;
	size_t n_sents;
	const extract_quantity *qs;
	size_t n_qs;
	const extract_date *dates;
	size_t n_dates;
	const extract_number *nums;
	size_t n_nums;
	const entity_mention *ms;
	size_t n_ms;
	const entity_role_mention *roles;
	size_t n_roles;
	const entity_result *ents;
	extract_ymd published;
	facts__offs *offs;  /* per token: clitic offsets */
	facts__matches mt;  /* every lexicon match in the document */
	size_t *ms_first;   /* per sentence: first mention index with sentence >= s */
	size_t *date_first; /* per sentence: same for dates */
	facts_result *r;
} ctx;

static const char *ent_id(const ctx *c, entity_ref ref)
{
	const entity_info *in = entity_result_info(c->ents, ref);
	return in ? in->id : "";
}

static entity_kind ent_kind(const ctx *c, entity_ref ref)
{
	const entity_info *in = entity_result_info(c->ents, ref);
	return in ? in->kind : 0;
}

static facts_entity fe_none(void)
{
	facts_entity e = {{ENTITY_REF_NONE}, "", {0, 0}};
	return e;
}

static facts_entity fe_mention(const ctx *c, const entity_mention *m)
{
	facts_entity e = {m->entity, ent_id(c, m->entity), m->span};
	return e;
}

/* As fe_mention, but a capital stands for its country. */
static facts_entity fe_country(const ctx *c, const entity_mention *m)
{
	if (m->form == ENTITY_FORM_CAPITAL && !entity_ref_is_none(m->country)) {
		facts_entity e = {m->country, ent_id(c, m->country), m->span};
		return e;
	}
	return fe_mention(c, m);
}

static facts_provenance prov_of(const ctx *c, uint32_t s, text_span span)
{
	facts_provenance p = {s, span, c->sents[s].span};
	return p;
}

/* First token whose span starts at or after off. */
static size_t tok_at(const ctx *c, uint32_t off)
{
	size_t lo = 0, hi = c->n_toks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->toks[mid].span.start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool after_since(const ctx *c, text_span span)
{
	size_t t = tok_at(c, span.start);
	if (t == 0 || t >= c->n_toks)
		return false;
	const text_token *p = &c->toks[t - 1];
	if (c->toks[t].span.start == span.start && p->sentence == c->toks[t].sentence)
		return strcmp(p->bare, "\xd9\x85\xd9\x86\xd8\xb0") == 0 ||
		    strcmp(p->norm, "\xd9\x85\xd9\x86\xd8\xb0") == 0;
	/* the date span may start at منذ itself */
	return strncmp(c->toks[t].norm, "\xd9\x85\xd9\x86\xd8\xb0", 6) == 0 &&
	    c->toks[t].norm_len == 6;
}

/* Date i of the document when it lies in sentence s, else the publication
 * date (marked from_published). */
static facts_date date_or_published(const ctx *c, uint32_t s, size_t i)
{
	facts_date d;
	memset(&d, 0, sizeof(d));
	if (i < c->n_dates && c->dates[i].sentence == s) {
		d.date = c->dates[i].date;
		d.end = c->dates[i].end;
		d.precision = c->dates[i].precision;
		return d;
	}
	d.date = c->published;
	d.precision = c->published.year ? EXTRACT_PREC_DAY : EXTRACT_PREC_NONE;
	d.from_published = true;
	return d;
}

static facts_date sentence_date(const ctx *c, uint32_t s)
{
	size_t i = c->date_first[s];
	/* "منذ آب 2014" is when something began, not when it holds */
	while (i < c->n_dates && c->dates[i].sentence == s && after_since(c, c->dates[i].span))
		i++;
	return date_or_published(c, s, i);
}

/* Does any pattern of l match a token of [from, to) ? Writes its token and
 * length. */
static bool find_pat(const ctx *c, const facts__patlist *l, size_t from, size_t to,
    size_t *at, size_t *len)
{
	const facts__hit *h = facts__matches_range(&c->mt, l->id, from, to, NULL);
	if (h == NULL)
		return false;
	if (at)
		*at = h->tok;
	if (len)
		*len = h->n;
	return true;
}

/* As find_pat, but the last token of [from, to) where a pattern matches. */
static bool find_pat_last(const ctx *c, const facts__patlist *l, size_t from, size_t to,
    size_t *at, size_t *len)
{
	const facts__hit *e = NULL, *h = facts__matches_range(&c->mt, l->id, from, to, &e);
	if (h == NULL)
		return false;
	const facts__hit *last = e - 1;
	while (last > h && last[-1].tok == last->tok)
		last--; /* the token's first hit: its lowest-numbered pattern */
	*at = last->tok;
	*len = last->n;
	return true;
}

static bool find_tag(const ctx *c, const facts__taglist *l, size_t from, size_t to,
    size_t *at, size_t *len, const char **value)
{
	const facts__hit *h = facts__matches_range(&c->mt, l->id, from, to, NULL);
	if (h == NULL)
		return false;
	*at = h->tok;
	*len = h->n;
	*value = l->v[h->k].value;
	return true;
}

static size_t sent_end(const ctx *c, uint32_t s)
{
	return c->sents[s].first_token + c->sents[s].n_tokens;
}

static bool kind_ok(const ctx *c, const entity_mention *m, facts__subject want)
{
	entity_kind k = ent_kind(c, m->entity);
	/* "أعلنت واشنطن": a capital may stand for its country's government */
	if (want == FACTS__SUBJ_COUNTRY && m->form == ENTITY_FORM_CAPITAL &&
	    !entity_ref_is_none(m->country))
		return true;
	switch (want) {
	case FACTS__SUBJ_COUNTRY:
		return k == ENTITY_KIND_COUNTRY;
	case FACTS__SUBJ_PLACE:
		return k == ENTITY_KIND_PLACE || k == ENTITY_KIND_COUNTRY;
	case FACTS__SUBJ_ANY:
		return k == ENTITY_KIND_COUNTRY || k == ENTITY_KIND_ORGANIZATION;
	default:
		return false;
	}
}

/* Nearest mention of sentence s (by token distance to token t) of a kind.
 * A country subject is the actor, which Arabic puts before the number
 * ("قررت ألمانيا إرسال 150 جنديا إلى العراق"): mentions after t count as
 * farther by a whole window. */
static const entity_mention *nearest(const ctx *c, uint32_t s, size_t t, facts__subject want,
    bool after_only)
{
	const entity_mention *best = NULL;
	size_t bestd = (size_t)-1;
	for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
		const entity_mention *m = &c->ms[i];
		if (!kind_ok(c, m, want))
			continue;
		if (after_only && m->first_token < t)
			continue;
		size_t d = m->first_token > t ? m->first_token - t : t - m->first_token;
		if (want == FACTS__SUBJ_COUNTRY && m->first_token > t)
			d += 64;
		if (d < bestd) {
			bestd = d;
			best = m;
		}
	}
	return best;
}

static const entity_mention *find_id_in(const ctx *c, uint32_t s, const char *id)
{
	for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++)
		if (strcmp(ent_id(c, c->ms[i].entity), id) == 0)
			return &c->ms[i];
	return NULL;
}

static facts_entity implied(const ctx *c, uint32_t s, const char *id)
{
	const entity_mention *m = find_id_in(c, s, id);
	if (m)
		return fe_mention(c, m);
	facts_entity e = fe_none();
	e.id = id; /* static: the metric implies it */
	return e;
}

/* --- quantities */

/* A comma (Arabic or Latin) or semicolon at token t. */
static bool clause_mark(const ctx *c, size_t t)
{
	const char *b = c->bytes + c->toks[t].span.start;
	size_t n = c->toks[t].span.end - c->toks[t].span.start;
	return (n == 1 && (b[0] == ',' || b[0] == ';')) ||
	    (n == 2 && (memcmp(b, "\xd8\x8c", 2) == 0 || memcmp(b, "\xd8\x9b", 2) == 0));
}


/* The country a mention names: a country (by name or nisba), a capital's
 * country, a place's country; "" otherwise. */
static const char *country_of(const ctx *c, const entity_mention *m)
{
	if (m->form == ENTITY_FORM_CAPITAL && !entity_ref_is_none(m->country))
		return ent_id(c, m->country);
	const entity_info *in = entity_result_info(c->ents, m->entity);
	if (in == NULL)
		return "";
	if (in->kind == ENTITY_KIND_COUNTRY)
		return in->id;
	return in->kind == ENTITY_KIND_PLACE ? in->country : "";
}

/* The country a quantity is located in: the first country or place after
 * it in its sentence ("56% ... في العراق، و27 % ... في سوريا"), else the
 * last one before it. Writes its country id to *id when id is not NULL. */
static const entity_mention *country_at(const ctx *c, uint32_t s, size_t t0, size_t t1, const char **id)
{
	const entity_mention *before = NULL;
	for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
		const entity_mention *m = &c->ms[i];
		const char *cid = country_of(c, m);
		if (cid[0] == '\0')
			continue;
		if (m->first_token >= t1) {
			if (id)
				*id = cid;
			return m;
		}
		if (m->first_token < t0)
			before = m;
	}
	if (before && id)
		*id = country_of(c, before);
	return before;
}

/* "عدد الجنود الأميركيين في العراق الى 4600": a plural nisba before the
 * number (in [from, t0)) qualifies the people counted, so it names their
 * country rather than the nearer country name. The last such, or NULL. */
static const entity_mention *plural_nisba(const ctx *c, uint32_t s, size_t from, size_t t0)
{
	static const char yn[] = "\xd9\x8a\xd9\x86", wn[] = "\xd9\x88\xd9\x86"; /* ين ون */
	const entity_mention *best = NULL;
	for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
		const entity_mention *m = &c->ms[i];
		if (m->first_token >= t0)
			break;
		if (m->form != ENTITY_FORM_NISBA || m->first_token < from || m->n_tokens != 1)
			continue;
		const text_token *t = &c->toks[m->first_token];
		if (t->norm_len > 4 && (memcmp(t->norm + t->norm_len - 4, yn, 4) == 0 ||
		                           memcmp(t->norm + t->norm_len - 4, wn, 4) == 0))
			best = m;
	}
	return best;
}

/* Does token t carry a proclitic و ("وسوريا"), or is it a lone و? */
static bool wa_at(const ctx *c, size_t t)
{
	const text_token *k = &c->toks[t];
	return strncmp(k->norm, "\xd9\x88", 2) == 0 && (k->norm_len == 2 || k->bare_len < k->norm_len);
}

/* Are mentions a and b (a before b) two countries joined by و ("العراق
 * وسوريا", "الموصل والرقة"): each naming a different country? */
static bool joined_pair(const ctx *c, const entity_mention *a, const entity_mention *b)
{
	const char *x = country_of(c, a), *y = country_of(c, b);
	if (x[0] == '\0' || y[0] == '\0' || strcmp(x, y) == 0)
		return false;
	size_t end = a->first_token + a->n_tokens;
	if (b->first_token == end)
		return wa_at(c, b->first_token);
	return b->first_token == end + 1 && c->toks[end].norm_len == 2 && wa_at(c, end);
}

/* Is mention m (of sentence s) one of two countries joined by و? Then a
 * quantity located there is about both, not about either alone. */
static bool joined_country(const ctx *c, uint32_t s, const entity_mention *m)
{
	size_t i = (size_t)(m - c->ms);
	if (i > c->ms_first[s] && joined_pair(c, &c->ms[i - 1], m))
		return true;
	return i + 1 < c->n_ms && c->ms[i + 1].sentence == s && joined_pair(c, m, &c->ms[i + 1]);
}

/* A row's required entity: a country must be the one the quantity is
 * located in (a place in it counts), and alone: "98% ... في العراق وسوريا"
 * is a share of both; another entity must be named. */
static bool requires_ok(const ctx *c, uint32_t s, size_t t0, size_t t1, const char *req)
{
	if (strncmp(req, "country:", 8) != 0)
		return find_id_in(c, s, req) != NULL;
	const char *id = "";
	const entity_mention *m = country_at(c, s, t0, t1, &id);
	return m != NULL && strcmp(id, req) == 0 && !joined_country(c, s, m);
}

/* Does a contrasting clause open at token t: بينما, فيما, في حين ("7
 * مليارات دولار بينما تحتاج سوريا إلى ...")? */
static bool clause_word(const ctx *c, size_t t)
{
	static const char baynama[] = "\xd8\xa8\xd9\x8a\xd9\x86\xd9\x85\xd8\xa7"; /* بينما */
	static const char fima[] = "\xd9\x81\xd9\x8a\xd9\x85\xd8\xa7";             /* فيما */
	static const char fi[] = "\xd9\x81\xd9\x8a", hin[] = "\xd8\xad\xd9\x8a\xd9\x86"; /* في حين */
	const char *w = c->toks[t].bare;
	if (strcmp(w, baynama) == 0 || strcmp(w, fima) == 0 || strcmp(c->toks[t].norm, fima) == 0)
		return true;
	return t + 1 < c->n_toks && c->toks[t + 1].sentence == c->toks[t].sentence &&
	    (strcmp(c->toks[t].norm, fi) == 0 || strcmp(w, fi) == 0) && strcmp(c->toks[t + 1].norm, hin) == 0;
}

/* "بغداد - أعلن ...": a dateline says where the report was filed, not
 * where what it reports happened. */
static bool dateline(const ctx *c, uint32_t s, const entity_mention *m)
{
	size_t nt = m->first_token + m->n_tokens;
	return m->first_token == c->sents[s].first_token && nt < c->n_toks &&
	    c->toks[nt].kind == TEXT_TOKEN_PUNCT && c->bytes[c->toks[nt].span.start] == '-';
}

/* Is token k a relative pronoun: a "rel" word of facts_quotes.tsv with the
 * article (الذي, التي, اللذين ...; not قد)? */
static bool rel_pronoun(const ctx *c, size_t k)
{
	static const char al[] = "\xd8\xa7\xd9\x84"; /* ال */
	const facts__patlist *rel = &c->lex->rel;
	const facts__hit *h = facts__matches_range(&c->mt, rel->id, k, k + 1, NULL);
	return h && strncmp(rel->v[h->k].w[0], al, 4) == 0;
}

/* Where a window before token t0 starts: max tokens back (or, when max is
 * (size_t)-1, back to the comma that opens t0's clause), not counting a
 * relative clause set off by commas ("ويتكون التحالف، الذي أعلن عن تشكيله
 * في أيلول 2014، من 79 دولة"), which stands between a noun and the rest of
 * its clause, nor (for max tokens) the first relative clause before t0. */
#define REL_MAX 16
static size_t window_start(const ctx *c, size_t sb, size_t t0, size_t max)
{
	size_t t = t0, counted = 0;
	bool rel = false;
	/* the "rel" hits before t0, walked down along with t (which only
	 * decreases): rel_pronoun(c, t) without a search at each token */
	const facts__patlist *rl = &c->lex->rel;
	const facts__hit *rb = NULL, *re = NULL;
	if (max != (size_t)-1)
		rb = facts__matches_range(&c->mt, rl->id, sb, t0, &re);
	while (t > sb && counted < max) {
		t--;
		/* "عدد الجنود الذين وصلوا إلى الأردن في ... نحو 350 جنديا": the
		 * (first) relative clause before the number does not count;
		 * rel_at: rel_pronoun(c, t) */
		bool rel_at = false;
		if (!rel && rb) {
			while (re > rb && re[-1].tok > t)
				re--;
			const facts__hit *x = re;
			while (x > rb && x[-1].tok == t)
				x--; /* the token's first hit: its lowest-numbered pattern */
			rel_at = x < re && strncmp(rl->v[x->k].w[0], "\xd8\xa7\xd9\x84" /* ال */, 4) == 0;
		}
		if (rel_at) {
			rel = true; /* once, and not across a comma (below) */
			counted = 0;
			continue;
		}
		if (c->toks[t].kind == TEXT_TOKEN_PUNCT && clause_mark(c, t)) {
			size_t k = t, lo = t > sb + REL_MAX ? t - REL_MAX : sb;
			while (k > lo && !(c->toks[k - 1].kind == TEXT_TOKEN_PUNCT && clause_mark(c, k - 1)))
				k--;
			/* k: the token after the previous comma */
			if (k > lo && k < t && rel_pronoun(c, k)) {
				t = k - 1; /* skip the clause and its opening comma */
				continue;
			}
			if (max == (size_t)-1)
				return t + 1;
			rel = true; /* a clause before the comma is no clause of t0 */
		}
		counted++;
	}
	return t;
}

/* Is the date at token dt (sentence s) about something other than the
 * quantity starting at token t0? A date in the clause of a founding verb
 * ("الذي تأسس في أيلول 2014", kind "origin" of facts_quotes.tsv, up to 4
 * tokens before it) says when something began; a date in a relative clause
 * (a relative pronoun, a "rel" word with the article, up to 6 tokens
 * before it) that opens after the quantity, that a comma closes before
 * it, or whose antecedent follows a trigger of the quantity's row (trig,
 * from token wb: "ويبلغ عدد الجنود الذين أرسلوا في حزيران 2014 نحو 5200
 * جندي" counts with the main clause) is about another noun. Neither
 * crosses a comma. */
#define ORIGIN_WIN 4
#define REL_WIN 6
static bool foreign_date(const ctx *c, uint32_t s, size_t dt, size_t t0, const facts__patlist *trig,
    size_t wb)
{
	size_t sb = c->sents[s].first_token;
	size_t lo = dt > sb + REL_WIN ? dt - REL_WIN : sb;
	for (size_t k = dt; k-- > lo;) {
		if (c->toks[k].kind == TEXT_TOKEN_PUNCT && clause_mark(c, k))
			return false;
		if (k + ORIGIN_WIN >= dt && find_pat(c, &c->lex->origin, k, k + 1, NULL, NULL))
			return true;
		if (rel_pronoun(c, k)) {
			if (t0 < k)
				return true;
			for (size_t t = dt; t < t0; t++)
				if (c->toks[t].kind == TEXT_TOKEN_PUNCT && clause_mark(c, t))
					return true;
			/* a trigger before the antecedent (the word right before
			 * the pronoun): the main clause holds the count */
			return trig && trig->n && k > wb + 1 && find_pat(c, trig, wb, k - 1, NULL, NULL);
		}
	}
	return false;
}

/* A quantity's as-of date: the sentence's first date that neither follows
 * منذ nor is foreign to it (foreign_date), else the publication date. */
static facts_date quantity_date(const ctx *c, uint32_t s, size_t t0, const facts__patlist *trig, size_t wb)
{
	size_t i = c->date_first[s];
	for (; i < c->n_dates && c->dates[i].sentence == s; i++)
		if (!after_since(c, c->dates[i].span) &&
		    !foreign_date(c, s, tok_at(c, c->dates[i].span.start), t0, trig, wb))
			break;
	return date_or_published(c, s, i);
}

static size_t comp_last(const ctx *c, size_t from, size_t to);
static bool located(const ctx *c, const entity_mention *m);

/* The country a mention stands for as an actor: a country, a capital's
 * country, or the country of a national body (a ministry, armed force or
 * command of one state: "سلاح الجو الملكي", "وزارة الدفاع البريطانية");
 * "" for anything else. */
static const char *actor_country(const ctx *c, const entity_mention *m)
{
	if (m->form == ENTITY_FORM_CAPITAL && !entity_ref_is_none(m->country))
		return ent_id(c, m->country);
	const entity_info *in = entity_result_info(c->ents, m->entity);
	if (in == NULL)
		return "";
	if (in->kind == ENTITY_KIND_COUNTRY)
		return in->id;
	if (in->kind == ENTITY_KIND_ORGANIZATION && in->country && in->country[0] &&
	    (strcmp(in->subtype, "government_body") == 0 || strcmp(in->subtype, "military_force") == 0 ||
	        strcmp(in->subtype, "military_command") == 0))
		return in->country;
	return "";
}

/* The country mention m stands for (actor_country, non-empty) as a fact
 * entity: a national body's country has ref NONE (the gazetteer id only)
 * and the body's span. */
static facts_entity actor_entity(const ctx *c, const entity_mention *m)
{
	if (m->form == ENTITY_FORM_CAPITAL || ent_kind(c, m->entity) == ENTITY_KIND_COUNTRY)
		return fe_country(c, m);
	facts_entity e = {{ENTITY_REF_NONE}, actor_country(c, m), m->span};
	return e;
}

/* Who carried out strikes counted at token t0 of sentence s: the coalition
 * when the sentence names it; else the country of the nearest country or
 * national body up to WIN_BEFORE tokens before the number ("وكانت الطائرات
 * الفرنسية قد نفذت", "أن سلاح الجو الملكي نفذ"), else of the one that
 * announces the clause holding the number (before its إن/أن: "أعلنت وزارة
 * الدفاع البريطانية ... أن ..."); else the coalition, implied. */
static facts_entity strike_actor(const ctx *c, uint32_t s, size_t t0)
{
	static const char tahaluf[] = "\xd8\xaa\xd8\xad\xd8\xa7\xd9\x84\xd9\x81"; /* تحالف */
	/* bare "التحالف" is no gazetteer mention but names it all the same */
	bool coalition = find_id_in(c, s, "org:global_coalition") != NULL;
	for (size_t t = c->sents[s].first_token; t < sent_end(c, s) && !coalition; t++)
		coalition = strcmp(c->toks[t].bare, tahaluf) == 0;
	if (coalition)
		return implied(c, s, "org:global_coalition");
	const entity_mention *near = NULL, *announcer = NULL;
	/* the last complementizer before the number */
	size_t comp = comp_last(c, c->sents[s].first_token, t0);
	for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
		const entity_mention *m = &c->ms[i];
		if (m->first_token >= t0)
			break;
		if (actor_country(c, m)[0] == '\0')
			continue;
		if (m->first_token + WIN_BEFORE >= t0 && m->first_token >= comp)
			near = m;
		else if (m->first_token < comp)
			announcer = m;
	}
	const entity_mention *m = near ? near : announcer;
	if (m == NULL)
		return implied(c, s, "org:global_coalition");
	return actor_entity(c, m);
}

/* Is token t a word saying "from" or a direction from a place (عن, من,
 * جنوب, شمال, شرق, غرب and their nisba forms جنوبي ...), so that the place
 * right after it is where a distance is measured from? */
static bool from_word(const ctx *c, size_t t)
{
	static const char *const w[] = {
	    "\xd8\xb9\xd9\x86",                         /* عن */
	    "\xd9\x85\xd9\x86",                         /* من */
	    "\xd8\xac\xd9\x86\xd9\x88\xd8\xa8",         /* جنوب */
	    "\xd8\xb4\xd9\x85\xd8\xa7\xd9\x84",         /* شمال */
	    "\xd8\xb4\xd8\xb1\xd9\x82",                 /* شرق */
	    "\xd8\xba\xd8\xb1\xd8\xa8",                 /* غرب */
	};
	const text_token *k = &c->toks[t];
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		size_t n = strlen(w[i]);
		/* the word itself, or with the nisba ي (جنوبي) */
		if (k->norm_len == n && memcmp(k->norm, w[i], n) == 0)
			return true;
		if (k->norm_len == n + 2 && memcmp(k->norm, w[i], n) == 0 && memcmp(k->norm + n, "\xd9\x8a", 2) == 0)
			return true;
	}
	return false;
}

/* The place a distance at tokens [t0, t1) of sentence s is measured from:
 * the place right after a "from" word (from_word, or a direction after it:
 * "إلى الجنوب من الموصل") near the number, before it ("تبعد عن الموصل بنحو
 * 40 كيلومترا") or after it ("على بعد 60 كيلومترا جنوب الموصل"); else the
 * first place after the number, else one up to WIN_BEFORE tokens before. */
static const entity_mention *distance_from(const ctx *c, uint32_t s, size_t t0, size_t t1)
{
	const entity_mention *after = NULL, *before = NULL;
	for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
		const entity_mention *m = &c->ms[i];
		if (!kind_ok(c, m, FACTS__SUBJ_PLACE))
			continue;
		size_t ft = m->first_token;
		bool near = ft + WIN_BEFORE >= t0 && ft < t1 + WIN_AFTER;
		if (near && ft > c->sents[s].first_token && from_word(c, ft - 1))
			return m;
		if (ft >= t1 && after == NULL)
			after = m;
		if (ft < t0 && ft + WIN_BEFORE >= t0)
			before = m;
	}
	return after ? after : before;
}

/* What lies at a distance: the nearest place named before the number that
 * is not the entity it is measured from (from), except that in "X في Y"
 * right before it the subject is X (a base, not the province it is in:
 * "قاعدة عين الأسد في الأنبار"), while a place after في with no place
 * just before is the subject ("معقله في الفلوجة الواقعة على بعد 70 كم");
 * else the first such place after it; none when there is no other. */
static facts_entity distance_subject(const ctx *c, uint32_t s, size_t t0, const entity_mention *from)
{
	const entity_mention *best = NULL, *prev = NULL, *after = NULL;
	for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
		const entity_mention *m = &c->ms[i];
		if (!kind_ok(c, m, FACTS__SUBJ_PLACE) || ent_kind(c, m->entity) != ENTITY_KIND_PLACE ||
		    (from && m->entity.v == from->entity.v))
			continue;
		if (m->first_token >= t0) {
			if (after == NULL)
				after = m;
			continue;
		}
		bool in_prev = located(c, m) && prev != NULL && prev->first_token + prev->n_tokens + 1 >= m->first_token;
		best = in_prev ? prev : m;
		prev = m;
	}
	/* "على بعد 60 كم من الموصل تقع قاعدة القيارة": else the first after */
	if (best == NULL)
		best = after;
	return best ? fe_mention(c, best) : fe_none();
}

static int qty_cmp(const void *a, const void *b)
{
	const facts_quantity *x = a, *y = b;
	return x->prov.span.start < y->prov.span.start ? -1 : x->prov.span.start > y->prov.span.start;
}

static bool ymd_after(extract_ymd a, extract_ymd b);

/* Is quantity qi the value before a change, "من 5200 إلى 3000 جندي"
 * (extract.h: its span is its number only, and the value after, of the same
 * unit, follows إلى, perhaps after a qualifier: "إلى نحو 3000")? */
static bool change_before(const ctx *c, size_t qi)
{
	static const char ila[] = "\xd8\xa7\xd9\x84\xd9\x8a"; /* الي (إلى) */
	const extract_quantity *q = &c->qs[qi];
	if (qi + 1 >= c->n_qs || q->span.end != q->number.span.end || q->span.start != q->number.span.start)
		return false;
	const extract_quantity *n = &c->qs[qi + 1];
	if (n->sentence != q->sentence || strcmp(n->unit, q->unit) != 0)
		return false;
	size_t t1 = tok_at(c, q->span.end), t2 = tok_at(c, n->span.start);
	return t2 > t1 && t2 <= t1 + 2 && strcmp(c->toks[t1].norm, ila) == 0;
}

/* Does date d (a stated as-of date) end before the publication day? */
static bool date_before_published(const ctx *c, facts_date d)
{
	extract_ymd p = c->published, e = d.date;
	if (d.precision == EXTRACT_PREC_YEAR)
		return e.year < p.year;
	if (d.precision != EXTRACT_PREC_DAY)
		return e.year < p.year || (e.year == p.year && e.month < p.month);
	return ymd_after(p, e);
}

/* The first place with a country after في (located) from token t to se in
 * t's clause (no comma between), or NULL. */
static const entity_mention *place_after_fi(const ctx *c, uint32_t s, size_t t, size_t se)
{
	for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
		const entity_mention *m = &c->ms[i];
		if (m->first_token < t)
			continue;
		if (m->first_token >= se)
			break;
		bool cut = false;
		for (size_t k = t; k < m->first_token && !cut; k++)
			cut = c->toks[k].kind == TEXT_TOKEN_PUNCT && clause_mark(c, k);
		if (cut)
			return NULL;
		if (ent_kind(c, m->entity) == ENTITY_KIND_PLACE && country_of(c, m)[0] != '\0' && located(c, m))
			return m;
	}
	return NULL;
}

/* Does "من دول التحالف" stand within 4 tokens after t (before se)? */
static bool of_coalition_states(const ctx *c, size_t t, size_t se)
{
	static const char min[] = "\xd9\x85\xd9\x86", duwal[] = "\xd8\xaf\xd9\x88\xd9\x84",
	                  al_tahaluf[] = "\xd8\xa7\xd9\x84\xd8\xaa\xd8\xad\xd8\xa7\xd9\x84\xd9\x81";
	for (size_t k = t; k < t + 4 && k + 2 < se; k++)
		if (strcmp(c->toks[k].norm, min) == 0 && strcmp(c->toks[k + 1].norm, duwal) == 0 &&
		    strcmp(c->toks[k + 2].norm, al_tahaluf) == 0)
			return true;
	return false;
}

static int build_quantities(ctx *c)
{
	const facts_lexicon *lex = c->lex;
	for (size_t qi = 0; qi < c->n_qs; qi++) {
		const extract_quantity *q = &c->qs[qi];
		uint32_t s = q->sentence;
		size_t t0 = tok_at(c, q->span.start);
		size_t t1 = tok_at(c, q->span.end); /* first token after */
		/* "الدول الـ74 وخمس منظمات": countries and organisations joined by و
		 * are one count (of members, usually); the window runs past both */
		bool joined = strcmp(q->unit, "country") == 0 && qi + 1 < c->n_qs &&
		    c->qs[qi + 1].sentence == s && strcmp(c->qs[qi + 1].unit, "organization") == 0 &&
		    tok_at(c, c->qs[qi + 1].span.start) <= t1 + 1 &&
		    c->qs[qi + 1].number.approx == EXTRACT_APPROX_EXACT;
		if (joined)
			t1 = tok_at(c, c->qs[qi + 1].span.end);
		size_t sb = c->sents[s].first_token, se = sent_end(c, s);
		size_t wb = window_start(c, sb, t0, WIN_BEFORE);
		/* "استعادة 56% من المناطق ... في العراق، و27 % من التي ... في
		 * سوريا": a share joined by و to the one before it, of the same
		 * unit, elides its words: its window starts where that one's does */
		if (qi > 0 && c->qs[qi - 1].sentence == s && strcmp(c->qs[qi - 1].unit, q->unit) == 0 &&
		    (wa_at(c, t0) || (t0 > sb && c->toks[t0 - 1].norm_len == 2 && wa_at(c, t0 - 1)))) {
			size_t pw = window_start(c, sb, tok_at(c, c->qs[qi - 1].span.start), WIN_BEFORE);
			if (pw < wb)
				wb = pw;
		}
		size_t we = t1 + WIN_AFTER < se ? t1 + WIN_AFTER : se;
		/* a complement follows its number within its clause: "30 مليار
		 * دولار، في حين قدرت بغداد احتياجاتها" is no need of 30 billion */
		for (size_t t = t1; t < we; t++)
			if ((c->toks[t].kind == TEXT_TOKEN_PUNCT && clause_mark(c, t)) || clause_word(c, t)) {
				we = t;
				break;
			}
		const facts__metric *hit = NULL;
		uint32_t unit_hash = facts__word_hash(q->unit, strlen(q->unit));
		for (size_t k = 0; k < lex->n_metrics && hit == NULL; k++) {
			const facts__metric *m = &lex->metrics[k];
			if (!m->any_unit && (m->unit_hash != unit_hash || strcmp(m->unit, q->unit) != 0))
				continue;
			if (m->requires && !requires_ok(c, s, t0, t1, m->requires))
				continue;
			if (m->trig.n && !find_pat(c, &m->trig, wb, we, NULL, NULL))
				continue;
			if (m->neg.n && find_pat(c, &m->neg, wb, we, NULL, NULL))
				continue;
			hit = m;
		}
		if (hit == NULL)
			continue;
		facts_quantity *f = vec_push(&c->r->quantities);
		if (f == NULL)
			return -1;
		f->prov = prov_of(c, s, q->span);
		f->metric = hit->metric;
		/* "خفض قواته من 1000 إلى 400 جندي": both values count the troops
		 * there (before and after), none counts those withdrawn */
		if (strcmp(f->metric, "troops.withdrawn") == 0 &&
		    (change_before(c, qi) || (qi > 0 && change_before(c, qi - 1))))
			f->metric = "troops.deployed";
		f->value = q->number.value;
		f->value_max = q->number.value_max;
		f->unit = q->unit;
		if (joined) { /* the organisations are not counted twice */
			qi++;
			f->value += c->qs[qi].number.value;
			f->value_max += c->qs[qi].number.value_max;
			f->prov.span.end = c->qs[qi].span.end;
			f->unit = "member"; /* as documented; it was overwritten */
		}
		f->approx = q->number.approx;
		f->subject = fe_none();
		f->place = fe_none();
		switch (hit->subject) {
		case FACTS__SUBJ_COALITION:
			f->subject = implied(c, s, "org:global_coalition");
			break;
		case FACTS__SUBJ_ACTOR:
			f->subject = strike_actor(c, s, t0);
			break;
		case FACTS__SUBJ_RECIPIENT: {
			/* "ملياري دولار من أجل العراق": the country after the amount
			 * receives it; else the one before gives it */
			const entity_mention *m = nearest(c, s, t1, FACTS__SUBJ_COUNTRY, true);
			if (m) {
				f->subject = fe_country(c, m);
				break;
			}
			/* "لمشروعات الاستقرار ... في شمال شرق سوريا": a place
			 * after في in the amount's clause names the recipient
			 * country it lies in */
			const entity_mention *pl = place_after_fi(c, s, t1, se);
			if (pl) {
				f->subject = (facts_entity){{ENTITY_REF_NONE}, country_of(c, pl), pl->span};
				break;
			}
			/* ... else the last country or national body before it in its
			 * own clause ("فيما قدرت الحكومة العراقية حاجات الإعمار
			 * بنحو 88 مليار"; not "تعهدت ألمانيا بتقديم 350 مليون يورو،
			 * فيما تحتاج المناطق المحررة إلى 2 مليار دولار") */
			size_t cs = window_start(c, sb, t0, (size_t)-1);
			for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
				const entity_mention *b = &c->ms[i];
				if (b->first_token >= t0)
					break;
				if (b->first_token >= cs && actor_country(c, b)[0] != '\0')
					m = b;
			}
			if (m)
				f->subject = actor_entity(c, m);
			break;
		}
		case FACTS__SUBJ_ISIS:
			f->subject = implied(c, s, "org:isis");
			break;
		case FACTS__SUBJ_NONE:
			break;
		default: {
			const entity_mention *m = hit->subject == FACTS__SUBJ_COUNTRY ? plural_nisba(c, s, wb, t0) : NULL;
			if (m == NULL)
				m = nearest(c, s, t0, hit->subject, false);
			if (m)
				f->subject = hit->subject == FACTS__SUBJ_COUNTRY ? fe_country(c, m)
				                                                : fe_mention(c, m);
			/* "2500 مستشار ومدرب من دول التحالف": no one country's
			 * soldiers, but the coalition states' */
			else if (hit->subject == FACTS__SUBJ_COUNTRY && of_coalition_states(c, t1, se))
				f->subject = implied(c, s, "org:global_coalition");
		}
		}
		const entity_mention *req = NULL;
		if (hit->requires && strncmp(hit->requires, "country:", 8) == 0)
			req = country_at(c, s, t0, t1, NULL);
		else if (hit->requires)
			req = find_id_in(c, s, hit->requires);
		entity_kind rk = req ? ent_kind(c, req->entity) : 0;
		if (req && (rk == ENTITY_KIND_PLACE || rk == ENTITY_KIND_COUNTRY)) {
			f->place = fe_mention(c, req);
		} else if (strcmp(q->unit, "km") == 0 || strcmp(q->unit, "mile") == 0) {
			const entity_mention *from = distance_from(c, s, t0, t1);
			if (from)
				f->place = fe_mention(c, from);
			/* the subject is what lies at that distance, never the
			 * place it is measured from */
			if (hit->subject == FACTS__SUBJ_PLACE)
				f->subject = distance_subject(c, s, t0, from);
		} else {
			/* "في الموصل والرقة": two places of two countries are no
			 * single place of the fact */
			const entity_mention *m = nearest(c, s, t0, FACTS__SUBJ_PLACE, false);
			if (m && ent_kind(c, m->entity) == ENTITY_KIND_PLACE && !joined_country(c, s, m) &&
			    !dateline(c, s, m))
				f->place = fe_mention(c, m);
		}
		f->as_of = quantity_date(c, s, t0, &hit->trig, wb);
		/* "ستخفض ... من 5200 إلى 3000 جندي بحلول نهاية أيلول": the value
		 * before a change (extract gives it as a number-only quantity
		 * followed by إلى and the value after) holds now; only the value
		 * after holds at the stated target date */
		if (change_before(c, qi) && !f->as_of.from_published && c->published.year &&
		    !date_before_published(c, f->as_of)) {
			memset(&f->as_of, 0, sizeof(f->as_of));
			f->as_of.date = c->published;
			f->as_of.precision = EXTRACT_PREC_DAY;
			f->as_of.from_published = true;
		}
	}
	return 0;
}

/* Does a pattern of l end right before token end, its last word at most
 * FACTS__MAX_WORDS tokens back? */
static bool pat_ends_at(const ctx *c, const facts__patlist *l, size_t from, size_t end)
{
	/* every pattern: "دول" as well as "دول التحالف" */
	const facts__hit *e = NULL;
	const facts__hit *h = facts__matches_range(&c->mt, l->id,
	    end > from + FACTS__MAX_WORDS ? end - FACTS__MAX_WORDS : from, end, &e);
	for (; h && h < e; h++)
		if (h->tok + h->n == end)
			return true;
	return false;
}

/* Rows of unit "ordinal": a bare ordinal number that is no quantity of its
 * own ("اجتمع المدراء السياسيون لدول التحالف الـ83") counts what a trigger
 * right before it names, with at most a mention of the row's implied
 * subject between them ("دول التحالف الدولي ضد داعش الـ83"). One fact,
 * unit "member", per such number; facts stay in text order. */
static int build_ordinals(ctx *c)
{
	const facts_lexicon *lex = c->lex;
	size_t before = c->r->quantities.n, qi = 0;
	for (size_t ni = 0; ni < c->n_nums; ni++) {
		const extract_number *nu = &c->nums[ni];
		if (!nu->ordinal)
			continue;
		while (qi < c->n_qs && c->qs[qi].span.end <= nu->span.start)
			qi++;
		if (qi < c->n_qs && c->qs[qi].span.start < nu->span.end)
			continue; /* "العضو الـ68" is a quantity already */
		uint32_t s = nu->sentence;
		size_t t0 = tok_at(c, nu->span.start), sb = c->sents[s].first_token;
		for (size_t k = 0; k < lex->n_metrics; k++) {
			const facts__metric *m = &lex->metrics[k];
			if (strcmp(m->unit, "ordinal") != 0 || m->trig.n == 0)
				continue;
			const char *sid = m->subject == FACTS__SUBJ_COALITION ? "org:global_coalition"
			    : m->subject == FACTS__SUBJ_ISIS ? "org:isis" : NULL;
			size_t end = t0;
			const entity_mention *sm = sid ? find_id_in(c, s, sid) : NULL;
			for (; sm && sm < c->ms + c->n_ms && sm->sentence == s; sm++)
				if (sm->first_token + sm->n_tokens == t0 && strcmp(ent_id(c, sm->entity), sid) == 0) {
					end = sm->first_token;
					break;
				}
			if (!pat_ends_at(c, &m->trig, sb, end))
				continue;
			facts_quantity *f = vec_push(&c->r->quantities);
			if (f == NULL)
				return -1;
			f->prov = prov_of(c, s, nu->span);
			f->metric = m->metric;
			f->value = nu->value;
			f->value_max = nu->value_max;
			f->approx = nu->approx;
			f->unit = "member";
			f->subject = sid ? implied(c, s, sid) : fe_none();
			f->place = fe_none();
			f->as_of = quantity_date(c, s, t0, NULL, 0);
			break;
		}
	}
	if (c->r->quantities.n > before)
		qsort(c->r->quantities.v, c->r->quantities.n, sizeof(facts_quantity), qty_cmp);
	return 0;
}

/* --- quotes */

static bool is_quote_mark(const text_token *t)
{
	if (t->kind != TEXT_TOKEN_PUNCT)
		return false;
	/* strchr(t->norm, '"') inline: asked of every token, most of them a
	 * byte or two */
	for (const char *p = t->norm; *p; p++)
		if (*p == '"')
			return true;
	return false;
}

/* -1: an opening-only mark (« U+00AB, “ U+201C), 1: a closing-only mark
 * (» U+00BB, ” U+201D), 0: either ('"'). Read from the original bytes since
 * the matching form folds them all to '"'. */
static int mark_dir(const ctx *c, const text_token *t)
{
	const unsigned char *b = (const unsigned char *)c->bytes + t->span.start;
	size_t n = t->span.end - t->span.start;
	if (n >= 2 && b[0] == 0xC2 && b[1] == 0xAB)
		return -1;
	if (n >= 2 && b[0] == 0xC2 && b[1] == 0xBB)
		return 1;
	if (n >= 3 && b[0] == 0xE2 && b[1] == 0x80 && b[2] == 0x9C)
		return -1;
	if (n >= 3 && b[0] == 0xE2 && b[1] == 0x80 && b[2] == 0x9D)
		return 1;
	return 0;
}

/* Is person mention m the holder of an office in the genitive, after لل
 * ("الموفد الخاص للرئيس الأمريكي باراك أوباما")? Then it is whose envoy
 * the speaker is, not the speaker. */
static bool genitive_person(const ctx *c, const entity_mention *m)
{
	for (size_t k = 0; k < c->n_roles; k++) {
		const entity_role_mention *rm = &c->roles[k];
		if (rm->sentence != m->sentence || rm->person.v != m->entity.v ||
		    rm->span.end < m->span.end || rm->span.start > m->span.start)
			continue;
		size_t t = tok_at(c, rm->office.start + 1);
		if (t == 0)
			continue;
		const text_token *ot = &c->toks[t - 1];
		if (ot->norm_len > 4 && memcmp(ot->norm, "\xd9\x84\xd9\x84", 4) == 0)
			return true;
	}
	return false;
}

/* Speaker named between tokens [from, to) of sentence s: a person first,
 * then an organisation or country. */
static const entity_mention *speaker_in(const ctx *c, uint32_t s, size_t from, size_t to)
{
	const entity_mention *org = NULL;
	for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
		const entity_mention *m = &c->ms[i];
		if (m->first_token < from || m->first_token >= to)
			continue;
		entity_kind k = ent_kind(c, m->entity);
		if (k == ENTITY_KIND_PERSON && !genitive_person(c, m))
			return m;
		if (org == NULL && (k == ENTITY_KIND_ORGANIZATION || k == ENTITY_KIND_COUNTRY))
			org = m;
	}
	return org;
}

/* The last person before token t whose stated office contains a token equal
 * (bare form) to the role word at token rw. */
static bool role_person(const ctx *c, size_t t, size_t rw, facts_entity *out)
{
	const char *want = c->toks[rw].bare;
	for (size_t i = c->n_roles; i-- > 0;) {
		const entity_role_mention *r = &c->roles[i];
		if (r->span.start >= c->toks[t].span.start)
			continue;
		size_t a = tok_at(c, r->office.start), b = tok_at(c, r->office.end);
		for (size_t k = a; k < b && k < c->n_toks; k++)
			if (strcmp(c->toks[k].bare, want) == 0) {
				out->ref = r->person;
				out->id = ent_id(c, r->person);
				out->span = c->toks[rw].span;
				return true;
			}
	}
	return false;
}

/* Is the "comp" word at token t a complementizer, not "لأن" (because) or
 * "الآن" (now), which the clitic matcher would also take for one? */
static bool comp_word(const ctx *c, size_t t)
{
	const char *p = c->toks[t].norm;
	if (strncmp(p, "\xd9\x88", 2) == 0 || strncmp(p, "\xd9\x81", 2) == 0) /* و ف */
		p += 2;
	if (strncmp(p, "\xd9\x84", 2) == 0) /* ل */
		return false;
	return strncmp(p, "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x86", 8) != 0; /* الان */
}

/* A complementizer of reported speech at token t (إن, أن, بأن, أنه ...). */
static bool comp_at(const ctx *c, size_t t)
{
	return find_pat(c, &c->lex->comp, t, t + 1, NULL, NULL) && comp_word(c, t);
}

/* The first complementizer in [from, to), or to: the comp list's hits in
 * the range, in token order. */
static size_t comp_in(const ctx *c, size_t from, size_t to)
{
	const facts__hit *e = NULL;
	const facts__hit *h = facts__matches_range(&c->mt, c->lex->comp.id, from, to, &e);
	for (; h && h < e; h++)
		if (comp_word(c, h->tok))
			return h->tok;
	return to;
}

/* The last complementizer in [from, to), or to. */
static size_t comp_last(const ctx *c, size_t from, size_t to)
{
	const facts__hit *e = NULL, *h = facts__matches_range(&c->mt, c->lex->comp.id, from, to, &e);
	while (h && e > h) {
		e--;
		if (comp_word(c, e->tok))
			return e->tok;
	}
	return to;
}

/* A statement found by the quote passes, before its speaker is known. */
typedef struct {
	size_t open, close;   /* direct: the marks; indirect: clause [open, close) */
	bool direct, unclosed;
	size_t vat, vlen;     /* the speech verb */
	uint32_t vs;          /* its sentence */
	size_t spk_from, spk_to;
} quote_cand;

/* Resolves the speaker of a statement whose verb is at vat (sentence vs)
 * and whose speaker may stand in [from, to); last: the previous statement's
 * speaker. The speaker stands before the complementizer: "قال X إن Y ..."
 * names X, never Y. In order: the holder of an office right after the verb;
 * a role word right after the verb (the last person with that office); the
 * first person (not in the genitive) in the range, else organisation or
 * country; one named right before the verb ("وبومبيو يقر بأن", "X، قال:");
 * for a bare verb or one followed by at most one word before إن/أن, the
 * previous speaker. A country named only by a nisba ("الدبلوماسي
 * الأميركي") is the previous speaker when that person has its
 * nationality. */
static void resolve_speaker(const ctx *c, const quote_cand *q, const facts_entity *last, bool have_last,
    facts_entity *out, uint8_t *how)
{
	const facts_lexicon *lex = c->lex;
	size_t from = q->spk_from, to = q->spk_to;
	if (from < to)
		to = comp_in(c, from, to);
	*out = fe_none();
	*how = FACTS_SPEAKER_UNKNOWN;
	size_t rw = 0, rl = 0;
	bool role_first = from < to && find_pat(c, &lex->roles, from, from + 1, &rw, &rl);
	const entity_mention *m = speaker_in(c, q->vs, from, to);
	/* "وقال الموفد الخاص للرئيس الأمريكي باراك أوباما ... برت ماكغورك":
	 * an office right after the verb names its holder, not the person it
	 * is "of" */
	for (size_t k = 0; k < c->n_roles && from < to; k++) {
		const entity_role_mention *rm = &c->roles[k];
		if (rm->sentence == q->vs && tok_at(c, rm->span.start) == from && !entity_ref_is_none(rm->person)) {
			for (size_t mi = c->ms_first[q->vs]; mi < c->n_ms && c->ms[mi].sentence == q->vs; mi++)
				if (c->ms[mi].entity.v == rm->person.v && c->ms[mi].span.start >= rm->span.start &&
				    c->ms[mi].span.end <= rm->span.end) {
					*out = fe_mention(c, &c->ms[mi]);
					*how = FACTS_SPEAKER_MENTION;
					return;
				}
			break;
		}
	}
	if (role_first && role_person(c, q->vat, rw, out)) {
		*how = FACTS_SPEAKER_ROLE;
		return;
	}
	if (m && m->form == ENTITY_FORM_NISBA && have_last && !entity_ref_is_none(last->ref)) {
		const entity_info *li = entity_result_info(c->ents, last->ref);
		const char *cid = ent_id(c, m->entity);
		for (size_t k = 0; li && k < li->n_nationality; k++)
			if (strcmp(li->nationality[k], cid) == 0) {
				*out = *last;
				*how = FACTS_SPEAKER_PREVIOUS;
				return;
			}
	}
	/* "وأوضح مسؤولون أمريكيون أن": unnamed people of a nationality are
	 * no named speaker of reported speech */
	if (m && !(m->form == ENTITY_FORM_NISBA && !q->direct)) {
		*out = fe_mention(c, m);
		*how = FACTS_SPEAKER_MENTION;
		return;
	}
	if (m)
		return;
	/* subject before the verb: a mention ending at the verb, or at a
	 * punctuation mark right before it */
	size_t before = q->vat, sb = c->sents[q->vs].first_token;
	if (before > sb && (c->toks[before - 1].kind == TEXT_TOKEN_PUNCT ||
	                       find_pat(c, &lex->rel, before - 1, before, NULL, NULL)))
		before--;
	for (size_t mi = c->ms_first[q->vs]; mi < c->n_ms && c->ms[mi].sentence == q->vs; mi++) {
		const entity_mention *bm = &c->ms[mi];
		entity_kind k = ent_kind(c, bm->entity);
		if (bm->first_token + bm->n_tokens == before && bm->form != ENTITY_FORM_NISBA &&
		    (k == ENTITY_KIND_PERSON || k == ENTITY_KIND_ORGANIZATION || k == ENTITY_KIND_COUNTRY)) {
			*out = fe_mention(c, bm);
			*how = FACTS_SPEAKER_MENTION;
			return;
		}
	}
	size_t words = 0;
	for (size_t t = from; t < to; t++)
		words += c->toks[t].kind == TEXT_TOKEN_WORD;
	if (have_last && words <= 1) {
		/* "وأضاف أن ...", "وقال للصحفيين إن ...", "وذكر البيان أن" */
		*out = *last;
		*how = FACTS_SPEAKER_PREVIOUS;
	}
}

/* The last line end between tokens a and b (exclusive), as a token index:
 * the first token after a newline, or b when none. */
static size_t line_break(const ctx *c, size_t a, size_t b)
{
	if (a >= c->n_toks)
		return b;
	/* sentences never cross a line end (text.h): only the gap before a
	 * sentence's first token can hold one */
	for (size_t s = c->toks[a].sentence + 1; s < c->n_sents; s++) {
		size_t k = c->sents[s].first_token;
		if (k >= b || k >= c->n_toks)
			break;
		for (uint32_t x = c->toks[k - 1].span.end; x < c->toks[k].span.start; x++)
			if (c->bytes[x] == '\n')
				return k;
	}
	return b;
}

/* A plain '"' glued to the word before it and followed by a space closes
 * a quote and cannot open one (the second mark of "داعش" inside a quote). */
static bool closes_only(const ctx *c, size_t i)
{
	if (mark_dir(c, &c->toks[i]) != 0 || i == 0 || i + 1 >= c->n_toks)
		return false;
	return c->toks[i - 1].span.end == c->toks[i].span.start &&
	    c->toks[i - 1].kind != TEXT_TOKEN_PUNCT && c->toks[i + 1].span.start > c->toks[i].span.end;
}

/* Direct quotes: a pair of quote marks on one line around at least three
 * words, with a speech verb up to QUOTE_VERB_WIN tokens before it in its
 * sentence or right after it. An opening mark that the line never closes,
 * right after the verb's إن/أن or colon ("قال: إن "...), runs to the line
 * end. */
static int direct_quotes(ctx *c, vec *out)
{
	const facts_lexicon *lex = c->lex;
	size_t i = 0;
	while (i < c->n_toks) {
		if (!is_quote_mark(&c->toks[i]) || mark_dir(c, &c->toks[i]) > 0 || closes_only(c, i)) {
			/* a mark with a direction (» ” close, « “ open) must stand on
			 * its side; the plain '"' may do both */
			i++;
			continue;
		}
		size_t lim = i + QUOTE_MAX_TOKENS < c->n_toks ? i + QUOTE_MAX_TOKENS : c->n_toks;
		size_t eol = line_break(c, i, lim);
		size_t j = i + 1, words = 0;
		while (j < eol && !(is_quote_mark(&c->toks[j]) && mark_dir(c, &c->toks[j]) >= 0)) {
			if (c->toks[j].kind == TEXT_TOKEN_WORD)
				words++;
			j++;
		}
		bool unclosed = j >= eol;
		size_t open = i, close = j;
		i = unclosed ? i + 1 : j + 1;
		/* a name in quotes ("داعش", "الدولة الإسلامية", «قوات سوريا
		 * الديمقراطية») is no quote */
		if (words < 3)
			continue;
		uint32_t s = c->toks[open].sentence;
		bool name = false;
		for (size_t mi = c->ms_first[s]; mi < c->n_ms && c->ms[mi].sentence == s && !name; mi++)
			name = c->ms[mi].first_token == open + 1 && c->ms[mi].first_token + c->ms[mi].n_tokens == close;
		if (name)
			continue;
		size_t sb = c->sents[s].first_token;
		size_t vb = open > sb + QUOTE_VERB_WIN ? open - QUOTE_VERB_WIN : sb;
		quote_cand q = {open, close, true, unclosed, 0, 0, s, 0, 0};
		/* the last speech verb before the quote */
		bool before = find_pat_last(c, &lex->speech, vb, open, &q.vat, &q.vlen);
		/* an unclosed quote counts only right after its verb's إن/أن or
		 * colon ("قال: إن "...") */
		if (unclosed && !(before && open > q.vat + q.vlen &&
		                     (comp_at(c, open - 1) || strcmp(c->toks[open - 1].norm, ":") == 0)))
			continue;
		if (before && find_pat(c, &lex->report, q.vat, q.vat + 1, NULL, NULL)) {
			/* "نقلت رويترز عن X قوله إن": the speaker stands between the
			 * last عن and the verb, not after it */
			static const char an[] = "\xd8\xb9\xd9\x86"; /* عن */
			size_t k = q.vat;
			while (k > sb && strcmp(c->toks[k - 1].norm, an) != 0)
				k--;
			q.spk_from = k > sb ? k : q.vat;
			q.spk_to = q.vat;
		} else if (before) {
			q.spk_from = q.vat + q.vlen;
			q.spk_to = open;
		} else {
			/* "..." قال X : a verb right after the closing mark */
			uint32_t cs = c->toks[close].sentence;
			size_t ce = sent_end(c, cs);
			size_t vl = close + 4 < ce ? close + 4 : ce;
			if (!find_pat(c, &lex->speech, close + 1, vl, &q.vat, &q.vlen))
				continue;
			q.vs = cs;
			q.spk_from = q.vat + q.vlen;
			q.spk_to = ce;
		}
		quote_cand *p = vec_push(out);
		if (p == NULL)
			return -1;
		*p = q;
	}
	return 0;
}

/* Reported speech: a speech verb, then within QUOTE_COMP_WIN tokens of its
 * sentence a complementizer (إن, أن, بأن ...) and a clause of at least
 * three words to the sentence end, holding no direct quote and standing in
 * none ("وأكد المرصد ... أن نحو 60 مدنياً قتلوا"). One statement per
 * complementizer. */
#define QUOTE_COMP_WIN 25
static int indirect_quotes(ctx *c, const vec *direct, vec *out)
{
	const facts_lexicon *lex = c->lex;
	const quote_cand *dq = direct->v;
	size_t nd = direct->n, di = 0, used = (size_t)-1;
	/* each token where a speech verb matches: its first hit */
	const facts__hit *verbs_end = NULL;
	const facts__hit *verbs = facts__matches_range(&c->mt, lex->speech.id, 0, c->n_toks, &verbs_end);
	for (const facts__hit *h = verbs; h && h < verbs_end; h++) {
		if (h > verbs && h[-1].tok == h->tok)
			continue;
		size_t k = h->tok, vlen = h->n;
		uint32_t s = c->toks[k].sentence;
		size_t se = sent_end(c, s);
		size_t wl = k + vlen + QUOTE_COMP_WIN < se ? k + vlen + QUOTE_COMP_WIN : se;
		size_t comp = comp_in(c, k + vlen, wl);
		if (comp >= wl || comp == used)
			continue;
		/* the clause: after a bare complementizer, or from one carrying
		 * its subject ("أنها سترسل") */
		size_t a = comp + 1, b = se;
		while (b > a && c->toks[b - 1].kind != TEXT_TOKEN_WORD && c->toks[b - 1].kind != TEXT_TOKEN_NUMBER)
			b--;
		size_t words = 0;
		for (size_t t = a; t < b; t++)
			words += c->toks[t].kind != TEXT_TOKEN_PUNCT;
		if (words < 3)
			continue;
		/* a direct quote of this sentence from the verb on, or one the
		 * verb stands in, makes the statement direct */
		while (di < nd && (dq[di].unclosed ? line_break(c, dq[di].open, c->n_toks) : dq[di].close) < k)
			di++;
		/* dq[di] is the first direct quote not ended before the verb: if
		 * it opens before the sentence end, it holds the verb or follows
		 * it in this sentence */
		if (di < nd && dq[di].open < se &&
		    (dq[di].open < k || !find_pat(c, &lex->speech, comp + 1, dq[di].open, NULL, NULL)))
			continue;
		/* a clause running into a later verb's quote ("موضحا أن ...،
		 * مشيرا إلى أنهم "...") ends before that verb */
		if (di < nd && dq[di].open < se) {
			size_t v2 = 0;
			find_pat(c, &lex->speech, comp + 1, dq[di].open, &v2, NULL);
			b = v2;
			while (b > a && c->toks[b - 1].kind != TEXT_TOKEN_WORD && c->toks[b - 1].kind != TEXT_TOKEN_NUMBER)
				b--;
			if (b <= a)
				continue;
		}
		used = comp;
		size_t sp_from = k + vlen;
		if (find_pat(c, &lex->report, k, k + 1, NULL, NULL)) {
			static const char an[] = "\xd8\xb9\xd9\x86"; /* عن */
			size_t sb = c->sents[s].first_token, t = k;
			while (t > sb && strcmp(c->toks[t - 1].norm, an) != 0)
				t--;
			sp_from = t > sb ? t : k;
		}
		quote_cand *p = vec_push(out);
		if (p == NULL)
			return -1;
		*p = (quote_cand){a, b, false, false, k, vlen, s, sp_from, comp};
		if (sp_from < k)
			p->spk_to = k;
	}
	return 0;
}

static size_t cand_start(const quote_cand *q)
{
	return q->direct ? q->open + 1 : q->open;
}

/* A speech verb in the accusative participle of circumstance (مؤكدا،
 * مشيرة، مضيفا): its subject is the main clause's, never a name standing
 * right before it ("... في سوريا، مؤكدا أن"). */
static bool participle_verb(const ctx *c, size_t t)
{
	const text_token *tk = &c->toks[t];
	size_t n = strlen(tk->bare);
	return n >= 8 && memcmp(tk->bare, "\xd9\x85", 2) == 0 &&                /* م */
	    (memcmp(tk->bare + n - 2, "\xd8\xa7", 2) == 0 ||                    /* ا */
	        memcmp(tk->bare + n - 2, "\xd9\x87", 2) == 0);                  /* ه */
}

/* Is bare "التحالف" (no gazetteer mention) the subject of a verb of saying
 * before token t of sentence s ("أقر التحالف ... بمسؤوليته، مؤكدا أنه")? */
static bool bare_coalition_subject(const ctx *c, uint32_t s, size_t t)
{
	static const char al_tahaluf[] = "\xd8\xa7\xd9\x84\xd8\xaa\xd8\xad\xd8\xa7\xd9\x84\xd9\x81"; /* التحالف */
	for (size_t k = c->sents[s].first_token + 1; k < t; k++)
		if (strcmp(c->toks[k].norm, al_tahaluf) == 0 && find_pat(c, &c->lex->speech, k - 1, k, NULL, NULL))
			return true;
	return false;
}

static int build_quotes(ctx *c)
{
	vec dv = {NULL, 0, 0, sizeof(quote_cand)}, iv = {NULL, 0, 0, sizeof(quote_cand)};
	int rc = direct_quotes(c, &dv);
	if (rc == 0)
		rc = indirect_quotes(c, &dv, &iv);
	facts_entity last = fe_none();
	uint32_t last_vs = 0;
	bool have_last = false;
	const quote_cand *d = dv.v, *in = iv.v;
	size_t a = 0, b = 0;
	/* both kinds in text order, so "the previous speaker" is the one
	 * before in the text */
	while (rc == 0 && (a < dv.n || b < iv.n)) {
		const quote_cand *q = b >= iv.n || (a < dv.n && cand_start(&d[a]) <= cand_start(&in[b])) ? &d[a++]
		                                                                                       : &in[b++];
		facts_quote *f = vec_push(&c->r->quotes);
		if (f == NULL) {
			rc = -1;
			break;
		}
		uint32_t s = c->toks[q->open].sentence;
		if (q->direct) {
			size_t last_tok = q->close;
			uint32_t end;
			if (q->unclosed) {
				/* to the line end, without its final punctuation (close
				 * may be n_toks here: it is not read) */
				last_tok = line_break(c, q->open, c->n_toks) - 1;
				while (last_tok > q->open + 1 && c->toks[last_tok].kind == TEXT_TOKEN_PUNCT)
					last_tok--;
				end = c->toks[last_tok].span.end;
			} else {
				end = c->toks[q->close].span.start;
			}
			f->prov.span = (text_span){c->toks[q->open].span.end, end};
			f->prov.evidence.end = c->sents[c->toks[last_tok].sentence].span.end;
		} else {
			f->prov.span = (text_span){c->toks[q->open].span.start, c->toks[q->close - 1].span.end};
			f->prov.evidence.end = c->sents[s].span.end;
		}
		f->prov.sentence = s;
		f->prov.evidence.start = c->sents[s].span.start < c->sents[q->vs].span.start
		    ? c->sents[s].span.start : c->sents[q->vs].span.start;
		f->verb.start = c->toks[q->vat].span.start;
		f->verb.end = c->toks[q->vat + q->vlen - 1].span.end;
		f->date = sentence_date(c, q->vs);
		size_t pto = q->spk_from < q->spk_to ? comp_in(c, q->spk_from, q->spk_to) : q->spk_to;
		const entity_mention *pm;
		if (participle_verb(c, q->vat) && speaker_in(c, q->vs, q->spk_from, pto) == NULL &&
		    have_last && last_vs == q->vs) {
			f->speaker = last; /* the sentence's earlier statement */
			f->speaker_how = FACTS_SPEAKER_PREVIOUS;
		} else if (participle_verb(c, q->vat) && speaker_in(c, q->vs, q->spk_from, pto) == NULL &&
		    (pm = speaker_in(c, q->vs, c->sents[q->vs].first_token, q->vat)) != NULL &&
		    pm->form != ENTITY_FORM_NISBA) {
			f->speaker = fe_mention(c, pm); /* "أقر التحالف ...، مؤكدا أنه" */
			f->speaker_how = FACTS_SPEAKER_MENTION;
		} else if (participle_verb(c, q->vat) && speaker_in(c, q->vs, q->spk_from, pto) == NULL &&
		    bare_coalition_subject(c, q->vs, q->vat)) {
			f->speaker = implied(c, q->vs, "org:global_coalition"); /* "أقر التحالف ...، مؤكدا" */
			f->speaker_how = FACTS_SPEAKER_MENTION;
		} else {
			resolve_speaker(c, q, &last, have_last, &f->speaker, &f->speaker_how);
		}
		/* reported speech of no one named ("واعتبر التنظيم مهزوما في حين
		 * أن ...") is no statement */
		if (!q->direct && f->speaker_how == FACTS_SPEAKER_UNKNOWN) {
			c->r->quotes.n--;
			continue;
		}
		if (f->speaker_how != FACTS_SPEAKER_UNKNOWN) {
			last = f->speaker;
			last_vs = q->vs;
			have_last = true;
		}
	}
	free(dv.v);
	free(iv.v);
	return rc;
}

/* --- meetings */

static bool ymd_after(extract_ymd a, extract_ymd b)
{
	if (a.year != b.year)
		return a.year > b.year;
	if (a.month != b.month)
		return a.month > b.month;
	return a.day > b.day;
}

static extract_ymd ymd_add_days(extract_ymd d, int n)
{
	static const int8_t mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	while (n-- > 0) {
		int dim = mdays[d.month - 1];
		if (d.month == 2 && ((d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0))
			dim = 29;
		if (++d.day > dim) {
			d.day = 1;
			if (++d.month > 12) {
				d.month = 1;
				d.year++;
			}
		}
	}
	return d;
}

/* Do two UTF-8 Arabic strings start with the same letter, hamza seats
 * (أ إ آ) folded to ا? */
static bool first_letter_eq(const char *a, const char *b)
{
	unsigned char x[2] = {(unsigned char)a[0], (unsigned char)a[1]};
	unsigned char y[2] = {(unsigned char)b[0], (unsigned char)b[1]};
	if (x[0] == 0xD8 && (x[1] == 0xA2 || x[1] == 0xA3 || x[1] == 0xA5))
		x[1] = 0xA7;
	if (y[0] == 0xD8 && (y[1] == 0xA2 || y[1] == 0xA3 || y[1] == 0xA5))
		y[1] = 0xA7;
	return x[0] == y[0] && x[1] == y[1];
}

/* Is mention m introduced as a location: after في (وفي), or with a ب clitic? */
static bool located(const ctx *c, const entity_mention *m)
{
	static const char fi[] = "\xd9\x81\xd9\x8a";   /* في */
	static const char ba[] = "\xd8\xa8";             /* ب */
	static const char wba[] = "\xd9\x88\xd8\xa8";  /* وب */
	const text_token *t = &c->toks[m->first_token];
	/* a ب clitic, not a name's own first letter (بغداد, بروكسل): the
	 * letter after it is the name's first (hamza folded) */
	const entity_info *in = entity_result_info(c->ents, m->entity);
	size_t skip = strncmp(t->norm, wba, 4) == 0 ? 4 : strncmp(t->norm, ba, 2) == 0 ? 2 : 0;
	if (skip && in && t->norm_len > skip + 1 && first_letter_eq(t->norm + skip, in->name_ar))
		return true;
	if (m->first_token == 0)
		return false;
	const text_token *p = &c->toks[m->first_token - 1];
	if (p->sentence != t->sentence)
		return false;
	/* "في بروكسل", "وفي بروكسل": في after any clitic split */
	const facts__offs *o = &c->offs[m->first_token - 1];
	for (size_t k = 0; k < o->n; k++)
		if (strcmp(p->norm + o->off[k], fi) == 0)
			return true;
	if (strcmp(p->norm, fi) == 0)
		return true;
	/* "في بلدة عين عيسى", "في مدينة مراكش": a kind-of-place noun between
	 * في and a name the gazetteer lists without it */
	static const char *const kind_noun[] = {
	    "\xd8\xa8\xd9\x84\xd8\xaf\xd9\x87", /* بلده */
	    "\xd9\x85\xd8\xaf\xd9\x8a\xd9\x86\xd9\x87", /* مدينه */
	    "\xd9\x82\xd8\xb1\xd9\x8a\xd9\x87", /* قريه */
	    "\xd9\x85\xd9\x86\xd8\xb7\xd9\x82\xd9\x87", /* منطقه */
	    "\xd9\x85\xd8\xad\xd8\xa7\xd9\x81\xd8\xb8\xd9\x87", /* محافظه */
	    "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd8\xb5\xd9\x85\xd9\x87", /* العاصمه */
	};
	if (m->first_token < 2 || c->toks[m->first_token - 2].sentence != t->sentence)
		return false;
	bool kind = false;
	for (size_t k = 0; k < sizeof kind_noun / sizeof kind_noun[0] && !kind; k++)
		kind = strcmp(p->norm, kind_noun[k]) == 0;
	if (!kind)
		return false;
	const text_token *pp = &c->toks[m->first_token - 2];
	const facts__offs *po = &c->offs[m->first_token - 2];
	for (size_t k = 0; k < po->n; k++)
		if (strcmp(pp->norm + po->off[k], fi) == 0)
			return true;
	return strcmp(pp->norm, fi) == 0;
}

/* Does located mention m follow another place of sentence s, with only في
 * (and a kind-of-place noun) between ("مخيم الهول في شمال شرق سوريا")? */
static bool after_place(const ctx *c, uint32_t s, const entity_mention *m)
{
	size_t fi = m->first_token; /* the token after the other place */
	while (fi > 0 && fi + 1 >= m->first_token && c->toks[fi - 1].sentence == c->toks[m->first_token].sentence) {
		fi--;
		for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
			const entity_mention *o = &c->ms[i];
			if (o != m && o->first_token + o->n_tokens == fi && ent_kind(c, o->entity) == ENTITY_KIND_PLACE)
				return true;
		}
	}
	return false;
}

/* Meeting coreference. A meeting word opens a new fact, which is then
 * merged into an earlier meeting of the document that it may be the same as:
 * dates agree (or one of them is only the publication date) and cities agree
 * (or one is unknown). A mention with neither date nor city of its own
 * ("وتناولت المباحثات ...") merges only into the last meeting, and only
 * within MEETING_FOLLOW sentences or when it refers back ("الاجتماع", kind
 * "back" in facts_meetings.tsv); one with a date or city merges into the
 * latest meeting it agrees with anywhere (the lead, then "اجتماع الخميس"
 * paragraphs later). A "new" phrase ("مؤتمر منفصل") never merges. The
 * earlier fact takes the later one's date, city, level, hosts, participants
 * and (if its own was only the default) status; its evidence grows only
 * over adjacent sentences. */
#define MEETING_FOLLOW 3
#define MEETING_DATE_BEFORE 10 /* a date this many tokens before the word */
#define MEETING_DATE_AFTER 12  /* preferred: a date this near after it */
#define MEETING_MAX_WORDS 8   /* meeting words per sentence */
#define MEETING_LOOKBACK 64   /* earlier meetings a mention may merge into */

static bool same_date(facts_date a, facts_date b)
{
	return a.precision == b.precision && a.date.year == b.date.year && a.date.month == b.date.month &&
	    a.date.day == b.date.day;
}

/* What build_meetings knows of each meeting kept beyond the public fact. */
typedef struct {
	uint32_t last; /* the last sentence that mentions it */
	bool marked;   /* its status was stated (not the default "past") */
} meeting_state;

/* Two meetings hosted by different hosts are different meetings ("استضافت
 * فرنسا اجتماعا" is not the one Kuwait hosted): hosts agree when either
 * has none or they share one. */
static bool hosts_agree(const facts_meeting *a, const facts_meeting *b)
{
	if (a->n_hosts == 0 || b->n_hosts == 0)
		return true;
	for (size_t i = 0; i < a->n_hosts; i++)
		for (size_t j = 0; j < b->n_hosts; j++)
			if (strcmp(a->hosts[i].id, b->hosts[j].id) == 0)
				return true;
	return false;
}

/* A meeting hosted by countries is held in one of them: a city of another
 * country ("استقبلت سلطنة عمان ..." and "... في الكويت") is another
 * meeting. */
static bool host_city_agree(const ctx *c, const facts_meeting *h, const facts_meeting *m)
{
	const entity_info *ci = m->city.id[0] ? entity_result_info(c->ents, m->city.ref) : NULL;
	if (ci == NULL || ci->country == NULL || ci->country[0] == '\0')
		return true;
	bool any = false;
	for (size_t i = 0; i < h->n_hosts; i++) {
		if (ent_kind(c, h->hosts[i].ref) != ENTITY_KIND_COUNTRY)
			continue;
		any = true;
		if (strcmp(h->hosts[i].id, ci->country) == 0)
			return true;
	}
	return !any;
}

static bool merge_meeting(ctx *c, facts_meeting *f, meeting_state *st, bool back, bool fresh)
{
	vec *v = &c->r->meetings;
	if (v->n < 2 || fresh)
		return false;
	bool own = !f->date.from_published || f->city.id[0] != '\0';
	size_t n = v->n - 1;
	facts_meeting *all = (facts_meeting *)v->v;
	/* bounded look-back keeps a long document linear */
	for (size_t i = n; i-- > 0 && i + MEETING_LOOKBACK >= n;) {
		facts_meeting *p = &all[i];
		if (!own) {
			if (i != n - 1)
				return false;
			if (!back && f->prov.sentence > st[i].last + MEETING_FOLLOW)
				return false;
		}
		/* a meeting without a date of its own is the same as one with a
		 * date only when they are close (the headline, then the lead) */
		bool near = back || f->prov.sentence <= st[i].last + MEETING_FOLLOW;
		bool date_ok = (f->date.from_published && p->date.from_published) ||
		    (!f->date.from_published && !p->date.from_published && same_date(f->date, p->date)) ||
		    ((f->date.from_published || p->date.from_published) && near);
		bool city_ok = f->city.id[0] == '\0' || p->city.id[0] == '\0' || strcmp(f->city.id, p->city.id) == 0;
		if (!date_ok || !city_ok || !hosts_agree(f, p) || !host_city_agree(c, f, p) ||
		    !host_city_agree(c, p, f))
			continue;
		if (p->date.from_published && !f->date.from_published)
			p->date = f->date;
		if (p->city.id[0] == '\0' && f->city.id[0] != '\0')
			p->city = f->city;
		if (p->level[0] == '\0' && f->level[0] != '\0') {
			p->level = f->level;
			p->level_span = f->level_span;
		}
		for (size_t t = 0; t < f->n_topics && p->n_topics < FACTS_MAX_TOPICS; t++)
			p->topics[p->n_topics++] = f->topics[t];
		for (size_t h = 0; h < f->n_hosts && p->n_hosts < FACTS_MAX_HOSTS; h++)
			p->hosts[p->n_hosts++] = f->hosts[h];
		if (!p->has_participants && f->has_participants) {
			p->has_participants = true;
			p->participants = f->participants;
			p->participants_approx = f->participants_approx;
		}
		/* a stated day before publication is past, whatever tense a
		 * later mention without a date of its own has */
		bool past_day = !p->date.from_published && p->date.precision == EXTRACT_PREC_DAY &&
		    c->published.year && ymd_after(c->published, p->date.date);
		if (!st[i].marked && st[n].marked && !(past_day && f->status == FACTS_MEETING_ONGOING)) {
			p->status = f->status;
			st[i].marked = true;
		}
		if (f->prov.sentence <= st[i].last + MEETING_FOLLOW && f->prov.evidence.end > p->prov.evidence.end)
			p->prov.evidence.end = f->prov.evidence.end;
		st[i].last = f->prov.sentence;
		v->n--;
		return true;
	}
	return false;
}

/* Token of a date's first byte. */
static size_t date_tok(const ctx *c, const extract_date *d)
{
	return tok_at(c, d->span.start);
}

/* The meeting's date: the first date up to MEETING_DATE_AFTER tokens after
 * its word, else one just before the word, else the first later in its
 * segment; else the publication date. */
static facts_date meeting_date(const ctx *c, uint32_t s, size_t word, size_t from, size_t to)
{
	/* dates after a complementizer are what someone says ("بعد لقائه أن
	 * القوات ستغادر بحلول نهاية العام"), not the meeting's */
	to = comp_in(c, word, to);
	const extract_date *pick = NULL, *before = NULL, *later = NULL;
	for (size_t i = c->date_first[s]; i < c->n_dates && c->dates[i].sentence == s; i++) {
		const extract_date *d = &c->dates[i];
		if (after_since(c, d->span))
			continue;
		size_t t = date_tok(c, d);
		if (t >= word && t < to && t <= word + MEETING_DATE_AFTER) {
			pick = d;
			break;
		}
		if (t >= word && t < to && later == NULL)
			later = d;
		if (t >= from && t < word && t + MEETING_DATE_BEFORE >= word)
			before = d;
	}
	/* near after the word, else just before it, else later in its clause
	 * ("الكاظمي، الإثنين 26 تموز، بعد لقائه ... بحلول نهاية العام") */
	if (pick == NULL)
		pick = before ? before : later;
	facts_date fd;
	memset(&fd, 0, sizeof(fd));
	if (pick == NULL) {
		fd.date = c->published;
		fd.precision = c->published.year ? EXTRACT_PREC_DAY : EXTRACT_PREC_NONE;
		fd.from_published = true;
		return fd;
	}
	fd.date = pick->date;
	fd.end = pick->end;
	fd.precision = pick->precision;
	/* a second day date a few days later ("الأربعاء ... والخميس") ends it */
	const extract_date *nx = pick + 1;
	if (fd.end.year == 0 && fd.precision == EXTRACT_PREC_DAY && nx < c->dates + c->n_dates &&
	    nx->sentence == s && date_tok(c, nx) < to && nx->precision == EXTRACT_PREC_DAY &&
	    ymd_after(nx->date, fd.date) && nx->date.year == fd.date.year &&
	    nx->date.month == fd.date.month && nx->date.day - fd.date.day <= 3)
		fd.end = nx->date;
	return fd;
}

static extract_ymd ymd_sub_days(extract_ymd d, int n)
{
	static const int8_t mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	while (n-- > 0) {
		if (--d.day < 1) {
			if (--d.month < 1) {
				d.month = 12;
				d.year--;
			}
			d.day = mdays[d.month - 1];
			if (d.month == 2 && ((d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0))
				d.day = 29;
		}
	}
	return d;
}

/* "وجاء الإعلان بعد يومين من لقاء ...", "قبل ثلاثة أيام من القمة": a
 * meeting dated relative to its sentence (the publication day when the
 * sentence has no date): a count of days right before من and the meeting
 * word, after بعد (the meeting was earlier) or قبل (later). */
static void relative_meeting_date(const ctx *c, uint32_t s, size_t at, facts_date *d)
{
	static const char min[] = "\xd9\x85\xd9\x86";             /* من */
	static const char baad[] = "\xd8\xa8\xd8\xb9\xd8\xaf";    /* بعد */
	static const char qabl[] = "\xd9\x82\xd8\xa8\xd9\x84";    /* قبل */
	if (at < 3 || strcmp(c->toks[at - 1].norm, min) != 0 || d->precision != EXTRACT_PREC_DAY)
		return;
	for (size_t qi = 0; qi < c->n_qs; qi++) {
		const extract_quantity *q = &c->qs[qi];
		if (q->sentence != s || tok_at(c, q->span.end) != at - 1)
			continue;
		int days = strcmp(q->unit, "day") == 0 ? 1 : strcmp(q->unit, "week") == 0 ? 7 : 0;
		size_t qt = tok_at(c, q->span.start);
		if (days == 0 || qt == 0 || q->number.value < 1 || q->number.value > 60)
			return;
		int n = days * (int)q->number.value;
		const char *w = c->toks[qt - 1].norm;
		if (strcmp(w, baad) == 0)
			d->date = ymd_sub_days(d->date, n);
		else if (strcmp(w, qabl) == 0)
			d->date = ymd_add_days(d->date, n);
		else
			return;
		d->from_published = false;
		return;
	}
}

/* "مؤتمر الكويت", "في الكويت", "استضافت الكويت": a country whose capital
 * bears its name (its capitals column is empty), located, in construct
 * after the meeting word or hosting it (f's hosts), hosts it in that city, the place
 * of the gazetteer in that country named "مدينة <country>". Scans the
 * gazetteer, which is done only for a meeting without a city. */
static facts_entity same_name_capital(const ctx *c, uint32_t s, size_t at, size_t len, size_t from, size_t to,
    const facts_meeting *f)
{
	static const char madina[] = "\xd9\x85\xd8\xaf\xd9\x8a\xd9\x86\xd8\xa9 "; /* "مدينة " */
	for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
		const entity_mention *m = &c->ms[i];
		const entity_info *ci = entity_result_info(c->ents, m->entity);
		if (m->first_token < from || m->first_token >= to || ci == NULL ||
		    ci->kind != ENTITY_KIND_COUNTRY || m->form == ENTITY_FORM_NISBA || ci->n_capitals != 0)
			continue;
		/* "استضافت دولة الكويت اجتماعا": a host country holds it at home */
		bool host = false;
		for (size_t h = 0; h < f->n_hosts && !host; h++)
			host = f->hosts[h].span.start == m->span.start;
		if (!(located(c, m) || m->first_token == at + len || host))
			continue;
		size_t nl = strlen(ci->name_ar);
		for (uint32_t k = 0; k < ENTITY_REF_DOC; k++) {
			const entity_info *pi = entity_result_info(c->ents, (entity_ref){k});
			if (pi == NULL)
				break;
			if (pi->kind != ENTITY_KIND_PLACE || strcmp(pi->country, ci->id) != 0 ||
			    strncmp(pi->name_ar, madina, sizeof madina - 1) != 0 ||
			    strcmp(pi->name_ar + sizeof madina - 1, ci->name_ar) != 0 || nl == 0)
				continue;
			facts_entity e = {(entity_ref){k}, pi->id, m->span};
			return e;
		}
	}
	return fe_none();
}

/* A tense marker of l in [from, to) that is not the start of a "not"
 * phrase ("يجتمع بانتظام" says nothing of this meeting's tense). */
static bool marker_in(const ctx *c, const facts__patlist *l, size_t from, size_t to)
{
	size_t at = from;
	while (at < to && find_pat(c, l, at, to, &at, NULL)) {
		if (!find_pat(c, &c->lex->mnot, at, at + 1, NULL, NULL))
			return true;
		at++;
	}
	return false;
}

/* Where a topic phrase starting at token t ends: before the first
 * punctuation mark (quote marks aside), clause word or topic marker, after
 * FACTS_TOPIC_MAX_WORDS words, or at to. */
static size_t topic_end(const ctx *c, size_t t, size_t to)
{
	static const char *const stop[] = {
	    "\xd8\xad\xd9\x8a\xd8\xab",                 /* حيث */
	    "\xd8\xa8\xd9\x8a\xd9\x86\xd9\x85\xd8\xa7", /* بينما */
	    "\xd9\x81\xd9\x8a\xd9\x85\xd8\xa7",         /* فيما */
	    "\xd9\x88\xd8\xb0\xd9\x84\xd9\x83",         /* وذلك */
	};
	size_t words = 0;
	for (; t < to && words < FACTS_TOPIC_MAX_WORDS; t++) {
		const text_token *k = &c->toks[t];
		if (k->kind == TEXT_TOKEN_PUNCT) {
			if (is_quote_mark(k)) /* حول "الهزيمة الإقليمية الوشيكة" */
				continue;
			break;
		}
		bool is_stop = false;
		for (size_t i = 0; i < sizeof stop / sizeof stop[0] && !is_stop; i++)
			is_stop = k->norm_len == strlen(stop[i]) && memcmp(k->norm, stop[i], k->norm_len) == 0;
		/* في حين */
		if (!is_stop && t + 1 < to && k->norm_len == 4 && memcmp(k->norm, "\xd9\x81\xd9\x8a", 4) == 0 &&
		    c->toks[t + 1].norm_len == 6 && memcmp(c->toks[t + 1].norm, "\xd8\xad\xd9\x8a\xd9\x86", 6) == 0)
			is_stop = true;
		/* "لمناقشة X ولاستعراض Y": the next marker starts the next topic */
		if (is_stop || find_pat(c, &c->lex->topic, t, t + 1, NULL, NULL))
			break;
		words++;
	}
	return t;
}

/* The topics of a meeting whose words are [from, to): the phrases after
 * its topic markers ("لبحث سبل تعزيز التعاون"). */
static void meeting_topics(const ctx *c, facts_meeting *f, size_t from, size_t to)
{
	size_t at = from, mt, ml;
	while (f->n_topics < FACTS_MAX_TOPICS && at < to && find_pat(c, &c->lex->topic, at, to, &mt, &ml)) {
		size_t a = mt + ml, b = topic_end(c, a, to);
		if (b > a)
			f->topics[f->n_topics++] = (text_span){c->toks[a].span.start, c->toks[b - 1].span.end};
		at = b > mt + ml ? b : mt + ml;
	}
}

/* One meeting fact for the meeting word at [at, at+len) whose segment of
 * sentence s is [from, to): the words up to the next meeting word, so that
 * "ويأتي اجتماع واشنطن عقب قمة ... في وارسو" is two meetings. */
static facts_meeting *build_meeting(ctx *c, uint32_t s, size_t at, size_t len, size_t from, size_t to,
    bool back, bool *marked)
{
	const facts_lexicon *lex = c->lex;
	facts_meeting *f = vec_push(&c->r->meetings);
	if (f == NULL)
		return NULL;
	f->prov = prov_of(c, s, (text_span){c->toks[at].span.start, c->toks[at + len - 1].span.end});
	f->date = meeting_date(c, s, at, from, to);
	if (f->date.from_published)
		relative_meeting_date(c, s, at, &f->date);
	/* "على مدى يومين", "لمدة ثلاثة أيام": a stated number of days */
	for (size_t qi = 0; qi < c->n_qs && f->date.end.year == 0 &&
	     f->date.precision == EXTRACT_PREC_DAY && !f->date.from_published; qi++) {
		const extract_quantity *q = &c->qs[qi];
		if (q->sentence == s && strcmp(q->unit, "day") == 0 && q->number.value >= 2 &&
		    q->number.value <= 7)
			f->date.end = ymd_add_days(f->date.date, (int)q->number.value - 1);
	}
	size_t ha, hl, pend = 0;
	if (find_pat(c, &lex->host, from, to, &ha, &hl)) {
		for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s &&
		     f->n_hosts < FACTS_MAX_HOSTS; i++) {
			const entity_mention *m = &c->ms[i];
			if (m->first_token < ha + hl || m->first_token >= to)
				continue;
			entity_kind k = ent_kind(c, m->entity);
			/* a nisba qualifies the host's office (وزير الخارجية
			 * الأمريكي مايك بومبيو); it is not a host of its own */
			if (m->form == ENTITY_FORM_NISBA)
				continue;
			/* "سيستقبل كيري وكارتر نظراءهما": hosts are the run of
			 * people/countries right after the verb, each joined to the
			 * one before by و or a comma ("تستضيف الكويت مؤتمرا لإعادة
			 * إعمار العراق": Iraq is no host) */
			if (f->n_hosts && !(m->first_token == pend ? wa_at(c, pend)
			                       : m->first_token == pend + 1 &&
			                           ((c->toks[pend].norm_len == 2 && wa_at(c, pend)) ||
			                               (c->toks[pend].kind == TEXT_TOKEN_PUNCT && clause_mark(c, pend)))))
				break;
			if (k == ENTITY_KIND_PERSON || k == ENTITY_KIND_COUNTRY) {
				f->hosts[f->n_hosts++] = fe_mention(c, m);
				pend = m->first_token + m->n_tokens;
			} else if (f->n_hosts) {
				break;
			}
		}
	}
	f->city = fe_none();
	/* the city is a place after في, with ب ("في روما", "بواشنطن") or
	 * right after the meeting word; a place named otherwise ("لتطويق
	 * الموصل") is what the meeting is about, taken only when no such
	 * place is named and the word does not refer back to a meeting
	 * already named (whose city is known) */
	const entity_mention *any = NULL, *in = NULL;
	for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s && !in; i++) {
		const entity_mention *m = &c->ms[i];
		if (m->first_token < from || m->first_token >= to ||
		    ent_kind(c, m->entity) != ENTITY_KIND_PLACE)
			continue;
		if (any == NULL && !dateline(c, s, m))
			any = m;
		/* "اجتماع واشنطن", "مؤتمر الكويت": a place in construct
		 * right after the meeting word */
		/* "ملف مخيم الهول في شمال شرق سوريا": a place after في right
		 * after another place says where that one lies */
		if ((located(c, m) && !after_place(c, s, m)) || m->first_token == at + len)
			in = m;
	}
	if (in || (any && !back))
		f->city = fe_mention(c, in ? in : any);
	else
		f->city = same_name_capital(c, s, at, len, from, to, f);
	size_t la, ll;
	const char *lv = "";
	f->level = "";
	if (find_tag(c, &lex->level, from, to, &la, &ll, &lv)) {
		f->level = lv;
		f->level_span = (text_span){c->toks[la].span.start, c->toks[la + ll - 1].span.end};
	}
	meeting_topics(c, f, at + len, to);
	for (size_t qi = 0; qi < c->n_qs; qi++) {
		const extract_quantity *q = &c->qs[qi];
		if (q->sentence < s)
			continue;
		if (q->sentence > s)
			break;
		size_t qt = tok_at(c, q->span.start);
		if (qt < from || qt >= to)
			continue;
		for (size_t k = 0; k < lex->punit.n; k++)
			if (strcmp(lex->punit.v[k].value, q->unit) == 0 && !f->has_participants) {
				f->has_participants = true;
				f->participants = q->number.value;
				f->participants_approx = q->number.approx;
			}
	}
	*marked = true;
	if (marker_in(c, &lex->future, from, to))
		f->status = FACTS_MEETING_ANNOUNCED;
	else if (!f->date.from_published && c->published.year && ymd_after(f->date.date, c->published))
		f->status = FACTS_MEETING_ANNOUNCED;
	/* a present verb ("أول اجتماع ... يعقد في أفريقيا") makes a meeting
	 * ongoing only on the publication day: a stated earlier day is past */
	else if (marker_in(c, &lex->present, from, to) &&
	         !(c->published.year && f->date.precision == EXTRACT_PREC_DAY && ymd_after(c->published, f->date.date)))
		f->status = FACTS_MEETING_ONGOING;
	else {
		f->status = FACTS_MEETING_PAST;
		*marked = false; /* the default: a later mention's tense may say more */
	}
	return f;
}

/* Does token t hold هاتف or اتصال anywhere (هاتفيا, الاتصال)? Both hold
 * ات: each ت (bytes D8 AA) found by memchr is checked in place, which is
 * what strstr of both took several times as long to do on every token. */
static bool phone_word(const text_token *t)
{
	static const char phone[] = "\xd9\x87\xd8\xa7\xd8\xaa\xd9\x81", /* هاتف */
	                  call[] = "\xd8\xa7\xd8\xaa\xd8\xb5\xd8\xa7\xd9\x84"; /* اتصال */
	const char *s = t->norm, *e = s + t->norm_len;
	for (const char *p = s; (p = memchr(p, 0xAA, (size_t)(e - p))) != NULL; p++) {
		size_t at = (size_t)(p - s), rest = (size_t)(e - p); /* p: ت's second byte */
		if (at >= 5 && rest >= 3 && memcmp(p - 5, phone, 8) == 0)
			return true;
		if (at >= 3 && rest >= 7 && memcmp(p - 3, call, 10) == 0)
			return true;
	}
	return false;
}

/* "وبحث X، الخميس في أربيل، مع Y": a verb of discussing (kind "talk", not
 * the verbal noun لبحث) with مع and a person, country or organisation after
 * it within 12 tokens, in a sentence without a phone call (هاتفيا, اتصال). */
static bool talk_word(const ctx *c, uint32_t s, size_t sb, size_t se, size_t *at, size_t *len)
{
	static const char ma[] = "\xd9\x85\xd8\xb9"; /* مع */
	/* no talk word, no talk: the phone scan below is for sentences with one */
	if (!find_pat(c, &c->lex->mtalk, sb, se, NULL, NULL))
		return false;
	for (size_t k = sb; k < se; k++)
		if (phone_word(&c->toks[k]))
			return false;
	size_t t = sb, n = 0;
	while (t < se && find_pat(c, &c->lex->mtalk, t, se, &t, &n)) {
		bool verbal_noun = c->toks[t].norm_len > 2 && memcmp(c->toks[t].norm, "\xd9\x84", 2) == 0; /* ل */
		size_t lim = t + n + 12 < se ? t + n + 12 : se;
		for (size_t k = t + n; k < lim && !verbal_noun; k++) {
			if (strcmp(c->toks[k].norm, ma) != 0)
				continue;
			for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
				const entity_mention *m = &c->ms[i];
				if (m->first_token > k && m->first_token <= k + 8 && ent_kind(c, m->entity) != ENTITY_KIND_PLACE) {
					*at = t;
					*len = n;
					return true;
				}
			}
		}
		t += n;
	}
	return false;
}

static int build_meetings(ctx *c)
{
	const facts_lexicon *lex = c->lex;
	meeting_state *st = NULL; /* per meeting kept */
	size_t cap = 0;
	int rc = 0;
	for (uint32_t s = 0; s < c->n_sents && rc == 0; s++) {
		size_t sb = c->sents[s].first_token, se = sent_end(c, s);
		size_t wat[MEETING_MAX_WORDS], wlen[MEETING_MAX_WORDS], nw = 0;
		size_t at = sb, len = 0;
		/* "مؤتمر صحفي" is no meeting of the coalition: skip such words */
		while (at < se && nw < MEETING_MAX_WORDS && find_pat(c, &lex->mword, at, se, &at, &len)) {
			if (!find_pat(c, &lex->mnot, at, at + 1, NULL, NULL)) {
				wat[nw] = at;
				wlen[nw++] = len;
			}
			at += len;
		}
		if (nw == 0 && talk_word(c, s, sb, se, &at, &len)) {
			wat[nw] = at;
			wlen[nw++] = len;
		}
		/* each meeting owns its clause: the words from the last comma
		 * before it (or its own word) up to the next one's start */
		size_t cut[MEETING_MAX_WORDS + 1];
		cut[0] = sb;
		cut[nw] = se;
		for (size_t k = 1; k < nw; k++) {
			cut[k] = wat[k];
			for (size_t t = wat[k]; t-- > wat[k - 1] + wlen[k - 1];)
				if (c->toks[t].kind == TEXT_TOKEN_PUNCT && clause_mark(c, t)) {
					cut[k] = t + 1;
					break;
				}
		}
		for (size_t k = 0; k < nw; k++) {
			size_t from = cut[k], to = cut[k + 1];
			/* "وقال الوزير X إن الحوار سيستمر في جولة جديدة": the
			 * reporting frame before a complementizer is no part of
			 * the meeting (its speaker is no participant) */
			size_t comp = comp_last(c, from, wat[k]);
			if (comp < wat[k])
				from = comp + 1;
			/* "الاجتماع", "هذا الاجتماع": a word referring back */
			bool back = find_pat(c, &lex->mback, wat[k] > from ? wat[k] - 1 : wat[k], wat[k] + 1,
			    NULL, NULL);
			bool fresh = find_pat(c, &lex->mnew, wat[k], wat[k] + 1, NULL, NULL);
			if (c->r->meetings.n + 1 > cap) {
				size_t nc = cap ? cap * 2 : 16;
				meeting_state *nm = realloc(st, nc * sizeof(*st));
				if (nm == NULL) {
					rc = -1;
					break;
				}
				st = nm;
				cap = nc;
			}
			bool mk = false;
			facts_meeting *f = build_meeting(c, s, wat[k], wlen[k], from, to, back, &mk);
			if (f == NULL) {
				rc = -1;
				break;
			}
			st[c->r->meetings.n - 1] = (meeting_state){s, mk};
			merge_meeting(c, f, st, back, fresh);
		}
	}
	free(st);
	return rc;
}

/* --- events */

/* Is token t a preposition that makes the noun after it an object or a
 * place ("على مواقع للجيش", "من سوريا", "في قبرص")? */
static bool preposition(const ctx *c, size_t t)
{
	static const char *const preps[] = {
	    "\xd8\xb9\xd9\x84\xd9\x89", "\xd8\xb9\xd9\x84\xd9\x8a", /* على (ى/ي) */
	    "\xd8\xb6\xd8\xaf",                                           /* ضد */
	    "\xd9\x81\xd9\x8a",                                           /* في */
	    "\xd9\x85\xd9\x86",                                           /* من */
	    "\xd8\xa7\xd9\x84\xd9\x89", "\xd8\xa7\xd9\x84\xd9\x8a", /* إلى */
	    "\xd8\xb9\xd9\x86",                                           /* عن */
	    "\xd9\x85\xd8\xb9",                                           /* مع */
	    "\xd9\x82\xd8\xb1\xd8\xa8",                                 /* قرب */
	};
	for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++)
		if (strcmp(c->toks[t].norm, preps[i]) == 0)
			return true;
	return false;
}

/* Who acts in an event: Arabic puts the subject right after its verb
 * ("واستعادت القوات العراقية السيطرة"), so a country or organisation
 * starting within 3 tokens after the trigger with no preposition between
 * (else an object or a place: "هجوما على مواقع الجيش العراقي", "من سوريا");
 * else the nearest one before it ("وقررت الولايات المتحدة سحب"); else none.
 * place (the event's place) is never the actor. */
#define EVENT_SUBJECT_WIN 3
static const entity_mention *event_actor(const ctx *c, uint32_t s, size_t at, size_t len,
    const entity_mention *place)
{
	const entity_mention *before = NULL;
	for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
		const entity_mention *m = &c->ms[i];
		entity_kind k = ent_kind(c, m->entity);
		bool capital = m->form == ENTITY_FORM_CAPITAL && !entity_ref_is_none(m->country);
		if (m == place || !(k == ENTITY_KIND_COUNTRY || k == ENTITY_KIND_ORGANIZATION || capital))
			continue;
		if (m->first_token < at) {
			before = m;
			continue;
		}
		bool prep = false;
		for (size_t t = at + len; t < m->first_token && !prep; t++)
			prep = preposition(c, t);
		if (m->first_token >= at + len && m->first_token <= at + len + EVENT_SUBJECT_WIN && !prep) {
			/* a clitic preposition (للجيش، بسوريا) makes it no subject */
			const char *w = c->toks[m->first_token].norm;
			if (strncmp(w, "\xd9\x84", 2) != 0 && !located(c, m))
				return m;
		}
		break;
	}
	return before;
}

static int build_events(ctx *c)
{
	const facts_lexicon *lex = c->lex;
	for (uint32_t s = 0; s < c->n_sents; s++) {
		size_t sb = c->sents[s].first_token, se = sent_end(c, s);
		size_t from = sb;
		const char *seen[8];
		size_t n_seen = 0;
		size_t at, len;
		const char *type;
		while (from < se && find_tag(c, &lex->events, from, se, &at, &len, &type)) {
			from = at + len;
			bool dup = false;
			for (size_t k = 0; k < n_seen; k++)
				dup |= seen[k] == type;
			if (dup || n_seen == 8)
				continue;
			seen[n_seen++] = type;
			facts_event *f = vec_push(&c->r->events);
			if (f == NULL)
				return -1;
			f->prov = prov_of(c, s, (text_span){c->toks[at].span.start,
			                            c->toks[at + len - 1].span.end});
			f->type = type;
			f->date = sentence_date(c, s);
			f->place = fe_none();
			f->actor = fe_none();
			const entity_mention *m = nearest(c, s, at, FACTS__SUBJ_PLACE, true);
			if (m == NULL)
				m = nearest(c, s, at, FACTS__SUBJ_PLACE, false);
			if (m)
				f->place = fe_mention(c, m);
			const entity_mention *actor = event_actor(c, s, at, len, m);
			if (actor)
				f->actor = fe_country(c, actor);
		}
	}
	return 0;
}

/* --- participation */

/* The mode bits of every mode word (any pattern of modes) at a token of
 * [from, to). */
static uint32_t modes_in(const ctx *c, size_t from, size_t to)
{
	const facts__taglist *l = &c->lex->modes;
	const facts__hit *e = NULL;
	uint32_t bits = 0;
	const facts__hit *h = facts__matches_range(&c->mt, l->id, from, to, &e);
	for (; h && h < e; h++)
		bits |= (uint32_t)strtoul(l->v[h->k].value, NULL, 10);
	return bits;
}

/* Modes in a list ("أستراليا، بلجيكا، إيطاليا تدريب قوات، هولندا ونيوزيلندا
 * استطلاع، النرويج، استطلاع"): the mode words after a run of countries,
 * up to the next country, are theirs alone. Rows first.. of sentence s got
 * the sentence's modes; those followed by a run of mode words get only that
 * run's. Countries that no run follows keep the sentence's modes. */
static int list_modes(ctx *c, uint32_t s, size_t first)
{
	facts_participation *rows = c->r->parts.v;
	size_t n = c->r->parts.n, pend = first, next = first;
	uint32_t run = 0;
	size_t sb = c->sents[s].first_token, se = sent_end(c, s);
	/* the sentence's mode hits, walked along with i: modes_in(c, i, i + 1)
	 * at each token without a search each */
	const facts__taglist *ml = &c->lex->modes;
	const facts__hit *me = NULL, *mh = facts__matches_range(&c->mt, ml->id, sb, se, &me);
	for (size_t i = sb; i < se; i++) {
		while (mh && mh < me && mh->tok < i)
			mh++;
		/* a row's country starts here: it closes a run of modes */
		if (next < n && c->toks[i].span.start == rows[next].country.span.start) {
			if (run) {
				for (; pend < next; pend++)
					rows[pend].modes = run;
				run = 0;
			}
			next++;
			continue;
		}
		for (; mh && mh < me && mh->tok == i; mh++)
			run |= (uint32_t)strtoul(ml->v[mh->k].value, NULL, 10);
	}
	if (run)
		for (; pend < next; pend++)
			rows[pend].modes = run;
	return 0;
}

static int build_participations(ctx *c)
{
	const facts_lexicon *lex = c->lex;
	for (uint32_t s = 0; s < c->n_sents; s++) {
		size_t sb = c->sents[s].first_token, se = sent_end(c, s);
		size_t at, len;
		if (!find_pat(c, &lex->part, sb, se, &at, &len))
			continue;
		/* "لن تشارك", "رفضت المشاركة": a stated refusal is no part */
		if (find_pat(c, &lex->negation, at > sb + 3 ? at - 3 : sb, at, NULL, NULL))
			continue;
		/* "يشارك الوزير ... في اجتماع": taking part in a meeting is a
		 * meeting fact, not a part in the campaign */
		if (find_pat(c, &lex->mword, at, se, NULL, NULL))
			continue;
		/* "اجتماعا لوزراء الدفاع ... بمشاركة ممثلين عن 26 دولة": a
		 * participation word in a meeting's clause (a meeting word before
		 * it, no comma between) is taking part in that meeting */
		bool in_meeting = false;
		for (size_t t = at; t-- > sb && !in_meeting;) {
			if (c->toks[t].kind == TEXT_TOKEN_PUNCT && clause_mark(c, t))
				break;
			in_meeting = find_pat(c, &lex->mword, t, t + 1, NULL, NULL) &&
			    !find_pat(c, &lex->mnot, t, t + 1, NULL, NULL);
		}
		if (in_meeting)
			continue;
		bool has_meeting = find_pat(c, &lex->mword, sb, se, NULL, NULL);
		uint8_t theatres = 0;
		uint32_t modes = 0;
		size_t first = c->r->parts.n; /* this sentence's rows start here */
		for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
			const char *id = ent_id(c, c->ms[i].entity);
			if (strcmp(id, "country:IQ") == 0)
				theatres |= FACTS_THEATRE_IRAQ;
			else if (strcmp(id, "country:SY") == 0)
				theatres |= FACTS_THEATRE_SYRIA;
		}
		modes = modes_in(c, sb, se);
		for (size_t i = c->ms_first[s]; i < c->n_ms && c->ms[i].sentence == s; i++) {
			const entity_mention *m = &c->ms[i];
			entity_ref cref = m->entity;
			if (m->form == ENTITY_FORM_CAPITAL && !entity_ref_is_none(m->country))
				cref = m->country;
			else if (m->form == ENTITY_FORM_CAPITAL || ent_kind(c, m->entity) != ENTITY_KIND_COUNTRY)
				continue;
			/* where, not who: "وفي بروكسل، اجتمع ..." (a located capital or
			 * country); and the host of a meeting ("استضافت دولة الكويت
			 * اجتماعا") does not thereby take part in the campaign (a
			 * country hosting aircraft, with no meeting, may) */
			if (located(c, m) || (has_meeting && m->first_token > sb &&
			                         find_pat(c, &lex->host, m->first_token - 1, m->first_token, NULL, NULL)))
				continue;
			/* a nisba qualifying an office (وزير الدفاع الفرنسي) still names
			 * the country; Iraq and Syria are where, not who */
			const char *id = ent_id(c, cref);
			if (strcmp(id, "country:IQ") == 0 || strcmp(id, "country:SY") == 0)
				continue;
			bool dup = false;
			for (size_t k = c->r->parts.n; k-- > 0;) {
				const facts_participation *p = (const facts_participation *)c->r->parts.v + k;
				if (p->prov.sentence != s)
					break;
				dup |= p->country.ref.v == cref.v;
			}
			if (dup)
				continue;
			facts_participation *f = vec_push(&c->r->parts);
			if (f == NULL)
				return -1;
			f->prov = prov_of(c, s, (text_span){c->toks[at].span.start,
			                            c->toks[at + len - 1].span.end});
			f->country = (facts_entity){cref, id, m->span};
			f->theatres = theatres;
			f->modes = modes;
			f->date = sentence_date(c, s);
		}
		if (list_modes(c, s, first) != 0)
			return -1;
	}
	return 0;
}

void facts_result_destroy(facts_result *r)
{
	if (r == NULL)
		return;
	free(r->quantities.v);
	free(r->quotes.v);
	free(r->meetings.v);
	free(r->events.v);
	free(r->parts.v);
	free(r);
}

int facts_build(const facts_lexicon *lex, const text_doc *doc, const extract_result *ex,
    const entity_result *ents, const extract_ymd *published, facts_result **out)
{
	ctx c;
	memset(&c, 0, sizeof(c));
	c.lex = lex;
	c.doc = doc;
	c.ents = ents;
	c.bytes = text_doc_bytes(doc, NULL);
	c.toks = text_doc_tokens(doc, &c.n_toks);
	c.sents = text_doc_sentences(doc, &c.n_sents);
	c.qs = extract_result_quantities(ex, &c.n_qs);
	c.dates = extract_result_dates(ex, &c.n_dates);
	c.nums = extract_result_numbers(ex, &c.n_nums);
	c.ms = entity_result_mentions(ents, &c.n_ms);
	c.roles = entity_result_roles(ents, &c.n_roles);
	c.published = published ? *published : extract_result_published(ex, NULL);
	facts_result *r = calloc(1, sizeof(*r));
	if (r == NULL)
		return -1;
	r->quantities.elem = sizeof(facts_quantity);
	r->quotes.elem = sizeof(facts_quote);
	r->meetings.elem = sizeof(facts_meeting);
	r->events.elem = sizeof(facts_event);
	r->parts.elem = sizeof(facts_participation);
	c.r = r;
	c.ms_first = malloc((c.n_sents + 1) * sizeof(size_t));
	c.date_first = malloc((c.n_sents + 1) * sizeof(size_t));
	c.offs = malloc((c.n_toks + 1) * sizeof(*c.offs));
	if (c.ms_first == NULL || c.date_first == NULL || c.offs == NULL)
		goto fail;
	if (facts__doc_match(lex, c.toks, c.n_toks, c.offs, &c.mt) != 0)
		goto fail;
	size_t mi = 0, di = 0;
	for (size_t s = 0; s <= c.n_sents; s++) {
		while (mi < c.n_ms && c.ms[mi].sentence < s)
			mi++;
		while (di < c.n_dates && c.dates[di].sentence < s)
			di++;
		c.ms_first[s] = mi;
		c.date_first[s] = di;
	}
	if (build_quantities(&c) != 0 || build_ordinals(&c) != 0 || build_quotes(&c) != 0 || build_meetings(&c) != 0 ||
	    build_events(&c) != 0 || build_participations(&c) != 0)
		goto fail;
	free(c.ms_first);
	free(c.date_first);
	free(c.offs);
	facts__matches_fini(&c.mt);
	*out = r;
	return 0;
fail:
	free(c.ms_first);
	free(c.date_first);
	free(c.offs);
	facts__matches_fini(&c.mt);
	facts_result_destroy(r);
	return -1;
}

const facts_quantity *facts_result_quantities(const facts_result *r, size_t *n)
{
	*n = r->quantities.n;
	return r->quantities.v;
}

const facts_quote *facts_result_quotes(const facts_result *r, size_t *n)
{
	*n = r->quotes.n;
	return r->quotes.v;
}

const facts_meeting *facts_result_meetings(const facts_result *r, size_t *n)
{
	*n = r->meetings.n;
	return r->meetings.v;
}

const facts_event *facts_result_events(const facts_result *r, size_t *n)
{
	*n = r->events.n;
	return r->events.v;
}

const facts_participation *facts_result_participations(const facts_result *r, size_t *n)
{
	*n = r->parts.n;
	return r->parts.v;
}

const char *facts_mode_name(uint32_t mode_bit)
{
	switch (mode_bit) {
	case FACTS_MODE_STRIKES: return "strikes";
	case FACTS_MODE_TRAINING: return "training";
	case FACTS_MODE_RECONNAISSANCE: return "reconnaissance";
	case FACTS_MODE_LOGISTICS: return "logistics";
	case FACTS_MODE_ADVISING: return "advising";
	case FACTS_MODE_ARMING: return "arming";
	}
	return NULL;
}

const char *facts_meeting_status_name(facts_meeting_status s)
{
	switch (s) {
	case FACTS_MEETING_PAST: return "past";
	case FACTS_MEETING_ONGOING: return "ongoing";
	case FACTS_MEETING_ANNOUNCED: return "announced";
	}
	return "unknown";
}

const char *facts_speaker_how_name(facts_speaker_how h)
{
	switch (h) {
	case FACTS_SPEAKER_MENTION: return "mention";
	case FACTS_SPEAKER_ROLE: return "role";
	case FACTS_SPEAKER_PREVIOUS: return "previous";
	case FACTS_SPEAKER_UNKNOWN: return "unknown";
	}
	return "unknown";
}
