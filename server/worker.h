/*
 * A worker: one thread with its own event loop, HTTP front and read-only
 * index handle, accepting on the shared listening socket.
 */
#ifndef KISEARCH_WORKER_H
#define KISEARCH_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <event2/util.h>

#include <kisearch/analysis.h>
#include <kisearch/config.h>
#include <kisearch/index.h>

#include "keys.h"
#include "writer.h"

struct event_base;
struct evhttp;
struct balance;
struct cache;
struct cors;
struct evhttp_request;
struct params;
struct web;

/* What main() sets up once and every worker reads. */
struct shared {
    const ks_config_t *cfg;
    const ks_analysis_t *analysis;
    const struct keys *keys;
    const struct web *web;   /* the search page's files; may be empty */
    const struct cors *cors; /* origins allowed to call the API */
    struct writer *writer;   /* thread-safe */
    struct cache *cache;     /* recent answers; thread-safe; may be NULL */
    struct balance *balance; /* connections spread over the workers */
};

struct worker {
    unsigned id;
    const ks_config_t *cfg;        /* shared, read-only */
    const ks_analysis_t *analysis; /* shared, read-only */
    const struct keys *keys;       /* shared, read-only */
    const struct web *web;         /* shared, read-only */
    const struct cors *cors;       /* shared, read-only */
    struct writer *writer;         /* shared; thread-safe */
    struct cache *cache;           /* shared; thread-safe; may be NULL */
    struct balance *balance;       /* shared; see balance.h */
    struct event_base *base;
    struct evhttp *http;
    ks_index_t *index;   /* NULL while the index cannot be opened */
    double last_attempt; /* when opening it was last tried */
    dev_t db_dev;        /* the index directory it opened: a rebuild */
    ino_t db_ino;        /* swaps in another one */
    struct stat seen;    /* the index's version file when last refreshed:
                            unchanged means nothing to reopen */
    char version_path[KS_CONFIG_STR_MAX + 16];
    pthread_t thread;
    bool running;
};

/* Set up @w (event base, HTTP front accepting on @listener, what it
 * reads of @shared) without starting its thread. Returns 0, or -1 with a
 * message on stderr. */
int worker_init(struct worker *w, unsigned id, const struct shared *shared,
                evutil_socket_t listener);

/* Start @w's thread. Returns 0, or -1 with a message on stderr. */
int worker_start(struct worker *w);

/* Ask @w's loop to finish; safe from any thread. */
void worker_stop(struct worker *w);

/* Wait for @w's thread. Harmless on a worker that never started. */
void worker_join(struct worker *w);

/* Free what @w holds, once every worker is joined (a running worker may
 * still wake this one). Harmless on a worker never set up. */
void worker_free(struct worker *w);

/* The worker's index, refreshed to the latest committed revision and
 * opened first if needed. NULL with @err set when it is unavailable. */
ks_index_t *worker_index(struct worker *w, ks_error_t *err);

/* Run @query on the worker's index (refreshed first; once more when a
 * commit lands meanwhile). KS_OK with *@res set (ks_results_free());
 * KS_ERR_INVALID for a query the index refuses; any other status means
 * the index cannot be used now (answer 503), with @err saying why. */
ks_status_t worker_search(struct worker *w, const ks_query_t *query,
                          ks_results_t **res, ks_error_t *err);

/* The revision @w's index shows, for the answer cache; 0 when unknown. */
uint64_t worker_revision(struct worker *w);

/* A request's answer, kept for the cache once it is made. */
struct kept_answer {
    struct cache *cache;
    uint64_t revision;
    char *key; /* params_canonical(); owned */
    size_t key_len;
};

/* Serve the request from the cache when it holds the answer for @key:
 * sends it and returns true. Otherwise fills @kept (free its key) for
 * worker_keep_answer() and returns false. */
bool worker_cached_answer(struct worker *w, struct evhttp_request *req,
                          const struct params *params, const char *path,
                          double took_ms, struct kept_answer *kept);

/* reply_json_keep()'s and reply_json_out_keep()'s callback: put the answer into
 * @user's cache. */
void worker_keep_answer(void *user, const char *data, size_t len);

#endif /* KISEARCH_WORKER_H */
