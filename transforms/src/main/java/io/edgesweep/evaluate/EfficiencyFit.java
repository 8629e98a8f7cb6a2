package io.edgesweep.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Fits a device profile's efficiency factors, overheads and conversion costs to measured latencies.
 *
 * <p>The cost model's latency for one measured (variant, batch) is
 *
 * <pre>
 *   Σ over layers  max(c / (e_c · s_k), m / (e_m · s_k)) + o_k
 *   + Σ over converted layers  a_f + b_f · values
 * </pre>
 *
 * where c = MACs / peak and m = bytes / bandwidth are fixed by the footprint and the profile's
 * peaks, k is the layer's kind (dense, conv, maxpool; s_dense = 1) and f the activation format
 * converted (int, fp16). The fit chooses the compute efficiency e_c and memory efficiency e_m (each
 * in (0, 1]), the relative speeds s_conv and s_maxpool (with s_k · e_c ≤ 1: no layer computes
 * faster than the peak), the overheads o_k and the conversion costs
 * a_f, b_f (all ≥ 0) that minimise the sum of squared relative errors, Σ ((estimate − measured) /
 * measured)²: the quantity the host check reports, so that a 1 ms and a 0.01 ms model count alike.
 *
 * <p>Latency is linear in the overheads and conversion costs once the efficiencies and speeds are
 * fixed, so those come from non-negative least squares ({@link NonNegativeLeastSquares}) inside an
 * outer search over the logarithms of e_c, e_m, s_conv · e_c and s_maxpool · e_c: a coarse grid (7
 * values per term, 10⁻² to 1 for the efficiencies, 10⁻⁴ to 1 for the kinds), then Nelder–Mead
 * from its best point, restarted from its own answer until that stops improving. A term that no observation exercises (no convolution measured, no fp16 activations) is
 * not fitted and keeps the base profile's value. Every estimate of the fitted profile is
 * recomputed with {@link CostModel} itself and must agree with the fit's own arithmetic.
 */
public final class EfficiencyFit {
  private static final String[] KINDS = {"dense", "conv", "maxpool"};
  private static final String[] FORMATS = {"int", "fp16"};
  private static final int GRID = 7;

  private EfficiencyFit() {}

  /**
   * One measured latency.
   *
   * @param variant names the model measured; observations of one variant at several batch sizes
   *     share it, and a held-out check leaves them out together
   * @param footprint what the cost model reads of that model
   * @param batch examples per call
   * @param measuredSeconds the measured latency (a median) of one call
   */
  public record Observation(String variant, ModelFootprint footprint, int batch, double measuredSeconds) {
    public Observation {
      if (!(measuredSeconds > 0) || Double.isInfinite(measuredSeconds)) {
        throw new IllegalArgumentException(variant + " at batch " + batch + ": measured latency must be positive, got " + measuredSeconds);
      }
    }
  }

  /**
   * A fitted profile.
   *
   * @param profile the base profile with the fitted numbers and {@code fitted: true}
   * @param precision the compute precision whose efficiency was fitted (every layer ran at it)
   * @param fittedTerms the terms the observations determined, in YAML names
   * @param estimatesSeconds the fitted profile's estimate of each observation, in order
   */
  public record Result(DeviceProfile profile, Precision precision, List<String> fittedTerms, double[] estimatesSeconds) {
    /** √(mean squared relative error) of the estimates against {@code observations}. */
    public double rmsRelativeError(List<Observation> observations) {
      double sum = 0;
      for (int i = 0; i < observations.size(); i++) {
        double r = estimatesSeconds[i] / observations.get(i).measuredSeconds() - 1;
        sum += r * r;
      }
      return Math.sqrt(sum / observations.size());
    }
  }

  public static Result fit(List<Observation> observations, DeviceProfile base) {
    if (observations.isEmpty()) {
      throw new IllegalArgumentException("no measurements to fit " + base.id() + " to");
    }
    List<Terms> terms = new ArrayList<>();
    Precision precision = null;
    for (Observation o : observations) {
      Terms t = Terms.of(o, base);
      if (precision != null && !precision.equals(t.precision)) {
        throw new IllegalArgumentException("the fit covers one compute precision; " + o.variant() + " runs at " + t.precision + ", others at " + precision);
      }
      precision = t.precision;
      terms.add(t);
    }
    Problem problem = new Problem(terms, base, precision);
    double[] x = problem.search();
    Solution best = problem.solve(x);
    DeviceProfile fitted = problem.profile(best);
    double[] estimates = new double[observations.size()];
    for (int i = 0; i < observations.size(); i++) {
      Observation o = observations.get(i);
      estimates[i] = CostModel.estimate(o.footprint(), fitted, o.batch()).latencySeconds();
      double own = best.predictions[i];
      if (Math.abs(estimates[i] - own) > 1e-9 * Math.max(own, 1e-9)) {
        throw new IllegalStateException("the fit's arithmetic (" + own + " s) and the cost model (" + estimates[i] + " s) disagree on "
            + o.variant() + " at batch " + o.batch());
      }
    }
    return new Result(fitted, precision, problem.fittedTerms(), estimates);
  }

  /**
   * Estimates of every observation by a profile fitted without that observation's variant (all
   * its batch sizes): leave-one-variant-out, so that a variant is never estimated by a fit that
   * saw it.
   */
  public static double[] leaveOneVariantOut(List<Observation> observations, DeviceProfile base) {
    return leaveGroupsOut(observations, base, Observation::variant);
  }

  /**
   * Estimates of every observation by a profile fitted without that observation's group, for any
   * grouping: by variant, or by teacher family (a teacher and every variant made from it), which
   * asks whether the profile predicts an architecture it has never seen.
   */
  public static double[] leaveGroupsOut(List<Observation> observations, DeviceProfile base, Function<Observation, String> group) {
    double[] estimates = new double[observations.size()];
    Set<String> groups = new LinkedHashSet<>();
    observations.forEach(o -> groups.add(group.apply(o)));
    if (groups.size() < 2) {
      throw new IllegalArgumentException("a held-out check needs at least two groups of measurements, got " + groups);
    }
    for (String left : groups) {
      List<Observation> rest = observations.stream().filter(o -> !group.apply(o).equals(left)).toList();
      DeviceProfile fitted = fit(rest, base).profile();
      for (int i = 0; i < observations.size(); i++) {
        Observation o = observations.get(i);
        if (group.apply(o).equals(left)) {
          estimates[i] = CostModel.estimate(o.footprint(), fitted, o.batch()).latencySeconds();
        }
      }
    }
    return estimates;
  }

  /** One observation reduced to what the fitted terms multiply. */
  private record Terms(double measured, int[] kinds, double[] compute, double[] memory, int[] conversionFormats, long[] convertedValues,
      Precision precision) {

    static Terms of(Observation o, DeviceProfile base) {
      CostEstimate unit = CostModel.estimate(o.footprint(), unitProfile(base), o.batch());
      int n = unit.layers().size();
      int[] kinds = new int[n];
      double[] compute = new double[n];
      double[] memory = new double[n];
      List<Integer> formats = new ArrayList<>();
      List<Long> values = new ArrayList<>();
      Precision precision = null;
      for (int l = 0; l < n; l++) {
        LayerCost layer = unit.layers().get(l);
        kinds[l] = kindIndex(layer.kind());
        compute[l] = layer.computeSeconds();
        memory[l] = layer.memorySeconds();
        if (precision != null && !precision.equals(layer.precision())) {
          throw new IllegalArgumentException("the fit covers one compute precision; " + o.variant() + " runs layers at " + precision
              + " and " + layer.precision());
        }
        precision = layer.precision();
        if (layer.convertedValues() > 0) {
          Precision activations = o.footprint().activations();
          formats.add(activations.isInteger() ? 0 : 1);
          values.add(layer.convertedValues());
        }
      }
      return new Terms(o.measuredSeconds(), kinds, compute, memory, formats.stream().mapToInt(Integer::intValue).toArray(),
          values.stream().mapToLong(Long::longValue).toArray(), precision);
    }
  }

  /** The base profile with every factor at 1 and every overhead and conversion at 0: the c and m of each layer. */
  private static DeviceProfile unitProfile(DeviceProfile base) {
    Map<Precision, Double> ones = new LinkedHashMap<>();
    base.computeEfficiency().keySet().forEach(p -> ones.put(p, 1.0));
    return new DeviceProfile(base.id(), base.name(), base.deviceClass(), base.ramBytes(), base.storageBytes(), base.weightsInRam(),
        base.bandwidthBytesPerSecond(), base.peakMacsPerSecond(), ones, 1.0, false, 0.0, Map.of(), Map.of(), base.weightPrecisions(),
        base.storageFormats(), base.unpacksWeights(), base.sparseCompute(), base.csrIndexBits(), base.joulesPerMac(), base.joulesPerByte(),
        base.power(), base.constraints(), base.objective(), base.source(), base.sourceSha256());
  }

  private static int kindIndex(String kind) {
    for (int k = 0; k < KINDS.length; k++) {
      if (KINDS[k].equals(kind)) {
        return k;
      }
    }
    throw new IllegalArgumentException("no fit term for layer kind " + kind);
  }

  /** The linear coefficients and predictions for one point of the outer search. */
  private record Solution(double computeEfficiency, double memoryEfficiency, double[] speeds, double[] overheads, double[] conversionOverheads,
      double[] conversionPerValue, double[] predictions, double loss) {}

  /** The observations, which terms they exercise, and the arithmetic of the fit. */
  private static final class Problem {
    private final List<Terms> terms;
    private final DeviceProfile base;
    private final Precision precision;
    private final boolean[] kindUsed = new boolean[KINDS.length];
    private final boolean[] formatUsed = new boolean[FORMATS.length];
    /** The kinds besides dense whose speed is fitted (outer variables 2, 3, ... after e_c and e_m). */
    private final List<Integer> speedKinds = new ArrayList<>();
    /** Linear columns: overhead per used kind, then (a_f, b_f) per used format. */
    private final List<int[]> columns = new ArrayList<>();

    Problem(List<Terms> terms, DeviceProfile base, Precision precision) {
      this.terms = terms;
      this.base = base;
      this.precision = precision;
      for (Terms t : terms) {
        for (int k : t.kinds) {
          kindUsed[k] = true;
        }
        for (int f : t.conversionFormats) {
          formatUsed[f] = true;
        }
      }
      for (int k = 1; k < KINDS.length; k++) {
        if (kindUsed[k]) {
          speedKinds.add(k);
        }
      }
      for (int k = 0; k < KINDS.length; k++) {
        if (kindUsed[k]) {
          columns.add(new int[] {0, k});
        }
      }
      for (int f = 0; f < FORMATS.length; f++) {
        if (formatUsed[f]) {
          columns.add(new int[] {1, f});
          columns.add(new int[] {2, f});
        }
      }
    }

    /** The best outer point: grid, then Nelder–Mead. */
    double[] search() {
      int dimensions = 2 + speedKinds.size();
      double[] low = new double[dimensions];
      double[] high = new double[dimensions];
      for (int d = 0; d < dimensions; d++) {
        low[d] = Math.log(d < 2 ? 1e-2 : 1e-4);
        high[d] = 0;
      }
      double[] best = null;
      double bestLoss = Double.POSITIVE_INFINITY;
      int points = (int) Math.pow(GRID, dimensions);
      for (int p = 0; p < points; p++) {
        double[] x = new double[dimensions];
        int rest = p;
        for (int d = 0; d < dimensions; d++) {
          x[d] = low[d] + (high[d] - low[d]) * (rest % GRID) / (GRID - 1);
          rest /= GRID;
        }
        double loss = solve(x).loss;
        if (loss < bestLoss) {
          bestLoss = loss;
          best = x;
        }
      }
      // Restarted from its own answer until that no longer helps: a simplex can collapse along the
      // kink of max(compute, memory) before it reaches the bottom of the valley.
      double[] x = best;
      for (int restart = 0; restart < 10; restart++) {
        double[] next = NelderMead.minimize(p -> solve(p).loss, x, 0.3, 1e-14, 4000);
        double nextLoss = solve(next).loss;
        boolean improved = nextLoss < bestLoss * (1 - 1e-9);
        if (nextLoss <= bestLoss) {
          x = next;
          bestLoss = nextLoss;
        }
        if (!improved) {
          break;
        }
      }
      return x;
    }

    /**
     * x holds the logarithms of e_c, e_m and, per used kind, s_k · e_c (that kind's own fraction of
     * the peak), each folded as exp(−|x|) into (0, 1]: a bound without a flat region for the
     * simplex to stall in.
     */
    Solution solve(double[] x) {
      double ec = fraction(x[0]);
      double em = fraction(x[1]);
      double[] speeds = {1, 1, 1};
      for (int i = 0; i < speedKinds.size(); i++) {
        speeds[speedKinds.get(i)] = fraction(x[2 + i]) / ec;
      }
      int n = terms.size();
      double[][] a = new double[n][columns.size()];
      double[] b = new double[n];
      double[] roofline = new double[n];
      for (int i = 0; i < n; i++) {
        Terms t = terms.get(i);
        double r = 0;
        double[] layersOfKind = new double[KINDS.length];
        for (int l = 0; l < t.kinds.length; l++) {
          double s = speeds[t.kinds[l]];
          r += Math.max(t.compute[l] / (ec * s), t.memory[l] / (em * s));
          layersOfKind[t.kinds[l]]++;
        }
        double[] convertedLayers = new double[FORMATS.length];
        double[] convertedValues = new double[FORMATS.length];
        for (int c = 0; c < t.conversionFormats.length; c++) {
          convertedLayers[t.conversionFormats[c]]++;
          convertedValues[t.conversionFormats[c]] += t.convertedValues[c];
        }
        for (int j = 0; j < columns.size(); j++) {
          int[] column = columns.get(j);
          double value = switch (column[0]) {
            case 0 -> layersOfKind[column[1]];
            case 1 -> convertedLayers[column[1]];
            default -> convertedValues[column[1]];
          };
          a[i][j] = value / t.measured;
        }
        roofline[i] = r;
        b[i] = (t.measured - r) / t.measured;
      }
      double[] theta = NonNegativeLeastSquares.solve(a, b);
      double[] predictions = new double[n];
      double loss = 0;
      for (int i = 0; i < n; i++) {
        double p = roofline[i];
        for (int j = 0; j < theta.length; j++) {
          p += a[i][j] * terms.get(i).measured * theta[j];
        }
        predictions[i] = p;
        double rel = p / terms.get(i).measured - 1;
        loss += rel * rel;
      }
      double[] overheads = new double[KINDS.length];
      double[] conversionOverheads = new double[FORMATS.length];
      double[] perValue = new double[FORMATS.length];
      for (int j = 0; j < columns.size(); j++) {
        int[] column = columns.get(j);
        switch (column[0]) {
          case 0 -> overheads[column[1]] = theta[j];
          case 1 -> conversionOverheads[column[1]] = theta[j];
          default -> perValue[column[1]] = theta[j];
        }
      }
      return new Solution(ec, em, speeds, overheads, conversionOverheads, perValue, predictions, loss);
    }

    private static double fraction(double logarithm) {
      return Math.exp(-Math.abs(logarithm));
    }

    DeviceProfile profile(Solution s) {
      Map<Precision, Double> efficiency = new LinkedHashMap<>(base.computeEfficiency());
      efficiency.put(precision, s.computeEfficiency);
      Map<String, LayerKindCost> kinds = new LinkedHashMap<>(base.layerKinds());
      for (int k = 1; k < KINDS.length; k++) {
        if (kindUsed[k]) {
          kinds.put(KINDS[k], new LayerKindCost(s.speeds[k], s.overheads[k]));
        }
      }
      Map<String, ActivationConversionCost> conversions = new LinkedHashMap<>(base.activationConversion());
      for (int f = 0; f < FORMATS.length; f++) {
        if (formatUsed[f]) {
          conversions.put(FORMATS[f], new ActivationConversionCost(s.conversionOverheads[f], s.conversionPerValue[f]));
        }
      }
      double denseOverhead = kindUsed[0] ? s.overheads[0] : base.layerOverheadSeconds();
      return new DeviceProfile(base.id(), base.name(), base.deviceClass(), base.ramBytes(), base.storageBytes(), base.weightsInRam(),
          base.bandwidthBytesPerSecond(), base.peakMacsPerSecond(), efficiency, s.memoryEfficiency, true, denseOverhead, kinds, conversions,
          base.weightPrecisions(), base.storageFormats(), base.unpacksWeights(), base.sparseCompute(), base.csrIndexBits(), base.joulesPerMac(),
          base.joulesPerByte(), base.power(), base.constraints(), base.objective(), base.source(), base.sourceSha256());
    }

    List<String> fittedTerms() {
      List<String> names = new ArrayList<>();
      names.add("efficiency.compute." + precision);
      names.add("efficiency.memory");
      if (kindUsed[0]) {
        names.add("layer-overhead-seconds");
      }
      for (int k = 1; k < KINDS.length; k++) {
        if (kindUsed[k]) {
          names.add("layer-kinds." + KINDS[k]);
        }
      }
      for (int f = 0; f < FORMATS.length; f++) {
        if (formatUsed[f]) {
          names.add("activation-conversion." + FORMATS[f]);
        }
      }
      return names;
    }
  }
}
