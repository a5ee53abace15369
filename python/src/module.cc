// The module actlab._actlab: the C++ library's public API as Python functions. The package
// actlab (python/actlab/__init__.py) re-exports it with documentation and type hints.
#include <pybind11/pybind11.h>

#include <system_error>

#include "actlab/io.h"
#include "bindings.h"

PYBIND11_MODULE(_actlab, m) {
  namespace py = pybind11;
  m.doc() = "actlab's C++ library: the catalogue, the array kernels and the experiments.";
  m.attr("__version__") = ACTLAB_VERSION;
  // pybind11 already maps std::invalid_argument (and so actlab::SpecError) and std::domain_error
  // to ValueError; files that cannot be read or written are OSError, as Python's own are.
  py::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const actlab::IoError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const std::system_error& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const std::out_of_range& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
  actlab::python::RegisterCatalogue(m);
  actlab::python::RegisterArrays(m);
  actlab::python::RegisterExperiments(m);
  actlab::python::RegisterFigures(m);
  actlab::python::RegisterTraining(m);
}
