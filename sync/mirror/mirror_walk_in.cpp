// Mirror::add_walk_in (registering someone at the venue) and Mirror::count_events.

#include "base/digest.hpp"
#include "base/text.hpp"
#include "base/utf8.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/mirror/mirror_rows.hpp"

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

// Badges, the search index and the hub all expect clean UTF-8 text on one line.
Result<void> check_field(std::string_view label, std::string_view value) {
    if (value.size() > walk_in_field_maximum_bytes) {
        return fail(Error::invalid_input(
            fmt::format("the {} is longer than {} bytes; shorten it", label, walk_in_field_maximum_bytes)));
    }
    for (std::size_t offset = 0; offset < value.size();) {
        const auto character = base::utf8::decode_at(value, offset);
        if (character.defect != base::utf8::Defect::none) {
            return fail(Error::invalid_input(fmt::format("the {} is not valid UTF-8 text", label)));
        }
        if (character.value < 0x20 || character.value == 0x7F) {
            return fail(Error::invalid_input(fmt::format("the {} holds control characters", label)));
        }
        offset += character.length;
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
    const std::array<std::pair<std::string_view, const std::string*>, 4> fields{{
        {"first name", &delegate.first_name},
        {"last name", &delegate.last_name},
        {"organisation", &delegate.organisation},
        {"role", &delegate.role},
    }};
    for (const auto& [label, value] : fields) {
        if (auto checked = check_field(label, *value); !checked) {
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
