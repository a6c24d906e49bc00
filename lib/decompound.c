/*
 * German compound splitting: the lexicon (an open-addressing hash set
 * over one string arena) and the splitter that searches it.
 */
#include "decompound-int.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kisearch/text.h>

/* An entry in the arena is [length byte][flags byte][word bytes]; the
 * length byte is why words are capped at 255 bytes. */
#define WORD_MAX 255

/* Flags of an entry, from the capitalisation of its source line(s). */
#define LEX_NOUN    0x01 /* seen capitalised: a noun or a name */
#define LEX_LOWER   0x02 /* seen lower-case: verb, adjective, adverb */
#define LEX_ACRONYM 0x04 /* seen as ABC or ACPI: never a compound part */

struct ksi_lexicon {
    char *arena; /* the entries, back to back */
    size_t arena_len;
    size_t arena_cap;
    uint32_t *slots; /* arena offset + 1 of an entry; 0 marks a free slot */
    size_t slot_cap; /* a power of two, kept at least twice count */
    size_t count;
};

/* FNV-1a: short keys, one pass, good enough spread for a half-full
 * table. */
static uint32_t
hash_word(const char *word, size_t len)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)word[i];
        h *= 16777619u;
    }
    return h;
}

/* The slot holding @word, or the free slot where it would go. */
static size_t
find_slot(const ksi_lexicon_t *lex, const char *word, size_t len)
{
    size_t mask = lex->slot_cap - 1;
    size_t i = hash_word(word, len) & mask;

    for (;;) {
        uint32_t off = lex->slots[i];
        const unsigned char *entry;

        if (off == 0)
            return i;
        entry = (const unsigned char *)lex->arena + off - 1;
        if (entry[0] == len && memcmp(entry + 2, word, len) == 0)
            return i;
        i = (i + 1) & mask;
    }
}

/* The flags of @word, or 0 when it is not in @lex. */
static unsigned
lookup(const ksi_lexicon_t *lex, const char *word, size_t len)
{
    size_t i;

    if (lex == NULL || len == 0 || len > WORD_MAX)
        return 0;
    i = find_slot(lex, word, len);
    if (lex->slots[i] == 0)
        return 0;
    return (unsigned char)lex->arena[lex->slots[i]];
}

/* Make room for at least @want entries at most half full. */
static bool
reserve_slots(ksi_lexicon_t *lex, size_t want)
{
    size_t cap = lex->slot_cap;
    uint32_t *old = lex->slots;
    size_t old_cap = lex->slot_cap;

    while (cap < want * 2)
        cap *= 2;
    if (cap == old_cap)
        return true;
    lex->slots = calloc(cap, sizeof *lex->slots);
    if (lex->slots == NULL) {
        lex->slots = old;
        return false;
    }
    lex->slot_cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
        const unsigned char *entry;

        if (old[i] == 0)
            continue;
        entry = (const unsigned char *)lex->arena + old[i] - 1;
        lex->slots[find_slot(lex, (const char *)entry + 2, entry[0])] = old[i];
    }
    free(old);
    return true;
}

/* Make room for @want more bytes in the arena. */
static bool
reserve_arena(ksi_lexicon_t *lex, size_t want)
{
    size_t cap = lex->arena_cap;
    char *arena;

    if (lex->arena_len + want <= cap)
        return true;
    while (cap < lex->arena_len + want)
        cap *= 2;
    /* Slots hold 32-bit offsets. */
    if (cap > UINT32_MAX)
        return false;
    arena = realloc(lex->arena, cap);
    if (arena == NULL)
        return false;
    lex->arena = arena;
    lex->arena_cap = cap;
    return true;
}

/* Add one lower-case word, or merge @flags into its entry. */
static bool
insert_word(ksi_lexicon_t *lex, const char *word, size_t len, unsigned flags)
{
    size_t i;

    if (!reserve_slots(lex, lex->count + 1) || !reserve_arena(lex, len + 2))
        return false;
    i = find_slot(lex, word, len);
    if (lex->slots[i] != 0) {
        lex->arena[lex->slots[i]] |= (char)flags;
        return true;
    }
    lex->arena[lex->arena_len] = (char)len;
    lex->arena[lex->arena_len + 1] = (char)flags;
    memcpy(lex->arena + lex->arena_len + 2, word, len);
    lex->slots[i] = (uint32_t)lex->arena_len + 1;
    lex->arena_len += len + 2;
    lex->count++;
    return true;
}

/* Whether the UTF-8 character at @p is an upper-case letter (ASCII or
 * Latin-1, which covers Ä, Ö and Ü); lower-case it in place if so. */
static bool
lower_char(unsigned char *p, size_t left)
{
    if (p[0] >= 'A' && p[0] <= 'Z') {
        p[0] = (unsigned char)(p[0] + 32);
        return true;
    }
    /* U+00C0..U+00DE except U+00D7 (the multiplication sign); ß is
     * U+00DF and stays. */
    if (p[0] == 0xC3 && left > 1 && p[1] >= 0x80 && p[1] <= 0x9E
        && p[1] != 0x97) {
        p[1] = (unsigned char)(p[1] + 0x20);
        return true;
    }
    return false;
}

/* Lower-case and store one line of a word list. */
static ks_status_t
add_line(ksi_lexicon_t *lex, const char *line, size_t len, ks_error_t *err)
{
    unsigned char word[WORD_MAX];
    char *converted = NULL;
    unsigned flags = 0;
    size_t upper = 0;
    bool ok;

    while (len > 0
           && (line[len - 1] == '\r' || line[len - 1] == ' '
               || line[len - 1] == '\t'))
        len--;
    while (len > 0 && (line[0] == ' ' || line[0] == '\t')) {
        line++;
        len--;
    }
    if (len == 0 || line[0] == '#' || len > WORD_MAX)
        return KS_OK;
    if (!ks_utf8_valid(line, len)) {
        converted = ks_cp1252_to_utf8(line, len, &len);
        if (converted == NULL)
            return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        line = converted;
        if (len > WORD_MAX) {
            free(converted);
            return KS_OK;
        }
    }
    memcpy(word, line, len);
    free(converted);
    for (size_t i = 0; i < len; i++) {
        if ((word[i] & 0xC0) == 0x80)
            continue;
        if (lower_char(word + i, len - i)) {
            upper++;
            if (i == 0)
                flags |= LEX_NOUN;
        }
    }
    if (upper >= 2 && (flags & LEX_NOUN)) {
        /* "ABC", "ACPI", "McDonald": not material for compounds. */
        flags = LEX_ACRONYM;
    } else if (!(flags & LEX_NOUN)) {
        flags |= LEX_LOWER;
    }
    ok = insert_word(lex, (const char *)word, len, flags);
    return ok ? KS_OK : ks_error_set(err, KS_ERR_NOMEM, "out of memory");
}

ksi_lexicon_t *
ksi_lexicon_new(void)
{
    ksi_lexicon_t *lex = calloc(1, sizeof *lex);

    if (lex == NULL)
        return NULL;
    lex->arena_cap = 4096;
    lex->slot_cap = 1024;
    lex->arena = malloc(lex->arena_cap);
    lex->slots = calloc(lex->slot_cap, sizeof *lex->slots);
    if (lex->arena == NULL || lex->slots == NULL) {
        ksi_lexicon_free(lex);
        return NULL;
    }
    return lex;
}

void
ksi_lexicon_free(ksi_lexicon_t *lex)
{
    if (lex == NULL)
        return;
    free(lex->arena);
    free(lex->slots);
    free(lex);
}

ks_status_t
ksi_lexicon_add(ksi_lexicon_t *lex, const char *word, size_t len,
                ks_error_t *err)
{
    size_t start = 0;

    for (size_t i = 0; i <= len; i++) {
        ks_status_t status;

        if (i < len && word[i] != '\n' && word[i] != '\0')
            continue;
        status = add_line(lex, word + start, i - start, err);
        if (status != KS_OK)
            return status;
        start = i + 1;
    }
    return KS_OK;
}

/* Read all of @file into a new buffer. */
static ks_status_t
read_file(FILE *file, const char *path, char **out, size_t *out_len,
          ks_error_t *err)
{
    size_t cap = 1 << 20;
    size_t len = 0;
    char *data = malloc(cap);

    *out = NULL;
    if (data == NULL)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    for (;;) {
        size_t got = fread(data + len, 1, cap - len, file);

        len += got;
        if (len < cap)
            break;
        cap *= 2;
        char *bigger = realloc(data, cap);
        if (bigger == NULL) {
            free(data);
            return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        }
        data = bigger;
    }
    if (ferror(file)) {
        free(data);
        return ks_error_set(err, KS_ERR_IO, "%s: cannot read it", path);
    }
    *out = data;
    *out_len = len;
    return KS_OK;
}

ks_status_t
ksi_lexicon_load(const char *path, ksi_lexicon_t **out, ks_error_t *err)
{
    ksi_lexicon_t *lex = NULL;
    char *data = NULL;
    size_t len = 0;
    size_t lines = 0;
    ks_status_t status;
    FILE *file;

    *out = NULL;
    file = fopen(path, "rb");
    if (file == NULL)
        return ks_error_set(err, errno == ENOENT ? KS_ERR_NOT_FOUND : KS_ERR_IO,
                            "%s: %s", path, strerror(errno));
    status = read_file(file, path, &data, &len, err);
    fclose(file);
    if (status != KS_OK)
        return status;

    lex = ksi_lexicon_new();
    if (lex == NULL) {
        status = ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        goto out;
    }
    /* Size the table and arena once instead of growing them step by
     * step: the whole file plus two bytes per line always fits. */
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n';
    if (!reserve_slots(lex, lines + 1)
        || !reserve_arena(lex, len + 2 * lines + 2)) {
        status = ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        goto out;
    }
    status = ksi_lexicon_add(lex, data, len, err);
out:
    free(data);
    if (status != KS_OK) {
        ksi_lexicon_free(lex);
        return status;
    }
    *out = lex;
    return KS_OK;
}

bool
ksi_lexicon_contains(const ksi_lexicon_t *lex, const char *word, size_t len)
{
    return lookup(lex, word, len) != 0;
}

size_t
ksi_lexicon_size(const ksi_lexicon_t *lex)
{
    return lex == NULL ? 0 : lex->count;
}

/* ------------------------------------------------------------------ */
/* The splitter                                                       */
/* ------------------------------------------------------------------ */

/* Words shorter than this (in letters) are never split: below it almost
 * every "split" is a prefix plus a word (Verein, Gebäude). */
#define SPLIT_MIN_CHARS 8
/* Parts shorter than this must be on the short list below. */
#define PART_MIN_CHARS 4
/* Longer input is not a word (a URL, a hash, a run of letters). */
#define SPLIT_MAX_BYTES 192

/* Where a short part may stand. */
#define AT_FIRST 0x01 /* before the last part */
#define AT_LAST  0x02 /* as the last part */
#define AT_ANY   (AT_FIRST | AT_LAST)

/* Nouns of three letters that really occur in compounds (Jugendamt,
 * Integrationsrat, Ortsteil). Everything else that short is too often
 * a prefix, a pronoun or a fragment to be trusted: "ein", "ver", "ins",
 * "erz" (Erzieher), "ges" (gesamt), "ei" (Bäckerei, Eisdiele). */
static const struct short_part {
    const char *word;
    unsigned where;
} short_parts[] = {
    {"amt", AT_ANY},   {"rat", AT_ANY},   {"tag", AT_ANY},  {"ost", AT_ANY},
    {"süd", AT_FIRST}, {"see", AT_ANY},   {"bad", AT_ANY},  {"bau", AT_ANY},
    {"weg", AT_LAST},  {"hof", AT_ANY},   {"ort", AT_ANY},  {"art", AT_LAST},
    {"zug", AT_ANY},   {"bus", AT_ANY},   {"tür", AT_ANY},  {"uhr", AT_ANY},
    {"not", AT_ANY},   {"rad", AT_ANY},   {"tee", AT_ANY},  {"ehe", AT_FIRST},
    {"alt", AT_FIRST}, {"neu", AT_FIRST}, {"fuß", AT_ANY},  {"eis", AT_ANY},
    {"gas", AT_ANY},   {"zoo", AT_ANY},   {"öl", AT_ANY},   {"arm", AT_FIRST},
    {"kuh", AT_ANY},   {"tor", AT_ANY},   {"hut", AT_LAST}, {"ohr", AT_ANY},
    {"tal", AT_LAST},
};

/* Function words and verb particles: "never split into nonsense" is
 * mostly "never split off one of these" (Unterstützung, Beispiel,
 * Dortmund). Only words of PART_MIN_CHARS letters or more need to be
 * here; shorter ones fail the length test anyway. */
static const char *const function_words[] = {
    "aber",
    "alle",
    "allem",
    "allen",
    "aller",
    "alles",
    "also",
    "anders",
    "auch",
    "außer",
    "außerdem",
    "beide",
    "beim",
    "bevor",
    "bereits",
    "bitte",
    "bloß",
    "dabei",
    "dafür",
    "dagegen",
    "daher",
    "dahin",
    "damals",
    "damit",
    "danach",
    "daneben",
    "dann",
    "daran",
    "darauf",
    "daraus",
    "darin",
    "darum",
    "darunter",
    "darüber",
    "davon",
    "davor",
    "dazu",
    "denn",
    "dennoch",
    "deren",
    "derer",
    "deshalb",
    "dessen",
    "dies",
    "diese",
    "diesem",
    "diesen",
    "dieser",
    "dieses",
    "doch",
    "dort",
    "durch",
    "eben",
    "ebenso",
    "eine",
    "einem",
    "einen",
    "einer",
    "eines",
    "einig",
    "einige",
    "etwa",
    "etwas",
    "euch",
    "euer",
    "falls",
    "ganz",
    "gegen",
    "gern",
    "hier",
    "hinter",
    "herum",
    "heraus",
    "herein",
    "hinaus",
    "hinein",
    "hinzu",
    "ihre",
    "ihrem",
    "ihren",
    "ihrer",
    "immer",
    "indem",
    "jede",
    "jedem",
    "jeden",
    "jeder",
    "jedes",
    "jedoch",
    "jene",
    "jetzt",
    "kein",
    "keine",
    "mehr",
    "mein",
    "meine",
    "nach",
    "neben",
    "nicht",
    "nichts",
    "noch",
    "oben",
    "oder",
    "ohne",
    "schon",
    "sehr",
    "sein",
    "seine",
    "seit",
    "seitdem",
    "sich",
    "sind",
    "sobald",
    "sodass",
    "sofern",
    "solange",
    "solch",
    "sondern",
    "sowie",
    "sowohl",
    "statt",
    "trotz",
    "über",
    "unser",
    "unten",
    "unter",
    "viel",
    "viele",
    "vorbei",
    "voran",
    "voraus",
    "vorher",
    "vorne",
    "hinten",
    "während",
    "wann",
    "warum",
    "weder",
    "wegen",
    "weil",
    "welche",
    "welcher",
    "welches",
    "wenn",
    "werden",
    "wessen",
    "wider",
    "wieder",
    "wird",
    "wohl",
    "wurde",
    "würde",
    "zudem",
    "zumal",
    "zurück",
    "zusammen",
    "zwar",
    "zwischen",
    "untere",
    "unteren",
    "unterer",
    "unteres",
    "unterem",
    "hintere",
    "hinteren",
    "hinterer",
    "vordere",
    "vorderen",
    "vorderer",
    "fort",
    "weiter",
    "will",
    "kann",
    "muss",
    "soll",
    "darf",
    /* Nouns that are a prefix plus a letter: Verbraucher is no Verb. */
    "verb",
    /* Abbreviations the list holds without their dot. */
    "insges",
};

/* Words that end a derivation rather than a compound: Gesellschaft,
 * Lehrerinnen, Fräulein, schmerzhaft, arbeitslos, Flüssigkeit. They
 * are fine inside a compound (Innenstadt), never as its last part. */
static const char *const suffix_words[] = {
    "schaft", "schaften", "innen", "heit",  "heiten", "keit", "keiten", "lein",
    "haft",   "haften",   "ling",  "linge", "lingen", "tum",  "tums",   "nis",
    "nisse",  "lich",     "ung",   "ungen", "bar",    "los",  "lose",   "losen",
    "loser",  "loses",    "losem", "isch",  "ismus",  "ist",
};

/* Linking elements undone on a part before the last. -n before -en:
 * "familien" is familie + n, "frauen" then finds frau + en. */
static const char *const links[] = {"es", "s", "n", "en", "er", "e"};

static bool
in_list(const char *const *list, size_t count, const char *word, size_t len)
{
    for (size_t i = 0; i < count; i++) {
        /* The first byte first: most entries differ there. */
        if (len > 0 && list[i][0] == word[0] && strlen(list[i]) == len
            && memcmp(list[i], word, len) == 0)
            return true;
    }
    return false;
}

static size_t
char_count(const char *s, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Whether @word may be a part at @where (AT_FIRST or AT_LAST), judged
 * by its length and the lists above, given its lexicon @flags. */
static bool
part_allowed(const char *word, size_t len, unsigned flags, unsigned where)
{
    if (!(flags & (LEX_NOUN | LEX_LOWER)))
        return false;
    if (char_count(word, len) < PART_MIN_CHARS) {
        for (size_t i = 0; i < sizeof short_parts / sizeof *short_parts; i++) {
            const struct short_part *s = &short_parts[i];

            if (len > 0 && s->word[0] == word[0] && strlen(s->word) == len
                && memcmp(s->word, word, len) == 0)
                return (s->where & where) != 0;
        }
        return false;
    }
    return !in_list(function_words,
                    sizeof function_words / sizeof *function_words, word, len);
}

/* Whether @chunk (the rest of the word) can be its last part. */
static bool
last_part_ok(const ksi_lexicon_t *lex, const char *word, size_t start,
             size_t end)
{
    const char *chunk = word + start;
    size_t len = end - start;
    char participle[SPLIT_MAX_BYTES + 4];

    if (!part_allowed(chunk, len, lookup(lex, chunk, len), AT_LAST))
        return false;
    if (in_list(suffix_words, sizeof suffix_words / sizeof *suffix_words, chunk,
                len))
        return false;
    /* "reisende" is reisend + e, not Reis + Ende; "wochenende" has no
     * "wochenend" to be the participle of. */
    if (len >= 4 && memcmp(chunk, "end", 3) == 0
        && start + 3 <= sizeof participle) {
        memcpy(participle, word, start + 3);
        if (lookup(lex, participle, start + 3) & LEX_LOWER)
            return false;
    }
    return true;
}

/* Whether @word (@len bytes) is in @lex with one of @want flags and
 * may stand before the last part. */
static bool
stem_ok(const ksi_lexicon_t *lex, const char *word, size_t len, unsigned want)
{
    unsigned flags = lookup(lex, word, len);

    return (flags & want) && part_allowed(word, len, flags, AT_FIRST);
}

/* Whether @out (@len bytes) is a word with one of @want flags that may
 * stand before the last part; NUL-terminate it if so. */
static bool
take_stem(const ksi_lexicon_t *lex, char out[KSI_PART_BYTES], size_t len,
          unsigned want)
{
    if (!stem_ok(lex, out, len, want))
        return false;
    out[len] = '\0';
    return true;
}

/* The dictionary word a part before the last stands for, written to
 * @out: "integrations" -> "integration", "familien" -> "familie",
 * "tages" -> "tag", "kinder" -> "kind", "schul" -> "schule". False when
 * there is none.
 *
 * The list keeps only the lower-case spelling of a word that is also a
 * verb or adjective ("schule", "regen", "leben"), so LEX_NOUN means "only
 * ever a noun" and LEX_LOWER "maybe not a noun". That decides how far a
 * linking element is trusted: -s and -es always (Lebens-, Standes-);
 * -n and -en when the chunk is only a noun (Familien-, Klassen-) or the
 * result is (not "regen" -> "rege", "innen" -> "inne"); -er and -e only
 * to reach a noun-only word from a noun-only plural (Kinder-, Tage-, not
 * "wetter" -> "wett", "reise" -> "reis"). */
static bool
stem_of(const ksi_lexicon_t *lex, const char *chunk, size_t len,
        char out[KSI_PART_BYTES])
{
    unsigned chunk_flags = lookup(lex, chunk, len);
    size_t chars = char_count(chunk, len);

    if (len + 2 > KSI_PART_BYTES - 1 || chars < 3)
        return false;
    /* "will" in "willkommen" is not Wille; "über" is never a part. */
    if (in_list(function_words, sizeof function_words / sizeof *function_words,
                chunk, len))
        return false;
    for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
        const char *link = links[i];
        size_t link_len = strlen(link);
        size_t stem_len = len - link_len;
        unsigned want;

        if (len <= link_len || memcmp(chunk + stem_len, link, link_len))
            continue;
        if (strcmp(link, "s") == 0 || strcmp(link, "es") == 0)
            want = LEX_NOUN | LEX_LOWER;
        else if (strcmp(link, "n") == 0 || strcmp(link, "en") == 0)
            want = (chunk_flags & LEX_LOWER) ? LEX_NOUN : LEX_NOUN | LEX_LOWER;
        else if (strcmp(link, "e") == 0 && (chunk_flags & LEX_LOWER))
            continue;
        else
            want = LEX_NOUN;
        /* -n follows an -e (familie-n), -en a consonant (frau-en): "teiln"
         * is no teil + n. */
        if ((strcmp(link, "n") == 0) != (chunk[stem_len - 1] == 'e'))
            continue;
        memcpy(out, chunk, stem_len);
        if (take_stem(lex, out, stem_len, want))
            return true;
        /* "geschichts" -> "geschichte": -e dropped, -s added; only to a
         * noun ("haus" is not haue + s). */
        if (strcmp(link, "s") == 0) {
            out[stem_len] = 'e';
            if (take_stem(lex, out, stem_len + 1, LEX_NOUN))
                return true;
        }
    }
    memcpy(out, chunk, len);
    if (take_stem(lex, out, len, LEX_NOUN))
        return true;
    /* "sprach" is a past tense, "sprache" the noun the -e was cut from;
     * but a fragment of three letters plus -e is a prefix ("ent"). */
    out[len] = 'e';
    if (chars >= 4 && take_stem(lex, out, len + 1, LEX_NOUN))
        return true;
    if (take_stem(lex, out, len, LEX_LOWER))
        return true;
    out[len] = 'e';
    if (chars >= 4 && take_stem(lex, out, len + 1, LEX_NOUN | LEX_LOWER))
        return true;
    /* A verb stem: "wohn" in "wohnheim" -> "wohnen". */
    memcpy(out + len, "en", 2);
    return chars >= 4 && take_stem(lex, out, len + 2, LEX_LOWER);
}

/* Best way to split word[i..len): fewest parts, then the longest
 * shortest part ("bürger|steig", not "bürgers|teig"), then the largest
 * sum of squared part lengths. */
struct split_state {
    uint8_t parts;    /* 0: no split of the rest exists */
    uint8_t next;     /* end of the first part */
    uint8_t shortest; /* letters in the shortest part */
    uint32_t score;
};

/* Length of a part for the "longest shortest part" rule. Parts from the
 * short list do not count: "ordnungs|amt" beats "ordnung|samt". */
static size_t
effective_length(size_t chars)
{
    return chars < PART_MIN_CHARS ? UINT8_MAX : chars;
}

/* Whether a split of @parts parts, @shortest letters in its shortest
 * part and @score beats @old. */
static bool
better(size_t parts, size_t shortest, uint32_t score,
       const struct split_state *old)
{
    if (parts != old->parts)
        return parts < old->parts;
    if (shortest != old->shortest)
        return shortest > old->shortest;
    return score > old->score;
}

/* Split @word into two or more parts that are each allowed; write the
 * stems to @parts. Returns the number of parts, or 0. */
static size_t
segment(const ksi_lexicon_t *lex, const char *word, size_t len,
        char parts[][KSI_PART_BYTES], size_t max_parts)
{
    struct split_state best[SPLIT_MAX_BYTES + 1];
    char stem[KSI_PART_BYTES];
    size_t count = 0;

    if (len > SPLIT_MAX_BYTES || max_parts == 0)
        return 0;
    memset(best, 0, sizeof best);
    for (size_t i = len; i-- > 0;) {
        size_t chars_i;

        if (((unsigned char)word[i] & 0xC0) == 0x80)
            continue;
        chars_i = char_count(word + i, len - i);
        /* The whole word is no split, even when it is in the list. */
        if (i > 0 && len - i < KSI_PART_BYTES
            && last_part_ok(lex, word, i, len)) {
            best[i].parts = 1;
            best[i].next = (uint8_t)len;
            best[i].shortest = (uint8_t)effective_length(chars_i);
            best[i].score = (uint32_t)(chars_i * chars_i);
        }
        for (size_t j = i + 1; j < len && j - i < KSI_PART_BYTES - 2; j++) {
            size_t chars, shortest;
            uint32_t score;

            if (((unsigned char)word[j] & 0xC0) == 0x80 || best[j].parts == 0)
                continue;
            if (best[j].parts + 1u > max_parts)
                continue;
            chars = char_count(word + i, j - i);
            score = (uint32_t)(chars * chars) + best[j].score;
            shortest = effective_length(chars);
            if (shortest > best[j].shortest)
                shortest = best[j].shortest;
            if (best[i].parts != 0
                && !better(best[j].parts + 1u, shortest, score, &best[i]))
                continue;
            if (!stem_of(lex, word + i, j - i, stem))
                continue;
            best[i].parts = (uint8_t)(best[j].parts + 1);
            best[i].next = (uint8_t)j;
            best[i].shortest = (uint8_t)shortest;
            best[i].score = score;
        }
    }
    if (best[0].parts == 0)
        return 0;
    for (size_t i = 0; i < len; i = best[i].next) {
        size_t end = best[i].next;

        if (end < len) {
            if (!stem_of(lex, word + i, end - i, parts[count]))
                return 0;
        } else {
            memcpy(parts[count], word + i, end - i);
            parts[count][end - i] = '\0';
        }
        count++;
    }
    return count;
}

/* Split a feminine form through its masculine one: "lehrerinnen" is
 * lehrer + innen, never lehre + rinnen, and does not split at all, while
 * "sozialarbeiterinnen" splits like "sozialarbeiter" and keeps the
 * suffix on its last part. Returns 0 when @word is not such a form or
 * the masculine one does not split; sets *whole when the masculine one
 * is a word that does not split, so neither may the feminine. */
static size_t
split_feminine(const ksi_lexicon_t *lex, const char *word, size_t len,
               char parts[][KSI_PART_BYTES], size_t max_parts, bool *whole)
{
    static const char *const suffixes[] = {"innen", "in"};

    *whole = false;
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        size_t suffix_len = strlen(suffixes[i]);
        size_t base_len = len - suffix_len;
        size_t count, last_len;

        char last[KSI_PART_BYTES];

        if (len <= suffix_len + 3
            || memcmp(word + base_len, suffixes[i], suffix_len) != 0)
            continue;
        count = segment(lex, word, base_len, parts, max_parts);
        if (count < 2) {
            *whole = ksi_lexicon_contains(lex, word, base_len);
            return 0;
        }
        last_len = strlen(parts[count - 1]);
        if (last_len + suffix_len >= KSI_PART_BYTES)
            return 0;
        memcpy(last, parts[count - 1], last_len);
        memcpy(last + last_len, suffixes[i], suffix_len + 1);
        /* The list lacks many feminine plurals; -er nouns take them all
         * (Arbeiterinnen, Beraterinnen). */
        if (!ksi_lexicon_contains(lex, last, last_len + suffix_len)
            && !(last_len > 2 && memcmp(last + last_len - 2, "er", 2) == 0))
            return 0;
        memcpy(parts[count - 1], last, last_len + suffix_len + 1);
        return count;
    }
    return 0;
}

/* One level of splitting: the fewest parts, feminine forms through
 * their masculine ones. */
static size_t
split_once(const ksi_lexicon_t *lex, const char *word, size_t len,
           char parts[][KSI_PART_BYTES], size_t max_parts)
{
    bool whole;
    size_t count = split_feminine(lex, word, len, parts, max_parts, &whole);

    if (count == 0 && !whole)
        count = segment(lex, word, len, parts, max_parts);
    return count;
}

size_t
ksi_decompound(const ksi_lexicon_t *lex, const char *word, size_t len,
               char parts[][KSI_PART_BYTES], size_t max_parts)
{
    char sub[KSI_PARTS_MAX][KSI_PART_BYTES];
    size_t count;

    if (max_parts > KSI_PARTS_MAX)
        max_parts = KSI_PARTS_MAX;
    if (lex == NULL || max_parts < 2 || char_count(word, len) < SPLIT_MIN_CHARS)
        return 0;
    count = split_once(lex, word, len, parts, max_parts);
    if (count < 2)
        return 0;
    /* The list holds many compounds whole (Osteuropa, Kindergarten), so
     * the fewest-parts split can leave one in; split long parts again:
     * "südosteuropa" -> süd + osteuropa -> süd + ost + europa. */
    for (size_t i = 0; i < count;) {
        size_t part_len = strlen(parts[i]);
        size_t more;

        if (char_count(parts[i], part_len) < SPLIT_MIN_CHARS) {
            i++;
            continue;
        }
        more = split_once(lex, parts[i], part_len, sub, max_parts - count + 1);
        if (more < 2) {
            i++;
            continue;
        }
        memmove(parts[i + more], parts[i + 1],
                (count - i - 1) * sizeof parts[0]);
        memcpy(parts[i], sub, more * sizeof parts[0]);
        count += more - 1;
    }
    return count;
}
