/*
 * CORS: the allow-list of origins, and the headers for allowed ones.
 */
#include "cors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>

/* scheme://host[:port] with nothing after: what a browser sends as
 * Origin. */
static bool
origin_valid(const char *s, size_t len)
{
    const char *host;
    size_t scheme;

    if (len > 7 && strncmp(s, "http://", 7) == 0)
        scheme = 7;
    else if (len > 8 && strncmp(s, "https://", 8) == 0)
        scheme = 8;
    else
        return false;
    host = s + scheme;
    for (size_t i = 0; i < len - scheme; i++) {
        char c = host[i];

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
              || c == '-' || c == ':' || c == '[' || c == ']'))
            return false;
    }
    return true;
}

int
cors_parse(struct cors *cors, const char *setting, char *why, size_t why_size)
{
    const char *p = setting ? setting : "";

    memset(cors, 0, sizeof *cors);
    while (*p != '\0') {
        size_t len;
        char **grown;

        p += strspn(p, " ,\t");
        len = strcspn(p, " ,\t");
        if (len == 0)
            break;
        if (len == 1 && *p == '*') {
            cors->any = true;
            p += len;
            continue;
        }
        /* "https://example.org/" means the origin https://example.org. */
        if (len > 1 && p[len - 1] == '/')
            len--;
        if (!origin_valid(p, len)) {
            snprintf(why, why_size,
                     "cors_origins: \"%.*s\" is not an origin such as "
                     "https://www.ki-krefeld.de (lower case, no path)",
                     (int)(len > 80 ? 80 : len), p);
            cors_free(cors);
            return -1;
        }
        grown = realloc(cors->origins, (cors->count + 1) * sizeof *grown);
        if (grown == NULL || (grown[cors->count] = strndup(p, len)) == NULL) {
            if (grown != NULL)
                cors->origins = grown;
            snprintf(why, why_size, "out of memory");
            cors_free(cors);
            return -1;
        }
        cors->origins = grown;
        cors->count++;
        p += strcspn(p, " ,\t");
    }
    return 0;
}

void
cors_free(struct cors *cors)
{
    for (size_t i = 0; i < cors->count; i++)
        free(cors->origins[i]);
    free(cors->origins);
    memset(cors, 0, sizeof *cors);
}

/* The request's Origin when it is allowed, else NULL. */
static const char *
allowed_origin(const struct cors *cors, struct evhttp_request *req)
{
    const char *origin =
        evhttp_find_header(evhttp_request_get_input_headers(req), "Origin");

    if (origin == NULL || cors == NULL)
        return NULL;
    if (cors->any)
        return origin;
    for (size_t i = 0; i < cors->count; i++) {
        if (strcmp(cors->origins[i], origin) == 0)
            return origin;
    }
    return NULL;
}

bool
cors_allow(const struct cors *cors, struct evhttp_request *req)
{
    struct evkeyvalq *out = evhttp_request_get_output_headers(req);
    const char *origin = allowed_origin(cors, req);

    /* Caches must keep answers for different origins apart. */
    if (cors != NULL && (cors->any || cors->count > 0))
        evhttp_add_header(out, "Vary", "Origin");
    if (origin == NULL)
        return false;
    evhttp_add_header(out, "Access-Control-Allow-Origin", origin);
    return true;
}

void
cors_preflight(const struct cors *cors, struct evhttp_request *req,
               const char *allow)
{
    struct evkeyvalq *out = evhttp_request_get_output_headers(req);

    evhttp_add_header(out, "Allow", allow);
    if (cors_allow(cors, req)) {
        evhttp_add_header(out, "Access-Control-Allow-Methods", allow);
        evhttp_add_header(out, "Access-Control-Allow-Headers",
                          "Authorization, Content-Type");
        evhttp_add_header(out, "Access-Control-Max-Age", "600");
    }
    evhttp_send_reply(req, 204, "No Content", NULL);
}
