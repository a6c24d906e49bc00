/*
 * Shared by the extractors inside lib/ only.
 */
#ifndef KISEARCH_EXTRACT_INT_H
#define KISEARCH_EXTRACT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <kisearch/extract.h>

/* Where an extractor sends what it finds; ks_extract() fills in the
 * defaults every document gets before passing it on. */
typedef struct ksi_sink {
    ks_extract_cb cb;
    void *user;
    size_t docs;     /* documents handed on */
    size_t problems; /* records skipped */
} ksi_sink_t;

/* Hand @doc (stolen) to the sink. */
void ksi_sink_doc(ksi_sink_t *sink, ks_doc_t *doc);
/* Report a skipped record. */
void ksi_sink_problem(ksi_sink_t *sink, const ks_error_t *problem);

ks_status_t ksi_extract_text(const char *id, const char *data, size_t len,
                             ksi_sink_t *sink, ks_error_t *err);
ks_status_t ksi_extract_html(const char *id, const char *data, size_t len,
                             ksi_sink_t *sink, ks_error_t *err);
ks_status_t ksi_extract_markdown(const char *id, const char *data, size_t len,
                                 ksi_sink_t *sink, ks_error_t *err);
ks_status_t ksi_extract_json(const char *id, const char *data, size_t len,
                             ksi_sink_t *sink, ks_error_t *err);
ks_status_t ksi_extract_jsonl(const char *data, size_t len, ksi_sink_t *sink,
                              ks_error_t *err);

/* Whether a line of extracted text is page chrome: a calendar row, month
 * navigation, an image file name, or a lone navigation word. */
bool ksi_is_chrome_line(const char *line, size_t len);

/* Whether a line could be a title: not chrome, with a few letters. */
bool ksi_is_title_line(const char *line, size_t len);

/* Longest title kept, in bytes; longer first lines are cut at a word. */
#define KSI_TITLE_MAX 160

/* Set the title of @doc from the first meaningful line of @text, cut at a
 * word boundary if longer than KSI_TITLE_MAX. Leaves the title unset when no
 * line qualifies. */
ks_status_t ksi_title_from_text(ks_doc_t *doc, const char *text, size_t len,
                                ks_error_t *err);

#endif /* KISEARCH_EXTRACT_INT_H */
