// SPDX-License-Identifier: Apache-2.0
#pragma once
// Passwords: the sign-up rules and argon2id hashing (libsodium crypto_pwhash_str).
//
// Rules: 12 to 128 characters (Unicode code points), no composition rules, and hard enough to
// guess: zxcvbn-c (Debian's libzxcvbn) estimates the guesses an attacker needs, trying common
// passwords, English words, names, keyboard rows, repeats, sequences, dates and the user's own
// email and name (leet substitutions and case changes included). Its estimate is in bits; we map
// it to zxcvbn's 0-4 score (log10 of the guesses below 3, 6, 8, 10, or above) and require
// kMinPasswordScore, i.e. at least 10^8 guesses.
//
// Hashing: argon2id with libsodium's INTERACTIVE limits by default (2 passes, 64 MiB), stored in
// the self-describing crypto_pwhash_str format, so a hash made under older limits still verifies
// and Verify() says when it should be rehashed. At most `max_concurrent` hashes run at once (each
// holds its memory for its whole run); a caller that waits longer than `max_wait` gets kUnavailable
// with retry_after, so a flood of sign-ins cannot exhaust memory. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace starprep::auth {

inline constexpr std::size_t kMinPasswordChars = 12;
inline constexpr std::size_t kMaxPasswordChars = 128;

inline constexpr int kMinPasswordScore = 3;  // zxcvbn's "safely unguessable"

struct PasswordStrength {
  double bits = 0;       // zxcvbn-c's estimate: log2 of the guesses needed
  int score = 0;         // 0..4, zxcvbn's scale (see ScoreFromBits)
  std::string feedback;  // for a score below kMinPasswordScore: one sentence on why it is weak
};

// zxcvbn's score for an estimate of `bits`: 0 below 10^3 guesses, 1 below 10^6, 2 below 10^8,
// 3 below 10^10, 4 from there on.
int ScoreFromBits(double bits);

// Estimates how hard `password` is to guess. `user_words` (the account's email, name, ...) count as
// a dictionary of their own, so a password made of them scores low. Pure and thread-safe.
PasswordStrength EstimateStrength(std::string_view password, std::span<const std::string> user_words = {});

// What is wrong with `password` as a new password (a message for the user that says why and what
// to do instead), or nullopt if it is acceptable. Invalid UTF-8 is refused.
std::optional<std::string> PasswordProblem(std::string_view password, std::span<const std::string> user_words = {});

class PasswordHasher {
 public:
  struct Limits {
    unsigned long long opslimit;
    std::size_t memlimit;
  };
  static Limits Interactive();  // crypto_pwhash_OPSLIMIT/MEMLIMIT_INTERACTIVE
  static Limits Minimum();      // the smallest libsodium allows: for unit tests of callers only

  PasswordHasher(Limits limits, int max_concurrent, std::chrono::milliseconds max_wait = std::chrono::seconds(3));

  Result<std::string> Hash(std::string_view password);

  enum class Check { kWrong, kOk, kOkRehash };  // kOkRehash: right password, hash under other limits
  Result<Check> Verify(const std::string& hash, std::string_view password);
  // Spends the time of a Verify against a fixed hash: for unknown accounts, so that timing does
  // not tell which emails have accounts.
  void VerifyDummy(std::string_view password);

 private:
  // Holds one of the `max_concurrent` slots; false if none freed up within max_wait.
  bool AcquireSlot();
  void ReleaseSlot();

  Limits limits_;
  std::chrono::milliseconds max_wait_;
  std::mutex mu_;
  std::condition_variable cv_;
  int free_slots_;  // guarded by mu_
  std::string dummy_hash_;
};

}  // namespace starprep::auth
