// Copyright 2026 The msp-gateway Authors.

#include "service/notifications/notification_signature.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace {

// ---------------------------------------------------------------------------
// The worked vectors of shared docs/multisafepay-api.md §6.3, byte for byte.

// 1. MultiSafepay/docs content/payment-management/webhook.md ("Own solution"):
// the payload exactly as printed there, with its stray space after
// `"order_id":"my-order-id",`.
constexpr absl::string_view kDocsKey =
    "8HHhGgRWrA3O7NswjmgwyH7buPPCGnR5AkwAQyqI";
constexpr int64_t kDocsTimestamp = 1641218884;
constexpr absl::string_view kDocsHex =
    "06cbf226e7c873eff96921d7fde3998eb6be0de7915ee1c1b5149511fca82e26"
    "bb0ab2e6d0e0ad997cbab151e4ba5615418d8e12528301726143ed1146287f93";
constexpr absl::string_view kDocsAuth =
    "MTY0MTIxODg4NDowNmNiZjIyNmU3Yzg3M2VmZjk2OTIxZDdmZGUzOTk4ZWI2YmUwZGU3OTE1"
    "ZWUxYzFiNTE0OTUxMWZjYTgyZTI2YmIwYWIyZTZkMGUwYWQ5OTdjYmFiMTUxZTRiYTU2MTU0"
    "MThkOGUxMjUyODMwMTcyNjE0M2VkMTE0NjI4N2Y5Mw==";
constexpr absl::string_view kDocsBody =
    R"j({"amount":1000,"amount_refunded":0,"costs":[{"amount":0.49,"descripti)j"
    R"j(on":"0.49 For iDEAL Transactions","transaction_id":"123456789","type")j"
    R"j(:"SYSTEM"}],"created":"2022-01-03T15:08:02","currency":"EUR","custom_)j"
    R"j(info":{"custom_1":null,"custom_2":null,"custom_3":null},"customer":{")j"
    R"j(address1":null,"address2":null,"city":null,"country":null,"country_na)j"
    R"j(me":null,"email":"","first_name":null,"house_number":null,"last_name")j"
    R"j(:null,"locale":"en_US","phone1":null,"phone2":"","state":null,"zip_co)j"
    R"j(de":null},"description":"product description","fastcheckout":"NO","fi)j"
    R"j(nancial_status":"initialized","items":null,"modified":"2022-01-03T15:)j"
    R"j(08:02","order_id":"my-order-id", "payment_details":{"account_holder_n)j"
    R"j(ame":null,"account_iban":"https://example.com","account_id":null,"ext)j"
    R"j(ernal_transaction_id":"123456789","issuer_id":"3151","recurring_flow")j"
    R"j(:null,"recurring_id":null,"recurring_model":null,"type":"IDEAL"},"pay)j"
    R"j(ment_methods":[{"amount":1000,"currency":"EUR","description":"product)j"
    R"j( description","external_transaction_id":"123456789","payment_descript)j"
    R"j(ion":"iDEAL","status":"initialized","type":"IDEAL"}],"reason":"","rea)j"
    R"j(son_code":"","related_transactions":null,"status":"initialized","tran)j"
    R"j(saction_id":"123456789","var1":null,"var2":null,"var3":null})j";

// 2. The SDK vector, key `your-MultiSafepay-API-key`, timestamp 1616601851.
// php-sdk tests/Unit/Util/NotificationTest.php signs this body as is (the
// `\"` and `\n` are literal backslash sequences, JSON escapes).
constexpr absl::string_view kSdkKey = "your-MultiSafepay-API-key";
constexpr int64_t kSdkTimestamp = 1616601851;
constexpr absl::string_view kSdkAuthPhp =
    "MTYxNjYwMTg1MTo2ZTRhZTg2MzhhYTJmOWUxNTkyYjA3NDM3NmY2ODE2MTk2NTQ2MzMxYTli"
    "OWU5NDlkMWFiNWVmNmE5MzFjYjA5ZWQ4M2FkMTJmODUzZjI5ZGYyMjMxZThmODgzZTJiMThh"
    "YWVmN2NiYWZmMTA5NGU5ZmQ5ZmNlMWRkMzYyZjJhNA==";
constexpr absl::string_view kSdkBodyPhp =
    R"j({"amount":24293,"amount_refunded":0,"checkout_options":{"alternate":[)j"
    R"j({"name":"0","rules":[{"country":"","rate":"0.00"}],"standalone":""}],)j"
    R"j("default":[]},"costs":[{"amount":7.04,"description":"2.9 % For Visa C)j"
    R"j(reditCards Transactions (min 0.6)","transaction_id":"2583849","type":)j"
    R"j("SYSTEM"}],"created":"2021-03-24T16:26:31","currency":"GBP","custom_i)j"
    R"j(nfo":{"custom_1":null,"custom_2":null,"custom_3":null},"customer":{"a)j"
    R"j(ddress1":"Kraanspoor","address2":null,"city":"Amsterdam","country":"N)j"
    R"j(L","country_name":null,"email":"john.doe@example.com","first_name":"J)j"
    R"j(ohn","house_number":"39C","last_name":"Doe","locale":"nl_NL","phone1")j"
    R"j(:"0612345678","phone2":"","state":null,"zip_code":"1033SC"},"descript)j"
    R"j(ion":"Payment for order: 182","fastcheckout":"NO","financial_status":)j"
    R"j("completed","items":"<table border=\"0\" cellpadding=\"5\" width=\"10)j"
    R"j(0%\">\n<tr>\n<th width=\"10%\"><font size=\"2\" face=\"Verdana\">Quan)j"
    R"j(tity </font></th>\n<th align=\"left\"></th>\n<th align=\"left\"><font)j"
    R"j( size=\"2\" face=\"Verdana\">Details </font></th>\n<th width=\"19%\" )j"
    R"j(align=\"right\"><font size=\"2\" face=\"Verdana\">Price </font></th>\)j"
    R"j(n</tr>\n<tr>\n<td align=\"center\"><font size=\"2\" face=\"Verdana\">)j"
    R"j(1</font></td>\n<td width=\"6%\"></td>\n<td width=\"65%\"><font size=\)j"
    R"j("2\" face=\"Verdana\">Ergonomic Paper Table</font></td>\n<td align=\")j"
    R"j(right\">&pound;<font size=\"2\" face=\"Verdana\">242.93</font>\n</td>)j"
    R"j(\n</tr>\n</table>","modified":"2021-03-24T16:26:38","order_id":"182",)j"
    R"j("payment_details":{"account_holder_name":"MultiSafepay","account_id":)j"
    R"j(null,"card_expiry_date":"2404","external_transaction_id":"234453696",)j"
    R"j("last4":"1111","recurring_flow":null,"recurring_id":"9981470466701372)j"
    R"j(2040","recurring_model":null,"type":"VISA"},"payment_methods":[{"acco)j"
    R"j(unt_holder_name":"MultiSafepay","amount":24293,"card_expiry_date":240)j"
    R"j(4,"currency":"GBP","description":"Payment for order: 182","external_t)j"
    R"j(ransaction_id":"234453696","last4":1111,"payment_description":"Visa C)j"
    R"j(reditCards","status":"completed","type":"VISA"}],"reason":"","reason_)j"
    R"j(code":"","related_transactions":null,"shopping_cart":{"items":[{"cash)j"
    R"j(back":"","currency":"GBP","description":"","image":"","merchant_item_)j"
    R"j(id":"68","name":"Ergonomic Paper Table","options":[],"product_url":"")j"
    R"j(,"quantity":"1","tax_table_selector":"0","unit_price":"242.9300000000)j"
    R"j(","weight":{"unit":null,"value":null}}]},"status":"completed","transa)j"
    R"j(ction_id":4680345,"var1":null,"var2":"182","var3":null})j";

// python-sdk tests/multisafepay/unit/util/test_unit_webhook.py signs a
// slightly different order: `checkout_options.default` is an object instead
// of `[]`, and the SDK verifies its compact re-serialisation
// (separators=(",", ":"), ensure_ascii=False), which is this body.
std::string SdkBodyPython() {
  return absl::StrReplaceAll(
      kSdkBodyPhp, {{R"j("default":[])j",
                     R"j("default":{"rate":0.21,"shipping_taxed":true})j"}});
}
constexpr absl::string_view kSdkAuthPython =
    "MTYxNjYwMTg1MTo5MTYxYzdmMmUyNWQ5NGQ2NDFiYmMwNmFiNTA0OTg4ZTRmYWI0ZjhhMTc4"
    "NTBhM2QyYTI1ODRiMjBkYjVkMTNiNTYzMzI0OGRjZmFjMzkzN2E2YWZkNDE0ZjJjZDYxNDc3"
    "MGZlMGQ3MjcyOWUxNmZiZGUzMGU4OTg5OGE0MzNlYw==";

// 3. The digest's self-computed vector (for the emulator's tests).
constexpr absl::string_view kSelfKey = "test-api-key-0001";
constexpr int64_t kSelfTimestamp = 1700000000;
constexpr absl::string_view kSelfBody =
    R"j({"order_id":"order-1","status":"completed","transaction_id":4051823})j";
constexpr absl::string_view kSelfHex =
    "5f96e46b5520f69613725508b2a6b18f2b7586e7f91240b4808180e0d919ffc9"
    "c177201e9a252a4e3daacc7071cc7b814795ef063103aa223c05522604796ba0";
constexpr absl::string_view kSelfAuth =
    "MTcwMDAwMDAwMDo1Zjk2ZTQ2YjU1MjBmNjk2MTM3MjU1MDhiMmE2YjE4ZjJiNzU4NmU3Zjkx"
    "MjQwYjQ4MDgxODBlMGQ5MTlmZmM5YzE3NzIwMWU5YTI1MmE0ZTNkYWFjYzcwNzFjYzdiODE0"
    "Nzk1ZWYwNjMxMDNhYTIyM2MwNTUyMjYwNDc5NmJhMA==";

// ---------------------------------------------------------------------------

constexpr absl::Duration kMaxAge = absl::Seconds(600);

absl::Time At(int64_t unix_seconds) {
  return absl::FromUnixSeconds(unix_seconds);
}

// `status` is a rejection with `code` and an ErrorInfo `reason` in the
// gateway's domain.
::testing::AssertionResult IsRejected(const absl::Status& status,
                                      absl::StatusCode code,
                                      absl::string_view reason) {
  if (status.code() != code) {
    return ::testing::AssertionFailure()
           << "code " << absl::StatusCodeToString(status.code()) << " ("
           << status << "), want " << absl::StatusCodeToString(code);
  }
  const auto info = GetErrorInfo(status);
  if (!info.has_value()) {
    return ::testing::AssertionFailure() << "no ErrorInfo on " << status;
  }
  if (info->reason() != reason || info->domain() != kGatewayErrorDomain) {
    return ::testing::AssertionFailure()
           << "ErrorInfo " << info->domain() << "/" << info->reason()
           << ", want " << kGatewayErrorDomain << "/" << reason;
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult IsDenied(const absl::Status& status,
                                    absl::string_view reason) {
  return IsRejected(status, absl::StatusCode::kPermissionDenied, reason);
}

// The header that carries `decoded` ("<ts>:<hex>" when well-formed).
std::string Encode(absl::string_view decoded) {
  return absl::Base64Escape(decoded);
}

std::string Sign(absl::string_view body, absl::string_view key,
                 absl::Time timestamp) {
  absl::StatusOr<std::string> header = SignNotification(body, key, timestamp);
  EXPECT_TRUE(header.ok()) << header.status();
  return header.ok() ? *header : std::string();
}

// ---------------------------------------------------------------------------
// The documented vectors.

TEST(NotificationSignatureTest, DocsWorkedExampleVerifies) {
  EXPECT_EQ(absl::Base64Escape(absl::StrCat(kDocsTimestamp, ":", kDocsHex)),
            kDocsAuth);
  EXPECT_TRUE(VerifyNotificationSignature(kDocsAuth, kDocsBody, kDocsKey,
                                          At(kDocsTimestamp), kMaxAge)
                  .ok());
  EXPECT_EQ(Sign(kDocsBody, kDocsKey, At(kDocsTimestamp)), kDocsAuth);
}

TEST(NotificationSignatureTest, DocsExampleOnlyVerifiesOverTheRawBytes) {
  // Without the stray space (what a re-serialiser would produce) the MAC no
  // longer matches: the verifier must see the bytes as received.
  const std::string compact = absl::StrReplaceAll(
      kDocsBody, {{R"j("my-order-id", )j", R"j("my-order-id",)j"}});
  ASSERT_NE(compact, kDocsBody);
  EXPECT_TRUE(IsDenied(VerifyNotificationSignature(kDocsAuth, compact, kDocsKey,
                                                   At(kDocsTimestamp), kMaxAge),
                       kBadSignatureReason));
}

TEST(NotificationSignatureTest, PhpSdkVectorVerifies) {
  EXPECT_TRUE(VerifyNotificationSignature(kSdkAuthPhp, kSdkBodyPhp, kSdkKey,
                                          At(kSdkTimestamp), kMaxAge)
                  .ok());
  EXPECT_EQ(Sign(kSdkBodyPhp, kSdkKey, At(kSdkTimestamp)), kSdkAuthPhp);
  // The SDK's own negative case.
  EXPECT_TRUE(IsDenied(
      VerifyNotificationSignature(kSdkAuthPhp, kSdkBodyPhp, "a-fake-API-key",
                                  At(kSdkTimestamp), kMaxAge),
      kBadSignatureReason));
}

TEST(NotificationSignatureTest, PythonSdkVectorVerifies) {
  const std::string body = SdkBodyPython();
  EXPECT_TRUE(VerifyNotificationSignature(kSdkAuthPython, body, kSdkKey,
                                          At(kSdkTimestamp), kMaxAge)
                  .ok());
  EXPECT_EQ(Sign(body, kSdkKey, At(kSdkTimestamp)), kSdkAuthPython);
  // The two SDK vectors are not interchangeable.
  EXPECT_TRUE(
      IsDenied(VerifyNotificationSignature(kSdkAuthPython, kSdkBodyPhp, kSdkKey,
                                           At(kSdkTimestamp), kMaxAge),
               kBadSignatureReason));
}

TEST(NotificationSignatureTest, KeyIsTrimmedAsTheSdksDo) {
  // python-sdk test_verify_with_empty_spaces_in_api_key.
  EXPECT_TRUE(VerifyNotificationSignature(kSdkAuthPhp, kSdkBodyPhp,
                                          " your-MultiSafepay-API-key ",
                                          At(kSdkTimestamp), kMaxAge)
                  .ok());
  EXPECT_TRUE(VerifyNotificationSignature(kSdkAuthPhp, kSdkBodyPhp,
                                          "\tyour-MultiSafepay-API-key\r\n",
                                          At(kSdkTimestamp), kMaxAge)
                  .ok());
  EXPECT_EQ(
      Sign(kSdkBodyPhp, "  your-MultiSafepay-API-key\n", At(kSdkTimestamp)),
      kSdkAuthPhp);
}

TEST(NotificationSignatureTest, SelfComputedVectorVerifies) {
  EXPECT_EQ(absl::Base64Escape(absl::StrCat(kSelfTimestamp, ":", kSelfHex)),
            kSelfAuth);
  EXPECT_TRUE(VerifyNotificationSignature(kSelfAuth, kSelfBody, kSelfKey,
                                          At(kSelfTimestamp), kMaxAge)
                  .ok());
  EXPECT_EQ(Sign(kSelfBody, kSelfKey, At(kSelfTimestamp)), kSelfAuth);
}

// ---------------------------------------------------------------------------
// Tampering and keys.

TEST(NotificationSignatureTest, OneTamperedBodyByteIsABadSignature) {
  for (std::size_t at :
       {std::size_t{0}, kDocsBody.size() / 2, kDocsBody.size() - 1}) {
    std::string body(kDocsBody);
    body[at] ^= 0x01;
    EXPECT_TRUE(
        IsDenied(VerifyNotificationSignature(kDocsAuth, body, kDocsKey,
                                             At(kDocsTimestamp), kMaxAge),
                 kBadSignatureReason))
        << "byte " << at;
  }
  // A byte more or less, and no body at all.
  for (const std::string& body :
       {absl::StrCat(kDocsBody, " "), std::string(kDocsBody.substr(1)),
        std::string()}) {
    EXPECT_TRUE(
        IsDenied(VerifyNotificationSignature(kDocsAuth, body, kDocsKey,
                                             At(kDocsTimestamp), kMaxAge),
                 kBadSignatureReason));
  }
}

TEST(NotificationSignatureTest, TamperedTimestampIsABadSignature) {
  // The docs MAC under a timestamp one second later (still fresh at `now`):
  // the timestamp is part of the signed message.
  for (int64_t ts : {kDocsTimestamp + 1, kDocsTimestamp - 1}) {
    const std::string header = Encode(absl::StrCat(ts, ":", kDocsHex));
    EXPECT_TRUE(IsDenied(VerifyNotificationSignature(header, kDocsBody,
                                                     kDocsKey, At(ts), kMaxAge),
                         kBadSignatureReason))
        << ts;
  }
  // Same value, different digits: the MAC covers the string as sent.
  const std::string padded =
      Encode(absl::StrCat("0", kDocsTimestamp, ":", kDocsHex));
  EXPECT_TRUE(IsDenied(VerifyNotificationSignature(padded, kDocsBody, kDocsKey,
                                                   At(kDocsTimestamp), kMaxAge),
                       kBadSignatureReason));
}

TEST(NotificationSignatureTest, TamperedMacIsABadSignature) {
  std::string hex(kDocsHex);
  hex[hex.size() - 1] = hex[hex.size() - 1] == '3' ? '4' : '3';
  EXPECT_TRUE(IsDenied(VerifyNotificationSignature(
                           Encode(absl::StrCat(kDocsTimestamp, ":", hex)),
                           kDocsBody, kDocsKey, At(kDocsTimestamp), kMaxAge),
                       kBadSignatureReason));
}

TEST(NotificationSignatureTest, WrongKeyIsABadSignature) {
  for (absl::string_view key :
       {absl::string_view("8HHhGgRWrA3O7NswjmgwyH7buPPCGnR5AkwAQyqi"),
        absl::string_view("8HHhGgRWrA3O7NswjmgwyH7buPPCGnR5AkwAQyq"),
        absl::string_view("8HHhGgRWrA3O7NswjmgwyH7buPPCGnR5AkwAQyqIx"),
        kSelfKey, kSdkKey}) {
    EXPECT_TRUE(
        IsDenied(VerifyNotificationSignature(kDocsAuth, kDocsBody, key,
                                             At(kDocsTimestamp), kMaxAge),
                 kBadSignatureReason))
        << key;
  }
}

// ---------------------------------------------------------------------------
// Freshness.

TEST(NotificationSignatureTest, JustInsideTheWindowVerifies) {
  const absl::Time signed_at = At(kSelfTimestamp);
  for (absl::Time now :
       {signed_at, signed_at + kMaxAge, signed_at + kMaxAge - absl::Seconds(1),
        signed_at - kNotificationFutureSkew}) {
    EXPECT_TRUE(VerifyNotificationSignature(kSelfAuth, kSelfBody, kSelfKey, now,
                                            kMaxAge)
                    .ok())
        << now - signed_at;
  }
  // Another window.
  EXPECT_TRUE(VerifyNotificationSignature(kSelfAuth, kSelfBody, kSelfKey,
                                          signed_at + absl::Seconds(30),
                                          absl::Seconds(30))
                  .ok());
}

TEST(NotificationSignatureTest, JustOutsideTheWindowIsStale) {
  const absl::Time signed_at = At(kSelfTimestamp);
  // Past: older than max_age, by a second and by a nanosecond.
  for (absl::Time now : {signed_at + kMaxAge + absl::Seconds(1),
                         signed_at + kMaxAge + absl::Nanoseconds(1)}) {
    const absl::Status status = VerifyNotificationSignature(
        kSelfAuth, kSelfBody, kSelfKey, now, kMaxAge);
    EXPECT_TRUE(IsDenied(status, kStaleSignatureReason)) << status;
    const auto info = GetErrorInfo(status);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->metadata().at("timestamp"), "1700000000");
    EXPECT_EQ(info->metadata().at("bound"), "max_age");
  }
  // Future: further ahead than the skew.
  for (absl::Time now :
       {signed_at - kNotificationFutureSkew - absl::Seconds(1),
        signed_at - kNotificationFutureSkew - absl::Nanoseconds(1)}) {
    const absl::Status status = VerifyNotificationSignature(
        kSelfAuth, kSelfBody, kSelfKey, now, kMaxAge);
    EXPECT_TRUE(IsDenied(status, kStaleSignatureReason)) << status;
    const auto info = GetErrorInfo(status);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->metadata().at("bound"), "future_skew");
  }
  // The docs vector today, as the SDKs' "validation time exceeded" test.
  EXPECT_TRUE(IsDenied(VerifyNotificationSignature(
                           kDocsAuth, kDocsBody, kDocsKey,
                           At(kDocsTimestamp) + absl::Hours(24 * 365), kMaxAge),
                       kStaleSignatureReason));
}

TEST(NotificationSignatureTest, ForgeryWithAnOldTimestampIsABadSignature) {
  // The MAC is checked first, so STALE_SIGNATURE always means genuine.
  const std::string forged = Sign(kSelfBody, "not-the-key", At(kSelfTimestamp));
  EXPECT_TRUE(IsDenied(
      VerifyNotificationSignature(forged, kSelfBody, kSelfKey,
                                  At(kSelfTimestamp) + absl::Hours(1), kMaxAge),
      kBadSignatureReason));
}

// ---------------------------------------------------------------------------
// Malformed headers.

TEST(NotificationSignatureTest, MalformedHeadersAreRefused) {
  const std::string hex(kDocsHex);
  const std::string ts = absl::StrCat(kDocsTimestamp);
  std::string upper = hex;
  for (char& c : upper) c = absl::ascii_toupper(static_cast<unsigned char>(c));
  std::string bad_char = hex;
  bad_char[10] = 'g';
  const std::string valid(kDocsAuth);
  // "\xff\xff\xff" encodes as "////": in the URL-safe alphabet "____".
  const std::string url_safe = absl::StrReplaceAll(
      Encode(absl::StrCat("\xff\xff\xff", ts, ":", hex)), {{"/", "_"}});
  constexpr absl::string_view kNotBase64 = "is not base64";
  constexpr absl::string_view kNoColon = "has no ':'";
  constexpr absl::string_view kBadTimestamp = "timestamp is not Unix seconds";
  constexpr absl::string_view kBadMac = "is not 128 lowercase hex digits";
  const struct {
    const char* what;
    std::string header;
    absl::string_view says;
  } cases[] = {
      {"empty", "", "is missing or empty"},
      {"not base64", "!!!!not-base64!!!!", kNotBase64},
      {"base64 with a space inside",
       absl::StrCat(valid.substr(0, 20), " ", valid.substr(20)), kNotBase64},
      {"base64 with a trailing newline", absl::StrCat(valid, "\n"), kNotBase64},
      {"base64 without its padding", valid.substr(0, valid.size() - 2),
       kNotBase64},
      {"url-safe base64", url_safe, kNotBase64},
      {"no colon", Encode(absl::StrCat(ts, hex)), kNoColon},
      {"only a timestamp", Encode(ts), kNoColon},
      {"empty timestamp", Encode(absl::StrCat(":", hex)), kBadTimestamp},
      {"signed timestamp", Encode(absl::StrCat("+", ts, ":", hex)),
       kBadTimestamp},
      {"negative timestamp", Encode(absl::StrCat("-", ts, ":", hex)),
       kBadTimestamp},
      {"timestamp with a space", Encode(absl::StrCat(ts, " :", hex)),
       kBadTimestamp},
      {"timestamp in fractional seconds", Encode(absl::StrCat(ts, ".5:", hex)),
       kBadTimestamp},
      {"timestamp in nanoseconds (19 digits)",
       Encode(absl::StrCat(ts, "000000000:", hex)), kBadTimestamp},
      {"empty MAC", Encode(absl::StrCat(ts, ":")), kBadMac},
      {"short MAC (127)", Encode(absl::StrCat(ts, ":", hex.substr(1))),
       kBadMac},
      {"short MAC (64, the raw-byte length)",
       Encode(absl::StrCat(ts, ":", hex.substr(0, 64))), kBadMac},
      {"long MAC (129)", Encode(absl::StrCat(ts, ":", hex, "0")), kBadMac},
      {"uppercase hex MAC", Encode(absl::StrCat(ts, ":", upper)), kBadMac},
      {"non-hex MAC", Encode(absl::StrCat(ts, ":", bad_char)), kBadMac},
      {"second colon", Encode(absl::StrCat(ts, ":", hex.substr(0, 127), ":")),
       kBadMac},
      {"raw MAC bytes, not hex",
       Encode(absl::StrCat(ts, ":", absl::HexStringToBytes(hex))), kBadMac},
      {"huge header", std::string(kMaxAuthHeaderBytes + 4, 'A'),
       "is longer than 512 bytes"},
      {"huge but well-formed header",
       Encode(absl::StrCat(std::string(400, '1'), ":", hex)),
       "is longer than 512 bytes"},
  };
  for (const auto& c : cases) {
    const absl::Status status = VerifyNotificationSignature(
        c.header, kDocsBody, kDocsKey, At(kDocsTimestamp), kMaxAge);
    EXPECT_TRUE(IsDenied(status, kMalformedSignatureReason)) << c.what;
    EXPECT_TRUE(absl::StrContains(status.message(), c.says))
        << c.what << ": " << status;
  }
}

TEST(NotificationSignatureTest, HeaderLengthIsBoundedBeforeDecoding) {
  const absl::Status status =
      VerifyNotificationSignature(std::string(1 << 20, 'A'), kDocsBody,
                                  kDocsKey, At(kDocsTimestamp), kMaxAge);
  EXPECT_TRUE(IsDenied(status, kMalformedSignatureReason));
  EXPECT_TRUE(absl::StrContains(status.message(), "longer than 512 bytes"))
      << status;
}

TEST(NotificationSignatureTest, MisconfiguredVerifierFailsClosed) {
  // Without a key anyone could sign: an empty-key signature is refused too.
  const std::string empty_key_header = Sign(kSelfBody, "", At(kSelfTimestamp));
  for (absl::string_view key : {"", " ", "\t\r\n"}) {
    EXPECT_TRUE(IsRejected(
        VerifyNotificationSignature(empty_key_header, kSelfBody, key,
                                    At(kSelfTimestamp), kMaxAge),
        absl::StatusCode::kFailedPrecondition, kVerifierMisconfiguredReason))
        << "key '" << key << "'";
  }
  for (absl::Duration max_age :
       {absl::ZeroDuration(), -absl::Seconds(1), -absl::InfiniteDuration()}) {
    EXPECT_TRUE(IsRejected(
        VerifyNotificationSignature(kSelfAuth, kSelfBody, kSelfKey,
                                    At(kSelfTimestamp), max_age),
        absl::StatusCode::kFailedPrecondition, kVerifierMisconfiguredReason))
        << max_age;
  }
}

// ---------------------------------------------------------------------------
// SignNotification.

TEST(NotificationSignatureTest, SignThenVerifyRoundTrips) {
  const std::string key = "round-trip-key-7f3a";
  const absl::Time now = At(1767225600);  // 2026-01-01T00:00:00Z
  const std::vector<std::string> bodies = {
      "",
      "{}",
      R"j({"city":"München","price":"€100","description":"Descripción con ñ"})j",
      std::string("a\0b:c\xff", 6),
      std::string(100000, 'x'),
  };
  for (const std::string& body : bodies) {
    const std::string header = Sign(body, key, now);
    EXPECT_LE(header.size(), kMaxAuthHeaderBytes);
    EXPECT_TRUE(
        VerifyNotificationSignature(header, body, key, now, kMaxAge).ok())
        << body.size();
    EXPECT_TRUE(
        IsDenied(VerifyNotificationSignature(header, absl::StrCat(body, "x"),
                                             key, now, kMaxAge),
                 kBadSignatureReason));
  }
}

TEST(NotificationSignatureTest, SignUsesWholeSecondsRoundedDown) {
  std::string decoded;
  ASSERT_TRUE(absl::Base64Unescape(
      Sign(kSelfBody, kSelfKey, At(kSelfTimestamp) + absl::Milliseconds(999)),
      &decoded));
  EXPECT_EQ(decoded, absl::StrCat(kSelfTimestamp, ":", kSelfHex));
}

// ---------------------------------------------------------------------------
// What a rejection says.

TEST(NotificationSignatureTest, NoRejectionRevealsTheKeyTheBodyOrTheMac) {
  const std::string key = "SECRET-key-Zq9w";
  const std::string body = R"j({"order_id":"BODY-marker-77","status":"paid"})j";
  const absl::Time signed_at = At(kSelfTimestamp);
  const std::string good = Sign(body, key, signed_at);
  std::string decoded;
  ASSERT_TRUE(absl::Base64Unescape(good, &decoded));
  const std::string mac = decoded.substr(decoded.find(':') + 1);
  const std::string tampered_body = absl::StrCat(body, " ");
  const std::string expected_for_tampered = Sign(tampered_body, key, signed_at);
  std::string expected_mac;
  ASSERT_TRUE(absl::Base64Unescape(expected_for_tampered, &expected_mac));
  expected_mac = expected_mac.substr(expected_mac.find(':') + 1);

  const struct {
    std::string header;
    std::string body;
    std::string key;
    absl::Time now;
  } rejected[] = {
      {good, tampered_body, key, signed_at},          // bad signature
      {good, body, "SECRET-key-other", signed_at},    // wrong key
      {good, body, key, signed_at + absl::Hours(2)},  // stale
      {good, body, key, signed_at - absl::Hours(2)},  // future
      {"", body, key, signed_at},                     // malformed
      {Encode(absl::StrCat("1700000000", mac)), body, key, signed_at},
      {Encode(absl::StrCat("1700000000:", mac.substr(2))), body, key,
       signed_at},
      {good, body, "", signed_at},  // misconfigured
  };
  const std::vector<std::string> secrets = {
      key, "SECRET",          "BODY-marker", body,
      mac, mac.substr(0, 16), expected_mac,  expected_mac.substr(0, 16),
      good};
  for (const auto& r : rejected) {
    const absl::Status status =
        VerifyNotificationSignature(r.header, r.body, r.key, r.now, kMaxAge);
    ASSERT_FALSE(status.ok());
    std::string said = std::string(status.message());
    if (const auto info = GetErrorInfo(status); info.has_value()) {
      for (const auto& [name, value] : info->metadata()) {
        absl::StrAppend(&said, " ", name, "=", value);
      }
    }
    for (const std::string& secret : secrets) {
      EXPECT_FALSE(absl::StrContains(said, secret))
          << "'" << said << "' contains a secret";
    }
  }
}

}  // namespace
}  // namespace msp_gateway
