#include "drivers/zebra_status.hpp"

#include <gtest/gtest.h>
#include <string>

namespace checkin::drivers {
namespace {

// A ~HS answer as the ZPL guide shows it, with the flags we set in each test.
std::string host_status(char paper_out, char paused, int formats, char head_up, int remaining) {
    return std::string("\x02") + "030," + paper_out + "," + paused + ",1218,00" + std::to_string(formats) +
           ",0,0,0,000,0,0,0\x03\r\n" + "\x02" + "001,0," + head_up + ",0,0,2,4,0," + "0000000" +
           std::to_string(remaining) + ",1,000\x03\r\n" + "\x02" + "1234,0\x03\r\n";
}

TEST(ZebraStatus, ParsesAReadyPrinter) {
    const std::string text = host_status('0', '0', 0, '0', 0);
    ASSERT_EQ(complete_zebra_status_length(text), text.size());
    const auto status = parse_zebra_status(text);
    ASSERT_TRUE(status) << status.error().detail;
    EXPECT_FALSE(status->paper_out);
    EXPECT_FALSE(status->head_open);
    EXPECT_EQ(status->label_length_dots, 1218U);
    EXPECT_TRUE(status->problems().empty());
    EXPECT_TRUE(status->idle());
}

TEST(ZebraStatus, FlagsBecomeProblems) {
    const auto out = parse_zebra_status(host_status('1', '0', 0, '1', 0));
    ASSERT_TRUE(out);
    EXPECT_EQ(out->problems(), (std::vector<Problem>{Problem::no_media, Problem::cover_open}));
    const auto paused = parse_zebra_status(host_status('0', '1', 0, '0', 0));
    ASSERT_TRUE(paused);
    EXPECT_EQ(paused->problems(), (std::vector<Problem>{Problem::paused}));
    const auto busy = parse_zebra_status(host_status('0', '0', 1, '0', 3));
    ASSERT_TRUE(busy);
    EXPECT_EQ(busy->formats_in_buffer, 1U);
    EXPECT_EQ(busy->labels_remaining, 3UL);
    EXPECT_FALSE(busy->idle());
    EXPECT_NE(busy->describe().find("1 format(s) in the buffer, 3 label(s) left"), std::string::npos)
        << busy->describe();
}

TEST(ZebraStatus, IncompleteAnswersWaitAndGarbageIsRefused) {
    const std::string text = host_status('0', '0', 0, '0', 0);
    for (std::size_t cut = 0; cut + 3 < text.size(); ++cut) {
        EXPECT_FALSE(complete_zebra_status_length(text.substr(0, cut))) << cut;
    }
    EXPECT_FALSE(parse_zebra_status("hello"));
    EXPECT_FALSE(parse_zebra_status("\x02"
                                    "1,2\x03\r\n\x02"
                                    "3\x03\r\n\x02"
                                    "4\x03\r\n"));
    const auto not_numbers = parse_zebra_status("\x02"
                                                "030,0,0,abcd,000,0,0,0,000,0,0,0\x03\r\n\x02"
                                                "001,0,0,0,0,2,4,0,00000000,1,000\x03\r\n\x02"
                                                "1234,0\x03\r\n");
    ASSERT_FALSE(not_numbers);
    EXPECT_EQ(not_numbers.error().problem, Problem::io);
}

} // namespace
} // namespace checkin::drivers
