/*
 * German text analysis shared by indexing and querying inside lib/: the
 * same normalisation, the same words, the same variants on both sides.
 */
#ifndef KISEARCH_ANALYZE_INT_H
#define KISEARCH_ANALYZE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kisearch/error.h>
#include <kisearch/index.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest word indexed, in bytes (Xapian's TermGenerator skips longer
 * ones too: they are codes and hashes, not words). */
#define KSI_WORD_MAX 64

/* Normalise text to what is stored and indexed: Unicode NFC (so "u" plus
 * a combining diaeresis is "ü"), soft hyphens and other default-ignorable
 * characters removed. On KS_OK *out is new (free()) and *out_len its
 * length. KS_ERR_INVALID when @text is not UTF-8, KS_ERR_NOMEM. */
ks_status_t ksi_normalize(const char *text, size_t len, char **out,
                          size_t *out_len, ks_error_t *err);

/* One word of a text, as the tokenizer sees it. */
typedef struct ksi_token {
    const char *start;       /* where it starts in the text */
    size_t len;              /* its length there, suffixes included */
    char word[KSI_WORD_MAX]; /* lower-cased, NUL-terminated */
    size_t word_len;         /* bytes in word */
    unsigned position;       /* 0, 1, 2 ... in the text */
    bool hyphen_next;        /* "Süd-" in "Süd-Ost": joined to the next */
} ksi_token_t;

/* Called for each word; return false to stop. */
typedef bool (*ksi_token_cb)(void *user, const ksi_token_t *token);

/* Whether the code point @cp is part of a word: a letter, a mark or a
 * digit (Unicode categories L, M and N). Negative values are not. */
bool ksi_is_word_char(int32_t cp);

/* Split NFC text into lower-cased words. Words are runs of letters, marks
 * and digits (digits keep inner '.' and ',': "1.500"). Gender-inclusive
 * endings join their word ("Mitarbeiter*innen", ":innen", "_innen",
 * "/innen", "/-innen" and the same with "in" all give
 * "mitarbeiterinnen"); words joined by hyphens are reported with
 * hyphen_next. Words longer than KSI_WORD_MAX bytes are skipped but keep
 * their position. */
void ksi_tokenize(const char *text, size_t len, ksi_token_cb cb, void *user);

/* The masculine base of a feminine or gender-inclusive form, lower-case:
 * "mitarbeiterinnen" and "mitarbeiterin" -> "mitarbeiter", "studentinnen"
 * -> "student", "ärztin" stays unknown. Writes @out (KSI_WORD_MAX bytes)
 * and returns true when @word is such a form. */
bool ksi_gender_base(const char *word, size_t len, char *out);

/* Fold a lower-case word so that spellings with and without umlauts meet:
 * ä and ae -> a, ö and oe -> o, ü and ue -> u ("que" stays), ß -> ss.
 * Writes @out (2 * KSI_WORD_MAX bytes, NUL-terminated) and returns its
 * length. "güler", "gueler" and "guler" all give "guler". */
size_t ksi_fold(const char *word, size_t len, char *out);

/* Limits of a parsed query; what is beyond them is ignored. */
#define KSI_QUERY_CLAUSES_MAX 32
#define KSI_QUERY_WORDS_MAX   64

typedef enum ksi_occur {
    KSI_SHOULD,   /* plain: ranks, and matches if nothing else must */
    KSI_MUST,     /* +word, or either side of AND */
    KSI_MUST_NOT, /* -word, NOT word */
} ksi_occur_t;

typedef enum ksi_clause_kind {
    KSI_CLAUSE_WORD,       /* one word */
    KSI_CLAUSE_PHRASE,     /* "words in order" */
    KSI_CLAUSE_HYPHENATED, /* Süd-Ost-Europa: a phrase, or one word joined */
    KSI_CLAUSE_FILTER,     /* type:news, centre:krefeld, project:x */
} ksi_clause_kind_t;

typedef struct ksi_query_word {
    char word[KSI_WORD_MAX]; /* lower-cased, as the tokenizer gives it */
    size_t len;
    const char *start; /* where it stands in the query text */
    size_t span;       /* its length there */
} ksi_query_word_t;

typedef struct ksi_clause {
    ksi_clause_kind_t kind;
    ksi_occur_t occur;
    bool title;       /* title:... */
    bool prefix;      /* the word being typed: also match as a prefix */
    ks_facet_t facet; /* what a KSI_CLAUSE_FILTER filters by; its value is
                         its one word, lower-cased as typed */
    size_t first;     /* index of its first word in words[] */
    size_t count;     /* number of words */
} ksi_clause_t;

/* A query as typed, read into clauses. Fixed size: no allocation. */
typedef struct ksi_parsed_query {
    ksi_clause_t clauses[KSI_QUERY_CLAUSES_MAX];
    size_t clause_count;
    ksi_query_word_t words[KSI_QUERY_WORDS_MAX];
    size_t word_count;
} ksi_parsed_query_t;

/* Read the (normalised) query @text into @out. Never fails: syntax that
 * does not parse is read as plain words. Understands "phrases", +word,
 * -word, AND, OR, NOT (in capitals), title:word, title:"phrase", and the
 * filters type:news, centre:krefeld (also zentrum:), project:griffbereit
 * (also projekt:) and lang:de. The last word gets prefix=true unless the text
 * ends in white space (the user finished typing it). */
void ksi_query_parse(const char *text, size_t len, ksi_parsed_query_t *out);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_ANALYZE_INT_H */
