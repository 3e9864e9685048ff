// Copyright 2026 The msp-gateway Authors.

#include "service/server/reflection_v1.h"

#include <memory>
#include <set>
#include <string>

#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.grpc.pb.h"

namespace msp_gateway {
namespace {

using ::grpc::reflection::v1::ServerReflection;
using ::grpc::reflection::v1::ServerReflectionRequest;
using ::grpc::reflection::v1::ServerReflectionResponse;

// The files of an answer, by name.
std::set<std::string> FileNames(const ServerReflectionResponse& response) {
  std::set<std::string> names;
  for (const std::string& bytes :
       response.file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    EXPECT_TRUE(file.ParseFromString(bytes));
    EXPECT_TRUE(names.insert(file.name()).second) << "twice: " << file.name();
  }
  return names;
}

class ReflectionV1Test : public ::testing::Test {
 protected:
  void SetUp() override {
    // Links the payments protos into the generated pool, as the server does.
    ASSERT_NE(payments::v1::CreateOrderRequest::descriptor(), nullptr);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&reflection_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = ServerReflection::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  // One request on one stream, over the real server.
  ServerReflectionResponse Ask(const ServerReflectionRequest& request) {
    grpc::ClientContext context;
    auto stream = stub_->ServerReflectionInfo(&context);
    EXPECT_TRUE(stream->Write(request));
    ServerReflectionResponse response;
    EXPECT_TRUE(stream->Read(&response));
    stream->WritesDone();
    EXPECT_TRUE(stream->Finish().ok());
    return response;
  }

  ServerReflectionV1 reflection_{
      {"payments.v1.PaymentService", "grpc.health.v1.Health"}};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<ServerReflection::Stub> stub_;
};

TEST_F(ReflectionV1Test, ListsTheServices) {
  ServerReflectionRequest request;
  request.set_list_services("*");
  ServerReflectionResponse response = Ask(request);
  ASSERT_EQ(response.list_services_response().service_size(), 2);
  EXPECT_EQ(response.list_services_response().service(0).name(),
            "payments.v1.PaymentService");
  EXPECT_EQ(response.original_request().list_services(), "*");
}

TEST_F(ReflectionV1Test, AnswersASymbolWithItsFileAndImports) {
  ServerReflectionRequest request;
  request.set_file_containing_symbol("payments.v1.PaymentService");
  const std::set<std::string> names = FileNames(Ask(request));
  EXPECT_EQ(names.count("payments/v1/payment_service.proto"), 1u);
  EXPECT_EQ(names.count("payments/v1/order_event.proto"), 1u);
  EXPECT_GT(names.size(), 2u);

  request.set_file_containing_symbol("grpc.health.v1.Health.Check");
  EXPECT_EQ(FileNames(Ask(request)).count("grpc/health/v1/health.proto"), 1u);

  request.set_file_by_filename("payments/v1/payment_service.proto");
  EXPECT_EQ(FileNames(Ask(request)).count("payments/v1/payment_service.proto"),
            1u);
}

TEST_F(ReflectionV1Test, UnknownNamesAreNotFound) {
  ServerReflectionRequest request;
  request.set_file_containing_symbol("no.such.Service");
  ServerReflectionResponse response = Ask(request);
  EXPECT_EQ(response.error_response().error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_file_by_filename("no/such.proto");
  EXPECT_EQ(Ask(request).error_response().error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_all_extension_numbers_of_type("no.such.Type");
  EXPECT_EQ(Ask(request).error_response().error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A request without a question.
  EXPECT_EQ(Ask(ServerReflectionRequest()).error_response().error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(ReflectionV1Test, ExtensionNumbersOfAType) {
  ServerReflectionRequest request;
  request.set_all_extension_numbers_of_type("google.protobuf.FieldOptions");
  ServerReflectionResponse response = Ask(request);
  EXPECT_FALSE(response.has_error_response());
  EXPECT_EQ(response.all_extension_numbers_response().base_type_name(),
            "google.protobuf.FieldOptions");
}

}  // namespace
}  // namespace msp_gateway
