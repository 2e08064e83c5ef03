// `kioskctl invitations` (issue 14): a signed invitation for every active delegate of the mirror, written
// for the organisers' mail merge — invitations.csv (e-mail, names, code, the QR picture's file, the signed
// code), qr/CODE.png for each delegate, and invitations.pdf with one page per delegate. A re-run keeps
// every invitation signed before (the delegate may have it already); `--reissue CODE…` revokes a code and
// signs a new one, and a cancelled delegate's code is revoked. What was decided is recorded in the mirror
// before any file is written, so the files can always be made again from it.

#include "base/atomic_file.hpp"
#include "kiosk/ctl/kioskctl.hpp"
#include "kiosk/ctl/kioskctl_commands.hpp"
#include "kiosk/ctl/kioskctl_pictures.hpp"
#include "kiosk/ctl/kioskctl_support.hpp"
#include "printing/invitation_page.hpp"
#include "sync/roster/csv.hpp"
#include "sync/roster/invitation_plan.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <set>
#include <sys/stat.h>

namespace checkin::kiosk {

namespace {

// "29.11.2026, 30.11.2026": the days as the invitation's page writes them for people.
std::string days_for_people(const std::vector<sync::Day>& days) {
    std::string text;
    for (const sync::Day& day : days) {
        text += text.empty() ? "" : ", ";
        text += fmt::format("{}.{}", sync::format_short_day(day), static_cast<int>(day.year()));
    }
    return text;
}

// The folder for the invitations, readable by its owner only: it holds every delegate's e-mail.
sync::Result<void> make_private_folder(const std::filesystem::path& folder) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error || !std::filesystem::is_directory(folder)) {
        return sync::fail(sync::Error::io(
            fmt::format("cannot make the folder {}: {}", folder.string(),
                        error ? error.message() : std::string("a file of that name is in the way"))));
    }
    if (::chmod(folder.c_str(), 0700) != 0) {
        return sync::fail(
            sync::Error::io(fmt::format("cannot make the folder {} private to you", folder.string())));
    }
    return {};
}

template <typename Content>
sync::Result<void> write_private_file(const std::filesystem::path& path, const Content& content) {
    if (auto written = base::write_file_atomically(path, content, base::owner_only); !written) {
        return sync::fail(sync::Error::io(written.error().message));
    }
    return {};
}

struct InvitationOutput {
    const sync::Delegate* delegate = nullptr;
    std::string signed_code;
    std::string file_stem; // qr/STEM.png
};

// The invitations decided by `plan`, the ones signed now made with `key`. Returns the pages in plan order,
// and fills what the mirror must record.
sync::Result<std::vector<InvitationOutput>> sign_plan(const std::vector<sync::PlannedInvitation>& plan,
                                                      const sync::Event& event, const base::SecretKey& key,
                                                      std::int64_t now_milliseconds,
                                                      std::vector<sync::IssuedInvitation>& issued,
                                                      std::vector<std::string>& withdrawn,
                                                      std::vector<std::string>& revoked) {
    std::vector<InvitationOutput> outputs;
    std::set<std::string> taken_file_names;
    for (const sync::PlannedInvitation& planned : plan) {
        if (planned.action == sync::InvitationAction::withdraw) {
            withdrawn.push_back(planned.delegate.code);
            revoked.push_back(planned.previous->serial);
            continue;
        }
        InvitationOutput output{&planned.delegate, {}, {}};
        if (planned.action == sync::InvitationAction::keep) {
            output.signed_code = planned.previous->signed_code;
        } else {
            auto content = sync::invitation_content(planned.delegate, event, sync::new_code_serial());
            if (!content) {
                return sync::fail(content.error());
            }
            auto text = sync::sign_code(*content, key);
            if (!text) {
                // Name the delegate by code only: the reason says which field.
                return sync::fail(
                    sync::Error::invalid_input(fmt::format("the invitation of {} cannot be signed: {}",
                                                           planned.delegate.code, text.error().message)));
            }
            output.signed_code = *text;
            issued.push_back(
                sync::IssuedInvitation{planned.delegate.code, content->serial, *text, now_milliseconds});
            if (planned.action == sync::InvitationAction::reissue) {
                revoked.push_back(planned.previous->serial);
            }
        }
        output.file_stem = sync::invitation_file_stem(planned.delegate.code, taken_file_names);
        outputs.push_back(std::move(output));
    }
    return outputs;
}

std::string mail_merge_csv(const std::vector<InvitationOutput>& outputs, const sync::Event& event) {
    std::string csv(sync::spreadsheet_byte_order_mark);
    sync::append_spreadsheet_row(
        csv, {"E-mail", "Imię", "Nazwisko", "Instytucja", "Kod", "Dni", "Plik QR", "Kod QR"});
    for (const InvitationOutput& output : outputs) {
        const sync::Delegate& delegate = *output.delegate;
        sync::append_spreadsheet_row(
            csv, {delegate.email, delegate.first_name, delegate.last_name, delegate.organisation,
                  delegate.code, sync::format_day_list(delegate.days.empty() ? event.days : delegate.days),
                  fmt::format("qr/{}.png", output.file_stem), output.signed_code});
    }
    return csv;
}

sync::Result<std::string> invitations_pdf(const std::vector<InvitationOutput>& outputs,
                                          const sync::Event& event, printing::InvitationPaper paper) {
    auto document = printing::PdfDocument::create(printing::invitation_page_width(paper),
                                                  printing::invitation_page_height(paper));
    if (!document) {
        return sync::fail(sync::Error{base::ErrorKind::internal, document.error().message});
    }
    for (std::size_t index = 0; index < outputs.size(); ++index) {
        const sync::Delegate& delegate = *outputs[index].delegate;
        if (index > 0) {
            document->next_page();
        }
        const printing::InvitationPage page{
            event.name,
            days_for_people(delegate.days.empty() ? event.days : delegate.days),
            delegate.first_name,
            delegate.last_name,
            delegate.organisation,
            delegate.code,
            outputs[index].signed_code};
        if (auto drawn = printing::draw_invitation(*document, page, paper); !drawn) {
            return sync::fail(sync::Error::invalid_input(
                fmt::format("the invitation page of {}: {}", delegate.code, drawn.error().message)));
        }
    }
    auto bytes = document->finish();
    if (!bytes) {
        return sync::fail(sync::Error{base::ErrorKind::internal, bytes.error().message});
    }
    return std::move(*bytes);
}

sync::Result<void> write_outputs(const std::filesystem::path& folder,
                                 const std::vector<InvitationOutput>& outputs, const sync::Event& event,
                                 printing::InvitationPaper paper, const std::set<std::string>& all_revoked) {
    if (auto made = make_private_folder(folder / "qr"); !made) {
        return made;
    }
    if (auto made = make_private_folder(folder); !made) {
        return made;
    }
    for (const InvitationOutput& output : outputs) {
        auto png = qr_code_png(output.signed_code);
        if (!png) {
            return sync::fail(png.error());
        }
        if (auto written = write_private_file(folder / "qr" / (output.file_stem + ".png"), *png); !written) {
            return written;
        }
    }
    if (auto written = write_private_file(folder / "invitations.csv", mail_merge_csv(outputs, event));
        !written) {
        return written;
    }
    auto pdf = invitations_pdf(outputs, event, paper);
    if (!pdf) {
        return sync::fail(pdf.error());
    }
    if (auto written = write_private_file(folder / "invitations.pdf", *pdf); !written) {
        return written;
    }
    // Every serial the mirror holds revoked, one a line, for `kiosk-hub revoke --file`: the whole list, so
    // a hub that missed an earlier run catches up, and revoking one twice changes nothing.
    std::string serials;
    for (const std::string& serial : all_revoked) {
        serials += serial + "\n";
    }
    return write_private_file(folder / "revoked-serials.txt", serials);
}

} // namespace

int command_invitations(const CommandOptions& options, const base::Clock& clock) {
    if (options.key_path.empty() || options.output_path.empty()) {
        std::cerr << "kioskctl: invitations needs --key FILE (made by `keys new`) and --out FOLDER\n";
        return exit_usage;
    }
    const auto paper = printing::invitation_paper_from(options.paper);
    if (!paper) {
        std::cerr << "kioskctl: --paper " << options.paper << " is not a4 or a6\n";
        return exit_usage;
    }
    auto setup = open_for_signing(options, "an invitation");
    if (!setup) {
        return report(setup.error());
    }
    const auto* key = &setup->key;
    auto* mirror = &setup->mirror;
    const auto* event = &setup->event;
    auto records = mirror->all_delegates();
    if (!records) {
        return report(records.error());
    }
    std::vector<sync::Delegate> delegates;
    delegates.reserve(records->size());
    for (const sync::DelegateRecord& record : *records) {
        delegates.push_back(record.delegate);
    }
    auto issued_before = mirror->issued_invitations();
    if (!issued_before) {
        return report(issued_before.error());
    }
    auto plan = sync::plan_invitations(delegates, *issued_before, options.reissue_codes);
    if (!plan) {
        return report(plan.error());
    }

    std::vector<sync::IssuedInvitation> issued;
    std::vector<std::string> withdrawn;
    std::vector<std::string> revoked;
    auto outputs = sign_plan(*plan, *event, *key, clock.now_milliseconds(), issued, withdrawn, revoked);
    if (!outputs) {
        return report(outputs.error());
    }
    // The mirror first: it is the record of which code each delegate holds; the files follow from it.
    if (auto added = mirror->add_code_key(key->public_key(), clock.now_milliseconds()); !added) {
        return report(added.error());
    }
    if (auto recorded = mirror->record_invitations(issued, withdrawn, revoked); !recorded) {
        return report(recorded.error());
    }
    auto all_revoked = mirror->revoked_serials();
    if (!all_revoked) {
        return report(all_revoked.error());
    }
    if (auto written = write_outputs(options.output_path, *outputs, *event, *paper, *all_revoked); !written) {
        std::cerr << "kioskctl: " << written.error().message
                  << " (the invitations are recorded in the mirror: run the same command again to write "
                     "the files)\n";
        return exit_failure;
    }

    std::size_t counts[4] = {};
    for (const sync::PlannedInvitation& planned : *plan) {
        ++counts[static_cast<std::size_t>(planned.action)];
    }
    std::cout << fmt::format("{} invitations in {}: {} new, {} kept from an earlier run, {} reissued, {} "
                             "withdrawn (cancelled delegates)\n",
                             outputs->size(), options.output_path, counts[0], counts[1], counts[2],
                             counts[3]);
    std::cout << fmt::format(
        "signed with {} (added to the mirror's keys; on the hub: kiosk-hub --db HUB keys add "
        "{})\n",
        base::format_public_key(key->public_key()), base::format_public_key(key->public_key()));
    if (!revoked.empty()) {
        std::cout << fmt::format(
            "{} codes revoked now; tell the hub: kiosk-hub --db HUB revoke --file {}\n", revoked.size(),
            (std::filesystem::path(options.output_path) / "revoked-serials.txt").string());
    }
    return exit_ok;
}

} // namespace checkin::kiosk
