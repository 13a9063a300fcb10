// SPDX-License-Identifier: Apache-2.0
#pragma once
// Search queries as data (pure: no I/O). A user's text becomes clauses of plain words that both
// store backends turn into their own full-text syntax (FTS5 MATCH, PostgreSQL tsquery) by quoting
// each word: a word holds only lower-case letters and digits (ASCII folded, non-ASCII letters kept),
// never an operator, a quote or a bracket, so nothing a user types can be an FTS syntax error.
// Typo candidates come from the index's vocabulary with a bounded edit-distance search.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace starprep::search {

inline constexpr std::size_t kMaxClauses = 16;      // words and phrases kept from a query
inline constexpr std::size_t kMaxWordBytes = 48;    // a longer word is cut at a code point boundary
inline constexpr std::size_t kMaxPhraseWords = 8;   // a longer phrase keeps its first words
inline constexpr std::size_t kMaxAlternatives = 8;  // typo candidates per clause
// Completions a prefix clause matches besides its word: the vocabulary's most frequent words
// starting with it (docs/search.md, "Speed": chosen by measurement).
inline constexpr std::size_t kMaxCompletions = 8;
inline constexpr std::string_view kLocationWords[] = {"remote", "hybrid"};  // see IsLocationClause

// One requirement of a query: a word, or a phrase of words in order ("...").
struct Clause {
  std::vector<std::string> words;  // at least one; each matches [a-z0-9]+ or non-ASCII letters
  bool phrase = false;             // typed in quotes: the words must be adjacent, in order
  // Typed joined by hyphens, outside quotes ("front-end", "e-mail"): the parts are `words` (at
  // least two, so also `phrase`), matched as that phrase (how the index tokenises "front-end") or
  // as the one word they make (Joined: "frontend"), equally exact. Unlike a quoted phrase it may be
  // the prefix clause: then its last part (and the joined word) is a prefix.
  bool hyphenated = false;
  bool prefix = false;  // the last word typed (search as you type): also its completions
  // Other words that satisfy this clause (filled by the search service, not by Parse):
  // words of the vocabulary starting with the prefix (exact), at most kMaxCompletions, the most
  // frequent first: a prefix clause matches its word and these, no other word with that prefix.
  std::vector<std::string> completions;
  // The completions are every word of the vocabulary starting with the prefix (there are at most
  // kMaxCompletions): PostgreSQL adds its prefix operator to them, and the SQLite store ranks
  // them as that operator would, one word (see TsQueryExpression, Fts5Expression).
  bool all_completions = false;
  std::vector<std::string> typos;  // words within the allowed edit distance (ranked below exact)
  // The word as two adjacent words of the vocabulary ("frontend" → {"front", "end"}: content that
  // writes "front-end"), matched as a phrase and as exact as the word itself.
  std::vector<std::vector<std::string>> splits;
  bool operator==(const Clause&) const = default;
};

struct Query {
  std::vector<Clause> clauses;  // all must match (AND); empty: the query finds nothing
  bool empty() const { return clauses.empty(); }
  bool operator==(const Query&) const = default;
};

// Parses what a user typed. Never fails: any bytes (invalid UTF-8, operators, 100 KB) give a
// Query, possibly empty. Lower-cases ASCII, folds Latin-1 letters with diacritics to ASCII
// (é → e), splits on everything that is not a letter or a digit, keeps at most kMaxClauses
// clauses. Text in double quotes is a phrase (an unclosed quote runs to the end). Outside quotes,
// words joined by single hyphens (kHyphens, with a letter or digit on both sides) are one
// hyphenated clause of at most kMaxPhraseWords parts (a longer chain continues in the next
// clause); a hyphen anywhere else ("-", "--", "a-", "-a", "a--b") separates words. The last
// clause is a prefix when the text does not end with a separator or a closing quote and it is
// not in quotes.
Query Parse(std::string_view text);

// The hyphens that join words ("-", U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN); dashes do not.
bool IsHyphen(char32_t cp);

// A hyphenated clause's parts as one word ("front-end" → "frontend"), or "" when there is none
// to search: not hyphenated, every part only digits ("2-3", "2026-12-07": not a word), or longer
// than kMaxWordBytes.
std::string Joined(const Clause& clause);

// The words of a job's location policy that every job document holds ("remote", "hybrid").
// A clause of one of them, in a query with other clauses not of them, is required of jobs only:
// "remote data engineer" finds remote data-engineer jobs and the data engineer role page (which
// says nothing about remote work); a question or role that has the word ranks higher for it.
bool IsLocationClause(const Clause& clause);
// True when the query's location clauses are required of jobs only (it has both kinds).
bool LocationForJobsOnly(const Query& query);

// The query's words joined by spaces, phrases in quotes, hyphenated clauses with hyphens: a
// normalised form for messages and "did you mean" links. Parse(ToText(q)) has q's clauses (its
// last clause a prefix, unless a quoted phrase).
std::string ToText(const Query& query);

// A word of a text and where it is (bytes [begin, end) of the text), folded as Parse folds the
// words of a query: for matching texts in memory (search/personal.h).
struct WordSpan {
  std::string word;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool operator==(const WordSpan&) const = default;
};
// Every word of `text` in order, each cut at kMaxWordBytes like a query's. Never fails: invalid
// UTF-8 bytes separate words.
std::vector<WordSpan> Words(std::string_view text);

// ---- the backends' syntax ----
// Each clause becomes an OR of what satisfies it (the word, or the phrase; for a prefix clause the
// word and its completions; its splits as phrases; with `typos`, also its typo candidates; a
// hyphenated clause its phrase and its Joined word); clauses are ANDed. A prefix clause never
// uses the backend's prefix operator ("word"*, 'word':*): FTS5 merges the doclists of every
// indexed word with that prefix each time a statement sets the expression up (tens of
// milliseconds for "a" or "te" at 100,000 postings), and its completions are the words a person
// typing it most likely means (as Typesense's max_candidates). The operator stays in a
// hyphenated prefix clause ("front-e": its last part and its Joined word), and on PostgreSQL
// beside the completions when they are all the words with its prefix (below). A prefix longer
// than a stem ("observab" for "observ") matches through its completions, which the index stems
// as it stemmed the documents. When LocationForJobsOnly(query), the location
// clauses L are required only of documents holding a location word (jobs):
// (R AND L) OR (R NOT (remote OR hybrid)), R the other clauses. Every word is quoted, so the text
// is always valid syntax. "" for an empty query.

// An SQLite FTS5 MATCH expression: "word", "two words", "two wo"* (hyphenated prefix only).
// A completion is an unstemmed word of the vocabulary; FTS5 runs the index's tokenizer (porter)
// on the quoted word, so it matches what the same word in a document was indexed as. No prefix
// operator beside all completions: FTS5 merges every doclist of the prefix into one on each
// statement (8-30 ms for "and", "join", "care" at 100,000 postings), while the completions are
// walked as they are; the SQLite store gives such a clause's words one document count, that of
// the documents holding any of them, so they rank as the operator's one phrase did (docs/search.md).
std::string Fts5Expression(const Query& query, bool typos);
// The phrase Fts5Expression writes for one word ("word").
std::string Fts5Word(const std::string& word);
// A PostgreSQL to_tsquery() text: 'word', ('two' <-> 'words'), ('two' <-> 'wo':*), |, & and !;
// 'word':* beside the completions when they are all the words with the prefix (the operator
// then costs no more than they do, and ts_rank counts the clause as one).
std::string TsQueryExpression(const Query& query, bool typos);
// True when some clause has typo candidates (the typo-tolerant expression differs from the exact one).
bool HasTypos(const Query& query);

// The boolean structure of an Fts5Expression, for evaluating it without FTS5 (the SQLite store
// combines per-phrase document sets: store/sqlite/search_docs.h). `phrases` are the quoted
// phrases in the order they appear, each as written ("word", "two words", "wo"*): the order in
// which FTS5 numbers them for bm25 and other auxiliary functions (a phrase written twice is two).
struct Fts5Tree {
  enum class Kind { kPhrase, kAnd, kOr, kNot };  // kNot: left AND NOT right
  struct Node {
    Kind kind = Kind::kPhrase;
    int phrase = -1;  // kPhrase: index in `phrases`
    int left = -1;    // the others: indexes in `nodes`
    int right = -1;
  };
  std::vector<std::string> phrases;
  std::vector<Node> nodes;
  int root = -1;
};
// Parses the syntax Fts5Expression writes: quoted phrases (no quote inside) with an optional
// `*`, parentheses and the operators OR, AND, NOT with FTS5's precedence (NOT binds tightest,
// then AND, then OR; each left to right), nested at most 32 deep. Nothing else: nullopt for any
// other text (empty included). Every text Fts5Expression returns parses (the search_query fuzz
// target checks it).
std::optional<Fts5Tree> ParseFts5Expression(std::string_view expression);

// ---- typo tolerance ----

struct VocabularyEntry {
  std::string term;
  std::int64_t docs = 0;  // documents holding it
};

// How many typos a word of `code_points` characters may have: 0 below 5, 1 below 9, else 2.
int AllowedTypos(std::size_t code_points);

// The edit distance (insertions, deletions, substitutions and transpositions of adjacent
// characters, counted in code points) between `a` and `b` if it is at most `max`; otherwise
// max + 1. Stops as soon as the distance must exceed `max` (O(len * (2 max + 1)) work).
int BoundedDistance(std::string_view a, std::string_view b, int max);

// The terms of `vocabulary` within AllowedTypos(word) of `word` (never `word` itself), ranked by
// distance, then by documents (more first), then alphabetically; at most `limit`. Only terms with
// the same first character and a length within the allowed distance are compared, so the work is
// bounded by the vocabulary slice the caller passes (see VocabularySlice).
// `max_typos` >= 0 replaces AllowedTypos(word) (for "did you mean", which looks further).
std::vector<std::string> TypoCandidates(std::string_view word, std::span<const VocabularyEntry> vocabulary,
                                        std::size_t limit = kMaxAlternatives, int max_typos = -1);

// What part of the vocabulary TypoCandidates(word) can use: terms starting with `first` (the
// word's first character) whose length in code points is in [min_length, max_length].
struct VocabularySlice {
  std::string first;
  int min_length = 0;
  int max_length = 0;
};
// `first` is empty when the word may have no typos (shorter than 5, unless `max_typos` >= 0
// replaces AllowedTypos(word)).
VocabularySlice SliceFor(std::string_view word, int max_typos = -1);

// ---- snippets ----

// A piece of a result's snippet: plain text (never HTML) and whether it matched the query.
struct SnippetPart {
  std::string text;
  bool match = false;
  bool operator==(const SnippetPart&) const = default;
};

// The markers a backend's snippet function puts around matched words (U+0001, U+0002: never in
// content, which is text people typed). SplitSnippet turns marked text into parts; a stray or
// unbalanced marker only moves a highlight, it never reaches the output.
inline constexpr std::string_view kMarkStart = "\x01";
inline constexpr std::string_view kMarkEnd = "\x02";
std::vector<SnippetPart> SplitSnippet(std::string_view marked);

// The snippet as HTML: every part escaped, matched parts in <mark>...</mark>.
std::string SnippetHtml(std::span<const SnippetPart> parts);

}  // namespace starprep::search
