// SPDX-License-Identifier: Apache-2.0
#include "practice/fsrs.h"

#include <algorithm>
#include <cmath>

#include "core/strings.h"

namespace starprep::practice::fsrs {
namespace {

double Grade(Rating r) {
  return static_cast<double>(static_cast<int>(r));
}

double ClampStability(double s) {
  return std::clamp(s, kMinStability, kMaxStability);
}
double ClampDifficulty(double d) {
  return std::clamp(d, kMinDifficulty, kMaxDifficulty);
}

double Decay(const Weights& w) {
  return w[20];
}

// 0.9 ^ (-1 / decay) - 1: the factor that makes R(S, S) = 0.9.
double Factor(double decay) {
  return std::pow(0.9, -1.0 / decay) - 1.0;
}

double InitialStability(const Weights& w, Rating r) {
  return w[static_cast<int>(r) - 1];
}

double InitialDifficulty(const Weights& w, Rating r) {
  return w[4] - std::exp(w[5] * (Grade(r) - 1.0)) + 1.0;
}

double NextDifficulty(const Weights& w, double d, Rating r) {
  double delta = -w[6] * (Grade(r) - 3.0);
  double damped = d + delta * (10.0 - d) / 9.0;  // linear damping: less change near 10
  double reverted = w[7] * InitialDifficulty(w, Rating::kEasy) + (1.0 - w[7]) * damped;
  return ClampDifficulty(reverted);
}

double StabilityAfterRecall(const Weights& w, double s, double d, double r, Rating rating) {
  double hard_penalty = rating == Rating::kHard ? w[15] : 1.0;
  double easy_bonus = rating == Rating::kEasy ? w[16] : 1.0;
  return ClampStability(s * (std::exp(w[8]) * (11.0 - d) * std::pow(s, -w[9]) * (std::exp(w[10] * (1.0 - r)) - 1.0) *
                                 hard_penalty * easy_bonus +
                             1.0));
}

double StabilityAfterForgetting(const Weights& w, double s, double d, double r) {
  double forgot = w[11] * std::pow(d, -w[12]) * (std::pow(s + 1.0, w[13]) - 1.0) * std::exp(w[14] * (1.0 - r));
  double ceiling = s / std::exp(w[17] * w[18]);
  return ClampStability(std::min(forgot, ceiling));
}

double ShortTermStability(const Weights& w, double s, Rating rating) {
  double increase = std::exp(w[17] * (Grade(rating) - 3.0 + w[18])) * std::pow(s, -w[19]);
  if (rating == Rating::kGood || rating == Rating::kEasy) increase = std::max(increase, 1.0);
  return ClampStability(s * increase);
}

// splitmix64: a small, well-mixed deterministic generator for the seeded fuzz.
std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

struct FuzzRange {
  double start = 0;
  double end = 0;
  double factor = 0;
};
constexpr std::array<FuzzRange, 3> kFuzzRanges = {{{2.5, 7.0, 0.15}, {7.0, 20.0, 0.1}, {20.0, 1e18, 0.05}}};

}  // namespace

Status CheckRetention(double retention) {
  if (!std::isfinite(retention) || retention < kMinRetention || retention > kMaxRetention) {
    return MakeError(ErrorCode::kInvalidArgument, "desired retention must be between 0.70 and 0.97");
  }
  return {};
}

Result<Rating> RatingFromNumber(int number) {
  if (number < 1 || number > 4) {
    return MakeError(ErrorCode::kInvalidArgument, "rating must be 1 (again), 2 (hard), 3 (good) or 4 (easy)");
  }
  return static_cast<Rating>(number);
}

Result<Rating> RatingFromName(std::string_view name) {
  std::string lower = AsciiLower(name);
  for (Rating r : {Rating::kAgain, Rating::kHard, Rating::kGood, Rating::kEasy}) {
    if (lower == RatingName(r)) return r;
  }
  return MakeError(ErrorCode::kInvalidArgument, "rating must be \"again\", \"hard\", \"good\" or \"easy\"");
}

std::string_view RatingName(Rating rating) {
  switch (rating) {
    case Rating::kAgain:
      return "again";
    case Rating::kHard:
      return "hard";
    case Rating::kGood:
      return "good";
    case Rating::kEasy:
      return "easy";
  }
  return "again";
}

std::string_view StateName(State state) {
  switch (state) {
    case State::kNew:
      return "new";
    case State::kLearning:
      return "learning";
    case State::kReview:
      return "review";
    case State::kRelearning:
      return "relearning";
  }
  return "new";
}

double Retrievability(double elapsed_days, double stability, double decay) {
  if (elapsed_days <= 0) return 1.0;
  double s = std::max(stability, kMinStability);
  return std::pow(1.0 + Factor(decay) * elapsed_days / s, -decay);
}

std::int64_t ElapsedDays(std::int64_t from, std::int64_t to) {
  if (to <= from) return 0;
  return (to - from) / kSecondsPerDay;
}

int IntervalDays(double stability, const Parameters& p) {
  double decay = Decay(p.w);
  double retention = std::clamp(p.desired_retention, kMinRetention, kMaxRetention);
  int maximum = std::max(1, p.maximum_interval);
  double days = stability / Factor(decay) * (std::pow(retention, -1.0 / decay) - 1.0);
  if (!std::isfinite(days)) return maximum;
  return static_cast<int>(std::clamp(std::round(days), 1.0, static_cast<double>(maximum)));
}

int FuzzedInterval(int interval_days, int maximum_interval, std::uint64_t seed) {
  double ivl = interval_days;
  if (ivl < 2.5) return interval_days;
  double delta = 1.0;
  for (const auto& range : kFuzzRanges) {
    delta += range.factor * std::max(std::min(ivl, range.end) - range.start, 0.0);
  }
  int lo = std::max(2, static_cast<int>(std::round(ivl - delta)));
  int hi = std::min(static_cast<int>(std::round(ivl + delta)), maximum_interval);
  lo = std::min(lo, hi);
  // A uniform draw in [0, 1) from the top 53 bits.
  double unit = static_cast<double>(SplitMix64(seed) >> 11U) * 0x1.0p-53;
  int fuzzed = static_cast<int>(std::floor(unit * (hi - lo + 1) + lo));
  return std::clamp(fuzzed, lo, hi);
}

Card Review(const Card& card, Rating rating, std::int64_t now, const Parameters& p) {
  const Weights& w = p.w;
  Card next = card;
  if (card.reps == 0 || card.state == State::kNew || card.stability <= 0) {
    next.stability = ClampStability(InitialStability(w, rating));
    next.difficulty = ClampDifficulty(InitialDifficulty(w, rating));
    next.state = rating == Rating::kAgain ? State::kLearning : State::kReview;
  } else {
    std::int64_t elapsed = card.last_review > 0 ? ElapsedDays(card.last_review, now) : 0;
    double s = card.stability;
    double d = card.difficulty;
    if (elapsed == 0) {
      next.stability = ShortTermStability(w, s, rating);
    } else {
      double r = Retrievability(static_cast<double>(elapsed), s, Decay(w));
      next.stability =
          rating == Rating::kAgain ? StabilityAfterForgetting(w, s, d, r) : StabilityAfterRecall(w, s, d, r, rating);
    }
    next.difficulty = NextDifficulty(w, d, rating);
    if (rating == Rating::kAgain) {
      if (card.state == State::kReview) {
        ++next.lapses;
        next.state = State::kRelearning;
      }
    } else {
      next.state = State::kReview;
    }
  }
  ++next.reps;
  next.last_review = now;
  int days = IntervalDays(next.stability, p);
  if (p.fuzz_seed) {
    std::uint64_t mix =
        SplitMix64(*p.fuzz_seed ^ SplitMix64(static_cast<std::uint64_t>(now)) ^ static_cast<std::uint64_t>(next.reps));
    days = FuzzedInterval(days, std::max(1, p.maximum_interval), mix);
  }
  next.due = now + static_cast<std::int64_t>(days) * kSecondsPerDay;
  return next;
}

Rating RatingForScore(int score) {
  if (score < 40) return Rating::kAgain;
  if (score < 60) return Rating::kHard;
  if (score < 85) return Rating::kGood;
  return Rating::kEasy;
}

}  // namespace starprep::practice::fsrs
