#pragma once

// Shared by the simulator tests: badge-like pictures, our encoder's jobs for them, the status bytes a
// QL sends written out by hand, a loopback TCP client, a temporary directory and a PNG reader.

#include "base/file_descriptor.hpp"
#include "drivers/brother_ql_status.hpp"
#include "hardware/simulators/virtual_ql_printer.hpp"
#include "printing/bitmap.hpp"
#include "printing/brother_ql.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <optional>
#include <png.h>
#include <poll.h>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace checkin::hardware::testing {

inline printing::QlModel model_named(std::string_view name) {
    auto model = printing::find_ql_model(name);
    EXPECT_TRUE(model.has_value()) << name;
    return *model;
}

inline printing::QlMedia media_named(std::string_view name) {
    auto media = printing::find_ql_media(name);
    EXPECT_TRUE(media.has_value()) << name;
    return *media;
}

inline VirtualQlSettings settings_for(std::string_view model, std::optional<std::string_view> media) {
    VirtualQlSettings settings{.model = model_named(model)};
    if (media) {
        settings.media = media_named(*media);
    }
    return settings;
}

// A picture with what badges have: solid blocks (long PackBits runs), a fine checker (literals), blank
// stripes (Z lines) and a frame that touches every edge, so that an off-by-one anywhere shows.
inline printing::Bitmap badge_picture(std::size_t width, std::size_t height, unsigned seed) {
    printing::Bitmap picture(width, height);
    std::mt19937 random(seed);
    for (std::size_t y = 0; y < height; ++y) {
        for (std::size_t x = 0; x < width; ++x) {
            const bool frame = x == 0 || y == 0 || x + 1 == width || y + 1 == height;
            const bool block = (y / 40) % 3 == 1 && (x / 60) % 2 == 0;
            const bool checker = (y / 40) % 3 == 2 && (x + y) % 2 == 0 && x < width / 2;
            const bool noise = (y / 40) % 5 == 3 && random() % 7 == 0;
            const bool blank_stripe = y % 40 >= 36 && !frame;
            picture.set(x, y, !blank_stripe && (frame || block || checker || noise));
        }
    }
    return picture;
}

// A red layer that never overlaps `black` (where both are set the encoder prints red, so an overlap
// would not come back as sent).
inline printing::Bitmap red_picture_beside(const printing::Bitmap& black) {
    printing::Bitmap red(black.width(), black.height());
    for (std::size_t y = 0; y < black.height(); ++y) {
        for (std::size_t x = 0; x < black.width(); ++x) {
            if (!black.black(x, y) && (x / 25 + y / 25) % 3 == 0) {
                red.set(x, y, true);
            }
        }
    }
    return red;
}

// A badge that fills the medium's print area (continuous tape: 600 lines).
inline printing::BadgeImage badge_for(const printing::QlMedia& media, bool with_red = false,
                                      unsigned seed = 1) {
    const std::size_t height =
        media.kind == printing::QlMediaKind::die_cut ? media.printable_length_dots : std::size_t{600};
    printing::BadgeImage image{badge_picture(media.printable_width_dots, height, seed), std::nullopt};
    if (with_red) {
        image.red = red_picture_beside(image.black);
    }
    return image;
}

inline std::vector<std::uint8_t> encode_job(const printing::BadgeImage& image, const printing::QlModel& model,
                                            const printing::QlMedia& media) {
    auto bytes = printing::encode_ql_raster(image, model, media);
    EXPECT_TRUE(bytes.has_value()) << (bytes ? std::string() : bytes.error().message);
    return bytes.value_or(std::vector<std::uint8_t>{});
}

// Joins single-page jobs into one multi-page job: the first job's preamble, each job's page commands,
// FF between pages and control-Z at the end, as a host printing a batch sends it.
inline std::vector<std::uint8_t> batch_of(const std::vector<std::vector<std::uint8_t>>& jobs) {
    std::vector<std::uint8_t> batch;
    for (std::size_t index = 0; index < jobs.size(); ++index) {
        const std::vector<std::uint8_t>& job = jobs[index];
        const std::size_t skip = index == 0 ? 0 : printing::ql_invalidate_bytes + 2; // NULLs and ESC @
        batch.insert(batch.end(), job.begin() + static_cast<std::ptrdiff_t>(skip), job.end() - 1);
        batch.push_back(index + 1 == jobs.size() ? std::uint8_t{0x1A} : std::uint8_t{0x0C});
    }
    return batch;
}

// The printer's whole answer to `bytes` fed in random pieces of 1 to `longest` bytes, time standing
// still at `now`.
inline VirtualQlOutput feed_in_pieces(VirtualQlPrinter& printer, std::span<const std::uint8_t> bytes,
                                      SimulatorTime now, unsigned seed, std::size_t longest = 4096) {
    std::mt19937 random(seed);
    VirtualQlOutput all;
    std::size_t position = 0;
    while (position < bytes.size()) {
        const std::size_t piece = std::min(bytes.size() - position, std::size_t{1} + random() % longest);
        VirtualQlOutput output = printer.feed(bytes.subspan(position, piece), now);
        EXPECT_EQ(output.consumed, piece);
        all.statuses.insert(all.statuses.end(), output.statuses.begin(), output.statuses.end());
        for (PrintedPage& page : output.pages) {
            all.pages.push_back(std::move(page));
        }
        all.consumed += output.consumed;
        position += piece;
    }
    return all;
}

inline std::vector<std::uint8_t> bytes_of(std::initializer_list<unsigned> values) {
    std::vector<std::uint8_t> bytes;
    for (const unsigned value : values) {
        bytes.push_back(static_cast<std::uint8_t>(value));
    }
    return bytes;
}

// A 32-byte status written out by hand (not through encode_ql_status): byte index → value; the rest 0.
inline std::vector<std::uint8_t> status_bytes(std::initializer_list<std::pair<std::size_t, unsigned>> set) {
    std::vector<std::uint8_t> bytes(32, 0x00);
    bytes[0] = 0x80; // head mark
    bytes[1] = 0x20; // 32 bytes
    bytes[2] = 0x42; // 'B'
    bytes[5] = 0x30; // country
    for (const auto& [index, value] : set) {
        bytes[index] = static_cast<std::uint8_t>(value);
    }
    return bytes;
}

inline std::vector<std::uint8_t> concatenated(std::initializer_list<std::vector<std::uint8_t>> parts) {
    std::vector<std::uint8_t> all;
    for (const auto& part : parts) {
        all.insert(all.end(), part.begin(), part.end());
    }
    return all;
}

class TemporaryDirectory {
public:
    TemporaryDirectory() {
        std::string pattern = (std::filesystem::temp_directory_path() / "ql-simulator-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            ADD_FAILURE() << "mkdtemp failed";
        }
        m_path = pattern;
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    ~TemporaryDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// A plain blocking POSIX client on 127.0.0.1.
inline base::FileDescriptor connect_loopback(std::uint16_t port) {
    base::FileDescriptor socket_fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(socket_fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ADD_FAILURE() << "cannot connect to 127.0.0.1:" << port << ": " << std::strerror(errno);
        return {};
    }
    return socket_fd;
}

// Sends everything; false when the connection broke on the way.
inline bool send_all(const base::FileDescriptor& socket_fd, std::span<const std::uint8_t> bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t now = ::send(socket_fd.get(), bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (now < 0 && errno == EINTR) {
            continue;
        }
        if (now <= 0) {
            return false;
        }
        sent += static_cast<std::size_t>(now);
    }
    return true;
}

inline bool send_text(const base::FileDescriptor& socket_fd, std::string_view text) {
    return send_all(socket_fd, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

enum class ReadEnd { complete, timeout, closed };

struct ReadResult {
    std::vector<std::uint8_t> bytes;
    ReadEnd end = ReadEnd::complete;
};

// Reads until `count` bytes came, the peer closed (or reset) the connection, or `timeout` passed.
inline ReadResult read_bytes(const base::FileDescriptor& socket_fd, std::size_t count,
                             std::chrono::milliseconds timeout) {
    ReadResult result;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (result.bytes.size() < count) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            result.end = ReadEnd::timeout;
            return result;
        }
        pollfd watched{socket_fd.get(), POLLIN, 0};
        if (::poll(&watched, 1, static_cast<int>(left.count())) <= 0) {
            continue;
        }
        std::array<std::uint8_t, 4096> buffer{};
        const ssize_t received =
            ::recv(socket_fd.get(), buffer.data(), std::min(buffer.size(), count - result.bytes.size()), 0);
        if (received < 0 && errno == EINTR) {
            continue;
        }
        if (received <= 0) {
            result.end = ReadEnd::closed;
            return result;
        }
        result.bytes.insert(result.bytes.end(), buffer.begin(), buffer.begin() + received);
    }
    return result;
}

// Reads one line (without its newline) from a socket or pipe within `timeout`; nullopt on timeout or close.
inline std::optional<std::string> read_line(const base::FileDescriptor& socket_fd,
                                            std::chrono::milliseconds timeout) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return std::nullopt;
        }
        pollfd watched{socket_fd.get(), POLLIN, 0};
        if (::poll(&watched, 1, static_cast<int>(left.count())) <= 0) {
            continue;
        }
        char letter = 0;
        const ssize_t received = ::read(socket_fd.get(), &letter, 1); // read(), not recv(): pipes too
        if (received < 0 && errno == EINTR) {
            continue;
        }
        if (received <= 0) {
            return std::nullopt;
        }
        if (letter == '\n') {
            return line;
        }
        line += letter;
    }
}

// A PNG read back with libpng's simplified API, as 8-bit RGB.
struct RgbPicture {
    std::size_t width = 0;
    std::size_t height = 0;
    std::vector<std::uint8_t> pixels;

    std::array<std::uint8_t, 3> at(std::size_t x, std::size_t y) const {
        const std::size_t index = (y * width + x) * 3;
        return {pixels[index], pixels[index + 1], pixels[index + 2]};
    }
};

inline std::optional<RgbPicture> read_png(const std::filesystem::path& path) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_file(&image, path.c_str()) == 0) {
        ADD_FAILURE() << "libpng cannot read " << path << ": " << image.message;
        return std::nullopt;
    }
    image.format = PNG_FORMAT_RGB;
    RgbPicture picture;
    picture.width = image.width;
    picture.height = image.height;
    picture.pixels.resize(PNG_IMAGE_SIZE(image));
    if (png_image_finish_read(&image, nullptr, picture.pixels.data(), 0, nullptr) == 0) {
        ADD_FAILURE() << "libpng cannot decode " << path << ": " << image.message;
        png_image_free(&image);
        return std::nullopt;
    }
    return picture;
}

// How many dots of `picture` differ from the badge (white, black #000000, red #E00000, red over black).
inline std::size_t differing_dots(const RgbPicture& picture, const printing::BadgeImage& badge) {
    if (picture.width != badge.black.width() || picture.height != badge.black.height()) {
        return picture.width * picture.height + 1;
    }
    std::size_t differing = 0;
    for (std::size_t y = 0; y < picture.height; ++y) {
        for (std::size_t x = 0; x < picture.width; ++x) {
            std::array<std::uint8_t, 3> expected = {0xFF, 0xFF, 0xFF};
            if (badge.red && badge.red->black(x, y)) {
                expected = {0xE0, 0x00, 0x00};
            } else if (badge.black.black(x, y)) {
                expected = {0x00, 0x00, 0x00};
            }
            differing += picture.at(x, y) == expected ? 0U : 1U;
        }
    }
    return differing;
}

} // namespace checkin::hardware::testing
