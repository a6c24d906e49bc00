/*
 * Settings shared by kisearch-index and kisearchd, read from an INI file
 * (see config/kisearch.conf) and overridden by command-line flags.
 */
#ifndef KISEARCH_CONFIG_H
#define KISEARCH_CONFIG_H

#include <stddef.h>

#include <kisearch/analysis.h>
#include <kisearch/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Longest path or address a setting holds, including the NUL. */
#define KS_CONFIG_STR_MAX 1024

/**
 * Every setting, with its INI section and key in the comment. A plain
 * struct: fill it with ks_config_defaults(), then ks_config_load() and
 * ks_config_set(); read the fields directly. It owns no memory.
 */
typedef struct ks_config {
    char db[KS_CONFIG_STR_MAX];        /**< [index] db: the index directory */
    unsigned batch_size;               /**< [index] batch_size: documents per
                                            commit in kisearch-index */
    unsigned lock_timeout_seconds;     /**< [index] lock_timeout_seconds:
                                            how long a writer waits for
                                            the lock */
    char listen[KS_CONFIG_STR_MAX];    /**< [server] listen: HOST:PORT */
    unsigned threads;                  /**< [server] threads: workers; 0 means
                                            one per core */
    size_t max_uri_bytes;              /**< [server] max_uri_bytes: request
                                            line limit (414 above it) */
    size_t max_header_bytes;           /**< [server] max_header_bytes: all
                                            header lines (431 above it) */
    size_t max_body_bytes;             /**< [server] max_body_bytes: request
                                            body limit (413 above it) */
    unsigned timeout_seconds;          /**< [server] timeout_seconds: idle and
                                            slow connections are closed */
    char keys_file[KS_CONFIG_STR_MAX]; /**< [server] keys_file: API keys,
                                            "ROLE KEY" a line; "" for none */
    char web_dir[KS_CONFIG_STR_MAX];   /**< [server] web_dir: the search
                                            page's files, or "none" */
    char cors_origins[KS_CONFIG_STR_MAX]; /**< [server] cors_origins: origins
                                               allowed to call the API from
                                               a browser, separated by
                                               spaces or commas; "*" for
                                               any; "" for none */
    unsigned default_limit;               /**< [search] default_limit */
    unsigned max_limit;                   /**< [search] max_limit */
    unsigned max_offset;                  /**< [search] max_offset */
    unsigned snippet_bytes;               /**< [search] snippet_bytes */
    size_t max_query_bytes;               /**< [search] max_query_bytes */
    unsigned cache_entries;               /**< [search] cache_entries:
                                               recent answers kept; 0 turns
                                               the cache off */
    char dictionary[KS_CONFIG_STR_MAX];   /**< [analysis] dictionary: word
                                               list for compounds, or "none" */
    char stopwords[KS_CONFIG_STR_MAX];    /**< [analysis] stopwords, or
                                               "none" */
    char synonyms[KS_CONFIG_STR_MAX];     /**< [analysis] synonyms, or "none" */
    char centres[KS_CONFIG_STR_MAX];      /**< [analysis] centres: the centre
                                               table, or "none" */
    char projects[KS_CONFIG_STR_MAX];     /**< [analysis] projects: the
                                               project table, or "none" */
} ks_config_t;

/** Fill @p cfg with the built-in defaults (documented in docs/). */
void ks_config_defaults(ks_config_t *cfg);

/**
 * Set one setting from its text form, as found in the file or given as a
 * flag. Numbers must be whole, in range, and may not carry junk.
 *
 * @return KS_OK; KS_ERR_NOT_FOUND for an unknown section or key;
 *         KS_ERR_INVALID for a bad value. @p err says which and why.
 */
ks_status_t ks_config_set(ks_config_t *cfg, const char *section,
                          const char *key, const char *value, ks_error_t *err);

/**
 * Read the INI file at @p path into @p cfg, on top of what it holds.
 * Comments start with ';' or '#'. Relative paths of the [analysis] files
 * are taken relative to the folder of @p path. Unknown keys are errors, so that
 * a misspelt setting does not go unnoticed.
 *
 * @return KS_OK; KS_ERR_NOT_FOUND when the file cannot be opened;
 *         KS_ERR_INVALID for the first bad line, named in @p err as
 *         "FILE:LINE: reason". Settings before the bad line stay applied.
 */
ks_status_t ks_config_load(ks_config_t *cfg, const char *path, ks_error_t *err);

/**
 * Point @p files at the [analysis] files of @p cfg; a file set to "none"
 * becomes NULL. The strings are owned by @p cfg.
 */
void ks_config_analysis_files(const ks_config_t *cfg,
                              ks_analysis_files_t *files);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_CONFIG_H */
