// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/gateway_rules.h"

#include <initializer_list>

#include "payments/v1/order.pb.h"

namespace msp_gateway {
namespace {

using ::payments::v1::Customer;
using ::payments::v1::Delivery;
using ::payments::v1::Gateway;
using ::payments::v1::GatewayInfo;

constexpr uint64_t Bits(std::initializer_list<int> numbers) {
  uint64_t mask = 0;
  for (int n : numbers) mask |= FieldBit(n);
  return mask;
}

// --- gateway_info field sets (§2.8) ---------------------------------------

constexpr uint64_t kCardInfo = Bits({
    GatewayInfo::kCardNumberFieldNumber,
    GatewayInfo::kCardHolderNameFieldNumber,
    GatewayInfo::kCardExpiryDateFieldNumber,
    GatewayInfo::kCardCvcFieldNumber,
    GatewayInfo::kFlexible3DFieldNumber,
    GatewayInfo::kMotoFieldNumber,
    GatewayInfo::kTermUrlFieldNumber,
    // Cloud POS orders name the terminal (OpenAPI TerminalGatewayInfo).
    GatewayInfo::kTerminalIdFieldNumber,
});
// A direct card order carries the card; the CVC is not used by Maestro
// (GatewayInfo.card_cvc "except for Maestro and recurring payments").
constexpr uint64_t kCardDirect = Bits({
    GatewayInfo::kCardNumberFieldNumber,
    GatewayInfo::kCardExpiryDateFieldNumber,
    GatewayInfo::kCardCvcFieldNumber,
});
constexpr uint64_t kMaestroDirect = Bits({
    GatewayInfo::kCardNumberFieldNumber,
    GatewayInfo::kCardExpiryDateFieldNumber,
});
constexpr uint64_t kWalletToken = Bits({GatewayInfo::kPaymentTokenFieldNumber});
constexpr uint64_t kBancontactQr = Bits({GatewayInfo::kQrEnabledFieldNumber});
constexpr uint64_t kIdealQr = Bits({
    GatewayInfo::kQrSizeFieldNumber,
    GatewayInfo::kAllowMultipleFieldNumber,
    GatewayInfo::kAllowChangeAmountFieldNumber,
    GatewayInfo::kMinAmountFieldNumber,
    GatewayInfo::kMaxAmountFieldNumber,
});
constexpr uint64_t kIssuer = Bits({GatewayInfo::kIssuerIdFieldNumber});
// Account data of SEPA Direct Debit and Sofort (§2.8; the city, country and
// BIC appear in MultiSafepay's Sofort example).
constexpr uint64_t kAccountInfo = Bits({
    GatewayInfo::kAccountIdFieldNumber,
    GatewayInfo::kAccountHolderNameFieldNumber,
    GatewayInfo::kAccountHolderIbanFieldNumber,
    GatewayInfo::kAccountHolderCityFieldNumber,
    GatewayInfo::kAccountHolderCountryFieldNumber,
    GatewayInfo::kAccountHolderBicFieldNumber,
});
constexpr uint64_t kEmandate = Bits({GatewayInfo::kEmandateFieldNumber});
// GatewayInfo: "For SEPA Direct Debit direct orders (required)".
constexpr uint64_t kDirectDebitDirect = Bits({
    GatewayInfo::kAccountIdFieldNumber,
    GatewayInfo::kAccountHolderNameFieldNumber,
    GatewayInfo::kAccountHolderIbanFieldNumber,
    GatewayInfo::kEmandateFieldNumber,
});
constexpr uint64_t kBnplInfo = Bits({
    GatewayInfo::kBirthdayFieldNumber,
    GatewayInfo::kBankAccountFieldNumber,
    GatewayInfo::kPhoneFieldNumber,
    GatewayInfo::kEmailFieldNumber,
    GatewayInfo::kGenderFieldNumber,
});
// GatewayInfo: birthday, bank_account, phone, email "for BNPL orders
// (required)" for E-Invoicing, in3, Klarna, Pay After Delivery, Riverty
// (and e-mail for Billink). bank_account is no longer required (§2.8), and
// MultiSafepay's Klarna direct example has none.
constexpr uint64_t kBnplDirect = Bits({
    GatewayInfo::kBirthdayFieldNumber,
    GatewayInfo::kPhoneFieldNumber,
    GatewayInfo::kEmailFieldNumber,
});
constexpr uint64_t kTerminal = Bits({GatewayInfo::kTerminalIdFieldNumber});

// --- customer and delivery field sets (§2.4, §2.5, OpenAPI notes) ----------

constexpr uint64_t kCustomerName = Bits({
    Customer::kFirstNameFieldNumber,
    Customer::kLastNameFieldNumber,
});
constexpr uint64_t kCustomerAddress = Bits({
    Customer::kAddress1FieldNumber,
    Customer::kHouseNumberFieldNumber,
    Customer::kZipCodeFieldNumber,
    Customer::kCityFieldNumber,
    Customer::kCountryFieldNumber,
});
constexpr uint64_t kCustomerPhone = Bits({Customer::kPhoneFieldNumber});
constexpr uint64_t kCustomerEmail = Bits({Customer::kEmailFieldNumber});
constexpr uint64_t kCustomerCountry = Bits({Customer::kCountryFieldNumber});
constexpr uint64_t kCustomerLocale = Bits({Customer::kLocaleFieldNumber});

// §2.5: "address1, city, country, first_name, house_number, last_name,
// zip_code required when a delivery object is sent"; BNPL orders must send it.
constexpr uint64_t kDeliveryAddress = Bits({
    Delivery::kFirstNameFieldNumber,
    Delivery::kLastNameFieldNumber,
    Delivery::kAddress1FieldNumber,
    Delivery::kHouseNumberFieldNumber,
    Delivery::kZipCodeFieldNumber,
    Delivery::kCityFieldNumber,
    Delivery::kCountryFieldNumber,
});
constexpr uint64_t kDeliveryEmail = Bits({Delivery::kEmailFieldNumber});

constexpr GatewayFamily kPage = GatewayFamily::kPaymentPage;
constexpr GatewayFamily kBank = GatewayFamily::kBanking;
constexpr GatewayFamily kCard = GatewayFamily::kCard;
constexpr GatewayFamily kWallet = GatewayFamily::kWallet;
constexpr GatewayFamily kBnpl = GatewayFamily::kBnpl;
constexpr GatewayFamily kPrepaid = GatewayFamily::kPrepaid;

constexpr bool Y = true;
constexpr bool N = false;

// clang-format off
// The table. Columns:
//   gateway, display name, family, direct, payment component, manual capture, cart
//   required, currencies, min amount, max amount (minor units),
//   customer required, customer required on direct, delivery required,
//   gateway_info allowed, gateway_info required on direct, and (Billink
//   only) the VAT rates its tax tables may use.
//
// Deliberate choices where MultiSafepay's notes and examples disagree:
//   * Customer `country`/`ip_address` "required for cards" and `email`
//     "for Visa" are fraud-check inputs: MultiSafepay's own card redirect
//     examples (postepay, recurring-initial) omit them, so they are not
//     required here.
//   * Customer `browser` "Required for: Card payments with type direct"
//     is not in CreditCard.yaml's `required:` list, and MultiSafepay's own
//     credit-card-direct example has none: 3-D Secure data is recommended,
//     not required (docs/validation-audit.md).
//   * Bizum and MB WAY `phone` ("Required for: ... MB WAY, and Bizum") is
//     not required, not even on direct orders: MultiSafepay's own
//     bizum-direct and Bizum redirect examples have no customer at all.
//   * Betaal per Maand (SANTANDER) is not held to BNPL.yaml's customer,
//     delivery and cart requirement (its own example has none).
//   * IDEAL takes no gateway_info: issuer_id is obsolete since iDEAL 2.0
//     (§2.8, pitfall 8) and MultiSafepay answers 1036 to a bad one.
//   * Currencies and amount ranges are only those MultiSafepay documents:
//     Bancontact EUR only (§2.10), in3 50-5000 EUR and in3 B2B 150-30000
//     EUR (§3.1).
const GatewayRule kRules[] = {
  {payments::v1::GATEWAY_UNSPECIFIED, "payment page", kPage, N, N, N, N, "", 0, 0,
   0, 0, 0, kTerminal, 0},
  {payments::v1::GATEWAY_ALIPAY, "Alipay", kWallet, Y, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_ALIPAYPLUS, "Alipay+", kWallet, Y, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  // Amazon Pay: name, address and phone (FirstName, LastName, Address1,
  // HouseNumber, ZIP, City, Country, Phone "Required for: Amazon Pay").
  {payments::v1::GATEWAY_AMAZONBTN, "Amazon Pay", kWallet, Y, N, N, N, "", 0, 0,
   kCustomerName | kCustomerAddress | kCustomerPhone, 0, 0, 0, 0},
  {payments::v1::GATEWAY_AMEX, "American Express", kCard, Y, Y, Y, N, "", 0, 0,
   0, 0, 0, kCardInfo, kCardDirect},
  {payments::v1::GATEWAY_APPLEPAY, "Apple Pay", kWallet, Y, N, N, N, "", 0, 0,
   0, 0, 0, kWalletToken, kWalletToken},
  // Bancontact: EUR, redirect only, locale required (§2.10).
  {payments::v1::GATEWAY_MISTERCASH, "Bancontact", kBank, N, Y, Y, N, "EUR", 0, 0,
   kCustomerLocale, 0, 0, kBancontactQr, 0},
  // Bank transfer: the country picks MultiSafepay's local account and the
  // e-mail carries the transfer instructions (Customer.country, .email).
  {payments::v1::GATEWAY_BANKTRANS, "bank transfer", kBank, Y, Y, N, N, "", 0, 0,
   kCustomerCountry | kCustomerEmail, 0, 0, 0, 0},
  {payments::v1::GATEWAY_BELFIUS, "Belfius", kBank, Y, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  // Betaal per Maand: no cart, delivery or tax tables required although
  // BNPL.yaml lists them: MultiSafepay's own betaal-per-maand example (a
  // Santander credit application filled in on Santander's page) has none.
  {payments::v1::GATEWAY_SANTANDER, "Betaal per Maand", kBnpl, Y, N, N, N, "", 0, 0,
   0, 0, 0, kBnplInfo, 0},
  {payments::v1::GATEWAY_BIZUM, "Bizum", kBank, Y, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  // Billink: LastName, Address1, HouseNumber, ZIP, City, Country, Email
  // "Required for: Billink".
  {payments::v1::GATEWAY_BILLINK, "Billink", kBnpl, Y, Y, N, Y, "", 0, 0,
   Bits({Customer::kLastNameFieldNumber}) | kCustomerAddress | kCustomerEmail,
   0, kDeliveryAddress, kBnplInfo, kBnplDirect,
   // TaxTableSelector: "For Billink, VAT rates are restricted to: 0%, 5%,
   // 6%, 7%, 9%, 16%, 19%, 20%, 21%".
   "0 0.05 0.06 0.07 0.09 0.16 0.19 0.2 0.21"},
  {payments::v1::GATEWAY_CBC, "CBC", kBank, Y, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_KBC, "KBC", kBank, Y, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_CREDITCARD, "card payment", kCard, Y, Y, Y, N, "", 0, 0,
   0, 0, 0, kCardInfo, kCardDirect},
  {payments::v1::GATEWAY_DOTPAY, "Dotpay", kBank, N, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_EINVOICE, "E-Invoicing", kBnpl, Y, N, N, Y, "", 0, 0,
   0, 0, kDeliveryAddress, kBnplInfo, kBnplDirect},
  {payments::v1::GATEWAY_EPS, "EPS", kBank, N, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_GIROPAY, "Giropay", kBank, N, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_GOOGLEPAY, "Google Pay", kWallet, Y, N, N, N, "", 0, 0,
   0, 0, 0, kWalletToken, kWalletToken},
  {payments::v1::GATEWAY_IDEAL, "iDEAL", kBank, Y, Y, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_IDEALQR, "iDEAL QR", kBank, N, N, N, N, "", 0, 0,
   0, 0, 0, kIdealQr, 0},
  {payments::v1::GATEWAY_IN3, "in3", kBnpl, Y, N, N, Y, "EUR", 5000, 500000,
   0, 0, kDeliveryAddress, kBnplInfo, kBnplDirect},
  // in3 B2B: FirstName, LastName, Address1 "Required for: in3B2B".
  {payments::v1::GATEWAY_IN3B2B, "in3 B2B", kBnpl, Y, N, N, Y, "EUR", 15000, 3000000,
   kCustomerName | Bits({Customer::kAddress1FieldNumber}), 0,
   kDeliveryAddress, kBnplInfo, kBnplDirect},
  // Klarna: HouseNumber "Required for: Klarna"; delivery e-mail (Delivery).
  {payments::v1::GATEWAY_KLARNA, "Klarna", kBnpl, Y, N, N, Y, "", 0, 0,
   Bits({Customer::kHouseNumberFieldNumber}), 0,
   kDeliveryAddress | kDeliveryEmail, kBnplInfo, kBnplDirect},
  {payments::v1::GATEWAY_MAESTRO, "Maestro", kCard, Y, Y, Y, N, "", 0, 0,
   0, 0, 0, kCardInfo, kMaestroDirect},
  {payments::v1::GATEWAY_MASTERCARD, "Mastercard", kCard, Y, Y, Y, N, "", 0, 0,
   0, 0, 0, kCardInfo, kCardDirect},
  {payments::v1::GATEWAY_MBWAY, "MB WAY", kBank, Y, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_MULTIBANCO, "Multibanco", kBank, Y, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  // MyBank direct names the bank (§2.8, example mybank-direct).
  {payments::v1::GATEWAY_MYBANK, "MyBank", kBank, Y, N, N, N, "", 0, 0,
   0, 0, 0, kIssuer, kIssuer},
  {payments::v1::GATEWAY_BNPL_MF, "Pay After Delivery", kBnpl, Y, N, N, Y, "", 0, 0,
   0, 0, kDeliveryAddress, kBnplInfo, kBnplDirect},
  {payments::v1::GATEWAY_BNPL_INSTM, "Pay After Delivery installments", kBnpl, N, N, N, Y, "", 0, 0,
   0, 0, kDeliveryAddress, kBnplInfo, 0},
  {payments::v1::GATEWAY_PAYPAL, "PayPal", kWallet, Y, Y, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_PSAFECARD, "Paysafecard", kPrepaid, N, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_DBRTP, "Request to Pay", kBank, Y, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_AFTERPAY, "Riverty", kBnpl, Y, N, N, Y, "", 0, 0,
   0, 0, kDeliveryAddress, kBnplInfo, kBnplDirect},
  {payments::v1::GATEWAY_DIRDEB, "SEPA Direct Debit", kBank, Y, Y, N, N, "", 0, 0,
   0, 0, 0, kAccountInfo | kEmandate, kDirectDebitDirect},
  {payments::v1::GATEWAY_DIRECTBANK, "Sofort", kBank, Y, Y, N, N, "", 0, 0,
   0, 0, 0, kAccountInfo, 0},
  // Trustly: first and last name, e-mail, country (§3.1).
  {payments::v1::GATEWAY_TRUSTLY, "Trustly", kBank, Y, N, N, N, "", 0, 0,
   kCustomerName | kCustomerEmail | kCustomerCountry, 0, 0, 0, 0},
  {payments::v1::GATEWAY_TRUSTPAY, "TrustPay", kBank, N, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_VISA, "Visa", kCard, Y, Y, Y, N, "", 0, 0,
   0, 0, 0, kCardInfo, kCardDirect},
  {payments::v1::GATEWAY_WECHAT, "WeChat Pay", kWallet, Y, N, N, N, "", 0, 0,
   0, 0, 0, 0, 0},
  {payments::v1::GATEWAY_ZINIA, "Zinia", kBnpl, N, N, N, Y, "", 0, 0,
   0, 0, kDeliveryAddress, kBnplInfo, 0},
};
// clang-format on

}  // namespace

const GatewayRule* GatewayRuleFor(Gateway gateway) {
  if (!payments::v1::Gateway_IsValid(gateway)) return nullptr;
  // Gift cards and vouchers (100 and up): redirect only, no extra data.
  if (gateway >= 100) {
    // One row per gift card, built on first use and never destroyed.
    static const auto* const kGiftCards = [] {
      auto* rows = new GatewayRule[payments::v1::Gateway_ARRAYSIZE];
      for (int i = 0; i < payments::v1::Gateway_ARRAYSIZE; ++i) {
        rows[i] = {static_cast<Gateway>(i),
                   "gift card",
                   kPrepaid,
                   N,
                   N,
                   N,
                   N,
                   "",
                   0,
                   0,
                   0,
                   0,
                   0,
                   0,
                   0};
      }
      return rows;
    }();
    return &kGiftCards[gateway];
  }
  for (const GatewayRule& rule : kRules) {
    if (rule.gateway == gateway) return &rule;
  }
  return nullptr;
}

absl::Span<const GatewayRule> AllGatewayRules() { return kRules; }

absl::string_view GatewayFamilyName(GatewayFamily family) {
  switch (family) {
    case GatewayFamily::kPaymentPage:
      return "payment page";
    case GatewayFamily::kBanking:
      return "banking";
    case GatewayFamily::kCard:
      return "card";
    case GatewayFamily::kWallet:
      return "wallet";
    case GatewayFamily::kBnpl:
      return "BNPL";
    case GatewayFamily::kPrepaid:
      return "prepaid";
  }
  return "unknown";
}

}  // namespace msp_gateway
