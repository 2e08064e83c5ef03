// What an IPP printer says of itself (drivers/ipp_status.hpp): printer-state-reasons as a broken or hostile
// printer could send them (the input is split into values at each NUL), then the problems they name.
// Beyond "no crash": parsing refuses or keeps at most the limit, every kept keyword is one a printer may
// send, the problems come each once, and a stopped printer always has a problem.

#include "drivers/ipp_status.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace checkin::drivers;
    std::vector<std::string> values(1);
    for (std::size_t index = 0; index < size; ++index) {
        if (data[index] == 0) {
            values.emplace_back();
        } else {
            values.back() += static_cast<char>(data[index]);
        }
    }
    auto reasons = parse_ipp_state_reasons(values);
    if (!reasons) {
        return 0;
    }
    if (reasons->size() > ipp_most_state_reasons) {
        std::abort();
    }
    for (const IppStateReason& reason : *reasons) {
        if (reason.keyword.empty() || reason.keyword.size() > ipp_longest_keyword ||
            reason.keyword == "none") {
            std::abort();
        }
    }
    IppPrinterStatus status;
    status.reasons = *reasons;
    status.state = size % 2 == 0 ? IppPrinterState::stopped : IppPrinterState::idle;
    const std::vector<Problem> problems = status.problems();
    for (std::size_t index = 0; index < problems.size(); ++index) {
        if (std::count(problems.begin(), problems.end(), problems[index]) != 1) {
            std::abort();
        }
    }
    if (status.state == IppPrinterState::stopped && problems.empty()) {
        std::abort();
    }
    (void)status.describe();
    return 0;
}
