// SPDX-License-Identifier: Apache-2.0
#pragma once
// Encodings between the content and job models and database columns, shared by the SQLite and
// PostgreSQL stores. Pure functions, no I/O.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/model.h"
#include "core/result.h"
#include "jobs/model.h"

namespace starprep::store {

// A list of strings as a JSON array, e.g. ["a","b \"c\""]. Any UTF-8 text round-trips.
std::string EncodeStringList(const std::vector<std::string>& items);
// nullopt unless `json` is a JSON array of strings.
std::optional<std::vector<std::string>> DecodeStringList(const std::string& json);

// An attempt's four STAR strengths (situation, task, action, result) as a JSON array of
// integers, e.g. [10,20,30,40]: the parts_json column.
std::string EncodeStarParts(const std::array<int, 4>& parts);
// nullopt unless `json` is a JSON array of exactly four integers.
std::optional<std::array<int, 4>> DecodeStarParts(const std::string& json);

// A stable fingerprint (16 lowercase hex digits, FNV-1a 64 over length-prefixed fields) of
// everything stored for a question: id, role, position, slug, text, lists, kind, updated and the
// four STAR parts. Equal questions hash equal on every build and platform; it detects edits, it is
// not a defence against anyone crafting collisions (editors are trusted).
std::string ContentHash(const content::Question& q, const std::string& role_slug);

// A fingerprint (32 hex digits, BLAKE2b-128) of everything an import stores: every role's fields
// and every question's ContentHash. The content version changes only when it does.
std::string PackHash(const content::Pack& pack);

// A job's offices as a JSON array of [locality, region, country] arrays.
std::string EncodeOffices(const std::vector<jobs::Place>& offices);
// nullopt unless `json` is such an array.
std::optional<std::vector<jobs::Place>> DecodeOffices(const std::string& json);

// A fingerprint (32 hex digits, BLAKE2b-128) of everything stored for a job, its id aside (its
// JSON-LD and its roles): an upsert rewrites a job only when it changes.
std::string JobHash(const jobs::Job& job);

// The search index keeps a document's roles and competencies as one text, "|a|b|" ("||" for
// none), so a filter is one substring test on both backends. These split it.
std::vector<std::string> DecodeBarList(std::string_view bars);

// One matching document's facet values, as the search index stores them, counted into `facets`
// `documents` times (a backend that groups equal values counts each group once).
struct SearchFacets;
void CountFacets(SearchFacets& facets, std::string_view type, std::string_view roles, std::string_view kind,
                 std::string_view competencies, std::string_view remote, int documents = 1);

// A search hit from its backend's columns (type, ref, slug, the "|a|b|" roles, title and the
// marked snippet), the same on both backends: the role is the first listed unless it is
// jobs::kOtherRole, the snippet split into parts (search::SplitSnippet). Score and exact are
// left to the caller.
struct SearchHit;
SearchHit SearchHitFrom(std::string type, std::string id, std::string slug, std::string_view roles, std::string title,
                        std::string_view marked_snippet);

struct CommentStateChange;
// The editor inbox's state change, checked the same way by both backends: the ids once each in
// ascending order; kInvalidArgument for an unknown state, no ids, or an id below 1.
Result<std::vector<std::int64_t>> CheckCommentStateChange(const CommentStateChange& change);

}  // namespace starprep::store
