// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every HTML page shares: the embedded Mustache templates (escaped by default), the site
// layout with its header variants, and small formatting helpers. Pure apart from reading the
// embedded assets; thread-safe.

#include <kainjow/mustache.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace starprep::web {

namespace mus = kainjow::mustache;

// The bytes of an embedded file ("web/static/site.css"); throws std::logic_error if absent (a
// build error, not a runtime condition).
std::string Asset(std::string_view name);

// Renders web/templates/<name>.mustache; partials resolve to other embedded templates.
std::string Render(std::string_view name, mus::data& data);

// A Mustache boolean.
inline mus::data Flag(bool value) {
  return value ? mus::data(true) : mus::data(false);
}

// Which site header a page carries. Cached public pages exist in an anonymous and a signed-in
// variant (neither names the user); error pages carry the one of the visitor who got them.
enum class Nav {
  kAnonymous,  // "Sign in", "Sign up"
  kSignedIn,   // "Progress", "Stories", "Account", and a "Sign out" button (CSRF slot)
};

struct PageMeta {
  std::string title;
  std::string description;
  std::string content;    // the rendered <main> content
  std::string jsonld;     // "" for none; already safe for a <script> block
  std::string canonical;  // the page's path ("" for none: private and error pages)
  Nav nav = Nav::kAnonymous;
  std::string origin;  // "https://example.com" (http::PublicOrigin::For); "": links stay relative
  // Signed-in pages rendered for one member: their review questions due today, shown beside
  // "Review" in the header when above 0. -1 (the default): not counted here (a page shared by every
  // signed-in visitor, or one that did not look it up): the header holds an empty placeholder that
  // app.js fills from GET /api/v1/me/reviews/due-count.
  int review_due = -1;
};

// The whole HTML document for `page` (template layout). A page with a canonical path is public:
// it gets rel=canonical (absolute with an origin), Open Graph tags (og:url only with an origin:
// it must be absolute) and a Twitter summary card.
std::string Layout(const PageMeta& page);

// How a confirmation page words its choice; the defaults are a deletion's.
struct ConfirmWords {
  std::string cancel;              // where "Keep it" goes ("": the `path` given)
  std::string confirm = "Delete";  // the button that does it
  std::string keep = "Keep it";    // the link that does not
  std::string consequence;         // one more sentence after "It cannot be undone." ("" for none)
};

// The signed-in page asking "`heading`" before deleting `what` (a phrase such as "your story
// \"X\""): its form posts to `path` + "/delete", and "Keep it" goes back to `path`. It works
// without JavaScript.
std::string ConfirmDeletePage(const std::string& heading, const std::string& description, const std::string& what,
                              const std::string& path, const ConfirmWords& words = {});

// Short content hashes of the embedded stylesheet and script, for cache-busting URLs.
const std::string& CssVersion();
const std::string& JsVersion();

// "2026-11-20" → "20 November 2026" (input returned unchanged if not a date).
std::string HumanDate(const std::string& iso);
// The date of a stored timestamp: "2026-11-20T08:05:00Z" → "20 November 2026".
std::string HumanDay(const std::string& timestamp);
// "20 November 2026, 08:05 UTC" from a stored timestamp (a date alone: as HumanDate).
std::string HumanTime(const std::string& at);
// A duration in seconds as a person reads it: "45 s", "2 min", "1 min 30 s".
std::string HumanDuration(int seconds);

// A short alert paragraph (role="alert") with `message` escaped: for errors shown inside a page.
std::string AlertHtml(std::string_view message);

// The start of `text` for a preview: its first `max_words` words (runs of non-space characters;
// line breaks and repeated spaces become one space), with "…" appended when words were left out.
// Text of at most `max_words` words comes back whole (spaces collapsed). Never splits a UTF-8
// character, since it cuts only at ASCII whitespace.
std::string FirstWords(std::string_view text, std::size_t max_words);

// Percent-encodes `value` for a query string (unreserved characters kept).
std::string QueryEscape(std::string_view value);

}  // namespace starprep::web
