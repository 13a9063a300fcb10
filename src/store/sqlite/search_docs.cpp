// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/search_docs.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "store/codec.h"

namespace starprep::store::sqlite {

template <class Op>
DocSet DocSet::Combine(const DocSet& a, const DocSet& b, Op op) {
  DocSet out;
  const std::size_t n = std::max(a.bits_.size(), b.bits_.size());
  out.bits_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t x = i < a.bits_.size() ? a.bits_[i] : 0;
    const std::uint64_t y = i < b.bits_.size() ? b.bits_[i] : 0;
    out.bits_[i] = op(x, y);
    out.count_ += static_cast<std::size_t>(__builtin_popcountll(out.bits_[i]));
  }
  return out;
}
DocSet DocSet::Union(const DocSet& a, const DocSet& b) {
  return Combine(a, b, [](std::uint64_t x, std::uint64_t y) { return x | y; });
}
DocSet DocSet::Intersection(const DocSet& a, const DocSet& b) {
  return Combine(a, b, [](std::uint64_t x, std::uint64_t y) { return x & y; });
}
DocSet DocSet::Difference(const DocSet& a, const DocSet& b) {
  return Combine(a, b, [](std::uint64_t x, std::uint64_t y) { return x & ~y; });
}

DocSet Evaluate(const search::Fts5Tree& tree, const std::vector<const DocSet*>& phrase_sets) {
  using Kind = search::Fts5Tree::Kind;
  const auto eval = [&](const auto& self, int index) -> DocSet {
    const auto& node = tree.nodes[static_cast<std::size_t>(index)];
    if (node.kind == Kind::kPhrase) return *phrase_sets[static_cast<std::size_t>(node.phrase)];
    const DocSet left = self(self, node.left);
    const DocSet right = self(self, node.right);
    if (node.kind == Kind::kAnd) return DocSet::Intersection(left, right);
    if (node.kind == Kind::kOr) return DocSet::Union(left, right);
    return DocSet::Difference(left, right);
  };
  return tree.root < 0 ? DocSet() : eval(eval, tree.root);
}

SearchDocs::SearchDocs(SearchDocsStamp stamp, std::vector<SearchDocRow> rows) : stamp_(stamp) {
  std::sort(rows.begin(), rows.end(), [](const SearchDocRow& a, const SearchDocRow& b) { return a.docid < b.docid; });
  std::vector<std::string> expiries;
  for (const auto& r : rows)
    if (!r.valid_through.empty()) expiries.push_back(r.valid_through);
  std::sort(expiries.begin(), expiries.end());
  expiries.erase(std::unique(expiries.begin(), expiries.end()), expiries.end());
  expiries_ = std::move(expiries);
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, std::uint32_t> ids;
  docids_.reserve(rows.size());
  profile_.reserve(rows.size());
  expiry_.reserve(rows.size());
  for (auto& r : rows) {
    auto key = std::make_tuple(r.doc_type, r.roles, r.kind, r.competencies, r.remote);
    auto [it, added] = ids.emplace(std::move(key), static_cast<std::uint32_t>(profiles_.size()));
    if (added)
      profiles_.push_back({r.doc_type, r.roles, r.kind, r.competencies, r.remote, DecodeBarList(r.roles),
                           DecodeBarList(r.competencies), r.doc_type == "job"});
    docids_.push_back(r.docid);
    profile_.push_back(it->second);
    expiry_.push_back(
        r.valid_through.empty()
            ? 0
            : static_cast<std::uint32_t>(std::lower_bound(expiries_.begin(), expiries_.end(), r.valid_through) -
                                         expiries_.begin()) +
                  1);
    if (r.docid >= 0) refs_.emplace(r.docid, std::move(r.ref));
  }
}

std::uint32_t SearchDocs::Find(std::int64_t docid, std::uint32_t from) const {
  const auto start = docids_.begin() + std::min<std::size_t>(from, docids_.size());
  const auto it = std::lower_bound(start, docids_.end(), docid);
  if (it == docids_.end() || *it != docid) return kNone;
  return static_cast<std::uint32_t>(it - docids_.begin());
}

SearchDocs::Filter SearchDocs::Compile(const SearchFilter& f, const std::string& now_utc) const {
  Filter out;
  out.profile.reserve(profiles_.size());
  const auto has = [](const std::vector<std::string>& list, const std::string& v) {
    return std::find(list.begin(), list.end(), v) != list.end();
  };
  for (const Profile& p : profiles_) {
    out.profile.push_back((f.type.empty() || p.doc_type == f.type) && (f.role.empty() || has(p.role_list, f.role)) &&
                          (f.kind.empty() || p.kind == f.kind) &&
                          (f.competency.empty() || has(p.competency_list, f.competency)) &&
                          (f.remote.empty() || p.remote == f.remote));
  }
  // valid_through >= now: ranks from the first value at or after now (+1: rank 0 is "never").
  out.open_from =
      static_cast<std::uint32_t>(std::lower_bound(expiries_.begin(), expiries_.end(), now_utc) - expiries_.begin()) + 1;
  return out;
}

bool SearchDocs::Passes(std::uint32_t pos, const Filter& f) const {
  if (!f.profile[profile_[pos]]) return false;
  // Only jobs expire: doc_type <> 'job' OR valid_through = '' OR valid_through >= now.
  return !profiles_[profile_[pos]].job || expiry_[pos] == 0 || expiry_[pos] >= f.open_from;
}

const std::string& SearchDocs::DocType(std::uint32_t pos) const {
  return profiles_[profile_[pos]].doc_type;
}

std::string SearchDocs::Ref(std::uint32_t pos) const {
  const std::int64_t docid = docids_[pos];
  if (docid < 0) return std::to_string(-docid);
  const auto it = refs_.find(docid);
  return it == refs_.end() ? std::string() : it->second;
}

SearchFacets SearchDocs::Facets(const std::vector<int>& counts) const {
  SearchFacets out;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    const Profile& p = profiles_[i];
    CountFacets(out, p.doc_type, p.roles, p.kind, p.competencies, p.remote, counts[i]);
  }
  return out;
}

std::size_t SearchDocs::MemoryBytes() const {
  std::size_t bytes = docids_.capacity() * sizeof(std::int64_t) + profile_.capacity() * sizeof(std::uint32_t) +
                      expiry_.capacity() * sizeof(std::uint32_t);
  for (const auto& e : expiries_) bytes += sizeof(std::string) + e.capacity();
  for (const auto& p : profiles_) bytes += sizeof(Profile) + p.roles.size() * 2 + p.competencies.size() * 2;
  for (const auto& [id, ref] : refs_) bytes += sizeof(id) + sizeof(std::string) + ref.capacity() + 32;
  std::lock_guard lock(sets_mu_);
  for (const auto& [key, cached] : sets_) bytes += key.capacity() + sizeof(CachedSet) + cached.set->MemoryBytes() + 32;
  for (const auto& [word, stem] : stems_) bytes += word.capacity() + stem.capacity() + 2 * sizeof(std::string) + 32;
  return bytes;
}

std::string SearchDocs::KeyOf(const std::string& phrase) const {
  if (phrase.size() > 2 && phrase.front() == '"' && phrase.back() == '"' && phrase.find(' ') == std::string::npos) {
    const auto it = stems_.find(phrase.substr(1, phrase.size() - 2));
    if (it != stems_.end()) return "=" + it->second;
  }
  return phrase;
}

std::shared_ptr<const DocSet> SearchDocs::PhraseSet(const std::string& phrase) const {
  std::lock_guard lock(sets_mu_);
  const auto it = sets_.find(KeyOf(phrase));
  return it == sets_.end() ? nullptr : it->second.set;
}

void SearchDocs::SetStems(std::unordered_map<std::string, std::string> stems) const {
  std::lock_guard lock(sets_mu_);
  stems_ = std::move(stems);
}

bool SearchDocs::HasStems() const {
  std::lock_guard lock(sets_mu_);
  return !stems_.empty();
}

void SearchDocs::KeepPhraseSet(const std::string& phrase, std::shared_ptr<const DocSet> set, bool warm) const {
  const std::size_t bytes = set->MemoryBytes();
  std::lock_guard lock(sets_mu_);
  const std::string key = KeyOf(phrase);
  if (const auto it = sets_.find(key); it != sets_.end()) {
    if (warm && !it->second.warm) {  // a search's set becomes the warm-up's
      it->second.warm = true;
      searched_bytes_ -= bytes;
      warm_bytes_ += bytes;
    }
    return;
  }
  if (warm) {
    if (warm_bytes_ + bytes > kMaxWarmSetBytes) return;
    warm_bytes_ += bytes;
  } else {
    if (searched_bytes_ + bytes > kMaxSearchedSetBytes) {
      std::erase_if(sets_, [](const auto& entry) { return !entry.second.warm; });
      searched_bytes_ = 0;
    }
    searched_bytes_ += bytes;
  }
  sets_.emplace(key, CachedSet{std::move(set), warm});
}

std::size_t SearchDocs::WarmSetBytes() const {
  std::lock_guard lock(sets_mu_);
  return warm_bytes_;
}

Result<std::shared_ptr<const SearchDocs>> SearchDocsCache::Get(
    const SearchDocsStamp& stamp, const std::function<Result<std::vector<SearchDocRow>>()>& rows) {
  auto current = [&]() -> std::shared_ptr<const SearchDocs> {
    std::lock_guard lock(mu_);
    return current_ && current_->stamp() == stamp ? current_ : nullptr;
  };
  if (auto docs = current()) return docs;
  // One build at a time: those that waited find the documents built (when of their stamp).
  std::lock_guard building(build_mu_);
  if (auto docs = current()) return docs;
  auto read = rows();
  if (!read) return read.error();
  auto docs = std::make_shared<const SearchDocs>(stamp, std::move(*read));
  std::lock_guard lock(mu_);
  current_ = docs;
  return std::shared_ptr<const SearchDocs>(docs);
}

bool SearchOrder::Add(std::int64_t docid, bool job, bool exact) {
  Group& g = groups_[exact ? 0 : 1];
  if (job && g.jobs >= ranked_jobs_) {
    g.tail.push_back(docid);
    return false;
  }
  g.window.push_back(docid);
  if (job) ++g.jobs;
  return true;
}

std::size_t SearchOrder::size() const {
  return groups_[0].window.size() + groups_[0].tail.size() + groups_[1].window.size() + groups_[1].tail.size();
}

std::size_t SearchOrder::Jobs(bool exact) const {
  const Group& g = groups_[exact ? 0 : 1];
  return g.jobs + g.tail.size();
}

std::vector<std::int64_t> SearchOrder::Ranked() const {
  std::vector<std::int64_t> out = groups_[0].window;
  out.insert(out.end(), groups_[1].window.begin(), groups_[1].window.end());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<SearchOrder::Entry> SearchOrder::Page(
    std::size_t offset, std::size_t limit, const std::function<double(std::int64_t)>& score,
    const std::function<std::pair<std::string, std::string>(std::int64_t)>& tie) const {
  std::vector<Entry> out;
  std::size_t skip = offset;
  for (int gi = 0; gi < 2 && out.size() < limit; ++gi) {
    const Group& g = groups_[gi];
    const bool exact = gi == 0;
    if (skip < g.window.size()) {
      struct Ranked {
        double score;
        std::pair<std::string, std::string> tie;
        std::int64_t docid;
      };
      std::vector<Ranked> ranked;
      ranked.reserve(g.window.size());
      for (const std::int64_t d : g.window) ranked.push_back({score(d), tie(d), d});
      const std::size_t want = std::min(ranked.size(), skip + (limit - out.size()));
      const auto before = [](const Ranked& a, const Ranked& b) {
        if (a.score != b.score) return a.score > b.score;
        return a.tie < b.tie;
      };
      std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(want), ranked.end(), before);
      for (std::size_t i = skip; i < want; ++i) out.push_back({ranked[i].docid, exact});
      skip = 0;
    } else {
      skip -= g.window.size();
    }
    if (out.size() >= limit) break;
    if (skip < g.tail.size()) {
      for (std::size_t i = skip; i < g.tail.size() && out.size() < limit; ++i) out.push_back({g.tail[i], exact});
      skip = 0;
    } else {
      skip -= g.tail.size();
    }
  }
  return out;
}

}  // namespace starprep::store::sqlite
