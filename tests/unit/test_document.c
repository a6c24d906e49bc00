/*
 * Unit tests for lib/document.c and lib/document_store.c: fields, their
 * checks and normalisation, and the stored form.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <kisearch/document.h>

#include "store-int.h"

static int
setup_doc(void **state)
{
    *state = ks_doc_new();
    return *state == NULL ? -1 : 0;
}

static int
teardown_doc(void **state)
{
    ks_doc_free(*state);
    return 0;
}

/* Set @field to @value and expect KS_OK. */
static void
set_ok(ks_doc_t *doc, ks_field_t field, const char *value)
{
    ks_error_t err = {KS_OK, ""};

    assert_int_equal(ks_doc_set(doc, field, value, &err), KS_OK);
}

/* Set @field to @value, expect KS_ERR_INVALID and the field unchanged. */
static void
set_invalid(ks_doc_t *doc, ks_field_t field, const char *value)
{
    ks_error_t err = {KS_OK, ""};
    const char *before = ks_doc_get(doc, field);
    char *saved = before ? strdup(before) : NULL;

    assert_int_equal(ks_doc_set(doc, field, value, &err), KS_ERR_INVALID);
    assert_int_equal(err.code, KS_ERR_INVALID);
    assert_true(err.text[0] != '\0');
    if (saved == NULL) {
        assert_null(ks_doc_get(doc, field));
    } else {
        assert_non_null(ks_doc_get(doc, field));
        assert_string_equal(ks_doc_get(doc, field), saved);
    }
    free(saved);
}

/* The date @input normalises to @expected. */
static void
check_date(ks_doc_t *doc, const char *input, const char *expected)
{
    set_ok(doc, KS_FIELD_DATE, input);
    assert_non_null(ks_doc_get(doc, KS_FIELD_DATE));
    assert_string_equal(ks_doc_get(doc, KS_FIELD_DATE), expected);
}

static void
test_new_doc_has_no_fields(void **state)
{
    ks_doc_t *doc = *state;

    for (int i = 0; i < KS_FIELD_COUNT; i++)
        assert_null(ks_doc_get(doc, (ks_field_t)i));
}

static void
test_set_then_get_returns_value(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_ID, "ki-krefeld");
    set_ok(doc, KS_FIELD_URL, "https://example.org/ki/krefeld");
    set_ok(doc, KS_FIELD_TITLE, "Kommunales Integrationszentrum Krefeld");
    set_ok(doc, KS_FIELD_BODY, "Beratung für Familien.\nMontag bis Freitag.");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_ID), "ki-krefeld");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_URL),
                        "https://example.org/ki/krefeld");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_TITLE),
                        "Kommunales Integrationszentrum Krefeld");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_BODY),
                        "Beratung für Familien.\nMontag bis Freitag.");
}

static void
test_set_replaces_previous_value(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_TITLE, "Erster Titel");
    set_ok(doc, KS_FIELD_TITLE, "Zweiter Titel");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_TITLE), "Zweiter Titel");
}

static void
test_set_null_clears_field(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_BODY, "Text");
    set_ok(doc, KS_FIELD_BODY, NULL);
    assert_null(ks_doc_get(doc, KS_FIELD_BODY));
    set_ok(doc, KS_FIELD_ID, "a");
    set_ok(doc, KS_FIELD_ID, NULL);
    assert_null(ks_doc_get(doc, KS_FIELD_ID));
}

static void
test_set_empty_value_clears_field(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_URL, "https://example.org/");
    set_ok(doc, KS_FIELD_URL, "");
    assert_null(ks_doc_get(doc, KS_FIELD_URL));
    set_ok(doc, KS_FIELD_BODY, "Text");
    set_ok(doc, KS_FIELD_BODY, " \t\r\n ");
    assert_null(ks_doc_get(doc, KS_FIELD_BODY));
}

static void
test_set_trims_leading_and_trailing_space(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_BODY, "\n\t  Absatz eins.\n\nAbsatz zwei. \r\n");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_BODY),
                        "Absatz eins.\n\nAbsatz zwei.");
    set_ok(doc, KS_FIELD_ID, "  ki-duisburg\t");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_ID), "ki-duisburg");
}

static void
test_set_n_copies_only_len_bytes(void **state)
{
    ks_doc_t *doc = *state;
    ks_error_t err;

    assert_int_equal(ks_doc_set_n(doc, KS_FIELD_ID, "abcdef", 3, &err), KS_OK);
    assert_string_equal(ks_doc_get(doc, KS_FIELD_ID), "abc");
}

static void
test_set_n_rejects_embedded_nul(void **state)
{
    ks_doc_t *doc = *state;
    ks_error_t err;

    set_ok(doc, KS_FIELD_BODY, "vorher");
    assert_int_equal(ks_doc_set_n(doc, KS_FIELD_BODY, "a\0b", 3, &err),
                     KS_ERR_INVALID);
    assert_string_equal(ks_doc_get(doc, KS_FIELD_BODY), "vorher");
}

static void
test_set_accepts_null_err(void **state)
{
    ks_doc_t *doc = *state;

    assert_int_equal(ks_doc_set(doc, KS_FIELD_ID, "", NULL), KS_ERR_INVALID);
    assert_int_equal(ks_doc_set(doc, KS_FIELD_ID, "ok", NULL), KS_OK);
    assert_string_equal(ks_doc_get(doc, KS_FIELD_ID), "ok");
}

static void
test_set_unknown_field_is_invalid(void **state)
{
    ks_doc_t *doc = *state;
    ks_error_t err;

    assert_int_equal(ks_doc_set(doc, KS_FIELD_COUNT, "x", &err),
                     KS_ERR_INVALID);
    assert_int_equal(ks_doc_set(doc, (ks_field_t)-1, "x", &err),
                     KS_ERR_INVALID);
    assert_null(ks_doc_get(doc, KS_FIELD_COUNT));
}

static void
test_empty_id_is_invalid(void **state)
{
    ks_doc_t *doc = *state;

    set_invalid(doc, KS_FIELD_ID, "");
    set_invalid(doc, KS_FIELD_ID, "   \t ");
    set_ok(doc, KS_FIELD_ID, "ki-bochum");
    set_invalid(doc, KS_FIELD_ID, " ");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_ID), "ki-bochum");
}

static void
test_id_with_control_character_is_invalid(void **state)
{
    ks_doc_t *doc = *state;

    set_invalid(doc, KS_FIELD_ID, "ki\nkrefeld");
    set_invalid(doc, KS_FIELD_ID, "ki\tkrefeld");
    set_invalid(doc, KS_FIELD_ID, "ki\x7F");
    set_invalid(doc, KS_FIELD_ID, "ki\x1B[0m");
}

static void
test_id_of_max_length_is_accepted(void **state)
{
    ks_doc_t *doc = *state;
    char id[KS_ID_MAX + 1];

    memset(id, 'k', KS_ID_MAX);
    id[KS_ID_MAX] = '\0';
    set_ok(doc, KS_FIELD_ID, id);
    assert_int_equal(strlen(ks_doc_get(doc, KS_FIELD_ID)), KS_ID_MAX);
}

static void
test_id_longer_than_max_is_invalid(void **state)
{
    ks_doc_t *doc = *state;
    char id[KS_ID_MAX + 2];

    memset(id, 'k', KS_ID_MAX + 1);
    id[KS_ID_MAX + 1] = '\0';
    set_invalid(doc, KS_FIELD_ID, id);
}

static void
test_id_keeps_non_ascii_characters(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_ID, "news/köln-2018 fortbildung");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_ID),
                        "news/köln-2018 fortbildung");
}

static void
test_type_accepts_the_four_names(void **state)
{
    ks_doc_t *doc = *state;
    const char *const types[] = {"centre", "news", "event", "page"};

    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        set_ok(doc, KS_FIELD_TYPE, types[i]);
        assert_string_equal(ks_doc_get(doc, KS_FIELD_TYPE), types[i]);
    }
    set_ok(doc, KS_FIELD_TYPE, " news\n");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_TYPE), "news");
}

static void
test_type_rejects_other_names(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_TYPE, "event");
    set_invalid(doc, KS_FIELD_TYPE, "News");
    set_invalid(doc, KS_FIELD_TYPE, "center");
    set_invalid(doc, KS_FIELD_TYPE, "pages");
    set_invalid(doc, KS_FIELD_TYPE, "new");
    set_invalid(doc, KS_FIELD_TYPE, "news page");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_TYPE), "event");
}

static void
test_date_accepts_year(void **state)
{
    check_date(*state, "2021", "2021");
}

static void
test_date_accepts_year_and_month(void **state)
{
    check_date(*state, "2021-08", "2021-08");
}

static void
test_date_accepts_full_date(void **state)
{
    check_date(*state, "2021-08-01", "2021-08-01");
    check_date(*state, " 2024-02-29 ", "2024-02-29");
    check_date(*state, "2000-02-29", "2000-02-29");
}

static void
test_date_keeps_date_part_of_timestamp(void **state)
{
    check_date(*state, "2021-08-01T10:00:00+02:00", "2021-08-01");
    check_date(*state, "2019-07-15T08:30:00Z", "2019-07-15");
    check_date(*state, "2018-10-02 14:00", "2018-10-02");
}

static void
test_date_rejects_invalid_month(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_DATE, "2020-01");
    set_invalid(doc, KS_FIELD_DATE, "2021-13");
    set_invalid(doc, KS_FIELD_DATE, "2021-00");
    set_invalid(doc, KS_FIELD_DATE, "2021-13-01");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_DATE), "2020-01");
}

static void
test_date_rejects_invalid_day(void **state)
{
    ks_doc_t *doc = *state;

    set_invalid(doc, KS_FIELD_DATE, "2021-02-30");
    set_invalid(doc, KS_FIELD_DATE, "2021-02-29");
    set_invalid(doc, KS_FIELD_DATE, "1900-02-29");
    set_invalid(doc, KS_FIELD_DATE, "2021-04-31");
    set_invalid(doc, KS_FIELD_DATE, "2021-08-00");
    set_invalid(doc, KS_FIELD_DATE, "2021-08-32");
}

static void
test_date_rejects_short_forms(void **state)
{
    ks_doc_t *doc = *state;

    set_invalid(doc, KS_FIELD_DATE, "21-08");
    set_invalid(doc, KS_FIELD_DATE, "2021-8");
    set_invalid(doc, KS_FIELD_DATE, "2021-08-1");
    set_invalid(doc, KS_FIELD_DATE, "202");
}

static void
test_date_rejects_other_formats(void **state)
{
    ks_doc_t *doc = *state;

    set_invalid(doc, KS_FIELD_DATE, "01.08.2021");
    set_invalid(doc, KS_FIELD_DATE, "August 2021");
    set_invalid(doc, KS_FIELD_DATE, "2021/08/01");
    set_invalid(doc, KS_FIELD_DATE, "20210801");
    set_invalid(doc, KS_FIELD_DATE, "2021-08-01x");
    set_invalid(doc, KS_FIELD_DATE, "0999");
}

static void
test_lang_keeps_primary_subtag_in_lower_case(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_LANG, "de-DE");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_LANG), "de");
    set_ok(doc, KS_FIELD_LANG, "EN_gb");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_LANG), "en");
    set_ok(doc, KS_FIELD_LANG, "tr");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_LANG), "tr");
}

static void
test_lang_rejects_invalid_tags(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_LANG, "de");
    set_invalid(doc, KS_FIELD_LANG, "d");
    set_invalid(doc, KS_FIELD_LANG, "deutsch");
    set_invalid(doc, KS_FIELD_LANG, "de DE");
    set_invalid(doc, KS_FIELD_LANG, "12");
    set_invalid(doc, KS_FIELD_LANG, "de.DE");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_LANG), "de");
}

static void
test_invalid_utf8_is_rejected_and_doc_unchanged(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_ID, "ki-herne");
    set_ok(doc, KS_FIELD_TITLE, "Interkulturelle Woche");
    set_ok(doc, KS_FIELD_BODY, "Programm");
    set_invalid(doc, KS_FIELD_ID, "ki-\xFF");
    set_invalid(doc, KS_FIELD_TITLE,
                "Stra\xDF"
                "e");
    set_invalid(doc, KS_FIELD_BODY, "\xC3");
    set_invalid(doc, KS_FIELD_URL, "https://example.org/\xED\xA0\x80");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_ID), "ki-herne");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_TITLE),
                        "Interkulturelle Woche");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_BODY), "Programm");
    assert_null(ks_doc_get(doc, KS_FIELD_URL));
}

static void
test_title_is_folded_to_one_line(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_TITLE,
           "  Fachtag\n  Sprachbildung\r\n\tin   Bochum \n");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_TITLE),
                        "Fachtag Sprachbildung in Bochum");
}

static void
test_body_keeps_its_line_breaks(void **state)
{
    ks_doc_t *doc = *state;

    set_ok(doc, KS_FIELD_BODY, "Zeile eins\nZeile   zwei");
    assert_string_equal(ks_doc_get(doc, KS_FIELD_BODY),
                        "Zeile eins\nZeile   zwei");
}

static void
test_free_null_is_harmless(void **state)
{
    (void)state;
    ks_doc_free(NULL);
}

static void
test_field_name_of_every_field(void **state)
{
    (void)state;
    assert_string_equal(ks_field_name(KS_FIELD_ID), "id");
    assert_string_equal(ks_field_name(KS_FIELD_URL), "url");
    assert_string_equal(ks_field_name(KS_FIELD_TITLE), "title");
    assert_string_equal(ks_field_name(KS_FIELD_BODY), "body");
    assert_string_equal(ks_field_name(KS_FIELD_TYPE), "type");
    assert_string_equal(ks_field_name(KS_FIELD_DATE), "date");
    assert_string_equal(ks_field_name(KS_FIELD_LANG), "lang");
}

static void
test_field_name_out_of_range_is_null(void **state)
{
    (void)state;
    assert_null(ks_field_name(KS_FIELD_COUNT));
    assert_null(ks_field_name((ks_field_t)(KS_FIELD_COUNT + 5)));
    assert_null(ks_field_name((ks_field_t)-1));
}

static void
test_field_from_name_round_trips(void **state)
{
    (void)state;
    for (int i = 0; i < KS_FIELD_COUNT; i++) {
        ks_field_t field = KS_FIELD_COUNT;

        assert_int_equal(
            ks_field_from_name(ks_field_name((ks_field_t)i), &field), KS_OK);
        assert_int_equal(field, i);
    }
}

static void
test_field_from_unknown_name_is_not_found(void **state)
{
    ks_field_t field = KS_FIELD_TITLE;

    (void)state;
    assert_int_equal(ks_field_from_name("Title", &field), KS_ERR_NOT_FOUND);
    assert_int_equal(ks_field_from_name("", &field), KS_ERR_NOT_FOUND);
    assert_int_equal(ks_field_from_name("author", &field), KS_ERR_NOT_FOUND);
    assert_int_equal(field, KS_FIELD_TITLE);
}

static void
test_serialize_round_trip_keeps_every_field(void **state)
{
    ks_doc_t *doc = *state, *copy = NULL;
    ks_error_t err;
    size_t len = 0;
    char *data;

    set_ok(doc, KS_FIELD_ID, "news/2022-05-krefeld");
    set_ok(doc, KS_FIELD_URL, "https://example.org/news?id=1&x=\"2\"");
    set_ok(doc, KS_FIELD_TITLE, "Guter Lebensabend – für alle");
    set_ok(doc, KS_FIELD_BODY, "Erste Zeile\nZweite Zeile mit \\ und \"");
    set_ok(doc, KS_FIELD_TYPE, "news");
    set_ok(doc, KS_FIELD_DATE, "2022-05-04");
    set_ok(doc, KS_FIELD_LANG, "de");
    data = ksi_doc_serialize(doc, &len);
    assert_non_null(data);
    assert_int_equal(len, strlen(data));
    assert_int_equal(ksi_doc_deserialize(data, len, &copy, &err), KS_OK);
    assert_non_null(copy);
    for (int i = 0; i < KS_FIELD_COUNT; i++)
        assert_string_equal(ks_doc_get(copy, (ks_field_t)i),
                            ks_doc_get(doc, (ks_field_t)i));
    ks_doc_free(copy);
    free(data);
}

static void
test_serialize_round_trip_keeps_unset_fields_unset(void **state)
{
    ks_doc_t *doc = *state, *copy = NULL;
    ks_error_t err;
    size_t len = 0;
    char *data;

    set_ok(doc, KS_FIELD_ID, "nur-id");
    data = ksi_doc_serialize(doc, &len);
    assert_non_null(data);
    assert_int_equal(ksi_doc_deserialize(data, len, &copy, &err), KS_OK);
    assert_string_equal(ks_doc_get(copy, KS_FIELD_ID), "nur-id");
    for (int i = KS_FIELD_ID + 1; i < KS_FIELD_COUNT; i++)
        assert_null(ks_doc_get(copy, (ks_field_t)i));
    ks_doc_free(copy);
    free(data);
}

static void
test_serialize_accepts_null_len(void **state)
{
    ks_doc_t *doc = *state;
    char *data;

    set_ok(doc, KS_FIELD_ID, "x");
    data = ksi_doc_serialize(doc, NULL);
    assert_non_null(data);
    free(data);
}

static void
test_deserialize_garbage_is_corrupt(void **state)
{
    const char *const garbage[] = {
        "", "not json", "{\"id\":", "[1,2,3]", "\"id\"", "42", "\xFF\xFE",
    };

    (void)state;
    for (size_t i = 0; i < sizeof garbage / sizeof *garbage; i++) {
        ks_doc_t *out = (ks_doc_t *)&out; /* anything but NULL */
        ks_error_t err = {KS_OK, ""};

        assert_int_equal(
            ksi_doc_deserialize(garbage[i], strlen(garbage[i]), &out, &err),
            KS_ERR_CORRUPT);
        assert_null(out);
        assert_int_equal(err.code, KS_ERR_CORRUPT);
        assert_true(err.text[0] != '\0');
    }
}

static void
test_deserialize_invalid_field_value_is_corrupt(void **state)
{
    const char data[] = "{\"id\":\"x\",\"date\":\"2021-13\"}";
    ks_doc_t *out = NULL;
    ks_error_t err;

    (void)state;
    assert_int_equal(ksi_doc_deserialize(data, sizeof data - 1, &out, &err),
                     KS_ERR_CORRUPT);
    assert_null(out);
}

static void
test_deserialize_ignores_unknown_keys(void **state)
{
    const char data[] = "{\"id\":\"x\",\"author\":\"A\",\"title\":7}";
    ks_doc_t *out = NULL;
    ks_error_t err;

    (void)state;
    assert_int_equal(ksi_doc_deserialize(data, sizeof data - 1, &out, &err),
                     KS_OK);
    assert_non_null(out);
    assert_string_equal(ks_doc_get(out, KS_FIELD_ID), "x");
    assert_null(ks_doc_get(out, KS_FIELD_TITLE));
    ks_doc_free(out);
}

#define DOC_TEST(name)                                                         \
    cmocka_unit_test_setup_teardown(name, setup_doc, teardown_doc)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        DOC_TEST(test_new_doc_has_no_fields),
        DOC_TEST(test_set_then_get_returns_value),
        DOC_TEST(test_set_replaces_previous_value),
        DOC_TEST(test_set_null_clears_field),
        DOC_TEST(test_set_empty_value_clears_field),
        DOC_TEST(test_set_trims_leading_and_trailing_space),
        DOC_TEST(test_set_n_copies_only_len_bytes),
        DOC_TEST(test_set_n_rejects_embedded_nul),
        DOC_TEST(test_set_accepts_null_err),
        DOC_TEST(test_set_unknown_field_is_invalid),
        DOC_TEST(test_empty_id_is_invalid),
        DOC_TEST(test_id_with_control_character_is_invalid),
        DOC_TEST(test_id_of_max_length_is_accepted),
        DOC_TEST(test_id_longer_than_max_is_invalid),
        DOC_TEST(test_id_keeps_non_ascii_characters),
        DOC_TEST(test_type_accepts_the_four_names),
        DOC_TEST(test_type_rejects_other_names),
        DOC_TEST(test_date_accepts_year),
        DOC_TEST(test_date_accepts_year_and_month),
        DOC_TEST(test_date_accepts_full_date),
        DOC_TEST(test_date_keeps_date_part_of_timestamp),
        DOC_TEST(test_date_rejects_invalid_month),
        DOC_TEST(test_date_rejects_invalid_day),
        DOC_TEST(test_date_rejects_short_forms),
        DOC_TEST(test_date_rejects_other_formats),
        DOC_TEST(test_lang_keeps_primary_subtag_in_lower_case),
        DOC_TEST(test_lang_rejects_invalid_tags),
        DOC_TEST(test_invalid_utf8_is_rejected_and_doc_unchanged),
        DOC_TEST(test_title_is_folded_to_one_line),
        DOC_TEST(test_body_keeps_its_line_breaks),
        cmocka_unit_test(test_free_null_is_harmless),
        cmocka_unit_test(test_field_name_of_every_field),
        cmocka_unit_test(test_field_name_out_of_range_is_null),
        cmocka_unit_test(test_field_from_name_round_trips),
        cmocka_unit_test(test_field_from_unknown_name_is_not_found),
        DOC_TEST(test_serialize_round_trip_keeps_every_field),
        DOC_TEST(test_serialize_round_trip_keeps_unset_fields_unset),
        DOC_TEST(test_serialize_accepts_null_len),
        cmocka_unit_test(test_deserialize_garbage_is_corrupt),
        cmocka_unit_test(test_deserialize_invalid_field_value_is_corrupt),
        cmocka_unit_test(test_deserialize_ignores_unknown_keys),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
