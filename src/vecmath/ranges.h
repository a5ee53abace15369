// Where the shared vector maths changes form, as plain numbers for code that is not compiled per
// instruction set (the accuracy runs check each of these and its neighbours, with both signs).
#ifndef ACTLAB_SRC_VECMATH_RANGES_H_
#define ACTLAB_SRC_VECMATH_RANGES_H_

namespace actlab::vecmath {

// log1p (log1p-inl.h): the reduction's k = 1 branch starts at u = 1/2; its domain ends at 1.
// exp and expm1 (exp-inl.h): float results leave the normal range near -87.34 and overflow above
// 88.72, and are 0 below -103.97; double results leave the normal range near -708.4, overflow
// above 709.78 and are 0 below -745.13. Between them, magnitudes where the exponential's tail
// terms cross float's and double's precision (probes, not branches).
inline constexpr double kBranchPoints[] = {
    0.5,      0.75,     1,  5,   12,     16,  17,  24,    30,     34,  40,     50,     80,
    87.33654, 88.72284, 89, 100, 103.97, 104, 700, 708.4, 709.78, 710, 744.44, 745.13, 746};

}  // namespace actlab::vecmath

#endif  // ACTLAB_SRC_VECMATH_RANGES_H_
