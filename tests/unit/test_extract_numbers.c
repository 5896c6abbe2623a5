/* test_extract_numbers: numbers and quantities through extract.h. Tables of
 * news-style sentences written for these tests (other meetings, other
 * years), one row per form the recognisers must read: digits with
 * separators, number words in all cases and genders, mixed digits + scale
 * words, vague amounts, qualifiers, ranges, ordinals and every unit family;
 * then sentences that must yield nothing. Each table runs as one cmocka
 * test that reports every failing row before failing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "extract.h"

#include "test_extract_common.h"

#define EX EXTRACT_APPROX_EXACT
#define AB EXTRACT_APPROX_ABOUT
#define AL EXTRACT_APPROX_AT_LEAST
#define AM EXTRACT_APPROX_AT_MOST
#define RG EXTRACT_APPROX_RANGE
#define VG EXTRACT_APPROX_VAGUE

typedef struct {
	const char *text;
	double value;
	double value_max; /* 0: same as value */
	uint8_t approx;
	const char *unit; /* NULL: a number without a unit */
	bool ordinal;
	const char *span; /* expected span of the quantity (number if no unit), or NULL */
} ncase;

static const ncase digit_cases[] = {
    {"شن التحالف 14,000 غارة منذ بدء الحملة", 14000, 0, EX, "strike", false, "14,000 غارة"},
    {"شن التحالف ١٤٬٠٠٠ غارة منذ بدء الحملة", 14000, 0, EX, "strike", false, NULL},
    {"ارتفعت نسبة المشاركة إلى 3.5% هذا العام", 3.5, 0, EX, "percent", false, "3.5%"},
    {"ارتفعت نسبة المشاركة إلى ٣٫٥٪", 3.5, 0, EX, "percent", false, NULL},
    {"نفذ التحالف 12.450 غارة في العراق وسوريا منذ 2014", 12450, 0, EX, "strike", false, NULL},
    {"تعهدت الدول المانحة بتقديم 3.5 مليار دولار للعراق", 3.5e9, 0, EX, "USD", false, "3.5 مليار دولار"},
    {"يعيش 3.5 ملايين نازح في المخيمات", 3.5e6, 0, EX, "displaced", false, NULL},
    {"أرسلت بريطانيا 1,500 جندي إلى المنطقة", 1500, 0, EX, "soldier", false, NULL},
    {"بلغت كلفة البرنامج 1.2 مليون يورو", 1.2e6, 0, EX, "EUR", false, NULL},
    {"قتل 25 مدنيا في الغارة", 25, 0, EX, "civilian", false, "25 مدنيا"},
    {"قتل ٢٥ مدنياً في الغارة", 25, 0, EX, "civilian", false, NULL},
    {"أنفقت الوزارة 2.750 مليون دولار", 2.75e6, 0, EX, "USD", false, NULL},
    {"بلغت النسبة 12.5 في المئة", 12.5, 0, EX, "percent", false, NULL},
    {"دمرت الغارات 1.200 موقع للتنظيم", 1200, 0, EX, "site", false, NULL},
    {"بلغ عدد سكان المدينة 1,200,000 نسمة", 1200000, 0, EX, "person", false, NULL},
    {"نقلت الطائرات 4600 جندي", 4600, 0, EX, "soldier", false, NULL},
};

static const ncase word_cases[] = {
    {"شاركت ثلاث دول في الاجتماع", 3, 0, EX, "country", false, "ثلاث دول"},
    {"أرسلت ألمانيا ثلاثة آلاف جندي", 3000, 0, EX, "soldier", false, "ثلاثة آلاف جندي"},
    {"قتل خمسة وعشرون مدنيا في القصف", 25, 0, EX, "civilian", false, NULL},
    {"شاركت خمس وعشرون دولة في المؤتمر", 25, 0, EX, "country", false, NULL},
    {"اجتمع ممثلو أربع عشرة دولة في الرياض", 14, 0, EX, "country", false, NULL},
    {"سقط أحد عشر قتيلا في الهجوم", 11, 0, EX, "killed", false, NULL},
    {"أصيب اثنا عشر جنديا في الانفجار", 12, 0, EX, "soldier", false, NULL},
    {"انضمت إحدى عشرة دولة إلى المبادرة", 11, 0, EX, "country", false, NULL},
    {"قتل عشرون مقاتلا في المعارك", 20, 0, EX, "fighter", false, NULL},
    {"نفذت الطائرات ثلاثين غارة على مواقع التنظيم", 30, 0, EX, "strike", false, NULL},
    {"وصل مئة جندي إلى القاعدة", 100, 0, EX, "soldier", false, NULL},
    {"نفذ التحالف مائة وخمسين غارة", 150, 0, EX, "strike", false, NULL},
    {"وصل مئتا جندي إلى أربيل", 200, 0, EX, "soldier", false, NULL},
    {"قتل أكثر من مئتي مقاتل", 200, 0, AL, "fighter", false, NULL},
    {"أرسلت الدنمارك ثلاثمئة عسكري", 300, 0, EX, "military_personnel", false, NULL},
    {"انشق خمسمائة مقاتل عن التنظيم", 500, 0, EX, "fighter", false, NULL},
    {"نشرت كندا ألف جندي في الكويت", 1000, 0, EX, "soldier", false, NULL},
    {"وصل ألفا جندي إلى المنطقة", 2000, 0, EX, "soldier", false, NULL},
    {"قررت واشنطن سحب ألفي جندي من سوريا", 2000, 0, EX, "soldier", false, "ألفي جندي"},
    {"وصل ألفان وخمسمئة لاجئ إلى الحدود", 2500, 0, EX, "refugee", false, NULL},
    {"خصصت اليابان مليون دولار للإغاثة", 1e6, 0, EX, "USD", false, NULL},
    {"قدمت الكويت مليوني دولار", 2e6, 0, EX, "USD", false, NULL},
    {"تبرعت قطر بمليار دولار", 1e9, 0, EX, "USD", false, NULL},
    {"جمع المؤتمر ملياري دولار من أجل العراق", 2e9, 0, EX, "USD", false, "ملياري دولار"},
    {"مليارا دولار من أجل العراق", 2e9, 0, EX, "USD", false, NULL},
    {"قتل التنظيم ألفاً من المدنيين", 1000, 0, EX, "civilian", false, NULL},
    {"يضم التنظيم أربعين ألف مقاتل", 40000, 0, EX, "fighter", false, NULL},
    {"جند التنظيم أربعين ألفا من المقاتلين الأجانب", 40000, 0, EX, "fighter", false, NULL},
    {"نشرت تركيا ثلاثة عشر ألف جندي على الحدود", 13000, 0, EX, "soldier", false, NULL},
    {"نزح مئة ألف نازح من المدينة", 100000, 0, EX, "displaced", false, NULL},
    {"استقبلت الأردن نصف مليون لاجئ", 500000, 0, EX, "refugee", false, NULL},
    {"نزح ربع مليون شخص من المدينة", 250000, 0, EX, "person", false, NULL},
    {"خصصت الحكومة مليون وربع دولار", 1.25e6, 0, EX, "USD", false, NULL},
    {"استقبلت تركيا مليون ونصف لاجئ", 1.5e6, 0, EX, "refugee", false, NULL},
    {"استقبلت تركيا مليون ونصف المليون لاجئ", 1.5e6, 0, EX, "refugee", false, NULL},
    {"تعهد المانحون بتريليون دولار", 1e12, 0, EX, "USD", false, NULL},
    {"بلغ عدد الضربات مائة وإحدى عشرة ضربة", 111, 0, EX, "strike", false, NULL},
    {"وصل ألف واثنا عشر لاجئا", 1012, 0, EX, "refugee", false, NULL},
    {"استمرت المعركة سبعة أشهر", 7, 0, EX, "month", false, NULL},
    {"قضى في السجن ست سنوات", 6, 0, EX, "year", false, NULL},
    {"استمر الحصار ثمانية أيام", 8, 0, EX, "day", false, NULL},
    {"توقفت الغارات عشرة أيام", 10, 0, EX, "day", false, NULL},
    {"رفضت تسع دول التوقيع", 9, 0, EX, "country", false, NULL},
    {"شاركت ثماني دول عربية", 8, 0, EX, "country", false, NULL},
    {"اعتقلت الشرطة ستة أشخاص", 6, 0, EX, "person", false, NULL},
    {"أرسلت أستراليا اثنتي عشرة طائرة", 12, 0, EX, "aircraft", false, NULL},
    {"قتل ثلاثة وأربعون مسلحا", 43, 0, EX, "militant", false, NULL},
    {"بلغ عدد الضربات تسعمائة وتسعين ضربة", 990, 0, EX, "strike", false, NULL},
    {"استقبل المخيم أربعة آلاف وخمسمائة نازح", 4500, 0, EX, "displaced", false, NULL},
    {"وصل سبعون ألف لاجئ", 70000, 0, EX, "refugee", false, NULL},
};

static const ncase mixed_cases[] = {
    {"أميركا تجتمع بالتحالف.. 14 ألف غارة أفقدته أراضيه", 14000, 0, EX, "strike", false, "14 ألف غارة"},
    {"يعيش 3 ملايين لاجئ سوري في تركيا", 3e6, 0, EX, "refugee", false, NULL},
    {"أودت الحرب بحياة 300 ألف شخص", 300000, 0, EX, "person", false, NULL},
    {"تعهدت السعودية بتقديم 1.5 مليار دولار", 1.5e9, 0, EX, "USD", false, NULL},
    {"خصص الاتحاد الأوروبي 20 مليون يورو", 2e7, 0, EX, "EUR", false, NULL},
    {"شاركت فرنسا بـ40 طائرة في العملية", 40, 0, EX, "aircraft", false, NULL},
    {"نفذت 20 غارة في العراق و30 غارة في سوريا", 30, 0, EX, "strike", false, "30 غارة"},
    {"نفذت 20 غارة في العراق و30 غارة في سوريا", 20, 0, EX, "strike", false, "20 غارة"},
    {"انضم 2014 مقاتلا إلى التنظيم", 2014, 0, EX, "fighter", false, NULL},
    {"تضم القوات 30 ألف مقاتل تقريباً", 30000, 0, AB, "fighter", false, "30 ألف مقاتل تقريباً"},
    {"من بينهم 5 آلاف عربي", 5000, 0, EX, "person", false, NULL},
    {"بلغ العجز 350 مليون دولار", 3.5e8, 0, EX, "USD", false, NULL},
    {"تدرب أكثر من 12 ألف جندي عراقي", 12000, 0, AL, "soldier", false, NULL},
    {"بلغت الخسائر 4 مليارات دولار", 4e9, 0, EX, "USD", false, NULL},
    {"بلغ عدد الضحايا المدنيين 3 آلاف و200", 3200, 0, EX, "victim", false, NULL},
    {"نزح 5 ملايين و500 ألف شخص", 5.5e6, 0, EX, "person", false, "5 ملايين و500 ألف شخص"},
    {"نزح مليون و200 ألف شخص", 1.2e6, 0, EX, "person", false, NULL},
    {"قتل ثلاثة آلاف و400 مدني", 3400, 0, EX, "civilian", false, NULL},
    {"عاد منهم نحو 2,7 مليون نازح", 2.7e6, 0, AB, "displaced", false, NULL},
    {"يعتزم التحالف تدريب 5000 عنصر", 5000, 0, EX, "personnel", false, NULL},
    {"نفذت المقاتلات أكثر من 90 ألف طلعة جوية", 90000, 0, AL, "sortie", false, "أكثر من 90 ألف طلعة جوية"},
    {"انضمت سلطنة عمان لتصبح الدولة الـ41", 41, 0, EX, "country", true, NULL},
};

static const ncase vague_cases[] = {
    {"يضم التنظيم عشرات الآلاف من المقاتلين", 10000, 0, VG, "fighter", false, "عشرات الآلاف من المقاتلين"},
    {"نزح مئات الآلاف من اللاجئين", 100000, 0, VG, "refugee", false, NULL},
    {"سقط عشرات القتلى في التفجير", 10, 0, VG, "killed", false, NULL},
    {"شن التحالف مئات الغارات", 100, 0, VG, "strike", false, NULL},
    {"أرسلت واشنطن آلاف الجنود", 1000, 0, VG, "soldier", false, NULL},
    {"قاتل بضعة آلاف مقاتل في المدينة", 3000, 0, VG, "fighter", false, NULL},
    {"قتل عشرات المدنيين", 10, 0, VG, "civilian", false, NULL},
    {"واعتقلت القوات مئات الأجانب قرب الحدود", 100, 0, VG, "person", false, NULL},
    {"أوقعت الاعتداءات مئات القتلى والجرحى", 100, 0, VG, "killed", false, NULL},
    {"لا يزال آلاف من المقاتلين الأجانب في سوريا", 1000, 0, VG, "fighter", false, NULL},
    {"يقدر عدد مقاتليه بعشرات الآلاف", 10000, 0, VG, NULL, false, NULL},
    {"أنفقت الحكومة ملايين الدولارات", 1e6, 0, VG, "USD", false, NULL},
    {"أرسلت مئات من الجنود الإضافيين", 100, 0, VG, "soldier", false, NULL},
    {"وشردت الحرب الملايين", 1e6, 0, VG, NULL, false, NULL},
};

static const ncase qualifier_cases[] = {
    {"يقاتل نحو 500 مقاتل في الرقة", 500, 0, AB, "fighter", false, "نحو 500 مقاتل"},
    {"يضم التحالف قرابة 60 دولة", 60, 0, AB, "country", false, NULL},
    {"نشرت فرنسا حوالي 200 جندي", 200, 0, AB, "soldier", false, NULL},
    {"قاتل زهاء 3 آلاف مقاتل", 3000, 0, AB, "fighter", false, NULL},
    {"شاركت ما يقارب 70 دولة", 70, 0, AB, "country", false, "ما يقارب 70 دولة"},
    {"بلغت المساعدات ما يناهز 1.2 مليار دولار", 1.2e9, 0, AB, "USD", false, NULL},
    {"يضم التحالف أكثر من 60 دولة", 60, 0, AL, "country", false, "أكثر من 60 دولة"},
    {"نفذ التحالف ما يزيد على 5 آلاف غارة", 5000, 0, AL, "strike", false, NULL},
    {"نفذت المقاتلات ما يزيد عن 400 طلعة", 400, 0, AL, "sortie", false, NULL},
    {"شاركت أزيد من 30 دولة", 30, 0, AL, "country", false, NULL},
    {"تراجعت السيطرة إلى أقل من 10%", 10, 0, AM, "percent", false, NULL},
    {"قتل ما لا يقل عن 12 مدنيا", 12, 0, AL, "civilian", false, NULL},
    {"قتل 100 مقاتل على الأقل", 100, 0, AL, "fighter", false, "100 مقاتل على الأقل"},
    {"وصل 200 جندي تقريبا", 200, 0, AB, "soldier", false, NULL},
    {"وسيستقبل الوزير نحو 40 من نظرائه", 40, 0, AB, "counterpart", false, NULL},
    {"وسيستقبل الوزيران نحو 40 من نظرائهما", 40, 0, AB, "counterpart", false, NULL},
    {"تبعد القاعدة بنحو 40 كيلومترا عن المدينة", 40, 0, AB, "km", false, NULL},
    {"لافتاً إلى نقص يناهز 350 مليون دولار", 3.5e8, 0, AB, "USD", false, NULL},
    {"بعد مرور نحو عامين من تدشينه", 2, 0, AB, "year", false, "نحو عامين"},
    {"على الرغم من مرور أكثر من عامين على إعلان الخلافة", 2, 0, AL, "year", false, NULL},
    {"قد يستغرق القضاء على التنظيم عام أو أكثر", 1, 0, AL, "year", false, NULL},
    {"ومن بينهم 100 تقريبا من الدنمارك", 100, 0, AB, NULL, false, "100 تقريبا"},
    {"بحياة أكثر من 280 ألف شخص", 280000, 0, AL, "person", false, NULL},
    {"يضم التنظيم قرابة الـ50 ألف مقاتل", 50000, 0, AB, "fighter", false, "قرابة الـ50 ألف مقاتل"},
    {"يقاتل في صفوفه بنحو 40 ألف مقاتل", 40000, 0, AB, "fighter", false, NULL},
    {"قتل لا يقل عن 30 مدنيا", 30, 0, AL, "civilian", false, NULL},
    {"نشرت ما لا يزيد عن 500 جندي", 500, 0, AM, "soldier", false, NULL},
    {"شارك ما يفوق 80 دولة", 80, 0, AL, "country", false, NULL},
    {"تعهدت الدول بمساهمات تتجاوز 500 مليون دولار", 5e8, 0, AL, "USD", false, "تتجاوز 500 مليون دولار"},
    {"بلغت الكلفة ما لا يتجاوز 20 مليون يورو", 2e7, 0, AM, "EUR", false, NULL},
    {"حرر التحالف نحو 110 آلاف كيلومتر مربع", 110000, 0, AB, "km2", false, NULL},
    {"يضم المخيم أكثر من 70 ألف شخص", 70000, 0, AL, "person", false, NULL},
};

static const ncase range_cases[] = {
    {"خسر التنظيم في سوريا ما بين 20 و30% من أراضيه", 20, 30, RG, "percent", false, "ما بين 20 و30%"},
    {"ينفذ التحالف بين 15 و20 غارة يوميا", 15, 20, RG, "strike", false, NULL},
    {"شاركت من 20 إلى 30 دولة", 20, 30, RG, "country", false, NULL},
    {"يقاتل بين عشرين وثلاثين مقاتلا في الحي", 20, 30, RG, "fighter", false, NULL},
    {"بلغت نسبة الدمار ما بين 60 و 80 في المئة", 60, 80, RG, "percent", false, NULL},
    {"يضم كل فوج من 500 الى 800 جندي", 500, 800, RG, "soldier", false, NULL},
    {"يتراوح عدد المقاتلين من 3 إلى 5 آلاف مقاتل", 3000, 5000, RG, "fighter", false, NULL},
    {"تراجعت الهجمات 20-30% خلال الشهر", 20, 30, RG, "percent", false, "20-30%"},
    {"ينفذ التحالف 10-15 غارة يوميا", 10, 15, RG, "strike", false, NULL},
    {"يتراوح عدد القتلى بين ثلاثة وخمسة آلاف قتيل", 3000, 5000, RG, "killed", false, NULL},
    /* an estimate "من N إلى M" with no change word stays one range */
    {"يقدر الخبراء أن التنظيم خسر من 20 إلى 30 في المئة من موارده", 20, 30, RG, "percent", false, "من 20 إلى 30 في المئة"},
    {"يشارك في كل دورية من 40 حتى 60 عنصرا", 40, 60, RG, "personnel", false, NULL},
    /* "ما بين N إلى M": the between opener with إلى */
    {"تضم كل كتيبة ما بين 300 إلى 500 مقاتل", 300, 500, RG, "fighter", false, "ما بين 300 إلى 500 مقاتل"},
    {"تنفذ الطائرات بين 8 الى 12 طلعة يوميا", 8, 12, RG, "sortie", false, NULL},
    {"تراجعت عائدات النفط 40-50 في المئة", 40, 50, RG, "percent", false, "40-50 في المئة"},
    {"يقاتل بين 2 و3 آلاف مسلح في المدينة القديمة", 2000, 3000, RG, "militant", false, NULL},
    {"ينفذ التحالف 10 - 15 غارة يوميا", 10, 15, RG, "strike", false, "10 - 15 غارة"},
    {"تراجعت الهجمات 20–30% خلال الشهر", 20, 30, RG, "percent", false, "20–30%"},
    {"بنسبة تتراوح بين 20 و30 بالمئة", 20, 30, RG, "percent", false, NULL},
    {"ينتشر ما بين ألفين وثلاثة آلاف جندي", 2000, 3000, RG, "soldier", false, NULL},
};

/* "من N إلى M" after a change word (خفض, رفع, زيادة, ارتفع ...), or going
 * down: two values, before and after, the first sharing the second's unit. */
static const ncase change_cases[] = {
    {"ستخفض عدد قواتها في العراق من 5200 إلى 3000 جندي بحلول نهاية أيلول", 5200, 0, EX, "soldier", false, "5200"},
    {"ستخفض عدد قواتها في العراق من 5200 إلى 3000 جندي بحلول نهاية أيلول", 3000, 0, EX, "soldier", false, "3000 جندي"},
    {"قررت الحكومة رفع مساهمتها من 150 إلى 400 عسكري", 150, 0, EX, "military_personnel", false, "150"},
    {"قررت الحكومة رفع مساهمتها من 150 إلى 400 عسكري", 400, 0, EX, "military_personnel", false, "400 عسكري"},
    {"وأعلنت زيادة الطائرات المشاركة من 6 الى 10 طائرات", 6, 0, EX, "aircraft", false, NULL},
    {"وأعلنت زيادة الطائرات المشاركة من 6 الى 10 طائرات", 10, 0, EX, "aircraft", false, NULL},
    {"تقليص المساعدات من 2 إلى 1.5 مليار دولار", 2e9, 0, EX, "USD", false, "2"},
    {"تقليص المساعدات من 2 إلى 1.5 مليار دولار", 1.5e9, 0, EX, "USD", false, NULL},
    {"وانخفضت نسبة الأراضي الخاضعة للتنظيم من 40 إلى 7 في المئة", 40, 0, EX, "percent", false, "40"},
    {"وانخفضت نسبة الأراضي الخاضعة للتنظيم من 40 إلى 7 في المئة", 7, 0, EX, "percent", false, "7 في المئة"},
    {"ارتفع عدد القتلى من 20 إلى 45", 20, 0, EX, "killed", false, "20"},
    {"ارتفع عدد القتلى من 20 إلى 45", 45, 0, EX, "killed", false, "45"},
    /* going down is never a range, even with no change word */
    {"وبعد الانسحاب بقي في القاعدة من 900 إلى 400 جندي", 900, 0, EX, "soldier", false, NULL},
    {"ضاعفت الدول الغارات من ثلاثة إلى ستة آلاف غارة", 3000, 0, EX, "strike", false, NULL},
    {"خفضت ألمانيا مساهمتها من 1200 إلى نحو 800 عسكري", 1200, 0, EX, "military_personnel", false, "1200"},
    {"خفضت ألمانيا مساهمتها من 1200 إلى نحو 800 عسكري", 800, 0, AB, "military_personnel", false, "نحو 800 عسكري"},
    {"يقدر عدد المقاتلين من 3 إلى نحو 5 آلاف مقاتل", 3000, 5000, RG, "fighter", false, NULL},
};

static const ncase ordinal_cases[] = {
    {"وانضم انتربول إلى التحالف ليصبح العضو الـ68", 68, 0, EX, "member", true, "العضو الـ68"},
    {"ليصبح العضو ال68", 68, 0, EX, "member", true, NULL},
    {"ودعا بومبيو الدول الـ74 إلى التزام أكبر", 74, 0, EX, "country", true, NULL},
    {"انضمت نيجيريا بوصفها العضو الـ79 في التحالف", 79, 0, EX, "member", true, NULL},
    {"وثق المرصد مقتل 17 عنصرا خلال الـ24 ساعة الماضية", 24, 0, EX, "hour", false, "الـ24 ساعة"},
};

static const ncase unit_cases[] = {
    {"بلغت النسبة 20 في المئة", 20, 0, EX, "percent", false, "20 في المئة"},
    {"انخفضت النسبة 15 في المائة", 15, 0, EX, "percent", false, NULL},
    {"ارتفع الإنفاق 40 بالمئة", 40, 0, EX, "percent", false, NULL},
    {"تراجعت العائدات 12 بالمائة", 12, 0, EX, "percent", false, NULL},
    {"استعادت القوات 56% من المناطق", 56, 0, EX, "percent", false, NULL},
    {"و27 % من التي كان يسيطر عليها", 27, 0, EX, "percent", false, NULL},
    {"تقع على بعد نحو 80 كلم جنوب الموصل", 80, 0, AB, "km", false, NULL},
    {"تقدمت القوات 30 كم داخل الصحراء", 30, 0, EX, "km", false, NULL},
    {"تقع الفلوجة على بعد 150 كيلومترا غرب بغداد", 150, 0, EX, "km", false, NULL},
    {"تراجع المسلحون 5 كيلومترات", 5, 0, EX, "km", false, NULL},
    {"سيطر التنظيم على 3 آلاف كيلومتر مربع", 3000, 0, EX, "km2", false, NULL},
    {"دفع التنظيم 500 دولار لكل مقاتل", 500, 0, EX, "USD", false, NULL},
    {"كلفت القنبلة 3 دولارات فقط", 3, 0, EX, "USD", false, NULL},
    {"بعد عامين من بدء الغارات", 2, 0, EX, "year", false, "عامين"},
    {"على مدى يومين سيستقبل الوزير نظراءه", 2, 0, EX, "day", false, NULL},
    {"قبل شهرين أعلن الجيش النصر", 2, 0, EX, "month", false, NULL},
    {"شن 14 ألف غارة خلال سنتين", 2, 0, EX, "year", false, NULL},
    {"مضى عامان على سقوط المدينة", 2, 0, EX, "year", false, NULL},
    {"منذ بدء الحملة قبل عامين ونصف", 2.5, 0, EX, "year", false, "عامين ونصف"},
    {"استمر الحصار عاما ونصف", 1.5, 0, EX, "year", false, NULL},
    {"استمرت المعركة شهر ونصف", 1.5, 0, EX, "month", false, NULL},
    {"حكم التنظيم المدينة ثلاث سنوات ونصف", 3.5, 0, EX, "year", false, "ثلاث سنوات ونصف"},
    {"لكن الأمر طال ليتعدى العامين", 2, 0, EX, "year", false, NULL},
    {"استمرت الحملة ثلاثة أعوام", 3, 0, EX, "year", false, NULL},
    {"حكم التنظيم المدينة خمس سنوات", 5, 0, EX, "year", false, NULL},
    {"دامت المعركة عشرة أشهر", 10, 0, EX, "month", false, NULL},
    {"استمر الحصار 45 يوما", 45, 0, EX, "day", false, NULL},
    {"قضى 12 عاما في السجن", 12, 0, EX, "year", false, NULL},
    {"نفذت الطائرات البريطانية 6 طلعات", 6, 0, EX, "sortie", false, NULL},
    {"نفذت المقاتلات 20 طلعة جوية", 20, 0, EX, "sortie", false, NULL},
    {"شن التحالف 8 ضربات قرب الرقة", 8, 0, EX, "strike", false, NULL},
    {"شارك 12 وفدا في المحادثات", 12, 0, EX, "delegation", false, NULL},
    {"صوت 35 نائبا ضد القرار", 35, 0, EX, "deputy", false, NULL},
    {"وقعت أربع منظمات على البيان", 4, 0, EX, "organization", false, NULL},
    {"ودعا الدول الأعضاء وخمس منظمات متعددة الأطراف", 5, 0, EX, "organization", false, NULL},
    {"قتل 150 مسلحا في الاشتباكات", 150, 0, EX, "militant", false, NULL},
    {"اعتقل 13 مسلحا من التنظيم", 13, 0, EX, "militant", false, NULL},
    {"أصيب 5 جنود في الهجوم", 5, 0, EX, "soldier", false, NULL},
    {"وصل 200 عسكري أميركي", 200, 0, EX, "military_personnel", false, NULL},
    {"سترسل 560 عسكريا إضافيا إلى العراق", 560, 0, EX, "military_personnel", false, NULL},
    {"سقط 12 قتيلا في الانفجار", 12, 0, EX, "killed", false, NULL},
    {"قتل 7 أشخاص في الهجوم", 7, 0, EX, "person", false, NULL},
    {"انضمت دولتان جديدتان إلى التحالف", 2, 0, EX, "country", false, NULL},
    {"يضم التحالف 79 عضواً", 79, 0, EX, "member", false, "79 عضواً"},
    {"يشارك مسؤولون من 15 دولة في الاجتماع", 15, 0, EX, "country", false, NULL},
    {"حددت هويات 14 ألف مقاتل أجنبي", 14000, 0, EX, "fighter", false, NULL},
    {"ارتفع عدد القتلى إلى 45", 45, 0, EX, "killed", false, "45"},
    {"ليرتفع عدد الجنود الأميركيين في العراق الى 5200", 5200, 0, EX, "soldier", false, NULL},
    {"دمرت الغارات 17 دبابة و9 آليات", 9, 0, EX, "vehicle", false, NULL},
    {"أطلق التنظيم 6 صواريخ على القاعدة", 6, 0, EX, "missile", false, NULL},
};

static bool
approx_eq(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1, fabs(b));
}

static int
run_table(const ncase *t, size_t n, const char *name)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const ncase *c = &t[i];
		tx_run x = tx_extract(c->text, "2017-05-09");
		double vmax = c->value_max ? c->value_max : c->value;
		bool ok = false;
		if (c->unit != NULL) {
			size_t nq;
			const extract_quantity *q = extract_result_quantities(x.r, &nq);
			for (size_t k = 0; k < nq && !ok; k++) {
				ok = approx_eq(q[k].number.value, c->value) &&
				    approx_eq(q[k].number.value_max, vmax) && q[k].number.approx == c->approx &&
				    strcmp(q[k].unit, c->unit) == 0 && q[k].number.ordinal == c->ordinal &&
				    (c->span == NULL || tx_span_is(&x, q[k].span, c->span));
			}
		} else {
			size_t nn;
			const extract_number *nu = extract_result_numbers(x.r, &nn);
			for (size_t k = 0; k < nn && !ok; k++) {
				ok = approx_eq(nu[k].value, c->value) && approx_eq(nu[k].value_max, vmax) &&
				    nu[k].approx == c->approx && nu[k].ordinal == c->ordinal &&
				    (c->span == NULL || tx_span_is(&x, nu[k].span, c->span));
			}
		}
		if (!ok) {
			size_t len, nq, nn;
			const char *b = text_doc_bytes(x.doc, &len);
			const extract_quantity *q = extract_result_quantities(x.r, &nq);
			const extract_number *nu = extract_result_numbers(x.r, &nn);
			printf("FAIL %s[%zu] \"%s\": want %g..%g approx %d unit %s\n", name, i, c->text,
			    c->value, vmax, c->approx, c->unit ? c->unit : "-");
			for (size_t k = 0; k < nn; k++) {
				printf("   number %g..%g approx %d ord %d \"%.*s\"\n", nu[k].value, nu[k].value_max,
				    nu[k].approx, nu[k].ordinal, (int) (nu[k].span.end - nu[k].span.start),
				    b + nu[k].span.start);
			}
			for (size_t k = 0; k < nq; k++) {
				printf("   quantity %g %s \"%.*s\"\n", q[k].number.value, q[k].unit,
				    (int) (q[k].span.end - q[k].span.start), b + q[k].span.start);
			}
			bad++;
		}
		tx_free(&x);
	}
	printf("%s: %zu cases, %d failed\n", name, n, bad);
	return bad;
}


TABLE_TEST(test_extract_number_digits, digit_cases)
TABLE_TEST(test_extract_number_words, word_cases)
TABLE_TEST(test_extract_number_mixed, mixed_cases)
TABLE_TEST(test_extract_number_vague, vague_cases)
TABLE_TEST(test_extract_number_qualifiers, qualifier_cases)
TABLE_TEST(test_extract_number_ranges, range_cases)
TABLE_TEST(test_extract_number_changes, change_cases)
TABLE_TEST(test_extract_number_ordinals, ordinal_cases)
TABLE_TEST(test_extract_quantity_units, unit_cases)

/* Sentences that must yield no number at all (or, with quantities_only, no
 * quantity): names with number words, phone numbers, clock times, pronoun
 * uses of أحد, ordinals written as words. */
typedef struct {
	const char *text;
	bool quantities_only;
} negcase;

static const negcase neg_cases[] = {
    {"عقدت قمة مجموعة العشرين في هامبورغ", false},
    {"شهد القرن العشرين حربين عالميتين", true},
    {"للاستفسار يرجى الاتصال على 0123456789", false},
    {"للاتصال: +9647701234567", false},
    {"الأربعاء 30/نوفمبر/2016 - 05:25 م", false},
    {"وقال أحد المسؤولين إن الاجتماع مهم", false},
    {"حذر من أن أحداً لا يمكنه أن يقول ذلك", false},
    {"وقال الأمين العام للأمم المتحدة", false},
    {"اتخذ القرار في آن واحد", false},
    {"اتفقت الدول الثلاث على البيان", false},
    {"الموصل ثاني أكبر مدينة في العراق", false},
    {"وهذا هو الاجتماع الرابع من نوعه", false},
    {"سيكون أحد الموضوعات التي سيركز عليها الاجتماع", false},
    {"وصل الرئيس رجب طيب أردوغان إلى الرياض", false},
    {"قال الوزير إن العام الماضي كان صعبا", true},
    {"وقعت الاتفاقية في 2016", false},
    {"تبنى مجلس الأمن القرار رقم 2254 بالإجماع", false},
    {"بدأ الاجتماع الساعة 10 صباحا", false},
    {"رمز المنطقة 0912-345-678", false},
    {"وصلت الطائرة على متن الرحلة", false},
    {"كل دولة عضو في التحالف", false},
    {"مضى ربع قرن على الحرب", false},
    {"شاركت طائرات إف-16 في القصف", false},
    {"تأثرت الحملة بجائحة كوفيد-19", false},
    {"سيطر التنظيم على نصف مساحة البلاد", false},
};

static void
test_extract_number_no_false_positives(void **state)
{
	(void) state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(neg_cases) / sizeof(neg_cases[0]); i++) {
		tx_run x = tx_extract(neg_cases[i].text, "2017-05-09");
		size_t nn, nq;
		const extract_number *nu = extract_result_numbers(x.r, &nn);
		extract_result_quantities(x.r, &nq);
		if (nq > 0 || (!neg_cases[i].quantities_only && nn > 0)) {
			size_t len;
			const char *b = text_doc_bytes(x.doc, &len);
			printf("FAIL neg[%zu] \"%s\": %zu numbers, %zu quantities\n", i, neg_cases[i].text,
			    nn, nq);
			for (size_t k = 0; k < nn; k++) {
				printf("   number %g \"%.*s\"\n", nu[k].value,
				    (int) (nu[k].span.end - nu[k].span.start), b + nu[k].span.start);
			}
			bad++;
		}
		tx_free(&x);
	}
	printf("neg_cases: %zu cases, %d failed\n", sizeof(neg_cases) / sizeof(neg_cases[0]), bad);
	assert_int_equal(bad, 0);
}

/* The 2016 in "في 2016" is a date, so it is not reported as a number; the
 * number array keeps text order and spans inside the document. */
static void
test_extract_number_spans_in_order(void **state)
{
	(void) state;
	tx_run x = tx_extract("نفذ التحالف 14 ألف غارة، وقتل نحو 60 مدنيا، وأنفق ملياري دولار في 2016.", "2016-07-20");
	size_t nn, nq;
	const extract_number *nu = extract_result_numbers(x.r, &nn);
	const extract_quantity *q = extract_result_quantities(x.r, &nq);
	assert_int_equal(nn, 3);
	assert_int_equal(nq, 3);
	for (size_t k = 1; k < nn; k++) {
		assert_true(nu[k - 1].span.end <= nu[k].span.start);
	}
	for (size_t k = 0; k < nq; k++) {
		assert_true(q[k].unit_span.start >= q[k].span.start);
		assert_true(q[k].unit_span.end <= q[k].span.end);
		assert_true(q[k].number.span.start >= q[k].span.start);
	}
	assert_true(tx_span_is(&x, q[2].unit_span, "دولار"));
	tx_free(&x);
}

/* A change sentence yields its two values and no range. */
static void
test_extract_number_change_no_range(void **state)
{
	(void) state;
	static const char *const texts[] = {
	    "ستخفض عدد قواتها في العراق من 5200 إلى 3000 جندي بحلول نهاية أيلول",
	    "قررت الحكومة رفع مساهمتها من 150 إلى 400 عسكري",
	    "ارتفع عدد القتلى من 20 إلى 45",
	};
	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		tx_run x = tx_extract(texts[t], "2017-05-09");
		size_t nn, nq;
		const extract_number *nu = extract_result_numbers(x.r, &nn);
		extract_result_quantities(x.r, &nq);
		assert_int_equal(nn, 2);
		assert_int_equal(nq, 2);
		for (size_t k = 0; k < nn; k++) {
			assert_int_not_equal(nu[k].approx, EXTRACT_APPROX_RANGE);
		}
		tx_free(&x);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_extract_number_digits),
	    cmocka_unit_test(test_extract_number_words),
	    cmocka_unit_test(test_extract_number_mixed),
	    cmocka_unit_test(test_extract_number_vague),
	    cmocka_unit_test(test_extract_number_qualifiers),
	    cmocka_unit_test(test_extract_number_ranges),
	    cmocka_unit_test(test_extract_number_changes),
	    cmocka_unit_test(test_extract_number_change_no_range),
	    cmocka_unit_test(test_extract_number_ordinals),
	    cmocka_unit_test(test_extract_quantity_units),
	    cmocka_unit_test(test_extract_number_no_false_positives),
	    cmocka_unit_test(test_extract_number_spans_in_order),
	};
	return cmocka_run_group_tests(tests, tx_group_setup, tx_group_teardown);
}
