// Reading results.json back: the runs and the protocol of an 'actlab train' run.
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "actlab/io.h"
#include "actlab/nn/results.h"
#include "io/json.h"

namespace actlab::nn {

std::vector<RunResult> ParseResultsJson(std::string_view text, const std::string& name,
                                        TrainConfig* protocol) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
    const auto& p = document.at("protocol");
    protocol->hidden = p.at("hidden").get<std::vector<int>>();
    protocol->epochs = p.at("epochs").get<int>();
    protocol->batch = p.at("batch").get<int>();
    protocol->lr = json::ReadNumber(p.at("lr"));
    protocol->optimizer = p.at("optimizer").get<std::string>();
    protocol->dropout = json::ReadNumber(p.at("dropout"));
    protocol->folds = p.at("folds").get<int>();
    protocol->limit = p.at("limit").get<int>();
    std::vector<RunResult> runs;
    for (const auto& r : document.at("runs")) {
      RunResult& run = runs.emplace_back();
      run.activation = r.at("activation").get<std::string>();
      run.seed = r.at("seed").get<std::uint64_t>();
      run.fold = r.at("fold").is_null() ? -1 : r.at("fold").get<int>();
      run.init = r.at("init").get<std::string>();
      run.gradient_norm_first_epoch = json::ReadNumbers(r.at("gradient_norm_first_epoch"));
      for (const auto& e : r.at("epochs")) {
        EpochMetrics& m = run.epochs.emplace_back();
        m.epoch = e.at("epoch").get<int>();
        m.train_loss = json::ReadNumber(e.at("train_loss"));
        m.train_accuracy = json::ReadNumber(e.at("train_accuracy"));
        m.val_accuracy = json::ReadNumber(e.at("val_accuracy"));
        m.test_accuracy = json::ReadNumber(e.at("test_accuracy"));
        m.seconds = json::ReadNumber(e.at("seconds"));
      }
      if (run.epochs.empty()) throw std::invalid_argument("a run has no epochs");
    }
    if (runs.empty()) throw std::invalid_argument("it holds no runs");
    return runs;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument("training results '" + name +
                                "' are not an 'actlab train' results.json: " + e.what());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("training results '" + name + "': " + e.what());
  }
}

std::vector<RunResult> ReadResultsJson(const std::filesystem::path& path, TrainConfig* protocol) {
  const std::string name = path.string();
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw IoError("cannot read training results '" + name + "': it is a folder");
  }
  const std::optional<std::string> text = ReadFile(path);
  if (!text) {
    throw IoError("cannot read training results '" + name + "': " + std::strerror(errno));
  }
  return ParseResultsJson(*text, name, protocol);
}

}  // namespace actlab::nn
