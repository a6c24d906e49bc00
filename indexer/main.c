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
    unsigned long added, changed, unchanged, removed;
    bool force;    /* read every file, changed or not */
    bool failed;   /* a fatal index error: stop */
    bool progress; /* show a progress line on the terminal */
    double started, last_progress;
    /* The documents of the file being read, put once it is read whole. */
    ks_doc_t **docs;
    size_t doc_count, doc_cap;
    unsigned long problems; /* records of the file that were skipped */
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

/* Collect the documents of the file being read. */
static void
on_document(void *user, ks_doc_t *doc, const ks_error_t *problem)
{
    struct run *run = user;

    if (doc == NULL) {
        report_skip(run, run->file, problem->text);
        run->problems++;
        return;
    }
    if (run->doc_count == run->doc_cap) {
        size_t cap = run->doc_cap ? run->doc_cap * 2 : 64;
        ks_doc_t **grown = realloc(run->docs, cap * sizeof *grown);

        if (grown == NULL) {
            report_skip(run, run->file, "out of memory");
            run->problems++;
            ks_doc_free(doc);
            return;
        }
        run->docs = grown;
        run->doc_cap = cap;
    }
    run->docs[run->doc_count++] = doc;
}

/* Put the documents read from @source. The signature is stored only for
 * a file read without problems, so that a broken file is read again
 * (and named again) next time; for such a file, documents of records
 * that are now broken are kept rather than lost. */
static void
put_documents(struct run *run, const char *source, const char *signature)
{
    const char **ids = calloc(run->doc_count + 1, sizeof *ids);
    size_t kept = 0, removed = 0;
    ks_error_t err;

    for (size_t i = 0; i < run->doc_count && !run->failed; i++) {
        ks_doc_t *doc = run->docs[i];
        bool replaced = false;

        if (ks_index_put_source(run->idx, doc, source,
                                run->problems ? "" : signature, &replaced, &err)
            != KS_OK) {
            clear_progress(run);
            fprintf(stderr, PROGRAM ": %s: cannot add \"%s\": %s\n", run->file,
                    ks_doc_get(doc, KS_FIELD_ID), err.text);
            run->failed = err.code != KS_ERR_INVALID;
            run->problems++;
            if (!run->failed)
                run->skipped++;
            continue;
        }
        if (ids != NULL)
            ids[kept++] = ks_doc_get(doc, KS_FIELD_ID);
        run->indexed++;
        run->replaced += replaced;
        if (++run->pending >= run->batch_size)
            commit(run);
    }
    /* Records the file no longer holds (a line removed from a .jsonl). */
    if (!run->failed && run->problems == 0 && ids != NULL) {
        if (ks_index_prune_source(run->idx, source, ids, kept, &removed, &err)
            != KS_OK) {
            clear_progress(run);
            fprintf(stderr, PROGRAM ": %s: %s\n", run->file, err.text);
            run->failed = true;
        }
        run->removed += removed;
        run->pending += removed;
    }
    free(ids);
    for (size_t i = 0; i < run->doc_count; i++)
        ks_doc_free(run->docs[i]);
    run->doc_count = 0;
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
    char source[PATH_MAX], signature[64], stored[64];
    struct stat st;
    bool known = false;
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
    data = read_file(path, &len, &reason);
    if (data == NULL) {
        report_skip(run, path, reason ? reason : strerror(errno));
        return true;
    }
    run->file = path;
    run->problems = 0;
    if (ks_extract(format, id, data, len, on_document, run, &err) != KS_OK) {
        report_skip(run, path, err.text);
        run->problems++;
    }
    free(data);
    if (run->doc_count > 0 || run->problems == 0) {
        if (known)
            run->changed++;
        else
            run->added++;
    }
    put_documents(run, source, signature);
    show_progress(run, false);
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
    bool quiet = false, prune = false, rebuild = false;
    char building[PATH_MAX];
    uint64_t generation = 0;
    int opt;

    while ((opt = getopt_long(argc, argv, "d:c:b:qfprhV", options, NULL))
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
    for (int i = optind; i < argc && !run.failed && !interrupted; i++)
        walk_path(argv[i], on_file, on_walk_error, &run);
    for (int i = optind; prune && i < argc && !run.failed && !interrupted; i++)
        prune_folder(&run, argv[i]);
    commit(&run);
    free(run.docs);
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
