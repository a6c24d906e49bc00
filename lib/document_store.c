/*
 * Stored form of a document: a JSON object of its fields. JSON keeps the
 * data readable with xapian-delve and lets later versions add fields.
 */
#include "store-int.h"

#include <string.h>

#include <jansson.h>

/* Add the lists and contacts of @doc to @obj; 0, or -1 when out of
 * memory. Empty lists are left out. */
static int
lists_to_json(const ks_doc_t *doc, json_t *obj)
{
    for (int l = 0; l < KS_LIST_COUNT; l++) {
        size_t n = ks_doc_list_count(doc, (ks_list_t)l);
        json_t *array;

        if (n == 0)
            continue;
        array = json_array();
        if (json_object_set_new(obj, ks_list_name((ks_list_t)l), array) != 0)
            return -1;
        for (size_t i = 0; i < n; i++) {
            if (json_array_append_new(
                    array, json_string(ks_doc_list_get(doc, (ks_list_t)l, i)))
                != 0)
                return -1;
        }
    }
    if (ks_doc_contact_count(doc) > 0) {
        json_t *array = json_array();

        if (json_object_set_new(obj, "contacts", array) != 0)
            return -1;
        for (size_t i = 0; i < ks_doc_contact_count(doc); i++) {
            ks_contact_kind_t kind;
            const char *value, *person;
            json_t *c;

            ks_doc_contact_get(doc, i, &kind, &value, &person);
            c = json_pack("{s:s, s:s}", "type", ks_contact_kind_name(kind),
                          "value", value);
            if (c == NULL || json_array_append_new(array, c) != 0)
                return -1;
            if (person != NULL
                && json_object_set_new(c, "person", json_string(person)) != 0)
                return -1;
        }
    }
    return 0;
}

ks_status_t
ksi_doc_lists_from_json(ks_doc_t *doc, json_t *obj, ks_error_t *err)
{
    json_t *value;

    for (int l = 0; l < KS_LIST_COUNT; l++) {
        const char *name = ks_list_name((ks_list_t)l);
        size_t i;
        json_t *item;

        value = json_object_get(obj, name);
        if (value == NULL || json_is_null(value))
            continue;
        if (!json_is_array(value))
            return ks_error_set(err, KS_ERR_INVALID,
                                "\"%s\" must be an array of strings", name);
        json_array_foreach (value, i, item) {
            ks_status_t st;

            if (!json_is_string(item))
                return ks_error_set(err, KS_ERR_INVALID,
                                    "\"%s\" must be an array of strings", name);
            st = ks_doc_list_add(doc, (ks_list_t)l, json_string_value(item),
                                 err);
            if (st != KS_OK)
                return st;
        }
    }
    value = json_object_get(obj, "contacts");
    if (value != NULL && !json_is_null(value)) {
        size_t i;
        json_t *item;

        if (!json_is_array(value))
            return ks_error_set(err, KS_ERR_INVALID,
                                "\"contacts\" must be an array of objects");
        json_array_foreach (value, i, item) {
            const char *type = json_string_value(json_object_get(item, "type"));
            const char *v = json_string_value(json_object_get(item, "value"));
            json_t *person = json_object_get(item, "person");
            ks_contact_kind_t kind;
            ks_status_t st;

            if (type == NULL || v == NULL
                || ks_contact_kind_from_name(type, &kind) != KS_OK
                || (person != NULL && !json_is_null(person)
                    && !json_is_string(person)))
                return ks_error_set(
                    err, KS_ERR_INVALID,
                    "contact %zu needs \"type\" (phone, fax, email, "
                    "address) and \"value\" strings",
                    i + 1);
            st = ks_doc_contact_add(doc, kind, v, json_string_value(person),
                                    err);
            if (st != KS_OK)
                return st;
        }
    }
    return KS_OK;
}

/*
 * The stored form: a JSON object with every field but the body, a
 * newline, then the body's bytes as they are. A hit reads its fields
 * without parsing (and unescaping) a long body, and its snippet is cut
 * from the bytes in place. Data written before, a JSON object alone with
 * the body in it, still reads.
 */
char *
ksi_doc_serialize(const ks_doc_t *doc, size_t *len)
{
    const char *body = ks_doc_get(doc, KS_FIELD_BODY);
    json_t *obj = json_object();
    char *head = NULL, *out = NULL;
    size_t head_len, body_len = body != NULL ? strlen(body) : 0;

    if (obj == NULL)
        return NULL;
    for (int i = 0; i < KS_FIELD_COUNT; i++) {
        const char *value = ks_doc_get(doc, (ks_field_t)i);

        if (value != NULL && i != KS_FIELD_BODY
            && json_object_set_new(obj, ks_field_name((ks_field_t)i),
                                   json_string(value))
                   != 0)
            goto out;
    }
    if (lists_to_json(doc, obj) != 0)
        goto out;
    head = json_dumps(obj, JSON_COMPACT);
    if (head == NULL)
        goto out;
    head_len = strlen(head);
    out = malloc(head_len + 1 + body_len + 1);
    if (out == NULL)
        goto out;
    memcpy(out, head, head_len);
    out[head_len] = '\n';
    memcpy(out + head_len + 1, body != NULL ? body : "", body_len);
    out[head_len + 1 + body_len] = '\0';
    if (len != NULL)
        *len = head_len + 1 + body_len;
out:
    free(head);
    json_decref(obj);
    return out;
}

ks_status_t
ksi_doc_deserialize(const char *data, size_t len, ks_doc_t **out,
                    ks_error_t *err)
{
    json_error_t where;
    json_t *obj = json_loadb(data, len, JSON_DISABLE_EOF_CHECK, &where);
    size_t head_len = obj != NULL ? (size_t)where.position : 0;
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
        /* Text was normalised when written: no second pass over it.
         * The short fields are checked again (a date must be one). */
        if (field == KS_FIELD_TITLE || field == KS_FIELD_BODY)
            st = ksi_doc_set_stored(doc, field, json_string_value(value),
                                    json_string_length(value), err);
        else
            st = ks_doc_set_n(doc, field, json_string_value(value),
                              json_string_length(value), err);
        if (st != KS_OK)
            break;
    }
    /* The body after the head; none after an older, all-JSON head. */
    if (st == KS_OK && head_len < len && data[head_len] == '\n'
        && len - head_len > 1)
        st = ksi_doc_set_stored(doc, KS_FIELD_BODY, data + head_len + 1,
                                len - head_len - 1, err);
    if (st == KS_OK)
        st = ksi_doc_lists_from_json(doc, obj, err);
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
