/*
 * Enrichment at index time, for lib/ only.
 */
#ifndef KISEARCH_ENRICH_INT_H
#define KISEARCH_ENRICH_INT_H

#include <kisearch/analysis.h>
#include <kisearch/document.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Fill in what @doc does not give from its text: glued labels split in
 * the body; centres and projects from the tables of @analysis (NULL: none)
 * and projects the text presents as such; contacts; a date the text
 * supports; the type. Given values win; given centre and project names
 * are replaced by the tables' display names. KS_OK, KS_ERR_NOMEM, or what
 * setting a field reports. */
ks_status_t ksi_enrich(ks_doc_t *doc, const ks_analysis_t *analysis,
                       ks_error_t *err);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_ENRICH_INT_H */
