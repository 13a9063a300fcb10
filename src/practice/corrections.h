// SPDX-License-Identifier: Apache-2.0
#pragma once
// A signed-in candidate's corrections of the answer coach (docs/coach.md, "Corrections"): the
// label a highlighted span of their answer should have had, and the parts the coach called
// missing that are there after all. The answer, the spans and the parts are sealed at rest like
// attempts (practice/sealed_json.h); the question, the date and whether the candidate shares the
// correction stay in the clear. A shared correction may be read by an editor and added, without
// the candidate's name, to the coach's corpus: `starprep coach corrections export` writes them as
// corpus entries (CorpusEntry), never with a user id or email. Every call takes the owner's user
// id; deleting the account deletes their corrections, shared or not.
//
// Errors: kInvalidArgument / kTooLarge with a message for the candidate, kNotFound for an unknown
// question, kRateLimited (with retry_after) past a user's limit, kUnavailable / kInternal from the
// store or a record that fails to open. Thread-safe.

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/keyring.h"
#include "coach/coach.h"
#include "core/result.h"
#include "practice/correction.h"
#include "store/store.h"

namespace starprep::practice {

// Each user may save this many corrections at once, and one more every kCorrectionRefillSeconds,
// counted in the store (Store::TakeToken), so the limit holds across instances.
inline constexpr double kCorrectionBurst = 20;
inline constexpr double kCorrectionRefillSeconds = 6;

class Corrections {
 public:
  Corrections(store::Store& store, auth::Keyring& keyring) : store_(store), keyring_(keyring) {}

  // Validates `c` (ValidateCorrection), takes one of the user's tokens at `now_utc` (kRateLimited
  // when none is left) and saves it sealed with `now_utc` as its date. Returns the new id.
  Result<std::int64_t> Save(std::int64_t user_id, const Correction& c, const std::string& now_utc);

  struct Page {
    std::vector<Correction> items;  // newest first, opened
    int total = 0;
  };
  Result<Page> List(std::int64_t user_id, int limit, int offset);

  // Calls `fn` with every shared correction of every user, opened, oldest first; stops at the
  // first error (fn's or the store's) and returns it.
  Status ForEachShared(const std::function<Status(const Correction&)>& fn);

 private:
  Result<Correction> Open(const store::CorrectionRecord& record);

  store::Store& store_;
  auth::Keyring& keyring_;
};

}  // namespace starprep::practice
