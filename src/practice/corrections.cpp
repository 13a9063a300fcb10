// SPDX-License-Identifier: Apache-2.0
#include "practice/corrections.h"

#include <algorithm>

#include "core/dates.h"
#include "practice/sealed_json.h"

namespace starprep::practice {
namespace json = boost::json;
namespace {

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

Result<std::int64_t> Corrections::Save(std::int64_t user_id, const Correction& c, const std::string& now_utc) {
  if (auto s = ValidateCorrection(c); !s) return s.error();
  const std::int64_t now_ms = dates::ParseIsoTime(now_utc).value_or(0) * 1000;
  auto wait = store_.TakeToken("corrections-user:" + std::to_string(user_id),
                               limits::BucketPolicy{1 / kCorrectionRefillSeconds, kCorrectionBurst}, now_ms);
  if (!wait) return wait.error();
  if (*wait > 0)
    return Error{ErrorCode::kRateLimited,
                 "You sent many corrections in a short time; wait " + std::to_string(*wait) + " s and try again.",
                 *wait};
  // Sealed: the answer, the spans and the parts (the rest of CorrectionJson is in the clear).
  json::object payload = CorrectionJson(c);
  for (const char* clear : {"id", "question_id", "shared", "created_at"}) payload.erase(clear);
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

}  // namespace starprep::practice
