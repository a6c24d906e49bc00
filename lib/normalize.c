/*
 * Unicode normalisation with utf8proc.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <kisearch/text.h>

#include "analyze-int.h"
#include "buf-int.h"

/* STABLE keeps the result NFC under later Unicode versions; IGNORE drops
 * soft hyphens (U+00AD) and other invisible format characters, so
 * "Integrations\u00ADzentrum" is one word. */
#define NORMAL_FORM (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE)

/*
 * Most German text needs nothing done: utf8proc is asked only about
 * what might change. A character below U+0300 (ASCII, Latin-1 and the
 * Latin extensions: a leading byte up to 0xCB) other than the soft
 * hyphen (C2 AD) comes out of NFC as it went in, whatever its
 * neighbours: none of them is a combining mark, is ignorable, or is the
 * second half of a composition. The unit test checks sequences of them
 * and of other characters against utf8proc on the whole text. Mapping
 * whole texts cost the indexer a quarter of its analysis, for the odd
 * dash and quotation mark.
 */

/* The length of the character at @p (valid UTF-8, @p < @end) when it
 * is one of those; 0 when it is not. */
static size_t
stable_len(const unsigned char *p, const unsigned char *end)
{
    if (*p < 0x80)
        return 1;
    if (*p > 0xCB || (*p == 0xC2 && p + 1 < end && p[1] == 0xAD))
        return 0;
    return 2;
}

/* The length of the character at @p (valid UTF-8). */
static size_t
char_len(const unsigned char *p)
{
    return *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
}

/* Append the normal form of the @len bytes at @text to @buf. */
static ks_status_t
map_run(ksi_buf_t *buf, const unsigned char *text, size_t len, ks_error_t *err)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n;

    n = utf8proc_map(text, (utf8proc_ssize_t)len, &mapped, NORMAL_FORM);
    if (n < 0) {
        free(mapped);
        return ks_error_set(
            err, n == UTF8PROC_ERROR_NOMEM ? KS_ERR_NOMEM : KS_ERR_INVALID,
            "cannot normalise text: %s", utf8proc_errmsg(n));
    }
    ksi_buf_add(buf, (const char *)mapped, (size_t)n);
    free(mapped);
    return KS_OK;
}

ks_status_t
ksi_normalize(const char *text, size_t len, char **out, size_t *out_len,
              ks_error_t *err)
{
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    const unsigned char *done = p; /* copied or mapped up to here */
    ksi_buf_t buf;
    ks_status_t st;

    *out = NULL;
    if (!ks_utf8_valid(text, len) || memchr(text, '\0', len) != NULL)
        return ks_error_set(err, KS_ERR_INVALID, "text is not valid UTF-8");
    ksi_buf_init(&buf);
    while (p < end) {
        size_t n = stable_len(p, end);
        const unsigned char *start = p;

        if (n > 0) {
            p += n;
            continue;
        }
        /* A run of other characters goes to utf8proc with the stable one
         * before it, which a combining mark may join ("u" + U+0308). */
        if (start > done)
            start -= start[-1] < 0x80 ? 1 : 2;
        while (p < end && stable_len(p, end) == 0)
            p += char_len(p);
        ksi_buf_add(&buf, (const char *)done, (size_t)(start - done));
        if ((st = map_run(&buf, start, (size_t)(p - start), err)) != KS_OK) {
            ksi_buf_free(&buf);
            return st;
        }
        done = p;
    }
    ksi_buf_add(&buf, (const char *)done, (size_t)(end - done));
    *out = ksi_buf_steal(&buf, out_len);
    if (*out == NULL)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    return KS_OK;
}
