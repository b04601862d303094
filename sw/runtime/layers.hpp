// SPDX-License-Identifier: Apache-2.0
// Quantized layers on the NPU, lowered to programs. NHWC int8 tensors in and out; the
// arithmetic is that of the reference layers in sw/ref/nn.hpp, bit for bit.
//   conv2d (any kernel, stride, padding; depthwise; fully connected as a kernel that
//   covers the input): the runtime lays out the im2col matrix in DRAM, padding with the
//   input zero point, and folds the input zero point into the bias; the NPU runs the
//   GEMM, adds the bias, requantizes per channel and clamps (gemm_requant); on a
//   cluster the output pixels (rows of the GEMM) are shared among the cores.
//   pool2x2 (max, average) and add: channels in groups of a scratchpad row, pixels in
//   chunks that fit, vec.maxpool / vec.avgpool / vec.add.
#pragma once

#include "driver/npu_driver.h"
#include "ref/nn.hpp"
#include "runtime/gemm.hpp"

namespace npu::runtime {

ref::Tensor8 conv2d(const Target& t, const ref::Tensor8& in, const ref::ConvSpec& spec, GemmStats* stats = nullptr);
ref::Tensor8 pool2x2(npu_dev& dev, const ref::Tensor8& in, bool average, GemmStats* stats = nullptr);
ref::Tensor8 add(npu_dev& dev, const ref::Tensor8& a, const ref::Tensor8& b, const ref::AddParams& p,
                 GemmStats* stats = nullptr);

}  // namespace npu::runtime
