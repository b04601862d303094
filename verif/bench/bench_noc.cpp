// SPDX-License-Identifier: Apache-2.0
// Benchmark `noc`: the 4x4 mesh (64-bit flits, four VCs of 4-flit buffers per port; two
// VCs, one VC and one-flit packets for comparison) under uniform-random traffic of 4-flit
// packets. A packet's VC is (src + dst) mod VCs; sources queue per VC. For each offered load (flits per node per cycle) sources
// generate packets at random into unbounded queues; after a warm-up, accepted throughput
// (flits delivered per node per cycle) and the mean latency of the packets created in
// the window (creation to tail delivered) are measured. The saturation throughput is the
// highest accepted throughput; the bisection bound for uniform traffic on a k x k mesh
// is 4/k flits per node per cycle (half the traffic crosses the 2k links of the cut),
// capped at the one flit per cycle a node can take in. Zero-load latency per hop comes
// from single-flit packets at a load of 0.01 against their hop count.
//   bench_noc [--out DIR]
#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <random>

#include "bench_json.hpp"
#include "bench_model_shapes.hpp"
#include "noc/noc_bench.hpp"

using namespace npu::verif;
using Bench = NocBench<Vnpu_noc_4x4_f64_d4_v4>;
using Bench1 = NocBench<Vnpu_noc_4x4_f64_d4_v1>;
using Bench2 = NocBench<Vnpu_noc_4x4_f64_d4_v2>;

namespace {

struct Point {
  double offered, accepted, latency;
};

template <class B>
Point run_load(double offered, uint64_t seed, unsigned len = 4) {
  B b("bench_noc", seed, 0.0);
  std::mt19937_64 rng(seed);
  constexpr unsigned kWarm = 1000, kWindow = 4000;
  const double p_packet = offered / len;
  uint64_t flits_at_start = 0;
  for (unsigned cycle = 0; cycle < kWarm + kWindow; ++cycle) {
    if (cycle == kWarm) {
      b.measure_from = b.h.cycle();
      flits_at_start = b.received_flits;
    }
    for (unsigned s = 0; s < B::kNodes; ++s)
      if (std::bernoulli_distribution(std::min(1.0, p_packet))(rng))
        b.send(s, static_cast<unsigned>(rng() % B::kNodes), len);
    b.step();
  }
  const double accepted = double(b.received_flits - flits_at_start) / (B::kNodes * double(kWindow));
  // Let the measured packets arrive (queues beyond saturation are long: cap the drain).
  for (unsigned i = 0; i < 200000 && !b.idle(); ++i) b.step();
  double sum = 0;
  for (uint64_t l : b.latencies) sum += double(l);
  return {offered, accepted, b.latencies.empty() ? 0.0 : sum / double(b.latencies.size())};
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_dir;
  if (!parse_bench_args(argc, argv, "bench_noc", out_dir)) return 2;
  BenchReport report("noc");
  report.config("mesh", "4x4");
  report.config("flit_bits", 64);
  report.config("buffer_flits_per_vc", 4);
  report.config("vcs", 4);
  report.config("packet_flits", 4);

  // Zero-load latency against hop count.
  std::map<unsigned, std::pair<double, unsigned>> by_hops;
  {
    Bench b("bench_noc_zero_load", 1, 0.0);
    std::mt19937_64 rng(2);
    std::vector<std::pair<uint64_t, unsigned>> sent;
    for (unsigned cycle = 0; cycle < 20000; ++cycle) {
      if (cycle % 40 == 0) {  // one packet in flight at a time
        const unsigned s = static_cast<unsigned>(rng() % Bench::kNodes), d = static_cast<unsigned>(rng() % Bench::kNodes);
        const unsigned hops = (s % 4 > d % 4 ? s % 4 - d % 4 : d % 4 - s % 4) + (s / 4 > d / 4 ? s / 4 - d / 4 : d / 4 - s / 4);
        const std::size_t before = b.latencies.size();
        b.send(s, d, 1);
        while (b.latencies.size() == before) b.step();
        auto& [sum, n] = by_hops[hops];
        sum += double(b.latencies.back());
        ++n;
      } else {
        b.step();
      }
    }
  }
  for (auto& [hops, v] : by_hops)
    report.metric(fmt::format("zero_load_latency_{}_hops", hops), v.first / v.second);
  const double per_hop = (by_hops[6].first / by_hops[6].second - by_hops[0].first / by_hops[0].second) / 6.0;
  report.metric("zero_load_latency_per_hop", per_hop);

  double saturation = 0, saturation1 = 0, saturation2 = 0, saturation_flit = 0;
  for (double load : {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0}) {
    const Point p = run_load<Bench>(load, 7);
    report.metric(fmt::format("accepted_at_{:.1f}", load), p.accepted);
    report.metric(fmt::format("latency_at_{:.1f}", load), p.latency);
    saturation = std::max(saturation, p.accepted);
    saturation1 = std::max(saturation1, run_load<Bench1>(load, 7).accepted);
    saturation2 = std::max(saturation2, run_load<Bench2>(load, 7).accepted);
    saturation_flit = std::max(saturation_flit, run_load<Bench2>(load, 7, 1).accepted);
  }
  const double bound = std::min(1.0, 4.0 / 4);
  report.metric("uniform_saturation_throughput", saturation);
  report.metric("bisection_bound", bound);
  report.metric("uniform_saturation_vs_bisection", saturation / bound);
  report.metric("uniform_saturation_vs_bisection_one_vc", saturation1 / bound);
  report.metric("uniform_saturation_vs_bisection_two_vcs", saturation2 / bound);
  report.metric("uniform_saturation_vs_bisection_two_vcs_one_flit_packets", saturation_flit / bound);
  report.write(out_dir);
  return 0;
}
