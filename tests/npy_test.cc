// The .npy reader and writer against files numpy wrote (tests/data/npy/make_fixtures.py), and every
// malformed input the reader must refuse with a message naming the file and the problem.
#include "actlab/npy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "actlab/io.h"
#include "support/reference.h"

namespace actlab {
namespace {

using testing::DataPath;

std::string Slurp(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// What make_fixtures.py's ramp() holds: -3, -2.75, -2.5, ...
double Ramp(std::size_t i) { return static_cast<double>(i) * 0.25 - 3.0; }

struct ValidFixture {
  const char* file;
  NpyType type;
  std::vector<std::uint64_t> shape;
  bool ramp;             // holds Ramp(i)
  bool written_by_save;  // np.save output, which WriteNpy must reproduce byte for byte
};

const std::vector<ValidFixture>& ValidFixtures() {
  static const std::vector<ValidFixture> fixtures = {
      {"f32_2x3.npy", NpyType::kFloat32, {2, 3}, true, true},
      {"f64_7.npy", NpyType::kFloat64, {7}, true, true},
      {"f32_2x3x4.npy", NpyType::kFloat32, {2, 3, 4}, true, true},
      {"f64_scalar.npy", NpyType::kFloat64, {}, false, true},
      {"f32_empty.npy", NpyType::kFloat32, {0}, true, true},
      {"f64_3x0.npy", NpyType::kFloat64, {3, 0}, true, true},
      {"f64_special.npy", NpyType::kFloat64, {7}, false, true},
      {"f64_7_v2.npy", NpyType::kFloat64, {7}, true, false},
      {"f64_7_v3.npy", NpyType::kFloat64, {7}, true, false},
  };
  return fixtures;
}

template <class T>
void ExpectRamp(const NpyArray& array) {
  const auto data = array.data<T>();
  for (std::size_t i = 0; i < data.size(); ++i) EXPECT_EQ(data[i], static_cast<T>(Ramp(i))) << i;
}

TEST(Npy, ReadsWhatNumpyWrote) {
  for (const ValidFixture& fixture : ValidFixtures()) {
    SCOPED_TRACE(fixture.file);
    const NpyArray array = ReadNpy(DataPath(std::string("npy/") + fixture.file));
    EXPECT_EQ(array.type(), fixture.type);
    EXPECT_EQ(array.shape(), fixture.shape);
    std::uint64_t count = 1;
    for (auto dim : fixture.shape) count *= dim;
    EXPECT_EQ(array.size(), count);
    if (!fixture.ramp) continue;
    if (fixture.type == NpyType::kFloat32) {
      ExpectRamp<float>(array);
    } else {
      ExpectRamp<double>(array);
    }
  }
}

TEST(Npy, ReadsZeroDimensionalAndSpecialValues) {
  EXPECT_EQ(ReadNpy(DataPath("npy/f64_scalar.npy")).data<double>()[0], 2.5);
  const NpyArray special = ReadNpy(DataPath("npy/f64_special.npy"));
  const auto x = special.data<double>();
  EXPECT_TRUE(std::isnan(x[0]));
  EXPECT_EQ(x[1], INFINITY);
  EXPECT_EQ(x[2], -INFINITY);
  EXPECT_TRUE(x[3] == 0 && std::signbit(x[3]));
  EXPECT_TRUE(x[4] == 0 && !std::signbit(x[4]));
  EXPECT_EQ(x[5], 5e-324);
  EXPECT_EQ(x[6], -1e300);
}

TEST(Npy, HeaderVersionsAreReported) {
  EXPECT_EQ(ParseNpyHeader(Slurp(DataPath("npy/f64_7.npy")), "a").major_version, 1);
  EXPECT_EQ(ParseNpyHeader(Slurp(DataPath("npy/f64_7_v2.npy")), "a").major_version, 2);
  EXPECT_EQ(ParseNpyHeader(Slurp(DataPath("npy/f64_7_v3.npy")), "a").major_version, 3);
}

// Byte-identical output to np.save means numpy reads what actlab writes, without Python here.
TEST(Npy, WritesExactlyWhatNumpySaveWrites) {
  for (const ValidFixture& fixture : ValidFixtures()) {
    if (!fixture.written_by_save) continue;
    SCOPED_TRACE(fixture.file);
    const std::string source = DataPath(std::string("npy/") + fixture.file);
    const std::string copy = ::testing::TempDir() + "/copy_" + fixture.file;
    WriteNpy(copy, ReadNpy(source));
    EXPECT_EQ(Slurp(copy), Slurp(source));
    EXPECT_EQ(ParseNpy(Slurp(copy), copy).shape(), fixture.shape);
  }
}

TEST(Npy, HeaderLengthIsAMultipleOf64) {
  for (std::size_t dims : {0u, 1u, 5u, 32u}) {
    const std::vector<std::uint64_t> shape(dims, 1);
    const std::string header = NpyHeaderBytes(NpyType::kFloat32, shape);
    EXPECT_EQ(header.size() % 64, 0u) << dims;
    const NpyHeader parsed = ParseNpyHeader(header, "long");
    EXPECT_EQ(parsed.major_version, 1);
    EXPECT_EQ(parsed.shape, shape);
    EXPECT_EQ(parsed.data_offset, header.size());
  }
}

// numpy's limits: 32 dimensions (NPY_MAXDIMS of numpy 1.x), a header dict of 10000 bytes.
TEST(Npy, MoreThan32DimensionsOrA10000ByteHeaderAreRefused) {
  EXPECT_THROW(NpyHeaderBytes(NpyType::kFloat32, std::vector<std::uint64_t>(33, 1)),
               std::invalid_argument);
  // A header numpy could write with 33 dimensions (version 1.0, 64-byte aligned).
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (int i = 0; i < 33; ++i) dict += "1, ";
  dict += "), }";
  dict += std::string(64 - (10 + dict.size() + 1) % 64, ' ') + "\n";
  std::string bytes("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(dict.size() & 0xff);
  bytes += static_cast<char>(dict.size() >> 8);
  try {
    ParseNpyHeader(bytes + dict, "deep.npy");
    FAIL() << "33 dimensions accepted";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("33 dimensions; allowed: at most 32"), std::string::npos)
        << e.what();
  }
  // A 5000-dimensional array's header is longer than the limit: refused before it is parsed.
  std::string huge("\x93NUMPY\x02\x00", 8);
  const std::uint32_t length = 15000;
  huge.append(reinterpret_cast<const char*>(&length), 4);
  huge += std::string(length, ' ');
  try {
    ParseNpyHeader(huge, "huge.npy");
    FAIL() << "a 15000-byte header accepted";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("allowed: at most 10000"), std::string::npos) << e.what();
  }
}

TEST(Npy, RoundTripsFloat32AndFloat64) {
  const std::vector<std::uint64_t> shape = {3, 1, 2};
  const std::vector<float> f = {1.5f, -0.f, NAN, INFINITY, 1e-45f, -3.25f};
  const std::vector<double> d = {1.5, -0., NAN, -INFINITY, 5e-324, 1e308};
  const std::string path = ::testing::TempDir() + "/round_trip.npy";
  WriteNpy(path, shape, std::span<const float>(f));
  NpyArray a = ReadNpy(path);
  ASSERT_EQ(a.type(), NpyType::kFloat32);
  EXPECT_EQ(a.shape(), shape);
  EXPECT_EQ(std::memcmp(a.data<float>().data(), f.data(), f.size() * 4), 0);
  WriteNpy(path, shape, std::span<const double>(d));
  a = ReadNpy(path);
  ASSERT_EQ(a.type(), NpyType::kFloat64);
  EXPECT_EQ(std::memcmp(a.data<double>().data(), d.data(), d.size() * 8), 0);
  EXPECT_THROW(a.data<float>(), std::logic_error);
  EXPECT_THROW(WriteNpy(path, std::vector<std::uint64_t>{4}, std::span<const double>(d)),
               std::invalid_argument);
}

TEST(Npy, WriteFailsWithTheNameOfThePath) {
  const std::vector<double> d = {1};
  try {
    WriteNpy("/proc/version/x.npy", std::vector<std::uint64_t>{1}, std::span<const double>(d));
    FAIL() << "no exception";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/proc/version/x.npy"), std::string::npos);
  }
}

struct RefusedFile {
  const char* file;
  const char* message;  // a part of what() that says what is wrong
};

TEST(Npy, RefusesFilesNumpyWroteThatActlabCannotUse) {
  const RefusedFile cases[] = {
      {"fortran.npy", "Fortran order; allowed: C order"},
      {"big_endian.npy", "dtype '>f4' is big-endian; allowed: '<f4' (float32) or '<f8' (float64)"},
      {"int32.npy", "dtype '<i4' is not float32 or float64; allowed:"},
      {"bool.npy", "dtype '|b1' is not float32 or float64"},
      {"complex64.npy", "dtype '<c8' is not float32 or float64"},
      {"float16.npy", "dtype '<f2' is not float32 or float64"},
      {"truncated_data.npy", "needs 24 data bytes, the file has 21"},
      {"extra_data.npy", "needs 24 data bytes, the file has 28"},
      {"truncated_header.npy", "the header is truncated"},
      {"make_fixtures.py", "does not start with the magic"},
      {"missing.npy", "cannot read"},
  };
  for (const RefusedFile& refused : cases) {
    const std::string path = DataPath(std::string("npy/") + refused.file);
    try {
      ReadNpy(path);
      ADD_FAILURE() << refused.file << ": no exception";
    } catch (const IoError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(refused.message), std::string::npos) << what;
      EXPECT_NE(what.find(path), std::string::npos) << what;
    }
  }
}

// A .npy file in memory with the given dict text (padded and ended with '\n') and data.
std::string MakeNpy(const std::string& dict, int version = 1, const std::string& data = "") {
  std::string text = dict + "\n";
  std::string out = "\x93NUMPY";
  out += static_cast<char>(version);
  out += '\0';
  const int length_bytes = version == 1 ? 2 : 4;
  for (int i = 0; i < length_bytes; ++i) out += static_cast<char>((text.size() >> (8 * i)) & 0xff);
  return out + text + data;
}

TEST(Npy, RefusesMalformedHeaders) {
  const std::string f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': ";
  const std::pair<std::string, const char*> cases[] = {
      {"", "does not start with the magic"},
      {"\x93NUMPX\x01\x00", "does not start with the magic"},
      {"\x93NUMPY", "ends inside the version bytes"},
      {"\x93NUMPY\x01", "ends inside the version bytes"},
      {std::string("\x93NUMPY\x01\x00\x10", 9), "ends inside the header length"},
      {MakeNpy(f4 + "(1,), }", 4), "format version 4.0 is not supported; allowed: 1.0, 2.0, 3.0"},
      {MakeNpy(f4 + "(1,), }", 1).replace(7, 1, "\x01"), "format version 1.1"},
      {MakeNpy(f4 + "(0,), }").substr(0, 30), "the header is truncated"},
      {MakeNpy(f4 + "(0,), }").replace(MakeNpy(f4 + "(0,), }").size() - 1, 1, " "),
       "does not end with a newline"},
      {MakeNpy("{'descr': '<f4', 'shape': (1,)}"), "lacks the key 'fortran_order'"},
      {MakeNpy("{'fortran_order': False, 'shape': (1,)}"), "lacks the key 'descr'"},
      {MakeNpy("{'descr': '<f4', 'fortran_order': False}"), "lacks the key 'shape'"},
      {MakeNpy(f4 + "(1,), 'extra': True}"), "header has the key 'extra'"},
      {MakeNpy(f4 + "(1,), 'shape': (1,)}"), "repeats the key 'shape'"},
      {MakeNpy("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}"), "expected a string, True"},
      {MakeNpy("{'descr': '<f4', 'fortran_order': 'no', 'shape': (1,)}"), "'fortran_order' is not"},
      {MakeNpy("{'descr': 4, 'fortran_order': False, 'shape': (1,)}"), "expected a string"},
      {MakeNpy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}"),
       "structured dtypes"},
      {MakeNpy(f4 + "'(1,)'}"), "'shape' is not a tuple"},
      {MakeNpy(f4 + "(5)}"), "a 1-d shape is written '(n,)'"},
      {MakeNpy(f4 + "(-1,)}"), "expected a non-negative integer"},
      {MakeNpy(f4 + "(1; 2)}"), "expected ',' or ')'"},
      {MakeNpy(f4 + "(99999999999999999999999,)}"), "overflows 64 bits"},
      {MakeNpy(f4 + "(4294967296, 4294967296, 16)}"), "more elements than memory can hold"},
      {MakeNpy(f4 + "(2305843009213693952,)}"), "more elements than memory can hold"},
      {MakeNpy(f4 + "(1,)"), "expected ',' or '}'"},
      {MakeNpy(f4 + "(1,)} x"), "the end of the header"},
      {MakeNpy("{'descr: '<f4'}"), "expected ':'"},
      {MakeNpy("['descr']"), "expected '{'"},
      {MakeNpy(f4 + "(2,)}", 1, "abc"), "needs 8 data bytes, the file has 3"},
      {MakeNpy(f4 + "(2,)}", 2, std::string(12, 'x')), "needs 8 data bytes, the file has 12"},
  };
  for (const auto& [bytes, message] : cases) {
    try {
      ParseNpy(bytes, "in-memory.npy");
      ADD_FAILURE() << message << ": no exception";
    } catch (const IoError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(message), std::string::npos) << what;
      EXPECT_NE(what.find("'in-memory.npy'"), std::string::npos) << what;
    }
  }
}

TEST(Npy, AcceptsWhatOtherWritersProduce) {
  // Double quotes, no trailing comma, spaces, a Python 2 long, keys in another order, version 2.
  const NpyArray a =
      ParseNpy(MakeNpy("{\"shape\": ( 2L , 1 ),\"fortran_order\":False,  \"descr\": \"<f8\"}", 2,
                       std::string(16, '\0')),
               "x");
  EXPECT_EQ(a.shape(), (std::vector<std::uint64_t>{2, 1}));
  EXPECT_EQ(a.data<double>()[1], 0.0);
  // A 0-d array holds one element even with no data dimensions; a zero dimension holds none.
  EXPECT_EQ(ParseNpy(MakeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", 1,
                             std::string(4, '\0')),
                     "x")
                .size(),
            1u);
  EXPECT_EQ(ParseNpy(MakeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': "
                             "(0, 18446744073709551615)}"),
                     "x")
                .size(),
            0u);
}

}  // namespace
}  // namespace actlab
