/*
 * The directory for staff: GET /centres, /centres/{slug}, /projects,
 * /projects/{slug}. Each is answered from the index with a few filtered
 * searches and facets: which centres run a project, whom to call, what
 * a centre published last.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <kisearch/text.h>

#include "handlers.h"
#include "json_doc.h"
#include "params.h"
#include "reply.h"
#include "worker.h"

/* News items listed under a centre or a project. */
#define LATEST_NEWS 5

/* Documents whose contacts are gathered for a project. */
#define CONTACT_SOURCES 10

/* Run a search of @filters (no words: every document they let in). On
 * failure the reply is sent and NULL returned. */
static ks_results_t *
run(struct worker *w, struct evhttp_request *req, const ks_filter_t *filters,
    size_t filter_count, ks_sort_t sort, size_t limit, unsigned facets)
{
    ks_query_t query;
    ks_index_t *index;
    ks_results_t *res = NULL;
    ks_error_t err;
    ks_status_t st;

    memset(&query, 0, sizeof query);
    query.filters = filters;
    query.filter_count = filter_count;
    query.sort = sort;
    query.limit = limit;
    query.facets = facets;
    query.flags = KS_QUERY_MATCH_ALL;
    index = worker_index(w, &err);
    if (index == NULL) {
        handlers_reply_unavailable(req, err.text);
        return NULL;
    }
    st = ks_index_search(index, &query, &res, &err);
    if (st == KS_ERR_MODIFIED && (index = worker_index(w, &err)) != NULL)
        st = ks_index_search(index, &query, &res, &err);
    if (st != KS_OK) {
        handlers_reply_unavailable(req, err.text);
        return NULL;
    }
    return res;
}

/* A short form of hit @i: id, title, url, type, date. New reference. */
static json_t *
hit_summary(const ks_results_t *res, size_t i)
{
    const ks_doc_t *doc = ks_results_doc(res, i);
    json_t *obj = json_object();

    for (ks_field_t f = KS_FIELD_ID; obj != NULL && f < KS_FIELD_COUNT; f++) {
        const char *value = ks_doc_get(doc, f);

        if (f == KS_FIELD_BODY || f == KS_FIELD_LANG)
            continue;
        if (json_object_set_new(obj, ks_field_name(f),
                                value ? json_string(value) : json_null())
            != 0) {
            json_decref(obj);
            return NULL;
        }
    }
    return obj;
}

/* Every hit of @res in short form. New reference. */
static json_t *
summaries(const ks_results_t *res)
{
    json_t *array = json_array();

    for (size_t i = 0; array != NULL && i < ks_results_count(res); i++) {
        if (json_array_append_new(array, hit_summary(res, i)) != 0) {
            json_decref(array);
            return NULL;
        }
    }
    return array;
}

/* The values of @facet in @res as [{"name", "slug", "documents"}]. */
static json_t *
facet_entries(const struct worker *w, const ks_results_t *res, ks_facet_t facet)
{
    json_t *array = json_array();

    for (size_t i = 0; array != NULL && i < ks_results_facet_size(res, facet);
         i++) {
        const char *value;
        uint64_t count;
        char slug[2 * KS_ENTRY_MAX + 1];

        ks_results_facet_get(res, facet, i, &value, &count);
        ks_analysis_slug(w->analysis,
                         facet == KS_FACET_CENTRE ? KS_LIST_CENTRES
                                                  : KS_LIST_PROJECTS,
                         value, slug, sizeof slug);
        if (json_array_append_new(
                array, json_pack("{s:s, s:s, s:I}", "name", value, "slug", slug,
                                 "documents", (json_int_t)count))
            != 0) {
            json_decref(array);
            return NULL;
        }
    }
    return array;
}

/* A slug from the path: decoded, and 404 when there is none. */
static char *
path_slug(struct evhttp_request *req, const char *path_rest)
{
    char why[128], *slug;

    slug = params_decode(path_rest, strlen(path_rest), false, why, sizeof why);
    if (slug == NULL) {
        reply_error(req, 400, "bad_request", "%s", why);
        return NULL;
    }
    if (slug[0] == '\0' || strchr(slug, '/') != NULL) {
        reply_error(req, 404, "not_found", "no such entry: \"%s\"", slug);
        free(slug);
        return NULL;
    }
    return slug;
}

void
handle_centres(struct worker *w, struct evhttp_request *req,
               const char *path_rest, const char *query)
{
    size_t n = ks_analysis_entry_count(w->analysis, KS_LIST_CENTRES);
    json_t *centres = json_array();
    ks_results_t *res;

    (void)path_rest;
    (void)query;
    /* One facet over every document counts all centres at once. */
    res = run(w, req, NULL, 0, KS_SORT_RELEVANCE, 0, 1u << KS_FACET_CENTRE);
    if (res == NULL) {
        json_decref(centres);
        return;
    }
    for (size_t i = 0; centres != NULL && i < n; i++) {
        const char *name, *slug, *kind;
        uint64_t count = 0;

        ks_analysis_entry(w->analysis, KS_LIST_CENTRES, i, &name, &slug, &kind);
        for (size_t k = 0; k < ks_results_facet_size(res, KS_FACET_CENTRE);
             k++) {
            const char *value;
            uint64_t c;

            ks_results_facet_get(res, KS_FACET_CENTRE, k, &value, &c);
            if (strcmp(value, name) == 0)
                count = c;
        }
        if (json_array_append_new(centres,
                                  json_pack("{s:s, s:s, s:s, s:I}", "slug",
                                            slug, "name", name, "kind", kind,
                                            "documents", (json_int_t)count))
            != 0) {
            json_decref(centres);
            centres = NULL;
        }
    }
    ks_results_free(res);
    reply_json(req, 200,
               centres ? json_pack("{s:I, s:o}", "total", (json_int_t)n,
                                   "centres", centres)
                       : NULL);
}

void
handle_centre(struct worker *w, struct evhttp_request *req,
              const char *path_rest, const char *query)
{
    char *slug = path_slug(req, path_rest);
    const char *name, *kind;
    ks_filter_t filters[2];
    ks_results_t *page = NULL, *all = NULL, *news = NULL;
    json_t *body = NULL, *contacts;
    long i;

    (void)query;
    if (slug == NULL)
        return;
    i = ks_analysis_find(w->analysis, KS_LIST_CENTRES, slug);
    if (i < 0) {
        reply_error(req, 404, "not_found", "no centre \"%s\"", slug);
        goto out;
    }
    ks_analysis_entry(w->analysis, KS_LIST_CENTRES, (size_t)i, &name, NULL,
                      &kind);
    filters[0] = (ks_filter_t){KS_FACET_CENTRE, slug};
    filters[1] = (ks_filter_t){KS_FACET_TYPE, "centre"};
    if ((page = run(w, req, filters, 2, KS_SORT_RELEVANCE, 1, 0)) == NULL
        || (all = run(w, req, filters, 1, KS_SORT_RELEVANCE, 0,
                      1u << KS_FACET_PROJECT))
               == NULL)
        goto out;
    filters[1].value = "news";
    if ((news = run(w, req, filters, 2, KS_SORT_DATE, LATEST_NEWS, 0)) == NULL)
        goto out;
    body = json_pack(
        "{s:s, s:s, s:s, s:I, s:o, s:o, s:o}", "slug", slug, "name", name,
        "kind", kind, "documents", (json_int_t)ks_results_total(all), "page",
        ks_results_count(page) ? hit_summary(page, 0) : json_null(), "projects",
        facet_entries(w, all, KS_FACET_PROJECT), "latest_news",
        summaries(news));
    /* Whom to call: the contacts of the centre's own page. */
    contacts = json_object();
    if (body != NULL && contacts != NULL && ks_results_count(page) > 0
        && json_doc_add_lists(contacts, ks_results_doc(page, 0)) == 0)
        json_object_set(body, "contacts",
                        json_object_get(contacts, "contacts"));
    else if (body != NULL)
        json_object_set_new(body, "contacts", json_array());
    json_decref(contacts);
    reply_json(req, 200, body);
out:
    ks_results_free(page);
    ks_results_free(all);
    ks_results_free(news);
    free(slug);
}

/* Whether @name begins with @prefix, compared as slugs ("Rucksack K" and
 * "rucksack-k" both begin "Rucksack KiTa"). */
static bool
name_begins(const char *name, const char *prefix)
{
    char a[KS_ENTRY_MAX + 1], b[KS_ENTRY_MAX + 1];

    ks_slugify(name, a, sizeof a);
    ks_slugify(prefix, b, sizeof b);
    return strncmp(a, b, strlen(b)) == 0;
}

void
handle_projects(struct worker *w, struct evhttp_request *req,
                const char *path_rest, const char *query_string)
{
    struct params params;
    char why[128];
    const char *prefix = NULL;
    ks_results_t *all = NULL;
    json_t *projects = json_array();

    (void)path_rest;
    if (!params_parse(query_string, &params, why, sizeof why)) {
        reply_error(req, 400, "bad_request", "query string: %s", why);
        json_decref(projects);
        return;
    }
    if (params_count(&params, "q", &prefix) > 1) {
        reply_error(req, 400, "bad_request", "q is given more than once");
        goto out;
    }
    all = run(w, req, NULL, 0, KS_SORT_RELEVANCE, 0, 1u << KS_FACET_PROJECT);
    if (all == NULL)
        goto out;
    /* Every project the documents name, with the centres that name it. */
    for (size_t i = 0;
         projects != NULL && i < ks_results_facet_size(all, KS_FACET_PROJECT);
         i++) {
        const char *name;
        uint64_t count;
        char slug[2 * KS_ENTRY_MAX + 1];
        ks_filter_t filter;
        ks_results_t *res;

        ks_results_facet_get(all, KS_FACET_PROJECT, i, &name, &count);
        if (prefix != NULL && !name_begins(name, prefix))
            continue;
        ks_analysis_slug(w->analysis, KS_LIST_PROJECTS, name, slug,
                         sizeof slug);
        filter = (ks_filter_t){KS_FACET_PROJECT, slug};
        res = run(w, req, &filter, 1, KS_SORT_RELEVANCE, 0,
                  1u << KS_FACET_CENTRE);
        if (res == NULL) {
            json_decref(projects);
            goto out;
        }
        if (json_array_append_new(
                projects,
                json_pack("{s:s, s:s, s:I, s:b, s:o}", "slug", slug, "name",
                          name, "documents", (json_int_t)count, "listed",
                          ks_analysis_find(w->analysis, KS_LIST_PROJECTS, slug)
                              >= 0,
                          "centres", facet_entries(w, res, KS_FACET_CENTRE)))
            != 0) {
            json_decref(projects);
            projects = NULL;
        }
        ks_results_free(res);
    }
    reply_json(req, 200,
               projects ? json_pack("{s:I, s:o}", "total",
                                    (json_int_t)json_array_size(projects),
                                    "projects", projects)
                        : NULL);
out:
    ks_results_free(all);
    params_free(&params);
}

void
handle_project(struct worker *w, struct evhttp_request *req,
               const char *path_rest, const char *query)
{
    char *slug = path_slug(req, path_rest);
    ks_filter_t filters[2];
    ks_results_t *all = NULL, *news = NULL, *sources = NULL;
    json_t *body, *contacts;
    const char *name = NULL;
    long listed;

    (void)query;
    if (slug == NULL)
        return;
    filters[0] = (ks_filter_t){KS_FACET_PROJECT, slug};
    all = run(w, req, filters, 1, KS_SORT_RELEVANCE, 0,
              (1u << KS_FACET_CENTRE) | (1u << KS_FACET_PROJECT));
    if (all == NULL)
        goto out;
    /* The project's display name: from its table, else from the facet. */
    listed = ks_analysis_find(w->analysis, KS_LIST_PROJECTS, slug);
    if (listed >= 0)
        ks_analysis_entry(w->analysis, KS_LIST_PROJECTS, (size_t)listed, &name,
                          NULL, NULL);
    for (size_t i = 0;
         name == NULL && i < ks_results_facet_size(all, KS_FACET_PROJECT);
         i++) {
        const char *value;
        uint64_t count;
        char s[2 * KS_ENTRY_MAX + 1];

        ks_results_facet_get(all, KS_FACET_PROJECT, i, &value, &count);
        ks_analysis_slug(w->analysis, KS_LIST_PROJECTS, value, s, sizeof s);
        if (strcmp(s, slug) == 0)
            name = value;
    }
    if (name == NULL) {
        reply_error(req, 404, "not_found", "no project \"%s\"", slug);
        goto out;
    }
    filters[1] = (ks_filter_t){KS_FACET_TYPE, "news"};
    news = run(w, req, filters, 2, KS_SORT_DATE, LATEST_NEWS, 0);
    if (news == NULL)
        goto out;
    /* Whom to call: contacts of the centres' own pages that name it. */
    filters[1].value = "centre";
    sources = run(w, req, filters, 2, KS_SORT_RELEVANCE, CONTACT_SOURCES, 0);
    if (sources == NULL)
        goto out;
    contacts = json_array();
    for (size_t i = 0; contacts != NULL && i < ks_results_count(sources); i++) {
        const ks_doc_t *doc = ks_results_doc(sources, i);
        json_t *lists = json_object(), *c;
        size_t k;

        if (lists == NULL || json_doc_add_lists(lists, doc) != 0) {
            json_decref(lists);
            json_decref(contacts);
            contacts = NULL;
            break;
        }
        json_array_foreach (json_object_get(lists, "contacts"), k, c) {
            const char *centre = ks_doc_list_count(doc, KS_LIST_CENTRES)
                                     ? ks_doc_list_get(doc, KS_LIST_CENTRES, 0)
                                     : NULL;

            json_object_set_new(c, "centre",
                                centre ? json_string(centre) : json_null());
            json_array_append(contacts, c);
        }
        json_decref(lists);
    }
    body = json_pack(
        "{s:s, s:s, s:I, s:b, s:o, s:o, s:o}", "slug", slug, "name", name,
        "documents", (json_int_t)ks_results_total(all), "listed", listed >= 0,
        "centres", facet_entries(w, all, KS_FACET_CENTRE), "latest_news",
        summaries(news), "contacts", contacts ? contacts : json_null());
    reply_json(req, 200, body);
out:
    ks_results_free(all);
    ks_results_free(news);
    ks_results_free(sources);
    free(slug);
}
