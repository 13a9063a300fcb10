// SPDX-License-Identifier: Apache-2.0
#include "feedback/export.h"

#include <array>
#include <cstdio>

#include <boost/json.hpp>

#include "feedback/ranking.h"

namespace starprep::feedback {
namespace {

// What a spreadsheet may read as the start of a formula (OWASP's list, and the full-width forms
// that some spreadsheets fold to them).
constexpr std::array<std::string_view, 10> kFormulaStarts = {
    "=",           "+", "-", "@", "\t", "\r", "\xEF\xBC\x9D" /* ＝ */, "\xEF\xBC\x8B" /* ＋ */, "\xEF\xBC\x8D" /* － */,
    "\xEF\xBC\xA0" /* ＠ */};

std::string Score(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

std::string Row(std::initializer_list<std::string> fields) {
  std::string out;
  for (const auto& f : fields) {
    if (!out.empty()) out += ',';
    out += f;
  }
  return out + "\r\n";
}

}  // namespace

std::string CsvField(std::string_view text) {
  std::string out = "\"";
  for (auto start : kFormulaStarts) {
    if (text.starts_with(start)) {
      out += '\'';
      break;
    }
  }
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string QuestionUrl(std::string_view origin, std::string_view question_id) {
  return std::string(origin) + "/questions/" + std::string(question_id);
}

std::string ToCsv(const FeedbackExport& data, std::string_view origin) {
  std::string out = Row({"type", "question_id", "role", "question", "helpful", "not_helpful", "helpful_since_change",
                         "not_helpful_since_change", "wilson_lower_bound", "revision", "revised_at", "comment_id",
                         "vote", "comment", "written_at", "state", "note", "state_at", "question_url"});
  for (const auto& q : data.questions) {
    out += Row({"question", CsvField(q.question_id), CsvField(q.role_slug), CsvField(q.question),
                std::to_string(q.helpful), std::to_string(q.not_helpful), std::to_string(q.helpful_since),
                std::to_string(q.not_helpful_since), Score(WilsonLowerBound(q.helpful, q.helpful + q.not_helpful)),
                std::to_string(q.revision), CsvField(q.revised_at), "", "", "", "", "", "", "",
                CsvField(QuestionUrl(origin, q.question_id))});
  }
  for (const auto& c : data.comments) {
    out += Row({"comment", CsvField(c.question_id), CsvField(c.role_slug), "", "", "", "", "", "",
                std::to_string(c.revision), "", std::to_string(c.id), c.helpful ? "helpful" : "not_helpful",
                CsvField(c.comment), CsvField(c.written_at), CsvField(c.state), CsvField(c.note), CsvField(c.state_at),
                CsvField(QuestionUrl(origin, c.question_id))});
  }
  return out;
}

boost::json::object ToJson(const FeedbackExport& data, std::string_view origin) {
  boost::json::array questions;
  for (const auto& q : data.questions) {
    questions.push_back(
        {{"question_id", q.question_id},
         {"role", q.role_slug},
         {"question", q.question},
         {"position", q.position},
         {"helpful", q.helpful},
         {"not_helpful", q.not_helpful},
         {"helpful_since_change", q.helpful_since},
         {"not_helpful_since_change", q.not_helpful_since},
         {"wilson_lower_bound", WilsonLowerBound(q.helpful, q.helpful + q.not_helpful)},
         {"comments", q.comments},
         {"open_comments", q.open_comments},
         {"revision", q.revision},
         {"revised_at", q.revised_at.empty() ? boost::json::value(nullptr) : boost::json::value(q.revised_at)},
         {"updated_after_feedback", q.updated_after_feedback},
         {"url", QuestionUrl(origin, q.question_id)}});
  }
  boost::json::array comments;
  for (const auto& c : data.comments) {
    comments.push_back({{"id", c.id},
                        {"question_id", c.question_id},
                        {"role", c.role_slug},
                        {"helpful", c.helpful},
                        {"comment", c.comment},
                        {"written_at", c.written_at},
                        {"state", c.state},
                        {"note", c.note},
                        {"state_at", c.state_at.empty() ? boost::json::value(nullptr) : boost::json::value(c.state_at)},
                        {"revision", c.revision},
                        {"question_url", QuestionUrl(origin, c.question_id)}});
  }
  return {{"questions", std::move(questions)}, {"comments", std::move(comments)}};
}

}  // namespace starprep::feedback
