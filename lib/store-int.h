/*
 * How a document is stored inside the index, so that a hit can be shown
 * without reading its source file. Shared by document_store.c and
 * xapian_wrap.cc.
 */
#ifndef KISEARCH_STORE_INT_H
#define KISEARCH_STORE_INT_H

#include <stddef.h>

#include <kisearch/document.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Serialise @doc to a new string (free() it); NULL when out of memory. */
char *ksi_doc_serialize(const ks_doc_t *doc, size_t *len);

/* Rebuild a document from ksi_doc_serialize() output. On KS_OK *out is
 * new (ks_doc_free()); KS_ERR_CORRUPT when the data is not ours. */
ks_status_t ksi_doc_deserialize(const char *data, size_t len, ks_doc_t **out,
                                ks_error_t *err);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_STORE_INT_H */
