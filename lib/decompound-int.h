/*
 * German compound splitting for the indexer: a word list held as a hash
 * set (the lexicon) and a splitter that cuts a compound such as
 * "integrationszentrum" into the dictionary words it is made of.
 */
#ifndef KISEARCH_DECOMPOUND_INT_H
#define KISEARCH_DECOMPOUND_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <kisearch/error.h>

/* A set of lower-case UTF-8 words. Opaque; defined in decompound.c. */
typedef struct ksi_lexicon ksi_lexicon_t;

/*
 * Load the word list at @path: one word per line in UTF-8; a line that
 * is not valid UTF-8 is read as Windows-1252. Empty lines and lines
 * starting with '#' are ignored, as are words longer than 255 bytes.
 * Words are stored lower-cased (ASCII and Latin-1 capitals such as Ä, Ö,
 * Ü; ß stays ß). Whether a word was only ever written with a capital (a
 * noun) is remembered: the splitter prefers nouns when it undoes a
 * linking element.
 *
 * On KS_OK, *out is new: free it with ksi_lexicon_free(). Loading
 * Debian's ngerman (356k words) takes about 0.1 s and 15 MB.
 *
 * @return KS_OK, KS_ERR_NOT_FOUND (no such file), KS_ERR_IO (cannot
 *         read it) or KS_ERR_NOMEM. On error *out is NULL.
 */
ks_status_t ksi_lexicon_load(const char *path, ksi_lexicon_t **out,
                             ks_error_t *err)
    __attribute__((warn_unused_result));

/*
 * Add the words in the @len bytes at @word to @lex. Words are separated
 * by NUL or newline bytes, so one call can add a single word or a whole
 * in-memory list; each is treated as one line of ksi_lexicon_load()
 * (same encoding fallback, lower-casing and '#' comments). Adding a word
 * that is already present only merges its capitalisation.
 *
 * @return KS_OK or KS_ERR_NOMEM; on KS_ERR_NOMEM some of the words may
 *         have been added and @lex stays usable.
 */
ks_status_t ksi_lexicon_add(ksi_lexicon_t *lex, const char *word, size_t len,
                            ks_error_t *err);

/*
 * An empty lexicon to fill with ksi_lexicon_add(). New: free it with
 * ksi_lexicon_free(). NULL when out of memory.
 */
ksi_lexicon_t *ksi_lexicon_new(void) __attribute__((warn_unused_result));

/* Free @lex and everything it holds. NULL is a harmless no-op. */
void ksi_lexicon_free(ksi_lexicon_t *lex);

/*
 * Whether the lower-case UTF-8 word (@len bytes at @word) is in @lex.
 * Read-only: threads may call it at once on a lexicon nobody modifies.
 */
bool ksi_lexicon_contains(const ksi_lexicon_t *lex, const char *word,
                          size_t len);

/* The number of distinct (lower-cased) words in @lex. */
size_t ksi_lexicon_size(const ksi_lexicon_t *lex);

/* The most parts ksi_decompound() returns, and the size of each. */
#define KSI_PARTS_MAX  6
#define KSI_PART_BYTES 64

/*
 * Split the lower-case UTF-8 word @word (@len bytes, no hyphens: the
 * caller splits at those) into the dictionary words it is made of.
 *
 * Returns the number of parts (2..@max_parts, and never more than
 * KSI_PARTS_MAX) written to @parts, or 0 when @word is not a compound,
 * is shorter than 8 letters, or only splits into more than @max_parts
 * parts. Each part is NUL-terminated, lower-case, without its linking
 * element (-s-, -es-, -n-, -en-, -er-, -e-), and is the dictionary word
 * the compound was built from: "integrationszentrum" gives "integration"
 * and "zentrum", "schulamt" gives "schule" and "amt", "kindertagesstaette"
 * with ä gives "kind", "tag" and "stätte". The last part keeps the
 * inflection of @word when the dictionary has that form ("bildungschancen"
 * gives "bildung" and "chancen").
 *
 * A word splits only when every part is a dictionary word of at least
 * four letters (or one of a few short nouns such as "amt" and "rat"),
 * no part is a function word or prefix ("ver", "aus", "unter"), and the
 * last part is not a derivational suffix that is also a word ("schaft",
 * "innen"). Of the possible splits the one with the fewest and longest
 * parts wins; parts of eight letters or more are then split again.
 *
 * Never allocates and keeps no state: threads may share a const @lex.
 */
size_t ksi_decompound(const ksi_lexicon_t *lex, const char *word, size_t len,
                      char parts[][KSI_PART_BYTES], size_t max_parts);

#endif /* KISEARCH_DECOMPOUND_INT_H */
