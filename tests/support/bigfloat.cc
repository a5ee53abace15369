#include "support/bigfloat.h"

#include <cmath>
#include <limits>
#include <type_traits>

namespace actlab::testing {
namespace {

// The widest exponent range MPFR allows, so that references such as exp(7e8) do not overflow.
const bool kWideRange = [] {
  mpfr_set_emax(mpfr_get_emax_max());
  mpfr_set_emin(mpfr_get_emin_min());
  return true;
}();

}  // namespace

template <class T>
double UlpError(T got, const Big& reference) {
  if (std::isnan(got)) return std::numeric_limits<double>::infinity();
  if (mpfr_zero_p(reference.get())) {
    return got == 0 ? 0.0 : std::numeric_limits<double>::infinity();
  }
  if (std::isinf(got)) {
    // Right when the reference rounds to the same infinity in T.
    const double rounded = std::is_same_v<T, float> ? reference.ToFloat() : reference.ToDouble();
    return rounded == got ? 0.0 : std::numeric_limits<double>::infinity();
  }
  constexpr int kDigits = std::numeric_limits<T>::digits;             // 24 or 53
  constexpr int kMinExponent = std::numeric_limits<T>::min_exponent;  // -125 or -1021
  // reference = m 2^e with 0.5 <= |m| < 1; one ulp of T there is 2^(e - digits), but never finer
  // than the subnormal spacing 2^(min_exponent - 1 - digits + 1).
  const long e = std::max<long>(mpfr_get_exp(reference.get()), kMinExponent);
  Big difference = abs(Big(static_cast<double>(got)) - reference);
  mpfr_mul_2si(difference.get(), difference.get(), kDigits - e, MPFR_RNDN);
  return difference.ToDouble();
}

template double UlpError<float>(float, const Big&);
template double UlpError<double>(double, const Big&);

}  // namespace actlab::testing
