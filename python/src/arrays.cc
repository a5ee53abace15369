// forward and backward over numpy arrays: float32 or float64, any shape and strides. Dense arrays
// (C or Fortran order) go to the kernels as they are, in place when `out` is the input; other
// layouts are copied to a contiguous array first and the result copied into `out`. The GIL is
// released while a kernel runs on a large array.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "actlab/kernels.h"
#include "bindings.h"

namespace actlab::python {
namespace {

// Below this many elements releasing and taking back the GIL costs more than the kernel itself.
constexpr py::ssize_t kReleaseGilFrom = 4096;

// The accuracy levels a caller may ask for. Only the catalogue's bounds ("exact") exist in the
// library so far; a level is parsed here and handed to the kernel calls below, so that a new
// level needs one more name and one more argument.
enum class Level { kExact };

Level ParseLevel(py::handle accuracy) {
  if (py::isinstance<py::str>(accuracy)) {
    const auto text = accuracy.cast<std::string>();
    if (text == "exact") return Level::kExact;
    throw py::value_error("accuracy='" + text + "' is not available; allowed: 'exact'");
  }
  throw py::type_error("accuracy must be a string ('exact'), not " +
                       std::string(py::str(accuracy.get_type().attr("__name__"))));
}

template <typename T>
void RunForward(const Activation& act, Level /*level*/, const void* x, void* y, std::size_t n) {
  Forward(act, std::span<const T>(static_cast<const T*>(x), n),
          std::span<T>(static_cast<T*>(y), n));
}

template <typename T>
void RunBackward(const Activation& act, Level /*level*/, const void* x, const void* dy, void* dx,
                 std::size_t n) {
  Backward(act, std::span<const T>(static_cast<const T*>(x), n),
           std::span<const T>(static_cast<const T*>(dy), n), std::span<T>(static_cast<T*>(dx), n));
}

enum class Dtype { kF32, kF64 };

// "list", "numpy.float64": the module too unless the type is a builtin.
std::string TypeName(py::handle object) {
  const py::handle type = object.get_type();
  const auto module = py::str(type.attr("__module__")).cast<std::string>();
  const auto name = py::str(type.attr("__name__")).cast<std::string>();
  return module == "builtins" ? name : module + "." + name;
}

// The array behind argument `what`, or TypeError naming what was given.
py::array AsArray(py::handle object, const char* function, const char* what) {
  if (!py::isinstance<py::array>(object)) {
    throw py::type_error(std::string(function) + ": " + what +
                         " must be a numpy.ndarray of float32 or float64, not " + TypeName(object));
  }
  return py::reinterpret_borrow<py::array>(object);
}

Dtype DtypeOf(const py::array& a, const char* function, const char* what) {
  if (py::array_t<float, 0>::check_(a)) return Dtype::kF32;
  if (py::array_t<double, 0>::check_(a)) return Dtype::kF64;
  throw py::type_error(
      std::string(function) + ": " + what + " has dtype " + std::string(py::str(a.dtype())) +
      "; expected float32 or float64 (convert explicitly, e.g. with .astype(np.float32))");
}

bool SameShape(const py::array& a, const py::array& b) {
  if (a.ndim() != b.ndim()) return false;
  for (py::ssize_t i = 0; i < a.ndim(); ++i) {
    if (a.shape(i) != b.shape(i)) return false;
  }
  return true;
}

std::string ShapeText(const py::array& a) {
  std::string text = "(";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) {
    text += std::to_string(a.shape(i));
    if (i + 1 < a.ndim() || a.ndim() == 1) text += ",";
    if (i + 1 < a.ndim()) text += " ";
  }
  return text + ")";
}

// An array that goes with x (dy, out): x's dtype and shape, or an error naming both.
void CheckLike(const py::array& a, const char* name, const py::array& x, Dtype dtype,
               const char* function) {
  if (DtypeOf(a, function, name) != dtype) {
    throw py::type_error(std::string(function) + ": " + name + " has dtype " +
                         std::string(py::str(a.dtype())) + " but x has dtype " +
                         std::string(py::str(x.dtype())));
  }
  if (!SameShape(a, x)) {
    throw py::value_error(std::string(function) + ": " + name + " has shape " + ShapeText(a) +
                          " but x has shape " + ShapeText(x));
  }
}

void CheckOut(const py::array& out, const py::array& x, Dtype dtype, const char* function) {
  CheckLike(out, "out", x, dtype, function);
  if (!out.writeable()) throw py::value_error(std::string(function) + ": out is read-only");
}

constexpr int kC = py::array::c_style;
constexpr int kF = py::array::f_style;

bool Dense(const py::array& a) { return (a.flags() & (kC | kF)) != 0; }
// Two dense arrays whose elements sit at the same offsets.
bool SameLayout(const py::array& a, const py::array& b) {
  return (a.flags() & b.flags() & (kC | kF)) != 0;
}

// Whether the bytes of two dense arrays overlap without being the same array.
bool PartlyOverlap(const py::array& a, const py::array& b) {
  const auto* pa = static_cast<const char*>(a.data());
  const auto* pb = static_cast<const char*>(b.data());
  if (pa == pb) return false;
  return pa < pb + b.nbytes() && pb < pa + a.nbytes();
}

// A new array shaped and laid out as the dense array `like`.
py::array EmptyLike(const py::array& like) {
  std::vector<py::ssize_t> shape(like.shape(), like.shape() + like.ndim());
  std::vector<py::ssize_t> strides(like.strides(), like.strides() + like.ndim());
  return py::array(like.dtype(), std::move(shape), std::move(strides));
}

py::array Contiguous(const py::array& a) {
  return py::module_::import("numpy").attr("ascontiguousarray")(a).cast<py::array>();
}

// Runs `kernel` with the GIL released when the array is large.
template <typename F>
void RunKernel(py::ssize_t n, F kernel) {
  if (n >= kReleaseGilFrom) {
    py::gil_scoped_release release;
    kernel();
  } else {
    kernel();
  }
}

py::object ForwardArray(py::handle spec, py::handle x_object, py::handle out_object,
                        py::handle accuracy) {
  static constexpr const char* kFunction = "actlab.forward";
  const Activation act = ResolveActivation(spec);
  const Level level = ParseLevel(accuracy);
  py::array x = AsArray(x_object, kFunction, "x");
  const Dtype dtype = DtypeOf(x, kFunction, "x");
  const bool has_out = !out_object.is_none();
  py::array out;
  if (has_out) {
    out = AsArray(out_object, kFunction, "out");
    CheckOut(out, x, dtype, kFunction);
  }
  const py::ssize_t n = x.size();
  auto run = [&](const py::array& in, py::array& result) {
    const void* src = in.data();
    void* dst = result.mutable_data();
    RunKernel(n, [&] {
      if (dtype == Dtype::kF32) {
        RunForward<float>(act, level, src, dst, static_cast<std::size_t>(n));
      } else {
        RunForward<double>(act, level, src, dst, static_cast<std::size_t>(n));
      }
    });
  };
  if (Dense(x) && (!has_out || (SameLayout(x, out) && !PartlyOverlap(x, out)))) {
    py::array result = has_out ? out : EmptyLike(x);
    run(x, result);
    return result;
  }
  // A strided input or output, or one that partly overlaps the other: through contiguous copies.
  py::array source = Contiguous(x);
  py::array result = EmptyLike(source);
  run(source, result);
  if (!has_out) return result;
  py::module_::import("numpy").attr("copyto")(out, result);
  return out;
}

py::object BackwardArray(py::handle spec, py::handle x_object, py::handle dy_object,
                         py::handle out_object, py::handle accuracy) {
  static constexpr const char* kFunction = "actlab.backward";
  const Activation act = ResolveActivation(spec);
  const Level level = ParseLevel(accuracy);
  py::array x = AsArray(x_object, kFunction, "x");
  py::array dy = AsArray(dy_object, kFunction, "dy");
  const Dtype dtype = DtypeOf(x, kFunction, "x");
  CheckLike(dy, "dy", x, dtype, kFunction);
  const bool has_out = !out_object.is_none();
  py::array out;
  if (has_out) {
    out = AsArray(out_object, kFunction, "out");
    CheckOut(out, x, dtype, kFunction);
  }
  const py::ssize_t n = x.size();
  auto run = [&](const py::array& in, const py::array& grad, py::array& result) {
    const void* src = in.data();
    const void* g = grad.data();
    void* dst = result.mutable_data();
    RunKernel(n, [&] {
      if (dtype == Dtype::kF32) {
        RunBackward<float>(act, level, src, g, dst, static_cast<std::size_t>(n));
      } else {
        RunBackward<double>(act, level, src, g, dst, static_cast<std::size_t>(n));
      }
    });
  };
  if (Dense(x) && Dense(dy) && SameLayout(x, dy) &&
      (!has_out || (SameLayout(x, out) && !PartlyOverlap(x, out) && !PartlyOverlap(dy, out)))) {
    py::array result = has_out ? out : EmptyLike(x);
    run(x, dy, result);
    return result;
  }
  py::array source = Contiguous(x);
  py::array grad = Contiguous(dy);
  py::array result = EmptyLike(source);
  run(source, grad, result);
  if (!has_out) return result;
  py::module_::import("numpy").attr("copyto")(out, result);
  return out;
}

// The kernel's own time per call on x (forward) or x and dy (backward), measured in C++ around
// the bare kernel call, best of `repetitions` (each a loop of at least `min_seconds`). For the
// Python speed comparison: the same arrays, the same process, no Python in the loop.
double KernelSeconds(py::handle spec, py::handle x_object, py::handle dy_object, int repetitions,
                     double min_seconds) {
  static constexpr const char* kFunction = "actlab._kernel_seconds";
  const Activation act = ResolveActivation(spec);
  py::array x = AsArray(x_object, kFunction, "x");
  const Dtype dtype = DtypeOf(x, kFunction, "x");
  if (!(x.flags() & kC)) throw py::value_error(std::string(kFunction) + ": x must be C-contiguous");
  const bool backward = !dy_object.is_none();
  py::array dy;
  if (backward) {
    dy = AsArray(dy_object, kFunction, "dy");
    if (DtypeOf(dy, kFunction, "dy") != dtype || !SameShape(dy, x) || !(dy.flags() & kC)) {
      throw py::value_error(std::string(kFunction) + ": dy must be a C-contiguous array like x");
    }
  }
  py::array result = EmptyLike(x);
  const auto n = static_cast<std::size_t>(x.size());
  const void* src = x.data();
  const void* g = backward ? dy.data() : nullptr;
  void* dst = result.mutable_data();
  double best = std::numeric_limits<double>::infinity();
  py::gil_scoped_release release;
  for (int r = 0; r < std::max(repetitions, 1); ++r) {
    long calls = 0;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    do {
      if (backward) {
        if (dtype == Dtype::kF32) {
          RunBackward<float>(act, Level::kExact, src, g, dst, n);
        } else {
          RunBackward<double>(act, Level::kExact, src, g, dst, n);
        }
      } else if (dtype == Dtype::kF32) {
        RunForward<float>(act, Level::kExact, src, dst, n);
      } else {
        RunForward<double>(act, Level::kExact, src, dst, n);
      }
      ++calls;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < min_seconds);
    best = std::min(best, elapsed / static_cast<double>(calls));
  }
  return best;
}

// prelu with one slope per channel (axis 1 of a C-contiguous array, or one slope in all), as
// torch.nn.PReLU: each run of elements that shares a slope goes to the kernel as one span.
struct ChannelBlocks {
  std::size_t outer = 1, channels = 1, inner = 1;
};

ChannelBlocks BlocksOf(const py::array& x, py::ssize_t slopes, const char* function) {
  ChannelBlocks blocks;
  if (slopes == 1) {
    blocks.inner = static_cast<std::size_t>(x.size());
    return blocks;
  }
  if (x.ndim() < 2 || x.shape(1) != slopes) {
    throw py::value_error(std::string(function) + ": " + std::to_string(slopes) +
                          " slopes need an input with that many channels on axis 1, not shape " +
                          ShapeText(x));
  }
  blocks.outer = static_cast<std::size_t>(x.shape(0));
  blocks.channels = static_cast<std::size_t>(slopes);
  blocks.inner = blocks.channels == 0
                     ? 0
                     : static_cast<std::size_t>(x.size()) / blocks.outer / blocks.channels;
  if (blocks.outer == 0) blocks.inner = 0;
  return blocks;
}

std::vector<Activation> SlopeActivations(
    const py::array_t<double, py::array::c_style | py::array::forcecast>& w) {
  std::vector<Activation> acts;
  const Activation prelu(Kind::kPrelu);
  for (py::ssize_t c = 0; c < w.size(); ++c) acts.push_back(prelu.With("alpha", w.data()[c]));
  return acts;
}

template <typename T>
void PreluForwardT(const std::vector<Activation>& acts, const ChannelBlocks& b, const T* x, T* y) {
  for (std::size_t o = 0; o < b.outer; ++o) {
    for (std::size_t c = 0; c < b.channels; ++c) {
      const std::size_t at = (o * b.channels + c) * b.inner;
      Forward(acts[c], std::span<const T>(x + at, b.inner), std::span<T>(y + at, b.inner));
    }
  }
}

template <typename T>
void PreluBackwardT(const std::vector<Activation>& acts, const ChannelBlocks& b, const T* x,
                    const T* dy, T* dx, double* dw) {
  for (std::size_t o = 0; o < b.outer; ++o) {
    for (std::size_t c = 0; c < b.channels; ++c) {
      const std::size_t at = (o * b.channels + c) * b.inner;
      // d loss / d slope = sum of min(0, x) dy, before dx may overwrite x or dy.
      double sum = 0;
      for (std::size_t i = at; i < at + b.inner; ++i) {
        if (x[i] < 0) sum += static_cast<double>(x[i]) * static_cast<double>(dy[i]);
      }
      dw[c] += sum;
      Backward(acts[c], std::span<const T>(x + at, b.inner), std::span<const T>(dy + at, b.inner),
               std::span<T>(dx + at, b.inner));
    }
  }
}

py::array CContiguousLike(const py::array& x, const char* function, const char* what, Dtype dtype) {
  if (DtypeOf(x, function, what) != dtype) {
    throw py::type_error(std::string(function) + ": " + what + " has dtype " +
                         std::string(py::str(x.dtype())));
  }
  if (!(x.flags() & kC))
    throw py::value_error(std::string(function) + ": " + what + " must be C-contiguous");
  return x;
}

py::array PreluForward(py::handle x_object, py::handle weight, py::handle out_object) {
  static constexpr const char* kFunction = "actlab._prelu_forward";
  py::array x = AsArray(x_object, kFunction, "x");
  const Dtype dtype = DtypeOf(x, kFunction, "x");
  CContiguousLike(x, kFunction, "x", dtype);
  py::array out = AsArray(out_object, kFunction, "out");
  CheckOut(out, x, dtype, kFunction);
  CContiguousLike(out, kFunction, "out", dtype);
  auto w = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(weight);
  if (!w) throw py::error_already_set();
  const ChannelBlocks blocks = BlocksOf(x, w.size(), kFunction);
  const std::vector<Activation> acts = SlopeActivations(w);
  const void* src = x.data();
  void* dst = out.mutable_data();
  RunKernel(x.size(), [&] {
    if (dtype == Dtype::kF32) {
      PreluForwardT(acts, blocks, static_cast<const float*>(src), static_cast<float*>(dst));
    } else {
      PreluForwardT(acts, blocks, static_cast<const double*>(src), static_cast<double*>(dst));
    }
  });
  return out;
}

// Returns d loss / d slopes (float64, one per slope) and writes d loss / dx into out.
py::array PreluBackward(py::handle x_object, py::handle weight, py::handle dy_object,
                        py::handle out_object) {
  static constexpr const char* kFunction = "actlab._prelu_backward";
  py::array x = AsArray(x_object, kFunction, "x");
  const Dtype dtype = DtypeOf(x, kFunction, "x");
  CContiguousLike(x, kFunction, "x", dtype);
  py::array dy = AsArray(dy_object, kFunction, "dy");
  CContiguousLike(dy, kFunction, "dy", dtype);
  if (!SameShape(x, dy))
    throw py::value_error(std::string(kFunction) + ": dy and x differ in shape");
  py::array out = AsArray(out_object, kFunction, "out");
  CheckOut(out, x, dtype, kFunction);
  CContiguousLike(out, kFunction, "out", dtype);
  auto w = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(weight);
  if (!w) throw py::error_already_set();
  const ChannelBlocks blocks = BlocksOf(x, w.size(), kFunction);
  const std::vector<Activation> acts = SlopeActivations(w);
  py::array_t<double> dw(w.size());
  std::fill(dw.mutable_data(), dw.mutable_data() + w.size(), 0.0);
  const void* src = x.data();
  const void* g = dy.data();
  void* dst = out.mutable_data();
  double* dw_data = dw.mutable_data();
  RunKernel(x.size(), [&] {
    if (dtype == Dtype::kF32) {
      PreluBackwardT(acts, blocks, static_cast<const float*>(src), static_cast<const float*>(g),
                     static_cast<float*>(dst), dw_data);
    } else {
      PreluBackwardT(acts, blocks, static_cast<const double*>(src), static_cast<const double*>(g),
                     static_cast<double*>(dst), dw_data);
    }
  });
  return dw;
}

}  // namespace

void RegisterArrays(py::module_& m) {
  m.def("forward", &ForwardArray, py::arg("spec"), py::arg("x"), py::kw_only(),
        py::arg("out") = py::none(), py::arg("accuracy") = "exact",
        "y = f(x) elementwise over a float32 or float64 numpy array of any shape and strides.\n\n"
        "Contiguous arrays are read without a copy; out= (same shape and dtype, may be x) is "
        "written\n"
        "and returned. Other dtypes raise TypeError. accuracy: only 'exact' so far. The GIL is\n"
        "released while the kernel runs on 4096 elements or more.");
  m.def("backward", &BackwardArray, py::arg("spec"), py::arg("x"), py::arg("dy"), py::kw_only(),
        py::arg("out") = py::none(), py::arg("accuracy") = "exact",
        "dx = f'(x) dy elementwise, from x with the stable closed forms; out= may be x or dy.\n"
        "Otherwise as forward.");
  m.def(
      "set_num_threads",
      [](int threads) {
        if (threads < 1)
          throw py::value_error("set_num_threads: threads must be >= 1, not " +
                                std::to_string(threads));
        SetNumThreads(threads);
      },
      py::arg("threads"), "Threads the kernels use for large arrays.");
  m.def("get_num_threads", &NumThreads, "Threads the kernels use for large arrays.");
  m.def("kernel_target", &KernelTarget,
        "The instruction set the kernels run with on this machine.");
  m.def("_kernel_seconds", &KernelSeconds, py::arg("spec"), py::arg("x"),
        py::arg("dy") = py::none(), py::arg("repetitions") = 5, py::arg("min_seconds") = 0.01);
  m.def("_prelu_forward", &PreluForward, py::arg("x"), py::arg("weight"), py::arg("out"));
  m.def("_prelu_backward", &PreluBackward, py::arg("x"), py::arg("weight"), py::arg("dy"),
        py::arg("out"));
}

}  // namespace actlab::python
