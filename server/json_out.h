/*
 * A JSON text written piece by piece into one buffer: the search answer,
 * the server's one hot path. Building it as jansson values first, then
 * dumping them, cost about a tenth of the server's time at one
 * connection; every other answer uses jansson.
 *
 * Separators come by themselves: a key or a value after another value
 * gets its comma. A writer that runs out of memory stops writing and
 * says so in `failed`.
 */
#ifndef KISEARCH_JSON_OUT_H
#define KISEARCH_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>

struct json_out {
    char *data; /* owned; NUL-terminated */
    size_t len, cap;
    bool failed; /* out of memory: the text is incomplete */
};

/* An empty text. Never fails; the first write allocates. */
void json_out_init(struct json_out *o);

/* Free what @o holds and make it empty. */
void json_out_free(struct json_out *o);

/* Open an object ('{') or array ('['), after a comma where one is due;
 * close it with '}' or ']'. */
void json_out_open(struct json_out *o, char bracket);
void json_out_close(struct json_out *o, char bracket);

/* "key": inside an object. @key is escaped as any string. */
void json_out_key(struct json_out *o, const char *key);

/* A string, quoted and escaped as RFC 8259 asks (quote, backslash and
 * control characters; the rest of UTF-8 as it is), or null when @s is
 * NULL. Bytes of @s that are not UTF-8 are written as U+FFFD. */
void json_out_string(struct json_out *o, const char *s);

/* Numbers, true/false and null. A real is written with 6 significant
 * digits and always as a real ("2.0"); one that is not finite as null. */
void json_out_int(struct json_out *o, long long value);
void json_out_real(struct json_out *o, double value);
void json_out_bool(struct json_out *o, bool value);
void json_out_null(struct json_out *o);

#endif /* KISEARCH_JSON_OUT_H */
