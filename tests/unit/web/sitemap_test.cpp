// SPDX-License-Identifier: Apache-2.0
// web/sitemap: the urlset, the index past the per-file limit, and robots.txt with and without an
// origin.

#include "web/sitemap.h"

#include <gtest/gtest.h>

namespace starprep::web {
namespace {

const std::vector<SitemapUrl> kUrls = {{"/", ""},
                                       {"/roles/backend-developer", "2026-11-01"},
                                       {"/questions/be-1?a=1&b=2", "2026-11-03"},
                                       {"/jobs/7", "2026-12-01"},
                                       {"/jobs/6", "2026-11-20"}};

TEST(SitemapTest, UrlsetWithAbsoluteEscapedLocsAndLastmod) {
  const std::string xml = SitemapXml("https://prep.example.com", kUrls, 0, kUrls.size());
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "));
  EXPECT_NE(xml.find("<url><loc>https://prep.example.com/</loc></url>"), std::string::npos);
  EXPECT_NE(xml.find("<url><loc>https://prep.example.com/roles/backend-developer</loc><lastmod>2026-11-01</lastmod>"
                     "</url>"),
            std::string::npos);
  EXPECT_NE(xml.find("/questions/be-1?a=1&amp;b=2</loc>"), std::string::npos);
  EXPECT_TRUE(xml.ends_with("</urlset>\n"));
  // A slice.
  const std::string part = SitemapXml("https://p.example", kUrls, 3, 2);
  EXPECT_EQ(part.find("/roles/"), std::string::npos);
  EXPECT_NE(part.find("/jobs/6"), std::string::npos);
}

TEST(SitemapTest, IndexFilesAndTheirNewestLastmod) {
  EXPECT_EQ(SitemapFiles(0, 2), 1);
  EXPECT_EQ(SitemapFiles(4, 2), 2);
  EXPECT_EQ(SitemapFiles(5, 2), 3);
  EXPECT_EQ(SitemapFiles(50000, kSitemapUrlsPerFile), 1);
  EXPECT_EQ(SitemapFiles(50001, kSitemapUrlsPerFile), 2);
  const std::string index = SitemapIndexXml("https://p.example", kUrls, 2);
  EXPECT_NE(index.find("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"), std::string::npos);
  EXPECT_NE(index.find("<sitemap><loc>https://p.example/sitemaps/1.xml</loc><lastmod>2026-11-01</lastmod></sitemap>"),
            std::string::npos);
  EXPECT_NE(index.find("<loc>https://p.example/sitemaps/2.xml</loc><lastmod>2026-12-01</lastmod>"), std::string::npos);
  EXPECT_NE(index.find("<loc>https://p.example/sitemaps/3.xml</loc><lastmod>2026-11-20</lastmod>"), std::string::npos);
  EXPECT_EQ(index.find("sitemaps/4.xml"), std::string::npos);
}

TEST(RobotsTest, PrivatePagesDisallowedAndTheSitemapOnlyWithAnOrigin) {
  const std::string with = RobotsTxt("https://prep.example.com");
  EXPECT_TRUE(with.starts_with("User-agent: *\n"));
  for (const char* path :
       {"/account", "/progress", "/review", "/stories", "/attempts", "/mock", "/api/v1/me", "/editor"})
    EXPECT_NE(with.find("Disallow: " + std::string(path) + "\n"), std::string::npos) << path;
  EXPECT_EQ(with.find("Disallow: /roles"), std::string::npos);
  EXPECT_EQ(with.find("Disallow: /signin"), std::string::npos);
  EXPECT_NE(with.find("\nSitemap: https://prep.example.com/sitemap.xml\n"), std::string::npos);
  EXPECT_EQ(RobotsTxt("").find("Sitemap"), std::string::npos);
}

}  // namespace
}  // namespace starprep::web
