/*
 * The search page's files (web/): read once at start, kept in memory and
 * served with their content type, an ETag and caching headers.
 */
#ifndef KISEARCH_WEB_H
#define KISEARCH_WEB_H

#include <stdbool.h>
#include <stddef.h>

struct evhttp_request;

/* One file, as served at "/" + its name. */
struct web_file {
    char *path;       /* "/app.js" */
    const char *type; /* "text/javascript; charset=utf-8" (static) */
    char *data;       /* the whole file */
    size_t len;
    char etag[24]; /* "\"<16 hex digits>\"", from the content */
};

struct web {
    struct web_file *files;
    size_t count;
};

/* The largest file web_load() takes, and how many. */
#define WEB_FILE_MAX  (1024 * 1024)
#define WEB_FILES_MAX 64

/* Read the regular files of the folder @dir (not its subfolders; names
 * starting with '.' are skipped) into @web. Only known kinds of file are
 * taken (html, css, js, svg, png, ico, txt, json); others are skipped.
 * Returns 0, or -1 with @why filled: the folder cannot be read, a file is
 * larger than WEB_FILE_MAX, there are more than WEB_FILES_MAX, or memory
 * ran out. */
int web_load(struct web *web, const char *dir, char *why, size_t why_size);

/* Free what web_load() filled; harmless on a zeroed struct. */
void web_free(struct web *web);

/* The file served at @path ("/app.js"), or NULL. */
const struct web_file *web_find(const struct web *web, const char *path);

/* Send @file: 200 with its body (none for HEAD), or 304 when the request's
 * If-None-Match names its ETag. Pages get the security headers of
 * web_page_headers(). */
void web_send(struct evhttp_request *req, const struct web_file *file);

/* Add the headers every HTML page carries: a Content-Security-Policy that
 * allows only this server's own scripts, styles and API, and no framing
 * by other sites; nosniff; no referrer to other sites. */
void web_page_headers(struct evhttp_request *req);

/* Whether the request's If-None-Match names @etag ("*" does too). */
bool web_etag_matches(struct evhttp_request *req, const char *etag);

#endif /* KISEARCH_WEB_H */
