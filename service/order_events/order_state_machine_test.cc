// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/order_state_machine.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "payments/v1/order_details.pb.h"
#include "service/msp_order/order_mapper.h"

namespace msp_gateway {
namespace {

// `seconds` after an arbitrary MultiSafepay `modified`.
absl::Time At(int seconds) {
  return absl::FromCivil(absl::CivilSecond(2026, 1, 5, 10, 0, 0),
                         absl::UTCTimeZone()) +
         absl::Seconds(seconds);
}

// A snapshot as a notification body carries it: MultiSafepay's strings,
// mapped the way the notification path maps them (order_mapper.h).
OrderSnapshot Snap(const std::string& status, const std::string& financial,
                   absl::Time modified, int64_t amount_refunded = 0,
                   const std::string& order_id = "order-1") {
  OrderSnapshot s;
  s.order_id = order_id;
  s.status_raw = status;
  s.status = OrderStatusFromMsp(status);
  s.financial_status_raw = financial;
  s.financial_status = TransactionStatusFromMsp(financial);
  s.amount = 1000;
  s.amount_refunded = amount_refunded;
  s.currency = "EUR";
  s.modified = modified;
  return s;
}

std::string Describe(const OrderSnapshot& s) {
  return absl::StrCat(
      s.status_raw, "/", s.financial_status_raw, " refunded ",
      s.amount_refunded, " at ",
      absl::FormatTime("%H:%M:%S", s.modified, absl::UTCTimeZone()));
}

// --- Every ordered pair of statuses ----------------------------------------

// One typical snapshot per status (multisafepay-api.md §5.2's pairs), in the
// order of the grids' rows and columns. Of 1000: partial_refunded has 400
// refunded, refunded all of it; a chargeback here is on an unrefunded order.
struct Typical {
  const char* status;
  const char* financial;
  int64_t amount_refunded;
};
constexpr Typical kTypical[] = {
    {"surprise", "surprise", 0},  //  0 unknown
    {"initialized", "initialized", 0},
    {"uncleared", "uncleared", 0},
    {"reserved", "reserved", 0},
    {"completed", "completed", 0},  //  4
    {"declined", "declined", 0},
    {"expired", "expired", 0},
    {"cancelled", "cancelled", 0},
    {"void", "void", 0},
    {"shipped", "uncleared", 0},  //  9
    {"partial_refunded", "partial_refunded", 400},
    {"refunded", "refunded", 1000},
    {"chargedback", "chargeback", 0},  // 12
};
constexpr int kStatuses = sizeof(kTypical) / sizeof(kTypical[0]);

// Row = the stored status, column = the incoming one; N new, A advance,
// D duplicate, S stale. Columns: ? ini unc res | com dec exp can void |
// shp prf ref chb.
using Grid = const char* [kStatuses];

// The incoming snapshot is one second newer: a real later notification.
// Inside a stage MultiSafepay's time decides, unless less is refunded.
constexpr Grid kIncomingNewer = {
    // ?IURCDECV SPRC
    "AAAAAAAAAAAAA",  // ?
    "SAAAAAAAAAAAA",  // initialized
    "SSAAAAAAAAAAA",  // uncleared
    "SSAAAAAAAAAAA",  // reserved
    "SSSSAAAAAAAAA",  // completed
    "SSSSAAAAAAAAA",  // declined
    "SSSSAAAAAAAAA",  // expired
    "SSSSAAAAAAAAA",  // cancelled
    "SSSSAAAAAAAAA",  // void
    "SSSSSSSSSAAAA",  // shipped
    "SSSSSSSSSSAAS",  // partial_refunded (400)
    "SSSSSSSSSSSAS",  // refunded (1000)
    "SSSSSSSSSAAAA",  // chargeback
};

// Stamped in the same second: the sub-ranks decide.
constexpr Grid kIncomingSameSecond = {
    // ?IURCDECV SPRC
    "DAAAAAAAAAAAA",  // ?
    "SDAAAAAAAAAAA",  // initialized
    "SSDAAAAAAAAAA",  // uncleared
    "SSSDAAAAAAAAA",  // reserved
    "SSSSDAAAAAAAA",  // completed
    "SSSSSDAAAAAAA",  // declined
    "SSSSSSDAAAAAA",  // expired
    "SSSSSSSDAAAAA",  // cancelled
    "SSSSSSSSDAAAA",  // void
    "SSSSSSSSSDAAA",  // shipped
    "SSSSSSSSSSDAS",  // partial_refunded (400)
    "SSSSSSSSSSSDS",  // refunded (1000)
    "SSSSSSSSSSAAD",  // chargeback
};

// One second older: a late or retried notification. Only a higher stage or
// more refunded still moves the order.
constexpr Grid kIncomingOlder = {
    // ?IURCDECV SPRC
    "SAAAAAAAAAAAA",  // ?
    "SSAAAAAAAAAAA",  // initialized
    "SSSSAAAAAAAAA",  // uncleared
    "SSSSAAAAAAAAA",  // reserved
    "SSSSSSSSSAAAA",  // completed
    "SSSSSSSSSAAAA",  // declined
    "SSSSSSSSSAAAA",  // expired
    "SSSSSSSSSAAAA",  // cancelled
    "SSSSSSSSSAAAA",  // void
    "SSSSSSSSSSAAS",  // shipped
    "SSSSSSSSSSSAS",  // partial_refunded (400)
    "SSSSSSSSSSSSS",  // refunded (1000)
    "SSSSSSSSSSAAS",  // chargeback
};

char Letter(Transition t) {
  switch (t) {
    case Transition::kNew:
      return 'N';
    case Transition::kAdvance:
      return 'A';
    case Transition::kDuplicate:
      return 'D';
    case Transition::kStale:
      return 'S';
  }
  return '?';
}

OrderSnapshot TypicalSnap(int i, absl::Time modified) {
  return Snap(kTypical[i].status, kTypical[i].financial, modified,
              kTypical[i].amount_refunded);
}

void CheckGrid(const Grid& grid, int incoming_offset_seconds) {
  for (int row = 0; row < kStatuses; ++row) {
    ASSERT_EQ(std::string(grid[row]).size(), static_cast<size_t>(kStatuses))
        << "row " << row;
    const OrderSnapshot current = TypicalSnap(row, At(100));
    for (int col = 0; col < kStatuses; ++col) {
      const OrderSnapshot incoming =
          TypicalSnap(col, At(100 + incoming_offset_seconds));
      EXPECT_EQ(Letter(Decide(current, incoming)), grid[row][col])
          << Describe(current) << " -> " << Describe(incoming);
    }
  }
}

TEST(OrderStateMachinePairsTest, IncomingNewer) {
  CheckGrid(kIncomingNewer, 1);
}

TEST(OrderStateMachinePairsTest, IncomingSameSecond) {
  CheckGrid(kIncomingSameSecond, 0);
}

TEST(OrderStateMachinePairsTest, IncomingOlder) {
  CheckGrid(kIncomingOlder, -1);
}

// The grids' letters agree with CompareProgress both ways round: the order is
// antisymmetric, so a pair is never "forward" in both directions.
TEST(OrderStateMachinePairsTest, CompareProgressIsAntisymmetric) {
  for (int a = 0; a < kStatuses; ++a) {
    for (int b = 0; b < kStatuses; ++b) {
      for (int offset : {-1, 0, 1}) {
        const OrderSnapshot x = TypicalSnap(a, At(100));
        const OrderSnapshot y = TypicalSnap(b, At(100 + offset));
        EXPECT_EQ(CompareProgress(x, y), -CompareProgress(y, x))
            << Describe(x) << " vs " << Describe(y);
      }
    }
  }
}

TEST(OrderStateMachinePairsTest, FirstSnapshotIsAlwaysNew) {
  for (int i = 0; i < kStatuses; ++i) {
    EXPECT_EQ(Decide(std::nullopt, TypicalSnap(i, At(0))), Transition::kNew)
        << kTypical[i].status;
  }
}

// --- Replays and fields outside the order ----------------------------------

TEST(OrderStateMachineTest, SameNotificationTwiceIsDuplicate) {
  std::optional<OrderSnapshot> stored;
  const OrderSnapshot paid = Snap("completed", "completed", At(5));
  EXPECT_EQ(Decide(stored, paid), Transition::kNew);
  stored = paid;
  EXPECT_EQ(Decide(stored, paid), Transition::kDuplicate);
  EXPECT_EQ(Decide(stored, paid), Transition::kDuplicate);
}

TEST(OrderStateMachineTest, SpellingAndInformationalFieldsMakeNoEvent) {
  const OrderSnapshot stored = Snap("chargedback", "chargeback", At(5));
  OrderSnapshot incoming = Snap("chargeback", "chargeback", At(5));
  incoming.amount = 999;  // Not part of the order's progress.
  incoming.currency = "eur";
  EXPECT_EQ(Decide(stored, incoming), Transition::kDuplicate);
}

TEST(OrderStateMachineTest, AnotherOrdersSnapshotIsStale) {
  const OrderSnapshot stored = Snap("initialized", "initialized", At(0));
  const OrderSnapshot other =
      Snap("completed", "completed", At(9), 0, "order-2");
  EXPECT_EQ(Decide(stored, other), Transition::kStale);
}

// MultiSafepay bumped `modified` without a status change (a new reason, a
// cost): the stored state must take the newer time, or a later-arriving
// older outcome inside the stage would win.
TEST(OrderStateMachineTest, NewerModifiedWithSameStatusAdvances) {
  const OrderSnapshot stored = Snap("completed", "completed", At(1));
  EXPECT_EQ(Decide(stored, Snap("completed", "completed", At(3))),
            Transition::kAdvance);
}

// --- Refunds ----------------------------------------------------------------

TEST(OrderStateMachineTest, RefundedAmountOnlyGrows) {
  std::optional<OrderSnapshot> stored = Snap("completed", "completed", At(0));
  const std::vector<OrderSnapshot> steps = {
      Snap("partial_refunded", "partial_refunded", At(10), 300),
      // A second partial refund stamped in the same second: still news.
      Snap("partial_refunded", "partial_refunded", At(10), 700),
      Snap("refunded", "refunded", At(20), 1000),
  };
  for (const OrderSnapshot& step : steps) {
    EXPECT_EQ(Decide(stored, step), Transition::kAdvance) << Describe(step);
    stored = step;
  }
  // The first partial refund's notification again, even re-stamped later:
  // less refunded is older news.
  EXPECT_EQ(
      Decide(stored, Snap("partial_refunded", "partial_refunded", At(30), 300)),
      Transition::kStale);
  EXPECT_EQ(Decide(stored, steps[1]), Transition::kStale);
  EXPECT_EQ(Decide(stored, steps[2]), Transition::kDuplicate);
}

TEST(OrderStateMachineTest, RefundWhileCompletedAdvances) {
  // Some flows keep `completed` and only raise amount_refunded.
  const OrderSnapshot stored = Snap("completed", "completed", At(10));
  EXPECT_EQ(Decide(stored, Snap("completed", "completed", At(10), 250)),
            Transition::kAdvance);
  EXPECT_EQ(Decide(Snap("completed", "completed", At(10), 250), stored),
            Transition::kStale);
}

TEST(OrderStateMachineTest, RefundedToPartialRefundedIsBackwards) {
  const OrderSnapshot stored = Snap("refunded", "refunded", At(10), 1000);
  EXPECT_EQ(
      Decide(stored, Snap("partial_refunded", "partial_refunded", At(10), 400)),
      Transition::kStale);
  EXPECT_EQ(
      Decide(stored, Snap("partial_refunded", "partial_refunded", At(11), 400)),
      Transition::kStale);
}

TEST(OrderStateMachineTest, ChargebackFollowsCompletedShippedAndRefunded) {
  EXPECT_EQ(Decide(Snap("completed", "completed", At(10)),
                   Snap("chargedback", "chargeback", At(5))),
            Transition::kAdvance);  // A higher stage, whatever the clock.
  EXPECT_EQ(Decide(Snap("shipped", "completed", At(10)),
                   Snap("chargedback", "chargeback", At(10))),
            Transition::kAdvance);
  EXPECT_EQ(Decide(Snap("refunded", "refunded", At(10), 1000),
                   Snap("chargedback", "chargeback", At(10), 1000)),
            Transition::kAdvance);
  EXPECT_EQ(Decide(Snap("chargedback", "chargeback", At(10), 1000),
                   Snap("refunded", "refunded", At(10), 1000)),
            Transition::kStale);
}

TEST(OrderStateMachineTest, CompletedToShippedAdvances) {
  EXPECT_EQ(Decide(Snap("completed", "uncleared", At(10)),
                   Snap("shipped", "uncleared", At(10))),
            Transition::kAdvance);
  EXPECT_EQ(Decide(Snap("shipped", "uncleared", At(10)),
                   Snap("completed", "uncleared", At(11))),
            Transition::kStale);
}

// --- Financial status inside one order status -------------------------------

TEST(OrderStateMachineTest, FinancialStatusRanksInsideOneStatus) {
  // BNPL accepted, then the money arrives, stamped in the same second.
  EXPECT_EQ(Decide(Snap("completed", "uncleared", At(10)),
                   Snap("completed", "completed", At(10))),
            Transition::kAdvance);
  EXPECT_EQ(Decide(Snap("completed", "completed", At(10)),
                   Snap("completed", "uncleared", At(10))),
            Transition::kStale);
  // A manual-capture authorisation captured.
  EXPECT_EQ(Decide(Snap("completed", "initialized", At(10)),
                   Snap("completed", "completed", At(12))),
            Transition::kAdvance);
  // A replayed older financial state.
  EXPECT_EQ(Decide(Snap("completed", "completed", At(12)),
                   Snap("completed", "initialized", At(10))),
            Transition::kStale);
}

// --- `modified` inside a stage ----------------------------------------------

TEST(OrderStateMachineTest, ModifiedOrdersOutcomesBothWays) {
  // An authorisation cancelled after it was authorised.
  EXPECT_EQ(Decide(Snap("completed", "initialized", At(10)),
                   Snap("cancelled", "cancelled", At(20))),
            Transition::kAdvance);
  // ...and that authorisation's notification arriving late.
  EXPECT_EQ(Decide(Snap("cancelled", "cancelled", At(20)),
                   Snap("completed", "initialized", At(10))),
            Transition::kStale);
  // A declined direct order paid by a new transaction under its order_id.
  EXPECT_EQ(Decide(Snap("declined", "declined", At(10)),
                   Snap("completed", "completed", At(50))),
            Transition::kAdvance);
  EXPECT_EQ(Decide(Snap("completed", "completed", At(50)),
                   Snap("declined", "declined", At(10))),
            Transition::kStale);
  // That new transaction's `initialized` never moves the order back, even
  // though it is newer.
  EXPECT_EQ(Decide(Snap("declined", "declined", At(10)),
                   Snap("initialized", "initialized", At(40))),
            Transition::kStale);
}

TEST(OrderStateMachineTest, SameSecondUnpaidBeatsPaid) {
  EXPECT_EQ(Decide(Snap("completed", "initialized", At(10)),
                   Snap("cancelled", "cancelled", At(10))),
            Transition::kAdvance);
  EXPECT_EQ(Decide(Snap("cancelled", "cancelled", At(10)),
                   Snap("completed", "initialized", At(10))),
            Transition::kStale);
}

TEST(OrderStateMachineTest, HigherStageWinsOverNewerModified) {
  // E.g. MultiSafepay's local time repeating an hour at a DST fall-back.
  EXPECT_EQ(Decide(Snap("completed", "completed", At(3600)),
                   Snap("initialized", "initialized", At(7200))),
            Transition::kStale);
  EXPECT_EQ(Decide(Snap("initialized", "initialized", At(7200)),
                   Snap("completed", "completed", At(3600))),
            Transition::kAdvance);
}

TEST(OrderStateMachineTest, MissingModifiedLosesTies) {
  const OrderSnapshot undated =
      Snap("completed", "completed", absl::InfinitePast());
  const OrderSnapshot dated = Snap("cancelled", "cancelled", At(0));
  EXPECT_EQ(Decide(undated, dated), Transition::kAdvance);
  EXPECT_EQ(Decide(dated, undated), Transition::kStale);
  EXPECT_EQ(Decide(undated, undated), Transition::kDuplicate);
}

TEST(OrderStateMachineTest, UnknownStatusNeverReplacesAKnownOne) {
  const OrderSnapshot unknown = Snap("disputed", "disputed", At(100));
  ASSERT_EQ(unknown.status, payments::v1::ORDER_STATUS_UNSPECIFIED);
  const OrderSnapshot known = Snap("initialized", "initialized", At(1));
  EXPECT_EQ(Decide(known, unknown), Transition::kStale);
  EXPECT_EQ(Decide(unknown, known), Transition::kAdvance);
}

// --- Out of order, duplicated and replayed sequences -------------------------

// One order's notifications, each with its place in the order (`rank`,
// written from the history and the rules, not computed): equal ranks are the
// same state; a notification below an earlier-delivered one must be ignored.
struct Delivery {
  OrderSnapshot snapshot;
  int rank;
};

struct History {
  const char* name;
  std::vector<Delivery> deliveries;
};

std::vector<History> Histories() {
  return {
      {"bnpl_refund_chargeback",
       {
           {Snap("initialized", "initialized", At(0)), 0},
           {Snap("uncleared", "uncleared", At(1)), 1},
           {Snap("completed", "uncleared", At(60)), 2},
           {Snap("shipped", "uncleared", At(3600)), 3},
           {Snap("shipped", "completed", At(3600)), 4},
           {Snap("partial_refunded", "partial_refunded", At(7200), 300), 5},
           {Snap("partial_refunded", "partial_refunded", At(7200), 600), 6},
           {Snap("refunded", "refunded", At(9000), 1000), 7},
           {Snap("chargedback", "chargeback", At(9000), 1000), 8},
       }},
      {"declined_then_paid_by_retry",
       {
           {Snap("initialized", "initialized", At(0)), 0},
           {Snap("declined", "declined", At(30)), 2},
           // The retry's new transaction: newer than the first
           // `initialized`, below the decline.
           {Snap("initialized", "initialized", At(40)), 1},
           {Snap("completed", "completed", At(45)), 3},
       }},
      {"authorised_then_cancelled",
       {
           {Snap("initialized", "initialized", At(0)), 0},
           {Snap("completed", "initialized", At(0)), 1},
           {Snap("cancelled", "cancelled", At(0)), 2},
       }},
      {"card_paid_same_second",
       {
           {Snap("initialized", "initialized", At(0)), 0},
           {Snap("completed", "completed", At(0)), 1},
           {Snap("partial_refunded", "partial_refunded", At(0), 100), 2},
       }},
  };
}

// Delivers `deliveries` in order to a store of one order and returns the
// ranks of what was emitted (kNew and kAdvance), checking the final state.
std::vector<int> Apply(const std::vector<Delivery>& deliveries,
                       std::optional<OrderSnapshot>& stored, int& stored_rank) {
  std::vector<int> emitted;
  for (const Delivery& d : deliveries) {
    const Transition t = Decide(stored, d.snapshot);
    const bool expect_emit = !stored.has_value() || d.rank > stored_rank;
    const bool expect_duplicate = stored.has_value() && d.rank == stored_rank;
    if (expect_emit) {
      EXPECT_EQ(t, stored.has_value() ? Transition::kAdvance : Transition::kNew)
          << Describe(d.snapshot);
    } else if (expect_duplicate) {
      EXPECT_EQ(t, Transition::kDuplicate) << Describe(d.snapshot);
    } else {
      EXPECT_EQ(t, Transition::kStale) << Describe(d.snapshot);
    }
    if (t == Transition::kNew || t == Transition::kAdvance) {
      stored = d.snapshot;
      stored_rank = d.rank;
      emitted.push_back(d.rank);
    }
  }
  return emitted;
}

TEST(OrderStateMachineSequenceTest, InOrderEveryStepIsOneEvent) {
  for (const History& h : Histories()) {
    SCOPED_TRACE(h.name);
    const std::vector<Delivery>& chronological = h.deliveries;
    std::optional<OrderSnapshot> stored;
    int stored_rank = -1;
    const std::vector<int> emitted = Apply(chronological, stored, stored_rank);
    // Delivered as they happened, every notification that is not below an
    // earlier one is one event.
    size_t expected = 0;
    int best = -1;
    for (const Delivery& d : chronological) {
      if (d.rank > best) {
        ++expected;
        best = d.rank;
      }
    }
    EXPECT_EQ(emitted.size(), expected);
  }
}

TEST(OrderStateMachineSequenceTest, ShuffledDuplicatedConvergesToTheMax) {
  std::mt19937 rng(12);  // Fixed: the same 500 orders every run.
  for (const History& h : Histories()) {
    SCOPED_TRACE(h.name);
    int max_rank = -1;
    for (const Delivery& d : h.deliveries)
      max_rank = std::max(max_rank, d.rank);
    const Delivery* max_delivery = nullptr;
    for (const Delivery& d : h.deliveries) {
      if (d.rank == max_rank) max_delivery = &d;
    }
    for (int trial = 0; trial < 500; ++trial) {
      // Each notification one to three times (MultiSafepay's retries), in
      // any order.
      std::vector<Delivery> deliveries;
      for (const Delivery& d : h.deliveries) {
        const int copies = std::uniform_int_distribution<int>(1, 3)(rng);
        for (int c = 0; c < copies; ++c) deliveries.push_back(d);
      }
      std::shuffle(deliveries.begin(), deliveries.end(), rng);

      std::optional<OrderSnapshot> stored;
      int stored_rank = -1;
      const std::vector<int> emitted = Apply(deliveries, stored, stored_rank);

      // The order ends in its latest state...
      ASSERT_TRUE(stored.has_value());
      EXPECT_EQ(stored_rank, max_rank);
      EXPECT_EQ(CompareProgress(*stored, max_delivery->snapshot), 0);
      // ...through events that only go forward, one per distinct step seen
      // going forward (each a new maximum of what had arrived).
      EXPECT_TRUE(std::is_sorted(emitted.begin(), emitted.end()));
      EXPECT_EQ(std::adjacent_find(emitted.begin(), emitted.end()),
                emitted.end());
      size_t expected = 0;
      int best = -1;
      for (const Delivery& d : deliveries) {
        if (d.rank > best) {
          ++expected;
          best = d.rank;
        }
      }
      EXPECT_EQ(emitted.size(), expected);
      if (::testing::Test::HasFailure()) return;
    }
  }
}

// --- IsFinal
// ------------------------------------------------------------------

TEST(IsFinalTest, ByStatusAndMoney) {
  struct Case {
    const char* status;
    const char* financial;
    bool final;
  };
  const Case cases[] = {
      {"surprise", "surprise", false},
      {"initialized", "initialized", false},
      {"uncleared", "uncleared", false},
      {"reserved", "reserved", false},
      {"completed", "completed", true},
      {"completed", "uncleared", false},    // BNPL accepted, funds pending.
      {"completed", "initialized", false},  // Authorised; PayPal.
      {"completed", "surprise", false},
      {"declined", "declined", true},
      {"expired", "expired", true},
      {"cancelled", "cancelled", true},
      {"void", "cancelled", true},
      {"void", "void", true},  // Chargeback requested: a chargeback follows.
      {"shipped", "uncleared", false},
      {"shipped", "completed", true},
      {"partial_refunded", "partial_refunded", true},
      {"refunded", "refunded", true},
      {"chargedback", "chargeback", true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsFinal(Snap(c.status, c.financial, At(0))), c.final)
        << c.status << "/" << c.financial;
  }
}

// --- Helpers
// --------------------------------------------------------------------

TEST(TransitionNameTest, MetricLabels) {
  EXPECT_EQ(TransitionName(Transition::kNew), "new");
  EXPECT_EQ(TransitionName(Transition::kAdvance), "advance");
  EXPECT_EQ(TransitionName(Transition::kDuplicate), "duplicate");
  EXPECT_EQ(TransitionName(Transition::kStale), "stale");
}

TEST(SnapshotFromOrderTest, CopiesWhatTheStateMachineReads) {
  payments::v1::Order order;
  order.set_order_id("order-9");
  order.set_status(payments::v1::ORDER_STATUS_PARTIAL_REFUNDED);
  order.set_status_raw("partial_refunded");
  order.set_financial_status(payments::v1::TRANSACTION_STATUS_COMPLETED);
  order.set_financial_status_raw("completed");
  order.set_amount(1000);
  order.set_amount_refunded(300);
  order.set_currency("EUR");
  order.set_modified("2026-01-05T10:00:07");
  const OrderSnapshot s = SnapshotFromOrder(order, At(7));
  EXPECT_EQ(s.order_id, "order-9");
  EXPECT_EQ(s.status, payments::v1::ORDER_STATUS_PARTIAL_REFUNDED);
  EXPECT_EQ(s.status_raw, "partial_refunded");
  EXPECT_EQ(s.financial_status, payments::v1::TRANSACTION_STATUS_COMPLETED);
  EXPECT_EQ(s.financial_status_raw, "completed");
  EXPECT_EQ(s.amount, 1000);
  EXPECT_EQ(s.amount_refunded, 300);
  EXPECT_EQ(s.currency, "EUR");
  EXPECT_EQ(s.modified, At(7));
}

}  // namespace
}  // namespace msp_gateway
