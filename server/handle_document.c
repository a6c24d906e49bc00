/*
 * GET /documents/{id}: the stored document. The id is the rest of the
 * path, percent-decoded, so "zentren/krefeld.txt" may be written with or
 * without its slash encoded.
 */
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>
#include <jansson.h>

#include "handlers.h"
#include "json_doc.h"
#include "params.h"
#include "reply.h"
#include "worker.h"

void
handle_document(struct worker *w, struct evhttp_request *req,
                const char *path_rest, const char *query)
{
    char why[128];
    char *id;
    ks_index_t *index;
    ks_doc_t *doc = NULL;
    ks_error_t err;
    ks_status_t st;

    (void)query;
    id = params_decode(path_rest, strlen(path_rest), false, why, sizeof why);
    if (id == NULL) {
        reply_error(req, 400, "bad_request", "document id: %s", why);
        return;
    }
    if (id[0] == '\0') {
        reply_error(req, 400, "bad_request", "no document id in the path");
        goto out;
    }
    switch (evhttp_request_get_command(req)) {
    case EVHTTP_REQ_PUT:
        handle_put_document(w, req, id);
        goto out;
    case EVHTTP_REQ_DELETE:
        handle_delete_document(w, req, id);
        goto out;
    default:
        break;
    }
    index = worker_index(w, &err);
    if (index == NULL) {
        handlers_reply_unavailable(req, err.text);
        goto out;
    }
    st = ks_index_get(index, id, &doc, &err);
    if (st == KS_ERR_MODIFIED && worker_index(w, &err) != NULL)
        st = ks_index_get(w->index, id, &doc, &err);
    if (st != KS_OK) {
        reply_status(req, st, &err);
        goto out;
    }
    reply_json(req, 200, json_doc_full(doc));
out:
    ks_doc_free(doc);
    free(id);
}
