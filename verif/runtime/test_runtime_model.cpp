// SPDX-License-Identifier: Apache-2.0
// Model files: a graph with every layer type (conv, depthwise, pooling, residual add,
// fully connected) runs on the RTL and on the ISA simulator exactly as on the reference
// layers; malformed files are refused with a message that says what is wrong.
#include <catch2/catch.hpp>

#include <cstring>
#include <nlohmann/json.hpp>
#include <random>

#include "runtime/backends.hpp"
#include "runtime/model.hpp"
#include "seed.hpp"

using namespace npu::verif;
namespace rt = npu::runtime;
namespace ref = npu::ref;
using json = nlohmann::json;

namespace {

struct ModelFile {
  json doc;
  std::vector<uint8_t> blob;

  json put_i8(std::mt19937_64& rng, std::vector<int> shape) {
    std::size_t n = 1;
    for (int d : shape) n *= static_cast<std::size_t>(d);
    const std::size_t at = blob.size();
    for (std::size_t i = 0; i < n; ++i) blob.push_back(static_cast<uint8_t>(rng()));
    return {{"offset", at}, {"shape", shape}};
  }
  json put_bias(std::mt19937_64& rng, int count) {
    const std::size_t at = blob.size();
    for (int i = 0; i < count; ++i) {
      const int32_t v = static_cast<int32_t>(rng() % 4001) - 2000;
      const auto* p = reinterpret_cast<const uint8_t*>(&v);
      blob.insert(blob.end(), p, p + 4);
    }
    return {{"offset", at}, {"count", count}};
  }
  std::vector<uint8_t> bytes() const {
    const std::string text = doc.dump();
    std::vector<uint8_t> out = {'N', 'P', 'U', 'M', 'O', 'D', 'E', 'L', 1, 0, 0, 0};
    const uint32_t len = static_cast<uint32_t>(text.size());
    out.insert(out.end(), reinterpret_cast<const uint8_t*>(&len), reinterpret_cast<const uint8_t*>(&len) + 4);
    out.insert(out.end(), text.begin(), text.end());
    out.insert(out.end(), blob.begin(), blob.end());
    return out;
  }
};

json scales(int n, double s) { return std::vector<double>(static_cast<std::size_t>(n), s); }

// input 6x6x3 -> conv 3x3 (8, relu) -> depthwise 3x3 (relu6) -> add(conv, depthwise)
// -> avgpool -> conv 1x1 stride 1 (5) -> maxpool... -> fully connected (4)
ModelFile every_layer(std::mt19937_64& rng) {
  ModelFile m;
  json layers = json::array();
  layers.push_back({{"name", "conv"}, {"type", "conv2d"}, {"kernel", {3, 3}}, {"stride", 1}, {"padding", 1},
                    {"out_channels", 8}, {"weights", m.put_i8(rng, {8, 3, 3, 3})}, {"weight_scales", scales(8, 0.01)},
                    {"bias", m.put_bias(rng, 8)}, {"output", {{"scale", 0.2}, {"zero_point", -100}}},
                    {"activation", "relu"}});
  layers.push_back({{"name", "dw"}, {"type", "depthwise_conv2d"}, {"kernel", {3, 3}}, {"stride", 1}, {"padding", 1},
                    {"weights", m.put_i8(rng, {8, 3, 3})}, {"weight_scales", scales(8, 0.02)},
                    {"bias", m.put_bias(rng, 8)}, {"output", {{"scale", 0.1}, {"zero_point", -120}}},
                    {"activation", "relu6"}});
  layers.push_back({{"name", "res"}, {"type", "add"}, {"inputs", {0, 1}},
                    {"output", {{"scale", 0.25}, {"zero_point", -90}}}, {"activation", "relu"}});
  layers.push_back({{"name", "avg"}, {"type", "avgpool2x2"}});
  layers.push_back({{"name", "conv1x1"}, {"type", "conv2d"}, {"kernel", {1, 1}}, {"stride", 1}, {"padding", 0},
                    {"out_channels", 5}, {"weights", m.put_i8(rng, {5, 1, 1, 8})}, {"weight_scales", scales(5, 0.02)},
                    {"bias", m.put_bias(rng, 5)}, {"output", {{"scale", 0.15}, {"zero_point", 10}}}});
  layers.push_back({{"name", "fc"}, {"type", "fully_connected"}, {"out_features", 4},
                    {"weights", m.put_i8(rng, {4, 3, 3, 5})}, {"weight_scales", scales(4, 0.01)},
                    {"bias", m.put_bias(rng, 4)}, {"output", {{"scale", 0.3}, {"zero_point", 0}}}});
  m.doc = {{"name", "every_layer"},
           {"input", {{"shape", {6, 6, 3}}, {"scale", 0.05}, {"zero_point", -3}}},
           {"layers", layers}};
  return m;
}

ref::Tensor8 random_input(std::mt19937_64& rng, int n) {
  ref::Tensor8 t(n, 6, 6, 3);
  for (auto& v : t.data) v = static_cast<int8_t>(rng());
  return t;
}

}  // namespace

TEMPLATE_TEST_CASE("a model with every layer type runs on the RTL as on the reference", "[runtime][model]",
                   Vnpu_core_tiny, Vnpu_core_default) {
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  const rt::Model model = rt::parse_model(every_layer(rng).bytes(), "every_layer");
  const ref::Tensor8 in = random_input(rng, 3);
  const ref::Tensor8 want = rt::run_reference(model, in);
  REQUIRE(want.h == 1);
  REQUIRE(want.c == 4);
  RtlBackend<TestType> backend({.latency = 3, .seed = 4});
  std::vector<rt::LayerStats> stats;
  REQUIRE(rt::run_model(backend.dev, model, in, &stats) == want);
  REQUIRE(stats.size() == model.layers.size());
  for (const auto& s : stats) REQUIRE(s.stats.cycles > 0);

  GoldenBackend golden("tiny");
  REQUIRE(rt::run_model(golden.dev, model, in) == want);
}

TEST_CASE("malformed model files are refused with a clear message", "[runtime][model]") {
  std::mt19937_64 rng(3);
  const ModelFile good = every_layer(rng);
  REQUIRE_NOTHROW(rt::parse_model(good.bytes(), "m"));
  auto refuses = [](const std::vector<uint8_t>& bytes, const std::string& what) {
    try {
      rt::parse_model(bytes, "m");
    } catch (const rt::ModelError& e) {
      INFO(e.what());
      REQUIRE(std::string(e.what()).find(what) != std::string::npos);
      return;
    }
    FAIL("accepted a model that should fail with: " << what);
  };
  auto edited = [&](auto&& edit) {
    ModelFile m = good;
    edit(m);
    return m.bytes();
  };
  auto bytes = good.bytes();
  refuses(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 10), "no NPUMODEL magic");
  auto bad_magic = bytes;
  bad_magic[0] = 'X';
  refuses(bad_magic, "no NPUMODEL magic");
  auto bad_version = bytes;
  bad_version[8] = 2;
  refuses(bad_version, "version 2");
  auto truncated = bytes;
  truncated.resize(40);
  refuses(truncated, "truncated");
  auto bad_json = bytes;
  bad_json[17] = '#';
  refuses(bad_json, "not valid JSON");
  refuses(edited([](ModelFile& m) { m.doc.erase("input"); }), "missing 'input'");
  refuses(edited([](ModelFile& m) { m.doc["layers"][0]["type"] = "lstm"; }), "unknown type 'lstm'");
  refuses(edited([](ModelFile& m) { m.doc["layers"][0]["weights"]["shape"] = {8, 3, 3, 2}; }), "the layer needs 216");
  refuses(edited([](ModelFile& m) { m.doc["layers"][0]["weights"]["offset"] = 1u << 20; }), "runs past the end");
  refuses(edited([](ModelFile& m) { m.doc["layers"][0]["weight_scales"] = scales(7, 0.01); }),
          "one scale per output channel");
  refuses(edited([](ModelFile& m) { m.doc["layers"][0]["output"]["scale"] = 0.0001; }), "right only");
  refuses(edited([](ModelFile& m) { m.doc["layers"][0]["output"]["zero_point"] = 300; }), "outside -128..127");
  refuses(edited([](ModelFile& m) { m.doc["layers"][2]["inputs"] = {0, 4}; }), "must name earlier layers");
  refuses(edited([](ModelFile& m) { m.doc["layers"][2]["inputs"] = {-1, 1}; }), "differ in shape");
  refuses(edited([](ModelFile& m) { m.doc["layers"][0]["activation"] = "gelu"; }), "activation 'gelu'");
  refuses(edited([](ModelFile& m) { m.doc["layers"][0]["kernel"] = {9, 9}; m.doc["layers"][0]["padding"] = 0; }),
          "weights have");
  REQUIRE_THROWS_WITH(rt::load_model("/nonexistent/model.npum"), Catch::Contains("cannot open"));
}
