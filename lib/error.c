/*
 * Error reporting helpers shared by all of libkisearch.
 */
#include <kisearch/error.h>

#include <stdarg.h>
#include <stdio.h>

ks_status_t
ks_error_set(ks_error_t *err, ks_status_t code, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;

        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->text, sizeof err->text, fmt, ap);
        va_end(ap);
    }
    return code;
}

void
ks_error_clear(ks_error_t *err)
{
    if (err != NULL) {
        err->code = KS_OK;
        err->text[0] = '\0';
    }
}

const char *
ks_status_str(ks_status_t code)
{
    switch (code) {
    case KS_OK:
        return "ok";
    case KS_ERR_NOT_FOUND:
        return "not found";
    case KS_ERR_LOCKED:
        return "locked";
    case KS_ERR_MODIFIED:
        return "modified";
    case KS_ERR_CORRUPT:
        return "corrupt";
    case KS_ERR_QUERY_SYNTAX:
        return "query syntax";
    case KS_ERR_INVALID:
        return "invalid";
    case KS_ERR_NOMEM:
        return "out of memory";
    case KS_ERR_IO:
        return "i/o error";
    case KS_ERR_INTERNAL:
        return "internal error";
    }
    return "unknown error";
}
