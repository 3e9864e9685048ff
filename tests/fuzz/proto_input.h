// Copyright 2026 The msp-gateway Authors.
//
// File: proto_input.h
//
// How the request fuzzers read a message from their input: proto3 JSON when
// the input starts with '{' (so the golden *.request.json files are seeds
// as they are), else the binary wire format gRPC delivers. Both parsers are
// protobuf's; what is under test is what our code does with the message.

#ifndef MSP_GATEWAY_TESTS_FUZZ_PROTO_INPUT_H_
#define MSP_GATEWAY_TESTS_FUZZ_PROTO_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "google/protobuf/message.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/util/json_util.h"

namespace msp_gateway {
namespace fuzz {

inline bool ParseProtoInput(const uint8_t* data, size_t size,
                            google::protobuf::Message* message) {
  if (size > 0 && data[0] == '{') {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    return google::protobuf::util::JsonStringToMessage(
               std::string(reinterpret_cast<const char*>(data), size), message,
               options)
        .ok();
  }
  return message->ParseFromArray(data, static_cast<int>(size));
}

// Protobuf logs every string field with invalid UTF-8 it refuses; at fuzzing
// speed that is megabytes of noise.
inline void SilenceProtobufLogs() { google::protobuf::SetLogHandler(nullptr); }

// A failed invariant: a crash the fuzzer reports and saves.
inline void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace fuzz
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_TESTS_FUZZ_PROTO_INPUT_H_
