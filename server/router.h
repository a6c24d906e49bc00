/*
 * Routing: which handler answers a request, by path and method.
 */
#ifndef KISEARCH_ROUTER_H
#define KISEARCH_ROUTER_H

struct evhttp_request;
struct worker;

/* Answer @req on worker @w: exactly one reply on every path. */
void router_handle(struct worker *w, struct evhttp_request *req);

#endif /* KISEARCH_ROUTER_H */
