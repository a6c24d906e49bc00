/*
 * Directory traversal for kisearch-index.
 */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct walk {
    walk_fn fn;
    walk_error_fn on_error;
    void *user;
    size_t root_len; /* bytes of the directory given, with its '/' */
};

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool walk_dir(struct walk *w, const char *dir);

static bool
visit(struct walk *w, const char *path)
{
    struct stat st;

    if (lstat(path, &st) != 0) {
        w->on_error(w->user, path, strerror(errno));
        return true;
    }
    if (S_ISLNK(st.st_mode)) {
        /* Follow links to files, never to directories: no loops. */
        if (stat(path, &st) != 0) {
            w->on_error(w->user, path, "broken symbolic link");
            return true;
        }
        if (S_ISDIR(st.st_mode))
            return true;
    }
    if (S_ISDIR(st.st_mode))
        return walk_dir(w, path);
    if (S_ISREG(st.st_mode))
        return w->fn(w->user, path, path + w->root_len, false);
    return true;
}

static bool
walk_dir(struct walk *w, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *entry;
    char **names = NULL;
    size_t count = 0, cap = 0;
    bool go_on = true;

    if (d == NULL) {
        w->on_error(w->user, dir, strerror(errno));
        return true;
    }
    while ((entry = readdir(d)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        if (count == cap) {
            char **grown;

            cap = cap ? cap * 2 : 64;
            grown = realloc(names, cap * sizeof *names);
            if (grown == NULL)
                break;
            names = grown;
        }
        names[count] = strdup(entry->d_name);
        if (names[count] == NULL)
            break;
        count++;
    }
    if (entry != NULL)
        w->on_error(w->user, dir, "out of memory while listing it");
    closedir(d);
    if (count > 0)
        qsort(names, count, sizeof *names, compare_names);
    for (size_t i = 0; i < count; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);

        if (path == NULL) {
            w->on_error(w->user, dir, "out of memory");
        } else if (go_on) {
            snprintf(path, len, "%s/%s", dir, names[i]);
            go_on = visit(w, path);
        }
        free(path);
        free(names[i]);
    }
    free(names);
    return go_on;
}

bool
walk_path(const char *path, walk_fn fn, walk_error_fn on_error, void *user)
{
    struct walk w = {fn, on_error, user, 0};
    struct stat st;
    size_t len = strlen(path);
    char *root;
    bool go_on;

    if (stat(path, &st) != 0) {
        on_error(user, path, strerror(errno));
        return true;
    }
    if (!S_ISDIR(st.st_mode)) {
        const char *base = strrchr(path, '/');

        return fn(user, path, base ? base + 1 : path, true);
    }
    /* Ids are relative to the directory, whatever its spelling ("dir",
     * "dir/" or "dir//"). */
    root = strdup(path);
    if (root == NULL) {
        on_error(user, path, "out of memory");
        return true;
    }
    while (len > 1 && root[len - 1] == '/')
        root[--len] = '\0';
    w.root_len = len + 1;
    go_on = walk_dir(&w, root);
    free(root);
    return go_on;
}
