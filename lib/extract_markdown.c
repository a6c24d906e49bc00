/*
 * Markdown files: rendered to HTML by cmark (the CommonMark reference
 * implementation) and read like any other page, so headings, links and
 * emphasis need no parser of our own.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include <kisearch/text.h>

#include "buf-int.h"
#include "extract-int.h"

ks_status_t
ksi_extract_markdown(const char *id, const char *data, size_t len,
                     ksi_sink_t *sink, ks_error_t *err)
{
    char *rendered;
    ksi_buf_t page;
    ks_status_t st;

    if (memchr(data, '\0', len) != NULL || !ks_utf8_valid(data, len))
        return ks_error_set(err, KS_ERR_INVALID,
                            "Markdown is not valid UTF-8 text");
    /* Raw HTML inside Markdown is kept: the HTML reader drops scripts. */
    rendered = cmark_markdown_to_html(data, len, CMARK_OPT_UNSAFE);
    if (rendered == NULL)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    ksi_buf_init(&page);
    ksi_buf_adds(&page, "<!doctype html><html><head><meta charset=\"utf-8\">"
                        "</head><body><main>");
    ksi_buf_adds(&page, rendered);
    ksi_buf_adds(&page, "</main></body></html>");
    free(rendered);
    if (!page.ok) {
        ksi_buf_free(&page);
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    }
    st = ksi_extract_html(id, page.data, page.len, sink, err);
    ksi_buf_free(&page);
    return st;
}
