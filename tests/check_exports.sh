#!/bin/sh
# libkisearch exports its ks_ API and nothing else (lib/kisearch.sym).
lib=$1
bad=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^ks_' | grep -v '^$')
count=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -c '^ks_')
if [ -n "$bad" ]; then
    echo "exported symbols outside the ks_ API:"
    echo "$bad"
    exit 1
fi
if [ "$count" -lt 20 ]; then
    echo "only $count ks_ symbols exported: is the version script wrong?"
    exit 1
fi
echo "ok: $count ks_ symbols exported, nothing else"
