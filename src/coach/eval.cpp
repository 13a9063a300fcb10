// SPDX-License-Identifier: Apache-2.0
#include "coach/eval.h"

#include <fmt/format.h>

#include <algorithm>

#include "coach/coach.h"

namespace starprep::coach {

void EvalReport::Add(const EvalReport& o) {
  answers += o.answers;
  sentences += o.sentences;
  sentences_correct += o.sentences_correct;
  text_bytes += o.text_bytes;
  text_bytes_correct += o.text_bytes_correct;
  for (int g = 0; g < kComponentCount; ++g)
    for (int p = 0; p < kComponentCount; ++p) confusion[g][p] += o.confusion[g][p];
  removal_trials += o.removal_trials;
  removal_detected += o.removal_detected;
  for (int c = 0; c < kStarCount; ++c) {
    removal_trials_by_part[c] += o.removal_trials_by_part[c];
    removal_detected_by_part[c] += o.removal_detected_by_part[c];
  }
  complete_answers += o.complete_answers;
  complete_flagged += o.complete_flagged;
  removal_evidence.insert(removal_evidence.end(), o.removal_evidence.begin(), o.removal_evidence.end());
  mistakes.insert(mistakes.end(), o.mistakes.begin(), o.mistakes.end());
  complete_weakest_evidence.insert(complete_weakest_evidence.end(), o.complete_weakest_evidence.begin(),
                                   o.complete_weakest_evidence.end());
}

double EvalReport::Precision(Component c) const {
  const int k = static_cast<int>(c);
  int predicted = 0;
  for (int g = 0; g < kComponentCount; ++g) predicted += confusion[g][k];
  return predicted ? static_cast<double>(confusion[k][k]) / predicted : 0.0;
}

double EvalReport::Recall(Component c) const {
  const int k = static_cast<int>(c);
  int gold = 0;
  for (int p = 0; p < kComponentCount; ++p) gold += confusion[k][p];
  return gold ? static_cast<double>(confusion[k][k]) / gold : 0.0;
}

double EvalReport::F1(Component c) const {
  const double p = Precision(c), r = Recall(c);
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

namespace {

bool Reports(const Report& r, Component c) {
  for (Component m : r.missing)
    if (m == c) return true;
  return false;
}

}  // namespace

EvalReport Evaluate(const Model& model, const std::vector<LabelledAnswer>& answers) {
  EvalReport e;
  const Context none;
  for (const LabelledAnswer& a : answers) {
    ++e.answers;
    const Report r = Analyze(model, a.text, none);
    for (const SentenceResult& s : r.sentences) {
      const int gold = static_cast<int>(a.LabelAt(s.span.start));
      const int predicted = static_cast<int>(s.component);
      ++e.sentences;
      e.text_bytes += s.span.end - s.span.start;
      ++e.confusion[gold][predicted];
      if (gold == predicted) {
        ++e.sentences_correct;
        e.text_bytes_correct += s.span.end - s.span.start;
      } else {
        e.mistakes.push_back(fmt::format(
            "{}: {} -> {} ({:.0f}%): {}", a.id, ComponentName(static_cast<Component>(gold)), ComponentName(s.component),
            s.confidence * 100, std::string_view(a.text).substr(s.span.start, s.span.end - s.span.start)));
      }
    }
    if (!a.HasAllStarParts()) continue;
    ++e.complete_answers;
    if (!r.missing.empty()) ++e.complete_flagged;
    float weakest = 1;
    for (const auto& part : r.components) weakest = std::min(weakest, part.evidence);
    e.complete_weakest_evidence.push_back(weakest);
    for (int c = 0; c < kStarCount; ++c) {
      const LabelledAnswer reduced = WithoutPart(a, static_cast<Component>(c));
      const Report rr = Analyze(model, reduced.text, none);
      const bool detected = Reports(rr, static_cast<Component>(c));
      e.removal_evidence.push_back(rr.components[c].evidence);
      ++e.removal_trials;
      ++e.removal_trials_by_part[c];
      e.removal_detected += detected;
      e.removal_detected_by_part[c] += detected;
    }
  }
  return e;
}

EvalReport CrossValidate(const std::vector<LabelledAnswer>& answers, const std::vector<std::string>& keyword_documents,
                         int folds, const TrainOptions& options) {
  EvalReport total;
  for (int f = 0; f < folds; ++f) {
    std::vector<LabelledAnswer> train, test;
    for (const LabelledAnswer& a : answers)
      (static_cast<int>(Hash(a.id) % static_cast<std::uint64_t>(folds)) == f ? test : train).push_back(a);
    const Model model = Model::Train(train, keyword_documents, options);
    total.Add(Evaluate(model, test));
  }
  return total;
}

std::string FormatEval(const EvalReport& r) {
  auto pct = [](double num, double den) { return den > 0 ? 100.0 * num / den : 0.0; };
  std::string out;
  out += fmt::format("answers {}, sentences {}\n", r.answers, r.sentences);
  out += fmt::format("sentence accuracy     {:5.1f}%\n", pct(r.sentences_correct, r.sentences));
  out += fmt::format("text accuracy (bytes) {:5.1f}%\n", pct(r.text_bytes_correct, r.text_bytes));
  out += fmt::format("\n{:<10} {:>9} {:>9} {:>9} {:>8}\n", "class", "precision", "recall", "F1", "support");
  for (int c = 0; c < kComponentCount; ++c) {
    int support = 0;
    for (int p = 0; p < kComponentCount; ++p) support += r.confusion[c][p];
    const auto comp = static_cast<Component>(c);
    out += fmt::format("{:<10} {:>9.3f} {:>9.3f} {:>9.3f} {:>8}\n", ComponentName(comp), r.Precision(comp),
                       r.Recall(comp), r.F1(comp), support);
  }
  out += "\nconfusion (rows: gold, columns: predicted)\n          ";
  for (int p = 0; p < kComponentCount; ++p) out += fmt::format("{:>10}", ComponentName(static_cast<Component>(p)));
  out += '\n';
  for (int g = 0; g < kComponentCount; ++g) {
    out += fmt::format("{:<10}", ComponentName(static_cast<Component>(g)));
    for (int p = 0; p < kComponentCount; ++p) out += fmt::format("{:>10}", r.confusion[g][p]);
    out += '\n';
  }
  out += fmt::format("\nmissing part named when one part is removed: {:.1f}% ({} of {})\n",
                     pct(r.removal_detected, r.removal_trials), r.removal_detected, r.removal_trials);
  for (int c = 0; c < kStarCount; ++c)
    out += fmt::format("  {:<10} {:5.1f}% ({} of {})\n", ComponentName(static_cast<Component>(c)),
                       pct(r.removal_detected_by_part[c], r.removal_trials_by_part[c]), r.removal_detected_by_part[c],
                       r.removal_trials_by_part[c]);
  out += fmt::format("complete answers flagged as missing a part: {:.1f}% ({} of {})\n",
                     pct(r.complete_flagged, r.complete_answers), r.complete_flagged, r.complete_answers);
  out += "\npresence threshold (a part counts only if labelled with at least this confidence):\n";
  out += "  threshold  missing part named  complete answers flagged\n";
  for (float t : {0.0f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 0.95f}) {
    const auto detected =
        std::count_if(r.removal_evidence.begin(), r.removal_evidence.end(), [&](float e) { return e == 0 || e < t; });
    const auto flagged = std::count_if(r.complete_weakest_evidence.begin(), r.complete_weakest_evidence.end(),
                                       [&](float e) { return e == 0 || e < t; });
    out += fmt::format("  {:>9.2f}  {:>17.1f}%  {:>23.1f}%\n", t,
                       pct(static_cast<double>(detected), static_cast<double>(r.removal_evidence.size())),
                       pct(static_cast<double>(flagged), static_cast<double>(r.complete_weakest_evidence.size())));
  }
  return out;
}

}  // namespace starprep::coach
