/*
 * JSON responses. Every error the server sends goes through here, so
 * every one is JSON with a code and a message.
 */
#include "reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>

#include <kisearch/text.h>

#include "json_out.h"

const char *
reply_reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    }
    return status < 500 ? "Client Error" : "Server Error";
}

/* jansson's dump callback: append straight to the response buffer. */
static int
append_to_buffer(const char *data, size_t size, void *user)
{
    return evbuffer_add(user, data, size);
}

void
reply_json(struct evhttp_request *req, int status, json_t *body)
{
    reply_json_keep(req, status, body, NULL, NULL);
}

/* The output buffer holds a JSON answer: a 200's bytes go to @keep
 * (with @user), then it is sent. */
static void
keep_and_send(struct evhttp_request *req, int status,
              void (*keep)(void *user, const char *data, size_t len),
              void *user)
{
    if (keep != NULL && status == 200) {
        struct evbuffer *out = evhttp_request_get_output_buffer(req);
        size_t len = evbuffer_get_length(out);

        keep(user, (const char *)evbuffer_pullup(out, (ev_ssize_t)len), len);
    }
    reply_json_send(req, status);
}

void
reply_json_keep(struct evhttp_request *req, int status, json_t *body,
                void (*keep)(void *user, const char *data, size_t len),
                void *user)
{
    struct evbuffer *out = evhttp_request_get_output_buffer(req);

    if (body == NULL) {
        status = 500;
        body = reply_error_body("internal", "could not build the response");
    }
    evbuffer_drain(out, evbuffer_get_length(out));
    if (body == NULL
        || json_dump_callback(body, append_to_buffer, out,
                              JSON_COMPACT | JSON_REAL_PRECISION(6))
               != 0) {
        /* Out of memory: a fixed body still tells the client. */
        status = 500;
        evbuffer_drain(out, evbuffer_get_length(out));
        evbuffer_add_printf(out, "{\"error\":{\"code\":\"internal\","
                                 "\"message\":\"out of memory\"}}");
    }
    evbuffer_add(out, "\n", 1);
    json_decref(body);
    keep_and_send(req, status, keep, user);
}

void
reply_json_out_keep(struct evhttp_request *req, int status,
                    struct json_out *out,
                    void (*keep)(void *user, const char *data, size_t len),
                    void *user)
{
    struct evbuffer *buf = evhttp_request_get_output_buffer(req);

    if (out->failed) {
        json_out_free(out);
        reply_json(req, 500, NULL);
        return;
    }
    evbuffer_drain(buf, evbuffer_get_length(buf));
    if (evbuffer_add(buf, out->data, out->len) != 0
        || evbuffer_add(buf, "\n", 1) != 0) {
        json_out_free(out);
        reply_json(req, 500, NULL);
        return;
    }
    json_out_free(out);
    keep_and_send(req, status, keep, user);
}

void
reply_json_send(struct evhttp_request *req, int status)
{
    struct evkeyvalq *headers = evhttp_request_get_output_headers(req);

    evhttp_remove_header(headers, "Content-Type");
    evhttp_add_header(headers, "Content-Type",
                      "application/json; charset=utf-8");
    evhttp_add_header(headers, "X-Content-Type-Options", "nosniff");
    evhttp_add_header(headers, "Cache-Control", "no-store");
    evhttp_send_reply(req, status, reply_reason(status), NULL);
}

json_t *
reply_error_body(const char *code, const char *message)
{
    return json_pack("{s:{s:s, s:s}}", "error", "code", code, "message",
                     message);
}

void
reply_error(struct evhttp_request *req, int status, const char *code,
            const char *fmt, ...)
{
    char message[512];
    va_list ap;
    size_t len;

    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    /* Messages may quote input; keep the JSON valid whatever it was. */
    len = strlen(message);
    if (!ks_utf8_valid(message, len)) {
        for (size_t i = 0; i < len; i++) {
            if ((unsigned char)message[i] >= 0x80)
                message[i] = '?';
        }
    }
    reply_json(req, status, reply_error_body(code, message));
}

int
reply_http_status(ks_status_t status, const char **code)
{
    switch (status) {
    case KS_OK:
        *code = "ok";
        return 200;
    case KS_ERR_NOT_FOUND:
        *code = "not_found";
        return 404;
    case KS_ERR_INVALID:
    case KS_ERR_QUERY_SYNTAX:
        *code = "bad_request";
        return 400;
    case KS_ERR_LOCKED:
    case KS_ERR_MODIFIED:
    case KS_ERR_CORRUPT:
    case KS_ERR_IO:
    case KS_ERR_NOMEM:
        *code = "unavailable";
        return 503;
    case KS_ERR_INTERNAL:
        break;
    }
    *code = "internal";
    return 500;
}

void
reply_status(struct evhttp_request *req, ks_status_t status,
             const ks_error_t *err)
{
    const char *code;
    int http = reply_http_status(status, &code);

    reply_error(req, http, code, "%s",
                err != NULL && err->text[0] ? err->text
                                            : ks_status_str(status));
}

double
reply_elapsed_ms(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1e3
           + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}
