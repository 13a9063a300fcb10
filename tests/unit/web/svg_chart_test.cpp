// SPDX-License-Identifier: Apache-2.0
// Unit tests for web/svg_chart: accessible, escaped, shape-coded line charts.

#include "web/svg_chart.h"

#include <gtest/gtest.h>

namespace starprep::web {
namespace {

std::size_t Count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + needle.size())) ++n;
  return n;
}

LineChart Sample() {
  LineChart c{"score", "Score over time", "From 40 to 80.", {"1 Mar", "2 Mar", "3 Mar"}, 100, {}};
  c.series.push_back({"Score", "series-score", Marker::kCircle, {40, 60, 80}});
  return c;
}

TEST(SvgChartTest, IsAnImageLabelledByItsTitleAndDescription) {
  std::string svg = RenderLineChart(Sample());
  EXPECT_TRUE(svg.starts_with("<svg "));
  EXPECT_TRUE(svg.ends_with("</svg>"));
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"score-title score-desc\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"score-title\">Score over time</title>"), std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"score-desc\">From 40 to 80.</desc>"), std::string::npos);
  EXPECT_EQ(svg.find("style="), std::string::npos) << "the CSP forbids inline styles";
}

TEST(SvgChartTest, EscapesEveryText) {
  LineChart c = Sample();
  c.id = "x\"><script>";
  c.title = "<script>alert(1)</script>";
  c.description = "a & b";
  c.x_labels[0] = "<b>";
  c.series[0].label = "\"quoted\"";
  c.series[0].css_class = "a\" onload=\"x";
  std::string svg = RenderLineChart(c);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_EQ(svg.find("\" onload"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("a &amp; b"), std::string::npos);
  EXPECT_NE(svg.find("&quot;quoted&quot;"), std::string::npos);
}

TEST(SvgChartTest, DrawsOneLineAndOneMarkerPerPoint) {
  std::string svg = RenderLineChart(Sample());
  EXPECT_EQ(Count(svg, "<polyline"), 1u);
  EXPECT_EQ(Count(svg, "<circle"), 3u + 1u);  // three points and the legend's marker
}

TEST(SvgChartTest, SeriesHaveDistinctMarkerShapesAndLegendLabels) {
  LineChart c = Sample();
  c.series.clear();
  c.series.push_back({"Situation", "series-s", Marker::kCircle, {1, 2, 3}});
  c.series.push_back({"Task", "series-t", Marker::kSquare, {1, 2, 3}});
  c.series.push_back({"Action", "series-a", Marker::kDiamond, {1, 2, 3}});
  c.series.push_back({"Result", "series-r", Marker::kHexagon, {1, 2, 3}});
  std::string svg = RenderLineChart(c);
  EXPECT_EQ(Count(svg, "<circle"), 4u);
  EXPECT_EQ(Count(svg, "<rect"), 4u);
  EXPECT_EQ(Count(svg, "<polygon"), 8u);  // diamonds and hexagons
  for (const char* label : {">Situation</text>", ">Task</text>", ">Action</text>", ">Result</text>"})
    EXPECT_NE(svg.find(label), std::string::npos) << label;
}

TEST(SvgChartTest, ValuesOutsideTheScaleAreClampedAndSinglePointsWork) {
  LineChart c{"one", "One", "One point.", {"today"}, 100, {}};
  c.series.push_back({"Score", "series-score", Marker::kCircle, {250}});
  std::string svg = RenderLineChart(c);
  EXPECT_EQ(svg.find("<polyline"), std::string::npos);
  EXPECT_NE(svg.find("cy=\"14.0\""), std::string::npos) << svg;  // the top of the plot
}

TEST(SvgChartTest, AnEmptyChartSaysSo) {
  LineChart c{"empty", "Nothing", "No attempts.", {}, 100, {}};
  EXPECT_NE(RenderLineChart(c).find("No data yet"), std::string::npos);
}

TEST(SvgChartTest, ShowsAtMostSixXLabelsIncludingTheFirstAndLast) {
  LineChart c{"many", "Many", "Thirty points.", {}, 100, {}};
  for (int i = 1; i <= 30; ++i) c.x_labels.push_back("d" + std::to_string(i) + "x");
  std::string svg = RenderLineChart(c);
  EXPECT_NE(svg.find(">d1x<"), std::string::npos);
  EXPECT_NE(svg.find(">d30x<"), std::string::npos);
  EXPECT_LE(Count(svg, "x</text>"), 7u);
}

TEST(SvgChartTest, TextSizeIsSetOnTheChartAndChosenForTheNarrowestBox) {
  // 300 units drawn 280 px wide: 13 units show as 12.1 px.
  EXPECT_EQ(LegibleTextSize(300, 280), 13);
  EXPECT_GE(LegibleTextSize(300, 280) * 280 / 300, 12);
  EXPECT_EQ(LegibleTextSize(360, 280), 16);
  EXPECT_EQ(LegibleTextSize(640, 640), 12);
  LineChart c = Sample();
  c.width = 300;
  c.text_size = 13;
  const std::string svg = RenderLineChart(c);
  EXPECT_NE(svg.find("viewBox=\"0 0 300.0 "), std::string::npos) << svg;
  EXPECT_NE(svg.find("font-size=\"13.0\""), std::string::npos) << svg;
}

TEST(SvgChartTest, ALegendCanBeLeftOutAndXLabelsLimited) {
  LineChart c = Sample();
  c.legend = false;
  EXPECT_EQ(Count(RenderLineChart(c), "<circle"), 3u) << "no legend marker";
  c.x_labels = {"a1x", "a2x", "a3x", "a4x", "a5x", "a6x", "a7x", "a8x", "a9x"};
  c.max_x_labels = 3;
  const std::string svg = RenderLineChart(c);
  EXPECT_LE(Count(svg, "x</text>"), 3u);
  EXPECT_NE(svg.find(">a1x<"), std::string::npos);
  EXPECT_NE(svg.find(">a9x<"), std::string::npos);
}

}  // namespace
}  // namespace starprep::web
