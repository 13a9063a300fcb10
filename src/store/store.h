#pragma once
// Store: the only way the service reads and writes durable state.
// Implementations: store/sqlite (embedded default). A PostgreSQL one can follow without
// touching handlers. All methods are thread-safe; each call is atomic on its own.
// "Not found" is a value (std::nullopt / empty list), not an error. Errors are kUnavailable
// (the database failed; retrying may help) or kInternal.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "content/model.h"
#include "core/result.h"

namespace starprep::store {

struct RoleSummary {
  std::string slug;
  std::string title;
  std::string summary;
  std::string updated;
  int question_count = 0;
};

struct ImportStats {
  int roles = 0;               // roles in the pack
  int questions_added = 0;     // ids not seen before (or retired before and now back)
  int questions_updated = 0;   // ids already live whose content changed
  int questions_unchanged = 0;
  int questions_retired = 0;   // live ids absent from the pack: hidden, feedback kept
};

struct Vote {
  std::string question_id;
  std::string voter_id;   // opaque per-browser id (from a cookie); never shown to others
  bool helpful = false;
  std::string comment;    // may be empty; at most 1000 characters (checked by callers)
};

struct FeedbackSummary {
  int helpful = 0;
  int not_helpful = 0;
  int comments = 0;
};

struct Comment {
  bool helpful = false;
  std::string comment;
  std::string created_at;  // ISO 8601 UTC
};

class Store {
 public:
  virtual ~Store() = default;

  // Replaces the live content with `pack` in one transaction: on any error nothing changes.
  // Questions are matched by id: an unchanged question keeps its row, feedback stays attached.
  // Questions missing from the pack are retired (not listed, not returned), never deleted.
  // Idempotent: importing the same pack twice changes nothing the second time.
  virtual Result<ImportStats> ReplaceContent(const content::Pack& pack) = 0;

  // A number that changes whenever ReplaceContent commits a content change, whichever process
  // did it; lets a running server notice an import done by the CLI. Unchanged by no-op imports.
  virtual Result<std::int64_t> ContentVersion() = 0;

  // True when at least one role is live.
  virtual Result<bool> HasContent() = 0;

  // Live roles ordered by title.
  virtual Result<std::vector<RoleSummary>> ListRoles() = 0;

  // A live role with its live questions ordered by position; nullopt if unknown.
  virtual Result<std::optional<content::Role>> GetRole(const std::string& slug) = 0;

  // A live question; nullopt if unknown or retired.
  virtual Result<std::optional<content::Question>> GetQuestion(const std::string& id) = 0;

  // Records or changes `vote.voter_id`'s vote on a live question (one per voter and question).
  // kNotFound if the question is not live.
  virtual Status PutVote(const Vote& vote) = 0;

  // Counts for one question (zeros if it has no votes).
  virtual Result<FeedbackSummary> GetFeedbackSummary(const std::string& question_id) = 0;

  // Counts for every live question of a role, keyed by question id (absent: no votes).
  virtual Result<std::map<std::string, FeedbackSummary>> GetRoleFeedback(const std::string& role_slug) = 0;

  // This voter's votes on the live questions of a role, keyed by question id.
  virtual Result<std::map<std::string, Vote>> GetVoterVotes(const std::string& role_slug,
                                                            const std::string& voter_id) = 0;

  // Non-empty comments on a question, newest first, for editors. Paginated.
  virtual Result<std::vector<Comment>> ListComments(const std::string& question_id, int limit,
                                                    int offset) = 0;
};

// Opens (creating if needed) the SQLite database at `path`, applies pending migrations.
// Uses WAL, foreign keys, a busy timeout and synchronous=FULL so acknowledged writes
// survive a crash of the process or the machine.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace starprep::store
