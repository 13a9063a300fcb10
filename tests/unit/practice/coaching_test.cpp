// SPDX-License-Identifier: Apache-2.0
#include "practice/coaching.h"

#include <gtest/gtest.h>

namespace starprep::practice {
namespace {

TEST(ValidateAnswer, AcceptsUpToTheLimitInCharactersNotBytes) {
  std::string accented;
  for (std::size_t i = 0; i < kMaxAnswerChars; ++i) accented += "\xC3\xA9";  // é: 2 bytes, 1 character
  EXPECT_TRUE(ValidateAnswer(accented).ok());
  const Status too_long = ValidateAnswer(accented + "e");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(too_long.error().message.find("10001 characters"), std::string::npos);
}

TEST(ValidateAnswer, RejectsBlankAndInvalidUtf8) {
  EXPECT_EQ(ValidateAnswer("").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateAnswer(" \n\t ").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateAnswer("ok \xff").error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(ValidateAnswer("I fixed it.").ok());
}

}  // namespace
}  // namespace starprep::practice
