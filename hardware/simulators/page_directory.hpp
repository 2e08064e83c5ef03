#pragma once

// Where the virtual printer's labels land: page-0001.png, page-0002.png, … (each with page-NNNN.json
// beside it: model, medium, job, print information, time). Numbering goes on from the files already there,
// so a restarted simulator never overwrites a page. Each file is written through a temporary name and
// renamed, so a reader never sees half a picture. Shared by the TCP simulator and the kiosk's sim:// printer.

#include "drivers/error.hpp"
#include "hardware/simulators/virtual_ql_printer.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace checkin::hardware {

class PageDirectory {
public:
    // Creates the directory if needed and finds the next free number.
    static drivers::Result<PageDirectory> open(std::filesystem::path directory, bool write_sidecars = true);

    // Writes the page's PNG (and its sidecar); returns the PNG's path.
    drivers::Result<std::filesystem::path> write(const PrintedPage& page);

    const std::filesystem::path& directory() const { return m_directory; }
    std::size_t next_number() const { return m_next_number; }

private:
    PageDirectory(std::filesystem::path directory, bool write_sidecars, std::size_t next_number)
        : m_directory(std::move(directory)), m_write_sidecars(write_sidecars), m_next_number(next_number) {}

    std::filesystem::path m_directory;
    bool m_write_sidecars;
    std::size_t m_next_number;
};

// The number in "page-0042.png", or nothing for other names.
std::optional<std::size_t> page_file_number(const std::string& name);

} // namespace checkin::hardware
