/*
 * The writer: the one thread of kisearchd that changes the index. Workers
 * hand it write jobs; it gathers what arrives within a short window,
 * applies it as one batch (one commit, or nothing), and hands each job
 * back to its worker's event loop to reply.
 */
#ifndef KISEARCH_WRITER_H
#define KISEARCH_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include <kisearch/analysis.h>
#include <kisearch/config.h>
#include <kisearch/document.h>

struct event_base;
struct evhttp_request;
struct writer;

/* One request's changes and, once applied, their outcome. */
struct write_job {
    struct write_job *next;     /* in the writer's queue */
    struct writer *writer;      /* set when submitted */
    struct event_base *base;    /* the worker loop that replies */
    struct evhttp_request *req; /* answered there, once */
    ks_doc_t **docs;            /* to put (owned) */
    size_t doc_count;
    char **ids; /* to delete (owned) */
    size_t id_count;
    /* Outcome, filled by the writer. */
    ks_status_t status;
    char error[KS_ERROR_TEXT_SIZE];
    uint64_t revision;
    size_t replaced, deleted, missing;
};

/* A new, empty job replying on @base to @req; NULL when out of memory. */
struct write_job *writer_job_new(struct event_base *base,
                                 struct evhttp_request *req);

/* Free @job and what it owns. */
void writer_job_free(struct write_job *job);

/* Start the writer thread. Returns 0, or -1 with a message on stderr. */
int writer_start(struct writer **out, const ks_config_t *cfg,
                 const ks_analysis_t *analysis);

/* Queue @job (stolen). Returns 0; -1 when the writer is stopping, and
 * then the job is still the caller's. Safe from any thread. */
int writer_submit(struct writer *wr, struct write_job *job);

/* Apply what is queued, wait for every reply to be handed back, stop the
 * thread and free @wr. Call before the workers stop. NULL is harmless. */
void writer_stop(struct writer *wr);

#endif /* KISEARCH_WRITER_H */
