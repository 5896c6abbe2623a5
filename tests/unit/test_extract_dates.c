/* test_extract_dates: dates through extract.h. News-style sentences written
 * for these tests: every Gregorian month spelling (Egyptian/Gulf and
 * Levantine, paired and bracketed), numeric forms, weekday + date,
 * month-year, years that are dates and years that are not, seasons,
 * relative expressions against a publication date (with the sentence's
 * tense for bare weekdays), Hijri dates through ICU, and the publication
 * date from a dateline or from the latest date. Weekday anchors used below:
 * 2018-02-14, 2019-03-20 and 2021-05-12 are Wednesdays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract.h"

#include "test_extract_common.h"

#define DAY EXTRACT_PREC_DAY
#define MON EXTRACT_PREC_MONTH
#define SEA EXTRACT_PREC_SEASON
#define YR EXTRACT_PREC_YEAR

typedef struct {
	const char *text;
	const char *pub;  /* publication date given to extract_run, or NULL */
	const char *want; /* formatted date; NULL: the text must yield no date */
	uint8_t prec;
	const char *span; /* expected span, or NULL */
} dcase;

static const dcase absolute_cases[] = {
    {"تجتمع في واشنطن، الأربعاء 20 يوليو/تموز 2016، الدول المشاركة", NULL, "2016-07-20", DAY, "الأربعاء 20 يوليو/تموز 2016"},
    {"عقد آخر مؤتمر وزاري في بروكسل في 12 يوليو (تموز) 2018", NULL, "2018-07-12", DAY, "12 يوليو (تموز) 2018"},
    {"صدر البيان بتاريخ 30/11/2016 عن الوزارة", NULL, "2016-11-30", DAY, "30/11/2016"},
    {"صدر البيان بتاريخ 2016-11-30 عن الوزارة", NULL, "2016-11-30", DAY, "2016-11-30"},
    {"الأربعاء 30/نوفمبر/2016 - 05:25 م", NULL, "2016-11-30", DAY, "الأربعاء 30/نوفمبر/2016"},
    {"شهد ديسمبر (كانون الأول) 2017 فقدان التنظيم سيطرته", NULL, "2017-12", MON, "ديسمبر (كانون الأول) 2017"},
    {"أعلن النصر في ديسمبر 2017", NULL, "2017-12", MON, "ديسمبر 2017"},
    {"أعلن النصر في كانون الأول 2017", NULL, "2017-12", MON, "كانون الأول 2017"},
    {"وصل الوفد في أيار/مايو 2017", NULL, "2017-05", MON, "أيار/مايو 2017"},
    {"اجتماعا في كوبنهاغن الثلاثاء 09 أيار/مايو 2017 لتقييم الخطوات", NULL, "2017-05-09", DAY, "الثلاثاء 09 أيار/مايو 2017"},
    {"بدأت العملية في 3 يناير 2015", NULL, "2015-01-03", DAY, "3 يناير 2015"},
    {"بدأت العملية في كانون الثاني/يناير 2015", NULL, "2015-01", MON, NULL},
    {"اجتمع الوزراء في 5 شباط/فبراير 2015 في لندن", NULL, "2015-02-05", DAY, NULL},
    {"أطلقت الحملة في مارس 2018", NULL, "2018-03", MON, NULL},
    {"أطلقت الحملة في آذار 2018", NULL, "2018-03", MON, NULL},
    {"عقد المؤتمر في أبريل 2019", NULL, "2019-04", MON, NULL},
    {"عقد المؤتمر في ابريل 2019", NULL, "2019-04", MON, NULL},
    {"عقد المؤتمر في إبريل 2019", NULL, "2019-04", MON, NULL},
    {"عقد المؤتمر في نيسان 2019", NULL, "2019-04", MON, NULL},
    {"انسحبت القوات في مايو 2020", NULL, "2020-05", MON, NULL},
    {"سقطت الموصل في يونيو 2014", NULL, "2014-06", MON, NULL},
    {"سقطت الموصل في يونيه 2014", NULL, "2014-06", MON, NULL},
    {"سقطت الموصل في حزيران 2014", NULL, "2014-06", MON, NULL},
    {"سقطت الموصل في 10 يونيو/حزيران 2014", NULL, "2014-06-10", DAY, NULL},
    {"اجتمع التحالف في يوليو 2021", NULL, "2021-07", MON, NULL},
    {"اجتمع التحالف في يوليه 2021", NULL, "2021-07", MON, NULL},
    {"اجتمع التحالف في تموز 2021", NULL, "2021-07", MON, NULL},
    {"بدأت الغارات في أغسطس 2014", NULL, "2014-08", MON, NULL},
    {"بدأت الغارات في اغسطس 2014", NULL, "2014-08", MON, NULL},
    {"بدأت الغارات في 8 آب 2014", NULL, "2014-08-08", DAY, NULL},
    {"تشكل التحالف في سبتمبر 2014", NULL, "2014-09", MON, NULL},
    {"تشكل التحالف في أيلول 2014", NULL, "2014-09", MON, NULL},
    {"بدأت معركة الموصل في 17 أكتوبر 2016", NULL, "2016-10-17", DAY, NULL},
    {"بدأت معركة الموصل في 17 تشرين الأول 2016", NULL, "2016-10-17", DAY, "17 تشرين الأول 2016"},
    {"وقع الهجوم في 13 نوفمبر 2015 في باريس", NULL, "2015-11-13", DAY, NULL},
    {"وقع الهجوم في 13 تشرين الثاني/نوفمبر 2015 في باريس", NULL, "2015-11-13", DAY, NULL},
    {"أعلن العراق النصر في 9 كانون الأول/ديسمبر 2017", NULL, "2017-12-09", DAY, NULL},
    {"انتهت المهمة القتالية في ديسمبر 2021", NULL, "2021-12", MON, NULL},
    {"سقطت الباغوز في 23 مارس 2019", NULL, "2019-03-23", DAY, NULL},
    {"صدر القرار في 1/7/2019", NULL, "2019-07-01", DAY, NULL},
    {"صدر القرار في 2019/7/1", NULL, "2019-07-01", DAY, NULL},
    {"صدر القرار في 20-7-2016", NULL, "2016-07-20", DAY, NULL},
    {"الأربعاء، 20 يوليو 2016", NULL, "2016-07-20", DAY, NULL},
    {"وذكرت الولايات المتحدة، اليوم الأربعاء 30 نوفمبر 2016، أن التحالف حقق تقدما", NULL, "2016-11-30", DAY, "اليوم الأربعاء 30 نوفمبر 2016"},
    {"وقع الاتفاق يوم الخميس 15 فبراير 2018", NULL, "2018-02-15", DAY, "يوم الخميس 15 فبراير 2018"},
    {"أعلنت الوزارة في 3 مارس 2022م", NULL, "2022-03-03", DAY, NULL},
    {"بدأت الغارات في الخامس عشر من أغسطس 2014", NULL, "2014-08-15", DAY, "الخامس عشر من أغسطس 2014"},
    {"أعلن النصر في العاشر من كانون الأول 2017", NULL, "2017-12-10", DAY, NULL},
    {"اجتمع الوزراء في الحادي والعشرين من مارس 2018", NULL, "2018-03-21", DAY, NULL},
    {"سقطت المدينة في 20 من يونيو 2014", NULL, "2014-06-20", DAY, "20 من يونيو 2014"},
    {"عقد الاجتماع يوم 6 فبراير 2019 في واشنطن", NULL, "2019-02-06", DAY, NULL},
    {"سقطت الرقة في 17 تشرين الأول/أكتوبر 2017", NULL, "2017-10-17", DAY, NULL},
    {"أعلن الانتصار في كانون الأول (ديسمبر) 2017", NULL, "2017-12", MON, NULL},
    {"انطلقت عملية نبع السلام في 9 أكتوبر عام 2019", NULL, "2019-10-09", DAY, "9 أكتوبر عام 2019"},
};

static const dcase year_cases[] = {
    {"الأراضي التي سيطر عليها في 2014 وفق واشنطن", NULL, "2014", YR, "2014"},
    {"تأسس التحالف عام 2014", NULL, "2014", YR, "عام 2014"},
    {"في النصف الأول من العام 2014", NULL, "2014", YR, "العام 2014"},
    {"يقاتل التنظيم منذ 2014", NULL, "2014", YR, "2014"},
    {"يقاتل التنظيم منذ العام 2014", NULL, "2014", YR, "العام 2014"},
    {"خصصت الميزانية لعام 2017", NULL, "2017", YR, NULL},
    {"تراجعت الهجمات خلال 2018", NULL, "2018", YR, NULL},
    {"تستمر المهمة حتى 2020", NULL, "2020", YR, NULL},
    {"اعتمدت الخطة سنة 2015", NULL, "2015", YR, NULL},
    {"بدأ الانسحاب مطلع 2015", NULL, "2015", YR, NULL},
    {"تراجع التنظيم أواخر عام 2017", NULL, "2017", YR, NULL},
    {"يتوقع انتهاء المعارك نهاية 2019", NULL, "2019", YR, NULL},
    {"انضم 2014 مقاتلا إلى التنظيم", NULL, NULL, 0, NULL},
    {"سقط 2016 قتيلا", NULL, NULL, 0, NULL},
    {"نفذ التحالف 2015 غارة", NULL, NULL, 0, NULL},
    {"قاتل التنظيم بين عامي 2014 و2017", NULL, "2017", YR, "2017"},
    {"قاتل التنظيم بين عامي 2014 و2017", NULL, "2014", YR, "عامي 2014"},
    {"تبنى مجلس الأمن القرار رقم 2254 بالإجماع", NULL, NULL, 0, NULL},
    {"خلال 1500 كيلومتر من الحدود", NULL, NULL, 0, NULL},
};

static const dcase season_cases[] = {
    {"بدأت الحملة في خريف 2014", NULL, "2014-09", SEA, "خريف 2014"},
    {"سيطر على الموصل في صيف عام 2014", NULL, "2014-06", SEA, "صيف عام 2014"},
    {"بدأت الحملة العسكرية في خريف العام 2014", NULL, "2014-09", SEA, "خريف العام 2014"},
    {"اشتدت المعارك شتاء 2015", NULL, "2015-12", SEA, NULL},
    {"بدأت المعركة ربيع 2016", NULL, "2016-03", SEA, NULL},
    {"انسحب المسلحون في الصيف الماضي", "2019-03-20", "2018-06", SEA, NULL},
    {"وسيبدأ التحالف طلعات لطائرات أواكس هذا الخريف", "2016-07-19", "2016-09", SEA, "هذا الخريف"},
    {"ستبدأ العملية الربيع المقبل", "2019-07-10", "2020-03", SEA, NULL},
};

static const dcase relative_cases[] = {
    {"أعلن الجيش اليوم سيطرته على الحي", "2017-03-22", "2017-03-22", DAY, "اليوم"},
    {"ذكرت الحركة في تقرير لها أمس أن الهجوم فشل", "2016-11-30", "2016-11-29", DAY, "أمس"},
    {"وصل الوفد أول أمس إلى بغداد", "2017-03-22", "2017-03-20", DAY, "أول أمس"},
    {"يصل الوزير غدا إلى أنقرة", "2017-03-22", "2017-03-23", DAY, "غدا"},
    {"يجتمع الوزراء بعد غد في باريس", "2017-03-22", "2017-03-24", DAY, NULL},
    {"وقال فالس في باريس، أمس الثلاثاء: سنعزز قدرات التحالف", "2016-07-20", "2016-07-19", DAY, "أمس الثلاثاء"},
    {"وقال الوزير الاثنين إن المعركة طويلة", "2018-02-14", "2018-02-12", DAY, "الاثنين"},
    {"وسيعقد اجتماع مشترك الخميس لوزراء الدفاع", "2018-02-14", "2018-02-15", DAY, "الخميس"},
    {"سوف يجتمع الوزراء السبت في الرياض", "2018-02-14", "2018-02-17", DAY, NULL},
    {"يجتمع الوزراء الخميس المقبل في روما", "2018-02-14", "2018-02-15", DAY, "الخميس المقبل"},
    {"اجتمع الوزراء الأحد الماضي في عمان", "2018-02-14", "2018-02-11", DAY, "الأحد الماضي"},
    {"أعلن الجيش الأربعاء استعادة المدينة", "2018-02-14", "2018-02-14", DAY, NULL},
    {"وقعت الهجمات يوم الجمعة في المدينة", "2019-03-20", "2019-03-15", DAY, "يوم الجمعة"},
    {"وزار الوزير موسكو، الجمعة، حيث اتفق مع المسؤولين", "2016-07-20", "2016-07-15", DAY, NULL},
    {"وأكد المرصد، الثلاثاء، أن نحو 60 مدنيا قتلوا", "2016-07-20", "2016-07-19", DAY, NULL},
    {"وسيتحدث الأعضاء عن العراق الذي سيكون محور مؤتمر للمانحين الأربعاء", "2016-07-20", "2016-07-20", DAY, NULL},
    {"يجتمع الوزراء الاثنين المقبل", "2021-05-12", "2021-05-17", DAY, NULL},
    {"قصفت الطائرات المدينة السبت", "2021-05-12", "2021-05-08", DAY, NULL},
    {"تجتمع الدول الأربعاء 20 يوليو/تموز 2016، والخميس، في واشنطن", NULL, "2016-07-21", DAY, "والخميس"},
    {"تراجعت الهجمات الشهر الماضي", "2019-03-20", "2019-02", MON, "الشهر الماضي"},
    {"تنتهي المهلة الشهر الجاري", "2019-03-20", "2019-03", MON, NULL},
    {"تصاعدت الغارات خلال الشهر الحالي", "2019-03-20", "2019-03", MON, NULL},
    {"يعقد المؤتمر الشهر المقبل في برلين", "2019-03-20", "2019-04", MON, NULL},
    {"يصل الوفد أواخر الشهر", "2019-03-20", "2019-03", MON, "أواخر الشهر"},
    {"بعد قمة وارسو التي عقدت أوائل هذا الشهر", "2016-07-19", "2016-07", MON, "أوائل هذا الشهر"},
    {"تراجعت الهجمات الشهر الماضي", "2020-01-10", "2019-12", MON, NULL},
    {"ارتفعت الهجمات العام الماضي", "2019-03-20", "2018", YR, "العام الماضي"},
    {"تنتهي المهمة العام المقبل", "2019-03-20", "2020", YR, NULL},
    {"لإرساء الاستقرار في العراق هذا العام", "2019-02-06", "2019", YR, "هذا العام"},
    {"تراجعت الهجمات السنة الماضية", "2019-03-20", "2018", YR, NULL},
    {"في 15 فبراير (شباط) الحالي على هامش مؤتمر ميونخ", "2019-02-06", "2019-02-15", DAY, "15 فبراير (شباط) الحالي"},
    {"أعلنت الحكومة في 9 ديسمبر الانتصار", "2019-02-06", "2018-12-09", DAY, "9 ديسمبر"},
    {"تعقد القمة في 3 مارس في بروكسل", "2019-02-06", "2019-03-03", DAY, NULL},
    {"وقع الهجوم في 20 يوليو الماضي", "2019-02-06", "2018-07-20", DAY, NULL},
    {"قبل نهاية عهد أوباما في يناير/كانون الثاني", "2016-07-20", "2017-01", MON, "يناير/كانون الثاني"},
    {"يعقد الاجتماع في أبريل", "2019-02-06", "2019-04", MON, NULL},
    {"وصلت التعزيزات في آب", "2015-10-10", "2015-08", MON, NULL},
    {"أعلن الانتصار في ديسمبر 2017. وأعلنت الحكومة في 9 ديسمبر أن الحرب انتهت", "2019-02-06", "2017-12-09", DAY, "9 ديسمبر"},
    {"تعرض الجيش لخسائر في 2015. وفي ذلك العام تشكل التحالف", NULL, "2015", YR, "ذلك العام"},
    {"وصل الوفد أمس الأول إلى بغداد", "2017-03-22", "2017-03-20", DAY, "أمس الأول"},
    {"وقال الوزير الثلاثاء إن بلاده ستواصل دعم العراق", "2018-02-14", "2018-02-13", DAY, "الثلاثاء"},
    {"أعلنت الوزارة أنها ستعقد اجتماعا الخميس", "2018-02-14", "2018-02-15", DAY, NULL},
    {"ومن المقرر أن يلتقي الوزراء الجمعة في الرياض", "2018-02-14", "2018-02-16", DAY, NULL},
    {"وتعتزم الدول عقد اجتماع الاثنين", "2018-02-14", "2018-02-19", DAY, NULL},
    {"يعقد الاجتماع منتصف الشهر المقبل", "2019-03-20", "2019-04", MON, "منتصف الشهر المقبل"},
    {"وصلت التعزيزات مطلع الشهر الجاري", "2019-03-20", "2019-03", MON, NULL},
    {"أعلنت الخطة منتصف العام الماضي", "2019-03-20", "2018", YR, NULL},
    {"تعقد القمة منتصف يونيو في بروكسل", "2021-05-12", "2021-06", MON, "منتصف يونيو"},
    {"وصل المبعوث شهر يوليو الماضي", "2021-05-12", "2020-07", MON, NULL},
    {"قصفت الطائرات مواقع التنظيم فجر اليوم", "2021-05-12", "2021-05-12", DAY, "اليوم"},
    {"وقال المتحدث مساء أمس إن الهجوم فشل", "2021-05-12", "2021-05-11", DAY, "أمس"},
    {"يعقد الاجتماع في 13 فبراير 2018، على أن يعقد مؤتمر المانحين منتصف الشهر نفسه", NULL, "2018-02", MON, "منتصف الشهر نفسه"},
    {"أعلن التنظيم الخلافة في حزيران/يونيو 2014، وفي العام نفسه تشكل التحالف", NULL, "2014", YR, "العام نفسه"},
    {"يعقد المؤتمر في الـ20 من الشهر الجاري", "2019-03-05", "2019-03-20", DAY, "20 من الشهر الجاري"},
    {"وقع الهجوم في العشرين من الشهر الماضي", "2019-03-05", "2019-02-20", DAY, NULL},
    {"تنتهي المهلة في 31 من الشهر المقبل", "2019-03-05", NULL, 0, NULL},
};

static const dcase hijri_cases[] = {
    {"الاثنين 15 رمضان 1437 هـ", NULL, "2016-06-20", DAY, "الاثنين 15 رمضان 1437 هـ"},
    {"صدر البيان في 17 ربيع الآخر 1438", NULL, "2017-01-15", DAY, NULL},
    {"صدر البيان في 17 ربيع الثاني 1438هـ", NULL, "2017-01-15", DAY, NULL},
    {"بدأ العام الهجري في 1 محرم 1436 هـ", NULL, "2014-10-25", DAY, NULL},
    {"صادف العيد 10 ذو الحجة 1439 هـ", NULL, "2018-08-21", DAY, NULL},
    {"صادف العيد 10 ذي الحجة 1439 هـ", NULL, "2018-08-21", DAY, NULL},
    {"كان عيد الفطر في 1 شوال 1440 هـ", NULL, "2019-06-04", DAY, NULL},
    {"انطلقت الحملة في شهر رمضان 1437 هـ", NULL, "2016-06", MON, NULL},
    {"وصل رجب طيب أردوغان إلى الرياض", NULL, NULL, 0, NULL},
    {"انخفضت الحرارة إلى درجة صفر", NULL, NULL, 0, NULL},
    {"خلال شهر رمضان المبارك", NULL, NULL, 0, NULL},
    {"كان أب لثلاثة أطفال", NULL, NULL, 0, NULL},
    {"وفي اليوم التالي انسحب المسلحون", "2021-05-12", NULL, 0, NULL},
    {"احتفلت البلاد باليوم الوطني", "2021-05-12", NULL, 0, NULL},
    {"وغدا التنظيم أضعف من أي وقت مضى", "2021-05-12", NULL, 0, NULL},
    {"شهدت المنطقة أحداث الربيع العربي", "2021-05-12", NULL, 0, NULL},
    {"الثلاثاء 1437/9/15 هـ الموافق 20 يونيو 2016 م", NULL, "2016-06-20", DAY, "الثلاثاء 1437/9/15 هـ"},
    {"صدر الأمر الملكي بتاريخ 1438/4/17هـ", NULL, "2017-01-15", DAY, NULL},
    {"أقرت الميزانية في عام 1437 هـ", NULL, "2015", YR, "عام 1437 هـ"},
};

static int
run_table(const dcase *t, size_t n, const char *name)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const dcase *c = &t[i];
		tx_run x = tx_extract(c->text, c->pub);
		size_t nd;
		const extract_date *d = extract_result_dates(x.r, &nd);
		bool ok = false;
		char buf[16];
		if (c->want == NULL) {
			ok = nd == 0;
		}
		for (size_t k = 0; k < nd && !ok && c->want != NULL; k++) {
			ok = d[k].precision == c->prec &&
			    strcmp(extract_ymd_format(d[k].date, d[k].precision, buf), c->want) == 0 &&
			    (c->span == NULL || tx_span_is(&x, d[k].span, c->span));
		}
		if (!ok) {
			size_t len;
			const char *b = text_doc_bytes(x.doc, &len);
			printf("FAIL %s[%zu] \"%s\" (pub %s): want %s prec %d\n", name, i, c->text,
			    c->pub ? c->pub : "-", c->want ? c->want : "nothing", c->prec);
			for (size_t k = 0; k < nd; k++) {
				printf("   got %s prec %d \"%.*s\"\n",
				    extract_ymd_format(d[k].date, d[k].precision, buf), d[k].precision,
				    (int) (d[k].span.end - d[k].span.start), b + d[k].span.start);
			}
			bad++;
		}
		tx_free(&x);
	}
	printf("%s: %zu cases, %d failed\n", name, n, bad);
	return bad;
}


TABLE_TEST(test_extract_date_absolute, absolute_cases)
TABLE_TEST(test_extract_date_years, year_cases)
TABLE_TEST(test_extract_date_seasons, season_cases)
TABLE_TEST(test_extract_date_relative, relative_cases)
TABLE_TEST(test_extract_date_hijri, hijri_cases)

static void
test_extract_date_season_end(void **state)
{
	(void) state;
	tx_run x = tx_extract("اشتدت المعارك شتاء 2015", NULL);
	size_t nd;
	const extract_date *d = extract_result_dates(x.r, &nd);
	assert_int_equal(nd, 1);
	assert_int_equal(d[0].end.year, 2016);
	assert_int_equal(d[0].end.month, 2);
	tx_free(&x);
}

static void
test_extract_date_day_ranges(void **state)
{
	(void) state;
	static const struct {
		const char *text;
		const char *span;
		int from, to, month, year;
		size_t numbers; /* numbers left outside the date */
	} cases[] = {
	    {"نفذ التحالف 15 ضربة بين 13 و19 نيسان/أبريل", "بين 13 و19 نيسان/أبريل", 13, 19, 4, 2018, 1},
	    {"تعقد الدورة من 3 إلى 7 ديسمبر 2017 في الرياض", "من 3 إلى 7 ديسمبر 2017", 3, 7, 12, 2017, 0},
	    {"عقدت الاجتماعات 13-15 فبراير 2018", "13-15 فبراير 2018", 13, 15, 2, 2018, 0},
	    /* a dual يومي or a preposition joins two days with و into one period */
	    {"اجتمع المدراء السياسيون يومي 3 و4 حزيران/يونيو في باريس", "يومي 3 و4 حزيران/يونيو", 3, 4, 6, 2018, 0},
	    {"تعقد ورشة التدريب في 11 و12 تموز المقبل", "11 و12 تموز المقبل", 11, 12, 7, 2018, 0},
	    {"زار الوفد أربيل يومَي 20 و21 آذار 2017", "يومَي 20 و21 آذار 2017", 20, 21, 3, 2017, 0},
	    {"تجري المناورات ما بين 3 و5 حزيران 2019", "ما بين 3 و5 حزيران 2019", 3, 5, 6, 2019, 0},
	    {"تستمر الحملة من 3 حتى 9 تموز", "من 3 حتى 9 تموز", 3, 9, 7, 2018, 0},
	    {"يزور الوزير بغداد من 8 الى 10 يونيو", "من 8 الى 10 يونيو", 8, 10, 6, 2018, 0},
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		tx_run x = tx_extract(cases[k].text, "2018-05-23");
		size_t nd, nn;
		const extract_date *d = extract_result_dates(x.r, &nd);
		extract_result_numbers(x.r, &nn);
		if (nd != 1 || !tx_span_is(&x, d[0].span, cases[k].span)) {
			printf("FAIL day range [%zu] \"%s\": %zu dates\n", k, cases[k].text, nd);
		}
		assert_int_equal(nd, 1);
		assert_true(tx_span_is(&x, d[0].span, cases[k].span));
		assert_int_equal(d[0].date.day, cases[k].from);
		assert_int_equal(d[0].end.day, cases[k].to);
		assert_int_equal(d[0].date.month, cases[k].month);
		assert_int_equal(d[0].end.month, cases[k].month);
		assert_int_equal(d[0].date.year, cases[k].year);
		assert_int_equal(nn, cases[k].numbers); /* the days are not numbers */
		tx_free(&x);
	}
}

/* "شهري آذار ونيسان الماضيين": one period of months, date = first, end =
 * second; relative pairs resolve like a month alone. */
static void
test_extract_date_month_pairs(void **state)
{
	(void) state;
	static const struct {
		const char *text, *pub, *span;
		int y, m, ey, em;
		bool relative;
	} cases[] = {
	    {"تراجعت الهجمات خلال شهري آذار ونيسان الماضيين", "2017-05-09", "شهري آذار ونيسان الماضيين", 2017, 3, 2017, 4, true},
	    {"ستصل التعزيزات في شهري حزيران وتموز المقبلين", "2017-05-09", "شهري حزيران وتموز المقبلين", 2017, 6, 2017, 7, true},
	    {"اشتدت المعارك في شهري يوليو وأغسطس 2016", "2017-05-09", "شهري يوليو وأغسطس 2016", 2016, 7, 2016, 8, false},
	    {"تراجعت الغارات خلال شهري كانون الأول وكانون الثاني الماضيين", "2018-02-20", NULL, 2017, 12, 2018, 1, true},
	    {"نفذ التحالف 300 غارة خلال شهري مارس و أبريل من العام", "2019-06-01", "شهري مارس و أبريل", 2019, 3, 2019, 4, true},
	    {"بلغت الخسائر ذروتها في شهري أيار/مايو وحزيران/يونيو عام 2015", NULL, "شهري أيار/مايو وحزيران/يونيو عام 2015", 2015, 5, 2015, 6, false},
	    /* a month range: من M1 إلى/حتى M2, بين M1 و M2 */
	    {"استمرت المعركة من حزيران إلى آب 2016", "2017-05-09", "من حزيران إلى آب 2016", 2016, 6, 2016, 8, false},
	    {"تراجعت الهجمات في الفترة ما بين آذار ونيسان 2017", NULL, "ما بين آذار ونيسان 2017", 2017, 3, 2017, 4, false},
	    {"ستتواصل الغارات من أكتوبر حتى ديسمبر المقبل", "2017-05-09", "من أكتوبر حتى ديسمبر المقبل", 2017, 10, 2017, 12, true},
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		tx_run x = tx_extract(cases[k].text, cases[k].pub);
		size_t nd;
		const extract_date *d = extract_result_dates(x.r, &nd);
		bool ok = nd == 1 && d[0].precision == EXTRACT_PREC_MONTH && d[0].date.year == cases[k].y &&
		    d[0].date.month == cases[k].m && d[0].end.year == cases[k].ey &&
		    d[0].end.month == cases[k].em && d[0].relative == cases[k].relative &&
		    (cases[k].span == NULL || tx_span_is(&x, d[0].span, cases[k].span));
		if (!ok) {
			size_t len;
			const char *b = text_doc_bytes(x.doc, &len);
			printf("FAIL month pair [%zu] \"%s\": %zu dates\n", k, cases[k].text, nd);
			for (size_t m = 0; m < nd; m++) {
				printf("   %d-%d .. %d-%d prec %d \"%.*s\"\n", d[m].date.year, d[m].date.month,
				    d[m].end.year, d[m].end.month, d[m].precision,
				    (int) (d[m].span.end - d[m].span.start), b + d[m].span.start);
			}
		}
		assert_true(ok);
		tx_free(&x);
	}
}

static void
test_extract_date_hijri_flag(void **state)
{
	(void) state;
	tx_run x = tx_extract("الاثنين 15 رمضان 1437 هـ الموافق 20 يونيو 2016", NULL);
	size_t nd;
	const extract_date *d = extract_result_dates(x.r, &nd);
	assert_int_equal(nd, 2);
	assert_true(d[0].hijri);
	assert_false(d[1].hijri);
	assert_int_equal(d[0].date.year, d[1].date.year);
	assert_int_equal(d[0].date.month, d[1].date.month);
	assert_int_equal(d[0].date.day, d[1].date.day);
	tx_free(&x);
}

static void
test_extract_published_dateline(void **state)
{
	(void) state;
	tx_run x = tx_extract("التحالف يعترف بفشله\n\nالأربعاء 30/نوفمبر/2016 - 05:25 م\n"
	                      "وبدأ التحالف هجماته في 15 أغسطس 2014. وذكرت البوابة أمس أن الحملة مستمرة.",
	    NULL);
	extract_date_source src;
	extract_ymd p = extract_result_published(x.r, &src);
	assert_int_equal(src, EXTRACT_SRC_DATELINE);
	assert_int_equal(p.year, 2016);
	assert_int_equal(p.month, 11);
	assert_int_equal(p.day, 30);
	size_t nd;
	const extract_date *d = extract_result_dates(x.r, &nd);
	bool have_yesterday = false;
	for (size_t k = 0; k < nd; k++) {
		if (d[k].relative && d[k].date.day == 29 && d[k].date.month == 11) {
			have_yesterday = true;
		}
	}
	assert_true(have_yesterday);
	tx_free(&x);
}

static void
test_extract_published_agency_dateline(void **state)
{
	(void) state;
	tx_run x = tx_extract("بغداد - (أ ف ب) - الأحد 10 كانون الأول/ديسمبر 2017\n"
	                      "أعلن رئيس الوزراء السبت انتهاء الحرب بعد معارك بدأت في حزيران/يونيو 2014 "
	                      "واستمرت أكثر من ثلاث سنوات، ويجتمع الوزراء في 13 فبراير 2018.",
	    NULL);
	extract_date_source src;
	extract_ymd p = extract_result_published(x.r, &src);
	assert_int_equal(src, EXTRACT_SRC_DATELINE);
	assert_int_equal(p.year, 2017);
	assert_int_equal(p.month, 12);
	assert_int_equal(p.day, 10);
	size_t nd;
	const extract_date *d = extract_result_dates(x.r, &nd);
	assert_true(nd >= 2);
	assert_int_equal(d[1].date.day, 9); /* السبت: the day before */
	tx_free(&x);
}

static void
test_extract_published_inferred(void **state)
{
	(void) state;
	tx_run x = tx_extract("عقد آخر اجتماع في 12 يوليو 2018، بعد اجتماع في 3 مارس 2017. "
	                      "وقال الوزير الثلاثاء إن الحرب مستمرة، ويعقد الاجتماع المقبل في 2019.",
	    NULL);
	extract_date_source src;
	extract_ymd p = extract_result_published(x.r, &src);
	assert_int_equal(src, EXTRACT_SRC_INFERRED);
	assert_int_equal(p.year, 2018);
	assert_int_equal(p.month, 7);
	assert_int_equal(p.day, 12);
	tx_free(&x);
}

static void
test_extract_published_none(void **state)
{
	(void) state;
	tx_run x = tx_extract("قال الوزير إن الحرب مستمرة وإن الأمس كان صعبا.", NULL);
	extract_date_source src;
	extract_ymd p = extract_result_published(x.r, &src);
	assert_int_equal(src, EXTRACT_SRC_NONE);
	assert_int_equal(p.year, 0);
	size_t nd;
	extract_result_dates(x.r, &nd);
	assert_int_equal(nd, 0);
	tx_free(&x);
}

static void
test_extract_published_given_wins(void **state)
{
	(void) state;
	tx_run x = tx_extract("الأربعاء 30/نوفمبر/2016 - 05:25 م\nوقال الوزير أمس", "2016-12-01");
	extract_date_source src;
	extract_ymd p = extract_result_published(x.r, &src);
	assert_int_equal(src, EXTRACT_SRC_MANIFEST);
	assert_int_equal(p.day, 1);
	tx_free(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_extract_date_absolute),
	    cmocka_unit_test(test_extract_date_years),
	    cmocka_unit_test(test_extract_date_seasons),
	    cmocka_unit_test(test_extract_date_relative),
	    cmocka_unit_test(test_extract_date_hijri),
	    cmocka_unit_test(test_extract_date_season_end),
	    cmocka_unit_test(test_extract_date_day_ranges),
	    cmocka_unit_test(test_extract_date_month_pairs),
	    cmocka_unit_test(test_extract_date_hijri_flag),
	    cmocka_unit_test(test_extract_published_dateline),
	    cmocka_unit_test(test_extract_published_agency_dateline),
	    cmocka_unit_test(test_extract_published_inferred),
	    cmocka_unit_test(test_extract_published_none),
	    cmocka_unit_test(test_extract_published_given_wins),
	};
	return cmocka_run_group_tests(tests, tx_group_setup, tx_group_teardown);
}
