// A small learnable image set for the training tests: 4x4 images whose brightest pixel is the
// label's, with noise.
#ifndef ACTLAB_TESTS_SUPPORT_SYNTHETIC_IMAGES_H_
#define ACTLAB_TESTS_SUPPORT_SYNTHETIC_IMAGES_H_

#include <cstdint>

#include "actlab/nn/data.h"
#include "actlab/nn/rng.h"

namespace actlab::testing {

inline nn::LabelledImages SyntheticImages(int count, std::uint64_t seed) {
  nn::Rng rng(seed);
  nn::LabelledImages data;
  data.images.count = count;
  data.images.rows = data.images.cols = 4;
  for (int i = 0; i < count; ++i) {
    const auto label = static_cast<std::uint8_t>(rng.Below(10));
    data.labels.push_back(label);
    for (int p = 0; p < 16; ++p) {
      const double noise = 100 * rng.Uniform();
      data.images.pixels.push_back(static_cast<std::uint8_t>(p == label ? 150 + noise : noise));
    }
  }
  return data;
}

// 600 training and 200 test images.
inline nn::MnistData SyntheticData() { return {SyntheticImages(600, 1), SyntheticImages(200, 2)}; }

}  // namespace actlab::testing

#endif  // ACTLAB_TESTS_SUPPORT_SYNTHETIC_IMAGES_H_
