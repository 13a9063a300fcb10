// SPDX-License-Identifier: Apache-2.0
#pragma once
// Personal search, the service: one signed-in user's own stories and attempts, opened for this
// call (practice::Journal, the user's id in every store read) and searched in memory
// (search::SearchPersonal). Their texts are sealed at rest and never reach the shared index, so
// no other user's search can find them; nothing opened here outlives the call (no cache to
// invalidate, nothing to leak across users). Thread-safe (it holds references only).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "practice/journal.h"
#include "search/query.h"
#include "store/store.h"

namespace starprep::search {

// The newest attempts searched (a user with more has the newest this many searched).
inline constexpr int kPersonalAttemptsSearched = 500;

struct PersonalResult {
  std::string type;   // "story" or "attempt"
  std::string id;     // the record's id
  std::string title;  // the story's title; the question the attempt answers
  std::string url;    // /stories/<id> or /attempts/<id>
  std::vector<SnippetPart> snippet;
  bool exact = true;  // matched without typos
};

class PersonalSearcher {
 public:
  PersonalSearcher(store::Store& store, practice::Journal& journal) : store_(store), journal_(journal) {}

  // At most `limit` of `user_id`'s stories and newest kPersonalAttemptsSearched attempts that
  // match `text` (search::Parse; the rules of search/personal.h), best first. Errors are the
  // store's and the journal's (a record that fails to open); an empty query finds nothing.
  Result<std::vector<PersonalResult>> Search(std::int64_t user_id, std::string_view text, std::size_t limit);

 private:
  store::Store& store_;
  practice::Journal& journal_;
};

}  // namespace starprep::search
