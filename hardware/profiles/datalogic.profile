# Datalogic scanners: vendor 05f9 (registered as "PSC Scanning, Inc.", which Datalogic bought) and 080c
# ("Datalogic S.p.A.").
#
# Sources: usb.ids 2025.07.26 (Debian 12 package usb.ids, /usr/share/misc/usb.ids); each `usb` line
# quotes that file's product name and, where it says one, the mode.
#
# Left out on purpose: 05f9:1206 "Gryphon series (OEM mode)" (IBM OEM, a protocol the kiosk does not
# read), 05f9:5204 (a configuration mode), 05f9:1104 (Magellan 2200VS, an in-counter 1D scanner),
# 05f9:2202 (a "Point of Sale Handheld Scanner" with no model or mode). Left out for lack of a source:
# the ids of current Datalogic models (QuickScan QD2430/QD2500, Gryphon GD4500) in usb.ids 2025.07.26.

[datalogic-gryphon]
kind = scanner
vendor = Datalogic
model = Gryphon series
usb = 05f9:2206 hid-keyboard    # usb.ids 2025.07.26: "Gryphon series (keyboard emulation mode)"
usb = 05f9:4204 serial          # usb.ids 2025.07.26: "Gryphon series (RS-232 emulation mode)"
usb = 05f9:220c                 # usb.ids 2025.07.26: "Datalogic Gryphon GD4430", mode not said
usb = 05f9:120c                 # usb.ids 2025.07.26: "Gryphon GD4430-BK", mode not said
transports = usb
modes = hid-keyboard serial
source = usb.ids 2025.07.26
notes = ids without a mode: the driver reads the interface descriptors

[datalogic-magellan-1x00i]
kind = scanner
vendor = Datalogic
model = Magellan 1000i / 1100i
usb = 05f9:2601    # usb.ids 2025.07.26: "Datalogic Magellan 1000i Barcode Scanner"
usb = 05f9:2602    # usb.ids 2025.07.26: "Datalogic Magellan 1100i Barcode Scanner"
transports = usb
modes = hid-keyboard serial
source = usb.ids 2025.07.26; Datalogic Magellan 1100i product reference guide (USB keyboard, USB-COM)
notes = hands-free presentation imagers; the ids' modes are not said: the driver reads the interface descriptors

[datalogic-gryphon-d120]
kind = scanner
vendor = Datalogic
model = Gryphon D120
usb = 080c:0300    # usb.ids 2025.07.26: "Gryphon D120 Barcode Scanner"
usb = 080c:0400    # usb.ids 2025.07.26: "Gryphon D120 Barcode Scanner"
usb = 080c:0500    # usb.ids 2025.07.26: "Gryphon D120 Barcode Scanner"
transports = usb
modes = hid-keyboard serial
source = usb.ids 2025.07.26 (three ids under one name, modes not said)
notes = a 1D linear imager: it cannot read QR codes; profiled so it is recognised and staff are told
