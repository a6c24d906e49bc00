/*
 * Synonym groups: parse config/synonyms.tsv and answer "which phrases are
 * equivalent to this one" in O(1).
 *
 * Every distinct phrase is interned once as an entry in an open-addressing
 * hash table. After the whole file is read, each entry gets its answer
 * precomputed (the union of the other phrases of its groups), so lookups
 * only read and are safe from many threads without a lock.
 */
#include "synonyms-int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kisearch/text.h>

#include "buf-int.h"

/* A synonym file is a hand-written list; anything this big is a mistake
 * (a wrong path, a data file), and reading it whole would cost memory. */
#define SYNONYMS_FILE_MAX (16u * 1024 * 1024)

/* One distinct normalised phrase. */
typedef struct syn_entry {
    char *phrase;
    uint64_t hash;
    const char **equivalents; /* NULL-terminated, points into pool */
} syn_entry_t;

struct ksi_synonyms {
    syn_entry_t *entries;
    size_t entry_count;
    size_t entry_cap;
    /* Open addressing with linear probing: entry index + 1, 0 when free.
     * slot_count is a power of two and at least twice entry_count, so a
     * probe always ends at a free slot. */
    size_t *slots;
    size_t slot_count;
    const char **pool; /* every equivalents array, back to back */
    size_t group_count;
};

/* The groups as read, kept only until the answers are built: group g
 * consists of the entries members[group_ends[g - 1] .. group_ends[g]). */
typedef struct syn_builder {
    size_t *members;
    size_t member_count;
    size_t member_cap;
    size_t *group_ends;
    size_t group_cap;
} syn_builder_t;

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'
           || c == '\f';
}

/* Append @c to @out at *pos, keeping room for the NUL. */
static bool
put(char *out, size_t out_size, size_t *pos, char c)
{
    if (*pos + 1 >= out_size)
        return false;
    out[(*pos)++] = c;
    return true;
}

/* The largest length <= @len at which the UTF-8 text @s does not end in
 * the middle of a character, so truncated output stays valid. */
static size_t
utf8_boundary(const char *s, size_t len)
{
    size_t start = len;
    unsigned char lead;
    size_t need;

    while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return len;
    lead = (unsigned char)s[start - 1];
    if (lead < 0xC0)
        return len;
    need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    return len - (start - 1) < need ? start - 1 : len;
}

bool
ksi_synonyms_normalise(const char *in, size_t len, char *out, size_t out_size)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t pos = 0;
    size_t i = 0;
    bool space_pending = false;
    bool fits = true;

    if (out_size == 0)
        return false;
    while (i < len && fits) {
        unsigned char c = s[i];

        if (is_space(c)) {
            /* Only a space between two words survives. */
            space_pending = pos > 0;
            i++;
            continue;
        }
        if (space_pending) {
            fits = put(out, out_size, &pos, ' ');
            space_pending = false;
            if (!fits)
                break;
        }
        if (c >= 'A' && c <= 'Z') {
            fits = put(out, out_size, &pos, (char)(c + ('a' - 'A')));
            i++;
        } else if (c == 0xC3 && i + 1 < len
                   && (s[i + 1] == 0x84 || s[i + 1] == 0x96
                       || s[i + 1] == 0x9C)) {
            /* Ä Ö Ü (U+00C4 U+00D6 U+00DC) are 0x20 below ä ö ü. */
            fits = put(out, out_size, &pos, (char)0xC3)
                   && put(out, out_size, &pos, (char)(s[i + 1] + 0x20));
            i += 2;
        } else if (c == 0xE1 && i + 2 < len && s[i + 1] == 0xBA
                   && s[i + 2] == 0x9E) {
            /* Capital sharp s U+1E9E (3 bytes) to ß U+00DF (2 bytes). */
            fits = put(out, out_size, &pos, (char)0xC3)
                   && put(out, out_size, &pos, (char)0x9F);
            i += 3;
        } else {
            fits = put(out, out_size, &pos, (char)c);
            i++;
        }
    }
    if (!fits)
        pos = utf8_boundary(out, pos);
    out[pos] = '\0';
    return fits;
}

/* Where @phrase with @hash lives in the table, or the free slot where it
 * would go. */
static size_t
find_slot(const ksi_synonyms_t *syn, const char *phrase, uint64_t hash)
{
    size_t mask = syn->slot_count - 1;
    size_t i = (size_t)hash & mask;

    while (syn->slots[i] != 0) {
        const syn_entry_t *entry = &syn->entries[syn->slots[i] - 1];

        if (entry->hash == hash && strcmp(entry->phrase, phrase) == 0)
            break;
        i = (i + 1) & mask;
    }
    return i;
}

/* Double the hash table and reinsert every entry. */
static bool
rehash(ksi_synonyms_t *syn)
{
    size_t count = syn->slot_count ? syn->slot_count * 2 : 64;
    size_t *old = syn->slots;
    size_t i;

    if (count > SIZE_MAX / sizeof *syn->slots)
        return false;
    syn->slots = calloc(count, sizeof *syn->slots);
    if (syn->slots == NULL) {
        syn->slots = old;
        return false;
    }
    free(old);
    syn->slot_count = count;
    for (i = 0; i < syn->entry_count; i++) {
        size_t slot =
            find_slot(syn, syn->entries[i].phrase, syn->entries[i].hash);

        syn->slots[slot] = i + 1;
    }
    return true;
}

/* The index of the entry for @phrase, added if new; SIZE_MAX when out of
 * memory. */
static size_t
intern(ksi_synonyms_t *syn, const char *phrase)
{
    uint64_t hash = ksi_hash(phrase, strlen(phrase));
    syn_entry_t *entry;
    size_t slot;

    if ((syn->entry_count + 1) * 2 > syn->slot_count && !rehash(syn))
        return SIZE_MAX;
    slot = find_slot(syn, phrase, hash);
    if (syn->slots[slot] != 0)
        return syn->slots[slot] - 1;
    if (!ksi_grow((void **)&syn->entries, &syn->entry_cap, syn->entry_count + 1,
                  sizeof *syn->entries))
        return SIZE_MAX;
    entry = &syn->entries[syn->entry_count];
    entry->phrase = strdup(phrase);
    if (entry->phrase == NULL)
        return SIZE_MAX;
    entry->hash = hash;
    entry->equivalents = NULL;
    syn->slots[slot] = ++syn->entry_count;
    return syn->entry_count - 1;
}

static size_t
count_words(const char *phrase)
{
    size_t words = 1;

    for (; *phrase != '\0'; phrase++)
        words += *phrase == ' ';
    return words;
}

/* Parse one line (without its line end) into a group, unless it is blank
 * or a comment. */
static ks_status_t
parse_line(ksi_synonyms_t *syn, syn_builder_t *b, const char *line, size_t len,
           const char *name, size_t line_no, ks_error_t *err)
{
    char phrase[KSI_SYNONYM_PHRASE_MAX + 1];
    size_t group_start = b->member_count;
    size_t field = 0;
    size_t start = 0;
    size_t i;

    if (memchr(line, '\0', len) != NULL)
        return ksi_line_error(err, name, line_no, "NUL byte");
    if (!ks_utf8_valid(line, len))
        return ksi_line_error(err, name, line_no, "invalid UTF-8");
    for (i = 0; i < len && is_space((unsigned char)line[i]); i++)
        ;
    if (i == len || line[i] == '#')
        return KS_OK;

    while (start <= len) {
        const char *tab = memchr(line + start, '\t', len - start);
        size_t end = tab ? (size_t)(tab - line) : len;
        size_t index, j;
        bool seen = false;

        field++;
        if (!ksi_synonyms_normalise(line + start, end - start, phrase,
                                    sizeof phrase))
            return ksi_line_error(err, name, line_no,
                                  "phrase %zu is longer than %d bytes", field,
                                  KSI_SYNONYM_PHRASE_MAX);
        if (phrase[0] == '\0')
            return ksi_line_error(err, name, line_no,
                                  "phrase %zu is empty (two tabs in a row or a "
                                  "tab at the start or end of the line?)",
                                  field);
        if (count_words(phrase) > KSI_SYNONYM_WORDS_MAX)
            return ksi_line_error(err, name, line_no,
                                  "phrase %zu \"%s\" has more than %d words",
                                  field, phrase, KSI_SYNONYM_WORDS_MAX);
        index = intern(syn, phrase);
        if (index == SIZE_MAX)
            return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        for (j = group_start; j < b->member_count && !seen; j++)
            seen = b->members[j] == index;
        if (!seen) {
            if (!ksi_grow((void **)&b->members, &b->member_cap,
                          b->member_count + 1, sizeof *b->members))
                return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
            b->members[b->member_count++] = index;
        }
        start = end + 1;
    }

    if (field < 2)
        return ksi_line_error(err, name, line_no,
                              "only one phrase; a group needs at least two, "
                              "separated by tabs");
    if (b->member_count - group_start < 2)
        return ksi_line_error(err, name, line_no,
                              "all phrases are the same after lower-casing; a "
                              "group needs at least two different ones");
    if (!ksi_grow((void **)&b->group_ends, &b->group_cap, syn->group_count + 1,
                  sizeof *b->group_ends))
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    b->group_ends[syn->group_count++] = b->member_count;
    return KS_OK;
}

/* Fill in every entry's equivalents from the groups in @b. Two passes
 * over the same loops: the first counts, so the pool is allocated once
 * at its exact size; the second fills it. */
static ks_status_t
build_answers(ksi_synonyms_t *syn, const syn_builder_t *b, ks_error_t *err)
{
    size_t *group_offsets = NULL; /* entry e's groups: entry_groups[..] */
    size_t *entry_groups = NULL;
    size_t *mark = NULL;
    size_t pool_size = 0;
    size_t e, g, k, pass;
    ks_status_t st = KS_OK;

    if (syn->entry_count == 0)
        return KS_OK;
    group_offsets = calloc(syn->entry_count + 1, sizeof *group_offsets);
    entry_groups = malloc(b->member_count * sizeof *entry_groups);
    mark = malloc(syn->entry_count * sizeof *mark);
    if (group_offsets == NULL || entry_groups == NULL || mark == NULL) {
        st = ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        goto out;
    }

    /* Invert group -> members into entry -> groups (a counting sort, so
     * each entry's groups stay in file order). */
    for (k = 0; k < b->member_count; k++)
        group_offsets[b->members[k] + 1]++;
    for (e = 0; e < syn->entry_count; e++)
        group_offsets[e + 1] += group_offsets[e];
    for (g = 0, k = 0; g < syn->group_count; g++)
        for (; k < b->group_ends[g]; k++)
            entry_groups[group_offsets[b->members[k]]++] = g;
    /* The fill above advanced each offset to the next entry's start. */
    for (e = syn->entry_count; e > 0; e--)
        group_offsets[e] = group_offsets[e - 1];
    group_offsets[0] = 0;

    for (pass = 0; pass < 2; pass++) {
        size_t used = 0;

        if (pass == 1) {
            syn->pool = malloc(pool_size * sizeof *syn->pool);
            if (syn->pool == NULL) {
                st = ks_error_set(err, KS_ERR_NOMEM, "out of memory");
                goto out;
            }
        }
        for (e = 0; e < syn->entry_count; e++)
            mark[e] = SIZE_MAX;
        for (e = 0; e < syn->entry_count; e++) {
            if (pass == 1)
                syn->entries[e].equivalents = &syn->pool[used];
            mark[e] = e;
            for (k = group_offsets[e]; k < group_offsets[e + 1]; k++) {
                size_t group = entry_groups[k];
                size_t m = group ? b->group_ends[group - 1] : 0;

                for (; m < b->group_ends[group]; m++) {
                    size_t other = b->members[m];

                    if (mark[other] == e)
                        continue;
                    mark[other] = e;
                    if (pass == 1)
                        syn->pool[used] = syn->entries[other].phrase;
                    used++;
                }
            }
            if (pass == 1)
                syn->pool[used] = NULL;
            used++;
        }
        pool_size = used;
    }

out:
    free(group_offsets);
    free(entry_groups);
    free(mark);
    return st;
}

ks_status_t
ksi_synonyms_parse(const char *text, size_t len, const char *name,
                   ksi_synonyms_t **out, ks_error_t *err)
{
    ksi_synonyms_t *syn;
    syn_builder_t b = {NULL, 0, 0, NULL, 0};
    size_t pos = 0;
    size_t line_no = 0;
    ks_status_t st = KS_OK;

    *out = NULL;
    syn = calloc(1, sizeof *syn);
    if (syn == NULL)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    /* Editors on Windows like to start UTF-8 files with a BOM. */
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
        st = parse_line(syn, &b, line, line_len, name, line_no, err);
    }
    if (st == KS_OK)
        st = build_answers(syn, &b, err);
    free(b.members);
    free(b.group_ends);
    if (st != KS_OK) {
        ksi_synonyms_free(syn);
        return st;
    }
    *out = syn;
    return KS_OK;
}

ks_status_t
ksi_synonyms_load(const char *path, ksi_synonyms_t **out, ks_error_t *err)
{
    ksi_buf_t buf;
    ks_status_t st;

    *out = NULL;
    st = ksi_read_file(path, SYNONYMS_FILE_MAX, "a synonym list", &buf, err);
    if (st != KS_OK)
        return st;
    st = ksi_synonyms_parse(buf.data, buf.len, path, out, err);
    ksi_buf_free(&buf);
    return st;
}

void
ksi_synonyms_free(ksi_synonyms_t *syn)
{
    size_t i;

    if (syn == NULL)
        return;
    for (i = 0; i < syn->entry_count; i++)
        free(syn->entries[i].phrase);
    free(syn->entries);
    free(syn->slots);
    free(syn->pool);
    free(syn);
}

const char *const *
ksi_synonyms_lookup(const ksi_synonyms_t *syn, const char *phrase)
{
    size_t slot;

    if (syn == NULL || phrase == NULL || syn->entry_count == 0)
        return NULL;
    slot = find_slot(syn, phrase, ksi_hash(phrase, strlen(phrase)));
    if (syn->slots[slot] == 0)
        return NULL;
    return syn->entries[syn->slots[slot] - 1].equivalents;
}

size_t
ksi_synonyms_groups(const ksi_synonyms_t *syn)
{
    return syn ? syn->group_count : 0;
}
