#include "printing/text_fitting.hpp"

#include "base/utf8.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace checkin::printing {
namespace {

// A piece of text between break opportunities, and what joins it to the piece before it on one line.
struct Piece {
    std::string text;
    bool space_before = false;      // a space joins it to the previous piece; after a hyphen nothing does
    bool hyphenation_point = false; // a word goes on after it: a line that ends here gets a hyphen
};

// One code point that ends a word: a letter alone, or the last word of a joined piece ("i w").
bool is_one_letter_word(std::string_view text) {
    const std::size_t space = text.rfind(' ');
    const std::string_view word = space == std::string_view::npos ? text : text.substr(space + 1);
    if (word.empty() || word.back() == '-') {
        return false;
    }
    return base::utf8::count_characters(word) == 1;
}

// `piece` cut where `hyphenator` allows: "Brzęczyszczykiewicz" → "Brzę", "czy", "szczy", "kie", "wicz"
// (each but the last a hyphenation point). A trailing hyphen stays with the last part.
void append_hyphenated(std::vector<Piece>& pieces, Piece piece, const Hyphenator& hyphenator) {
    const bool trailing_hyphen = piece.text.ends_with('-');
    const std::string_view word =
        std::string_view(piece.text).substr(0, piece.text.size() - (trailing_hyphen ? 1 : 0));
    if (word.find(' ') != std::string_view::npos) {
        pieces.push_back(std::move(piece)); // a one-letter word joined to the next: left whole
        return;
    }
    std::size_t start = 0;
    bool first = true;
    for (const std::size_t point : hyphenator.break_points(word)) {
        pieces.push_back(
            Piece{std::string(word.substr(start, point - start)), first && piece.space_before, true});
        start = point;
        first = false;
    }
    pieces.push_back(Piece{piece.text.substr(start), first && piece.space_before, false});
}

std::vector<Piece> break_pieces(std::string_view paragraph, const Hyphenator* hyphenator = nullptr) {
    std::vector<Piece> pieces;
    std::string current;
    bool space_before = false;
    bool pending_space = false;
    const auto flush = [&] {
        if (!current.empty()) {
            pieces.push_back(Piece{std::move(current), space_before});
            current.clear();
        }
    };
    for (const char c : paragraph) {
        if (c == ' ') {
            flush();
            pending_space = true;
            continue;
        }
        if (current.empty()) {
            space_before = pending_space && !pieces.empty();
            pending_space = false;
        }
        current += c;
        if (c == '-') {
            flush(); // the hyphen ends the piece and stays at the end of its line
        }
    }
    flush();
    // Polish typography keeps a one-letter word ("i", "w", "z", "o", "a", "u") off the end of a line: it
    // travels to the next line with the word after it.
    std::vector<Piece> joined;
    for (Piece& piece : pieces) {
        if (!joined.empty() && piece.space_before && is_one_letter_word(joined.back().text)) {
            joined.back().text += ' ';
            joined.back().text += piece.text;
        } else {
            joined.push_back(std::move(piece));
        }
    }
    if (hyphenator == nullptr) {
        return joined;
    }
    std::vector<Piece> hyphenated;
    for (Piece& piece : joined) {
        append_hyphenated(hyphenated, std::move(piece), *hyphenator);
    }
    return hyphenated;
}

std::string join_pieces(const std::vector<Piece>& pieces, std::size_t first, std::size_t last) {
    std::string line;
    for (std::size_t index = first; index < last; ++index) {
        if (index > first && pieces[index].space_before) {
            line += ' ';
        }
        line += pieces[index].text;
    }
    if (last > first && pieces[last - 1].hyphenation_point) {
        line += '-';
    }
    return line;
}

// One paragraph as laid out: its size and its lines.
struct ParagraphLines {
    unsigned size = 0;
    std::vector<std::string> lines;
};
using Layout = std::vector<ParagraphLines>; // one entry per paragraph, in order

// The largest size in [low, high] for which `attempt(size)` gives a layout, with that layout; nullopt when
// none does. Bisection: fitting is monotonic in the size but for rounding at the edges.
template <typename Attempt>
Result<std::optional<std::pair<unsigned, Layout>>> largest_fitting(unsigned low, unsigned high,
                                                                   Attempt attempt) {
    std::optional<std::pair<unsigned, Layout>> best;
    while (low <= high) {
        const unsigned middle = low + (high - low) / 2;
        Result<std::optional<Layout>> layout = attempt(middle);
        if (!layout) {
            return std::unexpected(layout.error());
        }
        if (*layout) {
            best = std::pair{middle, std::move(**layout)};
            low = middle + 1;
        } else {
            if (middle == 0) {
                break;
            }
            high = middle - 1;
        }
    }
    return best;
}

class Fitter {
public:
    Fitter(TextRenderer& renderer, const TextFitRequest& request)
        : m_renderer(renderer), m_request(request) {}

    Result<std::optional<FittedText>> fit() {
        const unsigned min_size = std::min(m_request.min_size, m_request.max_size);
        auto fitted = fit_together(min_size, m_request.max_size);
        if (!fitted) {
            return std::unexpected(fitted.error());
        }
        if (!*fitted && m_request.hyphenator != nullptr) {
            // Words broken by the language's rules keep the whole block at its size, better than shrinking
            // one name out of sight.
            m_hyphenate = true;
            fitted = fit_together(min_size, m_request.max_size);
            if (!fitted) {
                return std::unexpected(fitted.error());
            }
        }
        if (!*fitted && !m_request.below_minimum_allowed) {
            return std::nullopt;
        }
        if (!*fitted && m_request.paragraphs.size() > 1) {
            // One paragraph cannot reach the minimum: let the others keep a larger size of their own.
            fitted = largest_fitting(last_resort_size_dots, m_request.max_size,
                                     [this](unsigned cap) { return fit_separately(cap); });
            if (!fitted) {
                return std::unexpected(fitted.error());
            }
        }
        if (!*fitted && min_size > last_resort_size_dots) {
            fitted = largest_fitting(last_resort_size_dots, min_size - 1, [this](unsigned size) {
                return arrange(m_request.paragraphs, size, true);
            });
            if (!fitted) {
                return std::unexpected(fitted.error());
            }
        }
        if (!*fitted) {
            return std::nullopt;
        }
        FittedText text;
        Layout& layout = (*fitted)->second;
        for (std::size_t index = 0; index < layout.size(); ++index) {
            if (auto balanced = balance(m_request.paragraphs[index], layout[index]); !balanced) {
                return std::unexpected(balanced.error());
            }
            for (std::string& line : layout[index].lines) {
                text.lines.push_back(FittedLine{std::move(line), layout[index].size});
                text.below_minimum = text.below_minimum || layout[index].size < min_size;
            }
        }
        return text;
    }

private:
    // Every paragraph at one size in [low, high]: on one line each first when the request says so.
    // The paragraph's pieces, cut by the hyphenator too once fitting without it has failed.
    std::vector<Piece> pieces_of(std::string_view paragraph) const {
        return break_pieces(paragraph, m_hyphenate ? m_request.hyphenator : nullptr);
    }

    Result<std::optional<std::pair<unsigned, Layout>>> fit_together(unsigned low, unsigned high) {
        if (m_request.shrink_first) {
            auto single = largest_fitting(
                low, high, [this](unsigned size) { return arrange(m_request.paragraphs, size, false); });
            if (!single || *single) {
                return single;
            }
        }
        return largest_fitting(low, high,
                               [this](unsigned size) { return arrange(m_request.paragraphs, size, true); });
    }

    // Each paragraph at the largest size of its own up to `cap`, then all of them together in the box.
    Result<std::optional<Layout>> fit_separately(unsigned cap) {
        const std::size_t paragraph_count = m_request.paragraphs.size();
        if (m_request.max_lines < paragraph_count) {
            return std::nullopt;
        }
        const std::size_t lines_each = m_request.max_lines - (paragraph_count - 1);
        Layout layout;
        std::size_t line_count = 0;
        std::size_t height = 0;
        for (const std::string& paragraph : m_request.paragraphs) {
            const std::vector<std::string> alone{paragraph};
            const auto arrange_alone = [&](unsigned size, bool wrap) {
                return arrange(alone, size, wrap, lines_each);
            };
            std::optional<std::pair<unsigned, Layout>> best;
            const unsigned min_size = std::min(m_request.min_size, cap);
            for (const bool wrap : {false, true}) {
                if (best || (!wrap && !m_request.shrink_first)) {
                    continue;
                }
                auto found =
                    largest_fitting(min_size, cap, [&](unsigned size) { return arrange_alone(size, wrap); });
                if (!found) {
                    return std::unexpected(found.error());
                }
                best = std::move(*found);
            }
            if (!best && min_size > last_resort_size_dots) {
                auto found = largest_fitting(last_resort_size_dots, min_size - 1,
                                             [&](unsigned size) { return arrange_alone(size, true); });
                if (!found) {
                    return std::unexpected(found.error());
                }
                best = std::move(*found);
            }
            if (!best) {
                return std::nullopt;
            }
            ParagraphLines& lines = best->second.front();
            auto line_height = m_renderer.measure("", lines.size);
            if (!line_height) {
                return std::unexpected(line_height.error());
            }
            line_count += lines.lines.size();
            height += lines.lines.size() * line_height->height;
            layout.push_back(std::move(lines));
        }
        if (line_count > m_request.max_lines || height > m_request.height) {
            return std::nullopt;
        }
        return layout;
    }

    // `paragraphs` at `size`, greedily broken when `wrap` allows; nullopt when they do not fit the box
    // (a piece wider than the box, more lines than allowed, or taller than the box).
    Result<std::optional<Layout>> arrange(const std::vector<std::string>& paragraphs, unsigned size,
                                          bool wrap, std::optional<std::size_t> max_lines = std::nullopt) {
        const auto line_height = m_renderer.measure("", size);
        if (!line_height) {
            return std::unexpected(line_height.error());
        }
        Layout layout;
        std::size_t line_count = 0;
        for (const std::string& paragraph : paragraphs) {
            ParagraphLines lines{size, {}};
            if (!wrap) {
                auto fits = fits_width(paragraph, size);
                if (!fits) {
                    return std::unexpected(fits.error());
                }
                if (!*fits) {
                    return std::nullopt;
                }
                lines.lines.push_back(paragraph);
            } else {
                const std::vector<Piece> pieces = pieces_of(paragraph);
                std::size_t line_start = 0;
                for (std::size_t index = 0; index < pieces.size(); ++index) {
                    auto fits = fits_width(join_pieces(pieces, line_start, index + 1), size);
                    if (!fits) {
                        return std::unexpected(fits.error());
                    }
                    if (*fits) {
                        continue;
                    }
                    if (index == line_start) {
                        return std::nullopt; // one piece alone is wider than the box at this size
                    }
                    lines.lines.push_back(join_pieces(pieces, line_start, index));
                    line_start = index;
                    auto alone = fits_width(join_pieces(pieces, index, index + 1), size);
                    if (!alone) {
                        return std::unexpected(alone.error());
                    }
                    if (!*alone) {
                        return std::nullopt;
                    }
                }
                if (line_start < pieces.size()) {
                    lines.lines.push_back(join_pieces(pieces, line_start, pieces.size()));
                }
            }
            line_count += lines.lines.size();
            layout.push_back(std::move(lines));
        }
        if (line_count > max_lines.value_or(m_request.max_lines) ||
            line_count * line_height->height > m_request.height) {
            return std::nullopt;
        }
        return layout;
    }

    // Re-breaks a wrapped paragraph into the same number of lines with the widest line as narrow as it
    // can be (then the most even widths), so that greedy breaking does not leave one word on the last
    // line. Widths are summed from the pieces, so the result is measured again and kept only if every
    // line really fits.
    Result<void> balance(const std::string& paragraph, ParagraphLines& laid_out) {
        const std::size_t line_count = laid_out.lines.size();
        const std::vector<Piece> pieces = pieces_of(paragraph);
        if (line_count < 2 || pieces.size() <= line_count) {
            return {};
        }
        auto space = m_renderer.measure(" ", laid_out.size);
        if (!space) {
            return std::unexpected(space.error());
        }
        std::vector<std::size_t> widths;
        for (const Piece& piece : pieces) {
            auto extent = m_renderer.measure(piece.text, laid_out.size);
            if (!extent) {
                return std::unexpected(extent.error());
            }
            widths.push_back(extent->width);
        }
        const auto line_width = [&](std::size_t first, std::size_t last) {
            std::size_t width = 0;
            for (std::size_t index = first; index < last; ++index) {
                width += widths[index] + (index > first && pieces[index].space_before ? space->width : 0);
            }
            return width;
        };

        // cost[lines][end]: the best (widest line, sum of squared widths) for pieces [0, end) on `lines`.
        using Cost = std::pair<std::size_t, std::size_t>;
        constexpr Cost impossible{std::numeric_limits<std::size_t>::max(), 0};
        const std::size_t piece_count = pieces.size();
        std::vector<std::vector<Cost>> cost(line_count + 1, std::vector<Cost>(piece_count + 1, impossible));
        std::vector<std::vector<std::size_t>> start(line_count + 1,
                                                    std::vector<std::size_t>(piece_count + 1));
        cost[0][0] = Cost{0, 0};
        for (std::size_t lines = 1; lines <= line_count; ++lines) {
            for (std::size_t end = lines; end <= piece_count; ++end) {
                for (std::size_t begin = lines - 1; begin < end; ++begin) {
                    if (cost[lines - 1][begin] == impossible) {
                        continue;
                    }
                    const std::size_t width = line_width(begin, end);
                    if (width > m_request.width) {
                        continue;
                    }
                    const Cost candidate{std::max(cost[lines - 1][begin].first, width),
                                         cost[lines - 1][begin].second + width * width};
                    if (candidate < cost[lines][end]) {
                        cost[lines][end] = candidate;
                        start[lines][end] = begin;
                    }
                }
            }
        }
        if (cost[line_count][piece_count] == impossible) {
            return {};
        }
        std::vector<std::string> balanced(line_count);
        std::size_t end = piece_count;
        for (std::size_t lines = line_count; lines > 0; --lines) {
            const std::size_t begin = start[lines][end];
            balanced[lines - 1] = join_pieces(pieces, begin, end);
            end = begin;
        }
        for (const std::string& line : balanced) {
            auto fits = fits_width(line, laid_out.size);
            if (!fits) {
                return std::unexpected(fits.error());
            }
            if (!*fits) {
                return {};
            }
        }
        laid_out.lines = std::move(balanced);
        return {};
    }

    Result<bool> fits_width(const std::string& text, unsigned size) {
        const auto extent = m_renderer.measure(text, size);
        if (!extent) {
            return std::unexpected(extent.error());
        }
        return extent->width <= m_request.width;
    }

    TextRenderer& m_renderer;
    const TextFitRequest& m_request;
    bool m_hyphenate = false; // words may be broken by the hyphenator
};

} // namespace

unsigned FittedText::largest_size() const {
    unsigned largest = 0;
    for (const FittedLine& line : lines) {
        largest = std::max(largest, line.size_dots);
    }
    return largest;
}

unsigned FittedText::smallest_size() const {
    if (lines.empty()) {
        return 0;
    }
    unsigned smallest = lines.front().size_dots;
    for (const FittedLine& line : lines) {
        smallest = std::min(smallest, line.size_dots);
    }
    return smallest;
}

Result<std::optional<FittedText>> fit_text(TextRenderer& renderer, const TextFitRequest& request) {
    return Fitter(renderer, request).fit();
}

std::string collapse_spaces(std::string_view text) {
    const std::vector<Piece> pieces = break_pieces(text);
    return join_pieces(pieces, 0, pieces.size());
}

} // namespace checkin::printing
