# Honeywell scanners (vendor 0c2e, registered as "Metrologic Instruments": Honeywell bought Metrologic).
#
# Sources: usb.ids 2025.07.26 (Debian 12 package usb.ids, /usr/share/misc/usb.ids); each `usb` line quotes
# that file's product name. The modes a model can be switched to (by scanning a configuration bar code)
# are from Honeywell's user guides, not from usb.ids.
#
# Left out, for lack of a source: the product ids of the Voyager 1450g/1470g and Xenon 1900/1950g in
# their other USB modes (HID POS, USB serial) and the Xenon 1900's own ids: usb.ids lists one id for the
# whole "Voyager 1400g Series" and none for the Xenon. In keyboard mode any of them is still found by the
# generic HID keyboard profile (generic.profile); add the ids from `lsusb` on a real scanner. Also left out:
# 0c2e:0007, the MS7120 in IBM SurePOS mode, a protocol the kiosk does not read.

[honeywell-voyager-1400g]
kind = scanner
vendor = Honeywell
model = Voyager 1400g series (1450g, 1470g)
usb = 0c2e:0b81    # usb.ids 2025.07.26: "Barcode scanner Voyager 1400g Series"; which USB mode this id is, is not said
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26; Honeywell Voyager 1450g user guide (USB keyboard, HID POS and serial emulation)
notes = the id's mode is unknown: the driver reads the interface descriptors (03/01/01 keyboard, 03/00/00 with usage page 0x8C for HID POS, CDC-ACM for serial)

[honeywell-vuquest-3310g]
kind = scanner
vendor = Honeywell
model = Vuquest 3310g
usb = 0c2e:0b61    # usb.ids 2025.07.26: "Vuquest 3310g"
usb = 0c2e:0b6a    # usb.ids 2025.07.26: "Vuquest 3310 Area-Imaging Scanner"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26
notes = a hands-free presentation scanner; the ids' modes are not said: the driver reads the interface descriptors

[metrologic-ms7120]
kind = scanner
vendor = Honeywell (Metrologic)
model = MS7120 Orbit
usb = 0c2e:0204 hid-keyboard    # usb.ids 2025.07.26: "Metrologic MS7120 Barcode Scanner (keyboard mode)"
usb = 0c2e:0700 serial          # usb.ids 2025.07.26: "... (uni-directional serial mode)"
usb = 0c2e:0720 serial          # usb.ids 2025.07.26: "... (bi-directional serial mode)"
usb = 0c2e:0200                 # usb.ids 2025.07.26: "MS7120 Barcode Scanner", mode not said
transports = usb
modes = hid-keyboard serial
source = usb.ids 2025.07.26
notes = 1D laser only: it cannot read the QR codes on invitations; profiled so it is recognised and staff are told
