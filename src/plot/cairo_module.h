// The plotting module (libactlab_cairo.so): cairo, fontconfig and the fonts, loaded by the library
// on the first figure drawn or text measured, so that a command that draws nothing never loads
// them. Its entry, a table of its functions, is declared here for both sides. The sanitizer builds
// link the module's code into the library instead (ACTLAB_CAIRO_LINKED; see CMakeLists.txt).
#ifndef ACTLAB_SRC_PLOT_CAIRO_MODULE_H_
#define ACTLAB_SRC_PLOT_CAIRO_MODULE_H_

#include <cstddef>
#include <string>

#include "actlab/plot/renderer.h"

namespace actlab::plot {

inline constexpr const char* kCairoModule = "libactlab_cairo.so";
inline constexpr const char* kCairoEntry = "actlab_cairo_module";

// The surfaces the module draws on.
enum class CairoSurface : int { kPng = 0, kSvg = 1, kPdf = 2 };

// Draws the figure on the renderer the module made.
using DrawCallback = void (*)(void* context, Renderer& renderer);

// The metrics of `length` bytes of UTF-8 `text` at font size `size`.
using CairoMeasureFunction = void (*)(const char* text, std::size_t length, double size,
                                      TextMetrics* metrics);
// Makes a surface of `width` x `height` (pixels for PNG; points for SVG and PDF), lets
// `draw` draw on it and appends the encoded file to *bytes. `title` goes into the PDF's metadata.
// Returns false with cairo's reason in *error; an exception of `draw` passes through.
using CairoRenderFunction = bool (*)(CairoSurface surface, double width, double height,
                                     const char* title, DrawCallback draw, void* context,
                                     std::string* bytes, std::string* error);

struct CairoModule {
  CairoMeasureFunction measure;
  CairoRenderFunction render;
};

// The module's functions, loaded once; throws IoError when the module cannot be loaded.
const CairoModule& Cairo();

}  // namespace actlab::plot

// The module's entry (exported from libactlab_cairo.so, or linked into the library).
extern "C" __attribute__((visibility("default")))
const actlab::plot::CairoModule actlab_cairo_module;

#endif  // ACTLAB_SRC_PLOT_CAIRO_MODULE_H_
