#!/usr/bin/env bash
# Usage: httplib_matches_system_test.sh <path to httplib.h> <expected sha256>
# third_party/cpp-httplib/httplib.cc is the implementation half of the Debian
# source split whose header half is /usr/include/httplib.h. If Debian updates
# libcpp-httplib-dev, the two halves no longer match: regenerate httplib.cc
# (third_party/cpp-httplib/README.md) and update the hash in BUILD.
set -euo pipefail
actual=$(sha256sum "$1" | cut -d' ' -f1)
if [ "$actual" != "$2" ]; then
  echo "FAIL: $1 has sha256 $actual, expected $2." >&2
  echo "      libcpp-httplib-dev changed; regenerate deploy/image/third_party/cpp-httplib/httplib.cc" >&2
  echo "      (see its README.md) and update the hash in deploy/image/BUILD." >&2
  exit 1
fi
echo "ok: $1 matches the header third_party/cpp-httplib/httplib.cc was split from"
