/*
 * Contacts, dates and document types read out of extracted text at index
 * time, and the labels a careless HTML-to-text step glued to their values.
 *
 * Everything here works on bytes of UTF-8 and knows German only as far
 * as the pages of the Kommunale Integrationszentren need it: the ways
 * they write phone numbers, obfuscate e-mail addresses, lay out a contact
 * block, and date a news item. Nothing allocates except
 * ksi_split_glued_labels(), and nothing keeps state between calls.
 */
#define _GNU_SOURCE /* memmem() */
#include "contacts-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract-int.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof *(a))

/* Most digits of a phone number in national form (ITU E.164 allows 15
 * with the country code; German national numbers stay below that). */
#define PHONE_DIGITS_MAX 15

/* Contacts gathered on one line before they are sorted into place; a
 * line with more is not a contact block but a list, and loses the rest. */
#define LINE_CONTACTS_MAX 16

/* Persons remembered on one line. */
#define LINE_PERSONS_MAX 4

/* Lines longer than this are prose: they end a contact block. */
#define BLOCK_LINE_MAX 160

/* ---- characters ---------------------------------------------------- */

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_ascii_alnum(char c)
{
    return is_digit(c) || is_ascii_alpha(c);
}

static char
ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Length of the letter at @p: 1 for ASCII, 2 for a Latin letter in UTF-8
 * (U+00C0..U+024F without × and ÷), 0 for anything else, such as the
 * typographic quotes and dashes of U+2000..U+206F. */
static size_t
letter_len(const char *p, const char *end)
{
    unsigned char c = (unsigned char)*p, d;

    if (is_ascii_alpha(*p))
        return 1;
    if (c < 0xC3 || c > 0xC9 || end - p < 2)
        return 0;
    d = (unsigned char)p[1];
    if ((d & 0xC0) != 0x80 || (c == 0xC3 && (d == 0x97 || d == 0xB7)))
        return 0;
    return 2;
}

/* Whether an upper-case letter starts at @p: ASCII, Latin-1 capitals
 * (Ä, Ö, Ü, ...), and the capitals of Latin Extended-A (Ş, İ, Ł, ...),
 * which sit on even code points. */
static bool
upper_at(const char *p, const char *end)
{
    unsigned char c = (unsigned char)*p, d;

    if (c >= 'A' && c <= 'Z')
        return true;
    if (end - p < 2)
        return false;
    d = (unsigned char)p[1];
    if (c == 0xC3)
        return d >= 0x80 && d <= 0x9E && d != 0x97;
    if (c == 0xC4 || c == 0xC5)
        return (d & 0xC0) == 0x80 && d % 2 == 0;
    return false;
}

/* Whether the byte before @p (not before @start) ends a letter or digit. */
static bool
alnum_before(const char *start, const char *p)
{
    if (p <= start)
        return false;
    if (is_ascii_alnum(p[-1]))
        return true;
    return p - start >= 2 && ((unsigned char)p[-1] & 0xC0) == 0x80
           && letter_len(p - 2, p) == 2;
}

/* Whether @p..@end starts with @s. */
static bool
starts_with(const char *p, const char *end, const char *s)
{
    size_t n;

    /* Most calls fail on the first byte: skip the strlen for them. */
    if (p >= end || *p != s[0])
        return s[0] == '\0';
    n = strlen(s);
    return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/* The same, ignoring ASCII case; the first byte is tried first, as
 * above. */
static bool
starts_with_ci(const char *p, const char *end, const char *s)
{
    size_t n;

    if (p >= end || ascii_lower(*p) != ascii_lower(s[0]))
        return s[0] == '\0';
    n = strlen(s);
    return (size_t)(end - p) >= n && strncasecmp(p, s, n) == 0;
}

static const char *
skip_spaces(const char *p, const char *end)
{
    while (p < end && is_space(*p))
        p++;
    return p;
}

/* End of the word at @p: letters, digits, hyphens and apostrophes. */
static const char *
word_end(const char *p, const char *end)
{
    while (p < end) {
        size_t n = letter_len(p, end);

        if (n == 0 && (is_digit(*p) || *p == '-' || *p == '\''))
            n = 1;
        if (n == 0)
            break;
        p += n;
    }
    return p;
}

/* A bounded string under construction; overflow makes it unusable. */
typedef struct {
    char *data;
    size_t size;
    size_t len;
    bool overflow;
} text_t;

static void
text_init(text_t *t, char *data, size_t size)
{
    t->data = data;
    t->size = size;
    t->len = 0;
    t->overflow = false;
    data[0] = '\0';
}

static void
text_add(text_t *t, const char *s, size_t n)
{
    if (t->overflow || t->len + n >= t->size) {
        t->overflow = true;
        return;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

/* Add @s..@end with each run of white space as one space. */
static void
text_add_squeezed(text_t *t, const char *s, const char *end)
{
    while (s < end) {
        if (is_space(*s) || *s == '\n') {
            while (s < end && (is_space(*s) || *s == '\n'))
                s++;
            text_add(t, " ", 1);
            continue;
        }
        text_add(t, s++, 1);
    }
}

/* ---- labels -------------------------------------------------------- */

typedef enum {
    ROLE_NONE,
    ROLE_TEXT,
    ROLE_PERSON,
    ROLE_ADDRESS,
    ROLE_PHONE,
    ROLE_FAX,
    ROLE_MAIL,
    ROLE_WEB
} role_t;

/* Labels of a field in a contact or detail block, as pages write them at
 * the start of a line. A label that is the start of another ("Tel" and
 * "Telefon") is matched longest first. */
static const struct label {
    const char *name;
    role_t role;
} labels[] = {
    {"Ansprechpartnerin", ROLE_PERSON},
    {"Ansprechpartner", ROLE_PERSON},
    {"Ansprechperson", ROLE_PERSON},
    {"Kontaktperson", ROLE_PERSON},
    {"Pressekontakt", ROLE_PERSON},
    {"Kontakt", ROLE_PERSON},
    {"Leitung", ROLE_PERSON},
    {"Postanschrift", ROLE_ADDRESS},
    {"Besucheranschrift", ROLE_ADDRESS},
    {"Anschrift", ROLE_ADDRESS},
    {"Adresse", ROLE_ADDRESS},
    {"Telefonnummer", ROLE_PHONE},
    {"Telefon", ROLE_PHONE},
    {"Telefax", ROLE_FAX},
    {"Tel.", ROLE_PHONE},
    {"Tel", ROLE_PHONE},
    {"Fon", ROLE_PHONE},
    {"Mobil", ROLE_PHONE},
    {"Handy", ROLE_PHONE},
    {"Faxnummer", ROLE_FAX},
    {"Fax", ROLE_FAX},
    {"E-Mail", ROLE_MAIL},
    {"E-mail", ROLE_MAIL},
    {"Email", ROLE_MAIL},
    {"Mail", ROLE_MAIL},
    {"Internet", ROLE_WEB},
    {"Homepage", ROLE_WEB},
    {"Website", ROLE_WEB},
    {"Webseite", ROLE_WEB},
    {"Web", ROLE_WEB},
    {"Fachbereich", ROLE_TEXT},
    {"Bereich", ROLE_TEXT},
    {"Abteilung", ROLE_TEXT},
    {"Altersgruppe", ROLE_TEXT},
    {"Zielgruppe", ROLE_TEXT},
    {"Sprechzeiten", ROLE_TEXT},
    {"\xC3\x96"
     "ffnungszeiten",
     ROLE_TEXT}, /* Öffnungszeiten */
    {"Zust\xC3\xA4ndigkeit", ROLE_TEXT},
    {"Tr\xC3\xA4ger", ROLE_TEXT},
    {"Sprachen", ROLE_TEXT},
    {"Kosten", ROLE_TEXT},
    {"Termin", ROLE_TEXT},
    {"Datum", ROLE_TEXT},
    {"Ort", ROLE_TEXT},
};

/* Whether an e-mail at-sign, real or obfuscated, starts at @p; its
 * length goes to *n. */
static bool
at_sign_at(const char *p, const char *end, size_t *n)
{
    static const char *const forms[] = {
        "@",    "[at]", "(at)",        "{at}",
        "[AT]", "(AT)", "[\xC3\xA4t]", "(\xC3\xA4t)", /* [ät] (ät) */
    };

    if (p >= end || (*p != '@' && *p != '[' && *p != '(' && *p != '{'))
        return false;
    for (size_t i = 0; i < ARRAY_LEN(forms); i++) {
        if (starts_with(p, end, forms[i])) {
            *n = strlen(forms[i]);
            return true;
        }
    }
    return false;
}

/* Whether the glued value after an e-mail label is an address: an
 * at-sign in the rest of the word or right after it. */
static bool
mail_follows(const char *p, const char *end)
{
    size_t n;

    for (; p < end && !is_space(*p) && *p != '\n'; p++) {
        if (at_sign_at(p, end, &n))
            return true;
    }
    p = skip_spaces(p, end);
    return p < end && *p != '@' && at_sign_at(p, end, &n);
}

/* Whether the value after a label of @role may start at @p glued to it. */
static bool
glued_value_at(role_t role, const char *p, const char *end)
{
    if (p >= end)
        return false;
    if (upper_at(p, end) || is_digit(*p) || *p == '+' || *p == '(')
        return true;
    if (role == ROLE_MAIL && letter_len(p, end) > 0)
        return mail_follows(p, end);
    if (role == ROLE_WEB)
        return starts_with(p, end, "http") || starts_with(p, end, "www.");
    return false;
}

/* The label at the start of @line (after white space): its end goes to
 * *after, and *glued says whether its value follows without a separator.
 * A label counts when a separator (':', white space, '|', end of line) or
 * a glued value follows it, so "Kontaktaufnahme" is no label. */
static role_t
line_label(const char *line, const char *end, const char **after, bool *glued)
{
    const char *p = skip_spaces(line, end);

    for (size_t i = 0; i < ARRAY_LEN(labels); i++) {
        const char *q;

        if (!starts_with(p, end, labels[i].name))
            continue;
        q = p + strlen(labels[i].name);
        if (q == end || *q == ':' || *q == '|' || is_space(*q) || *q == '\n'
            || (q[-1] == '.' && !is_digit(*q))) {
            *after = q;
            *glued = false;
            return labels[i].role;
        }
        if (glued_value_at(labels[i].role, q, end)) {
            *after = q;
            *glued = true;
            return labels[i].role;
        }
    }
    return ROLE_NONE;
}

char *
ksi_split_glued_labels(const char *text, size_t len, size_t *out_len)
{
    const char *p = text, *end = text + len;
    size_t lines = 1, n = 0;
    char *out;

    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    /* At most one space added per line. */
    out = malloc(len + lines + 1);
    if (out == NULL)
        return NULL;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end, *after;
        bool glued;

        if (line_label(p, line_end, &after, &glued) != ROLE_NONE && glued) {
            memcpy(out + n, p, (size_t)(after - p));
            n += (size_t)(after - p);
            out[n++] = ' ';
            p = after;
        }
        memcpy(out + n, p, (size_t)(line_end - p));
        n += (size_t)(line_end - p);
        if (nl)
            out[n++] = '\n';
        p = nl ? nl + 1 : end;
    }
    out[n] = '\0';
    if (out_len != NULL)
        *out_len = n;
    return out;
}

/* ---- phone numbers ------------------------------------------------- */

/* How long the area code of the national number @d (@n digits, d[0] is
 * '0') is when the writer did not show it. German area codes are a prefix
 * code: mobile networks (01x) and the large cities have short ones
 * (030, 0211, 0201), the rest five digits (02151). This is a rule of
 * thumb, not the Bundesnetzagentur's table; it only decides where the
 * space goes in the stored value, never which numbers match. */
static size_t
guess_area_len(const char *d, size_t n)
{
    static const char *const three[] = {"030", "040", "069", "089"};
    static const char *const four[] = {"0202", "0203", "0208", "0209", "0212",
                                       "0214", "0228", "0234", "0335", "0340",
                                       "0365", "0375", "0385", "0395", "0800"};

    if (n < 4)
        return n;
    for (size_t i = 0; i < ARRAY_LEN(three); i++) {
        if (memcmp(d, three[i], 3) == 0)
            return 3;
    }
    if (d[1] == '1' || d[3] == '1')
        return 4;
    for (size_t i = 0; i < ARRAY_LEN(four); i++) {
        if (memcmp(d, four[i], 4) == 0)
            return 4;
    }
    return n > 5 ? 5 : n;
}

/* A date written with dashes only: "1-7-2018", "01-07-18". */
static bool
dash_date(const char *p, const char *end)
{
    size_t groups[3] = {0, 0, 0}, g = 0;

    for (; p < end; p++) {
        if (is_digit(*p)) {
            groups[g]++;
        } else if (*p == '-' && g < 2) {
            g++;
        } else {
            return false;
        }
    }
    return g == 2 && groups[0] >= 1 && groups[0] <= 2 && groups[1] >= 1
           && groups[1] <= 2 && groups[2] >= 2 && groups[2] <= 4;
}

/* Parse a phone number that is all of @p..@end. The national digits go
 * to @digits, their count to *n, the length of the area code the writer
 * showed (by '/', ')' or the first space or dash) to *shown_area (0 when
 * none), and whether it was written with +49 or 0049 to *intl. */
static bool
parse_phone(const char *p, const char *end, char digits[PHONE_DIGITS_MAX + 1],
            size_t *n, size_t *shown_area, bool *intl)
{
    size_t count = 0, strong = 0, weak = 0;
    enum {
        SEP_NONE,
        SEP_WEAK,
        SEP_STRONG
    } pending = SEP_NONE;

    p = skip_spaces(p, end);
    while (end > p && is_space(end[-1]))
        end--;
    if (dash_date(p, end))
        return false;
    *intl = false;
    if (p < end && *p == '+') {
        p = skip_spaces(p + 1, end);
        if (!starts_with(p, end, "49"))
            return false;
        p += 2;
        *intl = true;
    } else if (starts_with(p, end, "0049")) {
        p += 4;
        *intl = true;
    }
    if (*intl) {
        digits[count++] = '0';
        p = skip_spaces(p, end);
        /* "+49 (0)2151": the national trunk zero written for those who
         * dial from inside Germany. */
        if (starts_with(p, end, "(0)"))
            p += 3;
        else if (p < end && *p == '0')
            p++;
    } else {
        if (p < end && *p == '(')
            p++;
        if (p >= end || *p != '0')
            return false;
    }
    while (p < end) {
        if (is_digit(*p)) {
            if (count >= PHONE_DIGITS_MAX)
                return false;
            if (pending == SEP_STRONG && strong == 0)
                strong = count;
            if (pending == SEP_WEAK && weak == 0)
                weak = count;
            digits[count++] = *p++;
            pending = SEP_NONE;
        } else if (*p == '/' || *p == ')') {
            if (count > 1)
                pending = SEP_STRONG;
            p++;
        } else if (*p == ' ' || *p == '-' || *p == '(') {
            if (count > 1 && pending == SEP_NONE)
                pending = SEP_WEAK;
            p++;
        } else if (starts_with(p, end, "\xE2\x80\x93")) { /* – */
            if (count > 1 && pending == SEP_NONE)
                pending = SEP_WEAK;
            p += 3;
        } else {
            return false;
        }
    }
    digits[count] = '\0';
    if (count < 6 || digits[1] == '0')
        return false;
    *n = count;
    *shown_area = strong ? strong : weak;
    return true;
}

bool
ksi_phone_digits(const char *text, size_t len, char *national,
                 char *international, size_t size)
{
    char digits[PHONE_DIGITS_MAX + 1];
    size_t n, area;
    bool intl;

    if (!parse_phone(text, text + len, digits, &n, &area, &intl))
        return false;
    if (size < n + 2)
        return false;
    memcpy(national, digits, n + 1);
    international[0] = '4';
    international[1] = '9';
    memcpy(international + 2, digits + 1, n);
    return true;
}

/* Format a parsed number as it is stored: "02151 862562". */
static bool
format_phone(const char *digits, size_t n, size_t shown_area, char *out,
             size_t size)
{
    size_t area = shown_area;

    if (area < 3 || area > 6 || area + 3 > n)
        area = guess_area_len(digits, n);
    return snprintf(out, size, "%.*s %s", (int)area, digits, digits + area)
           < (int)size;
}

/* Words that say a phone or fax number follows, anywhere on a line. */
static const struct label phone_words[] = {
    {"Telefonnummer", ROLE_PHONE}, {"Telefon", ROLE_PHONE},
    {"Telefax", ROLE_FAX},         {"Faxnummer", ROLE_FAX},
    {"Tel", ROLE_PHONE},           {"Fon", ROLE_PHONE},
    {"Mobiltelefon", ROLE_PHONE},  {"Mobil", ROLE_PHONE},
    {"Handy", ROLE_PHONE},         {"Rufnummer", ROLE_PHONE},
    {"Durchwahl", ROLE_PHONE},     {"Fax", ROLE_FAX},
};

/* The phone word at @p (a word start), or ROLE_NONE. */
static role_t
phone_word_at(const char *p, const char *end)
{
    for (size_t i = 0; i < ARRAY_LEN(phone_words); i++) {
        size_t n;

        if (!starts_with_ci(p, end, phone_words[i].name))
            continue;
        n = strlen(phone_words[i].name);
        if (p + n == end || letter_len(p + n, end) == 0)
            return phone_words[i].role;
    }
    return ROLE_NONE;
}

/* Words right after a number that make it an amount, not a phone. */
static bool
amount_follows(const char *p, const char *end)
{
    static const char *const units[] = {"Uhr", "Euro",  "EUR",  "\xE2\x82\xAC",
                                        "%",   "Jahre", "Proz", "Mio",
                                        "Mrd", "Stund", "Minut"};

    p = skip_spaces(p, end);
    for (size_t i = 0; i < ARRAY_LEN(units); i++) {
        if (starts_with(p, end, units[i]))
            return true;
    }
    return false;
}

/* The extent of a phone number candidate that starts at @p: digits and
 * the separators people write between them. After six digits, a group
 * of three or more that starts with 0 is the area code of the next number
 * ("0211 123456 / 0211 654321"); short groups with 0 still belong to this
 * one ("02191 / 0 04 50 29", as the sample data writes made-up numbers). */
static const char *
phone_span_end(const char *p, const char *end)
{
    const char *last = p;
    size_t digits = 0;
    bool after_gap = false;

    while (p < end) {
        if (is_digit(*p)) {
            size_t group = 0;

            while (p + group < end && is_digit(p[group]))
                group++;
            if (after_gap && *p == '0' && digits >= 6 && group >= 3)
                break;
            while (p < end && is_digit(*p)) {
                p++;
                digits++;
            }
            last = p;
            after_gap = false;
            continue;
        }
        if (*p == ' ' || *p == '/' || *p == '-' || *p == '(' || *p == ')'
            || *p == '+') {
            if (*p == ' ' || *p == '/')
                after_gap = true;
            if (*p == ')')
                last = p + 1;
            /* Two spaces or a space after a dash end a number:
             * "0211 837-2417  Raum 3". */
            if (*p == ' ' && p + 1 < end && p[1] == ' ')
                break;
            p++;
            continue;
        }
        if (starts_with(p, end, "\xE2\x80\x93")) {
            p += 3;
            continue;
        }
        break;
    }
    return last;
}

/* ---- e-mail addresses ---------------------------------------------- */

static bool
local_char(char c)
{
    return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+'
           || c == '-';
}

/* An obfuscated dot between domain labels: "[dot]", "(punkt)", with a
 * space around; its length, or 0. */
static size_t
dot_form_len(const char *p, const char *end)
{
    static const char *const forms[] = {"[dot]", "(dot)", "[punkt]", "(punkt)",
                                        "{dot}"};
    const char *q = skip_spaces(p, end);

    for (size_t i = 0; i < ARRAY_LEN(forms); i++) {
        if (starts_with_ci(q, end, forms[i]))
            return (size_t)(skip_spaces(q + strlen(forms[i]), end) - p);
    }
    return 0;
}

/* Read the e-mail address whose at-sign (of @at_len bytes) is at @at, not
 * reaching before @start. Writes it to @out and returns the end of the
 * address in the text, or NULL. */
static const char *
parse_email(const char *start, const char *at, size_t at_len, const char *end,
            char *out, size_t size)
{
    const char *local_end = at, *local = at, *p, *domain_end = NULL;
    text_t t;
    size_t labels_seen = 0, last_label_len = 0;
    bool last_label_alpha = true;

    /* "name [at] host": spaces around a bracketed at-sign, never around
     * a real one. */
    if (at_len > 1)
        while (local_end > start && is_space(local_end[-1]))
            local_end--;
    local = local_end;
    while (local > start && local_char(local[-1]))
        local--;
    while (local < local_end && (*local == '.' || *local == '-'))
        local++;
    if (local == local_end || local_end[-1] == '.')
        return NULL;
    text_init(&t, out, size);
    text_add(&t, local, (size_t)(local_end - local));
    text_add(&t, "@", 1);
    p = at + at_len;
    if (at_len > 1)
        p = skip_spaces(p, end);
    for (;;) {
        const char *label = p;
        size_t dot;

        last_label_alpha = true;
        while (p < end && (is_ascii_alnum(*p) || *p == '-')) {
            last_label_alpha &= is_ascii_alpha(*p);
            p++;
        }
        if (p == label)
            break;
        for (const char *c = label; c < p; c++) {
            char lower = ascii_lower(*c);

            text_add(&t, &lower, 1);
        }
        labels_seen++;
        last_label_len = (size_t)(p - label);
        domain_end = p;
        if (p + 1 < end && *p == '.' && is_ascii_alnum(p[1])) {
            p++;
        } else if ((dot = dot_form_len(p, end)) > 0 && p + dot < end
                   && is_ascii_alnum(p[dot])) {
            p += dot;
        } else {
            break;
        }
        text_add(&t, ".", 1);
    }
    if (labels_seen < 2 || !last_label_alpha || last_label_len < 2
        || t.overflow)
        return NULL;
    return domain_end;
}

/* ---- persons ------------------------------------------------------- */

/* Words that are capitalised like a name but name no person. */
static bool
name_word_ok(const char *w, size_t n)
{
    static const char *const not_in_names[] = {
        "zentrum",   "amt",     "stelle",      "b\xC3\xBCro", "team",
        "kontakt",   "anfrage", "integration", "kommunal",    "stadt",
        "kreis",     "verwalt", "sekretariat", "presse",      "abteilung",
        "bereich",   "referat", "dienst",      "telefon",     "mail",
        "fax",       "raum",    "zimmer",      "sprechzeit",  "adresse",
        "anschrift", "etage",
    };
    char lower[64];

    if (n >= sizeof lower)
        return false;
    for (size_t i = 0; i < n; i++)
        lower[i] = ascii_lower(w[i]);
    lower[n] = '\0';
    for (size_t i = 0; i < ARRAY_LEN(not_in_names); i++) {
        if (strstr(lower, not_in_names[i]) != NULL)
            return false;
    }
    /* "Tel", "Fax", "Mobil" ... as a whole word. */
    return phone_word_at(w, w + n) == ROLE_NONE;
}

/* A capitalised name word at @p; its end, or NULL. */
static const char *
name_word(const char *p, const char *end)
{
    const char *e;

    if (p >= end || !upper_at(p, end))
        return NULL;
    e = word_end(p, end);
    for (const char *c = p; c < e; c++) {
        if (is_digit(*c))
            return NULL;
    }
    if (e - p < 2 || e[-1] == '-' || !name_word_ok(p, (size_t)(e - p)))
        return NULL;
    return e;
}

/* Up to @max_words name words from @p, separated by one space, with the
 * particles von, van, de between them; appended to @t. Returns the end
 * and the number of words in *words. */
static const char *
name_words(const char *p, const char *end, size_t max_words, text_t *t,
           size_t *words)
{
    const char *e = name_word(p, end), *done;

    *words = 0;
    if (e == NULL)
        return NULL;
    text_add(t, p, (size_t)(e - p));
    *words = 1;
    done = e;
    while (*words < max_words && done < end && *done == ' ') {
        const char *q = done + 1, *particle = NULL, *next;

        if (starts_with(q, end, "von ") || starts_with(q, end, "van ")) {
            particle = q;
            q += 4;
        } else if (starts_with(q, end, "de ")) {
            particle = q;
            q += 3;
        }
        next = name_word(q, end);
        if (next == NULL)
            break;
        text_add(t, " ", 1);
        if (particle != NULL)
            text_add(t, particle, (size_t)(q - particle));
        text_add(t, q, (size_t)(next - q));
        (*words)++;
        done = next;
    }
    return done;
}

/* A person named at @p: "Frau|Herr|Herrn [Dr.|Prof.]... Name [Name]".
 * Writes "Frau Dr. Muster" to @out and returns the end, or NULL. */
static const char *
parse_person(const char *p, const char *end, char *out, size_t size)
{
    static const char *const titles[] = {"Dr. ", "Prof. ", "Dipl.-Ing. ",
                                         "Dipl.-P\xC3\xA4"
                                         "d. "};
    const char *q, *done;
    text_t t;
    size_t words;

    text_init(&t, out, size);
    if (starts_with(p, end, "Frau ")) {
        text_add(&t, "Frau", 4);
        q = p + 5;
    } else if (starts_with(p, end, "Herrn ")) {
        text_add(&t, "Herr", 4);
        q = p + 6;
    } else if (starts_with(p, end, "Herr ")) {
        text_add(&t, "Herr", 4);
        q = p + 5;
    } else {
        return NULL;
    }
    for (bool more = true; more;) {
        more = false;
        for (size_t i = 0; i < ARRAY_LEN(titles); i++) {
            if (starts_with(q, end, titles[i])) {
                text_add(&t, " ", 1);
                text_add(&t, titles[i], strlen(titles[i]) - 1);
                q += strlen(titles[i]);
                more = true;
            }
        }
    }
    text_add(&t, " ", 1);
    done = name_words(q, end, 3, &t, &words);
    if (done == NULL || t.overflow)
        return NULL;
    return done;
}

/* A name without Frau or Herr after a person label: two or three
 * capitalised words that end the line or a field. */
static bool
parse_plain_name(const char *p, const char *end, char *out, size_t size)
{
    const char *done;
    text_t t;
    size_t words;

    text_init(&t, out, size);
    done = name_words(p, end, 3, &t, &words);
    if (done == NULL || words < 2 || t.overflow)
        return false;
    done = skip_spaces(done, end);
    return done == end || *done == ',' || *done == '|' || *done == '('
           || *done == ';';
}

/* ---- postal addresses ---------------------------------------------- */

/* Endings of street names, and (as whole words) the street words that
 * follow a name: "Neusser Straße", "Alter Markt". */
static const char *const street_endings[] = {
    "stra\xC3\x9F"
    "e",
    "strasse",
    "str.",
    "weg",
    "platz",
    "allee",
    "ring",
    "gasse",
    "damm",
    "ufer",
    "wall",
    "markt",
    "hof",
    "chaussee",
    "pfad",
    "steig",
    "stieg",
    "graben",
    "berg",
    "tor",
    "park",
    "anlage",
    "promenade",
    "kamp",
    "feld",
    "garten",
    "deich",
    "h\xC3\xB6he",
    "winkel",
    "bogen",
    "kai",
    "gang",
    "zeile",
    "acker",
    "heide",
};

static const char *const street_prepositions[] = {
    "Am",  "An",    "Auf",    "Im",  "In",  "Zum",
    "Zur", "Unter", "Hinter", "Vor", "Bei", "Auf'm",
};

static const char *const articles[] = {"der", "dem", "den", "die", "das"};

/* Whether the word @w (@n bytes) ends like a street; *whole says whether
 * it is only the street word ("Straße"), which needs a name before it. */
static bool
street_word(const char *w, size_t n, bool *whole)
{
    for (size_t i = 0; i < ARRAY_LEN(street_endings); i++) {
        size_t e = strlen(street_endings[i]);

        if (n < e || strncasecmp(w + n - e, street_endings[i], e) != 0)
            continue;
        *whole = n == e;
        return true;
    }
    return false;
}

static bool
word_in(const char *w, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return true;
    }
    return false;
}

/* The word that ends at @e (after no white space), not before @start;
 * its start, or NULL. Street words may hold dots ("Str.", "St.-Anna"). */
static const char *
word_before(const char *start, const char *e)
{
    const char *w = e;

    while (w > start && !is_space(w[-1]) && w[-1] != ',' && w[-1] != '|'
           && w[-1] != '(' && w[-1] != ':' && w[-1] != ';')
        w--;
    return w < e ? w : NULL;
}

/* The word before the one at @w, separated by one or more spaces. */
static const char *
previous_word(const char *start, const char *w, const char **prev_end)
{
    const char *e = w;

    if (e <= start || !is_space(e[-1]))
        return NULL;
    while (e > start && is_space(e[-1]))
        e--;
    *prev_end = e;
    return word_before(start, e);
}

/* Where "<street> <house number>" that ends @seg_end starts, not before
 * @start; NULL when the segment does not end with one. */
static const char *
street_start(const char *start, const char *seg_end)
{
    const char *e = seg_end, *number, *w, *we, *pw, *pwe;
    bool whole, is_street;

    while (e > start && is_space(e[-1]))
        e--;
    /* House number: "17", "12a", "12 a", "12-14", "12/14". */
    if (e > start && is_ascii_alpha(e[-1])
        && (e - start < 2 || !is_ascii_alpha(e[-2]))) {
        e--;
        if (e > start && e[-1] == ' ')
            e--;
    }
    number = e;
    while (number > start && is_digit(number[-1]))
        number--;
    if (number == e || e - number > 4 || *number == '0')
        return NULL;
    if (number - start >= 2 && (number[-1] == '-' || number[-1] == '/')
        && is_digit(number[-2])) {
        number--;
        while (number > start && is_digit(number[-1]))
            number--;
    }
    w = previous_word(start, number, &we);
    if (w == NULL || !upper_at(w, we))
        return NULL;
    is_street = street_word(w, (size_t)(we - w), &whole);
    if (is_street) {
        const char *before = previous_word(start, w, &pwe);

        if (whole && before != NULL && upper_at(before, pwe)
            && !word_in(before, (size_t)(pwe - before), street_prepositions,
                        ARRAY_LEN(street_prepositions))) {
            /* "Neusser Straße", and "Am Alten Markt" below. */
            w = before;
        } else if (whole
                   && (before == NULL
                       || !word_in(before, (size_t)(pwe - before),
                                   street_prepositions,
                                   ARRAY_LEN(street_prepositions)))) {
            return NULL;
        }
    }
    /* "Am Markt", "An der Stadtmauer", "Am Alten Markt". */
    pw = previous_word(start, w, &pwe);
    if (pw != NULL
        && word_in(pw, (size_t)(pwe - pw), articles, ARRAY_LEN(articles))) {
        const char *ppw, *ppwe;

        ppw = previous_word(start, pw, &ppwe);
        if (ppw != NULL
            && word_in(ppw, (size_t)(ppwe - ppw), street_prepositions,
                       ARRAY_LEN(street_prepositions)))
            return ppw;
    } else if (pw != NULL
               && word_in(pw, (size_t)(pwe - pw), street_prepositions,
                          ARRAY_LEN(street_prepositions))) {
        return pw;
    }
    return is_street ? w : NULL;
}

/* Whether @c separates the parts of an address on one line. */
static bool
is_segment_end(char c)
{
    return c == ',' || c == '|' || c == ';';
}

/* The street and number before the postcode, in @start..@end: the last
 * segment (between commas or bars) that ends with one, skipping a few segments
 * of floor and room ("2. Etage", "Raum 204"). Sets *street_end. */
static const char *
find_street(const char *start, const char *end, const char **street_end)
{
    const char *seg_end = end;

    while (seg_end > start
           && (is_space(seg_end[-1]) || is_segment_end(seg_end[-1])))
        seg_end--;
    for (int segments = 0; segments < 3 && seg_end > start; segments++) {
        const char *s = street_start(start, seg_end), *comma;

        if (s != NULL) {
            *street_end = seg_end;
            return s;
        }
        comma = seg_end;
        while (comma > start && !is_segment_end(comma[-1]))
            comma--;
        if (comma == start)
            break;
        seg_end = comma - 1;
        while (seg_end > start && is_space(seg_end[-1]))
            seg_end--;
    }
    return NULL;
}

/* Whether the word @w..@e can be part of a town's name: not a label
 * ("Telefon", "Fax") and not an amount's unit ("47803 Euro"). */
static bool
town_word_ok(const char *w, const char *e)
{
    size_t n = (size_t)(e - w);

    if (phone_word_at(w, e) != ROLE_NONE
        || (n == 4 && memcmp(w, "Euro", 4) == 0)
        || (n == 3 && memcmp(w, "EUR", 3) == 0))
        return false;
    for (size_t i = 0; i < ARRAY_LEN(labels); i++) {
        if (strlen(labels[i].name) == n && memcmp(labels[i].name, w, n) == 0)
            return false;
    }
    return true;
}

/* A postcode and town at @p: five digits, then the town's capitalised
 * words ("Krefeld", "Bergisch Gladbach", "Mülheim an der Ruhr",
 * "Kamp-Lintfort"). Sets *town and *town_end. */
static bool
postcode_town_at(const char *start, const char *p, const char *end,
                 const char **town, const char **town_end)
{
    const char *q = p, *e;
    size_t words = 0;

    if (p > start
        && (is_digit(p[-1]) || p[-1] == '.' || p[-1] == ','
            || (p[-1] == '-' && (p - start < 2 || p[-2] != 'D'))
            || is_ascii_alpha(p[-1])))
        return false;
    for (int i = 0; i < 5; i++, q++) {
        if (q >= end || !is_digit(*q))
            return false;
    }
    if (q < end && (is_digit(*q) || *q == '.' || *q == ','))
        return false;
    if (*p == '0' && p[1] == '0')
        return false;
    if (q >= end || !is_space(*q))
        return false;
    q = skip_spaces(q, end);
    *town = q;
    e = q;
    while (words < 3) {
        static const char *const connectors[] = {"an der ", "in der ", "am ",
                                                 "im ", "an "};
        const char *w = q;

        for (size_t i = 0; words > 0 && i < ARRAY_LEN(connectors); i++) {
            if (starts_with(q, end, connectors[i])) {
                w = q + strlen(connectors[i]);
                break;
            }
        }
        if (w >= end || !upper_at(w, end))
            break;
        q = word_end(w, end);
        if (q == w || !town_word_ok(w, q))
            break;
        e = q;
        words++;
        if (q >= end || *q != ' ')
            break;
        q++;
    }
    *town_end = e;
    return words > 0;
}

/* ---- finding contacts ---------------------------------------------- */

typedef struct {
    const char *pos;
    ksi_contact_t contact;
} found_t;

typedef struct {
    const char *pos;
    char name[KSI_CONTACT_PERSON_MAX];
} person_t;

typedef struct {
    found_t found[LINE_CONTACTS_MAX];
    size_t count;
} line_found_t;

static void
line_add(line_found_t *lf, const char *pos, ksi_contact_kind_t kind,
         const char *value)
{
    found_t *f;

    if (lf->count >= LINE_CONTACTS_MAX)
        return;
    f = &lf->found[lf->count++];
    f->pos = pos;
    f->contact.kind = kind;
    snprintf(f->contact.value, sizeof f->contact.value, "%s", value);
    f->contact.person[0] = '\0';
}

/* Add an address whose street is at @s..@s_end and whose town follows
 * the postcode at @pc and ends at @town_end. */
static void
add_address(line_found_t *lf, const char *s, const char *s_end, const char *pc,
            const char *town_end)
{
    char value[KSI_CONTACT_VALUE_MAX];
    text_t t;

    text_init(&t, value, sizeof value);
    text_add_squeezed(&t, s, s_end);
    text_add(&t, ", ", 2);
    text_add_squeezed(&t, pc, town_end);
    if (!t.overflow)
        line_add(lf, s, KSI_CONTACT_ADDRESS, value);
}

/* Phone and fax numbers on a line from @content (after a glued label).
 * @carried is the role of the line's own label, or of a label that stood
 * alone on the line before. */
static void
find_phones(const char *content, const char *end, role_t carried,
            line_found_t *lf)
{
    role_t role = carried;

    for (const char *p = content; p < end;) {
        const char *span_end;
        char digits[PHONE_DIGITS_MAX + 1], value[KSI_CONTACT_VALUE_MAX];
        size_t n, shown;
        bool intl, boundary = p == content || !alnum_before(content, p);
        role_t word;

        if (boundary && letter_len(p, end) > 0) {
            word = phone_word_at(p, end);
            if (word != ROLE_NONE)
                role = word;
            p = word_end(p, end);
            continue;
        }
        /* A number starts after a separator; a glued label at the start
         * of the line ("Telefon0 21 51") counts as one, other letters
         * ("IZ02") and the dot of a number ("01.08.2018") do not, except
         * the dot of "Tel.0211". */
        if (!(*p == '+' || *p == '0' || (*p == '(' && p + 1 < end)) || !boundary
            || (p > content
                && (p[-1] == ',' || p[-1] == '-' || p[-1] == '/'
                    || (p[-1] == '.'
                        && (role == ROLE_NONE || !alnum_before(content, p - 1)
                            || is_digit(p[-2])))))) {
            p++;
            continue;
        }
        span_end = phone_span_end(p, end);
        if (span_end == p
            || (span_end < end && (*span_end == '.' || *span_end == ',')
                && span_end + 1 < end && is_digit(span_end[1]))
            || (span_end < end && letter_len(span_end, end) > 0)
            || amount_follows(span_end, end)
            || !parse_phone(p, span_end, digits, &n, &shown, &intl)) {
            p = span_end > p ? span_end : p + 1;
            continue;
        }
        /* Without a label, a number needs an area code of its own (or
         * +49) and seven digits, so that "0 1 2" lists and serial numbers
         * stay out. */
        if (role == ROLE_NONE
            && (n < 7 || !(intl || shown >= 3 || (shown == 0 && n >= 9)))) {
            p = span_end;
            continue;
        }
        if (format_phone(digits, n, shown, value, sizeof value))
            line_add(lf, p,
                     role == ROLE_FAX ? KSI_CONTACT_FAX : KSI_CONTACT_PHONE,
                     value);
        p = span_end;
    }
}

static void
find_emails(const char *content, const char *end, line_found_t *lf)
{
    for (const char *p = content; p < end;) {
        char value[KSI_CONTACT_VALUE_MAX];
        const char *done, *at = p;
        size_t at_len;

        if (!at_sign_at(p, end, &at_len)) {
            p++;
            continue;
        }
        done = parse_email(content, at, at_len, end, value, sizeof value);
        if (done == NULL) {
            p += at_len;
            continue;
        }
        /* Position of the local part, for the order on the line. */
        while (at > content && (local_char(at[-1]) || is_space(at[-1])))
            at--;
        line_add(lf, at, KSI_CONTACT_EMAIL, value);
        p = done;
    }
}

static void
find_addresses(const char *content, const char *end, const char *next,
               const char *next_end, line_found_t *lf)
{
    const char *town, *town_end, *s, *s_end, *q;

    for (const char *p = content; p + 5 <= end; p++) {
        if (!is_digit(*p)
            || !postcode_town_at(content, p, end, &town, &town_end))
            continue;
        s = find_street(content, p, &s_end);
        if (s != NULL)
            add_address(lf, s, s_end, p, town_end);
        p += 4;
    }
    /* "Musterstraße 12a" on this line, "47803 Krefeld" on the next. */
    if (next == NULL)
        return;
    q = skip_spaces(next, next_end);
    if (q < next_end && is_digit(*q)
        && postcode_town_at(q, q, next_end, &town, &town_end)) {
        s = street_start(content, end);
        if (s != NULL) {
            s_end = end;
            while (s_end > s && is_space(s_end[-1]))
                s_end--;
            add_address(lf, s, s_end, q, town_end);
        }
    }
}

/* Persons named on a line; after a person label, also a plain name. */
static size_t
find_persons(const char *content, const char *end, role_t label,
             person_t *persons)
{
    size_t count = 0;

    if (label == ROLE_PERSON) {
        const char *p = content;

        while (p < end && (*p == ':' || *p == '|' || is_space(*p)))
            p++;
        if (parse_person(p, end, persons[0].name, sizeof persons[0].name)
                == NULL
            && parse_plain_name(p, end, persons[0].name,
                                sizeof persons[0].name)) {
            persons[0].pos = p;
            count = 1;
        }
    }
    for (const char *p = content; p < end && count < LINE_PERSONS_MAX; p++) {
        if (p > content && alnum_before(content, p))
            continue;
        if (*p != 'F' && *p != 'H')
            continue;
        if (parse_person(p, end, persons[count].name,
                         sizeof persons[count].name)
            != NULL)
            persons[count++].pos = p;
    }
    return count;
}

static void
emit(ksi_contact_t *out, size_t max, size_t *count, const ksi_contact_t *c)
{
    for (size_t i = 0; i < *count; i++) {
        if (out[i].kind == c->kind && strcmp(out[i].value, c->value) == 0) {
            if (out[i].person[0] == '\0')
                memcpy(out[i].person, c->person, sizeof out[i].person);
            return;
        }
    }
    if (*count < max)
        out[(*count)++] = *c;
}

size_t
ksi_find_contacts(const char *text, size_t len, ksi_contact_t *out, size_t max)
{
    const char *p = text, *end = text + len;
    char block_person[KSI_CONTACT_PERSON_MAX] = "";
    role_t carried = ROLE_NONE;
    size_t count = 0;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end, *content = p, *after = p;
        const char *next = nl ? nl + 1 : NULL, *next_end = NULL;
        person_t persons[LINE_PERSONS_MAX];
        line_found_t lf;
        size_t n_persons;
        bool glued = false;
        role_t label;

        if (next != NULL) {
            next_end = memchr(next, '\n', (size_t)(end - next));
            if (next_end == NULL)
                next_end = end;
        }
        label = line_label(p, line_end, &after, &glued);
        if (label != ROLE_NONE && glued)
            content = after;
        if (skip_spaces(p, line_end) == line_end) {
            block_person[0] = '\0';
            carried = ROLE_NONE;
            p = next ? next : end;
            continue;
        }
        n_persons = find_persons(label == ROLE_PERSON ? after : content,
                                 line_end, label, persons);
        if (label == ROLE_PERSON)
            snprintf(block_person, sizeof block_person, "%s",
                     n_persons > 0 ? persons[0].name : "");
        else if (n_persons > 0 && line_end - p <= BLOCK_LINE_MAX)
            snprintf(block_person, sizeof block_person, "%s",
                     persons[n_persons - 1].name);
        lf.count = 0;
        find_phones(content, line_end,
                    label == ROLE_PHONE || label == ROLE_FAX ? label : carried,
                    &lf);
        find_emails(content, line_end, &lf);
        find_addresses(content, line_end, next, next_end, &lf);
        /* In text order; the lists are short. */
        for (size_t i = 1; i < lf.count; i++) {
            for (size_t j = i; j > 0 && lf.found[j].pos < lf.found[j - 1].pos;
                 j--) {
                found_t tmp = lf.found[j];

                lf.found[j] = lf.found[j - 1];
                lf.found[j - 1] = tmp;
            }
        }
        for (size_t i = 0; i < lf.count; i++) {
            const char *name = block_person;

            for (size_t j = 0; j < n_persons; j++) {
                if (persons[j].pos < lf.found[i].pos)
                    name = persons[j].name;
            }
            /* The nearest person before it on its line, else the block's,
             * which a short line naming one after the value also sets:
             * "Telefon 0211 123456 (Frau Muster)". */
            snprintf(lf.found[i].contact.person,
                     sizeof lf.found[i].contact.person, "%s", name);
            emit(out, max, &count, &lf.found[i].contact);
        }
        /* "Fax:" alone on a line labels the number on the next. */
        carried = ROLE_NONE;
        if ((label == ROLE_PHONE || label == ROLE_FAX) && !glued) {
            const char *rest = after;

            while (rest < line_end && (*rest == ':' || is_space(*rest)))
                rest++;
            if (rest == line_end)
                carried = label;
        }
        if (line_end - p > BLOCK_LINE_MAX)
            block_person[0] = '\0';
        p = next ? next : end;
    }
    return count;
}

/* ---- dates --------------------------------------------------------- */

typedef struct {
    int year; /* 0 when the text did not say */
    int month;
    int day; /* 0 for a month and year */
} date_t;

static const struct {
    const char *name;
    int month;
} months[] = {
    {"Januar", 1},      {"Jan.", 1},      {"Februar", 2},   {"Feb.", 2},
    {"M\xC3\xA4rz", 3}, {"Maerz", 3},     {"April", 4},     {"Apr.", 4},
    {"Mai", 5},         {"Juni", 6},      {"Juli", 7},      {"August", 8},
    {"Aug.", 8},        {"September", 9}, {"Sept.", 9},     {"Sep.", 9},
    {"Oktober", 10},    {"Okt.", 10},     {"November", 11}, {"Nov.", 11},
    {"Dezember", 12},   {"Dez.", 12},
};

/* The month named at @p; its length goes to *n. 0 when none. Called at
 * every word of every text the indexer dates: most words start with
 * none of the months' capitals, and are let go at the first byte. */
static int
month_at(const char *p, const char *end, size_t *n)
{
    if (p >= end || *p == '\0' || strchr("JFMASOND", *p) == NULL)
        return 0;
    for (size_t i = 0; i < ARRAY_LEN(months); i++) {
        size_t len;

        if (!starts_with(p, end, months[i].name))
            continue;
        len = strlen(months[i].name);
        if (months[i].name[len - 1] != '.' && p + len < end
            && letter_len(p + len, end) > 0)
            continue;
        *n = len;
        return months[i].month;
    }
    return 0;
}

/* Up to @max digits at @p as a number; their count goes to *n. */
static int
number_at(const char *p, const char *end, size_t max, size_t *n)
{
    int value = 0;

    *n = 0;
    while (p + *n < end && *n < max && is_digit(p[*n]))
        value = value * 10 + (p[(*n)++] - '0');
    if (p + *n < end && is_digit(p[*n]))
        *n = 0; /* more digits than allowed */
    return value;
}

/* A four-digit year at @p that ends there: not "2018.5" or "20181". */
static int
year_at(const char *p, const char *end)
{
    size_t n;
    int year = number_at(p, end, 4, &n);

    if (n != 4 || year < 1950 || year > 2099)
        return 0;
    if (p + 4 < end && (p[4] == '.' || p[4] == ',' || p[4] == ':')
        && p + 5 < end && is_digit(p[5]))
        return 0;
    return year;
}

static bool
date_valid(const date_t *d)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap;

    if (d->month < 1 || d->month > 12 || d->day < 0
        || d->day > days[d->month - 1])
        return false;
    leap = d->year % 4 == 0 && (d->year % 100 != 0 || d->year % 400 == 0);
    return !(d->month == 2 && d->day == 29 && d->year != 0 && !leap);
}

/* Whether the date at @p follows "seit" ("seit dem 1. März 2015", "Seit
 * Oktober 2018"): history the page tells, not its own date. */
static bool
after_seit(const char *line, const char *p)
{
    const char *w, *we;

    for (int words = 0; words < 3; words++) {
        w = previous_word(line, p, &we);
        if (w == NULL)
            return false;
        if (we - w == 4 && strncasecmp(w, "seit", 4) == 0)
            return true;
        p = w;
    }
    return false;
}

/* A date starting at @p (a word start on @line); *after gets its end. */
static bool
date_at(const char *line, const char *p, const char *end, date_t *d,
        const char **after)
{
    size_t n, m;
    const char *q;

    memset(d, 0, sizeof *d);
    *after = NULL;
    /* ISO: 2018-07-18; a year alone is never a date. */
    number_at(p, end, 4, &n);
    if (n == 4) {
        d->year = year_at(p, end);
        if (d->year == 0 || p + 10 > end || p[4] != '-' || p[7] != '-')
            return false;
        d->month = number_at(p + 5, end, 2, &n);
        d->day = number_at(p + 8, end, 2, &m);
        if (n != 2 || m != 2 || (p + 10 < end && is_digit(p[10])))
            return false;
        *after = p + 10;
        return date_valid(d) && !after_seit(line, p);
    }
    if (is_digit(*p)) {
        d->day = number_at(p, end, 2, &n);
        if (n == 0 || p + n >= end || p[n] != '.')
            return false;
        q = p + n + 1;
        /* 18.07.2018 and 18.07. */
        if (q < end && is_digit(*q)) {
            d->month = number_at(q, end, 2, &m);
            if (m == 0 || q + m >= end || q[m] != '.')
                return false;
            q += m + 1;
            if (q < end && is_digit(*q)) {
                d->year = year_at(q, end);
                if (d->year == 0)
                    return false;
                q += 4;
            } else if (n != 2 || m != 2) {
                return false;
            }
            *after = q;
            return date_valid(d) && !after_seit(line, p);
        }
        /* 18. Juli 2018 and 18. Juli. */
        while (q < end && *q == ' ')
            q++;
        d->month = month_at(q, end, &m);
        if (d->month == 0)
            return false;
        q += m;
        /* Even when the day is not valid, the month is used up: "31.
         * Februar 2019" is no "Februar 2019". */
        *after = q;
        if (q + 5 <= end && *q == ' ' && (d->year = year_at(q + 1, end)))
            *after = q + 5;
        return date_valid(d) && !after_seit(line, p);
    }
    /* Oktober 2018. */
    d->month = month_at(p, end, &m);
    if (d->month == 0)
        return false;
    q = p + m;
    if (q + 5 > end || *q != ' ' || (d->year = year_at(q + 1, end)) == 0)
        return false;
    *after = q + 5;
    return !after_seit(line, p);
}

/* Calls @cb for each date in @text in order, skipping calendar widget
 * lines, until it returns false. */
typedef bool (*date_cb)(void *user, const date_t *d);

static void
for_each_date(const char *text, size_t len, date_cb cb, void *user)
{
    const char *p = text, *end = text + len;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line = p, *line_end = nl ? nl : end, *t;

        p = nl ? nl + 1 : end;
        t = skip_spaces(line, line_end);
        if (t < line_end
            && (ksi_is_chrome_line(line, (size_t)(line_end - line)) || *t == '<'
                || starts_with(t, line_end, "\xC2\xAB")))
            continue;
        for (const char *q = line; q < line_end;) {
            date_t d;
            const char *after;

            if (q > line
                && (alnum_before(line, q) || q[-1] == '.' || q[-1] == ','
                    || q[-1] == '-')) {
                q++;
                continue;
            }
            if (!date_at(line, q, line_end, &d, &after)) {
                q = after != NULL && after > q ? after : q + 1;
                continue;
            }
            if (!cb(user, &d))
                return;
            q = after;
        }
    }
}

static bool
first_year_cb(void *user, const date_t *d)
{
    int *year = user;

    if (d->year == 0)
        return true;
    *year = d->year;
    return false;
}

typedef struct {
    int year; /* for dates without one; 0 when none */
    date_t found;
    bool ok;
} first_date_t;

static bool
first_date_cb(void *user, const date_t *d)
{
    first_date_t *fd = user;
    date_t date = *d;

    if (date.year == 0)
        date.year = fd->year;
    if (date.year == 0 || !date_valid(&date))
        return true;
    fd->found = date;
    fd->ok = true;
    return false;
}

/* Write @d (valid, so every field fits) as "YYYY-MM-DD" or "YYYY-MM". */
static void
format_date(const date_t *d, char out[11])
{
    int fields[3] = {d->year, d->month, d->day};
    int widths[3] = {4, 2, 2};
    size_t n = 0;

    for (int i = 0; i < (d->day > 0 ? 3 : 2); i++) {
        if (i > 0)
            out[n++] = '-';
        for (int w = widths[i] - 1, v = fields[i]; w >= 0; w--, v /= 10)
            out[n + (size_t)w] = (char)('0' + v % 10);
        n += (size_t)widths[i];
    }
    out[n] = '\0';
}

/* A leading "date 2021-08[-12]" line, as the text extractor reads it. */
static bool
date_line(const char *text, size_t len, char out[11])
{
    const char *p = text, *end = text + len, *q;
    date_t d = {0, 0, 0};
    size_t n;

    while (p < end && (is_space(*p) || *p == '\n'))
        p++;
    if (!starts_with_ci(p, end, "date ") || p + 12 > end)
        return false;
    p = skip_spaces(p + 5, end);
    d.year = year_at(p, end);
    if (d.year == 0 || p + 7 > end || p[4] != '-')
        return false;
    d.month = number_at(p + 5, end, 2, &n);
    if (n != 2)
        return false;
    q = p + 7;
    if (q + 3 <= end && *q == '-') {
        d.day = number_at(q + 1, end, 2, &n);
        if (n != 2)
            return false;
        q += 3;
    }
    if ((q < end && !is_space(*q) && *q != '\n') || !date_valid(&d))
        return false;
    format_date(&d, out);
    return true;
}

bool
ksi_find_date(const char *text, size_t len, int context_year, char out[11])
{
    first_date_t fd = {0, {0, 0, 0}, false};

    out[0] = '\0';
    if (date_line(text, len, out))
        return true;
    fd.year = context_year > 0 ? context_year : 0;
    if (fd.year == 0)
        for_each_date(text, len, first_year_cb, &fd.year);
    /* No date with a year, and none to lend: no date (the rest of a
     * long page need not be read again). */
    if (fd.year == 0)
        return false;
    for_each_date(text, len, first_date_cb, &fd);
    if (!fd.ok)
        return false;
    format_date(&fd.found, out);
    return true;
}

/* ---- document types ------------------------------------------------ */

/* How many of @words occur in @text as whole words (each counted once). */
static size_t
count_words(const char *text, size_t len, const char *const *words,
            size_t count)
{
    const char *end = text + len;
    size_t found = 0;

    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(words[i]);
        const char *p = text;

        while ((p = memmem(p, (size_t)(end - p), words[i], n)) != NULL) {
            if (!alnum_before(text, p)
                && (p + n == end || letter_len(p + n, end) == 0)) {
                found++;
                break;
            }
            p++;
        }
    }
    return found;
}

/* Whether @sub (not empty) occurs in @text, ignoring ASCII case. The
 * first byte is compared by hand: strncasecmp at every byte of a long
 * page cost more than the rest of typing it. */
static bool
contains_ci(const char *text, size_t len, const char *sub)
{
    size_t n = strlen(sub);
    char first = ascii_lower(sub[0]);

    for (size_t i = 0; i + n <= len; i++) {
        if (ascii_lower(text[i]) == first
            && strncasecmp(text + i + 1, sub + 1, n - 1) == 0)
            return true;
    }
    return false;
}

/* Verbs of a report on what happened. */
static const char *const report_words[] = {
    "besuchte",
    "besucht",
    "erkl\xC3\xA4rte",
    "betonte",
    "betont",
    "sagte",
    "begr\xC3\xBC\xC3\x9Fte",
    "begr\xC3\xBC\xC3\x9Ft",
    "berichtete",
    "informierte",
    "zeigte",
    "stellte",
    "stellten",
    "nahmen",
    "nahm",
    "fand",
    "fanden",
    "beschrieb",
    "\xC3\xBC"
    "berreichte",
    "er\xC3\xB6"
    "ffnete",
    "unterzeichneten",
    "diskutierten",
    "erl\xC3\xA4uterte",
    "machte",
    "beendet",
    "tauschten",
    "freute",
    /* Present tense and participles, as press releases write them. */
    "erkl\xC3\xA4rt",
    "sagt",
    "berichtet",
    "teilgenommen",
    "stattgefunden",
    "gestartet",
};

/* Signs that a text announces a dated event; *strong says whether one of
 * them fixes a time ("18 Uhr", "findet ... statt", "Termin:", "Anmeldung
 * bis"), which reports on courses and past events rarely have. */
static size_t
event_signals(const char *text, size_t len, bool *strong)
{
    static const char *const fixing[] = {
        "Termin:", "Zeit:", "Datum:", "Anmeldeschluss", "Anmeldung bis",
    };
    static const char *const words[] = {
        "Anmeldung",  "Anmeldeschluss", "Eintritt",  "Einlass",   "Ort:",
        "Termin:",    "Zeit:",          "Datum:",    "Einladung", "eingeladen",
        "Referentin", "Referent",       "Workshop",  "Seminar",   "Fachtag",
        "Infoabend",  "anmelden",       "Teilnahme",
    };
    const char *end = text + len;
    size_t signals = count_words(text, len, words, ARRAY_LEN(words));
    bool time = false;

    if (contains_ci(text, len, "veranstaltung"))
        signals++;
    *strong = count_words(text, len, fixing, ARRAY_LEN(fixing)) > 0;
    if (contains_ci(text, len, "findet") && contains_ci(text, len, "statt")) {
        signals++;
        *strong = true;
    }
    /* "18 Uhr", "18:30 Uhr", "18.30 Uhr". */
    for (const char *p = text; !time && p + 4 <= end; p++) {
        if (starts_with(p, end, " Uhr") && p > text && is_digit(p[-1])
            && (p + 4 == end || letter_len(p + 4, end) == 0))
            time = true;
    }
    *strong |= time;
    return signals + (time ? 1 : 0);
}

/* Whether @line names an integration centre as a heading would: the
 * name, and not a sentence reporting on a visit. */
static bool
names_centre(const char *line, size_t len)
{
    size_t words = 0;
    bool in_word = false;

    if (!contains_ci(line, len, "integrationszentrum")
        && count_words(line, len, (const char *const[]){"KI"}, 1) == 0)
        return false;
    if (count_words(line, len, report_words, ARRAY_LEN(report_words)) > 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        bool space = is_space(line[i]);

        words += !space && !in_word;
        in_word = !space;
    }
    return words <= 12;
}

const char *
ksi_infer_type(const char *title, const char *text, size_t len, bool has_date)
{
    bool address = false, reachable = false, heading = false, dated;
    bool fixes_time;
    size_t lines = 0, reports, events, head_len = 0;
    char date[11];

    if (title != NULL)
        heading = names_centre(title, strlen(title));
    /* The first three lines with words, past page chrome ("Inhalt"). */
    for (const char *p = text, *end = text + len; p < end && lines < 3;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n_line = nl ? (size_t)(nl - p) : (size_t)(end - p);

        if (ksi_is_title_line(p, n_line)) {
            heading |= names_centre(p, n_line);
            lines++;
        }
        p = nl ? nl + 1 : end;
        head_len = (size_t)(p - text);
    }
    /* The contacts only for a page headed by a centre's name: finding
     * them reads the whole text. */
    if (heading) {
        ksi_contact_t contacts[32];
        size_t n = ksi_find_contacts(text, len, contacts, ARRAY_LEN(contacts));

        for (size_t i = 0; i < n; i++) {
            address |= contacts[i].kind == KSI_CONTACT_ADDRESS;
            reachable |= contacts[i].kind != KSI_CONTACT_ADDRESS;
        }
    }
    if (address && reachable && heading)
        return "centre";
    reports = count_words(text, len, report_words, ARRAY_LEN(report_words));
    events = event_signals(text, len, &fixes_time);
    dated = has_date || ksi_find_date(text, len, 2000, date);
    if (events >= 2 && fixes_time && dated && events > reports)
        return "event";
    if (has_date || reports >= 2
        || (head_len > 0 && ksi_find_date(text, head_len, 2000, date)))
        return "news";
    return "page";
}
