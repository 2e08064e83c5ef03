// The hub protocol's JSON codecs. Encoding writes every field; decoding checks every type and names the
// field that is wrong ("events[3].day: not a date"), so a kiosk and a hub of different builds fail with a
// sentence instead of a half-read message.

#include "sync/protocol/hub_protocol.hpp"

#include "sync/mirror/delegate_json.hpp"
#include "sync/protocol/event_checks.hpp"
#include "sync/roster/text_limits.hpp"

#include <fmt/format.h>
#include <limits>
#include <nlohmann/json.hpp>
#include <tuple>

namespace checkin::sync {

namespace {

using Json = nlohmann::ordered_json;

// Text that is not UTF-8 is replaced rather than thrown on: a message must always be writable.
std::string dump(const Json& json) {
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Json days_to_json(const std::vector<Day>& days) {
    auto list = Json::array();
    for (const auto& day : days) {
        list.push_back(format_iso_day(day));
    }
    return list;
}

Json event_to_json(const CheckinEvent& event) {
    Json json = {
        {"id", event.id},
        {"delegate_code", event.delegate_code},
        {"kind", to_string(event.kind)},
        {"at_ms", event.at_milliseconds},
        {"day", format_iso_day(event.day)},
        {"kiosk", event.kiosk_id},
        {"operator", event.operator_name},
        {"reason", event.reason},
    };
    // null rather than "": only an undo names another event.
    json["undoes"] = event.undoes.empty() ? Json(nullptr) : Json(event.undoes);
    return json;
}

Json delegate_with_version_to_json(const Delegate& delegate) {
    Json json = delegate_to_json(delegate);
    json["row_version"] = delegate.row_version;
    return json;
}

// Reading: every function takes the object, the member's name and the path of the object ("events[3]"),
// so the message names exactly the field at fault.

std::string member_path(const std::string& path, std::string_view name) {
    return path.empty() ? std::string(name) : fmt::format("{}.{}", path, name);
}

Result<const Json*> member(const Json& object, std::string_view name, const std::string& path) {
    const auto found = object.find(name);
    if (found == object.end()) {
        return fail(Error::invalid_input(fmt::format("{}: missing", member_path(path, name))));
    }
    return &*found;
}

Result<const Json*> object_member(const Json& object, std::string_view name, const std::string& path) {
    auto value = member(object, name, path);
    if (!value) {
        return fail(value.error());
    }
    if (!(*value)->is_object()) {
        return fail(Error::invalid_input(fmt::format("{}: not an object", member_path(path, name))));
    }
    return value;
}

Result<const Json*> array_member(const Json& object, std::string_view name, const std::string& path) {
    auto value = member(object, name, path);
    if (!value) {
        return fail(value.error());
    }
    if (!(*value)->is_array()) {
        return fail(Error::invalid_input(fmt::format("{}: not an array", member_path(path, name))));
    }
    return value;
}

Result<std::string> string_member(const Json& object, std::string_view name, const std::string& path) {
    auto value = member(object, name, path);
    if (!value) {
        return fail(value.error());
    }
    if (!(*value)->is_string()) {
        return fail(Error::invalid_input(fmt::format("{}: not a string", member_path(path, name))));
    }
    return (*value)->get<std::string>();
}

// A text field a sender may leave out (or send as null): empty then.
Result<std::string> optional_string_member(const Json& object, std::string_view name,
                                           const std::string& path) {
    const auto found = object.find(name);
    if (found == object.end() || found->is_null()) {
        return std::string();
    }
    if (!found->is_string()) {
        return fail(Error::invalid_input(fmt::format("{}: not a string", member_path(path, name))));
    }
    return found->get<std::string>();
}

Result<std::int64_t> integer_member(const Json& object, std::string_view name, const std::string& path) {
    auto value = member(object, name, path);
    if (!value) {
        return fail(value.error());
    }
    if ((*value)->is_number_unsigned()) {
        const auto number = (*value)->get<std::uint64_t>();
        if (number > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return fail(Error::invalid_input(fmt::format("{}: too large", member_path(path, name))));
        }
        return static_cast<std::int64_t>(number);
    }
    if (!(*value)->is_number_integer()) {
        return fail(Error::invalid_input(fmt::format("{}: not an integer", member_path(path, name))));
    }
    return (*value)->get<std::int64_t>();
}

Result<std::size_t> count_member(const Json& object, std::string_view name, const std::string& path) {
    auto value = integer_member(object, name, path);
    if (!value) {
        return fail(value.error());
    }
    if (*value < 0) {
        return fail(Error::invalid_input(fmt::format("{}: negative", member_path(path, name))));
    }
    return static_cast<std::size_t>(*value);
}

Result<bool> boolean_member(const Json& object, std::string_view name, const std::string& path) {
    auto value = member(object, name, path);
    if (!value) {
        return fail(value.error());
    }
    if (!(*value)->is_boolean()) {
        return fail(Error::invalid_input(fmt::format("{}: not true or false", member_path(path, name))));
    }
    return (*value)->get<bool>();
}

Result<Day> day_member(const Json& object, std::string_view name, const std::string& path) {
    auto text = string_member(object, name, path);
    if (!text) {
        return fail(text.error());
    }
    auto day = parse_iso_day(*text);
    if (!day) {
        return fail(Error::invalid_input(fmt::format("{}: not a date", member_path(path, name))));
    }
    return *day;
}

Result<std::vector<Day>> days_member(const Json& object, std::string_view name, const std::string& path) {
    auto list = array_member(object, name, path);
    if (!list) {
        return fail(list.error());
    }
    std::vector<Day> days;
    const auto list_path = member_path(path, name);
    for (std::size_t index = 0; index < (*list)->size(); ++index) {
        const auto& item = (**list)[index];
        const auto day = item.is_string() ? parse_iso_day(item.get<std::string>()) : std::nullopt;
        if (!day) {
            return fail(Error::invalid_input(fmt::format("{}[{}]: not a date", list_path, index)));
        }
        days.push_back(*day);
    }
    return days;
}

// The object at `json`, or an error naming `path` (the message itself for the top level).
Result<void> require_object(const Json& json, const std::string& path) {
    if (json.is_object()) {
        return {};
    }
    return fail(Error::invalid_input(path.empty() ? "the message is not a JSON object"
                                                  : fmt::format("{}: not an object", path)));
}

Result<Json> parse_message(std::string_view text, std::size_t size_maximum = reply_json_maximum_bytes) {
    if (auto checked = check_json_limits(text, size_maximum); !checked) {
        return fail(checked.error());
    }
    Json json = Json::parse(text, nullptr, false);
    if (json.is_discarded()) {
        return fail(Error::invalid_input("the message is not JSON"));
    }
    if (auto checked = require_object(json, ""); !checked) {
        return fail(checked.error());
    }
    return json;
}

Result<CheckinEvent> event_from_json(const Json& json, const std::string& path) {
    if (auto checked = require_object(json, path); !checked) {
        return fail(checked.error());
    }
    CheckinEvent event;
    auto id = string_member(json, "id", path);
    if (!id) {
        return fail(id.error());
    }
    if (id->empty()) {
        return fail(Error::invalid_input(fmt::format("{}: empty", member_path(path, "id"))));
    }
    event.id = std::move(*id);
    auto code = string_member(json, "delegate_code", path);
    if (!code) {
        return fail(code.error());
    }
    if (code->empty()) {
        return fail(Error::invalid_input(fmt::format("{}: empty", member_path(path, "delegate_code"))));
    }
    event.delegate_code = std::move(*code);
    auto kind_text = string_member(json, "kind", path);
    if (!kind_text) {
        return fail(kind_text.error());
    }
    auto kind = event_kind_from(*kind_text);
    if (!kind) {
        return fail(Error::invalid_input(fmt::format("{}: \"{}\" is not checkin, undo, reprint or print",
                                                     member_path(path, "kind"), *kind_text)));
    }
    event.kind = *kind;
    auto at = integer_member(json, "at_ms", path);
    if (!at) {
        return fail(at.error());
    }
    event.at_milliseconds = *at;
    auto day = day_member(json, "day", path);
    if (!day) {
        return fail(day.error());
    }
    event.day = *day;
    auto kiosk = string_member(json, "kiosk", path);
    if (!kiosk) {
        return fail(kiosk.error());
    }
    event.kiosk_id = std::move(*kiosk);
    auto operator_name = optional_string_member(json, "operator", path);
    if (!operator_name) {
        return fail(operator_name.error());
    }
    event.operator_name = std::move(*operator_name);
    auto reason = optional_string_member(json, "reason", path);
    if (!reason) {
        return fail(reason.error());
    }
    event.reason = std::move(*reason);
    auto undoes = optional_string_member(json, "undoes", path);
    if (!undoes) {
        return fail(undoes.error());
    }
    event.undoes = std::move(*undoes);
    return event;
}

Result<Delegate> delegate_from_json(const Json& json, const std::string& path) {
    if (auto checked = require_object(json, path); !checked) {
        return fail(checked.error());
    }
    Delegate delegate;
    auto code = string_member(json, "code", path);
    if (!code) {
        return fail(code.error());
    }
    if (code->empty()) {
        return fail(Error::invalid_input(fmt::format("{}: empty", member_path(path, "code"))));
    }
    delegate.code = std::move(*code);
    auto first_name = string_member(json, "first_name", path);
    if (!first_name) {
        return fail(first_name.error());
    }
    delegate.first_name = std::move(*first_name);
    auto last_name = string_member(json, "last_name", path);
    if (!last_name) {
        return fail(last_name.error());
    }
    delegate.last_name = std::move(*last_name);
    // The details a roster may leave empty may also be left out of the message.
    const std::pair<std::string_view, std::string*> optional_fields[] = {
        {"organisation", &delegate.organisation},
        {"position", &delegate.position},
        {"partnership", &delegate.partnership},
        {"voivodeship", &delegate.voivodeship},
        {"role", &delegate.role},
        {"email", &delegate.email},
    };
    for (const auto& [name, target] : optional_fields) {
        auto value = optional_string_member(json, name, path);
        if (!value) {
            return fail(value.error());
        }
        *target = std::move(*value);
    }
    if (json.contains("days")) {
        auto days = days_member(json, "days", path);
        if (!days) {
            return fail(days.error());
        }
        delegate.days = std::move(*days);
    }
    auto status_text = string_member(json, "status", path);
    if (!status_text) {
        return fail(status_text.error());
    }
    auto status = delegate_status_from(*status_text);
    if (!status) {
        return fail(Error::invalid_input(
            fmt::format("{}: \"{}\" is not active or cancelled", member_path(path, "status"), *status_text)));
    }
    delegate.status = *status;
    auto origin_text = string_member(json, "origin", path);
    if (!origin_text) {
        return fail(origin_text.error());
    }
    auto origin = delegate_origin_from(*origin_text);
    if (!origin) {
        return fail(Error::invalid_input(
            fmt::format("{}: \"{}\" is not roster or walk-in", member_path(path, "origin"), *origin_text)));
    }
    delegate.origin = *origin;
    auto row_version = integer_member(json, "row_version", path);
    if (!row_version) {
        return fail(row_version.error());
    }
    delegate.row_version = *row_version;
    return delegate;
}

template <typename Item>
Result<std::vector<Item>> list_member(const Json& object, std::string_view name,
                                      Result<Item> (*read)(const Json&, const std::string&)) {
    auto list = array_member(object, name, "");
    if (!list) {
        return fail(list.error());
    }
    std::vector<Item> items;
    items.reserve((*list)->size());
    for (std::size_t index = 0; index < (*list)->size(); ++index) {
        auto item = read((**list)[index], fmt::format("{}[{}]", name, index));
        if (!item) {
            return fail(item.error());
        }
        items.push_back(std::move(*item));
    }
    return items;
}

Result<RefusedEvent> refused_event_from_json(const Json& json, const std::string& path) {
    if (auto checked = require_object(json, path); !checked) {
        return fail(checked.error());
    }
    auto id = string_member(json, "id", path);
    if (!id) {
        return fail(id.error());
    }
    auto reason = string_member(json, "reason", path);
    if (!reason) {
        return fail(reason.error());
    }
    return RefusedEvent{std::move(*id), std::move(*reason)};
}

Result<SequencedEvent> sequenced_event_from_json(const Json& json, const std::string& path) {
    auto event = event_from_json(json, path);
    if (!event) {
        return fail(event.error());
    }
    auto sequence = integer_member(json, "sequence", path);
    if (!sequence) {
        return fail(sequence.error());
    }
    return SequencedEvent{*sequence, std::move(*event)};
}

} // namespace

Result<void> check_json_limits(std::string_view text, std::size_t size_maximum) {
    if (text.size() > size_maximum) {
        return fail(Error::invalid_input(
            fmt::format("the message is {} bytes, more than the {} it may have", text.size(), size_maximum)));
    }
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char character : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (character == '\\') {
                escaped = true;
            } else if (character == '"') {
                in_string = false;
            }
            continue;
        }
        switch (character) {
        case '"':
            in_string = true;
            break;
        case '[':
        case '{':
            if (++depth > json_depth_maximum) {
                return fail(Error::invalid_input(
                    fmt::format("the message nests deeper than {} levels", json_depth_maximum)));
            }
            break;
        case ']':
        case '}':
            // Unbalanced closers are the parser's to refuse; the depth only has to stay an upper bound.
            if (depth > 0) {
                --depth;
            }
            break;
        default:
            break;
        }
    }
    return {};
}

std::string encode(const HealthReply& reply) {
    return dump(Json{
        {"status", reply.status},
        {"kiosk", reply.kiosk},
        {"roster_version", reply.roster_version},
        {"last_sequence", reply.last_sequence},
    });
}

std::string encode(const RosterPage& page) {
    Json json;
    json["event"] = Json{{"name", page.event.name}, {"days", days_to_json(page.event.days)}};
    json["roster_version"] = page.roster_version;
    auto delegates = Json::array();
    for (const auto& delegate : page.delegates) {
        delegates.push_back(delegate_with_version_to_json(delegate));
    }
    json["delegates"] = std::move(delegates);
    json["next"] =
        page.next ? Json{{"since", page.next->since}, {"after", page.next->after_code}} : Json(nullptr);
    return dump(json);
}

std::string encode(const PushRequest& request) {
    Json json;
    json["kiosk"] = request.kiosk_id;
    auto events = Json::array();
    for (const auto& event : request.events) {
        events.push_back(event_to_json(event));
    }
    json["events"] = std::move(events);
    auto walk_ins = Json::array();
    for (const auto& delegate : request.walk_ins) {
        walk_ins.push_back(delegate_with_version_to_json(delegate));
    }
    json["walk_ins"] = std::move(walk_ins);
    return dump(json);
}

std::string encode(const PushReply& reply) {
    auto refused = Json::array();
    for (const auto& event : reply.refused) {
        refused.push_back(Json{{"id", event.id}, {"reason", event.reason}});
    }
    return dump(Json{
        {"acknowledged", reply.acknowledged},
        {"accepted", reply.accepted},
        {"duplicates", reply.duplicates},
        {"walk_ins_added", reply.walk_ins_added},
        {"refused", std::move(refused)},
    });
}

std::string encode(const EventsPage& page) {
    Json json;
    auto events = Json::array();
    for (const auto& sequenced : page.events) {
        Json event = {{"sequence", sequenced.sequence}};
        event.update(event_to_json(sequenced.event));
        events.push_back(std::move(event));
    }
    json["events"] = std::move(events);
    json["last_sequence"] = page.last_sequence;
    json["more"] = page.more;
    return dump(json);
}

std::string encode(const HubStatistics& statistics) {
    return dump(Json{
        {"delegates", statistics.delegates},
        {"checked_in", statistics.checked_in},
        {"events", statistics.events},
        {"duplicates", statistics.duplicates},
    });
}

std::string encode(const CodeLists& lists) {
    return dump(Json{{"public_keys", lists.public_keys}, {"revoked_serials", lists.revoked_serials}});
}

std::string encode(const ErrorReply& reply) {
    return dump(Json{{"error", reply.error}});
}

Result<HealthReply> decode_health_reply(std::string_view text) {
    auto json = parse_message(text);
    if (!json) {
        return fail(json.error());
    }
    HealthReply reply;
    auto status = string_member(*json, "status", "");
    if (!status) {
        return fail(status.error());
    }
    reply.status = std::move(*status);
    auto kiosk = string_member(*json, "kiosk", "");
    if (!kiosk) {
        return fail(kiosk.error());
    }
    reply.kiosk = std::move(*kiosk);
    auto roster_version = integer_member(*json, "roster_version", "");
    if (!roster_version) {
        return fail(roster_version.error());
    }
    reply.roster_version = *roster_version;
    auto last_sequence = integer_member(*json, "last_sequence", "");
    if (!last_sequence) {
        return fail(last_sequence.error());
    }
    reply.last_sequence = *last_sequence;
    return reply;
}

Result<RosterPage> decode_roster_page(std::string_view text) {
    auto json = parse_message(text);
    if (!json) {
        return fail(json.error());
    }
    RosterPage page;
    auto event = object_member(*json, "event", "");
    if (!event) {
        return fail(event.error());
    }
    auto name = string_member(**event, "name", "event");
    if (!name) {
        return fail(name.error());
    }
    page.event.name = std::move(*name);
    auto days = days_member(**event, "days", "event");
    if (!days) {
        return fail(days.error());
    }
    page.event.days = std::move(*days);
    auto roster_version = integer_member(*json, "roster_version", "");
    if (!roster_version) {
        return fail(roster_version.error());
    }
    page.roster_version = *roster_version;
    auto delegates = list_member<Delegate>(*json, "delegates", &delegate_from_json);
    if (!delegates) {
        return fail(delegates.error());
    }
    page.delegates = std::move(*delegates);
    auto next = member(*json, "next", "");
    if (!next) {
        return fail(next.error());
    }
    if (!(*next)->is_null()) {
        if (auto checked = require_object(**next, "next"); !checked) {
            return fail(checked.error());
        }
        auto since = integer_member(**next, "since", "next");
        if (!since) {
            return fail(since.error());
        }
        auto after = string_member(**next, "after", "next");
        if (!after) {
            return fail(after.error());
        }
        page.next = RosterCursor{*since, std::move(*after)};
    }
    return page;
}

Result<PushRequest> decode_push_request(std::string_view text) {
    auto json = parse_message(text, request_json_maximum_bytes);
    if (!json) {
        return fail(json.error());
    }
    PushRequest request;
    auto kiosk = string_member(*json, "kiosk", "");
    if (!kiosk) {
        return fail(kiosk.error());
    }
    request.kiosk_id = std::move(*kiosk);
    auto events = list_member<CheckinEvent>(*json, "events", &event_from_json);
    if (!events) {
        return fail(events.error());
    }
    request.events = std::move(*events);
    // A kiosk with no walk-ins to send may leave the list out.
    if (json->contains("walk_ins")) {
        auto walk_ins = list_member<Delegate>(*json, "walk_ins", &delegate_from_json);
        if (!walk_ins) {
            return fail(walk_ins.error());
        }
        request.walk_ins = std::move(*walk_ins);
    }
    return request;
}

Result<PushReply> decode_push_reply(std::string_view text) {
    auto json = parse_message(text);
    if (!json) {
        return fail(json.error());
    }
    PushReply reply;
    auto acknowledged = array_member(*json, "acknowledged", "");
    if (!acknowledged) {
        return fail(acknowledged.error());
    }
    for (std::size_t index = 0; index < (*acknowledged)->size(); ++index) {
        const auto& id = (**acknowledged)[index];
        if (!id.is_string()) {
            return fail(Error::invalid_input(fmt::format("acknowledged[{}]: not a string", index)));
        }
        reply.acknowledged.push_back(id.get<std::string>());
    }
    auto accepted = count_member(*json, "accepted", "");
    if (!accepted) {
        return fail(accepted.error());
    }
    reply.accepted = *accepted;
    auto duplicates = count_member(*json, "duplicates", "");
    if (!duplicates) {
        return fail(duplicates.error());
    }
    reply.duplicates = *duplicates;
    auto walk_ins_added = count_member(*json, "walk_ins_added", "");
    if (!walk_ins_added) {
        return fail(walk_ins_added.error());
    }
    reply.walk_ins_added = *walk_ins_added;
    // A hub from before the rules sends no list: it refused nothing.
    if (json->contains("refused")) {
        auto refused = list_member<RefusedEvent>(*json, "refused", &refused_event_from_json);
        if (!refused) {
            return fail(refused.error());
        }
        reply.refused = std::move(*refused);
    }
    return reply;
}

Result<EventsPage> decode_events_page(std::string_view text) {
    auto json = parse_message(text);
    if (!json) {
        return fail(json.error());
    }
    EventsPage page;
    auto events = list_member<SequencedEvent>(*json, "events", &sequenced_event_from_json);
    if (!events) {
        return fail(events.error());
    }
    page.events = std::move(*events);
    auto last_sequence = integer_member(*json, "last_sequence", "");
    if (!last_sequence) {
        return fail(last_sequence.error());
    }
    page.last_sequence = *last_sequence;
    auto more = boolean_member(*json, "more", "");
    if (!more) {
        return fail(more.error());
    }
    page.more = *more;
    return page;
}

Result<HubStatistics> decode_hub_statistics(std::string_view text) {
    auto json = parse_message(text);
    if (!json) {
        return fail(json.error());
    }
    HubStatistics statistics;
    const std::pair<std::string_view, std::size_t*> fields[] = {
        {"delegates", &statistics.delegates},
        {"checked_in", &statistics.checked_in},
        {"events", &statistics.events},
        {"duplicates", &statistics.duplicates},
    };
    for (const auto& [name, target] : fields) {
        auto value = count_member(*json, name, "");
        if (!value) {
            return fail(value.error());
        }
        *target = *value;
    }
    return statistics;
}

Result<CodeLists> decode_code_lists(std::string_view text) {
    auto json = parse_message(text);
    if (!json) {
        return fail(json.error());
    }
    CodeLists lists;
    const std::tuple<std::string_view, std::vector<std::string>*, std::size_t> arrays[] = {
        {"public_keys", &lists.public_keys, code_keys_maximum},
        {"revoked_serials", &lists.revoked_serials, revoked_serials_maximum},
    };
    for (const auto& [name, target, maximum] : arrays) {
        auto array = array_member(*json, name, "");
        if (!array) {
            return fail(array.error());
        }
        if ((*array)->size() > maximum) {
            return fail(Error::invalid_input(fmt::format("{}: {} entries, more than the {} a hub sends", name,
                                                         (*array)->size(), maximum)));
        }
        for (std::size_t index = 0; index < (*array)->size(); ++index) {
            const Json& entry = (**array)[index];
            if (!entry.is_string()) {
                return fail(Error::invalid_input(fmt::format("{}[{}]: not a string", name, index)));
            }
            target->push_back(entry.get<std::string>());
        }
    }
    for (std::size_t index = 0; index < lists.public_keys.size(); ++index) {
        if (auto key = base::parse_public_key(lists.public_keys[index]); !key) {
            return fail(Error::invalid_input(
                fmt::format("public_keys[{}]: not a public key ({})", index, key.error().message)));
        }
    }
    for (std::size_t index = 0; index < lists.revoked_serials.size(); ++index) {
        if (!is_code_serial(lists.revoked_serials[index])) {
            return fail(Error::invalid_input(
                fmt::format("revoked_serials[{}]: not 12 lower-case hexadecimal digits", index)));
        }
    }
    return lists;
}

Result<ErrorReply> decode_error_reply(std::string_view text) {
    auto json = parse_message(text);
    if (!json) {
        return fail(json.error());
    }
    auto error = string_member(*json, "error", "");
    if (!error) {
        return fail(error.error());
    }
    return ErrorReply{std::move(*error)};
}

// ---- Kiosk health ------------------------------------------------------------------------------------

std::string_view to_string(PrinterCondition condition) {
    switch (condition) {
    case PrinterCondition::ready:
        return "ready";
    case PrinterCondition::problem:
        return "problem";
    case PrinterCondition::none:
        return "none";
    case PrinterCondition::unknown:
        return "unknown";
    }
    return "unknown";
}

std::optional<PrinterCondition> printer_condition_from(std::string_view text) {
    for (const auto condition : {PrinterCondition::ready, PrinterCondition::problem, PrinterCondition::none,
                                 PrinterCondition::unknown}) {
        if (text == to_string(condition)) {
            return condition;
        }
    }
    return std::nullopt;
}

namespace {

Json optional_integer(const std::optional<std::int64_t>& value) {
    return value ? Json(*value) : Json(nullptr);
}

// A short clean text of the report: not empty, at most `maximum` characters, nothing that hides or
// reorders text (text_limits.hpp), so the dashboard shows exactly what arrived.
Result<void> check_report_text(std::string_view text, std::size_t maximum, const std::string& path) {
    if (text.empty()) {
        return fail(Error::invalid_input(fmt::format("{}: empty", path)));
    }
    if (auto problem = text_problem(text, maximum)) {
        return fail(Error::invalid_input(fmt::format("{} {}", path, *problem))); // "version is longer than …"
    }
    return {};
}

// An integer member that may be null or left out; refused when negative.
Result<std::optional<std::int64_t>> optional_count_member(const Json& object, std::string_view name) {
    const auto found = object.find(name);
    if (found == object.end() || found->is_null()) {
        return std::optional<std::int64_t>{};
    }
    auto value = integer_member(object, name, "");
    if (!value) {
        return fail(value.error());
    }
    if (*value < 0) {
        return fail(Error::invalid_input(fmt::format("{}: negative", name)));
    }
    return std::optional<std::int64_t>(*value);
}

} // namespace

std::string encode(const KioskReport& report) {
    return dump(Json{
        {"kiosk", report.kiosk},
        {"version", report.version},
        {"backlog", report.backlog},
        {"printer", to_string(report.printer)},
        {"printer_problems", report.printer_problems},
        {"labels_left", optional_integer(report.labels_left)},
        {"scanners", report.scanners},
        {"last_scan_at_ms", optional_integer(report.last_scan_at_milliseconds)},
    });
}

std::string encode(const KioskReportReply& reply) {
    return dump(Json{{"kiosk", reply.kiosk}, {"received_at_ms", reply.received_at_milliseconds}});
}

Result<KioskReport> decode_kiosk_report(std::string_view text) {
    auto json = parse_message(text, kiosk_report_maximum_bytes);
    if (!json) {
        return fail(json.error());
    }
    KioskReport report;
    auto kiosk = string_member(*json, "kiosk", "");
    if (!kiosk) {
        return fail(kiosk.error());
    }
    if (kiosk->size() > identifier_maximum_bytes) {
        return fail(
            Error::invalid_input(fmt::format("kiosk: longer than {} bytes", identifier_maximum_bytes)));
    }
    if (auto checked = check_report_text(*kiosk, identifier_maximum_bytes, "kiosk"); !checked) {
        return fail(checked.error());
    }
    report.kiosk = std::move(*kiosk);
    auto version = string_member(*json, "version", "");
    if (!version) {
        return fail(version.error());
    }
    if (auto checked = check_report_text(*version, kiosk_report_text_maximum_characters, "version");
        !checked) {
        return fail(checked.error());
    }
    report.version = std::move(*version);
    auto backlog = count_member(*json, "backlog", "");
    if (!backlog) {
        return fail(backlog.error());
    }
    report.backlog = *backlog;
    auto printer_text = string_member(*json, "printer", "");
    if (!printer_text) {
        return fail(printer_text.error());
    }
    auto printer = printer_condition_from(*printer_text);
    if (!printer) {
        return fail(Error::invalid_input("printer: not ready, problem, none or unknown"));
    }
    report.printer = *printer;
    auto problems = array_member(*json, "printer_problems", "");
    if (!problems) {
        return fail(problems.error());
    }
    if ((*problems)->size() > printer_problems_maximum) {
        return fail(
            Error::invalid_input(fmt::format("printer_problems: {} entries, more than the {} a kiosk sends",
                                             (*problems)->size(), printer_problems_maximum)));
    }
    if (!(*problems)->empty() && report.printer != PrinterCondition::problem) {
        return fail(Error::invalid_input("printer_problems: listed for a printer that is not in trouble"));
    }
    for (std::size_t index = 0; index < (*problems)->size(); ++index) {
        const Json& entry = (**problems)[index];
        const std::string path = fmt::format("printer_problems[{}]", index);
        if (!entry.is_string()) {
            return fail(Error::invalid_input(fmt::format("{}: not a string", path)));
        }
        auto name = entry.get<std::string>();
        if (auto checked = check_report_text(name, kiosk_report_text_maximum_characters, path); !checked) {
            return fail(checked.error());
        }
        report.printer_problems.push_back(std::move(name));
    }
    auto labels_left = optional_count_member(*json, "labels_left");
    if (!labels_left) {
        return fail(labels_left.error());
    }
    report.labels_left = *labels_left;
    auto scanners = count_member(*json, "scanners", "");
    if (!scanners) {
        return fail(scanners.error());
    }
    if (*scanners > scanners_maximum) {
        return fail(Error::invalid_input(
            fmt::format("scanners: {}, more than the {} a kiosk drives", *scanners, scanners_maximum)));
    }
    report.scanners = *scanners;
    auto last_scan = optional_count_member(*json, "last_scan_at_ms");
    if (!last_scan) {
        return fail(last_scan.error());
    }
    report.last_scan_at_milliseconds = *last_scan;
    return report;
}

Result<KioskReportReply> decode_kiosk_report_reply(std::string_view text) {
    auto json = parse_message(text);
    if (!json) {
        return fail(json.error());
    }
    KioskReportReply reply;
    auto kiosk = string_member(*json, "kiosk", "");
    if (!kiosk) {
        return fail(kiosk.error());
    }
    reply.kiosk = std::move(*kiosk);
    auto received_at = integer_member(*json, "received_at_ms", "");
    if (!received_at) {
        return fail(received_at.error());
    }
    reply.received_at_milliseconds = *received_at;
    return reply;
}

} // namespace checkin::sync
