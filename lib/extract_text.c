/*
 * Plain text files: encoding, the leading date line, the title, and page
 * chrome left behind by a copy from a web page.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <kisearch/text.h>

#include "buf-int.h"
#include "extract-int.h"

/* Whether the UTF-8 text at @p starts with a capital letter: ASCII, or
 * one of the German capitals Ä, Ö, Ü. */
static bool
starts_upper(const char *p, const char *end)
{
    const unsigned char *u = (const unsigned char *)p;

    if (isupper(u[0]))
        return true;
    return end - p >= 2 && u[0] == 0xC3
           && (u[1] == 0x84 || u[1] == 0x96 || u[1] == 0x9C);
}

/* A leading "date YYYY-MM[-DD] [Place]" line: on success, *date_len is
 * the length of the date at *date, and *rest points past the date and the
 * place, at what is left of the line (often the first sentence). */
static bool
parse_date_line(const char *line, size_t len, const char **date,
                size_t *date_len, const char **rest)
{
    const char *p = line, *end = line + len, *d;

    while (p < end && isspace((unsigned char)*p))
        p++;
    if (end - p < 5 || strncasecmp(p, "date", 4) != 0
        || !isspace((unsigned char)p[4]))
        return false;
    p += 4;
    while (p < end && isspace((unsigned char)*p))
        p++;
    d = p;
    while (p < end && (isdigit((unsigned char)*p) || *p == '-'))
        p++;
    if (p - d != 7 && p - d != 10)
        return false;
    if (p < end && !isspace((unsigned char)*p))
        return false;
    *date = d;
    *date_len = (size_t)(p - d);
    while (p < end && isspace((unsigned char)*p))
        p++;
    /* What follows the date is a place ("Kleve", "Kreis Kleve",
     * "Übach-Palenberg") when it is a few capitalised words and nothing
     * else; when a sentence follows, only a first capitalised word that
     * is not followed by another word is taken as the place. */
    if (p < end && starts_upper(p, end)) {
        const char *q = p, *after;
        size_t words = 0;
        bool sentence = false;

        for (const char *r = p; r < end; r++)
            sentence |= strchr(".,;:!?\"(", *r) != NULL
                        || (unsigned char)*r == 0xE2; /* „ “ – … */
        for (const char *r = p; r < end;) {
            while (r < end && isspace((unsigned char)*r))
                r++;
            if (r < end)
                words++;
            while (r < end && !isspace((unsigned char)*r))
                r++;
        }
        if (!sentence && words <= 4) {
            p = end;
        } else {
            while (q < end && !isspace((unsigned char)*q))
                q++;
            after = q;
            while (after < end && isspace((unsigned char)*after))
                after++;
            if (after == end || !isalnum((unsigned char)*after))
                p = after;
        }
    }
    *rest = p;
    return true;
}

static bool
blank(const char *line, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!isspace((unsigned char)line[i]))
            return false;
    }
    return true;
}

ks_status_t
ksi_extract_text(const char *id, const char *data, size_t len, ksi_sink_t *sink,
                 ks_error_t *err)
{
    ks_doc_t *doc = NULL;
    char *converted = NULL;
    const char *p, *end;
    ksi_buf_t body;
    bool first = true, title_taken = false;
    ks_status_t st = KS_OK;

    if (memchr(data, '\0', len) != NULL)
        return ks_error_set(err, KS_ERR_INVALID,
                            "binary data (NUL bytes), not text");
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    if (!ks_utf8_valid(data, len)) {
        converted = ks_cp1252_to_utf8(data, len, &len);
        if (converted == NULL)
            return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        data = converted;
    }
    doc = ks_doc_new();
    if (doc == NULL) {
        free(converted);
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    }
    st = ks_doc_set(doc, KS_FIELD_ID, id, err);
    ksi_buf_init(&body);
    for (p = data, end = data + len; st == KS_OK && p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        const char *line = p, *date, *rest;
        size_t date_len;

        p = nl ? nl + 1 : end;
        if (n > 0 && line[n - 1] == '\r')
            n--;
        if (first && !blank(line, n)) {
            first = false;
            /* A date the calendar does not have ("2021-13") is dropped;
             * the file is still read. */
            if (parse_date_line(line, n, &date, &date_len, &rest)) {
                ks_doc_set_n(doc, KS_FIELD_DATE, date, date_len, NULL);
                /* The rest of a date line is text, and may be the title. */
                if (ksi_is_title_line(rest, n - (rest - line)))
                    st = ksi_title_from_text(doc, rest, n - (rest - line), err);
                title_taken = ks_doc_get(doc, KS_FIELD_TITLE) != NULL;
                /* Keep the place in the body: it tells where the news is
                 * from. It is never the title. */
                n = (size_t)(line + n - (date + date_len));
                line = date + date_len;
                ksi_buf_add(&body, line, n);
                ksi_buf_addc(&body, '\n');
                continue;
            }
        }
        if (ksi_is_chrome_line(line, n))
            continue;
        if (!title_taken && ksi_is_title_line(line, n)) {
            /* A title line of its own is not repeated in the body, unless
             * the title is only its beginning. */
            title_taken = true;
            st = ksi_title_from_text(doc, line, n, err);
            if (n <= KSI_TITLE_MAX)
                continue;
        }
        ksi_buf_add(&body, line, n);
        ksi_buf_addc(&body, '\n');
    }
    if (st == KS_OK && !body.ok)
        st = ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    if (st == KS_OK)
        st = ks_doc_set_n(doc, KS_FIELD_BODY, body.data ? body.data : "",
                          body.len, err);
    if (st == KS_OK && ks_doc_get(doc, KS_FIELD_BODY) == NULL
        && ks_doc_get(doc, KS_FIELD_TITLE) == NULL)
        st = ks_error_set(err, KS_ERR_INVALID, "no text in it");
    ksi_buf_free(&body);
    free(converted);
    if (st != KS_OK) {
        ks_doc_free(doc);
        return st;
    }
    ksi_sink_doc(sink, doc);
    return KS_OK;
}
