// kioskctl: the organiser's and reception's command line for the mirror.

#include "kiosk/ctl/kioskctl.hpp"

int main(int argc, char** argv) {
    return checkin::kiosk::run_kioskctl(argc, argv);
}
