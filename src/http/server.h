// SPDX-License-Identifier: Apache-2.0
#pragma once
// The HTTP/1.1 server (Boost.Beast + Asio, C++20 coroutines). Beast stays inside server.cpp.
//
// Per connection: a new parser per request with header and body limits (431/413), framing that
// could smuggle a request refused (400, see request_parser.h), a header deadline and a read
// timeout covering the whole request, keep-alive, at most one request in flight and a cap on
// requests per connection (pipelined requests wait in a bounded buffer), and a write deadline.
// Every 4xx found before routing closes the connection.
// Connection caps (slowloris): at most `max_connections_per_address` open connections per client
// address (IPv6: per /64), further ones get a short 503 and are closed at once; at most
// `max_connections` in all: when full, a new connection closes the one that has waited longest
// for request bytes (idle keep-alive or a request still arriving), and when none is waiting,
// accepting pauses until a connection closes.
// One io_context per thread: a connection stays on the thread that accepted it.
// Graceful shutdown (SIGINT, SIGTERM or Stop()): stop accepting, close idle connections,
// let in-flight requests finish, and return from Run() once all are done or the deadline passes.
// Draining (SIGTERM or Drain() with a drain period): first keep serving for the period while the
// owner's on_drain makes readiness fail, so a load balancer moves traffic away; then shut down.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/message.h"
#include "http/metrics.h"

namespace starprep::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: pick a free port (see Listen())
  int threads = 0;            // 0: one per core
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 64 * 1024;
  std::chrono::milliseconds read_timeout{15000};    // for a whole request (header and body)
  std::chrono::milliseconds header_timeout{10000};  // for the header, and idle keep-alive; capped by read_timeout
  // 0: the process's RLIMIT_NOFILE soft limit minus an eighth (at least 64) for files and the database.
  int max_connections = 0;
  int max_connections_per_address = 64;  // 0: no per-address cap (e.g. behind a load balancer)
  int max_requests_per_connection = 10000;
  std::chrono::milliseconds shutdown_deadline{10000};
  // When above 0, SIGTERM (and Drain()) first calls on_drain, keeps accepting and serving for
  // this long, then shuts down as Stop() does. SIGINT, a second SIGTERM or Stop() during the
  // drain shut down at once. 0: SIGTERM shuts down at once.
  std::chrono::milliseconds drain_period{0};
  // Called once, on the server's control thread, when a drain begins (e.g. /readyz turns 503).
  std::function<void()> on_drain;
  bool access_log = true;
  // Handlers of kBlocking routes (router.h) run on this many worker threads; past
  // `blocking_queue` jobs waiting or running, new ones are answered 503 + Retry-After at once.
  int blocking_threads = 2;
  int blocking_queue = 8;
  // Reverse proxies (IP literals) whose X-Forwarded-For hops are believed: a request from one of
  // them gets the client's address as `remote_addr` (http/client_address.h). Empty: the peer.
  std::vector<std::string> trusted_proxies;
  // Run() handles SIGINT/SIGTERM itself; false for a second server whose owner calls Stop().
  bool handle_signals = true;
};

// The connection cap used when ServerOptions::max_connections is 0.
int DefaultMaxConnections();

// Handles a parsed request. `route` receives the matched route pattern (a metrics label).
using DispatchFn = std::function<Response(Request& request, std::string& route)>;

class Server {
 public:
  Server(ServerOptions options, DispatchFn dispatch, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Returns the bound port (useful with port 0).
  Result<std::uint16_t> Listen();

  // Serves until shutdown completes. Installs SIGINT/SIGTERM handlers unless
  // options.handle_signals is false. Call once, after Listen().
  void Run();

  // Starts a graceful shutdown; safe from any thread, idempotent. Ends a drain at once.
  void Stop();

  // Starts a drain (ServerOptions::drain_period; with a period of 0, the same as Stop()); safe
  // from any thread, idempotent, and does nothing once a shutdown has begun.
  void Drain();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace starprep::http
