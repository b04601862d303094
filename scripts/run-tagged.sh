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
  if "$exe" --list-test-names-only "$tag" 2>/dev/null | grep -q .; then
    found=1
    echo "== $(basename "$exe") $tag"
    "$exe" "$tag"
  fi
done
if [ $found -eq 0 ]; then
  echo "run-tagged: no test carries the tag $tag" >&2
  exit 1
fi
