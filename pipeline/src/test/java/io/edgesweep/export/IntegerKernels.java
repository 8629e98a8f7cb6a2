package io.edgesweep.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * How far ONNX Runtime's 8-bit kernels may move a quantized model's accuracy on this CPU, for
 * tests that compare them with the sweep.
 *
 * <p>Where the CPU has VNNI (AVX-512 VNNI or AVX-VNNI), the runtime's u8×s8 products are exact and
 * only the int32 bias rounding and requantization move a few activation codes by one step: 0.1
 * point on the test models (1 of 1,000 images). On x86-64 without VNNI the runtime uses
 * VPMADDUBSW, whose 16-bit pair sums saturate (ONNX Runtime's documentation, "Quantize ONNX
 * models", section "When and why do I need to try U8U8?"); seen here on a first-generation Zen
 * EPYC: 0.5 point on the same models. Tests keep 0.1 point where saturation cannot happen.
 */
public final class IntegerKernels {
  private IntegerKernels() {}

  /** The largest accuracy difference allowed between the runtime's integer kernels and the sweep. */
  public static double tolerance() {
    return (saturationPossible() ? 0.01 : 0.001) + 1e-12;
  }

  /** True on an x86-64 CPU with AVX2 and no VNNI, as /proc/cpuinfo lists its flags. */
  public static boolean saturationPossible() {
    Set<String> flags = cpuFlags();
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
      // Not Linux: no saturation assumed, the strict tolerance applies.
    }
    return Set.of();
  }
}
