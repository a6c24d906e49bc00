/*
 * A JSON text written straight into a buffer (see json_out.h).
 */
#include "json_out.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kisearch/text.h>

void
json_out_init(struct json_out *o)
{
    o->data = NULL;
    o->len = o->cap = 0;
    o->failed = false;
}

void
json_out_free(struct json_out *o)
{
    free(o->data);
    json_out_init(o);
}

/* Room for @more bytes and a NUL; false (and failed) when out of memory. */
static bool
reserve(struct json_out *o, size_t more)
{
    size_t cap;
    char *grown;

    if (o->failed)
        return false;
    if (o->len + more + 1 <= o->cap)
        return true;
    cap = o->cap ? o->cap : 4096;
    while (cap < o->len + more + 1)
        cap *= 2;
    grown = realloc(o->data, cap);
    if (grown == NULL) {
        o->failed = true;
        return false;
    }
    o->data = grown;
    o->cap = cap;
    return true;
}

static void
add(struct json_out *o, const char *bytes, size_t len)
{
    if (!reserve(o, len))
        return;
    memcpy(o->data + o->len, bytes, len);
    o->len += len;
    o->data[o->len] = '\0';
}

/* A comma, unless the text is empty or a value cannot come before: an
 * opening bracket or a key's colon. */
static void
separate(struct json_out *o)
{
    char last = o->len ? o->data[o->len - 1] : '{';

    if (last != '{' && last != '[' && last != ':')
        add(o, ",", 1);
}

void
json_out_open(struct json_out *o, char bracket)
{
    separate(o);
    add(o, &bracket, 1);
}

void
json_out_close(struct json_out *o, char bracket)
{
    add(o, &bracket, 1);
}

/* @s quoted, without a separator. */
static void
quoted(struct json_out *o, const char *s)
{
    size_t len = strlen(s), run = 0;
    bool utf8 = ks_utf8_valid(s, len);

    add(o, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char escape[8];
        const char *with = NULL;

        if (c == '"')
            with = "\\\"";
        else if (c == '\\')
            with = "\\\\";
        else if (c == '\n')
            with = "\\n";
        else if (c == '\r')
            with = "\\r";
        else if (c == '\t')
            with = "\\t";
        else if (c == '\b')
            with = "\\b";
        else if (c == '\f')
            with = "\\f";
        else if (c < 0x20) {
            snprintf(escape, sizeof escape, "\\u%04x", c);
            with = escape;
        } else if (c >= 0x80 && !utf8) {
            with = "\\ufffd";
        }
        if (with == NULL) {
            run++;
            continue;
        }
        add(o, s + i - run, run);
        run = 0;
        add(o, with, strlen(with));
    }
    add(o, s + len - run, run);
    add(o, "\"", 1);
}

void
json_out_key(struct json_out *o, const char *key)
{
    separate(o);
    quoted(o, key);
    add(o, ":", 1);
}

void
json_out_string(struct json_out *o, const char *s)
{
    if (s == NULL) {
        json_out_null(o);
        return;
    }
    separate(o);
    quoted(o, s);
}

void
json_out_int(struct json_out *o, long long value)
{
    char text[32];
    int n = snprintf(text, sizeof text, "%lld", value);

    separate(o);
    add(o, text, (size_t)n);
}

void
json_out_real(struct json_out *o, double value)
{
    char text[40];
    int n;

    if (!isfinite(value)) {
        json_out_null(o);
        return;
    }
    n = snprintf(text, sizeof text, "%.6g", value);
    /* "2" would read as an integer. */
    if (strpbrk(text, ".eE") == NULL && n + 2 < (int)sizeof text) {
        memcpy(text + n, ".0", 3);
        n += 2;
    }
    separate(o);
    add(o, text, (size_t)n);
}

void
json_out_bool(struct json_out *o, bool value)
{
    separate(o);
    add(o, value ? "true" : "false", value ? 4 : 5);
}

void
json_out_null(struct json_out *o)
{
    separate(o);
    add(o, "null", 4);
}
