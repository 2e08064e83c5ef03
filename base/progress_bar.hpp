#pragma once

// A one-line progress bar on stderr for long imports and syncs. It draws only when stderr is a terminal,
// so scripts and logs get no carriage-return noise.

#include <cstddef>
#include <cstdio>
#include <string>

namespace checkin::base {

class ProgressBar {
public:
    ProgressBar(std::string label, std::FILE* stream = stderr);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    void update(std::size_t done, std::size_t total);
    void finish(); // clears the line; called by the destructor too

private:
    std::string m_label;
    std::FILE* m_stream;
    bool m_enabled;
    bool m_drawn = false;
    int m_last_percent = -1;
};

// The text of the bar for a given state, without I/O: "Importing [########------------]  40%".
std::string render_progress_bar(const std::string& label, std::size_t done, std::size_t total,
                                std::size_t width);

} // namespace checkin::base
