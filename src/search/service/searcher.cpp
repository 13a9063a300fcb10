// SPDX-License-Identifier: Apache-2.0
#include "search/service/searcher.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <set>
#include <tuple>

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

namespace {

// A cache key: the query as parsed (its words, phrases and whether the last word is a prefix),
// then every other input of the answer, separated by bytes no word or filter value holds.
std::string QueryKey(const Query& query) {
  std::string key = ToText(query);
  if (!query.empty() && query.clauses.back().prefix) key += '*';
  return key;
}

std::string SearchKey(const Query& query, const SearchRequest& request) {
  const store::SearchFilter& f = request.filter;
  std::string key = QueryKey(query);
  for (const std::string* part : {&f.type, &f.role, &f.kind, &f.competency, &f.remote}) {
    key += '\x1f';
    key += *part;
  }
  key += '\x1f' + std::to_string(request.limit) + '\x1f' + std::to_string(request.offset);
  return key;
}

}  // namespace

template <typename Answer>
std::optional<Answer> Searcher::Get(AnswerCache<Answer>& cache, const store::SearchIndexState& state,
                                    const std::string& key) {
  std::lock_guard lock(mu_);
  if (!(cache.state == state)) return std::nullopt;
  auto it = cache.answers.find(key);
  if (it == cache.answers.end()) return std::nullopt;
  return it->second;
}

template <typename Answer>
void Searcher::Put(AnswerCache<Answer>& cache, const store::SearchIndexState& state, const std::string& key,
                   Answer answer) {
  std::lock_guard lock(mu_);
  if (!(cache.state == state)) {
    cache.state = state;
    cache.answers.clear();
    cache.order.clear();
  }
  if (!cache.answers.emplace(key, std::move(answer)).second) return;
  cache.order.push_back(key);
  while (cache.order.size() > kCachedAnswers) {
    cache.answers.erase(cache.order.front());
    cache.order.pop_front();
  }
}

Result<std::shared_ptr<const Vocabulary>> Searcher::VocabularyFor(const store::SearchIndexState& state, bool& current) {
  current = true;
  {
    std::lock_guard lock(mu_);
    if (vocabulary_ && vocabulary_content_ == state.content_version && vocabulary_jobs_ == state.jobs_version)
      return vocabulary_;
    if (vocabulary_ && rebuilding_) {  // another request is reading the new one
      current = false;
      return vocabulary_;
    }
    rebuilding_ = true;
  }
  // Read outside the lock. The words may be newer than `state` (a write in between): the next
  // request then sees a newer version and reads them again; they are never older.
  auto words = store_.SearchVocabulary({"", 0, 0, std::numeric_limits<int>::max()});
  std::lock_guard lock(mu_);
  rebuilding_ = false;
  if (!words.ok()) return words.error();
  vocabulary_ = std::make_shared<const Vocabulary>(std::move(*words));
  vocabulary_content_ = state.content_version;
  vocabulary_jobs_ = state.jobs_version;
  return vocabulary_;
}

Result<std::shared_ptr<const Vocabulary>> Searcher::CurrentVocabulary(const std::string& now_utc) {
  auto state = store_.GetSearchIndexState(now_utc);
  if (!state.ok()) return state.error();
  bool current = true;
  return VocabularyFor(*state, current);
}

Status Searcher::Warm(const std::string& now_utc) {
  auto vocabulary = CurrentVocabulary(now_utc);
  if (!vocabulary.ok()) return vocabulary.error();
  return store_.WarmSearch((*vocabulary)->Lookup("", 0, 0, (*vocabulary)->size()));
}

void Searcher::Expand(const Vocabulary& vocabulary, Query& query) {
  for (Clause& c : query.clauses) {
    if (c.phrase) continue;
    const std::string& word = c.words.front();
    if (c.prefix) {
      c.completions = vocabulary.Completions(word, kMaxCompletions + 1);
      c.all_completions = c.completions.size() <= kMaxCompletions;
      if (!c.all_completions) c.completions.resize(kMaxCompletions);
    }
    c.splits = vocabulary.Splits(word, kMaxSplits);
    c.typos = vocabulary.Typos(word, kVocabularyScan, kMaxAlternatives);
  }
}

std::optional<Query> Searcher::Corrected(const Vocabulary& vocabulary, const Query& query) {
  Query corrected;
  bool changed = false;
  for (const Clause& c : query.clauses) {
    Clause plain;
    plain.phrase = c.phrase;
    plain.hyphenated = c.hyphenated;
    for (const std::string& word : c.words) {
      const int typos = std::max(1, AllowedTypos(html::CodePoints(word)));
      std::string best = word;
      if (!SliceFor(word, typos).first.empty() && html::CodePoints(word) >= 3 &&
          !vocabulary.KnownInSlice(word, kVocabularyScan, typos)) {
        auto candidates = vocabulary.Typos(word, kVocabularyScan, 1, typos);
        if (!candidates.empty()) best = std::move(candidates.front());
      }
      changed = changed || best != word;
      plain.words.push_back(std::move(best));
    }
    corrected.clauses.push_back(std::move(plain));
  }
  if (!changed) return std::nullopt;
  return corrected;
}

Result<SearchResult> Searcher::Search(const SearchRequest& request, const std::string& now_utc) {
  SearchResult out;
  Query query = Parse(request.text);
  out.query = ToText(query);
  if (query.empty()) return out;
  auto state = store_.GetSearchIndexState(now_utc);
  if (!state.ok()) return state.error();
  const std::string key = SearchKey(query, request);
  if (auto cached = Get(searches_, *state, key)) return std::move(*cached);
  bool current = true;
  auto vocabulary = VocabularyFor(*state, current);
  if (!vocabulary.ok()) return vocabulary.error();
  Expand(**vocabulary, query);
  auto page = store_.Search({query, request.filter, now_utc, request.limit, request.offset});
  if (!page.ok()) return page.error();
  out.page = std::move(*page);
  if (out.page.total == 0 && request.offset == 0) {
    if (auto corrected = Corrected(**vocabulary, Parse(request.text))) {
      auto retry = store_.Search({*corrected, request.filter, now_utc, 0, 0});
      if (!retry.ok()) return retry.error();
      if (retry->total > 0) out.did_you_mean = ToText(*corrected);
    }
  }
  if (request.offset == 0 && out.page.total < kFewResults && out.page.total < request.limit) {
    if (auto s = AddNearMatches(**vocabulary, query, request, now_utc, out.page); !s) return s.error();
  }
  if (current) Put(searches_, *state, key, out);  // never keep an answer made with an older vocabulary
  return out;
}

Status Searcher::AddNearMatches(const Vocabulary& vocabulary, const Query& query, const SearchRequest& request,
                                const std::string& now_utc, store::SearchPage& page) {
  if (query.clauses.size() < 2 || query.clauses.size() > kMaxDroppedWords) return {};
  // A word the index does not hold in any form is what the query is about ("blockchain smart
  // contracts"): documents without it would answer another question, so nothing is added.
  const auto known = [&](const std::string& word) {
    const std::size_t stem = std::max<std::size_t>(4, word.size() >= 2 ? word.size() - 2 : 0);
    return vocabulary.Contains(word) || !vocabulary.Lookup(word.substr(0, stem), 0, 0, 1).empty();
  };
  for (const Clause& c : query.clauses) {
    // (A split is no evidence: "block" and "chain" are words, "blockchain" may still be unknown.)
    const bool alternatives = !c.typos.empty() || !c.completions.empty();
    if (!alternatives && !std::all_of(c.words.begin(), c.words.end(), known)) return {};
  }
  // The commonest word is dropped first (as Meilisearch's `matchingStrategy: frequency`): the
  // rarer words say more about what is wanted. Hits follow in that order, each query's in its own.
  const auto docs = [&](const Clause& c) -> std::int64_t {
    if (c.phrase) return 0;
    const std::string& word = c.words.front();
    const int n = static_cast<int>(html::CodePoints(word));
    const auto found = vocabulary.Lookup(word, n, n, 1);
    return !found.empty() && found.front().term == word ? found.front().docs : 0;
  };
  std::vector<std::pair<std::int64_t, std::size_t>> drops;  // (documents of the word, clause)
  for (std::size_t i = 0; i < query.clauses.size(); ++i) drops.emplace_back(docs(query.clauses[i]), i);
  std::stable_sort(drops.begin(), drops.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& hit : page.hits) seen.emplace(hit.type, hit.id);
  std::vector<store::SearchHit> near;
  for (const auto& [unused, drop] : drops) {
    store::SearchQuery q{query, request.filter, now_utc, request.limit, 0};
    q.query.clauses.erase(q.query.clauses.begin() + static_cast<std::ptrdiff_t>(drop));
    q.count = false;
    auto found = store_.Search(q);
    if (!found.ok()) return found.error();
    for (auto& hit : found->hits)
      if (seen.emplace(hit.type, hit.id).second) near.push_back(std::move(hit));
  }
  for (auto& hit : near) {
    if (page.hits.size() >= static_cast<std::size_t>(request.limit)) break;
    page.hits.push_back(std::move(hit));
  }
  page.total = static_cast<int>(page.hits.size());
  return {};
}

Result<Suggestions> Searcher::Suggest(std::string_view text, const std::string& now_utc) {
  Suggestions out;
  Query query = Parse(text.substr(0, std::min(text.size(), kMaxQueryBytes)));
  if (query.empty()) return out;
  auto state = store_.GetSearchIndexState(now_utc);
  if (!state.ok()) return state.error();
  const std::string key = QueryKey(query);
  if (auto cached = Get(suggestions_, *state, key)) return std::move(*cached);
  bool current = true;
  auto vocabulary = VocabularyFor(*state, current);
  if (!vocabulary.ok()) return vocabulary.error();
  Expand(**vocabulary, query);
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
  store::SearchQuery page_query{query, {}, now_utc, kSuggestions, 0};
  page_query.count = false;
  page_query.quick = true;
  auto page = store_.Search(page_query);
  if (!page.ok()) return page.error();
  out.hits = std::move(page->hits);
  if (current) Put(suggestions_, *state, key, out);
  return out;
}

}  // namespace starprep::search
