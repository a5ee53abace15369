// Results as exact text: JSON whose doubles are hexadecimal floating point ("0x1.8p+1"), which
// reads back bit for bit (nan and inf included, where JSON numbers cannot say them).
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "actlab/scaleout.h"

namespace actlab::scaleout {
namespace {

using Json = nlohmann::ordered_json;

std::string Hex(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%a", value);
  return text;
}

double Unhex(const Json& json) {
  const std::string text = json.get<std::string>();
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') {
    throw std::invalid_argument("'" + text + "' is not a hexadecimal floating-point number");
  }
  return value;
}

Json HexArray(const std::vector<double>& values) {
  Json array = Json::array();
  for (const double v : values) array.push_back(Hex(v));
  return array;
}

std::vector<double> UnhexArray(const Json& json) {
  std::vector<double> values;
  values.reserve(json.size());
  for (const Json& v : json) values.push_back(Unhex(v));
  return values;
}

// Parses a job's text, naming what it was meant to hold when it is not that.
template <class Decode>
auto Decoded(std::string_view text, const char* what, const Decode& decode) {
  try {
    return decode(Json::parse(text));
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("a recorded job is not ") + what + ": " + e.what());
  }
}

}  // namespace

std::string EncodeRun(const nn::RunResult& run) {
  Json epochs = Json::array();
  for (const nn::EpochMetrics& e : run.epochs) {
    epochs.push_back({e.epoch, Hex(e.train_loss), Hex(e.train_accuracy), Hex(e.val_accuracy),
                      Hex(e.test_accuracy), Hex(e.seconds), Hex(e.eval_seconds)});
  }
  const Json json = {{"activation", run.activation},
                     {"seed", run.seed},
                     {"fold", run.fold},
                     {"sizes", {run.train_size, run.val_size, run.test_size}},
                     {"input", {Hex(run.input_mean), Hex(run.input_std)}},
                     {"init", run.init},
                     {"layers", run.layers},
                     {"epochs", epochs},
                     {"gradient_norm_first_step", HexArray(run.gradient_norm_first_step)},
                     {"gradient_norm_first_epoch", HexArray(run.gradient_norm_first_epoch)}};
  return json.dump();
}

nn::RunResult DecodeRun(std::string_view text) {
  return Decoded(text, "a training run", [](const Json& json) {
    nn::RunResult run;
    run.activation = json.at("activation").get<std::string>();
    run.seed = json.at("seed").get<std::uint64_t>();
    run.fold = json.at("fold").get<int>();
    const Json& sizes = json.at("sizes");
    run.train_size = sizes.at(0).get<int>();
    run.val_size = sizes.at(1).get<int>();
    run.test_size = sizes.at(2).get<int>();
    run.input_mean = Unhex(json.at("input").at(0));
    run.input_std = Unhex(json.at("input").at(1));
    run.init = json.at("init").get<std::string>();
    run.layers = json.at("layers").get<std::vector<std::string>>();
    for (const Json& e : json.at("epochs")) {
      nn::EpochMetrics& m = run.epochs.emplace_back();
      m.epoch = e.at(0).get<int>();
      m.train_loss = Unhex(e.at(1));
      m.train_accuracy = Unhex(e.at(2));
      m.val_accuracy = Unhex(e.at(3));
      m.test_accuracy = Unhex(e.at(4));
      m.seconds = Unhex(e.at(5));
      m.eval_seconds = Unhex(e.at(6));
    }
    run.gradient_norm_first_step = UnhexArray(json.at("gradient_norm_first_step"));
    run.gradient_norm_first_epoch = UnhexArray(json.at("gradient_norm_first_epoch"));
    return run;
  });
}

std::string EncodeTallies(const std::vector<AccuracyTally>& tallies) {
  Json json = Json::array();
  for (const AccuracyTally& t : tallies) {
    json.push_back({Hex(t.max_ulp), Hex(t.worst_input), t.worst_index, Hex(t.sum_ulp), t.counted,
                    t.seen, t.nan, t.inf, t.flush, t.zero_sign, t.oracle_checks,
                    t.oracle_disagreements});
  }
  return json.dump();
}

std::vector<AccuracyTally> DecodeTallies(std::string_view text) {
  return Decoded(text, "an accuracy tally", [](const Json& json) {
    std::vector<AccuracyTally> tallies;
    for (const Json& j : json) {
      AccuracyTally& t = tallies.emplace_back();
      t.max_ulp = Unhex(j.at(0));
      t.worst_input = Unhex(j.at(1));
      t.worst_index = j.at(2).get<std::uint64_t>();
      t.sum_ulp = Unhex(j.at(3));
      std::uint64_t* counts[] = {
          &t.counted, &t.seen,      &t.nan,           &t.inf,
          &t.flush,   &t.zero_sign, &t.oracle_checks, &t.oracle_disagreements};
      for (std::size_t k = 0; k < std::size(counts); ++k)
        *counts[k] = j.at(4 + k).get<std::uint64_t>();
    }
    return tallies;
  });
}

std::string EncodeLayers(const std::vector<LayerRecord>& layers) {
  Json json = Json::array();
  for (const LayerRecord& r : layers) {
    json.push_back({r.layer, Hex(r.mean_min), Hex(r.mean_max), Hex(r.std_min), Hex(r.std_max),
                    Hex(r.mean), Hex(r.std), Hex(r.zero_fraction), Hex(r.grad_rms)});
  }
  return json.dump();
}

std::vector<LayerRecord> DecodeLayers(std::string_view text) {
  return Decoded(text, "a propagation run", [](const Json& json) {
    std::vector<LayerRecord> layers;
    for (const Json& j : json) {
      LayerRecord& r = layers.emplace_back();
      r.layer = j.at(0).get<int>();
      double* values[] = {&r.mean_min, &r.mean_max, &r.std_min,       &r.std_max,
                          &r.mean,     &r.std,      &r.zero_fraction, &r.grad_rms};
      for (std::size_t k = 0; k < std::size(values); ++k) *values[k] = Unhex(j.at(1 + k));
    }
    return layers;
  });
}

}  // namespace actlab::scaleout
