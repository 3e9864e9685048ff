// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/msp_order_reader.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {
namespace {

using ::testing::ElementsAre;

// A sender that records what it was asked and answers with `answer` (or
// never, for nullptr).
struct FakeSender {
  std::vector<std::string> paths;
  std::function<absl::StatusOr<MspReply>()> answer;

  SendMsp AsSendMsp() {
    return [this](const MspRequest& request, absl::Time,
                  std::function<void(absl::StatusOr<MspReply>)> done) {
      paths.push_back(request.path);
      EXPECT_EQ(request.operation, MspOperation::kGetOrder);
      if (answer) done(answer());
    };
  }
};

TEST(MspOrderReaderTest, ReadsAndMapsTheOrder) {
  FakeSender sender;
  sender.answer = []() -> absl::StatusOr<MspReply> {
    MspReply reply;
    reply.http_status = 200;
    reply.data = nlohmann::json::parse(
        R"({"order_id":"a/b 1","status":"completed","amount":1000,)"
        R"("currency":"EUR","financial_status":"completed"})");
    return reply;
  };
  ReadMspOrder read = MspOrderReader(sender.AsSendMsp());
  absl::StatusOr<payments::v1::Order> order =
      read("a/b 1", absl::Now() + absl::Seconds(5));
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_EQ(order->order_id(), "a/b 1");
  EXPECT_EQ(order->status(), payments::v1::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(order->amount(), 1000);
  EXPECT_THAT(sender.paths, ElementsAre("/orders/a%2Fb%201"));
}

TEST(MspOrderReaderTest, PassesTheSendersErrorOn) {
  FakeSender sender;
  sender.answer = []() -> absl::StatusOr<MspReply> {
    return absl::NotFoundError("unknown order");
  };
  absl::StatusOr<payments::v1::Order> order =
      MspOrderReader(sender.AsSendMsp())("o-1", absl::Now() + absl::Seconds(5));
  EXPECT_EQ(order.status().code(), absl::StatusCode::kNotFound);
}

TEST(MspOrderReaderTest, GivesUpAtTheDeadlineWhenTheSenderNeverAnswers) {
  FakeSender sender;  // never calls done
  absl::StatusOr<payments::v1::Order> order = MspOrderReader(
      sender.AsSendMsp())("o-1", absl::Now() + absl::Milliseconds(20));
  EXPECT_EQ(order.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(sender.paths.size(), 1u);
}

TEST(MspOrderReaderTest, AnOrderIdThatCannotBeSentIsNotSent) {
  FakeSender sender;
  ReadMspOrder read = MspOrderReader(sender.AsSendMsp());
  EXPECT_EQ(read("", absl::Now() + absl::Seconds(1)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(read(std::string(51, 'x'), absl::Now() + absl::Seconds(1))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(sender.paths.empty());
}

}  // namespace
}  // namespace msp_gateway
