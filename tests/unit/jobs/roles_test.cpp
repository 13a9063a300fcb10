// SPDX-License-Identifier: Apache-2.0
// jobs/roles: mapping postings to roles by title, then by skills; unmapped postings.

#include "jobs/roles.h"

#include <gtest/gtest.h>

namespace starprep::jobs {
namespace {

const std::vector<RoleInfo> kRoles = {
    {"backend-developer", "Back-end Developer", {"APIs", "databases", "distributed systems", "security"}},
    {"data-engineer", "Data Engineer", {"SQL", "data modelling", "orchestration", "Spark"}},
    {"devops-engineer", "DevOps / Site Reliability Engineer", {"Kubernetes", "CI/CD", "observability", "automation"}},
    {"engineering-manager", "Engineering Manager", {"people leadership", "hiring"}},
    {"frontend-developer", "Front-end Developer", {"React", "CSS", "accessibility"}},
    {"product-manager", "Product Manager", {"product strategy", "user research"}},
};

using Slugs = std::vector<std::string>;

TEST(MapRolesTest, TitlesWithSpellingVariants) {
  EXPECT_EQ(MapRoles("Senior Backend Engineer (Go)", {}, kRoles), Slugs{"backend-developer"});
  EXPECT_EQ(MapRoles("Staff Back End Engineer", {}, kRoles), Slugs{"backend-developer"});
  EXPECT_EQ(MapRoles("back-end developer", {}, kRoles), Slugs{"backend-developer"});
  EXPECT_EQ(MapRoles("Front-End Programmer", {}, kRoles), Slugs{"frontend-developer"});
  EXPECT_EQ(MapRoles("Data Engineer, Streaming", {}, kRoles), Slugs{"data-engineer"});
  EXPECT_EQ(MapRoles("Senior DevOps Engineer (AWS)", {}, kRoles), Slugs{"devops-engineer"});
  EXPECT_EQ(MapRoles("Site Reliability Engineer", {}, kRoles), Slugs{"devops-engineer"});
  EXPECT_EQ(MapRoles("Engineering Manager, Platform", {}, kRoles), Slugs{"engineering-manager"});
  EXPECT_EQ(MapRoles("Technical Product Manager", {}, kRoles), Slugs{"product-manager"});
}

TEST(MapRolesTest, PartialTitlesDoNotMatch) {
  EXPECT_EQ(MapRoles("Data Scientist", {}, kRoles), Slugs{});             // "engineer" missing
  EXPECT_EQ(MapRoles("Engineering Intern", {}, kRoles), Slugs{});         // "manager" missing
  EXPECT_EQ(MapRoles("Backend for Frontend lead", {}, kRoles), Slugs{});  // no "engineer"
}

TEST(MapRolesTest, SeveralTitlesMatch) {
  EXPECT_EQ(MapRoles("Backend / DevOps Engineer", {}, kRoles), (Slugs{"backend-developer", "devops-engineer"}));
}

TEST(MapRolesTest, SkillsDecideWhenTheTitleDoesNot) {
  EXPECT_EQ(MapRoles("Platform Engineer", {"kubernetes", "Observability", "Go"}, kRoles), Slugs{"devops-engineer"});
  EXPECT_EQ(MapRoles("Analytics Engineer", {"SQL", "data modelling"}, kRoles), Slugs{"data-engineer"});
  // One shared skill is not enough.
  EXPECT_EQ(MapRoles("Platform Engineer", {"Kubernetes"}, kRoles), Slugs{});
  // The title wins over skills.
  EXPECT_EQ(MapRoles("Product Manager", {"SQL", "data modelling", "Spark"}, kRoles), Slugs{"product-manager"});
}

TEST(MapRolesTest, NothingMatchesMeansOther) {
  EXPECT_TRUE(MapRoles("Technical Writer", {"Markdown"}, kRoles).empty());
  EXPECT_TRUE(MapRoles("", {}, kRoles).empty());
  EXPECT_TRUE(MapRoles("Backend Engineer", {}, {}).empty());
}

TEST(RemapRolesTest, MappedRolesFollowTheNewRoles) {
  // Imported before any role existed: no roles, which is what the mapping gave then.
  EXPECT_EQ(RemapRoles("Senior Backend Engineer", {}, {}, {}, kRoles), Slugs{"backend-developer"});
  // A role's skills changed: the skill-based mapping follows.
  std::vector<RoleInfo> fewer = kRoles;
  for (auto& r : fewer)
    if (r.slug == "devops-engineer") r.skills = {"Terraform"};
  const std::vector<std::string> skills = {"kubernetes", "Observability"};
  EXPECT_EQ(RemapRoles("Platform Engineer", skills, Slugs{"devops-engineer"}, kRoles, fewer), Slugs{});
}

TEST(RemapRolesTest, RolesAnEditorChoseAreKept) {
  // "Technical Writer" maps to no role; an editor put it under product-manager.
  EXPECT_EQ(RemapRoles("Technical Writer", {}, Slugs{"product-manager"}, kRoles, {}), Slugs{"product-manager"});
}

}  // namespace
}  // namespace starprep::jobs
