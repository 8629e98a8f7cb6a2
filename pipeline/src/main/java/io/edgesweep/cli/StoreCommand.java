package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
import io.edgesweep.pipeline.OutputLocations;
import io.edgesweep.pipeline.RunLog;
import io.edgesweep.pipeline.RunReferences;
import io.edgesweep.report.RunFolderSwap;
import io.edgesweep.report.Units;
import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.CorruptEntryException;
import io.edgesweep.transforms.StoreCleanup;
import io.edgesweep.transforms.StoreInspection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep store verify|gc}: checks an artifact store, and removes what no run needs. */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = "Check the artifact store (verify) or remove what no run needs (gc).",
    subcommands = {StoreCommand.Verify.class, StoreCommand.Gc.class})
public final class StoreCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Which store, shared by both subcommands. */
  static final class StoreOption {
    @Option(names = "--artifact-root", description = "The artifact store. Default: runs/artifacts.")
    String artifactRoot;

    ArtifactStore open() {
      String root = artifactRoot != null ? artifactRoot : Path.of("runs", OutputLocations.DEFAULT_STORE).toString();
      Path local = ArtifactStore.localPath(root);
      if (local != null && !Files.isDirectory(local)) {
        throw new InvalidInputException("--artifact-root", null, root + " is not a folder");
      }
      return new ArtifactStore(root);
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Read every entry of the store and check it against its hashes. Exits 1 when an entry is corrupt,",
          "0 otherwise (incomplete entries and temporary files are harmless: they are never used; store gc removes them)."})
  static final class Verify implements Callable<Integer> {
    @picocli.CommandLine.Mixin StoreOption store;

    @Option(names = "--quarantine", description = "Move corrupt entries to <store>/.quarantine/, so the next sweep computes them again.")
    boolean quarantine;

    @Override
    public Integer call() throws Exception {
      ArtifactStore opened = store.open();
      StoreInspection inspection = StoreInspection.of(opened);
      inspection.describe(opened.root()).forEach(System.out::println);
      if (quarantine) {
        for (Map.Entry<String, CorruptEntryException> e : inspection.corrupt().entrySet()) {
          String[] kindKey = e.getKey().split("/", 2);
          System.out.println("moved " + e.getKey() + " to " + opened.quarantine(kindKey[0], kindKey[1], e.getValue()));
        }
      } else if (inspection.hasCorruption()) {
        System.out.println("the next sweep quarantines and recomputes corrupt entries it needs; --quarantine moves them all aside now");
      }
      return inspection.hasCorruption() ? ErrorReporter.FAILED : 0;
    }
  }

  @Command(name = "gc", mixinStandardHelpOptions = true,
      description = {"List, and with --delete remove, what no run needs: entries no run folder under --runs refers to,",
          "incomplete entries, orphaned temporary files and quarantined entries, all older than --older-than.",
          "Without --delete nothing is removed (a dry run)."})
  static final class Gc implements Callable<Integer> {
    private static final Pattern AGE = Pattern.compile("(\\d+)([smhd])");

    @picocli.CommandLine.Mixin StoreOption store;

    @Option(names = "--runs", description = "Folders of run folders whose runs keep their entries (repeatable). Default: the folder that holds the store.")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--older-than", defaultValue = "1h",
        description = "Leave alone whatever changed more recently (a running sweep may be writing it): 30m, 1h, 7d, or 0s. Default: ${DEFAULT-VALUE}.")
    String olderThan;

    @Option(names = "--delete", description = "Remove what is listed (without it, gc only lists).")
    boolean delete;

    @Override
    public Integer call() throws Exception {
      Duration age = age(olderThan);
      ArtifactStore opened = store.open();
      List<Path> runFolders = new ArrayList<>(runs);
      if (runFolders.isEmpty()) {
        Path local = ArtifactStore.localPath(opened.root());
        if (local == null) {
          throw new InvalidInputException("--runs", null, "is needed for a store that is not a local folder");
        }
        runFolders.add(local.toAbsolutePath().normalize().getParent());
      }
      RunReferences references = RunReferences.of(opened, runFolders);
      for (String note : references.unknown()) {
        System.out.println("keeping every complete entry: " + note);
      }
      StoreInspection inspection = StoreInspection.of(opened);
      StoreCleanup cleanup = StoreCleanup.plan(opened, inspection, references.entries(), age, Instant.now());
      cleanup.removals().forEach((what, removal) -> System.out.printf("%s %s (%s, %s)%n", delete ? "removing" : "would remove", what,
          removal.reason(), Units.bytes(removal.bytes())));
      System.out.printf("%d run folders under %s use this store; %d of %d complete entries are referenced; %s %d items, %s%n",
          references.runs(), runFolders, references.entries() == null ? inspection.intact().size() : countReferenced(inspection, references),
          inspection.intact().size() + inspection.corrupt().size(), delete ? "removed" : "would remove", cleanup.removals().size(),
          Units.bytes(cleanup.bytes()));
      List<Path> leftovers = runLeftovers(runFolders, age);
      for (Path leftover : leftovers) {
        System.out.printf("%s %s (left by an interrupted, failed or replaced run)%n", delete ? "removing" : "would remove", leftover);
      }
      if (delete) {
        cleanup.apply(opened);
        for (Path leftover : leftovers) {
          RunFolderSwap.delete(leftover);
        }
      } else if (!cleanup.removals().isEmpty() || !leftovers.isEmpty()) {
        System.out.println("dry run: nothing was removed; add --delete to remove the above");
      }
      return 0;
    }

    /** Staging folders, old versions and temporary links next to the run folders. */
    private static List<Path> runLeftovers(List<Path> runFolders, Duration age) throws java.io.IOException {
      List<Path> leftovers = new ArrayList<>();
      for (Path folder : runFolders) {
        if (!Files.isDirectory(folder)) {
          continue;
        }
        try (java.util.stream.Stream<Path> list = Files.list(folder)) {
          for (Path run : list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
            leftovers.addAll(RunFolderSwap.leftovers(run, age));
          }
        }
        Path logs = folder.resolve(RunLog.FOLDER);
        if (Files.isDirectory(logs)) {
          Instant before = Instant.now().minus(age);
          try (java.util.stream.Stream<Path> list = Files.list(logs)) {
            for (Path log : list.sorted().toList()) {
              if (!Files.getLastModifiedTime(log).toInstant().isAfter(before)) {
                leftovers.add(log);
              }
            }
          }
        }
      }
      return leftovers;
    }

    private static long countReferenced(StoreInspection inspection, RunReferences references) {
      return inspection.intact().stream().filter(references.entries()::contains).count()
          + inspection.corrupt().keySet().stream().filter(references.entries()::contains).count();
    }

    static Duration age(String text) {
      Matcher m = AGE.matcher(text);
      if (!m.matches()) {
        throw new InvalidInputException("--older-than", null, "'" + text + "' is not an age like 30m, 1h, 7d or 0s");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
  }
}
