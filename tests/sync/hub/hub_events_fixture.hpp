#pragma once

// A second event for the tests of many events on one hub: the Lublin seminar, its request and a roster of
// three delegates whose codes the Serock fixture roster does not hold.

#include "sync/hub/hub_store.hpp"

#include <chrono>
#include <string_view>

namespace checkin::sync::hub_events_fixture {

inline constexpr Day lublin_day{std::chrono::year{2026}, std::chrono::October, std::chrono::day{15}};
inline constexpr Day lublin_second_day{std::chrono::year{2026}, std::chrono::October, std::chrono::day{16}};

inline EventRequest lublin_request() {
    return EventRequest{"lublin-2026",
                        "Seminarium CWD Lublin",
                        "CWD seminar in Lublin",
                        {lublin_day, lublin_second_day},
                        "Hotel Victoria, Lublin"};
}

// Three delegates of the Lublin seminar, none of whose codes the Serock roster holds.
inline constexpr std::string_view lublin_roster = R"(Kod,Imię,Nazwisko,Rola,Dni
LUB-AAAA0001,Zofia,Lis,Uczestnik,15.10.2026
LUB-AAAA0002,Jerzy,Kot,Uczestnik,"15.10.2026,16.10.2026"
LUB-AAAA0003,Ewa,Sowa,Ekspert,16.10.2026
)";

inline Event lublin_event() {
    return Event{"Seminarium CWD Lublin", {lublin_day, lublin_second_day}};
}

} // namespace checkin::sync::hub_events_fixture
