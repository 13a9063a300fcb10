// SPDX-License-Identifier: Apache-2.0
#pragma once
// Where the site's absolute links point (rel=canonical, og:url, JSON-LD URLs, the sitemap).
//
// Three ways, in this order:
//   1. `serve --public-url https://example.com` (or STARPREP_PUBLIC_URL): every link starts with it,
//      whatever the request says;
//   2. otherwise the request's Host, but only when it is in the allow-list (`serve --allowed-host`):
//      pages then differ by Host, so the page cache keys them by it (CacheVariant);
//   3. otherwise nothing: links stay relative (a client-chosen Host never appears in a page).
// Pure functions and an immutable value: thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace starprep::http {

// Checks a --public-url value: an absolute http:// or https:// URL naming only the site's root (no
// user info, path, query or fragment; a trailing "/" is allowed). Returns the normalised origin
// ("https://example.com:8443": scheme and host lower case, no trailing slash) or
// kInvalidArgument with what is wrong.
Result<std::string> ParsePublicUrl(std::string_view url);

// One --allowed-host value: "example.com", "example.com:8443" (https assumed) or an origin as
// ParsePublicUrl takes it ("http://localhost:8080", for plain-HTTP set-ups).
struct AllowedHost {
  std::string host;    // as the Host header carries it, lower case: "example.com:8443"
  std::string origin;  // "https://example.com:8443"
};
// kInvalidArgument when the value is not a host name or IP literal with an optional port.
Result<AllowedHost> ParseAllowedHost(std::string_view value);

class PublicOrigin {
 public:
  PublicOrigin() = default;
  // `fixed`: ParsePublicUrl's result or "" for none; `allowed`: used only when `fixed` is "".
  PublicOrigin(std::string fixed, std::vector<AllowedHost> allowed);

  // The origin for links in the answer to `req` ("https://example.com"), or "" when links stay
  // relative (no --public-url and the request's Host is not allowed).
  std::string For(const Request& req) const;
  // The page-cache variant for `req` ("" when pages do not depend on the request's Host): pages
  // rendered for different Hosts must not be served to each other.
  std::string CacheVariant(const Request& req) const;
  // False when no request can get absolute links (no --public-url, no allowed host): `serve`
  // warns at start-up, and /sitemap.xml is not served (a sitemap needs absolute URLs).
  bool Configured() const { return !fixed_.empty() || !allowed_.empty(); }

 private:
  std::string fixed_;
  std::vector<AllowedHost> allowed_;
};

}  // namespace starprep::http
