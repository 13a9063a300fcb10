#include "auth/password.h"

#include <sodium.h>

#include <algorithm>

#include "core/html.h"
#include "core/strings.h"

namespace starprep::auth {

extern const std::string_view kCommonPasswords[];  // generated/common_passwords.cpp, sorted
extern const std::size_t kCommonPasswordCount;

bool IsCommonPassword(std::string_view password) {
  const std::string lower = AsciiLower(password);
  return std::binary_search(kCommonPasswords, kCommonPasswords + kCommonPasswordCount, std::string_view(lower));
}

std::optional<std::string> PasswordProblem(std::string_view password) {
  if (!html::IsValidUtf8(password)) return "The password is not valid UTF-8 text.";
  const std::size_t n = html::CodePoints(password);
  if (n < kMinPasswordChars)
    return "Use at least " + std::to_string(kMinPasswordChars) + " characters; a few unrelated words make a good one.";
  if (n > kMaxPasswordChars) return "Use at most " + std::to_string(kMaxPasswordChars) + " characters.";
  if (IsCommonPassword(password))
    return "This password is on a list of commonly used passwords that attackers try first; choose another.";
  return std::nullopt;
}

PasswordHasher::Limits PasswordHasher::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHasher::Limits PasswordHasher::Minimum() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

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
