// SPDX-License-Identifier: Apache-2.0
#include "web/sitemap.h"

#include <algorithm>

#include "core/html.h"

namespace starprep::web {
namespace {

constexpr std::string_view kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr std::string_view kNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

// Paths the private pages live under: what robots.txt disallows.
constexpr std::string_view kPrivatePaths[] = {"/account", "/progress",  "/review",  "/stories", "/attempts",
                                              "/mock",    "/api/v1/me", "/signout", "/editor",  "/search"};

std::string Entry(std::string_view tag, std::string_view loc, std::string_view lastmod) {
  std::string out = "<" + std::string(tag) + "><loc>" + html::Escape(loc) + "</loc>";
  if (!lastmod.empty()) out += "<lastmod>" + html::Escape(lastmod) + "</lastmod>";
  return out + "</" + std::string(tag) + ">\n";
}

}  // namespace

std::string SitemapXml(std::string_view origin, const std::vector<SitemapUrl>& urls, std::size_t first,
                       std::size_t count) {
  std::string out(kXmlHead);
  out += "<urlset xmlns=\"" + std::string(kNamespace) + "\">\n";
  const std::size_t end = std::min(urls.size(), first + count);
  for (std::size_t i = first; i < end; ++i) out += Entry("url", std::string(origin) + urls[i].path, urls[i].lastmod);
  return out + "</urlset>\n";
}

int SitemapFiles(std::size_t urls, int per_file) {
  const std::size_t per = static_cast<std::size_t>(std::max(per_file, 1));
  return static_cast<int>(std::max<std::size_t>(1, (urls + per - 1) / per));
}

std::string SitemapIndexXml(std::string_view origin, const std::vector<SitemapUrl>& urls, int per_file) {
  const std::size_t per = static_cast<std::size_t>(std::max(per_file, 1));
  std::string out(kXmlHead);
  out += "<sitemapindex xmlns=\"" + std::string(kNamespace) + "\">\n";
  const int files = SitemapFiles(urls.size(), per_file);
  for (int f = 0; f < files; ++f) {
    std::string newest;
    const std::size_t first = static_cast<std::size_t>(f) * per;
    for (std::size_t i = first; i < std::min(urls.size(), first + per); ++i) newest = std::max(newest, urls[i].lastmod);
    out += Entry("sitemap", std::string(origin) + "/sitemaps/" + std::to_string(f + 1) + ".xml", newest);
  }
  return out + "</sitemapindex>\n";
}

std::string RobotsTxt(std::string_view origin) {
  std::string out = "User-agent: *\n";
  for (std::string_view path : kPrivatePaths) out += "Disallow: " + std::string(path) + "\n";
  out += "Disallow: /questions/*/attempts\n";
  out += "Allow: /\n";
  if (!origin.empty()) out += "\nSitemap: " + std::string(origin) + "/sitemap.xml\n";
  return out;
}

}  // namespace starprep::web
