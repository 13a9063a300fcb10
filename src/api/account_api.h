// SPDX-License-Identifier: Apache-2.0
#pragma once
// The account and personal-practice JSON API (docs/openapi.json):
//   POST /api/v1/auth/signup | signin     {"email","password"[,"display_name"]} → 201 | 200, the
//                                          session cookie and {"user":…,"csrf_token":…}
//   POST /api/v1/auth/signout | signout-everywhere, POST /api/v1/auth/password
//   GET /api/v1/me; GET|POST /api/v1/me/tokens, DELETE /api/v1/me/tokens/{id}
//   GET|POST /api/v1/me/attempts[?question_id=], GET|DELETE /api/v1/me/attempts/{id}
//   GET|POST /api/v1/me/stories, GET|PUT|DELETE /api/v1/me/stories/{id}
//   GET /api/v1/me/export; DELETE /api/v1/me {"password"}
//   GET|PUT /api/v1/me/target-roles {"roles":[slug,…]} → 200 {"roles":[…],"max_roles":N} (the
//   roles the candidate prepares for, practice/target_roles.h; an unknown slug, more than N, or a
//   "roles" that is not an array of strings: 400; [] means every role)
//   POST /api/v1/coach/corrections {"answer","question_id","spans","present","share"} → 201 {"id"},
//   GET /api/v1/coach/corrections (the caller's own, newest first, paginated like the attempts)
//   The review queue (review_api.cpp, practice/reviews.h): GET /api/v1/me/reviews/due → today's
//   queue; GET /api/v1/me/reviews/due-count → {"count"} (the header's count on cached pages);
//   POST /api/v1/me/reviews {"question_id","rating"} → 200 the card as scheduled (a
//   question not yet a card becomes one); GET /api/v1/me/reviews/cards/{question_id} → the card
//   (404 when the caller has none); GET|PUT /api/v1/me/reviews/settings
//   {"desired_retention" 0.70..0.97, "daily_new_limit" 0..100}. Rating and settings are a "write".
//   GET|POST /api/v1/me/mocks, GET|DELETE /api/v1/me/mocks/{id}, GET /api/v1/me/mocks/{id}/report,
//   PUT /api/v1/me/mocks/{id}/questions/{index}/draft {"text"}, POST .../{index}/start,
//   POST .../{index}/next {"text"}, POST /api/v1/me/mocks/{id}/finish (mock interviews,
//   practice/mocks.h; every reply shows the server's clock; a question no longer open: 409)
// A /me call is authenticated by "Authorization: Bearer spt_…" or by the session cookie; with the
// cookie, every state-changing call also needs the X-CSRF-Token header (403 without). Without
// credentials: 401. Another user's record answers 404. A token's scope limits it (auth::Permit,
// 403 otherwise): "read" only GETs, "write" also attempts, stories and corrections; sign-out, password, token
// and deletion calls take a session only; target roles and mocks are a "write" like attempts. POST /me/tokens
// {"name"[,"scope"]}: "read" by default.

#include <cstdint>
#include <functional>

#include "auth/accounts.h"
#include "http/csrf.h"
#include "http/router.h"
#include "practice/corrections.h"
#include "practice/journal.h"
#include "practice/mocks.h"
#include "store/store.h"

namespace starprep::api {

class AccountApi {
 public:
  // `now` is the mock interviews' clock (seconds since the epoch): the server's time.
  AccountApi(store::Store& store, const http::Csrf& csrf, auth::Accounts& accounts, practice::Journal& journal,
             practice::Corrections& corrections, practice::Mocks& mocks, std::function<std::int64_t()> now)
      : store_(store),
        csrf_(csrf),
        accounts_(accounts),
        journal_(journal),
        corrections_(corrections),
        mocks_(mocks),
        now_(std::move(now)) {}

  void Register(http::Router& router);

 private:
  // The caller of a /me call if it may do what `op` asks (auth::Permit), else the 401/403
  // error. With a session cookie, anything but kRead also needs the X-CSRF-Token header.
  Result<auth::Principal> Authorize(const http::Request& req, auth::Operation op) const;
  // 201/200 with the session cookie (and the visitor cookie if missing), the user and a CSRF token.
  http::Response SessionReply(int status, const http::Request& req, const auth::NewSession& session) const;

  http::Response SignUp(http::Request& req);
  http::Response SignIn(http::Request& req);
  http::Response SignOut(http::Request& req);
  http::Response SignOutEverywhere(http::Request& req);
  http::Response ChangePassword(http::Request& req);
  http::Response Me(http::Request& req);
  http::Response DeleteMe(http::Request& req);
  http::Response Export(http::Request& req);
  http::Response ListTokens(http::Request& req);
  http::Response CreateToken(http::Request& req);
  http::Response DeleteToken(http::Request& req);
  http::Response ListAttempts(http::Request& req);
  http::Response CreateAttempt(http::Request& req);
  http::Response GetAttempt(http::Request& req);
  http::Response DeleteAttempt(http::Request& req);
  http::Response ListStories(http::Request& req);
  http::Response CreateStory(http::Request& req);
  http::Response GetStory(http::Request& req);
  http::Response UpdateStory(http::Request& req);
  http::Response DeleteStory(http::Request& req);
  http::Response CreateCorrection(http::Request& req);
  http::Response ListCorrections(http::Request& req);
  http::Response GetTargetRoles(http::Request& req);
  http::Response PutTargetRoles(http::Request& req);
  // The review queue (review_api.cpp), registered by Register.
  void RegisterReviews(http::Router& router);
  http::Response ListDueReviews(http::Request& req);
  http::Response DueReviewCount(http::Request& req);
  http::Response RateReview(http::Request& req);
  http::Response GetReviewCard(http::Request& req);
  http::Response GetReviewSettings(http::Request& req);
  http::Response PutReviewSettings(http::Request& req);

  // ---- mock interviews (api/mock_api.cpp) ----
  http::Response ListMocks(http::Request& req);
  http::Response CreateMock(http::Request& req);
  http::Response GetMock(http::Request& req);
  http::Response DeleteMock(http::Request& req);
  http::Response SaveMockDraft(http::Request& req);
  http::Response StartMockAnswer(http::Request& req);
  http::Response NextMockQuestion(http::Request& req);
  http::Response FinishMock(http::Request& req);
  http::Response GetMockReport(http::Request& req);
  void RegisterMocks(http::Router& router);
  // The draft, start and next routes: authorises a write, reads the ids and (with `needs_text`) a
  // {"text"} body, then replies with what `op` returns for the caller at the server's time.
  using MockTurnFn = std::function<Result<practice::MockSession>(std::int64_t user_id, std::int64_t id, int index,
                                                                 const std::string& text, std::int64_t now)>;
  http::Response MockTurnReply(http::Request& req, bool needs_text, const MockTurnFn& op);

  store::Store& store_;
  const http::Csrf& csrf_;
  auth::Accounts& accounts_;
  practice::Journal& journal_;
  practice::Corrections& corrections_;
  practice::Mocks& mocks_;
  std::function<std::int64_t()> now_;
};

// {"id","email","display_name","role","created_at"}
boost::json::object UserJson(const store::User& user);

}  // namespace starprep::api
