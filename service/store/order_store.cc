// Copyright 2026 The msp-gateway Authors.

#include "service/store/order_store.h"

namespace msp_gateway {

absl::string_view RecordStateName(RecordState state) {
  switch (state) {
    case RecordState::kInFlight:
      return "in_flight";
    case RecordState::kCompleted:
      return "completed";
    case RecordState::kUnknown:
      return "unknown";
    case RecordState::kAnswerLost:
      return "answer_lost";
  }
  return "unknown";
}

std::optional<RecordState> ParseRecordState(absl::string_view name) {
  for (RecordState state :
       {RecordState::kInFlight, RecordState::kCompleted, RecordState::kUnknown,
        RecordState::kAnswerLost}) {
    if (RecordStateName(state) == name) return state;
  }
  return std::nullopt;
}

}  // namespace msp_gateway
