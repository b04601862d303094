#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# npu-run from the outside: NumPy files in and out on both backends (checked with NumPy),
# and every error path ends with a message and a non-zero exit.
#   test_npu_run.sh NPU_RUN WORK_DIR
set -euo pipefail
run=${1:?npu-run}; work=${2:?work dir}
py=/usr/bin/python3   # Debian's Python, which has numpy
mkdir -p "$work"; cd "$work"
$py - <<'PY'
import numpy as np
rng = np.random.default_rng(5)
a = rng.integers(-128, 128, (37, 29), dtype=np.int8)
b = rng.integers(-128, 128, (29, 21), dtype=np.int8)
bias = rng.integers(-5000, 5000, 21, dtype=np.int32)
np.save("a.npy", a); np.save("b.npy", b); np.save("bias.npy", bias)
np.save("a_float.npy", a.astype(np.float32)); np.save("a_3d.npy", a.reshape(37, 29, 1))
np.save("a_fortran.npy", np.asfortranarray(a)); np.save("bias_short.npy", bias[:5])
open("junk.npy", "wb").write(b"not a numpy file")
PY
for backend in rtl golden; do
  "$run" gemm --a a.npy --b b.npy --bias bias.npy --backend "$backend" --config tiny -o "c_$backend.npy" --json > "$backend.json"
done
$py - <<'PY'
import json, numpy as np
a = np.load("a.npy").astype(np.int64); b = np.load("b.npy").astype(np.int64); bias = np.load("bias.npy")
want = (a @ b + bias).astype(np.int32)
for backend in ("rtl", "golden"):
    c = np.load(f"c_{backend}.npy")
    assert c.dtype == np.int32 and c.shape == want.shape, (backend, c.dtype, c.shape)
    assert (c == want).all(), f"{backend}: wrong result"
    j = json.load(open(f"{backend}.json"))
    assert j["m"] == 37 and j["k"] == 29 and j["n"] == 21 and j["instructions"] > 0, j
rtl = json.load(open("rtl.json"))
assert rtl["cycles"] > 0 and 0 < rtl["utilization"] <= 1, rtl
print("npu-run: results equal NumPy on both backends")
PY
"$run" gemm --a a.npy --b b.npy --config tiny -o c_traced.npy --trace waves/run.fst > /dev/null
[ -s waves/run.fst ] || { echo "FAIL: --trace wrote no waves/run.fst"; exit 1; }
fails=0
expect_fail() {  # expect_fail "what the message must contain" args...
  local want=$1; shift
  if out=$("$run" "$@" 2>&1); then echo "FAIL: exit 0 for: $*"; fails=1; return; fi
  if ! grep -qF -- "$want" <<<"$out"; then echo "FAIL: '$want' not in: $out"; fails=1; fi
}
expect_fail "must be a 2-D int8 array (it is 2-D float32)" gemm --a a_float.npy --b b.npy -o x.npy --backend golden
expect_fail "must be a 2-D int8 array (it is 3-D int8)" gemm --a a_3d.npy --b b.npy -o x.npy --backend golden
expect_fail "Fortran order" gemm --a a_fortran.npy --b b.npy -o x.npy --backend golden
expect_fail "bad magic" gemm --a junk.npy --b b.npy -o x.npy --backend golden
expect_fail "File does not exist" gemm --a missing.npy --b b.npy -o x.npy
expect_fail "1-D int32 array of 21" gemm --a a.npy --b b.npy --bias bias_short.npy -o x.npy --backend golden
expect_fail "but B has 37 rows" gemm --a a.npy --b a.npy -o x.npy --backend golden
expect_fail "no verilated model" gemm --a a.npy --b b.npy -o x.npy --config large
expect_fail "--trace needs the rtl backend" gemm --a a.npy --b b.npy -o x.npy --backend golden --trace t.fst
expect_fail "not in {" gemm --a a.npy --b b.npy -o x.npy --backend fpga
expect_fail "not expected" gemm --a a.npy --b b.npy -o x.npy --frobnicate
expect_fail "required" gemm --a a.npy --b b.npy
expect_fail "subcommand" --help-me
if [ $fails -ne 0 ]; then exit 1; fi
echo "npu-run: 13 error paths give a message and a non-zero exit"
