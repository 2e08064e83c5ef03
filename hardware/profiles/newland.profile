# Newland scanners and scan engines (vendor 1eab, "Fujian Newland Computer Co., Ltd"). Cheap scanners of
# other brands often carry a Newland engine and show its ids.
#
# Source: usb.ids 2025.07.26 (Debian 12 package usb.ids, /usr/share/misc/usb.ids), which names every mode:
# product id xx03 "(HID keyboard)", xx06 "(Serial CDC)" / "(USB Serial CDC)", xx10 "(HID Pos)". Each `usb`
# line quotes that file's name. The HR200 (01xx) has the same three modes as the others.

[newland-hr200]
kind = scanner
vendor = Newland
model = HR200 engine
usb = 1eab:0103 hid-keyboard    # usb.ids 2025.07.26: "HR200 Barcode scanner engine (HID keyboard)"
usb = 1eab:0110 hid-pos         # usb.ids 2025.07.26: "HR200 Barcode scanner engine (HID Pos)"
usb = 1eab:0106 serial          # usb.ids 2025.07.26: "HR200 Barcode scanner engine (Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-hr100-family]
kind = scanner
vendor = Newland
model = HR100 / HR3260 cordless / HR3290 cordless / BS80
usb = 1eab:0c03 hid-keyboard    # usb.ids 2025.07.26: "HR100/HR3260 cordless/HR3290 cordless/BS80 Barcode scanner engine (HID keyboard)"
usb = 1eab:0c10 hid-pos         # usb.ids 2025.07.26: "HR100/HR3260 cordless/HR3290 cordless/BS80 Barcode scanner engine (HID Pos)"
usb = 1eab:0c06 serial          # usb.ids 2025.07.26: "HR100/HR3260 cordless/HR3290 cordless/BS80 Barcode scanner engine (USB Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-em2028]
kind = scanner
vendor = Newland
model = EM2028 engine
usb = 1eab:0d03 hid-keyboard    # usb.ids 2025.07.26: "EM2028 Barcode scanner engine (HID keyboard)"
usb = 1eab:0d10 hid-pos         # usb.ids 2025.07.26: "EM2028 Barcode scanner engine (HID Pos)"
usb = 1eab:0d06 serial          # usb.ids 2025.07.26: "EM2028 Barcode scanner engine (Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-em30xx-family]
kind = scanner
vendor = Newland
model = EM30xx / EM20xx / HR3260 corded / HR200C
usb = 1eab:1303 hid-keyboard    # usb.ids 2025.07.26: "EM30xx/EM20xx/HR3260 corded/HR200C Barcode scanner engine (HID keyboard)"
usb = 1eab:1310 hid-pos         # usb.ids 2025.07.26: "EM30xx/EM20xx/HR3260 corded/HR200C Barcode scanner engine (HID Pos)"
usb = 1eab:1306 serial          # usb.ids 2025.07.26: "EM30xx/EM20xx/HR3260 corded/HR200C Barcode scanner engine (USB serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-hr15]
kind = scanner
vendor = Newland
model = HR15 series
usb = 1eab:1403 hid-keyboard    # usb.ids 2025.07.26: "HR15-xx Barcode scanner engine (HID keyboard)"
usb = 1eab:1410 hid-pos         # usb.ids 2025.07.26: "HR15-xx Barcode scanner engine (HID Pos)"
usb = 1eab:1406 serial          # usb.ids 2025.07.26: "HR15-xx Barcode scanner engine (Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-fm100]
kind = scanner
vendor = Newland
model = FM100-M / 3250 presentation scanners
usb = 1eab:1603 hid-keyboard    # usb.ids 2025.07.26: "FM100-M/3250 Barcode scanner engine (HID keyboard)"
usb = 1eab:1610 hid-pos         # usb.ids 2025.07.26: "FM100-M/3250 Barcode scanner engine (HID Pos)"
usb = 1eab:1606 serial          # usb.ids 2025.07.26: "FM100-M/3250 Barcode scanner engine (Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-em1300]
kind = scanner
vendor = Newland
model = EM1300 engine
usb = 1eab:1903 hid-keyboard    # usb.ids 2025.07.26: "EM1300 Barcode scanner engine (HID keyboard)"
usb = 1eab:1910 hid-pos         # usb.ids 2025.07.26: "EM1300 Barcode scanner engine (HID Pos)"
usb = 1eab:1906 serial          # usb.ids 2025.07.26: "EM1300 Barcode scanner engine (Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-hr3290-hr22]
kind = scanner
vendor = Newland
model = HR3290 corded / HR22
usb = 1eab:1a03 hid-keyboard    # usb.ids 2025.07.26: "HR3290 corded/HR22 Barcode scanner engine (HID keyboard)"
usb = 1eab:1a10 hid-pos         # usb.ids 2025.07.26: "HR3290 corded/HR22 Barcode scanner engine (HID Pos)"
usb = 1eab:1a06 serial          # usb.ids 2025.07.26: "HR3290 corded/HR22 Barcode scanner engine (Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-hr2150]
kind = scanner
vendor = Newland
model = HR2150
usb = 1eab:1c03 hid-keyboard    # usb.ids 2025.07.26: "HR2150 Barcode scanner engine (HID keyboard)"
usb = 1eab:1c10 hid-pos         # usb.ids 2025.07.26: "HR2150 Barcode scanner engine (HID Pos)"
usb = 1eab:1c06 serial          # usb.ids 2025.07.26: "HR2150 Barcode scanner engine (Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-fm430]
kind = scanner
vendor = Newland
model = FM430 presentation scanner
usb = 1eab:1d03 hid-keyboard    # usb.ids 2025.07.26: "FM430 Barcode scanner engine (HID keyboard)"
usb = 1eab:1d10 hid-pos         # usb.ids 2025.07.26: "FM430 Barcode scanner engine (HID Pos)"
usb = 1eab:1d06 serial          # usb.ids 2025.07.26: "FM430 Barcode scanner engine (Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-hr42]
kind = scanner
vendor = Newland
model = HR42
usb = 1eab:1e03 hid-keyboard    # usb.ids 2025.07.26: "HR42 Barcode scanner engine (HID keyboard)"
usb = 1eab:1e10 hid-pos         # usb.ids 2025.07.26: "HR42 Barcode scanner engine (HID Pos)"
usb = 1eab:1e06 serial          # usb.ids 2025.07.26: "HR42 Barcode scanner engine (Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-hr11-plus]
kind = scanner
vendor = Newland
model = HR11+
usb = 1eab:1f03 hid-keyboard    # usb.ids 2025.07.26: "HR11+ Barcode scanner engine (HID keyboard)"
usb = 1eab:1f10 hid-pos         # usb.ids 2025.07.26: "HR11+ Barcode scanner engine (HID Pos)"
usb = 1eab:1f06 serial          # usb.ids 2025.07.26: "HR11+ Barcode scanner engine (Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-em2037v2]
kind = scanner
vendor = Newland
model = EM2037v2 engine
usb = 1eab:2003 hid-keyboard    # usb.ids 2025.07.26: "EM2037v2 Barcode scanner engine (HID keyboard)"
usb = 1eab:2010 hid-pos         # usb.ids 2025.07.26: "EM2037v2 Barcode scanner engine (HID Pos)"
usb = 1eab:2006 serial          # usb.ids 2025.07.26: "EM2037v2 Barcode scanner engine (Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-em13x5-family]
kind = scanner
vendor = Newland
model = EM13x5-LD / HR15-70 / HR100-70 / HR12 / HR1150-70
usb = 1eab:8003 hid-keyboard    # usb.ids 2025.07.26: "EM13x5-LD/HR15-70/HR100-70/HR12/HR1150-70 Barcode scanner engine (HID keyboard)"
usb = 1eab:8010 hid-pos         # usb.ids 2025.07.26: "EM13x5-LD/HR15-70/HR100-70/HR12/HR1150-70 Barcode scanner engine (HID Pos)"
usb = 1eab:8006 serial          # usb.ids 2025.07.26: "EM13x5-LD/HR15-70/HR100-70/HR12/HR1150-70 Barcode scanner engine (USB Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-em3080-family]
kind = scanner
vendor = Newland
model = EM3080-01 / EM3095 / FR20 / FM30
usb = 1eab:8203 hid-keyboard    # usb.ids 2025.07.26: "EM3080-01/EM3095/FR20/FM30 Barcode scanner engine (HID keyboard)"
usb = 1eab:8210 hid-pos         # usb.ids 2025.07.26: "EM3080-01/EM3095/FR20/FM30 Barcode scanner engine (HID Pos)"
usb = 1eab:8206 serial          # usb.ids 2025.07.26: "EM3080-01/EM3095/FR20/FM30 Barcode scanner engine (USB Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26

[newland-hr2160]
kind = scanner
vendor = Newland
model = HR2160
usb = 1eab:8303 hid-keyboard    # usb.ids 2025.07.26: "HR2160 Barcode scanner engine (HID keyboard)"
usb = 1eab:8310 hid-pos         # usb.ids 2025.07.26: "HR2160 Barcode scanner engine (HID Pos)"
usb = 1eab:8306 serial          # usb.ids 2025.07.26: "HR2160 Barcode scanner engine (Serial CDC)"
transports = usb
modes = hid-keyboard hid-pos serial
source = usb.ids 2025.07.26
