/*
 * A worker: one thread with its own event loop, HTTP front and read-only
 * index handle, accepting on the shared listening socket.
 */
#ifndef KISEARCH_WORKER_H
#define KISEARCH_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <sys/types.h>

#include <event2/util.h>

#include <kisearch/analysis.h>
#include <kisearch/config.h>
#include <kisearch/index.h>

#include "keys.h"
#include "writer.h"

struct event_base;
struct evhttp;
struct cors;
struct web;

/* What main() sets up once and every worker reads. */
struct shared {
    const ks_config_t *cfg;
    const ks_analysis_t *analysis;
    const struct keys *keys;
    const struct web *web;   /* the search page's files; may be empty */
    const struct cors *cors; /* origins allowed to call the API */
    struct writer *writer;   /* thread-safe */
};

struct worker {
    unsigned id;
    const ks_config_t *cfg;        /* shared, read-only */
    const ks_analysis_t *analysis; /* shared, read-only */
    const struct keys *keys;       /* shared, read-only */
    const struct web *web;         /* shared, read-only */
    const struct cors *cors;       /* shared, read-only */
    struct writer *writer;         /* shared; thread-safe */
    struct event_base *base;
    struct evhttp *http;
    ks_index_t *index;   /* NULL while the index cannot be opened */
    double last_attempt; /* when opening it was last tried */
    dev_t db_dev;        /* the index directory it opened: a rebuild */
    ino_t db_ino;        /* swaps in another one */
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

/* Wait for @w's thread and free what it holds. Harmless on a worker
 * that never started. */
void worker_join(struct worker *w);

/* The worker's index, refreshed to the latest committed revision and
 * opened first if needed. NULL with @err set when it is unavailable. */
ks_index_t *worker_index(struct worker *w, ks_error_t *err);

/* Run @query on the worker's index (refreshed first; once more when a
 * commit lands meanwhile). KS_OK with *@res set (ks_results_free());
 * KS_ERR_INVALID for a query the index refuses; any other status means
 * the index cannot be used now (answer 503), with @err saying why. */
ks_status_t worker_search(struct worker *w, const ks_query_t *query,
                          ks_results_t **res, ks_error_t *err);

#endif /* KISEARCH_WORKER_H */
