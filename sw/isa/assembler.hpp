// SPDX-License-Identifier: Apache-2.0
// Assembler and disassembler. One instruction per line:
//   mnemonic field=value ... [pop_prev] [pop_next] [push_prev] [push_next]   # comment
// Every field of the form must be given once; values are decimal or 0x hex, signed fields
// may be negative. `.word 0x<32 hex digits>` emits a raw instruction (the disassembler
// prints illegal encodings that way, so text <-> binary round-trips for any image).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "isa/instr.hpp"

namespace npu::isa {

struct Deps {
  bool pop_prev = false, pop_next = false, push_prev = false, push_next = false;
};

// Build one instruction; throws IsaError naming the problem (unknown form or field, a
// field missing or given twice, a value that does not fit).
Instr make(std::string_view mnemonic,
           std::initializer_list<std::pair<std::string_view, int64_t>> fields, Deps deps = {});
Instr make(std::string_view mnemonic, const std::vector<std::pair<std::string, int64_t>>& fields,
           Deps deps = {});

// Text -> instructions; errors name the line.
std::vector<Instr> assemble(std::string_view text);

// One instruction -> one line (no newline).
std::string disassemble(const Instr& in);
std::string disassemble(const std::vector<Instr>& prog);  // one line each

}  // namespace npu::isa
