#!/bin/sh
# Copyright 2026 The msp-gateway Authors.
#
# Stands in for the server or emulator in process_harness_test: writes
# $FAKE_PORT (default 4242) + "\n" to --port_file and runs until SIGTERM.
# MODE=exit: exits 3 at once. MODE=silent: never writes the port.
# MODE=ignore_term: ignores SIGTERM (so only SIGKILL stops it).
port_file=""
for arg in "$@"; do
  case "$arg" in
    --port_file=*) port_file="${arg#--port_file=}" ;;
  esac
done
case "${MODE:-}" in
  exit) echo "port_writer: failing on purpose" >&2; exit 3 ;;
  ignore_term) trap '' TERM ;;
  *) trap 'exit 0' TERM ;;
esac
if [ "${MODE:-}" != silent ]; then
  printf '%s\n' "${FAKE_PORT:-4242}" > "$port_file.tmp"
  mv "$port_file.tmp" "$port_file"
fi
# Short sleeps, so a trapped SIGTERM is handled promptly.
while true; do sleep 0.05; done
