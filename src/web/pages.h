#pragma once
// Public HTML pages: home, role, question, the no-JavaScript feedback form, static files and
// the HTML error page. Pages are rendered from the embedded templates (escaped by default),
// cached in the PageCache with a per-visitor CSRF slot, and invalidated when content or
// feedback changes.

#include <memory>
#include <mutex>
#include <string>

#include "http/csrf.h"
#include "http/page_cache.h"
#include "http/rate_limit.h"
#include "http/router.h"
#include "store/store.h"
#include "web/coaching.h"

namespace starprep::web {

class Pages {
 public:
  Pages(store::Store& store, http::PageCache& cache, const http::Csrf& csrf, Coaching& coaching,
        http::RateLimiter& coach_limiter);

  void Register(http::Router& router);

  // Body of the HTML error page for `status` (used by the router for every HTML error).
  std::string RenderError(int status, const std::string& message);

 private:
  http::Response Home(http::Request& req);
  http::Response Role(http::Request& req);
  http::Response Question(http::Request& req);
  http::Response PostFeedback(http::Request& req);
  // POST /questions/{id}/practice: the coach's feedback on the posted answer, as the whole
  // question page (no JavaScript) or, with ?fragment=1, only the feedback HTML (the panel's script).
  http::Response Practice(http::Request& req);
  http::Response Static(http::Request& req);
  // GET /jobs and /roles/{slug}/jobs: open jobs with filters (jobs/filter.h; `page` instead of
  // offset), sorting, paging and a count. Not cached (the query varies); rendered per request.
  http::Response Jobs(http::Request& req);
  http::Response RoleJobs(http::Request& req);
  http::Response JobList(http::Request& req, const std::string& role_slug, const std::string& role_title);
  // GET /jobs/{id}: the posting with its JSON-LD; an expired one answers 410 and says it is closed.
  http::Response Job(http::Request& req);

  // Serves the page cached under `key`, rendering it with `render` on a miss. `render` returns
  // the full HTML, nullopt for "not found", or an error.
  template <class RenderFn>
  http::Response Cached(http::Request& req, const std::string& key, RenderFn render);

  // The question page's HTML (token slot unfilled); `answer` and `coach_html` fill the practice
  // panel (empty for the cached page). nullopt if there is no such live question.
  Result<std::optional<std::string>> RenderQuestion(const std::string& id, const std::string& answer,
                                                    const std::string& coach_html);

  std::string Layout(const std::string& title, const std::string& description, const std::string& content,
                     const std::string& jsonld, const std::string& canonical);

  store::Store& store_;
  http::PageCache& cache_;
  const http::Csrf& csrf_;
  Coaching& coaching_;
  http::RateLimiter& coach_limiter_;
  std::string css_version_;
  std::string js_version_;
  std::shared_ptr<const http::CachedPage> css_;
  std::shared_ptr<const http::CachedPage> js_;
  std::mutex render_mu_;  // serialises cache-miss renders (see Cached)
};

// The practice panel's feedback HTML for `report` on `answer` (template coach_result). `answer` is
// valid UTF-8: a report exists only for an answer that passed ValidateAnswer.
std::string RenderCoachResult(std::string_view answer, const coach::Report& report);

// "2026-11-20" → "20 November 2026" (input returned unchanged if not a date).
std::string HumanDate(const std::string& iso);

}  // namespace starprep::web
