/* entity_gazetteer: loads the four gazetteer TSV files and the title/office
 * lexicon, and builds the surface-form index. Every surface form is cut into
 * tokens by the text layer itself (text_doc_create on the form), so a key is
 * exactly what the matcher will see in an article: the tokens' matching forms
 * joined by one space ("جان-إيف" -> "جان - ايف", "U.S." as ICU cuts it). */
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity_impl.h"

static const char *const empty_list[1] = { NULL };

typedef struct {
	char *err;
	size_t err_len;
} errbuf;

static int fail(errbuf *e, const char *fmt, ...)
{
	if (e->err && e->err_len) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->err, e->err_len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 262144;
			char *p = realloc(buf, cap + 1);
			if (p == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static bool keep_alloc(entity_gazetteer *g, void *p)
{
	if (g->n_allocs == g->cap_allocs) {
		size_t cap = g->cap_allocs ? g->cap_allocs * 2 : 1024;
		void **v = realloc(g->allocs, cap * sizeof(*v));
		if (v == NULL)
			return false;
		g->allocs = v;
		g->cap_allocs = cap;
	}
	g->allocs[g->n_allocs++] = p;
	return true;
}

/* Splits s in place at '|'; *out is a new array kept by g. */
static bool split_list(entity_gazetteer *g, char *s, const char *const **out, size_t *n)
{
	if (*s == '\0') {
		*out = empty_list;
		*n = 0;
		return true;
	}
	size_t k = 1;
	for (char *p = s; *p; p++)
		k += *p == '|';
	const char **v = malloc(k * sizeof(*v));
	if (v == NULL || !keep_alloc(g, v)) {
		free(v);
		return false;
	}
	size_t i = 0;
	v[i++] = s;
	for (char *p = s; *p; p++) {
		if (*p == '|') {
			*p = '\0';
			v[i++] = p + 1;
		}
	}
	*out = v;
	*n = k;
	return true;
}

enum { C_ID, C_KIND, C_NAME_AR, C_NAME_EN, C_WIKIDATA, C_ALIASES, C_ISO2, C_NISBA,
	C_CAPITALS, C_ORG_TYPE, C_COUNTRY, C_NATIONALITY, C_ROLES, C_PLACE_TYPE, C_N };
static const char *const col_names[C_N] = { "id", "kind", "name_ar", "name_en", "wikidata",
	"aliases", "iso2", "nisba", "capitals", "org_type", "country", "nationality", "roles",
	"place_type" };

typedef struct {
	const char *file;
	entity_kind kind;
	const char *kind_str;
	const char *prefix;
	int need[8]; /* required columns beyond the common six, -1 terminated */
} file_spec;

static const file_spec specs[4] = {
	{ "countries.tsv", ENTITY_KIND_COUNTRY, "country", "country:",
	    { C_ISO2, C_NISBA, C_CAPITALS, -1 } },
	{ "organizations.tsv", ENTITY_KIND_ORGANIZATION, "organization", "org:",
	    { C_ORG_TYPE, C_COUNTRY, -1 } },
	{ "persons.tsv", ENTITY_KIND_PERSON, "person", "person:", { C_NATIONALITY, C_ROLES, -1 } },
	{ "places.tsv", ENTITY_KIND_PLACE, "place", "place:", { C_COUNTRY, C_PLACE_TYPE, -1 } },
};

/* where each entity came from, for error messages after all files are read */
typedef struct {
	uint8_t file;
	uint32_t line;
} origin;

static int parse_roles(entity_gazetteer *g, entity_info *e, char *s, errbuf *eb,
    const char *path, unsigned line)
{
	const char *const *items;
	size_t n;
	if (!split_list(g, s, &items, &n))
		return fail(eb, "%s:%u: out of memory", path, line);
	e->roles = NULL;
	e->n_roles = 0;
	if (n == 0)
		return 0;
	entity_role *r = calloc(n, sizeof(*r));
	if (r == NULL || !keep_alloc(g, r)) {
		free(r);
		return fail(eb, "%s:%u: out of memory", path, line);
	}
	for (size_t i = 0; i < n; i++) {
		char *it = (char *)items[i];
		char *a1 = strchr(it, '@');
		char *a2 = a1 ? strchr(a1 + 1, '@') : NULL;
		char *dd = a2 ? strstr(a2 + 1, "..") : NULL;
		if (a1 == NULL || a2 == NULL || dd == NULL || strchr(a2 + 1, '@') != NULL ||
		    a1 == it || a2 == a1 + 1)
			return fail(eb, "%s:%u: role %zu is not office@entity_id@from..to", path,
			    line, i + 1);
		*a1 = *a2 = '\0';
		dd[0] = '\0';
		r[i].office_ar = it;
		r[i].entity_id = a1 + 1;
		r[i].from = a2 + 1;
		r[i].to = dd + 2;
	}
	e->roles = r;
	e->n_roles = n;
	return 0;
}

static int grow_ents(entity_gazetteer *g, size_t *cap, origin **orig)
{
	if (g->n_ents < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 1024;
	entity_info *v = realloc(g->ents, c * sizeof(*v));
	if (v == NULL)
		return -1;
	g->ents = v;
	origin *o = realloc(*orig, c * sizeof(*o));
	if (o == NULL)
		return -1;
	*orig = o;
	*cap = c;
	return 0;
}

static int load_tsv(entity_gazetteer *g, const char *dir, int fi, size_t *cap, origin **orig,
    errbuf *eb)
{
	const file_spec *sp = &specs[fi];
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, sp->file);
	size_t len;
	char *buf = read_file(path, &len);
	if (buf == NULL)
		return fail(eb, "%s: cannot read (%s)", path, strerror(errno ? errno : EIO));
	g->files[fi] = buf;
	if (memchr(buf, '\0', len) != NULL)
		return fail(eb, "%s: contains a NUL byte", path);
	int col[C_N];
	for (int i = 0; i < C_N; i++)
		col[i] = -1;
	int n_cols = 0;
	unsigned line = 0;
	char *fields[32];
	for (char *p = buf; *p || p < buf + len;) {
		char *nl = strchr(p, '\n');
		char *end = nl ? nl : p + strlen(p);
		line++;
		char *next = nl ? nl + 1 : end;
		if (end > p && end[-1] == '\r')
			end[-1] = '\0';
		*end = '\0';
		if (*p == '\0' || *p == '#') {
			if (!nl)
				break;
			p = next;
			continue;
		}
		int nf = 0;
		for (char *q = p;;) {
			if (nf == 32)
				return fail(eb, "%s:%u: more than 32 fields", path, line);
			fields[nf++] = q;
			char *t = strchr(q, '\t');
			if (t == NULL)
				break;
			*t = '\0';
			q = t + 1;
		}
		if (n_cols == 0) {
			n_cols = nf;
			for (int i = 0; i < nf; i++)
				for (int c = 0; c < C_N; c++)
					if (strcmp(fields[i], col_names[c]) == 0)
						col[c] = i;
			for (int c = 0; c <= C_ALIASES; c++)
				if (col[c] < 0)
					return fail(eb, "%s:%u: header lacks column %s", path, line,
					    col_names[c]);
			for (int k = 0; sp->need[k] >= 0; k++)
				if (col[sp->need[k]] < 0)
					return fail(eb, "%s:%u: header lacks column %s", path, line,
					    col_names[sp->need[k]]);
		} else {
			if (nf != n_cols)
				return fail(eb, "%s:%u: %d fields, header has %d", path, line, nf,
				    n_cols);
			if (grow_ents(g, cap, orig) != 0)
				return fail(eb, "%s:%u: out of memory", path, line);
			entity_info *e = &g->ents[g->n_ents];
			memset(e, 0, sizeof(*e));
			(*orig)[g->n_ents].file = (uint8_t)fi;
			(*orig)[g->n_ents].line = line;
#define F(c) (col[c] >= 0 ? fields[col[c]] : (char *)"")
			e->id = F(C_ID);
			e->kind = sp->kind;
			if (strncmp(e->id, sp->prefix, strlen(sp->prefix)) != 0 ||
			    e->id[strlen(sp->prefix)] == '\0')
				return fail(eb, "%s:%u: id '%.60s' does not start with %s", path, line,
				    e->id, sp->prefix);
			if (strcmp(F(C_KIND), sp->kind_str) != 0)
				return fail(eb, "%s:%u: kind '%.30s' is not %s", path, line, F(C_KIND),
				    sp->kind_str);
			e->name_ar = F(C_NAME_AR);
			e->name_en = F(C_NAME_EN);
			e->wikidata = F(C_WIKIDATA);
			if (*e->name_ar == '\0')
				return fail(eb, "%s:%u: empty name_ar", path, line);
			e->country = F(C_COUNTRY);
			e->iso2 = F(C_ISO2);
			e->subtype = fi == 1 ? F(C_ORG_TYPE) : F(C_PLACE_TYPE);
			if (!split_list(g, F(C_ALIASES), &e->aliases, &e->n_aliases) ||
			    !split_list(g, F(C_NISBA), &e->nisba, &e->n_nisba) ||
			    !split_list(g, F(C_CAPITALS), &e->capitals, &e->n_capitals) ||
			    !split_list(g, F(C_NATIONALITY), &e->nationality, &e->n_nationality))
				return fail(eb, "%s:%u: out of memory", path, line);
			e->roles = NULL;
			if (parse_roles(g, e, F(C_ROLES), eb, path, line) != 0)
				return -1;
#undef F
			uint32_t *v = entity__map_put(&g->ids, &g->blob, e->id, strlen(e->id));
			if (v == NULL)
				return fail(eb, "%s:%u: out of memory", path, line);
			if (*v != ENTITY__NIL)
				return fail(eb, "%s:%u: duplicate id %.60s", path, line, e->id);
			*v = (uint32_t)g->n_ents;
			g->n_ents++;
		}
		if (!nl)
			break;
		p = next;
	}
	if (n_cols == 0)
		return fail(eb, "%s: no header line", path);
	return 0;
}

static bool known_id(const entity_gazetteer *g, const char *id)
{
	return entity__map_get(&g->ids, &g->blob, id, strlen(id)) != ENTITY__NIL;
}

static int check_refs(entity_gazetteer *g, const origin *orig, const char *dir, errbuf *eb)
{
	for (size_t i = 0; i < g->n_ents; i++) {
		const entity_info *e = &g->ents[i];
		const char *bad = NULL;
		if (*e->country && !known_id(g, e->country))
			bad = e->country;
		for (size_t k = 0; !bad && k < e->n_nationality; k++)
			if (!known_id(g, e->nationality[k]))
				bad = e->nationality[k];
		for (size_t k = 0; !bad && k < e->n_roles; k++)
			if (!known_id(g, e->roles[k].entity_id))
				bad = e->roles[k].entity_id;
		if (e->kind == ENTITY_KIND_PLACE && *e->country == '\0')
			return fail(eb, "%s/%s:%u: place without country", dir,
			    specs[orig[i].file].file, (unsigned)orig[i].line);
		if (bad)
			return fail(eb, "%s/%s:%u: unknown id %.60s", dir, specs[orig[i].file].file,
			    (unsigned)orig[i].line, bad);
	}
	return 0;
}

/* --- index building */

typedef struct {
	char key[ENTITY__KEY_MAX + 1];
	size_t len;
	size_t ntok;
	size_t first_len; /* bytes of the first token in key */
	size_t second_len; /* bytes of the second token (ntok >= 2) */
	bool spaced;       /* a token's norm holds a space (a ligature such as
	                      U+FDFA that NFKC spells in words) */
} form_key;

/* Tokenises s with the text layer and joins the tokens' matching forms. */
static bool make_key(const char *s, form_key *k)
{
	text_doc *doc = NULL;
	if (text_doc_create(NULL, s, strlen(s), &doc, NULL) != TEXT_OK)
		return false;
	size_t n;
	const text_token *t = text_doc_tokens(doc, &n);
	bool ok = n > 0 && n <= ENTITY__NTOK_MAX;
	k->len = 0;
	k->spaced = false;
	for (size_t i = 0; ok && i < n; i++) {
		if (memchr(t[i].norm, ' ', t[i].norm_len) != NULL)
			k->spaced = true;
		size_t need = t[i].norm_len + (i ? 1 : 0);
		if (k->len + need > ENTITY__KEY_MAX) {
			ok = false;
			break;
		}
		if (i)
			k->key[k->len++] = ' ';
		memcpy(k->key + k->len, t[i].norm, t[i].norm_len);
		k->len += t[i].norm_len;
		if (i == 0)
			k->first_len = k->len;
		if (i == 1)
			k->second_len = t[i].norm_len;
	}
	k->key[k->len] = '\0';
	k->ntok = n;
	text_doc_destroy(doc);
	return ok;
}

static bool is_cs_acronym(const char *s)
{
	size_t letters = 0;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 'A' && c <= 'Z')
			letters++;
		else if (c == '.' || c == ' ')
			continue;
		else
			return false;
	}
	return letters > 0 && letters <= 5;
}

static int form_rank(int form)
{
	switch (form) {
	case ENTITY_FORM_NAME: return 0;
	case ENTITY_FORM_ALIAS: return 1;
	case ENTITY_FORM_CAPITAL: return 2;
	default: return 3;
	}
}

/* Notes the first two tokens of a key of two tokens or more in g->pair. */
static void pair_add(entity_gazetteer *g, const form_key *k)
{
	if (k->spaced) {
		/* its tokens do not split at its spaces: the filter would
		 * not hold, so it lets every pair through */
		memset(g->pair, 0xFF, ENTITY__PAIR_BITS / 8);
		return;
	}
	if (k->ntok < 2)
		return;
	uint64_t h1 = entity__hash(k->key, k->first_len);
	uint64_t h2 = entity__hash(k->key + k->first_len + 1, k->second_len);
	size_t bit = entity__pair_bit(h1, h2);
	g->pair[bit >> 6] |= (uint64_t)1 << (bit & 63);
}

static bool add_form(entity_gazetteer *g, uint32_t ent, const char *s, entity_form form)
{
	form_key k;
	if (*s == '\0' || !make_key(s, &k))
		return true; /* nothing to index (a form the text layer drops) */
	bool cs = is_cs_acronym(s);
	uint32_t *head = entity__map_put(&g->forms, &g->blob, k.key, k.len);
	if (head == NULL)
		return false;
	for (uint32_t p = *head; p != ENTITY__NIL; p = g->posts[p].next) {
		entity__posting *q = &g->posts[p];
		if (q->entity == ent && q->is_cs == cs) {
			if (form_rank(form) < form_rank(q->form))
				q->form = (uint8_t)form;
			return true;
		}
	}
	if (g->n_posts == g->cap_posts) {
		size_t cap = g->cap_posts ? g->cap_posts * 2 : 4096;
		entity__posting *v = realloc(g->posts, cap * sizeof(*v));
		if (v == NULL)
			return false;
		g->posts = v;
		g->cap_posts = cap;
	}
	entity__posting *q = &g->posts[g->n_posts];
	q->entity = ent;
	q->form = (uint8_t)form;
	q->is_cs = cs;
	q->cs_off = q->cs_len = 0;
	if (cs) {
		char tmp[64];
		size_t n = 0;
		for (const char *c = s; *c && n < sizeof(tmp) - 1; c++)
			if (*c != ' ')
				tmp[n++] = *c;
		uint32_t off = entity__blob_add(&g->blob, tmp, n);
		if (off == ENTITY__NIL)
			return false;
		q->cs_off = off;
		q->cs_len = (uint32_t)n;
	}
	q->raw_off = entity__blob_add(&g->blob, s, strlen(s));
	if (q->raw_off == ENTITY__NIL)
		return false;
	q->raw_len = (uint32_t)strlen(s);
	q->marked = 0;
	for (size_t b = 0; b + 1 < q->raw_len; b++)
		if ((unsigned char)s[b] == 0xD9 && (unsigned char)s[b + 1] >= 0x8B &&
		    (unsigned char)s[b + 1] <= 0x92)
			q->marked = 1;
	q->next = *head;
	*head = (uint32_t)g->n_posts++;
	uint32_t *mx = entity__map_put(&g->first, &g->blob, k.key, k.first_len);
	if (mx == NULL)
		return false;
	if (*mx == ENTITY__NIL)
		*mx = 0;
	if (ENTITY__FIRST_GZ(*mx) < k.ntok) /* ntok <= ENTITY__NTOK_MAX */
		*mx = (*mx & ~0xFFu) | (uint32_t)k.ntok;
	pair_add(g, &k);
	return true;
}

static bool has_arabic(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p == 0xD8 || *p == 0xD9 || *p == 0xDA || *p == 0xDB)
			return true;
	return false;
}

static bool add_skeleton(entity_gazetteer *g, uint32_t ent, const char *s)
{
	if (!has_arabic(s))
		return true;
	char *norm = text_normalize(s, strlen(s), NULL);
	if (norm == NULL)
		return false;
	char vs[ENTITY__KEY_MAX], cs[ENTITY__KEY_MAX];
	size_t vl = entity__vskel(norm, strlen(norm), vs, sizeof(vs));
	free(norm);
	size_t cl = vl ? entity__cskel(vs, vl, cs, sizeof(cs)) : 0;
	if (cl == 0)
		return true;
	uint32_t *head = entity__map_put(&g->skel, &g->blob, cs, cl);
	if (head == NULL)
		return false;
	if (g->skel3 == NULL && (g->skel3 = calloc(ENTITY__SKEL3_BITS / 64, sizeof(uint64_t))) == NULL)
		return false;
	entity__skel3_add(g->skel3, cs, cl);
	for (size_t k = 1; k <= cl; k++) {
		if (k < cl && ((unsigned char)cs[k] & 0xC0) == 0x80)
			continue; /* inside a letter */
		uint32_t *v = entity__map_put(&g->skelpre, &g->blob, cs, k);
		if (v == NULL)
			return false;
		*v = 0;
	}
	for (uint32_t p = *head; p != ENTITY__NIL; p = g->sposts[p].next)
		if (g->sposts[p].entity == ent && g->sposts[p].vs_len == vl &&
		    memcmp(g->blob.p + g->sposts[p].vs_off, vs, vl) == 0)
			return true;
	if (g->n_sposts == g->cap_sposts) {
		size_t cap = g->cap_sposts ? g->cap_sposts * 2 : 1024;
		entity__skelpost *v = realloc(g->sposts, cap * sizeof(*v));
		if (v == NULL)
			return false;
		g->sposts = v;
		g->cap_sposts = cap;
	}
	uint32_t off = entity__blob_add(&g->blob, vs, vl);
	if (off == ENTITY__NIL)
		return false;
	entity__skelpost *q = &g->sposts[g->n_sposts];
	q->entity = ent;
	q->vs_off = off;
	q->vs_len = (uint32_t)vl;
	q->next = *head;
	*head = (uint32_t)g->n_sposts++;
	return true;
}

/* The dual of a one-word singular nisba ("الوزيران الفرنسيان", "القوتان
 * الأمريكيتان"): countries.tsv lists singulars and plurals only, and the
 * oblique masculine dual is the plural already. */
static bool add_nisba_duals(entity_gazetteer *g, uint32_t ent, const char *s)
{
	static const char ya[] = "\xd9\x8a", ta[] = "\xd8\xa9"; /* ي ة */
	size_t len = strlen(s);
	char buf[128];
	if (strchr(s, ' ') != NULL || len < 6 || len + 8 > sizeof(buf))
		return true;
	if (memcmp(s + len - 2, ya, 2) == 0) {
		snprintf(buf, sizeof(buf), "%s\xd8\xa7\xd9\x86", s); /* + ان */
		return add_form(g, ent, buf, ENTITY_FORM_NISBA);
	}
	if (memcmp(s + len - 2, ta, 2) == 0 && memcmp(s + len - 4, ya, 2) == 0) {
		int base = (int)(len - 2);
		snprintf(buf, sizeof(buf), "%.*s\xd8\xaa\xd8\xa7\xd9\x86", base, s); /* يتان */
		if (!add_form(g, ent, buf, ENTITY_FORM_NISBA))
			return false;
		snprintf(buf, sizeof(buf), "%.*s\xd8\xaa\xd9\x8a\xd9\x86", base, s); /* يتين */
		return add_form(g, ent, buf, ENTITY_FORM_NISBA);
	}
	return true;
}

static int build_index(entity_gazetteer *g, errbuf *eb)
{
	for (size_t i = 0; i < g->n_ents; i++) {
		const entity_info *e = &g->ents[i];
		uint32_t ent = (uint32_t)i;
		bool ok = add_form(g, ent, e->name_ar, ENTITY_FORM_NAME) &&
		    add_form(g, ent, e->name_en, ENTITY_FORM_NAME);
		for (size_t k = 0; ok && k < e->n_aliases; k++)
			ok = add_form(g, ent, e->aliases[k], ENTITY_FORM_ALIAS);
		for (size_t k = 0; ok && k < e->n_nisba; k++)
			ok = add_form(g, ent, e->nisba[k], ENTITY_FORM_NISBA) &&
			    add_nisba_duals(g, ent, e->nisba[k]);
		for (size_t k = 0; ok && k < e->n_capitals; k++)
			ok = add_form(g, ent, e->capitals[k], ENTITY_FORM_CAPITAL);
		if (ok && e->kind == ENTITY_KIND_PERSON) {
			ok = add_skeleton(g, ent, e->name_ar);
			for (size_t k = 0; ok && k < e->n_aliases; k++)
				ok = add_skeleton(g, ent, e->aliases[k]);
		}
		if (!ok)
			return fail(eb, "indexing %.60s: out of memory", e->id);
	}
	return 0;
}

static int load_lexicon(entity_gazetteer *g, const char *dir, errbuf *eb)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/entity_titles.tsv", dir);
	size_t len;
	char *buf = read_file(path, &len);
	if (buf == NULL)
		return fail(eb, "%s: cannot read (%s)", path, strerror(errno ? errno : EIO));
	g->files[4] = buf;
	unsigned line = 0;
	static const struct {
		const char *name;
		uint32_t bit;
	} kinds[] = { { "office", ENTITY__LEX_OFFICE }, { "title", ENTITY__LEX_TITLE },
		{ "speech", ENTITY__LEX_SPEECH }, { "link", ENTITY__LEX_LINK },
		{ "stop", ENTITY__LEX_STOP }, { "particle", ENTITY__LEX_PARTICLE },
		{ "weak", ENTITY__LEX_WEAK }, { "context", ENTITY__LEX_CONTEXT },
		{ "noun", ENTITY__LEX_NOUN }, { "mod", ENTITY__LEX_MOD },
		{ "body", ENTITY__LEX_BODY }, { "peer", ENTITY__LEX_PEER },
		{ "dual", ENTITY__LEX_DUAL } };
	for (char *p = buf; p < buf + len;) {
		char *nl = strchr(p, '\n');
		char *end = nl ? nl : buf + len;
		char *next = nl ? nl + 1 : end;
		line++;
		if (end > p && end[-1] == '\r')
			end[-1] = '\0';
		*end = '\0';
		if (*p == '\0' || *p == '#') {
			p = next;
			continue;
		}
		char *tab = strchr(p, '\t');
		if (tab == NULL || tab == p || strchr(tab + 1, '\t') != NULL)
			return fail(eb, "%s:%u: expected form<TAB>kind", path, line);
		*tab = '\0';
		uint32_t bit = 0;
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (strcmp(tab + 1, kinds[k].name) == 0)
				bit = kinds[k].bit;
		if (bit == 0)
			return fail(eb, "%s:%u: unknown kind '%.20s'", path, line, tab + 1);
		form_key k;
		if (!make_key(p, &k))
			return fail(eb, "%s:%u: form has no tokens or is too long", path, line);
		uint32_t *v = entity__map_put(&g->lex, &g->blob, k.key, k.len);
		uint32_t *mx = v ? entity__map_put(&g->first, &g->blob, k.key, k.first_len) : NULL;
		if (mx == NULL)
			return fail(eb, "%s:%u: out of memory", path, line);
		*v = (*v == ENTITY__NIL ? 0 : *v) | bit;
		if (*mx == ENTITY__NIL)
			*mx = 0;
		if (ENTITY__FIRST_LX(*mx) < k.ntok) /* ntok <= ENTITY__NTOK_MAX */
			*mx = (*mx & ~0xFF00u) | (uint32_t)k.ntok << 8;
		pair_add(g, &k);
		p = next;
	}
	g->has_lexicon = true;
	return 0;
}

int entity_gazetteer_load(const char *gazetteer_dir, const char *lexicon_dir,
    entity_gazetteer **out, char *err, size_t err_len)
{
	errbuf eb = { err, err_len };
	origin *orig = NULL;
	size_t cap = 0;
	entity_gazetteer *g = calloc(1, sizeof(*g));
	if (g != NULL && (g->pair = calloc(ENTITY__PAIR_BITS / 64, sizeof(uint64_t))) == NULL) {
		free(g);
		g = NULL;
	}
	if (g == NULL) {
		fail(&eb, "out of memory");
		goto fail;
	}
	for (int fi = 0; fi < 4; fi++)
		if (load_tsv(g, gazetteer_dir, fi, &cap, &orig, &eb) != 0)
			goto fail;
	if (check_refs(g, orig, gazetteer_dir, &eb) != 0)
		goto fail;
	if (build_index(g, &eb) != 0)
		goto fail;
	if (lexicon_dir != NULL && load_lexicon(g, lexicon_dir, &eb) != 0)
		goto fail;
	free(orig);
	static atomic_uint_fast64_t serials = 1;
	g->serial = (uint64_t)atomic_fetch_add(&serials, 1);
	*out = g;
	return 0;
fail:
	free(orig);
	entity_gazetteer_destroy(g);
	return -1;
}

void entity_gazetteer_destroy(entity_gazetteer *g)
{
	if (g == NULL)
		return;
	for (size_t i = 0; i < g->n_allocs; i++)
		free(g->allocs[i]);
	free(g->allocs);
	for (int i = 0; i < 5; i++)
		free(g->files[i]);
	free(g->ents);
	entity__map_fini(&g->ids);
	entity__map_fini(&g->forms);
	entity__map_fini(&g->first);
	entity__map_fini(&g->skel);
	entity__map_fini(&g->skelpre);
	free(g->skel3);
	free(g->pair);
	entity__map_fini(&g->lex);
	free(g->posts);
	free(g->sposts);
	free(g->blob.p);
	free(g);
}

size_t entity_gazetteer_count(const entity_gazetteer *g)
{
	return g->n_ents;
}

const entity_info *entity_gazetteer_get(const entity_gazetteer *g, size_t i)
{
	return i < g->n_ents ? &g->ents[i] : NULL;
}

entity_ref entity_gazetteer_find_id(const entity_gazetteer *g, const char *id)
{
	entity_ref r = { entity__map_get(&g->ids, &g->blob, id, strlen(id)) };
	return r;
}

size_t entity_gazetteer_key_count(const entity_gazetteer *g)
{
	return g->forms.n;
}

const char *entity_kind_str(entity_kind k)
{
	switch (k) {
	case ENTITY_KIND_PERSON: return "person";
	case ENTITY_KIND_COUNTRY: return "country";
	case ENTITY_KIND_ORGANIZATION: return "organization";
	case ENTITY_KIND_PLACE: return "place";
	}
	return "?";
}

const char *entity_form_str(entity_form f)
{
	switch (f) {
	case ENTITY_FORM_NAME: return "name";
	case ENTITY_FORM_ALIAS: return "alias";
	case ENTITY_FORM_NISBA: return "nisba";
	case ENTITY_FORM_CAPITAL: return "capital";
	case ENTITY_FORM_RULE: return "rule";
	case ENTITY_FORM_VARIANT: return "variant";
	case ENTITY_FORM_SURNAME: return "surname";
	}
	return "?";
}
