// SELU's alpha and scale from the two conditions that define them, for z ~ N(0, 1):
//   E[selu(z)] = 0:   scale (1/sqrt(2 pi) + alpha (e^(1/2) Phi(-1) - 1/2)) = 0
//   E[selu(z)^2] = 1: scale^2 (1/2 + alpha^2 (e^2 Phi(-2) - 2 e^(1/2) Phi(-1) + 1/2)) = 1
// using E[e^(k z); z <= 0] = e^(k^2/2) Phi(-k) and Phi(-k) = erfc(k / sqrt 2) / 2, in MPFR.
#include <mpfr.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "actlab/activation.h"
#include "actlab/meanfield.h"

namespace actlab {
namespace {

constexpr mpfr_prec_t kBits = 256;
constexpr const char* kTutorialAlpha = ACTLAB_SELU_TEXT(ACTLAB_SELU_ALPHA);
constexpr const char* kTutorialScale = ACTLAB_SELU_TEXT(ACTLAB_SELU_SCALE);

// An mpfr_t that frees itself.
struct Big {
  mpfr_t v;
  Big() { mpfr_init2(v, kBits); }
  explicit Big(const char* text) : Big() { mpfr_set_str(v, text, 10, MPFR_RNDN); }
  Big(const Big&) = delete;
  Big& operator=(const Big&) = delete;
  ~Big() { mpfr_clear(v); }
};

std::string Text(const Big& x, int digits) {
  std::vector<char> buffer(static_cast<std::size_t>(digits) + 64);
  mpfr_snprintf(buffer.data(), buffer.size(), "%.*Rg", digits, x.v);
  return buffer.data();
}

// e^(k^2/2) Phi(-k).
void GaussianTail(Big& out, long k) {
  Big t;
  mpfr_sqrt_ui(t.v, 2, MPFR_RNDN);
  mpfr_ui_div(t.v, static_cast<unsigned long>(k), t.v, MPFR_RNDN);
  mpfr_erfc(out.v, t.v, MPFR_RNDN);
  mpfr_div_ui(out.v, out.v, 2, MPFR_RNDN);
  mpfr_set_si(t.v, k * k, MPFR_RNDN);
  mpfr_div_ui(t.v, t.v, 2, MPFR_RNDN);
  mpfr_exp(t.v, t.v, MPFR_RNDN);
  mpfr_mul(out.v, out.v, t.v, MPFR_RNDN);
}

}  // namespace

SeluConstants DeriveSeluConstants(int digits) {
  if (digits < 1 || digits > 70) throw std::invalid_argument("digits must be between 1 and 70");
  Big tail1, tail2, density0, alpha, scale, t;
  GaussianTail(tail1, 1);
  GaussianTail(tail2, 2);
  mpfr_const_pi(density0.v, MPFR_RNDN);  // 1 / sqrt(2 pi)
  mpfr_mul_ui(density0.v, density0.v, 2, MPFR_RNDN);
  mpfr_rec_sqrt(density0.v, density0.v, MPFR_RNDN);
  // alpha = (1/sqrt(2 pi)) / (1/2 - e^(1/2) Phi(-1))
  mpfr_set_d(t.v, 0.5, MPFR_RNDN);
  mpfr_sub(t.v, t.v, tail1.v, MPFR_RNDN);
  mpfr_div(alpha.v, density0.v, t.v, MPFR_RNDN);
  // scale = 1 / sqrt(1/2 + alpha^2 (e^2 Phi(-2) - 2 e^(1/2) Phi(-1) + 1/2))
  mpfr_mul_ui(t.v, tail1.v, 2, MPFR_RNDN);
  mpfr_sub(t.v, tail2.v, t.v, MPFR_RNDN);
  mpfr_add_d(t.v, t.v, 0.5, MPFR_RNDN);
  mpfr_mul(t.v, t.v, alpha.v, MPFR_RNDN);
  mpfr_mul(t.v, t.v, alpha.v, MPFR_RNDN);
  mpfr_add_d(t.v, t.v, 0.5, MPFR_RNDN);
  mpfr_rec_sqrt(scale.v, t.v, MPFR_RNDN);

  SeluConstants c;
  c.alpha = Text(alpha, digits);
  c.scale = Text(scale, digits);
  c.tutorial_alpha = kTutorialAlpha;
  c.tutorial_scale = kTutorialScale;
  Big tutorial_alpha(kTutorialAlpha), tutorial_scale(kTutorialScale);
  mpfr_sub(t.v, alpha.v, tutorial_alpha.v, MPFR_RNDN);
  c.alpha_difference = Text(t, 6);
  mpfr_sub(t.v, scale.v, tutorial_scale.v, MPFR_RNDN);
  c.scale_difference = Text(t, 6);
  return c;
}

}  // namespace actlab
