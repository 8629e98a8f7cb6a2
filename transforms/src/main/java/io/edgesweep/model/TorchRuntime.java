package io.edgesweep.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets up DJL's PyTorch engine once per JVM: offline, and with a fixed number of intra-op threads.
 *
 * <p>The thread count is a result-affecting setting (a reduction split over more threads adds in
 * another order), so it comes from one place: the system property {@code edgesweep.threads}, set
 * by the command line or by a runner from its slot count, default 1. One thread per task slot is
 * also the fastest layout for these small models on a few cores.
 */
public final class TorchRuntime {
  public static final String THREADS_PROPERTY = "edgesweep.threads";
  private static volatile boolean configured;

  private TorchRuntime() {}

  public static void ensureConfigured() {
    configureOnce();
    // PyTorch's grad mode is per thread and on by default; DJL switches it off only on the thread
    // that loaded the engine. Every thread that runs models here starts without autograd, as an
    // inference thread should; a training step switches it on for its own scope (GradientScope).
    JniUtils.setGradMode(false);
  }

  private static synchronized void configureOnce() {
    if (configured) {
      return;
    }
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    int threads = Integer.getInteger(THREADS_PROPERTY, 1);
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(Math.max(1, threads));
    configured = true;
  }

  /** Changes the intra-op thread count for this JVM (takes effect for later operations). */
  public static synchronized void setThreads(int threads) {
    System.setProperty(THREADS_PROPERTY, Integer.toString(Math.max(1, threads)));
    configured = false;
    configureOnce();
  }

  /** The seed for DJL's own random draws; edgesweep initializes weights in Java, so this is belt and braces. */
  public static void seed(long seed) {
    ensureConfigured();
    Engine.getEngine("PyTorch").setRandomSeed((int) seed);
  }
}
