// SPDX-License-Identifier: Apache-2.0
// GET /api/v1/search and GET /api/v1/search/suggest (docs/openapi.json: SearchPage, Suggestions).
#include <boost/json.hpp>

#include "api/api.h"
#include "api/json_io.h"
#include "core/dates.h"
#include "core/html.h"
#include "http/error_codes.h"
#include "search/query.h"

namespace starprep::api {
namespace json = boost::json;
namespace {

std::string UrlOf(const store::SearchHit& hit) {
  if (hit.type == "question") return "/questions/" + hit.id;
  if (hit.type == "role") return "/roles/" + hit.slug;
  return "/jobs/" + hit.id;
}

json::object HitJson(const store::SearchHit& hit, bool with_snippet) {
  json::object o{{"type", hit.type}, {"id", hit.id}, {"title", hit.title}, {"url", UrlOf(hit)}};
  o["role"] = hit.role.empty() ? json::value(nullptr) : json::value(hit.role);
  if (with_snippet) {
    o["snippet_html"] = search::SnippetHtml(hit.snippet);  // escaped text, matches in <mark>
    o["typo"] = !hit.exact;
    o["score"] = hit.score;
  }
  return o;
}

json::object Counts(const std::map<std::string, int>& counts) {
  json::object o;
  for (const auto& [value, n] : counts) o[value] = n;
  return o;
}

}  // namespace

http::Response Api::Search(http::Request& req) {
  auto request = search::ParseSearchRequest([&req](const char* name) { return req.Query(name); });
  if (!request.ok()) return http::ErrorReply(request.error());
  auto result = searcher_.Search(*request, dates::NowUtc());
  if (!result.ok()) return http::ErrorReply(result.error());
  const store::SearchPage& page = result->page;
  json::array items;
  for (const auto& hit : page.hits) items.push_back(HitJson(hit, true));
  const std::string next = search::NextCursor(request->offset, request->limit, page.total);
  return Json(200, json::object{
                       {"query", result->query},
                       {"items", std::move(items)},
                       {"total", page.total},
                       {"limit", request->limit},
                       {"next_cursor", next.empty() ? json::value(nullptr) : json::value(next)},
                       {"facets",
                        {{"type", Counts(page.facets.type)},
                         {"role", Counts(page.facets.role)},
                         {"kind", Counts(page.facets.kind)},
                         {"competency", Counts(page.facets.competency)},
                         {"remote", Counts(page.facets.remote)}}},
                       {"did_you_mean",
                        result->did_you_mean.empty() ? json::value(nullptr) : json::value(result->did_you_mean)},
                   });
}

http::Response Api::Suggest(http::Request& req) {
  const auto q = req.Query("q");
  if (!q) return http::ErrorReply(400, http::codes::kInvalidArgument, "Query parameter \"q\" is required.");
  if (q->size() > search::kMaxQueryBytes || !html::IsValidUtf8(*q))
    return http::ErrorReply(
        400, http::codes::kInvalidArgument,
        "Query parameter \"q\" must be at most " + std::to_string(search::kMaxQueryBytes) + " bytes of UTF-8 text.");
  auto suggestions = searcher_.Suggest(*q, dates::NowUtc());
  if (!suggestions.ok()) return http::ErrorReply(suggestions.error());
  json::array completions, items;
  for (const auto& c : suggestions->completions) completions.push_back(json::string(c.text));
  for (const auto& hit : suggestions->hits) items.push_back(HitJson(hit, false));
  return Json(200, json::object{{"query", *q}, {"completions", std::move(completions)}, {"items", std::move(items)}});
}

}  // namespace starprep::api
