/*
 * Unit tests for indexer/pipeline.c: files come back whole and in the
 * order submitted, and what waits for the writer stays bounded (the
 * prepared documents, the files and the bytes in flight) while the writer
 * takes nothing or takes slowly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "pipeline.h"

/* More than PIPELINE_AHEAD records a file, so that every bound engages. */
#define RECORDS 600

/* How long a test waits for the workers to reach a bound before it fails:
 * far more than preparing a few thousand short records takes, even under
 * the sanitizers. */
#define PATIENCE_MS 60000

struct fixture {
    char dir[64];
    unsigned files;
};

static void
sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    nanosleep(&ts, NULL);
}

static void
file_path(const struct fixture *f, unsigned n, char *out, size_t size)
{
    snprintf(out, size, "%s/teil-%u.jsonl", f->dir, n);
}

/* Write @f->files files of RECORDS records, ids "FILE-RECORD". */
static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);

    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/ks-pipeline-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    f->files = 4;
    for (unsigned n = 0; n < f->files; n++) {
        char path[128];
        FILE *out;

        file_path(f, n, path, sizeof path);
        out = fopen(path, "w");
        assert_non_null(out);
        for (unsigned r = 0; r < RECORDS; r++)
            fprintf(out,
                    "{\"id\": \"%u-%04u\", \"title\": \"Angebot %u\", "
                    "\"body\": \"Sprachkurs %u im Quartier.\"}\n",
                    n, r, r, r);
        fclose(out);
    }
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;

    for (unsigned n = 0; n < f->files; n++) {
        char path[128];

        file_path(f, n, path, sizeof path);
        unlink(path);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Submit file @n of @f, counting @bytes towards PIPELINE_BYTES (about
 * its size, 80 bytes a record, when negative). */
static void
submit(struct pipeline *p, const struct fixture *f, unsigned n, off_t bytes)
{
    struct job *job;

    assert_true(pipeline_has_room(p));
    job = pipeline_slot(p);
    file_path(f, n, job->path, sizeof job->path);
    snprintf(job->source, sizeof job->source, "%s", job->path);
    job->format = KS_FORMAT_JSONL;
    job->bytes = bytes >= 0 ? bytes : (off_t)(RECORDS * 80);
    pipeline_submit(p);
}

/* Take the whole oldest file, which must be file @n, and release it. */
static void
drain(struct pipeline *p, unsigned n)
{
    struct job *job = pipeline_next(p);
    ks_prepared_t *doc;
    unsigned r = 0;

    assert_non_null(job);
    while ((doc = pipeline_take(p, job)) != NULL) {
        char id[32];

        snprintf(id, sizeof id, "%u-%04u", n, r++);
        assert_string_equal(ks_prepared_id(doc), id);
        ks_prepared_free(doc);
    }
    assert_int_equal(r, RECORDS);
    assert_int_equal(job->problem_count, 0);
    pipeline_release(p);
}

/* Check both bounds now; true when @front and @behind are as wanted
 * (SIZE_MAX: any). */
static bool
bounded(struct pipeline *p, size_t want_front, size_t want_behind)
{
    size_t front, behind;

    pipeline_waiting(p, &front, &behind);
    assert_in_range(front, 0, PIPELINE_AHEAD);
    assert_in_range(behind, 0, PIPELINE_AHEAD);
    return (want_front == SIZE_MAX || front == want_front)
           && (want_behind == SIZE_MAX || behind == want_behind);
}

/* Wait until the workers filled up to @want_front and @want_behind,
 * checking the bounds all the while; then check that they stay within
 * them a while longer, the writer still taking nothing. */
static void
fill_up(struct pipeline *p, size_t want_front, size_t want_behind)
{
    long waited = 0;

    while (!bounded(p, want_front, want_behind)) {
        if (waited >= PATIENCE_MS)
            fail_msg("the workers did not fill up to %zu and %zu", want_front,
                     want_behind);
        sleep_ms(5);
        waited += 5;
    }
    for (int i = 0; i < 20; i++) {
        sleep_ms(5);
        bounded(p, SIZE_MAX, SIZE_MAX);
    }
}

/* A pipeline of @threads workers with every file of @f submitted, once
 * the file being written has filled up while the writer took nothing. */
static struct pipeline *
stalled(const struct fixture *f, unsigned threads)
{
    struct pipeline *p = pipeline_start(threads, 16, NULL);

    assert_non_null(p);
    for (unsigned n = 0; n < f->files; n++)
        submit(p, f, n, -1);
    fill_up(p, PIPELINE_AHEAD, SIZE_MAX);
    return p;
}

/* The writer stalls: the file being written fills up to PIPELINE_AHEAD,
 * and once it is taken whole the files behind it fill up to
 * PIPELINE_AHEAD together (3 workers, 3 files behind of RECORDS each).
 * Released, the next file is the one being written and goes on to its
 * own bound. Every file then comes back whole and in order. */
static void
test_prepared_documents_wait_bounded_and_come_back_in_order(void **state)
{
    struct fixture *f = *state;
    struct pipeline *p = stalled(f, 3);
    struct job *job;
    ks_prepared_t *doc;
    unsigned r = 0;

    /* Take file 0 whole, slowly, but do not release it yet. */
    job = pipeline_next(p);
    assert_non_null(job);
    while ((doc = pipeline_take(p, job)) != NULL) {
        r++;
        ks_prepared_free(doc);
        if (r % 50 == 0)
            sleep_ms(1);
        bounded(p, SIZE_MAX, SIZE_MAX);
    }
    assert_int_equal(r, RECORDS);
    fill_up(p, 0, PIPELINE_AHEAD);
    pipeline_release(p);
    fill_up(p, PIPELINE_AHEAD, SIZE_MAX);
    for (unsigned n = 1; n < f->files; n++)
        drain(p, n);
    assert_null(pipeline_next(p));
    pipeline_stop(p);
}

/* Stopping while workers wait for the writer ends them and frees every
 * prepared document (the sanitizers see a leak). */
static void
test_stop_while_workers_wait(void **state)
{
    pipeline_stop(stalled(*state, 2));
}

/* No more files than the depth, nor once those in flight hold
 * PIPELINE_BYTES; but one file always goes, however large. */
static void
test_files_and_bytes_in_flight_are_bounded(void **state)
{
    struct fixture *f = *state;
    struct pipeline *p = pipeline_start(1, 4, NULL);

    assert_non_null(p);
    submit(p, f, 0, 2 * PIPELINE_BYTES);
    assert_false(pipeline_has_room(p));
    drain(p, 0);
    assert_true(pipeline_has_room(p));

    submit(p, f, 0, PIPELINE_BYTES / 2);
    submit(p, f, 1, PIPELINE_BYTES / 2 - 1);
    assert_true(pipeline_has_room(p));
    submit(p, f, 2, 1);
    assert_false(pipeline_has_room(p)); /* 3 files of PIPELINE_BYTES */
    drain(p, 0);
    assert_true(pipeline_has_room(p));

    submit(p, f, 3, 0);
    submit(p, f, 0, 0);
    assert_false(pipeline_has_room(p)); /* 4 files, the depth */
    drain(p, 1);
    assert_true(pipeline_has_room(p));
    for (unsigned n = 2; n < 5; n++)
        drain(p, n % 4);
    assert_null(pipeline_next(p));
    pipeline_stop(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_prepared_documents_wait_bounded_and_come_back_in_order, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_stop_while_workers_wait, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_files_and_bytes_in_flight_are_bounded, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
