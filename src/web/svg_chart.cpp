// SPDX-License-Identifier: Apache-2.0
#include "web/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/html.h"

namespace starprep::web {
namespace {

constexpr double kRight = 20, kTop = 14;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string MarkerSvg(Marker marker, double x, double y) {
  switch (marker) {
    case Marker::kCircle:
      return "<circle cx=\"" + Num(x) + "\" cy=\"" + Num(y) + "\" r=\"4.5\"/>";
    case Marker::kSquare:
      return "<rect x=\"" + Num(x - 4) + "\" y=\"" + Num(y - 4) + "\" width=\"8\" height=\"8\"/>";
    case Marker::kDiamond:
      return "<polygon points=\"" + Num(x) + "," + Num(y - 5.5) + " " + Num(x + 5.5) + "," + Num(y) + " " + Num(x) +
             "," + Num(y + 5.5) + " " + Num(x - 5.5) + "," + Num(y) + "\"/>";
    case Marker::kHexagon:
      return "<polygon points=\"" + Num(x - 2.5) + "," + Num(y - 4.5) + " " + Num(x + 2.5) + "," + Num(y - 4.5) + " " +
             Num(x + 5) + "," + Num(y) + " " + Num(x + 2.5) + "," + Num(y + 4.5) + " " + Num(x - 2.5) + "," +
             Num(y + 4.5) + " " + Num(x - 5) + "," + Num(y) + "\"/>";
  }
  return {};
}

}  // namespace

double LegibleTextSize(double width, double narrowest_px, double min_px) {
  if (narrowest_px <= 0) return min_px;
  return std::ceil(min_px * width / narrowest_px);
}

std::string RenderLineChart(const LineChart& chart) {
  const double width = chart.width > 0 ? chart.width : 640;
  const double plot_height = chart.plot_height > 0 ? chart.plot_height : 220;
  const double text = chart.text_size > 0 ? chart.text_size : 12;
  const double left = 20 + text * 2;    // the y labels: "100" and a gap
  const double axis_band = text + 22;   // x labels under the plot
  const double legend_row = text + 14;  // one legend row
  const std::size_t legend_per_row = width >= 560 ? 4 : 2;
  const std::size_t max_x_labels = std::max<std::size_t>(2, chart.max_x_labels);
  const std::size_t points = chart.x_labels.size();
  const double y_max = chart.y_max > 0 ? chart.y_max : 1;
  const double plot_w = width - left - kRight;
  const double bottom = kTop + plot_height;
  const std::size_t legend_rows = chart.legend ? (chart.series.size() + legend_per_row - 1) / legend_per_row : 0;
  const double height = bottom + axis_band + legend_row * static_cast<double>(legend_rows);
  auto x_of = [&](std::size_t i) {
    return points <= 1 ? left + plot_w / 2 : left + plot_w * static_cast<double>(i) / static_cast<double>(points - 1);
  };
  auto y_of = [&](double v) { return bottom - plot_height * std::clamp(v, 0.0, y_max) / y_max; };

  const std::string id = html::Escape(chart.id);
  std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + Num(width) + " " +
                    Num(height) + "\" font-size=\"" + Num(text) + "\" role=\"img\" aria-labelledby=\"" + id +
                    "-title " + id + "-desc\">";
  svg += "<title id=\"" + id + "-title\">" + html::Escape(chart.title) + "</title>";
  svg += "<desc id=\"" + id + "-desc\">" + html::Escape(chart.description) + "</desc>";

  svg += "<g class=\"chart-grid\">";
  for (int step = 0; step <= 4; ++step) {
    const double value = y_max * step / 4;
    const double y = y_of(value);
    svg += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(y) + "\" x2=\"" + Num(width - kRight) + "\" y2=\"" + Num(y) +
           "\" stroke=\"currentColor\"/>";
    svg += "<text x=\"" + Num(left - 8) + "\" y=\"" + Num(y + text / 3) + "\" text-anchor=\"end\">" +
           std::to_string(static_cast<int>(value)) + "</text>";
  }
  svg += "</g>";

  if (points == 0) {
    svg += "<text class=\"chart-empty\" x=\"" + Num(left + plot_w / 2) + "\" y=\"" + Num(kTop + plot_height / 2) +
           "\" text-anchor=\"middle\">No data yet</text>";
  } else {
    // At most max_x_labels labels, evenly spread, always the first and the last.
    const std::size_t every = std::max<std::size_t>(1, (points + max_x_labels - 2) / (max_x_labels - 1));
    svg += "<g class=\"chart-x\">";
    for (std::size_t i = 0; i < points; ++i) {
      if (i % every != 0 && i + 1 != points) continue;
      const char* anchor = points == 1 ? "middle" : i == 0 ? "start" : i + 1 == points ? "end" : "middle";
      svg += "<text x=\"" + Num(x_of(i)) + "\" y=\"" + Num(bottom + text + 10) + "\" text-anchor=\"" + anchor + "\">" +
             html::Escape(chart.x_labels[i]) + "</text>";
    }
    svg += "</g>";
    for (const auto& s : chart.series) {
      const std::size_t n = std::min(points, s.values.size());
      svg += "<g class=\"chart-series " + html::Escape(s.css_class) + "\">";
      if (n > 1) {
        svg += "<polyline fill=\"none\" stroke=\"currentColor\" points=\"";
        for (std::size_t i = 0; i < n; ++i) svg += (i ? " " : "") + Num(x_of(i)) + "," + Num(y_of(s.values[i]));
        svg += "\"/>";
      }
      for (std::size_t i = 0; i < n; ++i) svg += MarkerSvg(s.marker, x_of(i), y_of(s.values[i]));
      svg += "</g>";
    }
  }

  const double legend_w = std::floor((width - left) / static_cast<double>(legend_per_row));  // whole units
  for (std::size_t i = 0; chart.legend && i < chart.series.size(); ++i) {
    const auto& s = chart.series[i];
    const std::size_t column = i % legend_per_row, row = i / legend_per_row;
    const double x = left + legend_w * static_cast<double>(column);
    const double y = bottom + axis_band + legend_row * static_cast<double>(row) + 8;
    svg += "<g class=\"chart-legend chart-series " + html::Escape(s.css_class) + "\">";
    svg += "<line x1=\"" + Num(x) + "\" y1=\"" + Num(y) + "\" x2=\"" + Num(x + 28) + "\" y2=\"" + Num(y) +
           "\" stroke=\"currentColor\"/>";
    svg += MarkerSvg(s.marker, x + 14, y);
    svg +=
        "<text x=\"" + Num(x + 36) + "\" y=\"" + Num(y + text * 5 / 12) + "\">" + html::Escape(s.label) + "</text></g>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace starprep::web
