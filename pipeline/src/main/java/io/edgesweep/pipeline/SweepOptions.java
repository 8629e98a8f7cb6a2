package io.edgesweep.pipeline;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.Validation;

/**
 * The options of the sweep job: which spec, where results and artifacts go, and how many
 * PyTorch threads each worker uses.
 *
 * <p>Extends Flink's options because Flink is where the job runs (embedded or on a cluster); the
 * DirectRunner ignores the Flink ones.
 */
public interface SweepOptions extends FlinkPipelineOptions {
  @Description("The sweep spec (YAML).")
  @Validation.Required
  String getSpec();

  void setSpec(String spec);

  @Description("Folder under which the run folder <out>/<spec name> is written.")
  @Default.String("runs")
  String getOut();

  void setOut(String out);

  @Description("Content-addressed store of stage outputs (a Beam FileSystems path every worker can reach); "
      + "default <out>/artifacts, shared by all runs under <out>, so re-runs reuse what exists.")
  String getArtifactRoot();

  void setArtifactRoot(String artifactRoot);

  @Description("PyTorch intra-op threads per worker JVM; 0 chooses cores / parallelism, at least 1, "
      + "so that task slots x threads <= cores. Trained weights do not depend on it for dense models (TorchThreadsTest).")
  @Default.Integer(0)
  int getDjlThreads();

  void setDjlThreads(int threads);

  @Description("On a runner in this process with --djlThreads=0: the running tasks share the free cores (each "
      + "cores / running tasks intra-op threads), so stages with fewer tasks than slots use every core.")
  @Default.Boolean(false)
  boolean getShareCores();

  void setShareCores(boolean shareCores);

  @Description("Train the students of one architecture, and the magnitude-pruned fine-tunes of one architecture, "
      + "together in one pass over the data, their first layers as one wide product: the same models bit for bit, "
      + "in fewer tasks. Off by default: measured no faster than one at a time for the benchmark's 784-100-10 students "
      + "at batch 128 (bench/TrainTogetherBenchmark.java).")
  @Default.Boolean(false)
  boolean getTrainTogether();

  void setTrainTogether(boolean trainTogether);

  @Description("Call the stages in a plain loop on this thread instead of running the pipeline (sweep --runner plain): "
      + "the baseline that the runners' own overhead is measured against (bench/run-benchmarks.sh).")
  @Default.Boolean(false)
  @Hidden
  boolean getPlainLoop();

  void setPlainLoop(boolean plainLoop);
}
