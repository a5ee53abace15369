// Training an MLP from Python: Fashion-MNIST (or any MNIST-format directory) or numpy arrays, with
// a progress callback. The GIL is released while the network trains and taken back for each call.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "actlab/nn/data.h"
#include "actlab/nn/train.h"
#include "actlab/nn/worker_pool.h"
#include "bindings.h"

namespace actlab::python {
namespace {

// Images (count, rows, cols) and labels (count,) as uint8 arrays.
nn::LabelledImages FromArrays(py::handle images_object, py::handle labels_object,
                              const char* what) {
  auto images = py::array_t<std::uint8_t, py::array::c_style>::ensure(images_object);
  auto labels = py::array_t<std::uint8_t, py::array::c_style>::ensure(labels_object);
  if (!images || !labels || !py::array_t<std::uint8_t, 0>::check_(images_object) ||
      !py::array_t<std::uint8_t, 0>::check_(labels_object)) {
    PyErr_Clear();
    throw py::type_error(std::string("train: ") + what +
                         " images and labels must be uint8 numpy arrays");
  }
  if (images.ndim() != 3 || labels.ndim() != 1 || images.shape(0) != labels.shape(0) ||
      images.shape(0) < 1) {
    throw py::value_error(
        std::string("train: ") + what +
        " images must have shape (count, rows, cols) and labels shape (count,), count >= 1");
  }
  nn::LabelledImages set;
  set.images.count = static_cast<int>(images.shape(0));
  set.images.rows = static_cast<int>(images.shape(1));
  set.images.cols = static_cast<int>(images.shape(2));
  set.images.pixels.assign(images.data(), images.data() + images.size());
  set.labels.assign(labels.data(), labels.data() + labels.size());
  for (std::uint8_t label : set.labels) {
    if (label > 9) throw py::value_error(std::string("train: ") + what + " labels must be 0-9");
  }
  return set;
}

// Thrown through the training loop when the progress callback raised; the Python exception is
// kept and raised again once the GIL is back.
struct CallbackFailed {};

py::dict EpochDict(const nn::EpochMetrics& m) {
  py::dict epoch;
  epoch["epoch"] = m.epoch;
  epoch["train_loss"] = m.train_loss;
  epoch["train_accuracy"] = m.train_accuracy;
  epoch["val_accuracy"] = m.val_accuracy;
  epoch["test_accuracy"] = m.test_accuracy;
  epoch["seconds"] = m.seconds;
  epoch["eval_seconds"] = m.eval_seconds;
  return epoch;
}

py::dict Train(py::handle act_object, std::optional<std::string> data_dir,
               std::optional<py::tuple> data, const std::vector<int>& hidden, int epochs, int batch,
               double lr, const std::string& optimizer, double momentum,
               std::optional<std::string> init, double dropout, int limit, int validation,
               int folds, int fold, std::uint64_t seed, int threads,
               std::optional<py::function> progress) {
  const Activation act = ResolveActivation(act_object);
  nn::TrainConfig config;
  config.hidden = hidden;
  config.epochs = epochs;
  config.batch = batch;
  config.lr = lr;
  config.optimizer = optimizer;
  config.momentum = momentum;
  if (init) {
    if (*init == "lecun") {
      config.init = Init::kLeCunNormal;
    } else if (*init == "he") {
      config.init = Init::kHeNormal;
    } else if (*init == "glorot") {
      config.init = Init::kGlorotUniform;
    } else {
      throw py::value_error("train: init='" + *init +
                            "'; allowed: 'lecun', 'he', 'glorot' (None: the activation's)");
    }
  }
  config.dropout = dropout;
  config.limit = limit;
  config.validation = validation;
  config.folds = folds;
  if (threads < 1) throw py::value_error("train: threads must be >= 1");
  if (optimizer != "adam" && optimizer != "sgd") {
    throw py::value_error("train: optimizer='" + optimizer + "'; allowed: 'adam', 'sgd'");
  }
  nn::MnistData mnist;
  if (data) {
    if (data_dir) throw py::value_error("train: give data_dir or data, not both");
    if (data->size() != 4) {
      throw py::value_error(
          "train: data is (train_images, train_labels, test_images, test_labels)");
    }
    mnist.train = FromArrays((*data)[0], (*data)[1], "training");
    mnist.test = FromArrays((*data)[2], (*data)[3], "test");
  } else {
    const std::string dir = data_dir.value_or(nn::kDefaultDataDir);
    py::gil_scoped_release release;
    mnist = nn::ReadMnistDirectory(dir);
  }

  std::exception_ptr callback_error;
  nn::ProgressCallback report;
  if (progress) {
    report = [&](const nn::Progress& p) {
      py::gil_scoped_acquire acquire;
      try {
        py::dict state;
        state["epoch"] = p.epoch;
        state["epochs"] = p.epochs;
        state["step"] = p.step;
        state["steps"] = p.steps;
        state["loss"] = p.loss;
        state["samples_per_second"] = p.samples_per_second;
        state["seconds"] = p.seconds;
        state["epoch_done"] = p.epoch_done;
        state["metrics"] =
            p.metrics != nullptr ? py::object(EpochDict(*p.metrics)) : py::object(py::none());
        (*progress)(state);
      } catch (...) {
        callback_error = std::current_exception();
        throw CallbackFailed{};
      }
    };
  }
  nn::RunResult result;
  try {
    py::gil_scoped_release release;
    nn::WorkerPool pool(threads);
    result = nn::TrainRun(mnist, config, act, seed, fold, pool, report);
  } catch (const CallbackFailed&) {
    std::rethrow_exception(callback_error);
  }

  py::dict out;
  out["activation"] = result.activation;
  out["seed"] = result.seed;
  out["fold"] = result.fold;
  out["train_size"] = result.train_size;
  out["val_size"] = result.val_size;
  out["test_size"] = result.test_size;
  out["input_mean"] = result.input_mean;
  out["input_std"] = result.input_std;
  out["init"] = result.init;
  out["layers"] = result.layers;
  py::list epochs_list;
  for (const nn::EpochMetrics& m : result.epochs) epochs_list.append(EpochDict(m));
  out["epochs"] = epochs_list;
  out["gradient_norm_first_step"] = result.gradient_norm_first_step;
  out["gradient_norm_first_epoch"] = result.gradient_norm_first_epoch;
  return out;
}

}  // namespace

void RegisterTraining(py::module_& m) {
  m.def("train", &Train, py::arg("act"), py::kw_only(), py::arg("data_dir") = py::none(),
        py::arg("data") = py::none(), py::arg("hidden") = std::vector<int>{256, 128},
        py::arg("epochs") = 10, py::arg("batch") = 128, py::arg("lr") = 1e-3,
        py::arg("optimizer") = "adam", py::arg("momentum") = 0.9, py::arg("init") = py::none(),
        py::arg("dropout") = 0.0, py::arg("limit") = 0, py::arg("validation") = 10'000,
        py::arg("folds") = 0, py::arg("fold") = -1, py::arg("seed") = 0, py::arg("threads") = 1,
        py::arg("progress") = py::none(),
        "Trains an MLP (Fashion-MNIST by default, or data=(images, labels, test images, test "
        "labels)\n"
        "as uint8 arrays); progress(dict) after every step and epoch. Returns the run as a dict.");
}

}  // namespace actlab::python
