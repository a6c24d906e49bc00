/*
 * HTML pages, parsed by libxml2's error-tolerant HTML parser: the main
 * text without page chrome, plus title, canonical url, date and language.
 */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <kisearch/text.h>

#include "buf-int.h"
#include "extract-int.h"

/* Elements whose content is never page text. */
static const char *const skipped_elements[] = {
    "script", "style",  "noscript", "template", "nav",    "aside",  "form",
    "button", "select", "textarea", "iframe",   "svg",    "canvas", "object",
    "embed",  "map",    "dialog",   "head",     "footer",
};

/* Elements that start a new line of text. */
static const char *const block_elements[] = {
    "p",        "div",        "br",      "li",         "ul",      "ol",
    "dl",       "dt",         "dd",      "h1",         "h2",      "h3",
    "h4",       "h5",         "h6",      "tr",         "table",   "section",
    "article",  "main",       "header",  "blockquote", "pre",     "hr",
    "figure",   "figcaption", "address", "details",    "summary", "caption",
    "fieldset", "legend",     "body",
};

/* Landmark roles and class or id fragments that mark page chrome. */
static const char *const chrome_roles[] = {
    "navigation", "banner", "contentinfo", "complementary", "search",
};
static const char *const chrome_names[] = {
    "cookie", "consent", "breadcrumb", "skip-link", "skiplink",
};

static bool
name_in(const xmlChar *name, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strcasecmp((const char *)name, list[i]) == 0)
            return true;
    }
    return false;
}

#define IN(name, list) name_in(name, list, sizeof list / sizeof *list)

static bool
attr_contains(xmlNode *node, const char *attr, const char *const *list,
              size_t count)
{
    xmlChar *value = xmlGetProp(node, (const xmlChar *)attr);
    bool found = false;

    if (value == NULL)
        return false;
    for (size_t i = 0; i < count && !found; i++)
        found = strcasestr((const char *)value, list[i]) != NULL;
    xmlFree(value);
    return found;
}

/* Whether @node and everything in it is page chrome. Headers are chrome
 * only at page level: inside <main> or <article> they hold the headline. */
static bool
is_chrome(xmlNode *node, bool page_level)
{
    xmlChar *value;
    bool hidden = false;

    if (IN(node->name, skipped_elements))
        return true;
    if (page_level && strcasecmp((const char *)node->name, "header") == 0)
        return true;
    if (xmlHasProp(node, (const xmlChar *)"hidden"))
        return true;
    value = xmlGetProp(node, (const xmlChar *)"aria-hidden");
    if (value != NULL) {
        hidden = strcasecmp((const char *)value, "true") == 0;
        xmlFree(value);
        if (hidden)
            return true;
    }
    value = xmlGetProp(node, (const xmlChar *)"role");
    if (value != NULL) {
        hidden = IN(value, chrome_roles);
        xmlFree(value);
        if (hidden)
            return true;
    }
    return attr_contains(node, "class", chrome_names,
                         sizeof chrome_names / sizeof *chrome_names)
           || attr_contains(node, "id", chrome_names,
                            sizeof chrome_names / sizeof *chrome_names);
}

/* Append text with runs of white space folded to one space. */
static void
add_text(ksi_buf_t *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (isspace((unsigned char)*p)) {
            if (out->len > 0 && out->data[out->len - 1] != ' '
                && out->data[out->len - 1] != '\n')
                ksi_buf_addc(out, ' ');
        } else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
            /* A no-break space separates words like a space. */
            if (out->len > 0 && out->data[out->len - 1] != ' ')
                ksi_buf_addc(out, ' ');
            p++;
        } else {
            ksi_buf_addc(out, *p);
        }
    }
}

static void
new_line(ksi_buf_t *out)
{
    while (out->len > 0 && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
    if (out->len > 0 && out->data[out->len - 1] != '\n')
        ksi_buf_addc(out, '\n');
}

static void
collect_text(xmlNode *node, bool page_level, ksi_buf_t *out)
{
    for (xmlNode *child = node->children; child; child = child->next) {
        if (child->type == XML_TEXT_NODE
            || child->type == XML_CDATA_SECTION_NODE) {
            if (child->content != NULL)
                add_text(out, (const char *)child->content);
        } else if (child->type == XML_ELEMENT_NODE) {
            bool block;

            if (is_chrome(child, page_level))
                continue;
            block = IN(child->name, block_elements);
            if (block)
                new_line(out);
            else if (strcasecmp((const char *)child->name, "td") == 0
                     || strcasecmp((const char *)child->name, "th") == 0)
                add_text(out, " ");
            collect_text(child, page_level, out);
            if (block)
                new_line(out);
        }
    }
}

/* The first element named @name in document order, or NULL. */
static xmlNode *
find_element(xmlNode *node, const char *name)
{
    for (xmlNode *child = node; child; child = child->next) {
        xmlNode *found;

        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (strcasecmp((const char *)child->name, name) == 0)
            return child;
        found = find_element(child->children, name);
        if (found != NULL)
            return found;
    }
    return NULL;
}

/* The first element with role="main", or NULL. */
static xmlNode *
find_role_main(xmlNode *node)
{
    for (xmlNode *child = node; child; child = child->next) {
        xmlChar *role;
        xmlNode *found;

        if (child->type != XML_ELEMENT_NODE)
            continue;
        role = xmlGetProp(child, (const xmlChar *)"role");
        if (role != NULL) {
            bool main = strcasecmp((const char *)role, "main") == 0;

            xmlFree(role);
            if (main)
                return child;
        }
        found = find_role_main(child->children);
        if (found != NULL)
            return found;
    }
    return NULL;
}

/* The first <h1> below @node outside page chrome, or NULL. */
static xmlNode *
find_heading(xmlNode *node, bool page_level)
{
    for (xmlNode *child = node; child; child = child->next) {
        xmlNode *found;

        if (child->type != XML_ELEMENT_NODE || is_chrome(child, page_level))
            continue;
        if (strcasecmp((const char *)child->name, "h1") == 0)
            return child;
        found = find_heading(child->children, page_level);
        if (found != NULL)
            return found;
    }
    return NULL;
}

/* Whether @page_title is @heading followed by nothing or by a separator
 * and the site's name: "Elternarbeit | KI Kleve", not "Elternarbeit" for
 * the heading "Eltern". */
static bool
is_title_with_site(const char *page_title, const char *heading)
{
    static const char *const separators[] = {"|", "-", "–", "—", "·", ":"};
    size_t len = strlen(heading);
    const char *rest = page_title + len;

    if (strncmp(page_title, heading, len) != 0)
        return false;
    while (*rest == ' ')
        rest++;
    if (*rest == '\0')
        return true;
    if (rest == page_title + len && *rest != ':')
        return false;
    for (size_t i = 0; i < sizeof separators / sizeof *separators; i++) {
        if (strncmp(rest, separators[i], strlen(separators[i])) == 0)
            return true;
    }
    return false;
}

/* The text of @node as one line, set as @field of @doc when not empty. */
static ks_status_t
set_from_node(ks_doc_t *doc, ks_field_t field, xmlNode *node, ks_error_t *err)
{
    ksi_buf_t text;
    ks_status_t st = KS_OK;

    ksi_buf_init(&text);
    collect_text(node, false, &text);
    if (!text.ok)
        st = ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    else if (text.len > 0)
        st = ks_doc_set_n(doc, field, text.data, text.len, err);
    ksi_buf_free(&text);
    return st;
}

/* Read <head>: canonical url and a date meta tag. Invalid values are
 * dropped rather than failing the page: they are hints. */
static void
read_head(ks_doc_t *doc, xmlNode *head)
{
    static const char *const date_names[] = {
        "date",
        "dcterms.date",
        "dc.date",
        "dcterms.created",
        "article:published_time",
        "og:article:published_time",
    };

    for (xmlNode *n = head ? head->children : NULL; n; n = n->next) {
        xmlChar *rel, *name, *content;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcasecmp((const char *)n->name, "link") == 0) {
            rel = xmlGetProp(n, (const xmlChar *)"rel");
            content = xmlGetProp(n, (const xmlChar *)"href");
            if (rel && content
                && strcasecmp((const char *)rel, "canonical") == 0)
                ks_doc_set(doc, KS_FIELD_URL, (const char *)content, NULL);
            xmlFree(rel);
            xmlFree(content);
        } else if (strcasecmp((const char *)n->name, "meta") == 0) {
            name = xmlGetProp(n, (const xmlChar *)"name");
            if (name == NULL)
                name = xmlGetProp(n, (const xmlChar *)"property");
            content = xmlGetProp(n, (const xmlChar *)"content");
            if (name && content && IN(name, date_names)
                && ks_doc_get(doc, KS_FIELD_DATE) == NULL)
                ks_doc_set(doc, KS_FIELD_DATE, (const char *)content, NULL);
            xmlFree(name);
            xmlFree(content);
        }
    }
}

/* Which encoding to tell libxml2: none when the page declares one (the
 * parser honours <meta charset>), else UTF-8 when the bytes are valid
 * UTF-8 and Windows-1252 otherwise. */
static const char *
guess_encoding(const char *data, size_t len)
{
    size_t head = len < 4096 ? len : 4096;

    for (size_t i = 0; i + 7 <= head; i++) {
        if (strncasecmp(data + i, "charset", 7) == 0)
            return NULL;
    }
    return ks_utf8_valid(data, len) ? "UTF-8" : "windows-1252";
}

ks_status_t
ksi_extract_html(const char *id, const char *data, size_t len, ksi_sink_t *sink,
                 ks_error_t *err)
{
    htmlDocPtr html;
    xmlNode *root, *content, *node;
    ks_doc_t *doc;
    ksi_buf_t body;
    ks_status_t st;
    bool page_level = false;
    xmlChar *lang;

    if (memchr(data, '\0', len) != NULL)
        return ks_error_set(err, KS_ERR_INVALID,
                            "binary data (NUL bytes), not HTML");
    if (len > (size_t)INT32_MAX)
        return ks_error_set(err, KS_ERR_INVALID, "page is too large");
    html = htmlReadMemory(data, (int)len, NULL, guess_encoding(data, len),
                          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR
                              | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    root = html ? xmlDocGetRootElement(html) : NULL;
    if (root == NULL) {
        xmlFreeDoc(html);
        return ks_error_set(err, KS_ERR_INVALID, "no HTML content in it");
    }
    doc = ks_doc_new();
    if (doc == NULL) {
        xmlFreeDoc(html);
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    }
    st = ks_doc_set(doc, KS_FIELD_ID, id, err);
    read_head(doc, find_element(root, "head"));
    lang = xmlGetProp(root, (const xmlChar *)"lang");
    if (lang != NULL) {
        ks_doc_set(doc, KS_FIELD_LANG, (const char *)lang, NULL);
        xmlFree(lang);
    }
    node = find_element(root, "title");
    if (st == KS_OK && node != NULL)
        st = set_from_node(doc, KS_FIELD_TITLE, node, err);

    /* The main text: <main>, else role="main", else the first <article>,
     * else the whole page without its page-level header. */
    content = find_element(root, "main");
    if (content == NULL)
        content = find_role_main(root);
    if (content == NULL)
        content = find_element(root, "article");
    if (content == NULL) {
        content = find_element(root, "body");
        page_level = true;
    }
    if (content == NULL) {
        content = root;
        page_level = true;
    }
    /* The first <h1> of the content is the title when there is no
     * <title>, and also when <title> is the <h1> plus the site's name
     * ("X | Stadt Y"). An <h1> in page chrome is the site's name. */
    node = find_heading(content->children, page_level);
    if (st == KS_OK && node != NULL) {
        char *page_title = NULL;
        const char *title = ks_doc_get(doc, KS_FIELD_TITLE);

        if (title != NULL && (page_title = strdup(title)) == NULL)
            st = ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        if (st == KS_OK)
            st = set_from_node(doc, KS_FIELD_TITLE, node, err);
        title = ks_doc_get(doc, KS_FIELD_TITLE);
        /* Keep <title> when the <h1> says something else. */
        if (st == KS_OK && page_title != NULL
            && (title == NULL || !is_title_with_site(page_title, title)))
            st = ks_doc_set(doc, KS_FIELD_TITLE, page_title, err);
        free(page_title);
    }
    ksi_buf_init(&body);
    collect_text(content, page_level, &body);
    if (st == KS_OK && !body.ok)
        st = ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    if (st == KS_OK && body.len > 0)
        st = ks_doc_set_n(doc, KS_FIELD_BODY, body.data, body.len, err);
    if (st == KS_OK && ks_doc_get(doc, KS_FIELD_TITLE) == NULL && body.len > 0)
        st = ksi_title_from_text(doc, body.data, body.len, err);
    if (st == KS_OK && ks_doc_get(doc, KS_FIELD_BODY) == NULL
        && ks_doc_get(doc, KS_FIELD_TITLE) == NULL)
        st = ks_error_set(err, KS_ERR_INVALID, "no text in it");
    ksi_buf_free(&body);
    xmlFreeDoc(html);
    if (st != KS_OK) {
        ks_doc_free(doc);
        return st;
    }
    ksi_sink_doc(sink, doc);
    return KS_OK;
}
