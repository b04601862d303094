// SPDX-License-Identifier: Apache-2.0
// Assertion macros. Verilator runs them with --assert; synthesis (SYNTHESIS defined) drops them.
`ifndef NPU_ASSERT_SVH
`define NPU_ASSERT_SVH

`ifdef SYNTHESIS
  `define ASSERT(name, prop, clk, rst_n)
  `define ASSERT_INIT(name, cond)
  `define ASSERT_KNOWN(name, sig, clk, rst_n)
  `define ASSERT_STABLE(name, valid, ready, data, clk, rst_n)
`else
  // Concurrent property checked on every rising edge while out of reset.
  `define ASSERT(name, prop, clk, rst_n) \
    name: assert property (@(posedge clk) disable iff (!(rst_n)) (prop)) \
      else $error("assertion %s failed", `"name`");
  // Elaboration-time check of parameters.
  `define ASSERT_INIT(name, cond) \
    initial begin : name \
      if (!(cond)) $fatal(1, "parameter check %s failed", `"name`"); \
    end
  // No X or Z out of reset (meaningful in 4-state simulators; Verilator is 2-state).
  `define ASSERT_KNOWN(name, sig, clk, rst_n) \
    `ASSERT(name, !$isunknown(sig), clk, rst_n)
  // Stream rule: while valid and not ready, valid stays high and data does not change.
  `define ASSERT_STABLE(name, valid, ready, data, clk, rst_n) \
    `ASSERT(name, ((valid) && !(ready)) |=> ((valid) && $stable(data)), clk, rst_n)
`endif

`endif  // NPU_ASSERT_SVH
