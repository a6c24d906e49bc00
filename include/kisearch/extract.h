/*
 * Extraction: turning the bytes of a file or request body into documents.
 */
#ifndef KISEARCH_EXTRACT_H
#define KISEARCH_EXTRACT_H

#include <stddef.h>

#include <kisearch/document.h>
#include <kisearch/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The input formats kisearch reads. */
typedef enum ks_format {
    KS_FORMAT_UNKNOWN = 0,
    KS_FORMAT_TEXT,     /**< .txt: plain text, one document */
    KS_FORMAT_MARKDOWN, /**< .md: CommonMark, one document */
    KS_FORMAT_HTML,     /**< .html, .htm: one page, one document */
    KS_FORMAT_JSON,     /**< .json: one object or an array of objects */
    KS_FORMAT_JSONL     /**< .jsonl, .ndjson: one object a line */
} ks_format_t;

/**
 * The format a file name's extension stands for (case does not matter),
 * or KS_FORMAT_UNKNOWN.
 */
ks_format_t ks_format_from_name(const char *filename);

/** A short name of @p format ("text", "html", ...). Static: never freed. */
const char *ks_format_name(ks_format_t format);

/**
 * Receives what ks_extract() finds, in input order: either a document
 * (@p doc is new and now belongs to the callback, which frees it with
 * ks_doc_free(); @p problem is NULL), or a record that had to be skipped
 * (@p doc is NULL; @p problem says which record, e.g. "line 3: ...", and
 * why; it is valid only during the call).
 */
typedef void (*ks_extract_cb)(void *user, ks_doc_t *doc,
                              const ks_error_t *problem);

/**
 * Read the @p len bytes at @p data as @p format and hand each document to
 * @p cb.
 *
 * Text and Markdown must be UTF-8; text that is not is read as
 * Windows-1252. HTML honours its declared charset. JSON must be UTF-8.
 * For a text file, a leading "date YYYY-MM[-DD] [Place]" line sets the
 * date, and the first meaningful line is the title; lines of page chrome
 * (calendar widgets, "Suchen", "Inhalt") are left out of the body. For
 * HTML, scripts, styles, navigation, headers, footers and asides are left
 * out, the title comes from <title> (else the first <h1>), the url from
 * the canonical link, the date from a date meta tag and the language from
 * <html lang>.
 *
 * @p id names the document of a one-document format (text, Markdown,
 * HTML, or a .json file holding one object without an "id"); JSON
 * records in an array or a JSON Lines file must carry their own "id".
 *
 * @return KS_OK when the input was read, even if @p cb was told of
 *         skipped records; KS_ERR_INVALID when nothing could be read from
 *         it (binary data, malformed JSON, no text at all), with the
 *         reason in @p err; KS_ERR_NOMEM. @p cb may have been called
 *         before an error.
 */
ks_status_t ks_extract(ks_format_t format, const char *id, const char *data,
                       size_t len, ks_extract_cb cb, void *user,
                       ks_error_t *err);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_EXTRACT_H */
