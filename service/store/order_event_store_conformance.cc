// Copyright 2026 The msp-gateway Authors.

#include "service/store/order_event_store_conformance.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "service/store/order_event_store.h"
#include "service/store/store_test_util.h"

namespace msp_gateway {

void PrintTo(const OrderEventStoreFactory& factory, std::ostream* out) {
  *out << "OrderEventStoreFactory{" << factory.name << "}";
}

void OrderEventStoreConformanceTest::SetUp() {
  ASSERT_TRUE(GetParam().open_fresh) << "the factory has no open_fresh";
  absl::StatusOr<std::unique_ptr<OrderEventStore>> store =
      GetParam().open_fresh();
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_NE(*store, nullptr);
  store_ = std::move(*store);
}

std::unique_ptr<OrderEventStore> OrderEventStoreConformanceTest::OpenSame() {
  absl::StatusOr<std::unique_ptr<OrderEventStore>> store =
      GetParam().open_same();
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
using ::msp_gateway::store_testing::WakeCounter;

#define SKIP_WITHOUT_OPEN_SAME()                                       \
  if (!GetParam().open_same) {                                         \
    GTEST_SKIP() << "the factory has no open_same: a store cannot be " \
                    "opened twice on one database";                    \
  }

using Change = absl::StatusOr<std::optional<OrderStateChange>>;

// Whole milliseconds after 2026-01-01, so that they round-trip exactly.
constexpr int64_t kBaseMs = 1767225600000;
absl::Time T(int64_t ms) { return absl::FromUnixMillis(kBaseMs + ms); }

// How long a test waits for something that should happen "soon".
constexpr absl::Duration kPatience = absl::Seconds(20);

OrderState State(absl::string_view order_id, absl::string_view bytes) {
  OrderState state;
  state.order_id = std::string(order_id);
  state.state = std::string(bytes);
  state.created_by_gateway = true;
  return state;
}

// A decider that writes `state` (and appends `event`) whatever is stored.
OrderStateDecider Write(OrderState state,
                        std::optional<std::string> event = std::nullopt) {
  return [state = std::move(state),
          event = std::move(event)](const std::optional<OrderState>&) {
    OrderStateChange change;
    change.state = state;
    change.event = event;
    return Change(std::optional<OrderStateChange>(std::move(change)));
  };
}

// Writes a state with an event at T(now_ms); the cursor.
absl::StatusOr<int64_t> Append(OrderEventStore& store,
                               absl::string_view order_id,
                               absl::string_view event, int64_t now_ms,
                               absl::string_view state = "s") {
  absl::StatusOr<ApplyOrderChangeResult> result = store.ApplyOrderChange(
      order_id, T(now_ms), Write(State(order_id, state), std::string(event)));
  if (!result.ok()) return result.status();
  if (!result->written || !result->cursor.has_value()) {
    return absl::InternalError("the append was not written");
  }
  return *result->cursor;
}

std::string Bytes(absl::string_view bytes) {
  constexpr size_t kShown = 24;
  std::string hex = absl::BytesToHexString(bytes.substr(0, kShown));
  return bytes.size() > kShown
             ? absl::StrCat(hex, "... (", bytes.size(), " bytes)")
             : absl::StrCat(hex, " (", bytes.size(), " bytes)");
}

std::string Describe(const OrderState& s) {
  return absl::StrCat(
      "{order_id=", s.order_id, " state=", Bytes(s.state), " final=", s.final,
      " created_by_gateway=", s.created_by_gateway,
      " next_poll=", absl::FormatTime(s.next_poll),
      " poll_attempts=", s.poll_attempts, " version=", s.version,
      " created=", absl::FormatTime(s.created),
      " updated=", absl::FormatTime(s.updated), "}");
}

::testing::AssertionResult SameState(const OrderState& actual,
                                     const OrderState& expected) {
  std::vector<std::string> diffs;
  if (actual.order_id != expected.order_id) diffs.push_back("order_id");
  if (actual.state != expected.state) diffs.push_back("state");
  if (actual.final != expected.final) diffs.push_back("final");
  if (actual.created_by_gateway != expected.created_by_gateway) {
    diffs.push_back("created_by_gateway");
  }
  if (actual.next_poll != expected.next_poll) diffs.push_back("next_poll");
  if (actual.poll_attempts != expected.poll_attempts) {
    diffs.push_back("poll_attempts");
  }
  if (actual.version != expected.version) diffs.push_back("version");
  if (actual.created != expected.created) diffs.push_back("created");
  if (actual.updated != expected.updated) diffs.push_back("updated");
  return FieldsEqual(diffs, Describe(actual), Describe(expected));
}

std::vector<int64_t> Cursors(const std::vector<StoredOrderEvent>& events) {
  std::vector<int64_t> cursors;
  for (const StoredOrderEvent& event : events) cursors.push_back(event.cursor);
  return cursors;
}

std::vector<std::string> Payloads(const std::vector<StoredOrderEvent>& events) {
  std::vector<std::string> payloads;
  for (const StoredOrderEvent& event : events) payloads.push_back(event.event);
  return payloads;
}

std::vector<std::string> OrderIds(const std::vector<OrderState>& states) {
  std::vector<std::string> ids;
  for (const OrderState& state : states) ids.push_back(state.order_id);
  return ids;
}

// --- ApplyOrderChange --------------------------------------------------------

TEST_P(OrderEventStoreConformanceTest, ApplyToANewOrderWritesStateAndEvent) {
  OrderState state = State("ord-1", "state v1");
  state.final = false;
  state.created_by_gateway = false;
  state.next_poll = T(600000);
  state.poll_attempts = 2;
  state.version = 77;        // Ignored,
  state.created = T(99999);  // ignored,
  state.updated = T(99999);  // ignored.
  int calls = 0;
  std::optional<OrderState> seen = State("x", "not called");
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      ApplyOrderChangeResult result,
      store_->ApplyOrderChange(
          "ord-1", T(10), [&](const std::optional<OrderState>& current) {
            ++calls;
            seen = current;
            OrderStateChange change;
            change.state = state;
            change.event = "event 1";
            return Change(std::optional<OrderStateChange>(change));
          }));
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(seen.has_value()) << "the decider saw " << Describe(*seen);
  EXPECT_TRUE(result.written);
  ASSERT_TRUE(result.cursor.has_value());
  EXPECT_GT(*result.cursor, 0);

  OrderState expected = state;
  expected.version = 1;
  expected.created = T(10);
  expected.updated = T(10);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> stored,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(SameState(*stored, expected));

  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> events,
                                  store_->ReadEvents(0, {}, 100));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].cursor, *result.cursor);
  EXPECT_EQ(events[0].order_id, "ord-1");
  EXPECT_EQ(events[0].event, "event 1");
  EXPECT_EQ(events[0].appended, T(10));
}

TEST_P(OrderEventStoreConformanceTest,
       ApplyToAnExistingOrderSeesItAndBumpsTheVersion) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      int64_t first, Append(*store_, "ord-1", "e1", 10, "state v1"));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> before,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(before.has_value());

  std::optional<OrderState> seen;
  OrderState next = State("ord-1", "state v2");
  next.final = true;
  next.created_by_gateway = false;
  next.next_poll = absl::InfiniteFuture();
  next.poll_attempts = 5;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      ApplyOrderChangeResult result,
      store_->ApplyOrderChange(
          "ord-1", T(20), [&](const std::optional<OrderState>& current) {
            seen = current;
            OrderStateChange change;
            change.state = next;
            change.event = "e2";
            return Change(std::optional<OrderStateChange>(change));
          }));
  ASSERT_TRUE(seen.has_value());
  EXPECT_TRUE(SameState(*seen, *before));
  EXPECT_TRUE(result.written);
  ASSERT_TRUE(result.cursor.has_value());
  EXPECT_GT(*result.cursor, first);

  OrderState expected = next;
  expected.version = 2;
  expected.created = T(10);  // Kept.
  expected.updated = T(20);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> stored,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(SameState(*stored, expected));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> events,
                                  store_->ReadEvents(0, {}, 100));
  EXPECT_EQ(Payloads(events), (std::vector<std::string>{"e1", "e2"}));
  EXPECT_EQ(Cursors(events), (std::vector<int64_t>{first, *result.cursor}));
}

TEST_P(OrderEventStoreConformanceTest, ADeciderReturningNulloptWritesNothing) {
  auto nothing = [](const std::optional<OrderState>&) {
    return Change(std::optional<OrderStateChange>());
  };
  // A new order.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      ApplyOrderChangeResult none,
      store_->ApplyOrderChange("ord-1", T(10), nothing));
  EXPECT_FALSE(none.written);
  EXPECT_FALSE(none.cursor.has_value());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> absent,
                                  store_->GetOrderState("ord-1"));
  EXPECT_FALSE(absent.has_value());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(EventCursorRange empty,
                                  store_->EventCursors());
  EXPECT_EQ(empty.oldest, 0);
  EXPECT_EQ(empty.newest, 0);

  // An existing one.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t cursor,
                                  Append(*store_, "ord-1", "e1", 10));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> before,
                                  store_->GetOrderState("ord-1"));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      ApplyOrderChangeResult again,
      store_->ApplyOrderChange("ord-1", T(50), nothing));
  EXPECT_FALSE(again.written);
  EXPECT_FALSE(again.cursor.has_value());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> after,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(before.has_value() && after.has_value());
  EXPECT_TRUE(SameState(*after, *before));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> events,
                                  store_->ReadEvents(0, {}, 100));
  EXPECT_EQ(Cursors(events), std::vector<int64_t>{cursor});
}

TEST_P(OrderEventStoreConformanceTest, ADeciderErrorAbortsAndIsReturned) {
  const absl::Status refusal = absl::FailedPreconditionError("not today");
  int calls = 0;
  auto fail = [&](const std::optional<OrderState>&) {
    ++calls;
    return Change(refusal);
  };
  absl::StatusOr<ApplyOrderChangeResult> failed =
      store_->ApplyOrderChange("ord-1", T(10), fail);
  EXPECT_EQ(failed.status(), refusal);
  EXPECT_EQ(calls, 1);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> absent,
                                  store_->GetOrderState("ord-1"));
  EXPECT_FALSE(absent.has_value());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      std::vector<OrderState> due,
      store_->ListOrdersToPoll(absl::InfiniteFuture(), 100));
  EXPECT_TRUE(due.empty());

  STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t cursor,
                                  Append(*store_, "ord-1", "e1", 10));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> before,
                                  store_->GetOrderState("ord-1"));
  failed = store_->ApplyOrderChange("ord-1", T(20), fail);
  EXPECT_EQ(failed.status(), refusal);
  EXPECT_EQ(calls, 2);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> after,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(before.has_value() && after.has_value());
  EXPECT_TRUE(SameState(*after, *before));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(EventCursorRange range,
                                  store_->EventCursors());
  EXPECT_EQ(range.newest, cursor);

  // The store still works (no transaction left open).
  STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t next,
                                  Append(*store_, "ord-1", "e2", 30));
  EXPECT_GT(next, cursor);
}

TEST_P(OrderEventStoreConformanceTest, AStateIsWrittenWithoutAnEvent) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t cursor,
                                  Append(*store_, "ord-1", "e1", 10));
  OrderState quiet = State("ord-1", "polled, no news");
  quiet.next_poll = T(5000);
  quiet.poll_attempts = 1;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      ApplyOrderChangeResult result,
      store_->ApplyOrderChange("ord-1", T(20), Write(quiet, std::nullopt)));
  EXPECT_TRUE(result.written);
  EXPECT_FALSE(result.cursor.has_value());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> stored,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(stored.has_value());
  OrderState expected = quiet;
  expected.version = 2;
  expected.created = T(10);
  expected.updated = T(20);
  EXPECT_TRUE(SameState(*stored, expected));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> events,
                                  store_->ReadEvents(0, {}, 100));
  EXPECT_EQ(Cursors(events), std::vector<int64_t>{cursor});
  STORE_TEST_ASSERT_OK_AND_ASSIGN(EventCursorRange range,
                                  store_->EventCursors());
  EXPECT_EQ(range.newest, cursor);

  // A new order may start without an event too.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      ApplyOrderChangeResult fresh,
      store_->ApplyOrderChange("ord-2", T(30),
                               Write(State("ord-2", "s"), std::nullopt)));
  EXPECT_TRUE(fresh.written);
  EXPECT_FALSE(fresh.cursor.has_value());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> second,
                                  store_->GetOrderState("ord-2"));
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->version, 1);
}

TEST_P(OrderEventStoreConformanceTest, CursorsStrictlyIncrease) {
  std::vector<int64_t> cursors;
  std::vector<std::string> payloads;
  for (int i = 0; i < 30; ++i) {
    const std::string order_id = absl::StrCat("ord-", i % 4);
    const std::string event = absl::StrCat("e", i);
    STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t cursor,
                                    Append(*store_, order_id, event, 10 + i));
    if (!cursors.empty()) {
      EXPECT_GT(cursor, cursors.back());
    }
    cursors.push_back(cursor);
    payloads.push_back(event);
  }
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> events,
                                  store_->ReadEvents(0, {}, 100));
  EXPECT_EQ(Cursors(events), cursors);
  EXPECT_EQ(Payloads(events), payloads);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].order_id, absl::StrCat("ord-", i % 4));
    EXPECT_EQ(events[i].appended, T(10 + static_cast<int64_t>(i)));
  }
}

TEST_P(OrderEventStoreConformanceTest, BadArgumentsAreRefusedAndWriteNothing) {
  int calls = 0;
  auto counted = [&](const std::optional<OrderState>& current) {
    ++calls;
    return Write(State("x", "s"), "e")(current);
  };
  for (const std::string& bad : {std::string(), std::string(301, 'o')}) {
    absl::StatusOr<ApplyOrderChangeResult> refused =
        store_->ApplyOrderChange(bad, T(10), counted);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument)
        << bad.size() << ": " << refused.status();
  }
  EXPECT_EQ(calls, 0);

  // The decider names another order.
  absl::StatusOr<ApplyOrderChangeResult> other =
      store_->ApplyOrderChange("ord-1", T(10), Write(State("ord-2", "s"), "e"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument)
      << other.status();
  for (const char* id : {"ord-1", "ord-2"}) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> absent,
                                    store_->GetOrderState(id));
    EXPECT_FALSE(absent.has_value()) << id;
  }
  STORE_TEST_ASSERT_OK_AND_ASSIGN(EventCursorRange range,
                                  store_->EventCursors());
  EXPECT_EQ(range.newest, 0);

  // 300 bytes is fine.
  const std::string longest(kMaxOrderIdBytes, 'o');
  STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t cursor,
                                  Append(*store_, longest, "e", 10));
  EXPECT_GT(cursor, 0);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> stored,
                                  store_->GetOrderState(longest));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->order_id, longest);

  // Too many order ids to filter on.
  std::vector<std::string> many(kMaxReadEventsOrderIds + 1, "ord-1");
  EXPECT_EQ(store_->ReadEvents(0, many, 10).status().code(),
            absl::StatusCode::kInvalidArgument);
  many.resize(kMaxReadEventsOrderIds);
  EXPECT_TRUE(store_->ReadEvents(0, many, 10).ok());
}

TEST_P(OrderEventStoreConformanceTest, StatesAndEventsAreBinarySafe) {
  const std::string state = AllBytes(256 * 1024);
  const std::string event = AllBytes(4096).substr(7);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t cursor,
                                  Append(*store_, "ord-1", event, 10, state));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> stored,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->state, state) << Bytes(stored->state);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> events,
                                  store_->ReadEvents(0, {}, 10));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].cursor, cursor);
  EXPECT_EQ(events[0].event, event) << Bytes(events[0].event);

  // Empty bytes stay empty (not NULL, not missing).
  STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t empty_cursor,
                                  Append(*store_, "ord-2", "", 20, ""));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> empty,
                                  store_->ReadEvents(cursor, {}, 10));
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].cursor, empty_cursor);
  EXPECT_EQ(empty[0].event, "");
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> empty_state,
                                  store_->GetOrderState("ord-2"));
  ASSERT_TRUE(empty_state.has_value());
  EXPECT_EQ(empty_state->state, "");

  // Order ids are compared exactly.
  for (const char* id : {"ORD-1", "ord-1 ", "ord-", "ord-10"}) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> other,
                                    store_->GetOrderState(id));
    EXPECT_FALSE(other.has_value()) << absl::CEscape(id);
  }
}

TEST_P(OrderEventStoreConformanceTest, TimesAreKeptToTheMillisecond) {
  const absl::Time now = T(10) + absl::Microseconds(999);
  OrderState state = State("ord-1", "s");
  state.next_poll = T(5000) + absl::Microseconds(500);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      ApplyOrderChangeResult result,
      store_->ApplyOrderChange("ord-1", now, Write(state, "e")));
  ASSERT_TRUE(result.cursor.has_value());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> stored,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->created, T(10));
  EXPECT_EQ(stored->updated, T(10));
  EXPECT_EQ(stored->next_poll, T(5000));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> events,
                                  store_->ReadEvents(0, {}, 10));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].appended, T(10));

  // "Never" reads back as never.
  state.next_poll = absl::InfiniteFuture();
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      ApplyOrderChangeResult never,
      store_->ApplyOrderChange("ord-1", T(20), Write(state, std::nullopt)));
  ASSERT_TRUE(never.written);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(stored, store_->GetOrderState("ord-1"));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->next_poll, absl::InfiniteFuture());
}

// --- ReadEvents --------------------------------------------------------------

TEST_P(OrderEventStoreConformanceTest, ReadEventsAfterACursorWithALimit) {
  std::vector<int64_t> cursors;
  for (int i = 0; i < 10; ++i) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(
        int64_t cursor,
        Append(*store_, absl::StrCat("ord-", i % 3), absl::StrCat("e", i), i));
    cursors.push_back(cursor);
  }
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> after3,
                                  store_->ReadEvents(cursors[3], {}, 100));
  EXPECT_EQ(Cursors(after3),
            std::vector<int64_t>(cursors.begin() + 4, cursors.end()));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> limited,
                                  store_->ReadEvents(cursors[3], {}, 2));
  EXPECT_EQ(Cursors(limited), (std::vector<int64_t>{cursors[4], cursors[5]}));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> none,
                                  store_->ReadEvents(cursors[3], {}, 0));
  EXPECT_TRUE(none.empty());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> after_last,
                                  store_->ReadEvents(cursors.back(), {}, 100));
  EXPECT_TRUE(after_last.empty());
  // A cursor between two stored ones, and one before every cursor.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> all,
                                  store_->ReadEvents(-5, {}, 100));
  EXPECT_EQ(Cursors(all), cursors);
  // Paging through in small batches sees everything once.
  std::vector<int64_t> paged;
  int64_t last = 0;
  for (int page = 0; page < 20; ++page) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> batch,
                                    store_->ReadEvents(last, {}, 3));
    if (batch.empty()) break;
    EXPECT_LE(batch.size(), 3u);
    for (const StoredOrderEvent& event : batch) paged.push_back(event.cursor);
    last = batch.back().cursor;
  }
  EXPECT_EQ(paged, cursors);
}

TEST_P(OrderEventStoreConformanceTest, ReadEventsFiltersByOrderIds) {
  // e0 a, e1 b, e2 c, e3 a, e4 b, e5 c, ...
  const char* const ids[] = {"a", "b", "c"};
  std::map<std::string, std::vector<int64_t>> by_order;
  std::vector<int64_t> cursors;
  for (int i = 0; i < 12; ++i) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(
        int64_t cursor, Append(*store_, ids[i % 3], absl::StrCat("e", i), i));
    by_order[ids[i % 3]].push_back(cursor);
    cursors.push_back(cursor);
  }
  const std::vector<std::string> a_and_c = {"c", "a"};
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> filtered,
                                  store_->ReadEvents(0, a_and_c, 100));
  std::vector<int64_t> expected;
  for (int i = 0; i < 12; ++i) {
    if (i % 3 != 1) expected.push_back(cursors[i]);
  }
  EXPECT_EQ(Cursors(filtered), expected);
  for (const StoredOrderEvent& event : filtered) {
    EXPECT_NE(event.order_id, "b");
  }

  // After a cursor, with a limit: the limit counts the matching events.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> page,
                                  store_->ReadEvents(cursors[2], a_and_c, 3));
  EXPECT_EQ(Cursors(page),
            (std::vector<int64_t>{cursors[3], cursors[5], cursors[6]}));

  // One order, repeated in the filter.
  const std::vector<std::string> b_twice = {"b", "b"};
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> only_b,
                                  store_->ReadEvents(0, b_twice, 100));
  EXPECT_EQ(Cursors(only_b), by_order["b"]);

  // Unknown orders (and prefixes of known ones) match nothing.
  const std::vector<std::string> unknown = {"d", "", "aa", "A"};
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> nothing,
                                  store_->ReadEvents(0, unknown, 100));
  EXPECT_TRUE(nothing.empty());
}

// --- EventCursors ------------------------------------------------------------

TEST_P(OrderEventStoreConformanceTest, EventCursorsFollowAppendsAndPurges) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(EventCursorRange empty,
                                  store_->EventCursors());
  EXPECT_EQ(empty.oldest, 0);
  EXPECT_EQ(empty.newest, 0);

  std::vector<int64_t> cursors;
  for (int i = 0; i < 5; ++i) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(
        int64_t cursor, Append(*store_, "ord-1", "e", 10 * (i + 1)));
    cursors.push_back(cursor);
  }
  STORE_TEST_ASSERT_OK_AND_ASSIGN(EventCursorRange some,
                                  store_->EventCursors());
  EXPECT_EQ(some.oldest, cursors.front());
  EXPECT_EQ(some.newest, cursors.back());

  // Appended at 10 and 20 (before 25); the order state is recent (T(50)).
  STORE_TEST_ASSERT_OK_AND_ASSIGN(size_t purged,
                                  store_->PurgeEventsBefore(T(25), 100));
  EXPECT_EQ(purged, 2u);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(EventCursorRange fewer,
                                  store_->EventCursors());
  EXPECT_EQ(fewer.oldest, cursors[2]);
  EXPECT_EQ(fewer.newest, cursors.back());

  // Everything (events and the state): nothing is stored, nothing is lost
  // for a reader at `newest`.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(size_t rest,
                                  store_->PurgeEventsBefore(T(1000), 100));
  EXPECT_EQ(rest, 4u);  // 3 events, 1 state.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(EventCursorRange none,
                                  store_->EventCursors());
  EXPECT_EQ(none.newest, cursors.back());
  EXPECT_EQ(none.oldest, cursors.back() + 1);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> gone,
                                  store_->ReadEvents(0, {}, 100));
  EXPECT_TRUE(gone.empty());

  // The counter never goes back.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t next,
                                  Append(*store_, "ord-2", "e", 2000));
  EXPECT_GT(next, cursors.back());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(EventCursorRange again,
                                  store_->EventCursors());
  EXPECT_EQ(again.oldest, next);
  EXPECT_EQ(again.newest, next);
}

// --- ListOrdersToPoll and SchedulePoll ---------------------------------------

// Writes `order_id` with a poll schedule (no event).
absl::Status PutPolled(OrderEventStore& store, absl::string_view order_id,
                       absl::Time next_poll, bool final, int64_t now_ms = 1) {
  OrderState state = State(order_id, absl::StrCat("state of ", order_id));
  state.next_poll = next_poll;
  state.final = final;
  state.poll_attempts = 3;
  return store.ApplyOrderChange(order_id, T(now_ms), Write(state, std::nullopt))
      .status();
}

TEST_P(OrderEventStoreConformanceTest, ListOrdersToPollEarliestFirst) {
  constexpr int64_t kNow = 1000;
  // Inserted out of order.
  ASSERT_TRUE(PutPolled(*store_, "due-late", T(kNow - 10), false).ok());
  ASSERT_TRUE(PutPolled(*store_, "due-at-now", T(kNow), false).ok());
  ASSERT_TRUE(PutPolled(*store_, "final", T(kNow - 500), true).ok());
  ASSERT_TRUE(PutPolled(*store_, "due-early", T(kNow - 300), false).ok());
  ASSERT_TRUE(PutPolled(*store_, "not-yet", T(kNow + 1), false).ok());
  ASSERT_TRUE(PutPolled(*store_, "never", absl::InfiniteFuture(), false).ok());
  ASSERT_TRUE(PutPolled(*store_, "due-middle", T(kNow - 200), false).ok());

  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<OrderState> due,
                                  store_->ListOrdersToPoll(T(kNow), 100));
  EXPECT_EQ(OrderIds(due),
            (std::vector<std::string>{"due-early", "due-middle", "due-late",
                                      "due-at-now"}));
  for (const OrderState& state : due) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> stored,
                                    store_->GetOrderState(state.order_id));
    ASSERT_TRUE(stored.has_value());
    EXPECT_TRUE(SameState(state, *stored));
  }
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<OrderState> two,
                                  store_->ListOrdersToPoll(T(kNow), 2));
  EXPECT_EQ(OrderIds(two),
            (std::vector<std::string>{"due-early", "due-middle"}));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<OrderState> zero,
                                  store_->ListOrdersToPoll(T(kNow), 0));
  EXPECT_TRUE(zero.empty());
  // Far later: "not-yet" too; never "final" nor "never".
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      std::vector<OrderState> later,
      store_->ListOrdersToPoll(T(kNow + 100000), 100));
  EXPECT_EQ(OrderIds(later),
            (std::vector<std::string>{"due-early", "due-middle", "due-late",
                                      "due-at-now", "not-yet"}));

  // Becoming final takes an order off the list.
  ASSERT_TRUE(PutPolled(*store_, "due-early", T(kNow - 300), true, 2).ok());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<OrderState> after,
                                  store_->ListOrdersToPoll(T(kNow), 100));
  EXPECT_EQ(OrderIds(after),
            (std::vector<std::string>{"due-middle", "due-late", "due-at-now"}));
}

TEST_P(OrderEventStoreConformanceTest, SchedulePollIsConditionalOnTheVersion) {
  ASSERT_TRUE(PutPolled(*store_, "ord-1", T(100), false, 10).ok());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> before,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(before.has_value());
  ASSERT_EQ(before->version, 1);

  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool scheduled,
                                  store_->SchedulePoll("ord-1", 1, T(9000), 4));
  EXPECT_TRUE(scheduled);
  OrderState expected = *before;
  expected.next_poll = T(9000);
  expected.poll_attempts = 4;
  expected.version = 2;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> after,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(SameState(*after, expected));

  // The version read before is stale now: refused, nothing changed.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(bool stale,
                                  store_->SchedulePoll("ord-1", 1, T(100), 9));
  EXPECT_FALSE(stale);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> unchanged,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(unchanged.has_value());
  EXPECT_TRUE(SameState(*unchanged, expected));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      bool absent, store_->SchedulePoll("ord-404", 1, T(100), 1));
  EXPECT_FALSE(absent);

  // The list follows the schedule; "never" takes it off.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<OrderState> not_due,
                                  store_->ListOrdersToPoll(T(8999), 10));
  EXPECT_TRUE(not_due.empty());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<OrderState> due,
                                  store_->ListOrdersToPoll(T(9000), 10));
  EXPECT_EQ(OrderIds(due), std::vector<std::string>{"ord-1"});
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      bool never, store_->SchedulePoll("ord-1", 2, absl::InfiniteFuture(), 5));
  EXPECT_TRUE(never);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<OrderState> off,
                                  store_->ListOrdersToPoll(T(99999999), 10));
  EXPECT_TRUE(off.empty());

  // An apply after a schedule sees the bumped version.
  std::optional<int64_t> seen_version;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      ApplyOrderChangeResult applied,
      store_->ApplyOrderChange(
          "ord-1", T(20), [&](const std::optional<OrderState>& current) {
            if (current.has_value()) seen_version = current->version;
            return Change(std::optional<OrderStateChange>());
          }));
  EXPECT_FALSE(applied.written);
  EXPECT_EQ(seen_version, std::optional<int64_t>(3));
}

TEST_P(OrderEventStoreConformanceTest,
       ConcurrentSchedulesOfOneVersionHaveOneWinner) {
  ASSERT_TRUE(PutPolled(*store_, "ord-1", T(100), false, 10).ok());
  std::vector<absl::StatusOr<bool>> results(kThreads);
  RunAtOnce(kThreads, [&](int i) {
    results[i] = store_->SchedulePoll("ord-1", 1, T(1000 + i), i);
  });
  int winner = -1;
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status();
    if (*results[i]) {
      EXPECT_EQ(winner, -1) << "two schedules at one version succeeded";
      winner = i;
    }
  }
  ASSERT_NE(winner, -1);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> stored,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->version, 2);
  EXPECT_EQ(stored->poll_attempts, winner);
  EXPECT_EQ(stored->next_poll, T(1000 + winner));
}

// --- PurgeEventsBefore -------------------------------------------------------

TEST_P(OrderEventStoreConformanceTest,
       PurgeDeletesOldEventsAndStatesInBatches) {
  // Events appended at T(1)..T(6), over orders a (updated last at T(4)),
  // b (T(5)) and c (T(6)).
  std::vector<int64_t> cursors;
  const char* const ids[] = {"a", "b", "c"};
  for (int i = 1; i <= 6; ++i) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(
        int64_t cursor,
        Append(*store_, ids[(i - 1) % 3], absl::StrCat("e", i), i));
    cursors.push_back(cursor);
  }
  // Before T(5): events 1-4 and the state of a.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(size_t first,
                                  store_->PurgeEventsBefore(T(5), 2));
  EXPECT_EQ(first, 3u);  // Two events (the lowest cursors), one state.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> left,
                                  store_->ReadEvents(0, {}, 100));
  EXPECT_EQ(Cursors(left),
            std::vector<int64_t>(cursors.begin() + 2, cursors.end()));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> a,
                                  store_->GetOrderState("a"));
  EXPECT_FALSE(a.has_value());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> b,
                                  store_->GetOrderState("b"));
  EXPECT_TRUE(b.has_value());

  STORE_TEST_ASSERT_OK_AND_ASSIGN(size_t second,
                                  store_->PurgeEventsBefore(T(5), 2));
  EXPECT_EQ(second, 2u);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(size_t third,
                                  store_->PurgeEventsBefore(T(5), 2));
  EXPECT_EQ(third, 0u);
  // Appended or updated at the cutoff or later: kept.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(left, store_->ReadEvents(0, {}, 100));
  EXPECT_EQ(Cursors(left), (std::vector<int64_t>{cursors[4], cursors[5]}));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(b, store_->GetOrderState("b"));
  EXPECT_TRUE(b.has_value());

  // Limit zero deletes nothing.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(size_t zero,
                                  store_->PurgeEventsBefore(T(1000), 0));
  EXPECT_EQ(zero, 0u);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(left, store_->ReadEvents(0, {}, 100));
  EXPECT_EQ(left.size(), 2u);
}

TEST_P(OrderEventStoreConformanceTest, PurgeOfAnEmptyStoreIsZero) {
  STORE_TEST_ASSERT_OK_AND_ASSIGN(size_t purged,
                                  store_->PurgeEventsBefore(T(1000), 100));
  EXPECT_EQ(purged, 0u);
}

// --- SubscribeToAppends ------------------------------------------------------

TEST_P(OrderEventStoreConformanceTest, ASubscriberIsWokenAfterAnAppend) {
  WakeCounter wakes;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      std::unique_ptr<AppendSubscription> subscription,
      store_->SubscribeToAppends(wakes.Callback()));
  ASSERT_NE(subscription, nullptr);
  const int before = wakes.count();
  STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t cursor,
                                  Append(*store_, "ord-1", "e", 10));
  EXPECT_TRUE(wakes.WaitForMoreThan(before, kPatience));
  // What woke it can be read.
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> events,
                                  store_->ReadEvents(0, {}, 10));
  EXPECT_EQ(Cursors(events), std::vector<int64_t>{cursor});

  // Again, for the next append.
  const int after_first = wakes.count();
  ASSERT_TRUE(Append(*store_, "ord-2", "e", 20).ok());
  EXPECT_TRUE(wakes.WaitForMoreThan(after_first, kPatience));
}

TEST_P(OrderEventStoreConformanceTest, NoWakeAfterTheSubscriptionIsGone) {
  WakeCounter gone;
  WakeCounter kept;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::unique_ptr<AppendSubscription> first,
                                  store_->SubscribeToAppends(gone.Callback()));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::unique_ptr<AppendSubscription> second,
                                  store_->SubscribeToAppends(kept.Callback()));
  // Appends run while the first subscription goes away.
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::thread appender([&] {
    for (int i = 0; !stop.load() && i < 200; ++i) {
      if (!Append(*store_, "ord-1", "e", i).ok()) ++failures;
    }
  });
  ASSERT_TRUE(gone.WaitForMoreThan(0, kPatience));
  first.reset();
  const int at_reset = gone.count();
  // Later appends wake the other subscriber, never the first.
  const int kept_now = kept.count();
  ASSERT_TRUE(Append(*store_, "ord-2", "e", 500).ok());
  EXPECT_TRUE(kept.WaitForMoreThan(kept_now, kPatience));
  stop = true;
  appender.join();
  const int kept_later = kept.count();
  ASSERT_TRUE(Append(*store_, "ord-3", "e", 600).ok());
  EXPECT_TRUE(kept.WaitForMoreThan(kept_later, kPatience));
  absl::SleepFor(absl::Milliseconds(200));  // Any late wake would be here.
  EXPECT_EQ(gone.count(), at_reset);
  EXPECT_EQ(failures.load(), 0);
}

TEST_P(OrderEventStoreConformanceTest, AnotherStoresAppendWakesASubscriber) {
  if (!GetParam().wakes_across_stores) {
    GTEST_SKIP() << "this store wakes subscribers of its own appends only";
  }
  SKIP_WITHOUT_OPEN_SAME();
  std::unique_ptr<OrderEventStore> other = OpenSame();
  ASSERT_NE(other, nullptr);
  WakeCounter wakes;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      std::unique_ptr<AppendSubscription> subscription,
      store_->SubscribeToAppends(wakes.Callback()));
  for (int round = 0; round < 3; ++round) {
    const int before = wakes.count();
    STORE_TEST_ASSERT_OK_AND_ASSIGN(
        int64_t cursor, Append(*other, "ord-1", absl::StrCat("e", round), 10));
    EXPECT_TRUE(wakes.WaitForMoreThan(before, kPatience)) << "round " << round;
    STORE_TEST_ASSERT_OK_AND_ASSIGN(EventCursorRange range,
                                    store_->EventCursors());
    EXPECT_GE(range.newest, cursor);
  }
}

// --- Concurrency -------------------------------------------------------------

// Adds one to the count kept as the state's bytes, and appends the new
// count as the event; counts its calls.
OrderStateDecider Increment(absl::string_view order_id,
                            std::atomic<int>* calls) {
  return [order_id = std::string(order_id),
          calls](const std::optional<OrderState>& current) -> Change {
    ++*calls;
    int count = 0;
    if (current.has_value() && !absl::SimpleAtoi(current->state, &count)) {
      return absl::InternalError("not a count");
    }
    OrderStateChange change;
    change.state = State(order_id, absl::StrCat(count + 1));
    change.event = absl::StrCat(count + 1);
    return std::optional<OrderStateChange>(std::move(change));
  };
}

// `stores` apply Increment() to one order from kThreads threads; no
// increment may be lost and the events count up in cursor order.
void ExpectSerializedIncrements(std::vector<OrderEventStore*> stores) {
  constexpr int kRounds = 4;
  std::atomic<int> calls{0};
  std::atomic<int> failures{0};
  std::vector<std::vector<int64_t>> cursors(kThreads);
  RunAtOnce(kThreads, [&](int i) {
    OrderEventStore& store = *stores[i % stores.size()];
    for (int round = 0; round < kRounds; ++round) {
      absl::StatusOr<ApplyOrderChangeResult> result = store.ApplyOrderChange(
          "counter", T(10 + round), Increment("counter", &calls));
      if (!result.ok()) {
        ADD_FAILURE() << result.status();
        ++failures;
      } else if (result->cursor.has_value()) {
        cursors[i].push_back(*result->cursor);
      }
    }
  });
  constexpr int kTotal = kThreads * kRounds;
  ASSERT_EQ(failures.load(), 0);
  EXPECT_EQ(calls.load(), kTotal) << "one decider call per apply";
  absl::StatusOr<std::optional<OrderState>> stored =
      stores[0]->GetOrderState("counter");
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->state, absl::StrCat(kTotal)) << "increments were lost";
  EXPECT_EQ((*stored)->version, kTotal);

  absl::StatusOr<std::vector<StoredOrderEvent>> events =
      stores[0]->ReadEvents(0, {}, kTotal + 10);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), static_cast<size_t>(kTotal));
  std::vector<int64_t> returned;
  for (const std::vector<int64_t>& mine : cursors) {
    // Each thread's own appends come one after another.
    EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));
    returned.insert(returned.end(), mine.begin(), mine.end());
  }
  std::sort(returned.begin(), returned.end());
  EXPECT_EQ(Cursors(*events), returned);
  for (int i = 0; i < kTotal; ++i) {
    EXPECT_EQ((*events)[i].event, absl::StrCat(i + 1))
        << "the event at position " << i << " (cursor " << (*events)[i].cursor
        << ")";
  }
}

TEST_P(OrderEventStoreConformanceTest, ConcurrentAppliesToOneOrderLoseNothing) {
  ExpectSerializedIncrements({store_.get()});
}

TEST_P(OrderEventStoreConformanceTest,
       ConcurrentAppliesThroughTwoStoresLoseNothing) {
  SKIP_WITHOUT_OPEN_SAME();
  std::unique_ptr<OrderEventStore> other = OpenSame();
  ASSERT_NE(other, nullptr);
  ExpectSerializedIncrements({store_.get(), other.get()});
}

// Writers append to orders of their own while a reader keeps reading after
// the last cursor it saw, as a watcher does: it must see every append
// exactly once, in cursor order, with each order's events in their order.
// A store whose cursors do not grow in commit order fails this: the reader
// would move past a cursor whose transaction had not committed yet and
// never see it.
void ExpectAReaderSeesEveryAppendOnce(std::vector<OrderEventStore*> stores) {
  constexpr int kWriters = 8;
  constexpr int kAppends = 40;
  std::atomic<int> writers_left{kWriters};
  std::atomic<int> failures{0};
  std::vector<std::vector<int64_t>> appended(kWriters);
  std::vector<StoredOrderEvent> seen;
  std::thread reader([&] {
    OrderEventStore& store = *stores.back();
    int64_t last = 0;
    bool final_pass = false;
    while (true) {
      // Read once more after every writer finished: that read must find
      // the rest.
      const bool writers_done = writers_left.load() == 0;
      absl::StatusOr<std::vector<StoredOrderEvent>> batch =
          store.ReadEvents(last, {}, 7);
      if (!batch.ok()) {
        ADD_FAILURE() << batch.status();
        ++failures;
        return;
      }
      for (StoredOrderEvent& event : *batch) {
        if (event.cursor <= last) {
          ADD_FAILURE() << "cursor " << event.cursor << " after " << last;
        }
        last = event.cursor;
        seen.push_back(std::move(event));
      }
      if (batch->empty()) {
        if (final_pass) return;
        if (writers_done) final_pass = true;
        absl::SleepFor(absl::Microseconds(200));  // Not a busy loop.
      }
    }
  });
  RunAtOnce(kWriters, [&](int i) {
    OrderEventStore& store = *stores[i % stores.size()];
    const std::string order_id = absl::StrCat("writer-", i);
    for (int n = 0; n < kAppends; ++n) {
      absl::StatusOr<int64_t> cursor =
          Append(store, order_id, absl::StrCat(n), n);
      if (!cursor.ok()) {
        ADD_FAILURE() << cursor.status();
        ++failures;
      } else {
        appended[i].push_back(*cursor);
      }
    }
    --writers_left;
  });
  reader.join();
  ASSERT_EQ(failures.load(), 0);

  std::vector<int64_t> all;
  for (const std::vector<int64_t>& mine : appended) {
    all.insert(all.end(), mine.begin(), mine.end());
  }
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kWriters * kAppends));
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end())
      << "two appends got one cursor";
  std::vector<int64_t> read = Cursors(seen);
  EXPECT_EQ(read, all) << "the reader missed or repeated events";
  std::map<std::string, int> next;
  for (const StoredOrderEvent& event : seen) {
    int& expected = next[event.order_id];
    EXPECT_EQ(event.event, absl::StrCat(expected)) << event.order_id;
    ++expected;
  }
}

TEST_P(OrderEventStoreConformanceTest, AConcurrentReaderSeesEveryAppendOnce) {
  ExpectAReaderSeesEveryAppendOnce({store_.get()});
}

TEST_P(OrderEventStoreConformanceTest,
       AReaderSeesEveryAppendThroughTwoStoresOnce) {
  SKIP_WITHOUT_OPEN_SAME();
  std::unique_ptr<OrderEventStore> other = OpenSame();
  ASSERT_NE(other, nullptr);
  ExpectAReaderSeesEveryAppendOnce({store_.get(), other.get()});
}

TEST_P(OrderEventStoreConformanceTest, ConcurrentFirstAppliesOfOneOrder) {
  // Every thread finds no state, or the one the first wrote: exactly one
  // decider call sees nullopt.
  for (int round = 0; round < 5; ++round) {
    const std::string order_id = absl::StrCat("new-", round);
    std::atomic<int> saw_none{0};
    std::atomic<int> failures{0};
    RunAtOnce(kThreads, [&](int i) {
      absl::StatusOr<ApplyOrderChangeResult> result = store_->ApplyOrderChange(
          order_id, T(10), [&](const std::optional<OrderState>& current) {
            if (!current.has_value()) ++saw_none;
            return Write(State(order_id, absl::StrCat(i)), "e")(current);
          });
      if (!result.ok()) {
        ADD_FAILURE() << result.status();
        ++failures;
      }
    });
    ASSERT_EQ(failures.load(), 0);
    EXPECT_EQ(saw_none.load(), 1) << order_id;
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> stored,
                                    store_->GetOrderState(order_id));
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->version, kThreads);
  }
}

// --- A second store on the same database -------------------------------------

TEST_P(OrderEventStoreConformanceTest, ASecondStoreSeesTheFirstStoresWrites) {
  SKIP_WITHOUT_OPEN_SAME();
  std::unique_ptr<OrderEventStore> other = OpenSame();
  ASSERT_NE(other, nullptr);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t first,
                                  Append(*store_, "ord-1", "e1", 10));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t second,
                                  Append(*other, "ord-1", "e2", 20));
  EXPECT_GT(second, first);
  for (OrderEventStore* store : {store_.get(), other.get()}) {
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> events,
                                    store->ReadEvents(0, {}, 10));
    EXPECT_EQ(Cursors(events), (std::vector<int64_t>{first, second}));
    STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> state,
                                    store->GetOrderState("ord-1"));
    ASSERT_TRUE(state.has_value());
    EXPECT_EQ(state->version, 2);
    STORE_TEST_ASSERT_OK_AND_ASSIGN(EventCursorRange range,
                                    store->EventCursors());
    EXPECT_EQ(range.oldest, first);
    EXPECT_EQ(range.newest, second);
  }
}

TEST_P(OrderEventStoreConformanceTest, StatesAndEventsSurviveReopening) {
  SKIP_WITHOUT_OPEN_SAME();
  OrderState state = State("ord-1", AllBytes(1000));
  state.next_poll = T(700);
  state.poll_attempts = 2;
  STORE_TEST_ASSERT_OK_AND_ASSIGN(
      ApplyOrderChangeResult result,
      store_->ApplyOrderChange("ord-1", T(10), Write(state, "e1")));
  ASSERT_TRUE(result.cursor.has_value());
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> before,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(before.has_value());
  store_.reset();  // The process is restarted.

  store_ = OpenSame();
  ASSERT_NE(store_, nullptr);
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> after,
                                  store_->GetOrderState("ord-1"));
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(SameState(*after, *before));
  STORE_TEST_ASSERT_OK_AND_ASSIGN(std::vector<StoredOrderEvent> events,
                                  store_->ReadEvents(0, {}, 10));
  EXPECT_EQ(Cursors(events), std::vector<int64_t>{*result.cursor});
  STORE_TEST_ASSERT_OK_AND_ASSIGN(int64_t next,
                                  Append(*store_, "ord-2", "e2", 20));
  EXPECT_GT(next, *result.cursor);
}

}  // namespace
}  // namespace msp_gateway
