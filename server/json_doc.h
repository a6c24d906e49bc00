/*
 * Documents as JSON, the same on every endpoint.
 */
#ifndef KISEARCH_JSON_DOC_H
#define KISEARCH_JSON_DOC_H

#include <jansson.h>

#include <kisearch/document.h>

#include "json_out.h"

/* Add "centres", "projects" (arrays of names) and "contacts" (array of
 * {"type", "value", "person"?}) of @doc to @obj, empty arrays included.
 * Returns 0, or -1 when out of memory. */
int json_doc_add_lists(json_t *obj, const ks_doc_t *doc);

/* The same lists written into @o, inside an object: the search answer's
 * hits (json_out.h). Keep the two alike. */
void json_doc_write_lists(struct json_out *o, const ks_doc_t *doc);

/* The whole stored document: every field (null where unset) and the
 * lists. New reference; NULL when out of memory. */
json_t *json_doc_full(const ks_doc_t *doc);

#endif /* KISEARCH_JSON_DOC_H */
