// The mirror's part of signed codes (issue 14): the event's public keys, the revocation list, and which
// delegates a signed invitation registered here.

#include "sync/mirror/mirror.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace checkin::sync {

namespace {

bool is_serial(std::string_view serial) {
    return serial.size() == 2 * code_serial_bytes && std::ranges::all_of(serial, [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

} // namespace

Result<std::vector<base::PublicKey>> Mirror::code_keys() {
    auto query = statement("SELECT public_key FROM code_keys ORDER BY added_at_ms, public_key");
    if (!query) {
        return fail(query.error());
    }
    std::vector<std::string> texts;
    if (auto visited =
            (*query)->for_each_row([&](const sqlite::Statement& row) { texts.push_back(row.text(0)); });
        !visited) {
        return fail(visited.error());
    }
    std::vector<base::PublicKey> keys;
    for (const std::string& text : texts) {
        auto key = base::parse_public_key(text);
        if (!key) {
            return fail(Error::storage(
                fmt::format("the mirror holds an unreadable public key: {}", key.error().message)));
        }
        keys.push_back(*key);
    }
    return keys;
}

Result<bool> Mirror::add_code_key(const base::PublicKey& key, std::int64_t now_milliseconds) {
    auto insert = statement("INSERT INTO code_keys (public_key, added_at_ms) VALUES (?1, ?2) "
                            "ON CONFLICT (public_key) DO NOTHING");
    if (!insert) {
        return fail(insert.error());
    }
    // A named string: bind keeps a view of the text until the statement runs.
    const std::string text = base::format_public_key(key);
    if (auto inserted = (*insert)->bind(1, text).bind(2, now_milliseconds).run(); !inserted) {
        return fail(inserted.error());
    }
    return m_database.changes() > 0;
}

Result<bool> Mirror::remove_code_key(const base::PublicKey& key) {
    auto remove = statement("DELETE FROM code_keys WHERE public_key = ?1");
    if (!remove) {
        return fail(remove.error());
    }
    const std::string text = base::format_public_key(key);
    if (auto removed = (*remove)->bind(1, text).run(); !removed) {
        return fail(removed.error());
    }
    return m_database.changes() > 0;
}

Result<std::set<std::string>> Mirror::revoked_serials() {
    auto query = statement("SELECT serial FROM revoked_serials");
    if (!query) {
        return fail(query.error());
    }
    std::set<std::string> serials;
    if (auto visited =
            (*query)->for_each_row([&](const sqlite::Statement& row) { serials.insert(row.text(0)); });
        !visited) {
        return fail(visited.error());
    }
    return serials;
}

Result<std::size_t> Mirror::revoke_serials(const std::vector<std::string>& serials) {
    for (const std::string& serial : serials) {
        if (!is_serial(serial)) {
            return fail(Error::invalid_input(fmt::format(
                "'{}' is not a code's serial: a serial is 12 hexadecimal digits in lower case", serial)));
        }
    }
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    auto insert =
        statement("INSERT INTO revoked_serials (serial) VALUES (?1) ON CONFLICT (serial) DO NOTHING");
    if (!insert) {
        return fail(insert.error());
    }
    std::size_t added = 0;
    for (const std::string& serial : serials) {
        (*insert)->reset();
        if (auto inserted = (*insert)->bind(1, serial).run(); !inserted) {
            return fail(inserted.error());
        }
        added += static_cast<std::size_t>(m_database.changes());
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    return added;
}

Result<bool> Mirror::is_from_invitation(std::string_view code) {
    auto query = statement("SELECT 1 FROM invitation_delegates WHERE code = ?1");
    if (!query) {
        return fail(query.error());
    }
    auto& select = **query;
    select.bind(1, code);
    auto step = select.step();
    select.reset();
    if (!step) {
        return fail(step.error());
    }
    return *step == sqlite::Step::row;
}

Result<std::vector<IssuedInvitation>> Mirror::issued_invitations() {
    auto query =
        statement("SELECT code, serial, signed_code, issued_at_ms FROM issued_invitations ORDER BY code");
    if (!query) {
        return fail(query.error());
    }
    std::vector<IssuedInvitation> invitations;
    if (auto visited = (*query)->for_each_row([&](const sqlite::Statement& row) {
            invitations.push_back(IssuedInvitation{row.text(0), row.text(1), row.text(2), row.integer(3)});
        });
        !visited) {
        return fail(visited.error());
    }
    return invitations;
}

Result<void> Mirror::record_invitations(const std::vector<IssuedInvitation>& issued,
                                        const std::vector<std::string>& withdrawn,
                                        const std::vector<std::string>& revoked) {
    for (const IssuedInvitation& invitation : issued) {
        if (!is_serial(invitation.serial)) {
            return fail(Error::invalid_input(
                fmt::format("an invitation's serial '{}' is not 12 hexadecimal digits", invitation.serial)));
        }
    }
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    auto insert =
        statement("INSERT INTO issued_invitations (code, serial, signed_code, issued_at_ms) "
                  "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO UPDATE SET serial = excluded.serial, "
                  "signed_code = excluded.signed_code, issued_at_ms = excluded.issued_at_ms");
    if (!insert) {
        return fail(insert.error());
    }
    for (const IssuedInvitation& invitation : issued) {
        (*insert)->reset();
        if (auto inserted = (*insert)
                                ->bind(1, invitation.delegate_code)
                                .bind(2, invitation.serial)
                                .bind(3, invitation.signed_code)
                                .bind(4, invitation.issued_at_milliseconds)
                                .run();
            !inserted) {
            return fail(inserted.error());
        }
    }
    auto remove = statement("DELETE FROM issued_invitations WHERE code = ?1");
    if (!remove) {
        return fail(remove.error());
    }
    for (const std::string& code : withdrawn) {
        (*remove)->reset();
        if (auto removed = (*remove)->bind(1, code).run(); !removed) {
            return fail(removed.error());
        }
    }
    // Within the same transaction: revoke_serials would open a second one.
    auto revoke =
        statement("INSERT INTO revoked_serials (serial) VALUES (?1) ON CONFLICT (serial) DO NOTHING");
    if (!revoke) {
        return fail(revoke.error());
    }
    for (const std::string& serial : revoked) {
        if (!is_serial(serial)) {
            return fail(Error::invalid_input(fmt::format("'{}' is not a code's serial", serial)));
        }
        (*revoke)->reset();
        if (auto inserted = (*revoke)->bind(1, serial).run(); !inserted) {
            return fail(inserted.error());
        }
    }
    return transaction->commit();
}

} // namespace checkin::sync
