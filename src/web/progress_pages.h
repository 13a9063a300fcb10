// SPDX-License-Identifier: Apache-2.0
#pragma once
// GET /progress: the signed-in candidate's progress. Score over time per question (small
// multiples, one point per day) and STAR part strengths per day as server-side SVG charts (each
// with a data table as its text alternative), coverage of the candidate's target roles' questions
// and competencies (every role's when they chose none), the practice streak, a "Next up" card
// that prefers the target roles' questions, and the best score per question.

#include "http/router.h"
#include "practice/journal.h"
#include "store/store.h"
#include "web/session_gate.h"

namespace starprep::web {

// At most this many of the newest attempts feed the page's statistics.
inline constexpr int kMaxProgressAttempts = 2000;
// The STAR-part chart and the attempts table use this many of the newest attempts.
inline constexpr std::size_t kChartAttempts = 30;
// Score trends: a small chart for each of this many most practised questions, each showing
// this many newest days of practice (one point per UTC day: the day's best score).
inline constexpr std::size_t kTrendQuestions = 6;
inline constexpr std::size_t kTrendDays = 14;
// Chart geometry (svg_chart.h): viewBox widths, and the narrowest box the page draws them in
// (a 320 px screen less the page's padding), so that their labels stay >= 12 CSS px.
inline constexpr double kTrendChartWidth = 300;
inline constexpr double kPartsChartWidth = 360;
inline constexpr double kNarrowestChartPx = 280;

class ProgressPages {
 public:
  ProgressPages(store::Store& store, const SessionGate& gate, practice::Journal& journal)
      : store_(store), gate_(gate), journal_(journal) {}

  void Register(http::Router& router);

 private:
  http::Response Progress(http::Request& req);

  store::Store& store_;
  const SessionGate& gate_;
  practice::Journal& journal_;
};

}  // namespace starprep::web
