/*
 * Loading the language data of ks_analysis_t.
 */
#include <kisearch/analysis.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <kisearch/text.h>

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
    if (st == KS_OK && files->centres != NULL)
        st = ksi_gazetteer_load(files->centres, KSI_GAZ_CENTRES, &a->centres,
                                err);
    if (st == KS_OK && files->projects != NULL)
        st = ksi_gazetteer_load(files->projects, KSI_GAZ_PROJECTS, &a->projects,
                                err);
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
    ksi_gazetteer_free(analysis->centres);
    ksi_gazetteer_free(analysis->projects);
    free(analysis);
}

static const ksi_gazetteer_t *
table(const ks_analysis_t *analysis, ks_list_t list)
{
    if (analysis == NULL)
        return NULL;
    return list == KS_LIST_CENTRES    ? analysis->centres
           : list == KS_LIST_PROJECTS ? analysis->projects
                                      : NULL;
}

size_t
ks_analysis_entry_count(const ks_analysis_t *analysis, ks_list_t list)
{
    const ksi_gazetteer_t *g = table(analysis, list);

    return g != NULL ? ksi_gazetteer_count(g) : 0;
}

void
ks_analysis_entry(const ks_analysis_t *analysis, ks_list_t list, size_t i,
                  const char **name, const char **slug, const char **kind)
{
    const ksi_gazetteer_t *g = table(analysis, list);

    if (name != NULL)
        *name = ksi_gazetteer_name(g, i);
    if (slug != NULL)
        *slug = ksi_gazetteer_slug(g, i);
    if (kind != NULL)
        *kind = ksi_gazetteer_kind(g, i);
}

long
ks_analysis_find(const ks_analysis_t *analysis, ks_list_t list,
                 const char *slug)
{
    const ksi_gazetteer_t *g = table(analysis, list);
    size_t i;

    if (g == NULL)
        return -1;
    i = ksi_gazetteer_find(g, slug);
    return i == (size_t)-1 ? -1 : (long)i;
}

size_t
ks_analysis_slug(const ks_analysis_t *analysis, ks_list_t list,
                 const char *value, char *out, size_t size)
{
    const ksi_gazetteer_t *g = table(analysis, list);
    size_t n = ks_slugify(value, out, size), i;

    if (g == NULL || n == 0)
        return n;
    i = ksi_gazetteer_find(g, out);
    for (size_t k = 0; i == (size_t)-1 && k < ksi_gazetteer_count(g); k++) {
        if (strcasecmp(ksi_gazetteer_name(g, k), value) == 0)
            i = k;
    }
    if (i == (size_t)-1)
        return n;
    snprintf(out, size, "%s", ksi_gazetteer_slug(g, i));
    return strlen(out);
}
