// Replays a fuzz target's saved inputs without libFuzzer, so the ordinary (g++) test run checks every seed
// and every input that once crashed a target: `NAME_replay DIRECTORY_OR_FILE...`. Exits 1 naming the
// first input that could not be read; an input that breaks the target's checks aborts the process, which
// ctest reports as a failure with the input's name printed just before.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs_under(const std::filesystem::path& path) {
    std::vector<std::filesystem::path> found;
    if (std::filesystem::is_directory(path)) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
            if (entry.is_regular_file()) {
                found.push_back(entry.path());
            }
        }
    } else {
        found.push_back(path);
    }
    std::sort(found.begin(), found.end());
    return found;
}

} // namespace

int main(int argument_count, char** arguments) {
    std::size_t replayed = 0;
    for (int index = 1; index < argument_count; ++index) {
        for (const auto& input : inputs_under(arguments[index])) {
            std::ifstream file(input, std::ios::binary);
            if (!file) {
                std::cerr << "cannot read " << input << '\n';
                return 1;
            }
            const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
            std::cerr << "replaying " << input.filename().string() << '\n';
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            ++replayed;
        }
    }
    if (replayed == 0) {
        std::cerr << "no inputs found: the corpus is missing\n";
        return 1;
    }
    std::cout << replayed << " inputs replayed\n";
    return 0;
}
