// The V4L2 camera's parts that run without a camera: opening what is not one (a missing node, a file,
// /dev/null), the choice of pixel format, and taking the Y samples out of each buffer layout. The capture
// itself (formats, mmap streaming, DQBUF) needs a camera and is untested here; see v4l2_camera.hpp.

#include "drivers/v4l2_camera.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/videodev2.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace checkin::drivers {
namespace {

using ::testing::HasSubstr;

TEST(V4l2CameraTest, MissingDeviceIsNotFound) {
    const auto camera = V4l2Camera::open("/dev/video-does-not-exist-42");
    ASSERT_FALSE(camera.has_value());
    EXPECT_EQ(camera.error().problem, Problem::not_found);
    EXPECT_EQ(camera.error().detail,
              "open v4l2:///dev/video-does-not-exist-42: No such file or directory (ENOENT)");
}

TEST(V4l2CameraTest, DeviceNodeThatIsNotV4l2IsRefused) {
    const auto camera = V4l2Camera::open("/dev/null");
    ASSERT_FALSE(camera.has_value());
    EXPECT_EQ(camera.error().problem, Problem::invalid_input);
    EXPECT_EQ(camera.error().detail,
              "v4l2:///dev/null is not a V4L2 device (VIDIOC_QUERYCAP): Inappropriate ioctl "
              "for device (ENOTTY)");
}

TEST(V4l2CameraTest, RegularFileIsRefused) {
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() / ("v4l2_camera_test_" + std::to_string(::getpid()));
    std::ofstream(file) << "not a camera";
    const auto camera = V4l2Camera::open(file);
    std::filesystem::remove(file);
    ASSERT_FALSE(camera.has_value());
    EXPECT_EQ(camera.error().problem, Problem::invalid_input);
    EXPECT_THAT(camera.error().detail, HasSubstr("is not a device node"));
    EXPECT_THAT(camera.error().detail, HasSubstr(file.string()));
}

TEST(V4l2CameraTest, FourccMatchesVideodevAndHasAName) {
    EXPECT_EQ(fourcc('Y', 'U', 'Y', 'V'), V4L2_PIX_FMT_YUYV);
    EXPECT_EQ(fourcc('M', 'J', 'P', 'G'), V4L2_PIX_FMT_MJPEG);
    EXPECT_EQ(fourcc_name(V4L2_PIX_FMT_YUYV), "YUYV");
    EXPECT_EQ(fourcc_name(V4L2_PIX_FMT_MJPEG), "MJPG");
    EXPECT_EQ(fourcc_name(0x01020341), "A???");
}

TEST(V4l2CameraTest, PrefersGreyThenPackedYuvThenPlanar) {
    const std::vector<std::uint32_t> webcam = {V4L2_PIX_FMT_MJPEG, V4L2_PIX_FMT_YUYV};
    EXPECT_EQ(choose_pixel_format(webcam), V4L2_PIX_FMT_YUYV);
    const std::vector<std::uint32_t> mono = {V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_GREY};
    EXPECT_EQ(choose_pixel_format(mono), V4L2_PIX_FMT_GREY);
    const std::vector<std::uint32_t> planar = {V4L2_PIX_FMT_MJPEG, V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_UYVY};
    EXPECT_EQ(choose_pixel_format(planar), V4L2_PIX_FMT_UYVY);
    const std::vector<std::uint32_t> yu12 = {V4L2_PIX_FMT_YUV420};
    EXPECT_EQ(choose_pixel_format(yu12), V4L2_PIX_FMT_YUV420);
}

TEST(V4l2CameraTest, CompressedOnlyCameraIsRefusedWithWhatItOffers) {
    const std::vector<std::uint32_t> offered = {V4L2_PIX_FMT_MJPEG, V4L2_PIX_FMT_H264};
    const auto chosen = choose_pixel_format(offered);
    ASSERT_FALSE(chosen.has_value());
    EXPECT_EQ(chosen.error().problem, Problem::unsupported);
    EXPECT_THAT(chosen.error().detail, HasSubstr("the camera offers MJPG, H264"));
    EXPECT_THAT(chosen.error().detail, HasSubstr("decoding MJPEG would need a JPEG library"));
    EXPECT_THAT(choose_pixel_format({}).error().detail, HasSubstr("the camera offers no formats"));
}

// A 4 × 2 picture whose Y samples are 10, 20, …, 80, row by row.
constexpr std::array<std::uint8_t, 8> luma = {10, 20, 30, 40, 50, 60, 70, 80};

void expect_luma(const Result<GreyFrame>& frame) {
    ASSERT_TRUE(frame.has_value()) << frame.error().detail;
    EXPECT_EQ(frame->width, 4U);
    EXPECT_EQ(frame->height, 2U);
    EXPECT_EQ(frame->stride, 4U);
    EXPECT_EQ(frame->pixels, std::vector<std::uint8_t>(luma.begin(), luma.end()));
}

TEST(V4l2CameraTest, TakesLumaFromGreyRowsWithPadding) {
    const std::vector<std::uint8_t> buffer = {10, 20, 30, 40, 0, 0, 50, 60, 70, 80};
    expect_luma(grey_from_buffer(buffer, {V4L2_PIX_FMT_GREY, 4, 2, 6}));
}

TEST(V4l2CameraTest, TakesLumaFromPackedYuv) {
    // Y U Y V: Y at even bytes; U Y V Y: at odd bytes. Chroma 128 and 200 must not leak in.
    const std::vector<std::uint8_t> yuyv = {10, 128, 20, 200, 30, 128, 40, 200,
                                            50, 128, 60, 200, 70, 128, 80, 200};
    expect_luma(grey_from_buffer(yuyv, {V4L2_PIX_FMT_YUYV, 4, 2, 8}));
    expect_luma(grey_from_buffer(yuyv, {V4L2_PIX_FMT_YVYU, 4, 2, 8}));
    const std::vector<std::uint8_t> uyvy = {128, 10, 200, 20, 128, 30, 200, 40,
                                            128, 50, 200, 60, 128, 70, 200, 80};
    expect_luma(grey_from_buffer(uyvy, {V4L2_PIX_FMT_UYVY, 4, 2, 8}));
    expect_luma(grey_from_buffer(uyvy, {V4L2_PIX_FMT_VYUY, 4, 2, 8}));
}

TEST(V4l2CameraTest, TakesLumaFromThePlaneOfPlanarYuv) {
    // NV12: the Y plane, then interleaved UV at half resolution (one row of two pairs here).
    const std::vector<std::uint8_t> nv12 = {10, 20, 30, 40, 50, 60, 70, 80, 128, 200, 128, 200};
    expect_luma(grey_from_buffer(nv12, {V4L2_PIX_FMT_NV12, 4, 2, 4}));
    expect_luma(grey_from_buffer(nv12, {V4L2_PIX_FMT_YUV420, 4, 2, 4}));
}

TEST(V4l2CameraTest, TruncatedOrMalformedBufferIsAnError) {
    const std::vector<std::uint8_t> short_buffer(15, 0); // YUYV 4 × 2 needs 16 bytes
    const auto truncated = grey_from_buffer(short_buffer, {V4L2_PIX_FMT_YUYV, 4, 2, 8});
    ASSERT_FALSE(truncated.has_value());
    EXPECT_EQ(truncated.error().problem, Problem::io);
    EXPECT_EQ(truncated.error().detail, "a YUYV frame of 4 x 2 needs 16 bytes and the buffer holds 15");

    const std::vector<std::uint8_t> buffer(64, 0);
    EXPECT_EQ(grey_from_buffer(buffer, {V4L2_PIX_FMT_YUYV, 4, 2, 6}).error().problem,
              Problem::io); // lines < 8
    EXPECT_EQ(grey_from_buffer(buffer, {V4L2_PIX_FMT_GREY, 0, 2, 4}).error().problem, Problem::io);
    const auto jpeg = grey_from_buffer(buffer, {V4L2_PIX_FMT_MJPEG, 4, 2, 8});
    ASSERT_FALSE(jpeg.has_value());
    EXPECT_EQ(jpeg.error().problem, Problem::unsupported);
    EXPECT_EQ(jpeg.error().detail, "frames in MJPG cannot be read as grey");
}

} // namespace
} // namespace checkin::drivers
