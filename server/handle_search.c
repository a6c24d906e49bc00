/*
 * GET /search?q=...&limit=10&offset=0: ranked hits with snippets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include <kisearch/text.h>

#include "handlers.h"
#include "json_doc.h"
#include "params.h"
#include "reply.h"
#include "worker.h"

/* Filter values one request may give, over all filters. */
#define MAX_FILTERS 32

/* Read an optional whole-number parameter into *out, within [min, max].
 * Sends the 400 and returns false when it is not one. */
static bool
number_param(struct evhttp_request *req, const struct params *params,
             const char *name, unsigned min, unsigned max, unsigned *out)
{
    const char *value;
    size_t count = params_count(params, name, &value);
    unsigned long n = 0;
    size_t len;

    if (count == 0)
        return true;
    len = strlen(value);
    if (count > 1) {
        reply_error(req, 400, "bad_request", "%s is given %zu times", name,
                    count);
        return false;
    }
    if (len == 0 || len > 9 || strspn(value, "0123456789") != len) {
        reply_error(req, 400, "bad_request",
                    "%s must be a whole number from %u to %u", name, min, max);
        return false;
    }
    n = strtoul(value, NULL, 10);
    if (n < min || n > max) {
        reply_error(req, 400, "bad_request",
                    "%s must be a whole number from %u to %u, not %lu", name,
                    min, max, n);
        return false;
    }
    *out = (unsigned)n;
    return true;
}

/* Read an optional true/false parameter into *out ("true", "false", "1",
 * "0"). Sends the 400 and returns false when it is something else. */
static bool
bool_param(struct evhttp_request *req, const struct params *params,
           const char *name, bool *out)
{
    const char *value;
    size_t count = params_count(params, name, &value);

    if (count == 0)
        return true;
    if (count == 1 && (strcmp(value, "true") == 0 || strcmp(value, "1") == 0)) {
        *out = true;
        return true;
    }
    if (count == 1
        && (strcmp(value, "false") == 0 || strcmp(value, "0") == 0)) {
        *out = false;
        return true;
    }
    reply_error(req, 400, "bad_request",
                "%s must be given once, as true or false", name);
    return false;
}

/* Read sort=relevance|date. */
static bool
sort_param(struct evhttp_request *req, const struct params *params,
           ks_sort_t *out)
{
    const char *value;
    size_t count = params_count(params, "sort", &value);

    if (count == 0)
        return true;
    if (count == 1 && strcmp(value, "relevance") == 0) {
        *out = KS_SORT_RELEVANCE;
        return true;
    }
    if (count == 1 && strcmp(value, "date") == 0) {
        *out = KS_SORT_DATE;
        return true;
    }
    reply_error(req, 400, "bad_request",
                "sort must be given once, as relevance or date");
    return false;
}

/* Names of the facets a request may ask for, by ks_facet_t. */
static const char *const facet_names[KS_FACET_COUNT] = {
    "type", "centre", "project", "year", NULL};

/* The facets of @res asked for in @facets (bits of ks_facet_t) as
 * "facets": {"centre": [{"value": "Krefeld", "count": 3, "slug":
 * "krefeld"}, ...], ...}. */
static void
write_facets(struct json_out *o, const ks_analysis_t *analysis,
             const ks_results_t *res, unsigned facets)
{
    json_out_key(o, "facets");
    json_out_open(o, '{');
    for (int f = 0; f < KS_FACET_COUNT; f++) {
        if (!(facets & (1u << f)) || facet_names[f] == NULL)
            continue;
        json_out_key(o, facet_names[f]);
        json_out_open(o, '[');
        for (size_t i = 0; i < ks_results_facet_size(res, (ks_facet_t)f); i++) {
            const char *value;
            uint64_t count;

            ks_results_facet_get(res, (ks_facet_t)f, i, &value, &count);
            json_out_open(o, '{');
            json_out_key(o, "value");
            json_out_string(o, value);
            json_out_key(o, "count");
            json_out_int(o, (long long)count);
            if (f == KS_FACET_CENTRE || f == KS_FACET_PROJECT) {
                char slug[2 * KS_ENTRY_MAX + 1];

                ks_analysis_slug(analysis,
                                 f == KS_FACET_CENTRE ? KS_LIST_CENTRES
                                                      : KS_LIST_PROJECTS,
                                 value, slug, sizeof slug);
                json_out_key(o, "slug");
                json_out_string(o, slug);
            }
            json_out_close(o, '}');
        }
        json_out_close(o, ']');
    }
    json_out_close(o, '}');
}

/* The response body for @res into @o (json_out.h; @o->failed when out of
 * memory). */
static void
write_results(struct json_out *o, const ks_analysis_t *analysis, const char *q,
              const ks_results_t *res, unsigned offset, unsigned limit,
              unsigned facets, double took_ms)
{
    static const struct {
        const char *name;
        ks_field_t field;
    } fields[] = {{"id", KS_FIELD_ID},
                  {"url", KS_FIELD_URL},
                  {"title", KS_FIELD_TITLE},
                  {"type", KS_FIELD_TYPE},
                  {"date", KS_FIELD_DATE}};

    json_out_open(o, '{');
    json_out_key(o, "query");
    json_out_string(o, q);
    json_out_key(o, "total");
    json_out_int(o, (long long)ks_results_total(res));
    json_out_key(o, "total_exact");
    json_out_bool(o, ks_results_total_exact(res));
    json_out_key(o, "took_ms");
    json_out_real(o, took_ms);
    json_out_key(o, "offset");
    json_out_int(o, offset);
    json_out_key(o, "limit");
    json_out_int(o, limit);
    json_out_key(o, "hits");
    json_out_open(o, '[');
    for (size_t i = 0; i < ks_results_count(res); i++) {
        const ks_doc_t *doc = ks_results_doc(res, i);

        json_out_open(o, '{');
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
            json_out_key(o, fields[k].name);
            json_out_string(o, ks_doc_get(doc, fields[k].field));
        }
        json_out_key(o, "score");
        json_out_real(o, ks_results_score(res, i));
        json_out_key(o, "rank");
        json_out_int(o, (long long)(offset + i + 1));
        json_out_key(o, "snippet");
        json_out_string(o, ks_results_snippet(res, i));
        json_doc_write_lists(o, doc);
        json_out_close(o, '}');
    }
    json_out_close(o, ']');
    json_out_key(o, "suggestion");
    json_out_string(o, ks_results_suggestion(res));
    if (facets != 0)
        write_facets(o, analysis, res, facets);
    json_out_close(o, '}');
}

/* Read the repeated filter parameter @name into @filters (up to @max).
 * Sends the 400 and returns false for an empty or overlong value. */
static bool
filter_params(struct evhttp_request *req, const struct params *params,
              const char *name, ks_facet_t facet, ks_filter_t *filters,
              size_t *count, size_t max)
{
    for (size_t i = 0; i < params->count; i++) {
        const char *value = params->items[i].value;

        if (strcmp(params->items[i].key, name) != 0)
            continue;
        if (value[0] == '\0' || strlen(value) > KS_ENTRY_MAX) {
            reply_error(req, 400, "bad_request", "%s must be 1 to %d bytes",
                        name, KS_ENTRY_MAX);
            return false;
        }
        if (*count == max) {
            reply_error(req, 400, "bad_request", "at most %zu filter values",
                        max);
            return false;
        }
        filters[*count].facet = facet;
        filters[*count].value = value;
        (*count)++;
    }
    return true;
}

/* Read facets=type,centre,... (the parameter may repeat) into a bit set. */
static bool
facets_param(struct evhttp_request *req, const struct params *params,
             unsigned *facets)
{
    for (size_t i = 0; i < params->count; i++) {
        const char *p = params->items[i].value;

        if (strcmp(params->items[i].key, "facets") != 0)
            continue;
        while (*p != '\0') {
            size_t len = strcspn(p, ",");
            int found = -1;

            for (int f = 0; f < KS_FACET_COUNT; f++) {
                if (facet_names[f] != NULL && strlen(facet_names[f]) == len
                    && strncmp(facet_names[f], p, len) == 0)
                    found = f;
            }
            if (len > 0 && found < 0) {
                reply_error(req, 400, "bad_request",
                            "facets are type, centre, project and year, not "
                            "\"%.*s\"",
                            (int)(len > 40 ? 40 : len), p);
                return false;
            }
            if (found >= 0)
                *facets |= 1u << found;
            p += len;
            if (*p == ',')
                p++;
        }
    }
    return true;
}

/* Read one optional parameter that must be a date; NULL when absent. */
static bool
date_param(struct evhttp_request *req, const struct params *params,
           const char *name, const char **out)
{
    size_t count = params_count(params, name, out);

    if (count == 0)
        return true;
    if (count > 1 || !ks_date_valid(*out)) {
        reply_error(req, 400, "bad_request",
                    "%s must be given once, as YYYY, YYYY-MM or YYYY-MM-DD",
                    name);
        return false;
    }
    return true;
}

void
handle_search(struct worker *w, struct evhttp_request *req,
              const char *path_rest, const char *query_string)
{
    const ks_config_t *cfg = w->cfg;
    struct params params;
    struct timespec start;
    char why[128];
    const char *q;
    size_t q_count, q_len;
    unsigned limit = cfg->default_limit, offset = 0;
    bool typos = true, prefix = true;
    ks_results_t *res = NULL;
    struct json_out answer;
    struct kept_answer kept = {NULL, 0, NULL, 0};
    ks_query_t query;
    ks_filter_t filters[MAX_FILTERS];
    size_t filter_count = 0;
    ks_error_t err;
    ks_status_t st;

    (void)path_rest;
    memset(&query, 0, sizeof query);
    clock_gettime(CLOCK_MONOTONIC, &start);
    if (!params_parse(query_string, &params, why, sizeof why)) {
        reply_error(req, 400, "bad_request", "query string: %s", why);
        return;
    }
    q_count = params_count(&params, "q", &q);
    if (q_count > 1) {
        reply_error(req, 400, "bad_request", "q is given %zu times", q_count);
        goto out;
    }
    q_len = q ? strlen(q) : 0;
    if (!filter_params(req, &params, "type", KS_FACET_TYPE, filters,
                       &filter_count, MAX_FILTERS)
        || !filter_params(req, &params, "centre", KS_FACET_CENTRE, filters,
                          &filter_count, MAX_FILTERS)
        || !filter_params(req, &params, "project", KS_FACET_PROJECT, filters,
                          &filter_count, MAX_FILTERS)
        || !filter_params(req, &params, "lang", KS_FACET_LANG, filters,
                          &filter_count, MAX_FILTERS)
        || !date_param(req, &params, "from", &query.date_from)
        || !date_param(req, &params, "to", &query.date_to)
        || !facets_param(req, &params, &query.facets))
        goto out;
    /* Without words, filters alone select: "what did Duisburg publish
     * since 2020?" */
    if ((q == NULL || strspn(q, " \t\r\n") == q_len) && filter_count == 0
        && query.date_from == NULL && query.date_to == NULL) {
        reply_error(req, 400, "bad_request",
                    "q is missing or empty: say what to search for");
        goto out;
    }
    if (q_len > cfg->max_query_bytes) {
        reply_error(req, 400, "bad_request", "q is longer than %zu bytes",
                    cfg->max_query_bytes);
        goto out;
    }
    if (!number_param(req, &params, "limit", 1, cfg->max_limit, &limit)
        || !number_param(req, &params, "offset", 0, cfg->max_offset, &offset)
        || !bool_param(req, &params, "typos", &typos)
        || !bool_param(req, &params, "prefix", &prefix)
        || !sort_param(req, &params, &query.sort))
        goto out;

    if (worker_index(w, &err) == NULL) {
        handlers_reply_unavailable(req, err.text);
        goto out;
    }
    if (worker_cached_answer(w, req, &params, "/search",
                             reply_elapsed_ms(&start), &kept))
        goto out;
    query.text = q;
    query.filters = filters;
    query.filter_count = filter_count;
    query.offset = offset;
    query.limit = limit;
    query.snippet_bytes = cfg->snippet_bytes;
    query.flags =
        (typos ? 0 : KS_QUERY_NO_TYPOS) | (prefix ? 0 : KS_QUERY_NO_PREFIX);
    st = worker_search(w, &query, &res, &err);
    if (st != KS_OK) {
        if (st == KS_ERR_INVALID)
            reply_status(req, st, &err);
        else
            handlers_reply_unavailable(req, err.text);
        goto out;
    }
    json_out_init(&answer);
    write_results(&answer, w->analysis, q, res, offset, limit, query.facets,
                  reply_elapsed_ms(&start));
    reply_json_out_keep(req, 200, &answer, worker_keep_answer, &kept);
out:
    free(kept.key);
    ks_results_free(res);
    params_free(&params);
}
