// SPDX-License-Identifier: Apache-2.0
// Unit tests for http/page_cache: splitting a rendered page at its token slots, serving it in
// identity and gzip form (the gzip body is checked by zlib itself, CRC and ISIZE included),
// ETags and If-None-Match, and the PageCache with its generation rule and metrics.

#include "http/page_cache.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <zlib.h>

#include <atomic>
#include <cstdint>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using starprep::http::BuildPage;
using starprep::http::CachedPage;
using starprep::http::kTokenSlot;
using starprep::http::Method;
using starprep::http::Metrics;
using starprep::http::PageCache;
using starprep::http::Request;
using starprep::http::Response;
using starprep::http::ServePage;
using starprep::http::VariantKey;

const std::string kSlot(kTokenSlot);

// Replaces every token slot in `rendered` with `token`: what the client must receive.
std::string Substitute(const std::string& rendered, const std::string& token) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t next = rendered.find(kSlot, pos);
    if (next == std::string::npos) break;
    out.append(rendered, pos, next - pos);
    out += token;
    pos = next + kSlot.size();
  }
  out.append(rendered, pos, std::string::npos);
  return out;
}

struct Gunzipped {
  int rc = Z_OK;             // last inflate() result; Z_STREAM_END when the stream and trailer are good
  std::string data;          // decompressed bytes
  std::size_t trailing = 0;  // input bytes left after the end of the gzip member
};

// Decompresses a gzip member with zlib, which checks the header, the CRC-32 and ISIZE.
Gunzipped Gunzip(const std::string& in) {
  Gunzipped result;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    result.rc = Z_STREAM_ERROR;
    return result;
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char buf[16384];
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    result.rc = inflate(&zs, Z_NO_FLUSH);
    result.data.append(buf, sizeof buf - zs.avail_out);
  } while (result.rc == Z_OK);
  result.trailing = zs.avail_in;
  inflateEnd(&zs);
  return result;
}

std::uint32_t ReadLe32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

std::uint32_t Crc32(const std::string& s) {
  return static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

Request Get(std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request r;
  r.method = Method::kGet;
  r.path = r.target = "/page";
  r.headers = std::move(headers);
  return r;
}

Request GzipGet(std::vector<std::pair<std::string, std::string>> extra = {}) {
  extra.emplace_back("accept-encoding", "gzip, deflate, br");
  return Get(std::move(extra));
}

std::string Join(const std::vector<std::string>& pieces) {
  std::string out;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i > 0) out += kSlot;
    out += pieces[i];
  }
  return out;
}

// About 200 KB of repetitive HTML with slots near the start, in the middle and at the end.
std::string LargeRepetitivePage() {
  std::string filler;
  for (int i = 0; filler.size() < 100 * 1024; ++i)
    filler += "<li class=\"question\"><a href=\"/questions/q" + std::to_string(i % 37) +
              "\">Tell me about a time you scaled a service</a></li>\n";
  return "<!doctype html><form><input type=hidden name=csrf value=\"" + kSlot + "\">" + filler + kSlot + filler +
         "<meta name=csrf content=\"" + kSlot + "\"></html>";
}

// About 100 KB of incompressible bytes (never 0x1e, so no accidental slots) around two slots.
std::string LargeRandomPage() {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> byte(0, 255);
  auto random_bytes = [&](std::size_t n) {
    std::string s;
    s.reserve(n);
    while (s.size() < n) {
      int b = byte(rng);
      if (b != 0x1e) s.push_back(static_cast<char>(b));
    }
    return s;
  };
  return random_bytes(40000) + kSlot + random_bytes(70000) + kSlot + random_bytes(3);
}

class SodiumTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }
};

// --- BuildPage --------------------------------------------------------------------------------

class BuildPageTest : public SodiumTest {};

TEST_F(BuildPageTest, NoSlotIsOnePiece) {
  auto page = BuildPage("<p>hello</p>", "text/html; charset=utf-8");
  ASSERT_EQ(page->parts.size(), 1u);
  EXPECT_EQ(*page->parts[0], "<p>hello</p>");
  EXPECT_EQ(page->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(page->deflated.size(), 1u);
  EXPECT_EQ(page->crcs.size(), 1u);
}

TEST_F(BuildPageTest, SplitsAtEverySlot) {
  auto page = BuildPage(Join({"<a>", "<b>", "<c>", "<d>"}), "text/html");
  ASSERT_EQ(page->parts.size(), 4u);
  EXPECT_EQ(*page->parts[0], "<a>");
  EXPECT_EQ(*page->parts[1], "<b>");
  EXPECT_EQ(*page->parts[2], "<c>");
  EXPECT_EQ(*page->parts[3], "<d>");
}

TEST_F(BuildPageTest, SlotsAtTheEdgesGiveEmptyPieces) {
  auto page = BuildPage(kSlot + "mid" + kSlot + kSlot, "text/html");
  ASSERT_EQ(page->parts.size(), 4u);
  EXPECT_EQ(*page->parts[0], "");
  EXPECT_EQ(*page->parts[1], "mid");
  EXPECT_EQ(*page->parts[2], "");
  EXPECT_EQ(*page->parts[3], "");
}

TEST_F(BuildPageTest, PartialSlotMarkerIsLiteralText) {
  const std::string text =
      "a\x1e"
      "csrf-token b \x1e"
      "csrf-tokenx\x1e c";
  auto page = BuildPage(text, "text/html");
  ASSERT_EQ(page->parts.size(), 1u);
  EXPECT_EQ(*page->parts[0], text);
}

TEST_F(BuildPageTest, PiecesAreConsistent) {
  auto page = BuildPage(Join({"first", "", "third piece", ""}), "text/html");
  ASSERT_EQ(page->parts.size(), 4u);
  ASSERT_EQ(page->deflated.size(), page->parts.size());
  ASSERT_EQ(page->crcs.size(), page->parts.size());
  for (std::size_t i = 0; i < page->parts.size(); ++i) {
    EXPECT_EQ(page->crcs[i], Crc32(*page->parts[i])) << i;
    const std::string& d = *page->deflated[i];
    const bool ends_with_sync_flush = d.size() >= 4 && d.compare(d.size() - 4, 4, std::string("\0\0\xff\xff", 4)) == 0;
    EXPECT_EQ(ends_with_sync_flush, i + 1 < page->parts.size()) << i;
  }
}

TEST_F(BuildPageTest, EtagIsAnUnquotedHashOfTheBytes) {
  auto a = BuildPage("<p>one</p>", "text/html");
  auto a2 = BuildPage("<p>one</p>", "text/html");
  auto b = BuildPage("<p>two</p>", "text/html");
  EXPECT_FALSE(a->etag.empty());
  EXPECT_EQ(a->etag.find_first_not_of("0123456789abcdef"), std::string::npos) << a->etag;
  EXPECT_EQ(a->etag, a2->etag);
  EXPECT_NE(a->etag, b->etag);
}

// --- ServePage: bodies ------------------------------------------------------------------------

struct PageCase {
  const char* name;
  std::string rendered;
};

std::vector<PageCase> Pages() {
  return {
      {"NoSlot", "<!doctype html><title>x</title><p>No form here.</p>"},
      {"Empty", ""},
      {"OneSlot", "<form><input type=hidden name=csrf value=\"" + kSlot + "\"><button>Yes</button></form>"},
      {"ThreeSlots", Join({"<a>", "<bb>", "<ccc>", "<dddd>"})},
      {"SlotAtStart", kSlot + "<p>rest of the page</p>"},
      {"SlotAtEnd", "<p>start of the page</p>" + kSlot},
      {"OnlySlot", kSlot},
      {"AdjacentSlots", kSlot + kSlot + kSlot},
      {"Utf8", "<p>caf\xC3\xA9 \xE2\x82\xAC</p>" + kSlot + "<p>\xF0\x9F\x98\x80</p>"},
      {"PartialMarker",
       "<p>\x1e"
       "csrf-token</p>" +
           kSlot + "<p>\x1e</p>"},
      {"LargeRepetitive", LargeRepetitivePage()},
      {"LargeRandom", LargeRandomPage()},
  };
}

struct TokenCase {
  const char* name;
  std::string token;
};

std::vector<TokenCase> Tokens() {
  return {
      {"Empty", ""},
      {"OneChar", "t"},
      {"Csrf43", "q0Z9fJ3m-KX_2b7LwYtE1sVhN8cR4aDgUiPoQ6xMnBz"},
      {"Long300", std::string(300, 'k')},
      {"Binary", std::string("\x00\x01\xfe\xff\x1e", 5)},
  };
}

class ServePageBodyTest : public ::testing::TestWithParam<std::tuple<PageCase, TokenCase>> {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }
};

TEST_P(ServePageBodyTest, IdentityBodyIsThePageWithTheTokenInEverySlot) {
  const auto& [page_case, token_case] = GetParam();
  auto page = BuildPage(page_case.rendered, "text/html; charset=utf-8");
  Response resp = ServePage(*page, Get(), token_case.token);
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.GetHeader("Content-Encoding"), "");
  EXPECT_EQ(resp.GetHeader("Content-Type"), "text/html; charset=utf-8");
  const std::string expected = Substitute(page_case.rendered, token_case.token);
  EXPECT_EQ(resp.BodySize(), expected.size());
  EXPECT_TRUE(resp.BodyString() == expected) << "identity body differs from the substituted page";
}

TEST_P(ServePageBodyTest, GzipBodyInflatesToTheIdentityBytes) {
  const auto& [page_case, token_case] = GetParam();
  auto page = BuildPage(page_case.rendered, "text/html; charset=utf-8");
  Response identity = ServePage(*page, Get(), token_case.token);
  Response gz = ServePage(*page, GzipGet(), token_case.token);
  EXPECT_EQ(gz.status, 200);
  EXPECT_EQ(gz.GetHeader("Content-Encoding"), "gzip");
  EXPECT_EQ(gz.GetHeader("Content-Type"), "text/html; charset=utf-8");

  const std::string body = gz.BodyString();
  ASSERT_GE(body.size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>(body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(body[1]), 0x8b);
  EXPECT_EQ(static_cast<unsigned char>(body[2]), 0x08);  // deflate

  Gunzipped out = Gunzip(body);
  EXPECT_EQ(out.rc, Z_STREAM_END) << "zlib rejected the stream or its CRC/ISIZE trailer";
  EXPECT_EQ(out.trailing, 0u);
  EXPECT_EQ(out.data.size(), identity.BodySize());
  EXPECT_TRUE(out.data == identity.BodyString()) << "gzip body does not inflate to the identity body";

  // The trailer, read directly: CRC-32 and length of the uncompressed body.
  const std::string expected = Substitute(page_case.rendered, token_case.token);
  EXPECT_EQ(ReadLe32(body, body.size() - 8), Crc32(expected));
  EXPECT_EQ(ReadLe32(body, body.size() - 4), static_cast<std::uint32_t>(expected.size()));
}

INSTANTIATE_TEST_SUITE_P(PagesAndTokens, ServePageBodyTest,
                         ::testing::Combine(::testing::ValuesIn(Pages()), ::testing::ValuesIn(Tokens())),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param).name) + "_" + std::get<1>(info.param).name;
                         });

class ServePageTest : public SodiumTest {};

TEST_F(ServePageTest, GunzipHelperDetectsACorruptTrailer) {
  // Guards the checks above: a wrong CRC or length must make zlib fail.
  auto page = BuildPage(Join({"<p>a</p>", "<p>b</p>"}), "text/html");
  const std::string body = ServePage(*page, GzipGet(), "token").BodyString();
  ASSERT_EQ(Gunzip(body).rc, Z_STREAM_END);
  std::string bad_crc = body;
  bad_crc[bad_crc.size() - 8] ^= 0x01;
  EXPECT_EQ(Gunzip(bad_crc).rc, Z_DATA_ERROR);
  std::string bad_len = body;
  bad_len[bad_len.size() - 1] ^= 0x01;
  EXPECT_EQ(Gunzip(bad_len).rc, Z_DATA_ERROR);
  EXPECT_NE(Gunzip(body.substr(0, body.size() - 1)).rc, Z_STREAM_END);
}

TEST_F(ServePageTest, LargeRepetitivePageReallyCompresses) {
  auto page = BuildPage(LargeRepetitivePage(), "text/html");
  const std::string token = "q0Z9fJ3m-KX_2b7LwYtE1sVhN8cR4aDgUiPoQ6xMnBz";
  Response identity = ServePage(*page, Get(), token);
  Response gz = ServePage(*page, GzipGet(), token);
  EXPECT_GT(identity.BodySize(), 190u * 1024u);
  EXPECT_LT(gz.BodySize(), identity.BodySize() / 10);
}

TEST_F(ServePageTest, SeveralTokensOnOneCachedPage) {
  // The same CachedPage serves many visitors; every response must be self-consistent.
  auto page = BuildPage(LargeRepetitivePage(), "text/html");
  std::vector<std::string> bodies;
  for (const std::string token : {"aaaa", "b", "", "q0Z9fJ3m-KX_2b7LwYtE1sVhN8cR4aDgUiPoQ6xMnBz", "aaaa"}) {
    Response gz = ServePage(*page, GzipGet(), token);
    Gunzipped out = Gunzip(gz.BodyString());
    ASSERT_EQ(out.rc, Z_STREAM_END) << token;
    EXPECT_TRUE(out.data == Substitute(LargeRepetitivePage(), token)) << token;
    bodies.push_back(gz.BodyString());
  }
  EXPECT_EQ(bodies[0], bodies[4]);
  EXPECT_NE(bodies[0], bodies[1]);
}

TEST_F(ServePageTest, PiecesAreSharedNotCopied) {
  auto page = BuildPage(Join({"<head>", "<body>"}), "text/html");
  Response a = ServePage(*page, Get(), "tok-a");
  Response b = ServePage(*page, Get(), "tok-b");
  ASSERT_EQ(a.body.size(), 3u);
  ASSERT_EQ(b.body.size(), 3u);
  EXPECT_EQ(a.body[0].get(), page->parts[0].get());
  EXPECT_EQ(b.body[0].get(), page->parts[0].get());
  EXPECT_EQ(a.body[2].get(), page->parts[1].get());
  EXPECT_EQ(*a.body[1], "tok-a");
  EXPECT_EQ(*b.body[1], "tok-b");
}

TEST_F(ServePageTest, GzipQZeroGetsIdentity) {
  auto page = BuildPage(Join({"<a>", "<b>"}), "text/html");
  Response resp = ServePage(*page, Get({{"accept-encoding", "gzip;q=0"}}), "t");
  EXPECT_EQ(resp.GetHeader("Content-Encoding"), "");
  EXPECT_EQ(resp.BodyString(), "<a>t<b>");
}

TEST_F(ServePageTest, CachingHeaders) {
  auto slotted = BuildPage(Join({"<a>", "<b>"}), "text/html");
  auto plain = BuildPage("<a>", "text/css");
  Response s = ServePage(*slotted, Get(), "t");
  Response p = ServePage(*plain, Get(), "t");
  // A page with a visitor's token must never be stored by a shared cache.
  EXPECT_NE(s.GetHeader("Cache-Control").find("private"), std::string::npos) << s.GetHeader("Cache-Control");
  EXPECT_EQ(s.GetHeader("Cache-Control").find("public"), std::string::npos);
  EXPECT_NE(s.GetHeader("Vary").find("Accept-Encoding"), std::string::npos);
  EXPECT_NE(s.GetHeader("Vary").find("Cookie"), std::string::npos);
  EXPECT_NE(p.GetHeader("Vary").find("Accept-Encoding"), std::string::npos);
  EXPECT_EQ(p.GetHeader("Content-Type"), "text/css");
}

// --- ETag and If-None-Match -------------------------------------------------------------------

class EtagTest : public SodiumTest {
 protected:
  std::shared_ptr<const CachedPage> page_ = BuildPage(Join({"<form>", "</form>"}), "text/html");
};

TEST_F(EtagTest, IsStrongAndQuoted) {
  for (const Request& req : {Get(), GzipGet()}) {
    std::string etag(ServePage(*page_, req, "tok").GetHeader("ETag"));
    ASSERT_GE(etag.size(), 3u);
    EXPECT_EQ(etag.front(), '"') << etag;
    EXPECT_EQ(etag.back(), '"') << etag;
    EXPECT_FALSE(etag.starts_with("W/")) << etag;
    EXPECT_EQ(etag.find('"', 1), etag.size() - 1) << etag;
  }
}

TEST_F(EtagTest, DiffersBetweenIdentityAndGzip) {
  EXPECT_NE(ServePage(*page_, Get(), "tok").GetHeader("ETag"), ServePage(*page_, GzipGet(), "tok").GetHeader("ETag"));
}

TEST_F(EtagTest, DiffersBetweenTokensButIsStableForOneToken) {
  std::string a1(ServePage(*page_, Get(), "token-a").GetHeader("ETag"));
  std::string a2(ServePage(*page_, Get(), "token-a").GetHeader("ETag"));
  std::string b(ServePage(*page_, Get(), "token-b").GetHeader("ETag"));
  std::string a_gz(ServePage(*page_, GzipGet(), "token-a").GetHeader("ETag"));
  std::string b_gz(ServePage(*page_, GzipGet(), "token-b").GetHeader("ETag"));
  EXPECT_EQ(a1, a2);
  EXPECT_NE(a1, b);
  EXPECT_NE(a_gz, b_gz);
  // Stable across rebuilds of the same bytes, too.
  auto rebuilt = BuildPage(Join({"<form>", "</form>"}), "text/html");
  EXPECT_EQ(std::string(ServePage(*rebuilt, Get(), "token-a").GetHeader("ETag")), a1);
}

TEST_F(EtagTest, ManyTokensGiveDistinctEtags) {
  std::set<std::string> etags;
  for (int i = 0; i < 200; ++i)
    etags.insert(std::string(ServePage(*page_, Get(), "visitor-" + std::to_string(i)).GetHeader("ETag")));
  EXPECT_EQ(etags.size(), 200u);
}

TEST_F(EtagTest, DiffersBetweenPageVersions) {
  auto other = BuildPage(Join({"<form class=v2>", "</form>"}), "text/html");
  EXPECT_NE(ServePage(*page_, Get(), "tok").GetHeader("ETag"), ServePage(*other, Get(), "tok").GetHeader("ETag"));
}

TEST_F(EtagTest, PageWithoutSlotsIgnoresTheToken) {
  auto plain = BuildPage("body { color: black }", "text/css");
  Response a = ServePage(*plain, Get(), "token-a");
  Response b = ServePage(*plain, Get(), "token-b");
  EXPECT_EQ(a.GetHeader("ETag"), b.GetHeader("ETag"));
  EXPECT_EQ(a.BodyString(), "body { color: black }");
  EXPECT_EQ(a.BodyString().find("token"), std::string::npos);
}

TEST_F(EtagTest, MatchingIfNoneMatchGives304WithEmptyBody) {
  for (bool gzip : {false, true}) {
    Request first = gzip ? GzipGet() : Get();
    std::string etag(ServePage(*page_, first, "tok").GetHeader("ETag"));
    Request again = gzip ? GzipGet({{"if-none-match", etag}}) : Get({{"if-none-match", etag}});
    Response resp = ServePage(*page_, again, "tok");
    EXPECT_EQ(resp.status, 304) << gzip;
    EXPECT_EQ(resp.BodySize(), 0u) << gzip;
    EXPECT_TRUE(resp.body.empty()) << gzip;
    EXPECT_EQ(resp.GetHeader("ETag"), etag) << gzip;
  }
}

TEST_F(EtagTest, MatchInAListGives304) {
  std::string etag(ServePage(*page_, Get(), "tok").GetHeader("ETag"));
  Response resp = ServePage(*page_, Get({{"if-none-match", "\"stale\", " + etag}}), "tok");
  EXPECT_EQ(resp.status, 304);
}

TEST_F(EtagTest, StarGives304) {
  Response resp = ServePage(*page_, Get({{"if-none-match", "*"}}), "tok");
  EXPECT_EQ(resp.status, 304);
  EXPECT_EQ(resp.BodySize(), 0u);
}

TEST_F(EtagTest, OtherEtagGives200) {
  Response resp = ServePage(*page_, Get({{"if-none-match", "\"0123456789abcdef01234567\""}}), "tok");
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.BodyString(), "<form>tok</form>");
}

TEST_F(EtagTest, EtagOfAnotherTokenOrEncodingGives200) {
  std::string other_token(ServePage(*page_, Get(), "someone-else").GetHeader("ETag"));
  Response resp = ServePage(*page_, Get({{"if-none-match", other_token}}), "tok");
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.BodyString(), "<form>tok</form>");

  std::string gzip_etag(ServePage(*page_, GzipGet(), "tok").GetHeader("ETag"));
  Response identity = ServePage(*page_, Get({{"if-none-match", gzip_etag}}), "tok");
  EXPECT_EQ(identity.status, 200);
  std::string identity_etag(ServePage(*page_, Get(), "tok").GetHeader("ETag"));
  Response gz = ServePage(*page_, GzipGet({{"if-none-match", identity_etag}}), "tok");
  EXPECT_EQ(gz.status, 200);
  EXPECT_EQ(Gunzip(gz.BodyString()).data, "<form>tok</form>");
}

TEST_F(EtagTest, EncodingsDoNotCrossMatchOnPagesWithoutSlots) {
  auto plain = BuildPage("body { color: black }", "text/css");
  std::string identity_etag(ServePage(*plain, Get(), "").GetHeader("ETag"));
  std::string gzip_etag(ServePage(*plain, GzipGet(), "").GetHeader("ETag"));
  ASSERT_NE(identity_etag, gzip_etag);
  EXPECT_EQ(ServePage(*plain, Get({{"if-none-match", gzip_etag}}), "").status, 200);
  EXPECT_EQ(ServePage(*plain, GzipGet({{"if-none-match", identity_etag}}), "").status, 200);
  EXPECT_EQ(ServePage(*plain, Get({{"if-none-match", identity_etag}}), "").status, 304);
  EXPECT_EQ(ServePage(*plain, GzipGet({{"if-none-match", gzip_etag}}), "").status, 304);
}

TEST_F(EtagTest, EmptyIfNoneMatchGives200) {
  Response resp = ServePage(*page_, Get({{"if-none-match", ""}}), "tok");
  EXPECT_EQ(resp.status, 200);
}

// --- PageCache --------------------------------------------------------------------------------

// The value of an unlabelled metric in Prometheus text, or -1 if absent.
long MetricValue(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(name + " ")) return std::stol(line.substr(name.size() + 1));
  }
  return -1;
}

class PageCacheTest : public SodiumTest {
 protected:
  long Hits() const { return MetricValue(metrics_.Render(), "starprep_page_cache_hits_total"); }
  long Misses() const { return MetricValue(metrics_.Render(), "starprep_page_cache_misses_total"); }

  Metrics metrics_;
  PageCache cache_{metrics_};
  std::shared_ptr<const CachedPage> page_a_ = BuildPage("<p>a</p>", "text/html");
  std::shared_ptr<const CachedPage> page_b_ = BuildPage("<p>b</p>", "text/html");
};

TEST_F(PageCacheTest, MissThenPutThenHit) {
  std::uint64_t gen = 0;
  EXPECT_EQ(cache_.Get("/roles/x", gen), nullptr);
  cache_.Put("/roles/x", page_a_, gen);
  std::uint64_t gen2 = 0;
  EXPECT_EQ(cache_.Get("/roles/x", gen2), page_a_);
  EXPECT_EQ(cache_.Get("/roles/y", gen2), nullptr);
}

TEST_F(PageCacheTest, PeekFindsPagesWithoutCountingAndHonoursGenerations) {
  std::uint64_t gen = 0;
  EXPECT_EQ(cache_.Peek("k", gen), nullptr);
  cache_.Put("k", page_a_, gen);
  std::uint64_t peek_gen = 0;
  EXPECT_EQ(cache_.Peek("k", peek_gen), page_a_);
  EXPECT_EQ(Hits(), 0);
  EXPECT_EQ(Misses(), 0);
  cache_.Invalidate("k");
  cache_.Put("k", page_b_, peek_gen);  // generation from before the invalidation: dropped
  EXPECT_EQ(cache_.Peek("k", gen), nullptr);
}

TEST_F(PageCacheTest, PutReplacesAnEntry) {
  std::uint64_t gen = 0;
  (void)cache_.Get("k", gen);
  cache_.Put("k", page_a_, gen);
  cache_.Put("k", page_b_, gen);
  EXPECT_EQ(cache_.Get("k", gen), page_b_);
}

TEST_F(PageCacheTest, InvalidateRemovesOnlyThatKey) {
  std::uint64_t gen = 0;
  (void)cache_.Get("a", gen);
  cache_.Put("a", page_a_, gen);
  cache_.Put("b", page_b_, gen);
  cache_.Invalidate("a");
  EXPECT_EQ(cache_.Get("a", gen), nullptr);
  EXPECT_EQ(cache_.Get("b", gen), page_b_);
}

TEST_F(PageCacheTest, InvalidateRemovesTheKeysVariantsButNotLongerKeys) {
  std::uint64_t gen = 0;
  (void)cache_.Get("/q/a", gen);
  cache_.Put("/q/a", page_a_, gen);
  cache_.Put(VariantKey("/q/a", "member"), page_a_, gen);
  cache_.Put("/q/ab", page_b_, gen);
  cache_.Put(VariantKey("/q/ab", "member"), page_b_, gen);
  cache_.Invalidate("/q/a");
  EXPECT_EQ(cache_.Get("/q/a", gen), nullptr);
  EXPECT_EQ(cache_.Get(VariantKey("/q/a", "member"), gen), nullptr);
  EXPECT_EQ(cache_.Get("/q/ab", gen), page_b_);
  EXPECT_EQ(cache_.Get(VariantKey("/q/ab", "member"), gen), page_b_);
}

TEST_F(PageCacheTest, InvalidateOfAnAbsentKeyIsHarmless) {
  std::uint64_t gen = 0;
  (void)cache_.Get("a", gen);
  cache_.Put("a", page_a_, gen);
  cache_.Invalidate("never-cached");
  EXPECT_EQ(cache_.Get("a", gen), page_a_);
}

TEST_F(PageCacheTest, ClearRemovesEverything) {
  std::uint64_t gen = 0;
  (void)cache_.Get("a", gen);
  cache_.Put("a", page_a_, gen);
  cache_.Put("b", page_b_, gen);
  cache_.Clear();
  EXPECT_EQ(cache_.Get("a", gen), nullptr);
  EXPECT_EQ(cache_.Get("b", gen), nullptr);
}

TEST_F(PageCacheTest, PutWithAGenerationFromBeforeAnInvalidateIsDropped) {
  std::uint64_t before = 0;
  EXPECT_EQ(cache_.Get("/roles/x", before), nullptr);  // a render begins
  cache_.Invalidate("/roles/x");                       // content changes meanwhile
  cache_.Put("/roles/x", page_a_, before);             // the stale render finishes
  std::uint64_t now = 0;
  EXPECT_EQ(cache_.Get("/roles/x", now), nullptr);
  EXPECT_NE(now, before);
  // A render that began after the invalidation is cached.
  cache_.Put("/roles/x", page_b_, now);
  EXPECT_EQ(cache_.Get("/roles/x", now), page_b_);
}

TEST_F(PageCacheTest, InvalidatingAnotherKeyAlsoDropsTheStalePut) {
  std::uint64_t before = 0;
  (void)cache_.Get("/roles/x", before);
  cache_.Invalidate("/roles/other");
  cache_.Put("/roles/x", page_a_, before);
  std::uint64_t now = 0;
  EXPECT_EQ(cache_.Get("/roles/x", now), nullptr);
}

TEST_F(PageCacheTest, PutWithAGenerationFromBeforeAClearIsDropped) {
  std::uint64_t before = 0;
  (void)cache_.Get("/", before);
  cache_.Clear();
  cache_.Put("/", page_a_, before);
  std::uint64_t now = 0;
  EXPECT_EQ(cache_.Get("/", now), nullptr);
  EXPECT_NE(now, before);
}

TEST_F(PageCacheTest, GenerationIsStableWithoutInvalidation) {
  std::uint64_t g1 = 0, g2 = 0;
  (void)cache_.Get("a", g1);
  cache_.Put("a", page_a_, g1);
  (void)cache_.Get("a", g2);
  EXPECT_EQ(g1, g2);
}

TEST_F(PageCacheTest, CountsHitsAndMisses) {
  EXPECT_EQ(Hits(), 0);
  EXPECT_EQ(Misses(), 0);
  std::uint64_t gen = 0;
  (void)cache_.Get("a", gen);  // miss
  (void)cache_.Get("b", gen);  // miss
  cache_.Put("a", page_a_, gen);
  (void)cache_.Get("a", gen);  // hit
  (void)cache_.Get("a", gen);  // hit
  (void)cache_.Get("a", gen);  // hit
  EXPECT_EQ(Hits(), 3);
  EXPECT_EQ(Misses(), 2);
  cache_.Invalidate("a");
  (void)cache_.Get("a", gen);  // miss
  EXPECT_EQ(Hits(), 3);
  EXPECT_EQ(Misses(), 3);
}

TEST_F(PageCacheTest, ConcurrentUseKeepsCountsExact) {
  constexpr int kThreads = 8;
  constexpr int kOps = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kOps; ++i) {
        std::string key = "k" + std::to_string((i + t) % 7);
        std::uint64_t gen = 0;
        auto got = cache_.Get(key, gen);
        if (!got) cache_.Put(key, i % 2 ? page_a_ : page_b_, gen);
        if (i % 97 == 0) cache_.Invalidate(key);
        if (i % 501 == 0) cache_.Clear();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(Hits() + Misses(), static_cast<long>(kThreads) * kOps);
  EXPECT_GT(Hits(), 0);
  EXPECT_GT(Misses(), 0);
}

}  // namespace
