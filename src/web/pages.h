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
#include "http/public_origin.h"
#include "http/router.h"
#include "practice/coaching.h"
#include "search/service/personal_searcher.h"
#include "search/service/searcher.h"
#include "store/store.h"
#include "web/render.h"
#include "web/session_gate.h"
#include "web/sitemap.h"

namespace starprep::web {

// Where the public site lives, for absolute links (http/public_origin.h) and the sitemap.
struct PublicSite {
  http::PublicOrigin origin;
  int sitemap_urls_per_file = kSitemapUrlsPerFile;  // lowered by tests to see the sitemap index
};

class Pages {
 public:
  // `site` must outlive the pages. `journal` opens a signed-in visitor's own stories and attempts for the search page.
  // `searcher` (shared with the API: one vocabulary and one answer cache) must outlive the pages.
  Pages(store::Store& store, http::PageCache& cache, const SessionGate& gate, practice::Coaching& coaching,
        RateLimiter& coach_limiter, practice::Journal& journal, search::Searcher& searcher,
        const PublicSite& site = DefaultSite());
  static const PublicSite& DefaultSite();

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
  Result<std::optional<std::string>> RenderHome(Nav nav, int review_due, const std::string& origin);
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
  // GET /robots.txt; GET /sitemap.xml (a <urlset> of the home page, the job list, every live role
  // and question and every open job, with lastmod; a sitemap index once there are more URLs than
  // one file may hold) and GET /sitemaps/{n}.xml (the index's files). Both are cached like pages
  // (the cache is cleared on content and job changes) and shared-cacheable. Without a public
  // origin for the request (PublicOrigin::For is ""), the sitemap answers 404: its URLs must be
  // absolute.
  http::Response Robots(http::Request& req);
  http::Response Sitemap(http::Request& req);
  http::Response SitemapFile(http::Request& req);
  // Every URL the sitemap lists, in its order.
  Result<std::vector<SitemapUrl>> SitemapUrls();

  // Serves the page cached under `key` (in the request's header variant and, when links depend on
  // the Host, its origin's variant), rendering it with `render(nav, origin)` on a miss. `render`
  // returns the full HTML, nullopt for "not found", or an error.
  template <class RenderFn>
  http::Response Cached(http::Request& req, const std::string& key, RenderFn render);
  // The same for a document that is the same for every visitor (robots.txt, sitemaps): `render()`
  // gives its bytes (nullopt: 404 with `missing` as the message), served as `content_type`.
  template <class RenderFn>
  http::Response CachedDocument(http::Request& req, const std::string& key, const std::string& content_type,
                                const std::string& missing, RenderFn render);
  // The page cached under `key`, or the one `render()` builds (nullptr: not found), put in the
  // cache. One render at a time (see Cached).
  template <class RenderFn>
  Result<std::shared_ptr<const http::CachedPage>> GetOrRender(const std::string& key, RenderFn render);

  // A comment the no-JS form could not take: the question page comes back with the reader's text
  // in the comment box (opened) and the reason beside it.
  struct RejectedComment {
    std::string text;   // as sent, made valid UTF-8
    std::string error;  // for the reader
  };

  // The question page's HTML (token slot unfilled); `answer` and `coach_html` fill the practice
  // panel (empty for the cached page); `comment`, if any, fills the comment box. nullopt if there
  // is no such live question.
  // `origin` prefixes the canonical link, og:url and the JSON-LD's URLs ("": relative).
  Result<std::optional<std::string>> RenderQuestion(const std::string& id, const std::string& answer,
                                                    const std::string& coach_html, Nav nav, const std::string& origin,
                                                    const RejectedComment* comment = nullptr);

  store::Store& store_;
  http::PageCache& cache_;
  const SessionGate& gate_;
  const http::Csrf& csrf_;
  practice::Coaching& coaching_;
  RateLimiter& coach_limiter_;
  const PublicSite& site_;
  std::shared_ptr<const http::CachedPage> css_;
  std::shared_ptr<const http::CachedPage> js_;
  std::mutex render_mu_;  // serialises cache-miss renders (see Cached)
  search::Searcher& searcher_;
  search::PersonalSearcher personal_;  // a signed-in visitor's own stories and attempts
};

// The practice panel's feedback HTML for `report` on `answer` (template coach_result). `answer` is
// valid UTF-8: a report exists only for an answer that passed ValidateAnswer. `correctable` (the
// question page, signed in) adds each sentence's byte offsets and label as data attributes and
// the hidden corrections section that app.js reveals (POST /api/v1/coach/corrections): without
// JavaScript it stays hidden, so the page works as before.
std::string RenderCoachResult(std::string_view answer, const coach::Report& report, bool correctable = false);

}  // namespace starprep::web
