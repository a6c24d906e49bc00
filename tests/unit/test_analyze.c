/*
 * Unit tests of the shared analysis: normalisation, the tokenizer, gender
 * forms and the query parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "analyze-int.h"

#define MAX_WORDS 32

struct words {
    char word[MAX_WORDS][KSI_WORD_MAX];
    unsigned position[MAX_WORDS];
    bool hyphen_next[MAX_WORDS];
    size_t count;
};

static bool
collect(void *user, const ksi_token_t *tok)
{
    struct words *w = user;

    if (w->count == MAX_WORDS)
        return false;
    memcpy(w->word[w->count], tok->word, tok->word_len + 1);
    w->position[w->count] = tok->position;
    w->hyphen_next[w->count] = tok->hyphen_next;
    w->count++;
    return true;
}

static struct words
tokens(const char *text)
{
    struct words w;

    memset(&w, 0, sizeof w);
    ksi_tokenize(text, strlen(text), collect, &w);
    return w;
}

static char *
normalized(const char *text)
{
    char *out = NULL;
    size_t len = 0;

    assert_int_equal(ksi_normalize(text, strlen(text), &out, &len, NULL),
                     KS_OK);
    assert_int_equal(strlen(out), len);
    return out;
}

static void
test_normalize_composes_nfd_umlauts(void **state)
{
    char *out = normalized("Gu\xCC\x88ler");

    (void)state;
    assert_string_equal(out, "Güler");
    free(out);
}

static void
test_normalize_removes_soft_hyphens(void **state)
{
    char *out = normalized("Integrations\xC2\xADzentrum");

    (void)state;
    assert_string_equal(out, "Integrationszentrum");
    free(out);
}

/* ksi_normalize() asks utf8proc only about the characters that might
 * change and their neighbours: every pair of characters below U+0300
 * (the soft hyphen among them), and every sequence of up to four of a
 * mix of those, combining marks, ignorables, Hangul jamo and characters
 * NFC replaces, must come out as utf8proc makes of the whole text. */
static void
expect_as_utf8proc(const utf8proc_int32_t *cps, size_t count)
{
    unsigned char text[32];
    utf8proc_ssize_t len = 0, want_len;
    utf8proc_uint8_t *want = NULL;
    char *got = NULL;
    size_t got_len = 0;

    for (size_t i = 0; i < count; i++)
        len += utf8proc_encode_char(cps[i], text + len);
    want_len = utf8proc_map(
        text, len, &want, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE);
    assert_true(want_len >= 0);
    assert_int_equal(
        ksi_normalize((const char *)text, (size_t)len, &got, &got_len, NULL),
        KS_OK);
    if (got_len != (size_t)want_len || memcmp(got, want, got_len) != 0)
        fail_msg("U+%04X U+%04X U+%04X U+%04X: not as utf8proc makes it",
                 (unsigned)cps[0], count > 1 ? (unsigned)cps[1] : 0u,
                 count > 2 ? (unsigned)cps[2] : 0u,
                 count > 3 ? (unsigned)cps[3] : 0u);
    free(got);
    free(want);
}

static void
test_normalize_agrees_with_utf8proc(void **state)
{
    static const utf8proc_int32_t mix[] = {
        'a',    'U',    0x00E4, 0x00DF, 0x00AD, 0x017F, 0x02FF, 0x0300, 0x0301,
        0x0308, 0x0327, 0x0340, 0x0344, 0x2013, 0x201E, 0x20AC, 0x2000, 0x200B,
        0xFEFF, 0x212B, 0xFB01, 0x1100, 0x1161, 0x11A8, 0xAC00, 0x0F73, 0x1F600,
    };
    const size_t n = sizeof mix / sizeof *mix;
    utf8proc_int32_t cps[4];

    (void)state;
    for (cps[0] = 1; cps[0] < 0x300; cps[0]++)
        for (cps[1] = 1; cps[1] < 0x300; cps[1]++)
            expect_as_utf8proc(cps, 2);
    for (size_t count = 1, total = n; count <= 4; count++, total *= n) {
        for (size_t i = 0; i < total; i++) {
            for (size_t k = 0, rest = i; k < count; k++, rest /= n)
                cps[k] = mix[rest % n];
            expect_as_utf8proc(cps, count);
        }
    }
}

static void
test_normalize_rejects_invalid_utf8(void **state)
{
    char *out = (char *)1;
    ks_error_t err;

    (void)state;
    assert_int_equal(ksi_normalize("\xC3(", 2, &out, NULL, &err),
                     KS_ERR_INVALID);
    assert_null(out);
}

static void
test_tokenize_lowercases_words_and_keeps_umlauts(void **state)
{
    struct words w = tokens("Die STRAẞE in Köln, 2021!");

    (void)state;
    assert_int_equal(w.count, 5);
    assert_string_equal(w.word[0], "die");
    assert_string_equal(w.word[1], "straße");
    assert_string_equal(w.word[3], "köln");
    assert_string_equal(w.word[4], "2021");
    assert_int_equal(w.position[4], 4);
}

static void
test_tokenize_keeps_numbers_with_separators(void **state)
{
    struct words w = tokens("1.500 Mitglieder und 2,5 Stellen. Ende.");

    (void)state;
    assert_string_equal(w.word[0], "1.500");
    assert_string_equal(w.word[3], "2,5");
    assert_string_equal(w.word[5], "ende");
}

static void
test_tokenize_joins_gender_endings(void **state)
{
    const char *forms[] = {"Mitarbeiter*innen",  "Mitarbeiter:innen",
                           "Mitarbeiter_innen",  "Mitarbeiter/innen",
                           "Mitarbeiter/-innen", "MitarbeiterInnen"};

    (void)state;
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        struct words w = tokens(forms[i]);

        assert_int_equal(w.count, 1);
        assert_string_equal(w.word[0], "mitarbeiterinnen");
    }
}

static void
test_tokenize_joins_singular_gender_ending(void **state)
{
    struct words w = tokens("Lehrer*in gesucht");

    (void)state;
    assert_int_equal(w.count, 2);
    assert_string_equal(w.word[0], "lehrerin");
}

static void
test_tokenize_leaves_other_colons_alone(void **state)
{
    struct words w = tokens("Telefon:0211 Info:innenstadt");

    (void)state;
    assert_string_equal(w.word[0], "telefon");
    assert_string_equal(w.word[1], "0211");
    assert_string_equal(w.word[2], "info");
    assert_string_equal(w.word[3], "innenstadt");
}

static void
test_tokenize_reports_hyphen_runs(void **state)
{
    struct words w = tokens("Süd-Ost-Europa und Unterstützungs- und");

    (void)state;
    assert_int_equal(w.count, 6);
    assert_true(w.hyphen_next[0]);
    assert_true(w.hyphen_next[1]);
    assert_false(w.hyphen_next[2]);
    /* A truncation hyphen before a space joins nothing. */
    assert_false(w.hyphen_next[4]);
}

static void
test_tokenize_skips_overlong_words_but_counts_them(void **state)
{
    char text[200];
    struct words w;

    (void)state;
    memset(text, 'x', 100);
    strcpy(text + 100, " danach");
    w = tokens(text);
    assert_int_equal(w.count, 1);
    assert_string_equal(w.word[0], "danach");
    assert_int_equal(w.position[0], 1);
}

static void
check_base(const char *word, const char *expected)
{
    char out[KSI_WORD_MAX];

    if (expected == NULL) {
        assert_false(ksi_gender_base(word, strlen(word), out));
        return;
    }
    assert_true(ksi_gender_base(word, strlen(word), out));
    assert_string_equal(out, expected);
}

static void
test_gender_base_of_feminine_forms(void **state)
{
    (void)state;
    check_base("mitarbeiterinnen", "mitarbeiter");
    check_base("mitarbeiterin", "mitarbeiter");
    check_base("lehrerinnen", "lehrer");
    check_base("studentin", "student");
    check_base("migrantinnen", "migrant");
    check_base("journalistin", "journalist");
    check_base("pädagogin", "pädagoge");
    check_base("kolleginnen", "kollege");
    check_base("autorin", "autor");
}

static void
test_gender_base_leaves_other_words(void **state)
{
    (void)state;
    check_base("mitarbeiter", NULL);
    check_base("termin", NULL);
    check_base("schwerin", NULL);
    check_base("medizin", NULL);
    check_base("berlin", NULL);
    check_base("erin", NULL);
}

static void
check_fold(const char *word, const char *expected)
{
    char out[2 * KSI_WORD_MAX];

    assert_int_equal(ksi_fold(word, strlen(word), out), strlen(expected));
    assert_string_equal(out, expected);
}

static void
test_fold_meets_umlauts_and_their_spellings(void **state)
{
    (void)state;
    check_fold("güler", "guler");
    check_fold("gueler", "guler");
    check_fold("guler", "guler");
    check_fold("straße", "strasse");
    check_fold("strasse", "strasse");
    check_fold("höxter", "hoxter");
    check_fold("hoexter", "hoxter");
    check_fold("mädchen", "madchen");
    check_fold("maedchen", "madchen");
    /* "que" keeps its e. */
    check_fold("quelle", "quelle");
    check_fold("2021", "2021");
}

static ksi_parsed_query_t
parse(const char *text)
{
    ksi_parsed_query_t q;

    ksi_query_parse(text, strlen(text), &q);
    return q;
}

static const char *
word_of(const ksi_parsed_query_t *q, size_t clause, size_t k)
{
    return q->words[q->clauses[clause].first + k].word;
}

static void
test_parse_plain_words_and_prefix(void **state)
{
    ksi_parsed_query_t q = parse("Griffbereit Kre");

    (void)state;
    assert_int_equal(q.clause_count, 2);
    assert_int_equal(q.clauses[0].kind, KSI_CLAUSE_WORD);
    assert_int_equal(q.clauses[0].occur, KSI_SHOULD);
    assert_false(q.clauses[0].prefix);
    assert_true(q.clauses[1].prefix);
    assert_string_equal(word_of(&q, 1, 0), "kre");
}

static void
test_parse_trailing_space_ends_the_prefix(void **state)
{
    ksi_parsed_query_t q = parse("Griffbereit Krefeld ");

    (void)state;
    assert_false(q.clauses[1].prefix);
}

static void
test_parse_phrase_and_required_and_excluded(void **state)
{
    ksi_parsed_query_t q = parse("\"Guter Lebensabend\" +Krefeld -Duisburg");

    (void)state;
    assert_int_equal(q.clause_count, 3);
    assert_int_equal(q.clauses[0].kind, KSI_CLAUSE_PHRASE);
    assert_int_equal(q.clauses[0].count, 2);
    assert_string_equal(word_of(&q, 0, 1), "lebensabend");
    assert_int_equal(q.clauses[1].occur, KSI_MUST);
    assert_int_equal(q.clauses[2].occur, KSI_MUST_NOT);
    assert_false(q.clauses[2].prefix);
}

static void
test_parse_operators(void **state)
{
    ksi_parsed_query_t q = parse("kita AND eltern OR schule NOT sport");

    (void)state;
    assert_int_equal(q.clause_count, 4);
    assert_int_equal(q.clauses[0].occur, KSI_MUST);
    assert_int_equal(q.clauses[1].occur, KSI_MUST);
    assert_int_equal(q.clauses[2].occur, KSI_SHOULD);
    assert_int_equal(q.clauses[3].occur, KSI_MUST_NOT);
}

static void
test_parse_lowercase_operators_are_words(void **state)
{
    ksi_parsed_query_t q = parse("and or not");

    (void)state;
    assert_int_equal(q.clause_count, 3);
    assert_string_equal(word_of(&q, 1, 0), "or");
}

static void
test_parse_fields(void **state)
{
    ksi_parsed_query_t q = parse("title:Griffbereit type:news "
                                 "title:\"Guter Lebensabend\"");

    (void)state;
    assert_int_equal(q.clause_count, 3);
    assert_true(q.clauses[0].title);
    assert_int_equal(q.clauses[1].kind, KSI_CLAUSE_FILTER);
    assert_int_equal(q.clauses[1].facet, KS_FACET_TYPE);
    assert_string_equal(word_of(&q, 1, 0), "news");
    assert_true(q.clauses[2].title);
    assert_int_equal(q.clauses[2].kind, KSI_CLAUSE_PHRASE);
}

static void
test_parse_hyphenated_word_is_one_clause(void **state)
{
    ksi_parsed_query_t q = parse("Süd-Ost-Europa KOMM-AN");

    (void)state;
    assert_int_equal(q.clause_count, 2);
    assert_int_equal(q.clauses[0].kind, KSI_CLAUSE_HYPHENATED);
    assert_int_equal(q.clauses[0].count, 3);
    assert_int_equal(q.clauses[1].kind, KSI_CLAUSE_HYPHENATED);
}

static void
test_parse_unclosed_quote_reads_plain_words(void **state)
{
    ksi_parsed_query_t q = parse("\"Griffbereit AND (");

    (void)state;
    assert_int_equal(q.clause_count, 1);
    assert_int_equal(q.clauses[0].kind, KSI_CLAUSE_WORD);
    assert_string_equal(word_of(&q, 0, 0), "griffbereit");
}

static void
test_parse_hostile_input_never_overflows(void **state)
{
    char text[4000];
    ksi_parsed_query_t q;

    (void)state;
    for (size_t i = 0; i + 2 < sizeof text; i += 2) {
        text[i] = 'a';
        text[i + 1] = ' ';
    }
    text[sizeof text - 1] = '\0';
    q = parse(text);
    assert_int_equal(q.clause_count, KSI_QUERY_CLAUSES_MAX);
    q = parse("((( ))) \"\" \"\" - + : title: type: AND OR NOT");
    assert_true(q.clause_count <= KSI_QUERY_CLAUSES_MAX);
    q = parse("");
    assert_int_equal(q.clause_count, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_composes_nfd_umlauts),
        cmocka_unit_test(test_normalize_removes_soft_hyphens),
        cmocka_unit_test(test_normalize_agrees_with_utf8proc),
        cmocka_unit_test(test_normalize_rejects_invalid_utf8),
        cmocka_unit_test(test_tokenize_lowercases_words_and_keeps_umlauts),
        cmocka_unit_test(test_tokenize_keeps_numbers_with_separators),
        cmocka_unit_test(test_tokenize_joins_gender_endings),
        cmocka_unit_test(test_tokenize_joins_singular_gender_ending),
        cmocka_unit_test(test_tokenize_leaves_other_colons_alone),
        cmocka_unit_test(test_tokenize_reports_hyphen_runs),
        cmocka_unit_test(test_tokenize_skips_overlong_words_but_counts_them),
        cmocka_unit_test(test_gender_base_of_feminine_forms),
        cmocka_unit_test(test_gender_base_leaves_other_words),
        cmocka_unit_test(test_fold_meets_umlauts_and_their_spellings),
        cmocka_unit_test(test_parse_plain_words_and_prefix),
        cmocka_unit_test(test_parse_trailing_space_ends_the_prefix),
        cmocka_unit_test(test_parse_phrase_and_required_and_excluded),
        cmocka_unit_test(test_parse_operators),
        cmocka_unit_test(test_parse_lowercase_operators_are_words),
        cmocka_unit_test(test_parse_fields),
        cmocka_unit_test(test_parse_hyphenated_word_is_one_clause),
        cmocka_unit_test(test_parse_unclosed_quote_reads_plain_words),
        cmocka_unit_test(test_parse_hostile_input_never_overflows),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
