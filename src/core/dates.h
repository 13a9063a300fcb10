// SPDX-License-Identifier: Apache-2.0
#pragma once
// Dates and times as starprep stores them (jobs, accounts, attempts): ISO 8601 in UTC. Pure
// functions, apart from NowUtc reading the clock.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace starprep::dates {

// Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM|-HH:MM|+HHMM]" (no offset: UTC)
// and returns seconds since the Unix epoch; nullopt if malformed or out of range.
// A date alone means its start (00:00:00Z).
std::optional<std::int64_t> ParseIsoTime(std::string_view s);
// True if `s` has no time part ("YYYY-MM-DD").
bool IsDateOnly(std::string_view s);

// Seconds since the epoch -> "YYYY-MM-DDTHH:MM:SSZ" / "YYYY-MM-DD".
std::string FormatUtc(std::int64_t seconds);
std::string FormatDate(std::int64_t seconds);

// The current time, "YYYY-MM-DDTHH:MM:SSZ".
std::string NowUtc();

// Whole days from date `from` to date `to` (both parsed with ParseIsoTime); nullopt if either is bad.
std::optional<int> DaysBetween(std::string_view from, std::string_view to);

// "today", "yesterday", "3 days ago", "2 weeks ago", "4 months ago" for a posting date.
std::string PostingAge(std::string_view date_posted, std::string_view now_utc);

}  // namespace starprep::dates
