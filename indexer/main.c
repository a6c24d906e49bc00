/*
 * kisearch-index: index files and folders into a kisearch index.
 */
#define _GNU_SOURCE /* realpath, renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <limits.h>
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

#include "pipeline.h"
#include "walk.h"

#define PROGRAM "kisearch-index"

struct run {
    ks_index_t *idx;
    unsigned batch_size;
    const char *file; /* the file being read, for messages */
    unsigned long files, indexed, replaced, skipped, pending;
    unsigned long added, changed, unchanged, removed;
    bool force;    /* read every file, changed or not */
    bool failed;   /* a fatal index error: stop */
    bool progress; /* show a progress line on the terminal */
    double started, last_progress;
    struct pipeline *pipeline; /* reads and prepares files on all cores */
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
            "A document indexed again under the same id is replaced; a file\n"
            "whose size and modification time did not change is skipped.\n"
            "\n"
            "  -d, --db DIR         the index directory ([index] db)\n"
            "  -c, --config FILE    read settings from FILE (INI)\n"
            "  -b, --batch-size N   documents per commit ([index] batch_size)\n"
            "  -f, --force          read every file again, changed or not\n"
            "                       (after changing the [analysis] files)\n"
            "  -p, --prune          remove documents of files that are gone\n"
            "                       from the folders given\n"
            "  -r, --rebuild        build a complete new index from PATH...\n"
            "                       beside the live one and swap it in at the\n"
            "                       end, while servers go on answering\n"
            "  -j, --jobs N         threads that read and analyse files\n"
            "                       (default: one per core but one, at\n"
            "                       least 1; this one writes)\n"
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

/* Write what a worker made of one file, in the order files were walked.
 * A file read with problems keeps its signature out of the index (the
 * worker saw to that), so it is read again and named again next time;
 * documents of its records that are now broken are kept, not lost. */
static void
apply_job(struct run *run, struct job *job)
{
    char **ids = NULL;
    size_t kept = 0, cap = 0, removed = 0;
    bool ids_lost = false;
    ks_prepared_t *prepared;
    ks_error_t err;

    run->file = job->path;
    /* The documents as the worker hands them over. */
    while ((prepared = pipeline_take(run->pipeline, job)) != NULL) {
        bool replaced = false;

        if (run->failed || interrupted) {
            ks_prepared_free(prepared);
            continue;
        }
        if (ks_index_put_prepared(run->idx, prepared, &replaced, &err)
            != KS_OK) {
            clear_progress(run);
            fprintf(stderr, PROGRAM ": %s: cannot add \"%s\": %s\n", job->path,
                    ks_prepared_id(prepared), err.text);
            run->failed = true;
            ks_prepared_free(prepared);
            continue;
        }
        /* Its id, for pruning what the file no longer holds. */
        if (kept == cap && !ids_lost) {
            char **grown = realloc(ids, (cap ? cap * 2 : 64) * sizeof *ids);

            if (grown == NULL)
                ids_lost = true;
            else {
                ids = grown;
                cap = cap ? cap * 2 : 64;
            }
        }
        if (!ids_lost && (ids[kept] = strdup(ks_prepared_id(prepared))) != NULL)
            kept++;
        else
            ids_lost = true;
        ks_prepared_free(prepared);
        run->indexed++;
        run->replaced += replaced;
        if (++run->pending >= run->batch_size)
            commit(run);
        show_progress(run, false);
    }
    /* The worker is done with the file: what it could not read. */
    for (size_t i = 0; i < job->problem_count; i++)
        report_skip(run, job->path, job->problems[i]);
    if (!job->unreadable && (kept > 0 || job->problem_count == 0)) {
        if (job->known)
            run->changed++;
        else
            run->added++;
    }
    /* Records the file no longer holds (a line removed from a .jsonl). A
     * file read with problems keeps its signature out of the index (the
     * worker saw to that), so it is read again next time; documents of
     * its records that are now broken are kept, not lost. */
    if (!run->failed && !interrupted && !job->unreadable
        && job->problem_count == 0 && !ids_lost) {
        if (ks_index_prune_source(run->idx, job->source, (const char **)ids,
                                  kept, &removed, &err)
            != KS_OK) {
            clear_progress(run);
            fprintf(stderr, PROGRAM ": %s: %s\n", job->path, err.text);
            run->failed = true;
        }
        run->removed += removed;
        run->pending += removed;
    }
    for (size_t i = 0; i < kept; i++)
        free(ids[i]);
    free(ids);
    show_progress(run, false);
}

/* Write the oldest file in flight, waiting for it. False when none. */
static bool
apply_next(struct run *run)
{
    struct job *job = pipeline_next(run->pipeline);

    if (job == NULL)
        return false;
    apply_job(run, job);
    pipeline_release(run->pipeline);
    return true;
}

/* Write every file in flight. */
static void
drain(struct run *run)
{
    while (apply_next(run))
        ;
}

static bool
on_file(void *user, const char *path, const char *id, bool explicit)
{
    struct run *run = user;
    ks_format_t format = ks_format_from_name(path);
    char source[PATH_MAX], signature[64], stored[64];
    struct stat st;
    bool known = false;
    struct job *job;
    ks_error_t err;

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
    /* A file is known by its real path, however it was reached, and is
     * read again only when its size or modification time changed. */
    if (realpath(path, source) == NULL || stat(source, &st) != 0) {
        report_skip(run, path, strerror(errno));
        return true;
    }
    snprintf(signature, sizeof signature, "%lld:%lld.%09ld",
             (long long)st.st_size, (long long)st.st_mtim.tv_sec,
             st.st_mtim.tv_nsec);
    if (ks_index_source_signature(run->idx, source, stored, sizeof stored,
                                  &known, &err)
        != KS_OK) {
        report_skip(run, path, err.text);
        return true;
    }
    if (known && !run->force && strcmp(stored, signature) == 0) {
        run->unchanged++;
        show_progress(run, false);
        return !interrupted;
    }
    /* Hand the file to a worker; write what is ready meanwhile. */
    if (!pipeline_has_room(run->pipeline))
        apply_next(run);
    job = pipeline_slot(run->pipeline);
    snprintf(job->path, sizeof job->path, "%s", path);
    snprintf(job->id, sizeof job->id, "%s", id);
    snprintf(job->source, sizeof job->source, "%s", source);
    snprintf(job->signature, sizeof job->signature, "%s", signature);
    job->format = format;
    job->bytes = st.st_size;
    job->known = known;
    pipeline_submit(run->pipeline);
    return !run->failed && !interrupted;
}

/* Say once that the index is locked and we wait for it. */
static void
on_waiting(void *user)
{
    const ks_config_t *cfg = user;

    fprintf(stderr,
            PROGRAM ": %s is locked by another writer; waiting up to "
                    "%u s\n",
            cfg->db, cfg->lock_timeout_seconds);
}

/* Open the index for writing. Another writer (kisearch-index or
 * kisearchd's writer thread) may hold the lock for a batch: wait for it,
 * up to the configured time, rather than fail at once. */
static ks_status_t
open_writer(const ks_config_t *cfg, ks_index_t **idx, ks_error_t *err)
{
    return ks_index_open_writer(cfg->db, cfg->lock_timeout_seconds, on_waiting,
                                (void *)cfg, idx, err);
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Remove a directory and what it holds; a missing one is fine. */
static void
remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Where a rebuild of the index writes (@out) and the generation the new
 * index gets: one above the live index's, so that revisions keep
 * growing for readers. */
static ks_status_t
prepare_rebuild(const ks_config_t *cfg, char *out, size_t size,
                uint64_t *generation, ks_error_t *err)
{
    ks_index_t *live = NULL;
    ks_status_t st;

    snprintf(out, size, "%s.rebuild-%ld", cfg->db, (long)getpid());
    remove_tree(out);
    *generation = 1;
    st = ks_index_open(cfg->db, KS_INDEX_READ, &live, err);
    if (st == KS_ERR_NOT_FOUND)
        return KS_OK;
    if (st == KS_OK)
        st = ks_index_generation(live, generation, err);
    ks_index_close(live);
    (*generation)++;
    return st;
}

/* Swap the finished index at @building in for the live one, in one step
 * (renameat2 with RENAME_EXCHANGE), holding the live index's write lock so
 * that no other writer commits into it meanwhile; then remove the old
 * one. Readers notice the new directory at their next request; files the
 * old one still has open stay readable until they let go. */
static ks_status_t
swap_in(const ks_config_t *cfg, const char *building, ks_error_t *err)
{
    ks_index_t *live = NULL;
    ks_status_t st;

    /* No live index yet: the new one simply moves in. (Opening it for
     * writing first would create one.) */
    if (access(cfg->db, F_OK) != 0) {
        if (rename(building, cfg->db) != 0)
            return ks_error_set(err, KS_ERR_IO, "cannot move %s in: %s",
                                building, strerror(errno));
        return KS_OK;
    }
    st = open_writer(cfg, &live, err);
    if (st != KS_OK)
        return st;
    if (renameat2(AT_FDCWD, building, AT_FDCWD, cfg->db, RENAME_EXCHANGE)
        != 0) {
        int saved = errno;

        ks_index_close(live);
        return ks_error_set(err, KS_ERR_IO, "cannot swap %s in: %s", building,
                            strerror(saved));
    }
    ks_index_close(live);
    remove_tree(building); /* now the old index */
    return KS_OK;
}

struct prune {
    const char *root; /* a folder given, with its trailing '/' */
    size_t root_len;
    char **gone; /* sources under it whose files are gone */
    size_t count, cap;
};

static bool
on_source(void *user, const char *source)
{
    struct prune *p = user;
    struct stat st;

    if (strncmp(source, p->root, p->root_len) != 0 || stat(source, &st) == 0
        || errno != ENOENT)
        return true;
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        char **grown = realloc(p->gone, cap * sizeof *grown);

        if (grown == NULL)
            return false;
        p->gone = grown;
        p->cap = cap;
    }
    p->gone[p->count] = strdup(source);
    if (p->gone[p->count] != NULL)
        p->count++;
    return true;
}

/* --prune: remove the documents of files that are gone from the folder
 * @dir. Files given directly are never pruned. */
static void
prune_folder(struct run *run, const char *dir)
{
    char root[PATH_MAX];
    struct stat st;
    struct prune p = {root, 0, NULL, 0, 0};
    ks_error_t err;

    if (realpath(dir, root) == NULL || stat(root, &st) != 0
        || !S_ISDIR(st.st_mode) || strlen(root) + 2 > sizeof root)
        return;
    if (strcmp(root, "/") != 0)
        strcat(root, "/");
    p.root_len = strlen(root);
    if (ks_index_each_source(run->idx, on_source, &p, &err) != KS_OK) {
        fprintf(stderr, PROGRAM ": %s: %s\n", dir, err.text);
        run->failed = true;
    }
    for (size_t i = 0; i < p.count; i++) {
        size_t removed = 0;

        if (!run->failed
            && ks_index_prune_source(run->idx, p.gone[i], NULL, 0, &removed,
                                     &err)
                   != KS_OK) {
            fprintf(stderr, PROGRAM ": %s: %s\n", p.gone[i], err.text);
            run->failed = true;
        }
        run->removed += removed;
        run->pending += removed;
        free(p.gone[i]);
    }
    free(p.gone);
}

int
main(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"config", required_argument, NULL, 'c'},
        {"batch-size", required_argument, NULL, 'b'},
        {"quiet", no_argument, NULL, 'q'},
        {"force", no_argument, NULL, 'f'},
        {"prune", no_argument, NULL, 'p'},
        {"rebuild", no_argument, NULL, 'r'},
        {"jobs", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *config_path = NULL, *batch = NULL;
    long jobs = 0;
    unsigned depth;
    char *end;
    struct run run = {0};
    ks_analysis_files_t files;
    ks_analysis_t *analysis = NULL;
    ks_config_t cfg;
    ks_error_t err;
    bool quiet = false, prune = false, rebuild = false;
    char building[PATH_MAX];
    uint64_t generation = 0;
    int opt;

    while ((opt = getopt_long(argc, argv, "d:c:b:j:qfprhV", options, NULL))
           != -1) {
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
        case 'f':
            run.force = true;
            break;
        case 'p':
            prune = true;
            break;
        case 'r':
            rebuild = true;
            break;
        case 'j':
            jobs = strtol(optarg, &end, 10);
            if (*optarg < '1' || *optarg > '9' || *end != '\0' || jobs > 256) {
                fprintf(stderr, PROGRAM ": --jobs must be 1 to 256\n");
                return 2;
            }
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
    /* A rebuild writes a complete new index beside the live one and
     * swaps it in at the end; the live one serves until then. */
    if (rebuild
        && prepare_rebuild(&cfg, building, sizeof building, &generation, &err)
               != KS_OK) {
        fprintf(stderr, PROGRAM ": %s: %s\n", cfg.db, err.text);
        ks_analysis_free(analysis);
        return 2;
    }
    if (rebuild ? ks_index_open(building, KS_INDEX_WRITE, &run.idx, &err)
                : open_writer(&cfg, &run.idx, &err) != KS_OK) {
        fprintf(stderr, PROGRAM ": %s: %s\n", rebuild ? building : cfg.db,
                err.text);
        ks_analysis_free(analysis);
        return 2;
    }
    if (rebuild) {
        run.force = true;
        prune = false;
        if (ks_index_set_generation(run.idx, generation, &err) != KS_OK) {
            fprintf(stderr, PROGRAM ": %s: %s\n", building, err.text);
            run.failed = true;
        }
    }
    ks_index_set_analysis(run.idx, analysis);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    run.batch_size = cfg.batch_size;
    run.progress = !quiet && isatty(STDERR_FILENO);
    run.started = now();
    if (jobs == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);

        jobs = cores > 1 ? cores - 1 : 1;
    }
    depth = 4 * (unsigned)jobs;
    if (depth < PIPELINE_DEPTH)
        depth = PIPELINE_DEPTH;
    run.pipeline = pipeline_start((unsigned)jobs, depth, analysis);
    if (run.pipeline == NULL)
        run.failed = true;
    for (int i = optind; i < argc && !run.failed && !interrupted; i++) {
        walk_path(argv[i], on_file, on_walk_error, &run);
        drain(&run);
    }
    pipeline_stop(run.pipeline);
    for (int i = optind; prune && i < argc && !run.failed && !interrupted; i++)
        prune_folder(&run, argv[i]);
    commit(&run);
    clear_progress(&run);
    ks_index_close(run.idx);
    if (rebuild && (run.failed || interrupted)) {
        remove_tree(building);
        fprintf(stderr, PROGRAM ": rebuild abandoned; %s is unchanged\n",
                cfg.db);
    } else if (rebuild && swap_in(&cfg, building, &err) != KS_OK) {
        fprintf(stderr, PROGRAM ": %s: %s\n", cfg.db, err.text);
        remove_tree(building);
        run.failed = true;
    }
    ks_analysis_free(analysis);
    if (!quiet && rebuild && !run.failed && !interrupted)
        printf("rebuilt %s (generation %llu)\n", cfg.db,
               (unsigned long long)generation);
    if (!quiet)
        printf("indexed %lu documents (%lu replaced) from %lu files "
               "(%lu added, %lu changed, %lu unchanged), removed %lu "
               "documents, skipped %lu, in %.2f s\n",
               run.indexed, run.replaced, run.files, run.added, run.changed,
               run.unchanged, run.removed, run.skipped, now() - run.started);
    if (interrupted) {
        fprintf(stderr, PROGRAM ": interrupted; everything up to the last "
                                "document shown was committed\n");
        return 2;
    }
    if (run.failed)
        return 2;
    return run.skipped > 0 ? 1 : 0;
}
