// The kernels: accuracy (max ulp against the extended-precision oracle) and speed (elements per
// nanosecond beside a copy loop with the same memory traffic and oneDNN) for every activation.
#include "actlab/accuracy.h"
#include "actlab/bench.h"
#include "actlab/kernels.h"
#include "report/html.h"
#include "report/sections.h"

namespace actlab::report {

Section KernelsSection(const Context& context) {
  const std::uint64_t samples = context.quick ? (std::uint64_t{1} << 14) : (std::uint64_t{1} << 18);
  std::string body =
      "<p>The SIMD kernels (instruction set chosen at run time: " + Escape(KernelTarget()) +
      "), forward y = f(x) and backward dx = f'(x)&middot;dy, in float32 and float64.</p>\n";

  context.Say("kernels: accuracy");
  Table accuracy({"activation", "f32 fwd", "f32 bwd", "f64 fwd", "f64 bwd", "bound f32 fwd",
                  "mistakes (NaN/inf/flush/sign)"});
  for (const Info& info : Catalogue()) {
    const Activation act(info.kind);
    std::vector<Table::Cell> row = {std::string(info.name)};
    std::uint64_t mistakes = 0;
    for (ElementType type : {ElementType::kF32, ElementType::kF64}) {
      for (Direction direction : {Direction::kForward, Direction::kBackward}) {
        AccuracyOptions options;
        options.type = type;
        options.direction = direction;
        options.samples = samples;
        const AccuracyReport report = MeasureAccuracy(act, options);
        row.emplace_back(report.max_ulp);
        mistakes += report.nan_mistakes + report.inf_mistakes + report.flush_mistakes +
                    report.zero_sign_mistakes;
      }
    }
    row.emplace_back(BoundOf(act, ElementType::kF32, Direction::kForward));
    row.emplace_back(static_cast<std::int64_t>(mistakes));
    accuracy.AddRow(std::move(row));
  }
  body += "<h3>Accuracy: max error in ulp</h3>\n<p>Over " + std::to_string(samples) +
          " stratified inputs per column plus the special values (NaN, &plusmn;inf, &plusmn;0, "
          "subnormals, every branch threshold &plusmn; 1 ulp); the float32 sweep over all 2<sup>32"
          "</sup> inputs is <code>actlab accuracy --exhaustive</code>.</p>\n";
  body += Command("actlab accuracy --type f32 --direction fwd") + TableHtml(accuracy);

  context.Say("kernels: speed");
  BenchOptions bench;
  bench.types = {ElementType::kF32};
  bench.sizes = {std::size_t{256} << 10};
  if (!context.quick) bench.sizes.insert(bench.sizes.begin(), std::size_t{4} << 10);
  bench.repetitions = context.quick ? 3 : 5;
  bench.threads = 1;
  Table speed({"activation", "direction", "elements", "elements/ns", "GB/s", "copy loop",
               "share of copy", "oneDNN", "vs oneDNN"});
  for (const BenchResult& r : RunBench(bench)) {
    speed.AddRow({r.act.ToString(), std::string(ToString(r.direction)), FormatElementCount(r.size),
                  r.elements_per_ns, r.gb_per_s, r.copy_elements_per_ns,
                  r.elements_per_ns / r.copy_elements_per_ns,
                  r.onednn_elements_per_ns ? Table::Cell(*r.onednn_elements_per_ns) : Table::Cell(),
                  r.onednn_elements_per_ns
                      ? Table::Cell(r.elements_per_ns / *r.onednn_elements_per_ns)
                      : Table::Cell()});
  }
  body +=
      "<h3>Speed: float32, one thread</h3>\n<p>Best of the samples; the copy loop (y = 2x "
      "forward, z = x&middot;y backward) moves the same bytes with no maths, so its speed is the "
      "memory-bandwidth limit. Measured while the page was built: other load on the machine "
      "lowers every column alike.</p>\n";
  body += Command(std::string("actlab bench --type f32 --threads 1 --size 256Ki") +
                  (context.quick ? " --repetitions 3" : " --size 4Ki")) +
          TableHtml(speed);
  return {"kernels", "The kernels: accuracy and speed", body};
}

}  // namespace actlab::report
