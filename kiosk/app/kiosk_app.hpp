#pragma once

namespace checkin::kiosk {

// The kiosk application's entry point (kiosk_main.cpp calls it).
int run_kiosk_app(int argc, char** argv);

} // namespace checkin::kiosk
