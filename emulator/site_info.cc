// Copyright 2026 The msp-gateway Authors.

#include "emulator/site_info.h"

#include <random>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

struct CodeName {
  int code;
  const char* description;
};

// listSiteCategories.json, in its order.
constexpr CodeName kCategories[] = {
    {999, "Adult"},
    {100, "Gifts and gadgets"},
    {101, "Electronics and computers"},
    {102, "Games"},
    {103, "Health"},
    {104, "House and garden"},
    {105, "Office supplies"},
    {106, "Kids and toys"},
    {107, "Nutrition"},
    {108, "Fashion and care"},
    {109, "Music, movies, and books"},
    {114, "Other"},
    {110, "Sport, leisure, and hobby"},
    {111, "Phone and internet"},
    {112, "Holiday and travel"},
    {113, "Sales and auctions"},
};

struct Issuer {
  const char* code;
  const char* description;
};

constexpr Issuer kMyBankIssuers[] = {
    {"CT000125-it", "Emulator Banca di Prova"},
    {"CT000126-it", "Emulator Banca Popolare"},
    {"CT000127-it", "Emulator Cassa di Risparmio"},
};

}  // namespace

json MeJson() {
  return {
      {"account_id", kAccountId}, {"role", "merchant"}, {"site_id", kSiteId}};
}

json CategoriesJson() {
  json list = json::array();
  for (const CodeName& category : kCategories) {
    list.push_back(
        {{"code", category.code}, {"description", category.description}});
  }
  return list;
}

json ApiTokenJson() {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  thread_local std::mt19937_64 random(std::random_device{}());
  std::uniform_int_distribution<int> pick(0, sizeof(kAlphabet) - 2);
  std::string token(48, '0');
  for (char& c : token) c = kAlphabet[pick(random)];
  return {{"api_token", absl::StrCat("pub.v2.", token)}};
}

std::optional<json> IssuersJson(absl::string_view gateway) {
  if (absl::AsciiStrToUpper(gateway) != "MYBANK") return std::nullopt;
  json list = json::array();
  for (const Issuer& issuer : kMyBankIssuers) {
    list.push_back(
        {{"code", issuer.code}, {"description", issuer.description}});
  }
  return list;
}

}  // namespace msp_emulator
