// Copyright 2026 The msp-gateway Authors.

#include "bench/order_fixtures.h"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"

namespace msp_gateway {
namespace bench {
namespace {

using payments::v1::CreateOrderRequest;

bool ReadFile(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *contents = buffer.str();
  return true;
}

// Cents as the decimal text of major units: 1234 -> "12.34".
std::string CentsToDecimal(int64_t cents) {
  return absl::StrFormat("%d.%02d", cents / 100, cents % 100);
}

}  // namespace

absl::StatusOr<std::string> ReadWorkspaceFile(const std::string& path) {
  std::vector<std::string> candidates = {path};
  if (const char* srcdir = std::getenv("TEST_SRCDIR")) {
    candidates.push_back(absl::StrCat(srcdir, "/msp_gateway/", path));
  }
  if (const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY")) {
    candidates.push_back(absl::StrCat(workspace, "/", path));
  }
  std::string contents;
  for (const std::string& candidate : candidates) {
    if (ReadFile(candidate, &contents)) return contents;
  }
  return absl::NotFoundError(
      absl::StrCat(path, ": not found in the runfiles or the workspace"));
}

absl::StatusOr<CreateOrderRequest> LoadRequest(const std::string& path) {
  absl::StatusOr<std::string> json = ReadWorkspaceFile(path);
  if (!json.ok()) return json.status();
  CreateOrderRequest request;
  const auto status =
      google::protobuf::util::JsonStringToMessage(*json, &request);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", status.ToString()));
  }
  return request;
}

CreateOrderRequest MakeLargeCartOrder(int lines) {
  CreateOrderRequest request;
  request.set_type(payments::v1::ORDER_TYPE_REDIRECT);
  request.set_gateway(payments::v1::GATEWAY_BNPL_MF);
  request.set_order_id("bench-large-cart-1");
  request.set_currency("EUR");
  request.set_description(absl::StrCat("Order with ", lines, " cart lines"));

  auto* options = request.mutable_payment_options();
  options->set_notification_method(payments::v1::NOTIFICATION_METHOD_POST);
  options->set_notification_url("https://www.example.com/webhooks/payment");
  options->set_redirect_url("https://www.example.com/order/success");
  options->set_cancel_url("https://www.example.com/order/failed");

  auto* customer = request.mutable_customer();
  customer->set_locale("nl_NL");
  customer->set_ip_address("94.75.212.28");
  customer->set_first_name("John");
  customer->set_last_name("Doe");
  customer->set_address1("Kraanspoor");
  customer->set_house_number("39");
  customer->set_zip_code("1033SC");
  customer->set_city("AMSTERDAM");
  customer->set_country("NL");
  customer->set_email("example@multisafepay.com");

  auto* delivery = request.mutable_delivery();
  delivery->set_first_name("John");
  delivery->set_last_name("Doe");
  delivery->set_address1("Kraanspoor");
  delivery->set_house_number("39");
  delivery->set_zip_code("1033SC");
  delivery->set_city("AMSTERDAM");
  delivery->set_country("NL");

  auto* info = request.mutable_gateway_info();
  info->set_birthday("1951-01-31");
  info->set_phone("0612345678");
  info->set_email("example@multisafepay.com");

  auto* tables = request.mutable_checkout_options()->mutable_tax_tables();
  tables->mutable_default_()->set_shipping_taxed(true);
  tables->mutable_default_()->set_rate("0.21");
  struct Table {
    const char* name;
    const char* rate;
    int percent;
  };
  constexpr Table kAlternates[] = {{"BTW9", "0.09", 9}, {"BTW0", "0.00", 0}};
  for (const Table& table : kAlternates) {
    auto* alternate = tables->add_alternate();
    alternate->set_name(table.name);
    alternate->set_standalone(true);
    alternate->add_rules()->set_rate(table.rate);
  }

  // MultiSafepay's rule: round(sum of price x qty) + round(sum of price x
  // qty x rate), half up. Prices are whole cents and rates whole percents,
  // so both sums are exact integers (cents, and cents x percent).
  int64_t items_cents = 0;
  int64_t vat_cent_percents = 0;
  auto* cart = request.mutable_shopping_cart();
  for (int i = 0; i < lines; ++i) {
    const int64_t price_cents = 199 + (i * 1237) % 9000;
    const int64_t quantity = 1 + i % 3;
    auto* item = cart->add_items();
    item->set_name(absl::StrCat("Article ", i + 1, " - ceramic mug, blue"));
    item->set_description(absl::StrCat("Hand-made, batch ", 1000 + i));
    item->set_unit_price(CentsToDecimal(price_cents));
    item->set_quantity(quantity);
    item->set_merchant_item_id(absl::StrCat("SKU-", 100000 + i));
    int percent = 21;  // no selector: the default table
    if (i % 3 == 1) {
      item->set_tax_table_selector(kAlternates[0].name);
      percent = kAlternates[0].percent;
    } else if (i % 3 == 2) {
      item->set_tax_table_selector(kAlternates[1].name);
      percent = kAlternates[1].percent;
    }
    item->mutable_weight()->set_unit("KG");
    item->mutable_weight()->set_value(absl::StrCat("0.", 100 + i % 900));
    items_cents += price_cents * quantity;
    vat_cent_percents += price_cents * quantity * percent;
  }
  request.set_amount(items_cents + (vat_cent_percents + 50) / 100);
  return request;
}

}  // namespace bench
}  // namespace msp_gateway
