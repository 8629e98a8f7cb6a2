package io.edgesweep.pipeline;

import java.io.Serializable;
import org.apache.beam.sdk.util.SerializableUtils;

/**
 * Links the native code that building and translating a Beam pipeline first calls, before
 * PyTorch's libraries start loading on another thread.
 *
 * <p>glibc's dynamic linker holds one process-wide lock while it loads a library and runs its
 * constructors, about a second for libtorch (its operator registry), and the JVM looks up a native
 * method's symbol under that same lock the first time any thread calls the method. A first run of
 * sweeps/fashion-mlp-bench.yaml showed the main thread, building the pipeline while the engine
 * loaded, stopped twice for most of that second: in Java serialization's first use
 * ({@code ObjectStreamClass}'s native set-up, for the {@code Create} elements) and in Snappy's
 * library load (Beam compresses every DoFn it clones with it). Calling both here first, on the
 * loading thread, leaves nothing for the main thread to wait for there.
 */
final class NativeLinksFirst {
  private NativeLinksFirst() {}

  /**
   * Serializes and restores one object the way Beam clones a DoFn: Java serialization inside
   * Snappy, of a class without a serialVersionUID (whose default one a native method computes).
   */
  static void link() {
    SerializableUtils.clone(new Probe());
  }

  /** Shaped like a DoFn to Java serialization: no serialVersionUID, a few kinds of field. */
  @SuppressWarnings("serial")
  private static final class Probe implements Serializable {
    private final int count = 1;
    private final float[] values = {1f};
    private final String name = "probe";
  }
}
