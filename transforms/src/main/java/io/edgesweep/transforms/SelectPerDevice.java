package io.edgesweep.transforms;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;

/**
 * Gathers every variant's result in one place and picks a variant per device.
 *
 * <p>Selection needs all variants at once (a Pareto front is a property of the whole set), so
 * the results meet under one key; they are small (metrics, no weights).
 */
public final class SelectPerDevice extends PTransform<PCollection<VariantResult>, PCollection<SweepOutcome>> {
  private final SweepSettings settings;

  public SelectPerDevice(SweepSettings settings) {
    this.settings = settings;
  }

  @Override
  public PCollection<SweepOutcome> expand(PCollection<VariantResult> results) {
    return results
        .apply("KeyAllVariantsAlike", WithKeys.of("all"))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), JavaObjectCoder.of(VariantResult.class)))
        .apply("GatherVariants", GroupByKey.create())
        .apply("Variants", Values.create())
        .apply("PickPerDevice", ParDo.of(new SelectFn(settings)))
        .setCoder(JavaObjectCoder.of(SweepOutcome.class));
  }

  static final class SelectFn extends DoFn<Iterable<VariantResult>, SweepOutcome> {
    private final SweepSettings settings;
    private transient DeviceSelections selections;

    SelectFn(SweepSettings settings) {
      this.settings = settings;
    }

    @Setup
    public void setup() {
      selections = new DeviceSelections(settings);
    }

    @ProcessElement
    public void process(@Element Iterable<VariantResult> results, OutputReceiver<SweepOutcome> out) throws Exception {
      out.output(StageClock.time(StageClock.SELECT, () -> selections.select(results)));
    }
  }
}
