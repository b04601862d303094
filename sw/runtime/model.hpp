// SPDX-License-Identifier: Apache-2.0
// Quantized models: the file format (docs/software.md), its loader with checks, and
// running a model on the NPU (through the runtime's layers) or on the reference layers.
//
// File: "NPUMODEL" (8 bytes), version (u32 little-endian, 1), JSON length (u32), the JSON
// description, then the blob of weights (int8) and biases (int32, little-endian) that the
// JSON points into by byte offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "driver/npu_driver.h"
#include "ref/nn.hpp"
#include "runtime/gemm.hpp"

namespace npu::runtime {

class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct QuantInfo {
  double scale = 1.0;
  int zero_point = 0;
};

enum class LayerType { kConv2d, kDepthwiseConv2d, kFullyConnected, kMaxPool, kAvgPool, kAdd };

struct Layer {
  LayerType type = LayerType::kConv2d;
  std::string name;
  std::vector<int> inputs;       // earlier layers' outputs (-1: the model input)
  ref::ConvSpec conv;            // conv2d, depthwise, fully connected (integer parameters ready)
  ref::AddParams add;            // add
  QuantInfo out;                 // output quantization
  int out_h = 0, out_w = 0, out_c = 0;
};

struct Model {
  std::string name;
  int in_h = 0, in_w = 0, in_c = 0;
  QuantInfo input;
  std::vector<Layer> layers;
  std::vector<std::string> labels;
  std::optional<double> float_accuracy;  // as measured by whoever exported it

  // float NHWC images -> int8 with the input quantization.
  ref::Tensor8 quantize_input(const std::vector<float>& images, int n) const;
};

// Reads and checks a model file; every problem is a ModelError naming the file and what is
// wrong (bad magic or version, JSON errors, missing or mistyped fields, shapes that do not
// chain, offsets outside the blob, scales that need a left shift).
Model load_model(const std::string& path);
Model parse_model(const std::vector<uint8_t>& bytes, const std::string& what);

// Per layer: what it cost on the device.
struct LayerStats {
  std::string name;
  GemmStats stats;
};

// The model on the NPU; `per_layer` (optional) gets each layer's counters.
ref::Tensor8 run_model(npu_dev& dev, const Model& m, const ref::Tensor8& input,
                       std::vector<LayerStats>* per_layer = nullptr);
// The same arithmetic on the reference layers (the golden int8 model).
ref::Tensor8 run_reference(const Model& m, const ref::Tensor8& input);

// Q31 multiplier and right shift of a real multiplier in (0, 1): real = m * 2^-31 * 2^-shift.
void quantize_multiplier(double real, int32_t& multiplier, int& shift);

}  // namespace npu::runtime
