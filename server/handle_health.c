/*
 * GET /health: whether the index can be read, with its size and revision,
 * the answer cache's counts and the connections each worker serves.
 */
#include <inttypes.h>

#include <jansson.h>

#include "balance.h"
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
    json_t *body, *workers;

    (void)path_rest;
    (void)query;
    index = worker_index(w, &err);
    if (index == NULL
        || ks_index_stats(index, &docs, &revision, &err) != KS_OK) {
        handlers_reply_unavailable(req, err.text);
        return;
    }
    cache_stats(w->cache, &hits, &misses, &slots);
    /* How the open connections are spread over the workers. */
    workers = json_array();
    for (unsigned i = 0; i < balance_workers(w->balance); i++)
        json_array_append_new(
            workers, json_pack("{s:I}", "connections",
                               (json_int_t)balance_connections(w->balance, i)));
    body = json_pack("{s:s, s:I, s:I, s:{s:I, s:I, s:I}, s:o}", "status", "ok",
                     "documents", (json_int_t)docs, "revision",
                     (json_int_t)revision, "cache", "entries",
                     (json_int_t)slots, "hits", (json_int_t)hits, "misses",
                     (json_int_t)misses, "workers", workers);
    reply_json(req, 200, body);
}
