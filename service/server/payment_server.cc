// Copyright 2026 The msp-gateway Authors.

#include "service/server/payment_server.h"

#include <chrono>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/impl/codegen/grpc_types.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "service/callers/server_tls.h"
#include "service/common/json_log.h"
#include "service/order_events/created_order.h"
#include "service/order_events/msp_order_reader.h"
#include "service/store/open/open_order_store.h"
#include "service/upstream/asio_transport.h"
#include "service/upstream/httplib_transport.h"

namespace msp_gateway {
namespace {

constexpr char kServiceName[] = "payments.v1.PaymentService";
constexpr char kVersion[] = "0.1.0";

ReconcilerOptions ReconcilerOptionsOf(const ServerConfig& config) {
  ReconcilerOptions options;
  options.owner = config.replica_id;
  options.lease_margin = config.lease_margin;
  return options;
}

// Whether the gateway holds `order_id`'s CreateOrder record (the key the
// RPC edge gives it: method "/" order_id).
IsGatewayOrder GatewayOrderCheck(OrderStore& orders) {
  return [&orders](absl::string_view order_id) -> absl::StatusOr<bool> {
    absl::StatusOr<std::optional<OrderRecord>> record =
        orders.Get(absl::StrCat("CreateOrder/", order_id));
    if (!record.ok()) return record.status();
    return record->has_value();
  };
}

// How long the read-back of an order after a change may take.
constexpr absl::Duration kReadBackDeadline = absl::Seconds(10);

// `read_order` is filled in once the service exists (it reads through the
// service's sender) and before it serves.
PaymentServiceImpl::Options ServiceOptions(
    const ServerConfig& config, OrderStore& store, WorkerPool& store_pool,
    GatewayMetrics& metrics, OrderEventRecorder& recorder,
    const ReadMspOrder* read_order, const CallerGate* callers) {
  PaymentServiceImpl::Options options;
  options.min_upstream_budget = config.min_upstream_budget;
  options.max_request_bytes = config.max_request_bytes;
  options.max_upstream_in_flight = config.max_upstream_in_flight;
  options.store = &store;
  options.store_pool = &store_pool;
  options.replica_id = config.replica_id;
  options.lease_margin = config.lease_margin;
  options.callers = callers;
  options.on_store_operation = [&metrics](absl::string_view operation, bool ok,
                                          absl::Duration latency) {
    metrics.RecordStoreOperation(operation, ok, latency);
  };
  options.on_lookup = [&metrics](absl::string_view outcome) {
    metrics.RecordReconciliation("call", outcome);
  };
  // A created order's first event (source RPC), so the poller knows the
  // order even if no notification ever arrives. On the store pool, off the
  // transport thread; when the pool is full it is dropped (counted): the
  // order's notification, or a later poll of a GetOrder'ed order, still
  // records it.
  //
  // After a call that moves money or changes the order (RefundOrder,
  // CaptureOrder, CancelOrder, UpdateOrder) the order is read back from
  // MultiSafepay and recorded with the caller's identity, so the event of
  // the change says who made it (issue 13). Dropped likewise when the pool
  // is full; the change still arrives by notification or poll, without the
  // caller.
  options.on_answer = [&store_pool, &recorder, &metrics, &orders = store,
                       read_order](absl::string_view method,
                                   absl::string_view caller,
                                   const google::protobuf::Message& request,
                                   const google::protobuf::Message& response) {
    if (method == "CreateOrder") {
      payments::v1::Order order = CreatedOrder(
          static_cast<const payments::v1::CreateOrderRequest&>(request),
          static_cast<const payments::v1::CreateOrderResponse&>(response));
      const bool queued =
          store_pool.TrySubmit([&recorder, &metrics, order = std::move(order),
                                caller = std::string(caller)] {
            absl::StatusOr<Transition> recorded =
                recorder.Record(order, payments::v1::ORDER_EVENT_SOURCE_RPC,
                                /*created_by_gateway=*/true, caller);
            if (!recorded.ok()) metrics.RecordOrderEventDropped("store_failed");
          });
      if (!queued) metrics.RecordOrderEventDropped("store_pool_full");
      return;
    }
    if (method != "RefundOrder" && method != "CaptureOrder" &&
        method != "CancelOrder" && method != "UpdateOrder") {
      return;
    }
    const google::protobuf::FieldDescriptor* field =
        request.GetDescriptor()->FindFieldByName("order_id");
    if (field == nullptr) return;
    std::string order_id = request.GetReflection()->GetString(request, field);
    const bool queued = store_pool.TrySubmit(
        [&recorder, &metrics, &orders, read_order,
         order_id = std::move(order_id), caller = std::string(caller)] {
          absl::StatusOr<payments::v1::Order> order =
              (*read_order)(order_id, absl::Now() + kReadBackDeadline);
          if (!order.ok()) {
            metrics.RecordOrderEventDropped("read_back_failed");
            return;
          }
          absl::StatusOr<bool> created = GatewayOrderCheck(orders)(order_id);
          absl::StatusOr<Transition> recorded =
              recorder.Record(*order, payments::v1::ORDER_EVENT_SOURCE_RPC,
                              created.ok() && *created, caller);
          if (!recorded.ok()) metrics.RecordOrderEventDropped("store_failed");
        });
    if (!queued) metrics.RecordOrderEventDropped("store_pool_full");
  };
  return options;
}

StoreMaintenanceOptions StoreMaintenanceOptionsOf(const ServerConfig& config,
                                                  OrderEventStore& events) {
  StoreMaintenanceOptions options;
  options.interval = config.reconcile_interval;
  options.retention = config.order_retention;
  options.events = &events;
  return options;
}

// "notification", "reconciler", "rpc".
absl::string_view SourceName(payments::v1::OrderEventSource source) {
  switch (source) {
    case payments::v1::ORDER_EVENT_SOURCE_NOTIFICATION:
      return "notification";
    case payments::v1::ORDER_EVENT_SOURCE_RECONCILER:
      return "reconciler";
    case payments::v1::ORDER_EVENT_SOURCE_RPC:
      return "rpc";
    default:
      return "unspecified";
  }
}

OrderEventRecorderOptions RecorderOptionsOf(const ServerConfig& config,
                                            GatewayMetrics& metrics) {
  OrderEventRecorderOptions options;
  options.change.reconcile_after = config.notifications.reconcile_after;
  options.observer = [&metrics](payments::v1::OrderEventSource source,
                                Transition transition) {
    metrics.RecordOrderObservation(SourceName(source),
                                   TransitionName(transition));
  };
  return options;
}

OrderPollerOptions PollerOptionsOf(const ServerConfig& config,
                                   GatewayMetrics& metrics) {
  OrderPollerOptions options;
  options.first_backoff = config.notifications.reconcile_after;
  options.observer = [&metrics](absl::string_view outcome) {
    metrics.RecordOrderPoll(outcome);
  };
  return options;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PaymentServer>> PaymentServer::Start(
    const ServerConfig& config, std::ostream& log) {
  std::unique_ptr<HttpTransport> transport;
  if (config.msp_transport == "httplib") {
    absl::StatusOr<std::unique_ptr<HttplibTransport>> httplib =
        HttplibTransport::Create(config.upstream);
    if (!httplib.ok()) return httplib.status();
    transport = *std::move(httplib);
  } else {
    absl::StatusOr<std::unique_ptr<AsioTransport>> asio =
        AsioTransport::Create(config.upstream);
    if (!asio.ok()) return asio.status();
    transport = *std::move(asio);
  }
  // The store first: without it nothing may be sent (fail closed), and a
  // store that cannot be opened (a wrong DSN, a missing directory, a
  // migration failure) is a configuration error to fix before serving.
  if (config.store.kind == StoreKind::kSqlite &&
      config.store.sqlite_path == absl::StrCat(config.data_dir, "/orders.db")) {
    // The default store: its directory is ours to make.
    std::error_code error;
    std::filesystem::create_directories(config.data_dir, error);
    if (error) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot create --data_dir ", config.data_dir, ": ", error.message()));
    }
  }
  OpenStoreOptions store_options;
  store_options.pool_size = config.store_pool_size;
  store_options.timeout = config.store_timeout;
  absl::StatusOr<OpenedOrderStore> store =
      OpenOrderStore(config.store, store_options);
  if (!store.ok()) return store.status();
  // The gRPC port's credentials and the policy before anything serves: a
  // missing certificate or a malformed policy refuses to start.
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(config.grpc_tls);
  if (!credentials.ok()) return credentials.status();
  std::unique_ptr<WatchedAuthzPolicy> authz_policy;
  if (!config.grpc_tls.authz_policy_file.empty()) {
    WatchedAuthzPolicyOptions policy_options;
    policy_options.interval = config.grpc_tls.reload_interval;
    // Into the server's log, beside the RPC lines.
    auto policy_log = std::make_shared<JsonLogger>(log);
    policy_options.on_reload = [policy_log](const absl::Status& reloaded,
                                            const AuthzPolicy* policy) {
      if (reloaded.ok()) {
        policy_log->Log(
            LogLevel::kInfo, "authz_policy_reloaded",
            {{"policy", policy->name()}, {"rules", policy->rule_count()}});
      } else {
        // Loud: the file on disk is not what is enforced.
        policy_log->Log(
            LogLevel::kError, "authz_policy_reload_failed",
            {{"error", reloaded.message()}, {"kept", "the last good policy"}});
      }
    };
    absl::StatusOr<std::unique_ptr<WatchedAuthzPolicy>> watched =
        WatchedAuthzPolicy::Start(config.grpc_tls.authz_policy_file,
                                  std::move(policy_options));
    if (!watched.ok()) return watched.status();
    authz_policy = *std::move(watched);
  }
  std::unique_ptr<PaymentServer> server(
      new PaymentServer(config, log, std::move(transport), *std::move(store),
                        std::move(authz_policy)));

  OrderEventHubOptions hub_options;
  hub_options.stream_buffer = config.notifications.watch_buffer;
  OrderEventHubObserver hub_observer;
  GatewayMetrics* metrics = &server->metrics_;
  hub_observer.on_streams = [metrics](size_t streams) {
    metrics->SetWatchStreams(streams);
  };
  hub_observer.on_lag = [metrics](absl::Duration lag) {
    metrics->SetOrderEventLag(lag);
  };
  absl::StatusOr<std::unique_ptr<OrderEventHub>> hub =
      OrderEventHub::Start(server->store_.events(), server->store_pool_,
                           hub_options, std::move(hub_observer));
  if (!hub.ok()) return hub.status();
  server->hub_ = *std::move(hub);
  server->service_.SetOrderEvents(server->hub_.get());

  if (config.notifications.listener_enabled()) {
    NotificationListenerOptions listener_options;
    listener_options.api_key = config.upstream.api_key;
    listener_options.max_age = config.notifications.max_age;
    listener_options.on_result = [metrics](NotificationMethod method,
                                           NotificationResult result) {
      metrics->RecordNotification(NotificationMethodName(method),
                                  NotificationResultName(result));
    };
    server->listener_ = std::make_unique<NotificationListener>(
        std::move(listener_options), server->intake_);
    absl::StatusOr<int> notification_port = server->listener_->Start(
        config.notifications.host, config.notifications.port);
    if (!notification_port.ok()) return notification_port.status();
    server->notification_port_ = *notification_port;
  }

  if (config.admin_port >= 0) {
    absl::StatusOr<int> admin_port =
        server->admin_.Start(config.admin_host, config.admin_port);
    if (!admin_port.ok()) return admin_port.status();
    server->admin_port_ = *admin_port;
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // Long-lived HTTP/2 connections would pin clients to the replicas that
  // existed when they connected; aged-out connections re-balance.
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_AGE_MS,
      static_cast<int>(absl::ToInt64Milliseconds(config.max_connection_age)));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 30000);
  // Above --max_request_bytes, so the service (not gRPC core, with a bare
  // RESOURCE_EXHAUSTED) answers requests just over our cap.
  builder.SetMaxReceiveMessageSize(config.grpc_max_receive_message_bytes);
  builder.AddListeningPort(config.grpc_address, *credentials, &server->port_);
  builder.RegisterService(&server->service_);
  builder.RegisterService(&server->reflection_v1_);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.grpc_address));
  }
  {
    absl::MutexLock lock(&server->ready_mu_);
    server->serving_ = true;
    server->UpdateReadiness();
  }
  server->maintenance_.Start();
  server->poller_.Start();
  return server;
}

void PaymentServer::SetStoreHealthy(bool healthy) {
  absl::MutexLock lock(&ready_mu_);
  if (store_healthy_ == healthy) return;
  store_healthy_ = healthy;
  UpdateReadiness();
}

void PaymentServer::UpdateReadiness() {
  // PaymentService (and /readyz) cannot serve without its store; the
  // process itself ("") is up until it shuts down, so a liveness check does
  // not restart pods that could not open an unreachable store anyway.
  const bool ready = serving_ && store_healthy_;
  admin_.SetReady(ready);
  if (server_ != nullptr) {
    grpc::HealthCheckServiceInterface* health =
        server_->GetHealthCheckService();
    health->SetServingStatus(kServiceName, ready);
    health->SetServingStatus(serving_);
  }
}

PaymentServer::PaymentServer(const ServerConfig& config, std::ostream& log,
                             std::unique_ptr<HttpTransport> transport,
                             OpenedOrderStore store,
                             std::unique_ptr<WatchedAuthzPolicy> authz_policy)
    : metrics_(kVersion),
      transport_(std::move(transport)),
      store_(std::move(store)),
      msp_(
          *transport_,
          [this](absl::string_view endpoint, int http_status,
                 int msp_error_code, absl::Duration latency) {
            metrics_.RecordUpstream(endpoint, http_status, msp_error_code,
                                    latency);
          },
          // The parser's size bound is the transport's reply cap.
          JsonLimits{kMaxJsonDepth, config.upstream.max_response_bytes}),
      pool_(config.workers, config.queue_capacity),
      // Claims queue like upstream calls: up to the in-flight limit.
      store_pool_(config.store_pool_size, config.max_upstream_in_flight),
      idempotency_(IdempotencyCache::Options{config.idempotency_ttl,
                                             config.idempotency_entries}),
      logger_(log),
      recorder_(store_.events(), RecorderOptionsOf(config, metrics_)),
      authz_policy_(std::move(authz_policy)),
      callers_(kServiceName,
               authz_policy_ == nullptr
                   ? CallerGate::PolicySource()
                   : CallerGate::PolicySource([policy = authz_policy_.get()] {
                       return policy->current();
                     })),
      service_(msp_, pool_, idempotency_, logger_, metrics_,
               ServiceOptions(config, store_.orders(), store_pool_, metrics_,
                              recorder_, &read_back_, &callers_),
               /*order_events=*/nullptr,
               OrderDefaultsFor(config.notifications.base_url)),
      reconciler_(store_.orders(), service_.sender(), service_.settlements(),
                  ReconcilerOptionsOf(config)),
      maintenance_(
          store_.orders(), reconciler_, metrics_,
          [this](bool healthy) { SetStoreHealthy(healthy); },
          StoreMaintenanceOptionsOf(config, store_.events())),
      intake_(recorder_, MspOrderReader(service_.sender()),
              GatewayOrderCheck(store_.orders())),
      poller_(recorder_, MspOrderReader(service_.sender()),
              PollerOptionsOf(config, metrics_)),
      admin_(metrics_),
      reflection_v1_({kServiceName, "grpc.health.v1.Health",
                      "grpc.reflection.v1.ServerReflection",
                      "grpc.reflection.v1alpha.ServerReflection"}) {
  read_back_ = MspOrderReader(service_.sender());
  reconciler_.set_observer([this](absl::string_view outcome) {
    metrics_.RecordReconciliation("reconciler", outcome);
  });
  metrics_.SetQueueDepthSource([this] { return pool_.queue_depth(); });
}

PaymentServer::~PaymentServer() { Shutdown(absl::ZeroDuration()); }

void PaymentServer::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  const absl::Time grace_end = absl::Now() + grace;
  // Readiness flips first, so Kubernetes stops routing new calls here.
  {
    absl::MutexLock lock(&ready_mu_);
    serving_ = false;
    admin_.SetReady(false);
  }
  // No more lookups of its own; a record it holds keeps its lease and is
  // settled by another replica (or this one after a restart).
  maintenance_.Stop();
  // Nothing new is learned: MultiSafepay retries a notification it could
  // not deliver (on another replica), and every replica polls.
  if (listener_ != nullptr) listener_->Stop();
  poller_.Stop();
  // Watches never end by themselves: end them (UNAVAILABLE, resumable)
  // before the server's grace, which they would otherwise hold.
  if (hub_ != nullptr) hub_->Shutdown();
  // At grace_end gRPC cancels every call (its callers get UNAVAILABLE); from
  // then on nothing may be sent upstream, and what is sent before gets at
  // most until then.
  service_.StopSendingAt(grace_end);
  if (server_ != nullptr) {
    grpc::HealthCheckServiceInterface* health =
        server_->GetHealthCheckService();
    health->SetServingStatus(kServiceName, false);
    health->SetServingStatus(false);
    server_->Shutdown(absl::ToChronoTime(grace_end));
  }
  // Calls handed to the pool finish before the collaborators they use are
  // destroyed: queued ones at once (not sent), upstream ones by their
  // deadline, which StopSendingAt capped for those sent after SIGTERM.
  pool_.Shutdown();
  // Likewise the calls of the asynchronous transport, whose completions use
  // the service: they end by their deadlines too.
  service_.WaitForUpstreamCalls();
  // Claimed calls have finished; their store work is done.
  store_pool_.Shutdown();
  if (server_ != nullptr) server_->Wait();
  // Every stream has ended with the server.
  hub_.reset();
  admin_.Stop();
}

}  // namespace msp_gateway
