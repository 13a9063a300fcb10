// SPDX-License-Identifier: Apache-2.0
#include "http/message.h"

#include "core/strings.h"

namespace starprep::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Calls fn(name, value) for each "a=b" pair separated by `sep`.
template <class Fn>
void ForEachPair(std::string_view s, char sep, Fn&& fn) {
  while (!s.empty()) {
    auto end = s.find(sep);
    std::string_view item = s.substr(0, end);
    s = end == std::string_view::npos ? std::string_view{} : s.substr(end + 1);
    auto eq = item.find('=');
    fn(item.substr(0, eq), eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1));
  }
}

}  // namespace

std::string_view MethodName(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      break;
  }
  return "OTHER";
}

std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::map<std::string, std::string>> ParseForm(std::string_view body) {
  std::map<std::string, std::string> out;
  bool ok = true;
  ForEachPair(body, '&', [&](std::string_view k, std::string_view v) {
    if (k.empty()) return;
    auto key = PercentDecode(k, true);
    auto value = PercentDecode(v, true);
    if (!key || !value) {
      ok = false;
      return;
    }
    out[*key] = std::move(*value);
  });
  if (!ok) return std::nullopt;
  return out;
}

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (AsciiIEquals(k, name)) return v;
  return {};
}

std::optional<std::string> Request::Query(std::string_view name) const {
  std::optional<std::string> found;
  ForEachPair(query, '&', [&](std::string_view k, std::string_view v) {
    if (found) return;
    auto key = PercentDecode(k, true);
    if (key && *key == name) found = PercentDecode(v, true).value_or("");
  });
  return found;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& [k, v] : headers) {
    if (!AsciiIEquals(k, "cookie")) continue;
    ForEachPair(v, ';', [&](std::string_view ck, std::string_view cv) {
      if (!found && TrimOws(ck) == name) found = std::string(TrimOws(cv));
    });
  }
  return found;
}

bool Request::WantsJson() const {
  if (path.starts_with("/api/")) return true;
  std::string_view accept = Header("accept");
  auto json = accept.find("application/json");
  auto html = accept.find("text/html");
  return json != std::string_view::npos && (html == std::string_view::npos || json < html);
}

bool Request::AcceptsGzip() const {
  std::string_view ae = Header("accept-encoding");
  auto pos = ae.find("gzip");
  if (pos == std::string_view::npos) return false;
  // Honour an explicit "gzip;q=0".
  std::string_view rest = ae.substr(pos + 4);
  rest = rest.substr(0, rest.find(','));
  auto q = rest.find("q=");
  return q == std::string_view::npos || TrimOws(rest.substr(q + 2)).find_first_not_of("0.") != std::string_view::npos;
}

void Response::SetHeader(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (AsciiIEquals(k, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

void Response::AddHeader(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
}

std::string_view Response::GetHeader(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (AsciiIEquals(k, name)) return v;
  return {};
}

void Response::SetBody(std::string content, std::string content_type) {
  body.clear();
  body_files.clear();
  body.push_back(std::make_shared<const std::string>(std::move(content)));
  SetHeader("Content-Type", std::move(content_type));
}

std::size_t Response::BodySize() const {
  std::size_t n = 0;
  for (const auto& b : body) n += b->size();
  return n;
}

std::string Response::BodyString() const {
  std::string out;
  for (const auto& b : body) out += *b;
  return out;
}

Response TextResponse(int status, std::string text) {
  Response r;
  r.status = status;
  r.SetBody(std::move(text), "text/plain; charset=utf-8");
  return r;
}

Response JsonResponse(int status, std::string json) {
  Response r;
  r.status = status;
  r.SetBody(std::move(json), "application/json");
  return r;
}

Response Redirect(int status, std::string location) {
  Response r;
  r.status = status;
  r.SetHeader("Location", std::move(location));
  return r;
}

}  // namespace starprep::http
