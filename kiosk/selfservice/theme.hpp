#pragma once

// The kiosk's colours and type sizes, chosen for reading at 1.5 m and for WCAG 2.1 AA contrast. Pure.
//
// Readable at 1.5 m: the reference screen is a 21.5" 1920×1080 panel (0.248 mm per pixel). DejaVu Sans's
// x-height is 0.545 em. Body text at 1080 px is 48 px: an x-height of 26 px = 6.5 mm, a visual angle of
// 15 arc minutes at 1.5 m, three times the 5 arc minutes of 20/20 acuity and above the 10–12 minutes
// signage guidance asks for people with reduced vision. Nothing a delegate must read is smaller than
// `small_px` (36 px at 1080: 4.9 mm x-height, 11 arc minutes). Sizes scale with the screen's height,
// since a kiosk's screen is sized for its viewing distance.
//
// Contrast: WCAG 2.1 success criterion 1.4.3 asks 4.5:1 for text and 3:1 for large text (≥ 24 px, or
// ≥ 18.66 px bold); every text colour here is checked against the fill it sits on (theme tests), and
// this palette clears 4.5:1 everywhere, large text included.

#include "kiosk/selfservice/scene.hpp"

namespace checkin::kiosk {

// WCAG 2.1 relative luminance of an sRGB colour, 0 (black) to 1 (white).
double relative_luminance(Colour colour);
// (L1 + 0.05) / (L2 + 0.05) with L1 the lighter: 1 to 21.
double contrast_ratio(Colour first, Colour second);

inline constexpr double wcag_aa_text = 4.5;
inline constexpr double wcag_aa_large_text = 3.0;

struct Theme {
    Colour background;       // the self-service screens
    Colour text;             // on background
    Colour muted_text;       // hints on background (still ≥ 4.5:1)
    Colour success_fill;     // the welcome / take-badge band
    Colour success_text;     // on success_fill
    Colour refusal_fill;     // refusals and problems (calm, not alarming)
    Colour refusal_text;     // on refusal_fill
    Colour button_fill;      // buttons (language switch, staff)
    Colour button_text;      // on button_fill
    Colour button_border;    // ≥ 3:1 against background (WCAG 1.4.11 non-text contrast)
    Colour staff_background; // staff mode, so staff never mistake it for self-service
    Colour staff_text;
    Colour staff_panel;      // cards and list rows in staff mode
    Colour staff_panel_text; // on staff_panel
    Colour staff_accent;     // the selected tab, the focused field's border
    // Outlines on staff mode's light fills (an empty statistics bar, a field without the focus): ≥ 3:1
    // against staff_background and staff_panel, which button_border (made for the dark self-service
    // screens) is not.
    Colour staff_outline;
    Colour staff_warning_fill;
    Colour staff_warning_text;
};

const Theme& kiosk_theme();

// Pixel sizes for a screen `screen_height` pixels high (see the note above). Never below the sizes for
// a 720-pixel screen.
struct TypeScale {
    int title_px;   // the event's name on attract; the delegate's name on welcome
    int heading_px; // a screen's large line
    int body_px;    // the lines under it
    int small_px;   // hints, the language switch, staff lists; the least a delegate must read
    int button_px;  // labels on buttons
};

TypeScale type_scale(int screen_height);

} // namespace checkin::kiosk
