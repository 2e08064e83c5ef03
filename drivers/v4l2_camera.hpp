#pragma once

// A webcam through Video4Linux2, delivering grey frames for CameraDecoder.
//
// open() opens /dev/videoN, checks that it is a V4L2 video-capture device with streaming I/O
// (VIDIOC_QUERYCAP), picks a pixel format whose luminance is there to take as it is — GREY, or one of the
// YUV layouts (YUYV and the other packed 4:2:2 orders, NV12/NV21, YU12/YV12) whose Y samples are the grey
// picture — asks for a modest size (1280 × 720 by default; the driver gives the closest it has), and
// starts mmap streaming with a few buffers. next_frame() waits (poll) for the next filled buffer, copies
// its Y samples out as a GreyFrame and queues the buffer again at once.
//
// Compressed formats are refused: a camera that offers only MJPEG (or H.264) cannot be used, because
// decoding JPEG would need a library the kiosk does not link; the error lists what the camera offers.
// Most UVC webcams offer YUYV next to MJPEG, though USB 2 bandwidth often limits YUYV at 1280 × 720 to
// 5–10 frames a second: enough for a phone held still in front of the camera. Multi-planar capture
// devices (V4L2_CAP_VIDEO_CAPTURE_MPLANE only, as some SoC cameras are) are refused too.
//
// UNTESTED ON HARDWARE: no camera (and no v4l2loopback, which needs a kernel module) exists where this
// was written. The tests cover the error paths that run anywhere (a missing device, a file or a device
// node that is not V4L2), the choice of pixel format, and the extraction of Y samples from each layout;
// the ioctl sequence of open() and next_frame() (S_FMT, REQBUFS, QUERYBUF/mmap, QBUF, STREAMON, poll,
// DQBUF) has not run against a real driver.

#include "base/file_descriptor.hpp"
#include "drivers/camera_decoder.hpp"
#include "drivers/error.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace checkin::drivers {

// V4L2's four-character code of a pixel format, as v4l2_fourcc() makes it.
constexpr std::uint32_t fourcc(char a, char b, char c, char d) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(a)) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b)) << 8U |
           static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << 16U |
           static_cast<std::uint32_t>(static_cast<unsigned char>(d)) << 24U;
}

// "YUYV", "MJPG"; unprintable bytes as '?'.
std::string fourcc_name(std::uint32_t code);

// Of the formats a camera offers, the one to capture in: GREY first, then the YUV layouts in the order
// the header lists them (packed 4:2:2 before planar 4:2:0, which has no advantage for a grey picture).
// Fails with unsupported, naming what was offered, when none can be read without decoding.
Result<std::uint32_t> choose_pixel_format(std::span<const std::uint32_t> offered);

// How a captured buffer holds a frame.
struct V4l2FrameLayout {
    std::uint32_t pixel_format = 0;
    std::size_t width = 0;
    std::size_t height = 0;
    std::size_t bytes_per_line = 0; // of the Y plane (planar) or of the packed rows
};

// The Y samples of one buffer as a GreyFrame (stride = width). Fails with io when the buffer holds fewer
// bytes than the layout needs (a driver that delivered a truncated frame), unsupported for a format
// choose_pixel_format() would not pick.
Result<GreyFrame> grey_from_buffer(std::span<const std::uint8_t> buffer, const V4l2FrameLayout& layout);

struct V4l2CameraOptions {
    std::size_t width = 1280; // asked for; the driver picks its closest size
    std::size_t height = 720;
    std::size_t buffer_count = 4; // mmap buffers asked for; the driver may give more, at least 2 are needed
};

// One captured frame.
struct CameraFrame {
    GreyFrame frame;
    // When the driver captured it (its monotonic timestamp, which is steady_clock's clock on Linux), or
    // when it was dequeued, for drivers that stamp with another clock.
    std::chrono::steady_clock::time_point time{};
    std::uint32_t sequence = 0; // the driver's frame counter: a gap means frames were dropped
};

class V4l2Camera {
public:
    // Opens and starts streaming. Fails with not_found when there is no such device node, access_denied
    // when the kiosk's user may not open it (not in the "video" group), invalid_input when the path is
    // not a V4L2 device (a file, /dev/null), unsupported when it cannot capture video by streaming or
    // offers no format with plain luminance (MJPEG only), busy when another program is capturing from it.
    static Result<std::unique_ptr<V4l2Camera>> open(const std::filesystem::path& device,
                                                    V4l2CameraOptions options = {});

    V4l2Camera(const V4l2Camera&) = delete;
    V4l2Camera& operator=(const V4l2Camera&) = delete;
    ~V4l2Camera(); // stops streaming, unmaps the buffers, closes the device

    // Waits up to `timeout` for the next frame. Fails with timeout when none came, disconnected when the
    // camera was unplugged. A buffer the driver marks as damaged is put back and waited past.
    Result<CameraFrame> next_frame(std::chrono::milliseconds timeout);

    // "v4l2:///dev/video0", for scans, logs and the device panel.
    const std::string& name() const { return m_name; }
    // The driver's name for the camera ("HD Pro Webcam C920").
    const std::string& card() const { return m_card; }
    // The format and size the driver agreed to.
    const V4l2FrameLayout& layout() const { return m_layout; }

private:
    // One mmap'ed buffer, unmapped when it goes.
    class MappedBuffer {
    public:
        MappedBuffer(void* start, std::size_t length) : m_start(start), m_length(length) {}
        MappedBuffer(MappedBuffer&& other) noexcept;
        MappedBuffer& operator=(MappedBuffer&&) = delete;
        MappedBuffer(const MappedBuffer&) = delete;
        MappedBuffer& operator=(const MappedBuffer&) = delete;
        ~MappedBuffer();

        std::span<const std::uint8_t> bytes(std::size_t used) const;

    private:
        void* m_start = nullptr;
        std::size_t m_length = 0;
    };

    V4l2Camera(base::FileDescriptor device, std::string name)
        : m_device(std::move(device)), m_name(std::move(name)) {}

    base::FileDescriptor m_device;
    std::string m_name;
    std::string m_card;
    V4l2FrameLayout m_layout;
    std::vector<MappedBuffer> m_buffers; // unmapped before m_device closes (members go in reverse order)
    bool m_streaming = false;
};

} // namespace checkin::drivers
