// The library's side of the plotting module: its entry points, loaded on first use (or linked in,
// in the sanitizer builds), and the text measure every renderer shares.
#include <dlfcn.h>

#include <string>

#include "actlab/io.h"
#include "io/module.h"
#include "plot/cairo_module.h"

#if ACTLAB_CAIRO_LINKED
extern "C" {
void actlab_cairo_measure(const char* text, std::size_t length, double size,
                          actlab::plot::TextMetrics* metrics);
bool actlab_cairo_render(actlab::plot::CairoSurface kind, double width, double height,
                         const char* title, actlab::plot::DrawCallback draw, void* context,
                         std::string* bytes, std::string* error);
}
#endif

namespace actlab::plot {
namespace {

CairoModule Load() {
#if ACTLAB_CAIRO_LINKED
  return {&actlab_cairo_measure, &actlab_cairo_render};
#else
  std::string reason;
  void* module = OpenModuleBesideLibrary(kCairoModule, RTLD_NOW | RTLD_LOCAL, &reason);
  if (!module) {
    throw IoError(std::string("cannot draw or measure text: the plotting module ") + kCairoModule +
                  " cannot be loaded: " + reason);
  }
  const CairoModule entries{
      reinterpret_cast<CairoMeasureFunction>(dlsym(module, kCairoMeasureSymbol)),
      reinterpret_cast<CairoRenderFunction>(dlsym(module, kCairoRenderSymbol))};
  if (!entries.measure || !entries.render) {
    throw IoError(std::string("the plotting module ") + kCairoModule + " is incomplete");
  }
  return entries;
#endif
}

}  // namespace

const CairoModule& Cairo() {
  static const CairoModule module = Load();
  return module;
}

TextMetrics MeasureWithCairo(std::string_view text, double size) {
  TextMetrics metrics;
  Cairo().measure(text.data(), text.size(), size, &metrics);
  return metrics;
}

}  // namespace actlab::plot
