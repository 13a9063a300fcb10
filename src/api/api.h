// SPDX-License-Identifier: Apache-2.0
#pragma once
// JSON API under /api/v1 (documented in docs/openapi.json, served at /api/v1/openapi.json).
// Errors are {"error":{"code","message"}} (rendered by the router). Lists are paginated with
// limit (1..100, default 20) and offset, and answer {"items":[...],"total","limit","offset"}.
// POST /api/v1/coach analyses an answer (JSON contract in docs/coach.md).
// The feedback write is cookie-authenticated (the visitor cookie) and needs X-CSRF-Token.
// Jobs: GET /api/v1/jobs (the /jobs page's filters, limit/offset) and GET /api/v1/jobs/{id}
// (410 once expired) are public; POST/PUT/DELETE need an editor or admin bearer token
// (the service's token, or an API token of an editor/admin account; 401 without one, 403 with a
// wrong one) and clear the page cache (role pages show job counts).
// Editors: GET /api/v1/editor/feedback exports the readers' votes and comments (an editor or
// admin bearer token, or the session of an editor or admin account), with the questions' links
// absolute when `origin` gives the site's public origin for the request.
// Search: GET /api/v1/search (q, filters, limit, cursor; hits with escaped <mark> snippets,
// facet counts, next_cursor, did_you_mean) and GET /api/v1/search/suggest (completions and the
// best few hits while typing) are public; search/service/searcher.h does the work.

#include "auth/accounts.h"
#include "auth/editor_token.h"
#include "core/rate_limit.h"
#include "http/csrf.h"
#include "http/page_cache.h"
#include "http/public_origin.h"
#include "http/router.h"
#include "practice/coaching.h"
#include "search/service/searcher.h"
#include "store/store.h"

namespace starprep::api {

class Api {
 public:
  Api(store::Store& store, http::PageCache& cache, const http::Csrf& csrf, practice::Coaching& coaching,
      RateLimiter& coach_limiter, const auth::EditorTokens& editor_tokens, auth::Accounts& accounts,
      const http::PublicOrigin& origin, search::Searcher& searcher)
      : store_(store),
        cache_(cache),
        csrf_(csrf),
        coaching_(coaching),
        coach_limiter_(coach_limiter),
        editor_tokens_(editor_tokens),
        accounts_(accounts),
        origin_(origin),
        searcher_(searcher) {}

  void Register(http::Router& router);

 private:
  http::Response ListRoles(http::Request& req);
  http::Response GetRole(http::Request& req);
  http::Response ListRoleQuestions(http::Request& req);
  http::Response GetRoleFeedback(http::Request& req);
  http::Response GetQuestion(http::Request& req);
  http::Response GetFeedback(http::Request& req);
  http::Response PostFeedback(http::Request& req);
  http::Response CsrfToken(http::Request& req);
  // POST /api/v1/coach: no sign-in, no CSRF (it changes nothing); rate-limited per client address.
  http::Response Coach(http::Request& req);
  http::Response ListJobs(http::Request& req);
  http::Response GetJob(http::Request& req);
  http::Response CreateJob(http::Request& req);
  http::Response UpdateJob(http::Request& req);
  http::Response DeleteJob(http::Request& req);
  http::Response Search(http::Request& req);
  http::Response Suggest(http::Request& req);
  // GET /api/v1/editor/feedback: every live question's counts and every comment
  // (feedback/export.h ToJson), for editors (RequireEditor with kRead); no-store.
  http::Response EditorFeedback(http::Request& req);
  // nullopt when the request may act as an editor: the service's editor/admin token, an API
  // token of an account with the editor or admin role whose scope permits `op` (a "read" token
  // only reads), or, for kRead only, the session cookie of such an account; else the 401/403 reply.
  std::optional<http::Response> RequireEditor(const http::Request& req, auth::Operation op = auth::Operation::kWrite);

  store::Store& store_;
  http::PageCache& cache_;
  const http::Csrf& csrf_;
  practice::Coaching& coaching_;
  RateLimiter& coach_limiter_;
  const auth::EditorTokens& editor_tokens_;
  auth::Accounts& accounts_;
  const http::PublicOrigin& origin_;
  search::Searcher& searcher_;  // shared with the pages (app/app.cpp)
};

}  // namespace starprep::api
