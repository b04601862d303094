// SPDX-License-Identifier: Apache-2.0
// The cluster: the global block and the windows to each core, GEMM and convolution split
// by the runtime across the cores against the golden model, a core that stops on an
// error while the others finish, and a core run through its own registers. Every memory
// link is checked by an AXI monitor.
#include <catch2/catch.hpp>

#include <random>

#include "cluster/cluster_bench.hpp"
#include "driver/npu_cluster.h"
#include "ref/gemm.hpp"
#include "runtime/device.hpp"
#include "runtime/gemm.hpp"
#include "runtime/gemm_program.hpp"
#include "runtime/layers.hpp"
#include "runtime/random_layers.hpp"
#include "seed.hpp"

using namespace npu::verif;
namespace rt = npu::runtime;
namespace ref = npu::ref;
namespace spec = npu::spec;

namespace {

constexpr uint64_t kWinBase = 0x10000, kWinLimit = 0x400000;

template <class Model>
struct Cluster {
  explicit Cluster(axi::MemoryConfig cfg = {.latency = 6, .r_stall = 0.1, .seed = 5}) : device(cfg) {
    hal = device.hal();
    REQUIRE(npu_cluster_init(&cl, &hal) == NPU_OK);
    REQUIRE(npu_cluster_set_window(&cl, kWinBase, kWinLimit) == NPU_OK);
  }
  ~Cluster() {
    const auto v = device.bench.violations();
    if (!v.empty()) FAIL_CHECK("AXI monitor: " << v.front() << " (" << v.size() << " in all)");
  }
  ClusterDevice<Model> device;
  npu_hal hal{};
  npu_cluster cl{};
};

unsigned popcount(uint32_t v) { return static_cast<unsigned>(__builtin_popcount(v)); }

}  // namespace

#define NPU_TEST_CLUSTERS Vnpu_cluster_2x2_tiny, Vnpu_cluster_3x1_rect

TEMPLATE_TEST_CASE("cluster global block: geometry, windows and bad addresses", "[cluster]", NPU_TEST_CLUSTERS) {
  using Shape = ClusterShape<TestType>;
  ClusterDevice<TestType> device;
  auto& b = device.bench;
  REQUIRE(b.csr_read(spec::kCsrClId) == std::pair<uint32_t, unsigned>{spec::kClusterId, 0});
  const uint32_t cfg = b.csr_read(spec::kCsrClCfg).first;
  CHECK((cfg & spec::kCsrClCfgMeshXMask) >> spec::kCsrClCfgMeshXLsb == Shape::mesh_x);
  CHECK((cfg & spec::kCsrClCfgMeshYMask) >> spec::kCsrClCfgMeshYLsb == Shape::mesh_y);
  CHECK((cfg & spec::kCsrClCfgMemNodesMask) >> spec::kCsrClCfgMemNodesLsb == popcount(Shape::mem_mask));
  CHECK(b.csr_read(spec::kCsrClCoreMask).first == Shape::core_mask);
  CHECK(b.csr_read(spec::kCsrClMemMask).first == Shape::mem_mask);
  for (unsigned n = 0; n < ClusterBench<TestType>::kNodes; ++n) {
    const uint32_t window = spec::kClusterCoreWindow + n * spec::kClusterCoreWindowStride;
    INFO("node " << n);
    if (Shape::core_mask & (1u << n)) {
      CHECK(b.csr_read(window + spec::kCsrId) == std::pair<uint32_t, unsigned>{spec::kDeviceId, 0});
      // A core's register written through its window reads back there, not elsewhere.
      CHECK(b.csr_write(window + spec::kCsrWinBase, 0x5000 + n * 0x1000) == 0);
      CHECK(b.csr_read(window + spec::kCsrWinBase).first == 0x5000 + n * 0x1000);
    } else {
      CHECK(b.csr_read(window + spec::kCsrId).second == 2);  // SLVERR: no core here
      CHECK(b.csr_write(window + spec::kCsrCtrl, 1) == 2);
    }
    // Program slots read back.
    CHECK(b.csr_write(spec::kCsrClProgBase + n * spec::kClusterSlotStride, 0x1230 + n) == 0);
    CHECK(b.csr_read(spec::kCsrClProgBase + n * spec::kClusterSlotStride).first == 0x1230 + n);
  }
  // Past the last node, an unaligned or unmapped global offset: SLVERR, and nothing hangs.
  const uint32_t past = spec::kClusterCoreWindow + ClusterBench<TestType>::kNodes * spec::kClusterCoreWindowStride;
  CHECK(b.csr_read(past).second == 2);
  CHECK(b.csr_read(0x02).second == 2);
  CHECK(b.csr_read(0x30).second == 2);
  CHECK(b.csr_write(0x30, 7) == 2);
  // Nothing ran.
  CHECK(b.csr_read(spec::kCsrClBusy).first == 0);
  CHECK(b.csr_read(spec::kCsrClIrqStatus).first == 0);
}

TEMPLATE_TEST_CASE("cluster GEMM split across the cores equals the golden model", "[cluster][gemm]",
                   NPU_TEST_CLUSTERS) {
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  Cluster<TestType> c;
  const npu_dev& core0 = *rt::Target(c.cl).devs.front();
  const unsigned R = core0.info.rows, C = core0.info.cols, cores = popcount(c.cl.core_mask);
  struct Shape {
    unsigned m, k, n;
  };
  // Fewer rows than cores; rows that do not divide; more rows than a program holds.
  const Shape shapes[] = {{1, R + 1, C}, {cores * 9 + 1, 2 * R + 3, 2 * C + 1},
                          {core0.info.acc_rows * cores / 2 + 7, R, C + 3}};
  for (const Shape& s : shapes) {
    INFO("M " << s.m << " K " << s.k << " N " << s.n);
    const auto a = ref::random_matrix(rng, s.m, s.k);
    const auto b = ref::random_matrix(rng, s.k, s.n);
    rt::GemmStats st;
    std::vector<uint64_t> beats_before = c.device.bench.beats;
    REQUIRE(rt::gemm(rt::Target(c.cl), a, b, nullptr, &st) == ref::golden_gemm(a, b));
    // Every core that had rows ran programs, and the MACs add up to the whole product.
    CHECK(st.programs >= std::min(cores, s.m));
    CHECK(st.mac_active == uint64_t{s.m} * ((s.k + R - 1) / R) * ((s.n + C - 1) / C));
    CHECK(st.wall_cycles <= st.cycles);
    if (s.m >= cores) CHECK(st.wall_cycles < st.cycles);
    // Every memory port carried part of the traffic (the operands span several 4 KiB pages).
    if (s.m > cores * 4)
      for (unsigned k = 0; k < beats_before.size(); ++k) CHECK(c.device.bench.beats[k] > beats_before[k]);
  }
}

TEMPLATE_TEST_CASE("cluster convolution split across the cores equals the reference", "[cluster][conv]",
                   NPU_TEST_CLUSTERS) {
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  Cluster<TestType> c;
  const int C = static_cast<int>(rt::Target(c.cl).devs.front()->info.cols);
  const auto in = random_tensor(rng, 2, 7, 6, C + 1);
  const auto spec3 = random_conv(rng, 3, 1, 1, C + 1, 2 * C - 1, false);
  REQUIRE(rt::conv2d(rt::Target(c.cl), in, spec3) == ref::conv2d(in, spec3));
  const auto dw = random_conv(rng, 3, 2, 1, C + 1, 0, true);
  REQUIRE(rt::conv2d(rt::Target(c.cl), in, dw) == ref::conv2d(in, dw));
}

TEMPLATE_TEST_CASE("a core that stops on an error stops alone; the others finish", "[cluster][errors]",
                   NPU_TEST_CLUSTERS) {
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  Cluster<TestType> c;
  rt::Target all(c.cl);
  const npu::isa::Geometry g = rt::geometry_of(*all.devs.front());
  const unsigned R = g.rows, C = g.cols, K = 2 * R, N = 2 * C, M = 40;
  const auto bmat = ref::random_matrix(rng, K, N);
  const uint64_t b_addr = 0x20000;
  c.device.bench.dram().write_bytes(b_addr, rt::pack_w(bmat.data, K, N, C));

  // One GEMM per core; the victim's A lies in a range every memory port answers SLVERR.
  const unsigned victim = all.nodes.back();
  uint64_t prog[NPU_CLUSTER_MAX_NODES] = {}, a_addr[NPU_CLUSTER_MAX_NODES] = {}, c_addr[NPU_CLUSTER_MAX_NODES] = {};
  uint32_t len[NPU_CLUSTER_MAX_NODES] = {};
  std::vector<ref::MatrixI8> as(NPU_CLUSTER_MAX_NODES);
  for (unsigned n : all.nodes) {
    prog[n] = 0x40000 + n * 0x10000;
    a_addr[n] = prog[n] + 0x4000;
    c_addr[n] = prog[n] + 0x8000;
    as[n] = ref::random_matrix(rng, M, K);
    c.device.bench.dram().write_bytes(a_addr[n], rt::pack_a(as[n].data, M, K, R));
    const auto p = rt::gemm_program(g, rt::GemmLayout{M, N, K, a_addr[n], b_addr, c_addr[n], true});
    c.device.bench.dram().write_bytes(prog[n], npu::isa::to_binary(p));
    len[n] = static_cast<uint32_t>(p.size());
  }
  for (auto& m : c.device.bench.mems) m->inject_error(a_addr[victim], a_addr[victim] + 64, axi::kSlvErr);

  REQUIRE(npu_cluster_start(&c.cl, c.cl.core_mask, prog, len) == NPU_OK);
  npu_result res[NPU_CLUSTER_MAX_NODES] = {};
  uint32_t failed = 0;
  REQUIRE(npu_cluster_wait(&c.cl, c.cl.core_mask, 2'000'000, res, &failed) == NPU_E_DEVICE);
  CHECK(failed == (1u << victim));
  CHECK(res[victim].error);
  CHECK(res[victim].code == spec::kErrSlverr);
  CHECK(res[victim].unit == spec::kErrUnitLoad);
  auto [err_mask, r1] = c.device.bench.csr_read(spec::kCsrClError);
  CHECK(err_mask == (1u << victim));
  CHECK((c.device.bench.csr_read(spec::kCsrClIrqStatus).first & spec::kCsrClIrqStatusErrorMask) != 0);
  for (unsigned n : all.nodes) {
    if (n == victim) continue;
    INFO("node " << n);
    CHECK(res[n].done);
    const auto bytes = c.device.bench.dram().read_bytes(c_addr[n], 4ull * M * N);
    CHECK(ref::int32_matrix(bytes, M, N, N) == ref::golden_gemm(as[n], bmat));
  }
  CHECK(c.device.bench.csr_read(spec::kCsrClDone).first == (c.cl.core_mask & ~(1u << victim)));

  // The victim runs again once the bad range is gone, alone, through the same slots.
  for (auto& m : c.device.bench.mems) m->clear_errors();
  REQUIRE(npu_cluster_start(&c.cl, 1u << victim, prog, len) == NPU_OK);
  REQUIRE(npu_cluster_wait(&c.cl, 1u << victim, 2'000'000, res, &failed) == NPU_OK);
  const auto bytes = c.device.bench.dram().read_bytes(c_addr[victim], 4ull * M * N);
  CHECK(ref::int32_matrix(bytes, M, N, N) == ref::golden_gemm(as[victim], bmat));
}

TEMPLATE_TEST_CASE("a core of the cluster runs through its own registers and npu_wait", "[cluster][driver]",
                   NPU_TEST_CLUSTERS) {
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  Cluster<TestType> c;
  rt::Target all(c.cl);
  // Each core in turn, through the single-core driver only: a GEMM of its own.
  for (unsigned i = 0; i < all.devs.size(); ++i) {
    INFO("node " << all.nodes[i]);
    const auto a = ref::random_matrix(rng, 9, 5);
    const auto b = ref::random_matrix(rng, 5, 7);
    REQUIRE(rt::gemm(*all.devs[i], a, b) == ref::golden_gemm(a, b));
  }
  // A busy core ignores another start; an illegal program reports its error through npu_wait.
  npu_dev& d = *all.devs.front();
  std::vector<uint8_t> bad(16, 0xFF);  // opcode 0xF..: not an instruction
  c.device.bench.dram().write_bytes(0x30000, bad);
  REQUIRE(npu_submit(&d, 0x30000, 1) == NPU_OK);
  npu_result r{};
  REQUIRE(npu_wait(&d, 100000, &r) == NPU_E_DEVICE);
  CHECK(r.code == spec::kErrOpcode);
}
