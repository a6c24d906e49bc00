/*
 * kisearchd: the search server. Parses the command line and the config,
 * binds the listening socket, starts the workers and stops them on
 * SIGINT or SIGTERM.
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>
#include <event2/util.h>
#include <jansson.h>

#include <kisearch/config.h>

#include "balance.h"
#include "cache.h"
#include "cors.h"
#include "keys.h"
#include "web.h"
#include "worker.h"

#define PROGRAM "kisearchd"

static void
usage(FILE *out)
{
    fprintf(
        out,
        "Usage: " PROGRAM " --db DIR [--config FILE] [--listen HOST:PORT]"
        " [--threads N]\n"
        "\n"
        "Serve the kisearch index in DIR over HTTP (API version 1).\n"
        "\n"
        "  -d, --db DIR          the index directory ([index] db)\n"
        "  -c, --config FILE     read settings from FILE (INI)\n"
        "  -l, --listen ADDR     HOST:PORT to listen on ([server] listen;\n"
        "                        default 127.0.0.1:8080; port 0 picks one)\n"
        "  -t, --threads N       worker threads ([server] threads; 0 = one\n"
        "                        per core)\n"
        "  -k, --keys FILE       API keys, \"ROLE KEY\" a line ([server]\n"
        "                        keys_file); with a search key, searching\n"
        "                        needs a key\n"
        "  -h, --help            show this help\n"
        "  -V, --version         show the version\n"
        "\n"
        "Prints \"listening on http://HOST:PORT/\" once it accepts\n"
        "connections. SIGINT or SIGTERM stop it gracefully.\n");
}

/* Split "HOST:PORT", "[V6]:PORT" or ":PORT" into its parts. */
static int
split_address(const char *address, char *host, size_t host_size,
              const char **port)
{
    const char *colon;
    size_t len;

    if (address[0] == '[') {
        const char *close = strchr(address, ']');

        if (close == NULL || close[1] != ':')
            return -1;
        len = (size_t)(close - address - 1);
        colon = close + 1;
        address++;
    } else {
        colon = strrchr(address, ':');
        if (colon == NULL)
            return -1;
        len = (size_t)(colon - address);
    }
    if (len >= host_size || colon[1] == '\0')
        return -1;
    memcpy(host, address, len);
    host[len] = '\0';
    *port = colon + 1;
    return 0;
}

/* Bind and listen on @address; prints the reason and returns -1 on
 * failure. */
static evutil_socket_t
open_listener(const char *address)
{
    struct addrinfo hints, *found = NULL, *ai;
    char host[256];
    const char *port;
    evutil_socket_t fd = -1;
    int rc, saved = 0;

    if (split_address(address, host, sizeof host, &port) != 0) {
        fprintf(stderr, PROGRAM ": listen address \"%s\" is not HOST:PORT\n",
                address);
        return -1;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &found);
    if (rc != 0) {
        fprintf(stderr, PROGRAM ": %s: %s\n", address, gai_strerror(rc));
        return -1;
    }
    for (ai = found; ai != NULL; ai = ai->ai_next) {
        int one = 1;

        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                    ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1024) == 0
            && evutil_make_socket_nonblocking(fd) == 0)
            break;
        saved = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(found);
    if (fd < 0)
        fprintf(stderr, PROGRAM ": cannot listen on %s: %s\n", address,
                strerror(saved));
    return fd;
}

/* Print the address actually bound, so that tests and scripts started
 * with port 0 learn the port without probing for a free one. */
static void
announce(evutil_socket_t fd)
{
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    char host[1025], port[32];

    if (getsockname(fd, (struct sockaddr *)&addr, &len) != 0
        || getnameinfo((struct sockaddr *)&addr, len, host, sizeof host, port,
                       sizeof port, NI_NUMERICHOST | NI_NUMERICSERV)
               != 0) {
        printf(PROGRAM ": listening\n");
    } else if (addr.ss_family == AF_INET6) {
        printf(PROGRAM ": listening on http://[%s]:%s/\n", host, port);
    } else {
        printf(PROGRAM ": listening on http://%s:%s/\n", host, port);
    }
    fflush(stdout);
}

static void
on_signal(evutil_socket_t sig, short events, void *arg)
{
    (void)events;
    fprintf(stderr, PROGRAM ": %s, stopping\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    event_base_loopbreak(arg);
}

int
main(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"config", required_argument, NULL, 'c'},
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"keys", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *config_path = NULL, *listen_at = NULL,
               *threads = NULL, *keys_path = NULL;
    static struct keys keys;
    static struct web web;
    static struct cors cors;
    struct cache *cache = NULL;
    struct balance *balance = NULL;
    struct shared shared;
    char why[KS_CONFIG_STR_MAX + 128];
    static ks_config_t cfg;
    ks_analysis_files_t files;
    ks_analysis_t *analysis = NULL;
    struct worker *workers = NULL;
    struct writer *writer = NULL;
    struct event_base *main_base = NULL;
    struct event *sigint = NULL, *sigterm = NULL;
    evutil_socket_t listener = -1;
    unsigned count = 0, inited = 0, started = 0;
    ks_error_t err;
    int status = 1, opt;

    while ((opt = getopt_long(argc, argv, "d:c:l:t:k:hV", options, NULL))
           != -1) {
        switch (opt) {
        case 'd':
            db = optarg;
            break;
        case 'c':
            config_path = optarg;
            break;
        case 'l':
            listen_at = optarg;
            break;
        case 't':
            threads = optarg;
            break;
        case 'k':
            keys_path = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf(PROGRAM " %s\n", KS_VERSION);
            return 0;
        default:
            fprintf(stderr, "Try '" PROGRAM " --help'.\n");
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, PROGRAM ": unexpected argument \"%s\"\n", argv[optind]);
        return 2;
    }
    ks_config_defaults(&cfg);
    if (config_path != NULL
        && ks_config_load(&cfg, config_path, &err) != KS_OK) {
        fprintf(stderr, PROGRAM ": %s\n", err.text);
        return 2;
    }
    if ((db && ks_config_set(&cfg, "index", "db", db, &err) != KS_OK)
        || (listen_at
            && ks_config_set(&cfg, "server", "listen", listen_at, &err)
                   != KS_OK)
        || (threads
            && ks_config_set(&cfg, "server", "threads", threads, &err) != KS_OK)
        || (keys_path
            && ks_config_set(&cfg, "server", "keys_file", keys_path, &err)
                   != KS_OK)) {
        fprintf(stderr, PROGRAM ": %s\n", err.text);
        return 2;
    }
    if (cfg.db[0] == '\0') {
        fprintf(stderr, PROGRAM ": no index directory: give --db DIR\n");
        return 2;
    }
    if (cfg.keys_file[0] != '\0'
        && keys_load(&keys, cfg.keys_file, why, sizeof why) != 0) {
        fprintf(stderr, PROGRAM ": %s\n", why);
        return 2;
    }
    if (cors_parse(&cors, cfg.cors_origins, why, sizeof why) != 0) {
        fprintf(stderr, PROGRAM ": %s\n", why);
        keys_free(&keys);
        return 2;
    }
    /* The search page is optional: without it the API still serves. A
     * web_dir set on purpose must load; the built-in one may be missing
     * (a binary copied elsewhere). */
    if (strcmp(cfg.web_dir, "none") != 0
        && web_load(&web, cfg.web_dir, why, sizeof why) != 0) {
        ks_config_t defaults;

        ks_config_defaults(&defaults);
        if (strcmp(cfg.web_dir, defaults.web_dir) != 0) {
            fprintf(stderr, PROGRAM ": web_dir: %s\n", why);
            keys_free(&keys);
            cors_free(&cors);
            return 2;
        }
        fprintf(stderr, PROGRAM ": no search page (%s); serving the API\n",
                why);
    }
    /* The language data is loaded once and shared by every worker. */
    ks_config_analysis_files(&cfg, &files);
    if (ks_analysis_load(&files, &analysis, &err) != KS_OK) {
        fprintf(stderr, PROGRAM ": %s\n", err.text);
        keys_free(&keys);
        web_free(&web);
        cors_free(&cors);
        return 2;
    }
    count = cfg.threads;
    if (count == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);

        count = cores > 0 ? (unsigned)cores : 1;
    }

    /* Before any thread or base exists (jansson's and libevent's rules). */
    json_object_seed(0);
    if (evthread_use_pthreads() != 0) {
        fprintf(stderr, PROGRAM ": libevent has no thread support\n");
        goto out;
    }
    signal(SIGPIPE, SIG_IGN);

    listener = open_listener(cfg.listen);
    if (listener < 0)
        goto out;
    workers = calloc(count, sizeof *workers);
    main_base = event_base_new();
    if (workers == NULL || main_base == NULL) {
        fprintf(stderr, PROGRAM ": out of memory\n");
        goto out;
    }
    sigint = evsignal_new(main_base, SIGINT, on_signal, main_base);
    sigterm = evsignal_new(main_base, SIGTERM, on_signal, main_base);
    if (sigint == NULL || sigterm == NULL || evsignal_add(sigint, NULL) != 0
        || evsignal_add(sigterm, NULL) != 0) {
        fprintf(stderr, PROGRAM ": cannot handle signals\n");
        goto out;
    }
    if (writer_start(&writer, &cfg, analysis) != 0)
        goto out;
    cache = cache_new(cfg.cache_entries);
    balance = balance_new(count);
    if (balance == NULL) {
        fprintf(stderr, PROGRAM ": out of memory\n");
        goto out;
    }
    shared = (struct shared){&cfg,  analysis, &keys, &web,
                             &cors, writer,   cache, balance};
    /* Every worker set up before any runs: a running one may wake the
     * others (balance.c). */
    for (inited = 0; inited < count; inited++) {
        if (worker_init(&workers[inited], inited, &shared, listener) != 0) {
            inited++;
            goto out;
        }
    }
    for (started = 0; started < count; started++) {
        if (worker_start(&workers[started]) != 0)
            goto out;
    }
    announce(listener);
    event_base_dispatch(main_base);
    status = 0;
out:
    /* The writer first: it applies what is queued and has the workers,
     * still running, send the replies. */
    writer_stop(writer);
    for (unsigned i = 0; i < inited; i++)
        worker_stop(&workers[i]);
    for (unsigned i = 0; i < started; i++)
        worker_join(&workers[i]);
    for (unsigned i = 0; i < inited; i++)
        worker_free(&workers[i]);
    free(workers);
    balance_free(balance);
    if (sigint != NULL)
        event_free(sigint);
    if (sigterm != NULL)
        event_free(sigterm);
    if (main_base != NULL)
        event_base_free(main_base);
    if (listener >= 0)
        evutil_closesocket(listener);
    ks_analysis_free(analysis);
    keys_free(&keys);
    web_free(&web);
    cors_free(&cors);
    cache_free(cache);
    if (status == 0)
        fprintf(stderr, PROGRAM ": stopped\n");
    return status;
}
