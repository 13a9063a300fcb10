// SPDX-License-Identifier: Apache-2.0
// Unit tests for http/message: percent-decoding, form parsing, request accessors (headers,
// query, cookies, content negotiation) and the response helpers.

#include "http/message.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

using starprep::http::Bytes;
using starprep::http::JsonResponse;
using starprep::http::Method;
using starprep::http::MethodName;
using starprep::http::ParseForm;
using starprep::http::PercentDecode;
using starprep::http::Redirect;
using starprep::http::Request;
using starprep::http::Response;
using starprep::http::TextResponse;

Request WithHeaders(std::vector<std::pair<std::string, std::string>> headers) {
  Request r;
  r.headers = std::move(headers);
  return r;
}

Request WithAcceptEncoding(std::string value) {
  return WithHeaders({{"accept-encoding", std::move(value)}});
}

Bytes Piece(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

// --- MethodName -------------------------------------------------------------------------------

TEST(MethodNameTest, NamesEveryMethod) {
  EXPECT_EQ(MethodName(Method::kGet), "GET");
  EXPECT_EQ(MethodName(Method::kHead), "HEAD");
  EXPECT_EQ(MethodName(Method::kPost), "POST");
  EXPECT_EQ(MethodName(Method::kPut), "PUT");
  EXPECT_EQ(MethodName(Method::kPatch), "PATCH");
  EXPECT_EQ(MethodName(Method::kDelete), "DELETE");
  EXPECT_EQ(MethodName(Method::kOptions), "OPTIONS");
  EXPECT_EQ(MethodName(Method::kOther), "OTHER");
}

// --- PercentDecode ----------------------------------------------------------------------------

TEST(PercentDecodeTest, DecodesEscapes) {
  EXPECT_EQ(PercentDecode("a%20b", false), "a b");
  EXPECT_EQ(PercentDecode("%41%42%43", false), "ABC");
  EXPECT_EQ(PercentDecode("%2f%2F", false), "//");
  EXPECT_EQ(PercentDecode("%C3%A9", false), "\xC3\xA9");
  EXPECT_EQ(PercentDecode("%00", false), std::string(1, '\0'));
  EXPECT_EQ(PercentDecode("%25", false), "%");
  EXPECT_EQ(PercentDecode("%2541", false), "%41");  // decoded once, not twice
}

TEST(PercentDecodeTest, PassesPlainTextThrough) {
  EXPECT_EQ(PercentDecode("", false), "");
  EXPECT_EQ(PercentDecode("", true), "");
  EXPECT_EQ(PercentDecode("/roles/backend-developer", false), "/roles/backend-developer");
}

TEST(PercentDecodeTest, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(PercentDecode("a+b+c", true), "a b c");
  EXPECT_EQ(PercentDecode("a+b+c", false), "a+b+c");
  // An encoded plus is always a plus.
  EXPECT_EQ(PercentDecode("1%2B1", true), "1+1");
  EXPECT_EQ(PercentDecode("1%2B1", false), "1+1");
}

TEST(PercentDecodeTest, RejectsBadEscapes) {
  EXPECT_EQ(PercentDecode("%zz", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%4g", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%g4", false), std::nullopt);
  EXPECT_EQ(PercentDecode("a%%41", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%-1", true), std::nullopt);
  EXPECT_EQ(PercentDecode("% 4", true), std::nullopt);
}

TEST(PercentDecodeTest, RejectsTruncatedEscapes) {
  EXPECT_EQ(PercentDecode("%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%4", false), std::nullopt);
  EXPECT_EQ(PercentDecode("abc%4", true), std::nullopt);
  EXPECT_EQ(PercentDecode("100%", true), std::nullopt);
  // A complete escape at the very end is fine.
  EXPECT_EQ(PercentDecode("abc%41", true), "abcA");
}

// --- ParseForm --------------------------------------------------------------------------------

TEST(ParseFormTest, ParsesFields) {
  auto form = ParseForm("vote=q1%3Ayes&comment-q1=Very+helpful%21");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->size(), 2u);
  EXPECT_EQ(form->at("vote"), "q1:yes");
  EXPECT_EQ(form->at("comment-q1"), "Very helpful!");
}

TEST(ParseFormTest, EmptyBodyIsAnEmptyForm) {
  auto form = ParseForm("");
  ASSERT_TRUE(form.has_value());
  EXPECT_TRUE(form->empty());
}

TEST(ParseFormTest, LaterDuplicatesWin) {
  auto form = ParseForm("a=1&b=x&a=2&a=3");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->at("a"), "3");
  EXPECT_EQ(form->at("b"), "x");
  EXPECT_EQ(form->size(), 2u);
}

TEST(ParseFormTest, DuplicatesAreComparedAfterDecoding) {
  auto form = ParseForm("a+b=1&a%20b=2");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->size(), 1u);
  EXPECT_EQ(form->at("a b"), "2");
}

TEST(ParseFormTest, SkipsEmptyKeysAndEmptyItems) {
  auto form = ParseForm("=orphan&&b=2&");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->count(""), 0u);
  EXPECT_EQ(form->size(), 1u);
  EXPECT_EQ(form->at("b"), "2");
}

TEST(ParseFormTest, FieldsWithoutValuesAreEmpty) {
  auto form = ParseForm("flag&a=&b=1");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->at("flag"), "");
  EXPECT_EQ(form->at("a"), "");
  EXPECT_EQ(form->at("b"), "1");
}

TEST(ParseFormTest, ValueKeepsLaterEqualsSignsAndEncodedSeparators) {
  auto form = ParseForm("a=b=c&d=x%26y%3Dz");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->at("a"), "b=c");
  EXPECT_EQ(form->at("d"), "x&y=z");
  EXPECT_EQ(form->size(), 2u);
}

TEST(ParseFormTest, MalformedEscapeInValueOrKeyFailsTheWholeForm) {
  EXPECT_EQ(ParseForm("a=1&b=%zz"), std::nullopt);
  EXPECT_EQ(ParseForm("%G1=x&a=1"), std::nullopt);
  EXPECT_EQ(ParseForm("a=%4"), std::nullopt);
  EXPECT_EQ(ParseForm("a=100%&b=2"), std::nullopt);
}

// --- Request::Header --------------------------------------------------------------------------

TEST(RequestHeaderTest, IsCaseInsensitive) {
  Request r = WithHeaders({{"content-type", "text/html"}, {"x-csrf-token", "abc"}});
  EXPECT_EQ(r.Header("content-type"), "text/html");
  EXPECT_EQ(r.Header("Content-Type"), "text/html");
  EXPECT_EQ(r.Header("CONTENT-TYPE"), "text/html");
  EXPECT_EQ(r.Header("X-CSRF-Token"), "abc");
}

TEST(RequestHeaderTest, AbsentIsEmptyAndFirstValueWins) {
  Request r = WithHeaders({{"accept", "first"}, {"accept", "second"}});
  EXPECT_EQ(r.Header("accept"), "first");
  EXPECT_EQ(r.Header("accept-language"), "");
  EXPECT_EQ(r.Header("accep"), "");  // no prefix matching
}

// --- Request::Query ---------------------------------------------------------------------------

TEST(RequestQueryTest, DecodesValues) {
  Request r;
  r.query = "q=two+words&path=%2Froles%2Fx&e=caf%C3%A9";
  EXPECT_EQ(r.Query("q"), "two words");
  EXPECT_EQ(r.Query("path"), "/roles/x");
  EXPECT_EQ(r.Query("e"), "caf\xC3\xA9");
}

TEST(RequestQueryTest, AbsentIsNulloptPresentWithoutValueIsEmpty) {
  Request r;
  r.query = "flag&empty=&a=1";
  EXPECT_EQ(r.Query("missing"), std::nullopt);
  EXPECT_EQ(r.Query("fla"), std::nullopt);
  EXPECT_EQ(r.Query("flag"), "");
  EXPECT_EQ(r.Query("empty"), "");
  EXPECT_EQ(r.Query("a"), "1");
}

TEST(RequestQueryTest, MatchesDecodedNamesAndReturnsFirstDuplicate) {
  Request r;
  r.query = "a%20b=1&page=2&page=3";
  EXPECT_EQ(r.Query("a b"), "1");
  EXPECT_EQ(r.Query("page"), "2");
}

TEST(RequestQueryTest, EmptyQueryHasNothing) {
  Request r;
  EXPECT_EQ(r.Query("a"), std::nullopt);
  EXPECT_EQ(r.Query(""), std::nullopt);
}

// --- Request::Cookie --------------------------------------------------------------------------

TEST(RequestCookieTest, FindsEachOfSeveralCookies) {
  Request r = WithHeaders({{"cookie", "theme=dark; sp_vid=abc123; lang=en"}});
  EXPECT_EQ(r.Cookie("theme"), "dark");
  EXPECT_EQ(r.Cookie("sp_vid"), "abc123");
  EXPECT_EQ(r.Cookie("lang"), "en");
  EXPECT_EQ(r.Cookie("missing"), std::nullopt);
}

TEST(RequestCookieTest, TrimsSpacesAroundNamesAndValues) {
  Request r = WithHeaders({{"cookie", "  a = 1 ;b=2;   c=3  "}});
  EXPECT_EQ(r.Cookie("a"), "1");
  EXPECT_EQ(r.Cookie("b"), "2");
  EXPECT_EQ(r.Cookie("c"), "3");
}

TEST(RequestCookieTest, NamesMatchExactly) {
  Request r = WithHeaders({{"cookie", "xsp_vid=1; sp_vid_old=2; SP_VID=3"}});
  EXPECT_EQ(r.Cookie("sp_vid"), std::nullopt);
  EXPECT_EQ(r.Cookie("SP_VID"), "3");
}

TEST(RequestCookieTest, ValueKeepsEqualsSigns) {
  Request r = WithHeaders({{"cookie", "t=a=b=="}});
  EXPECT_EQ(r.Cookie("t"), "a=b==");
}

TEST(RequestCookieTest, SearchesEveryCookieHeaderAndFirstWins) {
  Request r = WithHeaders({{"Cookie", "a=1"}, {"accept", "*/*"}, {"cookie", "b=2; a=9"}});
  EXPECT_EQ(r.Cookie("a"), "1");
  EXPECT_EQ(r.Cookie("b"), "2");
}

TEST(RequestCookieTest, NoCookieHeader) {
  Request r = WithHeaders({{"accept", "text/html"}});
  EXPECT_EQ(r.Cookie("sp_vid"), std::nullopt);
}

// --- Request::WantsJson -----------------------------------------------------------------------

TEST(RequestWantsJsonTest, ApiPathsWantJson) {
  Request r;
  r.path = "/api/v1/roles";
  EXPECT_TRUE(r.WantsJson());
  r.headers = {{"accept", "text/html"}};
  EXPECT_TRUE(r.WantsJson());
}

TEST(RequestWantsJsonTest, OtherPathsFollowTheAcceptHeader) {
  Request r;
  r.path = "/roles/x";
  EXPECT_FALSE(r.WantsJson());
  r.headers = {{"accept", "application/json"}};
  EXPECT_TRUE(r.WantsJson());
  r.headers = {{"accept", "application/json, text/html;q=0.9"}};
  EXPECT_TRUE(r.WantsJson());
  r.headers = {{"accept", "text/html,application/xhtml+xml,application/json;q=0.9"}};
  EXPECT_FALSE(r.WantsJson());
  r.headers = {{"accept", "*/*"}};
  EXPECT_FALSE(r.WantsJson());
}

TEST(RequestWantsJsonTest, ApiPrefixNeedsTheSlash) {
  Request r;
  r.path = "/apiary";
  EXPECT_FALSE(r.WantsJson());
}

// --- Request::AcceptsGzip ---------------------------------------------------------------------

TEST(RequestAcceptsGzipTest, AcceptsListedGzip) {
  EXPECT_TRUE(WithAcceptEncoding("gzip").AcceptsGzip());
  EXPECT_TRUE(WithAcceptEncoding("gzip, deflate, br").AcceptsGzip());
  EXPECT_TRUE(WithAcceptEncoding("br, gzip").AcceptsGzip());
  EXPECT_TRUE(WithAcceptEncoding("gzip;q=1").AcceptsGzip());
  EXPECT_TRUE(WithAcceptEncoding("gzip;q=0.5, br;q=1").AcceptsGzip());
  EXPECT_TRUE(WithAcceptEncoding("gzip;q=0.001").AcceptsGzip());
  EXPECT_TRUE(WithAcceptEncoding("gzip, deflate;q=0").AcceptsGzip());
}

TEST(RequestAcceptsGzipTest, RejectsAbsentGzip) {
  EXPECT_FALSE(Request{}.AcceptsGzip());
  EXPECT_FALSE(WithAcceptEncoding("").AcceptsGzip());
  EXPECT_FALSE(WithAcceptEncoding("identity").AcceptsGzip());
  EXPECT_FALSE(WithAcceptEncoding("deflate, br").AcceptsGzip());
}

TEST(RequestAcceptsGzipTest, HonoursQZero) {
  EXPECT_FALSE(WithAcceptEncoding("gzip;q=0").AcceptsGzip());
  EXPECT_FALSE(WithAcceptEncoding("gzip; q=0").AcceptsGzip());
  EXPECT_FALSE(WithAcceptEncoding("gzip;q=0.0").AcceptsGzip());
  EXPECT_FALSE(WithAcceptEncoding("gzip;q=0.000").AcceptsGzip());
  EXPECT_FALSE(WithAcceptEncoding("br, gzip;q=0").AcceptsGzip());
  EXPECT_FALSE(WithAcceptEncoding("gzip;q=0, br").AcceptsGzip());
}

TEST(RequestAcceptsGzipTest, HeaderNameIsCaseInsensitive) {
  EXPECT_TRUE(WithHeaders({{"Accept-Encoding", "gzip"}}).AcceptsGzip());
}

// --- Response ---------------------------------------------------------------------------------

TEST(ResponseTest, SetHeaderReplacesCaseInsensitively) {
  Response r;
  r.SetHeader("Content-Type", "text/plain");
  r.SetHeader("content-type", "text/html");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.GetHeader("Content-Type"), "text/html");
  EXPECT_EQ(r.GetHeader("CONTENT-TYPE"), "text/html");
}

TEST(ResponseTest, AddHeaderRepeats) {
  Response r;
  r.AddHeader("Set-Cookie", "a=1");
  r.AddHeader("Set-Cookie", "b=2");
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[0].second, "a=1");
  EXPECT_EQ(r.headers[1].second, "b=2");
  EXPECT_EQ(r.GetHeader("set-cookie"), "a=1");  // first value
}

TEST(ResponseTest, GetHeaderAbsentIsEmpty) {
  Response r;
  EXPECT_EQ(r.GetHeader("ETag"), "");
}

TEST(ResponseTest, BodyOverSeveralPieces) {
  Response r;
  r.body = {Piece("<html>"), Piece(""), Piece("h\xC3\xA9llo"), Piece("</html>")};
  EXPECT_EQ(r.BodySize(), 6u + 0u + 6u + 7u);
  EXPECT_EQ(r.BodyString(), "<html>h\xC3\xA9llo</html>");
}

TEST(ResponseTest, SharedPieceMayRepeat) {
  Response r;
  Bytes token = Piece("TOKEN");
  r.body = {Piece("a"), token, Piece("b"), token};
  EXPECT_EQ(r.BodySize(), 12u);
  EXPECT_EQ(r.BodyString(), "aTOKENbTOKEN");
}

TEST(ResponseTest, EmptyBody) {
  Response r;
  EXPECT_EQ(r.BodySize(), 0u);
  EXPECT_EQ(r.BodyString(), "");
}

TEST(ResponseTest, SetBodyReplacesPiecesAndSetsContentType) {
  Response r;
  r.body = {Piece("old"), Piece("pieces")};
  r.SetHeader("Content-Type", "text/plain");
  r.SetBody("new", "text/html; charset=utf-8");
  EXPECT_EQ(r.body.size(), 1u);
  EXPECT_EQ(r.BodyString(), "new");
  EXPECT_EQ(r.GetHeader("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.headers.size(), 1u);
}

TEST(ResponseTest, TextJsonAndRedirectHelpers) {
  Response text = TextResponse(418, "teapot");
  EXPECT_EQ(text.status, 418);
  EXPECT_EQ(text.BodyString(), "teapot");
  EXPECT_EQ(text.GetHeader("Content-Type"), "text/plain; charset=utf-8");

  Response json = JsonResponse(201, "{\"ok\":true}");
  EXPECT_EQ(json.status, 201);
  EXPECT_EQ(json.BodyString(), "{\"ok\":true}");
  EXPECT_EQ(json.GetHeader("Content-Type"), "application/json");

  Response redirect = Redirect(303, "/roles/x");
  EXPECT_EQ(redirect.status, 303);
  EXPECT_EQ(redirect.GetHeader("Location"), "/roles/x");
  EXPECT_EQ(redirect.BodySize(), 0u);
}

}  // namespace
