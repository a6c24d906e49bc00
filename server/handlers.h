/*
 * The endpoint handlers. Each sends exactly one reply. @path_rest is the
 * raw (still percent-encoded) part of the path after the route's prefix;
 * @query the raw query string or NULL.
 */
#ifndef KISEARCH_HANDLERS_H
#define KISEARCH_HANDLERS_H

struct evhttp_request;
struct worker;

/* GET /: the search page; GET /api: the endpoints, as JSON. */
void handle_page(struct worker *w, struct evhttp_request *req,
                 const char *path_rest, const char *query);
void handle_api(struct worker *w, struct evhttp_request *req,
                const char *path_rest, const char *query);
void handle_search(struct worker *w, struct evhttp_request *req,
                   const char *path_rest, const char *query);
void handle_suggest(struct worker *w, struct evhttp_request *req,
                    const char *path_rest, const char *query);
void handle_health(struct worker *w, struct evhttp_request *req,
                   const char *path_rest, const char *query);
void handle_document(struct worker *w, struct evhttp_request *req,
                     const char *path_rest, const char *query);

void handle_centres(struct worker *w, struct evhttp_request *req,
                    const char *path_rest, const char *query);
void handle_centre(struct worker *w, struct evhttp_request *req,
                   const char *path_rest, const char *query);
void handle_projects(struct worker *w, struct evhttp_request *req,
                     const char *path_rest, const char *query);
void handle_project(struct worker *w, struct evhttp_request *req,
                    const char *path_rest, const char *query);

void handle_post_documents(struct worker *w, struct evhttp_request *req,
                           const char *path_rest, const char *query);
void handle_delete_documents(struct worker *w, struct evhttp_request *req,
                             const char *path_rest, const char *query);
/* PUT and DELETE /documents/{id}, with the id decoded. */
void handle_put_document(struct worker *w, struct evhttp_request *req,
                         const char *id);
void handle_delete_document(struct worker *w, struct evhttp_request *req,
                            const char *id);

/* Answer 503 because the index cannot be used; @why says why. */
void handlers_reply_unavailable(struct evhttp_request *req, const char *why);

#endif /* KISEARCH_HANDLERS_H */
