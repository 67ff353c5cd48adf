package dev.listkit.core.onnx.graph;

import dev.listkit.core.ListkitException;

/** An ONNX model could not be read or rewritten: malformed protobuf, or a graph of an unexpected shape. */
public class OnnxGraphException extends ListkitException {
    private static final long serialVersionUID = 1L;

    public OnnxGraphException(String message) {
        super(message);
    }

    public OnnxGraphException(String message, Throwable cause) {
        super(message, cause);
    }
}
