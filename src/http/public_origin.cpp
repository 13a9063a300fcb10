// SPDX-License-Identifier: Apache-2.0
#include "http/public_origin.h"

#include <algorithm>
#include <cctype>

namespace starprep::http {
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// "host", "host:port", "[v6]:port": letters, digits, '-', '.', and a bracketed IPv6 literal;
// an optional port of 1 to 5 digits.
bool IsHostAndPort(std::string_view s) {
  if (s.empty()) return false;
  std::string_view host = s, port;
  if (s.front() == '[') {
    const std::size_t close = s.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (char c : s.substr(1, close - 1))
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    host = {};
    const std::string_view rest = s.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
      if (port.empty()) return false;
    }
  } else {
    const std::size_t colon = s.find(':');
    if (colon != std::string_view::npos) {
      host = s.substr(0, colon);
      port = s.substr(colon + 1);
      if (port.empty()) return false;
    }
    if (host.empty() || host.front() == '.' || host.front() == '-') return false;
    for (char c : host)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
  }
  if (port.size() > 5) return false;
  return std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

Result<std::string> ParsePublicUrl(std::string_view url) {
  const std::string shown = "\"" + std::string(url) + "\"";
  std::string scheme;
  std::string_view rest;
  const std::string lower = Lower(url.substr(0, 8));
  if (lower.starts_with("https://")) {
    scheme = "https";
    rest = url.substr(8);
  } else if (lower.starts_with("http://")) {
    scheme = "http";
    rest = url.substr(7);
  } else {
    return Invalid("the public URL must be an absolute http:// or https:// URL, got " + shown);
  }
  if (rest.find_first_of("?#") != std::string_view::npos)
    return Invalid("the public URL must not have a query or a fragment, got " + shown);
  if (rest.find('@') != std::string_view::npos)
    return Invalid("the public URL must not hold a user name or password, got " + shown);
  const std::size_t slash = rest.find('/');
  const std::string_view host = rest.substr(0, slash);
  if (slash != std::string_view::npos && rest.substr(slash) != "/")
    return Invalid("the public URL must be the site's root, without a path (starprep serves from /), got " + shown);
  if (!IsHostAndPort(host)) return Invalid("the public URL has no valid host name, got " + shown);
  return scheme + "://" + Lower(host);
}

Result<AllowedHost> ParseAllowedHost(std::string_view value) {
  if (value.find("://") != std::string_view::npos) {
    auto origin = ParsePublicUrl(value);
    if (!origin) return Invalid("--allowed-host: " + origin.error().message);
    return AllowedHost{origin->substr(origin->find("://") + 3), *origin};
  }
  if (!IsHostAndPort(value))
    return Invalid(
        "--allowed-host must be a host name with an optional port (example.com, example.com:8443) or an "
        "origin (http://localhost:8080), got \"" +
        std::string(value) + "\"");
  const std::string host = Lower(value);
  return AllowedHost{host, "https://" + host};
}

PublicOrigin::PublicOrigin(std::string fixed, std::vector<AllowedHost> allowed)
    : fixed_(std::move(fixed)), allowed_(fixed_.empty() ? std::move(allowed) : std::vector<AllowedHost>{}) {}

std::string PublicOrigin::For(const Request& req) const {
  if (!fixed_.empty()) return fixed_;
  if (allowed_.empty()) return "";
  const std::string host = Lower(req.Header("host"));
  for (const auto& a : allowed_)
    if (a.host == host) return a.origin;
  return "";
}

std::string PublicOrigin::CacheVariant(const Request& req) const {
  if (!fixed_.empty() || allowed_.empty()) return "";
  const std::string origin = For(req);
  return origin.empty() ? std::string("relative") : origin;
}

}  // namespace starprep::http
