#pragma once

// The encoder tests' names for the independent Brother QL job decoder, which now lives in production code
// (hardware/simulators/ql_job_decoder.hpp) because the virtual printer runs on it. It still shares no code
// with the encoder, so a misunderstanding of the protocol has to be made twice, differently, to go
// unnoticed.

#include "hardware/simulators/ql_job_decoder.hpp"

#include <cstddef>

namespace checkin::printing::testing {

inline constexpr std::size_t decoder_head_pins = hardware::ql_decoder_head_pins;
inline constexpr std::size_t decoder_line_bytes = hardware::ql_decoder_line_bytes;

using DecodedLine = hardware::QlDecodedLine;
using hardware::decode_ql_raster;
using hardware::QlDecodedJob;
using hardware::QlPrintInformation;
using hardware::unpack_bits;

} // namespace checkin::printing::testing
