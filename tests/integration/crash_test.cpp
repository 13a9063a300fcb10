// SPDX-License-Identifier: Apache-2.0
// kill -9 under a write load: several rounds of start, concurrent writers (feedback votes through
// the API and the HTML form, saved attempts and STAR stories of a signed-up member), SIGKILL while
// they write, restart on the same data directory. Every write acknowledged with a 2xx must be
// there after the restart, and nothing half-written may be visible: a story has all its question
// links or does not exist, an attempt's sealed answer opens to the text that was sent, a vote is
// the one that was cast. Writes that were cut off by the kill may or may not have landed.

#include <signal.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "fault_helpers.h"
#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr int kRounds = 5;
constexpr int kMinAcksBeforeKill = 3;   // per writer and round
constexpr int kMaxWritesPerRound = 30;  // per writer: bounded (and 5 x 30 stories < the 200 a bank holds)
constexpr auto kLoadDeadline = 30s;     // to reach kMinAcksBeforeKill on a busy machine
const std::chrono::milliseconds kKillDelays[kRounds] = {0ms, 30ms, 80ms, 150ms, 250ms};

// One write as sent; `acked` once a 2xx was read back.
struct Vote {
  std::shared_ptr<Browser> voter;
  std::string question;
  bool helpful = false;
  bool acked = false;
};
struct Attempt {
  std::string question, answer;
  std::int64_t id = -1;
  bool acked = false;
};
struct Story {
  std::string title;
  std::vector<std::string> questions;  // sorted, as the API lists them
  std::int64_t id = -1;
  bool acked = false;
};

// What one round's writers sent, and anything that answered neither 2xx nor "connection lost".
struct Sent {
  std::vector<Vote> votes;
  std::vector<Attempt> attempts;
  std::vector<Story> stories;
  std::vector<std::string> unexpected;
};

class CrashTest : public ::testing::Test {
 protected:
  TempDir dir_{"crash"};
  fs::path data() const { return dir_ / "data"; }
};

// The writers of one round. Each stops at its cap, at `stop`, or when the server is gone.
class Load {
 public:
  Load(std::uint16_t port, Member& member, const std::vector<std::string>& questions, int round)
      : port_(port), member_(member), questions_(questions), round_(round) {}

  void Start() {
    threads_.emplace_back([this] { VoteLoop(api_, false); });
    threads_.emplace_back([this] { VoteLoop(form_, true); });
    threads_.emplace_back([this] { AttemptLoop(); });
    threads_.emplace_back([this] { StoryLoop(); });
  }
  // True once every writer has `n` acknowledged writes (or gave up).
  bool EachHasAcked(int n) const {
    for (const auto* p : {&api_, &form_, &attempts_, &stories_})
      if (p->acked < n && !p->done) return false;
    return true;
  }
  int StillWriting() const {
    int n = 0;
    for (const auto* p : {&api_, &form_, &attempts_, &stories_}) n += p->done ? 0 : 1;
    return n;
  }
  Sent Join() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    Sent all;
    for (auto* p : {&api_, &form_, &attempts_, &stories_}) {
      all.votes.insert(all.votes.end(), p->sent.votes.begin(), p->sent.votes.end());
      all.attempts.insert(all.attempts.end(), p->sent.attempts.begin(), p->sent.attempts.end());
      all.stories.insert(all.stories.end(), p->sent.stories.begin(), p->sent.stories.end());
      all.unexpected.insert(all.unexpected.end(), p->sent.unexpected.begin(), p->sent.unexpected.end());
    }
    return all;
  }

 private:
  struct Writer {
    Sent sent;  // touched only by the writer's thread until Join()
    std::atomic<int> acked{0};
    std::atomic<bool> done{false};
  };

  // Classifies a response: 2xx (acked), 0 (the server is gone: stop), anything else (a failure).
  bool Check(Writer& w, const HttpResponse& r, int want, const std::string& what, bool& acked) {
    acked = r.status == want;
    if (acked) ++w.acked;
    if (r.status != 0 && !acked) w.sent.unexpected.push_back(what + ": " + std::to_string(r.status) + " " + r.body);
    return r.status != 0;
  }

  // A new visitor votes on each question in turn, then the next visitor takes over.
  void VoteLoop(Writer& w, bool form) {
    std::shared_ptr<Browser> voter;
    for (int i = 0; i < kMaxWritesPerRound && !stop_; ++i) {
      const std::string& q = questions_[i % questions_.size()];
      if (i % questions_.size() == 0) voter = std::make_shared<Browser>(port_);
      Vote v{voter, q, i % 2 == 0};
      std::string comment = "round " + std::to_string(round_) + " vote " + std::to_string(i);
      HttpResponse r =
          form ? voter->VoteForm("/roles/backend-developer", q, v.helpful, comment)
               : voter->VoteApi(q, json::serialize(json::object{{"helpful", v.helpful}, {"comment", comment}}));
      bool go_on = Check(w, r, form ? 303 : 200, std::string(form ? "form" : "API") + " vote", v.acked);
      w.sent.votes.push_back(std::move(v));
      if (!go_on) break;
    }
    w.done = true;
  }

  void AttemptLoop() {
    Writer& w = attempts_;
    for (int i = 0; i < kMaxWritesPerRound && !stop_; ++i) {
      Attempt a{questions_[i % questions_.size()],
                MarkedAnswer("round " + std::to_string(round_) + " attempt " + std::to_string(i))};
      HttpResponse r = member_.SaveAttempt(a.question, a.answer);
      bool go_on = Check(w, r, 201, "attempt", a.acked);
      if (a.acked) a.id = IdOf(r);
      w.sent.attempts.push_back(std::move(a));
      if (!go_on) break;
    }
    w.done = true;
  }

  // Stories link one to four questions, so a story written without all its links would show.
  void StoryLoop() {
    Writer& w = stories_;
    for (int i = 0; i < kMaxWritesPerRound && !stop_; ++i) {
      Story s{"Round " + std::to_string(round_) + " story " + std::to_string(i), {}};
      for (int k = 0; k <= i % 4; ++k) s.questions.push_back(questions_[(i + k * 5) % questions_.size()]);
      std::sort(s.questions.begin(), s.questions.end());
      HttpResponse r = member_.CreateStory(s.title, s.questions);
      bool go_on = Check(w, r, 201, "story", s.acked);
      if (s.acked) s.id = IdOf(r);
      w.sent.stories.push_back(std::move(s));
      if (!go_on) break;
    }
    w.done = true;
  }

  std::uint16_t port_;
  Member& member_;
  const std::vector<std::string>& questions_;
  int round_;
  std::atomic<bool> stop_{false};
  Writer api_, form_, attempts_, stories_;
  std::vector<std::thread> threads_;
};

// Checks, on a restarted server, everything sent so far. Returns the number of acknowledged
// writes it found (each one is asserted).
struct Found {
  int acked = 0;
  int unacked_present = 0;
  int unacked_absent = 0;
};

Found CheckVotes(std::uint16_t port, const std::vector<Vote>& votes) {
  Found f;
  std::map<Browser*, std::map<std::string, std::string>> mine;  // voter -> question -> your_vote
  for (const auto& v : votes) {
    if (mine.count(v.voter.get())) continue;
    v.voter->set_port(port);
    HttpResponse r = v.voter->Get("/api/v1/roles/backend-developer/feedback");
    EXPECT_EQ(r.status, 200) << r.error << r.body;
    auto& answers = mine[v.voter.get()];
    auto body = r.Json();
    if (!body.is_object()) continue;
    for (const auto& item : body.at("items").as_array())
      answers[std::string(item.at("question_id").as_string())] =
          item.at("your_vote").is_string() ? std::string(item.at("your_vote").as_string()) : "none";
  }
  for (const auto& v : votes) {
    const std::string got = mine[v.voter.get()][v.question];
    const std::string want = v.helpful ? "yes" : "no";
    if (v.acked) {
      ++f.acked;
      EXPECT_EQ(got, want) << "an acknowledged vote on " << v.question << " was lost or changed";
    } else {
      EXPECT_TRUE(got == want || got == "none") << "a cut-off vote on " << v.question << " reads '" << got << "'";
      ++(got == want ? f.unacked_present : f.unacked_absent);
    }
  }
  return f;
}

Found CheckAttempts(Member& member, const std::vector<Attempt>& attempts) {
  Found f;
  std::map<std::int64_t, const Attempt*> by_id;
  std::map<std::string, const Attempt*> by_answer;
  for (const auto& a : attempts) {
    by_answer[a.answer] = &a;
    if (a.acked) by_id[a.id] = &a;
  }
  // Every listed attempt opens (its sealed answer decrypts) to a text that was sent.
  std::set<std::int64_t> listed;
  int total = -1;
  for (int offset = 0; offset < 10000; offset += 100) {
    HttpResponse page = member.Get("/api/v1/me/attempts?limit=100&offset=" + std::to_string(offset));
    EXPECT_EQ(page.status, 200) << page.error << page.body;
    auto v = page.Json();
    if (page.status != 200 || !v.is_object()) break;
    total = static_cast<int>(v.at("total").as_int64());
    for (const auto& item : v.at("items").as_array()) listed.insert(item.at("id").as_int64());
    if (v.at("items").as_array().size() < 100) break;
  }
  EXPECT_EQ(static_cast<int>(listed.size()), total);
  for (std::int64_t id : listed) {
    HttpResponse r = member.Get("/api/v1/me/attempts/" + std::to_string(id));
    auto v = r.Json();
    EXPECT_EQ(r.status, 200) << "listed attempt " << id << " does not open: " << r.body;
    if (r.status != 200 || !v.is_object()) continue;
    const std::string answer(v.at("answer").as_string());
    auto sent = by_answer.find(answer);
    EXPECT_NE(sent, by_answer.end()) << "attempt " << id << " holds a text nobody sent: " << answer;
    if (sent == by_answer.end()) continue;
    EXPECT_EQ(v.at("question_id").as_string(), sent->second->question);
    if (sent->second->acked) {
      EXPECT_EQ(sent->second->id, id);
    } else {
      ++f.unacked_present;
    }
  }
  for (const auto& [id, a] : by_id) {
    ++f.acked;
    EXPECT_TRUE(listed.count(id)) << "acknowledged attempt " << id << " (" << a->answer << ") was lost";
  }
  f.unacked_absent = static_cast<int>(attempts.size()) - f.acked - f.unacked_present;
  return f;
}

Found CheckStories(Member& member, const std::vector<Story>& stories) {
  Found f;
  std::map<std::string, const Story*> by_title;
  for (const auto& s : stories) by_title[s.title] = &s;
  HttpResponse r = member.Get("/api/v1/me/stories");
  EXPECT_EQ(r.status, 200) << r.error << r.body;
  auto v = r.Json();
  std::set<std::int64_t> listed;
  if (v.is_object()) {
    for (const auto& item : v.at("items").as_array()) {
      const std::string title(item.at("title").as_string());
      auto sent = by_title.find(title);
      EXPECT_NE(sent, by_title.end()) << "a story nobody sent: " << title;
      if (sent == by_title.end()) continue;
      std::vector<std::string> links;
      for (const auto& q : item.at("question_ids").as_array()) links.emplace_back(q.as_string());
      EXPECT_EQ(links, sent->second->questions) << "story '" << title << "' is half-written (its question links)";
      listed.insert(item.at("id").as_int64());
      if (sent->second->acked) {
        EXPECT_EQ(item.at("id").as_int64(), sent->second->id);
      } else {
        ++f.unacked_present;
      }
    }
  }
  for (const auto& s : stories) {
    if (!s.acked) continue;
    ++f.acked;
    EXPECT_TRUE(listed.count(s.id)) << "acknowledged story " << s.id << " ('" << s.title << "') was lost";
  }
  f.unacked_absent = static_cast<int>(stories.size()) - f.acked - f.unacked_present;
  return f;
}

TEST_F(CrashTest, AcknowledgedWritesSurviveKill9UnderLoad) {
  ServerProcess server(data());
  ASSERT_TRUE(server.Start()) << server.error();
  const std::vector<std::string> questions = BackendQuestions(server.port(), 18);
  ASSERT_GE(questions.size(), 10u);
  Member member(server.port());
  ASSERT_EQ(member.SignUp("crash@example.org").status, 201);

  Sent all;
  Found votes, attempts, stories;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    if (round > 0) {
      ASSERT_TRUE(server.Start()) << server.error();
    }
    member.set_port(server.port());
    Load load(server.port(), member, questions, round);
    load.Start();
    for (auto deadline = Clock::now() + kLoadDeadline;
         !load.EachHasAcked(kMinAcksBeforeKill) && Clock::now() < deadline;)
      std::this_thread::sleep_for(5ms);
    std::this_thread::sleep_for(kKillDelays[round]);
    const int writing = load.StillWriting();
    server.Kill();  // SIGKILL: no shutdown code runs
    Sent sent = load.Join();
    EXPECT_GT(writing, 0) << "the kill did not land under load";
    EXPECT_TRUE(sent.unexpected.empty()) << sent.unexpected.size() << " writes failed before the kill, e.g. "
                                         << sent.unexpected.front();
    all.votes.insert(all.votes.end(), sent.votes.begin(), sent.votes.end());
    all.attempts.insert(all.attempts.end(), sent.attempts.begin(), sent.attempts.end());
    all.stories.insert(all.stories.end(), sent.stories.begin(), sent.stories.end());

    // On disk, before anything restarts: the database opens, is consistent, and no story lost its links.
    if (!UsesPostgres()) {
      EXPECT_EQ(DataSql(data(), "PRAGMA integrity_check"), "ok");
    }
    EXPECT_EQ(DataSql(data(), "SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM story_questions)"),
              "0");
    EXPECT_EQ(DataSql(data(), "SELECT count(*) FROM story_questions WHERE story_id NOT IN (SELECT id FROM stories)"),
              "0");

    // Restarted on the same data directory: everything acknowledged so far, in every round.
    ASSERT_TRUE(server.Start()) << server.error();
    member.set_port(server.port());
    votes = CheckVotes(server.port(), all.votes);
    attempts = CheckAttempts(member, all.attempts);
    stories = CheckStories(member, all.stories);
    if (round + 1 < kRounds) server.Kill();  // the next round starts from a crash too
  }
  EXPECT_EQ(server.Stop(), 0) << server.StderrLog();

  const int acked = votes.acked + attempts.acked + stories.acked;
  EXPECT_GT(votes.acked, 0);
  EXPECT_GT(attempts.acked, 0);
  EXPECT_GT(stories.acked, 0);
  std::ostringstream report;
  report << "kill -9 rounds: " << kRounds << "; acknowledged writes checked: " << acked << " (votes " << votes.acked
         << ", attempts " << attempts.acked << ", stories " << stories.acked << "); cut off by the kill: present "
         << votes.unacked_present + attempts.unacked_present + stories.unacked_present << ", absent "
         << votes.unacked_absent + attempts.unacked_absent + stories.unacked_absent;
  std::cout << "[ crash    ] " << report.str() << std::endl;
  RecordProperty("summary", report.str());
}

}  // namespace
}  // namespace starprep::it
