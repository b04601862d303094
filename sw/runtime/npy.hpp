// SPDX-License-Identifier: Apache-2.0
// NumPy .npy files (format versions 1.0 to 3.0, C order), for int8, int32 and float32
// arrays. Debian ships no C++ reader, and the format is one header and raw data, so it is
// read here, strictly: anything unexpected is an error naming the file and the problem.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace npu::runtime {

class NpyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct NpyArray {
  std::string dtype;               // "int8", "int32" or "float32"
  std::vector<std::size_t> shape;
  std::vector<uint8_t> data;       // little-endian elements, C order

  std::size_t elements() const;
  std::size_t item_bytes() const;
};

NpyArray read_npy(const std::string& path);
void write_npy(const std::string& path, const NpyArray& array);

}  // namespace npu::runtime
