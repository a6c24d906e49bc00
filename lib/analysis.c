/*
 * Loading the language data of ks_analysis_t.
 */
#include <kisearch/analysis.h>

#include <stdlib.h>

#include "analysis-int.h"

ks_status_t
ks_analysis_load(const ks_analysis_files_t *files, ks_analysis_t **out,
                 ks_error_t *err)
{
    ks_analysis_t *a = calloc(1, sizeof *a);
    ks_status_t st = KS_OK;

    *out = NULL;
    if (a == NULL)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    if (files->dictionary != NULL)
        st = ksi_lexicon_load(files->dictionary, &a->dictionary, err);
    if (st == KS_OK && files->stopwords != NULL)
        st = ksi_lexicon_load(files->stopwords, &a->stopwords, err);
    if (st == KS_OK && files->synonyms != NULL)
        st = ksi_synonyms_load(files->synonyms, &a->synonyms, err);
    if (st != KS_OK) {
        ks_analysis_free(a);
        return st;
    }
    *out = a;
    return KS_OK;
}

void
ks_analysis_free(ks_analysis_t *analysis)
{
    if (analysis == NULL)
        return;
    ksi_lexicon_free(analysis->dictionary);
    ksi_lexicon_free(analysis->stopwords);
    ksi_synonyms_free(analysis->synonyms);
    free(analysis);
}
