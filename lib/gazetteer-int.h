/*
 * Gazetteers: the tables of config/centres.tsv (the 54 Kommunale
 * Integrationszentren) and config/projects.tsv (the programmes they run),
 * and the matcher that finds their names in a page or news item. Also
 * the heuristic that finds project names a text introduces in quotes
 * (das Projekt „…“) and the slug maker for such free names.
 *
 * File format (both tables): UTF-8, one entry per line, columns separated
 * by tabs; blank lines and lines whose first non-blank character is '#'
 * are skipped; CRLF line ends and a leading byte order mark are accepted.
 *
 *   centres.tsv:   slug  name  kind  aliases
 *   projects.tsv:  slug  name  aliases
 *
 * slug is [a-z0-9-]+; kind is "kreis" or "stadt"; aliases is a list
 * separated by '|' (may be empty). The name counts as an alias. An alias
 * may start with a flag:
 *
 *   =Alias  match only this exact capitalisation ("=Griffbereit" is the
 *           programme, "griffbereit" the adjective);
 *   ~Alias  a place that is also a common noun ("Essen", "Münster"): the
 *           exact capitalisation, and not right after an article or a
 *           word such as "beim", an adjective ending in -es/-em
 *           ("gemeinsames Essen") or a capitalised -er adjective
 *           ("Aachener Münster").
 *
 * To flag the display name itself, list it among the aliases with the
 * flag; the flagged alias wins over the unflagged name.
 */
#ifndef KISEARCH_GAZETTEER_INT_H
#define KISEARCH_GAZETTEER_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <kisearch/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Most words in one alias. The matcher tries spans of up to this many
 * words at each word of the text, so it bounds the work per word. */
#define KSI_GAZ_WORDS_MAX 8

/* Longest word of an alias in bytes after normalisation; longer words in
 * a text can never match and are skipped. */
#define KSI_GAZ_WORD_BYTES 63

/* Longest project name ksi_project_mentions() reports, in bytes. */
#define KSI_PROJECT_NAME_MAX 80

/* Immutable once loaded; defined in gazetteer.c. */
typedef struct ksi_gazetteer ksi_gazetteer_t;

/* Which table a file holds: the column layout and the checks differ. */
typedef enum {
    KSI_GAZ_CENTRES,
    KSI_GAZ_PROJECTS
} ksi_gaz_kind_t;

/*
 * Load the centres or projects table at @path (format above).
 *
 * On KS_OK *out is new: free it with ksi_gazetteer_free(). On error *out
 * is NULL and @err (may be NULL) says why:
 *   KS_ERR_NOT_FOUND  @path does not exist;
 *   KS_ERR_IO         it could not be read (a directory, no permission);
 *   KS_ERR_INVALID    the first bad line, as "PATH:LINE: reason": wrong
 *                     column count, empty slug or name, slug not
 *                     [a-z0-9-]+, duplicate slug, kind not kreis/stadt
 *                     (centres), an empty alias, an alias without words,
 *                     with more than KSI_GAZ_WORDS_MAX words, a word
 *                     longer than KSI_GAZ_WORD_BYTES or punctuation
 *                     between its words, an alias or name that already
 *                     names another entry (both slugs are given), invalid
 *                     UTF-8 or a NUL byte; or the file is too large;
 *   KS_ERR_NOMEM      out of memory.
 * Reentrant: touches no global state.
 */
ks_status_t ksi_gazetteer_load(const char *path, ksi_gaz_kind_t kind,
                               ksi_gazetteer_t **out, ks_error_t *err)
    __attribute__((warn_unused_result));

/*
 * The same as ksi_gazetteer_load() for the @len bytes at @text, which
 * need not be NUL-terminated; @name stands for the path in error
 * messages. Returns KS_OK, KS_ERR_INVALID or KS_ERR_NOMEM.
 */
ks_status_t ksi_gazetteer_parse(const char *text, size_t len, const char *name,
                                ksi_gaz_kind_t kind, ksi_gazetteer_t **out,
                                ks_error_t *err)
    __attribute__((warn_unused_result));

/* Free @g and every string it owns. NULL is a harmless no-op. */
void ksi_gazetteer_free(ksi_gazetteer_t *g);

/* How many entries @g holds; 0 for NULL. */
size_t ksi_gazetteer_count(const ksi_gazetteer_t *g);

/*
 * Entry @i (0 .. count - 1, in file order): its slug, its display name,
 * and its kind ("kreis" or "stadt"; NULL for projects). The strings are
 * owned by @g, valid until ksi_gazetteer_free(g); the kind strings are
 * static. NULL when @i is out of range. Read-only, thread-safe.
 */
const char *ksi_gazetteer_slug(const ksi_gazetteer_t *g, size_t i);
const char *ksi_gazetteer_name(const ksi_gazetteer_t *g, size_t i);
const char *ksi_gazetteer_kind(const ksi_gazetteer_t *g, size_t i);

/* The index of the entry with @slug, or (size_t)-1 when there is none or
 * @g is NULL. Linear in the entries (a few dozen). Thread-safe. */
size_t ksi_gazetteer_find(const ksi_gazetteer_t *g, const char *slug);

/*
 * Find the entries of @g named in @title (may be NULL) and then in @text
 * (may be NULL), both UTF-8, and store the indexes of at most @max
 * distinct entries in @out, in order of first mention. Searching the
 * title first puts a page's own centre, named in its title, first.
 *
 * Names and aliases match at word boundaries and case-insensitively, the
 * umlauts also as ae/oe/ue and ß as ss ("Moenchengladbach"), unless
 * flagged (see the file format). Words may be separated by white space
 * (one line break included, so hard-wrapped names match) but not by
 * punctuation; a hyphen joins words only where the alias has one. The
 * longest alias wins ("Rhein-Kreis Neuss" over "Neuss"). A match that
 * starts right after a hyphen is ignored: "Köln-Mülheim" names Köln, not
 * Mülheim an der Ruhr. Invalid UTF-8 bytes count as punctuation.
 *
 * Returns how many indexes were stored. Allocates nothing; cost is about
 * one hash lookup per word. Reads only, so any number of threads may call
 * it on the same @g at once.
 */
size_t ksi_gazetteer_match(const ksi_gazetteer_t *g, const char *title,
                           const char *text, size_t *out, size_t max);

/*
 * Find the projects that @text (UTF-8, may be NULL) introduces by name in
 * quotes: a word ending in -projekt or -programm (also with -s/-es:
 * "Projekt", "Modellprojekt", "Väterprojekt", "NRW-Projekts",
 * "Landesprogramm", "Bundesprogramms"), an optional colon, then a quoted
 * name in „…“, ‚…‘, "…", '…', “…”, »…« or «…» (a German opening quote may
 * close with an ASCII one). The name has 1 to 8 words and at most
 * KSI_PROJECT_NAME_MAX bytes, no paragraph break, and at least one letter
 * or digit; runs of white space in it become one space and trailing
 * commas, semicolons and colons are dropped.
 *
 * Calls @cb(@user, name, len) once for each distinct name (compared
 * ignoring ASCII case), in order of first mention. @name is not
 * NUL-terminated and is only valid during the call. Names from the
 * projects table are reported too: the caller tells them apart by
 * running ksi_gazetteer_match() on the name. Remembers the first 64
 * distinct names for the comparison. Allocates nothing; reentrant.
 */
void ksi_project_mentions(const char *text,
                          void (*cb)(void *user, const char *name, size_t len),
                          void *user);

/*
 * Make a slug for the free project name in the @len bytes at @name:
 * lower-case ASCII letters and digits; ä ö ü as ae oe ue and ß as ss;
 * other accented Latin letters without their accent (é as e); every other
 * run of characters as one '-', none at either end: "Baba Destek" gives
 * "baba-destek", "Väter-Café" gives "vaeter-cafe".
 *
 * Writes the NUL-terminated slug to @out (@size bytes). Returns false
 * when it does not fit or is empty (nothing alphanumeric in @name);
 * @out then holds an empty string (when @size > 0). Reentrant.
 */
bool ksi_slugify(const char *name, size_t len, char *out, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_GAZETTEER_INT_H */
