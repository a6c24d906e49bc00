/*
 * Gazetteers: load config/centres.tsv and config/projects.tsv, and find
 * their names in running German text.
 *
 * Every alias is reduced to a key: its words, lower-cased with the
 * umlauts spelled out (ae, oe, ue, ss), joined by ' ' or, where the alias
 * has a hyphen between two words, by '-'. The keys go into one
 * open-addressing hash table, together with every proper prefix of a
 * multi-word key (marked as a prefix). The matcher walks the text word by
 * word and, at each word, extends the key one word at a time for as long
 * as the table knows it as a prefix, remembering the longest full alias.
 * Most words miss on the first lookup, so the cost is about one hash
 * lookup per word, whatever the number of aliases.
 */
#include "gazetteer-int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <kisearch/text.h>

#include "analyze-int.h"
#include "buf-int.h"

/* Both tables are hand-written lists of a few hundred lines; anything
 * this big is a wrong path or a data file. */
#define GAZ_FILE_MAX (4u * 1024 * 1024)

/* A key is at most KSI_GAZ_WORDS_MAX words of KSI_GAZ_WORD_BYTES bytes,
 * each with one separator. The case-preserving form of a word may be
 * longer than its normalised one (nothing is lower-cased to fewer
 * bytes), so it gets the same room plus slack. */
#define KEY_MAX (KSI_GAZ_WORDS_MAX * (KSI_GAZ_WORD_BYTES + 1))

/* The first 64 distinct project mentions are remembered for
 * deduplication; a page naming more is not realistic. */
#define MENTIONS_SEEN_MAX 64

/* A project name in quotes is looked for at most this many bytes after
 * its opening quote (the name limit plus room for white space). */
#define MENTION_SCAN_MAX (4 * KSI_PROJECT_NAME_MAX)

/* How a word is joined to the one before it. */
enum {
    SEP_SPACE,  /* white space, one line break, a dash or an apostrophe */
    SEP_HYPHEN, /* exactly one hyphen between the two words */
    SEP_HARD    /* other punctuation, a paragraph break, or text start */
};

/* One word of a text or an alias. */
typedef struct gaz_word {
    size_t start; /* byte offsets of the raw word */
    size_t end;
    char norm[KSI_GAZ_WORD_BYTES + 1]; /* lower-case, umlauts spelled out */
    size_t norm_len;
    bool overlong; /* norm did not fit: the word can match nothing */
    bool upper;    /* starts with a capital letter */
    int sep;       /* SEP_*: how it is joined to the previous word */
} gaz_word_t;

typedef struct gaz_entry {
    char *slug;
    char *name;
    const char *kind; /* static "kreis"/"stadt", or NULL */
    size_t line;
} gaz_entry_t;

/* One key of the hash table: an alias, a prefix of an alias, or both. */
typedef struct gaz_key {
    char *key;
    char *exact; /* case-preserving form, for flagged aliases only */
    size_t key_len;
    uint64_t hash;
    size_t entry; /* the entry the alias names; SIZE_MAX for a prefix */
    size_t line;  /* where the alias was defined */
    char flag;    /* 0, '=' or '~' (see gazetteer-int.h) */
    bool prefix;  /* a longer alias starts with this key */
} gaz_key_t;

struct ksi_gazetteer {
    ksi_gaz_kind_t kind;
    gaz_entry_t *entries;
    size_t entry_count;
    size_t entry_cap;
    gaz_key_t *keys;
    size_t key_count;
    size_t key_cap;
    /* Open addressing with linear probing: key index + 1, 0 when free.
     * slot_count is a power of two and at least twice key_count. */
    size_t *slots;
    size_t slot_count;
    size_t words_max; /* the longest alias in words */
};

/* ---- characters and words -------------------------------------------- */

/* Decode the character at @s[@i] into *cp; invalid bytes give -1 and
 * count as one byte. Returns the byte count. */
static size_t
decode(const char *s, size_t len, size_t i, int32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    utf8proc_ssize_t n;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                         (utf8proc_ssize_t)(len - i), cp);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    return (size_t)n;
}

static inline bool
is_ascii_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9');
}

static bool
is_space_char(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v'
           || cp == '\f' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B)
           || cp == 0x202F || cp == 0x3000;
}

static bool
is_hyphen_char(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* Characters between words that still let an alias span them: a dash in
 * "Schule ohne Rassismus – Schule mit Courage", an apostrophe in
 * "Gemeinsam klappt’s". */
static bool
is_soft_char(int32_t cp)
{
    return cp == 0x2013 || cp == 0x2014 || cp == '\'' || cp == 0x2018
           || cp == 0x2019 || cp == 0x02BC;
}

/* Append @n bytes to the word's norm, or mark it overlong. */
static void
norm_add(gaz_word_t *w, const char *bytes, size_t n)
{
    if (w->overlong || w->norm_len + n > KSI_GAZ_WORD_BYTES) {
        w->overlong = true;
        return;
    }
    memcpy(w->norm + w->norm_len, bytes, n);
    w->norm_len += n;
}

/* Append the normalised form of @cp (a word character) to @w. */
static void
norm_char(gaz_word_t *w, int32_t cp)
{
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t n;
    char c;

    if (cp < 0x80) {
        c = (char)(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
        norm_add(w, &c, 1);
        return;
    }
    cp = utf8proc_tolower(cp);
    switch (cp) {
    case 0xE4:
        norm_add(w, "ae", 2);
        return;
    case 0xF6:
        norm_add(w, "oe", 2);
        return;
    case 0xFC:
        norm_add(w, "ue", 2);
        return;
    case 0xDF:
        norm_add(w, "ss", 2);
        return;
    case 0x308:
        /* A decomposed umlaut: "u" + U+0308 is "ue" like "ü". */
        if (w->norm_len > 0 && strchr("aou", w->norm[w->norm_len - 1])) {
            norm_add(w, "e", 1);
            return;
        }
        break;
    default:
        break;
    }
    n = utf8proc_encode_char(cp, enc);
    norm_add(w, (const char *)enc, (size_t)n);
}

/*
 * Read the next word of @s at or after *pos into @w and move *pos past
 * it; false at the end. *pos must be 0 or the end of the previous word,
 * which is how the separator before the word is classified.
 */
static bool
next_word(const char *s, size_t len, size_t *pos, gaz_word_t *w)
{
    size_t i = *pos;
    size_t newlines = 0;
    size_t hyphens = 0;
    size_t separators = 0;
    bool hard = *pos == 0;
    int32_t cp = 0;
    size_t n = 0;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];

        if (c == ' ') {
            separators++;
            i++;
            continue;
        }
        n = decode(s, len, i, &cp);
        if (ksi_is_word_char(cp))
            break;
        separators++;
        if (cp == '\n')
            newlines++;
        else if (is_hyphen_char(cp))
            hyphens++;
        else if (!is_space_char(cp) && !is_soft_char(cp))
            hard = true;
        i += n;
    }
    if (i >= len) {
        *pos = len;
        return false;
    }
    if (hard || newlines >= 2)
        w->sep = SEP_HARD;
    else if (separators == 1 && hyphens == 1)
        w->sep = SEP_HYPHEN;
    else
        w->sep = SEP_SPACE;
    w->start = i;
    w->norm_len = 0;
    w->overlong = false;
    w->upper = cp < 0x80 ? (cp >= 'A' && cp <= 'Z')
                         : utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
    norm_char(w, cp);
    i += n;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];

        /* Most of a German text is ASCII: no decoding, no table. */
        if (c < 0x80) {
            if (!is_ascii_word_byte(c))
                break;
            if (w->norm_len < KSI_GAZ_WORD_BYTES)
                w->norm[w->norm_len++] =
                    (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            else
                w->overlong = true;
            i++;
            continue;
        }
        n = decode(s, len, i, &cp);
        if (!ksi_is_word_char(cp))
            break;
        norm_char(w, cp);
        i += n;
    }
    w->end = i;
    w->norm[w->norm_len] = '\0';
    *pos = i;
    return true;
}

/* Append to @out (at *pos, room for @size with NUL) the case-preserving
 * form of the raw bytes @s[@start..@end): umlauts spelled out as in the
 * key, but capitals kept. False if it does not fit. */
static bool
fold_cased(const char *s, size_t start, size_t end, char *out, size_t size,
           size_t *pos)
{
    size_t i = start;

    while (i < end) {
        int32_t cp;
        size_t n = decode(s, end, i, &cp);
        const char *rep = NULL;
        size_t rep_len = n;

        switch (cp) {
        case 0xC4:
            rep = "Ae";
            break;
        case 0xE4:
            rep = "ae";
            break;
        case 0xD6:
            rep = "Oe";
            break;
        case 0xF6:
            rep = "oe";
            break;
        case 0xDC:
            rep = "Ue";
            break;
        case 0xFC:
            rep = "ue";
            break;
        case 0xDF:
            rep = "ss";
            break;
        case 0x1E9E:
            rep = "SS";
            break;
        case 0x308:
            if (*pos > 0 && strchr("aouAOU", out[*pos - 1]) != NULL)
                rep = "e";
            break;
        default:
            break;
        }
        if (rep != NULL)
            rep_len = strlen(rep);
        if (*pos + rep_len + 1 > size)
            return false;
        memcpy(out + *pos, rep != NULL ? rep : s + i, rep_len);
        *pos += rep_len;
        i += n;
    }
    out[*pos] = '\0';
    return true;
}

/* Append word @w, with its separator unless it is the first, to the key
 * @key of length *key_len (room for KEY_MAX + 1 bytes). */
static void
key_add(char *key, size_t *key_len, const gaz_word_t *w, bool first)
{
    if (!first)
        key[(*key_len)++] = w->sep == SEP_HYPHEN ? '-' : ' ';
    memcpy(key + *key_len, w->norm, w->norm_len);
    *key_len += w->norm_len;
    key[*key_len] = '\0';
}

/* The case-preserving key of the words @words[0..@n) of @s, in @out. */
static bool
exact_key(const char *s, const gaz_word_t *words, size_t n, char *out,
          size_t size)
{
    size_t pos = 0;

    out[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        if (k > 0) {
            if (pos + 2 > size)
                return false;
            out[pos++] = words[k].sep == SEP_HYPHEN ? '-' : ' ';
        }
        if (!fold_cased(s, words[k].start, words[k].end, out, size, &pos))
            return false;
    }
    return true;
}

/* ---- the hash table -------------------------------------------------- */

/* The slot holding @key (@len bytes, @hash), or the free slot where it
 * would go. */
static size_t
find_slot(const ksi_gazetteer_t *g, const char *key, size_t len, uint64_t hash)
{
    size_t mask = g->slot_count - 1;
    size_t i = (size_t)hash & mask;

    while (g->slots[i] != 0) {
        const gaz_key_t *k = &g->keys[g->slots[i] - 1];

        if (k->hash == hash && k->key_len == len
            && memcmp(k->key, key, len) == 0)
            break;
        i = (i + 1) & mask;
    }
    return i;
}

static const gaz_key_t *
lookup(const ksi_gazetteer_t *g, const char *key, size_t len)
{
    size_t slot;

    if (g->slot_count == 0)
        return NULL;
    slot = find_slot(g, key, len, ksi_hash(key, len));
    return g->slots[slot] ? &g->keys[g->slots[slot] - 1] : NULL;
}

/* Double the table and reinsert every key. */
static bool
rehash(ksi_gazetteer_t *g)
{
    size_t count = g->slot_count ? g->slot_count * 2 : 256;
    size_t *old = g->slots;

    g->slots = calloc(count, sizeof *g->slots);
    if (g->slots == NULL) {
        g->slots = old;
        return false;
    }
    free(old);
    g->slot_count = count;
    for (size_t i = 0; i < g->key_count; i++) {
        const gaz_key_t *k = &g->keys[i];

        g->slots[find_slot(g, k->key, k->key_len, k->hash)] = i + 1;
    }
    return true;
}

/* The key record for @key, added (as neither alias nor prefix) if new;
 * NULL when out of memory. */
static gaz_key_t *
intern(ksi_gazetteer_t *g, const char *key)
{
    size_t len = strlen(key);
    uint64_t hash = ksi_hash(key, len);
    gaz_key_t *k;
    size_t slot;

    if ((g->key_count + 1) * 2 > g->slot_count && !rehash(g))
        return NULL;
    slot = find_slot(g, key, len, hash);
    if (g->slots[slot] != 0)
        return &g->keys[g->slots[slot] - 1];
    if (!ksi_grow((void **)&g->keys, &g->key_cap, g->key_count + 1,
                  sizeof *g->keys))
        return NULL;
    k = &g->keys[g->key_count];
    memset(k, 0, sizeof *k);
    k->key = strdup(key);
    if (k->key == NULL)
        return NULL;
    k->key_len = len;
    k->hash = hash;
    k->entry = SIZE_MAX;
    g->slots[slot] = ++g->key_count;
    return k;
}

/* ---- loading --------------------------------------------------------- */

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Drop ASCII blanks at both ends of the field *s / *len. */
static void
trim(const char **s, size_t *len)
{
    while (*len > 0 && is_blank((*s)[0])) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && is_blank((*s)[*len - 1]))
        (*len)--;
}

/*
 * Register the alias @text (@len bytes, no flag character) of entry
 * @entry; @what is "alias" or "name" for messages. An alias the entry
 * already has is kept as first defined.
 */
static ks_status_t
add_alias(ksi_gazetteer_t *g, size_t entry, const char *text, size_t len,
          char flag, const char *what, const char *name, size_t line_no,
          ks_error_t *err)
{
    gaz_word_t words[KSI_GAZ_WORDS_MAX];
    char key[KEY_MAX + 1];
    char exact[2 * KEY_MAX + 1];
    size_t key_len = 0;
    size_t count = 0;
    size_t pos = 0;
    gaz_word_t w;
    gaz_key_t *k = NULL;

    while (next_word(text, len, &pos, &w)) {
        if (w.overlong)
            return ksi_line_error(err, name, line_no,
                                  "%s \"%.*s\" has a word longer than %d bytes",
                                  what, (int)len, text, KSI_GAZ_WORD_BYTES);
        if (count > 0 && w.sep == SEP_HARD)
            return ksi_line_error(err, name, line_no,
                                  "%s \"%.*s\" has punctuation between words, "
                                  "which no text would match",
                                  what, (int)len, text);
        if (count == KSI_GAZ_WORDS_MAX)
            return ksi_line_error(err, name, line_no,
                                  "%s \"%.*s\" has more than %d words", what,
                                  (int)len, text, KSI_GAZ_WORDS_MAX);
        words[count++] = w;
    }
    if (count == 0)
        return ksi_line_error(err, name, line_no,
                              "%s \"%.*s\" has no letters or digits", what,
                              (int)len, text);

    /* Every proper prefix, so the matcher knows when to read on. */
    for (size_t n = 0; n < count; n++) {
        key_add(key, &key_len, &words[n], n == 0);
        k = intern(g, key);
        if (k == NULL)
            return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        if (n + 1 < count)
            k->prefix = true;
    }
    if (k->entry == entry)
        return KS_OK;
    if (k->entry != SIZE_MAX)
        return ksi_line_error(err, name, line_no,
                              "%s \"%.*s\" names both %s (line %zu) and %s",
                              what, (int)len, text, g->entries[k->entry].slug,
                              k->line, g->entries[entry].slug);
    k->entry = entry;
    k->line = line_no;
    k->flag = flag;
    if (flag != 0) {
        if (!exact_key(text, words, count, exact, sizeof exact))
            return ksi_line_error(err, name, line_no, "%s \"%.*s\" is too long",
                                  what, (int)len, text);
        k->exact = strdup(exact);
        if (k->exact == NULL)
            return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    }
    if (count > g->words_max)
        g->words_max = count;
    return KS_OK;
}

/* Register the '|'-separated aliases of entry @entry. */
static ks_status_t
add_aliases(ksi_gazetteer_t *g, size_t entry, const char *list, size_t len,
            const char *name, size_t line_no, ks_error_t *err)
{
    size_t start = 0;
    size_t number = 0;
    const char *all = list;
    size_t all_len = len;

    trim(&all, &all_len);
    if (all_len == 0)
        return KS_OK;
    while (start <= len) {
        const char *bar = memchr(list + start, '|', len - start);
        size_t end = bar ? (size_t)(bar - list) : len;
        const char *alias = list + start;
        size_t alias_len = end - start;
        char flag = 0;
        ks_status_t st;

        number++;
        trim(&alias, &alias_len);
        if (alias_len > 0 && (alias[0] == '=' || alias[0] == '~')) {
            flag = alias[0];
            alias++;
            alias_len--;
        }
        if (alias_len == 0)
            return ksi_line_error(err, name, line_no,
                                  "alias %zu is empty (two '|' in a row or one "
                                  "at either end?)",
                                  number);
        st = add_alias(g, entry, alias, alias_len, flag, "alias", name, line_no,
                       err);
        if (st != KS_OK)
            return st;
        start = end + 1;
    }
    return KS_OK;
}

static bool
valid_slug(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')
              || s[i] == '-'))
            return false;
    return len > 0;
}

/* Parse one line (without its line end) unless it is blank or a
 * comment. */
static ks_status_t
parse_line(ksi_gazetteer_t *g, const char *line, size_t len, const char *name,
           size_t line_no, ks_error_t *err)
{
    const char *fields[5];
    size_t lengths[5];
    size_t field_count = 0;
    size_t expected = g->kind == KSI_GAZ_CENTRES ? 4 : 3;
    size_t start = 0;
    size_t i;
    gaz_entry_t *e;
    const char *kind = NULL;
    ks_status_t st;

    if (memchr(line, '\0', len) != NULL)
        return ksi_line_error(err, name, line_no, "NUL byte");
    if (!ks_utf8_valid(line, len))
        return ksi_line_error(err, name, line_no, "invalid UTF-8");
    for (i = 0; i < len && (is_blank(line[i]) || line[i] == '\t'); i++)
        ;
    if (i == len || line[i] == '#')
        return KS_OK;

    for (;;) {
        const char *tab = memchr(line + start, '\t', len - start);
        size_t end = tab ? (size_t)(tab - line) : len;

        if (field_count < 5) {
            fields[field_count] = line + start;
            lengths[field_count] = end - start;
        }
        field_count++;
        if (tab == NULL)
            break;
        start = end + 1;
    }
    if (field_count != expected)
        return ksi_line_error(
            err, name, line_no,
            "expected %zu tab-separated columns (%s), found %zu", expected,
            g->kind == KSI_GAZ_CENTRES ? "slug, name, kind, aliases"
                                       : "slug, name, aliases",
            field_count);
    if (lengths[0] == 0)
        return ksi_line_error(err, name, line_no, "empty slug");
    if (!valid_slug(fields[0], lengths[0]))
        return ksi_line_error(err, name, line_no,
                              "slug \"%.*s\" is not [a-z0-9-]+",
                              (int)lengths[0], fields[0]);
    for (i = 0; i < g->entry_count; i++)
        if (strlen(g->entries[i].slug) == lengths[0]
            && memcmp(g->entries[i].slug, fields[0], lengths[0]) == 0)
            return ksi_line_error(err, name, line_no,
                                  "duplicate slug \"%.*s\" (first on line %zu)",
                                  (int)lengths[0], fields[0],
                                  g->entries[i].line);
    trim(&fields[1], &lengths[1]);
    if (lengths[1] == 0)
        return ksi_line_error(err, name, line_no, "empty name");
    if (g->kind == KSI_GAZ_CENTRES) {
        trim(&fields[2], &lengths[2]);
        if (lengths[2] == 5 && memcmp(fields[2], "kreis", 5) == 0)
            kind = "kreis";
        else if (lengths[2] == 5 && memcmp(fields[2], "stadt", 5) == 0)
            kind = "stadt";
        else
            return ksi_line_error(err, name, line_no,
                                  "kind \"%.*s\" is not kreis or stadt",
                                  (int)lengths[2], fields[2]);
    }

    if (!ksi_grow((void **)&g->entries, &g->entry_cap, g->entry_count + 1,
                  sizeof *g->entries))
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    e = &g->entries[g->entry_count];
    e->slug = strndup(fields[0], lengths[0]);
    e->name = strndup(fields[1], lengths[1]);
    e->kind = kind;
    e->line = line_no;
    g->entry_count++;
    if (e->slug == NULL || e->name == NULL)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");

    /* Aliases first, so a flagged alias equal to the name wins. */
    st = add_aliases(g, g->entry_count - 1, fields[expected - 1],
                     lengths[expected - 1], name, line_no, err);
    if (st != KS_OK)
        return st;
    return add_alias(g, g->entry_count - 1, fields[1], lengths[1], 0, "name",
                     name, line_no, err);
}

ks_status_t
ksi_gazetteer_parse(const char *text, size_t len, const char *name,
                    ksi_gaz_kind_t kind, ksi_gazetteer_t **out, ks_error_t *err)
{
    ksi_gazetteer_t *g;
    size_t pos = 0;
    size_t line_no = 0;
    ks_status_t st = KS_OK;

    *out = NULL;
    g = calloc(1, sizeof *g);
    if (g == NULL)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    g->kind = kind;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len && st == KS_OK) {
        const char *line = text + pos;
        const char *newline = memchr(line, '\n', len - pos);
        size_t line_len = newline ? (size_t)(newline - line) : len - pos;

        pos += line_len + (newline != NULL);
        line_no++;
        if (line_len > 0 && line[line_len - 1] == '\r')
            line_len--;
        st = parse_line(g, line, line_len, name, line_no, err);
    }
    if (st != KS_OK) {
        ksi_gazetteer_free(g);
        return st;
    }
    *out = g;
    return KS_OK;
}

ks_status_t
ksi_gazetteer_load(const char *path, ksi_gaz_kind_t kind, ksi_gazetteer_t **out,
                   ks_error_t *err)
{
    ksi_buf_t buf;
    ks_status_t st;

    *out = NULL;
    st = ksi_read_file(path, GAZ_FILE_MAX, "a centre or project table", &buf,
                       err);
    if (st != KS_OK)
        return st;
    st = ksi_gazetteer_parse(buf.data, buf.len, path, kind, out, err);
    ksi_buf_free(&buf);
    return st;
}

void
ksi_gazetteer_free(ksi_gazetteer_t *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < g->entry_count; i++) {
        free(g->entries[i].slug);
        free(g->entries[i].name);
    }
    for (size_t i = 0; i < g->key_count; i++) {
        free(g->keys[i].key);
        free(g->keys[i].exact);
    }
    free(g->entries);
    free(g->keys);
    free(g->slots);
    free(g);
}

size_t
ksi_gazetteer_count(const ksi_gazetteer_t *g)
{
    return g ? g->entry_count : 0;
}

const char *
ksi_gazetteer_slug(const ksi_gazetteer_t *g, size_t i)
{
    return g && i < g->entry_count ? g->entries[i].slug : NULL;
}

const char *
ksi_gazetteer_name(const ksi_gazetteer_t *g, size_t i)
{
    return g && i < g->entry_count ? g->entries[i].name : NULL;
}

const char *
ksi_gazetteer_kind(const ksi_gazetteer_t *g, size_t i)
{
    return g && i < g->entry_count ? g->entries[i].kind : NULL;
}

size_t
ksi_gazetteer_find(const ksi_gazetteer_t *g, const char *slug)
{
    if (g == NULL || slug == NULL)
        return (size_t)-1;
    for (size_t i = 0; i < g->entry_count; i++)
        if (strcmp(g->entries[i].slug, slug) == 0)
            return i;
    return (size_t)-1;
}

/* ---- matching -------------------------------------------------------- */

/* Whether @w, the word before a '~' alias, makes the alias a common
 * noun: an article or a contraction with one ("das Essen", "beim Essen",
 * "an der Lippe"), an inflected adjective ("gemeinsames Essen",
 * "leckerem Essen") or a capitalised -er adjective ("Aachener Münster").
 * Other adjective endings (-en) are left alone: "zwischen Essen und
 * Bochum" is the city. */
static bool
before_common_noun(const gaz_word_t *w)
{
    static const char *const determiners[] = {
        "der",    "die",    "das",   "des",    "dem",   "den",  "ein",
        "eine",   "einem",  "einen", "eines",  "einer", "kein", "keine",
        "keinem", "keinen", "im",    "am",     "beim",  "vom",  "zum",
        "zur",    "ins",    "unser", "unsere", "ihr",   "ihre", NULL};
    const char *end2 = w->norm_len >= 2 ? w->norm + w->norm_len - 2 : "";

    for (size_t i = 0; determiners[i] != NULL; i++)
        if (strcmp(w->norm, determiners[i]) == 0)
            return true;
    if (w->norm_len <= 3)
        return false;
    if (!w->upper && (strcmp(end2, "es") == 0 || strcmp(end2, "em") == 0))
        return true;
    return w->upper && strcmp(end2, "er") == 0;
}

/* Whether the flagged alias @k matches the words @words[0..@n) of @s
 * (@len bytes); the word before them starts at @prev_start, or
 * @prev_start is SIZE_MAX at a sentence start. */
static bool
flag_allows(const gaz_key_t *k, const char *s, size_t len,
            const gaz_word_t *words, size_t n, size_t prev_start)
{
    char exact[2 * KEY_MAX + 1];
    gaz_word_t prev;
    size_t pos = prev_start;

    if (k->flag == 0)
        return true;
    if (!exact_key(s, words, n, exact, sizeof exact)
        || strcmp(exact, k->exact) != 0)
        return false;
    if (k->flag != '~' || prev_start == SIZE_MAX)
        return true;
    /* Read the word again rather than keep a copy of every word: '~'
     * aliases are rare. */
    return !next_word(s, len, &pos, &prev) || !before_common_noun(&prev);
}

/* Add @entry to @out (holding *count of @max) unless it is there. */
static void
add_found(size_t *out, size_t *count, size_t max, size_t entry)
{
    for (size_t i = 0; i < *count; i++)
        if (out[i] == entry)
            return;
    if (*count < max)
        out[(*count)++] = entry;
}

/* Match @s (@len bytes) into @out, which already holds *count entries. */
static void
match_one(const ksi_gazetteer_t *g, const char *s, size_t len, size_t *out,
          size_t *count, size_t max)
{
    gaz_word_t words[KSI_GAZ_WORDS_MAX];
    size_t prev_start = SIZE_MAX; /* start of the word before words[0] */
    size_t pos = 0;

    while (*count < max && next_word(s, len, &pos, &words[0])) {
        char key[KEY_MAX + 1];
        size_t key_len = 0;
        size_t ahead = pos;
        size_t best_n = 0;
        size_t best_entry = SIZE_MAX;

        /* The second part of a compound such as "Köln-Mülheim" names a
         * district of the first, not a place of its own. */
        if (!words[0].overlong && words[0].sep != SEP_HYPHEN) {
            for (size_t n = 1; n <= g->words_max; n++) {
                const gaz_key_t *k;

                if (n > 1
                    && (!next_word(s, len, &ahead, &words[n - 1])
                        || words[n - 1].sep == SEP_HARD
                        || words[n - 1].overlong))
                    break;
                key_add(key, &key_len, &words[n - 1], n == 1);
                k = lookup(g, key, key_len);
                if (k == NULL)
                    break;
                if (k->entry != SIZE_MAX
                    && flag_allows(k, s, len, words, n,
                                   words[0].sep == SEP_HARD ? SIZE_MAX
                                                            : prev_start)) {
                    best_n = n;
                    best_entry = k->entry;
                }
                if (!k->prefix)
                    break;
            }
        }
        if (best_n == 0) {
            prev_start = words[0].start;
        } else {
            add_found(out, count, max, best_entry);
            prev_start = words[best_n - 1].start;
            pos = words[best_n - 1].end;
        }
    }
}

size_t
ksi_gazetteer_match(const ksi_gazetteer_t *g, const char *title,
                    const char *text, size_t *out, size_t max)
{
    size_t count = 0;

    if (g == NULL || g->key_count == 0 || max == 0)
        return 0;
    if (title != NULL)
        match_one(g, title, strlen(title), out, &count, max);
    if (text != NULL)
        match_one(g, text, strlen(text), out, &count, max);
    return count;
}

/* ---- project mentions ------------------------------------------------ */

/* Whether the normalised word @w introduces a project or programme. */
static bool
is_project_word(const gaz_word_t *w)
{
    static const char *const endings[] = {"projekt",  "projekts",  "projektes",
                                          "programm", "programms", "programmes",
                                          NULL};

    for (size_t i = 0; endings[i] != NULL; i++) {
        size_t n = strlen(endings[i]);

        if (w->norm_len >= n
            && memcmp(w->norm + w->norm_len - n, endings[i], n) == 0)
            return true;
    }
    return false;
}

/* Whether @cp closes a name opened by @open. */
static bool
closes(int32_t open, int32_t cp)
{
    switch (open) {
    case 0x201E: /* „ German */
        return cp == 0x201C || cp == 0x201D || cp == '"';
    case 0x201A: /* ‚ German single */
        return cp == 0x2018 || cp == 0x2019 || cp == '\'';
    case 0x201C: /* “ English */
        return cp == 0x201D || cp == '"';
    case 0x2018: /* ‘ English single */
        return cp == 0x2019 || cp == '\'';
    case '"':
        return cp == '"' || cp == 0x201C || cp == 0x201D;
    case '\'':
        return cp == '\'' || cp == 0x2019;
    case 0xBB: /* » */
        return cp == 0xAB;
    case 0xAB: /* « */
        return cp == 0xBB;
    default:
        return false;
    }
}

static bool
is_opening_quote(int32_t cp)
{
    return cp == 0x201E || cp == 0x201A || cp == 0x201C || cp == 0x2018
           || cp == '"' || cp == '\'' || cp == 0xBB || cp == 0xAB;
}

/*
 * Read a quoted name starting at @s[@i] (the opening quote) into @name
 * (room for KSI_PROJECT_NAME_MAX + 1), white space collapsed. Returns its
 * length, 0 if there is none; *after is set past the closing quote.
 */
static size_t
read_quoted(const char *s, size_t len, size_t i, char *name, size_t *after)
{
    int32_t open, cp;
    size_t n = decode(s, len, i, &open);
    size_t limit = i + MENTION_SCAN_MAX < len ? i + MENTION_SCAN_MAX : len;
    size_t name_len = 0;
    size_t newlines = 0;
    size_t words = 0;
    bool space = false;
    bool letter = false;

    if (!is_opening_quote(open))
        return 0;
    for (i += n; i < limit; i += n) {
        n = decode(s, len, i, &cp);
        if (closes(open, cp))
            break;
        if (is_space_char(cp)) {
            if (cp == '\n' && ++newlines >= 2)
                return 0;
            space = name_len > 0;
            continue;
        }
        if (space) {
            if (name_len + 1 > KSI_PROJECT_NAME_MAX)
                return 0;
            name[name_len++] = ' ';
            space = false;
        }
        if (name_len + n > KSI_PROJECT_NAME_MAX)
            return 0;
        memcpy(name + name_len, s + i, n);
        name_len += n;
        letter = letter || ksi_is_word_char(cp);
    }
    if (i >= limit)
        return 0;
    *after = i + n;
    while (name_len > 0
           && (name[name_len - 1] == ',' || name[name_len - 1] == ';'
               || name[name_len - 1] == ':' || name[name_len - 1] == ' '))
        name_len--;
    for (size_t k = 0; k < name_len; k++)
        words += k == 0 || name[k - 1] == ' ';
    if (!letter || name_len == 0 || words > 8)
        return 0;
    return name_len;
}

static bool
same_ignoring_case(const char *a, const char *b, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char x = (unsigned char)a[i];
        unsigned char y = (unsigned char)b[i];

        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

void
ksi_project_mentions(const char *text,
                     void (*cb)(void *user, const char *name, size_t len),
                     void *user)
{
    char seen[MENTIONS_SEEN_MAX][KSI_PROJECT_NAME_MAX + 1];
    size_t seen_len[MENTIONS_SEEN_MAX];
    size_t seen_count = 0;
    size_t len, pos = 0;
    gaz_word_t w;

    if (text == NULL || cb == NULL)
        return;
    len = strlen(text);
    while (next_word(text, len, &pos, &w)) {
        char name[KSI_PROJECT_NAME_MAX + 1];
        size_t i = w.end;
        size_t after = 0;
        size_t name_len;
        bool colon = false;
        bool dup = false;
        int32_t cp;

        if (!is_project_word(&w))
            continue;
        /* White space and at most one colon up to the opening quote. */
        while (i < len) {
            size_t n = decode(text, len, i, &cp);

            if (cp == ':' && !colon)
                colon = true;
            else if (!is_space_char(cp) || cp == '\n')
                break;
            i += n;
        }
        if (i >= len)
            break;
        name_len = read_quoted(text, len, i, name, &after);
        if (name_len == 0)
            continue;
        pos = after;
        for (size_t k = 0; k < seen_count && !dup; k++)
            dup = seen_len[k] == name_len
                  && same_ignoring_case(seen[k], name, name_len);
        if (dup)
            continue;
        if (seen_count < MENTIONS_SEEN_MAX) {
            memcpy(seen[seen_count], name, name_len);
            seen_len[seen_count++] = name_len;
        }
        cb(user, name, name_len);
    }
}

/* ---- slugs ----------------------------------------------------------- */

bool
ksi_slugify(const char *name, size_t len, char *out, size_t size)
{
    size_t pos = 0;
    size_t i = 0;
    bool dash = false;

    if (size == 0)
        return false;
    out[0] = '\0';
    while (i < len) {
        int32_t cp;
        size_t n = decode(name, len, i, &cp);
        char part[3] = {0, 0, 0};

        i += n;
        if (cp >= 'A' && cp <= 'Z')
            part[0] = (char)(cp + 32);
        else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            part[0] = (char)cp;
        else if (cp == 0xC4 || cp == 0xE4)
            memcpy(part, "ae", 2);
        else if (cp == 0xD6 || cp == 0xF6)
            memcpy(part, "oe", 2);
        else if (cp == 0xDC || cp == 0xFC)
            memcpy(part, "ue", 2);
        else if (cp == 0xDF || cp == 0x1E9E)
            memcpy(part, "ss", 2);
        else if (cp >= 0x80) {
            utf8proc_int32_t base[8];
            int boundclass = 0;

            /* é is e + U+0301: keep the letter, drop the accent. */
            if (utf8proc_decompose_char(cp, base, 8, UTF8PROC_DECOMPOSE,
                                        &boundclass)
                    > 0
                && base[0] < 0x80 && ksi_is_word_char(base[0]))
                part[0] = (char)(base[0] >= 'A' && base[0] <= 'Z' ? base[0] + 32
                                                                  : base[0]);
        }
        if (part[0] == 0) {
            dash = pos > 0;
            continue;
        }
        if (dash) {
            if (pos + 2 > size)
                goto too_long;
            out[pos++] = '-';
            dash = false;
        }
        for (size_t k = 0; part[k] != 0; k++) {
            if (pos + 2 > size)
                goto too_long;
            out[pos++] = part[k];
        }
    }
    out[pos] = '\0';
    return pos > 0;

too_long:
    out[0] = '\0';
    return false;
}

size_t
ks_slugify(const char *name, char *out, size_t size)
{
    if (size == 0)
        return 0;
    if (!ksi_slugify(name, strlen(name), out, size)) {
        out[0] = '\0';
        return 0;
    }
    return strlen(out);
}
