package io.edgesweep.pipeline;

import io.edgesweep.InvalidInputException;
import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.StoreErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a sweep writes: the folder of run folders, this run's folder, and the artifact store.
 *
 * <p>A run folder is replaced wholesale by the next run of the same spec, and its older versions
 * are deleted; a store inside a run folder (or a run folder that is the store) would be deleted
 * with it. So the three are checked against each other on the client, before anything is written,
 * and names that the store or edgesweep's own bookkeeping use are refused as run names.
 *
 * @param out the folder that holds run folders (absolute, normalized)
 * @param runFolder {@code <out>/<name>}
 * @param storeRoot the artifact store as given (a local path or a Beam FileSystems URI)
 * @param localStore the store's local folder, or null when it is on another file system
 */
public record OutputLocations(Path out, Path runFolder, String storeRoot, Path localStore) {
  /** The default store's folder name under {@code --out}: a spec may not be named so. */
  public static final String DEFAULT_STORE = "artifacts";

  /**
   * Works out and checks the locations.
   *
   * @param specFile the spec, named in errors about its {@code name}
   * @param name the spec's name, which names the run folder
   * @param out {@code --out}
   * @param artifactRoot {@code --artifact-root}, or null for {@code <out>/artifacts}
   */
  public static OutputLocations of(String specFile, String name, String out, String artifactRoot) {
    if (name.startsWith(".")) {
      throw new InvalidInputException(specFile, "name", "'" + name + "' starts with '.': such names are kept for edgesweep's own files next to the run folders");
    }
    if (name.equalsIgnoreCase(DEFAULT_STORE)) {
      throw new InvalidInputException(specFile, "name", "'" + name + "' is reserved: it is the default artifact store's folder under --out, "
          + "which a run folder of that name would replace; rename the spec");
    }
    Path outFolder = real(Path.of(out));
    if (Files.exists(outFolder) && !Files.isDirectory(outFolder)) {
      throw new InvalidInputException("--out", null, out + " is a file, not a folder; give a folder for the run folders");
    }
    Path runFolder = outFolder.resolve(name);
    String storeRoot = artifactRoot != null ? artifactRoot : outFolder.resolve(DEFAULT_STORE).toString();
    Path localStore = localPath(storeRoot);
    if (localStore != null) {
      localStore = real(localStore);
      if (Files.exists(localStore) && !Files.isDirectory(localStore)) {
        throw new InvalidInputException("--artifact-root", null, storeRoot + " is a file, not a folder");
      }
      String hint = "; keep the artifact store and the run folders apart, e.g. --artifact-root " + outFolder.resolve(DEFAULT_STORE);
      Path runReal = real(runFolder);
      if (localStore.equals(runFolder) || localStore.equals(runReal)) {
        throw new InvalidInputException("--artifact-root", null, storeRoot + " is the run folder of '" + name
            + "', which every run replaces" + hint);
      }
      if (localStore.startsWith(runFolder) || localStore.startsWith(runReal)) {
        throw new InvalidInputException("--artifact-root", null, storeRoot + " is inside the run folder " + runFolder
            + ", which every run replaces" + hint);
      }
      if (outFolder.startsWith(localStore)) {
        throw new InvalidInputException("--artifact-root", null, storeRoot + " holds --out " + outFolder
            + ": run folders would be written inside the store" + hint);
      }
      if (localStore.startsWith(outFolder) && !localStore.equals(outFolder)) {
        String first = outFolder.relativize(localStore).getName(0).toString();
        if (first.startsWith("." + name + ".")) {
          throw new InvalidInputException("--artifact-root", null, storeRoot + " is inside the hidden versions of run folder '" + name
              + "' that edgesweep replaces and deletes" + hint);
        }
      }
    }
    // Workers and later runs (store gc, pick) read the store's path from the plan and run.json:
    // an absolute path means the same folder whatever their working folder.
    return new OutputLocations(outFolder, runFolder, localStore != null ? localStore.toString() : storeRoot, localStore);
  }

  /** Creates {@code --out} when missing and checks that files can be written there, before any job runs. */
  public void checkWritable() {
    try {
      Files.createDirectories(out);
      Path probe = Files.createTempFile(out, ".write-check-", ".tmp");
      Files.delete(probe);
    } catch (IOException | UnsupportedOperationException e) {
      throw new InvalidInputException("--out", null, "cannot write in " + out + " (" + StoreErrors.describe(e) + ")");
    }
  }

  /** The local folder of a store root: a plain path or a file: URI; null for other schemes. */
  static Path localPath(String root) {
    return ArtifactStore.localPath(root);
  }

  /**
   * The absolute path with every symbolic link in its existing part resolved, so that two names of
   * one folder compare equal.
   */
  static Path real(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      return absolute;
    }
  }
}
