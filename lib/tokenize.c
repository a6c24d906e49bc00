/*
 * The tokenizer: words as kisearch indexes and queries them.
 *
 * Words are lower-cased runs of letters and digits, as Xapian's
 * TermGenerator has them, but for what German needs: gender-inclusive
 * endings stay with their word, and hyphens are reported so that
 * "Süd-Ost-Europa" can also be indexed joined. Snippets (snippet.cc) read
 * stored text with it too, so they mark the words that were indexed.
 */
#include <string.h>

#include <utf8proc.h>

#include "analyze-int.h"

bool
ksi_is_word_char(int32_t cp)
{
    /* ASCII first: most text is, and it needs no table. */
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')
               || (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

/* Decode the character at @p (before @end); *n gets its length (1 for a
 * byte that is not UTF-8, which then counts as no word character). */
static utf8proc_int32_t
decode(const char *p, const char *end, size_t *n)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t got;

    /* ASCII first: most text is. */
    if ((unsigned char)*p < 0x80) {
        *n = 1;
        return (unsigned char)*p;
    }
    got = utf8proc_iterate((const utf8proc_uint8_t *)p, end - p, &cp);

    if (got <= 0) {
        *n = 1;
        return -1;
    }
    *n = (size_t)got;
    return cp;
}

static bool
word_char_at(const char *p, const char *end)
{
    size_t n;

    return p < end && ksi_is_word_char(decode(p, end, &n));
}

/* The gender ending after a word: "*innen", ":in", "_innen", "/innen",
 * "/-in" ... Returns its length in the text and sets *suffix to "innen"
 * or "in", or returns 0. */
static size_t
gender_ending(const char *p, const char *end, const char **suffix)
{
    const char *q = p;

    if (q >= end || (*q != '*' && *q != ':' && *q != '_' && *q != '/'))
        return 0;
    q++;
    if (p[0] == '/' && q < end && *q == '-')
        q++;
    if (q >= end || (*q != 'i' && *q != 'I'))
        return 0;
    if (end - q >= 5 && strncmp(q + 1, "nnen", 4) == 0
        && !word_char_at(q + 5, end)) {
        *suffix = "innen";
        return (size_t)(q + 5 - p);
    }
    if (end - q >= 2 && q[1] == 'n' && !word_char_at(q + 2, end)) {
        *suffix = "in";
        return (size_t)(q + 2 - p);
    }
    return 0;
}

/* Append @cp lower-cased to @tok->word; false when it no longer fits. */
static bool
append_lower(ksi_token_t *tok, utf8proc_int32_t cp)
{
    utf8proc_uint8_t buf[4];
    utf8proc_ssize_t n;

    if (cp < 0x80) {
        if (tok->word_len + 1 >= KSI_WORD_MAX)
            return false;
        tok->word[tok->word_len++] =
            (char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
        tok->word[tok->word_len] = '\0';
        return true;
    }
    n = utf8proc_encode_char(utf8proc_tolower(cp), buf);

    if (tok->word_len + (size_t)n >= KSI_WORD_MAX)
        return false;
    memcpy(tok->word + tok->word_len, buf, (size_t)n);
    tok->word_len += (size_t)n;
    tok->word[tok->word_len] = '\0';
    return true;
}

void
ksi_tokenize(const char *text, size_t len, ksi_token_cb cb, void *user)
{
    const char *p = text, *end = text + len;
    unsigned position = 0;

    while (p < end) {
        ksi_token_t tok;
        bool fits = true, last_digit = false;
        const char *suffix;
        size_t n, ending;
        utf8proc_int32_t cp = decode(p, end, &n);

        if (!ksi_is_word_char(cp)) {
            p += n;
            continue;
        }
        tok.start = p;
        tok.word[0] = '\0';
        tok.word_len = 0;
        while (p < end) {
            cp = decode(p, end, &n);
            if (ksi_is_word_char(cp)) {
                fits = fits && append_lower(&tok, cp);
                last_digit =
                    cp < 0x80 ? cp >= '0' && cp <= '9'
                              : utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
                p += n;
                continue;
            }
            /* "1.500" and "2,5" are one number. */
            if ((cp == '.' || cp == ',') && last_digit && p + 1 < end
                && p[1] >= '0' && p[1] <= '9') {
                fits = fits && append_lower(&tok, cp);
                p += n;
                continue;
            }
            break;
        }
        ending = last_digit ? 0 : gender_ending(p, end, &suffix);
        if (ending > 0) {
            for (const char *s = suffix; *s; s++)
                fits = fits && append_lower(&tok, (unsigned char)*s);
            p += ending;
        }
        tok.len = (size_t)(p - tok.start);
        tok.position = position++;
        tok.hyphen_next = p + 1 < end && *p == '-' && word_char_at(p + 1, end);
        if (fits && !cb(user, &tok))
            return;
    }
}

/* Feminine endings and the masculine ending each stands for. Longest
 * first; each needs at least three bytes of stem before it. */
static const struct {
    const char *feminine;
    const char *masculine;
} gender_endings[] = {
    {"erinnen", "er"},   {"erin", "er"},      {"entinnen", "ent"},
    {"entin", "ent"},    {"antinnen", "ant"}, {"antin", "ant"},
    {"istinnen", "ist"}, {"istin", "ist"},    {"eurinnen", "eur"},
    {"eurin", "eur"},    {"orinnen", "or"},   {"orin", "or"},
    {"atinnen", "at"},   {"atin", "at"},      {"oginnen", "oge"},
    {"ogin", "oge"},     {"eginnen", "ege"},  {"egin", "ege"},
};

/* Words that end like a feminine form but are not one. */
static const char *const not_feminine[] = {
    "schwerin", "karin",     "katharin", "marin",
    "medizin",  "disziplin", "erinnern", "erinnerin",
};

bool
ksi_gender_base(const char *word, size_t len, char *out)
{
    for (size_t i = 0; i < sizeof not_feminine / sizeof *not_feminine; i++) {
        if (strlen(not_feminine[i]) == len
            && memcmp(not_feminine[i], word, len) == 0)
            return false;
    }
    for (size_t i = 0; i < sizeof gender_endings / sizeof *gender_endings;
         i++) {
        size_t fl = strlen(gender_endings[i].feminine);
        size_t ml = strlen(gender_endings[i].masculine);

        if (len < fl + 3
            || memcmp(word + len - fl, gender_endings[i].feminine, fl) != 0)
            continue;
        if (len - fl + ml >= KSI_WORD_MAX)
            return false;
        memcpy(out, word, len - fl);
        memcpy(out + len - fl, gender_endings[i].masculine, ml + 1);
        return true;
    }
    return false;
}

size_t
ksi_fold(const char *word, size_t len, char *out)
{
    size_t n = 0;

    for (size_t i = 0; i < len && n + 2 < 2 * KSI_WORD_MAX; i++) {
        unsigned char c = (unsigned char)word[i];
        unsigned char next = i + 1 < len ? (unsigned char)word[i + 1] : 0;

        if (c == 0xC3 && (next == 0xA4 || next == 0xB6 || next == 0xBC)) {
            out[n++] = next == 0xA4 ? 'a' : next == 0xB6 ? 'o' : 'u';
            i++;
        } else if (c == 0xC3 && next == 0x9F) {
            out[n++] = 's';
            out[n++] = 's';
            i++;
        } else if ((c == 'a' || c == 'o'
                    || (c == 'u' && (i == 0 || word[i - 1] != 'q')))
                   && next == 'e') {
            out[n++] = (char)c;
            i++;
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';
    return n;
}
