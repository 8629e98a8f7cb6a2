package io.edgesweep.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * How far ONNX Runtime's 8-bit kernels may move a quantized model's accuracy from the sweep's on
 * this CPU: what {@code run-onnx} and the tests allow for models with integer activations.
 *
 * <p>Where the CPU has VNNI (AVX-512 VNNI or AVX-VNNI), or is not x86, the runtime's 8-bit products
 * are exact and only the int32 bias rounding and requantization move a few activation codes by one
 * step: 0.1 point on the test models (1 of 1,000 images). On x86-64 with AVX2 and no VNNI the
 * runtime multiplies u8×s8 with VPMADDUBSW, whose 16-bit pair sums saturate (ONNX Runtime's
 * documentation, "Quantize ONNX models", section "When and why do I need to try U8U8?"); measured
 * on a first-generation Zen EPYC: 0.5 and 1.0 point on two of the same models, so 2 points are allowed there.
 */
public final class IntegerKernels {
  private IntegerKernels() {}

  /** The largest accuracy difference allowed between the runtime's integer kernels and the sweep, on this CPU. */
  public static double tolerance() {
    return tolerance(saturationPossible());
  }

  static double tolerance(boolean saturationPossible) {
    return saturationPossible ? 0.02 : 0.001;
  }

  /** Why the accuracy may differ, for a message. */
  public static String why() {
    return saturationPossible()
        ? "integer activations on a CPU without VNNI: ONNX Runtime's 8-bit products may saturate (VPMADDUBSW), besides its int32 "
            + "biases and integer kernels rounding differently from the sweep's float simulation; docs/export.md"
        : "integer activations: the runtime's int32 biases and integer kernels round differently from the sweep's float simulation; "
            + "docs/export.md";
  }

  /** True on an x86-64 CPU with AVX2 and no VNNI, as /proc/cpuinfo lists its flags (false where it cannot be read). */
  public static boolean saturationPossible() {
    return ThisCpu.SATURATION_POSSIBLE;
  }

  /** This machine's answer, read from /proc/cpuinfo once. */
  private static final class ThisCpu {
    static final boolean SATURATION_POSSIBLE = saturationPossible(cpuFlags());
  }

  static boolean saturationPossible(Set<String> flags) {
    return flags.contains("avx2") && !flags.contains("avx512_vnni") && !flags.contains("avx_vnni");
  }

  private static Set<String> cpuFlags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          return Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
        }
      }
    } catch (IOException e) {
      // Not Linux: no flags, the strict tolerance applies.
    }
    return Set.of();
  }
}
