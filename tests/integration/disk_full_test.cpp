// SPDX-License-Identifier: Apache-2.0
// A full disk: the data directory lives on a small tmpfs mounted by the test (root only; CI runs
// as root), which a filler file then fills to the last byte. Writes must answer 503 with a clear
// message, Retry-After and a log line; reads must keep working; the database must stay intact;
// and writes must work again once the filler is removed.

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "fault_helpers.h"
#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;

constexpr const char* kDiskFullText = "disk is full";  // in the client's message

// Fills the file system holding `path` by writing `path` until ENOSPC, in ever smaller pieces.
// Returns the bytes written, or -1 if a write failed for another reason.
long long FillDisk(const fs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  const std::string chunk(1 << 20, 'f');
  long long total = 0;
  for (std::size_t piece = chunk.size(); piece >= 1; piece /= 16) {
    for (int i = 0; i < 100000; ++i) {  // bounded: 16 MiB of tmpfs is 16 one-MiB pieces
      ssize_t n = ::write(fd, chunk.data(), piece);
      if (n > 0) {
        total += n;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno != ENOSPC) total = -1;
      break;
    }
    if (total < 0) break;
  }
  ::close(fd);
  return total;
}

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (UsesPostgres()) GTEST_SKIP() << "SQLite-only: a full disk under the data directory's database file";
    fs::create_directories(mount_point());
    if (::mount("tmpfs", mount_point().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=0700") != 0) {
      GTEST_SKIP() << "the disk-full test mounts a 16 MiB tmpfs for the data directory, which needs root "
                      "(CAP_SYS_ADMIN); mount failed: "
                   << std::strerror(errno);
    }
    mounted_ = true;
  }
  void TearDown() override {
    server_.reset();  // SIGKILLs a server a failed test left running, before the unmount
    if (mounted_) ::umount2(mount_point().c_str(), MNT_DETACH);
  }
  fs::path mount_point() const { return dir_ / "mnt"; }
  fs::path data() const { return mount_point() / "data"; }

  // Empties the WAL (a write could otherwise reuse its space rather than need more), then fills
  // the disk to the last byte. Returns the filler's size.
  long long FillTheDisk() {
    EXPECT_EQ(DataSql(data(), "PRAGMA wal_checkpoint(TRUNCATE)"), "0");
    EXPECT_EQ(fs::file_size(data() / "starprep.db-wal"), 0u);
    const long long filler = FillDisk(mount_point() / "filler");
    struct statvfs st {};
    EXPECT_EQ(::statvfs(mount_point().c_str(), &st), 0);
    EXPECT_EQ(st.f_bavail, 0u) << "the tmpfs still has room";
    return filler;
  }
  void FreeTheDisk() { fs::remove(mount_point() / "filler"); }

  TempDir dir_{"diskfull"};
  bool mounted_ = false;
  std::unique_ptr<ServerProcess> server_;
};

// A 503 that says the disk is full, with Retry-After; JSON for the API, HTML for forms.
::testing::AssertionResult IsDiskFull(const HttpResponse& r, bool json_body) {
  if (r.status != 503) return ::testing::AssertionFailure() << "status " << r.status << ": " << r.error << r.body;
  const std::string retry = r.Header("retry-after");
  if (retry.empty() || retry.find_first_not_of("0123456789") != std::string::npos || std::stoi(retry) < 1)
    return ::testing::AssertionFailure() << "Retry-After is '" << retry << "'";
  if (json_body && !IsJsonError(r, 503, "unavailable")) return IsJsonError(r, 503, "unavailable");
  if (!json_body && !r.Header("content-type").starts_with("text/html"))
    return ::testing::AssertionFailure() << "content type " << r.Header("content-type");
  if (UnescapeHtml(r.body).find(kDiskFullText) == std::string::npos)
    return ::testing::AssertionFailure() << "the message does not say the disk is full: " << r.body;
  if (r.body.find("sqlite") != std::string::npos) return ::testing::AssertionFailure() << "internals leak: " << r.body;
  return ::testing::AssertionSuccess();
}

TEST_F(DiskFullTest, WritesAnswer503ReadsKeepWorkingAndWritesResumeWhenSpaceIsFreed) {
  server_ = std::make_unique<ServerProcess>(data());
  ServerProcess& s = *server_;
  ASSERT_TRUE(s.Start()) << s.error();
  const std::string q = kDebugQuestion;
  Member member(s.port());
  ASSERT_EQ(member.SignUp("full@example.org").status, 201);
  HttpResponse attempt = member.SaveAttempt(q, MarkedAnswer("before the disk filled"));
  ASSERT_EQ(attempt.status, 201) << attempt.body;
  const std::int64_t attempt_id = IdOf(attempt);
  ASSERT_EQ(member.CreateStory("Before the disk filled", {q}).status, 201);
  Browser voter(s.port());
  ASSERT_EQ(voter.VoteApi(q, R"({"helpful":true})").status, 200);
  const Counts before = FeedbackCounts(s.port(), q);

  const long long filler = FillTheDisk();
  ASSERT_GT(filler, 0) << "could not fill the tmpfs";

  // Writes: 503, a clear message, Retry-After.
  Browser new_voter(s.port());
  EXPECT_TRUE(IsDiskFull(new_voter.VoteApi(q, R"({"helpful":false})"), true));
  EXPECT_TRUE(IsDiskFull(member.SaveAttempt(q, MarkedAnswer("while the disk was full")), true));
  EXPECT_TRUE(IsDiskFull(member.CreateStory("While the disk was full", {q}), true));
  EXPECT_TRUE(IsDiskFull(new_voter.VoteForm("/roles/backend-developer", q, false), false));
  // ... and a log line with the cause.
  const std::string log = s.StderrLog();
  EXPECT_NE(log.find("database or disk is full"), std::string::npos)
      << log.substr(log.size() > 4000 ? log.size() - 4000 : 0);

  // Reads: pages, the API, a signed-in member's own data.
  EXPECT_EQ(Get(s.port(), "/healthz").status, 200);
  EXPECT_EQ(Get(s.port(), "/readyz").status, 200);
  EXPECT_EQ(Get(s.port(), "/").status, 200);
  EXPECT_EQ(Get(s.port(), "/roles/backend-developer").status, 200);
  EXPECT_EQ(Get(s.port(), "/questions/" + q).status, 200);
  EXPECT_EQ(Get(s.port(), "/jobs").status, 200);  // rendered per request from the database
  EXPECT_EQ(Get(s.port(), "/api/v1/roles").status, 200);
  EXPECT_EQ(Get(s.port(), "/api/v1/questions/" + q).status, 200);
  EXPECT_EQ(FeedbackCounts(s.port(), q), before) << "the refused vote changed the counts";
  HttpResponse mine = member.Get("/api/v1/me/attempts");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Json().at("total").as_int64(), 1) << "the refused attempt was saved";
  EXPECT_EQ(member.Get("/api/v1/me/attempts/" + std::to_string(attempt_id)).status, 200);
  EXPECT_EQ(member.Get("/attempts/" + std::to_string(attempt_id)).status, 200);
  EXPECT_EQ(member.Get("/stories").status, 200);

  // Space freed: writes work again, without a restart.
  FreeTheDisk();
  EXPECT_EQ(new_voter.VoteApi(q, R"({"helpful":false})").status, 200);
  EXPECT_EQ(member.SaveAttempt(q, MarkedAnswer("after space was freed")).status, 201);
  EXPECT_EQ(member.CreateStory("After space was freed", {q}).status, 201);
  EXPECT_EQ(FeedbackCounts(s.port(), q).not_helpful, before.not_helpful + 1);
  ASSERT_EQ(s.Stop(), 0) << s.StderrLog();

  // Nothing is corrupted, and nothing refused was kept.
  EXPECT_EQ(DataSql(data(), "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(DataSql(data(), "SELECT count(*) FROM attempts"), "2");
  EXPECT_EQ(DataSql(data(), "SELECT count(*) FROM stories"), "2");
  std::cout << "[ diskfull ] filler " << filler << " bytes; 4 writes refused with 503 + Retry-After; reads served; "
            << "writes resumed after freeing space; integrity_check ok" << std::endl;
}

// Each use of an API token records when it was last used: that write must not fail the read.
TEST_F(DiskFullTest, TokenAuthenticatedReadsKeepWorking) {
  server_ = std::make_unique<ServerProcess>(data());
  ServerProcess& s = *server_;
  ASSERT_TRUE(s.Start()) << s.error();
  Member member(s.port());
  ASSERT_EQ(member.SignUp("token@example.org").status, 201);
  ASSERT_EQ(member.SaveAttempt(kDebugQuestion, MarkedAnswer("read with a token")).status, 201);
  HttpResponse token = member.Call("POST", "/api/v1/me/tokens", R"({"name":"reader"})");
  ASSERT_EQ(token.status, 201) << token.body;
  const Headers bearer{{"Authorization", "Bearer " + std::string(token.Json().at("token").as_string())}};
  ASSERT_GT(FillTheDisk(), 0);
  for (int i = 0; i < 2; ++i) {  // the first use and a later one
    HttpResponse r = Get(s.port(), "/api/v1/me/attempts", bearer);
    EXPECT_EQ(r.status, 200) << "a token-authenticated read failed on a full disk: " << r.body;
    if (r.status == 200) {
      EXPECT_EQ(r.Json().at("total").as_int64(), 1);
    }
  }
  FreeTheDisk();
  EXPECT_EQ(Get(s.port(), "/api/v1/me", bearer).status, 200);
  EXPECT_EQ(s.Stop(), 0);
}

}  // namespace
}  // namespace starprep::it
