#include "drivers/v4l2_camera.hpp"

#include "drivers/posix_io.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace checkin::drivers {
namespace {

using Clock = std::chrono::steady_clock;

// Where a format keeps its Y samples.
enum class LumaLayout {
    grey,        // one byte per pixel
    packed_even, // Y0 U Y1 V (or Y0 V Y1 U): Y at even bytes
    packed_odd,  // U Y0 V Y1 (or V Y0 U Y1): Y at odd bytes
    planar,      // a Y plane first, then chroma: the first plane is the grey picture
};

struct FormatInfo {
    std::uint32_t code;
    LumaLayout layout;
};

// In order of preference (see choose_pixel_format()).
constexpr std::array<FormatInfo, 9> readable_formats = {{
    {fourcc('G', 'R', 'E', 'Y'), LumaLayout::grey},
    {fourcc('Y', 'U', 'Y', 'V'), LumaLayout::packed_even},
    {fourcc('Y', 'V', 'Y', 'U'), LumaLayout::packed_even},
    {fourcc('U', 'Y', 'V', 'Y'), LumaLayout::packed_odd},
    {fourcc('V', 'Y', 'U', 'Y'), LumaLayout::packed_odd},
    {fourcc('N', 'V', '1', '2'), LumaLayout::planar},
    {fourcc('N', 'V', '2', '1'), LumaLayout::planar},
    {fourcc('Y', 'U', '1', '2'), LumaLayout::planar},
    {fourcc('Y', 'V', '1', '2'), LumaLayout::planar},
}};

static_assert(readable_formats[0].code == V4L2_PIX_FMT_GREY &&
                  readable_formats[1].code == V4L2_PIX_FMT_YUYV &&
                  readable_formats[3].code == V4L2_PIX_FMT_UYVY &&
                  readable_formats[5].code == V4L2_PIX_FMT_NV12 &&
                  readable_formats[7].code == V4L2_PIX_FMT_YUV420 &&
                  readable_formats[8].code == V4L2_PIX_FMT_YVU420,
              "fourcc() must agree with videodev2.h");

const FormatInfo* find_format(std::uint32_t code) {
    const auto* found = std::find_if(readable_formats.begin(), readable_formats.end(),
                                     [code](const FormatInfo& each) { return each.code == code; });
    return found == readable_formats.end() ? nullptr : found;
}

std::size_t bytes_per_pixel(LumaLayout layout) {
    return layout == LumaLayout::packed_even || layout == LumaLayout::packed_odd ? 2 : 1;
}

// ioctl, again after a signal.
int control(int descriptor, unsigned long request, void* argument) {
    int result = 0;
    do {
        result = ::ioctl(descriptor, request, argument);
    } while (result < 0 && errno == EINTR);
    return result;
}

std::string text_of(const std::uint8_t* bytes, std::size_t size) {
    const auto* characters = reinterpret_cast<const char*>(bytes);
    return std::string(characters, ::strnlen(characters, size));
}

int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1'000'000));
}

} // namespace

std::string fourcc_name(std::uint32_t code) {
    std::string name;
    for (unsigned shift = 0; shift < 32; shift += 8) {
        const auto byte = static_cast<char>((code >> shift) & 0xFFU);
        name += byte >= ' ' && byte <= '~' ? byte : '?';
    }
    return name;
}

Result<std::uint32_t> choose_pixel_format(std::span<const std::uint32_t> offered) {
    for (const FormatInfo& format : readable_formats) {
        if (std::find(offered.begin(), offered.end(), format.code) != offered.end()) {
            return format.code;
        }
    }
    std::string names;
    for (const std::uint32_t code : offered) {
        names += (names.empty() ? "" : ", ") + fourcc_name(code);
    }
    return fail(
        Problem::unsupported,
        fmt::format("the camera offers {} and the kiosk reads only uncompressed luminance (GREY, YUYV, "
                    "YVYU, UYVY, VYUY, NV12, NV21, YU12, YV12); decoding MJPEG would need a JPEG library",
                    names.empty() ? "no formats" : names));
}

Result<GreyFrame> grey_from_buffer(std::span<const std::uint8_t> buffer, const V4l2FrameLayout& layout) {
    const FormatInfo* format = find_format(layout.pixel_format);
    if (format == nullptr) {
        return fail(Problem::unsupported,
                    fmt::format("frames in {} cannot be read as grey", fourcc_name(layout.pixel_format)));
    }
    const std::size_t row_bytes = layout.width * bytes_per_pixel(format->layout);
    if (layout.width == 0 || layout.height == 0 || layout.bytes_per_line < row_bytes) {
        return fail(Problem::io, fmt::format("a {} frame of {} x {} with {} bytes per line is malformed",
                                             fourcc_name(layout.pixel_format), layout.width, layout.height,
                                             layout.bytes_per_line));
    }
    const std::size_t needed = layout.bytes_per_line * (layout.height - 1) + row_bytes;
    if (buffer.size() < needed) {
        return fail(Problem::io, fmt::format("a {} frame of {} x {} needs {} bytes and the buffer holds {}",
                                             fourcc_name(layout.pixel_format), layout.width, layout.height,
                                             needed, buffer.size()));
    }
    GreyFrame frame = GreyFrame::filled(layout.width, layout.height, 0);
    for (std::size_t y = 0; y < layout.height; ++y) {
        const std::uint8_t* source = buffer.data() + y * layout.bytes_per_line;
        std::uint8_t* target = frame.pixels.data() + y * frame.stride;
        switch (format->layout) {
        case LumaLayout::grey:
        case LumaLayout::planar:
            std::copy_n(source, layout.width, target);
            break;
        case LumaLayout::packed_even:
        case LumaLayout::packed_odd: {
            const std::size_t first = format->layout == LumaLayout::packed_even ? 0 : 1;
            for (std::size_t x = 0; x < layout.width; ++x) {
                target[x] = source[2 * x + first];
            }
            break;
        }
        }
    }
    return frame;
}

V4l2Camera::MappedBuffer::MappedBuffer(MappedBuffer&& other) noexcept
    : m_start(std::exchange(other.m_start, nullptr)), m_length(std::exchange(other.m_length, 0)) {}

V4l2Camera::MappedBuffer::~MappedBuffer() {
    if (m_start != nullptr) {
        ::munmap(m_start, m_length);
    }
}

std::span<const std::uint8_t> V4l2Camera::MappedBuffer::bytes(std::size_t used) const {
    return {static_cast<const std::uint8_t*>(m_start), std::min(used, m_length)};
}

Result<std::unique_ptr<V4l2Camera>> V4l2Camera::open(const std::filesystem::path& device,
                                                     V4l2CameraOptions options) {
    const std::string name = "v4l2://" + device.string();
    struct stat status {};
    if (::stat(device.c_str(), &status) != 0) {
        const int error_number = errno;
        return fail(problem_of_errno(error_number),
                    describe_errno(fmt::format("open {}", name), error_number));
    }
    if (!S_ISCHR(status.st_mode)) {
        return fail(
            Problem::invalid_input,
            fmt::format("{}: {} is not a device node (a camera is a character device such as /dev/video0)",
                        name, device.string()));
    }
    base::FileDescriptor descriptor(::open(device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
    if (!descriptor.valid()) {
        const int error_number = errno;
        std::string detail = describe_errno(fmt::format("open {}", name), error_number);
        if (error_number == EACCES || error_number == EPERM) {
            detail += "; the kiosk's user needs to be in the group that owns the device (usually \"video\")";
        }
        return fail(problem_of_errno(error_number), std::move(detail));
    }
    std::unique_ptr<V4l2Camera> camera(new V4l2Camera(std::move(descriptor), name));
    const int fd = camera->m_device.get();

    v4l2_capability capability{};
    if (control(fd, VIDIOC_QUERYCAP, &capability) != 0) {
        const int error_number = errno;
        if (error_number == ENOTTY || error_number == EINVAL) {
            return fail(
                Problem::invalid_input,
                describe_errno(fmt::format("{} is not a V4L2 device (VIDIOC_QUERYCAP)", name), error_number));
        }
        return fail(problem_of_errno(error_number),
                    describe_errno(fmt::format("query {} (VIDIOC_QUERYCAP)", name), error_number));
    }
    camera->m_card = text_of(capability.card, sizeof capability.card);
    const std::uint32_t capabilities = (capability.capabilities & V4L2_CAP_DEVICE_CAPS) != 0
                                           ? capability.device_caps
                                           : capability.capabilities;
    if ((capabilities & V4L2_CAP_VIDEO_CAPTURE) == 0) {
        const bool multi_planar = (capabilities & V4L2_CAP_VIDEO_CAPTURE_MPLANE) != 0;
        return fail(Problem::unsupported,
                    fmt::format("{} ({}, driver {}) {}", name, camera->m_card,
                                text_of(capability.driver, sizeof capability.driver),
                                multi_planar
                                    ? "captures only multi-planar video, which the kiosk does not read"
                                    : "cannot capture video (UVC cameras also have a metadata node: try "
                                      "the camera's other /dev/video number)"));
    }
    if ((capabilities & V4L2_CAP_STREAMING) == 0) {
        return fail(Problem::unsupported,
                    fmt::format("{} ({}) does not support streaming I/O", name, camera->m_card));
    }

    std::vector<std::uint32_t> offered;
    for (std::uint32_t index = 0;; ++index) {
        v4l2_fmtdesc description{};
        description.index = index;
        description.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        if (control(fd, VIDIOC_ENUM_FMT, &description) != 0) {
            break; // EINVAL past the last format
        }
        offered.push_back(description.pixelformat);
    }
    const auto chosen = choose_pixel_format(offered);
    if (!chosen) {
        return fail(chosen.error().problem,
                    fmt::format("{} ({}): {}", name, camera->m_card, chosen.error().detail));
    }

    v4l2_format format{};
    format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    format.fmt.pix.width = static_cast<std::uint32_t>(options.width);
    format.fmt.pix.height = static_cast<std::uint32_t>(options.height);
    format.fmt.pix.pixelformat = *chosen;
    format.fmt.pix.field = V4L2_FIELD_NONE;
    if (control(fd, VIDIOC_S_FMT, &format) != 0) {
        const int error_number = errno;
        std::string detail = describe_errno(fmt::format("set {} to {} {} x {} (VIDIOC_S_FMT)", name,
                                                        fourcc_name(*chosen), options.width, options.height),
                                            error_number);
        if (error_number == EBUSY) {
            detail += "; another program is capturing from the camera";
        }
        return fail(problem_of_errno(error_number), std::move(detail));
    }
    if (format.fmt.pix.pixelformat != *chosen) {
        return fail(Problem::unsupported,
                    fmt::format("{}: asked for {}, the driver set {}", name, fourcc_name(*chosen),
                                fourcc_name(format.fmt.pix.pixelformat)));
    }
    const FormatInfo* info = find_format(*chosen);
    camera->m_layout =
        V4l2FrameLayout{*chosen, format.fmt.pix.width, format.fmt.pix.height, format.fmt.pix.bytesperline};
    if (camera->m_layout.bytes_per_line == 0) { // allowed for some formats: rows are then packed
        camera->m_layout.bytes_per_line = camera->m_layout.width * bytes_per_pixel(info->layout);
    }

    v4l2_requestbuffers request{};
    request.count = static_cast<std::uint32_t>(std::max<std::size_t>(options.buffer_count, 2));
    request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    request.memory = V4L2_MEMORY_MMAP;
    if (control(fd, VIDIOC_REQBUFS, &request) != 0) {
        const int error_number = errno;
        return fail(
            error_number == EBUSY ? Problem::busy : Problem::io,
            describe_errno(fmt::format("request buffers from {} (VIDIOC_REQBUFS)", name), error_number));
    }
    if (request.count < 2) {
        return fail(Problem::io, fmt::format("{}: the driver gave {} capture buffers, at least 2 are needed",
                                             name, request.count));
    }
    for (std::uint32_t index = 0; index < request.count; ++index) {
        v4l2_buffer buffer{};
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buffer.memory = V4L2_MEMORY_MMAP;
        buffer.index = index;
        if (control(fd, VIDIOC_QUERYBUF, &buffer) != 0) {
            return fail(
                Problem::io,
                describe_errno(fmt::format("query buffer {} of {} (VIDIOC_QUERYBUF)", index, name), errno));
        }
        void* start = ::mmap(nullptr, buffer.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
                             static_cast<off_t>(buffer.m.offset));
        if (start == MAP_FAILED) {
            return fail(Problem::io, describe_errno(fmt::format("map buffer {} of {}", index, name), errno));
        }
        camera->m_buffers.emplace_back(start, buffer.length);
        if (control(fd, VIDIOC_QBUF, &buffer) != 0) {
            return fail(
                Problem::io,
                describe_errno(fmt::format("queue buffer {} of {} (VIDIOC_QBUF)", index, name), errno));
        }
    }
    v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (control(fd, VIDIOC_STREAMON, &type) != 0) {
        const int error_number = errno;
        std::string detail = describe_errno(fmt::format("start {} (VIDIOC_STREAMON)", name), error_number);
        if (error_number == ENOSPC) {
            detail += "; not enough USB bandwidth: use another USB port or a smaller size";
        }
        return fail(error_number == EBUSY ? Problem::busy : Problem::io, std::move(detail));
    }
    camera->m_streaming = true;
    return camera;
}

V4l2Camera::~V4l2Camera() {
    if (m_streaming && m_device.valid()) {
        v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        control(m_device.get(), VIDIOC_STREAMOFF, &type);
    }
    // m_buffers are unmapped, then m_device closed, by their own destructors.
}

Result<CameraFrame> V4l2Camera::next_frame(std::chrono::milliseconds timeout) {
    const Clock::time_point deadline = Clock::now() + timeout;
    const int fd = m_device.get();
    while (true) {
        pollfd entry{fd, POLLIN, 0};
        const int ready = ::poll(&entry, 1, remaining_ms(deadline));
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail(Problem::io, describe_errno(fmt::format("poll {}", m_name), errno));
        }
        if (ready == 0) {
            return fail(Problem::timeout, fmt::format("{}: no frame within {} ms", m_name, timeout.count()));
        }

        v4l2_buffer buffer{};
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buffer.memory = V4L2_MEMORY_MMAP;
        if (control(fd, VIDIOC_DQBUF, &buffer) != 0) {
            const int error_number = errno;
            if (error_number == EAGAIN) {
                continue; // woken without a filled buffer
            }
            return fail(
                error_number == ENODEV ? Problem::disconnected : problem_of_errno(error_number),
                describe_errno(fmt::format("take a frame from {} (VIDIOC_DQBUF)", m_name), error_number));
        }
        Result<GreyFrame> frame =
            fail(Problem::io, fmt::format("{}: buffer {} is not one of ours", m_name, buffer.index));
        const bool damaged = (buffer.flags & V4L2_BUF_FLAG_ERROR) != 0;
        if (buffer.index < m_buffers.size() && !damaged) {
            const std::size_t used = buffer.bytesused != 0 ? buffer.bytesused : buffer.length;
            frame = grey_from_buffer(m_buffers[buffer.index].bytes(used), m_layout);
        }
        // The Y samples are copied out: the buffer goes straight back to the driver.
        if (control(fd, VIDIOC_QBUF, &buffer) != 0) {
            return fail(Problem::io, describe_errno(fmt::format("give buffer {} back to {} (VIDIOC_QBUF)",
                                                                buffer.index, m_name),
                                                    errno));
        }
        if (damaged) {
            continue;
        }
        if (!frame) {
            return fail(frame.error().problem, fmt::format("{}: {}", m_name, frame.error().detail));
        }
        Clock::time_point time = Clock::now();
        if ((buffer.flags & V4L2_BUF_FLAG_TIMESTAMP_MASK) == V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC) {
            time = Clock::time_point(std::chrono::duration_cast<Clock::duration>(
                std::chrono::seconds(buffer.timestamp.tv_sec) +
                std::chrono::microseconds(buffer.timestamp.tv_usec)));
        }
        return CameraFrame{std::move(*frame), time, buffer.sequence};
    }
}

} // namespace checkin::drivers
