// SPDX-License-Identifier: Apache-2.0
#pragma once
// FSRS-6, the free spaced-repetition scheduler (open-spaced-repetition: fsrs-rs, py-fsrs,
// ts-fsrs), as a pure module: no I/O, no clock (every call takes `now`, seconds since the epoch),
// no randomness unless fuzz is enabled with a seed. The review queue (practice/reviews.h) keeps
// one Card per (user, question) and calls Review() when the member rates a practised question.
//
// The memory model follows fsrs-rs's FSRS-6 (model_v6.rs) in double precision:
//   R(t, S)       = (1 + F * t / S) ^ -w20,  F = 0.9 ^ (1 / -w20) - 1   (so R(S, S) = 0.9)
//   first rating  S = w[G-1],  D = w4 - e^(w5 (G-1)) + 1
//   later rating  D' = D + (-w6 (G-3)) (10 - D) / 9, then mean reversion towards D0(Easy) by w7
//   elapsed >= 1 day: recall (G >= 2) S' = S (e^w8 (11-D) S^-w9 (e^(w10 (1-R)) - 1) h b + 1),
//                     h = w15 for Hard, b = w16 for Easy;
//                     forget (Again) S' = min(w11 D^-w12 ((S+1)^w13 - 1) e^(w14 (1-R)),
//                                         S / e^(w17 w18))
//   elapsed 0 days (the same-day rule, FSRS-6 short-term stability):
//                     S' = S e^(w17 (G - 3 + w18)) S^-w19, never below S for Good or Easy
//                     (py-fsrs' rule: the floor applies from Good; Again and Hard may lower S).
// S stays within [0.001, 36500], D within [1, 10]. Elapsed days are whole days: the seconds
// since the last review divided by 86,400, rounded down (py-fsrs), so "same day" means "less
// than 24 hours ago". There are no learning steps: every rating schedules the card at least one
// day later (the queue is daily), so the same-day rule applies when a member practises a question
// again before it is due.
//
// Thread safety: everything here is a pure function of its arguments.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace starprep::practice::fsrs {

// The four answers to "how well did you know it?" (FSRS numbers them 1..4).
enum class Rating { kAgain = 1, kHard = 2, kGood = 3, kEasy = 4 };

// Where a card is in its life. kNew: never rated. kLearning: its only ratings so far failed (the
// first was Again). kReview: last rated Hard, Good or Easy. kRelearning: last rated Again after it
// had been known (a lapse).
enum class State { kNew = 0, kLearning = 1, kReview = 2, kRelearning = 3 };

inline constexpr int kWeightCount = 21;
using Weights = std::array<double, kWeightCount>;

// FSRS-6's published default parameters (fsrs-rs FSRS6_DEFAULT_PARAMETERS, py-fsrs 6
// DEFAULT_PARAMETERS, ts-fsrs default_w).
inline constexpr Weights kDefaultWeights = {0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
                                            0.001,  1.8722, 0.1666, 0.796,  1.4835, 0.0614, 0.2629,
                                            1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};

inline constexpr double kDefaultRetention = 0.9;
inline constexpr double kMinRetention = 0.70;  // the range a member may choose
inline constexpr double kMaxRetention = 0.97;
inline constexpr int kMaxIntervalDays = 36500;
inline constexpr double kMinStability = 0.001;
inline constexpr double kMaxStability = 36500;
inline constexpr double kMinDifficulty = 1;
inline constexpr double kMaxDifficulty = 10;
inline constexpr std::int64_t kSecondsPerDay = 86400;

struct Parameters {
  Weights w = kDefaultWeights;
  double desired_retention = kDefaultRetention;  // the chance of recall at which a card is due
  int maximum_interval = kMaxIntervalDays;       // days
  // Fuzz spreads intervals of 3+ days a little (py-fsrs' ranges) so cards rated together do not
  // stay together. Off unless a seed is given; the same seed, card and review give the same fuzz.
  std::optional<std::uint64_t> fuzz_seed;
};

// A card's memory state. Times are seconds since the epoch.
struct Card {
  State state = State::kNew;
  double stability = 0;          // days until recall falls to 90 %; 0 while new
  double difficulty = 0;         // 1 (easy) .. 10 (hard); 0 while new
  std::int64_t due = 0;          // when it should next be reviewed (a new card: when it was created)
  std::int64_t last_review = 0;  // 0: never reviewed
  int reps = 0;                  // ratings so far
  int lapses = 0;                // Again ratings of a card in review
};

// Pure. kInvalidArgument with a message naming the range unless
// kMinRetention <= retention <= kMaxRetention (and finite).
Status CheckRetention(double retention);

// Pure. The rating numbered 1..4, or kInvalidArgument naming the accepted values.
Result<Rating> RatingFromNumber(int number);
// Pure. "again", "hard", "good" or "easy" (ASCII case ignored), or kInvalidArgument.
Result<Rating> RatingFromName(std::string_view name);
// "again", "hard", "good", "easy".
std::string_view RatingName(Rating rating);
// "new", "learning", "review", "relearning".
std::string_view StateName(State state);

// Pure. The chance of recall after `elapsed_days` for stability `stability` with decay `decay`
// (FSRS-6: w20): (1 + F t / S) ^ -decay, F = 0.9 ^ (-1 / decay) - 1. 1 at t <= 0.
double Retrievability(double elapsed_days, double stability, double decay);

// Pure. The whole days from `from` to `to` (seconds), rounded down; 0 if `to` is before `from`.
std::int64_t ElapsedDays(std::int64_t from, std::int64_t to);

// Pure. The days until recall falls to `p.desired_retention` for stability `stability`, rounded
// to the nearest day, within 1 .. p.maximum_interval (before fuzz).
int IntervalDays(double stability, const Parameters& p);

// Pure. `card` rated `rating` at `now`: the new memory state, reps + 1, lapses + 1 on Again
// after a success, last_review = now, due = now + the interval (fuzzed only with a seed).
// `p.desired_retention` must pass CheckRetention and `p.maximum_interval` be >= 1 (callers check
// them; out of range they are clamped). A `now` before the last review counts as the same day.
Card Review(const Card& card, Rating rating, std::int64_t now, const Parameters& p);

// Pure. The interval after fuzz for `interval_days` (py-fsrs' ranges: none below 2.5 days, then
// ±15 % to 7 days, ±10 % to 20, ±5 % beyond), drawn from a generator seeded by `seed`, within
// 2 .. maximum_interval. Deterministic.
int FuzzedInterval(int interval_days, int maximum_interval, std::uint64_t seed);

// Pure. The rating a coach's score (0..100) suggests, pre-selected on the result page:
// below 40 Again, below 60 Hard, below 85 Good, otherwise Easy.
Rating RatingForScore(int score);

}  // namespace starprep::practice::fsrs
