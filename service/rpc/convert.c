/* convert.c: core structs -> coalition.v1 messages, allocated in the reply
 * arena. Strings are copied out of the document bytes because protobuf-c
 * needs NUL-terminated strings and spans are not. */
#include <stdio.h>
#include <string.h>

#include "coalition_limits.h"
#include "handlers.h"

#define NEW(c, type, desc) ((type *)rpc__new((c), &(desc)))

static void *arr(rpc_call *c, size_t n, size_t elem)
{
	return arena_alloc(c->out, (n ? n : 1) * elem);
}

static Coalition__V1__Span *span_new(rpc_call *c, text_span s)
{
	Coalition__V1__Span *sp = NEW(c, Coalition__V1__Span, coalition__v1__span__descriptor);
	if (sp != NULL) {
		sp->start = s.start;
		sp->end = s.end;
	}
	return sp;
}

Coalition__V1__Sentence **rpc__sentences(rpc_call *c, const text_doc *doc, size_t *n)
{
	size_t len = 0;
	const char *bytes = text_doc_bytes(doc, &len);
	const text_sentence *s = text_doc_sentences(doc, n);
	Coalition__V1__Sentence **out = arr(c, *n, sizeof *out);
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < *n; i++) {
		Coalition__V1__Sentence *m = NEW(c, Coalition__V1__Sentence, coalition__v1__sentence__descriptor);
		if (m == NULL || (m->span = span_new(c, s[i].span)) == NULL ||
		    (m->text = rpc__slice(c, bytes, s[i].span.start, s[i].span.end)) == NULL)
			return NULL;
		m->index = (uint32_t)i;
		out[i] = m;
	}
	return out;
}

/* The precision a bare date carries: what of it is known. */
static extract_precision ymd_precision(extract_ymd d)
{
	return d.day ? EXTRACT_PREC_DAY : d.month ? EXTRACT_PREC_MONTH : EXTRACT_PREC_YEAR;
}

static char *dup(rpc_call *c, const char *s) { return arena_strndup(c->out, s, strlen(s)); }

Coalition__V1__Document *rpc__document(rpc_call *c, const store_document *d)
{
	Coalition__V1__Document *m = NEW(c, Coalition__V1__Document, coalition__v1__document__descriptor);
	if (m == NULL)
		return NULL;
	/* The store is read-only while serving, so its strings outlive the reply. */
	m->id = (char *)store_document_id(d);
	m->title = (char *)store_document_title(d);
	m->outlet = (char *)store_document_outlet(d);
	m->language = (char *)store_document_language(d);
	m->url = (char *)store_document_url(d);
	const text_doc *doc = store_document_text(d);
	size_t len = 0, n_sent = 0;
	text_doc_bytes(doc, &len);
	text_doc_sentences(doc, &n_sent);
	m->byte_size = (uint32_t)len;
	m->sentence_count = (uint32_t)n_sent;
	extract_date_source src = EXTRACT_SRC_NONE;
	extract_ymd pub = extract_result_published(store_document_extract(d), &src);
	if (pub.year != 0) {
		char buf[16];
		extract_ymd_format(pub, ymd_precision(pub), buf);
		if ((m->published = dup(c, buf)) == NULL)
			return NULL;
	}
	m->published_source = (Coalition__V1__DateSource)src;
	return m;
}

static Coalition__V1__NumberValue *number_new(rpc_call *c, const char *bytes, const extract_number *x)
{
	Coalition__V1__NumberValue *m = NEW(c, Coalition__V1__NumberValue, coalition__v1__number_value__descriptor);
	if (m == NULL || (m->span = span_new(c, x->span)) == NULL ||
	    (m->text = rpc__slice(c, bytes, x->span.start, x->span.end)) == NULL)
		return NULL;
	m->value = x->value;
	m->value_max = x->value_max;
	m->approximation = (Coalition__V1__Approximation)x->approx;
	m->ordinal = x->ordinal;
	m->sentence_index = x->sentence;
	return m;
}

static Coalition__V1__Role *role_new(rpc_call *c, const text_doc *doc, const entity_result *ents,
    const entity_role_mention *rm, const char *document_id, const char *stated_date)
{
	size_t len = 0, n_sent = 0;
	const char *bytes = text_doc_bytes(doc, &len);
	const text_sentence *sent = text_doc_sentences(doc, &n_sent);
	Coalition__V1__Role *r = NEW(c, Coalition__V1__Role, coalition__v1__role__descriptor);
	Coalition__V1__Provenance *p = NEW(c, Coalition__V1__Provenance, coalition__v1__provenance__descriptor);
	if (r == NULL || p == NULL ||
	    (r->office = rpc__slice(c, bytes, rm->office.start, rm->office.end)) == NULL ||
	    (p->span = span_new(c, rm->span)) == NULL)
		return NULL;
	const entity_info *of = entity_result_info(ents, rm->of);
	if ((r->of_entity_id = dup(c, of != NULL ? of->id : "")) == NULL)
		return NULL;
	r->stated_date = (char *)stated_date;
	p->document_id = (char *)document_id;
	p->sentence_index = rm->sentence;
	if (rm->sentence < n_sent &&
	    (p->snippet = rpc__slice(c, bytes, sent[rm->sentence].span.start, sent[rm->sentence].span.end)) == NULL)
		return NULL;
	r->provenance = p;
	return r;
}

Coalition__V1__Entity **rpc__entities(rpc_call *c, const text_doc *doc, const entity_result *ents,
    const char *document_id, const char *stated_date, size_t *n_out)
{
	size_t n_m = 0, n_r = 0, n = 0;
	const entity_mention *m = entity_result_mentions(ents, &n_m);
	const entity_role_mention *rm = entity_result_roles(ents, &n_r);
	Coalition__V1__Entity **out = arr(c, n_m, sizeof *out);
	entity_ref *refs = arr(c, n_m, sizeof *refs);
	if (out == NULL || refs == NULL)
		return NULL;
	/* Mentions per document are few (hundreds): a linear search for the
	 * distinct refs costs less than building a hash for each reply. */
	for (size_t i = 0; i < n_m; i++) {
		size_t k = 0;
		while (k < n && refs[k].v != m[i].entity.v)
			k++;
		if (k < n) {
			out[k]->mention_count++;
			continue;
		}
		const entity_info *info = entity_result_info(ents, m[i].entity);
		if (info == NULL)
			continue;
		Coalition__V1__Entity *e = NEW(c, Coalition__V1__Entity, coalition__v1__entity__descriptor);
		if (e == NULL)
			return NULL;
		e->kind = (Coalition__V1__EntityKind)info->kind;
		if (entity_ref_is_doc(m[i].entity)) {
			/* A person found in this text lives in ents, which the
			 * caller may free before the reply is packed: copy. */
			if ((e->id = dup(c, info->id)) == NULL || (e->name_ar = dup(c, info->name_ar)) == NULL)
				return NULL;
		} else {
			/* Gazetteer strings live as long as the server. */
			e->id = (char *)info->id;
			e->name_ar = (char *)info->name_ar;
			e->name_en = (char *)info->name_en;
			e->wikidata_id = (char *)info->wikidata;
			e->aliases = (char **)info->aliases;
			e->n_aliases = info->n_aliases;
		}
		e->mention_count = 1;
		size_t n_roles = 0;
		for (size_t j = 0; j < n_r; j++)
			n_roles += rm[j].person.v == m[i].entity.v;
		if (n_roles > 0) {
			if ((e->roles = arr(c, n_roles, sizeof *e->roles)) == NULL)
				return NULL;
			for (size_t j = 0; j < n_r; j++)
				if (rm[j].person.v == m[i].entity.v &&
				    (e->roles[e->n_roles++] = role_new(c, doc, ents, &rm[j], document_id, stated_date)) == NULL)
					return NULL;
		}
		refs[n] = m[i].entity;
		out[n++] = e;
	}
	*n_out = n;
	return out;
}

static Coalition__V1__DateValue *fact_date(rpc_call *c, const facts_date *fd)
{
	if (fd->precision == EXTRACT_PREC_NONE || fd->date.year == 0)
		return NULL;
	Coalition__V1__DateValue *d = NEW(c, Coalition__V1__DateValue, coalition__v1__date_value__descriptor);
	char buf[16];
	if (d == NULL || (d->iso = dup(c, extract_ymd_format(fd->date, fd->precision, buf))) == NULL)
		return NULL;
	if (fd->end.year != 0 && (d->end_iso = dup(c, extract_ymd_format(fd->end, fd->precision, buf))) == NULL)
		return NULL;
	d->precision = (Coalition__V1__DatePrecision)fd->precision;
	return d;
}

/* A fact with its id, kind, provenance (span: the expression; snippet: the
 * evidence) and date; the caller fills the rest. NULL when out of memory. */
static Coalition__V1__Fact *fact_new(rpc_call *c, const char *bytes, Coalition__V1__FactKind kind,
    size_t n, const facts_provenance *pv, const facts_date *fd)
{
	Coalition__V1__Fact *f = NEW(c, Coalition__V1__Fact, coalition__v1__fact__descriptor);
	Coalition__V1__Provenance *p = NEW(c, Coalition__V1__Provenance, coalition__v1__provenance__descriptor);
	char id[32];
	snprintf(id, sizeof id, "fact:%zu", n);
	if (f == NULL || p == NULL || (f->id = dup(c, id)) == NULL || (p->span = span_new(c, pv->span)) == NULL ||
	    (p->snippet = rpc__slice(c, bytes, pv->evidence.start, pv->evidence.end)) == NULL)
		return NULL;
	p->document_id = "";
	p->sentence_index = pv->sentence;
	f->kind = kind;
	f->provenance = p;
	if (fd != NULL && fd->precision != EXTRACT_PREC_NONE && fd->date.year != 0 && (f->date = fact_date(c, fd)) == NULL)
		return NULL;
	return f;
}

/* Entity ids of facts point into the gazetteer (server lifetime) or into the
 * analysis (a person found in this text): copy, the analysis goes first. */
static char *fact_entity_id(rpc_call *c, const facts_entity *e) { return dup(c, e->id ? e->id : ""); }

/* A document's facts are numbered in kind order (quantities, quotes,
 * meetings, events, participation), then text order: that number is the
 * fact's id within the document. */
size_t rpc__fact_count(const facts_result *fr)
{
	size_t n = 0, k;
	facts_result_quantities(fr, &k);
	n += k;
	facts_result_quotes(fr, &k);
	n += k;
	facts_result_meetings(fr, &k);
	n += k;
	facts_result_events(fr, &k);
	n += k;
	facts_result_participations(fr, &k);
	return n + k;
}

static const struct {
	uint32_t bit;
	const char *name;
} fact_modes[] = {{FACTS_MODE_STRIKES, "strikes"}, {FACTS_MODE_TRAINING, "training"},
    {FACTS_MODE_RECONNAISSANCE, "reconnaissance"}, {FACTS_MODE_LOGISTICS, "logistics"},
    {FACTS_MODE_ADVISING, "advising"}, {FACTS_MODE_ARMING, "arming"}};

Coalition__V1__Fact *rpc__fact(rpc_call *c, const store_analysis *a, size_t n, const char *document_id)
{
	size_t len = 0, nq = 0, nquo = 0, nm = 0, ne = 0, np = 0;
	const char *bytes = text_doc_bytes(a->doc, &len);
	const facts_quantity *q = facts_result_quantities(a->facts, &nq);
	const facts_quote *quo = facts_result_quotes(a->facts, &nquo);
	const facts_meeting *m = facts_result_meetings(a->facts, &nm);
	const facts_event *ev = facts_result_events(a->facts, &ne);
	const facts_participation *pa = facts_result_participations(a->facts, &np);
	Coalition__V1__Fact *f = NULL;
	size_t i = n;
	if (i < nq) {
		f = fact_new(c, bytes, COALITION__V1__FACT_KIND__FACT_KIND_QUANTITY, n, &q[i].prov, &q[i].as_of);
		Coalition__V1__Quantity *qq = NEW(c, Coalition__V1__Quantity, coalition__v1__quantity__descriptor);
		Coalition__V1__NumberValue *nv = NEW(c, Coalition__V1__NumberValue, coalition__v1__number_value__descriptor);
		if (f == NULL || qq == NULL || nv == NULL || (f->subject_id = fact_entity_id(c, &q[i].subject)) == NULL ||
		    (f->place_id = fact_entity_id(c, &q[i].place)) == NULL || (f->metric = dup(c, q[i].metric)) == NULL ||
		    (qq->unit = dup(c, q[i].unit ? q[i].unit : "")) == NULL ||
		    (qq->text = rpc__slice(c, bytes, q[i].prov.span.start, q[i].prov.span.end)) == NULL ||
		    (qq->span = span_new(c, q[i].prov.span)) == NULL)
			return NULL;
		nv->value = q[i].value;
		nv->value_max = q[i].value_max;
		nv->approximation = (Coalition__V1__Approximation)q[i].approx;
		nv->sentence_index = q[i].prov.sentence;
		qq->number = nv;
		qq->sentence_index = q[i].prov.sentence;
		f->quantity = qq;
	} else if ((i -= nq) < nquo) {
		f = fact_new(c, bytes, COALITION__V1__FACT_KIND__FACT_KIND_QUOTE, n, &quo[i].prov, &quo[i].date);
		if (f == NULL || (f->subject_id = fact_entity_id(c, &quo[i].speaker)) == NULL ||
		    (f->text = rpc__slice(c, bytes, quo[i].prov.span.start, quo[i].prov.span.end)) == NULL ||
		    (f->status = dup(c, facts_speaker_how_name((facts_speaker_how)quo[i].speaker_how))) == NULL)
			return NULL;
	} else if ((i -= nquo) < nm) {
		f = fact_new(c, bytes, COALITION__V1__FACT_KIND__FACT_KIND_MEETING, n, &m[i].prov, &m[i].date);
		if (f == NULL || (f->place_id = fact_entity_id(c, &m[i].city)) == NULL ||
		    (f->subtype = dup(c, m[i].level ? m[i].level : "")) == NULL ||
		    (f->status = dup(c, facts_meeting_status_name((facts_meeting_status)m[i].status))) == NULL)
			return NULL;
		if (m[i].n_hosts > 0) {
			if ((f->participant_ids = arr(c, m[i].n_hosts, sizeof *f->participant_ids)) == NULL)
				return NULL;
			for (size_t k = 0; k < m[i].n_hosts; k++)
				if ((f->participant_ids[f->n_participant_ids++] = fact_entity_id(c, &m[i].hosts[k])) == NULL)
					return NULL;
		}
		if (m[i].n_topics > 0) {
			if ((f->topics = arr(c, m[i].n_topics, sizeof *f->topics)) == NULL)
				return NULL;
			for (size_t k = 0; k < m[i].n_topics; k++)
				if ((f->topics[f->n_topics++] = rpc__slice(c, bytes, m[i].topics[k].start, m[i].topics[k].end)) ==
				    NULL)
					return NULL;
		}
		if (m[i].has_participants) {
			Coalition__V1__Quantity *qq = NEW(c, Coalition__V1__Quantity, coalition__v1__quantity__descriptor);
			Coalition__V1__NumberValue *nv = NEW(c, Coalition__V1__NumberValue, coalition__v1__number_value__descriptor);
			if (qq == NULL || nv == NULL)
				return NULL;
			nv->value = nv->value_max = m[i].participants;
			nv->approximation = (Coalition__V1__Approximation)m[i].participants_approx;
			qq->number = nv;
			qq->unit = "participant";
			f->quantity = qq;
			f->metric = "meeting.participants";
		}
	} else if ((i -= nm) < ne) {
		f = fact_new(c, bytes, COALITION__V1__FACT_KIND__FACT_KIND_EVENT, n, &ev[i].prov, &ev[i].date);
		if (f == NULL || (f->subject_id = fact_entity_id(c, &ev[i].actor)) == NULL ||
		    (f->place_id = fact_entity_id(c, &ev[i].place)) == NULL ||
		    (f->subtype = dup(c, ev[i].type ? ev[i].type : "")) == NULL)
			return NULL;
	} else if ((i -= ne) < np) {
		f = fact_new(c, bytes, COALITION__V1__FACT_KIND__FACT_KIND_PARTICIPATION, n, &pa[i].prov, &pa[i].date);
		char mode_list[96] = "", theatres[16];
		for (size_t k = 0; k < sizeof fact_modes / sizeof fact_modes[0]; k++)
			if (pa[i].modes & fact_modes[k].bit)
				snprintf(mode_list + strlen(mode_list), sizeof mode_list - strlen(mode_list), "%s%s",
				    mode_list[0] ? "," : "", fact_modes[k].name);
		snprintf(theatres, sizeof theatres, "%s%s%s", pa[i].theatres & FACTS_THEATRE_IRAQ ? "iraq" : "",
		    pa[i].theatres == (FACTS_THEATRE_IRAQ | FACTS_THEATRE_SYRIA) ? "," : "",
		    pa[i].theatres & FACTS_THEATRE_SYRIA ? "syria" : "");
		if (f == NULL || (f->subject_id = fact_entity_id(c, &pa[i].country)) == NULL ||
		    (f->subtype = dup(c, mode_list)) == NULL || (f->status = dup(c, theatres)) == NULL)
			return NULL;
	} else {
		return NULL;
	}
	if (document_id != NULL) {
		char id[STORE_ID_MAX_BYTES + 32];
		snprintf(id, sizeof id, "%s:%zu", document_id, n);
		if ((f->id = dup(c, id)) == NULL)
			return NULL;
		f->provenance->document_id = (char *)document_id; /* the store outlives the reply */
	}
	return f;
}

Coalition__V1__Fact *rpc__store_fact(rpc_call *c, uint32_t doc, uint32_t n)
{
	const store_document *d = store_document_at(c->app->store, doc);
	if (d == NULL)
		return NULL;
	store_analysis a = {(text_doc *)store_document_text(d), (extract_result *)store_document_extract(d),
	    (entity_result *)store_document_entities(d), (facts_result *)store_document_facts(d)};
	return rpc__fact(c, &a, n, store_document_id(d));
}

/* The facts of one analysed text, in their numbering order. */
static Coalition__V1__Fact **rpc__facts(rpc_call *c, const store_analysis *a, size_t *n_out)
{
	size_t n = rpc__fact_count(a->facts);
	Coalition__V1__Fact **out = arr(c, n, sizeof *out);
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((out[i] = rpc__fact(c, a, i, NULL)) == NULL)
			return NULL;
	*n_out = n;
	return out;
}

int rpc__extract_fill(rpc_call *c, const store_analysis *a, Coalition__V1__ExtractResponse *r)
{
	const text_doc *doc = a->doc;
	const extract_result *ex = a->ex;
	size_t len = 0, n = 0;
	const char *bytes = text_doc_bytes(doc, &len);
	if ((r->sentences = rpc__sentences(c, doc, &r->n_sentences)) == NULL)
		return -1;

	const extract_number *num = extract_result_numbers(ex, &n);
	if ((r->numbers = arr(c, n, sizeof *r->numbers)) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((r->numbers[i] = number_new(c, bytes, &num[i])) == NULL)
			return -1;
	r->n_numbers = n;

	const extract_quantity *qs = extract_result_quantities(ex, &n);
	if ((r->quantities = arr(c, n, sizeof *r->quantities)) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		Coalition__V1__Quantity *q = NEW(c, Coalition__V1__Quantity, coalition__v1__quantity__descriptor);
		if (q == NULL || (q->number = number_new(c, bytes, &qs[i].number)) == NULL ||
		    (q->unit = dup(c, qs[i].unit ? qs[i].unit : "")) == NULL ||
		    (q->unit_text = rpc__slice(c, bytes, qs[i].unit_span.start, qs[i].unit_span.end)) == NULL ||
		    (q->span = span_new(c, qs[i].span)) == NULL ||
		    (q->text = rpc__slice(c, bytes, qs[i].span.start, qs[i].span.end)) == NULL)
			return -1;
		q->sentence_index = qs[i].sentence;
		r->quantities[i] = q;
	}
	r->n_quantities = n;

	const extract_date *ds = extract_result_dates(ex, &n);
	if ((r->dates = arr(c, n, sizeof *r->dates)) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		Coalition__V1__DateValue *d = NEW(c, Coalition__V1__DateValue, coalition__v1__date_value__descriptor);
		char buf[16];
		if (d == NULL || (d->iso = dup(c, extract_ymd_format(ds[i].date, ds[i].precision, buf))) == NULL ||
		    (d->span = span_new(c, ds[i].span)) == NULL ||
		    (d->text = rpc__slice(c, bytes, ds[i].span.start, ds[i].span.end)) == NULL)
			return -1;
		if (ds[i].end.year != 0 &&
		    (d->end_iso = dup(c, extract_ymd_format(ds[i].end, ds[i].precision, buf))) == NULL)
			return -1;
		d->precision = (Coalition__V1__DatePrecision)ds[i].precision;
		d->relative = ds[i].relative;
		d->hijri = ds[i].hijri;
		d->sentence_index = ds[i].sentence;
		r->dates[i] = d;
	}
	r->n_dates = n;

	extract_date_source src = EXTRACT_SRC_NONE;
	extract_ymd pub = extract_result_published(ex, &src);
	if (pub.year != 0) {
		char buf[16];
		if ((r->published = dup(c, extract_ymd_format(pub, ymd_precision(pub), buf))) == NULL)
			return -1;
	}
	r->published_source = (Coalition__V1__DateSource)src;
	if (a->ents != NULL &&
	    (r->entities = rpc__entities(c, doc, a->ents, "", r->published, &r->n_entities)) == NULL)
		return -1;
	if (a->facts != NULL && (r->facts = rpc__facts(c, a, &r->n_facts)) == NULL)
		return -1;
	return 0;
}

Coalition__V1__Provenance *rpc__provenance(rpc_call *c, const store_document *d, uint32_t sentence,
    text_span span)
{
	size_t len = 0, n_sent = 0;
	const text_doc *doc = store_document_text(d);
	const char *bytes = text_doc_bytes(doc, &len);
	const text_sentence *sent = text_doc_sentences(doc, &n_sent);
	Coalition__V1__Provenance *p = NEW(c, Coalition__V1__Provenance, coalition__v1__provenance__descriptor);
	if (p == NULL || (p->span = span_new(c, span)) == NULL)
		return NULL;
	p->document_id = (char *)store_document_id(d); /* the store outlives the reply */
	p->sentence_index = sentence;
	if (sentence < n_sent && (p->snippet = rpc__slice(c, bytes, sent[sentence].span.start,
	                              sent[sentence].span.end)) == NULL)
		return NULL;
	return p;
}

/* Published date of a document as ISO text in the reply arena, "" if none. */
static char *published_iso(rpc_call *c, const store_document *d)
{
	extract_date_source src;
	extract_ymd pub = extract_result_published(store_document_extract(d), &src);
	char buf[16] = "";
	if (pub.year != 0)
		extract_ymd_format(pub, ymd_precision(pub), buf);
	return dup(c, buf);
}

Coalition__V1__Entity *rpc__store_entity(rpc_call *c, size_t i, bool with_roles)
{
	const store *s = c->app->store;
	const store_entity *se = store_entity_at(s, i);
	Coalition__V1__Entity *e = NEW(c, Coalition__V1__Entity, coalition__v1__entity__descriptor);
	if (e == NULL)
		return NULL;
	/* Store and gazetteer strings live as long as the server. */
	const entity_info *in = se->info;
	e->id = (char *)se->id;
	e->kind = (Coalition__V1__EntityKind)in->kind;
	e->name_ar = (char *)in->name_ar;
	e->name_en = (char *)in->name_en;
	e->wikidata_id = (char *)in->wikidata;
	e->aliases = (char **)in->aliases;
	e->n_aliases = in->n_aliases;
	e->mention_count = se->mentions;
	if (!with_roles)
		return e;
	size_t n_stated = 0;
	const store_entity_role *sr = store_entity_roles(s, i, &n_stated);
	if (n_stated > LIMIT_ENTITY_LIST_MAX)
		n_stated = LIMIT_ENTITY_LIST_MAX;
	/* A found person's info comes from one document, whose roles are the
	 * stated ones: only gazetteer people have dated roles of their own. */
	size_t n_known = strncmp(se->id, "person:found:", 13) != 0 ? in->n_roles : 0;
	if (n_known + n_stated == 0)
		return e;
	if ((e->roles = arr(c, n_known + n_stated, sizeof *e->roles)) == NULL)
		return NULL;
	for (size_t k = 0; k < n_known; k++) {
		Coalition__V1__Role *r = NEW(c, Coalition__V1__Role, coalition__v1__role__descriptor);
		if (r == NULL)
			return NULL;
		r->office = (char *)in->roles[k].office_ar;
		r->of_entity_id = (char *)in->roles[k].entity_id;
		r->valid_from = (char *)in->roles[k].from;
		r->valid_to = (char *)in->roles[k].to;
		e->roles[e->n_roles++] = r;
	}
	for (size_t k = 0; k < n_stated; k++) {
		const store_document *d = store_document_at(s, sr[k].doc);
		const entity_result *ents = store_document_entities(d);
		size_t n_r = 0, len = 0;
		const entity_role_mention *rm = &entity_result_roles(ents, &n_r)[sr[k].role];
		const char *bytes = text_doc_bytes(store_document_text(d), &len);
		Coalition__V1__Role *r = NEW(c, Coalition__V1__Role, coalition__v1__role__descriptor);
		if (r == NULL || (r->office = rpc__slice(c, bytes, rm->office.start, rm->office.end)) == NULL ||
		    (r->provenance = rpc__provenance(c, d, rm->sentence, rm->span)) == NULL ||
		    (r->stated_date = published_iso(c, d)) == NULL)
			return NULL;
		const entity_info *of = entity_result_info(ents, rm->of);
		r->of_entity_id = (char *)(of != NULL ? of->id : "");
		e->roles[e->n_roles++] = r;
	}
	return e;
}

/* ---- the entities a reply's facts name ---------------------------------
 * Fact messages carry ids; the reply lists each named entity once with its
 * names so a reader needs no second call to show "الموصل (Mosul)". */

static int idset_add(rpc_call *c, rpc_idset *set, const char *id)
{
	if (id == NULL || id[0] == '\0')
		return 0;
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->ids[i], id) == 0)
			return 0;
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		const char **v = arena_alloc(c->out, cap * sizeof *v);
		if (v == NULL)
			return -1;
		if (set->n > 0)
			memcpy(v, set->ids, set->n * sizeof *v);
		set->ids = v; /* the old array stays in the arena until the reply goes */
		set->cap = cap;
	}
	set->ids[set->n++] = id;
	return 0;
}

int rpc__idset_add_fact(rpc_call *c, rpc_idset *set, const Coalition__V1__Fact *f)
{
	if (f == NULL)
		return 0;
	if (idset_add(c, set, f->subject_id) != 0 || idset_add(c, set, f->place_id) != 0)
		return -1;
	for (size_t i = 0; i < f->n_participant_ids; i++)
		if (idset_add(c, set, f->participant_ids[i]) != 0)
			return -1;
	return 0;
}

int rpc__idset_entities(rpc_call *c, const rpc_idset *set, Coalition__V1__Entity ***out, size_t *n_out)
{
	*n_out = 0;
	if ((*out = arr(c, set->n ? set->n : 1, sizeof **out)) == NULL)
		return -1;
	for (size_t i = 0; i < set->n; i++) {
		long row = store_entity_find_id(c->app->store, set->ids[i]);
		if (row < 0)
			continue;
		Coalition__V1__Entity *e = rpc__store_entity(c, (size_t)row, false);
		if (e == NULL)
			return -1;
		e->n_aliases = 0; /* names only: aliases can run to dozens */
		e->aliases = NULL;
		(*out)[(*n_out)++] = e;
	}
	return 0;
}

int rpc__fact_page(rpc_call *c, const store_fact *rows, size_t offset, size_t size, size_t total,
    Coalition__V1__Fact ***facts, size_t *n_facts, Coalition__V1__Entity ***ents, size_t *n_ents,
    uint32_t *total_size, char **next_page_token)
{
	rpc_idset ids = {0};
	size_t n = total > offset ? total - offset : 0;
	if (n > size)
		n = size;
	*total_size = (uint32_t)total;
	if (rpc__page_token_next(c, offset, n, total, next_page_token) != STATUS_OK)
		return -1;
	if ((*facts = arr(c, n ? n : 1, sizeof **facts)) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (((*facts)[i] = rpc__store_fact(c, rows[i].doc, rows[i].n)) == NULL ||
		    rpc__idset_add_fact(c, &ids, (*facts)[i]) != 0)
			return -1;
	*n_facts = n;
	return rpc__idset_entities(c, &ids, ents, n_ents);
}
