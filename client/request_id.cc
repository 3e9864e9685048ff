// Copyright 2026 The msp-gateway Authors.

#include "client/request_id.h"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>

#include "absl/random/random.h"

namespace payments_client {
namespace {

constexpr size_t kUuidBytes = 16;

// Fills `out` from getrandom(2); false when the kernel cannot (ENOSYS on
// very old kernels, a seccomp filter).
bool FromGetrandom(uint8_t* out, size_t n) {
  size_t done = 0;
  while (done < n) {
    const ssize_t got = getrandom(out + done, n - done, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(got);
  }
  return true;
}

bool FromUrandom(uint8_t* out, size_t n) {
  const int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < n) {
    const ssize_t got = read(fd, out + done, n - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    done += static_cast<size_t>(got);
  }
  close(fd);
  return done == n;
}

}  // namespace

std::string NewRequestId() {
  uint8_t bytes[kUuidBytes];
  if (!FromGetrandom(bytes, kUuidBytes) && !FromUrandom(bytes, kUuidBytes)) {
    // No kernel randomness at all: still unique in this process (absl's
    // generator is seeded from whatever entropy it can find), but see the
    // header about fork.
    absl::BitGen gen;
    for (uint8_t& b : bytes) b = absl::Uniform<uint8_t>(gen);
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | 0x40);  // Version 4.
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC variant.
  constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (size_t i = 0; i < kUuidBytes; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kHex[bytes[i] >> 4]);
    id.push_back(kHex[bytes[i] & 0x0f]);
  }
  return id;
}

}  // namespace payments_client
