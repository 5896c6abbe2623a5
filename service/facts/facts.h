/* facts: turns one analysed document (text_doc + extract_result +
 * entity_result) into facts about the anti-ISIS coalition: quantities bound
 * to a subject and a metric, quotes with their speaker, meetings, and events.
 * It reads only those three results and its own data files
 * (corpus/lexicon/facts_*.tsv); it knows nothing about the store or the wire.
 *
 * Every fact carries document-independent provenance: the sentence index,
 * the exact byte span of the expression (into text_doc_bytes) and the span
 * of the whole evidence (the sentence, or the sentences a quote covers).
 *
 * Metric vocabulary (the metric column of facts_metrics.tsv; a metric name
 * is any string listed there, these are the ones shipped):
 *   coalition.members       member countries/organisations of the coalition
 *   coalition.strikes       air strikes / sorties carried out by the coalition
 *   territory.retaken.iraq  percent of territory retaken from ISIS in Iraq
 *   territory.retaken.syria percent of territory retaken from ISIS in Syria
 *   territory.lost          percent of territory ISIS lost (place when named)
 *   foreign_fighters        foreign fighters (in ISIS ranks)
 *   isis.fighters           ISIS fighters (killed or in ranks)
 *   troops.deployed         soldiers / personnel sent or present
 *   troops.withdrawn        soldiers withdrawn
 *   civilians.killed        civilians killed
 *   funding.pledged         money pledged / given (currency unit)
 *   funding.gap             money still needed
 *   meeting.participants    countries / officials taking part in a meeting
 *   distance.km             a distance from a place (place = that place)
 *   duration                a span of time of the campaign / an operation
 *
 * Participation: which country takes part, in Iraq and/or Syria, and how
 * (strikes, training, reconnaissance, logistics, advising, arming).
 *
 * Threads: a lexicon is immutable after facts_lexicon_load and may be shared;
 * each facts_build makes its own immutable result.
 */
#ifndef FACTS_FACTS_H
#define FACTS_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "entity.h"
#include "extract.h"
#include "text.h"

/* Where a fact comes from. */
typedef struct {
	uint32_t sentence; /* index into text_doc_sentences() */
	text_span span;    /* the expression (quantity, quoted text, trigger word) */
	text_span evidence;/* the whole evidence (sentence or sentences) */
} facts_provenance;

/* An entity a fact points at. id is borrowed from the gazetteer (or the
 * entity_result for document persons; or a static string when the subject is
 * implied by the metric, then ref is NONE and span is {0,0}); "" when none. */
typedef struct {
	entity_ref ref;
	const char *id;
	text_span span; /* the mention, {0,0} when implied */
} facts_entity;

/* A date a fact holds at; from_published: no date in the sentence, the
 * publication date was used. precision EXTRACT_PREC_NONE when unknown. */
typedef struct {
	extract_ymd date;
	extract_ymd end;   /* year 0 when no end */
	uint8_t precision; /* extract_precision */
	bool from_published;
} facts_date;

/* Quantity rules: each extract_quantity is tried against the rows of
 * facts_metrics.tsv in file order; the first row whose unit matches, whose
 * required entity is named in the sentence, one of whose triggers stands
 * within 10 tokens before or 6 after the quantity, and none of whose "not"
 * patterns does, gives the metric (a trigger after the quantity counts only
 * up to a comma or بينما/فيما/في حين: "30 مليار دولار، في حين قدرت بغداد
 * احتياجاتها"; a
 * relative clause set off by commas, "التحالف، الذي ...، من 79 دولة", and
 * the first one before the number in its clause do not count in the 10
 * tokens before; a share joined by و to the one before
 * it of the same unit, "56% ... في العراق، و27 % من التي ... في سوريا",
 * has that one's window too); a
 * required country must be the one the quantity is located in (the first
 * country or place after it, else the last before; a place counts for its
 * country), and alone: two countries joined by و ("في العراق وسوريا") are
 * no single country. A bare ordinal number that is no quantity, right
 * after a trigger of a row of unit "ordinal" ("لدول التحالف الـ83"), is
 * one fact of unit "member". Subject: the coalition or
 * ISIS (their mention when named, else implied with ref NONE); the actor of
 * strikes (when the coalition is not named, even as bare "التحالف": the
 * country of the nearest country or national body up to 10 tokens before
 * the number, "سلاح الجو الملكي نفذ", else of the one announcing the
 * clause that holds it, "أعلنت وزارة الدفاع البريطانية ... أن"; a national
 * body's country has ref NONE and the body's span);
 * the recipient of money (the country after the amount, else the country
 * of a place after في in the amount's clause: "مئة مليون دولار لمشروعات
 * الاستقرار ... في شمال شرق سوريا", else the last
 * country or national body before it in its own clause: "فيما قدرت الحكومة
 * العراقية حاجات الإعمار بنحو 88 مليار"); or the nearest country (one before the number preferred; a
 * capital stands for its country; a plural nisba before the number names
 * the people counted: "عدد الجنود الأميركيين في العراق الى 4600"; with no
 * country, "من دول التحالف" just after the amount names the coalition:
 * "2500 مستشار ومدرب من دول التحالف") or place. Place: the required country's
 * mention; for a distance the place it is measured from (right after عن,
 * من or a direction word near the number: "تبعد عن الموصل بنحو 40 كيلومترا",
 * "على بعد 60 كيلومترا جنوب الموصل"; else the first place after it, else
 * one just before it), whose subject is then the nearest other place
 * before the number (one not after في preferred: the base, not its
 * province), else the first other place after it, never the same entity;
 * else the nearest place (not one of two
 * joined by و, nor a dateline: "عمان - أعلنت"). A count of countries joined by و to a count of
 * organisations ("الدول الـ74 وخمس منظمات") is one fact with their sum and
 * unit "member". As-of: the sentence's first date that does not follow منذ
 * and is not foreign to the quantity, else the publication date. A date is
 * foreign in the clause of a founding verb (kind "origin" of
 * facts_quotes.tsv: "الذي تأسس في أيلول 2014") and in a relative clause
 * (الذي, التي ...) that opens after the quantity, that a comma closes
 * before it, or whose antecedent follows a trigger of the row ("ويبلغ عدد
 * الجنود الذين وصلوا في ... نحو 350 جنديا": the main clause counts).
 * A change "من N إلى M" (extract.h: N a value before, M after) with a
 * stated date not before the publication ("ستخفض ... من 5200 إلى 3000
 * جندي بحلول نهاية أيلول") gives N as of the publication date and M as of
 * that target date; troops.withdrawn becomes troops.deployed for both
 * (they count the troops there, not those leaving). Without a stated date both are
 * as of the publication date, and for a past change with a date both are
 * as of that date: the text does not say when N held. */
typedef struct {
	facts_provenance prov; /* span = the quantity (number and unit) */
	const char *metric;    /* borrowed from the lexicon */
	double value;
	double value_max;
	uint8_t approx;        /* extract_approx, carried over */
	const char *unit;      /* extract unit lemma (borrowed) */
	facts_entity subject;  /* who/what it is about */
	facts_entity place;    /* the place it is about / measured from */
	facts_date as_of;
} facts_quantity;

typedef enum {
	FACTS_SPEAKER_MENTION = 1, /* a person/organisation/country named */
	FACTS_SPEAKER_ROLE = 2,    /* a role word (المتحدث) resolved to the last
	                              person with that office */
	FACTS_SPEAKER_PREVIOUS = 3,/* a bare verb (وأضاف "...") : the previous
	                              quote's speaker */
	FACTS_SPEAKER_UNKNOWN = 4,
} facts_speaker_how;

/* Quote rules. Direct: a pair of quote marks on one line ('"', typographic
 * quotes, guillemets; a directional mark stays on its side; a '"' glued to
 * the word before it and followed by a space only closes) around at least
 * three words (not quotes around exactly one entity's name, «قوات سوريا
 * الديمقراطية»), with a speech verb of facts_quotes.tsv up to 25 tokens
 * before it in its sentence, or right after the closing mark ("..."، قال
 * X); an opening mark the line never closes, right after the verb's إن/أن
 * or colon, runs to the line end. Reported (indirect) speech: a speech verb,
 * within 25 tokens a complementizer (إن, أن, بأن ...; kind "comp") and a
 * clause of at least three words to the sentence end (or to a later verb
 * whose direct quote follows), when no direct quote of that sentence
 * follows the verb or holds it, and only when a speaker is found (people
 * named only by a nationality, "مسؤولون أمريكيون", are none); span = the
 * clause. Speaker, in order, looked for between the verb and its
 * complementizer ("قال X إن Y": X, never Y): the holder of an office right
 * after the verb; a role word right after the verb resolved to the last
 * person before with that office; the first person (not one in the
 * genitive, للرئيس X), else organisation or country, except that a country
 * named only by a nisba ("الدبلوماسي الأميركي") is the previous speaker
 * when that person has its nationality; a person/organisation/country
 * right before the verb (after at most a punctuation mark, a relative
 * pronoun or قد: "وبومبيو يقر بأن", "X، قال:", "X الذي توقع", "وكان X قد
 * أعلن"); for a bare verb
 * or one followed by at most one word ("وقال للصحفيين إن"), the previous
 * statement's speaker (in text order). A participle of saying (مؤكدا،
 * مشيرة) with no speaker after it speaks for its sentence's subject: the
 * speaker of an earlier statement of the same sentence, else the first
 * person (else organisation or country, not a nisba) before it, else a bare
 * "التحالف" right after a verb of saying (the coalition); never a name
 * standing right before it ("... في سوريا، مؤكدا أن"). Date: the verb
 * sentence's date, else the publication date. */
typedef struct {
	facts_provenance prov; /* span = text inside the quote marks */
	facts_entity speaker;
	uint8_t speaker_how;   /* facts_speaker_how */
	text_span verb;        /* the speech verb */
	facts_date date;
} facts_quote;

typedef enum {
	FACTS_MEETING_PAST = 1,
	FACTS_MEETING_ONGOING = 2,
	FACTS_MEETING_ANNOUNCED = 3,
} facts_meeting_status;

#define FACTS_MAX_HOSTS 4
#define FACTS_MAX_TOPICS 2
#define FACTS_TOPIC_MAX_WORDS 14

/* Meetings: every meeting word (not one of the "not" phrases such as مؤتمر
 * صحفي) opens a meeting over its clause (in a sentence with none, a verb of
 * discussing, kind "talk", with مع and a person, country or organisation
 * within 12 tokens after it, and no phone call: "وبحث X، الخميس في أربيل،
 * مع Y"): the words up to the next meeting
 * word (from the last comma before it), so one sentence may hold several
 * ("ويأتي اجتماع واشنطن عقب قمة ... في وارسو"); a reporting frame before a
 * complementizer ("وقال الوزير X إن ... جولة جديدة") is cut off, and so are
 * dates after one ("بعد لقائه أن القوات ستغادر بحلول نهاية العام"). Date: a
 * date up to 12 tokens after the word, else one up to 10 tokens before it,
 * else a later one in the clause; else "بعد يومين من لقاء" (N days or weeks
 * before the publication day, قبل: after it); else the publication date
 * (from_published). City: a place after في, with a ب clitic (not a name's
 * own ب: بغداد), or in construct after the meeting word; else the clause's
 * first place other than a dateline ("بغداد - أعلن") (not for a word
 * referring back, "الاجتماع"); else, for a country so placed or hosting
 * ("استضافت دولة الكويت اجتماعا") whose capital bears its name ("مؤتمر
 * الكويت"), the gazetteer's "مدينة <name>". Level
 * (the first level phrase), hosts (the people/countries after a hosting
 * verb, each joined to the one before by و or a comma), participants: in
 * the clause. Status: a future marker or a date after the publication date ->
 * announced; a present-tense verb -> ongoing; else past. End date: a second
 * day date up to 3 days later ("الأربعاء ... والخميس"), or a stated 2-7
 * days ("على مدى يومين").
 * Coreference: a new meeting merges into an earlier one of the document
 * (at most 64 back) when their dates agree (or one has none of its own and
 * they are within 3 sentences), their cities agree (or one is unknown) and
 * so do their hosts (or one has none; host countries and the other's city
 * must be of one country);
 * one with neither date nor city merges only into the last meeting, within
 * 3 sentences or when it refers back (kind "back"); "new" phrases (مؤتمر
 * منفصل) never merge. The earlier fact takes the later one's missing date,
 * city, level, hosts, participants and a stated status. */

typedef struct {
	facts_provenance prov; /* span = the meeting word */
	facts_date date;
	facts_entity city;
	const char *level;     /* "foreign_ministers" ... or "" (lexicon-owned) */
	text_span level_span;
	facts_entity hosts[FACTS_MAX_HOSTS];
	size_t n_hosts;
	bool has_participants;
	double participants;
	uint8_t participants_approx;
	uint8_t status;        /* facts_meeting_status */
	/* What it is to discuss: the words after a topic marker of
	 * facts_meetings.tsv ("لبحث", "لمناقشة", "حول", "بشأن" ...) up to the
	 * end of their clause (a punctuation mark other than a quote mark, a
	 * clause word such as حيث or في حين, the next topic marker) and at
	 * most FACTS_TOPIC_MAX_WORDS words. Finite verbs are no markers
	 * ("ناقش كبار القادة خططا": the subject follows the verb). */
	text_span topics[FACTS_MAX_TOPICS];
	size_t n_topics;
} facts_meeting;

typedef struct {
	facts_provenance prov; /* span = the trigger word(s) */
	const char *type;      /* "attack", "liberation", "deployment",
	                          "withdrawal", "announcement" (lexicon-owned) */
	facts_date date;
	facts_entity place;
	facts_entity actor;    /* the country/organisation right after the
	                          trigger (VSO subject, no preposition between),
	                          else the nearest one before it; a capital
	                          stands for its country; none otherwise */
} facts_event;

/* Where and how a country takes part in the campaign. */
#define FACTS_THEATRE_IRAQ 0x01u
#define FACTS_THEATRE_SYRIA 0x02u

/* Modes, as named in facts_participation.tsv. */
#define FACTS_MODE_STRIKES 0x01u        /* "strikes": air strikes */
#define FACTS_MODE_TRAINING 0x02u       /* "training" */
#define FACTS_MODE_RECONNAISSANCE 0x04u /* "reconnaissance" */
#define FACTS_MODE_LOGISTICS 0x08u      /* "logistics": transport, refuelling */
#define FACTS_MODE_ADVISING 0x10u       /* "advising" */
#define FACTS_MODE_ARMING 0x20u         /* "arming": weapons, equipment */

typedef struct {
	facts_provenance prov; /* span = the participation word */
	facts_entity country;
	uint8_t theatres;      /* FACTS_THEATRE_* named in the sentence; 0 none */
	uint32_t modes;        /* FACTS_MODE_* named in the sentence; 0 none */
	facts_date date;
} facts_participation;

typedef struct facts_lexicon facts_lexicon;

/* Loads facts_metrics.tsv, facts_quotes.tsv, facts_meetings.tsv,
 * facts_events.tsv and facts_participation.tsv from dir (formats at the top of each). Returns 0 and *out
 * (new; free with facts_lexicon_destroy), or -1 with "path:line: reason" in
 * err (err may be NULL; at most err_len bytes) and *out untouched. */
int facts_lexicon_load(const char *dir, facts_lexicon **out, char *err, size_t err_len);
void facts_lexicon_destroy(facts_lexicon *lex); /* accepts NULL */

/* The distinct metric names of the lexicon, in file order: their number,
 * and name i (borrowed from lex; NULL when i >= facts_metric_count). */
size_t facts_metric_count(const facts_lexicon *lex);
const char *facts_metric_name(const facts_lexicon *lex, size_t i);

typedef struct facts_result facts_result;

/* Builds the facts of one document. All inputs are borrowed; the result
 * keeps pointers into lex and into the gazetteer behind ents (ids), so both
 * must outlive it; spans are offsets into text_doc_bytes(doc). published may
 * be NULL: then extract_result_published(ex) is used. Returns 0 and *out
 * (new; free with facts_result_destroy), or -1 on out of memory. */
int facts_build(const facts_lexicon *lex, const text_doc *doc,
    const extract_result *ex, const entity_result *ents,
    const extract_ymd *published, facts_result **out);
void facts_result_destroy(facts_result *r); /* accepts NULL */

/* Borrowed arrays in text order, valid while r lives. */
const facts_quantity *facts_result_quantities(const facts_result *r, size_t *n);
const facts_quote *facts_result_quotes(const facts_result *r, size_t *n);
const facts_meeting *facts_result_meetings(const facts_result *r, size_t *n);
const facts_event *facts_result_events(const facts_result *r, size_t *n);
/* One row per country and sentence (not for Iraq or Syria themselves, nor
 * for a country or capital named as a location, "وفي بروكسل،", or right
 * after a hosting verb in a sentence with a meeting word, "استضافت الكويت
 * اجتماعا"; none for a sentence whose
 * participation word stands in a meeting's clause: after a meeting word
 * with no comma between, "اجتماعا ... بمشاركة", or before one).
 * Theatres: those the sentence names. Modes: the mode words after the
 * country's run of countries, up to the next country ("أستراليا وبلجيكا
 * بتدريب القوات، وهولندا بطائرات الاستطلاع"), else the sentence's. */
const facts_participation *facts_result_participations(const facts_result *r, size_t *n);
/* Name of one FACTS_MODE_* bit ("strikes" ...), or NULL. */
const char *facts_mode_name(uint32_t mode_bit);

/* "past", "ongoing", "announced"; "mention", "role", "previous", "unknown". */
const char *facts_meeting_status_name(facts_meeting_status s);
const char *facts_speaker_how_name(facts_speaker_how h);

#endif
