// SPDX-License-Identifier: Apache-2.0
#pragma once
// Accounts, sessions, API tokens, attempts, stories, coach corrections and mock interviews on one SQLite connection
// (see store/store.h for the contracts). Writers are called with the store's write mutex held.

#include <string>
#include <vector>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace starprep::store::sqlite {

Result<User> CreateUser(Connection& writer, const User& user);
Result<std::optional<User>> FindUserByEmail(Connection& reader, const std::string& email);
Result<std::optional<User>> GetUser(Connection& reader, std::int64_t user_id);
Status UpdatePasswordHash(Connection& writer, std::int64_t user_id, const std::string& hash);
Status SetUserRole(Connection& writer, std::int64_t user_id, const std::string& role);
Status DeleteUser(Connection& writer, std::int64_t user_id);

Status CreateSession(Connection& writer, const SessionRecord& session);
Result<std::optional<std::pair<SessionRecord, User>>> GetSession(Connection& reader, const std::string& token_hash);
Status TouchSession(Connection& writer, const std::string& token_hash, const std::string& last_seen_at);
Status DeleteSession(Connection& writer, const std::string& token_hash);
Result<int> DeleteUserSessions(Connection& writer, std::int64_t user_id);
Result<int> CountUserSessions(Connection& reader, std::int64_t user_id);
Result<int> DeleteExpiredSessions(Connection& writer, const std::string& now, const std::string& idle_cutoff);

Result<std::int64_t> CreateApiToken(Connection& writer, std::int64_t user_id, const std::string& name,
                                    const std::string& scope, const std::string& token_hash,
                                    const std::string& created_at);
Result<std::vector<ApiTokenInfo>> ListApiTokens(Connection& reader, std::int64_t user_id);
Status DeleteApiToken(Connection& writer, std::int64_t user_id, std::int64_t id);
Result<std::optional<std::pair<ApiTokenInfo, User>>> GetApiToken(Connection& reader, const std::string& token_hash);
Status TouchApiToken(Connection& writer, std::int64_t id, const std::string& last_used_at);
// A TRUNCATE checkpoint of the WAL; kUnavailable if readers kept it from finishing.
Status CheckpointTruncate(Connection& writer);

Result<std::int64_t> CreateAttempt(Connection& writer, const AttemptRecord& attempt);
Result<AttemptList> ListAttempts(Connection& reader, std::int64_t user_id, const std::string& question_id, int limit,
                                 int offset);
Result<std::optional<AttemptRecord>> GetAttempt(Connection& reader, std::int64_t user_id, std::int64_t id);
Status DeleteAttempt(Connection& writer, std::int64_t user_id, std::int64_t id);

Result<std::int64_t> CreateStory(Connection& writer, const StoryRecord& story, int max_stories);
Status UpdateStory(Connection& writer, const StoryRecord& story);
Result<std::optional<StoryRecord>> GetStory(Connection& reader, std::int64_t user_id, std::int64_t id);
Result<std::vector<StoryRecord>> ListStories(Connection& reader, std::int64_t user_id);
Status DeleteStory(Connection& writer, std::int64_t user_id, std::int64_t id);

Result<std::vector<Vote>> ListUserVotes(Connection& reader, std::int64_t user_id);

Result<std::vector<std::string>> ListTargetRoles(Connection& reader, std::int64_t user_id);
Status SetTargetRoles(Connection& writer, std::int64_t user_id, const std::vector<std::string>& slugs);
Result<std::int64_t> CreateCorrection(Connection& writer, const CorrectionRecord& correction);
Result<CorrectionList> ListCorrections(Connection& reader, std::int64_t user_id, int limit, int offset);
Result<std::vector<CorrectionRecord>> ListSharedCorrections(Connection& reader, std::int64_t after_id, int limit);

// Mock interviews.
Result<std::int64_t> CreateMock(Connection& writer, const MockRecord& mock);
Result<std::optional<MockRecord>> GetMock(Connection& reader, std::int64_t user_id, std::int64_t id);
Result<MockList> ListMocks(Connection& reader, std::int64_t user_id, int limit, int offset);
Status UpdateMock(Connection& writer, const MockRecord& mock);
Status DeleteMock(Connection& writer, std::int64_t user_id, std::int64_t id);

Result<int> ResealBatch(Connection& writer, int key_id, int limit, const ResealFn& reseal);
Result<std::map<int, int>> CountSealedByKey(Connection& reader);

}  // namespace starprep::store::sqlite
