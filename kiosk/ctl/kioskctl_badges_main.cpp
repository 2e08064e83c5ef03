// kioskctl-badges: kioskctl with the commands that draw badges and QR pictures or open devices (badge,
// badges, print, devices, staff-code, invitations). kioskctl hands those commands to it with the same
// arguments; it takes every other command too, so it can stand in for kioskctl.

#include "kiosk/ctl/kioskctl.hpp"
#include "kiosk/ctl/kioskctl_commands.hpp"

int main(int argc, char** argv) {
    using namespace checkin::kiosk;
    const DrawingCommands drawing{command_badge, command_badge_list, command_badges,     command_badges_list,
                                  command_print, command_devices,    command_staff_code, command_invitations};
    return run_kioskctl(argc, argv, &drawing);
}
