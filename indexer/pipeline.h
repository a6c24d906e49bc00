/*
 * Files read, extracted and prepared on worker threads, handed back to
 * the main thread in the order they were submitted, which writes them:
 * analysis on all cores, one writer, commits in file order.
 */
#ifndef KISEARCH_PIPELINE_H
#define KISEARCH_PIPELINE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <kisearch/analysis.h>
#include <kisearch/extract.h>
#include <kisearch/index.h>

/* One file: what the main thread asks for, and what a worker found. */
struct job {
    /* In: set by the main thread before pipeline_submit(). */
    char path[PATH_MAX];   /* as given, for messages */
    char id[PATH_MAX];     /* the document id of a single-record file */
    char source[PATH_MAX]; /* the real path, stored with the documents */
    char signature[64];    /* size and mtime when submitted */
    ks_format_t format;
    bool known;  /* the index held documents of this source */
    off_t bytes; /* the file's size, for PIPELINE_BYTES */

    /* Out: set by a worker; read them once pipeline_take() gave NULL. */
    bool unreadable; /* nothing was read; problems[0] says why */
    char **problems; /* messages of records skipped, for the log */
    size_t problem_count, problem_cap;
    unsigned long invalid; /* records refused by the analysis */

    /* Handed over one by one: at most PIPELINE_AHEAD documents of the
     * file being written wait for the writer, and PIPELINE_AHEAD of all
     * the files behind it, so a file of a million records never sits in
     * memory prepared. */
    ks_prepared_t **prepared; /* the documents, in file order */
    size_t prepared_count, prepared_cap;
    size_t taken; /* how many the main thread took */
};

/* How many prepared documents may wait for the writer: of the file it
 * writes, and of all the files behind that one. */
#define PIPELINE_AHEAD 256

/* Files in flight at most: enough that the workers keep going through a
 * run of files the writer is slow on (a long man page) and the writer
 * through a run the workers are slow on (large HTML). With 4 a worker
 * waited for a free slot often enough to cost 10 % of the wall time on
 * the 1,764 files of the benchmark. */
#define PIPELINE_DEPTH 128

/* And no more files once those in flight hold this many bytes (one file
 * goes however large), so that 128 large pages never sit in memory read
 * and prepared at once. */
#define PIPELINE_BYTES (32L * 1024 * 1024)

struct pipeline;

/* Start @threads workers (at least 1) preparing with @analysis
 * (borrowed); at most @depth files are in flight. NULL with a message on
 * stderr when that fails. */
struct pipeline *pipeline_start(unsigned threads, unsigned depth,
                                const ks_analysis_t *analysis);

/* Whether another file may be submitted without waiting: fewer than
 * the depth given to pipeline_start() are in flight, holding fewer than
 * PIPELINE_BYTES. */
bool pipeline_has_room(const struct pipeline *p);

/* The job slot to fill for the next file; only when pipeline_has_room().
 * Then pipeline_submit() it. */
struct job *pipeline_slot(struct pipeline *p);

/* Hand the filled slot to the workers. */
void pipeline_submit(struct pipeline *p);

/* The oldest submitted file once a worker started on it, or NULL when
 * none is in flight. Waits for that. Take its documents with
 * pipeline_take(), then hand it back with pipeline_release(). */
struct job *pipeline_next(struct pipeline *p);

/* The next prepared document of @job (the caller's to free), waiting for
 * the worker; NULL when the worker is done with the file. */
ks_prepared_t *pipeline_take(struct pipeline *p, struct job *job);

/* Free what the oldest job holds and make its slot free again. */
void pipeline_release(struct pipeline *p);

/* How many prepared documents wait for the writer at this moment: in
 * *@front of the file being written (the oldest in flight), in *@behind
 * of the files after it. Each stays at most PIPELINE_AHEAD; the tests
 * watch that. */
void pipeline_waiting(struct pipeline *p, size_t *front, size_t *behind);

/* Stop the workers (waiting for jobs in progress, dropping queued ones)
 * and free everything. NULL is a harmless no-op. */
void pipeline_stop(struct pipeline *p);

#endif /* KISEARCH_PIPELINE_H */
