// SPDX-License-Identifier: Apache-2.0
// Unit tests for http/csrf: visitor ids, HMAC tokens, verification and the visitor cookie.

#include "http/csrf.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using starprep::http::Csrf;
using starprep::http::kVisitorCookie;
using starprep::http::Request;
using starprep::http::Response;

constexpr const char* kUrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

Csrf::Secret SecretOf(unsigned char fill) {
  Csrf::Secret s;
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<unsigned char>(fill + i);
  return s;
}

Request WithCookie(std::string cookie) {
  Request r;
  r.headers = {{"cookie", std::move(cookie)}};
  return r;
}

std::vector<std::string> SetCookies(const Response& resp) {
  std::vector<std::string> out;
  for (const auto& [k, v] : resp.headers)
    if (k == "Set-Cookie" || k == "set-cookie") out.push_back(v);
  return out;
}

// Attributes of a Set-Cookie value split at "; " (the first item is name=value).
std::vector<std::string> CookieParts(const std::string& set_cookie) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  for (;;) {
    std::size_t end = set_cookie.find(';', pos);
    std::string item = set_cookie.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    parts.push_back(item);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return parts;
}

bool HasPart(const std::vector<std::string>& parts, const std::string& want) {
  for (const auto& p : parts)
    if (p == want) return true;
  return false;
}

bool HasPartIgnoringCase(const std::vector<std::string>& parts, std::string want) {
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  want = lower(want);
  for (const auto& p : parts)
    if (lower(p) == want) return true;
  return false;
}

class CsrfTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }

  Csrf csrf_{SecretOf(1), false};
  Csrf secure_csrf_{SecretOf(1), true};
  Csrf other_secret_{SecretOf(99), false};
};

// --- Visitor ids ------------------------------------------------------------------------------

TEST_F(CsrfTest, NewVisitorIdIsWellFormed) {
  for (int i = 0; i < 50; ++i) {
    std::string id = Csrf::NewVisitorId();
    EXPECT_EQ(id.size(), 22u) << id;
    EXPECT_EQ(id.find_first_not_of(kUrlSafe), std::string::npos) << id;
    EXPECT_TRUE(Csrf::IsWellFormedVisitorId(id)) << id;
  }
}

TEST_F(CsrfTest, NewVisitorIdsAreUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 2000; ++i) ids.insert(Csrf::NewVisitorId());
  EXPECT_EQ(ids.size(), 2000u);
}

TEST_F(CsrfTest, IsWellFormedAcceptsTheWholeAlphabet) {
  EXPECT_TRUE(Csrf::IsWellFormedVisitorId("ABCDEFGHIJKLMNOPQRSTUV"));
  EXPECT_TRUE(Csrf::IsWellFormedVisitorId("abcdefghijklmnopqrstuv"));
  EXPECT_TRUE(Csrf::IsWellFormedVisitorId("0123456789-_0123456789"));
}

TEST_F(CsrfTest, IsWellFormedRejectsWrongLength) {
  EXPECT_FALSE(Csrf::IsWellFormedVisitorId(""));
  EXPECT_FALSE(Csrf::IsWellFormedVisitorId("abc"));
  EXPECT_FALSE(Csrf::IsWellFormedVisitorId(std::string(21, 'a')));
  EXPECT_FALSE(Csrf::IsWellFormedVisitorId(std::string(23, 'a')));
  EXPECT_FALSE(Csrf::IsWellFormedVisitorId(std::string(44, 'a')));
}

TEST_F(CsrfTest, IsWellFormedRejectsWrongCharacters) {
  const std::string base(21, 'a');
  for (char bad : {'+', '/', '=', ' ', '.', ';', '"', '\'', '<', '%', '\0', '\n', '\t', '~'}) {
    EXPECT_FALSE(Csrf::IsWellFormedVisitorId(base + bad)) << static_cast<int>(bad);
    EXPECT_FALSE(Csrf::IsWellFormedVisitorId(std::string(1, bad) + base)) << static_cast<int>(bad);
  }
  // 22 bytes, but with a two-byte UTF-8 letter.
  EXPECT_FALSE(Csrf::IsWellFormedVisitorId(std::string(20, 'a') + "\xC3\xA9"));
  EXPECT_FALSE(Csrf::IsWellFormedVisitorId(std::string(21, 'a') + "\xFF"));
}

// --- Tokens -----------------------------------------------------------------------------------

TEST_F(CsrfTest, TokenIs43UrlSafeCharacters) {
  std::string token = csrf_.TokenFor(Csrf::NewVisitorId());
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(token.find_first_not_of(kUrlSafe), std::string::npos) << token;
}

TEST_F(CsrfTest, TokenIsDeterministicPerSecretAndId) {
  const std::string id = "AAAAAAAAAAAAAAAAAAAAAA";
  EXPECT_EQ(csrf_.TokenFor(id), csrf_.TokenFor(id));
  // Another instance with the same secret (another server) agrees; the cookie flag is irrelevant.
  Csrf same_secret(SecretOf(1), false);
  EXPECT_EQ(same_secret.TokenFor(id), csrf_.TokenFor(id));
  EXPECT_EQ(secure_csrf_.TokenFor(id), csrf_.TokenFor(id));
}

TEST_F(CsrfTest, TokenDiffersById) {
  std::set<std::string> tokens;
  for (int i = 0; i < 100; ++i) tokens.insert(csrf_.TokenFor(Csrf::NewVisitorId()));
  EXPECT_EQ(tokens.size(), 100u);
  EXPECT_NE(csrf_.TokenFor("AAAAAAAAAAAAAAAAAAAAAA"), csrf_.TokenFor("AAAAAAAAAAAAAAAAAAAAAB"));
}

TEST_F(CsrfTest, TokenDiffersBySecret) {
  const std::string id = Csrf::NewVisitorId();
  EXPECT_NE(csrf_.TokenFor(id), other_secret_.TokenFor(id));
  Csrf one_bit_off(
      [] {
        Csrf::Secret s = SecretOf(1);
        s[31] ^= 0x01;
        return s;
      }(),
      false);
  EXPECT_NE(csrf_.TokenFor(id), one_bit_off.TokenFor(id));
}

TEST_F(CsrfTest, TokenIsAKeyedBlake2bOfTheId) {
  // Keyed BLAKE2b-256(secret, "csrf:" + id), base64url without padding, as the header documents.
  const std::string id = "bWFkZS11cC12aXNpdG9yMQ";
  Csrf::Secret secret = SecretOf(7);
  unsigned char mac[32];
  const std::string msg = "csrf:" + id;
  crypto_generichash(mac, sizeof mac, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), secret.data(),
                     secret.size());
  char b64[sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  EXPECT_EQ(Csrf(secret, false).TokenFor(id), std::string(b64));
}

// --- Verify -----------------------------------------------------------------------------------

TEST_F(CsrfTest, VerifyAcceptsTheRightToken) {
  for (int i = 0; i < 20; ++i) {
    std::string id = Csrf::NewVisitorId();
    EXPECT_TRUE(csrf_.Verify(id, csrf_.TokenFor(id))) << id;
  }
}

TEST_F(CsrfTest, VerifyRejectsWrongTokens) {
  const std::string id = Csrf::NewVisitorId();
  const std::string token = csrf_.TokenFor(id);
  std::string flipped_last = token;
  flipped_last.back() = flipped_last.back() == 'A' ? 'B' : 'A';
  std::string flipped_first = token;
  flipped_first.front() = flipped_first.front() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(csrf_.Verify(id, flipped_last));
  EXPECT_FALSE(csrf_.Verify(id, flipped_first));
  EXPECT_FALSE(csrf_.Verify(id, csrf_.TokenFor(Csrf::NewVisitorId())));  // another visitor's token
  EXPECT_FALSE(csrf_.Verify(id, other_secret_.TokenFor(id)));            // another secret's token
  EXPECT_FALSE(other_secret_.Verify(id, token));
}

TEST_F(CsrfTest, VerifyRejectsEmptyTruncatedAndExtendedTokens) {
  const std::string id = Csrf::NewVisitorId();
  const std::string token = csrf_.TokenFor(id);
  EXPECT_FALSE(csrf_.Verify(id, ""));
  EXPECT_FALSE(csrf_.Verify(id, token.substr(0, 42)));
  EXPECT_FALSE(csrf_.Verify(id, token.substr(0, 1)));
  EXPECT_FALSE(csrf_.Verify(id, token + "A"));
  EXPECT_FALSE(csrf_.Verify(id, token + "="));  // padded form is not accepted
  EXPECT_FALSE(csrf_.Verify(id, std::string(43, '\0')));
}

TEST_F(CsrfTest, VerifyRejectsMalformedIdsEvenWithTheirOwnToken) {
  for (std::string bad : {std::string(), std::string("short"), std::string(21, 'a') + "/", std::string(23, 'a'),
                          std::string(21, 'a') + "="}) {
    EXPECT_FALSE(csrf_.Verify(bad, csrf_.TokenFor(bad))) << bad;
  }
}

// --- Binding to the session --------------------------------------------------------------------
// A signed-in browser's token covers its visitor id AND its session: a token minted for one
// session must fail for another session of the same visitor, for the same session of another
// visitor, and without a session (and the other way round).

TEST_F(CsrfTest, TokenIsBoundToTheSession) {
  const std::string visitor = Csrf::NewVisitorId(), other_visitor = Csrf::NewVisitorId();
  const std::string session(43, 's'), other_session(43, 't');
  const std::string token = csrf_.TokenFor(visitor, session);
  EXPECT_TRUE(csrf_.Verify(visitor, token, session));
  EXPECT_FALSE(csrf_.Verify(visitor, token, other_session)) << "another session of the same visitor";
  EXPECT_FALSE(csrf_.Verify(other_visitor, token, session)) << "the same session of another visitor";
  EXPECT_FALSE(csrf_.Verify(visitor, token)) << "the visitor without a session";
  EXPECT_FALSE(csrf_.Verify(visitor, csrf_.TokenFor(visitor), session)) << "an anonymous token once signed in";
  EXPECT_NE(token, csrf_.TokenFor(visitor, other_session));
  EXPECT_NE(token, csrf_.TokenFor(visitor));
  // One character of the session changes the token.
  std::string near = session;
  near.back() = 'u';
  EXPECT_FALSE(csrf_.Verify(visitor, token, near));
}

TEST_F(CsrfTest, VerifyRequestReadsTheVisitorAndSessionCookies) {
  const std::string visitor = Csrf::NewVisitorId();
  const std::string session(43, 'q'), other_session(43, 'r');
  const std::string token = csrf_.TokenFor(visitor, session);
  const std::string vid = std::string(kVisitorCookie) + "=" + visitor;
  EXPECT_TRUE(csrf_.VerifyRequest(WithCookie(vid + "; sp_session=" + session), token));
  EXPECT_FALSE(csrf_.VerifyRequest(WithCookie(vid + "; sp_session=" + other_session), token));
  EXPECT_FALSE(csrf_.VerifyRequest(WithCookie(vid), token)) << "signed out: the session's token is void";
  EXPECT_FALSE(csrf_.VerifyRequest(
      WithCookie(std::string(kVisitorCookie) + "=" + Csrf::NewVisitorId() + "; sp_session=" + session), token));
  // Behind TLS the session cookie has the __Host- name; the plain name is then not read.
  EXPECT_TRUE(secure_csrf_.VerifyRequest(WithCookie(vid + "; __Host-sp_session=" + session), token));
  EXPECT_FALSE(secure_csrf_.VerifyRequest(WithCookie(vid + "; sp_session=" + session), token));
}

// --- EnsureVisitor / VisitorOf ----------------------------------------------------------------

TEST_F(CsrfTest, EnsureVisitorReusesAValidCookie) {
  const std::string id = Csrf::NewVisitorId();
  Response resp;
  EXPECT_EQ(csrf_.EnsureVisitor(WithCookie("sp_vid=" + id), resp), id);
  EXPECT_TRUE(SetCookies(resp).empty());
  EXPECT_TRUE(resp.headers.empty());
}

TEST_F(CsrfTest, EnsureVisitorFindsTheCookieAmongOthers) {
  const std::string id = Csrf::NewVisitorId();
  Response resp;
  EXPECT_EQ(csrf_.EnsureVisitor(WithCookie("theme=dark; sp_vid=" + id + "; lang=en"), resp), id);
  EXPECT_TRUE(SetCookies(resp).empty());
}

TEST_F(CsrfTest, EnsureVisitorMintsANewIdWhenTheCookieIsMissing) {
  Response resp;
  std::string id = csrf_.EnsureVisitor(Request{}, resp);
  EXPECT_TRUE(Csrf::IsWellFormedVisitorId(id)) << id;
  auto cookies = SetCookies(resp);
  ASSERT_EQ(cookies.size(), 1u);
  auto parts = CookieParts(cookies[0]);
  ASSERT_FALSE(parts.empty());
  EXPECT_EQ(parts[0], std::string(kVisitorCookie) + "=" + id);
  EXPECT_TRUE(HasPartIgnoringCase(parts, "HttpOnly")) << cookies[0];
  EXPECT_TRUE(HasPartIgnoringCase(parts, "SameSite=Lax")) << cookies[0];
  EXPECT_TRUE(HasPart(parts, "Path=/")) << cookies[0];
  EXPECT_FALSE(HasPartIgnoringCase(parts, "Secure")) << cookies[0];
  // The new id round-trips: the next request carrying it keeps it.
  Response next;
  EXPECT_EQ(csrf_.EnsureVisitor(WithCookie(parts[0]), next), id);
  EXPECT_TRUE(SetCookies(next).empty());
}

TEST_F(CsrfTest, EnsureVisitorMarksTheCookieSecureWhenConfigured) {
  Response resp;
  std::string id = secure_csrf_.EnsureVisitor(Request{}, resp);
  auto cookies = SetCookies(resp);
  ASSERT_EQ(cookies.size(), 1u);
  auto parts = CookieParts(cookies[0]);
  EXPECT_EQ(parts[0], "sp_vid=" + id);
  EXPECT_TRUE(HasPartIgnoringCase(parts, "Secure")) << cookies[0];
  EXPECT_TRUE(HasPartIgnoringCase(parts, "HttpOnly")) << cookies[0];
  EXPECT_TRUE(HasPartIgnoringCase(parts, "SameSite=Lax")) << cookies[0];
  EXPECT_TRUE(HasPart(parts, "Path=/")) << cookies[0];
}

TEST_F(CsrfTest, EnsureVisitorReplacesAMalformedCookie) {
  for (std::string cookie :
       {std::string("sp_vid="), std::string("sp_vid=short"), "sp_vid=" + std::string(21, 'a') + "/",
        "sp_vid=" + std::string(23, 'a'), "sp_vid=\"" + std::string(20, 'a') + "\"", "other=" + Csrf::NewVisitorId()}) {
    Response resp;
    std::string id = csrf_.EnsureVisitor(WithCookie(cookie), resp);
    EXPECT_TRUE(Csrf::IsWellFormedVisitorId(id)) << cookie;
    EXPECT_EQ(cookie.find(id), std::string::npos) << cookie;
    auto cookies = SetCookies(resp);
    ASSERT_EQ(cookies.size(), 1u) << cookie;
    EXPECT_EQ(CookieParts(cookies[0])[0], "sp_vid=" + id);
  }
}

TEST_F(CsrfTest, EnsureVisitorMintsDifferentIdsForDifferentNewVisitors) {
  Response a, b;
  EXPECT_NE(csrf_.EnsureVisitor(Request{}, a), csrf_.EnsureVisitor(Request{}, b));
}

TEST_F(CsrfTest, EnsureVisitorKeepsOtherSetCookieHeaders) {
  Response resp;
  resp.AddHeader("Set-Cookie", "flash=saved; Path=/");
  std::string id = csrf_.EnsureVisitor(Request{}, resp);
  auto cookies = SetCookies(resp);
  ASSERT_EQ(cookies.size(), 2u);
  EXPECT_EQ(cookies[0], "flash=saved; Path=/");
  EXPECT_TRUE(cookies[1].starts_with("sp_vid=" + id));
}

TEST_F(CsrfTest, VisitorOfReturnsTheIdOnlyWhenWellFormed) {
  const std::string id = Csrf::NewVisitorId();
  EXPECT_EQ(Csrf::VisitorOf(WithCookie("sp_vid=" + id)), id);
  EXPECT_EQ(Csrf::VisitorOf(WithCookie("sp_vid=bad")), "");
  EXPECT_EQ(Csrf::VisitorOf(Request{}), "");
}

// --- Flash cookies ----------------------------------------------------------------------------

// The name=value of a Set-Cookie value, as a browser sends it back.
std::string SentBack(const std::string& set_cookie) {
  return set_cookie.substr(0, set_cookie.find(';'));
}

TEST_F(CsrfTest, FlashCookieOpensOnlyForItsSessionNameAndSecret) {
  const std::string cookie = csrf_.FlashCookie("sp_flash", "read\nspt_secret\nlaptop", "session-a", "/account", 120);
  const auto parts = CookieParts(cookie);
  EXPECT_TRUE(HasPart(parts, "Path=/account"));
  EXPECT_TRUE(HasPart(parts, "Max-Age=120"));
  EXPECT_TRUE(HasPart(parts, "HttpOnly"));
  EXPECT_TRUE(HasPart(parts, "SameSite=Strict"));
  EXPECT_FALSE(HasPart(parts, "Secure"));
  EXPECT_EQ(cookie.find("spt_secret"), std::string::npos) << "sealed, not in the clear";
  const std::string sent = SentBack(cookie);

  auto opened = csrf_.OpenFlash(WithCookie(sent + "; sp_session=session-a"), "sp_flash");
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(*opened, "read\nspt_secret\nlaptop");
  EXPECT_FALSE(csrf_.OpenFlash(WithCookie(sent + "; sp_session=session-b"), "sp_flash")) << "another session";
  EXPECT_FALSE(csrf_.OpenFlash(WithCookie(sent), "sp_flash")) << "no session";
  EXPECT_FALSE(other_secret_.OpenFlash(WithCookie(sent + "; sp_session=session-a"), "sp_flash")) << "another secret";
  const std::string renamed = "sp_other" + sent.substr(sent.find('='));
  EXPECT_FALSE(csrf_.OpenFlash(WithCookie(renamed + "; sp_session=session-a"), "sp_other")) << "another name";
  std::string tampered = sent;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(csrf_.OpenFlash(WithCookie(tampered + "; sp_session=session-a"), "sp_flash"));
  EXPECT_FALSE(csrf_.OpenFlash(WithCookie("sp_flash=short; sp_session=session-a"), "sp_flash"));
  EXPECT_FALSE(csrf_.OpenFlash(WithCookie("sp_flash=; sp_session=session-a"), "sp_flash"));
  EXPECT_FALSE(csrf_.OpenFlash(WithCookie("sp_flash=***; sp_session=session-a"), "sp_flash"));
  EXPECT_FALSE(csrf_.OpenFlash(Request{}, "sp_flash"));

  // Each seal is fresh (a random nonce), and the clearing cookie expires it on the same path.
  EXPECT_NE(SentBack(csrf_.FlashCookie("sp_flash", "x", "s", "/account", 120)),
            SentBack(csrf_.FlashCookie("sp_flash", "x", "s", "/account", 120)));
  const auto cleared = CookieParts(csrf_.ClearFlashCookie("sp_flash", "/account"));
  EXPECT_EQ(cleared.front(), "sp_flash=");
  EXPECT_TRUE(HasPart(cleared, "Max-Age=0"));
  EXPECT_TRUE(HasPart(cleared, "Path=/account"));
  EXPECT_TRUE(HasPart(CookieParts(secure_csrf_.FlashCookie("sp_flash", "x", "s", "/account", 120)), "Secure"));
}

}  // namespace
