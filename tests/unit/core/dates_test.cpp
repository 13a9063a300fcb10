// SPDX-License-Identifier: Apache-2.0
// core/dates: ISO 8601 parsing, UTC formatting, day counts and posting ages.

#include "core/dates.h"

#include <gtest/gtest.h>

namespace starprep::dates {
namespace {

TEST(DatesTest, ParsesAndNormalisesToUtc) {
  EXPECT_EQ(FormatUtc(*ParseIsoTime("2026-11-02T01:30:00+02:00")), "2026-11-01T23:30:00Z");
  EXPECT_EQ(FormatUtc(*ParseIsoTime("2026-11-02T01:30:00.123Z")), "2026-11-02T01:30:00Z");
  EXPECT_EQ(FormatUtc(*ParseIsoTime("2024-02-29")), "2024-02-29T00:00:00Z");
  EXPECT_EQ(FormatUtc(*ParseIsoTime("2026-11-02T10:00-0530")), "2026-11-02T15:30:00Z");
  for (const char* bad : {"", "2026", "2026-13-01", "2023-02-29", "2026-11-02X", "2026-11-02T25:00", "02/11/2026"})
    EXPECT_FALSE(ParseIsoTime(bad).has_value()) << bad;
  EXPECT_EQ(DaysBetween("2026-11-01", "2026-11-29T12:00:00Z"), 28);
  EXPECT_EQ(PostingAge("2026-11-29", "2026-11-29T08:00:00Z"), "today");
  EXPECT_EQ(PostingAge("2026-11-28", "2026-11-29T08:00:00Z"), "yesterday");
  EXPECT_EQ(PostingAge("2026-11-01", "2026-11-29T08:00:00Z"), "4 weeks ago");
}

}  // namespace
}  // namespace starprep::dates
