/*
 * The worker threads of kisearch-index. A ring of job slots in submission
 * order: the main thread fills the next free slot, any worker takes the
 * oldest queued one, and the main thread collects from the front, so
 * documents reach the index in the order the files were walked.
 */
#include "pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Files larger than this are skipped: no page is this big, and reading one
 * whole must not exhaust memory. */
#define MAX_FILE_BYTES (64L * 1024 * 1024)

enum slot_state {
    SLOT_FREE,
    SLOT_FILLING,
    SLOT_QUEUED,
    SLOT_RUNNING,
    SLOT_DONE
};

struct pipeline {
    pthread_mutex_t lock;
    pthread_cond_t work; /* a slot was queued, or stopping */
    pthread_cond_t done; /* a slot is done, or a document prepared */
    pthread_cond_t room; /* the writer took a document */
    struct job *jobs;
    enum slot_state *state;
    unsigned depth;
    unsigned head;   /* the oldest slot in flight */
    unsigned count;  /* slots in flight (filling to done) */
    size_t waiting;  /* prepared documents the writer has not taken */
    long long bytes; /* the sizes of the files in flight */
    bool stopping;
    const ks_analysis_t *analysis;
    pthread_t *threads;
    unsigned started;
};

/* Keep @message (printf-style) for the main thread to report. */
static void add_problem(struct job *job, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_problem(struct job *job, const char *fmt, ...)
{
    char text[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (job->problem_count == job->problem_cap) {
        size_t cap = job->problem_cap ? job->problem_cap * 2 : 8;
        char **grown = realloc(job->problems, cap * sizeof *grown);

        if (grown == NULL)
            return;
        job->problems = grown;
        job->problem_cap = cap;
    }
    job->problems[job->problem_count] = strdup(text);
    if (job->problems[job->problem_count] != NULL)
        job->problem_count++;
}

/* Read a whole file into memory; NULL with @reason (or errno) set. */
static char *
read_file(const char *path, size_t *len, const char **reason)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    char *data = NULL;

    *reason = NULL;
    if (f == NULL)
        return NULL;
    if (fstat(fileno(f), &st) != 0)
        goto out;
    if (st.st_size > MAX_FILE_BYTES) {
        *reason = "larger than 64 MiB";
        goto out;
    }
    data = malloc((size_t)st.st_size + 1);
    if (data == NULL)
        goto out;
    *len = fread(data, 1, (size_t)st.st_size, f);
    if (ferror(f)) {
        free(data);
        data = NULL;
        goto out;
    }
    data[*len] = '\0';
out:
    fclose(f);
    return data;
}

/* The documents of one file, while it is extracted. */
struct extracted {
    struct job *job;
    ks_doc_t **docs;
    size_t count, cap;
    unsigned long broken; /* records the extractor could not read */
};

static void
on_document(void *user, ks_doc_t *doc, const ks_error_t *problem)
{
    struct extracted *ex = user;

    if (doc == NULL) {
        add_problem(ex->job, "%s", problem->text);
        ex->broken++;
        return;
    }
    if (ex->count == ex->cap) {
        size_t cap = ex->cap ? ex->cap * 2 : 64;
        ks_doc_t **grown = realloc(ex->docs, cap * sizeof *grown);

        if (grown == NULL) {
            add_problem(ex->job, "out of memory");
            ex->broken++;
            ks_doc_free(doc);
            return;
        }
        ex->docs = grown;
        ex->cap = cap;
    }
    ex->docs[ex->count++] = doc;
}

/* Whether a worker must wait before handing the writer another document
 * of @job (the lock held): when PIPELINE_AHEAD of @job's wait already, or,
 * for a file behind the one being written, when PIPELINE_AHEAD documents
 * of all files do. The file being written always goes on, so the writer
 * always has something to take; pipeline_release() wakes the workers
 * when the next file becomes the one being written. */
static bool
too_far_ahead(const struct pipeline *p, const struct job *job)
{
    if (job->prepared_count - job->taken >= PIPELINE_AHEAD)
        return true;
    return job != &p->jobs[p->head] && p->waiting >= PIPELINE_AHEAD;
}

/* Read, extract and prepare the file of @job. The signature is stored
 * only for a file read without problems, so that a broken file is read
 * again (and named again) next time. */
static void
run_job(struct pipeline *p, ks_analyser_t *an, struct job *job)
{
    struct extracted ex = {job, NULL, 0, 0, 0};
    const char *reason;
    size_t len = 0;
    ks_error_t err;
    char *data;

    data = read_file(job->path, &len, &reason);
    if (data == NULL) {
        job->unreadable = true;
        add_problem(job, "%s", reason ? reason : strerror(errno));
        return;
    }
    if (ks_extract(job->format, job->id, data, len, on_document, &ex, &err)
        != KS_OK) {
        add_problem(job, "%s", err.text);
        ex.broken++;
    }
    free(data);
    pthread_mutex_lock(&p->lock);
    job->prepared = calloc(ex.count + 1, sizeof *job->prepared);
    pthread_mutex_unlock(&p->lock);
    for (size_t i = 0; i < ex.count; i++) {
        ks_prepared_t *prepared = NULL;

        if (job->prepared != NULL
            && ks_analyser_prepare(an, ex.docs[i], job->source,
                                   ex.broken ? "" : job->signature, &prepared,
                                   &err)
                   != KS_OK) {
            add_problem(job, "cannot add \"%s\": %s",
                        ks_doc_get(ex.docs[i], KS_FIELD_ID), err.text);
            job->invalid++;
        }
        ks_doc_free(ex.docs[i]);
        if (prepared == NULL)
            continue;
        /* Hand it over; wait while the writer is far behind. */
        pthread_mutex_lock(&p->lock);
        while (too_far_ahead(p, job) && !p->stopping)
            pthread_cond_wait(&p->room, &p->lock);
        if (p->stopping) {
            pthread_mutex_unlock(&p->lock);
            ks_prepared_free(prepared);
            for (size_t j = i + 1; j < ex.count; j++)
                ks_doc_free(ex.docs[j]);
            break;
        }
        job->prepared[job->prepared_count++] = prepared;
        p->waiting++;
        pthread_cond_broadcast(&p->done);
        pthread_mutex_unlock(&p->lock);
    }
    if (job->prepared == NULL && ex.count > 0) {
        add_problem(job, "out of memory");
        job->invalid += ex.count;
    }
    free(ex.docs);
}

struct worker_arg {
    struct pipeline *p;
    ks_analyser_t *an;
};

static void *
worker_main(void *arg)
{
    struct pipeline *p = ((struct worker_arg *)arg)->p;
    ks_analyser_t *an = ((struct worker_arg *)arg)->an;

    free(arg);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        unsigned slot = p->depth;

        /* The oldest queued file first, so the front is ready soonest. */
        for (unsigned i = 0; i < p->count; i++) {
            unsigned s = (p->head + i) % p->depth;

            if (p->state[s] == SLOT_QUEUED) {
                slot = s;
                break;
            }
        }
        if (slot == p->depth) {
            if (p->stopping)
                break;
            pthread_cond_wait(&p->work, &p->lock);
            continue;
        }
        p->state[slot] = SLOT_RUNNING;
        pthread_mutex_unlock(&p->lock);
        run_job(p, an, &p->jobs[slot]);
        pthread_mutex_lock(&p->lock);
        p->state[slot] = SLOT_DONE;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    ks_analyser_free(an);
    return NULL;
}

struct pipeline *
pipeline_start(unsigned threads, unsigned depth, const ks_analysis_t *analysis)
{
    struct pipeline *p = calloc(1, sizeof *p);
    ks_error_t err;

    if (threads == 0)
        threads = 1;
    if (depth < threads)
        depth = threads;
    if (p == NULL)
        goto fail;
    p->depth = depth;
    p->analysis = analysis;
    p->jobs = calloc(depth, sizeof *p->jobs);
    p->state = calloc(depth, sizeof *p->state);
    p->threads = calloc(threads, sizeof *p->threads);
    if (p->jobs == NULL || p->state == NULL || p->threads == NULL)
        goto fail;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    pthread_cond_init(&p->room, NULL);
    for (unsigned i = 0; i < threads; i++) {
        struct worker_arg *arg = malloc(sizeof *arg);

        if (arg == NULL || ks_analyser_new(analysis, &arg->an, &err) != KS_OK) {
            free(arg);
            break;
        }
        arg->p = p;
        if (pthread_create(&p->threads[i], NULL, worker_main, arg) != 0) {
            ks_analyser_free(arg->an);
            free(arg);
            break;
        }
        p->started++;
    }
    if (p->started > 0)
        return p;
    pipeline_stop(p);
    p = NULL;
fail:
    if (p != NULL) {
        free(p->jobs);
        free(p->state);
        free(p->threads);
        free(p);
    }
    fprintf(stderr, "kisearch-index: cannot start the worker threads\n");
    return NULL;
}

bool
pipeline_has_room(const struct pipeline *p)
{
    /* Nothing in flight holds no bytes: one file goes however large. */
    return p->count < p->depth && p->bytes < PIPELINE_BYTES;
}

struct job *
pipeline_slot(struct pipeline *p)
{
    unsigned slot = (p->head + p->count) % p->depth;
    struct job *job = &p->jobs[slot];

    memset(job, 0, sizeof *job);
    pthread_mutex_lock(&p->lock);
    p->state[slot] = SLOT_FILLING;
    p->count++;
    pthread_mutex_unlock(&p->lock);
    return job;
}

void
pipeline_submit(struct pipeline *p)
{
    unsigned slot = (p->head + p->count - 1) % p->depth;

    pthread_mutex_lock(&p->lock);
    p->bytes += p->jobs[slot].bytes;
    p->state[slot] = SLOT_QUEUED;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
}

struct job *
pipeline_next(struct pipeline *p)
{
    struct job *job;

    if (p->count == 0)
        return NULL;
    pthread_mutex_lock(&p->lock);
    while (p->state[p->head] != SLOT_RUNNING && p->state[p->head] != SLOT_DONE)
        pthread_cond_wait(&p->done, &p->lock);
    job = &p->jobs[p->head];
    pthread_mutex_unlock(&p->lock);
    return job;
}

ks_prepared_t *
pipeline_take(struct pipeline *p, struct job *job)
{
    ks_prepared_t *prepared = NULL;

    pthread_mutex_lock(&p->lock);
    while (job->taken == job->prepared_count && p->state[p->head] != SLOT_DONE)
        pthread_cond_wait(&p->done, &p->lock);
    if (job->taken < job->prepared_count) {
        prepared = job->prepared[job->taken];
        job->prepared[job->taken++] = NULL;
        p->waiting--;
        pthread_cond_broadcast(&p->room);
    }
    pthread_mutex_unlock(&p->lock);
    return prepared;
}

static void
free_job(struct job *job)
{
    for (size_t i = 0; i < job->prepared_count; i++)
        ks_prepared_free(job->prepared[i]);
    free(job->prepared);
    for (size_t i = 0; i < job->problem_count; i++)
        free(job->problems[i]);
    free(job->problems);
    memset(job, 0, sizeof *job);
}

void
pipeline_release(struct pipeline *p)
{
    struct job *job = &p->jobs[p->head];

    pthread_mutex_lock(&p->lock);
    /* What was not taken (an interrupted run) waits no more. */
    p->waiting -= job->prepared_count - job->taken;
    p->bytes -= job->bytes;
    p->state[p->head] = SLOT_FREE;
    p->head = (p->head + 1) % p->depth;
    p->count--;
    /* The next file is the one being written now: its worker goes on. */
    pthread_cond_broadcast(&p->room);
    pthread_mutex_unlock(&p->lock);
    free_job(job);
}

void
pipeline_waiting(struct pipeline *p, size_t *front, size_t *behind)
{
    const struct job *job;

    pthread_mutex_lock(&p->lock);
    job = &p->jobs[p->head];
    *front = p->count > 0 ? job->prepared_count - job->taken : 0;
    *behind = p->waiting - *front;
    pthread_mutex_unlock(&p->lock);
}

void
pipeline_stop(struct pipeline *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    pthread_cond_broadcast(&p->room);
    /* Queued files are dropped; running ones finish. */
    for (unsigned i = 0; i < p->depth; i++) {
        if (p->state[i] == SLOT_QUEUED)
            p->state[i] = SLOT_DONE;
    }
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->started; i++)
        pthread_join(p->threads[i], NULL);
    for (unsigned i = 0; i < p->depth; i++)
        free_job(&p->jobs[i]);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->room);
    pthread_mutex_destroy(&p->lock);
    free(p->jobs);
    free(p->state);
    free(p->threads);
    free(p);
}
