/*
 * Unit tests for lib/text.c and lib/error.c: UTF-8 validation, the
 * Windows-1252 fallback, and the error helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <kisearch/error.h>
#include <kisearch/text.h>

/* ks_utf8_valid() on a string literal, whose length sizeof gives. */
#define VALID(lit) ks_utf8_valid(lit, sizeof lit - 1)

static void
test_utf8_valid_accepts_ascii(void **state)
{
    (void)state;
    assert_true(VALID("Integrationszentrum 2021"));
    assert_true(VALID("\x01\x7F"));
}

static void
test_utf8_valid_accepts_empty_input(void **state)
{
    (void)state;
    assert_true(ks_utf8_valid("", 0));
}

static void
test_utf8_valid_accepts_nul_bytes_as_characters(void **state)
{
    (void)state;
    assert_true(VALID("a\0b"));
}

static void
test_utf8_valid_accepts_two_byte_sequences(void **state)
{
    (void)state;
    assert_true(VALID("Stra\xC3\x9F"
                      "e"));        /* Straße */
    assert_true(VALID("\xC2\x80")); /* U+0080, the smallest */
    assert_true(VALID("\xDF\xBF")); /* U+07FF, the largest */
}

static void
test_utf8_valid_accepts_three_byte_sequences(void **state)
{
    (void)state;
    assert_true(VALID("\xE2\x82\xAC")); /* € */
    assert_true(VALID("\xE0\xA0\x80")); /* U+0800, the smallest */
    assert_true(VALID("\xED\x9F\xBF")); /* U+D7FF, below surrogates */
    assert_true(VALID("\xEE\x80\x80")); /* U+E000, above surrogates */
    assert_true(VALID("\xEF\xBF\xBF")); /* U+FFFF */
}

static void
test_utf8_valid_accepts_four_byte_sequences(void **state)
{
    (void)state;
    assert_true(VALID("\xF0\x9F\x98\x80")); /* U+1F600 */
    assert_true(VALID("\xF0\x90\x80\x80")); /* U+10000, the smallest */
    assert_true(VALID("\xF4\x8F\xBF\xBF")); /* U+10FFFF, the largest */
}

static void
test_utf8_valid_rejects_overlong_forms(void **state)
{
    (void)state;
    assert_false(VALID("\xC0\x80"));
    assert_false(VALID("\xC1\xBF"));
    assert_false(VALID("\xE0\x80\x80"));
    assert_false(VALID("\xE0\x9F\xBF"));
    assert_false(VALID("\xF0\x80\x80\x80"));
    assert_false(VALID("\xF0\x8F\xBF\xBF"));
}

static void
test_utf8_valid_rejects_surrogates(void **state)
{
    (void)state;
    assert_false(VALID("\xED\xA0\x80")); /* U+D800 */
    assert_false(VALID("\xED\xBF\xBF")); /* U+DFFF */
}

static void
test_utf8_valid_rejects_code_points_above_10ffff(void **state)
{
    (void)state;
    assert_false(VALID("\xF4\x90\x80\x80")); /* U+110000 */
    assert_false(VALID("\xF5\x80\x80\x80"));
    assert_false(VALID("\xF8\x88\x80\x80\x80"));
    assert_false(VALID("\xFF"));
}

static void
test_utf8_valid_rejects_truncated_sequences(void **state)
{
    (void)state;
    assert_false(VALID("\xC3"));
    assert_false(VALID("ab\xC3"));
    assert_false(VALID("\xE2\x82"));
    assert_false(VALID("\xF0\x9F\x98"));
    /* A sequence cut short by the next character. */
    assert_false(VALID("\xE2\x82z"));
    assert_false(VALID("\xC3 x"));
}

static void
test_utf8_valid_respects_the_length(void **state)
{
    (void)state;
    /* The bytes past len are not read: "ü" cut after its first byte. */
    assert_false(ks_utf8_valid("\xC3\xBC", 1));
    assert_true(ks_utf8_valid("a\xC3\xBC", 1));
}

static void
test_utf8_valid_rejects_lone_continuation_bytes(void **state)
{
    (void)state;
    assert_false(VALID("\x80"));
    assert_false(VALID("a\xBF"
                       "b"));
    assert_false(VALID("\xC3\xBC\xBC"));
}

static void
test_cp1252_converts_latin1_letters(void **state)
{
    size_t len = 0;
    char *out = ks_cp1252_to_utf8("\xE4\xF6\xFC\xDF\xC4", 5, &len);

    (void)state;
    assert_non_null(out);
    assert_string_equal(out, "äöüßÄ");
    assert_int_equal(len, strlen("äöüßÄ"));
    free(out);
}

static void
test_cp1252_converts_euro_sign(void **state)
{
    size_t len = 0;
    char *out = ks_cp1252_to_utf8("5 \x80", 3, &len);

    (void)state;
    assert_non_null(out);
    assert_string_equal(out, "5 €");
    assert_int_equal(len, 5);
    free(out);
}

static void
test_cp1252_converts_typographic_quotes(void **state)
{
    char *out = ks_cp1252_to_utf8("\x84Hallo\x93 \x96 \x85", 11, NULL);

    (void)state;
    assert_non_null(out);
    assert_string_equal(out, "„Hallo“ – …");
    free(out);
}

static void
test_cp1252_maps_unused_bytes_to_replacement_character(void **state)
{
    size_t len = 0;
    char *out = ks_cp1252_to_utf8("\x81\x8D\x8F\x90\x9D", 5, &len);

    (void)state;
    assert_non_null(out);
    assert_string_equal(out, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                             "\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_int_equal(len, 15);
    free(out);
}

static void
test_cp1252_leaves_ascii_unchanged(void **state)
{
    const char text[] = "Kommunales Integrationszentrum (KI) 2021!";
    size_t len = 0;
    char *out = ks_cp1252_to_utf8(text, sizeof text - 1, &len);

    (void)state;
    assert_non_null(out);
    assert_string_equal(out, text);
    assert_int_equal(len, sizeof text - 1);
    free(out);
}

static void
test_cp1252_output_is_valid_utf8(void **state)
{
    char all[256];
    size_t len = 0;
    char *out;

    (void)state;
    for (int i = 0; i < 256; i++)
        all[i] = (char)(i == 0 ? ' ' : i);
    out = ks_cp1252_to_utf8(all, sizeof all, &len);
    assert_non_null(out);
    assert_int_equal(strlen(out), len);
    assert_true(ks_utf8_valid(out, len));
    free(out);
}

static void
test_cp1252_of_empty_input_is_empty_string(void **state)
{
    size_t len = 99;
    char *out = ks_cp1252_to_utf8("", 0, &len);

    (void)state;
    assert_non_null(out);
    assert_string_equal(out, "");
    assert_int_equal(len, 0);
    free(out);
}

static void
test_status_str_names_every_code(void **state)
{
    (void)state;
    assert_string_equal(ks_status_str(KS_OK), "ok");
    assert_string_equal(ks_status_str(KS_ERR_NOT_FOUND), "not found");
    assert_string_equal(ks_status_str(KS_ERR_LOCKED), "locked");
    assert_string_equal(ks_status_str(KS_ERR_MODIFIED), "modified");
    assert_string_equal(ks_status_str(KS_ERR_CORRUPT), "corrupt");
    assert_string_equal(ks_status_str(KS_ERR_QUERY_SYNTAX), "query syntax");
    assert_string_equal(ks_status_str(KS_ERR_INVALID), "invalid");
    assert_string_equal(ks_status_str(KS_ERR_NOMEM), "out of memory");
    assert_string_equal(ks_status_str(KS_ERR_IO), "i/o error");
    assert_string_equal(ks_status_str(KS_ERR_INTERNAL), "internal error");
}

static void
test_status_str_of_unknown_code_is_unknown_error(void **state)
{
    (void)state;
    assert_string_equal(ks_status_str((ks_status_t)(KS_ERR_INTERNAL + 1)),
                        "unknown error");
    assert_string_equal(ks_status_str((ks_status_t)-1), "unknown error");
}

static void
test_error_set_fills_code_and_text(void **state)
{
    ks_error_t err;

    (void)state;
    assert_int_equal(ks_error_set(&err, KS_ERR_NOT_FOUND, "no document \"%s\"",
                                  "ki-krefeld"),
                     KS_ERR_NOT_FOUND);
    assert_int_equal(err.code, KS_ERR_NOT_FOUND);
    assert_string_equal(err.text, "no document \"ki-krefeld\"");
}

static void
test_error_set_truncates_long_text(void **state)
{
    char long_text[KS_ERROR_TEXT_SIZE * 2];
    ks_error_t err;

    (void)state;
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    assert_int_equal(ks_error_set(&err, KS_ERR_IO, "%s", long_text), KS_ERR_IO);
    assert_int_equal(err.code, KS_ERR_IO);
    assert_int_equal(strlen(err.text), KS_ERROR_TEXT_SIZE - 1);
    assert_memory_equal(err.text, long_text, KS_ERROR_TEXT_SIZE - 1);
}

static void
test_error_set_with_null_err_returns_code(void **state)
{
    (void)state;
    assert_int_equal(ks_error_set(NULL, KS_ERR_LOCKED, "locked by %d", 42),
                     KS_ERR_LOCKED);
    assert_int_equal(ks_error_set(NULL, KS_OK, "fine"), KS_OK);
}

static void
test_error_clear_resets_code_and_text(void **state)
{
    ks_error_t err;

    (void)state;
    ks_error_set(&err, KS_ERR_CORRUPT, "damaged");
    ks_error_clear(&err);
    assert_int_equal(err.code, KS_OK);
    assert_string_equal(err.text, "");
}

static void
test_error_clear_of_null_is_harmless(void **state)
{
    (void)state;
    ks_error_clear(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid_accepts_ascii),
        cmocka_unit_test(test_utf8_valid_accepts_empty_input),
        cmocka_unit_test(test_utf8_valid_accepts_nul_bytes_as_characters),
        cmocka_unit_test(test_utf8_valid_accepts_two_byte_sequences),
        cmocka_unit_test(test_utf8_valid_accepts_three_byte_sequences),
        cmocka_unit_test(test_utf8_valid_accepts_four_byte_sequences),
        cmocka_unit_test(test_utf8_valid_rejects_overlong_forms),
        cmocka_unit_test(test_utf8_valid_rejects_surrogates),
        cmocka_unit_test(test_utf8_valid_rejects_code_points_above_10ffff),
        cmocka_unit_test(test_utf8_valid_rejects_truncated_sequences),
        cmocka_unit_test(test_utf8_valid_respects_the_length),
        cmocka_unit_test(test_utf8_valid_rejects_lone_continuation_bytes),
        cmocka_unit_test(test_cp1252_converts_latin1_letters),
        cmocka_unit_test(test_cp1252_converts_euro_sign),
        cmocka_unit_test(test_cp1252_converts_typographic_quotes),
        cmocka_unit_test(
            test_cp1252_maps_unused_bytes_to_replacement_character),
        cmocka_unit_test(test_cp1252_leaves_ascii_unchanged),
        cmocka_unit_test(test_cp1252_output_is_valid_utf8),
        cmocka_unit_test(test_cp1252_of_empty_input_is_empty_string),
        cmocka_unit_test(test_status_str_names_every_code),
        cmocka_unit_test(test_status_str_of_unknown_code_is_unknown_error),
        cmocka_unit_test(test_error_set_fills_code_and_text),
        cmocka_unit_test(test_error_set_truncates_long_text),
        cmocka_unit_test(test_error_set_with_null_err_returns_code),
        cmocka_unit_test(test_error_clear_resets_code_and_text),
        cmocka_unit_test(test_error_clear_of_null_is_harmless),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
