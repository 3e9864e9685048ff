// Copyright 2026 The msp-gateway Authors.
//
// File: reflection_v1.h
//
// grpc.reflection.v1.ServerReflection beside gRPC 1.51's v1alpha plugin.
// Current grpcurl, Postman, Kreya and tonic-based tools ask for v1 first
// (`buf curl --reflect-protocol grpc-v1`); the two protocols' messages are
// wire-identical, and the answers are those of the v1alpha service: files
// from the generated descriptor pool with their dependencies, each file
// once per answer.

#ifndef MSP_GATEWAY_SERVICE_SERVER_REFLECTION_V1_H_
#define MSP_GATEWAY_SERVICE_SERVER_REFLECTION_V1_H_

#include <string>
#include <vector>

#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace msp_gateway {

class ServerReflectionV1 final
    : public grpc::reflection::v1::ServerReflection::Service {
 public:
  // `services`: the full names list_services answers with.
  explicit ServerReflectionV1(std::vector<std::string> services);

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::reflection::v1::ServerReflectionResponse,
                               grpc::reflection::v1::ServerReflectionRequest>*
          stream) override;

  // One request's answer (pure: the generated descriptor pool only).
  grpc::reflection::v1::ServerReflectionResponse Answer(
      const grpc::reflection::v1::ServerReflectionRequest& request) const;

 private:
  const std::vector<std::string> services_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_SERVER_REFLECTION_V1_H_
