// SPDX-License-Identifier: Apache-2.0
#pragma once
// The editor inbox on one SQLite connection (see store/store.h for the contracts): vote counts
// per question and revision, comments with their states, the audit trail. Writers are called
// with the store's write mutex held.

#include <string>
#include <vector>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace starprep::store::sqlite {

Result<std::vector<QuestionFeedback>> ListQuestionFeedback(Connection& reader, const std::string& question_id);
Result<CommentPage> ListEditorComments(Connection& reader, const CommentFilter& filter);
Result<std::vector<std::string>> SetCommentState(Connection& writer, const CommentStateChange& change);
Result<std::vector<AuditRecord>> ListAudit(Connection& reader, int limit, int offset);

}  // namespace starprep::store::sqlite
