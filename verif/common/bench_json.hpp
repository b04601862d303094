// SPDX-License-Identifier: Apache-2.0
// Benchmark report: {"name", "config": {...}, "metrics": {...}} written as JSON to
// <dir>/<name>.json and printed as a table.
#pragma once

#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace npu::verif {

// The command line every benchmark takes: [--out DIR] and its own numeric options.
// Returns false (after printing the usage) on anything else.
// Parses --out DIR and, when given, unsigned options such as {"--size", &size}.
inline bool parse_bench_args(int argc, char** argv, const char* name, std::string& out_dir,
                             std::vector<std::pair<std::string, unsigned*>> options = {}) {
  out_dir = "bench";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    bool known = false;
    if (arg == "--out" && i + 1 < argc) {
      out_dir = argv[++i];
      known = true;
    }
    for (auto& [flag, value] : options) {
      if (known || arg != flag || i + 1 >= argc) continue;
      char* end = nullptr;
      const unsigned long v = std::strtoul(argv[++i], &end, 10);
      if (*end != '\0' || v == 0 || v > 1u << 20) {
        fmt::print(stderr, "{}: {} wants a positive number, not '{}'\n", name, flag, argv[i]);
        return false;
      }
      *value = static_cast<unsigned>(v);
      known = true;
    }
    if (!known) {
      std::string usage = "[--out DIR]";
      for (auto& [flag, value] : options) usage += " [" + flag + " N]";
      fmt::print(stderr, "usage: {} {}\n", name, usage);
      return false;
    }
  }
  return true;
}

class BenchReport {
 public:
  explicit BenchReport(std::string name) : name_(std::move(name)) {}

  void config(const std::string& key, const std::string& value) {
    config_.emplace_back(key, "\"" + value + "\"");
  }
  void config(const std::string& key, double value) {
    config_.emplace_back(key, fmt::format("{}", value));
  }
  void metric(const std::string& key, double value) { metrics_.emplace_back(key, value); }

  // Writes <dir>/<name>.json, prints the table, returns the file's path.
  std::string write(const std::filesystem::path& dir) const {
    std::filesystem::create_directories(dir);
    const std::filesystem::path file = dir / (name_ + ".json");
    std::ofstream out(file);
    if (!out) throw std::runtime_error("cannot write " + file.string());
    out << "{\n  \"name\": \"" << name_ << "\",\n  \"config\": {";
    for (std::size_t i = 0; i < config_.size(); ++i) {
      out << (i ? ", " : "") << "\"" << config_[i].first << "\": " << config_[i].second;
    }
    out << "},\n  \"metrics\": {";
    for (std::size_t i = 0; i < metrics_.size(); ++i) {
      out << (i ? ", " : "") << "\"" << metrics_[i].first
          << "\": " << fmt::format("{:.6g}", metrics_[i].second);
    }
    out << "}\n}\n";
    fmt::print("{}\n", name_);
    for (const auto& [k, v] : config_) fmt::print("  {:<28} {}\n", k, v);
    for (const auto& [k, v] : metrics_) fmt::print("  {:<28} {:.6g}\n", k, v);
    fmt::print("  -> {}\n", file.string());
    return file.string();
  }

 private:
  std::string name_;
  std::vector<std::pair<std::string, std::string>> config_;
  std::vector<std::pair<std::string, double>> metrics_;
};

}  // namespace npu::verif
