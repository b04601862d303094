// SPDX-License-Identifier: Apache-2.0
// Benchmark `systemc`: the virtual platform running the SystemC workload (GEMMs,
// convolutions, a pooling: verif/systemc/sc_workload.hpp).
//  - tlm_instructions_per_second: NPU instructions retired per wall-clock second with the
//    functional model (tiny), firmware and runtime included;
//  - rtl_sc_cycles_per_second: NPU clock cycles simulated per wall-clock second with the
//    Verilated core in SystemC (tiny);
//  - timing_error: over every program of the workload on the RTL (tiny and rect), the mean
//    of |estimated cycles - RTL cycles| / RTL cycles, the estimate being what the
//    functional model annotates (isa::estimate_cycles); timing_error_max is the worst.
// SystemC elaborates once per process, so each platform runs in a child process.
//   bench_systemc [--out DIR]
#include <fmt/core.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "Vnpu_core_sc_rect.h"
#include "Vnpu_core_sc_tiny.h"
#include "bench_json.hpp"
#include "isa/perf_model.hpp"
#include "npu_rtl.hpp"
#include "npu_tlm.hpp"
#include "platform.hpp"
#include "systemc/sc_workload.hpp"

using namespace npu;
using namespace npu::verif;

namespace {

constexpr unsigned kLatency = 20;
const sc_core::sc_time kClock(10, sc_core::SC_NS);

struct Run {
  double wall_s = 0, cycles = 0;
  uint64_t instret = 0;
  std::vector<std::pair<uint64_t, uint64_t>> programs;  // (estimated, reported) cycles
};

template <class Npu, class... Args>
Run run_platform(const isa::Geometry& g, Args&&... args) {
  vp::PlatformConfig cfg;
  cfg.dram_size = kScWinLimit;
  cfg.clock = kClock;
  vp::Platform<Npu> p("platform", cfg, std::forward<Args>(args)...);
  Run r;
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<RecordingHal::Program> programs = record_workload(p);
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.cycles = sc_core::sc_time_stamp() / kClock;
  for (const auto& prog : programs) {
    r.instret += prog.instret;
    r.programs.push_back({isa::estimate_cycles(g, prog.instrs, {.mem_latency = kLatency}).cycles, prog.cycles});
  }
  return r;
}

// Runs `body` in a child process and returns what it printed to the pipe.
Run in_child(const std::function<Run()>& body) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    FILE* out = fdopen(fds[1], "w");
    try {
      const Run r = body();
      std::fprintf(out, "%.9g %.9g %llu %zu", r.wall_s, r.cycles, static_cast<unsigned long long>(r.instret),
                   r.programs.size());
      for (auto [e, c] : r.programs) std::fprintf(out, " %llu %llu", (unsigned long long)e, (unsigned long long)c);
      std::fclose(out);
      _exit(0);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bench_systemc: %s\n", e.what());
      _exit(1);
    }
  }
  close(fds[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("a platform run failed");
  std::istringstream in(text);
  Run r;
  std::size_t n = 0;
  in >> r.wall_s >> r.cycles >> r.instret >> n;
  for (std::size_t i = 0; i < n; ++i) {
    uint64_t e, c;
    in >> e >> c;
    r.programs.push_back({e, c});
  }
  return r;
}

}  // namespace

int sc_main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  std::string out_dir;
  if (!parse_bench_args(argc, argv, "bench_systemc", out_dir)) return 2;
  try {
    const isa::Geometry tiny = isa::Geometry::named("tiny"), rect = isa::Geometry::named("rect");
    const Run tlm = in_child([&] {
      return run_platform<vp::NpuTlm>(tiny, tiny, kClock, isa::PerfParams{.mem_latency = kLatency});
    });
    const Run rtl_tiny = in_child([&] { return run_platform<vp::NpuRtl<Vnpu_core_sc_tiny, 64>>(tiny, kClock, kLatency); });
    const Run rtl_rect = in_child([&] { return run_platform<vp::NpuRtl<Vnpu_core_sc_rect, 256>>(rect, kClock, kLatency); });

    double sum = 0, worst = 0;
    std::size_t n = 0;
    for (const Run* r : {&rtl_tiny, &rtl_rect}) {
      for (auto [est, rtl] : r->programs) {
        const double err = std::abs(double(est) - double(rtl)) / double(rtl);
        fmt::print("  {:<5} program {:>2}: RTL {:>7} cycles, estimate {:>7} ({:+.3f})\n", r == &rtl_tiny ? "tiny" : "rect",
                   n, rtl, est, (double(est) - double(rtl)) / double(rtl));
        sum += err;
        worst = std::max(worst, err);
        ++n;
      }
    }
    BenchReport report("systemc");
    report.config("workload", "4 GEMMs, 3 convolutions, 1 pooling");
    report.config("tlm_config", "tiny");
    report.config("rtl_configs", "tiny, rect");
    report.config("memory_latency", kLatency);
    report.config("programs_compared", static_cast<double>(n));
    report.metric("tlm_instructions_per_second", tlm.instret / tlm.wall_s);
    report.metric("rtl_sc_cycles_per_second", rtl_tiny.cycles / rtl_tiny.wall_s);
    report.metric("timing_error", sum / n);
    report.metric("timing_error_max", worst);
    report.write(out_dir);
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_systemc: {}\n", e.what());
    return 1;
  }
  return 0;
}
