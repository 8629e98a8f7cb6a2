package io.edgesweep.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets up DJL's PyTorch engine for the calling thread: offline, a fixed intra-op thread count,
 * and no autograd outside a training step.
 *
 * <p>Both settings are per thread in PyTorch: OpenMP's thread count ({@code
 * omp_set_num_threads}) and grad mode are thread-local, and a Java thread that never set them gets
 * the defaults (all cores; autograd on), whatever another thread chose. Beam and Flink run stages
 * on threads of their own, so every entry point that runs a model calls {@link
 * #ensureConfigured()} on its own thread.
 *
 * <p>The thread count is a result-affecting setting (a reduction split over more threads adds in
 * another order), so it comes from one place: the system property {@code edgesweep.threads}, set
 * by the command line or by a runner from its slot count, default 1. One thread per task slot is
 * also the fastest layout for these small models on a few cores.
 */
public final class TorchRuntime {
  public static final String THREADS_PROPERTY = "edgesweep.threads";
  private static volatile boolean engineLoaded;

  private TorchRuntime() {}

  /** Loads the engine once per JVM and sets this thread's thread count and grad mode. */
  public static void ensureConfigured() {
    loadEngine();
    JniUtils.setNumThreads(threads());
    // Grad mode is on by default; DJL switches it off only on the thread that loaded the engine.
    // A training step switches it on for its own scope (GradientScope).
    JniUtils.setGradMode(false);
  }

  /** The intra-op thread count every model-running thread of this JVM uses. */
  public static int threads() {
    return Math.max(1, Integer.getInteger(THREADS_PROPERTY, 1));
  }

  /** Changes the thread count for this JVM; each thread picks it up at its next model. */
  public static void setThreads(int threads) {
    System.setProperty(THREADS_PROPERTY, Integer.toString(Math.max(1, threads)));
    ensureConfigured();
  }

  private static synchronized void loadEngine() {
    if (engineLoaded) {
      return;
    }
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    Engine.getEngine("PyTorch");
    engineLoaded = true;
  }
}
