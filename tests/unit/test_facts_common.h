/* test_facts_common: the lexicons and gazetteer the fact tests run the
 * whole pipeline with (corpus/lexicon, corpus/gazetteer of the source
 * tree), loaded once per test program. */
#ifndef TESTS_TEST_FACTS_COMMON_H
#define TESTS_TEST_FACTS_COMMON_H

#include "entity.h"
#include "extract.h"
#include "facts.h"
#include "text.h"

#define TF_LEXDIR COALITION_SOURCE_DIR "/corpus/lexicon"
#define TF_GAZDIR COALITION_SOURCE_DIR "/corpus/gazetteer"

extern text_lexicon *g_tlex;
extern extract_lexicon *g_xlex;
extern entity_gazetteer *g_gaz;
extern facts_lexicon *g_flex;

/* Loads the four; 0, or -1 after printing why (cmocka group setup). */
int tf_load(void);
/* Frees them (cmocka group teardown). */
void tf_unload(void);

#endif
