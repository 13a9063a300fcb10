// SPDX-License-Identifier: Apache-2.0
#pragma once
// /sitemap.xml and /robots.txt for search engines: pure text from plain values (web/pages.cpp
// gathers the URLs from the store, caches and serves them).
//
// The sitemap protocol (sitemaps.org): absolute URLs, at most 50,000 per file; past that,
// /sitemap.xml is a sitemap index naming /sitemaps/1.xml, /sitemaps/2.xml, ... of at most that
// many each.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace starprep::web {

// The most URLs one sitemap file may list (the protocol's limit; serve --sitemap-urls-per-file
// lowers it for tests).
inline constexpr int kSitemapUrlsPerFile = 50000;

struct SitemapUrl {
  std::string path;     // "/roles/backend-developer"
  std::string lastmod;  // "YYYY-MM-DD", or "" when unknown
};

// A <urlset> of urls[first, first + count) with `origin` ("https://example.com") before each path.
std::string SitemapXml(std::string_view origin, const std::vector<SitemapUrl>& urls, std::size_t first,
                       std::size_t count);

// The number of sitemap files `urls` URLs need with at most `per_file` in each (at least 1).
int SitemapFiles(std::size_t urls, int per_file);

// A <sitemapindex> naming /sitemaps/1.xml .. /sitemaps/<files>.xml; lastmod of each is the newest
// lastmod of its slice of `urls`.
std::string SitemapIndexXml(std::string_view origin, const std::vector<SitemapUrl>& urls, int per_file);

// robots.txt: every crawler may read the public pages; the private ones (account, progress, the
// review queue, stories, attempts, mock interviews, the personal API, sign-out, editor pages) and
// search result pages are disallowed. With an `origin`, a Sitemap line points at origin + "/sitemap.xml" (the directive
// needs an absolute URL); without one there is none.
std::string RobotsTxt(std::string_view origin);

}  // namespace starprep::web
