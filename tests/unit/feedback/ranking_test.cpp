// SPDX-License-Identifier: Apache-2.0
// Unit tests for feedback/ranking: the Wilson lower bound against values computed by hand from
// the formula (Evan Miller, "How Not To Sort By Average Rating", gives the same figures).

#include "feedback/ranking.h"

#include <gtest/gtest.h>

namespace starprep::feedback {
namespace {

TEST(WilsonLowerBoundTest, KnownValues) {
  EXPECT_NEAR(WilsonLowerBound(1, 1), 0.206549, 1e-6);
  EXPECT_NEAR(WilsonLowerBound(10, 10), 0.722467, 1e-6);
  EXPECT_NEAR(WilsonLowerBound(5, 10), 0.236593, 1e-6);
  EXPECT_NEAR(WilsonLowerBound(9, 10), 0.595850, 1e-6);
  EXPECT_NEAR(WilsonLowerBound(50, 100), 0.403832, 1e-6);
  EXPECT_NEAR(WilsonLowerBound(95, 100), 0.888250, 1e-6);
}

TEST(WilsonLowerBoundTest, NoVotesOrNoHelpfulVotesScoreZero) {
  EXPECT_EQ(WilsonLowerBound(0, 0), 0.0);
  EXPECT_EQ(WilsonLowerBound(0, 5), 0.0);
  EXPECT_EQ(WilsonLowerBound(3, -1), 0.0);
}

TEST(WilsonLowerBoundTest, MoreVotesAtTheSameShareRankHigher) {
  EXPECT_LT(WilsonLowerBound(1, 1), WilsonLowerBound(9, 10));
  EXPECT_LT(WilsonLowerBound(9, 10), WilsonLowerBound(90, 100));
  EXPECT_LT(WilsonLowerBound(90, 100), WilsonLowerBound(900, 1000));
  EXPECT_LT(WilsonLowerBound(900, 1000), 0.9);
}

TEST(WilsonLowerBoundTest, OutOfRangeHelpfulCountsAreClamped) {
  EXPECT_EQ(WilsonLowerBound(20, 10), WilsonLowerBound(10, 10));
  EXPECT_EQ(WilsonLowerBound(-3, 10), 0.0);
}

}  // namespace
}  // namespace starprep::feedback
