// The catalogue's high-precision references (each definition's Reference template, evaluated with
// MPFR), and helpers the suites share.
#ifndef ACTLAB_TESTS_SUPPORT_REFERENCE_H_
#define ACTLAB_TESTS_SUPPORT_REFERENCE_H_

#include <string>
#include <vector>

#include "actlab/activation.h"
#include "support/bigfloat.h"

namespace actlab::testing {

Big ReferenceValue(const Activation& act, const Big& x);
Big ReferenceDerivative(const Activation& act, const Big& x);

// Every catalogue entry with its defaults, plus variants with other parameters.
std::vector<Activation> ActivationsUnderTest();

// Finite doubles spread over the whole range: a few per binade (both signs, subnormals included),
// dense points in [-40, 40], and the kinks with their neighbours.
std::vector<double> SweepPoints(std::size_t dense_count);

// The path of a file in tests/data.
std::string DataPath(const std::string& name);

}  // namespace actlab::testing

#endif  // ACTLAB_TESTS_SUPPORT_REFERENCE_H_
