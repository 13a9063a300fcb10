// SPDX-License-Identifier: Apache-2.0
#pragma once
// The feedback export's formats (/editor/export.csv, GET /api/v1/editor/feedback and
// `starprep feedback export`). Pure: no I/O; thread-safe.

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "feedback/inbox.h"

namespace starprep::feedback {

// One CSV field (RFC 4180), always quoted, inner quotes doubled. Untrusted text that a
// spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return, or
// their full-width forms) gets a leading apostrophe, so it shows as text.
std::string CsvField(std::string_view text);

// The link to a question's public page: `origin` + "/questions/ID" ("https://example.com/questions/ID"
// with the site's public origin, http::PublicOrigin; "/questions/ID" when `origin` is "").
std::string QuestionUrl(std::string_view origin, std::string_view question_id);

// The export as CSV (UTF-8, CRLF line ends, a header row): one "question" row per live question
// with its counts and Wilson score, then one "comment" row per comment; the last column,
// question_url, is QuestionUrl(origin, ...) on both kinds of row.
std::string ToCsv(const FeedbackExport& data, std::string_view origin);

// The export as JSON: {"questions":[...],"comments":[...]} (docs/openapi.json, FeedbackExport), each
// question with its "url" and each comment with its "question_url", both QuestionUrl(origin, ...).
boost::json::object ToJson(const FeedbackExport& data, std::string_view origin);

}  // namespace starprep::feedback
