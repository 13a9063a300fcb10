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
#include "core/rate_limit.h"
#include "core/result.h"
#include "store/store.h"

namespace starprep::practice {

inline constexpr std::size_t kMaxCorrectionSpans = 200;
// Each user may save this many corrections at once, and one more every kCorrectionRefillSeconds.
inline constexpr double kCorrectionBurst = 20;
inline constexpr double kCorrectionRefillSeconds = 6;

struct CorrectionSpan {
  std::int64_t start = 0;  // byte offsets into the answer, end exclusive, as the coach reports them
  std::int64_t end = 0;
  coach::Component component = coach::Component::kOther;
};

struct Correction {
  std::int64_t id = 0;      // set by Save
  std::string question_id;  // "" when the answer was not written for a question
  std::string answer;
  std::vector<CorrectionSpan> spans;      // the spans the candidate relabelled, in order
  std::vector<coach::Component> present;  // STAR parts the coach called missing that are there
  bool shared = false;
  std::string created_at;  // set by Save
};

// OK when `c` may be saved: the answer passes ValidateAnswer (practice/coaching.h); there are at
// most kMaxCorrectionSpans spans, each non-empty, inside the answer, starting and ending between
// UTF-8 characters, in order and not overlapping; `present` names STAR parts (not "other"), each
// once; and there is at least one span or one present part. Otherwise kInvalidArgument (kTooLarge
// for an answer over the coach's limit) with a message that names the field.
Status ValidateCorrection(const Correction& c);

class Corrections {
 public:
  Corrections(store::Store& store, auth::Keyring& keyring)
      : store_(store), keyring_(keyring), per_user_(1 / kCorrectionRefillSeconds, kCorrectionBurst) {}

  // Validates `c` (ValidateCorrection), takes one of the user's tokens (kRateLimited when none is
  // left) and saves it sealed with `now_utc` as its date. Returns the new id.
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
  RateLimiter per_user_;
};

// {"id","question_id" (null when none),"answer","spans":[{"start","end","component"}],"present",
// "shared","created_at"}: as GET /api/v1/coach/corrections lists it and the data export holds it.
boost::json::object CorrectionJson(const Correction& c);

// A shared correction as a corpus file entry (coach/corpus.h; docs/coach.md, "Corpus files"):
// "## correction-<id>", its question, "voice: user correction, shared <date>", the parts marked
// present, then the answer with a [[label]] marker at each part: the candidate's label where they
// gave one, the label `model` gives the sentence elsewhere, so every byte is labelled. No user id
// or email. nullopt when the corpus format cannot hold the answer (coach::FormatCorpusAnswer).
std::optional<std::string> CorpusEntry(const Correction& c, const coach::Model& model);

}  // namespace starprep::practice
