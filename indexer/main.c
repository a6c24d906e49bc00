/*
 * kisearch-index: index files and folders into a kisearch index.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <kisearch/config.h>
#include <kisearch/extract.h>
#include <kisearch/index.h>

#include "walk.h"

#define PROGRAM "kisearch-index"

/* Files larger than this are skipped: no page is this big, and reading one
 * whole must not exhaust memory. */
#define MAX_FILE_BYTES (64L * 1024 * 1024)

struct run {
    ks_index_t *idx;
    unsigned batch_size;
    const char *file; /* the file being read, for messages */
    unsigned long files, indexed, replaced, skipped, pending;
    bool failed;   /* a fatal index error: stop */
    bool progress; /* show a progress line on the terminal */
    double started, last_progress;
};

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
usage(FILE *out)
{
    fprintf(out,
            "Usage: " PROGRAM " --db DIR [--config FILE] [options] PATH...\n"
            "\n"
            "Index files and folders (.txt, .md, .html, .htm, .json, .jsonl,\n"
            ".ndjson) into the kisearch index in DIR, creating it if needed.\n"
            "A document indexed again under the same id is replaced.\n"
            "\n"
            "  -d, --db DIR         the index directory ([index] db)\n"
            "  -c, --config FILE    read settings from FILE (INI)\n"
            "  -b, --batch-size N   documents per commit ([index] batch_size)\n"
            "  -q, --quiet          no progress line, no summary\n"
            "  -h, --help           show this help\n"
            "  -V, --version        show the version\n"
            "\n"
            "Exit status: 0 all indexed, 1 something was skipped (named on\n"
            "stderr), 2 nothing could be done (bad arguments, index error).\n");
}

static void
show_progress(struct run *run, bool force)
{
    double t = now();

    if (!run->progress || (!force && t - run->last_progress < 0.25))
        return;
    run->last_progress = t;
    fprintf(stderr, "\r" PROGRAM ": %lu files, %lu documents, %lu skipped",
            run->files, run->indexed, run->skipped);
    fflush(stderr);
}

static void
clear_progress(struct run *run)
{
    if (run->progress)
        fprintf(stderr, "\r\033[K");
}

/* Name a skipped file or record and why. */
static void
report_skip(struct run *run, const char *path, const char *reason)
{
    clear_progress(run);
    fprintf(stderr, PROGRAM ": %s: skipped: %s\n", path, reason);
    run->skipped++;
}

static void
on_walk_error(void *user, const char *path, const char *reason)
{
    report_skip(user, path, reason);
}

static void
commit(struct run *run)
{
    ks_error_t err;

    if (run->pending == 0 || run->failed)
        return;
    if (ks_index_commit(run->idx, &err) != KS_OK) {
        clear_progress(run);
        fprintf(stderr, PROGRAM ": commit failed: %s\n", err.text);
        run->failed = true;
        return;
    }
    run->pending = 0;
}

static void
on_document(void *user, ks_doc_t *doc, const ks_error_t *problem)
{
    struct run *run = user;
    ks_error_t err;
    bool replaced = false;

    if (doc == NULL) {
        report_skip(run, run->file, problem->text);
        return;
    }
    if (!run->failed) {
        if (ks_index_put(run->idx, doc, &replaced, &err) != KS_OK) {
            clear_progress(run);
            fprintf(stderr, PROGRAM ": %s: cannot add \"%s\": %s\n", run->file,
                    ks_doc_get(doc, KS_FIELD_ID), err.text);
            run->failed = err.code != KS_ERR_INVALID;
            if (!run->failed)
                run->skipped++;
        } else {
            run->indexed++;
            run->replaced += replaced;
            if (++run->pending >= run->batch_size)
                commit(run);
        }
    }
    ks_doc_free(doc);
}

/* Read a whole file into memory; NULL with errno set on failure. */
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

static bool
on_file(void *user, const char *path, const char *id, bool explicit)
{
    struct run *run = user;
    ks_format_t format = ks_format_from_name(path);
    const char *reason;
    ks_error_t err;
    size_t len = 0;
    char *data;

    if (interrupted || run->failed)
        return false;
    if (format == KS_FORMAT_UNKNOWN) {
        /* Inside a folder, other files (images, PDFs) are not ours. */
        if (explicit)
            report_skip(run, path,
                        "unknown format (want .txt, .md, .html, .htm, .json, "
                        ".jsonl or .ndjson)");
        return true;
    }
    run->files++;
    data = read_file(path, &len, &reason);
    if (data == NULL) {
        report_skip(run, path, reason ? reason : strerror(errno));
        return true;
    }
    run->file = path;
    if (ks_extract(format, id, data, len, on_document, run, &err) != KS_OK)
        report_skip(run, path, err.text);
    free(data);
    show_progress(run, false);
    return !run->failed && !interrupted;
}

int
main(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"config", required_argument, NULL, 'c'},
        {"batch-size", required_argument, NULL, 'b'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *config_path = NULL, *batch = NULL;
    struct run run = {0};
    ks_analysis_files_t files;
    ks_analysis_t *analysis = NULL;
    ks_config_t cfg;
    ks_error_t err;
    bool quiet = false;
    int opt;

    while ((opt = getopt_long(argc, argv, "d:c:b:qhV", options, NULL)) != -1) {
        switch (opt) {
        case 'd':
            db = optarg;
            break;
        case 'c':
            config_path = optarg;
            break;
        case 'b':
            batch = optarg;
            break;
        case 'q':
            quiet = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf(PROGRAM " %s\n", KS_VERSION);
            return 0;
        default:
            fprintf(stderr, "Try '" PROGRAM " --help'.\n");
            return 2;
        }
    }
    ks_config_defaults(&cfg);
    if (config_path != NULL
        && ks_config_load(&cfg, config_path, &err) != KS_OK) {
        fprintf(stderr, PROGRAM ": %s\n", err.text);
        return 2;
    }
    if ((db != NULL && ks_config_set(&cfg, "index", "db", db, &err) != KS_OK)
        || (batch != NULL
            && ks_config_set(&cfg, "index", "batch_size", batch, &err)
                   != KS_OK)) {
        fprintf(stderr, PROGRAM ": %s\n", err.text);
        return 2;
    }
    if (cfg.db[0] == '\0') {
        fprintf(stderr, PROGRAM ": no index directory: give --db DIR\n");
        return 2;
    }
    if (optind >= argc) {
        fprintf(stderr, PROGRAM ": nothing to index: give files or folders\n");
        return 2;
    }
    ks_config_analysis_files(&cfg, &files);
    if (ks_analysis_load(&files, &analysis, &err) != KS_OK) {
        fprintf(stderr, PROGRAM ": %s\n", err.text);
        return 2;
    }
    if (ks_index_open(cfg.db, KS_INDEX_WRITE, &run.idx, &err) != KS_OK) {
        fprintf(stderr, PROGRAM ": %s: %s\n", cfg.db, err.text);
        ks_analysis_free(analysis);
        return 2;
    }
    ks_index_set_analysis(run.idx, analysis);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    run.batch_size = cfg.batch_size;
    run.progress = !quiet && isatty(STDERR_FILENO);
    run.started = now();
    for (int i = optind; i < argc && !run.failed && !interrupted; i++)
        walk_path(argv[i], on_file, on_walk_error, &run);
    commit(&run);
    clear_progress(&run);
    ks_index_close(run.idx);
    ks_analysis_free(analysis);
    if (!quiet)
        printf("indexed %lu documents (%lu replaced) from %lu files, "
               "skipped %lu, in %.2f s\n",
               run.indexed, run.replaced, run.files, run.skipped,
               now() - run.started);
    if (interrupted) {
        fprintf(stderr, PROGRAM ": interrupted; everything up to the last "
                                "document shown was committed\n");
        return 2;
    }
    if (run.failed)
        return 2;
    return run.skipped > 0 ? 1 : 0;
}
