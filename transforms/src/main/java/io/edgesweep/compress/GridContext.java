package io.edgesweep.compress;

import java.io.Serializable;

/**
 * What a sweep's grid depends on besides its spec: the teacher and the hashes of the data splits.
 *
 * @param teacherKey the teacher's content address
 * @param teacherArch the teacher's architecture, which the student {@code teacher} stands for
 */
public record GridContext(
    String teacherKey, String teacherArch, String trainSha256, String validationSha256, String calibrationSha256)
    implements Serializable {}
