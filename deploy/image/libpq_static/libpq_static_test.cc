// Copyright 2026 The msp-gateway Authors.
//
// File: libpq_static_test.cc
//
// SQLite and libpq linked the way the static image binaries link them
// (Debian's libsqlite3.a, libpq.a, libpgcommon_shlib.a, libpgport_shlib.a
// and :libpq_static's GSSAPI and LDAP functions; this test is itself fully
// static): both work, and what the image leaves out fails with a message
// that says so. libpq talks to fake PostgreSQL servers on loopback sockets;
// //deploy/image:static_gateway_postgres_test runs the static gateway against a
// real PostgreSQL server.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "libpq-fe.h"
#include "sqlite3.h"

namespace msp_gateway {
namespace {

std::string TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr ? dir : "/tmp";
}

// A TCP socket bound to 127.0.0.1 on a port the kernel picks.
class LoopbackSocket {
 public:
  explicit LoopbackSocket(bool listening) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (fd_ < 0 ||
        bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        (listening && listen(fd_, 1) != 0)) {
      return;
    }
    socklen_t len = sizeof(addr);
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port_ = ntohs(addr.sin_port);
    }
  }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;
  ~LoopbackSocket() {
    if (fd_ >= 0) close(fd_);
  }

  int fd() const { return fd_; }
  // 0 if the socket could not be set up.
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

bool ReadFully(int fd, void* data, size_t size) {
  char* out = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = read(fd, out, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    out += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool WriteFully(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

uint32_t BigEndian32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
         (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

// One connection to a fake PostgreSQL server: accepts it, reads the first
// packet the client sends (length, then a 32-bit code: the protocol version
// of a startup packet, or an SSL/GSSENC request code), answers `reply`, and
// waits for the client to hang up. Run it on its own thread.
struct FakeServerSession {
  int listen_fd;
  std::string reply;
  // What the client sent first; 0 if it sent nothing before hanging up.
  uint32_t first_code = 0;

  void Run() {
    // Not forever: a client that never connects fails the test, not hangs it.
    pollfd ready = {listen_fd, POLLIN, 0};
    if (poll(&ready, 1, /*timeout_ms=*/30000) != 1) return;
    int conn = accept(listen_fd, nullptr, nullptr);
    if (conn < 0) return;
    unsigned char header[8];
    if (ReadFully(conn, header, sizeof(header))) {
      first_code = BigEndian32(header + 4);
      uint32_t length = BigEndian32(header);
      std::string rest(length > 8 ? length - 8 : 0, '\0');
      if (ReadFully(conn, rest.data(), rest.size())) {
        WriteFully(conn, reply);
        char ignored;
        while (read(conn, &ignored, 1) > 0) {
        }
      }
    }
    close(conn);
  }
};

constexpr uint32_t kProtocol3 = 3 << 16;  // a startup packet, version 3.0

// AuthenticationGSS: 'R', length 8, code 7 (AUTH_REQ_GSS).
const std::string kAuthenticationGss("R\0\0\0\x08\0\0\0\x07", 9);

// PQconnectdb()'s error message; "connected" if it succeeded.
std::string ConnectError(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (conn == nullptr) return "out of memory";
  std::string error =
      PQstatus(conn) == CONNECTION_OK ? "connected" : PQerrorMessage(conn);
  PQfinish(conn);
  return error;
}

TEST(SqliteStaticTest, StoresAndReadsARow) {
  const std::string path = TempDir() + "/libpq_static_test.db";
  std::remove(path.c_str());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE t (x TEXT); "
                         "INSERT INTO t VALUES ('static');",
                         nullptr, nullptr, &error),
            SQLITE_OK)
      << error;
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT x FROM t", -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
               "static");
  sqlite3_finalize(stmt);
  EXPECT_EQ(sqlite3_close(db), SQLITE_OK);
  EXPECT_NE(sqlite3_threadsafe(), 0);  // the store uses it from a thread pool
}

TEST(LibpqStaticTest, ReportsARefusedConnection) {
  LoopbackSocket closed(/*listening=*/false);  // bound, so nobody else has it
  ASSERT_NE(closed.port(), 0);
  const std::string error =
      ConnectError("host=127.0.0.1 port=" + std::to_string(closed.port()) +
                   " user=msp dbname=msp connect_timeout=10");
  EXPECT_NE(error.find("Connection refused"), std::string::npos) << error;
}

// libpq's default gssencmode=prefer: with no GSSAPI credentials it skips
// GSSAPI encryption (no GSSENCRequest) and sends the startup packet; a
// server that then asks for GSSAPI authentication gets a clear refusal.
TEST(LibpqStaticTest, GssapiAuthenticationFailsSayingItIsUnavailable) {
  LoopbackSocket server(/*listening=*/true);
  ASSERT_NE(server.port(), 0);
  FakeServerSession session{server.fd(), kAuthenticationGss};
  std::thread thread(&FakeServerSession::Run, &session);
  const std::string error =
      ConnectError("host=127.0.0.1 port=" + std::to_string(server.port()) +
                   " user=msp dbname=msp sslmode=disable connect_timeout=10");
  thread.join();
  EXPECT_EQ(session.first_code, kProtocol3);
  EXPECT_NE(error.find("GSSAPI name import error"), std::string::npos) << error;
  EXPECT_NE(error.find("GSSAPI (Kerberos) is not available"), std::string::npos)
      << error;
}

TEST(LibpqStaticTest, RequiredGssapiEncryptionFailsBeforeSendingAnything) {
  LoopbackSocket server(/*listening=*/true);
  ASSERT_NE(server.port(), 0);
  FakeServerSession session{server.fd(), ""};
  std::thread thread(&FakeServerSession::Run, &session);
  const std::string error = ConnectError(
      "host=127.0.0.1 port=" + std::to_string(server.port()) +
      " user=msp dbname=msp gssencmode=require connect_timeout=10");
  thread.join();
  EXPECT_EQ(session.first_code, 0u);
  EXPECT_NE(error.find("GSSAPI encryption required but was impossible"),
            std::string::npos)
      << error;
}

// A service whose entry is an ldap:// URL: the lookup fails, and so does
// the connection (it does not fall back to anything).
TEST(LibpqStaticTest, LdapServiceLookupFails) {
  const std::string path = TempDir() + "/pg_service.conf";
  {
    std::ofstream file(path);
    file << "[msp_ldap]\n"
            "ldap://127.0.0.1:1/dc=example,dc=com?conninfo?one?(cn=msp)\n";
  }
  ASSERT_EQ(setenv("PGSERVICEFILE", path.c_str(), 1), 0);
  const std::string error = ConnectError("service=msp_ldap");
  unsetenv("PGSERVICEFILE");
  EXPECT_NE(error.find("could not create LDAP structure"), std::string::npos)
      << error;
}

}  // namespace
}  // namespace msp_gateway
