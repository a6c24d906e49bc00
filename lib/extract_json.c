/*
 * JSON documents: one object, an array of objects, or JSON Lines.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "extract-int.h"
#include "store-int.h"

/* Build a document from a JSON object. @default_id is used when the
 * object has no "id" (NULL: an id is required). */
static ks_status_t
doc_from_object(json_t *obj, const char *default_id, ks_doc_t **out,
                ks_error_t *err)
{
    ks_doc_t *doc;
    const char *key;
    json_t *value;
    ks_status_t st = KS_OK;

    *out = NULL;
    if (!json_is_object(obj))
        return ks_error_set(err, KS_ERR_INVALID, "not a JSON object");
    doc = ks_doc_new();
    if (doc == NULL)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    json_object_foreach (obj, key, value) {
        ks_field_t field;

        /* Fields of later versions or of the source system are ignored. */
        if (ks_field_from_name(key, &field) != KS_OK || json_is_null(value))
            continue;
        if (!json_is_string(value)) {
            st = ks_error_set(err, KS_ERR_INVALID, "\"%s\" must be a string",
                              key);
            break;
        }
        st = ks_doc_set_n(doc, field, json_string_value(value),
                          json_string_length(value), err);
        if (st != KS_OK)
            break;
    }
    if (st == KS_OK)
        st = ksi_doc_lists_from_json(doc, obj, err);
    if (st == KS_OK && ks_doc_get(doc, KS_FIELD_ID) == NULL) {
        if (default_id == NULL)
            st = ks_error_set(err, KS_ERR_INVALID, "no \"id\"");
        else
            st = ks_doc_set(doc, KS_FIELD_ID, default_id, err);
    }
    if (st == KS_OK && ks_doc_get(doc, KS_FIELD_TITLE) == NULL) {
        const char *body = ks_doc_get(doc, KS_FIELD_BODY);

        if (body != NULL)
            st = ksi_title_from_text(doc, body, strlen(body), err);
    }
    if (st == KS_OK && ks_doc_get(doc, KS_FIELD_TITLE) == NULL
        && ks_doc_get(doc, KS_FIELD_BODY) == NULL)
        st = ks_error_set(err, KS_ERR_INVALID, "no \"title\" or \"body\"");
    if (st != KS_OK) {
        ks_doc_free(doc);
        return st;
    }
    *out = doc;
    return KS_OK;
}

/* Pass one record on, or report it as skipped with @where prefixed. */
static ks_status_t
emit(ksi_sink_t *sink, json_t *obj, const char *default_id, const char *where)
{
    ks_doc_t *doc;
    ks_error_t problem;
    ks_status_t st = doc_from_object(obj, default_id, &doc, &problem);

    if (st == KS_ERR_NOMEM)
        return st;
    if (st != KS_OK) {
        char text[KS_ERROR_TEXT_SIZE];

        memcpy(text, problem.text, sizeof text);
        ks_error_set(&problem, st, "%s: %s", where, text);
        ksi_sink_problem(sink, &problem);
        return KS_OK;
    }
    ksi_sink_doc(sink, doc);
    return KS_OK;
}

ks_status_t
ksi_extract_json(const char *id, const char *data, size_t len, ksi_sink_t *sink,
                 ks_error_t *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(data, len, 0, &jerr);
    ks_status_t st = KS_OK;

    if (root == NULL)
        return ks_error_set(err, KS_ERR_INVALID,
                            "invalid JSON at line %d, column %d: %s", jerr.line,
                            jerr.column, jerr.text);
    if (json_is_object(root)) {
        ks_doc_t *doc;

        st = doc_from_object(root, id, &doc, err);
        if (st == KS_OK)
            ksi_sink_doc(sink, doc);
    } else if (json_is_array(root)) {
        size_t i;
        json_t *item;

        json_array_foreach (root, i, item) {
            char where[48];

            snprintf(where, sizeof where, "item %zu", i + 1);
            st = emit(sink, item, NULL, where);
            if (st != KS_OK)
                break;
        }
    } else {
        st = ks_error_set(err, KS_ERR_INVALID,
                          "JSON must be an object or an array of objects");
    }
    json_decref(root);
    return st;
}

ks_status_t
ksi_extract_jsonl(const char *data, size_t len, ksi_sink_t *sink,
                  ks_error_t *err)
{
    const char *p = data, *end = data + len;
    size_t line_no = 0;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        const char *line = p;
        char where[48];
        json_error_t jerr;
        json_t *obj;
        size_t i;

        p = nl ? nl + 1 : end;
        line_no++;
        for (i = 0; i < n; i++) {
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
                break;
        }
        if (i == n)
            continue;
        snprintf(where, sizeof where, "line %zu", line_no);
        obj = json_loadb(line, n, 0, &jerr);
        if (obj == NULL) {
            ks_error_t problem;

            ks_error_set(&problem, KS_ERR_INVALID, "%s: invalid JSON: %s",
                         where, jerr.text);
            ksi_sink_problem(sink, &problem);
            continue;
        }
        if (emit(sink, obj, NULL, where) != KS_OK) {
            json_decref(obj);
            return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        }
        json_decref(obj);
    }
    return KS_OK;
}
