#pragma once

// A USB scanner in HID POS mode (HID usage page 0x8C, "Bar Code Scanner"): the code arrives in binary
// "scanned data" input reports of at most 56 data bytes each, which HidPosDecoder puts back together.
// Pure: no I/O, no clock; the caller passes each report, as read from the interrupt IN endpoint (report
// id first), and its arrival time.
//
// The scanned data report implemented here, 64 bytes (report id 2):
//   byte 0       report id 0x02
//   byte 1       number of data bytes in this report, 0–56 (Generic Desktop "Byte Count", 0x01/0x3B)
//   bytes 2–4    the AIM symbology identifier, e.g. "]Q1" for QR (POS usages 0xFB–0xFD, "Symbology
//                Identifier 1/2/3"); repeated in every report of a code
//   bytes 5–60   the data, the first `byte 1` of them valid (POS usage 0xFE, "Decoded Data")
//   bytes 61–62  vendor bytes: Honeywell's one-letter code id and an undefined byte (ignored here)
//   byte 63      bit 0 set: more data follows in the next report (POS usage 0xFF, "Decode Data
//                Continued"); the other bits are padding
// Sources, which agree with each other:
//  - the report descriptor in Honeywell (HHP) scanner firmware for its "HID POS" interface (published
//    source, usb2hidkbd.cpp): Byte Count, Symbology Identifier 1–3, 56 × Decoded Data, 2 vendor bytes
//    (Code ID, undefined), 8 one-bit Decode Data Continued fields;
//  - USB-IF "HID Point of Sale Usage Tables" 1.02, usage page 0x8C, for the usage names;
//  - reports captured from a Honeywell Voyager 1602g (HenkVanAsselt/python_hon_usbhid, README):
//    [02, 38, "]X0", 56 bytes, 3F, 00, 01] … [02, 09, "]X0", 9 bytes + zeros, 3F, 00, 00];
//  - NielsLeenheer/WebHidBarcodeScanner (src/main.js; its README names Honeywell, Zebra and Datalogic
//    scanners), which reads the same offsets (one less each: WebHID strips the report id).
// Not covered: scanners that put the data right after the length byte without an AIM identifier (the
// Newland FM430 documents report 2 that way); they would need their own layout.

#include "drivers/scan.hpp"
#include "drivers/warning_log.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace checkin::drivers {

inline constexpr std::uint16_t hid_pos_usage_page = 0x8C; // Bar Code Scanner page
inline constexpr std::uint8_t hid_pos_scanned_data_report_id = 0x02;
inline constexpr std::size_t hid_pos_report_size = 64; // report id included
inline constexpr std::size_t hid_pos_length_offset = 1;
inline constexpr std::size_t hid_pos_symbology_offset = 2;
inline constexpr std::size_t hid_pos_symbology_size = 3; // "]" + symbology letter + modifier
inline constexpr std::size_t hid_pos_data_offset = 5;
inline constexpr std::size_t hid_pos_max_data_per_report = 56;
inline constexpr std::size_t hid_pos_flags_offset = 63;
inline constexpr std::uint8_t hid_pos_more_data_follows = 0x01; // bit 0 of the flags byte

struct HidPosOptions {
    std::size_t max_payload = 8192; // bytes; a longer code is dropped whole (a QR holds at most 2953)
    // A scanner sends all reports of one code back to back (a few ms apart); a continuation that comes
    // later than this belongs to a code whose end was lost, so the partial code is dropped.
    std::chrono::milliseconds max_report_gap{500};
};

// One scan from a HID POS scanner: the payload is the data bytes only (binary, may hold NUL bytes);
// the AIM identifier comes separately because HID POS sends it outside the data.
struct HidPosScan {
    Scan scan;
    std::string symbology; // the 3-byte AIM identifier as sent, e.g. "]Q1"; not checked
};

class HidPosDecoder {
public:
    // `device` names the scanner in the scans ("usb://0c2e:0b61").
    explicit HidPosDecoder(std::string device, HidPosOptions options = {});

    // Decodes one input report that arrived at `time`; returns the scan it completed, if any (a code of
    // up to 56 bytes comes in one report, longer ones end with the first report whose "more follows"
    // bit is clear). Never fails; what it cannot use it drops, with a warning unless said otherwise:
    //  - reports with another report id (counted in ignored_reports(), no warning: HID POS scanners
    //    send status and trigger reports too) and empty reports;
    //  - a scanned data report that is not 64 bytes long, or whose length byte is over 56: dropped, and
    //    with it any partial code, since a piece of it is now missing. When such a report's "more
    //    follows" bit can be read and is set, the rest of its code is dropped too, so that its tail
    //    never comes out as a scan of its own;
    //  - a partial code whose next report has another AIM identifier, or comes more than
    //    max_report_gap after the previous one: the partial code is dropped and the new report starts a
    //    new code. (A lost last report followed quickly by a code of the same symbology cannot be told
    //    from a continuation; the two codes then come out joined.)
    //  - a code longer than max_payload: dropped whole, up to its last report;
    //  - a complete code with no data bytes.
    std::optional<HidPosScan> feed(std::span<const std::uint8_t> report,
                                   std::chrono::steady_clock::time_point time);

    // Forgets a partial code, e.g. after the scanner was unplugged and plugged in again.
    void reset();

    // How many reports with another report id were ignored since the decoder was made.
    std::size_t ignored_reports() const { return m_ignored_reports; }

    // The problems seen since the last call, oldest first, as sentences for the log.
    std::vector<std::string> take_warnings();

private:
    void drop_partial(std::string_view reason);

    std::string m_device;
    HidPosOptions m_options;
    bool m_partial = false;    // the last report said more data follows
    bool m_discarding = false; // the partial code grew past max_payload: drop it up to its last report
    std::string m_payload;     // data of the partial code so far
    std::string m_symbology;   // AIM identifier of the partial code
    std::chrono::steady_clock::time_point m_last_report_time{};
    std::size_t m_ignored_reports = 0;
    WarningLog m_warnings; // capped: a babbling scanner cannot grow the kiosk
};

} // namespace checkin::drivers
