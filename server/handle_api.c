/*
 * GET /api: what this server is and where its endpoints are.
 */
#include <jansson.h>

#include "handlers.h"
#include "reply.h"

void
handle_api(struct worker *w, struct evhttp_request *req, const char *path_rest,
           const char *query)
{
    (void)w;
    (void)path_rest;
    (void)query;
    reply_json(req, 200,
               json_pack("{s:s, s:s, s:i, s:[s,s,s,s,s,s,s,s,s]}", "name",
                         "kisearch", "version", KS_VERSION, "api_version", 1,
                         "endpoints", "/", "/search?q=", "/suggest?q=",
                         "/health", "/documents/{id}", "/centres",
                         "/centres/{slug}", "/projects", "/projects/{slug}"));
}
