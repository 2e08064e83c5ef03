// Benchmark of printing one badge: compose (layout + text + QR code) a 62 × 100 mm badge at 300 dpi from
// the default template and encode it as a Brother QL-820NWB raster job, for a rotating set of hard names;
// then, in the same run, the same badge through the path CUPS would take with Debian's driver: a
// PostScript page, Ghostscript's cups device and `rastertoptch` (printer-driver-ptouch), process start-up
// included. Prints percentiles and the ratio; asserts nothing about time (shared machines make timing
// assertions flaky) but fails when a badge cannot be composed or encoded, when gs or rastertoptch fail,
// or when the reference path produces no job.
//
// "One core" means one thread: the harness is single-threaded and pins itself (and so the gs and
// rastertoptch processes it starts, which inherit the mask) to CPU 0 with sched_setaffinity.
//
//   badge_bench [--iterations N] [--reference N]
//
// The reference pipeline is the one tests/printing/ptouch_reference_test.cpp checks dot for dot against
// our encoder (the QL-570 ptouch PPD, the same DK-11202 medium); its helpers are copied from there.

#include "printing/badge_layout.hpp"
#include "printing/badge_template.hpp"
#include "printing/brother_ql.hpp"
#include "printing/png.hpp"
#include "printing/text_renderer.hpp"
#include "tests/bench/bench_support.hpp"
#include "tests/bench/noise_floor.hpp"
#include "tests/printing/ptouch_reference.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <expected>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <numeric>
#include <optional>
#include <sched.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace {

using namespace checkin::printing;
using namespace checkin::printing::ptouch; // the reference path, shared with ptouch_reference_test
namespace fs = std::filesystem;
using checkin::bench::Clock;
using checkin::bench::milliseconds;

constexpr std::string_view regular_font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr std::string_view bold_font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
struct Options {
    std::size_t iterations = 200;
    std::size_t reference = 10;
};

[[noreturn]] void die(const std::string& message) {
    std::cerr << "badge_bench: " << message << '\n';
    std::exit(1);
}

struct Summary {
    double p50 = 0;
    double p99 = 0;
    double mean = 0;
    double maximum = 0;
};

Summary summarise(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double fraction) {
        const auto index = static_cast<std::size_t>(fraction * static_cast<double>(samples.size() - 1));
        return samples[index];
    };
    const double total = std::accumulate(samples.begin(), samples.end(), 0.0);
    return {at(0.50), at(0.99), total / static_cast<double>(samples.size()), samples.back()};
}

// Delegates whose names are long, hyphenated, accented, Cyrillic or Vietnamese: the text that makes the
// layout shrink and break lines.
std::vector<BadgeData> hard_delegates() {
    const std::string title = "Forum Funduszy Europejskich dla Mazowsza 2021–2027: Wdrażanie i Ewaluacja";
    const std::string dates = "29–30 listopada 2026, Serock";
    return {
        {"B-7QK2M9XA", "Łukasz", "Konstantynopolitańczykiewiczówna-Brzęczyszczykiewicz",
         "Urząd Marszałkowski Województwa Mazowieckiego w Warszawie, Departament Rozwoju Regionalnego i "
         "Funduszy Europejskich",
         "Partnerstwo Północno-Mazowieckie", "Główny Specjalista ds. Ewaluacji", "Prelegent", title, dates},
        {"B-3HV8P2LD", "Maria Magdalena", "Wiśniewska-Grzegorczyk",
         "Mazowiecka Jednostka Wdrażania Programów Unijnych", "", "Zastępczyni Dyrektora",
         "Instytucja Zarządzająca", title, dates},
        {"B-9TX4R7NE", "Олександр", "Шевченко", "Київська міська державна адміністрація", "",
         "Радник з питань європейської інтеграції", "Gość", title, dates},
        {"B-5MC2W8QF", "Nguyễn Thị", "Minh Khai", "Đại học Quốc gia Hà Nội", "", "Nghiên cứu viên",
         "Uczestnik", title, dates},
        {"B-2JG6Y3ZH", "Günther", "Weiß",
         "Ministerium für Wirtschaft, Arbeit und Wohnungsbau Baden-Württemberg", "Partnerschaft Oberrhein",
         "Referatsleiter", "Uczestnik", title, dates},
        {"B-8LB5D4KC", "Anna", "Kowalska", "Gmina Serock", "", "", "Uczestnik", title, dates},
        {"B-4NS9F6UR", "Jean-Baptiste", "Saint-Exupéry-Lefèvre", "Région Île-de-France", "",
         "Chargé de mission", "Prelegent", title, dates},
        {"B-6WE3A2TV", "Zsófia", "Szőke-Örkényi", "Pest Vármegyei Önkormányzat", "", "Referens", "Uczestnik",
         title, dates},
    };
}

// A directory under the system's temporary directory, removed with everything in it.
class TemporaryDirectory {
public:
    TemporaryDirectory() {
        std::string pattern = (fs::temp_directory_path() / "badge-bench-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            die(fmt::format("mkdtemp: {}", std::strerror(errno)));
        }
        m_path = pattern;
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    ~TemporaryDirectory() {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

double children_cpu_milliseconds() {
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    const auto ms = [](const timeval& time) {
        return static_cast<double>(time.tv_sec) * 1000.0 + static_cast<double>(time.tv_usec) / 1000.0;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

// Times a loop of pure arithmetic that takes about `target_ms`, `count` times. On a shared virtual
// machine even this has a tail; its p99 is the floor under any measured p99.
Summary noise_floor(double target_ms, std::size_t count) {
    auto samples = checkin::bench::noise_floor_microseconds(target_ms * 1000.0, count);
    for (auto& sample : samples) {
        sample /= 1000.0; // to milliseconds, like every other figure here
    }
    return summarise(std::move(samples));
}

std::size_t parse_count(const std::string& flag, const std::string& value) {
    char* end = nullptr;
    const unsigned long long parsed = std::strtoull(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || parsed == 0) {
        die(fmt::format("{} wants a positive whole number, not \"{}\"", flag, value));
    }
    return static_cast<std::size_t>(parsed);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int index = 1; index < argc; ++index) {
        const std::string flag = argv[index];
        if (index + 1 >= argc) {
            die(fmt::format("missing value after {}", flag));
        }
        const std::string value = argv[++index];
        if (flag == "--iterations") {
            options.iterations = parse_count(flag, value);
        } else if (flag == "--reference") {
            options.reference = parse_count(flag, value);
        } else {
            die(fmt::format("unknown option {} (options: --iterations N, --reference N)", flag));
        }
    }
    return options;
}

std::string row(std::string_view measure, const Summary& summary) {
    return fmt::format("| {} | {:.2f} | {:.2f} | {:.2f} |\n", measure, summary.p50, summary.p99,
                       summary.mean);
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);

    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    CPU_SET(0, &cpus);
    const bool pinned = ::sched_setaffinity(0, sizeof cpus, &cpus) == 0;

    // Start-up: the template and the two fonts, once.
    const auto template_start = Clock::now();
    auto badge_template = load_badge_template(CHECKIN_TEMPLATES_DIR, default_badge_template_name);
    if (!badge_template) {
        die(badge_template.error().message);
    }
    const auto fonts_start = Clock::now();
    auto regular = TextRenderer::open(regular_font);
    if (!regular) {
        die(regular.error().message);
    }
    auto bold = TextRenderer::open(bold_font);
    if (!bold) {
        die(bold.error().message);
    }
    const auto fonts_end = Clock::now();
    const auto model = find_ql_model("ql-820nwb");
    const auto media = find_ql_media("62x100");
    if (!model || !media) {
        die("the QL-820NWB or the 62x100 medium is missing from the tables");
    }
    if (badge_template->medium != media->name) {
        die(fmt::format("the default template is for medium {}, not 62x100", badge_template->medium));
    }

    // Ours: compose + encode, per badge.
    const std::vector<BadgeData> delegates = hard_delegates();
    std::vector<double> compose_samples, encode_samples, total_samples, png_samples;
    compose_samples.reserve(options.iterations);
    encode_samples.reserve(options.iterations);
    total_samples.reserve(options.iterations);
    png_samples.reserve(options.iterations);
    std::vector<std::vector<double>> per_delegate(delegates.size());
    std::size_t job_bytes = 0;
    std::size_t png_bytes = 0;
    double first_badge_ms = 0;
    std::optional<BadgeImage> reference_badge;
    for (std::size_t iteration = 0; iteration < options.iterations; ++iteration) {
        const BadgeData& delegate = delegates[iteration % delegates.size()];
        const auto start = Clock::now();
        auto image = compose_badge(delegate, *badge_template, *regular, *bold);
        const auto composed = Clock::now();
        if (!image) {
            die(image.error().message);
        }
        auto job = encode_ql_raster(*image, *model, *media);
        const auto encoded = Clock::now();
        if (!job) {
            die(fmt::format("encoding the badge of {}: {}", delegate.code, job.error().message));
        }
        if (job->empty()) {
            die(fmt::format("the raster job of {} is empty", delegate.code));
        }
        const auto png_start = Clock::now();
        const auto png = encode_png(*image, badge_template->dpi);
        if (!png) {
            die(fmt::format("the PNG of {}: {}", delegate.code, png.error().message));
        }
        const auto png_end = Clock::now();
        compose_samples.push_back(milliseconds(composed - start));
        encode_samples.push_back(milliseconds(encoded - composed));
        total_samples.push_back(milliseconds(encoded - start));
        png_samples.push_back(milliseconds(png_end - png_start));
        per_delegate[iteration % delegates.size()].push_back(total_samples.back());
        if (iteration == 0) {
            first_badge_ms = total_samples.back();
            job_bytes = job->size();
            png_bytes = png->size();
            reference_badge = std::move(*image); // the longest name: the reference path's badge
        }
    }
    if (reference_badge->red.has_value()) {
        die("the 62x100 badge has a red layer; the ptouch reference path is black only");
    }

    // The reference path: PostScript page → gs (cups device, 1 bit) → rastertoptch, process start-up
    // included. The PPD is generated once, as CUPS does when the queue is installed.
    const std::optional<fs::path> gs = find_on_path("gs");
    if (!gs) {
        die(missing_tool("gs (Ghostscript) on PATH", ghostscript_package));
    }
    if (::access(rastertoptch_path.c_str(), X_OK) != 0) {
        die(missing_tool(rastertoptch_path.string(), ptouch_package));
    }
    if (::access(ptouch_ppd_generator_path.c_str(), X_OK) != 0) {
        die(missing_tool(ptouch_ppd_generator_path.string(), ptouch_package));
    }
    TemporaryDirectory directory;
    const fs::path ppd_path = directory.path() / "Brother-QL-570-ptouch-ql.ppd";
    const fs::path ps_path = directory.path() / "page.ps";
    const fs::path raster_path = directory.path() / "page.ras";
    const fs::path job_path = directory.path() / "job.bin";
    const std::vector<std::string> cat_ppd = {ptouch_ppd_generator_path.string(), "cat",
                                              std::string(ppd_uri)};
    auto generated = run(cat_ppd, directory.path());
    if (!generated) {
        die(fmt::format("{} (from {})", generated.error(), ptouch_package));
    }
    if (generated->exit_code != 0 || generated->out.empty()) {
        die(fmt::format("{}\n(the PPD generator is a python3 script from {})", describe(cat_ppd, *generated),
                        ptouch_package));
    }
    std::ofstream(ppd_path, std::ios::binary) << generated->out;
    auto ppd = parse_ppd(generated->out);
    if (!ppd) {
        die(fmt::format("the {} PPD: {}", ptouch_package, ppd.error()));
    }
    const std::vector<std::string> ghostscript = {gs->string(),
                                                  "-q",
                                                  "-dSAFER",
                                                  "-dBATCH",
                                                  "-dNOPAUSE",
                                                  "-sDEVICE=cups",
                                                  "-r300x300",
                                                  "-dcupsBitsPerColor=1",
                                                  "-dcupsColorSpace=3",
                                                  "-sOutputFile=" + raster_path.string(),
                                                  ps_path.string()};
    const std::vector<std::string> filter = {rastertoptch_path.string(), "-i",
                                             raster_path.string(),       "-o",
                                             job_path.string(),          std::string(rastertoptch_options)};
    std::vector<double> ps_samples, gs_samples, filter_samples, reference_samples;
    std::size_t reference_job_bytes = 0;
    const double children_cpu_before = children_cpu_milliseconds();
    for (std::size_t iteration = 0; iteration < options.reference; ++iteration) {
        fs::remove(raster_path);
        fs::remove(job_path);
        const auto start = Clock::now();
        std::ofstream(ps_path, std::ios::binary | std::ios::trunc)
            << badge_postscript(reference_badge->black, *ppd);
        const auto written = Clock::now();
        auto rendered = run(ghostscript, directory.path());
        const auto rasterised = Clock::now();
        if (!rendered) {
            die(fmt::format("{} (from {})", rendered.error(), ghostscript_package));
        }
        if (rendered->exit_code != 0) {
            die(fmt::format("{}\n(gs is from {})", describe(ghostscript, *rendered), ghostscript_package));
        }
        auto filtered = run(filter, directory.path(), {"PPD=" + ppd_path.string()});
        const auto end = Clock::now();
        if (!filtered) {
            die(fmt::format("{} (from {})", filtered.error(), ptouch_package));
        }
        // rastertoptch reports errors on stderr but still exits 0.
        if (filtered->exit_code != 0 || filtered->err.find("ERROR") != std::string::npos) {
            die(fmt::format("{}\n(rastertoptch is from {})", describe(filter, *filtered), ptouch_package));
        }
        std::error_code size_error;
        const auto size = fs::file_size(job_path, size_error);
        if (size_error || size == 0) {
            die(fmt::format("rastertoptch ({}) wrote no job to {}", ptouch_package, job_path.string()));
        }
        reference_job_bytes = static_cast<std::size_t>(size);
        ps_samples.push_back(milliseconds(written - start));
        gs_samples.push_back(milliseconds(rasterised - written));
        filter_samples.push_back(milliseconds(end - rasterised));
        reference_samples.push_back(milliseconds(end - start));
    }
    const double children_cpu_ms =
        (children_cpu_milliseconds() - children_cpu_before) / static_cast<double>(options.reference);

    const Summary compose = summarise(compose_samples);
    const Summary encode = summarise(encode_samples);
    const Summary total = summarise(total_samples);
    const Summary png = summarise(png_samples);
    const Summary reference = summarise(reference_samples);
    const Summary noise = noise_floor(total.p50, options.iterations);

    fmt::print("badge_bench: template {} ({} × {} dots, {} dpi), QL-820NWB / 62x100, {} badges over {} "
               "delegates, {} through gs + rastertoptch; {}\n",
               badge_template->name, badge_template->width_dots, badge_template->height_dots,
               badge_template->dpi, options.iterations, delegates.size(), options.reference,
               pinned ? "one thread pinned to CPU 0 (children inherit it)"
                      : "one thread (pinning to CPU 0 failed; not pinned)");
    fmt::print("| start-up (once) | ms |\n|---|---|\n");
    fmt::print("| load the template | {:.2f} |\n", milliseconds(fonts_start - template_start));
    fmt::print("| open the two fonts (regular + bold) | {:.2f} |\n", milliseconds(fonts_end - fonts_start));
    fmt::print("| first badge, compose + encode (cold caches; also in the rows below) | {:.2f} |\n\n",
               first_badge_ms);
    fmt::print("| per badge | p50 ms | p99 ms | mean ms |\n|---|---|---|---|\n");
    fmt::print("{}", row("compose", compose));
    fmt::print("{}", row("encode (QL raster)", encode));
    fmt::print("{}", row("**compose + encode** (goal < 15 ms)", total));
    fmt::print("{}", row("encode_png (preview, not in the total)", png));
    fmt::print("{}", row("machine noise: a pure CPU loop of the total's p50", noise));
    fmt::print("{}", row("reference: write the PostScript page", summarise(ps_samples)));
    fmt::print("{}", row("reference: gs -sDEVICE=cups (process)", summarise(gs_samples)));
    fmt::print("{}", row("reference: rastertoptch (process)", summarise(filter_samples)));
    fmt::print("{}", row("**reference: whole pipeline**", reference));
    fmt::print("\n| compose + encode by delegate | p50 ms | max ms |\n|---|---|---|\n");
    for (std::size_t index = 0; index < delegates.size(); ++index) {
        if (!per_delegate[index].empty()) {
            const Summary by_name = summarise(per_delegate[index]);
            fmt::print("| {} {} | {:.2f} | {:.2f} |\n", delegates[index].first_name,
                       delegates[index].last_name, by_name.p50, by_name.maximum);
        }
    }
    fmt::print("\n| comparison | result |\n|---|---|\n");
    fmt::print("| reference p50 / ours (compose + encode) p50 (goal ≥ 20×) | {:.1f}× |\n",
               reference.p50 / total.p50);
    fmt::print("| reference p50 / our encode p50 (the same work: bitmap → job) | {:.0f}× |\n",
               reference.p50 / encode.p50);
    fmt::print("| reference: CPU time of gs + rastertoptch per badge (user + sys) | {:.1f} ms |\n",
               children_cpu_ms);
    fmt::print("| job size: ours / rastertoptch's | {} / {} bytes |\n", job_bytes, reference_job_bytes);
    fmt::print("| PNG size (first badge) | {} bytes |\n", png_bytes);
    return 0;
}
