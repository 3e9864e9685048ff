#!/usr/bin/env bash
# embed_suppressions.sh OUT NAME FILE [NAME FILE ...]
# Writes a C++ file defining `extern "C" const char NAME[]` with the lines of
# each suppression FILE, without comments and blank lines.
set -euo pipefail
out=$1
shift
{
  while [ $# -ge 2 ]; do
    printf 'extern "C" const char %s[] =\n' "$1"
    sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' \
        -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/.*/    "&\\n"/' "$2"
    printf '    "";\n'
    shift 2
  done
} >"$out"
