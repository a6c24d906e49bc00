/*
 * Finding the files to index below the paths given on the command line.
 */
#ifndef KISEARCH_WALK_H
#define KISEARCH_WALK_H

#include <stdbool.h>

/* Called for each file found: @path to open it, @id the document id it
 * gets (relative to the directory given, or the file's own name), and
 * @explicit whether the user named this file directly. Return false to
 * stop the walk. */
typedef bool (*walk_fn)(void *user, const char *path, const char *id,
                        bool explicit);

/* Called for a path that cannot be read, with the reason. */
typedef void (*walk_error_fn)(void *user, const char *path, const char *reason);

/* Visit @path: a file directly, a directory recursively in name order,
 * leaving out hidden entries (".git") and not following links to
 * directories (no loops). Returns false when @fn stopped the walk. */
bool walk_path(const char *path, walk_fn fn, walk_error_fn on_error,
               void *user);

#endif /* KISEARCH_WALK_H */
