/* Unit tests of service/facts: one cmocka test per table row. Most rows are
 * sentences composed for these tests in news style (other meetings, officials
 * and years than the seed articles); "none" rows must produce no fact of
 * their kind; the seed rows check a few facts verified by reading
 * corpus/articles. Each row runs the whole chain text -> extract -> entity
 * -> facts through public headers only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "facts.h"
#include "facts_impl.h" /* test_facts_match_table only: the matcher's internals */
#include "test_facts_common.h"

#define ARTDIR COALITION_SOURCE_DIR "/corpus/articles"


typedef struct {
	char *buf;
	text_doc *doc;
	extract_result *ex;
	entity_result *ents;
	facts_result *facts;
	const char *bytes;
} analysed;

static void analyse(analysed *a, const char *text, size_t len, const char *published)
{
	memset(a, 0, sizeof(*a));
	text_error terr;
	extract_ymd pub = {0, 0, 0};
	bool have_pub = published && extract_ymd_parse(published, &pub);
	assert_int_equal(text_doc_create(g_tlex, text, len, &a->doc, &terr), TEXT_OK);
	a->ex = extract_run(g_xlex, a->doc, have_pub ? &pub : NULL,
	    have_pub ? EXTRACT_SRC_REQUEST : EXTRACT_SRC_NONE);
	assert_non_null(a->ex);
	assert_int_equal(entity_find(g_gaz, a->doc, &a->ents), 0);
	assert_int_equal(facts_build(g_flex, a->doc, a->ex, a->ents, have_pub ? &pub : NULL,
	                     &a->facts), 0);
	a->bytes = text_doc_bytes(a->doc, NULL);
}

static void release(analysed *a)
{
	facts_result_destroy(a->facts);
	entity_result_destroy(a->ents);
	extract_result_destroy(a->ex);
	text_doc_destroy(a->doc);
	free(a->buf);
}

static bool span_is(const analysed *a, text_span sp, const char *want)
{
	size_t n = strlen(want);
	return sp.end - sp.start == n && memcmp(a->bytes + sp.start, want, n) == 0;
}

static void check_span_text(const analysed *a, text_span sp, const char *want)
{
	if (!span_is(a, sp, want)) {
		print_error("span is '%.*s', want '%s'\n", (int)(sp.end - sp.start),
		    a->bytes + sp.start, want);
		fail();
	}
}

static void check_date(facts_date d, const char *want)
{
	if (want == NULL)
		return;
	char buf[16];
	extract_ymd_format(d.date, d.precision, buf);
	assert_string_equal(buf, want);
}

/* Evidence and provenance invariants every fact keeps. */
static void check_prov(const analysed *a, facts_provenance p)
{
	size_t n;
	const text_sentence *s = text_doc_sentences(a->doc, &n);
	assert_true(p.sentence < n);
	assert_true(p.span.start < p.span.end);
	assert_true(p.evidence.start <= p.span.start && p.span.end <= p.evidence.end);
	assert_true(s[p.sentence].span.start >= p.evidence.start);
}

/* --- rows */

typedef enum { K_QTY = 1, K_QUOTE, K_MEET, K_EVENT, K_PART } kind;

typedef struct {
	const char *name;
	kind k;
	const char *text;
	const char *published; /* YYYY-MM-DD or NULL */
	bool none;             /* no fact of this kind (at expr when given) */
	const char *expr;      /* Q: quantity text; U: quoted text; M: meeting word; E: trigger */
	const char *what;      /* Q: metric; U: speaker id; M: level; E: type */
	double value;          /* Q: value; M: participants (0: unchecked) */
	const char *subject;   /* Q: subject id; U: how; M: city; E: place */
	const char *place;     /* Q: place id; M: first host; E: actor */
	const char *date;      /* as-of / quote date / meeting date / event date */
	const char *end;       /* M: end date */
	const char *status;    /* M: status */
	int approx;            /* Q: extract_approx (0: unchecked) */
} row;

#define Q(n, t, p, e, m, v, s, pl, d, ap) {n, K_QTY, t, p, false, e, m, v, s, pl, d, NULL, NULL, ap}
#define QNONE(n, t, e) {n, K_QTY, t, NULL, true, e, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0}
#define U(n, t, p, e, spk, how, d) {n, K_QUOTE, t, p, false, e, spk, 0, how, NULL, d, NULL, NULL, 0}
#define UNONE(n, t) {n, K_QUOTE, t, NULL, true, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0}
#define M(n, t, p, e, lvl, part, city, host, d, end, st) \
	{n, K_MEET, t, p, false, e, lvl, part, city, host, d, end, st, 0}
#define MNONE(n, t) {n, K_MEET, t, NULL, true, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0}
#define E(n, t, p, e, type, place, actor, d) \
	{n, K_EVENT, t, p, false, e, type, 0, place, actor, d, NULL, NULL, 0}
/* participation: country, theatres (FACTS_THEATRE_* bits), one mode name */
#define P(n, t, p, e, country, theatres, mode) \
	{n, K_PART, t, p, false, e, country, theatres, mode, NULL, NULL, NULL, NULL, 0}
#define PNONE(n, t) {n, K_PART, t, NULL, true, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0}
#define ENONE(n, t) {n, K_EVENT, t, NULL, true, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0}

static const row rows[] = {
	/* quantities: strikes */
	/* عنصر (personnel) of ISIS counts its fighters; of the forces fighting
	 * it, not */
	Q("qty_isis_personnel_surrendered",
	    "وأفاد مصدر عسكري بأن نحو 120 عنصرا من داعش سلموا أنفسهم قرب تلعفر.",
	    "2017-08-30", NULL, "isis.fighters", 120, "org:isis", NULL, NULL, EXTRACT_APPROX_ABOUT),
	QNONE("qty_none_security_personnel_against_isis",
	    "ونشرت الحكومة 500 عنصر من قوات الأمن لملاحقة خلايا التنظيم في البادية.", "500 عنصر"),
	/* military personnel whose number will rise */
	Q("qty_military_personnel_will_rise",
	    "وأوضح المتحدث أن عدد العسكريين البريطانيين في القاعدة سيرتفع إلى 800 عسكري الشهر المقبل.",
	    "2016-03-01", "800 عسكري", "troops.deployed", 800, "country:GB", NULL, NULL, EXTRACT_APPROX_EXACT),
	/* a change "من N إلى M": N deployed now, M by the stated target date */
	Q("qty_change_before_value_as_of_publication",
	    "وأعلن البنتاغون أن الولايات المتحدة ستخفض عدد جنودها من 5200 إلى 3000 جندي بحلول نهاية أيلول.",
	    "2020-09-09", "5200", "troops.deployed", 5200, "country:US", NULL, "2020-09-09", EXTRACT_APPROX_EXACT),
	Q("qty_change_after_value_as_of_target",
	    "وأعلن البنتاغون أن الولايات المتحدة ستخفض عدد جنودها من 5200 إلى 3000 جندي بحلول نهاية أيلول.",
	    "2020-09-09", "3000 جندي", "troops.deployed", 3000, "country:US", NULL, "2020-09", EXTRACT_APPROX_EXACT),
	/* "خفض قواته من N إلى M" counts the troops there before and after,
	 * not those withdrawn */
	Q("qty_change_reduction_is_deployed_not_withdrawn",
	    "وقررت بريطانيا خفض قواتها من 1000 إلى 400 جندي خلال الصيف المقبل.",
	    "2019-03-01", "400 جندي", "troops.deployed", 400, "country:GB", NULL, NULL, EXTRACT_APPROX_EXACT),
	Q("qty_strikes_pentagon_at_least",
	    "وقالت وزارة الدفاع الأمريكية إن طائرات التحالف الدولي شنت أكثر من 29 ألف غارة على مواقع داعش في العراق وسوريا منذ آب 2014.",
	    "2018-03-01", "أكثر من 29 ألف غارة", "coalition.strikes", 29000, "org:global_coalition", NULL,
	    "2018-03-01", EXTRACT_APPROX_AT_LEAST),
	Q("qty_strikes_week_near_raqqa",
	    "وأعلن البنتاغون أن التحالف نفذ 120 غارة جوية الأسبوع الماضي قرب الرقة.",
	    "2017-06-10", NULL, "coalition.strikes", 120, "org:global_coalition", NULL, NULL, EXTRACT_APPROX_EXACT),
	Q("qty_strikes_explicit_date_is_as_of",
	    "وأعلنت القيادة المركزية الأمريكية في 15 آذار 2019 أن التحالف شن 34 ألف غارة منذ بدء الحملة.",
	    "2019-03-20", NULL, "coalition.strikes", 34000, "org:global_coalition", NULL, "2019-03-15", 0),
	Q("qty_strikes_subject_implied",
	    "ونفذت الطائرات 43 غارة على مواقع التنظيم خلال الأسبوع.",
	    "2016-05-02", NULL, "coalition.strikes", 43, "org:global_coalition", NULL, "2016-05-02", 0),
	/* members */
	Q("qty_members_coalition_comprises",
	    "ويضم التحالف الدولي ضد داعش 83 عضوا من الدول والمنظمات.",
	    "2021-03-30", NULL, "coalition.members", 83, "org:global_coalition", NULL, NULL, 0),
	Q("qty_members_ordinal",
	    "وأصبحت نيجيريا العضو الـ81 في التحالف الدولي لهزيمة داعش.",
	    "2019-11-14", NULL, "coalition.members", 81, "org:global_coalition", NULL, NULL, 0),
	Q("qty_members_consisting_of",
	    "وشارك في الاجتماع ممثلو التحالف المكون من 80 عضوا.",
	    "2020-01-01", "80 عضوا", "coalition.members", 80, "org:global_coalition", NULL, NULL, 0),
	Q("qty_members_countries_and_organisations_unit_member",
	    "ودعا الوزير الدول الـ77 وخمس منظمات أعضاء في التحالف الدولي إلى مواصلة الجهود.",
	    "2019-02-06", "الدول الـ77 وخمس منظمات", "coalition.members", 82, "org:global_coalition", NULL, NULL, 0),
	Q("qty_members_countries_comprises",
	    "ويضم التحالف الدولي الذي تقوده الولايات المتحدة أكثر من 60 دولة.",
	    "2015-01-22", NULL, "coalition.members", 60, "org:global_coalition", NULL, NULL,
	    EXTRACT_APPROX_AT_LEAST),
	QNONE("qty_none_countries_at_meeting_with_organisations",
	    "وحضر الاجتماع ممثلون عن 30 دولة و5 منظمات دولية.", "30 دولة"),
	/* territory */
	Q("qty_territory_iraq",
	    "وقال التحالف إن القوات العراقية استعادت نحو 90 في المئة من الأراضي التي سيطر عليها داعش في العراق.",
	    "2017-07-20", NULL, "territory.retaken.iraq", 90, "org:isis", "country:IQ", NULL, EXTRACT_APPROX_ABOUT),
	Q("qty_territory_syria",
	    "وتمكنت القوات المدعومة من التحالف من استعادة 95% من الأراضي التي كان يسيطر عليها التنظيم في سوريا.",
	    "2018-10-01", NULL, "territory.retaken.syria", 95, "org:isis", "country:SY", NULL, 0),
	Q("qty_territory_lost",
	    "وخسر التنظيم نحو 60 في المئة من الأراضي التي كان يسيطر عليها.",
	    "2017-01-05", NULL, "territory.lost", 60, "org:isis", NULL, NULL, EXTRACT_APPROX_ABOUT),
	/* fighters */
	Q("qty_foreign_fighters_un",
	    "وقدرت الأمم المتحدة عدد المقاتلين في صفوف داعش بنحو 30 ألف مقاتل أجنبي من أكثر من 100 دولة.",
	    "2015-04-02", "بنحو 30 ألف مقاتل", "foreign_fighters", 30000, "org:isis", NULL, NULL, 0),
	QNONE("qty_foreign_fighters_countries_are_no_members",
	    "وقدرت الأمم المتحدة عدد المقاتلين في صفوف داعش بنحو 30 ألف مقاتل أجنبي من أكثر من 100 دولة.",
	    "أكثر من 100 دولة"),
	Q("qty_isis_fighters_remaining",
	    "ويقدر مسؤولون عدد عناصر داعش المتبقين في سوريا بنحو 3000 مقاتل.",
	    "2019-02-01", NULL, "isis.fighters", 3000, "org:isis", NULL, NULL, 0),
	/* troops */
	Q("qty_troops_withdrawn_capital_is_country",
	    "وأعلنت واشنطن أنها ستسحب نحو 2500 جندي من العراق بحلول نهاية العام.",
	    "2020-09-09", NULL, "troops.withdrawn", 2500, "country:US", NULL, NULL, EXTRACT_APPROX_ABOUT),
	Q("qty_troops_deployed_germany",
	    "وقررت ألمانيا إرسال 150 جنديا إضافيا إلى العراق لتدريب القوات الكردية.",
	    "2016-01-12", NULL, "troops.deployed", 150, "country:DE", NULL, NULL, 0),
	Q("qty_troops_present_nisba",
	    "ويتواجد نحو 900 جندي أمريكي في شمال شرق سوريا.",
	    "2021-06-01", NULL, "troops.deployed", 900, NULL, NULL, NULL, 0),
	QNONE("qty_troops_killed_are_not_deployed",
	    "وقتل 12 جنديا تركيا في هجوم قرب الحدود.", NULL),
	/* civilians */
	Q("qty_civilians_un_month",
	    "وأفادت الأمم المتحدة بمقتل 1200 مدني في العراق خلال شهر حزيران 2017.",
	    "2017-07-01", NULL, "civilians.killed", 1200, NULL, NULL, "2017-06", 0),
	Q("qty_civilians_coalition_admits",
	    "وأقر التحالف بمقتل 1302 مدني في غارات نفذها في العراق وسوريا.",
	    "2019-01-31", NULL, "civilians.killed", 1302, NULL, NULL, "2019-01-31", 0),
	Q("qty_civilians_range",
	    "وقتل ما بين 20 و30 مدنيا في الغارة على القرية.",
	    "2017-03-18", NULL, "civilians.killed", 20, NULL, NULL, NULL, EXTRACT_APPROX_RANGE),
	/* money */
	Q("qty_funding_kuwait_pledges",
	    "وتعهد المشاركون في مؤتمر الكويت بتقديم 30 مليار دولار لإعادة إعمار العراق.",
	    "2018-02-14", NULL, "funding.pledged", 30e9, NULL, NULL, NULL, 0),
	Q("qty_funding_gap",
	    "وقالت الأمم المتحدة إن هناك فجوة تمويلية قدرها 500 مليون دولار في خطة الاستجابة الإنسانية.",
	    "2019-04-01", NULL, "funding.gap", 500e6, NULL, NULL, NULL, 0),
	/* meeting participants */
	Q("qty_participants_counterparts",
	    "واستضاف بومبيو نحو 80 من نظرائه في واشنطن.",
	    "2019-02-06", NULL, "meeting.participants", 80, NULL, NULL, NULL, EXTRACT_APPROX_ABOUT),
	Q("qty_participants_countries_not_members",
	    "وشارك في الاجتماع وزراء ومسؤولون من 30 دولة.",
	    "2018-02-13", NULL, "meeting.participants", 30, NULL, NULL, NULL, 0),
	/* distance */
	Q("qty_distance_south_of_mosul",
	    "وتقع البلدة على بعد 30 كلم جنوب الموصل.",
	    "2016-10-20", NULL, "distance.km", 30, NULL, "place:mosul", NULL, 0),
	Q("qty_distance_from_raqqa",
	    "وسيطرت القوات على قرية تبعد 15 كيلومترا عن الرقة.",
	    "2017-05-03", NULL, "distance.km", 15, NULL, "place:raqqa", NULL, 0),
	/* duration */
	Q("qty_duration_weeks_since_operation_start",
	    "وسيطرت القوات على المطار بعد ثلاثة أسابيع ونصف من بدء الهجوم.",
	    "2016-11-10", NULL, "duration", 3.5, NULL, NULL, NULL, 0),
	QNONE("qty_none_weeks_between_events",
	    "وجاء القرار بعد أقل من أسبوعين على اجتماع بروكسل.", "أسبوعين"),
	Q("qty_troops_advisers_of_coalition_states",
	    "ولا يزال نحو 900 مستشار عسكري من دول التحالف يعملون في قاعدة حرير.",
	    "2021-10-02", NULL, "troops.deployed", 900, "org:global_coalition", NULL, NULL, EXTRACT_APPROX_ABOUT),
	Q("qty_foreign_fighters_foreigners_among_isis",
	    "وسلم 200 عنصر من داعش أنفسهم في تلعفر، بينهم مئات الأجانب.",
	    "2017-08-30", "مئات الأجانب", "foreign_fighters", 100, "org:isis", NULL, NULL, EXTRACT_APPROX_VAGUE),
	QNONE("qty_none_foreigners_without_isis",
	    "ويزور مئات الأجانب المدينة القديمة كل صيف.", "مئات الأجانب"),
	Q("qty_duration_years_of_war",
	    "وبعد ثلاث سنوات من الحرب على داعش أعلن العبادي النصر.",
	    "2017-12-10", NULL, "duration", 3, NULL, NULL, NULL, 0),
	Q("qty_strikes_centcom_airstrikes",
	    "وأعلنت القيادة المركزية الأمريكية أن قوات التحالف نفذت 17 ضربة جوية ضد أهداف لداعش في سوريا أمس.",
	    "2015-08-21", NULL, "coalition.strikes", 17, "org:global_coalition", NULL, NULL, 0),
	Q("qty_civilians_amnesty_raqqa",
	    "وقتل أكثر من 1600 مدني في غارات التحالف على الرقة بحسب منظمة العفو الدولية.",
	    "2019-04-25", NULL, "civilians.killed", 1600, NULL, NULL, NULL, EXTRACT_APPROX_AT_LEAST),
	Q("qty_troops_france_sends",
	    "وأرسلت فرنسا 3500 عسكري للمشاركة في العمليات ضد التنظيم.",
	    "2015-09-27", NULL, "troops.deployed", 3500, "country:FR", NULL, NULL, 0),
	/* money is about its recipient when the sentence names one after the
	 * amount, else about the country before it (the donor) */
	Q("qty_funding_recipient_after_amount",
	    "وتعهدت اليابان بتقديم 100 مليون دولار مساعدات للعراق.",
	    "2018-02-14", NULL, "funding.pledged", 100e6, "country:IQ", NULL, NULL, 0),
	Q("qty_funding_donor_when_no_recipient",
	    "وتعهدت اليابان بتقديم 100 مليون دولار مساعدات إنسانية إضافية.",
	    "2018-02-14", NULL, "funding.pledged", 100e6, "country:JP", NULL, NULL, 0),
	Q("qty_funding_recipient_country_of_place_after_fi",
	    "وأعلنت الكويت تقديم 20 مليون دولار لإعادة تأهيل المستشفيات في محافظة نينوى.",
	    "2018-06-01", NULL, "funding.pledged", 20e6, "country:IQ", NULL, NULL, 0),
	Q("qty_funding_donor_when_place_after_comma",
	    "وتعهدت اليابان بتقديم 100 مليون دولار مساعدات إنسانية، خلال زيارة وزيرها إلى الموصل.",
	    "2018-02-14", NULL, "funding.pledged", 100e6, "country:JP", NULL, NULL, 0),
	Q("qty_funding_raise_for_recipient",
	    "وتعمل كندا وألمانيا وهولندا على جمع مليار دولار من أجل سوريا.",
	    "2019-03-14", NULL, "funding.pledged", 1e9, "country:SY", NULL, NULL, 0),
	Q("qty_funding_needs_of_recipient",
	    "وقدرت الحكومة حاجات الإعمار في العراق بنحو 88 مليار دولار.",
	    "2018-02-14", NULL, "funding.gap", 88e9, "country:IQ", NULL, NULL, 0),
	/* the coalition's strikes unless a country before the number acts */
	Q("qty_strikes_country_actor",
	    "وكانت الطائرات البريطانية قد نفذت أكثر من 1700 غارة في العراق وسوريا منذ عام 2014.",
	    "2019-01-10", NULL, "coalition.strikes", 1700, "country:GB", NULL, NULL, 0),
	Q("qty_strikes_coalition_named_with_country",
	    "وقالت فرنسا إن طائرات التحالف الدولي نفذت 200 غارة الشهر الماضي.",
	    "2019-01-10", NULL, "coalition.strikes", 200, "org:global_coalition", NULL, NULL, 0),
	/* territory: the country the percentage is located in, and lost vs retaken */
	Q("qty_territory_country_after_each_share",
	    "واستعادت القوات المحلية 60% من المناطق التي سيطر عليها التنظيم في العراق، و30% من الأراضي في سوريا.",
	    "2017-01-10", "30%", "territory.retaken.syria", 30, "org:isis", "country:SY", NULL, 0),
	Q("qty_territory_place_counts_for_its_country",
	    "واستعادت القوات العراقية نحو 90% من مساحة محافظة الأنبار.",
	    "2016-11-13", NULL, "territory.retaken.iraq", 90, "org:isis", "place:anbar_governorate", NULL, 0),
	Q("qty_territory_lost_not_retaken",
	    "وخسر التنظيم في سوريا نحو 20% من الأراضي التي كان يسيطر عليها.",
	    "2016-07-20", NULL, "territory.lost", 20, "org:isis", NULL, NULL, 0),
	QNONE("qty_none_territory_still_held",
	    "ولا يزال التنظيم موجودا في 5 في المئة من الأراضي السورية.", NULL),
	/* places and durations */
	Q("qty_civilians_where_they_died",
	    "وأفادت منظمة إيروورز بأن الغارات أسفرت عن مقتل 300 مدني في الرقة.",
	    "2017-10-20", NULL, "civilians.killed", 300, "place:raqqa", NULL, NULL, 0),
	Q("qty_distance_place_before_number",
	    "وتقع قاعدة عين الأسد التي تبعد عن الرمادي بنحو 90 كيلومترا غربا.",
	    "2020-01-08", NULL, "distance.km", 90, NULL, "place:ramadi", NULL, 0),
	Q("qty_duration_passing_of_years",
	    "ورغم مرور أكثر من ثلاثة أعوام على بدء الحملة، لا يزال التنظيم ينفذ هجمات.",
	    "2017-11-01", NULL, "duration", 3, NULL, NULL, NULL, 0),
	QNONE("qty_none_duration_of_isis_control",
	    "وتستعد القوات لاستعادة المدينة بعد عامين من سيطرة الجهاديين عليها.", NULL),
	Q("qty_troops_plural_nisba_names_their_country",
	    "وأوضح مسؤولون أن عدد الجنود الأمريكيين في العراق يبلغ نحو 2500 جندي.",
	    "2021-07-27", NULL, "troops.deployed", 2500, "country:US", NULL, NULL, 0),
	Q("qty_troops_soldiers_count_rises",
	    "وأعلنت واشنطن إرسال جنود إضافيين ليرتفع عدد الجنود الأمريكيين في سوريا الى 2000.",
	    "2017-12-01", NULL, "troops.deployed", 2000, NULL, NULL, NULL, 0),
	QNONE("qty_none_election_turnout",
	    "وبلغت نسبة المشاركة في الانتخابات العراقية 44 في المئة.", NULL),
	QNONE("qty_none_displaced_not_in_vocabulary",
	    "وذكرت الأمم المتحدة أن نحو 3 ملايين شخص نزحوا من ديارهم.", NULL),
	Q("qty_members_rose_to",
	    "وارتفع عدد الدول الأعضاء في التحالف إلى 86 دولة بعد انضمام موريتانيا.",
	    "2022-06-01", NULL, "coalition.members", 86, "org:global_coalition", NULL, NULL, 0),
	Q("qty_troops_spread_present",
	    "وقال مسؤول أمريكي إن نحو 5200 جندي أمريكي ينتشرون حاليا في العراق.",
	    "2019-01-10", NULL, "troops.deployed", 5200, "country:US", NULL, NULL, EXTRACT_APPROX_ABOUT),
	Q("qty_civilians_killed_noun",
	    "وأسفرت الغارة عن سقوط 25 قتيلا مدنيا في ريف دير الزور.",
	    "2017-09-12", NULL, "civilians.killed", 25, NULL, NULL, NULL, 0),
	QNONE("qty_none_us_soldiers_killed",
	    "وقُتل 3 جنود أمريكيين في هجوم صاروخي على قاعدة عين الأسد.", NULL),
	QNONE("qty_none_bridges_not_in_vocabulary",
	    "وأكد التحالف أن طائراته دمرت 4 جسور على نهر الفرات.", NULL),
	/* as-of: a founding date, or a date in a relative clause that does not
	 * govern the count, is no as-of */
	Q("qty_members_founding_date_is_no_as_of",
	    "ويتألف التحالف الدولي الذي أنشئ في أيلول 2014 من 79 عضوا.",
	    "2019-03-22", "79 عضوا", "coalition.members", 79, "org:global_coalition", NULL, "2019-03-22", 0),
	Q("qty_members_relative_clause_after_count",
	    "وأصبح التحالف يضم 81 عضوا بعد انضمام الدولتين اللتين وقعتا في 12 تشرين الثاني 2019 على الإعلان.",
	    "2019-12-01", "81 عضوا", "coalition.members", 81, "org:global_coalition", NULL, "2019-12-01", 0),
	Q("qty_troops_relative_clause_after_trigger",
	    "ويبلغ عدد الجنود الفرنسيين الذين وصلوا إلى الأردن في كانون الأول 2015 نحو 350 جنديا.",
	    "2017-02-01", NULL, "troops.deployed", 350, "country:FR", NULL, "2017-02-01", 0),
	Q("qty_strikes_relative_clause_governs_count",
	    "ونفذ التحالف الذي يقوده الجيش الأمريكي في كانون الثاني 2018 نحو 300 غارة.",
	    "2018-03-01", "نحو 300 غارة", "coalition.strikes", 300, "org:global_coalition", NULL, "2018-01", 0),
	Q("qty_funding_pledge_before_contrast_word",
	    "وبلغت قيمة التعهدات في مؤتمر لندن 6 مليارات دولار بينما تحتاج المنطقة إلى أضعاف ذلك.",
	    "2016-02-05", "6 مليارات دولار", "funding.pledged", 6e9, NULL, NULL, NULL, 0),
	Q("qty_funding_gap_cost_of_rebuilding",
	    "وتقدر السلطات كلفة إعادة تأهيل البنى التحتية في الرقة بنحو 4 مليارات دولار.",
	    "2018-06-01", NULL, "funding.gap", 4e9, NULL, NULL, NULL, 0),
	/* a dateline is where the report was filed, not the fact's place */
	Q("qty_dateline_is_no_place",
	    "عمان - أعلنت القيادة الأردنية أن طائراتها نفذت 56 طلعة فوق مواقع التنظيم.",
	    "2015-02-08", NULL, "coalition.strikes", 56, NULL, "", NULL, 0),
	/* a share of land in two countries joined by و is no share of either */
	Q("qty_territory_two_countries_is_lost",
	    "وتمكنت القوات من استعادة نحو 98% من المناطق التي كان يسيطر عليها التنظيم في سوريا والعراق.",
	    "2018-12-20", "نحو 98%", "territory.lost", 98, "org:isis", NULL, NULL, 0),
	/* strikes of a national air force, or announced by a national body */
	Q("qty_strikes_national_air_force",
	    "وذكر بيان لوزارة الدفاع البريطانية أن سلاح الجو الملكي شن نحو 500 غارة على أهداف للتنظيم في العراق.",
	    "2016-09-30", NULL, "coalition.strikes", 500, "country:GB", NULL, NULL, 0),
	Q("qty_strikes_announcing_ministry_country",
	    "وأعلنت وزارة الدفاع الفرنسية الخميس أن مقاتلاتها نفذت منذ بدء مشاركتها أكثر من 1000 طلعة فوق سوريا.",
	    "2017-04-07", NULL, "coalition.strikes", 1000, "country:FR", NULL, NULL, 0),
	/* needs after pledges: the needs word is no trigger across a comma, and
	 * carries its owner's suffix */
	Q("qty_funding_needs_after_pledges",
	    "وتعهدت الدول المانحة بتقديم 5 مليارات دولار، بينما قدر العراق حاجاته للإعمار بنحو 90 مليار دولار.",
	    "2018-02-15", "بنحو 90 مليار دولار", "funding.gap", 90e9, "country:IQ", NULL, NULL, 0),
	Q("qty_funding_pledge_before_needs_clause",
	    "وتعهدت الدول المانحة بتقديم 5 مليارات دولار، بينما قدر العراق حاجاته للإعمار بنحو 90 مليار دولار.",
	    "2018-02-15", "5 مليارات دولار", "funding.pledged", 5e9, NULL, NULL, NULL, 0),
	/* a bare ordinal after the countries of the coalition counts them */
	Q("qty_members_ordinal_after_coalition_countries_unit_member",
	    "وعقد ممثلو دول التحالف الـ82 اجتماعا في الرباط.",
	    "2020-06-01", "الـ82", "coalition.members", 82, "org:global_coalition", NULL, NULL, 0),
	QNONE("qty_none_ordinal_of_other_countries", "وشاركت دول العالم الـ20 في القمة.", NULL),
	/* distance: measured from the place after عن/من/a direction; the
	 * subject is the other place named before */
	Q("qty_distance_base_from_city_before_number",
	    "وتقع قاعدة عين الأسد الجوية، التي تبعد عن بغداد نحو 180 كيلومترا، في محافظة الأنبار.",
	    "2020-01-08", NULL, "distance.km", 180, "place:ain_al_asad", "place:baghdad", NULL, 0),
	Q("qty_distance_base_located_then_direction",
	    "وتتمركز القوات في قاعدة القيارة، على مسافة 65 كلم إلى الجنوب من الموصل.",
	    "2016-11-01", NULL, "distance.km", 65, "place:qayyarah_west", "place:mosul", NULL, 0),
	/* a place after في is the subject when no place stands just before it */
	Q("qty_distance_subject_located_without_place_before",
	    "وتستعد القوات لمعركة مدينة تكريت بعد طرد التنظيم من معقله في الرمادي الواقعة على بعد 110 كيلومترات غرب بغداد.",
	    "2015-06-01", NULL, "distance.km", 110, "place:ramadi", "place:baghdad", NULL, 0),
	Q("qty_distance_base_in_province_before_number",
	    "وتمركزت الطائرات في قاعدة عين الأسد في الأنبار على بعد 180 كيلومترا غرب بغداد.",
	    "2020-01-08", NULL, "distance.km", 180, "place:ain_al_asad", "place:baghdad", NULL, 0),
	Q("qty_distance_subject_after_number",
	    "وعلى بعد 25 كيلومترا إلى الغرب من الرمادي تقع بلدة هيت.",
	    "2015-10-01", NULL, "distance.km", 25, "place:hit", "place:ramadi", NULL, 0),
	/* a relative clause set off by commas does not count in the window */
	Q("qty_members_window_skips_relative_clause_in_commas",
	    "وتتألف المجموعة الدولية، التي تقودها الولايات المتحدة منذ تشكيلها في أيلول 2014، من 83 عضوا.",
	    "2021-04-01", "83 عضوا", "coalition.members", 83, "org:global_coalition", NULL, "2021-04-01", 0),
	/* money: the owner before the amount only from its own clause */
	Q("qty_funding_gap_no_donor_from_other_clause",
	    "وتعهدت كندا بتقديم 200 مليون دولار، فيما تحتاج المخيمات إلى 900 مليون دولار إضافية.",
	    "2019-03-14", "900 مليون دولار", "funding.gap", 900e6, "", NULL, NULL, 0),
	Q("qty_funding_gap_owner_national_body",
	    "ورحب المانحون بالخطة، في حين قدرت الحكومة العراقية كلفة إعادة الإعمار بنحو 100 مليار دولار.",
	    "2018-02-14", NULL, "funding.gap", 100e9, "country:IQ", NULL, NULL, 0),
	/* "X% ... في العراق، وY % من التي ... في سوريا": the second share
	 * elides the words of the first */
	Q("qty_territory_elided_second_share",
	    "وحررت القوات 70% من المناطق التي احتلها المتطرفون في العراق، و40 % من التي احتلوها في سوريا.",
	    "2017-06-01", "40 %", "territory.retaken.syria", 40, "org:isis", "country:SY", NULL, 0),
	/* no quantity fact */
	QNONE("qty_none_population", "وبلغ عدد سكان الموصل نحو مليوني نسمة.", NULL),
	QNONE("qty_none_oil_prices", "وارتفعت أسعار النفط بنسبة 3 في المئة أمس.", NULL),
	QNONE("qty_none_russian_strikes", "وشنت الطائرات الروسية 60 غارة على إدلب.", NULL),
	QNONE("qty_none_age", "وتوفي الرجل عن عمر 70 عاما.", NULL),
	QNONE("qty_none_football", "وسجل المنتخب 3 أهداف في المباراة.", NULL),
	QNONE("qty_none_children_schools",
	    "وأشار التقرير إلى أن 40 في المئة من الأطفال في المخيمات لا يذهبون إلى المدارس.", NULL),

	/* quotes */
	/* reported speech: a speech verb, a complementizer, a clause */
	U("quote_indirect_org_speaker",
	    "وأكدت منظمة العفو الدولية، الإثنين، أن الغارات أسفرت عن مقتل عشرات المدنيين في الموصل.", "2017-07-11",
	    "الغارات أسفرت عن مقتل عشرات المدنيين في الموصل", "org:amnesty", "mention", "2017-07-10"),
	U("quote_indirect_speaker_before_complementizer",
	    "وقال الكاظمي إن الرئيس الأمريكي جو بايدن وعد بسحب القوات القتالية.", NULL,
	    "الرئيس الأمريكي جو بايدن وعد بسحب القوات القتالية", "person:mustafa_al_kadhimi", "mention", NULL),
	U("quote_indirect_subject_before_verb",
	    "ولافروف يؤكد أن موسكو لن تشارك في التحالف.", NULL,
	    "موسكو لن تشارك في التحالف", "person:sergey_lavrov", "mention", NULL),
	/* a participle of saying speaks for its sentence's subject, not for a
	 * place named right before it */
	U("quote_participle_same_sentence_speaker",
	    "وأعلن وزير الدفاع الفرنسي جان إيف لودريان أن الطائرات قصفت مواقع في العراق، مؤكدا أن \"الضربات ستتواصل حتى هزيمة التنظيم\".", NULL,
	    "الضربات ستتواصل حتى هزيمة التنظيم", "person:jean_yves_le_drian", NULL, NULL),
	U("quote_participle_main_clause_subject",
	    "وقال كيربي إن الحملة مستمرة بقوة. في المقابل، اعترفت وزارة الدفاع البريطانية بمقتل مدني في الموصل، مؤكدة أنها \"تحقق في كل بلاغ\" بدقة.", NULL,
	    "تحقق في كل بلاغ", "org:uk_mod", NULL, NULL),
	U("quote_participle_bare_coalition_subject",
	    "وأكد التحالف في بيان مقتل ثلاثة مدنيين في غارة قرب الموصل، مشيرا إلى أنه \"يأسف لهذه الخسارة المؤلمة\" ويحقق فيها.", NULL,
	    "يأسف لهذه الخسارة المؤلمة", "org:global_coalition", NULL, NULL),
	U("quote_indirect_ends_before_next_verbs_quote",
	    "وقال كيربي إن التنظيم خسر أراضي وقيادات، مشيرا إلى أن \"التحالف سيواصل الضغط عليه\".", NULL,
	    "التنظيم خسر أراضي وقيادات", "person:john_kirby", "mention", NULL),
	U("quote_indirect_estimate_of_named_body",
	    "وقدّرت منظمة العفو الدولية أن آلاف المدنيين ما زالوا عالقين في المدينة القديمة.", NULL,
	    "آلاف المدنيين ما زالوا عالقين في المدينة القديمة", "org:amnesty", "mention", NULL),
	UNONE("quote_none_estimate_without_complementizer",
	    "وقدرت الحكومة احتياجاتها بنحو 88 مليار دولار."),
	UNONE("quote_none_indirect_without_speaker",
	    "واعتبر التنظيم مهزوما في حين أن خلاياه لا تزال ناشطة في البادية."),
	U("quote_relative_pronoun_speaker",
	    "وكان فؤاد حسين الذي توقع \"انسحابا كاملا للقوات القتالية\" قد زار واشنطن.", NULL,
	    "انسحابا كاملا للقوات القتالية", "person:fuad_hussein", "mention", NULL),
	U("quote_nisba_descriptor_is_previous_speaker",
	    "وقال فؤاد حسين إن \"العراق بحاجة إلى دعم التحالف\". وأضاف المسؤول العراقي: \"نحن لا نطلب قوات قتالية\".", NULL,
	    "نحن لا نطلب قوات قتالية", "person:fuad_hussein", "previous", NULL),
	U("quote_role_word_minister",
	    "وقال وزير الخارجية الأمريكي مايك بومبيو إن الحملة مستمرة. وأقر وزير الخارجية الأمريكي بأن \"التنظيم لا يزال يشكل تهديدا\".", NULL,
	    "التنظيم لا يزال يشكل تهديدا", "person:mike_pompeo", "role", NULL),
	U("quote_glued_mark_closes_inner_name",
	    "وقال المتحدث باسم التحالف بيتر كوك إن \"القوات المحلية استعادت المدينة من \"داعش\" بدعم جوي من التحالف\".", NULL,
	    "القوات المحلية استعادت المدينة من ", "person:peter_cook", NULL, NULL),
	U("quote_subject_before_qad_verb",
	    "وكان التحالف الدولي قد أعلن في آذار أن القوات العراقية استعادت كامل الأراضي.", "2021-07-27",
	    "القوات العراقية استعادت كامل الأراضي", "org:global_coalition", "mention", NULL),
	U("quote_indirect_far_complementizer",
	    "أعلن رئيس الوزراء العراقي مصطفى الكاظمي، الإثنين 26 تموز 2021، بعد لقائه الرئيس الأمريكي جو بايدن في البيت الأبيض، أن المهمة القتالية للقوات الأمريكية ستنتهي.", NULL,
	    "المهمة القتالية للقوات الأمريكية ستنتهي", "person:mustafa_al_kadhimi", "mention", NULL),
	UNONE("quote_none_unnamed_officials_reported",
	    "وأوضح مسؤولون أمريكيون أن عدد الجنود في العراق يبلغ نحو 2500 جندي."),
	/* bare "القيادة المركزية" is CENTCOM (gazetteer alias) */
	U("quote_bare_central_command_speaker",
	    "وقالت القيادة المركزية في بيان إن طائرات التحالف نفذت عشرين غارة قرب هجين.", NULL,
	    "طائرات التحالف نفذت عشرين غارة قرب هجين", "org:centcom", "mention", NULL),
	U("quote_tillerson_inna",
	    "وقال وزير الخارجية الأمريكي ريكس تيلرسون إن \"التحالف سيواصل الضغط على داعش حتى هزيمته نهائيا\".",
	    "2018-02-13", "التحالف سيواصل الضغط على داعش حتى هزيمته نهائيا", "person:rex_tillerson",
	    "mention", "2018-02-13"),
	U("quote_verb_after_quote",
	    "\"لن نسمح للتنظيم بالعودة إلى المدن\"، قال ماتيس للصحفيين.",
	    "2017-05-09", "لن نسمح للتنظيم بالعودة إلى المدن", "person:jim_mattis", "mention", NULL),
	U("quote_role_word_resolved",
	    "وقال المتحدث باسم التحالف الكولونيل ريان ديلون إن الغارات استهدفت مواقع التنظيم. وأضاف المتحدث \"نحن نرى تراجعا واضحا في قدرات داعش\".",
	    "2017-08-01", "نحن نرى تراجعا واضحا في قدرات داعش", "person:ryan_dillon", NULL, NULL),
	U("quote_bare_verb_previous_speaker",
	    "وقال بريت ماكغورك إن \"المعركة لم تنته بعد\". وأضاف \"ما زال أمامنا عمل كثير في سوريا\".",
	    "2018-12-11", "ما زال أمامنا عمل كثير في سوريا", "person:brett_mcgurk", "previous", NULL),
	U("quote_country_speaker",
	    "وأكدت فرنسا أن \"مشاركتها في التحالف ستستمر حتى القضاء على الإرهاب\".",
	    "2015-11-20", "مشاركتها في التحالف ستستمر حتى القضاء على الإرهاب", "country:FR", "mention", NULL),
	U("quote_guillemets",
	    "وحذر الأمين العام للأمم المتحدة أنطونيو غوتيريش من أن «خطر داعش لم يزل قائما في المنطقة».",
	    "2020-02-04", "خطر داعش لم يزل قائما في المنطقة", "person:antonio_guterres", "mention", NULL),
	U("quote_explicit_date",
	    "وقال حيدر العبادي في 10 كانون الأول 2017 إن \"قواتنا سيطرت بشكل كامل على الحدود السورية العراقية\".",
	    "2017-12-11", "قواتنا سيطرت بشكل كامل على الحدود السورية العراقية", "person:haider_al_abadi",
	    "mention", "2017-12-10"),
	U("quote_published_date",
	    "وقال بومبيو إن \"داعش لم يعد يسيطر على أي أرض في سوريا\".",
	    "2019-03-23", "داعش لم يعد يسيطر على أي أرض في سوريا", "person:mike_pompeo", "mention",
	    "2019-03-23"),
	U("quote_not_across_lines",
	    "وقال كيري \"الوضع معقد للغاية\nوأعلن جون كيري أن \"طائرات التحالف نفذت عشرين غارة أمس\".",
	    "2015-06-01", "طائرات التحالف نفذت عشرين غارة أمس", "person:john_kerry", "mention", NULL),
	U("quote_closing_guillemet_never_opens",
	    "وقال المسؤول إن التنظيم » خسر معظم أراضيه. وقال جيم ماتيس إن «القتال سيستمر في وادي الفرات».",
	    "2017-11-01", "القتال سيستمر في وادي الفرات", "person:jim_mattis", "mention", NULL),
	U("quote_after_colon",
	    "ومن جهته، قال رئيس الوزراء العراقي مصطفى الكاظمي: \"لن نسمح بعودة الإرهاب إلى مدننا\".",
	    "2021-07-26", "لن نسمح بعودة الإرهاب إلى مدننا", "person:mustafa_al_kadhimi", "mention", NULL),
	U("quote_sarraha_bi_anna",
	    "وصرح المتحدث باسم التحالف الكولونيل شون رايان للصحفيين بأن \"الضربات ستتواصل حتى تحرير آخر قرية\".",
	    "2018-11-02", "الضربات ستتواصل حتى تحرير آخر قرية", "person:sean_ryan", "mention", NULL),
	U("quote_reported_by_agency",
	    "ونقلت وكالة رويترز عن وزير الخارجية الأمريكي جون كيري قوله إن \"التحالف يحرز تقدما مطردا في العراق\".",
	    "2015-03-05", "التحالف يحرز تقدما مطردا في العراق", "person:john_kerry", "mention", NULL),
	/* a name in quotes is no direct quote; the clause is reported speech */
	U("quote_indirect_name_in_quotes_with_verb",
	    "وقال الجيش العراقي إن تنظيم \"داعش\" فقد السيطرة على المدينة.", NULL,
	    "تنظيم \"داعش\" فقد السيطرة على المدينة", "org:iraqi_army", "mention", NULL),
	UNONE("quote_none_name_in_quotes", "ويطلق على تنظيم \"الدولة الإسلامية\" اسم داعش."),
	/* guillemets around a name of three words or more are no quote either */
	UNONE("quote_none_long_name_in_guillemets", "وأعلنت «الإدارة الذاتية لشمال وشرق سوريا» فتح المعبر أمس."),
	UNONE("quote_none_operation_name", "وشارك في عملية \"العزم الصلب\" آلاف الجنود."),
	UNONE("quote_none_title_without_verb",
	    "ونشرت الصحيفة مقالا بعنوان \"الحرب على الإرهاب في عامها الخامس\" أمس."),
	/* an opening mark right after the verb that the line never closes runs
	 * to the line end */
	U("quote_unclosed_runs_to_line_end",
	    "وقال وزير الخارجية العراقي إبراهيم الجعفري إن \"الحرب ستطول كثيرا.\nوتابعت الصحف.", NULL,
	    "الحرب ستطول كثيرا", "person:ibrahim_al_jaafari", "mention", NULL),
	UNONE("quote_none_unbalanced_without_verb", "وفي الصحف عنوان \"الحرب ستطول كثيرا."),

	/* meetings */
	M("meet_rome_foreign_ministers_announced",
	    "يجتمع وزراء خارجية الدول الأعضاء في التحالف الدولي ضد داعش في روما يوم الثلاثاء 13 شباط 2018.",
	    "2018-02-10", "يجتمع", "foreign_ministers", 0, "place:rome", NULL, "2018-02-13", NULL, "announced"),
	M("meet_kuwait_conference_participants",
	    "واختتم في الكويت أمس مؤتمر إعادة إعمار العراق بمشاركة ممثلين عن 70 دولة.",
	    "2018-02-15", "مؤتمر", "", 70, NULL, NULL, NULL, NULL, "past"),
	M("meet_brussels_defence_two_days",
	    "وعقد وزراء دفاع التحالف اجتماعا في بروكسل يوم 14 شباط 2018 على مدى يومين.",
	    "2018-02-20", "اجتماعا", "defence_ministers", 0, "place:brussels", NULL, "2018-02-14",
	    "2018-02-15", "past"),
	M("meet_host_pompeo_next_week",
	    "ويستضيف وزير الخارجية الأمريكي مايك بومبيو اجتماعا لوزراء خارجية التحالف في واشنطن الأربعاء المقبل.",
	    "2019-02-01", "اجتماعا", "foreign_ministers", 0, "place:washington", "person:mike_pompeo", NULL,
	    NULL, "announced"),
	M("meet_political_directors_paris",
	    "واجتمع المديرون السياسيون للتحالف الدولي في باريس الأسبوع الماضي.",
	    "2019-06-10", "واجتمع", "political_directors", 0, "place:paris", NULL, NULL, NULL, "past"),
	/* coreference: one meeting however many sentences name it */
	M("meet_merged_same_day_and_city",
	    "اجتمع وزراء خارجية دول التحالف في الدوحة الأحد 3 آذار 2019. وقال دبلوماسيون إن النقاش تناول ملف المقاتلين الأجانب. وأضافوا أن الوزراء بحثوا تمويل الاستقرار في المناطق المحررة. وركزوا كذلك على أمن الحدود. وفي ختام اجتماع الأحد في الدوحة صدر بيان مشترك.",
	    "2019-03-04", "اجتمع", "foreign_ministers", 0, "place:doha", NULL, "2019-03-03", NULL, "past"),
	M("meet_merged_back_word_far",
	    "وعقد وزراء الدفاع اجتماعا في بروكسل الخميس 15 شباط 2018. وقال ماتيس إن الحملة مستمرة. وأضاف أن التنظيم خسر معظم أراضيه. وتابع أن الخطر باق. وأكد أن التحالف باق. وشارك في الاجتماع ممثلو 20 دولة.",
	    "2018-02-16", "اجتماعا", "defence_ministers", 20, "place:brussels", NULL, "2018-02-15", NULL, "past"),
	M("meet_merged_status_from_later_mention",
	    "اجتماع للتحالف الدولي في روما الثلاثاء.\nيعقد وزراء الخارجية اجتماعهم في روما الثلاثاء لبحث الحملة.",
	    "2019-05-14", "اجتماع", "foreign_ministers", 0, "place:rome", NULL, "2019-05-14", NULL, "ongoing"),
	M("meet_second_summit_in_same_sentence",
	    "ويأتي اجتماع أنقرة بعد قمة حلف شمال الأطلسي التي عقدت في لندن مطلع الشهر الماضي.",
	    "2019-12-20", "قمة", "leaders", 0, "place:london", NULL, NULL, NULL, "past"),
	M("meet_second_own_clause_after_comma",
	    "وعقد التحالف آخر مؤتمر وزاري في بروكسل في 12 تموز 2018، بينما شهدت الرباط آخر اجتماع للمديرين السياسيين في 26 حزيران 2018.",
	    "2019-01-10", "اجتماع", "political_directors", 0, "place:rabat", NULL, "2018-06-26", NULL, "past"),
	M("meet_second_separate_conference",
	    "تجتمع الدول الأعضاء في واشنطن الأربعاء 20 تموز 2016. ويعقد مؤتمر منفصل للمانحين الأربعاء أيضا.",
	    "2016-07-20", "مؤتمر", "", 0, NULL, NULL, "2016-07-20", NULL, "ongoing"),
	/* a kind-of-place noun between في and the name (في بلدة ...) still
	 * places the meeting, over a place named inside a council's name */
	M("meet_city_after_kind_noun",
	    "ويلتقي ممثلون عن الأمم المتحدة ومجلس الموصل المحلي في بلدة عين عيسى الخميس المقبل.",
	    "2018-03-05", "ويلتقي", "", 0, "place:ain_issa", NULL, "2018-03-08", NULL, "announced"),
	/* a present verb in a relative clause does not make a meeting held
	 * the day before publication ongoing */
	M("meet_present_relative_clause_past_day",
	    "واختتم وزراء دفاع التحالف، الإثنين 6 آذار، اجتماعهم في الدوحة وهو أول اجتماع للتحالف يعقد في الخليج.",
	    "2023-03-07", "اجتماعهم", "defence_ministers", 0, "place:doha", NULL, "2023-03-06", NULL, "past"),
	/* a word referring back takes no city from a place its topic names */
	M("meet_back_word_topic_place_no_city",
	    "واجتمع المديرون السياسيون للتحالف في روما الثلاثاء. وناقش الاجتماع أوضاع السجون في شمال شرق سوريا.",
	    "2019-05-15", "واجتمع", "political_directors", 0, "place:rome", NULL, "2019-05-14", NULL, "past"),
	/* a talk between two (بحث ... مع) is a meeting; a phone call is not */
	M("meet_talk_with_counterpart",
	    "وبحث وزير الدفاع العراقي، الإثنين في بغداد، مع قائد القيادة المركزية الأمريكية سبل دعم القوات.",
	    "2019-05-14", "وبحث", "defence_ministers", 0, "place:baghdad", NULL, "2019-05-13", NULL, "past"),
	MNONE("meet_none_talk_by_phone",
	    "وبحث وزير الخارجية هاتفيا مع نظيره الفرنسي تطورات الحرب على التنظيم."),
	MNONE("meet_none_talk_without_partner",
	    "وبحث مجلس الوزراء في جلسته الأسبوعية خطط إعادة الإعمار."),
	MNONE("meet_none_habitual",
	    "ويجتمع بانتظام ممثلو دول التحالف لتنسيق جهودهم ضد التنظيم."),
	/* receiving is meeting; the level is the first one the clause names */
	M("meet_reception_is_meeting",
	    "واستقبل رئيس الوزراء العراقي حيدر العبادي في بغداد الإثنين وزير الدفاع الفرنسي جان إيف لودريان.",
	    "2017-01-03", "واستقبل", "leaders", 0, "place:baghdad", "person:haider_al_abadi", "2017-01-02", NULL, "past"),
	M("meet_relative_days_before_announcement",
	    "وجاء الإعلان بعد يومين من لقاء جمع وزير الخارجية العراقي فؤاد حسين ونظيره التركي في أنقرة.",
	    "2020-03-02", "لقاء", "foreign_ministers", 0, "place:ankara", NULL, "2020-02-29", NULL, "past"),
	M("meet_city_capital_named_like_country",
	    "واختتم مؤتمر الكويت الدولي لإعادة إعمار العراق أعماله الأربعاء.",
	    "2018-02-14", "مؤتمر", "", 0, "place:kuwait_city", NULL, "2018-02-14", NULL, "past"),
	/* a dateline is where the report was filed, not where they met; a
	 * prime minister meeting a president is a meeting of leaders */
	M("meet_dateline_is_no_city",
	    "بغداد - أعلن رئيس الوزراء العراقي مصطفى الكاظمي، الإثنين 26 تموز 2021، بعد لقائه الرئيس الأمريكي جو بايدن، أن المهمة القتالية ستنتهي.",
	    "2021-07-27", "لقائه", "leaders", 0, "", NULL, "2021-07-26", NULL, "past"),
	/* a date near after the word, else just before it, before one later
	 * in the clause */
	M("meet_date_before_word_over_later_date",
	    "وأعلن الرئيس، الأحد 4 نيسان 2021، بعد لقائه نظيره أن القوات ستغادر بحلول نهاية العام.",
	    "2021-04-05", "لقائه", "", 0, NULL, NULL, "2021-04-04", NULL, "past"),
	M("meet_round_of_talks",
	    "وستعقد جولة جديدة من الحوار الاستراتيجي في واشنطن الشهر المقبل.",
	    "2021-03-10", "جولة جديدة", "", 0, "place:washington", NULL, "2021-04", NULL, "announced"),
	M("meet_reporting_frame_is_no_participant",
	    "وقال وزير الخارجية العراقي فؤاد حسين إن الحوار الاستراتيجي سيستمر في جولة جديدة تعقد في بغداد الشهر المقبل.",
	    "2021-07-27", "جولة جديدة", "", 0, "place:baghdad", NULL, "2021-08", NULL, "announced"),
	M("meet_prime_minister_is_leaders",
	    "وبحث رئيس الوزراء البريطاني خلال لقائه الرئيس الفرنسي في باريس الأحد 8 آذار 2020 الحرب على داعش.",
	    "2020-03-09", "لقائه", "leaders", 0, "place:paris", NULL, "2020-03-08", NULL, "past"),
	M("meet_ambassadors_baghdad",
	    "والتقى السفراء في لقاء بمقر السفارة في بغداد لبحث الوضع الأمني.",
	    "2020-01-08", "والتقى", "ambassadors", 0, "place:baghdad", NULL, NULL, NULL, "past"),
	M("meet_future_marker_munich",
	    "وسيعقد وزراء الدفاع اجتماعا في ميونخ الشهر المقبل.",
	    "2018-01-20", "اجتماعا", "defence_ministers", 0, "place:munich", NULL, NULL, NULL, "announced"),
	M("meet_ongoing_talks_london",
	    "تعقد في لندن اليوم محادثات بين قادة عسكريين من دول التحالف.",
	    "2016-09-07", "محادثات", "military_commanders", 0, "place:london", NULL, "2016-09-07", NULL,
	    "ongoing"),
	M("meet_participants_counterparts",
	    "ويشارك في الاجتماع نحو 40 من نظراء كيري.",
	    "2016-07-19", "الاجتماع", "", 40, NULL, NULL, NULL, NULL, NULL),
	M("meet_weekday_pair_end",
	    "واجتمع ممثلو التحالف في واشنطن يوم الأربعاء 22 آذار 2017 والخميس.",
	    "2017-03-25", "واجتمع", "", 0, "place:washington", NULL, "2017-03-22", "2017-03-23", "past"),
	M("meet_city_in_construct",
	    "وجاء اجتماع باريس بعد أسبوع من الهجوم على مدينة الرقة.",
	    "2016-03-10", "اجتماع", "", 0, "place:paris", NULL, NULL, NULL, "past"),
	M("meet_city_after_fi_not_topic",
	    "وبحث الاجتماع الذي عقد في لندن خطط الهجوم على الموصل.",
	    "2016-09-08", "الاجتماع", "", 0, "place:london", NULL, NULL, NULL, "past"),
	MNONE("meet_none_press_conference",
	    "وقال الجنرال ستيفن تاونسند في مؤتمر صحفي إن القوات تتقدم."),
	M("meet_followup_sentence_merged",
	    "واجتمع وزراء خارجية التحالف في الكويت يوم 13 شباط 2018. وتناولت المحادثات مستقبل الحملة بمشاركة 74 دولة.",
	    "2018-02-14", "واجتمع", "foreign_ministers", 74, NULL, NULL, "2018-02-13", NULL, "past"),
	M("meet_announced_min_al_muqarrar",
	    "ومن المقرر أن يعقد التحالف اجتماعا على مستوى وزراء الخارجية في الرياض الشهر المقبل.",
	    "2019-10-01", "اجتماعا", "foreign_ministers", 0, NULL, NULL, NULL, NULL, "announced"),
	M("meet_possessive_form_2022",
	    "وعقد وزراء خارجية التحالف الدولي لهزيمة داعش اجتماعهم في مراكش يوم 11 أيار 2022.",
	    "2022-05-12", "اجتماعهم", "foreign_ministers", 0, NULL, NULL, "2022-05-11", NULL, "past"),
	/* a host country whose capital bears its name holds it there */
	M("meet_host_country_same_name_city",
	    "وتستضيف جيبوتي الشهر المقبل مؤتمرا للقادة العسكريين في دول التحالف.",
	    "2019-09-10", "مؤتمرا", "military_commanders", 0, "place:djibouti_city", "country:DJ", NULL, NULL,
	    "announced"),
	M("meet_host_kuwait_defence_level",
	    "واستضافت الكويت يوم 14 شباط 2018 اجتماعا لوزراء دفاع التحالف بحضور ممثلين عن 25 دولة.",
	    "2018-02-15", "اجتماعا", "defence_ministers", 25, "place:kuwait_city", "country:KW", "2018-02-14",
	    NULL, "past"),
	M("meet_political_directors_broken_plural",
	    "وعقد المدراء السياسيون لدول التحالف اجتماعا في لندن يوم 10 أيار 2022.",
	    "2022-05-12", "اجتماعا", "political_directors", 0, "place:london", NULL, "2022-05-10", NULL, "past"),
	/* meetings of different hosts are different meetings */
	M("meet_second_other_host_kept_apart",
	    "واستضافت الكويت اجتماعا لوزراء الدفاع. واستضافت إيطاليا اجتماعا لوزراء الخارجية.",
	    "2018-02-15", "اجتماعا", "foreign_ministers", 0, NULL, "country:IT", NULL, NULL, "past"),
	M("meet_host_object_pronoun",
	    "ويبحث الاجتماع الذي تستضيفه الدنمارك الأربعاء 5 نيسان 2017 مستقبل الحملة.",
	    "2017-04-06", "الاجتماع", "", 0, NULL, "country:DK", "2017-04-05", NULL, "past"),
	/* "one_host" rows: exactly one host; a country later in the clause is
	 * none */
	M("meet_one_host_not_the_country_rebuilt",
	    "وتستضيف الكويت اليوم مؤتمرا دوليا لإعادة إعمار العراق.",
	    "2018-02-12", "مؤتمرا", "", 0, "place:kuwait_city", "country:KW", "2018-02-12", NULL, "ongoing"),
	/* a meeting hosted by a country is not the one held in another's city */
	M("meet_second_host_country_vs_city_elsewhere",
	    "واستقبلت سلطنة عمان الأحد 10 آذار 2019 اجتماعا لرؤساء أركان التحالف. وعقد وزراء الدفاع اجتماعا في الكويت الأحد 10 آذار 2019.",
	    "2019-03-11", "اجتماعا", "defence_ministers", 0, "place:kuwait_city", NULL, "2019-03-10", NULL, "past"),
	MNONE("meet_none_social_adjective",
	    "وتحدث التقرير عن الأوضاع الاجتماعية والاقتصادية في المدينة."),
	MNONE("meet_none_relations", "وقال الخبير إن العلاقات بين البلدين جيدة."),
	MNONE("meet_none_cooperation", "وتحدث الوزير عن أهمية التعاون في مكافحة الإرهاب."),
	MNONE("meet_none_blast", "وارتفعت حصيلة القتلى في التفجير إلى 45."),

	/* events */
	E("event_liberation_tal_afar",
	    "واستعادت القوات العراقية السيطرة على مدينة تلعفر في 31 آب 2017.",
	    "2017-09-01", "واستعادت", "liberation", "place:tal_afar", NULL, "2017-08-31"),
	E("event_liberation_mosul",
	    "وأعلن العبادي تحرير الموصل بالكامل من قبضة التنظيم.",
	    "2017-07-10", "تحرير", "liberation", "place:mosul", NULL, "2017-07-10"),
	E("event_withdrawal_us_syria",
	    "وقررت الولايات المتحدة سحب قواتها من سوريا.",
	    "2018-12-19", "سحب", "withdrawal", "country:SY", "country:US", NULL),
	E("event_attack_kirkuk",
	    "ونفذ التنظيم هجوما على مواقع للجيش العراقي قرب كركوك.",
	    "2016-10-21", "هجوما", "attack", NULL, NULL, NULL),
	/* the actor: the subject right after the verb, or the one before it,
	 * never the object after a preposition */
	E("event_actor_subject_after_verb",
	    "واستعادت قوات سوريا الديمقراطية السيطرة على مدينة الرقة من تنظيم داعش.",
	    "2017-10-20", "واستعادت", "liberation", "place:raqqa", "org:sdf", NULL),
	E("event_actor_before_not_object",
	    "وقالت المصادر إن تنظيم داعش شن هجوما على مواقع الجيش العراقي قرب كركوك.",
	    "2016-10-21", "هجوما", "attack", NULL, "org:isis", NULL),
	E("event_deployment_uk",
	    "وقررت بريطانيا نشر طائرات إضافية في قبرص.",
	    "2015-12-03", "نشر", "deployment", NULL, "country:GB", NULL),
	ENONE("event_none_student", "ويحاول الطالب حل المسألة."),

	/* more quotes */
	U("quote_participle_continues_speaker",
	    "وقال وزير الدفاع الأمريكي آشتون كارتر إن \"الحملة تسير بشكل جيد\"، مضيفا \"لكن ما زال علينا الكثير لنفعله في الرقة\".",
	    "2016-04-18", "لكن ما زال علينا الكثير لنفعله في الرقة", "person:ash_carter", "previous", NULL),
	U("quote_role_word_before_interview_outlet",
	    "وقال المتحدث باسم وزارة الخارجية الفرنسية رومان نادال إن باريس ستشارك. وأضاف المتحدث في مقابلة مع قناة فرانس 24 \"نحن ملتزمون بهزيمة داعش بالكامل\".",
	    "2016-02-01", "نحن ملتزمون بهزيمة داعش بالكامل", NULL, "role", NULL),
	U("quote_envoy_of_president",
	    "وقال المبعوث الخاص للرئيس الأمريكي دونالد ترامب لدى التحالف بريت ماكغورك إن \"التنظيم يفقد قادته واحدا تلو الآخر\".",
	    "2017-08-04", "التنظيم يفقد قادته واحدا تلو الآخر", "person:brett_mcgurk", "mention", NULL),

	/* participation */
	P("part_netherlands_strikes_iraq_syria",
	    "وتشارك هولندا في الغارات الجوية ضد داعش في العراق وسوريا.",
	    "2016-01-29", "وتشارك", "country:NL", FACTS_THEATRE_IRAQ | FACTS_THEATRE_SYRIA, "strikes"),
	P("part_italy_training_iraq",
	    "وتساهم إيطاليا في تدريب قوات الشرطة العراقية والبيشمركة في العراق.",
	    "2017-03-01", "وتساهم", "country:IT", FACTS_THEATRE_IRAQ, "training"),
	P("part_germany_reconnaissance_syria",
	    "وتشارك ألمانيا بطائرات استطلاع من طراز تورنادو في سوريا.",
	    "2016-01-08", "وتشارك", "country:DE", FACTS_THEATRE_SYRIA, "reconnaissance"),
	P("part_capital_names_country",
	    "وأعلنت كانبرا أنها ستشارك في الدعم اللوجستي للقوات العراقية.",
	    "2014-10-03", "ستشارك", "country:AU", 0, "logistics"),
	/* a list: the modes after a run of countries are theirs alone */
	P("part_list_first_group_only_training",
	    "ويشارك في العراق كل من أستراليا وبلجيكا وإيطاليا بتدريب القوات، وهولندا والنرويج بطائرات الاستطلاع.",
	    "2016-11-30", "ويشارك", "country:BE", FACTS_THEATRE_IRAQ, "training"),
	P("part_list_second_group_only_reconnaissance",
	    "ويشارك في العراق كل من أستراليا وبلجيكا وإيطاليا بتدريب القوات، وهولندا والنرويج بطائرات الاستطلاع.",
	    "2016-11-30", "ويشارك", "country:NO", FACTS_THEATRE_IRAQ, "reconnaissance"),
	P("part_two_countries_share_modes",
	    "وتشارك فرنسا وبريطانيا في الغارات والتدريب في العراق.",
	    "2016-11-30", "وتشارك", "country:FR", FACTS_THEATRE_IRAQ, "training"),
	PNONE("part_none_refusal", "وقالت ألمانيا إنها لن تشارك في الغارات على سوريا."),
	PNONE("part_none_meeting_attendance",
	    "ويشارك وزير الدفاع البريطاني مع نظيره الإيطالي في اجتماع التحالف في روما."),
	PNONE("part_none_no_participation_word", "وزار وزير الخارجية الألماني بغداد أمس."),
	/* hosting a meeting, or being where it is held, is no part in the
	 * campaign; taking part in a meeting neither */
	PNONE("part_none_host_of_meeting",
	    "واستضافت الكويت اجتماعا للتحالف بمشاركة ممثلين عن 30 دولة."),
	PNONE("part_none_meeting_city_capital",
	    "وفي لندن، أكد الوزراء أهمية مشاركة الجميع في الجهود."),
	P("part_country_after_located_capital",
	    "وفي بروكسل، قالت بلجيكا إنها ستشارك بطائرات مقاتلة في الغارات على سوريا.",
	    "2015-10-01", "ستشارك", "country:BE", FACTS_THEATRE_SYRIA, "strikes"),
	P("part_host_of_aircraft_takes_part",
	    "وتستضيف تركيا في قاعدة إنجرليك طائرات تشارك في الغارات على مواقع التنظيم في سوريا.",
	    "2015-08-20", "تشارك", "country:TR", FACTS_THEATRE_SYRIA, "strikes"),
	ENONE("event_none_company", "قالت الشركة إن أرباحها ارتفعت."),
};

static const row *find_quantity(const analysed *a, const row *r, const facts_quantity **out)
{
	size_t n;
	const facts_quantity *q = facts_result_quantities(a->facts, &n);
	for (size_t i = 0; i < n; i++) {
		check_prov(a, q[i].prov);
		if (r->expr ? span_is(a, q[i].prov.span, r->expr)
		            : (r->what && strcmp(q[i].metric, r->what) == 0)) {
			*out = &q[i];
			return r;
		}
	}
	*out = NULL;
	return r;
}

static void run_qty(const analysed *a, const row *r)
{
	const facts_quantity *q;
	if (r->none) {
		size_t n;
		const facts_quantity *all = facts_result_quantities(a->facts, &n);
		if (r->expr) {
			find_quantity(a, r, &q);
			assert_null(q);
		} else if (n) {
			print_error("unexpected %s at '%.*s'\n", all[0].metric,
			    (int)(all[0].prov.span.end - all[0].prov.span.start),
			    a->bytes + all[0].prov.span.start);
			fail();
		}
		return;
	}
	find_quantity(a, r, &q);
	if (q == NULL) {
		print_error("no quantity fact for %s\n", r->expr ? r->expr : r->what);
		fail();
	}
	assert_string_equal(q->metric, r->what);
	assert_true(q->value == r->value);
	if (r->subject)
		assert_string_equal(q->subject.id, r->subject);
	if (r->place)
		assert_string_equal(q->place.id, r->place);
	check_date(q->as_of, r->date);
	if (r->approx)
		assert_int_equal(q->approx, r->approx);
	/* "unit_member" rows: a sum of countries and organisations (or a bare
	 * ordinal) is counted in members */
	if (strstr(r->name, "unit_member"))
		assert_string_equal(q->unit, "member");
}

static void run_quote(const analysed *a, const row *r)
{
	size_t n;
	const facts_quote *q = facts_result_quotes(a->facts, &n);
	if (r->none) {
		assert_int_equal(n, 0);
		return;
	}
	const facts_quote *hit = NULL;
	for (size_t i = 0; i < n; i++) {
		check_prov(a, q[i].prov);
		assert_true(q[i].verb.start < q[i].verb.end);
		if (span_is(a, q[i].prov.span, r->expr))
			hit = &q[i];
	}
	if (hit == NULL) {
		for (size_t i = 0; i < n; i++)
			print_error("quote: '%.*s'\n", (int)(q[i].prov.span.end - q[i].prov.span.start),
			    a->bytes + q[i].prov.span.start);
		fail();
	}
	check_span_text(a, hit->prov.span, r->expr);
	if (r->what)
		assert_string_equal(hit->speaker.id, r->what);
	else
		assert_true(entity_ref_is_doc(hit->speaker.ref) || hit->speaker.id[0] != '\0');
	if (r->subject)
		assert_string_equal(facts_speaker_how_name(hit->speaker_how), r->subject);
	check_date(hit->date, r->date);
}

static void run_meeting(const analysed *a, const row *r)
{
	size_t n;
	const facts_meeting *m = facts_result_meetings(a->facts, &n);
	if (r->none) {
		assert_int_equal(n, 0);
		return;
	}
	assert_true(n >= 1);
	const facts_meeting *f = &m[0];
	if (strstr(r->name, "merged"))
		assert_int_equal(n, 1);
	/* "second" rows check the second of exactly two meetings */
	if (strstr(r->name, "second")) {
		assert_int_equal(n, 2);
		f = &m[1];
	}
	check_prov(a, f->prov);
	check_span_text(a, f->prov.span, r->expr);
	assert_string_equal(f->level, r->what);
	if (r->value) {
		assert_true(f->has_participants);
		assert_true(f->participants == r->value);
	}
	if (r->subject)
		assert_string_equal(f->city.id, r->subject);
	if (r->place) {
		assert_true(f->n_hosts >= 1);
		assert_string_equal(f->hosts[0].id, r->place);
	}
	if (strstr(r->name, "one_host"))
		assert_int_equal(f->n_hosts, 1);
	check_date(f->date, r->date);
	if (r->end) {
		char buf[16];
		assert_true(f->date.end.year != 0);
		assert_string_equal(extract_ymd_format(f->date.end, EXTRACT_PREC_DAY, buf), r->end);
	}
	if (r->status)
		assert_string_equal(facts_meeting_status_name(f->status), r->status);
}

static void run_event(const analysed *a, const row *r)
{
	size_t n;
	const facts_event *e = facts_result_events(a->facts, &n);
	if (r->none) {
		assert_int_equal(n, 0);
		return;
	}
	const facts_event *hit = NULL;
	for (size_t i = 0; i < n; i++) {
		check_prov(a, e[i].prov);
		if (strcmp(e[i].type, r->what) == 0 && span_is(a, e[i].prov.span, r->expr))
			hit = &e[i];
	}
	assert_non_null(hit);
	if (r->subject)
		assert_string_equal(hit->place.id, r->subject);
	if (r->place)
		assert_string_equal(hit->actor.id, r->place);
	check_date(hit->date, r->date);
}

static void run_part(const analysed *a, const row *r)
{
	size_t n;
	const facts_participation *p = facts_result_participations(a->facts, &n);
	if (r->none) {
		assert_int_equal(n, 0);
		return;
	}
	const facts_participation *hit = NULL;
	for (size_t i = 0; i < n; i++) {
		check_prov(a, p[i].prov);
		if (strcmp(p[i].country.id, r->what) == 0)
			hit = &p[i];
	}
	if (hit == NULL) {
		for (size_t i = 0; i < n; i++)
			print_error("participant: %s\n", p[i].country.id);
		fail();
	}
	check_span_text(a, hit->prov.span, r->expr);
	assert_int_equal(hit->theatres, (int)r->value);
	bool mode = false;
	for (uint32_t bit = 1; facts_mode_name(bit); bit <<= 1)
		mode |= (hit->modes & bit) && strcmp(facts_mode_name(bit), r->subject) == 0;
	assert_true(mode);
	/* "only" rows: that mode and no other */
	if (strstr(r->name, "only")) {
		uint32_t bits = 0;
		for (uint32_t bit = 1; facts_mode_name(bit); bit <<= 1)
			if (strcmp(facts_mode_name(bit), r->subject) == 0)
				bits = bit;
		assert_int_equal(hit->modes, bits);
	}
}

static void test_row(void **state)
{
	const row *r = *state;
	analysed a;
	analyse(&a, r->text, strlen(r->text), r->published);
	switch (r->k) {
	case K_QTY: run_qty(&a, r); break;
	case K_QUOTE: run_quote(&a, r); break;
	case K_MEET: run_meeting(&a, r); break;
	case K_EVENT: run_event(&a, r); break;
	case K_PART: run_part(&a, r); break;
	}
	release(&a);
}

/* --- seed articles: facts verified by reading them */

static void load_article(analysed *a, const char *file, const char *published)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", ARTDIR, file);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	long len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	analyse(a, buf, (size_t)len, published);
	a->buf = buf;
}

static const facts_quantity *qty_with(const analysed *a, const char *metric, double value)
{
	size_t n;
	const facts_quantity *q = facts_result_quantities(a->facts, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(q[i].metric, metric) == 0 && q[i].value == value)
			return &q[i];
	return NULL;
}

/* 000: "الأخيرة.. 14 ألف غارة" in the headline; McGurk quoted */
static void test_facts_seed_000_strikes_and_mcgurk(void **state)
{
	(void)state;
	analysed a;
	load_article(&a, "000_b4fc4710de68d81f.txt", "2016-07-20");
	const facts_quantity *q = qty_with(&a, "coalition.strikes", 14000);
	assert_non_null(q);
	assert_string_equal(q->subject.id, "org:global_coalition");
	size_t n;
	const facts_quote *u = facts_result_quotes(a.facts, &n);
	assert_true(n >= 1);
	assert_string_equal(u[0].speaker.id, "person:brett_mcgurk");
	const facts_meeting *m = facts_result_meetings(a.facts, &n);
	bool washington = false;
	for (size_t i = 0; i < n; i++)
		washington |= strcmp(m[i].city.id, "place:washington") == 0 && m[i].date.end.year == 2016;
	assert_true(washington);
	release(&a);
}

/* 001: Mattis in Copenhagen; 14 ألف مقاتل أجنبي; العضو الـ68 */
static void test_facts_seed_001_fighters_and_68th_member(void **state)
{
	(void)state;
	analysed a;
	load_article(&a, "001_1559aa4826d97bfc.txt", NULL);
	assert_non_null(qty_with(&a, "foreign_fighters", 14000));
	assert_non_null(qty_with(&a, "coalition.members", 68));
	size_t n;
	const facts_meeting *m = facts_result_meetings(a.facts, &n);
	assert_true(n >= 1);
	assert_string_equal(m[0].city.id, "place:copenhagen");
	release(&a);
}

/* 002: 79 members; US withdrawal of about 2000 soldiers */
static void test_facts_seed_002_members_and_withdrawal(void **state)
{
	(void)state;
	analysed a;
	load_article(&a, "002_78a0c063ebd393f5.txt", NULL);
	assert_non_null(qty_with(&a, "coalition.members", 79));
	const facts_quantity *q = qty_with(&a, "troops.withdrawn", 2000);
	assert_non_null(q);
	assert_string_equal(q->subject.id, "country:US");
	assert_int_equal(q->approx, EXTRACT_APPROX_ABOUT);
	release(&a);
}

/* 003: Washington meeting of 68 countries; Iraq 56% retaken */
static void test_facts_seed_003_meeting_and_territory(void **state)
{
	(void)state;
	analysed a;
	load_article(&a, "003_8961de93728caadf.txt", NULL);
	const facts_quantity *q = qty_with(&a, "territory.retaken.iraq", 56);
	assert_non_null(q);
	assert_string_equal(q->place.id, "country:IQ");
	size_t n;
	const facts_meeting *m = facts_result_meetings(a.facts, &n);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found |= m[i].has_participants && m[i].participants == 68;
	assert_true(found);
	release(&a);
}

/* 004: McGurk quoted; 40 km from Mosul */
static void test_facts_seed_004_quote_and_distance(void **state)
{
	(void)state;
	analysed a;
	load_article(&a, "004_968d7a5d6aab9d6e.txt", NULL);
	size_t n;
	const facts_quote *u = facts_result_quotes(a.facts, &n);
	bool mcgurk = false;
	for (size_t i = 0; i < n; i++)
		mcgurk |= strcmp(u[i].speaker.id, "person:brett_mcgurk") == 0;
	assert_true(mcgurk);
	assert_non_null(qty_with(&a, "distance.km", 40));
	release(&a);
}

/* a long document of distinct composed lines (the text layer drops
 * repeated lines as page chrome, so every line differs by its numbers):
 * facts_build is linear, so its time is printed and must stay small */
#define LONG_LINES 4000
static void test_facts_long_document_is_linear(void **state)
{
	(void)state;
	size_t cap = (size_t)LONG_LINES * 400, len = 0;
	char *big = malloc(cap);
	assert_non_null(big);
	for (int i = 0; i < LONG_LINES; i++) {
		int n;
		switch (i % 4) {
		case 0:
			n = snprintf(big + len, cap - len,
			    "وشن التحالف الدولي %d غارة على مواقع داعش قرب الرقة.\n", 100 + i);
			break;
		case 1:
			n = snprintf(big + len, cap - len,
			    "وقال بريت ماكغورك إن \"الحملة مستمرة رقم %d في العراق\".\n", i);
			break;
		case 2:
			n = snprintf(big + len, cap - len,
			    "واجتمع وزراء الدفاع في روما يوم %d آذار 2017 للمرة %d.\n", 1 + i % 28, i);
			break;
		default:
			n = snprintf(big + len, cap - len,
			    "وتقع القرية رقم %d على بعد %d كلم من الموصل.\n", i, 10 + i);
			break;
		}
		assert_true(n > 0 && (size_t)n < cap - len);
		len += (size_t)n;
	}
	analysed a;
	analyse(&a, big, len, "2017-04-01");
	a.buf = big;
	struct timespec t0, t1;
	facts_result *r = NULL;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(facts_build(g_flex, a.doc, a.ex, a.ents, NULL, &r), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	size_t nq, nu, nm, tok;
	facts_result_quantities(r, &nq);
	facts_result_quotes(r, &nu);
	facts_result_meetings(r, &nm);
	text_doc_tokens(a.doc, &tok);
	print_message("  long document: %zu bytes, %zu tokens: %zu quantities, %zu quotes, "
	              "%zu meetings; facts_build %.1f ms\n",
	    len, tok, nq, nu, nm, ms);
	assert_int_equal(nq, LONG_LINES / 2); /* strikes and distances */
	assert_int_equal(nu, LONG_LINES / 4);
	/* the meeting lines name 7 distinct days in Rome: mentions of the same
	 * day and city are one meeting */
	assert_int_equal(nm, 7);
	assert_true(ms < 3000.0);
	facts_result_destroy(r);
	release(&a);
}

/* --- lexicon */

/* Meeting topics: the words after a topic marker to the end of their
 * clause; quoted words stay in; a meeting with no marker has none. */
static void test_facts_meeting_topics(void **state)
{
	(void)state;
	static const struct {
		const char *text, *topic1, *topic2;
	} cases[] = {
	    {"وعقد وزراء دفاع التحالف اجتماعا في بروكسل لبحث خطط تدريب القوات العراقية، وأكدوا التزامهم بدعم بغداد.",
	        "خطط تدريب القوات العراقية", NULL},
	    {"يلتقي وزراء الخارجية في روما الأسبوع المقبل للتشاور حول مستقبل المناطق المحررة في سوريا.",
	        "مستقبل المناطق المحررة في سوريا", NULL},
	    {"وانطلق في واشنطن اجتماع للتحالف حول \"المرحلة المقبلة\" من الحملة بينما تتواصل المعارك.",
	        "\"المرحلة المقبلة\" من الحملة", NULL},
	    {"واجتمع المدراء السياسيون في الرباط لمناقشة تمويل الاستقرار ولاستعراض نتائج العمليات في الرقة.",
	        "تمويل الاستقرار", "نتائج العمليات في الرقة"},
	    {"واجتمع الوزراء في عمان أمس.", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		analysed a;
		analyse(&a, cases[i].text, strlen(cases[i].text), "2018-03-01");
		size_t n = 0;
		const facts_meeting *m = facts_result_meetings(a.facts, &n);
		if (n < 1)
			fail_msg("case %zu: no meeting", i);
		size_t want = (cases[i].topic1 != NULL) + (cases[i].topic2 != NULL);
		if (m[0].n_topics != want)
			fail_msg("case %zu: %zu topics, want %zu", i, m[0].n_topics, want);
		if (cases[i].topic1)
			check_span_text(&a, m[0].topics[0], cases[i].topic1);
		if (cases[i].topic2)
			check_span_text(&a, m[0].topics[1], cases[i].topic2);
		release(&a);
	}
}

static void test_facts_lexicon_metric_names(void **state)
{
	(void)state;
	size_t n = facts_metric_count(g_flex);
	assert_true(n >= 15);
	const char *want[] = {"coalition.members", "coalition.strikes", "territory.retaken.iraq",
	    "territory.retaken.syria", "territory.lost", "foreign_fighters", "troops.deployed",
	    "troops.withdrawn", "civilians.killed", "funding.pledged", "funding.gap",
	    "meeting.participants", "distance.km", "duration"};
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		bool found = false;
		for (size_t i = 0; i < n; i++)
			found |= strcmp(facts_metric_name(g_flex, i), want[w]) == 0;
		assert_true(found);
	}
	assert_null(facts_metric_name(g_flex, n));
}

static void test_facts_lexicon_missing_dir(void **state)
{
	(void)state;
	facts_lexicon *lex = (facts_lexicon *)0x1;
	char err[256] = "";
	assert_int_equal(facts_lexicon_load("/nonexistent/dir", &lex, err, sizeof(err)), -1);
	assert_ptr_equal(lex, (facts_lexicon *)0x1);
	assert_non_null(strstr(err, "facts_metrics.tsv"));
	facts_lexicon_destroy(NULL);
	facts_result_destroy(NULL);
}

/* a malformed row names its file and line, and nothing is returned */
static void test_facts_lexicon_bad_line(void **state)
{
	(void)state;
	static const struct {
		const char *metrics;
		const char *want;
	} cases[] = {
		{"# c\ncoalition.strikes\tstrike\tnobody\t-\t-\n", "facts_metrics.tsv:2"},
		{"coalition.strikes\tstrike\n", "facts_metrics.tsv:1: expected 5 fields"},
		{"coalition.strikes\tstrike\tcoalition\t-\ta b c d e\n", "facts_metrics.tsv:1"},
		{"coalition.strikes\tstrike\tcoalition\t-\t*\n", "facts_metrics.tsv:1"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char dir[] = "/tmp/test_facts_XXXXXX";
		assert_non_null(mkdtemp(dir));
		char path[128];
		snprintf(path, sizeof(path), "%s/facts_metrics.tsv", dir);
		FILE *fp = fopen(path, "w");
		assert_non_null(fp);
		fputs(cases[i].metrics, fp);
		fclose(fp);
		facts_lexicon *lex = NULL;
		char err[256] = "";
		assert_int_equal(facts_lexicon_load(dir, &lex, err, sizeof(err)), -1);
		assert_null(lex);
		if (strstr(err, cases[i].want) == NULL) {
			print_error("case %zu: error '%s', want '%s'\n", i, err, cases[i].want);
			fail();
		}
		remove(path);
		rmdir(dir);
	}
}

static void test_facts_empty_document(void **state)
{
	(void)state;
	analysed a;
	analyse(&a, "", 0, NULL);
	size_t n;
	facts_result_quantities(a.facts, &n);
	assert_int_equal(n, 0);
	facts_result_quotes(a.facts, &n);
	assert_int_equal(n, 0);
	facts_result_meetings(a.facts, &n);
	assert_int_equal(n, 0);
	facts_result_events(a.facts, &n);
	assert_int_equal(n, 0);
	release(&a);
}

/* The document match table (facts__matches_build) holds exactly what
 * trying every pattern of every list at every token with facts__pat_match
 * finds, in token then pattern order; and facts__offs_fill's suffix hashes
 * are facts__word_hash of each suffix. Over the seed articles and a text
 * of Latin words of odd lengths, digits and punctuation. */
static void check_match_table(const analysed *a)
{
	size_t n_toks;
	const text_token *toks = text_doc_tokens(a->doc, &n_toks);
	facts__offs *offs = malloc((n_toks + 1) * sizeof *offs);
	assert_non_null(offs);
	facts__offs_fill(toks, n_toks, offs);
	for (size_t i = 0; i < n_toks; i++)
		for (size_t j = 0; j < offs[i].n; j++)
			assert_int_equal(offs[i].hash[j], facts__word_hash(toks[i].norm + offs[i].off[j],
			                                      toks[i].norm_len - offs[i].off[j]));
	facts__matches mt;
	assert_int_equal(facts__matches_build(g_flex, toks, offs, n_toks, &mt), 0);
	const facts__lexindex *ix = &g_flex->ix;
	size_t total = 0;
	for (size_t l = 0; l < ix->n_lists; l++) {
		const facts__hit *h = mt.hits + mt.first[l], *e = mt.hits + mt.first[l + 1];
		for (size_t i = 0; i < n_toks; i++)
			for (size_t k = 0; k < ix->lists[l].n; k++) {
				const facts__pat *p = (const facts__pat *)(ix->lists[l].base + k * ix->lists[l].stride);
				size_t n = facts__pat_match(p, toks, offs, n_toks, i);
				if (n == 0)
					continue;
				assert_true(h < e);
				assert_int_equal(h->tok, i);
				assert_int_equal(h->k, k);
				assert_int_equal(h->n, n);
				h++;
				total++;
			}
		assert_true(h == e);
		/* a range query gives the first token's lowest pattern */
		for (size_t i = 0; i + 3 <= n_toks; i += 3) {
			const facts__hit *end = NULL, *r = facts__matches_range(&mt, l, i, i + 3, &end);
			const facts__hit *x = mt.hits + mt.first[l];
			while (x < e && x->tok < i)
				x++;
			if (x == e || x->tok >= i + 3) {
				assert_null(r);
				continue;
			}
			assert_true(r == x);
			while (x < e && x->tok < i + 3)
				x++;
			assert_true(end == x);
		}
	}
	assert_true(total > 0 || n_toks < 10);
	/* facts__doc_match (with this thread's memo of words from earlier
	 * documents, cold or warm) gives the same offsets and table */
	for (int pass = 0; pass < 2; pass++) {
		facts__offs *offs2 = malloc((n_toks + 1) * sizeof *offs2);
		assert_non_null(offs2);
		facts__matches mt2;
		assert_int_equal(facts__doc_match(g_flex, toks, n_toks, offs2, &mt2), 0);
		for (size_t i = 0; i < n_toks; i++) {
			assert_int_equal(offs2[i].n, offs[i].n);
			for (size_t j = 0; j < offs[i].n; j++) {
				assert_int_equal(offs2[i].off[j], offs[i].off[j]);
				assert_int_equal(offs2[i].hash[j], offs[i].hash[j]);
			}
		}
		assert_int_equal(mt2.n_lists, mt.n_lists);
		assert_memory_equal(mt2.first, mt.first, (mt.n_lists + 1) * sizeof *mt.first);
		for (size_t x = 0; x < mt.first[mt.n_lists]; x++) {
			assert_int_equal(mt2.hits[x].tok, mt.hits[x].tok);
			assert_int_equal(mt2.hits[x].k, mt.hits[x].k);
			assert_int_equal(mt2.hits[x].n, mt.hits[x].n);
		}
		facts__matches_fini(&mt2);
		free(offs2);
	}
	facts__matches_fini(&mt);
	free(offs);
}

static void test_facts_match_table(void **state)
{
	(void)state;
	static const char *const files[] = {"000_b4fc4710de68d81f.txt", "001_1559aa4826d97bfc.txt",
	    "002_78a0c063ebd393f5.txt", "003_8961de93728caadf.txt", "004_968d7a5d6aab9d6e.txt"};
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		analysed a;
		load_article(&a, files[f], NULL);
		check_match_table(&a);
		release(&a);
	}
	static const char mixed[] = "abc de fghij 12 وقال x, التحالف: \"kl\" mno والمشاركة في الاجتماع.";
	analysed a;
	analyse(&a, mixed, sizeof mixed - 1, NULL);
	check_match_table(&a);
	release(&a);
}

static int group_setup(void **state)
{
	(void)state;
	return tf_load();
}

static int group_teardown(void **state)
{
	(void)state;
	tf_unload();
	return 0;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_facts_seed_000_strikes_and_mcgurk),
		cmocka_unit_test(test_facts_seed_001_fighters_and_68th_member),
		cmocka_unit_test(test_facts_seed_002_members_and_withdrawal),
		cmocka_unit_test(test_facts_seed_003_meeting_and_territory),
		cmocka_unit_test(test_facts_seed_004_quote_and_distance),
		cmocka_unit_test(test_facts_meeting_topics),
		cmocka_unit_test(test_facts_lexicon_metric_names),
		cmocka_unit_test(test_facts_lexicon_missing_dir),
		cmocka_unit_test(test_facts_lexicon_bad_line),
		cmocka_unit_test(test_facts_empty_document),
		cmocka_unit_test(test_facts_long_document_is_linear),
		cmocka_unit_test(test_facts_match_table),
	};
	static struct CMUnitTest tests[N(rows) + N(fixed)];
	static char names[N(rows)][96];
	size_t k = 0;
	for (size_t i = 0; i < N(rows); i++, k++) {
		snprintf(names[i], sizeof(names[i]), "test_facts_%s", rows[i].name);
		tests[k] = (struct CMUnitTest){names[i], test_row, NULL, NULL, (void *)&rows[i]};
	}
	for (size_t i = 0; i < N(fixed); i++, k++)
		tests[k] = fixed[i];
	return _cmocka_run_group_tests("facts", tests, k, group_setup, group_teardown);
}
