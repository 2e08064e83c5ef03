#pragma once

// SDL_ttf's process-wide state, owned in one place. The badge renderer (printing/text_renderer) and the
// kiosk's painter (kiosk/app) both draw text; each holds a TtfLibrary handle, so TTF_Init runs when the
// first one is acquired and TTF_Quit after the last one goes, whichever side comes and goes first.

#include "printing/error.hpp"

#include <SDL_ttf.h>
#include <memory>
#include <mutex>

namespace checkin::printing {

// FreeType's library object, which SDL_ttf shares between all fonts, is not thread-safe: the badge
// renderer holds this lock around every SDL_ttf call. acquire() and the last handle's release take it
// themselves, so neither may be called with it held.
std::mutex& ttf_mutex();

class TtfLibrary {
public:
    TtfLibrary(const TtfLibrary&) = delete;
    TtfLibrary& operator=(const TtfLibrary&) = delete;
    ~TtfLibrary();

    // The process's handle, initialising SDL_ttf if no handle is alive. Fails with SDL_ttf's reason.
    static Result<std::shared_ptr<TtfLibrary>> acquire();

private:
    TtfLibrary() = default;
};

// The one owner of a TTF_Font.
struct FontCloser {
    void operator()(TTF_Font* font) const noexcept { TTF_CloseFont(font); }
};
using FontHandle = std::unique_ptr<TTF_Font, FontCloser>;

} // namespace checkin::printing
