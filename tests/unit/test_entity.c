/* test_entity: unit tests of service/entity through entity.h only.
 * Tables of Arabic sentences written for these tests in the style of news
 * from 2014-2022 (other outlets, other officials than the seed articles):
 * each row states the mentions (surface => entity id and form) or the role
 * it must produce, and what it must not. Then the name-variant comparison
 * (merges and false merges), loader errors on broken files, and a run over
 * the five seed articles of corpus/articles checking mentions read by hand.
 * Document persons are named "doc:<name as written>" in the tables.
 * One test reaches into entity_impl.h: the fast skeleton functions against
 * a plain reference written from their specification. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>

#include "entity.h"
#include "entity_impl.h"
#include "text.h"

#define GAZDIR COALITION_SOURCE_DIR "/corpus/gazetteer"
#define LEXDIR COALITION_SOURCE_DIR "/corpus/lexicon"
#define ARTDIR COALITION_SOURCE_DIR "/corpus/articles/"

static entity_gazetteer *g_gaz;
static text_lexicon *g_lex;

/* --- helpers */

static char *read_all(const char *path, size_t *len);

typedef struct {
	text_doc *doc;
	entity_result *res;
} run;

static void run_text(const char *s, run *r)
{
	text_error err;
	assert_int_equal(text_doc_create(g_lex, s, strlen(s), &r->doc, &err), TEXT_OK);
	assert_int_equal(entity_find(g_gaz, r->doc, &r->res), 0);
}

static void run_free(run *r)
{
	entity_result_destroy(r->res);
	text_doc_destroy(r->doc);
}

static bool span_is(const run *r, text_span sp, const char *want)
{
	const char *b = text_doc_bytes(r->doc, NULL);
	size_t n = strlen(want);
	return sp.end - sp.start == n && memcmp(b + sp.start, want, n) == 0;
}

/* "doc:<name>" matches a document person whose name is <name>, "doc:*" any
 * document person; anything else is a gazetteer id */
static bool ref_is(const run *r, entity_ref ref, const char *want)
{
	const entity_info *e = entity_result_info(r->res, ref);
	if (e == NULL)
		return false;
	if (strcmp(want, "doc:*") == 0)
		return entity_ref_is_doc(ref); /* any document person */
	if (strncmp(want, "doc:", 4) == 0)
		return entity_ref_is_doc(ref) && strcmp(e->name_ar, want + 4) == 0;
	return !entity_ref_is_doc(ref) && strcmp(e->id, want) == 0;
}

static void dump(const run *r)
{
	size_t n;
	const entity_mention *m = entity_result_mentions(r->res, &n);
	const char *b = text_doc_bytes(r->doc, NULL);
	for (size_t i = 0; i < n; i++) {
		const entity_info *e = entity_result_info(r->res, m[i].entity);
		print_message("    mention [%.*s] %s %s\n", (int)(m[i].span.end - m[i].span.start),
		    b + m[i].span.start, e ? e->id : "?", entity_form_str(m[i].form));
	}
	const entity_role_mention *rm = entity_result_roles(r->res, &n);
	for (size_t i = 0; i < n; i++) {
		const entity_info *p = entity_result_info(r->res, rm[i].person);
		const entity_info *o = entity_result_info(r->res, rm[i].of);
		print_message("    role %s [%.*s] of %s\n", p ? p->id : "?",
		    (int)(rm[i].office.end - rm[i].office.start), b + rm[i].office.start,
		    o ? o->id : "-");
	}
}

/* Invariants every result keeps: text order, no overlap, spans on token
 * boundaries inside one sentence, refs resolvable. */
static void check_invariants(const run *r)
{
	size_t n, nt, nb;
	const entity_mention *m = entity_result_mentions(r->res, &n);
	const text_token *t = text_doc_tokens(r->doc, &nt);
	text_doc_bytes(r->doc, &nb);
	for (size_t i = 0; i < n; i++) {
		assert_true(m[i].n_tokens >= 1);
		assert_true(m[i].first_token + m[i].n_tokens <= nt);
		assert_int_equal(m[i].span.start, t[m[i].first_token].span.start);
		assert_int_equal(m[i].span.end, t[m[i].first_token + m[i].n_tokens - 1].span.end);
		assert_int_equal(m[i].sentence, t[m[i].first_token].sentence);
		assert_int_equal(m[i].sentence, t[m[i].first_token + m[i].n_tokens - 1].sentence);
		assert_non_null(entity_result_info(r->res, m[i].entity));
		if (m[i].form == ENTITY_FORM_NISBA || m[i].form == ENTITY_FORM_CAPITAL) {
			const entity_info *c = entity_result_info(r->res, m[i].country);
			assert_non_null(c);
			assert_int_equal(c->kind, ENTITY_KIND_COUNTRY);
		}
		if (i > 0)
			assert_true(m[i - 1].first_token + m[i - 1].n_tokens <= m[i].first_token);
	}
	const entity_role_mention *rm = entity_result_roles(r->res, &n);
	for (size_t i = 0; i < n; i++) {
		const entity_info *p = entity_result_info(r->res, rm[i].person);
		assert_non_null(p);
		assert_int_equal(p->kind, ENTITY_KIND_PERSON);
		assert_true(rm[i].office.start < rm[i].office.end);
		assert_true(rm[i].span.start <= rm[i].office.start);
		assert_true(rm[i].span.end <= nb);
	}
}

/* --- mention table */

typedef struct {
	const char *name;
	const char *text;
	/* "surface|id|form": a mention with exactly this original text, this
	 * entity, and (if not empty) this form */
	const char *want[8];
	/* "id" never mentioned, or "@surface" that is not a mention's span */
	const char *not_want[4];
	int count; /* exact number of mentions, or -1 */
} mcase;

static const mcase mcases[] = {
	/* point 2: multi-token, longest first */
	{ "mention_multi_token_country",
	    "وصل وفد من الولايات المتحدة الأمريكية إلى أربيل أمس.",
	    { "الولايات المتحدة الأمريكية|country:US|alias", "أربيل|place:erbil|" },
	    { "@الولايات المتحدة" }, 2 },
	{ "mention_multi_token_org_longest",
	    "تبنى تنظيم الدولة الإسلامية الهجوم على نقطة تفتيش قرب تكريت.",
	    { "تنظيم الدولة الإسلامية|org:isis|alias", "تكريت|place:tikrit|" },
	    { "@الدولة الإسلامية" }, 2 },
	{ "mention_three_token_person",
	    "استقبل الرئيس الفرنسي فرانسوا هولاند وزير الدفاع جان إيف لودريان في قصر الإليزيه.",
	    { "جان إيف لودريان|person:jean_yves_le_drian|name", "الفرنسي|country:FR|nisba" },
	    { "@لودريان" }, -1 },
	{ "mention_hyphenated_name",
	    "وقال جان-إيف لودريان للصحفيين إن باريس لن تتراجع.",
	    { "جان-إيف لودريان|person:jean_yves_le_drian|alias", "باريس|place:paris|capital" },
	    { 0 }, 2 },
	{ "mention_split_spelling_le_drian",
	    "ونقلت إذاعة فرنسية عن لو دريان قوله إن العمليات مستمرة.",
	    { "لو دريان|person:jean_yves_le_drian|alias", "فرنسية|country:FR|nisba" }, { 0 }, -1 },
	{ "mention_longest_base_over_assad",
	    "هبطت طائرات أمريكية في قاعدة عين الأسد غربي الأنبار.",
	    { "قاعدة عين الأسد|place:ain_al_asad|", "أمريكية|country:US|nisba" },
	    { "person:bashar_al_assad" }, -1 },
	{ "mention_longest_coalition_alias",
	    "شن التحالف الدولي ضد داعش 14 غارة جوية الأسبوع الماضي.",
	    { "التحالف الدولي ضد داعش|org:global_coalition|alias" }, { "org:isis" }, 1 },
	/* clitics on the first token */
	{ "mention_clitic_bi_capital",
	    "عقد الاجتماع بواشنطن بحضور ممثلين عن 30 دولة.",
	    { "بواشنطن|place:washington|capital" }, { 0 }, 1 },
	{ "mention_clitic_wa_article",
	    "تتواصل المعارك في الرقة والموصل منذ أشهر.",
	    { "الرقة|place:raqqa|", "والموصل|place:mosul|" }, { 0 }, 2 },
	{ "mention_clitic_li_daesh",
	    "أكدت بغداد أن لا مكان لداعش في المدن المحررة.",
	    { "لداعش|org:isis|name", "بغداد|place:baghdad|capital" }, { 0 }, 2 },
	{ "mention_clitic_lil_article",
	    "قدمت ألمانيا طائرات استطلاع للتحالف الدولي في سوريا.",
	    { "للتحالف الدولي|org:global_coalition|name", "ألمانيا|country:DE|name",
	        "سوريا|country:SY|name" },
	    { 0 }, 3 },
	{ "mention_clitic_lil_city",
	    "وصلت تعزيزات عسكرية للموصل من بغداد.",
	    { "للموصل|place:mosul|", "بغداد|place:baghdad|capital" }, { 0 }, 2 },
	{ "mention_clitic_wa_bi_article",
	    "واشتدت الاشتباكات وبالفلوجة تحديدا قتل عشرات المسلحين.",
	    { "وبالفلوجة|place:fallujah|" }, { 0 }, 1 },
	{ "mention_clitic_multi_token_first_only",
	    "وأعلنت وزارة الدفاع أن بالولايات المتحدة قاعدة تدريب.",
	    { "بالولايات المتحدة|country:US|name" }, { 0 }, -1 },
	{ "mention_known_word_not_stripped",
	    "زار رئيس الحكومة لبنان والأردن الشهر الماضي.",
	    { "لبنان|country:LB|name", "والأردن|country:JO|name" }, { 0 }, 2 },
	/* article dropped by a clitic is no variant */
	{ "mention_no_article_stripped_common_word",
	    "أقرت وزارة المالية الميزانية الحالية وسط أزمة المالية العامة.",
	    { 0 }, { "country:MV", "country:ML", "person:erfan_al_hiyali" }, -1 },
	/* point 2: nisba */
	{ "mention_nisba_masc_fem_plural",
	    "قال مسؤول فرنسي إن الطائرات الفرنسية قصفت مواقع وإن الجنود الفرنسيين بخير.",
	    { "فرنسي|country:FR|nisba", "الفرنسية|country:FR|nisba",
	        "الفرنسيين|country:FR|nisba" },
	    { 0 }, 3 },
	{ "mention_nisba_hamza_variants",
	    "اجتمع المسؤولون الأميركيون والامريكيون مع نظرائهم الأتراك.",
	    { "الأميركيون|country:US|nisba", "والامريكيون|country:US|nisba",
	        "الأتراك|country:TR|nisba" },
	    { 0 }, 3 },
	{ "mention_nisba_two_words",
	    "أرسلت الحكومة الكورية الجنوبية مساعدات إنسانية إلى مخيمات النازحين.",
	    { "الكورية الجنوبية|country:KR|nisba" }, { 0 }, -1 },
	/* capitals */
	{ "mention_capital_for_government",
	    "ورفضت موسكو الاتهامات بينما قالت أنقرة إنها ستواصل العملية.",
	    { "موسكو|place:moscow|capital", "أنقرة|place:ankara|capital" }, { 0 }, 2 },
	{ "mention_capital_country_noted",
	    "وصل الوفد العراقي إلى طهران مساء الأحد.",
	    { "طهران|place:tehran|capital", "العراقي|country:IQ|nisba" }, { 0 }, 2 },
	{ "mention_place_not_capital",
	    "استعادت القوات العراقية السيطرة على مدينة الرمادي وقضاء هيت.",
	    { "الرمادي|place:ramadi|name" }, { 0 }, -1 },
	/* ambiguous forms from the README table */
	{ "mention_ambiguous_sudani_adjective",
	    "التقى الرئيس السوداني عمر البشير بوفد قطري في الخرطوم.",
	    { "السوداني|country:SD|nisba", "قطري|country:QA|nisba" },
	    { "person:mohammed_shia_al_sudani" }, -1 },
	{ "mention_ambiguous_sudani_person",
	    "استقبل محمد شياع السوداني وفدا من التحالف الدولي. وقال السوداني إن بغداد ترحب.",
	    { "محمد شياع السوداني|person:mohammed_shia_al_sudani|name",
	        "السوداني|person:mohammed_shia_al_sudani|alias" },
	    { "country:SD" }, -1 },
	/* Latin acronyms are case-sensitive */
	{ "mention_latin_acronym_case",
	    "ونقلت وكالة AP عن مصادر أن قوات SDF تقدمت، فيما قالت صحيفة إن ap لم تؤكد.",
	    { "AP|org:ap|alias", "SDF|org:sdf|alias" }, { "@ap" }, -1 },
	/* overlaps: leftmost longest, never two mentions on a token */
	{ "mention_overlap_leftmost_longest",
	    "أعلنت قيادة العمليات المشتركة العراقية تحرير حي في الجانب الأيسر.",
	    { 0 }, { "@العراقية" }, -1 },
	{ "mention_org_with_nisba_inside",
	    "ونفت وزارة الخارجية الأمريكية التقارير.",
	    { "وزارة الخارجية الأمريكية|org:us_state_department|name" },
	    { "country:US" }, 1 },
	/* point 4: unknown people by rule */
	{ "rule_office_nisba_unknown_minister",
	    "وقال وزير الدفاع البلجيكي ستيفن فاندنبوت إن بلاده سترسل ست طائرات إف-16.",
	    { "ستيفن فاندنبوت|doc:ستيفن فاندنبوت|rule", "البلجيكي|country:BE|nisba" },
	    { 0 }, 2 },
	{ "rule_title_general_unknown",
	    "وصرح الجنرال شون روبرتسون لقناة محلية بأن المعركة ستطول.",
	    { "شون روبرتسون|doc:شون روبرتسون|rule" }, { 0 }, -1 },
	{ "rule_ambassador_unknown",
	    "وأكد السفير الأمريكي في أنقرة ديفيد ساترفيلد أن واشنطن تتفهم مخاوف تركيا.",
	    { "ديفيد ساترفيلد|doc:ديفيد ساترفيلد|rule", "الأمريكي|country:US|nisba",
	        "أنقرة|place:ankara|capital", "تركيا|country:TR|name" },
	    { 0 }, -1 },
	{ "rule_speech_verb_unknown",
	    "وقال محمد الحلبوسي في مؤتمر صحفي ببغداد إن البرلمان سيصوت على القانون.",
	    { "محمد الحلبوسي|doc:محمد الحلبوسي|rule", "ببغداد|place:baghdad|capital" },
	    { 0 }, 2 },
	{ "rule_speech_verb_feminine",
	    "وأكدت إليزابيث ماكغرو في تصريح لها أن المساعدات ستصل قريبا.",
	    { "إليزابيث ماكغرو|doc:إليزابيث ماكغرو|rule" }, { 0 }, 1 },
	{ "rule_speech_verb_common_noun_no_person",
	    "وقال مسؤول عسكري إن الغارات استهدفت مخازن أسلحة، وأضاف مصدر أمني أن الوضع هادئ.",
	    { 0 }, { 0 }, 0 },
	{ "rule_speech_verb_known_person_kept",
	    "وأضاف لافروف أن موسكو لن تشارك في التحالف.",
	    { "لافروف|person:sergey_lavrov|alias", "موسكو|place:moscow|capital" }, { 0 }, 2 },
	{ "rule_spokesman_unknown_with_org",
	    "وقال المتحدث باسم وزارة الداخلية العراقية اللواء سعد الخفاجي إن الخلية فككت.",
	    { "سعد الخفاجي|doc:سعد الخفاجي|rule" }, { 0 }, -1 },
	{ "rule_envoy_unknown",
	    "وقال الموفد الخاص للأمم المتحدة إلى ليبيا غسان سلامة إن الحوار سيستأنف.",
	    { "للأمم المتحدة|org:un|" }, { 0 }, -1 },
	{ "rule_particle_name",
	    "وقال عبد الكريم خلف في بيان إن القوات الأمنية صدت الهجوم.",
	    { "عبد الكريم خلف|doc:عبد الكريم خلف|rule" }, { 0 }, 1 },
	{ "rule_definite_word_after_verb_no_person",
	    "وقال البيان إن الطائرات دمرت ثلاثة مواقع للتنظيم.",
	    { 0 }, { 0 }, 0 },
	/* point 5: variants and repeated surnames */
	{ "resolve_surname_after_full_name",
	    "وقال تيم ليندركينغ للصحفيين إن الهدنة صامدة. وأضاف ليندركينغ أن الأطراف ستلتقي.",
	    { "تيم ليندركينغ|doc:تيم ليندركينغ|rule", "ليندركينغ|doc:تيم ليندركينغ|surname" },
	    { 0 }, 2 },
	{ "resolve_surname_with_clitic",
	    "وقال ريتشارد نورلاند إن الانتخابات ممكنة. ولنورلاند رأي آخر في الملف.",
	    { "ولنورلاند|doc:ريتشارد نورلاند|surname" }, { 0 }, 2 },
	{ "resolve_surname_of_gazetteer_person",
	    "التقى برهم صالح وفدا أمريكيا. وأكد صالح دعم العراق للتحالف.",
	    { "برهم صالح|person:barham_salih|name", "صالح|person:barham_salih|surname" },
	    { 0 }, -1 },
	{ "resolve_surname_not_before_full_name",
	    "ورحب صالح بالقرار. ثم التقى برهم صالح السفير.",
	    { "برهم صالح|person:barham_salih|name" }, { "@صالح" }, -1 },
	{ "resolve_variant_unlisted_spelling",
	    "وكتب ريكس تيليرسن على تويتر أن بلاده ملتزمة.",
	    { "ريكس تيليرسن|person:rex_tillerson|variant" }, { 0 }, 1 },
	{ "resolve_variant_gaf_letter",
	    "وصل المبعوث ماكگورك إلى أربيل.",
	    { "ماكگورك|person:brett_mcgurk|variant", "أربيل|place:erbil|" }, { 0 }, -1 },
	{ "resolve_listed_spellings_mcgurk",
	    "التقى ماكورك ثم ماكجورك ثم ماكغورك بالمسؤولين.",
	    { "ماكورك|person:brett_mcgurk|alias", "ماكجورك|person:brett_mcgurk|alias",
	        "ماكغورك|person:brett_mcgurk|alias" },
	    { 0 }, 3 },
	{ "resolve_rule_name_variant_of_gazetteer",
	    "وقال وزير الخارجية البريطاني فيليب هاموند إن لندن ستشارك.",
	    { "فيليب هاموند|person:philip_hammond|", "لندن|place:london|capital" }, { 0 }, -1 },
	{ "resolve_no_false_merge_carter_kerry",
	    "التقى كارتر مع كيري في البنتاغون.",
	    { "كارتر|person:ash_carter|alias", "كيري|person:john_kerry|alias",
	        "البنتاغون|org:pentagon|alias" },
	    { 0 }, 3 },
	{ "resolve_no_false_merge_same_doc",
	    "وقال سامي عباس إن الوضع مستقر. وقال سامي عبادي إن الوضع خطير.",
	    { "سامي عباس|doc:سامي عباس|rule", "سامي عبادي|doc:سامي عبادي|rule" }, { 0 }, 2 },
	{ "resolve_same_doc_spelling_variant",
	    "وقال شركو عادل إن التحقيق مستمر. وقال شيركو عادل لاحقا إن النتائج ستعلن.",
	    { "شركو عادل|doc:شركو عادل|rule", "شيركو عادل|doc:شركو عادل|rule" }, { 0 }, 2 },
	{ "resolve_common_definite_word_no_variant",
	    "وأكد البيان أن الوضع الحالي لا يسمح بالانسحاب.",
	    { 0 }, { "person:erfan_al_hiyali" }, 0 },
	{ "mention_latin_name_en",
	    "Brett McGurk قال في تغريدة إن الرقة تحررت.",
	    { "Brett McGurk|person:brett_mcgurk|name", "الرقة|place:raqqa|" }, { 0 }, 2 },
	{ "mention_clitic_before_multi_token_org",
	    "قدمت واشنطن أسلحة ولقوات سوريا الديمقراطية دعما جويا.",
	    { "ولقوات سوريا الديمقراطية|org:sdf|", "واشنطن|place:washington|capital" },
	    { "country:SY" }, 2 },
	{ "mention_agency_credit_dotted",
	    "بغداد (أ.ف.ب) - قتل خمسة أشخاص في تفجير.",
	    { "أ.ف.ب|org:afp|alias" }, { 0 }, -1 },
	/* a caption line ending in the credit is chrome (text layer); inside
	 * a dateline the credit with its final dot is a mention */
	{ "mention_agency_credit_dotted_final_dot",
	    "الرمادي (أ.ف.ب.) - أعلن الجيش العراقي استعادة حي جديد.",
	    { "أ.ف.ب.|org:afp|alias" }, { 0 }, -1 },
	{ "mention_coalition_aircraft",
	    "وقصفت طائرات التحالف مواقع للتنظيم قرب الرقة فجر اليوم.",
	    { "طائرات التحالف|org:global_coalition|alias" }, { 0 }, -1 },
	{ "mention_tashkeel_and_tatweel",
	    "قصفت طائرات التحالف مواقع في المَوْصِل وسـوريا.",
	    { "المَوْصِل|place:mosul|", "وسـوريا|country:SY|name" }, { 0 }, -1 },
	{ "mention_ta_marbuta_spelling",
	    "انسحب مقاتلو التنظيم من محافظة الرقه باتجاه دير الزور.",
	    { "دير الزور|place:deir_ez_zor|" }, { 0 }, -1 },
	{ "mention_sentence_boundary_no_cross",
	    "وصل الوفد إلى الولايات. المتحدة الأمريكية لم تعلق.",
	    { "الأمريكية|country:US|nisba" }, { "@الولايات. المتحدة", "@المتحدة الأمريكية" }, 1 },
	{ "rule_spokesman_unlisted_body",
	    "وأضاف المتحدث باسم التحالف بيتر كوك أن الجهود تتسارع.",
	    { "بيتر كوك|person:peter_cook|name" }, { 0 }, 1 },
	{ "rule_unknown_spokesman_known_org",
	    "وقال الناطق باسم الحكومة العراقية سعد الحديثي إن الحكومة ترحب.",
	    { "سعد الحديثي|doc:سعد الحديثي|rule", "الحكومة العراقية|org:iraqi_government|name" },
	    { 0 }, 2 },
	{ "rule_name_stops_before_day",
	    "وقال يوسف الكلابي الثلاثاء إن القوات تقدمت.",
	    { "يوسف الكلابي|doc:يوسف الكلابي|rule" }, { 0 }, 1 },
	{ "rule_name_stops_before_preposition_clitic",
	    "وأكد رعد الشمري لوكالة الأنباء العراقية أن المنطقة آمنة.",
	    { "رعد الشمري|doc:رعد الشمري|rule", "لوكالة الأنباء العراقية|org:ina|" }, { 0 }, 2 },
	{ "rule_counterpart_noun_finds_person",
	    "التقى ماكرون نظيره الأوكراني فولوديمير زيلينسكي في كييف.",
	    { "فولوديمير زيلينسكي|doc:فولوديمير زيلينسكي|rule", "الأوكراني|country:UA|nisba",
	        "ماكرون|person:emmanuel_macron|alias" },
	    { 0 }, -1 },
	{ "rule_name_ali_not_particle_ala",
	    "وقال العقيد في الجيش العراقي علي الشمري على هامش المؤتمر إن الوضع مستقر.",
	    { "علي الشمري|doc:علي الشمري|rule", "الجيش العراقي|org:iraqi_army|name" },
	    { "@علي الشمري على" }, 2 },
	{ "rule_link_an_place",
	    "وقال النائب عن محافظة نينوى أحمد الجبوري إن النازحين لم يعودوا.",
	    { "أحمد الجبوري|doc:أحمد الجبوري|rule", "محافظة نينوى|place:nineveh_governorate|name" },
	    { 0 }, 2 },
	{ "mention_vowel_marks_tell_oman_from_amman",
	    "زار الوزير عُمان ثم عمّان في جولة خليجية.",
	    { "عُمان|country:OM|name", "عمّان|place:amman|capital" }, { 0 }, 2 },
	{ "rule_first_name_variant_grows_known_surname",
	    "وقال وزير الخارجية الروسي سيرغيي لافروف إن موسكو ترفض.",
	    { "سيرغيي لافروف|person:sergey_lavrov|alias", "الروسي|country:RU|nisba" },
	    { 0 }, -1 },
	{ "rule_unrelated_first_name_not_merged",
	    "وقال وزير الخارجية الأمريكي محمد كيري إن الاتفاق قريب.",
	    { "كيري|person:john_kerry|alias" }, { "@محمد كيري" }, -1 },
	{ "rule_speech_common_subjects_no_person_any",
	    "وقالت منظمة محلية إن المساعدات وصلت، وأضاف قائلا إن الوضع صعب.",
	    { 0 }, { 0 }, 0 },
	{ "rule_journalist_with_ethnic_adjective",
	    "وقال الصحافي الكردي شفان ابراهيم لـ«الشرق الأوسط» إن الأوضاع كارثية.",
	    { "شفان ابراهيم|doc:شفان ابراهيم|rule" }, { 0 }, -1 },
	{ "rule_paragraph_no_false_person",
	    "إلى ذلك، قال مسؤول محلي في محافظة نينوى طلب عدم ذكر اسمه إن نحو 750 ألف مدني "
	    "ما زالوا داخل الأحياء الغربية. ونقلت وكالة رويترز عن ضابط في الشرطة الاتحادية "
	    "قوله إن القوات تقدمت نحو مطار الموصل.",
	    { "محافظة نينوى|place:nineveh_governorate|name", "وكالة رويترز|org:reuters|alias",
	        "الشرطة الاتحادية|org:iraqi_federal_police|name" },
	    { "doc:*" }, -1 },
	{ "rule_holder_never_starts_with_preposition",
	    "وقال المتحدث باسم التحالف العسكري الإسلامي لمحاربة الإرهاب اللواء أحمد عسيري إن",
	    { "أحمد عسيري|person:ahmed_asiri|name" }, { "doc:*" }, -1 },
	{ "mention_egyptian_spelling_final_ya",
	    "وأكد الأمين العام للأمم المتحدة بان كى مون فى بيان أن المنظمة تدعم التحالف.",
	    { "بان كى مون|person:ban_ki_moon|name", "للأمم المتحدة|org:un|name" }, { "doc:*" }, -1 },
	{ "rule_described_not_named_speakers",
	    "وقال أحد السكان إن القصف استمر. وقال ضابط كبير إن القوات تقدمت. وأكد مصدر مقرب "
	    "من الحكومة أن المفاوضات متعثرة. وقال دبلوماسي غربي رفيع إن الحل سياسي.",
	    { 0 }, { "doc:*" }, 0 },
	{ "rule_holder_not_verbal_noun_with_li",
	    "وصل وزير الخارجية العراقي إلى عمّان لبحث الحرب، ثم توجه وزير الدفاع إلى أنقرة لتعزيز "
	    "التعاون، فيما سافر السفير الأمريكي إلى أربيل لإجراء محادثات.",
	    { 0 }, { "doc:*" }, -1 },
	{ "rule_holder_may_start_with_lam_or_ba",
	    "وقال الجنرال لاري نيكولسون إن القوات جاهزة، وأكد السفير بسام صباغ أن دمشق ترفض.",
	    { "لاري نيكولسون|doc:لاري نيكولسون|rule", "بسام صباغ|doc:بسام صباغ|rule" }, { 0 }, -1 },
	/* an Iraqi rank with ركن is a title, not the holder's first name */
	{ "rule_holder_after_rank_with_rukn",
	    "وقال قائد الفرقة التاسعة الفريق أول ركن قاسم المحمدي إن القطعات تتقدم، وأكد "
	    "العقيد ركن سامي الدليمي أن الطريق مفتوح.",
	    { "قاسم المحمدي|doc:قاسم المحمدي|rule", "سامي الدليمي|doc:سامي الدليمي|rule" }, { 0 }, -1 },
	{ "rule_holder_before_credited_outlet",
	    "وقال رئيس أركان قوات البيشمركة الفريق شوان الهركي لرووداو إن المهمة تغيرت.",
	    { "شوان الهركي|doc:شوان الهركي|rule" }, { 0 }, -1 },
	/* weak forms: common words that are names only in context */
	{ "weak_common_words_not_names",
	    "يقف الأسد في حديقة الحيوان بين الرياض الخضراء وجدة المسنة.",
	    { 0 }, { "person:bashar_al_assad", "place:riyadh", "place:jeddah" }, 0 },
	{ "weak_after_preposition_and_visit",
	    "وصل ولي العهد إلى الرياض، ثم اجتمع بالمسؤولين بجدة.",
	    { "الرياض|place:riyadh|capital", "بجدة|place:jeddah|" }, { 0 }, 2 },
	{ "weak_after_title_and_nisba",
	    "وقال الرئيس السوري الأسد إن القوات تقدمت.",
	    { "الأسد|person:bashar_al_assad|alias", "السوري|country:SY|nisba" }, { 0 }, 2 },
	{ "weak_after_strong_mention_in_doc",
	    "التقى ولي العهد بشار الأسد. وكان الأسد قد رفض العرض.",
	    { "بشار الأسد|person:bashar_al_assad|name", "الأسد|person:bashar_al_assad|alias" },
	    { 0 }, 2 },
	{ "weak_agency_credit_in_parentheses",
	    "دمشق (الأناضول) - قصفت الطائرات مواقع التنظيم.",
	    { "دمشق|place:damascus|capital", "الأناضول|org:anadolu|alias" }, { 0 }, 2 },
	/* a meeting word before a weak city names it in construct */
	{ "weak_after_meeting_word",
	    "وسبق اجتماع جدة قمة الرياض بأسبوع.",
	    { "جدة|place:jeddah|", "الرياض|place:riyadh|capital" }, { 0 }, 2 },
	{ "mention_empty_text_has_none", "", { 0 }, { 0 }, 0 },
};

static void test_mention_case(void **state)
{
	const mcase *c = *state;
	if (c->text[0] == '\0') {
		/* text_doc_create refuses nothing here; the empty doc has no tokens */
	}
	run r;
	run_text(c->text, &r);
	check_invariants(&r);
	size_t n;
	const entity_mention *m = entity_result_mentions(r.res, &n);
	bool ok = true;
	for (size_t w = 0; w < 8 && c->want[w]; w++) {
		char buf[512];
		snprintf(buf, sizeof(buf), "%s", c->want[w]);
		char *surface = buf, *id = strchr(buf, '|');
		assert_non_null(id);
		*id++ = '\0';
		char *form = strchr(id, '|');
		assert_non_null(form);
		*form++ = '\0';
		bool found = false;
		for (size_t i = 0; i < n && !found; i++)
			found = span_is(&r, m[i].span, surface) && ref_is(&r, m[i].entity, id) &&
			    (*form == '\0' || strcmp(entity_form_str(m[i].form), form) == 0);
		if (!found) {
			print_message("  missing: %s\n", c->want[w]);
			ok = false;
		}
	}
	for (size_t w = 0; w < 4 && c->not_want[w]; w++) {
		const char *x = c->not_want[w];
		for (size_t i = 0; i < n; i++) {
			bool hit = x[0] == '@' ? span_is(&r, m[i].span, x + 1) : ref_is(&r, m[i].entity, x);
			if (hit) {
				print_message("  unexpected: %s\n", x);
				ok = false;
			}
		}
	}
	if (c->count >= 0 && (size_t)c->count != n) {
		print_message("  %zu mentions, want %d\n", n, c->count);
		ok = false;
	}
	if (!ok)
		dump(&r);
	run_free(&r);
	assert_true(ok);
}

/* --- role table (point 6) */

typedef struct {
	const char *name;
	const char *text;
	const char *person; /* NULL: no role at all */
	const char *office; /* exact original text of the office span */
	const char *of;     /* id, or "" for none */
} rcase;

static const rcase rcases[] = {
	{ "role_minister_nisba_known",
	    "وقال وزير الدفاع الأمريكي أشتون كارتر إن القوات ستبقى.",
	    "person:ash_carter", "وزير الدفاع", "country:US" },
	{ "role_spokesman_org_known",
	    "وقال المتحدث باسم وزارة الخارجية الأمريكية جون كيربي للصحفيين إن المحادثات مثمرة.",
	    "person:john_kirby", "المتحدث باسم وزارة الخارجية الأمريكية",
	    "org:us_state_department" },
	{ "role_prime_minister_iraq",
	    "وأعلن رئيس الوزراء العراقي حيدر العبادي تحرير المدينة بالكامل.",
	    "person:haider_al_abadi", "رئيس الوزراء", "country:IQ" },
	{ "role_president_nisba",
	    "وقال الرئيس الفرنسي إيمانويل ماكرون إن بلاده باقية في التحالف.",
	    "person:emmanuel_macron", "الرئيس", "country:FR" },
	{ "role_construct_state_country_name",
	    "واستقبل وزير خارجية الأردن أيمن الصفدي نظيره العراقي.",
	    "person:ayman_safadi", "وزير خارجية", "country:JO" },
	{ "role_unknown_person_gets_office",
	    "وقال وزير الدفاع البلجيكي ستيفن فاندنبوت إن الطائرات ستعود.",
	    "doc:ستيفن فاندنبوت", "وزير الدفاع", "country:BE" },
	{ "role_commander_org_then_rank",
	    "وقال قائد القيادة المركزية الأمريكية الجنرال جوزيف فوتيل إن الحملة في مراحلها الأخيرة.",
	    "person:joseph_votel", "قائد القيادة المركزية الأمريكية", "org:centcom" },
	{ "role_coalition_spokesman_colonel",
	    "وقال متحدث باسم التحالف الدولي الكولونيل مايلز كاغينز إن الغارات تواصلت.",
	    "person:myles_caggins", "متحدث باسم التحالف الدولي", "org:global_coalition" },
	{ "role_overlapping_org_feminine",
	    "وقالت وزيرة الخارجية الأمريكية هيلاري كلينتون إن واشنطن قلقة.",
	    "person:hillary_clinton", "وزيرة الخارجية الأمريكية", "org:us_state_department" },
	/* a body in guillemets between the office and an unknown holder */
	{ "role_office_quoted_body_unknown_holder",
	    "وقال مدير «منظمة العفو الدولية» فيليب لوثر إن التحقيق ضروري.",
	    "doc:فيليب لوثر", "مدير «منظمة العفو الدولية»", "org:amnesty" },
	/* a feminine office whose words overlap a listed body, a portfolio
	 * after it, then an unknown holder */
	{ "role_feminine_office_portfolio_unknown_holder",
	    "وأكدت وكيلة وزارة الدفاع البريطانية للشؤون العسكرية سارة مونتغمري أن الدعم مستمر.",
	    "doc:سارة مونتغمري", "وكيلة وزارة الدفاع البريطانية للشؤون العسكرية", "org:uk_mod" },
	/* the head of a body's executive */
	{ "role_head_of_executive_body",
	    "وقالت رئيسة الهيئة التنفيذية للإدارة الذاتية لشمال وشرق سوريا فوزة يوسف إن المخيم مكتظ.",
	    "doc:فوزة يوسف", "رئيسة الهيئة التنفيذية للإدارة الذاتية لشمال وشرق سوريا", "org:aanes" },
	{ "role_apposition_after_name",
	    "وقال ماثيو تولر، السفير الأمريكي في بغداد، إن الدعم مستمر.",
	    "person:matthew_tueller", "السفير", "country:US" },
	{ "role_apposition_commander",
	    "وأكد الجنرال ستيفن تاونسند قائد عملية العزم الصلب أن المعركة انتهت",
	    "person:stephen_townsend", "قائد عملية العزم الصلب", "org:cjtf_oir" },
	{ "role_clitic_trimmed_from_office",
	    "التقى الوفد بوزير الخارجية الفرنسي جان إيف لودريان في باريس.",
	    "person:jean_yves_le_drian", "وزير الخارجية", "country:FR" },
	{ "role_office_without_country",
	    "وسيستقبل وزير الخارجية جون كيري نظراءه.",
	    "person:john_kerry", "وزير الخارجية", "" },
	/* bare التحالف is no mention, but inside an office it is the coalition */
	{ "role_spokesman_unlisted_body_in_office",
	    "وأضاف المتحدث باسم التحالف بيتر كوك أن الجهود تتسارع.",
	    "person:peter_cook", "المتحدث باسم التحالف", "org:global_coalition" },
	{ "role_comma_before_holder",
	    "وقال السكرتير الصحفي لوزارة الدفاع الأمريكية، بيتر كوك، إن الوزير سيتحدث.",
	    "person:peter_cook", "السكرتير الصحفي لوزارة الدفاع الأمريكية", "org:pentagon" },
	{ "role_minister_of_armies_feminine",
	    "أعلن مكتب وزيرة الجيوش الفرنسية فلورانس بارلي مشاركتها في الاجتماع.",
	    "person:florence_parly", "وزيرة الجيوش", "country:FR" },
	{ "role_unknown_spokesman_known_org",
	    "وقال الناطق باسم الحكومة العراقية سعد الحديثي إن الحكومة ترحب.",
	    "doc:سعد الحديثي", "الناطق باسم الحكومة العراقية", "org:iraqi_government" },
	{ "role_apposition_unknown_needs_known_person",
	    "وقال مصدر، وزير الدفاع العراقي سابقا، إن الوضع خطير.", NULL, NULL, NULL },
	{ "role_office_with_place",
	    "وصرح قائد عمليات نينوى اللواء نجم الجبوري بأن القوات جاهزة.",
	    "doc:نجم الجبوري", "قائد عمليات نينوى", "" },
	{ "role_modifier_between_office_and_name",
	    "قال المبعوث الأمريكي الخاص إلى سوريا جيمس جيفري للصحفيين إن الانسحاب لن يتم.",
	    "person:james_jeffrey", "المبعوث الأمريكي الخاص", "country:US" },
	{ "role_former_minister",
	    "وقال وزير الخارجية الأمريكي السابق جون كيري إن الاتفاق كان ضروريا.",
	    "person:john_kerry", "وزير الخارجية", "country:US" },
	{ "role_secretary_general_of_org_with_clitic",
	    "أكد الأمين العام لحلف شمال الأطلسي ينس ستولتنبرغ أن المهمة مستمرة.",
	    "person:jens_stoltenberg", "الأمين العام لحلف شمال الأطلسي", "org:nato" },
	{ "role_not_given_to_unrelated_first_name",
	    "وقال وزير الخارجية الأمريكي محمد كيري إن الاتفاق قريب.", NULL, NULL, NULL },
	{ "role_construct_office_takes_unlisted_body",
	    "وقال رئيس لجنة الأمن والدفاع النيابية حاكم الزاملي إن الحدود مؤمنة.",
	    "doc:حاكم الزاملي", "رئيس لجنة الأمن والدفاع النيابية", "" },
	{ "role_leader_of_the_group",
	    "وظهر زعيم التنظيم أبو بكر البغدادي في تسجيل مصور من جامع النوري.",
	    "person:abu_bakr_al_baghdadi", "زعيم التنظيم", "org:isis" },
	{ "role_council_member_place",
	    "وأوضح عضو مجلس محافظة نينوى حسام الدين العبار أن التنظيم يستخدم المدنيين.",
	    "doc:حسام الدين العبار", "عضو مجلس محافظة نينوى", "" },
	{ "role_org_after_nisba_wins",
	    "وقال المبعوث الأمريكي الخاص للتحالف الدولي جيمس جيفري إن واشنطن ستبقي قوة صغيرة.",
	    "person:james_jeffrey", "المبعوث الأمريكي الخاص للتحالف الدولي", "org:global_coalition" },
	{ "role_apposition_construct_office_org",
	    "وأكد مصطفى بالي، مدير المركز الإعلامي لقسد، أن آلاف العناصر استسلموا.",
	    "person:mustafa_bali", "مدير المركز الإعلامي لقسد", "org:sdf" },
	{ "role_apposition_body_noun_office",
	    "وتابع السيد أحمد أبو زيد المتحدث الرسمي باسم وزارة الخارجية المصرية أن القاهرة تتابع.",
	    "doc:أحمد أبو زيد", "المتحدث الرسمي باسم وزارة الخارجية", "country:EG" },
	{ "role_egyptian_spelling_alef_maqsura",
	    "صرّح وزير الخارجية الأمريكى جون كيرى، عقب لقائه الرئيس المصري، بأن مصر شريك أساسى.",
	    "person:john_kerry", "وزير الخارجية", "country:US" },
	{ "role_no_apposition_for_verb_object",
	    "التقى كيري وزير الخارجية العراقي في بغداد لبحث الحرب على داعش.", NULL, NULL, NULL },
	{ "role_apposition_speech_subject_no_comma",
	    "وقال جون كيربي المتحدث باسم وزارة الخارجية الأمريكية إن المحادثات مثمرة.",
	    "person:john_kirby", "المتحدث باسم وزارة الخارجية الأمريكية", "org:us_state_department" },
	{ "role_counterpart_nisba_gives_country",
	    "التقى ماكرون نظيره الأوكراني فولوديمير زيلينسكي في كييف.",
	    "doc:فولوديمير زيلينسكي", "نظيره", "country:UA" },
	{ "role_counterpart_of_several_nisba_gives_country",
	    "واجتمع وزراء دفاع خمس دول مع نظيرهم الإيطالي ماركو بيانكي في روما.",
	    "doc:ماركو بيانكي", "نظيرهم", "country:IT" },
	{ "role_link_then_bare_coalition",
	    "وأشاد المبعوث البريطاني الخاص لدى التحالف جون سميثسون بالخطوة.",
	    "doc:جون سميثسون", "المبعوث البريطاني الخاص لدى التحالف", "org:global_coalition" },
	{ "role_counterpart_without_nisba_no_role",
	    "واتصل ماكرون هاتفيا بنظيره فولوديمير زيلينسكي مساء الأحد.", NULL, NULL, NULL },
	{ "role_envoy_genitive_person_then_body",
	    "وقال المبعوث الخاص للرئيس الأمريكي دونالد ترامب لدى التحالف جيمس جيفري إن المهمة لم تنته.",
	    "person:james_jeffrey", "المبعوث الخاص للرئيس الأمريكي دونالد ترامب",
	    "org:global_coalition" },
	{ "role_genitive_person_keeps_own_office",
	    "وقال المبعوث الخاص للرئيس الأمريكي دونالد ترامب لدى التحالف جيمس جيفري إن المهمة لم تنته.",
	    "person:donald_trump", "رئيس", "country:US" },
	{ "role_representative_apposition_in_body",
	    "وأكد جيمس جيفري، ممثل الرئيس الأمريكي دونالد ترامب في التحالف، أن الانسحاب لن يتم.",
	    "person:james_jeffrey", "ممثل الرئيس الأمريكي دونالد ترامب", "org:global_coalition" },
	{ "role_dual_ministers_first",
	    "وحضر الوزيران البريطانيان بوريس جونسون ومايكل فالون اجتماع الحلف في بروكسل.",
	    "person:boris_johnson", "الوزيران", "country:GB" },
	{ "role_dual_ministers_second",
	    "وحضر الوزيران البريطانيان بوريس جونسون ومايكل فالون اجتماع الحلف في بروكسل.",
	    "person:michael_fallon", "الوزيران", "country:GB" },
	{ "role_researcher_in_body_comma",
	    "وقال الباحث في معهد دراسات الحرب، كريستوفر كوزاك، إن التنظيم يعيد ترتيب صفوفه.",
	    "doc:كريستوفر كوزاك", "الباحث", "org:isw" },
	{ "role_ambassador_to_body_keeps_nisba",
	    "وقالت السفيرة الأمريكية لدى الأمم المتحدة نيكي هيلي إن بلادها لن تتراجع.",
	    "person:nikki_haley", "السفيرة", "country:US" },
	{ "role_researcher_without_body_no_role",
	    "وقال الباحث كريستوفر كوزاك إن التنظيم يعيد ترتيب صفوفه.", NULL, NULL, NULL },
	{ "role_holder_in_guillemets",
	    "وهدد زعيم التنظيم «أبو بكر البغدادي» في تسجيل صوتي الدول الغربية.",
	    "person:abu_bakr_al_baghdadi", "زعيم التنظيم", "org:isis" },
	{ "role_quoted_statement_is_no_holder",
	    "وقال وزير الخارجية الأمريكي \"سنواصل دعم شركائنا\" في ختام الجولة.", NULL, NULL, NULL },
	{ "role_office_in_parentheses_after_name",
	    "وقتل أبو محمد العدناني (المتحدث باسم التنظيم) في غارة جوية قرب حلب.",
	    "person:abu_mohammad_al_adnani", "المتحدث باسم التنظيم", "org:isis" },
	{ "role_commander_of_coalition_forces",
	    "واستقبل الوزير قائد قوات التحالف الجنرال بول لاكاميرا في بغداد.",
	    "person:paul_lacamera", "قائد قوات التحالف", "org:global_coalition" },
	{ "role_other_alliance_is_not_the_coalition",
	    "وقال المتحدث باسم التحالف الوطني حسن السنيد إن الكتل متفقة.",
	    "doc:حسن السنيد", "المتحدث باسم التحالف الوطني", "" },
	{ "role_title_without_qualifier_no_role",
	    "وصرح الجنرال شون روبرتسون بأن المعركة ستطول.", NULL, NULL, NULL },
	{ "role_office_without_holder_no_role",
	    "وقال وزير الخارجية الأمريكي إن الاتفاق قريب.", NULL, NULL, NULL },
};

static void test_role_case(void **state)
{
	const rcase *c = *state;
	run r;
	run_text(c->text, &r);
	check_invariants(&r);
	size_t n;
	const entity_role_mention *rm = entity_result_roles(r.res, &n);
	bool ok;
	if (c->person == NULL) {
		ok = n == 0;
	} else {
		ok = false;
		for (size_t i = 0; i < n && !ok; i++) {
			bool of_ok = c->of[0] == '\0' ? entity_ref_is_none(rm[i].of) :
			                                 ref_is(&r, rm[i].of, c->of);
			ok = ref_is(&r, rm[i].person, c->person) && span_is(&r, rm[i].office, c->office) &&
			    of_ok && rm[i].span.end > rm[i].office.end - 1;
		}
	}
	if (!ok) {
		print_message("  want %s [%s] of %s\n", c->person ? c->person : "(none)",
		    c->office ? c->office : "", c->of ? c->of : "");
		dump(&r);
	}
	run_free(&r);
	assert_true(ok);
}

/* --- name variants (point 5) */

typedef struct {
	const char *name;
	const char *a, *b;
	bool same;
} vcase;

static const vcase vcases[] = {
	{ "variant_mcgurk_g_letters", "ماكورك", "ماكغورك", true },
	{ "variant_mcgurk_jim", "ماكجورك", "ماكغورك", true },
	{ "variant_le_drian_join_split", "لو دريان", "لودريان", true },
	{ "variant_democratic_waw", "الديموقراطية", "الديمقراطية", true },
	{ "variant_tillerson_ya", "تيلرسون", "تيليرسون", true },
	{ "variant_hamza_folded", "أوباما", "اوباما", true },
	{ "variant_hyphen_join", "جان-إيف", "جان إيف", true },
	{ "variant_williamson_ya_after_waw", "غافين وليامسون", "غافين ويليامسون", true },
	{ "variant_williamson_surname_only", "وليامسون", "ويليامسون", true },
	{ "variant_false_carter_kerry", "كارتر", "كيري", false },
	{ "variant_false_abbas_abadi", "عباس", "عبادي", false },
	{ "variant_false_putin_bhutan", "بوتين", "بوتان", false },
	{ "variant_false_erdogan_ardogan_two_vowels", "أردوغان", "أردغن", false },
	{ "variant_hiyali_hali_same_skeleton_context_decides", "الحيالي", "الحالي", true },
	{ "variant_false_hagel_hegel_sub", "هاغل", "هيغل", false },
};

static void test_variant_case(void **state)
{
	const vcase *c = *state;
	assert_int_equal(entity_name_variant(c->a, c->b), c->same);
	assert_int_equal(entity_name_variant(c->b, c->a), c->same);
}

/* --- gazetteer */

static void test_gazetteer_accessors(void **state)
{
	(void)state;
	size_t n = entity_gazetteer_count(g_gaz);
	assert_true(n > 500);
	entity_ref us = entity_gazetteer_find_id(g_gaz, "country:US");
	assert_false(entity_ref_is_none(us));
	const entity_info *e = entity_gazetteer_get(g_gaz, us.v);
	assert_int_equal(e->kind, ENTITY_KIND_COUNTRY);
	assert_string_equal(e->iso2, "US");
	assert_string_equal(e->wikidata, "Q30");
	assert_true(e->n_nisba > 10);
	assert_true(e->n_capitals >= 1);
	assert_null(entity_gazetteer_get(g_gaz, n));
	assert_true(entity_ref_is_none(entity_gazetteer_find_id(g_gaz, "person:nobody")));

	const entity_info *p = entity_gazetteer_get(g_gaz,
	    entity_gazetteer_find_id(g_gaz, "person:john_kirby").v);
	assert_int_equal(p->kind, ENTITY_KIND_PERSON);
	assert_true(p->n_roles >= 3);
	assert_string_equal(p->roles[1].entity_id, "org:us_state_department");
	assert_string_equal(p->roles[1].from, "2015-05");
	assert_string_equal(p->roles[1].to, "2017-01-20");
	assert_int_equal(p->n_nationality, 1);
	assert_string_equal(p->nationality[0], "country:US");

	const entity_info *pl = entity_gazetteer_get(g_gaz,
	    entity_gazetteer_find_id(g_gaz, "place:mosul").v);
	assert_int_equal(pl->kind, ENTITY_KIND_PLACE);
	assert_string_equal(pl->country, "country:IQ");
	const entity_info *o = entity_gazetteer_get(g_gaz,
	    entity_gazetteer_find_id(g_gaz, "org:pentagon").v);
	assert_int_equal(o->kind, ENTITY_KIND_ORGANIZATION);
	assert_string_equal(o->country, "country:US");
	assert_string_equal(o->subtype, "government_body");
	assert_true(entity_gazetteer_key_count(g_gaz) > 2000);
	/* numbering follows coalition.v1.EntityKind */
	assert_int_equal(ENTITY_KIND_PERSON, 1);
	assert_int_equal(ENTITY_KIND_PLACE, 4);
}

static void test_gazetteer_open_roles(void **state)
{
	(void)state;
	/* an empty "from" and an empty "to" are kept as "" */
	size_t n = entity_gazetteer_count(g_gaz);
	bool open_to = false;
	for (size_t i = 0; i < n; i++) {
		const entity_info *e = entity_gazetteer_get(g_gaz, i);
		for (size_t k = 0; k < e->n_roles; k++) {
			assert_non_null(e->roles[k].from);
			assert_non_null(e->roles[k].to);
			assert_non_null(e->roles[k].office_ar);
			assert_false(entity_ref_is_none(entity_gazetteer_find_id(g_gaz, e->roles[k].entity_id)));
			open_to = open_to || e->roles[k].to[0] == '\0';
		}
	}
	assert_true(open_to);
}

/* a scratch copy of the gazetteer dir with one file replaced */
static char g_tmp[256];

static void write_file(const char *dir, const char *name, const char *content)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static void copy_file(const char *from_dir, const char *to_dir, const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", from_dir, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	rewind(f);
	char *b = malloc((size_t)len + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
	b[len] = '\0';
	fclose(f);
	write_file(to_dir, name, b);
	free(b);
}

static void scratch_dir(void)
{
	snprintf(g_tmp, sizeof(g_tmp), "/tmp/test_entity_%ld", (long)getpid());
	mkdir(g_tmp, 0700);
	const char *files[] = { "countries.tsv", "organizations.tsv", "persons.tsv", "places.tsv" };
	for (int i = 0; i < 4; i++)
		copy_file(GAZDIR, g_tmp, files[i]);
	copy_file(LEXDIR, g_tmp, "entity_titles.tsv");
}

static void scratch_cleanup(void)
{
	const char *files[] = { "countries.tsv", "organizations.tsv", "persons.tsv", "places.tsv",
		"entity_titles.tsv" };
	char path[512];
	for (int i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/%s", g_tmp, files[i]);
		unlink(path);
	}
	rmdir(g_tmp);
}

typedef struct {
	const char *name;
	const char *file;
	const char *content;
	const char *err_has; /* substring of the error message */
} lcase;

#define PHEAD "id\tkind\tname_ar\tname_en\twikidata\taliases\tnationality\troles\n"
static const lcase lcases[] = {
	{ "load_missing_column", "persons.tsv", "id\tkind\tname_ar\tname_en\twikidata\taliases\troles\n",
	    "persons.tsv:1: header lacks column nationality" },
	{ "load_wrong_field_count", "persons.tsv",
	    "# c\n" PHEAD "person:x\tperson\tس\tX\t\t\n", "persons.tsv:3: 6 fields, header has 8" },
	{ "load_bad_role", "persons.tsv",
	    PHEAD "person:x\tperson\tس\tX\t\t\tcountry:US\tوزير@country:US\n",
	    "persons.tsv:2: role 1 is not office@entity_id@from..to" },
	{ "load_unknown_role_entity", "persons.tsv",
	    PHEAD "person:x\tperson\tس\tX\t\t\tcountry:US\tوزير@org:nothing@2014..\n",
	    "persons.tsv:2: unknown id org:nothing" },
	{ "load_duplicate_id", "persons.tsv",
	    PHEAD "person:x\tperson\tس\tX\t\t\t\t\nperson:x\tperson\tص\tY\t\t\t\t\n",
	    "persons.tsv:3: duplicate id person:x" },
	{ "load_kind_prefix_mismatch", "persons.tsv",
	    PHEAD "org:x\tperson\tس\tX\t\t\t\t\n", "persons.tsv:2: id 'org:x' does not start with person:" },
	{ "load_lexicon_bad_kind", "entity_titles.tsv", "# t\nوزير\tminister\n",
	    "entity_titles.tsv:2: unknown kind 'minister'" },
};

static void test_load_case(void **state)
{
	const lcase *c = *state;
	scratch_dir();
	write_file(g_tmp, c->file, c->content);
	entity_gazetteer *g = (entity_gazetteer *)(uintptr_t)0x1;
	char err[256] = "";
	assert_int_equal(entity_gazetteer_load(g_tmp, g_tmp, &g, err, sizeof(err)), -1);
	assert_ptr_equal(g, (entity_gazetteer *)(uintptr_t)0x1); /* untouched */
	if (strstr(err, c->err_has) == NULL)
		print_message("  error was: %s\n", err);
	assert_non_null(strstr(err, c->err_has));
	scratch_cleanup();
}

static void test_load_missing_dir(void **state)
{
	(void)state;
	entity_gazetteer *g = NULL;
	char err[256];
	assert_int_equal(entity_gazetteer_load("/nonexistent/dir", NULL, &g, err, sizeof(err)), -1);
	assert_null(g);
	assert_non_null(strstr(err, "/nonexistent/dir/countries.tsv"));
	entity_gazetteer_destroy(NULL);
	entity_result_destroy(NULL);
}

static void test_load_without_lexicon_no_rules(void **state)
{
	(void)state;
	entity_gazetteer *g = NULL;
	char err[256];
	assert_int_equal(entity_gazetteer_load(GAZDIR, NULL, &g, err, sizeof(err)), 0);
	const char *s = "وقال وزير الدفاع البلجيكي ستيفن فاندنبوت إن";
	text_doc *d;
	assert_int_equal(text_doc_create(NULL, s, strlen(s), &d, NULL), TEXT_OK);
	entity_result *r;
	assert_int_equal(entity_find(g, d, &r), 0);
	size_t n;
	entity_result_mentions(r, &n);
	assert_int_equal(n, 1); /* the nisba only */
	assert_int_equal(entity_result_person_count(r), 0);
	entity_result_roles(r, &n);
	assert_int_equal(n, 0);
	entity_result_destroy(r);
	text_doc_destroy(d);
	entity_gazetteer_destroy(g);
}

/* entity_find keeps what it learns of each word per thread, across
 * documents (a word cache): the same document gives the same answer the
 * first time and after others, and a gazetteer loaded later (here one
 * without a lexicon) gets none of another one's answers. */
static void find_summary(const entity_gazetteer *g, const char *s, char *out, size_t cap)
{
	text_doc *d;
	assert_int_equal(text_doc_create(NULL, s, strlen(s), &d, NULL), TEXT_OK);
	entity_result *r;
	assert_int_equal(entity_find(g, d, &r), 0);
	size_t n, nr, o = 0;
	const entity_mention *m = entity_result_mentions(r, &n);
	entity_result_roles(r, &nr);
	o += (size_t)snprintf(out + o, cap - o, "%zu %zu %zu:", n, nr, entity_result_person_count(r));
	for (size_t k = 0; k < n && o < cap; k++)
		o += (size_t)snprintf(out + o, cap - o, " %u-%u/%u/%u/%d", m[k].span.start,
		    m[k].span.end, m[k].entity.v, m[k].country.v, (int)m[k].form);
	assert_true(o < cap);
	entity_result_destroy(r);
	text_doc_destroy(d);
}

/* A fresh thread (an empty word cache) meets the words first with a
 * gazetteer without a lexicon, then with g_gaz. */
typedef struct {
	const char *doc;
	char no_lex[2048], full[2048];
} cache_job;

static void *cache_thread(void *arg)
{
	cache_job *j = arg;
	entity_gazetteer *g = NULL;
	char err[256];
	assert_int_equal(entity_gazetteer_load(GAZDIR, NULL, &g, err, sizeof(err)), 0);
	find_summary(g, j->doc, j->no_lex, sizeof(j->no_lex));
	entity_gazetteer_destroy(g);
	find_summary(g_gaz, j->doc, j->full, sizeof(j->full));
	return NULL;
}

static void test_word_cache_across_docs(void **state)
{
	(void)state;
	const char *a = "وقال وزير الدفاع البلجيكي ستيفن فاندنبوت إن التحالف في الرقة";
	const char *b = "وزار الرئيس الأمريكي دونالد ترمب الرياض وقال ترمب إن الرقة";
	char a1[2048], b1[2048], x[2048];
	find_summary(g_gaz, a, a1, sizeof(a1));
	assert_true(strncmp(a1, "2 0 0:", 6) != 0); /* the rules found the minister */
	find_summary(g_gaz, b, b1, sizeof(b1));
	find_summary(g_gaz, a, x, sizeof(x));
	assert_string_equal(x, a1);
	find_summary(g_gaz, b, x, sizeof(x));
	assert_string_equal(x, b1);
	cache_job j = { .doc = a };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, cache_thread, &j), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_true(strncmp(j.no_lex, "2 0 0:", 6) == 0); /* البلجيكي, الرقة: no rules */
	assert_string_equal(j.full, a1);
}

static void test_load_time(void **state)
{
	(void)state;
	struct timespec a, b;
	entity_gazetteer *g = NULL;
	char err[256];
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(entity_gazetteer_load(GAZDIR, LEXDIR, &g, err, sizeof(err)), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	print_message("  gazetteer load: %.1f ms, %zu entities, %zu keys\n", ms,
	    entity_gazetteer_count(g), entity_gazetteer_key_count(g));
	entity_gazetteer_destroy(g);
}

static void test_doc_person_info(void **state)
{
	(void)state;
	run r;
	run_text("وقال وزير الدفاع البلجيكي ستيفن فاندنبوت إن بلاده مستعدة.", &r);
	assert_int_equal(entity_result_person_count(r.res), 1);
	entity_ref ref = { ENTITY_REF_DOC };
	const entity_info *p = entity_result_info(r.res, ref);
	assert_non_null(p);
	assert_int_equal(p->kind, ENTITY_KIND_PERSON);
	assert_string_equal(p->id, "doc:person:1");
	assert_string_equal(p->name_ar, "ستيفن فاندنبوت");
	assert_string_equal(p->name_en, "");
	assert_int_equal(p->n_roles, 1);
	assert_string_equal(p->roles[0].office_ar, "وزير الدفاع");
	assert_string_equal(p->roles[0].entity_id, "country:BE");
	ref.v = ENTITY_REF_DOC + 1;
	assert_null(entity_result_info(r.res, ref));
	ref.v = ENTITY_REF_NONE;
	assert_null(entity_result_info(r.res, ref));
	run_free(&r);
}

/* --- robustness: random sentences made of article words, gazetteer
 * names, titles and punctuation keep the invariants (run under ASan/UBSan) */

static void test_random_word_soup(void **state)
{
	(void)state;
	size_t len;
	char *text = read_all(ARTDIR "000_b4fc4710de68d81f.txt", &len);
	text_doc *src;
	assert_int_equal(text_doc_create(NULL, text, len, &src, NULL), TEXT_OK);
	size_t nt;
	const text_token *t = text_doc_tokens(src, &nt);
	static const char *const extra[] = { "وقال", "وزير", "الخارجية", "الأمريكي", "،", ".",
		"الجنرال", "المتحدث", "باسم", "نظيره", "عبد", "أبو", "للتحالف", "بواشنطن",
		"الأسد", "في", "إن", "لو", "دريان", "ماكگورك", "UN", "-" };
	unsigned seed = 12345;
	char buf[4096];
	for (int round = 0; round < 300; round++) {
		size_t o = 0;
		int words = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
		for (int w = 0; w < words && o < sizeof(buf) - 200; w++) {
			seed = seed * 1103515245u + 12345u;
			unsigned pick = (seed >> 16) % 4;
			const char *s;
			size_t sl;
			if (pick == 0) {
				s = extra[(seed >> 8) % (sizeof(extra) / sizeof(extra[0]))];
				sl = strlen(s);
			} else {
				const text_token *tk = &t[(seed >> 4) % nt];
				s = text + tk->span.start;
				sl = tk->span.end - tk->span.start;
				if (sl > 150)
					continue;
			}
			memcpy(buf + o, s, sl);
			o += sl;
			buf[o++] = ' ';
		}
		buf[o] = '\0';
		run r;
		run_text(buf, &r);
		check_invariants(&r);
		run_free(&r);
	}
	text_doc_destroy(src);
	free(text);
}

/* --- every listed surface form, alone, is found as its own entity; the
 * exceptions are by design (weak forms need context, the README's ambiguous
 * forms, Latin forms the sentence splitter cuts at "U.S. "), so allow 1% */

static int self_form(size_t i, const char *s, size_t *bad)
{
	text_doc *d = NULL;
	if (text_doc_create(NULL, s, strlen(s), &d, NULL) != TEXT_OK)
		return 0;
	entity_result *r = NULL;
	assert_int_equal(entity_find(g_gaz, d, &r), 0);
	size_t n, nt;
	const entity_mention *m = entity_result_mentions(r, &n);
	text_doc_tokens(d, &nt);
	bool ok = false;
	for (size_t k = 0; k < n; k++)
		ok = ok || (m[k].n_tokens == nt && (m[k].entity.v == i || m[k].country.v == i));
	if (!ok) {
		(*bad)++;
		print_message("    not found alone: %s [%s]\n", entity_gazetteer_get(g_gaz, i)->id, s);
	}
	entity_result_destroy(r);
	text_doc_destroy(d);
	return 1;
}

static void test_every_form_found_alone(void **state)
{
	(void)state;
	size_t bad = 0, total = 0;
	for (size_t i = 0; i < entity_gazetteer_count(g_gaz); i++) {
		const entity_info *e = entity_gazetteer_get(g_gaz, i);
		total += (size_t)self_form(i, e->name_ar, &bad);
		for (size_t k = 0; k < e->n_aliases; k++)
			total += (size_t)self_form(i, e->aliases[k], &bad);
		for (size_t k = 0; k < e->n_nisba; k++)
			total += (size_t)self_form(i, e->nisba[k], &bad);
		for (size_t k = 0; k < e->n_capitals; k++)
			total += (size_t)self_form(i, e->capitals[k], &bad);
	}
	print_message("  %zu of %zu forms not found alone\n", bad, total);
	assert_true(total > 3000);
	assert_true(bad * 100 < total);
}

/* very long words and odd inputs: no crash, invariants hold */
static void test_edge_inputs(void **state)
{
	(void)state;
	size_t n = 3000;
	char *big = malloc(n * 2 + 64);
	assert_non_null(big);
	size_t o = 0;
	o += (size_t)sprintf(big, "وقال ");
	for (size_t k = 0; k < n; k++) {
		memcpy(big + o, "\xd8\xa8", 2); /* ب, one huge word */
		o += 2;
	}
	o += (size_t)sprintf(big + o, " إن");
	big[o] = '\0';
	const char *const texts[] = { big, "...!!!", "Kerry said UN and AP agree.",
		"وقال", "وزير الخارجية", "الولايات", "و ب ل ك ف", "ال ال ال" };
	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
		run r;
		run_text(texts[k], &r);
		check_invariants(&r);
		run_free(&r);
	}
	free(big);
}

/* --- threads: one gazetteer, four threads, same answers */


static const char *const thread_text =
    "وقال وزير الدفاع البلجيكي ستيفن فاندنبوت إن بلاده سترسل طائرات إلى الأردن. "
    "وأضاف فاندنبوت أن التحالف الدولي ضد داعش سيواصل غاراته في الموصل والرقة.";

static void *thread_main(void *arg)
{
	size_t *count = arg;
	for (int k = 0; k < 50; k++) {
		text_doc *d = NULL;
		entity_result *r = NULL;
		if (text_doc_create(NULL, thread_text, strlen(thread_text), &d, NULL) != TEXT_OK ||
		    entity_find(g_gaz, d, &r) != 0) {
			*count = 0;
			return NULL;
		}
		size_t n;
		entity_result_mentions(r, &n);
		if (k > 0 && n != *count)
			*count = 0;
		else
			*count = n;
		entity_result_destroy(r);
		text_doc_destroy(d);
		if (*count == 0)
			return NULL;
	}
	return NULL;
}

static void test_threads_share_gazetteer(void **state)
{
	(void)state;
	pthread_t th[4];
	size_t counts[4] = { 0 };
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, thread_main, &counts[i]), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(counts[i], 7);
		assert_int_equal(counts[i], counts[0]);
	}
}

/* --- seed articles: mentions read by hand */

typedef struct {
	const char *file;
	const char *want[6]; /* "surface|id" somewhere in the article */
} acase;

static const acase acases[] = {
	{ "000_b4fc4710de68d81f.txt",
	    { "برت ماكورك|person:brett_mcgurk", "ماكورك|person:brett_mcgurk",
	        "وجان إيف لودريان|person:jean_yves_le_drian", "إبراهيم الجعفري|person:ibrahim_al_jaafari",
	        "تنظيم الدولة الإسلامية|org:isis", "والرقة|place:raqqa" } },
	{ "001_1559aa4826d97bfc.txt",
	    { "كلاوس هيورت فريدريكسون|person:claus_hjort_frederiksen", "جيم ماتيس|person:jim_mattis",
	        "قوات سوريا الديموقراطية|org:sdf", "كوبنهاغن|place:copenhagen",
	        "الدنماركي|country:DK", 0 } },
	{ "002_78a0c063ebd393f5.txt",
	    { "مايك بومبيو|person:mike_pompeo", "وبومبيو|person:mike_pompeo",
	        "فلورانس بارلي|person:florence_parly", "دونالد ترمب|person:donald_trump",
	        "قسد|org:sdf", 0 } },
	{ "003_8961de93728caadf.txt",
	    { "جون كيربي|person:john_kirby", "ماكغورك|person:brett_mcgurk",
	        "بواشنطن|place:washington", "التحالف العالمي لمكافحة تنظيم داعش|org:global_coalition",
	        "أبو بكر البغدادي|person:abu_bakr_al_baghdadi", 0 } },
	{ "004_968d7a5d6aab9d6e.txt",
	    { "جان إيف لو دريان|person:jean_yves_le_drian", "بريت ماكغورك|person:brett_mcgurk",
	        "أشتون كارتر|person:ash_carter", "قاعدة القيارة الجوية|place:qayyarah_west",
	        "لوزارة الدفاع الأمريكية|org:pentagon", 0 } },
};

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return b;
}

static void test_article_case(void **state)
{
	const acase *c = *state;
	char path[512];
	snprintf(path, sizeof(path), "%s%s", ARTDIR, c->file);
	size_t len;
	char *text = read_all(path, &len);
	run r;
	text_error err;
	assert_int_equal(text_doc_create(g_lex, text, len, &r.doc, &err), TEXT_OK);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(entity_find(g_gaz, r.doc, &r.res), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	size_t nt;
	text_doc_tokens(r.doc, &nt);
	print_message("  %s: %zu tokens, entity_find %.2f ms\n", c->file, nt,
	    (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6);
	check_invariants(&r);
	size_t n;
	const entity_mention *m = entity_result_mentions(r.res, &n);
	bool ok = true;
	for (size_t w = 0; w < 6 && c->want[w]; w++) {
		char buf[512];
		snprintf(buf, sizeof(buf), "%s", c->want[w]);
		char *id = strchr(buf, '|');
		*id++ = '\0';
		bool found = false;
		for (size_t i = 0; i < n && !found; i++)
			found = span_is(&r, m[i].span, buf) && ref_is(&r, m[i].entity, id);
		if (!found) {
			print_message("  missing in %s: %s\n", c->file, c->want[w]);
			ok = false;
		}
	}
	/* the two spellings of Le Drian and of McGurk are one entity each */
	run_free(&r);
	free(text);
	assert_true(ok);
}

/* a long document (all five seed articles, twenty times): entity_find time
 * is printed, not asserted; the result keeps its invariants */
static void test_long_document(void **state)
{
	(void)state;
	static const char *const files[] = { "000_b4fc4710de68d81f.txt", "001_1559aa4826d97bfc.txt",
		"002_78a0c063ebd393f5.txt", "003_8961de93728caadf.txt", "004_968d7a5d6aab9d6e.txt" };
	size_t cap = 1 << 20, len = 0;
	char *big = malloc(cap);
	assert_non_null(big);
	for (int rep = 0; rep < 20; rep++) {
		for (int f = 0; f < 5; f++) {
			char path[512];
			size_t n;
			snprintf(path, sizeof(path), "%s%s", ARTDIR, files[f]);
			char *t = read_all(path, &n);
			while (len + n + 2 > cap) {
				cap *= 2;
				big = realloc(big, cap);
				assert_non_null(big);
			}
			memcpy(big + len, t, n);
			len += n;
			big[len++] = '\n';
			free(t);
		}
	}
	run r;
	assert_int_equal(text_doc_create(NULL, big, len, &r.doc, NULL), TEXT_OK);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(entity_find(g_gaz, r.doc, &r.res), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	size_t nt, nm;
	text_doc_tokens(r.doc, &nt);
	entity_result_mentions(r.res, &nm);
	print_message("  long document: %zu bytes, %zu tokens, %zu mentions, entity_find %.1f ms\n",
	    len, nt, nm, (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6);
	check_invariants(&r);
	run_free(&r);
	free(big);
}

static void test_article_roles_kirby(void **state)
{
	(void)state;
	size_t len;
	char *text = read_all(ARTDIR "003_8961de93728caadf.txt", &len);
	run r;
	assert_int_equal(text_doc_create(g_lex, text, len, &r.doc, NULL), TEXT_OK);
	assert_int_equal(entity_find(g_gaz, r.doc, &r.res), 0);
	size_t n;
	const entity_role_mention *rm = entity_result_roles(r.res, &n);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found = found || (ref_is(&r, rm[i].person, "person:john_kirby") &&
		                     ref_is(&r, rm[i].of, "org:us_state_department"));
	run_free(&r);
	free(text);
	assert_true(found);
}

/* --- main: one cmocka test per table row, named after the row */

/* --- skeletons: entity__vskel / entity__cskel / entity__name_cskel take
 * byte-level fast paths; this reference decodes every character first
 * (two-byte characters by their code point, longer ones as their packed
 * bytes, a lone last byte as itself) and applies the rules of entity.h. */

static size_t ref_char(const char *s, size_t len, size_t i, uint32_t *cp)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80 || i + 1 >= len) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		*cp = ((uint32_t)(c & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F);
		return 2;
	}
	size_t n = (c & 0xF0) == 0xE0 ? 3 : 4;
	if (i + n > len)
		n = len - i;
	*cp = 0;
	for (size_t k = 0; k < n; k++)
		*cp = (*cp << 8) | (unsigned char)s[i + k];
	return n;
}

static size_t ref_vskel(const char *s, size_t len, char *out, size_t cap)
{
	size_t o = 0;
	uint32_t prev = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = ref_char(s, len, i, &cp);
		const char *src = s + i;
		i += n;
		if (cp == ' ' || cp == '-' || cp == '.' || cp == '\'')
			continue;
		if (cp == 0x062C || cp == 0x063A || cp == 0x0642 || cp == 0x0643 || cp == 0x06AF) {
			cp = 0x0643;
			src = "\xd9\x83";
			n = 2;
		}
		if (cp == prev)
			continue;
		if (o + n + 1 > cap)
			return 0;
		memcpy(out + o, src, n);
		o += n;
		prev = cp;
	}
	if (o)
		out[o] = '\0';
	return o;
}

static size_t ref_cskel(const char *s, size_t len, char *out, size_t cap)
{
	size_t o = 0;
	uint32_t prev = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = ref_char(s, len, i, &cp);
		const char *src = s + i;
		i += n;
		if ((o > 0 && (cp == 0x0627 || cp == 0x0648 || cp == 0x064A)) || cp == prev)
			continue;
		if (o + n + 1 > cap)
			return 0;
		memcpy(out + o, src, n);
		o += n;
		prev = cp;
	}
	if (o)
		out[o] = '\0';
	return o;
}

static void check_skeletons(const char *s, size_t len)
{
	char a[ENTITY__KEY_MAX], b[ENTITY__KEY_MAX], ca[ENTITY__KEY_MAX], cb[ENTITY__KEY_MAX];
	for (size_t cap = 1; cap <= sizeof(a); cap = cap < 16 ? cap + 1 : cap * 2) {
		size_t la = entity__vskel(s, len, a, cap), lb = ref_vskel(s, len, b, cap);
		assert_int_equal(la, lb);
		assert_memory_equal(a, b, la);
		size_t ka = la ? entity__cskel(a, la, ca, cap) : 0;
		size_t kb = lb ? ref_cskel(b, lb, cb, cap) : 0;
		assert_int_equal(ka, kb);
		assert_memory_equal(ca, cb, ka);
	}
	/* one pass = the two in a row, when they fit */
	size_t lb = ref_vskel(s, len, b, sizeof(b));
	size_t kb = lb ? ref_cskel(b, lb, cb, sizeof(cb)) : 0;
	size_t ka = entity__name_cskel(s, len, ca, sizeof(ca));
	assert_int_equal(ka, kb);
	assert_memory_equal(ca, cb, ka);
	/* the three-letter head, when it tells: the code of the skeleton's
	 * first (up to) three letters, each U+0621..U+065F */
	uint32_t hd = entity__cskel_head(s, len);
	if (hd != ENTITY__NIL && len + 1 < sizeof(ca)) {
		assert_true(kb > 0);
		uint32_t want = 0;
		size_t o = 0;
		for (unsigned k = 0; k < 3 && o < kb; k++, o += 2) {
			uint32_t cp;
			assert_int_equal(ref_char(cb, kb, o, &cp), 2);
			assert_true(cp > 0x0620 && cp <= 0x065F);
			want |= (cp - 0x0620) << (6 * (2 - k));
		}
		assert_int_equal(hd, want);
	}
}

static void test_skeleton_fast_paths(void **state)
{
	(void)state;
	/* every listed name, normalised as the index does */
	for (size_t i = 0; i < entity_gazetteer_count(g_gaz); i++) {
		const entity_info *e = entity_gazetteer_get(g_gaz, i);
		for (size_t k = 0; k <= e->n_aliases; k++) {
			const char *f = k == 0 ? e->name_ar : e->aliases[k - 1];
			size_t nl;
			char *norm = text_normalize(f, strlen(f), &nl);
			if (norm == NULL)
				continue;
			check_skeletons(norm, nl);
			free(norm);
		}
	}
	/* random strings of Arabic letters (kaf class, long vowels, doubles),
	 * separators, Latin, three-byte characters and broken UTF-8 */
	static const char *const parts[] = { "\xd9\x83", "\xd9\x82", "\xd8\xac", "\xd8\xba",
		"\xda\xaf", "\xd8\xa7", "\xd9\x88", "\xd9\x8a", "\xd8\xb1", "\xd9\x86", "\xd8\xaa",
		" ", "-", ".", "'", "a", "K", "\xe2\x80\x90", "\xe2\x80\x91", "\xef\xbb\xbf",
		"\xd9", "\xc0\xa0", "\xc0\xad", "\x80", "\xf0\x9f\x98\x80", "\xe2\x80" };
	unsigned seed = 777;
	char buf[600];
	for (int round = 0; round < 20000; round++) {
		size_t o = 0;
		seed = seed * 1103515245u + 12345u;
		size_t n = (seed >> 16) % (round < 19000 ? 14 : 200);
		for (size_t w = 0; w < n; w++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = parts[(seed >> 16) % (sizeof(parts) / sizeof(parts[0]))];
			size_t pl = strlen(p);
			if (o + pl >= sizeof(buf))
				break;
			memcpy(buf + o, p, pl);
			o += pl;
		}
		check_skeletons(buf, o);
	}
}

static int group_setup(void **state)
{
	(void)state;
	char err[256];
	text_error terr;
	if (text_lexicon_load(LEXDIR, &g_lex, &terr) != TEXT_OK) {
		fprintf(stderr, "text lexicon: %s\n", terr.reason);
		return -1;
	}
	if (entity_gazetteer_load(GAZDIR, LEXDIR, &g_gaz, err, sizeof(err)) != 0) {
		fprintf(stderr, "gazetteer: %s\n", err);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	entity_gazetteer_destroy(g_gaz);
	text_lexicon_destroy(g_lex);
	return 0;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_gazetteer_accessors),
		cmocka_unit_test(test_gazetteer_open_roles),
		cmocka_unit_test(test_load_missing_dir),
		cmocka_unit_test(test_load_without_lexicon_no_rules),
		cmocka_unit_test(test_load_time),
		cmocka_unit_test(test_word_cache_across_docs),
		cmocka_unit_test(test_doc_person_info),
		cmocka_unit_test(test_article_roles_kirby),
		cmocka_unit_test(test_long_document),
		cmocka_unit_test(test_threads_share_gazetteer),
		cmocka_unit_test(test_random_word_soup),
		cmocka_unit_test(test_edge_inputs),
		cmocka_unit_test(test_every_form_found_alone),
		cmocka_unit_test(test_skeleton_fast_paths),
	};
	size_t total = N(fixed) + N(mcases) + N(rcases) + N(vcases) + N(lcases) + N(acases);
	struct CMUnitTest *t = calloc(total, sizeof(*t));
	char (*names)[96] = calloc(total, sizeof(*names));
	if (t == NULL || names == NULL)
		return 1;
	size_t k = 0;
	for (size_t i = 0; i < N(fixed); i++)
		t[k++] = fixed[i];
#define ADD(table, fn)                                                              \
	for (size_t i = 0; i < N(table); i++, k++) {                                \
		snprintf(names[k], sizeof(names[k]), "test_entity_%s", table[i].name); \
		t[k].name = names[k];                                               \
		t[k].test_func = fn;                                                \
		t[k].initial_state = (void *)&table[i];                             \
	}
	ADD(mcases, test_mention_case)
	ADD(rcases, test_role_case)
	ADD(vcases, test_variant_case)
	ADD(lcases, test_load_case)
	for (size_t i = 0; i < N(acases); i++, k++) {
		snprintf(names[k], sizeof(names[k]), "test_entity_article_%.3s", acases[i].file);
		t[k].name = names[k];
		t[k].test_func = test_article_case;
		t[k].initial_state = (void *)&acases[i];
	}
	int rc = _cmocka_run_group_tests("test_entity", t, k, group_setup, group_teardown);
	free(t);
	free(names);
	return rc;
}
