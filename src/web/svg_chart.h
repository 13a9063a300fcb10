// SPDX-License-Identifier: Apache-2.0
#pragma once
// Server-side SVG line charts for the progress page. Pure. The chart is an accessible image
// (role="img", labelled by its <title> and <desc>); callers also give a text alternative (a data
// table) next to it. Series are told apart by a marker shape and a dash pattern as well as by
// colour (CSS classes, so light, dark and print styles apply), and the legend names each one.
// Every text is HTML-escaped; no inline styles (the CSP forbids them).

#include <cstddef>
#include <string>
#include <vector>

namespace starprep::web {

enum class Marker { kCircle, kSquare, kDiamond, kHexagon };

struct ChartSeries {
  std::string label;      // legend text
  std::string css_class;  // e.g. "series-s": colour and dash pattern in site.css
  Marker marker = Marker::kCircle;
  std::vector<double> values;  // one per x label; clamped to [0, y_max]
};

struct LineChart {
  std::string id;  // unique in the page; the title and desc get "<id>-title" / "<id>-desc"
  std::string title;
  std::string description;  // a one-paragraph summary of what the chart shows
  std::vector<std::string> x_labels;
  double y_max = 100;
  std::vector<ChartSeries> series;
  // Geometry in the viewBox's units. The SVG scales to its box, and its text with it: text shows
  // at text_size * (rendered width / width) CSS px, so a chart drawn narrower than `width` shrinks
  // its labels. Pick `text_size` with LegibleTextSize for the narrowest box the page gives it.
  double width = 640;
  double plot_height = 220;
  double text_size = 12;
  std::size_t max_x_labels = 6;  // at least 2: the first and the last always show
  bool legend = true;            // a chart with one series may leave it out (its title names it)
};

// The text size, in viewBox units, that renders at least `min_px` CSS px when a chart `width`
// units wide is drawn `narrowest_px` CSS px wide (rounded up to a whole unit).
double LegibleTextSize(double width, double narrowest_px, double min_px = 12);

// The <svg> element. A chart without points renders axes and the text "No data yet".
std::string RenderLineChart(const LineChart& chart);

}  // namespace starprep::web
