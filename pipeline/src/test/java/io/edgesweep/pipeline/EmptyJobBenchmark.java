package io.edgesweep.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * A runner's fixed cost: a job of the sweep's shape (a singleton side input, three stages each
 * behind a Reshuffle, 48 elements) whose stages do nothing, on embedded Flink and on the
 * DirectRunner, alternated; what is left of a sweep's job time over the plain loop beyond this is
 * per-element or per-stage cost (bench/compare-runners.sh).
 *
 * <p>A compiled class (in the test sources, never run as a test), not a single-file program: the
 * embedded Flink loads the job's DoFns from the class path. Usage: {@code java -cp
 * CP:pipeline/target/test-classes io.edgesweep.pipeline.EmptyJobBenchmark [rounds]}.
 */
public final class EmptyJobBenchmark {
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<Double> flink = new ArrayList<>();
    List<Double> direct = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      flink.add(run(EmbeddedFlink.options(2).toArray(String[]::new)));
      direct.add(run("--runner=DirectRunner", "--targetParallelism=2"));
    }
    System.out.printf("empty job of the sweep's shape, seconds per run: flink-local %s, direct %s%n", flink, direct);
    System.out.printf("best: flink-local %.2f s, direct %.2f s%n",
        flink.stream().mapToDouble(d -> d).min().orElse(0), direct.stream().mapToDouble(d -> d).min().orElse(0));
  }

  /** A stage that does nothing but read the side input, as every sweep stage does. */
  static final class AddSide extends DoFn<Integer, Integer> {
    private final PCollectionView<Integer> side;

    AddSide(PCollectionView<Integer> side) {
      this.side = side;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      context.output(context.element() + context.sideInput(side));
    }
  }

  private static double run(String... args) {
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args).create();
    Pipeline p = Pipeline.create(options);
    PCollectionView<Integer> side = p.apply("Side", Create.of(1)).apply(View.asSingleton());
    List<Integer> elements = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      elements.add(i);
    }
    PCollection<Integer> c = p.apply("Elements", Create.of(elements));
    for (String stage : List.of("A", "B", "C")) {
      c = c.apply(stage + "Spread", Reshuffle.viaRandomKey()).apply(stage, ParDo.of(new AddSide(side)).withSideInputs(side));
    }
    long start = System.nanoTime();
    p.run().waitUntilFinish();
    return Math.round((System.nanoTime() - start) / 1e7) / 100.0;
  }
}
