#pragma once
// JSON API under /api/v1 (documented in docs/openapi.json, served at /api/v1/openapi.json).
// Errors are {"error":{"code","message"}} (rendered by the router). Lists are paginated with
// limit (1..100, default 20) and offset, and answer {"items":[...],"total","limit","offset"}.
// The feedback write is cookie-authenticated (the visitor cookie) and needs X-CSRF-Token.

#include "http/csrf.h"
#include "http/page_cache.h"
#include "http/router.h"
#include "store/store.h"

namespace starprep::api {

class Api {
 public:
  Api(store::Store& store, http::PageCache& cache, const http::Csrf& csrf)
      : store_(store), cache_(cache), csrf_(csrf) {}

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

  store::Store& store_;
  http::PageCache& cache_;
  const http::Csrf& csrf_;
};

}  // namespace starprep::api
