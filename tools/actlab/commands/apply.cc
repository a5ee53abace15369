// actlab apply: runs a kernel over a NumPy .npy array, forward or backward, in place in memory.
#include "actlab/kernels.h"
#include "actlab/npy.h"
#include "commands.h"

namespace actlab::cli {
namespace {

// dx = f'(x) dy, written over dy's buffer.
template <class T>
void BackwardInPlace(const Activation& act, const NpyArray& x, NpyArray& dy) {
  Backward(act, x.data<T>(), std::span<const T>(dy.data<T>()), dy.data<T>());
}

void SetupApply(CLI::App& program) {
  struct Options {
    std::string act;
    std::string in, out, grad;
    bool backward = false;
    int threads = 0;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand(
      "apply", "Apply an activation to a .npy array (float32 or float64, C order, any shape)");
  command->footer(
      "Forward writes y = f(x); --backward writes dx = f'(x)*dy. The dtype of X sets the "
      "precision.\n"
      "Example: actlab apply gelu --in x.npy --out y.npy\n"
      "         actlab apply elu:alpha=0.5 --in x.npy --backward --grad dy.npy --out dx.npy");
  command->add_option("act", options->act, "Activation spec, e.g. elu or leaky_relu:alpha=0.05")
      ->required();
  command->add_option("--in", options->in, "Input array x (.npy)")->required();
  command->add_option("--out", options->out, "Output array (.npy), written atomically")->required();
  command->add_flag("--backward", options->backward, "Write dx = f'(x) * dy instead of f(x)");
  command->add_option("--grad", options->grad, "Upstream gradient dy (.npy), with --backward");
  AddThreadsOption(command, &options->threads,
                   "Threads (default: ACTLAB_NUM_THREADS or all cores)");
  command->callback([options] {
    const Activation act = Activation::Parse(options->act);
    if (options->backward != !options->grad.empty()) {
      throw UsageError(options->backward ? "apply: --backward needs --grad DY.npy"
                                         : "apply: --grad is only allowed with --backward");
    }
    UseThreadsOption("apply", options->threads);

    NpyArray x = ReadNpy(options->in);
    if (!options->backward) {
      if (x.type() == NpyType::kFloat32) {
        Forward(act, std::span<const float>(x.data<float>()), x.data<float>());
      } else {
        Forward(act, std::span<const double>(x.data<double>()), x.data<double>());
      }
      WriteNpy(options->out, x);
      return;
    }
    NpyArray dy = ReadNpy(options->grad);
    if (dy.type() != x.type()) {
      throw UsageError("apply: --grad '" + options->grad + "' is " +
                       std::string(NpyTypeName(dy.type())) + " but --in '" + options->in + "' is " +
                       std::string(NpyTypeName(x.type())) + "; both must have the same dtype");
    }
    if (dy.shape() != x.shape()) {
      throw UsageError("apply: --grad '" + options->grad + "' has shape " +
                       FormatNpyShape(dy.shape()) + " but --in '" + options->in + "' has shape " +
                       FormatNpyShape(x.shape()) + "; both must have the same shape");
    }
    if (x.type() == NpyType::kFloat32) {
      BackwardInPlace<float>(act, x, dy);
    } else {
      BackwardInPlace<double>(act, x, dy);
    }
    WriteNpy(options->out, dy);
  });
}

}  // namespace

ACTLAB_COMMAND(30, SetupApply);

}  // namespace actlab::cli
