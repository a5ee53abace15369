// oneDNN's eltwise primitives, prepared once over fixed buffers so that the benchmark times only
// their execution. oneDNN is linked into a module of its own (libactlab_onednn.so, built when CMake
// finds libdnnl-dev), which the library loads on first use; its entry is declared here, for both
// sides.
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
// oneDNN has no counterpart of `act` or its module is not there. n must be positive.
std::unique_ptr<OneDnnRunner> MakeOneDnnRunner(const Activation& act, Direction direction,
                                               const float* x, const float* dy, float* out,
                                               std::size_t n);

// The module: its file (beside libactlab) and its one entry, a table of its functions.
inline constexpr const char* kOneDnnModule = "libactlab_onednn.so";
inline constexpr const char* kOneDnnEntry = "actlab_onednn_module";
struct OneDnnModule {
  // "2.6.3", for instance.
  const char* (*version)();
  // A runner for oneDNN's algorithm named `algorithm` ("eltwise_elu"), or nullptr; owned by the
  // caller.
  OneDnnRunner* (*make_runner)(const char* algorithm, float alpha, float beta, bool backward,
                               const float* x, const float* dy, float* out, std::size_t n);
};

}  // namespace actlab::bench_internal

#endif  // ACTLAB_SRC_BENCH_ONEDNN_H_
