// SPDX-License-Identifier: Apache-2.0
// Harness<Model>: clock, reset, optional FST trace and assertion checking around one
// Verilated model. Drive inputs, call eval() to settle combinational outputs, then tick().
#pragma once

#include <verilated.h>
#include <verilated_fst_c.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace npu::verif {

// Thrown when a model's SVA fails or run_until runs out of cycles; Catch2 reports it as a
// test failure with the message, and the process carries on with the next test.
struct SimError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <class Model>
class Harness {
 public:
  // trace_name names the FST written when NPU_TRACE is set (in NPU_TRACE_DIR, default ".").
  explicit Harness(const std::string& trace_name = "trace")
      : context_(std::make_unique<VerilatedContext>()) {
    context_->fatalOnError(false);  // a failing assertion fails the test, not the process
    context_->randReset(0);
    const char* trace_env = std::getenv("NPU_TRACE");
    const bool trace = trace_env != nullptr && std::string(trace_env) != "0";
    if (trace) context_->traceEverOn(true);
    model_ = std::make_unique<Model>(context_.get(), "TOP");
    if (trace) open_trace(trace_name);
    model_->clk_i = 0;
    if constexpr (requires { model_->rst_ni; }) model_->rst_ni = 1;  // board tops reset themselves
    model_->eval();
  }

  ~Harness() {
    // A model tears its scopes down through the thread's current context; with several
    // harnesses in one process that must be this harness's own context, not the last one
    // used (which may already be gone).
    Verilated::threadContextp(context_.get());
    if (trace_) trace_->close();
    model_->final();
    trace_.reset();
    model_.reset();
  }

  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  Model& dut() { return *model_; }
  Model* operator->() { return model_.get(); }
  uint64_t cycle() const { return cycle_; }
  const std::string& trace_path() const { return trace_path_; }

  // Settle combinational logic after changing inputs (ready signals, for example).
  void eval() { model_->eval(); }

  // One cycle: the rising edge, which samples the inputs set before the call, then the
  // falling edge, so that what a register clocked on it holds is seen before the next
  // rising edge, as the logic sees it (the iCE40's block RAM FIFO reads there:
  // fpga/ice40/prim_fifo.sv). Logic clocked on the rising edge alone sees no difference.
  void tick() {
    model_->clk_i = 1;
    model_->eval();
    dump();
    model_->clk_i = 0;
    model_->eval();
    dump();
    ++cycle_;
    if (context_->gotError() || context_->errorCount() != 0) {
      throw SimError("assertion failed in the RTL at cycle " + std::to_string(cycle_));
    }
  }

  void tick(unsigned n) {
    for (unsigned i = 0; i < n; ++i) tick();
  }

  // Asynchronous active-low reset held for `cycles` edges.
  void reset(unsigned cycles = 2) {
    model_->rst_ni = 0;
    model_->eval();
    tick(cycles);
    model_->rst_ni = 1;
    model_->eval();
  }

  // Tick until pred() is true (checked before each edge); throws after max_cycles.
  // Returns the number of edges taken.
  uint64_t run_until(const std::function<bool()>& pred, uint64_t max_cycles,
                     const std::string& what = "condition") {
    const uint64_t start = cycle_;
    model_->eval();
    while (!pred()) {
      if (cycle_ - start >= max_cycles) {
        throw SimError("timeout after " + std::to_string(max_cycles) + " cycles waiting for " +
                       what);
      }
      tick();
      model_->eval();
    }
    return cycle_ - start;
  }

 private:
  void open_trace(const std::string& name) {
    const char* dir_env = std::getenv("NPU_TRACE_DIR");
    std::filesystem::path dir = dir_env ? dir_env : ".";
    std::filesystem::create_directories(dir);
    std::string file = name;
    for (char& ch : file) {
      if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_')) ch = '_';
    }
    trace_path_ = (dir / (file + ".fst")).string();
    trace_ = std::make_unique<VerilatedFstC>();
    model_->trace(trace_.get(), 99);
    trace_->open(trace_path_.c_str());
  }

  void dump() {
    if (trace_) trace_->dump(time_);
    time_ += 5;  // 10 time units per clock cycle
  }

  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<VerilatedFstC> trace_;
  std::string trace_path_;
  uint64_t cycle_ = 0;
  uint64_t time_ = 0;
};

}  // namespace npu::verif
