#include "drivers/usb_device.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <libusb.h>

namespace checkin::drivers {
namespace {

using Clock = std::chrono::steady_clock;

struct DeviceListDeleter {
    void operator()(libusb_device** list) const { libusb_free_device_list(list, 1); }
};
using DeviceList = std::unique_ptr<libusb_device*, DeviceListDeleter>;

struct ConfigDescriptorDeleter {
    void operator()(libusb_config_descriptor* descriptor) const { libusb_free_config_descriptor(descriptor); }
};
using ConfigDescriptor = std::unique_ptr<libusb_config_descriptor, ConfigDescriptorDeleter>;

std::string libusb_detail(std::string_view what, int code) {
    return fmt::format("{}: {} ({})", what, libusb_strerror(code), libusb_error_name(code));
}

Problem problem_of(int code) {
    switch (code) {
    case LIBUSB_ERROR_NO_DEVICE:
        return Problem::disconnected;
    case LIBUSB_ERROR_ACCESS:
        return Problem::access_denied;
    case LIBUSB_ERROR_BUSY:
        return Problem::busy;
    case LIBUSB_ERROR_TIMEOUT:
        return Problem::timeout;
    case LIBUSB_ERROR_NOT_FOUND:
        return Problem::not_found;
    default:
        return Problem::io;
    }
}

UsbTransferType transfer_type(std::uint8_t attributes) {
    switch (attributes & LIBUSB_TRANSFER_TYPE_MASK) {
    case LIBUSB_ENDPOINT_TRANSFER_TYPE_CONTROL:
        return UsbTransferType::control;
    case LIBUSB_ENDPOINT_TRANSFER_TYPE_ISOCHRONOUS:
        return UsbTransferType::isochronous;
    case LIBUSB_ENDPOINT_TRANSFER_TYPE_INTERRUPT:
        return UsbTransferType::interrupt;
    default:
        return UsbTransferType::bulk;
    }
}

std::string read_string(libusb_device_handle* handle, std::uint8_t index) {
    if (handle == nullptr || index == 0) {
        return {};
    }
    std::array<unsigned char, 256> buffer{};
    const int length =
        libusb_get_string_descriptor_ascii(handle, index, buffer.data(), static_cast<int>(buffer.size()));
    if (length <= 0) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(buffer.data()), static_cast<std::size_t>(length));
}

// What can be learnt about `device` without claiming it. `handle` may be null (not permitted to open).
UsbDeviceInfo describe_device(libusb_device* device, libusb_device_handle* handle) {
    UsbDeviceInfo info;
    info.bus = libusb_get_bus_number(device);
    info.device_address = libusb_get_device_address(device);
    libusb_device_descriptor descriptor{};
    if (libusb_get_device_descriptor(device, &descriptor) != 0) {
        return info;
    }
    info.vendor_id = descriptor.idVendor;
    info.product_id = descriptor.idProduct;
    info.device_class = descriptor.bDeviceClass;
    info.manufacturer = read_string(handle, descriptor.iManufacturer);
    info.product = read_string(handle, descriptor.iProduct);
    info.serial = read_string(handle, descriptor.iSerialNumber);

    libusb_config_descriptor* raw_config = nullptr;
    if (libusb_get_active_config_descriptor(device, &raw_config) != 0 &&
        libusb_get_config_descriptor(device, 0, &raw_config) != 0) {
        return info;
    }
    const ConfigDescriptor config(raw_config);
    for (std::uint8_t index = 0; index < config->bNumInterfaces; ++index) {
        const libusb_interface& interface = config->interface[index];
        if (interface.num_altsetting < 1) {
            continue;
        }
        const libusb_interface_descriptor& setting = interface.altsetting[0];
        UsbInterfaceInfo interface_info;
        interface_info.number = setting.bInterfaceNumber;
        interface_info.interface_class = setting.bInterfaceClass;
        interface_info.subclass = setting.bInterfaceSubClass;
        interface_info.protocol = setting.bInterfaceProtocol;
        for (std::uint8_t endpoint = 0; endpoint < setting.bNumEndpoints; ++endpoint) {
            const libusb_endpoint_descriptor& endpoint_descriptor = setting.endpoint[endpoint];
            interface_info.endpoints.push_back(UsbEndpointInfo{
                endpoint_descriptor.bEndpointAddress, transfer_type(endpoint_descriptor.bmAttributes),
                endpoint_descriptor.wMaxPacketSize});
        }
        info.interfaces.push_back(std::move(interface_info));
    }
    return info;
}

std::optional<UsbEndpointInfo> find_endpoint(const UsbInterfaceInfo& interface, bool in) {
    // Bulk first: a printer's status comes on bulk IN; a HID scanner has only an interrupt IN.
    for (const UsbTransferType type : {UsbTransferType::bulk, UsbTransferType::interrupt}) {
        for (const UsbEndpointInfo& endpoint : interface.endpoints) {
            if (endpoint.is_in() == in && endpoint.type == type) {
                return endpoint;
            }
        }
    }
    return std::nullopt;
}

std::string device_name(const UsbDeviceInfo& device) {
    return fmt::format("usb://{:04x}:{:04x} (bus {}, device {})", device.vendor_id, device.product_id,
                       device.bus, device.device_address);
}

} // namespace

Result<std::shared_ptr<UsbContext>> UsbContext::create() {
    libusb_context* context = nullptr;
    if (const int status = libusb_init(&context); status != 0) {
        return fail(Problem::io, libusb_detail("libusb_init", status));
    }
    return std::shared_ptr<UsbContext>(new UsbContext(context));
}

UsbContext::~UsbContext() {
    libusb_exit(m_context);
}

Result<std::vector<UsbDeviceInfo>> list_usb_devices(UsbContext& context) {
    libusb_device** raw_list = nullptr;
    const ssize_t count = libusb_get_device_list(context.native(), &raw_list);
    if (count < 0) {
        return fail(Problem::io, libusb_detail("libusb_get_device_list", static_cast<int>(count)));
    }
    const DeviceList list(raw_list);
    std::vector<UsbDeviceInfo> devices;
    for (ssize_t index = 0; index < count; ++index) {
        libusb_device* device = raw_list[index];
        libusb_device_handle* raw_handle = nullptr;
        const int opened = libusb_open(device, &raw_handle);
        const UsbDeviceHandle handle(opened == 0 ? raw_handle : nullptr);
        devices.push_back(describe_device(device, handle.get()));
    }
    return devices;
}

bool usb_address_matches(const UsbAddress& address, const UsbDeviceInfo& device) {
    if (address.vendor_id &&
        (device.vendor_id != *address.vendor_id || device.product_id != address.product_id)) {
        return false;
    }
    if (address.serial && device.serial != *address.serial) {
        return false;
    }
    if (address.interface_class) {
        return std::ranges::any_of(device.interfaces, [&](const UsbInterfaceInfo& interface) {
            return interface.interface_class == *address.interface_class;
        });
    }
    return address.vendor_id.has_value();
}

std::optional<UsbInterfaceInfo> choose_usb_interface(const UsbAddress& address, const UsbDeviceInfo& device) {
    const auto with_class = [&](std::uint8_t wanted) -> std::optional<UsbInterfaceInfo> {
        for (const UsbInterfaceInfo& interface : device.interfaces) {
            if (interface.interface_class == wanted && !interface.endpoints.empty()) {
                return interface;
            }
        }
        return std::nullopt;
    };
    if (address.interface_class) {
        return with_class(*address.interface_class);
    }
    for (const std::uint8_t preferred : {std::uint8_t{7}, std::uint8_t{3}, std::uint8_t{0xFF}}) {
        if (auto found = with_class(preferred)) {
            return found;
        }
    }
    for (const UsbInterfaceInfo& interface : device.interfaces) {
        if (!interface.endpoints.empty()) {
            return interface;
        }
    }
    return std::nullopt;
}

Result<std::unique_ptr<UsbTransport>> UsbTransport::open(std::shared_ptr<UsbContext> context,
                                                         const UsbAddress& address,
                                                         UsbTransportOptions options) {
    const std::string wanted = format_device_address(address);
    libusb_device** raw_list = nullptr;
    const ssize_t count = libusb_get_device_list(context->native(), &raw_list);
    if (count < 0) {
        return fail(Problem::io, libusb_detail("libusb_get_device_list", static_cast<int>(count)));
    }
    const DeviceList list(raw_list);
    std::optional<Error> first_failure;
    for (ssize_t index = 0; index < count; ++index) {
        libusb_device* device = raw_list[index];
        UsbDeviceInfo info = describe_device(device, nullptr);
        // The serial number needs the device open; match the rest first so that other devices stay closed.
        UsbAddress without_serial = address;
        without_serial.serial.reset();
        if (!usb_address_matches(without_serial, info)) {
            continue;
        }
        libusb_device_handle* raw_handle = nullptr;
        if (const int status = libusb_open(device, &raw_handle); status != 0) {
            if (!first_failure) {
                first_failure = Error{problem_of(status),
                                      libusb_detail(fmt::format("open {}", device_name(info)), status)};
            }
            continue;
        }
        UsbDeviceHandle handle(raw_handle);
        info = describe_device(device, handle.get());
        if (!usb_address_matches(address, info)) {
            continue;
        }
        const std::optional<UsbInterfaceInfo> interface = choose_usb_interface(address, info);
        if (!interface) {
            return fail(Problem::unsupported,
                        fmt::format("{} has no interface with endpoints to use", device_name(info)));
        }
        if (options.detach_kernel_driver &&
            libusb_kernel_driver_active(handle.get(), interface->number) == 1) {
            if (const int status = libusb_detach_kernel_driver(handle.get(), interface->number);
                status != 0 && status != LIBUSB_ERROR_NOT_FOUND) {
                return fail(problem_of(status),
                            libusb_detail(fmt::format("detach the kernel driver from {}", device_name(info)),
                                          status));
            }
        }
        if (const int status = libusb_claim_interface(handle.get(), interface->number); status != 0) {
            return fail(problem_of(status), libusb_detail(fmt::format("claim interface {} of {}",
                                                                      interface->number, device_name(info)),
                                                          status));
        }
        const std::string name = device_name(info);
        return std::unique_ptr<UsbTransport>(
            new UsbTransport(std::move(context), std::move(handle), std::move(info), *interface,
                             find_endpoint(*interface, false), find_endpoint(*interface, true), name));
    }
    if (first_failure) {
        return std::unexpected(*first_failure);
    }
    return fail(Problem::not_found, fmt::format("no USB device matches {}", wanted));
}

void UsbHandleCloser::operator()(libusb_device_handle* handle) const noexcept {
    libusb_close(handle);
}

UsbTransport::UsbTransport(std::shared_ptr<UsbContext> context, UsbDeviceHandle handle, UsbDeviceInfo device,
                           UsbInterfaceInfo interface, std::optional<UsbEndpointInfo> out,
                           std::optional<UsbEndpointInfo> in, std::string name)
    : m_context(std::move(context)), m_handle(std::move(handle)), m_device(std::move(device)),
      m_interface(std::move(interface)), m_out(out), m_in(in), m_name(std::move(name)) {}

UsbTransport::~UsbTransport() {
    libusb_release_interface(m_handle.get(), m_interface.number);
}

Result<void> UsbTransport::write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) {
    if (!m_out) {
        return fail(Problem::unsupported,
                    fmt::format("{} has no OUT endpoint: nothing can be sent to it", m_name));
    }
    const Clock::time_point deadline = Clock::now() + timeout;
    std::size_t written = 0;
    bool cleared_stall = false;
    while (written < bytes.size()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            return fail(Problem::timeout,
                        fmt::format("{} took no more data for {} ms ({} of {} bytes written)", m_name,
                                    timeout.count(), written, bytes.size()));
        }
        // libusb wants a mutable buffer for both directions; an OUT transfer only reads it.
        auto* data = const_cast<unsigned char*>(bytes.data() + written);
        // 16 KiB per transfer: an unplugged printer is noticed within one transfer, not at the end of a
        // 100 KiB job, and a short write loses at most one transfer's worth of position.
        const int length = static_cast<int>(std::min<std::size_t>(bytes.size() - written, 16U * 1024U));
        int transferred = 0;
        const unsigned int timeout_ms = static_cast<unsigned int>(left.count());
        const int status = m_out->type == UsbTransferType::interrupt
                               ? libusb_interrupt_transfer(m_handle.get(), m_out->address, data, length,
                                                           &transferred, timeout_ms)
                               : libusb_bulk_transfer(m_handle.get(), m_out->address, data, length,
                                                      &transferred, timeout_ms);
        written += static_cast<std::size_t>(std::max(transferred, 0));
        if (status == 0 || (status == LIBUSB_ERROR_TIMEOUT && transferred > 0)) {
            continue; // a short write: the rest goes in the next round
        }
        if (status == LIBUSB_ERROR_PIPE && !cleared_stall) {
            cleared_stall = true; // a stalled endpoint: clear it once and go on
            libusb_clear_halt(m_handle.get(), m_out->address);
            continue;
        }
        return fail(problem_of(status), libusb_detail(fmt::format("write to {} after {} of {} bytes", m_name,
                                                                  written, bytes.size()),
                                                      status));
    }
    return {};
}

Result<std::vector<std::uint8_t>> UsbTransport::read(std::size_t max_bytes,
                                                     std::chrono::milliseconds timeout) {
    if (!m_in) {
        return fail(Problem::unsupported,
                    fmt::format("{} has no IN endpoint: nothing comes back from it", m_name));
    }
    const std::size_t packet = std::max<std::size_t>(m_in->max_packet_size, 1);
    std::vector<std::uint8_t> buffer((std::max<std::size_t>(max_bytes, 1) + packet - 1) / packet * packet);
    int transferred = 0;
    // libusb treats a timeout of 0 as "wait forever"; the shortest real wait is 1 ms.
    const unsigned int timeout_ms = static_cast<unsigned int>(std::max<long long>(timeout.count(), 1));
    const int length = static_cast<int>(buffer.size());
    const int status = m_in->type == UsbTransferType::interrupt
                           ? libusb_interrupt_transfer(m_handle.get(), m_in->address, buffer.data(), length,
                                                       &transferred, timeout_ms)
                           : libusb_bulk_transfer(m_handle.get(), m_in->address, buffer.data(), length,
                                                  &transferred, timeout_ms);
    if (status != 0 && status != LIBUSB_ERROR_TIMEOUT) {
        return fail(problem_of(status), libusb_detail(fmt::format("read from {}", m_name), status));
    }
    buffer.resize(static_cast<std::size_t>(std::max(transferred, 0)));
    return buffer;
}

// ----- Control transfers (added for the scanners) -----

Result<std::vector<std::uint8_t>> UsbTransport::control_in(UsbControlRequest request,
                                                           std::uint16_t max_length,
                                                           std::chrono::milliseconds timeout) {
    std::vector<std::uint8_t> buffer(max_length);
    const auto request_type = static_cast<std::uint8_t>(request.request_type | LIBUSB_ENDPOINT_IN);
    const unsigned int timeout_ms = static_cast<unsigned int>(std::max<long long>(timeout.count(), 1));
    const int length = libusb_control_transfer(m_handle.get(), request_type, request.request, request.value,
                                               request.index, buffer.data(), max_length, timeout_ms);
    if (length < 0) {
        return fail(problem_of(length),
                    libusb_detail(fmt::format("control request 0x{:02x}/0x{:02x} (value 0x{:04x}) to {}",
                                              request_type, request.request, request.value, m_name),
                                  length));
    }
    buffer.resize(static_cast<std::size_t>(length));
    return buffer;
}

Result<void> UsbTransport::control_out(UsbControlRequest request, std::span<const std::uint8_t> data,
                                       std::chrono::milliseconds timeout) {
    if (data.size() > 0xFFFFU) {
        return fail(Problem::invalid_input,
                    fmt::format("a control request carries at most 65535 bytes, not {}", data.size()));
    }
    const auto request_type = static_cast<std::uint8_t>(request.request_type & ~LIBUSB_ENDPOINT_IN);
    const unsigned int timeout_ms = static_cast<unsigned int>(std::max<long long>(timeout.count(), 1));
    // libusb wants a mutable buffer for both directions; an OUT transfer only reads it.
    auto* bytes = data.empty() ? nullptr : const_cast<unsigned char*>(data.data());
    const int status =
        libusb_control_transfer(m_handle.get(), request_type, request.request, request.value, request.index,
                                bytes, static_cast<std::uint16_t>(data.size()), timeout_ms);
    if (status < 0) {
        return fail(problem_of(status),
                    libusb_detail(fmt::format("control request 0x{:02x}/0x{:02x} (value 0x{:04x}) to {}",
                                              request_type, request.request, request.value, m_name),
                                  status));
    }
    return {};
}

Result<std::vector<std::uint8_t>> UsbTransport::hid_report_descriptor(std::chrono::milliseconds timeout) {
    if (m_interface.interface_class != LIBUSB_CLASS_HID) {
        return fail(Problem::unsupported,
                    fmt::format("interface {} of {} is class {}, not HID (3)", m_interface.number, m_name,
                                m_interface.interface_class));
    }
    // 4096 bytes is the kernel's limit for a report descriptor (HID_MAX_DESCRIPTOR_SIZE); a device answers
    // with as much as it has.
    constexpr std::uint16_t max_report_descriptor = 4096;
    constexpr std::uint8_t standard_interface_in = 0x81; // IN, standard request, to an interface
    const UsbControlRequest request{standard_interface_in, LIBUSB_REQUEST_GET_DESCRIPTOR,
                                    static_cast<std::uint16_t>(LIBUSB_DT_REPORT << 8), m_interface.number};
    return control_in(request, max_report_descriptor, timeout);
}

} // namespace checkin::drivers
