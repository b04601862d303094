// SPDX-License-Identifier: Apache-2.0
// Read and write a field of up to 32 bits in a Verilated port of any width: Verilator
// gives narrow ports as integers and wide ones as VlWide<N> arrays of 32-bit words.
#pragma once

#include <verilated.h>

#include <cstdint>
#include <type_traits>

namespace npu::verif {

inline uint64_t field_mask(unsigned width) {
  return width >= 64 ? ~uint64_t{0} : ((uint64_t{1} << width) - 1);
}

template <class T>
  requires std::is_integral_v<T>
void set_field(T& port, unsigned lsb, unsigned width, uint32_t value) {
  const uint64_t mask = field_mask(width) << lsb;
  port = static_cast<T>((static_cast<uint64_t>(port) & ~mask) |
                        ((static_cast<uint64_t>(value) << lsb) & mask));
}

template <class T>
  requires std::is_integral_v<T>
uint32_t get_field(const T& port, unsigned lsb, unsigned width) {
  return static_cast<uint32_t>((static_cast<uint64_t>(port) >> lsb) & field_mask(width));
}

// A field of a wide port may straddle two 32-bit words.
template <std::size_t N>
void set_field(VlWide<N>& port, unsigned lsb, unsigned width, uint32_t value) {
  const unsigned word = lsb / 32;
  const unsigned offset = lsb % 32;
  uint64_t pair = port[word];
  if (word + 1 < N) pair |= static_cast<uint64_t>(port[word + 1]) << 32;
  const uint64_t mask = field_mask(width) << offset;
  pair = (pair & ~mask) | ((static_cast<uint64_t>(value) << offset) & mask);
  port[word] = static_cast<EData>(pair);
  if (word + 1 < N) port[word + 1] = static_cast<EData>(pair >> 32);
}

template <std::size_t N>
uint32_t get_field(const VlWide<N>& port, unsigned lsb, unsigned width) {
  const unsigned word = lsb / 32;
  const unsigned offset = lsb % 32;
  uint64_t pair = port[word];
  if (word + 1 < N) pair |= static_cast<uint64_t>(port[word + 1]) << 32;
  return static_cast<uint32_t>((pair >> offset) & field_mask(width));
}

}  // namespace npu::verif
