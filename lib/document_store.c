/*
 * Stored form of a document: a JSON object of its fields. JSON keeps the
 * data readable with xapian-delve and lets later versions add fields.
 */
#include "store-int.h"

#include <string.h>

#include <jansson.h>

char *
ksi_doc_serialize(const ks_doc_t *doc, size_t *len)
{
    json_t *obj = json_object();
    char *out = NULL;

    if (obj == NULL)
        return NULL;
    for (int i = 0; i < KS_FIELD_COUNT; i++) {
        const char *value = ks_doc_get(doc, (ks_field_t)i);

        if (value != NULL
            && json_object_set_new(obj, ks_field_name((ks_field_t)i),
                                   json_string(value))
                   != 0)
            goto out;
    }
    out = json_dumps(obj, JSON_COMPACT);
    if (out != NULL && len != NULL)
        *len = strlen(out);
out:
    json_decref(obj);
    return out;
}

ks_status_t
ksi_doc_deserialize(const char *data, size_t len, ks_doc_t **out,
                    ks_error_t *err)
{
    json_t *obj = json_loadb(data, len, 0, NULL);
    ks_doc_t *doc;
    const char *key;
    json_t *value;
    ks_status_t st = KS_OK;

    *out = NULL;
    if (!json_is_object(obj)) {
        json_decref(obj);
        return ks_error_set(err, KS_ERR_CORRUPT,
                            "stored document data is not readable");
    }
    doc = ks_doc_new();
    if (doc == NULL) {
        json_decref(obj);
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    }
    json_object_foreach (obj, key, value) {
        ks_field_t field;

        if (ks_field_from_name(key, &field) != KS_OK || !json_is_string(value))
            continue;
        st = ks_doc_set_n(doc, field, json_string_value(value),
                          json_string_length(value), err);
        if (st != KS_OK)
            break;
    }
    json_decref(obj);
    if (st != KS_OK) {
        ks_doc_free(doc);
        return st == KS_ERR_NOMEM ? st
                                  : ks_error_set(err, KS_ERR_CORRUPT,
                                                 "stored document is invalid");
    }
    *out = doc;
    return KS_OK;
}
