#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Train the demo CNN on scikit-learn's handwritten digits (8x8), quantize it to int8 and
export it in the NPU model format (docs/software.md).

    /usr/bin/python3 scripts/digits_cnn.py --out build/digits

Writes OUT/digits_cnn.npum (the model), OUT/test_images.npy (float32 N x 8 x 8 x 1, the
held-out images as the model sees them, pixel values 0..16) and OUT/test_labels.npy
(int32). Needs Debian's python3-torch, python3-sklearn and python3-numpy.

Network: conv 3x3 (1 -> 8) ReLU, max pool, conv 3x3 (8 -> 16) ReLU, max pool,
fully connected (64 -> 10). Quantization after training: weights symmetric per output
channel, activations asymmetric from the training set's ranges, biases int32 at
input scale x weight scale, the TFLite scheme the NPU implements.
"""
import argparse
import json
import pathlib
import struct
import sys

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 7


class DigitsCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(8, 16, 3, padding=1)
        self.fc = torch.nn.Linear(16 * 2 * 2, 10)

    def features(self, x):
        a1 = torch.relu(self.conv1(x))
        p1 = torch.nn.functional.max_pool2d(a1, 2)
        a2 = torch.relu(self.conv2(p1))
        p2 = torch.nn.functional.max_pool2d(a2, 2)
        return a1, a2, p2

    def forward(self, x):
        _, _, p2 = self.features(x)
        return self.fc(p2.flatten(1))


def train(x_train, y_train, epochs=60):
    torch.manual_seed(SEED)
    model = DigitsCnn()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    x = torch.tensor(x_train).permute(0, 3, 1, 2)
    y = torch.tensor(y_train, dtype=torch.long)
    gen = torch.Generator().manual_seed(SEED)
    for _ in range(epochs):
        perm = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
    return model


def asymmetric(lo, hi):
    """int8 scale and zero point covering [lo, hi] (which must include 0)."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = (hi - lo) / 255.0 if hi > lo else 1.0
    zero_point = int(round(-128 - lo / scale))
    return scale, max(-128, min(127, zero_point))


def quantize_weights(w):
    """Symmetric per output channel (axis 0): int8 weights and their scales."""
    flat = w.reshape(w.shape[0], -1)
    scales = np.maximum(np.abs(flat).max(axis=1), 1e-8) / 127.0
    q = np.clip(np.round(flat / scales[:, None]), -127, 127).astype(np.int8)
    return q.reshape(w.shape), scales


def export(model, x_train, path, float_accuracy):
    model.eval()
    with torch.no_grad():
        a1, a2, p2 = model.features(torch.tensor(x_train).permute(0, 3, 1, 2))
        logits = model.fc(p2.flatten(1))
    q_in = asymmetric(0.0, 16.0)
    q1 = asymmetric(0.0, float(a1.max()))
    q2 = asymmetric(0.0, float(a2.max()))
    q3 = asymmetric(float(logits.min()), float(logits.max()))

    blob = bytearray()

    def put(array):
        offset = len(blob)
        blob.extend(np.ascontiguousarray(array).tobytes())
        return offset

    layers = []

    def dense(name, kind, w_nhwc, bias, s_in, q_out, activation, extra):
        wq, ws = quantize_weights(w_nhwc)
        bq = np.round(bias / (s_in * ws)).astype(np.int32)
        layer = {"name": name, "type": kind, **extra,
                 "weights": {"offset": put(wq), "shape": list(wq.shape)},
                 "weight_scales": [float(s) for s in ws],
                 "bias": {"offset": put(bq.astype("<i4")), "count": int(len(bq))},
                 "output": {"scale": q_out[0], "zero_point": q_out[1]},
                 "activation": activation}
        layers.append(layer)

    # Conv weights: torch [co][ci][kh][kw] -> [co][kh][kw][ci].
    w1 = model.conv1.weight.detach().numpy().transpose(0, 2, 3, 1)
    dense("conv1", "conv2d", w1, model.conv1.bias.detach().numpy(), q_in[0], q1, "relu",
          {"kernel": [3, 3], "stride": 1, "padding": 1, "out_channels": 8})
    layers.append({"name": "pool1", "type": "maxpool2x2"})
    w2 = model.conv2.weight.detach().numpy().transpose(0, 2, 3, 1)
    dense("conv2", "conv2d", w2, model.conv2.bias.detach().numpy(), q1[0], q2, "relu",
          {"kernel": [3, 3], "stride": 1, "padding": 1, "out_channels": 16})
    layers.append({"name": "pool2", "type": "maxpool2x2"})
    # FC weights: torch flattens (c, h, w); the NPU's NHWC tensors flatten (h, w, c).
    wf = model.fc.weight.detach().numpy().reshape(10, 16, 2, 2).transpose(0, 2, 3, 1)
    dense("fc", "fully_connected", wf, model.fc.bias.detach().numpy(), q2[0], q3, "none",
          {"out_features": 10})

    doc = {"name": "digits_cnn",
           "input": {"shape": [8, 8, 1], "scale": q_in[0], "zero_point": q_in[1]},
           "layers": layers,
           "labels": [str(d) for d in range(10)],
           "metadata": {"float_test_accuracy": float_accuracy, "trained_with": "torch " + torch.__version__,
                        "data": "sklearn load_digits, 80/20 split, seed 7"}}
    text = json.dumps(doc, indent=1).encode()
    with open(path, "wb") as f:
        f.write(b"NPUMODEL" + struct.pack("<II", 1, len(text)) + text + bytes(blob))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=pathlib.Path, required=True, help="output folder")
    ap.add_argument("--epochs", type=int, default=60)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    digits = load_digits()
    x = digits.images.astype(np.float32)[..., None]  # N x 8 x 8 x 1, values 0..16
    y = digits.target.astype(np.int32)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=SEED, stratify=y)
    model = train(x_train, y_train, args.epochs)
    model.eval()
    with torch.no_grad():
        pred = model(torch.tensor(x_test).permute(0, 3, 1, 2)).argmax(1).numpy()
    accuracy = float((pred == y_test).mean())
    args.out.mkdir(parents=True, exist_ok=True)
    export(model, x_train, args.out / "digits_cnn.npum", accuracy)
    np.save(args.out / "test_images.npy", x_test)
    np.save(args.out / "test_labels.npy", y_test)
    print(f"digits_cnn: float test accuracy {accuracy:.4f} on {len(y_test)} images -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
