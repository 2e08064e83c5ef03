# Scanners matched by what they are rather than by their ids: many cheap scanners use arbitrary or borrowed
# vendor and product ids, so their ids alone cannot find them.
#
# Source: USB HID 1.11 specification, appendix B ("Boot Interface Descriptors"): interface class 3 (HID),
# subclass 1 (boot interface), protocol 1 (keyboard). A scanner in keyboard mode sends 8-byte boot reports
# (modifiers, reserved, six key codes).
#
# Every plain USB keyboard has the same interface, so the kiosk treats a match as a candidate scanner (it
# listens for fast, Enter-terminated bursts) and the udev rules give such keyboards to the kiosk's group
# too. On a machine where that is not wanted, delete this file and regenerate the rules.

[generic-hid-keyboard-scanner]
kind = scanner
vendor = any
model = USB HID boot keyboard (any scanner in keyboard mode)
usb_interface = 03:01:01 hid-keyboard    # USB HID 1.11, appendix B: class 3, subclass 1, protocol 1
transports = usb
modes = hid-keyboard
source = USB HID 1.11 specification, appendix B (boot keyboard interface)
notes = interrupt IN endpoint, 8-byte boot keyboard reports; decode with a US key map (drivers/)
