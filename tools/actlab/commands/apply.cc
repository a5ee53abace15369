// actlab apply: runs a kernel over a NumPy .npy array, forward or backward, streamed in blocks so
// that an array larger than memory passes through a fixed amount of it.
#include <algorithm>
#include <memory>
#include <vector>

#include "actlab/kernels.h"
#include "actlab/npy.h"
#include "commands.h"
#include "progress.h"

namespace actlab::cli {
namespace {

struct Options {
  std::string act;
  std::string in, out, grad;
  bool backward = false;
  std::int64_t block = std::int64_t{1} << 22;
  int threads = 0;
};

// Reads `count` elements of T from `reader` into `buffer`.
template <class T>
std::span<T> ReadBlock(NpyReader& reader, std::vector<T>& buffer, std::size_t count) {
  const std::span<T> block(buffer.data(), count);
  reader.Read(std::as_writable_bytes(block));
  return block;
}

// y = f(x) or dx = f'(x) dy, `block` elements at a time: memory stays at two or three blocks
// whatever the size of the array.
template <class T>
void Stream(const Activation& act, NpyReader& x, NpyReader* dy, Output& out, std::size_t block) {
  std::vector<T> xs(block), dys(dy ? block : 0), result(block);
  const std::uint64_t total = x.header().count;
  ProgressBar bar("apply", total);
  for (std::uint64_t left = total; left > 0;) {
    bar.Set(total - left, "elements");
    const auto count = static_cast<std::size_t>(std::min<std::uint64_t>(left, block));
    const std::span<const T> xb = ReadBlock(x, xs, count);
    const std::span<T> rb(result.data(), count);
    if (dy) {
      Backward(act, xb, std::span<const T>(ReadBlock(*dy, dys, count)), rb);
    } else {
      Forward(act, xb, rb);
    }
    out.Write({reinterpret_cast<const char*>(rb.data()), rb.size_bytes()});
    left -= count;
  }
}

void Run(const Options& options) {
  const Activation act = Activation::Parse(options.act);
  if (options.backward != !options.grad.empty()) {
    throw UsageError(options.backward ? "apply: --backward needs --grad DY.npy"
                                      : "apply: --grad is only allowed with --backward");
  }
  UseThreadsOption(options.threads);
  NpyReader x(options.in);
  std::unique_ptr<NpyReader> dy;
  if (options.backward) {
    dy = std::make_unique<NpyReader>(options.grad);
    const NpyHeader& g = dy->header();
    if (g.type != x.header().type) {
      throw UsageError("apply: --grad '" + options.grad + "' is " +
                       std::string(NpyTypeName(g.type)) + " but --in '" + options.in + "' is " +
                       std::string(NpyTypeName(x.header().type)) +
                       "; both must have the same dtype");
    }
    if (g.shape != x.header().shape) {
      throw UsageError("apply: --grad '" + options.grad + "' has shape " + FormatNpyShape(g.shape) +
                       " but --in '" + options.in + "' has shape " +
                       FormatNpyShape(x.header().shape) + "; both must have the same shape");
    }
  }
  const std::size_t item = NpyItemSize(x.header().type);
  RequireMemory((dy ? 3 : 2) * item * static_cast<std::uint64_t>(options.block),
                "apply --block " + std::to_string(options.block));
  Output out(options.out);
  out.Write(NpyHeaderBytes(x.header().type, x.header().shape));
  const auto block = static_cast<std::size_t>(options.block);
  if (x.header().type == NpyType::kFloat32) {
    Stream<float>(act, x, dy.get(), out, block);
  } else {
    Stream<double>(act, x, dy.get(), out, block);
  }
  out.Commit();
}

void SetupApply(CLI::App& program) {
  auto options = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand(
      "apply", "Apply an activation to a .npy array (float32 or float64, C order, any shape)");
  command->footer(
      "Forward writes y = f(x); --backward writes dx = f'(x)*dy. The dtype of X sets the "
      "precision.\n"
      "The arrays are streamed --block elements at a time: memory stays near 2 (forward) or 3\n"
      "(backward) blocks whatever their size.\n"
      "Example: actlab apply gelu --in x.npy --out y.npy\n"
      "         actlab apply elu:alpha=0.5 --in x.npy --backward --grad dy.npy --out dx.npy");
  command->add_option("act", options->act, "Activation spec, e.g. elu or leaky_relu:alpha=0.05")
      ->required();
  command->add_option("--in", options->in, "Input array x (.npy)")->required();
  command
      ->add_option("--out", options->out,
                   "Output array (.npy), written atomically; '-' for standard output")
      ->required();
  command->add_flag("--backward", options->backward, "Write dx = f'(x) * dy instead of f(x)");
  command->add_option("--grad", options->grad, "Upstream gradient dy (.npy), with --backward");
  AddNumberOption(command, "--block", &options->block, {.min = 1, .max = std::int64_t{1} << 34},
                  "Elements per block")
      ->capture_default_str();
  AddThreadsOption(command, &options->threads,
                   "Threads (default: ACTLAB_NUM_THREADS or all cores)");
  AddQuietOption(command);
  command->callback([options] { Run(*options); });
}

}  // namespace

ACTLAB_COMMAND(30, SetupApply);

}  // namespace actlab::cli
