#pragma once

// What one run of `kioskctl invitations` does (issue 14), decided before anything is signed or written:
// every active delegate gets a signed invitation; one issued by an earlier run is kept (the delegate may
// have it in their mail already), unless the organiser reissues it, which revokes the old code; a
// cancelled delegate's invitation is withdrawn, its code revoked. Pure.

#include "sync/roster/delegate.hpp"
#include "sync/roster/signed_code.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace checkin::sync {

// An invitation an earlier run signed, as the mirror keeps it.
struct IssuedInvitation {
    std::string delegate_code;
    std::string serial;      // what a revocation names
    std::string signed_code; // the QR code's text
    std::int64_t issued_at_milliseconds = 0;
    friend bool operator==(const IssuedInvitation&, const IssuedInvitation&) = default;
};

enum class InvitationAction {
    issue,    // no invitation yet: sign one
    keep,     // signed by an earlier run: the same code again
    reissue,  // asked for with --reissue: the old code is revoked, a new one signed
    withdraw, // the delegate was cancelled: the old code is revoked, no page
};
std::string_view to_string(InvitationAction action); // "new", "kept", "reissued", "withdrawn"

struct PlannedInvitation {
    InvitationAction action = InvitationAction::issue;
    Delegate delegate;
    std::optional<IssuedInvitation> previous; // keep, reissue, withdraw
};

// One entry for every active delegate (in the order given) and one for every cancelled delegate who
// holds an invitation. Refused (not_found) when a code to reissue is not an active delegate's: nothing is
// done then, so a typo cannot leave half a run behind. Codes are compared as the mirror compares them
// (code_comparison_key).
Result<std::vector<PlannedInvitation>> plan_invitations(const std::vector<Delegate>& delegates,
                                                        const std::vector<IssuedInvitation>& issued,
                                                        const std::vector<std::string>& reissue_codes);

// The signed content of a delegate's invitation: the badge's fields (names, organisation and role cut at
// a character boundary, ending in "…", where longer than a signed code carries), the delegate's days (the
// event's when the roster gives none) and valid until the last of them. Refused (invalid_input) when
// there are no days to admit.
Result<SignedCodeContent> invitation_content(const Delegate& delegate, const Event& event,
                                             std::string serial);

// `text` cut to at most `maximum_bytes` bytes of UTF-8 at a character boundary; when cut, it ends in "…"
// (within the maximum).
std::string shorten_to_bytes(std::string_view text, std::size_t maximum_bytes);

// A file name for a delegate's QR picture, from their code: letters, digits, '-' and '_' kept, anything
// else '_', so no code can name a path outside the folder; made unique against `taken` (compared without
// case, for file systems that ignore it) by a "-2", "-3", … suffix. `taken` holds the names given so
// far in lower case; the new one is added.
std::string invitation_file_stem(std::string_view delegate_code, std::set<std::string>& taken);

} // namespace checkin::sync
