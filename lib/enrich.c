/*
 * Enrichment at index time: what a document does not say about itself is
 * read from its text. Given fields always win over what is inferred.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <kisearch/text.h>

#include "analysis-int.h"
#include "contacts-int.h"
#include "enrich-int.h"

/* At most this many centres, projects and contacts are taken from one
 * text: a state-wide page may name all 54 centres, but a hit shows a few. */
#define MAX_FOUND 16

struct mentions {
    ks_doc_t *doc;
    const ksi_gazetteer_t *table; /* may be NULL */
};

/* A project the text presents as one ("das Projekt „Baba Destek“"); one
 * the table knows was found under its own name already. */
static void
add_project_mention(void *user, const char *name, size_t len)
{
    struct mentions *m = user;
    char copy[KS_ENTRY_MAX + 1];
    size_t match[1];

    if (len == 0 || len > KS_ENTRY_MAX)
        return;
    memcpy(copy, name, len);
    copy[len] = '\0';
    if (m->table != NULL && ksi_gazetteer_match(m->table, copy, NULL, match, 1))
        return;
    ks_doc_list_add(m->doc, KS_LIST_PROJECTS, copy, NULL);
}

/* Replace the entries of @list with the table's display names where the
 * table knows them (a feed may give "krefeld" or "Stadt Krefeld"). */
static ks_status_t
canonical_names(ks_doc_t *doc, ks_list_t list, const ksi_gazetteer_t *table,
                ks_error_t *err)
{
    size_t n = ks_doc_list_count(doc, list);
    char **given;
    ks_status_t st = KS_OK;

    if (table == NULL || n == 0)
        return KS_OK;
    given = calloc(n, sizeof *given);
    if (given == NULL)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n && st == KS_OK; i++) {
        given[i] = strdup(ks_doc_list_get(doc, list, i));
        if (given[i] == NULL)
            st = ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    }
    if (st == KS_OK)
        ks_doc_list_clear(doc, list);
    for (size_t i = 0; i < n && st == KS_OK; i++) {
        char slug[KS_ENTRY_MAX + 1];
        size_t found;
        size_t match[1];

        ks_slugify(given[i], slug, sizeof slug);
        found = ksi_gazetteer_find(table, slug);
        if (found == (size_t)-1
            && ksi_gazetteer_match(table, given[i], NULL, match, 1) == 1)
            found = match[0];
        st = ks_doc_list_add(
            doc, list,
            found != (size_t)-1 ? ksi_gazetteer_name(table, found) : given[i],
            err);
    }
    for (size_t i = 0; i < n; i++)
        free(given[i]);
    free(given);
    return st;
}

static ks_status_t
find_in_table(ks_doc_t *doc, ks_list_t list, const ksi_gazetteer_t *table,
              const char *title, const char *body, ks_error_t *err)
{
    size_t found[MAX_FOUND];
    size_t n;

    if (table == NULL || ks_doc_list_count(doc, list) > 0)
        return KS_OK;
    n = ksi_gazetteer_match(table, title, body, found, MAX_FOUND);
    for (size_t i = 0; i < n; i++) {
        ks_status_t st = ks_doc_list_add(
            doc, list, ksi_gazetteer_name(table, found[i]), err);

        if (st != KS_OK)
            return st;
    }
    return KS_OK;
}

static const ks_contact_kind_t contact_kinds[] = {
    [KSI_CONTACT_PHONE] = KS_CONTACT_PHONE,
    [KSI_CONTACT_FAX] = KS_CONTACT_FAX,
    [KSI_CONTACT_EMAIL] = KS_CONTACT_EMAIL,
    [KSI_CONTACT_ADDRESS] = KS_CONTACT_ADDRESS,
};

ks_status_t
ksi_enrich(ks_doc_t *doc, const ks_analysis_t *analysis, ks_error_t *err)
{
    const char *title = ks_doc_get(doc, KS_FIELD_TITLE);
    const char *body = ks_doc_get(doc, KS_FIELD_BODY);
    const ksi_gazetteer_t *centres = analysis ? analysis->centres : NULL;
    const ksi_gazetteer_t *projects = analysis ? analysis->projects : NULL;
    bool given_projects = ks_doc_list_count(doc, KS_LIST_PROJECTS) > 0;
    ks_status_t st;

    /* "AnschriftKonrad-Adenauer-Platz 17": the value becomes a word. */
    if (body != NULL) {
        size_t len;
        char *split = ksi_split_glued_labels(body, strlen(body), &len);

        if (split == NULL)
            return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        st = ks_doc_set_n(doc, KS_FIELD_BODY, split, len, err);
        free(split);
        if (st != KS_OK)
            return st;
        body = ks_doc_get(doc, KS_FIELD_BODY);
    }
    if ((st = canonical_names(doc, KS_LIST_CENTRES, centres, err)) != KS_OK
        || (st = canonical_names(doc, KS_LIST_PROJECTS, projects, err)) != KS_OK
        || (st = find_in_table(doc, KS_LIST_CENTRES, centres, title, body, err))
               != KS_OK
        || (st = find_in_table(doc, KS_LIST_PROJECTS, projects, title, body,
                               err))
               != KS_OK)
        return st;
    if (!given_projects && body != NULL) {
        struct mentions m = {doc, projects};

        ksi_project_mentions(body, add_project_mention, &m);
    }
    if (ks_doc_contact_count(doc) == 0 && body != NULL) {
        ksi_contact_t found[MAX_FOUND];
        size_t n = ksi_find_contacts(body, strlen(body), found, MAX_FOUND);

        for (size_t i = 0; i < n; i++) {
            /* A contact the model refuses (too long) is left out. */
            ks_doc_contact_add(doc, contact_kinds[found[i].kind],
                               found[i].value, found[i].person, NULL);
        }
    }
    if (ks_doc_get(doc, KS_FIELD_DATE) == NULL && body != NULL) {
        char date[11];

        if (ksi_find_date(body, strlen(body), 0, date))
            ks_doc_set(doc, KS_FIELD_DATE, date, NULL);
    }
    if (ks_doc_get(doc, KS_FIELD_TYPE) == NULL)
        st = ks_doc_set(doc, KS_FIELD_TYPE,
                        ksi_infer_type(title, body ? body : "",
                                       body ? strlen(body) : 0,
                                       ks_doc_get(doc, KS_FIELD_DATE) != NULL),
                        err);
    return st;
}
