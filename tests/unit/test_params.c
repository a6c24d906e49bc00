/*
 * Unit tests for server/params.c: strict decoding of query strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "params.h"

/* Decode @s and expect @expected. */
static void
decode_ok(const char *s, bool plus_is_space, const char *expected)
{
    char why[128] = "";
    char *out = params_decode(s, strlen(s), plus_is_space, why, sizeof why);

    assert_non_null(out);
    assert_string_equal(out, expected);
    assert_string_equal(why, "");
    free(out);
}

/* Decode @s and expect a failure whose reason contains @reason. */
static void
decode_fails(const char *s, const char *reason)
{
    char why[128] = "";
    char *out = params_decode(s, strlen(s), true, why, sizeof why);

    assert_null(out);
    assert_non_null(strstr(why, reason));
}

static void
test_decode_plain_text_is_unchanged(void **state)
{
    (void)state;
    decode_ok("integrationszentrum", true, "integrationszentrum");
    decode_ok("", true, "");
}

static void
test_decode_percent_escapes(void **state)
{
    (void)state;
    decode_ok("a%20b", false, "a b");
    decode_ok("%41%62%63", false, "Abc");
    decode_ok("x%3dy%26z", false, "x=y&z");
    decode_ok("%2B", true, "+");
    decode_ok("100%25", false, "100%");
}

static void
test_decode_plus_is_space_only_when_asked(void **state)
{
    (void)state;
    decode_ok("guter+lebensabend", true, "guter lebensabend");
    decode_ok("guter+lebensabend", false, "guter+lebensabend");
}

static void
test_decode_valid_utf8_escape(void **state)
{
    (void)state;
    decode_ok("G%C3%BCler", false, "Güler");
    decode_ok("%c3%bc", false, "ü");
    decode_ok("%E2%82%AC", false, "€");
}

static void
test_decode_respects_length(void **state)
{
    char why[64] = "";
    char *out = params_decode("abc%zz", 3, false, why, sizeof why);

    (void)state;
    assert_non_null(out);
    assert_string_equal(out, "abc");
    free(out);
}

static void
test_decode_rejects_non_hex_escape(void **state)
{
    (void)state;
    decode_fails("%zz", "percent-encoding");
    decode_fails("a%g1", "percent-encoding");
    decode_fails("a%1g", "percent-encoding");
}

static void
test_decode_rejects_short_escape(void **state)
{
    (void)state;
    decode_fails("%4", "percent-encoding");
    decode_fails("ab%4", "percent-encoding");
}

static void
test_decode_rejects_trailing_percent(void **state)
{
    (void)state;
    decode_fails("%", "percent-encoding");
    decode_fails("abc%", "percent-encoding");
}

static void
test_decode_rejects_nul_byte(void **state)
{
    (void)state;
    decode_fails("%00", "NUL");
    decode_fails("a%00b", "NUL");
}

static void
test_decode_rejects_invalid_utf8(void **state)
{
    (void)state;
    decode_fails("%C3", "UTF-8");
    decode_fails("Stra%DFe", "UTF-8");
    decode_fails("%C0%80", "UTF-8");
    decode_fails("%ED%A0%80", "UTF-8");
}

static void
test_decode_rejects_raw_invalid_utf8(void **state)
{
    (void)state;
    decode_fails("Stra\xDF"
                 "e",
                 "UTF-8");
}

static void
test_parse_null_gives_no_pairs(void **state)
{
    struct params params = {(struct param *)1, 7};
    char why[64] = "";

    (void)state;
    assert_true(params_parse(NULL, &params, why, sizeof why));
    assert_int_equal(params.count, 0);
    assert_null(params.items);
    params_free(&params);
}

static void
test_parse_empty_gives_no_pairs(void **state)
{
    struct params params;
    char why[64] = "";

    (void)state;
    assert_true(params_parse("", &params, why, sizeof why));
    assert_int_equal(params.count, 0);
    params_free(&params);
}

static void
test_parse_decodes_pairs_in_order(void **state)
{
    struct params params;
    char why[64] = "";

    (void)state;
    assert_true(params_parse("a=1&b=x+y", &params, why, sizeof why));
    assert_int_equal(params.count, 2);
    assert_string_equal(params.items[0].key, "a");
    assert_string_equal(params.items[0].value, "1");
    assert_string_equal(params.items[1].key, "b");
    assert_string_equal(params.items[1].value, "x y");
    params_free(&params);
}

static void
test_parse_decodes_escapes_in_keys_and_values(void **state)
{
    struct params params;
    char why[64] = "";

    (void)state;
    assert_true(params_parse("q=G%C3%BCler%20%26+Co&m%79=%3D", &params, why,
                             sizeof why));
    assert_int_equal(params.count, 2);
    assert_string_equal(params.items[0].key, "q");
    assert_string_equal(params.items[0].value, "Güler & Co");
    assert_string_equal(params.items[1].key, "my");
    assert_string_equal(params.items[1].value, "=");
    params_free(&params);
}

static void
test_parse_key_without_equals_has_empty_value(void **state)
{
    struct params params;
    char why[64] = "";

    (void)state;
    assert_true(params_parse("a", &params, why, sizeof why));
    assert_int_equal(params.count, 1);
    assert_string_equal(params.items[0].key, "a");
    assert_string_equal(params.items[0].value, "");
    params_free(&params);
}

static void
test_parse_empty_value_after_equals(void **state)
{
    struct params params;
    char why[64] = "";

    (void)state;
    assert_true(params_parse("q=&limit=5", &params, why, sizeof why));
    assert_int_equal(params.count, 2);
    assert_string_equal(params.items[0].key, "q");
    assert_string_equal(params.items[0].value, "");
    assert_string_equal(params.items[1].value, "5");
    params_free(&params);
}

static void
test_parse_value_keeps_further_equals(void **state)
{
    struct params params;
    char why[64] = "";

    (void)state;
    assert_true(params_parse("q=a=b", &params, why, sizeof why));
    assert_int_equal(params.count, 1);
    assert_string_equal(params.items[0].key, "q");
    assert_string_equal(params.items[0].value, "a=b");
    params_free(&params);
}

static void
test_parse_skips_empty_pairs(void **state)
{
    struct params params;
    char why[64] = "";

    (void)state;
    assert_true(params_parse("&&a=1&", &params, why, sizeof why));
    assert_int_equal(params.count, 1);
    assert_string_equal(params.items[0].key, "a");
    assert_string_equal(params.items[0].value, "1");
    params_free(&params);
}

static void
test_count_counts_repeated_keys_and_gives_first_value(void **state)
{
    struct params params;
    const char *first = "unset";
    char why[64] = "";

    (void)state;
    assert_true(
        params_parse("q=eins&limit=5&q=zwei&q=drei", &params, why, sizeof why));
    assert_int_equal(params_count(&params, "q", &first), 3);
    assert_string_equal(first, "eins");
    assert_int_equal(params_count(&params, "limit", &first), 1);
    assert_string_equal(first, "5");
    assert_int_equal(params_count(&params, "limit", NULL), 1);
    params_free(&params);
}

static void
test_count_of_missing_key_is_zero_and_first_null(void **state)
{
    struct params params;
    const char *first = "unset";
    char why[64] = "";

    (void)state;
    assert_true(params_parse("q=1", &params, why, sizeof why));
    assert_int_equal(params_count(&params, "offset", &first), 0);
    assert_null(first);
    assert_int_equal(params_count(&params, "Q", &first), 0);
    params_free(&params);
}

static void
test_parse_bad_pair_fails_with_message(void **state)
{
    struct params params;
    char why[64] = "";

    (void)state;
    assert_false(params_parse("a=1&q=%zz&b=2", &params, why, sizeof why));
    assert_non_null(strstr(why, "percent-encoding"));
    assert_int_equal(params.count, 0);
    assert_null(params.items);
    params_free(&params);
}

static void
test_parse_bad_key_fails_with_message(void **state)
{
    struct params params;
    char why[64] = "";

    (void)state;
    assert_false(params_parse("a=1&%C3=x", &params, why, sizeof why));
    assert_non_null(strstr(why, "UTF-8"));
    assert_int_equal(params.count, 0);
}

static void
test_parse_nul_in_value_fails(void **state)
{
    struct params params;
    char why[64] = "";

    (void)state;
    assert_false(params_parse("q=a%00b", &params, why, sizeof why));
    assert_non_null(strstr(why, "NUL"));
    assert_int_equal(params.count, 0);
}

static void
test_free_zeroed_struct_is_harmless(void **state)
{
    struct params params = {NULL, 0};

    (void)state;
    params_free(&params);
    assert_null(params.items);
    assert_int_equal(params.count, 0);
    params_free(&params);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_plain_text_is_unchanged),
        cmocka_unit_test(test_decode_percent_escapes),
        cmocka_unit_test(test_decode_plus_is_space_only_when_asked),
        cmocka_unit_test(test_decode_valid_utf8_escape),
        cmocka_unit_test(test_decode_respects_length),
        cmocka_unit_test(test_decode_rejects_non_hex_escape),
        cmocka_unit_test(test_decode_rejects_short_escape),
        cmocka_unit_test(test_decode_rejects_trailing_percent),
        cmocka_unit_test(test_decode_rejects_nul_byte),
        cmocka_unit_test(test_decode_rejects_invalid_utf8),
        cmocka_unit_test(test_decode_rejects_raw_invalid_utf8),
        cmocka_unit_test(test_parse_null_gives_no_pairs),
        cmocka_unit_test(test_parse_empty_gives_no_pairs),
        cmocka_unit_test(test_parse_decodes_pairs_in_order),
        cmocka_unit_test(test_parse_decodes_escapes_in_keys_and_values),
        cmocka_unit_test(test_parse_key_without_equals_has_empty_value),
        cmocka_unit_test(test_parse_empty_value_after_equals),
        cmocka_unit_test(test_parse_value_keeps_further_equals),
        cmocka_unit_test(test_parse_skips_empty_pairs),
        cmocka_unit_test(test_count_counts_repeated_keys_and_gives_first_value),
        cmocka_unit_test(test_count_of_missing_key_is_zero_and_first_null),
        cmocka_unit_test(test_parse_bad_pair_fails_with_message),
        cmocka_unit_test(test_parse_bad_key_fails_with_message),
        cmocka_unit_test(test_parse_nul_in_value_fails),
        cmocka_unit_test(test_free_zeroed_struct_is_harmless),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
