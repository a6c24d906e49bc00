/*
 * Unicode normalisation with utf8proc.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <kisearch/text.h>

#include "analyze-int.h"

ks_status_t
ksi_normalize(const char *text, size_t len, char **out, size_t *out_len,
              ks_error_t *err)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n;

    *out = NULL;
    if (!ks_utf8_valid(text, len) || memchr(text, '\0', len) != NULL)
        return ks_error_set(err, KS_ERR_INVALID, "text is not valid UTF-8");
    /* STABLE keeps the result NFC under later Unicode versions; IGNORE
     * drops soft hyphens (U+00AD) and other invisible format characters,
     * so "Integrations\u00ADzentrum" is one word. */
    n = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len,
                     &mapped,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE);
    if (n < 0) {
        free(mapped);
        return ks_error_set(
            err, n == UTF8PROC_ERROR_NOMEM ? KS_ERR_NOMEM : KS_ERR_INVALID,
            "cannot normalise text: %s", utf8proc_errmsg(n));
    }
    *out = (char *)mapped;
    if (out_len != NULL)
        *out_len = (size_t)n;
    return KS_OK;
}
