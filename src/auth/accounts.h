// SPDX-License-Identifier: Apache-2.0
#pragma once
// Accounts: sign-up, sign-in, sessions, API tokens, password changes and account deletion, on the
// Store. Handlers (web/, api/) call this and never touch password hashes or token hashes.
//
// Sessions: a 256-bit random token (base64url) lives only in the client's cookie; the store keeps
// its SHA-256. A session ends after `idle_timeout` without use or `absolute_timeout` after sign-in,
// whichever comes first; every sign-in makes a new token. API tokens ("spt_" + 256 random bits)
// are shown once and stored as hashes too. A token's last use is recorded at most once a minute,
// and a failure to record it (a full disk) is logged, never the request's failure.
//
// What a request may do (Permit): a session may do everything (handlers add the CSRF check); an
// API token what its scope allows: "read" only reads, "write" also creates, changes and deletes
// attempts, stories and coach corrections. Managing the account (API tokens, password, sign-out everywhere,
// deletion) needs a session, never a token, so a leaked token cannot take the account over.
//
// Deleting an account also purges the deleted rows from the store's log (Store::PurgeDeletedData),
// so "deleted" means gone from every file.
//
// Abuse limits, held in the store so that every instance on one database counts the same tries
// (Store::TakeToken, Store::RecordFailure; the rules are core/limits.h): each client address may
// make `address_burst` sign-in/sign-up attempts at once, refilled at `address_per_minute`; an
// account is locked for `lockout` after `account_failures` wrong passwords within
// `lockout_window`, and an address after `address_failures`. Refusals are kRateLimited with
// retry_after. When the store cannot count (kUnavailable), the attempt is refused with that error:
// a limit that cannot be checked is not skipped. Wrong email and wrong password
// get the same message, an unknown email costs the same hashing time as a known one, and failures
// on an unknown email lock it like an account, so no answer tells which emails have accounts.
//
// Errors: kInvalidArgument (bad email or password, with a message for the user), kConflict (email
// taken), kUnauthenticated (wrong credentials), kRateLimited, kUnavailable (store or hashing busy).
// Thread-safe.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth/password.h"
#include "core/limits.h"
#include "core/result.h"
#include "store/store.h"

namespace starprep::auth {

inline constexpr std::size_t kMaxDisplayNameChars = 80;
inline constexpr std::size_t kMaxTokenNameChars = 80;
inline constexpr int kMaxApiTokensPerUser = 20;

// What an API token may do; chosen when it is created.
enum class TokenScope {
  kRead,   // GET requests only
  kWrite,  // also create, change and delete attempts, stories and coach corrections
};
inline constexpr TokenScope kDefaultTokenScope = TokenScope::kRead;  // least privilege
std::string_view ScopeName(TokenScope scope);                        // "read", "write"
std::optional<TokenScope> ParseScope(std::string_view name);         // nullopt for anything else

// The signed-in user of a request.
struct Principal {
  store::User user;
  std::string session_hash;                    // "" when authenticated by an API token
  TokenScope token_scope = TokenScope::kRead;  // an API token's scope (unused for a session)
  bool via_api_token() const { return session_hash.empty(); }
};

// What a request asks of its principal.
enum class Operation {
  kRead,           // read the user's own records
  kWrite,          // create, change or delete attempts, stories and coach corrections
  kManageAccount,  // API tokens, password, sessions, deletion
};

// OK when `who` may do what `op` asks, else kPermissionDenied with a message that says what
// is needed instead.
Status Permit(const Principal& who, Operation op);

struct NewSession {
  store::User user;
  std::string token;  // the cookie value; not stored anywhere on the server
  std::int64_t max_age_seconds = 0;
};

struct NewApiToken {
  std::int64_t id = 0;
  std::string name;  // as stored (trimmed)
  TokenScope scope = kDefaultTokenScope;
  std::string token;  // shown once
};

struct AccountsOptions {
  std::chrono::seconds idle_timeout = std::chrono::hours(24 * 7);
  std::chrono::seconds absolute_timeout = std::chrono::hours(24 * 30);
  double address_per_minute = 20;
  double address_burst = 20;
  int account_failures = 5;
  int address_failures = 30;
  std::chrono::seconds lockout_window = std::chrono::minutes(15);
  std::chrono::seconds lockout = std::chrono::minutes(15);
};

class Accounts {
 public:
  using Now = std::function<std::int64_t()>;  // seconds since the epoch, UTC
  Accounts(store::Store& store, PasswordHasher& hasher, AccountsOptions options = {}, Now now = nullptr);

  // Trimmed, lower-cased email, or kInvalidArgument saying what is wrong.
  static Result<std::string> NormalizeEmail(std::string_view email);
  static bool IsRole(std::string_view role);  // "member", "editor", "admin"
  // The roles that may edit: the editors' inbox (/editor), the job and feedback export APIs.
  static bool IsEditorRole(std::string_view role) { return role == "editor" || role == "admin"; }

  Result<NewSession> SignUp(std::string_view email, std::string_view password, std::string_view display_name,
                            const std::string& client);
  Result<NewSession> SignIn(std::string_view email, std::string_view password, const std::string& client);

  // The session's user if the token names a live session (nullopt otherwise: unknown, idle too
  // long, or past its absolute expiry; an expired session is deleted).
  Result<std::optional<Principal>> FromSession(std::string_view token);
  // The token's user and scope (nullopt for an unknown token). Records the use when the stored last
  // use is a minute old or more; a failure to record it is logged and does not fail the call.
  Result<std::optional<Principal>> FromApiToken(std::string_view token);
  // The request's user: a bearer token from the Authorization header value if there is one (an
  // invalid token is nullopt: no fall-back to the cookie), else the session cookie's value.
  Result<std::optional<Principal>> Identify(std::string_view authorization, std::string_view session);

  Status SignOut(std::string_view token);
  Result<int> SignOutEverywhere(std::int64_t user_id);
  // Deletes every expired or idle session (the server runs this hourly). Returns how many.
  Result<int> PurgeExpiredSessions();
  // Checks the current password, stores the new one, ends every session and starts a new one.
  Result<NewSession> ChangePassword(const store::User& user, std::string_view current, std::string_view next,
                                    const std::string& client);

  Result<NewApiToken> CreateApiToken(std::int64_t user_id, std::string_view name,
                                     TokenScope scope = kDefaultTokenScope);

  // Deletes the account and everything of it after checking the password, then purges the deleted
  // rows from the store's log (a failure of that purge is logged; the deletion stands).
  Status DeleteAccount(const store::User& user, std::string_view password, const std::string& client);

  // For the CLI: creates an account with `role` (the password rules apply).
  Result<store::User> AddUser(std::string_view email, std::string_view password, std::string_view role);
  Status SetRole(std::string_view email, std::string_view role);
  // For the CLI (a forgotten password: there is no email delivery): sets a new password (the rules
  // apply) and ends every session of the account. kNotFound for an unknown email.
  Status ResetPassword(std::string_view email, std::string_view password);

 private:
  std::string NowText() const;
  Result<NewSession> StartSession(const store::User& user);
  // kRateLimited if `client` or `account` may not try now; takes a token from the address bucket.
  Status Admit(const std::string& client, const std::string& account);
  // Counts a wrong password (or an unknown email) against `account` and `client`.
  Status RecordFailure(const std::string& account, const std::string& client);
  // Checks `password` against `user`'s hash, with failure bookkeeping and rehash-on-success.
  Status CheckPassword(const store::User& user, std::string_view password, const std::string& client);

  store::Store& store_;
  PasswordHasher& hasher_;
  AccountsOptions options_;
  bool system_clock_;  // no clock was passed in: now_ is SystemNow
  Now now_;
  limits::BucketPolicy address_bucket_;
  limits::LockoutPolicy account_lockout_;
  limits::LockoutPolicy address_lockout_;
};

// A new random token: 32 bytes from the CSPRNG, base64url without padding (43 characters).
std::string NewRandomToken();
// Hex SHA-256 of a token: what the store keeps.
std::string TokenHash(std::string_view token);
// True for 43 base64url characters (a session token's shape).
bool IsWellFormedToken(std::string_view token);

}  // namespace starprep::auth
