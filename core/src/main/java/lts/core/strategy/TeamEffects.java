package lts.core.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One team's effects, parameters [team, drivers…, karts (one per stint)…]: the ridge-regularised
 * least-squares solution (posterior mean under the Gaussian priors of {@link KartModel.Settings})
 * over robust means of its cells (one cell per stint and driver).
 */
final class TeamEffects {
  final int rowId;
  /** Stint number → its index among the team's stints, in order of appearance. */
  final Map<Integer, Integer> stints = new LinkedHashMap<>();
  /** Driver name → his index among the team's drivers, in order of appearance. */
  final Map<String, Integer> drivers = new LinkedHashMap<>();
  private final Map<Long, List<Double>> cells = new LinkedHashMap<>();
  /** Posterior means, null until solved. */
  double[] x;
  /** Posterior sds, null until solved. */
  double[] sd;

  TeamEffects(int rowId) {
    this.rowId = rowId;
  }

  /** Forgets the residuals of the previous round (the solution stays until the next solve). */
  void clear() {
    cells.clear();
  }

  /** A lap's residual, for the cell of its stint and driver (indexes). */
  void add(int stint, int driver, double value) {
    cells.computeIfAbsent(((long) stint << 32) | driver, k -> new ArrayList<>()).add(value);
  }

  int kartParam(int stint) {
    return 1 + drivers.size() + stint;
  }

  /** Team + driver + kart of a lap of this stint and driver (indexes); 0 before the first solve. */
  double effect(int stint, int driver) {
    return x == null ? 0 : x[0] + x[1 + driver] + x[kartParam(stint)];
  }

  /** Solves the effects for the residuals added, with lap noise {@code sigma}. */
  void solve(KartModel.Settings s, double sigma) {
    int p = 1 + drivers.size() + stints.size();
    double[][] a = new double[p][p];
    double[] b = new double[p];
    double var = sigma * sigma;
    a[0][0] += var / (s.teamSdMs() * s.teamSdMs());
    for (int d = 0; d < drivers.size(); d++) {
      a[1 + d][1 + d] += var / (s.driverSdMs() * s.driverSdMs());
    }
    for (int k = 0; k < stints.size(); k++) {
      a[kartParam(k)][kartParam(k)] += var / (s.kartSdMs() * s.kartSdMs());
    }
    for (Map.Entry<Long, List<Double>> cell : cells.entrySet()) {
      int stint = (int) (cell.getKey() >>> 32);
      int driver = (int) (cell.getKey() & 0xffffffffL);
      double[] values = Medians.toArray(cell.getValue());
      double mean = robustMean(values, sigma);
      int w = values.length;
      int[] idx = {0, 1 + driver, kartParam(stint)};
      for (int i : idx) {
        for (int j : idx) {
          a[i][j] += w;
        }
        b[i] += w * mean;
      }
    }
    double[][] inv = invert(a);
    x = new double[p];
    sd = new double[p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        x[i] += inv[i][j] * b[j];
      }
      sd[i] = Math.sqrt(Math.max(0, inv[i][i]) * var);
    }
  }

  /** Mean of the values clipped to median ± 2.5σ. */
  static double robustMean(double[] values, double sigma) {
    double med = Medians.median(values);
    double sum = 0;
    for (double v : values) {
      sum += Math.max(med - 2.5 * sigma, Math.min(med + 2.5 * sigma, v));
    }
    return sum / values.length;
  }

  /** Gauss-Jordan inverse of a symmetric positive definite matrix. */
  static double[][] invert(double[][] m) {
    int p = m.length;
    double[][] a = new double[p][2 * p];
    for (int i = 0; i < p; i++) {
      System.arraycopy(m[i], 0, a[i], 0, p);
      a[i][p + i] = 1;
    }
    for (int c = 0; c < p; c++) {
      int pivot = c;
      for (int r = c + 1; r < p; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
          pivot = r;
        }
      }
      double[] tmp = a[c];
      a[c] = a[pivot];
      a[pivot] = tmp;
      double d = a[c][c];
      for (int j = 0; j < 2 * p; j++) {
        a[c][j] /= d;
      }
      for (int r = 0; r < p; r++) {
        if (r != c && a[r][c] != 0) {
          double f = a[r][c];
          for (int j = 0; j < 2 * p; j++) {
            a[r][j] -= f * a[c][j];
          }
        }
      }
    }
    double[][] inv = new double[p][p];
    for (int i = 0; i < p; i++) {
      System.arraycopy(a[i], p, inv[i], 0, p);
    }
    return inv;
  }
}
