#pragma once
// Passwords: the sign-up rules and argon2id hashing (libsodium crypto_pwhash_str).
//
// Rules: 12 to 128 characters (Unicode code points), no composition rules, and not one of the
// common passwords compiled in from Debian's python3-zxcvbn list (compared case-insensitively).
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
#include <string>
#include <string_view>

#include "core/result.h"

namespace starprep::auth {

inline constexpr std::size_t kMinPasswordChars = 12;
inline constexpr std::size_t kMaxPasswordChars = 128;

// What is wrong with `password` as a new password (a message for the user), or nullopt if it is
// acceptable. Invalid UTF-8 is refused.
std::optional<std::string> PasswordProblem(std::string_view password);
bool IsCommonPassword(std::string_view password);

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
