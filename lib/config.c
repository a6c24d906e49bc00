/*
 * INI configuration, parsed with inih.
 */
#include <kisearch/config.h>

#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

void
ks_config_defaults(ks_config_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->batch_size = 1000;
    cfg->lock_timeout_seconds = 30;
    snprintf(cfg->listen, sizeof cfg->listen, "127.0.0.1:8080");
    cfg->threads = 0;
    cfg->max_uri_bytes = 8192;
    cfg->max_header_bytes = 16384;
    cfg->max_body_bytes = 1024 * 1024;
    cfg->timeout_seconds = 30;
    snprintf(cfg->web_dir, sizeof cfg->web_dir, "%s", KS_WEB_DIR);
    cfg->default_limit = 10;
    cfg->max_limit = 100;
    cfg->max_offset = 10000;
    cfg->snippet_bytes = 200;
    cfg->max_query_bytes = 1024;
    cfg->cache_entries = 4096;
    snprintf(cfg->dictionary, sizeof cfg->dictionary, "%s",
             "/usr/share/dict/ngerman");
    snprintf(cfg->stopwords, sizeof cfg->stopwords, "%s",
             KS_DATA_DIR "/stopwords.txt");
    snprintf(cfg->synonyms, sizeof cfg->synonyms, "%s",
             KS_DATA_DIR "/synonyms.tsv");
    snprintf(cfg->centres, sizeof cfg->centres, "%s",
             KS_DATA_DIR "/centres.tsv");
    snprintf(cfg->projects, sizeof cfg->projects, "%s",
             KS_DATA_DIR "/projects.tsv");
}

void
ks_config_analysis_files(const ks_config_t *cfg, ks_analysis_files_t *files)
{
    files->dictionary =
        strcmp(cfg->dictionary, "none") == 0 ? NULL : cfg->dictionary;
    files->stopwords =
        strcmp(cfg->stopwords, "none") == 0 ? NULL : cfg->stopwords;
    files->synonyms = strcmp(cfg->synonyms, "none") == 0 ? NULL : cfg->synonyms;
    files->centres = strcmp(cfg->centres, "none") == 0 ? NULL : cfg->centres;
    files->projects = strcmp(cfg->projects, "none") == 0 ? NULL : cfg->projects;
}

typedef enum {
    SETTING_STRING,
    SETTING_PATH, /* a file; relative to the config file's folder */
    SETTING_UNSIGNED,
    SETTING_SIZE
} setting_kind_t;

static const struct setting {
    const char *section;
    const char *key;
    setting_kind_t kind;
    size_t offset;
    unsigned long long min, max;
} settings[] = {
    {"index", "db", SETTING_STRING, offsetof(ks_config_t, db), 0, 0},
    {"index", "batch_size", SETTING_UNSIGNED, offsetof(ks_config_t, batch_size),
     1, 1000000},
    {"index", "lock_timeout_seconds", SETTING_UNSIGNED,
     offsetof(ks_config_t, lock_timeout_seconds), 0, 86400},
    {"server", "listen", SETTING_STRING, offsetof(ks_config_t, listen), 0, 0},
    {"server", "threads", SETTING_UNSIGNED, offsetof(ks_config_t, threads), 0,
     256},
    {"server", "max_uri_bytes", SETTING_SIZE,
     offsetof(ks_config_t, max_uri_bytes), 256, 1024 * 1024},
    {"server", "max_header_bytes", SETTING_SIZE,
     offsetof(ks_config_t, max_header_bytes), 1024, 1024 * 1024},
    {"server", "max_body_bytes", SETTING_SIZE,
     offsetof(ks_config_t, max_body_bytes), 0, 1024ULL * 1024 * 1024},
    {"server", "keys_file", SETTING_PATH, offsetof(ks_config_t, keys_file), 0,
     0},
    {"server", "timeout_seconds", SETTING_UNSIGNED,
     offsetof(ks_config_t, timeout_seconds), 1, 3600},
    {"server", "web_dir", SETTING_PATH, offsetof(ks_config_t, web_dir), 0, 0},
    {"server", "cors_origins", SETTING_STRING,
     offsetof(ks_config_t, cors_origins), 0, 0},
    {"search", "default_limit", SETTING_UNSIGNED,
     offsetof(ks_config_t, default_limit), 1, 1000},
    {"search", "max_limit", SETTING_UNSIGNED, offsetof(ks_config_t, max_limit),
     1, 1000},
    {"search", "max_offset", SETTING_UNSIGNED,
     offsetof(ks_config_t, max_offset), 0, 1000000},
    {"search", "snippet_bytes", SETTING_UNSIGNED,
     offsetof(ks_config_t, snippet_bytes), 40, 4000},
    {"search", "max_query_bytes", SETTING_SIZE,
     offsetof(ks_config_t, max_query_bytes), 16, 65536},
    {"search", "cache_entries", SETTING_UNSIGNED,
     offsetof(ks_config_t, cache_entries), 0, 1000000},
    {"analysis", "dictionary", SETTING_PATH, offsetof(ks_config_t, dictionary),
     0, 0},
    {"analysis", "stopwords", SETTING_PATH, offsetof(ks_config_t, stopwords), 0,
     0},
    {"analysis", "synonyms", SETTING_PATH, offsetof(ks_config_t, synonyms), 0,
     0},
    {"analysis", "centres", SETTING_PATH, offsetof(ks_config_t, centres), 0, 0},
    {"analysis", "projects", SETTING_PATH, offsetof(ks_config_t, projects), 0,
     0},
};

/* Set one setting; a relative path is joined to @base_dir when given. */
static ks_status_t
set_setting(ks_config_t *cfg, const char *section, const char *key,
            const char *value, const char *base_dir, ks_error_t *err)
{
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
        const struct setting *s = &settings[i];
        char *field = (char *)cfg + s->offset;
        unsigned long long number;
        char *end;

        if (strcmp(s->section, section) != 0 || strcmp(s->key, key) != 0)
            continue;
        if (s->kind == SETTING_STRING || s->kind == SETTING_PATH) {
            size_t len = strlen(value);
            bool join = s->kind == SETTING_PATH && base_dir != NULL
                        && value[0] != '/' && strcmp(value, "none") != 0;
            int n;

            if (len == 0 || len >= KS_CONFIG_STR_MAX)
                return ks_error_set(err, KS_ERR_INVALID,
                                    "%s must be 1 to %d characters", key,
                                    KS_CONFIG_STR_MAX - 1);
            n = join ? snprintf(field, KS_CONFIG_STR_MAX, "%s/%s", base_dir,
                                value)
                     : snprintf(field, KS_CONFIG_STR_MAX, "%s", value);
            if (n < 0 || n >= KS_CONFIG_STR_MAX)
                return ks_error_set(err, KS_ERR_INVALID,
                                    "%s: the path is too long", key);
            return KS_OK;
        }
        errno = 0;
        number = strtoull(value, &end, 10);
        if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno != 0
            || number < s->min || number > s->max)
            return ks_error_set(err, KS_ERR_INVALID,
                                "%s must be a whole number from %llu to %llu, "
                                "not \"%s\"",
                                key, s->min, s->max, value);
        if (s->kind == SETTING_UNSIGNED)
            *(unsigned *)(void *)field = (unsigned)number;
        else
            *(size_t *)(void *)field = (size_t)number;
        return KS_OK;
    }
    return ks_error_set(err, KS_ERR_NOT_FOUND, "unknown setting [%s] %s",
                        section, key);
}

ks_status_t
ks_config_set(ks_config_t *cfg, const char *section, const char *key,
              const char *value, ks_error_t *err)
{
    return set_setting(cfg, section, key, value, NULL, err);
}

struct load_state {
    ks_config_t *cfg;
    const char *base_dir; /* folder of the file, for relative paths */
    ks_error_t failure;
};

/* inih calls this for every "key = value"; returning 0 stops the parse
 * and makes ini_parse() report the line. */
static int
on_setting(void *user, const char *section, const char *key, const char *value)
{
    struct load_state *state = user;
    ks_error_t failure;

    /* Nothing after the first bad line is applied (inih reads on). */
    if (state->failure.code != KS_OK)
        return 0;
    if (set_setting(state->cfg, section, key, value, state->base_dir, &failure)
        == KS_OK)
        return 1;
    /* inih reports the first bad line; keep the reason for that one. */
    if (state->failure.code == KS_OK)
        state->failure = failure;
    return 0;
}

/* The number of the first line of @file longer than inih can read whole,
 * or 0 when there is none. */
static int
long_line(FILE *file)
{
    int line = 1, c;
    long length = 0;

    while ((c = getc(file)) != EOF) {
        if (c == '\n') {
            line++;
            length = 0;
        } else if (++length > INI_MAX_LINE - 2) {
            return line;
        }
    }
    return 0;
}

ks_status_t
ks_config_load(ks_config_t *cfg, const char *path, ks_error_t *err)
{
    struct load_state state = {cfg, NULL, {KS_OK, ""}};
    char base_dir[KS_CONFIG_STR_MAX];
    const char *slash = strrchr(path, '/');
    FILE *file = fopen(path, "r");
    int line;

    snprintf(base_dir, sizeof base_dir, "%.*s", slash ? (int)(slash - path) : 1,
             slash ? path : ".");
    if (slash == path)
        snprintf(base_dir, sizeof base_dir, "/");
    state.base_dir = base_dir;

    if (file == NULL)
        return ks_error_set(err, errno == ENOENT ? KS_ERR_NOT_FOUND : KS_ERR_IO,
                            "%s: %s", path, strerror(errno));
    /* inih splits lines longer than its buffer and would read the tail
     * as a line of its own: refuse them, naming the right line. */
    line = long_line(file);
    if (line > 0) {
        fclose(file);
        return ks_error_set(err, KS_ERR_INVALID,
                            "%s:%d: line longer than %d characters", path, line,
                            INI_MAX_LINE - 2);
    }
    rewind(file);
    line = ini_parse_file(file, on_setting, &state);
    fclose(file);
    if (line == 0)
        return KS_OK;
    if (line < 0)
        return ks_error_set(err, KS_ERR_IO, "%s: cannot read it", path);
    if (state.failure.code != KS_OK)
        return ks_error_set(err, KS_ERR_INVALID, "%s:%d: %s", path, line,
                            state.failure.text);
    return ks_error_set(err, KS_ERR_INVALID,
                        "%s:%d: not a [section] or key = value line", path,
                        line);
}
