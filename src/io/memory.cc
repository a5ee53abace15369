#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>

#include "actlab/io.h"

namespace actlab {

std::uint64_t AvailableMemory() {
  std::uint64_t limit = static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) *
                        static_cast<std::uint64_t>(sysconf(_SC_PAGE_SIZE));
  // MemAvailable: what can be allocated now without swapping out others.
  std::ifstream meminfo("/proc/meminfo");
  std::string key, unit;
  std::uint64_t kib = 0;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") {
      limit = std::min(limit, kib * 1024);
      break;
    }
  }
  rlimit address_space{};
  if (getrlimit(RLIMIT_AS, &address_space) == 0 && address_space.rlim_cur != RLIM_INFINITY) {
    limit = std::min<std::uint64_t>(limit, address_space.rlim_cur);
  }
  std::ifstream cgroup("/sys/fs/cgroup/memory.max");  // a container's limit (cgroup v2)
  std::string text;
  if (cgroup >> text && text != "max") {
    try {
      limit = std::min<std::uint64_t>(limit, std::stoull(text));
    } catch (const std::exception&) {
    }
  }
  return limit;
}

std::string FormatBytes(std::uint64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 6) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? std::to_string(bytes) + " bytes" : FormatDigits(value, 3) + " " + units[unit];
}

void RequireMemory(std::uint64_t bytes, std::string_view what) {
  const std::uint64_t available = AvailableMemory();
  if (bytes > available) {
    throw IoError(std::string(what) + " needs " + FormatBytes(bytes) +
                  " of memory; this machine allows " + FormatBytes(available));
  }
}

}  // namespace actlab
