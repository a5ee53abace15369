// The shared vector maths, for the kernels: included once per target (Highway re-includes it).
#include "vecmath/core-inl.h"
#include "vecmath/divide-inl.h"
#include "vecmath/exp-inl.h"
#include "vecmath/fast_path-inl.h"
#include "vecmath/log1p-inl.h"
#include "vecmath/logistic-inl.h"
