// A consumer of the installed package: prints selu(1) and elu'(-1).
#include <actlab/activation.h>

#include <cstdio>

int main() {
  const actlab::Activation selu = actlab::Activation::Parse("selu");
  const actlab::Activation elu(actlab::Kind::kElu);
  std::printf("%.17g %.17g\n", selu.Value(1.0), elu.Derivative(-1.0));
  return selu.Value(1.0) == 1.0507009873554805 ? 0 : 1;
}
