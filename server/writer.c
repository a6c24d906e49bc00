/*
 * The writer thread.
 *
 * Locks: wr->lock protects the queue, `stopping` and `outstanding`.
 * Nothing else is shared: the index handle is the writer thread's own,
 * opened for each batch and closed after it, so Xapian's lock is held
 * only while a batch is applied (kisearch-index may write in between).
 * Replies go back to the worker that took the request through
 * event_base_once() (the bases are thread-safe: main() called
 * evthread_use_pthreads()), because evhttp may only be used from its own
 * loop.
 */
#include "writer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <jansson.h>

#include <kisearch/index.h>

#include "reply.h"

/* How long the writer waits after the first job for more, so that a burst
 * of writes becomes one commit. */
#define BATCH_WINDOW_MS 20

struct writer {
    const ks_config_t *cfg;
    const ks_analysis_t *analysis;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;    /* a job arrived, or stop */
    pthread_cond_t replied; /* a reply was handed back */
    struct write_job *head, *tail;
    size_t outstanding; /* jobs accepted and not yet replied to */
    bool stopping;
};

struct write_job *
writer_job_new(struct event_base *base, struct evhttp_request *req)
{
    struct write_job *job = calloc(1, sizeof *job);

    if (job != NULL) {
        job->base = base;
        job->req = req;
    }
    return job;
}

void
writer_job_free(struct write_job *job)
{
    if (job == NULL)
        return;
    for (size_t i = 0; i < job->doc_count; i++)
        ks_doc_free(job->docs[i]);
    free(job->docs);
    for (size_t i = 0; i < job->id_count; i++)
        free(job->ids[i]);
    free(job->ids);
    free(job);
}

/* In the worker's loop: answer the request and let the writer know. */
static void
reply_job(evutil_socket_t fd, short what, void *arg)
{
    struct write_job *job = arg;
    struct writer *wr = job->writer;

    (void)fd;
    (void)what;
    if (job->status == KS_OK)
        reply_json(job->req, 200,
                   json_pack("{s:b, s:I, s:I, s:I, s:I, s:I}", "committed", 1,
                             "revision", (json_int_t)job->revision, "indexed",
                             (json_int_t)job->doc_count, "replaced",
                             (json_int_t)job->replaced, "deleted",
                             (json_int_t)job->deleted, "not_found",
                             (json_int_t)job->missing));
    else
        reply_error(job->req, 503, "unavailable", "nothing was committed: %s",
                    job->error);
    writer_job_free(job);
    pthread_mutex_lock(&wr->lock);
    wr->outstanding--;
    pthread_cond_broadcast(&wr->replied);
    pthread_mutex_unlock(&wr->lock);
}

/* Apply the jobs of @batch as one commit; fills each job's outcome. */
static void
apply(struct writer *wr, struct write_job *batch)
{
    ks_index_t *idx = NULL;
    ks_error_t err = {KS_OK, ""};
    /* Another writer (kisearch-index) may hold the lock: wait for it. */
    ks_status_t st = ks_index_open_writer(
        wr->cfg->db, wr->cfg->lock_timeout_seconds, NULL, NULL, &idx, &err);
    uint64_t revision = 0;

    if (st == KS_OK) {
        ks_index_set_analysis(idx, wr->analysis);
        st = ks_index_begin(idx, &err);
    }
    for (struct write_job *job = batch; st == KS_OK && job != NULL;
         job = job->next) {
        for (size_t i = 0; st == KS_OK && i < job->doc_count; i++) {
            bool replaced = false;

            st = ks_index_put(idx, job->docs[i], &replaced, &err);
            job->replaced += replaced;
        }
        for (size_t i = 0; st == KS_OK && i < job->id_count; i++) {
            bool found = false;

            st = ks_index_delete(idx, job->ids[i], &found, &err);
            job->deleted += found;
            job->missing += !found;
        }
    }
    if (st == KS_OK)
        st = ks_index_commit(idx, &err);
    else
        ks_index_cancel(idx, NULL);
    if (st == KS_OK)
        st = ks_index_stats(idx, NULL, &revision, &err);
    ks_index_close(idx);
    if (st != KS_OK)
        fprintf(stderr, "kisearchd: writer: %s\n", err.text);
    for (struct write_job *job = batch; job != NULL; job = job->next) {
        job->status = st;
        job->revision = revision;
        snprintf(job->error, sizeof job->error, "%s", err.text);
    }
}

static void *
writer_main(void *arg)
{
    struct writer *wr = arg;

    pthread_mutex_lock(&wr->lock);
    for (;;) {
        struct write_job *batch, *next;
        struct timespec window = {0, BATCH_WINDOW_MS * 1000 * 1000};

        while (wr->head == NULL && !wr->stopping)
            pthread_cond_wait(&wr->wake, &wr->lock);
        if (wr->head == NULL)
            break;
        /* Let a burst gather into one commit. */
        if (!wr->stopping) {
            pthread_mutex_unlock(&wr->lock);
            nanosleep(&window, NULL);
            pthread_mutex_lock(&wr->lock);
        }
        batch = wr->head;
        wr->head = wr->tail = NULL;
        pthread_mutex_unlock(&wr->lock);
        apply(wr, batch);
        for (struct write_job *job = batch; job != NULL; job = next) {
            struct timeval zero = {0, 0};

            next = job->next;
            if (event_base_once(job->base, -1, EV_TIMEOUT, reply_job, job,
                                &zero)
                != 0) {
                writer_job_free(job);
                pthread_mutex_lock(&wr->lock);
                wr->outstanding--;
                pthread_mutex_unlock(&wr->lock);
            }
        }
        pthread_mutex_lock(&wr->lock);
    }
    pthread_mutex_unlock(&wr->lock);
    return NULL;
}

int
writer_start(struct writer **out, const ks_config_t *cfg,
             const ks_analysis_t *analysis)
{
    struct writer *wr = calloc(1, sizeof *wr);
    int rc;

    *out = NULL;
    if (wr == NULL) {
        fprintf(stderr, "kisearchd: out of memory\n");
        return -1;
    }
    wr->cfg = cfg;
    wr->analysis = analysis;
    pthread_mutex_init(&wr->lock, NULL);
    pthread_cond_init(&wr->wake, NULL);
    pthread_cond_init(&wr->replied, NULL);
    rc = pthread_create(&wr->thread, NULL, writer_main, wr);
    if (rc != 0) {
        fprintf(stderr, "kisearchd: cannot start the writer: %s\n",
                strerror(rc));
        pthread_cond_destroy(&wr->replied);
        pthread_cond_destroy(&wr->wake);
        pthread_mutex_destroy(&wr->lock);
        free(wr);
        return -1;
    }
    *out = wr;
    return 0;
}

int
writer_submit(struct writer *wr, struct write_job *job)
{
    pthread_mutex_lock(&wr->lock);
    if (wr->stopping) {
        pthread_mutex_unlock(&wr->lock);
        return -1;
    }
    job->next = NULL;
    job->writer = wr;
    if (wr->tail != NULL)
        wr->tail->next = job;
    else
        wr->head = job;
    wr->tail = job;
    wr->outstanding++;
    pthread_cond_signal(&wr->wake);
    pthread_mutex_unlock(&wr->lock);
    return 0;
}

void
writer_stop(struct writer *wr)
{
    struct timespec limit;

    if (wr == NULL)
        return;
    pthread_mutex_lock(&wr->lock);
    wr->stopping = true;
    pthread_cond_signal(&wr->wake);
    pthread_mutex_unlock(&wr->lock);
    pthread_join(wr->thread, NULL);
    /* The workers still run: wait (boundedly) for them to hand back the
     * last replies, so that no job is left behind. */
    clock_gettime(CLOCK_REALTIME, &limit);
    limit.tv_sec += 5;
    pthread_mutex_lock(&wr->lock);
    while (wr->outstanding > 0
           && pthread_cond_timedwait(&wr->replied, &wr->lock, &limit) == 0)
        ;
    pthread_mutex_unlock(&wr->lock);
    pthread_cond_destroy(&wr->replied);
    pthread_cond_destroy(&wr->wake);
    pthread_mutex_destroy(&wr->lock);
    free(wr);
}
