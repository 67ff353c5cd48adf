package dev.listkit.core.train;

import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.Map;

/** Verifies that a checkpoint's parameters match a model's, name by name and shape by shape. */
final class ArchitectureCheck {
    private final Path file;

    ArchitectureCheck(Path file) {
        this.file = file;
    }

    void verify(Map<String, Parameter> model, Map<String, TensorBlob> tensors) throws CheckpointException {
        for (Map.Entry<String, Parameter> e : model.entrySet()) {
            TensorBlob t = tensors.get(Checkpoint.PARAM + e.getKey());
            if (t == null) {
                throw new CheckpointException(file, "parameter '" + e.getKey() + "' (shape "
                        + e.getValue().getArray().getShape() + ") is missing from the checkpoint: another architecture");
            }
            if (!t.djlShape().equals(e.getValue().getArray().getShape())
                    || !t.dataType().equals(e.getValue().getArray().getDataType().name())) {
                throw new CheckpointException(file, "parameter '" + e.getKey() + "': model expects shape "
                        + e.getValue().getArray().getShape() + " " + e.getValue().getArray().getDataType()
                        + ", checkpoint has " + t.djlShape() + " " + t.dataType());
            }
        }
        for (String key : tensors.keySet()) {
            if (key.startsWith(Checkpoint.PARAM) && !model.containsKey(key.substring(Checkpoint.PARAM.length()))) {
                throw new CheckpointException(file, "checkpoint parameter '" + key.substring(Checkpoint.PARAM.length())
                        + "' does not exist in the model: another architecture");
            }
        }
    }
}
