// Internal: the table that binds each Kind to its definition's scalar functions.
#ifndef ACTLAB_SRC_CATALOGUE_CATALOGUE_H_
#define ACTLAB_SRC_CATALOGUE_CATALOGUE_H_

#include <string>

#include "actlab/activation.h"

namespace actlab::internal {

struct ScalarEntry {
  long double (*value)(long double x, const double* params);
  long double (*derivative)(long double x, const double* params);
  std::string (*check)(const double* params);  // "" when the combination is allowed
};

const ScalarEntry& ScalarOf(Kind kind);

// A parameter's allowed values as text: "[0, inf)", "one of none, tanh".
std::string RangeText(const ParamSpec& p);

}  // namespace actlab::internal

#endif  // ACTLAB_SRC_CATALOGUE_CATALOGUE_H_
