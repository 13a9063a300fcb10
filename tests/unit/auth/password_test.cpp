// SPDX-License-Identifier: Apache-2.0
// Tests for the password rules and the argon2id hasher (auth/password.h).

#include "auth/password.h"

#include <sodium.h>

#include <atomic>
#include <cmath>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace starprep::auth {
namespace {

using namespace std::chrono_literals;

std::string Repeat(std::string_view piece, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += piece;
  return out;
}

constexpr std::string_view kEAcute = "\xC3\xA9";  // é: 2 bytes, 1 code point

TEST(PasswordProblem, CountsCodePointsNotBytesAtTheMinimum) {
  // 11 é are 22 bytes: long enough in bytes, one character short.
  const auto eleven = PasswordProblem(Repeat(kEAcute, 11));
  ASSERT_TRUE(eleven.has_value());
  EXPECT_NE(eleven->find("at least 12"), std::string::npos) << *eleven;
  EXPECT_NE(PasswordProblem("elevenchars"), std::nullopt);  // 11 ASCII
  // "Rüdiger öl Ünë" is 14 code points in 18 bytes and strong enough.
  EXPECT_EQ(PasswordProblem("R\xC3\xBC"
                            "diger \xC3\xB6l \xC3\x9C"
                            "n\xC3\xAB"),
            std::nullopt);
}

TEST(PasswordProblem, CountsCodePointsNotBytesAtTheMaximum) {
  // 128 characters drawn (deterministically) from an alphabet with 2-byte letters: more than
  // 128 bytes, exactly the limit in characters, and random enough to be strong.
  const std::vector<std::string> alphabet = {"a", "q",        "z",        "7",        "K",
                                             "-", "\xC3\xA9", "\xC3\xBC", "\xC3\xB6", "\xC3\x9F"};
  std::string at_limit;
  unsigned state = 12345;
  for (int i = 0; i < 128; ++i) {
    state = state * 1103515245u + 12345u;
    at_limit += alphabet[(state >> 16) % alphabet.size()];
  }
  ASSERT_GT(at_limit.size(), 128u);
  EXPECT_EQ(PasswordProblem(at_limit), std::nullopt);
  const auto too_long = PasswordProblem(at_limit + "k");
  ASSERT_TRUE(too_long.has_value());
  EXPECT_NE(too_long->find("at most 128"), std::string::npos) << *too_long;
}

TEST(PasswordProblem, RefusesInvalidUtf8) {
  const auto problem = PasswordProblem("violet staple \xff harbor");
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("UTF-8"), std::string::npos) << *problem;
  EXPECT_NE(PasswordProblem("violet staple \xC3 harbor"), std::nullopt);  // truncated sequence
}

// The weak passwords of issue 11, each refused with a reason that names what makes it weak.
TEST(PasswordProblem, RefusesGuessablePasswordsWithAReason) {
  const std::pair<std::string, std::string> weak[] = {
      {"aaaaaaaaaaaa", "repeats"},
      {"111111111111", "repeats"},
      {"            ", "repeats"},
      {"qwertyuiopas", "common"},
      {"abcdefghijkl", "run of characters"},
      {"123456789012", "run of characters"},
      {"password1234", "common"},
      {"Password123!", "common"},
      {"qwerty123456", "common"},
      {"1qaz2wsx3edc", "common"},
      {"zxcvbnm,./as", "keys"},
      {"asdfghjkl;'\\", "keys"},
      {"p4ssw0rdp4ss", "look-alike"},
      {"iloveyou1990", "common"},
  };
  for (const auto& [password, reason] : weak) {
    const PasswordStrength strength = EstimateStrength(password);
    EXPECT_LT(strength.score, kMinPasswordScore) << password << " " << strength.bits << " bits";
    const auto problem = PasswordProblem(password);
    ASSERT_TRUE(problem.has_value()) << password;
    EXPECT_NE(problem->find("too easy to guess"), std::string::npos) << *problem;
    EXPECT_NE(problem->find(reason), std::string::npos) << password << ": " << *problem;
  }
}

TEST(PasswordProblem, UserWordsMakeAPasswordWeak) {
  const std::vector<std::string> words = {"ann.lee@example.org", "ann.lee", "Ann Lee", "AnnLee", "ann", "lee"};
  for (const char* password : {"ANN.LEE@EXAMPLE.ORG", "ann.lee@example.org", "AnnLeeAnnLee", "Ann.Lee.1990"}) {
    const auto problem = PasswordProblem(password, words);
    ASSERT_TRUE(problem.has_value()) << password;
    EXPECT_NE(problem->find("your email address or your name"), std::string::npos) << *problem;
  }
  // Without the user words the email alone is not a common password, and is accepted.
  EXPECT_EQ(PasswordProblem("ann.lee@example.org"), std::nullopt);
}

TEST(PasswordProblem, AcceptsStrongPasswords) {
  for (const char* strong : {"violet staple quantum harbor", "amber lantern orbit meadow", "xkq7-Lm2p-Zr9w",
                             "my cat is called felix", "Tr0ub4dor&3x", "  spaces and Ünïcödé are fine  "}) {
    const PasswordStrength strength = EstimateStrength(strong);
    EXPECT_GE(strength.score, kMinPasswordScore) << strong << " " << strength.bits << " bits";
    EXPECT_EQ(strength.feedback, "") << strong;
    EXPECT_EQ(PasswordProblem(strong), std::nullopt) << strong;
  }
}

TEST(ScoreFromBits, FollowsZxcvbnsGuessThresholds) {
  const double bits_per_decade = std::log2(10.0);  // 10^n guesses = n * log2(10) bits
  EXPECT_EQ(ScoreFromBits(0), 0);
  EXPECT_EQ(ScoreFromBits(2.99 * bits_per_decade), 0);
  EXPECT_EQ(ScoreFromBits(3.01 * bits_per_decade), 1);
  EXPECT_EQ(ScoreFromBits(5.99 * bits_per_decade), 1);
  EXPECT_EQ(ScoreFromBits(6.01 * bits_per_decade), 2);
  EXPECT_EQ(ScoreFromBits(7.99 * bits_per_decade), 2);
  EXPECT_EQ(ScoreFromBits(8.01 * bits_per_decade), 3);
  EXPECT_EQ(ScoreFromBits(9.99 * bits_per_decade), 3);
  EXPECT_EQ(ScoreFromBits(10.01 * bits_per_decade), 4);
  EXPECT_EQ(ScoreFromBits(200), 4);
}

class PasswordHasherTest : public ::testing::Test {
 protected:
  PasswordHasher hasher_{PasswordHasher::Minimum(), 2};
};

TEST_F(PasswordHasherTest, HashIsArgon2idWithARandomSalt) {
  auto a = hasher_.Hash("violet staple quantum harbor");
  auto b = hasher_.Hash("violet staple quantum harbor");
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_TRUE(a->starts_with("$argon2id$")) << *a;
  EXPECT_EQ(a->find("violet"), std::string::npos);
  EXPECT_NE(*a, *b);
}

TEST_F(PasswordHasherTest, VerifyTellsRightFromWrong) {
  auto hash = hasher_.Hash("violet staple quantum harbor");
  ASSERT_TRUE(hash.ok());
  auto right = hasher_.Verify(*hash, "violet staple quantum harbor");
  ASSERT_TRUE(right.ok());
  EXPECT_EQ(*right, PasswordHasher::Check::kOk);
  auto wrong = hasher_.Verify(*hash, "violet staple quantum harbour");
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(*wrong, PasswordHasher::Check::kWrong);
  auto garbage = hasher_.Verify("not a hash", "violet staple quantum harbor");
  ASSERT_TRUE(garbage.ok());
  EXPECT_EQ(*garbage, PasswordHasher::Check::kWrong);
}

TEST_F(PasswordHasherTest, AskForARehashWhenTheLimitsChanged) {
  auto hash = hasher_.Hash("violet staple quantum harbor");
  ASSERT_TRUE(hash.ok());
  const PasswordHasher::Limits min = PasswordHasher::Minimum();
  PasswordHasher stronger({min.opslimit + 1, min.memlimit}, 1);
  auto check = stronger.Verify(*hash, "violet staple quantum harbor");
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(*check, PasswordHasher::Check::kOkRehash);
  // A wrong password is wrong, whatever the limits.
  auto wrong = stronger.Verify(*hash, "something else entirely");
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(*wrong, PasswordHasher::Check::kWrong);
  // A hash made under the stronger limits needs no rehash there.
  auto fresh = stronger.Hash("violet staple quantum harbor");
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(*stronger.Verify(*fresh, "violet staple quantum harbor"), PasswordHasher::Check::kOk);
}

// With one slot and a 1 ms wait, a hash attempted while another verification holds the slot is
// refused with kUnavailable and a retry_after. The slot holder verifies a hash made with one pass
// over 32 MiB (tens of milliseconds: Verify uses the hash's own limits). This thread gives it
// 10 ms to take the slot, then tries once: trying in a tight loop could keep re-taking the slot
// between the holder's wake-ups and starve it (the holder waits only 1 ms too). If the holder was
// not scheduled in time, the round is repeated.
TEST(PasswordHasherConcurrency, RefusesWhenAllSlotsStayBusyLongerThanMaxWait) {
  char slow_hash[crypto_pwhash_STRBYTES];
  const std::string password = "violet staple quantum harbor";
  ASSERT_EQ(crypto_pwhash_str(slow_hash, password.data(), password.size(), /*opslimit=*/1, /*memlimit=*/32u << 20), 0);
  PasswordHasher capped(PasswordHasher::Minimum(), 1, 1ms);

  bool refused = false;
  for (int round = 0; round < 5 && !refused; ++round) {
    std::atomic<bool> started{false}, done{false};
    std::optional<Result<PasswordHasher::Check>> holder_result;
    std::thread holder([&] {
      started = true;
      holder_result.emplace(capped.Verify(slow_hash, password));
      done = true;
    });
    while (!started) std::this_thread::yield();
    std::this_thread::sleep_for(10ms);
    if (!done) {
      auto second = capped.Hash("another password here");
      if (!second.ok()) {
        EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
        EXPECT_GT(second.error().retry_after, 0);
        refused = true;
      }
    }
    holder.join();
    ASSERT_TRUE(holder_result.has_value());
    if (refused) {
      // The holder itself was not disturbed: it got the slot and its answer (right password,
      // made under other limits than this hasher's).
      ASSERT_TRUE(holder_result->ok());
      EXPECT_EQ(**holder_result, PasswordHasher::Check::kOkRehash);
    }
  }
  EXPECT_TRUE(refused) << "no Hash() was refused while the only slot was held";

  // Once the slot is free again, hashing works.
  auto after = capped.Hash("another password here");
  EXPECT_TRUE(after.ok());
}

}  // namespace
}  // namespace starprep::auth
