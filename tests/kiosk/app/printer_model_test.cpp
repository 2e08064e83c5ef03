#include "kiosk/app/printer_model.hpp"

#include <gtest/gtest.h>

namespace checkin::kiosk {
namespace {

drivers::DeviceAddress address(std::string_view text) {
    auto parsed = drivers::parse_device_address(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed.value_or(drivers::DeviceAddress{});
}

TEST(ModelByAddress, ABrotherOnUsbIsTheQlModelItsProductIdNames) {
    const auto found = model_by_address(address("usb://04f9:209d"));
    EXPECT_EQ(found.model, "ql-820nwb");
    EXPECT_FALSE(found.unknown_brother_product.has_value());
    EXPECT_EQ(model_by_address(address("usb://04f9:2028?serial=A1")).model, "ql-570");
}

TEST(ModelByAddress, ABrotherWithAnUnknownProductIdIsSaidSo) {
    const auto found = model_by_address(address("usb://04f9:ffff"));
    EXPECT_FALSE(found.model.has_value());
    EXPECT_EQ(found.unknown_brother_product, 0xffff);
}

TEST(ModelByAddress, EveryZebraPrintsZpl) {
    EXPECT_EQ(model_by_address(address("usb://0a5f:0181")).model, "zpl");
    EXPECT_EQ(model_by_address(address("usb://0a5f:00d3")).model, "zpl");
}

TEST(ModelByAddress, OtherAddressesSayNothing) {
    for (const char* text : {"tcp://10.0.0.5:9100", "sim://badges", "usb://class/7", "usb://1234:5678"}) {
        const auto found = model_by_address(address(text));
        EXPECT_FALSE(found.model.has_value()) << text;
        EXPECT_FALSE(found.unknown_brother_product.has_value()) << text;
    }
}

} // namespace
} // namespace checkin::kiosk
