// SPDX-License-Identifier: Apache-2.0
// Tests for coach corrections (practice/corrections.h): the validation of what a candidate sends,
// sealing, listing, the per-user limit, the shared ones for the export, and the corpus entry an
// export writes, on a real SQLite store with a small content pack and the embedded coach model.

#include "practice/corrections.h"

#include <gtest/gtest.h>

#include "../sample_pack.h"
#include "../temp_dir.h"
#include "coach/corpus.h"

namespace starprep::practice {
namespace {

using coach::Component;
using starprep::testing::TempDir;

constexpr char kNow[] = "2027-01-02T03:04:05Z";
constexpr char kAnswer[] =
    "Last spring our checkout service went down during a sale. I was the on-call engineer and had to restore it "
    "quickly. I rolled back the release and added a database index. Errors fell by 95% within an hour.";

std::int64_t Offset(std::string_view text, std::string_view needle) {
  return static_cast<std::int64_t>(text.find(needle));
}

// A valid correction of kAnswer: its last sentence relabelled as the result.
Correction Sample() {
  Correction c;
  c.question_id = "be-outage";
  c.answer = kAnswer;
  c.spans = {{Offset(kAnswer, "Errors fell"), static_cast<std::int64_t>(std::string_view(kAnswer).size()),
              Component::kResult}};
  return c;
}

// The message of ValidateCorrection's error for `c` ("" when it passes).
std::string Problem(const Correction& c) {
  auto s = ValidateCorrection(c);
  return s.ok() ? "" : s.error().message;
}

// The message of CorrectionFromJson's error for the body `json` ("" when its shape is accepted).
std::string ShapeProblem(std::string_view json) {
  auto c = CorrectionFromJson(boost::json::parse(json).as_object());
  if (c.ok()) return "";
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  return c.error().message;
}

TEST(CorrectionFromJson, ReadsTheBodyAndTreatsNullAsAbsent) {
  auto c = CorrectionFromJson(boost::json::parse(R"({"answer":"I did it.","question_id":null,"spans":[{"start":0,
      "end":9,"component":"action"}],"present":["task"],"share":true})")
                                  .as_object());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->answer, "I did it.");
  EXPECT_EQ(c->question_id, "");
  ASSERT_EQ(c->spans.size(), 1u);
  EXPECT_EQ(c->spans[0].end, 9);
  EXPECT_EQ(c->spans[0].component, Component::kAction);
  EXPECT_EQ(c->present, std::vector<Component>{Component::kTask});
  EXPECT_TRUE(c->shared);
  EXPECT_EQ(ShapeProblem(R"({"answer":"a","share":false,"spans":null,"present":null})"), "");
}

TEST(CorrectionFromJson, RejectsTheWorstInputsWithTheFieldNamed) {
  EXPECT_NE(ShapeProblem("{}").find("\"answer\" is required"), std::string::npos);
  EXPECT_NE(ShapeProblem(R"({"answer":"a"})").find("\"share\" is required"), std::string::npos);
  EXPECT_NE(ShapeProblem(R"({"answer":5,"share":true})").find("\"answer\" must be a string"), std::string::npos);
  EXPECT_NE(ShapeProblem(R"({"answer":"a","share":true,"bogus":1})").find("Unknown field \"bogus\""),
            std::string::npos);
  for (const char* offset : {"18446744073709551615", "1e308", "2.5", "-1e999", "\"3\"", "null"})
    EXPECT_NE(ShapeProblem(std::string(R"({"answer":"a","share":true,"spans":[{"start":)") + offset +
                           R"(,"end":1,"component":"task"}]})")
                  .find("spans[0].start must be a whole number"),
              std::string::npos)
        << offset;
  EXPECT_NE(ShapeProblem(R"({"answer":"a","share":true,"spans":[{"start":0,"end":1,"component":"TASK"}]})")
                .find("spans[0].component"),
            std::string::npos);
  auto other = CorrectionFromJson(boost::json::parse(R"({"answer":"a","share":true,"present":["other"]})").as_object());
  ASSERT_TRUE(other.ok()) << "a known part name has the right shape";
  EXPECT_NE(Problem(*other).find("present[0] is \"other\""), std::string::npos);
  // Numbers past int64 but whole are refused by their shape; negative ones by ValidateCorrection.
  auto negative = CorrectionFromJson(
      boost::json::parse(
          R"({"answer":"abc","share":true,"spans":[{"start":-9223372036854775808,"end":2,"component":"task"}]})")
          .as_object());
  ASSERT_TRUE(negative.ok());
  EXPECT_NE(Problem(*negative).find("outside the answer"), std::string::npos);
}

TEST(ValidateCorrection, AcceptsSpansInOrderAndPresentParts) {
  Correction c = Sample();
  EXPECT_EQ(Problem(c), "");
  c.spans = {{0, 10, Component::kSituation}, {10, 20, Component::kTask}};  // adjacent is fine
  c.present = {Component::kTask, Component::kResult};
  EXPECT_EQ(Problem(c), "");
  c.spans.clear();  // only present parts
  EXPECT_EQ(Problem(c), "");
}

TEST(ValidateCorrection, NamesWhatIsWrong) {
  struct Case {
    const char* name;
    void (*change)(Correction&);
    const char* message;
  };
  const Case cases[] = {
      {"blank answer", [](Correction& c) { c.answer = " \n "; }, "The answer is empty"},
      {"not UTF-8", [](Correction& c) { c.answer = "abc\xff"; }, "not valid UTF-8"},
      {"empty span",
       [](Correction& c) {
         c.spans = {{4, 4, Component::kTask}};
       },
       "spans[0] is empty"},
      {"reversed span",
       [](Correction& c) {
         c.spans = {{9, 4, Component::kTask}};
       },
       "spans[0] is empty"},
      {"negative start",
       [](Correction& c) {
         c.spans = {{-1, 4, Component::kTask}};
       },
       "spans[0] lies outside"},
      {"past the end",
       [](Correction& c) {
         c.spans = {{0, 100000, Component::kTask}};
       },
       "spans[0] lies outside"},
      {"inside a character",
       [](Correction& c) {
         c.answer = "Caf\xC3\xA9 orders doubled.";
         c.spans = {{0, 4, Component::kResult}};
       },
       "spans[0] starts or ends inside a character"},
      {"overlapping",
       [](Correction& c) {
         c.spans = {{5, 10, Component::kTask}, {8, 12, Component::kAction}};
       },
       "spans[1] starts at byte 8, before spans[0] ends (byte 10)"},
      {"out of order",
       [](Correction& c) {
         c.spans = {{5, 10, Component::kTask}, {0, 3, Component::kAction}};
       },
       "spans must be in order"},
      {"too many spans",
       [](Correction& c) {
         c.spans.clear();
         for (int i = 0; i < 201; ++i) c.spans.push_back({i, i + 1, Component::kOther});
       },
       "at most 200 spans"},
      {"present other", [](Correction& c) { c.present = {Component::kOther}; }, "present[0] is \"other\""},
      {"present twice",
       [](Correction& c) {
         c.present = {Component::kTask, Component::kTask};
       },
       "present names \"task\" twice"},
      {"nothing",
       [](Correction& c) {
         c.spans.clear();
         c.present.clear();
       },
       "Nothing to save"},
  };
  for (const Case& k : cases) {
    Correction c = Sample();
    k.change(c);
    auto s = ValidateCorrection(c);
    ASSERT_FALSE(s.ok()) << k.name;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument) << k.name;
    EXPECT_NE(s.error().message.find(k.message), std::string::npos) << k.name << ": " << s.error().message;
  }
  Correction huge = Sample();
  huge.answer = std::string(10001, 'a');
  huge.spans = {{0, 1, Component::kOther}};
  EXPECT_EQ(ValidateCorrection(huge).error().code, ErrorCode::kTooLarge);
}

auth::Keyring::Key TestKey() {
  auth::Keyring::Key key;
  key.fill(0x33);
  return key;
}

class CorrectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::OpenSqliteStore((dir_.path() / "starprep.db").string());
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    ASSERT_TRUE(store_->ReplaceContent(starprep::testing::SamplePack()).ok());
    corrections_ = std::make_unique<Corrections>(*store_, keyring_);
    ann_ = MustCreateUser("ann@example.org");
    bob_ = MustCreateUser("bob@example.org");
  }

  store::User MustCreateUser(const std::string& email) {
    auto u = store_->CreateUser({0, email, "Name", "$argon2id$fake", "member", "2027-01-01T00:00:00Z"});
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? *u : store::User{};
  }

  std::int64_t MustSave(const store::User& user, Correction c) {
    auto id = corrections_->Save(user.id, c, kNow);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
  auth::Keyring keyring_{{{1, TestKey()}}};
  std::unique_ptr<Corrections> corrections_;
  store::User ann_, bob_;
};

TEST_F(CorrectionsTest, SavedCorrectionsComeBackOpenedAndAreSealedAtRest) {
  Correction c = Sample();
  c.present = {Component::kTask};
  c.shared = true;
  const std::int64_t id = MustSave(ann_, c);
  auto page = corrections_->List(ann_.id, 10, 0);
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->total, 1);
  const Correction& back = page->items.at(0);
  EXPECT_EQ(back.id, id);
  EXPECT_EQ(back.question_id, "be-outage");
  EXPECT_EQ(back.answer, kAnswer);
  ASSERT_EQ(back.spans.size(), 1u);
  EXPECT_EQ(back.spans[0].start, c.spans[0].start);
  EXPECT_EQ(back.spans[0].end, c.spans[0].end);
  EXPECT_EQ(back.spans[0].component, Component::kResult);
  EXPECT_EQ(back.present, (std::vector<Component>{Component::kTask}));
  EXPECT_TRUE(back.shared);
  EXPECT_EQ(back.created_at, kNow);
  EXPECT_EQ(corrections_->List(bob_.id, 10, 0)->total, 0) << "another user's corrections are not listed";

  const store::CorrectionRecord record = store_->ListCorrections(ann_.id, 1, 0)->items.at(0);
  for (const char* fragment : {"checkout", "95%", "result", "spans"})
    EXPECT_EQ(record.sealed.bytes.find(fragment), std::string::npos) << fragment;
  EXPECT_FALSE(keyring_.Open(record.sealed, auth::SealedContext(store::SealedKind::kAttempt, ann_.id)).ok());
  EXPECT_FALSE(keyring_.Open(record.sealed, auth::SealedContext(store::SealedKind::kCorrection, bob_.id)).ok());
}

TEST_F(CorrectionsTest, AnUnknownQuestionIsNotFoundAndNoQuestionIsFine) {
  Correction c = Sample();
  c.question_id = "no-such-question";
  auto id = corrections_->Save(ann_.id, c, kNow);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::kNotFound);
  c.question_id.clear();
  MustSave(ann_, c);
  EXPECT_EQ(corrections_->List(ann_.id, 10, 0)->items.at(0).question_id, "");
}

TEST_F(CorrectionsTest, EachUserHasTheirOwnLimit) {
  for (int i = 0; i < static_cast<int>(kCorrectionBurst); ++i) MustSave(ann_, Sample());
  auto refused = corrections_->Save(ann_.id, Sample(), kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_GE(refused.error().retry_after, 1);
  EXPECT_EQ(corrections_->List(ann_.id, 100, 0)->total, static_cast<int>(kCorrectionBurst));
  MustSave(bob_, Sample());
  // An invalid correction is refused before it costs a token.
  Correction invalid = Sample();
  invalid.spans.clear();
  EXPECT_EQ(corrections_->Save(bob_.id, invalid, kNow).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(CorrectionsTest, ForEachSharedReadsEveryUsersSharedCorrectionsOldestFirst) {
  Correction shared = Sample();
  shared.shared = true;
  const std::int64_t first = MustSave(ann_, shared);
  MustSave(ann_, Sample());  // not shared
  const std::int64_t second = MustSave(bob_, shared);
  std::vector<std::int64_t> seen;
  auto s = corrections_->ForEachShared([&](const Correction& c) -> Status {
    EXPECT_TRUE(c.shared);
    EXPECT_EQ(c.answer, kAnswer);
    seen.push_back(c.id);
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(seen, (std::vector<std::int64_t>{first, second}));
  auto stopped = corrections_->ForEachShared([](const Correction&) -> Status {
    return Error{ErrorCode::kInternal, "stop"};
  });
  EXPECT_EQ(stopped.error().message, "stop");
}

TEST(CorpusEntry, KeepsThePersonsLabelsAndTheCoachsElsewhere) {
  const coach::Model& model = coach::EmbeddedModel();
  const coach::Report report = coach::Analyze(model, kAnswer, coach::Context{});
  ASSERT_GE(report.sentences.size(), 3u);
  // Relabel the first sentence as something the coach did not say.
  const coach::SentenceResult& first = report.sentences.front();
  const Component other_label = first.component == Component::kOther ? Component::kSituation : Component::kOther;
  Correction c;
  c.id = 42;
  c.question_id = "be-outage";
  c.answer = kAnswer;
  c.spans = {{first.span.start, first.span.end, other_label}};
  c.present = {Component::kTask};
  c.shared = true;
  c.created_at = kNow;
  const auto entry = CorpusEntry(c, model);
  ASSERT_TRUE(entry.has_value());
  EXPECT_TRUE(
      entry->starts_with("## correction-42\nquestion: be-outage\nvoice: user correction, shared 2027-01-02\n"
                         "present: task\n\n"))
      << *entry;
  EXPECT_EQ(entry->find("@"), std::string::npos) << "no email";

  std::vector<coach::LabelledAnswer> back;
  std::vector<std::string> errors;
  coach::ParseCorpusFile("export.md", *entry, back, errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].text, kAnswer);
  EXPECT_EQ(back[0].present, c.present);
  EXPECT_EQ(back[0].LabelAt(first.span.start), other_label);
  for (std::size_t i = 1; i < report.sentences.size(); ++i)
    EXPECT_EQ(back[0].LabelAt(report.sentences[i].span.start), report.sentences[i].component) << "sentence " << i;
  // Every byte is in a part.
  EXPECT_EQ(back[0].parts.front().span.start, 0u);
  EXPECT_EQ(back[0].parts.back().span.end, back[0].text.size());
}

}  // namespace
}  // namespace starprep::practice
