#pragma once

// A camera pointed at the delegates: each frame is searched for a 2D code with ZXing-C++, and a code that
// was not seen a moment ago becomes a Scan. Pure: no camera and no clock; the caller (the V4L2 capture
// loop, a test) passes each frame with the time it was taken.
//
// The frames are what a webcam sees of a phone held up to it: a screen with glare, moiré from the
// screen's pixel grid, low contrast when the phone's brightness is turned down, rotated and tilted, often
// small in the frame and out of focus (a fixed-focus webcam is sharp from about half a metre; phones are
// held closer). The reading is tuned for that on synthetic photos (tests/drivers/CAMERA.md has the
// measurements and what does not decode), in passes that stop at the first code found:
//   1. plain: the frame as it is;
//   2. shrunk and sharpened: averaged over 2 × 2 pixels (to about 640 pixels across; more for bigger
//      frames), which smooths sensor noise and screen moiré, then an unsharp mask;
//   3. sharpened: an unsharp mask at full size (the mean of a 5 × 5 window subtracted once more), which
//      restores edges a defocused lens or a little motion blurred;
//   4. contrast stretched: each pixel's difference from the mean of its 33 × 33 window, tripled, for a
//      code only 15–30 grey levels from dark to light (ZXing treats a block spanning fewer than 24 levels
//      as blank);
//   5. inverted, for light-on-dark codes (some apps in dark mode draw them).
// Every pass uses ZXing's local-average binarizer (a threshold per 8 × 8 block from its neighbourhood,
// which copes with glare and uneven light where one global threshold cannot) and "try harder". A frame
// without a code runs every pass it is given, so it is the slowest case: read() gives a frame all five,
// decode() the plain pass and the others in turn (extra_passes_per_frame); last_frame() has the time.
// Reading a 1280 × 720 frame shrunk first, to save time, was measured and dropped: it saved about 2 ms
// and lost codes under 3 pixels per module, and rotated codes at 4, that the plain pass reads.
//
// Micro QR is never looked for: no phone app shows it, and Debian's ZXing 1.4 (built with assertions on)
// aborts the whole process in its Micro QR detector on some tilted photos (RegressionLine.h:144, seen on
// a synthetic photo tilted 70°). No abort was seen in 4000 random photos with the formats used here, but
// upstream reports the same assertion in the QR detector of later versions: see tests/drivers/CAMERA.md.
//
// Repeat suppression: a phone held in front of the camera is in every frame for seconds, and must check
// the delegate in once. A payload seen less than hold_off after its previous sighting (suppressed or not)
// gives no Scan, so a code held up for a minute is one scan, and so is a code lost for a few frames
// (motion blur) and found again. A code not seen for hold_off scans again when it comes back, and a
// different code scans at once — also while the first is still in view, or when two phones alternate.

#include "drivers/scan.hpp"
#include "drivers/warning_log.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::drivers {

// An 8-bit grey picture as a camera delivers it (the Y plane of YUYV, or a GREY frame).
struct GreyFrame {
    std::size_t width = 0;
    std::size_t height = 0;
    std::size_t stride = 0;           // bytes from the start of one row to the next; at least width
    std::vector<std::uint8_t> pixels; // at least stride × (height − 1) + width bytes; 0 = black

    // A frame of width × height, stride = width, every pixel `level`.
    static GreyFrame filled(std::size_t width, std::size_t height, std::uint8_t level);
};

// The 2D codes the kiosk may meet on a phone: its own badge and invitation codes are QR; DataMatrix and
// Aztec are what some ticketing and wallet apps show. Fewer formats read faster.
struct CameraCodeFormats {
    bool qr_code = true;
    bool data_matrix = true;
    bool aztec = true;
};

struct CameraDecoderOptions {
    std::chrono::milliseconds hold_off{2000}; // see repeat suppression above
    CameraCodeFormats formats{};
    bool sharpen = true;          // passes 2 and 3
    bool stretch_contrast = true; // pass 4
    bool try_inverted = true;     // pass 5
    // decode() runs the plain pass on every frame and then this many of the other passes, taking them in
    // turn from one frame to the next: a phone is held up for many frames, so the passes still all get
    // their go within a fraction of a second, while a frame without a code (the kiosk idling) costs a
    // plain pass and one more instead of all five. 0: the plain pass only; 4: every pass on every frame.
    std::size_t extra_passes_per_frame = 1;
    std::size_t max_payload = 4096; // bytes; a longer payload is dropped with a warning
};

// Which pass found the code.
enum class DecodePass { plain, shrunk_sharpened, sharpened, contrast_stretched, inverted };

std::string_view decode_pass_name(DecodePass pass);

// A code found in a frame.
struct CameraReading {
    std::string payload; // the code's text as UTF-8 (ZXing decodes ECI and guesses the character set)
    std::string format;  // ZXing's name of the symbology: "QRCode", "DataMatrix", "Aztec"
    DecodePass pass = DecodePass::plain;
};

// What the last frame given to decode() took and gave, for the device panel and logs.
struct CameraFrameReport {
    std::chrono::microseconds decode_time{0}; // wall-clock time of reading the frame (the passes it ran)
    std::optional<CameraReading> reading;     // the code in the frame, also when suppressed as a repeat
    bool suppressed = false;                  // a code was read but it repeats one seen within hold_off
};

class CameraDecoder {
public:
    // `device` names the camera in the scans ("v4l2:///dev/video0").
    explicit CameraDecoder(std::string device, CameraDecoderOptions options = {});

    // Reads `frame`, taken at `time`, with the plain pass and extra_passes_per_frame others in turn, and
    // returns a Scan (source camera, time = `time`) for a code that is not a repeat. A frame with no code,
    // a repeat, or a malformed frame (a warning says why) gives none.
    std::optional<Scan> decode(const GreyFrame& frame, std::chrono::steady_clock::time_point time);

    // The decode time, reading and suppression of the last decode() call.
    const CameraFrameReport& last_frame() const { return m_last_frame; }

    // Reads `frame` with every enabled pass, whatever extra_passes_per_frame says, without repeat
    // suppression or warnings: the first code found, or none (also for a malformed frame). For a single
    // picture; safe to call from several threads at once.
    std::optional<CameraReading> read(const GreyFrame& frame) const;

    // Forgets every code seen, so the next sighting of any code scans (e.g. after staff cancelled one).
    void forget_seen() { m_seen.clear(); }

    // The problems seen since the last call, oldest first, as sentences for the log.
    std::vector<std::string> take_warnings();

private:
    struct Seen {
        std::string payload;
        std::chrono::steady_clock::time_point last{};
    };

    std::optional<CameraReading> read_in_turn(const GreyFrame& frame);

    std::string m_device;
    CameraDecoderOptions m_options;
    std::vector<DecodePass> m_extra_passes; // the enabled passes after the plain one, in order
    std::size_t m_next_extra_pass = 0;      // where decode() takes up the turn
    std::vector<Seen> m_seen;               // payloads seen within hold_off of the latest frame
    CameraFrameReport m_last_frame;
    WarningLog m_warnings; // capped: a babbling scanner cannot grow the kiosk
};

// Why `frame` cannot be read (zero size, stride below width, too few pixels), or none when it is sound.
std::optional<std::string> grey_frame_problem(const GreyFrame& frame);

} // namespace checkin::drivers
