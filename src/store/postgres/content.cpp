// SPDX-License-Identifier: Apache-2.0
// PostgresStore: content, votes and comments (store/store.h has the contract of each call; the
// SQLite twins are store/sqlite/sqlite_store.cpp and import.cpp).
#include <map>
#include <set>

#include "store/codec.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/queries.h"

namespace starprep::store::postgres {
namespace {

Result<std::vector<std::string>> DecodeList(const std::string& json, const char* column) {
  auto list = DecodeStringList(json);
  if (!list) return Error{ErrorCode::kInternal, std::string("postgres store: malformed JSON list in ") + column};
  return std::move(*list);
}

// Row `r` of kGetLiveRole / kListLiveRolesFull (without its questions).
Result<content::Role> ReadRole(const Rows& rows, int r) {
  content::Role role;
  role.slug = rows.Text(r, 0);
  role.title = rows.Text(r, 1);
  role.summary = rows.Text(r, 2);
  role.updated = rows.Text(r, 3);
  auto skills = DecodeList(rows.Text(r, 4), "roles.skills_json");
  if (!skills) return skills.error();
  role.skills = std::move(*skills);
  role.intro_md = rows.Text(r, 5);
  return role;
}

// Row `r` of the three question queries.
Result<content::Question> ReadQuestion(const Rows& rows, int r) {
  content::Question q;
  q.id = rows.Text(r, 0);
  q.role_slug = rows.Text(r, 1);
  q.position = static_cast<int>(rows.Int(r, 2));
  q.slug = rows.Text(r, 3);
  q.question = rows.Text(r, 4);
  auto competencies = DecodeList(rows.Text(r, 5), "questions.competencies_json");
  if (!competencies) return competencies.error();
  q.competencies = std::move(*competencies);
  q.kind = rows.Text(r, 6);
  q.updated = rows.Text(r, 7);
  q.why_md = rows.Text(r, 8);
  auto dos = DecodeList(rows.Text(r, 9), "questions.dos_json");
  if (!dos) return dos.error();
  q.dos = std::move(*dos);
  auto donts = DecodeList(rows.Text(r, 10), "questions.donts_json");
  if (!donts) return donts.error();
  q.donts = std::move(*donts);
  q.answer = {rows.Text(r, 11), rows.Text(r, 12), rows.Text(r, 13), rows.Text(r, 14)};
  return q;
}

FeedbackSummary ReadSummary(const Rows& rows, int r, int first_col) {
  return FeedbackSummary{static_cast<int>(rows.Int(r, first_col)), static_cast<int>(rows.Int(r, first_col + 1)),
                         static_cast<int>(rows.Int(r, first_col + 2))};
}

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

// A constraint failure during import means the pack is malformed, not that writes collided.
Error ForImport(Error e) {
  if (e.code == ErrorCode::kConflict) e.code = ErrorCode::kInvalidArgument;
  return e;
}

// Retires every live key of `list_query` not in `keep`; returns how many.
Result<int> RetireAbsent(Conn& c, const char* list_query, const char* retire_query, const std::set<std::string>& keep) {
  auto live = c.Exec(list_query);
  if (!live) return live.error();
  int retired = 0;
  for (int r = 0; r < live->size(); ++r) {
    const std::string key = live->Text(r, 0);
    if (keep.count(key) != 0) continue;
    if (auto s = c.Exec(retire_query, key); !s) return s.error();
    ++retired;
  }
  return retired;
}

// The live roles as jobs::MapRoles needs them.
Result<std::vector<jobs::RoleInfo>> LiveRoleInfos(Conn& c) {
  auto rows = c.Exec(sql::kListLiveRoleInfos);
  if (!rows) return rows.error();
  std::vector<jobs::RoleInfo> roles;
  for (int r = 0; r < rows->size(); ++r) {
    auto skills = DecodeList(rows->Text(r, 2), "roles.skills_json");
    if (!skills) return skills.error();
    roles.push_back({rows->Text(r, 0), rows->Text(r, 1), std::move(*skills)});
  }
  return roles;
}

// The import inside the caller's transaction (the same steps as sqlite/import.cpp).
Result<ImportStats> Import(Conn& c, const content::Pack& pack) {
  if (auto locked = c.Exec(sql::kLockContentState); !locked) return locked.error();
  auto roles_before = LiveRoleInfos(c);
  if (!roles_before) return roles_before.error();
  ImportStats stats;
  std::set<std::string> role_slugs, question_ids;
  for (const content::Role& role : pack.roles) {
    if (!role_slugs.insert(role.slug).second) return Invalid("duplicate role slug in pack: " + role.slug);
    ++stats.roles;
    if (auto s = c.Exec(sql::kUpsertRole, role.slug, role.title, role.summary, role.updated,
                        EncodeStringList(role.skills), role.intro_md);
        !s)
      return ForImport(s.error());
    for (const content::Question& q : role.questions) {
      if (!question_ids.insert(q.id).second) return Invalid("duplicate question id in pack: " + q.id);
      if (!q.role_slug.empty() && q.role_slug != role.slug)
        return Invalid("question " + q.id + " names role " + q.role_slug + " but is in role " + role.slug);
      const std::string hash = ContentHash(q, role.slug);
      auto state = c.Exec(sql::kGetQuestionState, q.id);
      if (!state) return state.error();
      const bool was_live = !state->empty() && state->Bool(0, 1);
      const bool same_content = !state->empty() && state->View(0, 0) == hash;
      if (was_live && same_content) {
        ++stats.questions_unchanged;
        continue;
      }
      ++(was_live ? stats.questions_updated : stats.questions_added);  // added: new, or retired and back
      if (auto s = c.Exec(sql::kUpsertQuestion, q.id, role.slug, q.position, q.slug, q.question,
                          EncodeStringList(q.competencies), q.kind, q.updated, q.why_md, EncodeStringList(q.dos),
                          EncodeStringList(q.donts), q.answer.situation, q.answer.task, q.answer.action,
                          q.answer.result, hash);
          !s)
        return ForImport(s.error());
    }
  }
  auto retired = RetireAbsent(c, sql::kListLiveQuestionIds, sql::kRetireQuestion, question_ids);
  if (!retired) return retired.error();
  stats.questions_retired = *retired;
  if (auto roles = RetireAbsent(c, sql::kListLiveRoleSlugs, sql::kRetireRole, role_slugs); !roles) return roles.error();
  auto roles_after = LiveRoleInfos(c);
  if (!roles_after) return roles_after.error();
  if (*roles_after != *roles_before) {  // locks the jobs after the content, as no job write locks content
    auto remapped = RemapJobRoles(c, *roles_before, *roles_after);
    if (!remapped) return remapped.error();
    stats.jobs_remapped = *remapped;
  }
  if (auto s = c.Exec(sql::kBumpContentVersion, PackHash(pack)); !s) return s.error();
  return stats;
}

}  // namespace

Result<ImportStats> PostgresStore::ReplaceContent(const content::Pack& pack) {
  return pool_.Write([&](Conn& c) { return Import(c, pack); });
}

Result<std::int64_t> PostgresStore::ContentVersion() {
  return pool_.Read([&](Conn& c) -> Result<std::int64_t> {
    auto rows = c.Exec(sql::kGetContentVersion);
    if (!rows) return rows.error();
    if (rows->empty()) return Error{ErrorCode::kInternal, "content_state row is missing"};
    return rows->Int(0, 0);
  });
}

Result<bool> PostgresStore::HasContent() {
  return pool_.Read([&](Conn& c) -> Result<bool> {
    auto rows = c.Exec(sql::kHasLiveRole);
    if (!rows) return rows.error();
    return !rows->empty() && rows->Bool(0, 0);
  });
}

Result<std::vector<RoleSummary>> PostgresStore::ListRoles() {
  return pool_.Read([&](Conn& c) -> Result<std::vector<RoleSummary>> {
    auto rows = c.Exec(sql::kListLiveRoles);
    if (!rows) return rows.error();
    std::vector<RoleSummary> roles;
    roles.reserve(static_cast<std::size_t>(rows->size()));
    for (int r = 0; r < rows->size(); ++r)
      roles.push_back(
          {rows->Text(r, 0), rows->Text(r, 1), rows->Text(r, 2), rows->Text(r, 3), static_cast<int>(rows->Int(r, 4))});
    return roles;
  });
}

Result<std::optional<content::Role>> PostgresStore::GetRole(const std::string& slug) {
  if (!CanHold(slug)) return std::optional<content::Role>();
  // Both queries see one snapshot (READ COMMITTED would take one per statement): an import
  // committing meanwhile is seen whole or not at all.
  return pool_.Write([&](Conn& c) -> Result<std::optional<content::Role>> {
    if (auto s = c.Run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"); !s) return s.error();
    auto head = c.Exec(sql::kGetLiveRole, slug);
    if (!head) return head.error();
    if (head->empty()) return std::optional<content::Role>();
    auto role = ReadRole(*head, 0);
    if (!role) return role.error();
    auto rows = c.Exec(sql::kListLiveQuestionsOfRole, slug);
    if (!rows) return rows.error();
    for (int r = 0; r < rows->size(); ++r) {
      auto question = ReadQuestion(*rows, r);
      if (!question) return question.error();
      role->questions.push_back(std::move(*question));
    }
    return std::optional<content::Role>(std::move(*role));
  });
}

Result<std::vector<content::Role>> PostgresStore::ListLiveRoles() {
  return pool_.Write([&](Conn& c) -> Result<std::vector<content::Role>> {
    if (auto s = c.Run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"); !s) return s.error();
    auto head = c.Exec(sql::kListLiveRolesFull);
    if (!head) return head.error();
    std::vector<content::Role> roles;
    std::map<std::string, std::size_t> index;  // slug -> position in `roles`
    for (int r = 0; r < head->size(); ++r) {
      auto role = ReadRole(*head, r);
      if (!role) return role.error();
      index.emplace(role->slug, roles.size());
      roles.push_back(std::move(*role));
    }
    auto rows = c.Exec(sql::kListLiveQuestionsOfLiveRoles);
    if (!rows) return rows.error();
    for (int r = 0; r < rows->size(); ++r) {
      auto question = ReadQuestion(*rows, r);
      if (!question) return question.error();
      auto it = index.find(question->role_slug);
      if (it == index.end())
        return Error{ErrorCode::kInternal, "live question " + question->id + " of a role not read"};
      roles[it->second].questions.push_back(std::move(*question));
    }
    return roles;
  });
}

Result<std::optional<content::Question>> PostgresStore::GetQuestion(const std::string& id) {
  if (!CanHold(id)) return std::optional<content::Question>();
  return pool_.Read([&](Conn& c) -> Result<std::optional<content::Question>> {
    auto rows = c.Exec(sql::kGetLiveQuestion, id);
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<content::Question>();
    auto question = ReadQuestion(*rows, 0);
    if (!question) return question.error();
    return std::optional<content::Question>(std::move(*question));
  });
}

Status PostgresStore::PutVote(const Vote& vote) {
  if (vote.voter_id.empty()) return Error{ErrorCode::kInvalidArgument, "empty voter id"};
  if (!CanHold(vote.question_id)) return Error{ErrorCode::kNotFound, "no live question with that id"};
  // One statement (an upsert): safe to repeat on a new connection if the first was lost.
  return pool_.Read([&](Conn& c) -> Status {
    auto done = c.Exec(sql::kUpsertVote, vote.question_id, vote.voter_id, vote.helpful, vote.comment,
                       vote.user_id > 0 ? std::optional<std::int64_t>(vote.user_id) : std::nullopt);
    if (!done) return done.error();
    if (done->affected() == 0) return Error{ErrorCode::kNotFound, "no live question with id " + vote.question_id};
    return {};
  });
}

Result<FeedbackSummary> PostgresStore::GetFeedbackSummary(const std::string& question_id) {
  if (!CanHold(question_id)) return FeedbackSummary{};
  return pool_.Read([&](Conn& c) -> Result<FeedbackSummary> {
    auto rows = c.Exec(sql::kFeedbackSummary, question_id);
    if (!rows) return rows.error();
    return rows->empty() ? FeedbackSummary{} : ReadSummary(*rows, 0, 0);
  });
}

Result<std::map<std::string, FeedbackSummary>> PostgresStore::GetRoleFeedback(const std::string& role_slug) {
  if (!CanHold(role_slug)) return std::map<std::string, FeedbackSummary>{};
  return pool_.Read([&](Conn& c) -> Result<std::map<std::string, FeedbackSummary>> {
    auto rows = c.Exec(sql::kRoleFeedback, role_slug);
    if (!rows) return rows.error();
    std::map<std::string, FeedbackSummary> counts;
    for (int r = 0; r < rows->size(); ++r) counts[rows->Text(r, 0)] = ReadSummary(*rows, r, 1);
    return counts;
  });
}

Result<std::map<std::string, Vote>> PostgresStore::GetVoterVotes(const std::string& role_slug,
                                                                 const std::string& voter_id) {
  if (!CanHold(role_slug) || !CanHold(voter_id)) return std::map<std::string, Vote>{};
  return pool_.Read([&](Conn& c) -> Result<std::map<std::string, Vote>> {
    auto rows = c.Exec(sql::kVoterVotes, role_slug, voter_id);
    if (!rows) return rows.error();
    std::map<std::string, Vote> votes;
    for (int r = 0; r < rows->size(); ++r) {
      std::string id = rows->Text(r, 0);
      votes[id] = Vote{id, voter_id, rows->Bool(r, 1), rows->Text(r, 2)};
    }
    return votes;
  });
}

Result<std::vector<Comment>> PostgresStore::ListComments(const std::string& question_id, int limit, int offset) {
  if (limit <= 0 || !CanHold(question_id)) return std::vector<Comment>{};
  return pool_.Read([&](Conn& c) -> Result<std::vector<Comment>> {
    auto rows = c.Exec(sql::kListComments, question_id, limit, offset < 0 ? 0 : offset);
    if (!rows) return rows.error();
    std::vector<Comment> comments;
    comments.reserve(static_cast<std::size_t>(rows->size()));
    for (int r = 0; r < rows->size(); ++r) comments.push_back({rows->Bool(r, 0), rows->Text(r, 1), rows->Text(r, 2)});
    return comments;
  });
}

}  // namespace starprep::store::postgres
