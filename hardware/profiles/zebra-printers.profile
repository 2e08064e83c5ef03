# Zebra label printers that speak ZPL II (printing/zpl.hpp sends the badge as one ^GFA bitmap).
#
# Sources:
#  - USB ids: usb.ids 2025.07.26 (Debian 12 package usb.ids, /usr/share/misc/usb.ids), vendor
#    "0a5f  Zebra Technologies"; each `usb` line quotes that file's product name. A model the file does not
#    list has no profile (see "Left out" below) rather than a guessed id.
#  - Resolution and print width: Zebra's published specifications for each model, as the `source` lines
#    say; they are not in usb.ids and no copy of them is in this repository, so check a new model's data
#    sheet rather than copying from here. The "420" desktop models and the LP2844-Z / ZP 450 print at 203 dpi; ZD500, ZD620, ZD410, ZM400 and ZT411 are
#    sold with a 203 or a 300 dpi head (ZM400 and ZT411 also 600). The 4-inch models take printing's
#    4 x 3 inch labels ("4x3" at 203 dpi, "4x3-300" at 300 dpi); the ZD410's head is 2 inches wide, so no
#    badge medium of printing/zpl.cpp fits it (media = none).
#  - Interface: USB printer class 7 with a bulk OUT and a bulk IN endpoint; ~HS (host status) answers on
#    the bulk IN endpoint, so status = yes for every ZPL printer here. Linux's usblp binds it as /dev/usb/lpN.
#  - Transports: tcp (raw port 9100) where the model has Ethernet or Wi-Fi, built in or as an option.
#
# Left out, for lack of a source: the ZD421 (no product id in usb.ids 2025.07.26; add it from `lsusb` on a
# real one); 0a5f:930a, which usb.ids names only "Printer". Left out on purpose: the LP2844 (0a5f:0009),
# which speaks EPL only; the TLP2824 Plus (0a5f:00a1), a 2-inch EPL/ZPL printer; the HC100 (0a5f:008b),
# a wristband printer.

[zebra-gk420d]
kind = printer
vendor = Zebra
model = GK420d
usb = 0a5f:0080    # usb.ids 2025.07.26: "GK420d Label Printer"
usb = 0a5f:0062    # usb.ids 2025.07.26: "GK420d Label Printer" as well (two ids under one name there)
transports = usb tcp
language = zpl
media = 4x3
dpi = 203
status = yes
source = usb.ids 2025.07.26; Zebra GK420d data sheet (203 dpi, 4.09 in print width)
notes = printer class 7, bulk OUT and IN; also EPL2 (the kiosk sends ZPL); tcp with the optional Ethernet

[zebra-gk420t]
kind = printer
vendor = Zebra
model = GK420t
usb = 0a5f:0081    # usb.ids 2025.07.26: "GK420t Label Printer"
transports = usb tcp
language = zpl
media = 4x3
dpi = 203
status = yes
source = usb.ids 2025.07.26; Zebra GK420t data sheet (203 dpi, 4.09 in print width)
notes = printer class 7, bulk OUT and IN; thermal transfer (ribbon); tcp with the optional Ethernet

[zebra-gx420d]
kind = printer
vendor = Zebra
model = GX420d
usb = 0a5f:0084    # usb.ids 2025.07.26: "GX420d Desktop Label Printer"
transports = usb tcp
language = zpl
media = 4x3
dpi = 203
status = yes
source = usb.ids 2025.07.26; Zebra GX420d data sheet (203 dpi, 4.09 in print width)
notes = printer class 7, bulk OUT and IN; tcp with the optional Ethernet

[zebra-gc420d]
kind = printer
vendor = Zebra
model = GC420d
usb = 0a5f:00d1    # usb.ids 2025.07.26: "GC420d Label Printer"
transports = usb
language = zpl
media = 4x3
dpi = 203
status = yes
source = usb.ids 2025.07.26; Zebra GC420d data sheet (203 dpi, 4.09 in print width)
notes = printer class 7, bulk OUT and IN; also EPL2 (the kiosk sends ZPL)

[zebra-lp2844-z]
kind = printer
vendor = Zebra
model = LP2844-Z
usb = 0a5f:0027    # usb.ids 2025.07.26: "ZTC LP2844-Z-200dpi"
transports = usb
language = zpl
media = 4x3
dpi = 203
status = yes
source = usb.ids 2025.07.26 (the name says 200 dpi: Zebra's 8 dots/mm, 203 dpi)
notes = printer class 7, bulk OUT and IN; the -Z is the ZPL model (the plain LP2844 is EPL only)

[zebra-zp450]
kind = printer
vendor = Zebra
model = ZP 450
usb = 0a5f:008c    # usb.ids 2025.07.26: "ZP 450 Printer"
transports = usb
language = zpl
media = 4x3
dpi = 203
status = yes
source = usb.ids 2025.07.26; Zebra ZP 450 data sheet (203 dpi, 4.09 in print width)
notes = printer class 7, bulk OUT and IN

[zebra-zd410]
kind = printer
vendor = Zebra
model = ZD410
usb = 0a5f:011c    # usb.ids 2025.07.26: "ZD410 Direct Thermal Label Printer"
transports = usb tcp
language = zpl
media = none       # a 2-inch head: printing's 4 x 3 inch badge does not fit
dpi = 203 300
status = yes
source = usb.ids 2025.07.26; Zebra ZD410 data sheet (203 or 300 dpi, 2 in print width)
notes = printer class 7, bulk OUT and IN; profiled so the kiosk recognises it and can say no badge fits

[zebra-zd500]
kind = printer
vendor = Zebra
model = ZD500
usb = 0a5f:0110    # usb.ids 2025.07.26: "ZD500 Desktop Label Printer"
transports = usb tcp
language = zpl
media = 4x3 4x3-300
dpi = 203 300
status = yes
source = usb.ids 2025.07.26; Zebra ZD500 data sheet (203 or 300 dpi, 4.09 in print width)
notes = printer class 7, bulk OUT and IN; Ethernet built in

[zebra-zd620]
kind = printer
vendor = Zebra
model = ZD620
usb = 0a5f:0141    # usb.ids 2025.07.26: "ZD620"
transports = usb tcp
language = zpl
media = 4x3 4x3-300
dpi = 203 300
status = yes
source = usb.ids 2025.07.26; Zebra ZD620 data sheet (203 or 300 dpi, 4.09 in print width)
notes = printer class 7, bulk OUT and IN; Ethernet built in

[zebra-zm400]
kind = printer
vendor = Zebra
model = ZM400
usb = 0a5f:0065    # usb.ids 2025.07.26: "ZM400 Label Printer"
transports = usb tcp
language = zpl
media = 4x3 4x3-300
dpi = 203 300 600
status = yes
source = usb.ids 2025.07.26; Zebra ZM400 data sheet (203, 300 or 600 dpi, 4.09 in print width)
notes = printer class 7, bulk OUT and IN; industrial; no 600 dpi badge medium in printing/zpl.cpp yet

[zebra-zt411]
kind = printer
vendor = Zebra
model = ZT411
usb = 0a5f:0172    # usb.ids 2025.07.26: "ZT411 Barcode Label Printer"
transports = usb tcp
language = zpl
media = 4x3 4x3-300
dpi = 203 300 600
status = yes
source = usb.ids 2025.07.26; Zebra ZT411 data sheet (203, 300 or 600 dpi, 4.09 in print width)
notes = printer class 7, bulk OUT and IN; industrial; no 600 dpi badge medium in printing/zpl.cpp yet
