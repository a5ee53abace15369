// Drawing a figure to PNG, SVG or PDF through cairo.
#ifndef ACTLAB_PLOT_SAVE_H_
#define ACTLAB_PLOT_SAVE_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "actlab/plot/figure.h"

namespace actlab::plot {

enum class ImageFormat { kPng, kSvg, kPdf };

// The format named by a path's extension (.png, .svg, .pdf, any case); throws std::invalid_argument
// naming the extension and the allowed ones.
ImageFormat ImageFormatFromPath(const std::filesystem::path& path);

// The encoded image. `dpi` sets the PNG's pixel size (6.4 in at 100 dpi: 640 px); SVG and PDF are
// sized in points (72 per inch) whatever the dpi. The SVG carries the figure's titles in <title>
// (cairo draws text as glyph outlines), the PDF in its metadata.
std::string RenderFigure(const Figure& figure, ImageFormat format, double dpi = 100);

// Writes the figure to `path` in the format of its extension, through a temporary file and a
// rename. Throws std::invalid_argument for an unknown extension or a dpi outside [10, 1200]
// (nothing is written), IoError when the file cannot be written.
void SaveFigure(const Figure& figure, const std::filesystem::path& path, double dpi = 100);

}  // namespace actlab::plot

#endif  // ACTLAB_PLOT_SAVE_H_
