#pragma once
// Parses one HTTP/1.1 request straight into an http::Request. Includes Beast: only server.cpp, its
// unit test (tests/unit/http/request_parser_test.cpp) and the request fuzzer (tests/fuzz) may include
// this header.
//
// The header limit (header_limit(): request line and fields together) and the body limit
// (body_limit()) are enforced before any byte past them reaches the Request; a limit or syntax
// error ends the parse with a Beast error code.

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/strings.h"
#include "http/message.h"

namespace starprep::http {

inline Method ToMethod(boost::beast::http::verb v) {
  switch (v) {
    case boost::beast::http::verb::get: return Method::kGet;
    case boost::beast::http::verb::head: return Method::kHead;
    case boost::beast::http::verb::post: return Method::kPost;
    case boost::beast::http::verb::put: return Method::kPut;
    case boost::beast::http::verb::patch: return Method::kPatch;
    case boost::beast::http::verb::delete_: return Method::kDelete;
    case boost::beast::http::verb::options: return Method::kOptions;
    default: return Method::kOther;
  }
}

// Fills `request` without Beast's header container: names lower-cased, the body appended.
class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  RequestParser() { request.headers.reserve(16); }
  Request request;

  // Beast checks its header limit against the request line and against the fields separately,
  // so each could reach the limit (found by tests/fuzz/http_request). This one also limits their
  // sum: request line plus fields, counted as parsed (without optional white space), over
  // `bytes` ends the parse with http::error::header_limit.
  void header_limit(std::uint32_t bytes) {
    header_limit_bytes_ = bytes;
    basic_parser::header_limit(bytes);
  }

 private:
  std::size_t header_limit_bytes_ = 8192;  // Beast's default
  std::size_t header_bytes_ = 0;

  void CountHeaderBytes(std::size_t n, boost::beast::error_code& ec) {
    header_bytes_ += n;
    if (header_bytes_ > header_limit_bytes_) ec = boost::beast::http::error::header_limit;
  }

  void on_request_impl(boost::beast::http::verb method, boost::beast::string_view method_text,
                       boost::beast::string_view target, int, boost::beast::error_code& ec) override {
    CountHeaderBytes(method_text.size() + target.size() + 12, ec);  // "<method> <target> HTTP/1.1\r\n"
    request.method = ToMethod(method);
    request.target.assign(target.data(), target.size());
  }
  void on_response_impl(int, boost::beast::string_view, int, boost::beast::error_code&) override {}
  void on_field_impl(boost::beast::http::field, boost::beast::string_view name, boost::beast::string_view value,
                     boost::beast::error_code& ec) override {
    CountHeaderBytes(name.size() + value.size() + 4, ec);  // "<name>: <value>\r\n"
    request.headers.emplace_back(AsciiLower(name), std::string(value));
  }
  void on_header_impl(boost::beast::error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, boost::beast::error_code&) override {
    if (length) request.body.reserve(static_cast<std::size_t>(*length));  // already checked against the limit
  }
  std::size_t on_body_impl(boost::beast::string_view body, boost::beast::error_code&) override {
    request.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, boost::beast::string_view, boost::beast::error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body, boost::beast::error_code&) override {
    request.body.append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(boost::beast::error_code&) override {}
};

}  // namespace starprep::http
