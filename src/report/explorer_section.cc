// The explorer: every catalogue entry's f and f' on a grid, computed here, drawn by a small script
// embedded in the page. The reader ticks activations, switches between f and f', moves a parameter
// (one precomputed curve per slider step) and reads the values under the pointer. With scripts off
// the section shows the same activations as a static figure.
#include <cmath>

#include "actlab/activation.h"
#include "actlab/figures/activations.h"
#include "report/html.h"
#include "report/sections.h"

namespace actlab::report {
namespace {

constexpr int kGridPoints = 201;  // x = -5, -4.95, ..., 5
constexpr double kGridLow = -5, kGridHigh = 5;
constexpr int kStepsEachSide = 5;  // 11 values per parameter, the default among them

// The entries shown when the page opens: the tutorial's figures.
bool ShownFirst(Kind kind) {
  for (Kind tutorial : plot::TutorialKinds()) {
    if (tutorial == kind) return true;
  }
  return false;
}

double GridX(int i) { return kGridLow + (kGridHigh - kGridLow) * i / (kGridPoints - 1); }

// A JSON array of f (or f') over the grid, 8 significant digits (null where not finite).
std::string Curve(const Activation& act, bool derivative) {
  std::string json = "[";
  for (int i = 0; i < kGridPoints; ++i) {
    const double y = derivative ? act.Derivative(GridX(i)) : act.Value(GridX(i));
    json += (i ? "," : "") + (std::isfinite(y) ? FormatDigits(y, 8) : std::string("null"));
  }
  return json + "]";
}

std::string CurvePair(const Activation& act) {
  return "{\"spec\":\"" + act.ToString() + "\",\"f\":" + Curve(act, false) +
         ",\"df\":" + Curve(act, true) + "}";
}

// The values a slider steps through: the default and kStepsEachSide steps of
// max(1, |default|) / kStepsEachSide on each side, those the parameter's range and the entry allow.
std::vector<double> SliderValues(const Activation& act, const ParamSpec& p) {
  const double step = std::max(1.0, std::abs(p.default_value)) / kStepsEachSide;
  std::vector<double> values;
  for (int k = -kStepsEachSide; k <= kStepsEachSide; ++k) {
    const double value = k == 0 ? p.default_value : p.default_value + k * step;
    try {
      (void)act.With(p.name, value);
      values.push_back(value);
    } catch (const SpecError&) {
      // outside the range or the entry's combination rules (lower <= upper): not offered
    }
  }
  return values;
}

struct Parameter {
  std::string html;  // the control
  std::string json;  // its curves
};

Parameter ParameterControl(const Info& info, int index) {
  const ParamSpec& p = info.params[static_cast<std::size_t>(index)];
  const Activation base(info.kind);
  const std::string id = "explorer-" + std::string(info.name) + "-" + std::string(p.name);
  std::vector<std::string> labels;
  std::vector<Activation> variants;
  std::size_t default_index = 0;
  if (p.choices.empty()) {
    for (double value : SliderValues(base, p)) {
      if (value == p.default_value) default_index = variants.size();
      variants.push_back(base.With(p.name, value));
      labels.push_back(FormatDigits(value, 4));
    }
  } else {
    for (std::size_t c = 0; c < p.choices.size(); ++c) {
      variants.push_back(base.With(p.name, static_cast<double>(c)));
      labels.emplace_back(p.choices[c]);
    }
    default_index = static_cast<std::size_t>(p.default_value);
  }
  Parameter parameter;
  parameter.json = "{\"name\":\"" + std::string(p.name) +
                   "\",\"default\":" + std::to_string(default_index) + ",\"curves\":[";
  for (std::size_t v = 0; v < variants.size(); ++v) {
    parameter.json += (v ? "," : "") + CurvePair(variants[v]);
  }
  parameter.json += "]}";
  const std::string data =
      " data-act=\"" + std::string(info.name) + "\" data-param=\"" + std::to_string(index) + "\"";
  parameter.html =
      "<label for=\"" + id + "\">" + Escape(info.name) + " " + Escape(p.name) + "</label>";
  if (p.choices.empty()) {
    parameter.html += "<input type=\"range\" id=\"" + id + "\"" + data + " min=\"0\" max=\"" +
                      std::to_string(variants.size() - 1) + "\" step=\"1\" value=\"" +
                      std::to_string(default_index) + "\" data-labels=\"";
    for (std::size_t v = 0; v < labels.size(); ++v) parameter.html += (v ? " " : "") + labels[v];
    parameter.html += "\"><output for=\"" + id + "\">" + labels[default_index] + "</output>";
  } else {
    parameter.html += "<select id=\"" + id + "\"" + data + ">";
    for (std::size_t c = 0; c < labels.size(); ++c) {
      parameter.html += "<option value=\"" + std::to_string(c) + "\"" +
                        (c == default_index ? " selected" : "") + ">" + Escape(labels[c]) +
                        "</option>";
    }
    parameter.html += "</select><output for=\"" + id + "\"></output>";
  }
  parameter.html += "\n";
  return parameter;
}

constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  var root = document.getElementById('explorer');
  var data = JSON.parse(document.getElementById('explorer-data').textContent);
  var svg = document.getElementById('explorer-plot');
  var readout = document.getElementById('explorer-readout');
  var NS = 'http://www.w3.org/2000/svg';
  var W = 720, H = 440, L = 64, R = 16, T = 16, B = 44;
  var colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2',
                '#7f7f7f', '#bcbd22', '#17becf'];
  var state = { view: 'f', hover: -1, curves: {} };
  data.acts.forEach(function (a, i) { a.color = colors[i % colors.length]; state.curves[a.name] = a; });
  root.querySelectorAll('[data-script-only]').forEach(function (e) { e.hidden = false; });
  document.getElementById('figure-explorer_static').hidden = true;

  function visible() {
    return data.acts.filter(function (a) {
      return root.querySelector('input[type=checkbox][data-act="' + a.name + '"]').checked;
    });
  }
  function ys(a) { return state.curves[a.name][state.view]; }
  function nice(lo, hi, bins) {
    var raw = (hi - lo) / bins, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
    var step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
    var ticks = [];
    for (var k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) ticks.push(k * step);
    return { ticks: ticks, step: step };
  }
  function label(v, step) {
    var digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    var text = (Math.abs(v) < step / 2 ? 0 : v).toFixed(digits);
    return text.replace('-', '\u2212');
  }
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function draw() {
    var shown = visible(), lo = Infinity, hi = -Infinity;
    shown.forEach(function (a) {
      ys(a).forEach(function (y) { if (y !== null) { lo = Math.min(lo, y); hi = Math.max(hi, y); } });
    });
    if (!(lo < hi)) { lo = (isFinite(lo) ? lo : 0) - 1; hi = lo + 2; }
    var pad = (hi - lo) * 0.05; lo -= pad; hi += pad;
    var x0 = data.x[0], x1 = data.x[data.x.length - 1];
    var sx = function (x) { return L + (x - x0) / (x1 - x0) * (W - L - R); };
    var sy = function (y) { return T + (hi - y) / (hi - lo) * (H - T - B); };
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    var yt = nice(lo, hi, 8), xt = nice(x0, x1, 10);
    yt.ticks.forEach(function (y) {
      svg.appendChild(el('line', { x1: L, x2: W - R, y1: sy(y), y2: sy(y), class: 'gridline' }));
      svg.appendChild(el('text', { x: L - 6, y: sy(y) + 4, 'text-anchor': 'end' }, label(y, yt.step)));
    });
    xt.ticks.forEach(function (x) {
      svg.appendChild(el('line', { x1: sx(x), x2: sx(x), y1: T, y2: H - B, class: 'gridline' }));
      svg.appendChild(el('text', { x: sx(x), y: H - B + 16, 'text-anchor': 'middle' }, label(x, xt.step)));
    });
    svg.appendChild(el('rect', { x: L, y: T, width: W - L - R, height: H - T - B, class: 'frame' }));
    svg.appendChild(el('text', { x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle' }, 'x'));
    svg.appendChild(el('text', { x: 14, y: (T + H - B) / 2, 'text-anchor': 'middle',
      transform: 'rotate(-90 14 ' + (T + H - B) / 2 + ')' }, state.view === 'f' ? 'f(x)' : "f\u2032(x)"));
    shown.forEach(function (a) {
      var d = '', pen = false;
      ys(a).forEach(function (y, i) {
        if (y === null) { pen = false; return; }
        d += (pen ? 'L' : 'M') + sx(data.x[i]).toFixed(2) + ' ' + sy(y).toFixed(2);
        pen = true;
      });
      svg.appendChild(el('path', { d: d, stroke: a.color, 'data-act': a.name, class: 'curve' }));
    });
    if (state.hover >= 0) {
      var hx = sx(data.x[state.hover]);
      svg.appendChild(el('line', { x1: hx, x2: hx, y1: T, y2: H - B, class: 'cursor' }));
      shown.forEach(function (a) {
        var y = ys(a)[state.hover];
        if (y !== null) svg.appendChild(el('circle', { cx: hx, cy: sy(y), r: 3.5, fill: a.color }));
      });
    }
    svg.onmousemove = function (event) {
      var box = svg.getBoundingClientRect();
      var x = x0 + ((event.clientX - box.left) * W / box.width - L) / (W - L - R) * (x1 - x0);
      var i = Math.round((x - x0) / (x1 - x0) * (data.x.length - 1));
      state.hover = Math.max(0, Math.min(data.x.length - 1, i));
      draw();
    };
    writeReadout(shown);
  }
  function writeReadout(shown) {
    var body = readout.tBodies[0];
    while (body.firstChild) body.removeChild(body.firstChild);
    var i = state.hover;
    document.getElementById('explorer-x').textContent = i < 0 ? 'point at the plot' : 'x = ' + data.x[i];
    shown.forEach(function (a) {
      var c = state.curves[a.name], row = body.insertRow();
      row.setAttribute('data-act', a.name);
      var cells = [c.spec, i < 0 ? '' : c.f[i], i < 0 ? '' : c.df[i]];
      cells.forEach(function (text, k) {
        var cell = row.insertCell();
        cell.textContent = text === null ? 'not finite' : String(text).replace('-', '\u2212');
        cell.className = ['spec', 'f', 'df'][k];
        if (k === 0) cell.style.borderLeft = '4px solid ' + a.color;
      });
    });
  }
  root.querySelectorAll('input[type=checkbox][data-act]').forEach(function (box) {
    box.addEventListener('change', draw);
  });
  root.querySelectorAll('input[name=explorer-view]').forEach(function (radio) {
    radio.addEventListener('change', function () { state.view = radio.value; draw(); });
  });
  root.querySelectorAll('[data-param]').forEach(function (control) {
    var entry = data.acts.filter(function (a) { return a.name === control.dataset.act; })[0];
    var param = entry.params[Number(control.dataset.param)];
    var output = control.nextElementSibling;
    control.addEventListener('input', function () {
      // One parameter moves at a time: the entry's other controls go back to their defaults.
      root.querySelectorAll('[data-act="' + entry.name + '"][data-param]').forEach(function (other) {
        if (other !== control) {
          var p = entry.params[Number(other.dataset.param)];
          other.value = String(p.default);
          if (other.type === 'range') other.nextElementSibling.textContent = other.dataset.labels.split(' ')[p.default];
        }
      });
      var curve = param.curves[Number(control.value)];
      state.curves[entry.name] = curve;
      if (control.type === 'range') output.textContent = control.dataset.labels.split(' ')[Number(control.value)];
      root.querySelector('input[type=checkbox][data-act="' + entry.name + '"]').checked = true;
      draw();
    });
  });
  draw();
  root.setAttribute('data-ready', 'true');
})();
)js";

}  // namespace

Section ExplorerSection(const Context& context) {
  context.Say("explorer");
  std::string checkboxes, parameters, json = "{\"x\":[";
  for (int i = 0; i < kGridPoints; ++i) json += (i ? "," : "") + FormatShortest(GridX(i));
  json += "],\"acts\":[";
  std::vector<Activation> shown;
  bool first = true;
  for (const Info& info : Catalogue()) {
    const Activation act(info.kind);
    if (ShownFirst(info.kind)) shown.push_back(act);
    const std::string name(info.name);
    checkboxes += "<label><input type=\"checkbox\" data-act=\"" + name + "\"" +
                  (ShownFirst(info.kind) ? " checked" : "") + "> " + Escape(name) + "</label>\n";
    std::string params = "[";
    for (std::size_t p = 0; p < info.params.size(); ++p) {
      const Parameter parameter = ParameterControl(info, static_cast<int>(p));
      parameters += parameter.html;
      params += (p ? "," : "") + parameter.json;
    }
    std::string pair = CurvePair(act);
    pair.pop_back();  // the closing brace: name and parameters follow
    json += std::string(first ? "" : ",") + pair + ",\"name\":\"" + name +
            "\",\"params\":" + params + "]}";
    first = false;
  }
  json += "]}";

  plot::ComparisonOptions options;
  options.title = "The tutorial's activations";
  std::string body =
      "<p>Every curve here was computed by actlab (f and f' at x = &minus;5, &minus;4.95, "
      "&hellip;, 5, eight significant digits). Tick activations to draw them, switch between "
      "f and f', move a parameter (the curve for each step was computed in advance), and point "
      "at the plot to read the values.</p>\n";
  body += Command("actlab eval elu:alpha=0.5 -- -1 0 1");
  body += "<div id=\"explorer\" class=\"explorer\">\n";
  body += "<div class=\"controls\" data-script-only hidden>\n";
  body +=
      "<fieldset><legend>Show</legend><label><input type=\"radio\" name=\"explorer-view\" "
      "value=\"f\" checked> f(x)</label> <label><input type=\"radio\" "
      "name=\"explorer-view\" value=\"df\"> f&prime;(x)</label></fieldset>\n";
  body += "<fieldset class=\"acts\"><legend>Activations</legend>\n" + checkboxes + "</fieldset>\n";
  body += "<fieldset class=\"params\"><legend>Parameters</legend>\n" + parameters + "</fieldset>\n";
  body += "</div>\n<div class=\"plot\">\n";
  body += FigureHtml(context, plot::ComparisonFigure(shown, options), "explorer_static",
                     "the tutorial's activations (with scripts on, this part of the page is "
                     "interactive)");
  // The static figure (id figure-explorer_static) is what a reader without scripts sees.
  body +=
      "<div data-script-only hidden><svg id=\"explorer-plot\" role=\"img\" "
      "aria-label=\"activations, interactive\"></svg></div>\n";
  body += "<p id=\"explorer-x\" data-script-only hidden></p>\n";
  body +=
      "<table id=\"explorer-readout\" data-script-only hidden><thead><tr><th>activation</th>"
      "<th>f(x)</th><th>f&prime;(x)</th></tr></thead><tbody></tbody></table>\n";
  body += "</div>\n</div>\n";
  body += "<script type=\"application/json\" id=\"explorer-data\">" + json + "</script>\n";
  body += "<script>" + std::string(kScript) + "</script>\n";
  return {"explore", "Explore the activations", body};
}

}  // namespace actlab::report
