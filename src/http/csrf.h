#pragma once
// Anonymous visitors and CSRF tokens.
//
// A visitor is identified by a random id in the "sp_vid" cookie (HttpOnly, SameSite=Lax).
// The CSRF token for a visitor is HMAC-SHA256(secret, "csrf:" + id), so it needs no server-side
// state and works across instances that share the secret. A state-changing request carries the
// token in a form field "csrf" or an "X-CSRF-Token" header; Verify() compares in constant time.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"

namespace starprep::http {

inline constexpr std::string_view kVisitorCookie = "sp_vid";
inline constexpr std::size_t kCsrfTokenChars = 43;  // base64url of an HMAC-SHA256, no padding

class Csrf {
 public:
  using Secret = std::array<unsigned char, 32>;
  Csrf(Secret secret, bool secure_cookies);

  // The visitor id from the request cookie if well-formed; otherwise a new id, and a
  // Set-Cookie for it is added to `resp`.
  std::string EnsureVisitor(const Request& req, Response& resp) const;
  // The visitor id from the request cookie if well-formed, else "".
  static std::string VisitorOf(const Request& req);

  std::string TokenFor(std::string_view visitor_id) const;  // kCsrfTokenChars characters, URL-safe
  bool Verify(std::string_view visitor_id, std::string_view token) const;

  static std::string NewVisitorId();
  static bool IsWellFormedVisitorId(std::string_view id);

 private:
  struct Keyed;  // HMAC state with the key already absorbed, copied per token
  std::shared_ptr<const Keyed> keyed_;
  bool secure_cookies_;
};

}  // namespace starprep::http
