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
  for (int c = 0; c < kStarCount; ++c) complete_flagged_by_part[c] += o.complete_flagged_by_part[c];
  complete_flagged += o.complete_flagged;
  removal_evidence.insert(removal_evidence.end(), o.removal_evidence.begin(), o.removal_evidence.end());
  mistakes.insert(mistakes.end(), o.mistakes.begin(), o.mistakes.end());
  complete_weakest_evidence.insert(complete_weakest_evidence.end(), o.complete_weakest_evidence.begin(),
                                   o.complete_weakest_evidence.end());
  result_first_answers += o.result_first_answers;
  result_first_bytes += o.result_first_bytes;
  result_first_bytes_correct += o.result_first_bytes_correct;
  position_bytes_correct += o.position_bytes_correct;
  for (std::size_t b = 0; b < calibration_sentences.size(); ++b) {
    calibration_sentences[b] += o.calibration_sentences[b];
    calibration_correct[b] += o.calibration_correct[b];
  }
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

// The bytes of `span` under each gold label of `a` (bytes outside every part are other). A span
// the writer labelled with two parts (a marker mid-sentence) is credited byte by byte.
std::array<long, kComponentCount> GoldBytes(const LabelledAnswer& a, Span span) {
  std::array<long, kComponentCount> bytes{};
  long labelled = 0;
  for (const auto& p : a.parts) {
    const std::uint32_t from = std::max(p.span.start, span.start), to = std::min(p.span.end, span.end);
    if (from >= to) continue;
    bytes[static_cast<int>(p.component)] += to - from;
    labelled += to - from;
  }
  bytes[static_cast<int>(Component::kOther)] += static_cast<long>(span.end - span.start) - labelled;
  return bytes;
}

// Bytes of `r`'s sentences, and of those bytes labelled as in `a`.
std::pair<long, long> SentenceBytes(const LabelledAnswer& a, const Report& r) {
  long all = 0, correct = 0;
  for (const SentenceResult& s : r.sentences) {
    all += s.span.end - s.span.start;
    correct += GoldBytes(a, s.span)[static_cast<int>(s.component)];
  }
  return {all, correct};
}

}  // namespace

Component PositionLabel(Span sentence, std::size_t answer_bytes) {
  if (answer_bytes == 0) return Component::kSituation;
  const double middle = (sentence.start + sentence.end) / 2.0 / static_cast<double>(answer_bytes);
  if (middle < 0.2) return Component::kSituation;
  if (middle < 0.4) return Component::kTask;
  if (middle < 0.8) return Component::kAction;
  return Component::kResult;
}

EvalReport Evaluate(const Model& model, const std::vector<LabelledAnswer>& answers) {
  EvalReport e;
  const Context none;
  for (const LabelledAnswer& a : answers) {
    ++e.answers;
    const Report r = Analyze(model, a.text, none);
    for (const SentenceResult& s : r.sentences) {
      // Counted per sentence (or clause) by its main gold label; text accuracy is per byte.
      const std::array<long, kComponentCount> gold_bytes = GoldBytes(a, s.span);
      const int gold = static_cast<int>(std::max_element(gold_bytes.begin(), gold_bytes.end()) - gold_bytes.begin());
      const int predicted = static_cast<int>(s.component);
      ++e.sentences;
      e.text_bytes += s.span.end - s.span.start;
      e.text_bytes_correct += gold_bytes[predicted];
      e.position_bytes_correct += gold_bytes[static_cast<int>(PositionLabel(s.span, a.text.size()))];
      ++e.confusion[gold][predicted];
      const auto bucket = std::min<std::size_t>(static_cast<std::size_t>(s.confidence * 10), 9);
      ++e.calibration_sentences[bucket];
      if (gold == predicted) {
        ++e.sentences_correct;
        ++e.calibration_correct[bucket];
      } else {
        e.mistakes.push_back(fmt::format(
            "{}: {} -> {} ({:.0f}%): {}", a.id, ComponentName(static_cast<Component>(gold)), ComponentName(s.component),
            s.confidence * 100, std::string_view(a.text).substr(s.span.start, s.span.end - s.span.start)));
      }
    }
    if (const LabelledAnswer moved = ResultFirst(a); moved.id != a.id) {
      const Report mr = Analyze(model, moved.text, none);
      const auto [all, correct] = SentenceBytes(moved, mr);
      ++e.result_first_answers;
      e.result_first_bytes += all;
      e.result_first_bytes_correct += correct;
    }
    if (!a.HasAllStarParts()) continue;
    ++e.complete_answers;
    if (!r.missing.empty()) ++e.complete_flagged;
    for (Component m : r.missing) {
      ++e.complete_flagged_by_part[static_cast<int>(m)];
      e.mistakes.push_back(fmt::format("{}: complete answer reported missing its {} ({:.2f})", a.id, ComponentName(m),
                                       r.components[static_cast<int>(m)].evidence));
    }
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
  out += fmt::format("text accuracy (bytes) {:5.1f}%   position baseline {:5.1f}%\n",
                     pct(r.text_bytes_correct, r.text_bytes), pct(r.position_bytes_correct, r.text_bytes));
  out += fmt::format("result first (bytes)  {:5.1f}%   ({} answers with the result moved to the front)\n",
                     pct(r.result_first_bytes_correct, r.result_first_bytes), r.result_first_answers);
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
  out += fmt::format(
      "complete answers flagged as missing a part: {:.1f}% ({} of {}; situation {}, task {}, action "
      "{}, result {})\n",
      pct(r.complete_flagged, r.complete_answers), r.complete_flagged, r.complete_answers,
      r.complete_flagged_by_part[0], r.complete_flagged_by_part[1], r.complete_flagged_by_part[2],
      r.complete_flagged_by_part[3]);
  out += "\npresence threshold (a part counts when the probability that some sentence tells it is at least this):\n";
  out += "  threshold  missing part named  complete answers flagged\n";
  for (float t : {0.05f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f}) {
    const auto detected =
        std::count_if(r.removal_evidence.begin(), r.removal_evidence.end(), [&](float e) { return e < t; });
    const auto flagged = std::count_if(r.complete_weakest_evidence.begin(), r.complete_weakest_evidence.end(),
                                       [&](float e) { return e < t; });
    out += fmt::format("  {:>9.2f}  {:>17.1f}%  {:>23.1f}%\n", t,
                       pct(static_cast<double>(detected), static_cast<double>(r.removal_evidence.size())),
                       pct(static_cast<double>(flagged), static_cast<double>(r.complete_weakest_evidence.size())));
  }
  out += "\ncalibration (confidence -> share of sentences labelled right)\n";
  for (std::size_t b = 0; b < r.calibration_sentences.size(); ++b)
    if (r.calibration_sentences[b] > 0)
      out += fmt::format("  {:.1f}-{:.1f}  {:5.1f}%  ({} sentences)\n", static_cast<double>(b) / 10,
                         static_cast<double>(b + 1) / 10, pct(r.calibration_correct[b], r.calibration_sentences[b]),
                         r.calibration_sentences[b]);
  return out;
}

std::vector<Figure> FloorFigures(const EvalReport& r) {
  auto pct = [](double num, double den) { return den > 0 ? 100.0 * num / den : 0.0; };
  std::vector<Figure> out = {
      {"text_accuracy", pct(static_cast<double>(r.text_bytes_correct), static_cast<double>(r.text_bytes)), false},
      {"result_first_accuracy",
       pct(static_cast<double>(r.result_first_bytes_correct), static_cast<double>(r.result_first_bytes)), false},
      {"missing_named", pct(r.removal_detected, r.removal_trials), false},
  };
  for (int c = 0; c < kStarCount; ++c)
    out.push_back({"missing_named_" + std::string(ComponentName(static_cast<Component>(c))),
                   pct(r.removal_detected_by_part[c], r.removal_trials_by_part[c]), false});
  out.push_back({"complete_flagged", pct(r.complete_flagged, r.complete_answers), true});
  return out;
}

std::vector<std::string> BelowFloor(const std::vector<Figure>& measured,
                                    const std::vector<std::pair<std::string, double>>& recorded, double margin) {
  std::vector<std::string> out;
  for (const auto& [name, floor] : recorded) {
    const auto it =
        std::find_if(measured.begin(), measured.end(), [&name = name](const Figure& f) { return f.name == name; });
    if (it == measured.end()) {
      out.push_back(fmt::format("{}: recorded as {:.1f}% but not measured (is the held-out set there?)", name, floor));
      continue;
    }
    const double worse_by = it->lower_is_better ? it->value - floor : floor - it->value;
    if (worse_by > margin)
      out.push_back(fmt::format("{}: {:.1f}% against {:.1f}% recorded ({} is better), worse by {:.1f} points", name,
                                it->value, floor, it->lower_is_better ? "lower" : "higher", worse_by));
  }
  return out;
}

}  // namespace starprep::coach
