// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/import.h"

#include <set>

#include <string>

#include "store/codec.h"
#include "store/sqlite/jobs.h"
#include "store/sqlite/queries.h"

namespace starprep::store::sqlite {
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

// A constraint failure during import means the pack is malformed, not that writes collided.
Error ForImport(Error e) {
  if (e.code == ErrorCode::kConflict) e.code = ErrorCode::kInvalidArgument;
  return e;
}

Result<std::vector<std::string>> SelectColumn(Connection& conn, const char* query) {
  auto stmt = Statement::Prepare(conn, query);
  if (!stmt) return stmt.error();
  std::vector<std::string> values;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return values;
    values.push_back(stmt->ColumnText(0));
  }
}

// Retires every live key of `list_query` that is not in `keep`; returns how many.
Result<int> RetireAbsent(Connection& conn, const char* list_query, const char* retire_query,
                         const std::set<std::string>& keep) {
  auto live = SelectColumn(conn, list_query);
  if (!live) return live.error();
  auto retire = Statement::Prepare(conn, retire_query);
  if (!retire) return retire.error();
  int retired = 0;
  for (const auto& key : *live) {
    if (keep.count(key) != 0) continue;
    retire->Reset();
    if (auto s = retire->Bind(key).Run(); !s) return s.error();
    ++retired;
  }
  return retired;
}

// The live roles as jobs::MapRoles needs them.
Result<std::vector<jobs::RoleInfo>> LiveRoleInfos(Connection& conn) {
  auto stmt = Statement::Prepare(conn, sql::kListLiveRoleInfos);
  if (!stmt) return stmt.error();
  std::vector<jobs::RoleInfo> roles;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return roles;
    auto skills = DecodeStringList(stmt->ColumnText(2));
    if (!skills) return Error{ErrorCode::kInternal, "sqlite store: malformed roles.skills_json"};
    roles.push_back({stmt->ColumnText(0), stmt->ColumnText(1), std::move(*skills)});
  }
}

}  // namespace

Result<ImportStats> ImportPack(Connection& writer, const content::Pack& pack) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto upsert_role = Statement::Prepare(writer, sql::kUpsertRole);
  auto get_state = Statement::Prepare(writer, sql::kGetQuestionState);
  auto upsert_question = Statement::Prepare(writer, sql::kUpsertQuestion);
  if (!upsert_role) return upsert_role.error();
  if (!get_state) return get_state.error();
  if (!upsert_question) return upsert_question.error();

  auto roles_before = LiveRoleInfos(writer);
  if (!roles_before) return roles_before.error();
  ImportStats stats;
  std::set<std::string> role_slugs, question_ids;
  for (const content::Role& role : pack.roles) {
    if (!role_slugs.insert(role.slug).second) return Invalid("duplicate role slug in pack: " + role.slug);
    ++stats.roles;
    upsert_role->Reset();
    upsert_role->Bind(role.slug, role.title, role.summary, role.updated, EncodeStringList(role.skills), role.intro_md);
    if (auto s = upsert_role->Run(); !s) return ForImport(s.error());

    for (const content::Question& q : role.questions) {
      if (!question_ids.insert(q.id).second) return Invalid("duplicate question id in pack: " + q.id);
      if (!q.role_slug.empty() && q.role_slug != role.slug) {
        return Invalid("question " + q.id + " names role " + q.role_slug + " but is in role " + role.slug);
      }
      const std::string hash = ContentHash(q, role.slug);

      get_state->Reset();
      auto row = get_state->Bind(q.id).Step();
      if (!row) return row.error();
      const bool was_live = *row && get_state->ColumnBool(1);
      const bool same_content = *row && get_state->ColumnText(0) == hash;
      get_state->Reset();  // no statement stays mid-read until COMMIT
      if (was_live && same_content) {
        ++stats.questions_unchanged;
        continue;
      }
      if (was_live) {
        ++stats.questions_updated;
      } else {
        ++stats.questions_added;  // new, or retired before and back now
      }

      upsert_question->Reset();
      upsert_question->Bind(q.id, role.slug, q.position, q.slug, q.question, EncodeStringList(q.competencies), q.kind,
                            q.updated, q.why_md, EncodeStringList(q.dos), EncodeStringList(q.donts), q.answer.situation,
                            q.answer.task, q.answer.action, q.answer.result, hash);
      if (auto s = upsert_question->Run(); !s) return ForImport(s.error());
    }
  }

  auto retired = RetireAbsent(writer, sql::kListLiveQuestionIds, sql::kRetireQuestion, question_ids);
  if (!retired) return retired.error();
  stats.questions_retired = *retired;
  if (auto roles = RetireAbsent(writer, sql::kListLiveRoleSlugs, sql::kRetireRole, role_slugs); !roles) {
    return roles.error();
  }
  auto roles_after = LiveRoleInfos(writer);
  if (!roles_after) return roles_after.error();
  if (*roles_after != *roles_before) {
    auto remapped = RemapJobRoles(writer, *roles_before, *roles_after);
    if (!remapped) return remapped.error();
    stats.jobs_remapped = *remapped;
  }
  auto bump = Statement::Prepare(writer, sql::kBumpContentVersion);
  if (!bump) return bump.error();
  if (auto s = bump->Bind(PackHash(pack)).Run(); !s) return s.error();
  if (auto s = tx->Commit(); !s) return s.error();
  return stats;
}

}  // namespace starprep::store::sqlite
