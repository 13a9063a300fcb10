// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <boost/json/serialize.hpp>

#include "coach/coach.h"
#include "coach/corpus.h"
#include "coach/lexicon.h"

namespace starprep::coach {
namespace {

bool IsStopword(std::string_view w) {
  return LexFlags(w) & kLexStop;
}

bool IsYear(const Token& t) {
  const std::string_view s = t.lower;
  return s.size() == 4 && (s.starts_with("19") || s.starts_with("20"));
}

// The byte length of a currency sign ending right before `at`, or 0.
std::size_t CurrencyBefore(std::string_view text, std::size_t at) {
  if (at >= 1 && text[at - 1] == '$') return 1;
  if (at >= 2 && text.substr(at - 2, 2) == "\xC2\xA3") return 2;      // £
  if (at >= 3 && text.substr(at - 3, 3) == "\xE2\x82\xAC") return 3;  // €
  return 0;
}

struct Quantities {
  std::vector<std::string> found;
  std::vector<bool> in_sentence;  // per sentence: holds a quantity
};

// Numbers with their unit or sign ("40%", "$1.2M", "3x", "420 milliseconds"), multiplier words
// ("halved") and spelled-out amounts with a unit ("two hours"). Years and version numbers alone
// ("in 2021", "v2.3") do not count.
Quantities FindQuantities(const Document& doc) {
  Quantities q;
  q.in_sentence.assign(doc.sentences.size(), false);
  const auto& items = doc.tokens.items;
  const std::string_view text = doc.text;
  for (std::size_t s = 0; s < doc.sentences.size(); ++s) {
    for (std::size_t k = doc.first_token[s]; k < doc.token_end[s]; ++k) {
      const Token& t = items[k];
      std::size_t start = t.span.start;
      std::size_t end = t.span.end;
      const bool next_in_sentence = k + 1 < doc.token_end[s];
      const std::uint16_t lex = doc.lex[k];
      const bool unit_next = next_in_sentence && (doc.lex[k + 1] & kLexUnit);
      if (t.kind == TokenKind::kNumber) {
        const bool unit_follows = unit_next && items[k + 1].span.start - end <= 1;
        // Versions, identifiers and formulas ("v2", "N+1", "ipv6") are not measurements.
        if (start > 0 && (std::isalpha(static_cast<unsigned char>(text[start - 1])) || text[start - 1] == '.' ||
                          text[start - 1] == '+' || text[start - 1] == '_'))
          continue;
        if (std::count(t.lower.begin(), t.lower.end(), '.') > 1) continue;  // 2.3.1
        start -= CurrencyBefore(text, start);
        if (end < text.size() && text[end] == '%') {
          ++end;
        } else if (unit_follows) {
          end = items[k + 1].span.end;
          ++k;
        } else if (IsYear(t) && start == t.span.start) {
          continue;
        }
        if (start == t.span.start && end == t.span.end && t.lower.size() == 1 && k + 1 < doc.token_end[s] &&
            items[k + 1].kind == TokenKind::kNumber)
          continue;  // "1 2 3"-style enumerations
      } else if (lex & kLexMultiplier) {
        // "doubled", "halved", "twice as fast"
      } else if ((lex & kLexNumberWord) && unit_next) {
        end = items[k + 1].span.end;
        ++k;
      } else {
        continue;
      }
      q.found.emplace_back(text.substr(start, end - start));
      q.in_sentence[s] = true;
    }
  }
  return q;
}

int Round(double v) {
  return static_cast<int>(std::lround(v));
}

// A JSON string literal (quoted and escaped by Boost.JSON).
std::string JsonString(std::string_view s) {
  return boost::json::serialize(boost::json::string_view(s.data(), s.size()));
}

std::string JsonStrings(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += JsonString(v[i]);
  }
  return out + "]";
}

}  // namespace

Context MakeContext(const Model& model, const content::Question* question,
                    const std::vector<std::string>& role_skills) {
  Context ctx;
  Tokens tokens;
  std::string scratch;
  if (question) {
    struct Term {
      std::string display;
      int count = 0;
      std::size_t first = 0;
    };
    std::map<std::string, Term> terms;  // stem -> term
    Tokenize(KeywordText(*question), tokens);
    for (std::size_t i = 0; i < tokens.items.size(); ++i) {
      const Token& t = tokens.items[i];
      if (t.kind != TokenKind::kWord || t.lower.size() < 3 || IsStopword(t.lower)) continue;
      Term& term = terms[std::string(Stem(t.lower, scratch))];
      if (term.count++ == 0) {
        term.display = t.lower;
        term.first = i;
      }
    }
    std::vector<std::pair<float, const std::pair<const std::string, Term>*>> ranked;
    // A topic word is repeated (the question counts twice); one-off words of the prose are not topics.
    for (const auto& entry : terms)
      if (entry.second.count >= 2)
        ranked.emplace_back(static_cast<float>(entry.second.count) * model.Idf(entry.first), &entry);
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second->second.first < b.second->second.first;
    });
    for (std::size_t i = 0; i < ranked.size() && i < 5; ++i)
      ctx.keywords.push_back({ranked[i].second->second.display, {ranked[i].second->first}});
  }
  for (const std::string& skill : role_skills) {
    Keyword k{skill, {}};
    Tokenize(skill, tokens);
    for (const Token& t : tokens.items)
      if (!IsStopword(t.lower)) k.stems.emplace_back(t.kind == TokenKind::kNumber ? t.lower : Stem(t.lower, scratch));
    const bool duplicate = std::any_of(ctx.keywords.begin(), ctx.keywords.end(),
                                       [&](const Keyword& other) { return other.stems == k.stems; });
    if (!k.stems.empty() && !duplicate) ctx.keywords.push_back(std::move(k));
  }
  return ctx;
}

namespace {

// ---- What the analysis weighs: every threshold, weight and limit in one place ----------------

// Speaking pace of a calm interview answer, in words per minute (Metrics::speaking_seconds).
constexpr double kSpeakingWordsPerMinute = 140.0;

// Words a STAR part needs to count as fully covered (situation, task, action, result): the action
// carries the story, the task can be one sentence.
constexpr std::array<double, kStarCount> kTargetWords = {25, 15, 60, 25};
// A part's strength: this share from its coverage of kTargetWords, the rest from the model's mean
// confidence in its sentences.
constexpr double kCoverageWeight = 0.5;
constexpr double kConfidenceWeight = 1.0 - kCoverageWeight;
// Strength multipliers: a result without a number; an action without "I" that says "we"; an
// action that names nobody.
constexpr double kUnmeasuredResultFactor = 0.7;
constexpr double kActionSaysWeFactor = 0.85;
constexpr double kActionNamesNobodyFactor = 0.8;
// Strengths are rounded to three decimals (what ToJson prints).
constexpr double kStrengthScale = 1000.0;

// The score's parts, with fixed maxima that sum to 100.
constexpr std::array<int, kStarCount> kStarPoints = {10, 10, 25, 20};  // times each part's strength
constexpr int kQuantifiedPoints = 10;                                  // the result itself is measured
constexpr int kQuantifiedElsewherePoints = 5;                          // a number appears, but not in the result
constexpr int kOwnershipPoints = 10;
constexpr int kOwnershipNoPronounPoints = 3;  // neither "I" nor "we": no evidence either way
constexpr double kFullOwnershipShare = 0.4;   // "I" among "I" and "we" that earns every point
constexpr int kLengthPoints = 8;
struct LengthBand {
  int min_words, max_words, points;
};
// The first band that holds the word count gives the points (none: 0).
constexpr std::array<LengthBand, 3> kLengthBands = {{{120, 350, 8}, {60, 500, 5}, {30, 700, 2}}};
constexpr int kDeliveryPoints = 7;
constexpr int kFillersPerLostPoint = 2;  // every vague claim costs a point, fillers half a point
constexpr int kOffStoryPenalty = 2;      // when more than 1/kOffStoryShare of the words tell no STAR part
constexpr int kOffStoryShare = 4;

// When a suggestion is made.
constexpr double kWeakStrength = 0.5;              // a present part below this is called thin
constexpr int kManyWe = 3;                         // "we" at least this often ...
constexpr int kWeOverIRatio = 2;                   // ... and more than this many times as often as "I"
constexpr int kShortAnswerWords = 60;              // fewer words: too short to show reasoning
constexpr int kLongAnswerWords = 450;              // more words: runs long
constexpr std::size_t kFillersToMention = 2;       // one filler is forgiven
constexpr std::size_t kVagueClaimsQuoted = 2;      // at most this many quoted back
constexpr std::size_t kMissingKeywordsListed = 4;  // at most this many named

constexpr int Index(Component c) {
  return static_cast<int>(c);
}

// Word counts, filler words, vague claims and keywords of the answer (everything in Metrics but
// the quantities, which FindQuantities found).
void Measure(const Document& doc, std::string_view answer, const Quantities& quantities, const Context& context,
             Metrics& m) {
  const auto& items = doc.tokens.items;
  const std::size_t n = doc.sentences.size();
  m.words = static_cast<int>(items.size());
  m.sentences = static_cast<int>(doc.sentence_count);
  m.speaking_seconds = std::round(m.words * 60.0 / kSpeakingWordsPerMinute * 10.0) / 10.0;
  m.quantified_results = quantities.found;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const Token& t = items[k];
    const std::uint16_t lex = doc.lex[k];
    if (lex & kLexI) ++m.i_count;
    // "US" in capitals is the country, not the pronoun.
    if ((lex & kLexWe) && answer.substr(t.span.start, t.span.end - t.span.start) != "US") ++m.we_count;
  }
  for (std::size_t s = 0; s < n; ++s) {
    for (std::size_t k = doc.first_token[s]; k < doc.token_end[s]; ++k) {
      if (!(doc.lex[k] & (kLexFiller | kLexFillerStart))) continue;
      if (const std::size_t len = FillerAt(items, k, doc.token_end[s])) {
        m.filler_words.emplace_back(
            answer.substr(items[k].span.start, items[k + len - 1].span.end - items[k].span.start));
        std::transform(m.filler_words.back().begin(), m.filler_words.back().end(), m.filler_words.back().begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        k += len - 1;
      }
    }
    if (quantities.in_sentence[s]) continue;  // a measured sentence backs its own claims
    for (std::size_t k = doc.first_token[s]; k < doc.token_end[s]; ++k) {
      if (!(doc.lex[k] & (kLexVague | kLexVagueStart))) continue;
      if (const std::size_t len = VagueAt(items, k, doc.token_end[s])) {
        m.vague_claims.emplace_back(
            answer.substr(items[k].span.start, items[k + len - 1].span.end - items[k].span.start));
        k += len - 1;
      }
    }
  }
  if (context.keywords.empty()) return;
  std::vector<std::uint64_t> stems;  // hashes: a scan over integers beats comparing strings here
  stems.reserve(doc.stems.size());
  for (std::string_view stem : doc.stems) stems.push_back(Hash(stem));
  for (const Keyword& k : context.keywords) {
    const bool found = std::all_of(k.stems.begin(), k.stems.end(), [&](const std::string& stem) {
      return std::find(stems.begin(), stems.end(), Hash(stem)) != stems.end();
    });
    (found ? m.keywords_found : m.keywords_missing).push_back(k.display);
  }
}

// What the sentences labelled with each STAR part add up to.
struct PartTally {
  std::array<int, kStarCount> words{};
  std::array<double, kStarCount> confidence{};  // summed over the part's sentences
  std::array<int, kStarCount> count{};          // sentences
  std::array<float, kStarCount> evidence{};     // P(some sentence tells the part), from the posteriors
  std::array<int, kStarCount> first_sentence{-1, -1, -1, -1};
  std::array<bool, kStarCount> quantified{};
  std::array<int, kStarCount> i_words{}, we_words{};
  int other_words = 0;  // in sentences that tell no part
};

PartTally TallyParts(const Document& doc, const Decoded& decoded, const Quantities& quantities) {
  PartTally t;
  std::array<double, kStarCount> none_tells{1, 1, 1, 1};  // P(no sentence tells the part)
  for (std::size_t s = 0; s < doc.sentences.size(); ++s)
    for (int c = 0; c < kStarCount; ++c) none_tells[c] *= 1.0 - decoded.posterior[s][c];
  // Two views of the whole answer, averaged: the labelled sentences (some sentence tells the
  // part) and the answer-level presence model (the answer as a whole says it).
  for (int c = 0; c < kStarCount; ++c)
    t.evidence[c] = static_cast<float>((1.0 - none_tells[c] + decoded.presence[c]) / 2);
  for (std::size_t s = 0; s < doc.sentences.size(); ++s) {
    const int c = static_cast<int>(decoded.labels[s]);
    const int tokens = static_cast<int>(doc.TokenCount(s));
    if (c == Index(Component::kOther)) {
      t.other_words += tokens;
      continue;
    }
    t.words[c] += tokens;
    t.confidence[c] += decoded.confidence[s];
    ++t.count[c];
    if (t.first_sentence[c] < 0) t.first_sentence[c] = static_cast<int>(s);
    if (quantities.in_sentence[s]) t.quantified[c] = true;
    for (std::size_t k = doc.first_token[s]; k < doc.token_end[s]; ++k) {
      if (doc.lex[k] & kLexI) ++t.i_words[c];
      if (doc.lex[k] & kLexWe) ++t.we_words[c];
    }
  }
  return t;
}

// Fills r.components and r.missing: a part is missing when the evidence for it is below
// kMissingBelow; its strength comes from how much is said, how sure the model is, and (for
// the result) whether it is measured, (for the action) whether it is owned.
void RateParts(const PartTally& t, Report& r) {
  for (int c = 0; c < kStarCount; ++c) {
    ComponentResult& cr = r.components[c];
    cr.evidence = t.evidence[c];
    cr.present = t.evidence[c] >= kMissingBelow;
    if (!cr.present) {
      r.missing.push_back(static_cast<Component>(c));
      continue;
    }
    // Present by the evidence but no sentence labelled with it: a thin part.
    const double coverage = std::min(1.0, t.words[c] / kTargetWords[c]);
    double strength = kCoverageWeight * coverage +
                      kConfidenceWeight * (t.count[c] > 0 ? t.confidence[c] / t.count[c] : t.evidence[c] / 2);
    if (c == Index(Component::kResult) && !t.quantified[c]) strength *= kUnmeasuredResultFactor;
    if (c == Index(Component::kAction) && t.i_words[c] == 0)
      strength *= t.we_words[c] > 0 ? kActionSaysWeFactor : kActionNamesNobodyFactor;
    cr.strength = static_cast<float>(std::round(std::clamp(strength, 0.0, 1.0) * kStrengthScale) / kStrengthScale);
  }
}

// Fills r.breakdown and r.score (see the point constants above). Needs RateParts first.
void ScoreAnswer(const PartTally& t, Report& r) {
  const Metrics& m = r.metrics;
  for (int c = 0; c < kStarCount; ++c)
    r.breakdown.push_back(
        {ComponentName(static_cast<Component>(c)), Round(kStarPoints[c] * r.components[c].strength), kStarPoints[c]});
  const bool result_measured = t.quantified[Index(Component::kResult)];
  r.breakdown.push_back({"quantified_result",
                         result_measured                ? kQuantifiedPoints
                         : m.quantified_results.empty() ? 0
                                                        : kQuantifiedElsewherePoints,
                         kQuantifiedPoints});
  int ownership = kOwnershipNoPronounPoints;
  if (m.i_count + m.we_count > 0) {
    const double share = static_cast<double>(m.i_count) / (m.i_count + m.we_count);
    ownership = share >= kFullOwnershipShare ? kOwnershipPoints : Round(kOwnershipPoints * share / kFullOwnershipShare);
  }
  r.breakdown.push_back({"ownership", ownership, kOwnershipPoints});
  int length = 0;
  for (const LengthBand& band : kLengthBands) {
    if (m.words >= band.min_words && m.words <= band.max_words) {
      length = band.points;
      break;
    }
  }
  r.breakdown.push_back({"length", length, kLengthPoints});
  const int delivery = std::max(0, kDeliveryPoints - static_cast<int>(m.filler_words.size()) / kFillersPerLostPoint -
                                       static_cast<int>(m.vague_claims.size()) -
                                       (t.other_words * kOffStoryShare > m.words ? kOffStoryPenalty : 0));
  r.breakdown.push_back({"delivery", delivery, kDeliveryPoints});
  for (const ScorePart& p : r.breakdown) r.score += p.points;
}

// Fills r.suggestions, most important first. Needs RateParts and Measure first.
void Suggest(const PartTally& t, const Context& context, Report& r) {
  const Metrics& m = r.metrics;
  auto suggest = [&](std::optional<Component> c, std::string message) {
    r.suggestions.push_back({c, std::move(message)});
  };
  static constexpr std::array<std::string_view, kStarCount> kMissing = {
      "Add the situation: one or two sentences on where you were and what was going on, so the interviewer can "
      "follow the stakes.",
      "Say what your task was: the goal or problem that was yours to solve, and any constraint such as a deadline.",
      "Describe your actions step by step: what you did yourself, the options you weighed and why you chose one. "
      "This is the part interviewers weigh most.",
      "End with the result: what changed because of your work, with a number if you have one, and what you "
      "learned."};
  static constexpr std::array<std::string_view, kStarCount> kWeak = {
      "Your situation is thin: give the context an outsider needs (the team, the system, the scale).",
      "Make your task explicit: what exactly was expected of you, and by when?",
      "Expand the action: name the concrete steps you took and the reasoning behind them.",
      "Strengthen the result: say what changed for users or the business, and by how much."};
  // When the coach is unsure, the advice says so instead of asserting.
  static constexpr std::array<std::string_view, kStarCount> kMaybeMissing = {
      "If you haven't set the scene yet, add a sentence or two on where you were and what was going on.",
      "If you haven't said what you were responsible for, add one sentence: the goal or problem that was yours, "
      "and any deadline.",
      "If the steps you took yourself aren't clear yet, describe them one by one: what you did and why.",
      "If you haven't said how it ended, add the result: what changed because of your work, with a number if you "
      "have one."};
  for (int c = 0; c < kStarCount; ++c) {
    const float evidence = r.components[c].evidence;
    if (evidence < kSureMissingBelow)
      suggest(static_cast<Component>(c), std::string(kMissing[c]));
    else if (evidence < kUnsureBelow)
      suggest(static_cast<Component>(c), std::string(kMaybeMissing[c]));
  }
  const int result = Index(Component::kResult);
  const int action = Index(Component::kAction);
  const bool result_measured = t.quantified[result];
  if (r.components[result].present && !result_measured)
    suggest(Component::kResult,
            "Your result has no measurable outcome: add a number \xE2\x80\x94 time saved, errors reduced, users "
            "affected.");
  for (int c = 0; c < kStarCount; ++c) {
    if (r.components[c].present && r.components[c].evidence >= kUnsureBelow &&
        r.components[c].strength < kWeakStrength && !(c == result && !result_measured))
      suggest(static_cast<Component>(c), std::string(kWeak[c]));
  }
  if (m.we_count >= kManyWe && m.we_count > kWeOverIRatio * m.i_count)
    suggest(Component::kAction,
            fmt::format("You say \xE2\x80\x9cwe\xE2\x80\x9d {} times and \xE2\x80\x9cI\xE2\x80\x9d {} times: make "
                        "your own contribution clear (\xE2\x80\x9cI proposed\xE2\x80\xA6\xE2\x80\x9d, "
                        "\xE2\x80\x9cI wrote\xE2\x80\xA6\xE2\x80\x9d).",
                        m.we_count, m.i_count));
  const auto& first = t.first_sentence;
  if (first[result] >= 0 && first[action] >= 0 && first[result] < first[action] &&
      first[Index(Component::kSituation)] > first[action])
    suggest(std::nullopt,
            "Tell it in order: the situation and your task first, then what you did, then the result. It is easier "
            "to follow.");
  const int w = m.words;
  if (w > 0 && w < kShortAnswerWords)
    suggest(std::nullopt, fmt::format("At {} words the answer is too short to show your reasoning: aim for 150 to "
                                      "300 words (one to two minutes spoken).",
                                      w));
  if (w > kLongAnswerWords)
    suggest(std::nullopt, fmt::format("At {} words (about {:.0f} minutes spoken) the answer runs long: keep the "
                                      "situation to two sentences and cut the asides.",
                                      w, m.speaking_seconds / 60.0));
  if (t.other_words * kOffStoryShare > w && w > 0)
    suggest(Component::kOther,
            "Some sentences are not part of the story (not situation, task, action or result): cut them or tie them "
            "to what you did.");
  if (m.filler_words.size() >= kFillersToMention) {
    std::map<std::string, int> counts;
    for (const auto& f : m.filler_words) ++counts[f];
    std::string list;
    for (const auto& [word, k] : counts) {
      if (!list.empty()) list += ", ";
      list += k > 1 ? fmt::format("\xE2\x80\x9c{}\xE2\x80\x9d \xC3\x97{}", word, k)
                    : fmt::format("\xE2\x80\x9c{}\xE2\x80\x9d", word);
    }
    suggest(std::nullopt, "Cut filler and hedging words (" + list + "): they make you sound less sure than you are.");
  }
  for (std::size_t i = 0; i < m.vague_claims.size() && i < kVagueClaimsQuoted; ++i)
    suggest(std::nullopt, fmt::format("\xE2\x80\x9c{}\xE2\x80\x9d is a claim without evidence: say how much, or how "
                                      "you know.",
                                      m.vague_claims[i]));
  // Fewer than half of the question's keywords come up.
  if (!m.keywords_missing.empty() && m.keywords_found.size() * 2 < context.keywords.size()) {
    std::string list;
    for (std::size_t i = 0; i < m.keywords_missing.size() && i < kMissingKeywordsListed; ++i) {
      if (i) list += ", ";
      list += m.keywords_missing[i];
    }
    suggest(std::nullopt,
            "Connect your story to what the question is about: mention " + list + " where it applies to what you did.");
  }
}

}  // namespace

// The steps, each a function above: label the sentences (the model), measure the text, tally
// what each STAR part says, rate the parts, score the answer, suggest what to improve.
Report Analyze(const Model& model, std::string_view answer, const Context& context) {
  Report r;
  Document doc;
  Prepare(answer, doc);
  const Decoded decoded = Decode(model, doc);
  r.sentences.reserve(doc.sentences.size());
  for (std::size_t s = 0; s < doc.sentences.size(); ++s)
    r.sentences.push_back({doc.sentences[s], decoded.labels[s], decoded.confidence[s]});
  const Quantities quantities = FindQuantities(doc);
  Measure(doc, answer, quantities, context, r.metrics);
  const PartTally tally = TallyParts(doc, decoded, quantities);
  RateParts(tally, r);
  ScoreAnswer(tally, r);
  if (r.score >= kQuietKeywordsFrom) r.metrics.keywords_missing.clear();
  Suggest(tally, context, r);
  return r;
}

std::string ToJson(std::string_view answer, const Report& r) {
  std::string out;
  out.reserve(256 + answer.size() + r.sentences.size() * 96);
  out += "{\"sentences\":[";
  for (std::size_t i = 0; i < r.sentences.size(); ++i) {
    const SentenceResult& s = r.sentences[i];
    if (i) out += ',';
    out += "{\"text\":" + JsonString(answer.substr(s.span.start, s.span.end - s.span.start));
    out += fmt::format(",\"start\":{},\"end\":{},\"component\":\"{}\",\"confidence\":{:.3f}}}", s.span.start,
                       s.span.end, ComponentName(s.component), s.confidence);
  }
  out += "],\"components\":{";
  for (int c = 0; c < kStarCount; ++c) {
    if (c) out += ',';
    out += fmt::format("\"{}\":{{\"present\":{},\"strength\":{:.3f}}}", ComponentName(static_cast<Component>(c)),
                       r.components[c].present ? "true" : "false", r.components[c].strength);
  }
  out += "},\"missing\":[";
  for (std::size_t i = 0; i < r.missing.size(); ++i) {
    if (i) out += ',';
    out += fmt::format("{{\"component\":\"{}\",\"confidence\":{:.3f}}}", ComponentName(r.missing[i]),
                       MissingConfidence(r.components[static_cast<int>(r.missing[i])]));
  }
  const Metrics& m = r.metrics;
  out += fmt::format("],\"metrics\":{{\"words\":{},\"sentences\":{},\"speaking_seconds\":{:.1f},", m.words, m.sentences,
                     m.speaking_seconds);
  out += "\"quantified_results\":" + JsonStrings(m.quantified_results);
  out += fmt::format(",\"i_count\":{},\"we_count\":{}", m.i_count, m.we_count);
  out += ",\"filler_words\":" + JsonStrings(m.filler_words);
  out += ",\"vague_claims\":" + JsonStrings(m.vague_claims);
  out += ",\"keywords_found\":" + JsonStrings(m.keywords_found);
  out += ",\"keywords_missing\":" + JsonStrings(m.keywords_missing);
  out += fmt::format("}},\"score\":{},\"score_breakdown\":{{", r.score);
  for (std::size_t i = 0; i < r.breakdown.size(); ++i) {
    if (i) out += ',';
    out += fmt::format("\"{}\":{}", r.breakdown[i].name, r.breakdown[i].points);
  }
  out += "},\"score_breakdown_max\":{";
  for (std::size_t i = 0; i < r.breakdown.size(); ++i) {
    if (i) out += ',';
    out += fmt::format("\"{}\":{}", r.breakdown[i].name, r.breakdown[i].max);
  }
  out += "},\"suggestions\":[";
  for (std::size_t i = 0; i < r.suggestions.size(); ++i) {
    const Suggestion& s = r.suggestions[i];
    if (i) out += ',';
    out += "{\"component\":";
    out += s.component ? fmt::format("\"{}\"", ComponentName(*s.component)) : std::string("null");
    out += ",\"message\":" + JsonString(s.message) + "}";
  }
  out += "]}";
  return out;
}

}  // namespace starprep::coach
