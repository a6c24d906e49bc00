/*
 * Unit tests for lib/extract*.c: every input format through ks_extract(),
 * the defaults every document gets, and the shipped sample data.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include <kisearch/extract.h>

/* What ks_extract() handed to the callback, in order. */
struct collected {
    ks_doc_t **docs;
    size_t doc_count;
    char **problems;
    ks_status_t *problem_codes;
    size_t problem_count;
};

static void
collect(void *user, ks_doc_t *doc, const ks_error_t *problem)
{
    struct collected *c = user;

    if (doc != NULL) {
        ks_doc_t **grown =
            realloc(c->docs, (c->doc_count + 1) * sizeof *c->docs);

        assert_null(problem);
        assert_non_null(grown);
        c->docs = grown;
        c->docs[c->doc_count++] = doc;
    } else {
        char **grown =
            realloc(c->problems, (c->problem_count + 1) * sizeof *c->problems);
        ks_status_t *codes;

        assert_non_null(problem);
        assert_non_null(grown);
        c->problems = grown;
        codes = realloc(c->problem_codes,
                        (c->problem_count + 1) * sizeof *c->problem_codes);
        assert_non_null(codes);
        c->problem_codes = codes;
        c->problems[c->problem_count] = strdup(problem->text);
        assert_non_null(c->problems[c->problem_count]);
        c->problem_codes[c->problem_count] = problem->code;
        c->problem_count++;
    }
}

static void
collected_free(struct collected *c)
{
    for (size_t i = 0; i < c->doc_count; i++)
        ks_doc_free(c->docs[i]);
    for (size_t i = 0; i < c->problem_count; i++)
        free(c->problems[i]);
    free(c->docs);
    free(c->problems);
    free(c->problem_codes);
    memset(c, 0, sizeof *c);
}

static int
setup_collected(void **state)
{
    *state = calloc(1, sizeof(struct collected));
    return *state == NULL ? -1 : 0;
}

static int
teardown_collected(void **state)
{
    collected_free(*state);
    free(*state);
    return 0;
}

/* Extract the string literal or buffer @data of @len bytes. */
static ks_status_t
extract_n(ks_format_t format, const char *id, const char *data, size_t len,
          struct collected *c, ks_error_t *err)
{
    return ks_extract(format, id, data, len, collect, c, err);
}

/* Extract the C string @data and expect exactly one document. */
static const ks_doc_t *
extract_one(ks_format_t format, const char *id, const char *data,
            struct collected *c)
{
    ks_error_t err = {KS_OK, ""};
    ks_status_t st = extract_n(format, id, data, strlen(data), c, &err);

    if (st != KS_OK)
        fail_msg("ks_extract: %s (%s)", ks_status_str(st), err.text);
    assert_int_equal(c->doc_count, 1);
    assert_int_equal(c->problem_count, 0);
    return c->docs[0];
}

/* Extract the C string @data and expect KS_ERR_INVALID and no document. */
static void
extract_invalid_n(ks_format_t format, const char *data, size_t len,
                  struct collected *c)
{
    ks_error_t err = {KS_OK, ""};

    assert_int_equal(extract_n(format, "x", data, len, c, &err),
                     KS_ERR_INVALID);
    assert_int_equal(err.code, KS_ERR_INVALID);
    assert_true(err.text[0] != '\0');
    assert_int_equal(c->doc_count, 0);
}

static const char *
get(const ks_doc_t *doc, ks_field_t field)
{
    return ks_doc_get(doc, field);
}

/* Whether @text (may be NULL) holds a line equal to @line. */
static bool
has_line(const char *text, const char *line)
{
    size_t n = strlen(line);

    for (const char *p = text; p != NULL && *p != '\0';) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);

        if (len == n && strncmp(p, line, n) == 0)
            return true;
        p = nl ? nl + 1 : NULL;
    }
    return false;
}

static bool
contains(const char *text, const char *part)
{
    return text != NULL && strstr(text, part) != NULL;
}

static bool
starts_with(const char *text, const char *prefix)
{
    return text != NULL && strncmp(text, prefix, strlen(prefix)) == 0;
}

/* ---- plain text ---------------------------------------------------- */

static void
test_text_date_line_sets_date(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "date 2021-08 Krefeld\n"
                                      "Neue Elterngruppen in Krefeld\n"
                                      "Nach den Ferien starten drei Gruppen.\n",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_ID), "t1");
    assert_string_equal(get(doc, KS_FIELD_DATE), "2021-08");
    assert_false(contains(get(doc, KS_FIELD_BODY), "date 2021"));
}

static void
test_text_date_line_with_day_sets_full_date(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "date 2019-07-15 Gütersloh\n"
                                      "Sommerschule für Seiteneinsteiger\n"
                                      "Drei Wochen Deutsch in den Ferien.\n",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_DATE), "2019-07-15");
    assert_string_equal(get(doc, KS_FIELD_TITLE),
                        "Sommerschule für Seiteneinsteiger");
}

static void
test_text_date_line_place_stays_in_body_and_is_not_title(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "date 2021-08 Krefeld\n"
                                      "\n"
                                      "Neue Elterngruppen in Krefeld\n"
                                      "Nach den Ferien starten drei Gruppen.\n",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE),
                        "Neue Elterngruppen in Krefeld");
    assert_true(has_line(get(doc, KS_FIELD_BODY), "Krefeld"));
    assert_true(contains(get(doc, KS_FIELD_BODY),
                         "Nach den Ferien starten drei Gruppen."));
}

static void
test_text_date_line_with_quote_gives_title_from_rest(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_TEXT, "t1",
        " date 2021-08 Krefeld „Wir gehen zu den Familien hin“, sagte die "
        "Leiterin beim Besuch.\n"
        "\n"
        "Die Staatssekretärin besuchte das Zentrum am Dienstag.\n",
        *state);

    assert_string_equal(get(doc, KS_FIELD_DATE), "2021-08");
    assert_string_equal(get(doc, KS_FIELD_TITLE),
                        "„Wir gehen zu den Familien hin“, sagte die Leiterin "
                        "beim Besuch.");
    assert_false(starts_with(get(doc, KS_FIELD_TITLE), "Krefeld"));
    assert_true(contains(get(doc, KS_FIELD_BODY), "Krefeld"));
    assert_true(contains(get(doc, KS_FIELD_BODY),
                         "Die Staatssekretärin besuchte das Zentrum"));
}

static void
test_text_date_line_alone_is_not_the_title(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "date 2023-01 Kamen\n"
                                      "Griffbereit in Kamen gestartet\n",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE),
                        "Griffbereit in Kamen gestartet");
}

static void
test_text_date_line_place_with_umlaut_is_not_title(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "date 2021-08 Übach-Palenberg\n"
                                      "Neue Gruppe für Eltern\n"
                                      "Text der Meldung.\n",
                                      *state);

    /* A place that starts with an umlaut is a place all the same. */
    assert_string_equal(get(doc, KS_FIELD_TITLE), "Neue Gruppe für Eltern");
    assert_true(has_line(get(doc, KS_FIELD_BODY), "Übach-Palenberg"));
}

static void
test_text_date_line_after_blank_lines_sets_date(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "\n"
                                      "   \n"
                                      "date 2021-09 Kleve\n"
                                      "Neue Gruppe für Eltern\n"
                                      "Text der Meldung.\n",
                                      *state);

    /* Lines of white space before it are not content. */
    assert_non_null(get(doc, KS_FIELD_DATE));
    assert_string_equal(get(doc, KS_FIELD_DATE), "2021-09");
    assert_string_equal(get(doc, KS_FIELD_TITLE), "Neue Gruppe für Eltern");
}

static void
test_text_without_date_line_has_no_date(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "Was ist ein KI?\n"
                                      "Ein Kommunales Integrationszentrum.\n",
                                      *state);

    assert_null(get(doc, KS_FIELD_DATE));
}

static void
test_text_impossible_date_is_dropped_not_the_file(void **state)
{
    /* A date the calendar lacks must not lose the whole file. */
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "date 2021-13 Krefeld\n"
                                      "Titel der Meldung\n"
                                      "Text der Meldung.\n",
                                      *state);

    assert_null(get(doc, KS_FIELD_DATE));
    assert_string_equal(get(doc, KS_FIELD_TITLE), "Titel der Meldung");
    assert_true(has_line(get(doc, KS_FIELD_BODY), "Text der Meldung."));
}

static void
test_text_first_meaningful_line_is_title_not_repeated_in_body(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "\n"
                                      "   \n"
                                      "Sprachkurse für Eltern\n"
                                      "\n"
                                      "Ab Montag gibt es neue Kurse.\n"
                                      "Anmeldung im Rathaus.\n",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Sprachkurse für Eltern");
    assert_false(contains(get(doc, KS_FIELD_BODY), "Sprachkurse"));
    assert_true(
        has_line(get(doc, KS_FIELD_BODY), "Ab Montag gibt es neue Kurse."));
    assert_true(has_line(get(doc, KS_FIELD_BODY), "Anmeldung im Rathaus."));
}

static void
test_text_line_without_letters_is_not_title(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "***\n"
                                      "12.08.\n"
                                      "Fest der Kulturen\n"
                                      "Am Samstag im Park.\n",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Fest der Kulturen");
}

static void
test_text_lone_inhalt_line_is_skipped(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_TEXT, "t1",
                    "Inhalt\n"
                    "\n"
                    "Kommunales Integrationszentrum der Stadt Herne\n"
                    "\n"
                    "Das Inhaltsverzeichnis der Beratung steht unten.\n",
                    *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE),
                        "Kommunales Integrationszentrum der Stadt Herne");
    assert_false(has_line(get(doc, KS_FIELD_BODY), "Inhalt"));
    /* Only the lone word is chrome, not a sentence using it. */
    assert_true(contains(get(doc, KS_FIELD_BODY), "Inhaltsverzeichnis"));
}

static void
test_text_calendar_rows_are_dropped_from_body(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_TEXT, "t1",
                    "Besuch im Integrationszentrum\n"
                    "180718_besuch-IZ02_Klein2\n"
                    "Die Staatssekretärin sprach mit dem Team.\n"
                    "Letzte Kommentare\n"
                    "< Oktober 2018 >\n"
                    "Mo Di Mi Do Fr Sa So\n"
                    "1 2 3 4 5 6 7\n"
                    "8 9 10 11 12 13 14\n"
                    "29 30 31\n"
                    "Suchen\n"
                    "Am Ende gab es Kaffee.\n",
                    *state);
    const char *body = get(doc, KS_FIELD_BODY);

    assert_string_equal(get(doc, KS_FIELD_TITLE),
                        "Besuch im Integrationszentrum");
    assert_string_equal(body, "Die Staatssekretärin sprach mit dem Team.\n"
                              "Am Ende gab es Kaffee.");
}

static void
test_text_sentences_with_numbers_are_kept(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_TEXT, "t1",
                    "Zahlen aus dem Jahresbericht\n"
                    "Im Jahr 2018 kamen 54 Familien zur Beratung.\n"
                    "1 2 3\n"
                    "Am 3. Oktober ist das Büro zu.\n",
                    *state);
    const char *body = get(doc, KS_FIELD_BODY);

    assert_true(has_line(body, "Im Jahr 2018 kamen 54 Familien zur Beratung."));
    assert_true(has_line(body, "Am 3. Oktober ist das Büro zu."));
    assert_false(has_line(body, "1 2 3"));
}

static void
test_text_windows_1252_is_converted_to_utf8(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "Fest in der Stra\xdf"
                                      "e\n"
                                      "Die Gr\xfc\xdf"
                                      "e gehen an alle \x84Nachbarn\x93.\n",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Fest in der Straße");
    assert_string_equal(get(doc, KS_FIELD_BODY),
                        "Die Grüße gehen an alle „Nachbarn“.");
}

static void
test_text_utf8_byte_order_mark_is_dropped(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "\xEF\xBB\xBFÜbersicht der Angebote\n"
                                      "Kurse und Beratung.\n",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Übersicht der Angebote");
}

static void
test_text_crlf_line_ends_are_read(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "Inhalt\r\n"
                                      "Beratung vor Ort\r\n"
                                      "Jeden Dienstag.\r\n"
                                      "Ohne Termin.\r\n",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Beratung vor Ort");
    assert_string_equal(get(doc, KS_FIELD_BODY),
                        "Jeden Dienstag.\nOhne Termin.");
}

static void
test_text_nul_bytes_are_invalid(void **state)
{
    const char data[] = "Titel\nText mit \0 darin\n";

    extract_invalid_n(KS_FORMAT_TEXT, data, sizeof data - 1, *state);
}

static void
test_text_empty_input_is_invalid(void **state)
{
    extract_invalid_n(KS_FORMAT_TEXT, "", 0, *state);
}

static void
test_text_whitespace_only_is_invalid(void **state)
{
    const char data[] = "  \n\t\n\r\n   ";

    extract_invalid_n(KS_FORMAT_TEXT, data, sizeof data - 1, *state);
}

static void
test_text_chrome_only_is_invalid(void **state)
{
    const char data[] = "Inhalt\nSuchen\nMo Di Mi Do Fr Sa So\n";

    extract_invalid_n(KS_FORMAT_TEXT, data, sizeof data - 1, *state);
}

static void
test_text_invalid_id_is_invalid(void **state)
{
    struct collected *c = *state;
    const char data[] = "Titel\nText\n";
    ks_error_t err;

    assert_int_equal(
        extract_n(KS_FORMAT_TEXT, "bad\nid", data, sizeof data - 1, c, &err),
        KS_ERR_INVALID);
    assert_int_equal(c->doc_count, 0);
    assert_true(contains(err.text, "id"));
}

/* A new line of about 400 bytes of whole words, well over the title
 * limit; free() it. */
static char *
long_line(void)
{
    static const char *const words[] = {"Integrationsarbeit",
                                        "in",
                                        "den",
                                        "Kommunen",
                                        "braucht",
                                        "Zeit",
                                        "und",
                                        "Geduld"};
    size_t size = 1024, len = 0;
    char *line = malloc(size);

    assert_non_null(line);
    for (size_t i = 0; len < 400; i++) {
        len += (size_t)snprintf(line + len, size - len, "%s%s", i ? " " : "",
                                words[i % 8]);
    }
    return line;
}

static void
test_text_long_first_line_is_cut_at_a_word(void **state)
{
    struct collected *c = *state;
    char *line = long_line();
    char data[1200];
    const ks_doc_t *doc;
    const char *title;
    size_t title_len, kept;

    snprintf(data, sizeof data, "%s\nZweite Zeile.\n", line);
    doc = extract_one(KS_FORMAT_TEXT, "t1", data, c);
    title = get(doc, KS_FIELD_TITLE);
    assert_non_null(title);
    title_len = strlen(title);
    assert_true(title_len < 200);
    assert_true(title_len > strlen(" …"));
    assert_string_equal(title + title_len - strlen(" …"), " …");
    kept = title_len - strlen(" …");
    /* What is kept is the start of the line and ends at a whole word. */
    assert_memory_equal(title, line, kept);
    assert_true(line[kept] == ' ');
    assert_true(line[kept - 1] != ' ');
    free(line);
}

static void
test_text_long_first_line_keeps_its_words_searchable(void **state)
{
    struct collected *c = *state;
    char *line = long_line();
    char data[1200];
    const ks_doc_t *doc;

    snprintf(data, sizeof data, "%s ENDWORT\nZweite Zeile.\n", line);
    free(line);
    doc = extract_one(KS_FORMAT_TEXT, "t1", data, c);
    /* The title holds only the start of the line; the words cut off
     * must still be in the body, or they could never be found. */
    assert_true(contains(get(doc, KS_FIELD_BODY), "ENDWORT"));
}

static void
test_text_gets_the_given_id(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_TEXT, "news/2021-08-krefeld.txt",
                    "Titel\nEin Satz.\n", *state);

    assert_string_equal(get(doc, KS_FIELD_ID), "news/2021-08-krefeld.txt");
}

/* ---- HTML ---------------------------------------------------------- */

static void
test_html_title_from_title_element(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_HTML, "h1",
                    "<html><head><title>Beratung für Eltern</title></head>"
                    "<body><p>Jeden Mittwoch im Rathaus.</p></body></html>",
                    *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Beratung für Eltern");
    assert_string_equal(get(doc, KS_FIELD_BODY), "Jeden Mittwoch im Rathaus.");
}

static void
test_html_title_from_h1_when_title_adds_site_name(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_HTML, "h1",
        "<html><head><title>Guter Lebensabend | Stadt Krefeld</title></head>"
        "<body><main><h1>Guter Lebensabend</h1><p>Ein Projekt für "
        "Seniorinnen.</p></main></body></html>",
        *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Guter Lebensabend");
}

static void
test_html_title_element_wins_over_different_h1(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_HTML, "h1",
                    "<html><head><title>Fachtag Sprachbildung</title></head>"
                    "<body><h1>Willkommen</h1><p>Programm und Anmeldung."
                    "</p></body></html>",
                    *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Fachtag Sprachbildung");
}

static void
test_html_title_element_wins_over_h1_that_is_only_its_prefix(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_HTML, "h1",
                    "<html><head><title>Elternarbeit</title></head>"
                    "<body><h1>Eltern</h1><p>Angebote für Mütter und "
                    "Väter.</p></body></html>",
                    *state);

    /* "Elternarbeit" is not "Eltern" plus a site name. */
    assert_string_equal(get(doc, KS_FIELD_TITLE), "Elternarbeit");
}

static void
test_html_title_from_h1_without_title_element(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_HTML, "h1",
        "<html><body><h1>Interkulturelle <em>Woche</em></h1><p>Feiern Sie "
        "mit.</p></body></html>",
        *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Interkulturelle Woche");
}

static void
test_html_title_from_text_without_title_or_h1(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_HTML, "h1",
                    "<html><body><p>Sommerfest im Park</p><p>Alle sind "
                    "eingeladen.</p></body></html>",
                    *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Sommerfest im Park");
}

static void
test_html_canonical_link_sets_url(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_HTML, "h1",
        "<html><head><title>T</title>"
        "<link rel=\"stylesheet\" href=\"/style.css\">"
        "<link rel=\"canonical\" href=\"https://ki.example/aktuelles/1\">"
        "</head><body><p>Text der Seite.</p></body></html>",
        *state);

    assert_string_equal(get(doc, KS_FIELD_URL),
                        "https://ki.example/aktuelles/1");
}

static void
test_html_without_canonical_link_has_no_url(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_HTML, "h1",
                                      "<html><body><p>Text der Seite.</p>"
                                      "</body></html>",
                                      *state);

    assert_null(get(doc, KS_FIELD_URL));
}

static void
test_html_date_meta_sets_date(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_HTML, "h1",
                    "<html><head><title>Meldung</title>"
                    "<meta name=\"date\" content=\"2022-05-04T09:30:00+02:00\">"
                    "</head><body><p>Text der Meldung.</p></body></html>",
                    *state);

    assert_string_equal(get(doc, KS_FIELD_DATE), "2022-05-04");
}

static void
test_html_invalid_date_meta_is_ignored(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_HTML, "h1",
                    "<html><head><title>Meldung</title>"
                    "<meta name=\"date\" content=\"gestern\">"
                    "</head><body><p>Text der Meldung.</p></body></html>",
                    *state);

    assert_null(get(doc, KS_FIELD_DATE));
    assert_string_equal(get(doc, KS_FIELD_TITLE), "Meldung");
}

static void
test_html_lang_attribute_sets_lang(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_HTML, "h1",
                                      "<html lang=\"de-DE\"><head><title>Seite"
                                      "</title></head><body><p>Text.</p>"
                                      "</body></html>",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_LANG), "de");
}

static void
test_html_invalid_lang_is_ignored(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_HTML, "h1",
                                      "<html lang=\"deutsch\"><body><p>Ein "
                                      "Text.</p></body></html>",
                                      *state);

    assert_null(get(doc, KS_FIELD_LANG));
}

static void
test_html_page_chrome_is_left_out(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_HTML, "h1",
        "<html><head><title>Seite</title><style>p{color:red}</style></head>"
        "<body>"
        "<header>Kopfzeile Logo</header>"
        "<nav><a href=\"/\">Startseite</a> Navigationspunkt</nav>"
        "<script>var trackingSkript = 1;</script>"
        "<div class=\"cookie-hinweis\">Wir nutzen Kekse</div>"
        "<div id=\"consent-banner\">Zustimmung bitte</div>"
        "<p>Der eigentliche Inhalt.</p>"
        "<aside>Randspalte Werbung</aside>"
        "<footer>Impressum Fusszeile</footer>"
        "<noscript>Ohne Skript</noscript>"
        "</body></html>",
        *state);
    const char *body = get(doc, KS_FIELD_BODY);

    assert_string_equal(body, "Der eigentliche Inhalt.");
}

static void
test_html_header_inside_main_is_kept(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_HTML, "h1",
        "<html><body><header>Seitenkopf</header><main><header><p>Unterzeile "
        "zur Meldung</p></header><p>Text der Meldung.</p></main></body></html>",
        *state);
    const char *body = get(doc, KS_FIELD_BODY);

    assert_true(contains(body, "Unterzeile zur Meldung"));
    assert_true(contains(body, "Text der Meldung."));
    assert_false(contains(body, "Seitenkopf"));
}

static void
test_html_header_inside_article_is_kept(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_HTML, "h1",
        "<html><body><header>Seitenkopf</header><article><header>Vom 4. Mai"
        "</header><p>Text des Artikels.</p></article></body></html>",
        *state);
    const char *body = get(doc, KS_FIELD_BODY);

    assert_true(contains(body, "Vom 4. Mai"));
    assert_true(contains(body, "Text des Artikels."));
    assert_false(contains(body, "Seitenkopf"));
}

static void
test_html_main_is_preferred_over_body(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_HTML, "h1",
                    "<html><body><div>Ausserhalb vor main</div>"
                    "<main><p>Innerhalb von main.</p></main>"
                    "<div>Ausserhalb nach main</div></body></html>",
                    *state);

    assert_string_equal(get(doc, KS_FIELD_BODY), "Innerhalb von main.");
}

static void
test_html_entities_are_decoded(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_HTML, "h1",
                    "<html><head><title>Gr&uuml;&szlig;e</title></head><body>"
                    "<p>M&auml;rz&nbsp;2024 &amp; &#8222;mehr&#8220; &lt;b&gt;"
                    "</p></body></html>",
                    *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Grüße");
    assert_string_equal(get(doc, KS_FIELD_BODY), "März 2024 & „mehr“ <b>");
}

static void
test_html_blocks_become_lines(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_HTML, "h1",
        "<html><body><main><h1>Titel</h1><p>Erster   Absatz\n mit Umbruch"
        "</p><ul><li>Punkt eins</li><li>Punkt <b>zwei</b></li></ul>"
        "</main></body></html>",
        *state);

    assert_string_equal(get(doc, KS_FIELD_BODY), "Titel\n"
                                                 "Erster Absatz mit Umbruch\n"
                                                 "Punkt eins\n"
                                                 "Punkt zwei");
}

static void
test_html_broken_markup_still_yields_text(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_HTML, "h1",
                    "<html><head><title>Kaputt</title><body><div><p>Erster "
                    "Absatz<p>Zweiter "
                    "<b>fetter <i>Absatz</div><li>Liste ohne Ende",
                    *state);
    const char *body = get(doc, KS_FIELD_BODY);

    assert_true(contains(body, "Erster Absatz"));
    assert_true(contains(body, "Zweiter fetter Absatz"));
    assert_true(contains(body, "Liste ohne Ende"));
}

static void
test_html_fragment_without_html_element_is_read(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_HTML, "h1", "<p>Nur ein Absatz ohne Rahmen.</p>", *state);

    assert_string_equal(get(doc, KS_FIELD_BODY), "Nur ein Absatz ohne Rahmen.");
}

static void
test_html_declared_latin1_charset_is_honoured(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_HTML, "h1",
        "<html><head><meta charset=\"iso-8859-1\"><title>Sch\xf6"
        "ne Gr\xfc\xdf"
        "e</title></head><body><p>K\xf6ln und D\xfcsseldorf</p></body></html>",
        *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Schöne Grüße");
    assert_string_equal(get(doc, KS_FIELD_BODY), "Köln und Düsseldorf");
}

static void
test_html_without_charset_valid_utf8_is_read_as_utf8(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_HTML, "h1",
                    "<html><head><title>Schöne Grüße</title></head><body>"
                    "<p>Köln – Düsseldorf €</p></body></html>",
                    *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Schöne Grüße");
    assert_string_equal(get(doc, KS_FIELD_BODY), "Köln – Düsseldorf €");
}

static void
test_html_without_charset_invalid_utf8_is_read_as_cp1252(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_HTML, "h1",
        "<html><body><p>M\xfcnster \x96 K\xf6ln</p></body></html>", *state);

    assert_string_equal(get(doc, KS_FIELD_BODY), "Münster – Köln");
}

static void
test_html_nul_bytes_are_invalid(void **state)
{
    const char data[] = "<html><body><p>a\0b</p></body></html>";

    extract_invalid_n(KS_FORMAT_HTML, data, sizeof data - 1, *state);
}

static void
test_html_without_text_is_invalid(void **state)
{
    const char data[] = "<html><head><script>x()</script></head><body>"
                        "<nav>Startseite</nav></body></html>";

    extract_invalid_n(KS_FORMAT_HTML, data, sizeof data - 1, *state);
}

static void
test_html_empty_input_is_invalid(void **state)
{
    extract_invalid_n(KS_FORMAT_HTML, "", 0, *state);
}

/* ---- Markdown ------------------------------------------------------ */

static void
test_markdown_heading_is_title(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_MARKDOWN, "m1",
                                      "# KOMM-AN NRW\n"
                                      "\n"
                                      "Ein Landesprogramm für das Ankommen.\n",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "KOMM-AN NRW");
    assert_true(contains(get(doc, KS_FIELD_BODY),
                         "Ein Landesprogramm für das Ankommen."));
}

static void
test_markdown_links_and_emphasis_become_text(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_MARKDOWN, "m1",
        "# Titel\n"
        "\n"
        "Mehr bei [der Stadt](https://stadt.example/ki) und **fett** und "
        "_kursiv_ und `Code`.\n",
        *state);
    const char *body = get(doc, KS_FIELD_BODY);

    assert_true(has_line(body, "Mehr bei der Stadt und fett und kursiv und "
                               "Code."));
    assert_false(contains(body, "https://"));
    assert_false(contains(body, "**"));
    assert_false(contains(body, "]("));
}

static void
test_markdown_lists_become_lines(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_MARKDOWN, "m1",
                                      "# Angebote\n"
                                      "\n"
                                      "- Sprachcafé\n"
                                      "- Elternbegleitung\n",
                                      *state);

    assert_true(has_line(get(doc, KS_FIELD_BODY), "Sprachcafé"));
    assert_true(has_line(get(doc, KS_FIELD_BODY), "Elternbegleitung"));
}

static void
test_markdown_raw_script_is_dropped(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_MARKDOWN, "m1",
                                      "# Titel\n"
                                      "\n"
                                      "<script>alert('boese')</script>\n"
                                      "\n"
                                      "Sichtbarer Text.\n",
                                      *state);

    assert_false(contains(get(doc, KS_FIELD_BODY), "alert"));
    assert_true(contains(get(doc, KS_FIELD_BODY), "Sichtbarer Text."));
}

static void
test_markdown_invalid_utf8_is_invalid(void **state)
{
    const char data[] = "# Stra\xdf"
                        "e\n";

    extract_invalid_n(KS_FORMAT_MARKDOWN, data, sizeof data - 1, *state);
}

static void
test_markdown_empty_input_is_invalid(void **state)
{
    extract_invalid_n(KS_FORMAT_MARKDOWN, "", 0, *state);
}

/* ---- JSON ---------------------------------------------------------- */

static void
test_json_object_gives_one_document(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_JSON, "file-id",
        "{\"id\": \"ki-bonn\", \"url\": \"https://ki-bonn.example/\", "
        "\"title\": \"KI Bonn\", \"body\": \"Beratung am Rhein.\", "
        "\"type\": \"centre\", \"date\": \"2020\", \"lang\": \"de-DE\", "
        "\"extra\": [1, 2], \"url2\": 5}",
        *state);

    assert_string_equal(get(doc, KS_FIELD_ID), "ki-bonn");
    assert_string_equal(get(doc, KS_FIELD_URL), "https://ki-bonn.example/");
    assert_string_equal(get(doc, KS_FIELD_TITLE), "KI Bonn");
    assert_string_equal(get(doc, KS_FIELD_BODY), "Beratung am Rhein.");
    assert_string_equal(get(doc, KS_FIELD_TYPE), "centre");
    assert_string_equal(get(doc, KS_FIELD_DATE), "2020");
    assert_string_equal(get(doc, KS_FIELD_LANG), "de");
}

static void
test_json_object_without_id_gets_given_id(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_JSON, "seiten/faq.json",
                                      "{\"title\": \"FAQ\", \"body\": "
                                      "\"Fragen und Antworten.\"}",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_ID), "seiten/faq.json");
}

static void
test_json_object_without_title_takes_it_from_body(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_JSON, "j",
                                      "{\"body\": \"Erste Zeile als Titel\\n"
                                      "Weiterer Text.\"}",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_TITLE), "Erste Zeile als Titel");
}

static void
test_json_null_field_is_ignored(void **state)
{
    const ks_doc_t *doc = extract_one(
        KS_FORMAT_JSON, "j", "{\"title\": \"T\", \"url\": null}", *state);

    assert_null(get(doc, KS_FIELD_URL));
}

static void
test_json_object_with_bad_field_is_invalid(void **state)
{
    struct collected *c = *state;
    const char data[] = "{\"id\": \"a\", \"title\": 42}";
    ks_error_t err;

    assert_int_equal(
        extract_n(KS_FORMAT_JSON, "j", data, sizeof data - 1, c, &err),
        KS_ERR_INVALID);
    assert_true(contains(err.text, "title"));
    assert_int_equal(c->doc_count, 0);
}

static void
test_json_object_without_text_is_invalid(void **state)
{
    const char data[] = "{\"id\": \"a\", \"url\": \"https://x.example/\"}";

    extract_invalid_n(KS_FORMAT_JSON, data, sizeof data - 1, *state);
}

static void
test_json_array_reports_bad_items_as_problems(void **state)
{
    struct collected *c = *state;
    const char data[] =
        "[\n"
        " {\"id\": \"a\", \"title\": \"Erste Meldung\"},\n"
        " {\"title\": \"Ohne Kennung\"},\n"
        " {\"id\": \"c\", \"title\": [\"keine\", \"Zeichenkette\"]},\n"
        " \"kein Objekt\",\n"
        " {\"id\": \"e\", \"body\": \"Fünfte Meldung\"}\n"
        "]\n";
    ks_error_t err = {KS_OK, ""};

    assert_int_equal(
        extract_n(KS_FORMAT_JSON, "file", data, sizeof data - 1, c, &err),
        KS_OK);
    assert_int_equal(c->doc_count, 2);
    assert_string_equal(get(c->docs[0], KS_FIELD_ID), "a");
    assert_string_equal(get(c->docs[1], KS_FIELD_ID), "e");
    assert_int_equal(c->problem_count, 3);
    assert_true(starts_with(c->problems[0], "item 2"));
    assert_true(contains(c->problems[0], "id"));
    assert_true(starts_with(c->problems[1], "item 3"));
    assert_true(contains(c->problems[1], "title"));
    assert_true(starts_with(c->problems[2], "item 4"));
    for (size_t i = 0; i < c->problem_count; i++)
        assert_int_equal(c->problem_codes[i], KS_ERR_INVALID);
}

static void
test_json_array_items_need_their_own_id(void **state)
{
    struct collected *c = *state;
    const char data[] = "[{\"title\": \"Ohne Kennung\"}]";
    ks_error_t err;

    assert_int_equal(
        extract_n(KS_FORMAT_JSON, "given", data, sizeof data - 1, c, &err),
        KS_OK);
    assert_int_equal(c->doc_count, 0);
    assert_int_equal(c->problem_count, 1);
    assert_true(starts_with(c->problems[0], "item 1"));
}

static void
test_json_empty_array_is_invalid(void **state)
{
    extract_invalid_n(KS_FORMAT_JSON, "[]", 2, *state);
}

static void
test_json_syntax_error_names_line_and_column(void **state)
{
    struct collected *c = *state;
    const char data[] = "{\n"
                        "  \"id\": \"a\",\n"
                        "  \"title\": oops\n"
                        "}\n";
    ks_error_t err = {KS_OK, ""};

    assert_int_equal(
        extract_n(KS_FORMAT_JSON, "j", data, sizeof data - 1, c, &err),
        KS_ERR_INVALID);
    assert_int_equal(c->doc_count, 0);
    assert_int_equal(c->problem_count, 0);
    assert_true(contains(err.text, "line 3"));
    assert_true(contains(err.text, "column"));
}

static void
test_json_top_level_number_is_invalid(void **state)
{
    extract_invalid_n(KS_FORMAT_JSON, "42", 2, *state);
}

static void
test_json_top_level_string_is_invalid(void **state)
{
    extract_invalid_n(KS_FORMAT_JSON, "\"text\"", 6, *state);
}

static void
test_json_invalid_utf8_is_invalid(void **state)
{
    const char data[] = "{\"title\": \"Stra\xdf"
                        "e\"}";

    extract_invalid_n(KS_FORMAT_JSON, data, sizeof data - 1, *state);
}

/* ---- JSON Lines ---------------------------------------------------- */

static void
test_jsonl_each_line_is_a_document(void **state)
{
    struct collected *c = *state;
    const char data[] = "{\"id\": \"a\", \"title\": \"Erste\"}\n"
                        "{\"id\": \"b\", \"title\": \"Zweite\"}\r\n"
                        "{\"id\": \"c\", \"title\": \"Dritte\"}";
    ks_error_t err;

    assert_int_equal(
        extract_n(KS_FORMAT_JSONL, NULL, data, sizeof data - 1, c, &err),
        KS_OK);
    assert_int_equal(c->doc_count, 3);
    assert_int_equal(c->problem_count, 0);
    assert_string_equal(get(c->docs[0], KS_FIELD_ID), "a");
    assert_string_equal(get(c->docs[1], KS_FIELD_TITLE), "Zweite");
    assert_string_equal(get(c->docs[2], KS_FIELD_ID), "c");
}

static void
test_jsonl_invalid_line_is_a_problem_naming_the_line(void **state)
{
    struct collected *c = *state;
    const char data[] = "{\"id\": \"a\", \"title\": \"Erste\"}\n"
                        "{\"id\": \"b\", \"title\": \n"
                        "{\"id\": \"c\", \"title\": \"Dritte\"}\n";
    ks_error_t err;

    assert_int_equal(
        extract_n(KS_FORMAT_JSONL, NULL, data, sizeof data - 1, c, &err),
        KS_OK);
    assert_int_equal(c->doc_count, 2);
    assert_string_equal(get(c->docs[0], KS_FIELD_ID), "a");
    assert_string_equal(get(c->docs[1], KS_FIELD_ID), "c");
    assert_int_equal(c->problem_count, 1);
    assert_true(starts_with(c->problems[0], "line 2"));
    assert_int_equal(c->problem_codes[0], KS_ERR_INVALID);
}

static void
test_jsonl_blank_lines_are_ignored_but_counted(void **state)
{
    struct collected *c = *state;
    const char data[] = "\n"
                        "{\"id\": \"a\", \"title\": \"Erste\"}\n"
                        "   \t\n"
                        "\n"
                        "{\"title\": \"Ohne Kennung\"}\n"
                        "\n";
    ks_error_t err;

    assert_int_equal(
        extract_n(KS_FORMAT_JSONL, NULL, data, sizeof data - 1, c, &err),
        KS_OK);
    assert_int_equal(c->doc_count, 1);
    assert_int_equal(c->problem_count, 1);
    assert_true(starts_with(c->problems[0], "line 5"));
}

static void
test_jsonl_missing_id_is_reported(void **state)
{
    struct collected *c = *state;
    const char data[] = "{\"title\": \"Ohne Kennung\"}\n";
    ks_error_t err;

    assert_int_equal(
        extract_n(KS_FORMAT_JSONL, "given", data, sizeof data - 1, c, &err),
        KS_OK);
    assert_int_equal(c->doc_count, 0);
    assert_int_equal(c->problem_count, 1);
    assert_true(starts_with(c->problems[0], "line 1"));
    assert_true(contains(c->problems[0], "\"id\""));
}

static void
test_jsonl_line_that_is_not_an_object_is_a_problem(void **state)
{
    struct collected *c = *state;
    const char data[] = "[1, 2]\n{\"id\": \"b\", \"title\": \"Zweite\"}\n";
    ks_error_t err;

    assert_int_equal(
        extract_n(KS_FORMAT_JSONL, NULL, data, sizeof data - 1, c, &err),
        KS_OK);
    assert_int_equal(c->doc_count, 1);
    assert_int_equal(c->problem_count, 1);
    assert_true(starts_with(c->problems[0], "line 1"));
}

static void
test_jsonl_blank_input_is_invalid(void **state)
{
    extract_invalid_n(KS_FORMAT_JSONL, "\n \n\n", 4, *state);
}

/* ---- defaults and formats ------------------------------------------ */

static void
test_type_is_left_to_inference_at_index_time(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_TEXT, "t1",
                                      "date 2018-10 Dortmund\n"
                                      "Infoabend zur Anerkennung\n",
                                      *state);

    assert_null(get(doc, KS_FIELD_TYPE));
}

static void
test_html_type_is_left_to_inference_too(void **state)
{
    const ks_doc_t *doc =
        extract_one(KS_FORMAT_HTML, "h1",
                    "<html><body><p>Über uns</p></body></html>", *state);

    assert_null(get(doc, KS_FIELD_TYPE));
}

static void
test_given_type_wins_over_default(void **state)
{
    const ks_doc_t *doc = extract_one(KS_FORMAT_JSON, "j",
                                      "{\"title\": \"Fachtag\", \"type\": "
                                      "\"event\", \"date\": \"2025-05-12\"}",
                                      *state);

    assert_string_equal(get(doc, KS_FIELD_TYPE), "event");
}

static void
test_unknown_format_is_invalid(void **state)
{
    struct collected *c = *state;
    ks_error_t err;

    assert_int_equal(
        ks_extract(KS_FORMAT_UNKNOWN, "x", "Text", 4, collect, c, &err),
        KS_ERR_INVALID);
    assert_int_equal(c->doc_count, 0);
    assert_int_equal(c->problem_count, 0);
}

static void
test_extract_accepts_null_err(void **state)
{
    struct collected *c = *state;

    assert_int_equal(ks_extract(KS_FORMAT_TEXT, "x", "", 0, collect, c, NULL),
                     KS_ERR_INVALID);
    assert_int_equal(
        ks_extract(KS_FORMAT_TEXT, "x", "Titel", 5, collect, c, NULL), KS_OK);
    assert_int_equal(c->doc_count, 1);
}

static void
test_format_from_name_knows_every_extension(void **state)
{
    (void)state;
    assert_int_equal(ks_format_from_name("a.txt"), KS_FORMAT_TEXT);
    assert_int_equal(ks_format_from_name("a.text"), KS_FORMAT_TEXT);
    assert_int_equal(ks_format_from_name("a.md"), KS_FORMAT_MARKDOWN);
    assert_int_equal(ks_format_from_name("a.markdown"), KS_FORMAT_MARKDOWN);
    assert_int_equal(ks_format_from_name("a.html"), KS_FORMAT_HTML);
    assert_int_equal(ks_format_from_name("a.htm"), KS_FORMAT_HTML);
    assert_int_equal(ks_format_from_name("a.json"), KS_FORMAT_JSON);
    assert_int_equal(ks_format_from_name("a.jsonl"), KS_FORMAT_JSONL);
    assert_int_equal(ks_format_from_name("a.ndjson"), KS_FORMAT_JSONL);
}

static void
test_format_from_name_ignores_case(void **state)
{
    (void)state;
    assert_int_equal(ks_format_from_name("INDEX.HTML"), KS_FORMAT_HTML);
    assert_int_equal(ks_format_from_name("Notes.Md"), KS_FORMAT_MARKDOWN);
    assert_int_equal(ks_format_from_name("daten.JsonL"), KS_FORMAT_JSONL);
    assert_int_equal(ks_format_from_name("x.TXT"), KS_FORMAT_TEXT);
}

static void
test_format_from_name_uses_last_extension_of_base_name(void **state)
{
    (void)state;
    assert_int_equal(
        ks_format_from_name("data/sample/news/2021-08.krefeld.txt"),
        KS_FORMAT_TEXT);
    assert_int_equal(ks_format_from_name("backup.json.txt"), KS_FORMAT_TEXT);
    assert_int_equal(ks_format_from_name("dir.html/README"), KS_FORMAT_UNKNOWN);
}

static void
test_format_from_name_unknown_extensions(void **state)
{
    (void)state;
    assert_int_equal(ks_format_from_name("bericht.pdf"), KS_FORMAT_UNKNOWN);
    assert_int_equal(ks_format_from_name("archiv.tar.gz"), KS_FORMAT_UNKNOWN);
    assert_int_equal(ks_format_from_name("README"), KS_FORMAT_UNKNOWN);
    assert_int_equal(ks_format_from_name("ende."), KS_FORMAT_UNKNOWN);
    assert_int_equal(ks_format_from_name(".txt"), KS_FORMAT_UNKNOWN);
    assert_int_equal(ks_format_from_name(""), KS_FORMAT_UNKNOWN);
    assert_int_equal(ks_format_from_name("a.txtx"), KS_FORMAT_UNKNOWN);
    assert_int_equal(ks_format_from_name("a.htmlx"), KS_FORMAT_UNKNOWN);
}

static void
test_format_name_of_every_format(void **state)
{
    (void)state;
    assert_string_equal(ks_format_name(KS_FORMAT_TEXT), "text");
    assert_string_equal(ks_format_name(KS_FORMAT_MARKDOWN), "markdown");
    assert_string_equal(ks_format_name(KS_FORMAT_HTML), "html");
    assert_string_equal(ks_format_name(KS_FORMAT_JSON), "json");
    assert_string_equal(ks_format_name(KS_FORMAT_JSONL), "jsonl");
    assert_string_equal(ks_format_name(KS_FORMAT_UNKNOWN), "unknown");
}

/* ---- real files ---------------------------------------------------- */

/* Read the whole file at @path; *len gets its size. */
static char *
read_file(const char *path, size_t *len)
{
    FILE *file = fopen(path, "rb");
    char *data = NULL;
    long size;

    if (file == NULL)
        fail_msg("cannot open %s", path);
    assert_int_equal(fseek(file, 0, SEEK_END), 0);
    size = ftell(file);
    assert_true(size >= 0);
    assert_int_equal(fseek(file, 0, SEEK_SET), 0);
    data = malloc((size_t)size + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)size, file), (size_t)size);
    data[size] = '\0';
    fclose(file);
    *len = (size_t)size;
    return data;
}

/* Extract the seed file starting with @prefix in @dir as text. */
static const ks_doc_t *
extract_seed(const char *dir, const char *prefix, struct collected *c)
{
    DIR *d = opendir(dir);
    struct dirent *entry;
    char path[4096] = "";
    char *data;
    size_t len;
    ks_error_t err = {KS_OK, ""};
    ks_status_t st;

    assert_non_null(d);
    while ((entry = readdir(d)) != NULL) {
        if (strncmp(entry->d_name, prefix, strlen(prefix)) == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
            break;
        }
    }
    closedir(d);
    if (path[0] == '\0')
        fail_msg("no seed %s* in %s", prefix, dir);
    collected_free(c);
    data = read_file(path, &len);
    st = ks_extract(KS_FORMAT_TEXT, prefix, data, len, collect, c, &err);
    free(data);
    if (st != KS_OK)
        fail_msg("%s: %s", path, err.text);
    assert_int_equal(c->doc_count, 1);
    return c->docs[0];
}

static void
test_seed_files_extract_as_text(void **state)
{
    struct collected *c = *state;
    const char *dir = getenv("KS_SEEDS_DIR");
    struct stat st;
    const ks_doc_t *doc;
    const char *body;

    if (dir == NULL || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        skip();

    doc = extract_seed(dir, "000_", c);
    assert_non_null(get(doc, KS_FIELD_DATE));
    assert_string_equal(get(doc, KS_FIELD_DATE), "2021-08");
    assert_non_null(get(doc, KS_FIELD_TITLE));
    assert_false(starts_with(get(doc, KS_FIELD_TITLE), "Krefeld"));

    doc = extract_seed(dir, "001_", c);
    assert_non_null(get(doc, KS_FIELD_TITLE));
    assert_string_equal(get(doc, KS_FIELD_TITLE),
                        "Staatssekretärin Güler besucht Kommunales "
                        "Integrationszentrum in Duisburg");
    body = get(doc, KS_FIELD_BODY);
    assert_non_null(body);
    assert_false(contains(body, "Mo Di Mi"));
    assert_false(contains(body, "Letzte Kommentare"));

    doc = extract_seed(dir, "003_", c);
    assert_non_null(get(doc, KS_FIELD_TITLE));
    assert_string_equal(get(doc, KS_FIELD_TITLE),
                        "Kommunales Integrationszentrum (KI) der Stadt "
                        "Krefeld");
}

/* Extract every file under @dir; @files counts those read. */
static void
extract_tree(const char *dir, struct collected *c, size_t *files)
{
    DIR *d = opendir(dir);
    struct dirent *entry;

    if (d == NULL)
        fail_msg("cannot open %s", dir);
    while ((entry = readdir(d)) != NULL) {
        char path[4096];
        struct stat st;
        ks_format_t format;
        ks_error_t err = {KS_OK, ""};
        size_t len, before = c->doc_count;
        char *data;

        if (entry->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
        assert_int_equal(stat(path, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            extract_tree(path, c, files);
            continue;
        }
        format = ks_format_from_name(path);
        if (format == KS_FORMAT_UNKNOWN)
            continue;
        data = read_file(path, &len);
        if (ks_extract(format, path, data, len, collect, c, &err) != KS_OK)
            fail_msg("%s: %s", path, err.text);
        free(data);
        if (c->problem_count > 0)
            fail_msg("%s: %s", path, c->problems[0]);
        if (c->doc_count == before)
            fail_msg("%s: no documents", path);
        for (size_t i = before; i < c->doc_count; i++) {
            const ks_doc_t *doc = c->docs[i];

            if (get(doc, KS_FIELD_ID) == NULL
                || get(doc, KS_FIELD_TITLE) == NULL
                || get(doc, KS_FIELD_BODY) == NULL)
                fail_msg("%s: document %zu lacks id, title or body", path,
                         i - before + 1);
        }
        (*files)++;
    }
    closedir(d);
}

static void
test_sample_data_extracts_without_problems(void **state)
{
    struct collected *c = *state;
    const char *dir = getenv("KS_SAMPLE_DIR");
    struct stat st;
    size_t files = 0;

    if (dir == NULL || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        skip();
    extract_tree(dir, c, &files);
    assert_true(files > 0);
    assert_true(c->doc_count >= files);
}

#define EXTRACT_TEST(name)                                                     \
    cmocka_unit_test_setup_teardown(name, setup_collected, teardown_collected)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        EXTRACT_TEST(test_text_date_line_sets_date),
        EXTRACT_TEST(test_text_date_line_with_day_sets_full_date),
        EXTRACT_TEST(test_text_date_line_place_stays_in_body_and_is_not_title),
        EXTRACT_TEST(test_text_date_line_with_quote_gives_title_from_rest),
        EXTRACT_TEST(test_text_date_line_alone_is_not_the_title),
        EXTRACT_TEST(test_text_date_line_place_with_umlaut_is_not_title),
        EXTRACT_TEST(test_text_date_line_after_blank_lines_sets_date),
        EXTRACT_TEST(test_text_without_date_line_has_no_date),
        EXTRACT_TEST(test_text_impossible_date_is_dropped_not_the_file),
        EXTRACT_TEST(
            test_text_first_meaningful_line_is_title_not_repeated_in_body),
        EXTRACT_TEST(test_text_line_without_letters_is_not_title),
        EXTRACT_TEST(test_text_lone_inhalt_line_is_skipped),
        EXTRACT_TEST(test_text_calendar_rows_are_dropped_from_body),
        EXTRACT_TEST(test_text_sentences_with_numbers_are_kept),
        EXTRACT_TEST(test_text_windows_1252_is_converted_to_utf8),
        EXTRACT_TEST(test_text_utf8_byte_order_mark_is_dropped),
        EXTRACT_TEST(test_text_crlf_line_ends_are_read),
        EXTRACT_TEST(test_text_nul_bytes_are_invalid),
        EXTRACT_TEST(test_text_empty_input_is_invalid),
        EXTRACT_TEST(test_text_whitespace_only_is_invalid),
        EXTRACT_TEST(test_text_chrome_only_is_invalid),
        EXTRACT_TEST(test_text_invalid_id_is_invalid),
        EXTRACT_TEST(test_text_long_first_line_is_cut_at_a_word),
        EXTRACT_TEST(test_text_long_first_line_keeps_its_words_searchable),
        EXTRACT_TEST(test_text_gets_the_given_id),
        EXTRACT_TEST(test_html_title_from_title_element),
        EXTRACT_TEST(test_html_title_from_h1_when_title_adds_site_name),
        EXTRACT_TEST(test_html_title_element_wins_over_different_h1),
        EXTRACT_TEST(
            test_html_title_element_wins_over_h1_that_is_only_its_prefix),
        EXTRACT_TEST(test_html_title_from_h1_without_title_element),
        EXTRACT_TEST(test_html_title_from_text_without_title_or_h1),
        EXTRACT_TEST(test_html_canonical_link_sets_url),
        EXTRACT_TEST(test_html_without_canonical_link_has_no_url),
        EXTRACT_TEST(test_html_date_meta_sets_date),
        EXTRACT_TEST(test_html_invalid_date_meta_is_ignored),
        EXTRACT_TEST(test_html_lang_attribute_sets_lang),
        EXTRACT_TEST(test_html_invalid_lang_is_ignored),
        EXTRACT_TEST(test_html_page_chrome_is_left_out),
        EXTRACT_TEST(test_html_header_inside_main_is_kept),
        EXTRACT_TEST(test_html_header_inside_article_is_kept),
        EXTRACT_TEST(test_html_main_is_preferred_over_body),
        EXTRACT_TEST(test_html_entities_are_decoded),
        EXTRACT_TEST(test_html_blocks_become_lines),
        EXTRACT_TEST(test_html_broken_markup_still_yields_text),
        EXTRACT_TEST(test_html_fragment_without_html_element_is_read),
        EXTRACT_TEST(test_html_declared_latin1_charset_is_honoured),
        EXTRACT_TEST(test_html_without_charset_valid_utf8_is_read_as_utf8),
        EXTRACT_TEST(test_html_without_charset_invalid_utf8_is_read_as_cp1252),
        EXTRACT_TEST(test_html_nul_bytes_are_invalid),
        EXTRACT_TEST(test_html_without_text_is_invalid),
        EXTRACT_TEST(test_html_empty_input_is_invalid),
        EXTRACT_TEST(test_markdown_heading_is_title),
        EXTRACT_TEST(test_markdown_links_and_emphasis_become_text),
        EXTRACT_TEST(test_markdown_lists_become_lines),
        EXTRACT_TEST(test_markdown_raw_script_is_dropped),
        EXTRACT_TEST(test_markdown_invalid_utf8_is_invalid),
        EXTRACT_TEST(test_markdown_empty_input_is_invalid),
        EXTRACT_TEST(test_json_object_gives_one_document),
        EXTRACT_TEST(test_json_object_without_id_gets_given_id),
        EXTRACT_TEST(test_json_object_without_title_takes_it_from_body),
        EXTRACT_TEST(test_json_null_field_is_ignored),
        EXTRACT_TEST(test_json_object_with_bad_field_is_invalid),
        EXTRACT_TEST(test_json_object_without_text_is_invalid),
        EXTRACT_TEST(test_json_array_reports_bad_items_as_problems),
        EXTRACT_TEST(test_json_array_items_need_their_own_id),
        EXTRACT_TEST(test_json_empty_array_is_invalid),
        EXTRACT_TEST(test_json_syntax_error_names_line_and_column),
        EXTRACT_TEST(test_json_top_level_number_is_invalid),
        EXTRACT_TEST(test_json_top_level_string_is_invalid),
        EXTRACT_TEST(test_json_invalid_utf8_is_invalid),
        EXTRACT_TEST(test_jsonl_each_line_is_a_document),
        EXTRACT_TEST(test_jsonl_invalid_line_is_a_problem_naming_the_line),
        EXTRACT_TEST(test_jsonl_blank_lines_are_ignored_but_counted),
        EXTRACT_TEST(test_jsonl_missing_id_is_reported),
        EXTRACT_TEST(test_jsonl_line_that_is_not_an_object_is_a_problem),
        EXTRACT_TEST(test_jsonl_blank_input_is_invalid),
        EXTRACT_TEST(test_type_is_left_to_inference_at_index_time),
        EXTRACT_TEST(test_html_type_is_left_to_inference_too),
        EXTRACT_TEST(test_given_type_wins_over_default),
        EXTRACT_TEST(test_unknown_format_is_invalid),
        EXTRACT_TEST(test_extract_accepts_null_err),
        cmocka_unit_test(test_format_from_name_knows_every_extension),
        cmocka_unit_test(test_format_from_name_ignores_case),
        cmocka_unit_test(
            test_format_from_name_uses_last_extension_of_base_name),
        cmocka_unit_test(test_format_from_name_unknown_extensions),
        cmocka_unit_test(test_format_name_of_every_format),
        EXTRACT_TEST(test_seed_files_extract_as_text),
        EXTRACT_TEST(test_sample_data_extracts_without_problems),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
