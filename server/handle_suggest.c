/*
 * GET /suggest?q=...&limit=8&centre=...: completions for what has been
 * typed into a search box so far; called on every keystroke.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include <kisearch/index.h>

#include "handlers.h"
#include "params.h"
#include "reply.h"
#include "worker.h"

/* Completions when the request does not say. */
#define SUGGEST_DEFAULT 8

static const char *const kind_names[] = {"word", "title", "project", "centre"};

/* The body for @s; new reference, NULL when out of memory. */
static json_t *
suggestions_json(const char *q, const ks_suggestions_t *s, double took_ms)
{
    json_t *list = json_array();

    for (size_t i = 0; list != NULL && i < ks_suggestions_count(s); i++) {
        const char *text, *key, *url;
        ks_suggest_kind_t kind;
        uint64_t count;
        json_t *entry;

        ks_suggestions_get(s, i, &text, &kind, &key, &count);
        url = ks_suggestions_url(s, i);
        entry = json_pack("{s:s, s:s}", "text", text, "kind", kind_names[kind]);
        if (entry != NULL && kind == KS_SUGGEST_TITLE)
            json_object_set_new(entry, "id", json_string(key));
        else if (entry != NULL && key != NULL)
            json_object_set_new(entry, "slug", json_string(key));
        if (entry != NULL && url != NULL)
            json_object_set_new(entry, "url", json_string(url));
        if (entry != NULL && kind != KS_SUGGEST_TITLE)
            json_object_set_new(entry, "count",
                                json_integer((json_int_t)count));
        if (entry == NULL || json_array_append_new(list, entry) != 0) {
            json_decref(list);
            return NULL;
        }
    }
    if (list == NULL)
        return NULL;
    return json_pack("{s:s, s:f, s:o}", "query", q, "took_ms", took_ms,
                     "suggestions", list);
}

void
handle_suggest(struct worker *w, struct evhttp_request *req,
               const char *path_rest, const char *query_string)
{
    struct params params;
    struct timespec start;
    const char *q, *limit_text, *centre;
    unsigned limit = SUGGEST_DEFAULT;
    ks_suggestions_t *s = NULL;
    struct kept_answer kept = {NULL, 0, NULL, 0};
    ks_index_t *index;
    char why[128];
    ks_error_t err;
    ks_status_t st;

    (void)path_rest;
    clock_gettime(CLOCK_MONOTONIC, &start);
    if (!params_parse(query_string, &params, why, sizeof why)) {
        reply_error(req, 400, "bad_request", "query string: %s", why);
        return;
    }
    if (params_count(&params, "q", &q) != 1
        || strspn(q, " \t\r\n") == strlen(q)) {
        reply_error(req, 400, "bad_request",
                    "q is missing, empty or repeated: give the text typed so "
                    "far");
        goto out;
    }
    if (strlen(q) > w->cfg->max_query_bytes) {
        reply_error(req, 400, "bad_request", "q is longer than %zu bytes",
                    w->cfg->max_query_bytes);
        goto out;
    }
    if (params_count(&params, "limit", &limit_text) > 0) {
        size_t len = strlen(limit_text);
        unsigned long n = strtoul(limit_text, NULL, 10);

        if (len == 0 || len > 2 || strspn(limit_text, "0123456789") != len
            || n < 1 || n > KS_SUGGEST_MAX) {
            reply_error(req, 400, "bad_request",
                        "limit must be a whole number from 1 to %d",
                        KS_SUGGEST_MAX);
            goto out;
        }
        limit = (unsigned)n;
    }
    if (params_count(&params, "centre", &centre) > 1
        || (centre != NULL
            && ks_analysis_find(w->analysis, KS_LIST_CENTRES, centre) < 0)) {
        reply_error(req, 400, "bad_request",
                    "centre must be given once, as the slug of a centre "
                    "(see /centres)");
        goto out;
    }

    index = worker_index(w, &err);
    if (index == NULL) {
        handlers_reply_unavailable(req, err.text);
        goto out;
    }
    if (worker_cached_answer(w, req, &params, "/suggest",
                             reply_elapsed_ms(&start), &kept))
        goto out;
    st = ks_index_suggest(index, q, centre, limit, &s, &err);
    if (st == KS_ERR_MODIFIED && (index = worker_index(w, &err)) != NULL)
        st = ks_index_suggest(index, q, centre, limit, &s, &err);
    if (st != KS_OK) {
        if (st == KS_ERR_INVALID)
            reply_status(req, st, &err);
        else
            handlers_reply_unavailable(req, err.text);
        goto out;
    }
    reply_json_keep(req, 200, suggestions_json(q, s, reply_elapsed_ms(&start)),
                    worker_keep_answer, &kept);
out:
    free(kept.key);
    ks_suggestions_free(s);
    params_free(&params);
}
