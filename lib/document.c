/*
 * The document model: field storage with per-field checks.
 */
#include <kisearch/document.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <kisearch/index.h>
#include <kisearch/text.h>

#include "analyze-int.h"
#include "buf-int.h"
#include "store-int.h"

struct contact {
    ks_contact_kind_t kind;
    char *value;
    char *person; /* NULL: none */
};

struct ks_doc {
    char *fields[KS_FIELD_COUNT];
    char **lists[KS_LIST_COUNT];
    size_t list_counts[KS_LIST_COUNT];
    struct contact *contacts;
    size_t contact_count;
};

static const char *const field_names[KS_FIELD_COUNT] = {
    "id", "url", "title", "body", "type", "date", "lang",
};

static const char *const type_names[] = {"centre", "news", "event", "page"};

ks_doc_t *
ks_doc_new(void)
{
    return calloc(1, sizeof(ks_doc_t));
}

void
ks_doc_free(ks_doc_t *doc)
{
    if (doc == NULL)
        return;
    for (int i = 0; i < KS_FIELD_COUNT; i++)
        free(doc->fields[i]);
    for (int i = 0; i < KS_LIST_COUNT; i++)
        ks_doc_list_clear(doc, (ks_list_t)i);
    for (size_t i = 0; i < doc->contact_count; i++) {
        free(doc->contacts[i].value);
        free(doc->contacts[i].person);
    }
    free(doc->contacts);
    free(doc);
}

const char *
ks_field_name(ks_field_t field)
{
    if ((int)field < 0 || field >= KS_FIELD_COUNT)
        return NULL;
    return field_names[field];
}

ks_status_t
ks_field_from_name(const char *name, ks_field_t *out)
{
    for (int i = 0; i < KS_FIELD_COUNT; i++) {
        if (strcmp(name, field_names[i]) == 0) {
            *out = (ks_field_t)i;
            return KS_OK;
        }
    }
    return KS_ERR_NOT_FOUND;
}

const char *
ks_doc_get(const ks_doc_t *doc, ks_field_t field)
{
    if ((int)field < 0 || field >= KS_FIELD_COUNT)
        return NULL;
    return doc->fields[field];
}

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
           || c == '\v';
}

static bool
all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

static int
days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    return month == 2 && leap ? 29 : days[month - 1];
}

/* Keep the date part of an ISO 8601 date or timestamp: YYYY, YYYY-MM or
 * YYYY-MM-DD, optionally followed by 'T' or ' ' and a time we drop. */
static ks_status_t
normalise_date(const char *s, size_t n, ksi_buf_t *out, ks_error_t *err)
{
    size_t keep;
    int year, month = 1, day = 1;

    if (n >= 4 && all_digits(s, 4) && (n == 4 || s[4] == '-'))
        keep = 4;
    else
        goto bad;
    if (n > 4) {
        if (n < 7 || !all_digits(s + 5, 2))
            goto bad;
        keep = 7;
        if (n > 7) {
            if (s[7] != '-' || n < 10 || !all_digits(s + 8, 2))
                goto bad;
            if (n > 10 && s[10] != 'T' && s[10] != ' ')
                goto bad;
            keep = 10;
        }
    }
    year = atoi(s);
    if (keep >= 7)
        month = (s[5] - '0') * 10 + (s[6] - '0');
    if (keep == 10)
        day = (s[8] - '0') * 10 + (s[9] - '0');
    if (year < 1000 || month < 1 || month > 12 || day < 1
        || day > days_in_month(year, month))
        goto bad;
    ksi_buf_add(out, s, keep);
    return KS_OK;
bad:
    return ks_error_set(err, KS_ERR_INVALID,
                        "date \"%.*s\" is not YYYY, YYYY-MM or YYYY-MM-DD",
                        (int)(n > 40 ? 40 : n), s);
}

static ks_status_t
normalise(ks_field_t field, const char *s, size_t n, ksi_buf_t *out,
          ks_error_t *err)
{
    switch (field) {
    case KS_FIELD_ID:
        if (n > KS_ID_MAX)
            return ks_error_set(err, KS_ERR_INVALID,
                                "id is longer than %d bytes", KS_ID_MAX);
        for (size_t i = 0; i < n; i++) {
            if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
                return ks_error_set(err, KS_ERR_INVALID,
                                    "id contains a control character");
        }
        ksi_buf_add(out, s, n);
        return KS_OK;
    case KS_FIELD_TYPE:
        for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++) {
            if (strlen(type_names[i]) == n
                && strncmp(type_names[i], s, n) == 0) {
                ksi_buf_add(out, s, n);
                return KS_OK;
            }
        }
        return ks_error_set(err, KS_ERR_INVALID,
                            "type \"%.*s\" is not one of centre, news, "
                            "event, page",
                            (int)(n > 40 ? 40 : n), s);
    case KS_FIELD_DATE:
        return normalise_date(s, n, out, err);
    case KS_FIELD_LANG: {
        size_t i = 0;

        while (i < n && isalpha((unsigned char)s[i]))
            i++;
        if (i < 2 || i > 3 || (i < n && s[i] != '-' && s[i] != '_'))
            return ks_error_set(err, KS_ERR_INVALID,
                                "lang \"%.*s\" is not a language tag",
                                (int)(n > 40 ? 40 : n), s);
        for (size_t j = 0; j < i; j++)
            ksi_buf_addc(out, (char)tolower((unsigned char)s[j]));
        return KS_OK;
    }
    case KS_FIELD_TITLE:
        /* One line: runs of white space become one space. */
        for (size_t i = 0; i < n; i++) {
            if (is_space((unsigned char)s[i])) {
                while (i + 1 < n && is_space((unsigned char)s[i + 1]))
                    i++;
                ksi_buf_addc(out, ' ');
            } else {
                ksi_buf_addc(out, s[i]);
            }
        }
        return KS_OK;
    default:
        ksi_buf_add(out, s, n);
        return KS_OK;
    }
}

ks_status_t
ksi_doc_set_stored(ks_doc_t *doc, ks_field_t field, const char *value,
                   size_t len, ks_error_t *err)
{
    char *copy;

    if ((int)field < 0 || field >= KS_FIELD_COUNT)
        return ks_error_set(err, KS_ERR_INVALID, "unknown field %d",
                            (int)field);
    copy = malloc(len + 1);
    if (copy == NULL)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    memcpy(copy, value, len);
    copy[len] = '\0';
    free(doc->fields[field]);
    doc->fields[field] = copy;
    return KS_OK;
}

ks_status_t
ks_doc_set_n(ks_doc_t *doc, ks_field_t field, const char *value, size_t len,
             ks_error_t *err)
{
    ksi_buf_t buf;
    ks_status_t st;
    char *copy;

    if ((int)field < 0 || field >= KS_FIELD_COUNT)
        return ks_error_set(err, KS_ERR_INVALID, "unknown field %d",
                            (int)field);
    if (value == NULL) {
        free(doc->fields[field]);
        doc->fields[field] = NULL;
        return KS_OK;
    }
    if (memchr(value, '\0', len) != NULL || !ks_utf8_valid(value, len))
        return ks_error_set(err, KS_ERR_INVALID, "%s is not valid UTF-8 text",
                            field_names[field]);
    while (len > 0 && is_space((unsigned char)value[0])) {
        value++;
        len--;
    }
    while (len > 0 && is_space((unsigned char)value[len - 1]))
        len--;
    if (len == 0) {
        if (field == KS_FIELD_ID)
            return ks_error_set(err, KS_ERR_INVALID, "id is empty");
        return ks_doc_set_n(doc, field, NULL, 0, err);
    }
    /* Text is stored as it is indexed: NFC, without soft hyphens, so that
     * snippets cut from it match the indexed words. */
    if (field == KS_FIELD_TITLE || field == KS_FIELD_BODY) {
        char *normal;
        size_t normal_len;

        st = ksi_normalize(value, len, &normal, &normal_len, err);
        if (st != KS_OK)
            return st;
        ksi_buf_init(&buf);
        st = normalise(field, normal, normal_len, &buf, err);
        free(normal);
    } else {
        ksi_buf_init(&buf);
        st = normalise(field, value, len, &buf, err);
    }
    if (st != KS_OK) {
        ksi_buf_free(&buf);
        return st;
    }
    copy = ksi_buf_steal(&buf, NULL);
    if (copy == NULL)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    free(doc->fields[field]);
    doc->fields[field] = copy;
    return KS_OK;
}

ks_status_t
ks_doc_set(ks_doc_t *doc, ks_field_t field, const char *value, ks_error_t *err)
{
    return ks_doc_set_n(doc, field, value, value ? strlen(value) : 0, err);
}

static const char *const list_names[KS_LIST_COUNT] = {"centres", "projects"};
static const char *const contact_kind_names[KS_CONTACT_KIND_COUNT] = {
    "phone", "fax", "email", "address"};

const char *
ks_list_name(ks_list_t list)
{
    if ((int)list < 0 || list >= KS_LIST_COUNT)
        return NULL;
    return list_names[list];
}

const char *
ks_contact_kind_name(ks_contact_kind_t kind)
{
    if ((int)kind < 0 || kind >= KS_CONTACT_KIND_COUNT)
        return NULL;
    return contact_kind_names[kind];
}

ks_status_t
ks_contact_kind_from_name(const char *name, ks_contact_kind_t *out)
{
    for (int i = 0; i < KS_CONTACT_KIND_COUNT; i++) {
        if (strcmp(name, contact_kind_names[i]) == 0) {
            *out = (ks_contact_kind_t)i;
            return KS_OK;
        }
    }
    return KS_ERR_NOT_FOUND;
}

/* A trimmed copy of an entry, checked like the id: UTF-8, no control
 * characters, 1 to KS_ENTRY_MAX bytes. NULL with @err set otherwise. */
static char *
entry_copy(const char *value, const char *what, ks_error_t *err)
{
    size_t len;
    char *copy;

    while (is_space((unsigned char)*value))
        value++;
    len = strlen(value);
    while (len > 0 && is_space((unsigned char)value[len - 1]))
        len--;
    if (len == 0 || len > KS_ENTRY_MAX || !ks_utf8_valid(value, len)) {
        ks_error_set(err, KS_ERR_INVALID,
                     "%s must be 1 to %d bytes of UTF-8 text", what,
                     KS_ENTRY_MAX);
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)value[i] < 0x20 || value[i] == 0x7F) {
            ks_error_set(err, KS_ERR_INVALID, "%s contains a control character",
                         what);
            return NULL;
        }
    }
    copy = malloc(len + 1);
    if (copy == NULL) {
        ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        return NULL;
    }
    memcpy(copy, value, len);
    copy[len] = '\0';
    return copy;
}

ks_status_t
ks_doc_list_add(ks_doc_t *doc, ks_list_t list, const char *value,
                ks_error_t *err)
{
    char **grown, *copy;

    if ((int)list < 0 || list >= KS_LIST_COUNT)
        return ks_error_set(err, KS_ERR_INVALID, "unknown list %d", (int)list);
    copy = entry_copy(value, list_names[list], err);
    if (copy == NULL)
        return err != NULL ? err->code : KS_ERR_INVALID;
    for (size_t i = 0; i < doc->list_counts[list]; i++) {
        if (strcasecmp(doc->lists[list][i], copy) == 0) {
            free(copy);
            return KS_OK;
        }
    }
    grown =
        realloc(doc->lists[list], (doc->list_counts[list] + 1) * sizeof *grown);
    if (grown == NULL) {
        free(copy);
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    }
    doc->lists[list] = grown;
    grown[doc->list_counts[list]++] = copy;
    return KS_OK;
}

size_t
ks_doc_list_count(const ks_doc_t *doc, ks_list_t list)
{
    if ((int)list < 0 || list >= KS_LIST_COUNT)
        return 0;
    return doc->list_counts[list];
}

const char *
ks_doc_list_get(const ks_doc_t *doc, ks_list_t list, size_t i)
{
    if ((int)list < 0 || list >= KS_LIST_COUNT || i >= doc->list_counts[list])
        return NULL;
    return doc->lists[list][i];
}

void
ks_doc_list_clear(ks_doc_t *doc, ks_list_t list)
{
    if ((int)list < 0 || list >= KS_LIST_COUNT)
        return;
    for (size_t i = 0; i < doc->list_counts[list]; i++)
        free(doc->lists[list][i]);
    free(doc->lists[list]);
    doc->lists[list] = NULL;
    doc->list_counts[list] = 0;
}

ks_status_t
ks_doc_contact_add(ks_doc_t *doc, ks_contact_kind_t kind, const char *value,
                   const char *person, ks_error_t *err)
{
    struct contact *grown;
    char *v, *p = NULL;

    if ((int)kind < 0 || kind >= KS_CONTACT_KIND_COUNT)
        return ks_error_set(err, KS_ERR_INVALID, "unknown contact kind %d",
                            (int)kind);
    v = entry_copy(value, "contact value", err);
    if (v == NULL)
        return err != NULL ? err->code : KS_ERR_INVALID;
    for (size_t i = 0; i < doc->contact_count; i++) {
        if (doc->contacts[i].kind == kind
            && strcmp(doc->contacts[i].value, v) == 0) {
            free(v);
            return KS_OK;
        }
    }
    if (person != NULL && person[0] != '\0') {
        p = entry_copy(person, "contact person", err);
        if (p == NULL) {
            free(v);
            return err != NULL ? err->code : KS_ERR_INVALID;
        }
    }
    grown = realloc(doc->contacts, (doc->contact_count + 1) * sizeof *grown);
    if (grown == NULL) {
        free(v);
        free(p);
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    }
    doc->contacts = grown;
    grown[doc->contact_count].kind = kind;
    grown[doc->contact_count].value = v;
    grown[doc->contact_count].person = p;
    doc->contact_count++;
    return KS_OK;
}

size_t
ks_doc_contact_count(const ks_doc_t *doc)
{
    return doc->contact_count;
}

void
ks_doc_contact_get(const ks_doc_t *doc, size_t i, ks_contact_kind_t *kind,
                   const char **value, const char **person)
{
    *kind = doc->contacts[i].kind;
    *value = doc->contacts[i].value;
    *person = doc->contacts[i].person;
}

ks_doc_t *
ksi_doc_clone(const ks_doc_t *doc)
{
    ks_doc_t *copy = ks_doc_new();

    if (copy == NULL)
        return NULL;
    for (int i = 0; i < KS_FIELD_COUNT; i++) {
        if (doc->fields[i] != NULL
            && (copy->fields[i] = strdup(doc->fields[i])) == NULL)
            goto fail;
    }
    for (int l = 0; l < KS_LIST_COUNT; l++) {
        for (size_t i = 0; i < doc->list_counts[l]; i++) {
            if (ks_doc_list_add(copy, (ks_list_t)l, doc->lists[l][i], NULL)
                != KS_OK)
                goto fail;
        }
    }
    for (size_t i = 0; i < doc->contact_count; i++) {
        if (ks_doc_contact_add(copy, doc->contacts[i].kind,
                               doc->contacts[i].value, doc->contacts[i].person,
                               NULL)
            != KS_OK)
            goto fail;
    }
    return copy;
fail:
    ks_doc_free(copy);
    return NULL;
}

bool
ks_date_valid(const char *date)
{
    size_t len = strlen(date);
    ksi_buf_t buf;
    bool ok;

    /* Only the date forms: a timestamp is not a filter bound. */
    if (len != 4 && len != 7 && len != 10)
        return false;
    ksi_buf_init(&buf);
    ok = normalise_date(date, len, &buf, NULL) == KS_OK;
    ksi_buf_free(&buf);
    return ok;
}
