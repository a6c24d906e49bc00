/*
 * GET /health: whether the index can be read, with its size and revision.
 */
#include <inttypes.h>

#include <jansson.h>

#include "cache.h"
#include "handlers.h"
#include "reply.h"
#include "worker.h"

void
handlers_reply_unavailable(struct evhttp_request *req, const char *why)
{
    reply_error(req, 503, "unavailable", "the index is unavailable: %s", why);
}

void
handle_health(struct worker *w, struct evhttp_request *req,
              const char *path_rest, const char *query)
{
    ks_index_t *index;
    ks_error_t err;
    uint64_t docs, revision, hits, misses;
    size_t slots;

    (void)path_rest;
    (void)query;
    index = worker_index(w, &err);
    if (index == NULL
        || ks_index_stats(index, &docs, &revision, &err) != KS_OK) {
        handlers_reply_unavailable(req, err.text);
        return;
    }
    cache_stats(w->cache, &hits, &misses, &slots);
    reply_json(req, 200,
               json_pack("{s:s, s:I, s:I, s:{s:I, s:I, s:I}}", "status", "ok",
                         "documents", (json_int_t)docs, "revision",
                         (json_int_t)revision, "cache", "entries",
                         (json_int_t)slots, "hits", (json_int_t)hits, "misses",
                         (json_int_t)misses));
}
