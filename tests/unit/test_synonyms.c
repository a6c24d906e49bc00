/*
 * Unit tests for lib/synonyms.c: the synonym file parser, its error
 * reports, lookups, normalisation, and the shipped config/synonyms.tsv
 * and config/stopwords.txt.
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

#include "synonyms-int.h"

/* Parse @text, which must be valid; the result is new. */
static ksi_synonyms_t *
parse_ok(const char *text)
{
    ksi_synonyms_t *syn = NULL;
    ks_error_t err = {KS_OK, ""};

    if (ksi_synonyms_parse(text, strlen(text), "test.tsv", &syn, &err) != KS_OK)
        fail_msg("unexpected error: %s", err.text);
    assert_non_null(syn);
    return syn;
}

/* Parse @text, which must fail with KS_ERR_INVALID and exactly
 * @expected as the error text. */
static void
assert_parse_error(const char *text, const char *expected)
{
    ksi_synonyms_t *syn = (ksi_synonyms_t *)&syn; /* must be reset */
    ks_error_t err = {KS_OK, ""};

    assert_int_equal(
        ksi_synonyms_parse(text, strlen(text), "test.tsv", &syn, &err),
        KS_ERR_INVALID);
    assert_null(syn);
    assert_int_equal(err.code, KS_ERR_INVALID);
    assert_string_equal(err.text, expected);
}

/* Whether @phrase is among the NULL-terminated @list. */
static bool
contains(const char *const *list, const char *phrase)
{
    for (; list != NULL && *list != NULL; list++)
        if (strcmp(*list, phrase) == 0)
            return true;
    return false;
}

static size_t
length(const char *const *list)
{
    size_t n = 0;

    while (list != NULL && list[n] != NULL)
        n++;
    return n;
}

/* A temporary file with @text; its path goes to @path. */
static void
write_temp_file(char *path, size_t size, const char *text)
{
    int fd;
    FILE *file;

    snprintf(path, size, "/tmp/ks-test-synonyms-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    file = fdopen(fd, "w");
    assert_non_null(file);
    assert_true(fputs(text, file) >= 0);
    assert_int_equal(fclose(file), 0);
}

/* The path of @file in $KS_CONFIG_DIR; skips the test when it is unset. */
static void
config_path(char *path, size_t size, const char *file)
{
    const char *dir = getenv("KS_CONFIG_DIR");

    if (dir == NULL || dir[0] == '\0')
        skip();
    snprintf(path, size, "%s/%s", dir, file);
}

static void
test_parse_good_groups_counts_them(void **state)
{
    ksi_synonyms_t *syn;

    (void)state;
    syn = parse_ok("KI\tKommunales Integrationszentrum\tKommunale "
                   "Integrationszentren\n"
                   "NRW\tNordrhein-Westfalen\n"
                   "Kita\tKindertagesstätte\n");
    assert_int_equal(ksi_synonyms_groups(syn), 3);
    ksi_synonyms_free(syn);
}

static void
test_lookup_finds_expansion_of_abbreviation(void **state)
{
    ksi_synonyms_t *syn;
    const char *const *found;

    (void)state;
    syn = parse_ok("KI\tKommunales Integrationszentrum\tKommunale "
                   "Integrationszentren\n");
    found = ksi_synonyms_lookup(syn, "ki");
    assert_int_equal(length(found), 2);
    assert_string_equal(found[0], "kommunales integrationszentrum");
    assert_string_equal(found[1], "kommunale integrationszentren");
    ksi_synonyms_free(syn);
}

static void
test_lookup_finds_abbreviation_of_multiword_phrase(void **state)
{
    ksi_synonyms_t *syn;
    const char *const *found;

    (void)state;
    syn = parse_ok("KI\tKommunales Integrationszentrum\tKommunale "
                   "Integrationszentren\n");
    found = ksi_synonyms_lookup(syn, "kommunales integrationszentrum");
    assert_int_equal(length(found), 2);
    assert_string_equal(found[0], "ki");
    assert_string_equal(found[1], "kommunale integrationszentren");
    found = ksi_synonyms_lookup(syn, "kommunale integrationszentren");
    assert_true(contains(found, "ki"));
    assert_false(contains(found, "kommunale integrationszentren"));
    ksi_synonyms_free(syn);
}

static void
test_lookup_of_unknown_phrase_gives_null(void **state)
{
    ksi_synonyms_t *syn;

    (void)state;
    syn = parse_ok("NRW\tNordrhein-Westfalen\n");
    assert_null(ksi_synonyms_lookup(syn, "bayern"));
    assert_null(ksi_synonyms_lookup(syn, "nordrhein"));
    assert_null(ksi_synonyms_lookup(syn, "nrw nordrhein-westfalen"));
    assert_null(ksi_synonyms_lookup(syn, ""));
    /* Lookups expect normalised input; capitals are not folded here. */
    assert_null(ksi_synonyms_lookup(syn, "NRW"));
    ksi_synonyms_free(syn);
}

static void
test_lookup_on_null_set_gives_null(void **state)
{
    (void)state;
    assert_null(ksi_synonyms_lookup(NULL, "ki"));
    assert_int_equal(ksi_synonyms_groups(NULL), 0);
    ksi_synonyms_free(NULL);
}

static void
test_phrases_are_case_folded_including_umlauts(void **state)
{
    ksi_synonyms_t *syn;
    const char *const *found;

    (void)state;
    syn = parse_ok("ÄRZTE\tÄrztinnen und Ärzte\n"
                   "ÖGD\tÖffentlicher Gesundheitsdienst\n"
                   "ÜBERSETZUNG\tÜbertragung\n"
                   "GROẞELTERN\tOma und Opa\n");
    found = ksi_synonyms_lookup(syn, "ärzte");
    assert_int_equal(length(found), 1);
    assert_string_equal(found[0], "ärztinnen und ärzte");
    found = ksi_synonyms_lookup(syn, "ögd");
    assert_string_equal(found[0], "öffentlicher gesundheitsdienst");
    found = ksi_synonyms_lookup(syn, "übertragung");
    assert_string_equal(found[0], "übersetzung");
    found = ksi_synonyms_lookup(syn, "großeltern");
    assert_string_equal(found[0], "oma und opa");
    ksi_synonyms_free(syn);
}

static void
test_normalise_folds_case_and_white_space(void **state)
{
    const char *in = "  KiTa \t  Über\r\nÄÖÜ-ẞ   Éa  ";
    char out[64];

    (void)state;
    assert_true(ksi_synonyms_normalise(in, strlen(in), out, sizeof out));
    /* É is not German, so it stays as it is. */
    assert_string_equal(out, "kita über äöü-ß Éa");
}

static void
test_normalise_reports_when_output_does_not_fit(void **state)
{
    char out[5];

    (void)state;
    assert_true(ksi_synonyms_normalise("ABCD", 4, out, sizeof out));
    assert_string_equal(out, "abcd");
    assert_false(ksi_synonyms_normalise("ABCDE", 5, out, sizeof out));
    assert_string_equal(out, "abcd");
    /* Ä needs two bytes; half of it would be invalid UTF-8. */
    assert_false(ksi_synonyms_normalise("abcÄ", 5, out, sizeof out));
    assert_string_equal(out, "abc");
    assert_false(ksi_synonyms_normalise("a", 1, out, 0));
}

static void
test_normalise_shrinks_capital_sharp_s(void **state)
{
    char out[3];

    (void)state;
    /* U+1E9E is 3 bytes, ß is 2, so 3 bytes of output suffice. */
    assert_true(ksi_synonyms_normalise("\xE1\xBA\x9E", 3, out, sizeof out));
    assert_string_equal(out, "ß");
}

static void
test_phrase_in_two_groups_gets_union(void **state)
{
    ksi_synonyms_t *syn;
    const char *const *found;

    (void)state;
    syn = parse_ok("ZAB\tZentrale Ausländerbehörde\n"
                   "ZAB\tZentralstelle für ausländisches Bildungswesen\t"
                   "Zentrale Ausländerbehörde\n");
    found = ksi_synonyms_lookup(syn, "zab");
    assert_int_equal(length(found), 2);
    assert_string_equal(found[0], "zentrale ausländerbehörde");
    assert_string_equal(found[1],
                        "zentralstelle für ausländisches bildungswesen");
    /* Not transitive: only groups holding the phrase count, and the
     * phrase shared by both groups is listed once. */
    found = ksi_synonyms_lookup(syn, "zentrale ausländerbehörde");
    assert_int_equal(length(found), 2);
    found = ksi_synonyms_lookup(
        syn, "zentralstelle für ausländisches bildungswesen");
    assert_int_equal(length(found), 2);
    ksi_synonyms_free(syn);
}

static void
test_repeated_phrase_in_group_counts_once(void **state)
{
    ksi_synonyms_t *syn;
    const char *const *found;

    (void)state;
    syn = parse_ok("Kita\tKiTa\tKITA\tKindertagesstätte\n");
    found = ksi_synonyms_lookup(syn, "kita");
    assert_int_equal(length(found), 1);
    assert_string_equal(found[0], "kindertagesstätte");
    ksi_synonyms_free(syn);
}

static void
test_comments_blank_lines_and_crlf_are_skipped(void **state)
{
    ksi_synonyms_t *syn;
    const char *const *found;

    (void)state;
    syn = parse_ok("\xEF\xBB\xBF# Synonyms\r\n"
                   "\r\n"
                   "   \t \r\n"
                   "  # indented comment\twith a tab\r\n"
                   "VHS\tVolkshochschule\r\n"
                   "\n"
                   "DaZ \t  Deutsch   als Zweitsprache  \r\n"
                   "HSU\tHerkunftssprachlicher Unterricht");
    assert_int_equal(ksi_synonyms_groups(syn), 3);
    found = ksi_synonyms_lookup(syn, "volkshochschule");
    assert_string_equal(found[0], "vhs");
    found = ksi_synonyms_lookup(syn, "daz");
    assert_string_equal(found[0], "deutsch als zweitsprache");
    found = ksi_synonyms_lookup(syn, "hsu");
    assert_string_equal(found[0], "herkunftssprachlicher unterricht");
    assert_null(ksi_synonyms_lookup(syn, "# synonyms"));
    ksi_synonyms_free(syn);
}

static void
test_empty_text_gives_no_groups(void **state)
{
    ksi_synonyms_t *syn;

    (void)state;
    syn = parse_ok("");
    assert_int_equal(ksi_synonyms_groups(syn), 0);
    assert_null(ksi_synonyms_lookup(syn, "ki"));
    ksi_synonyms_free(syn);
    syn = parse_ok("# nothing yet\n\n");
    assert_int_equal(ksi_synonyms_groups(syn), 0);
    ksi_synonyms_free(syn);
}

static void
test_line_with_one_phrase_is_reported_with_line_number(void **state)
{
    (void)state;
    assert_parse_error("# header\nKI\tKommunales Integrationszentrum\n"
                       "NRW\n",
                       "test.tsv:3: only one phrase; a group needs at least "
                       "two, separated by tabs");
}

static void
test_line_of_identical_phrases_is_reported_with_line_number(void **state)
{
    (void)state;
    assert_parse_error("\n\nKita\tKITA\n",
                       "test.tsv:3: all phrases are the same after "
                       "lower-casing; a group needs at least two different "
                       "ones");
}

static void
test_empty_phrase_is_reported_with_line_number(void **state)
{
    const char *expected = "test.tsv:2: phrase 2 is empty (two tabs in a row "
                           "or a tab at the start or end of the line?)";

    (void)state;
    assert_parse_error("VHS\tVolkshochschule\nKI\t\tKommunales "
                       "Integrationszentrum\n",
                       expected);
    assert_parse_error("VHS\tVolkshochschule\nKI\t  \tKommunales "
                       "Integrationszentrum\n",
                       expected);
    assert_parse_error("VHS\tVolkshochschule\r\nKI\t\r\n", expected);
    assert_parse_error("# x\n\tKI\tKommunales Integrationszentrum\n",
                       "test.tsv:2: phrase 1 is empty (two tabs in a row "
                       "or a tab at the start or end of the line?)");
}

static void
test_phrase_of_five_words_is_reported_with_line_number(void **state)
{
    ksi_synonyms_t *syn;

    (void)state;
    /* Four words is the limit and fine. */
    syn = parse_ok("LaKI\tLandesweite Koordinierungsstelle Kommunale "
                   "Integrationszentren\n");
    ksi_synonyms_free(syn);
    assert_parse_error("KI\tKommunales Integrationszentrum\n"
                       "BAMF\tBundesamt für Migration und Flüchtlinge\n",
                       "test.tsv:2: phrase 2 \"bundesamt für migration und "
                       "flüchtlinge\" has more than 4 words");
}

static void
test_invalid_utf8_is_reported_with_line_number(void **state)
{
    (void)state;
    /* Latin-1 "Kindertagesstätte", a file saved in the wrong encoding. */
    assert_parse_error("Kita\tKindertagesst\xE4tte\n",
                       "test.tsv:1: invalid UTF-8");
    assert_parse_error("# a\n# b\n# c \xC3\n", "test.tsv:3: invalid UTF-8");
}

static void
test_nul_byte_is_reported_with_line_number(void **state)
{
    static const char text[] = "VHS\tVolkshochschule\nKI\tK\0I\n";
    ksi_synonyms_t *syn = NULL;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    assert_int_equal(
        ksi_synonyms_parse(text, sizeof text - 1, "test.tsv", &syn, &err),
        KS_ERR_INVALID);
    assert_null(syn);
    assert_string_equal(err.text, "test.tsv:2: NUL byte");
}

static void
test_phrase_over_200_bytes_is_reported_with_line_number(void **state)
{
    char text[512];
    char expected[128];
    ksi_synonyms_t *syn;

    (void)state;
    /* Exactly KSI_SYNONYM_PHRASE_MAX bytes is fine. */
    memcpy(text, "X\t", 2);
    memset(text + 2, 'a', KSI_SYNONYM_PHRASE_MAX);
    text[2 + KSI_SYNONYM_PHRASE_MAX] = '\0';
    syn = parse_ok(text);
    ksi_synonyms_free(syn);

    snprintf(text, sizeof text, "A\tB\nC\tD\n\nX\t");
    memset(text + strlen(text), 'a', KSI_SYNONYM_PHRASE_MAX + 1);
    text[11 + KSI_SYNONYM_PHRASE_MAX + 1] = '\0';
    snprintf(expected, sizeof expected,
             "test.tsv:4: phrase 2 is longer than %d bytes",
             KSI_SYNONYM_PHRASE_MAX);
    assert_parse_error(text, expected);
}

static void
test_first_of_several_bad_lines_is_reported(void **state)
{
    (void)state;
    assert_parse_error("A\tB\nC\nD\t\n", "test.tsv:2: only one phrase; a "
                                         "group needs at least two, "
                                         "separated by tabs");
}

static void
test_load_reads_file_and_names_it_in_errors(void **state)
{
    char path[64];
    char expected[KS_ERROR_TEXT_SIZE];
    ksi_synonyms_t *syn = NULL;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    write_temp_file(path, sizeof path, "NRW\tNordrhein-Westfalen\n");
    assert_int_equal(ksi_synonyms_load(path, &syn, &err), KS_OK);
    unlink(path);
    assert_int_equal(ksi_synonyms_groups(syn), 1);
    assert_string_equal(ksi_synonyms_lookup(syn, "nrw")[0],
                        "nordrhein-westfalen");
    ksi_synonyms_free(syn);

    write_temp_file(path, sizeof path, "NRW\tNordrhein-Westfalen\nKI\n");
    assert_int_equal(ksi_synonyms_load(path, &syn, &err), KS_ERR_INVALID);
    unlink(path);
    assert_null(syn);
    snprintf(expected, sizeof expected,
             "%s:2: only one phrase; a group needs at least two, separated "
             "by tabs",
             path);
    assert_string_equal(err.text, expected);
}

static void
test_load_missing_file_gives_not_found(void **state)
{
    ksi_synonyms_t *syn = (ksi_synonyms_t *)&syn;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    assert_int_equal(ksi_synonyms_load("/nonexistent/synonyms.tsv", &syn, &err),
                     KS_ERR_NOT_FOUND);
    assert_null(syn);
    assert_int_equal(err.code, KS_ERR_NOT_FOUND);
    assert_string_equal(err.text, "/nonexistent/synonyms.tsv: no such file");
}

static void
test_load_directory_gives_io_error(void **state)
{
    ksi_synonyms_t *syn = NULL;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    assert_int_equal(ksi_synonyms_load("/tmp", &syn, &err), KS_ERR_IO);
    assert_null(syn);
    assert_non_null(strstr(err.text, "/tmp: "));
}

static void
test_many_groups_all_resolve(void **state)
{
    char line[64];
    char phrase[32];
    size_t size = 1000 * 40;
    char *text = malloc(size);
    ksi_synonyms_t *syn;
    const char *const *found;
    size_t i;

    (void)state;
    assert_non_null(text);
    text[0] = '\0';
    /* Enough entries to make the hash table grow several times. */
    for (i = 0; i < 1000; i++) {
        snprintf(line, sizeof line, "A%zu\tB%zu\tc %zu\n", i, i, i);
        strcat(text, line);
    }
    syn = parse_ok(text);
    free(text);
    assert_int_equal(ksi_synonyms_groups(syn), 1000);
    for (i = 0; i < 1000; i++) {
        snprintf(phrase, sizeof phrase, "b%zu", i);
        found = ksi_synonyms_lookup(syn, phrase);
        assert_int_equal(length(found), 2);
        snprintf(phrase, sizeof phrase, "a%zu", i);
        assert_string_equal(found[0], phrase);
        snprintf(phrase, sizeof phrase, "c %zu", i);
        assert_string_equal(found[1], phrase);
    }
    ksi_synonyms_free(syn);
}

static void
test_shipped_synonyms_file_has_core_groups(void **state)
{
    char path[4096];
    ksi_synonyms_t *syn = NULL;
    ks_error_t err = {KS_OK, ""};

    (void)state;
    config_path(path, sizeof path, "synonyms.tsv");
    if (ksi_synonyms_load(path, &syn, &err) != KS_OK)
        fail_msg("%s", err.text);
    assert_true(ksi_synonyms_groups(syn) >= 40);
    assert_true(contains(ksi_synonyms_lookup(syn, "ki"),
                         "kommunales integrationszentrum"));
    assert_true(contains(
        ksi_synonyms_lookup(syn, "kommunales integrationszentrum"), "ki"));
    assert_true(
        contains(ksi_synonyms_lookup(syn, "nrw"), "nordrhein-westfalen"));
    assert_true(
        contains(ksi_synonyms_lookup(syn, "nordrhein-westfalen"), "nrw"));
    assert_true(
        contains(ksi_synonyms_lookup(syn, "kita"), "kindertagesstätte"));
    ksi_synonyms_free(syn);
}

static void
test_shipped_stopwords_file_is_lower_case_without_duplicates(void **state)
{
    char path[4096];
    char line[256];
    char normal[256];
    char **words = NULL;
    size_t count = 0;
    size_t line_no = 0;
    size_t i;
    FILE *file;

    (void)state;
    config_path(path, sizeof path, "stopwords.txt");
    file = fopen(path, "r");
    if (file == NULL)
        fail_msg("cannot open %s", path);
    while (fgets(line, sizeof line, file) != NULL) {
        size_t len = strcspn(line, "\r\n");

        line_no++;
        line[len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        if (!ksi_synonyms_normalise(line, len, normal, sizeof normal)
            || strcmp(normal, line) != 0 || strchr(line, ' ') != NULL)
            fail_msg("%s:%zu: \"%s\" is not one lower-case word", path, line_no,
                     line);
        for (i = 0; i < count; i++)
            if (strcmp(words[i], line) == 0)
                fail_msg("%s:%zu: \"%s\" is listed twice", path, line_no, line);
        words = realloc(words, (count + 1) * sizeof *words);
        assert_non_null(words);
        words[count] = strdup(line);
        assert_non_null(words[count]);
        count++;
    }
    fclose(file);
    for (i = 0; i < count; i++)
        free(words[i]);
    free(words);
    assert_true(count >= 100);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_good_groups_counts_them),
        cmocka_unit_test(test_lookup_finds_expansion_of_abbreviation),
        cmocka_unit_test(test_lookup_finds_abbreviation_of_multiword_phrase),
        cmocka_unit_test(test_lookup_of_unknown_phrase_gives_null),
        cmocka_unit_test(test_lookup_on_null_set_gives_null),
        cmocka_unit_test(test_phrases_are_case_folded_including_umlauts),
        cmocka_unit_test(test_normalise_folds_case_and_white_space),
        cmocka_unit_test(test_normalise_reports_when_output_does_not_fit),
        cmocka_unit_test(test_normalise_shrinks_capital_sharp_s),
        cmocka_unit_test(test_phrase_in_two_groups_gets_union),
        cmocka_unit_test(test_repeated_phrase_in_group_counts_once),
        cmocka_unit_test(test_comments_blank_lines_and_crlf_are_skipped),
        cmocka_unit_test(test_empty_text_gives_no_groups),
        cmocka_unit_test(
            test_line_with_one_phrase_is_reported_with_line_number),
        cmocka_unit_test(
            test_line_of_identical_phrases_is_reported_with_line_number),
        cmocka_unit_test(test_empty_phrase_is_reported_with_line_number),
        cmocka_unit_test(
            test_phrase_of_five_words_is_reported_with_line_number),
        cmocka_unit_test(test_invalid_utf8_is_reported_with_line_number),
        cmocka_unit_test(test_nul_byte_is_reported_with_line_number),
        cmocka_unit_test(
            test_phrase_over_200_bytes_is_reported_with_line_number),
        cmocka_unit_test(test_first_of_several_bad_lines_is_reported),
        cmocka_unit_test(test_load_reads_file_and_names_it_in_errors),
        cmocka_unit_test(test_load_missing_file_gives_not_found),
        cmocka_unit_test(test_load_directory_gives_io_error),
        cmocka_unit_test(test_many_groups_all_resolve),
        cmocka_unit_test(test_shipped_synonyms_file_has_core_groups),
        cmocka_unit_test(
            test_shipped_stopwords_file_is_lower_case_without_duplicates),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
