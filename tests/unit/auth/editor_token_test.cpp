// SPDX-License-Identifier: Apache-2.0
// auth/editor_token: bearer-token classification.

#include "auth/editor_token.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <sys/stat.h>
#include <unistd.h>
#include <cstdlib>
#include <filesystem>

namespace starprep::auth {
namespace {

TEST(EditorTokensTest, ClassifiesAuthorizationHeaders) {
  ASSERT_GE(sodium_init(), 0);
  EditorTokens tokens("editor-token-0123456789", "admin-token-0123456789");
  EXPECT_EQ(tokens.Check(""), Access::kMissing);
  EXPECT_EQ(tokens.Check("Basic abc"), Access::kMissing);
  EXPECT_EQ(tokens.Check("Bearer "), Access::kMissing);
  EXPECT_EQ(tokens.Check("Bearer editor-token-0123456789"), Access::kEditor);
  EXPECT_EQ(tokens.Check("bearer editor-token-0123456789"), Access::kEditor);
  EXPECT_EQ(tokens.Check("Bearer admin-token-0123456789"), Access::kAdmin);
  EXPECT_EQ(tokens.Check("Bearer editor-token-012345678"), Access::kInvalid);    // one short
  EXPECT_EQ(tokens.Check("Bearer editor-token-01234567890"), Access::kInvalid);  // one long
  EXPECT_EQ(tokens.Check("Bearer EDITOR-token-0123456789"), Access::kInvalid);
}

TEST(EditorTokensTest, WithoutAnAdminTokenAnEmptyTokenIsNeverAdmin) {
  ASSERT_GE(sodium_init(), 0);
  EditorTokens tokens("editor-token-0123456789", "");
  EXPECT_EQ(tokens.Check("Bearer x"), Access::kInvalid);
}

TEST(EditorTokensTest, LoadCreatesAPrivateTokenFile) {
  ASSERT_GE(sodium_init(), 0);
  unsetenv("STARPREP_EDITOR_TOKEN");
  unsetenv("STARPREP_ADMIN_TOKEN");
  auto dir = std::filesystem::temp_directory_path() / ("sp-token-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto loaded = EditorTokens::Load(dir);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(EditorTokenPath(dir).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = EditorTokens::Load(dir);  // same file, same token
  ASSERT_TRUE(again.ok());
  std::FILE* f = std::fopen(EditorTokenPath(dir).c_str(), "r");
  ASSERT_NE(f, nullptr);
  char buf[80] = {};
  ASSERT_NE(std::fgets(buf, sizeof buf, f), nullptr);
  std::fclose(f);
  std::string token(buf);
  token.pop_back();  // newline
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(again->Check("Bearer " + token), Access::kEditor);
  EXPECT_EQ(loaded->Check("Bearer " + token), Access::kEditor);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace starprep::auth
