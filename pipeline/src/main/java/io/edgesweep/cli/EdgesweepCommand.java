package io.edgesweep.cli;

import picocli.CommandLine.Command;

/** The top-level command; it only groups the subcommands. */
@Command(
    name = "edgesweep",
    mixinStandardHelpOptions = true,
    version = EdgesweepCommand.VERSION,
    description = EdgesweepCommand.DESCRIPTION,
    subcommands = {
      DatasetsCommand.class,
      TrainTeacherCommand.class,
      ImportTorchScriptCommand.class,
      ImportOnnxCommand.class,
      SweepCommand.class,
      DistillTableCommand.class,
      CompressTableCommand.class,
      ClusterCommand.class,
      ReportCommand.class,
      PickCommand.class,
      RunBundleCommand.class,
      ExportCommand.class,
      RunOnnxCommand.class,
      ProfileHostCommand.class,
      StoreCommand.class,
      picocli.CommandLine.HelpCommand.class
    })
public final class EdgesweepCommand extends TopLevelCommand {
  static final String VERSION = "edgesweep 0.1.0";
  static final String DESCRIPTION = "Sweeps distillation, pruning and quantization of one classifier and picks a model per device class.";

  /** The same top-level command with the sweep subcommand alone, for {@code edgesweep sweep ...} ({@link Main}). */
  @Command(name = "edgesweep", mixinStandardHelpOptions = true, version = VERSION, description = DESCRIPTION,
      subcommands = SweepCommand.class)
  static final class SweepOnly extends TopLevelCommand {}
}
