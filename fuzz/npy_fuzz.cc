// libFuzzer target: the .npy reader. Any input either parses into an array whose header, written
// again, parses back to the same shape and type, or is refused with IoError; nothing else may
// happen (no crash, no other exception, no allocation beyond the input's size).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "actlab/io.h"
#include "actlab/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const actlab::NpyArray array = actlab::ParseNpy(bytes, "fuzz.npy");
    const std::string header = actlab::NpyHeaderBytes(array.type(), array.shape());
    const actlab::NpyHeader again = actlab::ParseNpyHeader(header, "rewritten.npy");
    if (again.shape != array.shape() || again.type != array.type() ||
        again.data_offset != header.size() || again.count != array.size()) {
      std::abort();
    }
  } catch (const actlab::IoError&) {
  }
  return 0;
}
