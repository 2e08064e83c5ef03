#include "drivers/brother_ql_status.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace checkin::drivers {
namespace {

QlStatus loaded(std::uint8_t width, std::uint8_t type, std::uint8_t length) {
    QlStatus status;
    status.media_width_mm = width;
    status.media_type = type;
    status.media_length_mm = length;
    return status;
}

TEST(QlStatus, EncodesTheDocumentedLayoutAndParsesItBack) {
    QlStatus status = loaded(62, 0x0B, 100);
    status.model_code = 0x38;
    status.error_1 = ql_error_1::cutter_jam;
    status.error_2 = ql_error_2::cover_open;
    status.status_type = QlStatusType::error_occurred;
    status.phase = QlPhase::printing;
    status.phase_number = 0x0102;
    status.text_colour = 0x81;
    const auto bytes = encode_ql_status(status);
    EXPECT_EQ(bytes[0], 0x80);
    EXPECT_EQ(bytes[1], 0x20);
    EXPECT_EQ(bytes[2], 0x42);
    EXPECT_EQ(bytes[4], 0x38);
    EXPECT_EQ(bytes[5], 0x30);
    EXPECT_EQ(bytes[8], 0x04);
    EXPECT_EQ(bytes[9], 0x10);
    EXPECT_EQ(bytes[10], 62);
    EXPECT_EQ(bytes[11], 0x0B);
    EXPECT_EQ(bytes[17], 100);
    EXPECT_EQ(bytes[18], 0x02);
    EXPECT_EQ(bytes[19], 0x01);
    EXPECT_EQ(bytes[20], 0x01);
    EXPECT_EQ(bytes[21], 0x02);
    EXPECT_EQ(bytes[25], 0x81);
    const auto parsed = parse_ql_status(bytes);
    ASSERT_TRUE(parsed) << parsed.error().detail;
    EXPECT_EQ(*parsed, status);
}

TEST(QlStatus, RefusesWhatIsNotAStatus) {
    std::vector<std::uint8_t> short_reply(31, 0);
    EXPECT_FALSE(parse_ql_status(short_reply));
    auto bytes = encode_ql_status(QlStatus{});
    bytes[2] = 'X';
    const auto parsed = parse_ql_status(bytes);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().problem, Problem::io);
    EXPECT_NE(parsed.error().detail.find("80 20 58"), std::string::npos) << parsed.error().detail;
}

TEST(QlStatus, ErrorBitsBecomeProblemsMostImportantFirst) {
    QlStatus status;
    EXPECT_TRUE(status.problems().empty());
    EXPECT_FALSE(status.has_error());
    status.error_2 = ql_error_2::cover_open;
    status.error_1 = ql_error_1::no_media;
    EXPECT_EQ(status.problems(), (std::vector<Problem>{Problem::no_media, Problem::cover_open}));
    EXPECT_NE(status.describe_errors().find("no media, cover open (error bits 01 10)"), std::string::npos)
        << status.describe_errors();

    QlStatus jam;
    jam.error_1 = ql_error_1::cutter_jam;
    EXPECT_EQ(jam.problems(), (std::vector<Problem>{Problem::cutter_jam}));
    QlStatus ended;
    ended.error_1 = ql_error_1::end_of_media;
    ended.error_2 = ql_error_2::feed_error;
    EXPECT_EQ(ended.problems(), (std::vector<Problem>{Problem::end_of_media}));
    QlStatus busy;
    busy.error_1 = ql_error_1::printer_in_use;
    EXPECT_EQ(busy.problems(), (std::vector<Problem>{Problem::busy}));
    QlStatus unexplained;
    unexplained.status_type = QlStatusType::error_occurred;
    EXPECT_EQ(unexplained.problems(), (std::vector<Problem>{Problem::printer_error}));
}

TEST(QlStatus, MediaCheckAcceptsTheRightRollAndNamesTheWrongOne) {
    EXPECT_TRUE(check_loaded_media(loaded(62, 0x0B, 100), "62x100"));
    EXPECT_TRUE(check_loaded_media(loaded(62, 0x4B, 100), "62x100")); // the QL-800 series' byte
    EXPECT_TRUE(check_loaded_media(loaded(62, 0x0A, 0), "62"));
    EXPECT_TRUE(check_loaded_media(loaded(62, 0x4A, 0), "62"));

    const auto narrow = check_loaded_media(loaded(29, 0x0A, 0), "62x100");
    ASSERT_FALSE(narrow);
    EXPECT_EQ(narrow.error().problem, Problem::wrong_media);
    EXPECT_EQ(narrow.error().detail,
              "loaded: 29 mm continuous tape; the template needs 62 × 100 mm die-cut labels (DK-11202)");

    const auto continuous_for_die_cut = check_loaded_media(loaded(62, 0x0A, 0), "62x100");
    ASSERT_FALSE(continuous_for_die_cut);
    EXPECT_EQ(continuous_for_die_cut.error().problem, Problem::wrong_media);

    const auto none = check_loaded_media(loaded(0, 0x00, 0), "62x100");
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().problem, Problem::no_media);

    const auto unknown = check_loaded_media(loaded(62, 0x0B, 100), "63x100");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().problem, Problem::invalid_input);
}

TEST(QlStatus, RedBlackTapeIsCheckedOnlyWhenThePrinterReportsColours) {
    QlStatus red = loaded(62, 0x0A, 0);
    red.text_colour = 0x81;
    EXPECT_TRUE(check_loaded_media(red, "62red"));
    EXPECT_FALSE(check_loaded_media(red, "62"));
    QlStatus black = loaded(62, 0x0A, 0);
    black.text_colour = 0x01;
    EXPECT_TRUE(check_loaded_media(black, "62"));
    const auto refused = check_loaded_media(black, "62red");
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().detail.find("black/red"), std::string::npos) << refused.error().detail;
    // An older model reports no colour at all: take its word for the width and type.
    const QlStatus silent = loaded(62, 0x0A, 0);
    EXPECT_TRUE(check_loaded_media(silent, "62"));
    EXPECT_TRUE(check_loaded_media(silent, "62red"));
}

TEST(QlStatus, StatusRequestInvalidatesThenAsks) {
    const std::vector<std::uint8_t> request = ql_status_request();
    ASSERT_EQ(request.size(), 205U);
    for (std::size_t index = 0; index < 200; ++index) {
        ASSERT_EQ(request[index], 0x00);
    }
    EXPECT_EQ(std::vector<std::uint8_t>(request.begin() + 200, request.end()),
              (std::vector<std::uint8_t>{0x1B, 0x40, 0x1B, 0x69, 0x53}));
}

TEST(QlStatus, DescribesLoadedMediaForPeople) {
    EXPECT_EQ(describe_loaded_media(loaded(62, 0x0B, 100)), "62 × 100 mm die-cut labels");
    EXPECT_EQ(describe_loaded_media(loaded(0, 0x00, 0)), "no labels");
    QlStatus red = loaded(62, 0x0A, 0);
    red.text_colour = 0x81;
    EXPECT_EQ(describe_loaded_media(red), "62 mm black/red continuous tape");
}

// The same facts for screens that word them in their own language (the kiosk's device panel).
TEST(QlStatus, ReportsLoadedMediaAsFacts) {
    EXPECT_EQ(loaded_media_of(loaded(62, 0x0B, 100)),
              (LoadedMedia{.kind = LoadedMediaKind::die_cut, .width_mm = 62, .length_mm = 100}));
    EXPECT_EQ(loaded_media_of(loaded(0, 0x00, 0)), LoadedMedia{.kind = LoadedMediaKind::none});
    EXPECT_EQ(loaded_media_of(loaded(29, 0x0A, 0)),
              (LoadedMedia{.kind = LoadedMediaKind::continuous, .width_mm = 29}));
    QlStatus red = loaded(62, 0x0A, 0);
    red.text_colour = 0x81;
    EXPECT_EQ(loaded_media_of(red),
              (LoadedMedia{.kind = LoadedMediaKind::continuous, .width_mm = 62, .two_colour = true}));
    EXPECT_EQ(loaded_media_of(loaded(62, 0x33, 0)),
              (LoadedMedia{.kind = LoadedMediaKind::unknown_type, .width_mm = 62}));
}

} // namespace
} // namespace checkin::drivers
