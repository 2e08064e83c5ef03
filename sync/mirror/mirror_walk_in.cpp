// Mirror::add_walk_in (registering someone at the venue), Mirror::check_in_invitation (a late registrant
// with a signed invitation) and Mirror::count_events.

#include "base/digest.hpp"
#include "base/text.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/mirror/mirror_rows.hpp"
#include "sync/roster/scan_code.hpp"
#include "sync/roster/text_limits.hpp"

#include <array>
#include <fmt/format.h>
#include <utility>

namespace checkin::sync {

namespace {

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from a badge cannot be misread, and
// every character is one normalise_scanned_code keeps as it is.
constexpr std::string_view crockford_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// A clash needs two equal 40-bit values; a handful of attempts only guards against a broken random source
// looping forever.
constexpr int code_attempts = 16;

constexpr std::string_view default_role = "uczestnik";

std::string new_walk_in_code() {
    std::array<unsigned char, walk_in_code_random_length> bytes{};
    base::random_bytes(bytes);
    std::string code(walk_in_code_prefix);
    for (const unsigned char byte : bytes) {
        // 256 is a multiple of 32, so the low five bits of a random byte are uniform.
        code += crockford_alphabet[byte & 0x1FU];
    }
    return code;
}

// Badges, the search index and the hub all expect clean UTF-8 text on one line, and the hub refuses a
// walk-in whose texts break text_limits.hpp: refused here first, so none waits for an upload that fails.
Result<void> check_field(std::string_view label, std::string_view value, std::size_t maximum_characters) {
    if (value.size() > walk_in_field_maximum_bytes) {
        return fail(Error::invalid_input(
            fmt::format("the {} is longer than {} bytes; shorten it", label, walk_in_field_maximum_bytes)));
    }
    if (auto problem = text_problem(value, maximum_characters)) {
        return fail(Error::invalid_input(fmt::format("the {} {}", label, *problem)));
    }
    return {};
}

} // namespace

Result<Delegate> Mirror::add_walk_in(const WalkInRequest& request) {
    Delegate delegate;
    // The on-screen keyboard and pasted text can leave spaces (and no-break spaces, U+00A0) around a name.
    delegate.first_name = std::string(base::trim_including_no_break_spaces(request.first_name));
    delegate.last_name = std::string(base::trim_including_no_break_spaces(request.last_name));
    delegate.organisation = std::string(base::trim_including_no_break_spaces(request.organisation));
    delegate.role = std::string(base::trim_including_no_break_spaces(request.role));
    if (delegate.role.empty()) {
        delegate.role = default_role;
    }
    delegate.status = DelegateStatus::active;
    delegate.origin = DelegateOrigin::walk_in;
    // 0: made here, never versioned by a roster import or the hub (see mirror.hpp).
    delegate.row_version = 0;

    if (delegate.first_name.empty()) {
        return fail(Error::invalid_input("a walk-in needs a first name"));
    }
    if (delegate.last_name.empty()) {
        return fail(Error::invalid_input("a walk-in needs a last name"));
    }
    struct Field {
        std::string_view label;
        const std::string* value;
        std::size_t maximum_characters;
    };
    const std::array<Field, 4> fields{{
        {"first name", &delegate.first_name, person_name_maximum_characters},
        {"last name", &delegate.last_name, person_name_maximum_characters},
        {"organisation", &delegate.organisation, delegate_detail_maximum_characters},
        {"role", &delegate.role, delegate_detail_maximum_characters},
    }};
    for (const auto& [label, value, maximum_characters] : fields) {
        if (auto checked = check_field(label, *value, maximum_characters); !checked) {
            return fail(checked.error());
        }
    }

    // IMMEDIATE: the uniqueness check and the insert happen under one write lock, so another process on
    // this mirror cannot take the same code in between.
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    // The journal counts too: check-ins of another kiosk's walk-in can arrive through sync before the
    // walk-in itself does.
    auto taken = statement("SELECT EXISTS (SELECT 1 FROM delegates WHERE code = ?1) OR "
                           "EXISTS (SELECT 1 FROM checkin_events WHERE delegate_code = ?1)");
    if (!taken) {
        return fail(taken.error());
    }
    for (int attempt = 0; attempt < code_attempts && delegate.code.empty(); ++attempt) {
        auto candidate = new_walk_in_code();
        auto& select = **taken;
        select.reset();
        select.bind(1, candidate);
        auto step = select.step();
        if (!step) {
            return fail(step.error());
        }
        const bool in_use = select.integer(0) != 0;
        select.reset();
        if (!in_use) {
            delegate.code = std::move(candidate);
        }
    }
    if (delegate.code.empty()) {
        return fail(Error::storage(fmt::format(
            "no free walk-in code after {} attempts; the random source is broken", code_attempts)));
    }

    static const std::string insert_sql = fmt::format(
        "INSERT INTO delegates ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        rows::delegate_columns);
    auto insert = statement(insert_sql);
    if (!insert) {
        return fail(insert.error());
    }
    rows::bind_delegate(**insert, delegate);
    if (auto inserted = (*insert)->run(); !inserted) {
        return fail(inserted.error());
    }

    // They are standing at the desk: checked in at once, in the same transaction, so the statistics never
    // show a walk-in who has not arrived.
    const CheckinEvent checkin = new_event(EventKind::checkin, delegate.code, request.now_milliseconds,
                                           request.today, request.kiosk_id, request.operator_name);
    if (auto appended = append_event(checkin); !appended) {
        return fail(appended.error());
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    return delegate;
}

Result<CheckinResult> Mirror::check_in_invitation(const InvitationCheckinRequest& request) {
    const CheckinRequest plain{request.invitation.delegate_code, request.kiosk_id, request.operator_name,
                               request.now_milliseconds, request.today};
    auto known = check_in(plain);
    if (!known || known->outcome != CheckinOutcome::unknown_code) {
        return known;
    }
    CheckinResult result = std::move(*known);

    Delegate delegate;
    delegate.code = result.code;
    delegate.first_name = std::string(base::trim_including_no_break_spaces(request.invitation.first_name));
    delegate.last_name = std::string(base::trim_including_no_break_spaces(request.invitation.last_name));
    delegate.organisation =
        std::string(base::trim_including_no_break_spaces(request.invitation.organisation));
    delegate.role = std::string(base::trim_including_no_break_spaces(request.invitation.role));
    if (delegate.role.empty()) {
        delegate.role = default_role;
    }
    delegate.days = request.invitation.days;
    delegate.status = DelegateStatus::active;
    delegate.origin = DelegateOrigin::walk_in;
    delegate.row_version = 0; // made here: the next sync uploads it as a walk-in (see add_walk_in)
    if (delegate.first_name.empty() && delegate.last_name.empty()) {
        return fail(Error::invalid_input("the invitation carries no name; it cannot make a badge"));
    }
    struct Field {
        std::string_view label;
        const std::string* value;
        std::size_t maximum_characters;
    };
    const std::array<Field, 4> fields{{
        {"first name", &delegate.first_name, person_name_maximum_characters},
        {"last name", &delegate.last_name, person_name_maximum_characters},
        {"organisation", &delegate.organisation, delegate_detail_maximum_characters},
        {"role", &delegate.role, delegate_detail_maximum_characters},
    }};
    for (const auto& [label, value, maximum_characters] : fields) {
        if (auto checked = check_field(label, *value, maximum_characters); !checked) {
            return fail(checked.error());
        }
    }

    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    // Another process may have registered them since check_in looked.
    auto again = load_delegate(delegate.code);
    if (!again) {
        return fail(again.error());
    }
    if (*again) {
        // Nothing written: end the transaction and check them in as the roster code they now are.
        if (auto ended = transaction->commit(); !ended) {
            return fail(ended.error());
        }
        return check_in(plain);
    }
    auto event_info = event();
    if (!event_info) {
        return fail(event_info.error());
    }
    // Another kiosk may have admitted them already: its check-ins can arrive through sync before the
    // person does.
    auto attendance = attendance_of(delegate.code);
    if (!attendance) {
        return fail(attendance.error());
    }
    for (const auto& day : *attendance) {
        if (day.day == request.today) {
            result.checked_in_at_milliseconds = day.checked_in_at_milliseconds;
        }
    }
    result.outcome = decide_checkin(delegate, result.checked_in_at_milliseconds, *event_info, request.today);
    result.delegate = delegate;
    if (result.outcome != CheckinOutcome::admitted) {
        return result; // nothing written: a late registrant on another day is not registered today
    }
    static const std::string insert_sql = fmt::format(
        "INSERT INTO delegates ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        rows::delegate_columns);
    auto insert = statement(insert_sql);
    if (!insert) {
        return fail(insert.error());
    }
    rows::bind_delegate(**insert, delegate);
    if (auto inserted = (*insert)->run(); !inserted) {
        return fail(inserted.error());
    }
    auto mark = statement("INSERT INTO invitation_delegates (code, serial) VALUES (?1, ?2) "
                          "ON CONFLICT (code) DO UPDATE SET serial = ?2");
    if (!mark) {
        return fail(mark.error());
    }
    if (auto marked = (*mark)->bind(1, delegate.code).bind(2, request.invitation.serial).run(); !marked) {
        return fail(marked.error());
    }
    const CheckinEvent checkin = new_event(EventKind::checkin, delegate.code, request.now_milliseconds,
                                           request.today, request.kiosk_id, request.operator_name);
    if (auto appended = append_event(checkin); !appended) {
        return fail(appended.error());
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    result.checked_in_at_milliseconds = request.now_milliseconds;
    result.event_id = checkin.id;
    return result;
}

Result<std::size_t> Mirror::count_events(EventKind kind, Day day) {
    auto query = statement("SELECT COUNT(*) FROM checkin_events WHERE day = ?1 AND kind = ?2");
    if (!query) {
        return fail(query.error());
    }
    auto& select = **query;
    select.bind(1, format_iso_day(day)).bind(2, to_string(kind));
    auto step = select.step();
    if (!step) {
        return fail(step.error());
    }
    const auto count = static_cast<std::size_t>(select.integer(0));
    select.reset();
    return count;
}

} // namespace checkin::sync
