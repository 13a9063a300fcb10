// SPDX-License-Identifier: Apache-2.0
#include "search/service/personal_searcher.h"

#include <map>
#include <utility>

#include "search/personal.h"

namespace starprep::search {

Result<std::vector<PersonalResult>> PersonalSearcher::Search(std::int64_t user_id, std::string_view text,
                                                             std::size_t limit) {
  std::vector<PersonalResult> out;
  const Query query = Parse(text);
  if (query.empty() || limit == 0) return out;
  std::vector<PersonalDoc> docs;
  auto stories = journal_.ListStories(user_id);
  if (!stories.ok()) return stories.error();
  for (auto& s : *stories)
    docs.push_back({"story", std::to_string(s.id), std::move(s.fields.title), practice::Journal::StoryText(s.fields)});
  auto attempts = journal_.ListAttempts(user_id, "", kPersonalAttemptsSearched, 0);
  if (!attempts.ok()) return attempts.error();
  if (!attempts->items.empty()) {
    auto roles = store_.ListLiveRoles();  // the questions' texts, as the attempts' titles
    if (!roles.ok()) return roles.error();
    std::map<std::string, std::string> questions;
    for (const auto& role : *roles)
      for (const auto& q : role.questions) questions[q.id] = q.question;
    for (const auto& record : attempts->items) {
      auto attempt = journal_.OpenAttempt(record);
      if (!attempt.ok()) return attempt.error();
      const auto q = questions.find(attempt->question_id);
      docs.push_back({"attempt", std::to_string(attempt->id),
                      q != questions.end() ? q->second : "A question no longer published", std::move(attempt->answer)});
    }
  }
  for (auto& hit : SearchPersonal(query, docs, limit)) {
    PersonalDoc& doc = docs[hit.doc];
    const std::string url = (doc.type == "story" ? "/stories/" : "/attempts/") + doc.id;
    out.push_back({doc.type, doc.id, std::move(doc.title), url, std::move(hit.snippet), hit.exact});
  }
  return out;
}

}  // namespace starprep::search
