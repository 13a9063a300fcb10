// SPDX-License-Identifier: Apache-2.0
#pragma once
// Public HTML pages: home, role, question, the no-JavaScript feedback form, static files and
// the HTML error page. Pages are rendered from the embedded templates (escaped by default),
// cached in the PageCache with a per-visitor CSRF slot, and invalidated when content or
// feedback changes. Each cached page has two variants that differ only in the site header: one
// for anonymous visitors, one for signed-in browsers (the same bytes for every user).

#include <memory>
#include <mutex>
#include <string>

#include "core/rate_limit.h"
#include "http/csrf.h"
#include "http/page_cache.h"
#include "http/router.h"
#include "practice/coaching.h"
#include "search/service/personal_searcher.h"
#include "search/service/searcher.h"
#include "store/store.h"
#include "web/render.h"
#include "web/session_gate.h"

namespace starprep::web {

class Pages {
 public:
  // `journal` opens a signed-in visitor's own stories and attempts for the search page.
  Pages(store::Store& store, http::PageCache& cache, const SessionGate& gate, practice::Coaching& coaching,
        RateLimiter& coach_limiter, practice::Journal& journal);

  void Register(http::Router& router);

  // The question page rendered for this request (not cached, no-store) with the practice panel
  // holding `answer` and `panel_html` (the coach's feedback, a message, or both), answered with
  // `status`. 404 if there is no such live question.
  http::Response PracticePage(const http::Request& req, const std::string& id, const std::string& answer,
                              const std::string& panel_html, int status);
  // The coach's feedback on `answer` for the practice panel: the feedback HTML (`correctable`: with
  // the corrections UI, RenderCoachResult), or an alert saying what is wrong with the answer
  // (`status` set to 400/413); an error for anything else.
  Result<std::string> PanelFeedback(std::string_view answer, const std::string& question_id, bool correctable,
                                    int& status);

  // Body of the HTML error page for `status` (used by the router for every HTML error), with the
  // header `req`'s visitor sees elsewhere (signed in or not); a missing job (/jobs/...) suggests
  // the newest open jobs, any other page the roles.
  std::string RenderError(const http::Request& req, int status, const std::string& message);

 private:
  http::Response Home(http::Request& req);
  // The home page for `nav`; with `review_due` >= 0 (a signed-in member's own copy), their count
  // of review questions due today.
  Result<std::optional<std::string>> RenderHome(Nav nav, int review_due);
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
  // GET /search?q=&type=&role=&kind=&competency=&remote=&cursor=: the search page, a plain form
  // (no script needed) with hits, facet links with counts, "did you mean" and paging; bad
  // parameters answer 400 (search_page.cpp). A signed-in visitor's first page also lists matches
  // among their own stories and attempts (search::PersonalSearcher). Not cached: rendered per query.
  http::Response Search(http::Request& req);

  // Serves the page cached under `key` (in the request's header variant), rendering it with
  // `render(nav)` on a miss. `render` returns the full HTML, nullopt for "not found", or an error.
  template <class RenderFn>
  http::Response Cached(http::Request& req, const std::string& key, RenderFn render);

  // A comment the no-JS form could not take: the question page comes back with the reader's text
  // in the comment box (opened) and the reason beside it.
  struct RejectedComment {
    std::string text;   // as sent, made valid UTF-8
    std::string error;  // for the reader
  };

  // The question page's HTML (token slot unfilled); `answer` and `coach_html` fill the practice
  // panel (empty for the cached page); `comment`, if any, fills the comment box. nullopt if there
  // is no such live question.
  Result<std::optional<std::string>> RenderQuestion(const std::string& id, const std::string& answer,
                                                    const std::string& coach_html, Nav nav,
                                                    const RejectedComment* comment = nullptr);

  store::Store& store_;
  http::PageCache& cache_;
  const SessionGate& gate_;
  const http::Csrf& csrf_;
  practice::Coaching& coaching_;
  RateLimiter& coach_limiter_;
  std::shared_ptr<const http::CachedPage> css_;
  std::shared_ptr<const http::CachedPage> js_;
  std::mutex render_mu_;  // serialises cache-miss renders (see Cached)
  search::Searcher searcher_{store_};
  search::PersonalSearcher personal_;  // a signed-in visitor's own stories and attempts
};

// The practice panel's feedback HTML for `report` on `answer` (template coach_result). `answer` is
// valid UTF-8: a report exists only for an answer that passed ValidateAnswer. `correctable` (the
// question page, signed in) adds each sentence's byte offsets and label as data attributes and
// the hidden corrections section that app.js reveals (POST /api/v1/coach/corrections): without
// JavaScript it stays hidden, so the page works as before.
std::string RenderCoachResult(std::string_view answer, const coach::Report& report, bool correctable = false);

}  // namespace starprep::web
