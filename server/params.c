/*
 * Strict decoding of query strings: a request with broken percent
 * escapes or invalid UTF-8 gets a 400, never a guess.
 */
#include "params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kisearch/text.h>

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *
params_decode(const char *s, size_t len, bool plus_is_space, char *why,
              size_t why_size)
{
    char *out = malloc(len + 1);
    size_t n = 0;

    if (out == NULL) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%') {
            int hi = i + 1 < len ? hex_value(s[i + 1]) : -1;
            int lo = i + 2 < len ? hex_value(s[i + 2]) : -1;

            if (hi < 0 || lo < 0) {
                snprintf(why, why_size,
                         "invalid percent-encoding at character %zu", i + 1);
                free(out);
                return NULL;
            }
            out[n++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (s[i] == '+' && plus_is_space) {
            out[n++] = ' ';
        } else {
            out[n++] = s[i];
        }
    }
    out[n] = '\0';
    if (memchr(out, '\0', n) != NULL) {
        snprintf(why, why_size, "a NUL byte (%%00) is not allowed");
        free(out);
        return NULL;
    }
    if (!ks_utf8_valid(out, n)) {
        snprintf(why, why_size, "not valid UTF-8");
        free(out);
        return NULL;
    }
    return out;
}

bool
params_parse(const char *query, struct params *out, char *why, size_t why_size)
{
    const char *p = query;

    out->items = NULL;
    out->count = 0;
    if (query == NULL)
        return true;
    while (*p != '\0') {
        size_t len = strcspn(p, "&");
        const char *eq = memchr(p, '=', len);
        size_t key_len = eq ? (size_t)(eq - p) : len;
        struct param *grown;
        char *key, *value;

        if (len == 0) {
            p++;
            continue;
        }
        key = params_decode(p, key_len, true, why, why_size);
        value =
            key == NULL ? NULL
            : eq ? params_decode(eq + 1, len - key_len - 1, true, why, why_size)
                 : strdup("");
        grown = value == NULL
                    ? NULL
                    : realloc(out->items, (out->count + 1) * sizeof *grown);
        if (grown == NULL) {
            if (key != NULL && value != NULL)
                snprintf(why, why_size, "out of memory");
            free(key);
            free(value);
            params_free(out);
            return false;
        }
        out->items = grown;
        out->items[out->count].key = key;
        out->items[out->count].value = value;
        out->count++;
        p += len;
        if (*p == '&')
            p++;
    }
    return true;
}

void
params_free(struct params *params)
{
    for (size_t i = 0; i < params->count; i++) {
        free(params->items[i].key);
        free(params->items[i].value);
    }
    free(params->items);
    params->items = NULL;
    params->count = 0;
}

size_t
params_count(const struct params *params, const char *key, const char **first)
{
    size_t count = 0;

    if (first != NULL)
        *first = NULL;
    for (size_t i = 0; i < params->count; i++) {
        if (strcmp(params->items[i].key, key) == 0) {
            if (count == 0 && first != NULL)
                *first = params->items[i].value;
            count++;
        }
    }
    return count;
}

static int
compare_pairs(const void *a, const void *b)
{
    const struct param *x = *(const struct param *const *)a;
    const struct param *y = *(const struct param *const *)b;
    int c = strcmp(x->key, y->key);

    return c != 0 ? c : strcmp(x->value, y->value);
}

char *
params_canonical(const struct params *params, const char *path, size_t *len)
{
    const struct param **sorted = NULL;
    size_t size = strlen(path) + 1;
    char *key, *p;

    for (size_t i = 0; i < params->count; i++)
        size +=
            strlen(params->items[i].key) + strlen(params->items[i].value) + 2;
    key = malloc(size);
    if (params->count > 0)
        sorted = malloc(params->count * sizeof *sorted);
    if (key == NULL || (params->count > 0 && sorted == NULL)) {
        free(key);
        free(sorted);
        return NULL;
    }
    for (size_t i = 0; i < params->count; i++)
        sorted[i] = &params->items[i];
    if (params->count > 1)
        qsort(sorted, params->count, sizeof *sorted, compare_pairs);
    /* NUL bytes separate: no key or value holds one. */
    p = stpcpy(key, path) + 1;
    for (size_t i = 0; i < params->count; i++) {
        p = stpcpy(p, sorted[i]->key);
        *p++ = '=';
        p = stpcpy(p, sorted[i]->value) + 1;
    }
    free(sorted);
    *len = (size_t)(p - key);
    return key;
}
