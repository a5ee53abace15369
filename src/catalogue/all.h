// Every family of rows. A new family adds one line here; a new activation in an existing family
// adds nothing here.
#ifndef ACTLAB_SRC_CATALOGUE_ALL_H_
#define ACTLAB_SRC_CATALOGUE_ALL_H_

#include "catalogue/elu.h"
#include "catalogue/gelu.h"
#include "catalogue/hard.h"
#include "catalogue/logistic.h"
#include "catalogue/relu.h"
#include "catalogue/tanh.h"

#endif  // ACTLAB_SRC_CATALOGUE_ALL_H_
