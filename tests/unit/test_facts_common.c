/* test_facts_common.c: see test_facts_common.h. */
#include <stdio.h>

#include "test_facts_common.h"

text_lexicon *g_tlex;
extract_lexicon *g_xlex;
entity_gazetteer *g_gaz;
facts_lexicon *g_flex;

int tf_load(void)
{
	text_error terr;
	char err[256];
	if (text_lexicon_load(TF_LEXDIR, &g_tlex, &terr) != TEXT_OK ||
	    extract_lexicon_load(TF_LEXDIR, &g_xlex, &terr) != TEXT_OK) {
		fprintf(stderr, "lexicon: %s\n", terr.reason);
		return -1;
	}
	if (entity_gazetteer_load(TF_GAZDIR, TF_LEXDIR, &g_gaz, err, sizeof(err)) != 0 ||
	    facts_lexicon_load(TF_LEXDIR, &g_flex, err, sizeof(err)) != 0) {
		fprintf(stderr, "load: %s\n", err);
		return -1;
	}
	return 0;
}

void tf_unload(void)
{
	facts_lexicon_destroy(g_flex);
	entity_gazetteer_destroy(g_gaz);
	extract_lexicon_destroy(g_xlex);
	text_lexicon_destroy(g_tlex);
	g_flex = NULL;
	g_gaz = NULL;
	g_xlex = NULL;
	g_tlex = NULL;
}
