#pragma once

// The kiosk's local mirror of the roster and its journal of check-in events, in one SQLite file.
// It works with no network. A check-in is committed (WAL, synchronous=FULL) before `check_in` returns,
// so whatever a caller shows or prints afterwards is never lost. "Checked in" is derived from the
// journal, never stored as a flag.

#include "sync/mirror/sqlite.hpp"
#include "sync/roster/checkin_policy.hpp"
#include "sync/roster/delegate.hpp"
#include "sync/roster/invitation_plan.hpp"
#include "sync/roster/name_index.hpp"
#include "sync/roster/roster.hpp"
#include "sync/roster/signed_code.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

struct DelegateRecord {
    Delegate delegate;
    std::vector<Attendance> attendance; // one per day checked in, earliest day first

    friend bool operator==(const DelegateRecord&, const DelegateRecord&) = default;
};

struct SearchHit {
    Delegate delegate;
    int score = 0; // higher is better; equal scores are in alphabetical order of last and first name
};

struct ImportSummary {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    std::size_t cancelled = 0;   // roster delegates that vanished from the file
    std::size_t reactivated = 0; // cancelled delegates that came back (also counted in `updated`)
    std::int64_t roster_version = 0;
};

enum class WriteMode { write, dry_run };

struct CheckinRequest {
    std::string payload; // what the scanner or the operator gave; normalised here
    std::string kiosk_id;
    std::string operator_name;
    std::int64_t now_milliseconds = 0;
    Day today;
};

struct UndoRequest {
    std::string code; // as stored (look it up first)
    Day day;
    std::string kiosk_id;
    std::string operator_name;
    std::string reason;
    std::int64_t now_milliseconds = 0;
};

// A person registered at the venue (not on the roster). Names are trimmed; role defaults to "uczestnik".
struct WalkInRequest {
    std::string first_name;
    std::string last_name;
    std::string organisation;
    std::string role; // empty: "uczestnik"
    std::string kiosk_id;
    std::string operator_name; // the staff member who registered them: the check-in's operator
    std::int64_t now_milliseconds = 0;
    Day today;
};

// Walk-in codes: "W-" and 8 characters of Crockford base32 (40 random bits), so they never look like a
// roster code and two kiosks registering walk-ins while cut off from each other do not pick the same one.
inline constexpr std::string_view walk_in_code_prefix = "W-";
inline constexpr std::size_t walk_in_code_random_length = 8;
// The longest first name, last name, organisation or role a walk-in may have, in bytes.
inline constexpr std::size_t walk_in_field_maximum_bytes = 200;

// An event of this kiosk the hub refused to store, and the hub's reason (a sentence naming the rule).
struct RefusedUpload {
    std::string event_id;
    std::string reason;
    friend bool operator==(const RefusedUpload&, const RefusedUpload&) = default;
};

// A refused event as the device panel shows it.
struct RefusedUploadRecord {
    CheckinEvent event;
    std::string reason;
    std::int64_t refused_at_milliseconds = 0;
    friend bool operator==(const RefusedUploadRecord&, const RefusedUploadRecord&) = default;
};

// The holder of a verified signed invitation (signed_code.hpp) at a kiosk: checked in like a roster code
// when the mirror knows the code, otherwise registered here as a late registrant from the signed fields.
struct InvitationCheckinRequest {
    SignedCodeContent invitation; // verified by the caller, kind invitation
    std::string kiosk_id;
    std::string operator_name;
    std::int64_t now_milliseconds = 0;
    Day today;
};

// ---- Purge after the event (issue 15) -------------------------------------------------------------------
// Which delegates a purge removes. Without `before`, everyone. With it, the delegates whose days all ended
// before that day: their last day is the latest of their own days, or the event's last day when they have
// none (walk-ins, "every day"); a delegate with neither is kept, since nothing says their event is over.
// Events whose code no delegate holds go when their own day is before `before`.
struct PurgeRequest {
    std::optional<Day> before;
};

struct PurgeSummary {
    std::size_t delegates = 0; // delegates removed
    std::size_t events = 0;    // journal events removed
};

// A table of the file other than the mirror's (the hub's own, kept in the same file) and what purge does
// with it. `delete_sql` deletes the rows that belong to the purged people: the temporary tables
// temp.purged_codes (code) and temp.purged_events (id) hold them while it runs. Empty: the table holds no
// personal data and is kept, and `why_kept` says why.
struct PurgedTable {
    std::string_view name;
    std::string_view delete_sql;
    std::string_view why_kept;
};

// Which of a hub file's events a purge works on (delegates.event_id): its delegates only, judged by its
// name and days, and the counts kept carry its number. Journal events whose code is on no roster are the
// first event's (as the hub's events_since reads them), so only a purge of event 1 removes them.
struct PurgeScope {
    std::int64_t event_id = 1;
    Event event;
};

// What a purge kept: one row per day and group, summed over every purge so far.
struct AnonymousCount {
    Day day;
    std::string role;
    std::string voivodeship;
    std::string partnership;
    std::size_t registered = 0;
    std::size_t checked_in = 0;
    friend bool operator==(const AnonymousCount&, const AnonymousCount&) = default;
};

struct DayStatistics {
    Day day;
    std::size_t expected = 0; // active delegates admitted that day
    std::size_t checked_in = 0;
};

struct Statistics {
    std::size_t delegates = 0; // all rows, cancelled included
    std::size_t active = 0;
    std::size_t cancelled = 0;
    std::size_t walk_ins = 0;
    std::size_t checked_in_today = 0;
    std::size_t checked_in_any_day = 0;
    std::size_t events = 0;
    std::size_t events_not_uploaded = 0;
    std::vector<DayStatistics> by_day; // the event's days; a purge's kept counts included
    std::size_t purged = 0;            // delegates purged so far (their counts are kept, nothing else)
};

class Mirror {
public:
    // Opens or creates the mirror and brings its schema up to date. Fails with ErrorKind::storage when
    // the file is not a mirror (or is from a newer version of this software), ErrorKind::io when it
    // cannot be created.
    static Result<Mirror> open(const std::filesystem::path& path);

    Result<Event> event();
    Result<void> set_event(const Event& event);

    // Looks a code up exactly (ASCII case ignored). std::nullopt when there is no such delegate.
    Result<std::optional<DelegateRecord>> find_by_code(std::string_view code);
    // Ranked name search (the rules are in name_index.hpp); a query that is exactly a code puts that
    // delegate first.
    Result<std::vector<SearchHit>> search(std::string_view query, std::size_t limit);
    // Self-service's find-yourself: the delegates whose last name `surname` names exactly, and, when
    // `first_name` is not empty, whose first name it names exactly too (text_fold.hpp's names_exactly: case,
    // diacritics and punctuation ignored, a whole part of a double name is enough, a prefix never is).
    // Cancelled registrations are included (the check-in refuses them as a scan would). At most `limit`,
    // in alphabetical order; ask for one more than can be shown to learn that there are too many. Nothing
    // for a surname without letters or digits.
    Result<std::vector<Delegate>> find_by_exact_name(std::string_view surname, std::string_view first_name,
                                                     std::size_t limit);
    Result<std::vector<DelegateRecord>> all_delegates();

    // Applies a validated roster in one transaction: adds new codes, updates changed rows, cancels roster
    // delegates missing from the file, leaves walk-ins and the check-in journal untouched.
    // With WriteMode::dry_run nothing is written and the summary says what would change.
    // `event_update`, when given, is stored in the same transaction, so a failed import changes nothing.
    // `event_id` scopes the import to one of a hub's events (delegates.event_id; a kiosk has only 1): only
    // that event's delegates are compared, added and cancelled. Refused (refused) when a code of the roster
    // belongs to another event, since a code names one delegate on a hub.
    Result<ImportSummary> apply_roster(const std::vector<RosterEntry>& entries, WriteMode mode,
                                       const ProgressCallback& progress = {},
                                       const std::optional<Event>& event_update = std::nullopt,
                                       std::int64_t event_id = 1);

    // Records a self-service or staff check-in exactly as the kiosk does: normalises the payload, looks
    // the delegate up, decides (checkin_policy.hpp), appends a `checkin` event when admitted, commits,
    // then returns. The outcome is a value; only storage failures are errors.
    Result<CheckinResult> check_in(const CheckinRequest& request);

    // Staff undo: appends one `undo` event for every check-in standing on that day (two, when kiosks cut
    // off from each other both admitted the person), in one transaction. Returns how many were undone;
    // 0 when the delegate was not checked in that day.
    Result<std::size_t> undo_checkin(const UndoRequest& request);

    // Appends an event to the journal as it is (sync and staff actions use this). An undo must name the
    // check-in it cancels in `undoes`; the schema refuses it otherwise.
    Result<void> append_event(const CheckinEvent& event);
    // The same for many events in one transaction: all are appended or none (a sheet of pre-printed
    // badges, recorded at once).
    Result<void> append_events(std::span<const CheckinEvent> events);
    Result<std::vector<CheckinEvent>> events_of(std::string_view code);
    // Whether `kioskctl badges` recorded the delegate's badge as pre-printed on a sheet.
    Result<bool> has_preprinted_badge(std::string_view code);

    // Registers a walk-in and checks them in for `request.today`, in one transaction: an active delegate
    // with origin walk_in, a fresh code (walk_in_code_prefix + random Crockford base32, unique in the
    // mirror), no days (admitted every day) and row_version 0. Version 0 means "made here, not versioned
    // by the roster or the hub": roster versions only count imports, and a later hub sync can find the
    // walk-ins it has not seen yet by that 0. Returns the new delegate; name search finds it at once and
    // a re-import leaves it alone. Fails with ErrorKind::invalid_input when a name is missing after
    // trimming, or a field is longer than walk_in_field_maximum_bytes, or breaks text_limits.hpp (a name
    // over 100 characters, organisation or role over 200, not UTF-8, control or text-reordering
    // characters): the hub would refuse such a walk-in, so it is refused before anything is written.
    Result<Delegate> add_walk_in(const WalkInRequest& request);

    // How many events of `kind` the journal holds for `day` (reprints today, for the staff statistics).
    // Undos cancel check-ins only; a reprint or a print always counts.
    Result<std::size_t> count_events(EventKind kind, Day day);

    Result<Statistics> statistics(Day today);

    // Sync with the hub (sync_round.hpp). -----------------------------------------------------------------
    // The kiosk's own events not yet acknowledged by the hub, oldest first (at_ms, then the journal's
    // order), at most `limit`.
    Result<std::vector<CheckinEvent>> events_to_upload(std::size_t limit);
    // Marks these events uploaded (the hub acknowledged them). Unknown ids are ignored. One transaction.
    Result<void> mark_uploaded(const std::vector<std::string>& event_ids);
    // Adds events that came from the hub (other kiosks' check-ins) in one transaction; an id the journal
    // already holds is skipped (replays and the kiosk's own events coming back change nothing). Stored as
    // uploaded. An undo whose check-in is missing is kept too (the schema's rule is relaxed for events
    // from the hub: the check-in may arrive in a later page). Returns how many were new.
    Result<std::size_t> merge_events(const std::vector<CheckinEvent>& events);
    // Takes events the hub refused out of the upload queue for good (marked uploaded: the hub has answered
    // for them) and keeps them with the hub's reason. Unknown ids and ids already refused are ignored. One
    // transaction.
    Result<void> mark_refused(const std::vector<RefusedUpload>& refused, std::int64_t now_milliseconds);
    // The refused events, newest refusal first, for the device panel; and how many there are.
    Result<std::vector<RefusedUploadRecord>> refused_uploads();
    Result<std::size_t> refused_upload_count();
    // Which of `codes` are on the roster here (ASCII case ignored), as given; for the checks of pulled
    // events (sync_round.cpp).
    Result<std::vector<std::string>> known_codes(const std::vector<std::string>& codes);
    // The delegate code of the check-in event `event_id`, when the journal holds it as a check-in.
    Result<std::optional<std::string>> checkin_code(std::string_view event_id);
    // Walk-ins registered here and not yet on the hub (origin walk_in, row_version 0), by code.
    Result<std::vector<Delegate>> walk_ins_to_upload();
    // Roster rows from the hub, in one transaction: inserts unknown codes, replaces known ones (also the
    // kiosk's own walk-ins coming back with the hub's row_version, which marks them uploaded). Never
    // touches the journal. `event`, when given, replaces the event's name and days.
    Result<std::size_t> merge_delegates(const std::vector<Delegate>& delegates,
                                        const std::optional<Event>& event = std::nullopt);
    // Small persistent values of the sync client ("hub_roster_version", "hub_event_sequence"); nullopt
    // when never set.
    Result<std::optional<std::string>> sync_value(std::string_view key);
    Result<void> set_sync_value(std::string_view key, std::string_view value);

    // Signed codes (issue 14) -------------------------------------------------------------------------------
    // The event's public keys, in the order they were added. Several are valid at once, so keys rotate.
    Result<std::vector<base::PublicKey>> code_keys();
    // Adds a key; false when the mirror holds it already.
    Result<bool> add_code_key(const base::PublicKey& key, std::int64_t now_milliseconds);
    // Removes a key; false when the mirror did not hold it. Codes signed only by it are refused from then
    // on (unknown key).
    Result<bool> remove_code_key(const base::PublicKey& key);
    // The serials of cancelled or reissued codes.
    Result<std::set<std::string>> revoked_serials();
    // Adds serials to the revocation list in one transaction; returns how many were new. Fails with
    // ErrorKind::invalid_input, writing nothing, when one is not 12 hexadecimal digits.
    Result<std::size_t> revoke_serials(const std::vector<std::string>& serials);
    // Checks in the holder of a verified invitation. A code the mirror knows is checked in exactly as
    // check_in would (the signed fields change nothing). An unknown code is a late registrant: decided by
    // the same day rules (checkin_policy.hpp) from the invitation's days, and when admitted registered in
    // one transaction as an active walk-in with the invitation's code and fields (row_version 0, so the next
    // sync uploads them like any walk-in), marked "from the invitation", and checked in. Fails with
    // ErrorKind::invalid_input when the signed fields break the walk-in rules (add_walk_in).
    Result<CheckinResult> check_in_invitation(const InvitationCheckinRequest& request);
    // Whether `code` was registered here from a signed invitation.
    Result<bool> is_from_invitation(std::string_view code);

    // What the hub's GET /api/v1/codes said, in one transaction: the keys it lists replace those an
    // earlier pull brought (a key the organiser removed on the hub stops admitting here; keys added on this
    // kiosk stay), and its serials join the revocation list. Returns how many serials were new.
    Result<std::size_t> apply_hub_code_lists(const std::vector<base::PublicKey>& keys,
                                             const std::vector<std::string>& serials,
                                             std::int64_t now_milliseconds);

    // The invitations `kioskctl invitations` signed (one per delegate), in code order.
    Result<std::vector<IssuedInvitation>> issued_invitations();
    // What one run of `invitations` decided, in one transaction: `issued` replace each delegate's previous
    // invitation, `withdrawn` (delegate codes) lose theirs, and `revoked` serials join the revocation list.
    // All or nothing, so a revoked code always has its replacement recorded.
    Result<void> record_invitations(const std::vector<IssuedInvitation>& issued,
                                    const std::vector<std::string>& withdrawn,
                                    const std::vector<std::string>& revoked);
    // Purge (issue 15) --------------------------------------------------------------------------------------
    // Removes the names, organisations, positions, e-mails and codes of the people the request names, with
    // their journal events, keeping only anonymous counts (AnonymousCount) for the report. Every table of
    // the file must be in the mirror's list (mirror_purge.cpp) or in `other_tables`: a table with text
    // columns that neither names is refused (ErrorKind::internal) before anything is written, so a new
    // table cannot keep personal data unnoticed. Runs with secure_delete (freed pages zeroed), then
    // checkpoints the WAL with TRUNCATE and VACUUMs, so no removed byte stays in the file, its -wal or -shm.
    // Fails with ErrorKind::storage when another connection holds the file open for reading (the
    // checkpoint cannot truncate the WAL then): stop the kiosk or the hub first.
    // With a scope (a hub's file), only that event's people are judged and removed, by its days.
    Result<PurgeSummary> purge(const PurgeRequest& request, std::span<const PurgedTable> other_tables = {},
                               const std::optional<PurgeScope>& scope = std::nullopt);
    // The counts purges kept, by day then group, summed over every event the file holds.
    Result<std::vector<AnonymousCount>> anonymous_counts();
    // The counts purges of one event (PurgeScope::event_id) kept, by day then group.
    Result<std::vector<AnonymousCount>> anonymous_counts(std::int64_t event_id);

private:
    explicit Mirror(sqlite::Database database) : m_database(std::move(database)) {}
    // nullopt: every event's, summed.
    Result<std::vector<AnonymousCount>> kept_counts(std::optional<std::int64_t> event_id);
    // Prepared once, reused: preparing costs more than a look-up by code.
    Result<sqlite::Statement*> statement(std::string_view sql);
    Result<std::optional<Delegate>> load_delegate(std::string_view code);
    Result<std::vector<Attendance>> attendance_of(std::string_view code);
    // The search index, rebuilt when the delegates changed since it was built (by any connection).
    Result<const NameIndex*> name_index();
    std::optional<NameIndex> cached_name_index(std::int64_t delegate_changes);
    void cache_name_index(const NameIndex& index, std::int64_t delegate_changes);

    sqlite::Database m_database;
    sqlite::StatementCache m_statements;
    std::optional<NameIndex> m_name_index;
    std::int64_t m_name_index_version = -1;
};

} // namespace checkin::sync
