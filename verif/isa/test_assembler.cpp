// SPDX-License-Identifier: Apache-2.0
// Assembler and disassembler: every form round-trips text -> binary -> text, fields land
// where the spec puts them, and bad input is refused with a message naming the line.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "isa/assembler.hpp"
#include "seed.hpp"

namespace isa = npu::isa;
namespace spec = npu::spec;

TEST_CASE("assembler round-trips every form with random fields", "[isa]") {
  std::mt19937_64 rng(npu::verif::test_seed());
  for (const spec::Form& form : spec::kForms) {
    for (unsigned trial = 0; trial < 20; ++trial) {
      std::vector<std::pair<std::string, int64_t>> fields;
      for (unsigned i = 0; i < form.field_count; ++i) {
        const spec::Field& f = form.fields[i];
        const uint64_t raw = rng() & ((uint64_t{1} << f.width) - 1);
        int64_t v = static_cast<int64_t>(raw);
        if (f.is_signed && (raw >> (f.width - 1))) v -= int64_t{1} << f.width;
        fields.emplace_back(std::string(f.name), v);
      }
      isa::Deps deps;
      if (form.queue != spec::Queue::kNone) {
        deps.pop_prev = form.queue != spec::Queue::kLoad && (rng() & 1);
        deps.push_next = form.queue != spec::Queue::kStore && (rng() & 1);
      }
      const isa::Instr in = isa::make(form.mnemonic, fields, deps);
      REQUIRE(in.opcode() == form.opcode);
      REQUIRE(in.func() == form.func);
      for (const auto& [name, value] : fields) REQUIRE(isa::field(in, form, name) == value);
      const std::string text = isa::disassemble(in);
      INFO(text);
      const auto back = isa::assemble(text);
      REQUIRE(back.size() == 1);
      REQUIRE(back[0] == in);
      REQUIRE(isa::from_binary(isa::to_binary(back)) == back);
    }
  }
}

TEST_CASE("assembler places fields where the spec says", "[isa]") {
  const isa::Instr in = isa::assemble("matmul.acc w_addr=5 a_addr=6 acc_addr=7 m=8 k=9 n=10 pop_prev push_next")[0];
  REQUIRE(in.bits(0, 4) == spec::kOpMatmul);
  REQUIRE(in.bits(8, 4) == spec::kFuncMatmulAcc);
  REQUIRE(in.bit(4));
  REQUIRE(in.bit(7));
  REQUIRE_FALSE(in.bit(5));
  REQUIRE(in.bits(spec::kMatmulAccFields[0].lsb, 20) == 5);
  REQUIRE(in.bits(spec::kMatmulAccFields[5].lsb, 8) == 10);
  // Raw words keep illegal encodings, and print back the same.
  const auto raw = isa::assemble(".word 0x0123456789abcdef0011223344556677\n");
  REQUIRE(isa::disassemble(raw[0]) == ".word 0x0123456789abcdef0011223344556677");
}

TEST_CASE("assembler refuses bad text with the line number", "[isa]") {
  auto fails_with = [](const std::string& text, const std::string& what) {
    try {
      isa::assemble(text);
    } catch (const isa::IsaError& e) {
      INFO(e.what());
      REQUIRE(std::string(e.what()).find(what) != std::string::npos);
      return;
    }
    FAIL("no error for: " << text);
  };
  fails_with("end\nfrobnicate\n", "line 2: unknown instruction");
  fails_with("sync\n\nmatmul w_addr=0\n", "line 3: matmul: field 'a_addr' missing");
  fails_with("matmul w_addr=0 w_addr=1 a_addr=0 acc_addr=0 m=1 k=1 n=1", "given twice");
  fails_with("load dram_addr=0x100000000 dram_stride=0 rows=1 row_bytes=1 local_addr=0 local_stride=0", "does not fit");
  fails_with("cfg.output zero_point=-129 act_min=0 act_max=0 multiplier=0 shift=0", "does not fit");
  fails_with("end bogus", "unknown flag");
  fails_with("end x=1", "no field 'x'");
  fails_with("sync count=12q", "bad number");
  fails_with(".word 0x12", ".word needs");
  REQUIRE_THROWS_AS(isa::from_binary(std::vector<uint8_t>(17)), isa::IsaError);
}
