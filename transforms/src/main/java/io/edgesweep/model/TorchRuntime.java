package io.edgesweep.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>Or the JVM's cores are shared among the stage tasks running in it ({@link #shareCores}): each
 * task thread uses cores / running tasks threads, so a stage with fewer tasks than task slots (the
 * teacher's logits, the last distillation, the test split) still uses every core that other
 * processes leave free ({@link FreeCores}). Long work calls
 * {@link #followRunningTasks()} between steps to follow tasks starting and ending. The thread
 * count must not change results, and out of the box it does: MKL, which does libtorch's matrix
 * products, partitions some of them by thread count, so the same model trained with 2 threads
 * differs in the last bits from 1 thread. Loading the engine therefore switches MKL to strict
 * conditional numerical reproducibility on the code path it would choose anyway ({@code
 * mkl_cbwr_set(auto branch | STRICT)}, what {@code MKL_CBWR=AUTO,STRICT} does), under which
 * products give the same bits for any thread count; the one-thread results stay what they were.
 * Convolutions (oneDNN) still reduce their weight gradients per thread, so training a model with
 * other layers than dense ones keeps the fixed count ({@link #fixedThreadsFor}); inference gives
 * the same bits with any count (TorchThreadsTest). Where MKL's switch is not available (a libtorch
 * without MKL), cores are not shared at all.
 *
 * <p>MKL takes the switch only before its first product: once any code of the JVM ran one (a test,
 * a user's own DJL code, a library touching the engine before edgesweep), it refuses, and results
 * depend on the thread count again. So the launchers set {@value #MKL_CBWR_VARIABLE}{@code
 * =}{@value #MKL_CBWR_VALUE} in the environment, which MKL reads on its own at its first call,
 * whoever makes it (bin/edgesweep, the local cluster's JVMs, the build's test JVMs); the switch
 * here covers a JVM started otherwise, and where neither took effect a warning says so once.
 */
public final class TorchRuntime {
  public static final String THREADS_PROPERTY = "edgesweep.threads";
  /** The environment variable MKL reads its reproducibility mode from at its first call. */
  public static final String MKL_CBWR_VARIABLE = "MKL_CBWR";
  /** Strict reproducibility on the code path MKL would choose anyway (what the switch here sets). */
  public static final String MKL_CBWR_VALUE = "AUTO,STRICT";
  /**
   * The environment variable that caps oneDNN's instruction set, read at its first convolution: the
   * launchers set it to {@value #ONEDNN_ISA_VALUE}, since oneDNN 3.7.1's AVX2 and AVX-512 kernels gave
   * wrong logits (NaN at times) on a Zen 5 EPYC for convolutions whose channel counts are off their
   * blocks (StructuredPruningGraphTest), as structured pruning makes them.
   */
  public static final String ONEDNN_ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
  public static final String ONEDNN_ISA_VALUE = "SSE41";
  private static final Logger LOG = LoggerFactory.getLogger(TorchRuntime.class);
  private static volatile boolean engineLoaded;
  private static volatile boolean resultsIndependentOfThreads;
  /** Cores shared among running tasks, or 0 for the fixed count of {@link #THREADS_PROPERTY}. */
  private static volatile int sharedCores;
  /** Cores other processes leave free ({@link FreeCores}); replaceable in tests. */
  private static volatile IntSupplier freeCores;
  /** The thread count of work whose results depend on it, while cores are shared. */
  private static volatile int fixedThreads = 1;
  /** Whether this thread runs work that must keep {@link #fixedThreads}. */
  private static final ThreadLocal<int[]> PINNED = ThreadLocal.withInitial(() -> new int[1]);
  /** Whether this thread runs inference that has the machine to itself ({@link #allCoresFor}). */
  private static final ThreadLocal<int[]> ALONE = ThreadLocal.withInitial(() -> new int[1]);
  /** Whether this thread runs inference that takes its share of the cores ({@link #coresShareFor}). */
  private static final ThreadLocal<int[]> SHARING = ThreadLocal.withInitial(() -> new int[1]);
  private static final AtomicInteger RUNNING_TASKS = new AtomicInteger();
  /** The count last set on this thread, so that following the running tasks costs a JNI call only on a change. */
  private static final ThreadLocal<int[]> THREAD_COUNT = ThreadLocal.withInitial(() -> new int[1]);

  private TorchRuntime() {}

  /** Loads the engine once per JVM and sets this thread's thread count and grad mode. */
  public static void ensureConfigured() {
    loadEngine();
    int threads = threads();
    JniUtils.setNumThreads(threads);
    THREAD_COUNT.get()[0] = threads;
    // Grad mode is on by default; DJL switches it off only on the thread that loaded the engine.
    // A training step switches it on for its own scope (GradientScope).
    JniUtils.setGradMode(false);
  }

  /** The intra-op thread count every model-running thread of this JVM uses. */
  public static int threads() {
    if (ALONE.get()[0] > 0) {
      return usable(Runtime.getRuntime().availableProcessors());
    }
    int cores = sharedCores;
    if (cores > 0 && PINNED.get()[0] > 0) {
      return fixedThreads;
    }
    if (cores > 0) {
      return share(usable(cores));
    }
    int configured = Math.max(1, Integer.getInteger(THREADS_PROPERTY, 1));
    if (SHARING.get()[0] > 0) {
      return Math.max(configured, share(usable(Runtime.getRuntime().availableProcessors())));
    }
    return configured;
  }

  /** A running task's share of {@code cores}: never more threads than cores, at least one. */
  private static int share(int cores) {
    return Math.max(1, cores / Math.max(1, RUNNING_TASKS.get()));
  }

  /** Of {@code cores}, those other processes leave free ({@link FreeCores}). */
  private static int usable(int cores) {
    IntSupplier free = freeCores;
    return Math.max(1, free == null ? cores : Math.min(cores, free.getAsInt()));
  }

  /** Changes the thread count for this JVM to a fixed one; each thread picks it up at its next model. */
  public static void setThreads(int threads) {
    sharedCores = 0;
    System.setProperty(THREADS_PROPERTY, Integer.toString(Math.max(1, threads)));
    ensureConfigured();
  }

  /**
   * Shares {@code cores} among the tasks running in this JVM from now on (see the class comment);
   * work whose results depend on the thread count runs with {@code fixed} threads, as does all
   * work where MKL's reproducibility switch is not available.
   */
  public static void shareCores(int cores, int fixed) {
    loadEngine();
    if (!resultsIndependentOfThreads) {
      setThreads(fixed);
      return;
    }
    System.setProperty(THREADS_PROPERTY, Integer.toString(Math.max(1, fixed)));
    fixedThreads = Math.max(1, fixed);
    sharedCores = Math.max(1, cores);
    ensureConfigured();
  }

  /**
   * Keeps this thread at the fixed thread count while it trains {@code architecture}, if training
   * it could give other bits with another count (any layer other than dense: convolution weight
   * gradients are reduced per thread); close to follow the running tasks again. A sweep never gets
   * here with sharing on ({@link #canShareCores}: on a Zen 5 EPYC a thread pinned back gave other
   * bits than one that never changed its count); the pin is for code that shares cores itself.
   */
  public static Pin fixedThreadsFor(Architecture architecture) {
    if (denseOnly(architecture) || sharedCores <= 0) {
      return () -> {};
    }
    return raised(PINNED);
  }

  /**
   * Runs this thread's inference of {@code architecture} on every core of the machine until
   * closed, when nothing else can run meanwhile (the teacher's logits: every stage waits for
   * them) and the result cannot depend on the thread count: a dense-only model (no reduction is
   * split between threads in its forward pass) under MKL's strict mode. Otherwise it keeps the
   * configured count. Cores other processes keep busy are left out, as when cores are shared
   * ({@link FreeCores}): an intra-op thread the OS does not schedule holds up the whole pass.
   */
  public static Pin allCoresFor(Architecture architecture) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (!denseOnly(architecture) || !resultsIndependentOfThreads() || cores <= threads()) {
      return () -> {};
    }
    return raised(ALONE);
  }

  /**
   * Runs this thread's inference of {@code architecture} on its share of the cores (the cores other
   * processes leave free, divided among the stage tasks running in this JVM, never fewer than the
   * configured count) until closed, following tasks starting and ending between batches ({@link
   * #followRunningTasks()}). For inference that runs beside other tasks, unlike {@link
   * #allCoresFor}: the evaluation's tasks, whose last ones would otherwise run alone on one core
   * while the others idle. Only where the result cannot depend on the thread count (a dense-only
   * model under MKL's strict mode); otherwise it keeps the configured count.
   */
  public static Pin coresShareFor(Architecture architecture) {
    if (!denseOnly(architecture) || !resultsIndependentOfThreads()) {
      return () -> {};
    }
    return raised(SHARING);
  }

  /**
   * Raises one of this thread's reasons for another thread count ({@link #threads()} reads them)
   * until closed, setting the count on both changes; the engine is loaded by then.
   */
  private static Pin raised(ThreadLocal<int[]> reason) {
    int[] count = reason.get();
    count[0]++;
    applyThreads();
    return () -> {
      count[0]--;
      applyThreads();
    };
  }

  /**
   * Whether tasks training and running {@code architecture} may share cores ({@link #shareCores}):
   * only models of dense layers. Convolutions (oneDNN) reduce their weight gradients per thread, and
   * on an AVX-512 machine (Zen 5) even a thread pinned back to the fixed count gave other bits than
   * one that never had another count (TorchThreadsTest), so a grid with such a model keeps the
   * fixed count on every thread.
   */
  public static boolean canShareCores(Architecture architecture) {
    return denseOnly(architecture);
  }

  /** Dense, flatten and activation layers only: no op whose results here depend on the thread count. */
  private static boolean denseOnly(Architecture architecture) {
    return !architecture.isTorchScript() && architecture.layers().stream()
        .allMatch(l -> l instanceof Layer.Dense || l instanceof Layer.Flatten || l instanceof Layer.Activation);
  }

  /** A thread kept at the fixed thread count until closed. */
  public interface Pin extends AutoCloseable {
    @Override
    void close();
  }

  /** Whether results do not depend on the thread count here (MKL's strict reproducibility is on). */
  public static boolean resultsIndependentOfThreads() {
    loadEngine();
    return resultsIndependentOfThreads;
  }

  /** Replaces the free-core sampler (tests: a fixed figure instead of this machine's load). */
  static void useFreeCores(IntSupplier free) {
    freeCores = free;
  }

  /** Whether the thread count follows the running tasks ({@link #shareCores}) rather than being fixed. */
  public static boolean sharesCores() {
    return sharedCores > 0;
  }

  /**
   * A stage task starts on this thread; it then uses the configured thread count (or its share of
   * the cores), whatever this pooled thread ran before. Not only model entry points need it: a
   * task's other tensor work (quantizing weights, calibrating activations, pruning thresholds) on
   * a runner thread that never opened a model would run with OpenMP's default of every core, or
   * with what an earlier task left, so its results could depend on which thread took the task.
   */
  public static void taskStarted() {
    RUNNING_TASKS.incrementAndGet();
    ensureConfigured();
  }

  /** The task of this thread has ended. */
  public static void taskEnded() {
    RUNNING_TASKS.decrementAndGet();
  }

  /** Stage tasks running in this JVM. */
  public static int runningTasks() {
    return RUNNING_TASKS.get();
  }

  /**
   * Sets this thread's share of the cores if the running tasks changed it; cheap when nothing
   * changed (no native call), so long work calls it between steps.
   */
  public static void followRunningTasks() {
    if (!engineLoaded || (sharedCores <= 0 && SHARING.get()[0] <= 0)) {
      return;
    }
    applyThreads();
  }

  /** Sets this thread's count to {@link #threads()} if it is not that already (a JNI call only on a change). */
  private static void applyThreads() {
    int threads = threads();
    int[] current = THREAD_COUNT.get();
    if (current[0] != threads) {
      JniUtils.setNumThreads(threads);
      current[0] = threads;
    }
  }

  private static synchronized void loadEngine() {
    if (engineLoaded) {
      return;
    }
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    Engine.getEngine("PyTorch");
    if (freeCores == null) {
      // Sampling starts here, so the figure is measured by the time a task asks for cores.
      freeCores = new FreeCores(Runtime.getRuntime().availableProcessors())::get;
    }
    resultsIndependentOfThreads = strictMklReproducibility();
    if (!resultsIndependentOfThreads) {
      LOG.warn("PyTorch's MKL could not be switched to reproducible results (a matrix product ran in this JVM before "
          + "edgesweep loaded PyTorch, or libtorch has no MKL): results may depend on the thread count; "
          + "start the JVM with {}={} in its environment", MKL_CBWR_VARIABLE, MKL_CBWR_VALUE);
    }
    if (System.getenv(ONEDNN_ISA_VARIABLE) == null) {
      LOG.warn("{} is not set: oneDNN's AVX2/AVX-512 convolutions can give wrong results on some CPUs (see README); "
          + "start the JVM with {}={} in its environment", ONEDNN_ISA_VARIABLE, ONEDNN_ISA_VARIABLE, ONEDNN_ISA_VALUE);
    }
    engineLoaded = true;
  }

  /**
   * Asks libtorch's MKL for strict reproducibility on its automatic code path, before any product
   * runs; false where libtorch has no MKL or MKL refuses (then results may depend on threads).
   */
  private static boolean strictMklReproducibility() {
    int strict = 0x10000; // MKL_CBWR_STRICT (mkl_service.h)
    try {
      NativeLibrary torch = NativeLibrary.getInstance("torch_cpu");
      Function get = torch.getFunction("mkl_serv_cbwr_get");
      int current = get.invokeInt(new Object[] {-1}); // MKL_CBWR_ALL
      if ((current & strict) != 0) {
        return true; // MKL_CBWR=...,STRICT in the environment
      }
      int branch = torch.getFunction("mkl_serv_cbwr_get_auto_branch").invokeInt(new Object[0]);
      int status = torch.getFunction("mkl_serv_cbwr_set").invokeInt(new Object[] {branch | strict});
      return status == 0 && (get.invokeInt(new Object[] {-1}) & strict) != 0;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return false;
    }
  }
}
