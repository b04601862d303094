// SPDX-License-Identifier: Apache-2.0
#include "isa/assembler.hpp"

#include <cctype>
#include <charconv>
#include <sstream>

namespace npu::isa {
namespace {

void set_field(Instr& in, const spec::Form& form, std::string_view name, int64_t value,
               std::vector<bool>& given) {
  const spec::Field* f = find_field(form, name);
  if (!f)
    throw IsaError(std::string(form.mnemonic) + ": no field '" + std::string(name) + "'");
  const std::size_t idx = static_cast<std::size_t>(f - form.fields);
  if (given[idx]) throw IsaError(std::string(form.mnemonic) + ": field '" + std::string(name) + "' given twice");
  given[idx] = true;
  const int64_t lo = f->is_signed ? -(int64_t{1} << (f->width - 1)) : 0;
  const int64_t hi = f->is_signed ? (int64_t{1} << (f->width - 1)) - 1 : (int64_t{1} << f->width) - 1;
  if (value < lo || value > hi)
    throw IsaError(std::string(form.mnemonic) + ": " + std::string(name) + "=" +
                   std::to_string(value) + " does not fit in " + std::to_string(f->width) +
                   (f->is_signed ? " signed" : "") + " bits");
  in.set_bits(f->lsb, f->width, static_cast<uint64_t>(value));
}

template <class Fields>
Instr build(std::string_view mnemonic, const Fields& fields, Deps deps) {
  const spec::Form* form = find_form(mnemonic);
  if (!form) throw IsaError("unknown instruction '" + std::string(mnemonic) + "'");
  Instr in;
  in.set_bits(0, 4, form->opcode);
  in.set_bits(8, 4, form->func);
  in.set_bit(4, deps.pop_prev);
  in.set_bit(5, deps.pop_next);
  in.set_bit(6, deps.push_prev);
  in.set_bit(7, deps.push_next);
  std::vector<bool> given(form->field_count, false);
  for (const auto& [name, value] : fields) set_field(in, *form, name, value, given);
  for (unsigned i = 0; i < form->field_count; ++i)
    if (!given[i])
      throw IsaError(std::string(mnemonic) + ": field '" + std::string(form->fields[i].name) +
                     "' missing");
  return in;
}

int64_t parse_number(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v > (uint64_t{1} << 62))
    throw IsaError("bad number '" + std::string(s) + "'");
  return neg ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
}

Instr parse_word(std::string_view hex) {
  if (hex.size() != 34 || hex[0] != '0' || (hex[1] != 'x' && hex[1] != 'X'))
    throw IsaError(".word needs 0x and 32 hex digits");
  Instr in;
  for (unsigned half = 0; half < 2; ++half) {
    std::string_view part = hex.substr(2 + 16 * (1 - half), 16);
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + 16, v, 16);
    if (ec != std::errc() || p != part.data() + 16) throw IsaError("bad .word digits");
    in.word[half] = v;
  }
  return in;
}

}  // namespace

Instr make(std::string_view mnemonic,
           std::initializer_list<std::pair<std::string_view, int64_t>> fields, Deps deps) {
  return build(mnemonic, fields, deps);
}
Instr make(std::string_view mnemonic, const std::vector<std::pair<std::string, int64_t>>& fields,
           Deps deps) {
  return build(mnemonic, fields, deps);
}

std::vector<Instr> assemble(std::string_view text) {
  std::vector<Instr> prog;
  std::istringstream lines{std::string(text)};
  std::string line;
  unsigned number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    std::string mnemonic, word;
    if (!(words >> mnemonic)) continue;
    try {
      if (mnemonic == ".word") {
        if (!(words >> word)) throw IsaError(".word needs a value");
        prog.push_back(parse_word(word));
        if (words >> word) throw IsaError("unexpected '" + word + "' after .word");
        continue;
      }
      std::vector<std::pair<std::string, int64_t>> fields;
      Deps deps;
      while (words >> word) {
        const auto eq = word.find('=');
        if (eq == std::string::npos) {
          bool* flag = word == "pop_prev"    ? &deps.pop_prev
                       : word == "pop_next"  ? &deps.pop_next
                       : word == "push_prev" ? &deps.push_prev
                       : word == "push_next" ? &deps.push_next
                                             : nullptr;
          if (!flag) throw IsaError("unknown flag '" + word + "' (field=value or a dependency flag)");
          *flag = true;
        } else {
          fields.emplace_back(word.substr(0, eq), parse_number(std::string_view(word).substr(eq + 1)));
        }
      }
      prog.push_back(build(mnemonic, fields, deps));
    } catch (const IsaError& e) {
      throw IsaError("line " + std::to_string(number) + ": " + e.what());
    }
  }
  return prog;
}

std::string disassemble(const Instr& in) {
  const spec::Form* form = find_form(in);
  if (!form || !reserved_clear(in, *form)) {
    char buf[48];
    std::snprintf(buf, sizeof buf, ".word 0x%016llx%016llx",
                  static_cast<unsigned long long>(in.word[1]),
                  static_cast<unsigned long long>(in.word[0]));
    return buf;
  }
  std::string s(form->mnemonic);
  for (unsigned i = 0; i < form->field_count; ++i) {
    const spec::Field& f = form->fields[i];
    const int64_t v = field(in, *form, f.name);
    s += ' ';
    s += f.name;
    s += '=';
    if (!f.is_signed && v >= 4096) {
      char buf[24];
      std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
      s += buf;
    } else {
      s += std::to_string(v);
    }
  }
  if (in.pop_prev()) s += " pop_prev";
  if (in.pop_next()) s += " pop_next";
  if (in.push_prev()) s += " push_prev";
  if (in.push_next()) s += " push_next";
  return s;
}

std::string disassemble(const std::vector<Instr>& prog) {
  std::string out;
  for (const Instr& in : prog) out += disassemble(in) + "\n";
  return out;
}

}  // namespace npu::isa
