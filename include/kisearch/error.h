/*
 * Status codes and error details shared by every libkisearch call.
 */
#ifndef KISEARCH_ERROR_H
#define KISEARCH_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * What a libkisearch call reports. KS_OK is 0; every other code says
 * what the caller should do next.
 */
typedef enum ks_status {
    KS_OK = 0,
    KS_ERR_NOT_FOUND, /**< no such document, file or index: check the name */
    KS_ERR_LOCKED,    /**< another writer holds the index: retry later */
    KS_ERR_MODIFIED,  /**< the index changed under a reader: refresh, retry */
    KS_ERR_CORRUPT,   /**< the index or a file is damaged: restore it */
    KS_ERR_QUERY_SYNTAX, /**< the query could not be understood */
    KS_ERR_INVALID,      /**< bad input (argument, document, file content) */
    KS_ERR_NOMEM,        /**< out of memory */
    KS_ERR_IO,           /**< reading or writing failed */
    KS_ERR_INTERNAL      /**< a bug in kisearch: please report it */
} ks_status_t;

/** Size of ks_error_t.text, including the terminating NUL. */
#define KS_ERROR_TEXT_SIZE 256

/**
 * Details of a failure, filled by the callee when the caller passes one.
 * It lives on the caller's stack: no allocation on error paths and no
 * shared "last error" for threads to race on.
 */
typedef struct ks_error {
    ks_status_t code;              /**< the same code the call returned */
    char text[KS_ERROR_TEXT_SIZE]; /**< one line, no trailing newline */
} ks_error_t;

/**
 * Fill @p err (which may be NULL) with @p code and a printf-style message,
 * truncated to fit, and return @p code so callers can write
 * `return ks_error_set(err, KS_ERR_INVALID, "...")`.
 */
ks_status_t ks_error_set(ks_error_t *err, ks_status_t code, const char *fmt,
                         ...) __attribute__((format(printf, 3, 4)));

/**
 * Reset @p err (which may be NULL) to KS_OK with an empty text.
 */
void ks_error_clear(ks_error_t *err);

/**
 * A short English name of @p code, e.g. "not found". Static: never freed.
 * Unknown codes give "unknown error".
 */
const char *ks_status_str(ks_status_t code);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_ERROR_H */
