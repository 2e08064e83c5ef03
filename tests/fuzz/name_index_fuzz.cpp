// The name index's bytes as the mirror's cache holds them (name_index_bytes.cpp): a mirror file can be
// damaged or edited. Beyond "no crash, no hang": bytes that are accepted make an index that answers
// searches without reading out of bounds, and writing it back gives the same bytes.

#include "sync/roster/name_index.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto index = checkin::sync::NameIndex::from_bytes(bytes);
    if (!index) {
        return 0;
    }
    if (index->to_bytes() != bytes) {
        std::abort();
    }
    for (const std::string_view query : {"a", "kow", "anna nowak", "z"}) {
        for (const auto& match : index->search(query, 20)) {
            (void)match;
        }
    }
    return 0;
}
