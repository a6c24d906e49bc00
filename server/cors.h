/*
 * Cross-origin calls from browsers (the embeddable search box on a
 * centre's site): which origins may read the API's answers.
 */
#ifndef KISEARCH_CORS_H
#define KISEARCH_CORS_H

#include <stdbool.h>
#include <stddef.h>

struct evhttp_request;

/* The origins allowed, from the [server] cors_origins setting. */
struct cors {
    char **origins; /* "https://www.ki-krefeld.de", no trailing slash */
    size_t count;
    bool any; /* "*": every origin */
};

/* Parse @setting (origins separated by spaces or commas; "*" for any;
 * NULL or "" for none) into @cors. Returns 0, or -1 with @why filled when
 * an entry is not scheme://host[:port] or memory ran out. */
int cors_parse(struct cors *cors, const char *setting, char *why,
               size_t why_size);

/* Free what cors_parse() filled; harmless on a zeroed struct. */
void cors_free(struct cors *cors);

/* When the request comes from an allowed origin, add the headers that let
 * its page read the answer. Returns whether it did. */
bool cors_allow(const struct cors *cors, struct evhttp_request *req);

/* Answer a preflight (OPTIONS with Access-Control-Request-Method) for a
 * route that takes @allow ("GET, HEAD"): 204 with the methods and headers
 * an allowed origin may use; 204 without them for any other origin, which
 * the browser then refuses. */
void cors_preflight(const struct cors *cors, struct evhttp_request *req,
                    const char *allow);

#endif /* KISEARCH_CORS_H */
