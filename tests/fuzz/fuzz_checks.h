// SPDX-License-Identifier: Apache-2.0
#pragma once
// Invariant checks shared by the libFuzzer targets. A broken invariant prints what broke and
// traps, so libFuzzer saves the input as a crash. The oracles here are written independently of
// the code under test (e.g. our own UTF-8 validator), so a bug there cannot hide itself.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace starprep::fuzz {

[[noreturn]] inline void Fail(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "\nINVARIANT BROKEN: %s\n", what);
  if (!detail.empty())
    std::fprintf(stderr, "  detail (%zu bytes): %.*s\n", detail.size(),
                 static_cast<int>(std::min<std::size_t>(detail.size(), 2000)), detail.data());
  __builtin_trap();
}

inline void Check(bool ok, const char* what, std::string_view detail = {}) {
  if (!ok) Fail(what, detail);
}

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
inline bool Utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
      n = 0;
    else if (c >= 0xC2 && c <= 0xDF)
      n = 1;
    else if (c == 0xE0)
      n = 2, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC)
      n = 2;
    else if (c == 0xED)
      n = 2, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF)
      n = 2;
    else if (c == 0xF0)
      n = 3, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
      n = 3;
    else if (c == 0xF4)
      n = 3, hi = 0x8F;
    else
      return false;
    if (s.size() - i <= n) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const unsigned char b = static_cast<unsigned char>(s[i + k]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return false;
    }
    i += n + 1;
  }
  return true;
}

inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// HTML from the safe Markdown renderer: every '<' opens a tag cmark-gfm itself writes (or its
// "raw HTML omitted" comment), and no link or image points at a scripting or data: URL.
inline void CheckSafeHtml(std::string_view html) {
  static constexpr std::string_view kTags[] = {"p",      "h1", "h2",  "h3",         "h4",  "h5",   "h6",
                                               "ul",     "ol", "li",  "blockquote", "pre", "code", "em",
                                               "strong", "a",  "img", "hr",         "br",  "del"};
  constexpr std::string_view kOmitted = "<!-- raw HTML omitted -->";
  for (std::size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    if (html.substr(i, kOmitted.size()) == kOmitted) continue;
    std::size_t j = i + 1;
    if (j < html.size() && html[j] == '/') ++j;
    std::size_t k = j;
    while (k < html.size() && ((html[k] >= 'a' && html[k] <= 'z') || (html[k] >= '0' && html[k] <= '9'))) ++k;
    const std::string_view name = html.substr(j, k - j);
    bool known = false;
    for (std::string_view t : kTags) known = known || name == t;
    if (!known || k >= html.size() || (html[k] != '>' && html[k] != ' ' && html[k] != '/'))
      Fail("rendered Markdown contains a tag the safe renderer never writes", html.substr(i, 80));
  }
  const std::string lower = Lower(html);
  for (std::string_view attr : {"href=\"", "src=\""}) {
    for (std::size_t i = lower.find(attr); i != std::string::npos; i = lower.find(attr, i + 1)) {
      const std::string_view url = std::string_view(lower).substr(i + attr.size());
      const bool script = url.starts_with("javascript:") || url.starts_with("vbscript:") || url.starts_with("file:");
      // cmark-gfm lets only raster images through as data: URLs.
      const bool data = url.starts_with("data:") && !url.starts_with("data:image/png") &&
                        !url.starts_with("data:image/gif") && !url.starts_with("data:image/jpeg") &&
                        !url.starts_with("data:image/webp");
      if (script || data) Fail("rendered Markdown links to a dangerous URL", html.substr(i, 80));
    }
  }
}

}  // namespace starprep::fuzz
