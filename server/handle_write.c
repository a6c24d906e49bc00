/*
 * Writes over the API: PUT and DELETE /documents/{id}, POST /documents
 * (an NDJSON batch, all or nothing) and POST /documents:delete. Each
 * request is checked whole here, in the worker, and then handed to the
 * writer thread, which commits and has the worker reply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <jansson.h>

#include <kisearch/extract.h>
#include <kisearch/text.h>

#include "handlers.h"
#include "params.h"
#include "reply.h"
#include "worker.h"
#include "writer.h"

/* What extraction found in a request body. */
struct body_docs {
    struct write_job *job;
    json_t *problems; /* [{"line": n, "message": "..."}] */
    bool failed;      /* out of memory */
};

static void
on_doc(void *user, ks_doc_t *doc, const ks_error_t *problem)
{
    struct body_docs *b = user;
    ks_doc_t **grown;

    if (doc == NULL) {
        long line = 0;

        sscanf(problem->text, "line %ld", &line);
        json_array_append_new(b->problems,
                              json_pack("{s:I, s:s}", "line", (json_int_t)line,
                                        "message", problem->text));
        return;
    }
    grown = realloc(b->job->docs, (b->job->doc_count + 1) * sizeof *grown);
    if (grown == NULL) {
        b->failed = true;
        ks_doc_free(doc);
        return;
    }
    b->job->docs = grown;
    grown[b->job->doc_count++] = doc;
}

/* The request body as a string (free()), or NULL with the reply sent. */
static char *
read_body(struct evhttp_request *req, size_t *len)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(req);
    char *body;

    *len = evbuffer_get_length(in);
    if (*len == 0) {
        reply_error(req, 400, "bad_request", "the request body is empty");
        return NULL;
    }
    body = malloc(*len + 1);
    if (body == NULL) {
        reply_error(req, 503, "unavailable", "out of memory");
        return NULL;
    }
    evbuffer_copyout(in, body, *len);
    body[*len] = '\0';
    if (!ks_utf8_valid(body, *len) || memchr(body, '\0', *len) != NULL) {
        reply_error(req, 400, "bad_request", "the body is not valid UTF-8");
        free(body);
        return NULL;
    }
    return body;
}

/* Hand @job to the writer; on failure reply 503 and free it. */
static void
submit(struct worker *w, struct evhttp_request *req, struct write_job *job)
{
    if (w->writer == NULL || writer_submit(w->writer, job) != 0) {
        writer_job_free(job);
        reply_error(req, 503, "unavailable", "the server is stopping");
    }
}

/* Read documents from the body as @format into a new job; NULL with the
 * reply sent when the body is not all valid. */
static struct write_job *
documents_job(struct worker *w, struct evhttp_request *req, ks_format_t format,
              const char *id)
{
    struct body_docs b = {NULL, json_array(), false};
    ks_error_t err;
    size_t len;
    char *body = read_body(req, &len);

    if (body == NULL) {
        json_decref(b.problems);
        return NULL;
    }
    b.job = writer_job_new(w->base, req);
    if (b.job == NULL || b.problems == NULL) {
        reply_error(req, 503, "unavailable", "out of memory");
        goto fail;
    }
    if (ks_extract(format, id, body, len, on_doc, &b, &err) != KS_OK) {
        reply_error(req, 400, "bad_request", "%s", err.text);
        goto fail;
    }
    if (b.failed) {
        reply_error(req, 503, "unavailable", "out of memory");
        goto fail;
    }
    /* All or nothing: one bad line rejects the batch. */
    if (json_array_size(b.problems) > 0) {
        json_t *body_json = reply_error_body(
            "bad_request", "some lines are not valid documents; nothing was "
                           "committed");

        json_object_set(json_object_get(body_json, "error"), "lines",
                        b.problems);
        reply_json(req, 400, body_json);
        goto fail;
    }
    free(body);
    json_decref(b.problems);
    return b.job;
fail:
    free(body);
    json_decref(b.problems);
    writer_job_free(b.job);
    return NULL;
}

void
handle_put_document(struct worker *w, struct evhttp_request *req,
                    const char *id)
{
    struct write_job *job = documents_job(w, req, KS_FORMAT_JSON, id);

    if (job == NULL)
        return;
    if (job->doc_count != 1
        || strcmp(ks_doc_get(job->docs[0], KS_FIELD_ID), id) != 0) {
        reply_error(req, 400, "bad_request",
                    job->doc_count != 1
                        ? "PUT takes one JSON object"
                        : "the body's \"id\" differs from the path's");
        writer_job_free(job);
        return;
    }
    submit(w, req, job);
}

void
handle_delete_document(struct worker *w, struct evhttp_request *req,
                       const char *id)
{
    struct write_job *job = writer_job_new(w->base, req);

    if (job == NULL || (job->ids = malloc(sizeof *job->ids)) == NULL
        || (job->ids[0] = strdup(id)) == NULL) {
        writer_job_free(job);
        reply_error(req, 503, "unavailable", "out of memory");
        return;
    }
    job->id_count = 1;
    submit(w, req, job);
}

void
handle_post_documents(struct worker *w, struct evhttp_request *req,
                      const char *path_rest, const char *query)
{
    struct write_job *job;

    (void)path_rest;
    (void)query;
    job = documents_job(w, req, KS_FORMAT_JSONL, NULL);
    if (job == NULL)
        return;
    if (job->doc_count == 0) {
        reply_error(req, 400, "bad_request", "no documents in the body");
        writer_job_free(job);
        return;
    }
    submit(w, req, job);
}

void
handle_delete_documents(struct worker *w, struct evhttp_request *req,
                        const char *path_rest, const char *query)
{
    json_error_t jerr;
    json_t *root, *ids, *item;
    struct write_job *job;
    size_t len, i;
    char *body;

    (void)path_rest;
    (void)query;
    body = read_body(req, &len);
    if (body == NULL)
        return;
    root = json_loadb(body, len, 0, &jerr);
    free(body);
    ids = json_object_get(root, "ids");
    if (!json_is_array(ids) || json_array_size(ids) == 0) {
        reply_error(req, 400, "bad_request",
                    "want {\"ids\": [\"id\", ...]} with at least one id");
        json_decref(root);
        return;
    }
    job = writer_job_new(w->base, req);
    if (job == NULL
        || (job->ids = calloc(json_array_size(ids), sizeof *job->ids))
               == NULL) {
        writer_job_free(job);
        json_decref(root);
        reply_error(req, 503, "unavailable", "out of memory");
        return;
    }
    json_array_foreach (ids, i, item) {
        const char *id = json_string_value(item);

        if (id == NULL || id[0] == '\0' || strlen(id) > KS_ID_MAX
            || (job->ids[job->id_count] = strdup(id)) == NULL) {
            reply_error(req, 400, "bad_request",
                        "id %zu is not a non-empty string of at most %d "
                        "bytes",
                        i + 1, KS_ID_MAX);
            writer_job_free(job);
            json_decref(root);
            return;
        }
        job->id_count++;
    }
    json_decref(root);
    submit(w, req, job);
}
