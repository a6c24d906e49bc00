/*
 * bench_analysis: what the German analysis costs.
 *
 * 1. Indexing: the demo corpus, copied to a few thousand documents, indexed
 *    with the full analysis (compound dictionary, stop words, synonyms) and
 *    with none (the plain baseline), interleaved round by round.
 * 2. Searching: the judged queries of tests/relevance/ with typo tolerance
 *    and prefix expansion on, and with both off, interleaved.
 *
 * It prints medians and ratios (the machines are shared and noisy: compare
 * ratios from one run, not absolute figures across runs) and writes the
 * figures as JSON with --json FILE. It asserts nothing.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <stdbool.h>
#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <kisearch/analysis.h>
#include <kisearch/config.h>
#include <kisearch/extract.h>
#include <kisearch/index.h>

#define MAX_DOCS    4096
#define MAX_QUERIES 1024

struct corpus {
    ks_doc_t *docs[MAX_DOCS];
    size_t count;
};

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static double
median(double *values, size_t n)
{
    qsort(values, n, sizeof *values, compare_doubles);
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static double
percentile(double *values, size_t n, double p)
{
    qsort(values, n, sizeof *values, compare_doubles);
    return values[(size_t)(p * (double)(n - 1))];
}

static void
on_doc(void *user, ks_doc_t *doc, const ks_error_t *problem)
{
    struct corpus *c = user;

    (void)problem;
    if (doc != NULL && c->count < MAX_DOCS)
        c->docs[c->count++] = doc;
    else
        ks_doc_free(doc);
}

static void
read_folder(struct corpus *c, const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        char path[4096], id[4096];
        struct stat st;
        FILE *f;
        char *data;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(id, sizeof id, "%s%s", prefix, e->d_name);
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            char sub[4100];

            snprintf(sub, sizeof sub, "%s/", id);
            read_folder(c, path, sub);
            continue;
        }
        if (ks_format_from_name(path) == KS_FORMAT_UNKNOWN)
            continue;
        f = fopen(path, "rb");
        data = f ? malloc((size_t)st.st_size + 1) : NULL;
        if (data != NULL
            && fread(data, 1, (size_t)st.st_size, f) == (size_t)st.st_size)
            ks_extract(ks_format_from_name(path), id, data, (size_t)st.st_size,
                       on_doc, c, NULL);
        free(data);
        if (f != NULL)
            fclose(f);
    }
    closedir(d);
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Index @copies copies of @c into a fresh @dir; returns seconds. */
static double
index_run(const struct corpus *c, unsigned copies, const char *dir,
          const ks_analysis_t *analysis)
{
    ks_index_t *idx;
    ks_error_t err;
    double start;

    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (ks_index_open(dir, KS_INDEX_WRITE, &idx, &err) != KS_OK) {
        fprintf(stderr, "bench_analysis: %s: %s\n", dir, err.text);
        exit(1);
    }
    ks_index_set_analysis(idx, analysis);
    start = now();
    for (unsigned k = 0; k < copies; k++) {
        for (size_t i = 0; i < c->count; i++) {
            char id[KS_ID_MAX + 1];
            ks_doc_t *doc = ks_doc_new();

            snprintf(id, sizeof id, "%u/%s", k,
                     ks_doc_get(c->docs[i], KS_FIELD_ID));
            for (int f = 0; doc && f < KS_FIELD_COUNT; f++)
                ks_doc_set(doc, (ks_field_t)f,
                           ks_doc_get(c->docs[i], (ks_field_t)f), NULL);
            if (doc == NULL || ks_doc_set(doc, KS_FIELD_ID, id, NULL) != KS_OK
                || ks_index_put(idx, doc, NULL, &err) != KS_OK) {
                fprintf(stderr, "bench_analysis: put failed\n");
                exit(1);
            }
            ks_doc_free(doc);
        }
    }
    if (ks_index_commit(idx, &err) != KS_OK) {
        fprintf(stderr, "bench_analysis: commit: %s\n", err.text);
        exit(1);
    }
    ks_index_close(idx);
    return now() - start;
}

static size_t
read_queries(const char *path, char **queries)
{
    FILE *f = fopen(path, "r");
    char line[2048];
    size_t n = 0;

    if (f == NULL) {
        fprintf(stderr, "bench_analysis: %s: cannot open\n", path);
        exit(1);
    }
    while (n < MAX_QUERIES && fgets(line, sizeof line, f) != NULL) {
        char *tab = strchr(line, '\t');

        if (line[0] == '#' || tab == NULL || tab == line)
            continue;
        *tab = '\0';
        queries[n++] = strdup(line);
    }
    fclose(f);
    return n;
}

/* Run every query once with @flags and @facets; fills per-query
 * milliseconds. */
static void
query_run(ks_index_t *idx, char **queries, size_t n, unsigned flags,
          unsigned facets, double *ms)
{
    for (size_t i = 0; i < n; i++) {
        ks_query_t q = {.text = queries[i],
                        .limit = 10,
                        .snippet_bytes = 200,
                        .flags = flags,
                        .facets = facets};
        ks_results_t *res = NULL;
        double start = now();

        if (ks_index_search(idx, &q, &res, NULL) != KS_OK) {
            fprintf(stderr, "bench_analysis: query failed: %s\n", queries[i]);
            exit(1);
        }
        ms[i] = (now() - start) * 1e3;
        ks_results_free(res);
    }
}

int
main(int argc, char **argv)
{
    const char *sample = "data/sample",
               *queries_path = "tests/relevance/queries.tsv";
    const char *config = NULL, *json_path = NULL;
    unsigned copies = 30, rounds = 5;
    static struct corpus corpus;
    static char *queries[MAX_QUERIES];
    static double plain_s[64], full_s[64], on_ms[64], off_ms[64];
    static double facets_ms[64], plain_ms[64];
    double *lat_on, *lat_off, *lat_facets, *lat_plain;
    char dir[] = "/tmp/kisearch-bench-XXXXXX", db[4096];
    ks_config_t cfg;
    ks_analysis_files_t files;
    ks_analysis_t *analysis;
    ks_index_t *idx;
    ks_error_t err;
    size_t nq, docs;
    double load_start, load_s, plain, full, on, off;
    int opt;

    while ((opt = getopt(argc, argv, "s:q:c:n:r:j:")) != -1) {
        switch (opt) {
        case 's':
            sample = optarg;
            break;
        case 'q':
            queries_path = optarg;
            break;
        case 'c':
            config = optarg;
            break;
        case 'n':
            copies = (unsigned)atoi(optarg);
            break;
        case 'r':
            rounds = (unsigned)atoi(optarg);
            break;
        case 'j':
            json_path = optarg;
            break;
        default:
            fprintf(stderr, "usage: bench_analysis [-s SAMPLE_DIR] [-q "
                            "QUERIES.tsv] [-c CONFIG] [-n COPIES] [-r "
                            "ROUNDS] [-j OUT.json]\n");
            return 2;
        }
    }
    if (rounds < 1 || rounds > 64 || copies < 1) {
        fprintf(stderr, "bench_analysis: rounds 1..64, copies >= 1\n");
        return 2;
    }
    ks_config_defaults(&cfg);
    if (config != NULL && ks_config_load(&cfg, config, &err) != KS_OK) {
        fprintf(stderr, "bench_analysis: %s\n", err.text);
        return 2;
    }
    ks_config_analysis_files(&cfg, &files);
    load_start = now();
    if (ks_analysis_load(&files, &analysis, &err) != KS_OK) {
        fprintf(stderr, "bench_analysis: %s\n", err.text);
        return 2;
    }
    load_s = now() - load_start;
    read_folder(&corpus, sample, "");
    docs = corpus.count * copies;
    nq = read_queries(queries_path, queries);
    if (mkdtemp(dir) == NULL || corpus.count == 0 || nq == 0) {
        fprintf(stderr, "bench_analysis: no corpus, queries or temp dir\n");
        return 1;
    }
    snprintf(db, sizeof db, "%s/db", dir);

    /* Indexing, interleaved; the order alternates so neither side always
     * runs on a warm cache. */
    for (unsigned r = 0; r < rounds; r++) {
        if (r % 2) {
            plain_s[r] = index_run(&corpus, copies, db, NULL);
            full_s[r] = index_run(&corpus, copies, db, analysis);
        } else {
            full_s[r] = index_run(&corpus, copies, db, analysis);
            plain_s[r] = index_run(&corpus, copies, db, NULL);
        }
    }
    /* The last index built with the full analysis is searched below. */
    index_run(&corpus, copies, db, analysis);
    if (ks_index_open(db, KS_INDEX_READ, &idx, &err) != KS_OK) {
        fprintf(stderr, "bench_analysis: %s\n", err.text);
        return 1;
    }
    ks_index_set_analysis(idx, analysis);
    lat_on = calloc(nq * rounds, sizeof *lat_on);
    lat_off = calloc(nq * rounds, sizeof *lat_off);
    lat_facets = calloc(nq * rounds, sizeof *lat_facets);
    lat_plain = calloc(nq * rounds, sizeof *lat_plain);
    if (lat_on == NULL || lat_off == NULL || lat_facets == NULL
        || lat_plain == NULL)
        return 1;
    query_run(idx, queries, nq, 0, 0, lat_on); /* warm-up */
    for (unsigned r = 0; r < rounds; r++) {
        const unsigned off_flags = KS_QUERY_NO_TYPOS | KS_QUERY_NO_PREFIX;
        double t0, t1;

        for (int side = 0; side < 2; side++) {
            bool with = (side == 0) == (r % 2 == 0);

            t0 = now();
            query_run(idx, queries, nq, with ? 0 : off_flags, 0,
                      (with ? lat_on : lat_off) + r * nq);
            t1 = now();
            (with ? on_ms : off_ms)[r] = (t1 - t0) * 1e3 / (double)nq;
        }
    }
    /* Three facets (type, centre, project) against none. */
    for (unsigned r = 0; r < rounds; r++) {
        const unsigned three = (1u << KS_FACET_TYPE) | (1u << KS_FACET_CENTRE)
                               | (1u << KS_FACET_PROJECT);

        for (int side = 0; side < 2; side++) {
            bool with = (side == 0) == (r % 2 == 0);
            double t0 = now();

            query_run(idx, queries, nq, 0, with ? three : 0,
                      (with ? lat_facets : lat_plain) + r * nq);
            (with ? facets_ms : plain_ms)[r] = (now() - t0) * 1e3 / (double)nq;
        }
    }
    ks_index_close(idx);

    plain = median(plain_s, rounds);
    full = median(full_s, rounds);
    on = median(on_ms, rounds);
    off = median(off_ms, rounds);
    printf("kisearch analysis benchmark: %zu documents (%zu x %u), %zu "
           "queries, %u rounds, medians\n\n",
           docs, corpus.count, copies, nq, rounds);
    printf("language data loaded in %.3f s\n\n", load_s);
    printf("%-34s %12s %12s %8s\n", "", "baseline", "full", "ratio");
    printf("%-34s %12.0f %12.0f %8.2f\n", "indexing, documents/s",
           (double)docs / plain, (double)docs / full,
           ((double)docs / full) / ((double)docs / plain));
    printf("%-34s %12.3f %12.3f %8.2f\n",
           "query, mean ms (typos+prefix off/on)", off, on, on / off);
    printf("%-34s %12.3f %12.3f %8.2f\n", "query, p50 ms",
           percentile(lat_off, nq * rounds, 0.50),
           percentile(lat_on, nq * rounds, 0.50),
           percentile(lat_on, nq * rounds, 0.50)
               / percentile(lat_off, nq * rounds, 0.50));
    printf("%-34s %12.3f %12.3f %8.2f\n", "query, p99 ms",
           percentile(lat_off, nq * rounds, 0.99),
           percentile(lat_on, nq * rounds, 0.99),
           percentile(lat_on, nq * rounds, 0.99)
               / percentile(lat_off, nq * rounds, 0.99));
    printf("%-34s %12.3f %12.3f %8.2f\n", "query, mean ms (no facets/three)",
           median(plain_ms, rounds), median(facets_ms, rounds),
           median(facets_ms, rounds) / median(plain_ms, rounds));
    printf("%-34s %12.3f %12.3f %8.2f\n", "query with facets, p99 ms",
           percentile(lat_plain, nq * rounds, 0.99),
           percentile(lat_facets, nq * rounds, 0.99),
           percentile(lat_facets, nq * rounds, 0.99)
               / percentile(lat_plain, nq * rounds, 0.99));
    if (json_path != NULL) {
        FILE *f = fopen(json_path, "w");

        if (f != NULL) {
            fprintf(f,
                    "{\"documents\": %zu, \"queries\": %zu, \"rounds\": %u, "
                    "\"analysis_load_s\": %.4f, "
                    "\"index_docs_per_s\": {\"baseline\": %.1f, \"full\": "
                    "%.1f}, "
                    "\"query_mean_ms\": {\"off\": %.4f, \"on\": %.4f}, "
                    "\"facets_mean_ms\": {\"none\": %.4f, \"three\": "
                    "%.4f}}\n",
                    docs, nq, rounds, load_s, (double)docs / plain,
                    (double)docs / full, off, on, median(plain_ms, rounds),
                    median(facets_ms, rounds));
            fclose(f);
        }
    }
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    for (size_t i = 0; i < corpus.count; i++)
        ks_doc_free(corpus.docs[i]);
    for (size_t i = 0; i < nq; i++)
        free(queries[i]);
    free(lat_on);
    free(lat_off);
    free(lat_facets);
    free(lat_plain);
    ks_analysis_free(analysis);
    return 0;
}
