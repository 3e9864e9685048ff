// Copyright 2026 The msp-gateway Authors.

#include "service/store/order_store_conformance.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "service/store/order_store.h"
#include "service/store/store_test_util.h"

namespace msp_gateway {

void PrintTo(const OrderStoreFactory& factory, std::ostream* out) {
  *out << "OrderStoreFactory{" << factory.name << "}";
}

void OrderStoreConformanceTest::SetUp() {
  ASSERT_TRUE(GetParam().open_fresh) << "the factory has no open_fresh";
  absl::StatusOr<std::unique_ptr<OrderStore>> store = GetParam().open_fresh();
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_NE(*store, nullptr);
  store_ = std::move(*store);
}

std::unique_ptr<OrderStore> OrderStoreConformanceTest::OpenSame() {
  absl::StatusOr<std::unique_ptr<OrderStore>> store = GetParam().open_same();
  if (!store.ok()) {
    ADD_FAILURE() << "open_same: " << store.status();
    return nullptr;
  }
  return std::move(*store);
}

namespace {
using ::msp_gateway::store_testing::AllBytes;
using ::msp_gateway::store_testing::FieldsEqual;
using ::msp_gateway::store_testing::kThreads;
using ::msp_gateway::store_testing::RunAtOnce;

#define SKIP_WITHOUT_OPEN_SAME()                                       \
  if (!GetParam().open_same) {                                         \
    GTEST_SKIP() << "the factory has no open_same: a store cannot be " \
                    "opened twice on one database";                    \
  }

// All test times are whole milliseconds after this one (2026-01-01), so that
// they round-trip exactly; TimesRoundTripAtMillisecondPrecision checks the
// sub-millisecond rule.
constexpr int64_t kBaseMs = 1767225600000;
absl::Time T(int64_t ms) { return absl::FromUnixMillis(kBaseMs + ms); }

ClaimRequest Request(absl::string_view key, int64_t now_ms, int64_t lease_ms) {
  ClaimRequest request;
  request.key = std::string(key);
  request.fingerprint = absl::StrCat("fp:", key);
  request.order_id = absl::StrCat("ord-", key);
  request.request =
      absl::StrCat("{\"status\":\"shipped\",\"key\":\"", key, "\"}");
  request.owner = "replica-a";
  request.now = T(now_ms);
  request.lease_expires = T(lease_ms);
  return request;
}

// A short, printable description (bytes as hex, long ones cut).
std::string Bytes(absl::string_view bytes) {
  constexpr size_t kShown = 24;
  std::string hex = absl::BytesToHexString(bytes.substr(0, kShown));
  return bytes.size() > kShown
             ? absl::StrCat(hex, "... (", bytes.size(), " bytes)")
             : absl::StrCat(hex, " (", bytes.size(), " bytes)");
}

std::string Describe(const OrderRecord& r) {
  return absl::StrCat("{key=", r.key, " fingerprint=", Bytes(r.fingerprint),
                      " order_id=", r.order_id, " request=", Bytes(r.request),
                      " state=", RecordStateName(r.state),
                      " response=", Bytes(r.response), " owner=", r.owner,
                      " lease_expires=", absl::FormatTime(r.lease_expires),
                      " attempts=", r.attempts, " version=", r.version,
                      " created=", absl::FormatTime(r.created),
                      " updated=", absl::FormatTime(r.updated), "}");
}

::testing::AssertionResult SameRecord(const OrderRecord& actual,
                                      const OrderRecord& expected) {
  std::vector<std::string> diffs;
  if (actual.key != expected.key) diffs.push_back("key");
  if (actual.fingerprint != expected.fingerprint)
    diffs.push_back("fingerprint");
  if (actual.order_id != expected.order_id) diffs.push_back("order_id");
  if (actual.request != expected.request) diffs.push_back("request");
  if (actual.state != expected.state) diffs.push_back("state");
  if (actual.response != expected.response) diffs.push_back("response");
  if (actual.owner != expected.owner) diffs.push_back("owner");
  if (actual.lease_expires != expected.lease_expires) {
    diffs.push_back("lease_expires");
  }
  if (actual.attempts != expected.attempts) diffs.push_back("attempts");
  if (actual.version != expected.version) diffs.push_back("version");
  if (actual.created != expected.created) diffs.push_back("created");
  if (actual.updated != expected.updated) diffs.push_back("updated");
  return FieldsEqual(diffs, Describe(actual), Describe(expected));
}

std::vector<std::string> Keys(const std::vector<OrderRecord>& records) {
  std::vector<std::string> keys;
  for (const OrderRecord& record : records) keys.push_back(record.key);
  return keys;
}

// --- Claim ---------------------------------------------------------------

TEST_P(OrderStoreConformanceTest, ClaimInsertsAnInFlightRecord) {
  ClaimRequest request = Request("CreateOrder/ord-1", 10, 30010);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim, store_->Claim(request));
  EXPECT_TRUE(claim.claimed);

  OrderRecord expected;
  expected.key = request.key;
  expected.fingerprint = request.fingerprint;
  expected.order_id = request.order_id;
  expected.request = request.request;
  expected.state = RecordState::kInFlight;
  expected.response = "";
  expected.owner = request.owner;
  expected.lease_expires = request.lease_expires;
  expected.attempts = 0;
  expected.version = 1;
  expected.created = request.now;
  expected.updated = request.now;
  EXPECT_TRUE(SameRecord(claim.record, expected));

  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                                  store_->Get(request.key));
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(SameRecord(*stored, expected));
}

TEST_P(OrderStoreConformanceTest, ClaimOfAnExistingKeyReturnsItUnchanged) {
  ClaimRequest first = Request("CreateOrder/ord-1", 10, 30010);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim, store_->Claim(first));
  ASSERT_TRUE(claim.claimed);
  OrderRecord completed = claim.record;
  completed.state = RecordState::kCompleted;
  completed.response = "the answer";
  completed.attempts = 1;
  completed.updated = T(20);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool updated, store_->Update(completed));
  ASSERT_TRUE(updated);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> before,
                                  store_->Get(first.key));
  ASSERT_TRUE(before.has_value());

  // Another request under the same key: a different fingerprint, order,
  // owner and time; nothing of it may reach the record.
  ClaimRequest second = first;
  second.fingerprint = "another fingerprint";
  second.order_id = "ord-other";
  second.owner = "replica-b";
  second.now = T(40);
  second.lease_expires = T(90000);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult again, store_->Claim(second));
  EXPECT_FALSE(again.claimed);
  EXPECT_TRUE(SameRecord(again.record, *before));
  EXPECT_EQ(again.record.state, RecordState::kCompleted);
  EXPECT_EQ(again.record.version, 2);

  // The identical request is not claimed either.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult identical, store_->Claim(first));
  EXPECT_FALSE(identical.claimed);
  EXPECT_TRUE(SameRecord(identical.record, *before));

  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> after,
                                  store_->Get(first.key));
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(SameRecord(*after, *before));
}

TEST_P(OrderStoreConformanceTest,
       ClaimOfAnExistingInFlightKeyDoesNotTakeItOver) {
  // Even with the first lease long expired, Claim() returns the record as it
  // is: taking over is the caller's Update() at the version it read.
  ClaimRequest first = Request("RefundOrder/req-1", 10, 20);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim, store_->Claim(first));
  ASSERT_TRUE(claim.claimed);
  ClaimRequest late = first;
  late.owner = "replica-b";
  late.now = T(100000);
  late.lease_expires = T(130000);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult again, store_->Claim(late));
  EXPECT_FALSE(again.claimed);
  EXPECT_TRUE(SameRecord(again.record, claim.record));
}

TEST_P(OrderStoreConformanceTest, KeysAreComparedExactly) {
  for (absl::string_view key :
       {"CreateOrder/ord-1", "CreateOrder/ORD-1", "CreateOrder/ord-1 ",
        "CreateOrder/ord-10", "RefundOrder/ord-1"}) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                    store_->Claim(Request(key, 10, 100)));
    EXPECT_TRUE(claim.claimed) << key;
    EXPECT_EQ(claim.record.key, key);
  }
}

// --- Get -------------------------------------------------------------------

TEST_P(OrderStoreConformanceTest, GetOfAnAbsentKeyIsNullopt) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> empty,
                                  store_->Get("CreateOrder/ord-1"));
  EXPECT_FALSE(empty.has_value());

  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      ClaimResult claim, store_->Claim(Request("CreateOrder/ord-1", 1, 2)));
  ASSERT_TRUE(claim.claimed);
  for (absl::string_view key :
       {"CreateOrder/ord-10", "CreateOrder/ord-", "CreateOrder/ord-1\n", ""}) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> other,
                                    store_->Get(key));
    EXPECT_FALSE(other.has_value()) << absl::CEscape(key);
  }
}

// --- Update ------------------------------------------------------------------

TEST_P(OrderStoreConformanceTest,
       UpdateAtTheStoredVersionReplacesTheMutableFields) {
  ClaimRequest request = Request("CreateOrder/ord-1", 10, 30010);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim, store_->Claim(request));
  ASSERT_TRUE(claim.claimed);

  OrderRecord change = claim.record;
  change.state = RecordState::kCompleted;
  change.response = "serialized CreateOrderResponse";
  change.owner = "replica-b";
  change.lease_expires = T(60000);
  change.attempts = 2;
  change.updated = T(500);
  // Not updatable: these must keep their claimed values.
  change.fingerprint = "a different fingerprint";
  change.order_id = "ord-different";
  change.request = "a different request";
  change.created = T(999);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool updated, store_->Update(change));
  EXPECT_TRUE(updated);

  OrderRecord expected = change;
  expected.fingerprint = request.fingerprint;
  expected.order_id = request.order_id;
  expected.request = request.request;
  expected.created = request.now;
  expected.version = 2;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                                  store_->Get(request.key));
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(SameRecord(*stored, expected));
}

TEST_P(OrderStoreConformanceTest, UpdateStoresEveryState) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                  store_->Claim(Request("k", 10, 20)));
  OrderRecord record = claim.record;
  for (RecordState state : {RecordState::kUnknown, RecordState::kAnswerLost,
                            RecordState::kInFlight, RecordState::kCompleted}) {
    record.state = state;
    STORE_TEST_ASSERT_OK_AND_ASSIGN(bool updated, store_->Update(record));
    ASSERT_TRUE(updated) << RecordStateName(state);
    ++record.version;
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                                    store_->Get("k"));
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->state, state) << RecordStateName(state);
  }
}

TEST_P(OrderStoreConformanceTest, EachUpdateBumpsTheVersionByOne) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                  store_->Claim(Request("k", 10, 20)));
  OrderRecord record = claim.record;
  for (int64_t version = 1; version <= 5; ++version) {
    ASSERT_EQ(record.version, version);
    record.attempts = static_cast<int>(version);
    record.updated = T(10 + version);
    STORE_TEST_ASSERT_OK_AND_ASSIGN(bool updated, store_->Update(record));
    ASSERT_TRUE(updated) << "at version " << version;
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                                    store_->Get("k"));
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->version, version + 1);
    EXPECT_EQ(stored->attempts, version);
    record = *stored;
  }
}

TEST_P(OrderStoreConformanceTest, UpdateAtAnotherVersionChangesNothing) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                  store_->Claim(Request("k", 10, 20)));
  OrderRecord first = claim.record;
  first.attempts = 1;
  first.updated = T(30);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool updated, store_->Update(first));
  ASSERT_TRUE(updated);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> before,
                                  store_->Get("k"));
  ASSERT_TRUE(before.has_value());
  ASSERT_EQ(before->version, 2);

  // The version read before the first update (stale), one never stored
  // (ahead), and nonsense.
  for (int64_t version : {int64_t{1}, int64_t{3}, int64_t{0}, int64_t{-1}}) {
    OrderRecord stale = *before;
    stale.version = version;
    stale.state = RecordState::kCompleted;
    stale.response = "must not be stored";
    stale.owner = "replica-b";
    stale.lease_expires = T(99999);
    stale.attempts = 9;
    stale.updated = T(99999);
    STORE_TEST_ASSERT_OK_AND_ASSIGN(bool changed, store_->Update(stale));
    EXPECT_FALSE(changed) << "version " << version;
  }
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> after,
                                  store_->Get("k"));
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(SameRecord(*after, *before));
}

TEST_P(OrderStoreConformanceTest,
       UpdateOfAnAbsentRecordIsFalseAndCreatesNothing) {
  OrderRecord never;
  never.key = "CreateOrder/never";
  never.version = 1;
  never.state = RecordState::kCompleted;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool updated, store_->Update(never));
  EXPECT_FALSE(updated);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> absent,
                                  store_->Get(never.key));
  EXPECT_FALSE(absent.has_value());

  // Released: gone as well.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                  store_->Claim(Request("k", 10, 20)));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool released, store_->Release("k", 1));
  ASSERT_TRUE(released);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool gone, store_->Update(claim.record));
  EXPECT_FALSE(gone);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> still_absent,
                                  store_->Get("k"));
  EXPECT_FALSE(still_absent.has_value());
}

// --- Release -----------------------------------------------------------------

TEST_P(OrderStoreConformanceTest,
       ReleaseAtTheStoredVersionDeletesAndFreesTheKey) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                  store_->Claim(Request("k", 10, 20)));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool released,
                                  store_->Release("k", claim.record.version));
  EXPECT_TRUE(released);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> gone,
                                  store_->Get("k"));
  EXPECT_FALSE(gone.has_value());

  // The key may be used again: a new record, from version 1.
  ClaimRequest again = Request("k", 50, 60);
  again.fingerprint = "the second request";
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult second, store_->Claim(again));
  EXPECT_TRUE(second.claimed);
  EXPECT_EQ(second.record.version, 1);
  EXPECT_EQ(second.record.fingerprint, "the second request");
  EXPECT_EQ(second.record.created, T(50));
}

TEST_P(OrderStoreConformanceTest, ReleaseAfterUpdatesUsesTheLatestVersion) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                  store_->Claim(Request("k", 10, 20)));
  OrderRecord record = claim.record;
  record.state = RecordState::kUnknown;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool updated, store_->Update(record));
  ASSERT_TRUE(updated);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool stale, store_->Release("k", 1));
  EXPECT_FALSE(stale);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool ahead, store_->Release("k", 3));
  EXPECT_FALSE(ahead);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> kept,
                                  store_->Get("k"));
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->version, 2);
  EXPECT_EQ(kept->state, RecordState::kUnknown);

  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool released, store_->Release("k", 2));
  EXPECT_TRUE(released);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool twice, store_->Release("k", 2));
  EXPECT_FALSE(twice);
}

TEST_P(OrderStoreConformanceTest, ReleaseOfAnAbsentKeyIsFalse) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool released, store_->Release("k", 1));
  EXPECT_FALSE(released);
}

TEST_P(OrderStoreConformanceTest, ReleaseTouchesOnlyItsKey) {
  for (absl::string_view key : {"a", "b", "c"}) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                    store_->Claim(Request(key, 10, 20)));
    ASSERT_TRUE(claim.claimed);
  }
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool released, store_->Release("b", 1));
  ASSERT_TRUE(released);
  for (absl::string_view key : {"a", "c"}) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> kept,
                                    store_->Get(key));
    EXPECT_TRUE(kept.has_value()) << key;
  }
}

// --- Bytes ---------------------------------------------------------------

TEST_P(OrderStoreConformanceTest, FingerprintAndResponseAreBinarySafe) {
  ClaimRequest request = Request("CreateOrder/ord-1", 10, 20);
  request.fingerprint = std::string("\0\x01\xff\x80 sha\0256\0", 12);
  ASSERT_EQ(request.fingerprint.size(), 12u);
  request.request = std::string("{\0\xff\x80}", 5);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim, store_->Claim(request));
  EXPECT_EQ(claim.record.fingerprint, request.fingerprint);
  EXPECT_EQ(claim.record.request, request.request)
      << Bytes(claim.record.request);

  OrderRecord record = claim.record;
  record.state = RecordState::kCompleted;
  record.response = std::string("\x0a\x05hello\0\0\xc3\x28\xff\0", 14);
  ASSERT_EQ(record.response.size(), 14u);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool updated, store_->Update(record));
  ASSERT_TRUE(updated);

  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                                  store_->Get(request.key));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->fingerprint, request.fingerprint)
      << Bytes(stored->fingerprint);
  EXPECT_EQ(stored->response, record.response) << Bytes(stored->response);
}

TEST_P(OrderStoreConformanceTest, AOneMebibyteResponseRoundTrips) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                  store_->Claim(Request("k", 10, 20)));
  OrderRecord record = claim.record;
  record.state = RecordState::kCompleted;
  record.response = AllBytes(size_t{1} << 20);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool updated, store_->Update(record));
  ASSERT_TRUE(updated);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                                  store_->Get("k"));
  ASSERT_TRUE(stored.has_value());
  ASSERT_EQ(stored->response.size(), record.response.size());
  EXPECT_TRUE(stored->response == record.response);
}

TEST_P(OrderStoreConformanceTest, EmptyFieldsRoundTripAsEmpty) {
  ClaimRequest request = Request("k", 10, 20);
  request.fingerprint.clear();
  request.order_id.clear();
  request.request.clear();
  request.owner.clear();
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim, store_->Claim(request));
  ASSERT_TRUE(claim.claimed);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                                  store_->Get("k"));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->fingerprint, "");
  EXPECT_EQ(stored->order_id, "");
  EXPECT_EQ(stored->request, "");
  EXPECT_EQ(stored->owner, "");
  EXPECT_EQ(stored->response, "");
}

TEST_P(OrderStoreConformanceTest, AThreeHundredByteKeyRoundTrips) {
  std::string key = absl::StrCat("CreateOrder/", std::string(288, 'x'));
  ASSERT_EQ(key.size(), 300u);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                  store_->Claim(Request(key, 10, 20)));
  EXPECT_TRUE(claim.claimed);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                                  store_->Get(key));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->key, key);
}

// --- Times -------------------------------------------------------------------

TEST_P(OrderStoreConformanceTest, TimesRoundTripAtMillisecondPrecision) {
  // Stored as int64 Unix milliseconds: whole milliseconds come back exactly,
  // anything finer is dropped (rounded down, as absl::ToUnixMillis does).
  ClaimRequest request = Request("k", 0, 0);
  request.now = T(123) + absl::Microseconds(456) + absl::Nanoseconds(789);
  request.lease_expires = T(30123) + absl::Microseconds(999);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim, store_->Claim(request));
  EXPECT_EQ(claim.record.created, T(123));
  EXPECT_EQ(claim.record.updated, T(123));
  EXPECT_EQ(claim.record.lease_expires, T(30123));

  OrderRecord record = claim.record;
  // The Unix epoch (OrderRecord's "no lease") and a far future.
  record.lease_expires = absl::UnixEpoch();
  record.updated = absl::FromCivil(absl::CivilSecond(2100, 12, 31, 23, 59, 59),
                                   absl::UTCTimeZone()) +
                   absl::Milliseconds(999) + absl::Microseconds(1);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool updated, store_->Update(record));
  ASSERT_TRUE(updated);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                                  store_->Get("k"));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->created, T(123));
  EXPECT_EQ(stored->lease_expires, absl::UnixEpoch());
  EXPECT_EQ(stored->updated, record.updated - absl::Microseconds(1));
}

// --- ListNeedingReconciliation
// -------------------------------------------------

// Claims `key` and gives it `state`, `lease` and `updated` (ms after T(0)).
void PutRecord(OrderStore& store, absl::string_view key, RecordState state,
               int64_t lease_ms, int64_t updated_ms) {
  absl::StatusOr<ClaimResult> claim = store.Claim(Request(key, 1, lease_ms));
  ASSERT_TRUE(claim.ok()) << claim.status();
  ASSERT_TRUE(claim->claimed) << key;
  OrderRecord record = claim->record;
  record.state = state;
  record.lease_expires = T(lease_ms);
  record.updated = T(updated_ms);
  absl::StatusOr<bool> updated = store.Update(record);
  ASSERT_TRUE(updated.ok()) << updated.status();
  ASSERT_TRUE(*updated) << key;
}

TEST_P(OrderStoreConformanceTest,
       ListNeedingReconciliationOfAnEmptyStoreIsEmpty) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      std::vector<OrderRecord> records,
      store_->ListNeedingReconciliation(T(1000), 10));
  EXPECT_TRUE(records.empty());
}

TEST_P(OrderStoreConformanceTest,
       ListNeedingReconciliationHasUnknownAndExpiredInFlight) {
  constexpr int64_t kNow = 1000;
  using S = RecordState;
  // Listed: kUnknown whatever its lease, kInFlight with the lease before now.
  PutRecord(*store_, "unknown-live-lease", S::kUnknown, 5000, 400);
  PutRecord(*store_, "in-flight-expired", S::kInFlight, 900, 100);
  PutRecord(*store_, "unknown-no-lease", S::kUnknown, 0, 300);
  PutRecord(*store_, "in-flight-expired-just", S::kInFlight, kNow - 1, 200);
  // Not listed.
  PutRecord(*store_, "in-flight-live", S::kInFlight, 5000, 50);
  PutRecord(*store_, "in-flight-expires-at-now", S::kInFlight, kNow, 60);
  PutRecord(*store_, "completed", S::kCompleted, 10, 70);
  PutRecord(*store_, "answer-lost", S::kAnswerLost, 10, 80);
  if (HasFatalFailure()) return;

  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      std::vector<OrderRecord> records,
      store_->ListNeedingReconciliation(T(kNow), 100));
  // Oldest `updated` first.
  EXPECT_EQ(Keys(records), (std::vector<std::string>{
                               "in-flight-expired", "in-flight-expired-just",
                               "unknown-no-lease", "unknown-live-lease"}));
  // Whole records, as Get() has them.
  for (const OrderRecord& record : records) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                                    store_->Get(record.key));
    ASSERT_TRUE(stored.has_value());
    EXPECT_TRUE(SameRecord(record, *stored));
  }

  // `limit` keeps the oldest.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      std::vector<OrderRecord> two,
      store_->ListNeedingReconciliation(T(kNow), 2));
  EXPECT_EQ(Keys(two), (std::vector<std::string>{"in-flight-expired",
                                                 "in-flight-expired-just"}));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      std::vector<OrderRecord> none,
      store_->ListNeedingReconciliation(T(kNow), 0));
  EXPECT_TRUE(none.empty());

  // Later, the live lease has expired too (and the one that expired at
  // kNow); kCompleted and kAnswerLost never are listed.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      std::vector<OrderRecord> later,
      store_->ListNeedingReconciliation(T(6000), 100));
  EXPECT_EQ(Keys(later), (std::vector<std::string>{
                             "in-flight-live", "in-flight-expires-at-now",
                             "in-flight-expired", "in-flight-expired-just",
                             "unknown-no-lease", "unknown-live-lease"}));
}

TEST_P(OrderStoreConformanceTest,
       ListNeedingReconciliationDoesNotChangeRecords) {
  PutRecord(*store_, "k", RecordState::kUnknown, 0, 10);
  if (HasFatalFailure()) return;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> before,
                                  store_->Get("k"));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      std::vector<OrderRecord> records,
      store_->ListNeedingReconciliation(T(1000), 10));
  ASSERT_EQ(records.size(), 1u);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> after,
                                  store_->Get("k"));
  ASSERT_TRUE(before.has_value() && after.has_value());
  EXPECT_TRUE(SameRecord(*after, *before));
}

// --- PurgeCreatedBefore
// --------------------------------------------------------

TEST_P(OrderStoreConformanceTest,
       PurgeCreatedBeforeDeletesTheOldestFirstInBatches) {
  // Created at T(1)..T(5), in every state; inserted out of order.
  const std::vector<std::pair<std::string, int64_t>> created = {
      {"c3", 3}, {"c1", 1}, {"c5", 5}, {"c2", 2}, {"c4", 4}};
  for (const auto& [key, ms] : created) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                    store_->Claim(Request(key, ms, ms + 10)));
    ASSERT_TRUE(claim.claimed);
  }
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> c1,
                                  store_->Get("c1"));
  ASSERT_TRUE(c1.has_value());
  c1->state = RecordState::kCompleted;
  c1->updated = T(5000);  // A recent update does not keep it.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool updated, store_->Update(*c1));
  ASSERT_TRUE(updated);

  auto present = [this](absl::string_view key) {
    absl::StatusOr<std::optional<OrderRecord>> record = store_->Get(key);
    EXPECT_TRUE(record.ok()) << record.status();
    return record.ok() && record->has_value();
  };

  // Before T(4): c1, c2, c3; two at a time, oldest first.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(size_t first,
                                  store_->PurgeCreatedBefore(T(4), 2));
  EXPECT_EQ(first, 2u);
  EXPECT_FALSE(present("c1"));
  EXPECT_FALSE(present("c2"));
  EXPECT_TRUE(present("c3"));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(size_t second,
                                  store_->PurgeCreatedBefore(T(4), 2));
  EXPECT_EQ(second, 1u);
  EXPECT_FALSE(present("c3"));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(size_t third,
                                  store_->PurgeCreatedBefore(T(4), 2));
  EXPECT_EQ(third, 0u);
  // Created at the cutoff or after: kept.
  EXPECT_TRUE(present("c4"));
  EXPECT_TRUE(present("c5"));
}

TEST_P(OrderStoreConformanceTest, PurgeWithLimitZeroDeletesNothing) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                  store_->Claim(Request("k", 1, 2)));
  ASSERT_TRUE(claim.claimed);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(size_t purged,
                                  store_->PurgeCreatedBefore(T(1000), 0));
  EXPECT_EQ(purged, 0u);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> kept,
                                  store_->Get("k"));
  EXPECT_TRUE(kept.has_value());
}

TEST_P(OrderStoreConformanceTest, PurgeOfAnEmptyStoreIsZero) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(size_t purged,
                                  store_->PurgeCreatedBefore(T(1000), 100));
  EXPECT_EQ(purged, 0u);
}

// --- CountByState, Ping, kind ------------------------------------------------

int64_t CountOf(const absl::flat_hash_map<std::string, int64_t>& counts,
                RecordState state) {
  auto it = counts.find(RecordStateName(state));
  return it == counts.end() ? 0 : it->second;
}

TEST_P(OrderStoreConformanceTest, CountByStateCountsEachState) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(auto empty, store_->CountByState());
  for (const auto& [state, count] : empty) {
    EXPECT_EQ(count, 0) << state;
  }

  using S = RecordState;
  PutRecord(*store_, "f1", S::kInFlight, 10, 10);
  PutRecord(*store_, "f2", S::kInFlight, 10, 10);
  PutRecord(*store_, "f3", S::kInFlight, 10, 10);
  PutRecord(*store_, "c1", S::kCompleted, 10, 10);
  PutRecord(*store_, "c2", S::kCompleted, 10, 10);
  PutRecord(*store_, "u1", S::kUnknown, 10, 10);
  if (HasFatalFailure()) return;

  STORE_TEST_ASSERT_OK_AND_ASSIGN(auto counts, store_->CountByState());
  EXPECT_EQ(CountOf(counts, S::kInFlight), 3);
  EXPECT_EQ(CountOf(counts, S::kCompleted), 2);
  EXPECT_EQ(CountOf(counts, S::kUnknown), 1);
  EXPECT_EQ(CountOf(counts, S::kAnswerLost), 0);
  for (const auto& [state, count] : counts) {
    EXPECT_TRUE(ParseRecordState(state).has_value())
        << "not a state name: " << state;
  }
}

TEST_P(OrderStoreConformanceTest, PingIsOk) {
  EXPECT_TRUE(store_->Ping().ok());
}

TEST_P(OrderStoreConformanceTest, KindIsALowercaseName) {
  // A log field and a metric label ("sqlite", "postgresql").
  const absl::string_view kind = store_->kind();
  EXPECT_FALSE(kind.empty());
  for (char c : kind) {
    EXPECT_TRUE(c >= 'a' && c <= 'z') << kind;
  }
}

// --- Concurrency -------------------------------------------------------------

TEST_P(OrderStoreConformanceTest, ConcurrentClaimsOfOneKeyHaveOneWinner) {
  // Several rounds: a race that is lost only sometimes still shows.
  for (int round = 0; round < 10; ++round) {
    const std::string key = absl::StrCat("CreateOrder/race-", round);
    std::vector<absl::StatusOr<ClaimResult>> results(kThreads);
    RunAtOnce(kThreads, [&](int i) {
      ClaimRequest request = Request(key, 10, 20);
      request.owner = absl::StrCat("replica-", i);
      request.fingerprint = absl::StrCat("fingerprint-", i);
      results[i] = store_->Claim(request);
    });
    int winners = 0;
    std::string winner_owner;
    for (const absl::StatusOr<ClaimResult>& result : results) {
      ASSERT_TRUE(result.ok()) << result.status();
      if (result->claimed) {
        ++winners;
        winner_owner = result->record.owner;
      }
    }
    ASSERT_EQ(winners, 1) << key;
    for (const absl::StatusOr<ClaimResult>& result : results) {
      EXPECT_EQ(result->record.owner, winner_owner);
      EXPECT_EQ(result->record.fingerprint,
                absl::StrCat("fingerprint-",
                             winner_owner.substr(sizeof("replica-") - 1)));
      EXPECT_EQ(result->record.version, 1);
    }
  }
}

TEST_P(OrderStoreConformanceTest, ConcurrentUpdatesOfOneVersionHaveOneWinner) {
  for (int round = 0; round < 10; ++round) {
    const std::string key = absl::StrCat("CreateOrder/race-", round);
    STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                    store_->Claim(Request(key, 10, 20)));
    ASSERT_TRUE(claim.claimed);
    std::vector<absl::StatusOr<bool>> results(kThreads);
    RunAtOnce(kThreads, [&](int i) {
      OrderRecord record = claim.record;  // Everyone read version 1.
      record.owner = absl::StrCat("replica-", i);
      record.attempts = i + 1;
      results[i] = store_->Update(record);
    });
    int winner = -1;
    for (int i = 0; i < kThreads; ++i) {
      ASSERT_TRUE(results[i].ok()) << results[i].status();
      if (*results[i]) {
        EXPECT_EQ(winner, -1) << "two updates at one version succeeded";
        winner = i;
      }
    }
    ASSERT_NE(winner, -1) << "no update succeeded";
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                                    store_->Get(key));
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->version, 2);
    EXPECT_EQ(stored->attempts, winner + 1);
    EXPECT_EQ(stored->owner, absl::StrCat("replica-", winner));
  }
}

TEST_P(OrderStoreConformanceTest, ConcurrentReleasesOfOneVersionHaveOneWinner) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                  store_->Claim(Request("k", 10, 20)));
  ASSERT_TRUE(claim.claimed);
  std::atomic<int> released{0};
  std::atomic<int> errors{0};
  RunAtOnce(kThreads, [&](int) {
    absl::StatusOr<bool> result = store_->Release("k", 1);
    if (!result.ok()) {
      ++errors;
    } else if (*result) {
      ++released;
    }
  });
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(released.load(), 1);
}

TEST_P(OrderStoreConformanceTest, ConcurrentClaimsOfDistinctKeysAllSucceed) {
  constexpr int kKeysPerThread = 25;
  std::atomic<int> claimed{0};
  std::atomic<int> failures{0};
  RunAtOnce(kThreads, [&](int i) {
    for (int k = 0; k < kKeysPerThread; ++k) {
      absl::StatusOr<ClaimResult> result =
          store_->Claim(Request(absl::StrCat("t", i, "-k", k), 10, 20));
      if (!result.ok()) {
        ++failures;
      } else if (result->claimed) {
        ++claimed;
      }
    }
  });
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(claimed.load(), kThreads * kKeysPerThread);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(auto counts, store_->CountByState());
  EXPECT_EQ(CountOf(counts, RecordState::kInFlight), kThreads * kKeysPerThread);
}

// --- A second store on the same database
// ---------------------------------------

TEST_P(OrderStoreConformanceTest, ASecondStoreSeesTheFirstStoresRecords) {
  SKIP_WITHOUT_OPEN_SAME();
  std::unique_ptr<OrderStore> other = OpenSame();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->kind(), store_->kind());

  ClaimRequest request = Request("CreateOrder/ord-1", 10, 20);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim, store_->Claim(request));
  ASSERT_TRUE(claim.claimed);

  // The other sees it, and cannot claim it.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> seen,
                                  other->Get(request.key));
  ASSERT_TRUE(seen.has_value());
  EXPECT_TRUE(SameRecord(*seen, claim.record));
  ClaimRequest other_request = request;
  other_request.owner = "replica-b";
  STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult other_claim,
                                  other->Claim(other_request));
  EXPECT_FALSE(other_claim.claimed);
  EXPECT_EQ(other_claim.record.owner, "replica-a");

  // The other takes over (its lease expired); the first's next Update()
  // at the version it read is refused.
  OrderRecord takeover = *seen;
  takeover.owner = "replica-b";
  takeover.state = RecordState::kUnknown;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool taken, other->Update(takeover));
  ASSERT_TRUE(taken);
  OrderRecord late = claim.record;
  late.state = RecordState::kCompleted;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool refused, store_->Update(late));
  EXPECT_FALSE(refused);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> now_first,
                                  store_->Get(request.key));
  ASSERT_TRUE(now_first.has_value());
  EXPECT_EQ(now_first->owner, "replica-b");
  EXPECT_EQ(now_first->version, 2);

  // Lists and counts see the other's change.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<OrderRecord> listed,
                                  store_->ListNeedingReconciliation(T(30), 10));
  EXPECT_EQ(Keys(listed), std::vector<std::string>{request.key});
  STORE_TEST_ASSERT_OK_AND_ASSIGN(auto counts, other->CountByState());
  EXPECT_EQ(CountOf(counts, RecordState::kUnknown), 1);

  // Released by the first, gone for the other.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool released,
                                  store_->Release(request.key, 2));
  ASSERT_TRUE(released);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> gone,
                                  other->Get(request.key));
  EXPECT_FALSE(gone.has_value());
}

TEST_P(OrderStoreConformanceTest,
       ConcurrentClaimsThroughTwoStoresHaveOneWinner) {
  SKIP_WITHOUT_OPEN_SAME();
  std::unique_ptr<OrderStore> other = OpenSame();
  ASSERT_NE(other, nullptr);
  for (int round = 0; round < 10; ++round) {
    const std::string key = absl::StrCat("CreateOrder/race-", round);
    std::vector<absl::StatusOr<ClaimResult>> results(kThreads);
    RunAtOnce(kThreads, [&](int i) {
      ClaimRequest request = Request(key, 10, 20);
      request.owner = absl::StrCat("replica-", i);
      results[i] = (i % 2 == 0 ? store_ : other)->Claim(request);
    });
    int winners = 0;
    for (const absl::StatusOr<ClaimResult>& result : results) {
      ASSERT_TRUE(result.ok()) << result.status();
      if (result->claimed) ++winners;
    }
    EXPECT_EQ(winners, 1) << key;
  }
}

TEST_P(OrderStoreConformanceTest,
       ConcurrentUpdatesThroughTwoStoresHaveOneWinner) {
  SKIP_WITHOUT_OPEN_SAME();
  std::unique_ptr<OrderStore> other = OpenSame();
  ASSERT_NE(other, nullptr);
  for (int round = 0; round < 10; ++round) {
    const std::string key = absl::StrCat("CreateOrder/race-", round);
    STORE_TEST_ASSERT_OK_AND_ASSIGN(ClaimResult claim,
                                    store_->Claim(Request(key, 10, 20)));
    std::vector<absl::StatusOr<bool>> results(kThreads);
    RunAtOnce(kThreads, [&](int i) {
      OrderRecord record = claim.record;
      record.attempts = i + 1;
      results[i] = (i % 2 == 0 ? store_ : other)->Update(record);
    });
    int winners = 0;
    for (const absl::StatusOr<bool>& result : results) {
      ASSERT_TRUE(result.ok()) << result.status();
      if (*result) ++winners;
    }
    EXPECT_EQ(winners, 1) << key;
  }
}

TEST_P(OrderStoreConformanceTest, RecordsSurviveClosingAndReopening) {
  SKIP_WITHOUT_OPEN_SAME();
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      ClaimResult claim, store_->Claim(Request("CreateOrder/ord-1", 10, 20)));
  OrderRecord completed = claim.record;
  completed.state = RecordState::kCompleted;
  completed.response = AllBytes(4096);
  completed.attempts = 1;
  completed.updated = T(15);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool updated, store_->Update(completed));
  ASSERT_TRUE(updated);
  store_.reset();  // The process is restarted.

  store_ = OpenSame();
  ASSERT_NE(store_, nullptr);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                                  store_->Get("CreateOrder/ord-1"));
  ASSERT_TRUE(stored.has_value());
  OrderRecord expected = completed;
  expected.version = 2;
  EXPECT_TRUE(SameRecord(*stored, expected));
}

}  // namespace
}  // namespace msp_gateway
