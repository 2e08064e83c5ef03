// The IPP printer session against a real IPP Everywhere printer on loopback (ippeveprinter, see
// ippeveprinter_fixture.hpp): the badge it receives is read back (the PWG raster decoded by libcups, the
// PDF rendered by pdftoppm) and its QR code read by zbarimg; faults set in the printer's state reach the
// session as the problems the QL and Zebra sessions report; a job the printer aborts is not printed.

#include "drivers/badge_document.hpp"
#include "drivers/device_address.hpp"
#include "drivers/ipp_discovery.hpp"
#include "drivers/ipp_printer.hpp"
#include "printing/badge_layout.hpp"
#include "printing/badge_pdf.hpp"
#include "printing/badge_template.hpp"
#include "printing/badge_typefaces.hpp"
#include "printing/png.hpp"
#include "printing/pwg_raster.hpp"
#include "tests/drivers/cutting_relay.hpp"
#include "tests/drivers/ippeveprinter_fixture.hpp"
#include "tests/printing/pwg_raster_reader.hpp"

#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>

namespace checkin::drivers {
namespace {

const std::filesystem::path templates_directory = CHECKIN_TEST_DATA "/../../printing/templates";

std::vector<std::uint8_t> file_bytes(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(file), {});
}

class IppPrinterTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto faces = printing::BadgeTypefaces::open({});
        ASSERT_TRUE(faces) << faces.error().message;
        typefaces = new printing::BadgeTypefaces(std::move(*faces));
        auto loaded = printing::load_badge_template(templates_directory, "ql-62x100");
        ASSERT_TRUE(loaded) << loaded.error().message;
        badge_template = new printing::BadgeTemplate(std::move(*loaded));
    }
    static void TearDownTestSuite() {
        delete typefaces;
        delete badge_template;
        typefaces = nullptr;
        badge_template = nullptr;
    }

    // The badge of a delegate with this code, as the kiosk would hand it to an IPP printer.
    static PrintJob badge_job(const std::string& code) {
        printing::BadgeData data;
        data.code = code;
        data.first_name = "Zofia";
        data.last_name = "Wójcik-Łęcka";
        data.organisation = "Gmina Serock";
        auto image = printing::compose_badge(data, *badge_template, typefaces->fonts());
        EXPECT_TRUE(image);
        PrintJob job;
        job.medium = "62x100";
        job.description = "badge (" + code + ")";
        attach_badge_document(job, std::move(*image), badge_template->dpi);
        return job;
    }

    static IppPrinter session(const test::IppEvePrinter& printer, IppPrinterSettings settings = fast()) {
        auto address = parse_device_address(printer.uri());
        EXPECT_TRUE(address);
        return IppPrinter(std::get<IppAddress>(*address), settings);
    }

    static IppPrinterSettings fast() {
        IppPrinterSettings settings;
        settings.poll_interval = std::chrono::milliseconds(20);
        settings.printed_timeout = std::chrono::seconds(20);
        settings.reconnect_timeout = std::chrono::milliseconds(500);
        return settings;
    }

    static inline printing::BadgeTypefaces* typefaces = nullptr;
    static inline printing::BadgeTemplate* badge_template = nullptr;
};

TEST_F(IppPrinterTest, ThePrinterReceivesTheBadgeAsPwgRasterAndItsCodeReadsBack) {
    test::IppEvePrinter printer;
    ASSERT_TRUE(printer.running());
    IppPrinter ipp = session(printer);
    auto printed = ipp.print(badge_job("CWD-IPP1"));
    ASSERT_TRUE(printed) << printed.error().detail << "\n" << printer.log();
    EXPECT_EQ(ipp.last_job_sends(), 1U);
    ASSERT_TRUE(ipp.last_job_id());

    const auto documents = printer.documents();
    ASSERT_EQ(documents.size(), 1U) << printer.log();
    EXPECT_EQ(documents.front().extension(), ".pwg");
    const auto pages = printing::decode_pwg_raster(file_bytes(documents.front()));
    ASSERT_TRUE(pages);
    ASSERT_EQ(pages->size(), 1U);
    // At the template's size and resolution: 62 × 100 mm at 300 dpi.
    EXPECT_EQ(pages->front().header.HWResolution[0], 300U);
    EXPECT_EQ(pages->front().black.width(), badge_template->width_dots);
    EXPECT_EQ(pages->front().black.height(), badge_template->height_dots);
    auto png = printing::encode_png(printing::BadgeImage{pages->front().black, std::nullopt}, 300);
    ASSERT_TRUE(png);
    const std::filesystem::path picture = printer.folder() / "received.png";
    std::ofstream(picture, std::ios::binary)
        .write(reinterpret_cast<const char*>(png->data()), static_cast<std::streamsize>(png->size()));
    EXPECT_EQ(test::read_codes_with_zbarimg(picture.string()), "CWD-IPP1");
}

TEST_F(IppPrinterTest, APrinterThatTakesOnlyPdfGetsAPdfAtTheTemplatesSize) {
    test::IppEvePrinter printer("application/pdf");
    ASSERT_TRUE(printer.running());
    IppPrinter ipp = session(printer);
    auto printed = ipp.print(badge_job("CWD-IPP2"));
    ASSERT_TRUE(printed) << printed.error().detail << "\n" << printer.log();
    const auto documents = printer.documents();
    ASSERT_EQ(documents.size(), 1U);
    EXPECT_EQ(documents.front().extension(), ".pdf");

    const test::ProcessResult info = test::run_process({"/usr/bin/pdfinfo", documents.front().string()});
    ASSERT_EQ(info.exit_code, 0) << info.describe();
    // The template's picture (the printable area of a 62 × 100 mm label, 696 × 1109 dots at 300 dpi) in
    // points.
    ASSERT_EQ(badge_template->width_dots, 696U);
    ASSERT_EQ(badge_template->height_dots, 1109U);
    EXPECT_NE(info.out.find("Page size:       167.04 x 266.16 pts"), std::string::npos) << info.out;
    const test::ProcessResult rendered =
        test::run_process({"/usr/bin/pdftoppm", "-r", "300", "-png", "-singlefile",
                           documents.front().string(), (printer.folder() / "received").string()});
    ASSERT_EQ(rendered.exit_code, 0) << rendered.describe();
    EXPECT_EQ(test::read_codes_with_zbarimg((printer.folder() / "received.png").string()), "CWD-IPP2");
}

// The one document the printer received, which must be one page of PWG raster.
std::optional<printing::DecodedPwgPage> the_raster_page(const test::IppEvePrinter& printer) {
    const auto documents = printer.documents();
    EXPECT_EQ(documents.size(), 1U) << printer.log();
    if (documents.size() != 1 || documents.front().extension() != ".pwg") {
        ADD_FAILURE() << "expected one PWG raster document";
        return std::nullopt;
    }
    auto pages = printing::decode_pwg_raster(file_bytes(documents.front()));
    if (!pages || pages->size() != 1) {
        ADD_FAILURE() << "the document is not one page of PWG raster libcups can read";
        return std::nullopt;
    }
    return pages->front();
}

// A two-colour badge (the A6 card with an expert's red role band), as the kiosk hands it over.
PrintJob two_colour_job(printing::BadgeTypefaces& typefaces, const std::string& code) {
    auto card = printing::load_badge_template(templates_directory, "page-a6");
    EXPECT_TRUE(card) << card.error().message;
    printing::BadgeData data;
    data.code = code;
    data.first_name = "Zofia";
    data.last_name = "Wójcik-Łęcka";
    data.organisation = "Gmina Serock";
    data.role = "Ekspert";
    auto image = printing::compose_badge(data, *card, typefaces.fonts());
    EXPECT_TRUE(image);
    EXPECT_TRUE(image->red);
    EXPECT_GT(image->red->black_dots(), 10000U); // the band
    PrintJob job;
    job.medium = "a6";
    job.description = "badge (" + code + ")";
    attach_badge_document(job, std::move(*image), card->dpi);
    return job;
}

// Dots of a rendered page that are clearly red (and not black, white or grey).
std::size_t red_pixels(const printing::RgbImage& page) {
    std::size_t red = 0;
    for (std::size_t index = 0; index + 2 < page.pixels.size(); index += 3) {
        red +=
            page.pixels[index] >= 160 && page.pixels[index + 1] < 96 && page.pixels[index + 2] < 96 ? 1U : 0U;
    }
    return red;
}

TEST_F(IppPrinterTest, AColourPrinterGetsATwoColourBadgeAsSrgbRasterWithItsRedBandRed) {
    test::IppEvePrinter printer("image/pwg-raster,application/pdf", test::IppEvePrinter::Announce::no,
                                test::IppEvePrinter::Ink::colour);
    ASSERT_TRUE(printer.running());
    IppPrinter ipp = session(printer);
    auto capabilities = ipp.capabilities();
    ASSERT_TRUE(capabilities) << capabilities.error().detail;
    EXPECT_TRUE(capabilities->colour);
    EXPECT_TRUE(capabilities->pwg_raster_colour);
    const PrintJob job = two_colour_job(*typefaces, "CWD-IPPC1");
    EXPECT_TRUE(job.two_colour);
    auto printed = ipp.print(job);
    ASSERT_TRUE(printed) << printed.error().detail << "\n" << printer.log();

    const auto received = the_raster_page(printer);
    ASSERT_TRUE(received);
    const printing::DecodedPwgPage& page = *received;
    EXPECT_EQ(page.header.cupsColorSpace, CUPS_CSPACE_SRGB);
    ASSERT_TRUE(page.red);
    EXPECT_EQ(page.other_colours, 0U);
    // The band arrives red, dot for dot as composed.
    auto expected = job.document(DocumentFormat::pwg_raster_colour);
    ASSERT_TRUE(expected);
    const auto sent = printing::decode_pwg_raster(*expected);
    ASSERT_TRUE(sent);
    EXPECT_EQ(*page.red, *sent->front().red);
    EXPECT_GT(page.red->black_dots(), 10000U);
    auto png = printing::encode_png(printing::BadgeImage{page.black, page.red}, 300);
    ASSERT_TRUE(png);
    const std::filesystem::path picture = printer.folder() / "received.png";
    std::ofstream(picture, std::ios::binary)
        .write(reinterpret_cast<const char*>(png->data()), static_cast<std::streamsize>(png->size()));
    EXPECT_EQ(test::read_codes_with_zbarimg(picture.string()), "CWD-IPPC1");
}

TEST_F(IppPrinterTest, AColourPrinterTakingOnlyPdfGetsThePdfWithTheRedBand) {
    test::IppEvePrinter printer("application/pdf", test::IppEvePrinter::Announce::no,
                                test::IppEvePrinter::Ink::colour);
    ASSERT_TRUE(printer.running());
    IppPrinter ipp = session(printer);
    auto printed = ipp.print(two_colour_job(*typefaces, "CWD-IPPC2"));
    ASSERT_TRUE(printed) << printed.error().detail << "\n" << printer.log();
    const auto documents = printer.documents();
    ASSERT_EQ(documents.size(), 1U);
    EXPECT_EQ(documents.front().extension(), ".pdf");
    const test::ProcessResult rendered =
        test::run_process({"/usr/bin/pdftoppm", "-r", "150", "-png", "-singlefile",
                           documents.front().string(), (printer.folder() / "received").string()});
    ASSERT_EQ(rendered.exit_code, 0) << rendered.describe();
    auto page = printing::read_png_rgb_file(printer.folder() / "received.png");
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_GT(red_pixels(*page), 2000U);
    EXPECT_EQ(test::read_codes_with_zbarimg((printer.folder() / "received.png").string()), "CWD-IPPC2");
}

TEST_F(IppPrinterTest, ABlackOnlyPrinterGetsATwoColourBadgeInGreyWithTheBandBlack) {
    test::IppEvePrinter printer; // raster and PDF, no colour
    ASSERT_TRUE(printer.running());
    IppPrinter ipp = session(printer);
    const PrintJob job = two_colour_job(*typefaces, "CWD-IPPC3");
    auto printed = ipp.print(job);
    ASSERT_TRUE(printed) << printed.error().detail << "\n" << printer.log();
    const auto page = the_raster_page(printer);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->header.cupsColorSpace, CUPS_CSPACE_SW);
    EXPECT_FALSE(page->red);
    // The band is black: every red dot of the colour page is black here.
    auto colour = printing::decode_pwg_raster(*job.document(DocumentFormat::pwg_raster_colour));
    ASSERT_TRUE(colour);
    const printing::Bitmap& red = *colour->front().red;
    std::size_t red_printed_black = 0;
    for (std::size_t y = 0; y < red.height(); ++y) {
        for (std::size_t x = 0; x < red.width(); ++x) {
            red_printed_black += red.black(x, y) && page->black.black(x, y) ? 1U : 0U;
        }
    }
    EXPECT_EQ(red_printed_black, red.black_dots());
}

// The session to the printer through a relay that cuts the link once (cutting_relay.hpp).
IppPrinter session_through(const test::CuttingRelay& relay, IppPrinterSettings settings) {
    auto address = parse_device_address(fmt::format("ipp://127.0.0.1:{}/ipp/print", relay.port()));
    EXPECT_TRUE(address);
    return IppPrinter(std::get<IppAddress>(*address), settings);
}

// The codes zbarimg reads on each PWG raster document the printer received, oldest first.
std::vector<std::string> codes_on(const test::IppEvePrinter& printer) {
    std::vector<std::string> codes;
    int index = 0;
    for (const auto& document : printer.documents()) {
        const auto pages = printing::decode_pwg_raster(file_bytes(document));
        if (!pages || pages->size() != 1) {
            codes.emplace_back("(no whole page)");
            continue;
        }
        auto png = printing::encode_png(printing::BadgeImage{pages->front().black, pages->front().red}, 300);
        const std::filesystem::path picture = printer.folder() / fmt::format("document-{}.png", index++);
        std::ofstream(picture, std::ios::binary)
            .write(reinterpret_cast<const char*>(png->data()), static_cast<std::streamsize>(png->size()));
        codes.push_back(test::read_codes_with_zbarimg(picture.string()));
    }
    return codes;
}

constexpr std::size_t relay_large_request = 2048; // a status question is well under 1 kB

TEST_F(IppPrinterTest, AJobCutOffWhileBeingSentPrintsNothingAndIsNotCountedAsPrinted) {
    // The A6 card in colour: the largest document a badge makes.
    test::IppEvePrinter printer("image/pwg-raster,application/pdf", test::IppEvePrinter::Announce::no,
                                test::IppEvePrinter::Ink::colour);
    ASSERT_TRUE(printer.running());
    test::CuttingRelay relay(printer.port(), test::CuttingRelay::Cut::upload, relay_large_request);
    IppPrinter ipp = session_through(relay, fast());
    const PrintJob job = two_colour_job(*typefaces, "CWD-IPPCUT1");
    auto document = job.document(DocumentFormat::pwg_raster_colour);
    ASSERT_TRUE(document);
    ASSERT_GT(document->size(), 8 * relay_large_request);

    // The rest of the document fits in the kernel's buffers, so libcups learns of the cut only when it
    // reads the reply: the session cannot tell whether the printer had the whole job, reports the badge
    // as not printed and does not send it again.
    auto printed = ipp.print(job);
    ASSERT_FALSE(printed);
    EXPECT_EQ(relay.cuts(), 1);
    EXPECT_EQ(printed.error().problem, Problem::not_printed);
    EXPECT_EQ(ipp.last_job_sends(), 1U);
    // The printer dropped the incomplete request: nothing came out, so the badge is printed once, when
    // staff (or the delegate's next scan) print it again.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (const auto& code : codes_on(printer)) {
        EXPECT_NE(code, "CWD-IPPCUT1") << "the cut-off job printed";
    }
    ASSERT_TRUE(ipp.print(job)) << printer.log();
    EXPECT_EQ(ipp.last_job_sends(), 1U);
    const auto codes = codes_on(printer);
    EXPECT_EQ(std::ranges::count(codes, std::string("CWD-IPPCUT1")), 1) << printer.log();
}

TEST_F(IppPrinterTest, AJobSentWholeWhoseReplyIsLostIsNotSentAgain) {
    test::IppEvePrinter printer;
    ASSERT_TRUE(printer.running());
    test::CuttingRelay relay(printer.port(), test::CuttingRelay::Cut::reply, relay_large_request);
    IppPrinter ipp = session_through(relay, fast());
    auto printed = ipp.print(badge_job("CWD-IPPCUT2"));
    ASSERT_FALSE(printed);
    EXPECT_EQ(relay.cuts(), 1);
    EXPECT_EQ(printed.error().problem, Problem::not_printed);
    EXPECT_NE(printed.error().detail.find("no reply came"), std::string::npos) << printed.error().detail;
    EXPECT_EQ(ipp.last_job_sends(), 1U);
    // The printer had the whole job and printed it; the session did not send it a second time, so the
    // badge exists once (staff see "not printed" and reprint only if it did not come out).
    for (int wait = 0; wait < 100 && printer.documents().empty(); ++wait) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(codes_on(printer), std::vector<std::string>{"CWD-IPPCUT2"}) << printer.log();
    // The next badge goes through the same session on a new connection.
    ASSERT_TRUE(ipp.print(badge_job("CWD-IPPCUT3")));
    EXPECT_EQ(codes_on(printer), (std::vector<std::string>{"CWD-IPPCUT2", "CWD-IPPCUT3"}));
}

TEST_F(IppPrinterTest, AnEmptyRollReportedByThePrinterRefusesTheNextBadgeBeforeItIsSent) {
    test::IppEvePrinter printer;
    ASSERT_TRUE(printer.running());
    IppPrinter ipp = session(printer);
    // The first label is the roll's last: the printer reports media-empty once it has printed it.
    printer.set_state_on_next_job("+media-empty-error");
    ASSERT_TRUE(ipp.print(badge_job("CWD-IPP3")));

    auto state = ipp.state();
    ASSERT_TRUE(state) << state.error().detail;
    EXPECT_FALSE(state->ready);
    EXPECT_EQ(state->problems, std::vector<Problem>{Problem::no_media});
    EXPECT_NE(state->detail.find("media-empty"), std::string::npos) << state->detail;

    auto refused = ipp.print(badge_job("CWD-IPP4"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().problem, Problem::no_media);
    EXPECT_NE(refused.error().detail.find("before it was sent"), std::string::npos) << refused.error().detail;
    EXPECT_EQ(ipp.last_job_sends(), 0U);
    EXPECT_EQ(printer.documents().size(), 1U);
}

TEST_F(IppPrinterTest, AnOpenCoverIsTheCoverOpenProblem) {
    test::IppEvePrinter printer;
    ASSERT_TRUE(printer.running());
    IppPrinter ipp = session(printer);
    printer.set_state_on_next_job("+cover-open");
    ASSERT_TRUE(ipp.print(badge_job("CWD-IPP5")));
    auto state = ipp.state();
    ASSERT_TRUE(state);
    EXPECT_EQ(state->problems, std::vector<Problem>{Problem::cover_open});
}

TEST_F(IppPrinterTest, APausedPrinterIsThePausedProblemAndGetsNoJob) {
    // ippeveprinter has no Pause-Printer; its print command reports the reason as a stopped printer would.
    test::IppEvePrinter printer;
    ASSERT_TRUE(printer.running());
    IppPrinter ipp = session(printer);
    printer.set_state_on_next_job("+paused");
    ASSERT_TRUE(ipp.print(badge_job("CWD-IPPA")));
    auto state = ipp.state();
    ASSERT_TRUE(state);
    EXPECT_EQ(state->problems, std::vector<Problem>{Problem::paused});
    auto refused = ipp.print(badge_job("CWD-IPPB"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().problem, Problem::paused);
    EXPECT_EQ(printer.documents().size(), 1U);
}

TEST_F(IppPrinterTest, AJobStalledByAFaultIsCancelledSoItCannotComeOutLater) {
    test::IppEvePrinter printer;
    ASSERT_TRUE(printer.running());
    IppPrinterSettings settings = fast();
    settings.fault_grace = std::chrono::milliseconds(300);
    IppPrinter ipp = session(printer, settings);
    printer.stall_next_job("+media-empty-error");
    const auto started = std::chrono::steady_clock::now();
    auto stalled = ipp.print(badge_job("CWD-IPPC"));
    ASSERT_FALSE(stalled);
    EXPECT_EQ(stalled.error().problem, Problem::no_media);
    EXPECT_NE(stalled.error().detail.find("was cancelled"), std::string::npos) << stalled.error().detail;
    // Well before the printer would have finished the job by itself.
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8));
    EXPECT_EQ(ipp.last_job_sends(), 1U);
}

TEST_F(IppPrinterTest, AJobThePrinterAbortsIsReportedAndNotCountedAsPrinted) {
    test::IppEvePrinter printer;
    ASSERT_TRUE(printer.running());
    IppPrinter ipp = session(printer);
    printer.abort_next_job();
    auto aborted = ipp.print(badge_job("CWD-IPP6"));
    ASSERT_FALSE(aborted);
    EXPECT_EQ(aborted.error().problem, Problem::not_printed);
    EXPECT_NE(aborted.error().detail.find("aborted"), std::string::npos) << aborted.error().detail;
    EXPECT_EQ(ipp.last_job_sends(), 1U); // never sent twice

    // Aborted with a jam reported: the problem is the printer's.
    printer.abort_next_job();
    printer.set_state_on_next_job("+media-jam-error");
    auto jammed = ipp.print(badge_job("CWD-IPP7"));
    ASSERT_FALSE(jammed);
    EXPECT_EQ(jammed.error().problem, Problem::printer_error);
    EXPECT_NE(jammed.error().detail.find("media-jam"), std::string::npos) << jammed.error().detail;
}

TEST_F(IppPrinterTest, NobodyListeningIsNotFoundAndAWrongPathIsNamed) {
    IppAddress nobody{"127.0.0.1", static_cast<std::uint16_t>(test::free_loopback_port()), "/ipp/print",
                      false};
    IppPrinter absent(nobody, fast());
    auto printed = absent.print(badge_job("CWD-IPP8"));
    ASSERT_FALSE(printed);
    EXPECT_EQ(printed.error().problem, Problem::not_found);
    EXPECT_EQ(absent.last_job_sends(), 0U);

    test::IppEvePrinter printer;
    ASSERT_TRUE(printer.running());
    IppAddress wrong{"127.0.0.1", static_cast<std::uint16_t>(printer.port()), "/ipp/nothing-here", false};
    IppPrinter misnamed(wrong, fast());
    auto state = misnamed.state();
    ASSERT_FALSE(state);
    EXPECT_EQ(state.error().problem, Problem::not_found) << state.error().detail;
    EXPECT_TRUE(printer.documents().empty());
}

TEST_F(IppPrinterTest, AJobWithoutADocumentIsRefused) {
    test::IppEvePrinter printer;
    ASSERT_TRUE(printer.running());
    IppPrinter ipp = session(printer);
    PrintJob raw{{0x1b, 0x40}, "62x100", "QL bytes"};
    auto printed = ipp.print(raw);
    ASSERT_FALSE(printed);
    EXPECT_EQ(printed.error().problem, Problem::unsupported);
    EXPECT_TRUE(printer.documents().empty());
}

TEST_F(IppPrinterTest, AnAnnouncedPrinterIsDiscoveredWithAnAddressThatNamesItsPortAndPath) {
    test::IppEvePrinter printer("image/pwg-raster,application/pdf", test::IppEvePrinter::Announce::yes);
    ASSERT_TRUE(printer.running());
    const std::vector<DiscoveredPrinter> found = discover_ipp_printers(std::chrono::seconds(3));
    const auto ours = std::ranges::find(found, printer.name(), &DiscoveredPrinter::name);
    ASSERT_NE(ours, found.end()) << found.size() << " printers found\n" << printer.log();
    EXPECT_FALSE(ours->local_queue);
    // Resolved from the announced service name to the printer's host, port and resource.
    EXPECT_NE(ours->address.find(fmt::format(":{}/ipp/print", printer.port())), std::string::npos)
        << ours->address;
    EXPECT_TRUE(ours->address.starts_with("ipp://") || ours->address.starts_with("ipps://")) << ours->address;
    EXPECT_NE(ours->make_and_model.find("Badge printer"), std::string::npos) << ours->make_and_model;
}

} // namespace
} // namespace checkin::drivers
