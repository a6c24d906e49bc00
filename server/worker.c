/*
 * Worker threads.
 *
 * Wake-ups between threads: main() calls evthread_use_pthreads() before
 * any base exists, so worker_stop() may call event_base_loopexit() on a
 * worker's base from the signal-handling thread, and a worker may wake
 * another to accept (balance.c). Nothing else crosses threads: each
 * worker owns its base, its evhttp and its index handle.
 */
#include "worker.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "balance.h"
#include "cache.h"
#include "params.h"
#include "reply.h"
#include "router.h"

/* How often a worker without an index tries to open it again. */
#define REOPEN_INTERVAL_SECONDS 0.1

static double
monotonic_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
on_request(struct evhttp_request *req, void *arg)
{
    struct worker *w = arg;

    balance_note_request(w->balance, w->id, req);
    router_handle(w, req);
}

/* Remember which directory the index was opened from. */
static void
note_directory(struct worker *w)
{
    struct stat st;

    if (stat(w->cfg->db, &st) == 0) {
        w->db_dev = st.st_dev;
        w->db_ino = st.st_ino;
    }
}

/* Whether the version file still is the one of the last refresh. Glass
 * replaces it (a rename) with every commit, and a rebuild swaps the whole
 * directory, so one stat tells both. */
static bool
unchanged(struct worker *w)
{
    struct stat st;

    if (stat(w->version_path, &st) != 0)
        return false;
    if (st.st_dev == w->seen.st_dev && st.st_ino == w->seen.st_ino
        && st.st_size == w->seen.st_size
        && st.st_mtim.tv_sec == w->seen.st_mtim.tv_sec
        && st.st_mtim.tv_nsec == w->seen.st_mtim.tv_nsec)
        return true;
    w->seen = st;
    return false;
}

int
worker_init(struct worker *w, unsigned id, const struct shared *shared,
            evutil_socket_t listener)
{
    const ks_config_t *cfg = shared->cfg;
    struct evhttp_bound_socket *bound = NULL;
    ks_error_t err;
    evutil_socket_t fd;

    memset(w, 0, sizeof *w);
    w->id = id;
    w->cfg = cfg;
    w->analysis = shared->analysis;
    w->keys = shared->keys;
    w->web = shared->web;
    w->cors = shared->cors;
    w->writer = shared->writer;
    w->cache = shared->cache;
    w->balance = shared->balance;
    snprintf(w->version_path, sizeof w->version_path, "%s/iamglass", cfg->db);
    w->base = event_base_new();
    if (w->base == NULL) {
        fprintf(stderr, "kisearchd: worker %u: cannot create event base\n", id);
        return -1;
    }
    w->http = evhttp_new(w->base);
    if (w->http == NULL) {
        fprintf(stderr, "kisearchd: worker %u: cannot start HTTP\n", id);
        return -1;
    }
    /* libevent closes the socket it accepts on when the evhttp is freed:
     * each worker gets its own descriptor of the one listening socket. */
    fd = dup(listener);
    if (fd >= 0)
        bound = evhttp_accept_socket_with_handle(w->http, fd);
    if (bound == NULL) {
        fprintf(stderr, "kisearchd: worker %u: cannot accept: %s\n", id,
                strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (balance_attach(w->balance, id, w->base, w->http, bound) != 0) {
        fprintf(stderr, "kisearchd: worker %u: out of memory\n", id);
        return -1;
    }
    /* Every method, including ones libevent does not know, reaches the
     * router, which answers 405 in JSON; libevent would answer 501 in
     * HTML for any method not allowed here. */
    evhttp_set_allowed_methods(w->http, 0xFFFF);
    /* The router checks the request line and headers against the
     * configured limits and answers 414 or 431 in JSON. libevent 2.1 has
     * no hook for its own limit errors (2.2 adds evhttp_set_errorcb) and
     * answers them in HTML, so its header limit sits well above ours and
     * is reached only by heads several times too large. Bodies are
     * refused by libevent from their Content-Length, before reading. */
    evhttp_set_max_headers_size(
        w->http,
        (ev_ssize_t)(4 * (cfg->max_uri_bytes + cfg->max_header_bytes)));
    evhttp_set_max_body_size(w->http, (ev_ssize_t)cfg->max_body_bytes);
    evhttp_set_timeout(w->http, (int)cfg->timeout_seconds);
    evhttp_set_gencb(w->http, on_request, w);

    /* Open the index now, so a missing one is reported at startup. */
    unchanged(w);
    if (ks_index_open(cfg->db, KS_INDEX_READ, &w->index, &err) == KS_OK) {
        ks_index_set_analysis(w->index, w->analysis);
        note_directory(w);
    } else {
        if (id == 0)
            fprintf(stderr,
                    "kisearchd: %s: %s; answering 503 until it can be "
                    "opened\n",
                    cfg->db, err.text);
        w->last_attempt = monotonic_seconds();
    }
    return 0;
}

static void *
worker_main(void *arg)
{
    struct worker *w = arg;

    event_base_dispatch(w->base);
    return NULL;
}

int
worker_start(struct worker *w)
{
    int rc = pthread_create(&w->thread, NULL, worker_main, w);

    if (rc != 0) {
        fprintf(stderr, "kisearchd: worker %u: cannot start thread: %s\n",
                w->id, strerror(rc));
        return -1;
    }
    w->running = true;
    return 0;
}

void
worker_stop(struct worker *w)
{
    if (w->base != NULL)
        event_base_loopexit(w->base, NULL);
}

void
worker_join(struct worker *w)
{
    if (w->running)
        pthread_join(w->thread, NULL);
    w->running = false;
}

void
worker_free(struct worker *w)
{
    worker_join(w);
    if (w->balance != NULL && w->base != NULL)
        balance_detach(w->balance, w->id);
    if (w->http != NULL)
        evhttp_free(w->http);
    if (w->base != NULL)
        event_base_free(w->base);
    ks_index_close(w->index);
    w->http = NULL;
    w->base = NULL;
    w->index = NULL;
}

ks_index_t *
worker_index(struct worker *w, ks_error_t *err)
{
    struct stat st;

    if (w->index != NULL && unchanged(w))
        return w->index;
    /* kisearch-index --rebuild swaps a new directory in (one rename):
     * reopening the old handle would not see it, so open afresh. */
    if (w->index != NULL
        && (stat(w->cfg->db, &st) != 0 || st.st_dev != w->db_dev
            || st.st_ino != w->db_ino)) {
        ks_index_close(w->index);
        w->index = NULL;
        w->last_attempt = 0;
    }
    if (w->index == NULL) {
        double now = monotonic_seconds();

        /* Do not hammer the disk while the index is missing. */
        if (now - w->last_attempt < REOPEN_INTERVAL_SECONDS) {
            ks_error_set(err, KS_ERR_NOT_FOUND,
                         "there is no index yet (checked ten times a second)");
            return NULL;
        }
        w->last_attempt = now;
        /* Note the version file first: a commit after this is seen. */
        unchanged(w);
        if (ks_index_open(w->cfg->db, KS_INDEX_READ, &w->index, err) != KS_OK)
            return NULL;
        ks_index_set_analysis(w->index, w->analysis);
        note_directory(w);
        return w->index;
    }
    if (ks_index_refresh(w->index, NULL, err) != KS_OK) {
        ks_index_close(w->index);
        w->index = NULL;
        memset(&w->seen, 0, sizeof w->seen);
        return NULL;
    }
    return w->index;
}

ks_status_t
worker_search(struct worker *w, const ks_query_t *query, ks_results_t **res,
              ks_error_t *err)
{
    ks_index_t *index = worker_index(w, err);
    ks_status_t st;

    if (index == NULL)
        return KS_ERR_NOT_FOUND;
    st = ks_index_search(index, query, res, err);
    /* A commit landed between refresh and search: refresh, retry once. */
    if (st == KS_ERR_MODIFIED && (index = worker_index(w, err)) != NULL)
        st = ks_index_search(index, query, res, err);
    else if (st == KS_ERR_MODIFIED)
        st = KS_ERR_NOT_FOUND;
    return st;
}

uint64_t
worker_revision(struct worker *w)
{
    uint64_t revision = 0;
    ks_error_t err;

    if (w->index == NULL
        || ks_index_stats(w->index, NULL, &revision, &err) != KS_OK)
        return 0;
    return revision;
}

bool
worker_cached_answer(struct worker *w, struct evhttp_request *req,
                     const struct params *params, const char *path,
                     double took_ms, struct kept_answer *kept)
{
    memset(kept, 0, sizeof *kept);
    if (w->cache == NULL || w->index == NULL)
        return false;
    kept->revision = worker_revision(w);
    kept->key = params_canonical(params, path, &kept->key_len);
    if (kept->key == NULL || kept->revision == 0)
        return false;
    if (!cache_get(w->cache, kept->revision, kept->key, kept->key_len, took_ms,
                   evhttp_request_get_output_buffer(req))) {
        kept->cache = w->cache;
        return false;
    }
    evhttp_add_header(evhttp_request_get_output_headers(req), "X-Cache", "hit");
    reply_json_send(req, 200);
    return true;
}

void
worker_keep_answer(void *user, const char *data, size_t len)
{
    struct kept_answer *kept = user;

    if (kept->cache != NULL)
        cache_put(kept->cache, kept->revision, kept->key, kept->key_len, data,
                  len);
}
