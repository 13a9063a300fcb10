// SPDX-License-Identifier: Apache-2.0
#include "feedback/ranking.h"

#include <algorithm>
#include <cmath>

namespace starprep::feedback {

double WilsonLowerBound(int helpful, int total, double z) {
  if (total <= 0) return 0.0;
  const double n = total;
  const double p = std::clamp(helpful, 0, total) / n;
  const double z2 = z * z;
  const double centre = p + z2 / (2 * n);
  const double margin = z * std::sqrt((p * (1 - p) + z2 / (4 * n)) / n);
  return std::clamp((centre - margin) / (1 + z2 / n), 0.0, 1.0);
}

}  // namespace starprep::feedback
