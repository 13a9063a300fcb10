// SPDX-License-Identifier: Apache-2.0
#include "search/service/searcher.h"

#include <algorithm>
#include <charconv>

#include "core/html.h"

namespace starprep::search {
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

std::optional<int> Integer(const std::string& s) {
  int n = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

// A filter value: "" for any; at most 100 bytes of valid UTF-8.
Status FilterValue(const ParamLookup& params, const char* name, std::string& out) {
  auto v = params(name);
  if (!v || v->empty()) return {};
  if (v->size() > 100 || !html::IsValidUtf8(*v))
    return Invalid(std::string("Query parameter \"") + name + "\" must be at most 100 characters of text.");
  out = std::move(*v);
  return {};
}

}  // namespace

Result<SearchRequest> ParseSearchRequest(const ParamLookup& params) {
  SearchRequest r;
  auto q = params("q");
  if (!q) return Invalid("Query parameter \"q\" is required: the words to search for.");
  if (q->size() > kMaxQueryBytes)
    return Invalid("Query parameter \"q\" must be at most " + std::to_string(kMaxQueryBytes) + " bytes long.");
  if (!html::IsValidUtf8(*q)) return Invalid("Query parameter \"q\" must be valid UTF-8 text.");
  r.text = std::move(*q);
  if (auto s = FilterValue(params, "type", r.filter.type); !s) return s.error();
  if (!r.filter.type.empty() && r.filter.type != "question" && r.filter.type != "job" && r.filter.type != "role")
    return Invalid("Query parameter \"type\" must be question, job or role.");
  if (auto s = FilterValue(params, "role", r.filter.role); !s) return s.error();
  if (auto s = FilterValue(params, "kind", r.filter.kind); !s) return s.error();
  if (auto s = FilterValue(params, "competency", r.filter.competency); !s) return s.error();
  if (auto s = FilterValue(params, "remote", r.filter.remote); !s) return s.error();
  if (!r.filter.remote.empty() && r.filter.remote != "remote" && r.filter.remote != "hybrid")
    return Invalid("Query parameter \"remote\" must be remote or hybrid.");
  if (auto limit = params("limit"); limit && !limit->empty()) {
    auto n = Integer(*limit);
    if (!n || *n < 1 || *n > kMaxLimit)
      return Invalid("Query parameter \"limit\" must be an integer from 1 to " + std::to_string(kMaxLimit) + ".");
    r.limit = *n;
  }
  if (auto cursor = params("cursor"); cursor && !cursor->empty()) {
    auto n = Integer(*cursor);
    if (!n || *n < 0 || *n > kMaxOffset)
      return Invalid("Query parameter \"cursor\" must be the next_cursor of an earlier page.");
    r.offset = *n;
  }
  return r;
}

std::string NextCursor(int offset, int limit, int total) {
  const long next = static_cast<long>(offset) + limit;
  if (next >= total || next > kMaxOffset) return "";
  return std::to_string(next);
}

Status Searcher::Expand(Query& query) {
  for (Clause& c : query.clauses) {
    if (c.phrase) continue;
    const std::string& word = c.words.front();
    if (c.prefix) {
      auto completions = store_.SearchVocabulary({word, 0, 0, static_cast<int>(kMaxAlternatives) + 1});
      if (!completions.ok()) return completions.error();
      for (auto& entry : *completions)
        if (entry.term != word && c.completions.size() < kMaxAlternatives)
          c.completions.push_back(std::move(entry.term));
    }
    const VocabularySlice slice = SliceFor(word);
    if (slice.first.empty()) continue;
    auto vocabulary = store_.SearchVocabulary({slice.first, slice.min_length, slice.max_length, kVocabularyScan});
    if (!vocabulary.ok()) return vocabulary.error();
    c.typos = TypoCandidates(word, *vocabulary);
  }
  return {};
}

Result<std::optional<Query>> Searcher::Corrected(const Query& query) {
  Query corrected;
  bool changed = false;
  for (const Clause& c : query.clauses) {
    Clause plain;
    plain.phrase = c.phrase;
    for (const std::string& word : c.words) {
      const int typos = std::max(1, AllowedTypos(html::CodePoints(word)));
      const VocabularySlice slice = SliceFor(word, typos);
      std::string best = word;
      if (!slice.first.empty() && html::CodePoints(word) >= 3) {
        auto vocabulary = store_.SearchVocabulary({slice.first, slice.min_length, slice.max_length, kVocabularyScan});
        if (!vocabulary.ok()) return vocabulary.error();
        const bool known = std::any_of(vocabulary->begin(), vocabulary->end(),
                                       [&](const VocabularyEntry& e) { return e.term == word; });
        if (!known) {
          auto candidates = TypoCandidates(word, *vocabulary, 1, typos);
          if (!candidates.empty()) best = std::move(candidates.front());
        }
      }
      changed = changed || best != word;
      plain.words.push_back(std::move(best));
    }
    corrected.clauses.push_back(std::move(plain));
  }
  if (!changed) return std::optional<Query>();
  return std::optional<Query>(std::move(corrected));
}

Result<SearchResult> Searcher::Search(const SearchRequest& request, const std::string& now_utc) {
  SearchResult out;
  Query query = Parse(request.text);
  out.query = ToText(query);
  if (query.empty()) return out;
  if (auto s = Expand(query); !s) return s.error();
  auto page = store_.Search({query, request.filter, now_utc, request.limit, request.offset});
  if (!page.ok()) return page.error();
  out.page = std::move(*page);
  if (out.page.total > 0 || request.offset > 0) return out;
  auto corrected = Corrected(Parse(request.text));
  if (!corrected.ok()) return corrected.error();
  if (!*corrected) return out;
  auto retry = store_.Search({**corrected, request.filter, now_utc, 0, 0});
  if (!retry.ok()) return retry.error();
  if (retry->total > 0) out.did_you_mean = ToText(**corrected);
  return out;
}

Result<Suggestions> Searcher::Suggest(std::string_view text, const std::string& now_utc) {
  Suggestions out;
  Query query = Parse(text.substr(0, std::min(text.size(), kMaxQueryBytes)));
  if (query.empty()) return out;
  if (auto s = Expand(query); !s) return s.error();
  const Clause& last = query.clauses.back();
  if (last.prefix) {
    Query base = query;
    base.clauses.pop_back();
    const std::string head = base.empty() ? "" : ToText(base) + " ";
    for (const auto& word : last.completions) {
      if (out.completions.size() >= static_cast<std::size_t>(kSuggestions)) break;
      out.completions.push_back({head + word});
    }
  }
  auto page = store_.Search({query, {}, now_utc, kSuggestions, 0});
  if (!page.ok()) return page.error();
  out.hits = std::move(page->hits);
  return out;
}

}  // namespace starprep::search
