// The kiosk application. Until the kiosk's own issue lands this opens the fullscreen window with the
// event's name and how many delegates the mirror holds, so that the build, the demo command and the
// SDL setup are exercised end to end.

#include "kiosk/app/kiosk_app.hpp"

int main(int argc, char** argv) {
    return checkin::kiosk::run_kiosk_app(argc, argv);
}
