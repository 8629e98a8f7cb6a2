package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.construction.PipelineOptionsTranslation;
import org.junit.jupiter.api.Test;

class SweepOptionsParserTest {
  private static final String[] OWN = {
      "--spec=sweeps/demo.yaml", "--out=/tmp/o", "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=3",
      "--maxBundleSize=7", "--djlThreads=1", "--trainTogether=false", "--jobName=edgesweep-demo", "--fasterCopy"};

  @Test
  void tellsTheSweepsOwnPropertiesFromOthers() {
    assertThat(SweepOptionsParser.namesOwnProperty("--spec=x.yaml")).isTrue();
    assertThat(SweepOptionsParser.namesOwnProperty("--runner=FlinkRunner")).isTrue(); // PipelineOptions
    assertThat(SweepOptionsParser.namesOwnProperty("--maxBundleSize=1")).isTrue(); // FlinkPipelineOptions
    assertThat(SweepOptionsParser.namesOwnProperty("--fasterCopy")).isTrue(); // a flag, no value
    assertThat(SweepOptionsParser.namesOwnProperty("--targetParallelism=2")).isFalse(); // DirectOptions
    assertThat(SweepOptionsParser.namesOwnProperty("--project=p")).isFalse(); // GcpOptions
    assertThat(SweepOptionsParser.namesOwnProperty("--help")).isFalse();
    assertThat(SweepOptionsParser.namesOwnProperty("spec=x.yaml")).isFalse();
    assertThat(SweepOptionsParser.namesOwnProperty("--Spec=x.yaml")).isFalse();
  }

  @Test
  void theSweepsOwnArgumentsLeaveTheOtherRegistrarsOutAndParseAsWithAllOfThem() throws Exception {
    SweepOptions own = SweepOptionsParser.parse(OWN);
    assertThat(registered()).containsExactly(SweepOptions.class.getName());
    ObjectNode ownJson = settings(own);

    PipelineOptionsFactory.resetCache(); // every registrar on the class path, as Beam does by itself
    PipelineOptionsFactory.register(SweepOptions.class);
    assertThat(registered()).contains("org.apache.beam.runners.direct.DirectOptions", "org.apache.beam.sdk.options.StreamingOptions");
    SweepOptions whole = PipelineOptionsFactory.fromArgs(OWN).withValidation().as(SweepOptions.class);

    assertThat(ownJson).isEqualTo(settings(whole));
    assertThat(ownJson.get("beam:option:max_bundle_size:v1").asLong()).isEqualTo(7L);
    assertThat(own.getRunner()).isEqualTo(FlinkRunner.class);
    assertThat(own.getParallelism()).isEqualTo(3);
    assertThat(own.getMaxBundleSize()).isEqualTo(7L);
    assertThat(own.getFasterCopy()).isTrue();
    assertThat(own.getSpec()).isEqualTo("sweeps/demo.yaml");
  }

  @Test
  void anotherInterfacesOptionGetsTheWholeRegistryThenTheOwnOnlyOneAgain() {
    SweepOptionsParser.parse(OWN);
    SweepOptions direct = SweepOptionsParser.parse("--spec=s.yaml", "--runner=DirectRunner", "--targetParallelism=5");
    assertThat(registered()).contains("org.apache.beam.runners.direct.DirectOptions");
    assertThat(direct.toString()).contains("targetParallelism: 5");

    SweepOptionsParser.parse(OWN);
    assertThat(registered()).containsExactly(SweepOptions.class.getName());
  }

  @Test
  void anUnknownOptionIsStillRefusedByName() {
    assertThatThrownBy(() -> SweepOptionsParser.parse("--spec=s.yaml", "--noSuchOption=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("noSuchOption");
  }

  /** The options as Beam ships them to the workers, less the instance's serial number and the calling class's name. */
  private static ObjectNode settings(SweepOptions options) throws Exception {
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(PipelineOptionsTranslation.toJson(options));
    json.remove(List.of("beam:option:options_id:v1", "beam:option:app_name:v1"));
    return json;
  }

  private static Set<String> registered() {
    return PipelineOptionsFactory.getRegisteredOptions().stream().map(Class::getName).collect(Collectors.toSet());
  }
}
