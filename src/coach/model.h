// SPDX-License-Identifier: Apache-2.0
#pragma once
// The coach's learned model: multinomial logistic regression over hashed sentence features,
// plus STAR-order transition scores for decoding a whole answer, plus word document
// frequencies for picking a question's keywords. Trained deterministically from labelled
// answers (Train); shipped inside the binary as bytes (Serialize/Deserialize).
// A Model is immutable after construction and safe to share between threads.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coach/features.h"

namespace starprep::coach {

// An answer with every byte range labelled: the training and evaluation unit.
struct LabelledAnswer {
  std::string id;           // unique in its corpus
  std::string question_id;  // the question it answers ("" if none)
  std::string voice;        // free-form tag: "model answer", "passive", "bullets"...
  std::string text;         // as the candidate wrote it
  struct Part {
    Span span;
    Component component{};
  };
  std::vector<Part> parts;  // in text order, not overlapping
  // STAR parts a person says the answer has although no text is labelled with them (a corpus
  // file's "present:" line; a reviewer's note, not used for training).
  std::vector<Component> present;

  // The label of the part containing byte `offset`, or kOther outside every part.
  Component LabelAt(std::uint32_t offset) const;
  // Which STAR parts label some text (situation, task, action, result).
  std::array<bool, kStarCount> StarPartsTold() const;
  // True when situation, task, action and result each label some text.
  bool HasAllStarParts() const;
};

struct TrainOptions {
  int epochs = 30;
  float learning_rate = 0.3f;
  float l2 = 1e-5f;
  float transition_weight = 1.5f;  // how much STAR order counts against a sentence's own evidence (tuned by CV)
  std::uint64_t seed = 20261129;   // shuffling order; same seed, same model
  // Also train on each complete answer with one STAR part removed, so the model learns that a
  // part can be absent instead of stretching its neighbours to fill the gap.
  bool train_on_removals = true;
  // Also train on each answer with its result told first (ResultFirst), as candidates often do.
  bool train_on_result_first = true;
  // The answer-level presence model (logistic regression per STAR part over each answer's
  // feature set). An answer has hundreds of features at once, so each step moves each weight
  // far less than for one sentence.
  int presence_epochs = 3;
  float presence_learning_rate = 0.02f;
};

// `answer` without the parts labelled `c` (the rest keeps its labels).
LabelledAnswer WithoutPart(const LabelledAnswer& answer, Component c);
// `answer` with its result part(s) moved in front of everything else, each part keeping its
// label; the answer unchanged if it has no result or already starts with it.
LabelledAnswer ResultFirst(const LabelledAnswer& answer);

using Scores = std::array<float, kComponentCount>;

class Model {
 public:
  Model() = default;  // an empty model scores every component 0

  // The answer-level presence model's running sum over one answer: each distinct feature counts
  // once however many of its sentences have it. One per Decode call; not shared.
  struct PresenceSum {
    std::vector<std::uint64_t> seen;         // a bit per table slot
    std::array<float, kStarCount> logits{};  // log-odds that the answer tells each STAR part
  };
  // Adds each feature's weights: unnormalised log-odds per component. With `presence`, also adds
  // the presence weights of the features it has not seen yet (one table lookup serves both).
  Scores Score(const std::vector<std::uint64_t>& features, PresenceSum* presence = nullptr) const;
  // Transition score from component `from` (-1: the answer's start) to `to`, already weighted.
  float Transition(int from, int to) const { return transitions_[(from + 1) * kComponentCount + to]; }
  // log(N / df) of a word stem among the keyword documents; the largest value if never seen.
  float Idf(std::string_view stem) const;
  std::size_t FeatureCount() const { return features_; }

  std::string Serialize() const;
  // Loads bytes produced by Serialize. False (and a reason in `error`) if they are malformed.
  static bool Deserialize(std::string_view bytes, Model& out, std::string& error);

  // Learns from `answers`. `keyword_documents` (e.g. one text per question) give document
  // frequencies for keyword extraction.
  static Model Train(const std::vector<LabelledAnswer>& answers, const std::vector<std::string>& keyword_documents,
                     const TrainOptions& options);

 private:
  struct Slot {
    std::uint64_t key = 0;                     // 0: empty (a feature hashing to 0 is stored as 1)
    Scores weights{};                          // per sentence: one weight per component
    std::array<float, kStarCount> presence{};  // per answer: one weight per STAR part
  };
  void Reserve(std::size_t n);  // empties the table, sized for n features
  void Insert(const Slot& slot);

  std::vector<Slot> slots_;  // open addressing, linear probing, size a power of two
  std::size_t features_ = 0;
  std::array<float, (kComponentCount + 1) * kComponentCount> transitions_{};
  std::uint32_t documents_ = 0;
  std::vector<std::pair<std::string, std::uint32_t>> document_frequency_;  // sorted by stem
};

// The component of each sentence of a prepared document, by Viterbi decoding of the model's
// sentence scores with its transition scores, and the posterior probability of each chosen label
// (forward-backward) as its confidence.
struct Decoded {
  std::array<float, kStarCount> presence{};  // the answer-level presence model's probabilities
  std::vector<Component> labels;
  std::vector<float> confidence;                              // in [0, 1]
  std::vector<std::array<float, kComponentCount>> posterior;  // per sentence, sums to 1
};
Decoded Decode(const Model& model, const Document& doc);

}  // namespace starprep::coach
