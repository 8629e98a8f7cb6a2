package io.edgesweep.transforms;

import io.edgesweep.model.TrainingSettings;
import java.io.Serializable;

/**
 * What the sweep starts from: a teacher to import from a model folder or to train, and where its
 * outputs go in the store.
 *
 * @param key the teacher's content address in the store (kind {@link StageKinds#TEACHER})
 * @param logitsKey the address of its logits on the train split (kind {@link StageKinds#LOGITS})
 * @param modelFolder a model folder to import, or null to train {@code arch}
 * @param arch the architecture to train when there is no folder
 * @param training the settings to train it with
 */
public record TeacherTask(String key, String logitsKey, String modelFolder, String arch, TrainingSettings training)
    implements Serializable {}
