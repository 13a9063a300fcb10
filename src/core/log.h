// SPDX-License-Identifier: Apache-2.0
#pragma once
// Structured log lines: every line the service logs is one JSON object,
//   {"event":"<name>","<key>":<value>,...}
// written through spdlog's default logger (whose pattern wraps it as the "data" of a line with a
// timestamp and level; see app.cpp SetUpLogging).
//
// Text values are JSON-escaped here, the way Boost.JSON's serializer does it (", \ and control
// characters; \b \t \n \f \r by name, the rest as \u00xx), and invalid UTF-8 is replaced by U+FFFD,
// so a line stays valid JSON whatever a client sent. Numbers and booleans are written bare.
//
// Cost: nothing when the level is disabled; otherwise the line is formatted into one stack
// buffer (a heap allocation only past 500 bytes) and handed to spdlog as is (no second format
// pass), so it is cheap enough for the per-request access log. Thread-safe as spdlog is.

#include <spdlog/common.h>

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace starprep::log {

// One value of a log line: text, a whole number or a boolean. Holds a view: the text must outlive
// the Event() call (a temporary std::string in the call's argument list does).
// Implicit on purpose, so a call reads `{{"key", value}, ...}`.
struct Value {
  // NOLINTBEGIN(google-explicit-constructor)
  Value(std::string_view text) : kind(Kind::kText), text(text) {}
  Value(const char* text) : kind(Kind::kText), text(text) {}
  Value(const std::string& text) : kind(Kind::kText), text(text) {}
  Value(bool b) : kind(Kind::kBool), whole(b ? 1 : 0) {}
  template <std::signed_integral T>
  Value(T n) : kind(Kind::kInt), whole(n) {}
  template <std::unsigned_integral T>
  requires(!std::same_as<T, bool>) Value(T n) : kind(Kind::kUint), positive(n) {}
  // NOLINTEND(google-explicit-constructor)

  enum class Kind { kText, kInt, kUint, kBool } kind;
  std::string_view text;
  std::int64_t whole = 0;
  std::uint64_t positive = 0;
};

// A key and its value; keys are our own identifiers and are written as they are.
struct Field {
  std::string_view key;
  Value value;
};

// Logs {"event":event, fields...} at `level` (nothing when that level is off).
void Event(spdlog::level::level_enum level, std::string_view event, std::initializer_list<Field> fields = {});

inline void Info(std::string_view event, std::initializer_list<Field> fields = {}) {
  Event(spdlog::level::info, event, fields);
}
inline void Warn(std::string_view event, std::initializer_list<Field> fields = {}) {
  Event(spdlog::level::warn, event, fields);
}
inline void Error(std::string_view event, std::initializer_list<Field> fields = {}) {
  Event(spdlog::level::err, event, fields);
}

// `text` as a JSON string literal (quotes included), escaped as described above.
std::string JsonQuote(std::string_view text);

}  // namespace starprep::log
