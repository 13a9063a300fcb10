// SPDX-License-Identifier: Apache-2.0
#include "api/json_io.h"

#include <cctype>
#include <charconv>

#include "http/router.h"

namespace starprep::api {
namespace json = boost::json;

Result<Page> ParsePage(const http::Request& req) {
  Page p;
  auto read = [&](const char* name, int lo, int hi, int& out) -> Status {
    auto v = req.Query(name);
    if (!v) return {};
    int n = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || ptr != v->data() + v->size() || n < lo || n > hi)
      return MakeError(ErrorCode::kInvalidArgument, std::string("Query parameter \"") + name +
                                                        "\" must be an integer from " + std::to_string(lo) + " to " +
                                                        std::to_string(hi) + ".");
    out = n;
    return {};
  };
  if (auto s = read("limit", 1, kMaxLimit, p.limit); !s.ok()) return s.error();
  if (auto s = read("offset", 0, 1000000, p.offset); !s.ok()) return s.error();
  return p;
}

http::Response Json(int status, const json::value& v) {
  http::Response r = http::JsonResponse(status, json::serialize(v));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response NoContent() {
  http::Response r;
  r.status = 204;
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response NotFound(const std::string& what) {
  return http::ErrorReply(404, http::codes::kNotFound, what);
}

bool IsJsonBody(const http::Request& req) {
  constexpr std::string_view kJson = "application/json";
  const std::string_view type = req.Header("content-type");
  if (type.size() < kJson.size()) return false;
  for (std::size_t i = 0; i < kJson.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(type[i])) != kJson[i]) return false;
  return type.size() == kJson.size() || type[kJson.size()] == ';' || type[kJson.size()] == ' ';
}

std::optional<http::Response> ReadJsonBody(const http::Request& req, std::string_view what, json::value& body) {
  if (!IsJsonBody(req))
    return http::ErrorReply(415, http::codes::kUnsupportedMediaType,
                            "Send " + std::string(what) + " as JSON with Content-Type: application/json.");
  json::error_code ec;
  body = json::parse(req.body, ec);
  if (ec)
    return http::ErrorReply(400, http::codes::kInvalidJson,
                            "The request body is not valid JSON: " + ec.message() + ".");
  return std::nullopt;
}

std::optional<http::Response> ReadJsonObject(const http::Request& req, std::string_view what, json::value& body) {
  if (auto bad = ReadJsonBody(req, what, body)) return bad;
  if (!body.is_object())
    return http::ErrorReply(400, http::codes::kInvalidJson, "Send " + std::string(what) + " as a JSON object.");
  return std::nullopt;
}

Result<std::string> StringField(const json::object& o, std::string_view key, bool required) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) {
    if (required) return MakeError(ErrorCode::kInvalidArgument, "Field \"" + std::string(key) + "\" is required.");
    return std::string();
  }
  if (!it->value().is_string())
    return MakeError(ErrorCode::kInvalidArgument, "Field \"" + std::string(key) + "\" must be a string.");
  return std::string(it->value().as_string());
}

Result<std::vector<std::string>> StringListField(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return out;
  const Error wrong{ErrorCode::kInvalidArgument, "Field \"" + std::string(key) + "\" must be an array of strings."};
  if (!it->value().is_array()) return wrong;
  for (const auto& v : it->value().as_array()) {
    if (!v.is_string()) return wrong;
    out.emplace_back(v.as_string());
  }
  return out;
}

Result<std::int64_t> IntField(const json::object& o, std::string_view key, std::int64_t lo, std::int64_t hi,
                              std::int64_t fallback) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return fallback;
  std::optional<std::int64_t> n;
  if (v->is_int64()) n = v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(hi)) n = static_cast<std::int64_t>(v->as_uint64());
  if (!n || *n < lo || *n > hi)
    return MakeError(ErrorCode::kInvalidArgument, "Field \"" + std::string(key) + "\" must be a whole number from " +
                                                      std::to_string(lo) + " to " + std::to_string(hi) + ".");
  return *n;
}

}  // namespace starprep::api
