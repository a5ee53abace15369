// The library's side of the plotting module: its functions, loaded on first use (or linked in,
// in the sanitizer builds), and the text measure every renderer shares.
#include <dlfcn.h>

#include <string>

#include "actlab/io.h"
#include "io/module.h"
#include "plot/cairo_module.h"

namespace actlab::plot {
namespace {

const CairoModule& Load() {
#if ACTLAB_CAIRO_LINKED
  return actlab_cairo_module;
#else
  std::string reason;
  const auto* module = static_cast<const CairoModule*>(
      ModuleEntry(kCairoModule, kCairoEntry, RTLD_NOW | RTLD_LOCAL, &reason));
  if (!module) {
    throw IoError(std::string("cannot draw or measure text: the plotting module ") + kCairoModule +
                  " cannot be loaded: " + reason);
  }
  return *module;
#endif
}

}  // namespace

const CairoModule& Cairo() {
  static const CairoModule& module = Load();
  return module;
}

TextMetrics MeasureWithCairo(std::string_view text, double size) {
  TextMetrics metrics;
  Cairo().measure(text.data(), text.size(), size, &metrics);
  return metrics;
}

}  // namespace actlab::plot
