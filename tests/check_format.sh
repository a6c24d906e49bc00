#!/bin/sh
# Every C and C++ file follows the repository's .clang-format.
clang_format=$1
status=0
for f in $(git ls-files '*.c' '*.h' '*.cc' 2>/dev/null || find include lib indexer server tests -name '*.[ch]' -o -name '*.cc'); do
    if ! "$clang_format" --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "not formatted: $f (run: clang-format -i $f)"
        status=1
    fi
done
[ $status -eq 0 ] && echo "ok: all C/C++ files formatted"
exit $status
