# Brother QL label printers: the ten models of printing/brother_ql.cpp's table (QlModel), one profile each.
#
# Sources:
#  - USB ids: usb.ids 2025.07.26 (Debian 12 package usb.ids, /usr/share/misc/usb.ids), vendor
#    "04f9  Brother Industries, Ltd"; the quoted product name is that file's. The same ids are in
#    printing/brother_ql.cpp's model table; the parser refuses a profile whose id disagrees with it.
#  - Interface: USB printer class 7, bulk OUT 0x02, bulk IN 0x81 (Brother's raster command references). Linux's usblp binds it as /dev/usb/lpN; libusb detaches it.
#  - Status: ESC i S, a 32-byte reply over the bulk IN endpoint (QL-500…700 "QL Series Command Reference"
#    v6.0 2011; QL-710W/720NW and QL-800 raster references).
#  - Media: every DK roll of printing's media table fits every model (62 mm is the widest of them); the
#    black/red DK-22251 ("62red") only the two-colour QL-800/810W/820NWB (printing::ql_media_fits).
#  - Transports: tcp for the models with Wi-Fi or Ethernet (the W / NW / NWB suffix).

[brother-ql-500]
kind = printer
vendor = Brother
model = QL-500
usb = 04f9:2015    # usb.ids 2025.07.26: "QL-500 label printer"; printing/brother_ql.cpp
transports = usb
language = brother-ql
printing_model = ql-500
media = 12 29 38 50 54 62 17x54 17x87 29x90 38x90 62x29 62x100 d24 d58
dpi = 300
status = yes
source = usb.ids 2025.07.26; printing/brother_ql.cpp; Brother QL raster command references
notes = printer class 7, bulk OUT 0x02, bulk IN 0x81; no cutter: the label is torn off by hand

[brother-ql-550]
kind = printer
vendor = Brother
model = QL-550
usb = 04f9:2016    # usb.ids 2025.07.26: "QL-550 printer"; printing/brother_ql.cpp
transports = usb
language = brother-ql
printing_model = ql-550
media = 12 29 38 50 54 62 17x54 17x87 29x90 38x90 62x29 62x100 d24 d58
dpi = 300
status = yes
source = usb.ids 2025.07.26; printing/brother_ql.cpp; Brother QL raster command references
notes = printer class 7, bulk OUT 0x02, bulk IN 0x81

[brother-ql-560]
kind = printer
vendor = Brother
model = QL-560
usb = 04f9:2027    # usb.ids 2025.07.26: "QL-560 Label Printer"; printing/brother_ql.cpp
transports = usb
language = brother-ql
printing_model = ql-560
media = 12 29 38 50 54 62 17x54 17x87 29x90 38x90 62x29 62x100 d24 d58
dpi = 300
status = yes
source = usb.ids 2025.07.26; printing/brother_ql.cpp; Brother QL raster command references
notes = printer class 7, bulk OUT 0x02, bulk IN 0x81

[brother-ql-570]
kind = printer
vendor = Brother
model = QL-570
usb = 04f9:2028    # usb.ids 2025.07.26: "QL-570 Label Printer"; printing/brother_ql.cpp
transports = usb
language = brother-ql
printing_model = ql-570
media = 12 29 38 50 54 62 17x54 17x87 29x90 38x90 62x29 62x100 d24 d58
dpi = 300
status = yes
source = usb.ids 2025.07.26; printing/brother_ql.cpp; Brother QL raster command references
notes = printer class 7, bulk OUT 0x02, bulk IN 0x81

[brother-ql-700]
kind = printer
vendor = Brother
model = QL-700
usb = 04f9:2042    # usb.ids 2025.07.26: "QL-700 Label Printer"; printing/brother_ql.cpp
transports = usb
language = brother-ql
printing_model = ql-700
media = 12 29 38 50 54 62 17x54 17x87 29x90 38x90 62x29 62x100 d24 d58
dpi = 300
status = yes
source = usb.ids 2025.07.26; printing/brother_ql.cpp; Brother QL raster command references
notes = printer class 7, bulk OUT 0x02, bulk IN 0x81; switch Editor Lite off (its green LED), or the printer shows up as a USB disk instead

[brother-ql-710w]
kind = printer
vendor = Brother
model = QL-710W
usb = 04f9:2043    # usb.ids 2025.07.26: "QL-710W Label Printer"; printing/brother_ql.cpp
transports = usb tcp
language = brother-ql
printing_model = ql-710w
media = 12 29 38 50 54 62 17x54 17x87 29x90 38x90 62x29 62x100 d24 d58
dpi = 300
status = yes
source = usb.ids 2025.07.26; printing/brother_ql.cpp; Brother QL raster command references
notes = printer class 7, bulk OUT 0x02, bulk IN 0x81; tcp: Wi-Fi, raw port 9100

[brother-ql-720nw]
kind = printer
vendor = Brother
model = QL-720NW
usb = 04f9:2044    # usb.ids 2025.07.26: "QL-720NW Label Printer"; printing/brother_ql.cpp
transports = usb tcp
language = brother-ql
printing_model = ql-720nw
media = 12 29 38 50 54 62 17x54 17x87 29x90 38x90 62x29 62x100 d24 d58
dpi = 300
status = yes
source = usb.ids 2025.07.26; printing/brother_ql.cpp; Brother QL raster command references
notes = printer class 7, bulk OUT 0x02, bulk IN 0x81; tcp: Ethernet or Wi-Fi, raw port 9100

[brother-ql-800]
kind = printer
vendor = Brother
model = QL-800
usb = 04f9:209b    # usb.ids 2025.07.26: "QL-800 Label Printer"; printing/brother_ql.cpp
transports = usb
language = brother-ql
printing_model = ql-800
media = 12 29 38 50 54 62 62red 17x54 17x87 29x90 38x90 62x29 62x100 d24 d58
dpi = 300
status = yes
source = usb.ids 2025.07.26; printing/brother_ql.cpp; Brother QL raster command references
notes = printer class 7, bulk OUT 0x02, bulk IN 0x81; two-colour (DK-22251); switch Editor Lite off, or the printer shows up as a USB disk instead

[brother-ql-810w]
kind = printer
vendor = Brother
model = QL-810W
usb = 04f9:209c    # usb.ids 2025.07.26: "QL-810W Label Printer"; printing/brother_ql.cpp
transports = usb tcp
language = brother-ql
printing_model = ql-810w
media = 12 29 38 50 54 62 62red 17x54 17x87 29x90 38x90 62x29 62x100 d24 d58
dpi = 300
status = yes
source = usb.ids 2025.07.26; printing/brother_ql.cpp; Brother QL raster command references
notes = printer class 7, bulk OUT 0x02, bulk IN 0x81; two-colour (DK-22251); tcp: Wi-Fi, raw port 9100; Editor Lite off

[brother-ql-820nwb]
kind = printer
vendor = Brother
model = QL-820NWB
usb = 04f9:209d    # usb.ids 2025.07.26: "QL-820NWB Label Printer"; printing/brother_ql.cpp
transports = usb tcp
language = brother-ql
printing_model = ql-820nwb
media = 12 29 38 50 54 62 62red 17x54 17x87 29x90 38x90 62x29 62x100 d24 d58
dpi = 300
status = yes
source = usb.ids 2025.07.26; printing/brother_ql.cpp; Brother QL raster command references
notes = printer class 7, bulk OUT 0x02, bulk IN 0x81; two-colour (DK-22251); tcp: Ethernet or Wi-Fi, raw port 9100 (Bluetooth is not used); Editor Lite off
