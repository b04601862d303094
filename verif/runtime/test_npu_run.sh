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
# A small model written here, independently of the C++ loader: conv 3x3 (1 -> 4, ReLU)
# and a fully connected layer (64 -> 3) on 4 x 4 x 1 inputs.
import json, struct
blob = bytearray()
def put(arr):
    at = len(blob); blob.extend(np.ascontiguousarray(arr).tobytes()); return at
w1 = rng.integers(-127, 128, (4, 3, 3, 1), dtype=np.int8); b1 = rng.integers(-500, 500, 4).astype("<i4")
w2 = rng.integers(-127, 128, (3, 4, 4, 4), dtype=np.int8); b2 = rng.integers(-500, 500, 3).astype("<i4")
doc = {"name": "tiny_cnn", "input": {"shape": [4, 4, 1], "scale": 0.1, "zero_point": -5}, "layers": [
    {"type": "conv2d", "kernel": [3, 3], "stride": 1, "padding": 1, "out_channels": 4,
     "weights": {"offset": put(w1), "shape": [4, 3, 3, 1]}, "weight_scales": [0.01] * 4,
     "bias": {"offset": put(b1), "count": 4}, "output": {"scale": 0.05, "zero_point": -128}, "activation": "relu"},
    {"type": "fully_connected", "out_features": 3,
     "weights": {"offset": put(w2), "shape": [3, 64]}, "weight_scales": [0.004] * 3,
     "bias": {"offset": put(b2), "count": 3}, "output": {"scale": 0.3, "zero_point": 2}}]}
text = json.dumps(doc).encode()
model = b"NPUMODEL" + struct.pack("<II", 1, len(text)) + text + bytes(blob)
open("tiny.npum", "wb").write(model)
open("truncated.npum", "wb").write(model[:len(model) - 10])
np.save("x.npy", rng.uniform(-1, 2, (6, 4, 4, 1)).astype(np.float32))
np.save("x_wrong.npy", rng.uniform(-1, 2, (6, 5, 4, 1)).astype(np.float32))
PY
for backend in rtl golden systemc; do
  "$run" model tiny.npum --input x.npy --backend "$backend" --config rect -o "y_$backend.npy" > /dev/null
done
$py - <<'PY'
import numpy as np
r, g, s = np.load("y_rtl.npy"), np.load("y_golden.npy"), np.load("y_systemc.npy")
assert r.dtype == np.int8 and r.shape == (6, 1, 1, 3), (r.dtype, r.shape)
assert (r == g).all(), "model: rtl and golden differ"
assert (s == g).all(), "model: systemc and golden differ"
assert len(np.unique(r)) > 3, "model: outputs are suspiciously constant"
print("npu-run model: rtl and systemc equal golden")
PY
for backend in rtl golden systemc; do
  "$run" gemm --a a.npy --b b.npy --bias bias.npy --backend "$backend" --config tiny -o "c_$backend.npy" --json > "$backend.json"
done
$py - <<'PY'
import json, numpy as np
a = np.load("a.npy").astype(np.int64); b = np.load("b.npy").astype(np.int64); bias = np.load("bias.npy")
want = (a @ b + bias).astype(np.int32)
for backend in ("rtl", "golden", "systemc"):
    c = np.load(f"c_{backend}.npy")
    assert c.dtype == np.int32 and c.shape == want.shape, (backend, c.dtype, c.shape)
    assert (c == want).all(), f"{backend}: wrong result"
    j = json.load(open(f"{backend}.json"))
    assert j["m"] == 37 and j["k"] == 29 and j["n"] == 21 and j["instructions"] > 0, j
rtl = json.load(open("rtl.json"))
assert rtl["cycles"] > 0 and 0 < rtl["utilization"] <= 1, rtl
sc = json.load(open("systemc.json"))  # the functional model's estimate, near the RTL's count
assert abs(sc["cycles"] - rtl["cycles"]) <= 0.25 * rtl["cycles"], (sc["cycles"], rtl["cycles"])
print("npu-run: results equal NumPy on the three backends")
PY
# A board through its UART bridge: the Verilated iCEBreaker top behind a serial-line model.
"$run" gemm --a a.npy --b b.npy --bias bias.npy --backend fpga --port sim -o c_fpga.npy > /dev/null
"$run" model tiny.npum --input x.npy --backend fpga --port sim -o y_fpga.npy > /dev/null
"$run" model tiny.npum --input x.npy --backend golden --config tiny -o y_golden_tiny.npy > /dev/null
$py - <<'PY'
import numpy as np
a = np.load("a.npy").astype(np.int64); b = np.load("b.npy").astype(np.int64); bias = np.load("bias.npy")
assert (np.load("c_fpga.npy") == (a @ b + bias).astype(np.int32)).all(), "fpga: wrong gemm"
assert (np.load("y_fpga.npy") == np.load("y_golden_tiny.npy")).all(), "fpga: model differs from golden"
print("npu-run: the board (simulated, through the UART bridge) equals NumPy and golden")
PY
"$run" gemm --a a.npy --b b.npy --config tiny -o c_traced.npy --trace waves/run.fst > /dev/null
expect_fail_early=$("$run" gemm --a a.npy --b b.npy --backend systemc --trace x.fst -o x.npy 2>&1) && {
  echo "FAIL: --trace with the systemc backend exited 0"; exit 1; }
echo "$expect_fail_early" | grep -q -- "--trace needs the rtl backend" || { echo "FAIL: $expect_fail_early"; exit 1; }
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
expect_fail "not in {" gemm --a a.npy --b b.npy -o x.npy --backend tpu
expect_fail "not expected" gemm --a a.npy --b b.npy -o x.npy --frobnicate
expect_fail "required" gemm --a a.npy --b b.npy
expect_fail "subcommand" --help-me
expect_fail "runs past the end of the blob" model truncated.npum --input x.npy -o y.npy --backend golden
expect_fail "must be N x 4 x 4 x 1" model tiny.npum --input x_wrong.npy -o y.npy --backend golden
expect_fail "no NPUMODEL magic" model x.npy --input x.npy -o y.npy --backend golden
expect_fail "needs --port" gemm --a a.npy --b b.npy -o x.npy --backend fpga
expect_fail "cannot open /nonexistent/tty" gemm --a a.npy --b b.npy -o x.npy --backend fpga --port /nonexistent/tty
expect_fail "is not a serial port" gemm --a a.npy --b b.npy -o x.npy --backend fpga --port a.npy
if [ $fails -ne 0 ]; then exit 1; fi
echo "npu-run: 16 error paths give a message and a non-zero exit"
