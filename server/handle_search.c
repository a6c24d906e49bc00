/*
 * GET /search?q=...&limit=10&offset=0: ranked hits with snippets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "handlers.h"
#include "params.h"
#include "reply.h"
#include "worker.h"

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

/* A field as JSON: its value, or null when unset. New reference. */
static json_t *
field_json(const ks_doc_t *doc, ks_field_t field)
{
    const char *value = ks_doc_get(doc, field);

    return value ? json_string(value) : json_null();
}

/* The response body for @res; new reference, NULL when out of memory. */
static json_t *
results_json(const char *q, const ks_results_t *res, unsigned offset,
             unsigned limit, double took_ms)
{
    json_t *hits = json_array();
    size_t count = ks_results_count(res);
    const char *suggestion;

    for (size_t i = 0; hits != NULL && i < count; i++) {
        const ks_doc_t *doc = ks_results_doc(res, i);
        json_t *hit = json_pack(
            "{s:o, s:o, s:o, s:o, s:o, s:f, s:I, s:s}", "id",
            field_json(doc, KS_FIELD_ID), "url", field_json(doc, KS_FIELD_URL),
            "title", field_json(doc, KS_FIELD_TITLE), "type",
            field_json(doc, KS_FIELD_TYPE), "date",
            field_json(doc, KS_FIELD_DATE), "score", ks_results_score(res, i),
            "rank", (json_int_t)(offset + i + 1), "snippet",
            ks_results_snippet(res, i));

        if (json_array_append_new(hits, hit) != 0) {
            json_decref(hits);
            return NULL;
        }
    }
    if (hits == NULL)
        return NULL;
    suggestion = ks_results_suggestion(res);
    return json_pack("{s:s, s:I, s:b, s:f, s:i, s:i, s:o, s:o}", "query", q,
                     "total", (json_int_t)ks_results_total(res), "total_exact",
                     ks_results_total_exact(res), "took_ms", took_ms, "offset",
                     (int)offset, "limit", (int)limit, "hits", hits,
                     "suggestion",
                     suggestion ? json_string(suggestion) : json_null());
}

static double
elapsed_ms(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1e3
           + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
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
    ks_index_t *index;
    ks_query_t query;
    ks_error_t err;
    ks_status_t st;

    (void)path_rest;
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
    if (q == NULL || strspn(q, " \t\r\n") == q_len) {
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
        || !bool_param(req, &params, "prefix", &prefix))
        goto out;

    index = worker_index(w, &err);
    if (index == NULL) {
        handlers_reply_unavailable(req, err.text);
        goto out;
    }
    query.text = q;
    query.offset = offset;
    query.limit = limit;
    query.snippet_bytes = cfg->snippet_bytes;
    query.flags =
        (typos ? 0 : KS_QUERY_NO_TYPOS) | (prefix ? 0 : KS_QUERY_NO_PREFIX);
    st = ks_index_search(index, &query, &res, &err);
    /* A commit landed between refresh and search: refresh, retry once. */
    if (st == KS_ERR_MODIFIED && (index = worker_index(w, &err)) != NULL)
        st = ks_index_search(index, &query, &res, &err);
    if (st != KS_OK) {
        if (st == KS_ERR_INVALID)
            reply_status(req, st, &err);
        else
            handlers_reply_unavailable(req, err.text);
        goto out;
    }
    reply_json(req, 200,
               results_json(q, res, offset, limit, elapsed_ms(&start)));
out:
    ks_results_free(res);
    params_free(&params);
}
