// SPDX-License-Identifier: Apache-2.0
#include "practice/correction.h"

#include <algorithm>

#include "coach/corpus.h"
#include "practice/coaching.h"

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

// A JSON integer that fits std::int64_t; nullopt for anything else.
std::optional<std::int64_t> WholeNumber(const json::value* v) {
  if (v && v->is_int64()) return v->as_int64();
  if (v && v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v->as_uint64());
  return std::nullopt;
}

Result<CorrectionSpan> SpanFromJson(const json::value& v, const std::string& name) {
  const json::object* o = v.if_object();
  if (!o) return Invalid(name + " must be an object with \"start\", \"end\" and \"component\".");
  for (const auto& [key, value] : *o)
    if (key != "start" && key != "end" && key != "component")
      return Invalid(name + " has an unknown field \"" + std::string(key) + "\"; expected start, end and component.");
  CorrectionSpan span;
  std::pair<const char*, std::int64_t*> offsets[] = {{"start", &span.start}, {"end", &span.end}};
  for (auto& [key, out] : offsets) {
    auto n = WholeNumber(o->if_contains(key));
    if (!n) return Invalid(name + "." + key + " must be a whole number: a byte offset into the answer.");
    *out = *n;
  }
  const json::value* component = o->if_contains("component");
  if (!component || !component->is_string() || !coach::ParseComponent(component->as_string(), span.component))
    return Invalid(name + ".component must be \"situation\", \"task\", \"action\", \"result\" or \"other\".");
  return span;
}

// A string field; "" when absent or null and not `required`.
Result<std::string> StringField(const json::object& o, std::string_view key, bool required) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return Invalid("Field \"" + std::string(key) + "\" is required.");
    return std::string();
  }
  if (!v->is_string()) return Invalid("Field \"" + std::string(key) + "\" must be a string.");
  return std::string(v->as_string());
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

Result<Correction> CorrectionFromJson(const json::object& o) {
  static constexpr std::string_view kFields[] = {"answer", "question_id", "spans", "present", "share"};
  for (const auto& [key, value] : o)
    if (std::find(std::begin(kFields), std::end(kFields), std::string_view(key)) == std::end(kFields))
      return Invalid("Unknown field \"" + std::string(key) +
                     "\"; expected answer, question_id, spans, present and share.");
  Correction c;
  auto answer = StringField(o, "answer", true);
  if (!answer) return answer.error();
  c.answer = std::move(*answer);
  auto question = StringField(o, "question_id", false);
  if (!question) return question.error();
  c.question_id = std::move(*question);
  const json::value* share = o.if_contains("share");
  if (!share || !share->is_bool())
    return Invalid(
        "Field \"share\" is required: true lets an editor read the answer and add it, without your name, to the "
        "coach's training data; false keeps it private.");
  c.shared = share->as_bool();
  if (const json::value* spans = o.if_contains("spans"); spans && !spans->is_null()) {
    if (!spans->is_array()) return Invalid("Field \"spans\" must be an array of {start, end, component} objects.");
    for (std::size_t i = 0; i < spans->as_array().size(); ++i) {
      auto span = SpanFromJson(spans->as_array()[i], "spans[" + std::to_string(i) + "]");
      if (!span) return span.error();
      c.spans.push_back(*span);
    }
  }
  if (const json::value* present = o.if_contains("present"); present && !present->is_null()) {
    if (!present->is_array()) return Invalid("Field \"present\" must be an array of STAR part names.");
    for (std::size_t i = 0; i < present->as_array().size(); ++i) {
      const json::value& v = present->as_array()[i];
      coach::Component part;
      if (!v.is_string() || !coach::ParseComponent(v.as_string(), part))
        return Invalid("present[" + std::to_string(i) + "] must be \"situation\", \"task\", \"action\" or \"result\".");
      c.present.push_back(part);
    }
  }
  return c;
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
