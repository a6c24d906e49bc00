/*
 * Spreading connections evenly over the workers (see balance.h).
 *
 * What crosses threads: each worker publishes its load and whether it
 * accepts in atomics the others read, and wakes another worker through
 * that worker's poke event (event_active() is safe from any thread once
 * main() has called evthread_use_pthreads()). Everything else of a slot,
 * its listener above all, is touched only by its own worker's thread.
 */
#define _DEFAULT_SOURCE /* struct tcp_info */
#include "balance.h"

#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>

/* Every so many seconds a worker looks again, and connections accepted
 * before the tick before that which have sent no request stop counting. */
#define TICK_SECONDS 1

/* Sockets numbered below this are told apart (a byte each); a connection
 * on a higher one is not counted. */
#define MAX_SOCKETS (1u << 20)

struct slot {
    struct balance *b;
    unsigned id;
    /* Owned by the worker's thread. */
    struct evconnlistener *listener; /* NULL when not (or no more) attached */
    struct event *tick;              /* every TICK_SECONDS */
    bool accepting;                  /* whether the listener is enabled */
    unsigned open;  /* connections that had a request, still open */
    unsigned fresh; /* accepted since the last tick, no request yet */
    unsigned older; /* accepted in the tick before, no request yet */
    /* Read by the other workers. */
    struct event *poke; /* look again; set before any worker runs */
    atomic_uint load;   /* open + fresh + older */
    atomic_uint shown;  /* open, for /health */
};

struct balance {
    unsigned workers;
    size_t sockets;
    atomic_uchar *counted; /* [sockets]: 1 while the connection on that
                              socket is counted in some slot's open */
    struct slot *slots;    /* [workers] */
};

/* A counted connection: what on_close() needs when it goes. */
struct counted {
    struct slot *slot;
    evutil_socket_t fd;
};

/* Accept while no other worker holds fewer connections; on stopping,
 * wake the others, so that the least loaded of them accepts. */
static void
rebalance(struct slot *s)
{
    struct balance *b = s->b;
    unsigned mine, least = UINT_MAX;
    bool accept;

    if (s->listener == NULL)
        return;
    mine = s->open + s->fresh + s->older;
    atomic_store(&s->load, mine);
    atomic_store(&s->shown, s->open);
    for (unsigned i = 0; i < b->workers; i++) {
        unsigned load = atomic_load(&b->slots[i].load);

        if (i != s->id && load < least)
            least = load;
    }
    accept = mine <= least;
    if (accept == s->accepting)
        return;
    s->accepting = accept;
    if (accept) {
        evconnlistener_enable(s->listener);
        return;
    }
    evconnlistener_disable(s->listener);
    for (unsigned i = 0; i < b->workers; i++) {
        if (i != s->id && b->slots[i].poke != NULL)
            event_active(b->slots[i].poke, EV_READ, 0);
    }
}

static void
on_poke(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    rebalance(arg);
}

static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
    struct slot *s = arg;

    (void)fd;
    (void)what;
    s->older = s->fresh;
    s->fresh = 0;
    rebalance(s);
}

/* Connections waiting in @s's listening socket's queue (Linux tells it
 * for a listening socket in tcpi_unacked), or 0 when unknown. */
static unsigned
waiting(const struct slot *s)
{
    struct tcp_info info;
    socklen_t len = sizeof info;

    if (getsockopt(evconnlistener_get_fd(s->listener), IPPROTO_TCP, TCP_INFO,
                   &info, &len)
        != 0)
        return 0;
    return info.tcpi_unacked;
}

/* evhttp's hook for each accepted connection, before its first request:
 * count it. While more wait, take them up to an even share of all; then
 * (or when none wait) accept on only while among the least loaded. A
 * share is taken in one go: a worker busy with searches gets to its
 * listener only between them. Stopping ends libevent's accept loop. NULL:
 * libevent makes the connection's bufferevent as it always does. */
static struct bufferevent *
on_accept(struct event_base *base, void *arg)
{
    struct slot *s = arg;
    struct balance *b = s->b;
    unsigned queued, total, mine;

    (void)base;
    s->fresh++;
    mine = s->open + s->fresh + s->older;
    queued = b->workers > 1 ? waiting(s) : 0;
    if (queued > 0) {
        total = queued;
        for (unsigned i = 0; i < b->workers; i++)
            total += i == s->id ? mine : atomic_load(&b->slots[i].load);
        if (mine < (total + b->workers - 1) / b->workers) {
            atomic_store(&s->load, mine);
            return NULL;
        }
    }
    rebalance(s);
    return NULL;
}

static void
on_close(struct evhttp_connection *evcon, void *arg)
{
    struct counted *c = arg;
    struct slot *s = c->slot;

    (void)evcon;
    atomic_store(&s->b->counted[c->fd], 0);
    s->open--;
    free(c);
    rebalance(s);
    atomic_store(&s->shown, s->open);
}

struct balance *
balance_new(unsigned workers)
{
    struct balance *b = calloc(1, sizeof *b);
    struct rlimit lim;

    if (b == NULL)
        return NULL;
    b->workers = workers;
    b->sockets = MAX_SOCKETS;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY
        && lim.rlim_cur < MAX_SOCKETS)
        b->sockets = (size_t)lim.rlim_cur;
    b->counted = calloc(b->sockets, sizeof *b->counted);
    b->slots = calloc(workers, sizeof *b->slots);
    if (b->counted == NULL || b->slots == NULL) {
        balance_free(b);
        return NULL;
    }
    for (unsigned i = 0; i < workers; i++) {
        b->slots[i].b = b;
        b->slots[i].id = i;
    }
    return b;
}

void
balance_free(struct balance *b)
{
    if (b == NULL)
        return;
    free(b->counted);
    free(b->slots);
    free(b);
}

int
balance_attach(struct balance *b, unsigned id, struct event_base *base,
               struct evhttp *http, struct evhttp_bound_socket *bound)
{
    struct slot *s = &b->slots[id];
    const struct timeval every = {TICK_SECONDS, 0};

    s->poke = event_new(base, -1, 0, on_poke, s);
    s->tick = event_new(base, -1, EV_PERSIST, on_tick, s);
    if (s->poke == NULL || s->tick == NULL || event_add(s->tick, &every) != 0)
        return -1;
    s->listener = evhttp_bound_socket_get_listener(bound);
    s->accepting = true; /* as evhttp left it */
    evhttp_set_bevcb(http, on_accept, s);
    return 0;
}

void
balance_detach(struct balance *b, unsigned id)
{
    struct slot *s = &b->slots[id];

    /* evhttp_free() frees the listener before it closes the connections
     * (whose on_close() still comes). */
    s->listener = NULL;
    if (s->tick != NULL)
        event_free(s->tick);
    if (s->poke != NULL)
        event_free(s->poke);
    s->tick = s->poke = NULL;
}

void
balance_note_request(struct balance *b, unsigned id, struct evhttp_request *req)
{
    struct slot *s = &b->slots[id];
    struct evhttp_connection *evcon = evhttp_request_get_connection(req);
    struct counted *c;
    evutil_socket_t fd;

    if (evcon == NULL)
        return;
    fd = bufferevent_getfd(evhttp_connection_get_bufferevent(evcon));
    if (fd < 0 || (size_t)fd >= b->sockets
        || atomic_load_explicit(&b->counted[fd], memory_order_relaxed))
        return;
    c = malloc(sizeof *c);
    if (c == NULL)
        return;
    c->slot = s;
    c->fd = fd;
    atomic_store(&b->counted[fd], 1);
    evhttp_connection_set_closecb(evcon, on_close, c);
    s->open++;
    if (s->fresh > 0)
        s->fresh--;
    else if (s->older > 0)
        s->older--;
    rebalance(s);
}

unsigned
balance_connections(const struct balance *b, unsigned id)
{
    return atomic_load(&b->slots[id].shown);
}

unsigned
balance_workers(const struct balance *b)
{
    return b->workers;
}
