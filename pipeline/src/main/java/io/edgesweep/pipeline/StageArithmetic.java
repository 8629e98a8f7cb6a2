package io.edgesweep.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each stage's model arithmetic and its rate: GFLOP, then GFLOP per CPU-second of the stage's
 * task threads and, where the run recorded CPU use per stage (the runners in this process), per
 * CPU-second of the whole process while the stage ran.
 *
 * <p>Why two rates: the first is the stage's own efficiency, the figure to set beside a
 * one-thread PyTorch script's (bench/pytorch_reference.py prints its GFLOP/s per stage, counted
 * the same way); the second charges the stage with everything the process did meanwhile, the JIT
 * compiler, the collector, Flink's threads and libtorch's worker threads when a stage uses several
 * cores, which is what the stage cost the machine.
 */
final class StageArithmetic {
  private StageArithmetic() {}

  /** One console line, or null when no stage did model arithmetic (every stage reused). */
  static String describe(StageTimes times, CpuTimeline cpu) {
    List<String> parts = new ArrayList<>();
    Map<String, CpuTimeline.Share> shares = shares(cpu);
    times.stages().forEach((stage, t) -> {
      if (t.flop() <= 0) {
        return;
      }
      String part = String.format(Locale.ROOT, "%s %.1f at %.1f", stage, t.gflop(), t.gflopPerCpuSecond());
      parts.add(cpu == null ? part : part + String.format(Locale.ROOT, "/%.1f", processRate(t, shares.get(stage))));
    });
    if (parts.isEmpty()) {
      return null;
    }
    return "model arithmetic per stage (GFLOP at GFLOP/s per CPU-second of its task threads"
        + (cpu == null ? "" : " / of the process while it ran") + "): " + String.join(", ", parts);
  }

  /** Adds gflop_per_cpu_second, per process CPU-second, to each stage of run.json's stage_cpu_use that did arithmetic. */
  static void writeTo(StageTimes times, CpuTimeline cpu, ObjectNode cpuUseStages) {
    Map<String, CpuTimeline.Share> shares = shares(cpu);
    times.stages().forEach((stage, t) -> {
      double rate = processRate(t, shares.get(stage));
      if (t.flop() > 0 && cpuUseStages.get(stage) instanceof ObjectNode node && Double.isFinite(rate)) {
        node.put("gflop_per_cpu_second", rate);
      }
    });
  }

  private static Map<String, CpuTimeline.Share> shares(CpuTimeline cpu) {
    return cpu == null ? Map.of() : cpu.shares();
  }

  private static double processRate(StageTimes.Time t, CpuTimeline.Share share) {
    return share == null || share.cpuSeconds() <= 0 ? Double.NaN : t.gflop() / share.cpuSeconds();
  }
}
