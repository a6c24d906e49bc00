/*
 * Spreading connections evenly over the workers.
 *
 * Every worker accepts on the one listening socket. Left alone, the
 * worker that wakes first takes every connection waiting (libevent
 * accepts until the queue is empty), so a burst of new keep-alive
 * connections, a search box's or a load balancer's, can land on one
 * worker while the other idles: half the throughput, twice the latency.
 * So a worker accepts only while it holds no more connections than the
 * least loaded of the others; the one that goes past that stops
 * accepting and wakes the others, so that the least
 * loaded always accepts. Of a burst waiting in the queue, a worker takes
 * its even share in one go (not one connection at a time: a worker busy
 * with searches gets to its listener only between them).
 *
 * A connection counts from its accept. It is known by its socket from
 * its first request on, and from then on until it closes; one that sends
 * nothing counts only for its first second or two (libevent tells of a
 * close only on a connection that has had a request).
 */
#ifndef KISEARCH_BALANCE_H
#define KISEARCH_BALANCE_H

struct balance;
struct event_base;
struct evhttp;
struct evhttp_bound_socket;
struct evhttp_request;

/* The balance between @workers workers, or NULL (out of memory). Free
 * it with balance_free() after every worker is joined. */
struct balance *balance_new(unsigned workers);

void balance_free(struct balance *b);

/* Worker @id (below the count given to balance_new()) accepts through
 * @bound of @http on its own thread's @base: count its connections and
 * accept only while it is among the least loaded. Returns 0, or -1 (out
 * of memory). Call from the thread that sets up the worker, before its
 * loop runs. */
int balance_attach(struct balance *b, unsigned id, struct event_base *base,
                   struct evhttp *http, struct evhttp_bound_socket *bound);

/* Release what balance_attach() set up for @id: after its loop has
 * ended, before its base is freed. Harmless when it was never attached. */
void balance_detach(struct balance *b, unsigned id);

/* Note a request of worker @id: its connection is counted from now on
 * until it closes. Call from worker @id's thread for every request. */
void balance_note_request(struct balance *b, unsigned id,
                          struct evhttp_request *req);

/* The connections worker @id serves that have had a request: for
 * /health. Safe from any thread. */
unsigned balance_connections(const struct balance *b, unsigned id);

/* How many workers @b balances. */
unsigned balance_workers(const struct balance *b);

#endif /* KISEARCH_BALANCE_H */
