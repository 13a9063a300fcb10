// SPDX-License-Identifier: Apache-2.0
#include "auth/password.h"

#include <sodium.h>
#include <zxcvbn.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/html.h"
#include "core/strings.h"

namespace starprep::auth {

namespace {

// zxcvbn-c reports the parts it recognised as a list of matches; the part that explains a low
// score best is a match of the user's own words, else the longest recognised (non-random) part.
// The sentences are ours: zxcvbn-c gives no feedback text.
std::string WhyWeak(const ZxcMatch_t* matches) {
  const ZxcMatch_t* longest = nullptr;
  for (const ZxcMatch_t* m = matches; m; m = m->Next) {
    const int type = m->Type & ~MULTIPLE_MATCH;
    if (type == USER_MATCH || type == USER_LEET_MATCH) return "it contains your email address or your name.";
    if (type == NON_MATCH || type == BRUTE_MATCH || type == LONG_PWD_MATCH) continue;
    if (!longest || m->Length > longest->Length) longest = m;
  }
  if (!longest) return "it is too short for its kind of characters.";
  if (longest->Type & MULTIPLE_MATCH) return "it repeats the same characters or pattern.";
  switch (longest->Type) {
    case REPEATS_MATCH:
      return "it repeats the same characters or pattern.";
    case SEQUENCE_MATCH:
      return "it is a run of characters such as abcd or 1234.";
    case SPATIAL_MATCH:
      return "it follows neighbouring keys on the keyboard, such as qwerty.";
    case DATE_MATCH:
    case YEAR_MATCH:
      return "it leans on a date or a year.";
    case DICT_LEET_MATCH:
      return "it is a common word or password with look-alike characters swapped in.";
    default:
      return "it is built from common passwords or words.";
  }
}

}  // namespace

int ScoreFromBits(double bits) {
  const double log10_guesses = bits * std::log10(2.0);
  if (log10_guesses < 3) return 0;
  if (log10_guesses < 6) return 1;
  if (log10_guesses < 8) return 2;
  if (log10_guesses < 10) return 3;
  return 4;
}

PasswordStrength EstimateStrength(std::string_view password, std::span<const std::string> user_words) {
  std::vector<std::string> lowered;
  lowered.reserve(user_words.size());
  for (const auto& w : user_words)
    if (!w.empty()) lowered.push_back(AsciiLower(w));
  std::vector<const char*> dictionary;
  dictionary.reserve(lowered.size() + 1);
  for (const auto& w : lowered) dictionary.push_back(w.c_str());
  dictionary.push_back(nullptr);
  // zxcvbn-c reads a C string: an embedded NUL ends it early, which can only lower the estimate.
  const std::string text(password);
  ZxcMatch_t* matches = nullptr;
  PasswordStrength out;
  out.bits = ZxcvbnMatch(text.c_str(), dictionary.data(), &matches);
  out.score = ScoreFromBits(out.bits);
  if (out.score < kMinPasswordScore) out.feedback = WhyWeak(matches);
  ZxcvbnFreeInfo(matches);
  return out;
}

std::optional<std::string> PasswordProblem(std::string_view password, std::span<const std::string> user_words) {
  if (!html::IsValidUtf8(password)) return "The password is not valid UTF-8 text.";
  const std::size_t n = html::CodePoints(password);
  if (n < kMinPasswordChars)
    return "Use at least " + std::to_string(kMinPasswordChars) + " characters; a few unrelated words make a good one.";
  if (n > kMaxPasswordChars) return "Use at most " + std::to_string(kMaxPasswordChars) + " characters.";
  const PasswordStrength strength = EstimateStrength(password, user_words);
  if (strength.score < kMinPasswordScore)
    return "This password is too easy to guess: " + strength.feedback +
           " Try three or four unrelated words, or add some to it.";
  return std::nullopt;
}

PasswordHasher::Limits PasswordHasher::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHasher::Limits PasswordHasher::Minimum() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

PasswordHasher::PasswordHasher(Limits limits, int max_concurrent, std::chrono::milliseconds max_wait)
    : limits_(limits), max_wait_(max_wait), free_slots_(std::max(1, max_concurrent)) {
  auto dummy = Hash("starprep: a password that no account has");
  if (dummy) dummy_hash_ = std::move(*dummy);
}

bool PasswordHasher::AcquireSlot() {
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, max_wait_, [&] { return free_slots_ > 0; })) return false;
  --free_slots_;
  return true;
}

void PasswordHasher::ReleaseSlot() {
  {
    std::lock_guard lock(mu_);
    ++free_slots_;
  }
  cv_.notify_one();
}

Result<std::string> PasswordHasher::Hash(std::string_view password) {
  if (!AcquireSlot()) return Error{ErrorCode::kUnavailable, "password hashing is saturated", 2};
  char out[crypto_pwhash_STRBYTES];
  int rc = crypto_pwhash_str(out, password.data(), password.size(), limits_.opslimit, limits_.memlimit);
  ReleaseSlot();
  if (rc != 0) return Error{ErrorCode::kUnavailable, "crypto_pwhash_str failed (out of memory?)", 2};
  return std::string(out);
}

Result<PasswordHasher::Check> PasswordHasher::Verify(const std::string& hash, std::string_view password) {
  if (!AcquireSlot()) return Error{ErrorCode::kUnavailable, "password hashing is saturated", 2};
  int rc = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size());
  ReleaseSlot();
  if (rc != 0) return Check::kWrong;
  return crypto_pwhash_str_needs_rehash(hash.c_str(), limits_.opslimit, limits_.memlimit) != 0 ? Check::kOkRehash
                                                                                               : Check::kOk;
}

void PasswordHasher::VerifyDummy(std::string_view password) {
  if (!dummy_hash_.empty()) (void)Verify(dummy_hash_, password);
}

}  // namespace starprep::auth
