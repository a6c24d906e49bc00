/*
 * Sending responses: JSON bodies, JSON errors, and the one mapping from
 * library status codes to HTTP.
 */
#ifndef KISEARCH_REPLY_H
#define KISEARCH_REPLY_H

#include <time.h>

#include <jansson.h>

#include <kisearch/error.h>

struct evhttp_request;

/* Send @body (stolen; NULL means the JSON could not be built, which sends
 * a 500 error instead) with HTTP @status. Exactly one reply per request. */
void reply_json(struct evhttp_request *req, int status, json_t *body);

/* reply_json(), and before sending, a 200 answer's bytes go to @keep
 * (with @user), e.g. into the answer cache. */
void reply_json_keep(struct evhttp_request *req, int status, json_t *body,
                     void (*keep)(void *user, const char *data, size_t len),
                     void *user);

/* reply_json_keep() for a text written with json_out.h: sends @out's
 * text (a 500 error when @out failed) and frees it. */
struct json_out;
void reply_json_out_keep(struct evhttp_request *req, int status,
                         struct json_out *out,
                         void (*keep)(void *user, const char *data, size_t len),
                         void *user);

/* Send what the output buffer holds (JSON already) with @status and the
 * JSON headers. */
void reply_json_send(struct evhttp_request *req, int status);

/* Send {"error": {"code": @code, "message": ...}} with HTTP @status. The
 * message is printf-style; bytes that are not UTF-8 are replaced. */
void reply_error(struct evhttp_request *req, int status, const char *code,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Send the error for a failed library call: the status decides the HTTP
 * status and code (not found 404, invalid 400, index trouble 503, bugs
 * 500), @err (may be NULL) the message. */
void reply_status(struct evhttp_request *req, ks_status_t status,
                  const ks_error_t *err);

/* The HTTP status and error code for a library status. */
int reply_http_status(ks_status_t status, const char **code);

/* The reason phrase of an HTTP status, e.g. "Not Found". Static. */
const char *reply_reason(int status);

/* Milliseconds since @start (CLOCK_MONOTONIC), for "took_ms". */
double reply_elapsed_ms(const struct timespec *start);

/* Build the error body; new reference, NULL when out of memory. */
json_t *reply_error_body(const char *code, const char *message);

#endif /* KISEARCH_REPLY_H */
