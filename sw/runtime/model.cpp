// SPDX-License-Identifier: Apache-2.0
#include "runtime/model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "runtime/layers.hpp"

namespace npu::runtime {

using json = nlohmann::json;

void quantize_multiplier(double real, int32_t& multiplier, int& shift) {
  if (!(real > 0.0) || real >= 1.0)
    throw ModelError("a real multiplier of " + std::to_string(real) +
                     " is outside (0, 1): the requantizer shifts right only");
  int exponent = 0;
  const double q = std::frexp(real, &exponent);  // real = q * 2^exponent, q in [0.5, 1)
  int64_t m = std::llround(q * double(int64_t{1} << 31));
  if (m == (int64_t{1} << 31)) {
    m /= 2;
    ++exponent;
  }
  shift = -exponent;
  multiplier = static_cast<int32_t>(m);
  if (shift > 31) {  // too small to matter: every value rounds to the zero point
    multiplier = 0;
    shift = 0;
  }
}

ref::Tensor8 Model::quantize_input(const std::vector<float>& images, int n) const {
  if (images.size() != static_cast<std::size_t>(n) * in_h * in_w * in_c)
    throw ModelError("input has " + std::to_string(images.size()) + " values, the model wants " + std::to_string(n) +
                     " x " + std::to_string(in_h) + " x " + std::to_string(in_w) + " x " + std::to_string(in_c));
  ref::Tensor8 t(n, in_h, in_w, in_c);
  for (std::size_t i = 0; i < images.size(); ++i) {
    const long q = std::lround(images[i] / input.scale) + input.zero_point;
    t.data[i] = static_cast<int8_t>(std::clamp<long>(q, -128, 127));
  }
  return t;
}

namespace {

struct Reader {
  std::string what;
  const std::vector<uint8_t>* blob;

  [[noreturn]] void fail(const std::string& where, const std::string& why) const {
    throw ModelError(what + ": " + where + ": " + why);
  }
  const json& get(const json& j, const char* key, const std::string& where) const {
    if (!j.is_object() || !j.contains(key)) fail(where, std::string("missing '") + key + "'");
    return j.at(key);
  }
  int integer(const json& j, const char* key, const std::string& where, int lo, int hi) const {
    const json& v = get(j, key, where);
    if (!v.is_number_integer()) fail(where, std::string("'") + key + "' must be an integer");
    const int64_t x = v.get<int64_t>();
    if (x < lo || x > hi) fail(where, std::string("'") + key + "' = " + std::to_string(x) + " outside " +
                                          std::to_string(lo) + ".." + std::to_string(hi));
    return static_cast<int>(x);
  }
  double positive(const json& j, const char* key, const std::string& where) const {
    const json& v = get(j, key, where);
    if (!v.is_number() || !(v.get<double>() > 0.0)) fail(where, std::string("'") + key + "' must be a positive number");
    return v.get<double>();
  }
  QuantInfo quant(const json& j, const std::string& where) const {
    return {positive(j, "scale", where), integer(j, "zero_point", where, -128, 127)};
  }
  // `count` elements of `bytes` each at blob offset j["offset"].
  std::vector<uint8_t> slice(const json& j, std::size_t count, std::size_t bytes, const std::string& where) const {
    const json& off = get(j, "offset", where);
    if (!off.is_number_unsigned()) fail(where, "'offset' must be a non-negative integer");
    const uint64_t o = off.get<uint64_t>();
    if (o + count * bytes > blob->size())
      fail(where, "data at offset " + std::to_string(o) + " (" + std::to_string(count * bytes) +
                      " bytes) runs past the end of the blob (" + std::to_string(blob->size()) + " bytes)");
    return std::vector<uint8_t>(blob->begin() + static_cast<std::ptrdiff_t>(o),
                                blob->begin() + static_cast<std::ptrdiff_t>(o + count * bytes));
  }
  std::vector<int> shape(const json& j, const std::string& where) const {
    const json& s = get(j, "shape", where);
    if (!s.is_array()) fail(where, "'shape' must be an array");
    std::vector<int> out;
    for (const json& d : s) {
      if (!d.is_number_integer() || d.get<int64_t>() <= 0 || d.get<int64_t>() > 65535)
        fail(where, "'shape' entries must be positive integers");
      out.push_back(d.get<int>());
    }
    return out;
  }
};

int act_bound(double value, const QuantInfo& q) {
  return static_cast<int>(std::clamp<long>(std::lround(value / q.scale) + q.zero_point, -128, 127));
}

}  // namespace

Model parse_model(const std::vector<uint8_t>& bytes, const std::string& what) {
  if (bytes.size() < 16 || std::memcmp(bytes.data(), "NPUMODEL", 8) != 0)
    throw ModelError(what + ": not a model file (no NPUMODEL magic)");
  uint32_t version = 0, json_len = 0;
  std::memcpy(&version, &bytes[8], 4);
  std::memcpy(&json_len, &bytes[12], 4);
  if (version != 1) throw ModelError(what + ": model format version " + std::to_string(version) + " (1 expected)");
  if (16ull + json_len > bytes.size()) throw ModelError(what + ": truncated (the description runs past the end)");
  json doc;
  try {
    doc = json::parse(bytes.begin() + 16, bytes.begin() + 16 + json_len);
  } catch (const json::exception& e) {
    throw ModelError(what + ": description is not valid JSON: " + e.what());
  }
  const std::vector<uint8_t> blob(bytes.begin() + 16 + json_len, bytes.end());
  Reader rd{what, &blob};

  Model m;
  m.name = doc.value("name", std::string("model"));
  const json& input = rd.get(doc, "input", "input");
  const std::vector<int> in_shape = rd.shape(input, "input");
  if (in_shape.size() != 3) rd.fail("input", "'shape' must be [height, width, channels]");
  m.in_h = in_shape[0];
  m.in_w = in_shape[1];
  m.in_c = in_shape[2];
  m.input = rd.quant(input, "input");
  if (doc.contains("labels") && doc["labels"].is_array())
    for (const json& l : doc["labels"]) m.labels.push_back(l.is_string() ? l.get<std::string>() : l.dump());
  if (doc.contains("metadata") && doc["metadata"].contains("float_test_accuracy"))
    m.float_accuracy = doc["metadata"]["float_test_accuracy"].get<double>();

  const json& layers = rd.get(doc, "layers", "model");
  if (!layers.is_array() || layers.empty()) rd.fail("model", "'layers' must be a non-empty array");
  struct Shape {
    int h, w, c;
    QuantInfo q;
  };
  std::vector<Shape> outs;
  const Shape model_in{m.in_h, m.in_w, m.in_c, m.input};
  for (std::size_t li = 0; li < layers.size(); ++li) {
    const json& j = layers[li];
    const std::string where = "layer " + std::to_string(li);
    Layer L;
    L.name = j.value("name", "layer" + std::to_string(li));
    const std::string type = rd.get(j, "type", where).is_string() ? j["type"].get<std::string>() : "";
    // Inputs: the previous layer by default.
    if (j.contains("inputs")) {
      for (const json& x : j["inputs"]) {
        if (!x.is_number_integer() || x.get<int>() < -1 || x.get<int>() >= static_cast<int>(li))
          rd.fail(where, "'inputs' must name earlier layers (or -1 for the model input)");
        L.inputs.push_back(x.get<int>());
      }
    } else {
      L.inputs.push_back(static_cast<int>(li) - 1);
    }
    auto shape_of = [&](int idx) { return idx < 0 ? model_in : outs[static_cast<std::size_t>(idx)]; };
    const Shape in = shape_of(L.inputs[0]);

    if (type == "conv2d" || type == "depthwise_conv2d" || type == "fully_connected") {
      ref::ConvSpec& s = L.conv;
      const bool fc = type == "fully_connected";
      s.depthwise = type == "depthwise_conv2d";
      L.type = fc ? LayerType::kFullyConnected : s.depthwise ? LayerType::kDepthwiseConv2d : LayerType::kConv2d;
      if (fc) {
        s.kh = in.h;
        s.kw = in.w;
        s.stride = 1;
        s.pad = 0;
        s.co = rd.integer(j, "out_features", where, 1, 65535);
      } else {
        const json& k = rd.get(j, "kernel", where);
        if (!k.is_array() || k.size() != 2 || !k[0].is_number_integer() || !k[1].is_number_integer())
          rd.fail(where, "'kernel' must be [height, width]");
        s.kh = k[0].get<int>();
        s.kw = k[1].get<int>();
        if (s.kh < 1 || s.kw < 1 || s.kh > 15 || s.kw > 15) rd.fail(where, "kernel sizes must be 1..15");
        s.stride = rd.integer(j, "stride", where, 1, 8);
        s.pad = rd.integer(j, "padding", where, 0, 7);
        s.co = s.depthwise ? in.c : rd.integer(j, "out_channels", where, 1, 65535);
      }
      s.ci = in.c;
      const std::size_t wcount = static_cast<std::size_t>(s.co) * s.kh * s.kw * (s.depthwise ? 1 : s.ci);
      const json& wj = rd.get(j, "weights", where);
      const std::vector<int> wshape = rd.shape(wj, where + " weights");
      std::size_t wprod = 1;
      for (int d : wshape) wprod *= static_cast<std::size_t>(d);
      if (wprod != wcount)
        rd.fail(where, "weights have " + std::to_string(wprod) + " values, the layer needs " + std::to_string(wcount));
      const auto wbytes = rd.slice(wj, wcount, 1, where + " weights");
      s.weights.assign(wbytes.begin(), wbytes.end());
      const json& scales = rd.get(j, "weight_scales", where);
      if (!scales.is_array() || scales.size() != static_cast<std::size_t>(s.co))
        rd.fail(where, "'weight_scales' needs one scale per output channel");
      const auto bbytes = rd.slice(rd.get(j, "bias", where), static_cast<std::size_t>(s.co), 4, where + " bias");
      s.bias.resize(static_cast<std::size_t>(s.co));
      std::memcpy(s.bias.data(), bbytes.data(), bbytes.size());
      L.out = rd.quant(rd.get(j, "output", where), where + " output");
      for (int o = 0; o < s.co; ++o) {
        const double sw = scales[static_cast<std::size_t>(o)].get<double>();
        if (!(sw > 0)) rd.fail(where, "weight scales must be positive");
        int32_t mult = 0;
        int shift = 0;
        try {
          quantize_multiplier(in.q.scale * sw / L.out.scale, mult, shift);
        } catch (const ModelError& e) {
          rd.fail(where, e.what());
        }
        s.multiplier.push_back(mult);
        s.shift.push_back(shift);
      }
      s.in_zero_point = in.q.zero_point;
      s.out_zero_point = L.out.zero_point;
      const std::string act = j.value("activation", std::string("none"));
      s.act_min = -128;
      s.act_max = 127;
      if (act == "relu") {
        s.act_min = std::max(-128, L.out.zero_point);
      } else if (act == "relu6") {
        s.act_min = std::max(-128, L.out.zero_point);
        s.act_max = act_bound(6.0, L.out);
      } else if (act != "none") {
        rd.fail(where, "activation '" + act + "' (none, relu or relu6)");
      }
      L.out_h = s.out_h(in.h);
      L.out_w = s.out_w(in.w);
      L.out_c = s.co;
      if (L.out_h <= 0 || L.out_w <= 0) rd.fail(where, "the kernel is larger than the padded input");
    } else if (type == "maxpool2x2" || type == "avgpool2x2") {
      L.type = type == "maxpool2x2" ? LayerType::kMaxPool : LayerType::kAvgPool;
      if (in.h < 2 || in.w < 2) rd.fail(where, "pooling needs at least 2 x 2 pixels");
      L.out = in.q;  // pooling keeps the quantization
      L.out_h = in.h / 2;
      L.out_w = in.w / 2;
      L.out_c = in.c;
    } else if (type == "add") {
      L.type = LayerType::kAdd;
      if (L.inputs.size() != 2) rd.fail(where, "'add' needs two 'inputs'");
      const Shape b = shape_of(L.inputs[1]);
      if (b.h != in.h || b.w != in.w || b.c != in.c) rd.fail(where, "the two inputs of 'add' differ in shape");
      L.out = rd.quant(rd.get(j, "output", where), where + " output");
      // TFLite's int8 add: both inputs to twice the larger scale with 20 bits of headroom.
      const double twice_max = 2.0 * std::max(in.q.scale, b.q.scale);
      ref::AddParams& p = L.add;
      p.a_zero_point = in.q.zero_point;
      p.b_zero_point = b.q.zero_point;
      p.out_zero_point = L.out.zero_point;
      try {
        quantize_multiplier(in.q.scale / twice_max, p.a_multiplier, p.a_shift);
        quantize_multiplier(b.q.scale / twice_max, p.b_multiplier, p.b_shift);
        quantize_multiplier(twice_max / (double(1 << ref::kAddLeftShift) * L.out.scale), p.out_multiplier,
                            p.out_shift);
      } catch (const ModelError& e) {
        rd.fail(where, e.what());
      }
      const std::string act = j.value("activation", std::string("none"));
      p.act_min = act == "relu" ? std::max(-128, L.out.zero_point) : -128;
      p.act_max = 127;
      L.out_h = in.h;
      L.out_w = in.w;
      L.out_c = in.c;
    } else {
      rd.fail(where, "unknown type '" + type + "'");
    }
    outs.push_back({L.out_h, L.out_w, L.out_c, L.out});
    m.layers.push_back(std::move(L));
  }
  return m;
}

Model load_model(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw ModelError(path + ": cannot open");
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  return parse_model(bytes, path);
}

namespace {

template <class Run>
ref::Tensor8 run_layers(const Model& m, const ref::Tensor8& input, Run&& run) {
  if (input.h != m.in_h || input.w != m.in_w || input.c != m.in_c)
    throw ModelError("the input is " + std::to_string(input.h) + " x " + std::to_string(input.w) + " x " +
                     std::to_string(input.c) + ", the model wants " + std::to_string(m.in_h) + " x " +
                     std::to_string(m.in_w) + " x " + std::to_string(m.in_c));
  std::vector<ref::Tensor8> outs;
  for (const Layer& L : m.layers) {
    auto in = [&](std::size_t k) -> const ref::Tensor8& {
      const int idx = L.inputs[k];
      return idx < 0 ? input : outs[static_cast<std::size_t>(idx)];
    };
    outs.push_back(run(L, in(0), L.type == LayerType::kAdd ? &in(1) : nullptr));
  }
  return outs.back();
}

}  // namespace

ref::Tensor8 run_model(npu_dev& dev, const Model& m, const ref::Tensor8& input, std::vector<LayerStats>* per_layer) {
  return run_layers(m, input, [&](const Layer& L, const ref::Tensor8& a, const ref::Tensor8* b) {
    GemmStats st;
    ref::Tensor8 out;
    switch (L.type) {
      case LayerType::kMaxPool: out = pool2x2(dev, a, false, &st); break;
      case LayerType::kAvgPool: out = pool2x2(dev, a, true, &st); break;
      case LayerType::kAdd: out = add(dev, a, *b, L.add, &st); break;
      default: out = conv2d(dev, a, L.conv, &st); break;
    }
    if (per_layer) per_layer->push_back({L.name, st});
    return out;
  });
}

ref::Tensor8 run_reference(const Model& m, const ref::Tensor8& input) {
  return run_layers(m, input, [](const Layer& L, const ref::Tensor8& a, const ref::Tensor8* b) {
    switch (L.type) {
      case LayerType::kMaxPool: return ref::pool2x2(a, false);
      case LayerType::kAvgPool: return ref::pool2x2(a, true);
      case LayerType::kAdd: return ref::add(a, *b, L.add);
      default: return ref::conv2d(a, L.conv);
    }
  });
}

}  // namespace npu::runtime
