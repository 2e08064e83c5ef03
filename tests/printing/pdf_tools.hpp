#pragma once

// What the PDF tests share: a temporary folder, and running poppler's and zbar's tools on what was made
// (pdfinfo, pdftotext, pdftoppm, zbarimg), failing the test with the tool's output when one is missing or
// fails. Header-only (tests).

#include "tests/printing/ptouch_reference.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <string>
#include <vector>

namespace checkin::printing {

// A fresh folder under /tmp, removed with everything in it.
struct PdfTestFolder {
    std::filesystem::path path;
    PdfTestFolder() {
        std::string pattern = "/tmp/pdf-test-XXXXXX";
        path = ::mkdtemp(pattern.data());
    }
    PdfTestFolder(const PdfTestFolder&) = delete;
    PdfTestFolder& operator=(const PdfTestFolder&) = delete;
    ~PdfTestFolder() { std::filesystem::remove_all(path); }
};

// The standard output of a tool found on PATH; empty, with a test failure, when it is missing or fails.
inline std::string tool_output(const std::vector<std::string>& arguments,
                               const std::filesystem::path& directory) {
    auto program = ptouch::find_on_path(arguments.front());
    if (!program) {
        ADD_FAILURE() << arguments.front() << " is missing: install poppler-utils and zbar-tools (.ci/setup)";
        return {};
    }
    std::vector<std::string> full = arguments;
    full.front() = program->string();
    auto result = ptouch::run(full, directory);
    if (!result || result->exit_code != 0) {
        ADD_FAILURE() << (result ? ptouch::describe(full, *result) : result.error());
        return {};
    }
    return result->out;
}

} // namespace checkin::printing
