package io.edgesweep.compress;

import io.edgesweep.model.ModelArtifact;

/**
 * How an error message names the model it is about, when the model has no file name at hand.
 *
 * <p>A stage receives artifacts, not folders, so the message names the architecture and the start
 * of the parameter hash, which is what the user sees in the manifest and the artifact store.
 */
final class ArtifactNames {
  private ArtifactNames() {}

  static String describe(ModelArtifact model) {
    return "model " + model.architecture().spec() + " (parameters " + model.parametersSha256().substring(0, 12) + ")";
  }
}
