/*
 * The search index: opening it, adding documents, searching. This is the
 * C face of lib/xapian_wrap.cc; nothing here names the engine.
 */
#ifndef KISEARCH_INDEX_H
#define KISEARCH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kisearch/analysis.h>
#include <kisearch/document.h>
#include <kisearch/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * An open index. Opaque. Not thread-safe: give each thread its own
 * handle (readers may open as many as they like; one writer at a time).
 *
 * Typical writer:
 * @code
 *   ks_index_t *idx;
 *   if (ks_index_open(dir, KS_INDEX_WRITE, &idx, &err) != KS_OK)
 *       fail(err.text);
 *   for (each document)
 *       ks_index_put(idx, doc, &replaced, &err);
 *   ks_index_commit(idx, &err);
 *   ks_index_close(idx);
 * @endcode
 */
typedef struct ks_index ks_index_t;

/** One page of search results. Opaque. */
typedef struct ks_results ks_results_t;

/** How to open an index. */
typedef enum ks_index_mode {
    KS_INDEX_READ,  /**< search only; the directory must hold an index */
    KS_INDEX_WRITE, /**< add and replace documents; creates the index */
} ks_index_mode_t;

/** Flags of ks_query_t: what to leave out of the matching. */
enum {
    KS_QUERY_NO_TYPOS = 1 << 0,  /**< do not correct misspelt words */
    KS_QUERY_NO_PREFIX = 1 << 1, /**< do not match the last word as a
                                      prefix */
    KS_QUERY_MATCH_ALL = 1 << 2, /**< no words: every document (that the
                                      filters let in) */
};

/** What a filter or a facet is about. */
typedef enum ks_facet {
    KS_FACET_TYPE,    /**< "news", "centre", "event", "page" */
    KS_FACET_CENTRE,  /**< a centre, by slug ("krefeld") or name */
    KS_FACET_PROJECT, /**< a project, by slug ("griffbereit") or name */
    KS_FACET_YEAR,    /**< the year of the date ("2021") */
    KS_FACET_LANG,    /**< the language ("de"); a filter, not a facet */
    KS_FACET_COUNT    /**< not a facet */
} ks_facet_t;

/** One filter: documents whose @p facet has @p value. Filters on the same
 * facet are alternatives (OR); filters on different facets all apply. */
typedef struct ks_filter {
    ks_facet_t facet;
    const char *value;
} ks_filter_t;

/** The order of hits. */
typedef enum ks_sort {
    KS_SORT_RELEVANCE, /**< best match first */
    KS_SORT_DATE,      /**< newest first; undated last, by relevance */
} ks_sort_t;

/** What to search for. A plain struct: the caller owns its strings. */
typedef struct ks_query {
    const char *text;           /**< the query as typed (UTF-8); NULL or empty
                                     with filters: every document they let in */
    size_t offset;              /**< hits to skip */
    size_t limit;               /**< hits to return */
    size_t snippet_bytes;       /**< about how long each snippet is; 0: none */
    unsigned flags;             /**< KS_QUERY_* flags; 0 for everything */
    const ks_filter_t *filters; /**< filter_count filters, or NULL */
    size_t filter_count;
    const char *date_from; /**< YYYY[-MM[-DD]]: dated on or after; NULL */
    const char *date_to;   /**< YYYY[-MM[-DD]]: dated on or before; NULL */
    ks_sort_t sort;
    unsigned facets; /**< bit (1u << ks_facet_t) for each facet to count
                          over all matches */
} ks_query_t;

/**
 * Open the index in directory @p path.
 *
 * On KS_OK, *out is new: close it with ks_index_close(). On error *out is
 * NULL.
 *
 * @return KS_OK; KS_ERR_NOT_FOUND (reading, and no index there);
 *         KS_ERR_LOCKED (writing, and another writer has it);
 *         KS_ERR_CORRUPT; KS_ERR_IO; KS_ERR_NOMEM.
 */
ks_status_t ks_index_open(const char *path, ks_index_mode_t mode,
                          ks_index_t **out, ks_error_t *err)
    __attribute__((warn_unused_result));

/**
 * Open the index in @p path for writing like ks_index_open(), but while
 * another writer holds its lock, try again every 100 ms for up to
 * @p timeout_seconds. @p waiting (may be NULL) is called once, with
 * @p user, when the first try finds the lock held, so a program can say
 * that it waits.
 *
 * @return as ks_index_open(); KS_ERR_LOCKED when the lock was still held
 *         at the end, with the time waited in @p err.
 */
ks_status_t ks_index_open_writer(const char *path, unsigned timeout_seconds,
                                 void (*waiting)(void *user), void *user,
                                 ks_index_t **out, ks_error_t *err)
    __attribute__((warn_unused_result));

/**
 * Close @p idx. A writer's uncommitted changes are committed first (as
 * far as that still works; errors are not reported: the index then stays
 * at its last commit). NULL is a harmless no-op.
 */
void ks_index_close(ks_index_t *idx);

/**
 * Use the language data @p analysis (compound dictionary, stop words,
 * synonyms) for what @p idx indexes and searches from now on; NULL means
 * none. @p analysis is borrowed: it must outlive @p idx. Index and search
 * with the same data, or compound parts will not meet.
 */
void ks_index_set_analysis(ks_index_t *idx, const ks_analysis_t *analysis);

/**
 * Make a reader see the latest committed revision. Cheap when nothing
 * changed. *changed (may be NULL) says whether it moved on.
 *
 * @return KS_OK; KS_ERR_CORRUPT; KS_ERR_IO.
 */
ks_status_t ks_index_refresh(ks_index_t *idx, bool *changed, ks_error_t *err);

/**
 * The number of documents and the revision of what @p idx sees. Either
 * pointer may be NULL. A revision only grows: each commit adds one, and
 * an index rebuilt by ks_index_set_generation() to a higher generation
 * counts above every revision of the index it replaces.
 *
 * @return KS_OK; KS_ERR_MODIFIED (refresh and retry); KS_ERR_IO.
 */
ks_status_t ks_index_stats(ks_index_t *idx, uint64_t *doc_count,
                           uint64_t *revision, ks_error_t *err);

/**
 * The generation of the index: 0 for one never rebuilt. A rebuild gives
 * the new index the old one's generation plus one, so that revisions keep
 * growing across it.
 *
 * @return KS_OK; KS_ERR_IO.
 */
ks_status_t ks_index_generation(ks_index_t *idx, uint64_t *generation,
                                ks_error_t *err);

/**
 * Set the generation of a writer's index (committed with the next
 * ks_index_commit()).
 *
 * @return KS_OK; KS_ERR_INVALID (@p idx is a reader); KS_ERR_IO.
 */
ks_status_t ks_index_set_generation(ks_index_t *idx, uint64_t generation,
                                    ks_error_t *err);

/**
 * Add @p doc to a writer, replacing the document with the same id.
 * *replaced (may be NULL) says whether one was replaced. The change is
 * seen by readers after ks_index_commit().
 *
 * @return KS_OK; KS_ERR_INVALID (no id, or @p idx is a reader);
 *         KS_ERR_IO; KS_ERR_NOMEM.
 */
ks_status_t ks_index_put(ks_index_t *idx, const ks_doc_t *doc, bool *replaced,
                         ks_error_t *err);

/**
 * Like ks_index_put(), and remember that @p doc came from @p source (a
 * file's real path) in the state @p signature (e.g. its size and mtime),
 * for incremental indexing: ks_index_source_signature() tells later
 * whether the source changed, ks_index_prune_source() removes what it no
 * longer holds.
 *
 * @return as ks_index_put(); KS_ERR_INVALID also for an empty @p source.
 */
ks_status_t ks_index_put_source(ks_index_t *idx, const ks_doc_t *doc,
                                const char *source, const char *signature,
                                bool *replaced, ks_error_t *err);

/**
 * The signature stored with the documents of @p source, copied to @p out
 * (@p size bytes); *found says whether any document of it is indexed
 * (then @p out is "" when none was stored).
 *
 * @return KS_OK; KS_ERR_IO.
 */
ks_status_t ks_index_source_signature(ks_index_t *idx, const char *source,
                                      char *out, size_t size, bool *found,
                                      ks_error_t *err);

/**
 * Remove from a writer every document of @p source whose id is not one of
 * the @p keep_count ids in @p keep (which may be NULL when keep_count is
 * 0: remove them all). *removed (may be NULL) gets how many went. Seen by
 * readers after ks_index_commit().
 *
 * @return KS_OK; KS_ERR_INVALID (@p idx is a reader); KS_ERR_IO.
 */
ks_status_t ks_index_prune_source(ks_index_t *idx, const char *source,
                                  const char *const *keep, size_t keep_count,
                                  size_t *removed, ks_error_t *err);

/**
 * Call @p cb with each source the index holds documents of, in byte
 * order, until it returns false. Strings passed are valid only during the
 * call.
 *
 * @return KS_OK; KS_ERR_IO.
 */
ks_status_t ks_index_each_source(ks_index_t *idx,
                                 bool (*cb)(void *user, const char *source),
                                 void *user, ks_error_t *err);

/**
 * Start a batch on a writer: what follows up to ks_index_commit() is
 * committed as one step, or dropped whole by ks_index_cancel().
 *
 * @return KS_OK; KS_ERR_INVALID (@p idx is a reader, or a batch is open);
 *         KS_ERR_IO.
 */
ks_status_t ks_index_begin(ks_index_t *idx, ks_error_t *err);

/**
 * Drop everything since ks_index_begin(). Harmless without an open batch.
 *
 * @return KS_OK; KS_ERR_IO.
 */
ks_status_t ks_index_cancel(ks_index_t *idx, ks_error_t *err);

/* ---- Preparing documents in parallel -------------------------------- */

/**
 * What analyses documents for writing (enrichment, German analysis, the
 * stored form) apart from any index, so that several threads can prepare
 * documents while one writes them. Opaque; one per thread.
 */
typedef struct ks_analyser ks_analyser_t;

/** A document prepared by ks_analyser_prepare(); opaque. */
typedef struct ks_prepared ks_prepared_t;

/**
 * A new analyser using the language data @p analysis (borrowed: it must
 * outlive the analyser; NULL for none). Index with the same data as
 * ks_index_set_analysis() gives the index, or compound parts will not
 * meet. On KS_OK *out is new (ks_analyser_free()).
 *
 * @return KS_OK; KS_ERR_NOMEM.
 */
ks_status_t ks_analyser_new(const ks_analysis_t *analysis, ks_analyser_t **out,
                            ks_error_t *err);

/** Free @p an. NULL is a harmless no-op. */
void ks_analyser_free(ks_analyser_t *an);

/**
 * Prepare @p doc as ks_index_put_source() would put it (@p source and
 * @p signature as there, both may be NULL), without an index. Safe to
 * call from several threads at once, each with its own @p an. On KS_OK
 * *out is new: write it with ks_index_put_prepared(), then free it with
 * ks_prepared_free(). Documents prepared by one analyser should be
 * written in the order prepared (the completions' written forms are
 * handed on once).
 *
 * @return KS_OK; KS_ERR_INVALID (no id, empty source); KS_ERR_NOMEM.
 */
ks_status_t ks_analyser_prepare(ks_analyser_t *an, const ks_doc_t *doc,
                                const char *source, const char *signature,
                                ks_prepared_t **out, ks_error_t *err);

/** The id of the prepared document; owned by @p p. */
const char *ks_prepared_id(const ks_prepared_t *p);

/** Free @p p. NULL is a harmless no-op. */
void ks_prepared_free(ks_prepared_t *p);

/**
 * Add or replace the prepared document @p p in @p idx, as
 * ks_index_put_source() does; @p p stays the caller's. *@p replaced (may
 * be NULL) says whether a document with its id was there.
 *
 * @return KS_OK; KS_ERR_INVALID (opened for reading); KS_ERR_IO;
 *         KS_ERR_NOMEM.
 */
ks_status_t ks_index_put_prepared(ks_index_t *idx, const ks_prepared_t *p,
                                  bool *replaced, ks_error_t *err);

/**
 * Remove the document with id @p id from a writer. *found (may be NULL)
 * says whether there was one.
 *
 * @return KS_OK; KS_ERR_INVALID (@p idx is a reader); KS_ERR_IO.
 */
ks_status_t ks_index_delete(ks_index_t *idx, const char *id, bool *found,
                            ks_error_t *err);

/**
 * Commit what a writer added, as one step: readers see all of it or none.
 *
 * @return KS_OK; KS_ERR_INVALID (@p idx is a reader); KS_ERR_IO.
 */
ks_status_t ks_index_commit(ks_index_t *idx, ks_error_t *err);

/**
 * Read the stored document with id @p id.
 *
 * On KS_OK, *out is new: free it with ks_doc_free(). On error *out is NULL.
 *
 * @return KS_OK; KS_ERR_NOT_FOUND; KS_ERR_MODIFIED (refresh and retry);
 *         KS_ERR_CORRUPT; KS_ERR_IO; KS_ERR_NOMEM.
 */
ks_status_t ks_index_get(ks_index_t *idx, const char *id, ks_doc_t **out,
                         ks_error_t *err);

/**
 * Run @p query on @p idx and return one page of ranked hits with
 * snippets.
 *
 * The query understands "phrases", +required and -excluded words, AND,
 * OR, NOT, title:word and type:name; syntax that does not parse is read
 * as plain words, so a query never fails for its syntax. Each word also
 * finds its stem (umlauts and ß folded), its gender forms, compounds it
 * is part of, its synonyms, a correction when it is not in the index
 * (one typo from 5 letters, two from 9), and, for the last word, words it
 * begins; exact matches rank above all of these.
 *
 * On KS_OK, *out is new: free it with ks_results_free(); strings read
 * from it live as long as it does. On error *out is NULL. Not safe to
 * call while another thread uses @p idx.
 *
 * @return KS_OK; KS_ERR_INVALID (text is NULL or not UTF-8);
 *         KS_ERR_MODIFIED (refresh and retry); KS_ERR_IO; KS_ERR_NOMEM.
 */
ks_status_t ks_index_search(ks_index_t *idx, const ks_query_t *query,
                            ks_results_t **out, ks_error_t *err);

/** Free @p res and everything read from it. NULL is a harmless no-op. */
void ks_results_free(ks_results_t *res);

/** The number of hits in this page (at most the query's limit). */
size_t ks_results_count(const ks_results_t *res);

/**
 * The number of documents matching the query over all pages. May be an
 * estimate for large result sets; ks_results_total_exact() says which.
 */
uint64_t ks_results_total(const ks_results_t *res);

/** Whether ks_results_total() is exact rather than an estimate. */
bool ks_results_total_exact(const ks_results_t *res);

/**
 * The stored document of hit @p i (0-based, below ks_results_count()),
 * without its body: a hit shows its snippet (ks_results_snippet()), and
 * reading every hit's whole text cost more than the snippets.
 * ks_index_get() returns the whole document. (An index written before
 * kisearch kept the body apart still has it here.) Owned by @p res: valid
 * until ks_results_free(res).
 */
const ks_doc_t *ks_results_doc(const ks_results_t *res, size_t i);

/** The relevance score of hit @p i; higher is better. */
double ks_results_score(const ks_results_t *res, size_t i);

/**
 * The snippet of hit @p i: about the query's snippet_bytes of its text
 * around the best matches, HTML-escaped, with matches in <mark>...</mark>
 * and "…" where text was left out. Owned by @p res: valid until
 * ks_results_free(res). An empty string when snippets were not asked for.
 */
const char *ks_results_snippet(const ks_results_t *res, size_t i);

/**
 * The number of distinct values of @p facet over all matches, when the
 * query asked for it (else 0).
 */
size_t ks_results_facet_size(const ks_results_t *res, ks_facet_t facet);

/**
 * Value @p i of @p facet (most frequent first, then by value) and how
 * many matching documents have it. *value is owned by @p res.
 */
void ks_results_facet_get(const ks_results_t *res, ks_facet_t facet, size_t i,
                          const char **value, uint64_t *count);

/**
 * How many documents have @p value for @p facet (a type, a centre or
 * project slug or name, a year, a language), in what @p idx sees.
 *
 * @return KS_OK; KS_ERR_MODIFIED (refresh and retry); KS_ERR_IO.
 */
ks_status_t ks_index_count(ks_index_t *idx, ks_facet_t facet, const char *value,
                           uint64_t *count, ks_error_t *err);

/**
 * Whether @p date is a date a query may filter by: YYYY, YYYY-MM or
 * YYYY-MM-DD with a real month and day.
 */
bool ks_date_valid(const char *date);

/**
 * The query with misspelt words corrected ("Meinten Sie …?"), when a
 * correction was used, or NULL. Owned by @p res.
 */
const char *ks_results_suggestion(const ks_results_t *res);

/* ---- Completions for a search box ------------------------------------ */

/** What a completion stands for. */
typedef enum ks_suggest_kind {
    KS_SUGGEST_WORD,    /**< the text with its last word completed */
    KS_SUGGEST_TITLE,   /**< a document's title */
    KS_SUGGEST_PROJECT, /**< a project's name (config/projects.tsv) */
    KS_SUGGEST_CENTRE   /**< a centre's name (config/centres.tsv) */
} ks_suggest_kind_t;

/** Completions of ks_index_suggest(); opaque. */
typedef struct ks_suggestions ks_suggestions_t;

/** The most completions ks_index_suggest() gives. */
#define KS_SUGGEST_MAX 20

/**
 * Completions for @p text, the words typed so far into a search box: the
 * names of projects and centres whose words begin with the typed words,
 * the text with its last word completed to words of the index (the most
 * frequent first; words as they are written in the documents, so "gue"
 * completes to "Güler"), and titles of documents whose title holds the
 * typed words. Matching folds umlauts and ß as search does. A text that
 * ends in a space completes no word. With @p centre (a slug, or NULL),
 * titles come from that centre's documents only and no other centre is
 * named.
 *
 * At most @p limit (1 to KS_SUGGEST_MAX) completions, ranked names
 * first, then words, then titles; none repeats another. Words need a
 * prefix of two letters or more. Word completions come from what
 * kisearch-index and the write API recorded since this version: an index
 * written by an older one completes only names and titles.
 *
 * On KS_OK *out is new: free it with ks_suggestions_free(). Not safe to
 * call while another thread uses @p idx.
 *
 * @return KS_OK; KS_ERR_INVALID (@p text NULL or not UTF-8, or @p limit
 *         out of range); KS_ERR_MODIFIED (refresh and retry); KS_ERR_IO;
 *         KS_ERR_NOMEM.
 */
ks_status_t ks_index_suggest(ks_index_t *idx, const char *text,
                             const char *centre, unsigned limit,
                             ks_suggestions_t **out, ks_error_t *err);

/** Free @p s. NULL is a harmless no-op. */
void ks_suggestions_free(ks_suggestions_t *s);

/** The number of completions in @p s. */
size_t ks_suggestions_count(const ks_suggestions_t *s);

/**
 * Completion @p i (below ks_suggestions_count()): the text to put into
 * the search box, its kind, its key (the slug of a project or centre, the
 * id of a title's document, NULL for a word) and how many documents have
 * it (0 for titles). The strings are owned by @p s.
 */
void ks_suggestions_get(const ks_suggestions_t *s, size_t i, const char **text,
                        ks_suggest_kind_t *kind, const char **key,
                        uint64_t *count);

/** The web address of title completion @p i, or NULL. Owned by @p s. */
const char *ks_suggestions_url(const ks_suggestions_t *s, size_t i);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_INDEX_H */
