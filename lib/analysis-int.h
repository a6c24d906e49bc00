/*
 * The inside of ks_analysis_t, for lib/ only (xapian_wrap.cc reads it).
 */
#ifndef KISEARCH_ANALYSIS_INT_H
#define KISEARCH_ANALYSIS_INT_H

#include <kisearch/analysis.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "decompound-int.h"
#include "gazetteer-int.h"
#include "synonyms-int.h"

struct ks_analysis {
    ksi_lexicon_t *dictionary; /* compound parts; NULL: no splitting */
    ksi_lexicon_t *stopwords;  /* NULL: none */
    ksi_synonyms_t *synonyms;  /* NULL: none */
    ksi_gazetteer_t *centres;  /* NULL: no centre table */
    ksi_gazetteer_t *projects; /* NULL: no project table */
};

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_ANALYSIS_INT_H */
