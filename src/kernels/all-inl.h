// Every kernel family. A new family adds one line here; a new activation in an existing family
// adds nothing here.
#include "kernels/elu-inl.h"
#include "kernels/gelu-inl.h"
#include "kernels/hard-inl.h"
#include "kernels/logistic-inl.h"
#include "kernels/relu-inl.h"
#include "kernels/tanh-inl.h"
