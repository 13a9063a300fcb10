// SPDX-License-Identifier: Apache-2.0
#include "http/server.h"

#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <csignal>
#include <ctime>
#include <limits>
#include <mutex>
#include <span>
#include <thread>
#include <unordered_map>

#include "core/log.h"
#include "core/strings.h"
#include "http/client_address.h"
#include "http/request_parser.h"
#include "http/router.h"

namespace starprep::http {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

// "Sun, 29 Nov 2026 03:00:00 GMT", recomputed at most once a second per thread.
const std::string& HttpDate() {
  thread_local std::time_t last = 0;
  thread_local std::string text;
  std::time_t now = std::time(nullptr);
  if (now != last) {
    last = now;
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    text = buf;
  }
  return text;
}

// Header values come from our code, some derived from input (Location): never let CR/LF through.
void AppendHeaderValue(std::string& out, std::string_view v) {
  if (v.find('\r') == std::string_view::npos && v.find('\n') == std::string_view::npos) {  // the usual case
    out += v;
    return;
  }
  for (char c : v)
    if (c != '\r' && c != '\n') out += c;
}

void AppendNumber(std::string& out, std::uint64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

std::string SerializeHead(const Response& resp, bool keep_alive, bool head_request) {
  std::size_t size = 128;
  for (const auto& [k, v] : resp.headers) size += k.size() + v.size() + 4;
  std::string out;
  out.reserve(size);
  out += "HTTP/1.1 ";
  AppendNumber(out, static_cast<std::uint64_t>(resp.status));
  out += ' ';
  out += bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(resp.status)));
  out += "\r\nServer: starprep\r\nDate: ";
  out += HttpDate();
  out += "\r\n";
  bool has_length = false;
  for (const auto& [k, v] : resp.headers) {
    has_length = has_length || (k.size() == 14 && AsciiIEquals(k, "content-length"));
    out += k;
    out += ": ";
    AppendHeaderValue(out, v);
    out += "\r\n";
  }
  if (!has_length && !(head_request && resp.body.empty())) {
    bool no_body = resp.status == 204 || resp.status == 304 || (resp.status >= 100 && resp.status < 200);
    if (!no_body) {
      out += "Content-Length: ";
      AppendNumber(out, resp.BodySize());
      out += "\r\n";
    }
  }
  out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  return out;
}

std::string JsonString(std::string_view s) {
  return boost::json::serialize(boost::json::string(s));
}

// The completion of a detached coroutine: an exception that escaped it is logged, never lost.
struct LogEscaped {
  const char* what_coroutine;
  void operator()(const std::exception_ptr& e) const {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      log::Error("coroutine_failed", {{"coroutine", what_coroutine}, {"what", ex.what()}});
    } catch (...) {
      log::Error("coroutine_failed", {{"coroutine", what_coroutine}});
    }
  }
};

// Each thread runs its own io_context: a connection lives on one thread from accept to close, so
// its state needs no strand or lock, and completions use the concrete executor (no type erasure).
using Executor = net::io_context::executor_type;
template <class T = void>
using Task = net::awaitable<T, Executor>;
using Socket = tcp::socket::rebind_executor<Executor>::other;
using Timer = net::steady_timer::rebind_executor<Executor>::other;
using Clock = std::chrono::steady_clock;
constexpr auto kAwait = net::as_tuple(net::use_awaitable_t<Executor>{});

// The key connections are counted under for the per-address cap: the IPv4 address (also when
// mapped into IPv6), or the /64 prefix of an IPv6 address (one host usually holds a whole /64).
std::string AddressKey(const net::ip::address& a) {
  if (a.is_v6()) {
    auto v6 = a.to_v6();
    if (v6.is_v4_mapped()) return net::ip::make_address_v4(net::ip::v4_mapped, v6).to_string();
    auto bytes = v6.to_bytes();
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    return net::ip::address_v6(bytes).to_string() + "/64";
  }
  return a.to_string();
}

// One connection. Touched only on its io_context's thread, except where marked.
struct Conn {
  Conn(Socket s, std::string remote_addr, std::string key)
      : socket(std::move(s)),
        watchdog(socket.get_executor()),
        remote(std::move(remote_addr)),
        address_key(std::move(key)) {}
  Socket socket;
  Timer watchdog;                 // wakes at `deadline`; see Server::Impl::Watchdog
  const std::string remote;       // the client's address, as logged (read from any thread)
  const std::string address_key;  // see AddressKey (read from any thread)
  Clock::time_point deadline{};   // when the current read or write must have finished
  Clock::time_point read_started{};
  const RequestParser* reading = nullptr;  // the parser of the read under way (header deadline)
  bool in_io = false;                      // a read or write is under way (the deadline applies)
  bool idle = false;                       // waiting for the first byte of the next request
  bool stop_cancelled = false;             // shutdown cancelled the idle read
  bool timed_out = false;
  bool evicted = false;  // closed to make room under the total cap
  bool closed = false;
  // Read by the accept loop under Impl::mu to choose whom to evict:
  std::atomic<bool> waiting{false};          // a request read is under way
  std::atomic<Clock::rep> waiting_since{0};  // since when (time_since_epoch().count())
  bool eviction_chosen = false;              // guarded by Impl::mu
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  DispatchFn dispatch;
  Metrics& metrics;
  std::vector<std::unique_ptr<net::io_context>> contexts;  // one per thread; [0] also runs control
  std::vector<net::executor_work_guard<Executor>> guards;  // keep idle threads running until stop
  tcp::acceptor acceptor;
  net::signal_set signals;
  Timer deadline;
  Timer drain_timer;  // the drain period (ServerOptions::drain_period)
  Timer accept_gate;  // the accept loop waits on it while every slot is taken by a busy connection
  std::size_t next_context = 0;
  const std::size_t max_connections;

  std::mutex mu;  // guards conns, per_address, next_id and Conn::eviction_chosen
  std::unordered_map<std::uint64_t, std::shared_ptr<Conn>> conns;
  std::unordered_map<std::string, int> per_address;  // open connections by AddressKey
  std::uint64_t next_id = 0;
  std::atomic<bool> waiting_for_slot{false};  // the accept loop waits on accept_gate
  std::atomic<bool> stopping{false};
  std::atomic<bool> stop_started{false};
  std::atomic<bool> drain_started{false};
  // Runs kBlocking handlers (declared after `contexts`, so it is joined before they go away).
  net::thread_pool blocking_pool;
  std::atomic<int> blocking_queued{0};  // jobs waiting or running on blocking_pool

  static std::vector<std::unique_ptr<net::io_context>> MakeContexts(int threads) {
    int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::unique_ptr<net::io_context>> out;
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) out.push_back(std::make_unique<net::io_context>(1));
    return out;
  }

  Impl(ServerOptions o, DispatchFn d, Metrics& m)
      : options(std::move(o)),
        dispatch(std::move(d)),
        metrics(m),
        contexts(MakeContexts(options.threads)),
        acceptor(*contexts[0]),
        signals(*contexts[0]),
        deadline(contexts[0]->get_executor()),
        drain_timer(contexts[0]->get_executor()),
        accept_gate(contexts[0]->get_executor()),
        max_connections(static_cast<std::size_t>(
            std::max(1, options.max_connections > 0 ? options.max_connections : DefaultMaxConnections()))),
        blocking_pool(static_cast<std::size_t>(std::max(1, options.blocking_threads))) {
    for (auto& c : contexts) guards.push_back(net::make_work_guard(c->get_executor()));
  }

  Executor Control() { return contexts[0]->get_executor(); }

  Task<> Accept() {
    for (;;) {
      auto& ctx = *contexts[next_context++ % contexts.size()];
      auto [ec, socket] = co_await acceptor.async_accept(ctx, kAwait);
      if (ec) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
        log::Warn("accept_error", {{"error", ec.message()}});
        Timer pause(Control(), std::chrono::milliseconds(50));  // e.g. out of file descriptors
        co_await pause.async_wait(kAwait);
        continue;
      }
      beast::error_code ignored;
      auto peer = socket.remote_endpoint(ignored).address();
      auto conn = std::make_shared<Conn>(std::move(socket), peer.to_string(), AddressKey(peer));
      std::uint64_t id = 0;
      Admission admission = Admit(conn, id);
      while (admission == Admission::kFull) {
        // Every slot is held by a connection that is being served: hold this one (and the
        // backlog behind it) until one closes. Unregister wakes us.
        waiting_for_slot = true;
        admission = Admit(conn, id);
        if (admission != Admission::kFull) break;
        accept_gate.expires_at(Clock::time_point::max());
        co_await accept_gate.async_wait(kAwait);
      }
      waiting_for_slot = false;
      if (admission == Admission::kStopping) {
        conn->socket.close(ignored);
        co_return;
      }
      if (admission == Admission::kAddressFull) {
        Refuse(*conn);
        continue;
      }
      net::co_spawn(ctx, Session(std::move(conn), id), LogEscaped{"session"});
    }
  }

  enum class Admission { kAdmitted, kStopping, kAddressFull, kFull };

  // Registers a new connection (its id in `id`) unless the server is stopping, its address has
  // `max_connections_per_address` open, or every slot is taken and none can be freed. At the total
  // cap, the connection that has waited longest for request bytes is evicted to make room.
  Admission Admit(const std::shared_ptr<Conn>& c, std::uint64_t& id) {
    std::lock_guard lock(mu);
    if (stopping) return Admission::kStopping;
    const int per_address_cap = options.max_connections_per_address;
    auto from_address = per_address.find(c->address_key);
    if (per_address_cap > 0 && from_address != per_address.end() && from_address->second >= per_address_cap)
      return Admission::kAddressFull;
    if (conns.size() >= max_connections && !EvictLongestWaiting()) return Admission::kFull;
    ++per_address[c->address_key];
    conns.emplace(++next_id, c);
    id = next_id;
    metrics.ConnectionOpened();
    return Admission::kAdmitted;
  }

  // Under `mu`: closes the connection that has waited longest for its request (idle keep-alive,
  // or a header or body still arriving), unless one was already chosen. False if none waits.
  // Its slot frees once its session ends, so the total can pass the cap by the evictions under way.
  bool EvictLongestWaiting() {
    std::shared_ptr<Conn> victim;
    Clock::rep oldest = std::numeric_limits<Clock::rep>::max();
    for (auto& [id, c] : conns) {
      if (c->eviction_chosen || !c->waiting.load()) continue;
      auto since = c->waiting_since.load();
      if (since < oldest) oldest = since, victim = c;
    }
    if (!victim) return false;
    victim->eviction_chosen = true;
    metrics.ConnectionEvicted();
    net::post(victim->socket.get_executor(), [victim] {
      if (victim->closed || !victim->waiting) return;  // its request arrived meanwhile: let it be
      victim->evicted = true;
      beast::error_code ignored;
      victim->socket.cancel(ignored);
    });
    return true;
  }

  // Over the per-address cap: a short 503 if the socket takes it at once, then close.
  void Refuse(Conn& c) {
    Response resp = ErrorJson(503, codes::kTooManyConnections,
                              "Too many open connections from your address; close some and retry.");
    resp.SetHeader("Retry-After", "5");
    std::string bytes = SerializeHead(resp, false, false) + *resp.body[0];
    (void)::send(c.socket.native_handle(), bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    beast::error_code ignored;
    c.socket.shutdown(tcp::socket::shutdown_send, ignored);
    c.socket.close(ignored);
    metrics.ConnectionRefused();
    if (options.access_log)
      log::Info("connection_refused", {{"remote", c.remote}, {"reason", "too many connections from this address"}});
  }

  void Unregister(std::uint64_t id, const std::string& address_key) {
    {
      std::lock_guard lock(mu);
      conns.erase(id);
      if (auto it = per_address.find(address_key); it != per_address.end() && --it->second <= 0) per_address.erase(it);
      if (stopping && conns.empty()) net::post(Control(), [this] { Finish(); });
    }
    metrics.ConnectionClosed();
    if (waiting_for_slot.load()) net::post(Control(), [this] { accept_gate.cancel(); });
  }

  // All connections are done: let every thread's run() return.
  void Finish() {
    deadline.cancel();
    for (auto& g : guards) g.reset();
  }

  // The deadline of a read or write, without a timer operation per request: the watchdog sleeps
  // until the latest deadline and cancels the socket's operation if one is still under way then.
  void Arm(Conn& c) {
    c.deadline = Clock::now() + options.read_timeout;
    c.in_io = true;
  }

  // The shortest deadline an operation gets: the header's (capped by the whole request's).
  std::chrono::milliseconds FirstDeadline() const { return std::min(options.header_timeout, options.read_timeout); }

  // A request read: the header must arrive within FirstDeadline(); once it has, the watchdog
  // moves the deadline to read_timeout after the read began.
  void ArmRead(Conn& c, const RequestParser& parser) {
    const auto now = Clock::now();
    c.read_started = now;
    c.deadline = now + FirstDeadline();
    c.reading = &parser;
    c.in_io = true;
    c.waiting_since = now.time_since_epoch().count();
    c.waiting = true;
  }

  void ReadDone(Conn& c) {
    c.in_io = false;
    c.reading = nullptr;
    c.waiting = false;
  }

  Task<> Watchdog(std::shared_ptr<Conn> c) {
    while (!c->closed) {
      const auto now = Clock::now();
      if (c->in_io && now >= c->deadline) {
        const auto whole = c->read_started + options.read_timeout;
        if (c->reading && c->reading->is_header_done() && c->deadline < whole) {
          c->deadline = whole;  // the header made it in time: the body gets the rest
          continue;
        }
        c->timed_out = true;
        beast::error_code ignored;
        c->socket.cancel(ignored);
        co_return;
      }
      // Deadlines only move later (each is at least now + FirstDeadline()), so waking at the
      // current one, or FirstDeadline() from now between operations, is never late.
      c->watchdog.expires_at(c->in_io ? c->deadline : std::max(c->deadline, now + FirstDeadline()));
      co_await c->watchdog.async_wait(kAwait);
    }
  }

  // However a session ends (a normal close, an error, an exception), its connection is closed and
  // unregistered, so shutdown never waits for it and its descriptor is freed.
  struct SessionGuard {
    Impl& impl;
    Conn& c;
    std::uint64_t id;
    ~SessionGuard() {
      c.closed = true;
      c.waiting = false;
      beast::error_code ignored;
      c.socket.shutdown(tcp::socket::shutdown_send, ignored);
      c.socket.close(ignored);
      // Neither can fail in practice (a timer cancel, a mutex lock); if one did, the other must
      // still run and the destructor must not throw.
      try {
        c.watchdog.cancel();
      } catch (...) {
      }
      try {
        impl.Unregister(id, c.address_key);
      } catch (...) {
      }
    }
  };

  // Serves connection `id` (registered by Admit) until it closes. Per request: read it, answer a
  // read error with a 4xx and close, route it (on the worker pool when the route blocks), write
  // the response, record it (metrics, access log). The steps that do not wait are plain member
  // functions: no coroutine frame per request.
  Task<> Session(std::shared_ptr<Conn> c, std::uint64_t id) {
    SessionGuard guard{*this, *c, id};
    Socket& socket = c->socket;
    const std::string& remote = c->remote;
    beast::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    socket.non_blocking(true, ec);  // our own sends return EAGAIN instead of blocking the thread
    net::co_spawn(socket.get_executor(), Watchdog(c), LogEscaped{"watchdog"});
    beast::flat_buffer buffer(options.header_limit + options.body_limit + 4096);
    for (int served = 0;; ++served) {
      // Read. Idle means no byte of the next request has arrived: only then may shutdown close us.
      // Once stopping, a next request may already wait in the socket (sent while we wrote the
      // last response): that one is in flight, not idle, so look before closing.
      c->idle = buffer.size() == 0;
      if (c->idle && stopping.load(std::memory_order_relaxed) && socket.available(ec) == 0) break;
      RequestParser parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      parser.body_limit(options.body_limit);
      ArmRead(*c, parser);
      auto [rec, n] = co_await bhttp::async_read(socket, buffer, parser, kAwait);
      // Shutdown cancelled what looked like an idle read, but a request had begun to arrive:
      // read it to the end (the same parser resumes) and answer it.
      while (rec == net::error::operation_aborted && c->stop_cancelled && !c->timed_out && !c->evicted &&
             (parser.got_some() || socket.available(ec) > 0)) {
        c->stop_cancelled = false;
        c->idle = false;
        std::tie(rec, n) = co_await bhttp::async_read(socket, buffer, parser, kAwait);
      }
      ReadDone(*c);
      c->idle = false;
      if (rec) {
        if (auto bad = DescribeReadError(parser.ClassifyError(rec)))
          co_await WriteError(*c, bad->status, bad->code, bad->message, remote);
        break;
      }

      // Route.
      const auto start = Clock::now();
      Request req = std::move(parser.request);
      req.remote_addr = ClientAddressOf(req, remote, options.trusted_proxies);
      const bool keep_alive = parser.keep_alive() && served + 1 < options.max_requests_per_connection &&
                              !stopping.load(std::memory_order_relaxed);
      std::string route = "-";
      Response resp = Route(req, route);
      if (resp.offload) {
        auto done = co_await Offload(*c, std::move(resp.offload));
        if (!done) break;  // the client left while its request waited: nothing to answer
        resp = std::move(*done);
      }

      // Write, then record.
      std::string head = SerializeHead(resp, keep_alive, req.method == Method::kHead);
      auto [wec, written] = co_await WriteResponse(*c, head, resp);
      Record(req, route, resp.status, written > head.size() ? written - head.size() : 0, start);
      if (wec || !keep_alive) break;
    }
  }

  // A request that could not be read, as the client is told: 400 for a malformed request or
  // framing that could smuggle one, 431 for headers over the limit, 413 for a body over it.
  struct ReadFailure {
    int status;
    const char* code;
    std::string message;
  };

  // The answer to read error `rec` (classified by the parser), or nullopt when there is nobody
  // to answer: the peer closed, the read timed out, was cancelled or the socket failed.
  std::optional<ReadFailure> DescribeReadError(const beast::error_code& rec) const {
    if (rec.category() == RequestErrorCategoryInstance())  // framing that could smuggle a request
      return ReadFailure{400, codes::kBadRequest, "Malformed HTTP request: " + rec.message() + "."};
    if (rec == bhttp::error::header_limit)
      return ReadFailure{431, codes::kHeadersTooLarge,
                         "Request headers are larger than " + std::to_string(options.header_limit) + " bytes."};
    if (rec == bhttp::error::body_limit)
      return ReadFailure{413, codes::kBodyTooLarge,
                         "Request body is larger than " + std::to_string(options.body_limit) + " bytes."};
    if (rec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
        rec != bhttp::error::end_of_stream && rec != bhttp::error::partial_message)
      return ReadFailure{400, codes::kBadRequest, "Malformed HTTP request: " + rec.message() + "."};
    return std::nullopt;
  }

  // Percent-decodes the path into req.path, splits off req.query and dispatches; a target that
  // is not an absolute path with valid escapes is a 400. `route` receives the matched pattern.
  Response Route(Request& req, std::string& route) {
    const auto qpos = req.target.find('?');
    auto decoded = PercentDecode(std::string_view(req.target).substr(0, qpos), false);
    if (qpos != std::string::npos) req.query = req.target.substr(qpos + 1);
    if (!decoded || req.target.empty() || req.target[0] != '/')
      return ErrorJson(400, codes::kBadRequest,
                       "Malformed request target: use an absolute path with valid %XX escapes.");
    req.path = std::move(*decoded);
    return Dispatch(req, route);
  }

  // A served request in the metrics and (unless turned off) the access log.
  void Record(const Request& req, const std::string& route, int status, std::size_t body_bytes,
              Clock::time_point start) {
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const std::string_view method = MethodName(req.method);
    metrics.ObserveRequest(route, method, status, seconds);
    if (!options.access_log) return;
    log::Info("request", {{"remote", req.remote_addr},
                          {"method", method},
                          {"target", req.target},
                          {"route", route},
                          {"status", status},
                          {"bytes", body_bytes},
                          {"duration_us", static_cast<long>(seconds * 1e6)}});
  }

  // The dispatch function is the router in production, which never throws; this keeps any other
  // (tests, future wiring) from taking the connection down with it.
  Response Dispatch(Request& req, std::string& route) {
    try {
      return dispatch(req, route);
    } catch (const std::exception& e) {
      log::Error("dispatch_failed", {{"target", req.target}, {"what", e.what()}});
    } catch (...) {
      log::Error("dispatch_failed", {{"target", req.target}});
    }
    return ErrorJson(500, codes::kInternal, "Something went wrong on our side; it has been logged.");
  }

  // True when the peer has closed its end (EOF pending), without consuming any byte.
  static bool PeerGone(int fd) {
    char byte;
    ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
  }

  // Runs a blocking handler on the worker pool and resumes on the connection's thread with its
  // response. A full queue answers `busy` at once; a job whose client has gone by the time a
  // worker takes it is dropped (nullopt).
  Task<std::optional<Response>> Offload(Conn& c, std::shared_ptr<Response::Offload> work) {
    if (blocking_queued.fetch_add(1) >= options.blocking_queue) {
      blocking_queued.fetch_sub(1);
      co_return work->busy();
    }
    // The worker fills `out`, then wakes the session on its own thread by cancelling `wake`; the
    // session suspends on `wake` before that cancel can run (both happen on the session's thread).
    struct Pending {
      explicit Pending(const Executor& ex) : wake(ex, std::chrono::hours(24)) {}
      Timer wake;
      std::optional<Response> out;
    };
    auto pending = std::make_shared<Pending>(c.socket.get_executor());
    net::post(blocking_pool, [this, fd = c.socket.native_handle(), work, pending] {
      if (!PeerGone(fd)) {
        try {
          pending->out = work->run();
        } catch (...) {  // the router's jobs do not throw; anything else still gets an answer
          pending->out = ErrorJson(500, codes::kInternal, "Something went wrong on our side; it has been logged.");
        }
      }
      blocking_queued.fetch_sub(1);
      net::post(pending->wake.get_executor(), [pending] { pending->wake.cancel(); });
    });
    co_await pending->wake.async_wait(kAwait);
    co_return std::move(pending->out);
  }

  // Waits until the socket can take more bytes (within the armed deadline).
  static Task<beast::error_code> WaitWritable(Conn& c) {
    auto [ec] = co_await c.socket.async_wait(tcp::socket::wait_write, kAwait);
    if (c.timed_out) co_return beast::error::timeout;
    co_return ec;
  }

  // Writes `pieces` in order with gathered sendmsg(2) calls. `more`: further bytes of the same
  // response follow at once (MSG_MORE), so the kernel sends full segments instead of a short one.
  static Task<beast::error_code> SendPieces(Conn& c, std::span<const net::const_buffer> pieces, bool more) {
    constexpr std::size_t kMaxIov = 64;
    std::size_t i = 0, off = 0;  // first unsent piece, and how much of it is already sent
    for (;;) {
      while (i < pieces.size() && off == pieces[i].size()) ++i, off = 0;
      if (i == pieces.size()) co_return beast::error_code{};
      std::array<iovec, kMaxIov> iov{};
      std::size_t k = 0;
      for (std::size_t j = i; j < pieces.size() && k < kMaxIov; ++j, ++k) {
        std::size_t skip = j == i ? off : 0;
        iov[k].iov_base = const_cast<char*>(static_cast<const char*>(pieces[j].data()) + skip);
        iov[k].iov_len = pieces[j].size() - skip;
      }
      msghdr msg{};
      msg.msg_iov = iov.data();
      msg.msg_iovlen = k;
      const bool rest = more || i + k < pieces.size();
      ssize_t n = ::sendmsg(c.socket.native_handle(), &msg, MSG_NOSIGNAL | (rest ? MSG_MORE : 0));
      if (n >= 0) {
        for (auto left = static_cast<std::size_t>(n); left > 0;) {
          std::size_t take = std::min(left, pieces[i].size() - off);
          left -= take;
          off += take;
          if (off == pieces[i].size()) ++i, off = 0;
        }
        continue;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) co_return beast::error_code(errno, boost::system::system_category());
      if (auto ec = co_await WaitWritable(c)) co_return ec;
    }
  }

  // Writes head and body: pieces from memory in gathered writes, large pieces that have a file
  // copy with sendfile(2) (no copy into the kernel). Returns the error and the bytes written.
  Task<std::pair<beast::error_code, std::size_t>> WriteResponse(Conn& c, const std::string& head,
                                                                const Response& resp) {
    constexpr std::size_t kSendfileMin = 64 * 1024;  // below this, copying is cheaper than more syscalls
    const bool files = resp.body_files.size() == resp.body.size();
    std::vector<net::const_buffer> pending;
    pending.reserve(resp.body.size() + 1);
    pending.emplace_back(net::buffer(head));
    std::size_t total = 0, pending_bytes = head.size();
    Arm(c);
    for (std::size_t i = 0; i <= resp.body.size(); ++i) {
      const bool last = i == resp.body.size();
      const bool by_file = !last && files && resp.body_files[i].fd >= 0 && resp.body[i]->size() >= kSendfileMin;
      if (!last && !by_file) {
        pending.emplace_back(net::buffer(*resp.body[i]));
        pending_bytes += resp.body[i]->size();
        continue;
      }
      if (auto ec = co_await SendPieces(c, pending, !last)) {
        c.in_io = false;
        co_return std::pair{ec, total};
      }
      total += pending_bytes;
      pending.clear();
      pending_bytes = 0;
      if (by_file) {
        if (auto ec = co_await SendFile(c, resp.body_files[i].fd, resp.body_files[i].offset, resp.body[i]->size())) {
          c.in_io = false;
          co_return std::pair{ec, total};
        }
        total += resp.body[i]->size();
      }
    }
    c.in_io = false;
    co_return std::pair{beast::error_code{}, total};
  }

  static Task<beast::error_code> SendFile(Conn& c, int fd, std::int64_t offset, std::size_t length) {
    off_t off = static_cast<off_t>(offset);
    while (length > 0) {
      ssize_t n = ::sendfile(c.socket.native_handle(), fd, &off, length);
      if (n > 0) {
        length -= static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (auto ec = co_await WaitWritable(c)) co_return ec;
        continue;
      }
      co_return beast::error_code(n == 0 ? EIO : errno, boost::system::system_category());
    }
    co_return beast::error_code{};
  }

  // Errors found before a request could be routed: JSON body, security headers, then close.
  static Response ErrorJson(int status, const std::string& code, const std::string& message) {
    Response resp =
        JsonResponse(status, "{\"error\":{\"code\":" + JsonString(code) + ",\"message\":" + JsonString(message) + "}}");
    AddSecurityHeaders(resp);
    resp.SetHeader("Cache-Control", "no-store");
    return resp;
  }

  Task<> WriteError(Conn& c, int status, const std::string& code, const std::string& message,
                    const std::string& remote) {
    Response resp = ErrorJson(status, code, message);
    std::string head = SerializeHead(resp, false, false);
    std::array<net::const_buffer, 2> buffers{net::buffer(head), net::buffer(*resp.body[0])};
    Arm(c);
    co_await SendPieces(c, buffers, false);
    c.in_io = false;
    metrics.ObserveRequest("-", "-", status, 0);
    if (options.access_log) log::Info("rejected", {{"remote", remote}, {"status", status}, {"reason", message}});
  }

  // SIGTERM drains when a drain period is set (a second SIGTERM during it stops at once);
  // SIGINT stops at once.
  void WaitForSignal() {
    signals.async_wait([this](beast::error_code ec, int signal) {
      if (ec) return;
      if (signal == SIGTERM && options.drain_period.count() > 0 && !drain_started.load()) {
        BeginDrain();
        WaitForSignal();
        return;
      }
      BeginStop();
    });
  }

  void BeginDrain() {
    if (options.drain_period.count() <= 0) {
      BeginStop();
      return;
    }
    if (stop_started.load() || drain_started.exchange(true)) return;
    net::post(Control(), [this] {
      if (stop_started.load()) return;  // Stop() came first: no drain
      log::Info("drain_started", {{"drain_ms", static_cast<std::int64_t>(options.drain_period.count())}});
      if (options.on_drain) options.on_drain();
      drain_timer.expires_after(options.drain_period);
      drain_timer.async_wait([this](beast::error_code ec) {
        if (!ec) BeginStop();  // cancelled: a shutdown began during the drain
      });
    });
  }

  void BeginStop() {
    if (stop_started.exchange(true)) return;
    net::post(Control(), [this] {
      log::Info("shutdown_started");
      beast::error_code ignored;
      drain_timer.cancel();
      acceptor.close(ignored);
      signals.cancel(ignored);
      accept_gate.cancel();
      std::vector<std::shared_ptr<Conn>> open;
      {
        std::lock_guard lock(mu);
        stopping = true;
        for (auto& [id, c] : conns) open.push_back(c);
      }
      for (auto& c : open) {
        // Runs on the connection's thread, so it sees the session between two steps: close the
        // connection only if it is waiting for a request that has not begun to arrive.
        net::post(c->socket.get_executor(), [c] {
          if (!c->idle || c->closed) return;
          c->stop_cancelled = true;
          beast::error_code ec;
          c->socket.cancel(ec);
        });
      }
      if (open.empty()) {
        Finish();
        return;
      }
      deadline.expires_after(options.shutdown_deadline);
      deadline.async_wait([this](beast::error_code ec) {
        if (ec) return;  // cancelled: all connections finished in time
        log::Warn("shutdown_deadline", {{"message", "closing connections still open"}});
        for (auto& ctx : contexts) ctx->stop();
      });
    });
  }
};

int DefaultMaxConnections() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 65536;
  const auto soft = static_cast<long long>(std::min<rlim_t>(limit.rlim_cur, 1 << 24));
  return static_cast<int>(std::max(16LL, soft - std::max(64LL, soft / 8)));
}

Server::Server(ServerOptions options, DispatchFn dispatch, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatch), metrics)) {}

Server::~Server() = default;

Result<std::uint16_t> Server::Listen() {
  auto& a = impl_->acceptor;
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec) return MakeError(ErrorCode::kInvalidArgument, "invalid listen address \"" + impl_->options.host + "\"");
  tcp::endpoint ep(address, impl_->options.port);
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return MakeError(ErrorCode::kUnavailable, "cannot listen on " + impl_->options.host + ":" +
                                                  std::to_string(impl_->options.port) + ": " + ec.message());
  }
  return a.local_endpoint().port();
}

void Server::Run() {
  auto& impl = *impl_;
  std::signal(SIGPIPE, SIG_IGN);  // belt and braces: every send also passes MSG_NOSIGNAL or is sendfile(2)
  if (impl.options.handle_signals) {
    beast::error_code ec;
    impl.signals.add(SIGINT, ec);
    impl.signals.add(SIGTERM, ec);
    impl.WaitForSignal();
  }
  net::co_spawn(impl.Control(), impl.Accept(), LogEscaped{"accept"});
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.contexts.size(); ++i)
    threads.emplace_back([&ctx = *impl.contexts[i]] { ctx.run(); });
  impl.contexts[0]->run();
  for (auto& t : threads) t.join();
  log::Info("shutdown_complete");
}

void Server::Stop() {
  impl_->BeginStop();
}

void Server::Drain() {
  impl_->BeginDrain();
}

}  // namespace starprep::http
