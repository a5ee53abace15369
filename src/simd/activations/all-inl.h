// Every activation family. A new family adds one line here; a new activation in an existing family
// adds nothing here.
#include "simd/activations/elu-inl.h"
#include "simd/activations/gelu-inl.h"
#include "simd/activations/hard-inl.h"
#include "simd/activations/logistic-inl.h"
#include "simd/activations/relu-inl.h"
#include "simd/activations/tanh-inl.h"
