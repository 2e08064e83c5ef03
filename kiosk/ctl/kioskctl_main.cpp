// kioskctl: the organiser's and reception's command line for the mirror. The commands that draw badges
// and QR pictures or open devices run in kioskctl-badges (kioskctl.hpp says why).

#include "kiosk/ctl/kioskctl.hpp"

int main(int argc, char** argv) {
    return checkin::kiosk::run_kioskctl(argc, argv, nullptr);
}
