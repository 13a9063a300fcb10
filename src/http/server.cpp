#include "http/server.h"

#include "http/router.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <csignal>
#include <ctime>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <mutex>
#include <spdlog/spdlog.h>
#include <thread>
#include <unordered_map>

namespace starprep::http {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using namespace boost::asio::experimental::awaitable_operators;

namespace {

Method ToMethod(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get: return Method::kGet;
    case bhttp::verb::head: return Method::kHead;
    case bhttp::verb::post: return Method::kPost;
    case bhttp::verb::put: return Method::kPut;
    case bhttp::verb::patch: return Method::kPatch;
    case bhttp::verb::delete_: return Method::kDelete;
    case bhttp::verb::options: return Method::kOptions;
    default: return Method::kOther;
  }
}

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
  for (char c : v)
    if (c != '\r' && c != '\n') out += c;
}

std::string SerializeHead(const Response& resp, bool keep_alive, bool head_request) {
  std::string out;
  out.reserve(1024);
  out += "HTTP/1.1 ";
  out += std::to_string(resp.status);
  out += ' ';
  out += bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(resp.status)));
  out += "\r\nServer: starprep\r\nDate: ";
  out += HttpDate();
  out += "\r\n";
  bool has_length = false;
  for (const auto& [k, v] : resp.headers) {
    if (beast::iequals(k, "content-length")) has_length = true;
    out += k;
    out += ": ";
    AppendHeaderValue(out, v);
    out += "\r\n";
  }
  if (!has_length && !(head_request && resp.body.empty())) {
    bool no_body = resp.status == 204 || resp.status == 304 || (resp.status >= 100 && resp.status < 200);
    if (!no_body) {
      out += "Content-Length: ";
      out += std::to_string(resp.BodySize());
      out += "\r\n";
    }
  }
  out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  return out;
}

std::string JsonString(std::string_view s) { return boost::json::serialize(boost::json::string(s)); }

}  // namespace

struct Server::Impl {
  struct Conn {
    std::shared_ptr<beast::tcp_stream> stream;
    bool idle = false;
  };

  ServerOptions options;
  DispatchFn dispatch;
  Metrics& metrics;
  net::io_context ioc;
  net::strand<net::io_context::executor_type> control{net::make_strand(ioc)};
  tcp::acceptor acceptor{control};
  net::signal_set signals{control, SIGINT, SIGTERM};
  net::steady_timer deadline{control};

  std::mutex mu;  // guards conns, next_id, stopping
  std::unordered_map<std::uint64_t, Conn> conns;
  std::uint64_t next_id = 0;
  bool stopping = false;
  std::atomic<bool> stop_started{false};

  Impl(ServerOptions o, DispatchFn d, Metrics& m)
      : options(std::move(o)), dispatch(std::move(d)), metrics(m), ioc(options.threads > 0 ? options.threads : 1) {}

  net::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(ioc), net::as_tuple(net::use_awaitable));
      if (ec) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
        spdlog::warn("{{\"event\":\"accept_error\",\"error\":{}}}", JsonString(ec.message()));
        net::steady_timer pause(control, std::chrono::milliseconds(50));  // e.g. out of file descriptors
        co_await pause.async_wait(net::as_tuple(net::use_awaitable));
        continue;
      }
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto ex = socket.get_executor();
      net::co_spawn(ex, Session(std::move(socket)), net::detached);
    }
  }

  // Registers a connection; returns 0 when the server is stopping (caller must close).
  std::uint64_t Register(std::shared_ptr<beast::tcp_stream> stream) {
    std::lock_guard lock(mu);
    if (stopping) return 0;
    conns.emplace(++next_id, Conn{std::move(stream), false});
    return next_id;
  }

  void Unregister(std::uint64_t id) {
    std::lock_guard lock(mu);
    conns.erase(id);
    if (stopping && conns.empty()) net::post(control, [this] { deadline.cancel(); });
  }

  bool Stopping() {
    std::lock_guard lock(mu);
    return stopping;
  }

  // Marks the connection idle (waiting for a request). False when stopping: close instead.
  bool SetIdle(std::uint64_t id, bool idle) {
    std::lock_guard lock(mu);
    conns[id].idle = idle;
    return !stopping;
  }

  net::awaitable<void> Session(tcp::socket socket) {
    auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
    std::string remote;
    {
      beast::error_code ec;
      auto ep = stream->socket().remote_endpoint(ec);
      if (!ec) remote = ep.address().to_string();
    }
    std::uint64_t id = Register(stream);
    if (id == 0) co_return;
    beast::flat_buffer buffer(options.header_limit + options.body_limit + 4096);
    net::steady_timer idle_timer(stream->get_executor());
    for (int served = 0;; ++served) {
      // Idle means no byte of the next request has arrived: only then may shutdown close us.
      // Waiting for readability consumes nothing, so the parser still sees the whole request.
      if (buffer.size() == 0) {
        if (!SetIdle(id, true)) break;
        idle_timer.expires_after(options.read_timeout);
        auto woke = co_await (stream->socket().async_wait(tcp::socket::wait_read, net::as_tuple(net::use_awaitable)) ||
                              idle_timer.async_wait(net::as_tuple(net::use_awaitable)));
        // Idle timeout, or cancelled by shutdown: close. Readable (data or EOF): read the request.
        if (woke.index() == 1 || std::get<0>(std::get<0>(woke))) break;
      }
      SetIdle(id, false);
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      parser.body_limit(options.body_limit);
      stream->expires_after(options.read_timeout);
      auto [ec, n] = co_await bhttp::async_read(*stream, buffer, parser, net::as_tuple(net::use_awaitable));
      if (ec) {
        int status = 0;
        std::string code, message;
        if (ec == bhttp::error::header_limit) {
          status = 431;
          code = "headers_too_large";
          message = "Request headers are larger than " + std::to_string(options.header_limit) + " bytes.";
        } else if (ec == bhttp::error::body_limit) {
          status = 413;
          code = "body_too_large";
          message = "Request body is larger than " + std::to_string(options.body_limit) + " bytes.";
        } else if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
                   ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
          status = 400;
          code = "bad_request";
          message = "Malformed HTTP request: " + ec.message() + ".";
        }
        if (status != 0) co_await WriteError(*stream, status, code, message, remote);
        break;
      }
      auto start = std::chrono::steady_clock::now();
      auto& msg = parser.get();
      Request req;
      req.method = ToMethod(msg.method());
      req.target = std::string(msg.target());
      req.remote_addr = remote;
      auto qpos = req.target.find('?');
      auto decoded = PercentDecode(std::string_view(req.target).substr(0, qpos), false);
      if (qpos != std::string::npos) req.query = req.target.substr(qpos + 1);
      req.headers.reserve(16);
      for (const auto& field : msg) {
        std::string name(field.name_string());
        for (auto& c : name)
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        req.headers.emplace_back(std::move(name), std::string(field.value()));
      }
      req.body = std::move(msg.body());
      bool keep_alive = msg.keep_alive() && served + 1 < options.max_requests_per_connection && !Stopping();
      std::string route = "-";
      Response resp;
      if (!decoded || req.target.empty() || req.target[0] != '/') {
        resp = ErrorJson(400, "bad_request", "Malformed request target: use an absolute path with valid %XX escapes.");
      } else {
        req.path = std::move(*decoded);
        resp = dispatch(req, route);
      }
      std::string head = SerializeHead(resp, keep_alive, req.method == Method::kHead);
      auto [wec, written] = co_await WriteResponse(*stream, idle_timer, head, resp);
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::string_view method = MethodName(req.method);
      metrics.ObserveRequest(route, method, resp.status, seconds);
      if (options.access_log) {
        spdlog::info(
            "{{\"event\":\"request\",\"remote\":{},\"method\":\"{}\",\"target\":{},\"route\":{},\"status\":{},"
            "\"bytes\":{},\"duration_us\":{}}}",
            JsonString(remote), method, JsonString(req.target), JsonString(route), resp.status,
            written > head.size() ? written - head.size() : 0, static_cast<long>(seconds * 1e6));
      }
      if (wec || !keep_alive) break;
    }
    beast::error_code ignored;
    stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
    Unregister(id);
  }

  // Writes head and body: pieces from memory in gathered writes, large pieces that have a file
  // copy with sendfile(2) (no copy into the kernel). Returns the error and the bytes written.
  net::awaitable<std::pair<beast::error_code, std::size_t>> WriteResponse(beast::tcp_stream& stream,
                                                                          net::steady_timer& timer,
                                                                          const std::string& head, const Response& resp) {
    constexpr std::size_t kSendfileMin = 64 * 1024;  // below this, copying is cheaper than more syscalls
    const bool files = resp.body_files.size() == resp.body.size();
    std::vector<net::const_buffer> pending;
    pending.reserve(resp.body.size() + 1);
    pending.emplace_back(net::buffer(head));
    std::size_t total = 0;
    // Several writes for one response: cork the socket so they leave as full segments.
    bool cork = false;
    for (std::size_t i = 0; files && i < resp.body.size(); ++i)
      cork |= resp.body_files[i].fd >= 0 && resp.body[i]->size() >= kSendfileMin;
    auto set_cork = [&stream](int on) {
      ::setsockopt(stream.socket().native_handle(), IPPROTO_TCP, TCP_CORK, &on, sizeof on);
    };
    if (cork) set_cork(1);
    for (std::size_t i = 0; i <= resp.body.size(); ++i) {
      const bool last = i == resp.body.size();
      const bool by_file = !last && files && resp.body_files[i].fd >= 0 && resp.body[i]->size() >= kSendfileMin;
      if (!last && !by_file) {
        pending.emplace_back(net::buffer(*resp.body[i]));
        continue;
      }
      if (!pending.empty()) {
        stream.expires_after(options.read_timeout);
        auto [ec, n] = co_await net::async_write(stream, pending, net::as_tuple(net::use_awaitable));
        total += n;
        if (ec) co_return std::pair{ec, total};
        pending.clear();
      }
      if (by_file) {
        auto ec = co_await SendFile(stream, timer, resp.body_files[i].fd, resp.body_files[i].offset, resp.body[i]->size());
        if (ec) co_return std::pair{ec, total};
        total += resp.body[i]->size();
      }
    }
    if (cork) set_cork(0);
    co_return std::pair{beast::error_code{}, total};
  }

  net::awaitable<beast::error_code> SendFile(beast::tcp_stream& stream, net::steady_timer& timer, int fd,
                                             std::int64_t offset, std::size_t length) {
    auto& socket = stream.socket();
    beast::error_code ec;
    socket.native_non_blocking(true, ec);
    if (ec) co_return ec;
    off_t off = static_cast<off_t>(offset);
    while (length > 0) {
      ssize_t n = ::sendfile(socket.native_handle(), fd, &off, length);
      if (n > 0) {
        length -= static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        timer.expires_after(options.read_timeout);
        auto woke = co_await (socket.async_wait(tcp::socket::wait_write, net::as_tuple(net::use_awaitable)) ||
                              timer.async_wait(net::as_tuple(net::use_awaitable)));
        if (woke.index() == 1) co_return beast::error::timeout;
        if (auto [wait_ec] = std::get<0>(woke); wait_ec) co_return wait_ec;
        continue;
      }
      co_return beast::error_code(n == 0 ? EIO : errno, boost::system::system_category());
    }
    co_return beast::error_code{};
  }

  // Errors found before a request could be routed: JSON body, security headers, then close.
  static Response ErrorJson(int status, const std::string& code, const std::string& message) {
    Response resp = JsonResponse(status, "{\"error\":{\"code\":" + JsonString(code) + ",\"message\":" + JsonString(message) + "}}");
    AddSecurityHeaders(resp);
    resp.SetHeader("Cache-Control", "no-store");
    return resp;
  }

  net::awaitable<void> WriteError(beast::tcp_stream& stream, int status, const std::string& code,
                                  const std::string& message, const std::string& remote) {
    Response resp = ErrorJson(status, code, message);
    std::string head = SerializeHead(resp, false, false);
    std::array<net::const_buffer, 2> buffers{net::buffer(head), net::buffer(*resp.body[0])};
    stream.expires_after(std::chrono::seconds(5));
    co_await net::async_write(stream, buffers, net::as_tuple(net::use_awaitable));
    metrics.ObserveRequest("-", "-", status, 0);
    if (options.access_log)
      spdlog::info("{{\"event\":\"rejected\",\"remote\":{},\"status\":{},\"reason\":{}}}", JsonString(remote), status,
                   JsonString(message));
  }

  void BeginStop() {
    if (stop_started.exchange(true)) return;
    net::post(control, [this] {
      spdlog::info(R"({"event":"shutdown_started"})");
      beast::error_code ignored;
      acceptor.close(ignored);
      signals.cancel(ignored);
      std::vector<std::pair<std::uint64_t, std::shared_ptr<beast::tcp_stream>>> idle;
      bool none_left;
      {
        std::lock_guard lock(mu);
        stopping = true;
        for (auto& [id, c] : conns)
          if (c.idle) idle.emplace_back(id, c.stream);
        none_left = conns.empty();
      }
      for (auto& [id, s] : idle) {
        // Runs on the connection's strand: if a request started arriving meanwhile, leave it be.
        net::post(s->get_executor(), [this, id, s] {
          {
            std::lock_guard lock(mu);
            auto it = conns.find(id);
            if (it == conns.end() || !it->second.idle) return;
          }
          beast::error_code ec;
          s->socket().cancel(ec);
        });
      }
      if (none_left) return;  // nothing keeps the io_context busy: Run() returns
      deadline.expires_after(options.shutdown_deadline);
      deadline.async_wait([this](beast::error_code ec) {
        if (ec) return;  // cancelled: all connections finished in time
        spdlog::warn(R"({"event":"shutdown_deadline","message":"closing connections still open"})");
        ioc.stop();
      });
    });
  }
};

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
    return MakeError(ErrorCode::kUnavailable,
                     "cannot listen on " + impl_->options.host + ":" + std::to_string(impl_->options.port) + ": " +
                         ec.message());
  }
  return a.local_endpoint().port();
}

void Server::Run() {
  auto& impl = *impl_;
  std::signal(SIGPIPE, SIG_IGN);  // sendfile(2) to a closed peer must fail with EPIPE, not kill us
  impl.signals.async_wait([&impl](beast::error_code ec, int) {
    if (!ec) impl.BeginStop();
  });
  net::co_spawn(impl.control, impl.Accept(), net::detached);
  int n = impl.options.threads > 0 ? impl.options.threads
                                   : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  for (int i = 1; i < n; ++i) threads.emplace_back([&impl] { impl.ioc.run(); });
  impl.ioc.run();
  for (auto& t : threads) t.join();
  spdlog::info(R"({"event":"shutdown_complete"})");
}

void Server::Stop() { impl_->BeginStop(); }

}  // namespace starprep::http
