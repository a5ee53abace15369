// Paths and texts through cairo; the same measurements serve the recording renderer (through the
// plotting module's entry points, cairo_module.h).
#include "plot/cairo_renderer.h"

#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

namespace actlab::plot {
namespace {

void SetColor(cairo_t* cr, const Color& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

// matplotlib's dash patterns, in multiples of the line width.
std::vector<double> DashPattern(LineStyle style, double width) {
  std::vector<double> pattern;
  switch (style) {
    case LineStyle::kSolid:
      break;
    case LineStyle::kDashed:
      pattern = {3.7, 1.6};
      break;
    case LineStyle::kDotted:
      pattern = {1, 1.65};
      break;
    case LineStyle::kDashDot:
      pattern = {6.4, 1.6, 1, 1.6};
      break;
  }
  for (double& d : pattern) d *= width;
  return pattern;
}

// Pixel-centre snapping for crisp lines, as Agg does for straight axis-aligned paths: to the
// nearest pixel centre (odd widths) or edge (even widths), rounding as matplotlib's PathSnapper
// does.
double Snap(double v, double width) {
  const double offset = static_cast<long>(std::lround(width)) % 2 == 1 ? 0.5 : 0.0;
  return std::floor(v + 0.5) + offset;
}

constexpr const char* kFamily = "DejaVu Sans";
constexpr char32_t kReplacement = 0xFFFD;  // drawn for bytes that are not UTF-8

// The code point that starts at text[*i], with *i moved past it; nullopt (and *i moved one byte)
// where no valid UTF-8 sequence starts: a stray byte, a cut or overlong sequence, a surrogate.
std::optional<char32_t> NextCodePoint(std::string_view text, std::size_t* i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(*i);
  const std::size_t length = lead < 0x80           ? 1
                             : (lead >> 5) == 0x6  ? 2
                             : (lead >> 4) == 0xE  ? 3
                             : (lead >> 3) == 0x1E ? 4
                                                   : 0;
  if (length == 0 || *i + length > text.size()) {
    ++*i;
    return std::nullopt;
  }
  char32_t value = length == 1 ? lead : lead & (0x7Fu >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(*i + k) >> 6) != 0x2) {
      ++*i;
      return std::nullopt;
    }
    value = (value << 6) | (byte(*i + k) & 0x3Fu);
  }
  constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kSmallest[length] || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
    ++*i;
    return std::nullopt;
  }
  *i += length;
  return value;
}

// The family fontconfig offers for `c` when DejaVu Sans is asked for: DejaVu Sans itself where it
// has the glyph, else the closest installed font whose character set holds it, else DejaVu Sans
// (which then draws its box for a missing glyph). Answers are remembered for the process.
std::string FamilyFor(char32_t c) {
  if (c < 0x250) return kFamily;  // Latin, which DejaVu Sans covers whole
  static std::mutex mutex;
  static std::map<char32_t, std::string> known;
  const std::lock_guard lock(mutex);
  if (auto it = known.find(c); it != known.end()) return it->second;
  std::string family = kFamily;
  FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(kFamily));
  FcCharSet* wanted = FcCharSetCreate();
  FcCharSetAddChar(wanted, c);
  FcPatternAddCharSet(pattern, FC_CHARSET, wanted);
  FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  if (FcFontSet* fonts = FcFontSort(nullptr, pattern, FcFalse, nullptr, &result)) {
    for (int i = 0; i < fonts->nfont; ++i) {
      FcCharSet* chars = nullptr;
      FcChar8* name = nullptr;
      if (FcPatternGetCharSet(fonts->fonts[i], FC_CHARSET, 0, &chars) == FcResultMatch &&
          FcCharSetHasChar(chars, c) &&
          FcPatternGetString(fonts->fonts[i], FC_FAMILY, 0, &name) == FcResultMatch) {
        family = reinterpret_cast<const char*>(name);
        break;
      }
    }
    FcFontSetDestroy(fonts);
  }
  FcCharSetDestroy(wanted);
  FcPatternDestroy(pattern);
  return known[c] = family;
}

void SelectFamily(cairo_t* cr, const std::string& family) {
  cairo_select_font_face(cr, family.c_str(), CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
}

}  // namespace

std::vector<FontRun> FontRuns(std::string_view text) {
  std::vector<FontRun> runs;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t begin = i;
    const std::optional<char32_t> c = NextCodePoint(text, &i);
    std::string family = FamilyFor(c.value_or(kReplacement));
    const std::string_view piece = c ? text.substr(begin, i - begin) : "\uFFFD";
    if (!runs.empty() && runs.back().family == family) {
      runs.back().text += piece;
    } else {
      runs.push_back({std::move(family), std::string(piece)});
    }
  }
  return runs;
}

void SelectFont(cairo_t* cr, double size) {
  SelectFamily(cr, kFamily);
  cairo_set_font_size(cr, size);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options(cr, options);
  cairo_font_options_destroy(options);
}

TextMetrics MeasureTextInCairo(std::string_view text, double size) {
  // One scratch context per thread; measuring needs no surface of any size.
  struct Scratch {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t* cr = cairo_create(surface);
    ~Scratch() {
      cairo_destroy(cr);
      cairo_surface_destroy(surface);
    }
  };
  thread_local Scratch scratch;
  SelectFont(scratch.cr, size);
  std::optional<TextMetrics> metrics;
  for (const FontRun& run : FontRuns(text)) {
    SelectFamily(scratch.cr, run.family);
    cairo_text_extents_t extents;
    cairo_text_extents(scratch.cr, run.text.c_str(), &extents);
    const TextMetrics part{extents.x_advance, -extents.y_bearing,
                           extents.height + extents.y_bearing};
    if (!metrics) {
      metrics = part;
    } else {
      metrics->width += part.width;
      metrics->ascent = std::max(metrics->ascent, part.ascent);
      metrics->descent = std::max(metrics->descent, part.descent);
    }
  }
  return metrics.value_or(TextMetrics{});
}

CairoRenderer::CairoRenderer(cairo_t* cr, bool raster) : cr_(cr), raster_(raster) {
  cairo_set_antialias(cr_, CAIRO_ANTIALIAS_GRAY);
}

void CairoRenderer::DrawPath(std::span<const Point> points, const PathStyle& style) {
  if (points.empty()) return;
  std::vector<Point> path(points.begin(), points.end());
  if (raster_ && style.snap && style.stroke && path.size() == 2) {
    if (path[0].x == path[1].x) path[0].x = path[1].x = Snap(path[0].x, style.width);
    if (path[0].y == path[1].y) path[0].y = path[1].y = Snap(path[0].y, style.width);
  }
  cairo_new_path(cr_);
  cairo_move_to(cr_, path[0].x, path[0].y);
  for (std::size_t i = 1; i < path.size(); ++i) cairo_line_to(cr_, path[i].x, path[i].y);
  if (style.fill) {
    cairo_close_path(cr_);
    SetColor(cr_, *style.fill);
    if (style.stroke) {
      cairo_fill_preserve(cr_);
    } else {
      cairo_fill(cr_);
    }
  }
  if (style.stroke) {
    SetColor(cr_, *style.stroke);
    cairo_set_line_width(cr_, style.width);
    cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr_, CAIRO_LINE_CAP_BUTT);
    const std::vector<double> dashes = DashPattern(style.dash, style.width);
    cairo_set_dash(cr_, dashes.data(), static_cast<int>(dashes.size()), 0);
    cairo_stroke(cr_);
  }
  cairo_new_path(cr_);
}

void CairoRenderer::DrawText(std::string_view text, Point origin, const TextStyle& style) {
  cairo_save(cr_);
  SelectFont(cr_, style.size);
  SetColor(cr_, style.color);
  cairo_translate(cr_, origin.x, origin.y);
  cairo_rotate(cr_, -style.rotation_deg * std::numbers::pi / 180);
  cairo_move_to(cr_, 0, 0);
  for (const FontRun& run : FontRuns(text)) {  // each run moves the current point past itself
    SelectFamily(cr_, run.family);
    cairo_show_text(cr_, run.text.c_str());
  }
  cairo_new_path(cr_);
  cairo_restore(cr_);
}

TextMetrics CairoRenderer::MeasureText(std::string_view text, double size) {
  return MeasureTextInCairo(text, size);
}

}  // namespace actlab::plot
