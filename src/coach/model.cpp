// SPDX-License-Identifier: Apache-2.0
#include "coach/model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

namespace starprep::coach {
namespace {

constexpr std::string_view kMagic = "SPCOACH2";

std::uint64_t SplitMix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void LogSoftmax(Scores& s) {
  const float max = *std::max_element(s.begin(), s.end());
  float sum = 0;
  for (float v : s) sum += std::exp(v - max);
  const float log_sum = max + std::log(sum);
  for (float& v : s) v -= log_sum;
}

template <class T>
void Put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
bool Get(std::string_view& in, T& v) {
  if (in.size() < sizeof v) return false;
  std::memcpy(&v, in.data(), sizeof v);
  in.remove_prefix(sizeof v);
  return true;
}

// A learned weight per component and its AdaGrad sum of squared gradients.
struct Weight {
  Scores w{};
  Scores g2{};
};

// One AdaGrad step for component `c` of every weight of an example's features.
void AdaGradStep(const std::vector<Weight*>& active, int c, float grad, float learning_rate, float l2) {
  for (Weight* w : active) {
    const float g = grad + l2 * w->w[c];
    w->g2[c] += g * g;
    w->w[c] -= learning_rate * g / (std::sqrt(w->g2[c]) + 1e-6f);
  }
}

}  // namespace

Component LabelledAnswer::LabelAt(std::uint32_t offset) const {
  for (const Part& p : parts)
    if (offset >= p.span.start && offset < p.span.end) return p.component;
  return Component::kOther;
}

std::array<bool, kStarCount> LabelledAnswer::StarPartsTold() const {
  std::array<bool, kStarCount> told{};
  for (const Part& p : parts)
    if (static_cast<int>(p.component) < kStarCount && p.span.end > p.span.start)
      told[static_cast<int>(p.component)] = true;
  return told;
}

bool LabelledAnswer::HasAllStarParts() const {
  const std::array<bool, kStarCount> told = StarPartsTold();
  return told[0] && told[1] && told[2] && told[3];
}

LabelledAnswer WithoutPart(const LabelledAnswer& a, Component c) {
  LabelledAnswer out;
  out.id = a.id;
  out.question_id = a.question_id;
  out.voice = a.voice;
  std::uint32_t cursor = 0;  // bytes before the first part are kept as they are
  auto keep = [&](std::uint32_t from, std::uint32_t to) { out.text.append(a.text, from, to - from); };
  if (!a.parts.empty()) keep(0, a.parts.front().span.start);
  for (const auto& p : a.parts) {
    cursor = p.span.end;
    if (p.component == c) continue;
    const auto start = static_cast<std::uint32_t>(out.text.size());
    keep(p.span.start, p.span.end);
    out.parts.push_back({{start, static_cast<std::uint32_t>(out.text.size())}, p.component});
  }
  keep(cursor, static_cast<std::uint32_t>(a.text.size()));
  return out;
}

LabelledAnswer ResultFirst(const LabelledAnswer& a) {
  const bool has_result =
      std::any_of(a.parts.begin(), a.parts.end(), [](const auto& p) { return p.component == Component::kResult; });
  if (!has_result || a.parts.front().component == Component::kResult) return a;
  LabelledAnswer out;
  out.id = a.id + "/result-first";
  out.question_id = a.question_id;
  out.voice = a.voice;
  // Each part's text without its trailing space; parts joined by a blank line when the original
  // part ended with a line break (a paragraph per part), by a space otherwise.
  std::string separator;
  auto append = [&](const LabelledAnswer::Part& p) {
    std::string_view text = std::string_view(a.text).substr(p.span.start, p.span.end - p.span.start);
    const bool paragraph = text.find('\n', text.find_last_not_of(" \t\r\n") + 1) != std::string_view::npos;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' || text.back() == '\r'))
      text.remove_suffix(1);
    if (text.empty()) return;
    out.text += separator;
    const auto start = static_cast<std::uint32_t>(out.text.size());
    out.text += text;
    out.parts.push_back({{start, static_cast<std::uint32_t>(out.text.size())}, p.component});
    separator = paragraph ? "\n\n" : " ";
  };
  for (const auto& p : a.parts)
    if (p.component == Component::kResult) append(p);
  for (const auto& p : a.parts)
    if (p.component != Component::kResult) append(p);
  return out;
}

void Model::Reserve(std::size_t n) {
  std::size_t capacity = 16;
  while (capacity < n + n / 2) capacity *= 2;  // load at most 2/3: the table stays small in cache
  slots_.assign(capacity, Slot{});
  features_ = 0;
}

void Model::Insert(const Slot& slot) {
  const std::uint64_t key = slot.key == 0 ? 1 : slot.key;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = key & mask;; i = (i + 1) & mask) {
    if (slots_[i].key == 0 || slots_[i].key == key) {
      if (slots_[i].key == 0) ++features_;
      slots_[i] = slot;
      slots_[i].key = key;
      return;
    }
  }
}

Scores Model::Score(const std::vector<std::uint64_t>& features, PresenceSum* presence) const {
  Scores out{};
  if (slots_.empty()) return out;
  if (presence && presence->seen.size() != (slots_.size() + 63) / 64)
    presence->seen.assign((slots_.size() + 63) / 64, 0);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint64_t key : features) {
    if (key == 0) key = 1;
    for (std::size_t i = key & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.key == key) {
        for (int c = 0; c < kComponentCount; ++c) out[c] += slot.weights[c];
        if (presence && !(presence->seen[i / 64] >> (i % 64) & 1)) {
          presence->seen[i / 64] |= std::uint64_t{1} << (i % 64);
          for (int c = 0; c < kStarCount; ++c) presence->logits[c] += slot.presence[c];
        }
        break;
      }
      if (slot.key == 0) break;
    }
  }
  return out;
}

float Model::Idf(std::string_view stem) const {
  const float max = std::log(static_cast<float>(documents_) + 1.0f);
  auto it = std::lower_bound(document_frequency_.begin(), document_frequency_.end(), stem,
                             [](const auto& e, std::string_view s) { return std::string_view(e.first) < s; });
  if (it == document_frequency_.end() || it->first != stem) return max;
  return std::log(static_cast<float>(documents_) / static_cast<float>(it->second));
}

std::string Model::Serialize() const {
  std::string out(kMagic);
  Put(out, static_cast<std::uint32_t>(features_));
  for (const Slot& slot : slots_) {
    if (slot.key == 0) continue;
    Put(out, slot.key);
    Put(out, slot.weights);
    Put(out, slot.presence);
  }
  Put(out, transitions_);
  Put(out, documents_);
  Put(out, static_cast<std::uint32_t>(document_frequency_.size()));
  for (const auto& [stem, df] : document_frequency_) {
    Put(out, static_cast<std::uint8_t>(stem.size()));
    out.append(stem);
    Put(out, df);
  }
  return out;
}

bool Model::Deserialize(std::string_view in, Model& out, std::string& error) {
  out = Model();
  if (in.substr(0, kMagic.size()) != kMagic) {
    error = "not a coach model (bad magic)";
    return false;
  }
  in.remove_prefix(kMagic.size());
  std::uint32_t features = 0;
  constexpr std::size_t kSlotBytes = sizeof(std::uint64_t) + sizeof(Scores) + sizeof(Slot::presence);
  if (!Get(in, features) || in.size() / kSlotBytes < features) {
    error = "coach model truncated in its weights";
    return false;
  }
  out.Reserve(features);
  for (std::uint32_t i = 0; i < features; ++i) {
    Slot slot;
    (void)Get(in, slot.key);
    (void)Get(in, slot.weights);
    (void)Get(in, slot.presence);
    out.Insert(slot);
  }
  std::uint32_t stems = 0;
  if (!Get(in, out.transitions_) || !Get(in, out.documents_) || !Get(in, stems)) {
    error = "coach model truncated in its transitions";
    return false;
  }
  out.document_frequency_.reserve(stems);
  for (std::uint32_t i = 0; i < stems; ++i) {
    std::uint8_t len = 0;
    std::uint32_t df = 0;
    if (!Get(in, len) || in.size() < len) {
      error = "coach model truncated in its vocabulary";
      return false;
    }
    std::string stem(in.substr(0, len));
    in.remove_prefix(len);
    if (!Get(in, df) || df == 0) {
      error = "coach model truncated in its vocabulary";
      return false;
    }
    out.document_frequency_.emplace_back(std::move(stem), df);
  }
  if (!in.empty() || !std::is_sorted(out.document_frequency_.begin(), out.document_frequency_.end())) {
    error = "coach model has trailing or unsorted data";
    return false;
  }
  return true;
}

Model Model::Train(const std::vector<LabelledAnswer>& answers, const std::vector<std::string>& keyword_documents,
                   const TrainOptions& options) {
  struct Example {
    std::vector<std::uint64_t> features;
    int label = 0;
  };
  std::vector<Example> examples;
  struct AnswerExample {
    std::vector<std::uint64_t> features;  // of all its sentences, sorted, unique
    std::array<bool, kStarCount> tells{};
  };
  std::vector<AnswerExample> answer_examples;
  std::array<float, (kComponentCount + 1) * kComponentCount> transition_counts{};
  std::vector<LabelledAnswer> reduced;
  if (options.train_on_removals) {
    for (const LabelledAnswer& answer : answers) {
      if (!answer.HasAllStarParts()) continue;
      for (int c = 0; c < kStarCount; ++c) reduced.push_back(WithoutPart(answer, static_cast<Component>(c)));
    }
  }
  if (options.train_on_result_first) {
    for (const LabelledAnswer& answer : answers)
      if (LabelledAnswer moved = ResultFirst(answer); moved.id != answer.id) reduced.push_back(std::move(moved));
  }
  Document doc;
  const std::vector<LabelledAnswer>* sets[] = {&answers, &reduced};
  for (const auto* set : sets)
    for (const LabelledAnswer& answer : *set) {
      Prepare(answer.text, doc);
      int previous = -1;
      AnswerExample whole;
      whole.tells = answer.StarPartsTold();
      for (std::size_t s = 0; s < doc.sentences.size(); ++s) {
        Example e;
        SentenceFeatures(doc, s, e.features);
        whole.features.insert(whole.features.end(), e.features.begin(), e.features.end());
        e.label = static_cast<int>(answer.LabelAt(doc.sentences[s].start));
        transition_counts[(previous + 1) * kComponentCount + e.label] += 1;
        previous = e.label;
        examples.push_back(std::move(e));
      }
      std::sort(whole.features.begin(), whole.features.end());
      whole.features.erase(std::unique(whole.features.begin(), whole.features.end()), whole.features.end());
      answer_examples.push_back(std::move(whole));
    }

  // Multinomial logistic regression by AdaGrad over a deterministic shuffle.
  std::unordered_map<std::uint64_t, Weight> weights;
  std::vector<std::size_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0);
  std::uint64_t rng = options.seed;
  std::vector<Weight*> active;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[SplitMix(rng) % i]);
    for (std::size_t index : order) {
      const Example& e = examples[index];
      active.clear();
      Scores p{};
      for (std::uint64_t f : e.features) {
        Weight& w = weights[f == 0 ? 1 : f];
        active.push_back(&w);
        for (int c = 0; c < kComponentCount; ++c) p[c] += w.w[c];
      }
      LogSoftmax(p);
      for (int c = 0; c < kComponentCount; ++c) {
        const float grad = std::exp(p[c]) - (c == e.label ? 1.0f : 0.0f);
        AdaGradStep(active, c, grad, options.learning_rate, options.l2);
      }
    }
  }

  // The presence model: per STAR part, logistic regression by AdaGrad over each answer's
  // feature set (original answers and removed-part copies, so absence has examples).
  std::unordered_map<std::uint64_t, Weight> presence;
  order.resize(answer_examples.size());
  std::iota(order.begin(), order.end(), 0);
  for (int epoch = 0; epoch < options.presence_epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[SplitMix(rng) % i]);
    for (std::size_t index : order) {
      const AnswerExample& e = answer_examples[index];
      active.clear();
      Scores z{};
      for (std::uint64_t f : e.features) {
        Weight& w = presence[f == 0 ? 1 : f];
        active.push_back(&w);
        for (int c = 0; c < kStarCount; ++c) z[c] += w.w[c];
      }
      for (int c = 0; c < kStarCount; ++c) {
        const float grad = 1.0f / (1.0f + std::exp(-z[c])) - (e.tells[c] ? 1.0f : 0.0f);
        AdaGradStep(active, c, grad, options.presence_learning_rate, options.l2);
      }
    }
  }

  Model model;
  // Insert in key order so the table (and the serialised bytes) do not depend on hash-map order.
  // Every feature of an answer is some sentence's feature, so the presence keys are a subset.
  std::vector<std::uint64_t> keys;
  keys.reserve(weights.size());
  for (const auto& entry : weights) keys.push_back(entry.first);
  std::sort(keys.begin(), keys.end());
  model.Reserve(keys.size());
  for (std::uint64_t key : keys) {
    Slot slot{key, weights[key].w, {}};
    if (const auto it = presence.find(key); it != presence.end())
      std::copy_n(it->second.w.begin(), kStarCount, slot.presence.begin());
    model.Insert(slot);
  }

  // Transition log-probabilities with add-one smoothing, scaled by the transition weight.
  for (int from = 0; from <= kComponentCount; ++from) {
    float total = 0;
    for (int to = 0; to < kComponentCount; ++to) total += transition_counts[from * kComponentCount + to] + 1;
    for (int to = 0; to < kComponentCount; ++to)
      model.transitions_[from * kComponentCount + to] =
          options.transition_weight * std::log((transition_counts[from * kComponentCount + to] + 1) / total);
  }

  // Document frequencies of stems, for keyword extraction.
  std::unordered_map<std::string, std::uint32_t> df;
  std::unordered_set<std::string> seen;
  Tokens tokens;
  std::string scratch;
  for (const std::string& text : keyword_documents) {
    seen.clear();
    Tokenize(text, tokens);
    for (const Token& t : tokens.items)
      if (t.kind == TokenKind::kWord && t.lower.size() < 256) seen.emplace(Stem(t.lower, scratch));
    for (const std::string& s : seen) ++df[s];
  }
  model.documents_ = static_cast<std::uint32_t>(keyword_documents.size());
  model.document_frequency_.assign(df.begin(), df.end());
  std::sort(model.document_frequency_.begin(), model.document_frequency_.end());
  return model;
}

Decoded Decode(const Model& model, const Document& doc) {
  const std::size_t n = doc.sentences.size();
  constexpr int K = kComponentCount;
  Decoded out;
  out.labels.resize(n);
  out.confidence.resize(n);
  out.posterior.resize(n);
  if (n == 0) return out;
  std::vector<Scores> emit(n);
  std::vector<std::uint64_t> features;
  Model::PresenceSum presence;
  for (std::size_t s = 0; s < n; ++s) {
    SentenceFeatures(doc, s, features);
    emit[s] = model.Score(features, &presence);
    LogSoftmax(emit[s]);
  }
  for (int c = 0; c < kStarCount; ++c) out.presence[c] = 1.0f / (1.0f + std::exp(-presence.logits[c]));
  // Viterbi.
  std::vector<Scores> best(n);
  std::vector<std::array<std::int8_t, K>> back(n);
  for (int c = 0; c < K; ++c) best[0][c] = emit[0][c] + model.Transition(-1, c);
  for (std::size_t s = 1; s < n; ++s) {
    for (int c = 0; c < K; ++c) {
      float top = -std::numeric_limits<float>::infinity();
      int arg = 0;
      for (int p = 0; p < K; ++p) {
        const float v = best[s - 1][p] + model.Transition(p, c);
        if (v > top) {
          top = v;
          arg = p;
        }
      }
      best[s][c] = top + emit[s][c];
      back[s][c] = static_cast<std::int8_t>(arg);
    }
  }
  int c = static_cast<int>(std::max_element(best[n - 1].begin(), best[n - 1].end()) - best[n - 1].begin());
  for (std::size_t s = n; s-- > 0;) {
    out.labels[s] = static_cast<Component>(c);
    if (s > 0) c = back[s][c];
  }
  // Forward-backward for posteriors, in probability space with per-step normalisation (no
  // log-sum-exp: a handful of exponentials per sentence).
  std::array<float, (K + 1) * K> trans{};
  for (int from = -1; from < K; ++from)
    for (int to = 0; to < K; ++to) trans[(from + 1) * K + to] = std::exp(model.Transition(from, to));
  std::vector<Scores> prob(n), fwd(n), bwd(n);
  for (std::size_t s = 0; s < n; ++s)
    for (int k = 0; k < K; ++k) prob[s][k] = std::exp(emit[s][k]);
  auto normalise = [](Scores& v) {
    float sum = 0;
    for (float x : v) sum += x;
    if (sum > 0)
      for (float& x : v) x /= sum;
  };
  for (int k = 0; k < K; ++k) fwd[0][k] = trans[k] * prob[0][k];
  normalise(fwd[0]);
  for (std::size_t s = 1; s < n; ++s) {
    for (int k = 0; k < K; ++k) {
      float sum = 0;
      for (int p = 0; p < K; ++p) sum += fwd[s - 1][p] * trans[(p + 1) * K + k];
      fwd[s][k] = sum * prob[s][k];
    }
    normalise(fwd[s]);
  }
  bwd[n - 1].fill(1);
  for (std::size_t s = n - 1; s-- > 0;) {
    for (int j = 0; j < K; ++j) {
      float sum = 0;
      for (int k = 0; k < K; ++k) sum += trans[(j + 1) * K + k] * prob[s + 1][k] * bwd[s + 1][k];
      bwd[s][j] = sum;
    }
    normalise(bwd[s]);
  }
  for (std::size_t s = 0; s < n; ++s) {
    for (int k = 0; k < K; ++k) out.posterior[s][k] = fwd[s][k] * bwd[s][k];
    normalise(out.posterior[s]);
    out.confidence[s] = out.posterior[s][static_cast<int>(out.labels[s])];
  }
  return out;
}

}  // namespace starprep::coach
