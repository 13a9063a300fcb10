// SPDX-License-Identifier: Apache-2.0
// GET /search: the search page (template search), a plain GET form that works without script.
#include <string>

#include "core/dates.h"
#include "web/pages.h"

namespace starprep::web {
namespace {

// The page's query string for `r`, with `cursor` ("" for the first page); every value escaped.
std::string SearchUrl(const search::SearchRequest& r, const std::string& cursor) {
  std::string url = "/search?q=" + QueryEscape(r.text);
  const std::pair<const char*, const std::string*> filters[] = {{"type", &r.filter.type},
                                                                {"role", &r.filter.role},
                                                                {"kind", &r.filter.kind},
                                                                {"competency", &r.filter.competency},
                                                                {"remote", &r.filter.remote}};
  for (const auto& [name, value] : filters)
    if (!value->empty()) url += std::string("&") + name + "=" + QueryEscape(*value);
  if (!cursor.empty()) url += "&cursor=" + cursor;
  return url;
}

// One facet's values as links that add (or, for the value chosen, remove) that filter.
mus::data FacetLinks(const search::SearchRequest& r, const std::map<std::string, int>& counts,
                     std::string store::SearchFilter::*field) {
  mus::data list{mus::data::type::list};
  for (const auto& [value, count] : counts) {
    search::SearchRequest next = r;
    const bool chosen = r.filter.*field == value;
    next.filter.*field = chosen ? "" : value;
    mus::data item;
    item.set("label", value);
    item.set("count", std::to_string(count));
    item.set("url", SearchUrl(next, ""));
    item.set("chosen", chosen ? mus::data(true) : mus::data(false));
    list.push_back(item);
  }
  return list;
}

}  // namespace

http::Response Pages::Search(http::Request& req) {
  auto params = [&req](const char* name) -> std::optional<std::string> {
    if (std::string_view(name) == "q") return req.Query(name).value_or("");  // an empty form is fine
    return req.Query(name);
  };
  auto request = search::ParseSearchRequest(params);
  if (!request.ok()) return http::ErrorReply(request.error());
  auto result = searcher_.Search(*request, dates::NowUtc());
  if (!result.ok()) return http::ErrorReply(result.error());
  const store::SearchPage& page = result->page;

  mus::data d;
  d.set("q", request->text);
  mus::data types{mus::data::type::list};
  for (const auto& [value, label] : {std::pair<std::string, std::string>{"", "Everything"},
                                     {"question", "Questions"},
                                     {"job", "Jobs"},
                                     {"role", "Roles"}}) {
    mus::data option;
    option.set("value", value);
    option.set("label", label);
    option.set("selected", request->filter.type == value ? mus::data(true) : mus::data(false));
    types.push_back(option);
  }
  d.set("type_options", types);
  const bool searched = !result->query.empty();
  d.set("searched", searched ? mus::data(true) : mus::data(false));
  d.set("count_text", page.total == 1 ? std::string("1 result") : std::to_string(page.total) + " results");
  if (!result->did_you_mean.empty()) {
    search::SearchRequest corrected = *request;
    corrected.text = result->did_you_mean;
    d.set("did_you_mean", result->did_you_mean);
    d.set("did_you_mean_url", SearchUrl(corrected, ""));
  }
  mus::data hits{mus::data::type::list};
  for (const auto& hit : page.hits) {
    mus::data item;
    item.set("title", hit.title);
    item.set("url", hit.type == "question" ? "/questions/" + hit.id
                    : hit.type == "role"   ? "/roles/" + hit.slug
                                           : "/jobs/" + hit.id);
    item.set("type", hit.type == "question" ? "Question" : hit.type == "role" ? "Role" : "Job");
    mus::data parts{mus::data::type::list};
    for (const auto& part : hit.snippet) {  // escaped by the template; matches in <mark>
      mus::data p;
      p.set("text", part.text);
      p.set("match", part.match ? mus::data(true) : mus::data(false));
      parts.push_back(p);
    }
    item.set("parts", parts);
    hits.push_back(item);
  }
  d.set("hits", hits);
  d.set("has_hits", page.hits.empty() ? mus::data(false) : mus::data(true));
  mus::data facets{mus::data::type::list};
  const std::pair<const char*, std::string store::SearchFilter::*> fields[] = {
      {"Type", &store::SearchFilter::type},
      {"Role", &store::SearchFilter::role},
      {"Kind", &store::SearchFilter::kind},
      {"Competency", &store::SearchFilter::competency},
      {"Remote", &store::SearchFilter::remote}};
  const std::map<std::string, int>* counts[] = {&page.facets.type, &page.facets.role, &page.facets.kind,
                                                &page.facets.competency, &page.facets.remote};
  for (std::size_t i = 0; i < std::size(fields); ++i) {
    if (counts[i]->empty()) continue;
    mus::data facet;
    facet.set("name", fields[i].first);
    facet.set("values", FacetLinks(*request, *counts[i], fields[i].second));
    facets.push_back(facet);
  }
  d.set("facets", facets);
  if (request->offset > 0) d.set("first", SearchUrl(*request, ""));
  const std::string next = search::NextCursor(request->offset, request->limit, page.total);
  if (!next.empty()) d.set("next", SearchUrl(*request, next));

  const Nav nav = gate_.NavFor(req);
  const std::string title = searched ? "Search: " + result->query : "Search";
  std::string html = Layout({title, "Search interview questions, roles and open jobs.", Render("search", d), "",
                             SearchUrl(*request, ""), nav, site_.origin.For(req)});
  http::Response resp = gate_.Serve(req, html, 200);
  resp.SetHeader("Cache-Control", "no-store");
  return resp;
}

}  // namespace starprep::web
