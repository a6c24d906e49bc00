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

struct worker {
    unsigned id;
    const ks_config_t *cfg;        /* shared, read-only */
    const ks_analysis_t *analysis; /* shared, read-only */
    const struct keys *keys;       /* shared, read-only */
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

/* Set up @w (event base, HTTP front accepting on @listener) without
 * starting its thread. Returns 0, or -1 with a message on stderr. */
int worker_init(struct worker *w, unsigned id, const ks_config_t *cfg,
                const ks_analysis_t *analysis, const struct keys *keys,
                struct writer *writer, evutil_socket_t listener);

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

#endif /* KISEARCH_WORKER_H */
