/*
 * GET /: the search page. web/index.html with the results of ?q=...
 * rendered into it on the server, so the search works without
 * JavaScript; web/app.js takes over where scripts run.
 *
 * Everything from a document or the query is HTML-escaped here; the only
 * markup that passes through is the snippets' <mark>, which the library
 * writes around text it has escaped itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>

#include <kisearch/text.h>

#include "handlers.h"
#include "params.h"
#include "reply.h"
#include "web.h"
#include "worker.h"

#define PAGE_SIZE 10

/* What the page shows: the query and the filters of its URL. */
struct page_state {
    const char *q;
    const char *filter[4]; /* by enum filter_kind; NULL when unset */
    unsigned page;         /* from 1 */
};

enum filter_kind {
    FILTER_TYPE,
    FILTER_CENTRE,
    FILTER_PROJECT,
    FILTER_YEAR
};

static const struct {
    const char *param;  /* in the page's URL, as in /search */
    const char *legend; /* the facet's German heading */
    ks_facet_t facet;
} filters[] = {
    {"type", "Art", KS_FACET_TYPE},
    {"centre", "Zentrum", KS_FACET_CENTRE},
    {"project", "Projekt", KS_FACET_PROJECT},
    {"year", "Jahr", KS_FACET_YEAR},
};

/* The German name of a document type. */
static const char *
type_label(const char *type)
{
    static const struct {
        const char *type, *label;
    } labels[] = {{"centre", "Zentrum"},
                  {"news", "Nachricht"},
                  {"event", "Veranstaltung"},
                  {"page", "Seite"}};

    for (size_t i = 0; type != NULL && i < sizeof labels / sizeof *labels;
         i++) {
        if (strcmp(labels[i].type, type) == 0)
            return labels[i].label;
    }
    return type;
}

/* Append @s HTML-escaped (text and attribute values alike). */
static void
escape(struct evbuffer *out, const char *s)
{
    const char *run = s;

    for (; s != NULL && *s != '\0'; s++) {
        const char *entity = NULL;

        switch (*s) {
        case '&':
            entity = "&amp;";
            break;
        case '<':
            entity = "&lt;";
            break;
        case '>':
            entity = "&gt;";
            break;
        case '"':
            entity = "&quot;";
            break;
        case '\'':
            entity = "&#39;";
            break;
        }
        if (entity != NULL) {
            evbuffer_add(out, run, (size_t)(s - run));
            evbuffer_add(out, entity, strlen(entity));
            run = s + 1;
        }
    }
    if (s != NULL)
        evbuffer_add(out, run, (size_t)(s - run));
}

/* Append @s percent-encoded for a query string. */
static void
url_encode(struct evbuffer *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
            || c == '~')
            evbuffer_add(out, s, 1);
        else
            evbuffer_add_printf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
    }
}

/* Append the page's URL for @st, HTML-escaped for an href: with @kind set
 * to @value (NULL removes it; kind -1 changes no filter) and page @page
 * (1 leaves it out). */
static void
page_url(struct evbuffer *out, const struct page_state *st, int kind,
         const char *value, unsigned page)
{
    struct evbuffer *url = evbuffer_new();
    const char *sep = "?";
    size_t len;

    if (url == NULL)
        return;
    evbuffer_add(url, "/", 1);
    if (st->q != NULL && st->q[0] != '\0') {
        evbuffer_add_printf(url, "%sq=", sep);
        url_encode(url, st->q);
        sep = "&";
    }
    for (int f = 0; f < (int)(sizeof filters / sizeof *filters); f++) {
        const char *v = f == kind ? value : st->filter[f];

        if (v == NULL)
            continue;
        evbuffer_add_printf(url, "%s%s=", sep, filters[f].param);
        url_encode(url, v);
        sep = "&";
    }
    if (page > 1)
        evbuffer_add_printf(url, "%spage=%u", sep, page);
    len = evbuffer_get_length(url);
    evbuffer_add(url, "", 1);
    escape(out, (const char *)evbuffer_pullup(url, (ev_ssize_t)len + 1));
    evbuffer_free(url);
}

/* "2024-05-01" as "01.05.2024", "2024-05" as "05/2024". */
static void
german_date(struct evbuffer *out, const char *date)
{
    size_t len = strlen(date);

    if (len == 10)
        evbuffer_add_printf(out, "%.2s.%.2s.%.4s", date + 8, date + 5, date);
    else if (len == 7)
        evbuffer_add_printf(out, "%.2s/%.4s", date + 5, date);
    else
        escape(out, date);
}

static void
render_hit(struct evbuffer *out, const ks_results_t *res, size_t i)
{
    const ks_doc_t *doc = ks_results_doc(res, i);
    const char *url = ks_doc_get(doc, KS_FIELD_URL);
    const char *title = ks_doc_get(doc, KS_FIELD_TITLE);
    const char *type = ks_doc_get(doc, KS_FIELD_TYPE);
    const char *date = ks_doc_get(doc, KS_FIELD_DATE);
    size_t centres = ks_doc_list_count(doc, KS_LIST_CENTRES);

    evbuffer_add_printf(out, "<li class=\"ks-hit\" data-centres=\"");
    for (size_t c = 0; c < centres; c++) {
        if (c > 0)
            evbuffer_add(out, "|", 1);
        escape(out, ks_doc_list_get(doc, KS_LIST_CENTRES, c));
    }
    evbuffer_add_printf(out, "\">\n<h2 class=\"ks-hit-title\"><a href=\"");
    if (url != NULL
        && (strncmp(url, "https://", 8) == 0
            || strncmp(url, "http://", 7) == 0))
        escape(out, url);
    else {
        /* No web address (or not a safe one): the stored document. */
        evbuffer_add_printf(out, "/documents/");
        url_encode(out, ks_doc_get(doc, KS_FIELD_ID));
    }
    evbuffer_add_printf(out, "\">");
    escape(out, title != NULL ? title : ks_doc_get(doc, KS_FIELD_ID));
    evbuffer_add_printf(out, "</a></h2>\n<p class=\"ks-badges\">");
    if (type != NULL) {
        evbuffer_add_printf(out, "<span class=\"ks-badge ks-type\">");
        escape(out, type_label(type));
        evbuffer_add_printf(out, "</span>");
    }
    for (size_t c = 0; c < centres; c++) {
        evbuffer_add_printf(out, "<span class=\"ks-badge ks-centre\">");
        escape(out, ks_doc_list_get(doc, KS_LIST_CENTRES, c));
        evbuffer_add_printf(out, "</span>");
    }
    if (date != NULL) {
        evbuffer_add_printf(out, "<time class=\"ks-badge ks-date\" "
                                 "datetime=\"");
        escape(out, date);
        evbuffer_add_printf(out, "\">");
        german_date(out, date);
        evbuffer_add_printf(out, "</time>");
    }
    /* Already HTML-safe: escaped text with <mark> around the matches. */
    evbuffer_add_printf(out, "</p>\n<p class=\"ks-snippet\">%s</p>\n</li>\n",
                        ks_results_snippet(res, i));
}

static void
render_results(struct evbuffer *out, const struct page_state *st,
               const ks_results_t *res)
{
    size_t count = ks_results_count(res);
    uint64_t total = ks_results_total(res);
    const char *suggestion = ks_results_suggestion(res);

    if (suggestion != NULL) {
        struct page_state corrected = *st;

        corrected.q = suggestion;
        evbuffer_add_printf(out, "<p class=\"ks-didyoumean\">Meinten Sie "
                                 "<a href=\"");
        page_url(out, &corrected, -1, NULL, 1);
        evbuffer_add_printf(out, "\">");
        escape(out, suggestion);
        evbuffer_add_printf(out, "</a>?</p>\n");
    }
    if (count == 0) {
        evbuffer_add_printf(
            out, "<div class=\"ks-empty\"><p>Nichts gefunden.</p><ul>"
                 "<li>Prüfen Sie die Schreibweise.</li>"
                 "<li>Versuchen Sie weniger oder andere Wörter.</li>");
        if (st->filter[0] || st->filter[1] || st->filter[2] || st->filter[3]) {
            evbuffer_add_printf(out, "<li><a href=\"");
            page_url(out, &(struct page_state){st->q, {NULL}, 1}, -1, NULL, 1);
            evbuffer_add_printf(out, "\">Ohne Filter suchen</a></li>");
        }
        evbuffer_add_printf(out, "</ul></div>\n");
        return;
    }
    evbuffer_add_printf(out, "<ol class=\"ks-hits\" start=\"%u\">\n",
                        (st->page - 1) * PAGE_SIZE + 1);
    for (size_t i = 0; i < count; i++)
        render_hit(out, res, i);
    evbuffer_add_printf(out, "</ol>\n");
    if (st->page > 1 || (uint64_t)st->page * PAGE_SIZE < total) {
        evbuffer_add_printf(out,
                            "<nav class=\"ks-pages\" aria-label=\"Seiten\">");
        if (st->page > 1) {
            evbuffer_add_printf(out, "<a rel=\"prev\" href=\"");
            page_url(out, st, -1, NULL, st->page - 1);
            evbuffer_add_printf(out, "\">Zurück</a>");
        }
        evbuffer_add_printf(out, " <span class=\"ks-page\">Seite %u</span> ",
                            st->page);
        if ((uint64_t)st->page * PAGE_SIZE < total) {
            evbuffer_add_printf(out, "<a rel=\"next\" href=\"");
            page_url(out, st, -1, NULL, st->page + 1);
            evbuffer_add_printf(out, "\">Weiter</a>");
        }
        evbuffer_add_printf(out, "</nav>\n");
    }
}

static void
render_facets(struct evbuffer *out, const struct worker *w,
              const struct page_state *st, const ks_results_t *res)
{
    evbuffer_add_printf(out, "<div class=\"ks-facets\">\n");
    for (int f = 0; f < (int)(sizeof filters / sizeof *filters); f++) {
        size_t n = ks_results_facet_size(res, filters[f].facet);

        if (n == 0)
            continue;
        evbuffer_add_printf(out,
                            "<fieldset class=\"ks-facet\" data-facet=\"%s\">"
                            "<legend>%s</legend><ul>\n",
                            filters[f].param, filters[f].legend);
        for (size_t i = 0; i < n; i++) {
            char slug[2 * KS_ENTRY_MAX + 1];
            const char *value, *key;
            uint64_t count;
            bool active;

            ks_results_facet_get(res, filters[f].facet, i, &value, &count);
            key = value;
            if (f == FILTER_CENTRE || f == FILTER_PROJECT) {
                ks_analysis_slug(w->analysis,
                                 f == FILTER_CENTRE ? KS_LIST_CENTRES
                                                    : KS_LIST_PROJECTS,
                                 value, slug, sizeof slug);
                key = slug;
            }
            active = st->filter[f] != NULL && strcmp(st->filter[f], key) == 0;
            evbuffer_add_printf(out, "<li><a class=\"ks-facet-value\" href=\"");
            page_url(out, st, f, active ? NULL : key, 1);
            evbuffer_add_printf(out, "\" data-value=\"");
            escape(out, key);
            evbuffer_add_printf(out, "\"%s>",
                                active ? " aria-current=\"true\"" : "");
            escape(out, f == FILTER_TYPE ? type_label(value) : value);
            evbuffer_add_printf(out,
                                " <span class=\"ks-count\">%llu</span>"
                                "</a></li>\n",
                                (unsigned long long)count);
        }
        evbuffer_add_printf(out, "</ul></fieldset>\n");
    }
    evbuffer_add_printf(out, "</div>\n");
}

static void
render_status(struct evbuffer *out, const struct page_state *st,
              const ks_results_t *res)
{
    uint64_t total;

    if (res == NULL)
        return;
    total = ks_results_total(res);
    if (total == 0)
        evbuffer_add_printf(out, "Keine Treffer");
    else
        evbuffer_add_printf(out, "%s%llu Treffer",
                            ks_results_total_exact(res) ? "" : "etwa ",
                            (unsigned long long)total);
    if (st->q != NULL && st->q[0] != '\0') {
        evbuffer_add_printf(out, " für „");
        escape(out, st->q);
        evbuffer_add_printf(out, "“");
    }
}

/* Copy @tmpl to @out with its markers replaced. */
static void
fill_template(struct evbuffer *out, const char *tmpl,
              const struct page_state *st, struct evbuffer *results,
              struct evbuffer *facets, struct evbuffer *status)
{
    static const char *const markers[] = {"{{q}}", "<!--kisearch:results-->",
                                          "<!--kisearch:facets-->",
                                          "{{status}}"};

    while (*tmpl != '\0') {
        const char *next = NULL;
        size_t which = 0;

        for (size_t m = 0; m < sizeof markers / sizeof *markers; m++) {
            const char *at = strstr(tmpl, markers[m]);

            if (at != NULL && (next == NULL || at < next)) {
                next = at;
                which = m;
            }
        }
        if (next == NULL) {
            evbuffer_add(out, tmpl, strlen(tmpl));
            return;
        }
        evbuffer_add(out, tmpl, (size_t)(next - tmpl));
        switch (which) {
        case 0:
            escape(out, st->q);
            break;
        case 1:
            evbuffer_add_buffer_reference(out, results);
            break;
        case 2:
            evbuffer_add_buffer_reference(out, facets);
            break;
        case 3:
            evbuffer_add_buffer_reference(out, status);
            break;
        }
        tmpl = next + strlen(markers[which]);
    }
}

/* Read the page's parameters; out-of-range pages are clamped rather than
 * refused, as a person may edit the URL. False with @why for a query
 * string that is not valid. */
static bool
read_state(const struct params *params, const ks_config_t *cfg,
           struct page_state *st, char *why, size_t why_size)
{
    const char *page;

    memset(st, 0, sizeof *st);
    params_count(params, "q", &st->q);
    if (st->q != NULL && strlen(st->q) > cfg->max_query_bytes) {
        snprintf(why, why_size, "q is longer than %zu bytes",
                 cfg->max_query_bytes);
        return false;
    }
    for (int f = 0; f < (int)(sizeof filters / sizeof *filters); f++) {
        const char *v;

        params_count(params, filters[f].param, &v);
        if (v != NULL && v[0] != '\0' && strlen(v) <= KS_ENTRY_MAX)
            st->filter[f] = v;
    }
    if (st->filter[FILTER_YEAR] != NULL
        && (strlen(st->filter[FILTER_YEAR]) != 4
            || !ks_date_valid(st->filter[FILTER_YEAR])))
        st->filter[FILTER_YEAR] = NULL;
    st->page = 1;
    if (params_count(params, "page", &page) > 0) {
        unsigned long n = strtoul(page, NULL, 10);
        unsigned long last = cfg->max_offset / PAGE_SIZE + 1;

        st->page = n < 1 ? 1 : n > last ? (unsigned)last : (unsigned)n;
    }
    return true;
}

void
handle_page(struct worker *w, struct evhttp_request *req, const char *path_rest,
            const char *query_string)
{
    const struct web_file *tmpl = web_find(w->web, "/index.html");
    struct evbuffer *results = evbuffer_new(), *facets = evbuffer_new(),
                    *status = evbuffer_new();
    struct evkeyvalq *headers = evhttp_request_get_output_headers(req);
    ks_results_t *res = NULL;
    struct params params;
    struct page_state st;
    ks_filter_t filter[3];
    ks_query_t query;
    ks_error_t err;
    char why[128];
    bool searching;
    int http = 200;

    (void)path_rest;
    memset(&params, 0, sizeof params);
    if (tmpl == NULL) {
        reply_error(req, 404, "not_found",
                    "the search page is off here (web_dir); the API is "
                    "described at /api");
        goto out;
    }
    if (results == NULL || facets == NULL || status == NULL) {
        reply_error(req, 500, "internal", "out of memory");
        goto out;
    }
    if (!params_parse(query_string, &params, why, sizeof why)
        || !read_state(&params, w->cfg, &st, why, sizeof why)) {
        reply_error(req, 400, "bad_request", "query string: %s", why);
        goto out;
    }
    searching = (st.q != NULL && strspn(st.q, " \t\r\n") != strlen(st.q))
                || st.filter[0] || st.filter[1] || st.filter[2] || st.filter[3];
    if (searching) {
        size_t n = 0;

        memset(&query, 0, sizeof query);
        for (int f = 0; f < FILTER_YEAR; f++) {
            if (st.filter[f] != NULL)
                filter[n++] = (ks_filter_t){filters[f].facet, st.filter[f]};
        }
        query.text = st.q;
        query.filters = filter;
        query.filter_count = n;
        query.date_from = query.date_to = st.filter[FILTER_YEAR];
        query.offset = (st.page - 1) * PAGE_SIZE;
        query.limit = PAGE_SIZE;
        query.snippet_bytes = w->cfg->snippet_bytes;
        query.facets = 1u << KS_FACET_TYPE | 1u << KS_FACET_CENTRE
                       | 1u << KS_FACET_PROJECT | 1u << KS_FACET_YEAR;
        if (worker_search(w, &query, &res, &err) == KS_OK) {
            render_results(results, &st, res);
            render_facets(facets, w, &st, res);
            render_status(status, &st, res);
        } else {
            /* The page still renders, saying what went wrong. */
            http = 503;
            evbuffer_add_printf(results,
                                "<p class=\"ks-error\">Die Suche ist gerade "
                                "nicht verfügbar. Bitte versuchen Sie es "
                                "gleich noch einmal.</p>\n");
            evbuffer_add_printf(status, "Die Suche ist nicht verfügbar");
        }
    }
    fill_template(evhttp_request_get_output_buffer(req), tmpl->data, &st,
                  results, facets, status);
    web_page_headers(req);
    evhttp_add_header(headers, "Content-Type", "text/html; charset=utf-8");
    evhttp_add_header(headers, "Cache-Control", "no-cache");
    evhttp_send_reply(req, http, reply_reason(http), NULL);
out:
    ks_results_free(res);
    params_free(&params);
    if (results != NULL)
        evbuffer_free(results);
    if (facets != NULL)
        evbuffer_free(facets);
    if (status != NULL)
        evbuffer_free(status);
}
