// SPDX-License-Identifier: Apache-2.0
#include "practice/corrections.h"

#include <algorithm>

#include "coach/corpus.h"
#include "practice/coaching.h"
#include "practice/sealed_json.h"

namespace starprep::practice {
namespace json = boost::json;
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

// True when byte `offset` of `text` starts a UTF-8 character or is the end of the text.
bool OnCharacterBoundary(std::string_view text, std::int64_t offset) {
  const auto i = static_cast<std::size_t>(offset);
  return i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
}

Status ValidateSpans(const Correction& c) {
  if (c.spans.size() > kMaxCorrectionSpans)
    return Invalid("Send at most " + std::to_string(kMaxCorrectionSpans) + " spans; this correction has " +
                   std::to_string(c.spans.size()) + ".");
  const auto size = static_cast<std::int64_t>(c.answer.size());
  for (std::size_t i = 0; i < c.spans.size(); ++i) {
    const CorrectionSpan& s = c.spans[i];
    const std::string name = "spans[" + std::to_string(i) + "]";
    if (s.start >= s.end)
      return Invalid(name + " is empty: its start (" + std::to_string(s.start) + ") must be less than its end (" +
                     std::to_string(s.end) + ").");
    if (s.start < 0 || s.end > size)
      return Invalid(name + " lies outside the answer: offsets count UTF-8 bytes from 0 to " + std::to_string(size) +
                     ", the answer's length.");
    if (!OnCharacterBoundary(c.answer, s.start) || !OnCharacterBoundary(c.answer, s.end))
      return Invalid(name +
                     " starts or ends inside a character: offsets count UTF-8 bytes and must fall between "
                     "characters.");
    if (i > 0 && s.start < c.spans[i - 1].end)
      return Invalid(name + " starts at byte " + std::to_string(s.start) + ", before spans[" + std::to_string(i - 1) +
                     "] ends (byte " + std::to_string(c.spans[i - 1].end) +
                     "): spans must be in order and must not overlap.");
  }
  return {};
}

Status ValidatePresent(const std::vector<coach::Component>& present) {
  for (std::size_t i = 0; i < present.size(); ++i) {
    if (present[i] == coach::Component::kOther)
      return Invalid("present[" + std::to_string(i) +
                     "] is \"other\": list the STAR parts the coach missed (situation, task, action or result).");
    if (std::find(present.begin(), present.begin() + static_cast<std::ptrdiff_t>(i), present[i]) !=
        present.begin() + static_cast<std::ptrdiff_t>(i))
      return Invalid("present names \"" + std::string(coach::ComponentName(present[i])) + "\" twice.");
  }
  return {};
}

json::object SpanJson(const CorrectionSpan& s) {
  return {{"start", s.start}, {"end", s.end}, {"component", coach::ComponentName(s.component)}};
}

json::array PresentJson(const std::vector<coach::Component>& present) {
  json::array out;
  for (auto c : present) out.emplace_back(coach::ComponentName(c));
  return out;
}

// The spans and parts of an opened record; false when they are not what Save wrote.
bool ReadSealedLists(const json::object& o, Correction& c) {
  const json::value* spans = o.if_contains("spans");
  const json::value* present = o.if_contains("present");
  if (!spans || !spans->is_array() || !present || !present->is_array()) return false;
  for (const json::value& v : spans->as_array()) {
    const json::object* s = v.if_object();
    if (!s || !s->contains("start") || !s->contains("end") || !s->at("start").is_int64() || !s->at("end").is_int64())
      return false;
    CorrectionSpan span{s->at("start").as_int64(), s->at("end").as_int64(), coach::Component::kOther};
    if (!coach::ParseComponent(StringMember(*s, "component"), span.component)) return false;
    c.spans.push_back(span);
  }
  for (const json::value& v : present->as_array()) {
    coach::Component part;
    if (!v.is_string() || !coach::ParseComponent(v.as_string(), part)) return false;
    c.present.push_back(part);
  }
  return true;
}

}  // namespace

Status ValidateCorrection(const Correction& c) {
  if (auto s = ValidateAnswer(c.answer); !s) return s;
  if (auto s = ValidateSpans(c); !s) return s;
  if (auto s = ValidatePresent(c.present); !s) return s;
  if (c.spans.empty() && c.present.empty())
    return Invalid("Nothing to save: send at least one relabelled span in \"spans\" or one part in \"present\".");
  return {};
}

Result<std::int64_t> Corrections::Save(std::int64_t user_id, const Correction& c, const std::string& now_utc) {
  if (auto s = ValidateCorrection(c); !s) return s.error();
  if (const int wait = per_user_.Acquire("user:" + std::to_string(user_id)))
    return Error{ErrorCode::kRateLimited,
                 "You sent many corrections in a short time; wait " + std::to_string(wait) + " s and try again.", wait};
  json::array spans;
  for (const auto& s : c.spans) spans.push_back(SpanJson(s));
  const json::object payload{{"answer", c.answer}, {"spans", std::move(spans)}, {"present", PresentJson(c.present)}};
  store::CorrectionRecord record{
      0,      user_id, c.question_id, c.shared, SealJson(keyring_, store::SealedKind::kCorrection, user_id, payload),
      now_utc};
  return store_.CreateCorrection(record);
}

Result<Correction> Corrections::Open(const store::CorrectionRecord& r) {
  const std::string name = "correction " + std::to_string(r.id);
  auto o = OpenJson(keyring_, store::SealedKind::kCorrection, r.user_id, r.sealed, name);
  if (!o) return o.error();
  Correction c;
  c.id = r.id;
  c.question_id = r.question_id;
  c.answer = StringMember(*o, "answer");
  c.shared = r.shared;
  c.created_at = r.created_at;
  if (!ReadSealedLists(*o, c)) return Error{ErrorCode::kInternal, name + " holds malformed spans or parts"};
  return c;
}

Result<Corrections::Page> Corrections::List(std::int64_t user_id, int limit, int offset) {
  auto list = store_.ListCorrections(user_id, limit, offset);
  if (!list) return list.error();
  Page page;
  page.total = list->total;
  for (const auto& r : list->items) {
    auto c = Open(r);
    if (!c) return c.error();
    page.items.push_back(std::move(*c));
  }
  return page;
}

Status Corrections::ForEachShared(const std::function<Status(const Correction&)>& fn) {
  for (std::int64_t after = 0;;) {
    auto batch = store_.ListSharedCorrections(after, 100);
    if (!batch) return batch.error();
    if (batch->empty()) return {};
    for (const auto& r : *batch) {
      auto c = Open(r);
      if (!c) return c.error();
      if (auto s = fn(*c); !s) return s;
      after = r.id;
    }
  }
}

json::object CorrectionJson(const Correction& c) {
  json::array spans;
  for (const auto& s : c.spans) spans.push_back(SpanJson(s));
  return {{"id", c.id},
          {"question_id", c.question_id.empty() ? json::value(nullptr) : json::value(c.question_id)},
          {"answer", c.answer},
          {"spans", std::move(spans)},
          {"present", PresentJson(c.present)},
          {"shared", c.shared},
          {"created_at", c.created_at}};
}

std::optional<std::string> CorpusEntry(const Correction& c, const coach::Model& model) {
  const coach::Report report = coach::Analyze(model, c.answer, coach::Context{});
  std::vector<coach::LabelledAnswer::Part> corrected, coached;
  for (const auto& s : c.spans)
    corrected.push_back({{static_cast<std::uint32_t>(s.start), static_cast<std::uint32_t>(s.end)}, s.component});
  for (const auto& s : report.sentences) coached.push_back({s.span, s.component});
  coach::LabelledAnswer a = coach::MergeLabels(c.answer, corrected, coached);
  a.id = "correction-" + std::to_string(c.id);
  a.question_id = c.question_id;
  a.voice = "user correction, shared " + c.created_at.substr(0, 10);
  a.present = c.present;
  return coach::FormatCorpusAnswer(a);
}

}  // namespace starprep::practice
