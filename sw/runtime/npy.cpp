// SPDX-License-Identifier: Apache-2.0
#include "runtime/npy.hpp"

#include <fstream>
#include <iterator>
#include <regex>

namespace npu::runtime {
namespace {

struct Dtype {
  const char* name;
  const char* descr;  // as written
  std::size_t bytes;
};
constexpr Dtype kDtypes[] = {{"int8", "|i1", 1}, {"int32", "<i4", 4}, {"float32", "<f4", 4}};

const Dtype* by_descr(const std::string& d) {
  for (const Dtype& t : kDtypes)
    if (d == t.descr || (t.bytes == 1 && d == "<i1")) return &t;
  return nullptr;
}
const Dtype* by_name(const std::string& n) {
  for (const Dtype& t : kDtypes)
    if (n == t.name) return &t;
  return nullptr;
}

}  // namespace

std::size_t NpyArray::elements() const {
  std::size_t n = 1;
  for (std::size_t d : shape) n *= d;
  return n;
}
std::size_t NpyArray::item_bytes() const {
  const Dtype* t = by_name(dtype);
  return t ? t->bytes : 0;
}

NpyArray read_npy(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw NpyError(path + ": cannot open");
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  auto fail = [&](const std::string& why) { return NpyError(path + ": not a usable .npy file: " + why); };
  static const uint8_t magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (bytes.size() < 10 || !std::equal(magic, magic + 6, bytes.begin())) throw fail("bad magic");
  const unsigned major = bytes[6];
  std::size_t header_len = 0, header_at = 0;
  if (major == 1) {
    header_len = bytes[8] | bytes[9] << 8;
    header_at = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw fail("truncated header");
    header_len = bytes[8] | bytes[9] << 8 | bytes[10] << 16 | static_cast<std::size_t>(bytes[11]) << 24;
    header_at = 12;
  } else {
    throw fail("format version " + std::to_string(major));
  }
  if (header_at + header_len > bytes.size()) throw fail("truncated header");
  const std::string header(bytes.begin() + header_at, bytes.begin() + header_at + header_len);
  std::smatch m;
  if (!std::regex_search(header, m, std::regex(R"('descr'\s*:\s*'([^']*)')"))) throw fail("no descr");
  const Dtype* t = by_descr(m[1]);
  if (!t) throw fail("dtype " + m[1].str() + " (int8, int32 or float32 expected)");
  if (!std::regex_search(header, m, std::regex(R"('fortran_order'\s*:\s*(True|False))"))) throw fail("no fortran_order");
  if (m[1] == "True") throw fail("Fortran order (save a C-ordered array)");
  if (!std::regex_search(header, m, std::regex(R"('shape'\s*:\s*\(([^)]*)\))"))) throw fail("no shape");
  NpyArray a;
  a.dtype = t->name;
  const std::string dims = m[1];
  const std::regex number(R"(\d+)");
  for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it)
    a.shape.push_back(std::stoull(it->str()));
  const std::size_t want = a.elements() * t->bytes;
  if (bytes.size() - header_at - header_len != want)
    throw fail("data is " + std::to_string(bytes.size() - header_at - header_len) + " bytes, shape needs " +
               std::to_string(want));
  a.data.assign(bytes.begin() + header_at + header_len, bytes.end());
  return a;
}

void write_npy(const std::string& path, const NpyArray& a) {
  const Dtype* t = by_name(a.dtype);
  if (!t) throw NpyError(path + ": cannot write dtype " + a.dtype);
  if (a.data.size() != a.elements() * t->bytes) throw NpyError(path + ": data does not match the shape");
  std::string shape = "(";
  for (std::size_t i = 0; i < a.shape.size(); ++i) shape += std::to_string(a.shape[i]) + (a.shape.size() == 1 ? ",)" : i + 1 < a.shape.size() ? ", " : ")");
  if (a.shape.empty()) shape += ")";
  std::string header = "{'descr': '" + std::string(t->descr) + "', 'fortran_order': False, 'shape': " + shape + ", }";
  const std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::ofstream f(path, std::ios::binary);
  if (!f) throw NpyError(path + ": cannot write");
  const char pre[10] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0, static_cast<char>(header.size() & 0xFF),
                        static_cast<char>(header.size() >> 8)};
  f.write(pre, 10);
  f.write(header.data(), static_cast<std::streamsize>(header.size()));
  f.write(reinterpret_cast<const char*>(a.data.data()), static_cast<std::streamsize>(a.data.size()));
  if (!f) throw NpyError(path + ": write failed");
}

}  // namespace npu::runtime
