#pragma once

// The machine's own timing noise, measured beside a benchmark: a loop of plain arithmetic calibrated to
// take `target_microseconds`, timed `count` times. On a shared virtual machine even this loop has a long
// tail; its p99 is the floor under any p99 the benchmark reports. Shared by the benchmark harnesses.

#include "tests/bench/bench_support.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace checkin::bench {

// Each sample in microseconds.
inline std::vector<double> noise_floor_microseconds(double target_microseconds, std::size_t count) {
    volatile std::uint64_t sink = 0;
    // Calibrate: scale the loop until one pass takes the target time.
    std::uint64_t iterations = 1000;
    for (int attempt = 0; attempt < 20; ++attempt) {
        const auto start = Clock::now();
        for (std::uint64_t index = 0; index < iterations; ++index) {
            sink = sink + index;
        }
        const double took = std::max(microseconds(Clock::now() - start), 0.01);
        iterations = std::max<std::uint64_t>(
            1, static_cast<std::uint64_t>(static_cast<double>(iterations) * target_microseconds / took));
    }
    std::vector<double> samples;
    samples.reserve(count);
    for (std::size_t sample = 0; sample < count; ++sample) {
        const auto start = Clock::now();
        for (std::uint64_t index = 0; index < iterations; ++index) {
            sink = sink + index;
        }
        samples.push_back(microseconds(Clock::now() - start));
    }
    return samples;
}

} // namespace checkin::bench
