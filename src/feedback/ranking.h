// SPDX-License-Identifier: Apache-2.0
#pragma once
// Ranking answers by their readers' votes, fairly to answers with few votes. Pure; thread-safe.

namespace starprep::feedback {

// z for a two-sided 95% confidence interval.
inline constexpr double kWilsonZ95 = 1.959963984540054;

// The lower bound of the Wilson score interval for the share of "helpful" votes: with 95%
// confidence the true share is at least this. 0 for no votes; in [0, 1]; grows with the number
// of votes at the same share (1 of 1 scores 0.21, 10 of 10 scores 0.72). `helpful` is clamped to
// [0, total].
double WilsonLowerBound(int helpful, int total, double z = kWilsonZ95);

}  // namespace starprep::feedback
