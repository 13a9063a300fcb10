// SPDX-License-Identifier: Apache-2.0
#include "web/pages.h"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string_view>
#include <vector>

#include "core/dates.h"
#include "core/html.h"
#include "core/ids.h"
#include "http/too_many_requests.h"
#include "jobs/filter.h"
#include "jobs/jsonld.h"
#include "jobs/roles.h"
#include "web/feedback_form.h"
#include "web/markdown.h"
#include "web/render.h"
#include "web/review_pages.h"

namespace starprep::web {
namespace {

// How many open jobs a missing job's 404 page suggests.
constexpr int kErrorPageJobs = 5;
// The question page's "Before you answer": at most this much of why it is asked, and this many dos.
constexpr std::size_t kWhySummaryChars = 240;
constexpr std::size_t kDosSummarised = 2;

// The first sentence of `text` (to its ". ", "? " or "! "; "e.g. " and "i.e. " do not end one), cut
// at a word to at most `max` bytes.
std::string FirstSentence(const std::string& text, std::size_t max) {
  std::size_t end = text.size();
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && (text[i + 1] == ' ' || text[i + 1] == '\n') &&
        !(i >= 3 && (text.compare(i - 3, 3, "e.g") == 0 || text.compare(i - 3, 3, "i.e") == 0))) {
      end = i + 1;
      break;
    }
  std::string first = text.substr(0, end);
  if (first.size() <= max) return first;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(first[cut]) & 0xC0) == 0x80) --cut;
  const std::size_t space = first.rfind(' ', cut);
  if (space != std::string::npos && space > max / 2) cut = space;
  return first.substr(0, cut) + "\xE2\x80\xA6";
}

// JSON for a <script type="application/ld+json"> block: '<' escaped so "</script>" cannot occur.
std::string JsonLd(const boost::json::value& v) {
  std::string s = boost::json::serialize(v);
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "\\u003c";
    else
      out += c;
  }
  return out;
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += sep;
    out += i;
  }
  return out;
}

mus::data List(const std::vector<std::string>& items, bool inline_markdown) {
  mus::data list{mus::data::type::list};
  for (const auto& i : items) list.push_back(inline_markdown ? RenderInlineMarkdown(i) : i);
  return list;
}

// `heading_level`: level of the block's headings (3 under a role page's h2, 2 under a question page's h1).
mus::data QuestionData(const content::Question& q, const store::FeedbackSummary& fb, int heading_level) {
  mus::data d;
  d.set("hl", std::to_string(heading_level));
  d.set("id", q.id);
  d.set("question", q.question);
  d.set("kind", q.kind);
  d.set("competencies", List(q.competencies, false));
  d.set("why_html", RenderMarkdown(q.why_md));
  d.set("dos", List(q.dos, true));
  d.set("donts", List(q.donts, true));
  d.set("situation_html", RenderMarkdown(q.answer.situation));
  d.set("task_html", RenderMarkdown(q.answer.task));
  d.set("action_html", RenderMarkdown(q.answer.action));
  d.set("result_html", RenderMarkdown(q.answer.result));
  d.set("helpful", std::to_string(fb.helpful));
  d.set("not_helpful", std::to_string(fb.not_helpful));
  d.set("updated", q.updated);
  d.set("updated_human", HumanDate(q.updated));
  return d;
}

// Words of the model answer's Situation shown under each question on a role page.
constexpr std::size_t kRoleExcerptWords = 40;

std::string AnswerText(const content::Question& q) {
  return MarkdownToText(q.answer.situation) + " " + MarkdownToText(q.answer.task) + " " +
         MarkdownToText(q.answer.action) + " " + MarkdownToText(q.answer.result);
}

// A Question with its accepted answer; with an `origin`, its page's absolute URL too.
boost::json::object QuestionJsonLd(const content::Question& q, const std::string& origin) {
  boost::json::object ld{{"@type", "Question"},
                         {"name", q.question},
                         {"dateModified", q.updated},
                         {"acceptedAnswer", {{"@type", "Answer"}, {"text", AnswerText(q)}}}};
  if (!origin.empty()) ld["url"] = origin + "/questions/" + q.id;
  return ld;
}

}  // namespace

const PublicSite& Pages::DefaultSite() {
  static const PublicSite site;
  return site;
}

Pages::Pages(store::Store& store, http::PageCache& cache, const SessionGate& gate, practice::Coaching& coaching,
             RateLimiter& coach_limiter, practice::Journal& journal, search::Searcher& searcher, const PublicSite& site)
    : store_(store),
      cache_(cache),
      gate_(gate),
      csrf_(gate.csrf()),
      coaching_(coaching),
      coach_limiter_(coach_limiter),
      site_(site),
      searcher_(searcher),
      personal_(store, journal) {
  css_ = http::BuildPage(Asset("web/static/site.css"), "text/css; charset=utf-8");
  js_ = http::BuildPage(Asset("web/static/app.js"), "text/javascript; charset=utf-8");
}

void Pages::Register(http::Router& router) {
  router.Get("/", [this](http::Request& r) { return Home(r); });
  router.Get("/roles/{slug}", [this](http::Request& r) { return Role(r); });
  router.Get("/questions/{id}", [this](http::Request& r) { return Question(r); });
  router.Post("/feedback", [this](http::Request& r) { return PostFeedback(r); });
  router.Post("/questions/{id}/practice", [this](http::Request& r) { return Practice(r); });
  router.Get("/static/{file}", [this](http::Request& r) { return Static(r); });
  router.Get("/jobs", [this](http::Request& r) { return Jobs(r); });
  router.Get("/search", [this](http::Request& r) { return Search(r); });
  router.Get("/jobs/{id}", [this](http::Request& r) { return Job(r); });
  router.Get("/roles/{slug}/jobs", [this](http::Request& r) { return RoleJobs(r); });
  router.Get("/robots.txt", [this](http::Request& r) { return Robots(r); });
  router.Get("/sitemap.xml", [this](http::Request& r) { return Sitemap(r); });
  router.Get("/sitemaps/{file}", [this](http::Request& r) { return SitemapFile(r); });
}

template <class RenderFn>
Result<std::shared_ptr<const http::CachedPage>> Pages::GetOrRender(const std::string& key, RenderFn render) {
  std::uint64_t generation = 0;
  auto page = cache_.Get(key, generation);
  if (page) return page;
  // One render at a time: requests that missed meanwhile find the page cached when they get
  // the lock, instead of all rendering it (a vote invalidates a page that many are reading).
  std::lock_guard rendering(render_mu_);
  page = cache_.Peek(key, generation);
  if (page) return page;
  Result<std::shared_ptr<const http::CachedPage>> built = render();
  if (built.ok() && *built) cache_.Put(key, *built, generation);
  return built;
}

template <class RenderFn>
http::Response Pages::Cached(http::Request& req, const std::string& page_key, RenderFn render) {
  const Nav nav = gate_.NavFor(req);
  // Links name the request's Host only when it is allowed (http/public_origin.h): such pages are
  // kept apart per origin, so one Host's page is never served to another.
  const std::string variant = site_.origin.CacheVariant(req);
  const std::string base = variant.empty() ? page_key : http::VariantKey(page_key, variant);
  const std::string key = nav == Nav::kSignedIn ? http::VariantKey(base, "signed-in") : base;
  const std::string origin = site_.origin.For(req);
  auto page = GetOrRender(key, [&]() -> Result<std::shared_ptr<const http::CachedPage>> {
    Result<std::optional<std::string>> html = render(nav, origin);
    if (!html.ok()) return html.error();
    if (!html->has_value()) return std::shared_ptr<const http::CachedPage>();
    // The anonymous variant is the same bytes for everyone: no token in its forms (see MarkShared).
    return http::BuildPage(nav == Nav::kSignedIn ? **html : http::FillTokenSlots(std::move(**html), ""),
                           "text/html; charset=utf-8");
  });
  if (!page.ok()) return http::ErrorReply(page.error());
  if (!*page) return http::ErrorReply(404, http::codes::kNotFound, "There is no page at " + req.path + ".");
  if (nav != Nav::kSignedIn) {
    http::Response shared = http::ServePage(**page, req, "");
    gate_.MarkShared(shared);
    return shared;
  }
  http::Response resp;
  std::string visitor = (*page)->parts.size() > 1 ? csrf_.EnsureVisitor(req, resp) : std::string();
  http::Response served =
      http::ServePage(**page, req, visitor.empty() ? "" : csrf_.TokenFor(visitor, csrf_.SessionOf(req)));
  for (auto& h : resp.headers) served.AddHeader(h.first, h.second);
  served.SetHeader("Cache-Control", "no-store");
  return served;
}

template <class RenderFn>
http::Response Pages::CachedDocument(http::Request& req, const std::string& doc_key, const std::string& content_type,
                                     const std::string& missing, RenderFn render) {
  const std::string variant = site_.origin.CacheVariant(req);
  const std::string key = variant.empty() ? doc_key : http::VariantKey(doc_key, variant);
  auto page = GetOrRender(key, [&]() -> Result<std::shared_ptr<const http::CachedPage>> {
    Result<std::optional<std::string>> text = render();
    if (!text.ok()) return text.error();
    if (!text->has_value()) return std::shared_ptr<const http::CachedPage>();
    return http::BuildPage(**text, content_type);
  });
  if (!page.ok()) return http::ErrorReply(page.error());
  if (!*page) return http::ErrorReply(404, http::codes::kNotFound, missing);
  http::Response resp = http::ServePage(**page, req, "");
  gate_.MarkShared(resp);
  return resp;
}

http::Response Pages::Home(http::Request& req) {
  // A signed-in member's home page shows their review count: rendered for them, never cached
  // (the anonymous page stays one cached copy for everyone).
  auto who = gate_.CurrentUser(req);
  if (who.ok() && who->has_value()) {
    auto html = RenderHome(Nav::kSignedIn, ReviewDueCount(store_, (*who)->user.id), site_.origin.For(req));
    if (!html.ok()) return http::ErrorReply(html.error());
    return gate_.Serve(req, **html);
  }
  return Cached(req, "/", [this](Nav nav, const std::string& origin) { return RenderHome(nav, -1, origin); });
}

Result<std::optional<std::string>> Pages::RenderHome(Nav nav, int review_due, const std::string& origin) {
  auto roles = store_.ListRoles();
  if (!roles.ok()) return roles.error();
  mus::data list{mus::data::type::list};
  for (const auto& r : *roles) {
    mus::data item;
    item.set("slug", r.slug);
    item.set("title", r.title);
    item.set("summary", r.summary);
    item.set("question_count", std::to_string(r.question_count));
    item.set("updated", r.updated);
    item.set("updated_human", HumanDate(r.updated));
    list.push_back(item);
  }
  mus::data d;
  d.set("roles", list);
  d.set("has_roles", roles->empty() ? mus::data(false) : mus::data(true));
  if (review_due >= 0) {
    d.set("review_due", std::to_string(review_due));
    d.set("review_none", Flag(review_due == 0));
    d.set("review_one", Flag(review_due == 1));
  }
  std::string content = Render("home", d);
  PageMeta page{"Interview questions and STAR answers by role",
                "Interview questions for back-end, front-end, DevOps, data, product and "
                "engineering-management roles, with why they are asked and STAR model answers.",
                content,
                "",
                "/",
                nav};
  page.origin = origin;
  page.review_due = review_due;
  return std::optional<std::string>(Layout(page));
}

http::Response Pages::Role(http::Request& req) {
  std::string slug = req.params["slug"];
  return Cached(
      req, "/roles/" + slug, [this, slug](Nav nav, const std::string& origin) -> Result<std::optional<std::string>> {
        auto role = store_.GetRole(slug);
        if (!role.ok()) return role.error();
        if (!role->has_value()) return std::optional<std::string>();
        auto feedback = store_.GetRoleFeedback(slug);
        if (!feedback.ok()) return feedback.error();
        // The cached page holds the count: job writes and expiries clear the cache (app.cpp).
        auto job_counts = store_.CountOpenJobsByRole(dates::NowUtc());
        if (!job_counts.ok()) return job_counts.error();
        const content::Role& r = **role;
        mus::data questions{mus::data::type::list};
        boost::json::array faq;
        for (std::size_t i = 0; i < r.questions.size(); ++i) {
          const auto& q = r.questions[i];
          auto fb = feedback->find(q.id);
          mus::data d = QuestionData(q, fb == feedback->end() ? store::FeedbackSummary{} : fb->second, 3);
          d.set("number", std::to_string(i + 1));
          // The page shows the start of each model answer; the whole answer is on the question's own
          // page and in this page's JSON-LD below.
          d.set("excerpt", FirstWords(MarkdownToText(q.answer.situation), kRoleExcerptWords));
          questions.push_back(d);
          faq.push_back(QuestionJsonLd(q, origin));
        }
        mus::data d;
        d.set("slug", r.slug);
        d.set("title", r.title);
        d.set("updated", r.updated);
        d.set("updated_human", HumanDate(r.updated));
        d.set("question_count", std::to_string(r.questions.size()));
        d.set("skills", Join(r.skills, ", "));
        d.set("intro_html", RenderMarkdown(r.intro_md));
        d.set("questions", questions);
        d.set("csrf_slot", std::string(http::kTokenSlot));
        auto jc = job_counts->find(r.slug);
        d.set("job_count", std::to_string(jc == job_counts->end() ? 0 : jc->second));
        boost::json::object ld{{"@context", "https://schema.org"},
                               {"@type", "FAQPage"},
                               {"name", r.title + " interview questions"},
                               {"dateModified", r.updated},
                               {"mainEntity", faq}};
        if (!origin.empty()) ld["url"] = origin + "/roles/" + r.slug;
        return std::optional<std::string>(Layout({r.title + " interview questions", r.summary, Render("role", d),
                                                  JsonLd(ld), "/roles/" + r.slug, nav, origin}));
      });
}

http::Response Pages::Question(http::Request& req) {
  std::string id = req.params["id"];
  return Cached(req, "/questions/" + id,
                [this, id](Nav nav, const std::string& origin) { return RenderQuestion(id, "", "", nav, origin); });
}

Result<std::optional<std::string>> Pages::RenderQuestion(const std::string& id, const std::string& answer,
                                                         const std::string& coach_html, Nav nav,
                                                         const std::string& origin, const RejectedComment* comment) {
  auto question = store_.GetQuestion(id);
  if (!question.ok()) return question.error();
  if (!question->has_value()) return std::optional<std::string>();
  const content::Question& q = **question;
  auto role = store_.GetRole(q.role_slug);
  if (!role.ok()) return role.error();
  if (!role->has_value()) return std::optional<std::string>();
  auto fb = store_.GetFeedbackSummary(q.id);
  if (!fb.ok()) return fb.error();
  const auto& qs = (*role)->questions;
  mus::data d = QuestionData(q, *fb, 2);
  // "Updated after reader feedback": the page changes only with an import (which clears the cache)
  // or an editor's action on a comment (which invalidates this page).
  auto revision = store_.ListQuestionFeedback(q.id);
  if (!revision.ok()) return revision.error();
  if (!revision->empty() && revision->front().updated_after_feedback) {
    d.set("reader_update_at", revision->front().revised_at);
    d.set("reader_update", HumanDay(revision->front().revised_at));
  }
  for (std::size_t i = 0; i < qs.size(); ++i) {
    if (qs[i].id != q.id) continue;
    d.set("number", std::to_string(i + 1));
    if (i > 0) d.set("prev_id", qs[i - 1].id);
    if (i + 1 < qs.size()) d.set("next_id", qs[i + 1].id);
  }
  d.set("total", std::to_string(qs.size()));
  // "Before you answer": why it is asked (the first sentence) and the first dos, above the box.
  d.set("why_summary", FirstSentence(MarkdownToText(q.why_md), kWhySummaryChars));
  mus::data dos_summary{mus::data::type::list};
  for (std::size_t i = 0; i < q.dos.size() && i < kDosSummarised; ++i)
    dos_summary.push_back(RenderInlineMarkdown(q.dos[i]));
  d.set("has_dos_summary", Flag(!q.dos.empty()));
  d.set("dos_summary", dos_summary);
  d.set("role_slug", q.role_slug);
  d.set("role_title", (*role)->title);
  d.set("csrf_slot", std::string(http::kTokenSlot));
  d.set("practice_answer", answer);
  d.set("coach_html", coach_html);
  if (comment) {
    d.set("comment_open", true);
    d.set("comment_text", comment->text);
    d.set("comment_error", comment->error);
  }
  boost::json::object page{{"@context", "https://schema.org"},
                           {"@type", "FAQPage"},
                           {"name", q.question},
                           {"dateModified", q.updated},
                           {"mainEntity", boost::json::array{QuestionJsonLd(q, origin)}}};
  if (!origin.empty()) page["url"] = origin + "/questions/" + q.id;
  return std::optional<std::string>(
      Layout({q.question, "Why interviewers ask it, dos and don'ts, and a STAR model answer.", Render("question", d),
              JsonLd(page), "/questions/" + q.id, nav, origin}));
}

http::Response Pages::Practice(http::Request& req) {
  const std::string id = req.params["id"];
  const bool fragment = req.Query("fragment").has_value();
  if (const int wait = coach_limiter_.Acquire(req.remote_addr))
    return http::TooManyRequests(wait, "Too many answers checked from your address in a short time; wait " +
                                           std::to_string(wait) + " s and try again.");
  auto form = http::ParseForm(req.body);
  if (!form) return http::ErrorReply(400, http::codes::kBadForm, "The form data is malformed.");
  const std::string answer = FormText(*form, "answer");
  int status = 200;
  // Signed-in candidates may correct the coach (the corrections UI needs the session's API).
  const bool correctable = gate_.NavFor(req) == Nav::kSignedIn;
  if (fragment) {
    auto report = coaching_.Analyze(answer, id, "");
    if (!report.ok()) return http::ErrorReply(report.error());
    http::Response r;
    r.SetBody(RenderCoachResult(answer, *report, correctable), "text/html; charset=utf-8");
    r.SetHeader("Cache-Control", "no-store");
    return r;
  }
  auto panel = PanelFeedback(answer, id, correctable, status);
  if (!panel.ok()) return http::ErrorReply(panel.error());
  return PracticePage(req, id, answer, *panel, status);
}

Result<std::string> Pages::PanelFeedback(std::string_view answer, const std::string& question_id, bool correctable,
                                         int& status) {
  auto report = coaching_.Analyze(answer, question_id, "");
  if (report.ok()) return RenderCoachResult(answer, *report, correctable);
  if (report.error().code != ErrorCode::kInvalidArgument && report.error().code != ErrorCode::kTooLarge)
    return report.error();
  // Keep the candidate's text in the form and say what is wrong with it, on the page itself.
  status = http::StatusFor(report.error().code);
  return AlertHtml(report.error().message);
}

http::Response Pages::PracticePage(const http::Request& req, const std::string& id, const std::string& answer,
                                   const std::string& panel_html, int status) {
  auto html = RenderQuestion(id, html::ToValidUtf8(answer), panel_html, gate_.NavFor(req), site_.origin.For(req));
  if (!html.ok()) return http::ErrorReply(html.error());
  if (!html->has_value()) return http::ErrorReply(404, http::codes::kNotFound, "There is no question \"" + id + "\".");
  return gate_.Serve(req, **html, status);
}

std::string RenderCoachResult(std::string_view answer, const coach::Report& report, bool correctable) {
  static constexpr std::array<std::string_view, coach::kComponentCount> kLetters = {"S", "T", "A", "R", "\xE2\x80\x93"};
  static constexpr std::array<std::string_view, coach::kComponentCount> kLetterClass = {"s", "t", "a", "r", "o"};
  static constexpr std::array<std::string_view, coach::kComponentCount> kNames = {"Situation", "Task", "Action",
                                                                                  "Result", "Other"};
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out.empty() ? std::string("none") : out;
  };
  mus::data d;
  d.set("score", std::to_string(report.score));
  mus::data breakdown{mus::data::type::list};
  for (const auto& part : report.breakdown) {
    mus::data row;
    std::string label(part.name);
    std::replace(label.begin(), label.end(), '_', ' ');
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    row.set("label", label);
    row.set("points", std::to_string(part.points));
    row.set("max", std::to_string(part.max));
    breakdown.push_back(row);
  }
  d.set("breakdown", breakdown);
  mus::data missing{mus::data::type::list};
  for (auto c : report.missing) {
    const auto i = static_cast<std::size_t>(c);
    mus::data m;
    m.set("letter", std::string(kLetters[i]));
    m.set("letter_lc", std::string(kLetterClass[i]));
    m.set("name", std::string(kNames[i]));
    m.set("component", std::string(coach::ComponentName(c)));
    missing.push_back(m);
  }
  d.set("missing", missing);
  d.set("has_missing", report.missing.empty() ? mus::data(false) : mus::data(true));
  mus::data sentences{mus::data::type::list};
  for (const auto& s : report.sentences) {
    const auto i = static_cast<std::size_t>(s.component);
    mus::data m;
    m.set("letter", std::string(kLetters[i]));
    m.set("letter_lc", std::string(kLetterClass[i]));
    m.set("name", std::string(kNames[i]));
    m.set("confidence", std::to_string(static_cast<int>(std::lround(s.confidence * 100))));
    m.set("text", std::string(answer.substr(s.span.start, s.span.end - s.span.start)));
    if (correctable) {
      m.set("correctable", true);
      m.set("start", std::to_string(s.span.start));
      m.set("end", std::to_string(s.span.end));
      m.set("component", std::string(coach::ComponentName(s.component)));
    }
    sentences.push_back(m);
  }
  d.set("sentences", sentences);
  d.set("corrections", correctable ? mus::data(true) : mus::data(false));
  mus::data suggestions{mus::data::type::list};
  for (const auto& s : report.suggestions) {
    mus::data m;
    if (s.component) m.set("part", std::string(kNames[static_cast<std::size_t>(*s.component)]));
    m.set("message", s.message);
    suggestions.push_back(m);
  }
  d.set("suggestions", suggestions);
  d.set("has_suggestions", report.suggestions.empty() ? mus::data(false) : mus::data(true));
  const auto& mt = report.metrics;
  d.set("words", std::to_string(mt.words));
  d.set("sentence_count", std::to_string(mt.sentences));
  const int seconds = static_cast<int>(std::lround(mt.speaking_seconds));
  d.set("speaking", seconds >= 60 ? std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s"
                                  : std::to_string(seconds) + " s");
  d.set("i_count", std::to_string(mt.i_count));
  d.set("we_count", std::to_string(mt.we_count));
  d.set("numbers", join(mt.quantified_results));
  d.set("fillers", join(mt.filler_words));
  if (!mt.vague_claims.empty()) d.set("vague", join(mt.vague_claims));
  const bool keywords = !mt.keywords_found.empty() || !mt.keywords_missing.empty();
  d.set("has_keywords", keywords ? mus::data(true) : mus::data(false));
  d.set("keywords_found", join(mt.keywords_found));
  if (!mt.keywords_missing.empty()) d.set("keywords_missing", join(mt.keywords_missing));  // none once strong
  return Render("coach_result", d);
}

http::Response Pages::PostFeedback(http::Request& req) {
  auto form = http::ParseForm(req.body);
  if (!form) return http::ErrorReply(400, http::codes::kBadForm, "The form data is malformed.");
  auto token = form->find("csrf");
  if (!gate_.FormGenuine(req, token == form->end() ? std::string_view() : std::string_view(token->second))) {
    return http::ErrorReply(
        403, http::codes::kCsrf,
        "Your vote could not be checked (missing or expired form token). Reload the page and try again.");
  }
  auto request = ParseFeedbackForm(*form);
  if (!request.ok()) return http::ErrorReply(request.error());
  // A first vote from a public page (which sets no cookie) gets its visitor id here.
  http::Response cookie;
  request->voter_id = csrf_.EnsureVisitor(req, cookie);
  auto voter = gate_.CurrentUser(req);
  if (voter.ok() && voter->has_value()) request->user_id = (*voter)->user.id;
  auto vote = feedback::Submit(store_, *request);
  if (!vote.ok() &&
      (vote.error().code == ErrorCode::kInvalidArgument || vote.error().code == ErrorCode::kRateLimited)) {
    // Nothing typed is lost: the question page comes back with the comment and the reason inline.
    const RejectedComment rejected{html::ToValidUtf8(request->comment), vote.error().message};
    auto html = RenderQuestion(request->question_id, "", "", gate_.NavFor(req), site_.origin.For(req), &rejected);
    if (html.ok() && html->has_value()) {
      const FormFailure failure = DescribeFailure(vote.error());
      http::Response page = gate_.Serve(req, **html, failure.status);
      AddRetryAfter(page, failure);
      for (auto& h : cookie.headers) page.AddHeader(h.first, h.second);
      return page;
    }
  }
  if (!vote.ok()) return http::ErrorReply(vote.error());
  for (const auto& path : vote->invalidate) cache_.Invalidate(path);
  const std::string& id = request->question_id;
  std::string back = SafeReturnPath(form->count("return") ? form->at("return") : "", "/questions/" + id);
  http::Response done = http::Redirect(303, back + "#" + id);
  for (auto& h : cookie.headers) done.AddHeader(h.first, h.second);
  return done;
}

http::Response Pages::Static(http::Request& req) {
  const std::string& file = req.params["file"];
  const http::CachedPage* page = file == "site.css" ? css_.get() : file == "app.js" ? js_.get() : nullptr;
  if (!page) return http::ErrorReply(404, http::codes::kNotFound, "There is no file at " + req.path + ".");
  http::Response resp = http::ServePage(*page, req, "");
  resp.SetHeader("Cache-Control", req.Query("v") ? "public, max-age=31536000, immutable" : "public, no-cache");
  return resp;
}

namespace {

mus::data Option(const std::string& value, const std::string& label, bool selected) {
  mus::data o;
  o.set("value", value);
  o.set("label", label);
  o.set("selected", selected ? mus::data(true) : mus::data(false));
  return o;
}

// Query string for the list with `f` and page `page` (empty values left out).
std::string ListQuery(const jobs::JobFilter& f, bool include_role, int page) {
  std::vector<std::pair<std::string, std::string>> q;
  if (include_role && !f.role.empty()) q.emplace_back("role", f.role);
  if (f.remote_only) q.emplace_back("remote", "1");
  if (!f.employment_type.empty()) q.emplace_back("type", f.employment_type);
  if (f.min_salary > 0) q.emplace_back("min_salary", std::to_string(static_cast<long long>(f.min_salary)));
  if (!f.currency.empty()) q.emplace_back("currency", f.currency);
  if (f.posted_within_days > 0) q.emplace_back("posted_within", std::to_string(f.posted_within_days));
  if (f.sort != jobs::JobSort::kNewest) q.emplace_back("sort", std::string(jobs::SortName(f.sort)));
  if (page > 1) q.emplace_back("page", std::to_string(page));
  std::string out;
  for (const auto& [k, v] : q) {
    out += out.empty() ? "?" : "&";
    out += k + "=";
    out += QueryEscape(v);
  }
  return out;
}

// At most `max` bytes of `text`, cut at a word boundary (never inside a UTF-8 sequence).
std::string Excerpt(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::size_t space = text.rfind(' ', cut);
  if (space != std::string::npos && space > max / 2) cut = space;
  return text.substr(0, cut) + "\xE2\x80\xA6";
}

std::string PolicyLabel(const jobs::Job& j) {
  return j.remote == jobs::RemotePolicy::kRemote ? "Fully remote" : "Hybrid";
}

// "Germany, Austria" or "anywhere".
std::string ApplicantWhere(const jobs::Job& j) {
  return j.applicant_locations.empty() ? std::string("anywhere") : Join(j.applicant_locations, ", ");
}

std::string Offices(const jobs::Job& j) {
  std::vector<std::string> places;
  for (const auto& p : j.offices) places.push_back(jobs::FormatPlace(p));
  return Join(places, "; ");
}

// The filter form's choices, each with the current value selected: role, employment type,
// minimum salary, currency, posting age, sort order and "remote only".
void SetFilterChoices(mus::data& d, const jobs::JobFilter& f, const std::vector<store::RoleSummary>& roles) {
  mus::data role_options{mus::data::type::list};
  role_options.push_back(Option("", "All roles", f.role.empty()));
  for (const auto& r : roles) role_options.push_back(Option(r.slug, r.title, f.role == r.slug));
  role_options.push_back(Option(jobs::kOtherRole, "Other", f.role == jobs::kOtherRole));
  d.set("role_options", role_options);
  mus::data type_options{mus::data::type::list};
  type_options.push_back(Option("", "Any", f.employment_type.empty()));
  for (auto t : jobs::kEmploymentTypes)
    type_options.push_back(Option(std::string(t), jobs::EmploymentTypeLabel(t), f.employment_type == t));
  d.set("type_options", type_options);
  d.set("min_salary", f.min_salary > 0 ? std::to_string(static_cast<long long>(f.min_salary)) : "");
  // A currency or age from the URL that the lists do not offer is added, selected.
  mus::data currency_options{mus::data::type::list};
  currency_options.push_back(Option("", "Any currency", f.currency.empty()));
  bool listed = f.currency.empty();
  for (const char* c : {"AUD", "CAD", "CHF", "EUR", "GBP", "INR", "JPY", "NZD", "PLN", "SEK", "SGD", "USD"}) {
    listed |= f.currency == c;
    currency_options.push_back(Option(c, c, f.currency == c));
  }
  if (!listed) currency_options.push_back(Option(f.currency, f.currency, true));
  d.set("currency_options", currency_options);
  mus::data posted_options{mus::data::type::list};
  posted_options.push_back(Option("", "Any time", f.posted_within_days == 0));
  bool posted_listed = f.posted_within_days == 0;
  for (int days : {1, 3, 7, 14, 30, 90}) {
    posted_listed |= f.posted_within_days == days;
    posted_options.push_back(Option(std::to_string(days),
                                    days == 1 ? "The last day" : "The last " + std::to_string(days) + " days",
                                    f.posted_within_days == days));
  }
  if (!posted_listed)
    posted_options.push_back(Option(std::to_string(f.posted_within_days),
                                    "The last " + std::to_string(f.posted_within_days) + " days", true));
  d.set("posted_options", posted_options);
  mus::data sort_options{mus::data::type::list};
  sort_options.push_back(Option("newest", "Newest first", f.sort == jobs::JobSort::kNewest));
  sort_options.push_back(
      Option("salary", "Highest salary first (choose a currency)", f.sort == jobs::JobSort::kSalary));
  sort_options.push_back(Option("title", "Title (A to Z)", f.sort == jobs::JobSort::kTitle));
  d.set("sort_options", sort_options);
  d.set("remote_only", f.remote_only ? mus::data(true) : mus::data(false));
}

// "12 open jobs", or "Showing 21–40 of 57 open jobs" when there is more than one page.
std::string CountText(const store::JobList& list, const jobs::JobFilter& f) {
  const int total = list.total;
  const int first = total == 0 ? 0 : f.offset + 1;
  const int last = f.offset + static_cast<int>(list.items.size());
  std::string count = std::to_string(total) + (total == 1 ? " open job" : " open jobs");
  if (total > f.limit && !list.items.empty())
    count = "Showing " + std::to_string(first) + "\xE2\x80\x93" + std::to_string(last) + " of " + count;
  return count;
}

// One list entry per job. `role_titles` (slug -> title) names each job's roles when
// `show_roles` (the all-roles list; a role's own list leaves them out).
mus::data JobItems(const std::vector<jobs::Job>& jobs, const std::map<std::string, std::string>& role_titles,
                   bool show_roles, const std::string& now) {
  mus::data items{mus::data::type::list};
  for (const auto& j : jobs) {
    mus::data item;
    item.set("id", std::to_string(j.id));
    item.set("title", j.title);
    item.set("company", j.company_name);
    item.set("sample", j.source == jobs::kSampleSource ? mus::data(true) : mus::data(false));
    item.set("policy", PolicyLabel(j));
    std::string where = j.remote == jobs::RemotePolicy::kHybrid ? Offices(j) : "from " + ApplicantWhere(j);
    item.set("where", where);
    item.set("type_label", jobs::EmploymentTypeLabel(j.employment_type));
    if (j.salary) item.set("salary", jobs::FormatSalary(*j.salary));
    item.set("date_posted", j.date_posted);
    item.set("age", dates::PostingAge(j.date_posted, now));
    if (show_roles) {
      std::vector<std::string> names;
      for (const auto& slug : j.roles)
        if (auto it = role_titles.find(slug); it != role_titles.end()) names.push_back(it->second);
      item.set("roles_text", names.empty() ? std::string("Other") : Join(names, ", "));
    }
    items.push_back(item);
  }
  return items;
}

}  // namespace

http::Response Pages::Jobs(http::Request& req) {
  return JobList(req, "", "");
}

http::Response Pages::RoleJobs(http::Request& req) {
  const std::string slug = req.params["slug"];
  auto role = store_.GetRole(slug);
  if (!role.ok()) return http::ErrorReply(role.error());
  if (!role->has_value()) return http::ErrorReply(404, http::codes::kNotFound, "There is no role \"" + slug + "\".");
  return JobList(req, slug, (*role)->title);
}

// The job list, all roles (`role_slug` empty) or one role's: read the filter and page from the
// query, fetch that page, then fill the template (filter form, count, jobs, paging links).
http::Response Pages::JobList(http::Request& req, const std::string& role_slug, const std::string& role_title) {
  // A minimum salary or a salary sort without a currency cannot be compared: the page says so
  // next to the filters (400) and lists the jobs without the minimum (newest first), keeping what
  // was typed in the form.
  std::vector<std::string_view> ignored;  // query parameters left out after such an error
  auto parse = [&req, &ignored] {
    return jobs::ParseJobFilter([&req, &ignored](const char* name) -> std::optional<std::string> {
      if (std::find(ignored.begin(), ignored.end(), std::string_view(name)) != ignored.end()) return std::nullopt;
      return req.Query(name);
    });
  };
  auto parsed = parse();
  std::string salary_error, sort_error;
  for (int retry = 0; retry < 2 && !parsed.ok(); ++retry) {
    if (parsed.error().message == jobs::kMinSalaryNeedsCurrency) {
      salary_error =
          "Choose a currency to filter by minimum salary: salaries in different currencies cannot be compared. "
          "The jobs below are not filtered by salary.";
      ignored.push_back("min_salary");
    } else if (parsed.error().message == jobs::kSalarySortNeedsCurrency) {
      sort_error =
          "Choose a currency to sort by salary: salaries in different currencies cannot be compared. "
          "The jobs below are sorted newest first.";
      ignored.push_back("sort");
      ignored.push_back("cursor");
    } else {
      break;
    }
    parsed = parse();
  }
  if (!parsed.ok()) return http::ErrorReply(parsed.error());
  jobs::JobFilter f = *parsed;
  const auto page_number = ParsePageNumber(req);
  if (!page_number)
    return http::ErrorReply(400, http::codes::kInvalidArgument,
                            "Query parameter \"page\" must be an integer from 1 to 10000.");
  const int page = *page_number;
  if (!role_slug.empty()) f.role = role_slug;
  f.offset = (page - 1) * f.limit;
  const std::string now = dates::NowUtc();
  auto list = store_.ListJobs(f, now);
  if (!list.ok()) return http::ErrorReply(list.error());
  auto roles = store_.ListRoles();
  if (!roles.ok()) return http::ErrorReply(roles.error());
  std::map<std::string, std::string> role_titles;
  for (const auto& r : *roles) role_titles[r.slug] = r.title;

  // Headings: the role's page, a role chosen in the filter, the jobs no role covers, or all.
  const bool is_other = role_slug.empty() && f.role == jobs::kOtherRole;
  const auto filtered = role_titles.find(f.role);
  const std::string title_role = !role_title.empty()             ? role_title
                                 : filtered != role_titles.end() ? filtered->second
                                                                 : "";
  const std::string heading = !title_role.empty() ? "Remote " + title_role + " jobs"
                              : is_other          ? "Other remote jobs"
                                                  : "Remote jobs";
  mus::data d;
  d.set("heading", heading);
  d.set("lede", !title_role.empty() ? "Open remote and hybrid " + title_role +
                                          " positions. Read the role's interview questions before you apply."
                                    : "Open remote and hybrid positions for every role we cover, and some we do not "
                                      "(listed under Other).");
  if (!role_slug.empty()) {
    d.set("role_slug", role_slug);
    d.set("role_title", role_title);
  }
  const std::string action = role_slug.empty() ? "/jobs" : "/roles/" + role_slug + "/jobs";
  d.set("action", action);
  d.set("show_role", role_slug.empty() ? mus::data(true) : mus::data(false));
  SetFilterChoices(d, f, *roles);
  if (!salary_error.empty()) {
    d.set("salary_error", salary_error);
    d.set("min_salary", req.Query("min_salary").value_or(""));
  }
  if (!sort_error.empty()) d.set("sort_error", sort_error);

  d.set("count_text", CountText(*list, f));
  d.set("jobs", JobItems(list->items, role_titles, role_slug.empty(), now));
  d.set("has_jobs", list->items.empty() ? mus::data(false) : mus::data(true));
  const int pages = std::max(1, (list->total + f.limit - 1) / f.limit);
  if (pages > 1 || page > 1) {
    d.set("paged", true);
    d.set("page", std::to_string(page));
    d.set("pages", std::to_string(pages));
    if (page > 1) d.set("prev", action + ListQuery(f, role_slug.empty(), page - 1));
    if (page < pages) d.set("next", action + ListQuery(f, role_slug.empty(), page + 1));
  }
  const Nav nav = gate_.NavFor(req);
  std::string html =
      Layout({heading, "Open remote and hybrid jobs, with filters for role, employment type, salary and age.",
              Render("jobs", d), "", action + ListQuery(f, role_slug.empty(), page), nav, site_.origin.For(req)});
  http::Response resp = gate_.Serve(req, html, salary_error.empty() && sort_error.empty() ? 200 : 400);
  if (nav != Nav::kSignedIn && (resp.status == 200 || resp.status == 304)) gate_.MarkShared(resp);
  return resp;
}

http::Response Pages::Job(http::Request& req) {
  const std::string& raw = req.params["id"];
  auto id = ParsePositiveId(raw);
  if (!id) return http::ErrorReply(404, http::codes::kNotFound, "There is no job " + raw + ".");
  auto job = store_.GetJob(*id);
  if (!job.ok()) return http::ErrorReply(job.error());
  if (!job->has_value()) return http::ErrorReply(404, http::codes::kNotFound, "There is no job " + raw + ".");
  const jobs::Job& j = **job;
  const std::string now = dates::NowUtc();
  const bool closed = jobs::IsExpired(j, now);
  auto roles = store_.ListRoles();
  if (!roles.ok()) return http::ErrorReply(roles.error());
  mus::data d;
  d.set("title", j.title);
  d.set("company", j.company_name);
  if (!j.company_url.empty()) d.set("company_url", j.company_url);
  d.set("sample", j.source == jobs::kSampleSource ? mus::data(true) : mus::data(false));
  mus::data role_list{mus::data::type::list};
  for (const auto& slug : j.roles)
    for (const auto& r : *roles)
      if (r.slug == slug) {
        mus::data item;
        item.set("slug", r.slug);
        item.set("title", r.title);
        role_list.push_back(item);
      }
  d.set("roles", role_list);
  std::string policy = j.remote == jobs::RemotePolicy::kRemote
                           ? "Fully remote; applicants may work from " + ApplicantWhere(j)
                           : "Hybrid: some days at the office in " + Offices(j) + "; remote otherwise" +
                                 (j.applicant_locations.empty() ? std::string() : ", from " + ApplicantWhere(j));
  d.set("policy_text", policy);
  d.set("type_label", jobs::EmploymentTypeLabel(j.employment_type));
  d.set("salary", j.salary ? jobs::FormatSalary(*j.salary) : std::string("Not stated"));
  d.set("date_posted", j.date_posted);
  d.set("posted_human", HumanDate(j.date_posted));
  d.set("age", dates::PostingAge(j.date_posted, now));
  if (!j.valid_through.empty()) {
    d.set("valid_through", j.valid_through);
    if (!closed) d.set("apply_by", HumanDate(j.valid_through.substr(0, 10)));
  }
  if (!j.skills.empty()) d.set("skills", Join(j.skills, ", "));
  d.set("apply_url", j.apply_url);
  d.set("description_html", RenderMarkdown(j.description_md));
  if (closed) {
    d.set("closed", true);
    d.set("closed_on", HumanDate(j.valid_through.substr(0, 10)));
    d.set("more_url", j.roles.empty() ? std::string("/jobs?role=other") : "/roles/" + j.roles.front() + "/jobs");
  }
  // Closed postings carry no JobPosting: search engines drop them (and the page says 410).
  std::string ld = closed ? "" : JsonLd(jobs::ToJsonLd(j));
  const Nav nav = gate_.NavFor(req);
  std::string html = Layout({j.title + " at " + j.company_name + (closed ? " (closed)" : ""),
                             Excerpt(MarkdownToText(j.description_md), 155), Render("job", d), ld,
                             "/jobs/" + std::to_string(j.id), nav, site_.origin.For(req)});
  http::Response resp = gate_.Serve(req, html);
  if (nav != Nav::kSignedIn && (resp.status == 200 || resp.status == 304)) gate_.MarkShared(resp);
  if (closed && resp.status == 200) resp.status = 410;
  return resp;
}

Result<std::vector<SitemapUrl>> Pages::SitemapUrls() {
  auto roles = store_.ListLiveRoles();
  if (!roles.ok()) return roles.error();
  std::vector<SitemapUrl> urls{{"/", ""}, {"/jobs", ""}};
  for (const auto& r : *roles) {
    urls.push_back({"/roles/" + r.slug, r.updated});
    for (const auto& q : r.questions) urls.push_back({"/questions/" + q.id, q.updated});
  }
  // Open jobs, newest first, a page of them at a time.
  jobs::JobFilter f;
  f.limit = 1000;
  const std::string now = dates::NowUtc();
  for (;;) {
    auto list = store_.ListJobs(f, now);
    if (!list.ok()) return list.error();
    for (const auto& j : list->items) urls.push_back({"/jobs/" + std::to_string(j.id), j.date_posted});
    f.offset += f.limit;
    if (list->items.empty() || f.offset >= list->total) break;
  }
  return urls;
}

http::Response Pages::Robots(http::Request& req) {
  const std::string origin = site_.origin.For(req);
  return CachedDocument(req, "/robots.txt", "text/plain; charset=utf-8", "",
                        [&]() -> Result<std::optional<std::string>> { return std::optional(RobotsTxt(origin)); });
}

namespace {
constexpr const char* kSitemapNeedsOrigin =
    "There is no sitemap: its URLs must be absolute, and this server does not know its public address (serve "
    "--public-url, or --allowed-host for this Host).";
}  // namespace

http::Response Pages::Sitemap(http::Request& req) {
  const std::string origin = site_.origin.For(req);
  return CachedDocument(req, "/sitemap.xml", "application/xml; charset=utf-8", kSitemapNeedsOrigin,
                        [&]() -> Result<std::optional<std::string>> {
                          if (origin.empty()) return std::optional<std::string>();
                          auto urls = SitemapUrls();
                          if (!urls.ok()) return urls.error();
                          const int per_file = site_.sitemap_urls_per_file;
                          if (SitemapFiles(urls->size(), per_file) == 1)
                            return std::optional(SitemapXml(origin, *urls, 0, urls->size()));
                          return std::optional(SitemapIndexXml(origin, *urls, per_file));
                        });
}

http::Response Pages::SitemapFile(http::Request& req) {
  const std::string& file = req.params["file"];
  const std::string origin = site_.origin.For(req);
  // "1.xml" .. "<files>.xml"; anything else is not a sitemap.
  int n = 0;
  const bool numbered = file.size() > 4 && file.size() <= 10 && file.ends_with(".xml") && file[0] != '0' &&
                        std::all_of(file.begin(), file.end() - 4, [](char c) { return c >= '0' && c <= '9'; });
  if (numbered) n = std::stoi(file.substr(0, file.size() - 4));
  const std::string missing = "There is no sitemap at " + req.path + ".";
  if (n < 1) return http::ErrorReply(404, http::codes::kNotFound, missing);
  return CachedDocument(req, "/sitemaps/" + file, "application/xml; charset=utf-8",
                        origin.empty() ? std::string(kSitemapNeedsOrigin) : missing,
                        [&]() -> Result<std::optional<std::string>> {
                          if (origin.empty()) return std::optional<std::string>();
                          auto urls = SitemapUrls();
                          if (!urls.ok()) return urls.error();
                          const int per_file = site_.sitemap_urls_per_file;
                          const int files = SitemapFiles(urls->size(), per_file);
                          if (files == 1 || n > files) return std::optional<std::string>();  // no index
                          const auto per = static_cast<std::size_t>(per_file);
                          return std::optional(SitemapXml(origin, *urls, static_cast<std::size_t>(n - 1) * per, per));
                        });
}

std::string Pages::RenderError(const http::Request& req, int status, const std::string& message) {
  mus::data d;
  d.set("heading", status == 404 ? "Page not found" : status >= 500 ? "Something went wrong" : "That did not work");
  d.set("message", message);
  // A missing job suggests open jobs (newest first); any other page suggests the roles.
  const bool job_page = status == 404 && req.path.starts_with("/jobs/");
  mus::data jobs_list{mus::data::type::list};
  if (job_page) {
    jobs::JobFilter newest;
    newest.limit = kErrorPageJobs;
    if (auto open = store_.ListJobs(newest, dates::NowUtc()); open.ok())
      for (const auto& j : open->items) {
        mus::data item;
        item.set("id", std::to_string(j.id));
        item.set("title", j.title);
        item.set("company", j.company_name);
        jobs_list.push_back(item);
      }
    d.set("job_page", true);
    d.set("has_jobs", Flag(!jobs_list.is_empty_list()));
    d.set("jobs", jobs_list);
  } else {
    auto roles = store_.ListRoles();
    mus::data list{mus::data::type::list};
    if (roles.ok())
      for (const auto& r : *roles) {
        mus::data item;
        item.set("slug", r.slug);
        item.set("title", r.title);
        list.push_back(item);
      }
    d.set("has_roles", roles.ok() && !roles->empty() ? mus::data(true) : mus::data(false));
    d.set("roles", list);
  }
  // The header the visitor would see on any other page: a signed-in one keeps Progress, Stories,
  // Account and Sign out (its form's CSRF slot is filled here: error bodies are not cached).
  const Nav nav = gate_.NavFor(req);
  std::string html = Layout(
      {status == 404 ? "Page not found" : "Error " + std::to_string(status), message, Render("error", d), "", "", nav});
  if (nav == Nav::kSignedIn)
    html = http::FillTokenSlots(std::move(html), csrf_.TokenFor(http::Csrf::VisitorOf(req), csrf_.SessionOf(req)));
  return html;
}

}  // namespace starprep::web
