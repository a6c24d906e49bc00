/*
 * The language data German analysis reads: the dictionary that compound
 * words are split with, the stop words, and the synonyms. Loaded once,
 * shared read-only by every index handle and thread.
 */
#ifndef KISEARCH_ANALYSIS_H
#define KISEARCH_ANALYSIS_H

#include <stddef.h>

#include <kisearch/document.h>
#include <kisearch/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Loaded language data. Opaque; read-only once loaded. */
typedef struct ks_analysis ks_analysis_t;

/** Where the data files are; NULL leaves that part out. */
typedef struct ks_analysis_files {
    const char *dictionary; /**< word list, one word a line (wngerman) */
    const char *stopwords;  /**< stop words, one a line */
    const char *synonyms;   /**< groups of equivalent phrases (TSV) */
    const char *centres;    /**< the centres: slug, name, kind, aliases */
    const char *projects;   /**< the projects: slug, name, aliases */
} ks_analysis_files_t;

/**
 * Load the files named in @p files. The same data must be used when
 * indexing and when searching, or compound parts will not meet.
 *
 * On KS_OK *out is new: free it with ks_analysis_free(), after every
 * index that uses it is closed. It may be shared by any number of index
 * handles in any number of threads.
 *
 * @return KS_OK; KS_ERR_NOT_FOUND (a file is missing; err names it);
 *         KS_ERR_INVALID (a bad line, named "FILE:LINE: reason");
 *         KS_ERR_IO; KS_ERR_NOMEM. On error *out is NULL.
 */
ks_status_t ks_analysis_load(const ks_analysis_files_t *files,
                             ks_analysis_t **out, ks_error_t *err)
    __attribute__((warn_unused_result));

/** Free @p analysis. NULL is a harmless no-op. */
void ks_analysis_free(ks_analysis_t *analysis);

/**
 * The number of centres (@p list KS_LIST_CENTRES) or projects
 * (KS_LIST_PROJECTS) in the loaded tables; 0 when none was loaded.
 * @p analysis may be NULL.
 */
size_t ks_analysis_entry_count(const ks_analysis_t *analysis, ks_list_t list);

/**
 * Entry @p i (below ks_analysis_entry_count()) of a table: its display
 * name, its slug, and for a centre its kind ("kreis" or "stadt"; NULL for
 * projects). Any pointer may be NULL. The strings are owned by
 * @p analysis.
 */
void ks_analysis_entry(const ks_analysis_t *analysis, ks_list_t list, size_t i,
                       const char **name, const char **slug, const char **kind);

/**
 * The slug of a centre or project given by slug or by name: the table's
 * slug when the table has it ("Guter Lebensabend NRW" ->
 * "guter-lebensabend"), else ks_slugify() of @p value. Writes @p out
 * (@p size bytes) and returns its length. @p analysis may be NULL.
 */
size_t ks_analysis_slug(const ks_analysis_t *analysis, ks_list_t list,
                        const char *value, char *out, size_t size);

/**
 * The index of the entry with slug @p slug in a table, or -1 when there is
 * none (or no table). Thread-safe.
 */
long ks_analysis_find(const ks_analysis_t *analysis, ks_list_t list,
                      const char *slug);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_ANALYSIS_H */
