/*
 * Documents as JSON.
 */
#include "json_doc.h"

#include <string.h>

int
json_doc_add_lists(json_t *obj, const ks_doc_t *doc)
{
    json_t *contacts = json_array();

    for (int l = 0; l < KS_LIST_COUNT; l++) {
        json_t *array = json_array();

        if (json_object_set_new(obj, ks_list_name((ks_list_t)l), array) != 0)
            return -1;
        for (size_t i = 0; i < ks_doc_list_count(doc, (ks_list_t)l); i++) {
            if (json_array_append_new(
                    array, json_string(ks_doc_list_get(doc, (ks_list_t)l, i)))
                != 0)
                return -1;
        }
    }
    if (json_object_set_new(obj, "contacts", contacts) != 0)
        return -1;
    for (size_t i = 0; i < ks_doc_contact_count(doc); i++) {
        ks_contact_kind_t kind;
        const char *value, *person;
        json_t *c;

        ks_doc_contact_get(doc, i, &kind, &value, &person);
        c = json_pack("{s:s, s:s}", "type", ks_contact_kind_name(kind), "value",
                      value);
        if (c == NULL || json_array_append_new(contacts, c) != 0)
            return -1;
        if (person != NULL
            && json_object_set_new(c, "person", json_string(person)) != 0)
            return -1;
    }
    return 0;
}

void
json_doc_write_lists(struct json_out *o, const ks_doc_t *doc)
{
    for (int l = 0; l < KS_LIST_COUNT; l++) {
        json_out_key(o, ks_list_name((ks_list_t)l));
        json_out_open(o, '[');
        for (size_t i = 0; i < ks_doc_list_count(doc, (ks_list_t)l); i++)
            json_out_string(o, ks_doc_list_get(doc, (ks_list_t)l, i));
        json_out_close(o, ']');
    }
    json_out_key(o, "contacts");
    json_out_open(o, '[');
    for (size_t i = 0; i < ks_doc_contact_count(doc); i++) {
        ks_contact_kind_t kind;
        const char *value, *person;

        ks_doc_contact_get(doc, i, &kind, &value, &person);
        json_out_open(o, '{');
        json_out_key(o, "type");
        json_out_string(o, ks_contact_kind_name(kind));
        json_out_key(o, "value");
        json_out_string(o, value);
        if (person != NULL) {
            json_out_key(o, "person");
            json_out_string(o, person);
        }
        json_out_close(o, '}');
    }
    json_out_close(o, ']');
}

json_t *
json_doc_full(const ks_doc_t *doc)
{
    json_t *obj = json_object();

    for (int i = 0; obj != NULL && i < KS_FIELD_COUNT; i++) {
        const char *value = ks_doc_get(doc, (ks_field_t)i);

        if (json_object_set_new(obj, ks_field_name((ks_field_t)i),
                                value ? json_string(value) : json_null())
            != 0) {
            json_decref(obj);
            return NULL;
        }
    }
    if (obj != NULL && json_doc_add_lists(obj, doc) != 0) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}
