#include "printing/ttf_library.hpp"

#include <fmt/format.h>

namespace checkin::printing {

std::mutex& ttf_mutex() {
    static std::mutex mutex;
    return mutex;
}

TtfLibrary::~TtfLibrary() {
    const std::lock_guard lock(ttf_mutex());
    TTF_Quit();
}

Result<std::shared_ptr<TtfLibrary>> TtfLibrary::acquire() {
    const std::lock_guard lock(ttf_mutex());
    static std::weak_ptr<TtfLibrary> current;
    if (auto library = current.lock()) {
        return library;
    }
    if (TTF_Init() != 0) {
        return fail(fmt::format("cannot initialise SDL_ttf: {}", TTF_GetError()), ErrorKind::internal);
    }
    std::shared_ptr<TtfLibrary> library(new TtfLibrary());
    current = library;
    return library;
}

} // namespace checkin::printing
