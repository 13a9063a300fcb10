// SPDX-License-Identifier: Apache-2.0
#pragma once
// The project's own small HTTP request/response types. Handlers see these, never Beast.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace starprep::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view MethodName(Method m);

struct Request {
  Method method = Method::kGet;
  std::string target;                                        // as received, e.g. "/roles/x?a=1"
  std::string path;                                          // percent-decoded path without query, e.g. "/roles/x"
  std::string query;                                         // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_addr;
  std::map<std::string, std::string> params;  // path parameters filled by the router

  // First value of a header (name compared case-insensitively), or "" if absent.
  std::string_view Header(std::string_view name) const;
  // Decoded query parameter, nullopt if absent.
  std::optional<std::string> Query(std::string_view name) const;
  // Cookie value, nullopt if absent.
  std::optional<std::string> Cookie(std::string_view name) const;
  // True when the client prefers JSON (path under /api/ or Accept asks for JSON before HTML).
  bool WantsJson() const;
  // True when Accept-Encoding allows gzip.
  bool AcceptsGzip() const;
};

// Decoded application/x-www-form-urlencoded fields (later duplicates win); nullopt if malformed.
std::optional<std::map<std::string, std::string>> ParseForm(std::string_view body);
// Percent-decodes (and '+' → ' ' when `plus_is_space`); nullopt on a bad escape.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);

using Bytes = std::shared_ptr<const std::string>;

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  // The body is the concatenation of these pieces, written to the socket without copying:
  // cached pages share their pieces between responses.
  std::vector<Bytes> body;
  // Optional, one per body piece: a file holding the same bytes, which the server may send with
  // sendfile(2) instead of copying from memory (fd -1: none). Ignored unless sizes match.
  struct FileRef {
    int fd = -1;
    std::int64_t offset = 0;
  };
  std::vector<FileRef> body_files;
  std::shared_ptr<const void> body_owner;  // keeps body_files' descriptors open

  // Set (by Router::Dispatch) for a route whose handler may block for long (password hashing):
  // the server then sends what `run` returns, computed on its small worker pool instead of the
  // I/O thread, or what `busy` returns (a 503 with Retry-After) at once when the pool's queue is
  // full. Both own everything they need; `run` may be dropped unrun if the client has gone.
  struct Offload {
    std::function<Response()> run;
    std::function<Response()> busy;
  };
  std::shared_ptr<Offload> offload;

  void SetHeader(std::string name, std::string value);
  void AddHeader(std::string name, std::string value);  // allows repeats (Set-Cookie)
  std::string_view GetHeader(std::string_view name) const;
  void SetBody(std::string content, std::string content_type);
  std::size_t BodySize() const;
  std::string BodyString() const;  // concatenated copy, for tests and logs
};

Response TextResponse(int status, std::string text);
Response JsonResponse(int status, std::string json);
Response Redirect(int status, std::string location);

}  // namespace starprep::http
