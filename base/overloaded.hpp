#pragma once

// One lambda per alternative for std::visit: std::visit(Overloaded{[](const A&) {...}, [](const B&) {...}},
// v).

namespace checkin::base {

template <typename... Handlers> struct Overloaded : Handlers... { using Handlers::operator()...; };

} // namespace checkin::base
