// `kioskctl invitations` end to end, read back as the delegates' phones and reception's scanners would:
// for the whole Serock roster, every QR picture and every page of the PDF (rendered by poppler's
// pdftoppm) is read by zbarimg and verified as the delegate's signed invitation; a re-run keeps every
// code, --reissue revokes one and signs a new one, a cancelled delegate's code is revoked; a typo in
// --reissue changes nothing; formula cells are escaped; files are private.

#include "base/signature.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/roster/csv.hpp"
#include "sync/roster/invitation_plan.hpp"
#include "sync/roster/signed_code.hpp"
#include "tests/kiosk/process.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <map>
#include <sys/stat.h>

namespace checkin::test {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view event_name = "Seminarium CWD+ Serock";

std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

mode_t permissions_of(const std::filesystem::path& path) {
    struct stat status {};
    EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
    return status.st_mode & 07777U;
}

struct MailMergeRow {
    std::string email, first_name, last_name, organisation, code, days, qr_file, signed_code;
};

// invitations.csv as a mail merge reads it: a byte-order mark, then semicolon-separated rows.
std::vector<MailMergeRow> read_mail_merge(const std::filesystem::path& path) {
    const std::string text = read_file(path);
    EXPECT_TRUE(text.starts_with(sync::spreadsheet_byte_order_mark));
    auto table = sync::parse_csv(std::string_view(text).substr(sync::spreadsheet_byte_order_mark.size()),
                                 sync::DelimiterChoice::semicolon);
    EXPECT_TRUE(table.has_value());
    std::vector<MailMergeRow> rows;
    if (!table || table->records.empty()) {
        return rows;
    }
    EXPECT_EQ(table->records[0].fields, (std::vector<std::string>{"E-mail", "Imię", "Nazwisko", "Instytucja",
                                                                  "Kod", "Dni", "Plik QR", "Kod QR"}));
    for (std::size_t index = 1; index < table->records.size(); ++index) {
        const auto& fields = table->records[index].fields;
        EXPECT_EQ(fields.size(), 8U);
        if (fields.size() == 8) {
            rows.push_back(
                {fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7]});
        }
    }
    return rows;
}

std::map<std::string, MailMergeRow> rows_by_code(const std::vector<MailMergeRow>& rows) {
    std::map<std::string, MailMergeRow> by_code;
    for (const MailMergeRow& row : rows) {
        by_code[row.code] = row;
    }
    return by_code;
}

// What zbarimg reads from each picture, in the order given (one code a picture; a picture it cannot read
// leaves a gap the caller sees as a shorter list). QR codes only: with every symbology on, zbarimg read two
// of the 320 pictures as holding an extra DataBar code as well, found in the QR's modules.
std::vector<std::string> read_with_zbarimg(const std::vector<std::string>& pictures) {
    std::vector<std::string> arguments = {"/usr/bin/zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable"};
    arguments.insert(arguments.end(), pictures.begin(), pictures.end());
    const ProcessResult read = run_process(arguments, 120s);
    std::vector<std::string> codes;
    std::istringstream lines(read.out);
    for (std::string line; std::getline(lines, line);) {
        codes.push_back(line);
    }
    return codes;
}

class KioskctlInvitations : public ::testing::Test {
protected:
    void SetUp() override {
        const auto made = run_kioskctl({"keys", "new", "--out", key});
        ASSERT_EQ(made.exit_code, 0) << made.describe();
        public_key = base::parse_public_key(made.out).value();
    }

    void import(const std::string& roster) {
        const auto imported =
            run_kioskctl({"--db", database, "import", roster, "--event-days", "2026-11-29,2026-11-30",
                          "--event-name", std::string(event_name)});
        ASSERT_EQ(imported.exit_code, 0) << imported.describe();
    }

    // A roster of the first `count` Serock delegates, plus `extra` lines.
    std::string small_roster(std::size_t count, const std::string& extra = "") {
        std::istringstream lines(read_file(std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv"));
        std::string text;
        std::string line;
        for (std::size_t index = 0; index <= count && std::getline(lines, line); ++index) {
            text += line + "\n";
        }
        const std::string path = directory.file("small-roster.csv");
        std::ofstream(path) << text << extra;
        return path;
    }

    ProcessResult invitations(std::vector<std::string> more = {}) {
        std::vector<std::string> arguments = {"--db", database, "invitations", "--key", key, "--out", output};
        arguments.insert(arguments.end(), more.begin(), more.end());
        return run_process(
            [&] {
                arguments.insert(arguments.begin(), kioskctl_path());
                return arguments;
            }(),
            120s);
    }

    sync::CodeVerifier verifier(std::set<std::string> revoked = {}) const {
        return sync::CodeVerifier{{public_key}, sync::event_tag(event_name), std::move(revoked)};
    }

    std::map<std::string, sync::Delegate> delegates_by_code() const {
        auto mirror = sync::Mirror::open(database);
        EXPECT_TRUE(mirror.has_value());
        std::map<std::string, sync::Delegate> delegates;
        const auto records = mirror->all_delegates().value(); // a copy: the expected is a temporary
        for (const auto& record : records) {
            delegates[record.delegate.code] = record.delegate;
        }
        return delegates;
    }

    TemporaryDirectory directory;
    std::string database = directory.file("mirror.db");
    std::string key = directory.file("organiser.key");
    std::string output = directory.file("invitations");
    base::PublicKey public_key{};
};

TEST_F(KioskctlInvitations, EveryQrPictureAndEveryPdfPageReadsBackAsTheDelegatesSignedInvitation) {
    import(std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv");
    const auto made = invitations();
    ASSERT_EQ(made.exit_code, 0) << made.describe();
    const auto delegates = delegates_by_code();
    ASSERT_EQ(delegates.size(), 320U);
    EXPECT_NE(made.out.find("320 invitations in " + output + ": 320 new, 0 kept"), std::string::npos)
        << made.out;

    const std::filesystem::path folder(output);
    EXPECT_EQ(permissions_of(folder), 0700U);
    EXPECT_EQ(permissions_of(folder / "qr"), 0700U);
    for (const char* file : {"invitations.csv", "invitations.pdf", "revoked-serials.txt"}) {
        EXPECT_EQ(permissions_of(folder / file), 0600U) << file;
    }
    EXPECT_EQ(read_file(folder / "revoked-serials.txt"), "");

    const auto rows = read_mail_merge(folder / "invitations.csv");
    ASSERT_EQ(rows.size(), 320U);
    std::vector<std::string> pictures;
    for (const MailMergeRow& row : rows) {
        ASSERT_TRUE(delegates.contains(row.code)) << row.code;
        const sync::Delegate& delegate = delegates.at(row.code);
        EXPECT_EQ(row.email, delegate.email);
        EXPECT_EQ(row.first_name, delegate.first_name);
        EXPECT_EQ(row.last_name, delegate.last_name);
        EXPECT_EQ(row.organisation, delegate.organisation);
        const std::vector<sync::Day> days =
            delegate.days.empty() ? std::vector<sync::Day>{2026y / 11 / 29, 2026y / 11 / 30} : delegate.days;
        EXPECT_EQ(row.days, sync::format_day_list(days));
        EXPECT_EQ(permissions_of(folder / row.qr_file), 0600U);
        pictures.push_back((folder / row.qr_file).string());

        auto verified = sync::verify_code(row.signed_code, verifier(), days.front());
        ASSERT_TRUE(verified.has_value()) << row.code << ": " << verified.error().detail;
        EXPECT_EQ(verified->kind, sync::CodeKind::invitation);
        EXPECT_EQ(verified->delegate_code, delegate.code);
        EXPECT_EQ(verified->first_name, delegate.first_name);
        EXPECT_EQ(verified->last_name, delegate.last_name);
        EXPECT_EQ(verified->organisation,
                  sync::shorten_to_bytes(delegate.organisation, sync::signed_organisation_maximum));
        EXPECT_EQ(verified->role, delegate.role);
        EXPECT_EQ(verified->days, days);
        EXPECT_EQ(verified->valid_until, days.back());
    }
    std::set<std::string> serials;
    for (const MailMergeRow& row : rows) {
        auto verified = sync::verify_code(row.signed_code, verifier(), 2026y / 11 / 29);
        ASSERT_TRUE(verified.has_value()) << row.code;
        serials.insert(verified->serial);
    }
    EXPECT_EQ(serials.size(), 320U) << "every invitation has a serial of its own";

    // Every QR picture, read by zbarimg, is the row's signed code.
    std::vector<std::string> expected;
    for (const MailMergeRow& row : rows) {
        expected.push_back(row.signed_code);
    }
    EXPECT_EQ(read_with_zbarimg(pictures), expected);

    // Every page of the PDF, rendered by poppler and read by zbarimg, in the CSV's order. 72 dpi is enough
    // for the page's large QR code, and rendering 320 pages is most of this test's time.
    const std::string page_prefix = directory.file("page");
    const ProcessResult rendered = run_process(
        {"/usr/bin/pdftoppm", "-r", "72", "-png", (folder / "invitations.pdf").string(), page_prefix}, 300s);
    ASSERT_EQ(rendered.exit_code, 0) << rendered.describe();
    std::vector<std::string> pages;
    for (const auto& entry : std::filesystem::directory_iterator(directory.path())) {
        if (entry.path().filename().string().starts_with("page-")) {
            pages.push_back(entry.path().string());
        }
    }
    std::ranges::sort(pages); // page-001.png, page-002.png, …
    ASSERT_EQ(pages.size(), 320U);
    EXPECT_EQ(read_with_zbarimg(pages), expected);

    // The signing key joined the mirror's keys.
    const auto keys = run_kioskctl({"--db", database, "keys", "list"});
    EXPECT_EQ(keys.out, base::format_public_key(public_key) + "\n");
}

TEST_F(KioskctlInvitations, ARerunKeepsEveryCodeAReissueRevokesTheOldOneAndACancellationItsCode) {
    const std::string formula_line =
        "CWD-FORMULA1,Jan,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",Gmina Serock,Wójt,,,Uczestnik,29.11,"
        "jan@example.org\n";
    const std::string roster = small_roster(4, formula_line);
    import(roster);
    const auto first = invitations({"--paper", "a6"});
    ASSERT_EQ(first.exit_code, 0) << first.describe();
    const std::filesystem::path folder(output);
    auto before = rows_by_code(read_mail_merge(folder / "invitations.csv"));
    ASSERT_EQ(before.size(), 5U);
    const auto info = run_process({"/usr/bin/pdfinfo", (folder / "invitations.pdf").string()});
    EXPECT_NE(info.out.find("Page size:       297.638 x 419.528 pts"), std::string::npos) << info.out; // A6
    EXPECT_NE(info.out.find("Pages:           5"), std::string::npos) << info.out;

    // A formula in a name is escaped in the CSV's bytes, and reads back as text.
    EXPECT_NE(read_file(folder / "invitations.csv").find("'=HYPERLINK"), std::string::npos);
    EXPECT_EQ(before["CWD-FORMULA1"].last_name, "'=HYPERLINK(\"http://x\",\"y\")");
    EXPECT_EQ(before["CWD-FORMULA1"].days, "29.11");

    const auto again = invitations();
    ASSERT_EQ(again.exit_code, 0) << again.describe();
    EXPECT_NE(again.out.find("0 new, 5 kept from an earlier run, 0 reissued, 0 withdrawn"), std::string::npos)
        << again.out;
    auto kept = rows_by_code(read_mail_merge(folder / "invitations.csv"));
    ASSERT_EQ(kept.size(), 5U);
    for (const auto& [code, row] : kept) {
        EXPECT_EQ(row.signed_code, before[code].signed_code) << code;
    }

    // Reissue one invitation (its code written in lower case, as staff may type it).
    const std::string reissued_code = "CWD-ZPZXSWG7"; // the roster's first delegate
    const auto reissued = invitations({"--reissue", "cwd-zpzxswg7"});
    ASSERT_EQ(reissued.exit_code, 0) << reissued.describe();
    EXPECT_NE(reissued.out.find("0 new, 4 kept from an earlier run, 1 reissued"), std::string::npos)
        << reissued.out;
    EXPECT_NE(reissued.out.find("kiosk-hub --db HUB revoke --file"), std::string::npos) << reissued.out;
    auto after = rows_by_code(read_mail_merge(folder / "invitations.csv"));
    ASSERT_EQ(after.size(), 5U);
    EXPECT_NE(after[reissued_code].signed_code, before[reissued_code].signed_code);
    EXPECT_EQ(after["CWD-FORMULA1"].signed_code, before["CWD-FORMULA1"].signed_code);
    EXPECT_EQ(read_with_zbarimg({(folder / after[reissued_code].qr_file).string()}),
              std::vector{after[reissued_code].signed_code})
        << "the picture was written anew";

    const std::string old_serial =
        sync::verify_code(before[reissued_code].signed_code, verifier(), 2026y / 11 / 29)->serial;
    EXPECT_EQ(read_file(folder / "revoked-serials.txt"), old_serial + "\n");
    const std::set<std::string> revoked = {old_serial};
    auto old_code = sync::verify_code(before[reissued_code].signed_code, verifier(revoked), 2026y / 11 / 29);
    ASSERT_FALSE(old_code.has_value());
    EXPECT_EQ(old_code.error().reason, sync::CodeRefusal::revoked);
    EXPECT_TRUE(
        sync::verify_code(after[reissued_code].signed_code, verifier(revoked), 2026y / 11 / 29).has_value());
    EXPECT_EQ(run_kioskctl({"--db", database, "revoke"}).out, old_serial + "\n")
        << "the mirror's revocation list holds it too";

    // The roster's second delegate leaves it: a re-import cancels them and the next run revokes their code.
    const std::string cancelled_code = "CWD-K72UFRSS";
    ASSERT_TRUE(before.contains(cancelled_code));
    std::istringstream lines(read_file(roster));
    std::string without;
    for (std::string line; std::getline(lines, line);) {
        if (!line.starts_with(cancelled_code + ",")) {
            without += line + "\n";
        }
    }
    std::ofstream(roster) << without;
    import(roster);
    const auto withdrawn = invitations();
    ASSERT_EQ(withdrawn.exit_code, 0) << withdrawn.describe();
    EXPECT_NE(withdrawn.out.find("4 invitations in"), std::string::npos) << withdrawn.out;
    EXPECT_NE(withdrawn.out.find("1 withdrawn"), std::string::npos) << withdrawn.out;
    const auto remaining = rows_by_code(read_mail_merge(folder / "invitations.csv"));
    ASSERT_EQ(remaining.size(), 4U);
    EXPECT_FALSE(remaining.contains(cancelled_code));
    const std::string cancelled_serial =
        sync::verify_code(before[cancelled_code].signed_code, verifier(), 2026y / 11 / 29)->serial;
    const std::string listed = read_file(folder / "revoked-serials.txt");
    EXPECT_NE(listed.find(cancelled_serial + "\n"), std::string::npos) << listed;
    EXPECT_NE(listed.find(old_serial + "\n"), std::string::npos)
        << "the whole list, for a hub that missed a run";
}

TEST_F(KioskctlInvitations, AReissueOfACodeNoDelegateHasChangesNothing) {
    import(small_roster(3));
    ASSERT_EQ(invitations().exit_code, 0);
    const std::filesystem::path folder(output);
    const std::string csv_before = read_file(folder / "invitations.csv");
    const std::string issued_before = read_file(database);

    const auto refused = invitations({"--reissue", "CWD-NOSUCH1"});
    EXPECT_EQ(refused.exit_code, 1) << refused.describe();
    EXPECT_NE(refused.err.find("--reissue CWD-NOSUCH1: no active delegate has this code"), std::string::npos)
        << refused.err;
    EXPECT_EQ(read_file(folder / "invitations.csv"), csv_before);
    EXPECT_EQ(run_kioskctl({"--db", database, "revoke"}).out, "") << "nothing was revoked";
}

TEST_F(KioskctlInvitations, MistakesAreRefusedWithTheirExitCodes) {
    import(small_roster(2));
    const auto no_key = run_kioskctl(
        {"--db", database, "invitations", "--key", directory.file("missing.key"), "--out", output});
    EXPECT_EQ(no_key.exit_code, 3) << no_key.describe();
    EXPECT_NE(no_key.err.find("kioskctl keys new --out"), std::string::npos) << no_key.err;

    const auto paper = invitations({"--paper", "letter"});
    EXPECT_EQ(paper.exit_code, 2) << paper.describe();
    EXPECT_NE(paper.err.find("--paper letter is not a4 or a6"), std::string::npos) << paper.err;

    const auto no_mirror =
        run_kioskctl({"--db", directory.file("typo.db"), "invitations", "--key", key, "--out", output});
    EXPECT_EQ(no_mirror.exit_code, 2) << no_mirror.describe();
    EXPECT_FALSE(std::filesystem::exists(directory.file("typo.db")));
    EXPECT_FALSE(std::filesystem::exists(output)) << "nothing is written before the mirror is read";
}

} // namespace
} // namespace checkin::test
