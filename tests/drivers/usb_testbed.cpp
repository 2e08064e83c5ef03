#include "tests/drivers/usb_testbed.hpp"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <linux/usbdevice_fs.h>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <sys/ioctl.h>
#include <umockdev.h>
#include <utility>

namespace checkin::test::usb {

namespace {

// ---------------------------------------------------------------------------------------------------------
// GLib handles, each wrapped once.

struct GObjectUnref {
    void operator()(gpointer object) const { g_object_unref(object); }
};
template <typename T> using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

// A new owning reference to an object we were lent. The parentheses around g_object_ref call the function
// rather than GLib's type-safe macro of the same name, whose C-style cast -Wold-style-cast rejects.
template <typename T> GObjectPtr<T> add_reference(T* object) {
    return GObjectPtr<T>(static_cast<T*>((g_object_ref)(object)));
}

struct GErrorFree {
    void operator()(GError* error) const { g_error_free(error); }
};
using GErrorPtr = std::unique_ptr<GError, GErrorFree>;

struct GFree {
    void operator()(gpointer memory) const { g_free(memory); }
};
using GCharPtr = std::unique_ptr<gchar, GFree>;

struct GMainContextUnref {
    void operator()(GMainContext* context) const { g_main_context_unref(context); }
};
using GMainContextPtr = std::unique_ptr<GMainContext, GMainContextUnref>;

struct GSourceUnref {
    void operator()(GSource* source) const { g_source_unref(source); }
};
using GSourcePtr = std::unique_ptr<GSource, GSourceUnref>;

// Throws with GLib's message when a call reported an error.
void check_gerror(GError* raw_error, const std::string& what) {
    if (raw_error == nullptr) {
        return;
    }
    const GErrorPtr error(raw_error);
    throw std::runtime_error(what + ": " + error->message);
}

// ---------------------------------------------------------------------------------------------------------
// Descriptor bytes.

constexpr std::uint8_t descriptor_type_device = 1;
constexpr std::uint8_t descriptor_type_configuration = 2;
constexpr std::uint8_t descriptor_type_string = 3;
constexpr std::uint8_t descriptor_type_interface = 4;
constexpr std::uint8_t descriptor_type_endpoint = 5;
constexpr std::uint8_t descriptor_type_hid = 0x21;
constexpr std::uint8_t descriptor_type_hid_report = 0x22;
constexpr std::uint8_t hid_interface_class = 3;

constexpr std::uint8_t manufacturer_string_index = 1;
constexpr std::uint8_t product_string_index = 2;
constexpr std::uint8_t serial_string_index = 3;

void append_le16(std::vector<std::uint8_t>& bytes, std::uint16_t value) {
    bytes.push_back(static_cast<std::uint8_t>(value & 0xffu));
    bytes.push_back(static_cast<std::uint8_t>(value >> 8));
}

std::vector<std::uint8_t> device_descriptor(const DeviceDescription& description) {
    std::vector<std::uint8_t> bytes{18, descriptor_type_device};
    append_le16(bytes, description.usb_version);
    bytes.push_back(description.device_class);
    bytes.push_back(description.device_subclass);
    bytes.push_back(description.device_protocol);
    bytes.push_back(description.max_packet_size_0);
    append_le16(bytes, description.vendor_id);
    append_le16(bytes, description.product_id);
    append_le16(bytes, description.device_release);
    bytes.push_back(description.manufacturer.empty() ? 0 : manufacturer_string_index);
    bytes.push_back(description.product.empty() ? 0 : product_string_index);
    bytes.push_back(description.serial.empty() ? 0 : serial_string_index);
    bytes.push_back(1); // bNumConfigurations
    return bytes;
}

bool has_hid_descriptor(const InterfaceDescription& interface) {
    return interface.interface_class == hid_interface_class && !interface.hid_report_descriptor.empty();
}

std::vector<std::uint8_t> hid_descriptor(const InterfaceDescription& interface) {
    std::vector<std::uint8_t> bytes{9, descriptor_type_hid};
    append_le16(bytes, 0x0111); // bcdHID 1.11
    bytes.push_back(0);         // bCountryCode
    bytes.push_back(1);         // bNumDescriptors
    bytes.push_back(descriptor_type_hid_report);
    append_le16(bytes, static_cast<std::uint16_t>(interface.hid_report_descriptor.size()));
    return bytes;
}

std::vector<std::uint8_t> configuration_descriptor(const DeviceDescription& description) {
    const InterfaceDescription& interface = description.interface;
    std::vector<std::uint8_t> body{9,
                                   descriptor_type_interface,
                                   0, // bInterfaceNumber
                                   0, // bAlternateSetting
                                   static_cast<std::uint8_t>(interface.endpoints.size()),
                                   interface.interface_class,
                                   interface.interface_subclass,
                                   interface.interface_protocol,
                                   0}; // iInterface
    if (has_hid_descriptor(interface)) {
        const std::vector<std::uint8_t> hid = hid_descriptor(interface);
        body.insert(body.end(), hid.begin(), hid.end());
    }
    for (const EndpointDescription& endpoint : interface.endpoints) {
        body.push_back(7);
        body.push_back(descriptor_type_endpoint);
        body.push_back(endpoint.address);
        body.push_back(static_cast<std::uint8_t>(endpoint.type));
        append_le16(body, endpoint.max_packet_size);
        body.push_back(endpoint.interval);
    }
    std::vector<std::uint8_t> bytes{9, descriptor_type_configuration};
    append_le16(bytes, static_cast<std::uint16_t>(9 + body.size())); // wTotalLength
    bytes.push_back(1);                                              // bNumInterfaces
    bytes.push_back(1);                                              // bConfigurationValue
    bytes.push_back(0);                                              // iConfiguration
    bytes.push_back(0x80);                                           // bmAttributes: bus powered
    bytes.push_back(50);                                             // bMaxPower: 100 mA
    bytes.insert(bytes.end(), body.begin(), body.end());
    return bytes;
}

// UTF-8 to the UTF-16LE of a string descriptor (bLength is one byte, so at most 126 code units).
std::vector<std::uint8_t> string_descriptor(const std::string& utf8) {
    std::vector<std::uint16_t> units;
    std::size_t position = 0;
    while (position < utf8.size()) {
        const auto lead = static_cast<unsigned char>(utf8[position]);
        std::uint32_t code_point = 0xfffd;
        std::size_t length = 1;
        if (lead < 0x80) {
            code_point = lead;
        } else if ((lead & 0xe0u) == 0xc0u) {
            length = 2;
            code_point = lead & 0x1fu;
        } else if ((lead & 0xf0u) == 0xe0u) {
            length = 3;
            code_point = lead & 0x0fu;
        } else if ((lead & 0xf8u) == 0xf0u) {
            length = 4;
            code_point = lead & 0x07u;
        }
        if (length > 1) {
            if (position + length > utf8.size()) {
                code_point = 0xfffd;
                length = utf8.size() - position;
            } else {
                for (std::size_t next = 1; next < length; ++next) {
                    code_point =
                        (code_point << 6) | (static_cast<unsigned char>(utf8[position + next]) & 0x3fu);
                }
            }
        }
        position += length;
        if (code_point >= 0x10000) {
            code_point -= 0x10000;
            units.push_back(static_cast<std::uint16_t>(0xd800u + (code_point >> 10)));
            units.push_back(static_cast<std::uint16_t>(0xdc00u + (code_point & 0x3ffu)));
        } else {
            units.push_back(static_cast<std::uint16_t>(code_point));
        }
    }
    units.resize(std::min<std::size_t>(units.size(), 126));
    std::vector<std::uint8_t> bytes{static_cast<std::uint8_t>(2 + 2 * units.size()), descriptor_type_string};
    for (const std::uint16_t unit : units) {
        append_le16(bytes, unit);
    }
    return bytes;
}

// ---------------------------------------------------------------------------------------------------------
// The umockdev device record (the format of umockdev-record) for one plugged-in device.

std::string three_digits(unsigned value) {
    char text[8];
    std::snprintf(text, sizeof text, "%03u", value);
    return text;
}

std::string four_hex_digits(unsigned value) {
    char text[8];
    std::snprintf(text, sizeof text, "%04x", value);
    return text;
}

std::string hex_bytes(std::span<const std::uint8_t> bytes) {
    std::string text;
    for (const std::uint8_t byte : bytes) {
        char pair[4];
        std::snprintf(pair, sizeof pair, "%02X", static_cast<unsigned>(byte));
        text += pair;
    }
    return text;
}

// "A:" values are unescaped with g_strcompress(): keep backslashes and newlines literal.
std::string escaped_attribute(const std::string& value) {
    std::string text;
    for (const char character : value) {
        if (character == '\\') {
            text += "\\\\";
        } else if (character == '\n') {
            text += "\\n";
        } else {
            text += character;
        }
    }
    return text;
}

std::string sysfs_name(const DeviceDescription& description) {
    return std::to_string(description.bus_number) + "-" + std::to_string(description.port_number);
}

std::string device_path(const DeviceDescription& description) {
    return "/devices/usb" + std::to_string(description.bus_number) + "/" + sysfs_name(description);
}

std::string node_name(const DeviceDescription& description) {
    return "bus/usb/" + three_digits(description.bus_number) + "/" + three_digits(description.device_number);
}

std::string device_record(const DeviceDescription& description) {
    const unsigned minor = (description.bus_number - 1u) * 128u + (description.device_number - 1u);
    const std::string vendor = four_hex_digits(description.vendor_id);
    const std::string product = four_hex_digits(description.product_id);
    std::string record;
    record += "P: " + device_path(description) + "\n";
    record += "N: " + node_name(description) + "\n";
    // udev properties: libudev reads them from the uevent file, libusb's udev backend needs DEVTYPE and
    // DEVNAME (the node it parses bus and device numbers from when a "remove" event arrives).
    record += "E: SUBSYSTEM=usb\n";
    record += "E: DEVTYPE=usb_device\n";
    record += "E: DEVNAME=/dev/" + node_name(description) + "\n";
    record += "E: DRIVER=usb\n";
    record += "E: BUSNUM=" + three_digits(description.bus_number) + "\n";
    record += "E: DEVNUM=" + three_digits(description.device_number) + "\n";
    record += "E: MAJOR=189\n";
    record += "E: MINOR=" + std::to_string(minor) + "\n";
    record += "E: PRODUCT=" + std::to_string(description.vendor_id) + "/" +
              std::to_string(description.product_id) + "/" + std::to_string(description.device_release) +
              "\n";
    record += "E: ID_VENDOR_ID=" + vendor + "\n";
    record += "E: ID_MODEL_ID=" + product + "\n";
    if (!description.serial.empty()) {
        record += "E: ID_SERIAL_SHORT=" + description.serial + "\n";
    }
    // sysfs attributes end with a newline as the kernel's do (libusb warns otherwise); `dev` does not,
    // because umockdev also turns it into a /dev/.node symlink its preload library parses.
    record += "A: busnum=" + std::to_string(description.bus_number) + "\\n\n";
    record += "A: devnum=" + std::to_string(description.device_number) + "\\n\n";
    record += "A: dev=189:" + std::to_string(minor) + "\n";
    record += "A: idVendor=" + vendor + "\\n\n";
    record += "A: idProduct=" + product + "\\n\n";
    record += "A: bcdDevice=" + four_hex_digits(description.device_release) + "\\n\n";
    record += "A: bNumConfigurations=1\\n\n";
    record += "A: bConfigurationValue=1\\n\n";
    record += "A: bNumInterfaces= 1\\n\n";
    record += "A: speed=" + description.speed + "\\n\n";
    if (!description.manufacturer.empty()) {
        record += "A: manufacturer=" + escaped_attribute(description.manufacturer) + "\\n\n";
    }
    if (!description.product.empty()) {
        record += "A: product=" + escaped_attribute(description.product) + "\\n\n";
    }
    if (!description.serial.empty()) {
        record += "A: serial=" + escaped_attribute(description.serial) + "\\n\n";
    }
    record += "H: descriptors=" + hex_bytes(descriptors_blob(description)) + "\n";
    return record;
}

// ---------------------------------------------------------------------------------------------------------
// Reading and writing the client's memory that umockdev fetched over its socket.

// Resolves the pointer at `offset` inside `parent` to a local copy of `length` bytes of client memory.
// Null when the client passed a null pointer or length is zero.
GObjectPtr<UMockdevIoctlData> resolve(UMockdevIoctlData* parent, std::size_t offset, std::size_t length) {
    GError* raw_error = nullptr;
    UMockdevIoctlData* child = umockdev_ioctl_data_resolve(parent, offset, length, &raw_error);
    check_gerror(raw_error, "umockdev_ioctl_data_resolve");
    return GObjectPtr<UMockdevIoctlData>(child);
}

std::size_t data_size(const UMockdevIoctlData* data) {
    return data->data_len > 0 ? static_cast<std::size_t>(data->data_len) : 0;
}

template <typename Struct> Struct read_struct(const UMockdevIoctlData* data) {
    if (data_size(data) < sizeof(Struct)) {
        throw std::runtime_error("ioctl argument shorter than its struct");
    }
    Struct value;
    std::memcpy(&value, data->data, sizeof(Struct));
    return value;
}

template <typename Struct> void write_struct(UMockdevIoctlData* data, const Struct& value) {
    if (data_size(data) < sizeof(Struct)) {
        throw std::runtime_error("ioctl argument shorter than its struct");
    }
    std::memcpy(data->data, &value, sizeof(Struct));
}

// The first machine word of an argument: for _IO ioctls such as DISCARDURB it is the argument itself (its
// _IOC_SIZE is 0; resolving it as a pointer would read client memory that is not there).
unsigned long argument_value(const UMockdevIoctlData* argument) {
    unsigned long value = 0;
    std::memcpy(&value, argument->data, std::min(sizeof value, data_size(argument)));
    return value;
}

bool is_in(unsigned char endpoint) {
    return (endpoint & 0x80u) != 0;
}

std::string endpoint_text(unsigned char endpoint) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", static_cast<unsigned>(endpoint));
    return text;
}

} // namespace

std::vector<std::uint8_t> descriptors_blob(const DeviceDescription& description) {
    std::vector<std::uint8_t> bytes = device_descriptor(description);
    const std::vector<std::uint8_t> configuration = configuration_descriptor(description);
    bytes.insert(bytes.end(), configuration.begin(), configuration.end());
    return bytes;
}

std::optional<std::vector<std::uint8_t>> EmulatedUsbFunction::on_control(const ControlSetup&,
                                                                         std::span<const std::uint8_t>) {
    return std::nullopt;
}

namespace detail {
namespace {

// What an ioctl returns to the client: a result and, when the result is -1, errno.
struct Reply {
    long result = 0;
    int error = 0;
};

Reply success(long result = 0) {
    return Reply{result, 0};
}

Reply failure(int error) {
    return Reply{-1, error};
}

// What the kernel reports in GET_CAPABILITIES. Scatter-gather makes libusb submit one URB per bulk
// transfer, which keeps short transfers simple (no BULK_CONTINUATION cancellation to emulate). MMAP is
// left out: the emulated node cannot be mapped.
constexpr std::uint32_t emulated_capabilities =
    USBDEVFS_CAP_ZERO_PACKET | USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
    USBDEVFS_CAP_BULK_SCATTER_GATHER | USBDEVFS_CAP_REAP_AFTER_DISCONNECT;

// One submitted URB, from SUBMITURB until it is reaped.
struct Urb {
    UMockdevIoctlClient* client = nullptr; // the open file that submitted it
    GObjectPtr<UMockdevIoctlClient> client_reference;
    GObjectPtr<UMockdevIoctlData> urb_data;    // local copy of the client's struct usbdevfs_urb
    GObjectPtr<UMockdevIoctlData> buffer_data; // local copy of its buffer; null for zero length
    unsigned long client_address = 0;          // the URB's address in the client: DISCARDURB names it
    unsigned char type = 0;
    unsigned char endpoint = 0;
    std::size_t buffer_length = 0;
    std::chrono::steady_clock::time_point due; // earliest completion (completion delay fault)
    std::size_t accepted_out_bytes = 0;        // OUT: how much the device takes (short OUT fault)
    bool delivering = false;                   // OUT: being handed to the function right now
    bool completed = false;
    int status = 0; // 0 or a negative errno, as the kernel reports it
    std::size_t actual_length = 0;
    std::vector<std::uint8_t> in_bytes; // IN: what the device sent, copied to the client when reaped
    std::uint64_t completion_order = 0;
};

struct EndpointState {
    EndpointDescription description;
    std::deque<std::vector<std::uint8_t>> in_queue;
    bool halted = false;
    std::optional<std::size_t> short_next_out;
    std::chrono::milliseconds completion_delay{0};
};

} // namespace

class DeviceState : public std::enable_shared_from_this<DeviceState> {
public:
    DeviceState(UMockdevTestbed* testbed, const DeviceDescription& description, EmulatedUsbFunction& function)
        : m_testbed(testbed), m_description(description), m_function(&function) {
        for (const EndpointDescription& endpoint : description.interface.endpoints) {
            m_endpoints[endpoint.address].description = endpoint;
        }
    }

    DeviceState(const DeviceState&) = delete;
    DeviceState& operator=(const DeviceState&) = delete;

    // Creates the ioctl handler; the signal closures keep this state alive while GLib may still call them.
    void connect_handler() {
        m_handler.reset(umockdev_ioctl_base_new());
        m_ioctl_signal = g_signal_connect_data(
            &m_handler->parent_instance, "handle-ioctl", reinterpret_cast<GCallback>(&on_handle_ioctl),
            new std::shared_ptr<DeviceState>(shared_from_this()), &delete_state_reference, G_CONNECT_DEFAULT);
        m_connect_signal = g_signal_connect_data(&m_handler->parent_instance, "client-connected",
                                                 reinterpret_cast<GCallback>(&on_client_connected),
                                                 new std::shared_ptr<DeviceState>(shared_from_this()),
                                                 &delete_state_reference, G_CONNECT_DEFAULT);
    }

    // ----- plugging (test thread) -----

    void plug() {
        const std::lock_guard plugging(m_plugging);
        DeviceDescription description = this->description();
        GError* raw_error = nullptr;
        umockdev_testbed_add_from_string(m_testbed, device_record(description).c_str(), &raw_error);
        check_gerror(raw_error, "umockdev_testbed_add_from_string");
        const std::string node = "/dev/" + node_name(description);
        // A node keeps its handler for the testbed's lifetime: files opened before an unplug stay
        // connected to it (and get ENODEV), and a replug at the same number reuses it.
        if (m_attached_nodes.count(node) == 0) {
            umockdev_testbed_attach_ioctl(m_testbed, node.c_str(), m_handler.get(), &raw_error);
            check_gerror(raw_error, "umockdev_testbed_attach_ioctl " + node);
            m_attached_nodes.insert(node);
        }
        {
            const std::lock_guard lock(m_mutex);
            ++m_generation;
            m_plugged = true;
            m_kernel_driver = description.kernel_driver.empty()
                                  ? std::nullopt
                                  : std::optional<std::string>(description.kernel_driver);
            release_claim();
            for (auto& [address, endpoint] : m_endpoints) {
                endpoint.in_queue.clear();
                endpoint.halted = false;
                endpoint.short_next_out.reset();
            }
        }
        umockdev_testbed_uevent(m_testbed, ("/sys" + device_path(description)).c_str(), "add");
    }

    void unplug() {
        const std::lock_guard plugging(m_plugging);
        DeviceDescription description;
        {
            const std::lock_guard lock(m_mutex);
            if (!m_plugged) {
                throw std::logic_error("unplug(): the device is not plugged in");
            }
            m_plugged = false;
            description = m_description;
            // The host controller gives back every URB of a vanished device with -ESHUTDOWN.
            for (Urb& urb : m_urbs) {
                if (!urb.completed) {
                    complete(urb, -ESHUTDOWN, 0);
                }
            }
            release_claim();
            for (auto& [address, endpoint] : m_endpoints) {
                endpoint.in_queue.clear();
            }
        }
        m_changed.notify_all();
        const std::string syspath = "/sys" + device_path(description);
        // umockdev builds the event from the device's uevent file, so it must go out before the removal.
        umockdev_testbed_uevent(m_testbed, syspath.c_str(), "remove");
        umockdev_testbed_remove_device(m_testbed, syspath.c_str());
    }

    void replug(std::optional<std::uint8_t> new_device_number) {
        {
            const std::lock_guard lock(m_mutex);
            if (m_plugged) {
                throw std::logic_error("replug(): the device is still plugged in; unplug() it first");
            }
            if (new_device_number) {
                m_description.device_number = *new_device_number;
            }
        }
        plug();
    }

    // Ends the emulation before the testbed goes: later ioctls get ENODEV, GLib lets go of this state.
    // The URBs stay: a worker callback still running may point at them; they go with this state, which
    // GLib's closures keep alive until such a callback returns.
    void shut_down() {
        std::vector<GObjectPtr<UMockdevIoctlClient>> blocked;
        GSourcePtr poll_source;
        {
            const std::lock_guard lock(m_mutex);
            m_shut_down = true;
            m_function = nullptr;
            blocked = std::move(m_blocked_reapers);
            poll_source = std::move(m_poll_source);
        }
        if (poll_source) {
            g_source_destroy(poll_source.get());
        }
        for (const auto& client : blocked) {
            umockdev_ioctl_client_complete(client.get(), -1, ENODEV);
        }
        if (m_handler) {
            g_signal_handler_disconnect(&m_handler->parent_instance, m_ioctl_signal);
            g_signal_handler_disconnect(&m_handler->parent_instance, m_connect_signal);
        }
        for (const std::string& node : m_attached_nodes) {
            GError* raw_error = nullptr;
            umockdev_testbed_detach_ioctl(m_testbed, node.c_str(), &raw_error);
            if (raw_error != nullptr) {
                const GErrorPtr error(raw_error);
                std::fprintf(stderr, "usb_testbed: detaching %s: %s\n", node.c_str(), error->message);
            }
        }
        m_attached_nodes.clear();
        m_handler.reset();
    }

    // ----- test-facing queries and faults (any thread) -----

    DeviceDescription description() const {
        const std::lock_guard lock(m_mutex);
        return m_description;
    }

    bool plugged() const {
        const std::lock_guard lock(m_mutex);
        return m_plugged;
    }

    void queue_in(unsigned char endpoint, std::vector<std::uint8_t> bytes) {
        {
            const std::lock_guard lock(m_mutex);
            EndpointState& state = endpoint_state(endpoint);
            if (!is_in(endpoint)) {
                throw std::invalid_argument("queue_in(): endpoint " + endpoint_text(endpoint) + " is OUT");
            }
            if (!m_plugged) {
                return;
            }
            state.in_queue.push_back(std::move(bytes));
            complete_due_in_urbs();
        }
        m_changed.notify_all();
    }

    std::size_t queued_in_messages(unsigned char endpoint) const {
        const std::lock_guard lock(m_mutex);
        const auto found = m_endpoints.find(endpoint);
        return found == m_endpoints.end() ? 0 : found->second.in_queue.size();
    }

    void stall(unsigned char endpoint) {
        {
            const std::lock_guard lock(m_mutex);
            endpoint_state(endpoint).halted = true;
            for (Urb& urb : m_urbs) {
                if (!urb.completed && urb.endpoint == endpoint) {
                    complete(urb, -EPIPE, 0);
                }
            }
        }
        m_changed.notify_all();
    }

    bool halted(unsigned char endpoint) const {
        const std::lock_guard lock(m_mutex);
        const auto found = m_endpoints.find(endpoint);
        return found != m_endpoints.end() && found->second.halted;
    }

    void short_next_out(unsigned char endpoint, std::size_t accepted_bytes) {
        const std::lock_guard lock(m_mutex);
        if (is_in(endpoint)) {
            throw std::invalid_argument("short_next_out(): endpoint " + endpoint_text(endpoint) + " is IN");
        }
        endpoint_state(endpoint).short_next_out = accepted_bytes;
    }

    void set_completion_delay(unsigned char endpoint, std::chrono::milliseconds delay) {
        const std::lock_guard lock(m_mutex);
        endpoint_state(endpoint).completion_delay = delay;
    }

    std::optional<std::string> kernel_driver() const {
        const std::lock_guard lock(m_mutex);
        return m_kernel_driver;
    }

    bool interface_claimed() {
        const std::lock_guard lock(m_mutex);
        forget_claim_of_closed_file();
        return m_claimed_by != nullptr;
    }

    std::size_t implicit_claims() const {
        const std::lock_guard lock(m_mutex);
        return m_implicit_claims;
    }

    std::size_t in_flight_urbs() const {
        const std::lock_guard lock(m_mutex);
        return count_in_flight();
    }

    bool wait_for_in_flight_urbs(std::size_t count, std::chrono::milliseconds timeout) const {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return count_in_flight() >= count; });
    }

    std::vector<std::string> errors() const {
        const std::lock_guard lock(m_mutex);
        return m_errors;
    }

private:
    // ----- GLib callbacks (worker thread); exceptions must not cross into C -----

    static void delete_state_reference(gpointer data, GClosure*) {
        delete static_cast<std::shared_ptr<DeviceState>*>(data);
    }

    static gboolean on_handle_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer data) {
        DeviceState& state = **static_cast<std::shared_ptr<DeviceState>*>(data);
        std::optional<Reply> reply;
        try {
            reply = state.handle_ioctl(client);
        } catch (const std::exception& error) {
            state.record_error(std::string("ioctl handler failed: ") + error.what());
            reply = failure(EIO);
        }
        if (reply) {
            umockdev_ioctl_client_complete(client, reply->result, reply->error);
        }
        return TRUE;
    }

    static void on_client_connected(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer data) {
        DeviceState& state = **static_cast<std::shared_ptr<DeviceState>*>(data);
        const std::lock_guard lock(state.m_mutex);
        state.m_client_generations[client] = state.m_generation;
    }

    static gboolean on_poll_blocked_reapers(gpointer data) {
        DeviceState& state = **static_cast<std::shared_ptr<DeviceState>*>(data);
        try {
            return state.serve_blocked_reapers() ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
        } catch (const std::exception& error) {
            state.record_error(std::string("serving a blocked REAPURB failed: ") + error.what());
            return G_SOURCE_CONTINUE;
        }
    }

    static void delete_source_reference(gpointer data) {
        delete static_cast<std::shared_ptr<DeviceState>*>(data);
    }

    // ----- ioctl dispatch (worker thread) -----

    // nullopt: the reply comes later (a blocking REAPURB).
    std::optional<Reply> handle_ioctl(UMockdevIoctlClient* client) {
        remember_worker_context();
        const unsigned long request = umockdev_ioctl_client_get_request(client);
        UMockdevIoctlData* argument = umockdev_ioctl_client_get_arg(client);
        // Reaping is allowed after a disconnect (the kernel checks it first, and so do we).
        if (request == USBDEVFS_REAPURBNDELAY) {
            return reap(client, false);
        }
        if (request == USBDEVFS_REAPURB) {
            return reap(client, true);
        }
        if (!client_is_current(client)) {
            return failure(ENODEV);
        }
        switch (request) {
        case USBDEVFS_GET_CAPABILITIES:
            return get_capabilities(argument);
        case USBDEVFS_CLAIMINTERFACE:
            return claim_interface(client, argument);
        case USBDEVFS_RELEASEINTERFACE:
            return release_interface(client, argument);
        case USBDEVFS_SETINTERFACE:
            return set_interface(client, argument);
        case USBDEVFS_SETCONFIGURATION:
            return set_configuration(client, argument);
        case USBDEVFS_GETDRIVER:
            return get_driver(argument);
        case USBDEVFS_IOCTL:
            return driver_ioctl(argument);
        case USBDEVFS_DISCONNECT_CLAIM:
            return disconnect_claim(client, argument);
        case USBDEVFS_CLEAR_HALT:
        case USBDEVFS_RESETEP:
            return clear_halt(argument);
        case USBDEVFS_RESET:
            return reset_device();
        case USBDEVFS_CONTROL:
            return control_ioctl(argument);
        case USBDEVFS_SUBMITURB:
            return submit_urb(client, argument);
        case USBDEVFS_DISCARDURB:
            return discard_urb(client, argument);
        case USBDEVFS_DROP_PRIVILEGES:
            return success();
        case USBDEVFS_GET_SPEED:
            return success(speed_code());
        default:
            break;
        }
        char text[96];
        std::snprintf(text, sizeof text, "unhandled ioctl 0x%lx (type '%c' number %lu size %lu)", request,
                      static_cast<char>(_IOC_TYPE(request)), static_cast<unsigned long>(_IOC_NR(request)),
                      static_cast<unsigned long>(_IOC_SIZE(request)));
        record_error(text);
        return failure(ENOTTY);
    }

    Reply get_capabilities(UMockdevIoctlData* argument) {
        const auto capabilities = resolve(argument, 0, sizeof(std::uint32_t));
        if (!capabilities) {
            return failure(EFAULT);
        }
        write_struct(capabilities.get(), emulated_capabilities);
        return success();
    }

    Reply claim_interface(UMockdevIoctlClient* client, UMockdevIoctlData* argument) {
        const auto interface = resolve(argument, 0, sizeof(unsigned int));
        if (!interface) {
            return failure(EFAULT);
        }
        if (read_struct<unsigned int>(interface.get()) != 0) {
            return failure(ENOENT);
        }
        const std::lock_guard lock(m_mutex);
        return claim(client);
    }

    Reply release_interface(UMockdevIoctlClient* client, UMockdevIoctlData* argument) {
        const auto interface = resolve(argument, 0, sizeof(unsigned int));
        if (!interface) {
            return failure(EFAULT);
        }
        const std::lock_guard lock(m_mutex);
        if (read_struct<unsigned int>(interface.get()) != 0 || m_claimed_by != client) {
            return failure(EINVAL);
        }
        release_claim();
        return success();
    }

    Reply set_interface(UMockdevIoctlClient* client, UMockdevIoctlData* argument) {
        const auto setting = resolve(argument, 0, sizeof(usbdevfs_setinterface));
        if (!setting) {
            return failure(EFAULT);
        }
        const auto value = read_struct<usbdevfs_setinterface>(setting.get());
        const std::lock_guard lock(m_mutex);
        if (value.interface != 0) {
            return failure(EINVAL);
        }
        const Reply claimed = claim_implicitly(client);
        if (claimed.result != 0) {
            return claimed;
        }
        return value.altsetting == 0 ? success() : failure(EINVAL);
    }

    Reply set_configuration(UMockdevIoctlClient* client, UMockdevIoctlData* argument) {
        const auto configuration = resolve(argument, 0, sizeof(int));
        if (!configuration) {
            return failure(EFAULT);
        }
        const std::lock_guard lock(m_mutex);
        // The kernel refuses while another driver holds an interface.
        forget_claim_of_closed_file();
        if (m_kernel_driver || (m_claimed_by != nullptr && m_claimed_by != client)) {
            return failure(EBUSY);
        }
        return read_struct<int>(configuration.get()) == 1 ? success() : failure(EINVAL);
    }

    Reply get_driver(UMockdevIoctlData* argument) {
        const auto query = resolve(argument, 0, sizeof(usbdevfs_getdriver));
        if (!query) {
            return failure(EFAULT);
        }
        auto value = read_struct<usbdevfs_getdriver>(query.get());
        std::string driver;
        {
            const std::lock_guard lock(m_mutex);
            forget_claim_of_closed_file();
            if (value.interface != 0) {
                return failure(ENODATA);
            }
            if (m_claimed_by != nullptr) {
                driver = "usbfs";
            } else if (m_kernel_driver) {
                driver = *m_kernel_driver;
            } else {
                return failure(ENODATA);
            }
        }
        std::memset(value.driver, 0, sizeof value.driver);
        std::memcpy(value.driver, driver.data(), std::min(driver.size(), sizeof value.driver - 1));
        write_struct(query.get(), value);
        return success();
    }

    // USBDEVFS_IOCTL carries USBDEVFS_DISCONNECT (unbind the kernel driver) and USBDEVFS_CONNECT (bind one).
    Reply driver_ioctl(UMockdevIoctlData* argument) {
        const auto command_data = resolve(argument, 0, sizeof(usbdevfs_ioctl));
        if (!command_data) {
            return failure(EFAULT);
        }
        const auto command = read_struct<usbdevfs_ioctl>(command_data.get());
        const std::lock_guard lock(m_mutex);
        forget_claim_of_closed_file();
        if (command.ifno != 0) {
            return failure(EINVAL);
        }
        const auto code = static_cast<unsigned long>(command.ioctl_code);
        if (code == USBDEVFS_DISCONNECT) {
            if (m_kernel_driver) {
                m_kernel_driver.reset();
                return success();
            }
            if (m_claimed_by != nullptr) {
                release_claim(); // unbinding usbfs releases whichever file claimed the interface
                return success();
            }
            return failure(ENODATA);
        }
        if (code == USBDEVFS_CONNECT) {
            if (m_claimed_by != nullptr) {
                return failure(EBUSY);
            }
            if (m_kernel_driver) {
                return success(0);
            }
            // The driver core probes: the driver named in the description binds again (result 1 = bound).
            const std::string& driver = m_description.kernel_driver;
            if (driver.empty()) {
                return success(0);
            }
            m_kernel_driver = driver;
            return success(1);
        }
        record_error_locked("USBDEVFS_IOCTL with unknown code " + std::to_string(command.ioctl_code));
        return failure(ENOTTY);
    }

    Reply disconnect_claim(UMockdevIoctlClient* client, UMockdevIoctlData* argument) {
        const auto request_data = resolve(argument, 0, sizeof(usbdevfs_disconnect_claim));
        if (!request_data) {
            return failure(EFAULT);
        }
        const auto request = read_struct<usbdevfs_disconnect_claim>(request_data.get());
        const std::string named(request.driver, strnlen(request.driver, sizeof request.driver));
        const std::lock_guard lock(m_mutex);
        forget_claim_of_closed_file();
        if (request.interface != 0) {
            return failure(EINVAL);
        }
        std::optional<std::string> bound = m_kernel_driver;
        if (m_claimed_by != nullptr) {
            bound = "usbfs";
        }
        if (bound) {
            if ((request.flags & USBDEVFS_DISCONNECT_CLAIM_IF_DRIVER) != 0 && named != *bound) {
                return failure(EBUSY);
            }
            if ((request.flags & USBDEVFS_DISCONNECT_CLAIM_EXCEPT_DRIVER) != 0 && named == *bound) {
                return failure(EBUSY);
            }
            if (m_kernel_driver) {
                m_kernel_driver.reset();
            } else if (m_claimed_by != client) {
                release_claim();
            }
        }
        return claim(client);
    }

    Reply clear_halt(UMockdevIoctlData* argument) {
        const auto endpoint_data = resolve(argument, 0, sizeof(unsigned int));
        if (!endpoint_data) {
            return failure(EFAULT);
        }
        const auto endpoint = static_cast<unsigned char>(read_struct<unsigned int>(endpoint_data.get()));
        const std::lock_guard lock(m_mutex);
        if ((endpoint & 0x7fu) == 0) {
            return success();
        }
        const auto found = m_endpoints.find(endpoint);
        if (found == m_endpoints.end()) {
            return failure(ENOENT);
        }
        found->second.halted = false;
        return success();
    }

    Reply reset_device() {
        const std::lock_guard lock(m_mutex);
        for (auto& [address, endpoint] : m_endpoints) {
            endpoint.halted = false;
        }
        return success();
    }

    long speed_code() const {
        const std::string speed = description().speed;
        if (speed == "1.5") {
            return 1; // USB_SPEED_LOW
        }
        if (speed == "12") {
            return 2; // USB_SPEED_FULL
        }
        if (speed == "480") {
            return 3; // USB_SPEED_HIGH
        }
        return 5; // USB_SPEED_SUPER
    }

    // The synchronous USBDEVFS_CONTROL ioctl (libusb uses URBs; other clients may not).
    Reply control_ioctl(UMockdevIoctlData* argument) {
        const auto transfer_data = resolve(argument, 0, sizeof(usbdevfs_ctrltransfer));
        if (!transfer_data) {
            return failure(EFAULT);
        }
        const auto transfer = read_struct<usbdevfs_ctrltransfer>(transfer_data.get());
        const ControlSetup setup{transfer.bRequestType, transfer.bRequest, transfer.wValue, transfer.wIndex,
                                 transfer.wLength};
        GObjectPtr<UMockdevIoctlData> buffer;
        if (transfer.wLength > 0) {
            buffer = resolve(transfer_data.get(), offsetof(usbdevfs_ctrltransfer, data), transfer.wLength);
            if (!buffer) {
                return failure(EFAULT);
            }
        }
        std::span<const std::uint8_t> data_out;
        if (buffer && !is_in(setup.request_type)) {
            data_out = std::span<const std::uint8_t>(buffer->data, setup.length);
        }
        const std::optional<std::vector<std::uint8_t>> answer = answer_control(setup, data_out);
        if (!answer) {
            return failure(EPIPE);
        }
        if (is_in(setup.request_type)) {
            if (!answer->empty()) {
                std::memcpy(buffer->data, answer->data(), answer->size());
            }
            return success(static_cast<long>(answer->size()));
        }
        return success(setup.length);
    }

    // ----- URBs -----

    Reply submit_urb(UMockdevIoctlClient* client, UMockdevIoctlData* argument) {
        auto urb_data = resolve(argument, 0, sizeof(usbdevfs_urb));
        if (!urb_data) {
            return failure(EFAULT);
        }
        const auto submitted = read_struct<usbdevfs_urb>(urb_data.get());
        if (submitted.buffer_length < 0) {
            return failure(EINVAL);
        }
        const auto buffer_length = static_cast<std::size_t>(submitted.buffer_length);
        if (submitted.type == USBDEVFS_URB_TYPE_ISO) {
            record_error("isochronous URBs are not emulated");
            return failure(EINVAL);
        }
        const bool control = submitted.type == USBDEVFS_URB_TYPE_CONTROL;
        if (control && ((submitted.endpoint & 0x7fu) != 0 || buffer_length < 8)) {
            return failure(EINVAL);
        }
        GObjectPtr<UMockdevIoctlData> buffer_data;
        if (buffer_length > 0) {
            buffer_data = resolve(urb_data.get(), offsetof(usbdevfs_urb, buffer), buffer_length);
            if (!buffer_data) {
                return failure(EFAULT);
            }
        }

        Urb urb;
        urb.client = client;
        urb.client_reference = add_reference(client);
        urb.client_address = urb_data->client_addr;
        urb.urb_data = std::move(urb_data);
        urb.buffer_data = std::move(buffer_data);
        urb.type = submitted.type;
        urb.endpoint = submitted.endpoint;
        urb.buffer_length = buffer_length;
        urb.due = std::chrono::steady_clock::now();

        if (control) {
            return submit_control_urb(std::move(urb));
        }
        {
            const std::lock_guard lock(m_mutex);
            const auto found = m_endpoints.find(urb.endpoint);
            if (found == m_endpoints.end()) {
                return failure(ENOENT);
            }
            EndpointState& endpoint = found->second;
            const TransferType endpoint_type = endpoint.description.type;
            if (urb.type == USBDEVFS_URB_TYPE_INTERRUPT && endpoint_type != TransferType::interrupt) {
                return failure(EINVAL);
            }
            if (urb.type != USBDEVFS_URB_TYPE_INTERRUPT && urb.type != USBDEVFS_URB_TYPE_BULK) {
                return failure(EINVAL);
            }
            const Reply claimed = claim_implicitly(client);
            if (claimed.result != 0) {
                return claimed;
            }
            urb.due += endpoint.completion_delay;
            if (!is_in(urb.endpoint)) {
                urb.accepted_out_bytes =
                    std::min(buffer_length, endpoint.short_next_out.value_or(buffer_length));
                endpoint.short_next_out.reset();
            }
            const bool halted = endpoint.halted;
            m_urbs.push_back(std::move(urb));
            if (halted) {
                complete(m_urbs.back(), -EPIPE, 0);
            }
            complete_due_in_urbs();
        }
        m_changed.notify_all();
        deliver_due_out_urbs();
        return success();
    }

    Reply submit_control_urb(Urb urb) {
        const std::uint8_t* buffer = urb.buffer_data->data;
        const ControlSetup setup{buffer[0], buffer[1],
                                 static_cast<std::uint16_t>(buffer[2] | (buffer[3] << 8)),
                                 static_cast<std::uint16_t>(buffer[4] | (buffer[5] << 8)),
                                 static_cast<std::uint16_t>(buffer[6] | (buffer[7] << 8))};
        if (setup.length > urb.buffer_length - 8) {
            return failure(EINVAL);
        }
        std::span<const std::uint8_t> data_out;
        if (!is_in(setup.request_type)) {
            data_out = std::span<const std::uint8_t>(buffer + 8, setup.length);
        }
        const std::optional<std::vector<std::uint8_t>> answer = answer_control(setup, data_out);
        {
            const std::lock_guard lock(m_mutex);
            m_urbs.push_back(std::move(urb));
            Urb& stored = m_urbs.back();
            if (!answer) {
                complete(stored, -EPIPE, 0);
            } else if (is_in(setup.request_type)) {
                stored.in_bytes = *answer;
                complete(stored, 0, answer->size());
            } else {
                complete(stored, 0, setup.length);
            }
        }
        m_changed.notify_all();
        return success();
    }

    Reply discard_urb(UMockdevIoctlClient* client, UMockdevIoctlData* argument) {
        const unsigned long address = argument_value(argument);
        {
            const std::lock_guard lock(m_mutex);
            const auto found = std::find_if(m_urbs.begin(), m_urbs.end(), [&](const Urb& urb) {
                return urb.client == client && urb.client_address == address && !urb.completed;
            });
            if (found == m_urbs.end()) {
                return failure(EINVAL); // already completed, or never submitted: "ready to be reaped"
            }
            complete(*found, -ECONNRESET, 0);
        }
        m_changed.notify_all();
        return success();
    }

    // nullopt: nothing to reap yet and the caller blocks (REAPURB); the poll source answers later.
    std::optional<Reply> reap(UMockdevIoctlClient* client, bool blocking) {
        const std::optional<Reply> reply = try_reap(client);
        if (reply) {
            return reply;
        }
        if (!blocking) {
            return failure(EAGAIN);
        }
        const std::lock_guard lock(m_mutex);
        m_blocked_reapers.push_back(add_reference(client));
        start_polling_blocked_reapers();
        return std::nullopt;
    }

    // A completed URB of this client copied back to it, ENODEV when it has none and its device is gone,
    // nullopt when it has to wait.
    std::optional<Reply> try_reap(UMockdevIoctlClient* client) {
        deliver_due_out_urbs();
        std::list<Urb> reaped;
        {
            const std::lock_guard lock(m_mutex);
            complete_due_in_urbs();
            auto earliest = m_urbs.end();
            for (auto urb = m_urbs.begin(); urb != m_urbs.end(); ++urb) {
                if (urb->client == client && urb->completed &&
                    (earliest == m_urbs.end() || urb->completion_order < earliest->completion_order)) {
                    earliest = urb;
                }
            }
            if (earliest == m_urbs.end()) {
                if (!client_is_current(client)) {
                    return failure(ENODEV);
                }
                return std::nullopt;
            }
            reaped.splice(reaped.begin(), m_urbs, earliest);
        }
        m_changed.notify_all();
        return hand_back(reaped.front(), umockdev_ioctl_client_get_arg(client));
    }

    // Writes status, actual_length and IN data into the client's URB and makes the REAPURB argument (a
    // void**) point at it. umockdev copies both to the client when the ioctl completes.
    Reply hand_back(Urb& urb, UMockdevIoctlData* argument) {
        auto result = read_struct<usbdevfs_urb>(urb.urb_data.get());
        result.status = urb.status;
        result.actual_length = static_cast<int>(urb.actual_length);
        write_struct(urb.urb_data.get(), result);
        if (!urb.in_bytes.empty()) {
            const std::size_t offset = urb.type == USBDEVFS_URB_TYPE_CONTROL ? 8 : 0;
            std::memcpy(urb.buffer_data->data + offset, urb.in_bytes.data(), urb.in_bytes.size());
        }
        const auto urb_pointer = resolve(argument, 0, sizeof(void*));
        if (!urb_pointer) {
            return failure(EFAULT);
        }
        umockdev_ioctl_data_set_ptr(urb_pointer.get(), 0, urb.urb_data.get());
        return success();
    }

    // Returns whether some REAPURB is still waiting.
    bool serve_blocked_reapers() {
        std::vector<GObjectPtr<UMockdevIoctlClient>> waiting;
        {
            const std::lock_guard lock(m_mutex);
            waiting = std::move(m_blocked_reapers);
            m_blocked_reapers.clear();
        }
        std::vector<GObjectPtr<UMockdevIoctlClient>> still_waiting;
        for (auto& client : waiting) {
            std::optional<Reply> reply = try_reap(client.get());
            if (reply) {
                umockdev_ioctl_client_complete(client.get(), reply->result, reply->error);
            } else {
                still_waiting.push_back(std::move(client));
            }
        }
        const std::lock_guard lock(m_mutex);
        for (auto& client : still_waiting) {
            m_blocked_reapers.push_back(std::move(client));
        }
        if (m_blocked_reapers.empty() || m_shut_down) {
            m_poll_source.reset();
            return false;
        }
        return true;
    }

    // Called with m_mutex held. A 1 ms timeout on the worker's context retries blocked REAPURBs: data may
    // arrive from any thread, and a due time may pass.
    void start_polling_blocked_reapers() {
        if (m_poll_source || !m_worker_context || m_shut_down) {
            return;
        }
        m_poll_source.reset(g_timeout_source_new(1));
        g_source_set_callback(m_poll_source.get(), &on_poll_blocked_reapers,
                              new std::shared_ptr<DeviceState>(shared_from_this()), &delete_source_reference);
        g_source_attach(m_poll_source.get(), m_worker_context.get());
    }

    // Hands OUT data whose URB is due to the function (outside the lock: it may call queue_in()), then
    // completes those URBs.
    void deliver_due_out_urbs() {
        std::vector<Urb*> due;
        EmulatedUsbFunction* function = nullptr;
        {
            const std::lock_guard lock(m_mutex);
            const auto now = std::chrono::steady_clock::now();
            for (Urb& urb : m_urbs) {
                if (!urb.completed && !urb.delivering && !is_in(urb.endpoint) &&
                    urb.type != USBDEVFS_URB_TYPE_CONTROL && urb.due <= now) {
                    urb.delivering = true;
                    due.push_back(&urb);
                }
            }
            function = m_function;
        }
        // The URBs stay in m_urbs meanwhile: only this (worker) thread removes URBs, when it reaps them.
        for (Urb* urb : due) {
            int status = 0;
            if (function != nullptr) {
                const std::span<const std::uint8_t> accepted =
                    urb->buffer_data
                        ? std::span<const std::uint8_t>(urb->buffer_data->data, urb->accepted_out_bytes)
                        : std::span<const std::uint8_t>();
                try {
                    function->on_bulk_out(urb->endpoint, accepted);
                } catch (const std::exception& error) {
                    record_error("on_bulk_out(" + endpoint_text(urb->endpoint) + ") threw: " + error.what());
                    status = -EPROTO;
                }
            } else {
                status = -ESHUTDOWN;
            }
            const std::lock_guard lock(m_mutex);
            urb->delivering = false;
            if (!urb->completed) { // unplug or stall may have completed it meanwhile
                complete(*urb, status, status == 0 ? urb->accepted_out_bytes : 0);
            }
        }
        if (!due.empty()) {
            m_changed.notify_all();
        }
    }

    // ----- control requests -----

    // The device's answer to a control request: IN data, an empty vector for an accepted OUT request,
    // nullopt for a stall. Called without m_mutex (the function may call queue_in()).
    std::optional<std::vector<std::uint8_t>> answer_control(const ControlSetup& setup,
                                                            std::span<const std::uint8_t> data_out) {
        const unsigned request_kind = (setup.request_type >> 5) & 0x3u; // 0 standard, 1 class, 2 vendor
        std::optional<std::vector<std::uint8_t>> answer;
        if (request_kind == 0) {
            answer = answer_standard_request(setup);
        } else {
            EmulatedUsbFunction* function = nullptr;
            {
                const std::lock_guard lock(m_mutex);
                function = m_function;
            }
            if (function == nullptr) {
                return std::nullopt;
            }
            try {
                answer = function->on_control(setup, data_out);
            } catch (const std::exception& error) {
                record_error(std::string("on_control threw: ") + error.what());
                return std::nullopt;
            }
        }
        if (answer && is_in(setup.request_type) && answer->size() > setup.length) {
            answer->resize(setup.length);
        }
        return answer;
    }

    std::optional<std::vector<std::uint8_t>> answer_standard_request(const ControlSetup& setup) {
        constexpr std::uint8_t get_status = 0;
        constexpr std::uint8_t clear_feature = 1;
        constexpr std::uint8_t get_descriptor = 6;
        constexpr std::uint8_t get_configuration = 8;
        constexpr std::uint8_t set_configuration = 9;
        constexpr std::uint8_t set_interface = 11;
        const unsigned recipient = setup.request_type & 0x1fu; // 0 device, 1 interface, 2 endpoint
        const DeviceDescription description = this->description();
        switch (setup.request) {
        case get_status:
            return std::vector<std::uint8_t>{0, 0};
        case get_configuration:
            return std::vector<std::uint8_t>{1};
        case set_configuration:
            return setup.value == 1 ? std::optional(std::vector<std::uint8_t>{}) : std::nullopt;
        case set_interface:
            return setup.value == 0 && setup.index == 0 ? std::optional(std::vector<std::uint8_t>{})
                                                        : std::nullopt;
        case clear_feature:
            if (recipient == 2 && setup.value == 0) { // ENDPOINT_HALT
                const std::lock_guard lock(m_mutex);
                const auto found = m_endpoints.find(static_cast<unsigned char>(setup.index & 0xffu));
                if (found != m_endpoints.end()) {
                    found->second.halted = false;
                }
                return std::vector<std::uint8_t>{};
            }
            return std::nullopt;
        case get_descriptor:
            return descriptor(description, recipient, static_cast<std::uint8_t>(setup.value >> 8),
                              static_cast<std::uint8_t>(setup.value & 0xffu));
        default:
            return std::nullopt;
        }
    }

    static std::optional<std::vector<std::uint8_t>> descriptor(const DeviceDescription& description,
                                                               unsigned recipient, std::uint8_t type,
                                                               std::uint8_t index) {
        if (recipient == 1) { // interface: HID class descriptors
            if (!has_hid_descriptor(description.interface)) {
                return std::nullopt;
            }
            if (type == descriptor_type_hid_report) {
                return description.interface.hid_report_descriptor;
            }
            if (type == descriptor_type_hid) {
                return hid_descriptor(description.interface);
            }
            return std::nullopt;
        }
        if (type == descriptor_type_device) {
            return device_descriptor(description);
        }
        if (type == descriptor_type_configuration && index == 0) {
            return configuration_descriptor(description);
        }
        if (type == descriptor_type_string) {
            if (index == 0) {
                return std::vector<std::uint8_t>{4, descriptor_type_string, 0x09, 0x04}; // English (US)
            }
            const std::string* text = nullptr;
            if (index == manufacturer_string_index && !description.manufacturer.empty()) {
                text = &description.manufacturer;
            } else if (index == product_string_index && !description.product.empty()) {
                text = &description.product;
            } else if (index == serial_string_index && !description.serial.empty()) {
                text = &description.serial;
            }
            if (text == nullptr) {
                return std::nullopt;
            }
            return string_descriptor(*text);
        }
        return std::nullopt;
    }

    // ----- state helpers; the callers hold m_mutex -----

    EndpointState& endpoint_state(unsigned char endpoint) {
        const auto found = m_endpoints.find(endpoint);
        if (found == m_endpoints.end()) {
            throw std::invalid_argument("the device has no endpoint " + endpoint_text(endpoint));
        }
        return found->second;
    }

    void complete(Urb& urb, int status, std::size_t actual_length) {
        urb.completed = true;
        urb.status = status;
        urb.actual_length = actual_length;
        urb.completion_order = ++m_completion_counter;
    }

    // Pending IN URBs take queued messages, in submission order, once they are due.
    void complete_due_in_urbs() {
        const auto now = std::chrono::steady_clock::now();
        for (Urb& urb : m_urbs) {
            if (urb.completed || !is_in(urb.endpoint) || urb.type == USBDEVFS_URB_TYPE_CONTROL ||
                urb.due > now) {
                continue;
            }
            EndpointState& endpoint = m_endpoints.at(urb.endpoint);
            if (endpoint.in_queue.empty()) {
                continue;
            }
            std::vector<std::uint8_t>& message = endpoint.in_queue.front();
            const std::size_t packet = std::max<std::size_t>(endpoint.description.max_packet_size, 1);
            if (message.size() <= urb.buffer_length) {
                urb.in_bytes = std::move(message);
                endpoint.in_queue.pop_front();
                complete(urb, 0, urb.in_bytes.size());
            } else if (urb.buffer_length % packet == 0) {
                const auto split = message.begin() + static_cast<std::ptrdiff_t>(urb.buffer_length);
                urb.in_bytes.assign(message.begin(), split);
                message.erase(message.begin(), split);
                complete(urb, 0, urb.in_bytes.size());
            } else {
                // The device sent a full packet that does not fit: babble. The packets that did fit arrive.
                const std::size_t fitting = urb.buffer_length / packet * packet;
                urb.in_bytes.assign(message.begin(), message.begin() + static_cast<std::ptrdiff_t>(fitting));
                endpoint.in_queue.pop_front();
                complete(urb, -EOVERFLOW, fitting);
            }
        }
    }

    std::size_t count_in_flight() const {
        return static_cast<std::size_t>(
            std::count_if(m_urbs.begin(), m_urbs.end(), [](const Urb& urb) { return !urb.completed; }));
    }

    bool client_is_current(UMockdevIoctlClient* client) const {
        if (!m_plugged || m_shut_down) {
            return false;
        }
        const auto found = m_client_generations.find(client);
        return found == m_client_generations.end() || found->second == m_generation;
    }

    // The kernel releases a file's claims when it is closed; umockdev tells us only through `connected`.
    void forget_claim_of_closed_file() {
        if (m_claimed_by != nullptr && !umockdev_ioctl_client_get_connected(m_claimed_by)) {
            release_claim();
        }
    }

    void release_claim() {
        m_claimed_by = nullptr;
        m_claim_reference.reset();
    }

    Reply claim(UMockdevIoctlClient* client) {
        forget_claim_of_closed_file();
        if (m_claimed_by == client) {
            return success();
        }
        if (m_claimed_by != nullptr || m_kernel_driver) {
            return failure(EBUSY);
        }
        m_claimed_by = client;
        m_claim_reference = add_reference(client);
        return success();
    }

    // The kernel claims an unclaimed interface for a file that uses it, with a warning in its log.
    Reply claim_implicitly(UMockdevIoctlClient* client) {
        forget_claim_of_closed_file();
        if (m_claimed_by == client) {
            return success();
        }
        const Reply claimed = claim(client);
        if (claimed.result == 0) {
            ++m_implicit_claims;
            std::fprintf(stderr, "usb_testbed: a process did not claim interface 0 before use\n");
        }
        return claimed;
    }

    void remember_worker_context() {
        const std::lock_guard lock(m_mutex);
        if (!m_worker_context) {
            m_worker_context.reset(g_main_context_ref_thread_default());
        }
    }

    void record_error(const std::string& error) {
        const std::lock_guard lock(m_mutex);
        record_error_locked(error);
    }

    void record_error_locked(const std::string& error) {
        std::fprintf(stderr, "usb_testbed: %s\n", error.c_str());
        m_errors.push_back(error);
    }

    // Only the test thread uses these (plug, unplug, shut_down), serialised by m_plugging.
    UMockdevTestbed* m_testbed;
    std::mutex m_plugging;
    GObjectPtr<UMockdevIoctlBase> m_handler;
    gulong m_ioctl_signal = 0;
    gulong m_connect_signal = 0;
    std::set<std::string> m_attached_nodes;

    // Everything below is shared between the test thread and the worker thread.
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed; // an URB was submitted or completed
    DeviceDescription m_description;
    EmulatedUsbFunction* m_function;
    bool m_plugged = false;
    bool m_shut_down = false;
    unsigned m_generation = 0; // counts plug-ins; files opened during an earlier one get ENODEV
    std::map<UMockdevIoctlClient*, unsigned> m_client_generations;
    std::optional<std::string> m_kernel_driver;
    UMockdevIoctlClient* m_claimed_by = nullptr;
    GObjectPtr<UMockdevIoctlClient> m_claim_reference;
    std::map<unsigned char, EndpointState> m_endpoints;
    std::list<Urb> m_urbs; // submitted, in submission order, until reaped
    std::uint64_t m_completion_counter = 0;
    std::vector<GObjectPtr<UMockdevIoctlClient>> m_blocked_reapers;
    GMainContextPtr m_worker_context;
    GSourcePtr m_poll_source;
    std::size_t m_implicit_claims = 0;
    std::vector<std::string> m_errors;
};

class TestbedResources {
public:
    TestbedResources() : m_testbed(umockdev_testbed_new()) {
        // The preload library only reports a mock environment once a testbed exists.
        if (!umockdev_in_mock_environment()) {
            throw std::runtime_error("UsbTestbed: this process does not run under umockdev-wrapper "
                                     "(LD_PRELOAD=libumockdev-preload.so.0); libusb would see the real "
                                     "/sys and /dev");
        }
    }
    UMockdevTestbed* testbed() const { return m_testbed.get(); }

private:
    GObjectPtr<UMockdevTestbed> m_testbed;
};

} // namespace detail

// ---------------------------------------------------------------------------------------------------------

void EmulatedUsbFunction::queue_in(unsigned char endpoint, std::vector<std::uint8_t> bytes) {
    const std::shared_ptr<detail::DeviceState> device = m_device.lock();
    if (!device) {
        throw std::logic_error("EmulatedUsbFunction::queue_in(): the function is not plugged into a device");
    }
    device->queue_in(endpoint, std::move(bytes));
}

EmulatedUsbDevice::EmulatedUsbDevice(std::shared_ptr<detail::DeviceState> state)
    : m_state(std::move(state)) {}

EmulatedUsbDevice::~EmulatedUsbDevice() = default;

DeviceDescription EmulatedUsbDevice::description() const {
    return m_state->description();
}

std::string EmulatedUsbDevice::sysfs_path() const {
    return "/sys" + device_path(m_state->description());
}

std::string EmulatedUsbDevice::device_node() const {
    return "/dev/" + node_name(m_state->description());
}

bool EmulatedUsbDevice::plugged() const {
    return m_state->plugged();
}

void EmulatedUsbDevice::queue_in(unsigned char endpoint, std::vector<std::uint8_t> bytes) {
    m_state->queue_in(endpoint, std::move(bytes));
}

std::size_t EmulatedUsbDevice::queued_in_messages(unsigned char endpoint) const {
    return m_state->queued_in_messages(endpoint);
}

void EmulatedUsbDevice::unplug() {
    m_state->unplug();
}

void EmulatedUsbDevice::replug() {
    m_state->replug(std::nullopt);
}

void EmulatedUsbDevice::replug(std::uint8_t new_device_number) {
    m_state->replug(new_device_number);
}

void EmulatedUsbDevice::stall(unsigned char endpoint) {
    m_state->stall(endpoint);
}

bool EmulatedUsbDevice::halted(unsigned char endpoint) const {
    return m_state->halted(endpoint);
}

void EmulatedUsbDevice::short_next_out(unsigned char endpoint, std::size_t accepted_bytes) {
    m_state->short_next_out(endpoint, accepted_bytes);
}

void EmulatedUsbDevice::set_completion_delay(unsigned char endpoint, std::chrono::milliseconds delay) {
    m_state->set_completion_delay(endpoint, delay);
}

std::optional<std::string> EmulatedUsbDevice::kernel_driver() const {
    return m_state->kernel_driver();
}

bool EmulatedUsbDevice::interface_claimed() const {
    return m_state->interface_claimed();
}

std::size_t EmulatedUsbDevice::implicit_claims() const {
    return m_state->implicit_claims();
}

std::size_t EmulatedUsbDevice::in_flight_urbs() const {
    return m_state->in_flight_urbs();
}

bool EmulatedUsbDevice::wait_for_in_flight_urbs(std::size_t count, std::chrono::milliseconds timeout) const {
    return m_state->wait_for_in_flight_urbs(count, timeout);
}

std::vector<std::string> EmulatedUsbDevice::errors() const {
    return m_state->errors();
}

UsbTestbed::UsbTestbed() : m_resources(std::make_unique<detail::TestbedResources>()) {}

UsbTestbed::~UsbTestbed() {
    for (const auto& device : m_devices) {
        device->m_state->shut_down();
    }
    m_devices.clear();
}

EmulatedUsbDevice& UsbTestbed::add_device(const DeviceDescription& description,
                                          EmulatedUsbFunction& function) {
    if (!function.m_device.expired()) {
        throw std::logic_error("add_device(): the function already serves a device");
    }
    if (description.bus_number == 0 || description.device_number == 0 || description.port_number == 0) {
        throw std::invalid_argument("add_device(): bus, device and port numbers start at 1");
    }
    std::set<unsigned char> addresses;
    for (const EndpointDescription& endpoint : description.interface.endpoints) {
        if ((endpoint.address & 0x7fu) == 0 || !addresses.insert(endpoint.address).second ||
            endpoint.max_packet_size == 0) {
            throw std::invalid_argument("add_device(): bad or repeated endpoint " +
                                        endpoint_text(endpoint.address));
        }
    }
    for (const auto& device : m_devices) {
        const DeviceDescription other = device->description();
        if (device->plugged() &&
            (sysfs_name(other) == sysfs_name(description) || node_name(other) == node_name(description))) {
            throw std::invalid_argument("add_device(): bus " + std::to_string(description.bus_number) +
                                        " already has a device at that port or number");
        }
    }
    auto state = std::make_shared<detail::DeviceState>(m_resources->testbed(), description, function);
    state->connect_handler();
    function.m_device = state;
    m_devices.push_back(std::unique_ptr<EmulatedUsbDevice>(new EmulatedUsbDevice(state)));
    state->plug();
    return *m_devices.back();
}

std::string UsbTestbed::root_directory() const {
    const GCharPtr root(umockdev_testbed_get_root_dir(m_resources->testbed()));
    return root.get();
}

} // namespace checkin::test::usb
