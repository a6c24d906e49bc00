/*
 * Unit tests for lib/config.c: defaults, single settings and INI files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <kisearch/config.h>

/* A temporary INI file with @text; its path goes to @path. */
static void
write_temp_file(char *path, size_t size, const char *text)
{
    int fd;
    FILE *file;

    snprintf(path, size, "/tmp/ks-test-config-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    file = fdopen(fd, "w");
    assert_non_null(file);
    assert_int_equal(fputs(text, file) >= 0, 1);
    assert_int_equal(fclose(file), 0);
}

/* Load @text as a config file on top of the defaults. */
static ks_status_t
load_text(const char *text, ks_config_t *cfg, ks_error_t *err, char *path,
          size_t path_size)
{
    ks_status_t st;

    write_temp_file(path, path_size, text);
    ks_config_defaults(cfg);
    st = ks_config_load(cfg, path, err);
    unlink(path);
    return st;
}

/* ks_config_set() rejects @value for @section/@key with KS_ERR_INVALID
 * and leaves the config unchanged. */
static void
set_invalid(const char *section, const char *key, const char *value)
{
    ks_config_t cfg, before;
    ks_error_t err = {KS_OK, ""};

    ks_config_defaults(&cfg);
    memcpy(&before, &cfg, sizeof cfg);
    assert_int_equal(ks_config_set(&cfg, section, key, value, &err),
                     KS_ERR_INVALID);
    assert_int_equal(err.code, KS_ERR_INVALID);
    assert_non_null(strstr(err.text, key));
    assert_memory_equal(&cfg, &before, sizeof cfg);
}

static void
test_defaults_have_documented_values(void **state)
{
    ks_config_t cfg;

    (void)state;
    memset(&cfg, 0xAB, sizeof cfg);
    ks_config_defaults(&cfg);
    assert_string_equal(cfg.db, "");
    assert_int_equal(cfg.batch_size, 1000);
    assert_string_equal(cfg.listen, "127.0.0.1:8080");
    assert_int_equal(cfg.threads, 0);
    assert_int_equal(cfg.max_uri_bytes, 8192);
    assert_int_equal(cfg.max_header_bytes, 16384);
    assert_int_equal(cfg.max_body_bytes, 1024 * 1024);
    assert_int_equal(cfg.timeout_seconds, 30);
    assert_int_equal(cfg.default_limit, 10);
    assert_int_equal(cfg.max_limit, 100);
    assert_int_equal(cfg.max_offset, 10000);
    assert_int_equal(cfg.snippet_bytes, 200);
    assert_int_equal(cfg.max_query_bytes, 1024);
}

static void
test_defaults_keep_default_limit_within_max_limit(void **state)
{
    ks_config_t cfg;

    (void)state;
    ks_config_defaults(&cfg);
    assert_true(cfg.default_limit <= cfg.max_limit);
}

static void
test_set_string_setting(void **state)
{
    ks_config_t cfg;
    ks_error_t err;

    (void)state;
    ks_config_defaults(&cfg);
    assert_int_equal(
        ks_config_set(&cfg, "index", "db", "/var/lib/kisearch", &err), KS_OK);
    assert_string_equal(cfg.db, "/var/lib/kisearch");
    assert_int_equal(
        ks_config_set(&cfg, "server", "listen", "0.0.0.0:9000", &err), KS_OK);
    assert_string_equal(cfg.listen, "0.0.0.0:9000");
}

static void
test_set_empty_string_is_invalid(void **state)
{
    (void)state;
    set_invalid("server", "listen", "");
    set_invalid("index", "db", "");
}

static void
test_set_too_long_string_is_invalid(void **state)
{
    char value[KS_CONFIG_STR_MAX + 1];

    (void)state;
    memset(value, 'a', KS_CONFIG_STR_MAX);
    value[KS_CONFIG_STR_MAX] = '\0';
    set_invalid("index", "db", value);
}

static void
test_set_longest_string_fits(void **state)
{
    char value[KS_CONFIG_STR_MAX];
    ks_config_t cfg;
    ks_error_t err;

    (void)state;
    memset(value, 'a', KS_CONFIG_STR_MAX - 1);
    value[KS_CONFIG_STR_MAX - 1] = '\0';
    ks_config_defaults(&cfg);
    assert_int_equal(ks_config_set(&cfg, "index", "db", value, &err), KS_OK);
    assert_string_equal(cfg.db, value);
}

static void
test_set_unsigned_setting(void **state)
{
    ks_config_t cfg;
    ks_error_t err;

    (void)state;
    ks_config_defaults(&cfg);
    assert_int_equal(ks_config_set(&cfg, "server", "threads", "8", &err),
                     KS_OK);
    assert_int_equal(cfg.threads, 8);
    assert_int_equal(ks_config_set(&cfg, "search", "max_limit", "50", &err),
                     KS_OK);
    assert_int_equal(cfg.max_limit, 50);
    assert_int_equal(ks_config_set(&cfg, "index", "batch_size", "1", &err),
                     KS_OK);
    assert_int_equal(cfg.batch_size, 1);
}

static void
test_set_size_setting(void **state)
{
    ks_config_t cfg;
    ks_error_t err;

    (void)state;
    ks_config_defaults(&cfg);
    assert_int_equal(
        ks_config_set(&cfg, "server", "max_body_bytes", "1073741824", &err),
        KS_OK);
    assert_int_equal(cfg.max_body_bytes, 1073741824);
    assert_int_equal(
        ks_config_set(&cfg, "search", "max_query_bytes", "2048", &err), KS_OK);
    assert_int_equal(cfg.max_query_bytes, 2048);
}

static void
test_set_accepts_range_limits(void **state)
{
    ks_config_t cfg;
    ks_error_t err;

    (void)state;
    ks_config_defaults(&cfg);
    assert_int_equal(ks_config_set(&cfg, "server", "threads", "0", &err),
                     KS_OK);
    assert_int_equal(ks_config_set(&cfg, "server", "threads", "256", &err),
                     KS_OK);
    assert_int_equal(cfg.threads, 256);
    assert_int_equal(ks_config_set(&cfg, "search", "snippet_bytes", "40", &err),
                     KS_OK);
    assert_int_equal(cfg.snippet_bytes, 40);
    assert_int_equal(
        ks_config_set(&cfg, "server", "max_uri_bytes", "256", &err), KS_OK);
    assert_int_equal(cfg.max_uri_bytes, 256);
}

static void
test_set_out_of_range_is_invalid(void **state)
{
    (void)state;
    set_invalid("server", "threads", "257");
    set_invalid("index", "batch_size", "0");
    set_invalid("server", "timeout_seconds", "0");
    set_invalid("server", "timeout_seconds", "3601");
    set_invalid("search", "snippet_bytes", "39");
    set_invalid("server", "max_uri_bytes", "255");
    set_invalid("server", "max_body_bytes", "1073741825");
    set_invalid("search", "max_limit", "1001");
}

static void
test_set_overflowing_number_is_invalid(void **state)
{
    (void)state;
    set_invalid("server", "threads", "99999999999999999999999");
    set_invalid("server", "max_body_bytes", "18446744073709551616");
    /* Wraps to a small value if truncated to 32 bits. */
    set_invalid("server", "threads", "4294967297");
}

static void
test_set_number_with_junk_is_invalid(void **state)
{
    (void)state;
    set_invalid("server", "threads", "12abc");
    set_invalid("server", "threads", "12 ");
    set_invalid("server", "threads", " 12");
    set_invalid("server", "threads", "1.5");
    set_invalid("server", "threads", "0x10");
}

static void
test_set_negative_number_is_invalid(void **state)
{
    (void)state;
    set_invalid("server", "threads", "-1");
    set_invalid("server", "max_body_bytes", "-1");
    set_invalid("server", "threads", "+1");
}

static void
test_set_empty_number_is_invalid(void **state)
{
    (void)state;
    set_invalid("server", "threads", "");
    set_invalid("search", "max_query_bytes", "");
}

static void
test_set_unknown_key_is_not_found(void **state)
{
    ks_config_t cfg, before;
    ks_error_t err;

    (void)state;
    ks_config_defaults(&cfg);
    memcpy(&before, &cfg, sizeof cfg);
    assert_int_equal(ks_config_set(&cfg, "server", "thread", "4", &err),
                     KS_ERR_NOT_FOUND);
    assert_int_equal(err.code, KS_ERR_NOT_FOUND);
    assert_non_null(strstr(err.text, "thread"));
    assert_memory_equal(&cfg, &before, sizeof cfg);
}

static void
test_set_key_in_wrong_section_is_not_found(void **state)
{
    ks_config_t cfg;
    ks_error_t err;

    (void)state;
    ks_config_defaults(&cfg);
    assert_int_equal(ks_config_set(&cfg, "index", "threads", "4", &err),
                     KS_ERR_NOT_FOUND);
    assert_int_equal(ks_config_set(&cfg, "", "threads", "4", &err),
                     KS_ERR_NOT_FOUND);
    assert_int_equal(ks_config_set(&cfg, "Server", "threads", "4", &err),
                     KS_ERR_NOT_FOUND);
    assert_int_equal(cfg.threads, 0);
}

static void
test_set_accepts_null_err(void **state)
{
    ks_config_t cfg;

    (void)state;
    ks_config_defaults(&cfg);
    assert_int_equal(ks_config_set(&cfg, "server", "threads", "x", NULL),
                     KS_ERR_INVALID);
    assert_int_equal(ks_config_set(&cfg, "nope", "nope", "x", NULL),
                     KS_ERR_NOT_FOUND);
}

static void
test_load_good_file(void **state)
{
    char path[64];
    ks_config_t cfg;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    assert_int_equal(load_text("[index]\n"
                               "db = /srv/kisearch/db\n"
                               "batch_size = 500\n"
                               "\n"
                               "[server]\n"
                               "listen = 127.0.0.1:9090\n"
                               "threads = 4\n"
                               "max_body_bytes = 2097152\n"
                               "[search]\n"
                               "default_limit=20\n"
                               "max_limit = 200\n",
                               &cfg, &err, path, sizeof path),
                     KS_OK);
    assert_string_equal(cfg.db, "/srv/kisearch/db");
    assert_int_equal(cfg.batch_size, 500);
    assert_string_equal(cfg.listen, "127.0.0.1:9090");
    assert_int_equal(cfg.threads, 4);
    assert_int_equal(cfg.max_body_bytes, 2097152);
    assert_int_equal(cfg.default_limit, 20);
    assert_int_equal(cfg.max_limit, 200);
    /* Settings the file does not name keep their defaults. */
    assert_int_equal(cfg.timeout_seconds, 30);
    assert_int_equal(cfg.snippet_bytes, 200);
}

static void
test_load_ignores_comments_and_blank_lines(void **state)
{
    char path[64];
    ks_config_t cfg;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    assert_int_equal(load_text("; kisearch settings\n"
                               "# another comment\n"
                               "\n"
                               "[server]\n"
                               "   ; indented comment\n"
                               "# threads = 99\n"
                               "threads = 2\n"
                               "\n",
                               &cfg, &err, path, sizeof path),
                     KS_OK);
    assert_int_equal(cfg.threads, 2);
}

static void
test_load_empty_file_keeps_defaults(void **state)
{
    char path[64];
    ks_config_t cfg, defaults;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    ks_config_defaults(&defaults);
    assert_int_equal(load_text("", &cfg, &err, path, sizeof path), KS_OK);
    assert_memory_equal(&cfg, &defaults, sizeof cfg);
}

static void
test_load_line_too_long_for_inih_names_its_line(void **state)
{
    char path[64], text[KS_CONFIG_STR_MAX + 64], db[KS_CONFIG_STR_MAX];
    char where[96];
    ks_config_t cfg;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    /* inih reads lines of at most INI_MAX_LINE bytes; a longer one must be
     * refused with its own line number, never cut and read as two. */
    db[0] = '/';
    memset(db + 1, 'd', 599);
    db[600] = '\0';
    snprintf(text, sizeof text, "[index]\ndb = %s\n[server]\nthreads = 2\n",
             db);
    assert_int_equal(load_text(text, &cfg, &err, path, sizeof path),
                     KS_ERR_INVALID);
    snprintf(where, sizeof where, "%s:2: ", path);
    assert_non_null(strstr(err.text, where));
    assert_non_null(strstr(err.text, "line longer than"));
    assert_int_equal(cfg.threads, 0);
}

static void
test_load_applies_nothing_after_a_bad_line(void **state)
{
    char path[64];
    ks_config_t cfg;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    assert_int_equal(load_text("[server]\n"
                               "threads = 2\n"
                               "threads = x\n"
                               "threads = 3\n",
                               &cfg, &err, path, sizeof path),
                     KS_ERR_INVALID);
    assert_int_equal(cfg.threads, 2);
}

static void
test_load_unknown_key_names_file_and_line(void **state)
{
    char path[64], where[96];
    ks_config_t cfg;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    assert_int_equal(load_text("[server]\n"
                               "threads = 2\n"
                               "treads = 4\n",
                               &cfg, &err, path, sizeof path),
                     KS_ERR_INVALID);
    assert_int_equal(err.code, KS_ERR_INVALID);
    snprintf(where, sizeof where, "%s:3", path);
    assert_non_null(strstr(err.text, where));
    assert_non_null(strstr(err.text, "treads"));
    /* The line before the bad one stays applied. */
    assert_int_equal(cfg.threads, 2);
}

static void
test_load_bad_value_names_file_and_line(void **state)
{
    char path[64], where[96];
    ks_config_t cfg;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    assert_int_equal(load_text("[search]\n"
                               "\n"
                               "max_limit = lots\n",
                               &cfg, &err, path, sizeof path),
                     KS_ERR_INVALID);
    snprintf(where, sizeof where, "%s:3:", path);
    assert_non_null(strstr(err.text, where));
    assert_non_null(strstr(err.text, "max_limit"));
    assert_int_equal(cfg.max_limit, 100);
}

static void
test_load_key_outside_section_is_invalid(void **state)
{
    char path[64], where[96];
    ks_config_t cfg;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    assert_int_equal(load_text("threads = 2\n", &cfg, &err, path, sizeof path),
                     KS_ERR_INVALID);
    snprintf(where, sizeof where, "%s:1:", path);
    assert_non_null(strstr(err.text, where));
}

static void
test_load_line_without_equals_is_invalid(void **state)
{
    char path[64], where[96];
    ks_config_t cfg;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    assert_int_equal(load_text("[server]\n"
                               "threads = 2\n"
                               "this is not a setting\n",
                               &cfg, &err, path, sizeof path),
                     KS_ERR_INVALID);
    assert_int_equal(err.code, KS_ERR_INVALID);
    snprintf(where, sizeof where, "%s:3:", path);
    assert_non_null(strstr(err.text, where));
}

static void
test_load_unterminated_section_is_invalid(void **state)
{
    char path[64], where[96];
    ks_config_t cfg;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    assert_int_equal(
        load_text("[server\nthreads = 2\n", &cfg, &err, path, sizeof path),
        KS_ERR_INVALID);
    snprintf(where, sizeof where, "%s:1:", path);
    assert_non_null(strstr(err.text, where));
}

static void
test_load_missing_file_is_not_found(void **state)
{
    ks_config_t cfg, before;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    ks_config_defaults(&cfg);
    memcpy(&before, &cfg, sizeof cfg);
    assert_int_equal(
        ks_config_load(&cfg, "/nonexistent/kisearch-test.conf", &err),
        KS_ERR_NOT_FOUND);
    assert_int_equal(err.code, KS_ERR_NOT_FOUND);
    assert_non_null(strstr(err.text, "/nonexistent/kisearch-test.conf"));
    assert_memory_equal(&cfg, &before, sizeof cfg);
}

static void
test_load_accepts_null_err(void **state)
{
    ks_config_t cfg;

    (void)state;
    ks_config_defaults(&cfg);
    assert_int_equal(ks_config_load(&cfg, "/nonexistent/kisearch.conf", NULL),
                     KS_ERR_NOT_FOUND);
}

static void
test_shipped_example_config_loads(void **state)
{
    const char *dir = getenv("KS_CONFIG_DIR");
    char path[4096];
    ks_config_t cfg;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    if (dir == NULL)
        skip();
    snprintf(path, sizeof path, "%s/kisearch.conf", dir);
    if (access(path, R_OK) != 0)
        skip();
    ks_config_defaults(&cfg);
    if (ks_config_load(&cfg, path, &err) != KS_OK)
        fail_msg("%s", err.text);
    assert_true(cfg.default_limit <= cfg.max_limit);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_have_documented_values),
        cmocka_unit_test(test_defaults_keep_default_limit_within_max_limit),
        cmocka_unit_test(test_set_string_setting),
        cmocka_unit_test(test_set_empty_string_is_invalid),
        cmocka_unit_test(test_set_too_long_string_is_invalid),
        cmocka_unit_test(test_set_longest_string_fits),
        cmocka_unit_test(test_set_unsigned_setting),
        cmocka_unit_test(test_set_size_setting),
        cmocka_unit_test(test_set_accepts_range_limits),
        cmocka_unit_test(test_set_out_of_range_is_invalid),
        cmocka_unit_test(test_set_overflowing_number_is_invalid),
        cmocka_unit_test(test_set_number_with_junk_is_invalid),
        cmocka_unit_test(test_set_negative_number_is_invalid),
        cmocka_unit_test(test_set_empty_number_is_invalid),
        cmocka_unit_test(test_set_unknown_key_is_not_found),
        cmocka_unit_test(test_set_key_in_wrong_section_is_not_found),
        cmocka_unit_test(test_set_accepts_null_err),
        cmocka_unit_test(test_load_good_file),
        cmocka_unit_test(test_load_ignores_comments_and_blank_lines),
        cmocka_unit_test(test_load_empty_file_keeps_defaults),
        cmocka_unit_test(test_load_line_too_long_for_inih_names_its_line),
        cmocka_unit_test(test_load_applies_nothing_after_a_bad_line),
        cmocka_unit_test(test_load_unknown_key_names_file_and_line),
        cmocka_unit_test(test_load_bad_value_names_file_and_line),
        cmocka_unit_test(test_load_key_outside_section_is_invalid),
        cmocka_unit_test(test_load_line_without_equals_is_invalid),
        cmocka_unit_test(test_load_unterminated_section_is_invalid),
        cmocka_unit_test(test_load_missing_file_is_not_found),
        cmocka_unit_test(test_load_accepts_null_err),
        cmocka_unit_test(test_shipped_example_config_loads),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
