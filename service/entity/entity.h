/* entity: the gazetteer of people, countries, organisations and places
 * (corpus/gazetteer, format in its README.md), its index of surface forms in
 * matching form (text_normalize), and the recogniser that finds them in a
 * text_doc. It knows nothing about facts, sockets or the store; it reads a
 * text_doc and answers with its own C structs (rpc maps them to the wire).
 *
 * What entity_find does, in three linear passes over the tokens:
 *  1. gazetteer forms, leftmost-longest over whole tokens of one sentence
 *     ("الولايات المتحدة الأمريكية" over "الولايات المتحدة"); the first token
 *     may carry proclitics (بواشنطن, والموصل, لداعش, للتحالف: tried through
 *     text_clitic_offsets, the article restored after لل); a word never
 *     loses its article to match ("المالية" is not ماليه); a nisba names its
 *     country (ENTITY_FORM_NISBA); a capital names its city and notes its
 *     country (ENTITY_FORM_CAPITAL); "weak" forms that are also common words
 *     (الرياض, الأسد) need context (see corpus/lexicon/entity_titles.tsv);
 *  2. rules from that lexicon: an office or title, its qualifiers (nisba,
 *     country, organisation, place, "في" + place, adjectives like الخاص) and
 *     its holder give a role ("وزير الدفاع الأمريكي أشتون كارتر"); a holder
 *     or a speech-verb subject (وقال X Y إن) made of unknown words becomes a
 *     document person (ENTITY_FORM_RULE), ending before an organisation it
 *     speaks to ("الفريق X Y لرووداو"); an office right after a person
 *     (apposition, "X، السفير الأمريكي في بغداد", "X (زعيم التنظيم)") is
 *     that person's; a dual office has two holders ("الوزيران الفرنسيان X
 *     وY"); a counterpart takes its nisba's country ("نظيره الروسي X"); a
 *     person noun takes the body after في ("الخبير في المجلس الأطلسي، X");
 *     a genitive person and a link name the body of an office ("الموفد
 *     الخاص للرئيس الأمريكي X لدى التحالف Y"); bare التحالف / التنظيم
 *     inside an office, also after a link ("المبعوث الخاص لدى التحالف X"),
 *     are the coalition / ISIS (no mention of their own);
 *  3. resolution: a lone word repeating the last word of a person named in
 *     full earlier in the document (ENTITY_FORM_SURNAME), and unlisted
 *     spellings of gazetteer persons by skeleton (ENTITY_FORM_VARIANT, see
 *     entity_name_variant). Document persons with the same skeleton are one.
 * No allocation per token: one cover array and the growing result arrays.
 *
 * Threads: a gazetteer is immutable after entity_gazetteer_load and may be
 * shared by any number of threads; each entity_find call builds its own
 * entity_result, which is then immutable too.
 */
#ifndef ENTITY_ENTITY_H
#define ENTITY_ENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text.h"

/* Numbered like coalition.v1.EntityKind. */
typedef enum {
	ENTITY_KIND_PERSON = 1,
	ENTITY_KIND_COUNTRY = 2,
	ENTITY_KIND_ORGANIZATION = 3,
	ENTITY_KIND_PLACE = 4,
} entity_kind;

/* How a mention was recognised. */
typedef enum {
	ENTITY_FORM_NAME = 1,    /* the canonical name_ar or name_en */
	ENTITY_FORM_ALIAS = 2,   /* a listed alias */
	ENTITY_FORM_NISBA = 3,   /* a nisba adjective (الفرنسي); entity = the country */
	ENTITY_FORM_CAPITAL = 4, /* a capital (واشنطن); entity = the city when
	                            places.tsv has it (else the country), and
	                            mention.country = the country it may stand
	                            for. Whether it stands for the government
	                            (أعلنت واشنطن) or the city (في واشنطن) is left
	                            to the caller; both readings are kept. */
	ENTITY_FORM_RULE = 5,    /* an unknown person found by a title, office or
	                            speech-verb rule; entity is a document person */
	ENTITY_FORM_VARIANT = 6, /* an unlisted spelling of a known person,
	                            matched by skeleton (ماكگورك, تيليرسون) */
	ENTITY_FORM_SURNAME = 7, /* a lone surname repeating a person named in
	                            full earlier in the same document */
} entity_form;

/* An entity reference. v < entity_gazetteer_count(): a gazetteer entity;
 * v >= ENTITY_REF_DOC: person number (v - ENTITY_REF_DOC) found in one
 * document, valid only with the entity_result that made it;
 * ENTITY_REF_NONE: nothing. */
typedef struct {
	uint32_t v;
} entity_ref;
#define ENTITY_REF_DOC 0x80000000u
#define ENTITY_REF_NONE 0xFFFFFFFFu

static inline bool entity_ref_is_none(entity_ref r) { return r.v == ENTITY_REF_NONE; }
static inline bool entity_ref_is_doc(entity_ref r)
{
	return r.v != ENTITY_REF_NONE && r.v >= ENTITY_REF_DOC;
}

/* One dated office of a person: office_ar@entity_id@from..to. from and to
 * are "" when unknown/open ("YYYY", "YYYY-MM" or "YYYY-MM-DD" otherwise).
 * For a document person: the office text found (a NUL-terminated copy of
 * the original bytes), entity_id = the country or organisation id it is
 * "of" ("" if none), from = to = "". */
typedef struct {
	const char *office_ar;
	const char *entity_id;
	const char *from;
	const char *to;
} entity_role;

/* One entity. All pointers are borrowed from the gazetteer (or the result,
 * for document persons) and live as long as it does. Read a list only up
 * to its count (an empty list's pointer may be NULL). Strings are never
 * NULL ("" when the column is empty). */
typedef struct {
	const char *id;       /* "person:brett_mcgurk"; document persons: "doc:person:N" */
	entity_kind kind;
	const char *name_ar;
	const char *name_en;  /* "" for document persons */
	const char *wikidata; /* "Q30" or "" */
	const char *const *aliases;
	size_t n_aliases;
	const char *const *nisba;    /* countries only */
	size_t n_nisba;
	const char *const *capitals; /* countries only */
	size_t n_capitals;
	const entity_role *roles;    /* persons only */
	size_t n_roles;
	const char *const *nationality; /* persons: country ids */
	size_t n_nationality;
	const char *country;  /* place: its country id; organisation: its
	                         country id or ""; others "" */
	const char *iso2;     /* countries: "US"; others "" */
	const char *subtype;  /* org_type or place_type; others "" */
} entity_info;

typedef struct entity_gazetteer entity_gazetteer;

/* Loads countries.tsv, organizations.tsv, persons.tsv and places.tsv from
 * gazetteer_dir (format: corpus/gazetteer/README.md) and the title/office/
 * speech-verb lexicon entity_titles.tsv from lexicon_dir (format at its top;
 * lexicon_dir NULL: no unknown-person or role rules, and the weak forms it
 * lists match without context). Builds the surface-form index: every form is
 * cut into tokens by the text layer itself, so keys are exactly what
 * entity_find sees. Takes well under a second (about 15 ms here). Returns 0 and *out (new; free with entity_gazetteer_destroy), or -1
 * with a human message "path:line: reason" in err (err may be NULL; at most
 * err_len bytes, NUL-terminated) and *out untouched. Errors: a missing file,
 * a missing header column, a wrong field count, a duplicate id, an id whose
 * prefix disagrees with its kind, a role not office@id@from..to, an
 * unknown role/country id, out of memory. */
int entity_gazetteer_load(const char *gazetteer_dir, const char *lexicon_dir,
    entity_gazetteer **out, char *err, size_t err_len);
void entity_gazetteer_destroy(entity_gazetteer *g); /* accepts NULL */

/* Number of entities; they are numbered 0..count-1 in file order
 * (countries, organizations, persons, places). */
size_t entity_gazetteer_count(const entity_gazetteer *g);
/* Entity at index i < count (borrowed), or NULL if out of range. */
const entity_info *entity_gazetteer_get(const entity_gazetteer *g, size_t i);
/* Index of the entity with this id, or ENTITY_REF_NONE. */
entity_ref entity_gazetteer_find_id(const entity_gazetteer *g, const char *id);
/* Number of distinct surface-form keys in the index (for tests and stats). */
size_t entity_gazetteer_key_count(const entity_gazetteer *g);

/* A mention: a run of tokens of one sentence naming one entity. */
typedef struct {
	entity_ref entity;
	entity_ref country;    /* NISBA, CAPITAL: the country; else NONE */
	text_span span;        /* original bytes of all matched tokens, clitics
	                          of the first token included ("بواشنطن") */
	uint32_t sentence;
	uint32_t first_token;  /* index into text_doc_tokens() */
	uint32_t n_tokens;
	entity_form form;
} entity_mention;

/* A role stated in the text: "<office> <of> <person>". */
typedef struct {
	entity_ref person;
	entity_ref of;         /* country or organisation, or NONE */
	text_span office;      /* the office words ("وزير الدفاع"); when the
	                          office is "of" an organisation named right
	                          after it, the span runs through that name
	                          ("المتحدث باسم وزارة الخارجية الأمريكية"), like
	                          office_ar in persons.tsv; a nisba or country
	                          name after it is not included */
	text_span span;        /* from the office to the end of the name */
	uint32_t sentence;
} entity_role_mention;

typedef struct entity_result entity_result;

/* Finds the mentions, document persons and roles of doc. g and doc are
 * borrowed: the result keeps pointers into g (not into doc; spans are byte
 * offsets into text_doc_bytes), so g must outlive it. Mentions are in text
 * order and never overlap (at each token the longest match wins; a leftmost
 * match wins over a later overlapping one). One result object rather than a
 * bare mention array because document persons and roles share its lifetime
 * and mentions refer to them. Returns 0 and *out (new; free with
 * entity_result_destroy), or -1 on out of memory (*out untouched). */
int entity_find(const entity_gazetteer *g, const text_doc *doc, entity_result **out);
void entity_result_destroy(entity_result *r); /* accepts NULL */

/* Borrowed arrays, valid while r lives. */
const entity_mention *entity_result_mentions(const entity_result *r, size_t *n);
const entity_role_mention *entity_result_roles(const entity_result *r, size_t *n);
/* Number of document persons (refs ENTITY_REF_DOC + 0 .. n-1). */
size_t entity_result_person_count(const entity_result *r);
/* The entity a ref names: gazetteer entity or document person (borrowed),
 * or NULL for NONE / out of range. */
const entity_info *entity_result_info(const entity_result *r, entity_ref ref);

/* Person-name skeleton comparison used for resolution, exposed for tests
 * and callers that merge across documents: true when the two names (any
 * UTF-8, normalised inside) are spelling variants: same letters once
 * spaces/hyphens are removed, ج غ ق ك are one letter, doubled letters are
 * one, and at most one long vowel (ا و ي) is added or dropped
 * (لو دريان = لودريان, ماكورك = ماكغورك, الديموقراطية = الديمقراطية;
 * not كارتر/كيري, عباس/عبادي, بوتين/بوتان). */
bool entity_name_variant(const char *a, const char *b);

const char *entity_kind_str(entity_kind k);
const char *entity_form_str(entity_form f);

#endif
