// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the body of POST /api/v1/coach/corrections from raw bytes, parsed as the API
// does (Boost.JSON, practice::CorrectionFromJson), checked (practice::ValidateCorrection) and,
// when accepted, turned into the corpus entry an editor exports (practice::CorpusEntry).
//
// Invariants: nothing throws; a rejection carries a message; an accepted correction's spans lie
// inside the answer, in order, without overlap, between UTF-8 characters (checked here with our
// own oracle); its JSON (practice::CorrectionJson, less the read-only fields) is accepted again
// and gives the same correction; its corpus entry (absent only when the answer holds a "[" or
// the question id is not a slug) parses back (coach::ParseCorpusFile) into one labelled answer whose
// text is the answer's (trimmed, line ends as LF).

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coach/corpus.h"
#include "fuzz_checks.h"
#include "practice/correction.h"

namespace {

using namespace starprep;
using fuzz::Check;

bool SameCorrection(const practice::Correction& a, const practice::Correction& b) {
  if (a.answer != b.answer || a.question_id != b.question_id || a.shared != b.shared || a.present != b.present ||
      a.spans.size() != b.spans.size())
    return false;
  for (std::size_t i = 0; i < a.spans.size(); ++i)
    if (a.spans[i].start != b.spans[i].start || a.spans[i].end != b.spans[i].end ||
        a.spans[i].component != b.spans[i].component)
      return false;
  return true;
}

bool StartsCharacter(std::string_view text, std::int64_t at) {
  return at == static_cast<std::int64_t>(text.size()) || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  boost::json::error_code ec;
  const boost::json::value body = boost::json::parse(text, ec);
  if (ec || !body.is_object()) return 0;
  auto parsed = practice::CorrectionFromJson(body.as_object());
  if (!parsed.ok()) {
    Check(!parsed.error().message.empty(), "shape rejection without a message");
    return 0;
  }
  practice::Correction& c = *parsed;
  if (const Status valid = practice::ValidateCorrection(c); !valid.ok()) {
    Check(!valid.error().message.empty(), "value rejection without a message");
    return 0;
  }
  Check(fuzz::Utf8(c.answer), "accepted answer is not UTF-8", c.answer);
  Check(!c.spans.empty() || !c.present.empty(), "accepted an empty correction");
  std::int64_t previous_end = 0;
  for (const auto& s : c.spans) {
    Check(s.start >= previous_end && s.start < s.end && s.end <= static_cast<std::int64_t>(c.answer.size()),
          "accepted span outside the answer, empty or out of order", text);
    Check(StartsCharacter(c.answer, s.start) && StartsCharacter(c.answer, s.end), "accepted span splits a character",
          text);
    previous_end = s.end;
  }

  // The JSON the API lists is accepted again as a body and means the same.
  boost::json::object listed = practice::CorrectionJson(c);
  listed["share"] = listed.at("shared");
  for (const char* read_only : {"id", "shared", "created_at"}) listed.erase(read_only);
  const std::string serialised = boost::json::serialize(listed);
  auto again = practice::CorrectionFromJson(listed);
  Check(again.ok(), "CorrectionJson output is not accepted again",
        again.ok() ? serialised : again.error().message + " in " + serialised);
  Check(SameCorrection(*again, c), "JSON round trip changed the correction", serialised);

  // The exported corpus entry reads back as one answer with the same text (trimmed, line ends as LF).
  c.id = 42;  // as Corrections::Save and the store set them
  c.created_at = "2026-12-07T05:00:00Z";
  const auto entry = practice::CorpusEntry(c, coach::EmbeddedModel());
  if (!entry) {
    bool slug = true;
    for (char ch : c.question_id) slug = slug && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-');
    // The format has no escapes: a "[" where a marker goes cannot be told apart from it.
    Check(c.answer.find('[') != std::string::npos || !slug, "no corpus entry for an answer the format can hold", text);
    return 0;
  }
  std::vector<coach::LabelledAnswer> answers;
  std::vector<std::string> errors;
  coach::ParseCorpusFile("correction.md", *entry, answers, errors);
  Check(errors.empty(), "exported entry does not parse", errors.empty() ? *entry : errors.front() + "\n" + *entry);
  Check(answers.size() == 1 && !answers[0].parts.empty(), "exported entry is not one labelled answer", *entry);
  std::string unix_text;
  for (std::size_t i = 0; i < c.answer.size(); ++i)
    if (!(c.answer[i] == '\r' && i + 1 < c.answer.size() && c.answer[i + 1] == '\n'))
      unix_text += c.answer[i] == '\r' ? '\n' : c.answer[i];
  Check(!answers[0].text.empty() && unix_text.find(answers[0].text) != std::string::npos,
        "exported text is not the answer's", *entry);
  return 0;
}
