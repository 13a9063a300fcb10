// SPDX-License-Identifier: Apache-2.0
#include "web/render.h"

#include <sodium.h>

#include <array>
#include <cctype>
#include <stdexcept>

#include "core/assets.h"
#include "core/html.h"
#include "http/page_cache.h"

namespace starprep::web {
namespace {

std::string Template(std::string_view name) {
  return Asset("web/templates/" + std::string(name) + ".mustache");
}

std::string ShortHash(std::string_view s) {
  unsigned char h[8];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(s.data()), s.size(), nullptr, 0);
  char hex[17];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

}  // namespace

std::string Asset(std::string_view name) {
  auto a = assets::Find(name);
  if (!a) throw std::logic_error("asset not embedded: " + std::string(name));
  return std::string(*a);
}

std::string Render(std::string_view name, mus::data& data) {
  for (const char* partial : {"star_explainer", "feedback", "question_block"}) {
    std::string text = Template(partial);
    data.set(partial, mus::data(mus::partial([text] { return text; })));
  }
  mus::mustache tmpl(Template(name));
  if (!tmpl.is_valid()) throw std::logic_error("template " + std::string(name) + ": " + tmpl.error_message());
  return tmpl.render(data);
}

const std::string& CssVersion() {
  static const std::string version = ShortHash(Asset("web/static/site.css"));
  return version;
}

const std::string& JsVersion() {
  static const std::string version = ShortHash(Asset("web/static/app.js"));
  return version;
}

std::string Layout(const PageMeta& page) {
  mus::data d;
  d.set("title", page.title);
  d.set("description", page.description);
  d.set("content", page.content);
  d.set("css_version", CssVersion());
  d.set("js_version", JsVersion());
  if (!page.jsonld.empty()) d.set("jsonld", page.jsonld);
  if (!page.canonical.empty()) {
    d.set("canonical", page.origin + page.canonical);
    if (!page.origin.empty()) d.set("og_url", page.origin + page.canonical);
  }
  d.set("nav_anonymous", Flag(page.nav == Nav::kAnonymous));
  d.set("nav_signed_in", Flag(page.nav == Nav::kSignedIn));
  if (page.nav == Nav::kSignedIn && page.review_due > 0) d.set("review_due", std::to_string(page.review_due));
  // Not counted for this page (a cached page's signed-in copy is every member's): app.js asks
  // /api/v1/me/reviews/due-count and fills the placeholder in.
  if (page.nav == Nav::kSignedIn && page.review_due < 0) d.set("review_due_later", Flag(true));
  d.set("csrf_slot", std::string(http::kTokenSlot));
  return Render("layout", d);
}

std::string ConfirmDeletePage(const std::string& heading, const std::string& description, const std::string& what,
                              const std::string& path, const ConfirmWords& words) {
  mus::data d;
  d.set("heading", heading);
  d.set("what", what);
  d.set("action", path + "/delete");
  d.set("cancel", words.cancel.empty() ? path : words.cancel);
  d.set("confirm", words.confirm);
  d.set("keep", words.keep);
  if (!words.consequence.empty()) d.set("consequence", words.consequence);
  d.set("csrf_slot", std::string(http::kTokenSlot));
  return Layout({heading, description, Render("confirm_delete", d), "", "", Nav::kSignedIn});
}

std::string HumanDate(const std::string& iso) {
  static constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                          "May",       "June",     "July",     "August",
                                                          "September", "October",  "November", "December"};
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (iso[i] < '0' || iso[i] > '9') return iso;
  int month = (iso[5] - '0') * 10 + (iso[6] - '0');
  int day = (iso[8] - '0') * 10 + (iso[9] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return iso;
  return std::to_string(day) + " " + kMonths[month - 1] + " " + iso.substr(0, 4);
}

std::string HumanDay(const std::string& timestamp) {
  return HumanDate(timestamp.substr(0, 10));
}

std::string HumanTime(const std::string& at) {
  if (at.size() < 16) return HumanDate(at);
  return HumanDate(at.substr(0, 10)) + ", " + at.substr(11, 5) + " UTC";
}

std::string HumanDuration(int seconds) {
  if (seconds % 60 == 0 && seconds >= 60) return std::to_string(seconds / 60) + " min";
  if (seconds < 60) return std::to_string(seconds) + " s";
  return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s";
}

std::string AlertHtml(std::string_view message) {
  return "<p class=\"coach-error\" role=\"alert\">" + html::Escape(message) + "</p>";
}

std::string FirstWords(std::string_view text, std::size_t max_words) {
  auto space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; };
  std::string out;
  std::size_t words = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && space(text[i])) ++i;
    if (i == text.size()) break;
    if (words == max_words) return out + "\xE2\x80\xA6";  // "…": words were left out
    std::size_t end = i;
    while (end < text.size() && !space(text[end])) ++end;
    if (!out.empty()) out += ' ';
    out.append(text.substr(i, end - i));
    ++words;
    i = end;
  }
  return out;
}

std::string QueryEscape(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace starprep::web
