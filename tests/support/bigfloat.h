// A small value type over MPFR, so that the high-precision references in the activation definitions
// (template <class Big> Reference(...)) read like the formulas they are. Tests only.
#ifndef ACTLAB_TESTS_SUPPORT_BIGFLOAT_H_
#define ACTLAB_TESTS_SUPPORT_BIGFLOAT_H_

#include <mpfr.h>

#include <string>
#include <utility>

namespace actlab::testing {

class Big {
 public:
  static constexpr mpfr_prec_t kPrecision = 256;

  Big() {
    mpfr_init2(value_, kPrecision);
    mpfr_set_zero(value_, 1);
  }
  Big(double x) {
    mpfr_init2(value_, kPrecision);
    mpfr_set_d(value_, x, MPFR_RNDN);
  }  // NOLINT
  Big(int x) {
    mpfr_init2(value_, kPrecision);
    mpfr_set_si(value_, x, MPFR_RNDN);
  }  // NOLINT
  Big(long double x) {
    mpfr_init2(value_, kPrecision);
    mpfr_set_ld(value_, x, MPFR_RNDN);
  }  // NOLINT
  explicit Big(const std::string& decimal) {
    mpfr_init2(value_, kPrecision);
    mpfr_set_str(value_, decimal.c_str(), 10, MPFR_RNDN);
  }
  Big(const Big& other) {
    mpfr_init2(value_, kPrecision);
    mpfr_set(value_, other.value_, MPFR_RNDN);
  }
  Big& operator=(const Big& other) {
    mpfr_set(value_, other.value_, MPFR_RNDN);
    return *this;
  }
  ~Big() { mpfr_clear(value_); }

  double ToDouble() const { return mpfr_get_d(value_, MPFR_RNDN); }
  float ToFloat() const { return mpfr_get_flt(value_, MPFR_RNDN); }
  mpfr_srcptr get() const { return value_; }
  mpfr_ptr get() { return value_; }

  template <class F>
  static Big Apply(F f, const Big& a) {
    Big r;
    f(r.value_, a.value_, MPFR_RNDN);
    return r;
  }
  template <class F>
  static Big Apply(F f, const Big& a, const Big& b) {
    Big r;
    f(r.value_, a.value_, b.value_, MPFR_RNDN);
    return r;
  }
  static Big Pi() {
    Big r;
    mpfr_const_pi(r.value_, MPFR_RNDN);
    return r;
  }

  friend Big operator+(const Big& a, const Big& b) { return Apply(mpfr_add, a, b); }
  friend Big operator-(const Big& a, const Big& b) { return Apply(mpfr_sub, a, b); }
  friend Big operator*(const Big& a, const Big& b) { return Apply(mpfr_mul, a, b); }
  friend Big operator/(const Big& a, const Big& b) { return Apply(mpfr_div, a, b); }
  friend Big operator-(const Big& a) { return Apply(mpfr_neg, a); }
  friend bool operator<(const Big& a, const Big& b) { return mpfr_less_p(a.value_, b.value_); }
  friend bool operator>(const Big& a, const Big& b) { return mpfr_greater_p(a.value_, b.value_); }
  friend bool operator<=(const Big& a, const Big& b) {
    return mpfr_lessequal_p(a.value_, b.value_);
  }
  friend bool operator>=(const Big& a, const Big& b) {
    return mpfr_greaterequal_p(a.value_, b.value_);
  }
  friend bool operator==(const Big& a, const Big& b) { return mpfr_equal_p(a.value_, b.value_); }

  friend Big exp(const Big& a) { return Apply(mpfr_exp, a); }
  friend Big expm1(const Big& a) { return Apply(mpfr_expm1, a); }
  friend Big log(const Big& a) { return Apply(mpfr_log, a); }
  friend Big log1p(const Big& a) { return Apply(mpfr_log1p, a); }
  friend Big tanh(const Big& a) { return Apply(mpfr_tanh, a); }
  friend Big erf(const Big& a) { return Apply(mpfr_erf, a); }
  friend Big erfc(const Big& a) { return Apply(mpfr_erfc, a); }
  friend Big sqrt(const Big& a) { return Apply(mpfr_sqrt, a); }
  friend Big abs(const Big& a) { return Apply(mpfr_abs, a); }

 private:
  mpfr_t value_;
};

// The error of `got` against `reference` in units in the last place of the reference's binade, the
// unit being that of type T (float or double); subnormal results use the subnormal spacing. A
// reference of exactly 0 gives 0 for a result of +-0 and infinity otherwise.
template <class T>
double UlpError(T got, const Big& reference);

}  // namespace actlab::testing

#endif  // ACTLAB_TESTS_SUPPORT_BIGFLOAT_H_
