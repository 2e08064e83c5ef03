#include "sync/mirror/roster_export.hpp"

#include "sync/mirror/delegate_json.hpp"
#include "sync/roster/csv.hpp"

namespace checkin::sync {

namespace {

std::string short_days(const std::vector<Day>& days) {
    std::string text;
    for (const auto& day : days) {
        text += text.empty() ? "" : ",";
        text += format_short_day(day);
    }
    return text;
}

} // namespace

std::string export_attendance_csv(const std::vector<DelegateRecord>& records, const Event& event) {
    std::string out(spreadsheet_byte_order_mark);
    std::vector<std::string> header = {"Kod",        "Imię",        "Nazwisko",    "Instytucja",
                                       "Stanowisko", "Partnerstwo", "Województwo", "Rola",
                                       "Dni",        "E-mail",      "Status",      "Pochodzenie"};
    for (const auto& day : event.days) {
        header.push_back("Obecność " + format_short_day(day));
    }
    append_spreadsheet_row(out, header);
    for (const auto& record : records) {
        const auto& delegate = record.delegate;
        std::vector<std::string> row = {delegate.code,
                                        delegate.first_name,
                                        delegate.last_name,
                                        delegate.organisation,
                                        delegate.position,
                                        delegate.partnership,
                                        delegate.voivodeship,
                                        delegate.role,
                                        short_days(delegate.days),
                                        delegate.email,
                                        std::string(to_string(delegate.status)),
                                        std::string(to_string(delegate.origin))};
        for (const auto& day : event.days) {
            std::string time;
            for (const auto& attended : record.attendance) {
                if (attended.day == day) {
                    time = format_clock_time(attended.checked_in_at_milliseconds);
                }
            }
            row.push_back(std::move(time));
        }
        append_spreadsheet_row(out, row);
    }
    return out;
}

} // namespace checkin::sync
