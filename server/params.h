/*
 * Query strings and path segments of a request, decoded strictly.
 */
#ifndef KISEARCH_PARAMS_H
#define KISEARCH_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

/* One key=value pair, both decoded and valid UTF-8 without NUL bytes. */
struct param {
    char *key;
    char *value;
};

struct params {
    struct param *items;
    size_t count;
};

/* Percent-decode the @len bytes at @s into a new string (free()); '+'
 * becomes a space when @plus_is_space. NULL with @why filled when the
 * encoding is broken, the result is not UTF-8 or holds a NUL byte, or
 * memory ran out. */
char *params_decode(const char *s, size_t len, bool plus_is_space, char *why,
                    size_t why_size);

/* Parse a query string ("a=1&b=x+y"; NULL or "" gives no pairs) into
 * @out. Returns false with @why filled on the first bad pair. */
bool params_parse(const char *query, struct params *out, char *why,
                  size_t why_size);

/* Free what params_parse() filled; harmless on a zeroed struct. */
void params_free(struct params *params);

/* How many times @key occurs, and its first value (NULL if none). */
size_t params_count(const struct params *params, const char *key,
                    const char **first);

/* A key for the answer cache: @path and the pairs of @params sorted, so
 * that "a=1&b=2" and "b=2&a=1" (and any encoding of them) meet. New
 * string (free()) of *@len bytes; NULL when out of memory. */
char *params_canonical(const struct params *params, const char *path,
                       size_t *len);

#endif /* KISEARCH_PARAMS_H */
