// SPDX-License-Identifier: Apache-2.0
#pragma once
// A correction of the answer coach as data (docs/coach.md, "Corrections"): what a candidate sends
// (the body of POST /api/v1/coach/corrections), its checks, its JSON and its corpus entry. Pure:
// no store, no keys, no clock; practice/corrections.h saves and reads them.

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "coach/coach.h"
#include "core/result.h"

namespace starprep::practice {

inline constexpr std::size_t kMaxCorrectionSpans = 200;

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

// The body of POST /api/v1/coach/corrections: {"answer": str, "question_id": str|null,
// "spans": [{"start": int, "end": int, "component": name}]|null, "present": [name]|null,
// "share": bool}. Checks the shape and the types only (unknown fields, a missing "share", a
// fraction or a number past int64 as an offset, an unknown part name are kInvalidArgument with a
// message naming the field); the values are ValidateCorrection's business. Never throws.
Result<Correction> CorrectionFromJson(const boost::json::object& o);

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
