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

// The export as CSV (UTF-8, CRLF line ends, a header row): one "question" row per live question
// with its counts and Wilson score, then one "comment" row per comment.
std::string ToCsv(const FeedbackExport& data);

// The export as JSON: {"questions":[...],"comments":[...]} (docs/openapi.json, FeedbackExport).
boost::json::object ToJson(const FeedbackExport& data);

}  // namespace starprep::feedback
