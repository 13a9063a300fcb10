// SPDX-License-Identifier: Apache-2.0
// Tests for a candidate's target roles (practice/target_roles.h): the pure validation and
// focusing, and saving and reading them through a real SQLite store holding the sample pack.

#include "practice/target_roles.h"

#include <gtest/gtest.h>

#include "../sample_pack.h"
#include "../test_store.h"

namespace starprep::practice {
namespace {

using starprep::testing::Backend;
using starprep::testing::TestStore;

const std::vector<std::string> kLive = {"backend", "data", "frontend", "manager"};

TEST(ValidateTargetRoles, KeepsOrderTrimsAndDropsRepeatsAndBlanks) {
  auto v = ValidateTargetRoles({" frontend ", "backend", "frontend", ""}, kLive);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(*v, (std::vector<std::string>{"frontend", "backend"}));
  EXPECT_TRUE(ValidateTargetRoles({}, kLive)->empty());
}

TEST(ValidateTargetRoles, AnUnknownRoleIsRefusedByName) {
  auto v = ValidateTargetRoles({"backend", "astronaut"}, kLive);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(v.error().message.find("\"astronaut\""), std::string::npos) << v.error().message;
  EXPECT_NE(v.error().message.find("backend, data, frontend, manager"), std::string::npos) << v.error().message;
}

TEST(ValidateTargetRoles, AtMostTheLimit) {
  std::vector<std::string> all(kLive.begin(), kLive.begin() + kMaxTargetRoles);
  EXPECT_TRUE(ValidateTargetRoles(all, kLive).ok());
  all.push_back(kLive[kMaxTargetRoles]);
  auto v = ValidateTargetRoles(all, kLive);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(v.error().message.find("at most " + std::to_string(kMaxTargetRoles)), std::string::npos);
  // Repeats do not count twice.
  std::vector<std::string> repeated(kLive.begin(), kLive.begin() + kMaxTargetRoles);
  repeated.push_back(kLive[0]);
  EXPECT_TRUE(ValidateTargetRoles(repeated, kLive).ok());
}

TEST(FocusRoles, TargetsInTheirOrderOrEveryRole) {
  std::vector<content::Role> roles(3);
  roles[0].slug = "a";
  roles[1].slug = "b";
  roles[2].slug = "c";
  auto slugs = [](const std::vector<content::Role>& rs) {
    std::vector<std::string> out;
    for (const auto& r : rs) out.push_back(r.slug);
    return out;
  };
  EXPECT_EQ(slugs(FocusRoles(roles, {"c", "a"})), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(slugs(FocusRoles(roles, {})), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(slugs(FocusRoles(roles, {"gone"})), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(TargetRoles, SavedThroughTheStoreAndTheMockDefaultFollowsThem) {
  TestStore db(Backend::kSqlite);
  ASSERT_TRUE(db->ReplaceContent(starprep::testing::SamplePack()).ok());
  auto ann = db->CreateUser({0, "ann@example.org", "Ann", "$argon2id$fake", "member", "2027-01-01T00:00:00Z"});
  ASSERT_TRUE(ann.ok());
  EXPECT_EQ(*DefaultMockRole(*db, ann->id), "");
  auto saved = SaveTargetRoles(*db, ann->id, {"frontend", "backend"});
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(*db->ListTargetRoles(ann->id), (std::vector<std::string>{"frontend", "backend"}));
  EXPECT_EQ(*DefaultMockRole(*db, ann->id), "frontend");
  auto bad = SaveTargetRoles(*db, ann->id, {"nope"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(*db->ListTargetRoles(ann->id), (std::vector<std::string>{"frontend", "backend"}));  // unchanged
}

}  // namespace
}  // namespace starprep::practice
