/*
 * Static files of the search page, served from memory.
 */
#include "web.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/http.h>

#include "reply.h"

static const struct {
    const char *ext;
    const char *type;
} kinds[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
};

static const char *
type_of(const char *name)
{
    size_t len = strlen(name);

    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        size_t ext = strlen(kinds[i].ext);

        if (len > ext && strcmp(name + len - ext, kinds[i].ext) == 0)
            return kinds[i].type;
    }
    return NULL;
}

/* FNV-1a over the content: an ETag that changes when the file does. */
static void
make_etag(const char *data, size_t len, char *out, size_t size)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 0x100000001b3ULL;
    }
    snprintf(out, size, "\"%016llx\"", (unsigned long long)h);
}

/* Read the regular file @name of @dirfd whole. Returns 0, 1 to skip it
 * (not a regular file), or -1 with @why filled. */
static int
read_file(int dirfd, const char *name, struct web_file *file, char *why,
          size_t why_size)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    struct stat st;
    size_t got = 0;

    if (fd < 0) {
        snprintf(why, why_size, "%s: %s", name, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return 1;
    }
    if (st.st_size > WEB_FILE_MAX) {
        snprintf(why, why_size, "%s is larger than %d bytes", name,
                 WEB_FILE_MAX);
        close(fd);
        return -1;
    }
    file->len = (size_t)st.st_size;
    file->data = malloc(file->len + 1);
    file->path = malloc(strlen(name) + 2);
    if (file->data == NULL || file->path == NULL) {
        snprintf(why, why_size, "out of memory");
        close(fd);
        return -1;
    }
    while (got < file->len) {
        ssize_t n = read(fd, file->data + got, file->len - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(why, why_size, "%s: %s", name,
                     n < 0 ? strerror(errno) : "shorter than it was");
            close(fd);
            return -1;
        }
        got += (size_t)n;
    }
    close(fd);
    file->data[file->len] = '\0';
    snprintf(file->path, strlen(name) + 2, "/%s", name);
    file->type = type_of(name);
    make_etag(file->data, file->len, file->etag, sizeof file->etag);
    return 0;
}

int
web_load(struct web *web, const char *dir, char *why, size_t why_size)
{
    DIR *d = opendir(dir);
    struct dirent *entry;
    int rc = 0;

    memset(web, 0, sizeof *web);
    if (d == NULL) {
        snprintf(why, why_size, "%s: %s", dir, strerror(errno));
        return -1;
    }
    web->files = calloc(WEB_FILES_MAX, sizeof *web->files);
    if (web->files == NULL) {
        snprintf(why, why_size, "out of memory");
        closedir(d);
        return -1;
    }
    while (rc == 0 && (entry = readdir(d)) != NULL) {
        struct web_file *file;
        int got;

        if (entry->d_name[0] == '.' || type_of(entry->d_name) == NULL)
            continue;
        if (web->count == WEB_FILES_MAX) {
            snprintf(why, why_size, "%s: more than %d files", dir,
                     WEB_FILES_MAX);
            rc = -1;
            break;
        }
        file = &web->files[web->count];
        got = read_file(dirfd(d), entry->d_name, file, why, why_size);
        if (got == 0)
            web->count++;
        else {
            free(file->data);
            free(file->path);
            memset(file, 0, sizeof *file);
            if (got < 0)
                rc = -1;
        }
    }
    closedir(d);
    if (rc != 0)
        web_free(web);
    return rc;
}

void
web_free(struct web *web)
{
    for (size_t i = 0; i < web->count; i++) {
        free(web->files[i].data);
        free(web->files[i].path);
    }
    free(web->files);
    memset(web, 0, sizeof *web);
}

const struct web_file *
web_find(const struct web *web, const char *path)
{
    for (size_t i = 0; web != NULL && i < web->count; i++) {
        if (strcmp(web->files[i].path, path) == 0)
            return &web->files[i];
    }
    return NULL;
}

void
web_page_headers(struct evhttp_request *req)
{
    struct evkeyvalq *headers = evhttp_request_get_output_headers(req);

    evhttp_add_header(headers, "Content-Security-Policy",
                      "default-src 'none'; script-src 'self'; "
                      "style-src 'self'; img-src 'self' data:; "
                      "connect-src 'self'; form-action 'self'; "
                      "base-uri 'none'; frame-ancestors 'self'");
    evhttp_add_header(headers, "X-Content-Type-Options", "nosniff");
    evhttp_add_header(headers, "Referrer-Policy",
                      "strict-origin-when-cross-origin");
}

bool
web_etag_matches(struct evhttp_request *req, const char *etag)
{
    const char *given = evhttp_find_header(
        evhttp_request_get_input_headers(req), "If-None-Match");
    size_t len = strlen(etag);

    if (given == NULL)
        return false;
    /* A list of tags, maybe weak ones: W/"..." matches for GET. */
    for (const char *p = given; *p != '\0'; p++) {
        if (*p == '*')
            return true;
        if (strncmp(p, etag, len) == 0)
            return true;
    }
    return false;
}

void
web_send(struct evhttp_request *req, const struct web_file *file)
{
    struct evkeyvalq *headers = evhttp_request_get_output_headers(req);
    bool page = strncmp(file->type, "text/html", 9) == 0;

    evhttp_add_header(headers, "ETag", file->etag);
    /* Pages are checked every time (cheap: 304); the scripts and styles
     * they load may be kept a few minutes, so a widget on a centre's site
     * costs one request per visitor, not per page view. */
    evhttp_add_header(headers, "Cache-Control",
                      page ? "no-cache" : "public, max-age=300");
    if (page)
        web_page_headers(req);
    else {
        evhttp_add_header(headers, "X-Content-Type-Options", "nosniff");
        /* widget.js and widget.css are loaded by other sites' pages. */
        evhttp_add_header(headers, "Cross-Origin-Resource-Policy",
                          "cross-origin");
    }
    if (web_etag_matches(req, file->etag)) {
        evhttp_send_reply(req, 304, "Not Modified", NULL);
        return;
    }
    evhttp_add_header(headers, "Content-Type", file->type);
    /* libevent leaves the body out of a HEAD answer itself. */
    evbuffer_add_reference(evhttp_request_get_output_buffer(req), file->data,
                           file->len, NULL, NULL);
    evhttp_send_reply(req, 200, "OK", NULL);
}
