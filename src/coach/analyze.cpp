#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "coach/coach.h"
#include "coach/corpus.h"
#include "coach/lexicon.h"

namespace starprep::coach {
namespace {

bool IsStopword(std::string_view w) { return LexFlags(w) & kLexStop; }

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

int Round(double v) { return static_cast<int>(std::lround(v)); }

// A JSON string literal (quoted and escaped by Boost.JSON).
std::string JsonString(std::string_view s) { return boost::json::serialize(boost::json::string_view(s.data(), s.size())); }

std::string JsonStrings(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += JsonString(v[i]);
  }
  return out + "]";
}

}  // namespace

Context MakeContext(const Model& model, const content::Question* question, const std::vector<std::string>& role_skills) {
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
      if (entry.second.count >= 2) ranked.emplace_back(static_cast<float>(entry.second.count) * model.Idf(entry.first), &entry);
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

Report Analyze(const Model& model, std::string_view answer, const Context& context) {
  Report r;
  Document doc;
  Prepare(answer, doc);
  const Decoded decoded = Decode(model, doc);
  const std::size_t n = doc.sentences.size();
  const auto& items = doc.tokens.items;

  r.sentences.reserve(n);
  for (std::size_t s = 0; s < n; ++s) r.sentences.push_back({doc.sentences[s], decoded.labels[s], decoded.confidence[s]});

  // Metrics.
  Metrics& m = r.metrics;
  m.words = static_cast<int>(items.size());
  m.sentences = static_cast<int>(n);
  m.speaking_seconds = std::round(m.words * 60.0 / 140.0 * 10.0) / 10.0;
  const Quantities quantities = FindQuantities(doc);
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
        m.filler_words.emplace_back(answer.substr(items[k].span.start, items[k + len - 1].span.end - items[k].span.start));
        std::transform(m.filler_words.back().begin(), m.filler_words.back().end(), m.filler_words.back().begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        k += len - 1;
      }
    }
    if (quantities.in_sentence[s]) continue;
    for (std::size_t k = doc.first_token[s]; k < doc.token_end[s]; ++k) {
      if (!(doc.lex[k] & (kLexVague | kLexVagueStart))) continue;
      if (const std::size_t len = VagueAt(items, k, doc.token_end[s])) {
        m.vague_claims.emplace_back(answer.substr(items[k].span.start, items[k + len - 1].span.end - items[k].span.start));
        k += len - 1;
      }
    }
  }
  if (!context.keywords.empty()) {
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

  // Components: present when a sentence is labelled with it; strength from how much is said,
  // how sure the model is, and (for the result) whether it is measured, (for the action) owned.
  constexpr std::array<double, kStarCount> kTargetWords = {25, 15, 60, 25};
  std::array<int, kStarCount> words{};
  std::array<double, kStarCount> confidence{};
  std::array<int, kStarCount> count{};
  std::array<float, kStarCount> evidence{};
  std::array<int, kStarCount> first_sentence{-1, -1, -1, -1};
  std::array<bool, kStarCount> quantified{};
  std::array<int, kStarCount> i_words{}, we_words{};
  int other_words = 0;
  for (std::size_t s = 0; s < n; ++s) {
    const int c = static_cast<int>(decoded.labels[s]);
    const int tokens = static_cast<int>(doc.TokenCount(s));
    if (c == static_cast<int>(Component::kOther)) {
      other_words += tokens;
      continue;
    }
    words[c] += tokens;
    confidence[c] += decoded.confidence[s];
    evidence[c] = std::max(evidence[c], decoded.confidence[s]);
    ++count[c];
    if (first_sentence[c] < 0) first_sentence[c] = static_cast<int>(s);
    if (quantities.in_sentence[s]) quantified[c] = true;
    for (std::size_t k = doc.first_token[s]; k < doc.token_end[s]; ++k) {
      if (doc.lex[k] & kLexI) ++i_words[c];
      if (doc.lex[k] & kLexWe) ++we_words[c];
    }
  }
  for (int c = 0; c < kStarCount; ++c) {
    ComponentResult& cr = r.components[c];
    cr.evidence = evidence[c];
    cr.present = count[c] > 0 && evidence[c] >= kPresenceThreshold;
    if (!cr.present) {
      r.missing.push_back(static_cast<Component>(c));
      continue;
    }
    const double coverage = std::min(1.0, words[c] / kTargetWords[c]);
    double strength = 0.5 * coverage + 0.5 * confidence[c] / count[c];
    if (c == static_cast<int>(Component::kResult) && !quantified[c]) strength *= 0.7;
    if (c == static_cast<int>(Component::kAction) && i_words[c] == 0) strength *= we_words[c] > 0 ? 0.85 : 0.8;
    cr.strength = static_cast<float>(std::round(std::clamp(strength, 0.0, 1.0) * 1000.0) / 1000.0);
  }

  // Score: parts with fixed maxima that sum to 100.
  constexpr std::array<int, kStarCount> kStarPoints = {10, 10, 25, 20};
  for (int c = 0; c < kStarCount; ++c)
    r.breakdown.push_back({ComponentName(static_cast<Component>(c)), Round(kStarPoints[c] * r.components[c].strength), kStarPoints[c]});
  const bool result_measured = quantified[static_cast<int>(Component::kResult)];
  r.breakdown.push_back({"quantified_result", result_measured ? 10 : m.quantified_results.empty() ? 0 : 5, 10});
  int ownership = 3;
  if (m.i_count + m.we_count > 0) {
    const double share = static_cast<double>(m.i_count) / (m.i_count + m.we_count);
    ownership = share >= 0.4 ? 10 : Round(10 * share / 0.4);
  }
  r.breakdown.push_back({"ownership", ownership, 10});
  const int w = m.words;
  const int length = (w >= 120 && w <= 350) ? 8 : (w >= 60 && w <= 500) ? 5 : (w >= 30 && w <= 700) ? 2 : 0;
  r.breakdown.push_back({"length", length, 8});
  const int delivery = std::max(0, 7 - static_cast<int>(m.filler_words.size()) / 2 - static_cast<int>(m.vague_claims.size()) -
                                       (other_words * 4 > m.words ? 2 : 0));
  r.breakdown.push_back({"delivery", delivery, 7});
  for (const ScorePart& p : r.breakdown) r.score += p.points;

  // Suggestions, most important first.
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
  for (Component c : r.missing) suggest(c, std::string(kMissing[static_cast<int>(c)]));
  const auto kResultIndex = static_cast<int>(Component::kResult);
  if (r.components[kResultIndex].present && !result_measured)
    suggest(Component::kResult,
            "Your result has no measurable outcome: add a number \xE2\x80\x94 time saved, errors reduced, users "
            "affected.");
  for (int c = 0; c < kStarCount; ++c) {
    if (r.components[c].present && r.components[c].strength < 0.5 && !(c == kResultIndex && !result_measured))
      suggest(static_cast<Component>(c), std::string(kWeak[c]));
  }
  if (m.we_count >= 3 && m.we_count > 2 * m.i_count)
    suggest(Component::kAction,
            fmt::format("You say \xE2\x80\x9cwe\xE2\x80\x9d {} times and \xE2\x80\x9cI\xE2\x80\x9d {} times: make "
                        "your own contribution clear (\xE2\x80\x9cI proposed\xE2\x80\xA6\xE2\x80\x9d, "
                        "\xE2\x80\x9cI wrote\xE2\x80\xA6\xE2\x80\x9d).",
                        m.we_count, m.i_count));
  const auto kActionIndex = static_cast<int>(Component::kAction);
  if (first_sentence[kResultIndex] >= 0 && first_sentence[kActionIndex] >= 0 &&
      first_sentence[kResultIndex] < first_sentence[kActionIndex] && first_sentence[0] > first_sentence[kActionIndex])
    suggest(std::nullopt,
            "Tell it in order: the situation and your task first, then what you did, then the result. It is easier "
            "to follow.");
  if (w > 0 && w < 60)
    suggest(std::nullopt, fmt::format("At {} words the answer is too short to show your reasoning: aim for 150 to "
                                      "300 words (one to two minutes spoken).",
                                      w));
  if (w > 450)
    suggest(std::nullopt, fmt::format("At {} words (about {:.0f} minutes spoken) the answer runs long: keep the "
                                      "situation to two sentences and cut the asides.",
                                      w, m.speaking_seconds / 60.0));
  if (other_words * 4 > w && w > 0)
    suggest(Component::kOther,
            "Some sentences are not part of the story (not situation, task, action or result): cut them or tie them "
            "to what you did.");
  if (m.filler_words.size() >= 2) {
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
  for (std::size_t i = 0; i < m.vague_claims.size() && i < 2; ++i)
    suggest(std::nullopt, fmt::format("\xE2\x80\x9c{}\xE2\x80\x9d is a claim without evidence: say how much, or how "
                                      "you know.",
                                      m.vague_claims[i]));
  if (!m.keywords_missing.empty() && m.keywords_found.size() * 2 < context.keywords.size()) {
    std::string list;
    for (std::size_t i = 0; i < m.keywords_missing.size() && i < 4; ++i) {
      if (i) list += ", ";
      list += m.keywords_missing[i];
    }
    suggest(std::nullopt, "Connect your story to what the question is about: mention " + list +
                              " where it applies to what you did.");
  }
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
    out += fmt::format("\"{}\"", ComponentName(r.missing[i]));
  }
  const Metrics& m = r.metrics;
  out += fmt::format("],\"metrics\":{{\"words\":{},\"sentences\":{},\"speaking_seconds\":{:.1f},", m.words,
                     m.sentences, m.speaking_seconds);
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
