#include "drivers/keyboard_wedge.hpp"

#include "base/utf8.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <utility>

namespace checkin::drivers {

namespace {

using base::utf8::count_characters;
using base::utf8::first_character;

// Whether `text` is `character` over and over ("aaaa" for "a").
bool repeats(std::string_view text, std::string_view character) {
    if (character.empty() || text.size() % character.size() != 0) {
        return false;
    }
    for (std::size_t at = 0; at < text.size(); at += character.size()) {
        if (text.substr(at, character.size()) != character) {
            return false;
        }
    }
    return true;
}

// How a non-terminator key is written into a scan's payload: the control character it types.
char key_character(WedgeKey key) {
    switch (key) {
    case WedgeKey::enter:
        return '\r';
    case WedgeKey::tab:
        return '\t';
    case WedgeKey::backspace:
        return '\x08';
    case WedgeKey::escape:
        return '\x1b';
    }
    return '\r';
}

} // namespace

KeyboardWedgeDetector::KeyboardWedgeDetector(std::string device, KeyboardWedgeOptions options)
    : m_device(std::move(device)), m_options(options) {
    // A burst must survive at least the gaps that started it.
    m_options.quiet_gap = std::max(m_options.quiet_gap, m_options.max_scanner_gap);
}

std::vector<WedgeEvent> KeyboardWedgeDetector::text(std::string_view utf8,
                                                    std::chrono::steady_clock::time_point time) {
    if (utf8.empty()) {
        return {};
    }
    return take(TypedText{std::string(utf8), time}, time);
}

std::vector<WedgeEvent> KeyboardWedgeDetector::key(WedgeKey key, std::chrono::steady_clock::time_point time) {
    return take(TypedKey{key, time}, time);
}

std::vector<WedgeEvent> KeyboardWedgeDetector::take(Input input, std::chrono::steady_clock::time_point time) {
    std::vector<WedgeEvent> events;
    if (m_last_input_time && time - *m_last_input_time >= pause_that_ends_run()) {
        decide(events);
    }
    // A clock that steps back is taken as no pause, so the run goes on.
    m_last_input_time = m_last_input_time ? std::max(*m_last_input_time, time) : time;

    const bool terminator = is_terminator(input);
    if (m_discarding) {
        if (terminator) {
            m_discarding = false; // the over-long burst ends here; the next input starts afresh
        }
        return events;
    }
    if (const auto* typed = std::get_if<TypedText>(&input)) {
        const std::string_view added = typed->text;
        if (m_run_characters == 0) {
            m_first_character = std::string(first_character(added));
        }
        m_only_first_character = m_only_first_character && repeats(added, m_first_character);
        m_run_characters += count_characters(added);
        m_run_text_bytes += added.size();
    }
    m_run.push_back(std::move(input));
    if (is_burst() && m_run_text_bytes > m_options.max_payload) {
        m_warnings.add(
            fmt::format("{}: dropped a scanner burst longer than {} bytes", m_device, m_options.max_payload));
        clear_run();
        m_discarding = true;
        return events;
    }
    if (terminator) {
        decide(events);
    }
    return events;
}

bool KeyboardWedgeDetector::is_burst() const {
    return m_run_characters > 0 && m_run_characters >= m_options.min_length && !m_only_first_character;
}

std::chrono::milliseconds KeyboardWedgeDetector::pause_that_ends_run() const {
    return (m_discarding || is_burst()) ? m_options.quiet_gap : m_options.max_scanner_gap;
}

bool KeyboardWedgeDetector::is_terminator(const Input& input) const {
    const auto* typed = std::get_if<TypedKey>(&input);
    if (typed == nullptr) {
        return false;
    }
    return (m_options.terminator == WedgeTerminator::enter && typed->key == WedgeKey::enter) ||
           (m_options.terminator == WedgeTerminator::tab && typed->key == WedgeKey::tab);
}

void KeyboardWedgeDetector::decide(std::vector<WedgeEvent>& events) {
    m_discarding = false;
    if (m_run.empty()) {
        return;
    }
    if (is_burst()) {
        Scan scan{std::string(), ScanSource::keyboard_wedge, m_device, {}};
        scan.payload.reserve(m_run_text_bytes);
        for (const Input& input : m_run) {
            if (const auto* typed = std::get_if<TypedText>(&input)) {
                scan.payload += typed->text;
                scan.time = typed->time;
            } else {
                const auto& typed_key = std::get<TypedKey>(input);
                if (!is_terminator(input)) {
                    scan.payload.push_back(key_character(typed_key.key));
                }
                scan.time = typed_key.time;
            }
        }
        events.emplace_back(std::move(scan));
    } else {
        for (Input& input : m_run) {
            std::visit([&events](auto& typed) { events.emplace_back(std::move(typed)); }, input);
        }
    }
    clear_run();
}

void KeyboardWedgeDetector::clear_run() {
    m_run.clear();
    m_run_characters = 0;
    m_run_text_bytes = 0;
    m_first_character.clear();
    m_only_first_character = true;
}

std::vector<WedgeEvent> KeyboardWedgeDetector::poll(std::chrono::steady_clock::time_point now) {
    std::vector<WedgeEvent> events;
    if (const auto deadline = next_deadline(); deadline && now >= *deadline) {
        decide(events);
    }
    return events;
}

std::optional<std::chrono::steady_clock::time_point> KeyboardWedgeDetector::next_deadline() const {
    if (!m_last_input_time || (m_run.empty() && !m_discarding)) {
        return std::nullopt;
    }
    return *m_last_input_time + pause_that_ends_run();
}

std::vector<WedgeEvent> KeyboardWedgeDetector::flush() {
    std::vector<WedgeEvent> events;
    decide(events);
    return events;
}

std::vector<std::string> KeyboardWedgeDetector::take_warnings() {
    return m_warnings.take();
}

} // namespace checkin::drivers
