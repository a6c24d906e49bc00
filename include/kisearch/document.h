/*
 * The document model: what one search hit stands for.
 */
#ifndef KISEARCH_DOCUMENT_H
#define KISEARCH_DOCUMENT_H

#include <stddef.h>

#include <kisearch/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A document: a set of text fields, all valid UTF-8. Opaque. */
typedef struct ks_doc ks_doc_t;

/** The fields of a document, as described in docs/documents.md. */
typedef enum ks_field {
    KS_FIELD_ID,    /**< unique; re-indexing an id replaces its document */
    KS_FIELD_URL,   /**< where the page lives, if known */
    KS_FIELD_TITLE, /**< one line */
    KS_FIELD_BODY,  /**< the main text, page chrome left out */
    KS_FIELD_TYPE,  /**< "centre", "news", "event" or "page" */
    KS_FIELD_DATE,  /**< ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD */
    KS_FIELD_LANG,  /**< a lower-case language code such as "de" */
    KS_FIELD_COUNT  /**< the number of fields; not a field */
} ks_field_t;

/** Longest id accepted, in bytes (Xapian limits the length of a term). */
#define KS_ID_MAX 240

/**
 * Create an empty document.
 *
 * @return a new document: free it with ks_doc_free(); NULL when out of
 *         memory.
 */
ks_doc_t *ks_doc_new(void) __attribute__((warn_unused_result));

/** Free @p doc and every string read from it. NULL is a harmless no-op. */
void ks_doc_free(ks_doc_t *doc);

/**
 * Set @p field of @p doc to a copy of the @p len bytes at @p value, or
 * clear it when @p value is NULL.
 *
 * The value is checked and normalised for its field: leading and trailing
 * white space is removed; an id must be 1 to KS_ID_MAX bytes without
 * control characters; a title is folded to one line; a type must be one
 * of the four names; a date may be given as YYYY, YYYY-MM, YYYY-MM-DD or
 * a full ISO 8601 timestamp and is kept as its date part; a language tag
 * such as "de-DE" is kept as "de". A value that is empty after trimming
 * clears the field, except for the id, where it is an error.
 *
 * @return KS_OK; KS_ERR_INVALID when the value is not valid UTF-8 or not
 *         valid for the field (@p doc is then unchanged); KS_ERR_NOMEM.
 */
ks_status_t ks_doc_set_n(ks_doc_t *doc, ks_field_t field, const char *value,
                         size_t len, ks_error_t *err);

/** ks_doc_set_n() for a NUL-terminated @p value (or NULL to clear). */
ks_status_t ks_doc_set(ks_doc_t *doc, ks_field_t field, const char *value,
                       ks_error_t *err);

/**
 * The value of @p field, or NULL when it is not set.
 * Owned by @p doc: valid until the field is set again or ks_doc_free(doc).
 */
const char *ks_doc_get(const ks_doc_t *doc, ks_field_t field);

/**
 * The name of @p field as used in JSON ("id", "url", "title", "body",
 * "type", "date", "lang"). Static: never freed. NULL for KS_FIELD_COUNT
 * and out-of-range values.
 */
const char *ks_field_name(ks_field_t field);

/**
 * The field whose JSON name is @p name.
 *
 * @return KS_OK and *out set; KS_ERR_NOT_FOUND for an unknown name.
 */
ks_status_t ks_field_from_name(const char *name, ks_field_t *out);

/** Lists a document carries besides its text fields: display names. */
typedef enum ks_list {
    KS_LIST_CENTRES,  /**< centres it is about ("Krefeld", "Kreis Kleve"),
                           its own centre first */
    KS_LIST_PROJECTS, /**< projects it names ("Griffbereit") */
    KS_LIST_COUNT     /**< the number of lists; not a list */
} ks_list_t;

/** Longest list entry, contact value or person accepted, in bytes. */
#define KS_ENTRY_MAX 200

/**
 * Add @p value to @p list of @p doc, unless it is there already (compared
 * case-insensitively for ASCII). Leading and trailing white space is
 * removed.
 *
 * @return KS_OK; KS_ERR_INVALID when @p value is empty, longer than
 *         KS_ENTRY_MAX, not UTF-8 or holds a control character;
 *         KS_ERR_NOMEM.
 */
ks_status_t ks_doc_list_add(ks_doc_t *doc, ks_list_t list, const char *value,
                            ks_error_t *err);

/** The number of entries in @p list of @p doc. */
size_t ks_doc_list_count(const ks_doc_t *doc, ks_list_t list);

/**
 * Entry @p i (below ks_doc_list_count()) of @p list. Owned by @p doc:
 * valid until the list changes or ks_doc_free(doc).
 */
const char *ks_doc_list_get(const ks_doc_t *doc, ks_list_t list, size_t i);

/** Remove every entry of @p list. */
void ks_doc_list_clear(ks_doc_t *doc, ks_list_t list);

/** The JSON name of @p list ("centres", "projects"). Static; NULL when out
 * of range. */
const char *ks_list_name(ks_list_t list);

/** What a contact is. */
typedef enum ks_contact_kind {
    KS_CONTACT_PHONE,
    KS_CONTACT_FAX,
    KS_CONTACT_EMAIL,
    KS_CONTACT_ADDRESS,
    KS_CONTACT_KIND_COUNT /**< not a kind */
} ks_contact_kind_t;

/**
 * Add a contact to @p doc: its kind, its value as it should be shown
 * ("02151 862562", "s.safarpour@krefeld.de", "Konrad-Adenauer-Platz 17,
 * 47803 Krefeld") and the person named with it (NULL or "" for none).
 * A contact with the same kind and value is not added twice.
 *
 * @return KS_OK; KS_ERR_INVALID (empty or overlong value or person, not
 *         UTF-8, bad kind); KS_ERR_NOMEM.
 */
ks_status_t ks_doc_contact_add(ks_doc_t *doc, ks_contact_kind_t kind,
                               const char *value, const char *person,
                               ks_error_t *err);

/** The number of contacts of @p doc. */
size_t ks_doc_contact_count(const ks_doc_t *doc);

/**
 * Contact @p i of @p doc (below ks_doc_contact_count()). The strings are
 * owned by @p doc; *person is NULL when no person is named.
 */
void ks_doc_contact_get(const ks_doc_t *doc, size_t i, ks_contact_kind_t *kind,
                        const char **value, const char **person);

/** The JSON name of @p kind ("phone", "fax", "email", "address"), or NULL.
 * Static. */
const char *ks_contact_kind_name(ks_contact_kind_t kind);

/** The kind whose JSON name is @p name: KS_OK, or KS_ERR_NOT_FOUND. */
ks_status_t ks_contact_kind_from_name(const char *name, ks_contact_kind_t *out);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_DOCUMENT_H */
