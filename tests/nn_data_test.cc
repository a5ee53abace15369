// The IDX reader on small files the test writes, plain and gzip, and on every malformed case.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "actlab/io.h"
#include "actlab/nn/data.h"

namespace actlab::nn {
namespace {

namespace fs = std::filesystem;

std::string BigEndian(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string ImageFile(std::uint32_t count, std::uint32_t rows, std::uint32_t cols,
                      std::uint32_t magic = 0x803) {
  std::string bytes = BigEndian(magic) + BigEndian(count) + BigEndian(rows) + BigEndian(cols);
  for (std::uint32_t i = 0; i < count * rows * cols; ++i) bytes += static_cast<char>(i % 251);
  return bytes;
}

std::string LabelFile(std::uint32_t count, std::uint32_t magic = 0x801) {
  std::string bytes = BigEndian(magic) + BigEndian(count);
  for (std::uint32_t i = 0; i < count; ++i) bytes += static_cast<char>(i % 10);
  return bytes;
}

class IdxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("actlab_idx_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& bytes) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  fs::path WriteGzip(const std::string& name, const std::string& bytes) {
    const fs::path path = dir_ / name;
    gzFile file = gzopen(path.c_str(), "wb");
    gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(file);
    return path;
  }
  void WriteDirectory(int train, int train_labels, int test, bool gzip) {
    auto put = [&](const std::string& name, const std::string& bytes) {
      gzip ? WriteGzip(name + ".gz", bytes) : Write(name, bytes);
    };
    put("train-images-idx3-ubyte", ImageFile(static_cast<std::uint32_t>(train), 3, 2));
    put("train-labels-idx1-ubyte", LabelFile(static_cast<std::uint32_t>(train_labels)));
    put("t10k-images-idx3-ubyte", ImageFile(static_cast<std::uint32_t>(test), 3, 2));
    put("t10k-labels-idx1-ubyte", LabelFile(static_cast<std::uint32_t>(test)));
  }

  // Expects IoError whose message contains every fragment.
  template <class F>
  void ExpectError(F&& read, const std::vector<std::string>& fragments) {
    try {
      read();
      ADD_FAILURE() << "no error";
    } catch (const IoError& e) {
      for (const std::string& fragment : fragments) {
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
            << e.what() << " lacks " << fragment;
      }
    }
  }

  fs::path dir_;
};

TEST_F(IdxTest, ReadsPlainAndGzipImagesAlike) {
  const auto plain = ReadIdxImages(Write("a-idx3-ubyte", ImageFile(4, 3, 5)));
  const auto gzip = ReadIdxImages(WriteGzip("b-idx3-ubyte.gz", ImageFile(4, 3, 5)));
  EXPECT_EQ(plain.count, 4);
  EXPECT_EQ(plain.rows, 3);
  EXPECT_EQ(plain.cols, 5);
  ASSERT_EQ(plain.pixels.size(), 60u);
  for (std::size_t i = 0; i < plain.pixels.size(); ++i) EXPECT_EQ(plain.pixels[i], i % 251);
  EXPECT_EQ(plain.pixels, gzip.pixels);
  EXPECT_EQ(gzip.count, 4);
}

TEST_F(IdxTest, ReadsLabels) {
  const auto labels = ReadIdxLabels(WriteGzip("l.gz", LabelFile(23)));
  ASSERT_EQ(labels.size(), 23u);
  EXPECT_EQ(labels[22], 2);
}

TEST_F(IdxTest, WrongMagicNamesTheFileAndBothNumbers) {
  const auto path = Write("x", ImageFile(2, 2, 2, 0x801));
  ExpectError([&] { ReadIdxImages(path); }, {path.string(), "0x00000801", "0x00000803"});
  const auto labels = Write("y", LabelFile(2, 0x803));
  ExpectError([&] { ReadIdxLabels(labels); }, {labels.string(), "magic"});
}

TEST_F(IdxTest, TruncatedFilesAreErrors) {
  std::string bytes = ImageFile(3, 4, 4);
  const auto pixels = Write("p", bytes.substr(0, bytes.size() - 1));
  ExpectError([&] { ReadIdxImages(pixels); }, {pixels.string(), "truncated", "48 bytes"});
  const auto header = WriteGzip("h.gz", bytes.substr(0, 10));
  ExpectError([&] { ReadIdxImages(header); }, {header.string(), "truncated"});
  const auto labels = Write("l", LabelFile(5).substr(0, 11));
  ExpectError([&] { ReadIdxLabels(labels); }, {labels.string(), "truncated"});
  const auto empty = Write("e", "");
  ExpectError([&] { ReadIdxLabels(empty); }, {empty.string(), "magic number"});
}

TEST_F(IdxTest, ZeroDimensionsAndBadLabelsAreErrors) {
  const auto zero = Write("z", ImageFile(0, 2, 2));
  ExpectError([&] { ReadIdxImages(zero); }, {zero.string(), "image count 0"});
  std::string bytes = LabelFile(3);
  bytes.back() = 12;
  const auto bad = Write("b", bytes);
  ExpectError([&] { ReadIdxLabels(bad); }, {bad.string(), "label 12", "0..9"});
}

TEST_F(IdxTest, CorruptGzipIsAnError) {
  std::string bytes;
  {
    const auto good = WriteGzip("g.gz", ImageFile(50, 8, 8));
    std::ifstream in(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  for (std::size_t i = 20; i < bytes.size() - 8; ++i) bytes[i] = static_cast<char>(~bytes[i]);
  const auto corrupt = Write("c.gz", bytes);
  ExpectError([&] { ReadIdxImages(corrupt); }, {corrupt.string()});
}

TEST_F(IdxTest, MissingFileAndDirectoryAreNamed) {
  ExpectError([&] { ReadIdxImages(dir_ / "nope"); }, {(dir_ / "nope").string(), "no such file"});
  ExpectError([&] { ReadMnistDirectory(dir_ / "absent"); },
              {(dir_ / "absent").string(), "does not exist"});
  WriteDirectory(5, 5, 3, false);
  fs::remove(dir_ / "t10k-labels-idx1-ubyte");
  ExpectError([&] { ReadMnistDirectory(dir_); }, {"t10k-labels-idx1-ubyte"});
}

TEST_F(IdxTest, ReadsADirectoryPlainOrGzip) {
  for (const bool gzip : {false, true}) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    WriteDirectory(7, 7, 3, gzip);
    const MnistData data = ReadMnistDirectory(dir_);
    EXPECT_EQ(data.train.images.count, 7);
    EXPECT_EQ(data.train.labels.size(), 7u);
    EXPECT_EQ(data.test.images.count, 3);
    EXPECT_EQ(data.test.images.rows, 3);
    EXPECT_EQ(data.test.images.cols, 2);
  }
}

TEST_F(IdxTest, ImageAndLabelCountsMustAgree) {
  WriteDirectory(7, 6, 3, true);
  ExpectError([&] { ReadMnistDirectory(dir_); },
              {"train-images-idx3-ubyte.gz", "7 images", "train-labels-idx1-ubyte.gz", "6 labels"});
}

}  // namespace
}  // namespace actlab::nn
