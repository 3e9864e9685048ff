// Copyright 2026 The msp-gateway Authors.
//
// File: replay_main.cc
//
// main() of a cc_fuzz_test (bazel/fuzz.bzl) in the default gcc build: feeds
// every seed and regression input once through LLVMFuzzerTestOneInput, so
// `bazel test //...` keeps every crash ever found fixed without clang. A
// crash aborts the process, which fails the test, with the input's name on
// stderr just before it.
//
// Arguments: files, directories (every regular file below them), or
// "@LIST" where LIST is a file of comma-separated paths (libFuzzer's
// -seed_inputs=@LIST format, written by the macro).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
    __attribute__((weak));

namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in),
              std::istreambuf_iterator<char>());
  return true;
}

// Adds `arg`'s input files to `files`; false if something does not exist.
bool Collect(const std::string& arg, std::vector<std::string>* files) {
  if (!arg.empty() && arg[0] == '@') {
    std::string list;
    if (!ReadFile(arg.substr(1), &list)) {
      std::fprintf(stderr, "cannot read seed list %s\n", arg.c_str() + 1);
      return false;
    }
    std::stringstream parts(list);
    std::string path;
    bool ok = true;
    while (std::getline(parts, path, ',')) {
      while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) {
        path.pop_back();
      }
      if (!path.empty()) ok = Collect(path, files) && ok;
    }
    return ok;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(arg, ec)) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(arg, ec)) {
      if (entry.is_regular_file()) files->push_back(entry.path().string());
    }
    return !ec;
  }
  if (std::filesystem::is_regular_file(arg, ec)) {
    files->push_back(arg);
    return true;
  }
  std::fprintf(stderr, "no such input: %s\n", arg.c_str());
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<std::string> files;
  bool ok = true;
  for (int i = 1; i < argc; ++i) ok = Collect(argv[i], &files) && ok;
  if (!ok) return 2;
  // An empty corpus would make this test pass without testing anything.
  if (files.empty()) {
    std::fprintf(stderr, "no inputs to replay\n");
    return 2;
  }
  for (const std::string& path : files) {
    std::string data;
    if (!ReadFile(path, &data)) {
      std::fprintf(stderr, "cannot read %s\n", path.c_str());
      return 2;
    }
    std::fprintf(stderr, "replaying %s (%zu bytes)\n", path.c_str(),
                 data.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()),
                           data.size());
  }
  std::fprintf(stderr, "replayed %zu inputs, no crash\n", files.size());
  return 0;
}
