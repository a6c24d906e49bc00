/*
 * The route table. Paths are matched before they are decoded, so an
 * encoded slash inside a document id never changes the route.
 */
#include "router.h"

#include <stdbool.h>
#include <string.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <sys/queue.h>

#include "cors.h"
#include "handlers.h"
#include "keys.h"
#include "reply.h"
#include "web.h"
#include "worker.h"

typedef void (*handler_fn)(struct worker *, struct evhttp_request *,
                           const char *, const char *);

/* Methods a route takes; HEAD goes wherever GET does. */
#define READ  (EVHTTP_REQ_GET | EVHTTP_REQ_HEAD)
#define WRITE (EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_POST)

static const struct route {
    const char *path; /* exact path, or a prefix when it ends in '/' */
    handler_fn handler;
    unsigned methods;
} routes[] = {
    {"/", handle_page, READ},
    {"/api", handle_api, READ},
    {"/search", handle_search, READ},
    {"/suggest", handle_suggest, READ},
    {"/health", handle_health, READ},
    {"/documents/", handle_document, READ | EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE},
    {"/documents", handle_post_documents, EVHTTP_REQ_POST},
    {"/documents:delete", handle_delete_documents, EVHTTP_REQ_POST},
    {"/centres", handle_centres, READ},
    {"/centres/", handle_centre, READ},
    {"/projects", handle_projects, READ},
    {"/projects/", handle_project, READ},
};

/* "GET, HEAD, PUT" for the methods in @mask. */
static void
allowed(unsigned mask, char *out, size_t size)
{
    static const struct {
        unsigned method;
        const char *name;
    } names[] = {
        {EVHTTP_REQ_GET, "GET"},       {EVHTTP_REQ_HEAD, "HEAD"},
        {EVHTTP_REQ_POST, "POST"},     {EVHTTP_REQ_PUT, "PUT"},
        {EVHTTP_REQ_DELETE, "DELETE"}, {EVHTTP_REQ_OPTIONS, "OPTIONS"},
    };

    out[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (mask & names[i].method) {
            if (out[0] != '\0')
                strncat(out, ", ", size - strlen(out) - 1);
            strncat(out, names[i].name, size - strlen(out) - 1);
        }
    }
}

static const struct route *
find_route(const char *path, const char **rest)
{
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        size_t len = strlen(routes[i].path);
        bool prefix = len > 1 && routes[i].path[len - 1] == '/';

        if (prefix ? strncmp(path, routes[i].path, len) == 0
                   : strcmp(path, routes[i].path) == 0) {
            *rest = path + len;
            return &routes[i];
        }
    }
    return NULL;
}

/* Check the request line and headers against the configured limits;
 * sends the 414 or 431 and returns false when one is over. */
static bool
within_limits(const ks_config_t *cfg, struct evhttp_request *req)
{
    struct evkeyvalq *headers = evhttp_request_get_input_headers(req);
    const struct evkeyval *header;
    size_t header_bytes = 0;

    if (strlen(evhttp_request_get_uri(req)) > cfg->max_uri_bytes) {
        reply_error(req, 414, "uri_too_long",
                    "the request target is longer than %zu bytes",
                    cfg->max_uri_bytes);
        return false;
    }
    /* As sent: "Name: value" and CRLF for each line. */
    TAILQ_FOREACH (header, headers, next) {
        header_bytes += strlen(header->key) + strlen(header->value) + 4;
    }
    if (header_bytes > cfg->max_header_bytes) {
        reply_error(req, 431, "headers_too_large",
                    "the request headers are larger than %zu bytes",
                    cfg->max_header_bytes);
        return false;
    }
    return true;
}

void
router_handle(struct worker *w, struct evhttp_request *req)
{
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
    enum evhttp_cmd_type method = evhttp_request_get_command(req);
    const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
    const struct route *route;
    const char *rest = "";

    char allow[64];

    if (!within_limits(w->cfg, req))
        return;
    if (path == NULL || path[0] == '\0')
        path = "/";
    route = find_route(path, &rest);
    if (route == NULL) {
        const struct web_file *file = web_find(w->web, path);

        /* The page's scripts and styles: open to all, like the page. Its
         * template is the page itself only once rendered, at "/". */
        if (file != NULL && (method & READ)
            && strcmp(path, "/index.html") != 0) {
            web_send(req, file);
            return;
        }
        reply_error(req, 404, "not_found", "no such endpoint: %s", path);
        return;
    }
    allowed(route->methods, allow, sizeof allow);
    /* A browser asks before a cross-origin call it may not simply make
     * (one with a key, or a write). */
    if (method == EVHTTP_REQ_OPTIONS) {
        cors_preflight(w->cors, req, allow);
        return;
    }
    cors_allow(w->cors, req);
    if (!(route->methods & method)) {
        evhttp_add_header(evhttp_request_get_output_headers(req), "Allow",
                          allow);
        reply_error(req, 405, "method_not_allowed", "%s supports %s",
                    route->path, allow);
        return;
    }
    /* Writes need an admin key. Searching stays open unless a search key
     * is configured; health checks stay open always. */
    if (route->handler != handle_health) {
        enum key_role role = (method & WRITE) ? KEY_ADMIN : KEY_SEARCH;
        int refused = keys_check(w->keys, req, role);

        if (refused == 401) {
            evhttp_add_header(evhttp_request_get_output_headers(req),
                              "WWW-Authenticate", "Bearer");
            reply_error(req, 401, "unauthorized",
                        "this needs an API key: send "
                        "\"Authorization: Bearer KEY\"");
            return;
        }
        if (refused != 0) {
            reply_error(req, 403, "forbidden",
                        "the API key is not valid for "
                        "%s",
                        role == KEY_ADMIN ? "writing" : "searching");
            return;
        }
    }
    route->handler(w, req, rest, evhttp_uri_get_query(uri));
}
