/* ingest.c: corpus loading. The manifest is TSV because users edit it by
 * hand; its header line names the columns, so they may come in any order and
 * new ones can be added without breaking old files. */
#include "ingest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalition_limits.h"
#include "log.h"

struct ingest {
	text_lexicon *text_lex;
	extract_lexicon *extract_lex;
	entity_gazetteer *gazetteer;
	facts_lexicon *facts_lex; /* with the gazetteer: facts need entities */
};

ingest *ingest_create(const char *lexicon_dir, const char *gazetteer_dir, char *err,
    size_t err_len)
{
	ingest *in = calloc(1, sizeof *in);
	text_error te = {0};
	if (in == NULL) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	if (text_lexicon_load(lexicon_dir, &in->text_lex, &te) != TEXT_OK ||
	    extract_lexicon_load(lexicon_dir, &in->extract_lex, &te) != TEXT_OK) {
		snprintf(err, err_len, "lexicons in %s: %s", lexicon_dir, te.reason);
		ingest_destroy(in);
		return NULL;
	}
	if (gazetteer_dir != NULL &&
	    (entity_gazetteer_load(gazetteer_dir, lexicon_dir, &in->gazetteer, err, err_len) != 0 ||
	        facts_lexicon_load(lexicon_dir, &in->facts_lex, err, err_len) != 0)) {
		ingest_destroy(in);
		return NULL;
	}
	return in;
}

const entity_gazetteer *ingest_gazetteer(const ingest *in) { return in->gazetteer; }

void ingest_destroy(ingest *in)
{
	if (in == NULL)
		return;
	facts_lexicon_destroy(in->facts_lex);
	entity_gazetteer_destroy(in->gazetteer);
	text_lexicon_destroy(in->text_lex);
	extract_lexicon_destroy(in->extract_lex);
	free(in);
}

text_err ingest_analyze(const ingest *in, const char *text, size_t len,
    const extract_ymd *published, extract_date_source source, store_analysis *out,
    text_error *err)
{
	*out = (store_analysis){0};
	if (len > LIMIT_TEXT_MAX_BYTES) {
		if (err != NULL) {
			err->code = TEXT_ETOOBIG;
			err->offset = LIMIT_TEXT_MAX_BYTES;
			snprintf(err->reason, sizeof err->reason,
			    "text is %zu bytes, more than the limit of %u", len,
			    LIMIT_TEXT_MAX_BYTES);
		}
		return TEXT_ETOOBIG;
	}
	store_analysis a = {0};
	text_err rc = text_doc_create(in->text_lex, text, len, &a.doc, err);
	if (rc != TEXT_OK)
		return rc;
	if ((a.ex = extract_run(in->extract_lex, a.doc, published, source)) == NULL ||
	    (in->gazetteer != NULL && entity_find(in->gazetteer, a.doc, &a.ents) != 0) ||
	    (a.ents != NULL && facts_build(in->facts_lex, a.doc, a.ex, a.ents, NULL, &a.facts) != 0)) {
		store_analysis_fini(&a);
		if (err != NULL) {
			err->code = TEXT_ENOMEM;
			snprintf(err->reason, sizeof err->reason, "out of memory");
		}
		return TEXT_ENOMEM;
	}
	*out = a;
	return TEXT_OK;
}

/* Reads a whole file (at most max bytes). Returns a malloc'd buffer. */
static char *file_read(const char *path, size_t max, size_t *len, char *err, size_t err_len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 64 * 1024, n = 0;
	char *buf = malloc(cap + 1);
	while (buf != NULL) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap || n > max)
			break;
		char *nb = realloc(buf, cap * 2 + 1);
		if (nb == NULL) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nb;
		cap *= 2;
	}
	int failed = ferror(f);
	fclose(f);
	if (buf == NULL) {
		snprintf(err, err_len, "%s: out of memory", path);
		return NULL;
	}
	if (failed || n > max) {
		snprintf(err, err_len, failed ? "%s: read error" : "%s: larger than %zu bytes",
		    path, max);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

enum { COL_ID, COL_LANGUAGE, COL_PUBLISHED, COL_DATE_FOUND, COL_OUTLET, COL_URL, COL_TITLE, COL_N };
static const char *const col_names[COL_N] = {
    "id", "language", "published", "date_found", "outlet", "url", "title"};

typedef struct {
	const ingest *in;
	store *s;
	const char *corpus_dir;
	char *err;
	size_t err_len;
} load_ctx;

/* A title for documents the manifest gives none: the first sentence, cut at
 * a UTF-8 boundary. */
static void title_from_text(const text_doc *doc, char *out, size_t cap)
{
	size_t n_sent = 0, len = 0;
	const text_sentence *sent = text_doc_sentences(doc, &n_sent);
	const char *bytes = text_doc_bytes(doc, &len);
	out[0] = '\0';
	if (n_sent == 0)
		return;
	size_t n = sent[0].span.end - sent[0].span.start;
	if (n >= cap)
		n = cap - 1;
	while (n > 0 && ((unsigned char)bytes[sent[0].span.start + n] & 0xC0) == 0x80)
		n--;
	memcpy(out, bytes + sent[0].span.start, n);
	out[n] = '\0';
}

static int load_one(load_ctx *c, const char *where, const char **col)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/articles/%s.txt", c->corpus_dir, col[COL_ID]);
	extract_ymd pub = {0};
	int has_pub = col[COL_PUBLISHED][0] != '\0';
	if (has_pub && !extract_ymd_parse(col[COL_PUBLISHED], &pub)) {
		snprintf(c->err, c->err_len, "%s: published '%.20s' is not YYYY-MM-DD", where,
		    col[COL_PUBLISHED]);
		return -1;
	}
	size_t len = 0;
	char *text = file_read(path, LIMIT_TEXT_MAX_BYTES, &len, c->err, c->err_len);
	if (text == NULL)
		return -1;
	store_analysis a;
	text_error te = {0};
	text_err rc = ingest_analyze(c->in, text, len, has_pub ? &pub : NULL,
	    has_pub ? EXTRACT_SRC_MANIFEST : EXTRACT_SRC_NONE, &a, &te);
	free(text);
	if (rc != TEXT_OK) {
		snprintf(c->err, c->err_len, "%s: byte %zu: %s", path, te.offset, te.reason);
		return -1;
	}
	char title[512];
	if (col[COL_TITLE][0] == '\0')
		title_from_text(a.doc, title, sizeof title);
	store_doc_meta meta = {
	    .id = col[COL_ID],
	    .title = col[COL_TITLE][0] ? col[COL_TITLE] : title,
	    .outlet = col[COL_OUTLET],
	    .language = col[COL_LANGUAGE][0] ? col[COL_LANGUAGE] : "ar",
	    .url = col[COL_URL],
	    .date_found = col[COL_DATE_FOUND],
	};
	store_err se = store_document_add(c->s, &meta, &a);
	if (se != STORE_OK) {
		store_analysis_fini(&a);
		snprintf(c->err, c->err_len, "%s: %s '%s'", where,
		    se == STORE_EEXIST ? "duplicate id" : se == STORE_EINVAL ? "invalid id" : "out of memory",
		    col[COL_ID]);
		return -1;
	}
	return 0;
}

/* Splits line in place at tabs into at most max fields; returns the count. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;
	fields[n++] = line;
	for (char *p = line; *p; p++) {
		if (*p == '\t') {
			*p = '\0';
			if (n == max)
				return max + 1;
			fields[n++] = p + 1;
		}
	}
	return n;
}

#define MANIFEST_MAX_COLS 32

static int manifest_load(load_ctx *c, const char *path, char *text)
{
	int col_at[COL_N];
	int have_header = 0;
	long line_no = 0;
	for (int i = 0; i < COL_N; i++)
		col_at[i] = -1;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		line_no++; /* strtok_r skips empty lines, which the format allows */
		size_t ll = strlen(line);
		if (ll > 0 && line[ll - 1] == '\r')
			line[--ll] = '\0';
		if (ll == 0 || line[0] == '#')
			continue;
		char where[4200];
		snprintf(where, sizeof where, "%s:%ld", path, line_no);
		char *f[MANIFEST_MAX_COLS];
		size_t nf = split_tabs(line, f, MANIFEST_MAX_COLS);
		if (nf > MANIFEST_MAX_COLS) {
			snprintf(c->err, c->err_len, "%s: more than %d columns", where, MANIFEST_MAX_COLS);
			return -1;
		}
		if (!have_header) {
			for (size_t i = 0; i < nf; i++)
				for (int k = 0; k < COL_N; k++)
					if (strcmp(f[i], col_names[k]) == 0)
						col_at[k] = (int)i;
			if (col_at[COL_ID] < 0) {
				snprintf(c->err, c->err_len, "%s: header line has no 'id' column", where);
				return -1;
			}
			have_header = 1;
			continue;
		}
		const char *col[COL_N];
		for (int k = 0; k < COL_N; k++)
			col[k] = (col_at[k] >= 0 && (size_t)col_at[k] < nf) ? f[col_at[k]] : "";
		if (!store_id_is_valid(col[COL_ID])) {
			snprintf(c->err, c->err_len, "%s: id '%.70s' is not 1-64 of [A-Za-z0-9_.-]",
			    where, col[COL_ID]);
			return -1;
		}
		if (load_one(c, where, col) != 0)
			return -1;
	}
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Articles present in articles/ but not in the manifest are loaded too, so
 * dropping a file in is enough; their metadata is found in the text. */
static int orphans_load(load_ctx *c)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/articles", c->corpus_dir);
	DIR *d = opendir(dir);
	if (d == NULL)
		return 0;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0)
			continue;
		char id[STORE_ID_MAX_BYTES + 2];
		if (l - 4 > STORE_ID_MAX_BYTES)
			continue;
		memcpy(id, e->d_name, l - 4);
		id[l - 4] = '\0';
		if (!store_id_is_valid(id) || store_document_find(c->s, id) != NULL)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **nn = realloc(names, cap * sizeof *nn);
			if (nn == NULL) {
				rc = -1;
				break;
			}
			names = nn;
		}
		if ((names[n] = strdup(id)) == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	if (rc != 0)
		snprintf(c->err, c->err_len, "%s: out of memory", dir);
	if (n > 1) /* names is NULL when there is none: qsort wants a real array */
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *col[COL_N] = {names[i], "", "", "", "", "", ""};
		log_warn("corpus: %s/%s.txt is not in the manifest; loading it with metadata from its text",
		    dir, names[i]);
		rc = load_one(c, names[i], col);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

long ingest_corpus_load(const ingest *in, store *s, const char *corpus_dir,
    char *err, size_t err_len)
{
	load_ctx c = {in, s, corpus_dir, err, err_len};
	char path[4096];
	snprintf(path, sizeof path, "%s/manifest.tsv", corpus_dir);
	size_t before = store_document_count(s), len = 0;
	char *text = file_read(path, 64u * 1024 * 1024, &len, err, err_len);
	if (text == NULL)
		return -1;
	int rc = manifest_load(&c, path, text);
	free(text);
	if (rc == 0)
		rc = orphans_load(&c);
	if (rc != 0)
		return -1;
	if ((in->gazetteer != NULL && (store_entities_build(s, in->gazetteer) != 0 || store_facts_build(s) != 0)) ||
	    store_search_build(s) != 0) {
		snprintf(err, err_len, "%s: out of memory indexing entities, facts or sentences", corpus_dir);
		return -1;
	}
	return (long)(store_document_count(s) - before);
}
