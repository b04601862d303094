#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job: train and export the digits CNN once (scripts/digits_cnn.py, into
# BUILD/digits), then run it on the simulated NPU (npu_digits_demo).
#   run_digits.sh BUILD [npu_digits_demo options...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build=${1:?build dir}; shift
out="$build/digits"
if [ ! -f "$out/digits_cnn.npum" ] || [ "$root/scripts/digits_cnn.py" -nt "$out/digits_cnn.npum" ]; then
  /usr/bin/python3 "$root/scripts/digits_cnn.py" --out "$out"
fi
exec "$build/verif/demo/npu_digits_demo" "$out/digits_cnn.npum" "$out/test_images.npy" "$out/test_labels.npy" "$@"
