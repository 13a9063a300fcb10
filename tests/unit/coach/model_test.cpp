// SPDX-License-Identifier: Apache-2.0
#include "coach/model.h"

#include <gtest/gtest.h>

#include "coach/corpus.h"
#include "coach/eval.h"

namespace starprep::coach {
namespace {

std::vector<LabelledAnswer> TinyCorpus() {
  std::vector<LabelledAnswer> out;
  std::vector<std::string> errors;
  ParseCorpusFile("tiny.md",
                  "## one\nquestion: q1\nvoice: test\n\n[[situation]] Our site was slow. [[task]] I had to fix it. "
                  "[[action]] I added an index. [[result]] Pages got 5x faster.\n\n"
                  "## two\nquestion: q1\nvoice: test\n\n[[situation]] The queue kept backing up. [[task]] My goal "
                  "was to drain it. [[action]] I scaled the consumers. [[result]] The backlog cleared in 2 hours.\n",
                  out, errors);
  EXPECT_TRUE(errors.empty());
  return out;
}

TEST(Model, TrainingIsDeterministic) {
  const auto corpus = TinyCorpus();
  const Model a = Model::Train(corpus, {"slow site index", "queue consumers"}, TrainOptions{});
  const Model b = Model::Train(corpus, {"slow site index", "queue consumers"}, TrainOptions{});
  EXPECT_EQ(a.Serialize(), b.Serialize());
  EXPECT_GT(a.FeatureCount(), 10u);
}

TEST(Model, SerialisationRoundTrips) {
  const Model a = Model::Train(TinyCorpus(), {"slow site index", "queue consumers"}, TrainOptions{});
  Model b;
  std::string error;
  ASSERT_TRUE(Model::Deserialize(a.Serialize(), b, error)) << error;
  EXPECT_EQ(b.Serialize(), a.Serialize());
  EXPECT_FLOAT_EQ(a.Idf("consumer"), b.Idf("consumer"));
  EXPECT_GT(a.Idf("never-seen"), a.Idf("consumer"));
}

TEST(Model, RejectsCorruptBytes) {
  const std::string bytes = Model::Train(TinyCorpus(), {"x"}, TrainOptions{}).Serialize();
  Model m;
  std::string error;
  EXPECT_FALSE(Model::Deserialize("not a model", m, error));
  EXPECT_FALSE(error.empty());
  for (std::size_t cut : {std::size_t{9}, bytes.size() / 2, bytes.size() - 1})
    EXPECT_FALSE(Model::Deserialize(std::string_view(bytes).substr(0, cut), m, error)) << cut;
  EXPECT_FALSE(Model::Deserialize(bytes + "x", m, error));
}

TEST(Model, LearnsItsTrainingData) {
  const auto corpus = TinyCorpus();
  const Model m = Model::Train(corpus, {}, TrainOptions{});
  const EvalReport e = Evaluate(m, corpus);
  EXPECT_EQ(e.sentences, 8);
  EXPECT_EQ(e.sentences_correct, 8);
}

TEST(Decode, PosteriorsAreDistributions) {
  const Model m = Model::Train(TinyCorpus(), {}, TrainOptions{});
  Document doc;
  Prepare("Our site was slow. I had to fix it. I added an index. It got faster.", doc);
  const Decoded d = Decode(m, doc);
  ASSERT_EQ(d.labels.size(), 4u);
  for (std::size_t s = 0; s < 4; ++s) {
    float sum = 0;
    for (float p : d.posterior[s]) sum += p;
    EXPECT_NEAR(sum, 1.0f, 1e-4);
    EXPECT_FLOAT_EQ(d.confidence[s], d.posterior[s][static_cast<int>(d.labels[s])]);
  }
}

TEST(Eval, WithoutPartDropsExactlyThatPart) {
  const auto corpus = TinyCorpus();
  const LabelledAnswer reduced = WithoutPart(corpus[0], Component::kTask);
  EXPECT_EQ(reduced.text.find("I had to fix it"), std::string::npos);
  EXPECT_NE(reduced.text.find("I added an index."), std::string::npos);
  ASSERT_EQ(reduced.parts.size(), 3u);
  for (const auto& p : reduced.parts) EXPECT_NE(p.component, Component::kTask);
  EXPECT_EQ(reduced.text.substr(reduced.parts[1].span.start, 5), "I add");
}

}  // namespace
}  // namespace starprep::coach
