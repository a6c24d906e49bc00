/*
 * Unit tests for lib/xapian_wrap.cc: opening, writing, reading and
 * searching an index in a fresh temporary directory per test.
 */
#define _XOPEN_SOURCE 700 /* nftw() and FTW_DEPTH */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <kisearch/index.h>

struct fixture {
    char dir[64]; /* the temporary directory, removed at the end */
    char db[96];  /* the index inside it, not created yet */
    ks_index_t *writer;
    ks_index_t *reader;
};

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int
setup_fixture(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);

    if (f == NULL)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/ks-test-index-XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    snprintf(f->db, sizeof f->db, "%s/db", f->dir);
    *state = f;
    return 0;
}

static int
teardown_fixture(void **state)
{
    struct fixture *f = *state;
    int rc;

    ks_index_close(f->reader);
    ks_index_close(f->writer);
    rc = nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return rc;
}

/* Open a writer on the fixture's index. */
static ks_index_t *
open_writer(struct fixture *f)
{
    ks_error_t err = {KS_OK, ""};

    if (ks_index_open(f->db, KS_INDEX_WRITE, &f->writer, &err) != KS_OK)
        fail_msg("open for writing: %s", err.text);
    assert_non_null(f->writer);
    return f->writer;
}

/* Open a reader on the fixture's index. */
static ks_index_t *
open_reader(struct fixture *f)
{
    ks_error_t err = {KS_OK, ""};

    if (ks_index_open(f->db, KS_INDEX_READ, &f->reader, &err) != KS_OK)
        fail_msg("open for reading: %s", err.text);
    assert_non_null(f->reader);
    return f->reader;
}

/* Add a document with @id, @title and @body (either may be NULL). */
static void
put(ks_index_t *idx, const char *id, const char *title, const char *body,
    bool *replaced)
{
    ks_doc_t *doc = ks_doc_new();
    ks_error_t err = {KS_OK, ""};

    assert_non_null(doc);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_ID, id, &err), KS_OK);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_TITLE, title, &err), KS_OK);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_BODY, body, &err), KS_OK);
    if (ks_index_put(idx, doc, replaced, &err) != KS_OK)
        fail_msg("put %s: %s", id, err.text);
    ks_doc_free(doc);
}

static void
commit(ks_index_t *idx)
{
    ks_error_t err = {KS_OK, ""};

    if (ks_index_commit(idx, &err) != KS_OK)
        fail_msg("commit: %s", err.text);
}

static uint64_t
doc_count(ks_index_t *idx)
{
    uint64_t count = 0;
    ks_error_t err;

    assert_int_equal(ks_index_stats(idx, &count, NULL, &err), KS_OK);
    return count;
}

static uint64_t
revision(ks_index_t *idx)
{
    uint64_t rev = 0;
    ks_error_t err;

    assert_int_equal(ks_index_stats(idx, NULL, &rev, &err), KS_OK);
    return rev;
}

/* Run @text with @flags (KS_QUERY_*) and return the results
 * (ks_results_free() them). */
static ks_results_t *
search_flags(ks_index_t *idx, const char *text, size_t offset, size_t limit,
             size_t snippet_bytes, unsigned flags)
{
    ks_query_t query = {.text = text,
                        .offset = offset,
                        .limit = limit,
                        .snippet_bytes = snippet_bytes,
                        .flags = flags};
    ks_results_t *res = NULL;
    ks_error_t err = {KS_OK, ""};

    if (ks_index_search(idx, &query, &res, &err) != KS_OK)
        fail_msg("search \"%s\": %s", text, err.text);
    assert_non_null(res);
    return res;
}

/* Run @text and return the results (ks_results_free() them). */
static ks_results_t *
search(ks_index_t *idx, const char *text, size_t offset, size_t limit,
       size_t snippet_bytes)
{
    return search_flags(idx, text, offset, limit, snippet_bytes, 0);
}

/* The id of hit @i. */
static const char *
hit_id(const ks_results_t *res, size_t i)
{
    return ks_doc_get(ks_results_doc(res, i), KS_FIELD_ID);
}

/* Whether some hit of @res has id @id. */
static bool
has_hit(const ks_results_t *res, const char *id)
{
    for (size_t i = 0; i < ks_results_count(res); i++) {
        if (strcmp(hit_id(res, i), id) == 0)
            return true;
    }
    return false;
}

/* ---- opening and closing ------------------------------------------- */

static void
test_open_read_on_missing_dir_gives_not_found(void **state)
{
    struct fixture *f = *state;
    ks_index_t *idx = (ks_index_t *)f; /* anything but NULL */
    ks_error_t err = {KS_OK, ""};
    struct stat st;

    assert_int_equal(ks_index_open(f->db, KS_INDEX_READ, &idx, &err),
                     KS_ERR_NOT_FOUND);
    assert_null(idx);
    assert_int_equal(err.code, KS_ERR_NOT_FOUND);
    assert_true(err.text[0] != '\0');
    /* Reading never creates anything. */
    assert_int_equal(stat(f->db, &st), -1);
}

static void
test_open_read_on_empty_dir_gives_not_found(void **state)
{
    struct fixture *f = *state;
    ks_index_t *idx = (ks_index_t *)f;
    ks_error_t err = {KS_OK, ""};

    assert_int_equal(ks_index_open(f->dir, KS_INDEX_READ, &idx, &err),
                     KS_ERR_NOT_FOUND);
    assert_null(idx);
}

static void
test_open_write_creates_index(void **state)
{
    struct fixture *f = *state;
    struct stat st;

    open_writer(f);
    assert_int_equal(stat(f->db, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(doc_count(f->writer), 0);
    /* A reader can open what the writer created. */
    open_reader(f);
    assert_int_equal(doc_count(f->reader), 0);
}

static void
test_open_second_writer_gives_locked(void **state)
{
    struct fixture *f = *state;
    ks_index_t *second = (ks_index_t *)f;
    ks_error_t err = {KS_OK, ""};

    open_writer(f);
    assert_int_equal(ks_index_open(f->db, KS_INDEX_WRITE, &second, &err),
                     KS_ERR_LOCKED);
    assert_null(second);
    assert_int_equal(err.code, KS_ERR_LOCKED);
}

static void
test_open_writer_after_close_succeeds(void **state)
{
    struct fixture *f = *state;

    open_writer(f);
    ks_index_close(f->writer);
    f->writer = NULL;
    open_writer(f);
    assert_non_null(f->writer);
}

static void
test_close_null_is_harmless(void **state)
{
    (void)state;
    ks_index_close(NULL);
}

static void
test_close_commits_pending_changes(void **state)
{
    struct fixture *f = *state;

    open_writer(f);
    put(f->writer, "a", "Sprachcafé", "Jeden Freitag.", NULL);
    ks_index_close(f->writer);
    f->writer = NULL;
    open_reader(f);
    assert_int_equal(doc_count(f->reader), 1);
}

/* ---- writing ------------------------------------------------------- */

static void
test_put_and_commit_count_documents(void **state)
{
    struct fixture *f = *state;

    open_writer(f);
    put(f->writer, "a", "Erste Meldung", "Text eins.", NULL);
    put(f->writer, "b", "Zweite Meldung", "Text zwei.", NULL);
    put(f->writer, "c", NULL, "Nur ein Text.", NULL);
    commit(f->writer);
    assert_int_equal(doc_count(f->writer), 3);
    open_reader(f);
    assert_int_equal(doc_count(f->reader), 3);
}

static void
test_revision_grows_by_one_per_commit(void **state)
{
    struct fixture *f = *state;
    uint64_t first;

    open_writer(f);
    put(f->writer, "a", "Eins", NULL, NULL);
    commit(f->writer);
    first = revision(f->writer);
    put(f->writer, "b", "Zwei", NULL, NULL);
    commit(f->writer);
    assert_int_equal(revision(f->writer), first + 1);
    put(f->writer, "c", "Drei", NULL, NULL);
    commit(f->writer);
    assert_int_equal(revision(f->writer), first + 2);
}

static void
test_stats_accepts_null_pointers(void **state)
{
    struct fixture *f = *state;
    ks_error_t err;

    open_writer(f);
    assert_int_equal(ks_index_stats(f->writer, NULL, NULL, &err), KS_OK);
}

static void
test_put_same_id_replaces_document(void **state)
{
    struct fixture *f = *state;
    bool replaced = true;
    ks_doc_t *doc = NULL;
    ks_error_t err;

    open_writer(f);
    put(f->writer, "ki-essen", "Alter Titel", "Alter Text.", &replaced);
    assert_false(replaced);
    commit(f->writer);
    put(f->writer, "ki-essen", "Neuer Titel", "Neuer Text.", &replaced);
    assert_true(replaced);
    commit(f->writer);
    assert_int_equal(doc_count(f->writer), 1);
    assert_int_equal(ks_index_get(f->writer, "ki-essen", &doc, &err), KS_OK);
    assert_string_equal(ks_doc_get(doc, KS_FIELD_TITLE), "Neuer Titel");
    ks_doc_free(doc);
}

static void
test_put_same_id_twice_before_commit_replaces(void **state)
{
    struct fixture *f = *state;
    bool replaced = false;

    open_writer(f);
    put(f->writer, "x", "Eins", NULL, NULL);
    put(f->writer, "x", "Zwei", NULL, &replaced);
    assert_true(replaced);
    commit(f->writer);
    assert_int_equal(doc_count(f->writer), 1);
}

static void
test_replaced_words_are_no_longer_found(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    open_writer(f);
    put(f->writer, "x", "Rucksack Kita", "Elternbildung in der Kita.", NULL);
    commit(f->writer);
    put(f->writer, "x", "Sommerschule", "Ferienkurse für Kinder.", NULL);
    commit(f->writer);
    res = search(f->writer, "Rucksack", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 0);
    ks_results_free(res);
}

static void
test_put_on_reader_is_invalid(void **state)
{
    struct fixture *f = *state;
    ks_doc_t *doc = ks_doc_new();
    ks_error_t err = {KS_OK, ""};

    assert_non_null(doc);
    open_writer(f);
    commit(f->writer);
    open_reader(f);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_ID, "a", &err), KS_OK);
    assert_int_equal(ks_index_put(f->reader, doc, NULL, &err), KS_ERR_INVALID);
    assert_int_equal(err.code, KS_ERR_INVALID);
    ks_doc_free(doc);
    assert_int_equal(doc_count(f->reader), 0);
}

static void
test_commit_on_reader_is_invalid(void **state)
{
    struct fixture *f = *state;
    ks_error_t err = {KS_OK, ""};

    open_writer(f);
    commit(f->writer);
    open_reader(f);
    assert_int_equal(ks_index_commit(f->reader, &err), KS_ERR_INVALID);
    assert_int_equal(err.code, KS_ERR_INVALID);
}

static void
test_put_doc_without_id_is_invalid(void **state)
{
    struct fixture *f = *state;
    ks_doc_t *doc = ks_doc_new();
    ks_error_t err = {KS_OK, ""};

    assert_non_null(doc);
    open_writer(f);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_TITLE, "Ohne Kennung", &err),
                     KS_OK);
    assert_int_equal(ks_index_put(f->writer, doc, NULL, &err), KS_ERR_INVALID);
    assert_int_equal(err.code, KS_ERR_INVALID);
    ks_doc_free(doc);
    commit(f->writer);
    assert_int_equal(doc_count(f->writer), 0);
}

/* ---- reading ------------------------------------------------------- */

static void
test_get_returns_every_stored_field(void **state)
{
    struct fixture *f = *state;
    ks_doc_t *doc = ks_doc_new(), *got = NULL;
    ks_error_t err = {KS_OK, ""};

    assert_non_null(doc);
    open_writer(f);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_ID, "news/2022-05", &err), KS_OK);
    assert_int_equal(
        ks_doc_set(doc, KS_FIELD_URL, "https://ki.example/n/1", &err), KS_OK);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_TITLE, "Guter Lebensabend", &err),
                     KS_OK);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_BODY,
                                "Ein Projekt für ältere Menschen.\nZeile 2.",
                                &err),
                     KS_OK);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_TYPE, "news", &err), KS_OK);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_DATE, "2022-05-04", &err), KS_OK);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_LANG, "de", &err), KS_OK);
    assert_int_equal(ks_index_put(f->writer, doc, NULL, &err), KS_OK);
    commit(f->writer);
    open_reader(f);
    assert_int_equal(ks_index_get(f->reader, "news/2022-05", &got, &err),
                     KS_OK);
    assert_non_null(got);
    for (int i = 0; i < KS_FIELD_COUNT; i++)
        assert_string_equal(ks_doc_get(got, (ks_field_t)i),
                            ks_doc_get(doc, (ks_field_t)i));
    ks_doc_free(got);
    ks_doc_free(doc);
}

static void
test_get_missing_id_gives_not_found(void **state)
{
    struct fixture *f = *state;
    ks_doc_t *got = (ks_doc_t *)f;
    ks_error_t err = {KS_OK, ""};

    open_writer(f);
    put(f->writer, "vorhanden", "Titel", NULL, NULL);
    commit(f->writer);
    assert_int_equal(ks_index_get(f->writer, "fehlt", &got, &err),
                     KS_ERR_NOT_FOUND);
    assert_null(got);
    assert_int_equal(err.code, KS_ERR_NOT_FOUND);
    /* Ids match exactly: no prefix, no case folding. */
    assert_int_equal(ks_index_get(f->writer, "vorhande", &got, &err),
                     KS_ERR_NOT_FOUND);
    assert_int_equal(ks_index_get(f->writer, "Vorhanden", &got, &err),
                     KS_ERR_NOT_FOUND);
}

/* ---- searching ----------------------------------------------------- */

/* A small index of German news for the search tests, committed. */
static void
fill_news(struct fixture *f)
{
    open_writer(f);
    put(f->writer, "body-only", "Jahresbericht der Stadt",
        "Im Bericht steht auch etwas über die Elternbegleitung.", NULL);
    put(f->writer, "title-match", "Elternbegleitung in Herne",
        "Ein neues Angebot für Familien.", NULL);
    put(f->writer, "other", "Sommerfest", "Musik und Essen im Park.", NULL);
    commit(f->writer);
    open_reader(f);
}

static void
test_search_ranks_title_match_above_body_match(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    fill_news(f);
    res = search(f->reader, "Elternbegleitung", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 2);
    assert_string_equal(hit_id(res, 0), "title-match");
    assert_string_equal(hit_id(res, 1), "body-only");
    assert_true(ks_results_score(res, 0) > ks_results_score(res, 1));
    ks_results_free(res);
}

static void
test_search_total_and_count(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    fill_news(f);
    res = search(f->reader, "Elternbegleitung", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 2);
    assert_int_equal(ks_results_total(res), 2);
    assert_true(ks_results_total_exact(res));
    ks_results_free(res);
}

static void
test_search_without_match_gives_no_hits(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    fill_news(f);
    res = search(f->reader, "Raumfahrt", 0, 10, 50);
    assert_int_equal(ks_results_count(res), 0);
    assert_int_equal(ks_results_total(res), 0);
    ks_results_free(res);
}

static void
test_search_on_empty_index_gives_no_hits(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    open_writer(f);
    res = search(f->writer, "Integration", 0, 10, 50);
    assert_int_equal(ks_results_count(res), 0);
    assert_int_equal(ks_results_total(res), 0);
    ks_results_free(res);
}

/* A hit carries its stored fields but the body, with snippets or
 * without; ks_index_get() has the body. */
static void
test_search_hits_carry_the_stored_document_but_its_body(void **state)
{
    struct fixture *f = *state;
    ks_error_t err;
    ks_doc_t *whole;

    fill_news(f);
    for (size_t bytes = 0; bytes <= 200; bytes += 200) {
        ks_results_t *res = search(f->reader, "Sommerfest", 0, 10, bytes);
        const ks_doc_t *doc;

        assert_int_equal(ks_results_count(res), 1);
        doc = ks_results_doc(res, 0);
        assert_string_equal(ks_doc_get(doc, KS_FIELD_ID), "other");
        assert_string_equal(ks_doc_get(doc, KS_FIELD_TITLE), "Sommerfest");
        assert_null(ks_doc_get(doc, KS_FIELD_BODY));
        assert_true(ks_results_score(res, 0) > 0);
        ks_results_free(res);
    }
    assert_int_equal(ks_index_get(f->reader, "other", &whole, &err), KS_OK);
    assert_string_equal(ks_doc_get(whole, KS_FIELD_BODY),
                        "Musik und Essen im Park.");
    ks_doc_free(whole);
}

static void
test_search_offset_and_limit_page_through_hits(void **state)
{
    struct fixture *f = *state;
    char *seen[5];
    size_t seen_count = 0;

    open_writer(f);
    for (int i = 0; i < 5; i++) {
        char id[8], body[64];

        snprintf(id, sizeof id, "d%d", i);
        snprintf(body, sizeof body, "Integrationskurs Nummer %d.", i);
        put(f->writer, id, NULL, body, NULL);
    }
    commit(f->writer);
    for (size_t offset = 0; offset < 6; offset += 2) {
        ks_results_t *res = search(f->writer, "Integrationskurs", offset, 2, 0);

        assert_int_equal(ks_results_total(res), 5);
        assert_int_equal(ks_results_count(res), offset < 4 ? 2 : 1);
        for (size_t i = 0; i < ks_results_count(res); i++) {
            /* No hit shows up on two pages. */
            for (size_t j = 0; j < seen_count; j++)
                assert_string_not_equal(seen[j], hit_id(res, i));
            seen[seen_count++] = strdup(hit_id(res, i));
        }
        ks_results_free(res);
    }
    assert_int_equal(seen_count, 5);
    for (size_t j = 0; j < seen_count; j++)
        free(seen[j]);
}

/* More matches than the bonuses are weighed for (the best 200): the
 * document among them with the words side by side ranks first, every
 * page continues the one before, also across the 200th hit, and the
 * total counts all of them. */
static void
test_search_near_bonus_ranks_and_pages_over_many_matches(void **state)
{
    struct fixture *f = *state;
    enum {
        DOCS = 260
    };
    char *order[DOCS];
    ks_results_t *all, *res;

    open_writer(f);
    for (int i = 0; i < DOCS; i++) {
        char id[16];

        snprintf(id, sizeof id, "d%03d", i);
        put(f->writer, id, NULL,
            i == 60 ? "Sprachkurs Abendschule eins zwei drei vier fünf"
                    : "Sprachkurs eins zwei drei vier fünf Abendschule",
            NULL);
    }
    commit(f->writer);
    all = search(f->writer, "Sprachkurs Abendschule", 0, DOCS, 0);
    assert_int_equal(ks_results_total(all), DOCS);
    assert_int_equal(ks_results_count(all), DOCS);
    assert_string_equal(hit_id(all, 0), "d060");
    for (size_t i = 0; i < DOCS; i++)
        order[i] = strdup(hit_id(all, i));
    ks_results_free(all);
    for (size_t offset = 0; offset < DOCS; offset += 10) {
        res = search(f->writer, "Sprachkurs Abendschule", offset, 10, 0);
        assert_int_equal(ks_results_total(res), DOCS);
        assert_int_equal(ks_results_count(res), 10);
        for (size_t i = 0; i < 10; i++)
            assert_string_equal(hit_id(res, i), order[offset + i]);
        ks_results_free(res);
    }
    for (size_t i = 0; i < DOCS; i++)
        free(order[i]);
}

static void
test_search_offset_past_end_gives_no_hits_but_total(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    fill_news(f);
    res = search(f->reader, "Elternbegleitung", 5, 10, 0);
    assert_int_equal(ks_results_count(res), 0);
    assert_int_equal(ks_results_total(res), 2);
    ks_results_free(res);
}

static void
test_search_offset_beyond_32_bits_gives_no_hits(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;
    size_t count;

    if (sizeof(size_t) <= 4)
        skip();
    fill_news(f);
    /* 2^32 must not wrap around to the first page. */
    res = search(f->reader, "Elternbegleitung", (size_t)1 << 32, 10, 0);
    count = ks_results_count(res);
    ks_results_free(res);
    assert_int_equal(count, 0);
}

static void
test_search_limit_zero_gives_no_hits(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    fill_news(f);
    res = search(f->reader, "Elternbegleitung", 0, 0, 0);
    assert_int_equal(ks_results_count(res), 0);
    ks_results_free(res);
}

static void
test_search_snippet_marks_the_match(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;
    const char *snippet;

    fill_news(f);
    res = search(f->reader, "Angebot", 0, 10, 200);
    assert_int_equal(ks_results_count(res), 1);
    snippet = ks_results_snippet(res, 0);
    assert_non_null(snippet);
    assert_non_null(strstr(snippet, "<mark>Angebot</mark>"));
    assert_non_null(strstr(snippet, "Familien"));
    ks_results_free(res);
}

/* A page of @len bytes of filler words with @word at byte @at (or
 * nowhere when @at is past the end); free() it. */
static char *
long_page(size_t len, size_t at, const char *word)
{
    static const char filler[] = "Lorem ipsum dolor sit amet. ";
    char *text = malloc(len + 1);

    assert_non_null(text);
    for (size_t i = 0; i < len; i++)
        text[i] = filler[i % (sizeof filler - 1)];
    text[len] = '\0';
    if (at + strlen(word) + 1 < len) {
        /* A word of its own: spaces on both sides. */
        text[at - 1] = ' ';
        memcpy(text + at, word, strlen(word));
        text[at + strlen(word)] = ' ';
    }
    return text;
}

/* The snippet of a long page comes from around its first match, however
 * deep, also where the match straddles two of the pieces the window
 * search looks at; a page that holds no match within 64 KB is cut from
 * its beginning. */
static void
test_search_snippet_of_a_long_page_is_cut_around_the_match(void **state)
{
    struct fixture *f = *state;
    /* Deep, across the 1 KB border, and past the 64 KB the search looks
     * at. */
    const size_t at[] = {20000, 1020, 70000};
    ks_results_t *res;
    const char *snippet;

    open_writer(f);
    for (size_t i = 0; i < 3; i++) {
        char id[8];
        char *body = long_page(90000, at[i], "Zielwort");

        snprintf(id, sizeof id, "p%zu", i);
        put(f->writer, id, "Lange Seite", body, NULL);
        free(body);
    }
    commit(f->writer);
    res = search(f->writer, "Zielwort", 0, 10, 150);
    assert_int_equal(ks_results_count(res), 3);
    for (size_t i = 0; i < ks_results_count(res); i++) {
        const char *id = hit_id(res, i);

        snippet = ks_results_snippet(res, i);
        assert_true(strlen(snippet) > 50);
        if (strcmp(id, "p2") == 0) {
            /* No match found: from the beginning, nothing marked. */
            assert_null(strstr(snippet, "<mark>"));
            assert_true(strncmp(snippet, "Lorem", 5) == 0);
        } else {
            assert_non_null(strstr(snippet, "<mark>Zielwort</mark>"));
            assert_true(strncmp(snippet, "…", strlen("…")) == 0);
        }
        /* Cut at the end too. */
        assert_non_null(strstr(snippet + strlen(snippet) - strlen("…"), "…"));
    }
    ks_results_free(res);
}

static void
test_search_snippet_escapes_html(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;
    const char *snippet;

    open_writer(f);
    put(f->writer, "x", "Warnung",
        "Vorsicht <script>alert(1)</script> vor dem Sprachkurs & mehr.", NULL);
    commit(f->writer);
    res = search(f->writer, "Sprachkurs", 0, 10, 400);
    assert_int_equal(ks_results_count(res), 1);
    snippet = ks_results_snippet(res, 0);
    assert_non_null(strstr(snippet, "&lt;script&gt;"));
    assert_null(strstr(snippet, "<script>"));
    assert_non_null(strstr(snippet, "&amp;"));
    assert_non_null(strstr(snippet, "<mark>Sprachkurs</mark>"));
    ks_results_free(res);
}

/* Of a text longer than the snippet, the part shown is where the words
 * searched for meet, not the first place one of them stands alone; it
 * starts at that sentence, and white space runs are one space. */
static void
test_search_snippet_shows_where_the_words_meet(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;
    const char *snippet;

    open_writer(f);
    put(f->writer, "x", "Kurse",
        "Ein Sprachkurs steht allen offen. Die Anmeldung ist kostenlos und "
        "geht schnell. Wir beraten Sie gern bei allen Fragen rund um das "
        "Lernen. Unsere Räume sind barrierefrei.\n\nDer   Sprachkurs für "
        "Eltern findet in der Kita statt, während die Kinder spielen. "
        "Bringen Sie gern Freunde mit. Die Termine stehen im Kalender.",
        NULL);
    commit(f->writer);
    res = search(f->writer, "Sprachkurs Kita", 0, 10, 120);
    assert_int_equal(ks_results_count(res), 1);
    snippet = ks_results_snippet(res, 0);
    assert_non_null(strstr(snippet, "<mark>Kita</mark>"));
    assert_non_null(strstr(snippet, "… Der <mark>Sprachkurs</mark> für"));
    assert_null(strstr(snippet, "  "));
    assert_non_null(strstr(snippet + strlen(snippet) - strlen("…"), "…"));
    ks_results_free(res);
}

/* The only hit for @text on @idx, whose snippet must hold @mark. */
static void
expect_snippet_with(ks_index_t *idx, const char *text, const char *mark)
{
    ks_results_t *res = search(idx, text, 0, 10, 200);

    assert_int_equal(ks_results_count(res), 1);
    if (strstr(ks_results_snippet(res, 0), mark) == NULL)
        fail_msg("%s: snippet \"%s\" has no %s", text,
                 ks_results_snippet(res, 0), mark);
    ks_results_free(res);
}

/* The part of a long text shown starts at the first word that begins as
 * a word searched for does, written in capitals too (Ä Ö Ü as well), not
 * where those letters stand inside another word. */
static void
test_search_snippet_finds_its_words_in_any_case(void **state)
{
    struct fixture *f = *state;
    char body[8192];
    size_t at = 0;

    open_writer(f);
    at += (size_t)sprintf(body, "Im Deutschsprachkurs lernen alle. ");
    while (at < 3000)
        at += (size_t)sprintf(body + at, "Text ");
    at += (size_t)sprintf(body + at, "Die ÜBERSETZUNG im SPRACHKURS hilft. ");
    while (at < 6000)
        at += (size_t)sprintf(body + at, "Ende ");
    body[at - 1] = '\0';
    put(f->writer, "x", "Kurse", body, NULL);
    commit(f->writer);
    expect_snippet_with(f->writer, "Sprachkurs", "<mark>SPRACHKURS</mark>");
    expect_snippet_with(f->writer, "übersetzung", "<mark>ÜBERSETZUNG</mark>");
}

/* A gender-inclusive form is found by its masculine base, and marked
 * whole; punctuation next to a mark stays. */
static void
test_search_snippet_marks_a_gender_form_whole(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    open_writer(f);
    put(f->writer, "x", "Stellen",
        "Wir suchen „Mitarbeiter*innen“ für die Beratung.", NULL);
    commit(f->writer);
    res = search(f->writer, "Mitarbeiter", 0, 10, 200);
    assert_int_equal(ks_results_count(res), 1);
    assert_string_equal(ks_results_snippet(res, 0),
                        "Wir suchen „<mark>Mitarbeiter*innen</mark>“ für die "
                        "Beratung.");
    ks_results_free(res);
}

static void
test_search_snippet_bytes_zero_gives_empty_snippet(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    fill_news(f);
    res = search(f->reader, "Elternbegleitung", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 2);
    assert_string_equal(ks_results_snippet(res, 0), "");
    assert_string_equal(ks_results_snippet(res, 1), "");
    ks_results_free(res);
}

static void
test_search_snippet_of_title_only_doc_uses_title(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    open_writer(f);
    put(f->writer, "x", "Interkulturelle Woche in Wuppertal", NULL, NULL);
    commit(f->writer);
    res = search(f->writer, "Wuppertal", 0, 10, 200);
    assert_int_equal(ks_results_count(res), 1);
    assert_non_null(
        strstr(ks_results_snippet(res, 0), "<mark>Wuppertal</mark>"));
    ks_results_free(res);
}

static void
test_search_umlaut_transcription_finds_umlaut(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    open_writer(f);
    put(f->writer, "gueler", "Besuch im Integrationszentrum",
        "Staatssekretärin Serap Güler besuchte das Team.", NULL);
    put(f->writer, "other", "Sommerfest", "Musik im Park.", NULL);
    commit(f->writer);
    res = search(f->writer, "Gueler", 0, 10, 200);
    assert_int_equal(ks_results_count(res), 1);
    assert_string_equal(hit_id(res, 0), "gueler");
    assert_non_null(strstr(ks_results_snippet(res, 0), "<mark>Güler</mark>"));
    ks_results_free(res);
}

/* Snippets mark a word by its stem also where its first letter is
 * written otherwise (Ü as Ue, ß as ss), and the stemmer that marks them
 * (which skips words that cannot match) stems every word of the next
 * query again. */
static void
test_search_snippet_marks_stems_and_stems_the_next_query(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    open_writer(f);
    put(f->writer, "uebung", "Treffpunkt",
        "Zur Übung sprechen wir jede Woche an der Straße.", NULL);
    put(f->writer, "projekt", "Sommer", "Ein Projekt für Familien.", NULL);
    commit(f->writer);
    res = search(f->writer, "Uebungen Strassen", 0, 10, 200);
    assert_int_equal(ks_results_count(res), 1);
    assert_non_null(strstr(ks_results_snippet(res, 0), "<mark>Übung</mark>"));
    assert_non_null(strstr(ks_results_snippet(res, 0), "<mark>Straße</mark>"));
    assert_null(strstr(ks_results_snippet(res, 0), "<mark>Woche</mark>"));
    ks_results_free(res);
    /* Found only by its stem, with typos and prefixes off. */
    res = search_flags(f->writer, "Projekte", 0, 10, 200,
                       KS_QUERY_NO_TYPOS | KS_QUERY_NO_PREFIX);
    assert_int_equal(ks_results_count(res), 1);
    assert_string_equal(hit_id(res, 0), "projekt");
    assert_non_null(strstr(ks_results_snippet(res, 0), "<mark>Projekt</mark>"));
    ks_results_free(res);
}

static void
test_search_umlaut_query_finds_umlaut(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    open_writer(f);
    put(f->writer, "gueler", NULL, "Serap Güler besuchte Duisburg.", NULL);
    commit(f->writer);
    res = search(f->writer, "güler", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 1);
    ks_results_free(res);
}

static void
test_search_capitalised_plural_finds_singular(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    open_writer(f);
    put(f->writer, "projekt", "Neues aus Bochum",
        "Das Projekt startet im Herbst.", NULL);
    put(f->writer, "other", "Sommerfest", "Musik im Park.", NULL);
    commit(f->writer);
    res = search(f->writer, "Projekte", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 1);
    assert_string_equal(hit_id(res, 0), "projekt");
    ks_results_free(res);
}

static void
test_search_phrase_matches_only_adjacent_words(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    open_writer(f);
    put(f->writer, "phrase", "Krefeld",
        "Das Projekt Guter Lebensabend NRW hilft älteren Menschen.", NULL);
    put(f->writer, "apart", "Wuppertal",
        "Ein guter Rat für den Lebensabend kommt von Nachbarn.", NULL);
    commit(f->writer);
    res = search(f->writer, "guter lebensabend", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 2);
    ks_results_free(res);
    res = search(f->writer, "\"guter lebensabend\"", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 1);
    assert_string_equal(hit_id(res, 0), "phrase");
    ks_results_free(res);
}

static void
test_search_excluded_word_drops_documents(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    fill_news(f);
    res = search(f->reader, "Elternbegleitung -Herne", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 1);
    assert_string_equal(hit_id(res, 0), "body-only");
    ks_results_free(res);
}

static void
test_search_hostile_syntax_never_fails(void **state)
{
    struct fixture *f = *state;
    const char *const queries[] = {
        "\"unclosed",
        "AND",
        "OR OR",
        "NOT",
        "(((",
        "title:",
        "-",
        "*",
        "\"\"",
        ")",
        "AND OR NOT",
        "+",
        "title:\"",
        "type:",
        "a AND",
        "NOT a",
        "\"Eltern",
        "",
        "   ",
        "Eltern*",
        "((Sommerfest",
        "title:(Sommerfest",
        "~",
    };

    fill_news(f);
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        ks_query_t query = {
            .text = queries[i], .limit = 10, .snippet_bytes = 100};
        ks_results_t *res = NULL;
        ks_error_t err = {KS_OK, ""};
        ks_status_t st = ks_index_search(f->reader, &query, &res, &err);

        if (st != KS_OK)
            fail_msg("query \"%s\": %s (%s)", queries[i], ks_status_str(st),
                     err.text);
        assert_non_null(res);
        ks_results_free(res);
    }
}

static void
test_search_broken_syntax_still_finds_words(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    fill_news(f);
    res = search(f->reader, "\"Sommerfest", 0, 10, 0);
    assert_true(has_hit(res, "other"));
    ks_results_free(res);
    res = search(f->reader, "((Sommerfest", 0, 10, 0);
    assert_true(has_hit(res, "other"));
    ks_results_free(res);
}

static void
test_search_title_prefix_restricts_to_title(void **state)
{
    struct fixture *f = *state;
    ks_results_t *res;

    fill_news(f);
    res = search(f->reader, "title:Elternbegleitung", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 1);
    assert_string_equal(hit_id(res, 0), "title-match");
    ks_results_free(res);
}

static void
test_search_invalid_utf8_query_is_invalid(void **state)
{
    struct fixture *f = *state;
    ks_query_t query = {.text = "Stra\xdf"
                                "e",
                        .limit = 10};
    ks_results_t *res = (ks_results_t *)f;
    ks_error_t err = {KS_OK, ""};

    fill_news(f);
    assert_int_equal(ks_index_search(f->reader, &query, &res, &err),
                     KS_ERR_INVALID);
    assert_null(res);
    assert_int_equal(err.code, KS_ERR_INVALID);
}

static void
test_search_without_words_or_filters_matches_nothing(void **state)
{
    struct fixture *f = *state;
    ks_query_t query = {.text = NULL, .limit = 10};
    ks_results_t *res = NULL;
    ks_error_t err = {KS_OK, ""};

    fill_news(f);
    assert_int_equal(ks_index_search(f->reader, &query, &res, &err), KS_OK);
    assert_int_equal(ks_results_total(res), 0);
    ks_results_free(res);
    /* Asked to, it matches every document. */
    query.flags = KS_QUERY_MATCH_ALL;
    assert_int_equal(ks_index_search(f->reader, &query, &res, &err), KS_OK);
    assert_true(ks_results_total(res) > 0);
    ks_results_free(res);
}

static void
test_results_free_null_is_harmless(void **state)
{
    (void)state;
    ks_results_free(NULL);
}

/* ---- readers and refresh ------------------------------------------- */

static void
test_reader_sees_commit_only_after_refresh(void **state)
{
    struct fixture *f = *state;
    bool changed = false;
    ks_error_t err;
    ks_results_t *res;

    open_writer(f);
    put(f->writer, "a", "Erste Meldung", NULL, NULL);
    commit(f->writer);
    open_reader(f);
    assert_int_equal(doc_count(f->reader), 1);

    put(f->writer, "b", "Zweite Meldung Wuppertal", NULL, NULL);
    commit(f->writer);
    assert_int_equal(doc_count(f->reader), 1);
    res = search(f->reader, "Wuppertal", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 0);
    ks_results_free(res);

    assert_int_equal(ks_index_refresh(f->reader, &changed, &err), KS_OK);
    assert_true(changed);
    assert_int_equal(doc_count(f->reader), 2);
    assert_int_equal(revision(f->reader), revision(f->writer));
    res = search(f->reader, "Wuppertal", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 1);
    ks_results_free(res);
}

static void
test_refresh_without_change_reports_unchanged(void **state)
{
    struct fixture *f = *state;
    bool changed = true;
    ks_error_t err;

    open_writer(f);
    put(f->writer, "a", "Erste Meldung", NULL, NULL);
    commit(f->writer);
    open_reader(f);
    assert_int_equal(ks_index_refresh(f->reader, &changed, &err), KS_OK);
    assert_false(changed);
    /* An uncommitted change is not a change for readers. */
    put(f->writer, "b", "Zweite Meldung", NULL, NULL);
    changed = true;
    assert_int_equal(ks_index_refresh(f->reader, &changed, &err), KS_OK);
    assert_false(changed);
    assert_int_equal(ks_index_refresh(f->reader, NULL, &err), KS_OK);
}

/* ---- typo tolerance, prefixes, compounds, synonyms ------------------ */

/* Search with @flags; the suggestion is copied to @suggestion (may be
 * NULL) and the total returned. */
static uint64_t
total_with(ks_index_t *idx, const char *text, unsigned flags, char *suggestion,
           size_t size)
{
    ks_query_t query = {.text = text, .limit = 10, .flags = flags};
    ks_results_t *res = NULL;
    ks_error_t err = {KS_OK, ""};
    uint64_t total;

    if (ks_index_search(idx, &query, &res, &err) != KS_OK)
        fail_msg("search \"%s\": %s", text, err.text);
    total = ks_results_total(res);
    if (suggestion != NULL) {
        const char *s = ks_results_suggestion(res);

        snprintf(suggestion, size, "%s", s ? s : "");
    }
    ks_results_free(res);
    return total;
}

/* Search @text on @idx: @total hits, and @want as the suggestion ("" for
 * none). */
static void
expect_correction(ks_index_t *idx, const char *text, uint64_t total,
                  const char *want)
{
    char suggestion[64];

    assert_int_equal(total_with(idx, text, 0, suggestion, sizeof suggestion),
                     total);
    assert_string_equal(suggestion, want);
}

static void
put_typo_corpus(struct fixture *f)
{
    ks_index_t *w = open_writer(f);

    put(w, "a", "Sprachlotsen", "Die Sprachlotsen helfen beim Dolmetschen.",
        NULL);
    put(w, "b", "Kleid", "Ein Kleid und ein Brot.", NULL);
    commit(w);
}

static void
test_typo_of_one_edit_is_corrected_from_five_letters(void **state)
{
    struct fixture *f = *state;
    char suggestion[64];

    put_typo_corpus(f);
    assert_int_equal(
        total_with(f->writer, "Kleit ", 0, suggestion, sizeof suggestion), 1);
    assert_string_equal(suggestion, "Kleid ");
    /* Four letters are too few to guess from. */
    assert_int_equal(
        total_with(f->writer, "Brit ", 0, suggestion, sizeof suggestion), 0);
    assert_string_equal(suggestion, "");
}

/* A reader keeps its corrections for the revision it has open: the same
 * typo is corrected again as the index has it after a refresh. */
static void
test_reader_corrects_as_its_revision_has_it(void **state)
{
    struct fixture *f = *state;
    ks_error_t err;
    ks_index_t *w = open_writer(f);

    put(w, "a", "Kleid", "Ein Kleid und ein Brot.", NULL);
    commit(w);
    open_reader(f);
    for (int i = 0; i < 2; i++)
        expect_correction(f->reader, "Spachlotse ", 0, "");
    put(w, "b", "Sprachlotse", "Der Sprachlotse hilft beim Dolmetschen.", NULL);
    commit(w);
    expect_correction(f->reader, "Spachlotse ", 0, "");
    assert_int_equal(ks_index_refresh(f->reader, NULL, &err), KS_OK);
    for (int i = 0; i < 2; i++)
        expect_correction(f->reader, "Spachlotse ", 1, "Sprachlotse ");
}

/* A long body is stored as its first 8 KB and the rest: a snippet comes
 * from either, and ks_index_get() returns the body whole, also where an
 * "ä" stands across the 8 KB. */
static void
test_long_body_keeps_its_snippets_and_its_text(void **state)
{
    struct fixture *f = *state;
    const size_t size = 30000, lead = 8192;
    char *body = malloc(size + 1);
    ks_index_t *w = open_writer(f);
    ks_error_t err;
    ks_doc_t *doc;
    size_t at = 0;

    assert_non_null(body);
    at += (size_t)sprintf(body, "Anfang mit dem Sprachkurs. ");
    while (at < lead - 1 - 5)
        at += (size_t)sprintf(body + at, "Wort ");
    while (at < lead - 1)
        body[at++] = 'x';
    at += (size_t)sprintf(body + at, "\xC3\xA4 "); /* ä over the border */
    while (at < 20000)
        at += (size_t)sprintf(body + at, "Satz ");
    at += (size_t)sprintf(body + at, "Hier steht der Elternabend. ");
    while (at < size - 5)
        at += (size_t)sprintf(body + at, "Ende ");
    body[at - 1] = '\0';
    put(w, "lang", "Langer Text", body, NULL);
    commit(w);
    open_reader(f);
    expect_snippet_with(f->reader, "Sprachkurs", "<mark>Sprachkurs</mark>");
    expect_snippet_with(f->reader, "Elternabend", "<mark>Elternabend</mark>");
    assert_int_equal(ks_index_get(f->reader, "lang", &doc, &err), KS_OK);
    assert_string_equal(ks_doc_get(doc, KS_FIELD_BODY), body);
    ks_doc_free(doc);
    free(body);
}

/* @idx finds exactly one hit for "Sprachkurs", with @title and
 * @snippet. */
static void
expect_one_hit(ks_index_t *idx, const char *title, const char *snippet)
{
    ks_results_t *res = search(idx, "Sprachkurs", 0, 10, 200);

    assert_int_equal(ks_results_count(res), 1);
    assert_string_equal(ks_doc_get(ks_results_doc(res, 0), KS_FIELD_TITLE),
                        title);
    assert_string_equal(ks_results_snippet(res, 0), snippet);
    ks_results_free(res);
}

/* A reader shows a hit's stored fields as its revision has them: the
 * same on every search, and the new ones once it refreshes after a
 * writer replaced the document. */
static void
test_reader_shows_hits_as_its_revision_has_them(void **state)
{
    struct fixture *f = *state;
    ks_error_t err;
    ks_index_t *w = open_writer(f);

    put(w, "a", "Alter Titel", "Ein Sprachkurs für alle.", NULL);
    commit(w);
    open_reader(f);
    for (int i = 0; i < 2; i++)
        expect_one_hit(f->reader, "Alter Titel",
                       "Ein <mark>Sprachkurs</mark> für alle.");
    put(w, "a", "Neuer Titel", "Ein Sprachkurs für alle, neu.", NULL);
    commit(w);
    assert_int_equal(ks_index_refresh(f->reader, NULL, &err), KS_OK);
    expect_one_hit(f->reader, "Neuer Titel",
                   "Ein <mark>Sprachkurs</mark> für alle, neu.");
}

/* Two neighbours swapped are one edit; of the nearest words, the one in
 * most documents wins; a word with digits is never a correction, and the
 * first letter is kept. */
static void
test_typo_correction_prefers_near_frequent_words(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);

    put(w, "a", "Kleid", "Ein Kleid und ein Brot aus version2.", NULL);
    put(w, "b", "Klein", "Klein und fein, Version 2 ist version2.", NULL);
    put(w, "c", "Klein", "Noch klein, und version2 wieder.", NULL);
    put(w, "d", "Version", "Die Version.", NULL);
    commit(w);
    expect_correction(w, "Kelid ", 1, "Kleid ");
    /* kleix: kleid (1 document) and klein (2) are one edit away. */
    expect_correction(w, "Kleix ", 2, "Klein ");
    /* version2 is in more documents, but has a digit. */
    expect_correction(w, "versionx ", 2, "version ");
    expect_correction(w, "Bleid ", 0, "");
}

/* Typed without its umlaut and misspelt, a word that begins with one is
 * still corrected: near its folded form. */
static void
test_typo_without_umlauts_is_corrected(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);

    put(w, "a", "Übersetzung", "Die Übersetzung der Öffnungszeiten.", NULL);
    put(w, "b", "Unterricht", "Der Unterricht beginnt.", NULL);
    commit(w);
    expect_correction(w, "Ubersetzng ", 1, "Übersetzung ");
    expect_correction(w, "oeffnungszeitn ", 1, "öffnungszeiten ");
    /* Without umlauts and without a typo, the word is found as it is. */
    expect_correction(w, "Ubersetzung ", 1, "");
}

static void
test_typo_of_two_edits_needs_nine_letters(void **state)
{
    struct fixture *f = *state;
    char suggestion[64];

    put_typo_corpus(f);
    /* Twelve letters: two edits are corrected, three are not. */
    assert_int_equal(
        total_with(f->writer, "spachlotzen ", 0, suggestion, sizeof suggestion),
        1);
    assert_string_equal(suggestion, "sprachlotsen ");
    assert_int_equal(
        total_with(f->writer, "spchlotzen ", 0, suggestion, sizeof suggestion),
        0);
    /* Five to eight letters: one edit only. */
    assert_int_equal(total_with(f->writer, "Kxeit ", 0, NULL, 0), 0);
}

static void
test_typo_correction_can_be_turned_off(void **state)
{
    struct fixture *f = *state;
    char suggestion[64];

    put_typo_corpus(f);
    assert_int_equal(total_with(f->writer, "Kleit ", KS_QUERY_NO_TYPOS,
                                suggestion, sizeof suggestion),
                     0);
    assert_string_equal(suggestion, "");
}

static void
test_known_word_is_not_corrected(void **state)
{
    struct fixture *f = *state;
    char suggestion[64];

    put_typo_corpus(f);
    assert_int_equal(
        total_with(f->writer, "Kleid ", 0, suggestion, sizeof suggestion), 1);
    assert_string_equal(suggestion, "");
}

static void
test_prefix_expansion_is_bounded(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);

    /* 100 words beginning with "wort", each in a document of its own. */
    for (int i = 0; i < 100; i++) {
        char id[16], body[32];

        snprintf(id, sizeof id, "d%d", i);
        snprintf(body, sizeof body, "wort%03d", i);
        put(w, id, NULL, body, NULL);
    }
    commit(w);
    assert_int_equal(total_with(w, "wort", KS_QUERY_NO_TYPOS, NULL, 0), 30);
    assert_int_equal(total_with(w, "wort ", KS_QUERY_NO_TYPOS, NULL, 0), 0);
    assert_int_equal(
        total_with(w, "wort", KS_QUERY_NO_PREFIX | KS_QUERY_NO_TYPOS, NULL, 0),
        0);
}

static void
test_compound_parts_with_analysis(void **state)
{
    struct fixture *f = *state;
    ks_analysis_t *analysis = NULL;
    ks_analysis_files_t files = {.dictionary = "/usr/share/dict/ngerman"};
    ks_error_t err;
    ks_index_t *w;
    ks_results_t *res;

    if (access(files.dictionary, R_OK) != 0)
        skip();
    assert_int_equal(ks_analysis_load(&files, &analysis, &err), KS_OK);
    w = open_writer(f);
    ks_index_set_analysis(w, analysis);
    put(w, "compound", "Integrationszentrum", "Das Integrationszentrum berät.",
        NULL);
    put(w, "word", "Zentrum", "Das Zentrum der Stadt.", NULL);
    put(w, "summer", "Sommer", "Im Sommer ist es warm.", NULL);
    put(w, "dress", "Kleid", "Ein Kleid für den Sommer.", NULL);
    commit(w);
    /* A part finds the compound, below the word itself. */
    res = search(w, "Zentrum ", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 2);
    assert_string_equal(hit_id(res, 0), "word");
    assert_string_equal(hit_id(res, 1), "compound");
    ks_results_free(res);
    /* A query compound needs all its parts close together. */
    res = search(w, "Sommerkleid ", 0, 10, 0);
    assert_int_equal(ks_results_count(res), 1);
    assert_string_equal(hit_id(res, 0), "dress");
    ks_results_free(res);
    /* Once a thousand documents hold the compound as written, its parts
     * are not looked for: those documents fill the pages. */
    for (int i = 0; i < 1000; i++) {
        char id[16];

        snprintf(id, sizeof id, "s%04d", i);
        put(w, id, NULL, "Das Sommerkleid ist blau.", NULL);
    }
    commit(w);
    res = search(w, "Sommerkleid ", 0, 2000, 0);
    assert_int_equal(ks_results_count(res), 1000);
    for (size_t i = 0; i < ks_results_count(res); i++)
        assert_string_not_equal(hit_id(res, i), "dress");
    ks_results_free(res);
    ks_index_close(f->writer);
    f->writer = NULL;
    ks_analysis_free(analysis);
}

/* The language data of config/ (KS_CONFIG_DIR, which ctest sets): its
 * stop words or its synonyms; skips the test without it. */
static ks_analysis_t *
config_analysis(bool stopwords)
{
    const char *dir = getenv("KS_CONFIG_DIR");
    char path[512];
    ks_analysis_t *analysis = NULL;
    ks_analysis_files_t files = {0};
    ks_error_t err;

    if (dir == NULL)
        skip();
    snprintf(path, sizeof path, "%s/%s", dir,
             stopwords ? "stopwords.txt" : "synonyms.tsv");
    if (stopwords)
        files.stopwords = path;
    else
        files.synonyms = path;
    assert_int_equal(ks_analysis_load(&files, &analysis, &err), KS_OK);
    return analysis;
}

static void
test_synonyms_with_analysis(void **state)
{
    struct fixture *f = *state;
    ks_analysis_t *analysis = config_analysis(false);
    ks_index_t *w;

    w = open_writer(f);
    ks_index_set_analysis(w, analysis);
    put(w, "long", "Kommunales Integrationszentrum Kleve", "Beratung.", NULL);
    put(w, "nrw", "Förderung", "Das Land NRW fördert.", NULL);
    commit(w);
    assert_int_equal(total_with(w, "KI ", 0, NULL, 0), 1);
    /* A hyphenated word has its synonyms too. */
    assert_int_equal(total_with(w, "Nordrhein-Westfalen ", 0, NULL, 0), 1);
    ks_index_close(f->writer);
    f->writer = NULL;
    ks_analysis_free(analysis);
}

/* The word being typed completes to words, not to stop words, and a
 * reader's completions follow the index when it changes. */
static void
test_prefix_completes_past_stop_words(void **state)
{
    struct fixture *f = *state;
    ks_analysis_t *analysis = config_analysis(true);
    ks_error_t err;
    ks_index_t *w, *r;
    ks_results_t *res;
    bool changed;

    w = open_writer(f);
    ks_index_set_analysis(w, analysis);
    put(w, "stop", "Taschen", "Einige Taschen und Koffer.", NULL);
    put(w, "word", "Antrag", "Die Einbürgerung beantragen.", NULL);
    commit(w);
    r = open_reader(f);
    ks_index_set_analysis(r, analysis);
    res = search(r, "ein", 0, 10, 0);
    assert_true(has_hit(res, "word"));
    assert_false(has_hit(res, "stop"));
    ks_results_free(res);
    put(w, "new", "Einladung", "Zum Fest.", NULL);
    commit(w);
    assert_int_equal(ks_index_refresh(r, &changed, &err), KS_OK);
    assert_true(changed);
    res = search(r, "ein", 0, 10, 0);
    assert_true(has_hit(res, "word"));
    assert_true(has_hit(res, "new"));
    ks_results_free(res);
    ks_index_close(f->writer);
    f->writer = NULL;
    ks_index_close(f->reader);
    f->reader = NULL;
    ks_analysis_free(analysis);
}

static void
test_missing_language_file_is_named(void **state)
{
    ks_analysis_t *analysis = (ks_analysis_t *)1;
    ks_analysis_files_t files = {.stopwords = "/nonexistent/stopwords.txt"};
    ks_error_t err;

    (void)state;
    assert_int_equal(ks_analysis_load(&files, &analysis, &err),
                     KS_ERR_NOT_FOUND);
    assert_null(analysis);
    assert_non_null(strstr(err.text, "/nonexistent/stopwords.txt"));
}

/* ---- sources, for incremental indexing ---------------------------- */

static bool
collect_source(void *user, const char *source)
{
    char *seen = user;

    strncat(seen, source, 255 - strlen(seen));
    strncat(seen, ";", 255 - strlen(seen));
    return true;
}

static void
put_from(ks_index_t *idx, const char *id, const char *source,
         const char *signature)
{
    ks_doc_t *doc = ks_doc_new();
    ks_error_t err = {KS_OK, ""};

    assert_non_null(doc);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_ID, id, &err), KS_OK);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_BODY, "Ein Text.", &err), KS_OK);
    if (ks_index_put_source(idx, doc, source, signature, NULL, &err) != KS_OK)
        fail_msg("put %s: %s", id, err.text);
    ks_doc_free(doc);
}

static void
test_source_signature_is_kept_and_found(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);
    char sig[64];
    bool found = true;
    ks_error_t err;

    assert_int_equal(
        ks_index_source_signature(w, "/x/a.txt", sig, sizeof sig, &found, &err),
        KS_OK);
    assert_false(found);
    assert_string_equal(sig, "");
    put_from(w, "a", "/x/a.txt", "12:34.5");
    commit(w);
    assert_int_equal(
        ks_index_source_signature(w, "/x/a.txt", sig, sizeof sig, &found, &err),
        KS_OK);
    assert_true(found);
    assert_string_equal(sig, "12:34.5");
}

static void
test_prune_source_keeps_listed_ids_only(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);
    const char *keep[] = {"b"};
    size_t removed = 0;
    ks_error_t err;

    put_from(w, "a", "/x/m.jsonl", "1");
    put_from(w, "b", "/x/m.jsonl", "1");
    put_from(w, "c", "/x/other.jsonl", "1");
    commit(w);
    assert_int_equal(
        ks_index_prune_source(w, "/x/m.jsonl", keep, 1, &removed, &err), KS_OK);
    assert_int_equal(removed, 1);
    commit(w);
    assert_int_equal(doc_count(w), 2);
    assert_int_equal(
        ks_index_prune_source(w, "/x/m.jsonl", NULL, 0, &removed, &err), KS_OK);
    assert_int_equal(removed, 1);
    commit(w);
    assert_int_equal(doc_count(w), 1);
}

static void
test_each_source_lists_sources_and_long_paths_work(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);
    char seen[256] = "", long_path[400], sig[16];
    bool found = false;
    ks_error_t err;

    memset(long_path, 'p', sizeof long_path - 1);
    long_path[0] = '/';
    long_path[sizeof long_path - 1] = '\0';
    put_from(w, "a", "/x/a.txt", "1");
    put_from(w, "b", "/x/b.txt", "2");
    put_from(w, "c", long_path, "3");
    commit(w);
    assert_int_equal(ks_index_each_source(w, collect_source, seen, &err),
                     KS_OK);
    assert_non_null(strstr(seen, "/x/a.txt;/x/b.txt;"));
    assert_int_equal(
        ks_index_source_signature(w, long_path, sig, sizeof sig, &found, &err),
        KS_OK);
    assert_true(found);
    assert_string_equal(sig, "3");
}

static void
test_put_source_rejects_empty_source_and_readers(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);
    ks_doc_t *doc = ks_doc_new();
    ks_error_t err;

    assert_int_equal(ks_doc_set(doc, KS_FIELD_ID, "a", NULL), KS_OK);
    assert_int_equal(ks_index_put_source(w, doc, "", "1", NULL, &err),
                     KS_ERR_INVALID);
    commit(w);
    open_reader(f);
    assert_int_equal(
        ks_index_prune_source(f->reader, "/x", NULL, 0, NULL, &err),
        KS_ERR_INVALID);
    ks_doc_free(doc);
}

static void
test_generation_counts_above_every_revision(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);
    uint64_t generation = 9, before, after;
    ks_error_t err;

    assert_int_equal(ks_index_generation(w, &generation, &err), KS_OK);
    assert_int_equal(generation, 0);
    put(w, "a", "Titel", "Text", NULL);
    commit(w);
    before = revision(w);
    assert_int_equal(ks_index_set_generation(w, 1, &err), KS_OK);
    commit(w);
    assert_int_equal(ks_index_generation(w, &generation, &err), KS_OK);
    assert_int_equal(generation, 1);
    after = revision(w);
    assert_true(after > before);
    assert_true(after >= ((uint64_t)1 << 32));
    open_reader(f);
    assert_int_equal(ks_index_set_generation(f->reader, 2, &err),
                     KS_ERR_INVALID);
}

#define INDEX_TEST(name)                                                       \
    cmocka_unit_test_setup_teardown(name, setup_fixture, teardown_fixture)

/* ---- completions ---------------------------------------------------- */

/* Completions for @text as "kind:text" lines joined by '|'. */
static void
suggest(ks_index_t *idx, const char *text, const char *centre, char *out,
        size_t size)
{
    static const char *const kinds[] = {"word", "title", "project", "centre"};
    ks_suggestions_t *s = NULL;
    ks_error_t err = {KS_OK, ""};

    if (ks_index_suggest(idx, text, centre, 10, &s, &err) != KS_OK)
        fail_msg("suggest \"%s\": %s", text, err.text);
    out[0] = '\0';
    for (size_t i = 0; i < ks_suggestions_count(s); i++) {
        const char *t, *key;
        ks_suggest_kind_t kind;
        uint64_t count;

        ks_suggestions_get(s, i, &t, &kind, &key, &count);
        snprintf(out + strlen(out), size - strlen(out), "%s%s:%s",
                 i > 0 ? "|" : "", kinds[kind], t);
    }
    ks_suggestions_free(s);
}

static void
test_suggest_completes_words_as_written(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);
    char got[1024];

    put(w, "a", "Sprechstunde", "Frau Güler berät. Güler spricht Türkisch.",
        NULL);
    put(w, "b", "Gute Nachricht", "Eine gute Beratung, gut erreichbar.", NULL);
    commit(w);
    /* Typed without umlauts, and with: the name as the text writes it. */
    suggest(w, "gue", NULL, got, sizeof got);
    assert_non_null(strstr(got, "word:Güler"));
    /* A word that begins as typed ranks above one that only folds so. */
    assert_true(strstr(got, "word:Güler") < strstr(got, "word:gute"));
    suggest(w, "gül", NULL, got, sizeof got);
    assert_non_null(strstr(got, "word:Güler"));
    /* Mostly lower case: stays so, though a sentence began with it. */
    suggest(w, "beratung und gu", NULL, got, sizeof got);
    assert_non_null(strstr(got, "word:beratung und gute"));
}

static void
test_suggest_titles_and_nothing_for_unknown(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);
    char got[1024];

    put(w, "a", "Griffbereit startet in Kamen", "Spielgruppe für Eltern.",
        NULL);
    commit(w);
    suggest(w, "griff", NULL, got, sizeof got);
    assert_non_null(strstr(got, "title:Griffbereit startet in Kamen"));
    suggest(w, "xyzzy", NULL, got, sizeof got);
    assert_string_equal(got, "");
    suggest(w, "   ", NULL, got, sizeof got);
    assert_string_equal(got, "");
}

static void
test_suggest_forgets_deleted_words(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);
    ks_error_t err = {KS_OK, ""};
    bool found = false;
    char got[1024];

    put(w, "a", "Eins", "Quellenangabe steht hier.", NULL);
    commit(w);
    suggest(w, "quellen", NULL, got, sizeof got);
    assert_non_null(strstr(got, "word:Quellenangabe"));
    assert_int_equal(ks_index_delete(w, "a", &found, &err), KS_OK);
    commit(w);
    suggest(w, "quellen", NULL, got, sizeof got);
    assert_null(strstr(got, "Quellenangabe"));
}

static void
test_suggest_records_nothing_of_a_cancelled_batch(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);
    ks_error_t err = {KS_OK, ""};
    char got[1024];

    assert_int_equal(ks_index_begin(w, &err), KS_OK);
    put(w, "a", "Eins", "Verworfenes Wort.", NULL);
    assert_int_equal(ks_index_cancel(w, &err), KS_OK);
    put(w, "b", "Zwei", "Behaltenes Wort.", NULL);
    commit(w);
    suggest(w, "verwo", NULL, got, sizeof got);
    assert_string_equal(got, "");
    suggest(w, "behal", NULL, got, sizeof got);
    assert_non_null(strstr(got, "word:Behaltenes"));
}

/* Corrections come from the words of committed batches: a cancelled
 * batch's words are gone with it. */
static void
test_spelling_follows_batches(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);
    ks_error_t err = {KS_OK, ""};
    char suggestion[64];

    assert_int_equal(ks_index_begin(w, &err), KS_OK);
    put(w, "a", "Eins", "Verworfenes Wort.", NULL);
    assert_int_equal(ks_index_cancel(w, &err), KS_OK);
    assert_int_equal(ks_index_begin(w, &err), KS_OK);
    put(w, "b", "Zwei", "Sprachlotsen helfen.", NULL);
    put(w, "c", "Drei", "Die Sprachlotsen.", NULL);
    commit(w);
    assert_int_equal(
        total_with(w, "Sprachlotzen ", 0, suggestion, sizeof suggestion), 2);
    assert_string_equal(suggestion, "Sprachlotsen ");
    assert_int_equal(
        total_with(w, "Verworfenis ", 0, suggestion, sizeof suggestion), 0);
    assert_string_equal(suggestion, "");
}

/* Corrections come from the committed words themselves: a writer killed
 * right after its commit leaves nothing to hand on. */
static void
test_spelling_corrects_to_what_a_killed_writer_committed(void **state)
{
    struct fixture *f = *state;
    char suggestion[64];
    pid_t child;
    int status;

    child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        ks_index_t *w = NULL;
        ks_doc_t *doc = ks_doc_new();
        ks_error_t err;

        /* Killed after its commit: no close. */
        _exit(
            ks_index_open(f->db, KS_INDEX_WRITE, &w, &err) != KS_OK
                    || ks_doc_set(doc, KS_FIELD_ID, "a", &err) != KS_OK
                    || ks_doc_set(doc, KS_FIELD_BODY, "Die Sprachlotsen.", &err)
                           != KS_OK
                    || ks_index_put(w, doc, NULL, &err) != KS_OK
                    || ks_index_commit(w, &err) != KS_OK
                ? 1
                : 0);
    }
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    open_reader(f);
    assert_int_equal(total_with(f->reader, "Sprachlotzen ", 0, suggestion,
                                sizeof suggestion),
                     1);
    assert_string_equal(suggestion, "Sprachlotsen ");
}

static void
test_suggest_rejects_bad_input(void **state)
{
    struct fixture *f = *state;
    ks_index_t *w = open_writer(f);
    ks_suggestions_t *s = NULL;
    ks_error_t err = {KS_OK, ""};

    commit(w);
    assert_int_equal(ks_index_suggest(w, "a\xff", NULL, 5, &s, &err),
                     KS_ERR_INVALID);
    assert_null(s);
    assert_int_equal(ks_index_suggest(w, NULL, NULL, 5, &s, &err),
                     KS_ERR_INVALID);
    assert_int_equal(ks_index_suggest(w, "abc", NULL, 0, &s, &err),
                     KS_ERR_INVALID);
    assert_int_equal(
        ks_index_suggest(w, "abc", NULL, KS_SUGGEST_MAX + 1, &s, &err),
        KS_ERR_INVALID);
    ks_suggestions_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        INDEX_TEST(test_open_read_on_missing_dir_gives_not_found),
        INDEX_TEST(test_open_read_on_empty_dir_gives_not_found),
        INDEX_TEST(test_open_write_creates_index),
        INDEX_TEST(test_open_second_writer_gives_locked),
        INDEX_TEST(test_open_writer_after_close_succeeds),
        cmocka_unit_test(test_close_null_is_harmless),
        INDEX_TEST(test_generation_counts_above_every_revision),
        INDEX_TEST(test_source_signature_is_kept_and_found),
        INDEX_TEST(test_prune_source_keeps_listed_ids_only),
        INDEX_TEST(test_each_source_lists_sources_and_long_paths_work),
        INDEX_TEST(test_put_source_rejects_empty_source_and_readers),
        INDEX_TEST(test_typo_of_one_edit_is_corrected_from_five_letters),
        INDEX_TEST(test_reader_corrects_as_its_revision_has_it),
        INDEX_TEST(test_reader_shows_hits_as_its_revision_has_them),
        INDEX_TEST(test_long_body_keeps_its_snippets_and_its_text),
        INDEX_TEST(test_typo_correction_prefers_near_frequent_words),
        INDEX_TEST(test_typo_without_umlauts_is_corrected),
        INDEX_TEST(test_typo_of_two_edits_needs_nine_letters),
        INDEX_TEST(test_typo_correction_can_be_turned_off),
        INDEX_TEST(test_known_word_is_not_corrected),
        INDEX_TEST(test_prefix_expansion_is_bounded),
        INDEX_TEST(test_compound_parts_with_analysis),
        INDEX_TEST(test_synonyms_with_analysis),
        INDEX_TEST(test_prefix_completes_past_stop_words),
        cmocka_unit_test(test_missing_language_file_is_named),
        INDEX_TEST(test_close_commits_pending_changes),
        INDEX_TEST(test_put_and_commit_count_documents),
        INDEX_TEST(test_revision_grows_by_one_per_commit),
        INDEX_TEST(test_stats_accepts_null_pointers),
        INDEX_TEST(test_put_same_id_replaces_document),
        INDEX_TEST(test_put_same_id_twice_before_commit_replaces),
        INDEX_TEST(test_replaced_words_are_no_longer_found),
        INDEX_TEST(test_put_on_reader_is_invalid),
        INDEX_TEST(test_commit_on_reader_is_invalid),
        INDEX_TEST(test_put_doc_without_id_is_invalid),
        INDEX_TEST(test_get_returns_every_stored_field),
        INDEX_TEST(test_get_missing_id_gives_not_found),
        INDEX_TEST(test_search_ranks_title_match_above_body_match),
        INDEX_TEST(test_search_total_and_count),
        INDEX_TEST(test_search_without_match_gives_no_hits),
        INDEX_TEST(test_search_on_empty_index_gives_no_hits),
        INDEX_TEST(test_search_hits_carry_the_stored_document_but_its_body),
        INDEX_TEST(test_search_offset_and_limit_page_through_hits),
        INDEX_TEST(test_search_near_bonus_ranks_and_pages_over_many_matches),
        INDEX_TEST(test_search_offset_past_end_gives_no_hits_but_total),
        INDEX_TEST(test_search_offset_beyond_32_bits_gives_no_hits),
        INDEX_TEST(test_search_limit_zero_gives_no_hits),
        INDEX_TEST(test_search_snippet_marks_the_match),
        INDEX_TEST(test_search_snippet_of_a_long_page_is_cut_around_the_match),
        INDEX_TEST(test_search_snippet_escapes_html),
        INDEX_TEST(test_search_snippet_shows_where_the_words_meet),
        INDEX_TEST(test_search_snippet_marks_a_gender_form_whole),
        INDEX_TEST(test_search_snippet_finds_its_words_in_any_case),
        INDEX_TEST(test_search_snippet_bytes_zero_gives_empty_snippet),
        INDEX_TEST(test_search_snippet_of_title_only_doc_uses_title),
        INDEX_TEST(test_search_umlaut_transcription_finds_umlaut),
        INDEX_TEST(test_search_snippet_marks_stems_and_stems_the_next_query),
        INDEX_TEST(test_search_umlaut_query_finds_umlaut),
        INDEX_TEST(test_search_capitalised_plural_finds_singular),
        INDEX_TEST(test_search_phrase_matches_only_adjacent_words),
        INDEX_TEST(test_search_excluded_word_drops_documents),
        INDEX_TEST(test_search_hostile_syntax_never_fails),
        INDEX_TEST(test_search_broken_syntax_still_finds_words),
        INDEX_TEST(test_search_title_prefix_restricts_to_title),
        INDEX_TEST(test_search_invalid_utf8_query_is_invalid),
        INDEX_TEST(test_search_without_words_or_filters_matches_nothing),
        cmocka_unit_test(test_results_free_null_is_harmless),
        INDEX_TEST(test_reader_sees_commit_only_after_refresh),
        INDEX_TEST(test_refresh_without_change_reports_unchanged),
        INDEX_TEST(test_suggest_completes_words_as_written),
        INDEX_TEST(test_suggest_titles_and_nothing_for_unknown),
        INDEX_TEST(test_suggest_forgets_deleted_words),
        INDEX_TEST(test_suggest_records_nothing_of_a_cancelled_batch),
        INDEX_TEST(test_spelling_follows_batches),
        INDEX_TEST(test_spelling_corrects_to_what_a_killed_writer_committed),
        INDEX_TEST(test_suggest_rejects_bad_input),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
