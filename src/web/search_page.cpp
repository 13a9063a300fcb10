// SPDX-License-Identifier: Apache-2.0
// GET /search: the search page (template search), a plain GET form that works without script:
// hits with highlighted snippets, facet values with counts as links that add or remove a filter
// (the filters combine with each other and with the query), the filters in use with a link to
// remove each, "did you mean", pages by cursor, and an empty state that says what to try next.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/dates.h"
#include "jobs/roles.h"
#include "web/pages.h"

namespace starprep::web {
namespace {

using FilterField = std::string store::SearchFilter::*;

// Facet values shown before "N more" (the most frequent first).
constexpr std::size_t kFacetValuesShown = 8;
// Matches among a signed-in visitor's own stories and attempts shown above the results.
constexpr std::size_t kPersonalShown = 5;

struct Facet {
  const char* name;   // as the page says it
  const char* param;  // the query parameter
  FilterField field;
  const std::map<std::string, int> store::SearchFacets::*counts;
};
constexpr Facet kFacets[] = {
    {"Type", "type", &store::SearchFilter::type, &store::SearchFacets::type},
    {"Role", "role", &store::SearchFilter::role, &store::SearchFacets::role},
    {"Kind", "kind", &store::SearchFilter::kind, &store::SearchFacets::kind},
    {"Competency", "competency", &store::SearchFilter::competency, &store::SearchFacets::competency},
    {"Remote", "remote", &store::SearchFilter::remote, &store::SearchFacets::remote}};

// The page's query string for `r`, with `cursor` ("" for the first page); every value escaped.
std::string SearchUrl(const search::SearchRequest& r, const std::string& cursor) {
  std::string url = "/search?q=" + QueryEscape(r.text);
  for (const Facet& f : kFacets)
    if (!(r.filter.*f.field).empty()) url += std::string("&") + f.param + "=" + QueryEscape(r.filter.*f.field);
  if (!cursor.empty()) url += "&cursor=" + cursor;
  return url;
}

// How a facet value reads on the page: role titles for role slugs, words for the codes.
std::string FacetLabel(FilterField field, const std::string& value,
                       const std::map<std::string, std::string>& role_titles) {
  if (field == &store::SearchFilter::type)
    return value == "question" ? "Questions" : value == "job" ? "Jobs" : value == "role" ? "Roles" : value;
  if (field == &store::SearchFilter::role) {
    if (value == jobs::kOtherRole) return "Other jobs";
    const auto it = role_titles.find(value);
    return it != role_titles.end() ? it->second : value;
  }
  if (field == &store::SearchFilter::remote)
    return value == "remote" ? "Fully remote" : value == "hybrid" ? "Hybrid" : value;
  if (field == &store::SearchFilter::kind && !value.empty()) {
    std::string label = value;
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    return label;
  }
  return value;
}

// One facet's values as links that add (or, for the value chosen, remove) that filter; the most
// frequent first, the chosen value always among those shown.
mus::data FacetData(const search::SearchRequest& r, const Facet& facet, const std::map<std::string, int>& counts,
                    const std::map<std::string, std::string>& role_titles) {
  std::vector<std::pair<std::string, int>> values(counts.begin(), counts.end());
  const std::string& chosen_value = r.filter.*facet.field;
  std::stable_sort(values.begin(), values.end(), [&](const auto& a, const auto& b) {
    const bool a_chosen = a.first == chosen_value, b_chosen = b.first == chosen_value;
    if (a_chosen != b_chosen) return a_chosen;
    return a.second > b.second;
  });
  mus::data shown{mus::data::type::list}, more{mus::data::type::list};
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& [value, count] = values[i];
    search::SearchRequest next = r;
    const bool chosen = chosen_value == value;
    next.filter.*facet.field = chosen ? "" : value;
    mus::data item;
    item.set("label", FacetLabel(facet.field, value, role_titles));
    item.set("count", std::to_string(count));
    item.set("url", SearchUrl(next, ""));
    item.set("chosen", Flag(chosen));
    (i < kFacetValuesShown ? shown : more).push_back(item);
  }
  mus::data d;
  d.set("name", facet.name);
  d.set("values", shown);
  const std::size_t hidden = values.size() > kFacetValuesShown ? values.size() - kFacetValuesShown : 0;
  d.set("has_more", Flag(hidden > 0));
  d.set("more_count", std::to_string(hidden));
  d.set("more", more);
  return d;
}

// A snippet's parts for the template, which escapes them and puts matches in <mark>.
mus::data SnippetData(const std::vector<search::SnippetPart>& snippet) {
  mus::data parts{mus::data::type::list};
  for (const auto& part : snippet) {
    mus::data p;
    p.set("text", part.text);
    p.set("match", Flag(part.match));
    parts.push_back(p);
  }
  return parts;
}

std::string Results(int n) {
  return n == 1 ? std::string("1 result") : std::to_string(n) + " results";
}

// "57 results for “kafka”", or on a later page "Results 21–40 of 57 for “kafka”".
std::string CountText(const search::SearchRequest& r, const search::SearchResult& result) {
  const std::string what = " for \u201c" + result.query + "\u201d";
  const store::SearchPage& page = result.page;
  if (page.total == 0) return "No results" + what;
  if (r.offset == 0 && static_cast<int>(page.hits.size()) == page.total) return Results(page.total) + what;
  const int first = r.offset + 1;
  const int last = r.offset + static_cast<int>(page.hits.size());
  return "Results " + std::to_string(first) + "\u2013" + std::to_string(last) + " of " + std::to_string(page.total) +
         what;
}

// What the page suggests searching for before anything was typed (each finds something).
constexpr const char* kExamples[] = {"caching", "kubernetes", "code review", "stakeholders", "data pipeline"};

}  // namespace

http::Response Pages::Search(http::Request& req) {
  auto params = [&req](const char* name) -> std::optional<std::string> {
    if (std::string_view(name) == "q") return req.Query(name).value_or("");  // an empty form is fine
    return req.Query(name);
  };
  auto request = search::ParseSearchRequest(params);
  if (!request.ok()) return http::ErrorReply(request.error());
  const std::string now = dates::NowUtc();
  auto result = searcher_.Search(*request, now);
  if (!result.ok()) return http::ErrorReply(result.error());
  const store::SearchPage& page = result->page;
  auto roles = store_.ListRoles();
  if (!roles.ok()) return http::ErrorReply(roles.error());
  std::map<std::string, std::string> role_titles;
  for (const auto& role : *roles) role_titles[role.slug] = role.title;

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
    option.set("selected", Flag(request->filter.type == value));
    types.push_back(option);
  }
  d.set("type_options", types);
  const bool searched = !result->query.empty();
  d.set("searched", Flag(searched));
  d.set("query", request->text);
  d.set("count_text", CountText(*request, *result));
  if (!result->did_you_mean.empty()) {
    search::SearchRequest corrected = *request;
    corrected.text = result->did_you_mean;
    d.set("did_you_mean", result->did_you_mean);
    d.set("did_you_mean_url", SearchUrl(corrected, ""));
  }

  // The filters in use, each with a link that removes it.
  mus::data active{mus::data::type::list};
  int filters = 0;
  for (const Facet& facet : kFacets) {
    const std::string& value = request->filter.*facet.field;
    if (value.empty()) continue;
    ++filters;
    search::SearchRequest without = *request;
    without.filter.*facet.field = "";
    mus::data chip;
    chip.set("name", facet.name);
    chip.set("label", FacetLabel(facet.field, value, role_titles));
    chip.set("url", SearchUrl(without, ""));
    active.push_back(chip);
  }
  search::SearchRequest unfiltered = *request;
  unfiltered.filter = {};
  d.set("has_filters", Flag(filters > 0));
  d.set("active_filters", active);
  d.set("clear_url", SearchUrl(unfiltered, ""));

  mus::data hits{mus::data::type::list};
  for (const auto& hit : page.hits) {
    mus::data item;
    item.set("title", hit.title);
    item.set("url", hit.type == "question" ? "/questions/" + hit.id
                    : hit.type == "role"   ? "/roles/" + hit.slug
                                           : "/jobs/" + hit.id);
    item.set("type", hit.type == "question" ? "Question" : hit.type == "role" ? "Role" : "Job");
    // Where the hit belongs: a question's or job's role (a role is its own context).
    if (hit.type != "role" && !hit.role.empty())
      if (auto it = role_titles.find(hit.role); it != role_titles.end()) item.set("context", it->second);
    item.set("parts", SnippetData(hit.snippet));
    item.set("has_snippet", Flag(!hit.snippet.empty()));
    hits.push_back(item);
  }
  d.set("hits", hits);
  d.set("has_hits", Flag(!page.hits.empty()));
  d.set("first_number", std::to_string(request->offset + 1));

  // Nothing with the filters: say how many there are without them (one more count, no page).
  if (searched && page.total == 0 && filters > 0) {
    search::SearchRequest count_only = unfiltered;
    count_only.limit = 0;
    count_only.offset = 0;
    auto all = searcher_.Search(count_only, now);
    if (!all.ok()) return http::ErrorReply(all.error());
    if (all->page.total > 0) {
      d.set("unfiltered_url", SearchUrl(unfiltered, ""));
      d.set("unfiltered_count", Results(all->page.total));
      d.set("one_filter", Flag(filters == 1));
    }
  }
  mus::data role_links{mus::data::type::list};
  for (std::size_t i = 0; i < roles->size(); ++i) {
    mus::data link;
    link.set("slug", (*roles)[i].slug);
    link.set("title", (*roles)[i].title);
    link.set("last", Flag(i + 1 == roles->size()));
    role_links.push_back(link);
  }
  d.set("roles", role_links);

  mus::data facets{mus::data::type::list};
  for (const Facet& facet : kFacets) {
    const auto& counts = page.facets.*facet.counts;
    if (counts.empty()) continue;
    facets.push_back(FacetData(*request, facet, counts, role_titles));
  }
  d.set("has_facets", Flag(page.total > 0));
  d.set("facets", facets);

  const int pages = std::max(1, (page.total + request->limit - 1) / request->limit);
  const std::string next = search::NextCursor(request->offset, request->limit, page.total);
  if (request->offset > 0 || !next.empty()) {
    d.set("paged", true);
    d.set("page", std::to_string(request->offset / request->limit + 1));
    d.set("pages", std::to_string(pages));
    if (request->offset > 0) {
      const int prev = std::max(0, request->offset - request->limit);
      d.set("prev", SearchUrl(*request, prev == 0 ? "" : std::to_string(prev)));
    }
    if (!next.empty()) d.set("next", SearchUrl(*request, next));
  }

  mus::data examples{mus::data::type::list};
  for (std::size_t i = 0; i < std::size(kExamples); ++i) {
    mus::data example;
    example.set("text", kExamples[i]);
    example.set("q", QueryEscape(kExamples[i]));
    example.set("last", Flag(i + 1 == std::size(kExamples)));
    examples.push_back(example);
  }
  d.set("examples", examples);

  // A signed-in visitor's own stories and attempts, searched for this request only: first page,
  // no type filter (they are neither questions, jobs nor roles).
  auto user = gate_.CurrentUser(req);
  const bool signed_in = user.ok() && user->has_value();
  if (signed_in && searched && request->offset == 0 && request->filter.type.empty()) {
    auto own = personal_.Search((*user)->user.id, request->text, kPersonalShown);
    if (!own.ok()) return http::ErrorReply(own.error());
    mus::data items{mus::data::type::list};
    for (const auto& r : *own) {
      mus::data item;
      item.set("title", r.title);
      item.set("url", r.url);
      item.set("type", r.type == "story" ? "Your story" : "Your attempt");
      item.set("parts", SnippetData(r.snippet));
      item.set("has_snippet", Flag(!r.snippet.empty()));
      items.push_back(item);
    }
    d.set("personal", items);
    d.set("has_personal", Flag(!own->empty()));
  }

  const Nav nav = signed_in ? Nav::kSignedIn : Nav::kAnonymous;
  const std::string title = searched ? "Search: " + result->query : "Search";
  std::string html = Layout({title, "Search interview questions, roles and open jobs.", Render("search", d), "",
                             SearchUrl(*request, ""), nav, site_.origin.For(req)});
  http::Response resp = gate_.Serve(req, html, 200);
  resp.SetHeader("Cache-Control", "no-store");
  return resp;
}

}  // namespace starprep::web
