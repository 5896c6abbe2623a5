/* gen_corpus_lib.c: see gen_corpus.h. */
#include "gen_corpus.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_util.h"
#include "text.h"

/* Swapped within each list; a match must start and end at a word edge. */
static const char *const persons[] = {"كيري", "أوباما", "ترامب", "بومبيو", "ماتيس", "كارتر",
    "تيلرسون", "هولاند", "ماكرون", "بوتين", "أردوغان", "العبادي", "البغدادي", "كاميرون", "ميركل",
    "لافروف", NULL};
static const char *const places[] = {"واشنطن", "باريس", "لندن", "بروكسل", "روما", "كوبنهاغن",
    "برلين", "أنقرة", "بغداد", "الرياض", "الدوحة", "الكويت", "موسكو", "الموصل", "الرقة", NULL};
static const char *const months_eg[] = {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر", NULL};
static const char *const months_lev[] = {"شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز",
    "أيلول", NULL};
static const char *const *const lists[] = {persons, places, months_eg, months_lev, NULL};

typedef struct {
	uint64_t s;
} rng;

static uint64_t rng_next(rng *r) /* splitmix64 */
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static size_t list_len(const char *const *l)
{
	size_t n = 0;
	while (l[n])
		n++;
	return n;
}

typedef struct {
	char *p;
	size_t len, cap;
} buf;

static int buf_put(buf *b, const void *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (np == NULL)
			return -1;
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* Appends sentence s[0..n) to b with digits, month names and names varied. */
static int vary(buf *b, const char *s, size_t n, rng *r)
{
	size_t p = 0;
	while (p < n) {
		unsigned char c = (unsigned char)s[p];
		char out[8];
		if (c >= '0' && c <= '9') {
			out[0] = (char)('0' + rng_next(r) % 10);
			if (buf_put(b, out, 1) != 0)
				return -1;
			p++;
			continue;
		}
		/* Arabic-Indic U+0660..0669 (D9 A0..A9), Persian U+06F0..06F9 (DB B0..B9) */
		if (p + 1 < n && ((c == 0xD9 && (unsigned char)s[p + 1] >= 0xA0 && (unsigned char)s[p + 1] <= 0xA9) ||
		                     (c == 0xDB && (unsigned char)s[p + 1] >= 0xB0 && (unsigned char)s[p + 1] <= 0xB9))) {
			out[0] = (char)c;
			out[1] = (char)((c == 0xD9 ? 0xA0 : 0xB0) + rng_next(r) % 10);
			if (buf_put(b, out, 2) != 0)
				return -1;
			p += 2;
			continue;
		}
		if (p == 0 || (unsigned char)s[p - 1] < 0x80) {
			int swapped = 0;
			for (size_t li = 0; lists[li] && !swapped; li++)
				for (size_t k = 0; lists[li][k]; k++) {
					size_t wl = strlen(lists[li][k]);
					if (wl <= n - p && memcmp(s + p, lists[li][k], wl) == 0 &&
					    (p + wl == n || (unsigned char)s[p + wl] < 0x80)) {
						const char *w = lists[li][rng_next(r) % list_len(lists[li])];
						if (buf_put(b, w, strlen(w)) != 0)
							return -1;
						p += wl;
						swapped = 1;
						break;
					}
				}
			if (swapped)
				continue;
		}
		if (buf_put(b, s + p, 1) != 0)
			return -1;
		p++;
	}
	return 0;
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return -1;
	size_t w = fwrite(data, 1, len, f);
	return (fclose(f) == 0 && w == len) ? 0 : -1;
}

/* Copies the regular files of src into dst (created). Missing src: 0. */
static int copy_dir(const char *src, const char *dst)
{
	DIR *d = opendir(src);
	if (d == NULL)
		return errno == ENOENT ? 0 : -1;
	if (mkdir(dst, 0755) != 0 && errno != EEXIST) {
		closedir(d);
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d)) != NULL && rc == 0) {
		char sp[4096 + 512], dp[4096 + 512];
		struct stat st;
		snprintf(sp, sizeof sp, "%s/%s", src, e->d_name);
		snprintf(dp, sizeof dp, "%s/%s", dst, e->d_name);
		if (stat(sp, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		size_t len = 0;
		char *data = bench_slurp(sp, &len);
		rc = data != NULL ? write_file(dp, data, len) : -1;
		free(data);
	}
	closedir(d);
	return rc;
}

typedef struct {
	char **s;
	size_t *len;
	size_t n, cap;
} pool;

static int pool_add(pool *p, const char *s, size_t n)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		char **ns = realloc(p->s, cap * sizeof *ns);
		if (ns == NULL)
			return -1;
		p->s = ns;
		size_t *nl = realloc(p->len, cap * sizeof *nl);
		if (nl == NULL)
			return -1;
		p->len = nl;
		p->cap = cap;
	}
	if ((p->s[p->n] = malloc(n + 1)) == NULL)
		return -1;
	memcpy(p->s[p->n], s, n);
	p->s[p->n][n] = '\0';
	p->len[p->n++] = n;
	return 0;
}

static void pool_free(pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->s[i]);
	free(p->s);
	free(p->len);
}

/* Splits every article of src/articles into sentences (chrome left out). */
static int pool_load(pool *p, const char *src, char *err, size_t err_len)
{
	char path[4096];
	text_lexicon *lex = NULL;
	text_error te = {0};
	snprintf(path, sizeof path, "%s/lexicon", src);
	if (text_lexicon_load(path, &lex, &te) != TEXT_OK) {
		snprintf(err, err_len, "%s: %s", path, te.reason);
		return -1;
	}
	snprintf(path, sizeof path, "%s/articles", src);
	DIR *d = opendir(path);
	if (d == NULL) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		text_lexicon_destroy(lex);
		return -1;
	}
	/* readdir order is not stable across file systems: sort the names. */
	char **names = NULL;
	size_t nn = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0) {
			char **nn2 = realloc(names, (nn + 1) * sizeof *names);
			if (nn2 == NULL)
				break;
			names = nn2;
			names[nn++] = strdup(e->d_name);
		}
	}
	closedir(d);
	for (size_t i = 1; i < nn; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	int rc = 0;
	for (size_t i = 0; i < nn && rc == 0; i++) {
		snprintf(path, sizeof path, "%s/articles/%s", src, names[i]);
		size_t len = 0;
		char *t = bench_slurp(path, &len);
		text_doc *doc = NULL;
		if (t == NULL || text_doc_create(lex, t, len, &doc, &te) != TEXT_OK) {
			snprintf(err, err_len, "%s: %s", path, t ? te.reason : "unreadable");
			rc = -1;
		} else {
			size_t ns = 0;
			const text_sentence *ss = text_doc_sentences(doc, &ns);
			for (size_t k = 0; k < ns && rc == 0; k++)
				if (ss[k].n_tokens >= 3)
					rc = pool_add(p, t + ss[k].span.start, ss[k].span.end - ss[k].span.start);
		}
		text_doc_destroy(doc);
		free(t);
	}
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	text_lexicon_destroy(lex);
	if (rc == 0 && p->n == 0) {
		snprintf(err, err_len, "no sentences in %s/articles", src);
		rc = -1;
	}
	return rc;
}

int gen_corpus_write(const char *src_dir, const char *out_dir, size_t n_docs, uint64_t seed,
    gen_corpus_stats *stats, char *err, size_t err_len)
{
	pool p = {0};
	buf doc = {0}, man = {0};
	char path[4096];
	int rc = -1;
	rng r = {seed};
	memset(stats, 0, sizeof *stats);
	if (pool_load(&p, src_dir, err, err_len) != 0)
		goto out;
	stats->sentences = p.n;
	snprintf(path, sizeof path, "%s/articles", out_dir);
	if ((mkdir(out_dir, 0755) != 0 && errno != EEXIST) || mkdir(path, 0755) != 0) {
		snprintf(err, err_len, "mkdir %s: %s", path, strerror(errno));
		goto out;
	}
	const char *sub[] = {"lexicon", "gazetteer"};
	for (size_t i = 0; i < 2; i++) {
		char s[4096];
		snprintf(s, sizeof s, "%s/%s", src_dir, sub[i]);
		snprintf(path, sizeof path, "%s/%s", out_dir, sub[i]);
		if (copy_dir(s, path) != 0) {
			snprintf(err, err_len, "copy %s to %s failed", s, path);
			goto out;
		}
	}
	static const char head[] =
	    "# Synthetic corpus written by bench/gen_corpus (sentences of the bundled\n"
	    "# articles recombined, digits, month names and names varied). Not news.\n"
	    "id\tlanguage\tpublished\tdate_found\toutlet\turl\ttitle\n";
	if (buf_put(&man, head, sizeof head - 1) != 0)
		goto oom;
	for (size_t i = 0; i < n_docs; i++) {
		doc.len = 0;
		size_t target = 3000 + rng_next(&r) % 7001;
		while (doc.len < target) {
			size_t k = rng_next(&r) % p.n;
			if (vary(&doc, p.s[k], p.len[k], &r) != 0)
				goto oom;
			if (buf_put(&doc, rng_next(&r) % 2 ? "\n" : " ", 1) != 0)
				goto oom;
		}
		if (doc.p[doc.len - 1] != '\n' && buf_put(&doc, "\n", 1) != 0)
			goto oom;
		char id[32], line[256];
		snprintf(id, sizeof id, "gen_%06zu", i);
		snprintf(path, sizeof path, "%s/articles/%s.txt", out_dir, id);
		if (write_file(path, doc.p, doc.len) != 0) {
			snprintf(err, err_len, "write %s: %s", path, strerror(errno));
			goto out;
		}
		int y = 2014 + (int)(rng_next(&r) % 6), m = 1 + (int)(rng_next(&r) % 12),
		    d = 1 + (int)(rng_next(&r) % 28);
		int ll = snprintf(line, sizeof line, "%s\tar\t%04d-%02d-%02d\tgenerated\t\t\t\n", id, y, m, d);
		if (buf_put(&man, line, (size_t)ll) != 0)
			goto oom;
		stats->docs++;
		stats->text_bytes += doc.len;
	}
	snprintf(path, sizeof path, "%s/manifest.tsv", out_dir);
	if (write_file(path, man.p, man.len) != 0) {
		snprintf(err, err_len, "write %s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
	goto out;
oom:
	snprintf(err, err_len, "out of memory");
out:
	pool_free(&p);
	free(doc.p);
	free(man.p);
	return rc;
}
