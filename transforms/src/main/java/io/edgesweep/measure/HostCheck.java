package io.edgesweep.measure;

import io.edgesweep.evaluate.CostModel;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.EfficiencyFit;
import io.edgesweep.evaluate.HostProfileFile;
import io.edgesweep.evaluate.LatencySamples;
import io.edgesweep.evaluate.ModelFootprint;
import io.edgesweep.model.ModelArtifact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Function;

/**
 * The host check: time the variants, fit the host profile to the timings, and estimate every
 * timing twice, once by the fit to everything and once by a fit that never saw that variant.
 *
 * <p>The in-sample error says how well the model's form can describe this machine; the held-out
 * error (leave one variant out, all its batch sizes together) says how well a fitted profile
 * predicts a variant it was not fitted to, which is the use a sweep makes of it. Only the second
 * is evidence that the estimates can be trusted.
 */
public final class HostCheck {
  /** The error band the check counts estimates within: ±25%. */
  public static final double TOLERANCE = 0.25;

  private HostCheck() {}

  /** One teacher's variants, under the model name the table shows. */
  public record Family(String model, List<HostVariants.Variant> variants) {}

  /**
   * One measured (variant, batch) and its estimates.
   *
   * @param fittedMs the estimate of the profile fitted to all rows, as written to the file
   * @param heldOutMs the estimate of a profile fitted to every variant but this one
   * @param familyHeldOutMs the estimate of a profile fitted to every other family (teacher and
   *     its variants), which never saw this architecture or anything derived from it
   * @param previousMs the estimate of the profile as it was before this fit
   */
  public record Row(String model, String variant, HostVariants.Kind kind, int batch, LatencySamples measured, RowFigure figure, double fittedMs,
      double heldOutMs, double familyHeldOutMs, double previousMs) {

    public double fittedError() {
      return fittedMs / figure.ms() - 1;
    }

    public double heldOutError() {
      return heldOutMs / figure.ms() - 1;
    }

    public double familyHeldOutError() {
      return familyHeldOutMs / figure.ms() - 1;
    }

    public double previousError() {
      return previousMs / figure.ms() - 1;
    }
  }

  /**
   * Everything the check produced.
   *
   * @param fit the fit to all rows; {@code fit.profile()} at full precision
   * @param profile the fitted profile as it would be written ({@link HostProfileFile#asWritten})
   * @param measurement the raw timing run (load averages, threads, wall time)
   * @param verdict whether the machine was quiet enough for the figures to mean anything
   */
  public record Result(List<Row> rows, EfficiencyFit.Result fit, DeviceProfile profile, DeviceProfile previous,
      LatencyMeter.Run measurement, MachineVerdict verdict) {
    public Result {
      rows = List.copyOf(rows);
    }

    public long heldOutWithin() {
      return rows.stream().filter(r -> Math.abs(r.heldOutError()) <= TOLERANCE).count();
    }

    /** Rows whose figure can be judged: neither too noisy nor too disturbed. */
    public List<Row> reliableRows() {
      return rows.stream().filter(r -> !r.figure().unreliable()).toList();
    }

    /** Reliable rows within ±25% held out. */
    public long reliableHeldOutWithin() {
      return reliableRows().stream().filter(r -> Math.abs(r.heldOutError()) <= TOLERANCE).count();
    }

    public long fittedWithin() {
      return rows.stream().filter(r -> Math.abs(r.fittedError()) <= TOLERANCE).count();
    }

    /** Rows within ±25% when their whole family is left out; 0 when there is only one family. */
    public long familyHeldOutWithin() {
      return rows.stream().filter(r -> Math.abs(r.familyHeldOutError()) <= TOLERANCE).count();
    }

    public long previousWithin() {
      return rows.stream().filter(r -> Math.abs(r.previousError()) <= TOLERANCE).count();
    }

    /** The held-out share of rows within ±25%, in [0, 1]. */
    public double heldOutShare() {
      return rows.isEmpty() ? 0 : (double) heldOutWithin() / rows.size();
    }
  }

  /**
   * Times every variant of every family, fits {@code base} to each row's figure (the statistic of
   * its undisturbed calls) and estimates each row.
   *
   * @param footprints the cost model's view of a stored model, as the sweep computes it
   */
  public static Result run(List<Family> families, DeviceProfile base, LatencyMeter.Settings settings, LatencyStatistic statistic,
      Function<ModelArtifact, ModelFootprint> footprints, LatencyMeter.Progress progress) {
    List<LatencyMeter.Subject> subjects = new ArrayList<>();
    List<String[]> names = new ArrayList<>();
    List<HostVariants.Kind> kinds = new ArrayList<>();
    List<ModelFootprint> prints = new ArrayList<>();
    for (Family family : families) {
      for (HostVariants.Variant v : family.variants()) {
        String label = family.model() + " " + v.label();
        subjects.add(new LatencyMeter.Subject(label, v.model()));
        names.add(new String[] {family.model(), v.label()});
        kinds.add(v.kind());
        prints.add(footprints.apply(v.model()));
      }
    }
    LatencyMeter.Run run = LatencyMeter.measure(subjects, settings, progress);

    // Timings come back subject by subject, batch by batch.
    List<EfficiencyFit.Observation> observations = new ArrayList<>();
    List<Integer> subjectOf = new ArrayList<>();
    List<RowFigure> figures = new ArrayList<>();
    int index = 0;
    for (int s = 0; s < subjects.size(); s++) {
      for (int b = 0; b < settings.batches().size(); b++) {
        LatencyMeter.Timing t = run.timings().get(index);
        RowFigure figure = RowFigure.of(t.samples(), t.undisturbed(), statistic, settings.seed() * 7919 + index);
        index++;
        figures.add(figure);
        observations.add(new EfficiencyFit.Observation(t.label(), prints.get(s), t.batch(), figure.ms() / 1e3));
        subjectOf.add(s);
      }
    }
    MachineVerdict verdict = MachineVerdict.judge(figures, run.meanLoad(), settings.threads(), Runtime.getRuntime().availableProcessors());
    // Unreliable rows (too noisy, or measured mostly while the thread lost its core) are not
    // fitted: every estimate of them comes from a fit that never saw them.
    List<Integer> fittedRows = new ArrayList<>();
    for (int i = 0; i < observations.size(); i++) {
      if (!figures.get(i).unreliable()) {
        fittedRows.add(i);
      }
    }
    if (fittedRows.stream().map(i -> observations.get(i).variant()).distinct().count() < 2) {
      fittedRows.clear();
      for (int i = 0; i < observations.size(); i++) {
        fittedRows.add(i);
      }
    }
    List<EfficiencyFit.Observation> fitted = fittedRows.stream().map(observations::get).toList();
    EfficiencyFit.Result fit = EfficiencyFit.fit(fitted, base);
    DeviceProfile written = HostProfileFile.asWritten(fit.profile());
    Map<String, String> familyOf = new HashMap<>();
    for (int i = 0; i < observations.size(); i++) {
      familyOf.put(observations.get(i).variant(), names.get(subjectOf.get(i))[0]);
    }
    double[] heldOutFitted = EfficiencyFit.leaveOneVariantOut(fitted, base);
    boolean severalFamilies = fitted.stream().map(o -> familyOf.get(o.variant())).distinct().count() >= 2;
    double[] familyFitted = families.size() < 2 || !severalFamilies ? new double[fitted.size()]
        : EfficiencyFit.leaveGroupsOut(fitted, base, o -> familyOf.get(o.variant()));
    double[] heldOut = new double[observations.size()];
    double[] familyHeldOut = new double[observations.size()];
    for (int i = 0; i < observations.size(); i++) {
      EfficiencyFit.Observation o = observations.get(i);
      double never = CostModel.estimate(o.footprint(), written, o.batch()).latencySeconds();
      heldOut[i] = never;
      familyHeldOut[i] = families.size() < 2 ? 0 : never;
    }
    for (int k = 0; k < fittedRows.size(); k++) {
      heldOut[fittedRows.get(k)] = heldOutFitted[k];
      familyHeldOut[fittedRows.get(k)] = familyFitted[k];
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < observations.size(); i++) {
      EfficiencyFit.Observation o = observations.get(i);
      int s = subjectOf.get(i);
      rows.add(new Row(names.get(s)[0], names.get(s)[1], kinds.get(s), o.batch(), run.timings().get(i).samples(), figures.get(i),
          CostModel.estimate(o.footprint(), written, o.batch()).latencyMs(), heldOut[i] * 1e3, familyHeldOut[i] * 1e3,
          CostModel.estimate(o.footprint(), base, o.batch()).latencyMs()));
    }
    return new Result(rows, fit, written, base, run, verdict);
  }
}
