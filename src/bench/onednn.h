// oneDNN's eltwise primitives, prepared once over fixed buffers so that the benchmark times only
// their execution. Compiled against oneDNN only when CMake found it (ACTLAB_HAVE_ONEDNN).
#ifndef ACTLAB_SRC_BENCH_ONEDNN_H_
#define ACTLAB_SRC_BENCH_ONEDNN_H_

#include <cstddef>
#include <memory>

#include "actlab/activation.h"
#include "actlab/bench.h"

namespace actlab::bench_internal {

// One primitive bound to its arrays.
class OneDnnRunner {
 public:
  virtual ~OneDnnRunner() = default;
  virtual void Run() = 0;
};

// Forward reads x and writes out; backward reads x and dy and writes out. Returns nullptr when
// oneDNN has no counterpart of `act` or actlab was built without oneDNN. n must be positive.
std::unique_ptr<OneDnnRunner> MakeOneDnnRunner(const Activation& act, Direction direction,
                                               const float* x, const float* dy, float* out,
                                               std::size_t n);

}  // namespace actlab::bench_internal

#endif  // ACTLAB_SRC_BENCH_ONEDNN_H_
