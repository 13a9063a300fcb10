// SPDX-License-Identifier: Apache-2.0
#pragma once
// Small text helpers shared by web/ and api/.

#include <string>
#include <string_view>

namespace starprep::html {

// Escapes & < > " ' for HTML text and attribute values.
std::string Escape(std::string_view s);

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);

// `s` with every invalid UTF-8 sequence replaced by U+FFFD (for echoing untrusted input).
std::string ToValidUtf8(std::string_view s);

// Number of Unicode code points in valid UTF-8 `s`.
std::size_t CodePoints(std::string_view s);

}  // namespace starprep::html
