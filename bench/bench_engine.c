/*
 * bench_engine: the engine's ceiling, with no HTTP and no JSON.
 *
 * Opens an index read-only with the language data a server started with
 * the same config would load, and runs the queries of a query log (one a
 * line, as typed) through ks_index_search() with the parameters kisearchd
 * uses for GET /search?q=...: the configured default limit (10) and
 * snippet length, typos and prefixes on. Like a kisearchd worker, it asks
 * for the latest revision (ks_index_refresh) before each query, and it
 * reads every hit's stored document and snippet. Queries cycle through
 * the log, each thread starting at its own place, for a number of seconds
 * after a warm-up.
 *
 * Prints queries/s and latency percentiles and writes them as JSON with
 * -j FILE. It asserts nothing.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kisearch/analysis.h>
#include <kisearch/config.h>
#include <kisearch/index.h>

#define MAX_THREADS 64

struct log {
    char **queries;
    size_t count;
};

struct run {
    const char *db;
    const ks_analysis_t *analysis;
    const struct log *log;
    size_t limit, snippet_bytes;
    double warmup, duration;
    bool refresh;
    unsigned flags; // KS_QUERY_*
    unsigned id, threads;
    /* Filled by the thread. */
    struct sample *ms;
    size_t done, size, errors, hits, snippet_bytes_out;
};

/* One measured query: its latency and its line in the log. */
struct sample {
    double ms;
    size_t query;
};

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
compare_samples(const void *a, const void *b)
{
    double x = ((const struct sample *)a)->ms,
           y = ((const struct sample *)b)->ms;

    return x < y ? -1 : x > y;
}

/* The p-th percentile (0 < p < 1) of sorted @v, nearest rank. */
static double
percentile(const struct sample *v, size_t n, double p)
{
    size_t rank;

    if (n == 0)
        return 0;
    rank = (size_t)(p * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    return v[(rank > n ? n : rank) - 1].ms;
}

static void
read_log(const char *path, struct log *log)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, size = 0;
    ssize_t len;

    if (f == NULL) {
        fprintf(stderr, "bench_engine: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        if (log->count == size) {
            size = size ? 2 * size : 1024;
            log->queries = realloc(log->queries, size * sizeof *log->queries);
            if (log->queries == NULL) {
                fprintf(stderr, "bench_engine: out of memory\n");
                exit(1);
            }
        }
        log->queries[log->count++] = strdup(line);
    }
    free(line);
    fclose(f);
    if (log->count == 0) {
        fprintf(stderr, "bench_engine: %s: no queries\n", path);
        exit(2);
    }
}

static void
free_log(struct log *log)
{
    for (size_t i = 0; i < log->count; i++)
        free(log->queries[i]);
    free(log->queries);
}

/* Run one query as kisearchd would; returns false on an error. */
static bool
one_query(struct run *r, ks_index_t *idx, const char *text)
{
    ks_query_t q;
    ks_results_t *res = NULL;
    ks_error_t err;
    ks_status_t st;

    memset(&q, 0, sizeof q);
    q.text = text;
    q.limit = r->limit;
    q.snippet_bytes = r->snippet_bytes;
    q.flags = r->flags;
    if (r->refresh && ks_index_refresh(idx, NULL, &err) != KS_OK)
        return false;
    st = ks_index_search(idx, &q, &res, &err);
    if (st == KS_ERR_MODIFIED && ks_index_refresh(idx, NULL, &err) == KS_OK)
        st = ks_index_search(idx, &q, &res, &err);
    if (st != KS_OK)
        return false;
    /* What the server reads of each hit to answer: the stored fields and
     * the snippet. */
    for (size_t i = 0; i < ks_results_count(res); i++) {
        const ks_doc_t *doc = ks_results_doc(res, i);

        for (int f = 0; f < KS_FIELD_COUNT; f++)
            (void)ks_doc_get(doc, (ks_field_t)f);
        r->hits++;
        r->snippet_bytes_out += strlen(ks_results_snippet(res, i));
        (void)ks_results_score(res, i);
    }
    (void)ks_results_total(res);
    (void)ks_results_suggestion(res);
    ks_results_free(res);
    return true;
}

static void *
run_thread(void *arg)
{
    struct run *r = arg;
    ks_index_t *idx;
    ks_error_t err;
    size_t next = r->log->count * r->id / r->threads;
    double start, end, t;

    if (ks_index_open(r->db, KS_INDEX_READ, &idx, &err) != KS_OK) {
        fprintf(stderr, "bench_engine: %s: %s\n", r->db, err.text);
        exit(2);
    }
    ks_index_set_analysis(idx, r->analysis);
    start = now();
    end = start + r->warmup;
    while (now() < end) {
        one_query(r, idx, r->log->queries[next]);
        next = (next + 1) % r->log->count;
    }
    r->hits = r->snippet_bytes_out = 0;
    end = now() + r->duration;
    while ((t = now()) < end) {
        size_t this = next;
        bool ok = one_query(r, idx, r->log->queries[this]);

        next = (next + 1) % r->log->count;
        if (!ok) {
            r->errors++;
            continue;
        }
        if (r->done == r->size) {
            r->size = r->size ? 2 * r->size : 65536;
            r->ms = realloc(r->ms, r->size * sizeof *r->ms);
            if (r->ms == NULL) {
                fprintf(stderr, "bench_engine: out of memory\n");
                exit(1);
            }
        }
        r->ms[r->done].ms = (now() - t) * 1e3;
        r->ms[r->done++].query = this;
    }
    ks_index_close(idx);
    return NULL;
}

/* The hits of the first @n queries of the log, a line a query: the
 * query, a tab, and "id score snippet" of each hit, separated by tabs;
 * for comparing the rankings and snippets of two builds. Returns the
 * exit status. */
static int
dump(struct run *r, size_t n)
{
    ks_index_t *idx;
    ks_error_t err;

    if (ks_index_open(r->db, KS_INDEX_READ, &idx, &err) != KS_OK) {
        fprintf(stderr, "bench_engine: %s: %s\n", r->db, err.text);
        return 2;
    }
    ks_index_set_analysis(idx, r->analysis);
    for (size_t i = 0; i < n && i < r->log->count; i++) {
        ks_query_t q;
        ks_results_t *res = NULL;

        memset(&q, 0, sizeof q);
        q.text = r->log->queries[i];
        q.limit = r->limit;
        q.flags = r->flags;
        q.snippet_bytes = r->snippet_bytes;
        printf("%s", q.text);
        if (ks_index_search(idx, &q, &res, &err) != KS_OK) {
            printf("\terror: %s\n", err.text);
            continue;
        }
        for (size_t k = 0; k < ks_results_count(res); k++)
            printf("\t%s %.4f %s",
                   ks_doc_get(ks_results_doc(res, k), KS_FIELD_ID),
                   ks_results_score(res, k), ks_results_snippet(res, k));
        printf("\n");
        ks_results_free(res);
    }
    ks_index_close(idx);
    return 0;
}

static void
usage(FILE *out)
{
    fprintf(out,
            "Usage: bench_engine --db DIR --queries FILE [options]\n"
            "\n"
            "  -d, --db DIR        the index\n"
            "  -q, --queries FILE  the query log, one query a line\n"
            "  -c, --config FILE   kisearch config (language data, limit,\n"
            "                      snippet length), as kisearchd reads it\n"
            "  -t, --threads N     threads, each with its own handle (1)\n"
            "  -s, --seconds S     how long to measure (10)\n"
            "  -w, --warmup S      how long to run before measuring (2)\n"
            "  -n, --no-refresh    do not ask for the latest revision\n"
            "                      before each query\n"
            "  -S, --slowest N     list the N slowest queries (0)\n"
            "      --no-typos      no spelling correction (typos=0)\n"
            "      --no-prefix     no completion of the last word (prefix=0)\n"
            "  -D, --dump N        print the hits of the first N queries\n"
            "                      (id and score) instead of measuring\n"
            "  -j, --json FILE     write the figures as JSON\n");
}

int
main(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"queries", required_argument, NULL, 'q'},
        {"config", required_argument, NULL, 'c'},
        {"threads", required_argument, NULL, 't'},
        {"seconds", required_argument, NULL, 's'},
        {"warmup", required_argument, NULL, 'w'},
        {"no-refresh", no_argument, NULL, 'n'},
        {"slowest", required_argument, NULL, 'S'},
        {"no-typos", no_argument, NULL, 'T'},
        {"no-prefix", no_argument, NULL, 'P'},
        {"json", required_argument, NULL, 'j'},
        {"dump", required_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *queries = NULL, *config = NULL, *json = NULL;
    unsigned threads = 1, slowest = 0;
    size_t dump_count = 0;
    double seconds = 10, warmup = 2, load_s, elapsed, qps, mean = 0;
    bool refresh = true;
    unsigned flags = 0;
    static struct run runs[MAX_THREADS];
    pthread_t tids[MAX_THREADS];
    static ks_config_t cfg;
    ks_analysis_files_t files;
    ks_analysis_t *analysis = NULL;
    struct log log = {NULL, 0};
    ks_error_t err;
    size_t total = 0, errors = 0, hits = 0, snippet_out = 0, k = 0;
    struct sample *all;
    double started;
    int opt;

    while (
        (opt = getopt_long(argc, argv, "d:q:c:t:s:w:nS:j:D:h", options, NULL))
        != -1) {
        switch (opt) {
        case 'd':
            db = optarg;
            break;
        case 'q':
            queries = optarg;
            break;
        case 'c':
            config = optarg;
            break;
        case 't':
            threads = (unsigned)atoi(optarg);
            break;
        case 's':
            seconds = atof(optarg);
            break;
        case 'w':
            warmup = atof(optarg);
            break;
        case 'n':
            refresh = false;
            break;
        case 'S':
            slowest = (unsigned)atoi(optarg);
            break;
        case 'j':
            json = optarg;
            break;
        case 'D':
            dump_count = (size_t)strtoul(optarg, NULL, 10);
            break;
        case 'T':
            flags |= KS_QUERY_NO_TYPOS;
            break;
        case 'P':
            flags |= KS_QUERY_NO_PREFIX;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (db == NULL || queries == NULL || threads < 1 || threads > MAX_THREADS
        || seconds <= 0 || warmup < 0) {
        usage(stderr);
        return 2;
    }
    ks_config_defaults(&cfg);
    if (config != NULL && ks_config_load(&cfg, config, &err) != KS_OK) {
        fprintf(stderr, "bench_engine: %s\n", err.text);
        return 2;
    }
    ks_config_analysis_files(&cfg, &files);
    started = now();
    if (ks_analysis_load(&files, &analysis, &err) != KS_OK) {
        fprintf(stderr, "bench_engine: %s\n", err.text);
        return 2;
    }
    load_s = now() - started;
    read_log(queries, &log);
    if (dump_count > 0) {
        struct run r = {.db = db,
                        .analysis = analysis,
                        .log = &log,
                        .limit = cfg.default_limit,
                        .snippet_bytes = cfg.snippet_bytes,
                        .flags = flags};
        int status = dump(&r, dump_count);

        free_log(&log);
        ks_analysis_free(analysis);
        return status;
    }

    started = now();
    for (unsigned i = 0; i < threads; i++) {
        runs[i] = (struct run){.db = db,
                               .analysis = analysis,
                               .log = &log,
                               .limit = cfg.default_limit,
                               .snippet_bytes = cfg.snippet_bytes,
                               .warmup = warmup,
                               .duration = seconds,
                               .refresh = refresh,
                               .flags = flags,
                               .id = i,
                               .threads = threads};
        if (pthread_create(&tids[i], NULL, run_thread, &runs[i]) != 0) {
            fprintf(stderr, "bench_engine: cannot start a thread\n");
            return 1;
        }
    }
    for (unsigned i = 0; i < threads; i++)
        pthread_join(tids[i], NULL);
    elapsed = now() - started - warmup;
    for (unsigned i = 0; i < threads; i++) {
        total += runs[i].done;
        errors += runs[i].errors;
        hits += runs[i].hits;
        snippet_out += runs[i].snippet_bytes_out;
    }
    all = malloc((total ? total : 1) * sizeof *all);
    if (all == NULL) {
        fprintf(stderr, "bench_engine: out of memory\n");
        return 1;
    }
    for (unsigned i = 0; i < threads; i++) {
        memcpy(all + k, runs[i].ms, runs[i].done * sizeof *all);
        k += runs[i].done;
        free(runs[i].ms);
    }
    qsort(all, total, sizeof *all, compare_samples);
    for (size_t i = 0; i < total; i++)
        mean += all[i].ms;
    mean = total ? mean / (double)total : 0;
    qps = (double)total / elapsed;
    printf("bench_engine: %u thread(s), %.1f s, %zu queries (%zu in the log),"
           " %zu errors\n",
           threads, elapsed, total, log.count, errors);
    printf("  %.0f queries/s; latency ms: mean %.3f, p50 %.3f, p90 %.3f, "
           "p99 %.3f, max %.3f\n",
           qps, mean, percentile(all, total, 0.50),
           percentile(all, total, 0.90), percentile(all, total, 0.99),
           total ? all[total - 1].ms : 0.0);
    printf("  %.1f hits a query, %.0f snippet bytes a hit; language data "
           "loaded in %.2f s\n",
           total ? (double)hits / (double)total : 0.0,
           hits ? (double)snippet_out / (double)hits : 0.0, load_s);
    if (json != NULL) {
        FILE *f = fopen(json, "w");

        if (f == NULL) {
            fprintf(stderr, "bench_engine: %s: %s\n", json, strerror(errno));
            return 1;
        }
        fprintf(f,
                "{\"threads\": %u, \"seconds\": %.3f, \"queries\": %zu, "
                "\"log_queries\": %zu, \"errors\": %zu, \"qps\": %.1f, "
                "\"mean_ms\": %.4f, \"p50_ms\": %.4f, \"p90_ms\": %.4f, "
                "\"p99_ms\": %.4f, \"max_ms\": %.4f, \"hits_per_query\": %.3f,"
                " \"snippet_bytes_per_hit\": %.1f, \"limit\": %u, "
                "\"snippet_bytes\": %u, \"refresh\": %s, "
                "\"analysis_load_s\": %.3f}\n",
                threads, elapsed, total, log.count, errors, qps, mean,
                percentile(all, total, 0.50), percentile(all, total, 0.90),
                percentile(all, total, 0.99), total ? all[total - 1].ms : 0.0,
                total ? (double)hits / (double)total : 0.0,
                hits ? (double)snippet_out / (double)hits : 0.0,
                cfg.default_limit, cfg.snippet_bytes,
                refresh ? "true" : "false", load_s);
        fclose(f);
    }
    /* The slowest queries, each once. */
    for (size_t i = total, shown = 0; i-- > 0 && shown < slowest;) {
        bool seen = false;

        for (size_t j = i + 1; j < total && !seen; j++)
            seen = all[j].query == all[i].query;
        if (seen)
            continue;
        printf("  slow: %8.2f ms  %s\n", all[i].ms, log.queries[all[i].query]);
        shown++;
    }
    free(all);
    free_log(&log);
    ks_analysis_free(analysis);
    return 0;
}
