// The dashboard's XLSX export (libxlsxwriter): the same figures as the page and the attendance list, one
// sheet each, written to a private temporary file and read back as the reply's bytes.

#include "base/file_descriptor.hpp"
#include "sync/hub/hub_dashboard.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <utility>
#include <xlsxwriter.h>

namespace checkin::sync {

// ---- XLSX ---------------------------------------------------------------------------------------------

namespace {

// Owns an lxw_workbook until close() writes it; one never closed (an error on the way) is freed unwritten.
class Workbook {
public:
    explicit Workbook(const std::filesystem::path& path) : m_handle(workbook_new(path.c_str())) {}
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;
    ~Workbook() {
        if (m_handle != nullptr) {
            lxw_workbook_free(m_handle);
        }
    }

    lxw_workbook* handle() const { return m_handle; }

    // Writes the file; the workbook is gone afterwards whatever the outcome (workbook_close frees it).
    lxw_error close() { return workbook_close(std::exchange(m_handle, nullptr)); }

private:
    lxw_workbook* m_handle;
};

// Writes cells row by row, remembering the first failure so the caller checks once.
class SheetWriter {
public:
    // workbook_add_worksheet gives nullptr when it runs out of memory; every write is then skipped.
    SheetWriter(lxw_worksheet* sheet, lxw_error& first_error) : m_sheet(sheet), m_first_error(first_error) {
        if (m_sheet == nullptr) {
            remember(LXW_ERROR_MEMORY_MALLOC_FAILED);
        }
    }

    void text(lxw_row_t row, lxw_col_t column, const std::string& value, lxw_format* format = nullptr) {
        if (m_sheet != nullptr) {
            remember(worksheet_write_string(m_sheet, row, column, value.c_str(), format));
        }
    }
    void number(lxw_row_t row, lxw_col_t column, double value, lxw_format* format = nullptr) {
        if (m_sheet != nullptr) {
            remember(worksheet_write_number(m_sheet, row, column, value, format));
        }
    }
    void width(lxw_col_t first, lxw_col_t last, double characters) {
        if (m_sheet != nullptr) {
            remember(worksheet_set_column(m_sheet, first, last, characters, nullptr));
        }
    }
    void header_row(const std::vector<std::string>& names, lxw_format* bold) {
        for (std::size_t column = 0; column < names.size(); ++column) {
            text(0, static_cast<lxw_col_t>(column), names[column], bold);
        }
        if (m_sheet != nullptr) {
            worksheet_freeze_panes(m_sheet, 1, 0); // the header stays in view while scrolling
        }
    }

private:
    void remember(lxw_error error) {
        if (m_first_error == LXW_NO_ERROR) {
            m_first_error = error;
        }
    }

    lxw_worksheet* m_sheet;
    lxw_error& m_first_error;
};

double as_number(std::size_t count) {
    return static_cast<double>(count);
}

void write_group_sheet(lxw_workbook* workbook, const char* sheet_name, const std::string& group_header,
                       const std::vector<DashboardGroupRow>& rows, lxw_format* bold, lxw_format* percent,
                       lxw_error& first_error) {
    SheetWriter sheet(workbook_add_worksheet(workbook, sheet_name), first_error);
    sheet.header_row({group_header, "Oczekiwani", "Obecni", "Obecni %"}, bold);
    sheet.width(0, 0, 40);
    sheet.width(1, 3, 12);
    lxw_row_t row = 1;
    for (const auto& group : rows) {
        sheet.text(row, 0, group.name);
        sheet.number(row, 1, as_number(group.expected));
        sheet.number(row, 2, as_number(group.checked_in));
        sheet.number(row, 3,
                     group.expected == 0 ? 0.0 : as_number(group.checked_in) / as_number(group.expected),
                     percent);
        ++row;
    }
}

std::string short_day_list(const std::vector<Day>& days) {
    std::string text;
    for (const auto& day : days) {
        text += text.empty() ? "" : ",";
        text += format_short_day(day);
    }
    return text;
}

// Removes the temporary file however the export ends.
struct TemporaryFile {
    std::filesystem::path path;
    TemporaryFile() = default;
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    ~TemporaryFile() {
        if (!path.empty()) {
            std::error_code ignored;
            std::filesystem::remove(path, ignored);
        }
    }
};

} // namespace

Result<std::string> dashboard_xlsx(const DashboardData& data, const std::vector<DelegateRecord>& records,
                                   const VenueClock& clock) {
    TemporaryFile file;
    {
        std::error_code error;
        const auto directory = std::filesystem::temp_directory_path(error);
        if (error) {
            return fail(Error::io("no temporary directory for the XLSX export: " + error.message()));
        }
        std::string pattern = (directory / "checkin-dashboard-XXXXXX.xlsx").string();
        constexpr int suffix_length = 5; // ".xlsx"
        const base::FileDescriptor descriptor(::mkstemps(pattern.data(), suffix_length));
        if (!descriptor.valid()) {
            return fail(Error::io(fmt::format("cannot create {}: {}", pattern, std::strerror(errno))));
        }
        file.path = pattern;
    }

    Workbook workbook(file.path);
    if (workbook.handle() == nullptr) {
        return fail(
            Error::io(fmt::format("libxlsxwriter cannot start a workbook at {}", file.path.string())));
    }
    lxw_format* bold = workbook_add_format(workbook.handle());
    format_set_bold(bold);
    lxw_format* percent = workbook_add_format(workbook.handle());
    format_set_num_format(percent, "0%");
    lxw_error first_error = LXW_NO_ERROR;

    {
        SheetWriter sheet(workbook_add_worksheet(workbook.handle(), "Podsumowanie"), first_error);
        sheet.width(0, 0, 32);
        sheet.width(1, 2, 14);
        const auto& totals = data.totals;
        const std::vector<std::pair<std::string, std::size_t>> counts = {
            {"Oczekiwani dziś", totals.expected_today},
            {"Obecni dziś", totals.checked_in_today},
            {"Obecni w dowolnym dniu", totals.checked_in_any_day},
            {"Zarejestrowani na miejscu", totals.walk_ins},
            {"Aktywni", totals.active},
            {"Anulowani", totals.cancelled},
            {"Duplikaty (wszystkie dni)", data.duplicates.size()},
            {"Duplikaty dziś", data.duplicates_today},
            {"Dodruki dziś", data.reprints_today},
            {"Dodruki (wszystkie dni)", data.reprints_total},
        };
        sheet.text(0, 0, "Wydarzenie", bold);
        sheet.text(0, 1, data.event.name);
        sheet.text(1, 0, "Dzień", bold);
        sheet.text(1, 1, format_iso_day(data.today));
        lxw_row_t row = 2;
        for (const auto& [label, count] : counts) {
            sheet.text(row, 0, label, bold);
            sheet.number(row, 1, as_number(count));
            ++row;
        }
        ++row;
        sheet.text(row, 0, "Przybycia dziś, od", bold);
        sheet.text(row, 1, "Przybyło", bold);
        sheet.text(row, 2, "Łącznie", bold);
        ++row;
        for (const auto& bucket : data.arrivals) {
            sheet.text(row, 0, clock_text(bucket.start_minute));
            sheet.number(row, 1, as_number(bucket.arrivals));
            sheet.number(row, 2, as_number(bucket.cumulative));
            ++row;
        }
    }
    write_group_sheet(workbook.handle(), "Partnerstwa", "Partnerstwo", data.by_partnership, bold, percent,
                      first_error);
    write_group_sheet(workbook.handle(), "Województwa", "Województwo", data.by_voivodeship, bold, percent,
                      first_error);
    {
        SheetWriter sheet(workbook_add_worksheet(workbook.handle(), "Lista obecności"), first_error);
        // The CSV's columns (roster_export.hpp), so both exports read the same.
        std::vector<std::string> header = {"Kod",        "Imię",        "Nazwisko",    "Instytucja",
                                           "Stanowisko", "Partnerstwo", "Województwo", "Rola",
                                           "Dni",        "E-mail",      "Status",      "Pochodzenie"};
        for (const auto& day : data.event.days) {
            header.push_back("Obecność " + format_short_day(day));
        }
        sheet.header_row(header, bold);
        sheet.width(0, 0, 14);
        sheet.width(1, 2, 18);
        sheet.width(3, 4, 30);
        sheet.width(5, 7, 22);
        lxw_row_t row = 1;
        for (const auto& record : records) {
            const auto& delegate = record.delegate;
            const std::vector<std::string> cells = {delegate.code,
                                                    delegate.first_name,
                                                    delegate.last_name,
                                                    delegate.organisation,
                                                    delegate.position,
                                                    delegate.partnership,
                                                    delegate.voivodeship,
                                                    delegate.role,
                                                    short_day_list(delegate.days),
                                                    delegate.email,
                                                    std::string(to_string(delegate.status)),
                                                    std::string(to_string(delegate.origin))};
            lxw_col_t column = 0;
            for (const auto& cell : cells) {
                sheet.text(row, column++, cell);
            }
            for (const auto& day : data.event.days) {
                if (const Attendance* attended = attendance_on(record, day)) {
                    sheet.text(row, column, clock_text(clock(attended->checked_in_at_milliseconds)));
                }
                ++column;
            }
            ++row;
        }
    }

    if (first_error != LXW_NO_ERROR) {
        return fail(Error::io(fmt::format("libxlsxwriter: {}", lxw_strerror(first_error))));
    }
    if (const lxw_error closed = workbook.close(); closed != LXW_NO_ERROR) {
        return fail(Error::io(fmt::format("cannot write {}: {}", file.path.string(), lxw_strerror(closed))));
    }
    std::ifstream input(file.path, std::ios::binary);
    if (!input) {
        return fail(Error::io(fmt::format("cannot read back {}", file.path.string())));
    }
    std::string bytes((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>());
    return bytes;
}

} // namespace checkin::sync
