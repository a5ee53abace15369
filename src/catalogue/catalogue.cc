#include "catalogue/catalogue.h"

#include <array>

#include "catalogue/all.h"

namespace actlab {
namespace {

template <class Def>
std::string CheckOf(const double* params) {
  if constexpr (requires { Def::CheckParams(params); }) {
    return Def::CheckParams(params);
  } else {
    return {};
  }
}

template <class Def>
Info RowOf(Kind kind) {
  Info info = Def::kRow;
  info.kind = kind;
  return info;
}

const std::array<Info, kNumKinds>& Infos() {
  static const std::array<Info, kNumKinds> infos = {
#define ACTLAB_ACTIVATION(Name) RowOf<catalogue::Name>(Kind::k##Name),
#include "actlab/activations.inc"
  };
  return infos;
}

constexpr std::array<internal::ScalarEntry, kNumKinds> kScalars = {{
#define ACTLAB_ACTIVATION(Name) \
  {&catalogue::Name::Value, &catalogue::Name::Derivative, &CheckOf<catalogue::Name>},
#include "actlab/activations.inc"
}};

}  // namespace

std::span<const Info> Catalogue() { return Infos(); }

const Info& InfoOf(Kind kind) { return Infos()[static_cast<std::size_t>(kind)]; }

std::string_view ToString(Init init) {
  switch (init) {
    case Init::kLeCunNormal:
      return "lecun_normal";
    case Init::kHeNormal:
      return "he_normal";
    case Init::kGlorotUniform:
      return "glorot_uniform";
  }
  return "unknown";
}

std::optional<Init> InitFromName(std::string_view name) {
  if (name == "lecun" || name == "lecun_normal") return Init::kLeCunNormal;
  if (name == "he" || name == "he_normal") return Init::kHeNormal;
  if (name == "glorot" || name == "glorot_uniform") return Init::kGlorotUniform;
  return std::nullopt;
}

const internal::ScalarEntry& internal::ScalarOf(Kind kind) {
  return kScalars[static_cast<std::size_t>(kind)];
}

}  // namespace actlab
