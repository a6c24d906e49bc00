/*
 * Small text utilities the front ends share with the library.
 */
#ifndef KISEARCH_TEXT_H
#define KISEARCH_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Whether the @p len bytes at @p s are well-formed UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF). NUL bytes are accepted
 * as characters; callers that pass C strings never have any.
 */
bool ks_utf8_valid(const char *s, size_t len);

/**
 * Convert the @p len bytes at @p s from Windows-1252 (a superset of
 * ISO-8859-1, the usual encoding of older German pages) to UTF-8.
 *
 * @return a new NUL-terminated string: free it with free(); NULL when out
 *         of memory. *out_len, when not NULL, receives its length.
 */
char *ks_cp1252_to_utf8(const char *s, size_t len, size_t *out_len)
    __attribute__((warn_unused_result));

/**
 * The slug of a centre or project name, as used in URLs and filters:
 * lower-case ASCII letters and digits, umlauts as ae/oe/ue, ß as ss,
 * other accents dropped, and every other run of characters as one '-'
 * ("Kreis Kleve" -> "kreis-kleve", "KOMM-AN NRW" -> "komm-an-nrw").
 * Writes @p out (@p size bytes, NUL-terminated) and returns its length;
 * an empty string (0) when the name has no letters or digits or its slug
 * does not fit.
 */
size_t ks_slugify(const char *name, char *out, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_TEXT_H */
