// Internal: the table that binds each Kind to its definition's scalar functions.
#ifndef ACTLAB_SRC_ACTIVATION_CATALOGUE_H_
#define ACTLAB_SRC_ACTIVATION_CATALOGUE_H_

#include <string>

#include "actlab/activation.h"

namespace actlab::internal {

struct ScalarEntry {
  long double (*value)(long double x, const double* params);
  long double (*derivative)(long double x, const double* params);
  std::string (*check)(const double* params);  // "" when the combination is allowed
};

const ScalarEntry& ScalarOf(Kind kind);

}  // namespace actlab::internal

#endif  // ACTLAB_SRC_ACTIVATION_CATALOGUE_H_
