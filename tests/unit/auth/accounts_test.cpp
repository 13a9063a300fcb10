// SPDX-License-Identifier: Apache-2.0
// Tests for sign-up, sign-in, sessions, API tokens, password changes and account deletion
// (auth/accounts.h) on a real SQLite store in a temp dir, with an injected clock.

#include "auth/accounts.h"

#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "../temp_dir.h"
#include "core/dates.h"

namespace starprep::auth {
namespace {

namespace fs = std::filesystem;
using starprep::testing::TempDir;

constexpr char kEmail[] = "ann@example.org";
constexpr char kPassword[] = "violet staple quantum harbor";
constexpr char kOtherPassword[] = "amber lantern orbit meadow";
constexpr char kClient[] = "192.0.2.1";
constexpr std::int64_t kStart = 1'800'000'000;  // 2027-01-15

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override { Reset({}); }

  // A fresh Accounts with `options` on the same store (which keeps the abuse limits' counts).
  void Reset(AccountsOptions options) {
    if (!store_) {
      auto store = store::OpenSqliteStore(db_path());
      ASSERT_TRUE(store.ok()) << store.error().message;
      store_ = std::move(*store);
    }
    accounts_ = std::make_unique<Accounts>(*store_, hasher_, options, [this] { return now_; });
  }

  std::string db_path() const { return (dir_.path() / "starprep.db").string(); }

  NewSession MustSignUp(const std::string& email = kEmail, const std::string& password = kPassword) {
    auto s = accounts_->SignUp(email, password, "Ann", kClient);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return s.ok() ? *s : NewSession{};
  }

  std::optional<Principal> MustFromSession(const std::string& token) {
    auto p = accounts_->FromSession(token);
    EXPECT_TRUE(p.ok()) << p.error().message;
    return p.ok() ? *p : std::nullopt;
  }

  std::optional<Principal> MustIdentify(const std::string& authorization, const std::string& session) {
    auto p = accounts_->Identify(authorization, session);
    EXPECT_TRUE(p.ok()) << p.error().message;
    return p.ok() ? *p : std::nullopt;
  }

  store::User MustFindUser(const std::string& email = kEmail) {
    auto u = store_->FindUserByEmail(email);
    EXPECT_TRUE(u.ok() && u->has_value());
    return u.ok() && u->has_value() ? **u : store::User{};
  }

  TempDir dir_;
  std::int64_t now_ = kStart;
  PasswordHasher hasher_{PasswordHasher::Minimum(), 2};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Accounts> accounts_;
};

TEST(NormalizeEmail, TrimsAndLowerCases) {
  auto e = Accounts::NormalizeEmail("  Ann.Lee+jobs@Example.ORG \t");
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(*e, "ann.lee+jobs@example.org");
  EXPECT_EQ(*Accounts::NormalizeEmail("a@b.co"), "a@b.co");
  EXPECT_EQ(*Accounts::NormalizeEmail("j\xC3\xBCrgen@b\xC3\xA4r.de"), "j\xC3\xBCrgen@b\xC3\xA4r.de");
}

TEST(NormalizeEmail, RefusesWhatIsNotAnAddress) {
  const std::vector<std::string> bad_emails = {"",
                                               "   ",
                                               "ann",
                                               "ann@",
                                               "@example.org",
                                               "ann@example",
                                               "ann@.org",
                                               "ann@example.org.",
                                               "ann@@example.org",
                                               "ann@ex@ample.org",
                                               "ann lee@example.org",
                                               "ann<x>@example.org",
                                               "\"ann\"@example.org",
                                               "ann,bob@example.org",
                                               "ann\x01@example.org",
                                               "ann\xff@example.org",
                                               std::string(250, 'a') + "@b.org"};
  for (const std::string& bad : bad_emails) {
    auto e = Accounts::NormalizeEmail(bad);
    ASSERT_FALSE(e.ok()) << "accepted: " << bad;
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_FALSE(e.error().message.empty());
  }
}

TEST(Accounts, IsRole) {
  EXPECT_TRUE(Accounts::IsRole("member"));
  EXPECT_TRUE(Accounts::IsRole("editor"));
  EXPECT_TRUE(Accounts::IsRole("admin"));
  EXPECT_FALSE(Accounts::IsRole("Admin"));
  EXPECT_FALSE(Accounts::IsRole(""));
  EXPECT_FALSE(Accounts::IsRole("root"));
}

TEST(Tokens, ShapeAndHash) {
  const std::string a = NewRandomToken(), b = NewRandomToken();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(IsWellFormedToken(a));
  EXPECT_FALSE(IsWellFormedToken(a.substr(1)));
  EXPECT_FALSE(IsWellFormedToken(a.substr(1) + "="));
  EXPECT_FALSE(IsWellFormedToken(a.substr(1) + "+"));
  // SHA-256 of "abc" (FIPS 180-2).
  EXPECT_EQ(TokenHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(AccountsTest, SignUpThenSignIn) {
  const NewSession up = MustSignUp("  ANN@Example.org ");
  EXPECT_GT(up.user.id, 0);
  EXPECT_EQ(up.user.email, kEmail);
  EXPECT_EQ(up.user.display_name, "Ann");
  EXPECT_EQ(up.user.role, "member");
  EXPECT_EQ(up.user.created_at, dates::FormatUtc(kStart));
  EXPECT_EQ(up.max_age_seconds, AccountsOptions{}.absolute_timeout.count());
  EXPECT_TRUE(up.user.password_hash.starts_with("$argon2id$"));
  EXPECT_EQ(MustFromSession(up.token)->user.id, up.user.id);

  auto in = accounts_->SignIn("Ann@EXAMPLE.org", kPassword, kClient);
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->user.id, up.user.id);
  EXPECT_EQ(MustFromSession(in->token)->user.email, kEmail);
}

TEST_F(AccountsTest, SignUpChecksThePasswordAndName) {
  auto short_pw = accounts_->SignUp(kEmail, "short", "", kClient);
  ASSERT_FALSE(short_pw.ok());
  EXPECT_EQ(short_pw.error().code, ErrorCode::kInvalidArgument);
  auto common = accounts_->SignUp(kEmail, "QWERTY123456", "", kClient);
  ASSERT_FALSE(common.ok());
  EXPECT_EQ(common.error().code, ErrorCode::kInvalidArgument);
  auto same_as_email = accounts_->SignUp("annabelle.lee@example.org", " annabelle.lee@example.org ", "", kClient);
  ASSERT_FALSE(same_as_email.ok());
  EXPECT_EQ(same_as_email.error().code, ErrorCode::kInvalidArgument);
  auto email_upper = accounts_->SignUp("annabelle.lee@example.org", "ANNABELLE.LEE@Example.ORG", "", kClient);
  ASSERT_FALSE(email_upper.ok());
  EXPECT_EQ(email_upper.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(email_upper.error().message.find("may not be your email address"), std::string::npos)
      << email_upper.error().message;
  // The issue's weak passwords, each refused with zxcvbn's reason in the message.
  for (const char* weak : {"aaaaaaaaaaaa", "111111111111", "qwertyuiopas", "            "}) {
    auto refused = accounts_->SignUp(kEmail, weak, "", kClient);
    ASSERT_FALSE(refused.ok()) << weak;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(refused.error().message.find("too easy to guess: it "), std::string::npos) << refused.error().message;
  }
  // The name is a user word: a password made of it is refused even though it is long.
  ASSERT_EQ(PasswordProblem("Zebedee Quixote!"), std::nullopt) << "strong for someone else";
  auto by_name = accounts_->SignUp(kEmail, "Zebedee Quixote!", "Zebedee Quixote", kClient);
  ASSERT_FALSE(by_name.ok());
  EXPECT_NE(by_name.error().message.find("your name"), std::string::npos) << by_name.error().message;
  auto control = accounts_->SignUp(kEmail, kPassword, "Ann\nLee", kClient);
  ASSERT_FALSE(control.ok());
  EXPECT_EQ(control.error().code, ErrorCode::kInvalidArgument);
  auto long_name = accounts_->SignUp(kEmail, kPassword, std::string(81, 'n'), kClient);
  ASSERT_FALSE(long_name.ok());
  EXPECT_EQ(long_name.error().code, ErrorCode::kInvalidArgument);
  auto bad_email = accounts_->SignUp("not-an-email", kPassword, "", kClient);
  ASSERT_FALSE(bad_email.ok());
  EXPECT_EQ(bad_email.error().code, ErrorCode::kInvalidArgument);
  // None of them made an account.
  auto found = store_->FindUserByEmail(kEmail);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

TEST_F(AccountsTest, DuplicateEmailIsAConflict) {
  MustSignUp();
  auto again = accounts_->SignUp("ANN@example.org", kOtherPassword, "Other", kClient);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  // The first account's password still works and the second did not replace it.
  EXPECT_TRUE(accounts_->SignIn(kEmail, kPassword, kClient).ok());
  EXPECT_FALSE(accounts_->SignIn(kEmail, kOtherPassword, kClient).ok());
}

TEST_F(AccountsTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  MustSignUp();
  auto wrong = accounts_->SignIn(kEmail, kOtherPassword, kClient);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  auto unknown = accounts_->SignIn("nobody@example.org", kPassword, kClient);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  auto malformed = accounts_->SignIn("not an email", kPassword, kClient);
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(malformed.error().message, wrong.error().message);
}

TEST_F(AccountsTest, AccountLocksAfterRepeatedWrongPasswordsEvenFromManyAddresses) {
  MustSignUp();
  const int failures = AccountsOptions{}.account_failures;
  for (int i = 0; i < failures; ++i) {
    auto r = accounts_->SignIn(kEmail, kOtherPassword, "198.51.100." + std::to_string(i));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated) << i;
  }
  auto locked = accounts_->SignIn(kEmail, kPassword, "203.0.113.9");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::kRateLimited);
  EXPECT_GT(locked.error().retry_after, 0);
  EXPECT_LE(locked.error().retry_after, AccountsOptions{}.lockout.count());
  // Other accounts are not locked.
  MustSignUp("bob@example.org", kOtherPassword);
  EXPECT_TRUE(accounts_->SignIn("bob@example.org", kOtherPassword, "203.0.113.9").ok());
}

// The counts live in the store: two instances on one database lock the account after the same
// five failures, and the lockout ends when its time is over.
TEST_F(AccountsTest, LockoutsHoldAcrossInstancesOnOneStoreAndEndInTime) {
  MustSignUp();
  Accounts other(*store_, hasher_, {}, [this] { return now_; });
  const int failures = AccountsOptions{}.account_failures;
  for (int i = 0; i < failures; ++i) {
    Accounts& instance = i % 2 ? other : *accounts_;
    auto r = instance.SignIn(kEmail, kOtherPassword, "198.51.100." + std::to_string(i));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated) << i;
  }
  for (Accounts* instance : {&other, accounts_.get()}) {
    auto locked = instance->SignIn(kEmail, kPassword, "203.0.113.9");
    ASSERT_FALSE(locked.ok());
    EXPECT_EQ(locked.error().code, ErrorCode::kRateLimited);
    EXPECT_EQ(locked.error().retry_after, AccountsOptions{}.lockout.count());
  }
  now_ += AccountsOptions{}.lockout.count();
  EXPECT_TRUE(other.SignIn(kEmail, kPassword, "203.0.113.9").ok());
}

// The lockout must not tell which emails have accounts: repeated failures on an unknown email end
// in the same refusal as on a known one.
TEST_F(AccountsTest, UnknownEmailLocksLikeAKnownOne) {
  MustSignUp();
  const int failures = AccountsOptions{}.account_failures;
  for (const char* email : {kEmail, "nobody@example.org"}) {
    for (int i = 0; i < failures; ++i) {
      auto r = accounts_->SignIn(email, kOtherPassword, "198.51.100." + std::to_string(i));
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated) << email << " " << i;
    }
  }
  auto known = accounts_->SignIn(kEmail, kOtherPassword, "203.0.113.9");
  auto unknown = accounts_->SignIn("nobody@example.org", kOtherPassword, "203.0.113.9");
  ASSERT_FALSE(known.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(known.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(unknown.error().code, known.error().code);
  EXPECT_EQ(unknown.error().message, known.error().message);
}

TEST_F(AccountsTest, FewerFailuresThanTheLimitAndASuccessResetTheCount) {
  MustSignUp();
  const int failures = AccountsOptions{}.account_failures;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < failures - 1; ++i) ASSERT_FALSE(accounts_->SignIn(kEmail, kOtherPassword, kClient).ok());
    auto ok = accounts_->SignIn(kEmail, kPassword, kClient);
    ASSERT_TRUE(ok.ok()) << "round " << round << ": " << ok.error().message;
  }
}

TEST_F(AccountsTest, AddressBucketLimitsAttemptsFromOneClient) {
  AccountsOptions options;
  options.address_burst = 3;
  options.address_per_minute = 0.001;  // no refill within the test
  Reset(options);
  MustSignUp();  // takes one token from kClient's bucket
  EXPECT_TRUE(accounts_->SignIn(kEmail, kPassword, kClient).ok());
  EXPECT_TRUE(accounts_->SignIn(kEmail, kPassword, kClient).ok());
  auto limited = accounts_->SignIn(kEmail, kPassword, kClient);
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  EXPECT_GT(limited.error().retry_after, 0);
  auto signup = accounts_->SignUp("bob@example.org", kOtherPassword, "", kClient);
  ASSERT_FALSE(signup.ok());
  EXPECT_EQ(signup.error().code, ErrorCode::kRateLimited);
  // Another address has its own bucket.
  EXPECT_TRUE(accounts_->SignIn(kEmail, kPassword, "192.0.2.2").ok());
}

TEST_F(AccountsTest, AddressLocksAfterFailuresOnUnknownEmails) {
  AccountsOptions options;
  options.address_failures = 3;
  Reset(options);
  MustSignUp();
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(accounts_->SignIn("guess" + std::to_string(i) + "@example.org", kPassword, kClient).error().code,
              ErrorCode::kUnauthenticated);
  auto locked = accounts_->SignIn(kEmail, kPassword, kClient);
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::kRateLimited);
  EXPECT_GT(locked.error().retry_after, 0);
  EXPECT_TRUE(accounts_->SignIn(kEmail, kPassword, "192.0.2.2").ok());
}

TEST_F(AccountsTest, EverySignInMakesANewWellFormedToken) {
  const NewSession up = MustSignUp();
  std::set<std::string> tokens{up.token};
  for (int i = 0; i < 5; ++i) {
    auto in = accounts_->SignIn(kEmail, kPassword, kClient);
    ASSERT_TRUE(in.ok());
    EXPECT_EQ(in->token.size(), 43u);
    EXPECT_TRUE(IsWellFormedToken(in->token));
    EXPECT_TRUE(tokens.insert(in->token).second) << "token repeated";
  }
  auto count = store_->CountUserSessions(up.user.id);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 6);
}

TEST_F(AccountsTest, TheStoreKeepsOnlyTheTokensHash) {
  const NewSession up = MustSignUp();
  auto by_token = store_->GetSession(up.token);
  ASSERT_TRUE(by_token.ok());
  EXPECT_FALSE(by_token->has_value());
  auto by_hash = store_->GetSession(TokenHash(up.token));
  ASSERT_TRUE(by_hash.ok());
  ASSERT_TRUE(by_hash->has_value());
  EXPECT_EQ((*by_hash)->first.user_id, up.user.id);
  EXPECT_EQ((*by_hash)->first.expires_at, dates::FormatUtc(kStart + AccountsOptions{}.absolute_timeout.count()));
  EXPECT_EQ(MustFromSession(up.token)->session_hash, TokenHash(up.token));
  // Nor is the token anywhere in the database files.
  const std::string bytes = Slurp(db_path()) + Slurp(db_path() + "-wal");
  EXPECT_EQ(bytes.find(up.token), std::string::npos);
  EXPECT_NE(bytes.find(TokenHash(up.token)), std::string::npos);
}

TEST_F(AccountsTest, MalformedOrUnknownSessionTokensFindNothing) {
  MustSignUp();
  EXPECT_FALSE(MustFromSession("").has_value());
  EXPECT_FALSE(MustFromSession("short").has_value());
  EXPECT_FALSE(MustFromSession(NewRandomToken()).has_value());
  EXPECT_FALSE(MustFromSession(std::string(43, '*')).has_value());
}

TEST_F(AccountsTest, SessionEndsAfterTheIdleTimeoutAndIsDeleted) {
  const NewSession up = MustSignUp();
  const std::int64_t idle = AccountsOptions{}.idle_timeout.count();
  now_ = kStart + idle - 1;
  ASSERT_TRUE(MustFromSession(up.token).has_value());  // used: last seen moves on
  now_ += idle - 1;
  ASSERT_TRUE(MustFromSession(up.token).has_value());
  now_ += idle;  // idle for exactly the timeout
  EXPECT_FALSE(MustFromSession(up.token).has_value());
  auto gone = store_->GetSession(TokenHash(up.token));
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
  now_ = kStart;  // even if the clock went back, the session stays gone
  EXPECT_FALSE(MustFromSession(up.token).has_value());
}

TEST_F(AccountsTest, SessionEndsAtTheAbsoluteTimeoutHoweverActive) {
  AccountsOptions options;
  options.idle_timeout = std::chrono::hours(1);
  options.absolute_timeout = std::chrono::hours(5);
  Reset(options);
  const NewSession up = MustSignUp();
  for (now_ = kStart; now_ < kStart + 5 * 3600; now_ += 1800)
    ASSERT_TRUE(MustFromSession(up.token).has_value()) << (now_ - kStart);
  now_ = kStart + 5 * 3600;
  EXPECT_FALSE(MustFromSession(up.token).has_value());
  auto gone = store_->GetSession(TokenHash(up.token));
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

TEST_F(AccountsTest, SignOutEndsOneSessionAndSignOutEverywhereAll) {
  const NewSession a = MustSignUp();
  auto b = accounts_->SignIn(kEmail, kPassword, kClient);
  auto c = accounts_->SignIn(kEmail, kPassword, kClient);
  ASSERT_TRUE(b.ok() && c.ok());
  ASSERT_TRUE(accounts_->SignOut(a.token).ok());
  EXPECT_FALSE(MustFromSession(a.token).has_value());
  EXPECT_TRUE(MustFromSession(b->token).has_value());
  EXPECT_TRUE(accounts_->SignOut("not a token").ok());
  auto ended = accounts_->SignOutEverywhere(a.user.id);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(*ended, 2);
  EXPECT_FALSE(MustFromSession(b->token).has_value());
  EXPECT_FALSE(MustFromSession(c->token).has_value());
}

TEST_F(AccountsTest, ChangePasswordEndsOtherSessionsAndTheOldPasswordStopsWorking) {
  const NewSession first = MustSignUp();
  auto second = accounts_->SignIn(kEmail, kPassword, kClient);
  ASSERT_TRUE(second.ok());
  const store::User user = MustFindUser();

  auto changed = accounts_->ChangePassword(user, kPassword, kOtherPassword, kClient);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_FALSE(MustFromSession(first.token).has_value());
  EXPECT_FALSE(MustFromSession(second->token).has_value());
  EXPECT_TRUE(MustFromSession(changed->token).has_value());
  EXPECT_EQ(*store_->CountUserSessions(user.id), 1);

  auto old_pw = accounts_->SignIn(kEmail, kPassword, kClient);
  ASSERT_FALSE(old_pw.ok());
  EXPECT_EQ(old_pw.error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(accounts_->SignIn(kEmail, kOtherPassword, kClient).ok());
}

TEST_F(AccountsTest, ChangePasswordWithTheWrongCurrentOneOrABadNewOneChangesNothing) {
  const NewSession session = MustSignUp();
  const store::User user = MustFindUser();
  auto wrong = accounts_->ChangePassword(user, "not my password at all", kOtherPassword, kClient);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  auto weak = accounts_->ChangePassword(user, kPassword, "1qaz2wsx3edc", kClient);
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.error().code, ErrorCode::kInvalidArgument);
  auto email = accounts_->ChangePassword(user, kPassword, kEmail, kClient);
  ASSERT_FALSE(email.ok());
  EXPECT_EQ(email.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(MustFromSession(session.token).has_value());
  EXPECT_EQ(MustFindUser().password_hash, user.password_hash);
  EXPECT_TRUE(accounts_->SignIn(kEmail, kPassword, kClient).ok());
}

TEST_F(AccountsTest, HashUnderOlderLimitsIsReplacedAtSignIn) {
  MustSignUp();
  const std::string old_hash = MustFindUser().password_hash;
  const PasswordHasher::Limits min = PasswordHasher::Minimum();
  PasswordHasher stronger({min.opslimit + 1, min.memlimit}, 1);
  Accounts upgraded(*store_, stronger, {}, [this] { return now_; });
  ASSERT_TRUE(upgraded.SignIn(kEmail, kPassword, kClient).ok());
  const std::string new_hash = MustFindUser().password_hash;
  EXPECT_NE(new_hash, old_hash);
  EXPECT_EQ(*stronger.Verify(new_hash, kPassword), PasswordHasher::Check::kOk);
  EXPECT_TRUE(upgraded.SignIn(kEmail, kPassword, kClient).ok());
}

TEST_F(AccountsTest, ApiTokensIdentifyTheirOwnerUntilRevoked) {
  const NewSession session = MustSignUp();
  auto token = accounts_->CreateApiToken(session.user.id, "laptop script");
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_TRUE(token->token.starts_with("spt_"));
  EXPECT_EQ(token->token.size(), 4 + 43u);
  EXPECT_GT(token->id, 0);

  now_ += 100;
  auto who = MustIdentify("Bearer " + token->token, "");
  ASSERT_TRUE(who.has_value());
  EXPECT_EQ(who->user.id, session.user.id);
  EXPECT_TRUE(who->via_api_token());
  EXPECT_TRUE(MustIdentify("bearer   " + token->token + " ", "").has_value());  // scheme is case-insensitive

  auto listed = store_->ListApiTokens(session.user.id);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].name, "laptop script");
  EXPECT_EQ((*listed)[0].last_used_at, dates::FormatUtc(kStart + 100));

  // The store keeps the hash only.
  auto by_raw = store_->GetApiToken(token->token);
  ASSERT_TRUE(by_raw.ok());
  EXPECT_FALSE(by_raw->has_value());

  ASSERT_TRUE(store_->DeleteApiToken(session.user.id, token->id).ok());
  EXPECT_FALSE(MustIdentify("Bearer " + token->token, "").has_value());
}

// Opens the test's database beside the store and runs `sql` (a fault to inject).
void ExecBeside(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

TEST_F(AccountsTest, TokenUseIsRecordedAtMostOnceAMinute) {
  const NewSession session = MustSignUp();
  auto token = accounts_->CreateApiToken(session.user.id, "ci");
  ASSERT_TRUE(token.ok());
  const std::string bearer = "Bearer " + token->token;
  auto last_used = [&] { return (*store_->ListApiTokens(session.user.id))[0].last_used_at; };

  now_ = kStart + 10;
  ASSERT_TRUE(MustIdentify(bearer, "").has_value());
  EXPECT_EQ(last_used(), dates::FormatUtc(kStart + 10));  // the first use is recorded
  now_ = kStart + 40;
  ASSERT_TRUE(MustIdentify(bearer, "").has_value());
  now_ = kStart + 69;
  ASSERT_TRUE(MustIdentify(bearer, "").has_value());
  EXPECT_EQ(last_used(), dates::FormatUtc(kStart + 10));  // within the minute: no write
  now_ = kStart + 70;
  ASSERT_TRUE(MustIdentify(bearer, "").has_value());
  EXPECT_EQ(last_used(), dates::FormatUtc(kStart + 70));  // a minute later: written again
}

TEST_F(AccountsTest, TokenReadsSucceedWhenRecordingTheUseFails) {
  const NewSession session = MustSignUp();
  auto token = accounts_->CreateApiToken(session.user.id, "ci", TokenScope::kWrite);
  ASSERT_TRUE(token.ok());
  // Every write of last_used_at now fails, as it would on a full disk.
  ExecBeside(db_path(),
             "CREATE TRIGGER refuse_token_touch BEFORE UPDATE OF last_used_at ON api_tokens "
             "BEGIN SELECT RAISE(ABORT, 'injected write failure'); END");
  ASSERT_FALSE(store_->TouchApiToken(token->id, "2027-01-01T00:00:00Z").ok()) << "the fault is not in place";
  auto who = accounts_->Identify("Bearer " + token->token, "");
  ASSERT_TRUE(who.ok()) << who.error().message;
  ASSERT_TRUE(who->has_value());
  EXPECT_EQ((*who)->user.id, session.user.id);
  EXPECT_EQ((*who)->token_scope, TokenScope::kWrite);
  EXPECT_EQ((*store_->ListApiTokens(session.user.id))[0].last_used_at, "");
}

TEST_F(AccountsTest, TokensCarryTheirScope) {
  const NewSession session = MustSignUp();
  auto reader = accounts_->CreateApiToken(session.user.id, "dashboard");
  auto writer = accounts_->CreateApiToken(session.user.id, "sync", TokenScope::kWrite);
  ASSERT_TRUE(reader.ok() && writer.ok());
  EXPECT_EQ(reader->scope, TokenScope::kRead);  // the default
  EXPECT_EQ(writer->scope, TokenScope::kWrite);
  auto listed = store_->ListApiTokens(session.user.id);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ((*listed)[0].scope, "read");
  EXPECT_EQ((*listed)[1].scope, "write");
  EXPECT_EQ(MustIdentify("Bearer " + reader->token, "")->token_scope, TokenScope::kRead);
  EXPECT_EQ(MustIdentify("Bearer " + writer->token, "")->token_scope, TokenScope::kWrite);
}

TEST(Permit, SessionsMayDoEverythingTokensWhatTheirScopeAllows) {
  const Principal session{store::User{}, "session-hash"};
  const Principal read_token{store::User{}, "", TokenScope::kRead};
  const Principal write_token{store::User{}, "", TokenScope::kWrite};
  for (Operation op : {Operation::kRead, Operation::kWrite, Operation::kManageAccount})
    EXPECT_TRUE(Permit(session, op).ok());
  EXPECT_TRUE(Permit(read_token, Operation::kRead).ok());
  EXPECT_TRUE(Permit(write_token, Operation::kRead).ok());
  EXPECT_TRUE(Permit(write_token, Operation::kWrite).ok());
  auto read_writes = Permit(read_token, Operation::kWrite);
  ASSERT_FALSE(read_writes.ok());
  EXPECT_EQ(read_writes.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(read_writes.error().message.find("\"write\" scope"), std::string::npos);
  for (const Principal* token : {&read_token, &write_token}) {
    auto manage = Permit(*token, Operation::kManageAccount);
    ASSERT_FALSE(manage.ok());
    EXPECT_EQ(manage.error().code, ErrorCode::kPermissionDenied);
    EXPECT_NE(manage.error().message.find("cannot manage the account"), std::string::npos);
  }
}

TEST(TokenScope, NamesRoundTrip) {
  EXPECT_EQ(ScopeName(TokenScope::kRead), "read");
  EXPECT_EQ(ScopeName(TokenScope::kWrite), "write");
  EXPECT_EQ(ParseScope("read"), TokenScope::kRead);
  EXPECT_EQ(ParseScope("write"), TokenScope::kWrite);
  EXPECT_EQ(ParseScope("Write"), std::nullopt);
  EXPECT_EQ(ParseScope("admin"), std::nullopt);
  EXPECT_EQ(ParseScope(""), std::nullopt);
}

TEST_F(AccountsTest, IdentifyPrefersTheAuthorizationHeaderWithoutFallBack) {
  const NewSession session = MustSignUp();
  auto token = accounts_->CreateApiToken(session.user.id, "ci");
  ASSERT_TRUE(token.ok());
  // The cookie alone identifies; a session has a hash, an API token none.
  auto by_cookie = MustIdentify("", session.token);
  ASSERT_TRUE(by_cookie.has_value());
  EXPECT_FALSE(by_cookie->via_api_token());
  EXPECT_FALSE(MustIdentify("", "").has_value());
  const std::vector<std::string> bad_headers = {"Basic YW5uOnB3",
                                                "Bearer",
                                                "Bearer ",
                                                "Bearer spt_",
                                                "Bearer spt_" + std::string(43, '!'),
                                                "Bearer " + token->token.substr(4),  // without the prefix
                                                "Bearer " + token->token.substr(0, token->token.size() - 1),
                                                "Token " + token->token,
                                                "Bearer " + session.token};
  for (const std::string& bad : bad_headers) {
    EXPECT_FALSE(MustIdentify(bad, session.token).has_value()) << bad;
  }
}

TEST_F(AccountsTest, ApiTokenNamesAndTheirNumberAreChecked) {
  const NewSession session = MustSignUp();
  EXPECT_EQ(accounts_->CreateApiToken(session.user.id, "   ").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(accounts_->CreateApiToken(session.user.id, std::string(81, 'x')).error().code, ErrorCode::kInvalidArgument);
  for (int i = 0; i < kMaxApiTokensPerUser; ++i)
    ASSERT_TRUE(accounts_->CreateApiToken(session.user.id, "t" + std::to_string(i)).ok()) << i;
  auto over = accounts_->CreateApiToken(session.user.id, "one more");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(AccountsTest, DeleteAccountWithTheWrongPasswordChangesNothing) {
  const NewSession session = MustSignUp();
  auto token = accounts_->CreateApiToken(session.user.id, "ci");
  ASSERT_TRUE(token.ok());
  const store::User user = MustFindUser();
  auto refused = accounts_->DeleteAccount(user, kOtherPassword, kClient);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(MustFindUser().id, user.id);
  EXPECT_TRUE(MustFromSession(session.token).has_value());
  EXPECT_TRUE(MustIdentify("Bearer " + token->token, "").has_value());
}

TEST_F(AccountsTest, DeleteAccountWithTheRightPasswordRemovesEverything) {
  const NewSession session = MustSignUp();
  MustSignUp("bob@example.org", kOtherPassword);
  auto token = accounts_->CreateApiToken(session.user.id, "ci");
  ASSERT_TRUE(token.ok());
  const store::User user = MustFindUser();
  ASSERT_TRUE(accounts_->DeleteAccount(user, kPassword, kClient).ok());
  auto found = store_->FindUserByEmail(kEmail);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  EXPECT_FALSE(MustFromSession(session.token).has_value());
  EXPECT_FALSE(MustIdentify("Bearer " + token->token, "").has_value());
  EXPECT_EQ(accounts_->SignIn(kEmail, kPassword, kClient).error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(accounts_->SignIn("bob@example.org", kOtherPassword, kClient).ok());  // others untouched
  // The email is free again.
  EXPECT_TRUE(accounts_->SignUp(kEmail, kOtherPassword, "", kClient).ok());
}

TEST_F(AccountsTest, DeleteAccountLeavesTheEmailInNoFile) {
  const std::string email = "quetzal.marmalade@example.org";
  const NewSession session = MustSignUp(email);
  ASSERT_TRUE(accounts_->CreateApiToken(session.user.id, "quetzal token").ok());
  ASSERT_TRUE(accounts_->DeleteAccount(MustFindUser(email), kPassword, kClient).ok());
  // The store is still open, as in a running server: the database and its WAL are both read.
  for (const auto& entry : fs::directory_iterator(dir_.path())) {
    const std::string bytes = Slurp(entry.path());
    EXPECT_EQ(bytes.find("quetzal"), std::string::npos) << entry.path();
  }
}

TEST_F(AccountsTest, AddUserAndSetRole) {
  auto admin = accounts_->AddUser(" Root@Example.org", kPassword, "admin");
  ASSERT_TRUE(admin.ok()) << admin.error().message;
  EXPECT_EQ(admin->email, "root@example.org");
  EXPECT_EQ(admin->role, "admin");
  EXPECT_EQ(MustFindUser("root@example.org").role, "admin");
  EXPECT_TRUE(accounts_->SignIn("root@example.org", kPassword, kClient).ok());

  EXPECT_EQ(accounts_->AddUser("x@example.org", kPassword, "root").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(accounts_->AddUser("x@example.org", "short", "member").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(accounts_->AddUser("ROOT@example.org", kPassword, "member").error().code, ErrorCode::kConflict);

  // The operator's commands follow the same password rules as sign-up, the email included.
  EXPECT_EQ(accounts_->AddUser("longaddress@example.org", "longaddress@example.org", "member").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(accounts_->ResetPassword("root@example.org", "root@example.org").error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(accounts_->SignIn("root@example.org", kPassword, kClient).ok())
      << "the refused reset changed the password";

  ASSERT_TRUE(accounts_->SetRole("ROOT@example.org", "editor").ok());
  EXPECT_EQ(MustFindUser("root@example.org").role, "editor");
  EXPECT_EQ(accounts_->SetRole("root@example.org", "owner").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(MustFindUser("root@example.org").role, "editor");
  EXPECT_EQ(accounts_->SetRole("nobody@example.org", "admin").error().code, ErrorCode::kNotFound);
  // The session's principal carries the current role.
  auto in = accounts_->SignIn("root@example.org", kPassword, kClient);
  ASSERT_TRUE(in.ok());
  ASSERT_TRUE(accounts_->SetRole("root@example.org", "member").ok());
  EXPECT_EQ(MustFromSession(in->token)->user.role, "member");
}

}  // namespace
}  // namespace starprep::auth
