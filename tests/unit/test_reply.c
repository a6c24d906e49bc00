/*
 * Unit tests for server/reply.c: the mapping from library status codes
 * to HTTP, reason phrases and the JSON error body; and for
 * server/json_out.c, the writer of the search answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include <kisearch/error.h>

#include "json_out.h"
#include "reply.h"

/* reply_http_status(@status) gives @http and @code. */
static void
check_status(ks_status_t status, int http, const char *code)
{
    const char *got = NULL;

    assert_int_equal(reply_http_status(status, &got), http);
    assert_non_null(got);
    assert_string_equal(got, code);
}

static void
test_ok_maps_to_200(void **state)
{
    (void)state;
    check_status(KS_OK, 200, "ok");
}

static void
test_not_found_maps_to_404(void **state)
{
    (void)state;
    check_status(KS_ERR_NOT_FOUND, 404, "not_found");
}

static void
test_invalid_and_query_syntax_map_to_400(void **state)
{
    (void)state;
    check_status(KS_ERR_INVALID, 400, "bad_request");
    check_status(KS_ERR_QUERY_SYNTAX, 400, "bad_request");
}

static void
test_index_trouble_maps_to_503(void **state)
{
    (void)state;
    check_status(KS_ERR_LOCKED, 503, "unavailable");
    check_status(KS_ERR_MODIFIED, 503, "unavailable");
    check_status(KS_ERR_CORRUPT, 503, "unavailable");
    check_status(KS_ERR_IO, 503, "unavailable");
    check_status(KS_ERR_NOMEM, 503, "unavailable");
}

static void
test_internal_maps_to_500(void **state)
{
    (void)state;
    check_status(KS_ERR_INTERNAL, 500, "internal");
}

static void
test_unknown_status_maps_to_500(void **state)
{
    (void)state;
    check_status((ks_status_t)(KS_ERR_INTERNAL + 1), 500, "internal");
}

static void
test_every_error_status_maps_to_an_error_code(void **state)
{
    (void)state;
    for (int s = KS_ERR_NOT_FOUND; s <= KS_ERR_INTERNAL; s++) {
        const char *code = NULL;
        int http = reply_http_status((ks_status_t)s, &code);

        assert_in_range(http, 400, 599);
        assert_non_null(code);
        assert_string_not_equal(code, "ok");
    }
}

static void
test_reason_of_client_errors(void **state)
{
    (void)state;
    assert_string_equal(reply_reason(400), "Bad Request");
    assert_string_equal(reply_reason(404), "Not Found");
    assert_string_equal(reply_reason(405), "Method Not Allowed");
    assert_string_equal(reply_reason(413), "Content Too Large");
    assert_string_equal(reply_reason(414), "URI Too Long");
    assert_string_equal(reply_reason(431), "Request Header Fields Too Large");
}

static void
test_reason_of_server_errors(void **state)
{
    (void)state;
    assert_string_equal(reply_reason(500), "Internal Server Error");
    assert_string_equal(reply_reason(503), "Service Unavailable");
}

static void
test_reason_of_200_is_ok(void **state)
{
    (void)state;
    assert_string_equal(reply_reason(200), "OK");
}

static void
test_reason_of_unlisted_status_is_generic(void **state)
{
    (void)state;
    assert_string_equal(reply_reason(418), "Client Error");
    assert_string_equal(reply_reason(599), "Server Error");
}

static void
test_error_body_has_code_and_message(void **state)
{
    json_t *body = reply_error_body("not_found", "no document \"ki-x\"");
    json_t *error;

    (void)state;
    assert_non_null(body);
    assert_true(json_is_object(body));
    assert_int_equal(json_object_size(body), 1);
    error = json_object_get(body, "error");
    assert_true(json_is_object(error));
    assert_int_equal(json_object_size(error), 2);
    assert_string_equal(json_string_value(json_object_get(error, "code")),
                        "not_found");
    assert_string_equal(json_string_value(json_object_get(error, "message")),
                        "no document \"ki-x\"");
    json_decref(body);
}

static void
test_error_body_serialises_to_expected_json(void **state)
{
    json_t *body = reply_error_body("bad_request", "Güler <b>");
    char *text;

    (void)state;
    assert_non_null(body);
    text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
    assert_non_null(text);
    assert_string_equal(text, "{\"error\":{\"code\":\"bad_request\","
                              "\"message\":\"Güler <b>\"}}");
    free(text);
    json_decref(body);
}

static void
test_error_body_with_invalid_utf8_message_is_null(void **state)
{
    (void)state;
    /* jansson refuses strings that are not UTF-8; reply_error() cleans
     * messages before building the body, so NULL here is the contract. */
    assert_null(reply_error_body("bad_request", "Stra\xDF"
                                                "e"));
}

/* The text @o holds, parsed back with jansson; fails when it is not
 * JSON. */
static json_t *
parsed(const struct json_out *o)
{
    json_error_t jerr;
    json_t *v;

    assert_false(o->failed);
    v = json_loadb(o->data, o->len, JSON_DECODE_ANY, &jerr);
    if (v == NULL)
        fail_msg("not JSON (%s): %s", jerr.text, o->data);
    return v;
}

static void
test_json_out_nests_with_commas_where_due(void **state)
{
    struct json_out o;

    (void)state;
    json_out_init(&o);
    json_out_open(&o, '{');
    json_out_key(&o, "a");
    json_out_open(&o, '[');
    json_out_int(&o, 1);
    json_out_open(&o, '{');
    json_out_close(&o, '}');
    json_out_open(&o, '[');
    json_out_close(&o, ']');
    json_out_null(&o);
    json_out_close(&o, ']');
    json_out_key(&o, "b");
    json_out_bool(&o, true);
    json_out_key(&o, "c");
    json_out_bool(&o, false);
    json_out_key(&o, "d");
    json_out_string(&o, NULL);
    json_out_close(&o, '}');
    assert_string_equal(
        o.data, "{\"a\":[1,{},[],null],\"b\":true,\"c\":false,\"d\":null}");
    json_decref(parsed(&o));
    json_out_free(&o);
    assert_null(o.data);
}

static void
test_json_out_escapes_strings_and_keeps_utf8(void **state)
{
    static const char text[] = "Zitat \"x\" \\ a\tb\nc\r\b\f\x01\x1f "
                               "Müller – „Griffbereit“ </script>";
    struct json_out o;
    json_t *v;

    (void)state;
    json_out_init(&o);
    json_out_string(&o, text);
    assert_string_equal(o.data,
                        "\"Zitat \\\"x\\\" \\\\ a\\tb\\nc\\r\\b\\f"
                        "\\u0001\\u001f Müller – „Griffbereit“ </script>\"");
    v = parsed(&o);
    assert_string_equal(json_string_value(v), text);
    json_decref(v);
    json_out_free(&o);
}

static void
test_json_out_replaces_bytes_that_are_not_utf8(void **state)
{
    struct json_out o;
    json_t *v;

    (void)state;
    json_out_init(&o);
    json_out_string(&o, "Stra\xDF"
                        "e \"");
    v = parsed(&o);
    assert_string_equal(json_string_value(v), "Stra\xEF\xBF\xBD"
                                              "e \"");
    json_decref(v);
    json_out_free(&o);
}

static void
test_json_out_writes_numbers_as_jansson_did(void **state)
{
    struct json_out o;

    (void)state;
    json_out_init(&o);
    json_out_open(&o, '[');
    json_out_real(&o, 45.42789);
    json_out_real(&o, 2);
    json_out_real(&o, 1.51);
    json_out_real(&o, 1e-7);
    json_out_real(&o, 1.0 / 0.0);
    json_out_int(&o, -3);
    json_out_int(&o, 9007199254740993LL);
    json_out_close(&o, ']');
    assert_string_equal(o.data,
                        "[45.4279,2.0,1.51,1e-07,null,-3,9007199254740993]");
    json_decref(parsed(&o));
    json_out_free(&o);
}

/* Many pieces: the buffer grows past its first 4 KB. */
static void
test_json_out_grows(void **state)
{
    struct json_out o;
    json_t *v;

    (void)state;
    json_out_init(&o);
    json_out_open(&o, '[');
    for (int i = 0; i < 5000; i++)
        json_out_string(&o, "Griffbereit");
    json_out_close(&o, ']');
    v = parsed(&o);
    assert_int_equal(json_array_size(v), 5000);
    json_decref(v);
    json_out_free(&o);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ok_maps_to_200),
        cmocka_unit_test(test_not_found_maps_to_404),
        cmocka_unit_test(test_invalid_and_query_syntax_map_to_400),
        cmocka_unit_test(test_index_trouble_maps_to_503),
        cmocka_unit_test(test_internal_maps_to_500),
        cmocka_unit_test(test_unknown_status_maps_to_500),
        cmocka_unit_test(test_every_error_status_maps_to_an_error_code),
        cmocka_unit_test(test_reason_of_client_errors),
        cmocka_unit_test(test_reason_of_server_errors),
        cmocka_unit_test(test_reason_of_200_is_ok),
        cmocka_unit_test(test_reason_of_unlisted_status_is_generic),
        cmocka_unit_test(test_error_body_has_code_and_message),
        cmocka_unit_test(test_error_body_serialises_to_expected_json),
        cmocka_unit_test(test_error_body_with_invalid_utf8_message_is_null),
        cmocka_unit_test(test_json_out_nests_with_commas_where_due),
        cmocka_unit_test(test_json_out_escapes_strings_and_keeps_utf8),
        cmocka_unit_test(test_json_out_replaces_bytes_that_are_not_utf8),
        cmocka_unit_test(test_json_out_writes_numbers_as_jansson_did),
        cmocka_unit_test(test_json_out_grows),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
