import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Two pieces of a sweep's start and end, each timed once in a fresh JVM, as a first run meets
 * them: what docs/performance.md ("Beam's options registry, and ONNX Runtime's start") compares.
 * Not a test and not in bench/run-benchmarks.sh: run each mode in its own JVM, alternating, e.g.
 *
 * <pre>
 * cp="pipeline/target/edgesweep-pipeline-0.1.0-SNAPSHOT.jar:$(cat pipeline/target/runtime-classpath.txt)"
 * for i in 1 2 3; do for m in registry-all registry-hidden; do java -cp "$cp" bench/StartPieces.java $m; done; done
 * java -cp "$cp" bench/StartPieces.java ort; java -Donnxruntime.native.path=DIR -cp "$cp" bench/StartPieces.java ort
 * </pre>
 *
 * <p>{@code registry-hidden} hides Beam's options registrars from the registry as the sweep does
 * ({@code SweepOptionsParser}); {@code ort} creates ONNX Runtime's environment, which unpacks its
 * library unless {@code onnxruntime.native.path} names a folder holding it ({@code
 * OnnxRuntimeNatives} keeps one under {@code <tmp>/edgesweep-<user>/}).
 */
public class StartPieces {
  private static final String REGISTRARS = "META-INF/services/org.apache.beam.sdk.options.PipelineOptionsRegistrar";

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    String what = switch (args[0]) {
      case "registry-all", "registry-hidden" -> registry(args[0].endsWith("hidden"));
      case "ort" -> OrtEnvironment.getEnvironment() != null ? "environment, native path " + System.getProperty("onnxruntime.native.path") : "";
      default -> throw new IllegalArgumentException("registry-all, registry-hidden or ort");
    };
    System.out.printf("%s: %.0f ms (%s)%n", args[0], (System.nanoTime() - start) / 1e6, what);
  }

  private static String registry(boolean hidden) {
    Thread thread = Thread.currentThread();
    ClassLoader own = thread.getContextClassLoader();
    if (hidden) {
      thread.setContextClassLoader(new ClassLoader(own) {
        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
          return name.equals(REGISTRARS) ? Collections.emptyEnumeration() : super.getResources(name);
        }
      });
    }
    PipelineOptionsFactory.register(FlinkPipelineOptions.class);
    thread.setContextClassLoader(own);
    FlinkPipelineOptions options = PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--parallelism=2", "--fasterCopy=true")
        .withValidation().as(FlinkPipelineOptions.class);
    return PipelineOptionsFactory.getRegisteredOptions().size() + " interfaces registered, runner " + options.getRunner().getSimpleName();
  }

}
