// SPDX-License-Identifier: Apache-2.0
#pragma once
// Anonymous visitors, the session cookie and CSRF tokens.
//
// A visitor is identified by a random id in the "sp_vid" cookie (HttpOnly, SameSite=Lax).
// A signed-in browser also holds the session cookie: "__Host-sp_session" (Secure, Path=/, no
// Domain) when the service runs behind TLS; browsers refuse the __Host- prefix without Secure, so
// plain-HTTP development uses "sp_session" (otherwise the same attributes).
// The CSRF token is a MAC of "csrf:" + visitor id [+ "." + session token] under the server's secret
// (keyed BLAKE2b-256, libsodium's crypto_generichash): it needs no server-side state, works across
// instances that share the secret, and changes at every sign-in.
// A state-changing request carries it in a form field "csrf" or an "X-CSRF-Token" header;
// Verify() compares in constant time.
//
// A flash cookie carries a one-shot value from a POST to the page its redirect loads
// (post/redirect/get) without putting it in a URL or in server-side state: sealed with
// XChaCha20-Poly1305 under a key derived from the same secret, bound to the cookie's name and to
// the session, HttpOnly, SameSite=Strict, on one path, for a short time. The page that opens it
// clears it in the same response, so a reload never shows the value again.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace starprep::http {

inline constexpr std::string_view kVisitorCookie = "sp_vid";
inline constexpr std::string_view kSessionCookieSecure = "__Host-sp_session";
inline constexpr std::string_view kSessionCookiePlain = "sp_session";
inline constexpr std::size_t kCsrfTokenChars = 43;  // base64url of a 32-byte MAC, no padding

class Csrf {
 public:
  using Secret = std::array<unsigned char, 32>;
  Csrf(Secret secret, bool secure_cookies);

  // The visitor id from the request cookie if well-formed; otherwise a new id, and a
  // Set-Cookie for it is added to `resp`.
  std::string EnsureVisitor(const Request& req, Response& resp) const;
  // The visitor id from the request cookie if well-formed, else "".
  static std::string VisitorOf(const Request& req);

  // kCsrfTokenChars characters, URL-safe. `session` is the session cookie's value ("" if none).
  std::string TokenFor(std::string_view visitor_id, std::string_view session = {}) const;
  bool Verify(std::string_view visitor_id, std::string_view token, std::string_view session = {}) const;
  // Verify() for the request's own visitor and session cookies.
  bool VerifyRequest(const Request& req, std::string_view token) const;

  std::string_view SessionCookieName() const;
  // The session cookie's value, or "" if absent.
  std::string SessionOf(const Request& req) const;
  // Set-Cookie values that store `token` for `max_age_seconds`, or remove the cookie.
  std::string SessionCookie(std::string_view token, std::int64_t max_age_seconds) const;
  std::string ClearSessionCookie() const;

  // Set-Cookie value holding `value` sealed for `session` (see the flash cookie above).
  std::string FlashCookie(std::string_view name, std::string_view value, std::string_view session,
                          std::string_view path, int max_age_seconds) const;
  // The value of the request's flash cookie `name` if it opens for the request's session; nullopt
  // when absent, tampered with, or sealed for another session or secret.
  std::optional<std::string> OpenFlash(const Request& req, std::string_view name) const;
  // Set-Cookie value removing the flash cookie `name` on `path`.
  std::string ClearFlashCookie(std::string_view name, std::string_view path) const;

  // True when the browser says the request comes from a page of this site: Fetch Metadata
  // `Sec-Fetch-Site: same-origin`, or, from a browser without Fetch Metadata, an `Origin` whose
  // host[:port] is the request's `Host`. False when it says otherwise or says nothing (a request
  // without either header is not trusted). Browsers send these on every POST and a page cannot
  // forge them, so a cross-site form post is always refused.
  static bool SameOrigin(const Request& req);

  static std::string NewVisitorId();
  static bool IsWellFormedVisitorId(std::string_view id);

 private:
  struct Keyed;  // MAC state with the key already absorbed, copied per token
  std::shared_ptr<const Keyed> keyed_;
  bool secure_cookies_;
};

}  // namespace starprep::http
