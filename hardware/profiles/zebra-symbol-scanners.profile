# Zebra (formerly Symbol Technologies) scanners, vendor 05e0.
#
# Sources:
#  - usb.ids 2025.07.26 (Debian 12 package usb.ids): "05e0  Symbol Technologies", "1200  Bar Code Scanner",
#    "1701  Bar Code Scanner (CDC)".
#  - Which mode 05e0:1200 is: Symbol's MS4404/MS4407 Integration Guide, 9-3 "MS4407 - USB Interface"
#    ("HID Keyboard Emulation"), as quoted in the public header UsbVid05E0.h of Dar-Ko/babylonlib. Symbol's
#    scanners share these host-type ids across models, so the LS2208 and DS2208 in USB keyboard mode are
#    expected to show 05e0:1200; usb.ids does not name them, so the model below is the family.
#
# Left out, for lack of a source: a HID POS product id (none of the sources gives one). Left out on
# purpose: 05e0:1300 and 05e0:1400 (IBM hand-held / table-top modes) and 05e0:1900 (SNAPI), protocols the
# kiosk does not read; 05e0:0600 ("Simple COM Port Emulation" in the same guide), which may need Symbol's
# own driver rather than CDC-ACM.

[zebra-symbol-scanner]
kind = scanner
vendor = Zebra (Symbol)
model = bar code scanner in USB keyboard or CDC mode (LS2208, DS2208, ...)
usb = 05e0:1200 hid-keyboard    # usb.ids 2025.07.26: "Bar Code Scanner"; mode: MS4407 Integration Guide
usb = 05e0:1701 serial          # usb.ids 2025.07.26: "Bar Code Scanner (CDC)"
transports = usb
modes = hid-keyboard serial
source = usb.ids 2025.07.26; Symbol MS4404/MS4407 Integration Guide (via Dar-Ko/babylonlib UsbVid05E0.h)
notes = the LS2208 is a 1D laser scanner and cannot read QR codes; the DS2208 is a 2D imager and can
