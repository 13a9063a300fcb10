// SPDX-License-Identifier: Apache-2.0
#include "http/csrf.h"

#include <sodium.h>

#include <cctype>

namespace starprep::http {
namespace {

std::string Base64Url(const unsigned char* data, std::size_t n) {
  std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);  // drop the terminating NUL
  return out;
}

constexpr std::size_t kVisitorIdBytes = 16;
constexpr std::size_t kVisitorIdChars = 22;  // base64url of 16 bytes, no padding
constexpr std::size_t kMacBytes = 32;
static_assert(kCsrfTokenChars == (kMacBytes * 4 + 2) / 3);

}  // namespace

struct Csrf::Keyed {
  crypto_generichash_state state;
  unsigned char flash_key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];  // keyed BLAKE2b of "flash-key"
  ~Keyed() { sodium_memzero(flash_key, sizeof flash_key); }
};

Csrf::Csrf(Secret secret, bool secure_cookies) : secure_cookies_(secure_cookies) {
  auto keyed = std::make_shared<Keyed>();
  crypto_generichash_init(&keyed->state, secret.data(), secret.size(), kMacBytes);
  static constexpr std::string_view kFlashLabel = "flash-key";
  static_assert(sizeof keyed->flash_key >= crypto_generichash_BYTES_MIN);
  crypto_generichash(keyed->flash_key, sizeof keyed->flash_key,
                     reinterpret_cast<const unsigned char*>(kFlashLabel.data()), kFlashLabel.size(), secret.data(),
                     secret.size());
  sodium_memzero(secret.data(), secret.size());
  keyed_ = std::move(keyed);
}

std::string Csrf::NewVisitorId() {
  unsigned char raw[kVisitorIdBytes];
  randombytes_buf(raw, sizeof raw);
  return Base64Url(raw, sizeof raw);
}

bool Csrf::IsWellFormedVisitorId(std::string_view id) {
  if (id.size() != kVisitorIdChars) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

std::string Csrf::VisitorOf(const Request& req) {
  auto id = req.Cookie(kVisitorCookie);
  return id && IsWellFormedVisitorId(*id) ? *id : std::string();
}

std::string Csrf::EnsureVisitor(const Request& req, Response& resp) const {
  std::string id = VisitorOf(req);
  if (!id.empty()) return id;
  id = NewVisitorId();
  std::string cookie = std::string(kVisitorCookie) + "=" + id + "; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax";
  if (secure_cookies_) cookie += "; Secure";
  resp.AddHeader("Set-Cookie", std::move(cookie));
  return id;
}

std::string Csrf::TokenFor(std::string_view visitor_id, std::string_view session) const {
  std::string msg = "csrf:";
  msg += visitor_id;
  if (!session.empty()) {
    msg += '.';
    msg += session;
  }
  unsigned char mac[kMacBytes];
  crypto_generichash_state st = keyed_->state;
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
  crypto_generichash_final(&st, mac, sizeof mac);
  sodium_memzero(&st, sizeof st);
  return Base64Url(mac, sizeof mac);
}

bool Csrf::Verify(std::string_view visitor_id, std::string_view token, std::string_view session) const {
  if (!IsWellFormedVisitorId(visitor_id)) return false;
  std::string expected = TokenFor(visitor_id, session);
  if (token.size() != expected.size()) return false;
  return sodium_memcmp(expected.data(), token.data(), expected.size()) == 0;
}

bool Csrf::SameOrigin(const Request& req) {
  const std::string_view site = req.Header("sec-fetch-site");
  if (!site.empty()) return site == "same-origin";
  std::string_view origin = req.Header("origin");
  const std::string_view host = req.Header("host");
  const auto scheme_end = origin.find("://");
  if (host.empty() || scheme_end == std::string_view::npos) return false;  // absent, or "null"
  const std::string_view scheme = origin.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  origin.remove_prefix(scheme_end + 3);
  if (origin.size() != host.size()) return false;
  for (std::size_t i = 0; i < host.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(origin[i])) != std::tolower(static_cast<unsigned char>(host[i])))
      return false;
  return true;
}

bool Csrf::VerifyRequest(const Request& req, std::string_view token) const {
  return Verify(VisitorOf(req), token, SessionOf(req));
}

std::string_view Csrf::SessionCookieName() const {
  return secure_cookies_ ? kSessionCookieSecure : kSessionCookiePlain;
}

std::string Csrf::SessionOf(const Request& req) const {
  return req.Cookie(SessionCookieName()).value_or("");
}

std::string Csrf::SessionCookie(std::string_view token, std::int64_t max_age_seconds) const {
  std::string c = std::string(SessionCookieName()) + "=" + std::string(token) +
                  "; Path=/; Max-Age=" + std::to_string(max_age_seconds) + "; HttpOnly; SameSite=Lax";
  if (secure_cookies_) c += "; Secure";
  return c;
}

std::string Csrf::ClearSessionCookie() const {
  return SessionCookie("", 0);
}

namespace {

// What a flash cookie's seal is bound to: its name and the session it was made for.
std::string FlashAd(std::string_view name, std::string_view session) {
  std::string ad = "flash:";
  ad += name;
  ad += '.';
  ad += session;
  return ad;
}

}  // namespace

std::string Csrf::FlashCookie(std::string_view name, std::string_view value, std::string_view session,
                              std::string_view path, int max_age_seconds) const {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string sealed(kNonce + value.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, kNonce);
  const std::string ad = FlashAd(name, session);
  unsigned long long sealed_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out + kNonce, &sealed_len, reinterpret_cast<const unsigned char*>(value.data()), value.size(),
      reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, out, keyed_->flash_key);
  std::string c = std::string(name) + "=" + Base64Url(out, kNonce + sealed_len) + "; Path=" + std::string(path) +
                  "; Max-Age=" + std::to_string(max_age_seconds) + "; HttpOnly; SameSite=Strict";
  if (secure_cookies_) c += "; Secure";
  sodium_memzero(sealed.data(), sealed.size());
  return c;
}

std::optional<std::string> Csrf::OpenFlash(const Request& req, std::string_view name) const {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr std::size_t kMaxCookieChars = 4096;
  auto cookie = req.Cookie(name);
  if (!cookie || cookie->empty() || cookie->size() > kMaxCookieChars) return std::nullopt;
  std::string raw(cookie->size(), '\0');
  std::size_t raw_len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), cookie->data(), cookie->size(),
                        nullptr, &raw_len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      raw_len < kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return std::nullopt;
  const auto* in = reinterpret_cast<const unsigned char*>(raw.data());
  std::string value(raw_len - kNonce - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long value_len = 0;
  const std::string ad = FlashAd(name, SessionOf(req));
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(value.data()), &value_len, nullptr, in + kNonce, raw_len - kNonce,
          reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), in, keyed_->flash_key) != 0)
    return std::nullopt;
  value.resize(value_len);
  return value;
}

std::string Csrf::ClearFlashCookie(std::string_view name, std::string_view path) const {
  std::string c = std::string(name) + "=; Path=" + std::string(path) + "; Max-Age=0; HttpOnly; SameSite=Strict";
  if (secure_cookies_) c += "; Secure";
  return c;
}

}  // namespace starprep::http
