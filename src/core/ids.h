// SPDX-License-Identifier: Apache-2.0
#pragma once
// Record ids in URLs.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace starprep {

// A positive decimal id (a path segment such as "/attempts/42"); nullopt for anything else.
inline std::optional<std::int64_t> ParsePositiveId(std::string_view text) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace starprep
