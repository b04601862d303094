// SPDX-License-Identifier: Apache-2.0
// Instr: one 128-bit instruction, its fields read and written by name through the spec's
// tables, and the binary form (16 bytes, little-endian) kept in DRAM.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "isa/npu_spec.hpp"

namespace npu::isa {

class IsaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Instr {
  std::array<uint64_t, 2> word{};  // word[0] = bits 63:0

  uint64_t bits(unsigned lsb, unsigned width) const {
    uint64_t v = 0;
    for (unsigned i = 0; i < width; ++i) v |= uint64_t{bit(lsb + i)} << i;
    return v;
  }
  void set_bits(unsigned lsb, unsigned width, uint64_t v) {
    for (unsigned i = 0; i < width; ++i) set_bit(lsb + i, (v >> i) & 1u);
  }
  bool bit(unsigned i) const { return (word[i / 64] >> (i % 64)) & 1u; }
  void set_bit(unsigned i, bool v) {
    const uint64_t m = uint64_t{1} << (i % 64);
    word[i / 64] = v ? (word[i / 64] | m) : (word[i / 64] & ~m);
  }

  unsigned opcode() const { return static_cast<unsigned>(bits(0, 4)); }
  bool pop_prev() const { return bit(4); }
  bool pop_next() const { return bit(5); }
  bool push_prev() const { return bit(6); }
  bool push_next() const { return bit(7); }
  unsigned func() const { return static_cast<unsigned>(bits(8, 4)); }

  std::array<uint8_t, 16> bytes() const {
    std::array<uint8_t, 16> b{};
    for (unsigned i = 0; i < 16; ++i) b[i] = static_cast<uint8_t>(word[i / 8] >> (8 * (i % 8)));
    return b;
  }
  static Instr from_bytes(const uint8_t* b) {
    Instr in;
    for (unsigned i = 0; i < 16; ++i) in.word[i / 8] |= uint64_t{b[i]} << (8 * (i % 8));
    return in;
  }
  bool operator==(const Instr&) const = default;
};

// The form an instruction encodes, or nothing for an illegal opcode / func.
inline const spec::Form* find_form(const Instr& in) {
  for (const auto& f : spec::kForms)
    if (f.opcode == in.opcode() && f.func == in.func()) return &f;
  return nullptr;
}
inline const spec::Form* find_form(std::string_view mnemonic) {
  for (const auto& f : spec::kForms)
    if (f.mnemonic == mnemonic) return &f;
  return nullptr;
}
inline const spec::Field* find_field(const spec::Form& form, std::string_view name) {
  for (unsigned i = 0; i < form.field_count; ++i)
    if (form.fields[i].name == name) return &form.fields[i];
  return nullptr;
}

// Field value by name (sign-extended for signed fields). Throws on an unknown name.
inline int64_t field(const Instr& in, const spec::Form& form, std::string_view name) {
  const spec::Field* f = find_field(form, name);
  if (!f) throw IsaError(std::string(form.mnemonic) + " has no field " + std::string(name));
  uint64_t v = in.bits(f->lsb, f->width);
  if (f->is_signed && (v >> (f->width - 1)) & 1u) return static_cast<int64_t>(v) - (int64_t{1} << f->width);
  return static_cast<int64_t>(v);
}

// Bits above the last field of the form (reserved, must be zero).
inline bool reserved_clear(const Instr& in, const spec::Form& form) {
  for (unsigned i = form.used_bits; i < spec::kInstrBits; ++i)
    if (in.bit(i)) return false;
  return true;
}

// Program images: 16 bytes per instruction, little-endian.
inline std::vector<uint8_t> to_binary(const std::vector<Instr>& prog) {
  std::vector<uint8_t> out;
  out.reserve(prog.size() * 16);
  for (const Instr& in : prog) {
    const auto b = in.bytes();
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}
inline std::vector<Instr> from_binary(const std::vector<uint8_t>& bytes) {
  if (bytes.size() % 16 != 0)
    throw IsaError("program image of " + std::to_string(bytes.size()) +
                   " bytes is not a whole number of 16-byte instructions");
  std::vector<Instr> prog;
  for (std::size_t i = 0; i < bytes.size(); i += 16) prog.push_back(Instr::from_bytes(&bytes[i]));
  return prog;
}

}  // namespace npu::isa
