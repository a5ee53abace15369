// Finite-difference gradient checks for every layer type and for whole small networks, and the
// optimisers against hand-computed steps.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "actlab/nn/layers.h"
#include "actlab/nn/network.h"
#include "actlab/nn/optimizer.h"

namespace actlab::nn {
namespace {

// Inputs drawn from N(0, 1) but kept at least 0.1 away from 0, so that a step of kStep never
// crosses the kink of a rectifier.
Matrix Inputs(int rows, int cols, std::uint64_t seed) {
  Rng rng(seed);
  Matrix x(rows, cols);
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double n = rng.Normal();
    x.data()[i] = static_cast<float>(n >= 0 ? 0.1 + n : n - 0.1);
  }
  return x;
}

constexpr float kStep = 1e-3f;
// Central differences in float: the truncation error is O(step^2) and the rounding error about
// 1e-7 * |L| / step; this bound holds both with a wide margin.
constexpr double kAbsTolerance = 2e-3;
constexpr double kRelTolerance = 1e-2;

// Runs a forward pass with a fresh copy of the same random stream (so that rrelu and dropout draw
// the same noise every time) and returns L = sum(projection .* y) in double.
double ProjectedLoss(Layer& layer, const Matrix& x, const Matrix& projection, bool training,
                     WorkerPool* pool) {
  Rng rng(77);
  Context context{pool, &rng, training};
  Matrix y;
  layer.Forward(x, y, context);
  return (y.cast<double>().array() * projection.cast<double>().array()).sum();
}

void ExpectClose(double analytic, double numeric, const std::string& what) {
  EXPECT_NEAR(analytic, numeric, kAbsTolerance + kRelTolerance * std::abs(numeric)) << what;
}

// Checks dL/dx and dL/dparameters of one layer against central differences.
void CheckLayer(Layer& layer, Matrix x, bool training, WorkerPool* pool = nullptr) {
  SCOPED_TRACE(layer.Describe() + (training ? " (training)" : " (evaluation)"));
  Rng rng(5);
  Matrix y;
  {
    Rng noise(77);
    Context context{pool, &noise, training};
    layer.Forward(x, y, context);
  }
  Matrix projection(y.rows(), y.cols());
  for (Eigen::Index i = 0; i < projection.size(); ++i) {
    projection.data()[i] = static_cast<float>(rng.Normal());
  }
  Matrix dx;
  {
    Rng noise(77);
    Context context{pool, &noise, training};
    layer.Forward(x, y, context);
    layer.Backward(projection, &dx, context);
  }
  ASSERT_EQ(dx.rows(), x.rows());
  ASSERT_EQ(dx.cols(), x.cols());
  // Copies of the analytic parameter gradients, taken before the finite differences overwrite them.
  std::vector<Matrix> parameter_gradients;
  for (const Parameter& p : layer.Parameters()) parameter_gradients.push_back(*p.gradient);
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const float saved = x.data()[i];
    x.data()[i] = saved + kStep;
    const double plus = ProjectedLoss(layer, x, projection, training, pool);
    x.data()[i] = saved - kStep;
    const double minus = ProjectedLoss(layer, x, projection, training, pool);
    x.data()[i] = saved;
    ExpectClose(dx.data()[i], (plus - minus) / (2.0 * kStep), "dL/dx[" + std::to_string(i) + "]");
  }
  const auto parameters = layer.Parameters();
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    Matrix& value = *parameters[k].value;
    for (Eigen::Index i = 0; i < value.size(); ++i) {
      const float saved = value.data()[i];
      value.data()[i] = saved + kStep;
      const double plus = ProjectedLoss(layer, x, projection, training, pool);
      value.data()[i] = saved - kStep;
      const double minus = ProjectedLoss(layer, x, projection, training, pool);
      value.data()[i] = saved;
      ExpectClose(parameter_gradients[k].data()[i], (plus - minus) / (2.0 * kStep),
                  "dL/d" + parameters[k].name + "[" + std::to_string(i) + "]");
    }
  }
}

TEST(GradientCheck, Dense) {
  Rng rng(1);
  for (const Init init : {Init::kLeCunNormal, Init::kHeNormal, Init::kGlorotUniform}) {
    Dense dense(5, 3, init, rng);
    dense.bias().setConstant(0.1f);
    CheckLayer(dense, Inputs(4, 5, 2), true);
  }
}

TEST(GradientCheck, DenseSplitOverThreads) {
  WorkerPool pool(3);
  Rng rng(1);
  Dense dense(7, 5, Init::kHeNormal, rng);
  CheckLayer(dense, Inputs(5, 7, 3), true, &pool);
}

TEST(GradientCheck, ActivationLayerForSeveralEntries) {
  for (const char* spec :
       {"sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu:alpha=0.2", "elu", "selu", "celu",
        "gelu", "silu", "mish", "softplus", "softsign", "rrelu", "prelu"}) {
    ActivationLayer layer(Activation::Parse(spec));
    CheckLayer(layer, Inputs(3, 6, 4), true);
  }
}

TEST(GradientCheck, PRelu) {
  PRelu layer(6, 0.25f);
  layer.slopes() << 0.25f, -0.5f, 0.1f, 1.5f, 0.0f, 0.3f;
  CheckLayer(layer, Inputs(4, 6, 6), true);
  WorkerPool pool(2);
  CheckLayer(layer, Inputs(5, 6, 7), true, &pool);
}

TEST(GradientCheck, RReluInBothModes) {
  RRelu layer(1.0 / 8, 1.0 / 3);
  CheckLayer(layer, Inputs(4, 6, 8), true);
  CheckLayer(layer, Inputs(4, 6, 8), false);
}

TEST(GradientCheck, DropoutAndAlphaDropoutInBothModes) {
  Dropout dropout(0.3);
  CheckLayer(dropout, Inputs(4, 6, 9), true);
  CheckLayer(dropout, Inputs(4, 6, 9), false);
  AlphaDropout alpha(0.2);
  CheckLayer(alpha, Inputs(4, 6, 10), true);
  CheckLayer(alpha, Inputs(4, 6, 10), false);
}

TEST(Layers, RReluDrawsSlopesInRangeAndUsesTheMeanInEvaluation) {
  RRelu layer(0.1, 0.3);
  Matrix x = Matrix::Constant(20, 30, -1.0f);
  Matrix y;
  Rng rng(3);
  Context training{nullptr, &rng, true};
  layer.Forward(x, y, training);
  EXPECT_GE(-y.maxCoeff(), 0.1f);
  EXPECT_LE(-y.minCoeff(), 0.3f);
  EXPECT_GT(y.maxCoeff() - y.minCoeff(), 0.1f);  // the slopes differ element by element
  Context evaluation{nullptr, nullptr, false};
  layer.Forward(x, y, evaluation);
  EXPECT_TRUE((y.array() == -0.2f).all());
}

TEST(Layers, AlphaDropoutKeepsZeroMeanAndUnitVariance) {
  AlphaDropout layer(0.2);
  Rng normal(11);
  Matrix x(400, 500);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(normal.Normal());
  Matrix y;
  Rng rng(12);
  Context context{nullptr, &rng, true};
  layer.Forward(x, y, context);
  const double mean = y.cast<double>().mean();
  const double variance = (y.cast<double>().array() - mean).square().mean();
  EXPECT_NEAR(mean, 0.0, 0.01);
  EXPECT_NEAR(variance, 1.0, 0.02);
}

TEST(Layers, InitialisationsHaveTheirVariance) {
  Rng rng(13);
  const int fan_in = 300, fan_out = 200;
  const struct {
    Init init;
    double variance;
  } cases[] = {{Init::kLeCunNormal, 1.0 / fan_in},
               {Init::kHeNormal, 2.0 / fan_in},
               {Init::kGlorotUniform, 2.0 / (fan_in + fan_out)}};
  for (const auto& c : cases) {
    const Matrix w = InitWeights(fan_in, fan_out, c.init, rng);
    const double variance = w.cast<double>().array().square().mean();
    EXPECT_NEAR(variance / c.variance, 1.0, 0.02) << ToString(c.init);
    EXPECT_NEAR(w.cast<double>().mean(), 0.0, 0.01 * std::sqrt(c.variance));
  }
}

// Whole networks: softmax cross-entropy through Dense, activation (and dropout) layers.
double NetworkLoss(Network& net, const Matrix& x, const std::vector<std::uint8_t>& labels,
                   bool training) {
  Rng rng(99);
  Context context{nullptr, &rng, training};
  return SoftmaxCrossEntropy(net.Forward(x, context), labels, nullptr, nullptr);
}

void CheckNetwork(const std::string& spec, double dropout, bool training) {
  SCOPED_TRACE(spec + (training ? " training" : " evaluation") + (dropout > 0 ? " dropout" : ""));
  MlpSpec mlp;
  mlp.inputs = 6;
  mlp.hidden = {5, 4};
  mlp.classes = 3;
  mlp.activation = Activation::Parse(spec);
  mlp.init = mlp.activation.info().init;
  mlp.dropout = dropout;
  Rng rng(21);
  Network net = BuildMlp(mlp, rng);
  for (Dense* dense : net.DenseLayers()) dense->bias().setConstant(0.05f);
  const Matrix x = Inputs(4, 6, 22);
  const std::vector<std::uint8_t> labels = {0, 2, 1, 2};
  Matrix d_logits;
  {
    Rng noise(99);
    Context context{nullptr, &noise, training};
    SoftmaxCrossEntropy(net.Forward(x, context), labels, &d_logits, nullptr);
    net.Backward(d_logits, context);
  }
  const auto parameters = net.Parameters();
  std::vector<Matrix> analytic;
  for (const Parameter& p : parameters) analytic.push_back(*p.gradient);
  int checked = 0;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    Matrix& value = *parameters[k].value;
    for (Eigen::Index i = 0; i < value.size(); ++i) {
      const float saved = value.data()[i];
      value.data()[i] = saved + kStep;
      const double plus = NetworkLoss(net, x, labels, training);
      value.data()[i] = saved - kStep;
      const double minus = NetworkLoss(net, x, labels, training);
      value.data()[i] = saved;
      ExpectClose(analytic[k].data()[i], (plus - minus) / (2.0 * kStep),
                  "parameter " + std::to_string(k) + " " + parameters[k].name + "[" +
                      std::to_string(i) + "]");
      ++checked;
    }
  }
  EXPECT_GE(checked, 6 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3);
}

TEST(GradientCheck, WholeNetworks) {
  CheckNetwork("tanh", 0, true);
  CheckNetwork("sigmoid", 0, true);
  CheckNetwork("elu", 0, true);
  CheckNetwork("gelu", 0, true);
  CheckNetwork("prelu", 0, true);
  CheckNetwork("rrelu", 0, true);
  CheckNetwork("rrelu", 0, false);
  CheckNetwork("selu", 0.2, true);  // AlphaDropout
  CheckNetwork("tanh", 0.2, true);  // Dropout
}

TEST(SoftmaxCrossEntropy, IsStableForHugeLogits) {
  Matrix logits(2, 3);
  logits << 1000.0f, 0.0f, -1000.0f, -5e4f, -5e4f, -5e4f;
  Matrix gradient;
  int correct = 0;
  const double loss =
      SoftmaxCrossEntropy(logits, std::vector<std::uint8_t>{0, 1}, &gradient, &correct);
  EXPECT_NEAR(loss, (0.0 + std::log(3.0)) / 2, 1e-12);
  EXPECT_TRUE(gradient.allFinite());
  EXPECT_EQ(correct, 1);  // row 2 ties: the first class wins
}

TEST(Optimizers, AdamMatchesAHandComputedStep) {
  Matrix value(1, 2), gradient(1, 2);
  value << 1.0f, -2.0f;
  std::vector<Parameter> parameters = {{"p", &value, &gradient}};
  Adam adam(0.1, 0.9, 0.999, 1e-8);
  // Two steps, computed by hand in double with torch.optim.Adam's formula.
  const double g1[2] = {0.5, -0.1}, g2[2] = {-0.2, 0.3};
  double p[2] = {1.0, -2.0}, m[2] = {0, 0}, v[2] = {0, 0};
  for (int t = 1; t <= 2; ++t) {
    const double* g = t == 1 ? g1 : g2;
    gradient << static_cast<float>(g[0]), static_cast<float>(g[1]);
    adam.Step(parameters);
    for (int i = 0; i < 2; ++i) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      const double denom = std::sqrt(v[i]) / std::sqrt(1 - std::pow(0.999, t)) + 1e-8;
      p[i] -= 0.1 / (1 - std::pow(0.9, t)) * m[i] / denom;
      EXPECT_NEAR(value(0, i), p[i], 1e-6) << "step " << t << " element " << i;
    }
    if (t == 1) {  // the first step moves each parameter by lr against its gradient's sign
      EXPECT_NEAR(value(0, 0), 0.9f, 1e-6);
      EXPECT_NEAR(value(0, 1), -1.9f, 1e-6);
    }
  }
}

TEST(Optimizers, SgdWithMomentumMatchesAHandComputedStep) {
  Matrix value(1, 1), gradient(1, 1);
  value << 1.0f;
  std::vector<Parameter> parameters = {{"p", &value, &gradient}};
  Sgd sgd(0.1, 0.9);
  gradient << 2.0f;
  sgd.Step(parameters);  // buf = 2, p = 1 - 0.2
  EXPECT_FLOAT_EQ(value(0, 0), 0.8f);
  gradient << 1.0f;
  sgd.Step(parameters);  // buf = 0.9 * 2 + 1 = 2.8, p = 0.8 - 0.28
  EXPECT_FLOAT_EQ(value(0, 0), 0.52f);
}

TEST(Rng, IsTheDocumentedTransformOfMt19937_64) {
  Rng rng(42);
  std::mt19937_64 engine(42);
  EXPECT_EQ(rng.Uniform(), static_cast<double>(engine() >> 11) * 0x1.0p-53);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(rng.Below(7), 7u);
  // The 10000th output of the default-seeded mt19937_64 is fixed by the C++ standard.
  std::mt19937_64 standard;
  standard.discard(9999);
  EXPECT_EQ(standard(), 9981545732273789042ULL);
}

}  // namespace
}  // namespace actlab::nn

namespace actlab::nn {
namespace {

TEST(WorkerPool, CoversEveryIndexOnceWithFixedRangesAndRethrows) {
  for (const int threads : {1, 2, 3, 8}) {
    WorkerPool pool(threads);
    for (const int n : {0, 1, 5, 1000}) {
      std::vector<std::atomic<int>> hits(static_cast<std::size_t>(n));
      std::vector<std::pair<int, int>> ranges;
      std::mutex mutex;
      for (int repeat = 0; repeat < 50; ++repeat) {
        ranges.clear();
        pool.ForRanges(n, [&](int begin, int end) {
          for (int i = begin; i < end; ++i) ++hits[static_cast<std::size_t>(i)];
          std::lock_guard lock(mutex);
          ranges.emplace_back(begin, end);
        });
        EXPECT_EQ(static_cast<int>(ranges.size()), std::min(threads, n));
      }
      for (const auto& h : hits) EXPECT_EQ(h.load(), 50);
    }
    EXPECT_THROW(pool.ForRanges(10,
                                [](int begin, int) {
                                  if (begin == 0) throw std::runtime_error("range 0");
                                }),
                 std::runtime_error);
    int total = 0;  // the pool still works after an exception
    std::mutex mutex;
    pool.ForRanges(10, [&](int begin, int end) {
      std::lock_guard lock(mutex);
      total += end - begin;
    });
    EXPECT_EQ(total, 10);
  }
}

}  // namespace
}  // namespace actlab::nn
