#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every Catch2 test case carrying a tag, across all test executables.
#   run-tagged.sh '[pe]' [BUILD_DIR]
set -euo pipefail
tag=${1:?usage: run-tagged.sh TAG [BUILD_DIR]}
build=${2:-build}
found=0
for exe in "$build"/verif/test_*; do
  [ -x "$exe" ] || continue
  names=$("$exe" --list-test-names-only "$tag" 2>/dev/null || true)
  if [ -n "$names" ]; then
    found=1
    echo "== $(basename "$exe") $tag"
    if [ "$(basename "$exe")" = test_systemc ]; then
      # SystemC elaborates once per process: one process per test case.
      while IFS= read -r name; do
        [ -z "$name" ] || "$exe" "$name"
      done <<< "$names"
    else
      "$exe" "$tag"
    fi
  fi
done
if [ $found -eq 0 ]; then
  echo "run-tagged: no test carries the tag $tag" >&2
  exit 1
fi
