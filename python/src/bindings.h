// Shared pieces of the Python module actlab._actlab: each file registers one part of the surface.
#ifndef ACTLAB_PYTHON_BINDINGS_H_
#define ACTLAB_PYTHON_BINDINGS_H_

#include <pybind11/pybind11.h>

#include "actlab/activation.h"

namespace actlab::python {

namespace py = pybind11;

// The activation a Python argument names: an Activation object, or a spec string such as
// "elu:alpha=0.5" (parsed once and remembered, so that a call in a loop does not parse again).
// Raises ValueError for an unknown spec and TypeError for anything else. Returned by value: the
// remembered specs may be dropped by another thread while this one runs a kernel without the GIL.
Activation ResolveActivation(py::handle spec);

// The catalogue entry of an activation as a dict (names, parameters, formulas, bounds, init).
py::dict InfoDict(const Info& info);

void RegisterCatalogue(py::module_& m);    // catalogue(), Activation
void RegisterArrays(py::module_& m);       // forward, backward, threads
void RegisterExperiments(py::module_& m);  // propagate, theory, selu_constants, accuracy, bench
void RegisterFigures(py::module_& m);      // Figure, plot, figure
void RegisterTraining(py::module_& m);     // train

}  // namespace actlab::python

#endif  // ACTLAB_PYTHON_BINDINGS_H_
