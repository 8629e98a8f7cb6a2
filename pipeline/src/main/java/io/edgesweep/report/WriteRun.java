package io.edgesweep.report;

import io.edgesweep.transforms.StageClock;
import io.edgesweep.transforms.SweepOutcome;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes the sweep's outcome into the run's staging folder (a path the worker can write).
 */
public final class WriteRun extends PTransform<PCollection<SweepOutcome>, PDone> {
  private final String stagingFolder;
  private final Map<String, String> metadata;

  public WriteRun(String stagingFolder, Map<String, String> metadata) {
    this.stagingFolder = stagingFolder;
    this.metadata = Map.copyOf(metadata);
  }

  @Override
  public PDone expand(PCollection<SweepOutcome> outcome) {
    outcome.apply("WriteRunFiles", ParDo.of(new WriteRunFn(stagingFolder, metadata)));
    return PDone.in(outcome.getPipeline());
  }

  static final class WriteRunFn extends DoFn<SweepOutcome, Void> {
    private final String stagingFolder;
    private final Map<String, String> metadata;

    WriteRunFn(String stagingFolder, Map<String, String> metadata) {
      this.stagingFolder = stagingFolder;
      this.metadata = metadata;
    }

    @ProcessElement
    public void process(@Element SweepOutcome outcome) throws Exception {
      StageClock.time(StageClock.WRITE, () -> {
        RunFolderFiles.write(outcome, Path.of(stagingFolder), metadata);
        return null;
      });
    }
  }
}
