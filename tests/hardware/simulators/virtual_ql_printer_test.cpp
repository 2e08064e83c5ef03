#include "drivers/brother_ql_status.hpp"
#include "hardware/simulators/virtual_ql_printer.hpp"
#include "tests/hardware/simulators/simulator_test_support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <set>

namespace checkin::hardware {
namespace {

using namespace std::chrono_literals;
using drivers::QlStatusType;
using testing::badge_for;
using testing::batch_of;
using testing::concatenated;
using testing::encode_job;
using testing::feed_in_pieces;
using testing::media_named;
using testing::model_named;
using testing::settings_for;
using testing::status_bytes;

const SimulatorTime t0 = SimulatorTime{} + 1000h;

// What a QL-820NWB with 62 × 100 mm die-cut labels (DK-11202) sends, byte for byte: series 0x34, model
// 0x41, width 62 (0x3E), type 0x0B, length 100 (0x64), text colour 0x01 (black-only roll).
std::vector<std::uint8_t> ql820_62x100(std::initializer_list<std::pair<std::size_t, unsigned>> more = {}) {
    std::vector<std::pair<std::size_t, unsigned>> set = {{3, 0x34},  {4, 0x41},  {10, 0x3E},
                                                         {11, 0x0B}, {17, 0x64}, {25, 0x01}};
    set.insert(set.end(), more.begin(), more.end());
    std::vector<std::uint8_t> bytes(32, 0x00);
    bytes[0] = 0x80;
    bytes[1] = 0x20;
    bytes[2] = 0x42;
    bytes[5] = 0x30;
    for (const auto& [index, value] : set) {
        bytes[index] = static_cast<std::uint8_t>(value);
    }
    return bytes;
}

// The three statuses of one printed page: phase change to printing (18 = 06, 19 = 01), printing
// completed (18 = 01, still in the printing phase), phase change to receiving (18 = 06, 19 = 00).
std::vector<std::uint8_t> ql820_62x100_printed_page() {
    return concatenated({ql820_62x100({{18, 0x06}, {19, 0x01}}), ql820_62x100({{18, 0x01}, {19, 0x01}}),
                         ql820_62x100({{18, 0x06}})});
}

std::vector<std::uint8_t> die_cut_job(const printing::QlModel& model, unsigned seed = 1) {
    const printing::QlMedia media = media_named("62x100");
    return encode_job(badge_for(media, false, seed), model, media);
}

TEST(VirtualQlPrinter, AnswersAStatusRequestByteForByte) {
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    const VirtualQlOutput output = printer.feed(drivers::ql_status_request(), t0);
    EXPECT_EQ(output.status_bytes(), ql820_62x100());
    EXPECT_TRUE(output.pages.empty());
    EXPECT_EQ(output.consumed, drivers::ql_status_request().size());
    EXPECT_EQ(printer.counters().status_requests, 1U);
    EXPECT_EQ(printer.counters().jobs_started, 0U);
}

TEST(VirtualQlPrinter, StatusNamesTheModelAndTheRoll) {
    // QL-700 (series 0x30, model 0x35) with 62 mm continuous tape: type 0x0A, length 0, no colour byte.
    VirtualQlPrinter ql700(settings_for("ql-700", "62"));
    EXPECT_EQ(ql700.feed(drivers::ql_status_request(), t0).status_bytes(),
              status_bytes({{3, 0x30}, {4, 0x35}, {10, 0x3E}, {11, 0x0A}}));
    // QL-800 (0x38) with black/red DK-22251: text colour 0x81, which drivers reads as two-colour tape.
    VirtualQlPrinter ql800(settings_for("ql-800", "62red"));
    const VirtualQlOutput output = ql800.feed(drivers::ql_status_request(), t0);
    EXPECT_EQ(output.status_bytes(),
              status_bytes({{3, 0x34}, {4, 0x38}, {10, 0x3E}, {11, 0x0A}, {25, 0x81}}));
    ASSERT_EQ(output.statuses.size(), 1U);
    EXPECT_EQ(output.statuses[0].two_colour_media(), true);
    EXPECT_TRUE(drivers::check_loaded_media(output.statuses[0], "62red").has_value());
    // No roll: no media bit, no media fields.
    VirtualQlPrinter empty(settings_for("ql-810w", std::nullopt));
    EXPECT_EQ(empty.feed(drivers::ql_status_request(), t0).status_bytes(),
              status_bytes({{3, 0x34}, {4, 0x39}, {8, 0x01}}));
}

TEST(VirtualQlPrinter, EveryModelOfThePrintingTableHasAStatusIdentity) {
    std::set<std::uint8_t> codes;
    for (const printing::QlModel& model : printing::all_ql_models()) {
        SCOPED_TRACE(std::string(model.name));
        const QlStatusIdentity identity = ql_status_identity(model);
        EXPECT_NE(identity.model_code, 0x00);
        EXPECT_TRUE(identity.series_code == 0x30 || identity.series_code == 0x34);
        codes.insert(identity.model_code);
    }
    // The QL-500 and QL-550 share 0x4F; every other model has its own code.
    EXPECT_EQ(codes.size(), printing::all_ql_models().size() - 1);
    EXPECT_EQ(ql_status_identity(model_named("ql-820nwb")).model_code, 0x41);
    EXPECT_EQ(ql_status_identity(model_named("ql-800")).model_code, 0x38);
    EXPECT_EQ(ql_status_identity(model_named("ql-810w")).model_code, 0x39);
    EXPECT_EQ(ql_status_identity(model_named("ql-700")).model_code, 0x35);
    EXPECT_EQ(ql_status_identity(model_named("ql-570")).model_code, 0x32);
}

TEST(VirtualQlPrinter, PrintsOurEncodersJobsExactlyWhateverTheChunking) {
    struct Case {
        std::string_view model;
        std::string_view media;
        bool red;
    };
    const Case cases[] = {
        {"ql-820nwb", "62x100", false}, // PackBits, die-cut
        {"ql-800", "62", false},        // uncompressed, no Z lines, continuous
        {"ql-700", "62x29", false},     // no ESC i a, uncompressed
        {"ql-570", "29x90", false},     // narrow print area far from the head's edge
        {"ql-820nwb", "62red", true},   // w 01 / w 02 lines
        {"ql-800", "62red", true},      // two-colour, uncompressed
        {"ql-720nw", "38", false},      // Z lines with PackBits
    };
    unsigned seed = 7;
    for (const Case& test : cases) {
        SCOPED_TRACE(fmt::format("{} on {}", test.model, test.media));
        const printing::QlModel model = model_named(test.model);
        const printing::QlMedia media = media_named(test.media);
        const printing::BadgeImage badge = badge_for(media, test.red, seed);
        const std::vector<std::uint8_t> job = encode_job(badge, model, media);
        for (const std::size_t longest :
             {std::size_t{1}, std::size_t{7}, std::size_t{300}, std::size_t{100000}}) {
            VirtualQlPrinter printer(settings_for(test.model, test.media));
            const VirtualQlOutput output = feed_in_pieces(printer, job, t0, ++seed, longest);
            ASSERT_EQ(output.pages.size(), 1U) << printer.last_error();
            const PrintedPage& page = output.pages[0];
            EXPECT_TRUE(page.image.black == badge.black);
            ASSERT_EQ(page.image.red.has_value(), test.red);
            if (test.red) {
                EXPECT_TRUE(*page.image.red == *badge.red);
            }
            EXPECT_EQ(page.media.name, test.media);
            EXPECT_EQ(page.page_number, 1U);
            EXPECT_EQ(page.job_number, 1U);
            EXPECT_EQ(page.page_in_job, 1U);
            ASSERT_TRUE(page.commands.print_information.has_value());
            EXPECT_EQ(page.commands.print_information->line_count, badge.black.height());
            ASSERT_EQ(output.statuses.size(), 3U);
            EXPECT_EQ(output.statuses[0].status_type, QlStatusType::phase_change);
            EXPECT_EQ(output.statuses[0].phase, drivers::QlPhase::printing);
            EXPECT_EQ(output.statuses[1].status_type, QlStatusType::printing_completed);
            EXPECT_EQ(output.statuses[2].status_type, QlStatusType::phase_change);
            EXPECT_EQ(output.statuses[2].phase, drivers::QlPhase::receiving);
            EXPECT_EQ(printer.counters().jobs_completed, 1U);
            EXPECT_EQ(printer.counters().pages_printed, 1U);
            EXPECT_EQ(printer.counters().errors_reported, 0U);
            EXPECT_EQ(printer.counters().bytes_received, job.size());
        }
    }
}

TEST(VirtualQlPrinter, APrintedPageSendsPhaseCompletedPhaseByteForByte) {
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    const VirtualQlOutput output = printer.feed(die_cut_job(model_named("ql-820nwb")), t0);
    EXPECT_EQ(output.status_bytes(), ql820_62x100_printed_page());
    EXPECT_FALSE(printer.printing());
}

TEST(VirtualQlPrinter, StatusJobStatusInOneStreamComeOutInOrder) {
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    const std::vector<std::uint8_t> stream = concatenated(
        {drivers::ql_status_request(), die_cut_job(model_named("ql-820nwb")), drivers::ql_status_request()});
    const VirtualQlOutput output = feed_in_pieces(printer, stream, t0, 3);
    EXPECT_EQ(output.status_bytes(),
              concatenated({ql820_62x100(), ql820_62x100_printed_page(), ql820_62x100()}));
}

TEST(VirtualQlPrinter, NoMediaIsAnErrorAndNothingPrints) {
    VirtualQlPrinter printer(settings_for("ql-820nwb", std::nullopt));
    const std::vector<std::uint8_t> job = die_cut_job(model_named("ql-820nwb"));
    const VirtualQlOutput output = printer.feed(job, t0);
    EXPECT_TRUE(output.pages.empty());
    // Error occurred (18 = 02) with error 1 = 01 (no media); no media fields.
    EXPECT_EQ(output.status_bytes(), status_bytes({{3, 0x34}, {4, 0x41}, {8, 0x01}, {18, 0x02}}));
    EXPECT_EQ(output.statuses.at(0).problems(), std::vector<drivers::Problem>{drivers::Problem::no_media});
    EXPECT_EQ(printer.counters().jobs_failed, 1U);
    EXPECT_EQ(printer.mode(), VirtualQlMode::idle);

    // Load labels, send the same job again: it prints.
    printer.load_media(media_named("62x100"));
    const VirtualQlOutput again = printer.feed(job, t0 + 1s);
    ASSERT_EQ(again.pages.size(), 1U);
    EXPECT_EQ(again.status_bytes(), ql820_62x100_printed_page());
    EXPECT_EQ(again.pages[0].job_number, 2U);
}

TEST(VirtualQlPrinter, CoverOpenIsAnErrorAndNothingPrints) {
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    printer.set_cover(Cover::open);
    EXPECT_EQ(printer.feed(drivers::ql_status_request(), t0).status_bytes(), ql820_62x100({{9, 0x10}}));
    const VirtualQlOutput output = printer.feed(die_cut_job(model_named("ql-820nwb")), t0);
    EXPECT_TRUE(output.pages.empty());
    EXPECT_EQ(output.status_bytes(), ql820_62x100({{9, 0x10}, {18, 0x02}}));
    EXPECT_EQ(output.statuses.at(0).problems(), std::vector<drivers::Problem>{drivers::Problem::cover_open});
    printer.set_cover(Cover::closed);
    EXPECT_EQ(printer.feed(die_cut_job(model_named("ql-820nwb")), t0).pages.size(), 1U);
}

TEST(VirtualQlPrinter, WrongMediaIsAReplaceMediaError) {
    // A job for 62 × 100 mm die-cut labels on 62 mm continuous tape: error 2 = 01, replace media.
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62"));
    const VirtualQlOutput output = printer.feed(die_cut_job(model_named("ql-820nwb")), t0);
    EXPECT_TRUE(output.pages.empty());
    EXPECT_EQ(
        output.status_bytes(),
        status_bytes({{3, 0x34}, {4, 0x41}, {9, 0x01}, {10, 0x3E}, {11, 0x0A}, {18, 0x02}, {25, 0x01}}));
    EXPECT_NE(printer.last_error().find("62 × 100 mm die-cut"), std::string::npos) << printer.last_error();
    EXPECT_NE(printer.last_error().find("continuous tape"), std::string::npos) << printer.last_error();

    // 62 × 29 mm labels when 62 × 100 mm are loaded: same width and type, other length.
    VirtualQlPrinter shorter(settings_for("ql-820nwb", "62x100"));
    const printing::QlMedia small = media_named("62x29");
    const auto small_job = encode_job(badge_for(small), model_named("ql-820nwb"), small);
    EXPECT_EQ(shorter.feed(small_job, t0).statuses.at(0).error_2, drivers::ql_error_2::replace_media);

    // A red badge on black-only tape of the right size.
    VirtualQlPrinter black_only(settings_for("ql-820nwb", "62"));
    const printing::QlMedia red_tape = media_named("62red");
    const auto red_job = encode_job(badge_for(red_tape, true), model_named("ql-820nwb"), red_tape);
    const VirtualQlOutput red_output = black_only.feed(red_job, t0);
    EXPECT_TRUE(red_output.pages.empty());
    EXPECT_EQ(red_output.statuses.at(0).error_2, drivers::ql_error_2::replace_media);
    EXPECT_NE(black_only.last_error().find("prints red"), std::string::npos) << black_only.last_error();

    // A black badge on black/red tape is fine.
    VirtualQlPrinter red_loaded(settings_for("ql-820nwb", "62red"));
    const auto black_job =
        encode_job(badge_for(media_named("62")), model_named("ql-820nwb"), media_named("62"));
    EXPECT_EQ(red_loaded.feed(black_job, t0).pages.size(), 1U);
}

TEST(VirtualQlPrinter, EndOfMediaMidBatchStopsAfterTheLastLabel) {
    const printing::QlModel model = model_named("ql-820nwb");
    const std::vector<std::uint8_t> batch =
        batch_of({die_cut_job(model, 1), die_cut_job(model, 2), die_cut_job(model, 3)});
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    printer.set_labels_remaining(2);
    const VirtualQlOutput output = feed_in_pieces(printer, batch, t0, 11);
    ASSERT_EQ(output.pages.size(), 2U);
    EXPECT_EQ(output.pages[0].page_in_job, 1U);
    EXPECT_EQ(output.pages[1].page_in_job, 2U);
    EXPECT_TRUE(output.pages[1].image.black == badge_for(media_named("62x100"), false, 2).black);
    // Two printed pages, then error occurred with error 1 = 02 (end of media, die-cut).
    EXPECT_EQ(output.status_bytes(), concatenated({ql820_62x100_printed_page(), ql820_62x100_printed_page(),
                                                   ql820_62x100({{8, 0x02}, {18, 0x02}})}));
    EXPECT_EQ(printer.settings().labels_remaining, std::size_t{0});
    EXPECT_EQ(printer.counters().jobs_failed, 1U);
    EXPECT_EQ(printer.counters().pages_printed, 2U);
    // The printer keeps saying so until a roll goes in.
    EXPECT_EQ(printer.feed(drivers::ql_status_request(), t0).status_bytes(), ql820_62x100({{8, 0x02}}));
    EXPECT_TRUE(printer.feed(die_cut_job(model), t0).pages.empty());
    printer.set_labels_remaining(10);
    EXPECT_EQ(printer.feed(drivers::ql_status_request(), t0).status_bytes(), ql820_62x100());
    EXPECT_EQ(printer.feed(die_cut_job(model), t0).pages.size(), 1U);
    EXPECT_EQ(printer.settings().labels_remaining, std::size_t{9});
}

TEST(VirtualQlPrinter, EndOfContinuousTapeIsAFeedError) {
    const printing::QlMedia tape = media_named("62");
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62"));
    printer.set_labels_remaining(1);
    const auto job = encode_job(badge_for(tape), model_named("ql-820nwb"), tape);
    EXPECT_EQ(printer.feed(concatenated({job, job}), t0).pages.size(), 1U);
    const drivers::QlStatus status = printer.status();
    EXPECT_EQ(status.error_2, drivers::ql_error_2::feed_error);
    EXPECT_EQ(status.problems(), std::vector<drivers::Problem>{drivers::Problem::end_of_media});
}

TEST(VirtualQlPrinter, SeparateJobsRunOutOfLabelsToo) {
    const printing::QlModel model = model_named("ql-820nwb");
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    printer.set_labels_remaining(1);
    const VirtualQlOutput output = printer.feed(concatenated({die_cut_job(model), die_cut_job(model)}), t0);
    EXPECT_EQ(output.pages.size(), 1U);
    EXPECT_EQ(output.statuses.back().status_type, QlStatusType::error_occurred);
    EXPECT_EQ(output.statuses.back().error_1, drivers::ql_error_1::end_of_media);
    EXPECT_EQ(printer.counters().jobs_completed, 1U);
    EXPECT_EQ(printer.counters().jobs_failed, 1U);
}

TEST(VirtualQlPrinter, CutterJamIsAnErrorUntilCleared) {
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    printer.set_cutter_jam(CutterJam::jammed);
    EXPECT_EQ(printer.feed(drivers::ql_status_request(), t0).status_bytes(), ql820_62x100({{8, 0x04}}));
    const VirtualQlOutput output = printer.feed(die_cut_job(model_named("ql-820nwb")), t0);
    EXPECT_TRUE(output.pages.empty());
    EXPECT_EQ(output.status_bytes(), ql820_62x100({{8, 0x04}, {18, 0x02}}));
    EXPECT_EQ(output.statuses.at(0).problems(), std::vector<drivers::Problem>{drivers::Problem::cutter_jam});
    printer.set_cutter_jam(CutterJam::clear);
    EXPECT_EQ(printer.feed(die_cut_job(model_named("ql-820nwb")), t0).pages.size(), 1U);
}

TEST(VirtualQlPrinter, SlowPrintCompletesWhenItsTimeComes) {
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    printer.set_print_delay(1500ms);
    const printing::QlModel model = model_named("ql-820nwb");

    const VirtualQlOutput started = printer.feed(die_cut_job(model, 1), t0);
    EXPECT_TRUE(started.pages.empty());
    EXPECT_EQ(started.status_bytes(), ql820_62x100({{18, 0x06}, {19, 0x01}}));
    EXPECT_EQ(printer.next_due(), t0 + 1500ms);
    EXPECT_TRUE(printer.printing());
    // Asked while printing: a reply in the printing phase.
    EXPECT_EQ(printer.feed(drivers::ql_status_request(), t0 + 100ms).status_bytes(),
              ql820_62x100({{19, 0x01}}));

    // A second job arrives during the first: it starts when the first is done.
    const VirtualQlOutput queued = printer.feed(die_cut_job(model, 2), t0 + 200ms);
    EXPECT_TRUE(queued.statuses.empty());
    EXPECT_TRUE(printer.advance(t0 + 1499ms).statuses.empty());

    const VirtualQlOutput first = printer.advance(t0 + 1500ms);
    ASSERT_EQ(first.pages.size(), 1U);
    EXPECT_EQ(first.pages[0].started_at, t0);
    EXPECT_EQ(first.pages[0].completed_at, t0 + 1500ms);
    EXPECT_EQ(first.status_bytes(),
              concatenated({ql820_62x100({{18, 0x01}, {19, 0x01}}), ql820_62x100({{18, 0x06}}),
                            ql820_62x100({{18, 0x06}, {19, 0x01}})}));
    EXPECT_EQ(printer.next_due(), t0 + 3000ms);

    const VirtualQlOutput second = printer.advance(t0 + 5000ms);
    ASSERT_EQ(second.pages.size(), 1U);
    EXPECT_EQ(second.pages[0].job_number, 2U);
    EXPECT_EQ(second.pages[0].completed_at, t0 + 3000ms);
    EXPECT_FALSE(printer.next_due().has_value());
    EXPECT_FALSE(printer.printing());
    EXPECT_EQ(printer.counters().pages_printed, 2U);
}

TEST(VirtualQlPrinter, AnErrorAfterASlowPageComesAfterIt) {
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    printer.set_print_delay(1s);
    printer.set_labels_remaining(1);
    const printing::QlModel model = model_named("ql-820nwb");
    const VirtualQlOutput output = printer.feed(concatenated({die_cut_job(model), die_cut_job(model)}), t0);
    ASSERT_EQ(output.statuses.size(), 1U); // phase change to printing only
    const VirtualQlOutput later = printer.advance(t0 + 1s);
    ASSERT_EQ(later.statuses.size(), 3U);
    EXPECT_EQ(later.statuses[0].status_type, QlStatusType::printing_completed);
    EXPECT_EQ(later.statuses[2].status_type, QlStatusType::error_occurred);
}

TEST(VirtualQlPrinter, BadSyntaxIsACommunicationErrorAndTheNextJobPrints) {
    const printing::QlModel model = model_named("ql-820nwb");
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    std::vector<std::uint8_t> broken = die_cut_job(model, 1);
    // The first raster line's `g` becomes 0xEE, a command no QL knows.
    const std::size_t first_line = printing::ql_invalidate_bytes + 2 + 4 + 13 + 4 + 4 + 4 + 5 + 2;
    ASSERT_EQ(broken[first_line], 0x67);
    broken[first_line] = 0xEE;

    const VirtualQlOutput output = feed_in_pieces(printer, broken, t0, 5);
    EXPECT_TRUE(output.pages.empty());
    // Error occurred with error 2 = 04, communication error.
    EXPECT_EQ(output.status_bytes(), ql820_62x100({{9, 0x04}, {18, 0x02}}));
    EXPECT_EQ(output.statuses.at(0).problems(), std::vector<drivers::Problem>{drivers::Problem::io});
    EXPECT_NE(printer.last_error().find("0xEE"), std::string::npos) << printer.last_error();
    EXPECT_EQ(printer.mode(), VirtualQlMode::resync);
    EXPECT_EQ(printer.counters().jobs_failed, 1U);

    // The rest of the broken job was ignored; the status request's invalidate + ESC @ brings it back.
    const VirtualQlOutput asked = printer.feed(drivers::ql_status_request(), t0);
    EXPECT_EQ(asked.status_bytes(), ql820_62x100());
    EXPECT_EQ(printer.mode(), VirtualQlMode::idle);
    const VirtualQlOutput next = printer.feed(die_cut_job(model, 2), t0);
    ASSERT_EQ(next.pages.size(), 1U);
    EXPECT_TRUE(next.pages[0].image.black == badge_for(media_named("62x100"), false, 2).black);
}

TEST(VirtualQlPrinter, GarbageThenAJobInOneStream) {
    const printing::QlModel model = model_named("ql-820nwb");
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    // Text where a job should be, a few NULLs and ESC @ (too short an invalidate to trust), then a job.
    const std::vector<std::uint8_t> stream = concatenated(
        {testing::bytes_of({'h', 'e', 'l', 'l', 'o', 0x00, 0x00, 0x00, 0x1B, 0x40, 0x1B, 0x69, 0x53}),
         die_cut_job(model)});
    const VirtualQlOutput output = feed_in_pieces(printer, stream, t0, 9);
    EXPECT_EQ(output.status_bytes(),
              concatenated({ql820_62x100({{9, 0x04}, {18, 0x02}}), ql820_62x100_printed_page()}));
    EXPECT_EQ(output.pages.size(), 1U);
    EXPECT_EQ(printer.counters().status_requests, 0U); // the ESC i S inside the garbage was not answered
}

TEST(VirtualQlPrinter, CommandsTheModelDoesNotTakeAreCommunicationErrors) {
    // A QL-820NWB job (ESC i a, M 02) sent to a QL-700.
    const std::vector<std::uint8_t> job = die_cut_job(model_named("ql-820nwb"));
    VirtualQlPrinter strict(settings_for("ql-700", "62x100"));
    const VirtualQlOutput output = strict.feed(job, t0);
    EXPECT_TRUE(output.pages.empty());
    ASSERT_EQ(output.statuses.size(), 1U);
    EXPECT_EQ(output.statuses[0].error_2, drivers::ql_error_2::communication_error);
    EXPECT_NE(strict.last_error().find("ESC i a"), std::string::npos) << strict.last_error();

    // The same to a QL-800: it takes ESC i a but not compression.
    VirtualQlPrinter ql800(settings_for("ql-800", "62x100"));
    EXPECT_TRUE(ql800.feed(job, t0).pages.empty());
    EXPECT_NE(ql800.last_error().find("M 02"), std::string::npos) << ql800.last_error();

    // Told to accept whatever it can decode, the QL-700 prints it.
    VirtualQlPrinter lenient(settings_for("ql-700", "62x100"));
    lenient.set_command_check(CommandCheck::any);
    EXPECT_EQ(lenient.feed(job, t0).pages.size(), 1U);
}

TEST(VirtualQlPrinter, DisconnectFiresTheGivenNumberOfBytesIntoTheNextJob) {
    const printing::QlModel model = model_named("ql-820nwb");
    const std::vector<std::uint8_t> job = die_cut_job(model);
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    printer.set_disconnect_after(1000);

    // A status request is not a job: answered, nothing fires.
    const VirtualQlOutput asked = printer.feed(drivers::ql_status_request(), t0);
    EXPECT_FALSE(asked.disconnect);
    EXPECT_EQ(asked.statuses.size(), 1U);

    const VirtualQlOutput output = feed_in_pieces(printer, std::span(job).first(600), t0, 1);
    EXPECT_FALSE(output.disconnect);
    const VirtualQlOutput cut = printer.feed(std::span(job).subspan(600), t0);
    EXPECT_TRUE(cut.disconnect);
    EXPECT_EQ(cut.consumed, 400U); // 1000 bytes from the job's first NULL
    EXPECT_TRUE(cut.pages.empty());
    EXPECT_TRUE(cut.statuses.empty());
    EXPECT_FALSE(printer.settings().disconnect_after_bytes.has_value());
    EXPECT_EQ(printer.counters().jobs_incomplete, 1U);
    EXPECT_EQ(printer.counters().pages_printed, 0U);

    // The next connection sends the job again: one page, the job printed once.
    const VirtualQlOutput again = printer.feed(job, t0);
    EXPECT_FALSE(again.disconnect);
    ASSERT_EQ(again.pages.size(), 1U);
    EXPECT_EQ(again.pages[0].job_number, 2U);
    EXPECT_EQ(printer.counters().pages_printed, 1U);
}

TEST(VirtualQlPrinter, ADisconnectShorterThanThePreambleFiresAtTheFirstPageCommand) {
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    printer.set_disconnect_after(10);
    const VirtualQlOutput cut = printer.feed(die_cut_job(model_named("ql-820nwb")), t0);
    EXPECT_TRUE(cut.disconnect);
    // 200 NULLs, ESC @, and ESC i a 01: the first command that only a job sends.
    EXPECT_EQ(cut.consumed, printing::ql_invalidate_bytes + 2 + 4);
}

TEST(VirtualQlPrinter, NeverPrintsAJobTwice) {
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    printer.set_print_delay(10ms);
    EXPECT_TRUE(printer.feed(die_cut_job(model_named("ql-820nwb")), t0).pages.empty());
    std::size_t pages = 0;
    for (int step = 1; step <= 50; ++step) {
        pages += printer.advance(t0 + std::chrono::milliseconds(step)).pages.size();
        pages +=
            printer.feed(drivers::ql_status_request(), t0 + std::chrono::milliseconds(step)).pages.size();
    }
    EXPECT_EQ(pages, 1U);
    EXPECT_EQ(printer.counters().pages_printed, 1U);
    EXPECT_EQ(printer.counters().jobs_started, 1U);
    EXPECT_EQ(printer.counters().jobs_completed, 1U);
}

// Where the first command that ends at or after `offset` ends: a place a host can stop sending cleanly.
std::size_t command_boundary_after(std::span<const std::uint8_t> job, std::size_t offset) {
    QlJobDecoder decoder;
    for (std::size_t position = 0; position < job.size(); ++position) {
        const auto pushed = decoder.push(job[position]);
        EXPECT_TRUE(pushed.has_value());
        if (pushed && pushed->has_value() && position + 1 >= offset) {
            return position + 1;
        }
    }
    return job.size();
}

TEST(VirtualQlPrinter, InvalidateAndInitialiseAbandonAHalfSentJob) {
    // Brother's way to give up on a job: stop after a whole command, send NULLs and ESC @.
    const std::vector<std::uint8_t> job = die_cut_job(model_named("ql-820nwb"));
    const std::size_t stop = command_boundary_after(job, 3000);
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    const VirtualQlOutput output = printer.feed(
        concatenated(
            {std::vector<std::uint8_t>(job.begin(), job.begin() + static_cast<std::ptrdiff_t>(stop)), job}),
        t0);
    EXPECT_EQ(output.pages.size(), 1U);
    EXPECT_EQ(output.status_bytes(), ql820_62x100_printed_page()); // no error for the abandoned part
    EXPECT_EQ(printer.counters().jobs_incomplete, 1U);
    EXPECT_EQ(printer.counters().jobs_completed, 1U);
}

TEST(VirtualQlPrinter, AClosedConnectionDropsTheHalfReceivedJob) {
    const std::vector<std::uint8_t> job = die_cut_job(model_named("ql-820nwb"));
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    EXPECT_TRUE(printer.feed(std::span(job).first(job.size() - 1), t0).pages.empty());
    printer.connection_closed();
    EXPECT_EQ(printer.counters().jobs_incomplete, 1U);
    // The control-Z alone on the next connection prints nothing (its page was dropped): a print command
    // without raster lines is a communication error.
    const VirtualQlOutput stray = printer.feed(std::span(job).last(1), t0);
    EXPECT_TRUE(stray.pages.empty());
    ASSERT_EQ(stray.statuses.size(), 1U);
    EXPECT_EQ(stray.statuses[0].error_2, drivers::ql_error_2::communication_error);
    EXPECT_EQ(printer.feed(job, t0).pages.size(), 1U);
    EXPECT_EQ(printer.counters().pages_printed, 1U);
}

TEST(VirtualQlPrinter, ResetGoesBackToTheStartUpSettings) {
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    printer.set_cover(Cover::open);
    printer.load_media(std::nullopt);
    printer.set_labels_remaining(3);
    printer.set_print_delay(5s);
    printer.set_disconnect_after(99);
    printer.feed(die_cut_job(model_named("ql-820nwb")), t0);
    printer.reset();
    EXPECT_EQ(printer.settings().cover, Cover::closed);
    EXPECT_EQ(printer.settings().media->name, "62x100");
    EXPECT_FALSE(printer.settings().labels_remaining.has_value());
    EXPECT_EQ(printer.settings().print_delay, 0ms);
    EXPECT_FALSE(printer.settings().disconnect_after_bytes.has_value());
    EXPECT_EQ(printer.counters(), VirtualQlCounters{});
    EXPECT_TRUE(printer.last_error().empty());
    EXPECT_EQ(printer.feed(die_cut_job(model_named("ql-820nwb")), t0).pages.at(0).page_number, 1U);
}

TEST(VirtualQlPrinter, SettingsByName) {
    auto settings = virtual_ql_settings("QL-820NWB", "62red");
    ASSERT_TRUE(settings.has_value());
    EXPECT_EQ(settings->model.name, "ql-820nwb");
    EXPECT_EQ(settings->media->name, "62red");
    EXPECT_FALSE(virtual_ql_settings("ql-820nwb", "none")->media.has_value());
    const auto unknown_model = virtual_ql_settings("ql-9000", "62");
    ASSERT_FALSE(unknown_model.has_value());
    EXPECT_EQ(unknown_model.error().problem, drivers::Problem::invalid_input);
    const auto unknown_media = virtual_ql_settings("ql-800", "63x100");
    ASSERT_FALSE(unknown_media.has_value());
    EXPECT_NE(unknown_media.error().detail.find("63x100"), std::string::npos);
}

} // namespace
} // namespace checkin::hardware
