// SPDX-License-Identifier: Apache-2.0
#include "auth/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <vector>

#include "core/dates.h"
#include "core/html.h"
#include "core/log.h"
#include "core/strings.h"

namespace starprep::auth {
namespace {

constexpr std::string_view kApiTokenPrefix = "spt_";
constexpr std::size_t kTokenChars = 43;
constexpr std::size_t kMaxEmailBytes = 254;
constexpr std::int64_t kTouchEverySeconds = 60;  // last_seen_at and last_used_at are written at most this often

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

// The words of an account an attacker tries first: the email, its local part, the name, the name
// without spaces, and the pieces of the local part and the name (three characters or more).
std::vector<std::string> UserWords(std::string_view email, std::string_view name) {
  const std::string local(email.substr(0, email.find('@')));
  const std::string trimmed = TrimSpace(name);
  std::vector<std::string> words = {std::string(email), local};
  if (!trimmed.empty()) words.push_back(trimmed);
  std::string joined;
  for (char c : trimmed)
    if (c != ' ') joined += c;
  if (joined.size() >= 3 && joined != trimmed) words.push_back(joined);
  for (const std::string& text : {local, trimmed}) {
    std::string piece;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      const bool separator = i == text.size() || std::string_view(" .-_+").find(text[i]) != std::string_view::npos;
      if (!separator) {
        piece += text[i];
        continue;
      }
      if (piece.size() >= 3 && piece != text) words.push_back(piece);
      piece.clear();
    }
  }
  return words;
}

// What is wrong with `password` as a new password for the account `email` (normalized) named
// `name`, if anything.
std::optional<std::string> NewPasswordProblem(std::string_view password, std::string_view email,
                                              std::string_view name) {
  if (AsciiLower(TrimSpace(password)) == email) return "The password may not be your email address.";
  return PasswordProblem(password, UserWords(email, name));
}

Error WrongCredentials() {
  return Error{ErrorCode::kUnauthenticated, "The email or the password is not right."};
}

Error Limited(int seconds, const std::string& why) {
  const int minutes = (seconds + 59) / 60;
  std::string wait = seconds < 90 ? std::to_string(seconds) + " seconds" : std::to_string(minutes) + " minutes";
  return Error{ErrorCode::kRateLimited, why + " Try again in " + wait + ".", seconds};
}

// The keys of the shared limits (Store::LockedFor, TakeToken): one namespace per limit, and the
// SHA-256 of the email or address, so the limits' tables never hold an email (a deleted account's
// email must be in no file) or an address in the clear.
std::string AccountKey(const std::string& email) {
  return "signin-account:" + TokenHash(email);
}
std::string AddressKey(const std::string& client) {
  return "signin-address:" + TokenHash(client);
}
std::string BucketKey(const std::string& client) {
  return "signin-bucket:" + TokenHash(client);
}

std::int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t ParseTime(const std::string& text) {
  return dates::ParseIsoTime(text).value_or(0);
}

// Logs a write that failed without failing the request it served (a JSON log line).
void LogSkippedWrite(std::string_view event, const Error& error) {
  log::Warn(event, {{"error", error.message}});
}

// A display name: at most kMaxDisplayNameChars code points, no control characters.
Result<std::string> CleanDisplayName(std::string_view name) {
  std::string trimmed = TrimSpace(name);
  if (!html::IsValidUtf8(trimmed)) return Invalid("The name is not valid UTF-8 text.");
  if (html::CodePoints(trimmed) > kMaxDisplayNameChars)
    return Invalid("Use at most " + std::to_string(kMaxDisplayNameChars) + " characters for the name.");
  for (unsigned char c : trimmed)
    if (c < 0x20 || c == 0x7f) return Invalid("The name may not contain control characters.");
  return trimmed;
}

}  // namespace

std::string_view ScopeName(TokenScope scope) {
  return scope == TokenScope::kWrite ? "write" : "read";
}

std::optional<TokenScope> ParseScope(std::string_view name) {
  if (name == "read") return TokenScope::kRead;
  if (name == "write") return TokenScope::kWrite;
  return std::nullopt;
}

Status Permit(const Principal& who, Operation op) {
  if (!who.via_api_token()) return {};
  switch (op) {
    case Operation::kRead:
      return {};
    case Operation::kWrite:
      if (who.token_scope == TokenScope::kWrite) return {};
      return Error{ErrorCode::kPermissionDenied,
                   "This API token has the \"read\" scope: it may only read. Create a token with the \"write\" "
                   "scope to save, change or delete records."};
    case Operation::kManageAccount:
      return Error{ErrorCode::kPermissionDenied,
                   "API tokens cannot manage the account (tokens, password, sessions, deletion): sign in with your "
                   "password and use the session (with its X-CSRF-Token)."};
  }
  return Error{ErrorCode::kPermissionDenied, "Not allowed."};
}

std::string NewRandomToken() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  std::string out(sodium_base64_encoded_len(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);
  sodium_memzero(raw, sizeof raw);
  return out;
}

std::string TokenHash(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool IsWellFormedToken(std::string_view token) {
  return token.size() == kTokenChars && std::all_of(token.begin(), token.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

Accounts::Accounts(store::Store& store, PasswordHasher& hasher, AccountsOptions options, Now now)
    : store_(store),
      hasher_(hasher),
      options_(options),
      system_clock_(!now),
      now_(now ? std::move(now) : Now(SystemNow)),
      address_bucket_{options.address_per_minute / 60.0, options.address_burst},
      account_lockout_{options.account_failures, options.lockout_window.count(), options.lockout.count()},
      address_lockout_{options.address_failures, options.lockout_window.count(), options.lockout.count()} {
  if (!(address_bucket_.per_second > 0) || !(address_bucket_.burst >= 1))
    throw std::invalid_argument("accounts: address_per_minute must be positive and address_burst at least 1");
}

Result<std::string> Accounts::NormalizeEmail(std::string_view email) {
  std::string e = AsciiLower(TrimSpace(email));
  if (e.empty()) return Invalid("Enter your email address.");
  if (e.size() > kMaxEmailBytes) return Invalid("The email address is too long.");
  const auto at = e.find('@');
  const bool shape = at != std::string::npos && at > 0 && e.find('@', at + 1) == std::string::npos &&
                     e.find('.', at + 2) != std::string::npos && e.back() != '.';
  const bool clean = html::IsValidUtf8(e) && std::none_of(e.begin(), e.end(), [](unsigned char c) {
                       return c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == ',';
                     });
  if (!shape || !clean) return Invalid("\"" + e + "\" does not look like an email address (name@example.org).");
  return e;
}

bool Accounts::IsRole(std::string_view role) {
  return role == "member" || role == "editor" || role == "admin";
}

std::string Accounts::NowText() const {
  return dates::FormatUtc(now_());
}

Status Accounts::Admit(const std::string& client, const std::string& account) {
  const std::int64_t now = now_();
  auto address = store_.LockedFor(AddressKey(client), now);
  if (!address) return address.error();
  if (*address > 0) return Limited(*address, "Too many failed sign-ins from your network.");
  if (!account.empty()) {
    auto locked = store_.LockedFor(AccountKey(account), now);
    if (!locked) return locked.error();
    if (*locked > 0) return Limited(*locked, "Too many failed sign-ins for this account; it is locked for a while.");
  }
  // The bucket refills by the millisecond on the system clock (an injected clock has whole seconds).
  const std::int64_t now_ms = system_clock_ ? SystemNowMs() : now * 1000;
  auto wait = store_.TakeToken(BucketKey(client), address_bucket_, now_ms);
  if (!wait) return wait.error();
  if (*wait > 0) return Limited(*wait, "Too many sign-in attempts from your network.");
  return {};
}

Status Accounts::RecordFailure(const std::string& account, const std::string& client) {
  const std::int64_t now = now_();
  if (auto s = store_.RecordFailure(AccountKey(account), account_lockout_, now); !s) return s.error();
  if (auto s = store_.RecordFailure(AddressKey(client), address_lockout_, now); !s) return s.error();
  return {};
}

Result<NewSession> Accounts::StartSession(const store::User& user) {
  const std::int64_t now = now_();
  NewSession out{user, NewRandomToken(), options_.absolute_timeout.count()};
  store::SessionRecord s{TokenHash(out.token), user.id, dates::FormatUtc(now), dates::FormatUtc(now),
                         dates::FormatUtc(now + options_.absolute_timeout.count())};
  if (auto st = store_.CreateSession(s); !st) return st.error();
  return out;
}

Result<NewSession> Accounts::SignUp(std::string_view email, std::string_view password, std::string_view display_name,
                                    const std::string& client) {
  auto normalized = NormalizeEmail(email);
  if (!normalized) return normalized.error();
  if (auto s = Admit(client, ""); !s) return s.error();
  auto name = CleanDisplayName(display_name);
  if (!name) return name.error();
  if (auto problem = NewPasswordProblem(password, *normalized, *name)) return Invalid(*problem);
  auto hash = hasher_.Hash(password);
  if (!hash) return hash.error();
  auto user = store_.CreateUser(store::User{0, *normalized, *name, *hash, "member", NowText()});
  if (!user) return user.error();
  return StartSession(*user);
}

Status Accounts::CheckPassword(const store::User& user, std::string_view password, const std::string& client) {
  auto check = hasher_.Verify(user.password_hash, password);
  if (!check) return check.error();
  if (*check == PasswordHasher::Check::kWrong) {
    if (auto s = RecordFailure(user.email, client); !s) return s.error();
    return WrongCredentials();
  }
  if (auto s = store_.ClearFailures(AccountKey(user.email)); !s) LogSkippedWrite("lockout_clear_failed", s.error());
  if (*check == PasswordHasher::Check::kOkRehash) {
    auto rehashed = hasher_.Hash(password);  // limits changed since this hash was made
    if (rehashed) (void)store_.UpdatePasswordHash(user.id, *rehashed);
  }
  return {};
}

Result<NewSession> Accounts::SignIn(std::string_view email, std::string_view password, const std::string& client) {
  auto normalized = NormalizeEmail(email);
  if (auto s = Admit(client, normalized ? *normalized : ""); !s) return s.error();
  if (!normalized) return WrongCredentials();
  auto user = store_.FindUserByEmail(*normalized);
  if (!user) return user.error();
  if (!*user) {
    hasher_.VerifyDummy(password);
    // Locks like a real account, so a lockout reveals no account.
    if (auto s = RecordFailure(*normalized, client); !s) return s.error();
    return WrongCredentials();
  }
  if (auto s = CheckPassword(**user, password, client); !s) return s.error();
  return StartSession(**user);
}

Result<std::optional<Principal>> Accounts::FromSession(std::string_view token) {
  if (!IsWellFormedToken(token)) return std::optional<Principal>();
  const std::string hash = TokenHash(token);
  auto found = store_.GetSession(hash);
  if (!found) return found.error();
  if (!*found) return std::optional<Principal>();
  auto& [session, user] = **found;
  const std::int64_t now = now_();
  const std::int64_t last_seen = ParseTime(session.last_seen_at);
  if (now >= ParseTime(session.expires_at) || now - last_seen >= options_.idle_timeout.count()) {
    (void)store_.DeleteSession(hash);
    return std::optional<Principal>();
  }
  if (now - last_seen >= kTouchEverySeconds)
    if (auto s = store_.TouchSession(hash, dates::FormatUtc(now)); !s)
      LogSkippedWrite("session_touch_failed", s.error());
  return std::optional<Principal>(Principal{std::move(user), hash});
}

Result<std::optional<Principal>> Accounts::FromApiToken(std::string_view token) {
  if (!token.starts_with(kApiTokenPrefix) || !IsWellFormedToken(token.substr(kApiTokenPrefix.size())))
    return std::optional<Principal>();
  auto found = store_.GetApiToken(TokenHash(token));
  if (!found) return found.error();
  if (!*found) return std::optional<Principal>();
  auto& [info, user] = **found;
  const std::int64_t now = now_();
  // Compared with the stored value, so a busy token costs one write a minute, not one per request.
  if (info.last_used_at.empty() || now - ParseTime(info.last_used_at) >= kTouchEverySeconds)
    if (auto s = store_.TouchApiToken(info.id, dates::FormatUtc(now)); !s)
      LogSkippedWrite("token_touch_failed", s.error());
  return std::optional<Principal>(Principal{std::move(user), "", ParseScope(info.scope).value_or(TokenScope::kRead)});
}

Result<std::optional<Principal>> Accounts::Identify(std::string_view authorization, std::string_view session) {
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "bearer ";
    if (authorization.size() <= kBearer.size() || !AsciiIEquals(authorization.substr(0, kBearer.size()), kBearer))
      return std::optional<Principal>();
    return FromApiToken(TrimSpace(authorization.substr(kBearer.size())));
  }
  if (session.empty()) return std::optional<Principal>();
  return FromSession(session);
}

Status Accounts::SignOut(std::string_view token) {
  if (!IsWellFormedToken(token)) return {};
  return store_.DeleteSession(TokenHash(token));
}

Result<int> Accounts::SignOutEverywhere(std::int64_t user_id) {
  return store_.DeleteUserSessions(user_id);
}

Result<int> Accounts::PurgeExpiredSessions() {
  const std::int64_t now = now_();
  return store_.DeleteExpiredSessions(dates::FormatUtc(now), dates::FormatUtc(now - options_.idle_timeout.count()));
}

Result<NewSession> Accounts::ChangePassword(const store::User& user, std::string_view current, std::string_view next,
                                            const std::string& client) {
  if (auto s = Admit(client, user.email); !s) return s.error();
  if (auto s = CheckPassword(user, current, client); !s) {
    if (s.error().code == ErrorCode::kUnauthenticated)
      return Error{ErrorCode::kInvalidArgument, "The current password is not right."};
    return s.error();
  }
  if (auto problem = NewPasswordProblem(next, user.email, user.display_name)) return Invalid(*problem);
  auto hash = hasher_.Hash(next);
  if (!hash) return hash.error();
  if (auto s = store_.UpdatePasswordHash(user.id, *hash); !s) return s.error();
  if (auto n = store_.DeleteUserSessions(user.id); !n) return n.error();
  return StartSession(user);
}

Result<NewApiToken> Accounts::CreateApiToken(std::int64_t user_id, std::string_view name, TokenScope scope) {
  auto clean = CleanDisplayName(name);
  if (!clean) return Invalid("Token name: " + clean.error().message);
  if (clean->empty()) return Invalid("Give the token a name that says what uses it, such as \"laptop script\".");
  auto existing = store_.ListApiTokens(user_id);
  if (!existing) return existing.error();
  if (existing->size() >= static_cast<std::size_t>(kMaxApiTokensPerUser))
    return Invalid("You have " + std::to_string(kMaxApiTokensPerUser) +
                   " API tokens, the most allowed; revoke one first.");
  NewApiToken out{0, *clean, scope, std::string(kApiTokenPrefix) + NewRandomToken()};
  auto id = store_.CreateApiToken(user_id, *clean, std::string(ScopeName(scope)), TokenHash(out.token), NowText());
  if (!id) return id.error();
  out.id = *id;
  return out;
}

Status Accounts::DeleteAccount(const store::User& user, std::string_view password, const std::string& client) {
  if (auto s = Admit(client, user.email); !s) return s;
  if (auto s = CheckPassword(user, password, client); !s) {
    if (s.error().code == ErrorCode::kUnauthenticated)
      return Error{ErrorCode::kInvalidArgument, "The password is not right; nothing was deleted."};
    return s;
  }
  if (auto s = store_.DeleteUser(user.id); !s) return s;
  // The deleted rows are zeroed in the database file (secure_delete) but older copies of their
  // pages stay in the WAL until a checkpoint: clear it now, so deleted means gone on disk.
  if (auto s = store_.PurgeDeletedData(); !s) LogSkippedWrite("purge_deleted_data_failed", s.error());
  return {};
}

Result<store::User> Accounts::AddUser(std::string_view email, std::string_view password, std::string_view role) {
  auto normalized = NormalizeEmail(email);
  if (!normalized) return normalized.error();
  if (!IsRole(role)) return Invalid("The role must be member, editor or admin.");
  if (auto problem = NewPasswordProblem(password, *normalized, "")) return Invalid(*problem);
  auto hash = hasher_.Hash(password);
  if (!hash) return hash.error();
  return store_.CreateUser(store::User{0, *normalized, "", *hash, std::string(role), NowText()});
}

Status Accounts::ResetPassword(std::string_view email, std::string_view password) {
  auto normalized = NormalizeEmail(email);
  if (!normalized) return normalized.error();
  auto user = store_.FindUserByEmail(*normalized);
  if (!user) return user.error();
  if (!*user) return Error{ErrorCode::kNotFound, "There is no account with the email " + *normalized + "."};
  if (auto problem = NewPasswordProblem(password, *normalized, (*user)->display_name)) return Invalid(*problem);
  auto hash = hasher_.Hash(password);
  if (!hash) return hash.error();
  if (auto s = store_.UpdatePasswordHash((*user)->id, *hash); !s) return s;
  auto ended = store_.DeleteUserSessions((*user)->id);
  if (!ended) return ended.error();
  return {};
}

Status Accounts::SetRole(std::string_view email, std::string_view role) {
  auto normalized = NormalizeEmail(email);
  if (!normalized) return normalized.error();
  if (!IsRole(role)) return Invalid("The role must be member, editor or admin.");
  auto user = store_.FindUserByEmail(*normalized);
  if (!user) return user.error();
  if (!*user) return Error{ErrorCode::kNotFound, "There is no account with the email " + *normalized + "."};
  return store_.SetUserRole((*user)->id, std::string(role));
}

}  // namespace starprep::auth
