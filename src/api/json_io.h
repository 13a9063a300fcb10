// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every JSON API handler shares: reading JSON bodies, paging, ids and JSON replies.

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "http/message.h"

namespace starprep::api {

inline constexpr int kDefaultLimit = 20;
inline constexpr int kMaxLimit = 100;

struct Page {
  int limit = kDefaultLimit;
  int offset = 0;
};

// Reads limit (1..kMaxLimit) and offset query parameters; an error names the bad parameter.
Result<Page> ParsePage(const http::Request& req);

// A JSON reply with Cache-Control: no-store.
http::Response Json(int status, const boost::json::value& v);
// 204 No Content with Cache-Control: no-store (a deletion, a sign-out).
http::Response NoContent();
http::Response NotFound(const std::string& what);

// True for a Content-Type of application/json (media types are case-insensitive), with or
// without parameters such as "; charset=utf-8".
bool IsJsonBody(const http::Request& req);

// Reads a JSON request body into `body`: 415 unless the Content-Type is JSON, 400 unless the body
// parses. `what` names the body in the 415 message ("the answer"). nullopt when `body` is set.
std::optional<http::Response> ReadJsonBody(const http::Request& req, std::string_view what, boost::json::value& body);

// ReadJsonBody, then a 400 (kInvalidJson) unless the body is a JSON object.
std::optional<http::Response> ReadJsonObject(const http::Request& req, std::string_view what, boost::json::value& body);

// A string field; "" when absent or null and not `required`. kInvalidArgument naming the field when
// it is required and missing, or not a string.
Result<std::string> StringField(const boost::json::object& o, std::string_view key, bool required);
// An array of strings; empty when absent or null. kInvalidArgument naming the field otherwise.
Result<std::vector<std::string>> StringListField(const boost::json::object& o, std::string_view key);

// An optional whole-number field from lo to hi. Absent or null: `fallback`. Any other JSON (a
// string, a fraction, a number outside the range however large) is a kInvalidArgument that names
// the field and the range. Never throws.
Result<std::int64_t> IntField(const boost::json::object& o, std::string_view key, std::int64_t lo, std::int64_t hi,
                              std::int64_t fallback);

}  // namespace starprep::api
