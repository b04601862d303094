// SPDX-License-Identifier: Apache-2.0
// npu-asm: assemble a program (text -> 16-byte instructions) or disassemble one.
//   npu-asm prog.s -o prog.bin
//   npu-asm -d prog.bin [-o prog.s]
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "isa/assembler.hpp"

namespace {

int usage() {
  std::cerr << "usage: npu-asm <in.s> -o <out.bin>\n"
               "       npu-asm -d <in.bin> [-o <out.s>]\n";
  return 2;
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw npu::isa::IsaError("cannot open " + path);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  bool disasm = false;
  std::string in, out;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-d") disasm = true;
    else if (a == "-o" && i + 1 < argc) out = argv[++i];
    else if (a == "-h" || a == "--help") return usage(), 0;
    else if (!a.empty() && a[0] == '-') return std::cerr << "npu-asm: unknown option " << a << "\n", usage();
    else if (in.empty()) in = a;
    else return std::cerr << "npu-asm: more than one input\n", usage();
  }
  if (in.empty() || (!disasm && out.empty())) return usage();
  try {
    const std::vector<uint8_t> bytes = read_file(in);
    if (disasm) {
      const std::string text = npu::isa::disassemble(npu::isa::from_binary(bytes));
      if (out.empty()) {
        std::cout << text;
      } else {
        std::ofstream f(out);
        if (!(f << text)) throw npu::isa::IsaError("cannot write " + out);
      }
    } else {
      const auto prog = npu::isa::assemble(std::string(bytes.begin(), bytes.end()));
      const auto bin = npu::isa::to_binary(prog);
      std::ofstream f(out, std::ios::binary);
      if (!f.write(reinterpret_cast<const char*>(bin.data()), static_cast<std::streamsize>(bin.size())))
        throw npu::isa::IsaError("cannot write " + out);
      std::cerr << "npu-asm: " << prog.size() << " instructions -> " << out << "\n";
    }
  } catch (const npu::isa::IsaError& e) {
    std::cerr << "npu-asm: " << in << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}
