#include "sync/roster/invitation_plan.hpp"

#include "base/text.hpp"
#include "base/utf8.hpp"
#include "sync/roster/scan_code.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

namespace checkin::sync {

std::string_view to_string(InvitationAction action) {
    switch (action) {
    case InvitationAction::issue:
        return "new";
    case InvitationAction::keep:
        return "kept";
    case InvitationAction::reissue:
        return "reissued";
    case InvitationAction::withdraw:
        return "withdrawn";
    }
    return "new";
}

Result<std::vector<PlannedInvitation>> plan_invitations(const std::vector<Delegate>& delegates,
                                                        const std::vector<IssuedInvitation>& issued,
                                                        const std::vector<std::string>& reissue_codes) {
    std::map<std::string, const IssuedInvitation*> issued_by_code;
    for (const IssuedInvitation& invitation : issued) {
        issued_by_code[code_comparison_key(invitation.delegate_code)] = &invitation;
    }
    std::set<std::string> active_codes;
    for (const Delegate& delegate : delegates) {
        if (delegate.status == DelegateStatus::active) {
            active_codes.insert(code_comparison_key(delegate.code));
        }
    }
    std::set<std::string> to_reissue;
    for (const std::string& code : reissue_codes) {
        const std::string key = code_comparison_key(code);
        if (!active_codes.contains(key)) {
            return fail(Error::not_found(fmt::format(
                "--reissue {}: no active delegate has this code; `kioskctl --db F show CODE` finds one "
                "(nothing was signed or written)",
                code)));
        }
        to_reissue.insert(key);
    }

    std::vector<PlannedInvitation> plan;
    for (const Delegate& delegate : delegates) {
        const std::string key = code_comparison_key(delegate.code);
        const auto found = issued_by_code.find(key);
        std::optional<IssuedInvitation> previous;
        if (found != issued_by_code.end()) {
            previous = *found->second;
        }
        InvitationAction action = InvitationAction::issue;
        if (delegate.status != DelegateStatus::active) {
            if (!previous) {
                continue; // cancelled and never invited: nothing to do
            }
            action = InvitationAction::withdraw;
        } else if (previous) {
            action = to_reissue.contains(key) ? InvitationAction::reissue : InvitationAction::keep;
        }
        plan.push_back(PlannedInvitation{action, delegate, std::move(previous)});
    }
    return plan;
}

std::string shorten_to_bytes(std::string_view text, std::size_t maximum_bytes) {
    if (text.size() <= maximum_bytes) {
        return std::string(text);
    }
    constexpr std::string_view ellipsis = "…";
    if (maximum_bytes < ellipsis.size()) {
        return {};
    }
    // Whole characters only: step over each and stop before the one that would not leave room.
    std::size_t end = 0;
    while (end < text.size()) {
        const std::size_t length = base::utf8::decode_at(text, end).length;
        if (end + length + ellipsis.size() > maximum_bytes) {
            break;
        }
        end += length;
    }
    std::string shortened(text.substr(0, end));
    while (!shortened.empty() && shortened.back() == ' ') {
        shortened.pop_back();
    }
    return shortened + std::string(ellipsis);
}

Result<SignedCodeContent> invitation_content(const Delegate& delegate, const Event& event,
                                             std::string serial) {
    SignedCodeContent content;
    content.kind = CodeKind::invitation;
    content.event_tag = event_tag(event.name);
    content.serial = std::move(serial);
    content.delegate_code = delegate.code;
    content.days = delegate.days.empty() ? event.days : delegate.days;
    if (content.days.empty()) {
        return fail(Error::invalid_input(
            "the event has no days yet, so an invitation cannot say when it admits; set them with "
            "`kioskctl --db F event --days 2026-11-29,2026-11-30`"));
    }
    content.valid_until = content.days.back();
    content.first_name = shorten_to_bytes(delegate.first_name, signed_name_maximum);
    content.last_name = shorten_to_bytes(delegate.last_name, signed_name_maximum);
    content.organisation = shorten_to_bytes(delegate.organisation, signed_organisation_maximum);
    content.role = shorten_to_bytes(delegate.role, signed_role_maximum);
    return content;
}

std::string invitation_file_stem(std::string_view delegate_code, std::set<std::string>& taken) {
    std::string stem;
    for (const char c : delegate_code) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                          c == '-' || c == '_';
        stem += safe ? c : '_';
    }
    if (stem.empty()) {
        stem = "delegate";
    }
    std::string candidate = stem;
    for (int suffix = 2; taken.contains(base::ascii_lower(candidate)); ++suffix) {
        candidate = fmt::format("{}-{}", stem, suffix);
    }
    taken.insert(base::ascii_lower(candidate));
    return candidate;
}

} // namespace checkin::sync
