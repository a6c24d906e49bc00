/*
 * How a document is stored inside the index, so that a hit can be shown
 * without reading its source file. Shared by document_store.c and
 * xapian_wrap.cc.
 */
#ifndef KISEARCH_STORE_INT_H
#define KISEARCH_STORE_INT_H

#include <stddef.h>

#include <kisearch/document.h>

struct json_t;

#ifdef __cplusplus
extern "C" {
#endif

/* Serialise @doc to a new string (free() it); NULL when out of memory. */
char *ksi_doc_serialize(const ks_doc_t *doc, size_t *len);

/* Rebuild a document from ksi_doc_serialize() output. On KS_OK *out is
 * new (ks_doc_free()); KS_ERR_CORRUPT when the data is not ours. */
ks_status_t ksi_doc_deserialize(const char *data, size_t len, ks_doc_t **out,
                                ks_error_t *err);

/* Read "centres", "projects" (arrays of strings) and "contacts" (array of
 * {"type", "value", "person"}) from the JSON object @obj into @doc. Absent
 * or null members are fine; anything else malformed is KS_ERR_INVALID. */
ks_status_t ksi_doc_lists_from_json(ks_doc_t *doc, struct json_t *obj,
                                    ks_error_t *err);

/* Set @field of @doc to the @len bytes at @value as they are: for text
 * read back from the index, which ks_doc_set_n() checked and normalised
 * when it was written. KS_ERR_NOMEM or KS_ERR_INVALID (bad field). */
ks_status_t ksi_doc_set_stored(ks_doc_t *doc, ks_field_t field,
                               const char *value, size_t len, ks_error_t *err);

/* A deep copy of @doc (ks_doc_free()); NULL when out of memory. */
ks_doc_t *ksi_doc_clone(const ks_doc_t *doc);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_STORE_INT_H */
