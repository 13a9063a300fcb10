// SPDX-License-Identifier: Apache-2.0
#pragma once
// The SQLite search's cold path (issue 12 item 5; docs/search.md "Speed"): what a search needs to
// know about a document besides its words, in memory, and the order of a search's matches.
//
// Why: a search used to read every match's row of search_index (its UNINDEXED columns: type,
// roles, kind, competencies, remote, expiry) for the facets and the expiry filter, and to compute
// bm25 and the snippet of every match before sorting. A common word matches tens of thousands of
// postings, and each row read is a B-tree seek into the content table: hundreds of milliseconds.
// Now the store scans the match's rowids only (FTS5 doclists, about 0.1 µs a match), looks each
// up in SearchDocs (built once per index state: about 16 bytes a document), ranks a bounded
// window (SearchOrder) and reads the text columns and snippets of the page's rows alone.
//
// Pure (no I/O): search.cpp reads the rows and the matches; SearchDocsCache is thread-safe.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "search/query.h"
#include "store/store.h"

namespace starprep::store::sqlite {

// A set of documents of one SearchDocs (their positions), as a bitmap: the matches of one phrase
// or of a whole expression. 12.5 kB at 100,000 documents; set algebra walks 64 documents a word.
class DocSet {
 public:
  explicit DocSet(std::size_t size = 0) : bits_((size + 63) / 64, 0) {}
  void Add(std::uint32_t pos) {
    std::uint64_t& word = bits_[pos / 64];
    const std::uint64_t bit = std::uint64_t{1} << (pos % 64);
    count_ += (word & bit) == 0 ? 1 : 0;
    word |= bit;
  }
  bool Has(std::uint32_t pos) const { return (bits_[pos / 64] >> (pos % 64) & 1) != 0; }
  std::size_t count() const { return count_; }
  // a ∪ b, a ∩ b, a \ b (both of the same SearchDocs).
  static DocSet Union(const DocSet& a, const DocSet& b);
  static DocSet Intersection(const DocSet& a, const DocSet& b);
  static DocSet Difference(const DocSet& a, const DocSet& b);
  // Calls each(pos) for every member, ascending.
  template <class F>
  void ForEach(F&& each) const {
    for (std::size_t w = 0; w < bits_.size(); ++w)
      for (std::uint64_t word = bits_[w]; word != 0; word &= word - 1)
        each(static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(word))));
  }
  std::size_t MemoryBytes() const { return bits_.capacity() * sizeof(std::uint64_t); }

 private:
  template <class Op>
  static DocSet Combine(const DocSet& a, const DocSet& b, Op op);
  std::vector<std::uint64_t> bits_;
  std::size_t count_ = 0;
};

// The documents an Fts5Tree matches, given the documents each of its phrases matches
// (`phrase_sets[i]` for tree.phrases[i], none null): FTS5's own answer for that expression, as
// long as each set is FTS5's answer for its phrase alone (no column filters in our expressions).
DocSet Evaluate(const search::Fts5Tree& tree, const std::vector<const DocSet*>& phrase_sets);

// One document of search_index: its rowid and the UNINDEXED columns filters and facets read.
struct SearchDocRow {
  std::int64_t docid = 0;  // a job is -id (negative); questions and roles are positive
  std::string doc_type, ref, roles, kind, competencies, remote, valid_through;
};

// What the documents depend on: every write to search_index bumps one of these versions
// (store.h, SearchIndexState). Expiry is not part of it: a document keeps its valid_through and
// each search compares it with its own `now`.
struct SearchDocsStamp {
  std::int64_t content_version = 0;
  std::int64_t jobs_version = 0;
  bool operator==(const SearchDocsStamp&) const = default;
};

class SearchDocs {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  // `rows` in any order, one per docid.
  SearchDocs(SearchDocsStamp stamp, std::vector<SearchDocRow> rows);

  const SearchDocsStamp& stamp() const { return stamp_; }
  std::size_t size() const { return docids_.size(); }
  // The position of `docid`, kNone when no document has it. `from`: a position known to be at or
  // before it (a scan in ascending docid order passes the previous position: no search twice).
  std::uint32_t Find(std::int64_t docid, std::uint32_t from = 0) const;

  // A SearchFilter and `now` compiled against the documents' values.
  struct Filter {
    std::vector<bool> profile;    // per profile: passes the type, role, kind, competency and remote filters
    std::uint32_t open_from = 0;  // a job passes when its expiry rank is >= this (or it never expires)
  };
  Filter Compile(const SearchFilter& f, const std::string& now_utc) const;
  bool Passes(std::uint32_t pos, const Filter& f) const;

  bool IsJob(std::uint32_t pos) const { return docids_[pos] < 0; }
  const std::string& DocType(std::uint32_t pos) const;
  std::string Ref(std::uint32_t pos) const;  // the job id in decimal, or the question id / role slug

  // Facet counting: Tally(pos, counts) for every match, then Facets(counts).
  std::vector<int> NewTally() const { return std::vector<int>(profiles_.size(), 0); }
  void Tally(std::uint32_t pos, std::vector<int>& counts) const { ++counts[profile_[pos]]; }
  SearchFacets Facets(const std::vector<int>& counts) const;

  // Bytes held, the phrases' sets and the stems included.
  std::size_t MemoryBytes() const;

  // The documents matching one phrase of an Fts5Expression (its text as the tree has it), kept
  // with these documents so every search of the same stamp reuses them: those the warm-up
  // computed for the most frequent stems (up to kMaxWarmSetBytes), and any other of at least
  // kMinCachedPhraseDocs documents a search computed (up to kMaxSearchedSetBytes; then those
  // start again, the warm-up's stay). A bitmap is size() / 8 bytes: 12.5 kB at 100,000
  // documents, so about 2,700 searched sets and 5,400 warm ones; 10 times fewer at a million. A one-word phrase whose
  // stem is known (SetStems) is kept by its stem, so every word of that stem shares it ("careful" and "cares" both
  // match the index's "care"). Null when not kept. Thread-safe.
  static constexpr std::size_t kMinCachedPhraseDocs = 256;
  static constexpr std::size_t kMaxSearchedSetBytes = std::size_t{32} << 20;
  static constexpr std::size_t kMaxWarmSetBytes = std::size_t{64} << 20;
  // Bytes of the warm-up's sets kept so far.
  std::size_t WarmSetBytes() const;
  std::shared_ptr<const DocSet> PhraseSet(const std::string& phrase) const;
  // Keeps `set` for `phrase` (`warm`: computed by the warm-up, never dropped).
  void KeepPhraseSet(const std::string& phrase, std::shared_ptr<const DocSet> set, bool warm) const;
  // The index's stem of each vocabulary word (the warm-up's: the index's tokenizer run on them).
  void SetStems(std::unordered_map<std::string, std::string> stems) const;
  bool HasStems() const;

 private:
  // The distinct combinations of (doc_type, roles, kind, competencies, remote): a few hundred.
  struct Profile {
    std::string doc_type, roles, kind, competencies, remote;
    std::vector<std::string> role_list, competency_list;
    bool job = false;
  };
  SearchDocsStamp stamp_;
  std::vector<std::int64_t> docids_;    // ascending
  std::vector<std::uint32_t> profile_;  // per position: index in profiles_
  std::vector<std::uint32_t> expiry_;   // per position: index in expiries_ + 1; 0: never expires ('')
  std::vector<Profile> profiles_;
  std::vector<std::string> expiries_;         // distinct valid_through values, sorted
  std::map<std::int64_t, std::string> refs_;  // questions' and roles' refs (a job's is its id)
  struct CachedSet {
    std::shared_ptr<const DocSet> set;
    bool warm = false;
  };
  mutable std::mutex sets_mu_;
  mutable std::unordered_map<std::string, CachedSet> sets_;     // guarded by sets_mu_
  mutable std::size_t searched_bytes_ = 0;                      // guarded by sets_mu_: the sets of entries not warm
  mutable std::size_t warm_bytes_ = 0;                          // guarded by sets_mu_: the warm entries' sets
  mutable std::unordered_map<std::string, std::string> stems_;  // guarded by sets_mu_
  // The key of `phrase` in sets_: "=" + its stem for a one-word phrase of a known word, else
  // the phrase itself (which starts with a quote). sets_mu_ held.
  std::string KeyOf(const std::string& phrase) const;
};

// The current SearchDocs, rebuilt when a read sees another stamp. Thread-safe: one build at a
// time; readers of the current stamp never wait for it.
class SearchDocsCache {
 public:
  Result<std::shared_ptr<const SearchDocs>> Get(const SearchDocsStamp& stamp,
                                                const std::function<Result<std::vector<SearchDocRow>>()>& rows);

 private:
  std::mutex mu_;        // guards current_
  std::mutex build_mu_;  // one build at a time
  std::shared_ptr<const SearchDocs> current_;
};

// The order of a search's matches (Store::Search's contract, with a bounded ranking). Matches are
// added in scan order: questions and roles, then jobs newest first (ascending docid). They fall in
// two groups, exact matches first, then matches found only through a typo; within a group, the
// "ranked window" (every question and role, and the group's first `ranked_jobs` jobs: the newest)
// comes first, by score (higher first), type and ref, then the group's other jobs, newest first.
// When a group has at most `ranked_jobs` jobs this is the full ranking (exact, score, type, ref).
class SearchOrder {
 public:
  explicit SearchOrder(std::size_t ranked_jobs) : ranked_jobs_(ranked_jobs) {}

  // True when the match joins its group's ranked window (its score is needed).
  bool Add(std::int64_t docid, bool job, bool exact);
  std::size_t size() const;
  // The jobs added to the group (`exact`: the exact matches'), ranked or not.
  std::size_t Jobs(bool exact) const;

  // The docids of the ranked windows (those Add returned true for), ascending.
  std::vector<std::int64_t> Ranked() const;

  struct Entry {
    std::int64_t docid = 0;
    bool exact = true;
  };
  // Entries [offset, offset + limit) of the order. `score(docid)` for Ranked() docids;
  // `tie(docid)`: the (doc_type, ref) tie-break.
  std::vector<Entry> Page(std::size_t offset, std::size_t limit, const std::function<double(std::int64_t)>& score,
                          const std::function<std::pair<std::string, std::string>(std::int64_t)>& tie) const;

 private:
  struct Group {
    std::vector<std::int64_t> window;  // questions, roles and the first ranked_jobs jobs
    std::vector<std::int64_t> tail;    // later jobs, in scan order
    std::size_t jobs = 0;              // jobs in window
  };
  std::size_t ranked_jobs_;
  Group groups_[2];  // exact, typo
};

}  // namespace starprep::store::sqlite
