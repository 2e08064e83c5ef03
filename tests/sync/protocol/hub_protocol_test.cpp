// The hub protocol's JSON codecs: every message survives encode → decode → encode unchanged, and a
// malformed message is refused with the field at fault named.

#include "sync/protocol/hub_protocol.hpp"

#include <chrono>
#include <fmt/format.h>
#include <functional>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace checkin::sync {
namespace {

constexpr Day first_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{29}};
constexpr Day second_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{30}};

CheckinEvent sample_checkin() {
    CheckinEvent event;
    event.id = "0b6e4b9c-4a53-4d1c-9a51-3c1d8d1f0a01";
    event.delegate_code = "CWD-ZPZXSWG7";
    event.kind = EventKind::checkin;
    event.at_milliseconds = 1'795'950'000'123;
    event.day = first_day;
    event.kiosk_id = "kiosk-1";
    event.operator_name = "self-service";
    return event;
}

CheckinEvent sample_undo() {
    CheckinEvent event = sample_checkin();
    event.id = "0b6e4b9c-4a53-4d1c-9a51-3c1d8d1f0a02";
    event.kind = EventKind::undo;
    event.operator_name = "Anna";
    event.reason = "scanned the wrong badge — \"oops\"";
    event.undoes = sample_checkin().id;
    return event;
}

Delegate sample_delegate() {
    Delegate delegate;
    delegate.code = "CWD-ZPZXSWG7";
    delegate.first_name = "Barbara";
    delegate.last_name = "Sikora";
    delegate.organisation = "Związek Miast Polskich";
    delegate.position = "Specjalista";
    delegate.role = "Ekspert";
    delegate.days = {first_day, second_day};
    delegate.email = "barbara.sikora@example.org";
    delegate.row_version = 7;
    return delegate;
}

Delegate sample_walk_in() {
    Delegate delegate;
    delegate.code = "W-7K3M9QXZ";
    delegate.first_name = "Łukasz";
    delegate.last_name = "Żółć";
    delegate.role = "uczestnik";
    delegate.origin = DelegateOrigin::walk_in;
    return delegate;
}

// Every field of an event, so a failed comparison says which one differs.
std::string describe(const CheckinEvent& event) {
    return event.id + "|" + event.delegate_code + "|" + std::string(to_string(event.kind)) + "|" +
           std::to_string(event.at_milliseconds) + "|" + format_iso_day(event.day) + "|" + event.kiosk_id +
           "|" + event.operator_name + "|" + event.reason + "|" + event.undoes;
}

std::string describe(const Delegate& delegate) {
    std::string days;
    for (const auto& day : delegate.days) {
        days += format_iso_day(day) + ",";
    }
    return delegate.code + "|" + delegate.first_name + "|" + delegate.last_name + "|" +
           delegate.organisation + "|" + delegate.position + "|" + delegate.partnership + "|" +
           delegate.voivodeship + "|" + delegate.role + "|" + days + "|" + delegate.email + "|" +
           std::string(to_string(delegate.status)) + "|" + std::string(to_string(delegate.origin)) + "|" +
           std::to_string(delegate.row_version);
}

std::string error_of(const Error& error) {
    return error.message;
}

TEST(HubProtocol, HealthReplyRoundTrips) {
    HealthReply reply{"ok", "kiosk-2", 12, 3456};
    auto decoded = decode_health_reply(encode(reply));
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(*decoded, reply);
}

TEST(HubProtocol, RosterPageRoundTripsWithAndWithoutNextCursor) {
    RosterPage page;
    page.event = Event{"Kongres Serock 2026", {first_day, second_day}};
    page.roster_version = 7;
    Delegate cancelled = sample_delegate();
    cancelled.code = "CWD-K72UFRSS";
    cancelled.status = DelegateStatus::cancelled;
    cancelled.days.clear();
    page.delegates = {sample_delegate(), cancelled, sample_walk_in()};
    page.next = RosterCursor{7, "W-7K3M9QXZ"};

    const std::string text = encode(page);
    auto decoded = decode_roster_page(text);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->event.name, page.event.name);
    EXPECT_EQ(decoded->event.days, page.event.days);
    EXPECT_EQ(decoded->roster_version, 7);
    ASSERT_EQ(decoded->delegates.size(), 3U);
    for (std::size_t index = 0; index < 3; ++index) {
        EXPECT_EQ(describe(decoded->delegates[index]), describe(page.delegates[index]));
    }
    EXPECT_EQ(decoded->next, page.next);
    EXPECT_TRUE(*decoded == page) << "the whole page, every field"; // describe() above shows which
    EXPECT_EQ(encode(*decoded), text);

    page.next.reset();
    auto last_page = decode_roster_page(encode(page));
    ASSERT_TRUE(last_page.has_value()) << last_page.error().message;
    EXPECT_FALSE(last_page->next.has_value());
}

TEST(HubProtocol, PushRequestRoundTripsEveryEventKindAndWalkIns) {
    PushRequest request;
    request.kiosk_id = "kiosk-1";
    CheckinEvent reprint = sample_checkin();
    reprint.id = "r-1";
    reprint.kind = EventKind::reprint;
    reprint.reason = "torn badge";
    CheckinEvent print = sample_checkin();
    print.id = "p-1";
    print.kind = EventKind::print;
    request.events = {sample_checkin(), sample_undo(), reprint, print};
    request.walk_ins = {sample_walk_in()};

    const std::string text = encode(request);
    auto decoded = decode_push_request(text);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->kiosk_id, "kiosk-1");
    ASSERT_EQ(decoded->events.size(), request.events.size());
    for (std::size_t index = 0; index < request.events.size(); ++index) {
        EXPECT_EQ(describe(decoded->events[index]), describe(request.events[index]));
    }
    ASSERT_EQ(decoded->walk_ins.size(), 1U);
    EXPECT_EQ(describe(decoded->walk_ins[0]), describe(sample_walk_in()));
    EXPECT_TRUE(*decoded == request) << "the whole request, every field";
    EXPECT_EQ(encode(*decoded), text);
}

TEST(HubProtocol, EventsTravelWithTheFieldNamesOfTheSpecification) {
    PushRequest request;
    request.kiosk_id = "kiosk-1";
    request.events = {sample_undo()};
    const auto json = nlohmann::json::parse(encode(request));
    const auto& event = json.at("events").at(0);
    EXPECT_EQ(event.at("id"), sample_undo().id);
    EXPECT_EQ(event.at("delegate_code"), "CWD-ZPZXSWG7");
    EXPECT_EQ(event.at("kind"), "undo");
    EXPECT_EQ(event.at("at_ms"), 1'795'950'000'123);
    EXPECT_EQ(event.at("day"), "2026-11-29");
    EXPECT_EQ(event.at("kiosk"), "kiosk-1");
    EXPECT_EQ(event.at("operator"), "Anna");
    EXPECT_EQ(event.at("undoes"), sample_checkin().id);

    request.events = {sample_checkin()};
    EXPECT_TRUE(nlohmann::json::parse(encode(request)).at("events").at(0).at("undoes").is_null());

    const auto delegate = nlohmann::json::parse(encode(PushRequest{"k", {}, {sample_walk_in()}}));
    EXPECT_EQ(delegate.at("walk_ins").at(0).at("origin"), "walk-in");
    EXPECT_EQ(delegate.at("walk_ins").at(0).at("status"), "active");
    EXPECT_EQ(delegate.at("walk_ins").at(0).at("days"), nlohmann::json::array());
}

TEST(HubProtocol, ANestedBombIsRefusedBeforeParsing) {
    // 24 MB of "[": nlohmann would build a DOM of millions of arrays (3 GB); the scan stops at byte 9, and
    // its message (not the parser's "not JSON") shows no parse was attempted.
    const std::string bomb(24U * 1024U * 1024U, '[');
    for (const auto& decoded : {decode_push_request(bomb).error(), decode_events_page(bomb).error()}) {
        EXPECT_EQ(decoded.kind, ErrorKind::invalid_input);
        EXPECT_EQ(decoded.message, "the message nests deeper than 8 levels");
    }
    const std::string objects = R"({"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":1}}}}}}}}})";
    EXPECT_EQ(decode_push_request(objects).error().message, "the message nests deeper than 8 levels");
}

TEST(HubProtocol, TheDepthCountsBracketsOutsideStringsOnly) {
    EXPECT_TRUE(check_json_limits("[[[[[[[[1]]]]]]]]", 100).has_value()) << "eight levels are allowed";
    EXPECT_FALSE(check_json_limits("[[[[[[[[[1]]]]]]]]]", 100).has_value());
    EXPECT_TRUE(check_json_limits(R"({"a":"[[[[[[[[[[[[[[[[{{{{{{{{{{"})", 100).has_value());
    EXPECT_TRUE(check_json_limits(R"({"a":"\"[[[[[[[[[[[[[[[[[[[[\\"})", 100).has_value())
        << "an escaped quote does not end the string; an escaped backslash does not escape the quote";
    EXPECT_FALSE(check_json_limits(R"(["\\"[[[[[[[[[]]]]]]]]]])", 100).has_value())
        << "after an escaped backslash the string ends and the brackets count";
    // Closers beyond the openers do not make room for deeper nesting later.
    EXPECT_FALSE(check_json_limits("]]]][[[[[[[[[", 100).has_value());
}

TEST(HubProtocol, AMessageLargerThanItsMaximumIsRefusedBeforeParsing) {
    EXPECT_EQ(check_json_limits("12345", 4).error().message,
              "the message is 5 bytes, more than the 4 it may have");
    std::string request = encode(PushRequest{"kiosk-1", {}, {}});
    request.append(request_json_maximum_bytes + 1 - request.size(), ' ');
    const auto refused = decode_push_request(request);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().message,
              fmt::format("the message is {} bytes, more than the {} it may have",
                          request_json_maximum_bytes + 1, request_json_maximum_bytes));
    request.pop_back();
    EXPECT_TRUE(decode_push_request(request).has_value()) << "at the limit: parsed";
}

TEST(HubProtocol, APushReplyNamesItsRefusedEventsAndAnOlderHubsReplyStillDecodes) {
    PushReply reply{{"a"}, 1, 0, 0, {{"b", "the undo names no check-in of the same delegate"}}};
    const std::string text = encode(reply);
    EXPECT_NE(
        text.find(R"("refused":[{"id":"b","reason":"the undo names no check-in of the same delegate"}])"),
        std::string::npos)
        << text;
    auto decoded = decode_push_reply(text);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(*decoded, reply);

    auto older =
        decode_push_reply(R"({"acknowledged":["a"],"accepted":1,"duplicates":0,"walk_ins_added":0})");
    ASSERT_TRUE(older.has_value()) << older.error().message;
    EXPECT_TRUE(older->refused.empty());

    auto broken = decode_push_reply(
        R"({"acknowledged":[],"accepted":0,"duplicates":0,"walk_ins_added":0,"refused":[{"id":"b"}]})");
    ASSERT_FALSE(broken.has_value());
    EXPECT_EQ(broken.error().message, "refused[0].reason: missing");
}

TEST(HubProtocol, PushReplyEventsPageStatisticsAndErrorRoundTrip) {
    PushReply reply{{"a", "b", "c"}, 2, 1, 1, {}};
    auto decoded_reply = decode_push_reply(encode(reply));
    ASSERT_TRUE(decoded_reply.has_value()) << decoded_reply.error().message;
    EXPECT_EQ(*decoded_reply, reply);

    EventsPage page;
    page.events = {{41, sample_checkin()}, {42, sample_undo()}};
    page.last_sequence = 99;
    page.more = true;
    const std::string text = encode(page);
    auto decoded_page = decode_events_page(text);
    ASSERT_TRUE(decoded_page.has_value()) << decoded_page.error().message;
    ASSERT_EQ(decoded_page->events.size(), 2U);
    EXPECT_EQ(decoded_page->events[0].sequence, 41);
    EXPECT_EQ(describe(decoded_page->events[1].event), describe(sample_undo()));
    EXPECT_EQ(decoded_page->last_sequence, 99);
    EXPECT_TRUE(decoded_page->more);
    EXPECT_EQ(encode(*decoded_page), text);

    HubStatistics statistics{320, 211, 250, 3};
    auto decoded_statistics = decode_hub_statistics(encode(statistics));
    ASSERT_TRUE(decoded_statistics.has_value()) << decoded_statistics.error().message;
    EXPECT_EQ(*decoded_statistics, statistics);

    auto decoded_error = decode_error_reply(encode(ErrorReply{"the hub does not know this token"}));
    ASSERT_TRUE(decoded_error.has_value()) << decoded_error.error().message;
    EXPECT_EQ(decoded_error->error, "the hub does not know this token");
}

TEST(HubProtocol, OptionalTextFieldsMayBeLeftOut) {
    auto request = decode_push_request(
        R"({"kiosk": "k", "events": [{"id": "e", "delegate_code": "C", "kind": "print", "at_ms": 5,
            "day": "2026-11-30", "kiosk": "k"}]})");
    ASSERT_TRUE(request.has_value()) << request.error().message;
    ASSERT_EQ(request->events.size(), 1U);
    EXPECT_EQ(request->events[0].kind, EventKind::print);
    EXPECT_EQ(request->events[0].day, second_day);
    EXPECT_TRUE(request->events[0].operator_name.empty());
    EXPECT_TRUE(request->events[0].undoes.empty());
    EXPECT_TRUE(request->walk_ins.empty());
}

struct DecodeErrorCase {
    std::string json;
    std::string message;
};

class HubProtocolDecodeErrors : public testing::TestWithParam<DecodeErrorCase> {};

TEST_P(HubProtocolDecodeErrors, NameTheFieldAtFault) {
    auto decoded = decode_push_request(GetParam().json);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_EQ(decoded.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(error_of(decoded.error()), GetParam().message);
}

// Three good events, then the case's fourth.
std::string with_fourth_event(const std::string& fourth) {
    const std::string good =
        R"({"id": "e", "delegate_code": "C", "kind": "checkin", "at_ms": 1, "day": "2026-11-29", "kiosk": "k"})";
    return R"({"kiosk": "k", "events": [)" + good + "," + good + "," + good + "," + fourth + "]}";
}

INSTANTIATE_TEST_SUITE_P(
    HubProtocol, HubProtocolDecodeErrors,
    testing::Values(
        DecodeErrorCase{"not json at all", "the message is not JSON"},
        DecodeErrorCase{"[1, 2]", "the message is not a JSON object"},
        DecodeErrorCase{R"({"events": []})", "kiosk: missing"},
        DecodeErrorCase{R"({"kiosk": 5, "events": []})", "kiosk: not a string"},
        DecodeErrorCase{R"({"kiosk": "k"})", "events: missing"},
        DecodeErrorCase{R"({"kiosk": "k", "events": {}})", "events: not an array"},
        DecodeErrorCase{with_fourth_event(R"({"id": "e", "delegate_code": "C", "kind": "checkin", "at_ms": 1,
                                              "day": "2026-11-31", "kiosk": "k"})"),
                        "events[3].day: not a date"},
        DecodeErrorCase{with_fourth_event(R"({"id": "e", "delegate_code": "C", "kind": "checkin", "at_ms": 1,
                                              "day": 20261129, "kiosk": "k"})"),
                        "events[3].day: not a string"},
        DecodeErrorCase{with_fourth_event(R"({"id": "e", "delegate_code": "C", "kind": "arrive", "at_ms": 1,
                                              "day": "2026-11-29", "kiosk": "k"})"),
                        "events[3].kind: \"arrive\" is not checkin, undo, reprint or print"},
        DecodeErrorCase{with_fourth_event(R"({"id": "e", "delegate_code": "C", "kind": "checkin",
                                              "at_ms": 1.5, "day": "2026-11-29", "kiosk": "k"})"),
                        "events[3].at_ms: not an integer"},
        DecodeErrorCase{with_fourth_event(R"({"delegate_code": "C", "kind": "checkin", "at_ms": 1,
                                              "day": "2026-11-29", "kiosk": "k"})"),
                        "events[3].id: missing"},
        DecodeErrorCase{with_fourth_event(R"({"id": "", "delegate_code": "C", "kind": "checkin", "at_ms": 1,
                                              "day": "2026-11-29", "kiosk": "k"})"),
                        "events[3].id: empty"},
        DecodeErrorCase{with_fourth_event(R"({"id": "e", "delegate_code": "C", "kind": "undo", "at_ms": 1,
                                              "day": "2026-11-29", "kiosk": "k", "undoes": 7})"),
                        "events[3].undoes: not a string"},
        DecodeErrorCase{with_fourth_event("17"), "events[3]: not an object"},
        DecodeErrorCase{R"({"kiosk": "k", "events": [], "walk_ins": [{"code": "W-1", "first_name": "A",
                            "last_name": "B", "days": ["2026-11-29", "29.11"], "status": "active",
                            "origin": "walk-in", "row_version": 0}]})",
                        "walk_ins[0].days[1]: not a date"},
        DecodeErrorCase{R"({"kiosk": "k", "events": [], "walk_ins": [{"code": "W-1", "first_name": "A",
                            "last_name": "B", "status": "here", "origin": "walk-in", "row_version": 0}]})",
                        "walk_ins[0].status: \"here\" is not active or cancelled"},
        DecodeErrorCase{R"({"kiosk": "k", "events": [], "walk_ins": [{"code": "W-1", "first_name": "A",
                            "last_name": "B", "status": "active", "origin": "walk-in"}]})",
                        "walk_ins[0].row_version: missing"}));

TEST(HubProtocol, OtherMessagesNameTheirFieldsToo) {
    auto page = decode_roster_page(R"({"event": {"name": "E", "days": ["2026-11-29"]}, "roster_version": 1,
        "delegates": [], "next": {"since": 1}})");
    ASSERT_FALSE(page.has_value());
    EXPECT_EQ(page.error().message, "next.after: missing");

    auto page_with_bad_event = decode_roster_page(
        R"({"event": {"name": "E", "days": ["x"]}, "roster_version": 1, "delegates": [], "next": null})");
    ASSERT_FALSE(page_with_bad_event.has_value());
    EXPECT_EQ(page_with_bad_event.error().message, "event.days[0]: not a date");

    auto events = decode_events_page(R"({"events": [{"id": "e", "delegate_code": "C", "kind": "checkin",
        "at_ms": 1, "day": "2026-11-29", "kiosk": "k"}], "last_sequence": 1, "more": false})");
    ASSERT_FALSE(events.has_value());
    EXPECT_EQ(events.error().message, "events[0].sequence: missing");

    auto more = decode_events_page(R"({"events": [], "last_sequence": 1, "more": "no"})");
    ASSERT_FALSE(more.has_value());
    EXPECT_EQ(more.error().message, "more: not true or false");

    auto statistics =
        decode_hub_statistics(R"({"delegates": -1, "checked_in": 0, "events": 0, "duplicates": 0})");
    ASSERT_FALSE(statistics.has_value());
    EXPECT_EQ(statistics.error().message, "delegates: negative");

    auto reply = decode_push_reply(R"({"acknowledged": ["a", 2], "accepted": 1, "duplicates": 0,
        "walk_ins_added": 0})");
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().message, "acknowledged[1]: not a string");

    auto health = decode_health_reply(R"({"status": "ok", "kiosk": "k", "roster_version": "1"})");
    ASSERT_FALSE(health.has_value());
    EXPECT_EQ(health.error().message, "roster_version: not an integer");

    auto error = decode_error_reply("{}");
    ASSERT_FALSE(error.has_value());
    EXPECT_EQ(error.error().message, "error: missing");
}

TEST(HubProtocol, TextThatIsNotUtf8IsReplacedRatherThanThrown) {
    PushRequest request;
    request.kiosk_id = "kiosk-\xFF";
    std::string text;
    EXPECT_NO_THROW(text = encode(request));
    auto decoded = decode_push_request(text);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->kiosk_id, "kiosk-\xEF\xBF\xBD");
}

TEST(HubProtocolCodeLists, RoundTripAndRefuseWhatAKioskMustNotStore) {
    const std::string key = "ed25519:s2P6otO5WQtqtiovU72KFAyW4zAeoAO32srBr+PBQqY=";
    const CodeLists lists{{key}, {"0123456789ab", "ffffffffffff"}};
    auto decoded = decode_code_lists(encode(lists));
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(*decoded, lists);

    const std::pair<std::string, std::string> refused[] = {
        {R"({"public_keys": ["ed25519:AAAA"], "revoked_serials": []})", "public_keys[0]: not a public key"},
        {R"({"public_keys": [], "revoked_serials": ["0123456789AB"]})", "revoked_serials[0]: not 12"},
        {R"({"public_keys": [], "revoked_serials": ["0123456789a"]})", "revoked_serials[0]: not 12"},
        {R"({"public_keys": [7], "revoked_serials": []})", "public_keys[0]: not a string"},
        {R"({"public_keys": []})", "revoked_serials"},
    };
    for (const auto& [json, message] : refused) {
        auto result = decode_code_lists(json);
        ASSERT_FALSE(result.has_value()) << json;
        EXPECT_NE(result.error().message.find(message), std::string::npos) << result.error().message;
    }

    std::string many = R"({"public_keys": [)";
    for (std::size_t index = 0; index <= code_keys_maximum; ++index) {
        many += (index == 0 ? "\"" : ",\"") + key + "\"";
    }
    many += R"(], "revoked_serials": []})";
    auto too_many = decode_code_lists(many);
    ASSERT_FALSE(too_many.has_value());
    EXPECT_NE(too_many.error().message.find("more than the 64 a hub sends"), std::string::npos)
        << too_many.error().message;
}

// ---- Kiosk health -----------------------------------------------------------------------------------

KioskReport sample_report() {
    KioskReport report;
    report.kiosk = "kiosk-1";
    report.version = "0.1.0";
    report.backlog = 7;
    report.printer = PrinterCondition::problem;
    report.printer_problems = {"no_media", "cover_open"};
    report.labels_left = 0;
    report.scanners = 2;
    report.last_scan_at_milliseconds = 1'795'950'000'123;
    return report;
}

TEST(HubProtocolKioskReport, RoundTripsWithEveryFieldAndWithTheOptionalOnesLeftEmpty) {
    const KioskReport full = sample_report();
    auto decoded = decode_kiosk_report(encode(full));
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(*decoded, full);
    EXPECT_EQ(decoded->printer_problems, (std::vector<std::string>{"no_media", "cover_open"}));
    EXPECT_EQ(decoded->labels_left, 0);

    KioskReport bare;
    bare.kiosk = "kiosk-2";
    bare.version = "0.1.0";
    const auto json = nlohmann::json::parse(encode(bare));
    EXPECT_TRUE(json["labels_left"].is_null());
    EXPECT_TRUE(json["last_scan_at_ms"].is_null());
    EXPECT_EQ(json["printer"], "unknown");
    auto bare_decoded = decode_kiosk_report(encode(bare));
    ASSERT_TRUE(bare_decoded.has_value()) << bare_decoded.error().message;
    EXPECT_EQ(*bare_decoded, bare);
    EXPECT_FALSE(bare_decoded->labels_left.has_value());

    const KioskReportReply reply{"kiosk-1", 1'795'950'001'000};
    auto reply_decoded = decode_kiosk_report_reply(encode(reply));
    ASSERT_TRUE(reply_decoded.has_value()) << reply_decoded.error().message;
    EXPECT_EQ(*reply_decoded, reply);
}

TEST(HubProtocolKioskReport, CarriesNoCodeNoNameAndNoOperator) {
    const auto json = nlohmann::json::parse(encode(sample_report()));
    std::vector<std::string> keys;
    for (const auto& [key, value] : json.items()) {
        keys.push_back(key);
    }
    // nlohmann::json keeps its keys sorted: the report's fields, and nothing else, in name order.
    EXPECT_EQ(keys, (std::vector<std::string>{"backlog", "kiosk", "labels_left", "last_scan_at_ms", "printer",
                                              "printer_problems", "scanners", "version"}));
}

// Each malformed report and the words its refusal must hold.
struct BrokenReport {
    std::string name;
    std::function<void(nlohmann::json&)> change;
    std::string expected;
};

TEST(HubProtocolKioskReport, MalformedReportsAreRefusedNamingTheField) {
    const std::vector<BrokenReport> cases = {
        {"no kiosk", [](nlohmann::json& json) { json.erase("kiosk"); }, "kiosk: missing"},
        {"empty kiosk", [](nlohmann::json& json) { json["kiosk"] = ""; }, "kiosk: empty"},
        {"kiosk with a newline", [](nlohmann::json& json) { json["kiosk"] = "kiosk\n1"; },
         "kiosk holds control characters"},
        {"long kiosk", [](nlohmann::json& json) { json["kiosk"] = std::string(201, 'k'); },
         "kiosk: longer than 200 bytes"},
        {"version a number", [](nlohmann::json& json) { json["version"] = 1; }, "version: not a string"},
        {"long version", [](nlohmann::json& json) { json["version"] = std::string(65, '1'); },
         "version is longer than 64 characters"},
        {"negative backlog", [](nlohmann::json& json) { json["backlog"] = -1; }, "backlog: negative"},
        {"unknown printer", [](nlohmann::json& json) { json["printer"] = "on fire"; },
         "printer: not ready, problem, none or unknown"},
        {"problems of a ready printer", [](nlohmann::json& json) { json["printer"] = "ready"; },
         "printer_problems: listed for a printer that is not in trouble"},
        {"too many problems",
         [](nlohmann::json& json) { json["printer_problems"] = std::vector<std::string>(9, "io"); },
         "printer_problems: 9 entries, more than the 8 a kiosk sends"},
        {"problem not a string", [](nlohmann::json& json) { json["printer_problems"][1] = 3; },
         "printer_problems[1]: not a string"},
        {"negative labels", [](nlohmann::json& json) { json["labels_left"] = -5; }, "labels_left: negative"},
        {"labels a string", [](nlohmann::json& json) { json["labels_left"] = "many"; },
         "labels_left: not an integer"},
        {"too many scanners", [](nlohmann::json& json) { json["scanners"] = 65; },
         "scanners: 65, more than the 64 a kiosk drives"},
        {"negative scan time", [](nlohmann::json& json) { json["last_scan_at_ms"] = -1; },
         "last_scan_at_ms: negative"},
    };
    for (const auto& broken : cases) {
        auto json = nlohmann::json::parse(encode(sample_report()));
        broken.change(json);
        auto decoded = decode_kiosk_report(json.dump());
        ASSERT_FALSE(decoded.has_value()) << broken.name;
        EXPECT_EQ(decoded.error().kind, ErrorKind::invalid_input) << broken.name;
        EXPECT_EQ(decoded.error().message, broken.expected) << broken.name;
    }
}

TEST(HubProtocolKioskReport, AnOversizedReportIsRefusedBeforeItIsParsed) {
    auto json = nlohmann::json::parse(encode(sample_report()));
    json["padding"] = std::string(kiosk_report_maximum_bytes, ' ');
    auto decoded = decode_kiosk_report(json.dump());
    ASSERT_FALSE(decoded.has_value());
    EXPECT_NE(
        decoded.error().message.find(fmt::format("more than the {} it may have", kiosk_report_maximum_bytes)),
        std::string::npos)
        << decoded.error().message;
}

} // namespace
} // namespace checkin::sync
