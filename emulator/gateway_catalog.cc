// Copyright 2026 The msp-gateway Authors.

#include "emulator/gateway_catalog.h"

#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

constexpr GatewayFamily kBanking = GatewayFamily::kBanking;
constexpr GatewayFamily kCard = GatewayFamily::kCard;
constexpr GatewayFamily kWallet = GatewayFamily::kWallet;
constexpr GatewayFamily kBnpl = GatewayFamily::kBnpl;
constexpr GatewayFamily kGiftCard = GatewayFamily::kGiftCard;

// Columns: id, description, family, direct, component, currencies,
// countries, min and max amount (minor units), listed.
//
// `direct` is the docs' "direct?" column: "yes" where an official example or
// plugin configuration exists; Bancontact and Dotpay are documented as
// redirect-only, and methods without any direct example (EPS, Giropay,
// iDEAL QR, TrustPay, Paysafecard, PAD installments, Zinia, gift cards) are
// treated as redirect-only. Currency and country lists are the methods'
// documented markets; amount limits exist only where MultiSafepay documents
// them (in3, in3 B2B). The gateway order is the listing order.
constexpr GatewayInfo kGateways[] = {
    // Cards.
    {"VISA", "Visa", kCard, true, false, "", "", 0, 0, true},
    {"MASTERCARD", "Mastercard", kCard, true, false, "", "", 0, 0, true},
    {"AMEX", "American Express", kCard, true, false, "", "", 0, 0, true},
    {"MAESTRO", "Maestro", kCard, true, false, "", "", 0, 0, true},
    {"CREDITCARD", "Card payment", kCard, true, true, "", "", 0, 0, false},
    // Banking.
    {"IDEAL", "iDEAL", kBanking, true, true, "EUR", "NL", 0, 0, true},
    {"IDEALQR", "iDEAL QR", kBanking, false, false, "EUR", "NL", 0, 0, true},
    {"MISTERCASH", "Bancontact", kBanking, false, true, "EUR", "BE", 0, 0,
     true},
    {"BELFIUS", "Belfius", kBanking, true, false, "EUR", "BE", 0, 0, true},
    {"CBC", "CBC", kBanking, true, false, "EUR", "BE", 0, 0, true},
    {"KBC", "KBC", kBanking, true, false, "EUR", "BE", 0, 0, true},
    {"BANKTRANS", "Bank transfer", kBanking, true, true, "", "", 0, 0, true},
    {"DIRDEB", "SEPA Direct Debit", kBanking, true, true, "EUR", "", 0, 0,
     true},
    {"DIRECTBANK", "Sofort", kBanking, true, true, "EUR,CHF",
     "AT,BE,CH,DE,ES,IT,NL,PL", 0, 0, true},
    {"DBRTP", "Request to Pay", kBanking, true, false, "EUR", "NL", 0, 0, true},
    {"EPS", "EPS", kBanking, false, false, "EUR", "AT", 0, 0, true},
    {"GIROPAY", "Giropay", kBanking, false, false, "EUR", "DE", 0, 0, true},
    {"MYBANK", "MyBank", kBanking, true, false, "EUR", "IT", 0, 0, true},
    {"DOTPAY", "Dotpay", kBanking, false, false, "EUR,PLN", "PL", 0, 0, true},
    {"MULTIBANCO", "Multibanco", kBanking, true, false, "EUR", "PT", 0, 0,
     true},
    {"MBWAY", "MB WAY", kBanking, true, false, "EUR", "PT", 0, 0, true},
    {"BIZUM", "Bizum", kBanking, true, false, "EUR", "ES", 0, 0, true},
    {"TRUSTLY", "Trustly", kBanking, true, false, "", "", 0, 0, true},
    {"TRUSTPAY", "TrustPay", kBanking, false, false, "CZK,EUR", "CZ,SK", 0, 0,
     true},
    // Wallets and prepaid.
    {"APPLEPAY", "Apple Pay", kWallet, true, false, "", "", 0, 0, true},
    {"GOOGLEPAY", "Google Pay", kWallet, true, false, "", "", 0, 0, true},
    {"PAYPAL", "PayPal", kWallet, true, true, "", "", 0, 0, true},
    {"AMAZONBTN", "Amazon Pay", kWallet, true, false, "", "", 0, 0, true},
    {"ALIPAY", "Alipay", kWallet, true, false, "", "", 0, 0, true},
    {"ALIPAYPLUS", "Alipay+", kWallet, true, false, "", "", 0, 0, true},
    {"WECHAT", "WeChat Pay", kWallet, true, false, "", "", 0, 0, true},
    {"PSAFECARD", "Paysafecard", kWallet, false, false, "", "", 0, 0, true},
    // Buy now, pay later.
    {"KLARNA", "Klarna", kBnpl, true, false, "EUR,CHF,DKK,GBP,NOK,SEK",
     "AT,BE,CH,DE,DK,ES,FI,FR,GB,IT,NL,NO,SE", 0, 0, true},
    {"AFTERPAY", "Riverty", kBnpl, true, false, "EUR", "AT,BE,DE,NL", 0, 0,
     true},
    {"BILLINK", "Billink", kBnpl, true, true, "EUR", "BE,NL", 0, 0, true},
    {"IN3", "in3", kBnpl, true, false, "EUR", "NL", 5000, 500000, true},
    {"IN3B2B", "in3 Business", kBnpl, true, false, "EUR", "NL", 15000, 3000000,
     true},
    {"BNPL_MF", "Pay After Delivery", kBnpl, true, false, "EUR", "NL", 0, 0,
     true},
    {"BNPL_INSTM", "Pay After Delivery Installments", kBnpl, false, false,
     "EUR", "NL", 0, 0, true},
    {"EINVOICE", "E-Invoicing", kBnpl, true, false, "EUR", "NL", 0, 0, true},
    {"SANTANDER", "Betaal per Maand", kBnpl, true, false, "EUR", "NL", 0, 0,
     true},
    {"ZINIA", "Zinia", kBnpl, false, false, "EUR", "ES,NL", 0, 0, true},
    // Gift cards (redirect only), Edenred first as in MultiSafepay's example.
    {"EDENCOM", "Ticket Compliments", kGiftCard, false, false, "EUR", "BE", 0,
     0, true},
    {"EDENECO", "Ticket EcoCheque", kGiftCard, false, false, "EUR", "BE", 0, 0,
     true},
    {"EDENCO", "Ticket EcoCheque", kGiftCard, false, false, "EUR", "BE", 0, 0,
     true},
    {"EDENRES", "Ticket Restaurant", kGiftCard, false, false, "EUR", "BE", 0, 0,
     true},
    {"EDENSPORTS", "Sport & Culture", kGiftCard, false, false, "EUR", "BE", 0,
     0, true},
    {"EDENCONSUM", "Consumption Cheque", kGiftCard, false, false, "EUR", "BE",
     0, 0, true},
    {"MONIECO", "Monizze Eco voucher", kGiftCard, false, false, "EUR", "BE", 0,
     0, true},
    {"MONIGIFT", "Monizze Gift voucher", kGiftCard, false, false, "EUR", "BE",
     0, 0, true},
    {"MONIMEAL", "Monizze Meal voucher", kGiftCard, false, false, "EUR", "BE",
     0, 0, true},
    {"SODESPORTS", "Sodexo Sport & Culture", kGiftCard, false, false, "EUR",
     "BE", 0, 0, true},
    {"AMSGIFT", "Amsterdam Giftcard", kGiftCard, false, false, "EUR", "NL", 0,
     0, true},
    {"BABYCAD", "Baby Cadeaubon", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"BEAUTYCAD", "Beauty & Wellness Cadeau", kGiftCard, false, false, "EUR",
     "NL", 0, 0, true},
    {"BEAUTYWELL", "Beauty & Wellness", kGiftCard, false, false, "EUR", "NL", 0,
     0, true},
    {"BIERCHEQUE", "Biercheque", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"BLOEMENCAD", "Bloemen Cadeaukaart", kGiftCard, false, false, "EUR", "NL",
     0, 0, true},
    {"BOEKENBON", "Boekenbon", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"BOEKENVOOR", "Boekenvoordeel", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"DEGROTESPL", "De Grote Speelgoedwinkel", kGiftCard, false, false, "EUR",
     "NL", 0, 0, true},
    {"DORDTPAS", "Dordtpas", kGiftCard, false, false, "EUR", "NL", 0, 0, true},
    {"FASHIONCHQ", "Fashioncheque", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"FASHIONGFT", "Fashion Giftcard", kGiftCard, false, false, "EUR", "NL", 0,
     0, true},
    {"FIETSENBON", "Fietsenbon", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"GELREPAS", "Gelrepas", kGiftCard, false, false, "EUR", "NL", 0, 0, true},
    {"GEZONDHEID", "Gezondheidsbon", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"GIVACARD", "Givacard", kGiftCard, false, false, "EUR", "NL", 0, 0, true},
    {"GOOD4FUN", "Good4fun Giftcard", kGiftCard, false, false, "EUR", "NL", 0,
     0, true},
    {"GOODCARD", "Goodcard", kGiftCard, false, false, "EUR", "NL", 0, 0, true},
    {"HORSESGIFT", "Horses & Gifts", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"HUISTUIN", "Huis & Tuin Cadeau", kGiftCard, false, false, "EUR", "NL", 0,
     0, true},
    {"KIDSCADEAU", "Kids Cadeau", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"KLUSCADEAU", "Klus Cadeau", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"NATNLBIOSC", "Nationale Bioscoopbon", kGiftCard, false, false, "EUR",
     "NL", 0, 0, true},
    {"NATENCRD", "Nationale EntertainmentCard", kGiftCard, false, false, "EUR",
     "NL", 0, 0, true},
    {"NATNLETUIN", "Nationale Tuinbon", kGiftCard, false, false, "EUR", "NL", 0,
     0, true},
    {"OHMYGOOD", "Oh My Good", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"PARFUMCADE", "Parfumcadeaukaart", kGiftCard, false, false, "EUR", "NL", 0,
     0, true},
    {"PODIUM", "Podium Cadeaukaart", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"ROTGIFT", "Rotterdam Cadeaukaart", kGiftCard, false, false, "EUR", "NL",
     0, 0, true},
    {"SPORTENFIT", "Sport & Fit", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"SPORTSGIFT", "Sportsgift", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"UPAS", "U-Pas", kGiftCard, false, false, "EUR", "NL", 0, 0, true},
    {"VRGIFTCARD", "VR Giftcard", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"VVVGIFTCRD", "VVV Cadeaukaart", kGiftCard, false, false, "EUR", "NL", 0,
     0, true},
    {"VVVGIFTCARD", "VVV Cadeaukaart", kGiftCard, false, false, "EUR", "NL", 0,
     0, true},
    {"VVVBON", "VVV Bon", kGiftCard, false, false, "EUR", "NL", 0, 0, true},
    {"WEBSHOPGFT", "Webshop Giftcard", kGiftCard, false, false, "EUR", "NL", 0,
     0, true},
    {"WELLNESSGIFTCARD", "Wellness Giftcard", kGiftCard, false, false, "EUR",
     "NL", 0, 0, true},
    {"WIJNCADEAU", "Wijncadeau", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"WINKELCHEQUE", "Winkelcheque", kGiftCard, false, false, "EUR", "NL", 0, 0,
     true},
    {"YOURGIFT", "YourGift", kGiftCard, false, false, "EUR", "NL", 0, 0, true},
};

bool ListContains(const char* list, absl::string_view code) {
  if (*list == '\0') return true;
  for (absl::string_view item : absl::StrSplit(list, ',')) {
    if (item == code) return true;
  }
  return false;
}

bool Passes(const GatewayInfo& gateway, const GatewayFilter& filter) {
  return gateway.listed &&
         (!filter.country.has_value() ||
          AllowsCountry(gateway, *filter.country)) &&
         (!filter.currency.has_value() ||
          AllowsCurrency(gateway, *filter.currency)) &&
         (!filter.amount.has_value() || AllowsAmount(gateway, *filter.amount));
}

}  // namespace

const GatewayInfo* FindGateway(absl::string_view id) {
  const std::string upper = absl::AsciiStrToUpper(id);
  for (const GatewayInfo& gateway : kGateways) {
    if (upper == gateway.id) return &gateway;
  }
  return nullptr;
}

absl::Span<const GatewayInfo> AllGateways() { return kGateways; }

bool IsBnpl(absl::string_view id) {
  const GatewayInfo* gateway = FindGateway(id);
  return gateway != nullptr && gateway->family == GatewayFamily::kBnpl;
}

bool AllowsCurrency(const GatewayInfo& gateway, absl::string_view currency) {
  return ListContains(gateway.currencies, currency);
}

bool AllowsCountry(const GatewayInfo& gateway, absl::string_view country) {
  return ListContains(gateway.countries, country);
}

bool AllowsAmount(const GatewayInfo& gateway, int64_t amount) {
  return (gateway.min_amount == 0 || amount >= gateway.min_amount) &&
         (gateway.max_amount == 0 || amount <= gateway.max_amount);
}

json GatewayJson(const GatewayInfo& gateway) {
  json entry = {{"id", gateway.id}, {"description", gateway.description}};
  if (gateway.family == GatewayFamily::kGiftCard) entry["type"] = "coupon";
  return entry;
}

json ListGateways(const GatewayFilter& filter) {
  json list = json::array();
  bool coupon_listed = false;
  for (const GatewayInfo& gateway : kGateways) {
    if (!Passes(gateway, filter)) continue;
    if (gateway.family == GatewayFamily::kGiftCard) {
      if (coupon_listed && !filter.include_coupons) continue;
      coupon_listed = true;
    }
    list.push_back(GatewayJson(gateway));
  }
  return list;
}

}  // namespace msp_emulator
