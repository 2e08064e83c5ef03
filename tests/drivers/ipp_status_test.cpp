// printer-state-reasons and printer-state turned into the problems the kiosk's screens know.

#include "drivers/ipp_status.hpp"

#include <gtest/gtest.h>

namespace checkin::drivers {
namespace {

std::vector<Problem> problems_of(const std::vector<std::string>& values) {
    auto reasons = parse_ipp_state_reasons(values);
    EXPECT_TRUE(reasons) << (reasons ? "" : reasons.error().detail);
    return reasons ? ipp_problems(*reasons) : std::vector<Problem>{};
}

TEST(IppStateReasons, SplitTheSeverityOffAndDropNone) {
    auto reasons = parse_ipp_state_reasons(
        {"none", "media-empty-error", "media-low-warning", "door-open", "toner-low-report"});
    ASSERT_TRUE(reasons);
    const std::vector<IppStateReason> expected{{"media-empty", IppSeverity::error},
                                               {"media-low", IppSeverity::warning},
                                               {"door-open", IppSeverity::unstated},
                                               {"toner-low", IppSeverity::report}};
    EXPECT_EQ(*reasons, expected);
}

TEST(IppStateReasons, FaultsAPersonCanFixBecomeTheSessionsProblems) {
    EXPECT_EQ(problems_of({"media-empty-error"}), std::vector<Problem>{Problem::no_media});
    EXPECT_EQ(problems_of({"media-needed"}), std::vector<Problem>{Problem::no_media});
    EXPECT_EQ(problems_of({"media-jam-error"}), std::vector<Problem>{Problem::printer_error});
    EXPECT_EQ(problems_of({"door-open-error"}), std::vector<Problem>{Problem::cover_open});
    EXPECT_EQ(problems_of({"cover-open"}), std::vector<Problem>{Problem::cover_open});
    EXPECT_EQ(problems_of({"offline-error"}), std::vector<Problem>{Problem::disconnected});
    EXPECT_EQ(problems_of({"paused"}), std::vector<Problem>{Problem::paused});
    EXPECT_EQ(problems_of({"spool-area-full"}), std::vector<Problem>{Problem::busy});
}

TEST(IppStateReasons, AFaultCountsWhateverItsSuffix) {
    // ippeveprinter's empty roll: -report while idle, -warning while a job waits for labels.
    EXPECT_EQ(problems_of({"media-empty-report"}), std::vector<Problem>{Problem::no_media});
    EXPECT_EQ(problems_of({"media-empty-warning", "media-needed-warning"}),
              std::vector<Problem>{Problem::no_media});
    EXPECT_EQ(problems_of({"offline-report"}), std::vector<Problem>{Problem::disconnected});
}

TEST(IppStateReasons, LowSuppliesAndUnknownNotesStopNothing) {
    EXPECT_TRUE(problems_of({"media-low-error"}).empty());
    EXPECT_TRUE(problems_of({"media-low"}).empty());
    EXPECT_TRUE(problems_of({"fuser-over-temp-warning"}).empty());
    EXPECT_TRUE(problems_of({"cups-remote-pending"}).empty());
    EXPECT_TRUE(problems_of({"none"}).empty());
    // An unknown reason the printer calls an error is one.
    EXPECT_EQ(problems_of({"fuser-over-temp-error"}), std::vector<Problem>{Problem::printer_error});
}

TEST(IppStateReasons, SeveralFaultsComeMostImportantFirstEachOnce) {
    EXPECT_EQ(problems_of({"media-jam-error", "media-empty-error", "door-open-error", "media-needed-error"}),
              (std::vector<Problem>{Problem::cover_open, Problem::no_media, Problem::printer_error}));
}

TEST(IppStateReasons, RefuseWhatIsNotAKeywordOrTooMuch) {
    const auto spaced = parse_ipp_state_reasons({"media empty"});
    ASSERT_FALSE(spaced);
    EXPECT_EQ(spaced.error().problem, Problem::io);
    EXPECT_NE(spaced.error().detail.find("not a keyword"), std::string::npos);
    EXPECT_FALSE(parse_ipp_state_reasons({""}));
    EXPECT_FALSE(parse_ipp_state_reasons({std::string(256, 'a')}));
    EXPECT_TRUE(parse_ipp_state_reasons({std::string(255, 'a')}));
    EXPECT_FALSE(parse_ipp_state_reasons({"Media-Empty\n"}));
    EXPECT_FALSE(parse_ipp_state_reasons(std::vector<std::string>(ipp_most_state_reasons + 1, "other")));
}

TEST(IppPrinterStatus, AStoppedPrinterWithoutAReasonIsPausedAndOneRefusingJobsIsBusy) {
    IppPrinterStatus stopped;
    stopped.state = IppPrinterState::stopped;
    EXPECT_EQ(stopped.problems(), std::vector<Problem>{Problem::paused});
    stopped.reasons = {{"media-empty", IppSeverity::error}};
    EXPECT_EQ(stopped.problems(), std::vector<Problem>{Problem::no_media});

    IppPrinterStatus refusing;
    refusing.accepting_jobs = false;
    EXPECT_EQ(refusing.problems(), std::vector<Problem>{Problem::busy});

    IppPrinterStatus idle;
    idle.reasons = {{"media-low", IppSeverity::warning}};
    EXPECT_TRUE(idle.problems().empty());
}

TEST(IppPrinterStatus, DescribesStateReasonsAndMessage) {
    IppPrinterStatus status;
    status.state = IppPrinterState::stopped;
    status.reasons = {{"media-empty", IppSeverity::error}, {"door-open", IppSeverity::unstated}};
    status.message = "Load labels.";
    EXPECT_EQ(status.describe(), "stopped: media-empty-error, door-open (Load labels.)");
}

TEST(IppStates, OnlyTheValuesRfc8011DefinesAreTaken) {
    EXPECT_EQ(ipp_printer_state(5), IppPrinterState::stopped);
    EXPECT_FALSE(ipp_printer_state(2));
    EXPECT_FALSE(ipp_printer_state(6));
    EXPECT_EQ(ipp_job_state(9), IppJobState::completed);
    EXPECT_EQ(ipp_job_state(8), IppJobState::aborted);
    EXPECT_FALSE(ipp_job_state(10));
    EXPECT_EQ(ipp_job_state_name(IppJobState::processing_stopped), "processing-stopped");
}

TEST(IppText, PrinterTextIsMadePrintableAndShort) {
    EXPECT_EQ(clean_ipp_text("Out of\nlabels\x7f"), "Out of?labels?");
    EXPECT_EQ(clean_ipp_text(std::string(500, 'x')).size(), 200U);
}

} // namespace
} // namespace checkin::drivers
