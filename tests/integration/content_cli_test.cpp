// SPDX-License-Identifier: Apache-2.0
// The CLI contract (`--help`, `content check`, `content import`) and broken content packs:
// every error listed as file:line: message, import refused, live content left exactly as it was.

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;

class ContentCliTest : public ::testing::Test {
 protected:
  TempDir dir_{"cli"};
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(line);
  return out;
}

// Removes the "## <heading>" section (up to the next "## ") from `file`.
bool RemoveSection(const fs::path& file, const std::string& heading) {
  std::string text = ReadFile(file);
  auto start = text.find("## " + heading + "\n");
  if (start == std::string::npos) return false;
  auto end = text.find("\n## ", start + 3);
  if (end == std::string::npos) return false;
  text.erase(start, end + 1 - start);
  WriteFile(file, text);
  return true;
}

TEST_F(ContentCliTest, Help) {
  CommandResult top = RunStarprep({"--help"});
  EXPECT_EQ(top.exit_code, 0) << top.err;
  EXPECT_NE(top.out.find("serve"), std::string::npos);
  EXPECT_NE(top.out.find("content"), std::string::npos);
  CommandResult serve = RunStarprep({"serve", "--help"});
  EXPECT_EQ(serve.exit_code, 0);
  for (const char* opt : {"--listen", "--data", "--content"}) EXPECT_NE(serve.out.find(opt), std::string::npos) << opt;
  CommandResult check = RunStarprep({"content", "check", "--help"});
  EXPECT_EQ(check.exit_code, 0);
  EXPECT_NE(check.out.find("DIR"), std::string::npos);
  CommandResult import = RunStarprep({"content", "import", "--help"});
  EXPECT_EQ(import.exit_code, 0);
  EXPECT_NE(import.out.find("--data"), std::string::npos);
  EXPECT_NE(RunStarprep({"no-such-command"}).exit_code, 0);
}

TEST_F(ContentCliTest, CheckAcceptsTheBundledPack) {
  CommandResult r = RunStarprep({"content", "check", BundledContent().string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  EXPECT_NE(lines[0].find("OK"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("6 roles"), std::string::npos) << lines[0];
  EXPECT_EQ(r.err, "");
}

TEST_F(ContentCliTest, CheckAndImportOfAMissingDirectoryFail) {
  CommandResult check = RunStarprep({"content", "check", (dir_ / "nothing").string()});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_FALSE(check.err.empty());
  CommandResult import =
      RunStarprep({"content", "import", (dir_ / "nothing").string(), "--data", (dir_ / "data").string()});
  EXPECT_EQ(import.exit_code, 1);
}

TEST_F(ContentCliTest, ImportIntoAFreshDataDir) {
  CommandResult r = RunStarprep({"content", "import", BundledContent().string(), "--data", (dir_ / "data").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("6 roles"), std::string::npos) << r.out;
  EXPECT_EQ(fs::exists(dir_ / "data" / "starprep.db"), !UsesPostgres()) << "SQLite only without a database URL";
  // Idempotent.
  CommandResult again =
      RunStarprep({"content", "import", BundledContent().string(), "--data", (dir_ / "data").string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 added, 0 updated"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("0 retired"), std::string::npos) << again.out;
  // A server on that data dir serves it without importing anything else.
  ServerProcess s(dir_ / "data", dir_ / "no-content-here");
  ASSERT_TRUE(s.Start()) << s.error();
  EXPECT_EQ(Get(s.port(), "/api/v1/roles").Json().at("total").to_number<int>(), 6);
  EXPECT_EQ(s.Stop(), 0);
}

// One competency spelled two ways ("api design" in one file, "api-design" in others) fails the
// check, naming both spellings and both files; nothing is imported.
TEST_F(ContentCliTest, CheckRejectsACompetencySpelledTwoWays) {
  const fs::path pack = CopyBundledContent(dir_.path());
  const fs::path file = pack / "roles/backend-developer/questions/17-api-breaking-change.md";
  std::string text = ReadFile(file);
  const auto pos = text.find("competencies: [api-design,");
  ASSERT_NE(pos, std::string::npos) << "the bundled question changed";
  text.replace(pos, std::string("competencies: [api-design,").size(), "competencies: [api design,");
  WriteFile(file, text);
  CommandResult r = RunStarprep({"content", "check", pack.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string expected = file.string() + ":4: competency \"api design\" is spelled \"api-design\" in " +
                               (pack / "roles/backend-developer/questions/04-designing-rest-apis.md").string() +
                               ": use one spelling for one competency (docs/content-format.md)";
  EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  CommandResult import = RunStarprep({"content", "import", pack.string(), "--data", (dir_.path() / "d").string()});
  EXPECT_NE(import.exit_code, 0) << "a pack with errors is not imported";
}

class BrokenPackTest : public ContentCliTest {
 protected:
  void SetUp() override {
    pack_ = CopyBundledContent(dir_.path());
    ASSERT_EQ(RunStarprep({"content", "check", pack_.string()}).exit_code, 0) << "the copy should start valid";
    missing_section_ = pack_ / "roles/backend-developer/questions/02-languages-and-frameworks.md";
    bad_date_ = pack_ / "roles/backend-developer/questions/03-project-impact.md";
    duplicate_id_ = pack_ / "roles/frontend-developer/questions/01-improving-core-web-vitals.md";
    ASSERT_TRUE(RemoveSection(missing_section_, "Dos and don'ts"));
    std::string text = ReadFile(bad_date_);
    auto pos = text.find("updated: ");
    ASSERT_NE(pos, std::string::npos);
    text.replace(pos, text.find('\n', pos) - pos, "updated: 2026-13-45");
    WriteFile(bad_date_, text);
    text = ReadFile(duplicate_id_);
    pos = text.find("id: ");
    ASSERT_NE(pos, std::string::npos);
    text.replace(pos, text.find('\n', pos) - pos, "id: be-debugging-complex-issue");
    WriteFile(duplicate_id_, text);
  }

  // Lines of `err` that report an error about `file`.
  static std::vector<std::string> ErrorsFor(const std::string& err, const fs::path& file) {
    std::vector<std::string> out;
    for (const auto& l : Lines(err))
      if (l.starts_with(file.string() + ":")) out.push_back(l);
    return out;
  }

  fs::path pack_, missing_section_, bad_date_, duplicate_id_;
};

TEST_F(BrokenPackTest, CheckListsEveryErrorWithFileAndLine) {
  CommandResult r = RunStarprep({"content", "check", pack_.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out.find("OK"), std::string::npos);
  auto section = ErrorsFor(r.err, missing_section_);
  auto date = ErrorsFor(r.err, bad_date_);
  auto dup = ErrorsFor(r.err, duplicate_id_);
  ASSERT_EQ(section.size(), 1u) << r.err;
  ASSERT_EQ(date.size(), 1u) << r.err;
  ASSERT_EQ(dup.size(), 1u) << r.err;
  EXPECT_NE(section[0].find("Dos and don'ts"), std::string::npos) << section[0];
  EXPECT_NE(date[0].find("2026-13-45"), std::string::npos) << date[0];
  EXPECT_NE(dup[0].find("duplicate"), std::string::npos) << dup[0];
  EXPECT_NE(dup[0].find("be-debugging-complex-issue"), std::string::npos) << dup[0];
  // The bad date is on line 6 of its file and the duplicate id on line 2 of its file.
  EXPECT_TRUE(date[0].starts_with(bad_date_.string() + ":6: ")) << date[0];
  EXPECT_TRUE(dup[0].starts_with(duplicate_id_.string() + ":2: ")) << dup[0];
  // Every error line is "file:line: message" with a real (1-based) line number.
  std::regex with_line("^.+\\.md:[1-9][0-9]*: .+$");
  for (const auto& l : {section[0], date[0], dup[0]})
    EXPECT_TRUE(std::regex_match(l, with_line)) << "error without a line number: " << l;
  EXPECT_NE(r.err.find("3 errors"), std::string::npos) << r.err;
}

TEST_F(BrokenPackTest, ImportIsRefusedAndTheLiveContentIsUnchanged) {
  fs::path data = dir_ / "data";
  ServerProcess s(data);
  ASSERT_TRUE(s.Start()) << s.error();
  Browser b(s.port());
  ASSERT_EQ(b.VoteApi("be-project-impact", R"({"helpful":true})").status, 200);
  const std::string api = "/api/v1/roles/backend-developer/questions?limit=100";
  std::string questions_before = Get(s.port(), api).body;
  std::string fe_before = Get(s.port(), "/api/v1/roles/frontend-developer/questions?limit=100").body;
  std::string role_before = Get(s.port(), "/api/v1/roles?limit=100").body;
  HttpResponse page_before = b.Get("/roles/backend-developer");
  ASSERT_EQ(page_before.status, 200);

  // Import while the server runs: refused, nothing changes.
  CommandResult r = RunStarprep({"content", "import", pack_.string(), "--data", data.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(ErrorsFor(r.err, missing_section_).size(), 1u) << r.err;
  EXPECT_EQ(ErrorsFor(r.err, bad_date_).size(), 1u) << r.err;
  EXPECT_EQ(ErrorsFor(r.err, duplicate_id_).size(), 1u) << r.err;
  EXPECT_EQ(Get(s.port(), api).body, questions_before);
  ASSERT_EQ(s.Stop(), 0);

  // Also refused while the server is stopped; after a restart everything is as before.
  CommandResult stopped = RunStarprep({"content", "import", pack_.string(), "--data", data.string()});
  EXPECT_EQ(stopped.exit_code, 1);
  ASSERT_TRUE(s.Start()) << s.error();
  b.set_port(s.port());
  EXPECT_EQ(Get(s.port(), api).body, questions_before);
  EXPECT_EQ(Get(s.port(), "/api/v1/roles/frontend-developer/questions?limit=100").body, fe_before);
  EXPECT_EQ(Get(s.port(), "/api/v1/roles?limit=100").body, role_before);
  HttpResponse page_after = b.Get("/roles/backend-developer");
  ASSERT_EQ(page_after.status, 200);
  EXPECT_EQ(page_after.body, page_before.body) << "the role page changed after a refused import";
  EXPECT_EQ(page_after.Header("etag"), page_before.Header("etag"));
  EXPECT_EQ(FeedbackCounts(s.port(), "be-project-impact").helpful, 1);
  EXPECT_EQ(s.Stop(), 0);
}

TEST_F(BrokenPackTest, ServerOnAnEmptyDatabaseWithABrokenPackServesNothingButStaysUp) {
  ServerProcess s(dir_ / "data", pack_);
  // The import fails; the server must still start and answer (with no roles), not crash.
  bool started = s.Start();
  if (!started) {
    // Acceptable only if the server refuses to become ready; it must not have crashed.
    ASSERT_TRUE(s.running()) << s.error();
    EXPECT_EQ(Get(s.port(), "/healthz").status, 200);
  } else {
    EXPECT_EQ(Get(s.port(), "/api/v1/roles").Json().at("total").to_number<int>(), 0);
    HttpResponse home = Get(s.port(), "/");
    EXPECT_EQ(home.status, 200);
  }
  std::string log = s.StderrLog();
  EXPECT_NE(log.find("content_error"), std::string::npos) << "the broken pack's errors should be logged";
  EXPECT_EQ(s.Stop(), 0);
}

}  // namespace
}  // namespace starprep::it
