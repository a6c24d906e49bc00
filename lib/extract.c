/*
 * Extraction entry point: picks the extractor for a format and applies
 * the defaults every document gets.
 */
#include <kisearch/extract.h>

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "extract-int.h"

static const struct {
    const char *ext;
    ks_format_t format;
} extensions[] = {
    {"txt", KS_FORMAT_TEXT},     {"text", KS_FORMAT_TEXT},
    {"md", KS_FORMAT_MARKDOWN},  {"markdown", KS_FORMAT_MARKDOWN},
    {"html", KS_FORMAT_HTML},    {"htm", KS_FORMAT_HTML},
    {"json", KS_FORMAT_JSON},    {"jsonl", KS_FORMAT_JSONL},
    {"ndjson", KS_FORMAT_JSONL},
};

ks_format_t
ks_format_from_name(const char *filename)
{
    const char *base = strrchr(filename, '/');
    const char *dot;

    base = base ? base + 1 : filename;
    dot = strrchr(base, '.');
    if (dot == NULL || dot == base)
        return KS_FORMAT_UNKNOWN;
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
        if (strcasecmp(dot + 1, extensions[i].ext) == 0)
            return extensions[i].format;
    }
    return KS_FORMAT_UNKNOWN;
}

const char *
ks_format_name(ks_format_t format)
{
    switch (format) {
    case KS_FORMAT_TEXT:
        return "text";
    case KS_FORMAT_MARKDOWN:
        return "markdown";
    case KS_FORMAT_HTML:
        return "html";
    case KS_FORMAT_JSON:
        return "json";
    case KS_FORMAT_JSONL:
        return "jsonl";
    case KS_FORMAT_UNKNOWN:
        break;
    }
    return "unknown";
}

void
ksi_sink_doc(ksi_sink_t *sink, ks_doc_t *doc)
{
    /* The type is left to inference at index time (ksi_enrich()), so
     * that a type given by the source always wins over a guess. */
    sink->docs++;
    sink->cb(sink->user, doc, NULL);
}

void
ksi_sink_problem(ksi_sink_t *sink, const ks_error_t *problem)
{
    sink->problems++;
    sink->cb(sink->user, NULL, problem);
}

ks_status_t
ks_extract(ks_format_t format, const char *id, const char *data, size_t len,
           ks_extract_cb cb, void *user, ks_error_t *err)
{
    ksi_sink_t sink = {cb, user, 0, 0};
    ks_status_t st;

    ks_error_clear(err);
    switch (format) {
    case KS_FORMAT_TEXT:
        st = ksi_extract_text(id, data, len, &sink, err);
        break;
    case KS_FORMAT_MARKDOWN:
        st = ksi_extract_markdown(id, data, len, &sink, err);
        break;
    case KS_FORMAT_HTML:
        st = ksi_extract_html(id, data, len, &sink, err);
        break;
    case KS_FORMAT_JSON:
        st = ksi_extract_json(id, data, len, &sink, err);
        break;
    case KS_FORMAT_JSONL:
        st = ksi_extract_jsonl(data, len, &sink, err);
        break;
    default:
        return ks_error_set(err, KS_ERR_INVALID, "unknown format");
    }
    if (st == KS_OK && sink.docs == 0 && sink.problems == 0)
        st = ks_error_set(err, KS_ERR_INVALID, "no documents in it");
    return st;
}

/* Lone lines that are navigation or widgets, never content. Compared
 * case-insensitively with the whole trimmed line. */
static const char *const chrome_words[] = {
    "inhalt",
    "suchen",
    "suche",
    "menü",
    "menu",
    "navigation",
    "hauptnavigation",
    "startseite",
    "nach oben",
    "zurück",
    "zurück zur übersicht",
    "drucken",
    "seite drucken",
    "teilen",
    "letzte kommentare",
    "interkulturkalender",
    "kalender",
    "zum inhalt springen",
    "seitenanfang",
    "schließen",
    "mehr erfahren",
    "weiterlesen",
};

static bool
is_weekday(const char *w, size_t n)
{
    static const char days[] = "MoDiMiDoFrSaSo";

    if (n != 2)
        return false;
    for (size_t i = 0; i < sizeof days - 1; i += 2) {
        if (w[0] == days[i] && w[1] == days[i + 1])
            return true;
    }
    return false;
}

static bool
is_day_number(const char *w, size_t n)
{
    if (n == 0 || n > 2 || !isdigit((unsigned char)w[0])
        || (n == 2 && !isdigit((unsigned char)w[1])))
        return false;
    return n == 1 || (w[0] - '0') * 10 + (w[1] - '0') <= 31;
}

bool
ksi_is_chrome_line(const char *line, size_t len)
{
    size_t words = 0, calendar_words = 0;
    bool has_space = false, has_underscore = false, has_digit = false;

    while (len > 0 && isspace((unsigned char)*line)) {
        line++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)line[len - 1]))
        len--;
    if (len == 0)
        return false;
    for (size_t i = 0; i < sizeof chrome_words / sizeof *chrome_words; i++) {
        if (strlen(chrome_words[i]) == len
            && strncasecmp(chrome_words[i], line, len) == 0)
            return true;
    }
    /* "< Oktober 2018 >" and "« Oktober 2018 »": month navigation. */
    if ((line[0] == '<' && line[len - 1] == '>')
        || (len >= 4 && strncmp(line, "«", 2) == 0
            && strncmp(line + len - 2, "»", 2) == 0))
        return true;
    for (size_t i = 0; i < len;) {
        size_t start, n;

        while (i < len && isspace((unsigned char)line[i])) {
            has_space = true;
            i++;
        }
        start = i;
        while (i < len && !isspace((unsigned char)line[i])) {
            has_underscore |= line[i] == '_';
            has_digit |= isdigit((unsigned char)line[i]) != 0;
            i++;
        }
        n = i - start;
        if (n == 0)
            continue;
        words++;
        if (is_weekday(line + start, n) || is_day_number(line + start, n))
            calendar_words++;
    }
    /* A calendar row: weekday names or day numbers only. */
    if (words >= 3 && calendar_words == words)
        return true;
    /* An image file name left behind by a caption: one token with an
     * underscore and a digit, such as "180718_besuch-IZ02_Klein2". */
    return !has_space && has_underscore && has_digit;
}

bool
ksi_is_title_line(const char *line, size_t len)
{
    size_t letters = 0;

    if (ksi_is_chrome_line(line, len))
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];

        /* Count ASCII letters and the lead bytes of other characters. */
        if (isalpha(c) || c >= 0xC0)
            letters++;
    }
    return letters >= 3;
}

ks_status_t
ksi_title_from_text(ks_doc_t *doc, const char *text, size_t len,
                    ks_error_t *err)
{
    const char *p = text, *end = text + len;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

        if (ksi_is_title_line(p, n)) {
            char cut[KSI_TITLE_MAX + 8];

            if (n <= KSI_TITLE_MAX)
                return ks_doc_set_n(doc, KS_FIELD_TITLE, p, n, err);
            n = KSI_TITLE_MAX;
            while (n > KSI_TITLE_MAX / 2 && p[n] != ' ')
                n--;
            /* Never leave half a UTF-8 sequence at the end. */
            while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
                n--;
            memcpy(cut, p, n);
            memcpy(cut + n, " …", sizeof " …");
            return ks_doc_set(doc, KS_FIELD_TITLE, cut, err);
        }
        p = nl ? nl + 1 : end;
    }
    return KS_OK;
}
